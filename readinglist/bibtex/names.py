"""BibTeX name lists -> :class:`~readinglist.model.Person`, the way BibTeX itself splits them.

A list is names joined by ``and`` outside braces. Each name is "First von Last",
"von Last, First" or "von Last, Jr, First"; the "von" part is the run of words that start
in lower case. A name that is one brace group, ``{World Health Organization}``, is kept whole
as an institution, and ``others`` means "and others" (et al.).

Why not bibtexparser's own splitter (``bibtexparser.middlewares.names``): it agrees on ordinary
names, but not with all of BibTeX's rules. BibTeX always makes the last word (part of) the last
name and ends the von part at the last lower-case word before it, so "de 2000" is von "de",
last "2000", and "van {\\O}ster de" is von "van", last "{\\O}ster de"; bibtexparser reads "de"
as a first name in the one and puts "{\\O}ster" in the von part of the other. It also raises on
a trailing comma, which reference managers' exports hold, and returns LaTeX words, not text.
``tests/test_names.py`` pins these cases. (And only ``bibtex/bibfile.py`` imports bibtexparser.)
"""

from __future__ import annotations

import re

from readinglist.bibtex.latex import to_text
from readinglist.model import Person

OTHERS = Person(literal="others")


def _split_top(value: str, separator: re.Pattern[str]) -> list[str]:
    """Split `value` where `separator` matches outside braces."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(value):
        c = value[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            m = separator.match(value, i)
            if m:
                parts.append(value[start:i])
                start = i = m.end()
                continue
        i += 1
    parts.append(value[start:])
    return parts


_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_COMMA = re.compile(r",")
_SPACE = re.compile(r"[\s~]+")


def _is_lower(word: str) -> bool:
    """BibTeX's test for a "von" word: its first letter at brace level 0 is lower case.

    A word opening with a special character such as ``{\\"u}ber`` counts by that letter; a
    word opening with any other brace group counts as upper case.
    """
    depth = 0
    i = 0
    while i < len(word):
        c = word[i]
        if c == "{":
            if depth == 0 and word.startswith("{\\", i):
                letters = to_text(word[i:])
                return bool(letters) and letters[0].islower()
            depth += 1
        elif c == "}":
            depth -= 1
        elif c.isalpha() and depth == 0:
            return c.islower()
        i += 1
    return False


def _words(part: str) -> list[str]:
    return [w for w in _split_top(part.strip(), _SPACE) if w]


def _join(words: list[str]) -> str:
    return to_text(" ".join(words))


def parse_name(name: str) -> Person:
    """Split one BibTeX name into its parts."""
    name = name.strip().rstrip(",").strip()
    if name.lower() == "others":
        return OTHERS
    if name.startswith("{") and name.endswith("}") and _matching_brace(name, 0) == len(name) - 1:
        return Person(literal=to_text(name[1:-1]))
    parts = [p.strip() for p in _split_top(name, _COMMA)]
    if len(parts) == 1:
        words = _words(parts[0])
        if not words:
            return Person(literal="")
        if len(words) == 1:
            return Person(family=_join(words))
        last = words[-1]
        lower = [i for i, w in enumerate(words[:-1]) if _is_lower(w)]
        if lower:
            first, von_end = lower[0], lower[-1] + 1
            return Person(
                family=_join(words[von_end:]),
                given=_join(words[:first]),
                particle=_join(words[first:von_end]),
            )
        return Person(family=_join([last]), given=_join(words[:-1]))
    head = _words(parts[0])
    suffix = parts[1] if len(parts) >= 3 else ""
    given = parts[-1] if len(parts) >= 2 else ""
    lower = [i for i, w in enumerate(head[:-1]) if _is_lower(w)]
    von_end = lower[-1] + 1 if lower else 0
    return Person(
        family=_join(head[von_end:]),
        given=to_text(given),
        particle=_join(head[:von_end]),
        suffix=to_text(suffix),
    )


def _matching_brace(text: str, start: int) -> int:
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    return -1


def parse_names(value: str) -> list[Person]:
    """Split a BibTeX name list (``author``, ``editor``, ...) into people."""
    value = " ".join(value.split())
    if not value:
        return []
    return [parse_name(n) for n in _split_top(value, _AND) if n.strip()]


def format_name(person: Person) -> str:
    """A person as BibTeX writes them: "von Last, Jr, First" or a braced institution."""
    if person.literal:
        return "others" if person is OTHERS or person == OTHERS else "{" + person.literal + "}"
    family = " ".join(p for p in (person.particle, person.family) if p)
    parts = [family]
    if person.suffix:
        parts.append(person.suffix)
    if person.given:
        parts.append(person.given)
    return ", ".join(parts)
