"""A Word handout (.docx) of an event's reading list, with python-docx.

Headings use Word's own Heading styles (so the document outline and a table of contents work),
entries keep their italics and have APA's hanging indent, notes sit under their entry, DOIs and
URLs are hyperlinks. The page is the locale's paper size: US Letter where CLDR says the region
uses it (the United States, Canada and parts of Latin America and Asia), A4 elsewhere. Text
that XML cannot hold (control characters) is left out, and the document's title property is
cut to Word's 255 characters. The file is deterministic: the same list gives the same bytes
(fixed package dates), so a site build can be compared and cached.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from readinglist import richtext
from readinglist.model import Event
from readinglist.publish import prose
from readinglist.publish.fragment import linkify
from readinglist.publish.listing import (
    DEFAULT_OPTIONS,
    ListedSection,
    Options,
    date_line,
    event_url,
)
from readinglist.render.layout import display_parts

_TAG = re.compile(r"(</?(?:i|b|sup|sub)>|<span[^>]*>|</span>|<a [^>]*>|</a>|<[^>]+>)")
_HREF = re.compile(r'href="([^"]*)"')
_FIXED = (1980, 1, 1, 0, 0, 0)
_CORE_PROPERTY_LIMIT = 255  # characters of a core property (Word's and python-docx's limit)
# CLDR's supplemental data (paperSize): the regions whose paper is US Letter.
LETTER_REGIONS = frozenset(
    ["BZ", "CA", "CL", "CO", "CR", "GT", "MX", "NI", "PA", "PH", "PR", "SV", "US", "VE"]
)
LINK_COLOUR = RGBColor(0x1F, 0x4E, 0x8C)


def paper_size(locale: str) -> tuple[Mm, Mm]:
    """Width and height of the locale's paper: US Letter in its regions, A4 elsewhere; a
    locale without a region (``en``) is taken as en-US, CSL's default."""
    region = locale.replace("_", "-").split("-")[1].upper() if "-" in locale else "US"
    if not locale or region in LETTER_REGIONS:
        return Mm(215.9), Mm(279.4)
    return Mm(210), Mm(297)


def _hyperlink(paragraph: Any, url: str) -> Any:
    """A ``w:hyperlink`` element at the end of the paragraph, pointing at `url`."""
    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    element = OxmlElement("w:hyperlink")
    element.set(qn("r:id"), rel)
    paragraph._p.append(element)
    return element


def _add_rich_text(paragraph: Any, markup: str) -> None:
    """Add rendered HTML to a paragraph as runs, keeping italics, bold, super/subscript, small
    caps and links; other tags are dropped, text unescaped."""
    state = {"sup": 0, "sub": 0}
    decorations = richtext.Decorations()
    link: Any = None
    for piece in _TAG.split(markup):
        if not piece:
            continue
        if piece.startswith("<"):
            name = piece.strip("</>").split()[0] if piece.strip("</>") else ""
            closing = piece.startswith("</")
            decorations.tag(name, piece, closing)
            if name == "a":
                href = _HREF.search(piece)
                link = (
                    None if closing or not href else _hyperlink(paragraph, html.unescape(href[1]))
                )
            elif name in state:
                state[name] += -1 if closing else 1
            continue
        run = paragraph.add_run(prose.clean(html.unescape(piece)))
        if link is not None:
            link.append(run._r)  # moved from the paragraph into the hyperlink
            run.font.underline = True
            run.font.color.rgb = LINK_COLOUR
        run.italic = decorations.on("i") or None
        run.bold = decorations.on("b") or None
        # One property in Word (vertAlign): setting the other to None would clear it.
        if state["sup"] > 0:
            run.font.superscript = True
        elif state["sub"] > 0:
            run.font.subscript = True
        run.font.small_caps = decorations.on("sc") or None


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
    """The reading list as a Word document (.docx bytes, the same bytes for the same list)."""
    document = Document()
    width, height = paper_size(options.locale)
    for page in document.sections:
        page.page_width, page.page_height = width, height
        page.left_margin = page.right_margin = Cm(2.54)
    properties = document.core_properties
    properties.title = _property(event.title)
    properties.author = _property(", ".join(event.presenters))
    properties.comments = "Reading list made with readinglist"
    when = dt.datetime.combine(event.date or dt.date(2000, 1, 1), dt.time())
    properties.created = properties.modified = when
    properties.last_modified_by = "readinglist"
    properties.revision = 1
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading(prose.clean(event.title), level=0)
    for line in (date_line(event), event.location):
        if line:
            document.add_paragraph(prose.clean(line))
    if event_url(event):
        _add_rich_text(
            document.add_paragraph("Event page: "), linkify(html.escape(event_url(event)))
        )
    split = options.split
    if event.description:
        for text in prose.to_text(event.description, split, markup=True).split("\n\n"):
            _add_rich_text(document.add_paragraph(), linkify(text))
    for section in sections:
        document.add_heading(prose.clean(section.title), level=1)
        if section.note:
            for text in prose.to_text(section.note, split, markup=True).split("\n\n"):
                _add_rich_text(document.add_paragraph(), linkify(text))
        for entry in section.entries:
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.left_indent = Cm(1.27)
            paragraph.paragraph_format.first_line_indent = Cm(-1.27)
            paragraph.paragraph_format.space_after = Pt(6)
            _add_entry(paragraph, linkify(entry.rendered.html))
            if entry.badge:
                badge = paragraph.add_run(f" [{entry.badge.capitalize()}]")
                badge.bold = True
            if entry.retraction:
                url = html.escape(entry.retraction_url)
                retracted = document.add_paragraph()
                retracted.paragraph_format.left_indent = Cm(1.27)
                heading = retracted.add_run("Retracted: ")
                heading.bold = True
                _add_rich_text(retracted, f"see the notice, {linkify(url)}")
            if entry.note:
                for text in prose.to_text(entry.note, split, markup=True).split("\n\n"):
                    note = document.add_paragraph()
                    _add_rich_text(note, linkify(text))
                    note.paragraph_format.left_indent = Cm(1.27)
                    note.paragraph_format.space_after = Pt(8)
                    for run in note.runs:
                        run.font.size = Pt(10)
    buffer = io.BytesIO()
    document.save(buffer)
    return _deterministic(buffer.getvalue())


def _property(text: str) -> str:
    text = " ".join(prose.clean(text).split())
    if len(text) <= _CORE_PROPERTY_LIMIT:
        return text
    return text[: _CORE_PROPERTY_LIMIT - 1].rstrip() + "…"


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
