"""DOIs in publisher links and sentences, PubMed IDs and arXiv IDs, as people paste them;
and fetching PubMed and arXiv records from responses shaped as NCBI and DataCite document them
(tests/data/SOURCES.md says where each shape comes from)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from werkzeug import Response

from readinglist.errors import NotFoundError, ReadingListError
from readinglist.identifiers import (
    Identifier,
    doi_in_text,
    parse_arxiv,
    parse_identifier,
    parse_pmid,
    strip_trailing_punctuation,
)
from readinglist.registry.client import Client, Endpoints, fetch, fetch_all

from . import replay
from .conftest import DATA, Invoke

REGISTRY = DATA / "registry"


@pytest.mark.parametrize(
    ("text", "doi"),
    [
        ("https://onlinelibrary.wiley.com/doi/10.1002/wps.20238", "10.1002/wps.20238"),
        ("https://onlinelibrary.wiley.com/doi/full/10.1002/wps.20238", "10.1002/wps.20238"),
        ("https://onlinelibrary.wiley.com/doi/abs/10.1002/wps.20238", "10.1002/wps.20238"),
        ("https://onlinelibrary.wiley.com/doi/pdf/10.1002/wps.20238", "10.1002/wps.20238"),
        ("https://onlinelibrary.wiley.com/doi/epdf/10.1002/wps.20238", "10.1002/wps.20238"),
        (
            "https://www.tandfonline.com/doi/full/10.1080/10503307.2020.1780234#abstract",
            "10.1080/10503307.2020.1780234",
        ),
        (
            "www.tandfonline.com/doi/abs/10.1080/10503307.2020.1780234?journalCode=tpsr20",
            "10.1080/10503307.2020.1780234",
        ),
        (
            "https://link.springer.com/article/10.1007/s11136-020-02557-2",
            "10.1007/s11136-020-02557-2",
        ),
        (
            "https://link.springer.com/chapter/10.1007/978-3-662-46370-3_13",
            "10.1007/978-3-662-46370-3_13",
        ),
        ("https://psycnet.apa.org/doi/10.1037/a0039805/", "10.1037/a0039805"),
        ("https://journals.sagepub.com/doi/10.1177%2F0956797620916782", "10.1177/0956797620916782"),
        ("10.1002/wps.20238.", "10.1002/wps.20238"),
        ("10.1002/wps.20238,", "10.1002/wps.20238"),
        ("(10.1002/wps.20238)", "10.1002/wps.20238"),
        ("(doi:10.1002/wps.20238).", "10.1002/wps.20238"),
        ("“https://doi.org/10.1002/wps.20238”", "10.1002/wps.20238"),
        (
            "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0.",
            "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0",
        ),
    ],
)
def test_a_doi_is_found_in_publisher_links_and_sentences(text: str, doi: str) -> None:
    assert parse_identifier(text) == Identifier("doi", doi)


@pytest.mark.parametrize(
    "text", ["https://www.sciencedirect.com/science/article/pii/S0165032719301", "not a doi"]
)
def test_a_link_without_a_doi_has_none(text: str) -> None:
    assert doi_in_text(text) is None


@given(
    st.from_regex(r"10\.\d{4,6}/[a-z0-9]([a-z0-9._;()-]*[a-z0-9])?", fullmatch=True),
    st.text(alphabet=".,;:!?'\")]", max_size=4),
)
def test_trailing_punctuation_is_dropped_and_balanced_brackets_kept(
    doi: str, punctuation: str
) -> None:
    if doi.count("(") != doi.count(")"):
        return  # an unbalanced DOI is not what this property is about
    assert strip_trailing_punctuation(doi + punctuation) == doi


@pytest.mark.parametrize(
    ("text", "doi"),
    [
        ("arXiv:2202.01037", "10.48550/arXiv.2202.01037"),
        ("arXiv:2202.01037v3", "10.48550/arXiv.2202.01037"),
        ("arxiv: 1501.00001", "10.48550/arXiv.1501.00001"),
        ("1706.03762", "10.48550/arXiv.1706.03762"),
        ("0704.0001", "10.48550/arXiv.0704.0001"),
        ("https://arxiv.org/abs/2201.06719v1", "10.48550/arXiv.2201.06719"),
        ("http://arxiv.org/pdf/1706.03762v7.pdf", "10.48550/arXiv.1706.03762"),
        ("arXiv:hep-th/9901001", "10.48550/arXiv.hep-th/9901001"),
        ("hep-th/9901001v2", "10.48550/arXiv.hep-th/9901001"),
        ("math.GT/0309136", "10.48550/arXiv.math/0309136"),
        ("https://arxiv.org/abs/cond-mat/0011509", "10.48550/arXiv.cond-mat/0011509"),
        ("10.48550/arXiv.2202.01037", "10.48550/arXiv.2202.01037"),
    ],
)
def test_arxiv_ids_in_every_form_become_arxivs_datacite_doi(text: str, doi: str) -> None:
    assert parse_identifier(text) == Identifier("doi", doi)


@pytest.mark.parametrize("text", ["2213.01037", "arXiv:12.345", "hep-th/99"])
def test_what_is_not_an_arxiv_id_is_not_taken_for_one(text: str) -> None:
    assert parse_arxiv(text) is None


@pytest.mark.parametrize(
    ("text", "pmid"),
    [
        ("PMID: 23193287", "23193287"),
        ("pmid:23193287", "23193287"),
        ("23193287", "23193287"),
        ("https://pubmed.ncbi.nlm.nih.gov/23193287/", "23193287"),
        ("https://www.ncbi.nlm.nih.gov/pubmed/9565568", "9565568"),
    ],
)
def test_pubmed_ids_in_every_form(text: str, pmid: str) -> None:
    assert parse_identifier(text) == Identifier("pmid", pmid)


@pytest.mark.parametrize("text", ["0", "123456789", "0198843739"])
def test_nine_or_more_digits_are_no_pmid(text: str) -> None:
    assert parse_pmid(text) is None


def test_isbns_are_still_isbns() -> None:
    assert parse_identifier("0198843739") == Identifier("isbn", "9780198843733")
    with pytest.raises(ReadingListError):
        parse_identifier("1234.5678")


# --- fetching -----------------------------------------------------------------------------------


def serve_file(server: HTTPServer, path: str, name: str, status: int = 200) -> None:
    server.expect_request(path).respond_with_response(
        Response(
            (REGISTRY / name).read_bytes(),
            status=status,
            headers={"content-type": "application/json; charset=UTF-8"},
        )
    )


def client_for(server: HTTPServer) -> Client:
    base = server.url_for("").rstrip("/")
    return Client(
        endpoints=Endpoints(base, base, base, base, base, f"{base}/idconv"),
        mailto="tests@example.org",
        sleep=lambda s: None,
    )


def test_a_pmid_in_pmc_is_fetched_by_its_doi(httpserver: HTTPServer) -> None:
    serve_file(httpserver, "/idconv/", "ncbi-idconv-in-pmc.json")
    serve_file(httpserver, "/works/10.1093/nar/gks1195", "crossref-work-nar-gks1195.json")
    item = fetch(client_for(httpserver), Identifier("pmid", "23193287"))
    assert (item["DOI"], item["PMID"], item["container-title"]) == (
        "10.1093/nar/gks1195",
        "23193287",
        "Nucleic Acids Research",
    )
    idconv = replay.handler_log(httpserver)[0]
    assert idconv.args["ids"] == "23193287" and idconv.args["idtype"] == "pmid"
    assert idconv.args["tool"] == "readinglist" and idconv.args["email"] == "tests@example.org"


def test_a_pmid_outside_pmc_without_a_doi_becomes_csl_from_esummary(
    httpserver: HTTPServer,
) -> None:
    serve_file(httpserver, "/idconv/", "ncbi-idconv-not-in-pmc.json")
    serve_file(httpserver, "/esummary.fcgi", "ncbi-esummary-no-doi.json")
    item = fetch(client_for(httpserver), Identifier("pmid", "9565568"))
    assert item == {
        "id": "pmid:9565568",
        "type": "article-journal",
        "PMID": "9565568",
        "title": "Simultaneous expression of type 1 and type 2 Lewis blood group antigens by "
        "Helicobacter pylori lipopolysaccharides",
        "author": [
            {"family": "Monteiro", "given": "M. A."},
            {"family": "Van Der Berg", "given": "A. B."},
            {"literal": "Helicobacter Study Group"},
        ],
        "container-title": "The Journal of biological chemistry",
        "container-title-short": "J Biol Chem",
        "issued": {"date-parts": [[1998, 5, 8]]},
        "volume": "273",
        "issue": "19",
        "page": "11533-11543",
        "ISSN": "0021-9258",
    }
    esummary = replay.handler_log(httpserver)[1]
    assert (esummary.args["db"], esummary.args["retmode"]) == ("pubmed", "json")


def test_a_pmid_whose_esummary_has_a_doi_is_fetched_by_that_doi(
    httpserver: HTTPServer,
) -> None:
    serve_file(httpserver, "/idconv/", "ncbi-idconv-not-in-pmc.json")
    serve_file(httpserver, "/esummary.fcgi", "ncbi-esummary-with-doi.json")
    httpserver.expect_request("/works/10.1089/aut.2020.0043").respond_with_data(
        (DATA / "crossref-pearson2021.json").read_text(), content_type="application/json"
    )
    item = fetch(client_for(httpserver), Identifier("pmid", "33000001"))
    assert item["author"][0] == {"family": "Pearson", "given": "Amy"}  # Crossref's, in full
    assert item["PMID"] == "33000001"


def test_an_unknown_pmid_is_not_found(httpserver: HTTPServer) -> None:
    serve_file(httpserver, "/idconv/", "ncbi-idconv-not-in-pmc.json")
    serve_file(httpserver, "/esummary.fcgi", "ncbi-esummary-unknown.json")
    [result] = fetch_all(client_for(httpserver), [Identifier("pmid", "99999999")])
    assert result.not_found
    assert result.error == "PMID 99999999: not found (cannot get document summary)"
    with pytest.raises(NotFoundError):
        fetch(client_for(httpserver), Identifier("pmid", "99999999"))


def test_add_an_arxiv_preprint_by_its_arxiv_id(
    httpserver: HTTPServer, cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    replay.point_at(httpserver, tmp_path / "cache", monkeypatch)
    httpserver.expect_request("/works/10.48550/arxiv.2201.06719").respond_with_data(
        "Resource not found.", status=404, content_type="text/plain"
    )
    replay.agency(httpserver, "10.48550", "DataCite")
    serve_file(httpserver, "/dois/10.48550/arxiv.2201.06719", "datacite-doi-arxiv.json")
    (tmp_path / "refs").mkdir()
    result = cli("add", "arXiv:2201.06719v1", "--dry-run", root=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "would add han2022 (DOI 10.48550/arXiv.2201.06719)\n"
    record = json.loads((REGISTRY / "datacite-doi-arxiv.json").read_text())
    assert "Han, J. Z. and Si, R. and Qin, H. R." in result.stdout
    assert re.search(r"doi += \{10\.48550/arxiv\.2201\.06719\}", result.stdout)
    assert record["data"]["attributes"]["publisher"] == "arXiv"
