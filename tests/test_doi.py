"""DOIs: one parser for every command (readinglist.identifiers), the forms people write, and
the rules of the DOI Handbook for links."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from readinglist.errors import InvalidDoiError
from readinglist.identifiers import doi_url, is_doi, normalize_doi, parse_doi

from .conftest import Invoke

SICI = "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0"


@pytest.mark.parametrize(
    "written",
    [
        "10.1000/x--y",
        "doi:10.1000/x--y",
        "DOI: 10.1000/x--y",
        "https://doi.org/10.1000/x--y",
        "http://dx.doi.org/10.1000/x--y",
        "https://www.doi.org/10.1000/x--y",
        "dx.doi.org/10.1000/x--y",
        "info:doi/10.1000/x--y",
        # "DOI 10.…" as a reference list prints it (a held-out Zotero library's doi field
        # held " DOI 10.1007/s11024-009-9124-4": the page linked "https://doi.org/DOI 10…")
        " DOI 10.1000/x--y",
        "Doi 10.1000/x--y",
        "DOI10.1000/x--y",
        # A resolver link through a library's proxy (a held-out psychology library's doi
        # field: "http://dx.doi.org.dianus.libr.tue.nl/10.1037/…", printed as a link through
        # that university's proxy by both reference processors), in EZproxy's two forms
        "http://dx.doi.org.dianus.libr.tue.nl/10.1000/x--y",
        "https://doi-org.ezproxy.example.edu/10.1000/x--y",
        "https://dx-doi-org.proxy.lib.example.edu:2048/10.1000/x--y",
    ],
)
def test_every_written_form_gives_the_bare_doi(written: str) -> None:
    assert normalize_doi(written) == "10.1000/x--y"


@pytest.mark.parametrize(
    "link", ["https://doi.organic.example/10.1000/x", "https://mydoi.org/10.1000/x"]
)
def test_a_host_that_is_no_resolver_is_no_doi_link(link: str) -> None:
    assert normalize_doi(link) == link


@pytest.mark.parametrize("not_a_doi", ["doir10.1000/x", "DOI 11.2/x", "doi", "DOI for 10.1000/x"])
def test_a_word_doi_is_taken_off_only_before_a_doi(not_a_doi: str) -> None:
    assert normalize_doi(not_a_doi) == not_a_doi.strip()
    assert not is_doi(normalize_doi(not_a_doi))


@pytest.mark.parametrize("bare", ["10.1000/x--y", "10.1000/it's", "10.1000/a%25b", SICI])
def test_a_bare_doi_is_kept_byte_for_byte(bare: str) -> None:
    assert normalize_doi(bare) == bare
    assert parse_doi(bare) == bare


@pytest.mark.parametrize(
    ("written", "doi"),
    [
        ("10.1000/a\\_b", "10.1000/a_b"),
        ("10.1000/a{\\_}b", "10.1000/a_b"),
        # Mendeley writes the text command (a held-out export of 4,730 entries had 15)
        ("10.1386/jots.6.1.29{\\textunderscore }1", "10.1386/jots.6.1.29_1"),
        ("10.1300/J149v07n02\\textunderscore{}09", "10.1300/J149v07n02_09"),
        ("10.1300/J149v07n02\\textunderscore 09", "10.1300/J149v07n02_09"),
        ("10.1000/a\\textasciitilde{}b", "10.1000/a~b"),
        (SICI.replace("<", "{\\textless}").replace(">", "{\\textgreater}"), SICI),
        # no command of that name: kept as written (and no DOI)
        ("10.1000/a\\textunderscores", "10.1000/a\\textunderscores"),
    ],
)
def test_tex_escapes_of_a_dois_characters_are_undone(written: str, doi: str) -> None:
    """biblatex reads ``doi`` verbatim, but reference managers write the characters of a DOI
    that TeX treats specially as TeX: ``\\_``, ``{\\_}`` or the text command. A control word
    ends at a space, ``{}`` or a character that is no letter (The TeXbook, chapter 3)."""
    assert normalize_doi(written) == doi


def test_a_doi_written_with_a_text_command_is_linked_and_checked_clean(
    cli: Invoke, tmp_path: Path
) -> None:
    source = tmp_path / "mendeley.bib"
    source.write_text(
        "@article{Laszlo.2009,\nauthor = {Laszlo, Alexander},\njournal = {Journal of "
        "Organisational Transformation and Social Change},\n"
        "doi = {10.1386/jots.6.1.29{\\textunderscore }1},\ntitle = {{T}},\nyear = {2009}\n}\n"
    )
    result = cli("format", str(source))
    assert result.exit_code == 0, result.stderr
    assert "https://doi.org/10.1386/jots.6.1.29_1" in result.stdout
    assert "textunderscore" not in result.stdout


def test_a_link_is_percent_decoded() -> None:
    assert normalize_doi("https://doi.org/10.1000/a%25b") == "10.1000/a%b"


@pytest.mark.parametrize(
    ("link", "doi"),
    [
        # a held-out Zotero library's doi field (the link a publisher's page gives)
        ("https://doi.org/10.1515/JDH-2021-1009?locatt=label:JDHFULL", "10.1515/JDH-2021-1009"),
        ("https://doi.org/10.1000/x?noredirect", "10.1000/x"),
        # a "?" or "#" of the DOI itself: percent-encoded, or pasted as it is
        ("https://doi.org/10.1000/a%3Fb%23c", "10.1000/a?b#c"),
        (
            "https://doi.org/10.1002/(SICI)1099-1085(199608)10:8<1025::AID-HYP409>3.0.CO;2-#",
            "10.1002/(SICI)1099-1085(199608)10:8<1025::AID-HYP409>3.0.CO;2-#",
        ),
    ],
)
def test_the_proxys_parameters_in_a_link_are_no_part_of_its_doi(link: str, doi: str) -> None:
    """The doi.org proxy reads parameters from a link's query (``locatt``, ``noredirect``,
    ``urlappend``): the DOI is what comes before them."""
    assert normalize_doi(link) == doi
    assert normalize_doi(doi_url(doi)) == doi


@pytest.mark.parametrize("bad", ["10.1234/../../x", "10.1234/./x", "10.1234/x/..", "10.12/x"])
def test_a_doi_that_would_walk_the_resolver_path_is_rejected(bad: str) -> None:
    assert not is_doi(normalize_doi(bad))
    with pytest.raises(InvalidDoiError):
        parse_doi(bad)


def test_a_sici_doi_link_is_percent_encoded_as_the_handbook_asks() -> None:
    assert doi_url(SICI) == (
        "https://doi.org/10.1002/(SICI)1097-4571(199806)49:8%3C693::AID-ASI4%3E3.0.CO;2-0"
    )
    assert doi_url("10.1000/a%b#c") == "https://doi.org/10.1000/a%25b%23c"


def test_check_fix_never_runs_a_doi_through_the_latex_converter(
    cli: Invoke, tmp_path: Path
) -> None:
    (tmp_path / "refs").mkdir()
    bib = tmp_path / "refs" / "a.bib"
    bib.write_text(
        "@article{a,\n  title = {T},\n  doi = {https://www.doi.org/10.1000/x--y'%25},\n}\n\n"
        "@article{b,\n  title = {T},\n  doi = {10.1000/it's--%25},\n  month = {June},\n}\n"
    )
    report = cli("check", root=tmp_path)
    assert "doi should be written bare: 10.1000/x--y'%}" not in report.stdout
    cli("check", "--fix", root=tmp_path)
    fixed = bib.read_text()
    assert re.search(r"doi\s+= \{10\.1000/x--y'%\},", fixed)
    assert "{10.1000/it's--%25}" in fixed  # a bare DOI is not touched by another fix
    assert "{6}" in fixed


def test_a_www_doi_org_link_is_found_as_a_duplicate_and_rendered_once(tmp_path: Path) -> None:
    from readinglist.bibtex import bibfile
    from readinglist.library import Library
    from readinglist.ops import importing

    mine = tmp_path / "refs.bib"
    mine.write_text("@article{a, title = {T}, doi = {10.1000/ABC}}\n")
    theirs = tmp_path / "other.bib"
    theirs.write_text("@article{b, title = {U}, doi = {https://www.doi.org/10.1000/abc}}\n")
    library = Library.load([mine])
    batch = importing.Batch(library)
    importing.read_import_file(theirs, batch)
    assert [o.status for o in batch.outcomes] == ["duplicate"]
    [item] = Library.load([theirs]).to_csl()
    assert item["DOI"] == "10.1000/abc"
    assert (bibfile.parse(theirs.read_text()).references[0].get("doi") or "").startswith(
        "https://www"
    )
