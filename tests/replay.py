"""Replay the recorded registry answers of tests/data/registry from a real HTTP server."""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from .conftest import DATA

FIXTURES = DATA / "registry"
_DROP = {"content-encoding", "content-length", "transfer-encoding", "connection", "date"}


def recorded(name: str) -> tuple[int, dict[str, str], bytes]:
    """A fixture's status, headers (as a server would send them now) and body."""
    meta: dict[str, Any] = json.loads((FIXTURES / "http-meta.json").read_text())[name]
    response = meta.get("response", {})
    headers = {
        k: v[0] for k, v in (response.get("headers") or {}).items() if k.lower() not in _DROP
    }
    if not any(k.lower() == "content-type" for k in headers):
        headers["content-type"] = "application/json" if name.endswith(".json") else "text/plain"
    return int(response.get("status", 200)), headers, (FIXTURES / name).read_bytes()


def serve(
    server: HTTPServer, name: str, path: str | None = None, query: dict[str, str] | None = None
) -> None:
    """Answer the fixture's own request path (or `path`) with the recorded answer."""
    meta = json.loads((FIXTURES / "http-meta.json").read_text())[name]
    url = urllib.parse.urlsplit(meta["request"]["url"])
    status, headers, body = recorded(name)
    server.expect_request(
        path or urllib.parse.unquote(url.path), query_string=query
    ).respond_with_response(Response(body, status=status, headers=headers))


def serve_json(
    server: HTTPServer,
    path: str,
    data: Any,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> None:
    server.expect_request(path).respond_with_response(
        Response(
            json.dumps(data),
            status=status,
            headers={"content-type": "application/json", **(headers or {})},
        )
    )


def agency(server: HTTPServer, prefix: str, name: str) -> None:
    """doi.org's /ra answer, in the recorded shape, for another prefix and agency."""
    serve_json(server, f"/ra/{prefix}", [{"DOI": prefix, "RA": name}])


def handler_log(server: HTTPServer) -> list[Request]:
    return [request for request, _ in server.log]


def env_for(server: HTTPServer, cache: Path) -> dict[str, str]:
    base = server.url_for("").rstrip("/")
    return {
        "READINGLIST_CROSSREF_API": base,
        "READINGLIST_DOI_RESOLVER": base,
        "READINGLIST_DATACITE_API": base,
        "READINGLIST_OPENLIBRARY_API": base,
        "READINGLIST_NCBI_EUTILS_API": base,
        "READINGLIST_PMC_IDCONV_API": f"{base}/idconv",
        "READINGLIST_CACHE_DIR": str(cache),
        "READINGLIST_MAILTO": "tests@example.org",
    }


def point_at(server: HTTPServer, cache: Path, monkeypatch: Any) -> HTTPServer:
    """Point every registry base URL (and the cache) of the commands under test at `server`."""
    for name, value in env_for(server, cache).items():
        monkeypatch.setenv(name, value)
    return server
