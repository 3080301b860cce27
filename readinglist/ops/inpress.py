"""``readinglist inpress`` as library calls: which entries to check, the check of each
(:func:`readinglist.ops.tracking.check_entry`), which updates to write and how it ends.

The policy: every entry that is not published (or the keys asked for) is checked; certain
matches are written, candidates only when accepted (by a person, or ``--accept-candidates``);
the run reports updates still available (``--exit-code`` makes that exit 3) and errors
(exit 1).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readinglist.errors import ReadingListError
from readinglist.events import load_event
from readinglist.library import Library
from readinglist.model import Reference
from readinglist.ops import tracking
from readinglist.ops.tracking import Finding, FindingStatus
from readinglist.registry import client as registry
from readinglist.registry.client import Client

EXIT_UPDATES = 3  # ``inpress --exit-code``: updates are available (for scheduled jobs)
Lookup = Callable[[str], dict[str, Any]]
Search = Callable[[dict[str, str]], list[dict[str, Any]]]


def entries_to_check(library: Library, keys: Sequence[str] = ()) -> list[Reference]:
    """The entries `keys` names (UnknownKeyError for one the library lacks), or else every
    entry that is not published: in press, forthcoming, submitted or online-first."""
    if keys:
        return [library.require(k) for k in keys]
    return [r for r in library.references if tracking.status_of(r) != "published"]


def earliest_years(event_files: Iterable[Path]) -> dict[str, int]:
    """For each key (case-folded), the year before the first event that lists it: a published
    version cannot be older than that. Events that cannot be read are left out (``check``
    reports them)."""
    since: dict[str, int] = {}
    for path in event_files:
        try:
            event = load_event(path)
        except ReadingListError:
            continue
        if event.date is None:
            continue
        for key in event.keys:
            year = event.date.year - 1
            since[key.casefold()] = min(year, since.get(key.casefold(), year))
    return since


def check_entries(
    library: Library,
    references: Sequence[Reference],
    lookup: Lookup,
    search: Search,
    since: dict[str, int] | None = None,
    progress: Callable[[Finding], None] | None = None,
) -> list[Finding]:
    """A finding per entry, each checked with its ``crossref`` parent's fields: `lookup`
    fetches a Crossref work by DOI, `search` runs a Crossref search (see
    :func:`readinglist.ops.tracking.check_entry`)."""
    findings = []
    for reference in references:
        finding = tracking.check_entry(
            reference,
            library.resolve(reference),
            lookup,
            search,
            (since or {}).get(reference.key.casefold()),
        )
        findings.append(finding)
        if progress is not None:
            progress(finding)
    return findings


def find_published(
    library: Library,
    client: Client,
    keys: Sequence[str] = (),
    event_files: Iterable[Path] = (),
    progress: Callable[[Finding], None] | None = None,
) -> list[Finding]:
    """Check the in-press and online-first entries of `library` (or `keys`) at Crossref
    through `client`; `event_files` give each entry the earliest year a published version
    may have (the year before the first event that lists it)."""
    return check_entries(
        library,
        entries_to_check(library, keys),
        lambda doi: registry.crossref_work(client, doi),
        lambda params: registry.crossref_search(client, params),
        earliest_years(event_files),
        progress,
    )


def updates_to_write(
    findings: Sequence[Finding], accept: Callable[[Finding], bool] = lambda f: False
) -> list[Reference]:
    """The updated entries to write: every certain match, and each candidate that `accept`
    takes (a question to a person, or ``lambda f: True`` for ``--accept-candidates``)."""
    chosen = [f.updated for f in findings if f.status == FindingStatus.PUBLISHED and f.updated]
    for finding in findings:
        if finding.status == FindingStatus.CANDIDATE and finding.updated and accept(finding):
            chosen.append(finding.updated)
    return chosen


@dataclass(frozen=True)
class TrackingOutcome:
    """How a run ends: updates still available (not written), and entries that failed."""

    updates_available: int
    errors: int

    def exit_code(self, report_updates: bool) -> int:
        """3 when `report_updates` (``--exit-code``) and updates are available, else 1 when
        an entry failed, else 0."""
        if report_updates and self.updates_available:
            return EXIT_UPDATES
        return 1 if self.errors else 0


def outcome(
    findings: Sequence[Finding], written: Sequence[Reference] | None = None
) -> TrackingOutcome:
    """The run's outcome; `written` is what was applied (None when nothing was applied, so
    every certain match and candidate is still available)."""
    if written is None:
        available = [
            f for f in findings if f.status in (FindingStatus.PUBLISHED, FindingStatus.CANDIDATE)
        ]
    else:
        available = [
            f
            for f in findings
            if f.status == FindingStatus.CANDIDATE and f.updated and f.updated not in written
        ]
    errors = sum(f.status == FindingStatus.ERROR for f in findings)
    return TrackingOutcome(len(available), errors)
