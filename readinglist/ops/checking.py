"""``readinglist check`` as a library call: every problem of a library and its events, the
registry's notices about its DOIs, and the rewrite of legacy forms.

The rules for one entry live in :mod:`.lint`; this module gathers the problems of a whole
reading-list repository, decides the outcome (an error fails the check) and applies ``--fix``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from readinglist.errors import ReadingListError
from readinglist.events import load_event, unknown_keys
from readinglist.identifiers import Identifier
from readinglist.library import Library, save
from readinglist.model import Problem, Reference, Severity
from readinglist.ops import lint

if TYPE_CHECKING:  # an offline check never imports the registry client (nor requests)
    from readinglist.registry.client import Fetched

DRAFT = "the event has no references yet (a draft); add some with `readinglist event add`"

FetchAll = Callable[[list[Identifier]], "list[Fetched]"]


@dataclass(frozen=True)
class CheckReport:
    """What ``check`` found: the problems in the order they were found, and the library's size."""

    problems: tuple[Problem, ...]
    entries: int

    @property
    def errors(self) -> int:
        return sum(p.severity == Severity.ERROR for p in self.problems)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors

    @property
    def failed(self) -> bool:
        """Whether the check fails (``check`` exits 1): any problem is an error."""
        return self.errors > 0


@dataclass(frozen=True)
class FixedFile:
    """A .bib file that ``check --fix`` rewrote, and how many of its entries changed."""

    path: Path | None
    entries: int


def check(
    library: Library, event_files: Iterable[Path] = (), fetch_all: FetchAll | None = None
) -> CheckReport:
    """Check `library` and the events in `event_files`: unreadable entries, duplicate keys,
    likely duplicate entries, entry problems (:mod:`.lint`), events that cannot be read, name
    unknown keys or list a key twice, and draft events (no keys yet, a warning). With
    `fetch_all` (a registry look-up of many DOIs), Crossref's notices too: a retraction is
    an error, a correction or expression of concern a warning."""
    problems = list(library.problems)
    for path, (key, found) in library.per_entry("lint", _lint):
        if found is None:  # depends on its crossref parent: checked afresh
            problems += lint.check_library(library, [library.require(key)])
        else:
            problems += [
                Problem(path, line, message, key, Severity(severity), fixable)
                for line, message, key, severity, fixable in found
            ]
    for path in event_files:
        try:
            event = load_event(path)
        except ReadingListError as exc:
            problems.append(Problem(path, getattr(exc, "line", None), str(exc).split(": ", 1)[-1]))
            continue
        problems += unknown_keys(event, lambda k: library.get(k) is not None, library.near)
        if not event.keys:
            problems.append(Problem(path, None, DRAFT, severity=Severity.WARNING))
        problems += lint.repeated_event_keys(event)
    problems += _likely_duplicates(library)
    if fetch_all is not None:
        problems += registry_notices(library.references, fetch_all)
    return CheckReport(tuple(problems), len(library))


def _likely_duplicates(library: Library) -> list[Problem]:
    """:func:`duplicates.check` of the whole library, kept in the parse cache while no file
    changes: comparing every entry with its look-alikes is the dearest part of a check."""

    def compute() -> list[tuple[str | None, int | None, str, str]]:
        from readinglist.ops import duplicates  # a warm check reads the kept answer

        return [
            (None if p.path is None else str(p.path), p.line, p.message, p.key)
            for p in duplicates.check(library.references)
        ]

    return [
        Problem(None if path is None else Path(path), line, message, key, Severity.WARNING)
        for path, line, message, key in library.across("duplicates", compute)
    ]


def _lint(reference: Reference) -> tuple[str, list[tuple[Any, ...]] | None]:
    """An entry's lint problems as plain data (kept in the parse cache); None for an entry
    with a ``crossref`` parent, whose problems depend on another entry."""
    if reference.get("crossref"):
        return reference.key, None
    return reference.key, [
        (p.line, p.message, p.key, str(p.severity), p.fixable)
        for p in lint.check_reference(reference)
    ]


def registry_notices(references: Sequence[Reference], fetch_all: FetchAll) -> list[Problem]:
    """Crossref's retraction, correction and concern notices for every entry with a DOI. An
    entry that could not be looked up is an error, as in ``verify``: a check asked to vouch
    for every DOI must not pass when one of them went unchecked."""
    from readinglist.ops import importing

    with_doi = importing.dois_of(references)
    fetched = fetch_all([Identifier("doi", doi) for _, doi in with_doi])
    problems = []
    for (reference, doi), result in zip(with_doi, fetched, strict=True):
        if result.item is None:
            problems.append(
                Problem(
                    reference.path,
                    reference.line,
                    f"entry '{reference.key}' could not be checked: {result.error}",
                    key=reference.key,
                    severity=Severity.ERROR,
                )
            )
            continue
        for notice in result.notices:
            problems.append(
                Problem(
                    reference.path,
                    reference.line,
                    f"entry '{reference.key}': DOI {doi} has a {notice['type']} ({notice['DOI']})",
                    key=reference.key,
                    severity=Severity.ERROR if notice["type"] == "retraction" else Severity.WARNING,
                )
            )
    return problems


def fix(library: Library, report: CheckReport) -> tuple[CheckReport, list[FixedFile]]:
    """Rewrite the legacy forms that `report` found fixable, file by file (only those entries
    change), and return the problems that remain with the files written. The caller holds
    the library's lock and passes the library as read under it."""
    fixable = {p.key.casefold() for p in report.problems if p.fixable}
    written = []
    for bibfile in library.files:
        changed = [
            lint.fix_reference(r)
            for r in bibfile.references
            if r.key.casefold() in fixable and library.get(r.key) is r
        ]
        if changed:
            save(bibfile, changed)
            written.append(FixedFile(bibfile.path, len(changed)))
    remaining = tuple(p for p in report.problems if not p.fixable)
    return CheckReport(remaining, report.entries), written
