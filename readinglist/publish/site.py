"""``readinglist build DIR``: a static site of every event, ready for any static host.

    DIR/index.html                      upcoming and past events
    DIR/SLUG/index.html                 the event's page
    DIR/SLUG/fragment.html              the HTML fragment for page builders
    DIR/SLUG/SLUG.{bib,ris,json}        downloads for reference managers
    DIR/SLUG/SLUG.docx                  the Word handout
    DIR/SLUG/SLUG.md                    Markdown
    DIR/SLUG/event.json                 the list as JSON for static-site generators

Deterministic: the same library, events, style and date give byte-identical files. Files
are written atomically; files of events that no longer exist are not deleted (the folder may
hold other things), but the index lists only current events.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from readinglist.atomic import write_bytes, write_text
from readinglist.library import Library
from readinglist.model import Event
from readinglist.publish import eventjson, export, fragment, handout, listing, page, text
from readinglist.render import citations, styles
from readinglist.render.engine import Rendered


@dataclass(frozen=True)
class Built:
    path: Path
    size: int


@dataclass(frozen=True)
class Site:
    """What a build wrote, and the entries it could not render (left out of their lists, for
    the command to name: one bad entry never sinks the site)."""

    files: list[Built]
    failed: list[tuple[Rendered, str]]  # each with the style it failed in
    citations: list[listing.UnrenderedCitation] = field(default_factory=list)  # in event texts


def build(
    out: Path,
    events: Sequence[Event],
    library: Library,
    style: str,
    locale: str,
    style_dirs: Sequence[Path],
    today: dt.date,
) -> Site:
    """Write the static site for `events` into `out`; return every file written and every
    entry that could not be rendered."""
    out.mkdir(parents=True, exist_ok=True)
    built: list[Built] = []
    failed: dict[tuple[str, str], Rendered] = {}  # by key and style: named once
    uncited: list[listing.UnrenderedCitation] = []

    def put(path: Path, content: str | bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            write_bytes(path, content)
        else:
            write_text(path, content)
        built.append(Built(path, path.stat().st_size))

    for event in events:
        folder = out / event.slug
        event_style = event.style or style
        event_locale = event.locale or locale or styles.style_locale(event_style, style_dirs)
        items = library.to_csl(list(event.keys))
        retractions = listing.retractions_of(library.require(key) for key in event.keys)
        sections = listing.reading_list(
            event, items, event_style, event_locale, style_dirs, retractions
        )
        for section in sections:
            failed.update(((e.key.casefold(), event_style), e.rendered) for e in section.failed)
        lang = listing.lang_of(event_locale)
        slug = event.slug
        downloads = (
            (f"BibTeX ({slug}.bib)", f"{slug}.bib"),
            (f"RIS for EndNote and Mendeley ({slug}.ris)", f"{slug}.ris"),
            (f"CSL-JSON for Zotero ({slug}.json)", f"{slug}.json"),
            (f"Word handout ({slug}.docx)", f"{slug}.docx"),
            ("HTML fragment for page builders", "fragment.html"),
        )
        cited = library.to_csl(citations.all_keys(event))
        citer = listing.citer(cited, event_style, event_locale, style_dirs, event, sections)
        options = listing.Options(
            css=True,
            lang=lang,
            downloads=downloads,
            style=event_style,
            locale=event_locale,
            cite=citer,
        )
        put(folder / "index.html", page.to_page(event, sections, options))
        put(folder / "fragment.html", fragment.to_html(event, sections, options))
        put(folder / f"{slug}.md", text.to_markdown(event, sections, options))
        put(folder / "event.json", eventjson.to_json(event, sections, options))
        put(folder / f"{slug}.docx", handout.to_docx(event, sections, options))
        uncited.extend(listing.unrendered_citations(event, citer, event_style))
        for fmt, suffix in export.SUFFIXES.items():
            put(folder / f"{slug}{suffix}", export.export(library, list(event.keys), fmt))
    put(out / "index.html", page.index_page(events, today))
    return Site(built, [(rendered, style) for (_, style), rendered in failed.items()], uncited)
