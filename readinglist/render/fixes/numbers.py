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

from readinglist.render.fixes.base import Element

_DELIMITER = re.compile(r"\s*[,&\-\u2013]\s*")
_NUMBER = re.compile(r"[^\s\d]*\d+[^\s\d]*")


def is_numeric(value: object) -> bool:
    """Whether `value` is numeric by CSL 1.0.2: numbers, each one run of digits with any
    prefix and suffix but no space inside, separated by commas, hyphens, en dashes or
    ampersands ("5th", "2, 3", "2-4", "2 & 4", "399, [1]"; not "5 ed.", "614 [10] p.",
    "Fifth", nor "7.2", two numbers with no delimiter, which citeproc-js prints as text)."""
    text = html.unescape(str(value)).strip()  # rich text holds "&" as "&amp;"
    return bool(text) and all(_NUMBER.fullmatch(p) for p in _DELIMITER.split(text))


class NumericTest(Element):
    """``is-numeric`` by CSL 1.0.2's rule (:func:`is_numeric`)."""

    def _is_numeric(self, item: Any) -> list[bool]:
        reference = item.reference
        names = [v.replace("-", "_") for v in self.get("is-numeric").split()]
        return [v in reference and is_numeric(reference[v]) for v in names]


MIXINS: tuple[tuple[Any, type], ...] = ((model.If, NumericTest),)
