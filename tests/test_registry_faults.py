"""A registry that misbehaves slows a command down, within bounds; it never hangs or crashes it.

Each fault is played by a real HTTP server on loopback; sleeping is injected (recorded, not
done) wherever the client would wait, and each test asserts how long it took.
"""

from __future__ import annotations

import copy
import json
import socketserver
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response
from werkzeug.datastructures import Headers

from readinglist.errors import FetchError, NotFoundError
from readinglist.identifiers import Identifier
from readinglist.registry import limits
from readinglist.registry.client import (
    Client,
    Endpoints,
    HostLimit,
    crossref_search,
    fetch,
    fetch_all,
)

from . import replay
from .conftest import DATA, Invoke

DOI = "10.1089/aut.2020.0043"
WORK: dict[str, Any] = json.loads((DATA / "crossref-pearson2021.json").read_text())
BOUND = 10.0  # seconds: every fault below ends well within this


class FakeTime:
    """A clock that moves only when the client sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class AsIs(Response):
    """A response whose headers are sent as they are (werkzeug would tidy a Location)."""

    def get_wsgi_headers(self, environ: Any) -> Headers:
        return Headers(self.headers)


def client_for(server: HTTPServer, **options: Any) -> Client:
    base = server.url_for("").rstrip("/")
    options.setdefault("sleep", lambda s: None)
    return Client(endpoints=Endpoints(base, base, base, base, base, base), **options)


def work_json(**changes: Any) -> str:
    data = copy.deepcopy(WORK)
    data["message"].update(changes)
    return json.dumps(data)


@pytest.fixture
def started() -> Iterator[float]:
    start = time.monotonic()
    yield start
    assert time.monotonic() - start < BOUND


# --- limits taken from headers --------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"x-rate-limit-limit": "1", "x-rate-limit-interval": "99999999s"},
        {"x-rate-limit-limit": "1e-300", "x-rate-limit-interval": "1s"},
        {"x-rate-limit-limit": "0", "x-rate-limit-interval": "0s"},
        {"x-rate-limit-limit": "nan", "x-rate-limit-interval": "-5s"},
    ],
)
def test_absurd_rate_limits_are_clamped(
    httpserver: HTTPServer, headers: dict[str, str], started: float
) -> None:
    body = work_json()
    httpserver.expect_request(f"/works/{DOI}").respond_with_data(
        body, content_type="application/json", headers=headers
    )
    fake = FakeTime()
    client = client_for(httpserver, sleep=fake.sleep, clock=fake.clock, refresh=True)
    for _ in range(3):
        client._memo.clear()  # three separate requests, each after the headers were read
        assert fetch(client, Identifier("doi", DOI))["DOI"] == DOI
    assert max(fake.sleeps, default=0.0) <= limits.MAX_SPACING
    assert fake.now <= 2 * limits.MAX_SPACING


@pytest.mark.parametrize(
    ("value", "expected"), [("inf", 3), ("nan", 3), ("-1", 3), ("1e9", 10), ("2", 2)]
)
def test_concurrency_limit_from_headers_is_clamped(value: str, expected: int) -> None:
    limit = HostLimit(10, 1.0, 3)
    limit.update({"x-concurrency-limit": value})
    assert limit.concurrency == expected


def test_a_retry_after_of_a_day_is_capped_and_reported(
    httpserver: HTTPServer, started: float
) -> None:
    answers = [
        Response("slow down", status=429, headers={"Retry-After": "100000"}),
        Response(work_json(), content_type="application/json"),
    ]
    httpserver.expect_request(f"/works/{DOI}").respond_with_handler(lambda r: answers.pop(0))
    fake = FakeTime()
    notes: list[str] = []
    client = client_for(httpserver, sleep=fake.sleep, clock=fake.clock, notify=notes.append)
    assert fetch(client, Identifier("doi", DOI))["DOI"] == DOI
    assert max(fake.sleeps) == limits.RETRY_AFTER_CAP
    assert notes == [
        f"{httpserver.host}:{httpserver.port} asked to wait 100000 s before retrying; "
        "waiting 30 s at most"
    ]


def test_endless_429s_give_up_within_the_look_up_deadline(
    httpserver: HTTPServer, started: float
) -> None:
    httpserver.expect_request(f"/works/{DOI}").respond_with_response(
        Response("busy", status=429, headers={"Retry-After": "Fri, 31 Dec 9999 23:59:59 GMT"})
    )
    fake = FakeTime()
    client = client_for(httpserver, sleep=fake.sleep, clock=fake.clock, lookup_deadline=60.0)
    with pytest.raises(FetchError, match=r"answered 429 \d times \(it asked to wait \d+ s\)"):
        fetch(client, Identifier("doi", DOI))
    assert fake.now <= 60.0


# --- deadlines --------------------------------------------------------------------------------


def drip(request: Request) -> Response:
    """One byte every 50 ms: each read is quick, the whole answer would take 10 s."""

    def body() -> Iterator[bytes]:
        for _ in range(200):
            time.sleep(0.05)
            yield b" "

    return Response(body(), content_type="application/json")


def test_a_server_that_drips_its_answer_is_cut_off_at_the_deadline(
    httpserver: HTTPServer, started: float
) -> None:
    httpserver.expect_request(f"/works/{DOI}").respond_with_handler(drip)
    client = client_for(httpserver, request_deadline=0.5, retries=1)
    with pytest.raises(FetchError, match=r"did not arrive within 0\.5 s after 1 attempt "):
        fetch(client, Identifier("doi", DOI))  # a missed deadline is not worth a retry
    assert time.monotonic() - started < 3.0
    # The host missed its deadline: the next look-up does not wait for it again.
    with pytest.raises(FetchError, match=r"not asked: .* earlier in this run"):
        fetch(client, Identifier("doi", "10.1000/other"))
    assert len(httpserver.log) == 1


def test_a_batch_against_a_dripping_server_takes_one_deadline_not_one_per_doi(
    httpserver: HTTPServer, started: float
) -> None:
    for n in range(8):
        httpserver.expect_request(f"/works/10.1000/{n}").respond_with_handler(drip)
    client = client_for(httpserver, request_deadline=0.5)
    results = fetch_all(client, [Identifier("doi", f"10.1000/{n}") for n in range(8)])
    assert all(r.item is None for r in results)
    assert time.monotonic() - started < 1.5  # 8 DOIs: about one deadline, not eight


class DripHeaders(socketserver.BaseRequestHandler):
    """Sends its status line and headers one byte every 50 ms (for at most 10 s)."""

    def handle(self) -> None:
        head = b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"y" * 200 + b"\r\n\r\n{}"
        for byte in head:
            try:
                self.request.sendall(bytes([byte]))
            except OSError:
                return
            time.sleep(0.05)


def test_a_server_that_drips_its_headers_is_cut_off_at_the_deadline(started: float) -> None:
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), DripHeaders) as server:
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        client = Client(
            endpoints=Endpoints(base, base, base, base), sleep=lambda s: None, request_deadline=0.5
        )
        with pytest.raises(FetchError, match=r"no answer within 0\.5 s after 1 attempt"):
            fetch(client, Identifier("doi", DOI))
        assert time.monotonic() - started < 3.0
        server.shutdown()


def test_a_look_up_has_one_deadline_for_all_its_attempts(
    httpserver: HTTPServer, started: float
) -> None:
    httpserver.expect_request(f"/works/{DOI}").respond_with_handler(drip)
    client = client_for(httpserver, request_deadline=5.0, lookup_deadline=0.6, retries=4)
    with pytest.raises(FetchError, match="did not arrive"):
        fetch(client, Identifier("doi", DOI))
    assert time.monotonic() - started < 3.0


# --- redirects --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("location", "message"),
    [
        ("file:///etc/passwd", "only http and https are followed"),
        ("gopher://example.org/1", "only http and https are followed"),
        ("https://", "broken address"),
        ("http://[::1", "broken address"),
        ("http://127.0.0.1:port/", "broken address"),
    ],
)
def test_redirects_away_from_http_or_to_broken_addresses_are_refused(
    httpserver: HTTPServer, location: str, message: str, started: float
) -> None:
    httpserver.expect_request(f"/works/{DOI}").respond_with_response(
        AsIs(status=302, headers={"Location": location})
    )
    with pytest.raises(FetchError, match=f"DOI {DOI}: refused a redirect .*{message}"):
        fetch(client_for(httpserver), Identifier("doi", DOI))


def test_a_relative_redirect_is_followed(httpserver: HTTPServer) -> None:
    httpserver.expect_request(f"/works/{DOI}").respond_with_response(
        Response(status=301, headers={"Location": "/mirror/work"})
    )
    httpserver.expect_request("/mirror/work").respond_with_data(
        work_json(), content_type="application/json"
    )
    assert fetch(client_for(httpserver), Identifier("doi", DOI))["volume"] == "3"


# --- bodies -----------------------------------------------------------------------------------


@pytest.mark.parametrize("charset", ["x-no-such-charset", "utf-8\x7f", "", "latin-1"])
def test_an_unknown_charset_falls_back_to_utf8(httpserver: HTTPServer, charset: str) -> None:
    body = work_json(author=[{"family": "Pérez", "given": "Ana"}])
    encoding = "latin-1" if charset == "latin-1" else "utf-8"
    httpserver.expect_request(f"/works/{DOI}").respond_with_response(
        Response(
            body.encode(encoding),
            headers={"Content-Type": f"application/json; charset={charset}"},
        )
    )
    item = fetch(client_for(httpserver), Identifier("doi", DOI))
    assert item["author"] == [{"family": "Pérez", "given": "Ana"}]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"author": "Pearson, Amy"}, "'message.author' is a string, expected a list"),
        ({"author": [{"family": ["Pearson"]}]}, "'message.author[0].family' is a list"),
        ({"title": {"en": "A title"}}, "'message.title[0]' is an object, expected text"),
        ({"issued": {"date-parts": [["soon"]]}}, "'message.issued.date-parts[0][0]'"),
        ({"volume": {"number": 3}}, "'message.volume' is an object, expected text"),
        ({"updated-by": {"type": "retraction"}}, "'message.updated-by' is an object"),
        ({"relation": []}, "'message.relation' is a list, expected an object"),
    ],
)
def test_a_malformed_record_is_one_line_naming_the_doi(
    httpserver: HTTPServer, changes: dict[str, Any], message: str
) -> None:
    httpserver.expect_request(f"/works/{DOI}").respond_with_data(
        work_json(**changes), content_type="application/json"
    )
    with pytest.raises(FetchError) as raised:
        fetch(client_for(httpserver), Identifier("doi", DOI))
    text = str(raised.value)
    assert text.startswith(f"DOI {DOI}: Crossref's answer is malformed: ")
    assert message in text and "\n" not in text


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"title": "A Conceptual Analysis"}, {"title": "A Conceptual Analysis"}),
        ({"title": None, "author": None}, {}),
        ({"volume": 3, "page": None}, {"volume": "3"}),
        ({"author": [None, {"family": "Rose", "given": None}]}, {"author": [{"family": "Rose"}]}),
    ],
)
def test_nulls_lone_strings_and_numbers_are_read_as_documented(
    httpserver: HTTPServer, changes: dict[str, Any], expected: dict[str, Any]
) -> None:
    httpserver.expect_request(f"/works/{DOI}").respond_with_data(
        work_json(**changes), content_type="application/json"
    )
    item = fetch(client_for(httpserver), Identifier("doi", DOI))
    for name in changes:
        target = {"page": "page", "volume": "volume"}.get(name, name)
        assert item.get(target) == expected.get(target)


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ({"status": "ok", "message": {"items": None}}, "the answer has no items in it"),
        ({"status": "ok", "message": {"items": {"0": {}}}}, "'message.items' is an object"),
        ({"status": "ok", "message": {"items": [{"author": "x"}]}}, "'message.items[0].author'"),
        ({"status": "ok", "message": None}, "the answer has no items in it"),
        ([1, 2], "'the answer' is a list, expected an object"),
    ],
)
def test_a_malformed_search_answer_is_one_line(
    httpserver: HTTPServer, answer: Any, message: str
) -> None:
    httpserver.expect_request("/works").respond_with_json(answer)
    with pytest.raises(FetchError) as raised:
        crossref_search(client_for(httpserver), {"query.bibliographic": "masking"})
    assert str(raised.value).startswith("Crossref search for 'masking': ")
    assert message in str(raised.value) and "\n" not in str(raised.value)


def test_a_datacite_or_open_library_record_of_the_wrong_shape_is_one_line(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request("/works/10.5061/x").respond_with_data("", status=404)
    replay.agency(httpserver, "10.5061", "DataCite")
    httpserver.expect_request("/dois/10.5061/x").respond_with_json(
        {"data": {"attributes": {"creators": "Someone"}}}
    )
    httpserver.expect_request("/api/books").respond_with_json({"ISBN:9780198843733": []})
    client = client_for(httpserver)
    with pytest.raises(FetchError, match=r"^DOI 10\.5061/x: DataCite's answer is malformed: "):
        fetch(client, Identifier("doi", "10.5061/x"))
    with pytest.raises(FetchError, match=r"^ISBN 9780198843733: Open Library's answer is"):
        fetch(client, Identifier("isbn", "9780198843733"))


# --- through the command line: one line, exit 1, nothing written -----------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "repo" / "refs").mkdir(parents=True)
    (tmp_path / "repo" / "refs" / "references.bib").write_text("@misc{kept, title = {Kept}}\n")
    return tmp_path / "repo"


def test_add_with_a_malformed_record_writes_nothing(
    httpserver: HTTPServer,
    repo: Path,
    cli: Invoke,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    replay.point_at(httpserver, tmp_path / "cache", monkeypatch)
    httpserver.expect_request(f"/works/{DOI}").respond_with_data(
        work_json(author="Pearson"), content_type="application/json"
    )
    before = (repo / "refs" / "references.bib").read_bytes()
    result = cli("add", DOI, root=repo)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"failed DOI {DOI}: DOI {DOI}: Crossref's answer is malformed: "
        "'message.author' is a string, expected a list"
    ]
    assert (repo / "refs" / "references.bib").read_bytes() == before
    assert not list((tmp_path / "cache").rglob("*.json"))  # a failure is not cached


def test_not_found_stays_not_found(httpserver: HTTPServer) -> None:
    httpserver.expect_request(f"/works/{DOI}").respond_with_data("Resource not found.", 404)
    httpserver.expect_request("/ra/10.1089").respond_with_json(
        [{"DOI": "10.1089", "RA": "Crossref"}]
    )
    with pytest.raises(NotFoundError, match="Crossref has no record of it"):
        fetch(client_for(httpserver), Identifier("doi", DOI))
