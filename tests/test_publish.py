"""Publishing: the HTML fragment, the event page, the Word handout, exports and the site."""

from __future__ import annotations

import html.parser
import io
import json
import shutil
import subprocess
import urllib.parse
from pathlib import Path

import docx
import pytest

from readinglist.csl import from_bibtex, ris
from readinglist.events import load_event
from readinglist.library import Library
from readinglist.model import Reference
from readinglist.publish import export, fragment

from .conftest import PROJECT, Invoke

EVENT = "ipt-refresher-2024"


class Elements(html.parser.HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def elements(markup: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Elements()
    parser.feed(markup)
    return parser.tags


def render(cli: Invoke, root: Path, *args: str) -> str:
    result = cli("render", EVENT, *args, root=root)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_fragment_has_anchors_links_coins_status_and_hanging_indent(cli: Invoke) -> None:
    fragment = render(cli, PROJECT, "--format", "html")
    tags = elements(fragment)
    assert tags[0] == ("section", {"class": "readinglist", "lang": "en"})
    ids = [str(a["id"]) for t, a in tags if t == "div" and a.get("class") == "csl-entry"]
    assert sorted(ids) == sorted(
        f"ref-{k}" for k in load_event(PROJECT / "events" / f"{EVENT}.toml").keys
    )
    links = [a["href"] for t, a in tags if t == "a"]
    assert "https://doi.org/10.1089/aut.2020.0043" in links
    assert all(str(href).startswith(("https://", "#ref-")) for href in links)
    assert [t for t, _ in tags].count("h2") == 2
    entries = [a for t, a in tags if t == "div" and a.get("class") == "csl-entry"]
    assert all("text-indent:-2em" in str(a["style"]) for a in entries)
    assert sum(a.get("data-status") == "in press" for a in entries) == 3
    assert "(in press)" in fragment  # APA states the status itself: no badge beside it
    assert fragment.count('<span class="readinglist-status"') == 0
    coins = [a["title"] for t, a in tags if t == "span" and a.get("class") == "Z3988"]
    assert len(coins) == len(entries)
    pearson = dict(urllib.parse.parse_qsl(next(c for c in coins if "aut.2020.0043" in str(c))))
    assert pearson["rft.genre"] == "article"
    assert pearson["rft.jtitle"] == "Autism in Adulthood"
    assert pearson["rft_id"] == "info:doi/10.1089/aut.2020.0043"
    assert pearson["rft.spage"] == "52"


def test_no_css_leaves_styling_to_the_site(cli: Invoke) -> None:
    fragment = render(cli, PROJECT, "--format", "html", "--no-css")
    assert "style=" not in fragment


def test_only_http_links_survive(tmp_path: Path, cli: Invoke) -> None:
    (tmp_path / "refs").mkdir()
    (tmp_path / "events").mkdir()
    (tmp_path / "refs" / "a.bib").write_text(
        "@online{js, title={Evil}, url={javascript:alert(1)}, year={2020}}\n"
        "@online{data, title={Data}, url={data:text/html,<script>alert(1)</script>}, year={2020}}\n"
        "@online{ok, title={Fine}, url={https://example.org/a?b=1&c=2}, year={2020}}\n"
        "@online{ftp, title={Paper}, url={ftp://ftp.example.org/paper.pdf}, year={2020}}\n"
    )
    (tmp_path / "events" / "e.toml").write_text(
        'title = "E"\n[[sections]]\ntitle = "S"\nreferences = ["js", "data", "ok", "ftp"]\n'
    )
    result = cli("render", "e", "--format", "html", root=tmp_path)
    assert "javascript:" not in result.stdout and "data:text" not in result.stdout
    assert '<a href="https://example.org/a?b=1&amp;c=2">' in result.stdout
    # An FTP address is printed as text, not linked (browsers no longer open ftp:)
    assert "ftp://ftp.example.org/paper.pdf" in result.stdout
    assert 'href="ftp:' not in result.stdout


def test_event_page_is_a_whole_document(cli: Invoke) -> None:
    page = render(cli, PROJECT, "--format", "page")
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    tags = elements(page)
    names = [t for t, _ in tags]
    assert names.count("h1") == 1 and "main" in names and "style" in names
    assert "script" not in names
    assert "<title>Interpersonal Therapy for Depression Refresher Day</title>" in page
    assert "15 January 2024 · Dr Roslyn Law · 5.5 CPD hours" in page
    assert "prefers-color-scheme: dark" in page and "@media print" in page
    assert "For practitioners who have completed IPT practitioner accreditation.</p>" in page


def test_word_handout_keeps_headings_italics_and_hanging_indents(
    cli: Invoke, tmp_path: Path
) -> None:
    out = tmp_path / "handout.docx"
    assert cli("render", EVENT, "-o", str(out), root=PROJECT).exit_code == 0
    document = docx.Document(str(out))
    styled = [(p.style.name if p.style else "", p.text) for p in document.paragraphs]
    headings = [(style, text) for style, text in styled if style.startswith(("Heading", "Title"))]
    assert headings == [
        ("Title", "Interpersonal Therapy for Depression Refresher Day"),
        ("Heading 1", "Key references"),
        ("Heading 1", "Also referred to"),
    ]
    entry = next(p for p in document.paragraphs if p.text.startswith("Pearson, A."))
    assert [r.text for r in entry.runs if r.italic] == ["Autism in Adulthood", "3"]
    assert entry.paragraph_format.first_line_indent < 0 < entry.paragraph_format.left_indent
    assert cli("render", EVENT, "--format", "docx", root=PROJECT).exit_code == 1


def test_csljson_export_is_well_formed(cli: Invoke) -> None:
    data = json.loads(cli("export", EVENT, "--to", "csljson", root=PROJECT).stdout)
    assert len(data) == 9
    assert export.check_csljson(data) == []
    assert export.check_csljson([{"id": "x", "type": "novel", "autor": "y"}]) == [
        "item 'x': unknown type 'novel'",
        "item 'x': unknown variable 'autor'",
    ]


def test_an_item_without_a_type_is_exported_with_the_schemas_fallback_type() -> None:
    """A @misc has no CSL type (it renders by a style's generic branch); the CSL schema
    requires one, so CSL-JSON written for other programs says "document"."""
    for key in ("m", "w"):
        assert from_bibtex.to_csl(Reference(key, "misc" if key == "m" else "webinar"))["type"] == ""
    items = [from_bibtex.to_csl(Reference("m", "misc", (("title", "T"),)))]
    data = json.loads(export.to_csljson(items))
    assert data[0]["type"] == "document"
    assert export.check_csljson(data) == []
    assert items[0]["type"] == ""  # the item itself is left alone
    assert "rft.type=document" in fragment.coins(items[0])


def test_ris_export_round_trips_through_our_import(cli: Invoke) -> None:
    text = cli("export", EVENT, "--to", "ris", root=PROJECT).stdout
    result = ris.parse(text)
    assert not result.problems
    library = Library.load([PROJECT / "refs"])
    original = {i["id"]: i for i in library.to_csl()}
    assert len(result.items) == len(original)
    for item in result.items:
        mine = original[item["id"]]
        for name in ("title", "DOI", "volume", "issue", "page", "publisher"):
            if mine.get(name):
                assert item.get(name) == mine[name].replace('<span class="nocase">', "").replace(
                    "</span>", ""
                ), (item["id"], name)
        theirs_names = item.get("author") or item.get("editor") or []
        mine_names = mine.get("author") or mine.get("editor") or []
        assert len(theirs_names) == len(mine_names)


@pytest.mark.skipif(shutil.which("biber") is None, reason="biber is not installed")
def test_bibtex_export_passes_bibers_data_model(cli: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "export.bib"
    cli("export", EVENT, "--to", "bibtex", "-o", str(path), root=PROJECT)
    run = subprocess.run(
        [
            "biber",
            "--tool",
            "--validate-datamodel",
            f"--output-file={tmp_path / 'out.bib'}",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    complaints = [line for line in run.stdout.splitlines() if line.startswith(("WARN", "ERROR"))]
    # Works in press have no date yet; biblatex's data model wants one. Nothing else.
    assert all("one of 'date, year' must be defined" in line for line in complaints), complaints
    assert {line.split("'")[1] for line in complaints} <= {
        "weissman-inpress",
        "pavlopoulou-inpress",
        "law-rose-inpress",
    }
    text = path.read_text()
    assert "@collection{weissman-inpress," in text and "crossref" not in text


def test_build_is_deterministic_and_complete(cli: Invoke, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    out = cli("build", str(first), "--today", "2024-01-01", root=PROJECT)
    assert out.exit_code == 0, out.stderr
    cli("build", str(second), "--today", "2024-01-01", root=PROJECT)
    files = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert files == [
        "index.html",
        f"{EVENT}/event.json",
        f"{EVENT}/fragment.html",
        f"{EVENT}/index.html",
        f"{EVENT}/{EVENT}.bib",
        f"{EVENT}/{EVENT}.docx",
        f"{EVENT}/{EVENT}.json",
        f"{EVENT}/{EVENT}.md",
        f"{EVENT}/{EVENT}.ris",
    ]
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    index = (first / "index.html").read_text()
    assert (
        index.index("Upcoming events")
        < index.index(f'href="{EVENT}/index.html"')
        < index.index("Past events")
    )
    later = tmp_path / "c"
    cli("build", str(later), "--today", "2025-01-01", root=PROJECT)
    index = (later / "index.html").read_text()
    assert index.index("Past events") < index.index(f'href="{EVENT}/index.html"')
    page = (first / EVENT / "index.html").read_text()
    links = [a["href"] for t, a in elements(page) if t == "a"]
    for name in (f"{EVENT}.bib", f"{EVENT}.ris", f"{EVENT}.json", f"{EVENT}.docx", "fragment.html"):
        assert name in links and (first / EVENT / name).is_file()


def test_word_handout_keeps_the_texts_emphasis_and_raised_citations(
    cli: Invoke, tmp_path: Path
) -> None:
    """The event's own texts keep their Markdown emphasis in Word, and a superscript style's
    citation numbers stay raised ("Klerman et al.⁵"); they were plain text ("et al.5")."""
    out = tmp_path / "handout.docx"
    args = ["render", EVENT, "--style", "american-medical-association", "-o", str(out)]
    assert cli(*args, root=PROJECT).exit_code == 0
    document = docx.Document(str(out))
    description = next(p for p in document.paragraphs if p.text.startswith("It is 40 years"))
    runs = description.runs
    after = next(n for n, r in enumerate(runs) if r.text.endswith("Klerman et al.")) + 1
    assert runs[after].text.isdigit() and runs[after].font.superscript
    assert "IPT: A Global Reach" in [r.text for r in runs if r.italic]


def test_word_runs_keep_superscripts_and_subscripts() -> None:
    """Word keeps super- and subscript in one run property: a superscript ("1<sup>re</sup>",
    a French ordinal in an entry) was cleared by the subscript set after it."""
    from readinglist.publish.handout import _add_rich_text

    paragraph = docx.Document().add_paragraph()
    _add_rich_text(paragraph, "1<sup>re</sup> éd., H<sub>2</sub>O")
    marks = [(r.text, bool(r.font.superscript), bool(r.font.subscript)) for r in paragraph.runs]
    assert marks == [
        ("1", False, False),
        ("re", True, False),
        (" éd., H", False, False),
        ("2", False, True),
        ("O", False, False),
    ]


def test_docx_is_a_valid_zip_with_fixed_dates(cli: Invoke, tmp_path: Path) -> None:
    import zipfile

    out = tmp_path / "h.docx"
    cli("render", EVENT, "-o", str(out), root=PROJECT)
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as archive:
        assert archive.testzip() is None
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_the_python_api_renders_the_citations_of_the_events_text() -> None:
    """render_event, like the render command, renders the pandoc-style citations of the
    description through the style instead of printing them as typed."""
    from readinglist.events import load_event
    from readinglist.library import Library
    from readinglist.publish.listing import render_event

    library = Library.load([PROJECT / "refs"])
    event = load_event(PROJECT / "events" / "ipt-refresher-2024.toml")
    text = render_event(event, library, fmt="text")
    assert "@klerman1984" not in text and "[@" not in text
    assert "Klerman et al. (1984)" in text
