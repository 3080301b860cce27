"""cs:if and cs:else-if tests: CSL 1.0.2, "Choose".

``is-numeric``: "Content is considered numeric if it solely consists of numbers. Numbers may
have prefixes and suffixes ("D2", "2b", "L2d"), and may be separated by a comma, hyphen, or
ampersand, with or without spaces ("2, 3", "2-4", "2 & 4")." Stock citeproc-py takes a single
number only, so a page range ("154-174") was not numeric: MIS Quarterly, which labels numeric
pages ("pp. 154–174") and prints any other page value as it is, lost "pp." before every range.
An en dash separates as a hyphen does (a range as typed by hand, "154–174").
"""

from __future__ import annotations

import html
import re
from typing import Any

from citeproc import model

from readinglist.render.fixes.base import Element

_NUMBER = r"[A-Za-z]*\d+[A-Za-z]*"
_NUMERIC = re.compile(rf"^{_NUMBER}(?:\s*[-–,&]\s*{_NUMBER})*$")


def is_numeric(value: Any) -> bool:
    """Whether a variable's value is numeric content (CSL 1.0.2, is-numeric); values are
    held HTML-escaped ("2 &amp; 4")."""
    return _NUMERIC.match(html.unescape(str(value)).strip()) is not None


class NumericCondition(Element):
    """cs:if is-numeric="...", through citeproc-py's own test of a condition."""

    def _is_numeric(self, item: Any) -> list[bool]:
        reference = item.reference
        names = (v.replace("-", "_") for v in str(self.get("is-numeric")).split())
        return [name in reference and is_numeric(reference[name]) for name in names]


MIXINS: tuple[tuple[Any, type], ...] = ((model.If, NumericCondition),)
