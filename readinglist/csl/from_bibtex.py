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

from readinglist.bibtex import bibstrings, latex
from readinglist.csl.bib_dates import (
    IN_PRESS_WORDS,
    date_field,
    issued_of,
    original_date_of,
    parse_date,
    pubstate_of,
    status_words,
)
from readinglist.csl.bib_fields import Fields, joined, langid_of, options_of
from readinglist.csl.bib_inherit import inherit, resolve
from readinglist.csl.bib_titles import titles
from readinglist.csl.bib_types import (
    EPRINT_URLS,
    LANGUAGES,
    NAME_FIELDS,
    SERIES_NUMBERED,
    TYPE_PRINTED,
    TYPES,
    VARIANTS,
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
from readinglist.model import Reference

__all__ = [
    "RICH_TEXT_TAG",
    "TITLE_STOP_WORDS",
    "TYPES",
    "CslItem",
    "inherit",
    "is_others",
    "is_web_url",
    "issued_of",
    "no_pagination",
    "original_date_of",
    "parse_date",
    "plain_text",
    "pubstate_of",
    "resolve",
    "sentence_case",
    "to_csl",
    "to_rich_text",
    "url_text",
]

CslItem = dict[str, Any]


def is_web_url(url: str) -> bool:
    """Whether `url` may be printed: an http(s) or ftp address (a white paper on an FTP
    server, which both reference processors print; pages link http(s) only), or one written
    without a scheme ("www.ajhg.org", or "//www.unodc.org/…", RFC 3986 §4.2's network-path
    reference, which takes the page's own scheme and which both reference processors print).
    A javascript:, data:, vbscript: or file: URL may not, however it is spelled (browsers
    ignore spaces and control characters inside a scheme)."""
    squeezed = re.sub(r"[\x00-\x20]+", "", url).lower()
    scheme = re.match(r"^([a-z][a-z0-9+.-]*):", squeezed)
    if scheme is not None:
        return scheme.group(1) in ("http", "https", "ftp")
    return re.fullmatch(r"(//)?[\w-]+(\.[\w-]+)+(/[^\s<>\"']*)?", url.strip()) is not None


# What databases write for a work without page numbers: APA PsycNET's "No Pagination
# Specified", Wiley's "n/a" (earlier "no") for an article online before its issue, alone or
# as a range of itself, as Zotero imports them.
_PLACEHOLDER = r"(?:no\s+pagination\s+specified\.?|n/a|no)"
_NO_PAGINATION = re.compile(rf"(?i)\s*{_PLACEHOLDER}(?:\s*[-\u2010-\u2015]+\s*{_PLACEHOLDER})?\s*")


def no_pagination(value: str) -> bool:
    """Whether a page value is a database's placeholder for a work without page numbers ("No
    Pagination Specified", "n/a-n/a", "no-no"): no pages, as the APA manual (§9.25) leaves
    them out."""
    return _NO_PAGINATION.fullmatch(value) is not None


def url_text(value: str) -> str:
    """A ``url`` field's address as written, LaTeX escapes ("\\_", "\\%") undone."""
    return latex.to_text(value) if "\\" in value else value.strip()


def _text(value: str) -> str:
    return " ".join(latex.to_text(value).split())


_URL_ONLY = re.compile(r"\s*\\url\{([^{}]*)\}\s*")


def _notice(value: str) -> str:
    """A publication notice as text; a lone \\url{...} is its address, escapes undone."""
    m = _URL_ONLY.fullmatch(value)
    if m:
        return re.sub(r"\\([%&_#$~])", r"\1", m.group(1))
    return _text(value)


_BODIES = {
    "phdthesis": ("school", "institution"),
    "mastersthesis": ("school", "institution"),
    "thesis": ("school", "institution"),
    "techreport": ("institution",),
    "report": ("institution",),
    "inproceedings": ("organization",),
    "proceedings": ("organization",),
    "mvproceedings": ("organization",),
    "conference": ("organization",),
    "manual": ("organization",),
    "misc": ("institution", "organization"),
    "online": ("institution", "organization"),
    "booklet": ("institution", "organization"),
    "unpublished": ("institution", "organization"),
}


def _publication(fields: Fields, entry_type: str) -> CslItem:
    """Publisher, places and the kind of work: what biblatex prints after the title."""
    get = fields.get
    item: CslItem = {}
    lists = fields.literal_list
    # The bodies biblatex's driver for the type prints before the publisher (its data model
    # gives these types an institution or organization); then the publication notice
    # (howpublished, a URL in it included: "https://osf.io/xfbjf/; MetaArXiv"), then the
    # publisher. pandoc joins them in the same order.
    bodies = [name for name in _BODIES.get(entry_type, ()) if get(name)]
    notice = [_notice(get("howpublished") or "")] if get("howpublished") else []
    if not bodies and not notice and not get("publisher"):
        # Nothing else names who issued the work: an institution or organization the type's
        # data model lacks does (a program's company, which Zotero writes as a @book's
        # organization), rather than be lost. pandoc joins them for every type.
        bodies = [name for name in ("institution", "organization") if get(name)]
    published = "; ".join(
        [item for name in bodies for item in lists(name)] + notice + lists("publisher")
    )
    if published:
        item["publisher"] = published
    if entry_type == "patent":
        # A patent's location is the list of countries it is granted in (biblatex §2.2.2),
        # written as localisation keys ("countryfr and countryuk"): its CSL jurisdiction.
        countries = [bibstrings.localised(c) for c in lists("location")]
        if countries:
            item["jurisdiction"] = "; ".join(countries)
    else:
        place = "; ".join(lists("location") or lists("address"))
        if place:
            item["publisher-place"] = place
    for field, variable in (
        ("origpublisher", "original-publisher"),
        ("origlocation", "original-publisher-place"),
        ("venue", "event-place"),
    ):
        if get(field):
            item[variable] = "; ".join(lists(field))
    if entry_type == "phdthesis":
        item["genre"] = bibstrings.STRINGS["phdthesis"]
    elif entry_type == "mastersthesis":
        item["genre"] = bibstrings.STRINGS["mathesis"]
    if get("type") and entry_type in TYPE_PRINTED:
        # a localisation key ("resreport", "patentus") or text
        item["genre"] = bibstrings.localised(fields.text("type"))
    return item


def _numbers(fields: Fields, entry_type: str) -> CslItem:
    """Volumes, parts, numbers, pages and identifiers."""
    get, text = fields.get, fields.text
    item: CslItem = {}
    # biblatex's ``part`` is the physical part of a logical volume: "7.2" (§2.2.2).
    volume = ".".join(text(f) for f in ("volume", "part") if get(f))
    if volume:
        item["volume"] = volume
    for field, variable in (
        ("volumes", "number-of-volumes"),
        ("pagetotal", "number-of-pages"),
        ("edition", "edition"),
        ("chapter", "chapter-number"),
        ("isbn", "ISBN"),
        ("issn", "ISSN"),
        ("pmid", "PMID"),
        ("pmcid", "PMCID"),
        ("version", "version"),
    ):
        if get(field):
            item[variable] = text(field)
    number = get("number")
    if entry_type in {"article", "periodical"}:
        issue_value = ", ".join(text(f) for f in ("number", "issue") if get(f))
        if issue_value:
            item["issue"] = issue_value
    elif number and entry_type in SERIES_NUMBERED:
        item["collection-number"] = text("number")  # biblatex: the volume's number in its series
    elif number:
        item["number"] = text("number")
    if get("pages"):
        item["page"] = text("pages").replace("–", "-").replace("—", "-").replace(" - ", "-")
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
        url = url_text(url)
        if is_web_url(url):  # javascript:, data: and the like never reach a page
            item["URL"] = url
    return item


_PERIODICAL_KINDS = {"newspaper": "article-newspaper", "magazine": "article-magazine"}
_EVENT_FIELDS = ("eventtitle", "eventdate", "venue")


def to_csl(
    reference: Reference, lookup: Callable[[str], Reference | None] | None = None
) -> CslItem:
    """One reference as a CSL-JSON item. `lookup` finds ``crossref`` parents and ``xdata``
    entries by key."""
    if lookup is not None:
        reference = resolve(reference, lookup)
    fields = Fields.of(reference)
    get = fields.get

    # biber reads an entry type its data model lacks as @misc.
    entry_type = reference.entry_type if reference.entry_type in TYPES else "misc"
    csl_type = TYPES[entry_type]
    if entry_type == "periodical" and get("issuetitle"):
        csl_type = "article-journal"  # one issue of a journal: its title, in the journal
    elif entry_type == "unpublished" and any(get(f) for f in _EVENT_FIELDS):
        # biblatex §2.1.1 @unpublished, with the event it was given at (§2.2.2 eventtitle,
        # eventdate, venue): a talk, CSL's "speech", dated to the day in APA, as pandoc
        # reads it ("(2000, April 26). The craft and career of writing [Lecture]").
        csl_type = "speech"
    elif entry_type == "article":
        # The kind of periodical (biblatex §2.2.3 entrysubtype, as Zotero's Better BibLaTeX
        # writes it): a newspaper's or magazine's article is dated to the day in APA.
        csl_type = _PERIODICAL_KINDS.get((get("entrysubtype") or "").strip().lower(), csl_type)
    item: CslItem = {"id": reference.key, "type": csl_type}
    langid = langid_of(reference)
    if langid:
        variant = options_of(get("langidopts") or "").get("variant", "")
        if langid == "english" and variant in VARIANTS:
            item["language"] = VARIANTS[variant]
        else:
            item["language"] = LANGUAGES.get(langid, "en-US" if fields.english else langid)

    item.update(titles(fields, entry_type))
    for field, variable in NAME_FIELDS.items():
        if get(field):
            item[variable] = fields.names(field)
    if "editor" in item and (get("editortype") or "").strip().lower() == "director":
        # biblatex §2.2.2 editortype: the editor's role; a film's director (Zotero's Better
        # BibLaTeX writes one so) is CSL's director, "(Director)" in APA, as pandoc reads it.
        item.setdefault("director", item.pop("editor"))
    if get("series"):
        if entry_type in {"article", "periodical"}:  # a journal's series: "3rd series"
            runs = latex.parse(bibstrings.series_of_journal(get("series") or ""))
            item["collection-title"] = to_rich_text(sentence_case(runs) if fields.english else runs)
        else:
            item["collection-title"] = fields.rich("series")

    issued = issued_of(reference)
    if issued:
        item["issued"] = issued
    original = original_date_of(reference)
    if original:
        item["original-date"] = original
    if get("eventdate"):
        event_date = date_field(get("eventdate") or "")
        if event_date:
            item["event-date"] = event_date
    status = status_words(reference)
    if status is None and (get("pubstate") or "").strip():
        status = fields.rich("pubstate")  # words biblatex has no key for, printed as written
    if status:
        item["status"] = status

    item.update(_publication(fields, entry_type))
    item.update(_numbers(fields, entry_type))
    if get("urldate"):
        accessed = date_field(get("urldate") or "")
        if accessed:
            item["accessed"] = accessed
    # biblatex prints the addendum after the note (§2.2.2).
    notes = [get("note") or "", get("addendum") or ""]
    if notes[0] and IN_PRESS_WORDS.match(notes[0]):
        notes[0] = ""
    note = joined([to_rich_text(latex.parse(n)) for n in notes if n], ".")
    if note:
        item["note"] = note
    if get("keywords"):
        item["keyword"] = fields.text("keywords")
    return item
