"""HTTP to the registries, politely and within bounds.

One :class:`Client` holds one ``requests.Session`` whose User-Agent names readinglist, its
version and a contact address: Crossref then serves it from the polite pool. Every request
waits for a slot of its host's rate and concurrency limits (:mod:`.limits`; Crossref: 10
requests/s and 3 at once for single works, 3/s for searches in the polite pool; 5/s and 1 at
once in the public pool; NCBI: 3/s), which follow the ``x-rate-limit-*`` headers of each
answer within sane bounds.

Nothing a server does can hang a command:

- every request has an overall deadline (:data:`REQUEST_DEADLINE`), for its headers and for
  its body as it streams in (requests' read timeout is per read: a server that sends one
  byte a second never trips it), and every look-up, retries and waits included, has one too
  (:data:`LOOKUP_DEADLINE`); a missed deadline is not retried, and its host is not asked
  again in the run (:mod:`.transport` holds the mechanics);
- 429 and 503 are retried after ``Retry-After``, capped at
  :data:`~readinglist.registry.limits.RETRY_AFTER_CAP` and reported; other transient
  failures after a capped, jittered exponential backoff;
- redirects are followed by hand, at most :data:`MAX_REDIRECTS`, and only to http(s);
- an answer is capped at :data:`MAX_BYTES`, decoded with its declared charset or UTF-8.

Answers are cached (:mod:`.cache`): ``offline`` serves only the cache (any age), ``refresh``
always asks the registry; otherwise a cached answer younger than ``max_age`` is used. Within
one client, a repeated request is answered from memory whatever the mode.

With :mod:`.transport`, the only module that imports requests.
"""

from __future__ import annotations

import json
import os
import random
import threading
import time
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import requests

from readinglist import __version__
from readinglist.errors import FetchError, NotFoundError
from readinglist.registry import shapes, transport
from readinglist.registry.cache import MAX_AGE, DiskCache
from readinglist.registry.limits import RETRY_AFTER_CAP, HostLimit, retry_after

__all__ = ["CSL_JSON", "JSON", "Answer", "Client", "Endpoints"]

JSON = "application/json"
CSL_JSON = "application/vnd.citationstyles.csl+json"
MAX_BYTES = 20 * 1024 * 1024
TIMEOUT = (5.0, 30.0)  # connect, and each read (seconds)
REQUEST_DEADLINE = 30.0  # one request, from connecting to the last byte of the body
LOOKUP_DEADLINE = 90.0  # one look-up: every attempt, wait and redirect
MAX_REDIRECTS = 5
RETRIES = 4
BACKOFF_BASE, BACKOFF_CAP = 0.5, 30.0
_REDIRECTS = (301, 302, 303, 307, 308)


@dataclass(frozen=True)
class Endpoints:
    """Base URLs, from ``READINGLIST_*`` variables so that tests and mirrors can point
    elsewhere."""

    crossref: str = "https://api.crossref.org"
    doi: str = "https://doi.org"
    datacite: str = "https://api.datacite.org"
    openlibrary: str = "https://openlibrary.org"
    eutils: str = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
    idconv: str = "https://pmc.ncbi.nlm.nih.gov/tools/idconv/api/v1/articles"

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
                    ("NCBI_EUTILS_API", "eutils"),
                    ("PMC_IDCONV_API", "idconv"),
                )
            )
        )


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

    def checked(self, shape: shapes.Check, what: str, service: str) -> Any:
        """The JSON, checked against the shape its service documents (:mod:`.shapes`)."""
        data = self.json()
        try:
            return shape(data, "")
        except shapes.ShapeError as exc:
            raise FetchError(f"{what}: {service}'s answer is malformed: {exc}") from exc


def _host(url: str) -> str:
    return urllib.parse.urlsplit(url).netloc


class Client:
    """HTTP access to the registries. Thread-safe; share one per command.

    `notify` receives one-line reports of what slows a command down (a capped
    ``Retry-After``); the CLI prints them on stderr.
    """

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
        max_age: float = MAX_AGE,
        request_deadline: float = REQUEST_DEADLINE,
        lookup_deadline: float = LOOKUP_DEADLINE,
        notify: Callable[[str], None] | None = None,
        max_bytes: int = MAX_BYTES,
    ) -> None:
        self.session = session or requests.Session()
        contact = f" (mailto:{mailto})" if mailto else ""
        self.session.headers["User-Agent"] = f"readinglist/{__version__}{contact}"
        self.endpoints = endpoints or Endpoints.from_env()
        self.mailto = mailto
        self.cache, self.offline, self.refresh, self.max_age = cache, offline, refresh, max_age
        self.timeout, self.retries, self.sleep, self.clock = timeout, retries, sleep, clock
        self.request_deadline, self.lookup_deadline = request_deadline, lookup_deadline
        self.notify, self.max_bytes = notify, max_bytes
        self.reports: list[str] = []
        self.polite = bool(mailto)
        self.requests_made = 0
        self.status_counts: dict[int, int] = {}
        self._limits: dict[tuple[str, str], HostLimit] = {}
        self._memo: dict[tuple[str, str], Answer] = {}
        self._unanswered: dict[str, str] = {}
        self._lock = threading.Lock()

    @property
    def _deadline_text(self) -> str:
        return f"{self.request_deadline:g} s"

    def limit_for(self, url: str, kind: str) -> HostLimit:
        """The rate limit that applies to a request of `kind` to `url`'s host."""
        host = _host(url)
        with self._lock:
            if (host, kind) not in self._limits:
                if kind == "search":
                    rate, concurrency = (3.0, 3) if self.polite else (1.0, 1)
                elif kind == "ncbi":  # E-utilities: 3 requests/s without an API key
                    rate, concurrency = 3.0, 1
                else:
                    rate, concurrency = (10.0, 3) if self.polite else (5.0, 1)
                self._limits[(host, kind)] = HostLimit(
                    rate, 1.0, concurrency, self.clock, self.sleep
                )
            return self._limits[(host, kind)]

    def _report(self, message: str) -> None:
        with self._lock:
            self.reports.append(message)
        if self.notify is not None:
            self.notify(message)

    def _cached(self, full: str, accept: str) -> Answer | None:
        with self._lock:
            remembered = self._memo.get((full, accept))
        if remembered is not None:
            return remembered
        if self.cache is None or (self.refresh and not self.offline):
            return None
        hit = self.cache.get(full, accept, max_age=None if self.offline else self.max_age)
        if hit is None:
            return None
        return Answer(full, hit.status, hit.content_type, hit.body, from_cache=True)

    def get(
        self,
        url: str,
        accept: str = JSON,
        params: Mapping[str, str] | None = None,
        kind: str = "single",
        what: str = "",
        shape: shapes.Check | None = None,
        service: str = "",
    ) -> Answer:
        """GET `url`; raises NotFoundError for 404/410 and FetchError for anything unusable.
        `what` names the identifier in messages. With a `shape`, the answer is checked
        against it (naming `service`) before it is kept: a malformed answer is never cached."""
        full = url + ("?" + urllib.parse.urlencode(params) if params else "")
        label = what or full
        host = _host(url)
        hit = self._cached(full, accept)
        if hit is not None:
            return hit
        if self.offline:
            raise FetchError(f"{label}: not in the cache, and --offline forbids asking {host}")
        answer = self._ask(full, accept, kind, label)
        if shape is not None:
            answer.checked(shape, label, service)
        with self._lock:
            self._memo[(full, accept)] = answer
        if self.cache is not None:
            self.cache.put(full, accept, answer.status, answer.content_type, answer.body)
        return answer

    def get_checked(
        self,
        shape: shapes.Check,
        service: str,
        url: str,
        accept: str = JSON,
        params: Mapping[str, str] | None = None,
        kind: str = "single",
        what: str = "",
    ) -> Any:
        """GET `url` and return its JSON, checked against `shape` (the answer is cached only
        when it passes); `service` names the registry in messages."""
        answer = self.get(url, accept, params, kind, what, shape=shape, service=service)
        return answer.checked(shape, what or answer.url, service)

    def _give_up_on_slow_host(self, host: str, label: str) -> None:
        with self._lock:
            earlier = self._unanswered.get(host)
        if earlier:
            raise FetchError(f"{label}: not asked: {host}: {earlier} earlier in this run")

    def _ask(self, full: str, accept: str, kind: str, label: str) -> Answer:
        host = _host(full)
        limit = self.limit_for(full, kind)
        give_up_at = self.clock() + self.lookup_deadline
        waited = 0.0
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            limit.acquire()
            try:
                self._give_up_on_slow_host(host, label)  # it may have failed while we queued
                answer, headers = self._once(full, accept, label, give_up_at)
            except transport.Unanswered as exc:
                if last or exc.final or self.clock() >= give_up_at:
                    with self._lock:
                        self._unanswered[host] = exc.reason
                    attempts = f"{attempt + 1} attempt{'s' if attempt else ''}"
                    raise FetchError(f"{label}: {exc.reason} after {attempts} ({host})") from exc
                wait = self._backoff(attempt)
                waited += wait
                self.sleep(wait)
                continue
            finally:
                limit.release()
            limit.update(headers)
            status = answer.status
            if status in (429, 500, 502, 503, 504):
                asked = retry_after(headers.get("retry-after"))
                wait = self._backoff(attempt) if asked is None else min(asked, RETRY_AFTER_CAP)
                if asked is not None and asked > RETRY_AFTER_CAP:
                    self._report(
                        f"{host} asked to wait {asked:.0f} s before retrying; "
                        f"waiting {RETRY_AFTER_CAP:g} s at most"
                    )
                if (
                    last
                    or self.clock() + wait >= give_up_at
                    or waited + wait >= (self.lookup_deadline)
                ):
                    told = f" (it asked to wait {asked:.0f} s)" if asked is not None else ""
                    raise FetchError(
                        f"{label}: {host} answered {status} {attempt + 1} times{told}; "
                        "try again later"
                    )
                waited += wait
                limit.pause(wait)
                continue
            if status in (404, 410):
                raise NotFoundError(f"{label}: not found ({host} answered {status})")
            if status != 200:
                first = " ".join(answer.body.split())[:120]
                raise FetchError(f"{label}: {host} answered {status}: {first}")
            wanted = "json" if "json" in accept else accept
            if wanted not in answer.content_type:
                raise FetchError(
                    f"{label}: expected {accept} but the answer is "
                    f"{answer.content_type or 'of no stated type'}"
                )
            return answer
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(
        self, url: str, accept: str, label: str, give_up_at: float
    ) -> tuple[Answer, Mapping[str, str]]:
        """One request, redirects followed by hand, within its deadline."""
        deadline = min(self.clock() + self.request_deadline, give_up_at)
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            remaining = deadline - self.clock()
            if remaining <= 0:
                raise transport.Unanswered(f"no answer within {self._deadline_text}", final=True)
            timeout = (min(self.timeout[0], remaining), min(self.timeout[1], remaining))
            try:
                response = transport.send(
                    self.session, current, accept, timeout, remaining, self._deadline_text
                )
            except requests.Timeout as exc:
                raise transport.Unanswered("timed out") from exc
            except requests.ConnectionError as exc:
                raise transport.Unanswered("connection failed") from exc
            except requests.RequestException as exc:
                raise FetchError(f"{label}: the request to {current} failed: {exc}") from exc
            except ValueError as exc:  # requests parses a Location even when not following it
                raise FetchError(
                    f"{label}: refused a redirect to a broken address ({exc})"
                ) from exc
            with response:
                with self._lock:
                    self.requests_made += 1
                    self.status_counts[response.status_code] = (
                        self.status_counts.get(response.status_code, 0) + 1
                    )
                location = response.headers.get("location")
                if response.status_code in _REDIRECTS and location is not None:
                    current = transport.redirect_target(current, location, label)
                    continue
                data = transport.read_body(
                    response, self.clock, deadline, self.max_bytes, label, self._deadline_text
                )
                body = data.decode(transport.charset(response.encoding), errors="replace")
                content_type = response.headers.get("content-type", "").split(";")[0].strip()
                headers = {k.lower(): v for k, v in response.headers.items()}
                return Answer(current, response.status_code, content_type, body), headers
        raise FetchError(f"{label}: too many redirects (more than {MAX_REDIRECTS}) from {url}")

    def _backoff(self, attempt: int) -> float:
        return float(min(BACKOFF_CAP, BACKOFF_BASE * 2**attempt) * (0.5 + random.random() / 2))
