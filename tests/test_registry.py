"""add, import and verify against a real HTTP server on loopback replaying recorded answers."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from readinglist.bibtex import bibfile
from readinglist.errors import FetchError, NotFoundError
from readinglist.identifiers import Identifier
from readinglist.registry.cache import DiskCache
from readinglist.registry.client import Client, Endpoints, HostLimit, fetch, fetch_all, retry_after

from . import replay
from .conftest import Invoke

PLOS = "10.1371/journal.pone.0033693"


@pytest.fixture
def registry(httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> HTTPServer:
    replay.point_at(httpserver, tmp_path / "cache", monkeypatch)
    return httpserver


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "repo" / "refs").mkdir(parents=True)
    (tmp_path / "repo" / "refs" / "references.bib").write_text(
        "% our library\n@misc{kept, title = {Kept}}\n"
    )
    return tmp_path / "repo"


def entry(repo: Path, key: str) -> dict[str, str]:
    bib = bibfile.parse((repo / "refs" / "references.bib").read_text())
    found = next(r for r in bib.references if r.key == key)
    return dict(found.fields) | {"@type": found.entry_type}


def test_add_a_journal_article_by_doi_in_any_form(
    registry: HTTPServer, repo: Path, cli: Invoke
) -> None:
    replay.serve(registry, "crossref-work-journal-article.json")
    result = cli("add", f"https://doi.org/{PLOS.upper()}", root=repo)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"added sadasivan2012 (DOI {PLOS.upper()})\n"
    added = entry(repo, "sadasivan2012")
    assert added["@type"] == "article"
    assert added["author"].startswith("Sadasivan, Shankar and Pond, Brooks B. and")
    assert added["journal"] == "PLoS ONE"
    assert (added["year"], added["volume"], added["number"], added["pages"]) == (
        "2012",
        "7",
        "3",
        "e33693",
    )
    assert added["doi"] == PLOS
    assert "editor" not in added  # a journal article's handling editor is no creator
    text = (repo / "refs" / "references.bib").read_text()
    assert text.startswith("% our library\n@misc{kept, title = {Kept}}\n")
    [request] = replay.handler_log(registry)
    assert request.headers["User-Agent"].endswith("(mailto:tests@example.org)")


@pytest.mark.parametrize(
    ("fixture", "doi", "key", "facts"),
    [
        (
            "crossref-work-book-monograph.json",
            "10.1017/9781108348843",
            "leung2019",
            {"@type": "book", "publisher": "Cambridge University Press", "isbn": "9781108425728"},
        ),
        (
            "crossref-work-book-chapter.json",
            "10.1007/978-3-662-46370-3_13",
            "diercks2015",
            {
                "@type": "incollection",
                "booktitle": "Shoulder Stiffness",
                "pages": "155--158",
                "address": "Berlin, Heidelberg",
            },
        ),
        (
            "crossref-work-posted-content-biorxiv.json",
            "10.1101/2020.12.01.406702",
            "joyce2020",
            {"@type": "article", "journal": "bioRxiv", "type": "Preprint"},
        ),
    ],
)
def test_add_books_chapters_and_preprints(
    registry: HTTPServer,
    repo: Path,
    cli: Invoke,
    fixture: str,
    doi: str,
    key: str,
    facts: dict[str, str],
) -> None:
    replay.serve(registry, fixture)
    assert cli("add", doi, root=repo).exit_code == 0
    added = entry(repo, key)
    for name, value in facts.items():
        assert added[name] == value


def test_html_markup_in_titles_becomes_latex(registry: HTTPServer, repo: Path, cli: Invoke) -> None:
    replay.serve(registry, "crossref-work-posted-content-biorxiv.json")
    cli("add", "10.1101/2020.12.01.406702", root=repo)
    title = entry(repo, "joyce2020")["title"]
    assert r"\emph{{Streptococcus} agalactiae}" in title
    assert "\n" not in title and "<i>" not in title


def test_a_datacite_doi_is_fetched_from_datacite(
    registry: HTTPServer, repo: Path, cli: Invoke
) -> None:
    replay.serve(registry, "crossref-404-resource-not-found.txt", path="/works/10.5061/dryad.8515")
    replay.agency(registry, "10.5061", "DataCite")
    replay.serve(registry, "datacite-doi-dataset.json")
    result = cli("add", "doi:10.5061/dryad.8515", root=repo)
    assert result.exit_code == 0, result.stderr
    added = entry(repo, "ollomo2011")
    assert added["@type"] == "dataset"
    assert added["title"] == "Data from: A new malaria agent in {African} hominids."
    assert added["publisher"] == "Dryad"


def test_another_agencys_doi_is_fetched_by_content_negotiation(
    registry: HTTPServer, repo: Path, cli: Invoke
) -> None:
    doi = "10.5281/zenodo.8242099"
    replay.serve(registry, "crossref-404-resource-not-found.txt", path=f"/works/{doi}")
    replay.agency(registry, "10.5281", "mEDRA")
    replay.serve(registry, "doi-cn-datacite-csl.json")
    assert cli("add", doi, root=repo).exit_code == 0
    added = entry(repo, "willighagen2023")
    assert added["title"] == "Shield bugs (nymphs)"
    assert added["doi"] == "10.5281/ZENODO.8242099"
    accept = [r.headers["Accept"] for r in replay.handler_log(registry)]
    assert accept[-1] == "application/vnd.citationstyles.csl+json"


def test_add_a_book_by_isbn10_with_hyphens(registry: HTTPServer, repo: Path, cli: Invoke) -> None:
    replay.serve(
        registry,
        "openlibrary-api-books-jscmd-data.json",
        query={"bibkeys": "ISBN:9782070427796", "format": "json", "jscmd": "data"},
    )
    result = cli("add", "2-07-042779-X", root=repo)
    assert result.exit_code == 0, result.stderr
    added = entry(repo, "quignard2002")
    assert (added["@type"], added["title"], added["publisher"], added["isbn"]) == (
        "book",
        "Les ombres errantes",
        "Gallimard",
        "9782070427796",
    )


def test_invalid_identifiers_fail_before_any_request(
    registry: HTTPServer, repo: Path, cli: Invoke
) -> None:
    before = (repo / "refs" / "references.bib").read_text()
    result = cli("add", "10.1234", "978-0-00-000000-1", "banana", root=repo)
    assert result.exit_code == 1
    assert "failed 10.1234: '10.1234' is not a DOI" in result.stderr
    assert "failed 978-0-00-000000-1: '978-0-00-000000-1' is not an ISBN: the check digit" in (
        result.stderr
    )
    assert replay.handler_log(registry) == []
    assert (repo / "refs" / "references.bib").read_text() == before


def test_a_doi_already_in_the_library_is_not_added_again(
    registry: HTTPServer, repo: Path, cli: Invoke
) -> None:
    bib = repo / "refs" / "references.bib"
    bib.write_text(bib.read_text() + f"\n@article{{mine, doi = {{https://doi.org/{PLOS}}}}}\n")
    before = bib.read_text()
    result = cli("add", PLOS.upper(), root=repo)
    assert result.exit_code == 0
    assert result.stderr == (
        f"skipped DOI {PLOS.upper()}: already in the library as 'mine' "
        "(use --force to add it again)\n"
    )
    assert bib.read_text() == before
    assert replay.handler_log(registry) == []  # nothing was even asked


def test_dry_run_prints_and_writes_nothing(registry: HTTPServer, repo: Path, cli: Invoke) -> None:
    replay.serve(registry, "crossref-work-journal-article.json")
    before = (repo / "refs" / "references.bib").read_text()
    result = cli("add", PLOS, "--dry-run", root=repo)
    assert result.stdout.startswith("@article{sadasivan2012,\n")
    assert (repo / "refs" / "references.bib").read_text() == before


def test_in_a_batch_one_failure_stops_no_other_and_exits_1(
    registry: HTTPServer, repo: Path, cli: Invoke
) -> None:
    replay.serve(registry, "crossref-work-journal-article.json")
    replay.serve(registry, "crossref-404-resource-not-found.txt")
    replay.serve_json(
        registry, "/ra/10.1371", [{"DOI": "10.1371/notarealdoi", "status": "DOI does not exist"}]
    )
    result = cli("add", "10.1371/notarealdoi", PLOS, root=repo)
    assert result.exit_code == 1
    assert "failed DOI 10.1371/notarealdoi: DOI 10.1371/notarealdoi: not found" in result.stderr
    assert "added sadasivan2012" in result.stderr
    assert "sadasivan2012" in (repo / "refs" / "references.bib").read_text()


def test_a_second_add_is_served_from_the_cache_and_offline_works(
    registry: HTTPServer, repo: Path, cli: Invoke
) -> None:
    replay.serve(registry, "crossref-work-journal-article.json")
    cli("add", PLOS, "--dry-run", root=repo)
    requests_before = len(replay.handler_log(registry))
    cli("add", PLOS, "--dry-run", root=repo)
    assert len(replay.handler_log(registry)) == requests_before == 1
    offline = cli("add", PLOS, "--offline", "--dry-run", root=repo)
    assert offline.exit_code == 0 and "sadasivan2012" in offline.stdout
    missing = cli("add", "10.1017/9781108348843", "--offline", root=repo)
    assert missing.exit_code == 1 and "--offline forbids asking" in missing.stderr
    cli("add", PLOS, "--refresh", "--dry-run", root=repo)
    assert len(replay.handler_log(registry)) == 2


# --- faults, on the client itself, with short timeouts and no real sleeping -------------


def client_for(
    server: HTTPServer, timeout: tuple[float, float] = (5.0, 30.0), retries: int = 4
) -> Client:
    base = server.url_for("").rstrip("/")
    return Client(
        endpoints=Endpoints(base, base, base, base),
        mailto="tests@example.org",
        sleep=lambda s: None,
        timeout=timeout,
        retries=retries,
    )


def test_429_and_503_are_retried_after_retry_after(httpserver: HTTPServer) -> None:
    _status, headers, body = replay.recorded("crossref-429-too-many-requests.html")
    _, ok_headers, ok_body = replay.recorded("crossref-work-journal-article.json")
    answers = [
        Response(body, status=429, headers=headers | {"Retry-After": "2"}),
        Response("busy", status=503),
        Response(ok_body, headers=ok_headers),
    ]
    httpserver.expect_request(f"/works/{PLOS}").respond_with_handler(lambda request: answers.pop(0))
    waits: list[float] = []
    base = httpserver.url_for("").rstrip("/")
    client = Client(endpoints=Endpoints(base, base, base, base), sleep=waits.append)
    item = fetch(client, Identifier("doi", PLOS))
    assert item["DOI"] == PLOS
    assert client.status_counts == {429: 1, 503: 1, 200: 1}
    assert any(abs(w - 2.0) < 0.01 for w in waits)  # Retry-After was obeyed


def test_5xx_after_all_retries_is_a_clear_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request(f"/works/{PLOS}").respond_with_data("oops", status=502)
    with pytest.raises(
        FetchError,
        match=r"DOI 10\.1371/journal\.pone\.0033693: .* answered "
        r"502 5 times; try again later",
    ):
        fetch(client_for(httpserver), Identifier("doi", PLOS))


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        ("{not json", "application/json", "not valid JSON"),
        (
            "<html>maintenance</html>",
            "text/html",
            "expected application/json but the answer is text/html",
        ),
        ('{"status": "ok"}', "application/json", "Crossref's answer has no work in it"),
    ],
)
def test_malformed_answers_are_clear_errors(
    httpserver: HTTPServer, body: str, content_type: str, message: str
) -> None:
    httpserver.expect_request(f"/works/{PLOS}").respond_with_data(body, content_type=content_type)
    with pytest.raises(FetchError, match=message):
        fetch(client_for(httpserver), Identifier("doi", PLOS))


def test_a_redirect_loop_is_a_clear_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request(f"/works/{PLOS}").respond_with_response(
        Response(status=302, headers={"Location": httpserver.url_for(f"/works/{PLOS}")})
    )
    with pytest.raises(FetchError, match="too many redirects"):
        fetch(client_for(httpserver), Identifier("doi", PLOS))


def test_a_timeout_is_retried_then_reported(httpserver: HTTPServer) -> None:
    def slow(request: Request) -> Response:
        time.sleep(0.5)
        return Response("{}", content_type="application/json")

    httpserver.expect_request(f"/works/{PLOS}").respond_with_handler(slow)
    client = client_for(httpserver, timeout=(0.2, 0.1), retries=1)
    with pytest.raises(FetchError, match=r"timed out after 2 attempts"):
        fetch(client, Identifier("doi", PLOS))


def test_a_refused_connection_is_reported() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    client = Client(endpoints=Endpoints(base, base, base, base), sleep=lambda s: None, retries=1)
    with pytest.raises(FetchError, match="connection failed after 2 attempts"):
        fetch(client, Identifier("doi", PLOS))


def test_404_is_not_found_naming_the_isbn(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/books").respond_with_json({})
    with pytest.raises(NotFoundError, match="ISBN 9782070427796: not found"):
        fetch(client_for(httpserver), Identifier("isbn", "9782070427796"))


def test_an_oversized_answer_is_refused(httpserver: HTTPServer) -> None:
    httpserver.expect_request(f"/works/{PLOS}").respond_with_data(
        "x" * 5000, content_type="application/json"
    )
    base = httpserver.url_for("").rstrip("/")
    client = Client(endpoints=Endpoints(base, base, base, base), max_bytes=1000)
    with pytest.raises(FetchError, match="larger than 1,000 bytes"):
        fetch(client, Identifier("doi", PLOS))


def test_fetch_all_reports_each_failure_and_keeps_the_successes(httpserver: HTTPServer) -> None:
    replay.serve(httpserver, "crossref-work-journal-article.json")
    replay.serve(httpserver, "crossref-work-book-chapter.json")
    httpserver.expect_request("/works/10.9999/broken").respond_with_data("no", status=500)
    results = fetch_all(
        client_for(httpserver, retries=0),
        [
            Identifier("doi", PLOS),
            Identifier("doi", "10.9999/broken"),
            Identifier("doi", "10.1007/978-3-662-46370-3_13"),
        ],
    )
    assert [bool(r.item) for r in results] == [True, False, True]
    assert "answered 500" in results[1].error


def test_check_online_fails_when_a_doi_could_not_be_checked(
    registry: HTTPServer, repo: Path, cli: Invoke
) -> None:
    replay.serve(registry, "crossref-work-journal-article.json")
    cli("add", PLOS, root=repo)
    registry.clear()
    registry.expect_request(f"/works/{PLOS}").respond_with_data("down", status=500)
    result = cli("check", "--online", root=repo)
    assert f"error: entry 'sadasivan2012' could not be checked: DOI {PLOS}" in result.stdout
    assert result.exit_code == 1  # a check that vouched for an unchecked DOI would mislead


def test_rate_limit_headers_tighten_the_limits() -> None:
    limit = HostLimit(10, 1.0, 3)
    _, headers, _ = replay.recorded("crossref-work-journal-article.json")  # public pool
    limit.update(headers)
    assert (limit.rate, limit.interval, limit.concurrency) == (5.0, 1.0, 1)


def test_requests_are_spaced_by_the_rate() -> None:
    now = [0.0]
    starts: list[float] = []

    def sleep(seconds: float) -> None:
        now[0] += seconds

    limit = HostLimit(10, 1.0, 3, clock=lambda: now[0], sleep=sleep)
    for _ in range(5):
        limit.acquire()
        starts.append(now[0])
        limit.release()
    assert starts == pytest.approx([0.0, 0.105, 0.21, 0.315, 0.42])  # 5 % margin


def test_retry_after_reads_seconds_and_http_dates() -> None:
    assert retry_after("7") == 7.0
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == pytest.approx(10.0)
    assert retry_after("soon") is None


def test_the_cache_survives_a_corrupt_file(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path)
    cache.put("http://x/works/1", "application/json", 200, "application/json", "{}")
    [path] = list(tmp_path.rglob("*.json"))
    path.write_text("{broken")
    assert cache.get("http://x/works/1", "application/json") is None


# --- import and verify ---------------------------------------------------------------------

RIS = """TY  - JOUR
AU  - Frank, Ellen
AU  - Ritchey, Fiona C.
TI  - Is Interpersonal Psychotherapy Infinitely Adaptable?
JO  - American Journal of Psychotherapy
PY  - 2014
VL  - 68
IS  - 4
SP  - 385
EP  - 416
DO  - 10.1176/appi.psychotherapy.2014.68.4.385
ER  -

TY  - BOOK
AU  - Law, Roslyn
TI  - Defeating Depression
PY  - 2013
ER  -
"""


def test_import_ris_csl_json_and_bibtex_with_duplicates_skipped(
    repo: Path, cli: Invoke, tmp_path: Path
) -> None:
    ris_file = tmp_path / "endnote.ris"
    ris_file.write_text(RIS)
    csl_file = tmp_path / "zotero.json"
    csl_file.write_text(
        json.dumps(
            [
                {
                    "id": "Roe:2001",
                    "type": "book",
                    "title": "Kept Again",
                    "author": [{"family": "Roe"}],
                    "issued": {"date-parts": [[2001]]},
                },
                {
                    "id": "dup",
                    "type": "article-journal",
                    "DOI": "10.1176/APPI.PSYCHOTHERAPY.2014.68.4.385",
                },
            ]
        )
    )
    bib_file = tmp_path / "jabref.bib"
    bib_file.write_text("@misc{kept, title = {Kept}}\n@misc{kept2, title = {Other}}\n")
    result = cli("import", str(ris_file), str(csl_file), str(bib_file), root=repo)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.endswith("4 added, 2 skipped (duplicate), 0 failed\n")
    keys = [r.key for r in bibfile.parse((repo / "refs" / "references.bib").read_text()).references]
    assert keys == ["kept", "frank2014", "law2013", "Roe:2001", "kept2"]
    assert entry(repo, "frank2014")["pages"] == "385--416"


def test_import_reports_a_broken_file_with_its_line(
    repo: Path, cli: Invoke, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.ris"
    bad.write_text("TY  - JOUR\nTI  - Half a record\n")
    result = cli("import", str(bad), root=repo)
    assert f"{bad}:1: RIS record has no ER line; it was read" in result.stderr


def test_verify_shows_the_misspelt_author_and_stale_pages_then_applies(
    registry: HTTPServer, cli: Invoke, seed_repo: Path
) -> None:
    bib = seed_repo / "refs" / "references.bib"
    text = bib.read_text()
    as_on_the_page = text.replace(
        "author  = {Pearson, Amy and Rose, Kieran}", "author  = {Person, A. and Rose, K.}"
    ).replace("pages   = {52--60}", "pages   = {1--9}")
    bib.write_text(as_on_the_page)
    record = json.loads((Path(__file__).parent / "data" / "crossref-pearson2021.json").read_text())
    replay.serve_json(registry, "/works/10.1089/aut.2020.0043", record)
    result = cli("verify", "pearson2021", root=seed_repo)
    assert result.exit_code == 1
    assert "pearson2021: differs from DOI 10.1089/aut.2020.0043" in result.stdout
    assert "authors  Person, Rose  ->  Pearson, Rose" in result.stdout
    assert "pages    1-9  ->  52-60" in result.stdout
    applied = cli("verify", "pearson2021", "--apply", root=seed_repo)
    assert applied.exit_code == 0
    assert "-  author  = {Person, A. and Rose, K.}," in applied.stdout
    after = bib.read_text()
    assert "{Pearson, Amy and Rose, Kieran}" in after and "{52--60}" in after
    assert "issn    = {2573-959X}" in after  # a field the registry does not give is kept
    changed = [line for line in after.splitlines() if line not in as_on_the_page.splitlines()]
    assert all(line.strip().startswith(("author", "pages")) for line in changed), changed
    assert "agrees with DOI" in cli("verify", "pearson2021", root=seed_repo).stdout


def test_verify_reports_a_correction_notice(registry: HTTPServer, repo: Path, cli: Invoke) -> None:
    replay.serve(registry, "crossref-work-journal-article.json")
    cli("add", PLOS, root=repo)
    result = cli("verify", "sadasivan2012", root=repo)
    assert (
        "sadasivan2012: NOTICE: DOI 10.1371/journal.pone.0033693 has a correction "
        "(10.1371/annotation/c76da2c1-ccb8-4797-94c1-359d3ceceeda)"
    ) in result.stdout
    assert "agrees with DOI" in result.stdout
    assert result.exit_code == 0  # a correction is worth knowing, not an error


def test_a_retraction_is_recorded_and_render_warns_about_it(
    registry: HTTPServer, seed_repo: Path, cli: Invoke
) -> None:
    record = json.loads((Path(__file__).parent / "data" / "crossref-pearson2021.json").read_text())
    record["message"]["updated-by"] = [
        {"DOI": "10.5555/retraction.notice", "type": "retraction", "label": "Retraction"}
    ]
    replay.serve_json(registry, "/works/10.1089/aut.2020.0043", record)
    checked = cli("verify", "pearson2021", root=seed_repo)
    assert checked.exit_code == 1
    assert "has a retraction (10.5555/retraction.notice)" in checked.stdout
    assert "retraction" not in (seed_repo / "refs" / "references.bib").read_text()
    cli("verify", "pearson2021", "--apply", root=seed_repo)
    assert (
        "retraction = {10.5555/retraction.notice}"
        in (seed_repo / "refs" / "references.bib").read_text()
    )
    rendered = cli("render", "ipt-refresher-2024", root=seed_repo)
    assert "'pearson2021' has been retracted (notice 10.5555/retraction.notice)" in (
        rendered.stderr
    )


def test_check_online_reports_notices(registry: HTTPServer, repo: Path, cli: Invoke) -> None:
    replay.serve(registry, "crossref-work-journal-article.json")
    cli("add", PLOS, root=repo)
    result = cli("check", "--online", root=repo)
    assert "warning: entry 'sadasivan2012': DOI 10.1371/journal.pone.0033693 has a " in (
        result.stdout
    )
    assert result.exit_code == 0
