"""Where a command may write: output files, site folders and the ``.bib`` file new entries go to.

The rule: what a command *produces* (``render -o``, ``export -o``, ``build DIR``) never lands
in the library's own folders (``refs/``, ``events/``, ``styles/``) or on ``readinglist.toml``,
so a mistyped path cannot replace a library file with a reading list. What a command *adds to
the library* (``--to``) must be a ``.bib`` file inside ``refs/``, where the library is read
from: an entry written anywhere else would vanish from the library. Paths are compared after
resolving links, so a link into ``refs/`` is caught too.

An output file's format follows its extension (``.html`` is a whole page, ``.md`` Markdown,
``.txt`` text, ``.docx`` Word); an extension that names no format is refused rather than
filled with plain text, and so is a ``--format`` that contradicts the extension (a Word file
named ``.html``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from readinglist.settings import FILENAME as SETTINGS_FILE

LIBRARY_FOLDERS = ("refs", "events", "styles")

# For `render -o`: each extension and the formats a file of that name may hold, the first
# being the one chosen when --format is not given.
RENDER_EXTENSIONS: Mapping[str, tuple[str, ...]] = {
    ".html": ("page", "html"),
    ".htm": ("page", "html"),
    ".md": ("markdown",),
    ".markdown": ("markdown",),
    ".txt": ("text",),
    ".docx": ("docx",),
}
# For `export -o`.
EXPORT_EXTENSIONS: Mapping[str, tuple[str, ...]] = {
    ".bib": ("bibtex",),
    ".ris": ("ris",),
    ".json": ("csljson",),
}


class PathStatus(StrEnum):
    OK = "ok"
    IN_LIBRARY = "in-library"  # an output inside refs/, events/ or styles/, or the settings
    HOLDS_LIBRARY = "holds-library"  # a site folder that is, or holds, the repository
    NOT_BIB = "not-bib"  # --to names a file that is not .bib
    OUTSIDE_REFS = "outside-refs"  # --to names a .bib file the library does not read
    UNKNOWN_EXTENSION = "unknown-extension"
    WRONG_EXTENSION = "wrong-extension"  # --format contradicts the extension


@dataclass(frozen=True)
class PathCheck:
    status: PathStatus
    path: Path
    message: str = ""
    fmt: str = ""  # for output files: the format to write

    @property
    def ok(self) -> bool:
        return self.status == PathStatus.OK


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def _library_part(root: Path, path: Path) -> str | None:
    """The library folder or file that `path` is, or lies in; None when it is elsewhere."""
    real, base = path.resolve(), root.resolve()
    for name in LIBRARY_FOLDERS:
        if _inside(real, base / name):
            return f"{name}/"
    if real == base / SETTINGS_FILE:
        return SETTINGS_FILE
    return None


def check_output_file(
    root: Path,
    path: Path,
    fmt: str | None,
    extensions: Mapping[str, tuple[str, ...]] = RENDER_EXTENSIONS,
) -> PathCheck:
    """May a command write its output to `path`, and in which format?"""
    part = _library_part(root, path)
    if part is not None:
        return PathCheck(
            PathStatus.IN_LIBRARY,
            path,
            f"{path}: is in the library's {part}; output never goes there "
            "(it would replace library files): write it somewhere else",
        )
    suffix = path.suffix.lower()
    known = ", ".join(extensions)
    if suffix not in extensions:
        what = f"extension '{path.suffix}'" if path.suffix else "no extension"
        return PathCheck(
            PathStatus.UNKNOWN_EXTENSION,
            path,
            f"{path}: {what} names no format; use one of {known}",
        )
    allowed = extensions[suffix]
    if fmt is not None and fmt not in allowed:
        return PathCheck(
            PathStatus.WRONG_EXTENSION,
            path,
            f"{path}: a {suffix} file holds {' or '.join(allowed)}, not {fmt}; "
            "name the file after its format",
        )
    return PathCheck(PathStatus.OK, path, fmt=fmt or allowed[0])


def check_site_folder(root: Path, folder: Path) -> PathCheck:
    """A site is built in a folder of its own: not in the library's folders, and not in the
    repository's root or any folder holding it."""
    part = _library_part(root, folder)
    if part is not None:
        return PathCheck(
            PathStatus.IN_LIBRARY,
            folder,
            f"{folder}: is in the library's {part}; build the site in a folder of its own, "
            "e.g. readinglist build site",
        )
    real, base = folder.resolve(), root.resolve()
    if _inside(base, real):
        return PathCheck(
            PathStatus.HOLDS_LIBRARY,
            folder,
            f"{folder}: holds the reading-list repository; build the site in a folder of "
            "its own, e.g. readinglist build site",
        )
    return PathCheck(PathStatus.OK, folder)


def check_bib_target(root: Path, path: Path) -> PathCheck:
    """New entries go to a ``.bib`` file inside ``refs/``, where the library is read from."""
    if path.suffix.lower() != ".bib":
        return PathCheck(
            PathStatus.NOT_BIB,
            path,
            f"{path}: new entries go to a .bib file inside refs/, e.g. refs/references.bib",
        )
    if not path.resolve().is_relative_to((root / "refs").resolve()):
        return PathCheck(
            PathStatus.OUTSIDE_REFS,
            path,
            f"{path}: is not inside {root / 'refs'}, where the library is read from; "
            "entries written there would not be in the library",
        )
    return PathCheck(PathStatus.OK, path)
