"""The library: every .bib file of a ``refs/`` folder, looked up by key, written back safely.

Keys are unique across the whole library, ignoring case (citeproc-py lower-cases them), so a
key names one entry wherever it lives. Loading never raises for bad content: unreadable blocks,
duplicate keys and files that are not UTF-8 become :class:`~readinglist.model.Problem` s, and
the readable entries are still there to render.

Writes replace a file atomically (:mod:`readinglist.atomic`), keep its mode, line endings and
byte-order mark, and change only the entries that changed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from readinglist.atomic import write_text
from readinglist.bibtex import cache
from readinglist.digest import hasher
from readinglist.errors import UnknownKeyError, WriteError, not_utf8
from readinglist.model import Problem, Reference

if TYPE_CHECKING:  # imported where used: a command that reads one entry needs neither
    from readinglist.bibtex.bibfile import BibFile
    from readinglist.csl.from_bibtex import CslItem

T = TypeVar("T")

BOM = "\ufeff"
LOCK_NAME = ".readinglist.lock"
MAX_FILE_BYTES = 64 * 1024 * 1024  # a library file larger than this is reported, not read


@contextlib.contextmanager
def locked(root: Path, timeout: float = 60.0) -> Iterator[None]:
    """Hold the library's write lock: writing commands on one library run one at a time."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(root / LOCK_NAME), timeout=timeout)
    try:
        with lock:
            yield
    except Timeout as exc:
        raise WriteError(
            f"{root / LOCK_NAME}: another readinglist command has been writing "
            f"for {timeout:.0f} s; try again when it has finished"
        ) from exc


class Library:
    """All references of a set of .bib files.

    Files come through the parse cache (:mod:`readinglist.bibtex.cache`) when `cache_dir` is
    given: an entry is restored when it is looked up, so a command that needs a few entries of
    a large library reads only those.
    """

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.unread: list[Problem] = []  # why a file could not be read at all
        self._parsed: list[cache.ParsedFile] = []
        self._index: dict[str, tuple[cache.ParsedFile, int]] = {}
        self._csl: dict[int, list[tuple[int, CslItem | None]]] = {}
        # Items of single entries of a file whose items are not all kept: by file, by position.
        self._few: dict[int, dict[int, CslItem]] = {}
        self._inherits: dict[tuple[int, int], CslItem] = {}
        # Files with an entry whose key an earlier entry took (the index does not hold it).
        self._shadowed: set[int] = set()

    def __repr__(self) -> str:
        return f"<Library of {len(self._parsed)} files, {len(self._index)} keys>"

    @classmethod
    def load(
        cls, paths: Iterable[Path], root: Path | None = None, cache_dir: Path | None = None
    ) -> Library:
        """Load .bib files (or every ``*.bib`` below each folder given); with `cache_dir`,
        each file's parse is kept there and used again while the file is unchanged."""
        library = cls()
        for path in _bib_files(paths):
            told, read = len(library.problems), len(library._parsed)
            library._add_file(path, root, cache_dir)
            if len(library._parsed) == read:
                library.unread.extend(library.problems[told:])
        return library

    def _add_file(self, path: Path, root: Path | None, cache_dir: Path | None) -> None:
        if root is not None and path.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(root.resolve()):
                self.problems.append(
                    Problem(
                        path,
                        None,
                        f"is a link to {target}, outside "
                        f"{root}; copy the file into the library instead",
                    )
                )
                return
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                self.problems.append(
                    Problem(
                        path,
                        None,
                        f"is {size:,} bytes; readinglist reads "
                        f".bib files up to {MAX_FILE_BYTES:,} bytes",
                    )
                )
                return
            data = path.read_bytes()
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.problems.append(Problem(path, *not_utf8(exc)))
            return
        except OSError as exc:
            self.problems.append(Problem(path, None, f"cannot be read: {exc.strerror}"))
            return
        # The digest of the text without its byte-order mark, as cache.load makes it from text.
        body = data.removeprefix(BOM.encode("utf-8"))
        digest = hasher(body).digest() if cache_dir is not None else None
        parsed = cache.load(text.removeprefix(BOM), path, cache_dir, digest=digest)
        self._parsed.append(parsed)
        self.problems.extend(parsed.problems)
        index = self._index
        for position, key in enumerate(parsed.keys):
            folded = key.casefold()
            if folded in index:
                other = self._entry(index[folded])
                self.problems.append(
                    Problem(
                        path,
                        parsed.lines[position],
                        f"key '{key}' is already used at "
                        f"{other.where}; keys must be unique (ignoring case)",
                        key=key,
                    )
                )
                self._shadowed.add(id(parsed))
                continue
            index[folded] = (parsed, position)

    @staticmethod
    def _entry(found: tuple[cache.ParsedFile, int]) -> Reference:
        return found[0].reference(found[1])

    @property
    def files(self) -> list[BibFile]:
        """The files read, whole (blocks and text), as :func:`save` takes them."""
        return [parsed.bibfile() for parsed in self._parsed]

    @property
    def references(self) -> list[Reference]:
        return [self._entry(found) for found in self._index.values()]

    def __len__(self) -> int:
        return len(self._index)

    def __iter__(self) -> Iterator[Reference]:
        return iter(self.references)

    def per_entry(
        self, name: str, compute: Callable[[Reference], T]
    ) -> list[tuple[Path | None, T]]:
        """``compute(reference)`` for every entry, in the order of :attr:`references`, each
        with the entry's file. With a parse cache, the values of each file are kept there
        (see :func:`~readinglist.bibtex.cache.derived`), so an unchanged file's entries are
        not even restored: `compute` must return plain data (strings, numbers, tuples, lists,
        dicts) and depend on the entry alone; `name` says what it computes."""
        out: list[tuple[Path | None, T]] = []
        for parsed in self._parsed:

            def values(parsed: cache.ParsedFile = parsed) -> list[T]:
                return [compute(parsed.reference(i)) for i in range(len(parsed))]

            found = cache.derived(parsed, name, values)
            if not isinstance(found, list) or len(found) != len(parsed):
                found = values()  # not what this code stores: recompute
            if id(parsed) not in self._shadowed:  # every entry of the file is in the index
                out.extend((parsed.path, value) for value in found)
                continue
            index = self._index
            out.extend(
                (parsed.path, value)
                for position, (key, value) in enumerate(zip(parsed.keys, found, strict=True))
                if index[key.casefold()] == (parsed, position)
            )
        return out

    def across(self, name: str, compute: Callable[[], T]) -> T:
        """``compute()``, plain data derived from the whole library (say, its likely
        duplicates); with a parse cache, kept there while no file of the library changes."""
        return cache.derived_from_all(self._parsed, name, compute)

    def get(self, key: str) -> Reference | None:
        """The entry with `key` (ignoring case), or None."""
        found = self._index.get(key.casefold())
        return self._entry(found) if found else None

    def find_doi(self, doi: str) -> Reference | None:
        """The entry with this DOI, compared ignoring case and form."""
        from readinglist.identifiers import doi_key, normalize_doi

        wanted = doi_key(normalize_doi(doi))
        for reference in self.references:
            value = reference.get("doi")
            if value and doi_key(normalize_doi(value)) == wanted:
                return reference
        return None

    def file_of(self, key: str) -> BibFile | None:
        """The .bib file that holds `key`, or None."""
        found = self._index.get(key.casefold())
        return found[0].bibfile() if found else None

    def source_of(self, key: str) -> str | None:
        """The entry's text as it stands in its file (without reading the rest of the file)."""
        found = self._index.get(key.casefold())
        if found is None:
            return None
        start, end = found[0].span(found[1])
        return found[0].text[start:end]

    def near(self, key: str, count: int = 3) -> list[str]:
        """Existing keys that look like `key`, nearest first."""
        import difflib

        keys = {folded: p.keys[i] for folded, (p, i) in self._index.items()}
        return [
            keys[k] for k in difflib.get_close_matches(key.casefold(), keys, n=count, cutoff=0.7)
        ]

    def require(self, key: str, where: str = "") -> Reference:
        """The entry with `key`; raises UnknownKeyError naming the nearest keys (and `where`)."""
        reference = self.get(key)
        if reference is None:
            # A file that could not be read may hold it: say so, with the file's own problem.
            unread = "; ".join(f"{p.path}: {p.message}" for p in self.unread[:1])
            raise UnknownKeyError(key, self.near(key), where, unread)
        return reference

    def parent(self, reference: Reference) -> Reference | None:
        """The entry that `reference`'s ``crossref`` field names, if the library has it."""
        parent_key = reference.get("crossref")
        return self.get(parent_key.strip()) if parent_key else None

    def resolve(self, reference: Reference) -> Reference:
        """`reference` with the fields it inherits from its ``crossref`` parent (and theirs) and
        its ``xdata`` entries merged in, by biblatex's rules
        (:func:`readinglist.csl.bib_inherit.resolve`); itself without any."""
        from readinglist.csl import from_bibtex

        return from_bibtex.resolve(reference, self.get)

    def resolved(self, key: str) -> Reference:
        """The entry `key`, whole: with its ``crossref`` parent's fields. Raises
        UnknownKeyError (with the nearest keys) for a key the library lacks."""
        return self.resolve(self.require(key))

    def to_csl(self, keys: Sequence[str] | None = None) -> list[CslItem]:
        """CSL-JSON items for `keys` (default: every entry), with ``crossref`` resolved.

        With a parse cache, each file's items are kept there with its parse (see
        :func:`cache.derived`), so an unchanged file's items are read back, not mapped
        again: those of the entries without a ``crossref``, and of those whose parent is in
        the same file (and is the entry the library knows by that key). A file's items are
        mapped all at once (and kept) when at least a tenth of them are asked for; for
        fewer, the few are mapped, so that one entry of a large file costs one mapping."""
        found = list(self._index.values()) if keys is None else [self._found(k) for k in keys]
        asked: dict[int, int] = {}
        for parsed, _ in found:
            asked[id(parsed)] = asked.get(id(parsed), 0) + 1
        out = []
        mapped: set[int] = set()  # files with entries mapped one by one in this call
        for parsed, position in found:
            kept = self._csl_of(parsed, asked[id(parsed)])
            parent, item = kept[position] if kept is not None else (-1, None)
            if kept is None:
                item = self._one_by_one(parsed, position, mapped)
            elif item is None or (
                parent >= 0 and self._index.get(parsed.keys[parent].casefold()) != (parsed, parent)
            ):
                from readinglist.csl import from_bibtex

                item = from_bibtex.to_csl(self.resolve(parsed.reference(position)))
            out.append(dict(item))
        for parsed in self._parsed:
            if id(parsed) in mapped:
                cache.keep(parsed, "csl-few", self._few[id(parsed)])
        return out

    def _one_by_one(self, parsed: cache.ParsedFile, position: int, mapped: set[int]) -> CslItem:
        """The item of one entry of a file whose items are not all kept: mapped once per
        library, and kept in the parse cache with the file's other single items (so that
        rendering a few entries of a large file maps them once, not on every run), unless
        it inherits fields (``crossref``, ``xdata``), which may come from another file."""
        few = self._few.get(id(parsed))
        if few is None:
            found = cache.kept(parsed, "csl-few")
            few = self._few[id(parsed)] = found if isinstance(found, dict) else {}
        item = few.get(position)
        if not isinstance(item, dict):
            item = self._inherits.get((id(parsed), position))
        if item is not None:
            return item
        from readinglist.csl import from_bibtex

        reference = parsed.reference(position)
        item = from_bibtex.to_csl(self.resolve(reference))
        if "crossref" in reference or "xdata" in reference:
            self._inherits[id(parsed), position] = item  # for this library only
        else:
            few[position] = item
            mapped.add(id(parsed))
        return item

    def _found(self, key: str) -> tuple[cache.ParsedFile, int]:
        found = self._index.get(key.casefold())
        if found is None:
            self.require(key)  # raises, naming the nearest keys
        assert found is not None
        return found

    def _csl_of(
        self, parsed: cache.ParsedFile, asked: int
    ) -> list[tuple[int, CslItem | None]] | None:
        """For each entry of `parsed`, the position of its ``crossref`` parent in the file
        (-1 without one) and its item mapped with that parent (None when its parent is in
        another file: the item depends on that file too). None when the file's items are not
        kept and `asked` is less than a tenth of them."""
        items = self._csl.get(id(parsed))
        if items is not None:
            return items

        def compute() -> list[tuple[int, CslItem | None]]:
            from readinglist.csl import from_bibtex

            references = [parsed.reference(i) for i in range(len(parsed))]
            first: dict[str, int] = {}
            for i, key in enumerate(parsed.keys):
                first.setdefault(key.casefold(), i)
            out: list[tuple[int, CslItem | None]] = []
            for reference in references:
                parent_key = (reference.get("crossref") or "").strip()
                if not parent_key:
                    out.append((-1, from_bibtex.to_csl(reference)))
                elif parent_key.casefold() in first:
                    parent = first[parent_key.casefold()]
                    whole = from_bibtex.inherit(reference, references[parent])
                    out.append((parent, from_bibtex.to_csl(whole)))
                else:
                    out.append((-1, None))
            return out

        found: list[tuple[int, CslItem | None]] = cache.kept(parsed, "csl")
        if not isinstance(found, list) or len(found) != len(parsed):
            if asked * 10 < len(parsed):
                return None
            found = cache.derived(parsed, "csl", compute)
            if not isinstance(found, list) or len(found) != len(parsed):
                found = compute()  # not what this code stores: map again
        items = self._csl[id(parsed)] = found
        return items


def _bib_files(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*.bib") if p.is_file()))
        else:
            out.append(path)
    return out


def read_text(path: Path) -> str:
    """A text file's content, exactly: line endings and a byte-order mark are kept."""
    return path.read_bytes().decode("utf-8")


def save(
    bibfile: BibFile, changed: Iterable[Reference] = (), added: Iterable[Reference] = ()
) -> str:
    """Write `changed` and `added` entries into the file `bibfile` was read from.

    Returns the new text. The file on disk must still be the one that was read: if someone
    changed it in between, nothing is written.
    """
    if bibfile.path is None:
        raise WriteError("<input>: this library was not read from a file")
    from readinglist.bibtex import bibfile as bibtex

    text = bibtex.update(bibfile, changed, added)
    replace_text(bibfile.path, bibfile.text, text)
    return text


def replace_text(path: Path, old: str, new: str) -> None:
    """Write `new` over `path`, which must still hold `old` (a missing file counts as empty):
    if someone changed it in between, nothing is written. A byte-order mark is kept."""
    try:
        current = read_text(path)
    except FileNotFoundError:
        current = ""
    bom = BOM if current.startswith(BOM) else ""
    if current.removeprefix(BOM) != old.removeprefix(BOM):
        raise WriteError(f"{path}: changed on disk since it was read; run the command again")
    write_text(path, bom + new.removeprefix(BOM))
