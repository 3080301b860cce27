"""Atomic file writes: a reader, or a process killed at any moment, sees the old file or the
new one, never a torn or empty one.

Owns the one way readinglist replaces a file: write a temporary file in the same folder, flush
it, give it the old file's permission bits and move it over the old one with ``os.replace``
(atomic on POSIX and on Windows). Library files are also made durable (fsync of the file and of
its folder); caches skip that, since a cache entry lost in a power cut is only a miss.
Imports only :mod:`readinglist.errors`.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from readinglist.errors import WriteError

DEFAULT_MODE = 0o644


def write_bytes(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace `path` with `data` atomically, keeping its permission bits (a new file gets
    0o644, less the umask's bits as usual). Raises WriteError naming the file; the old file is
    then unchanged and no temporary file is left behind."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = DEFAULT_MODE
    except OSError as exc:
        raise WriteError(f"{path}: cannot write ({exc.strerror})") from exc
    folder = path.parent
    try:
        import tempfile  # imported by the commands that write, not by those that read

        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise WriteError(f"{path}: cannot write ({exc.strerror})") from exc
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            if durable:
                os.fsync(tmp.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise WriteError(f"{path}: cannot write ({exc.strerror}); the file is unchanged") from exc
    if durable:
        _sync_folder(folder)


def write_text(path: Path, text: str, *, durable: bool = True) -> None:
    """Replace `path` with `text` (UTF-8, line endings as given) atomically; see
    :func:`write_bytes`."""
    write_bytes(path, text.encode("utf-8"), durable=durable)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; a no-op where folders cannot be opened (Windows)."""
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
