"""An event's reading list as text, Markdown or an HTML fragment for page builders.

The whole event is rendered in one pass, so that year suffixes ("2016a", "2016b") agree across
its sections; each section then lists its entries in the style's order, each with its note.

The HTML fragment is one self-contained block to paste into Wix, WordPress or Squarespace:
every value escaped, one anchor per entry (``id="ref-KEY"``), DOIs and URLs as links (http and
https only), in-press works marked, a COinS span per entry for Zotero's browser connector, and
(unless ``css=False``) inline styles for APA's hanging indent, since page builders often strip
``<style>`` elements but keep ``style`` attributes.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from readinglist.csl.from_bibtex import CslItem
from readinglist.model import Event
from readinglist.render import engine
from readinglist.render.engine import Rendered, html_to_markdown

FORMATS = ("text", "markdown", "html", "page", "docx")


@dataclass(frozen=True)
class ListedEntry:
    key: str
    rendered: Rendered
    note: str
    item: CslItem = field(default_factory=dict, compare=False)

    @property
    def status(self) -> str:
        """CSL status ("in press"), empty when published."""
        return str(self.item.get("status", ""))


@dataclass(frozen=True)
class ListedSection:
    title: str
    note: str
    entries: tuple[ListedEntry, ...]
    # Entries that could not be rendered (each Rendered has its error): left out of the
    # list, for the command to name.
    failed: tuple[ListedEntry, ...] = ()


@dataclass(frozen=True)
class Options:
    css: bool = True
    lang: str = "en"
    downloads: tuple[tuple[str, str], ...] = ()  # (label, relative link)


DEFAULT_OPTIONS = Options()


def reading_list(
    event: Event, items: Sequence[CslItem], style: str, locale: str, style_dirs: Sequence[Path] = ()
) -> list[ListedSection]:
    """The event's sections with their rendered entries, in the style's order."""
    rendered = engine.render_bibliography(items, style, locale, style_dirs)
    order = {r.key.casefold(): i for i, r in enumerate(rendered)}
    by_key = {r.key.casefold(): r for r in rendered}
    item_of = {str(i["id"]).casefold(): i for i in items}
    sections = []
    for section in event.sections:
        entries = sorted(section.entries, key=lambda e: order[e.key.casefold()])
        listed = [
            ListedEntry(e.key, by_key[e.key.casefold()], e.note, item_of[e.key.casefold()])
            for e in entries
        ]
        sections.append(
            ListedSection(
                section.title,
                section.note,
                tuple(e for e in listed if not e.rendered.error),
                tuple(e for e in listed if e.rendered.error),
            )
        )
    return sections


def date_line(event: Event) -> str:
    parts = []
    if event.date:
        when = f"{event.date:%-d %B %Y}"
        if event.end_date and event.end_date != event.date:
            when += f" – {event.end_date:%-d %B %Y}"
        parts.append(when)
    if event.presenters:
        parts.append(", ".join(event.presenters))
    if event.cpd_hours:
        parts.append(f"{event.cpd_hours:g} CPD hours")
    return " · ".join(parts)


# --- text and Markdown ---------------------------------------------------------------------


def to_text(
    event: Event, sections: Sequence[ListedSection], options: Options = DEFAULT_OPTIONS
) -> str:
    lines = [event.title, "=" * len(event.title)]
    if date_line(event):
        lines.append(date_line(event))
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


def to_markdown(
    event: Event, sections: Sequence[ListedSection], options: Options = DEFAULT_OPTIONS
) -> str:
    lines = [f"# {_md(event.title)}"]
    if date_line(event):
        lines += ["", _md(date_line(event))]
    for section in sections:
        lines += ["", f"## {_md(section.title)}"]
        if section.note:
            lines += ["", _md(section.note)]
        for entry in section.entries:
            lines += ["", html_to_markdown(entry.rendered.html)]
            if entry.note:
                lines += ["", f"> {_md(entry.note)}"]
    return "\n".join(lines) + "\n"


# --- HTML ----------------------------------------------------------------------------------

_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
SAFE_SCHEMES = ("http", "https")


def safe_url(url: str) -> str | None:
    """`url` when it is an http(s) link; None for javascript:, data: and everything else."""
    text = html.unescape(url).strip()
    parts = urllib.parse.urlsplit(text)
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.netloc:
        return None
    return text


def linkify(markup: str) -> str:
    """Turn the http(s) URLs in rendered HTML text into links (never inside a tag).

    Text is unescaped first and escaped again piece by piece, so a URL ends where its plain
    text ends (before a "<" or a quote), never inside an entity."""
    out = []
    for piece in re.split(r"(<[^>]+>)", markup):
        if piece.startswith("<"):
            out.append(piece)
            continue
        text = html.unescape(piece)
        position = 0
        for m in _URL.finditer(text):
            url = m.group(0)
            while url and url[-1] in ".,;:)!?":
                if url[-1] == ")" and url.count("(") >= url.count(")"):
                    break
                url = url[:-1]
            out.append(html.escape(text[position : m.start()], quote=False))
            target = safe_url(url)
            shown = html.escape(url, quote=False)
            out.append(f'<a href="{html.escape(_encode(target))}">{shown}</a>' if target else shown)
            position = m.start() + len(url)
        out.append(html.escape(text[position:], quote=False))
    return "".join(out)


def _encode(url: str) -> str:
    """Characters a URL may not hold as they are, percent-encoded."""
    return urllib.parse.quote(url, safe=":/?#[]@!$&'()*+,;=%~-._")


def anchor(key: str) -> str:
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in key)
    return f"ref-{safe}"


def coins(item: CslItem) -> str:
    """A COinS span (OpenURL ContextObject in a span): Zotero's connector reads these."""
    plain = {k: re.sub(r"<[^>]+>", "", str(v)) for k, v in item.items() if isinstance(v, str)}
    kind = str(item.get("type", ""))
    pairs: list[tuple[str, str]] = [("ctx_ver", "Z39.88-2004")]
    if kind in ("article-journal", "article-magazine", "article-newspaper", "article"):
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"), ("rft.genre", "article")]
        pairs += [
            ("rft.atitle", plain.get("title", "")),
            ("rft.jtitle", plain.get("container-title", "")),
        ]
    elif kind in ("book", "chapter", "paper-conference"):
        genre = "book" if kind == "book" else "bookitem"
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", genre)]
        if kind == "book":
            pairs += [("rft.btitle", plain.get("title", ""))]
        else:
            pairs += [
                ("rft.atitle", plain.get("title", "")),
                ("rft.btitle", plain.get("container-title", "")),
            ]
        pairs += [
            ("rft.pub", plain.get("publisher", "")),
            ("rft.place", plain.get("publisher-place", "")),
            ("rft.isbn", plain.get("ISBN", "")),
        ]
    else:
        pairs += [
            ("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"),
            ("rft.type", kind),
            ("rft.title", plain.get("title", "")),
        ]
    for name in (item.get("author") or []) + (
        [] if item.get("author") else item.get("editor") or []
    ):
        if name.get("literal"):
            pairs.append(("rft.au", str(name["literal"])))
        else:
            pairs.append(
                (
                    "rft.au",
                    ", ".join(str(name.get(p, "")) for p in ("family", "given") if name.get(p)),
                )
            )
    parts = ((item.get("issued") or {}).get("date-parts") or [[]])[0]
    if parts:
        pairs.append(
            ("rft.date", "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts)))
        )
    pairs += [("rft.volume", plain.get("volume", "")), ("rft.issue", plain.get("issue", ""))]
    page = plain.get("page", "")
    if page:
        first, _, last = page.partition("-")
        pairs += [("rft.spage", first), ("rft.epage", last), ("rft.pages", page)]
    if plain.get("DOI"):
        pairs.append(("rft_id", f"info:doi/{plain['DOI']}"))
    url = safe_url(plain.get("URL", ""))
    if url:
        pairs.append(("rft_id", url))
    kev = urllib.parse.urlencode([(k, v) for k, v in pairs if v])
    return f'<span class="Z3988" title="{html.escape(kev)}"></span>'


ENTRY_STYLE = "padding-left:2em;text-indent:-2em;margin:0 0 0.75em"
# An entry laid out in display blocks (CSL "display", a numeric style's label in the margin):
# the label floats in a fixed-width margin and the rest of the entry aligns beside it, as
# citeproc-js's own CSS for these classes does; inline, since page builders strip <style>.
DISPLAY_ENTRY_STYLE = "margin:0 0 0.75em;overflow:hidden"
DISPLAY_STYLES = {
    "csl-left-margin": "float:left;width:2.5em;padding-right:0.5em;text-align:right",
    "csl-right-inline": "margin-left:3em",
    "csl-block": "display:block",
    "csl-indent": "margin:0.25em 0 0 2em",
}
_DISPLAY_DIV = re.compile(r'<div class="(csl-(?:left-margin|right-inline|block|indent))">')


def _styled_display(markup: str) -> str:
    return _DISPLAY_DIV.sub(
        lambda m: f'<div class="{m.group(1)}" style="{DISPLAY_STYLES[m.group(1)]}">', markup
    )


NOTE_STYLE = "text-indent:0;margin:0.25em 0 0;font-size:0.9em;color:inherit;opacity:0.85"
BADGE_STYLE = (
    "display:inline-block;white-space:nowrap;text-indent:0;margin-left:0.5em;padding:0 0.4em;"
    "border:1px solid currentColor;border-radius:0.3em;font-size:0.8em"
)


def entry_html(entry: ListedEntry, options: Options) -> str:
    e = html.escape
    css = options.css
    status = entry.status
    attributes = f' id="{anchor(entry.key)}"'
    if status:
        attributes += f' data-status="{e(status)}"'
    markup = linkify(entry.rendered.html)
    displayed = _DISPLAY_DIV.search(markup) is not None
    if css:
        attributes += f' style="{DISPLAY_ENTRY_STYLE if displayed else ENTRY_STYLE}"'
        markup = _styled_display(markup) if displayed else markup
    extras = []
    if status:
        badge_style = f' style="{BADGE_STYLE}"' if css else ""
        extras.append(
            f' <span class="readinglist-status"{badge_style}>{e(status.capitalize())}</span>'
        )
    extras.append(coins(entry.item))
    if entry.note:
        note_style = f' style="{NOTE_STYLE}"' if css else ""
        extras.append(f'<p class="readinglist-note"{note_style}>{e(entry.note)}</p>')
    if displayed and markup.endswith("</div>"):
        # The badge and note belong to the entry's text column, beside its label.
        markup = markup[: -len("</div>")] + "".join(extras) + "</div>"
        extras = []
    return "".join([f'<div class="csl-entry"{attributes}>', markup, *extras, "</div>"])


def sections_html(
    sections: Sequence[ListedSection], options: Options, heading_level: int = 2
) -> list[str]:
    e = html.escape
    out = []
    for section in sections:
        out.append(
            f'<h{heading_level} class="readinglist-section">{e(section.title)}</h{heading_level}>'
        )
        if section.note:
            out.append(f'<p class="readinglist-section-note">{e(section.note)}</p>')
        out.append('<div class="csl-bib-body">')
        out.extend(entry_html(entry, options) for entry in section.entries)
        out.append("</div>")
    return out


def to_html(
    event: Event, sections: Sequence[ListedSection], options: Options = DEFAULT_OPTIONS
) -> str:
    """A self-contained HTML fragment: every value escaped, one anchor per entry."""
    lang = html.escape(options.lang)
    out = [f'<section class="readinglist" lang="{lang}">']
    out.extend(sections_html(sections, options))
    out.append("</section>")
    return "\n".join(out) + "\n"


def text_writers() -> dict[str, Callable[[Event, Sequence[ListedSection], Options], str]]:
    """Writers whose output is text; "docx" is bytes (see readinglist.publish.handout)."""
    from readinglist.publish.page import to_page

    return {"text": to_text, "markdown": to_markdown, "html": to_html, "page": to_page}


def lang_of(locale: str) -> str:
    return locale.split("-")[0] if locale else "en"
