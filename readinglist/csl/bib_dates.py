"""Dates and publication states of BibTeX/biblatex entries, as CSL dates.

biblatex's ``date`` fields (biblatex manual §2.3.8, "Date Specifications": ISO 8601 with EDTF
ranges), the legacy ``year``/``month``/``day`` (§2.3.9 and §2.2.2), and ``pubstate``
(§4.9.2.11) or an "in press" year or note as reference managers write it.
"""

from __future__ import annotations

import re
from typing import Any

from readinglist.bibtex import latex
from readinglist.model import PubState, Reference

MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
IN_PRESS_WORDS = re.compile(
    r"^\s*\(?\s*(in\s*press|forthcoming|submitted|accepted|in\s*preparation)\s*\)?\.?\s*$",
    re.IGNORECASE,
)


# What biblatex prints for each of its pubstate keys (manual §4.9.2.11, its English strings):
# a style prints the same words as CSL's status.
STATE_WORDS = {"inpreparation": "in preparation", **{s.value: s.csl_status for s in PubState}}


def _key(value: str) -> str:
    return "".join(value.split()).lower()


def pubstate_of(reference: Reference) -> PubState | None:
    """The entry's publication state, read from ``pubstate`` or a legacy "in press" year/note.

    A pubstate that is none of biblatex's keys ("under review") still says the work is not
    out yet: it is taken as submitted (tracked, and needing no year), unless it says
    "published"."""
    value = _key(reference.get("pubstate") or "")
    for state in PubState:
        if value == state.value:
            return state
    if value in {"accepted", "inpreparation"}:
        return PubState.FORTHCOMING
    if value and value != "published":
        return PubState.SUBMITTED
    words = _legacy_words(reference)
    if words is None:
        return None
    word = _key(words)
    return {"inpress": PubState.IN_PRESS, "submitted": PubState.SUBMITTED}.get(
        word, PubState.FORTHCOMING if word != "accepted" else PubState.IN_PRESS
    )


def _legacy_words(reference: Reference) -> str | None:
    """The words of a legacy state: a year, date or note that says "in press" (or
    forthcoming, submitted, accepted, in preparation) and nothing else."""
    for name in ("year", "date", "note"):
        m = IN_PRESS_WORDS.match(reference.get(name) or "")
        if m:
            return m.group(1)
    return None


def status_words(reference: Reference) -> str | None:
    """What a style prints for the entry's publication state (CSL's ``status``), when it is
    one of biblatex's keys or a legacy "in press" year or note: biblatex's words for its keys
    ("inpreparation" is "in preparation"), else the words as written, in lower case
    ("accepted"). None when there is no state, or when ``pubstate`` holds other words, which
    biblatex prints as written (the caller converts their LaTeX)."""
    pubstate = reference.get("pubstate") or ""
    if pubstate.strip():
        return STATE_WORDS.get(_key(pubstate))
    words = _legacy_words(reference)
    if words is None:
        return None
    return STATE_WORDS.get(_key(words), " ".join(words.lower().split()))


def pubstate_key(status: str) -> str:
    """The ``pubstate`` that prints `status` (CSL's words): biblatex's key for its own words
    ("in press" is ``inpress``), else `status` itself."""
    wanted = " ".join(status.split()).lower()
    for key, words in STATE_WORDS.items():
        if wanted in (words, key):
            return key
    return status


# One end of a biblatex date (manual §2.3.8, "Date Specifications"): an ISO 8601 year (negative
# for BCE), month and day, an optional time, and EDTF level 1's qualifiers: ``~`` approximate,
# ``?`` uncertain, ``%`` both. Months 21 to 24 are EDTF's seasons (spring to winter). A year
# of more than four digits takes EDTF's letter "Y" ("Y-51234", "y52000"); one of more than
# nine is no year of any work, and is kept as written.
_DATE_END = re.compile(
    r"(?P<year>[Yy]-?\d{5,9}|-?\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?"
    r"(?:T\d{2}(?::\d{2}){0,2}(?:\.\d+)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?"
    r"(?P<qualifier>[~?%]|\?~|~\?)?"
)
# EDTF level 1's unspecified digits (X; "u" in the EDTF drafts older exports follow): a month
# or day not known ("1999-XX", "1999-01-XX") leaves the date at what is known, and a year
# known to its decade or century ("199X", "19XX") is the span of years it may be, as biber
# and pandoc read them.
_UNKNOWN_PARTS = re.compile(r"(-?\d{4})(?:-(?:XX|uu)){1,2}|(-?\d{4}-\d{2})-(?:XX|uu)")
_UNKNOWN_YEAR = re.compile(r"(-?)(\d{3}|\d{2})([Xu]{1,2})")


def _date_end(piece: str) -> tuple[list[int], bool] | None:
    """The date-parts of one end of a biblatex date and whether it is approximate; None when
    it is no four-digit year, month and day (``2020-13-45``, ``20``, trailing text); a month
    or day given as unspecified (``1999-XX``) is left out."""
    unknown = _UNKNOWN_PARTS.fullmatch(piece)
    if unknown:
        piece = unknown.group(1) or unknown.group(2)
    m = _DATE_END.fullmatch(piece)
    if not m:
        return None
    parts = [_csl_year(int(m["year"].lstrip("Yy")))]
    if m["month"]:
        month = int(m["month"])
        if not (1 <= month <= 12 or (21 <= month <= 24 and not m["day"])):
            return None
        parts.append(month)
        if m["day"]:
            day = int(m["day"])
            if not 1 <= day <= _DAYS[month - 1]:
                return None
            parts.append(day)
    return parts, m["qualifier"] in ("~", "%", "?~", "~?")


_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _csl_year(year: int) -> int:
    """An ISO 8601 year as CSL counts it. ISO 8601 and EDTF number years astronomically, year
    0 being 1 BCE and -0099 100 BCE, as biblatex prints them; CSL has no year 0 and writes
    100 BCE as -100 (citeproc-js and pandoc read -0099 so)."""
    return year - 1 if year <= 0 else year


def parse_date(value: str) -> dict[str, Any] | None:
    """biblatex ``date`` (ISO 8601 with EDTF level 1: ranges with ``/``, open ends ``..``,
    seasons, ``~`` approximate) -> CSL date. What is no year, month and day (month 13, a day
    45, words, EDTF's unspecified digits ``199X``) is kept as a literal, printed as written
    rather than cut to the part that looked like a year ("199 C.E.")."""
    value = value.strip()
    if not value:
        return None
    span = _UNKNOWN_YEAR.fullmatch(value)
    if span and len(span.group(2) + span.group(3)) == 4:  # four digits, the last unknown
        sign, known, unknown = span.groups()
        first, last = (int(sign + known + digit * len(unknown)) for digit in "09")
        return {"date-parts": [[min(first, last)], [max(first, last)]]}
    if value.count("/") > 1:
        # An interval is two dates and one "/" (ISO 8601, EDTF): "12/05/2020" is no date of
        # biblatex's, and three parts are no CSL date either. Kept as written.
        return {"literal": value}
    parts = []
    circa = False
    for piece in value.split("/"):
        piece = piece.strip()
        if piece in ("", ".."):  # an open end of a range
            continue
        end = _date_end(piece)
        if end is None:
            return {"literal": value}
        parts.append(end[0])
        circa = circa or end[1]
    if len(parts) == 2 and parts[1][0] < parts[0][0]:
        # An interval that ends before it starts is no interval (ISO 8601): "2005/1" is a
        # year and an issue, as French journals number them. Kept as written.
        return {"literal": value}
    if not parts:
        return {"literal": value}
    return {"date-parts": parts, "circa": True} if circa else {"date-parts": parts}


_MONTH_NAMES = {
    name: number
    for number, full in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        1,
    )
    for name in (full, full[:3], "sept" if number == 9 else full[:3])
}


def month_number(value: str, whole: bool = False) -> int | None:
    """biblatex's ``month``: a number 1–12, or a month's macro (``jun``) or English name,
    abbreviated or not ("Sept."). A value that opens with a month's name and goes on ("June
    14", "Sept. 22, 2010", "may 23", "Jun.-Jul.", as EndNote and JabRef users write month and
    day) is that month, as biber reads it (warning that it is no integer); the rest is left
    out. Anything else ("Spring", "24/08/2008", "13") is no month; pandoc leaves out all but
    a number and a three-letter name. With `whole`, only a value that is a month and nothing
    else."""
    text = " ".join(latex.to_text(value).split()).lower()
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else None
    if whole:
        return _MONTH_NAMES.get(text.rstrip("."))
    opening = _MONTH_OPENING.match(text)
    return _MONTH_NAMES.get(opening.group(1)) if opening else None


# A month's name (or its abbreviation) at the start of a value, before no further letter.
_MONTH_OPENING = re.compile(r"([a-z]+)(?![a-z])")


def date_field(value: str) -> dict[str, Any] | None:
    """A biblatex date field (``date``, ``origdate``, ``eventdate``, ``urldate``) -> CSL date.
    The field is ISO 8601 with EDTF's qualifiers, read as written as biber reads it: "~" is
    approximate ("-0349~", about 350 BCE), not LaTeX's tie. Only a value that is no date so
    is read as LaTeX text: "{1994}" is the year 1994, and "ca. 800 {BCE}" a literal without
    its braces (the literal printed as written, never with TeX's braces)."""
    parsed = parse_date(value)
    if parsed is None or "literal" not in parsed:
        return parsed
    return parse_date(latex.to_text(value))


def original_date_of(reference: Reference) -> dict[str, Any] | None:
    """biblatex ``origdate`` (or the legacy ``origyear``): the date of first publication."""
    date = reference.get("origdate") or reference.get("origyear")
    return date_field(date) if date else None


def issued_of(reference: Reference) -> dict[str, Any] | None:
    """The CSL ``issued`` date of an entry: its ``date``, else ``year``, ``month`` and ``day``
    (a year that is no number as a literal); None when it has none or says it is in press."""
    date = reference.get("date")
    if date and not IN_PRESS_WORDS.match(date):
        return date_field(date)
    year = latex.to_text(reference.get("year") or "")
    if re.fullmatch(r"\s*\d{1,4}\s*/\s*\d{1,4}\s*", year):  # a range, as biber reads it
        return parse_date(year)
    # A legacy year that is no number ("300 {BC}", "1910--1913; Second edition, 1925--1927")
    # is text that biber keeps and biblatex prints as written: a literal, never its first
    # number (which would make "300 BC" the year 300).
    m = re.fullmatch(r"\s*(-?\d{1,4})\s*", year)
    if not m:
        return {"literal": year} if year and not IN_PRESS_WORDS.match(year) else None
    parts = [int(m.group(1))]
    month = month_number(reference.get("month") or "")
    if month:
        parts.append(month)
        day = (reference.get("day") or "").strip()
        if day.isdigit():
            parts.append(int(day))
    return {"date-parts": [parts]}
