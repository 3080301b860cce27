"""CSL 1.0.2, Appendix V "Page Range Formats".

Stock citeproc-py leaves an abbreviated second number as given under "expanded" ("1061-73"),
treats chicago-16 as the older chicago-15 ("1593-1623" for "1593-623"), and cannot
abbreviate numbers with a prefix ("E4880-E4889").
"""

from __future__ import annotations

import html
import re
from typing import Any

from citeproc import NUMBERS, model
from citeproc.string import String

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
    ("E4880-E4889" -> "E4880-89"; unlike numbers are no range, see :func:`is_page_range`),
    and an open range ("20150780-") ends on its first page, as in pandoc. A second number
    written out that is not greater than the first ("452-452", "e47-e47") is printed whole:
    the formats shorten the end of a rising range, and citeproc-js leaves these as given."""
    if range_format is None:
        return last
    head = _PAGE.fullmatch(first)
    tail = _PAGE.fullmatch(last or first)
    if not head or not tail or tail.group(1) != head.group(1):
        return last  # "xii-xv", "E680-9": only like numbers are abbreviated
    digits, end = head.group(2), tail.group(2)
    if last and len(end) >= len(digits) and int(end) <= int(digits):
        return last  # "452-452", "e47-e47", "452-450": no rising range, nothing to shorten
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


# A page range's two ends: numbers as CSL 1.0.2 reads them ("Choose", is-numeric), with an
# optional prefix and suffix of letters ("E4880", "N5", "12a", "S1a"), or lower-case roman
# numerals ("xii"), which both reference processors count as page numbers.
_RANGE_END = re.compile(r"([A-Za-z]*)(\d+)([A-Za-z]*)")
_ROMAN = re.compile(r"[ivxlcdm]+")


def _prefix(end: str) -> str | None:
    """The letters before `end`'s number ("" for a roman numeral), or None if it is none."""
    number = _RANGE_END.fullmatch(end)
    if number:
        return number.group(1)
    return "" if _ROMAN.fullmatch(end) else None


def is_page_range(first: str, last: str) -> bool:
    """Whether "first-last" is a page range: two numbers with the same prefix or none, as
    the CSL test suite's page_Expand fixture (citeproc-js) has it, a suffix of letters
    allowed ("12a-15b", "1752-1753j") and a lower-case roman numeral counting as a number
    ("iv-12"). "E680-9" (a prefix on the first number only), "A1-B2", "698-715.e10",
    "431.e1-431.e12" and "10:1-10:17" are not: they keep their hyphen and are not
    abbreviated."""
    head = _prefix(first)
    return head is not None and head == _prefix(last)


# Where the first page of a page field ends: a dash, a comma, an ampersand (escaped in rich
# text) or a semicolon.
_FIRST_PAGE_END = re.compile(r"\s*(?:[-\u2013\u2014]+|,|;|&amp;)")
# Pages listed with a comma or an ampersand (spaces around them or not).
_LISTED = re.compile(r"\s*[,&]\s*")
# What joins the pieces of a page field: a comma or an ampersand, or a semicolon and a space.
_PAGE_LIST = re.compile(rf"({_LISTED.pattern}|;\s+)")


# A range followed by a locator's label and its number ("23-30 vol.1", "1-9 sec. 2"): the
# labels are the short forms of CSL's locator terms, which both reference processors read
# as a label in a page field.
_LOCATOR_LABELS = "art|bk|ch|col|fig|fol|l|n|no|op|p|pp|para|pt|sec|supp|tbl|tit|vol|vrs"
_LABELLED = re.compile(
    rf"(?P<range>[^\s\-–]+\s*[\-–]\s*[^\s\-–]+)(?P<rest>\s+(?:{_LOCATOR_LABELS})\.\s*\S.*)"
)


class PageRanges(Element):
    """The second number of a page range, as `abbreviate_last_page` describes; what is not
    a range of like numbers keeps its hyphen (:func:`is_page_range`)."""

    def _process(self, value: Any, variable: str) -> Any:
        if variable == "page-first":
            # CSL 1.0.2: "the first page of a page range": what comes before the first dash,
            # comma, ampersand or semicolon ("225-–240" -> "225", "12, 15" -> "12",
            # "S1550-7289(25)00059-0" -> "S1550"), as citeproc-js reads it (pandoc agrees
            # but for an ampersand); citeproc-py took the whole field unless it held one
            # hyphen.
            first = _FIRST_PAGE_END.split(str(value).strip(), maxsplit=1)[0].strip()
            return super()._process(first or value, variable)  # type: ignore[misc]
        if variable != "page":
            return super()._process(value, variable)  # type: ignore[misc]
        parts = _PAGE_LIST.split(str(value))
        listed = any(joiner.startswith(";") for joiner in parts[1::2])
        if not listed and not any(_not_a_range(part) for part in parts[::2]):
            return super()._process(value, variable)  # type: ignore[misc]
        # Each piece on its own: a range of like numbers as the style says, others as given
        # (with the spaces around their hyphen dropped, as in citeproc-js). A semicolon and
        # a space join pieces too ("1-2; 3", "1198-1203; discussion 1203"), as in
        # citeproc-js; stock citeproc-py read the whole value as one number.
        out = []
        for index, part in enumerate(parts):
            labelled = _LABELLED.fullmatch(part) if not index % 2 else None
            if labelled and not _not_a_range(labelled["range"]):
                # "23-30 vol.1", as IEEE Xplore writes a paper's pages and volume: the range
                # is formatted, the label and its number printed as given (both processors).
                out.append(str(super()._process(labelled["range"], variable)))  # type: ignore[misc]
                out.append(labelled["rest"])
            elif index % 2:
                out.append(part)
            elif _not_a_range(part):
                out.append("-".join(end.strip() for end in part.replace("\u2013", "-").split("-")))
            else:
                out.append(str(super()._process(part, variable)))  # type: ignore[misc]
        return "".join(out)

    def _format_last_page(self, first: str, last: str) -> str:
        return abbreviate_last_page(first, last, self.get_root().get_option("page-range-format"))


def _not_a_range(text: str) -> bool:
    ends = [end.strip() for end in text.replace("\u2013", "-").split("-")]
    # Roman numerals ("xii-xv") are left to the stock rule.
    return (
        len(ends) == 2 and all(ends) and any(c.isdigit() for c in text) and not is_page_range(*ends)
    )


# Numbers, or ranges of numbers, separated by commas or ampersands: "3-4", "1, 3-5 & 7".
_NUMERIC_RANGES = re.compile(r"\d+(?:\s*[-\u2013]\s*\d+)?(?:\s*[,&]\s*\d+(?:\s*[-\u2013]\s*\d+)?)*")
_RANGED_VARIABLES = frozenset({*(v.replace("_", "-") for v in NUMBERS), "locator"})


_NUMBER_RANGE = re.compile(r"(\d+)\s*-\s*(\d+)")


def _page_range(found: re.Match[str], range_format: str | None, delimiter: str) -> str:
    first, last = found.groups()
    return f"{first}{delimiter}{abbreviate_last_page(first, last, range_format)}"


class NumberRanges(Element):
    """A number variable printed with cs:text whose value is numeric and holds a range
    ("issue": "3-4") gets an en dash, as with cs:number: the CSL test suite's
    fullstyles_ABdNT ("n. 3–4"), citeproc-js; a style that redefines the term
    page-range-delimiter (AMA: "-") gets its own, as in citeproc-js. Other values print as
    given. A cite's locator is read the same way ("100 - 103" is "100–103", the suite's
    locator_SimpleLocators), where citeproc-py made each hyphen a dash and kept the spaces
    around it ("100 – 103")."""

    def _variable(self, item: Any, context: Any) -> Any:
        text = super()._variable(item, context)  # type: ignore[misc]
        variable = self.get("variable")
        if text is None or variable not in _RANGED_VARIABLES:
            return text
        plain = str(item.locator.identifier if variable == "locator" else text).strip()
        if "-" in plain and _NUMERIC_RANGES.fullmatch(plain):
            # The style's page-range-delimiter, if it has one (AMA's "-"), as in citeproc-js.
            delimiter = str(self.get_single_term(name="page-range-delimiter") or "\u2013")
            if variable == "locator" and item.locator.label == "page":
                # A page locator's ranges take the style's page-range-format as the page
                # variable's do ("12-15" is "12–5" under "minimal"), as both reference
                # processors print them.
                range_format = self.get_root().get_option("page-range-format")
                return String(
                    _NUMBER_RANGE.sub(lambda m: _page_range(m, range_format, delimiter), plain)
                )
            return String(re.sub(r"\s*-\s*", lambda _: delimiter, plain))
        return text


class PageLabelPlural(Element):
    """cs:label for "page": plural for more than one page, read as citeproc-js reads a page
    field. A list: pieces joined by a comma or an ampersand ("3, 5"; "Ai, A411-A414" too, as
    pandoc prints it), or by a semicolon and a space or the locale's "and" when the first
    piece begins with a page number ("5; 7", "12 and 15", "402-6; discussion 406-7", "7;
    discussion", "xii; 4", "A1; B2"; a number may have letters before or after it, the letters
    before it may follow digits, as in "224cm1", and a lower-case roman numeral is one). A
    range: a page number, a hyphen and anything ("E680-9", "s5-10", "698-715.e10", "12a-15b",
    "xii-xv", "12-end", the open "589-", "224cm1-224cm1", "S1550-7289(25)00059-0"). Both
    reference processors print these "pp.". "431.e1-431.e12", "10:1-10:17" and
    "ENEURO.0212-17.2017" are one article number each, and "abc; 4", "5;7" and "Suppl 1" no
    list: "p.", as citeproc-js prints them."""

    def _is_plural(self, item: Any) -> bool:
        if self.get("variable") != "page" or "page" not in item.reference:
            return bool(super()._is_plural(item))  # type: ignore[misc]
        text = html.unescape(str(item.reference["page"])).strip()
        if len([p for p in _LISTED.split(text) if p.strip()]) > 1:
            return True  # "3, 5", "Ai, A411-A414": pages, as pandoc prints them
        joiners = self.answer("page list joiners", _list_joiners, self)
        pieces = [p for p in joiners.split(text) if p.strip()]
        if not pieces:
            return False
        ends = [end.strip() for end in pieces[0].replace("\u2013", "-").split("-")]
        # From a number to anything: an open range ("589-": from page 589 on) and a range
        # to a word ("4-pp", "12-end") are pages too, as both processors print them.
        return (len(pieces) > 1 or len(ends) > 1) and _is_page_number(ends[0])


# A page number as citeproc-js reads one: a number, letters before it (which may follow
# digits: Science Translational Medicine's "224cm1") or after it, or a lower-case roman numeral.
_PAGE_NUMBER = re.compile(r"(?:\d*[A-Za-z]+)?\d+[A-Za-z]*|[ivxlcdm]+")


def _is_page_number(text: str) -> bool:
    """Whether `text` is one page number (see :data:`_PAGE_NUMBER`)."""
    return bool(_PAGE_NUMBER.fullmatch(text))


def _list_joiners(element: Any) -> re.Pattern[str]:
    """What else joins the pieces of a list of pages: a semicolon and a space, or the
    locale's "and" between spaces."""
    word = element.get_single_term(name="and") or "and"
    return re.compile(rf";\s+|\s+{re.escape(str(word))}\s+")


MIXINS: tuple[tuple[Any, type], ...] = (
    (model.FormatNumber, PageRanges),
    (model.Text, NumberRanges),
    (model.Label, PageLabelPlural),
)
