"""Citations in an event's own text: pandoc's syntax, rendered by the style's citation layout,
linked to their entries, checked against the library."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import docx
import pytest

from readinglist.events import load_event
from readinglist.library import Library
from readinglist.render.citations import Cite, Citer, Cluster, find

from .conftest import DATA, PROJECT, Invoke
from .test_publish import elements

EVENT = "ipt-refresher-2024"
# From pandoc's citeproc (scripts/make_citation_golden.py), an independent CSL processor.
GOLDEN = json.loads((DATA / "golden" / "citations.json").read_text(encoding="utf-8"))
KNOWN = {
    ("harvard-cite-them-right", "[e.g., @pearson2021; @wampold2015, p. 271]"): "we sort cites "
    "by the style's cs:citation/cs:sort (year first) as CSL 1.0.2 says; pandoc keeps the "
    "written order of this citation",
}


def test_pandocs_syntax_is_read_as_pandoc_reads_it() -> None:
    text = (
        "As @klerman1984 [p. 3] wrote [see @frank2014, pp. 33-35 and *passim*; "
        "@wampold2015, chap. 1] and [-@pearson2021]; mail a@b.org, [not a citation]."
    )
    clusters = find(text)
    assert [c.narrative for c in clusters] == [True, False, False]
    assert clusters[0].cites == (Cite("klerman1984", label="page", locator="3"),)
    assert clusters[1].cites == (
        Cite("frank2014", "see ", " and *passim*", "page", "33-35"),
        Cite("wampold2015", "", "", "chapter", "1"),
    )
    assert clusters[2].cites == (Cite("pearson2021", suppress_author=True),)
    assert text[clusters[1].start : clusters[1].end].startswith("[see @frank2014")


def _cases() -> list[object]:
    cases: list[object] = []
    for style, table in GOLDEN.items():
        for written, expected in table.items():
            reason = KNOWN.get((style, written))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            cases.append(pytest.param(style, written, expected, marks=marks))
    return cases


@pytest.fixture(scope="module")
def seed_items() -> list[dict[str, object]]:
    event = load_event(PROJECT / "events" / f"{EVENT}.toml")
    return Library.load([PROJECT / "refs"]).to_csl(list(event.keys))


@pytest.mark.parametrize(("style", "written", "expected"), _cases())
def test_citations_read_as_pandocs_citeproc_renders_them(
    seed_items: list[dict[str, object]], style: str, written: str, expected: str
) -> None:
    [cited] = [
        p for p in Citer(seed_items, style, "en-US").split(written) if not isinstance(p, str)
    ]
    assert cited.text == expected


SUITE = DATA / "csl-suite"
_SECTION = re.compile(r">>=+ ([A-Z-]+) =+>>\n(.*?)\n<<=+ \1 =+<<", re.S)


def suite_citations(name: str, folder: Path) -> tuple[str, str]:
    """A CSL test suite citation fixture (tests/data/csl-suite, see its README): what our
    Citer renders for its clusters, a line each, in the style's default locale, and its
    RESULT, what citeproc-js renders (the items registered in the order first cited)."""
    parts = dict(_SECTION.findall((SUITE / f"{name}.txt").read_text(encoding="utf-8")))
    style = folder / f"{name}.csl"
    style.write_text(parts["CSL"], encoding="utf-8")
    items = [{**item, "id": str(item["id"])} for item in json.loads(parts["INPUT"])]
    clusters = json.loads(parts.get("CITATION-ITEMS", "null")) or [[{"id": i["id"]} for i in items]]
    order = dict.fromkeys(str(c["id"]) for cluster in clusters for c in cluster)
    order.update(dict.fromkeys(i["id"] for i in items))
    by_id = {i["id"]: i for i in items}
    citer = Citer([by_id[key] for key in order], str(style), None)
    lines = []
    for cluster in clusters:
        cites = tuple(
            Cite(
                str(c["id"]),
                str(c.get("prefix", "")),
                str(c.get("suffix", "")),
                str(c.get("label", "page" if c.get("locator") else "")),
                str(c.get("locator", "")),
            )
            for c in cluster
        )
        lines.append(html.unescape(citer.render(Cluster(cites, False, 0, 0)).html))
    return "\n".join(lines), html.unescape(parts["RESULT"])


def books(*rows: tuple[str, str, str, int]) -> list[dict[str, object]]:
    """CSL-JSON books, one per (id, title, author's family name, year)."""
    return [
        {
            "id": k,
            "type": "book",
            "title": t,
            "author": [{"family": f}],
            "issued": {"date-parts": [[y]]},
        }
        for k, t, f, y in rows
    ]


def cited(citer: Citer, text: str) -> list[str]:
    """The plain text of each citation `citer` renders in `text`."""
    return [p.text for p in citer.split(text) if not isinstance(p, str)]


@pytest.mark.parametrize(
    "name",
    [
        "collapse_CitationNumberRangesMixed",
        "collapse_CitationNumberRangesWithAffixes",
        "collapse_CitationNumberRangesWithAffixesGroupedLocator",
        "collapse_NumericDuplicate",
    ],
)
def test_consecutive_citation_numbers_collapse_into_a_range(tmp_path: Path, name: str) -> None:
    """CSL 1.0.2 cs:citation collapse="citation-number": three or more consecutive numbers
    print as a range ("[1]–[3], [5]–[7]"; "1,2,2–4" where a number repeats), a cite with a
    locator stands alone, and the layout's formatting wraps the whole citation, affixes and
    delimiters included ("<b>([1]–[3])</b>"). 917 of the bundled styles collapse numbers
    (AMA's superscript "1–3,5")."""
    ours, theirs = suite_citations(name, tmp_path)
    assert ours == theirs


@pytest.mark.parametrize(
    "name", ["magic_SuperscriptChars", "number_NewOrdinalsEdition", "locator_SimpleLocators"]
)
def test_citations_mark_superscripts_and_print_locator_ranges_as_the_list_does(
    tmp_path: Path, name: str
) -> None:
    """In a citation, as in the list: Unicode superscript characters are <sup> markup ("1ʳᵉ
    éd." is "1<sup>r</sup><sup>e</sup> éd.", in the style's own locale), and a locator range
    of numbers takes an en dash without the spaces around its hyphen ("pp. 100–103")."""
    ours, theirs = suite_citations(name, tmp_path)
    assert ours == theirs


@pytest.mark.parametrize(
    "name", ["sort_CiteGroupDelimiter", "name_CiteGroupDelimiterWithYearSuffixCollapse2"]
)
def test_a_cite_group_delimiter_groups_cites_by_their_names(tmp_path: Path, name: str) -> None:
    """CSL 1.0.2, "Cite Grouping": a cite-group-delimiter without collapse groups cites whose
    names print alike, each printing its names ("Banda 1999; Aalto 2000, Aalto 2001"); cites
    in the order their author wrote (no cs:sort) stay in it ("Aalto 2015a,b; Bartleby 2010;
    Aalto 2015c–e"). We joined the first with the layout's delimiter."""
    ours, theirs = suite_citations(name, tmp_path)
    assert ours == theirs


def test_the_layout_suffix_joins_a_cite_as_an_entry_seam_does(tmp_path: Path) -> None:
    """A title that ends with a period, in a citation layout with the suffix ".": one period,
    as in a bibliography entry (we printed "Twenty-Seven..")."""
    ours, theirs = suite_citations("bugreports_TitleCase", tmp_path)
    assert ours == theirs
    assert ours.endswith("Twenty-Seven.")


@pytest.mark.parametrize(
    "name", ["name_AuthorEditorCount", "name_AuthorCountWithSameVarContentAndCombinedTermFail"]
)
def test_a_count_of_several_name_variables_is_one_number(tmp_path: Path, name: str) -> None:
    """CSL 1.0.2, cs:name form="count" in a cs:names of "author editor": the names of both
    counted together ("5" for three authors and two editors; we printed "32")."""
    ours, theirs = suite_citations(name, tmp_path)
    assert ours == theirs


def test_a_locators_leading_space_is_not_printed(tmp_path: Path) -> None:
    """A cite's locator " 666" prints as "666" after the style's own affixes ("Hello
    Title:666"; we printed the space too)."""
    ours, theirs = suite_citations("locator_WithLeadingSpace", tmp_path)
    assert ours == theirs


def test_a_turkish_item_is_upper_cased_by_turkish_letter_pairs(tmp_path: Path) -> None:
    """text-case="uppercase" on an item whose language is Turkish: "ic and ıd" is "İC AND
    ID" (the dotted i's capital is İ, the dotless ı's is I); items in other languages keep
    "IA AND IB". We printed "IC AND ID"."""
    ours, theirs = suite_citations("textcase_LocaleUnicode", tmp_path)
    assert ours == theirs


def test_a_list_no_longer_than_et_al_use_first_takes_no_et_al(tmp_path: Path) -> None:
    """CSL 1.0.2 et-al-min and et-al-use-first, both 3: a list of three names loses none, so
    it takes no "et al." ("(Baur, Schileyko & Baur 2000)", as both reference processors
    print it; we printed "Baur, Schileyko, Baur, et al.")."""
    style = tmp_path / "three.csl"
    style.write_text(
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">'
        "<info><title>T</title><id>t</id><updated>2024-01-01T00:00:00+00:00</updated></info>"
        '<citation et-al-min="3" et-al-use-first="3"><layout prefix="(" suffix=")">'
        '<names variable="author"><name form="short" and="symbol" delimiter=", " '
        'delimiter-precedes-last="never"/></names><date variable="issued" prefix=" ">'
        '<date-part name="year"/></date></layout></citation>'
        '<bibliography><layout><text variable="title"/></layout></bibliography></style>',
        encoding="utf-8",
    )
    items: list[dict[str, object]] = [
        {
            "id": "b",
            "type": "book",
            "title": "B",
            "author": [{"family": f} for f in ("Baur", "Schileyko", "Baur")],
            "issued": {"date-parts": [[2000]]},
        }
    ]
    assert cited(Citer(items, str(style), None), "[@b]") == ["(Baur, Schileyko & Baur 2000)"]


def test_a_citation_label_we_make_is_no_variable_to_test() -> None:
    """instituto-universitario-militar tests variable="citation-label" for an acronym the
    item gives ("Organización del Tratado del Atlántico Norte [OTAN]"); a label we make for
    a label style (Appendix IV) does not pass that test: "(Kant, 1911)", as citeproc-js
    prints both (we printed "(I. Kant [Kant11], 1911)", as pandoc does)."""
    items: list[dict[str, object]] = [
        {"id": "k", "type": "chapter", "title": "Grundlegung", "container-title": "Schriften",
         "author": [{"family": "Kant", "given": "Immanuel"}], "issued": {"date-parts": [[1911]]}},
        {"id": "o", "type": "report", "title": "Informe", "citation-label": "OTAN",
         "author": [{"literal": "Organización del Tratado del Atlántico Norte"}],
         "issued": {"date-parts": [[2019]]}},
    ]  # fmt: skip
    citer = Citer(items, "instituto-universitario-militar", None)
    assert cited(citer, "[@k] [@o]") == [
        "(Kant, 1911)",
        "(Organización del Tratado del Atlántico Norte [OTAN], 2019)",
    ]


def test_a_name_parts_no_break_space_suffix_is_the_space_between_parts(tmp_path: Path) -> None:
    """cs:name-part name="given" suffix="&#160;": "John\u00a0Doe", one space, a no-break
    one (we printed the no-break space and the joint's space: "John\u00a0 Doe")."""
    ours, theirs = suite_citations("name_WithNonBreakingSpace", tmp_path)
    assert ours == theirs == "John\u00a0Doe"


YEAR_SORTED_STYLE = (
    '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">'
    "<info><title>T</title><id>t</id><updated>2024-01-01T00:00:00+00:00</updated></info>"
    '<citation collapse="year"><sort><key variable="issued"/></sort>'
    '<layout delimiter="; " prefix="(" suffix=")"><group delimiter=" ">'
    '<names variable="author"><name form="short" et-al-min="3" et-al-use-first="1"/></names>'
    '<date variable="issued"><date-part name="year"/></date></group></layout></citation>'
    '<bibliography><layout><text variable="title"/></layout></bibliography></style>'
)


def test_a_sorted_citation_groups_the_cites_of_alike_names(tmp_path: Path) -> None:
    """CSL 1.0.2, "Cite Grouping", the specification's own example: the year-sorted "(Doe
    1999; Smith 2002; Doe 2006; Doe et al. 2007)" becomes "(Doe 1999, 2006; Smith 2002; Doe
    et al. 2007)" (pandoc prints it so; citeproc-js does not move cites)."""
    style = tmp_path / "year-sorted.csl"
    style.write_text(YEAR_SORTED_STYLE, encoding="utf-8")
    doe, roe, poe = ({"family": f, "given": "A."} for f in ("Doe", "Roe", "Poe"))
    items: list[dict[str, object]] = [
        {"id": k, "type": "book", "title": k, "author": a, "issued": {"date-parts": [[y]]}}
        for k, a, y in [
            ("d1", [doe], 1999),
            ("s", [{"family": "Smith", "given": "B."}], 2002),
            ("d2", [doe], 2006),
            ("d3", [doe, roe, poe], 2007),
        ]
    ]
    citer = Citer(items, str(style), None)
    assert cited(citer, "[@d3; @s; @d2; @d1]") == ["(Doe 1999, 2006; Smith 2002; Doe et al. 2007)"]


def test_a_style_that_cites_by_label_has_no_numbers_to_collapse() -> None:
    """collapse="citation-number" ranges the citation numbers a citation prints (CSL 1.0.2
    cs:citation "collapse"): american-mathematical-society-label sets it but cites by
    citation-label, so three works cited together are three labels, as both reference
    processors print them (we printed "[PrSc18–Clar08]")."""
    items: list[dict[str, object]] = [
        {"id": k, "type": "book", "title": k, "author": names, "issued": {"date-parts": [[y]]}}
        for k, names, y in [
            ("p", [{"family": "Proctor", "given": "R."}, {"family": "Schneider"}], 2018),
            ("j", [{"family": "Jamieson", "given": "R."}, {"family": "Mewhort"}], 2009),
            ("c", [{"family": "Clark", "given": "A."}], 2008),
        ]
    ]
    citer = Citer(items, "american-mathematical-society-label", None)
    assert cited(citer, "[@p; @j; @c]") == ["[PrSc18, JaMe09, Clar08]"]


@pytest.mark.parametrize(
    "name", ["date_YearSuffixDelimiter", "collapse_YearSuffixCollapseNoYearSuffixDelimiter"]
)
def test_a_cite_after_collapsed_year_suffixes_takes_the_after_collapse_delimiter(
    tmp_path: Path, name: str
) -> None:
    """CSL 1.0.2 after-collapse-delimiter (the layout's delimiter by default): a cite after
    a run of collapsed year suffixes follows it with that delimiter, though its names are
    collapsed too ("Doe 2000a,b;2001"), where a cite after one year takes the
    cite-group-delimiter ("(Law, 2013, 2016)", the seed's golden citations)."""
    ours, theirs = suite_citations(name, tmp_path)
    assert ours == theirs


def test_disambiguating_text_is_added_one_condition_at_a_time(tmp_path: Path) -> None:
    """CSL 1.0.2, "Disambiguation", step 3, as citeproc-js takes it: the cs:choose tests
    disambiguate="true" hold one more at a time, in the order the citation meets them,
    until the citations differ: two books told apart by their titles do not print their
    editions too ("John Smith, Book One"), two of one title do ("…, Complete Works, ed. 5")."""
    ours, theirs = suite_citations("disambiguate_IncrementalExtraText", tmp_path)
    assert ours == theirs


def test_cites_the_citation_sort_ranks_alike_keep_the_order_written() -> None:
    """CSL 1.0.2, "Sorting": a citation sorted by date alone keeps works of one year in the
    order written, where we put them in the bibliography's order; both reference processors
    print these lines (babesch's citations sort by issued)."""
    items = books(
        ("popko", "Arinna", "Popko", 2013),
        ("hohnerlein", "Anatolien", "Hohnerlein", 2013),
        ("ahrens", "Aegyptiaca", "Ahrens", 2009),
    )
    citer = Citer(items, "babesch-annual-papers-on-mediterranean-archaeology", None)
    written = "[@popko; @hohnerlein] [@hohnerlein; @ahrens; @popko]"
    assert cited(citer, written) == [
        "Popko 2013; Hohnerlein 2013",
        "Ahrens 2009; Hohnerlein 2013; Popko 2013",
    ]


def test_a_key_written_in_another_case_collapses_with_its_neighbours() -> None:
    """Keys are matched without case ("STRASSE2020" is "Straße2020"), in a collapsing numeric
    citation too: its range was lost to a look-up by the key as written."""
    items = [
        {"id": k, "type": "book", "title": k, "author": [{"family": k}]}
        for k in ("Straße2020", "b", "c")
    ]
    citer = Citer(items, "american-medical-association", None)
    assert (cited(citer, "[@STRASSE2020; @b; @c]"), citer.failed) == (["1–3"], {})


MINIMAL_STYLE = (
    '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">'
    "<info><title>T</title><id>t</id><updated>2024-01-01T00:00:00+00:00</updated></info>"
    '<citation><layout delimiter="; " prefix="(" suffix=")"><text variable="title"/></layout>'
    '</citation><bibliography><layout><text variable="title"/></layout></bibliography></style>'
)


def test_a_work_the_style_prints_nothing_for_takes_no_place_in_a_citation(
    tmp_path: Path,
) -> None:
    """A cite that prints nothing leaves no delimiter behind ("(Alpha; Gamma)", as both
    reference processors print it, not "(Alpha; ; Gamma)"); a citation of such works alone
    is named, with the reason, and stays as written, as an entry with no printed form is
    named and left out."""
    style = tmp_path / "titles.csl"
    style.write_text(MINIMAL_STYLE, encoding="utf-8")
    items = [
        {"id": "a", "type": "book", "title": "Alpha"},
        {"id": "b", "type": "book"},
        {"id": "c", "type": "book", "title": "Gamma"},
    ]
    citer = Citer(items, str(style), None)
    pieces = citer.split("See [@a; @b; @c] and [@b].")
    assert [p if isinstance(p, str) else p.text for p in pieces] == [
        "See ",
        "(Alpha; Gamma)",
        " and [@b].",
    ]
    assert citer.failed == {"[@b]": "the style prints nothing for it (no printed form)"}


def test_year_suffixes_take_the_cite_group_delimiter_a_style_sets() -> None:
    """year-suffix-delimiter defaults to the cite-group-delimiter where a style sets one, as
    both reference processors print marine-biology's collapsed suffixes ("Райл 2000b, a")."""
    items = books(
        ("x", "Первая", "Райл", 2000), ("y", "Вторая", "Райл", 2000), ("z", "Z", "Abel", 1999)
    )
    citer = Citer(items, "marine-biology", None)
    assert cited(citer, "[@x; @y; @z]") == ["(Abel 1999; Райл 2000b, a)"]


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("marine-biology", ["(2011, 2015)", "(Doe 2001, 2003; 2011, 2015)"]),
        ("apa", ["(Alcohol Report, 2011; Second Report, 2015)", None]),
    ],
)
def test_works_without_names_are_a_cite_group(style: str, expected: list[str | None]) -> None:
    """CSL 1.0.2 cite grouping (collapse="year": the years after the names, once): cites
    whose names print alike form a group, and two dated works whose citations print no names
    print alike ("(2011, 2015)"); a title APA prints in place of the names is no such thing
    ("; "). Both reference processors print these lines."""
    reports: list[dict[str, object]] = [
        {"id": k, "type": "report", "title": t, "issued": {"date-parts": [[y]]}}
        for k, t, y in (("r1", "Alcohol report", 2011), ("r2", "Second report", 2015))
    ]
    items = reports + books(("d", "D", "Doe", 2001), ("d2", "E", "Doe", 2003))
    citer = Citer(items, style, None)
    found = cited(citer, "[@r1; @r2] [@r1; @r2; @d; @d2]")
    assert [c for c, e in zip(found, expected, strict=True) if e] == [e for e in expected if e]


def test_a_work_cited_again_takes_the_subsequent_et_al_options() -> None:
    """CSL 1.0.2 et-al-subsequent-min and et-al-subsequent-use-first: a work cited before in
    the event's texts, in the order they are read, is cited with them. APA 6th edition (the
    manual's Table 6.1, and pandoc's citeproc): three to five authors all named the first
    time, the first and "et al." after, in the next text too; split again, the same."""
    items = [
        {
            "id": "a",
            "type": "book",
            "title": "A",
            "author": [{"family": f} for f in ("Almendro", "Martín", "Sánchez", "Nozal")],
            "issued": {"date-parts": [[1998]]},
        }
    ]
    texts = ["First [@a], then [@a].", "Later @a."]
    citer = Citer(items, "apa-6th-edition", None, texts=texts)
    for _ in range(2):
        assert [c for t in texts for c in cited(citer, t)] == [
            "(Almendro, Martín, Sánchez, & Nozal, 1998)",
            "(Almendro et al., 1998)",
            "Almendro et al. (1998)",
        ]


def test_a_work_cited_again_is_subsequent_whatever_the_markdown_between() -> None:
    """The positions of cites follow the text as written, across emphasis and paragraphs (a
    text's citations used to be found run by run of its parsed Markdown, so a text with any
    emphasis or two paragraphs cited every work as if for the first time)."""
    from readinglist.publish import prose

    items: list[dict[str, object]] = [
        {
            "id": "a",
            "type": "book",
            "title": "A",
            "author": [{"family": f} for f in ("Almendro", "Martín", "Sánchez", "Nozal")],
            "issued": {"date-parts": [[1998]]},
        }
    ]
    text = "*First* [@a].\n\nThen **again** [@a]."
    citer = Citer(items, "apa-6th-edition", None, texts=[text])
    assert prose.to_text(text, citer.split) == (
        "First (Almendro, Martín, Sánchez, & Nozal, 1998).\n\nThen again (Almendro et al., 1998)."
    )


def test_a_cites_affixes_are_read_as_markdown_and_code_keeps_a_citation_as_written() -> None:
    """pandoc reads a citation's prefix and suffix as Markdown: "[*see* @a, p. 3, **note**]"
    is one citation, its affixes emphasised ("(<em>see</em> Doe, 2000, p. 3, …)" in
    pandoc's HTML); we printed the brackets and a narrative "Doe (2000)" between them. A
    citation inside code is code: printed as written."""
    from readinglist.publish import prose

    items: list[dict[str, object]] = [
        {"id": "a", "type": "book", "title": "A", "author": [{"family": "Doe", "given": "J."}],
         "issued": {"date-parts": [[2000]]}}
    ]  # fmt: skip
    text = "Text [*see* @a, p. 3, **note**] and `[@a]`."
    citer = Citer(items, "apa", None, texts=[text])
    assert prose.to_html(text, split=citer.split) == (
        '<p>Text <span class="readinglist-citation">(<i>see</i> Doe, 2000, p. 3, <b>note</b>)'
        "</span> and <code>[@a]</code>.</p>"
    )
    assert prose.to_text(text, citer.split) == "Text (see Doe, 2000, p. 3, note) and [@a]."


@pytest.mark.parametrize(
    ("style", "first"),
    [
        ("apa-6th-edition", "(Baur, Fröberg, Baur, Guggenheim, & Haase, 2000)"),
        ("american-sociological-association", "(Baur, Fröberg, et al. 2000)"),
    ],
)
def test_works_cited_again_are_told_apart_in_their_subsequent_form(style: str, first: str) -> None:
    """CSL 1.0.2 "Disambiguation" on the citations et-al-subsequent-* print: two works whose
    second citations would both read "Baur et al., 2000" add the names that tell them apart
    (APA 6th §6.12), and the names added show in the first citation too, as pandoc prints
    these lines (we printed "(Baur et al., 2000)" for both)."""
    baur = [{"family": "Baur", "given": "Bruno"}]
    anette = [{"family": "Baur", "given": "Anette"}]
    items: list[dict[str, object]] = [
        {
            "id": "one",
            "type": "article-journal",
            "title": "Ultrastructure",
            "author": [
                *baur,
                {"family": "Fröberg", "given": "Lars"},
                *anette,
                {"family": "Guggenheim", "given": "Richard"},
                {"family": "Haase", "given": "Martin"},
            ],
            "issued": {"date-parts": [[2000]]},
        },
        {
            "id": "two",
            "type": "article-journal",
            "title": "Ecological observations",
            "author": [*baur, {"family": "Schileyko", "given": "Anatoly A."}, *anette],
            "issued": {"date-parts": [[2000]]},
        },
    ]
    text = "[@one] and [@two], then [@one] and [@two]."
    citer = Citer(items, style, None, texts=[text])
    year = ", 2000" if style.startswith("apa") else " 2000"
    found = cited(citer, text)
    assert found[0] == first
    assert found[2:] == [f"(Baur, Fröberg, et al.{year})", f"(Baur, Schileyko, et al.{year})"]


def test_position_tests_tell_a_work_cited_before() -> None:
    """CSL 1.0.2 cs:choose position="first" / "subsequent": Chicago author-date describes an
    interview in full the first time it is cited and short after (CMOS 18 §14.111), as
    pandoc prints these lines."""
    items = [
        {
            "id": "i",
            "type": "interview",
            "author": [{"family": "Doe", "given": "Jane"}],
            "interviewer": [{"family": "Roe", "given": "Rick"}],
            "issued": {"date-parts": [[2020, 5, 1]]},
        }
    ]
    text = "[@i] then [@i]"
    citer = Citer(items, "chicago-author-date", None, texts=[text])
    assert cited(citer, text) == [
        "(Jane Doe, interview by Rick Roe, May 1, 2020)",
        "(Doe, interview)",
    ]


def test_works_without_names_or_date_are_no_cite_group() -> None:
    """Works without names or date have no year to collapse: "(n.d.-a; n.d.-b)", as both
    reference processors print them."""
    items: list[dict[str, object]] = [
        {"id": "s1", "type": "book", "note": "x"},
        {"id": "s2", "type": "book", "note": "y"},
    ]
    citer = Citer(items, "business-ethics-a-european-review", None)
    assert cited(citer, "[@s1; @s2]") == ["(n.d.-a; n.d.-b)"]


@pytest.mark.parametrize(
    "style", ["apa", "tramas-y-redes-revista-del-consejo-latinoamericano-de-ciencias-sociales"]
)
def test_alike_initials_add_nothing_under_a_with_initials_rule(style: str) -> None:
    """givenname-disambiguation-rule "primary-name-with-initials" (APA 7 §8.20: initials
    only where they tell first authors apart): "Gary T. Barnes" and "G. T. Barnes" have the
    same initials, so neither shows them and the year suffix tells the works apart, as both
    reference processors print these (we printed "G. T. Barnes", and "Gary T." in full)."""
    items: list[dict[str, object]] = [
        {
            "id": k,
            "type": "report",
            "title": t,
            "author": [{"family": "Barnes", "given": g}, {"family": "Frey", "given": h}],
            "issued": {"date-parts": [[1991]]},
        }
        for k, t, g, h in (
            ("a", "Mammography acceptance testing", "Gary T.", "Donald G."),
            ("b", "Screen film mammography", "G. T.", "G. D."),
        )
    ]
    citer = Citer(items, style, None)
    found = cited(citer, "[@a] [@b]")
    assert sorted(re.sub(r" (&|y) ", " and ", c) for c in found) == [
        "(Barnes and Frey, 1991a)",
        "(Barnes and Frey, 1991b)",
    ]


def test_year_suffixes_in_italics_collapse() -> None:
    """collapse="year-suffix" with a suffix the style sets in italics: "Kant 1968 <i>a</i>,
    <i>b</i>", as both reference processors print it (the suffix was matched as bare text
    and never collapsed)."""
    citer = Citer(
        books(("k1", "A", "Kant", 1968), ("k2", "B", "Kant", 1968)), "nations-and-nationalism", None
    )
    [citation] = [p for p in citer.split("[@k1; @k2]") if not isinstance(p, str)]
    assert citation.html == "(Kant 1968 <i>a</i>, <i>b</i>)"


def test_a_citation_sort_sees_no_year_suffix() -> None:
    """A citation sorted by a date macro that prints the year suffix: "2015a" and "2015" are
    one year, so the cites keep the order written, as both reference processors print them
    (archeologicke-rozhledy; we put "Wickham 2015" first)."""
    items = books(
        ("x1", "Dynamic", "Xie", 2015), ("x2", "Another", "Xie", 2015), ("w", "R", "Wickham", 2015)
    )
    citer = Citer(items, "archeologicke-rozhledy", None)
    assert cited(citer, "[@x2; @w]") == ["(Xie 2015a, Wickham 2015)"]


def test_a_citation_sort_sees_no_given_name_disambiguation_added() -> None:
    """cell-structure-and-function sorts cites by an author macro that initialises given
    names: "Dev P. Chakraborty" and "D. P. Chakraborty" (told apart by the given name in
    full) rank alike and keep the order written, as both reference processors print them;
    the whole given name disambiguation added had ranked "D. P." first."""
    items: list[dict[str, object]] = [
        {
            "id": k,
            "type": "article-journal",
            "title": t,
            "author": [{"family": "Chakraborty", "given": g}],
        }
        for k, t, g in (("a", "Routine quality control", "Dev P."), ("b", "Image quality", "D. P."))
    ]
    citer = Citer(items, "cell-structure-and-function", None)
    assert cited(citer, "[@a; @b] [@b; @a]") == [
        "(Dev P. Chakraborty, n.d.; D. P. Chakraborty, n.d.)",
        "(D. P. Chakraborty, n.d.; Dev P. Chakraborty, n.d.)",
    ]


def test_works_without_names_whose_citation_prints_no_year_are_no_group() -> None:
    """Patents cited by their numbers have no year printed to collapse: "(French patent
    request 9500261; EU-29702195U)", as both reference processors print them (lauterbornia)."""
    items: list[dict[str, object]] = [
        {"id": k, "type": "patent", "title": t, "number": n, "issued": {"date-parts": [[y]]}}
        for k, t, n, y in (
            ("p1", "Device", "EU-29702195U", 1997),
            ("p2", "Other device", "French patent request 9500261", 1995),
        )
    ]
    citer = Citer(items, "lauterbornia", None)
    assert cited(citer, "[@p1; @p2]") == ["(French patent request 9500261; EU-29702195U)"]


WIKIPEDIA: list[dict[str, object]] = [
    {
        "id": k,
        "type": "webpage",
        "title": t,
        "author": [{"literal": "Wikipedia"}],
        "issued": {"date-parts": [[2019]]},
    }
    for k, t in (("w1", "Open science"), ("w2", "Science 2.0"))
]
LAKENS_AND_WIKIPEDIA: list[dict[str, object]] = [
    {
        "id": "l",
        "type": "article-journal",
        "title": "Examining",
        "author": [{"family": f, "given": "A."} for f in ("Lakens", "Scheel", "Isager")],
        "issued": {"date-parts": [[2017]]},
    },
    *WIKIPEDIA,
]


def test_a_page_locator_takes_the_page_range_format() -> None:
    """A page locator's range is formatted as the page variable's (page-range-format
    "minimal": "12–5", "112–8"), as both reference processors print it."""
    citer = Citer(LAKENS_AND_WIKIPEDIA, "new-harts-rules-author-date-space-publisher", None)
    assert cited(citer, "[@l, pp. 12-15] [@l, pp. 112-118]") == [
        "(Lakens, Scheel, and Isager 2017: 12–5)",
        "(Lakens, Scheel, and Isager 2017: 112–8)",
    ]


def test_a_cite_with_a_locator_ends_a_run_of_year_suffixes() -> None:
    """collapse="year-suffix": a cite with a locator after one of the same year prints its
    suffix and locator ("2019a, b, p. 7"), as both reference processors print it."""
    citer = Citer(LAKENS_AND_WIKIPEDIA, "springer-basic-author-date", None)
    assert cited(citer, "[@w1; @w2, p. 7]") == ["(Wikipedia 2019a, b, p. 7)"]


@pytest.mark.parametrize(
    ("style", "written", "expected"),
    [
        (
            "iso690-author-date-fr-no-abstract",
            "[@g13; @g10, p. 7; @g09]",
            "(Gustafsson, Wanhammar 2013; 2010, p. 7; 2009)",
        ),
        (
            "annual-review-of-linguistics",
            "[@g09; @g10, p. 7]",
            "(Gustafsson & Wanhammar 2009, 2010, p. 7)",
        ),
    ],
)
def test_a_located_cite_in_a_group_follows_the_layout_delimiter(
    style: str, written: str, expected: str
) -> None:
    """Where a style sets after-collapse-delimiter, a cite of a group with a locator, and
    the cite after it, follow the layout's delimiter: iso690's "; ", annual-review-of-
    linguistics' ", " (not its after-collapse "; "), as both reference processors print them."""
    items: list[dict[str, object]] = [
        {
            "id": k,
            "type": "article-journal",
            "title": t,
            "author": [
                {"family": "Gustafsson", "given": "O."},
                {"family": "Wanhammar", "given": "L."},
            ],
            "issued": {"date-parts": [[y]]},
        }
        for k, t, y in (("g13", "A", 2013), ("g10", "B", 2010), ("g09", "C", 2009))
    ]
    citer = Citer(items, style, None)
    assert [c.replace("\u00a0", " ") for c in cited(citer, written)] == [expected]


def test_a_locator_the_style_does_not_print_leaves_the_group_whole() -> None:
    """A locator a style's citation does not print changes nothing: "(Pew Research Center,
    2014, 2020)" in an ABNT style that sets after-collapse-delimiter, as both reference
    processors print it (held-out file, found by the rule above misapplied)."""
    items: list[dict[str, object]] = [
        {
            "id": k,
            "type": "report",
            "title": t,
            "author": [{"literal": "Pew Research Center"}],
            "issued": {"date-parts": [[y]]},
        }
        for k, t, y in (("p14", "A", 2014), ("p20", "B", 2020))
    ]
    citer = Citer(items, "associacao-brasileira-de-normas-tecnicas-unirio-eipp", None)
    assert cited(citer, "[@p14; @p20, p. 7]") == ["(Pew Research Center, 2014, 2020)"]


@pytest.mark.parametrize("test", ['is-numeric="locator"', 'is-numeric="locator" locator="chapter"'])
def test_is_numeric_reads_the_cites_locator(tmp_path: Path, test: str) -> None:
    """CSL 1.0.2 is-numeric="locator" tests the cite's locator, in a condition of that test
    alone and in one with others (read by another path): "Chapter 2", "ii"."""
    style = tmp_path / "locators.csl"
    style.write_text(
        MINIMAL_STYLE.replace(
            '<text variable="title"/></layout>',
            f'<text variable="title"/><choose><if {test}><label variable="locator" prefix=" "'
            ' text-case="capitalize-first"/></if></choose><text variable="locator" prefix=" "/>'
            "</layout>",
            1,
        ),
        encoding="utf-8",
    )
    citer = Citer([{"id": "a", "type": "book", "title": "Alpha"}], str(style), None)
    assert cited(citer, "[@a, chap. 2] [@a, chap. ii]") == ["(Alpha Chapter 2)", "(Alpha ii)"]


@pytest.mark.parametrize("wrap", ["", [1], None, ["<sup>"]])
def test_a_damaged_citation_cache_entry_is_rendered_again(
    seed_items: list[dict[str, object]], monkeypatch: pytest.MonkeyPatch, wrap: object
) -> None:
    """The render cache keeps each citation's layout formatting (two strings); an entry whose
    formatting is damaged is rendered afresh, never a traceback."""
    import json as json_module

    from readinglist.settings import default_cache_dir

    monkeypatch.setenv("READINGLIST_RENDER_CACHE", "on")
    text = "As [@frank2014] and [@law2013; @law2016]."
    expected = cited(Citer(seed_items, "american-medical-association", None, texts=[text]), text)
    [cache] = (default_cache_dir() / "render").rglob("*.json")
    data = json_module.loads(cache.read_text(encoding="utf-8"))
    for entry in data.values():
        entry[2] = wrap
    cache.write_text(json_module.dumps(data), encoding="utf-8")
    again = Citer(seed_items, "american-medical-association", None, texts=[text])
    assert cited(again, text) == expected


def test_a_narrative_citation_spells_out_and(seed_items: list[dict[str, object]]) -> None:
    """APA 7 §8.17: "and" between the names in running text, "&" in parentheses."""
    citer = Citer(seed_items, "apa", None)
    narrative, parenthetical = (
        p.text for p in citer.split("@pearson2021 and [@pearson2021]") if not isinstance(p, str)
    )
    assert (narrative, parenthetical) == ("Pearson and Rose (2021)", "(Pearson & Rose, 2021)")


def test_a_superscript_citation_follows_the_names_it_belongs_to(
    seed_items: list[dict[str, object]],
) -> None:
    """A numeric style's narrative citation names the authors (no "," before "and") and
    raises its number right after them, as AMA style sets a superscript: "Pearson and Rose²"."""
    citer = Citer(seed_items, "american-medical-association", None)
    [cited] = [p for p in citer.split("@pearson2021") if not isinstance(p, str)]
    assert re.fullmatch(r"Pearson and Rose<sup>\d+</sup>", cited.html)


def test_cites_keep_the_order_written_when_the_citation_has_no_sort(tmp_path: Path) -> None:
    """CSL 1.0.2, "Sorting": without cs:sort in cs:citation, cites print in the order they
    are cited ("1990m!; 1990l!; …", the year suffixes given in the bibliography's order),
    not in the bibliography's order."""
    ours, theirs = suite_citations("disambiguate_YearSuffixAndSort", tmp_path)
    assert ours == theirs


def test_a_superscript_citation_is_one_superscript_around_its_links(cli: Invoke) -> None:
    """The layout's formatting (AMA's vertical-align="sup") goes around the linked items and
    the delimiters between them, in the page and in Markdown: "¹⁻³,⁵", not each number
    raised on its own with the commas on the line."""
    page = run(
        cli, PROJECT, "render", EVENT, "--format", "page", "--style", "american-medical-association"
    )
    linked = re.compile(r'<a class="readinglist-cite" href="#ref-[^"]+">\d+</a>')
    runs = re.findall(rf"<sup>{linked.pattern}(?:,(?:–)?{linked.pattern})+</sup>", page)
    assert runs, "no citation of several works set as one superscript"
    assert "</sup>,<sup>" not in page
    markdown = run(
        cli,
        PROJECT,
        "render",
        EVENT,
        "--format",
        "markdown",
        "--style",
        "american-medical-association",
    )
    assert re.search(r"\^\d+\^", markdown)


def run(cli: Invoke, root: Path, *args: str) -> str:
    result = cli(*args, root=root)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_the_seed_description_cites_in_every_output(cli: Invoke, tmp_path: Path) -> None:
    page = run(cli, PROJECT, "render", EVENT, "--format", "page")
    links = {str(a["href"]) for t, a in elements(page) if a.get("class") == "readinglist-cite"}
    assert {"#ref-klerman1984", "#ref-frank2014", "#ref-weissman-inpress"} <= links
    assert '<a class="readinglist-cite" href="#ref-klerman1984">Klerman et al. (1984)</a>' in page
    assert '(<a class="readinglist-cite" href="#ref-frank2014">Frank et al., 2014</a>)' in page
    ids = {str(a["id"]) for _, a in elements(page) if "id" in a}
    assert {link.removeprefix("#") for link in links} <= ids
    text = run(cli, PROJECT, "render", EVENT)
    assert "since Klerman et al. (1984) published" in text
    assert "(Weissman & Mootz, in press)" in text and "[@" not in text
    markdown = run(cli, PROJECT, "render", EVENT, "--format", "markdown")
    assert "since Klerman et al. (1984) published" in markdown  # no anchors to link to
    document = json.loads(run(cli, PROJECT, "render", EVENT, "--format", "json"))
    assert "(Frank et al., 2014)" in document["event"]["description"]["text"]
    assert "[@frank2014]" in document["event"]["description"]["markdown"]
    run(cli, PROJECT, "render", EVENT, "-o", str(tmp_path / "h.docx"))
    paragraphs = [p.text for p in docx.Document(str(tmp_path / "h.docx")).paragraphs]
    assert any("since Klerman et al. (1984) published" in p for p in paragraphs)


def test_a_numeric_styles_citation_numbers_are_the_lists_numbers(cli: Invoke) -> None:
    fragment = run(cli, PROJECT, "render", EVENT, "--format", "page", "--style", "ieee")
    entry = re.search(r'id="ref-klerman1984"[^>]*>(.*?)</div>', fragment)
    assert entry is not None
    number = re.search(r"\[(\d+)\]", re.sub(r"<[^>]+>", "", entry.group(1)))
    assert number is not None
    assert f'href="#ref-klerman1984">Klerman et al. [{number.group(1)}]</a>' in fragment


def test_a_cited_key_the_library_lacks_is_an_error_at_its_line(
    cli: Invoke, seed_repo: Path
) -> None:
    path = seed_repo / "events" / f"{EVENT}.toml"
    path.write_text(path.read_text().replace("[@frank2014]", "[@frank2104]"))
    result = cli("render", EVENT, root=seed_repo)
    assert result.exit_code == 1
    line = next(n for n, ln in enumerate(path.read_text().splitlines(), 1) if "frank2104" in ln)
    assert f"{EVENT}.toml:{line}: cited key 'frank2104' is not in the library" in result.stderr
    assert "did you mean frank2014" in result.stderr


def test_works_cited_but_not_listed_are_gathered_when_the_event_asks(
    cli: Invoke, seed_repo: Path
) -> None:
    path = seed_repo / "events" / f"{EVENT}.toml"
    text = path.read_text().replace('    "law2016",\n', "")
    path.write_text(text)
    assert "Law, 2013, 2016" in run(cli, seed_repo, "render", EVENT)  # cited, not listed
    assert "Also cited" not in run(cli, seed_repo, "render", EVENT)
    path.write_text(
        text.replace("cpd_hours = 5.5\n", 'cpd_hours = 5.5\ncited_section = "Also cited"\n')
    )
    out = run(cli, seed_repo, "render", EVENT, "--format", "html")
    gathered = out.split("Also cited</h2>", 1)[1]
    assert [str(a["id"]) for _, a in elements(gathered) if "id" in a] == ["ref-law2016"]


def test_a_work_is_cited_again_in_the_order_the_list_prints_its_notes() -> None:
    """CSL 1.0.2 position "subsequent" follows what a reader meets first: a section in the
    style's order prints Almendro's entry before Zeller's, so the note under Almendro's
    cites the work in full and the note under Zeller's, first in the event file, cites it
    again (APA 6th: "(Almendro et al., 1998)")."""
    from readinglist.model import Event, EventEntry, Section
    from readinglist.publish import listing

    authors = [{"family": f} for f in ("Almendro", "Martín", "Sánchez", "Nozal")]
    items: list[dict[str, object]] = [
        {"id": "a", "type": "book", "title": "A", "author": authors,
         "issued": {"date-parts": [[1998]]}},
        {"id": "z", "type": "book", "title": "Z", "author": [{"family": "Zeller"}],
         "issued": {"date-parts": [[2001]]}},
    ]  # fmt: skip
    entries = (EventEntry("z", "Compare [@a]."), EventEntry("a", "Read [@a] first."))
    event = Event(slug="e", title="E", sections=(Section("Reading", entries),))
    sections = listing.reading_list(event, items, "apa-6th-edition", "en-US")
    assert [e.key for e in sections[0].entries] == ["a", "z"]
    citer = listing.citer(items, "apa-6th-edition", "en-US", (), event, sections)
    printed = [cited(citer, e.note) for e in sections[0].entries]
    assert printed == [
        ["(Almendro, Martín, Sánchez, & Nozal, 1998)"],
        ["(Almendro et al., 1998)"],
    ]


def test_a_citations_source_names_its_items_as_written() -> None:
    # The source keys the rendered citations kept in the render cache: the same text must
    # give the same source from one version of readinglist to the next.
    (cluster,) = find("As shown [see @law2013, p. 5].")
    assert cluster.source == (
        "((Cite(key='law2013', prefix='see ', suffix='', label='page', locator='5', "
        "suppress_author=False),), False)"
    )
    assert cluster.written == "[see @law2013, p. 5]"
