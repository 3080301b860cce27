"""An event's reading list as JSON, for static-site generators (Hugo, Jekyll, Eleventy).

The document carries the event's metadata, its description, its sections with their notes,
and for each entry its key, anchor id, status, retraction notice, text, HTML and CSL-JSON
item. The organiser's text (description and notes) comes three ways: the Markdown as written,
HTML and plain text. ``docs/event.schema.json`` is its JSON Schema; ``format`` says which
version of that schema a document follows and changes only when a field changes meaning or
goes away.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from readinglist.csl.bib_types import with_schema_type
from readinglist.model import Event
from readinglist.publish import prose
from readinglist.publish.fragment import entry_html, linkify, prose_html
from readinglist.publish.listing import (
    DEFAULT_OPTIONS,
    Anchors,
    ListedSection,
    Options,
    date_line,
    date_range,
    event_url,
)

FORMAT_VERSION = 1


def _prose(source: str, options: Options, level: int, ids: Anchors) -> dict[str, str] | None:
    if prose.is_empty(source):
        return None
    return {
        "markdown": prose.clean(source),
        "html": prose_html(source, options, level, ids),
        "text": prose.to_text(source, options.split),
    }


def to_document(
    event: Event, sections: Sequence[ListedSection], options: Options = DEFAULT_OPTIONS
) -> dict[str, Any]:
    """The event as a JSON-ready dict (see ``docs/event.schema.json``)."""
    ids = Anchors(sections, options.id_prefix)
    level = options.level
    listed = []
    for s, section in enumerate(sections):
        entries = []
        for i, entry in enumerate(section.entries):
            entries.append(
                {
                    "key": entry.key,
                    "id": ids.ids[s, i],
                    "status": entry.status or None,
                    "status_in_text": entry.status_stated,
                    "retraction": entry.retraction or None,
                    "text": entry.rendered.text,
                    "html": linkify(entry.rendered.html),
                    "entry_html": entry_html(entry, options, ids.ids[s, i], ids),
                    "note": _prose(entry.note, options, level + 1, ids),
                    "csl": with_schema_type(entry.item),
                }
            )
        listed.append(
            {
                "title": section.title,
                "note": _prose(section.note, options, level, ids),
                "order": section.order,
                "entries": entries,
            }
        )
    return {
        "format": FORMAT_VERSION,
        "event": {
            "slug": event.slug,
            "title": event.title,
            "date": event.date.isoformat() if event.date else None,
            "end_date": event.end_date.isoformat() if event.end_date else None,
            "dates": date_range(event) or None,
            "summary": date_line(event) or None,
            "presenters": list(event.presenters),
            "cpd_hours": event.cpd_hours,
            "location": event.location or None,
            "url": event_url(event) or None,
            "description": _prose(event.description, options, 1, ids),
        },
        "style": options.style or None,
        "locale": options.locale or None,
        "sections": listed,
    }


def to_json(
    event: Event, sections: Sequence[ListedSection], options: Options = DEFAULT_OPTIONS
) -> str:
    return json.dumps(to_document(event, sections, options), ensure_ascii=False, indent=2) + "\n"
