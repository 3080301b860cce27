"""Answers kept for read-only commands: ``render EVENT``, ``show KEY`` and ``--help`` print
again what they printed last time, without running, while nothing they depend on has changed.

A warm ``render`` spends most of its time starting: importing click alone costs two and a half
times what Python itself takes to start. So the program (:func:`readinglist.program.run`)
first asks this module, which imports nothing but the standard library's builtin modules and
:mod:`readinglist.digest`, whether the same command was answered before:

- with the same arguments, folder, environment variables, terminal (which streams are
  terminals, and its width), date, Python and installed packages (the signature of every
  folder on ``sys.path``: an install or upgrade changes it) and readinglist sources (each
  module's size and time: :func:`readinglist.digest.stamp_package`, as the caches stamp them);
- with every input unchanged: whether each folder from the current one up to the repository's
  root holds a ``readinglist.toml`` or ``refs/`` (how the root is found), the names in the
  current folder and in the root, everything below the root's ``refs/``, ``events/`` and
  ``styles/`` folders, and any other file the command opened (a style given as a path), each
  file by its size, time, inode and mode, or its absence.

If so, it writes the recorded bytes of stdout and stderr and the program exits 0. Otherwise
the command runs as usual, and when it succeeds, :class:`Recorder` keeps its answer for next
time. Only successful runs are kept; a command whose inputs changed in the last three seconds
is not kept (a file can change again within its file system's time step, two seconds on FAT,
and keep its size and time: git's index has the same rule for the same reason). An answer is
a file in the cache folder's ``replay/`` folder, signed with the cache's per-user key like the
parse cache's records, so a file written by anything else is never printed.
``READINGLIST_REPLAY=off`` turns this off.

Anything unexpected while answering (an unreadable or corrupt record, a folder that cannot
be listed) means "not answered": the command then runs, so the worst case costs a few
stat calls.
"""

from __future__ import annotations

import io  # loaded with the interpreter: sys.stdout is one of its classes
import marshal
import os
import sys
import time

from readinglist.digest import hasher, same, stamp_package

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from typing import Any

    Signature = tuple[int, int, int, int] | None
    # ("stat", path, signature), ("names", folder, digest) or ("tree", folder, digest)
    Check = tuple[str, str, Any]

MAGIC = b"RLREPLAY\x00\x02\n"
FOLDER = "replay"
COMMANDS = ("render", "show")
TREE_FOLDERS = ("refs", "events", "styles")
MARKERS = ("readinglist.toml", "refs")  # what marks a repository's root (readinglist.ops.root)
MAX_ENTRIES = 20_000  # a larger tree is not compared entry by entry: the command just runs
KEEP_DAYS = 7  # answers not written again for this long are removed when another is written
KEEP_MOST = 500
SETTLED_NS = 3_000_000_000
_DIGEST = 32
_PACKAGE = os.path.dirname(os.path.abspath(__file__))


def eligible(argv: Sequence[str]) -> bool:
    """Whether this command line only prints what its inputs decide (and writes no file)."""
    if os.environ.get("READINGLIST_REPLAY", "").lower() in ("off", "0", "no"):
        return False
    if list(argv) in (["--help"], ["-h"]):
        return True
    if not argv or argv[0] not in COMMANDS:
        return False
    for arg in argv[1:]:
        if arg == "--":
            return False  # what follows is an argument, maybe a file name: let it run
        # -o/--output writes a file: such a run is never answered again.
        if arg.startswith("--output") or (arg.startswith("-o") and not arg.startswith("--")):
            return False
    return True


def cache_dir() -> str | None:
    """The cache folder as :func:`readinglist.settings.default_cache_dir` finds it, without
    importing platformdirs: ``READINGLIST_CACHE_DIR``, else on Linux the XDG rule; None
    elsewhere (no answers kept). The recorder keeps an answer only when this agrees with
    the real one, so a difference costs speed, never a wrong answer."""
    given = os.environ.get("READINGLIST_CACHE_DIR")
    if given:
        return given
    if not sys.platform.startswith("linux"):
        return None
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or os.path.expanduser("~/.cache")
    return os.path.join(base, "readinglist")


def signature(path: str) -> Signature:
    """Size, modification time (ns), inode and mode of `path` (following links), or None."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino, st.st_mode)


def tree(folder: str) -> tuple[bytes | None, int]:
    """A digest of the signatures of everything below `folder` (None when it holds more than
    MAX_ENTRIES), and the newest modification time among them."""
    digest = hasher()
    count = newest = 0
    pending = [folder]
    while pending:
        here = pending.pop()
        try:
            entries = sorted(os.scandir(here), key=lambda e: e.name)
        except OSError:
            digest.update(f"{here}\0unlisted\0".encode("utf-8", "surrogateescape"))
            continue
        for entry in entries:
            count += 1
            if count > MAX_ENTRIES:
                return None, newest
            sig = signature(entry.path)
            newest = max(newest, sig[1] if sig else 0)
            digest.update(f"{entry.path}\0{sig}\0".encode("utf-8", "surrogateescape"))
            if entry.is_dir():  # follows a link, as reading the library does
                pending.append(entry.path)
    return digest.digest(), newest


def names(folder: str) -> bytes | None:
    """A digest of the names in `folder` (what a look-up of a name there finds), or None."""
    try:
        found = sorted(os.listdir(folder))
    except OSError:
        return None
    return hasher("\0".join(found).encode("utf-8", "surrogateescape")).digest()


def _code() -> bytes:
    """The Python, the installed packages and readinglist's own sources."""
    digest = hasher(f"{sys.version}\0{sys.executable}\0".encode())
    cwd = os.getcwd()
    for folder in sys.path:
        # The current folder (``python -m``) is on the path too: its names are a check of
        # their own, and its time changes whenever a file is made there (``> out.txt``).
        if folder and os.path.abspath(folder) != cwd:
            where = f"{folder}\0{signature(folder)}\0"
            digest.update(where.encode("utf-8", "surrogateescape"))
    stamp_package(digest)
    return digest.digest()


def _key(argv: Sequence[str]) -> bytes:
    """What the answer's file is named by: everything about the call but its input files."""
    try:
        width: object = os.get_terminal_size(sys.__stdout__.fileno())  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        width = None
    ttys = [os.isatty(fd) for fd in (0, 1, 2)]
    parts = [
        "\0".join(argv),
        os.getcwd(),
        "\0".join(f"{k}={v}" for k, v in sorted(os.environ.items())),
        f"{ttys}{width}{time.localtime()[:3]}",
    ]
    return hasher("\x01".join(parts).encode("utf-8", "surrogateescape")).digest() + _code()


def _folders_up(start: str, root: str) -> list[str]:
    """`start` and each folder above it, up to `root` (to the top when `root` is not above)."""
    here, out = os.path.abspath(start), []
    while True:
        out.append(here)
        parent = os.path.dirname(here)
        if here == root or parent == here:
            return out
        here = parent


def _holds(check: Check) -> bool:
    kind, path, expected = check
    if kind == "tree":
        return expected is not None and bool(tree(path)[0] == expected)
    if kind == "names":
        return bool(names(path) == expected)
    return bool(signature(path) == expected)


def _record_path(folder: str, key: bytes) -> str:
    return os.path.join(folder, FOLDER, hasher(key).hexdigest()[:32] + ".answer")


def _sign(secret: bytes, body: bytes | memoryview) -> bytes:
    mac = hasher(size=_DIGEST, key=secret, person=b"readinglist-ans")
    mac.update(body)
    return mac.digest()


def answer(argv: Sequence[str]) -> bool:
    """Print the kept answer of this command line and return True, if there is one and
    nothing it depends on has changed; else False (and nothing printed)."""
    if not eligible(argv) or not all(hasattr(s, "buffer") for s in (sys.stdout, sys.stderr)):
        return False
    folder = cache_dir()
    if folder is None:
        return False
    try:
        key = _key(argv)
        with open(os.path.join(folder, "secret"), "rb") as f:  # readinglist.bibtex.store's
            secret = f.read()
        with open(_record_path(folder, key), "rb") as f:
            data = f.read()
        head = len(MAGIC) + _DIGEST
        body = memoryview(data)[head:]
        if not data.startswith(MAGIC) or not same(data[len(MAGIC) : head], _sign(secret, body)):
            return False
        kept_key, checks, chunks = marshal.loads(body)
        if kept_key != key or not all(_holds(check) for check in checks):
            return False
    except (OSError, ValueError, EOFError, TypeError):
        return False
    # Each write as the command made it, flushed as its stream flushed it (at a line's end
    # when line-buffered, else when the buffer is full or at exit), so that stdout and
    # stderr on one terminal or pipe interleave as they did.
    streams = {1: sys.stdout, 2: sys.stderr}
    for number, data in chunks:
        stream = streams[number]
        stream.buffer.write(data)
        if getattr(stream, "line_buffering", False) and (b"\n" in data or b"\r" in data):
            stream.buffer.flush()
    return True


class _Tee:
    """A binary stream that passes writes on and notes each, with its stream's number, in a
    log shared by stdout's and stderr's."""

    def __init__(self, buffer: Any, number: int, log: list[tuple[int, bytes]]) -> None:
        self._buffer = buffer
        self._number = number
        self._log = log

    def write(self, data: bytes) -> int:
        written = self._buffer.write(data)
        self._log.append((self._number, bytes(data)))
        return int(written) if written is not None else len(data)

    def close(self) -> None:  # the real stream is closed by its owner, not by a copy
        self._buffer.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._buffer, name)


class Recorder:
    """Keeps what a command prints, and which files and folders it opens, for :func:`answer`.

    Made by :func:`readinglist.cli.run` (the program, never the library) for an eligible
    command line: it swaps stdout and stderr for copies that keep what passes through and
    adds an audit hook that notes the paths opened or listed. :meth:`keep` writes the
    answer once the command has succeeded."""

    @classmethod
    def start(cls, argv: Sequence[str]) -> Recorder | None:
        """A recorder for this command line, if it is eligible and its output can be kept
        (stdout and stderr have binary buffers)."""
        if not eligible(argv) or cache_dir() is None:
            return None
        if not all(hasattr(stream, "buffer") for stream in (sys.stdout, sys.stderr)):
            return None
        return cls(argv)

    def __init__(self, argv: Sequence[str]) -> None:
        self.argv = list(argv)
        self.root: str | None = None  # the repository's root, once the command has found it
        self.started_ns = time.time_ns()
        self.opened: set[str] = set()
        self.written: list[tuple[int, bytes]] = []  # (1 for stdout, 2 for stderr, bytes)
        self.streams: list[tuple[str, io.TextIOWrapper, _Tee]] = []
        for name in ("stdout", "stderr"):
            stream = getattr(sys, name)
            tee = _Tee(stream.buffer, 1 if name == "stdout" else 2, self.written)
            copy = io.TextIOWrapper(
                tee,
                encoding=stream.encoding,
                errors=stream.errors,
                line_buffering=stream.line_buffering,
                write_through=True,
            )
            self.streams.append((name, stream, tee))
            setattr(sys, name, copy)
        self.recording = True
        sys.addaudithook(self._audit)

    def _audit(self, event: str, args: tuple[Any, ...]) -> None:
        if not self.recording or event not in ("open", "os.listdir", "os.scandir"):
            return
        path: Any = args[0] if args else None
        if isinstance(path, (str, bytes, os.PathLike)):
            self.opened.add(os.path.abspath(os.fsdecode(path)))

    def stop(self) -> list[tuple[int, bytes]]:
        """Put stdout and stderr back; what was written to them, in order."""
        self.recording = False
        for name, stream, _ in self.streams:
            copy = getattr(sys, name)
            if copy is not stream and isinstance(copy, io.TextIOWrapper):
                copy.flush()
                copy.detach()  # so that its end does not close the real stream's buffer
            setattr(sys, name, stream)
        return self.written

    def keep(self, real_cache_dir: str) -> bool:
        """Write the answer of the command that just succeeded in its repository (`root`, as
        the command found it); False when it is not kept (another cache folder, inputs that
        changed just now, a large tree or a folder that cannot be written)."""
        written = self.stop()
        folder = cache_dir()
        if folder is None or os.path.abspath(folder) != os.path.abspath(real_cache_dir):
            return False
        cwd = os.getcwd()
        checks: list[Check] = [("names", cwd, names(cwd))]
        covered = [os.path.abspath(folder), _PACKAGE, *_installed()]
        if sys.pycache_prefix:
            covered.append(os.path.abspath(sys.pycache_prefix))
        if self.root is not None:
            root = os.path.abspath(self.root)
            for up in _folders_up(cwd, root):
                checks += [
                    ("stat", os.path.join(up, m), signature(os.path.join(up, m))) for m in MARKERS
                ]
            checks.append(("names", root, names(root)))
            for name in TREE_FOLDERS:
                below = os.path.join(root, name)
                digest, newest = tree(below)
                if digest is None or newest > self.started_ns - SETTLED_NS:
                    return False
                checks += [("stat", below, signature(below)), ("tree", below, digest)]
                covered.append(below)
        for path in sorted(self.opened):
            if not any(path == c or path.startswith(c + os.sep) for c in covered):
                checks.append(("stat", path, signature(path)))
        if any(_recent(value, self.started_ns) for kind, _, value in checks if kind == "stat"):
            return False
        return _write_record(folder, _key(self.argv), checks, written)


def _installed() -> list[str]:
    """The folders of installed packages (their changes show in :func:`_code`)."""
    prefixes = {sys.prefix, sys.base_prefix, sys.exec_prefix}
    return [os.path.abspath(p) for p in sys.path if p and any(p.startswith(x) for x in prefixes)]


def _recent(sig: Signature, started_ns: int) -> bool:
    return sig is not None and sig[1] > started_ns - SETTLED_NS


def _write_record(
    folder: str, key: bytes, checks: Iterable[Check], chunks: list[tuple[int, bytes]]
) -> bool:
    """Write the signed answer atomically; False when the folder cannot be written."""
    from pathlib import Path

    from readinglist.bibtex.store import secret

    try:
        key_secret = secret(Path(folder))
        body = marshal.dumps((key, list(checks), chunks))
        data = MAGIC + _sign(key_secret, body) + body
        path = _record_path(folder, key)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except (OSError, ValueError):
        return False
    _prune(os.path.dirname(path))
    return True


def _prune(folder: str) -> None:
    """Remove answers older than KEEP_DAYS, and the oldest beyond KEEP_MOST: the date and the
    environment are part of an answer's name, so old names are never asked for again."""
    import contextlib

    try:
        kept = sorted(
            ((entry.stat().st_mtime, entry.path) for entry in os.scandir(folder)),
            reverse=True,
        )
    except OSError:
        return
    limit = time.time() - KEEP_DAYS * 86_400
    for i, (when, path) in enumerate(kept):
        if when < limit or i >= KEEP_MOST:
            with contextlib.suppress(OSError):
                os.unlink(path)
