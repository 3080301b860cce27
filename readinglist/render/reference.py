"""CSL-JSON items as citeproc-py references: what readinglist feeds the engine.

CSL-JSON values are CSL "rich text". Stock citeproc-py only understands
``<span class="nocase">`` and prints every other tag literally, and it never escapes values
for HTML. We parse the markup ourselves: known tags become formatting, everything else is
text, and all text is HTML-escaped before citeproc-py sees it.

The reference and citation-item classes here are our own subclasses, so that their faster
look-ups apply to readinglist's renderings only.
"""

from __future__ import annotations

import html
import marshal
import re
from typing import Any

from citeproc import DATES
from citeproc.source import (
    CitationItem,
    Date,
    DateRange,
    LiteralDate,
    Name,
    Reference,
    VariableError,
)
from citeproc.string import MixedString, NoCase, String, normalize_seam

from readinglist.bibtex import latex
from readinglist.csl.from_bibtex import is_web_url, no_pagination, to_rich_text
from readinglist.render import marks
from readinglist.render.csljson import (
    ALIASES,
    KNOWN_VARIABLES,
    NAME_VARIABLES,
    note_variables,
    parsed_family,
)

CslItem = dict[str, Any]

_MARKUP = re.compile(
    r'(<i>|</i>|<b>|</b>|<sup>|</sup>|<sub>|</sub>|<sc>|</sc>|<span class="nocase">'
    r'|<span class="nodecor">|<span style="font-variant:\s*small-caps;?">|</span>)'
)
_OPEN = {
    "<i>": "i",
    "<b>": "b",
    "<sup>": "sup",
    "<sub>": "sub",
    "<sc>": "sc",
    '<span class="nocase">': "nocase",
    '<span class="nodecor">': "nodecor",
}
_CLOSE = {"</i>": "i", "</b>": "b", "</sup>": "sup", "</sub>": "sub", "</sc>": "sc"}
# Italics, bold and small caps of a value are marked "flipflop", nodecor is a class of its own:
# each is resolved once the entry is rendered (readinglist.render.formatter.undecorated), by
# the formatting around it.
_HTML_TAGS = {
    "i": ('<i class="flipflop">', "</i>"),
    "b": ('<b class="flipflop">', "</b>"),
    "sup": ("<sup>", "</sup>"),
    "sub": ("<sub>", "</sub>"),
    "sc": ('<span class="flipflop" style="font-variant:small-caps;">', "</span>"),
    "nodecor": ('<span class="nodecor">', "</span>"),
}


class Markup(NoCase):  # type: ignore[misc]
    """Text that carries its own (already escaped) HTML formatting. Stock citeproc-py leaves
    its case alone; our text-case (readinglist.render.fixes.text_case) cases the text between
    its tags, as CSL 1.0.2 has it: only ``nocase`` protects text from a text-case."""


class NoCaseMarkup(Markup):
    """Formatted text inside a ``nocase`` span: its case is left alone."""


def append_piece(pieces: list[Any], piece: Any) -> None:
    """`piece` added to `pieces` as citeproc-py's MixedString adds it (its seam rule reads
    the last character before it; an empty piece is none), without joining everything
    before it into one string each time: a value of thousands of pieces is read, and cased,
    in linear time."""
    if pieces and piece != "":
        piece = normalize_seam(pieces[-1], piece)
    if piece != "" and piece != []:
        pieces.append(piece)


_MATH = re.compile(r"\$([^$\n]{1,80})\$")


def rich_text(value: object) -> MixedString:
    """CSL rich text -> citeproc-py string segments, with every bit of text HTML-escaped.

    TeX math that a converter left in a value ("$p$-hacking") is shown as its text, as the
    reference processors do."""
    text = _MATH.sub(lambda m: to_rich_text(latex.parse(m.group(0))), str(value))
    output: list[Any] = []
    stack: list[str] = []
    for piece in _typographic_pieces(_MARKUP.split(text)):
        if not piece:
            continue
        if piece in _OPEN:
            stack.append(_OPEN[piece])
            continue
        if piece.startswith("<span style"):
            stack.append("sc")
            continue
        if piece in _CLOSE or piece == "</span>":
            want = _CLOSE.get(piece)
            for i in range(len(stack) - 1, -1, -1):
                if (want is None and stack[i] in ("nocase", "sc", "nodecor")) or stack[i] == want:
                    del stack[i]
                    break
            continue
        escaped = html.escape(piece, quote=False)
        marks = [m for m in stack if m != "nocase"]
        if marks:
            for mark in reversed(marks):
                open_tag, close_tag = _HTML_TAGS[mark]
                escaped = open_tag + escaped + close_tag
            append_piece(output, NoCaseMarkup(escaped) if "nocase" in stack else Markup(escaped))
        elif "nocase" in stack:
            append_piece(output, NoCase(escaped))
        else:
            append_piece(output, String(escaped))
    return MixedString(output)


# A quotation in a value: an opening mark at the start or after a space, an opening bracket
# or another opening mark, followed by a word; the closing mark after a word, before a space,
# a punctuation mark or the end (an apostrophe inside a word, "don't", closes nothing). A
# typographic double mark opens a quotation wherever it stands, as both reference processors
# read it ("Learning,“flow,” and happiness": ‘flow,’ inside a quoted title).
_BEFORE_OPENING = rf"(^|(?<=[\s(\[{{“‘\"'{marks.QUOTE_OPEN}]))"
_AFTER_CLOSING = rf"(?=$|[\s.,;:!?)\]}}”’\"'…—–{marks.QUOTE_CLOSE}-])"
_QUOTATIONS = tuple(
    re.compile(rf"{before}{opening}(?=\S)([^{opening}{closing}]*?\S){closing}{after}")
    for opening, closing, before, after in (
        ("'", "'", _BEFORE_OPENING, r"(?!\w)"),  # 'words' (a closing mark not inside a word)
        ("‘", "’", _BEFORE_OPENING, r"(?!\w)"),
        ('"', '"', _BEFORE_OPENING, _AFTER_CLOSING),
        ("“", "”", "()", ""),
    )
)
_QUOTE_CHARACTERS = re.compile("['\"“‘]")
_INNER_APOSTROPHE = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])")
# The marks a value cannot hold (the reader drops private-use characters; these are ours).
_OUR_MARKS = (marks.OPEN, marks.CLOSE, marks.QUOTE_OPEN, marks.QUOTE_CLOSE)
_NO_MARKS = {ord(m): None for m in _OUR_MARKS}
_ANY_MARK = re.compile(f"[{''.join(_OUR_MARKS)}]")


def _typographic_pieces(pieces: list[str]) -> list[str]:
    """The text pieces between markup tags with :func:`typographic` marks, decided on their
    text as one: a quote mark before a tag opens the word the tag starts ("{{I}} Have a
    Dream" in quotes is “I Have a Dream”, not ”I …”). The tags are left as they are."""
    whole = "".join(pieces)
    if not _QUOTE_CHARACTERS.search(whole):  # no marks to decide: most values
        if not whole.isascii() and _ANY_MARK.search(whole):
            return [p if _MARKUP.fullmatch(p) else p.translate(_NO_MARKS) for p in pieces]
        return pieces
    texts = [n for n, piece in enumerate(pieces) if piece and not _MARKUP.fullmatch(piece)]
    plain = [pieces[n].translate(_NO_MARKS) for n in texts]
    joined = typographic("".join(plain))  # one mark for one mark: the lengths stay
    out = list(pieces)
    start = 0
    for n, piece in zip(texts, plain, strict=True):
        out[n] = joined[start : start + len(piece)]
        start += len(piece)
    return out


def typographic(text: str) -> str:
    """A value's quotations and apostrophes, as both reference processors read them: a pair
    of marks around words is a quotation, single or double, straight or typographic ("rock
    'n' roll" too), written between :data:`marks.QUOTE_OPEN` and :data:`marks.QUOTE_CLOSE`
    so that the entry prints it in its locale's marks, outer or inner by how deep it stands
    (:func:`readinglist.render.fixes.punctuation.finish`). Every other straight single mark
    is an apostrophe (’: "don’t", "the ’90s", "6’"); every other straight double mark stays
    as written, being no quotation ("a 12" record", "The" weapons effect," demand" as Google
    Scholar writes ``…''). Our own private-use marks are dropped: in a value they would open
    or close a block or a quotation."""
    if not text.isascii() and _ANY_MARK.search(text):
        text = text.translate(_NO_MARKS)
    if not _QUOTE_CHARACTERS.search(text):
        return text
    # A straight mark between two letters is an apostrophe, never a quotation's end: "'You're
    # a Dog'" is one quotation (the CSL test suite's flipflop_SingleBeforeColon).
    text = _INNER_APOSTROPHE.sub("’", text)
    for quotation in _QUOTATIONS:  # single marks first: a pair may stand in a double one
        text = quotation.sub(
            lambda m: f"{m.group(1)}{marks.QUOTE_OPEN}{m.group(2)}{marks.QUOTE_CLOSE}", text
        )
    return text.replace("'", "’")


class Others(Name):  # type: ignore[misc]
    """The "and others" of a BibTeX name list (CSL-JSON ``{"literal": "others"}``)."""


class GivenAlone(str):
    """The given part of a name that has no family part: printed whole (never as initials),
    and formatted as a given name."""

    __slots__ = ()


_RAW_DATE = re.compile(r"^(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def _date_parts(part: object) -> list[int]:
    """A CSL-JSON date-parts list as integers: year, then month and day while they are
    whole numbers ("2013", 1, "x" -> [2013, 1]); [] when the year is not a number."""
    out: list[int] = []
    for piece in part if isinstance(part, (list, tuple)) else []:
        try:
            number = int(str(piece).strip())
        except ValueError:
            break
        out.append(number)
    return out[:3]


def _raw(raw: str) -> list[list[int]]:
    """An ISO 8601 / EDTF date or range given as text ("2013-01-17/2013-01-19", "2013/")."""
    ends = raw.strip().split("/")
    if len(ends) > 2:
        return []
    parts = []
    for end in ends:
        m = _RAW_DATE.match(end.strip())
        if m:
            parts.append([int(g) for g in m.groups() if g])
        elif end.strip() in ("", "..") and parts:
            parts.append([0])  # an open end
        else:
            return []
    return parts


def _date(value: dict[str, Any]) -> Date | DateRange | LiteralDate | None:
    """A CSL-JSON date as citeproc-py's: one date, a range (an end of year 0 leaves it open),
    or text. Never raises: parts that are not numbers, a day without its month or a date
    with no year at all fall back to the literal or raw text, or to no date."""
    parts = [_date_parts(p) for p in value.get("date-parts") or [] if p]
    parts = [p for p in parts if p]
    if not parts and value.get("raw") and not value.get("literal"):
        parts = _raw(str(value["raw"]))
    circa = bool(value.get("circa"))
    if parts:
        fields: list[dict[str, Any]] = [
            dict(zip(("year", "month", "day"), p, strict=False)) for p in parts[:2]
        ]
        for field in fields:
            month = field.get("month", 1)
            if 13 <= month <= 16 or 21 <= month <= 24:  # the four seasons, as in citeproc-js
                field["season"] = (month - 1) % 4 + 1
            if not 1 <= month <= 12:
                field.pop("month")
            if "day" in field and ("month" not in field or not 1 <= field["day"] <= 31):
                field.pop("day")
        season = value.get("season")
        if season not in (None, "") and not {"month", "season"} & fields[0].keys():
            fields[0]["season"] = str(season)
        if len(fields) == 1:
            return Date(circa=circa, **fields[0])
        return DateRange(begin=Date(**fields[0]), end=Date(**fields[1]), circa=circa)
    text = value.get("literal") or value.get("raw")
    if text:
        return LiteralDate(html.escape(typographic(str(text)), quote=False), circa=circa)
    return None


def _name_part(value: object) -> str:
    """A CSL-JSON name part as escaped HTML. A name holds no quotation: its straight single
    quote is an apostrophe ("'t Hooft"). A name part is rich text like any other value
    (citeproc-js reads "<b>Doe</b>" as a bold "Doe"): the tags of CSL rich text are kept as
    markup, any other "<" stays text."""
    text = str(value).replace("'", "’")
    if _MARKUP.search(text):
        return "".join(str(segment) for segment in rich_text(text))
    return html.escape(typographic(text), quote=False)


class SpacedParticleName(Name):  # type: ignore[misc]
    """A name whose non-dropping particle was read out of its family name, where a space
    followed it ("de' Frinkle"): it keeps the space even when it ends in an apostrophe, as
    citeproc-js prints it (the CSL suite's sort_LeadingApostropheOnNameParticle)."""


def _name(value: dict[str, Any]) -> Name:
    if value.get("literal") == "others" and len(value) == 1:
        return Others(literal="others")
    written = value
    value = parsed_family(value)
    spaced = value is not written and bool(value.get("non-dropping-particle"))
    parts = {
        k: _name_part(v)
        for k, v in value.items()
        if k
        in {"family", "given", "dropping-particle", "non-dropping-particle", "suffix", "literal"}
        and v
    }
    if "given" in parts and not {"family", "literal"} & parts.keys():
        # A name with a given part alone ("and ,PRISMA-P Group" in BibTeX) is printed as it
        # is, as both reference processors print it, not shortened to "P.-P. G.", and as a
        # given name: a style's formatting of family names ("MESQUIDA") passes it by.
        return Name(given=GivenAlone(parts["given"]))
    if not parts:
        return Name(literal="")
    return SpacedParticleName(**parts) if spaced else Name(**parts)


class Work(Reference):  # type: ignore[misc]
    """A citeproc-py reference whose variables are read in one step: ``reference.title``
    went through two Python calls per look-up, about 200,000 times in a list of 900."""

    def __getattr__(self, name: str) -> Any:
        try:
            return dict.__getitem__(self, name)
        except KeyError:
            raise VariableError from None

    def content(self) -> bytes:
        """What the work's CSL-JSON item says, but for its id: equal for two copies of one
        work under two keys (a library with duplicates), so that what depends on the work
        alone is worked out once for both."""
        found = self.__dict__.get("_content")
        if found is None:
            item = self.__dict__.get("_item")
            if item is None:  # not made from an item: like no other work
                return b"w%d" % id(self)
            data = {k: v for k, v in item.items() if k != "id"}
            try:
                found = b"m" + marshal.dumps(data, 0)  # format 0: the bytes follow the values
            except ValueError:
                found = b"r" + repr(data).encode()
            self.__dict__["_content"] = found
        return found


class Cite(CitationItem):  # type: ignore[misc]
    """A citation item that remembers its reference: it was found through three levels of
    dictionary attributes, about 400,000 times for a list of 900."""

    def __getattr__(self, name: str) -> Any:
        try:
            return dict.__getitem__(self, name)
        except KeyError:
            raise VariableError from None

    @property
    def number(self) -> int:
        """CSL 1.0.2 "citation-number": the entry's place in the bibliography, counted from
        the last entry down when the bibliography sorts citation numbers descending."""
        from readinglist.render.fixes.base import current  # the fixes build on this module

        keys = self.bibliography.keys
        place = int(keys.index(self.key))
        return len(keys) - place if current().numbers_descending else place + 1

    @property
    def reference(self) -> Any:
        try:
            return dict.__getitem__(self, "readinglist:reference")
        except KeyError:
            found = self.bibliography.source[self.key]
            dict.__setitem__(self, "readinglist:reference", found)
            return found


# "p. " or "pp. " opening a page value, before the page itself.
_PAGE_LABEL = re.compile(r"^\s*pp?\.\s+(?=\S)")


# CSL 1.0.2's number variables (Appendix IV), as citeproc-py names them.
_NUMBER_VARIABLES = frozenset(
    {
        "chapter_number",
        "collection_number",
        "edition",
        "issue",
        "number",
        "number_of_pages",
        "number_of_volumes",
        "page",
        "page_first",
        "part_number",
        "printing_number",
        "section",
        "supplement_number",
        "version",
        "volume",
    }
)


def holds_variable(reference: Any, name: str) -> bool:
    """Whether `reference` holds the variable `name` (citeproc-py's spelling, "_" for "-"), as
    a cs:if variable="…" test asks. A citation-label we made (Appendix IV) is printed, but
    is no variable of the item's to test: the two bundled styles that test it read it as an
    acronym the item gives ("Organización del Tratado del Atlántico Norte [OTAN]"), and
    citeproc-js, which their authors test with, tests it so (pandoc tests the label it made
    too: "I. Kant [Kant11]")."""
    if name == "citation_label":
        item = reference.__dict__.get("_item") or {}
        return item.get("citation-label") not in (None, "")
    return name in reference


# The variables a cs:if variable="…" test reads otherwise than "is it in the reference".
SPECIAL_TESTS = frozenset({"locator", "citation_label"})


def cite_holds_variable(cite: Any, name: str) -> bool:
    """A cs:if variable="…" test of one variable for a cite: the locator is the cite's, any
    other variable the work's (:func:`holds_variable`)."""
    return "locator" in cite if name == "locator" else holds_variable(cite.reference, name)


def make_reference(item: CslItem) -> Work:
    """A CSL-JSON item as a citeproc-py reference."""
    from readinglist.render.fixes.labels import citation_label

    item = note_variables(item)
    data: dict[str, Any] = {}
    if item.get("citation-label") in (None, ""):
        # Appendix IV: "May be assigned by the CSL processor based on item metadata".
        data["citation_label"] = rich_text(citation_label(item))
    for key, value in item.items():
        # "key" (a Zotero item's key) is no CSL variable, and citeproc-py's reference takes
        # its own key from the id: read as a variable, it replaced the key and broke the list.
        if key in ("id", "type", "key") or value in (None, "", []):
            continue
        name = key.replace("-", "_")
        if name in ALIASES:
            name = ALIASES[name]
            if item.get(name.replace("_", "-")) not in (None, "", []):
                continue  # the variable's own CSL name wins over its alias
        if name in NAME_VARIABLES:
            if isinstance(value, list):
                data[name] = [_name(v) for v in value if isinstance(v, dict)]
        elif name in DATES:
            if isinstance(value, dict):
                date = _date(value)
                if date is not None:
                    data[name] = date
        elif name == "language":
            data[name] = str(value)
        elif name in _NUMBER_VARIABLES and "\\-" in str(value):
            # A hyphen escaped with a backslash ("3\\-B") is a hyphen, not a range: marked
            # until the entry is finished, it is no range to format and takes a singular
            # label, and prints without the backslash, as both reference processors print it.
            data[name] = rich_text(str(value).replace("\\-", marks.ESCAPED_HYPHEN))
        elif name == "page" and no_pagination(str(value)):
            continue  # "No Pagination Specified", "n/a-n/a": there are no pages to print
        elif name == "page" and _PAGE_LABEL.match(str(value)):
            # A page value holding its own label ("pp. 65-70", as BibTeX users write it) is
            # printed without it, the style printing its own, as citeproc-js reads "p." and
            # "pp.": "p. pp. 65-70" would read twice.
            data[name] = rich_text(_PAGE_LABEL.sub("", str(value), count=1))
        elif name == "URL":
            # A LaTeX \url{...} left in CSL-JSON is the address it wraps; no javascript: or
            # data: URL is ever printed.
            url = re.sub(r"^\\url\{(.*)\}$", r"\1", str(value).strip())
            if is_web_url(url):
                data[name] = rich_text(url)
        else:
            data[name] = rich_text(value)
    # Variables citeproc-py does not know (CSL 1.0.2 added them) are set past its check of
    # known arguments, which warns.
    unknown = {name: data.pop(name) for name in list(data) if name not in KNOWN_VARIABLES}
    # CSL 1.0.2 has no default type: an item without one of Appendix III's types (pandoc
    # writes "type": "" for @misc) matches no cs:if type="…" test, as in citeproc-js; it is
    # not read as "document", which some styles quote.
    kind = item.get("type")
    reference = Work(str(item["id"]).lower(), kind if isinstance(kind, str) else "", **data)
    reference.__dict__["_item"] = item  # kept aside: citeproc-py's variables are dict items
    for name, value in unknown.items():
        dict.__setitem__(reference, name, value)
    data.update(unknown)
    # cs:names looks variables up by their CSL names ("collection-editor"), cs:if by the
    # attribute names ("collection_editor"): give hyphenated name variables both spellings.
    for name in NAME_VARIABLES:
        if "_" in name and name in data:
            dict.__setitem__(reference, name.replace("_", "-"), data[name])
    return reference
