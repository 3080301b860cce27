"""Starting and finding a reading-list repository; renaming and removing keys everywhere.

A *repository root* is the nearest folder, from the current one upwards, that holds a
``readinglist.toml`` file or a ``refs/`` folder (as git looks for ``.git``). ``init`` makes
one; every other command finds it from wherever in the tree it is run
(:func:`readinglist.ops.root.find_root`).

Renaming and removing are planned here and return typed results; the files are edited as
text (the .bib block's key, the event's TOML array item) so that the diff shows only what
changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from readinglist.atomic import write_text
from readinglist.library import Library, read_text, replace_text
from readinglist.model import Event, Reference
from readinglist.settings import FILENAME as SETTINGS_FILE

FOLDERS = ("refs", "events", "styles")
LINKING_FIELDS = ("crossref", "xdata")  # fields whose value is another entry's key

SETTINGS_TEMPLATE = """\
# Settings of this reading-list repository. Every line is optional.

# The CSL style and locale of `render`, `build` and `format` (an event may set its own).
style = "apa"
locale = "en-US"

# Sent to Crossref with every look-up: it puts requests in the polite pool.
# mailto = "organiser@example.org"

# Where `add`, `import` and `record` put new entries (a .bib file inside refs/).
bibfile = "refs/references.bib"
"""

BIB_TEMPLATE = """\
% The library: one entry per work, BibTeX with biblatex's fields.
% Add entries with `readinglist add DOI|ISBN`, `readinglist import FILE`, `readinglist record`.
"""

GITIGNORE_LINE = ".readinglist.lock"
DEFAULT_SECTION = "Key references"  # the first section of a new event


class InitStatus(StrEnum):
    CREATED = "created"
    EXISTS = "exists"  # a library is already there: nothing was written


@dataclass(frozen=True)
class InitResult:
    status: InitStatus
    root: Path
    created: tuple[Path, ...] = ()
    existing: tuple[Path, ...] = ()  # what made the folder a library already


def init_repository(root: Path) -> InitResult:
    """Make ``refs/``, ``events/``, ``styles/`` and ``readinglist.toml`` in `root`.

    Nothing is written when any of them exists already: an existing library is never
    overwritten or mixed with a new one.
    """
    existing = tuple(p for p in (root / n for n in (*FOLDERS, SETTINGS_FILE)) if p.exists())
    if existing:
        return InitResult(InitStatus.EXISTS, root, existing=existing)
    created: list[Path] = []
    root.mkdir(parents=True, exist_ok=True)
    for name in FOLDERS:
        (root / name).mkdir()
        created.append(root / name)
    for path, text in (
        (root / SETTINGS_FILE, SETTINGS_TEMPLATE),
        (root / "refs" / "references.bib", BIB_TEMPLATE),
    ):
        write_text(path, text)
        created.append(path)
    gitignore = root / ".gitignore"
    old = read_text(gitignore) if gitignore.is_file() else ""
    if GITIGNORE_LINE not in old.splitlines():
        write_text(
            gitignore, old + ("" if not old or old.endswith("\n") else "\n") + GITIGNORE_LINE + "\n"
        )
        created.append(gitignore)
    return InitResult(InitStatus.CREATED, root, tuple(created))


# --- which events list a key ------------------------------------------------------------------


def events_listing(events: Sequence[Event], key: str) -> list[Event]:
    folded = key.casefold()
    return [e for e in events if any(k.casefold() == folded for k in e.keys)]


def entries_linking(library: Library, key: str) -> list[Reference]:
    """Entries whose ``crossref`` (or ``xdata``) names `key`."""
    folded = key.casefold()
    return [
        r
        for r in library.references
        if any((r.get(name) or "").strip().casefold() == folded for name in LINKING_FIELDS)
    ]


# --- rename -----------------------------------------------------------------------------------


class RenameStatus(StrEnum):
    RENAMED = "renamed"
    UNKNOWN = "unknown"  # no entry has the old key
    TAKEN = "taken"  # another entry has the new key already
    INVALID = "invalid"  # the new key cannot be a BibTeX key


@dataclass(frozen=True)
class FileEdit:
    """A file's new text, to be written only if the file still holds `old`."""

    path: Path
    old: str
    new: str


@dataclass(frozen=True)
class RenamePlan:
    status: RenameStatus
    old: str
    new: str
    message: str = ""
    bib_edits: tuple[FileEdit, ...] = ()
    event_edits: tuple[FileEdit, ...] = ()
    linked: tuple[str, ...] = ()  # keys of entries whose crossref was updated
    events: tuple[str, ...] = ()  # slugs of the events that were updated


def valid_key(key: str) -> bool:
    """A BibTeX key: no space, comma, brace, quote, ``#``, ``%``, ``=`` or ``\\``."""
    return bool(key) and not any(c.isspace() or c in ',{}()"#%=\\~' for c in key)


def plan_rename(library: Library, event_paths: Sequence[Path], old: str, new: str) -> RenamePlan:
    """What renaming `old` to `new` changes: the entry's key, every ``crossref`` naming it,
    and every event listing it. Only the key text changes in each file."""
    reference = library.get(old)
    if reference is None:
        near = library.near(old)
        hint = f" (did you mean {', '.join(near)}?)" if near else ""
        return RenamePlan(RenameStatus.UNKNOWN, old, new, f"no entry with key '{old}'{hint}")
    if not valid_key(new):
        return RenamePlan(
            RenameStatus.INVALID,
            old,
            new,
            f"'{new}' cannot be a BibTeX key (no spaces, commas, braces, quotes, #, %, =, ~ or \\)",
        )
    other = library.get(new)
    if other is not None and other is not reference:
        return RenamePlan(
            RenameStatus.TAKEN, old, new, f"key '{new}' is already used at {other.where}"
        )
    old = reference.key
    bib_edits = []
    from readinglist.bibtex import bibfile as bibtex  # not on the start-up path

    for bibfile in library.files:
        text = bibtex.rename_key(bibfile, old, new, LINKING_FIELDS)
        if text != bibfile.text and bibfile.path is not None:
            bib_edits.append(FileEdit(bibfile.path, bibfile.text, text))
    from readinglist.ops import event_edit  # tomlkit, only when an event is edited

    event_edits, slugs = [], []
    for path in event_paths:
        text = read_text(path)
        changed = event_edit.rename_key(text, path, old, new)
        if changed != text:
            event_edits.append(FileEdit(path, text, changed))
            slugs.append(path.stem)
    linked = tuple(r.key for r in entries_linking(library, old))
    return RenamePlan(
        RenameStatus.RENAMED,
        old,
        new,
        "",
        tuple(bib_edits),
        tuple(event_edits),
        linked,
        tuple(slugs),
    )


# --- remove -----------------------------------------------------------------------------------


class RemoveStatus(StrEnum):
    REMOVED = "removed"
    UNKNOWN = "unknown"
    IN_USE = "in-use"  # an event lists it, or an entry inherits from it


@dataclass(frozen=True)
class RemovePlan:
    status: RemoveStatus
    key: str
    message: str = ""
    edit: FileEdit | None = None
    events: tuple[str, ...] = ()
    linked: tuple[str, ...] = ()


def plan_remove(library: Library, events: Sequence[Event], key: str) -> RemovePlan:
    """Removing an entry is refused while an event lists it or another entry's
    ``crossref`` names it: a reading list must never lose a reference silently."""
    reference = library.get(key)
    if reference is None:
        near = library.near(key)
        hint = f" (did you mean {', '.join(near)}?)" if near else ""
        return RemovePlan(RemoveStatus.UNKNOWN, key, f"no entry with key '{key}'{hint}")
    listing = tuple(e.slug for e in events_listing(events, reference.key))
    linked = tuple(r.key for r in entries_linking(library, reference.key))
    if listing or linked:
        why = []
        if listing:
            why.append(
                f"listed by event(s) {', '.join(listing)} "
                f"(readinglist event remove EVENT {reference.key})"
            )
        if linked:
            why.append(f"the crossref parent of {', '.join(linked)}")
        return RemovePlan(
            RemoveStatus.IN_USE,
            reference.key,
            f"'{reference.key}' is " + "; and ".join(why),
            events=listing,
            linked=linked,
        )
    from readinglist.bibtex import bibfile as bibtex  # not on the start-up path

    bibfile = library.file_of(reference.key)
    assert bibfile is not None and bibfile.path is not None
    text = bibtex.remove_entry(bibfile, reference.key)
    return RemovePlan(
        RemoveStatus.REMOVED, reference.key, edit=FileEdit(bibfile.path, bibfile.text, text)
    )


@dataclass
class Applied:
    written: list[Path] = field(default_factory=list)


def apply_edits(edits: Sequence[FileEdit]) -> Applied:
    """Write each edit, refusing any file that changed since it was read."""
    done = Applied()
    for edit in edits:
        replace_text(edit.path, edit.old, edit.new)
        done.written.append(edit.path)
    return done
