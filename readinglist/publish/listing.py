"""An event's reading list, rendered once for every output: its sections and entries, the
options every writer takes, the anchors of entries and the one rule for safe links.

The whole event is rendered in one pass, so that year suffixes ("2016a", "2016b") agree across
its sections; each section then lists its entries in the style's order (or as the organiser
listed them), each with its note. The writers: :mod:`readinglist.publish.text` (text and
Markdown), :mod:`~readinglist.publish.fragment` (the HTML fragment),
:mod:`~readinglist.publish.page`, :mod:`~readinglist.publish.handout` (Word) and
:mod:`~readinglist.publish.eventjson` (JSON for static-site generators).
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from readinglist.library import Library
from readinglist.model import Event, EventEntry, Reference, Section
from readinglist.publish import prose
from readinglist.render import citations, engine
from readinglist.render.engine import Rendered

if TYPE_CHECKING:  # the CSL mapping is imported where items are made, not here
    from readinglist.csl.from_bibtex import CslItem

FORMATS = ("text", "markdown", "html", "page", "docx", "json")


class ListedEntry(NamedTuple):
    """One entry of a reading list: its rendering, the organiser's note and its status (a
    named tuple: see :mod:`readinglist.model`)."""

    key: str
    rendered: Rendered
    note: str  # the organiser's Markdown
    item: CslItem  # the entry's CSL-JSON, read by the writers and not changed
    status_stated: bool = False  # the style's rendering already says the status
    retraction: str = ""  # the DOI of the retraction notice the library records

    @property
    def status(self) -> str:
        """CSL status ("in press"), empty when published."""
        return str(self.item.get("status", ""))

    @property
    def badge(self) -> str:
        """The status to mark the entry with: shown once, so only when the style's own
        rendering does not state it (APA prints "(in press)", Harvard prints nothing)."""
        return "" if self.status_stated else self.status

    @property
    def retraction_url(self) -> str:
        return f"https://doi.org/{self.retraction}" if self.retraction else ""


class ListedSection(NamedTuple):
    """One section of a reading list, its entries in the order they are listed (a named tuple:
    see :mod:`readinglist.render.styles`)."""

    title: str
    note: str  # the organiser's Markdown
    entries: tuple[ListedEntry, ...]
    order: str = "style"
    # Entries that could not be rendered (each Rendered has its error): left out of the
    # list, for the command to name.
    failed: tuple[ListedEntry, ...] = ()


class Options(NamedTuple):
    """How a reading list is written out (fragments, ids, language, citations): a named tuple
    (see :mod:`readinglist.model`)."""

    css: bool = True
    lang: str = "en"
    downloads: tuple[tuple[str, str], ...] = ()  # (label, relative link)
    heading_level: int = 2  # of the fragment's section headings, so it fits under any heading
    id_prefix: str = ""  # before every id, so that two fragments on one page never share one
    style: str = ""  # what the list was rendered with, for outputs that say so (JSON)
    locale: str = ""
    cite: prose.Splitter | None = None  # citations in the text

    @property
    def level(self) -> int:
        """`heading_level`, checked when a writer uses it: HTML's headings are h1 to h6."""
        if not 1 <= self.heading_level <= 6:
            raise ValueError(f"heading level must be 1 to 6, not {self.heading_level}")
        return self.heading_level

    @property
    def split(self) -> prose.Splitter:
        return self.cite or (lambda text: [text])


DEFAULT_OPTIONS = Options()


def reading_list(
    event: Event,
    items: Sequence[CslItem],
    style: str,
    locale: str,
    style_dirs: Sequence[Path] = (),
    retractions: Mapping[str, str] | None = None,
) -> list[ListedSection]:
    """The event's sections with their rendered entries, each section in the style's order
    or as listed. `retractions` maps a key to the DOI of its retraction notice."""
    rendered = engine.render_bibliography(items, style, locale, style_dirs)
    order = {r.key.casefold(): i for i, r in enumerate(rendered)}
    by_key = {r.key.casefold(): r for r in rendered}
    item_of = {str(i["id"]).casefold(): i for i in items}
    stated = _keys_stating_status(items, rendered, style, locale, style_dirs)
    retracted = {k.casefold(): v for k, v in (retractions or {}).items()}
    sections = []
    for section in event.sections:
        entries = list(section.entries)
        if section.order == "style":
            entries.sort(key=lambda e: order[e.key.casefold()])
        listed = [
            ListedEntry(
                e.key,
                by_key[e.key.casefold()],
                e.note,
                item_of[e.key.casefold()],
                e.key.casefold() in stated,
                retracted.get(e.key.casefold(), ""),
            )
            for e in entries
        ]
        sections.append(
            ListedSection(
                section.title,
                section.note,
                tuple(e for e in listed if not e.rendered.error),
                section.order,
                tuple(e for e in listed if e.rendered.error),
            )
        )
    return sections


class UnrenderedCitation(NamedTuple):
    """A citation in an event's text that could not be rendered: it is printed as written (a
    named tuple: see :mod:`readinglist.render.styles`)."""

    path: Path | None  # the event file
    source: str  # the citation as written, e.g. "[@law2013, p. 5]"
    style: str
    error: str


def unrendered_citations(
    event: Event, citer: citations.Citer, style: str
) -> list[UnrenderedCitation]:
    """The citations of `event`'s text that `citer` could not render."""
    return [
        UnrenderedCitation(event.path, source, style, error)
        for source, error in citer.failed.items()
    ]


def citer(
    items: Sequence[CslItem],
    style: str,
    locale: str | None,
    style_dirs: Sequence[Path] = (),
    event: Event | None = None,
    sections: Sequence[ListedSection] | None = None,
) -> citations.Citer:
    """What finds and renders the citations in the event's text, in the list's style (the
    event's own texts are rendered at once, in one pass over its works). Called on a text, it
    cuts it into plain strings and rendered citations; its ``failed`` names the citations that
    could not be rendered (they stay as written).

    A work cited again is cited so (CSL 1.0.2 position "subsequent") in the order a reader
    meets the texts: with `sections`, the list as it is printed, its entries in the style's
    order, not in the event file's."""
    if event is None:
        texts: Sequence[str] = ()
    elif sections is None:
        texts = citations.event_texts(event)
    else:
        texts = printed_texts(event, sections)
    return citations.Citer(items, style, locale, style_dirs, texts)


def printed_texts(event: Event, sections: Sequence[ListedSection]) -> list[str]:
    """The event's texts in the order its reading list prints them: the description, then
    each section's note and its entries' notes, the entries in the order listed."""
    texts = [event.description]
    for section in sections:
        texts.append(section.note)
        texts += [entry.note for entry in section.entries]
    return [t for t in texts if t]


def single_entry(
    item: CslItem,
    style: str,
    locale: str,
    style_dirs: Sequence[Path] = (),
    retractions: Mapping[str, str] | None = None,
) -> ListedEntry:
    """One work rendered on its own, as a reading list of one would list it."""
    key = str(item["id"])
    event = Event(slug=key, title=key, sections=(Section("", (EventEntry(key),)),))
    return reading_list(event, [item], style, locale, style_dirs, retractions)[0].entries[0]


def _keys_stating_status(
    items: Sequence[CslItem],
    rendered: Sequence[Rendered],
    style: str,
    locale: str,
    style_dirs: Sequence[Path],
) -> set[str]:
    """The keys of works with a status whose rendering says it, in the style's own words:
    those whose entry changes when the status is taken away."""
    if not any(item.get("status") for item in items):
        return set()
    bare = [{k: v for k, v in item.items() if k != "status"} for item in items]
    without = {
        r.key.casefold(): r.text
        for r in engine.render_bibliography(bare, style, locale, style_dirs)
    }
    with_status = {str(i["id"]).casefold() for i in items if i.get("status")}
    return {
        r.key.casefold()
        for r in rendered
        if r.key.casefold() in with_status and without.get(r.key.casefold()) != r.text
    }


def retractions_of(references: Iterable[Reference]) -> dict[str, str]:
    """Key -> retraction notice DOI, for the entries whose ``retraction`` field records one
    (``readinglist verify`` writes it when the registry reports a retraction)."""
    return {r.key: str(r.get("retraction")) for r in references if r.get("retraction")}


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip


def long_date(day: dt.date) -> str:
    """``15 January 2024``, the same on every platform and in every locale (strftime has no
    portable day without a leading zero, and its month names follow the process's locale)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def date_range(event: Event) -> str:
    """ "15 January 2024", "15–16 January 2024", "30 January – 2 February 2024"."""
    start, end = event.date, event.end_date
    if start is None:
        return ""
    if end is None or end == start:
        return long_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{long_date(end)}"
    if start.year == end.year:
        return f"{start.day} {MONTHS[start.month - 1]} – {long_date(end)}"
    return f"{long_date(start)} – {long_date(end)}"


def date_line(event: Event) -> str:
    """The event's date (or dates), presenters and CPD hours, joined by " · "."""
    parts = []
    if event.date:
        parts.append(date_range(event))
    if event.presenters:
        parts.append(", ".join(event.presenters))
    if event.cpd_hours:
        parts.append(f"{event.cpd_hours:g} CPD hours")
    return " · ".join(parts)


def event_url(event: Event) -> str:
    """The event's own page, when it is an http(s) address."""
    return safe_url(event.url) or ""


# --- links and anchors ---------------------------------------------------------------

# A URL ends at white space, a quote or "<"; a DOI link also holds "<" and ">" (SICI DOIs).
URL_PATTERN = re.compile(
    r"https?://(?:dx\.|www\.)?doi\.org/10\.[^\s\"']+|https?://[^\s<>\"']+", re.IGNORECASE
)
SAFE_SCHEMES = ("http", "https")


def safe_url(url: str) -> str | None:
    """`url` when it is an http(s) link; None for javascript:, data: and everything else."""
    if "&" in url:  # a character reference (html.unescape leaves text without one alone)
        import html

        url = html.unescape(url)
    text = url.strip()
    parts = urllib.parse.urlsplit(text)
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.netloc:
        return None
    return text


def _id_safe(text: str) -> str:
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "-" for c in text)


def anchor(key: str, prefix: str = "") -> str:
    """The id of a key's entry: ``ref-KEY``, after the page's prefix."""
    return f"{_id_safe(prefix)}ref-{_id_safe(key)}"


class Anchors:
    """The id of every entry of a fragment, unique within it: a key listed in two sections,
    or two keys that read the same once made safe for an id, get ``-2``, ``-3``. A key's
    first entry holds its plain anchor, which citations link to."""

    def __init__(self, sections: Sequence[ListedSection], prefix: str = "") -> None:
        taken: set[str] = set()
        self.ids: dict[tuple[int, int], str] = {}
        self.of_key: dict[str, str] = {}
        for s, section in enumerate(sections):
            for e, entry in enumerate(section.entries):
                base = candidate = anchor(entry.key, prefix)
                count = 1
                while candidate in taken:
                    count += 1
                    candidate = f"{base}-{count}"
                taken.add(candidate)
                self.ids[s, e] = candidate
                self.of_key.setdefault(entry.key.casefold(), candidate)

    def key(self, key: str) -> str | None:
        return self.of_key.get(key.casefold())


Writer = Callable[[Event, Sequence[ListedSection], Options], str]


def render_event(
    event: Event,
    library: Library,
    style: str = "apa",
    locale: str = "en-US",
    fmt: str = "text",
    style_dirs: Sequence[Path] = (),
    options: Options = DEFAULT_OPTIONS,
) -> str:
    """An event's reading list as `fmt` (``text``, ``markdown``, ``html``, ``page`` or
    ``json``): its title and date line, then each section with its note and its entries,
    each entry with its note. `style` is a CSL style name or file (looked up in
    `style_dirs` first). Citations in the event's texts are rendered in the same style, as
    the ``render`` command renders them, unless `options` brings its own."""
    event = citations.with_cited_section(event)
    items = library.to_csl(list(event.keys))
    retractions = retractions_of(library.references)
    sections = reading_list(event, items, style, locale, style_dirs, retractions)
    if options.cite is None:
        cited = library.to_csl(citations.all_keys(event))
        options = options._replace(
            style=options.style or style,
            locale=options.locale or locale,
            cite=citer(cited, style, locale, style_dirs, event, sections),
        )
    return text_writer(fmt)(event, sections, options)


# Each format's writer, as (module, function): a writer's module is imported when it writes.
_TEXT_WRITERS = {
    "text": ("text", "to_text"),
    "markdown": ("text", "to_markdown"),
    "html": ("fragment", "to_html"),
    "page": ("page", "to_page"),
    "json": ("eventjson", "to_json"),
}


def text_writers() -> dict[str, Writer]:
    """Writers whose output is text; "docx" is bytes (see readinglist.publish.handout)."""
    return {fmt: text_writer(fmt) for fmt in _TEXT_WRITERS}


def text_writer(fmt: str) -> Writer:
    """The writer of `fmt`, one of the text formats (its module imported now)."""
    import importlib

    module, name = _TEXT_WRITERS[fmt]
    writer: Writer = getattr(importlib.import_module(f"readinglist.publish.{module}"), name)
    return writer


def lang_of(locale: str) -> str:
    """The HTML ``lang`` of a CSL locale (``en-GB`` -> ``en``)."""
    return locale.split("-")[0] if locale else "en"
