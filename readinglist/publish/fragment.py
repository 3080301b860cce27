"""An event's reading list as an HTML fragment for page builders.

One self-contained block to paste into Wix, WordPress or Squarespace: every value escaped, one
anchor per entry (``id="ref-KEY"``, unique in the fragment, after ``Options.id_prefix`` so
that several fragments can share a page), section headings at ``Options.heading_level``, DOIs
and URLs as links (http and https only), a status badge where the style does not state the
status, retracted works marked with the notice's DOI, a COinS span per entry for Zotero's
browser connector, and (unless ``css=False``) inline styles for APA's hanging indent, since
page builders often strip ``<style>`` elements but keep ``style`` attributes.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from collections.abc import Sequence
from typing import TYPE_CHECKING

from readinglist.identifiers import doi_url
from readinglist.model import Event
from readinglist.publish import prose
from readinglist.publish.listing import (
    DEFAULT_OPTIONS,
    URL_PATTERN,
    Anchors,
    ListedEntry,
    ListedSection,
    Options,
    anchor,
    safe_url,
)

if TYPE_CHECKING:
    from readinglist.csl.from_bibtex import CslItem


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
        for m in URL_PATTERN.finditer(text):
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
    """Characters a URL may not hold as they are, percent-encoded; a DOI link's DOI as the
    DOI Handbook asks (one owner: readinglist.identifiers)."""
    m = re.match(r"(?i)(https?://(?:dx\.|www\.)?doi\.org)/(10\..*)", url)
    if m:
        return doi_url(urllib.parse.unquote(m.group(2)) if "%" in m.group(2) else m.group(2))
    return urllib.parse.quote(url, safe=":/?#[]@!$&'()*+,;=%~-._")


def coins(item: CslItem) -> str:
    """A COinS span (OpenURL ContextObject in a span): Zotero's connector reads these."""
    from readinglist.csl.bib_types import with_schema_type
    from readinglist.csl.from_bibtex import is_others, plain_text

    plain = {
        k: v if k in ("DOI", "URL") else plain_text(v)
        for k, v in item.items()
        if isinstance(v, str)
    }
    kind = str(with_schema_type(item)["type"])
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
        if is_others(name):  # "and others" is et al., nobody's name
            continue
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
RETRACTED_STYLE = "text-indent:0;margin:0.25em 0 0;font-weight:bold"


def prose_html(source: str, options: Options, level: int, ids: Anchors | None = None) -> str:
    """The organiser's Markdown as HTML, its citations linked to their entries."""
    return prose.to_html(
        source,
        level,
        options.split,
        lambda key: f"#{ids.key(key)}" if ids and ids.key(key) else None,
    )


def entry_html(
    entry: ListedEntry,
    options: Options,
    entry_id: str | None = None,
    ids: Anchors | None = None,
) -> str:
    """One entry: ``<div class="csl-entry" id="…">`` with its badge, COinS and note."""
    e = html.escape
    css = options.css
    status = entry.status
    attributes = f' id="{e(entry_id or anchor(entry.key, options.id_prefix))}"'
    if status:
        attributes += f' data-status="{e(status)}"'
    if entry.retraction:
        attributes += ' data-retracted="true"'
    markup = linkify(entry.rendered.html)
    displayed = _DISPLAY_DIV.search(markup) is not None
    if displayed:  # for a site's CSS: this entry's blocks replace the hanging indent
        attributes += ' data-layout="display"'
    if css:
        attributes += f' style="{DISPLAY_ENTRY_STYLE if displayed else ENTRY_STYLE}"'
        markup = _styled_display(markup) if displayed else markup
    extras = []
    if entry.badge:
        badge_style = f' style="{BADGE_STYLE}"' if css else ""
        label = e(entry.badge.capitalize())
        extras.append(f' <span class="readinglist-status"{badge_style}>{label}</span>')
    extras.append(coins(entry.item))
    if entry.retraction:
        style = f' style="{RETRACTED_STYLE}"' if css else ""
        url = e(entry.retraction_url)
        extras.append(
            f'<p class="readinglist-retracted"{style}>Retracted: see the notice, '
            f'<a href="{url}">{url}</a></p>'
        )
    if entry.note:
        note_style = f' style="{NOTE_STYLE}"' if css else ""
        note = prose_html(entry.note, options, options.level + 1, ids)
        extras.append(f'<div class="readinglist-note"{note_style}>{note}</div>')
    if displayed and markup.endswith("</div>"):
        # The badge and note belong to the entry's text column, beside its label.
        markup = markup[: -len("</div>")] + "".join(extras) + "</div>"
        extras = []
    return "".join([f'<div class="csl-entry"{attributes}>', markup, *extras, "</div>"])


def sections_html(sections: Sequence[ListedSection], options: Options) -> list[str]:
    e = html.escape
    level = options.level
    ids = Anchors(sections, options.id_prefix)
    out = []
    for s, section in enumerate(sections):
        out.append(f'<h{level} class="readinglist-section">{e(section.title)}</h{level}>')
        if section.note:
            note = prose_html(section.note, options, level, ids)
            out.append(f'<div class="readinglist-section-note">{note}</div>')
        out.append('<div class="csl-bib-body">')
        out.extend(
            entry_html(entry, options, ids.ids[s, i], ids)
            for i, entry in enumerate(section.entries)
        )
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
