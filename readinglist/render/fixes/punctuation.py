"""Punctuation where pieces of output meet, and quotation marks.

CSL 1.0.2, "Affixes", and citeproc-js's punctuation merging (the CSL test suite's
punctuation_FullMontyPlain): a period that would follow a "?", "!", ":" or ";" is dropped ("A
misleading statistic? Statistics in Medicine", not "statistic?."), and so is a colon after
";", "?" or "!" ("2020; e13097" where an empty volume stood between "2020;" and ": e13097"),
also when the "?" ends an italic title; and a period after an italic text that ends in one
("<i>Brain Imaging Behav.</i>.") is dropped as stock citeproc-py already does for plain text.
Our elements join their pieces (affixes, delimiters, children) with :func:`join_seam`; stock
citeproc-py's own seam rules, a subset of ours, still apply where its strings are added.

CSL 1.0.2, "Affixes": a prefix, suffix or delimiter is a plain string, printed as written; only
a value's own rich text is markup. Our output is HTML, so an affix is escaped (:func:`affix`):
spip-cite's prefix "<cite|book|title=" is text, not the start of a tag that would swallow the
entry. Stock citeproc-py copies affixes into its HTML unescaped.

Quotation marks (:func:`finish`): the locale's ``punctuation-in-quote`` and inner quotes.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable
from typing import Any

from citeproc import model
from citeproc.source import VariableError
from citeproc.string import SEAM_PUNCTUATION, String, _strip_first_char

from readinglist.render import marks
from readinglist.render.fixes.base import _ANSWERS, _NO_ANSWERS, Element

_TRAILING_TAGS = re.compile(r"(?:</[a-z]+>)+$")
_MARK_THEN_QUOTE = re.compile(r"[?!](?:”|’)+(?:</[a-z]+>)*$")
_TRAILING_ENTITY = re.compile(r"&(?:[a-z]+|#[0-9]+|#x[0-9a-f]+);$", re.I)


def affix(element: Any, name: str, default: str = "") -> str:
    """The `name` affix (prefix, suffix, delimiter) of `element` as HTML: CSL 1.0.2, an affix is
    a plain string, so "<", ">" and "&" in it are escaped, never read as markup. Escaped once
    per element and affix (an element's attributes do not change while rendering)."""
    question = ("affix", name, default)
    found = element.__dict__.get(_ANSWERS, _NO_ANSWERS).get(question)
    if found is None:
        found = element.answer(question, _escaped, element, name, default)
    return found  # type: ignore[no-any-return]


def _escaped(element: Any, name: str, default: str) -> str:
    value = element.get(name)
    return html.escape(str(default if value is None else value), quote=False)


def join_seam(left: Any, other: Any) -> Any:
    """`other`, without a first character that would double or follow wrongly the end of
    `left`: no double space, no doubled punctuation, no "?." or ":." (each side turned into
    text once: this runs for every piece of every entry)."""
    # A display block's end mark stands where no text is: punctuation meets across it
    # (the layout's "." after a right-inline block that ends in "." is one period).
    before = str(left).rstrip(marks.CLOSE)
    text = str(other)
    if not before or not text:
        return other
    last, first = before[-1], text[0]
    if last == ";" and (entity := _TRAILING_ENTITY.search(before)):
        last = html.unescape(entity.group(0))  # an escaped character ("&amp;", "&lt;")
    if (
        (last == first and (first == " " or first in SEAM_PUNCTUATION))
        or (first == "." and last in ":;")  # "by :" + "." as in both reference processors
        or (first == ":" and last in ";!?")  # "2020;" + ": e13097" (PLOS, no volume)
    ):
        return _strip_first_char(other)
    if first == "." and not text.startswith(".."):
        bare = _TRAILING_TAGS.sub("", before) if last == ">" else before
        # "statistic?" + "." and, behind closing tags, "<i>Behav.</i>" + "."
        if bare.endswith(("?", "!")) or (bare.endswith(".") and bare != before):
            return _strip_first_char(other)
    return other


def join(items: Iterable[Any], delimiter: Any = "") -> Any:
    """Pieces of output joined by `delimiter`, with our seam rules at every joint."""
    pieces = iter(items)
    try:
        output = next(pieces)
    except StopIteration:
        return String("")
    for piece in pieces:
        output = output + join_seam(output, delimiter)
        output = output + join_seam(output, piece)
    return output


class AffixSeams(Element):
    """Prefix and suffix meet the text under our seam rules (and an element without affixes
    hands its text on as it is)."""

    def wrap(self, string: Any) -> Any:
        if string is None:
            return None
        prefix = affix(self, "prefix")
        suffix = affix(self, "suffix")
        if not prefix and not suffix:
            return string
        text = prefix + join_seam(prefix, string)
        # A group's or macro's suffix "." after a quotation ending in "?" or "!" merges with
        # it, as citeproc-js merges it ("‘Are the results valid?’", not "valid?’."); the
        # suffix of a variable's own cs:text and a delimiter do not ("“A?”. J").
        if (
            suffix.startswith(".")
            and self.answer("wraps output", self._wraps_output)
            and _MARK_THEN_QUOTE.search(str(text))
        ):
            suffix = suffix[1:]
        return text + join_seam(text, suffix)

    def _wraps_output(self) -> bool:
        return isinstance(self, model.Group) or (
            isinstance(self, model.Text) and "macro" in self.attrib
        )


class DelimiterSeams(Element):
    """A delimited element's pieces meet under our seam rules."""

    def join(self, strings: Iterable[Any], default_delimiter: str = "") -> Any:
        delimiter = affix(self, "delimiter", default_delimiter)
        try:
            return join((s for s in strings if s is not None), delimiter)
        except (TypeError, AttributeError, ValueError):
            return String("")


class ChildSeams(Element):
    """Children of a layout, macro, group or condition meet under our seam rules; a cs:choose
    child is transparent and gets the enclosing delimiter."""

    def render_children(self, item: Any, delimiter: str = "", **kwargs: Any) -> Any:
        output = rendered_children(self, item, delimiter, **kwargs)
        return join(output, delimiter) if output else None


def rendered_children(element: Any, item: Any, delimiter: str, **kwargs: Any) -> list[Any]:
    """The output of each child of `element` that renders (a child whose variable is missing
    renders nothing); a cs:choose child gets the enclosing delimiter."""
    output = []
    children = element.__dict__.get(_ANSWERS, _NO_ANSWERS).get("children and choices")
    if children is None:
        children = element.answer("children and choices", _children_and_choices, element)
    for child, choose in children:
        try:
            if choose:
                text = child.render(item, delimiter=delimiter, **kwargs)
            else:
                text = child.render(item, **kwargs)
        except VariableError:
            continue
        if text is not None:
            output.append(text)
    return output


def _children_and_choices(element: Any) -> tuple[tuple[Any, bool], ...]:
    """Each child of `element`, and whether it is a cs:choose (the style's tree does not change
    once loaded)."""
    return tuple((child, isinstance(child, model.Choose)) for child in element.iterchildren())


MIXINS: tuple[tuple[Any, type], ...] = (
    (model.Affixed, AffixSeams),
    (model.Delimited, DelimiterSeams),
    (model.Parent, ChildSeams),
)

# The locale's quotation marks, (open, close): outer, then inner (en-US's).
ENGLISH_QUOTES: tuple[tuple[str, str], ...] = (("“", "”"), ("‘", "’"))


def quotation_marks(root: Any) -> tuple[tuple[str, str], ...]:
    """The (open, close) quotation marks of the style's locale, outer then inner: the terms
    open-quote, close-quote, open-inner-quote and close-inner-quote (French « », with their
    no-break spaces; German „ “)."""
    found = []
    for kind in ("", "inner-"):
        try:
            pair = (
                str(root.get_single_term(name=f"open-{kind}quote")),
                str(root.get_single_term(name=f"close-{kind}quote")),
            )
        except (IndexError, KeyError, AttributeError):  # a locale without the terms
            continue
        if all(pair):
            found.append(pair)
    return tuple(found) or ENGLISH_QUOTES


def quoting(root: Any) -> tuple[bool, tuple[tuple[str, str], ...]]:
    """What :func:`finish` needs of the style's locale: its punctuation-in-quote option and
    its quotation marks."""
    option = root.get_locale_option("punctuation-in-quote")
    return str(option).lower() == "true", quotation_marks(root)


@functools.lru_cache(maxsize=16)
def _quote_then_punctuation(closing: tuple[str, ...]) -> re.Pattern[str]:
    """Closing marks (`closing`, longest first) followed by a period or comma. The marks may
    be several (a quotation ending a quoted title: “… ‘The One’”), and a display block may
    close between them and the punctuation (the end of a right-inline part)."""
    alternatives = "|".join(re.escape(mark) for mark in closing)
    return re.compile(rf"([.?!]?)((?:{alternatives})+)((?:</[a-z]+>|{marks.CLOSE})*)([.,])")


def finish(
    markup: str,
    punctuation_in_quote: bool = False,
    quotes: tuple[tuple[str, str], ...] = ENGLISH_QUOTES,
) -> str:
    """Final clean-up of one rendered entry.

    CSL 1.0.2, locale option ``punctuation-in-quote`` (true for en-US): a comma or period
    that follows a closing quotation mark goes inside it ("A review," not "A review",). A
    period is dropped when the quotation already ends with a period, "?" or "!"; a comma is
    kept after them ("Does psychology make a difference?," in), as the CSL test suite's
    fixtures ``punctuation_FullMontyQuotesIn`` and ``bugreports_IeeePunctuation`` and
    citeproc-js have it. Stock citeproc-py reads the option but never applies it. A closing
    single quote is taken as a quotation mark only when an opening one stands before it (not
    an apostrophe: "students’,").

    With ``punctuation-in-quote`` false (en-GB) the punctuation stays outside the quotation,
    but a period after a quotation that ends with a period is dropped, as citeproc-js drops
    it ("‘… task force report.’ American Psychologist", not "report.’."); after "?" or "!" it
    stays ("“Article A?”. J"), and so does a comma ("“Article A?”, Journal B", the CSL test
    suite's magic_PunctuationInQuoteFalseSuppressExtra).

    The quotation marks are the locale's (`quotes`, from :func:`quotation_marks`): French
    « … » too, so that fr-FR's "« … options. »" takes no second period, as both reference
    processors print it.
    """

    def move(m: re.Match[str]) -> str:
        inside, quote, tags, punctuation = m.groups()
        # A closing single quote with no opening one before it is an apostrophe
        # ("students’,"), no quotation mark.
        first = next(close for _, close in quotes if quote.startswith(close))
        opening = openers[first]
        if first == "’" and opening not in markup[: m.start()]:
            return m.group(0)
        if not punctuation_in_quote:
            # Outside, only a doubled period goes ("primer.’." -> "primer.’"; "A?”." stays).
            return f"{inside}{quote}{tags}" if inside == punctuation == "." else m.group(0)
        if inside and punctuation == ".":
            return f"{inside}{quote}{tags}"
        return f"{inside}{punctuation}{quote}{tags}"

    openers = {close: opening for opening, close in quotes}
    closing = tuple(sorted(openers, key=len, reverse=True))
    return _alternate_nested_quotes(_quote_then_punctuation(closing).sub(move, markup))


_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")


def _alternate_nested_quotes(markup: str) -> str:
    """CSL 1.0.2, locale terms "open-inner-quote" and "close-inner-quote": a quotation inside
    a quotation takes the inner marks (“A view of ‘Replications’”), as both reference
    processors print a quoted title that itself holds a quotation. Straight marks in the
    output come from the style alone (a value's own are made typographic when it is read):
    a pair the style writes around a value (prefix=" '" suffix="'") is a quotation too, so
    the value's quotation is the inner one (" 'Title with ‘quotes’ in it'"), as citeproc-js
    prints it; the style's straight marks stay as written."""
    if markup.count("“") + markup.count("'") + markup.count('"') < 2 or "“" not in markup:
        return markup
    out = []
    # For each open quotation: its closing mark, and whether it was made an inner one.
    stack: list[tuple[str, bool]] = []
    for piece in _TAG_OR_TEXT.split(markup):
        if piece.startswith("<"):
            out.append(piece)
            continue
        for n, char in enumerate(piece):
            before = piece[n - 1] if n else ""
            after = piece[n + 1 : n + 2]
            if char == "“":
                stack.append(("”", bool(stack)))
                out.append("‘" if stack[-1][1] else char)
            elif char == "”" and stack and stack[-1][0] == "”":
                out.append("’" if stack.pop()[1] else char)
            elif char in "'\"" and stack and stack[-1][0] == char and not after.isalnum():
                stack.pop()
                out.append(char)
            elif char in "'\"" and not before.isalnum() and after[:1].isalnum():
                stack.append((char, False))
                out.append(char)
            else:
                out.append(char)
    return "".join(out)
