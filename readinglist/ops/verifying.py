"""``readinglist verify`` as a library call: each entry with a DOI against the registry's record.

A verdict per entry (agrees, differs, failed), with the facts that differ, the registry's
notices and the entry as ``--apply`` would write it. The outcome is decided here too: the check
fails when an entry could not be looked up or has been retracted, and when an entry differs
unless the updates were applied.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from readinglist.csl import from_bibtex
from readinglist.identifiers import Identifier
from readinglist.library import Library
from readinglist.model import Reference
from readinglist.ops import importing
from readinglist.ops.importing import FieldChange
from readinglist.registry.client import Fetched
from readinglist.registry.records import Notice

FetchAll = Callable[[list[Identifier]], list[Fetched]]


class VerifyStatus(StrEnum):
    """How an entry compares with its DOI's record."""

    AGREES = "agrees"
    DIFFERS = "differs"
    FAILED = "failed"  # the registry could not be asked, or had no record


@dataclass(frozen=True)
class Verdict:
    """One entry's comparison: `updated` is the entry to write (the registry's values for the
    facts that differ, a retraction recorded), or None when there is nothing to write."""

    reference: Reference
    doi: str
    status: VerifyStatus
    changes: tuple[FieldChange, ...] = ()
    notices: tuple[Notice, ...] = ()
    error: str = ""
    updated: Reference | None = None

    @property
    def retracted(self) -> bool:
        return any(notice["type"] == "retraction" for notice in self.notices)


@dataclass(frozen=True)
class VerifyReport:
    """Every verdict, in the order of the entries asked about."""

    verdicts: tuple[Verdict, ...]

    @property
    def updates(self) -> list[tuple[Reference, Reference]]:
        """(the entry as read, the entry to write) for every entry with something to write."""
        return [(v.reference, v.updated) for v in self.verdicts if v.updated is not None]

    def failed(self, applied: bool = False) -> bool:
        """Whether ``verify`` exits 1: an entry could not be checked or has been retracted
        (which writing cannot settle), or an entry differs and the updates were not
        `applied`."""
        if any(v.status == VerifyStatus.FAILED or v.retracted for v in self.verdicts):
            return True
        if applied and self.updates:
            return False
        return any(v.status == VerifyStatus.DIFFERS for v in self.verdicts)


def without_doi(references: Sequence[Reference]) -> list[Reference]:
    """The entries among `references` that have no DOI to verify against."""
    with_doi = {id(reference) for reference, _ in importing.dois_of(references)}
    return [reference for reference in references if id(reference) not in with_doi]


def verify(library: Library, references: Sequence[Reference], fetch_all: FetchAll) -> VerifyReport:
    """Compare each of `references` that has a DOI with the record `fetch_all` finds for it:
    type, creators' family names, title, year, container, volume, issue, pages, publisher.
    An entry inherits from its ``crossref`` parent (in `library`) before it is compared."""
    with_doi = importing.dois_of(references)
    fetched = fetch_all([Identifier("doi", doi) for _, doi in with_doi])
    verdicts = []
    for (reference, doi), result in zip(with_doi, fetched, strict=True):
        if result.item is None:
            verdicts.append(Verdict(reference, doi, VerifyStatus.FAILED, error=result.error))
            continue
        updated = importing.record_retraction(reference, result.notices)
        changes = importing.compare(from_bibtex.to_csl(library.resolve(reference)), result.item)
        if changes:
            updated = importing.apply_changes(updated, result.item, changes)
        verdicts.append(
            Verdict(
                reference,
                doi,
                VerifyStatus.DIFFERS if changes else VerifyStatus.AGREES,
                tuple(changes),
                result.notices,
                updated=updated if updated is not reference else None,
            )
        )
    return VerifyReport(tuple(verdicts))
