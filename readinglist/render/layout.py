"""The display structure of a rendered entry, for writers to lay out.

CSL 1.0.2 "Display" splits an entry into blocks: "block" (a line of its own), "left-margin"
(a label such as "[1]", in the margin) followed by "right-inline" (the rest), and "indent".
A rendered entry's HTML holds them as the ``div`` elements citeproc-js writes::

    <div class="csl-left-margin">[1]</div><div class="csl-right-inline">B. E. Wampold, …</div>

:func:`display_parts` gives a writer the blocks to lay out (a Word handout puts the label in a
hanging indent); plain text and Markdown put a space between them
(:func:`readinglist.render.engine.html_to_text`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple, Protocol

from readinglist.render.marks import CLOSE as _CLOSE
from readinglist.render.marks import NAMES as _NAMES
from readinglist.render.marks import OPEN as _OPEN

_MARKED = re.compile(f"{_OPEN}([blri])|{_CLOSE}")


class Part(NamedTuple):
    """One block of an entry: its display ("" for text outside any block) and its HTML."""

    display: str
    html: str


def _parts(marked: str) -> list[Part]:
    """The top-level blocks of an entry marked by the display fix (nested marks are kept in
    the inner HTML, converted by `display_html`)."""
    parts: list[Part] = []
    depth = 0
    kind = ""
    start = 0
    for m in _MARKED.finditer(marked):
        if m.group(1):
            if depth == 0:
                if m.start() > start:
                    parts.append(Part("", marked[start : m.start()]))
                kind, start = _NAMES[m.group(1)], m.end()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                parts.append(Part(kind, marked[start : m.start()]))
                start = m.end()
    if start < len(marked):
        parts.append(Part("", marked[start:]))
    return parts


_WORD = re.compile(r"\w")


def _affix_like(markup: str) -> bool:
    """Whether text outside every block is a layout's affix (punctuation and spaces), which
    joins the block beside it, rather than a field of its own, which stays outside."""
    return not _WORD.search(re.sub(r"<[^>]+>", "", markup))


def display_html(marked: str) -> str:
    """An entry's HTML with its display marks as citeproc-js's ``div`` elements.

    As citeproc-js does, punctuation outside any block that leads or trails the entry (a
    layout's prefix or suffix) joins the first or last block, while a field outside every
    block stays outside ("John Smith, Book A (2000)" before an indented abstract), and text
    between a left margin and its right-inline part joins the latter. White space that
    starts the first block or ends a closing right-inline part is not printed."""
    if _OPEN not in marked:
        return marked.replace(_CLOSE, "")
    parts = _parts(marked)
    blocks = [i for i, p in enumerate(parts) if p.display]
    first, last = blocks[0], blocks[-1]
    merged: list[Part] = []
    for i, part in enumerate(parts):
        if part.display:
            merged.append(part)
            continue
        if i > last and _affix_like(part.html):
            merged[-1] = Part(merged[-1].display, merged[-1].html + part.html)
        elif i < first and _affix_like(part.html):
            parts[first] = Part(parts[first].display, part.html + parts[first].html)
        elif (
            merged
            and merged[-1].display == "left-margin"
            and i + 1 < len(parts)
            and parts[i + 1].display == "right-inline"
        ):
            parts[i + 1] = Part("right-inline", part.html + parts[i + 1].html)
        elif part.html.strip():
            merged.append(part)
    if merged and merged[-1].display == "right-inline":
        # The right-inline part ends the entry's line: a layout's trailing space goes.
        merged[-1] = Part("right-inline", merged[-1].html.rstrip())
    if merged and merged[0].display:
        # The first block starts the entry's line: a space before its first word (a prefix
        # whose element before it printed nothing, such as a name list that
        # subsequent-author-substitute replaced with "") goes, so the text form never starts
        # with a space.
        merged[0] = Part(merged[0].display, merged[0].html.lstrip())
    out = []
    for part in merged:
        inner = display_html(part.html)
        out.append(f'<div class="csl-{part.display}">{inner}</div>' if part.display else inner)
    return "".join(out)


_DIV = re.compile(r'<div class="csl-(block|left-margin|right-inline|indent)">(.*?)</div>', re.S)


def display_parts(markup: str) -> list[Part]:
    """The blocks of a rendered entry's HTML; one part with display "" when it has none."""
    parts: list[Part] = []
    position = 0
    for m in _DIV.finditer(markup):
        if m.start() > position and markup[position : m.start()].strip():
            parts.append(Part("", markup[position : m.start()]))
        parts.append(Part(m.group(1), m.group(2)))
        position = m.end()
    if markup[position:].strip() or not parts:
        parts.append(Part("", markup[position:]))
    return parts


_BOUNDARY = re.compile(r'(</div>)?(<div class="csl-[a-z-]+">)')


def spaced(markup: str) -> str:
    """The entry's HTML with a space wherever two display blocks meet without one, so that
    its text reads "[1] B. E. Wampold", not "[1]B. E. Wampold"."""

    def space(m: re.Match[str]) -> str:
        before = markup[: m.start()]
        after = markup[m.end() : m.end() + 1]
        if not before or before[-1:].isspace() or after[:1].isspace():
            return m.group(0)
        return " " + m.group(0)

    return _BOUNDARY.sub(space, markup)


class _Entry(Protocol):
    @property
    def html(self) -> str: ...


def bibliography_html(entries: Sequence[_Entry]) -> str:
    """Rendered entries as citeproc-js writes a bibliography (an entry with no HTML, one the
    style printed nothing for, is left out)."""
    body = "\n".join(f'  <div class="csl-entry">{e.html}</div>' for e in entries if e.html)
    return f'<div class="csl-bib-body">\n{body}\n</div>'
