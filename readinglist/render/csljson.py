"""How readinglist reads CSL-JSON beyond what citeproc-py reads: the conventions of the
CSL-JSON schema and of citeproc-js, the processor the CSL test suite was written for.

Name variables citeproc-py does not know, the older names of two variables, variables given
in the note, and a family name's particle.
"""

from __future__ import annotations

import re
from typing import Any

from citeproc import DATES, NAMES, VARIABLES

from readinglist.csl.names import given_suffix

CslItem = dict[str, Any]

# CSL 1.0.2 Appendix IV, "Name Variables" (citeproc-py 0.11 knows eleven of them; a name
# variable it does not know was read as text and never printed by cs:names).
NAME_VARIABLES = frozenset(NAMES) | {
    v.replace("-", "_")
    for v in (
        "chair",
        "compiler",
        "contributor",
        "curator",
        "director",
        "editor-translator",
        "executive-producer",
        "guest",
        "host",
        "narrator",
        "organizer",
        "performer",
        "producer",
        "reviewed-author",
        "script-writer",
        "series-creator",
    )
}

KNOWN_VARIABLES = frozenset(VARIABLES) | {"uri", "container_uri", "contributor", "date"}

# CSL 1.0.2 Appendix IV, "Standard Variables" and "Number Variables" a note line may give.
_TEXT_VARIABLES = frozenset(
    [
        "abstract",
        "annote",
        "archive",
        "archive-place",
        "archive_location",
        "authority",
        "call-number",
        "chapter-number",
        "citation-label",
        "collection-number",
        "collection-title",
        "collection-title-short",
        "container-title",
        "container-title-short",
        "dimensions",
        "division",
        "DOI",
        "edition",
        "event",
        "event-place",
        "event-title",
        "genre",
        "ISBN",
        "ISSN",
        "issue",
        "jurisdiction",
        "keyword",
        "language",
        "license",
        "medium",
        "number",
        "number-of-pages",
        "number-of-volumes",
        "original-publisher",
        "original-publisher-place",
        "original-title",
        "page",
        "part-number",
        "part-title",
        "PMCID",
        "PMID",
        "printing-number",
        "publisher",
        "publisher-place",
        "references",
        "reviewed-genre",
        "reviewed-title",
        "scale",
        "section",
        "source",
        "status",
        "supplement-number",
        "title-short",
        "URL",
        "version",
        "volume",
        "volume-title",
        "year-suffix",
    ]
)

# CSL-JSON's older names for two variables (the CSL-JSON schema and citeproc-js read both):
# Zotero's "shortTitle" and "journalAbbreviation".
ALIASES = {"shortTitle": "title_short", "journalAbbreviation": "container_title_short"}


# A line "key: value" of a CSL-JSON note (Zotero's Extra field), as both reference processors
# read it: a key of lower-case words joined by hyphens ("original-date") or of capitals
# ("ISSN"); and the older inline form "{:key: value}". A key in other case ("Accessed: …",
# "Citation Key: …") is text of the note.
_KEY = r"[a-z]+(?:-[a-z]+)*|[A-Z]+(?:-[A-Z]+)*"
# Greedy, the value's trailing white space stripped after: a lazy value before "\s*$" took
# time quadratic in a run of spaces (a pasted note of 60,000 of them took a minute).
_NOTE_VARIABLE = re.compile(rf"^({_KEY}):[ \t]*(\S.*)$", re.M)
_NOTE_BRACED = re.compile(rf"\{{:({_KEY}):[ \t]*([^{{}}]*)\}}")
# The variables in capitals, by their lower-case key ("doi: …" gives the DOI, as in pandoc).
_CAPITALS = {v.lower(): v for v in _TEXT_VARIABLES if v.isupper()}
# Keys that name item fields rather than variables a note may add: left in the note.
_NOT_FROM_NOTES = frozenset({"title", "type", "id", "note"})


def note_variables(item: CslItem) -> CslItem:
    """The item with the variables its note gives: CSL-JSON's note holds those a program had
    no field for, one "variable: value" line each (Zotero's Extra field; citeproc-js and
    pandoc read them). A variable the item has already keeps its value; the lines leave the
    note. A date is ISO 8601 text ("2004-10-01/2004-10-14"); a name is "Family || Given".
    A line whose key is no CSL variable ("arxiv: 2101.00001", and so a bare URL's
    "https: //…") is data for another program: it leaves the note unprinted, as both
    reference processors leave it out."""
    note = item.get("note")
    if not isinstance(note, str) or ":" not in note:
        return item
    found: dict[str, Any] = {}

    def take(m: re.Match[str]) -> str:
        key, value = m.group(1), m.group(2).rstrip()
        if key in _NOT_FROM_NOTES:
            return m.group(0)
        variable = _CAPITALS.get(key, key)
        name = variable.replace("-", "_")
        if name in DATES:
            found.setdefault(variable, {"raw": value})
        elif name in NAME_VARIABLES:
            family, _, given = (part.strip() for part in value.partition("||"))
            person = {"family": family, "given": given} if given else {"literal": family}
            found.setdefault(variable, []).append(person)
        elif variable in _TEXT_VARIABLES:
            found.setdefault(variable, value)
        return ""

    rest = _NOTE_VARIABLE.sub(take, _NOTE_BRACED.sub(take, note)).strip()
    if rest == note:
        return item
    out = {**{k: v for k, v in found.items() if item.get(k) in (None, "", [])}}
    return {**item, **out, "note": rest}


# A family name's leading particle: lower-case words before a capitalised family name
# ("van der Berg", "de la Cruz"), in any script: "Пико делла Мирандола" opens with a capital
# and has none. A prefix joined by a hyphen or an apostrophe ("al-One", "d'Alembert") is left
# in the family name here; the name fixes place and sort a hyphen-joined particle at rendering
# (readinglist/render/fixes/particles.py).
_WORD = re.compile(r"\S+\s+")


def _particle_end(family: str) -> int:
    """Where the leading particle of `family` ends (0 when it has none)."""
    end = 0
    while (m := _WORD.match(family, end)) and m.group()[0].isalpha() and m.group()[0].islower():
        end = m.end()
    following = family[end : end + 1]
    return end if end and following.isalpha() and following.isupper() else 0


def parsed_family(value: dict[str, Any]) -> dict[str, Any]:
    """A CSL-JSON name with its non-dropping particle read out of its family part, as
    citeproc-js reads CSL-JSON ("von Hoppel" is "von" + "Hoppel"; CSL 1.0.2 "Name-part
    Order" then places and sorts it), and its suffix out of its given part (see
    :func:`given_suffix`). A family in double quotes is taken as it is, without them
    ("\"Van Dyke\""); so is a name with particles given, or "parse-names": false."""
    family = value.get("family")
    if not isinstance(family, str) or value.get("parse-names") in (False, "false"):
        return value
    if len(family) > 1 and family.startswith('"') and family.endswith('"'):
        return {**value, "family": family[1:-1]}
    if value.get("non-dropping-particle"):
        return value
    value = given_suffix(value)
    if value.get("dropping-particle"):
        return value
    end = _particle_end(family)
    if not end:
        return value
    return {**value, "non-dropping-particle": family[:end].strip(), "family": family[end:]}
