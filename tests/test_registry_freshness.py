"""Fresh answers where freshness matters: status commands always ask, the cache expires, and
the exit code says when something needs attention."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import platformdirs
import pytest
from pytest_httpserver import HTTPServer

from readinglist.identifiers import Identifier
from readinglist.registry.cache import MAX_AGE, DiskCache
from readinglist.registry.client import Client, Endpoints, fetch
from readinglist.settings import default_cache_dir

from . import replay
from .conftest import DATA, Invoke

DOI = "10.1089/aut.2020.0043"
WORK: dict[str, Any] = json.loads((DATA / "crossref-pearson2021.json").read_text())
TITLE = WORK["message"]["title"][0]
ENTRY = """@article{pearson2021,
  author  = {Pearson, Amy and Rose, Kieran},
  title   = {TITLE},
  journal = {Autism in Adulthood},
  year    = {2021},
  volume  = {3},
  number  = {1},
  pages   = {1--9},
  doi     = {10.1089/aut.2020.0043},
}
""".replace("TITLE", TITLE)


@pytest.fixture
def registry(httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> HTTPServer:
    replay.point_at(httpserver, tmp_path / "cache", monkeypatch)
    return httpserver


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "repo" / "refs").mkdir(parents=True)
    (tmp_path / "repo" / "refs" / "references.bib").write_text(ENTRY)
    return tmp_path / "repo"


def serve_work(server: HTTPServer, changes: dict[str, Any] | None = None) -> None:
    data = copy.deepcopy(WORK)
    data["message"].update(changes or {})
    server.expect_request(f"/works/{DOI}").respond_with_json(data)


def requests_to(server: HTTPServer, path: str) -> int:
    return sum(request.path == path for request in replay.handler_log(server))


def test_answers_in_the_cache_expire_after_a_week(tmp_path: Path) -> None:
    now = [1_000_000.0]
    cache = DiskCache(tmp_path, now=lambda: now[0])
    cache.put("http://x/works/1", "application/json", 200, "application/json", "{}")
    now[0] += MAX_AGE - 1
    assert cache.get("http://x/works/1", "application/json", max_age=MAX_AGE) is not None
    now[0] += 2
    assert cache.get("http://x/works/1", "application/json", max_age=MAX_AGE) is None
    assert cache.get("http://x/works/1", "application/json") is not None  # offline: any age
    now[0] -= 10 * MAX_AGE  # a clock set back does not make an answer "fresh" forever
    assert cache.get("http://x/works/1", "application/json", max_age=MAX_AGE) is None


def test_verify_inpress_and_check_online_ask_every_time_add_uses_the_cache(
    registry: HTTPServer, repo: Path, cli: Invoke
) -> None:
    serve_work(registry)
    path = f"/works/{DOI}"
    cli("verify", root=repo)
    cli("verify", root=repo)
    assert requests_to(registry, path) == 2
    cli("inpress", "pearson2021", root=repo)
    cli("inpress", "pearson2021", root=repo)
    assert requests_to(registry, path) == 4
    cli("check", "--online", root=repo)
    assert requests_to(registry, path) == 5
    cli("add", DOI, "--force", "--dry-run", root=repo)  # the cache serves add
    assert requests_to(registry, path) == 5
    offline = cli("verify", "--offline", root=repo)  # cached copies, however old
    assert "differs from DOI" in offline.stdout
    assert requests_to(registry, path) == 5


def test_a_repeated_look_up_within_one_run_is_asked_once(httpserver: HTTPServer) -> None:
    serve_work(httpserver)
    base = httpserver.url_for("").rstrip("/")
    client = Client(endpoints=Endpoints(base, base, base, base), refresh=True)
    for _ in range(3):
        fetch(client, Identifier("doi", DOI))
    assert client.requests_made == 1


def test_verify_apply_exits_1_when_a_doi_was_not_found(
    registry: HTTPServer, repo: Path, cli: Invoke
) -> None:
    serve_work(registry)
    bib = repo / "refs" / "references.bib"
    bib.write_text(ENTRY + "\n@article{gone, title = {Gone}, doi = {10.1089/gone}}\n")
    registry.expect_request("/works/10.1089/gone").respond_with_data("Resource not found.", 404)
    registry.expect_request("/ra/10.1089").respond_with_json([{"DOI": "10.1089", "RA": "Crossref"}])
    result = cli("verify", "--apply", root=repo)
    assert result.exit_code == 1
    assert "gone: DOI 10.1089/gone: Crossref has no record of it" in result.stderr
    assert "pages   = {52--60}" in bib.read_text()  # what could be settled was applied


def test_verify_apply_exits_1_when_a_retraction_was_reported(
    registry: HTTPServer, repo: Path, cli: Invoke
) -> None:
    notice = {"type": "retraction", "DOI": "10.1089/aut.2020.0043.retraction", "label": "x"}
    serve_work(registry, {"updated-by": [notice]})
    result = cli("verify", "--apply", root=repo)
    assert result.exit_code == 1
    assert "NOTICE: DOI 10.1089/aut.2020.0043 has a retraction" in result.stdout
    assert "retraction" in (repo / "refs" / "references.bib").read_text()


def test_verify_apply_exits_0_when_every_difference_was_settled(
    registry: HTTPServer, repo: Path, cli: Invoke
) -> None:
    serve_work(registry)
    assert cli("verify", root=repo).exit_code == 1
    assert cli("verify", "--apply", root=repo).exit_code == 0


def test_the_cache_folder_is_the_platforms(monkeypatch: pytest.MonkeyPatch) -> None:
    assert default_cache_dir({"READINGLIST_CACHE_DIR": "/tmp/x"}) == Path("/tmp/x")
    monkeypatch.delenv("READINGLIST_CACHE_DIR")
    expected = Path(platformdirs.user_cache_dir("readinglist", appauthor=False))
    assert default_cache_dir({}) == expected
