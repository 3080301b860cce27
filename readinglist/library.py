"""The library: every .bib file of a ``refs/`` folder, looked up by key, written back safely.

Keys are unique across the whole library, ignoring case (citeproc-py lower-cases them), so a
key names one entry wherever it lives. Loading never raises for bad content: unreadable blocks,
duplicate keys and files that are not UTF-8 become :class:`~readinglist.model.Problem` s, and
the readable entries are still there to render.

Writes replace a file atomically (temporary file in the same folder, fsync, ``os.replace``),
keep its mode, line endings and byte-order mark, and change only the entries that changed.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout

from readinglist.bibtex import bibfile as bibtex
from readinglist.bibtex.bibfile import BibFile
from readinglist.csl import from_bibtex
from readinglist.errors import UnknownKeyError, WriteError
from readinglist.model import Problem, Reference

BOM = "\ufeff"
LOCK_NAME = ".readinglist.lock"
MAX_FILE_BYTES = 64 * 1024 * 1024  # a library file larger than this is reported, not read


@contextlib.contextmanager
def locked(root: Path, timeout: float = 60.0) -> Iterator[None]:
    """Hold the library's write lock: writing commands on one library run one at a time."""
    lock = FileLock(str(root / LOCK_NAME), timeout=timeout)
    try:
        with lock:
            yield
    except Timeout as exc:
        raise WriteError(
            f"{root / LOCK_NAME}: another readinglist command has been writing "
            f"for {timeout:.0f} s; try again when it has finished"
        ) from exc


@dataclass
class Library:
    """All references of a set of .bib files."""

    files: list[BibFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    _index: dict[str, tuple[BibFile, Reference]] = field(default_factory=dict)

    @classmethod
    def load(cls, paths: Iterable[Path], root: Path | None = None) -> Library:
        """Load .bib files (or every ``*.bib`` below each folder given)."""
        library = cls()
        for path in _bib_files(paths):
            library._add_file(path, root)
        return library

    def _add_file(self, path: Path, root: Path | None) -> None:
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
            text = read_text(path)
        except UnicodeDecodeError as exc:
            line = exc.object[: exc.start].count(b"\n") + 1
            self.problems.append(
                Problem(
                    path,
                    line,
                    f"is not UTF-8 (byte 0x{exc.object[exc.start]:02x}"
                    "); convert it, e.g. iconv -f latin1 -t utf-8",
                )
            )
            return
        except OSError as exc:
            self.problems.append(Problem(path, None, f"cannot be read: {exc.strerror}"))
            return
        bibfile = bibtex.parse(text.removeprefix(BOM), path)
        self.files.append(bibfile)
        self.problems.extend(bibfile.problems)
        for reference in bibfile.references:
            folded = reference.key.casefold()
            if folded in self._index:
                other = self._index[folded][1]
                self.problems.append(
                    Problem(
                        path,
                        reference.line,
                        f"key '{reference.key}' is already used at "
                        f"{other.where}; keys must be unique (ignoring case)",
                        key=reference.key,
                    )
                )
                continue
            self._index[folded] = (bibfile, reference)

    @property
    def references(self) -> list[Reference]:
        return [reference for _, reference in self._index.values()]

    def __len__(self) -> int:
        return len(self._index)

    def __iter__(self) -> Iterator[Reference]:
        return iter(self.references)

    def get(self, key: str) -> Reference | None:
        found = self._index.get(key.casefold())
        return found[1] if found else None

    def find_doi(self, doi: str) -> Reference | None:
        """The entry with this DOI, compared ignoring case and form."""
        wanted = from_bibtex.normalize_doi(doi).casefold()
        for reference in self.references:
            value = reference.get("doi")
            if value and from_bibtex.normalize_doi(value).casefold() == wanted:
                return reference
        return None

    def file_of(self, key: str) -> BibFile | None:
        found = self._index.get(key.casefold())
        return found[0] if found else None

    def near(self, key: str, count: int = 3) -> list[str]:
        """Existing keys that look like `key`, nearest first."""
        keys = {r.key.casefold(): r.key for r in self.references}
        return [
            keys[k] for k in difflib.get_close_matches(key.casefold(), keys, n=count, cutoff=0.7)
        ]

    def require(self, key: str, where: str = "") -> Reference:
        reference = self.get(key)
        if reference is None:
            raise UnknownKeyError(key, self.near(key), where)
        return reference

    def to_csl(self, keys: Sequence[str] | None = None) -> list[from_bibtex.CslItem]:
        """CSL-JSON items for `keys` (default: every entry), with ``crossref`` resolved."""
        references = self.references if keys is None else [self.require(k) for k in keys]
        return [from_bibtex.to_csl(r, self.get) for r in references]


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


def write_text(path: Path, text: str) -> None:
    """Replace `path` with `text` (UTF-8) atomically; see :func:`write_bytes`."""
    write_bytes(path, text.encode("utf-8"))


def write_bytes(path: Path, data: bytes) -> None:
    """Replace `path` with `data` atomically: readers see the old file or the new, never a
    torn one. The file's permission bits are kept."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = 0o644
    folder = path.parent
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise WriteError(f"{path}: cannot write ({exc.strerror})") from exc
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise WriteError(f"{path}: cannot write ({exc.strerror}); the file is unchanged") from exc
    with contextlib.suppress(OSError):  # make the rename itself durable
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def save(
    bibfile: BibFile, changed: Iterable[Reference] = (), added: Iterable[Reference] = ()
) -> str:
    """Write `changed` and `added` entries into the file `bibfile` was read from.

    Returns the new text. The file on disk must still be the one that was read: if someone
    changed it in between, nothing is written.
    """
    if bibfile.path is None:
        raise WriteError("<input>: this library was not read from a file")
    try:
        current = read_text(bibfile.path)
    except FileNotFoundError:
        current = ""
    bom = BOM if current.startswith(BOM) else ""
    if current.removeprefix(BOM) != bibfile.text:
        raise WriteError(
            f"{bibfile.path}: changed on disk since it was read; run the command again"
        )
    text = bibtex.update(bibfile, changed, added)
    write_text(bibfile.path, bom + text)
    return text
