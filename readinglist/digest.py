"""The hash of readinglist's parse, render and answer caches (BLAKE2b, 32 bytes unless asked
otherwise), and the stamps of source files those caches are keyed by.

Every command makes cache keys, so this hash is taken from CPython's own BLAKE2 module, which
loads in a fraction of a millisecond: importing :mod:`hashlib` loads OpenSSL as well, 3 to 4 ms
of every start-up (see ``benchmarks/startup.py``). A Python built without its own BLAKE2 gets
OpenSSL's, the same function.

>>> hasher(b"abc").hexdigest() == hasher(b"a" + b"bc").hexdigest()
True
>>> len(hasher(b"abc").digest())
32

:func:`same` compares two signatures in a time that does not depend on where they differ
(:func:`hmac.compare_digest`, which imports OpenSSL too):

>>> same(hasher(b"abc").digest(), hasher(b"abc").digest())
True
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - CPython builds it unless told not to
    from hashlib import blake2b
try:  # what hmac.compare_digest is without OpenSSL (hmac imports it)
    from _operator import _compare_digest as same
except ImportError:  # pragma: no cover - CPython always has it
    from hmac import compare_digest as same  # type: ignore[no-redef]

__all__ = ["hasher", "same", "stamp", "stamp_package"]

PACKAGE = os.path.dirname(os.path.realpath(__file__))


def hasher(data: bytes = b"", size: int = 32, key: bytes = b"", person: bytes = b"") -> blake2b:
    """A BLAKE2b hash of `data` of `size` bytes (more data with ``.update``); keyed by `key`
    and personalised by `person` where given, for a message authentication code."""
    return blake2b(data, digest_size=size, key=key, person=person)


def stamp(digest: Any, name: str, source: str | os.PathLike[str]) -> None:
    """Add a source file to a code version: its name, size and modification time (to the
    nanosecond), what Python itself trusts to tell a changed module from its compiled bytecode
    (to the second). Its bytes are not read: reading and hashing a hundred files cost a warm
    command a tenth of its time. Any edit, checkout or install of a file changes its time, so
    the caches made by other code are left alone (a file touched but unchanged only costs one
    parse or rendering)."""
    try:
        found = os.stat(source)
    except OSError:
        digest.update(f"{name}\0missing\0".encode())
        return
    digest.update(f"{name}\0{found.st_size}\0{found.st_mtime_ns}\0".encode())


def stamp_package(digest: Any) -> None:
    """Add every module of readinglist (each by :func:`stamp`, named by its path below the
    package's folder, in a fixed order)."""
    sources = []
    for folder, subfolders, files in os.walk(PACKAGE):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        sources += [os.path.join(folder, name) for name in files if name.endswith(".py")]
    start = len(os.path.join(PACKAGE, ""))
    for source in sorted(sources):
        stamp(digest, source[start:], source)
