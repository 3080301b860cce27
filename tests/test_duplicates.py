"""The same work twice: by DOI in any form, by ISBN-10 or -13, and by title, creators and
year; caught by add, import and check, and blocked so that a large library stays fast."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from readinglist.model import Reference
from readinglist.ops.duplicates import DuplicateIndex, Reason, check, fingerprint

from . import replay
from .conftest import Invoke

# The seed's Law (2013) as a reference manager exports it: initials only, the title in
# sentence case with a subtitle, no DOI or ISBN.
RIS_COPY = """TY  - BOOK
AU  - Law, R.
TI  - Defeating depression: How to use the people in your life to open the door to recovery
PY  - 2013
ER  -
"""


LONG_TITLE = "Interpersonal psychotherapy for depressed adolescents: a randomized clinical trial"


def ref(key: str, entry_type: str = "book", **fields: str) -> Reference:
    return Reference(key, entry_type, tuple(fields.items()))


def bib_of(repo: Path) -> str:
    return (repo / "refs" / "references.bib").read_text()


def test_a_ris_copy_of_a_book_without_doi_is_skipped_naming_the_entry(
    cli: Invoke, seed_repo: Path, tmp_path: Path
) -> None:
    before = bib_of(seed_repo)
    source = tmp_path / "endnote.ris"
    source.write_text(RIS_COPY)
    result = cli("import", str(source), root=seed_repo)
    assert result.exit_code == 0, result.stderr
    assert "is already in the library as 'law2013'" in result.stderr
    assert "a work of the same title, creators and year" in result.stderr
    assert result.stderr.endswith("0 added, 1 skipped (duplicate), 0 failed\n")
    assert bib_of(seed_repo) == before


def test_an_isbn10_of_a_book_the_library_has_by_isbn13_is_skipped(
    cli: Invoke, seed_repo: Path, tmp_path: Path
) -> None:
    bib = seed_repo / "refs" / "references.bib"
    bib.write_text(
        bib.read_text() + "\n@book{weissman2017,\n  author = {Weissman, Myrna M.},\n"
        "  title = {A Guide},\n  year = {2017},\n  isbn = {978-2-07-042779-6},\n}\n"
    )
    before = bib.read_text()
    source = tmp_path / "zotero.json"
    source.write_text(
        json.dumps([{"id": "x", "type": "book", "title": "Another Title", "ISBN": "2-07-042779-X"}])
    )
    result = cli("import", str(source), root=seed_repo)
    assert "ISBN 9782070427796 is already in the library as 'weissman2017'" in result.stderr
    assert bib.read_text() == before


def test_add_by_isbn10_after_isbn13_asks_no_registry_and_names_the_entry(
    httpserver: HTTPServer,
    tmp_path: Path,
    seed_repo: Path,
    cli: Invoke,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    replay.point_at(httpserver, tmp_path / "cache", monkeypatch)
    replay.serve(
        httpserver,
        "openlibrary-api-books-jscmd-data.json",
        query={"bibkeys": "ISBN:9782070427796", "format": "json", "jscmd": "data"},
    )
    assert cli("add", "978-2-07-042779-6", root=seed_repo).exit_code == 0
    requests = len(replay.handler_log(httpserver))
    before = bib_of(seed_repo)
    again = cli("add", "2-07-042779-X", root=seed_repo)
    assert again.exit_code == 0, again.stderr
    assert "already in the library as 'quignard2002'" in again.stderr
    assert len(replay.handler_log(httpserver)) == requests
    assert bib_of(seed_repo) == before


def test_check_warns_about_likely_duplicates_naming_both_keys(cli: Invoke, seed_repo: Path) -> None:
    bib = seed_repo / "refs" / "references.bib"
    bib.write_text(
        bib.read_text()
        + "\n@book{law2013a,\n  author = {Law, R.},\n  title = {Defeating depression},\n"
        "  year = {2013},\n}\n"
        "\n@article{wampold-copy,\n  author = {Wampold, B.},\n  title = {Common factors},\n"
        "  journal = {World Psychiatry},\n  year = {2015},\n"
        "  doi = {https://doi.org/10.1002/WPS.20238},\n}\n"
    )
    result = cli("check", root=seed_repo)
    assert result.exit_code == 0  # warnings: a person decides which copy to keep
    assert "entries 'law2013' and 'law2013a' look like one work" in result.stdout
    assert "entries 'wampold2015' and 'wampold-copy' look like one work: the same DOI" in (
        result.stdout
    )
    duplicates = [line for line in result.stdout.splitlines() if "look like one work" in line]
    assert len(duplicates) == 2  # "Defeating Teenage Depression" (law2016) is another book
    again = cli("check", root=seed_repo)  # the comparison kept while no file changes
    assert again.stdout == result.stdout
    bib.write_text(bib.read_text().replace("title = {Common factors}", "title = {Other}"))
    edited = cli("check", root=seed_repo)  # an edit is seen: the DOI still makes a pair
    assert sum("look like one work" in line for line in edited.stdout.splitlines()) == 2
    bib.write_text(bib.read_text().replace("@book{law2013a,", "@book{law2013a-gone,"))
    bib.write_text(bib.read_text().replace("Defeating depression}", "Other book}"))
    last = cli("check", root=seed_repo).stdout  # the Law copy is another book now
    assert "and 'law2013a" not in last and last.count("look like one work") == 1


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        (  # initials, case, punctuation, accents and LaTeX do not matter
            ref(
                "a",
                author="Müller, Jean-Paul and Rose, Kieran",
                title="The {DNA} of Care",
                year="2020",
            ),
            ref(
                "b", author='M{\\"u}ller, J.-P. and Rose, K.', title="The DNA of care.", year="2020"
            ),
            Reason.TITLE,
        ),
        (  # a copy that lost its subtitle; a work in press has no year yet
            ref("a", editor="Weissman, Myrna M. and Mootz, J.", title="{IPT}: A Global Reach"),
            ref("b", editor="Weissman, M. M.", title="IPT", year="2024"),
            Reason.TITLE,
        ),
        (  # two copies of a thesis, one of them in biblatex's @thesis
            ref("a", "phdthesis", author="Meunier, P.", title="Modular Analysis", year="2006"),
            ref("b", "thesis", author="Meunier, Philippe", title="Modular analysis.", year="2006"),
            Reason.TITLE,
        ),
        (  # a supplement's two copies, one that lost its main title's case
            ref("a", author="Roe, A.", title="Care: Supplementary Material", year="2019"),
            ref("b", author="Roe, A.", title="Care: supplementary material", year="2019"),
            Reason.TITLE,
        ),
        (
            ref("a", doi="10.1002/wps.20238", title="X"),
            ref("b", doi="doi:10.1002/WPS.20238", title="Y"),
            Reason.DOI,
        ),
        (
            ref("a", isbn="ISBN 978-2-07-042779-6", title="X"),
            ref("b", isbn="207042779x", title="Y"),
            Reason.ISBN,
        ),
    ],
)
def test_one_work_in_two_forms_is_found(a: Reference, b: Reference, reason: Reason) -> None:
    found = DuplicateIndex([a]).find(fingerprint(b))
    assert found is not None and (found.key, found.reason) == ("a", reason)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (  # another book by the same author, with a title that contains the other's
            ref("a", author="Law, Roslyn", title="Defeating Depression", year="2013"),
            ref("b", author="Law, Roslyn", title="Defeating Teenage Depression", year="2016"),
        ),
        (  # a new edition
            ref("a", author="Law, R.", title="Defeating Depression", year="2013", edition="1"),
            ref("b", author="Law, R.", title="Defeating Depression", year="2013", edition="2"),
        ),
        (  # the same title by other people
            ref("a", author="Law, R.", title="Depression", year="2013"),
            ref("b", author="Smith, A.", title="Depression", year="2013"),
        ),
        (  # the same title and author, other years
            ref("a", author="Law, R.", title="Defeating Depression", year="2013"),
            ref("b", author="Law, R.", title="Defeating Depression", year="2019"),
        ),
        (  # a thesis and the paper drawn from it keep its title and its author
            ref("a", "phdthesis", author="Meunier, P.", title="Modular Analysis", year="2006"),
            ref(
                "b",
                "inproceedings",
                author="Philippe Meunier and Robert Bruce Findler and Matthias Felleisen",
                title="Modular Analysis",
                year="2006",
            ),
        ),
        (  # a paper and its supplementary material, whose main title is the paper's title
            ref("a", "article", author="Greenman, B.", title="Complete Monitors", year="2019"),
            ref(
                "b",
                "techreport",
                author="Greenman, B.",
                title="Complete Monitors: Supplementary Material",
                year="2019",
            ),
        ),
        (  # a correction, whose long title is otherwise the paper's
            ref("a", "article", author="Law, R.", title=LONG_TITLE, year="2013"),
            ref("b", "article", author="Law, R.", title=f"Correction to {LONG_TITLE}", year="2013"),
        ),
        (  # DOIs that differ say that they are two works
            ref("a", "article", author="Law, R.", title="Editorial", year="2013", doi="10.1/a"),
            ref("b", "article", author="Law, R.", title="Editorial", year="2013", doi="10.1/b"),
        ),
    ],
)
def test_different_works_are_not_duplicates(a: Reference, b: Reference) -> None:
    assert DuplicateIndex([a]).find(fingerprint(b)) is None
    assert check([a, b]) == []


@pytest.mark.parametrize(
    ("a_year", "b_year", "same"),
    [
        ("300 {BC}", "250 {BC}", False),  # two literal dates that differ
        ("300 {BC}", "2019", False),  # a literal date is no year 2019
        ("Spring 2019", "2020", False),  # a literal date's year is its year
        ("Spring 2019", "2019", True),
        ("300 {BC}", "300 BC", True),  # the same date, written alike
        ("300 {BC}", "", True),  # one has no date: nothing disagrees
        ("n.d.", "2019", True),  # "no date" is no date
        ("in press", "2019", True),  # a work in press has no year yet
    ],
)
def test_a_literal_date_agrees_only_with_the_same_date_or_none(
    a_year: str, b_year: str, same: bool
) -> None:
    a = ref("a", author="Plato", title="The Republic", year=a_year)
    b = ref("b", author="Plato", title="The Republic", **({"year": b_year} if b_year else {}))
    assert (DuplicateIndex([a]).find(fingerprint(b)) is not None) is same
    assert (DuplicateIndex([b]).find(fingerprint(a)) is not None) is same


def library_of(count: int, seed: int = 7) -> list[Reference]:
    rng = random.Random(seed)
    # As in real libraries, more entries bring more people: one family name per 4 entries.
    families = [f"Family{n}" for n in range(count // 4)]
    words = ["care", "depression", "trial", "model", "outcome", "therapy", "common", "factors"]
    out = []
    for i in range(count):
        authors = " and ".join(f"{rng.choice(families)}, A." for _ in range(rng.randint(1, 4)))
        title = " ".join(rng.choice(words) for _ in range(rng.randint(4, 10)))
        out.append(
            ref(f"e{i}", author=authors, title=f"{title} {i}", year=str(rng.randint(1960, 2025)))
        )
    return out


def test_blocking_keeps_the_work_near_linear_in_the_size_of_the_library() -> None:
    small, large = DuplicateIndex(), DuplicateIndex()
    check(library_of(2_000), small)
    check(library_of(8_000), large)
    # All-pairs comparison would grow 16-fold; blocked by family name and year, each entry is
    # scored against the few entries sharing a name and a year, so 4 times the entries cost
    # about 4 times the work.
    assert large.compared < 5 * small.compared
    assert large.compared < 8_000 * 10
