"""``readinglist publish KEY DOI``: take a presenter's DOI only when it is the entry's work.

A DOI typed by hand can be wrong: a digit off, or another work's. Before the entry takes the
DOI's metadata, the DOI's record is scored against the entry exactly as ``inpress`` scores a
search candidate (:func:`readinglist.ops.tracking.score_item`: title, creators, type, venue,
year). It is accepted when the types are compatible, the creators overlap and the score is at
least :data:`~readinglist.ops.tracking.PLAUSIBLE` (a person named this DOI, so a candidate's
score is enough); otherwise it is refused with the parts that differ, unless forced. A DOI
that another entry already holds is always refused, naming that entry: two entries with one
DOI are one work twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from readinglist.bibtex import latex
from readinglist.csl import from_bibtex
from readinglist.csl.from_bibtex import CslItem
from readinglist.library import Library
from readinglist.model import Reference
from readinglist.ops import tracking


class PublishStatus(StrEnum):
    UPDATED = "updated"  # the entry takes the DOI's metadata
    UNCHANGED = "unchanged"  # the entry matches the DOI already
    MISMATCH = "mismatch"  # the DOI's record is not this work (refused unless forced)
    DOI_TAKEN = "doi-taken"  # another entry holds the DOI


@dataclass(frozen=True)
class Difference:
    """One scored part on which the entry and the DOI's record disagree."""

    part: str
    score: float
    ours: str
    theirs: str


@dataclass(frozen=True)
class PublishPlan:
    status: PublishStatus
    key: str
    doi: str
    score: tracking.Score | None = None
    differences: tuple[Difference, ...] = ()
    updated: Reference | None = None
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)
    holder: str = ""  # for DOI_TAKEN: the entry that has the DOI
    forced: bool = False  # accepted despite a mismatch

    @property
    def message(self) -> str:
        if self.status == PublishStatus.DOI_TAKEN:
            return (
                f"{self.key}: DOI {self.doi} is already the DOI of '{self.holder}'; one work "
                "should be one entry (check both, then readinglist remove one of them)"
            )
        if self.status == PublishStatus.MISMATCH or self.forced:
            total = f"{self.score.total:.2f}" if self.score else "-"
            parts = "; ".join(
                f"{d.part} {d.score:g}: {d.ours or '(none)'} vs {d.theirs or '(none)'}"
                for d in self.differences
            )
            return (
                f"{self.key}: DOI {self.doi} does not look like this work (score {total}, "
                f"needs {tracking.PLAUSIBLE:g} with the same type and a shared creator): "
                f"{parts}" + ("" if self.forced else ". Check the DOI, or use --force")
            )
        return ""


def _names(item: CslItem, family: str) -> str:
    people = item.get("author") or item.get("editor") or []
    if family == "book" and item.get("editor"):
        people = item["editor"]
    return ", ".join(str(p.get("family") or p.get("literal") or "") for p in people)


def _year(item: CslItem) -> str:
    parts = ((item.get("issued") or {}).get("date-parts") or [[None]])[0]
    return str(parts[0]) if parts and parts[0] is not None else ""


def _venue(item: CslItem, family: str) -> str:
    if family == "chapter":
        return str(item.get("container-title", ""))
    return str(item.get("publisher", ""))


def _title(reference: Reference) -> str:
    title = latex.to_text(reference.get("title") or "")
    subtitle = reference.get("subtitle")
    return f"{title}: {latex.to_text(subtitle)}" if subtitle else title


def differences(
    resolved: Reference,
    ours: CslItem,
    theirs: CslItem,
    family: str,
    score: tracking.Score,
    since: int | None,
) -> tuple[Difference, ...]:
    """The scored parts below full marks, with what each side says."""
    said = {
        "title": (_title(resolved), re.sub(r"<[^>]+>", "", str(theirs.get("title", "")))),
        "creators": (_names(ours, family), _names(theirs, family)),
        "type": (str(ours.get("type", "")), str(theirs.get("type", ""))),
        "venue": (_venue(ours, family), _venue(theirs, family)),
        "year": (
            f"{since} or later" if since else _year(ours),
            _year(theirs),
        ),
    }
    return tuple(
        Difference(part, value, *said[part])
        for part, value in score.parts.items()
        if value < 1.0 and part in said
    )


def plan_publish(
    library: Library,
    reference: Reference,
    resolved: Reference,
    doi: str,
    item: CslItem,
    since: int | None = None,
    force: bool = False,
) -> PublishPlan:
    """What ``publish`` does with `reference` and the DOI's record `item`. `resolved` is the
    entry with its ``crossref`` parent merged in (a chapter's book)."""
    taken = doi_taken(library, reference, doi)
    if taken is not None:
        return taken
    ours = from_bibtex.to_csl(resolved)
    family = tracking.family_of(reference)
    score = tracking.score_item(ours, family, item, since)
    accepted = score.compatible and score.total >= tracking.PLAUSIBLE
    if not accepted and not force:
        return PublishPlan(
            PublishStatus.MISMATCH,
            reference.key,
            doi,
            score,
            differences(resolved, ours, item, family, score, since),
        )
    updated, changes = tracking.merge_published(reference, item)
    return PublishPlan(
        PublishStatus.UPDATED if changes else PublishStatus.UNCHANGED,
        reference.key,
        doi,
        score,
        differences(resolved, ours, item, family, score, since),
        updated,
        changes,
        forced=not accepted,
    )


def doi_taken(library: Library, reference: Reference, doi: str) -> PublishPlan | None:
    """A refusal when another entry holds `doi` (decided without asking any registry)."""
    holder = library.find_doi(doi)
    if holder is not None and holder.key.casefold() != reference.key.casefold():
        return PublishPlan(PublishStatus.DOI_TAKEN, reference.key, doi, holder=holder.key)
    return None
