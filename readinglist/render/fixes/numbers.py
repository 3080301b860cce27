"""CSL 1.0.2, "Choose" (``is-numeric``): which values are numbers.

The specification: "Content is considered numeric if it solely consists of numbers. Numbers
may have prefixes and suffixes ("D2", "2b", "L2d"), and may be separated by a comma, hyphen,
or ampersand, with or without spaces ("2, 3", "2-4", "2 & 4")." Stock citeproc-py takes only
one number with letters around it, so "2, 3", "2-4" and a page count such as "399, [1]" (399
numbered pages and one unnumbered, as library catalogues write it) are text to it, and NLM
prints the count without its " p." where citeproc-js prints "399, [1] p.".
"""

from __future__ import annotations

import html
import re
from typing import Any

from citeproc import model
from citeproc.string import join

from readinglist.render.fixes.base import _ANSWERS, _NO_ANSWERS, Element

_DELIMITER = re.compile(r"\s*[,&\-\u2013]\s*")
# A number: one run of digits, its prefix and suffix letters ("D2", "2b", "L2d", "Suppl2").
_NUMBER = re.compile(r"[^\W\d_]*\d+[^\W\d_]*")
# A catalogue's unnumbered pages after the numbered ones ("399, [1]": ISBD's paging).
_UNNUMBERED = re.compile(r"\[\d+\]")


def is_numeric(value: object) -> bool:
    """Whether `value` is numeric by CSL 1.0.2: numbers, each one run of digits with letters
    as its prefix and suffix, separated by commas, hyphens, en dashes or ampersands ("5th",
    "2, 3", "2-4", "2 & 4"), and a catalogue's "399, [1]"; not "5 ed.", "614 [10] p.",
    "Fifth", "7.2" (two numbers with no delimiter), nor a number with marks around it:
    "Supplement_2", "no.2", "S.2", "(2)", "#2", "2." and "[1]" alone are text to both
    reference processors."""
    text = html.unescape(str(value)).strip()  # rich text holds "&" as "&amp;"
    if not text:
        return False
    first, *rest = _DELIMITER.split(text)
    return bool(_NUMBER.fullmatch(first)) and all(
        _NUMBER.fullmatch(p) or _UNNUMBERED.fullmatch(p) for p in rest
    )


def numeric_variable(item: Any, name: str) -> bool:
    """CSL 1.0.2 ``is-numeric`` of one variable (named as citeproc-py names it, "_" for
    "-"): the cite's locator for "locator" (APA's label-locator macro prints "Chapter 2" for
    a numeric one), else the work's variable."""
    if name == "locator":
        return "locator" in item and is_numeric(str(item.locator.identifier))
    reference = item.reference
    return name in reference and is_numeric(reference[name])


class NumericTest(Element):
    """``is-numeric`` by CSL 1.0.2's rule (:func:`numeric_variable`)."""

    def _is_numeric(self, item: Any) -> list[bool]:
        names = [v.replace("-", "_") for v in self.get("is-numeric").split()]
        return [numeric_variable(item, v) for v in names]


class LabelPlural(Element):
    """cs:label plural="contextual" (CSL 1.0.2, "Label": "Content is considered plural when
    it contains multiple numbers", as "pages 1-3", "volumes 2 & 4"): a number as is-numeric
    reads one (:func:`is_numeric`), then a comma, hyphen, en dash or ampersand and more:
    "1-B", "3, Suppl 2", "12-Suppl" and an open "1-" are "nos.", as both reference
    processors print them. "8 0 3", "36 Suppl 1", "3/4" and "6 (114)" are no list of
    numbers, nor is "S-1" (no number before the hyphen): "no.", as citeproc-js prints them;
    stock citeproc-py took any two runs of digits with something between for a plural
    ("nos."). The page (:mod:`.pages`), the locator and number-of-pages/-volumes
    (:mod:`.groups`) have rules of their own."""

    def _is_plural(self, item: Any) -> bool:
        name = self.get("variable") or ""
        if name in ("page", "locator") or name.startswith("number-of-"):
            return bool(super()._is_plural(item))  # type: ignore[misc]
        value = item.reference.get(name.replace("-", "_"))
        if value is None:
            return bool(super()._is_plural(item))  # type: ignore[misc]
        first, *rest = _DELIMITER.split(html.unescape(str(value)).strip())
        return bool(rest) and bool(_NUMBER.fullmatch(first))


# An ampersand between numbers, as rich text holds it ("1 &amp; 2", "12&amp;15").
_AMPERSAND = re.compile(r"\s*&amp;\s*")


class AmpersandLists(Element):
    """cs:number, and the page, with numbers joined by an ampersand ("1 & 2", "12&15"):
    each number is formatted on its own (ordinals "2nd & 3rd", page ranges) and they are
    joined by " & ", as both reference processors print them (CSL 1.0.2, "Choose": numbers
    "may be separated by a comma, hyphen, or ampersand"). Stock citeproc-py split the
    escaped rich text at the "&" of "&amp;" and printed "1 &amp; amp; 2". A value with any
    other escaped character ("&lt;") or an ampersand with nothing on one side ("5 &") is
    printed as given."""

    def _process(self, value: Any, variable: str) -> Any:
        text = str(value)
        if "&" not in text or variable == "page-first":  # the first page: see .pages
            return super()._process(value, variable)  # type: ignore[misc]
        pieces = _AMPERSAND.split(text)
        if any("&" in piece or not piece.strip() for piece in pieces):
            return text
        process = super()._process  # type: ignore[misc]
        delimiter = " " + self.unicode_character("AMPERSAND") + " "
        return join((process(piece, variable) for piece in pieces), delimiter)


class NumberReadsItsVariable(Element):
    """cs:number prints any number variable (CSL 1.0.2, "Number"): a variable with a hyphen
    in its name (number-of-volumes, number-of-pages, chapter-number, collection-number) is
    read as the reference holds it, and citation-number is the entry's number, as cs:text
    reads them. Stock citeproc-py looked them up as written, found nothing and printed
    nothing: APA's "(Vols. 1–13)" for a work in thirteen volumes, in 509 bundled styles."""

    def process(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        variable = self.__dict__.get(_ANSWERS, _NO_ANSWERS).get("hyphenated variable")
        if variable is None:
            variable = self.answer("hyphenated variable", self._hyphenated)
        if not variable:
            return super().process(item, context, **kwargs)  # type: ignore[misc]
        if variable == "citation-number":
            value = item.number
        else:
            value = item.reference[variable.replace("-", "_")]  # VariableError when empty
        return self._process(value, variable)

    def _hyphenated(self) -> str:
        """The element's variable when it has a hyphen in its name and is read here, else ""
        (the locator and page-first stay citeproc-py's)."""
        variable = str(self.get("variable") or "")
        return "" if variable in ("locator", "page-first") or "-" not in variable else variable


MIXINS: tuple[tuple[Any, type], ...] = (
    (model.FormatNumber, AmpersandLists),
    (model.If, NumericTest),
    (model.Label, LabelPlural),
    (model.Number, NumberReadsItsVariable),
)
