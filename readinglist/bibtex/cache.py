"""Parse each .bib file once: its parsed form kept on disk, keyed by the file's content.

Reading a 20,000-entry library with bibtexparser takes a second or more; a command that needs
one entry (``show``) or fifty (``render``) should not pay it on every run. Each file's parse is
kept in the user's cache folder, in one record per file path, and used again while

- the file's bytes are the same (its SHA-256 is in the record), and
- the code that made it is the same: this package, :mod:`readinglist.csl`,
  :mod:`readinglist.model`, bibtexparser's version and Python's (:func:`code_version`).

Editing one file of a library re-reads that file only. How records are kept (plain data,
signed, replaced atomically; a cache that cannot be read or written only costs speed) is
:mod:`readinglist.bibtex.store`.

A restored file is lazy: the key, line and span of every entry are read at once, an entry's
fields only when it is asked for (:meth:`ParsedFile.reference`), and the whole
:class:`~readinglist.bibtex.bibfile.BibFile` (blocks and all, for writing) only when a command
writes (:meth:`ParsedFile.bibfile`).
"""

from __future__ import annotations

import contextlib
import marshal
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from readinglist.bibtex.store import Store, code_version, package_version, secret, slot
from readinglist.digest import hasher
from readinglist.model import Problem, Reference, Severity

if TYPE_CHECKING:  # bibfile imports bibtexparser, which a restored file does not need
    from readinglist.bibtex.bibfile import BibFile, Block

# The fields this module writes and restores. A change to these classes changes the code
# version too (their modules are stamped), and a test compares restored files with parsed ones.
_BLOCK_FIELDS = ("kind", "start", "end", "line", "key", "raw_fields", "repeated")
_REFERENCE_FIELDS = ("key", "entry_type", "fields", "path", "line")
_PROBLEM_FIELDS = ("path", "line", "message", "key", "severity", "fixable")

T = TypeVar("T")

# An entry of a record: key, line, start, end, and its fields marshalled on their own.
_Entry = tuple[str, int, int, int, bytes]
_ENTRY_LENGTH = 5
_OTHER_LENGTH = 6


class ParsedFile:
    """One .bib file's parse: from the cache (entries restored on demand) or fresh."""

    def __init__(
        self,
        path: Path | None,
        text: str,
        entries: Sequence[_Entry],
        others: Sequence[tuple[int, str, int, int, int, str]],
        problems: list[Problem],
        strings: dict[str, str],
        parsed: BibFile | None = None,
    ) -> None:
        self.path = path
        self.text = text
        self.keys = [e[0] for e in entries]
        self.lines = [e[1] for e in entries]
        self.problems = problems
        self._entries = entries
        self._others = others
        self._strings = strings
        self._references: list[Reference | None] = [None] * len(entries)
        self._bibfile = parsed
        self._fresh = parsed is not None
        if parsed is not None:
            self._references = list(parsed.references)
        self.store: Store | None = None  # where this file's records are kept, if anywhere

    def __len__(self) -> int:
        return len(self.keys)

    @property
    def restored(self) -> bool:
        """True when this parse came from the cache rather than from bibtexparser."""
        return not self._fresh

    def span(self, index: int) -> tuple[int, int]:
        """Where the `index`-th entry stands in :attr:`text`."""
        if self._bibfile is not None:
            block = self._bibfile.block_for(self.keys[index])
            return (block.start, block.end) if block else (0, 0)
        _, _, start, end, _ = self._entries[index]
        return start, end

    def reference(self, index: int) -> Reference:
        """The `index`-th entry, restored once and then the same object every time."""
        reference = self._references[index]
        if reference is None:
            key, line, _, _, blob = self._entries[index]
            try:
                entry_type, values, _, _ = marshal.loads(blob)
                reference = Reference(key, entry_type, tuple(values), self.path, line)
            except (ValueError, TypeError, EOFError):  # not what this code writes
                self._reparse()
                return self.reference(index)
            self._references[index] = reference
        return reference

    def _reparse(self) -> None:
        """Give up the cached parse and parse the text now (entries already handed out stay)."""
        fresh = _parse(self.text, self.path)
        self._bibfile = fresh._bibfile
        self._entries = fresh._entries
        self._fresh = True
        self._references = [
            mine if mine is not None and mine == theirs else theirs
            for mine, theirs in zip(self._references, fresh._references, strict=False)
        ]
        assert self._bibfile is not None
        self._bibfile.references = list(self._references)  # type: ignore[arg-type]

    def bibfile(self) -> BibFile:
        """The whole :class:`~readinglist.bibtex.bibfile.BibFile`, as :func:`bibfile.parse`
        makes it, sharing its references with :meth:`reference`."""
        if self._bibfile is None:
            try:
                self._bibfile = self._restore_bibfile()
            except (ValueError, TypeError, EOFError):
                self._reparse()
        assert self._bibfile is not None
        return self._bibfile

    def _restore_bibfile(self) -> BibFile:
        from readinglist.bibtex.bibfile import BibFile, Block

        blocks: list[Block] = []
        entry = 0
        for position, kind, start, end, line, key in self._others:
            while len(blocks) < position:
                blocks.append(self._entry_block(entry))
                entry += 1
            blocks.append(Block(kind, start, end, line, key))
        while entry < len(self._entries):
            blocks.append(self._entry_block(entry))
            entry += 1
        references = [self.reference(i) for i in range(len(self))]
        if self._bibfile is not None:  # an entry could not be restored: parsed afresh
            return self._bibfile
        return BibFile(
            path=self.path,
            text=self.text,
            blocks=blocks,
            references=references,
            problems=list(self.problems),
            strings=dict(self._strings),
        )

    def _entry_block(self, index: int) -> Block:
        from readinglist.bibtex.bibfile import Block

        key, line, start, end, blob = self._entries[index]
        _, values, raws, repeated = marshal.loads(blob)
        raw_fields = tuple(
            (name, f"{{{value}}}" if raw is None else raw)
            for (name, value), raw in zip(values, raws, strict=True)
        )
        return Block("entry", start, end, line, key, raw_fields, tuple(map(tuple, repeated)))


def load(
    text: str,
    path: Path | None,
    cache_dir: Path | None,
    version: bytes | None = None,
    digest: bytes | None = None,
) -> ParsedFile:
    """The parse of `text` (read from `path`): from the cache in `cache_dir` when it holds
    this text's parse, else parsed now and put there. ``cache_dir=None`` parses without one.
    `version` stands for the code's version (default: :func:`code_version`); `digest` is the
    SHA-256 of the bytes `text` was decoded from, when the caller has them (default: that of
    `text` encoded as UTF-8), so that a file read as bytes is not encoded again to be hashed."""
    version = code_version() if version is None else version
    if cache_dir is None or path is None:
        return _parse(text, path)
    try:
        store = Store(
            slot(cache_dir, path),
            digest or hasher(text.encode("utf-8", "surrogatepass")).digest(),
            secret(cache_dir),
        )
    except OSError:
        return _parse(text, path)
    found = _restore(store.read("", version), path, text)
    if found is None:
        found = _parse(text, path)
        record = _record(found)
        if record is not None:
            store.write("", version, record)
    found.store = store
    return found


def derived(parsed: ParsedFile, name: str, compute: Callable[[], T]) -> T:
    """``compute()``, a value derived from `parsed` alone (plain data: strings, numbers,
    tuples, lists, dicts), kept in the cache next to the file's parse and used again while
    the file and readinglist's code (all of it: :func:`package_version`) are unchanged.
    `name` tells apart the values derived from one file."""
    return _derived(parsed.store, name, compute)


def _derived(store: Store | None, name: str, compute: Callable[[], T]) -> T:
    if store is None:
        return compute()
    suffix = f".{name}"
    body = store.read(suffix, package_version())
    if body is not None:
        with contextlib.suppress(ValueError, TypeError, EOFError):
            value: T = marshal.loads(body)
            return value
    value = compute()
    store.write(suffix, package_version(), value)
    return value


def derived_from_all(files: Sequence[ParsedFile], name: str, compute: Callable[[], T]) -> T:
    """``compute()``, a value derived from all of `files` together (plain data), kept in the
    cache while every one of them, their order and readinglist's code are unchanged: what
    compares entries across a library (likely duplicates) is not redone on every run."""
    stores = [parsed.store for parsed in files if parsed.store is not None]
    if not stores or len(stores) != len(files):
        return compute()
    slots = hasher(b"\x00".join(os.fsencode(s.slot.name) for s in stores))
    store = Store(
        stores[0].slot.with_name(f"{slots.hexdigest()[:32]}.library"),
        hasher(b"".join(s.content for s in stores)).digest(),
        stores[0].secret,
    )
    return _derived(store, name, compute)


def keep(parsed: ParsedFile, name: str, value: Any) -> None:
    """Keep `value` (plain data) under `name` for `parsed`, replacing what was kept: for
    values that grow as a file is used (the items of the entries asked for so far)."""
    if parsed.store is not None:
        parsed.store.write(f".{name}", package_version(), value)


def kept(parsed: ParsedFile, name: str) -> Any:
    """The value :func:`derived` keeps under `name` for `parsed`, or None when none is kept
    (nothing is computed)."""
    if parsed.store is None:
        return None
    body = parsed.store.read(f".{name}", package_version())
    if body is not None:
        with contextlib.suppress(ValueError, TypeError, EOFError):
            return marshal.loads(body)
    return None


def _parse(text: str, path: Path | None) -> ParsedFile:
    from readinglist.bibtex import bibfile

    parsed = bibfile.parse(text, path)
    entries = [(r.key, r.line or 0, 0, 0, b"") for r in parsed.references]
    return ParsedFile(path, text, entries, (), parsed.problems, parsed.strings, parsed)


def _record(parsed: ParsedFile) -> tuple[Any, ...] | None:
    """The plain data that restores `parsed`; None for a parse this module cannot represent
    (then the file is simply parsed every time)."""
    from dataclasses import fields

    from readinglist.bibtex.bibfile import Block

    bibfile = parsed.bibfile()
    if (
        tuple(f.name for f in fields(Block)) != _BLOCK_FIELDS
        or Reference._fields != _REFERENCE_FIELDS
        or Problem._fields != _PROBLEM_FIELDS
    ):
        return None
    entries: list[_Entry] = []
    others: list[tuple[int, str, int, int, int, str]] = []
    references = iter(bibfile.references)
    for position, block in enumerate(bibfile.blocks):
        if block.kind != "entry":
            if block.raw_fields or block.repeated:
                return None
            others.append((position, block.kind, block.start, block.end, block.line, block.key))
            continue
        reference = next(references, None)
        if reference is None or reference.key != block.key or reference.line != block.line:
            return None
        raws = dict(block.raw_fields)
        if len(raws) != len(reference.fields) or set(raws) != set(dict(reference.fields)):
            return None
        # Most values are written {value}: keep only the source text that differs from that.
        kept = tuple(
            None if raws[name] == f"{{{value}}}" else raws[name] for name, value in reference.fields
        )
        blob = marshal.dumps((reference.entry_type, reference.fields, kept, block.repeated))
        entries.append((reference.key, block.line, block.start, block.end, blob))
    if next(references, None) is not None:
        return None
    problems = tuple(
        (p.line, p.message, p.key, str(p.severity), p.fixable) for p in bibfile.problems
    )  # a Severity as its plain value: marshal keeps built-in types only
    if any(p.path != bibfile.path for p in bibfile.problems):
        return None
    return (tuple(entries), tuple(others), problems, dict(bibfile.strings))


def _restore(body: memoryview | None, path: Path, text: str) -> ParsedFile | None:
    if body is None:
        return None
    try:
        entries, others, problems, strings = marshal.loads(body)
        if not (
            all(type(e) is tuple and len(e) == _ENTRY_LENGTH for e in entries)
            and all(type(o) is tuple and len(o) == _OTHER_LENGTH for o in others)
            and type(strings) is dict
        ):
            return None
        return ParsedFile(
            path,
            text,
            entries,
            others,
            [
                Problem(path, line, message, key, Severity(severity), fixable)
                for line, message, key, severity, fixable in problems
            ],
            strings,
        )
    except (ValueError, TypeError, EOFError):
        return None
