"""Crossref, DataCite, doi.org and Open Library over HTTP, politely.

One :class:`Client` holds one ``requests.Session`` whose User-Agent names readinglist, its
version and a contact address: Crossref then serves it from the polite pool. Every request
has a timeout and a size cap, waits for a slot of its host's rate and concurrency limits
(Crossref: 10 requests/s and 3 at once for single works, 3/s for searches in the polite pool;
5/s and 1 at once in the public pool), and those limits follow the ``x-rate-limit-limit``,
``x-rate-limit-interval`` and ``x-concurrency-limit`` headers of each answer. 429 and 503 are
retried after ``Retry-After``, other transient failures after a capped, jittered exponential
backoff. Answers are cached on disk; ``offline`` serves only the cache, ``refresh`` skips it.

This is the only module that imports requests.
"""

from __future__ import annotations

import email.utils
import json
import os
import random
import re
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import requests

from readinglist import __version__
from readinglist.csl.from_bibtex import CslItem
from readinglist.errors import FetchError, NotFoundError
from readinglist.identifiers import Identifier
from readinglist.registry import records
from readinglist.registry.cache import DiskCache

JSON = "application/json"
CSL_JSON = "application/vnd.citationstyles.csl+json"
NOTICES = "readinglist-notices"
MAX_BYTES = 20 * 1024 * 1024
TIMEOUT = (5.0, 30.0)  # connect, read (seconds)
RETRIES = 4
BACKOFF_BASE, BACKOFF_CAP, RETRY_AFTER_CAP = 0.5, 30.0, 120.0
# Requests leave 5 % further apart than the limit allows: network jitter can bring two of
# them closer together on arrival, and a server counting "10 in any second" would refuse
# the eleventh (benchmarks/fetch.py measures it).
SPACING_MARGIN = 1.05


@dataclass(frozen=True)
class Endpoints:
    """Base URLs, from ``READINGLIST_*`` variables so that tests and mirrors can point
    elsewhere."""

    crossref: str = "https://api.crossref.org"
    doi: str = "https://doi.org"
    datacite: str = "https://api.datacite.org"
    openlibrary: str = "https://openlibrary.org"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Endpoints:
        env = os.environ if env is None else env
        default = cls()
        return cls(
            *(
                env.get(f"READINGLIST_{name}", getattr(default, attr)).rstrip("/")
                for name, attr in (
                    ("CROSSREF_API", "crossref"),
                    ("DOI_RESOLVER", "doi"),
                    ("DATACITE_API", "datacite"),
                    ("OPENLIBRARY_API", "openlibrary"),
                )
            )
        )


class HostLimit:
    """At most `rate` requests per `interval` seconds and `concurrency` at once.

    Requests are spaced evenly (a request may start every interval/rate seconds); a 429
    pushes every later start back.
    """

    def __init__(
        self,
        rate: float,
        interval: float,
        concurrency: int,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.rate, self.interval, self.concurrency = rate, interval, concurrency
        self.clock, self.sleep = clock, sleep
        self.active = 0
        self.next_start = 0.0
        self.condition = threading.Condition()

    def acquire(self) -> None:
        with self.condition:
            while self.active >= self.concurrency:
                self.condition.wait()
            self.active += 1
            now = self.clock()
            start = max(now, self.next_start)
            self.next_start = start + self.interval / self.rate * SPACING_MARGIN
        if start > now:
            self.sleep(start - now)

    def release(self) -> None:
        with self.condition:
            self.active -= 1
            self.condition.notify()

    def pause(self, seconds: float) -> None:
        with self.condition:
            self.next_start = max(self.next_start, self.clock() + seconds)

    def update(self, headers: Mapping[str, str]) -> None:
        """Follow the server's own statement of its limits."""
        limit = _number(headers.get("x-rate-limit-limit"))
        interval = _seconds(headers.get("x-rate-limit-interval"))
        concurrency = _number(headers.get("x-concurrency-limit"))
        with self.condition:
            if limit and limit > 0:
                self.rate = limit
            if interval and interval > 0:
                self.interval = interval
            if concurrency and concurrency >= 1:
                self.concurrency = int(concurrency)
                self.condition.notify_all()


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def _seconds(value: str | None) -> float | None:
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*", value or "")
    if not m:
        return None
    return float(m.group(1)) * {"ms": 0.001, "s": 1.0, "m": 60.0, None: 1.0}[m.group(2)]


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: a number or an HTTP date."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


@dataclass(frozen=True)
class Answer:
    url: str
    status: int
    content_type: str
    body: str
    from_cache: bool = False

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except ValueError as exc:
            raise FetchError(f"{self.url}: the answer is not valid JSON ({exc})") from exc


class Client:
    """HTTP access to the registries. Thread-safe; share one per command."""

    def __init__(
        self,
        session: requests.Session | None = None,
        endpoints: Endpoints | None = None,
        mailto: str = "",
        cache: DiskCache | None = None,
        offline: bool = False,
        refresh: bool = False,
        timeout: tuple[float, float] = TIMEOUT,
        retries: int = RETRIES,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.session = session or requests.Session()
        self.session.max_redirects = 5
        contact = f" (mailto:{mailto})" if mailto else ""
        self.session.headers["User-Agent"] = f"readinglist/{__version__}{contact}"
        self.endpoints = endpoints or Endpoints.from_env()
        self.cache, self.offline, self.refresh = cache, offline, refresh
        self.timeout, self.retries, self.sleep, self.clock = timeout, retries, sleep, clock
        self.polite = bool(mailto)
        self.requests_made = 0
        self.status_counts: dict[int, int] = {}
        self._limits: dict[tuple[str, str], HostLimit] = {}
        self._lock = threading.Lock()

    def limit_for(self, url: str, kind: str) -> HostLimit:
        host = urllib.parse.urlsplit(url).netloc
        with self._lock:
            if (host, kind) not in self._limits:
                if kind == "search":
                    rate, concurrency = (3.0, 3) if self.polite else (1.0, 1)
                else:
                    rate, concurrency = (10.0, 3) if self.polite else (5.0, 1)
                self._limits[(host, kind)] = HostLimit(
                    rate, 1.0, concurrency, self.clock, self.sleep
                )
            return self._limits[(host, kind)]

    def get(
        self,
        url: str,
        accept: str = JSON,
        params: Mapping[str, str] | None = None,
        kind: str = "single",
        what: str = "",
    ) -> Answer:
        """GET `url`; raises NotFoundError for 404/410 and FetchError for anything unusable.
        `what` names the identifier in messages."""
        full = url + ("?" + urllib.parse.urlencode(params) if params else "")
        label = what or full
        if self.cache is not None and not self.refresh:
            hit = self.cache.get(full, accept)
            if hit is not None:
                return Answer(full, hit.status, hit.content_type, hit.body, from_cache=True)
        if self.offline:
            raise FetchError(
                f"{label}: not in the cache, and --offline forbids asking "
                f"{urllib.parse.urlsplit(url).netloc}"
            )
        limit = self.limit_for(url, kind)
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            limit.acquire()
            try:
                answer, headers = self._once(full, accept, label)
            except (requests.Timeout, requests.ConnectionError) as exc:
                if last:
                    reason = (
                        "timed out" if isinstance(exc, requests.Timeout) else ("connection failed")
                    )
                    raise FetchError(
                        f"{label}: {reason} after {attempt + 1} attempts "
                        f"({urllib.parse.urlsplit(url).netloc})"
                    ) from exc
                self.sleep(self._backoff(attempt))
                continue
            finally:
                limit.release()
            limit.update(headers)
            status = answer.status
            if status in (429, 503) or status in (500, 502, 504):
                if last:
                    raise FetchError(
                        f"{label}: {urllib.parse.urlsplit(url).netloc} answered "
                        f"{status} {attempt + 1} times; try again later"
                    )
                wait = retry_after(headers.get("retry-after"))
                wait = min(wait, RETRY_AFTER_CAP) if wait is not None else self._backoff(attempt)
                limit.pause(wait)
                continue
            if status in (404, 410):
                raise NotFoundError(
                    f"{label}: not found ({urllib.parse.urlsplit(url).netloc} answered {status})"
                )
            if status != 200:
                first = " ".join(answer.body.split())[:120]
                raise FetchError(
                    f"{label}: {urllib.parse.urlsplit(url).netloc} answered {status}: {first}"
                )
            wanted = "json" if "json" in accept else accept
            if wanted not in answer.content_type:
                raise FetchError(
                    f"{label}: expected {accept} but the answer is "
                    f"{answer.content_type or 'of no stated type'}"
                )
            if self.cache is not None:
                self.cache.put(full, accept, status, answer.content_type, answer.body)
            return answer
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(self, url: str, accept: str, label: str) -> tuple[Answer, Mapping[str, str]]:
        try:
            response = self.session.get(
                url, headers={"Accept": accept}, timeout=self.timeout, stream=True
            )
        except requests.TooManyRedirects as exc:
            raise FetchError(f"{label}: too many redirects ({url})") from exc
        with response:
            with self._lock:
                self.requests_made += 1
                self.status_counts[response.status_code] = (
                    self.status_counts.get(response.status_code, 0) + 1
                )
            chunks, size = [], 0
            for chunk in response.iter_content(65536):
                size += len(chunk)
                if size > MAX_BYTES:
                    raise FetchError(
                        f"{label}: the answer is larger than {MAX_BYTES // (1024 * 1024)} MB"
                    )
                chunks.append(chunk)
            body = b"".join(chunks).decode(response.encoding or "utf-8", errors="replace")
            content_type = response.headers.get("content-type", "").split(";")[0].strip()
            headers = {k.lower(): v for k, v in response.headers.items()}
            return Answer(response.url or url, response.status_code, content_type, body), headers

    def _backoff(self, attempt: int) -> float:
        return float(min(BACKOFF_CAP, BACKOFF_BASE * 2**attempt) * (0.5 + random.random() / 2))


# --- the look-ups ---------------------------------------------------------------------------


def _quote(doi: str) -> str:
    """A DOI for a URL path. DOIs ignore case, so they are asked for in lower case: the
    same DOI typed two ways is one request and one cache entry."""
    return urllib.parse.quote(doi.lower(), safe="/:;()[]")


def crossref_work(client: Client, doi: str) -> dict[str, Any]:
    answer = client.get(f"{client.endpoints.crossref}/works/{_quote(doi)}", what=f"DOI {doi}")
    data = answer.json()
    if not isinstance(data, dict) or not isinstance(data.get("message"), dict):
        raise FetchError(f"DOI {doi}: Crossref's answer has no work in it")
    message: dict[str, Any] = data["message"]
    return message


def crossref_search(client: Client, params: Mapping[str, str]) -> list[dict[str, Any]]:
    """Crossref ``/works`` search results (the items, in Crossref's order)."""
    answer = client.get(
        f"{client.endpoints.crossref}/works",
        params=params,
        kind="search",
        what=f"Crossref search for {params.get('query.bibliographic', '')!r}",
    )
    data = answer.json()
    try:
        items = data["message"]["items"]
    except (KeyError, TypeError) as exc:
        raise FetchError("Crossref search: the answer has no items in it") from exc
    return [item for item in items if isinstance(item, dict)]


def registration_agency(client: Client, doi: str) -> str:
    prefix = doi.split("/", 1)[0]
    data = client.get(f"{client.endpoints.doi}/ra/{_quote(prefix)}", what=f"DOI {doi}").json()
    if isinstance(data, list) and data and isinstance(data[0], dict):
        if "RA" in data[0]:
            return str(data[0]["RA"])
        raise NotFoundError(f"DOI {doi}: not found ({data[0].get('status', 'no agency')})")
    raise FetchError(f"DOI {doi}: doi.org's agency look-up answered something unexpected")


def fetch_doi(client: Client, doi: str) -> CslItem:
    """A DOI's metadata: Crossref first; otherwise its registration agency's own record.

    Crossref's notices of retraction, correction or concern ride along under the key
    ``readinglist-notices`` (not a CSL variable; dropped before rendering or writing)."""
    try:
        message = crossref_work(client, doi)
    except NotFoundError:
        agency = registration_agency(client, doi)
    else:
        item = records.crossref_to_csl(message)
        notices = records.update_notices(message)
        if notices:
            item[NOTICES] = notices
        return item
    if agency.lower() == "crossref":
        raise NotFoundError(f"DOI {doi}: Crossref has no record of it")
    if agency.lower() == "datacite":
        data = client.get(
            f"{client.endpoints.datacite}/dois/{_quote(doi)}",
            accept="application/vnd.api+json",
            what=f"DOI {doi}",
        ).json()
        try:
            return records.datacite_to_csl(data["data"]["attributes"])
        except (KeyError, TypeError) as exc:
            raise FetchError(f"DOI {doi}: DataCite's answer has no record in it") from exc
    data = client.get(
        f"{client.endpoints.doi}/{_quote(doi)}", accept=CSL_JSON, what=f"DOI {doi}"
    ).json()
    if not isinstance(data, dict):
        raise FetchError(f"DOI {doi}: {agency}'s CSL-JSON is not an object")
    return records.content_negotiation_to_csl(data)


def fetch_isbn(client: Client, isbn: str) -> CslItem:
    answer = client.get(
        f"{client.endpoints.openlibrary}/api/books",
        params={"bibkeys": f"ISBN:{isbn}", "format": "json", "jscmd": "data"},
        what=f"ISBN {isbn}",
    )
    data = answer.json()
    book = data.get(f"ISBN:{isbn}") if isinstance(data, dict) else None
    if not isinstance(book, dict):
        raise NotFoundError(f"ISBN {isbn}: not found (Open Library has no such book)")
    return records.openlibrary_to_csl(book, isbn)


def fetch(client: Client, identifier: Identifier) -> CslItem:
    if identifier.kind == "doi":
        return fetch_doi(client, identifier.value)
    return fetch_isbn(client, identifier.value)


@dataclass(frozen=True)
class Fetched:
    identifier: Identifier
    item: CslItem | None = None
    error: str = ""


def fetch_all(
    client: Client,
    identifiers: Iterable[Identifier],
    progress: Callable[[Fetched], None] | None = None,
    workers: int = 4,
) -> list[Fetched]:
    """Fetch many identifiers at once, within the hosts' limits; one failure stops no other."""

    def one(identifier: Identifier) -> Fetched:
        try:
            result = Fetched(identifier, item=fetch(client, identifier))
        except FetchError as exc:
            result = Fetched(identifier, error=str(exc))
        if progress is not None:
            progress(result)
        return result

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(one, identifiers))
