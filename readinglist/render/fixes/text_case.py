"""CSL 1.0.2, "Text-case": title case as the specification and both reference processors
have it, for every item in English, with protected text part of its word."""

from __future__ import annotations

import bisect
import re
from typing import Any

from citeproc import model
from citeproc.string import MixedString, NoCase, String

from readinglist import richtext
from readinglist.csl.from_bibtex import TITLE_STOP_WORDS
from readinglist.render import marks
from readinglist.render.fixes.base import Element, current
from readinglist.render.reference import Markup, NoCaseMarkup, append_piece

# Title case treats the parts of "Meta-analysis", "arxiv.org/abs" and "Science:import" as
# words, and a part ends its head at a full stop or apostrophe followed by more of the word.
# Where a value's markup has a tag inside a word (read while title-casing only): the tag
# parts the word as a hyphen does ("e<sup>2</sup>EPCs" after a colon is "E2EPCs", as both
# reference processors print it), and takes no room in the text it cases.
TAG_BREAK = "\x00"
_WORD_PARTS = re.compile(r"([-/–—:\x00]|(?<=\w)\()")
# Stop words of CSL 1.0.2 title case, and the words both reference processors keep in lower
# case too: "about", and the name particles "de", "von" and "van" ("Journal de l’Association").
_TITLE_CASE_STOP_WORDS = TITLE_STOP_WORDS | {"about", "de", "von", "van"}
_TAG = re.compile(r"(<[^>]*>)")
_PART_HEAD = re.compile(r"(?<=\w)[.’'](?=\w)")
# What may stand before and after a word: quotation marks (the style's marked ones too) and
# brackets, then punctuation.
_OPENING_MARKS = f"“”‘’\"'([{{{marks.QUOTE_OPEN}{marks.QUOTE_CLOSE}"
_CLOSING_MARKS = f'.,;:!?”’")]}}{marks.QUOTE_CLOSE}'


def title_case(text: str) -> str:
    """CSL 1.0.2 title case: a lower-case word gets a capital, words in mixed or upper case
    keep theirs, stop words stay lower case unless first, last or after a colon. Parts of a
    hyphenated word are words ("Meta-Analysis"), as in both reference processors; a single
    lower-case letter ("p values") is a symbol and keeps its case. Parts after a slash are
    words too ("Arxiv.org/Abs"), as in pandoc, and so are parts after a colon, which follow a
    colon as a word does ("Science:Import", "Ratio:The Story"), as in citeproc-js. A stop word
    joined to the word before by a hyphen, a dash or a slash stays in lower case
    ("Step-by-Step", "Incarceration—and How", "Input/or"), as in both."""
    return upper_at(text, title_capitals(text))


_WORDS = re.compile(r"(\s+|[-‐–])")


def sentence_case(text: str) -> str:
    """CSL 1.0.2 "sentence" case: a word in lower case or capitalised ("Thesis") is set in
    lower case, the first word then gets a capital ("Master’s thesis"); a word with a
    capital after its first letter ("PhD", "DNA", "iPhone") keeps its case, as both
    reference processors keep "PhD thesis" (stock citeproc-py lowered every word: "Phd
    thesis"), and so does a word with a digit and a capital ("N400", "B12", "3D": a code or
    a name, whose case both keep, as our BibTeX reader keeps it). The parts of a hyphenated
    word are words ("Huntley-fenner", as both print a family name in sentence case). A word
    that opens a sentence after a colon, full stop, question or exclamation mark keeps its
    capital ("Extensive air showers: High energy
    phenomena", "U.s. Standard atmosphere", as both print a title sentence-cased through a
    macro, and APA asks); a full stop after a single letter ends an initial, not a sentence
    ("Professor j. ali", as both print it)."""
    pieces = _WORDS.split(text)
    first = True
    after_stop = False
    for n, piece in enumerate(pieces):
        letters = [c for c in piece if c.isalpha()]
        if not letters:
            continue
        if after_stop and letters[0].isupper():
            pass  # a sentence's first word, as written
        elif any(c.isdigit() for c in piece) and any(c.isupper() for c in letters):
            pass  # a code or a name with a digit ("N400", "3D", "B12"), as written
        elif not any(c.isupper() for c in letters[1:]):
            piece = piece.lower()
            if first:
                at = next(i for i, c in enumerate(piece) if c.isalpha())
                piece = piece[:at] + piece[at].upper() + piece[at + 1 :]
        pieces[n] = piece
        first = False
        end = piece.rstrip(_AFTER_SENTENCE)
        after_stop = (
            end.endswith((":", "?", "!")) or (end.endswith(".") and len(letters) > 1)
        ) and bool(pieces[n + 1 : n + 2] and pieces[n + 1].isspace())
    return "".join(pieces)


# What may close after a sentence's last mark: quotation marks and brackets.
_AFTER_SENTENCE = '”’")]'


def upper_at(text: str, capitals: list[int]) -> str:
    """`text` with the characters at `capitals` in upper case (one may become two: "ﬂ"
    becomes "FL", as both reference processors print it)."""
    if not capitals:
        return text
    chars = list(text)
    for index in capitals:
        chars[index] = chars[index].upper()
    return "".join(chars)


def title_capitals(text: str) -> list[int]:
    """Where :func:`title_case` puts a capital in `text`: the positions of the characters it
    upper-cases (title case changes nothing else). Words are parted by any white space, a
    no-break space too ("A\u00a0Case for", as both reference processors read it). A
    :data:`TAG_BREAK` parts a word and is not counted in the positions returned."""
    words = _SPACE.split(text)
    last = max((i for i, w in enumerate(words) if w), default=0)
    capitals = []
    after_colon = True
    offset = 0  # where the word starts in `text`
    for index, word in enumerate(words):
        whole = word.replace(TAG_BREAK, "")
        bare = whole.strip(_OPENING_MARKS).lower()
        bare = bare.rstrip(_CLOSING_MARKS)
        edge = after_colon or index == last
        stop = bare in _TITLE_CASE_STOP_WORDS and not edge
        parts = _WORD_PARTS.split(word)
        start = offset
        for n, part in enumerate(parts):
            part_start, start = start, start + len(part)
            if n % 2:
                continue  # a separator: "-", "/", ":"
            # Only the part's head decides: "stat.ML" -> "Stat.ML", "dell’Istituta" ->
            # "Dell’Istituta", while "cs229.stanford.edu" keeps "stanford" as it is.
            head = _PART_HEAD.split(part, maxsplit=1)[0]
            letters = [c for c in head if c.isalpha()]
            # The separator before this part, a tag's break looked through ("self-<i>and</i>").
            before = next((p for p in reversed(parts[:n]) if p and p != TAG_BREAK), "")
            colon = after_colon or before == ":"
            if (
                not letters
                or not all(c.islower() for c in letters)
                # "p-curve", "with r"; a lone letter opening the title or a part after a
                # colon gets its capital, one after a hyphen not ("ITU-t", "X-y Plots")
                or (len(letters) == 1 and not (colon and before in ("", ":")))
                or part.startswith("&")
            ):  # an HTML entity (&amp;) is not a word
                continue
            if stop and not before:
                continue
            if (
                not before
                and not after_colon
                and len(parts) > 2
                and parts[1] in "-–—/("
                and head.lower() in _TITLE_CASE_STOP_WORDS
            ):
                # "in-Hospital", "by-Laws" last in a title: a compound's parts are words,
                # the first of the title its first part, the last its last part
                continue
            if before and before in "-–—/" and head.lower() in _TITLE_CASE_STOP_WORDS:
                continue  # "Step-by-Step", "Text-to-Image", "Incarceration—and", "Input/or"
            if before == "(":
                # A bracket inside a word opens a word of its own ("Leap Motion(TM)"), as in
                # both reference processors; a stop word or a single letter in it stays as
                # it is ("Study(of)", "X-Ray(s)", "Re(a)d").
                inner = head.split(")", 1)[0]
                if inner.lower() in _TITLE_CASE_STOP_WORDS or sum(map(str.isalpha, inner)) < 2:
                    continue
            position = next(i for i, c in enumerate(part) if c.isalnum())
            if part[position].isalpha():  # "12th" keeps its case
                capitals.append(part_start + position)
        offset += len(word) + 1
        if whole:
            after_colon = whole.endswith((":", "?", "!", "."))
    if TAG_BREAK in text:  # positions in the text without its tag breaks
        breaks = [i for i, c in enumerate(text) if c == TAG_BREAK]
        capitals = [i - bisect.bisect_left(breaks, i) for i in capitals]
    return capitals


class TextCase(Element):
    """CSL 1.0.2 "Text-case" rules.

    Title case applies to items in English, and an item with no ``language`` is taken to be
    English: stock citeproc-py passes no language for labels and so never title-cases them
    ("(eds.)" instead of APA's "(Eds.)").

    Case is decided per word, and protected text (``nocase``) is part of its word: stock
    citeproc-py splits words at every protected span, so "Ar<span class="nocase">X</span>iv"
    became "Ar X Iv". We case the whole text once and put the protected characters back.

    An empty value has nothing to case and is left as it is (stock citeproc-py's
    capitalize-first failed on an empty given name).

    Small caps set the case of their letters themselves: an element's uppercase or lowercase
    leaves the text of a small-caps span inside it as written (a French style's family names,
    set in small caps by their cs:name-part, in a macro called with text-case="uppercase"),
    as pandoc's citeproc has it and as citeproc-js prints such names.
    """

    def _stock_case(self, text: Any, language: str) -> Any:
        case = self.get("text-case")
        if case in _TURKIC_CASES and language.lower().split("-")[0] in _TURKIC:
            text = _dotted(text, _TURKIC_CASES[case])
        if case == "sentence":
            if isinstance(text, (String, str)):
                return type(text)(sentence_case(str(text)))
            if isinstance(text, MixedString):
                cased = sentence_case("".join(str(segment) for segment in text))
                if len(cased) == sum(len(str(segment)) for segment in text):
                    return _recased(text, cased)
        return super().case(text, language)  # type: ignore[misc]

    def case(self, text: Any, language: str | None = None) -> Any:
        language = "en" if language is None else language
        if not self.get("text-case"):
            return text
        if isinstance(text, (str, list)) and not text:
            # Nothing to case in an empty value (a name whose given part is ""): stock
            # citeproc-py's capitalize-first reads its first character and failed, and as a
            # sort key that failure sank the whole list.
            return text
        if not isinstance(text, (String, MixedString)):
            # cs:name-part and cs:number take text-case too (CSL 1.0.2, "Text-case"); stock
            # citeproc-py hands them over as plain str or int, and its casing needs a String.
            # A name part is escaped HTML and may hold a value's markup ("<b>Doe</b>"): its
            # tags are not words and keep their case.
            pieces = [p for p in _TAG.split(str(text)) if p]
            if len(pieces) < 2:
                text = String(str(text))
            else:
                marked = MixedString()
                for piece in pieces:
                    marked += Markup(piece) if piece.startswith("<") else String(piece)
                return String("".join(str(s) for s in self.case(marked, language)))
        if all(_protected(segment) for segment in _segments(text)):
            # Wholly protected text (a value all in a nocase span, a cs:names' output)
            # keeps its case under every text-case, uppercase too, as both reference
            # processors print it: stock citeproc-py upper-cased a NoCase.
            return text
        if type(text) is Markup:
            text = MixedString([text])
        if isinstance(text, MixedString) and any(type(s) is Markup for s in text):
            return _cased_through_markup(self, text, language)
        if isinstance(text, MixedString) and text and all(isinstance(s, Markup) for s in text):
            return text  # a value's own markup: its tags are not words
        if not isinstance(text, MixedString) or len(text) < 2:
            if (
                self.get("text-case") == "title"
                and language == "en"
                and not isinstance(text, NoCase)
            ):
                return (
                    type(text)(title_case(str(text)))
                    if isinstance(text, String)
                    else (title_case(str(text)))
                )
            if self.get("text-case") in _CAPITALIZE and not isinstance(text, NoCase):
                return type(text)(capitalized(str(text), self.get("text-case") == "capitalize-all"))
            return self._stock_case(text, language)
        plain = "".join(_visible(segment) for segment in text)
        case = self.get("text-case")
        if (case == "title" and language == "en") or case in _CAPITALIZE:
            # Decided on the whole text, each capital put in its segment: one character may
            # become two ("ﬂexible" -> "FLexible"), and a protected span keeps its place.
            capitals = (
                title_capitals("".join(TAG_BREAK if type(s) is _Tag else _visible(s) for s in text))
                if case == "title"
                else capitalize_capitals(plain, every=case == "capitalize-all")
            )
            return _with_capitals(text, capitals)
        cased = str(self._stock_case(String(plain), language))
        if len(cased) != len(plain):  # whitespace collapsed or "ß" -> "SS": case segments
            return self._stock_case(text, language)
        kept = _in_small_caps(text) if self.get("text-case") in _CAPITALS else set()
        return _recased(text, cased, kept)


# Turkish and Azerbaijani pair the dotted i with the dotted capital İ, the dotless ı with I:
# an item in those languages is upper- and lower-cased by their pairs ("ic and ıd" is "İC AND
# ID"), as citeproc-js cases it (the CSL test suite's textcase_LocaleUnicode); Python's
# str.upper() knows no language.
_TURKIC = frozenset({"tr", "az"})
_TURKIC_CASES = {
    "uppercase": str.maketrans({"i": "İ"}),
    "lowercase": str.maketrans({"I": "ı", "İ": "i"}),
}


def _dotted(text: Any, table: dict[int, str]) -> Any:
    """`text` with its i's turned by `table`, protected segments kept as they are."""
    if isinstance(text, MixedString):
        return MixedString([_dotted(segment, table) for segment in text])
    if _protected(text) or not isinstance(text, str):
        return text
    return type(text)(str(text).translate(table))


class _Tag(Markup):
    """An HTML tag of a value's markup, taken out of its text while that is cased."""


def _visible(segment: Any) -> str:
    """A segment's text as words are read from it: a value's markup without its tags."""
    text = str(segment)
    return _TAG.sub("", text) if isinstance(segment, Markup) else text


def _cased_through_markup(element: TextCase, text: Any, language: str | None) -> Any:
    """`text` cased by `element` through the value's own formatting markup, as CSL 1.0.2 has
    it (only a ``nocase`` span protects text from a text-case; "of <i>this</i>" is "Of
    <i>This</i>" in title case, as both reference processors print it): each formatted
    segment is cased as its tags and its text, then put back together. Italics and bold
    are cased; text in small caps, superscript or subscript keeps its case under every
    text-case, as both processors print it ("use of <sup>this</sup>" is "Use of this" in
    title case), and so does text in a ``nodecor`` span, as citeproc-js and the CSL test
    suite's flipflop_ItalicsWithOkAndTextcase have it ("Lessard v. Schmidt")."""
    flat: list[Any] = []
    spans: list[int] = []  # for each segment of `text`: how many pieces of `flat` it became
    for segment in text:
        if type(segment) is Markup:
            pieces = [p for p in _TAG.split(str(segment)) if p]
            protecting: list[bool] = []  # for each open tag: whether it keeps its text's case
            for piece in pieces:
                if piece.startswith("</"):
                    if protecting:
                        protecting.pop()
                    flat.append(_Tag(piece))
                elif piece.startswith("<"):
                    protecting.append(_keeps_case(piece))
                    flat.append(_Tag(piece))
                else:
                    flat.append(NoCase(piece) if any(protecting) else String(piece))
            spans.append(len(pieces))
        else:
            flat.append(segment)
            spans.append(1)
    cased = list(element.case(MixedString(flat), language))
    if len(cased) != len(flat):
        return text  # pieces merged at a seam: leave the value as it was
    out: list[Any] = []
    position = 0
    for segment, count in zip(text, spans, strict=True):
        pieces = cased[position : position + count]
        position += count
        out.append(Markup("".join(map(str, pieces))) if type(segment) is Markup else pieces[0])
    return MixedString(out)


def _keeps_case(tag: str) -> bool:
    """Whether the text an opening tag of a value's markup formats keeps its case."""
    if tag.startswith("<span"):
        return "nodecor" in tag or richtext.span_kind(tag) == "sc"
    return tag in ("<sup>", "<sub>")


def _recased(text: Any, cased: str, kept: set[int] | frozenset[int] = frozenset()) -> Any:
    """`text` (a MixedString) with the characters of `cased`, its plain text cased (as long
    as it), segment by segment; protected (``nocase``) segments and those at `kept` stay as
    they are."""
    out: list[Any] = []
    position = 0
    for n, segment in enumerate(text):
        width = len(_visible(segment))
        if isinstance(segment, NoCase) or n in kept:
            append_piece(out, segment)
        else:
            append_piece(out, type(segment)(cased[position : position + width]))
        position += width
    return MixedString(out)


def _with_capitals(text: Any, capitals: list[int]) -> Any:
    """`text` (a MixedString) with the characters at `capitals` of its plain text in upper
    case, protected (``nocase``) segments left as they are."""
    out: list[Any] = []
    position = 0
    for segment in text:
        width = len(_visible(segment))
        first, last = (bisect.bisect_left(capitals, p) for p in (position, position + width))
        inside = [i - position for i in capitals[first:last]]
        if inside and not isinstance(segment, NoCase):
            append_piece(out, type(segment)(upper_at(str(segment), inside)))
        else:
            append_piece(out, segment)
        position += width
    return MixedString(out)


_CAPITALIZE = ("capitalize-first", "capitalize-all")
_WORDS_AND_SPACES = re.compile(r"(\s+)")
_SPACE = re.compile(r"\s")  # one white-space character: a word's offset moves by one
# What a word may open with for capitalize-first and -all: brackets and opening quotation
# marks, not an apostrophe ("’ggplot2’" keeps its case, as both reference processors print it).
_WORD_OPENERS = f'([{{“‘"{marks.QUOTE_OPEN}'
# What parts a word for capitalize-all: hyphens and slashes ("E-Print", "Race/Ethnicity").
_WORD_PARTS_ALL = re.compile(r"([-‐–/])")
_HEAD = re.compile(r"\w+")


def capitalized(text: str, every: bool = False) -> str:
    """CSL 1.0.2 "capitalize-first" (the first word) and "capitalize-all" (`every` word, the
    parts of a hyphenated one too, and those after a slash: "E-Print", "Race/Ethnicity",
    "Https://Example.org/Path"): a word in lower case gets a capital first letter, after an
    opening bracket ("(Doctoral"); a word with a capital in it ("arXiv", "eLife", "iPhone")
    or opening with a digit ("3rd") keeps its case, as both reference processors print them.
    A word ends at punctuation: a URL's "https" is a word of its own ("Https://CRAN…", as
    both print it). Stock citeproc-py capitalises the first character whatever the word
    ("ArXiv")."""
    return upper_at(text, capitalize_capitals(text, every))


def capitalize_capitals(text: str, every: bool = False) -> list[int]:
    """Where :func:`capitalized` puts a capital in `text` (the positions it upper-cases)."""
    capitals = []
    offset = 0
    for piece in _WORDS_AND_SPACES.split(text):
        piece_start, offset = offset, offset + len(piece)
        if not piece or piece.isspace():
            continue
        parts = _WORD_PARTS_ALL.split(piece) if every else [piece]
        part_start = piece_start
        for m, part in enumerate(parts):
            here, part_start = part_start, part_start + len(part)
            if m % 2:
                continue  # a hyphen or slash
            start = len(part) - len(part.lstrip(_WORD_OPENERS))  # "(Doctoral", "“Théologie”"
            head = _HEAD.match(part, start)  # "https" of a URL, "arXiv" of "arXiv:2206"
            if head and head.group().islower() and head.group()[0].isalpha():
                capitals.append(here + start)
        if not every:
            break
    return capitals


# Cases small caps set by themselves: text in small caps keeps its case under these.
_CAPITALS = ("uppercase", "lowercase")


def _in_small_caps(text: Any) -> set[int]:
    """The positions of the segments of `text` (a value's markup and its text) that stand in
    a small-caps span."""
    inside: set[int] = set()
    spans: list[bool] = []  # for each open span: whether it sets small caps
    for n, segment in enumerate(text):
        if isinstance(segment, Markup):
            tag = str(segment)
            if tag.startswith("<span"):
                spans.append(richtext.span_kind(tag) == "sc")
            elif tag == "</span>" and spans:
                spans.pop()
        elif any(spans):
            inside.add(n)
    return inside


class NamesKeepTheirCase(Element):
    """CSL 1.0.2, "Text-case" and "Name-part Formatting": a name's case is set by its
    cs:name-part alone. What a cs:names prints of its names (and their label and et-al) is
    left as it is by a text-case of an element around it: an editor macro called with
    text-case="capitalize-all" prints "Maaren, H. van" and "(editors)", as both reference
    processors print them (myrmecological-news). A substitute's text is no name and is cased
    (the processors differ there: pandoc cases it, citeproc-js does not)."""

    def wrap(self, string: Any) -> Any:
        output = super().wrap(string)  # type: ignore[misc]
        if not output or current().substituted:
            return output
        return MixedString([_uncased(segment) for segment in _segments(output)])


def _protected(segment: Any) -> bool:
    """Whether `segment` is text that no text-case changes (a value's formatting markup,
    whose text is cased, is not)."""
    return isinstance(segment, NoCase) and type(segment) not in (Markup, _Tag)


def _segments(text: Any) -> list[Any]:
    return list(text) if isinstance(text, MixedString) else [text]


def _uncased(segment: Any) -> Any:
    """A piece of a cs:names' output that no text-case changes (its formatting tags kept)."""
    if _protected(segment):
        return segment
    text = str(segment)
    return NoCaseMarkup(text) if "<" in text else NoCase(text)


MIXINS: tuple[tuple[Any, type], ...] = (
    (model.TextCased, TextCase),
    (model.Names, NamesKeepTheirCase),
)
