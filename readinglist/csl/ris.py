"""RIS (EndNote, Mendeley, Zotero, Web of Science exports) -> CSL-JSON items, and back.

A record is lines ``TAG  - value`` from ``TY`` to ``ER``. Unknown tags are ignored; a record
without ``TY`` or ``ER`` is reported with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from readinglist.csl.from_bibtex import CslItem, is_others, plain_text
from readinglist.identifiers import normalize_doi
from readinglist.model import Problem

TYPES = {
    "JOUR": "article-journal",
    "JFULL": "article-journal",
    "MGZN": "article-magazine",
    "NEWS": "article-newspaper",
    "BOOK": "book",
    "EBOOK": "book",
    "EDBOOK": "book",
    "CHAP": "chapter",
    "ECHAP": "chapter",
    "CONF": "paper-conference",
    "CPAPER": "paper-conference",
    "THES": "thesis",
    "RPRT": "report",
    "ELEC": "webpage",
    "WEB": "webpage",
    "BLOG": "post-weblog",
    "DATA": "dataset",
    "COMP": "software",
    "UNPB": "manuscript",
    "MANSCPT": "manuscript",
    "PAT": "patent",
    "STAND": "standard",
    "ENCYC": "entry-encyclopedia",
    "DICT": "entry-dictionary",
    "GEN": "document",
}
REVERSE_TYPES = {
    "article-journal": "JOUR",
    "book": "BOOK",
    "chapter": "CHAP",
    "paper-conference": "CPAPER",
    "thesis": "THES",
    "report": "RPRT",
    "webpage": "ELEC",
    "dataset": "DATA",
    "software": "COMP",
    "manuscript": "UNPB",
    "article": "JOUR",
}
_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")


@dataclass
class RisResult:
    items: list[CslItem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _person(value: str) -> dict[str, str]:
    if "," in value:
        family, given = (p.strip() for p in value.split(",", 1))
        given = given.split(",")[0].strip()
        return {"family": family, "given": given} if given else {"family": family}
    return {"literal": value.strip()}


def _record_to_csl(tags: list[tuple[str, str]], number: int) -> CslItem:
    values: dict[str, list[str]] = {}
    for tag, value in tags:
        values.setdefault(tag, []).append(value.strip())

    def one(*names: str) -> str:
        for name in names:
            if values.get(name) and values[name][0]:
                return values[name][0]
        return ""

    kind = one("TY")
    item: CslItem = {"id": one("ID") or f"ris-{number}", "type": TYPES.get(kind, "document")}
    authors = [_person(v) for v in values.get("AU", []) + values.get("A1", []) if v]
    editors = [_person(v) for v in values.get("ED", []) if v]
    if kind in ("CHAP", "ECHAP"):
        editors += [_person(v) for v in values.get("A2", []) if v]
    if kind == "EDBOOK" and not editors:
        editors, authors = authors, []
    if authors:
        item["author"] = authors
    if editors:
        item["editor"] = editors
    title = one("TI", "T1", "CT")
    if title:
        item["title"] = title
    container = one("T2", "JF", "JO", "BT", "JA")
    if container and kind not in ("BOOK", "EBOOK", "EDBOOK"):
        item["container-title"] = container
    year = re.search(r"\d{4}", one("PY", "Y1", "DA"))
    if year:
        parts = [int(year.group())]
        date = re.match(r"(\d{4})[/-](\d{1,2})", one("DA", "PY", "Y1"))
        if date and 1 <= int(date.group(2)) <= 12:
            parts.append(int(date.group(2)))
        item["issued"] = {"date-parts": [parts]}
    for tag, variable in (
        ("VL", "volume"),
        ("IS", "issue"),
        ("PB", "publisher"),
        ("CY", "publisher-place"),
        ("ET", "edition"),
        ("UR", "URL"),
        ("LA", "language"),
    ):
        if one(tag):
            item[variable] = one(tag)
    start, end = one("SP"), one("EP")
    if start:
        item["page"] = f"{start}-{end}" if end and end != start else start
    doi = one("DO")
    if doi:
        item["DOI"] = normalize_doi(doi)
    serial = one("SN")
    if serial:
        item["ISSN" if kind in ("JOUR", "JFULL", "MGZN") else "ISBN"] = serial
    return item


def parse(text: str, path: Any = None) -> RisResult:
    """Read RIS text into CSL-JSON items. A malformed record is a problem naming its line,
    never an exception."""
    result = RisResult()
    tags: list[tuple[str, str]] = []
    start = 0
    inside = False
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), 1):
        line = raw.rstrip()
        if not line.strip():
            continue
        m = _LINE.match(line)
        if not m:
            if inside and tags:  # a continuation of the previous value
                tag, value = tags[-1]
                tags[-1] = (tag, f"{value} {line.strip()}")
                continue
            result.problems.append(Problem(path, number, f"not an RIS line: {line[:60]!r}"))
            continue
        tag, value = m.group(1), m.group(2) or ""
        if tag == "TY":
            if inside:
                result.problems.append(Problem(path, start, "RIS record has no ER line"))
            inside, start, tags = True, number, [("TY", value)]
        elif tag == "ER":
            if not inside:
                result.problems.append(Problem(path, number, "ER without a TY before it"))
                continue
            result.items.append(_record_to_csl(tags, len(result.items) + 1))
            inside, tags = False, []
        elif inside:
            tags.append((tag, value))
    if inside:
        result.problems.append(Problem(path, start, "RIS record has no ER line; it was read"))
        result.items.append(_record_to_csl(tags, len(result.items) + 1))
    return result


def dump(items: list[CslItem]) -> str:
    """CSL-JSON items as RIS, for attendees' reference managers."""
    lines: list[str] = []
    for item in items:
        lines.append(f"TY  - {REVERSE_TYPES.get(str(item.get('type')), 'GEN')}")
        lines.append(f"ID  - {item['id']}")
        # "and others" (et al.) names no one: RIS has no mark for it, so it is left out.
        for name in item.get("author", []):
            if not is_others(name):
                lines.append(f"AU  - {_name(name)}")
        for name in item.get("editor", []):
            if is_others(name):
                continue
            lines.append(f"{'A2' if item.get('type') == 'chapter' else 'ED'}  - {_name(name)}")
        for variable, tag in (
            ("title", "TI"),
            ("container-title", "T2"),
            ("volume", "VL"),
            ("issue", "IS"),
            ("publisher", "PB"),
            ("publisher-place", "CY"),
            ("edition", "ET"),
            ("DOI", "DO"),
            ("URL", "UR"),
            ("ISBN", "SN"),
            ("ISSN", "SN"),
        ):
            if item.get(variable):
                value = str(item[variable])
                # Titles are rich text; a DOI or URL is not, and keeps its "<" and ">".
                text = _plain(value) if variable in _RICH else value.replace("\n", " ")
                lines.append(f"{tag}  - {text}")
        parts = ((item.get("issued") or {}).get("date-parts") or [[]])[0]
        if parts:
            lines.append(f"PY  - {parts[0]}")
        page = str(item.get("page", ""))
        if page:
            start, _, end = page.partition("-")
            lines.append(f"SP  - {start}")
            if end:
                lines.append(f"EP  - {end}")
        lines.append("ER  - ")
        lines.append("")
    return "\n".join(lines)


def _name(name: dict[str, Any]) -> str:
    if "literal" in name:
        return str(name["literal"])
    family = " ".join(str(name.get(p, "")) for p in ("non-dropping-particle", "family")).strip()
    return f"{family}, {name['given']}" if name.get("given") else family


_RICH = {"title", "container-title"}


def _plain(value: str) -> str:
    return plain_text(value).replace("\n", " ")
