"""Bringing references in (``add``, ``import``) and checking them against registries
(``verify``).

Every path goes through CSL-JSON: a registry record, an RIS record or a CSL-JSON item becomes
an item, and :func:`readinglist.csl.to_bibtex.to_reference` makes the BibTeX entry. A work
already in the library (same DOI in any case or form, same ISBN, or the same title, creators
and year: :mod:`readinglist.ops.duplicates`) is not added twice.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from readinglist import richtext
from readinglist.bibtex import bibfile, latex
from readinglist.csl import foreign, from_bibtex, ris, to_bibtex
from readinglist.csl.bib_types import with_schema_type
from readinglist.csl.from_bibtex import CslItem
from readinglist.errors import declared_encoding, not_utf8
from readinglist.identifiers import Identifier, doi_key, is_doi, normalize_doi
from readinglist.library import Library, read_text
from readinglist.model import Problem, Reference, Severity
from readinglist.ops.duplicates import DuplicateIndex, fingerprint
from readinglist.registry.records import Notice


@dataclass(frozen=True)
class Outcome:
    """What happened to one incoming reference."""

    source: str  # the DOI, ISBN or file:line it came from
    status: str  # "added", "duplicate" or "failed"
    key: str = ""
    message: str = ""
    reference: Reference | None = None


@dataclass
class Batch:
    """New entries planned for one library, with keys that collide neither with the library
    nor with each other."""

    library: Library
    key_pattern: str = "{author}{year}"
    force: bool = False
    outcomes: list[Outcome] = field(default_factory=list)
    _keys: set[str] = field(default_factory=set)
    _dois: dict[str, str] = field(default_factory=dict)
    _works: DuplicateIndex | None = None

    @property
    def works(self) -> DuplicateIndex:
        """The library's works (and this batch's), for finding duplicates without a DOI."""
        if self._works is None:
            self._works = DuplicateIndex(self.library.references)
        return self._works

    def duplicate_of(self, source: str, reference: Reference) -> Outcome | None:
        """A duplicate outcome when the library (or this batch) has the work already: same
        DOI, same ISBN, or the same title, creators and year."""
        if self.force:
            return None
        found = self.works.find(fingerprint(reference))
        if found is None:
            return None
        return self._record(
            Outcome(
                source,
                "duplicate",
                found.key,
                f"{found.describe()} (use --force to add it again)",
            )
        )

    def taken(self, key: str) -> bool:
        """Whether `key` is used, in the library or by an entry of this batch."""
        return self.library.get(key) is not None or key.casefold() in self._keys

    def existing_key_for_doi(self, doi: str) -> str:
        """The key of the entry (in the library or this batch) with `doi`, or ``""``."""
        found = self.library.find_doi(doi)
        if found is not None:
            return found.key
        return self._dois.get(doi_key(doi), "")

    def add_item(self, source: str, item: CslItem, key: str = "") -> Outcome:
        """Plan a CSL-JSON item as a new entry (author-year key) unless its DOI is already there."""
        doi = str(item.get("DOI") or "")
        if doi and not self.force:
            existing = self.existing_key_for_doi(doi)
            if existing:
                return self._record(
                    Outcome(
                        source,
                        "duplicate",
                        existing,
                        f"DOI {doi} is already in the library as "
                        f"'{existing}' (use --force to add it again)",
                    )
                )
        if not key or not foreign.is_valid_key(key) or self.taken(key):
            key = to_bibtex.make_key(item, self.taken, self.key_pattern)
        reference = to_bibtex.to_reference(item, key)
        return self.duplicate_of(source, reference) or self._accept(source, reference, doi)

    def add_reference(self, source: str, reference: Reference) -> Outcome:
        """A BibTeX entry from another file: its fields kept, its key kept when free."""
        doi = normalize_doi(reference.get("doi") or "")
        if doi and not self.force and self.existing_key_for_doi(doi):
            existing = self.existing_key_for_doi(doi)
            return self._record(
                Outcome(
                    source,
                    "duplicate",
                    existing,
                    f"DOI {doi} is already in the library as '{existing}'",
                )
            )
        mine = self.library.get(reference.key)
        if mine is not None and _same_work(mine, reference):
            return self._record(
                Outcome(
                    source, "duplicate", mine.key, f"'{reference.key}' is already in the library"
                )
            )
        if self.taken(reference.key):
            key = to_bibtex.make_key(from_bibtex.to_csl(reference), self.taken, self.key_pattern)
            reference = reference._replace(key=key)
        # Control characters (an escape sequence) are never stored: they become spaces.
        fields = tuple((k, foreign.without_control(v)) for k, v in reference.fields)
        reference = reference._replace(fields=fields, path=None, line=None)
        return self.duplicate_of(source, reference) or self._accept(source, reference, doi)

    def skip(self, source: str, key: str, message: str) -> Outcome:
        """Record that `source` is a work already planned or in the library, as `key`."""
        return self._record(Outcome(source, "duplicate", key, message))

    def fail(self, source: str, message: str) -> Outcome:
        """Record that `source` could not be read or fetched."""
        return self._record(Outcome(source, "failed", message=message))

    def _accept(self, source: str, reference: Reference, doi: str) -> Outcome:
        self._keys.add(reference.key.casefold())
        self.works.add(fingerprint(reference))
        if doi:
            self._dois[doi_key(doi)] = reference.key
        return self._record(Outcome(source, "added", reference.key, reference=reference))

    def _record(self, outcome: Outcome) -> Outcome:
        self.outcomes.append(outcome)
        return outcome

    @property
    def added(self) -> list[Reference]:
        return [o.reference for o in self.outcomes if o.status == "added" and o.reference]


def _same_work(a: Reference, b: Reference) -> bool:
    def norm(r: Reference) -> tuple[str, str]:
        title = re.sub(r"\W+", " ", latex.to_text(r.get("title") or "")).casefold().strip()
        return title, latex.to_text(r.get("year") or r.get("date") or "")[:4]

    return norm(a) == norm(b)


# --- reading files ------------------------------------------------------------------------


def csl_json_warnings(
    path: Path, item: CslItem, index: int, problems: list[Problem]
) -> foreign.Warn:
    """A `warn` for :func:`readinglist.csl.foreign.well_formed` that adds a warning naming
    the file, the item (its id, else its place in the file) and the variable to `problems`."""
    name = foreign.without_control(foreign.scalar(item.get("id")))[:60]
    where = f"item {name!r}" if name else f"item #{index}"

    def warn(variable: str, message: str) -> None:
        problems.append(
            Problem(path, None, f"{where}: {variable}: {message}", name, Severity.WARNING)
        )

    return warn


def read_import_file(path: Path, batch: Batch) -> list[Problem]:
    """Queue every reference of a BibTeX, RIS or CSL-JSON file; returns the file's problems."""
    try:
        text = read_text(path).removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        # An older JabRef library in the encoding its header declares ("% Encoding: Cp1252")
        # is read in it, and imported as UTF-8, as the library is kept; the user is told.
        data = bytes(exc.object)
        declared = declared_encoding(data)
        try:
            text = data.decode(declared) if declared else ""
        except (UnicodeDecodeError, LookupError):
            declared = None
        if not declared:
            return [Problem(path, *not_utf8(exc))]
        note = f"read as {declared}, the encoding its header declares (imported as UTF-8)"
        return [
            Problem(path, None, note, severity=Severity.WARNING),
            *_read_import_text(path, text, batch),
        ]
    except OSError as exc:
        return [Problem(path, None, f"cannot be read: {exc.strerror}")]
    return _read_import_text(path, text, batch)


def _read_import_text(path: Path, text: str, batch: Batch) -> list[Problem]:
    suffix = path.suffix.lower()
    if suffix in (".json", ".csljson") or text.lstrip().startswith("["):
        try:
            data = json.loads(text)
        except ValueError as exc:
            return [Problem(path, getattr(exc, "lineno", None), f"not valid JSON: {exc}")]
        except RecursionError:
            return [Problem(path, 1, "not CSL-JSON: arrays or objects nested too deeply")]
        if not isinstance(data, list):
            return [Problem(path, 1, "CSL-JSON must be a list of items")]
        problems: list[Problem] = []
        for index, item in enumerate(data, 1):
            if not isinstance(item, dict):
                batch.fail(f"{path}#{index}", "not a CSL-JSON item")
                continue
            item = foreign.well_formed(item, index, csl_json_warnings(path, item, index, problems))
            # The key another program gave it, when it is a valid BibTeX key.
            keys = [k for k in foreign.key_candidates(item) if foreign.is_valid_key(k)]
            batch.add_item(f"{path}#{index}", item, keys[0] if keys else "")
        return problems
    if suffix == ".ris" or re.match(r"\s*TY  - ", text):
        result = ris.parse(text, path)
        for index, item in enumerate(result.items, 1):
            batch.add_item(f"{path}#{index}", item)
        return result.problems
    bib = bibfile.parse(text, path)
    # An entry whose key an earlier one of the file has (Mendeley exports hold thousands) is
    # not lost: a copy of that entry is skipped, another work gets a key of its own.
    taken = {id(problem) for _, problem in bib.repeated}
    firsts = {reference.key.casefold(): reference for reference in bib.references}
    repeats = {id(reference) for reference, _ in bib.repeated}
    everything = [*bib.references, *(reference for reference, _ in bib.repeated)]
    for reference in sorted(everything, key=lambda r: r.line or 0):
        source = f"{path}:{reference.line}"
        first = firsts.get(reference.key.casefold())
        if id(reference) in repeats and first is not None and _same_entry(first, reference):
            message = f"a copy of '{first.key}' at line {first.line} of the same file"
            batch.skip(source, first.key, message)
        else:
            batch.add_reference(source, reference)
    # An entry read all the same (a field given twice) is added: its error is no failure.
    return [
        problem._replace(severity=Severity.WARNING)
        if problem.message.endswith(bibfile.READ_ANYWAY)
        else problem
        for problem in bib.problems
        if id(problem) not in taken
    ]


def _same_entry(a: Reference, b: Reference) -> bool:
    """Whether two entries say the same: type, and every field's value, in any order."""
    return a.entry_type == b.entry_type and sorted(a.fields) == sorted(b.fields)


# --- verify -------------------------------------------------------------------------------

COMPARED = (
    "type",
    "authors",
    "title",
    "year",
    "container",
    "volume",
    "issue",
    "pages",
    "publisher",
)


@dataclass(frozen=True)
class FieldChange:
    name: str
    ours: str
    theirs: str


def _facts(item: CslItem) -> dict[str, str]:
    names = item.get("author") or item.get("editor") or []
    families = ", ".join(str(n.get("family") or n.get("literal") or "") for n in names)
    parts = ((item.get("issued") or {}).get("date-parts") or [[]])[0]
    return {
        "type": str(with_schema_type(item)["type"]),
        "authors": families,
        "title": richtext.strip_tags(str(item.get("title", ""))),
        "year": str(parts[0]) if parts else "",
        "container": richtext.strip_tags(str(item.get("container-title", ""))),
        "volume": str(item.get("volume", "")),
        "issue": str(item.get("issue", "")),
        "pages": str(item.get("page", "")).replace("–", "-"),
        "publisher": str(item.get("publisher", "")),
    }


def _same(name: str, ours: str, theirs: str) -> bool:
    if name in ("title", "container", "publisher", "authors"):

        def fold(s: str) -> str:
            return re.sub(r"[\W_]+", " ", s).casefold().strip()

        return fold(ours) == fold(theirs)
    return ours.strip() == theirs.strip()


def compare(ours: CslItem, theirs: CslItem) -> list[FieldChange]:
    """The compared facts on which our entry and the registry's record disagree. Facts the
    registry does not give (a publisher for a journal article) are not differences."""
    mine, registry = _facts(ours), _facts(theirs)
    return [
        FieldChange(name, mine[name], registry[name])
        for name in COMPARED
        if registry[name] and not _same(name, mine[name], registry[name])
    ]


_FIELDS_OF = {
    "authors": ("author",),
    "title": ("title", "subtitle"),
    "year": ("year", "date", "month"),
    "container": ("journal", "journaltitle", "booktitle"),
    "volume": ("volume",),
    "issue": ("number", "issue"),
    "pages": ("pages",),
    "publisher": ("publisher",),
}


def apply_changes(
    reference: Reference, theirs: CslItem, changes: Sequence[FieldChange]
) -> Reference:
    """`reference` with the registry's values for the changed facts. The key, the field
    order and every field not compared (notes, local fields) stay as they are: a fact's
    fields are replaced where the first of them stood."""
    registry = to_bibtex.to_reference(theirs, reference.key)
    fields = list(reference.fields)
    entry_type = reference.entry_type
    for change in changes:
        if change.name == "type":
            entry_type = registry.entry_type
            continue
        targets = _FIELDS_OF[change.name]
        if change.name == "authors" and registry.get("author") is None:
            targets = ("editor",)
        incoming = [(k, v) for k, v in registry.fields if k in targets]
        slot = next((i for i, (k, _) in enumerate(fields) if k in targets), len(fields))
        kept = [(k, v) for k, v in fields[:slot] if k not in targets]
        rest = [(k, v) for k, v in fields[slot:] if k not in targets]
        fields = kept + incoming + rest
    return reference._replace(entry_type=entry_type, fields=tuple(fields))


RETRACTION_FIELD = "retraction"


def record_retraction(reference: Reference, notices: Sequence[Notice]) -> Reference:
    """The entry with a ``retraction`` field naming the notice, when the registry reports a
    retraction (so that `render` can warn without asking the network); else unchanged."""
    retractions = [n["DOI"] for n in notices if n.get("type") == "retraction" and n.get("DOI")]
    if not retractions or reference.get(RETRACTION_FIELD) == retractions[0]:
        return reference
    fields = [(k, v) for k, v in reference.fields if k != RETRACTION_FIELD]
    return reference._replace(fields=(*fields, (RETRACTION_FIELD, retractions[0])))


def dois_of(references: Iterable[Reference]) -> list[tuple[Reference, str]]:
    """Each entry that has a DOI, with its DOI in the normal form."""
    out = []
    for reference in references:
        doi = normalize_doi(reference.get("doi") or "")
        if is_doi(doi):  # a malformed DOI is never requested; `check` reports it
            out.append((reference, doi))
    return out


def diff_lines(old: str, new: str, name: str) -> list[str]:
    """A unified diff of a file's old and new text, labelled with `name`."""
    import difflib

    return list(
        difflib.unified_diff(
            old.splitlines(), new.splitlines(), f"a/{name}", f"b/{name}", lineterm=""
        )
    )


Progress = Callable[[Any], None]


def known_identifiers(library: Library) -> Callable[[Identifier], str]:
    """A function giving the key of the entry that has a DOI or ISBN already ("" if none), so
    that `add` does not even fetch what the library has (ISBN-10 and -13 as one)."""
    works: list[DuplicateIndex] = []

    def key_of(identifier: Identifier) -> str:
        if identifier.kind == "doi":
            found = library.find_doi(identifier.value)
            return found.key if found is not None else ""
        if not works:
            works.append(DuplicateIndex(library.references))
        return works[0].find_isbn(identifier.value) or ""

    return key_of
