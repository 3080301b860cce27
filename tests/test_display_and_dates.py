"""CSL 1.0.2 "Display" and dates, checked against citeproc-js's answers in the CSL test suite.

The fixtures in tests/data/csl-suite/ are the suite's own (see its README); their RESULT is
what citeproc-js, the processor the suite was written for, prints.
"""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist.render import engine, layout

DATA = Path(__file__).parent / "data" / "csl-suite"
PROJECT = Path(__file__).resolve().parents[1]
_SECTION = re.compile(r">>=+ ([A-Z-]+) =+>>\n(.*?)\n<<=+ \1 =+<<", re.S)


def fixture(name: str) -> dict[str, str]:
    return dict(_SECTION.findall((DATA / f"{name}.txt").read_text(encoding="utf-8")))


def normalise(markup: str) -> str:
    markup = re.sub(r">\s+<", "><", markup.strip())
    return html.unescape(re.sub(r"\s+", " ", markup)).replace("\u00a0", " ")


@pytest.mark.parametrize(
    "name",
    [
        "magic_SecondFieldAlign",
        "bugreports_AsmJournals",
        "sort_DateMacroSortWithSecondFieldAlign",
        "date_RangeDelimiter",
        "magic_SubsequentAuthorSubstitute",
        "magic_SubsequentAuthorSubstituteOfTitleField",
        "name_SubstitutePartialEach",
        "etal_UseZeroFirst",
        "nameattr_EtAlUseFirstOnCitationInBibliography",
        "display_SecondFieldAlignMigratePunctuation",
        "bugreports_DuplicateSpaces",
        "disambiguate_ImplicitYearSuffixOnceOnly",
        "bugreports_MatchedAuthorAndDate",
        "display_DisplayBlock",
        "variables_ContainerTitleShort",
        "bugreports_ByBy",
        "sort_SeparateAuthorsAndOthers",
        "sort_DropNameLabelInSort",
        "bugreports_NoCaseEscape",
        "number_LimitOrdinalsToDayOne",
    ],
)
def test_bibliography_fixtures_render_as_citeproc_js_does(tmp_path: Path, name: str) -> None:
    """CSL 1.0.2 "Display" (left-margin, right-inline), `second-field-align`, date ranges,
    `subsequent-author-substitute`, et-al-min with et-al-use-first (none of them, or "0"),
    typographic quotes and apostrophes, the year suffix a style that never prints it gets
    after its first year, and an entry whose first block starts with its prefix's space
    (subsequent-author-substitute="" left the block before it empty), laid out as
    citeproc-js writes them; in HTML, a locale's superscript ordinal letters as ``<sup>``
    markup ("1<sup>e</sup><sup>r</sup> octobre")."""
    parts = fixture(name)
    csl = tmp_path / f"{name}.csl"
    csl.write_text(parts["CSL"], encoding="utf-8")
    items = json.loads(parts["INPUT"])
    rendered = engine.render_bibliography(items, str(csl), cache=False)
    assert normalise(layout.bibliography_html(rendered)) == normalise(parts["RESULT"])


DATE_FIXTURES = sorted(
    p.stem
    for p in DATA.glob("date_*.txt")
    # A cluster that collapses (year suffixes) is the citation layer's (test_citations.py).
    if fixture(p.stem)["MODE"].strip() == "citation" and "collapse=" not in fixture(p.stem)["CSL"]
)


@pytest.mark.parametrize("name", DATE_FIXTURES)
def test_dates_render_as_citeproc_js_does(tmp_path: Path, name: str) -> None:
    """CSL 1.0.2 "Date Ranges", seasons, circa and literal dates: the suite's citation
    fixtures whose layout holds a date, rendered as bibliography entries."""
    parts = fixture(name)
    style = re.sub(r"<(/?)citation\b", r"<\1bibliography", parts["CSL"])
    style = style.replace("<bibliography", "<citation><layout/></citation><bibliography", 1)
    csl = tmp_path / f"{name}.csl"
    csl.write_text(style, encoding="utf-8")
    items = json.loads(parts["INPUT"])
    rendered = engine.render_bibliography(items, str(csl), cache=False)
    found = re.search(r'<citation>\s*<layout[^>]*delimiter="([^"]*)"', parts["CSL"])
    delimiter = found.group(1) if found else ""
    assert normalise(delimiter.join(r.html for r in rendered)) == normalise(parts["RESULT"])


def test_numeric_styles_put_a_space_between_label_and_entry() -> None:
    """IEEE's label in the margin: "[1] B. E. Wampold", as citeproc-js and pandoc print it
    (stock citeproc-py printed "[1]B. E. Wampold"); in HTML, the divs citeproc-js writes."""
    from click.testing import CliRunner

    from readinglist.cli import main

    runner = CliRunner()
    args = ["--root", str(PROJECT), "render", "ipt-refresher-2024", "--style", "ieee"]
    text = runner.invoke(main, args)
    assert text.exit_code == 0, text.output
    assert "\n[1] B. E. Wampold, “How important are the common factors" in text.output
    page = runner.invoke(main, [*args, "--format", "html", "--no-css"])
    assert (
        '<div class="csl-left-margin">[1]</div><div class="csl-right-inline">B. E. Wampold,'
        in page.output
    )
    markdown = runner.invoke(main, [*args, "--format", "markdown"])
    assert "\n[1] B. E. Wampold, “How important" in markdown.output.replace("\\[1\\]", "[1]")


def test_word_puts_the_label_in_the_hanging_indent(tmp_path: Path) -> None:
    import docx
    from click.testing import CliRunner

    from readinglist.cli import main

    out = tmp_path / "ieee.docx"
    args = ["--root", str(PROJECT), "render", "ipt-refresher-2024", "--style", "ieee"]
    result = CliRunner().invoke(main, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    paragraphs = [p for p in docx.Document(str(out)).paragraphs if p.text.startswith("[1]")]
    assert paragraphs[0].text.startswith("[1]\tB. E. Wampold")
    assert paragraphs[0].paragraph_format.first_line_indent < 0


DATE_PART = st.one_of(st.integers(-3000, 3000), st.text(max_size=4), st.none(), st.integers(13, 40))
DATES = st.one_of(
    st.fixed_dictionaries(
        {"date-parts": st.lists(st.lists(DATE_PART, max_size=4), max_size=3)},
        optional={
            "season": st.one_of(st.integers(0, 6), st.text(max_size=8)),
            "circa": st.booleans(),
            "literal": st.text(max_size=10),
        },
    ),
    st.fixed_dictionaries({"raw": st.text(alphabet="0123456789-/ .", max_size=24)}),
    st.fixed_dictionaries({"literal": st.text(max_size=20)}),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(issued=DATES, accessed=DATES)
def test_no_date_ever_crashes_a_rendering(issued: dict[str, Any], accessed: dict[str, Any]) -> None:
    """Whatever shape a date has (ranges, open ranges, seasons, circa, literal, raw, parts
    that are not numbers), every style renders the entry."""
    item = {
        "id": "a",
        "type": "webpage",
        "title": "T",
        "author": [{"family": "Law"}],
        "issued": issued,
        "accessed": accessed,
        "URL": "https://example.org",
    }
    for style in ("apa", "chicago-author-date", "nlm-citation-sequence", "ieee"):
        [entry] = engine.render_bibliography([item], style, cache=False)
        assert "T" in entry.text, (style, entry)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__]))


_ALIGNED_STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Aligned</title><id>aligned</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="citation-number"/></layout></citation>
  <bibliography second-field-align="flush">
    <layout suffix=".">
      <text variable="citation-number"/>
      <text variable="title"/>
    </layout>
  </bibliography>
</style>
"""


def test_the_layout_period_after_a_right_inline_block_ending_in_one_is_not_doubled(
    tmp_path: Path,
) -> None:
    """CSL 1.0.2 "Affixes" with "Display": the layout's suffix "." joins the right-inline
    block, and a period meeting a period is printed once (citeproc-js: "270–7.", never
    "270–7.."), as it would be without `second-field-align`."""
    style = tmp_path / "aligned.csl"
    style.write_text(_ALIGNED_STYLE, encoding="utf-8")
    item = {"id": "a", "type": "book", "title": "Ends in an abbreviation, vol."}
    [entry] = engine.render_bibliography([item], str(style), "en-US", cache=False)
    assert entry.text == "1 Ends in an abbreviation, vol."
    assert entry.html.endswith('<div class="csl-right-inline">Ends in an abbreviation, vol.</div>')


_BLOCKS_STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Blocks</title><id>blocks</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout suffix=".">
    <group display="block"><text variable="title" suffix=", "/></group>
    <group display="left-margin"><text term="no date" form="short"/></group>
    <group display="right-inline"><text variable="URL" prefix=". Available at: "/></group>
  </layout></bibliography>
</style>"""


def test_a_block_opening_with_the_mark_the_block_before_ends_with_prints_it_once(
    tmp_path: Path,
) -> None:
    """CSL 1.0.2 "Affixes" with "Display": a right-inline block whose prefix opens with the
    period that ends the left margin ("n.d." then ". Available at") prints it once, as
    citeproc-js 2.4.63 lays it out (journal-for-the-study-of-the-new-testament); we printed
    "n.d. . Available at"."""
    style = tmp_path / "blocks.csl"
    style.write_text(_BLOCKS_STYLE, encoding="utf-8")
    item = {"id": "a", "type": "webpage", "title": "APA PsycNet", "URL": "https://x.org"}
    [entry] = engine.render_bibliography([item], str(style), "en-US", cache=False)
    assert entry.html == (
        '<div class="csl-block">APA PsycNet, </div><div class="csl-left-margin">n.d.</div>'
        '<div class="csl-right-inline"> Available at: https://x.org.</div>'
    )


def test_an_entry_that_prints_only_its_number_is_a_left_margin_without_the_period(
    tmp_path: Path,
) -> None:
    """CSL 1.0.2, second-field-align: the layout's suffix belongs to the right-inline part;
    an entry that prints nothing after its number is the left margin alone. Golden HTML:
    citeproc-js 2.4.63 on this layout; on royal-society-of-chemistry-with-titles' entry for
    an untyped web page pandoc 3.9 prints the same ("54"), on this bare layout it keeps the
    period. We printed "1."."""
    style = tmp_path / "aligned.csl"
    style.write_text(_ALIGNED_STYLE, encoding="utf-8")
    items = [{"id": "a", "type": "webpage"}, {"id": "b", "type": "book", "title": "Two"}]
    out = engine.render_bibliography(items, str(style), "en-US", cache=False)
    assert [(r.html, r.text) for r in out] == [
        ('<div class="csl-left-margin">1</div>', "1"),
        ('<div class="csl-left-margin">2</div><div class="csl-right-inline">Two.</div>', "2 Two."),
    ]


def test_display_marks_inside_a_value_open_no_block(tmp_path: Path) -> None:
    """The private-use characters that mark display blocks are dropped from input values:
    a title cannot open a left-margin block of its own."""
    style = tmp_path / "aligned.csl"
    style.write_text(_ALIGNED_STYLE, encoding="utf-8")
    item = {"id": "a", "type": "book", "title": "Sneaky \ue000lmargin\ue001 title"}
    [entry] = engine.render_bibliography([item], str(style), "en-US", cache=False)
    assert entry.html.count("csl-left-margin") == 1
    assert "Sneaky lmargin title." in entry.text


def test_an_entry_never_starts_with_the_space_of_an_empty_blocks_neighbour(
    tmp_path: Path,
) -> None:
    """An entry's first block starts its line: when subsequent-author-substitute="" empties
    the name block, the date block's prefix " " is not printed, in text as in HTML (the
    first entry, whose name block printed, keeps the space between the two)."""
    parts = fixture("bugreports_NoCaseEscape")
    csl = tmp_path / "aaa.csl"
    csl.write_text(parts["CSL"], encoding="utf-8")
    items = json.loads(parts["INPUT"])
    first, second = engine.render_bibliography(items, str(csl), cache=False)
    assert first.text.startswith("Aalto, Alan N.d.")
    assert second.text.startswith("N.d. “PIAAC")
    assert second.html.startswith('<div class="csl-left-margin">N.d.</div>')


def test_superscript_characters_are_markup_in_html_and_characters_in_text(tmp_path: Path) -> None:
    """citeproc-js's HTML output writes each Unicode superscript character as ``<sup>`` of its
    base ("1ᵉʳ" as ``1<sup>e</sup><sup>r</sup>``, "m²" as ``m<sup>2</sup>``): browsers set
    it in any font. The plain text keeps the characters, Markdown has one superscript
    ("1^er^"), and a link is left as it is."""
    parts = fixture("number_LimitOrdinalsToDayOne")
    csl = tmp_path / "ordinals.csl"
    csl.write_text(parts["CSL"], encoding="utf-8")
    items = json.loads(parts["INPUT"])
    first = engine.render_bibliography(items, str(csl), "fr-FR", cache=False)[0]
    assert first.text.startswith("1ᵉʳ-14 octobre 2004")
    assert first.html.startswith("1<sup>e</sup><sup>r</sup>-14 octobre 2004")
    assert engine.html_to_markdown(first.html).startswith("1^er^-14 octobre 2004")

    item = {
        "id": "a",
        "type": "webpage",
        "title": "Doses in mGy·m² for the Profiler™",
        "URL": "https://example.org/m²",
    }
    [entry] = engine.render_bibliography([item], "apa", cache=False)
    assert "mGy·m<sup>2</sup> for the Profiler<sup>TM</sup>" in entry.html
    assert "https://example.org/m²" in entry.html
    assert "mGy·m² for the Profiler™" in entry.text


_FIELD_AFTER_BLOCKS = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Test</title><id>test</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout>
    <group display="block"><names variable="author"/></group>
    <group display="left-margin"><date variable="issued"><date-part name="year"/></date></group>
    <group><text variable="title" quotes="true" suffix="."/>
      <text variable="container-title" prefix=" " font-style="italic"/></group>
  </layout></bibliography>
</style>
"""


def test_a_field_after_the_last_block_stays_outside_it(tmp_path: Path) -> None:
    """CSL 1.0.2, "Display": a field after the last display block, with no right-inline part
    to join (mexicon's layout: the names as a block, the year as the left margin, then the
    rest), follows the blocks outside them, as pandoc 3.9's citeproc writes it
    (`<div class="csl-block">Robert A Adler</div><div class="csl-left-margin">2014</div>`
    and the title after them). It raised IndexError, and every entry of the style was
    lost."""
    style = tmp_path / "mexicon-like.csl"
    style.write_text(_FIELD_AFTER_BLOCKS, encoding="utf-8")
    item = {
        "id": "a",
        "type": "article-journal",
        "title": "Osteoporosis in men",
        "container-title": "Bone Research",
        "author": [{"family": "Adler", "given": "Robert A"}],
        "issued": {"date-parts": [[2014]]},
    }
    [entry] = engine.render_bibliography([item], str(style), "en-US", cache=False)
    assert not entry.error
    assert entry.html == (
        '<div class="csl-block">Robert A Adler</div><div class="csl-left-margin">2014</div>'
        "“Osteoporosis in men.” <i>Bone Research</i>"
    )
