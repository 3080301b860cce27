""":class:`~readinglist.model.Reference` -> CSL-JSON item: the hub every reference passes through.

BibTeX and biblatex fields are mapped once here, by biblatex's data model as biber reads it
(``docs/bibtex-mapping.md``): entry types and field roles (:mod:`readinglist.csl.bib_types`),
dates (:mod:`readinglist.csl.bib_dates`), ``crossref`` inheritance
(:mod:`readinglist.csl.bib_inherit`), LaTeX to CSL rich text with sentence-cased titles
(:mod:`readinglist.csl.rich_text`), names, DOIs, pages and the publication state.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable
from typing import Any

from readinglist.bibtex import latex, names
from readinglist.csl.bib_dates import (
    IN_PRESS_WORDS,
    issued_of,
    original_date_of,
    parse_date,
    pubstate_of,
)
from readinglist.csl.bib_inherit import inherit
from readinglist.csl.bib_types import (
    ENGLISH,
    EPRINT_URLS,
    IN_CONTAINER,
    LANGUAGES,
    NAME_FIELDS,
    SERIES_NUMBERED,
    TITLE_FIELDS,
    TYPES,
)
from readinglist.csl.rich_text import (
    RICH_TEXT_TAG,
    TITLE_STOP_WORDS,
    is_others,
    plain_text,
    sentence_case,
    to_rich_text,
)
from readinglist.identifiers import normalize_doi
from readinglist.model import MAX_FIELD_LENGTH, Person, Reference

__all__ = [
    "RICH_TEXT_TAG",
    "TITLE_STOP_WORDS",
    "TYPES",
    "CslItem",
    "inherit",
    "is_others",
    "is_web_url",
    "issued_of",
    "original_date_of",
    "parse_date",
    "plain_text",
    "pubstate_of",
    "sentence_case",
    "to_csl",
    "to_rich_text",
]

CslItem = dict[str, Any]


def is_web_url(url: str) -> bool:
    """Whether `url` may be printed: an http(s) address, or one written without a scheme
    ("www.ajhg.org"). A javascript:, data:, vbscript: or file: URL may not, however it is
    spelled (browsers ignore spaces and control characters inside a scheme)."""
    squeezed = re.sub(r"[\x00-\x20]+", "", url).lower()
    scheme = re.match(r"^([a-z][a-z0-9+.-]*):", squeezed)
    if scheme is not None:
        return scheme.group(1) in ("http", "https")
    return re.fullmatch(r"[\w-]+(\.[\w-]+)+(/[^\s<>\"']*)?", url.strip()) is not None


def _text(value: str) -> str:
    return " ".join(latex.to_text(value).split())


_URL_ONLY = re.compile(r"\s*\\url\{([^{}]*)\}\s*")


def _notice(value: str) -> str:
    """A publication notice as text; a lone \\url{...} is its address, escapes undone."""
    m = _URL_ONLY.fullmatch(value)
    if m:
        return re.sub(r"\\([%&_#$~])", r"\1", m.group(1))
    return _text(value)


def _person(person: Person) -> dict[str, str]:
    if person.literal:
        return {"literal": person.literal}
    out = {"family": person.family}
    if person.given:
        out["given"] = person.given
    if person.particle:
        out["dropping-particle"] = person.particle
    if person.suffix:
        out["suffix"] = person.suffix
    return out


def to_csl(
    reference: Reference, lookup: Callable[[str], Reference | None] | None = None
) -> CslItem:
    """One reference as a CSL-JSON item. `lookup` finds ``crossref`` parents by key."""
    parent_key = reference.get("crossref")
    if parent_key and lookup is not None:
        parent = lookup(parent_key.strip())
        if parent is not None:
            reference = inherit(reference, parent)

    def get(name: str) -> str | None:
        value = reference.get(name)
        # A field too long to be a reference's (a pasted document) is not formatted; the
        # library reports it when it loads. It stays in the .bib file untouched.
        return value if value is None or len(value) <= MAX_FIELD_LENGTH else None

    # biber reads an entry type its data model lacks as @misc.
    entry_type = reference.entry_type if reference.entry_type in TYPES else "misc"
    item: CslItem = {"id": reference.key, "type": TYPES[entry_type]}
    langid = (get("langid") or get("language") or "").strip().lower()
    english = langid in ENGLISH
    if langid:
        item["language"] = LANGUAGES.get(langid, "en-US" if english else langid)

    def rich(name: str) -> str:
        runs = latex.parse(get(name) or "")
        if english and name in TITLE_FIELDS:
            runs = sentence_case(runs)
        return to_rich_text(runs)

    title = rich("title") if get("title") else ""
    if get("subtitle"):
        title = f"{title}: {rich('subtitle')}" if title else rich("subtitle")
    if title:
        item["title"] = title
        short = get("shorttitle")
        if short:
            item["title-short"] = to_rich_text(latex.parse(short))
        elif ": " in title and not get("subtitle"):
            item["title-short"] = title.split(": ", 1)[0]

    for field, variable in NAME_FIELDS.items():
        if get(field):
            item[variable] = [_person(p) for p in names.parse_names(get(field) or "")]

    container = None
    if entry_type == "article" or entry_type == "periodical":
        container = get("journaltitle") or get("journal")
        container_value = _text(container) if container else None
        if container_value:
            item["container-title"] = to_rich_text(latex.parse(container or ""))
    elif entry_type in IN_CONTAINER:  # biblatex defines booktitle for these types only
        if get("booktitle"):
            book = rich("booktitle")
            if get("booksubtitle"):
                book = f"{book}: {rich('booksubtitle')}"
            item["container-title"] = book
    elif get("maintitle"):
        item["container-title"] = rich("maintitle")
    if get("journal") and "container-title" not in item:
        item["container-title"] = to_rich_text(latex.parse(get("journal") or ""))
    if get("series"):
        item["collection-title"] = rich("series")

    issued = issued_of(reference)
    if issued:
        item["issued"] = issued
    original = original_date_of(reference)
    if original:
        item["original-date"] = original
    state = pubstate_of(reference)
    if state is not None:
        item["status"] = state.csl_status

    publisher = get("publisher")
    if not publisher and entry_type in {"phdthesis", "mastersthesis", "thesis"}:
        publisher = get("school") or get("institution")
    if not publisher and entry_type in {"techreport", "report"}:
        publisher = get("institution")
    if not publisher and entry_type in {"inproceedings", "proceedings", "manual", "conference"}:
        publisher = get("organization")
    if not publisher and entry_type in {"misc", "online", "booklet", "unpublished"}:
        # biblatex's drivers for these print the institution and the organization.
        publisher = "; ".join(v for v in (get("institution"), get("organization")) if v)
    # biblatex prints howpublished as a publication notice, before the publisher; so do both
    # reference processors, a URL in it included ("https://osf.io/xfbjf/; MetaArXiv").
    published = "; ".join(_notice(v) for v in (get("howpublished"), publisher) if v)
    if published:
        item["publisher"] = published
    place = get("location") or get("address")
    if place:
        item["publisher-place"] = _text(place)

    if entry_type == "phdthesis":
        item["genre"] = "PhD thesis"
    elif entry_type == "mastersthesis":
        item["genre"] = "Master’s thesis"
    if get("type"):
        item["genre"] = _text(get("type") or "")

    for field, variable in (
        ("volume", "volume"),
        ("edition", "edition"),
        ("chapter", "chapter-number"),
        ("isbn", "ISBN"),
        ("issn", "ISSN"),
        ("pmid", "PMID"),
        ("pmcid", "PMCID"),
        ("version", "version"),
    ):
        if get(field):
            item[variable] = _text(get(field) or "")
    number = get("number")
    issue = get("issue")
    if entry_type in {"article", "periodical"}:
        issue_value = ", ".join(_text(v) for v in (number, issue) if v)
        if issue_value:
            item["issue"] = issue_value
    elif number and entry_type in SERIES_NUMBERED:
        item["collection-number"] = _text(number)  # biblatex: the volume's number in its series
    elif number:
        item["number"] = _text(number)
    pages = get("pages")
    if pages:
        item["page"] = _text(pages).replace("–", "-").replace("—", "-").replace(" - ", "-")
    if get("doi"):
        item["DOI"] = normalize_doi(get("doi") or "")
    url = get("url")
    eprint_type = (get("eprinttype") or get("archiveprefix") or "").strip().lower()
    eprint = (get("eprint") or "").strip()
    if eprint and eprint_type in ("pubmed", "pmid") and "PMID" not in item:
        item["PMID"] = eprint
    if not url and eprint and eprint_type in EPRINT_URLS:
        url = EPRINT_URLS[eprint_type] + urllib.parse.quote(eprint, safe="/:.-_~")
    if url:
        url = latex.to_text(url) if "\\" in url else url.strip()
        if is_web_url(url):  # javascript:, data: and the like never reach a page
            item["URL"] = url
    if get("urldate"):
        accessed = parse_date(get("urldate") or "")
        if accessed:
            item["accessed"] = accessed
    note = get("note")
    if note and not IN_PRESS_WORDS.match(note):
        item["note"] = to_rich_text(latex.parse(note))
    if get("keywords"):
        item["keyword"] = _text(get("keywords") or "")
    return item
