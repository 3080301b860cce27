"""CSL-JSON -> BibTeX: biblatex's data model (field names per entry type), LaTeX escaping,
case protection and author-year keys."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from readinglist.bibtex import latex
from readinglist.csl.rich_text import plain_text
from readinglist.csl.to_bibtex import escape_latex, make_key, protect_title, to_reference
from readinglist.render import engine
from tests.test_biblatex_model import one


def fields(item: dict[str, object]) -> tuple[str, dict[str, str]]:
    reference = to_reference(item, "k")
    return reference.entry_type, dict(reference.fields)


def test_a_journal_article_uses_biblatex_field_names() -> None:
    entry_type, got = fields(
        {
            "type": "article-journal",
            "title": "A conceptual analysis of autistic masking",
            "author": [
                {"family": "Pearson", "given": "Amy"},
                {"family": "Rose", "given": "Kieran"},
            ],
            "container-title": "Autism in Adulthood",
            "issued": {"date-parts": [[2021, 3]]},
            "volume": "3",
            "issue": "1",
            "page": "52–60",
            "DOI": "10.1089/aut.2020.0043",
            "ISSN": ["2573-959X", "2573-9581"],
            "URL": "https://example.org/not-needed-with-a-doi",
        }
    )
    assert entry_type == "article"
    assert got == {
        "author": "Pearson, Amy and Rose, Kieran",
        "title": "A conceptual analysis of autistic masking",
        "journal": "Autism in Adulthood",
        "year": "2021",
        "month": "3",
        "volume": "3",
        "number": "1",  # a journal issue is biblatex's number
        "pages": "52--60",
        "issn": "2573-959X",  # registries send a list; the first is kept
        "doi": "10.1089/aut.2020.0043",
    }


def test_chapters_theses_and_reports_name_their_container_and_publisher_as_biblatex_does() -> None:
    entry_type, chapter = fields(
        {
            "type": "chapter",
            "title": "When helping professionals hurt",
            "container-title": "Improving access",
            "editor": [{"family": "Pavlopoulou", "given": "Georgia"}],
            "publisher": "Routledge",
            "status": "in press",
        }
    )
    assert entry_type == "incollection"
    assert chapter["booktitle"] == "Improving access"
    assert (chapter["editor"], chapter["publisher"], chapter["pubstate"]) == (
        "Pavlopoulou, Georgia",
        "Routledge",
        "inpress",
    )
    assert fields({"type": "thesis", "publisher": "UCL", "genre": "Master's thesis"}) == (
        "mastersthesis",
        {"school": "UCL"},
    )
    assert fields({"type": "thesis", "publisher": "UCL"}) == ("phdthesis", {"school": "UCL"})
    assert fields({"type": "report", "publisher": "WHO"}) == ("techreport", {"institution": "WHO"})
    # A repository record (Zenodo, OSF) names no journal: it is no article.
    assert fields({"type": "article", "URL": "https://zenodo.org/record/1"}) == (
        "misc",
        {"url": "https://zenodo.org/record/1"},
    )
    assert fields({"type": "no-such-type"})[0] == "misc"


def test_markup_becomes_latex_and_specials_are_escaped() -> None:
    _, got = fields(
        {
            "type": "article-journal",
            "title": "Growth of <i>E. coli</i> at 50% & $5",
            "container-title": "Journal of A & B",
        }
    )
    assert got["title"] == r"Growth of \emph{E. coli} at 50\% \& \$5"
    assert got["journal"] == r"Journal of A \& B"


def test_a_title_opening_in_lower_case_is_braced_so_it_reads_back_as_written() -> None:
    """Reading an English title, biblatex's sentence casing and pandoc capitalise its first
    letter, and a sentence's after a colon; a title written in lower case there ("p-hacking",
    "eLife" inside caps aside) must be braced to read back as it was, as BibTeX's own
    change.case$ leaves brace groups alone. Inside a command's braces the case is kept
    anyway: nothing more is added there."""
    _, got = fields(
        {"type": "article-journal", "title": "p-hacking in science: a review of x-rays"}
    )
    assert got["title"] == "{p-hacking} in science: {a} review of x-rays"
    read = one("@article{k, title={" + got["title"] + "}, journaltitle={J}, date={2020}}")
    assert plain_text(str(read["title"])) == "p-hacking in science: a review of x-rays"
    _, got = fields({"type": "article-journal", "title": "<i>e. coli</i> in water"})
    assert got["title"] == r"\emph{e. coli} in water"


def test_names_keep_particles_suffixes_and_literals() -> None:
    _, got = fields(
        {
            "type": "book",
            "author": [
                {"family": "Hall", "given": "H. K.", "suffix": "Jr."},
                {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"},
                {"literal": "World Health Organization"},
            ],
        }
    )
    assert got["author"] == (
        "Hall, Jr., H. K. and van Beethoven, Ludwig and {World Health Organization}"
    )


def test_a_suffix_written_in_the_given_name_is_written_as_bibtexs_jr_part() -> None:
    """Zotero users write a suffix in the first-name field ("Martin Luther, Jr."); both
    reference processors read it apart from CSL-JSON, and so does the renderer. Written back
    whole, "King, Martin Luther, Jr." would make "Martin Luther" BibTeX's Jr part; a comma that
    is no suffix's (parse-names false: "A, III") is braced."""
    _, got = fields(
        {
            "type": "book",
            "author": [
                {"family": "King", "given": "Martin Luther, Jr."},
                {"family": "Roe", "given": "A, III", "parse-names": False},
            ],
        }
    )
    assert got["author"] == "King, Jr., Martin Luther and Roe, {A, III}"


@given(
    family=st.text(alphabet="Kng ,.!", min_size=1, max_size=10),
    given_=st.text(alphabet="Mrt ,.!eal", max_size=14),
)
def test_a_given_name_with_any_commas_keeps_every_word(family: str, given_: str) -> None:
    """Hostile given names on the suffix path (", Jr.", "M,,!", "A, et al.", a lone comma):
    the author written back holds every word of the CSL-JSON name, and renders without
    raising."""
    if not family.strip(" ,.!"):
        return
    item: dict[str, object] = {
        "type": "book",
        "title": "T",
        "author": [{"family": family, "given": given_}],
    }
    _, got = fields(item)
    words = re.compile(r"[A-Za-z]+")
    assert sorted(words.findall(got.get("author", ""))) == sorted(
        words.findall(family + " " + given_)
    )
    engine.render_bibliography([{**item, "id": "k"}], "apa", cache=False)


def test_case_protection_braces_acronyms_always_and_names_in_sentence_case_titles() -> None:
    sentence_case = "The IPT manual for depressed clients in rural Britain"
    assert protect_title(sentence_case)(sentence_case) == (
        "The {IPT} manual for depressed clients in rural {Britain}"
    )
    title_case = protect_title("The IPT Manual for Clinicians in Britain")
    assert title_case("The IPT Manual for Clinicians in Britain") == (
        "The {IPT} Manual for Clinicians in Britain"
    )


def test_keys_are_author_year_then_lettered() -> None:
    item = {"author": [{"family": "Mendonça"}], "issued": {"date-parts": [[2020]]}}
    assert make_key(item, lambda key: False) == "mendonca2020"
    taken = {"mendonca2020", "mendonca2020a"}
    assert make_key(item, taken.__contains__) == "mendonca2020b"
    assert make_key({"editor": [{"literal": "The IPT Group"}]}, lambda key: False) == "groupnd"
    assert make_key({}, lambda key: False) == "anonnd"
    # A name with no letter ASCII can spell is no one's key ("¡" found by a property test).
    assert make_key({"author": [{"family": "¡"}]}, lambda key: False) == "anonnd"


@given(
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"], exclude_characters="`'-"))
)
def test_escaped_text_reads_back_as_the_same_text(text: str) -> None:
    # A field value's white space is folded when it is read, as BibTeX does; TeX's dash and
    # quote ligatures (-- ``) are read as the typographic characters on purpose, so the
    # characters they are made of are left out here.
    folded = re.sub(r"[ \t\r\n]+", " ", text).strip(" ")
    assert latex.to_text(escape_latex(text)) == folded


def test_a_pmid_is_written_as_biblatex_eprint_and_read_back() -> None:
    """biblatex §3.14.7: a PubMed ID is ``eprint`` with ``eprinttype = {pubmed}``; reading the
    entry gives the PMID back, so an entry added from PubMed keeps its link."""
    from readinglist.csl.from_bibtex import to_csl

    item = {"type": "article-journal", "title": "T", "PMID": "26356309"}
    reference = to_reference(item, "k")
    assert dict(reference.fields)["eprint"] == "26356309"
    assert dict(reference.fields)["eprinttype"] == "pubmed"
    assert to_csl(reference)["PMID"] == "26356309"
    assert "eprint" not in dict(to_reference({"type": "book", "PMID": "n/a"}, "k").fields)
