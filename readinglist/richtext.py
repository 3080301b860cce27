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
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
_MD_MARKS = {
    f"<{slash}{name}>": mark
    for name, mark in (("i", "*"), ("b", "**"), ("sup", "^"), ("sub", "~"))
    for slash in ("", "/")
}


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
    """Rendered HTML as Markdown: italics, bold, super- and subscript kept (Pandoc's marks),
    other tags dropped, text decoded and escaped."""
    out = []
    for piece in parse(markup):
        if isinstance(piece, Tag):
            out.append(_MD_MARKS.get(piece.raw, ""))
        else:
            out.append(escape_markdown(html.unescape(piece)))
    return "".join(out)


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
    themselves (Word). A ``<span>`` counts as small caps when its style says so; spans nest."""
    depth = {"i": 0, "b": 0, "sup": 0, "sub": 0, "sc": 0}
    spans: list[str] = []
    for piece in parse(markup):
        if isinstance(piece, Tag):
            name = piece.name
            if name == "span":
                kind = "sc" if "small-caps" in piece.raw else "span"
                if piece.closing and spans:
                    kind = spans.pop()
                elif not piece.closing:
                    spans.append(kind)
                if kind == "sc":
                    depth["sc"] += -1 if piece.closing else 1
            elif name in depth:
                depth[name] += -1 if piece.closing else 1
            continue
        yield (
            html.unescape(piece),
            Style(
                italic=depth["i"] > 0,
                bold=depth["b"] > 0,
                superscript=depth["sup"] > 0,
                subscript=depth["sub"] > 0,
                small_caps=depth["sc"] > 0,
            ),
        )
