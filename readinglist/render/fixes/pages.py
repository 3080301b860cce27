"""CSL 1.0.2, Appendix V "Page Range Formats".

Stock citeproc-py leaves an abbreviated second number as given under "expanded" ("1061-73"),
treats chicago-16 as the older chicago-15 ("1593-1623" for "1593-623"), and cannot
abbreviate numbers with a prefix ("E4880-E4889").
"""

from __future__ import annotations

import re
from typing import Any

from citeproc import model

from readinglist.render.fixes.base import Element

_PAGE = re.compile(r"(.*?)(\d+)")


def abbreviate_last_page(first: str, last: str, range_format: str | None) -> str:
    """The second number of a page range under a CSL 1.0.2 page-range-format (Appendix V).

    Ranges are printed as given without a format. Otherwise the second number is first
    written out in full ("1061-73" -> 1073), then "expanded" keeps it whole, "minimal" drops
    the leading digits it shares with the first (but keeps one), "minimal-two" keeps at least
    two, and the Chicago formats choose by the first number: under 100 or a multiple of 100
    in full, 101-109 minimal, 110-199 minimal-two (chicago-15 also writes out four-digit
    numbers whose last three digits change). A shared prefix counts as part of the number
    ("E4880-E4889" -> "E4880-89", "431.e1-431.e12" -> "431.e1-12"), and an open range
    ("20150780-") ends on its first page, as in pandoc."""
    if range_format is None:
        return last
    head = _PAGE.fullmatch(first)
    tail = _PAGE.fullmatch(last or first)
    if not head or not tail or tail.group(1) != head.group(1):
        return last  # "xii-xv", "E680-9": only like numbers are abbreviated
    digits, end = head.group(2), tail.group(2)
    if len(end) < len(digits):
        end = digits[: len(digits) - len(end)] + end
    elif len(end) > len(digits):  # "1-17": nothing to shorten
        return last if range_format == "expanded" else end
    if range_format == "expanded":
        return last if len(tail.group(2)) == len(digits) and last else head.group(1) + end
    common = next((i for i, (a, b) in enumerate(zip(digits, end, strict=True)) if a != b), len(end))
    if range_format.startswith("chicago"):
        number = int(digits)
        whole = number < 100 or number % 100 == 0
        # chicago-15 also writes out a four-digit number whose last three digits change.
        whole = whole or (range_format != "chicago-16" and len(digits) == 4 and common < 2)
        if whole:
            range_format = "expanded"
        elif number % 100 < 10:
            range_format = "minimal"
        else:
            range_format = "minimal-two"
    if range_format == "minimal":
        return end[min(common, len(end) - 1) :]
    if range_format == "minimal-two":
        return end[min(common, max(len(end) - 2, 0)) :]
    return end


class PageRanges(Element):
    """The second number of a page range, as `abbreviate_last_page` describes."""

    def _format_last_page(self, first: str, last: str) -> str:
        return abbreviate_last_page(first, last, self.get_root().get_option("page-range-format"))


MIXINS: tuple[tuple[Any, type], ...] = ((model.FormatNumber, PageRanges),)
