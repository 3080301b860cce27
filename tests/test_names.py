"""BibTeX name lists, split as BibTeX splits them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist.bibtex.names import (
    OTHERS,
    et_al_names,
    format_name,
    overfull_names,
    parse_names,
    parse_names_read,
    trailing_comma_names,
)
from readinglist.model import Person

ONE_NAME = pytest.mark.parametrize(
    ("source", "person"),
    [
        ("Wampold, Bruce E.", Person(family="Wampold", given="Bruce E.")),
        ("Bruce E. Wampold", Person(family="Wampold", given="Bruce E.")),
        ("van der Berg, Jan", Person(family="Berg", given="Jan", particle="van der")),
        ("Ludwig van Beethoven", Person(family="Beethoven", given="Ludwig", particle="van")),
        ("de la Fontaine, Jean", Person(family="Fontaine", given="Jean", particle="de la")),
        ("Smith, Jr., John", Person(family="Smith", given="John", suffix="Jr.")),
        ("{World Health Organization}", Person(literal="World Health Organization")),
        (r"Zamora-L{\'{o}}pez, Gorka", Person(family="Zamora-López", given="Gorka")),
        ("{Barnes and Noble}, Inc", Person(family="Barnes and Noble", given="Inc")),
        ("Crane, L.", Person(family="Crane", given="L.")),
        # BibTeX's rules where bibtexparser's name splitter reads otherwise: the last word is
        # always the last name, and the "von" part ends at the last lower-case word before it;
        # a special character ({\O}) has the case of its letter.
        ("de 2000", Person(family="2000", particle="de")),
        (r"van {\O}ster de", Person(family="Øster de", particle="van")),
        ("jean de la fontaine", Person(family="fontaine", particle="jean de la")),
        (r"Niels {\O}stergaard", Person(family="Østergaard", given="Niels")),
        ("Smith,", Person(family="Smith")),  # a trailing comma is tolerated
        # btparse's rules (biber's splitter) where classic BibTeX reads otherwise: the von part
        # is the first run of lower-case words, and before a comma only one the name opens with.
        (
            "Jean de la Fontaine du Bois",
            Person(family="Fontaine du Bois", given="Jean", particle="de la"),
        ),
        ("Van der Waals, J.", Person(family="Van der Waals", given="J.")),
        ("Пико делла Мирандола, Джованни", Person(family="Пико делла Мирандола", given="Джованни")),
        ("ван дер Берг, Ян", Person(family="Берг", given="Ян", particle="ван дер")),
        (r"{\"u}ber Alles, Max", Person(family="Alles", given="Max", particle="über")),
        ("3. А. Кузичевой", Person(family="Кузичевой", given="3. А.")),  # "3." has no case
        # Commas that end a name are dropped, as btparse drops them ("comma(s) at end of
        # name (removing)"; biber 2.19 reads these so); classic BibTeX and pandoc read the
        # first as a last name alone and the second with a Jr part.
        ("H. Cooper,", Person(family="Cooper", given="H.")),
        (r"P. Erd\"os, A. R\'enyi,", Person(family="P. Erdös", given="A. Rényi")),
        ("de la Fontaine, Jean,, ", Person(family="Fontaine", given="Jean", particle="de la")),
        # Commas after the second are spaces in the First part (bibtex.web §389: "Too many
        # commas in name", read on; btparse removes the extras): no First name is dropped.
        (
            "Hester, the STAT 545 TAs, Jim, Jenny Bryan",
            Person(family="Hester", suffix="the STAT 545 TAs", given="Jim Jenny Bryan"),
        ),
        ("Doe, Jr, John,", Person(family="Doe", suffix="Jr", given="John")),
        # biber decodes LaTeX before it splits a name: the tilde accent is no tie, and the
        # thin space "\," no comma (pandoc 3.9 reads the same parts: "Piña, I. L.").
        (r"I L Pi\~{n}a", Person(family="Piña", given="I L")),
        (r"Pi\~na, Ileana L.", Person(family="Piña", given="Ileana L.")),
        (r"J.\,R.\,R. Tolkien", Person(family="Tolkien", given="J.\u2009R.\u2009R.")),
        (r"Tolkien, C.\,J.\,R.", Person(family="Tolkien", given="C.\u2009J.\u2009R.")),
        ("D.~E. Knuth", Person(family="Knuth", given="D. E.")),  # a tie is a space
        # biber 2.19 reads the apostrophe as no lower-case letter: "'t" opens the last name
        ("van 't Veer, Anna E.", Person(family="\u2019t Veer", given="Anna E.", particle="van")),
    ],
)


@ONE_NAME
def test_one_name(source: str, person: Person) -> None:
    assert parse_names(source) == [person]


def _biber_names(tmp_path: Path, sources: list[str]) -> list[dict[str, str]]:
    """biber's reading of each name (one entry each): its parts as text."""
    bib = tmp_path / "names.bib"
    bib.write_text(
        "".join(f"@misc{{n{i}, author = {{{s}}}}}\n" for i, s in enumerate(sources)),
        encoding="utf-8",
    )
    out = tmp_path / "names.bltxml"
    subprocess.run(  # exit 2 when it skipped an entry: those are left out below
        ["biber", "--tool", "--output-format=biblatexml", f"--output-file={out}", str(bib)],
        capture_output=True,
        check=False,
        cwd=tmp_path,
    )
    ns = "{http://biblatex-biber.sourceforge.net/biblatexml}"
    read: dict[str, dict[str, str]] = {}
    for entry in ElementTree.parse(out).getroot().iter(f"{ns}entry"):
        name = next(entry.iter(f"{ns}name"))
        parts = {}
        for part in name.findall(f"{ns}namepart"):
            words = part.findall(f"{ns}namepart")
            parts[str(part.get("type"))] = " ".join(w.text or "" for w in words) or part.text or ""
        read[str(entry.get("id"))] = parts
    return [read.get(f"n{i}", {}) for i in range(len(sources))]


@pytest.mark.skipif(shutil.which("biber") is None, reason="biber is not installed")
def test_names_split_as_biber_splits_them(tmp_path: Path) -> None:
    """Every name above, as biber (the biblatex data model's reader) splits it: the golden
    parts come from biber itself, where it is installed (CI installs it). biber skips an
    entry whose name has more than two commas, trailing ones counted (we read it as btparse
    would: nothing is lost); those are left out, and the apostrophe is
    compared straight (we print it typographic)."""
    cases = [
        (source, person)
        for source, person in ONE_NAME.args[1]
        # Institutions and braces are biber's own; biber takes the comma of a thin space
        # (``J.\\,R.``) for one that parts the name, which we do not.
        if not person.literal and "{" not in source and "\\," not in source
    ]
    compared = 0
    for (source, person), parts in zip(
        cases, _biber_names(tmp_path, [s for s, _ in cases]), strict=True
    ):
        if not parts:
            continue
        biber = Person(
            family=parts.get("family", ""),
            given=parts.get("given", ""),
            particle=parts.get("prefix", ""),
            suffix=parts.get("suffix", ""),
        )
        assert person._replace(family=person.family.replace("\u2019", "'")) == biber, source
        compared += 1
    assert compared >= len(cases) - 5


def test_a_name_that_ends_in_a_comma_is_named_for_check() -> None:
    value = "H. Cooper, and L. V. Hedges, and J. C. Valentine and {Smith,} and Roe, J.\\,"
    assert trailing_comma_names(value) == ["H. Cooper,", "L. V. Hedges,"]
    assert [p.family for p in parse_names(value)][:3] == ["Cooper", "Hedges", "Valentine"]


def test_biblatex_extended_name_format_is_read_part_by_part() -> None:
    """biblatex manual §3.4: "family=…, given=…, prefix=…, useprefix=…", as Zotero's Better
    BibLaTeX writes names with particles; the name's own useprefix is kept."""
    people = parse_names(
        "family=Meij, given=Vincent, prefix=van der and Guo, Difeng and "
        "family={Hakim}, given=Tawfiq, prefix=al-, useprefix=true and "
        "family=Heuvel, given=Charles, prefix=van den, useprefix=false and "
        "family=Astrakharchik, given-i=Ph, given=Philippe, suffix=Jr"
    )
    assert people == [
        Person(family="Meij", given="Vincent", particle="van der"),
        Person(family="Guo", given="Difeng"),
        Person(family="Hakim", given="Tawfiq", particle="al-", useprefix=True),
        Person(family="Heuvel", given="Charles", particle="van den", useprefix=False),
        Person(family="Astrakharchik", given="Philippe", suffix="Jr"),
    ]
    # A name with "=" that is not all key=value parts stays a BibTeX name.
    assert parse_names("Doe, J=K") == [Person(family="Doe", given="J=K")]


def test_a_sort_only_macro_prints_nothing() -> None:
    """BibTeX's documented \\noopsort (btxdoc), as Better BibTeX writes it before particles;
    pandoc 3.9 prints these as "Beauvoir, S. de." and "van Gogh, V." in APA."""
    assert parse_names(
        r"{\noopsort{beauvoir}}de Beauvoir, Simone and {\noopsort{gogh}}{van Gogh}, Vincent"
    ) == [
        Person(family="Beauvoir", given="Simone", particle="de"),
        Person(family="van Gogh", given="Vincent"),
    ]


@pytest.mark.parametrize(
    "source",
    [
        "family=",  # an empty part
        "family={Unclosed, given=Jo",  # a brace left open
        "=Doe, given=Jo",  # a key missing
        "useprefix=true",  # options alone, no name part
        "family=Doe, given=Jo, useprefix=maybe",  # an option that is no boolean
        "family=Doe, Jo",  # key=value and a plain part mixed
    ],
)
def test_a_malformed_extended_name_is_read_without_error(source: str) -> None:
    """biblatex §3.4's extended format, written wrong: each is read as one person, never an
    error, and no name text is invented."""
    [person] = parse_names(source)
    assert isinstance(person, Person)
    written = source.replace("{", "").replace("}", "")
    for part in (person.family, person.given, person.particle, person.suffix, person.literal):
        assert all(word in written for word in part.split())
    assert person.useprefix in (None, True, False)


_NAME_TEXT = st.text(alphabet="abcDEF =,{}\\'-.", max_size=40)


@settings(max_examples=300, deadline=None)
@given(st.lists(_NAME_TEXT, min_size=1, max_size=4))
def test_any_name_list_reads_as_people(names: list[str]) -> None:
    """Any name list, extended format or not, reads as people without error."""
    people = parse_names(" and ".join(names))
    assert all(isinstance(p, Person) for p in people)
    assert all(isinstance(p.useprefix, (bool, type(None))) for p in people)


def test_and_splits_names_only_outside_braces_and_others_means_et_al() -> None:
    people = parse_names("Pearson, Amy and {Rose and Partners} AND others")
    assert people == [
        Person(family="Pearson", given="Amy"),
        Person(literal="Rose and Partners"),
        OTHERS,
    ]


def test_names_written_back_keep_their_parts() -> None:
    for source in ("van der Berg, Jan", "Smith, Jr., John", "{World Health Organization}"):
        person = parse_names(source)[0]
        assert parse_names(format_name(person)) == [person]


_PART = st.text(alphabet="Abc xyz,.", min_size=1, max_size=12).map(lambda t: " ".join(t.split()))


@settings(max_examples=200, deadline=None)
@given(_PART, _PART, _PART)
def test_a_name_written_back_reads_as_the_same_parts(family: str, given_: str, suffix: str) -> None:
    """Whatever the parts hold, commas too (a CSL-JSON given name "J., et al."), the name we
    write reads back with the same family, given name and suffix. (A suffix without a given
    name has no BibTeX form: "Last, Jr" is "Last, First".)"""
    family, given_, suffix = (p.strip(" ,") for p in (family, given_, suffix))
    if not family.strip(" .") or family.lower() == "others" or (suffix and not given_):
        return
    person = Person(family=family, given=given_, suffix=suffix)
    [back] = parse_names(format_name(person))
    # A family name with a comma alone is braced whole: an institution's literal name.
    assert (back.particle + " " + (back.family or back.literal)).strip() == family
    assert (back.given, back.suffix) == (given_, suffix)


def test_a_name_with_more_than_two_commas_outside_braces_is_overfull() -> None:
    # BibTeX's name has at most two commas ("von Last, Jr, First"); braced commas are text.
    value = "Doe, J., Roe, R. and {Smith, Jones, and Co}, Ltd and de la Fontaine, Jr, Jean"
    assert overfull_names(value) == [("Doe, J., Roe, R.", 3)]
    assert overfull_names("a, b, c, d, e") == [("a, b, c, d, e", 4)]
    assert overfull_names("") == []


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("Smith, J. and Doe, K. and et al.", "Smith, J. and Doe, K. and others"),
        ("Hasegawa et al", "Hasegawa and others"),
        ("Phillips, M.E., et al.", "Phillips, M.E. and others"),
        ("Roe, A. and et Al. and Poe, B. and et Al.", "Roe, A. and Poe, B. and others"),
    ],
)
def test_a_name_et_al_is_read_as_others(written: str, meant: str) -> None:
    """No person is named "et al.": a list that ends in it, or holds it as a name (the d2l
    book's "and et al.", Mendeley's "et Al."), reads as BibTeX's "and others" (BibTeX, biber
    and pandoc read a person "al" with the particle "et": APA printed "& al., et")."""
    assert parse_names_read(written) == parse_names(meant)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(_NAME_TEXT, st.sampled_from(["et al.", "Hasegawa et al", "et Al.", "others"])),
        min_size=1,
        max_size=5,
    )
)
def test_a_list_reads_as_bibtex_reads_it_but_for_et_al(names: list[str]) -> None:
    """A list with no name "et al." reads as BibTeX reads it; one with such a name ends in
    "others", once, and holds every other person BibTeX reads, in order."""
    value = " and ".join(names)
    read, bibtex = parse_names_read(value), parse_names(value)
    if not et_al_names(value):
        assert read == bibtex
    else:
        assert read[-1] == OTHERS and OTHERS not in read[:-1]
        assert len(read) <= len(bibtex) + 1
