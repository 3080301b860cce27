"""An event's reading list as text, Markdown or an HTML fragment.

The whole event is rendered in one pass, so that year suffixes ("2016a", "2016b") agree across
its sections; each section then lists its entries in the style's order, each with its note.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from readinglist import render
from readinglist.csl import CslItem
from readinglist.model import Event
from readinglist.render import Rendered, html_to_markdown

FORMATS = ("text", "markdown", "html")


@dataclass(frozen=True)
class ListedEntry:
    key: str
    rendered: Rendered
    note: str
    status: str  # CSL status ("in press"), empty when published


@dataclass(frozen=True)
class ListedSection:
    title: str
    note: str
    entries: tuple[ListedEntry, ...]


def reading_list(
    event: Event, items: Sequence[CslItem], style: str, locale: str, style_dirs: Sequence[Path] = ()
) -> list[ListedSection]:
    """The event's sections with their rendered entries, in the style's order."""
    rendered = render.render_bibliography(items, style, locale, style_dirs)
    order = {r.key.casefold(): i for i, r in enumerate(rendered)}
    by_key = {r.key.casefold(): r for r in rendered}
    status = {str(i["id"]).casefold(): str(i.get("status", "")) for i in items}
    sections = []
    for section in event.sections:
        entries = sorted(section.entries, key=lambda e: order[e.key.casefold()])
        sections.append(
            ListedSection(
                section.title,
                section.note,
                tuple(
                    ListedEntry(e.key, by_key[e.key.casefold()], e.note, status[e.key.casefold()])
                    for e in entries
                ),
            )
        )
    return sections


def _date_line(event: Event) -> str:
    parts = []
    if event.date:
        parts.append(f"{event.date:%-d %B %Y}")
    if event.presenters:
        parts.append(", ".join(event.presenters))
    if event.cpd_hours:
        parts.append(f"{event.cpd_hours:g} CPD hours")
    return " · ".join(parts)


def to_text(event: Event, sections: Sequence[ListedSection]) -> str:
    lines = [event.title, "=" * len(event.title)]
    if _date_line(event):
        lines.append(_date_line(event))
    for section in sections:
        lines += ["", section.title, "-" * len(section.title)]
        if section.note:
            lines += [section.note]
        for entry in section.entries:
            lines += ["", entry.rendered.text]
            if entry.note:
                lines.append(f"    {entry.note}")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return html_to_markdown(html.escape(text, quote=False))


def to_markdown(event: Event, sections: Sequence[ListedSection]) -> str:
    lines = [f"# {_md(event.title)}"]
    if _date_line(event):
        lines += ["", _md(_date_line(event))]
    for section in sections:
        lines += ["", f"## {_md(section.title)}"]
        if section.note:
            lines += ["", _md(section.note)]
        for entry in section.entries:
            lines += ["", html_to_markdown(entry.rendered.html)]
            if entry.note:
                lines += ["", f"> {_md(entry.note)}"]
    return "\n".join(lines) + "\n"


def _anchor(key: str) -> str:
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in key)
    return f"ref-{safe}"


def to_html(event: Event, sections: Sequence[ListedSection], lang: str = "en") -> str:
    """A self-contained HTML fragment: every value escaped, one anchor per entry."""
    e = html.escape
    out = [f'<section class="readinglist" lang="{e(lang)}">']
    for section in sections:
        out.append(f"<h2>{e(section.title)}</h2>")
        if section.note:
            out.append(f'<p class="readinglist-note">{e(section.note)}</p>')
        out.append('<div class="csl-bib-body">')
        for entry in section.entries:
            pending = ' data-status="' + e(entry.status) + '"' if entry.status else ""
            out.append(
                f'<div class="csl-entry" id="{_anchor(entry.key)}"{pending}>{entry.rendered.html}'
            )
            if entry.note:
                out.append(f'<p class="readinglist-entry-note">{e(entry.note)}</p>')
            out.append("</div>")
        out.append("</div>")
    out.append("</section>")
    return "\n".join(out) + "\n"


WRITERS: dict[str, Callable[[Event, Sequence[ListedSection]], str]] = {
    "text": to_text,
    "markdown": to_markdown,
    "html": to_html,
}
