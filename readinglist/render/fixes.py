"""Our compatibility layer over citeproc-py: what we feed it, and the CSL rules it misses.

citeproc-py is the mandated CSL engine, but stock 0.11 departs from CSL 1.0.2 in ways a
reading list shows at once. Each fix here restores one rule, names it, and has a test named
after it in ``tests/test_citeproc_fixes.py``; ``docs/citeproc-fixes.md`` lists them with where
each belongs upstream. Fixes are applied by :func:`install`, once, before any style is loaded;
they replace methods of citeproc-py's element classes rather than copying its code.

Feeding citeproc-py (:func:`make_reference`): CSL-JSON values are CSL "rich text". Stock
citeproc-py only understands ``<span class="nocase">`` and prints every other tag literally,
and it never escapes values for HTML. We parse the markup ourselves: known tags become
formatting, everything else is text, and all text is HTML-escaped before citeproc-py sees it.
"""

from __future__ import annotations

import contextlib
import html
import re
from collections.abc import Callable, Hashable
from typing import Any

from citeproc import DATES, NAMES, model
from citeproc import formatter as citeproc_formatter
from citeproc import source as citeproc_source
from citeproc import string as citeproc_string
from citeproc.source import (
    Citation,
    CitationItem,
    Date,
    DateRange,
    LiteralDate,
    Name,
    Reference,
    VariableError,
)
from citeproc.string import MixedString, NoCase, String

from readinglist.bibtex import latex
from readinglist.csl.from_bibtex import TITLE_STOP_WORDS, is_web_url, to_rich_text

CslItem = dict[str, Any]

# --- rich text ------------------------------------------------------------------------------

_MARKUP = re.compile(
    r'(<i>|</i>|<b>|</b>|<sup>|</sup>|<sub>|</sub>|<span class="nocase">'
    r'|<span style="font-variant:\s*small-caps;?">|</span>)'
)
_OPEN = {"<i>": "i", "<b>": "b", "<sup>": "sup", "<sub>": "sub", '<span class="nocase">': "nocase"}
_CLOSE = {"</i>": "i", "</b>": "b", "</sup>": "sup", "</sub>": "sub"}
_HTML_TAGS = {
    "i": ("<i>", "</i>"),
    "b": ("<b>", "</b>"),
    "sup": ("<sup>", "</sup>"),
    "sub": ("<sub>", "</sub>"),
    "sc": ('<span style="font-variant:small-caps;">', "</span>"),
}


class Markup(NoCase):  # type: ignore[misc]
    """Text that carries its own (already escaped) HTML formatting; its case is left alone."""


_MATH = re.compile(r"\$([^$\n]{1,80})\$")


def rich_text(value: object) -> MixedString:
    """CSL rich text -> citeproc-py string segments, with every bit of text HTML-escaped.

    TeX math that a converter left in a value ("$p$-hacking") is shown as its text, as the
    reference processors do."""
    text = _MATH.sub(lambda m: to_rich_text(latex.parse(m.group(0))), str(value))
    output = MixedString()
    stack: list[str] = []
    for piece in _MARKUP.split(text):
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
                if (want is None and stack[i] in ("nocase", "sc")) or stack[i] == want:
                    del stack[i]
                    break
            continue
        escaped = html.escape(piece, quote=False)
        marks = [m for m in stack if m != "nocase"]
        if marks:
            for mark in reversed(marks):
                open_tag, close_tag = _HTML_TAGS[mark]
                escaped = open_tag + escaped + close_tag
            output += Markup(escaped)
        elif "nocase" in stack:
            output += NoCase(escaped)
        else:
            output += String(escaped)
    return output


class _Others(Name):  # type: ignore[misc]
    """The "and others" of a BibTeX name list (CSL-JSON ``{"literal": "others"}``)."""


def _date(value: dict[str, Any]) -> Date | DateRange | LiteralDate | None:
    parts = [p for p in value.get("date-parts", []) if p and p[0] not in (None, "")]
    circa = bool(value.get("circa"))
    if parts:
        fields = [
            dict(zip(("year", "month", "day"), (int(x) for x in p), strict=False)) for p in parts
        ]
        if "season" in value:
            fields[0]["season"] = value["season"]
        if len(fields) == 1:
            return Date(circa=circa, **fields[0])
        return DateRange(begin=Date(**fields[0]), end=Date(**fields[1]), circa=circa)
    if value.get("literal"):
        return LiteralDate(html.escape(str(value["literal"]), quote=False), circa=circa)
    return None


def _name(value: dict[str, Any]) -> Name:
    if value.get("literal") == "others" and len(value) == 1:
        return _Others(literal="others")
    parts = {
        k: html.escape(str(v), quote=False)
        for k, v in value.items()
        if k
        in {"family", "given", "dropping-particle", "non-dropping-particle", "suffix", "literal"}
        and v
    }
    if "given" in parts and not {"family", "literal"} & parts.keys():
        # A name with a given part alone ("and ,PRISMA-P Group" in BibTeX) is printed as it
        # is, as both reference processors print it, not shortened to "P.-P. G.".
        return Name(literal=parts["given"])
    return Name(**parts) if parts else Name(literal="")


def make_reference(item: CslItem) -> Reference:
    """A CSL-JSON item as a citeproc-py reference."""
    data: dict[str, Any] = {}
    for key, value in item.items():
        if key in ("id", "type") or value in (None, "", []):
            continue
        name = key.replace("-", "_")
        if name == "shortTitle":
            name = "title_short"
        if name in NAMES:
            data[name] = [_name(v) for v in value if isinstance(v, dict)]
        elif name in DATES:
            if isinstance(value, dict):
                date = _date(value)
                if date is not None:
                    data[name] = date
        elif name == "language":
            data[name] = str(value)
        elif name == "URL":
            # A LaTeX \url{...} left in CSL-JSON is the address it wraps; no javascript: or
            # data: URL is ever printed.
            url = re.sub(r"^\\url\{(.*)\}$", r"\1", str(value).strip())
            if is_web_url(url):
                data[name] = rich_text(url)
        else:
            data[name] = rich_text(value)
    reference = Reference(str(item["id"]).lower(), str(item.get("type") or "document"), **data)
    # cs:names looks variables up by their CSL names ("collection-editor"), cs:if by the
    # attribute names ("collection_editor"): give hyphenated name variables both spellings.
    for name in NAMES:
        if "_" in name and name in data:
            dict.__setitem__(reference, name.replace("_", "-"), data[name])
    return reference


# --- the fixes ------------------------------------------------------------------------------

# Variables suppressed in the current entry because a cs:substitute rendered them. Kept in
# the layout's per-entry `repressed` dict, which citeproc-py resets for every entry.
_SUPPRESSED = "readinglist:suppressed"
_RECORDING = "readinglist:recording"


def _layout_state(element: Any, context: Any) -> dict[str, Any]:
    layout = (context if context is not None else element).get_layout()
    if not hasattr(layout, "repressed"):
        layout.repressed = {}
    state: dict[str, Any] = layout.repressed
    return state


def _record(state: dict[str, Any], variable: str) -> None:
    for recording in state.get(_RECORDING, ()):
        recording.add(variable.replace("-", "_"))


# Title case treats the parts of "Meta-analysis" and "arxiv.org/abs" as words, and a part
# ends its head at a full stop or apostrophe followed by more of the word.
_WORD_PARTS = re.compile(r"([-/–—])")
# Stop words of CSL 1.0.2 title case, and "about", which both reference processors keep too.
_TITLE_CASE_STOP_WORDS = TITLE_STOP_WORDS | {"about"}
_PART_HEAD = re.compile(r"(?<=\w)[.’'](?=\w)")


def title_case(text: str) -> str:
    """CSL 1.0.2 title case: a lower-case word gets a capital, words in mixed or upper case
    keep theirs, stop words stay lower case unless first, last or after a colon. Parts of a
    hyphenated word are words ("Meta-Analysis"), as in both reference processors; a single
    lower-case letter ("p values") is a symbol and keeps its case. Parts after a slash are
    words too ("Arxiv.org/Abs"), as in pandoc."""
    words = text.split(" ")
    last = max((i for i, w in enumerate(words) if w), default=0)
    out = []
    after_colon = True
    for index, word in enumerate(words):
        bare = word.strip("“”‘’\"'([{").lower()
        bare = bare.rstrip('.,;:!?”’")]}')
        edge = after_colon or index == last
        stop = bare in _TITLE_CASE_STOP_WORDS and not edge
        parts = _WORD_PARTS.split(word)
        for n in range(0, len(parts), 2):
            part = parts[n]
            # Only the part's head decides: "stat.ML" -> "Stat.ML", "dell’Istituta" ->
            # "Dell’Istituta", while "cs229.stanford.edu" keeps "stanford" as it is.
            head = _PART_HEAD.split(part, maxsplit=1)[0]
            letters = [c for c in head if c.isalpha()]
            if (
                not letters
                or not all(c.islower() for c in letters)
                or (len(letters) == 1 and not after_colon)  # "p-curve", "with r"
                or part.startswith("&")
            ):  # an HTML entity (&amp;) is not a word
                continue
            if stop and n == 0:
                continue
            if n and parts[n - 1] in "-–" and head.lower() in _TITLE_CASE_STOP_WORDS:
                continue  # "Step-by-Step", "Text-to-Image"
            position = next(i for i, c in enumerate(part) if c.isalnum())
            if part[position].isalpha():  # "12th" keeps its case
                parts[n] = part[:position] + part[position].upper() + part[position + 1 :]
        out.append("".join(parts))
        if word:
            after_colon = word.endswith((":", "?", "!", "."))
    return " ".join(out)


def _fix_text_case() -> None:
    """Two CSL 1.0.2 "Text-case" rules.

    Title case applies to items in English, and an item with no ``language`` is taken to be
    English: stock citeproc-py passes no language for labels and so never title-cases them
    ("(eds.)" instead of APA's "(Eds.)").

    Case is decided per word, and protected text (``nocase``) is part of its word: stock
    citeproc-py splits words at every protected span, so "Ar<span class="nocase">X</span>iv"
    became "Ar X Iv". We case the whole text once and put the protected characters back.
    """
    stock = model.TextCased.case

    def cased_plain(self: Any, plain: str, language: str) -> str:
        if self.get("text-case") == "title" and language == "en":
            return title_case(plain)
        return str(stock(self, String(plain), language))

    def case(self: Any, text: Any, language: str | None = None) -> Any:
        language = "en" if language is None else language
        if not self.get("text-case"):
            return text
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
            return stock(self, text, language)
        plain = "".join(str(segment) for segment in text)
        cased = cased_plain(self, plain, language)
        if len(cased) != len(plain):  # whitespace collapsed or "ß" -> "SS": case segments
            return stock(self, text, language)
        out = MixedString()
        position = 0
        for segment in text:
            width = len(str(segment))
            if isinstance(segment, NoCase):
                out += segment
            else:
                out += type(segment)(cased[position : position + width])
            position += width
        return out

    model.TextCased.case = case


def _fix_substitute_suppression() -> None:
    """CSL 1.0.2, "Substitution": "Substituted variables are suppressed in the rest of the
    output to prevent duplication." Stock citeproc-py only remembers the substitute child's
    own `variable` attribute and only cs:text honours it, so an edited book printed its
    editors twice. We record every variable the winning substitute child rendered, then
    treat those variables as empty for the rest of the entry, in cs:names and cs:text."""
    stock_names_process = model.Names.process
    stock_text_variable = model.Text._variable

    def substitute_render(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
        state = _layout_state(self, context)
        for child in self.getchildren():
            recorded: set[str] = set()
            state.setdefault(_RECORDING, []).append(recorded)
            try:
                if isinstance(child, model.Names) and child.name is None:
                    names = self.xpath_search("./parent::cs:names[1]")[0]
                    text = child.render(item, names_context=names, context=context, **kwargs)
                else:
                    text = child.render(item, context=context, **kwargs)
            except VariableError:
                continue
            finally:
                state[_RECORDING].pop()
            if text:
                state.setdefault(_SUPPRESSED, set()).update(recorded)
                for variable in recorded:  # an enclosing substitute suppresses them too
                    _record(state, variable)
                return text
        return None

    def names_process(
        self: Any, item: Any, names_context: Any = None, context: Any = None, **kwargs: Any
    ) -> Any:
        state = _layout_state(self, context)
        suppressed = state.get(_SUPPRESSED, set())
        declared = self.get("variable")
        roles = declared.split()
        live = [r for r in roles if r.replace("-", "_") not in suppressed]
        if len(live) != len(roles):
            self.set("variable", " ".join(live))
        try:
            text = stock_names_process(
                self, item, names_context=names_context, context=context, **kwargs
            )
        finally:
            self.set("variable", declared)
        for role in live:
            if role in item.reference:
                _record(state, role)
        return text

    def text_variable(self: Any, item: Any, context: Any) -> Any:
        state = _layout_state(self, context)
        variable = self.get("variable")
        if variable.replace("-", "_") in state.get(_SUPPRESSED, ()):
            return None
        text = stock_text_variable(self, item, context)
        if text:
            _record(state, variable)
        return text

    model.Substitute.render = substitute_render
    model.Names.process = names_process
    model.Text._variable = text_variable


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


def _fix_page_ranges() -> None:
    """CSL 1.0.2, Appendix V "Page Range Formats", as `abbreviate_last_page` describes.
    Stock citeproc-py leaves an abbreviated second number as given under "expanded"
    ("1061-73"), treats chicago-16 as the older chicago-15 ("1593-1623" for "1593-623"),
    and cannot abbreviate numbers with a prefix ("E4880-E4889")."""

    def format_last_page(self: Any, first: str, last: str) -> str:
        return abbreviate_last_page(first, last, self.get_root().get_option("page-range-format"))

    model.FormatNumber._format_last_page = format_last_page


_TRAILING_TAGS = re.compile(r"(?:</[a-z]+>)+$")


def _fix_punctuation_after_question_mark() -> None:
    """CSL 1.0.2, "Affixes" and citeproc-js's punctuation merging: a period that would follow
    a "?", "!" or ":" is dropped ("A misleading statistic? Statistics in Medicine", not
    "statistic?."), also when the "?" ends an italic title; and a period after an italic
    text that ends in one ("<i>Brain Imaging Behav.</i>.") is dropped as stock citeproc-py
    already does for plain text."""
    strip_first = citeproc_string._strip_first_char
    seam_punctuation = citeproc_string.SEAM_PUNCTUATION

    # Stock citeproc-py's seam rules (no double space, no doubled punctuation) and ours, with
    # each side turned into text once: this runs for every piece of every entry.
    def normalize_seam(left: Any, other: Any) -> Any:
        before = str(left)
        text = str(other)
        if not before or not text:
            return other
        last, first = before[-1], text[0]
        if (last == first and (first == " " or first in seam_punctuation)) or (
            first == "." and last in ":"
        ):  # "by :" + "." as in both reference processors
            return strip_first(other)
        if first == "." and not text.startswith(".."):
            bare = _TRAILING_TAGS.sub("", before) if last == ">" else before
            # "statistic?" + "." and, behind closing tags, "<i>Behav.</i>" + "."
            if bare.endswith(("?", "!")) or (bare.endswith(".") and bare != before):
                return strip_first(other)
        return other

    citeproc_string.normalize_seam = normalize_seam
    model.normalize_seam = normalize_seam


def _fix_name_list_length() -> None:
    """How many names a name list shows, where stock citeproc-py gets it wrong.

    BibTeX's ``and others`` means "et al.": the list is truncated there, as CSL 1.0.2's
    et-al rules would truncate it ("McAuley, L., Tugwell, P., Moher, D., et al."), unless
    the style's own et-al rule truncates it further. Stock citeproc-py prints "& others".

    CSL 1.0.2, `disambiguate-add-names`: a citation that needed more names than
    et-al-use-first shows them, and so does its bibliography entry (as in both reference
    processors): "Cuijpers, P., Noma, H., et al." next to "Cuijpers, P., Karyotaki, E., et
    al."."""
    stock = model.Name.process

    def process(
        self: Any,
        item: Any,
        variable: str,
        context: Any = None,
        sort_options: Any = None,
        **kwargs: Any,
    ) -> Any:
        names = item.reference.get(variable, [])
        plan = _SHOWN.get(id(item.reference))
        options = sort_options
        # Sorting (which passes sort options) keeps the style's own name counts.
        if plan is not None and plan[0] is item.reference and plan[1] == variable and not options:
            options = _names_shown(self, context, plan[2], names) or None
        if names and isinstance(names[-1], _Others):
            count = len(names)
            style_min = self.get_option("et-al-min", context, options)
            if not (style_min and count >= style_min):
                options = dict(options or {})
                options["et-al-min"] = count
                options["et-al-use-first"] = count - 1
                options["et-al-use-last"] = "false"
        return stock(self, item, variable, context=context, sort_options=options, **kwargs)

    model.Name.process = process


def _names_shown(name: Any, context: Any, count: int, names: list[Any]) -> dict[str, Any]:
    """The et-al options that show `count` names of the list."""
    names = [n for n in names if not isinstance(n, _Others)]
    options: dict[str, Any] = {}
    if count > name.get_option("et-al-use-first", context):
        options["et-al-use-first"] = count
        if count >= len(names):
            options["et-al-min"] = len(names) + 1
        elif name.get_option("et-al-use-last", context):  # "A, B, … Z" needs a gap
            options["et-al-min"] = max(name.get_option("et-al-min", context), count + 2)
    return options


# Answers about style and locale elements, which never change once a style is loaded:
# (id(element), question) -> (element, answer). The element is kept alive with its answer,
# so lxml cannot hand its identity to another element.
_REMEMBERED: dict[tuple[int, Hashable], tuple[Any, Any]] = {}


def _remember(element: Any, question: Hashable, compute: Callable[..., Any], *args: Any) -> Any:
    """The answer to `question` about `element`: compute(*args) the first time only."""
    key = (id(element), question)
    hit = _REMEMBERED.get(key)
    if hit is None or hit[0] is not element:
        hit = _REMEMBERED[key] = (element, compute(*args))
    return hit[1]


def _initialize_off(name: Any) -> bool:
    """Whether cs:name (or the style, where the option is inherited) says initialize="false"."""
    return bool(_remember(name, "initialize-off", _initialize_off_uncached, name))


def _initialize_off_uncached(name: Any) -> bool:
    value = name.get("initialize")
    if value is None:
        for ancestor in name.iterancestors():
            value = ancestor.get("initialize")
            if value is not None:
                break
    return str(value).lower() == "false"


_GIVEN_TOKEN = re.compile(r"[^\s.]+\.?")
_RUN_TOGETHER = re.compile(r"\.(?=[^\s.\-])")  # "F.C." but not "L.-Y."


def _fix_initials_around_particles() -> None:
    """CSL 1.0.2, "initialize-with": given names are shortened to initials, but lower-case
    parts such as "the" or "de" are kept as they are. Stock citeproc-py puts a stray mark in
    front of such a part ("Alzheimer's Disease Neuroimaging Initiative, . the A. D. N.") and
    after a trailing one."""

    def initialize(self: Any, given: str, mark: str, context: Any) -> str:
        if isinstance(given, _WholeGiven) or _initialize_off(self):
            # CSL 1.0.2, cs:name initialize="false": given names stay whole; only the
            # initials they already have get the mark ("James T Kirk" -> "James T. Kirk").
            # Initials run together ("F.C.", "B.T.Thomas") are separate words, as in both
            # reference processors: "F. C.", "B. T. Thomas".
            return " ".join(
                w.rstrip(".") + mark.strip() if len(w.rstrip(".")) == 1 and w[0].isupper() else w
                for w in _RUN_TOGETHER.sub(". ", given).split()
            )
        if self.get_option("initialize-with-hyphen", context):
            chunks: list[str] = []
            for chunk in given.split("-"):
                # A hyphen before a lower-case letter joins one name ("Pei-lin" -> "P.").
                if chunks and chunk[:1].islower():
                    chunks[-1] += "-" + chunk
                else:
                    chunks.append(chunk)
        else:
            chunks = [given.replace("-", " ")]
        results = []
        for chunk in chunks:
            words: list[str] = []
            group: list[str] = []
            for token in _GIVEN_TOKEN.findall(chunk):
                part = token.rstrip(".")
                if part[0].isupper():
                    # A part already shortened with a period ("Yu.", "JO.") is kept whole.
                    group.append(part if token.endswith(".") else part[0])
                    continue
                if group:
                    words.append(mark.join(group) + mark)
                    group = []
                words.append(part)
            if group:
                words.append(mark.join(group) + mark)
            results.append(" ".join(" ".join(words).split()))
        return "-".join(results)

    model.Name.initialize = initialize


def _fix_label_of_empty_variable() -> None:
    """CSL 1.0.2, cs:label: "the label is only rendered if the selected variable is
    non-empty". Stock citeproc-py renders the term regardless, so Chicago printed
    "Edition." after every article without an edition."""
    stock = model.Label.process

    def process(self: Any, item: Any, variable: Any = None, *args: Any, **kwargs: Any) -> Any:
        if variable is None:  # a cs:label of its own, not one inside cs:names
            name = self.get("variable")
            if name == "locator":
                if not item.has_locator:
                    return None
            elif name.replace("-", "_") not in item.reference:
                return None
        return stock(self, item, variable, *args, **kwargs)

    model.Label.process = process


_ANY_TAG = re.compile(r"<[^>]+>")


def _fix_sort_keys_without_markup() -> None:
    """CSL 1.0.2, "Sorting": a macro's sort key is its rendered text. Stock citeproc-py
    compares the HTML, so an italic book title ("<i>Dynamic Programming</i>") sorted before
    every plain article title and year suffixes came out in the wrong order."""
    stock = model.Key.sort_keys

    def sort_keys(self: Any, items: Any, context: Any) -> Any:
        keys = stock(self, items, context)
        if "macro" not in self.attrib:
            return keys
        return [None if key is None else html.unescape(_ANY_TAG.sub("", str(key))) for key in keys]

    model.Key.sort_keys = sort_keys


# The branch of the cs:choose that rendered last (None when no condition held). Set when
# the branch returns, so nested cs:choose elements have already written theirs.
_CHOSEN: list[Any] = [None]


def _fix_group_with_choose() -> None:
    """CSL 1.0.2, cs:group: a group is suppressed when it calls variables and all of them are
    empty. Stock citeproc-py asks a cs:choose child whether *any* of its branches calls a
    variable, so a term in the branch that was taken ("Publication" in APA's thesis number)
    counts as a rendered variable and keeps a group that should vanish. Only the branch that
    was taken counts."""

    def choose_render(
        self: Any, item: Any, context: Any = None, delimiter: str = "", **kwargs: Any
    ) -> Any:
        for child in self.getchildren():
            try:
                text = child.render(item, context=context, delimiter=delimiter, **kwargs)
            except model.ConditionFailed:
                continue
            except model.VariableError:
                _CHOSEN[0] = child
                raise
            _CHOSEN[0] = child
            return text
        _CHOSEN[0] = None
        return None

    def group_process(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
        output = []
        called = rendered = False
        delimiter = self.get("delimiter", "")
        for child in self.iterchildren():
            choose = isinstance(child, model.Choose)
            try:
                if choose:
                    text = child.render(item, context=context, delimiter=delimiter, **kwargs)
                else:
                    text = child.render(item, context=context, **kwargs)
            except model.VariableError:
                called = True
                continue
            if choose:
                branch = _CHOSEN[0]
                calls = branch is not None and branch.calls_variable()
            else:
                calls = child.calls_variable()
            called = called or calls
            if text is not None:
                output.append(text)
                rendered = rendered or calls
        if output and (rendered or not called):
            return self.join(output)
        raise model.VariableError

    model.Choose.render = choose_render
    model.Group.process = group_process


def _speed_structural_lookups() -> None:
    """Speed, not a CSL rule: stock citeproc-py answers every "which macro / which layout /
    which enclosing element" question with a fresh XPath query, and asks "does this element
    call a variable" by walking macros again, hundreds of thousands of times per list. Both
    depend only on the style and locale trees, which never change while rendering, so each
    answer is remembered (`_remember`, which keeps the element alive with its answer, so lxml
    cannot hand its identity to another element)."""
    stock_xpath = model.CitationStylesElement.xpath_search

    def xpath_search(self: Any, expression: str) -> Any:
        return _remember(self, expression, stock_xpath, self, expression)

    model.CitationStylesElement.xpath_search = xpath_search
    for cls in (
        model.Parent,
        model.Text,
        model.Group,
        model.Names,
        model.Number,
        model.Date,
        model.Label,
    ):
        if "calls_variable" in cls.__dict__:
            cls.calls_variable = _remembered(cls.__dict__["calls_variable"])


def _speed_static_tree_lookups() -> None:
    """Speed, not a CSL rule: child elements looked up by name (``layout.sort``,
    ``style.citation``), a locale's style options and a cs:name's inherited options (unless
    sorting or disambiguation overrides them) never change once the style is loaded;
    each answer is remembered with its element, as for the XPath queries. And every piece of
    output asks for the formatter by walking to the root of the style or locale tree, about
    250,000 times in a list of 900: readinglist always renders HTML, so the answer is
    fixed."""
    stock_child = model.SomewhatObjectifiedElement.__getattr__
    stock_locale_option = model.Locale.get_option

    def child(self: Any, name: str) -> Any:
        if name.startswith("__"):  # copy, pickle and friends ask for these: not children
            raise AttributeError(name)
        return _remember(self, ("child", name), stock_child, self, name)

    def option_or_error(self: Any, name: str) -> Any:
        try:
            return stock_locale_option(self, name)
        except IndexError as exc:  # the locale has no style options
            return exc

    def locale_option(self: Any, name: str) -> Any:
        value = _remember(self, ("option", name), option_or_error, self, name)
        if isinstance(value, IndexError):
            raise IndexError(name)
        return value

    stock_name_option = model.Name.get_option
    stock_locale_lookup = model.CitationStylesElement.get_locale_option

    def name_option(self: Any, name: str, context: Any = None, sort_options: Any = None) -> Any:
        if sort_options and name in sort_options:  # sorting and disambiguation override
            return stock_name_option(self, name, context, sort_options)
        # The calling element is part of the question (and kept alive with it).
        question = ("name-option", name, context)
        return _remember(self, question, stock_name_option, self, name, context)

    def locale_lookup(self: Any, name: str) -> Any:
        return _remember(self, ("locale-option", name), stock_locale_lookup, self, name)

    model.SomewhatObjectifiedElement.__getattr__ = child
    model.Locale.get_option = locale_option
    model.Name.get_option = name_option
    model.CitationStylesElement.get_locale_option = locale_lookup
    model.CitationStylesElement.get_formatter = lambda self: citeproc_formatter.html
    model.Locale.get_formatter = lambda self: citeproc_formatter.html


def _speed_conditions() -> None:
    """Speed: cs:if and cs:else-if test the item's type and variables about 75,000 times in
    a list of 900, each time splitting and lower-casing their attributes again. The parsed
    attributes are remembered per element; tests other than type, variable and is-numeric
    (positions, locators, uncertain dates) go through citeproc-py as before."""
    stock = model.If.render
    simple = {"type", "variable", "is-numeric", "match"}

    def parse(element: Any) -> Any:
        if not set(element.attrib) <= simple:
            return None
        return (
            tuple(t.lower() for t in element.get("type", "").split()),
            tuple(v.replace("-", "_") for v in element.get("variable", "").split()),
            tuple(v.replace("-", "_") for v in element.get("is-numeric", "").split()),
            element.get("match", "all"),
        )

    def parsed(element: Any) -> Any:
        return _remember(element, "condition", parse, element)

    numeric = model.If.re_numeric.match

    def render(
        self: Any, item: Any, context: Any = None, delimiter: str = "", **kwargs: Any
    ) -> Any:
        spec = parsed(self)
        if spec is None:
            return stock(self, item, context=context, delimiter=delimiter, **kwargs)
        types, variables, numerics, match = spec
        reference = item.reference
        kind = reference.type
        results = [
            *(kind == t for t in types),
            *(("locator" in item) if v == "locator" else v in reference for v in variables),
            *(v in reference and bool(numeric(str(reference[v]))) for v in numerics),
        ]
        if match == "any":
            held = True in results
        elif match == "none":
            held = True not in results
        else:
            held = False not in results
        if not held:
            raise model.ConditionFailed
        return self.render_children(item, context=context, delimiter=delimiter, **kwargs)

    model.If.render = render


_FORMATTING = ("font-style", "font-variant", "font-weight", "text-decoration", "vertical-align")


def _has_none(element: Any, names: tuple[str, ...]) -> bool:
    return not any(element.get(n) for n in names)


def _plain(element: Any, names: tuple[str, ...]) -> bool:
    """Whether the element has none of these attributes (remembered per element)."""
    return bool(_remember(element, names, _has_none, element, names))


def _speed_plain_elements() -> None:
    """Speed: most elements carry no formatting and no affixes, yet stock citeproc-py runs
    each piece of output through five formatting steps and two seam checks and concatenates
    empty affixes, about 50,000 times each in a list of 900. Such elements now hand their text
    on as it is; the output is the same."""
    stock_format = model.Formatted.format
    stock_wrap = model.Affixed.wrap

    def format(self: Any, string: Any) -> Any:
        if _plain(self, _FORMATTING) and not isinstance(string, (int, float)):
            return string
        return stock_format(self, string)

    def wrap(self: Any, string: Any) -> Any:
        if string is None:
            return None
        if not self.get("prefix") and not self.get("suffix"):
            return string
        return stock_wrap(self, string)

    model.Formatted.format = format
    model.Affixed.wrap = wrap


def _speed_reference_attributes() -> None:
    """Speed: ``reference.title`` went through two Python calls per look-up, about 200,000
    times in a list of 900; one suffices."""
    get = dict.__getitem__

    def getattr_(self: Any, name: str) -> Any:
        try:
            return get(self, name)
        except KeyError:
            raise citeproc_source.VariableError from None

    citeproc_source.CustomDict.__getattr__ = getattr_


def _compare_sort_values(left: Any, right: Any, descending: bool) -> int:
    """citeproc-py's comparison of two values of one sort key: case-insensitive text, or
    numbers when both are numbers; an empty value sorts last either way."""
    if left is None or right is None:
        return (left is None) - (right is None)
    with contextlib.suppress(AttributeError):
        left, right = str(left.lower()), str(right.lower())
    with contextlib.suppress(ValueError):
        left, right = int(str(left)), int(str(right))
    result = int(left > right) - int(left < right)
    return -result if descending else result


def _speed_lazy_sort_keys() -> None:
    """Speed: stock citeproc-py renders every sort key of every item before sorting (APA has
    eight, each a macro), though most items are placed by the first one. The items are now
    sorted by one key at a time, and the next key is rendered only for the items still tied:
    the same order, as a sort by all keys at once is the same as sorting each run of ties by
    the next key. A citation of one work needs no sorting at all."""
    from functools import cmp_to_key

    def sort(self: Any, items: Any, context: Any) -> Any:
        keys = self.findall("cs:key", self.nsmap)

        def refine(group: list[Any], depth: int) -> list[Any]:
            if depth == len(keys) or len(group) < 2:
                return group
            key = keys[depth]
            descending = key.get("sort", "ascending").lower() == "descending"
            pairs = list(zip(group, key.sort_keys(group, context), strict=True))

            def compare(a: Any, b: Any) -> int:
                return _compare_sort_values(a[1], b[1], descending)

            pairs.sort(key=cmp_to_key(compare))
            out: list[Any] = []
            run = [pairs[0]]
            for pair in pairs[1:]:
                if compare(run[-1], pair) == 0:
                    run.append(pair)
                else:
                    out.extend(refine([item for item, _ in run], depth + 1))
                    run = [pair]
            out.extend(refine([item for item, _ in run], depth + 1))
            return out

        return refine(list(items), 0)

    model.Sort.sort = sort


def _remembered(method: Any) -> Any:
    def calls_variable(self: Any) -> bool:
        return bool(_remember(self, method, method, self))

    return calls_variable


def _speed_reference_lookup() -> None:
    """Speed: a citation item finds its reference through three levels of dictionary
    attributes, about 400,000 times for a list of 900; remember it on the item."""

    def reference(self: Any) -> Any:
        try:
            return dict.__getitem__(self, "readinglist:reference")
        except KeyError:
            found = self.bibliography.source[self.key]
            dict.__setitem__(self, "readinglist:reference", found)
            return found

    citeproc_source.CitationItem.reference = property(reference)


def _fix_localized_date_delimiter() -> None:
    """CSL 1.0.2, "Localized Date Formats": a localized date is built from the locale's
    cs:date, delimiter included. Stock citeproc-py joins its parts with the delimiter of the
    cs:date that asked for it, usually none: Vancouver's "1998 Nov" came out "1998Nov"."""

    def render_single_date(
        self: Any, date: Any, show_parts: Any = None, context: Any = None
    ) -> Any:
        parts = (
            self.parts(date, show_parts, context)
            if context != self
            else self.parts(date, show_parts)
        )
        return self.join(parts) if parts else None

    model.Date.render_single_date = render_single_date


_FIXES = (
    _fix_text_case,
    _fix_substitute_suppression,
    _fix_page_ranges,
    _fix_punctuation_after_question_mark,
    _fix_name_list_length,
    _fix_initials_around_particles,
    _fix_localized_date_delimiter,
    _fix_group_with_choose,
    _fix_label_of_empty_variable,
    _fix_sort_keys_without_markup,
    _speed_structural_lookups,
    _speed_static_tree_lookups,
    _speed_lazy_sort_keys,
    _speed_conditions,
    _speed_plain_elements,
    _speed_reference_attributes,
    _speed_reference_lookup,
)
_installed = False


def install() -> None:
    """Apply every fix to citeproc-py's classes (once per process)."""
    global _installed
    if _installed:
        return
    for fix in _FIXES:
        fix()
    _installed = True


def _citation_text(bibliography: Any, key: str) -> str:
    citation = Citation([CitationItem(key)])
    citation.bibliography = bibliography
    return str(bibliography.style.render_citation(citation, [], lambda item: None))


def _initials(given: str) -> str:
    return "".join(part[0] for part in re.split(r"[\s.\-]+", given) if part)


class _WholeGiven(str):
    """A given name that disambiguation needs in full: `initialize-with` leaves it whole."""

    __slots__ = ()


# Names a disambiguated citation shows beyond its style's et-al-use-first, by reference:
# (reference, name variable, count). The reference is kept so its id cannot be reused.
_SHOWN: dict[int, tuple[Any, str, int]] = {}


def _creators(reference: Any) -> tuple[str, list[Any]]:
    """The name variable a citation shows first and its names (without "and others")."""
    for variable in NAMES:
        names = reference.get(variable)
        if names:
            return variable, [n for n in names if not isinstance(n, _Others)]
    return "", []


def _family(name: Any) -> str:
    return " ".join(
        str(name.get(p, "")) for p in ("non-dropping-particle", "family", "literal")
    ).strip()


def disambiguate(bibliography: Any) -> None:
    """CSL 1.0.2, "Disambiguation": citeproc-py does none.

    Works whose citations would read the same ("Cuijpers et al., 2019" twice) are told apart
    as both reference processors do it: `disambiguate-add-givenname` tries the given names of
    the names shown, as initials or, where the rule allows and initials are not enough, in
    full; `disambiguate-add-names` then shows the names past et-al-use-first one by one (each
    tried with its given name) until the citation differs from the others; what is still
    alike gets year suffixes a, b, ... in bibliography order (`disambiguate-add-year-suffix`).
    The bibliography entry shows the names and full given names its citation needed.
    """
    _SHOWN.clear()
    citation_element = bibliography.style.root.citation
    if citation_element is None:
        return
    options = {
        name: citation_element.get(name, "false").lower() == "true"
        for name in (
            "disambiguate-add-year-suffix",
            "disambiguate-add-names",
            "disambiguate-add-givenname",
        )
    }
    if not any(options.values()):
        return
    rule = citation_element.get("givenname-disambiguation-rule", "by-cite")
    root = bibliography.style.root  # name options are inherited from cs:style
    et_al_min = int(citation_element.get("et-al-min") or root.get("et-al-min") or 0)
    et_al_first = int(citation_element.get("et-al-use-first") or root.get("et-al-use-first") or 0)
    # Only works that share their first creator's family name and their year can have the
    # same citation; render citations for those alone (rendering all would double the work).
    candidates: dict[tuple[str, str], list[Any]] = {}
    for item in bibliography.items:
        reference = item.reference
        reference.pop("year_suffix", None)
        first = _creators(reference)[1][:1]
        key = (_family(first[0]).casefold() if first else "", _year(reference))
        candidates.setdefault(key, []).append(item)
    for items in candidates.values():
        if len(items) < 2:
            continue
        alike: dict[str, list[Any]] = {}
        for item in items:
            alike.setdefault(_citation_text(bibliography, item.key), []).append(item.reference)
        for references in alike.values():
            if len(references) > 1:
                _tell_apart(references, options, rule, et_al_min, et_al_first)


def _shown(names: list[Any], count: int, expanded: dict[int, str]) -> tuple[Any, ...]:
    """What a citation reads of `names` when it shows `count` of them, with the given names
    of the positions in `expanded` as initials or in full. Whether "et al." follows does not
    count, as in both reference processors."""
    parts = []
    for position, name in enumerate(names[:count]):
        level = expanded.get(position)
        given = str(name.get("given", ""))
        shown = _initials(given) if level == "initials" else given if level == "full" else ""
        parts.append((_family(name).casefold(), shown))
    return tuple(parts)


def _tell_apart(
    references: list[Any], options: dict[str, bool], rule: str, et_al_min: int, et_al_first: int
) -> None:
    """Disambiguate citations that read the same, in the way both reference processors do:
    for each citation, the given name of each name shown is tried as initials, then in full
    (as the rule allows), and then the next name is added, until the citation reads
    differently from every other; those that never do get year suffixes."""
    creators = [_creators(r)[1] for r in references]
    truncated = bool(et_al_min and et_al_first)
    levels: tuple[str, ...] = ()
    if options["disambiguate-add-givenname"]:
        levels = ("initials",) if rule.endswith("with-initials") else ("initials", "full")
    primary = rule.startswith("primary")
    longest = max(len(names) for names in creators)
    unresolved: dict[tuple[Any, ...], list[Any]] = {}
    for i, names in enumerate(creators):
        default = et_al_first if truncated and len(names) >= et_al_min else len(names)
        count = default
        expanded: dict[int, str] = {}

        def differs(count: int, expanded: dict[int, str], i: int = i) -> bool:
            mine = _shown(creators[i], count, expanded)
            return all(
                _shown(other, count, expanded) != mine for j, other in enumerate(creators) if j != i
            )

        resolved = False
        positions = list(range(count))
        while True:
            for position in positions:
                if primary and position > 0:
                    break
                for level in levels:
                    expanded[position] = level
                    if differs(count, expanded):
                        resolved = True
                        break
                if resolved:
                    break
                expanded.pop(position, None)  # it did not help: show the name as before
            if resolved or not (options["disambiguate-add-names"] and truncated):
                break
            if count >= longest:
                break
            count += 1
            positions = [count - 1]
            if differs(count, expanded):
                resolved = True
                break
        if not resolved:
            # Alike with everything shown: those that still read the same share suffixes.
            limit = 1 if primary else len(names)
            full = dict.fromkeys(range(limit), levels[-1]) if levels else {}
            unresolved.setdefault(_shown(names, count, full), []).append(references[i])
            continue
        if count > default:
            _SHOWN[id(references[i])] = (references[i], _creators(references[i])[0], count)
        for position, level in expanded.items():
            if level == "full" and "given" in names[position]:
                names[position]["given"] = _WholeGiven(names[position]["given"])
    if not options["disambiguate-add-year-suffix"]:
        return
    for alike in unresolved.values():
        if len(alike) > 1:
            for index, reference in enumerate(alike):
                reference["year_suffix"] = String(_suffix(index))


def _year(reference: Any) -> str:
    issued = reference.get("issued")
    year = None
    if isinstance(issued, dict):  # citeproc-py dates are dicts: year, or begin and end
        begin = issued.get("begin")
        year = begin.get("year") if isinstance(begin, dict) else issued.get("year")
        year = year if year is not None else issued.get("text")
    return str(year) if year is not None else str(reference.get("status", ""))


def _suffix(index: int) -> str:
    """a..z, then aa, ab, ... as citeproc-js numbers them."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = letters[rest] + out
    return out


_QUOTE_THEN_PUNCTUATION = re.compile(r"([.?!]?)(”|’)((?:</[a-z]+>)*)([.,])")


def finish(markup: str, punctuation_in_quote: bool = False) -> str:
    """Final clean-up of one rendered entry.

    CSL 1.0.2, locale option ``punctuation-in-quote`` (true for en-US): a comma or period
    that follows a closing quotation mark goes inside it ("A review," not "A review",), and
    is dropped when the quotation already ends with a period, "?" or "!". Stock citeproc-py
    reads the option but never applies it. A closing single quote is taken as a quotation
    mark only when an opening one stands before it (not an apostrophe: "students’,").
    """
    if not punctuation_in_quote:
        return _alternate_nested_quotes(markup)

    def move(m: re.Match[str]) -> str:
        inside, quote, tags, punctuation = m.groups()
        if quote == "’" and "‘" not in markup[: m.start()]:
            return m.group(0)
        if inside:
            return f"{inside}{quote}{tags}"
        return f"{punctuation}{quote}{tags}"

    return _alternate_nested_quotes(_QUOTE_THEN_PUNCTUATION.sub(move, markup))


def _alternate_nested_quotes(markup: str) -> str:
    """CSL 1.0.2, locale terms "open-inner-quote" and "close-inner-quote": a quotation inside
    a quotation takes the inner marks (“A view of ‘Replications’”), as both reference
    processors print a quoted title that itself holds a quotation."""
    if markup.count("“") < 2:
        return markup
    out = []
    stack: list[bool] = []  # for each open quotation: was it turned into an inner one?
    for char in markup:
        if char == "“":
            stack.append(bool(stack))
            out.append("‘" if stack[-1] else char)
        elif char == "”" and stack:
            out.append("’" if stack.pop() else char)
        else:
            out.append(char)
    return "".join(out)
