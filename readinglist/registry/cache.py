"""An on-disk cache of registry responses, so that a repeated look-up costs no request.

One JSON file per request (URL and Accept header), written atomically, in the user cache
folder given by :func:`readinglist.settings.default_cache_dir`. Only successful answers are
kept. An answer older than :data:`MAX_AGE` (7 days) is not served, except offline: a
registry's record changes when a work is published, corrected or retracted, and a week is
as stale as a list built for an event should be. Commands that report such a status
(``inpress``, ``verify``, ``check --online``) do not read the cache at all.

Why not requests-cache: its SQLite store, expiry and ``only_if_cached`` would replace this
file, but it reads a response's body itself, where our client must read it chunk by chunk to
enforce an overall deadline and a size cap on a misbehaving server; it would also bring four
more dependencies (attrs, cattrs, url-normalize, platformdirs' pinning) for ~80 lines.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readinglist import atomic
from readinglist.errors import WriteError


@dataclass(frozen=True)
class CachedResponse:
    url: str
    status: int
    content_type: str
    body: str
    stored: float


MAX_AGE = 7 * 24 * 3600.0


class DiskCache:
    def __init__(self, folder: Path, now: Callable[[], float] = time.time) -> None:
        self.folder = folder
        self.now = now

    def _path(self, url: str, accept: str) -> Path:
        digest = hashlib.sha256(f"{accept}\n{url}".encode()).hexdigest()
        return self.folder / digest[:2] / f"{digest}.json"

    def get(self, url: str, accept: str, max_age: float | None = None) -> CachedResponse | None:
        """The stored answer, if there is one no older than `max_age` seconds (None: any)."""
        path = self._path(url, accept)
        try:
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            hit = CachedResponse(
                str(data["url"]),
                int(data["status"]),
                str(data["content_type"]),
                str(data["body"]),
                float(data["stored"]),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None  # absent or unreadable: a miss, never an error
        if max_age is not None and not 0 <= self.now() - hit.stored <= max_age:
            return None  # expired, or stored "in the future" by a wrong clock
        return hit

    def put(self, url: str, accept: str, status: int, content_type: str, body: str) -> None:
        path = self._path(url, accept)
        data = {
            "url": url,
            "status": status,
            "content_type": content_type,
            "body": body,
            "stored": self.now(),
        }
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic.write_text(path, json.dumps(data), durable=False)
        except (OSError, WriteError):  # a cache that cannot be written is only slower
            pass
