"""Finding the same work twice: by DOI, by ISBN, and by title, creators and year.

Two entries are the same work when

- they share a DOI (compared ignoring case and form: ``doi:``, ``https://doi.org/…``), or
- they share an ISBN (ISBN-10 and ISBN-13 compared as ISBN-13), or
- neither identifier tells them apart (they do not both have DOIs, or both ISBNs, that
  differ), their years agree (or one has none yet, as a work in press; a date written as
  text agrees only with the same text, or with none), they share at least
  half of the smaller list of creators' family names (so initials, given names and order do
  not matter), no edition or volume differs, and their titles are alike after normalising
  case, accents, punctuation and LaTeX: rapidfuzz's ``fuzz.ratio`` of at least
  :data:`TITLE_SIMILARITY`, on the whole titles or on one's main title (before a colon, a
  dash or a question mark) against the other's whole title (a copy that lost its subtitle).

Two entries are never one work by title when one is a thesis and the other is not (the paper
or book drawn from a thesis keeps its title and its author), or when one title names a
companion of the other ("…: Supplementary Material", "Erratum", "Reply to …") and the other
does not.

The fuzzy comparison is blocked: an entry is compared only with entries sharing a creator's
family name and the year (or with no year), so a 20,000-entry library costs a few
comparisons per entry, not 200 million.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from readinglist.bibtex import latex
from readinglist.errors import ReadingListError
from readinglist.identifiers import doi_key, normalize_doi, parse_isbn
from readinglist.model import Problem, Reference, Severity

TITLE_SIMILARITY = 92.0  # rapidfuzz ratio, 0..100
MAX_BLOCKS = 3  # an entry is filed under its first three creators' family names


class Reason(StrEnum):
    DOI = "doi"
    ISBN = "isbn"
    TITLE = "title"  # title, creators and year


@dataclass(frozen=True)
class Duplicate:
    """An existing entry that a new or another entry duplicates, and why we think so."""

    key: str
    reason: Reason
    detail: str

    def describe(self) -> str:
        """For add and import: what is in the library already, and under which key."""
        return f"{self.detail} is already in the library as '{self.key}'"


@dataclass(frozen=True)
class Fingerprint:
    """What two entries are compared on, normalised once."""

    key: str
    dois: frozenset[str]
    isbns: frozenset[str]
    title: str
    main: str  # the title before its subtitle; "" when it has none
    families: tuple[str, ...]
    year: str
    when: str  # a date written as text with no year in it ("300 BC", "Spring"), normalised
    edition: str
    volume: str
    thesis: bool = False
    companion: frozenset[str] = frozenset()


def _text(value: str) -> str:
    """A field's text: LaTeX read (only where there is a command: braces that just protect
    case are dropped, which is all a comparison needs)."""
    if "\\" in value:
        return latex.to_text(value)
    return value.replace("{", "").replace("}", "").replace("~", " ")


def _plain(text: str) -> str:
    """Lower case, no accents, punctuation as spaces: what two copies of a title share."""
    text = _text(text)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold().replace("&", " and ")
    return " ".join(_PUNCTUATION.sub(" ", text).split())


_PUNCTUATION = re.compile(r"[\W_]+")
# What stands for no date yet: a work in press (pubstate's words) or "n.d.".
_NO_DATE = re.compile(
    r"(?i)^\W*(in\s*press|forthcoming|submitted|accepted|in\s*preparation|n\.?\s*d\.?|"
    r"no\s+date|undated)?\W*$"
)


# Words and phrases of a title that name a companion of a work, never the work itself: its
# supplement, a correction of it, a reply to it. Matched on normalised titles (lower case,
# punctuation as spaces).
_COMPANION = re.compile(
    r"\b(supplement(?:s|ary|al)?|appendix|appendices|errat(?:um|a)|corrigend(?:um|a)|"
    r"retract(?:ion|ed)|correction to|reply to|response to|rejoinder|comments? on|"
    r"commentary on)\b"
)
_THESES = frozenset({"phdthesis", "mastersthesis", "thesis"})

_SUBTITLE = re.compile(r"\s*[:;?!.–—]\s+|\s+-{1,3}\s+")


def _isbns(value: str) -> frozenset[str]:
    out = set()
    for candidate in re.findall(r"[\dXx][\d\s-]{8,16}[\dXx]", value):
        try:
            out.add(parse_isbn(candidate))
        except ReadingListError:
            continue
    return frozenset(out)


def _people(value: str) -> list[str]:
    """The names of a BibTeX name list, split at top-level "and" (not inside braces)."""
    if "{" not in value:
        return re.split(r"\s+and\s+", value)
    out, depth, start = [], 0, 0
    for match in re.finditer(r"[{}]|\s+and\s+", value):
        token = match.group(0)
        if token == "{":
            depth += 1
        elif token == "}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            out.append(value[start : match.start()])
            start = match.end()
    out.append(value[start:])
    return out


def _families(value: str) -> tuple[str, ...]:
    """Each creator's family name, reduced to its last word ("van der Berg" and "Berg, A."
    alike), without accents; given names and initials are ignored. A braced name
    (``{World Health Organization}``) is kept whole."""
    out = []
    for person in _people(value):
        family = _family(person.strip())
        if family:
            out.append(family)
    return tuple(out)


@functools.lru_cache(maxsize=65_536)  # the same people recur across a library
def _family(person: str) -> str:
    if person.startswith("{") and person.endswith("}") and "," not in person:
        return _plain(person).replace(" ", "")
    words = _plain(person.split(",", 1)[0] if "," in person else person).split()
    return words[-1] if words else ""


def fingerprint(reference: Reference) -> Fingerprint:
    title_text = _text(reference.get("title") or "")
    subtitle = reference.get("subtitle") or ""
    if subtitle:
        main, full = title_text, f"{title_text}: {_text(subtitle)}"
    else:
        parts = _SUBTITLE.split(title_text, maxsplit=1)
        main, full = (parts[0], title_text) if len(parts) == 2 and parts[1] else ("", title_text)
    written = (reference.get("year") or reference.get("date") or "").strip()
    # A year written in a literal date ("Spring 2019", "1910--1913") is its year.
    year = re.search(r"(?<!\d)\d{4}(?!\d)", written)
    doi = normalize_doi(reference.get("doi") or "")
    title = _plain(full)
    return Fingerprint(
        key=reference.key,
        dois=frozenset({doi_key(doi)} if doi else ()),
        isbns=_isbns(reference.get("isbn") or ""),
        title=title,
        main=_plain(main),
        families=_families(reference.get("author") or reference.get("editor") or ""),
        year=year.group(0) if year else "",
        when="" if year or _NO_DATE.match(written) else _plain(written),
        edition=_plain(reference.get("edition") or ""),
        volume=_plain(reference.get("volume") or ""),
        thesis=reference.entry_type.lower() in _THESES,
        companion=frozenset(m.group(0)[:6] for m in _COMPANION.finditer(title)),
    )


def _title_alike(a: Fingerprint, b: Fingerprint) -> float:
    from rapidfuzz import fuzz  # imported on first comparison: most commands never compare

    pairs = [(a.title, b.title)]
    if a.main:
        pairs.append((a.main, b.title))
    if b.main:
        pairs.append((a.title, b.main))
    return max(fuzz.ratio(x, y) for x, y in pairs if x and y) if a.title and b.title else 0.0


def same_work(a: Fingerprint, b: Fingerprint) -> float:
    """The title similarity (0..100) when `a` and `b` are one work by title, creators and
    year; 0 when they are not."""
    if (a.dois and b.dois) or (a.isbns and b.isbns):
        return 0.0  # both identified, differently: the registries say they differ
    if a.thesis != b.thesis or a.companion != b.companion:
        return 0.0  # a thesis and its paper; a work and its supplement, erratum or reply
    if a.year and b.year and a.year != b.year:
        return 0.0
    if (a.when or b.when) and a.when != b.when and (a.year or a.when) and (b.year or b.when):
        return 0.0  # dates written as text ("300 BC", "Spring") that differ from the other's
    if bool(a.families) != bool(b.families):
        return 0.0
    if a.families:
        shared = len(set(a.families) & set(b.families))
        if shared * 2 < min(len(set(a.families)), len(set(b.families))):
            return 0.0
    elif not (a.year and b.year):
        return 0.0  # no creators to compare: the year must say it
    for mine, theirs in ((a.edition, b.edition), (a.volume, b.volume)):
        if mine and theirs and mine != theirs:
            return 0.0
    similarity = _title_alike(a, b)
    return similarity if similarity >= TITLE_SIMILARITY else 0.0


def _blocks(fp: Fingerprint) -> list[str]:
    """The blocks `fp` is filed under: each of its first creators' family names with its
    year ("" when it has none); with no creators, the start of its title and its year."""
    if fp.families:
        return [f"{family}|{fp.year}" for family in dict.fromkeys(fp.families[:MAX_BLOCKS])]
    return [f"title:{(fp.main or fp.title)[:12]}|{fp.year}"]


@dataclass
class _Block:
    works: list[Fingerprint] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)  # whole titles, for rapidfuzz
    mains: list[str] = field(default_factory=list)  # main titles ("" when none)


class DuplicateIndex:
    """The works of a library, to ask whether another work is among them."""

    def __init__(self, references: Iterable[Reference] = ()) -> None:
        self._doi: dict[str, str] = {}
        self._isbn: dict[str, str] = {}
        # Works with a DOI and works without one are kept apart: two works that both have
        # a DOI are never compared by title (their DOIs already tell whether they are one).
        self._blocks: dict[tuple[str, bool], _Block] = defaultdict(_Block)
        self._years: dict[str, set[str]] = defaultdict(set)  # family -> its blocks' years
        self.compared = 0  # titles scored so far: what blocking keeps near-linear
        for reference in references:
            self.add(fingerprint(reference))

    def add(self, fp: Fingerprint) -> None:
        for doi in fp.dois:
            self._doi.setdefault(doi, fp.key)
        for isbn in fp.isbns:
            self._isbn.setdefault(isbn, fp.key)
        for name in _blocks(fp):
            block = self._blocks[name, bool(fp.dois)]
            block.works.append(fp)
            block.titles.append(fp.title)
            block.mains.append(fp.main)
            family, year = name.rsplit("|", 1)
            self._years[family].add(year)

    def find_isbn(self, isbn: str) -> str | None:
        return self._isbn.get(isbn)

    def _candidates(self, fp: Fingerprint) -> Iterator[Fingerprint]:
        """Works of `fp`'s blocks whose title is alike, found by rapidfuzz in C."""
        from rapidfuzz import fuzz, process

        names: list[str] = []
        for name in _blocks(fp):
            family, year = name.rsplit("|", 1)
            years = [year, ""] if year else sorted(self._years.get(family, ()))
            names.extend(f"{family}|{y}" for y in dict.fromkeys(years))
        kinds = (False,) if fp.dois else (False, True)
        for name in dict.fromkeys(names):
            for kind in kinds:
                block = self._blocks.get((name, kind))
                if block is None:
                    continue
                hits: set[int] = set()
                queries = [(fp.title, block.titles), (fp.title, block.mains)]
                if fp.main:
                    queries.append((fp.main, block.titles))
                for query, choices in queries:
                    self.compared += len(choices)
                    for _, _, index in process.extract(
                        query,
                        choices,
                        scorer=fuzz.ratio,
                        score_cutoff=TITLE_SIMILARITY,
                        limit=None,
                    ):
                        hits.add(index)
                for index in sorted(hits):
                    yield block.works[index]

    def find(self, fp: Fingerprint) -> Duplicate | None:
        """The entry that `fp` duplicates, if any (never `fp`'s own key)."""
        for doi in sorted(fp.dois):
            if doi in self._doi and self._doi[doi].casefold() != fp.key.casefold():
                return Duplicate(self._doi[doi], Reason.DOI, f"DOI {doi}")
        for isbn in sorted(fp.isbns):
            if isbn in self._isbn and self._isbn[isbn].casefold() != fp.key.casefold():
                return Duplicate(self._isbn[isbn], Reason.ISBN, f"ISBN {isbn}")
        if not fp.title:
            return None
        best: tuple[float, str] = (0.0, "")
        for other in self._candidates(fp):
            if other.key.casefold() == fp.key.casefold():
                continue
            similarity = same_work(fp, other)
            if similarity > best[0]:
                best = (similarity, other.key)
        if best[1]:
            return Duplicate(
                best[1],
                Reason.TITLE,
                f"a work of the same title, creators and year (titles {best[0]:.0f}% alike)",
            )
        return None


def check(references: Sequence[Reference], index: DuplicateIndex | None = None) -> list[Problem]:
    """A warning for each entry that looks like a duplicate of an earlier one, naming both."""
    index = DuplicateIndex() if index is None else index
    problems = []
    for reference in references:
        fp = fingerprint(reference)
        found = index.find(fp)
        if found is not None:
            why = found.detail if found.reason == Reason.TITLE else f"the same {found.detail}"
            if found.reason == Reason.TITLE:
                why = why.replace("a work of the same", "the same", 1)
            problems.append(
                Problem(
                    reference.path,
                    reference.line,
                    f"entries '{found.key}' and '{reference.key}' look like one work: {why}; "
                    f"keep one (readinglist remove KEY) or tell them apart",
                    key=reference.key,
                    severity=Severity.WARNING,
                )
            )
        index.add(fp)
    return problems
