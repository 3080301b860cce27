"""In-press and online-first references: find the published version and propose the update.

An entry is *pending* when its ``pubstate`` (or a legacy "in press" year or note) says it is
not published, and *online-first* when it is a journal article with a DOI but no volume or
pages yet. For each, :func:`check_entry` looks for the published version:

- with a DOI, the registry's record: published once it has an issue date and, for an
  article, a volume and pages; a preprint's ``is-preprint-of`` relation is followed;
- without one, a Crossref search on title and creators, whose candidates we score ourselves
  (Crossref's relevance order is not to be trusted): title similarity after normalising case,
  punctuation, subtitles and acronyms ("IPT" for "Interpersonal Psychotherapy"), the overlap
  of creators' family names, type compatibility, publisher or book, and the year.

Only a candidate that is compatible in type, shares creators and scores at least
:data:`CERTAIN` is ``published``; one that is plausible is a ``candidate`` for a person to
decide; anything else leaves the entry ``pending``. The lookup functions are passed in, so
this module never touches the network itself.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from readinglist import richtext
from readinglist.bibtex import latex
from readinglist.csl import from_bibtex, to_bibtex
from readinglist.csl.from_bibtex import CslItem
from readinglist.errors import FetchError
from readinglist.identifiers import is_doi, normalize_doi
from readinglist.model import Reference
from readinglist.ops.matching import dice, title_similarity, words
from readinglist.registry import records

CERTAIN = 0.85
PLAUSIBLE = 0.6
WEIGHTS = {"title": 0.45, "creators": 0.25, "type": 0.15, "venue": 0.10, "year": 0.05}

BOOK_TYPES = {"book", "edited-book", "monograph", "reference-book"}
FAMILIES = {
    "book": BOOK_TYPES,
    "chapter": {"book-chapter", "book-section", "book-part"},
    "article": {"journal-article", "posted-content", "proceedings-article"},
}


def family_of(reference: Reference) -> str:
    """The kind of work an entry is, for matching: ``book``, ``chapter`` or ``article``."""
    if reference.entry_type in ("incollection", "inbook", "inproceedings"):
        return "chapter"
    if reference.entry_type in ("article", "periodical"):
        return "article"
    return "book"


def status_of(reference: Reference) -> str:
    """inpress, forthcoming, submitted, prepublished, online-first or published."""
    state = from_bibtex.pubstate_of(reference)
    if state is not None:
        return state.value
    if (
        reference.entry_type == "article"
        and reference.get("doi")
        and not (reference.get("volume") and reference.get("pages"))
    ):
        return "online-first"
    return "published"


# --- scoring -------------------------------------------------------------------------------


def _families(names: Sequence[dict[str, Any]]) -> set[str]:
    out = set()
    for name in names:
        family = str(name.get("family") or name.get("literal") or "")
        if family:
            out.add(re.sub(r"\W+", "", latex.to_text(family).casefold()))
    return out


@dataclass(frozen=True)
class Score:
    total: float
    parts: dict[str, float]

    @property
    def compatible(self) -> bool:
        return self.parts["type"] == 1.0 and self.parts["creators"] > 0


# CSL types of each family, for records that are not Crossref's (DataCite, doi.org).
CSL_FAMILIES = {
    "book": {"book", "classic"},
    "chapter": {"chapter", "entry", "entry-dictionary", "entry-encyclopedia"},
    "article": {"article-journal", "article", "paper-conference", "article-magazine"},
}


def score(ours: CslItem, family: str, candidate: dict[str, Any], since: int | None) -> Score:
    """How likely a Crossref work is the published version of our entry."""
    return score_item(
        ours,
        family,
        records.crossref_to_csl(candidate),
        since,
        type_ok=str(candidate.get("type")) in FAMILIES[family],
        publisher=str(candidate.get("publisher", "")),
    )


def score_item(
    ours: CslItem,
    family: str,
    theirs: CslItem,
    since: int | None,
    *,
    type_ok: bool | None = None,
    publisher: str | None = None,
) -> Score:
    """How likely a CSL-JSON record (any registry's) is the published version of our entry.
    `type_ok` and `publisher` default to what the record itself says."""
    if type_ok is None:
        type_ok = str(theirs.get("type")) in CSL_FAMILIES[family]
    if publisher is None:
        publisher = str(theirs.get("publisher", ""))
    parts: dict[str, float] = {}
    parts["title"] = title_similarity(str(ours.get("title", "")), str(theirs.get("title", "")))
    # Edited books are known by their editors, chapters and articles by their authors.
    mine = _families(ours.get("author") or ours.get("editor") or [])
    other = _families(theirs.get("author") or theirs.get("editor") or [])
    if family == "book" and ours.get("editor"):
        other = _families(theirs.get("editor") or theirs.get("author") or [])
    parts["creators"] = round(len(mine & other) / len(mine), 3) if mine else 0.0
    parts["type"] = 1.0 if type_ok else 0.0
    if family == "chapter":
        parts["venue"] = title_similarity(
            str(ours.get("container-title", "")), str(theirs.get("container-title", ""))
        )
    else:
        a, b = words(str(ours.get("publisher", ""))), words(publisher)
        parts["venue"] = round(dice(a, b), 3) if a and b else 0.5
    year = ((theirs.get("issued") or {}).get("date-parts") or [[None]])[0][0]
    if year is None:
        parts["year"] = 0.5
    elif since is not None and year < since:
        parts["year"] = 0.0
    else:
        parts["year"] = 1.0 if year <= dt.date.today().year + 1 else 0.0
    total = round(sum(WEIGHTS[name] * value for name, value in parts.items()), 3)
    return Score(total, parts)


# --- checking one entry ----------------------------------------------------------------------


class FindingStatus(StrEnum):
    """Where an in-press or online-first entry stands after the check."""

    PUBLISHED = "published"  # certain: the published version, ready to write
    CANDIDATE = "candidate"  # plausible: a person decides
    PENDING = "pending"  # not published yet, or nothing close enough found
    ERROR = "error"  # the registry could not be asked


@dataclass(frozen=True)
class Finding:
    """What the check found for one entry."""

    key: str
    status: FindingStatus
    doi: str = ""
    score: float | None = None
    parts: dict[str, float] = field(default_factory=dict)
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)
    message: str = ""
    updated: Reference | None = None
    notices: tuple[records.Notice, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """The finding as ``inpress --json`` prints it."""
        return {
            "key": self.key,
            "status": self.status,
            "doi": self.doi,
            "score": self.score,
            "parts": self.parts,
            "message": self.message,
            "changes": {k: {"from": a, "to": b} for k, (a, b) in self.changes.items()},
            "notices": list(self.notices),
        }


Lookup = Callable[[str], dict[str, Any]]
Search = Callable[[dict[str, str]], list[dict[str, Any]]]


def is_published(message: dict[str, Any]) -> bool:
    """A Crossref work is published once it has an issue date and, if an article, a volume
    and pages (or an article number)."""
    has_date = bool(
        message.get("published-print") or message.get("journal-issue") or message.get("issued")
    )
    if message.get("type") == "journal-article":
        return (
            has_date
            and bool(message.get("volume"))
            and bool(message.get("page") or message.get("article-number"))
        )
    if message.get("type") == "posted-content":
        return False
    return has_date


def search_query(
    reference: Reference, ours: CslItem, family: str, since: int | None
) -> dict[str, str]:
    """Crossref search parameters for an entry: title, creators, type filter and date."""
    title = richtext.strip_tags(str(ours.get("title", "")))
    if family == "book" and ours.get("editor"):
        people: list[dict[str, Any]] = list(ours["editor"])
    else:
        people = list(ours.get("author") or ours.get("editor") or [])
    names = " ".join(sorted(_families(people)))
    types = {
        "book": "type:book,type:edited-book,type:monograph,type:reference-book",
        "chapter": "type:book-chapter,type:book-section,type:book-part",
        "article": "type:journal-article",
    }[family]
    params = {
        "query.bibliographic": f"{title} {names}".strip(),
        "rows": "20",
        "filter": types + (f",from-pub-date:{since}" if since else ""),
    }
    if names:
        params["query.editor" if family == "book" and ours.get("editor") else "query.author"] = (
            names
        )
    return params


def merge_published(
    reference: Reference, item: CslItem
) -> tuple[Reference, dict[str, tuple[str, str]]]:
    """The entry updated with its published version: pubstate and legacy status removed; DOI,
    date, volume, issue, pages, ISBN and the published title taken; the key, notes and local
    fields kept."""
    published = to_bibtex.to_reference(item, reference.key)
    incoming = dict(published.fields)
    fields: list[tuple[str, str]] = []
    changes: dict[str, tuple[str, str]] = {}
    taken = ("doi", "year", "month", "volume", "number", "pages", "isbn", "title")
    for name, value in reference.fields:
        if name == "pubstate" or (
            name in ("year", "note")
            and from_bibtex.pubstate_of(Reference("k", "misc", ((name, value),))) is not None
        ):
            changes[name] = (value, "")
            continue
        if name == "subtitle" and "title" in incoming:
            changes[name] = (value, "")  # the published title is given whole
            continue
        if name == "date" and "year" in incoming:
            changes[name] = (value, "")
            continue
        if name in taken and name in incoming and incoming[name] != value:
            changes[name] = (value, incoming[name])
            fields.append((name, incoming[name]))
            continue
        fields.append((name, value))
    present = {name for name, _ in fields}
    for name in taken:
        if name in incoming and name not in present:
            fields.append((name, incoming[name]))
            changes[name] = ("", incoming[name])
    if "title" in changes and _same_title(changes["title"][0], changes["title"][1]):
        # Only the capitalisation differs: keep the entry's own (protected) title.
        fields = [(k, changes["title"][0] if k == "title" else v) for k, v in fields]
        del changes["title"]
    return reference._replace(fields=tuple(fields)), changes


def _same_title(a: str, b: str) -> bool:
    return words(a) == words(b)


def check_entry(
    reference: Reference,
    resolved: Reference,
    lookup: Lookup,
    search: Search,
    since: int | None = None,
) -> Finding:
    """Look for the published version of one pending or online-first entry."""
    ours = from_bibtex.to_csl(resolved)
    family = family_of(reference)
    doi = normalize_doi(reference.get("doi") or "")
    doi = doi if is_doi(doi) else ""  # never request a malformed DOI; `check` reports it
    try:
        if doi:
            return _check_doi(reference, doi, lookup)
        candidates = search(search_query(reference, ours, family, since))
    except FetchError as exc:
        return Finding(reference.key, FindingStatus.ERROR, doi, message=str(exc))
    scored = sorted(
        ((score(ours, family, c, since), c) for c in candidates),
        key=lambda pair: pair[0].total,
        reverse=True,
    )
    plausible = [(s, c) for s, c in scored if s.compatible and s.total >= PLAUSIBLE]
    if not plausible:
        top = scored[0][0] if scored else None
        return Finding(
            reference.key,
            FindingStatus.PENDING,
            score=top.total if top else None,
            parts=top.parts if top else {},
            message=f"no published version among {len(candidates)} candidates",
        )
    best_score, best = plausible[0]
    runner_up = plausible[1][0].total if len(plausible) > 1 else 0.0
    certain = best_score.total >= CERTAIN and best_score.total - runner_up >= 0.05
    updated, changes = merge_published(reference, records.crossref_to_csl(best))
    return Finding(
        reference.key,
        FindingStatus.PUBLISHED if certain else FindingStatus.CANDIDATE,
        str(best.get("DOI", "")),
        best_score.total,
        best_score.parts,
        changes,
        updated=updated,
        notices=tuple(records.update_notices(best)),
    )


def _check_doi(reference: Reference, doi: str, lookup: Lookup) -> Finding:
    message = lookup(doi)
    notices = tuple(records.update_notices(message))
    relations = records.relations(message)
    for relation in ("is-preprint-of", "is-version-of", "has-version"):
        for target in relations.get(relation, []):
            if target.casefold() == doi.casefold():
                continue
            published = lookup(target)
            if is_published(published):
                updated, changes = merge_published(reference, records.crossref_to_csl(published))
                return Finding(
                    reference.key,
                    FindingStatus.PUBLISHED,
                    target,
                    1.0,
                    {"relation": 1.0},
                    changes,
                    f"{relation} {target}",
                    updated,
                    notices + tuple(records.update_notices(published)),
                )
    if is_published(message):
        updated, changes = merge_published(reference, records.crossref_to_csl(message))
        if not changes:
            return Finding(
                reference.key,
                FindingStatus.PENDING,
                doi,
                message="already up to date",
                notices=notices,
            )
        return Finding(
            reference.key,
            FindingStatus.PUBLISHED,
            doi,
            1.0,
            {"doi": 1.0},
            changes,
            updated=updated,
            notices=notices,
        )
    return Finding(
        reference.key,
        FindingStatus.PENDING,
        doi,
        message="the DOI's record has no issue, volume or pages yet",
        notices=notices,
    )
