"""A complete, accessible HTML page for an event, and the index page of a site of events.

Self-contained (one inline stylesheet, no scripts, no external resources), readable in light
and dark mode (``prefers-color-scheme``) and printable (print CSS: no navigation, URLs kept,
entries not split across pages).
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence

from readinglist.model import Event
from readinglist.publish.fragment import prose_html, sections_html
from readinglist.publish.listing import (
    DEFAULT_OPTIONS,
    Anchors,
    ListedSection,
    Options,
    date_line,
    event_url,
)

STYLESHEET = """
:root { --text: #1d1d1f; --muted: #52525b; --bg: #ffffff;
  --accent: #1f4e8c; --rule: #d4d4d8; }
@media (prefers-color-scheme: dark) {
  :root { --text: #ececf1; --muted: #a1a1aa; --bg: #17171a; --accent: #8ab4f8;
    --rule: #3f3f46; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text);
  font: 1.0625rem/1.6 Georgia, "Times New Roman", serif; }
main { max-width: 46rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
header { border-bottom: 1px solid var(--rule); margin-bottom: 1.5rem; }
h1 { font-size: 1.9rem; line-height: 1.25; margin: 0 0 0.5rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 0.75rem; }
.meta { color: var(--muted); margin: 0 0 1rem; }
a { color: var(--accent); overflow-wrap: anywhere; }
a:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.description p { margin: 0 0 0.9rem; }
.readinglist-note p { margin: 0.25em 0 0; }
.readinglist-section-note p { margin: 0 0 0.9rem; }
.readinglist-retracted { text-indent: 0; margin: 0.25em 0 0; font-weight: bold; }
.csl-entry { padding-left: 2em; text-indent: -2em; margin: 0 0 0.75em; }
.csl-entry[data-layout="display"] { padding-left: 0; text-indent: 0; overflow: hidden; }
.csl-left-margin { float: left; width: 2.5em; padding-right: 0.5em; text-align: right; }
.csl-right-inline { margin-left: 3em; }
.csl-indent { margin: 0.25em 0 0 2em; }
.readinglist-note { text-indent: 0; margin: 0.25em 0 0; color: var(--muted); }
.readinglist-status { display: inline-block; white-space: nowrap; text-indent: 0;
  margin-left: 0.5em; padding: 0 0.4em; font-size: 0.8em;
  border: 1px solid currentColor; border-radius: 0.3em; }
.readinglist-section-note { color: var(--muted); }
.downloads ul { padding-left: 1.25rem; }
footer { margin-top: 3rem; color: var(--muted); font-size: 0.9rem; }
@media print {
  body { font-size: 11pt; background: #fff; color: #000; }
  main { max-width: none; padding: 0; }
  .downloads, footer, .skip { display: none; }
  a { color: #000; text-decoration: none; }
  .csl-entry { break-inside: avoid; }
  h2 { break-after: avoid; }
}
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: 0.5rem; }
""".strip()


def _document(title: str, lang: str, body: Sequence[str]) -> str:
    e = html.escape
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{e(lang)}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="color-scheme" content="light dark">',
            '<meta name="generator" content="readinglist">',
            f"<title>{e(title)}</title>",
            f"<style>\n{STYLESHEET}\n</style>",
            "</head>",
            "<body>",
            '<a class="skip" href="#content">Skip to the reading list</a>',
            *body,
            "</body>",
            "</html>",
            "",
        ]
    )


def to_page(
    event: Event, sections: Sequence[ListedSection], options: Options = DEFAULT_OPTIONS
) -> str:
    """The event's page: title, date, presenters, CPD hours, description, the reading list
    with notes, and links to the downloads."""
    e = html.escape
    listed = Options(css=False, lang=options.lang, id_prefix=options.id_prefix, cite=options.cite)
    body = ["<main>", "<header>", f"<h1>{e(event.title)}</h1>"]
    if date_line(event):
        body.append(f'<p class="meta">{e(date_line(event))}</p>')
    if event.location:
        body.append(f'<p class="meta location">{e(event.location)}</p>')
    if event_url(event):
        url = e(event_url(event))
        body.append(f'<p class="meta url">Event page: <a href="{url}">{url}</a></p>')
    body.append("</header>")
    if event.description:
        body += [
            '<section class="description" aria-label="About the event">',
            prose_html(event.description, listed, 1, Anchors(sections, options.id_prefix)),
            "</section>",
        ]
    body.append('<section id="content" class="readinglist" aria-label="Reading list">')
    body.extend(sections_html(sections, listed))
    body.append("</section>")
    if options.downloads:
        body += [
            '<section class="downloads" aria-labelledby="downloads">',
            '<h2 id="downloads">Downloads</h2>',
            "<ul>",
        ]
        body += [
            f'<li><a href="{e(href)}">{e(label)}</a></li>' for label, href in options.downloads
        ]
        body += ["</ul>", "</section>"]
    body += ["<footer><p>Formatted with readinglist.</p></footer>", "</main>"]
    return _document(event.title, options.lang, body)


def index_page(
    events: Sequence[Event],
    today: dt.date,
    title: str = "Reading lists",
    link: str = "{slug}/index.html",
) -> str:
    """An index of events: upcoming first (soonest first), then past (latest first)."""
    e = html.escape
    upcoming = sorted(
        (ev for ev in events if ev.date is None or ev.date >= today),
        key=lambda ev: (ev.date or dt.date.max, ev.slug),
    )
    past = sorted(
        (ev for ev in events if ev.date is not None and ev.date < today),
        key=lambda ev: (ev.date or dt.date.min, ev.slug),
        reverse=True,
    )
    body = ["<main>", "<header>", f"<h1>{e(title)}</h1>", "</header>", '<div id="content"></div>']
    for heading, group in (("Upcoming events", upcoming), ("Past events", past)):
        body.append(f"<h2>{heading}</h2>")
        if not group:
            body.append('<p class="meta">None.</p>')
            continue
        body.append("<ul>")
        for event in group:
            href = e(link.format(slug=event.slug))
            meta = f' <span class="meta">— {e(date_line(event))}</span>' if date_line(event) else ""
            body.append(f'<li><a href="{href}">{e(event.title)}</a>{meta}</li>')
        body.append("</ul>")
    body += [f"<footer><p>Listed on {today:%-d %B %Y}.</p></footer>", "</main>"]
    return _document(title, "en", body)
