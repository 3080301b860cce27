"""Registry records -> CSL-JSON items: Crossref works, DataCite DOIs, Open Library books,
and CSL-JSON from doi.org content negotiation. Pure functions on parsed JSON.

Titles from Crossref carry JATS/HTML markup (``<i>``, ``<sub>``, ``<scp>``) and stray
newlines; they become CSL rich text (``<i>``, ``<sub>``, small caps), with whitespace folded.
"""

from __future__ import annotations

import html
import re
from typing import Any, TypedDict

from readinglist.csl.from_bibtex import CslItem

# Crossref work type -> CSL type.
CROSSREF_TYPES = {
    "journal-article": "article-journal",
    "book-chapter": "chapter",
    "book-section": "chapter",
    "book-part": "chapter",
    "monograph": "book",
    "book": "book",
    "edited-book": "book",
    "reference-book": "book",
    "book-set": "book",
    "book-series": "book",
    "proceedings-article": "paper-conference",
    "proceedings": "book",
    "posted-content": "article",
    "dissertation": "thesis",
    "report": "report",
    "report-component": "report",
    "dataset": "dataset",
    "standard": "standard",
    "reference-entry": "entry-encyclopedia",
    "peer-review": "review",
    "component": "document",
    "journal-issue": "periodical",
    "journal": "periodical",
    "other": "document",
}
EDITED_TYPES = {"edited-book", "proceedings", "reference-book", "book-set"}

_TAG_MAP = {
    "i": "i",
    "em": "i",
    "italic": "i",
    "b": "b",
    "bold": "b",
    "strong": "b",
    "sup": "sup",
    "sub": "sub",
    "scp": "sc",
    "sc": "sc",
}
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][\w:.-]*)[^>]*?>")
_STRAY_TAG_START = re.compile(r"<\s*/?\s*$")
_SC_OPEN = '<span style="font-variant:small-caps;">'


def clean_markup(value: str) -> str:
    """Registry markup -> CSL rich text: known tags kept, others dropped, entities decoded."""
    out: list[str] = []
    position = 0
    for m in _TAG.finditer(value):
        out.append(html.unescape(value[position : m.start()]))
        position = m.end()
        closing, name = m.group(1), m.group(2).lower().split(":")[-1]
        mapped = _TAG_MAP.get(name)
        if mapped is None:
            # An unescaped "<" (or "</") right before a tag is malformed XML; dropped, so that
            # it cannot join the text after the dropped tag into a tag ("<<x>i>" is not "<i>").
            out[-1] = _STRAY_TAG_START.sub("", out[-1])
            continue
        if mapped == "sc":
            out.append("</span>" if closing else _SC_OPEN)
        else:
            out.append(f"</{mapped}>" if closing else f"<{mapped}>")
    out.append(html.unescape(value[position:]))
    return " ".join("".join(out).split())


def _first(value: Any) -> str:
    if isinstance(value, list):
        return str(value[0]) if value else ""
    return str(value) if value else ""


def _crossref_person(person: dict[str, Any]) -> dict[str, str]:
    if person.get("family"):
        out = {"family": clean_markup(str(person["family"]))}
        if person.get("given"):
            out["given"] = clean_markup(str(person["given"]))
        if person.get("suffix"):
            out["suffix"] = str(person["suffix"])
        return out
    return {"literal": clean_markup(str(person.get("name", "")))}


def _date(value: Any) -> dict[str, Any] | None:
    if isinstance(value, dict):
        parts = [p for p in value.get("date-parts", []) if p and p[0] is not None]
        if parts:
            return {"date-parts": [[int(x) for x in parts[0] if x is not None]]}
    return None


def _print_isbn(message: dict[str, Any]) -> str:
    typed = message.get("isbn-type") or []
    for kind in ("print", "electronic"):
        for entry in typed:
            if entry.get("type") == kind and entry.get("value"):
                return str(entry["value"])
    return _first(message.get("ISBN"))


def crossref_to_csl(message: dict[str, Any]) -> CslItem:
    """A Crossref ``/works/{doi}`` message as a CSL-JSON item."""
    kind = str(message.get("type", "other"))
    item: CslItem = {
        "id": str(message.get("DOI", "")),
        "type": CROSSREF_TYPES.get(kind, "document"),
    }
    title = clean_markup(_first(message.get("title")))
    subtitle = clean_markup(_first(message.get("subtitle")))
    if subtitle and subtitle.casefold() not in title.casefold():
        title = f"{title}: {subtitle}" if title else subtitle
    if title:
        item["title"] = title
    authors = [_crossref_person(p) for p in message.get("author", [])]
    editors = [_crossref_person(p) for p in message.get("editor", [])]
    if authors:
        item["author"] = authors
    # A journal article's "editor" is the academic editor who handled it, not a creator.
    if editors and not (kind == "journal-article" and authors):
        item["editor"] = editors
    container = clean_markup(_first(message.get("container-title")))
    if kind == "posted-content" and not container:
        institution = message.get("institution") or []
        container = _first([i.get("name") for i in institution if i.get("name")]) or str(
            message.get("publisher", "")
        )
        item["genre"] = "Preprint" if message.get("subtype", "preprint") == "preprint" else ""
        if not item["genre"]:
            del item["genre"]
    if container and kind not in ("monograph", "book", "edited-book", "reference-book"):
        item["container-title"] = container
    short = _first(message.get("short-container-title"))
    if short and short != container:
        item["container-title-short"] = short
    issued = (
        _date(message.get("published-print"))
        or _date(message.get("issued"))
        or _date(message.get("published"))
        or _date(message.get("published-online"))
    )
    if kind == "posted-content":
        issued = _date(message.get("posted")) or issued
    if issued:
        item["issued"] = issued
    for source, target in (
        ("volume", "volume"),
        ("issue", "issue"),
        ("page", "page"),
        ("publisher-location", "publisher-place"),
        ("edition-number", "edition"),
    ):
        if message.get(source):
            item[target] = str(message[source])
    # A journal's or preprint server's publisher is not part of the reference.
    if message.get("publisher") and kind not in ("journal-article", "posted-content"):
        item["publisher"] = str(message["publisher"])
    if item.get("edition") == "1":  # a first edition is not mentioned
        del item["edition"]
    if message.get("article-number") and "page" not in item:
        item["number"] = str(message["article-number"])
    isbn = _print_isbn(message)
    if isbn:
        item["ISBN"] = isbn
    issn = _first(message.get("ISSN"))
    if issn:
        item["ISSN"] = issn
    if message.get("DOI"):
        item["DOI"] = str(message["DOI"])
    if message.get("language"):
        item["language"] = str(message["language"])
    return item


def datacite_to_csl(attributes: dict[str, Any]) -> CslItem:
    """A DataCite ``/dois/{doi}`` record's ``data.attributes`` as a CSL-JSON item."""
    types = attributes.get("types") or {}
    item: CslItem = {
        "id": str(attributes.get("doi", "")),
        "type": str(types.get("citeproc") or "document"),
    }
    titles = [t for t in attributes.get("titles", []) if t.get("title")]
    main = next((t for t in titles if not t.get("titleType")), titles[0] if titles else None)
    if main:
        item["title"] = clean_markup(str(main["title"]))
    people = []
    for creator in attributes.get("creators", []):
        if creator.get("nameType") == "Organizational" or not creator.get("familyName"):
            people.append({"literal": str(creator.get("name", ""))})
        else:
            person = {"family": str(creator["familyName"])}
            if creator.get("givenName"):
                person["given"] = str(creator["givenName"])
            people.append(person)
    if people:
        item["author"] = people
    publisher = attributes.get("publisher")
    if isinstance(publisher, dict):
        publisher = publisher.get("name")
    if publisher:
        item["publisher"] = str(publisher)
    issued = next(
        (
            d["date"]
            for d in attributes.get("dates", [])
            if d.get("dateType") == "Issued" and d.get("date")
        ),
        None,
    )
    m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", str(issued or ""))
    if m:
        item["issued"] = {"date-parts": [[int(g) for g in m.groups() if g]]}
    elif attributes.get("publicationYear"):
        item["issued"] = {"date-parts": [[int(attributes["publicationYear"])]]}
    container = attributes.get("container") or {}
    if container.get("title"):
        item["container-title"] = str(container["title"])
    if attributes.get("version"):
        item["version"] = str(attributes["version"])
    if attributes.get("doi"):
        item["DOI"] = str(attributes["doi"])
    if attributes.get("url"):
        item["URL"] = str(attributes["url"])
    return item


def content_negotiation_to_csl(data: dict[str, Any]) -> CslItem:
    """CSL-JSON served by doi.org content negotiation, tidied: CSL type names, bare ``id``."""
    item: CslItem = {k: v for k, v in data.items() if not k.startswith("_")}
    kind = str(item.get("type", ""))
    item["type"] = CROSSREF_TYPES.get(kind, kind or "document")
    if kind == "article" and "container-title" in item:
        item["type"] = "article-journal"
    if item.get("DOI"):
        item["id"] = str(item["DOI"])
    for name in ("title", "container-title"):
        if isinstance(item.get(name), list):
            item[name] = _first(item[name])
        if isinstance(item.get(name), str):
            item[name] = clean_markup(item[name])
    keep = {
        "id",
        "type",
        "title",
        "author",
        "editor",
        "container-title",
        "issued",
        "volume",
        "issue",
        "page",
        "publisher",
        "publisher-place",
        "DOI",
        "ISBN",
        "ISSN",
        "URL",
        "version",
        "edition",
        "language",
        "genre",
        "number",
    }
    return {k: v for k, v in item.items() if k in keep}


def openlibrary_to_csl(book: dict[str, Any], isbn: str) -> CslItem:
    """An Open Library ``/api/books?jscmd=data`` record as a CSL-JSON book."""
    item: CslItem = {"id": f"isbn:{isbn}", "type": "book"}
    title = str(book.get("title", ""))
    if book.get("subtitle"):
        title = f"{title}: {book['subtitle']}"
    if title:
        item["title"] = title
    people = []
    for author in book.get("authors", []):
        name = str(author.get("name", "")).strip()
        if not name:
            continue
        parts = name.rsplit(" ", 1)
        people.append(
            {"family": parts[-1], "given": parts[0]} if len(parts) == 2 else {"literal": name}
        )
    if people:
        item["author"] = people
    publishers = [p.get("name") for p in book.get("publishers", []) if p.get("name")]
    if publishers:
        item["publisher"] = str(publishers[0])
    places = [p.get("name") for p in book.get("publish_places", []) if p.get("name")]
    if places:
        item["publisher-place"] = str(places[0])
    year = re.search(r"\b(\d{4})\b", str(book.get("publish_date", "")))
    if year:
        item["issued"] = {"date-parts": [[int(year.group(1))]]}
    item["ISBN"] = isbn
    if book.get("number_of_pages"):
        item["number-of-pages"] = str(book["number_of_pages"])
    return item


def relations(message: dict[str, Any]) -> dict[str, list[str]]:
    """Crossref ``relation``: relation type -> DOIs (``is-preprint-of`` and the like)."""
    out: dict[str, list[str]] = {}
    for name, targets in (message.get("relation") or {}).items():
        for target in targets if isinstance(targets, list) else [targets]:
            if target.get("id-type") == "doi" and target.get("id"):
                out.setdefault(name, []).append(str(target["id"]))
    return out


class Notice(TypedDict):
    """A notice about a work, returned beside its CSL item (never inside it): Crossref's
    ``updated-by`` entry. `type` is Crossref's: ``retraction``, ``correction``,
    ``expression_of_concern``, ``erratum`` and the like."""

    type: str
    DOI: str
    label: str


def update_notices(message: dict[str, Any]) -> list[Notice]:
    """Crossref ``updated-by``: retractions, corrections and expressions of concern."""
    notices: list[Notice] = []
    for notice in message.get("updated-by") or []:
        notices.append(
            Notice(
                type=str(notice.get("type", "")),
                DOI=str(notice.get("DOI", "")),
                label=str(notice.get("label", "")),
            )
        )
    return notices
