"""What organisers and site builders get from an event: fragments that fit any page, JSON with
its schema, the status shown once, retractions marked, the organiser's order and Markdown, the
event's place and page, and a Word handout on the right paper."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import docx
import jsonschema
import pytest

from readinglist.model import Event, EventEntry, Section
from readinglist.publish import prose
from readinglist.publish.handout import paper_size

from .conftest import PROJECT, Invoke
from .test_publish import elements

EVENT = "ipt-refresher-2024"
SCHEMA = json.loads((PROJECT / "docs" / "event.schema.json").read_text(encoding="utf-8"))

MORE_REFS = """
@article{retracted2020,
  author = {Doe, Jane},
  title = {A Finding That Did Not Hold},
  journal = {Journal of Examples},
  year = {2020},
  volume = {1},
  pages = {1--2},
  doi = {10.1234/example.1},
  retraction = {10.1234/example.retraction},
}
"""

EXTRA_EVENT = """title = "Two Days \\u0001of Practice"
date = 2024-03-14
end_date = 2024-03-15
location = "Room 2, 1 Example Street, London"
url = "https://example.org/events/practice"
description = \"\"\"
Read *one* thing first. <script>alert(1)</script> [unsafe](javascript:alert(1))
and [the programme](https://example.org/programme).

- bring a case
- bring a question
\"\"\"

[[sections]]
title = "As the organiser listed them"
order = "as-listed"
note = "In **reading** order."
references = ["wampold2015", "frank2014", "pearson2021"]

[[sections]]
title = "Style order"
references = [
    "wampold2015", "frank2014", { key = "retracted2020", note = "Kept to\\u000b discuss." }
]
"""


@pytest.fixture
def repo(seed_repo: Path) -> Path:
    with (seed_repo / "refs" / "references.bib").open("a", encoding="utf-8") as f:
        f.write(MORE_REFS)
    (seed_repo / "events" / "practice.toml").write_text(EXTRA_EVENT, encoding="utf-8")
    return seed_repo


def run(cli: Invoke, root: Path, *args: str) -> str:
    result = cli(*args, root=root)
    assert result.exit_code == 0, result.stderr
    return result.stdout


# --- fragments that fit any page -----------------------------------------------------------


def test_heading_level_and_id_prefix_fit_the_fragment_to_its_page(cli: Invoke) -> None:
    fragment = run(
        cli, PROJECT, "render", EVENT, "--format", "html", "--heading-level", "4",
        "--id-prefix", "ipt-",
    )  # fmt: skip
    names = [t for t, _ in elements(fragment)]
    assert names.count("h4") == 2 and "h2" not in names
    ids = [str(a["id"]) for _, a in elements(fragment) if "id" in a]
    assert ids and all(i.startswith("ipt-ref-") for i in ids)
    result = cli("render", EVENT, "--format", "html", "--heading-level", "7", root=PROJECT)
    assert result.exit_code == 2


def test_a_heading_level_html_lacks_is_refused_by_the_writers() -> None:
    # HTML has h1 to h6: the Python API's Options say so when a writer uses the level.
    from readinglist.publish import eventjson, fragment
    from readinglist.publish.listing import Options

    event = Event("e", "E", (Section("S", (EventEntry("k"),)),))
    for level in (0, 7):
        for write in (fragment.sections_html, lambda s, o: eventjson.to_document(event, s, o)):
            with pytest.raises(ValueError, match="heading level must be 1 to 6"):
                write([], Options(heading_level=level))
    assert Options(heading_level=6).level == 6


def test_ids_are_unique_when_a_key_is_listed_twice(cli: Invoke, repo: Path) -> None:
    fragment = run(cli, repo, "render", "practice", "--format", "html")
    ids = [str(a["id"]) for _, a in elements(fragment) if "id" in a]
    assert len(ids) == len(set(ids)) == 6
    assert "ref-wampold2015" in ids and "ref-wampold2015-2" in ids


def test_show_gives_one_entry_as_the_fragment_shows_it(cli: Invoke) -> None:
    entry = run(cli, PROJECT, "show", "pearson2021", "--format", "html", "--id-prefix", "x-")
    [(tag, attributes), *_] = elements(entry)
    assert (tag, attributes["id"], attributes["class"]) == ("div", "x-ref-pearson2021", "csl-entry")
    assert '<a href="https://doi.org/10.1089/aut.2020.0043">' in entry
    assert "style=" in entry
    assert "style=" not in run(cli, PROJECT, "show", "pearson2021", "--format", "html", "--no-css")


def test_json_carries_the_event_and_validates_against_its_schema(cli: Invoke, repo: Path) -> None:
    document = json.loads(run(cli, repo, "render", "practice", "--format", "json"))
    jsonschema.validate(document, SCHEMA, format_checker=jsonschema.FormatChecker())
    event = document["event"]
    assert (event["date"], event["end_date"], event["dates"]) == (
        "2024-03-14",
        "2024-03-15",
        "14–15 March 2024",
    )
    assert event["location"] == "Room 2, 1 Example Street, London"
    assert event["url"] == "https://example.org/events/practice"
    assert "<em>one</em>" in event["description"]["html"]
    assert document["style"] == "apa" and document["locale"] == "en-US"
    first, second = document["sections"]
    assert first["order"] == "as-listed"
    assert [e["key"] for e in first["entries"]] == ["wampold2015", "frank2014", "pearson2021"]
    pearson = first["entries"][2]
    assert pearson["csl"]["DOI"] == "10.1089/aut.2020.0043"
    assert pearson["text"].startswith("Pearson, A., & Rose, K. (2021).")
    retracted = next(e for e in second["entries"] if e["key"] == "retracted2020")
    assert retracted["retraction"] == "10.1234/example.retraction"
    seed = json.loads(run(cli, PROJECT, "render", EVENT, "--format", "json"))
    jsonschema.validate(seed, SCHEMA, format_checker=jsonschema.FormatChecker())
    weissman = next(
        e for s in seed["sections"] for e in s["entries"] if e["key"] == "weissman-inpress"
    )
    assert (weissman["status"], weissman["status_in_text"]) == ("in press", True)


def test_the_schema_refuses_what_the_writer_must_not_write(cli: Invoke) -> None:
    document = json.loads(run(cli, PROJECT, "render", EVENT, "--format", "json"))
    document["sections"][0]["entries"][0]["id"] = "has a space"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, SCHEMA)
    del document["sections"][0]["entries"][0]["id"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, SCHEMA)


def test_the_documented_example_follows_the_schema_and_the_seed_event(cli: Invoke) -> None:
    example = json.loads((PROJECT / "docs" / "examples" / f"{EVENT}.json").read_text())
    jsonschema.validate(example, SCHEMA, format_checker=jsonschema.FormatChecker())
    written = json.loads(run(cli, PROJECT, "render", EVENT, "--format", "json"))

    def outline(document: dict[str, object]) -> object:
        sections = document["sections"]
        assert isinstance(sections, list)
        return [(s["title"], [(e["key"], e["id"]) for e in s["entries"]]) for s in sections]

    # Entries' wording follows the renderer; the example must keep the event's shape.
    assert outline(example) == outline(written), (
        f"refresh it: readinglist render {EVENT} --format json -o docs/examples/{EVENT}.json"
    )


# --- status and retraction -----------------------------------------------------------------


def test_status_is_shown_once_by_the_style_or_by_a_badge(cli: Invoke) -> None:
    apa = run(cli, PROJECT, "render", EVENT, "--format", "html")
    assert apa.count("(in press)") == 3 and "readinglist-status" not in apa
    # Harvard (Cite Them Right) prints "(no date)" for these works, so the badge says it.
    harvard = run(
        cli, PROJECT, "render", EVENT, "--format", "html", "--style", "harvard-cite-them-right"
    )
    assert "in press" not in harvard.replace('data-status="in press"', "").lower().replace(
        ">in press<", ""
    )
    assert harvard.count('<span class="readinglist-status"') == 3
    assert harvard.count(">In press</span>") == 3
    text = run(cli, PROJECT, "render", EVENT, "--style", "harvard-cite-them-right")
    assert text.count("[In press]") == 3
    assert "[In press]" not in run(cli, PROJECT, "render", EVENT)


def test_a_retracted_work_is_marked_with_its_notice_everywhere(
    cli: Invoke, repo: Path, tmp_path: Path
) -> None:
    notice = "https://doi.org/10.1234/example.retraction"
    fragment = run(cli, repo, "render", "practice", "--format", "html")
    [entry] = [a for t, a in elements(fragment) if a.get("data-retracted") == "true"]
    assert entry["id"] == "ref-retracted2020"
    assert f'Retracted: see the notice, <a href="{notice}">' in fragment
    page = run(cli, repo, "render", "practice", "--format", "page")
    assert f'<a href="{notice}">' in page
    assert f"RETRACTED: see the notice, {notice}" in run(cli, repo, "render", "practice")
    run(cli, repo, "render", "practice", "-o", str(tmp_path / "h.docx"))
    handout = docx.Document(str(tmp_path / "h.docx"))
    assert any(p.text.startswith("Retracted: see the notice") for p in handout.paragraphs)
    assert notice in hyperlinks(tmp_path / "h.docx")


# --- the organiser's choices ---------------------------------------------------------------


def test_markdown_in_descriptions_and_notes_is_rendered_safely(cli: Invoke, repo: Path) -> None:
    page = run(cli, repo, "render", "practice", "--format", "page")
    assert "<p>Read <em>one</em> thing first. &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<a href="https://example.org/programme">the programme</a>' in page
    assert "<li>bring a case</li>" in page
    assert 'href="javascript' not in page and "<script>" not in page
    assert "In <strong>reading</strong> order." in page
    text = run(cli, repo, "render", "practice")
    assert (
        "Read one thing first." in text and "the programme (https://example.org/programme)" in text
    )
    markdown = run(cli, repo, "render", "practice", "--format", "markdown")
    assert "Read *one* thing first. \\<script\\>" in markdown
    assert "[the programme](https://example.org/programme)" in markdown


def test_the_events_place_page_and_last_day_are_shown(
    cli: Invoke, repo: Path, tmp_path: Path
) -> None:
    page = run(cli, repo, "render", "practice", "--format", "page")
    assert "14–15 March 2024" in page and "Room 2, 1 Example Street, London" in page
    assert '<a href="https://example.org/events/practice">' in page
    for fmt in ("text", "markdown"):
        out = run(cli, repo, "render", "practice", "--format", fmt)
        assert "14–15 March 2024" in out and "Room 2, 1 Example Street, London" in out
        assert "https://example.org/events/practice" in out
    run(cli, repo, "render", "practice", "-o", str(tmp_path / "h.docx"))
    paragraphs = [p.text for p in docx.Document(str(tmp_path / "h.docx")).paragraphs]
    assert "Room 2, 1 Example Street, London" in paragraphs
    assert any("14–15 March 2024" in p for p in paragraphs)


def test_dates_of_several_days_read_naturally() -> None:
    import datetime as dt

    from readinglist.publish.listing import date_range

    def event(start: dt.date, end: dt.date | None) -> Event:
        return Event("e", "E", (Section("S", (EventEntry("k"),)),), date=start, end_date=end)

    day = dt.date(2024, 1, 30)
    assert date_range(event(day, None)) == "30 January 2024"
    assert date_range(event(day, dt.date(2024, 2, 2))) == "30 January – 2 February 2024"
    assert date_range(event(day, dt.date(2025, 1, 2))) == "30 January 2024 – 2 January 2025"


# --- the Word handout ----------------------------------------------------------------------


def hyperlinks(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        rels = z.read("word/_rels/document.xml.rels").decode()
    import re

    return re.findall(r'Target="([^"]+)" TargetMode="External"', rels)


@pytest.mark.parametrize(
    ("locale", "paper"),
    [("en-US", "letter"), ("en-CA", "letter"), ("fr-CA", "letter"), ("en-GB", "a4"),
     ("de-DE", "a4"), ("en-AU", "a4"), ("es-MX", "letter")],
)  # fmt: skip
def test_paper_follows_the_locales_region(locale: str, paper: str) -> None:
    width, height = paper_size(locale)
    assert (round(width.mm), round(height.mm)) == ((216, 279) if paper == "letter" else (210, 297))


def test_handout_paper_links_and_hostile_text(cli: Invoke, repo: Path, tmp_path: Path) -> None:
    long_title = "A " + "very " * 80 + "long title"
    toml = (repo / "events" / "practice.toml").read_text()
    (repo / "events" / "practice.toml").write_text(
        toml.replace('title = "Two Days \\u0001of Practice"', f'title = "{long_title}"')
    )
    out = tmp_path / "h.docx"
    run(cli, repo, "render", "practice", "--locale", "en-GB", "-o", str(out))
    document = docx.Document(str(out))
    section = document.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert len(document.core_properties.title) == 255
    assert document.paragraphs[0].text == long_title
    links = hyperlinks(out)
    assert "https://doi.org/10.1089/aut.2020.0043" in links
    assert "https://example.org/events/practice" in links
    assert "Kept to discuss." in [p.text for p in document.paragraphs]
    run(cli, PROJECT, "render", EVENT, "-o", str(out))
    letter = docx.Document(str(out)).sections[0].page_width
    assert letter is not None and round(letter.mm) == 216


def test_control_characters_never_reach_the_outputs(
    cli: Invoke, repo: Path, tmp_path: Path
) -> None:
    assert cli("build", str(tmp_path / "site"), root=repo).exit_code == 0
    for path in (tmp_path / "site" / "practice").iterdir():
        data = path.read_bytes()
        if path.suffix == ".docx":
            data = b"".join(
                zipfile.ZipFile(io.BytesIO(data)).read(n) for n in ("word/document.xml",)
            )
        assert b"\x01" not in data and b"\x0b" not in data, path.name


def test_prose_keeps_only_safe_links_and_no_raw_html() -> None:
    source = (
        "[a](https://x.org) [b](mailto:a@x.org) [c](#ref-k) [d](javascript:x) [e](data:x)"
        "\n\n<b>x</b>"
    )
    rendered = prose.to_html(source)
    assert rendered.count("<a ") == 3 and "javascript" not in rendered.split("[d]")[0]
    assert "<b>" not in rendered and "&lt;b&gt;" in rendered
    assert 'href="javascript' not in rendered and 'href="data' not in rendered


def test_the_handout_sets_a_flipped_title_word_back_to_roman() -> None:
    """A species name in an italic book title is set in roman (APA 7, 6.22; the renderer
    writes it ``font-style:normal`` inside the italics, as citeproc-js does): the Word
    handout's runs follow it, italics inside it italic again."""
    from readinglist.publish.handout import _add_rich_text

    paragraph = docx.Document().add_paragraph()
    _add_rich_text(
        paragraph,
        '<i>Genetics of <span style="font-style:normal;">Drosophila <i>x</i></span> today</i>',
    )
    runs = [(run.text, bool(run.italic)) for run in paragraph.runs]
    assert runs == [
        ("Genetics of ", True),
        ("Drosophila ", False),
        ("x", True),
        (" today", True),
    ]
