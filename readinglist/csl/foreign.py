"""CSL-JSON as other programs write it -> well-formed CSL-JSON items.

Zotero, Better BibTeX, Mendeley and hand-made files put ``null`` where text belongs, lists
where one value belongs, names as strings, dates as strings or numbers, and ``date-parts``
that are not numbers. Everything that reads a CSL-JSON file (``import``, ``format``) passes its
items through here first, so the conversions and citeproc-py only see what CSL 1.0.2 defines.
"""

from __future__ import annotations

import re
from typing import Any

from readinglist.bibtex.names import OTHERS, parse_names
from readinglist.csl.from_bibtex import parse_date

CslItem = dict[str, Any]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def without_control(text: str) -> str:
    """`text` with control characters other than tab and line ends as spaces."""
    return _CONTROL.sub(" ", text)


def scalar(value: Any) -> str:
    """A CSL-JSON value as text, whatever other tools put there: None and objects are empty
    (never the text "None"), a list is its first value (registries send ISSNs and titles as
    lists), numbers are written as numbers. Control characters (an escape sequence that
    would recolour a terminal) become spaces, as in every value read from a .bib file."""
    if isinstance(value, list):
        value = next((v for v in value if scalar(v)), "")
    if value is None or isinstance(value, (bool, dict)):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = value if isinstance(value, str) else str(value) if isinstance(value, int | float) else ""
    return " ".join(_CONTROL.sub(" ", text).split()) if _CONTROL.search(text) else text.strip()


def date_parts(value: Any) -> list[list[int]]:
    """The date-parts of a CSL-JSON date, each part an int; what is not a date gives []."""
    if isinstance(value, dict):
        value = value.get("date-parts")
    if not isinstance(value, list):
        return []
    out = []
    for part in value[:2]:
        numbers: list[int] = []
        for x in part if isinstance(part, list) else []:
            text = scalar(x)
            if not re.fullmatch(r"-?\d{1,4}", text):
                break
            numbers.append(int(text))
        if numbers:
            out.append(numbers)
    return out


def literal_date(value: Any) -> str:
    """A date given as text (``"literal"``, ``"raw"``, a bare string or number)."""
    if isinstance(value, dict):
        return scalar(value.get("literal")) or scalar(value.get("raw"))
    return scalar(value) if isinstance(value, (str, int)) else ""


# biber's rule for a citation key (btparse's NAME token, with letters of any script).
_VALID_KEY = re.compile(r"[\w!$&*+\-./:;<>?\[\]^`|]+")
CITATION_KEY_NOTE = re.compile(r"^\s*Citation Key:\s*(\S+)\s*$", re.IGNORECASE | re.MULTILINE)


def is_valid_key(key: str) -> bool:
    """Whether `key` can stand as a BibTeX key: biber's characters, no space, brace, comma,
    quote, ``%``, ``#``, ``=``, parenthesis or backslash."""
    return len(key) <= 200 and _VALID_KEY.fullmatch(key) is not None


def key_candidates(item: CslItem) -> list[str]:
    """The keys another tool gave an item, best first: CSL's ``citation-key`` (Zotero), a
    ``Citation Key:`` line in the note (Better BibTeX), then the ``id``."""
    note = item.get("note")
    found = CITATION_KEY_NOTE.search(note) if isinstance(note, str) else None
    candidates = [
        scalar(item.get("citation-key")),
        scalar(item.get("citation_key")),
        found.group(1) if found else "",
        scalar(item.get("id")),
    ]
    return [c for c in candidates if c]


_NAME_PARTS = ("family", "given", "dropping-particle", "non-dropping-particle", "suffix", "literal")
_NAME_VARIABLES = {
    "author",
    "editor",
    "translator",
    "container-author",
    "collection-editor",
    "composer",
    "director",
    "editorial-director",
    "illustrator",
    "interviewer",
    "original-author",
    "recipient",
    "reviewed-author",
    "chair",
    "compiler",
    "contributor",
    "curator",
    "executive-producer",
    "guest",
    "host",
    "narrator",
    "organizer",
    "performer",
    "producer",
    "script-writer",
    "series-creator",
}
_DATE_VARIABLES = {
    "issued",
    "accessed",
    "original-date",
    "event-date",
    "submitted",
    "available-date",
}


def _csl_name(name: Any) -> list[dict[str, str]]:
    if isinstance(name, str):
        return [
            {"literal": "others"}
            if p is OTHERS
            else {"literal": p.literal}
            if p.literal
            else {
                k: v
                for k, v in (
                    ("family", p.family),
                    ("given", p.given),
                    ("dropping-particle", p.particle),
                    ("suffix", p.suffix),
                )
                if v
            }
            for p in parse_names(name)
        ]
    if not isinstance(name, dict):
        return []
    parts = {k: scalar(name.get(k)) for k in _NAME_PARTS}
    parts = {k: v for k, v in parts.items() if v}
    return [parts] if parts else []


def _csl_date(value: Any) -> dict[str, Any] | None:
    parts = date_parts(value)
    if parts:
        return {"date-parts": parts}
    literal = literal_date(value)
    if re.fullmatch(r"-?\d{1,4}(-\d{1,2}){0,2}(/-?\d{1,4}(-\d{1,2}){0,2})?", literal):
        return parse_date(literal)  # "2020", "2020-03-04", "1992/1993": ISO 8601, as biblatex
    return {"literal": literal} if literal else None


def well_formed(item: CslItem, index: int) -> CslItem:
    """`item` as CSL 1.0.2 defines it: an id (``item-N`` when it has none), a type, names as
    lists of name objects, dates as ``date-parts`` of numbers or a literal, every other
    variable as text. What cannot be read as its kind is left out."""
    out: CslItem = {
        "id": scalar(item.get("id")) or f"item-{index}",
        "type": scalar(item.get("type")),
    }
    for name, value in item.items():
        if name in ("id", "type") or not isinstance(name, str):
            continue
        if name in _NAME_VARIABLES:
            people = [
                p for n in (value if isinstance(value, list) else [value]) for p in _csl_name(n)
            ]
            if people:
                out[name] = people
        elif name in _DATE_VARIABLES:
            date = _csl_date(value)
            if date:
                out[name] = date
        elif scalar(value):
            out[name] = scalar(value)
    return out
