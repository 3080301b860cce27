"""``readinglist check``: what is wrong or old-fashioned in a library and its events.

Errors (``check`` exits 1): unreadable blocks, duplicate keys, events naming unknown keys,
malformed DOIs, ``crossref`` to a missing entry. Warnings (reported, exit 0): an entry missing
a field its type needs, and legacy forms that ``check --fix`` rewrites to the normal form:

==========================  =====================================
legacy                      normal form
==========================  =====================================
``year = {in press}``       ``pubstate = {inpress}``
``note = {In press}``       ``pubstate = {inpress}``
``doi = {https://doi...}``  ``doi = {10.xxxx/...}``
``month = jun``             ``month = {6}``
``pages = {No Pagination    (no ``pages``: APA PsycNET's mark for
Specified}``, ``{n/a-n/a}`` a work without page numbers; Wiley's)
``url = {…?a=1&amp;b=2}``   ``url = {…?a=1&b=2}``
==========================  =====================================
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from readinglist.library import Library
from readinglist.model import Event, Problem, Reference, Severity

# What each entry type needs, as alternatives: ("author", "editor") means either will do.
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "article": (("author",), ("title",), ("journal", "journaltitle"), ("year", "date")),
    "book": (("author", "editor"), ("title",), ("publisher",), ("year", "date")),
    "inbook": (("author", "editor"), ("title",), ("publisher",), ("year", "date")),
    "incollection": (("author",), ("title",), ("booktitle",), ("publisher",), ("year", "date")),
    "inproceedings": (("author",), ("title",), ("booktitle",), ("year", "date")),
    "phdthesis": (("author",), ("title",), ("school", "institution"), ("year", "date")),
    "mastersthesis": (("author",), ("title",), ("school", "institution"), ("year", "date")),
    "techreport": (("author",), ("title",), ("institution",), ("year", "date")),
    "online": (("title",), ("url", "doi")),
    "unpublished": (("author",), ("title",)),
}
# biblatex's date fields (manual §2.3.8): ISO 8601 with EDTF, never free text.
_DATE_FIELDS = ("date", "origdate", "eventdate", "urldate")
# biblatex's name lists (manual §2.2.2, "Name lists"): names split at "and", each "von Last,
# Jr, First" at most.
_NAME_LISTS = (
    "author",
    "bookauthor",
    "editor",
    "editora",
    "editorb",
    "editorc",
    "translator",
    "annotator",
    "commentator",
    "introduction",
    "foreword",
    "afterword",
    "holder",
)
# A pattern, compiled (and cached by re) on first use: an event's checks never use it.
_LEGACY_STATUS = r"(?i)^\s*\(?\s*(in\s*press|forthcoming|submitted)\s*\)?\.?\s*$"


def check_reference(reference: Reference, resolved: Reference | None = None) -> list[Problem]:
    """Problems of one entry. `resolved` is the entry with its ``crossref`` parent merged in."""
    problems: list[Problem] = []

    def report(
        message: str,
        severity: Severity = Severity.WARNING,
        fixable: bool = False,
        line: int | None = None,
    ) -> None:
        problems.append(
            Problem(
                reference.path,
                line or reference.line,
                f"entry '{reference.key}': {message}",
                key=reference.key,
                severity=severity,
                fixable=fixable,
            )
        )

    # An event's checks (repeated_event_keys, on every render) need none of these.
    from readinglist.bibtex.lexer import printable
    from readinglist.csl.bib_dates import IN_PRESS_WORDS as _IN_PRESS
    from readinglist.csl.bib_dates import parse_date
    from readinglist.csl.from_bibtex import pubstate_of
    from readinglist.identifiers import is_doi, normalize_doi

    full = resolved or reference
    pending = pubstate_of(full) is not None
    for alternatives in REQUIRED.get(reference.entry_type, ()):
        if pending and "year" in alternatives:
            continue
        if not any((full.get(name) or "").strip() for name in alternatives):
            report(f"@{reference.entry_type} needs {' or '.join(alternatives)}")
    doi = reference.get("doi")
    if doi is not None and not doi.strip():
        # Google Scholar's and templates' "doi = {}": no DOI, as no field; not an error.
        report(
            "doi is empty (no DOI to look up; the field can go)", line=field_line(reference, "doi")
        )
    elif doi is not None:
        bare = normalize_doi(doi)
        if not is_doi(bare):
            report(f"'{printable(doi)}' is not a DOI (expected 10.NNNN/suffix)", Severity.ERROR)
        elif bare != doi.strip():
            report(f"doi should be written bare: {bare}", fixable=True)
    for name in ("year", "note"):
        if re.match(_LEGACY_STATUS, reference.get(name) or ""):
            report(
                f"'{name} = {{{reference.get(name)}}}' is an old form of pubstate = {{inpress}}",
                fixable=True,
            )
    for name in _DATE_FIELDS:
        value = reference.get(name)
        if value and not _IN_PRESS.match(value) and "literal" in (parse_date(value) or {}):
            report(
                f"{name} '{printable(value)}' is printed as written, not as a date: expected "
                "YYYY, YYYY-MM or YYYY-MM-DD (a range with /)"
            )
    from readinglist.bibtex.names import (
        et_al_names,
        format_name,
        initials_as_family,
        overfull_names,
        parse_name,
        trailing_comma_names,
    )

    for name in _NAME_LISTS:
        for person, commas in overfull_names(reference.get(name) or ""):
            report(
                f"field '{name}': the name '{printable(person)}' has {commas} commas; a BibTeX "
                'name has at most two ("von Last, Jr, First"): are names joined without "and"?',
                line=field_line(reference, name),
            )
        for person, parsed in initials_as_family(reference.get(name) or ""):
            report(
                f"field '{name}': the name '{printable(person)}' is read as family name "
                f"'{printable(parsed.family)}', given name '{printable(parsed.given)}' (BibTeX "
                f"reads the last word as the family name): if {printable(parsed.given)} is the "
                f"family name, write '{printable(parsed.given)}, {printable(parsed.family)}'",
                line=field_line(reference, name),
            )
        for written in et_al_names(reference.get(name) or ""):
            report(
                f"field '{name}': the name '{printable(written)}' ends in 'et al.', read as a "
                "person named 'al': BibTeX writes the rest of a list as 'and others'",
                line=field_line(reference, name),
            )
        for person in trailing_comma_names(reference.get(name) or ""):
            read = format_name(parse_name(person))
            report(
                f"field '{name}': the name '{printable(person)}' ends in a comma, which biber "
                f"drops (read as '{printable(read)}'; classic BibTeX reads it otherwise)",
                line=field_line(reference, name),
            )
    from readinglist.csl.from_bibtex import is_web_url, no_pagination, url_text

    pages = reference.get("pages")
    if pages is not None and no_pagination(pages):
        report(
            f"pages '{printable(pages)}' is a database's placeholder for a work without "
            "page numbers: it is not printed, and the field can go",
            fixable=True,
            line=field_line(reference, "pages"),
        )
    url = reference.get("url")
    if url and url.strip():
        if not is_web_url(url_text(url)):
            # A path of the author's own site ("system/files/paper.pdf"), a local file or a
            # javascript: link leads a reader of the list nowhere: it is left out, and said so.
            report(
                f"url '{printable(url)}' is not a web address (http, https, ftp or a host "
                "name): it is left out of reading lists",
                line=field_line(reference, "url"),
            )
        elif "&amp;" in url:
            # Copied from a page's HTML source: the server would read "amp;type" for "type".
            report(
                "url holds '&amp;', HTML's escape for '&', as copied from a page's source: "
                "the link leads nowhere as written; write '&'",
                fixable=True,
                line=field_line(reference, "url"),
            )
    month = reference.get("month")
    if month is not None and not month.strip().isdigit() and not _month_macro(reference):
        from readinglist.csl.bib_dates import month_number

        if month_number(month, whole=True) or month_number(month) is None:
            report(f"month '{month}' should be a number (biblatex)", fixable=True)
        else:  # "June 14": the month is read, the rest is not (check --fix leaves it)
            report(
                f"month '{printable(month)}' should be a number (biblatex): read as month "
                f"{month_number(month)}, the rest left out (a day goes in date = YYYY-MM-DD)"
            )
    return problems


@functools.lru_cache(maxsize=8)
def _lines(path: Path, mtime_ns: int, size: int) -> list[str]:
    """The lines of the file at `path` as it is at `mtime_ns` and `size`: read once for all
    the entries of a check that ask where a field stands (every entry of a template's export
    may have an empty doi)."""
    return path.read_text(encoding="utf-8").splitlines()


def field_line(reference: Reference, name: str) -> int | None:
    """The line of the file on which `reference`'s field `name` starts (its last occurrence,
    the one that is read), or None when the file or the field cannot be found."""
    found = _field_start(reference, name)
    return found[0] if found else None


def _field_start(reference: Reference, name: str) -> tuple[int, str] | None:
    """The number and text of the line on which `reference`'s field `name` starts, or None."""
    if reference.path is None or reference.line is None:
        return None
    try:
        stat = reference.path.stat()
        lines = _lines(reference.path, stat.st_mtime_ns, stat.st_size)
    except (OSError, UnicodeDecodeError):
        return None
    field = re.compile(rf"(?:^|[,{{(])\s*{re.escape(name)}\s*=", re.IGNORECASE)
    found = None
    for number in range(reference.line, len(lines) + 1):
        text = lines[number - 1]
        if number > reference.line and re.match(r"\s*@", text):
            break
        if field.search(text):
            found = number, text
    return found


def _month_macro(reference: Reference) -> bool:
    """Whether the entry's month is written as a standard macro (``month = oct``), which
    biblatex takes as the month's number (§2.3.9), unlike a string (``{October}``)."""
    from readinglist.bibtex.bibfile import MONTH_MACROS

    found = _field_start(reference, "month")
    if found is None:
        return False
    written = re.search(r"(?i)month\s*=\s*([a-z]+)\s*(?:[,})]|$)", found[1])
    return written is not None and written.group(1).lower() in MONTH_MACROS


def fix_reference(reference: Reference) -> Reference:
    """The entry with every fixable legacy form rewritten to the normal form."""
    from readinglist.csl.from_bibtex import no_pagination
    from readinglist.identifiers import is_doi, normalize_doi

    fields = list(reference.fields)
    names = [k for k, _ in fields]
    state = None
    out: list[tuple[str, str]] = []
    for name, value in fields:
        if name == "pages" and no_pagination(value):
            continue
        if name == "url" and "&amp;" in value:
            value = value.replace("&amp;", "&")
        if name in ("year", "note") and re.match(_LEGACY_STATUS, value):
            word = re.match(_LEGACY_STATUS, value).group(1).lower().replace(" ", "")  # type: ignore[union-attr]
            state = {"inpress": "inpress", "forthcoming": "forthcoming", "submitted": "submitted"}[
                word
            ]
            continue
        if name == "doi":
            bare = normalize_doi(value)
            if is_doi(bare):
                value = bare
        if name == "month" and not value.strip().isdigit() and not _month_macro(reference):
            from readinglist.csl import bib_dates

            number = bib_dates.month_number(value, whole=True)  # "June 14" keeps its day
            if number:
                value = str(number)
        out.append((name, value))
    if state and "pubstate" not in names:
        out.append(("pubstate", state))
    return reference._replace(fields=tuple(out))


def repeated_event_keys(event: Event) -> list[Problem]:
    """A warning for each key an event lists again (keys compare ignoring case): the list
    shows it once, where it is first listed."""
    text = event.path.read_text(encoding="utf-8") if event.path else ""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    occurrences: dict[str, int] = {}  # how often each key, as written, was listed so far
    for section in event.sections:
        for entry in section.entries:
            folded = entry.key.casefold()
            index = occurrences.get(entry.key, 0)
            occurrences[entry.key] = index + 1
            if folded not in seen:
                seen[folded] = section.title
                continue
            quoted = [m.start() for m in re.finditer(re.escape(f'"{entry.key}"'), text)]
            line = text.count("\n", 0, quoted[index]) + 1 if index < len(quoted) else None
            problems.append(
                Problem(
                    event.path,
                    line,
                    f"key '{entry.key}' is listed again in section '{section.title}' "
                    f"(first in '{seen[folded]}'); it is shown once",
                    key=entry.key,
                    severity=Severity.WARNING,
                )
            )
    return problems


def _crossref_chain(
    reference: Reference, lookup: Callable[[str], Reference | None]
) -> list[str] | None:
    """The keys of a ``crossref`` chain that returns to an entry on it (itself, or a
    cycle), or None when the chain ends."""
    chain = [reference.key]
    current: Reference | None = reference
    while current is not None and current.get("crossref"):
        parent_key = (current.get("crossref") or "").strip()
        if parent_key.casefold() in (k.casefold() for k in chain):
            return [*chain, parent_key]
        chain.append(parent_key)
        current = lookup(parent_key)
    return None


def check_library(library: Library, references: Iterable[Reference] | None = None) -> list[Problem]:
    """Problems of `references` (default: every entry of `library`), each checked with the
    fields it inherits from its ``crossref`` parent; a parent `library` lacks, or a chain of
    ``crossref`` fields that goes round in a circle, is an error."""
    problems: list[Problem] = []
    for reference in library.references if references is None else references:
        parent_key = reference.get("crossref")
        resolved = reference
        if parent_key and library.parent(reference) is None:
            problems.append(
                Problem(
                    reference.path,
                    reference.line,
                    f"entry '{reference.key}': crossref '{parent_key}' names no entry",
                    key=reference.key,
                )
            )
        elif parent_key and (cycle := _crossref_chain(reference, library.get)) is not None:
            problems.append(
                Problem(
                    reference.path,
                    reference.line,
                    f"entry '{reference.key}': crossref goes round in a circle "
                    f"({' -> '.join(cycle)}); remove one of the crossref fields",
                    key=reference.key,
                )
            )
        else:
            resolved = library.resolve(reference)
        problems.extend(check_reference(reference, resolved))
    return problems
