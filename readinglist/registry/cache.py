"""An on-disk cache of registry responses, so that a repeated look-up costs no request.

One JSON file per request (URL and Accept header), written atomically, in the user cache
folder given by :func:`readinglist.settings.default_cache_dir`. Only successful answers are kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class CachedResponse:
    url: str
    status: int
    content_type: str
    body: str
    stored: float


class DiskCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, url: str, accept: str) -> Path:
        digest = hashlib.sha256(f"{accept}\n{url}".encode()).hexdigest()
        return self.folder / digest[:2] / f"{digest}.json"

    def get(self, url: str, accept: str) -> CachedResponse | None:
        path = self._path(url, accept)
        try:
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            return CachedResponse(
                str(data["url"]),
                int(data["status"]),
                str(data["content_type"]),
                str(data["body"]),
                float(data["stored"]),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None  # absent or unreadable: a miss, never an error

    def put(self, url: str, accept: str, status: int, content_type: str, body: str) -> None:
        path = self._path(url, accept)
        data = {
            "url": url,
            "status": status,
            "content_type": content_type,
            "body": body,
            "stored": time.time(),
        }
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f)
            os.replace(tmp, path)
        except OSError:  # a cache that cannot be written is only slower
            with contextlib.suppress(OSError, UnboundLocalError):
                os.unlink(tmp)
