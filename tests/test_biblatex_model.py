"""biblatex's data model, as CSL: literal lists, localisation keys, name options, main titles
and volumes, periodical issues, quoting commands, and what an entry inherits (``crossref``,
``xdata``).

Expected values come from the biblatex manual (the section is named at each test) and, where
they agree with it, from pandoc's CSL-JSON for the same entry in biblatex's own example file
(``benchmarks/corpus/bib/biblatex-examples_dates-online.bib``), whose entries these tests copy
in part. Properties of inheritance are tested with hypothesis.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist.bibtex import bibfile, bibstrings, latex
from readinglist.csl import from_bibtex
from readinglist.csl.rich_text import plain_text
from readinglist.model import Reference
from readinglist.render import engine
from readinglist.render.citations import Citer

from .conftest import Invoke


def csl(text: str) -> dict[str, dict[str, object]]:
    """Every entry of `text` as CSL, with crossref and xdata resolved, by key."""
    references = bibfile.parse(text).references
    by_key = {r.key.casefold(): r for r in references}
    return {r.key: from_bibtex.to_csl(r, lambda k: by_key.get(k.casefold())) for r in references}


def one(text: str) -> dict[str, object]:
    [item] = csl(text).values()
    return item


# --- literal lists (§2.2.1, "Data Types": lists are separated by "and") -------------------------


def test_a_biblatex_location_and_publisher_are_lists() -> None:
    item = one(
        "@book{hammond, title={T}, date=1997, location={Durham and London},"
        " publisher={International Union of Crystallography and Oxford University Press}}"
    )
    assert item["publisher-place"] == "Durham; London"
    assert item["publisher"] == "International Union of Crystallography; Oxford University Press"


def test_an_and_in_braces_is_text_in_a_list() -> None:
    item = one("@book{c, title={T}, date=1983, publisher={Routledge {and} Kegan Paul}}")
    assert item["publisher"] == "Routledge and Kegan Paul"


def test_a_classic_bibtex_entry_keeps_and_as_text() -> None:
    # No field only biblatex defines: the entry is BibTeX's, where a publisher is one text.
    item = one("@book{b, title={T}, year=2015, publisher={Chapman and Hall}, address={A and B}}")
    assert item["publisher"] == "Chapman and Hall"
    assert item["publisher-place"] == "A and B"


# --- localisation keys (§4.9.2) ----------------------------------------------------------------


def test_a_type_that_is_a_localisation_key_is_its_string() -> None:
    items = csl(
        "@report{chiu, title={T}, date=1978, type={resreport}, institution={IBM}}\n"
        "@thesis{loh, title={T}, date=1992, type={mathesis}, institution={MIT}}\n"
        "@patent{sorace, title={T}, date=1997, type={patentus}, number={5668842}}\n"
        "@report{other, title={T}, date=1978, type={Working paper}, institution={IBM}}"
    )
    assert items["chiu"]["genre"] == "research report"
    assert items["loh"]["genre"] == "Master’s thesis"
    assert items["sorace"]["genre"] == "U.S. patent"
    assert items["other"]["genre"] == "Working paper"


def test_a_patents_location_is_its_countries() -> None:
    item = one(
        "@patent{almendro, title={T}, date=1998, number={EU-29702195U},"
        " location={countryfr and countryuk and countryde}}"
    )
    assert item["jurisdiction"] == "France; United Kingdom; Germany"
    assert "publisher-place" not in item


def test_a_journal_series_is_a_key_or_an_ordinal() -> None:
    items = csl(
        "@article{gillies, title={T}, journaltitle={J}, series={newseries}, date=1933,"
        " langid={english}}\n"
        "@article{reese, title={T}, journaltitle={J}, series={3}, date=1958}"
    )
    assert items["gillies"]["collection-title"] == "New series"
    assert items["reese"]["collection-title"] == "3rd series"


def test_bibstring_is_the_string_of_its_key() -> None:
    assert latex.to_text(r"\bibstring{newseries} and \bibstring{unknownkey}") == (
        "new series and unknownkey"
    )


def test_english_ordinals() -> None:
    assert [bibstrings.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 111, 112)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "111th",
        "112th",
    ]


# --- names (§3.1.3, the useprefix option) --------------------------------------------------


def test_useprefix_makes_the_prefix_part_of_the_family_name() -> None:
    items = csl(
        "@book{vangennep, author={van Gennep, Arnold}, title={T}, date=1909,"
        " options={useprefix}}\n"
        "@book{brandt, author={von Brandt, Ahasver}, title={T}, date=1955,"
        " options={useprefix=false}}\n"
        "@book{geer, author={de Geer, Ingrid}, title={T}, date=1985}"
    )
    assert items["vangennep"]["author"] == [
        {"family": "Gennep", "given": "Arnold", "non-dropping-particle": "van"}
    ]
    assert items["brandt"]["author"] == [
        {"family": "Brandt", "given": "Ahasver", "dropping-particle": "von"}
    ]
    assert items["geer"]["author"] == [
        {"family": "Geer", "given": "Ingrid", "dropping-particle": "de"}
    ]


# --- titles, volumes and parts (§2.2.2) ---------------------------------------------------------


def test_a_volume_of_a_multivolume_book_has_its_own_volume_title() -> None:
    item = one(
        "@book{coleridge, title={Biographia literaria}, date=1983,"
        " maintitle={The collected works of {Samuel Taylor Coleridge}}, volume=7, part=2,"
        " langid={english}}"
    )
    assert item["title"] == (
        'The collected works of <span class="nocase">Samuel Taylor Coleridge</span>'
    )
    assert item["volume-title"] == "Biographia literaria"
    assert item["volume"] == "7.2"
    assert "container-title" not in item


def test_a_part_of_a_volume_is_in_the_main_work() -> None:
    item = one(
        "@inbook{kant:kpv, title={Kritik der praktischen Vernunft}, date=1968,"
        " booktitle={Kritik der praktischen Vernunft. Kritik der Urtheilskraft},"
        " maintitle={Kants Werke. Akademie Textausgabe}, volume=5, langid={german}}"
    )
    assert item["container-title"] == "Kants Werke. Akademie Textausgabe"
    assert item["volume-title"] == "Kritik der praktischen Vernunft. Kritik der Urtheilskraft"


def test_addons_follow_their_title_after_a_full_stop() -> None:
    item = one(
        "@inproceedings{moraux, title={Le De Anima}, date=1979,"
        " booktitle={Aristotle on Mind and the Senses},"
        " booktitleaddon={Proceedings of the Seventh Symposium Aristotelicum},"
        " titleaddon={Ein Zusatz}, langid={french}}"
    )
    assert item["container-title"] == (
        "Aristotle on Mind and the Senses. Proceedings of the Seventh Symposium Aristotelicum"
    )
    assert item["title"] == "Le De Anima. Ein Zusatz"


def test_volumes_and_pagetotal_are_counts() -> None:
    item = one("@mvbook{knuth, title={T}, date={1984/1986}, volumes=5, pagetotal={528}}")
    assert item["number-of-volumes"] == "5"
    assert item["number-of-pages"] == "528"


def test_an_issue_of_a_periodical_is_titled_in_its_journal() -> None:
    item = one(
        "@periodical{jcg, title={Computers and Graphics}, year=2011,"
        " issuetitle={Semantic {3D} Media and Content}, volume=35, number=4}"
    )
    assert item["type"] == "article-journal"
    assert item["title"] == 'Semantic <span class="nocase">3D</span> media and content'
    assert item["container-title"] == "Computers and Graphics"
    assert item["issue"] == "4"


def test_original_and_event_fields() -> None:
    item = one(
        "@inproceedings{salam, title={T}, date=1968, booktitle={B},"
        ' eventdate={1968-05-19/1968-05-25}, venue={Aspen{\\"a}sgarden, Lerum},'
        " eventtitle={Eighth Nobel Symposium}, origtitle={Original},"
        " origpublisher={John Wiley \\& Sons}, origlocation={New York}, addendum={An addendum},"
        " note={A note}, langid={german}}"
    )
    assert item["event-date"] == {"date-parts": [[1968, 5, 19], [1968, 5, 25]]}
    assert item["event-place"] == "Aspenäsgarden, Lerum"
    assert item["event"] == "Eighth Nobel Symposium"
    assert item["original-title"] == "Original"
    assert item["original-publisher"] == "John Wiley & Sons"
    assert item["original-publisher-place"] == "New York"
    assert item["note"] == "A note. An addendum"


def test_an_english_variant_is_its_language_tag() -> None:
    item = one("@book{h, title={T}, date=1997, langid={english}, langidopts={variant=british}}")
    assert item["language"] == "en-GB"


# --- LaTeX: biblatex's quoting and hyphen commands (§4.6.3, §4.10.4), babel ------------------


def test_quoting_commands_give_quotation_marks_that_alternate_when_nested() -> None:
    assert latex.to_text(r"\mkbibquote{Intention} und \enquote{a \mkbibquote{b}}") == (
        "“Intention” und “a ‘b’”"
    )


def test_a_quotation_keeps_its_case_in_a_sentence_cased_title() -> None:
    item = one(r"@book{n, title={Aristotle's \mkbibquote{De Motu Animalium}}, date=1978}")
    assert "De Motu Animalium" in str(item["title"])


def test_hyphen_commands_and_foreign_language_text() -> None:
    assert latex.to_text(r"methodology\hyphen independent") == "methodology-independent"
    assert latex.to_text(r"Marian \foreignlanguage{polish}{Przełęcki}") == "Marian Przełęcki"


# --- inheritance (§2.4.1 and Appendix B; §3.13.6) -----------------------------------------------


def test_a_volume_inherits_its_multivolume_works_title_as_main_title() -> None:
    items = csl(
        "@mvbook{ksa, author={Nietzsche, Friedrich}, title={Sämtliche Werke}, date=1988,"
        " volumes=15, publisher={dtv}, langid={german}}\n"
        "@book{ksa1, title={Die Geburt der Tragödie}, volume=1, crossref={ksa}}"
    )
    assert items["ksa1"]["title"] == "Sämtliche Werke"
    assert items["ksa1"]["volume-title"] == "Die Geburt der Tragödie"
    assert items["ksa1"]["author"] == [{"family": "Nietzsche", "given": "Friedrich"}]
    assert "number-of-volumes" in items["ksa1"]  # inherited as it is: Appendix B names no rule


def test_a_chapter_inherits_its_books_author_as_book_author_and_its_title_as_booktitle() -> None:
    items = csl(
        "@book{ps, author={Ryle, Gilbert}, title={Collected Papers}, date=2000}\n"
        "@inbook{oya, crossref={ps}, author={Ryle, Gilbert}, title={Ordinary Language}}"
    )
    assert items["oya"]["container-author"] == [{"family": "Ryle", "given": "Gilbert"}]
    assert items["oya"]["container-title"] == "Collected papers"


def test_a_chain_of_parents_is_followed_and_a_cycle_is_followed_once() -> None:
    items = csl(
        "@mvbook{mv, title={Works}, date=1900, publisher={P}}\n"
        "@book{vol, title={Volume}, volume=1, crossref={mv}}\n"
        "@inbook{ch, title={Chapter}, pages={1--2}, crossref={vol}}\n"
        "@book{x, title={X}, crossref={y}}\n"
        "@book{y, title={Y}, crossref={x}, publisher={Q}}"
    )
    assert items["ch"]["publisher"] == "P"
    assert items["ch"]["container-title"] == "Works"  # the main title of the volume it is in
    assert items["ch"]["volume-title"] == "Volume"
    assert items["x"]["publisher"] == "Q"


def test_xdata_fields_are_taken_as_they_are() -> None:
    items = csl(
        "@xdata{common, location={М.}, publisher={ИФРАН}, langid={russian}}\n"
        "@collection{if1, title={История философии}, year=1997, xdata={common}}\n"
        "@collection{if2, title={T}, year=1997, xdata={common}, publisher={Own}}"
    )
    assert items["if1"]["publisher"] == "ИФРАН"
    assert items["if1"]["publisher-place"] == "М."
    assert items["if1"]["language"] == "ru-RU"
    assert items["if2"]["publisher"] == "Own"


def test_format_never_lists_an_xdata_entry(cli: Invoke, tmp_path: Path) -> None:
    """biblatex §2.1.1: @xdata entries "only serve as data containers; they may not be cited or
    added to the bibliography"."""
    bib = tmp_path / "x.bib"
    bib.write_text(
        "@xdata{common, publisher={ИФРАН}, year=1997}\n"
        "@collection{if1, title={История философии}, xdata={common}}\n",
        encoding="utf-8",
    )
    result = cli("format", str(bib), "--format", "json")
    assert [entry["key"] for entry in json.loads(result.stdout)] == ["if1"]


# --- properties -------------------------------------------------------------------------------

field_names = st.sampled_from(["title", "author", "publisher", "date", "note", "maintitle"])
graphs = st.lists(
    st.tuples(
        st.sampled_from(["book", "mvbook", "inbook", "incollection", "collection", "xdata"]),
        st.dictionaries(field_names, st.text("abc XYZ", min_size=1, max_size=8), max_size=3),
        st.lists(st.integers(0, 5), max_size=2),
        st.integers(0, 5) | st.none(),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=300, deadline=None)
@given(graph=graphs)
def test_inheritance_ends_and_never_changes_a_field_an_entry_has(
    graph: list[tuple[str, dict[str, str], list[int], int | None]],
) -> None:
    references = []
    for n, (kind, own, xdata, parent) in enumerate(graph):
        fields = list(own.items())
        if xdata:
            fields.append(("xdata", ",".join(f"k{i}" for i in xdata)))
        if parent is not None:
            fields.append(("crossref", f"k{parent}"))
        references.append(Reference(f"k{n}", kind, tuple(fields)))
    by_key = {r.key: r for r in references}
    for reference in references:
        resolved = from_bibtex.resolve(reference, by_key.get)
        for name, value in reference.fields:
            if name != "crossref":
                assert resolved.get(name) == value
        from_bibtex.to_csl(reference, by_key.get)  # ends, and raises nothing


# --- casing: which language, and where a sentence ends -------------------------------------


def test_langid_not_language_decides_whether_a_title_is_sentence_cased() -> None:
    # biblatex's `language` is the work's language as printed; `langid` (or the old
    # `hyphenation`) is what biblatex and pandoc case by.
    items = csl(
        "@book{a, title={Die Geburt der Tragödie}, year=1872, language={german}}\n"
        "@book{b, title={Die Geburt der Tragödie}, year=1872, langid={german}}\n"
        "@book{c, title={Die Geburt der Tragödie}, year=1872, hyphenation={german}}"
    )
    assert items["a"]["title"] == "Die geburt der tragödie"
    assert "language" not in items["a"]
    assert items["b"]["title"] == items["c"]["title"] == "Die Geburt der Tragödie"


def test_a_word_after_a_sentence_keeps_its_capital_and_marked_text_its_case() -> None:
    items = csl(
        "@book{a, title={Analysis. An Introduction}, year=2004}\n"
        "@book{b, title={Aleatory or Epistemic? Does It Matter?}, year=2009}\n"
        "@book{c, title={Workshop, Stuttgart, March 2-3, 2009. Proceedings}, year=2009}\n"
        "@book{d, title={Pipelined Radix-2\\textsuperscript{K} Feedforward Architectures},"
        " year=2013}"
    )
    assert items["a"]["title"] == "Analysis. An introduction"
    assert items["b"]["title"] == "Aleatory or epistemic? Does it matter?"
    assert items["c"]["title"] == "Workshop, stuttgart, march 2-3, 2009. Proceedings"
    assert items["d"]["title"] == "Pipelined radix-2<sup>K</sup> feedforward architectures"


def test_the_parts_of_a_word_around_protected_text_are_sentence_cased() -> None:
    items = csl(
        "@book{a, title={High-Speed Digital-to-{RF} Converter}, year=1997}\n"
        "@book{b, title={The {iPhone}X Review}, year=2017}"
    )
    assert items["a"]["title"] == 'High-speed digital-to-<span class="nocase">RF</span> converter'
    assert items["b"]["title"] == 'The <span class="nocase">iPhone</span>X review'


def test_a_sentence_cased_title_opens_with_a_capital_whatever_its_protected_text() -> None:
    """biblatex's \\MakeSentenceCase and pandoc 3.9 open a sentence-cased title with a
    capital when its first word's own letters are all lower case: a protected part of the
    word ("{{YearSuffix}}", "{BAR}") is not one of them, so it no longer keeps the word in
    lower case (Better BibLaTeX's test library: "bugreports_{{YearSuffixInHarvard1}}", 48
    such titles). A capital or a digit in the word's own letters still keeps it as written
    ("x2 {Y}"). The expected titles are pandoc's CSL-JSON of the same entries."""
    items = csl(
        "@book{a, title={bugreports\\_{{YearSuffix}}}, year=2020}\n"
        "@book{b, title={foo{BAR} and more}, year=2020}\n"
        "@book{c, title={sem{P}lot in use}, year=2020}\n"
        "@book{d, title={x2 {Y} study}, year=2020}\n"
        "@book{e, title={{the} role}, year=2020}"
    )
    titles = {key: plain_text(str(item["title"])) for key, item in items.items()}
    assert titles == {
        "a": "Bugreports_YearSuffix",
        "b": "FooBAR and more",
        "c": "SemPlot in use",
        "d": "x2 Y study",
        "e": "the role",
    }


def test_an_unpublished_work_given_at_an_event_is_a_talk() -> None:
    """biblatex §2.1.1 @unpublished with the event it was given at (§2.2.2 eventtitle,
    eventdate, venue) is a talk: CSL's "speech", which APA dates to the day ("(2000, April
    26). The craft and career of writing [Lecture]", a held-out Better BibLaTeX library).
    Without one it stays a manuscript, a type field ("lecture") being its genre only. The
    types are those of pandoc 3.9's CSL-JSON of the same entries, both readers."""
    items = csl(
        "@unpublished{a, title={A}, date={2000-04-26}}\n"
        "@unpublished{b, title={B}, date={2000-04-26}, venue={Evanston}}\n"
        "@unpublished{c, title={C}, date={2000-04-26}, eventtitle={Conf}}\n"
        "@unpublished{d, title={D}, date={2000-04-26}, eventdate={2000-04-26}}\n"
        "@unpublished{e, title={E}, date={2000-04-26}, type={lecture}}\n"
        "@unpublished{f, title={F}, date={2000-04-26}, location={Evanston}}"
    )
    types = {key: item["type"] for key, item in items.items()}
    assert types == {
        "a": "manuscript",
        "b": "speech",
        "c": "speech",
        "d": "speech",
        "e": "manuscript",
        "f": "manuscript",
    }
    assert items["b"]["event-place"] == "Evanston"


def test_an_interval_that_ends_before_it_starts_is_text() -> None:
    items = csl(
        "@article{a, title={T}, journaltitle={J}, year={2005/1}}\n"
        "@article{b, title={T}, journaltitle={J}, year={1992/1993}}"
    )
    assert items["a"]["issued"] == {"literal": "2005/1"}
    assert items["b"]["issued"] == {"date-parts": [[1992], [1993]]}


def test_an_extended_name_keeps_its_particle_and_its_own_useprefix() -> None:
    """biblatex manual §3.4, the extended name format Zotero's Better BibLaTeX writes: the
    name's useprefix=true makes the prefix part of the family name (CSL's non-dropping
    particle); without it the prefix drops (pandoc 3.9's APA: "Meij, V. van der")."""
    item = one(
        "@article{a, title={T}, journaltitle={J}, date={2021}, author={family=Meij,"
        " given=Vincent, prefix=van der and family=Hakim, given=Tawfiq, prefix=al-,"
        " useprefix=true}}"
    )
    assert item["author"] == [
        {"family": "Meij", "given": "Vincent", "dropping-particle": "van der"},
        {"family": "Hakim", "given": "Tawfiq", "non-dropping-particle": "al-"},
    ]


def test_an_article_in_a_newspaper_or_magazine_is_one() -> None:
    """biblatex §2.2.3 entrysubtype, as Better BibLaTeX exports a newspaper article; APA then
    dates it to the day (pandoc 3.9: "Barker, A. (2016, June 6). Swiss voters say no to
    guaranteed free money. ABC News.")."""
    items = csl(
        "@article{a, author={Barker, Anne}, date={2016-06-06T15:26:37+1000}, title={Swiss"
        " Voters Say No to Guaranteed Free Money}, entrysubtype={newspaper},"
        " journaltitle={ABC News}}\n"
        "@article{b, title={T}, journaltitle={J}, entrysubtype={magazine}}\n"
        "@article{c, title={T}, journaltitle={J}, entrysubtype={something}}"
    )
    assert [items[k]["type"] for k in "abc"] == [
        "article-newspaper",
        "article-magazine",
        "article-journal",
    ]
    [entry] = engine.render_bibliography([items["a"]], "apa")
    assert entry.text == (
        "Barker, A. (2016, June 6). Swiss voters say no to guaranteed free money. ABC News."
    )


def test_shortjournal_is_the_journals_abbreviation() -> None:
    """biblatex §2.2.2 shortjournal, which NLM prints; pandoc 3.9 from the same entry:
    "Noble WS. What is a support vector machine? Nat Biotechnol. 2006 Dec;24(12):1565–7."."""
    item = one(
        "@article{a, author={Noble, William S.}, title={What is a support vector machine?},"
        " journaltitle={Nature Biotechnology}, shortjournal={Nat Biotechnol}, date={2006-12},"
        " volume={24}, number={12}, pages={1565--1567}}"
    )
    assert item["container-title-short"] == "Nat Biotechnol"
    [entry] = engine.render_bibliography([item], "nlm-citation-sequence")
    assert entry.text == (
        "1. Noble WS. What is a support vector machine? Nat Biotechnol. 2006 Dec;24(12):1565–7."
    )


def test_an_editor_whose_role_is_director_is_the_director() -> None:
    """biblatex §2.2.2 editortype, as Better BibLaTeX exports a film's director; pandoc 3.9's
    APA for the same entry: "Forman, M. (Director). (1975). One flew over the cuckoo’s nest
    [Video recording]. United Artists."."""
    item = one(
        "@video{a, title={One Flew over the Cuckoo's Nest}, editor={Forman, Miloš},"
        " editortype={director}, date={1975}, publisher={United Artists}}"
    )
    assert "editor" not in item
    assert item["director"] == [{"family": "Forman", "given": "Miloš"}]
    [entry] = engine.render_bibliography([item], "apa")
    assert entry.text == (
        "Forman, M. (Director). (1975). One flew over the cuckoo’s nest [Video recording]."
        " United Artists."
    )


@pytest.mark.parametrize(
    ("date", "issued"),
    [
        # EDTF level 1, unspecified digits (biblatex §2.3.8), and the "u" of the EDTF drafts
        # Better BibTeX's older exports follow; read as pandoc 3.9 reads them.
        ("199X", {"date-parts": [[1990], [1999]]}),
        ("19uu", {"date-parts": [[1900], [1999]]}),
        ("1999-XX", {"date-parts": [[1999]]}),
        ("1999-01-uu", {"date-parts": [[1999, 1]]}),
        ("1999-XX-XX", {"date-parts": [[1999]]}),
        ("1723?~", {"date-parts": [[1723]], "circa": True}),
        # ISO 8601 years have four digits: "20" is no year 20, it prints as written.
        ("20", {"literal": "20"}),
    ],
)
def test_unspecified_digits_and_short_years(date: str, issued: dict[str, object]) -> None:
    assert one(f"@book{{a, title={{T}}, date={{{date}}}}}")["issued"] == issued


@pytest.mark.parametrize(
    ("date", "issued"),
    [
        # ISO 8601 counts years astronomically (0000 is 1 BCE), CSL does not (-1 is 1 BCE):
        # -0099 is 100 BCE, as biblatex prints it; EDTF's "Y" opens a longer year.
        ("-0099-07-12/-0043-03-15", {"date-parts": [[-100, 7, 12], [-44, 3, 15]]}),
        ("-0876", {"date-parts": [[-877]]}),
        ("0000", {"date-parts": [[-1]]}),
        ("y-51234", {"date-parts": [[-51235]]}),
        ("y52000", {"date-parts": [[52000]]}),
        ("0001", {"date-parts": [[1]]}),
        # No year of a work has ten digits; 5,000 would stop Python's int() (its limit).
        ("Y1234567890", {"literal": "Y1234567890"}),
        ("Y" + "9" * 5000, {"literal": "Y" + "9" * 5000}),
    ],
)
def test_years_before_the_common_era_are_counted_as_csl_counts_them(
    date: str, issued: dict[str, object]
) -> None:
    """biblatex §2.3.8 (ISO 8601, EDTF level 1) against CSL-JSON's years: the expected
    date-parts are pandoc 3.9's CSL-JSON of the same dates (Better BibLaTeX's test library:
    we printed "99 B.C.E." for -0099, pandoc and citeproc-js "100 B.C.E.")."""
    assert one(f"@book{{a, title={{T}}, date={{{date}}}}}")["issued"] == issued


def test_a_date_with_two_slashes_is_text() -> None:
    """ISO 8601 and EDTF: an interval is two dates and one "/"; a US-style "12/05/2020" is no
    biblatex date, and is printed as written rather than as a three-part range."""
    items = csl(
        "@article{a, title={T}, journaltitle={J}, date={12/05/2020}}\n"
        "@article{b, title={T}, journaltitle={J}, date={2019/2020/2021}}"
    )
    assert items["a"]["issued"] == {"literal": "12/05/2020"}
    assert items["b"]["issued"] == {"literal": "2019/2020/2021"}


def test_the_bodies_a_type_prints_come_before_the_publisher() -> None:
    # biblatex's @inproceedings driver prints the organization, then the publisher.
    items = csl(
        "@inproceedings{a, title={T}, year=2015, booktitle={B}, organization={IEEE},"
        " publisher={Institute of Electrical {\\&} Electronics Engineers}}\n"
        "@book{b, title={T}, year=2015, organization={Ignored}, publisher={P}}"
    )
    assert items["a"]["publisher"] == "IEEE; Institute of Electrical & Electronics Engineers"
    assert items["b"]["publisher"] == "P"  # biblatex's @book has no organization


place_names = st.text("abcXYZ ,.", min_size=1, max_size=12).filter(
    lambda t: t.strip() and " and " not in f" {t} " and t.strip(" ,.") == t.strip(" ,.").strip()
)


@settings(max_examples=300, deadline=None)
@given(places=st.lists(place_names, min_size=1, max_size=4), braced=st.booleans())
def test_a_literal_list_keeps_every_item_and_a_braced_and(places: list[str], braced: bool) -> None:
    from readinglist.csl.bib_fields import Fields

    value = " and ".join(places)
    if braced:
        value = "{" + value + "}"
    fields = Fields.of(Reference("k", "book", (("location", value), ("date", "2000"))))
    expected = (
        [" ".join(latex.to_text(value).split())]
        if braced
        else [" ".join(p.split()) for p in places]
    )
    assert fields.literal_list("location") == [e for e in expected if e]


def test_a_subtitle_is_left_out_of_the_short_title() -> None:
    """biblatex §2.2.2: the short form of a title (its labeltitle) is the title without the
    subtitle. An APA citation of a work without author prints it; pandoc 3.9 cites this entry
    as "(Main Part, 2000)" and reads its title-short as "Main part"."""
    item = one("@book{a, title={Main Part}, subtitle={The Sub}, year={2000}, publisher={P}}")
    assert item["title-short"] == "Main part"
    [cited] = [p for p in Citer([item], "apa", "en-US").split("[@a]") if p != ""]
    assert not isinstance(cited, str)
    assert cited.text == "(Main Part, 2000)"
