"""The one hash of readinglist's caches: BLAKE2b, 32 bytes unless asked otherwise.

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

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - CPython builds it unless told not to
    from hashlib import blake2b
try:  # what hmac.compare_digest is without OpenSSL (hmac imports it)
    from _operator import _compare_digest as same
except ImportError:  # pragma: no cover - CPython always has it
    from hmac import compare_digest as same  # type: ignore[no-redef]

__all__ = ["hasher", "same"]


def hasher(data: bytes = b"", size: int = 32, key: bytes = b"", person: bytes = b"") -> blake2b:
    """A BLAKE2b hash of `data` of `size` bytes (more data with ``.update``); keyed by `key`
    and personalised by `person` where given, for a message authentication code."""
    return blake2b(data, digest_size=size, key=key, person=person)
