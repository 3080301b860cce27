"""``readinglist record``: a work without a DOI yet — in press, forthcoming or submitted.

A presenter describes the work with options (type, creators, title, journal or book or
publisher, state) instead of writing BibTeX. The description becomes a CSL-JSON item, the hub
every other way in goes through, and from there the same entry as any other: biblatex's
``pubstate`` field (so ``inpress`` tracks it until it is published), a key such as
``law-inpress``, and the library's duplicate checks. A chapter of a book that is in the
library names it with ``crossref`` and inherits its title, editors and publisher.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from readinglist.bibtex.names import parse_name
from readinglist.csl import to_bibtex
from readinglist.csl.from_bibtex import CslItem
from readinglist.library import Library
from readinglist.model import PubState, Reference

KINDS = {"article": "article-journal", "book": "book", "chapter": "chapter"}


@dataclass(frozen=True)
class WorkSpec:
    """A work as a presenter describes it."""

    kind: str  # article, book or chapter
    title: str
    authors: tuple[str, ...] = ()
    editors: tuple[str, ...] = ()
    container: str = ""  # the journal of an article, the book of a chapter
    publisher: str = ""
    pubstate: PubState = PubState.IN_PRESS
    year: str = ""  # the expected year, when known
    crossref: str = ""  # a chapter's book, when the library has it
    isbn: str = ""
    url: str = ""


class RecordStatus(StrEnum):
    READY = "ready"
    INVALID = "invalid"


@dataclass(frozen=True)
class RecordPlan:
    status: RecordStatus
    reference: Reference | None = None
    message: str = ""


def _person(text: str) -> dict[str, Any]:
    """ "Law, Roslyn" or "Roslyn Law" as a CSL name, split as BibTeX splits names."""
    person = parse_name(text.strip())
    if person.literal:
        return {"literal": person.literal}
    name: dict[str, Any] = {"family": person.family}
    if person.given:
        name["given"] = person.given
    if person.particle:
        name["non-dropping-particle"] = person.particle
    if person.suffix:
        name["suffix"] = person.suffix
    return name


def _invalid(message: str) -> RecordPlan:
    return RecordPlan(RecordStatus.INVALID, message=message)


def plan_record(spec: WorkSpec, library: Library, taken: Any = None) -> RecordPlan:
    """The entry for `spec`, or why it cannot be one. `taken` tells which keys are in use
    (default: the library's)."""
    if spec.kind not in KINDS:
        return _invalid(f"unknown type '{spec.kind}' (known: {', '.join(KINDS)})")
    if not spec.title.strip():
        return _invalid("a work needs a title (--title)")
    if not spec.authors and not (spec.kind == "book" and spec.editors):
        who = "an author or an editor" if spec.kind == "book" else "an author"
        return _invalid(f"a {spec.kind} needs {who} (--author, --editor)")
    parent = None
    if spec.crossref:
        if spec.kind != "chapter":
            return _invalid("only a chapter names its book with --crossref")
        parent = library.get(spec.crossref)
        if parent is None:
            near = library.near(spec.crossref)
            hint = f" (did you mean {', '.join(near)}?)" if near else ""
            return _invalid(f"--crossref: no entry with key '{spec.crossref}'{hint}")
    if spec.kind == "article" and not spec.container:
        return _invalid("an article needs its journal (--journal)")
    if spec.kind == "chapter" and not (spec.container or parent):
        return _invalid("a chapter needs its book (--book TITLE, or --crossref KEY of the book)")
    item: CslItem = {"id": "", "type": KINDS[spec.kind], "title": spec.title.strip()}
    if spec.authors:
        item["author"] = [_person(a) for a in spec.authors]
    if spec.editors:
        item["editor"] = [_person(e) for e in spec.editors]
    if spec.container:
        item["container-title"] = spec.container
    if spec.publisher:
        item["publisher"] = spec.publisher
    if spec.year:
        item["issued"] = {"date-parts": [[int(spec.year)]]} if spec.year.isdigit() else None
        if item["issued"] is None:
            return _invalid(f"--year must be a year, not '{spec.year}'")
    if spec.isbn:
        item["ISBN"] = spec.isbn
    if spec.url:
        item["URL"] = spec.url
    item["status"] = spec.pubstate.csl_status
    is_taken = taken or (lambda key: library.get(key) is not None)
    state = spec.pubstate.value
    key = to_bibtex.make_key(
        item, is_taken, "{author}{year}" if spec.year else f"{{author}}-{state}"
    )
    reference = to_bibtex.to_reference(item, key)
    if parent is not None:
        reference = reference._replace(fields=(*reference.fields, ("crossref", parent.key)))
    return RecordPlan(RecordStatus.READY, reference)


def states() -> Sequence[str]:
    return [state.value for state in PubState]
