""":class:`~readinglist.model.Reference` -> CSL-JSON item: the hub every reference passes through.

BibTeX and biblatex fields are mapped once here: entry types, names (particles, suffixes,
institutions, ``and others``), LaTeX to Unicode, case-protecting braces to
``<span class="nocase">``, dates (year and month, biblatex ``date`` with ranges), ``crossref``
inheritance, DOIs, pages and the publication state.

Titles in .bib files are in title case by BibTeX convention, while CSL expects sentence case and
lets each style re-case. So English titles are converted to sentence case as pandoc and
biblatex do it: a capitalised word becomes lower case unless it is protected by braces, has
capitals inside (``iPhone``, ``McDonald``), opens the title, or follows a colon or full stop.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from readinglist.bibtex import latex, names
from readinglist.bibtex.latex import Run
from readinglist.identifiers import normalize_doi
from readinglist.model import MAX_FIELD_LENGTH, Person, PubState, Reference

CslItem = dict[str, Any]


# CSL 1.0.2, "Title case": the stop words that stay in lower case inside a title.
TITLE_STOP_WORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "down",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "on",
        "onto",
        "or",
        "over",
        "so",
        "the",
        "till",
        "to",
        "up",
        "via",
        "with",
        "yet",
    }
)

# BibTeX / biblatex entry type -> CSL type.
TYPES = {
    "article": "article-journal",
    "book": "book",
    "mvbook": "book",
    "booklet": "pamphlet",
    "inbook": "chapter",
    "incollection": "chapter",
    "inreference": "entry-encyclopedia",
    "bookinbook": "chapter",
    "suppbook": "chapter",
    "collection": "book",
    "mvcollection": "book",
    "reference": "book",
    "proceedings": "book",
    "mvproceedings": "book",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "manual": "book",
    "mastersthesis": "thesis",
    "phdthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "unpublished": "manuscript",
    "online": "webpage",
    "electronic": "webpage",
    "www": "webpage",
    "misc": "document",
    "patent": "patent",
    "periodical": "periodical",
    "dataset": "dataset",
    "software": "software",
    "video": "motion_picture",
    "audio": "song",
    "music": "song",
    "movie": "motion_picture",
    "artwork": "graphic",
    "image": "graphic",
    "letter": "personal_communication",
    "legislation": "legislation",
    "jurisdiction": "legal_case",
    "standard": "standard",
    "preprint": "article",
}
# biblatex's eprint types (standard.bbx's ``eprint:TYPE`` formats) -> the link they print.
EPRINT_URLS = {
    "arxiv": "https://arxiv.org/abs/",
    "arxivid": "https://arxiv.org/abs/",
    "jstor": "https://www.jstor.org/stable/",
    "pubmed": "https://www.ncbi.nlm.nih.gov/pubmed/",
    "pmid": "https://www.ncbi.nlm.nih.gov/pubmed/",
    "hdl": "https://hdl.handle.net/",
    "googlebooks": "https://books.google.com/books?id=",
}
# Types whose `booktitle` (or crossref parent's title) is the container.
_IN_CONTAINER = {
    "inbook",
    "incollection",
    "inproceedings",
    "conference",
    "inreference",
    "bookinbook",
    "suppbook",
}
# Types whose biblatex `number` is their number in a series (not a report or issue number).
_SERIES_NUMBERED = {
    "book",
    "mvbook",
    "inbook",
    "bookinbook",
    "suppbook",
    "collection",
    "mvcollection",
    "incollection",
    "suppcollection",
    "proceedings",
    "mvproceedings",
    "inproceedings",
    "conference",
    "reference",
    "mvreference",
    "inreference",
}
_NAME_FIELDS = {
    "author": "author",
    "editor": "editor",
    "translator": "translator",
    "bookauthor": "container-author",
    "director": "director",
}
# Title fields, stored in sentence case as CSL asks of title variables (a series is a
# collection-title; a journal's name is not a title and keeps its case), as pandoc does.
_TITLE_FIELDS = {"title", "booktitle", "maintitle", "subtitle", "booksubtitle", "series"}
_ENGLISH = {
    "",
    "en",
    "english",
    "american",
    "british",
    "en-us",
    "en-gb",
    "usenglish",
    "ukenglish",
    "canadian",
    "australian",
    "newzealand",
}
_LANGUAGES = {
    "german": "de-DE",
    "ngerman": "de-DE",
    "french": "fr-FR",
    "spanish": "es-ES",
    "italian": "it-IT",
    "dutch": "nl-NL",
    "portuguese": "pt-PT",
    "swedish": "sv-SE",
    "norwegian": "nb-NO",
    "danish": "da-DK",
    "finnish": "fi-FI",
    "polish": "pl-PL",
    "russian": "ru-RU",
    "japanese": "ja-JP",
    "chinese": "zh-CN",
    "greek": "el-GR",
}
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_IN_PRESS_WORDS = re.compile(
    r"^\s*\(?\s*(in\s*press|forthcoming|submitted|accepted|in\s*preparation)\s*\)?\.?\s*$",
    re.IGNORECASE,
)


# --- small value helpers ------------------------------------------------------------------


def is_web_url(url: str) -> bool:
    """Whether `url` may be printed: an http(s) address, or one written without a scheme
    ("www.ajhg.org"). A javascript:, data:, vbscript: or file: URL may not, however it is
    spelled (browsers ignore spaces and control characters inside a scheme)."""
    squeezed = re.sub(r"[\x00-\x20]+", "", url).lower()
    scheme = re.match(r"^([a-z][a-z0-9+.-]*):", squeezed)
    if scheme is not None:
        return scheme.group(1) in ("http", "https")
    return re.fullmatch(r"[\w-]+(\.[\w-]+)+(/[^\s<>\"']*)?", url.strip()) is not None


def pubstate_of(reference: Reference) -> PubState | None:
    """The entry's publication state, read from ``pubstate`` or a legacy "in press" year/note."""
    value = (reference.get("pubstate") or "").strip().lower().replace(" ", "")
    for state in PubState:
        if value == state.value:
            return state
    if value in {"accepted", "inpreparation"}:
        return PubState.FORTHCOMING
    for name in ("year", "date", "note"):
        m = _IN_PRESS_WORDS.match(reference.get(name) or "")
        if m:
            word = m.group(1).lower().replace(" ", "")
            return {"inpress": PubState.IN_PRESS, "submitted": PubState.SUBMITTED}.get(
                word, PubState.FORTHCOMING if word != "accepted" else PubState.IN_PRESS
            )
    return None


def parse_date(value: str) -> dict[str, Any] | None:
    """biblatex ``date`` (ISO 8601 / EDTF subset, ranges with ``/``) -> CSL date."""
    value = value.strip()
    if not value:
        return None
    parts = []
    for piece in value.split("/"):
        m = re.match(r"^(-?\d{1,4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", piece.strip())
        if not m:
            if piece.strip() in ("", ".."):  # open-ended range
                continue
            return {"literal": value}
        parts.append([int(g) for g in m.groups() if g])
    return {"date-parts": parts} if parts else {"literal": value}


def _month_number(value: str) -> int | None:
    text = latex.to_text(value).strip().lower().rstrip(".")
    if text.isdigit() and 1 <= int(text) <= 12:
        return int(text)
    return _MONTHS.get(text[:3]) if text[:3] in _MONTHS else None


def original_date_of(reference: Reference) -> dict[str, Any] | None:
    """biblatex ``origdate`` (or the legacy ``origyear``): the date of first publication."""
    date = reference.get("origdate") or reference.get("origyear")
    return parse_date(latex.to_text(date)) if date else None


def issued_of(reference: Reference) -> dict[str, Any] | None:
    """The CSL ``issued`` date of an entry: its ``date``, else ``year``, ``month`` and ``day``
    (a year that is no number as a literal); None when it has none or says it is in press."""
    date = reference.get("date")
    if date and not _IN_PRESS_WORDS.match(date):
        return parse_date(date)
    year = latex.to_text(reference.get("year") or "")
    if re.fullmatch(r"\s*\d{1,4}\s*/\s*\d{1,4}\s*", year):  # a range, as biber reads it
        return parse_date(year)
    m = re.match(r"^\s*(-?\d{1,4})\b", year)
    if not m:
        return {"literal": year} if year and not _IN_PRESS_WORDS.match(year) else None
    parts = [int(m.group(1))]
    month = _month_number(reference.get("month") or "")
    if month:
        parts.append(month)
        day = (reference.get("day") or "").strip()
        if day.isdigit():
            parts.append(int(day))
    return {"date-parts": [parts]}


# --- rich text ----------------------------------------------------------------------------


def sentence_case(runs: list[Run]) -> list[Run]:
    """Title case -> sentence case, leaving protected and marked text alone."""
    chars = [(c, r.protected or bool(r.marks), r) for r in runs for c in r.text]
    out = [c for c, _, _ in chars]
    i, n, previous_end = 0, len(chars), ""
    first = True
    while i < n:
        if chars[i][0].isspace():
            i += 1
            continue
        j = i
        while j < n and not chars[j][0].isspace():
            j += 1
        word = chars[i:j]
        keep = first or previous_end in (":", ".", "?", "!")
        # A word holding protected text is left as it is: lowering part of it would read
        # differently once the title is written back with its acronyms protected.
        if not any(locked for _, locked, _ in word):
            _lower_word(out, i, j, keep)
        letters = out[i:j]
        start = next((k for k in range(i, j) if out[k].isalnum()), j)
        if (
            keep
            and start < j
            and not chars[start][1]
            and out[start].isalpha()
            and not any(c.isupper() or c.isdigit() for c in letters)
        ):  # a title, and a sentence in it, opens with a capital; not "12th", "semPlot"
            out[start] = out[start].upper()
        previous_end = word[-1][0]
        first = False
        i = j
    result: list[Run] = []
    for k, (_, _, run) in enumerate(chars):
        attrs = (run.protected, run.marks)
        if result and (result[-1].protected, result[-1].marks) == attrs:
            result[-1] = Run(result[-1].text + out[k], *attrs)
        else:
            result.append(Run(out[k], *attrs))
    return result


def _lower_word(out: list[str], start: int, end: int, keep_first: bool) -> None:
    """Lower-case each part of out[start:end] that is capitalised; parts are separated by
    hyphens, dashes, slashes and colons ("Science:Import" -> "science:import", as pandoc)."""
    part_start = start
    first_part = True
    for k in range(start, end + 1):
        if k == end or out[k] in "-–—/:":
            letters = [out[x] for x in range(part_start, k) if out[x].isalpha()]
            capitalised = (
                letters and letters[0].isupper() and all(ch.islower() for ch in letters[1:])
            )
            if capitalised and not (keep_first and first_part):
                for x in range(part_start, k):
                    out[x] = out[x].lower()
            first_part = False
            part_start = k + 1


_TAGS = {
    "i": ("<i>", "</i>"),
    "b": ("<b>", "</b>"),
    "sup": ("<sup>", "</sup>"),
    "sub": ("<sub>", "</sub>"),
    "sc": ('<span style="font-variant:small-caps;">', "</span>"),
}


# The markup CSL-JSON string values may hold (citeproc-js's "micro-HTML"); any other "<" is
# text, as in a title holding {$x<y$}.
RICH_TEXT_TAG = re.compile(
    r"</?(?:i|b|sup|sub)>|<span\s+(?:class=\"nocase\"|style=\"font-variant:\s*small-caps;?\")>"
    r"|</span>"
)


def plain_text(value: str) -> str:
    """CSL rich text as plain text: its markup removed, every other character kept."""
    return RICH_TEXT_TAG.sub("", value)


def is_others(name: Any) -> bool:
    """Whether a CSL name is BibTeX's ``and others`` (et al.), which is no one's name."""
    return isinstance(name, dict) and name == {"literal": "others"}


def to_rich_text(runs: list[Run]) -> str:
    """Runs -> CSL rich text (the HTML-like markup of CSL-JSON string values)."""
    out = []
    for run in runs:
        text = run.text
        if run.protected and any(c.isupper() for c in text):
            text = f'<span class="nocase">{text}</span>'
        for mark in sorted(run.marks):
            open_tag, close_tag = _TAGS[mark]
            text = open_tag + text + close_tag
        out.append(text)
    return " ".join("".join(out).split(" ")).strip()


def _text(value: str) -> str:
    return " ".join(latex.to_text(value).split())


# --- crossref ------------------------------------------------------------------------------


_URL_ONLY = re.compile(r"\s*\\url\{([^{}]*)\}\s*")


def _notice(value: str) -> str:
    """A publication notice as text; a lone \\url{...} is its address, escapes undone."""
    m = _URL_ONLY.fullmatch(value)
    if m:
        return re.sub(r"\\([%&_#$~])", r"\1", m.group(1))
    return _text(value)


def inherit(reference: Reference, parent: Reference) -> Reference:
    """biblatex ``crossref``: take the parent's fields that the child lacks.

    A chapter's parent title becomes its ``booktitle``; the parent's editors stay editors.
    """
    fields = list(reference.fields)
    have = {k for k, _ in fields}
    for name, value in parent.fields:
        target = name
        if reference.entry_type in _IN_CONTAINER and name in {"title", "subtitle"}:
            target = "book" + name
        if name in {"crossref", "key", "ids"} or target in have:
            continue
        fields.append((target, value))
        have.add(target)
    return replace(reference, fields=tuple(f for f in fields if f[0] != "crossref"))


# --- the conversion ------------------------------------------------------------------------


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
    english = langid in _ENGLISH
    if langid:
        item["language"] = _LANGUAGES.get(langid, "en-US" if english else langid)

    def rich(name: str) -> str:
        runs = latex.parse(get(name) or "")
        if english and name in _TITLE_FIELDS:
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

    for field, variable in _NAME_FIELDS.items():
        if get(field):
            item[variable] = [_person(p) for p in names.parse_names(get(field) or "")]

    container = None
    if entry_type == "article" or entry_type == "periodical":
        container = get("journaltitle") or get("journal")
        container_value = _text(container) if container else None
        if container_value:
            item["container-title"] = to_rich_text(latex.parse(container or ""))
    elif entry_type in _IN_CONTAINER:  # biblatex defines booktitle for these types only
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
    elif number and entry_type in _SERIES_NUMBERED:
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
    if note and not _IN_PRESS_WORDS.match(note):
        item["note"] = to_rich_text(latex.parse(note))
    if get("keywords"):
        item["keyword"] = _text(get("keywords") or "")
    return item
