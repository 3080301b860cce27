"""A Word handout (.docx) of an event's reading list, with python-docx.

Headings use Word's own Heading styles (so the document outline and a table of contents work),
entries keep their italics and have APA's hanging indent, notes sit under their entry. The
file is deterministic: the same list gives the same bytes (fixed package dates), so a site
build can be compared and cached.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile
from collections.abc import Sequence

from docx import Document
from docx.shared import Cm, Pt

from readinglist.model import Event
from readinglist.publish.listing import DEFAULT_OPTIONS, ListedSection, Options, date_line
from readinglist.render.layout import display_parts

_TAG = re.compile(r"(</?(?:i|b|sup|sub)>|<span[^>]*>|</span>|<[^>]+>)")
_FIXED = (1980, 1, 1, 0, 0, 0)


def _add_rich_text(paragraph: object, markup: str) -> None:
    """Add rendered HTML to a paragraph as runs, keeping italics, bold, super/subscript and
    small caps; other tags are dropped, text unescaped."""
    state = {"i": 0, "b": 0, "sup": 0, "sub": 0, "sc": 0}
    stack: list[str] = []
    for piece in _TAG.split(markup):
        if not piece:
            continue
        if piece.startswith("<"):
            name = piece.strip("</>").split()[0] if piece.strip("</>") else ""
            closing = piece.startswith("</")
            if name == "span":
                kind = "sc" if "small-caps" in piece else "span"
                if closing and stack:
                    kind = stack.pop()
                elif not closing:
                    stack.append(kind)
                if kind == "sc":
                    state["sc"] += -1 if closing else 1
            elif name in state:
                state[name] += -1 if closing else 1
            continue
        run = paragraph.add_run(html.unescape(piece))  # type: ignore[attr-defined]
        run.italic = state["i"] > 0 or None
        run.bold = state["b"] > 0 or None
        run.font.superscript = state["sup"] > 0 or None
        run.font.subscript = state["sub"] > 0 or None
        run.font.small_caps = state["sc"] > 0 or None


def _add_entry(paragraph: object, markup: str) -> None:
    """An entry in its hanging indent. A label in the margin (CSL "display", as numeric
    styles print "[1]") stands in the hanging part, a tab stop lines the entry up after it;
    other display blocks follow with a space between them."""
    parts = display_parts(markup)
    if parts[0].display == "left-margin" and len(parts) > 1:
        _add_rich_text(paragraph, parts[0].html.strip())
        paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(1.27))  # type: ignore[attr-defined]
        paragraph.add_run("\t")  # type: ignore[attr-defined]
        parts = parts[1:]
    for index, part in enumerate(parts):
        _add_rich_text(paragraph, part.html.lstrip() if index == 0 else " " + part.html.strip())


def to_docx(
    event: Event, sections: Sequence[ListedSection], options: Options = DEFAULT_OPTIONS
) -> bytes:
    document = Document()
    properties = document.core_properties
    properties.title = event.title
    properties.author = ", ".join(event.presenters)
    properties.comments = "Reading list made with readinglist"
    when = dt.datetime.combine(event.date or dt.date(2000, 1, 1), dt.time())
    properties.created = properties.modified = when
    properties.last_modified_by = "readinglist"
    properties.revision = 1
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading(event.title, level=0)
    if date_line(event):
        document.add_paragraph(date_line(event))
    for section in sections:
        document.add_heading(section.title, level=1)
        if section.note:
            document.add_paragraph(section.note)
        for entry in section.entries:
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.left_indent = Cm(1.27)
            paragraph.paragraph_format.first_line_indent = Cm(-1.27)
            paragraph.paragraph_format.space_after = Pt(6)
            _add_entry(paragraph, entry.rendered.html)
            if entry.status:
                badge = paragraph.add_run(f" [{entry.status}]")
                badge.bold = True
            if entry.note:
                note = document.add_paragraph(entry.note)
                note.paragraph_format.left_indent = Cm(1.27)
                note.paragraph_format.space_after = Pt(8)
                for run in note.runs:
                    run.font.size = Pt(10)
    buffer = io.BytesIO()
    document.save(buffer)
    return _deterministic(buffer.getvalue())


def _deterministic(data: bytes) -> bytes:
    """The same zip with fixed member dates and order, so equal content gives equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in sorted(source.namelist(), key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, _FIXED)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(name))
    return out.getvalue()
