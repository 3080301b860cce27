"""Names and terms in the scripts of Chinese, Japanese and Korean: CSL 1.0.2, "Name-part Order".

"Display and sorting order of names in 'family-name given-name' scripts (Chinese, etc.)": such
a name is written family name first, whatever ``name-as-sort-order`` says, and with no space
between the parts (the specification's example is 毛泽东, "Mao Zedong"); ``sort-separator``
only affects names in scripts that know "given-name family-name" order, and a given name in
these scripts has no initials. Stock citeproc-py writes "泽东 毛", or "毛, 泽东" when inverted.

Text in Chinese and Japanese puts no space between words, so an et-al term in those scripts
("等") follows the last name without one ("Ziggy Zither等"), as citeproc-js writes it; a
delimiter the style puts before "et al." stays.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

from citeproc import model
from citeproc.source import Name
from citeproc.string import MixedString

from readinglist.render.fixes.base import Element
from readinglist.render.fixes.particles import with_names
from readinglist.render.reference import Others

# Scripts whose names are written family name first with no space (CJK ideographs, kana,
# Hangul), by the Unicode character names of their letters.
_FAMILY_FIRST = ("CJK ", "HIRAGANA", "KATAKANA", "HANGUL")
_TAG = re.compile(r"<[^>]*>")
# Scripts whose text puts no space between words.
_UNSPACED = ("CJK ", "HIRAGANA", "KATAKANA")


@functools.lru_cache(maxsize=4096)
def _in_scripts(text: str, scripts: tuple[str, ...]) -> bool:
    """Whether `text` has letters and all of them are in `scripts` (marks, digits, spaces and
    punctuation aside)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(unicodedata.name(c, "").startswith(scripts) for c in letters)


def family_first(name: Any) -> bool:
    """Whether `name` is a personal name written in a "family-name given-name" script."""
    if not isinstance(name, Name) or isinstance(name, Others) or "literal" in name:
        return False
    family, given = name.get("family") or "", name.get("given") or ""
    return _in_scripts(family, _FAMILY_FIRST) and (not given or _in_scripts(given, _FAMILY_FIRST))


def _written_whole(name: Any) -> Any:
    """The name as one family part: particle, family and given name joined without spaces."""
    parts = (name.get(p) or "" for p in ("non-dropping-particle", "family", "given"))
    fields = {k: v for k, v in name.items() if k == "suffix"}
    return Name(family="".join(parts), **fields)


class FamilyFirstScripts(Element):
    """cs:name: a name in a "family-name given-name" script is written family name first,
    without a space, in the long form; the short form prints the family name alone, as
    citeproc-py already does."""

    def process(
        self,
        item: Any,
        variable: str,
        context: Any = None,
        sort_options: Any = None,
        **kwargs: Any,
    ) -> Any:
        names = item.reference.get(variable) or []
        long_form = self.get_option("form", context, sort_options) == "long"
        if long_form and any(family_first(name) for name in names):
            replaced = [_written_whole(n) if family_first(n) else n for n in names]
            item = with_names(item, variable, replaced)
        text = super().process(  # type: ignore[misc]
            item, variable, context=context, sort_options=sort_options, **kwargs
        )
        delimiter = str(self.get_option("delimiter", context, sort_options) or "")
        return self._unspaced_et_al(text, delimiter)

    def _unspaced_et_al(self, text: Any, delimiter: str) -> Any:
        """The name list with no space before an et-al term written in an unspaced script
        (the name delimiter, when it precedes the term, stays)."""
        if not text or " " not in str(text):
            return text
        term = str(self.et_al() or "")
        first = _TAG.sub("", term)[:1]
        if not first or not _in_scripts(first, _UNSPACED) or not str(text).endswith(" " + term):
            return text
        if delimiter.strip() and str(text)[: -len(term)].endswith(delimiter):
            return text
        if isinstance(text, str):
            return type(text)(text[: -len(term) - 1] + term)
        # citeproc-py's "names et-al" as segments: [..., "Ziggy Zither ", "等"].
        segments = list(text)
        if len(segments) < 2 or str(segments[-1]) != term:
            return text
        before = segments[-2]
        out = MixedString(segments[:-2])
        out += type(before)(str(before)[:-1])
        out += segments[-1]
        return out


MIXINS: tuple[tuple[Any, type], ...] = ((model.Name, FamilyFirstScripts),)
