"""Rich text: the small HTML subset that CSL-JSON values and rendered entries hold, parsed once.

Owns: splitting markup into text and tags, and rendering it as plain text, Markdown, runs of
styled text (for Word) and the single-line plain values of RIS and COinS. Imports nothing of
readinglist. Every module that needs to look inside markup calls this one, so that a fix of what
counts as a tag lands once.

The markup is what CSL 1.0.2 calls rich text (``<i>``, ``<b>``, ``<sup>``, ``<sub>``,
``<span style="font-variant:small-caps;">``, ``<span class="nocase">``) and what citeproc's
HTML formatter writes for a rendered entry: the same tags, with the text HTML-escaped. A tag is
a ``<`` followed by at least one character up to the next ``>``; everything else is text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

# A tag starts as HTML's tokenizer starts one: "<" then a letter, "/", "!" or "?"; any other
# "<" ("1 <> 2", an escaped "\<") is text.
_TAG = re.compile(r"(<[A-Za-z/!?][^>]*>)")
# Markdown's syntax characters, and Pandoc's marks for super- and subscript ("^", "~").
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|^~])")


@dataclass(frozen=True)
class Tag:
    """One tag as written: its `name` (lower case as written, ``""`` for ``</ >``) and whether
    it closes an element."""

    raw: str

    @property
    def closing(self) -> bool:
        return self.raw.startswith("</")

    @property
    def name(self) -> str:
        inner = self.raw.strip("</>").split()
        return inner[0] if inner else ""


Piece = str | Tag


def parse(markup: str) -> list[Piece]:
    """`markup` as text pieces (still escaped, as written) and tags, in order; no empty text."""
    # split() with one group alternates text and tag: a tag is every odd piece.
    return [Tag(p) if i % 2 else p for i, p in enumerate(_TAG.split(markup)) if p]


def strip_tags(markup: str, tag_as: str = "") -> str:
    """The text of `markup`, each tag replaced by `tag_as`; entities are left as they are."""
    return "".join(tag_as if isinstance(p, Tag) else p for p in parse(markup))


def to_text(markup: str) -> str:
    """The plain text of rendered HTML: tags dropped, entities decoded."""
    return html.unescape(strip_tags(markup))


def to_ris(value: str) -> str:
    """A CSL-JSON value as one RIS line: tags dropped, line breaks as spaces."""
    return strip_tags(value).replace("\n", " ")


def escape_markdown(text: str) -> str:
    """Plain text for Markdown: the characters Markdown would read as syntax are escaped."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def to_markdown(markup: str) -> str:
    """Rendered HTML as Pandoc's Markdown: italics, bold, super- and subscript kept (``*``,
    ``**``, ``^``, ``~``), other tags dropped, text decoded and escaped.

    The marks follow the text's style run by run (:func:`styled_runs`), so they always nest
    and text set back on the line inside a superscript is not raised. Spaces where a mark
    opens or closes go outside it (Markdown reads no emphasis that opens before a space or
    closes after one), and a space inside a super- or subscript is escaped, as Pandoc asks."""
    out: list[str] = []
    shown: list[str] = []  # the marks open, outermost first
    spaces = ""  # spaces not written yet: inside the marks kept across them, outside the rest
    for text, style in styled_runs(markup):
        core = text.strip(" ")
        if not core:
            spaces += text
            continue
        spaces += text[: len(text) - len(text.lstrip(" "))]
        marks = [mark for on, mark in _marks_of(style) if on]
        # The marks already open stay outermost, so that as few as possible close and reopen.
        wanted = [m for m in shown if m in marks] + [m for m in marks if m not in shown]
        keep = 0
        while keep < min(len(shown), len(wanted)) and shown[keep] == wanted[keep]:
            keep += 1
        while len(shown) > keep:  # the innermost first
            out.append(shown.pop())
        out.append(_in_marks(spaces, shown))
        for mark in wanted[keep:]:
            out.append(mark)
            shown.append(mark)
        out.append(_in_marks(escape_markdown(core), shown))
        spaces = text[len(text.rstrip(" ")) :]
    out.extend(reversed(shown))
    out.append(spaces)
    return "".join(out)


def _marks_of(style: Style) -> tuple[tuple[bool, str], ...]:
    """Each Markdown mark and whether `style` has it, in the order they nest."""
    return (
        (style.bold, "**"),
        (style.italic, "*"),
        (style.superscript, "^"),
        (style.subscript, "~"),
    )


def _in_marks(text: str, shown: list[str]) -> str:
    """`text` inside the marks `shown`: Pandoc reads a space in a super- or subscript only
    when it is escaped."""
    return text.replace(" ", "\\ ") if ("^" in shown or "~" in shown) else text


@dataclass(frozen=True)
class Style:
    """How a run of text is set: the marks that are open around it."""

    italic: bool = False
    bold: bool = False
    superscript: bool = False
    subscript: bool = False
    small_caps: bool = False


def styled_runs(markup: str) -> Iterator[tuple[str, Style]]:
    """Rendered HTML as runs of decoded text with their style, for writers that set type
    themselves (Word, Markdown). A ``<span>`` counts as small caps when its style says so, sets
    italics, bold or small caps back to normal when its style says ``font-style:normal`` (a
    species name in an italic title) and so on, and sets its text back on the line when its
    style says ``vertical-align:baseline`` (inside a superscript); spans nest, the innermost
    decides, and so does the innermost of ``<sup>``, ``<sub>`` and such a span whether text is
    raised."""
    decorations = Decorations()
    vertical: list[str] = []  # "sup", "sub", "baseline": open, outermost first
    spans: list[str] = []
    for piece in parse(markup):
        if isinstance(piece, Tag):
            name = piece.name
            decorations.tag(name, piece.raw, piece.closing)
            if name == "span":
                if piece.closing:
                    kind = spans.pop() if spans else "span"
                else:
                    kind = span_kind(piece.raw)
                    spans.append(kind)
                if kind == "baseline":
                    _push_or_pop(vertical, "baseline", piece.closing)
            elif name in ("sup", "sub"):
                _push_or_pop(vertical, name, piece.closing)
            continue
        raised = vertical[-1] if vertical else ""
        yield (
            html.unescape(piece),
            Style(
                italic=decorations.on("i"),
                bold=decorations.on("b"),
                superscript=raised == "sup",
                subscript=raised == "sub",
                small_caps=decorations.on("sc"),
            ),
        )


class Decorations:
    """Which of italics ("i"), bold ("b") and small caps ("sc") are set at a point of rendered
    HTML: ``<i>``, ``<b>`` and small-caps spans set them, a span whose style says
    ``font-style:normal``, ``font-weight:normal`` or ``font-variant:normal`` sets them back,
    and the innermost decides."""

    def __init__(self) -> None:
        # Per open i, b or span: its name and what it sets (decoration, on or off).
        self._open: list[tuple[str, tuple[tuple[str, bool], ...]]] = []

    def tag(self, name: str, raw: str, closing: bool) -> None:
        """Take an opening or closing tag into account (other tags are none of this)."""
        if name not in ("i", "b", "span"):
            return
        if closing:
            for n in range(len(self._open) - 1, -1, -1):
                if self._open[n][0] == name:
                    del self._open[n]
                    break
            return
        if name != "span":
            self._open.append((name, ((name, True),)))
            return
        style = raw.replace(" ", "").lower()
        sets = [("sc", True)] if span_kind(raw) == "sc" else []
        sets += [(decoration, False) for decoration, normal in _NORMAL.items() if normal in style]
        self._open.append((name, tuple(sets)))

    def on(self, decoration: str) -> bool:
        for _, sets in reversed(self._open):
            for name, value in sets:
                if name == decoration:
                    return value
        return False


_NORMAL = {"i": "font-style:normal", "b": "font-weight:normal", "sc": "font-variant:normal"}


def span_kind(raw: str) -> str:
    """What a ``<span …>`` tag sets: "sc" (small caps), "baseline" (text set back on the line)
    or "span" (nothing a writer shows)."""
    style = raw.replace(" ", "").lower()
    if "small-caps" in style:
        return "sc"
    if "vertical-align:baseline" in style:
        return "baseline"
    return "span"


def _push_or_pop(stack: list[str], kind: str, closing: bool) -> None:
    """Open `kind`, or close the innermost `kind` open (a stray closing tag is ignored)."""
    if not closing:
        stack.append(kind)
        return
    for n in range(len(stack) - 1, -1, -1):
        if stack[n] == kind:
            del stack[n]
            return
