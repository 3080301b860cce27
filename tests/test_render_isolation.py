"""One bad entry never sinks a list: the others are rendered, the bad one is named.

The entries that fail here are made to fail by a style that, for books only, goes through a
chain of macros deeper than Python's recursion limit: a fault of those entries alone.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from readinglist.errors import StyleError
from readinglist.render import engine, layout
from tests.conftest import Invoke
from tests.test_display_and_dates import fixture, normalise

DEPTH = 400
CHAIN = "".join(f'<macro name="m{i}"><text macro="m{i + 1}"/></macro>' for i in range(DEPTH))
LOOPING = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Loops on books</title><id>looping</id>
    <updated>2024-01-01T00:00:00+00:00</updated></info>
  CHAIN<macro name="mDEPTH"><text variable="title"/></macro>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout>
    <choose><if type="book"><text macro="m0"/></if>
      <else><text variable="title"/></else></choose>
  </layout></bibliography>
</style>
""".replace("CHAIN", CHAIN).replace("DEPTH", str(DEPTH))


def test_an_entry_that_cannot_be_rendered_is_reported_and_the_rest_render(tmp_path: Path) -> None:
    style = tmp_path / "looping.csl"
    style.write_text(LOOPING)
    items = [
        {"id": "Book", "type": "book", "title": "A book"},
        {"id": "Paper", "type": "article-journal", "title": "A paper"},
    ]
    out = {r.key: r for r in engine.render_bibliography(items, str(style), cache=False)}
    assert out["Paper"].text == "A paper" and not out["Paper"].error
    assert out["Book"].text == "" and out["Book"].error.startswith("RecursionError")


# Books draw as everything else does, but their sort key goes through the chain of macros.
LOOPING_KEY = (
    LOOPING.replace("<title>Loops on books</title>", "<title>Loops on books' keys</title>")
    .replace(
        '<if type="book"><text macro="m0"/></if>', '<if type="book"><text variable="title"/></if>'
    )
    .replace(
        "<citation>",
        '<macro name="key"><choose><if type="book"><text macro="m0"/></if>'
        '<else><text variable="title"/></else></choose></macro><citation>',
    )
    .replace("<bibliography>", '<bibliography><sort><key macro="key"/></sort>')
)


def test_an_entry_whose_sort_key_cannot_be_rendered_is_reported_and_the_rest_render(
    tmp_path: Path,
) -> None:
    # A list of one needs no sorting, so the book renders alone and the list fails only when
    # sorted: each entry is tried alone with every sort key rendered.
    style = tmp_path / "looping-key.csl"
    style.write_text(LOOPING_KEY)
    items = [
        {"id": "Paper", "type": "article-journal", "title": "B paper"},
        {"id": "Book", "type": "book", "title": "A book"},
        {"id": "Other", "type": "article-journal", "title": "A paper"},
    ]
    out = engine.render_bibliography(items, str(style), cache=False)
    assert [(r.key, r.text) for r in out if not r.error] == [
        ("Other", "A paper"),
        ("Paper", "B paper"),
    ]
    assert [(r.key, r.error.split(":")[0]) for r in out if r.error] == [("Book", "RecursionError")]


def test_render_names_the_bad_entry_by_file_line_and_key_and_exits_1(
    cli: Invoke, seed_repo: Path
) -> None:
    (seed_repo / "styles" / "looping.csl").write_text(LOOPING)
    result = cli("render", "ipt-refresher-2024", "--style", "looping", root=seed_repo)
    assert result.exit_code == 1
    assert "How important are the common factors in psychotherapy?" in result.stdout
    problems = result.stderr.strip().splitlines()
    assert problems, result.stderr
    for line in problems:
        assert re.search(
            r"refs/[\w.-]+\.bib:\d+: [\w-]+: cannot be rendered in looping: RecursionError", line
        ), line
    assert any(": weissman-inpress: " in line for line in problems)
    assert "Traceback" not in result.stderr


def test_build_names_the_bad_entry_writes_the_rest_and_exits_1(
    cli: Invoke, seed_repo: Path, tmp_path: Path
) -> None:
    (seed_repo / "styles" / "looping.csl").write_text(LOOPING)
    site = tmp_path / "site"
    result = cli("build", str(site), "--style", "looping", root=seed_repo)
    assert result.exit_code == 1
    page = (site / "ipt-refresher-2024" / "index.html").read_text(encoding="utf-8")
    assert "How important are the common factors in psychotherapy?" in page
    problems = [line for line in result.stderr.splitlines() if "cannot be rendered" in line]
    assert any(": weissman-inpress: cannot be rendered in looping: " in p for p in problems)
    assert len(problems) == len(set(problems)), "each entry is named once"
    assert "Traceback" not in result.stderr


LOOPING_CITES = LOOPING.replace(
    '<citation><layout><text variable="title"/></layout></citation>',
    '<citation><layout><choose><if type="article-journal"><text macro="m0"/></if>'
    '<else><text variable="title"/></else></choose></layout></citation>',
).replace('<if type="book">', '<if type="no-such-type">')


def test_a_citation_that_cannot_be_rendered_is_named_and_printed_as_written(
    cli: Invoke, seed_repo: Path, tmp_path: Path
) -> None:
    # The event's text cites articles ([@frank2014], [@wampold2015]) and books: a citation
    # the style cannot render stays as the organiser wrote it, the others are rendered, the
    # list is whole, and the command names each one and exits 1.
    (seed_repo / "styles" / "looping-cites.csl").write_text(LOOPING_CITES)
    result = cli("render", "ipt-refresher-2024", "--style", "looping-cites", root=seed_repo)
    assert result.exit_code == 1
    assert "[@frank2014]" in result.stdout and "[@wampold2015]" in result.stdout
    assert "[@klerman1984]" not in result.stdout and "@klerman1984" not in result.stdout
    assert "How important are the common factors in psychotherapy?" in result.stdout
    problems = sorted(result.stderr.strip().splitlines())
    assert len(problems) == 2, result.stderr
    for key, line in zip(("frank2014", "wampold2015"), problems, strict=True):
        assert re.search(
            rf"events/ipt-refresher-2024\.toml: citation \[@{key}\] cannot be rendered in "
            r"looping-cites: RecursionError.*; it is printed as written$",
            line,
        ), line
    site = tmp_path / "site"
    built = cli("build", str(site), "--style", "looping-cites", root=seed_repo)
    assert built.exit_code == 1 and "Traceback" not in built.stderr
    assert "citation [@frank2014] cannot be rendered" in built.stderr
    assert "[@frank2014]" in (site / "ipt-refresher-2024" / "index.html").read_text("utf-8")


SILENT = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Silent on books</title><id>silent</id>
    <updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout>CITED</layout></citation>
  <bibliography><layout>
    <choose><if type="book" match="none">NUMBER<text variable="title"/></if></choose>
  </layout></bibliography>
</style>
"""


def silent(numeric: bool) -> str:
    number = '<text variable="citation-number" suffix=". "/>'
    cited = '<text variable="citation-number"/>' if numeric else '<text variable="title"/>'
    return SILENT.replace("CITED", cited).replace("NUMBER", number if numeric else "")


def test_an_entry_the_style_prints_nothing_for_is_named_not_lost(tmp_path: Path) -> None:
    """An entry with no printed form (CSL 1.0.2 leaves it open) is left out of the laid-out
    bibliography as citeproc-js leaves it, or in a numeric style keeps its number with
    citeproc-js's placeholder; either way it is returned with the reason, for the caller to
    name."""
    items = [
        {"id": "Paper", "type": "article-journal", "title": "A paper"},
        {"id": "Book", "type": "book", "title": "A book"},
        {"id": "Report", "type": "report", "title": "A report"},
    ]
    for numeric, laid_out in (
        (False, ["A paper", "A report"]),
        (
            True,
            ["1. A paper", "2. [CSL STYLE ERROR: reference with no printed form.]", "3. A report"],
        ),
    ):
        style = tmp_path / f"silent-{numeric}.csl"
        style.write_text(silent(numeric))
        out = engine.render_bibliography(items, str(style), cache=False)
        assert [r.key for r in out] == ["Paper", "Book", "Report"]
        assert [r.key for r in out if r.error] == ["Book"]
        assert "prints nothing for this book" in out[1].error
        page = layout.bibliography_html(out)
        assert re.findall(r'<div class="csl-entry">(.*?)</div>', page) == laid_out


def test_format_render_and_build_name_an_entry_with_no_printed_form_and_exit_1(
    cli: Invoke, seed_repo: Path, tmp_path: Path
) -> None:
    (seed_repo / "styles" / "silent.csl").write_text(silent(False))
    result = cli("render", "ipt-refresher-2024", "--style", "silent", root=seed_repo)
    assert result.exit_code == 1
    assert "How important are the common factors in psychotherapy?" in result.stdout
    assert re.search(
        r"refs/[\w.-]+\.bib:\d+: weissman-inpress: cannot be rendered in silent: "
        r"the style prints nothing for this book",
        result.stderr,
    ), result.stderr
    site = tmp_path / "site"
    result = cli("build", str(site), "--style", "silent", root=seed_repo)
    assert result.exit_code == 1
    assert ": weissman-inpress: cannot be rendered in silent: " in result.stderr
    bib = next((seed_repo / "refs").glob("*.bib"))
    result = cli("format", str(bib), "--style", "silent", root=seed_repo)
    assert result.exit_code == 1
    assert "prints nothing for this book" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "name", ["sort_OmittedBibRefNonNumericStyle", "sort_OmittedBibRefMixedNumericStyle"]
)
def test_entries_with_no_printed_form_are_laid_out_as_citeproc_js_does(
    tmp_path: Path, name: str
) -> None:
    """The CSL test suite's fixtures (tests/data/csl-suite, citeproc-js's answers): the entry
    is left out, or keeps its number in a numeric style."""
    parts = fixture(name)
    csl = tmp_path / f"{name}.csl"
    csl.write_text(parts["CSL"], encoding="utf-8")
    rendered = engine.render_bibliography(json.loads(parts["INPUT"]), str(csl), cache=False)
    assert normalise(layout.bibliography_html(rendered)) == normalise(parts["RESULT"])
    assert [r.key for r in rendered if r.error] == ["ITEM-2"]


# Entries of many types and shapes: particles, a CJK name, an institution, an unknown
# author, rich text, page and date ranges, an in-press and a literal date, numbers that are
# not numbers.
EVERY_KIND: list[dict[str, Any]] = [
    {
        "id": "book",
        "type": "book",
        "title": "Interpersonal <i>psychotherapy</i>",
        "author": [
            {"family": "Weissman", "given": "Myrna M."},
            {"family": "Dijk", "non-dropping-particle": "van", "given": "Jo"},
        ],
        "edition": "2",
        "publisher": "Basic Books",
        "publisher-place": "New York",
        "issued": {"date-parts": [[2000]]},
        "ISBN": "978-0-465-09566-7",
    },
    {
        "id": "article",
        "type": "article-journal",
        "title": "How important are the common factors?",
        "author": [{"family": "Wampold", "given": "Bruce E."}],
        "container-title": "World Psychiatry",
        "volume": "14",
        "issue": "3",
        "page": "270-277",
        "DOI": "10.1002/wps.20238",
        "issued": {"date-parts": [[2015, 10]]},
    },
    {
        "id": "chapter",
        "type": "chapter",
        "title": "When helping professionals hurt",
        "author": [{"family": "Law", "given": "Roslyn"}],
        "editor": [{"family": "Crane", "given": "L."}],
        "container-title": "Improving access",
        "publisher": "Routledge",
        "status": "in press",
    },
    {
        "id": "thesis",
        "type": "thesis",
        "title": "Compiling",
        "genre": "PhD thesis",
        "author": [{"family": "Speelpenning", "given": "Bert"}],
        "publisher": "University of Illinois",
        "issued": {"date-parts": [[1980], [1981]]},
    },
    {
        "id": "report",
        "type": "report",
        "title": "Depression",
        "number": "CG90",
        "author": [{"literal": "National Institute for Health and Care Excellence"}],
        "issued": {"literal": "Spring 2009"},
    },
    {
        "id": "webpage",
        "type": "webpage",
        "title": "Ronald Fisher",
        "URL": "https://example.org/a?b=1",
        "container-title": "Wikiquote",
        "accessed": {"date-parts": [[2019, 2, 29]]},
    },
    {
        "id": "paper",
        "type": "paper-conference",
        "title": "Optuna",
        "author": [{"family": "秋葉", "given": "拓哉"}],
        "event": "KDD",
        "page": "2623–2631",
        "container-title": "Proceedings",
        "volume": "1 & 2",
        "issued": {"date-parts": [[2019, 7, 4]]},
    },
    {"id": "nothing", "type": "manuscript"},
]


UQAM = "universite-du-quebec-a-montreal-departement-dhistoire"


def test_no_bundled_style_loses_an_entry_to_a_fault() -> None:
    """Every 5th independent bundled style (benchmarks/all_styles.py runs them all on the
    corpus) renders entries of every kind above: none is lost to an error of the renderer.
    A layout with a field after its last display block (mexicon) and a cs:name-part with a
    text-case and an affix (UQAM) each lost every entry of their styles."""
    from readinglist.render.style_catalogue import bundled_index
    from readinglist.render.styles import bundled_styles_folder

    folder = bundled_styles_folder()
    independent = sorted(
        folder / f"{name}.csl" for name, *_, parent in bundled_index() if not parent
    )
    sample = [*independent[::5], folder / "mexicon.csl", folder / f"{UQAM}.csl"]
    lost: dict[str, list[tuple[str, str]]] = {}
    for path in sample:
        try:
            rendered = engine.render_bibliography(EVERY_KIND, str(path), cache=False)
        except StyleError as exc:  # a note style without a bibliography is refused
            if "no bibliography" not in str(exc):
                lost[path.stem] = [("(the style)", str(exc))]
            continue
        faults = [
            (r.key, r.error) for r in rendered if r.error and "no printed form" not in r.error
        ]
        if faults:
            lost[path.stem] = faults
    assert len(sample) > 500
    assert lost == {}
