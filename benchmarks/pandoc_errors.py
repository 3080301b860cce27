"""Where pandoc's reading of a .bib is wrong, for benchmarks/fidelity_files.py.

docs/corpus-fidelity.md says why each is wrong. An entry counts apart when undoing pandoc's
error (TEXT_ERRORS, pandoc_error) or making it in our item (MAPPING_ERRORS) leaves nothing else
different.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import Any

from readinglist.bibtex.names import AND, et_al_names, split_top, trailing_comma_names
from readinglist.csl.bib_dates import month_number
from readinglist.csl.bib_types import NAME_FIELDS
from readinglist.model import Reference

# Where pandoc's reading of a .bib is wrong (docs/corpus-fidelity.md says why): the reference
# text with the error undone, or a test on pandoc's CSL-JSON item. An entry counts apart when
# undoing the error makes our text equal a reference's, so nothing else differs.
TEXT_ERRORS: dict[str, Callable[[str], str]] = {
    # {\'\i} read as a dotless i and a combining accent ("Marı́n"), not as í
    "dotless-i": lambda a: a.replace("ı\u0301", "í"),
    # eprinttype = googlebooks linked without the path books?id= needs
    "googlebooks": lambda a: a.replace("books.google.com?id=", "books.google.com/books?id="),
}
SENTENCE_END = re.compile(r"[.:?!] $")


def sentence_start_lowered(mine: str, answer: str) -> bool:
    """The texts differ only in one letter that opens a sentence in ours ("2009. Proceedings")
    and is lower case in the answer: pandoc lowers a title's last word after a sentence end."""
    if len(mine) != len(answer):
        return False
    diffs = [k for k, (a, b) in enumerate(zip(mine, answer, strict=True)) if a != b]
    return (
        len(diffs) == 1
        and mine[diffs[0]].lower() == answer[diffs[0]]
        and bool(SENTENCE_END.search(mine[max(0, diffs[0] - 2) : diffs[0]]))
    )


EMPTY_TITLE = re.compile(r"\w, \. ")  # a book's title printed empty: "in A. Author, . Edited"


def invented_date(item: dict[str, Any]) -> bool:
    """pandoc's item holds a date part 0 that no field of the .bib holds ("1997–")."""
    return any(
        isinstance(value, dict) and [0] in value.get("date-parts", []) for value in item.values()
    )


Item = dict[str, Any]


def _issue_dropped(ours: Item, theirs: Item, reference: Reference | None) -> Item:
    """pandoc drops biblatex's ``issue`` ("Spring", "7") unless the entry has a number too."""
    if "issue" in ours and "issue" not in theirs:
        return {k: v for k, v in ours.items() if k != "issue"}
    return ours


def _pmid_not_read(ours: Item, theirs: Item, reference: Reference | None) -> Item:
    """pandoc ignores ``eprint`` with ``eprinttype = {pmid}`` (Zotero's Better BibTeX writes a
    PubMed ID so), which biblatex prints ("pmid: 19381330") and we read as CSL's PMID."""
    eprint_type = (reference.get("eprinttype") or "").strip().lower() if reference else ""
    if eprint_type == "pmid" and "PMID" in ours and "PMID" not in theirs:
        return {k: v for k, v in ours.items() if k != "PMID"}
    return ours


def _location_not_read(ours: Item, theirs: Item, reference: Reference | None) -> Item:
    """biber reads ``location`` (``address`` is its alias, which yields to it); pandoc's BibTeX
    reader ignores ``location`` and its biblatex reader prefers ``address``."""
    if reference is None or not reference.get("location"):
        return ours
    if ours.get("publisher-place") == theirs.get("publisher-place"):
        return ours
    changed = {k: v for k, v in ours.items() if k != "publisher-place"}
    if theirs.get("publisher-place"):
        changed["publisher-place"] = theirs["publisher-place"]
    return changed


_INHERITED = ("container-author", "container-title", "volume-title")


def _inherited_otherwise(ours: Item, theirs: Item, reference: Reference | None) -> Item:
    """pandoc's crossref inheritance departs from biblatex's Appendix B: it gives an @mvbook's
    author to a @book as its bookauthor ("not in the biblatex manual", its source says) and
    does not give a @suppbook its parent's title as booktitle."""
    if reference is None or not reference.get("crossref"):
        return ours
    if all(ours.get(k) == theirs.get(k) for k in _INHERITED):
        return ours
    changed = {k: v for k, v in ours.items() if k not in _INHERITED}
    changed.update({k: theirs[k] for k in _INHERITED if k in theirs})
    return changed


def _year_not_read(ours: Item, theirs: Item, reference: Reference | None) -> Item:
    """pandoc's CSL-JSON drops a year it cannot read as a number ("300 {BC}", "1978/79") as
    ``"date-parts": []``, though pandoc prints it from the .bib; biber keeps it as written."""
    if "issued" in ours and theirs.get("issued") == {"date-parts": []}:
        return {k: v for k, v in ours.items() if k != "issued"}
    return ours


_DASHES = str.maketrans({"—": "-", "–": "-", "‒": "-", "―": "-"})


def _page_range_dash(ours: Item, theirs: Item, reference: Reference | None) -> Item:
    r"""pandoc writes a page range with an em dash ("3---52") to CSL's ``page`` as it is; CSL
    processors read a range only at a hyphen or an en dash and print "p. 3—52". biblatex
    reads the em dash as a range (``\DeclareRangeChars*{–—}``)."""
    page = str(theirs.get("page", ""))
    if "—" in page and page != ours.get("page") and page.translate(_DASHES) == ours.get("page"):
        return {**ours, "page": page}
    return ours


def _only_symbols_added(ours: str, theirs: str) -> bool:
    """Whether `ours` is `theirs` with symbols ("…", "§") and spaces added, nothing else."""
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if theirs[b1:b2].strip() or any(c.isalnum() for c in ours[a1:a2]):
            return False
    return ours != theirs


def _command_dropped(ours: Item, theirs: Item, reference: Reference | None) -> Item:
    """pandoc drops a LaTeX text command it does not know (``\\textellipsis``) where biber
    decodes it ("…"): a text variable of ours that is pandoc's with symbols added, in an entry
    that holds a command."""
    if reference is None or not any("\\" in value for _, value in reference.fields):
        return ours
    changed = {
        name: theirs[name]
        if isinstance(value, str)
        and isinstance(theirs.get(name), str)
        and _only_symbols_added(value, theirs[name])
        else value
        for name, value in ours.items()
    }
    return changed if changed != ours else ours


def _no_letter_particle(ours: Item, theirs: Item, reference: Reference | None) -> Item:
    """pandoc reads a name word that opens with no letter ("3." in "3. А. Кузичевой", "'t" in
    "van 't Veer, Anna") as a von part; btparse, which biber splits names with, makes it part
    of the first or last name (a von word opens with a lower-case letter)."""
    changed = dict(ours)
    for name, people in theirs.items():
        if not isinstance(people, list) or people == ours.get(name):
            continue
        particles = [
            str(p.get(part, ""))
            for p in people
            if isinstance(p, dict)
            for part in ("dropping-particle", "non-dropping-particle")
        ]
        if any(not w[0].isalpha() for particle in particles for w in particle.split()):
            changed[name] = people
    return changed if changed != ours else ours


_RUN_TOGETHER = re.compile(r"\.(?=[^\s.\-,])")


def _initials_spaced(ours: Item, theirs: Item, reference: Reference | None) -> Item:
    """pandoc rewrites initials run together in a name ("C.K.", "K.C.") as "C. K."; biber keeps
    the name as written (its ``fixinits`` option, off by default, would do it), so a style that
    prints the name whole prints "C.K."."""
    changed = dict(ours)
    for name, people in ours.items():
        other = theirs.get(name)
        if not isinstance(people, list) or not isinstance(other, list) or people == other:
            continue
        spaced = [
            {k: _RUN_TOGETHER.sub(". ", v) if isinstance(v, str) else v for k, v in p.items()}
            if isinstance(p, dict)
            else p
            for p in people
        ]
        if spaced == other:
            changed[name] = other
    return changed if changed != ours else ours


def _type_as_genre(ours: Item, theirs: Item, reference: Reference | None) -> Item:
    """pandoc gives a ``type`` field to CSL's ``genre`` in every entry type; biblatex prints it
    only where its driver has it (a report's, a thesis's: bib_types.TYPE_PRINTED), not in an
    @article or @book, where EndNote writes its reference type ("Journal Article")."""
    if reference is None or not reference.get("type") or "genre" in ours or "genre" not in theirs:
        return ours
    return {**ours, "genre": theirs["genre"]}


def _refused_name(name: str) -> bool:
    """biber's test: a name not wholly in braces with more than two commas, or two in a row,
    makes biber skip the entry ("has too many commas, skipping entry")."""
    name = name.strip()
    if name.startswith("{") and name.endswith("}"):
        return False
    return name.count(",") > 2 or ",," in name


def _name_refused(ours: Item, theirs: Item, reference: Reference | None) -> Item:
    """A name list biber refuses ("Bisogni, G., Bottigli U, Ceccopieri, et al": names joined
    by commas, not "and"): biber skips the entry, so there is no right reading to compare
    with. pandoc takes the third part as the given name and drops the rest; we read the
    last part as the given name. pandoc's reading of those names is made in our item."""
    if reference is None:
        return ours
    changed = dict(ours)
    for name, variable in NAME_FIELDS.items():
        value = " ".join((reference.get(name) or "").split())
        if not value or not any(_refused_name(n) for n in split_top(value, AND)):
            continue
        if variable in theirs:
            changed[variable] = theirs[variable]
        else:
            changed.pop(variable, None)
    return changed if changed != ours else ours


def _trailing_comma(ours: Item, theirs: Item, reference: Reference | None) -> Item:
    """A name that ends in a comma ("H. Cooper, and L. V. Hedges"): btparse, biber's name
    splitter, drops the comma ("Cooper, H."); pandoc keeps it as a part separator, as classic
    BibTeX does ("H. Cooper" a last name alone, or "Ramón y Cajal, Santiago," with the Jr part
    "Santiago"). pandoc's reading of those name lists is made in our item."""
    if reference is None:
        return ours
    changed = dict(ours)
    for name, variable in NAME_FIELDS.items():
        value = " ".join((reference.get(name) or "").split())
        if value and trailing_comma_names(value) and variable in theirs:
            changed[variable] = theirs[variable]
    return changed if changed != ours else ours


def _et_al_a_person(ours: Item, theirs: Item, reference: Reference | None) -> Item:
    """A name "et al." in a name list ("and et al.", "Hasegawa et al"): BibTeX, biber and
    pandoc read a person named "al" with the particle "et" (APA: "& al., et"); we read it as
    "and others", what it means (the lint warns). pandoc's reading is made in our item."""
    if reference is None:
        return ours
    changed = dict(ours)
    for name, variable in NAME_FIELDS.items():
        value = " ".join((reference.get(name) or "").split())
        if value and et_al_names(value):
            if variable in theirs:
                changed[variable] = theirs[variable]
            else:
                changed.pop(variable, None)
    return changed if changed != ours else ours


# Two U+2018 ... two U+2019: the characters as typed, which pandoc reads as a quotation inside
# a quotation and writes with the outer marks double, the inner single.
_TWO_SINGLE = re.compile(r"‘‘(.*?)’’")


def _quotes_nested(ours: Item, theirs: Item, reference: Reference | None) -> Item:
    """pandoc reads two opening single quotation marks (U+2018 twice, "‘‘…’’") as a quotation
    inside a quotation and writes “‘…’”. They are two characters each: LaTeX prints them as
    typed (its ligature `` -> “ is for the grave accent only), and biber keeps them."""
    changed = dict(ours)
    for name, value in ours.items():
        if isinstance(value, str) and _TWO_SINGLE.search(value):
            nested = _TWO_SINGLE.sub(r"“‘\1’”", value)
            if nested == theirs.get(name):
                changed[name] = nested
    return changed if changed != ours else ours


# A URL that opens a title or follows a sentence end in it ("cues.,, . http://doi.org/…").
def _month_name_not_read(ours: Item, theirs: Item, reference: Reference | None) -> Item:
    """pandoc reads ``month`` only as a number or a three-letter macro (``jun``, ``{jun}``),
    and leaves a month's name out of the date (``month = {June}``, ``{Sept.}``, as BibDesk,
    Mendeley and the NIME proceedings write it). BibTeX prints such a month as written and
    biber keeps it (warning that it is no integer): "June 2014"."""
    month = reference.get("month") if reference is not None else None
    if not month or "issued" not in ours or "issued" not in theirs:
        return ours
    text = month.strip().lower().rstrip(".")
    if text.isdigit() or len(text) == 3 or month_number(month) is None:
        return ours
    parts = ours["issued"].get("date-parts") or [[]]
    if len(parts[0]) > 1 and theirs["issued"].get("date-parts") == [parts[0][:1]]:
        return {**ours, "issued": theirs["issued"]}
    return ours


_URL_AT_START = re.compile(r"(?:^|(?<=[.:?!] ))[a-z](?=[a-z0-9+.-]*://)")


def _url_capitalised(ours: Item, theirs: Item, reference: Reference | None) -> Item:
    """pandoc's sentence case capitalises the first letter of a URL that opens a sentence in a
    title ("Http://doi.org/10.1148/…"). A URL is an address, not a word of the title: biblatex
    prints it as written, and no case rule of CSL's or a style's changes an address."""
    changed = dict(ours)
    for name, value in ours.items():
        if isinstance(value, str) and _URL_AT_START.search(value):
            capitalised = _URL_AT_START.sub(lambda m: m.group().upper(), value)
            if capitalised == theirs.get(name):
                changed[name] = capitalised
    return changed if changed != ours else ours


# pandoc's mapping errors shown by making them in our item and rendering again.
MAPPING_ERRORS: dict[str, Callable[[Item, Item, Reference | None], Item]] = {
    "issue-dropped": _issue_dropped,
    "pmid-not-read": _pmid_not_read,
    "location-not-read": _location_not_read,
    "inherited-otherwise": _inherited_otherwise,
    "year-not-read": _year_not_read,
    "page-range-dash": _page_range_dash,
    "command-dropped": _command_dropped,
    "no-letter-particle": _no_letter_particle,
    "initials-spaced": _initials_spaced,
    "type-as-genre": _type_as_genre,
    "name-refused": _name_refused,
    "trailing-comma": _trailing_comma,
    "quotes-nested": _quotes_nested,
    "url-capitalised": _url_capitalised,
    "month-name-not-read": _month_name_not_read,
    "et-al-a-person": _et_al_a_person,
}


def pandoc_error(mine: str, answers: list[str], item: dict[str, Any] | None) -> str | None:
    for cause, undo in TEXT_ERRORS.items():
        if mine in {undo(a) for a in answers} and mine not in answers:
            return cause
    if any(sentence_start_lowered(mine, a) for a in answers):
        return "sentence-start-lowered"
    if all(EMPTY_TITLE.search(a) for a in answers) and not EMPTY_TITLE.search(mine):
        return "empty-title"
    if item is not None and invented_date(item):
        return "invented-date"
    return None
