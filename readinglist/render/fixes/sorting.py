"""Sorting: CSL 1.0.2, "Sorting"."""

from __future__ import annotations

import contextlib
import functools
import html
import re
import unicodedata
from functools import cmp_to_key
from typing import Any

from citeproc import model

from readinglist.render.fixes.base import Element, current
from readinglist.render.reference import Work

CSL_NAMESPACE = "http://purl.org/net/xbiblio/csl"
_ANY_TAG = re.compile(r"<[^>]+>")
# Marks before the first letter or digit of a key: quotation marks, brackets, apostrophes.
_LEADING_MARKS = re.compile(r"^[\W_]+")


def alphabetized(key: str) -> str:
    """A text sort key as it is alphabetized: from its first letter or digit ("“A er det”"
    -> "A er det”", "[F]linders" -> "F]linders", "'t Horvath" -> "t Horvath"), and with the
    typographic apostrophe compared as the plain one ("d’Wander" as "d'Wander")."""
    return _LEADING_MARKS.sub("", key).replace("\u2019", "'")


def _value_text(value: Any, key: Any) -> Any:
    """The text of a variable's value (rich text: escaped text and markup pieces), or `key`
    when the value is no text."""
    if value is None or not isinstance(value, (str, list)):
        return key
    return html.unescape(_ANY_TAG.sub("", str(value)))


def _text(key: str) -> str:
    """The text of a rendered key: its tags dropped, its character references read."""
    if "<" not in key and "&" not in key:
        return key
    return html.unescape(_ANY_TAG.sub("", key))


@functools.cache
def _punctuation(char: str) -> bool:
    """A Unicode punctuation mark (category P*) other than an apostrophe (a word's), or one of
    the private-use marks of a quotation (:mod:`readinglist.render.marks`: a value holds no
    private-use character of its own)."""
    category = unicodedata.category(char)
    return (category.startswith("P") and char not in "'\u2019") or category == "Co"


# Letters the Unicode Collation Algorithm's root order sorts with a base letter (at its first
# level), though Unicode does not decompose them into it.
_BASE_LETTERS = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ð": "d", "ł": "l", "ı": "i", "þ": "th"}
)


@functools.lru_cache(maxsize=4096)
def collated(key: str) -> tuple[str, str]:
    """A lower-case text sort key as both reference processors' collators compare it: first
    by its letters without their accents ("jöreskog" with "joreskog", so before "joshi":
    the Unicode Collation Algorithm's first level), then as written; punctuation marks
    are ignored, spaces, apostrophes and symbols ("×", "+") kept ("Simple title, here A"
    before "Simple title here B"; "association - C" still before "association A")."""
    text = "".join(c for c in key if not _punctuation(c))
    if text.isascii():
        return text, text
    letters = unicodedata.normalize("NFKD", text).translate(_BASE_LETTERS)
    return "".join(c for c in letters if not unicodedata.combining(c)), text


def compare_sort_values(left: Any, right: Any, descending: bool, accents: bool = False) -> int:
    """citeproc-py's comparison of two values of one sort key, as the reference processors
    make it: text by :func:`collated`'s letters without their accents (or, with `accents`,
    as written), or numbers when both are numbers; an empty value sorts last either way."""
    if left is None or right is None:
        return (left is None) - (right is None)
    try:
        (left_letters, left_written), (right_letters, right_written) = (
            collated(str(left.lower())),
            collated(str(right.lower())),
        )
        numbers = left_written, right_written
        left, right = (left_written, right_written) if accents else (left_letters, right_letters)
    except AttributeError:  # not text
        numbers = str(left), str(right)
    with contextlib.suppress(ValueError):
        left, right = int(numbers[0]), int(numbers[1])
    result = int(left > right) - int(left < right)
    return -result if descending else result


class KeysCompareText(Element):
    """CSL 1.0.2, "Sorting": a macro's sort key is its rendered text. Stock citeproc-py
    compares the HTML, so an italic book title ("<i>Dynamic Programming</i>") sorted before
    every plain article title and year suffixes came out in the wrong order."""

    def sort_keys(self, items: Any, context: Any) -> Any:
        keys = super().sort_keys(items, context)  # type: ignore[misc]
        if "macro" not in self.attrib:
            return keys
        return [None if key is None else html.unescape(_ANY_TAG.sub("", str(key))) for key in keys]


# Between the names of a name variable's sort key: a word break, as between the words of a
# name (citeproc-py writes ";" alone, a mark the collator drops, gluing two names together).
NAME_BREAK = "; "


class NameKeysCompareAsWords(Element):
    """CSL 1.0.2, "Sorting": a name variable's key lists its names, each family name first,
    compared as words: "Le, Quoc; Hinton" before "Le, Quoc V.; Hinton" ("hinton" before
    "v"), and "Oehler, Lorenz A.; Hussey" before "Oehler, Lorenz; Marion", as both
    reference processors order such works. citeproc-py joins the names with ";", which the
    collator drops as punctuation: "le quochinton" came after "le quoc vhinton"."""

    def _format_name(self, item: Any, variable: str) -> Any:
        key = super()._format_name(item, variable)  # type: ignore[misc]
        return key.replace(";", NAME_BREAK) if key else key


class KeysStartAtTheFirstLetter(Element):
    """CSL 1.0.2, "Sorting": text keys are compared alphabetically, and a key is alphabetized
    from its first letter or digit (Chicago Manual of Style 16.58 ff.: an opening quotation
    mark or bracket is disregarded). Stock citeproc-py compares the raw strings, so a title
    the style quotes (“…”), a name in brackets or one with a leading apostrophe ('t Hooft)
    sorted after every plain one. Date, number and citation-number keys are not text and stay
    as they are."""

    def sort_keys(self, items: Any, context: Any) -> Any:
        state = current()
        sorting, state.sorting = state.sorting, True
        try:
            keys = super().sort_keys(items, context)  # type: ignore[misc]
        finally:
            state.sorting = sorting
        variable = self.get("variable", "").replace("-", "_")
        if variable and (variable in model.DATES or variable in model.NUMBERS):
            return keys
        if variable == "citation_number":
            return keys
        if variable and variable not in model.NAMES:
            # A variable's key is its text: citeproc-py escapes the value's HTML again, so a
            # title with an italic word ("A Full <i>Anonymous</i> Life") sorted under "&lt;i&gt;"
            # and before every plain title; its text sorts with "A Full Anonymous Life".
            keys = [
                _value_text(item.reference.get(variable), key)
                for item, key in zip(items, keys, strict=True)
            ]
        # A key is compared as text: a name's rich text ("<i>Zed</i>") sorts under its letters.
        return [alphabetized(_text(key)) if isinstance(key, str) else key for key in keys]


def numbers_descend(style: Any) -> bool:
    """CSL 1.0.2, "Sorting" and "citation-number": whether the bibliography numbers its
    entries from the last down. The spec leaves the numbers of a bibliography sorted by
    citation-number open; as citeproc-js does (the CSL test suite's off-spec
    sort_*CitationNumber* fixtures), the last citation-number key (the variable, or a macro
    that prints it) decides: sort="descending" makes a reverse-numbered list, the first entry
    taking the highest number."""
    bibliography = style.bibliography
    sort = None if bibliography is None else bibliography.find("cs:sort", style.nsmap)
    descending = False
    for key in [] if sort is None else sort.findall("cs:key", style.nsmap):
        macro = key.get("macro")
        if key.get("variable") == "citation-number" or (
            macro
            and style.xpath(
                f'./cs:macro[@name="{macro}"]//*[@variable="citation-number"]',
                namespaces={"cs": CSL_NAMESPACE},
            )
        ):
            descending = key.get("sort", "ascending").lower() == "descending"
    return descending


class KeyByKey(Element):
    """Speed: stock citeproc-py renders every sort key of every item before sorting (APA has
    eight, each a macro), though most items are placed by the first one. The items are sorted
    by one key at a time, and the next key is rendered only for the items still tied: the same
    order, as a sort by all keys at once is the same as sorting each run of ties by the next
    key. A citation of one work needs no sorting at all (unless the rendering asks for every
    key: :attr:`~readinglist.render.fixes.base.Rendering.every_key`)."""

    def sort(self, items: Any, context: Any) -> Any:
        keys = self.findall("cs:key", self.nsmap)
        # Copies of one work (a library with duplicates) tie on every key whose value depends
        # on the work alone: once a run of ties holds copies of one work only, it keeps its
        # order without the remaining keys being rendered for each copy.
        of_the_cite: list[bool] = []  # whether the keys show something of the cite: asked once

        def copies(group: list[Any]) -> bool:
            if len({_content(item) for item in group}) > 1:
                return False
            if not of_the_cite:
                of_the_cite.append(_depends_on_the_cite(self, keys))
            return not of_the_cite[0]

        every_key = current().every_key

        # Each item with the values of the keys that placed it so far, and how each sorts.
        Placed = tuple[Any, tuple[tuple[Any, bool], ...]]

        def refine(group: list[Placed], depth: int) -> list[Any]:
            if depth == len(keys):
                return by_accents(group)
            if not every_key and (len(group) < 2 or (depth and copies([i for i, _ in group]))):
                return [item for item, _ in group]
            key = keys[depth]
            descending = key.get("sort", "ascending").lower() == "descending"
            values = key.sort_keys([item for item, _ in group], context)
            pairs = [
                (item, (*placed, (value, descending)))
                for (item, placed), value in zip(group, values, strict=True)
            ]

            def compare(a: Placed, b: Placed) -> int:
                return compare_sort_values(a[1][-1][0], b[1][-1][0], descending)

            pairs.sort(key=cmp_to_key(compare))
            out: list[Any] = []
            run = [pairs[0]]
            for pair in pairs[1:]:
                if compare(run[-1], pair) == 0:
                    run.append(pair)
                else:
                    out.extend(refine(run, depth + 1))
                    run = [pair]
            out.extend(refine(run, depth + 1))
            return out

        return refine([(item, ()) for item in items], 0)


def by_accents(group: list[tuple[Any, tuple[tuple[Any, bool], ...]]]) -> list[Any]:
    """Items alike in every key to the letters: their accents decide, key by key ("Moller"
    before "Møller"), as in pandoc (citeproc-js keeps them in the order given)."""

    def compare(a: Any, b: Any) -> int:
        for (left, descending), (right, _) in zip(a[1], b[1], strict=True):
            result = compare_sort_values(left, right, descending, accents=True)
            if result:
                return result
        return 0

    if len(group) > 1:
        group = sorted(group, key=cmp_to_key(compare))
    return [item for item, _ in group]


# What a key may show that is not the work's own: its place in the list, the citation's
# locator, the year suffix and the disambiguation worked out later, the cite's position.
_OF_THE_CITE = {"citation-number", "first-reference-note-number", "locator", "year-suffix"}


def _depends_on_the_cite(sort: Any, keys: list[Any]) -> bool:
    """Whether any of `keys` (through the macros it calls) shows something of the cite
    rather than of the work."""
    macros = {m.get("name"): m for m in sort.get_root().findall("cs:macro", sort.nsmap)}
    seen: set[str] = set()
    todo = list(keys)
    while todo:
        for element in todo.pop().iter():
            if not isinstance(element.tag, str):
                continue
            variables = set(str(element.get("variable", "")).split())
            if variables & _OF_THE_CITE or element.get("position") or element.get("disambiguate"):
                return True
            macro = element.get("macro")
            if macro and macro not in seen:
                seen.add(macro)
                if macro in macros:
                    todo.append(macros[macro])
    return False


def _content(item: Any) -> bytes:
    """The work's content (see :meth:`Work.content`); a reference of another kind is like no
    other."""
    reference = item.reference
    if isinstance(reference, Work):
        return reference.content()
    return b"w%d" % id(reference)


MIXINS: tuple[tuple[Any, type], ...] = (
    (model.Key, KeysStartAtTheFirstLetter),
    (model.Key, NameKeysCompareAsWords),
    (model.Key, KeysCompareText),
    (model.Sort, KeyByKey),
)
