"""The mechanics of one HTTP request that no server can stretch: headers within a deadline,
the body read as it arrives, redirects checked before they are followed, charsets that Python
may not know. :class:`~readinglist.registry.http.Client` decides what to ask and how often."""

from __future__ import annotations

import codecs
import threading
import urllib.parse
from collections.abc import Callable
from typing import Any

import requests
import urllib3

from readinglist.errors import FetchError


class Unanswered(Exception):
    """A request that timed out, missed its deadline or lost its connection. A `final` one
    (a missed deadline: the host answers, only too slowly) is not worth another attempt."""

    def __init__(self, reason: str, final: bool = False) -> None:
        self.reason, self.final = reason, final
        super().__init__(reason)


def charset(name: str | None) -> str:
    """The declared charset if Python knows it, else UTF-8 (JSON's own, RFC 8259 §8.1)."""
    try:
        return codecs.lookup(name or "utf-8").name
    except (LookupError, ValueError, TypeError):
        return "utf-8"


def redirect_target(current: str, location: str, label: str) -> str:
    try:
        target = urllib.parse.urljoin(current, location.strip())
        parts = urllib.parse.urlsplit(target)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as exc:
        raise FetchError(f"{label}: refused a redirect to a broken address {location!r}") from exc
    if parts.scheme not in ("http", "https"):
        raise FetchError(
            f"{label}: refused a redirect to {location!r} (only http and https are followed)"
        )
    if not parts.hostname:
        raise FetchError(f"{label}: refused a redirect to a broken address {location!r}")
    return target


def send(
    session: requests.Session,
    url: str,
    accept: str,
    timeout: tuple[float, float],
    wait: float,
    deadline_text: str,
) -> requests.Response:
    """The response's status and headers, within `wait` seconds.

    requests' read timeout is per read, so a server that sends its status line and
    headers one byte at a time would hold ``session.get`` for as long as it likes. The
    request runs in a daemon thread that is left behind when `wait` runs out (it ends
    with the connection; a daemon thread never delays the command's exit)."""
    box: dict[str, Any] = {}
    done = threading.Event()

    def run() -> None:
        try:
            box["response"] = session.get(
                url,
                headers={"Accept": accept},
                timeout=timeout,
                stream=True,
                allow_redirects=False,
            )
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
            box["error"] = exc
        finally:
            done.set()
            if box.get("abandoned") and "response" in box:
                box["response"].close()

    threading.Thread(target=run, name="readinglist-request", daemon=True).start()
    if not done.wait(max(wait, 0.0)):
        box["abandoned"] = True
        raise Unanswered(f"no answer within {deadline_text}", final=True)
    if "error" in box:
        raise box["error"]
    response: requests.Response = box["response"]
    return response


def read_body(
    response: requests.Response,
    clock: Callable[[], float],
    deadline: float,
    max_bytes: int,
    label: str,
    deadline_text: str,
) -> bytes:
    """The body, read as it arrives, so that the deadline is checked between reads."""
    chunks: list[bytes] = []
    size = 0
    while True:
        if clock() >= deadline:
            raise Unanswered(f"the answer did not arrive within {deadline_text}", final=True)
        try:
            chunk = response.raw.read1(65536, decode_content=True)
        except urllib3.exceptions.ReadTimeoutError as exc:
            raise Unanswered("timed out") from exc
        except urllib3.exceptions.ProtocolError as exc:
            raise Unanswered("broke the connection") from exc
        except urllib3.exceptions.HTTPError as exc:
            raise FetchError(f"{label}: the answer could not be read ({exc})") from exc
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"{label}: the answer is larger than {max_bytes:,} bytes")
        chunks.append(chunk)
