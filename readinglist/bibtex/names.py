"""BibTeX name lists -> :class:`~readinglist.model.Person`, split as biber splits them.

A list is names joined by ``and`` outside braces. Each name is "First von Last",
"von Last, First" or "von Last, Jr, First"; the "von" part is a run of words that start
in lower case. A name that is one brace group, ``{World Health Organization}``, is kept whole
as an institution, and ``others`` means "and others" (et al.).

biber splits names with btparse (Text::BibTeX), after decoding LaTeX. btparse always makes the
last word (part of) the last name and takes the first run of lower-case words as the von part,
so "de 2000" is von "de", last "2000", and "van {\\O}ster de" is von "van", last
"{\\O}ster de". In "von Last, First" a von part is only one the name starts with: "Pico della
Mirandola, Giovanni" has the last name "Pico della Mirandola" (classic BibTeX would make "Pico
della" the von part; pandoc agrees with btparse). Commas that end a name are dropped, as
btparse drops them with a warning ("comma(s) at end of name (removing)"): an editor list written
"H. Cooper, and L. V. Hedges" is "Cooper, H." and "Hedges, L. V." (classic BibTeX and pandoc
read "H. Cooper" as a last name with no first name); `check` names such a name.

biblatex's extended name format (biblatex manual §3.4, "Name parts"), which Zotero's
Better BibLaTeX writes for a name with a particle, names each part: "family=Heuvel,
given=Charles, prefix=van den, useprefix=false". Such a name is read part by part (the
initials of ``given-i`` are left to the style); read as "Last, First" it would print "family=".

Why not bibtexparser's own splitter (``bibtexparser.middlewares.names``): it reads "de 2000"'s
"de" as a first name and puts "{\\O}ster" in the von part of "van {\\O}ster de", raises on a
trailing comma, which reference managers' exports hold, and returns LaTeX words, not text.
``tests/test_names.py`` pins these cases. (And only ``bibtex/bibfile.py`` imports bibtexparser.)
"""

from __future__ import annotations

import re

from readinglist.bibtex.latex import to_text
from readinglist.model import Person

OTHERS = Person(literal="others")


def split_top(value: str, separator: re.Pattern[str]) -> list[str]:
    """Split `value` where `separator` matches outside braces (a braced group is one unit, as
    btparse and biber read it)."""
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


AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_COMMA = re.compile(r"(?<!\\),")
# A tie "~" parts words as a space does; the tilde accent "\~" does not: biber decodes LaTeX
# before it splits a name, so "I L Pi\~{n}a" is "Piña, I. L." (pandoc reads it so too).
_SPACE = re.compile(r"(?:\s|(?<!\\)~)+")


def _is_lower(word: str) -> bool:
    """btparse's test for a "von" word (biber splits names with btparse): its first character
    is a lower-case letter, once LaTeX is decoded, as biber decodes it before splitting.

    A word opening with a special character such as ``{\\"u}ber`` counts by that letter; a
    word opening with any other brace group, a digit or punctuation is not lower case.
    """
    text = to_text(word) if word.startswith(("{\\", "\\")) else word
    return bool(text) and text[0].islower()


def _lower_run(words: list[str]) -> tuple[int, int]:
    """The first run of lower-case words (btparse's ``find_lc_tokens``), as [start, end)."""
    start = next((i for i, w in enumerate(words) if _is_lower(w)), len(words))
    end = start
    while end < len(words) and _is_lower(words[end]):
        end += 1
    return start, end


def _words(part: str) -> list[str]:
    return [w for w in split_top(part.strip(), _SPACE) if w]


def _join(words: list[str]) -> str:
    return to_text(" ".join(words))


def parse_name(name: str) -> Person:
    """Split one BibTeX name into its parts."""
    name = _without_trailing_commas(name)
    if name.lower() == "others":
        return OTHERS
    if name.startswith("{") and name.endswith("}") and _matching_brace(name, 0) == len(name) - 1:
        return Person(literal=to_text(name[1:-1]))
    parts = [p.strip() for p in split_top(name, _COMMA)]
    extended = _extended_name(parts)
    if extended is not None:
        return extended
    if len(parts) == 1:
        # "First von Last": the von part is the first run of lower-case words, all but the
        # last word (btparse's split_simple_name).
        words = _words(parts[0])
        if not words:
            return Person(literal="")
        start, end = _lower_run(words)
        if start == len(words):
            return Person(family=_join(words[-1:]), given=_join(words[:-1]))
        end = min(end, len(words) - 1)
        return Person(
            family=_join(words[end:]),
            given=_join(words[:start]),
            particle=_join(words[start:end]),
        )
    # "von Last, First" and "von Last, Jr, First": the von part is the run of lower-case words
    # the name starts with, all but the last word before the comma (split_general_name).
    head = _words(parts[0])
    suffix = parts[1] if len(parts) >= 3 else ""
    # A comma after the second is a space in the First part: BibTeX warns "Too many commas
    # in name" and reads on, btparse removes the extras ("Hester, the STAT 545 TAs, Jim,
    # Jenny Bryan" has the First part "Jim Jenny Bryan"). `check` names such a name.
    given = " ".join(p for p in parts[2:] if p) if len(parts) >= 3 else parts[-1]
    start, end = _lower_run(head)
    von_end = min(end, len(head) - 1) if start == 0 else 0
    return Person(
        family=_join(head[von_end:]),
        given=to_text(given),
        particle=_join(head[:von_end]),
        suffix=to_text(suffix),
    )


_NAME_PART = re.compile(r"([A-Za-z][A-Za-z-]*)\s*=\s*(.*)", re.S)
_NAME_PARTS = {"family", "given", "prefix", "suffix"}


def _extended_name(parts: list[str]) -> Person | None:
    """A name in biblatex's extended format ("family=Meij, given=Vincent, prefix=van der"),
    or None when `parts` are not all key=value pairs naming at least one name part."""
    pairs = [_NAME_PART.fullmatch(part) for part in parts]
    if not all(pairs):
        return None
    found = {m.group(1).lower(): m.group(2).strip() for m in pairs if m}
    if not _NAME_PARTS & set(found):
        return None
    useprefix = found.get("useprefix", "").strip("{} ").lower()
    return Person(
        family=to_text(found.get("family", "")),
        given=to_text(found.get("given", "")),
        particle=to_text(found.get("prefix", "")),
        suffix=to_text(found.get("suffix", "")),
        useprefix={"true": True, "false": False}.get(useprefix),
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
    return [parse_name(n) for n in split_top(value, AND) if n.strip()]


_TRAILING_COMMAS = re.compile(r"(?:(?<!\\),\s*)+$")


def _without_trailing_commas(name: str) -> str:
    """`name` without white space around it and the commas (outside braces) that end it."""
    return _TRAILING_COMMAS.sub("", name.strip()).strip()


def trailing_comma_names(value: str) -> list[str]:
    """The names of a list that end in a comma, which biber drops ("H. Cooper," is read as
    "H. Cooper"): a name list written "First Last, and First Last" looks like this."""
    value = " ".join(value.split())
    return [n.strip() for n in split_top(value, AND) if value and _TRAILING_COMMAS.search(n)]


def overfull_names(value: str) -> list[tuple[str, int]]:
    """The names of a list that hold more than two commas outside braces, each with its
    count. BibTeX allows at most two ("von Last, Jr, First"): classic BibTeX stops with "Too
    many commas in name", and a name list joined by commas instead of "and" looks like this."""
    value = " ".join(value.split())
    out = []
    for name in split_top(value, AND) if value else []:
        commas = len(split_top(_without_trailing_commas(name), _COMMA)) - 1
        if commas > 2:
            out.append((name.strip(), commas))
    return out


# Initials only: "A.C.W.", "S.K.", "JA", "J.-H." (Roman numerals are a Jr part, not these).
_INITIALS = re.compile(r"(?:[A-Z]\.?(?:-(?=[A-Z]))?){1,4}")
_NUMERALS = frozenset({"I", "II", "III", "IV", "V", "VI", "VII", "VIII"})
# A name that is "et al.", or ends in it ("Hasegawa et al", "Phillips, M.E., et al.").
_ET_AL_END = re.compile(r"(?i)(?:^|[\s,])et(?:\.\s*|\s+)al\.?$")


def _listed(value: str) -> list[str]:
    """The names of a list as written, each stripped (white space runs read as one)."""
    value = " ".join(value.split())
    return [n.strip() for n in split_top(value, AND)] if value else []


def _et_al_at_end(name: str) -> re.Match[str] | None:
    """Where a name (no braced one) ends in "et al.", if it does."""
    return None if "{" in name else _ET_AL_END.search(name)


def initials_as_family(value: str) -> list[tuple[str, Person]]:
    """The names of a list written "Family Initials" without a comma ("Pike A.C.W.", as
    Vancouver lists write them): BibTeX and biber read the last word as the family name, so
    the initials become the family name and the family name a given name. Each with how it
    is read."""
    out = []
    for name in _listed(value):
        if "," in name or "{" in name:
            continue
        person = parse_name(name)
        words = person.given.split()
        if (
            person.family
            and not person.particle
            and person.family not in _NUMERALS
            and _INITIALS.fullmatch(person.family)
            and words
            and len(words[0]) > 2
            and words[0][0].isupper()
            and words[0][1:].islower()
        ):
            out.append((name, person))
    return out


def parse_names_read(value: str) -> list[Person]:
    """A name list as it is meant: :func:`parse_names`, with a name "et al." (or one that
    ends in it: "Hasegawa et al") read as BibTeX's "others", at the end of the list. No
    person is named "et al."; read as BibTeX reads it, APA printed "Smith, J., & al., et"
    (the d2l book's bibliography writes "and et al." 41 times, Mendeley "et Al.")."""
    people: list[Person] = []
    cut = False
    for name in _listed(value):
        if not name:
            continue
        found = _et_al_at_end(name)
        if found is None:
            people.append(parse_name(name))
            continue
        cut = True
        rest = name[: found.start()].strip().rstrip(",").strip()
        if rest:
            people.append(parse_name(rest))
    if not cut:
        return people
    return [*(p for p in people if p != OTHERS), OTHERS]


def et_al_names(value: str) -> list[str]:
    """The names of a list that end in "et al." ("Hasegawa et al"): read as a person whose
    family name is "al"; BibTeX writes an unnamed rest of the list as "and others"."""
    return [name for name in _listed(value) if _et_al_at_end(name)]


def format_name(person: Person) -> str:
    """A person as BibTeX writes them: "von Last, Jr, First" or a braced institution. A part
    holding a comma outside braces is braced, so that the name reads back with the same parts
    (a CSL-JSON given name "J., et al." is no Jr part)."""
    if person.literal:
        return "others" if person is OTHERS or person == OTHERS else "{" + person.literal + "}"
    family = " ".join(p for p in (person.particle, person.family) if p)
    parts = [_comma_braced(family)]
    if person.suffix:
        parts.append(_comma_braced(person.suffix))
    if person.given:
        parts.append(_comma_braced(person.given))
    return ", ".join(parts)


def _comma_braced(part: str) -> str:
    return "{" + part + "}" if len(split_top(part, _COMMA)) > 1 else part
