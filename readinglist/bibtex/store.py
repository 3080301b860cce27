"""Where a .bib file's parse is kept: signed records in the user's cache folder.

A record holds plain data written with :mod:`marshal`, never code, behind a header of the
file's content digest and the code version that made it, and is signed with a keyed BLAKE2b
under a per-user secret (``secret`` in the cache folder, readable by its owner only). A record
that is truncated, corrupt, written by another program or version, or moved to another file's
slot fails its check and reads as missing. Records are replaced atomically (temporary file,
``os.replace``), so concurrent commands never see a torn one; a cache that cannot be read or
written only costs speed.

The code versions (:func:`code_version`, :func:`package_version`) stamp the sources a record
depends on by name, size and modification time.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import marshal
import os
import sys
from pathlib import Path
from typing import Any

from readinglist.digest import hasher, same, stamp, stamp_package

MAGIC = b"RLBIB\x00\x01\n"
_DIGEST = 32  # bytes of each hash and of the signature
_SECRET = "secret"
_FOLDER = "bib"


class Store:
    """A file's place in the cache: its slot, its content's digest, the signing key."""

    def __init__(self, slot: Path, content: bytes, secret: bytes) -> None:
        self.slot = slot
        self.content = content
        self.secret = secret

    def read(self, suffix: str, version: bytes) -> memoryview | None:
        """A record's plain-data bytes, if the record is there, signed, and made from this
        content by this code version."""
        slot = self.slot.with_name(self.slot.name + suffix)
        try:
            data = slot.read_bytes()
        except OSError:
            return None
        head = len(MAGIC) + _DIGEST
        if (
            not data.startswith(MAGIC)
            or data[head : head + _DIGEST] != self.content
            or data[head + _DIGEST : head + 2 * _DIGEST] != version
        ):
            return None
        body = memoryview(data)[head:]
        if not same(data[len(MAGIC) : head], _sign(self.secret, slot.name, body)):
            return None
        return body[2 * _DIGEST :]

    def write(self, suffix: str, version: bytes, value: Any) -> None:
        """Keep `value` (plain data) as this file's record; a value marshal cannot hold, or a
        folder that cannot be written, leaves the cache as it was."""
        slot = self.slot.with_name(self.slot.name + suffix)
        try:
            body = self.content + version + marshal.dumps(value)
        except ValueError:
            return
        data = MAGIC + _sign(self.secret, slot.name, memoryview(body)) + body
        with contextlib.suppress(OSError):
            slot.parent.mkdir(parents=True, exist_ok=True)
            import tempfile  # writing is rare: a command that reads does not import it

            fd, tmp = tempfile.mkstemp(dir=slot.parent, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                os.replace(tmp, slot)
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


def _sign(secret: bytes, name: str, body: memoryview) -> bytes:
    mac = hasher(size=_DIGEST, key=secret, person=b"readinglist-bib")
    mac.update(name.encode())
    mac.update(b"\x00")
    mac.update(body)
    return mac.digest()


def slot(cache_dir: Path, path: Path) -> Path:
    """The record's file for `path`: one per .bib file, so the cache does not grow with edits."""
    where = os.fsencode(os.path.abspath(path))
    return cache_dir / _FOLDER / f"{hasher(where).hexdigest()[:32]}.bibcache"


def secret(cache_dir: Path) -> bytes:
    """The per-user key that signs records, made on first use (mode 0600)."""
    path = cache_dir / _SECRET
    try:
        secret = path.read_bytes()
    except FileNotFoundError:
        import secrets
        import tempfile

        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=".secret.")
        try:
            with os.fdopen(fd, "wb") as out:  # mkstemp makes it 0600
                out.write(secrets.token_bytes(_DIGEST))
            with contextlib.suppress(FileExistsError):
                os.link(tmp, path)  # atomic, and never replaces a key another process made
        finally:
            os.unlink(tmp)
        secret = path.read_bytes()
    if len(secret) != _DIGEST:
        raise OSError(f"{path}: not a readinglist cache key")
    return secret


@functools.cache
def package_version() -> bytes:
    """A stamp of all of readinglist's sources, with :func:`code_version`: what a value
    derived from a file may depend on."""
    digest = hasher(code_version())
    stamp_package(digest)
    return digest.digest()


@functools.cache
def code_version() -> bytes:
    """A stamp of everything a parse depends on besides the text: the sources of this
    package, of :mod:`readinglist.csl` and :mod:`readinglist.model`, bibtexparser's version
    (its ``__init__``, which states it) and the Python version (marshal's format)."""
    package = Path(__file__).resolve().parent.parent
    sources = [
        *sorted((package / "bibtex").glob("*.py")),
        *sorted((package / "csl").glob("*.py")),
        package / "model.py",
    ]
    spec = importlib.util.find_spec("bibtexparser")
    if spec is not None and spec.origin:
        sources.append(Path(spec.origin))
    digest = hasher(sys.version.encode())
    for source in sources:
        stamp(digest, source.name, source)
    return digest.digest()
