"""CSL 1.0.2, Appendix IV, the variable "citation-label": "label identifying the item in
in-text citations of label styles (e.g. "Ferr78"). May be assigned by the CSL processor based
on item metadata". Stock citeproc-py assigns none, so a label style printed nothing.

An item's own "citation-label" is printed as given. Otherwise it is made as citeproc-js makes
it (its "trigraph" Aaaa00:AaAa00:AaAA00:AAAA00): from the first name variable the item has,
the first four letters of one family name, two of each of two, 2-1-1 of three, the first
letter of each of the first four of more; then the year's last two digits ("0000" without a
year). A family name loses its leading lower-case particle ("van") and a leading article,
and keeps its letters and digits only; a work without names takes the first four letters of
its title's words other than stop words. When printed, the label carries the item's year
suffix ("RoNo78a"), which then is not printed again after the year.
"""

from __future__ import annotations

import re
from typing import Any

from citeproc import model
from citeproc.string import String

from readinglist.csl.from_bibtex import TITLE_STOP_WORDS
from readinglist.render.fixes.base import Element, current

# Letters per name, by how many names the work has (the last counts for more).
_LETTERS = ((4,), (2, 2), (2, 1, 1), (1, 1, 1, 1))
# The name variables in the order citeproc-js looks for them.
_NAME_ORDER = (
    "author",
    "editor",
    "translator",
    "contributor",
    "collection-editor",
    "composer",
    "container-author",
    "director",
    "editorial-director",
    "interviewer",
    "original-author",
    "recipient",
)
_PARTICLE = re.compile(r"^[ '\u2019a-z]+\s+")
_ARTICLE = re.compile(r"^(?:a|an|the)\s+", re.I)
_TAG = re.compile(r"<[^>]*>")
_NOT_LETTER = re.compile(r"[\W_]+")


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:].lower()


def _family(name: dict[str, Any]) -> str:
    family = name.get("family")
    text = (
        _PARTICLE.sub("", str(family))
        if family
        else str(name.get("literal") or name.get("given") or "")
    )
    text = _TAG.sub("", text)  # a name's rich text: its letters, not its tags
    return _NOT_LETTER.sub("", _ARTICLE.sub("", text))


def _year(item: dict[str, Any]) -> str:
    issued = item.get("issued")
    parts = issued.get("date-parts") if isinstance(issued, dict) else None
    try:
        year = str(int(str(parts[0][0])))  # type: ignore[index]
    except (TypeError, ValueError, IndexError, KeyError):
        year = "0000"
    return year[-2:]


def citation_label(item: dict[str, Any]) -> str:
    """The label citeproc-js assigns to the CSL-JSON `item` ("Doe65", "RoNo78")."""
    label = ""
    for variable in _NAME_ORDER:
        names = [n for n in item.get(variable) or () if isinstance(n, dict)]
        if not names:
            continue
        letters = _LETTERS[min(len(names), len(_LETTERS)) - 1]
        for name, count in zip(names, letters, strict=False):
            family = _family(name)
            if not family:
                break
            label += _capitalised(family[:count])
        break
    if not label:
        words = str(item.get("title") or "").split()
        label = _capitalised("".join(w for w in words if w.lower() not in TITLE_STOP_WORDS)[:4])
    return label + _year(item)


class CitationLabelSuffixed(Element):
    """cs:text variable="citation-label": the label, then the item's year suffix."""

    def _variable(self, item: Any, context: Any) -> Any:
        text = super()._variable(item, context)  # type: ignore[misc]
        if text is None or self.get("variable") != "citation-label":
            return text
        suffix = item.reference.get("year_suffix")
        state = current()
        entry = state.entry if state.entry is not None else state.cite
        if suffix and not state.sorting:
            if entry is not None:
                entry["year-suffix"] = True  # the year is not suffixed again
            return String(str(text) + str(suffix))
        return text


MIXINS: tuple[tuple[Any, type], ...] = ((model.Text, CitationLabelSuffixed),)
