"""An event's reading list as plain text and as Markdown.

Both carry the event's header (dates, presenters, CPD hours, location, its page), its
description and notes (the organiser's Markdown, through :mod:`readinglist.publish.prose`),
and each entry with its status (when the style does not state it), retraction and note.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from readinglist.model import Event
from readinglist.publish import prose
from readinglist.publish.listing import (
    DEFAULT_OPTIONS,
    ListedSection,
    Options,
    date_line,
    event_url,
)
from readinglist.render.engine import html_to_markdown


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line if line else line for line in text.split("\n"))


def to_text(
    event: Event, sections: Sequence[ListedSection], options: Options = DEFAULT_OPTIONS
) -> str:
    split = options.split
    title = prose.clean(event.title)
    lines = [title, "=" * len(title)]
    lines += [line for line in (date_line(event), event.location, event_url(event)) if line]
    if event.description:
        lines += ["", prose.to_text(event.description, split)]
    for section in sections:
        lines += ["", section.title, "-" * len(section.title)]
        if section.note:
            lines += [prose.to_text(section.note, split)]
        for entry in section.entries:
            text = entry.rendered.text
            if entry.badge:
                text += f" [{entry.badge.capitalize()}]"
            lines += ["", text]
            if entry.retraction:
                lines.append(f"    RETRACTED: see the notice, {entry.retraction_url}")
            if entry.note:
                lines.append(_indent(prose.to_text(entry.note, split), "    "))
    return "\n".join(lines) + "\n"


# Inside a URL a backslash before "_", "#", "|", "~" or "^" would become part of a GFM
# autolink's target and break it ("https://example.org/~user"); those escapes are undone there
# (what could make other syntax stays escaped).
_MD_URL = r"https?://\S+"  # compiled (and cached by re) when Markdown is written


def markdown(markup: str) -> str:
    """Rendered HTML as Markdown: marks kept, text escaped, URLs left as GFM autolinks."""
    unescape = lambda m: re.sub(r"\\([_#|~^])", r"\1", m.group(0))  # noqa: E731
    return re.sub(_MD_URL, unescape, html_to_markdown(markup))


def _md(text: str) -> str:
    import html  # only Markdown escapes: a text list does not load it

    return markdown(html.escape(text, quote=False))


def _cited_markdown(markup: str) -> str:
    return markdown(markup)


def to_markdown(
    event: Event, sections: Sequence[ListedSection], options: Options = DEFAULT_OPTIONS
) -> str:
    """Markdown with no raw HTML and no links but the organiser's own: citations read as
    the style renders them (Markdown has no anchors to link them to), addresses are shown
    as they are."""

    def md(source: str, level: int) -> str:
        return prose.to_markdown(source, level, options.split, lambda key: None, _cited_markdown)

    lines = [f"# {_md(prose.clean(event.title))}"]
    meta = [_md(line) for line in (date_line(event), event.location, event_url(event)) if line]
    if meta:
        lines += ["", "  \n".join(meta)]
    if event.description:
        lines += ["", md(event.description, 2)]
    for section in sections:
        lines += ["", f"## {_md(section.title)}"]
        if section.note:
            lines += ["", md(section.note, 2)]
        for entry in section.entries:
            text = markdown(entry.rendered.html)
            if entry.badge:
                text += f" *{entry.badge.capitalize()}*"
            lines += ["", text]
            if entry.retraction:
                url = _md(entry.retraction_url)
                lines += ["", f"> **Retracted**: see the notice, {url}"]
            if entry.note:
                lines += ["", _indent(md(entry.note, 3), "> ")]
    return "\n".join(lines) + "\n"
