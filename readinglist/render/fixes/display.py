"""CSL 1.0.2, "Display" and the bibliography's `second-field-align`.

Stock citeproc-py ignores both, so numeric styles glued their label to the entry ("[1]B. E.
Wampold"). An element with ``display`` ("block", "left-margin", "right-inline", "indent")
marks its output with private-use characters that survive citeproc-py's string handling; with
``second-field-align``, the first field of a bibliography entry is its left margin and the
rest its right-inline part. :func:`readinglist.render.layout.display_html` turns the marks
into the ``div`` elements citeproc-js writes.
"""

from __future__ import annotations

from typing import Any

from citeproc import model
from citeproc.string import String

from readinglist.render.fixes.base import _ANSWERS, _NO_ANSWERS, _UNKNOWN, Element, current
from readinglist.render.fixes.punctuation import affix, join, join_seam, rendered_children

# A display block is OPEN + one letter for its kind ... CLOSE.
from readinglist.render.marks import CLOSE, KINDS, OPEN


def mark(kind: str, text: Any) -> Any:
    """`text` as a display block of `kind`."""
    return String(OPEN + KINDS[kind]) + text + String(CLOSE)


class Displayed(Element):
    """An element with `display`: its output (affixes included) is one display block."""

    def render(self, *args: Any, **kwargs: Any) -> Any:
        text = super().render(*args, **kwargs)  # type: ignore[misc]
        if text:
            kind = self.__dict__.get(_ANSWERS, _NO_ANSWERS).get("display", _UNKNOWN)
            if kind is _UNKNOWN:
                kind = self.answer("display", self.get, "display")
            if kind in KINDS:
                return mark(kind, text)
        return text


class SecondFieldAlign(Element):
    """cs:layout of a bibliography with `second-field-align`: its first field is the left
    margin, the rest (and the layout's suffix) the right-inline part, unless the style lays
    out the entry with `display` itself."""

    def _aligned(self) -> bool:
        parent = self.getparent()
        return (
            isinstance(parent, model.Bibliography)
            and parent.get("second-field-align") in ("flush", "margin")
            and not self.xpath(".//*[@display]")
        )

    def render_children(self, item: Any, delimiter: str = "", **kwargs: Any) -> Any:
        if not self.answer("second-field-align", self._aligned):
            return super().render_children(item, delimiter=delimiter, **kwargs)  # type: ignore[misc]
        printed: list[int] = []
        pieces = rendered_children(self, item, delimiter, printed, **kwargs)
        output = [text for text in pieces if text]
        if not output:
            return None
        if len(output) == 1:
            if sum(isinstance(child.tag, str) for child in self.iterchildren()) < 2:  # one field
                return output[0]
            first = next(i for text, i in zip(pieces, printed, strict=True) if text)
            if first == 0:
                # Only the first field printed (a number before an entry that prints
                # nothing else): it is the left margin alone, and the layout's suffix, which
                # belongs to the right-inline part, goes with that part ("54", as both
                # reference processors print it, not "54.").
                entry = current().entry
                if entry is not None:
                    entry["margin only"] = True
            # (A later field alone keeps the layout's suffix: cultural-geographies' book
            # without an author, "No Title (UnicampBFCM, 2017).", as both print it.)
            return mark("left-margin", output[0])
        # The two parts meet under the seam rules too: a right-inline part that opens with
        # the mark the left margin ends with prints it once ("1." + ". In:" for a chapter
        # with neither author nor title), as both reference processors print it.
        rest = join_seam(output[0], join(output[1:], delimiter))
        return mark("left-margin", output[0]) + mark("right-inline", rest)

    def wrap(self, string: Any) -> Any:
        entry = current().entry
        if entry is not None and entry.pop("margin only", False):
            prefix = affix(self, "prefix")
            return prefix + string if prefix else string
        return super().wrap(string)  # type: ignore[misc]


MIXINS: tuple[tuple[Any, type], ...] = (
    (model.Text, Displayed),
    (model.Number, Displayed),
    (model.Date, Displayed),
    (model.Names, Displayed),
    (model.Label, Displayed),
    (model.Group, Displayed),
    (model.Layout, SecondFieldAlign),
)
