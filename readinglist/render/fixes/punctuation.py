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

import html
import re
from collections.abc import Iterable
from typing import Any

from citeproc import model
from citeproc.source import VariableError
from citeproc.string import SEAM_PUNCTUATION, MixedString, String, _strip_first_char

from readinglist.render import marks
from readinglist.render.fixes.base import _ANSWERS, _NO_ANSWERS, Element, current

_TRAILING_TAGS = re.compile(r"(?:</[a-z]+>)+$")
_MARK_THEN_QUOTE = re.compile(rf"[?!]{marks.QUOTE_CLOSE}+(?:</[a-z]+>)*$")
_TRAILING_ENTITY = re.compile(r"&(?:[a-z]+|#[0-9]+|#x[0-9a-f]+);$", re.I)
# Marks that end no text of their own (removed before output): seams look through them.
_TRANSPARENT_ENDS = marks.CLOSE + marks.GIVEN_ROLE[1] + marks.FAMILY_ROLE[1]


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


def _without_third_char(other: Any) -> Any:
    """`other`, a display block's opening mark and text, without the text's first character."""
    if isinstance(other, MixedString):
        segments = list(other)
        if segments and len(str(segments[0])) == 2 and len(segments) > 1:
            return MixedString([segments[0], _strip_first_char(segments[1]), *segments[2:]])
        return other
    text = str(other)
    return type(other)(text[:2] + text[3:])


def join_seam(left: Any, other: Any) -> Any:
    """`other`, without a first character that would double or follow wrongly the end of
    `left`: no double space, no doubled punctuation, no "?." or ":." (each side turned into
    text once: this runs for every piece of every entry)."""
    # A display block's end mark stands where no text is: punctuation meets across it
    # (the layout's "." after a right-inline block that ends in "." is one period), and so
    # does the mark that closes a name's particle ("S de." and a cs:name's suffix ".").
    before = str(left).rstrip(_TRANSPARENT_ENDS)
    text = str(other)
    if not before or not text:
        return other
    if text[0] == marks.OPEN and len(text) > 2:
        # A display block opening with the mark that ends the text before it (a prefix ". "
        # after a left margin "n.d."): the mark prints once, as citeproc-js prints it.
        if text[2] == before[-1] and text[2] in SEAM_PUNCTUATION:
            return _without_third_char(other)
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
    if last == ">" and first in ",;:!?":
        # The same mark behind closing tags prints once too: "<i>Workshop on ERLANG,</i>" +
        # ", pp." as both reference processors print it (a period: below).
        bare = _TRAILING_TAGS.sub("", before)
        tail = bare[-1:]
        doubled = tail == first or (first == ":" and tail in ";!?")
        escaped = tail == ";" and bool(_TRAILING_ENTITY.search(bare))  # "&amp;": no ";"
        if bare != before and doubled and not escaped:
            return _strip_first_char(other)
    if (
        last == " "
        and first in ".,"
        and text[1:2] == " "
        and len(before) > 1
        and not current().sorting
    ):
        # "Title. " + ". https…": a mark and its space, after the same mark (or a period after
        # "?", "!", ":" or ";") and a space that end a cs:names' output, print once, as both
        # reference processors print a substituted title's suffix before a group's prefix;
        # after another element's both print them twice (austrian-legal's "(Hrsg), ,
        # Verlag"). Printed text only: a sort key keeps its pieces.
        mark = before[-2]
        if mark == first or (first == "." and mark in "?!:;"):
            names = str(current().names_output)
            if names and before.endswith(names.rstrip(_TRANSPARENT_ENDS)):
                return _strip_first_char(_strip_first_char(other))
    if first == "." and not text.startswith(".."):
        bare = _TRAILING_TAGS.sub("", before) if last == ">" else before
        # "statistic?" + "." and, behind closing tags, "<i>Behav.</i>" + "." and
        # "<b>Smith;</b>" + "." (an escaped "&amp;" ends in no semicolon)
        if bare.endswith(("?", "!")) or (
            bare != before
            and bare.endswith((".", ":", ";"))
            and not (bare.endswith(";") and _TRAILING_ENTITY.search(bare))
        ):
            return _strip_first_char(other)
    return other


def join(items: Iterable[Any], delimiter: Any = "") -> Any:
    """Pieces of output joined by `delimiter`, with our seam rules at every joint."""
    pieces = iter(items)
    try:
        output = next(pieces)
    except StopIteration:
        return String("")
    previous = output
    closed = None
    for piece in pieces:
        if closed is None:  # asked once there is a joint (most joins have one piece)
            closed = current().closed_quotations
        glue = delimiter
        if closed and closed.get(id(previous)) is previous:
            # A period or colon after a quotation ending in "?" or "!" that closed inside a
            # group or macro goes, the delimiter's or the next piece's prefix ("‘Is It?’
            # Journal"): only the quoted element's own affixes and its group's delimiter
            # keep it.
            if str(glue)[:1] in (".", ":"):
                glue = _strip_first_char(glue)
            elif not glue and str(piece)[:1] in (".", ":"):
                piece = _strip_first_char(piece)
        output = output + join_seam(output, glue)
        output = output + join_seam(output, piece)
        previous = piece
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
        # A group's, macro's or layout's suffix "." or ":" after a quotation ending in "?"
        # or "!" merges with it, as both reference processors merge it ("‘Are the results
        # valid?’", not "valid?’."; "speech?” Vol." in journal-of-the-korean-society-of-
        # civil-engineers); the suffix of a variable's own cs:text and a delimiter do not
        # ("“A?”. J"), unless the quotation closed inside a group or macro (:func:`join`).
        if (
            suffix[:1] in (".", ":")
            and self.answer("wraps output", self._wraps_output)
            and _MARK_THEN_QUOTE.search(str(text))
        ):
            suffix = suffix[1:]
        if not suffix and self.answer("wraps output", self._wraps_output):
            return closing(text)  # the container's output, a prefix before it
        if (
            suffix in (".", ",")
            and isinstance(self, model.Names)
            and str(text).endswith(suffix + " ")
        ):
            # A cs:names' suffix after the same mark and a space that ends what it printed
            # (its substitute's suffix: "Title, " then ","): the mark prints once, as both
            # reference processors print it ("Title, b.d."; "Title, , b.d." was ours).
            return text
        if suffix in (".", ",") and isinstance(self, model.Layout):
            # So does the layout's after an entry whose last words are a cs:names' output
            # ending in that mark and a space (a title standing in for the author, with the
            # names' suffix ". ", and nothing after it: "Coursera.", where we printed
            # "Coursera. ."); after any other element's ". " both processors print ". ."
            # (geneses' "2017c. .", the CSL test suite's bugreports_NoTitle "(n.d.). .").
            ending = str(text).rstrip(_TRANSPARENT_ENDS)
            names = str(current().names_output)
            if ending.endswith(suffix + " ") and names and ending.endswith(names):
                return _without_last_space(text)
        return text + join_seam(text, suffix)

    def _wraps_output(self) -> bool:
        return isinstance(self, (model.Group, model.Layout)) or (
            isinstance(self, model.Text) and "macro" in self.attrib
        )


class NamesOutputKept(Element):
    """cs:names: what it printed is kept for the seams after it (:func:`join_seam` and the
    layout's suffix meet a cs:names' own ending): with its affixes, or the names alone (a
    name part's suffix ", " may end them), but not a substitute's text without affixes of
    the cs:names (a substituted title's own ". " stays doubled, as citeproc-js prints it)."""

    def wrap(self, string: Any) -> Any:
        state = current()
        if not state.substituted or affix(self, "prefix") or affix(self, "suffix"):
            # Its own suffix meets what it printed as the marks after it will ("No authors
            # listed: " and the suffix ". ": one mark, as both reference processors print it).
            state.names_output = string
            output = super().wrap(string)  # type: ignore[misc]
            state.names_output = output
            return output
        return super().wrap(string)  # type: ignore[misc]


def _without_last_space(text: Any) -> Any:
    """`text` without the space before its end (display marks after it kept), its
    (Mixed)String pieces kept apart."""
    if isinstance(text, MixedString) and len(text):
        segments = list(text)
        segments[-1] = _without_last_space(segments[-1])
        return MixedString(segments)
    value = str(text)
    ends = len(value) - len(value.rstrip(_TRANSPARENT_ENDS))
    cut = len(value) - ends - 1
    if cut < 0 or value[cut] != " ":
        return text
    return type(text)(value[:cut] + value[cut + 1 :])


def closing(output: Any) -> Any:
    """A group's or macro's `output`, remembered for :func:`join` when it ends with a
    quotation ending in "?" or "!" (citeproc-js drops a delimiter's period after it, and
    pandoc every period after such a quotation). Called where a group or macro hands its
    output on: a group's pieces joined, a macro's call, and the affixes around either."""
    last = output
    while isinstance(last, list) and last:  # citeproc-py's MixedString: its last piece
        last = list.__getitem__(last, -1)  # (its own [] joins every piece into a string)
    # Only a quotation's closing mark counts (quotes="true", or a value's own quotation):
    # quotation marks a style writes as affixes are text, and a period after them stays
    # ("speech?”. 15", as both reference processors print revista-cubana-de-meteorologia's).
    # A quotation in italics, or set back on the baseline, ends in the closing tags around
    # it ("?» ." in universite-laval-departement-des-sciences-historiques, whose title macro
    # is called with vertical-align="baseline"): the regular expression reads through them.
    end = last[-1:] if isinstance(last, str) else ""
    ends = end == marks.QUOTE_CLOSE or (end == ">" and marks.QUOTE_CLOSE in last)
    if ends and _MARK_THEN_QUOTE.search(str(output)):
        current().closed_quotations[id(output)] = output
    return output


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


def rendered_children(
    element: Any, item: Any, delimiter: str, printed: list[int] | None = None, **kwargs: Any
) -> list[Any]:
    """The output of each child of `element` that renders (a child whose variable is missing
    renders nothing); a cs:choose child gets the enclosing delimiter. `printed`, when given,
    receives the index of each child that rendered."""
    output = []
    children = element.__dict__.get(_ANSWERS, _NO_ANSWERS).get("children and choices")
    if children is None:
        children = element.answer("children and choices", _children_and_choices, element)
    for index, (child, choose) in enumerate(children):
        try:
            if choose:
                text = child.render(item, delimiter=delimiter, **kwargs)
            else:
                text = child.render(item, **kwargs)
        except VariableError:
            continue
        if text is not None:
            output.append(text)
            if printed is not None:
                printed.append(index)
    return output


def _children_and_choices(element: Any) -> tuple[tuple[Any, bool], ...]:
    """Each child of `element`, and whether it is a cs:choose (the style's tree does not change
    once loaded)."""
    return tuple((child, isinstance(child, model.Choose)) for child in element.iterchildren())


class QuotesByDepth(Element):
    """quotes="true": the quotation is marked (:mod:`readinglist.render.marks`) and given its
    marks when the entry is finished, by how deep it stands in other quotations
    (:func:`finish`). Stock citeproc-py writes the locale's outer marks at once, so German
    printed a quoted title holding a quotation as „… “Dodo bird” …“, where both reference
    processors print „… ‚Dodo bird‘ …“."""

    def quote(self, string: Any) -> Any:
        if str(self.get("quotes", "false")).lower() != "true":
            return string
        return String(marks.QUOTE_OPEN) + string + String(marks.QUOTE_CLOSE)


MIXINS: tuple[tuple[Any, type], ...] = (
    (model.Quoted, QuotesByDepth),
    (model.Names, NamesOutputKept),
    (model.Affixed, AffixSeams),
    (model.Delimited, DelimiterSeams),
    (model.Parent, ChildSeams),
)

# The locale's quotation marks, (open, close): outer, then inner (en-US's).
ENGLISH_QUOTES: tuple[tuple[str, str], ...] = (("“", "”"), ("‘", "’"))


def quotation_marks(root: Any) -> tuple[tuple[str, str], ...]:
    """The (open, close) quotation marks of the style's locale, outer then inner: the terms
    open-quote, close-quote, open-inner-quote and close-inner-quote (French « », with their
    no-break spaces; German „ “). A mark is printed as the locale writes it: a straight
    "'" is the mark itself, no apostrophe to print typographic (sorbonne-student-law-review's
    inner quotes, "'Bieber Fever'", as both reference processors print them)."""
    found = []
    for kind in ("", "inner-"):
        try:
            pair = (
                _term_as_written(root, f"open-{kind}quote"),
                _term_as_written(root, f"close-{kind}quote"),
            )
        except (IndexError, KeyError, AttributeError):  # a locale without the terms
            continue
        if all(pair):
            found.append(pair)
    return tuple(found) or ENGLISH_QUOTES


def _term_as_written(root: Any, name: str) -> str:
    """The text of the term `name` (its single form) as the locale writes it, as HTML."""
    term = root.get_term(name)
    if term is None:
        return ""
    single = term.find("cs:single", term.nsmap)
    return html.escape((single if single is not None else term).text or "", quote=False)


def quoting(root: Any) -> tuple[bool, tuple[tuple[str, str], ...]]:
    """What :func:`finish` needs of the style's locale: its punctuation-in-quote option and
    its quotation marks."""
    option = root.get_locale_option("punctuation-in-quote")
    return str(option).lower() == "true", quotation_marks(root)


# One or more closing quotation marks followed by a period or comma; a display block may close
# between them and the punctuation (the end of a right-inline part).
_QUOTE_THEN_PUNCTUATION = re.compile(
    rf"([.?!:;,]?)((?:</[a-z]+>)*)({marks.QUOTE_CLOSE}+)((?:</[a-z]+>|{marks.CLOSE})*)([.,])"
)


def finish(
    markup: str,
    punctuation_in_quote: bool = False,
    quotes: tuple[tuple[str, str], ...] = ENGLISH_QUOTES,
) -> str:
    """Final clean-up of one rendered entry: its quotations (the style's and the values',
    marked while it was rendered) get their punctuation and their marks, and an escaped
    hyphen of a number variable is a hyphen again.

    CSL 1.0.2, locale option ``punctuation-in-quote`` (true for en-US): a comma or period
    that follows a closing quotation mark goes inside it ("A review," not "A review",). A
    period is dropped when the quotation already ends with a period, "?", "!", ":" or ";"
    (“… metaphors go bad:” as both reference processors print it); a comma is
    kept after them ("Does psychology make a difference?," in), as the CSL test suite's
    fixtures ``punctuation_FullMontyQuotesIn`` and ``bugreports_IeeePunctuation`` and
    citeproc-js have it. Stock citeproc-py reads the option but never applies it.

    With ``punctuation-in-quote`` false (en-GB) the punctuation stays outside the quotation,
    but a period after a quotation that ends with a period is dropped, as citeproc-js drops
    it ("‘… task force report.’ American Psychologist", not "report.’."); after "?" or "!" it
    stays ("“Article A?”. J"), and so does a comma ("“Article A?”, Journal B", the CSL test
    suite's magic_PunctuationInQuoteFalseSuppressExtra); in French "« … options. »" takes no
    second period, as both reference processors print it.

    Only quotations count: quotation marks a style writes as affixes or terms are text
    (chimia's prefix "‘" and suffix "’" keep the comma after them, "‘Practical
    meta-analysis.’,", as both reference processors print it). The marks are then the
    locale's (`quotes`, from :func:`quotation_marks`), by depth (:func:`_quotations_by_depth`).
    """

    def move(m: re.Match[str]) -> str:
        # The quotation's last mark, the tags closed inside it (an italic title quoted:
        # "constraints.</i>”"), its closing mark, the tags after it, the punctuation.
        inside, closed, quote, tags, punctuation = m.groups()
        # A quotation that closes inside formatting (a value's own quotation in an italic
        # title: "<i>“… MATLAB”</i>, First") keeps the punctuation after the formatting
        # outside, as both reference processors print european-journal-of-neuroscience's
        # edition after it (pandoc always; citeproc-js for an affix).
        moves = punctuation_in_quote and "</" not in tags
        if inside == ",":
            # A comma after a quotation that ends with one goes, whether it would move in or
            # stay out ("2017,’ n.d.", not "2017,’, n.d." or "2017,,”"), as both reference
            # processors print it; any other mark after it stays where it is.
            if punctuation == ",":
                return f"{inside}{closed}{quote}{tags}"
            if not moves:
                return m.group(0)
            return f",{closed}{punctuation}{quote}{tags}"
        if not moves:
            # Outside, only a doubled period goes ("primer.’." -> "primer.’"; "A?”." stays).
            if inside == punctuation == ".":
                return f"{inside}{closed}{quote}{tags}"
            return m.group(0)
        if inside and punctuation == ".":
            return f"{inside}{closed}{quote}{tags}"
        return f"{inside}{closed}{punctuation}{quote}{tags}"

    if marks.ESCAPED_HYPHEN in markup:
        markup = markup.replace(marks.ESCAPED_HYPHEN, "-")
    if marks.QUOTE_OPEN not in markup:
        return markup
    return _quotations_by_depth(_QUOTE_THEN_PUNCTUATION.sub(move, markup), quotes)


def _quotations_by_depth(markup: str, quotes: tuple[tuple[str, str], ...]) -> str:
    """CSL 1.0.2, locale terms "open-quote", "close-quote", "open-inner-quote" and
    "close-inner-quote": a quotation takes the locale's outer marks, one inside it the inner
    marks, one inside that the outer again. The quotations are those the style asks for
    (quotes="true", marked by :class:`QuotesByDepth`) and those of the values (marked when
    they are read, :func:`readinglist.render.reference.typographic`): a value's quotation at
    the top prints in the locale's marks too (French "On « Networks »", German „Networks“),
    as both reference processors print them. Quotation marks the style writes as affixes are
    text, no quotation: the value's quotation inside them is an outer one (" 'Title with
    “quotes” in it'" in en-US, " 'Title with ‘quotes’ in it'" in en-GB, the CSL suite's
    quotes_QuotesUnderQuotesFalse), as both reference processors print it."""
    levels = (quotes[0], quotes[1] if len(quotes) > 1 else quotes[0])
    out = []
    # For each open quotation, the mark that closes it.
    stack: list[str] = []
    for char in markup:
        if char == marks.QUOTE_OPEN:
            opening, closing = levels[len(stack) % 2]
            stack.append(closing)
            out.append(opening)
        elif char == marks.QUOTE_CLOSE:
            out.append(stack.pop() if stack else levels[0][1])
        else:
            out.append(char)
    return "".join(out)
