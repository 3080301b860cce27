"""The domain's data: references as they stand in .bib files, events and their sections.

Named tuples, immutable like frozen dataclasses but built in a tenth of the time when the module
is imported (every command imports this one; a dataclass compiles its methods then, about a
millisecond each); conversions live in the modules that own them. A copy with one field changed
is ``record._replace(field=value)``.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

# Characters; a longer field (a pasted document) is reported and left out of formatting.
MAX_FIELD_LENGTH = 65_536


class PubState(StrEnum):
    """biblatex's ``pubstate`` values for works that are not (yet) published."""

    IN_PRESS = "inpress"
    FORTHCOMING = "forthcoming"
    SUBMITTED = "submitted"
    PREPUBLISHED = "prepublished"

    @property
    def csl_status(self) -> str:
        """The words CSL styles print for this state (CSL ``status`` variable)."""
        return {
            PubState.IN_PRESS: "in press",
            PubState.FORTHCOMING: "forthcoming",
            PubState.SUBMITTED: "submitted",
            PubState.PREPUBLISHED: "pre-published",  # biblatex's English string
        }[self]


class Person(NamedTuple):
    """One name of a BibTeX name list, split as BibTeX splits it."""

    family: str = ""
    given: str = ""
    particle: str = ""  # "von", "de la": lower-case words before the family name
    suffix: str = ""  # "Jr.", "III"
    literal: str = ""  # an institution, kept whole: {World Health Organization}
    # biblatex's per-name useprefix (extended name format): whether the particle is part of
    # the family name as printed and sorted; None leaves it to the entry's options.
    useprefix: bool | None = None


def shown_path(path: Path) -> str:
    """`path` as messages show it: relative to the current folder when it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


class Reference(NamedTuple):
    """One BibTeX entry: its key, type and fields, in file order.

    Field names are lower case; values are the text between the delimiters, with ``@string``
    macros and ``#`` resolved and LaTeX left as written.
    """

    key: str
    entry_type: str
    fields: tuple[tuple[str, str], ...] = ()
    path: Path | None = None
    line: int | None = None

    def get(self, name: str, default: str | None = None) -> str | None:
        """The value of field `name` as written, or `default`."""
        for key, value in self.fields:
            if key == name:
                return value
        return default

    def __contains__(self, name: object) -> bool:
        return any(key == name for key, _ in self.fields)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(key for key, _ in self.fields)

    @property
    def where(self) -> str:
        """``file:line`` of the entry, or its key when it did not come from a file; the file
        as the command line shows files, relative to the current folder when it is below it."""
        if self.path is None:
            return self.key
        shown = shown_path(self.path)
        return f"{shown}:{self.line}" if self.line else shown


class Severity(StrEnum):
    """How bad a :class:`Problem` is: an error makes ``check`` fail, a warning does not."""

    ERROR = "error"
    WARNING = "warning"


class Problem(NamedTuple):
    """Something wrong or old-fashioned in a file: where it is and what to do about it."""

    path: Path | None
    line: int | None
    message: str
    key: str = ""
    severity: Severity = Severity.ERROR
    fixable: bool = False  # `check --fix` can rewrite it

    def __str__(self) -> str:
        where = str(self.path) if self.path else "<input>"
        if self.line:
            where += f":{self.line}"
        return f"{where}: {self.message}"


class EventEntry(NamedTuple):
    """A reference listed in an event section, with an optional "why read this" note."""

    key: str
    note: str = ""


SECTION_ORDERS = ("style", "as-listed")


class Section(NamedTuple):
    """A titled part of an event's reading list, in the style's order or as the organiser
    listed it (``order = "as-listed"``)."""

    title: str
    entries: tuple[EventEntry, ...]
    note: str = ""
    order: str = "style"


class Event(NamedTuple):
    """A training event and its reading list."""

    slug: str
    title: str
    sections: tuple[Section, ...]
    date: dt.date | None = None
    end_date: dt.date | None = None
    presenters: tuple[str, ...] = ()
    cpd_hours: float | None = None
    description: str = ""
    location: str = ""
    url: str = ""
    style: str | None = None
    locale: str | None = None
    path: Path | None = None
    cited_section: str = ""  # the title of a section gathering works cited but not listed

    @property
    def keys(self) -> tuple[str, ...]:
        """Every key of the event, in the order the sections list them, each once."""
        seen: dict[str, None] = {}
        for section in self.sections:
            for entry in section.entries:
                seen.setdefault(entry.key, None)
        return tuple(seen)
