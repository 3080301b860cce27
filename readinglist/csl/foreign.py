"""CSL-JSON as other programs write it -> well-formed CSL-JSON items.

Zotero, Better BibTeX, Mendeley and hand-made files put ``null`` where text belongs, lists
where one value belongs, names as strings, dates as strings or numbers, and ``date-parts``
that are not numbers. Everything that reads a CSL-JSON file (``import``, ``format``) passes its
items through here first, so the conversions and citeproc-py only see what CSL 1.0.2 defines.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
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


Warn = Callable[[str, str], None]  # (variable, what happened to its value)


def _ignore(variable: str, message: str) -> None:
    pass


def _shown(value: Any) -> str:
    """A value as one short line of JSON, for a warning."""
    text = without_control(json.dumps(value, ensure_ascii=False, default=str))
    return text if len(text) <= 60 else text[:57] + "..."


def _texts(value: Any, depth: int = 0) -> list[str]:
    """Every piece of text (strings and numbers) inside `value`, in order."""
    if depth > 50:
        return []
    if isinstance(value, list):
        return [t for v in value for t in _texts(v, depth + 1)]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v, depth + 1)]
    text = scalar(value)
    return [text] if text else []


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "a number" if isinstance(value, int | float) else "text"


# Keys of a CSL-JSON name that are no part of the name (CSL-JSON schema, CrossRef's records).
_NAME_EXTRAS = {
    "comma-suffix",
    "static-ordering",
    "parse-names",
    "sequence",
    "affiliation",
    "ORCID",
    "authenticated-orcid",
    "isInstitution",
}


def _name_from_text(text: str) -> list[dict[str, str]]:
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
        for p in parse_names(text)
    ]


def _csl_name(name: Any, warn: Callable[[str], None], depth: int = 0) -> list[dict[str, str]]:
    if name is None or name == "":
        return []
    if isinstance(name, str):
        people = _name_from_text(name)
        warn(f"names given as text {_shown(name)}, read as BibTeX names")
        return people
    if isinstance(name, list) and depth < 50:
        return [p for n in name for p in _csl_name(n, warn, depth + 1)]
    if not isinstance(name, dict):
        text = " ".join(_texts(name))
        warn(f"a name given as {_kind(name)} {_shown(name)}" + (", left out" if not text else ""))
        return [{"literal": text}] if text else []
    parts: dict[str, str] = {}
    others = [k for k, v in name.items() if k not in _NAME_PARTS + tuple(_NAME_EXTRAS)]
    for key, value in name.items():
        if key not in _NAME_PARTS:
            continue
        text = scalar(value) if not isinstance(value, list | dict) else " ".join(_texts(value))
        if isinstance(value, list | dict | bool) and value not in ([], {}):
            kept = f"kept as {text!r}" if text else "left out"
            warn(f"{key!r} of a name given as {_kind(value)} {_shown(value)}, {kept}")
        if text:
            parts[key] = text
    unknown = " ".join(t for k in others for t in _texts(name[k]))
    if unknown and parts:
        warn(f"{', '.join(others)} no part of a CSL name, left out of {_shown(name)}")
    elif unknown:
        warn(f"a name without CSL name parts {_shown(name)}, kept as {unknown!r}")
        return [{"literal": unknown}]
    return [parts] if parts else []


def _numbers(part: Any) -> list[int] | None:
    """One date-parts list (year, month, day) as ints; None when a part is not a number, or
    when the year is 0, which CSL does not have (1 BCE is -1: written to biblatex's EDTF, a
    year 0 would read back as 1 BCE). An empty or null part ends the list, as in Zotero's
    ``[2020, ""]``."""
    if not isinstance(part, list):
        return None
    numbers: list[int] = []
    for i, x in enumerate(part):
        text = scalar(x) if not isinstance(x, list | dict | bool) else "?"
        if not text:
            return None if _texts(part[i:]) else numbers
        if not re.fullmatch(r"-?\d{1,4}", text) or (i == 0 and int(text) == 0):
            return None
        numbers.append(int(text))
    return numbers


def _iso_or_literal(literal: str) -> dict[str, Any]:
    """A date written as text: ISO 8601 read as biblatex reads it ("2020-05"), any other
    text kept as a literal. A negative year stays text: ISO 8601 counts years astronomically
    ("-1000" is 1001 BCE) and CSL does not (-1000 is 1000 BCE), and which one a CSL-JSON
    file means cannot be told, so the year is printed as written."""
    if re.fullmatch(r"\d{1,4}(-\d{1,2}){0,2}(/\d{1,4}(-\d{1,2}){0,2})?", literal):
        return parse_date(literal) or {"literal": literal}
    return {"literal": literal}


_DATE_KEYS = ("date-parts", "literal", "raw", "season", "circa")


_SEASONS = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}
_FALSE = {"false", "0", "no"}


def _qualifiers(
    value: Any, parts: list[list[int]] | None, warn: Callable[[str], None]
) -> dict[str, Any]:
    """A CSL date's season and circa, as CSL 1.0.2 (Appendix IV, "Dates") has them: a season
    1 to 4 (spring to winter; EDTF's months 21 to 24 and the season's English name read as
    such) in a date of a year alone, and circa true. What a .bib cannot hold (a season with
    a month, a season or circa of a literal date) is told and left out."""
    if not isinstance(value, dict):
        return {}
    kept: dict[str, Any] = {}
    season, circa = value.get("season"), value.get("circa")
    if season is not None and season != "":
        text = scalar(season).lower()
        number = int(text) if text.isdigit() and len(text) <= 2 else _SEASONS.get(text, 0)
        number = (number - 1) % 4 + 1 if 13 <= number <= 16 or 21 <= number <= 24 else number
        if not parts:
            warn(f"the season {_shown(season)} of a literal date, left out")
        elif not 1 <= number <= 4:
            warn(f"the season {_shown(season)} is no season (1 to 4 or its name), left out")
        elif len(parts[0]) > 1:
            warn(f"the season {_shown(season)} of a date with a month, left out")
        else:
            kept["season"] = number
    if circa not in (None, ""):
        if circa is False or scalar(circa).lower() in _FALSE:
            warn(f"circa {_shown(circa)} is false, left out")
        elif not parts:
            warn(f"circa {_shown(circa)} of a literal date, left out")
        else:
            kept["circa"] = True
    return kept


def _csl_date(value: Any, warn: Callable[[str], None]) -> dict[str, Any] | None:
    if value is None or value in ("", [], {}):
        return None
    if isinstance(value, dict):
        unknown = [k for k, v in value.items() if k not in _DATE_KEYS and _texts(v)]
        if unknown:
            warn(f"{', '.join(map(repr, unknown))} no part of a CSL date, left out")
        odd = [
            k
            for k in _DATE_KEYS[1:]
            if isinstance(value.get(k), list | dict | bool) and _texts(value[k])
        ]
        if odd:
            warn(f"{', '.join(map(repr, odd))} of a date not text, only its first value read")
        written, raw_text = scalar(value.get("literal")), scalar(value.get("raw"))
        if written and raw_text and raw_text != written:
            warn(f"both a literal {written!r} and a raw date {raw_text!r}, the raw one left out")
    if isinstance(value, dict) and not _texts(value.get("date-parts")):
        literal = literal_date(value)
        if literal:
            date = _iso_or_literal(literal)
            return {**date, **_qualifiers(value, date.get("date-parts"), warn)}
        if _texts(value):
            warn(f"a date without date-parts or literal {_shown(value)}, left out")
        return None
    if not isinstance(value, dict | list):
        text = scalar(value)
        if not text:
            warn(f"a date given as {_kind(value)} {_shown(value)}, left out")
            return None
        date = _iso_or_literal(text)
        read = "read as ISO 8601" if "date-parts" in date else "kept as a literal date"
        warn(f"a date given as {_kind(value)} {_shown(value)}, not a date object; {read}")
        return date
    raw: Any = value.get("date-parts") if isinstance(value, dict) else value
    if isinstance(value, list):
        warn(f"a date given as a list {_shown(value)}, read as its date-parts")
    if isinstance(raw, list) and raw and not isinstance(raw[0], list):
        raw = [raw]  # one date's parts without the outer list
    ranges = [_numbers(p) for p in raw] if isinstance(raw, list) else [None]
    readable = [r for r in ranges if r is not None and r]
    if (
        all(r is not None for r in ranges)
        and len(ranges) <= 2
        and all(len(r) <= 3 for r in readable)
    ):
        if not readable:
            return None
        extras = value.items() if isinstance(value, dict) else ()
        literal = literal_date(value)
        if literal and _iso_or_literal(literal).get("date-parts") != readable:
            warn(f"its literal {literal!r} left out, its date-parts kept")
        return {"date-parts": readable, **_qualifiers(dict(extras), readable, warn)}
    literal = literal_date(value)
    if literal:
        warn(f"date-parts that are no date {_shown(raw)}, its literal {literal!r} kept")
        return _iso_or_literal(literal)
    text = "/".join(" ".join(_texts(p)) for p in (raw if isinstance(raw, list) else [raw]))
    text = text.strip("/ ")
    if not text:
        warn(f"date-parts that are no date {_shown(raw)}, left out")
        return None
    warn(f"date-parts that are no date {_shown(raw)}, kept as the literal date {text!r}")
    return {"literal": text}


def _csl_text(value: Any, warn: Callable[[str], None]) -> str:
    if isinstance(value, list):
        texts = list(dict.fromkeys(_texts(value)))
        if len(texts) > 1:
            warn(f"{len(texts)} values given, {texts[0]!r} kept and {_shown(texts[1:])} left out")
        return texts[0] if texts else ""
    if isinstance(value, dict):
        text = " ".join(_texts(value))
        if text:
            warn(f"given as an object {_shown(value)}, kept as {text!r}")
        return text
    if isinstance(value, bool):
        warn(f"given as {_kind(value)}, left out")
        return ""
    return scalar(value)


def well_formed(item: CslItem, index: int, warn: Warn = _ignore) -> CslItem:
    """`item` as CSL 1.0.2 defines it: an id (``item-N`` when it has none), a type, names as
    lists of name objects, dates as ``date-parts`` of numbers or a literal, every other
    variable as text. What is not its kind is kept as far as it can be (a name given as an
    object as text, a date that is no date as a literal) and told to `warn` with the
    variable's name: nothing is left out silently."""
    out: CslItem = {
        "id": scalar(item.get("id")) or f"item-{index}",
        "type": scalar(item.get("type")),
    }
    for name, value in item.items():
        if name in ("id", "type") or not isinstance(name, str):
            continue

        def told(message: str, variable: str = name) -> None:
            warn(variable, message)

        if name in _NAME_VARIABLES:
            people = _csl_name(value if isinstance(value, list) else [value], told)
            if people:
                out[name] = people
        elif name in _DATE_VARIABLES:
            date = _csl_date(value, told)
            if date:
                out[name] = date
        else:
            text = _csl_text(value, told)
            if text:
                out[name] = text
    return out
