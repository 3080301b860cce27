"""An event's references for attendees' reference managers: BibTeX, RIS and CSL-JSON.

BibTeX keeps biblatex's own fields only (local fields such as a Mendeley ``file`` or our
``retraction`` are left out), resolves ``crossref`` into each child (reference managers do not
follow it), and types an edited book as biblatex's ``@collection``. CSL-JSON is checked
against the CSL schema's own lists of item types and variables (the copy citeproc-py ships),
with the shape each kind of variable must have.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from readinglist.bibtex import bibfile
from readinglist.csl import from_bibtex, ris
from readinglist.csl.bib_types import with_schema_type
from readinglist.csl.from_bibtex import CslItem
from readinglist.library import Library
from readinglist.model import Reference

BIBLATEX_FIELDS = {
    "author",
    "editor",
    "translator",
    "bookauthor",
    "title",
    "subtitle",
    "shorttitle",
    "booktitle",
    "booksubtitle",
    "maintitle",
    "journal",
    "journaltitle",
    "issuetitle",
    "year",
    "date",
    "month",
    "day",
    "volume",
    "volumes",
    "number",
    "issue",
    "pages",
    "pagetotal",
    "chapter",
    "publisher",
    "address",
    "location",
    "edition",
    "series",
    "isbn",
    "issn",
    "doi",
    "url",
    "urldate",
    "note",
    "addendum",
    "pubstate",
    "type",
    "institution",
    "school",
    "organization",
    "howpublished",
    "eprint",
    "eprinttype",
    "eprintclass",
    "language",
    "langid",
    "version",
    "crossref",
    "abstract",
    "keywords",
}
FORMATS = ("bibtex", "ris", "csljson")
SUFFIXES = {"bibtex": ".bib", "ris": ".ris", "csljson": ".json"}


def references_for(library: Library, keys: Sequence[str]) -> list[Reference]:
    """The entries for `keys`, each whole: a ``crossref`` parent's fields are copied into the
    child (biblatex's inheritance), since reference managers do not follow crossref."""
    return [library.resolved(key) for key in keys]


def _biblatex_type(reference: Reference) -> str:
    """biblatex's type: a book known by its editors is a @collection."""
    if reference.entry_type == "book" and reference.get("editor") and not reference.get("author"):
        return "collection"
    return reference.entry_type


def to_bibtex(references: Sequence[Reference]) -> str:
    """Entries as biblatex-valid BibTeX for reference managers (local fields left out)."""
    entries = []
    for reference in references:
        fields = tuple(
            (k, v)
            for k, v in reference.fields
            if k in BIBLATEX_FIELDS and (k != "url" or from_bibtex.is_web_url(v))
        )
        entries.append(
            bibfile.format_entry(Reference(reference.key, _biblatex_type(reference), fields))
        )
    return "\n\n".join(entries) + "\n"


def to_csljson(items: Sequence[CslItem]) -> str:
    """CSL-JSON for other processors. BibTeX's "and others" is left out of name lists: CSL-JSON
    has no mark for et al., and any other processor would print an author named "others". An
    item without a type (@misc) is written with the schema's fallback type."""
    lists = _schema_lists()["names"]
    cleaned = [
        {
            k: [n for n in v if not from_bibtex.is_others(n)]
            if k in lists and isinstance(v, list)
            else v
            for k, v in with_schema_type(item).items()
        }
        for item in items
    ]
    return json.dumps(cleaned, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def export(library: Library, keys: Sequence[str], fmt: str) -> str:
    """An event's entries (`keys`) as `fmt`: ``bibtex``, ``ris`` or ``csljson``."""
    # A key listed twice (in any case: keys compare ignoring case) is exported once.
    keys = list({library.require(k).key.casefold(): library.require(k).key for k in keys}.values())
    if fmt == "bibtex":
        return to_bibtex(references_for(library, keys))
    items = library.to_csl(list(keys))
    if fmt == "ris":
        return ris.dump(items)
    return to_csljson(items)


# --- checking CSL-JSON against the CSL schema's lists ------------------------------------------


@functools.cache
def _schema_lists() -> dict[str, frozenset[str]]:
    import citeproc

    folder = Path(citeproc.__file__).parent / "data" / "schema" / "schemas" / "styles"
    variables = (folder / "csl-variables.rnc").read_text(encoding="utf-8")
    types = (folder / "csl-types.rnc").read_text(encoding="utf-8")

    def block(text: str, name: str) -> frozenset[str]:
        m = re.search(rf"{re.escape(name)}\s*=\s*(.*?)(?:\n\s*\n|\n\s*[\w.-]+\s*=|\}})", text, re.S)
        body = re.sub(r"#[^\n]*", "", m.group(1)) if m else ""
        return frozenset(re.findall(r'"([^"]+)"', body))

    return {
        "dates": block(variables, "variables.dates"),
        "names": block(variables, "variables.names"),
        "numbers": block(variables, "variables.numbers"),
        "titles": block(variables, "variables.titles"),
        "strings": block(variables, "variables.strings"),
        "types": block(types, "item-types"),
    }


_NAME_PARTS = {
    "family",
    "given",
    "dropping-particle",
    "non-dropping-particle",
    "suffix",
    "literal",
    "comma-suffix",
    "static-ordering",
    "parse-names",
}


def check_csljson(items: Any) -> list[str]:
    """Problems of a CSL-JSON document; empty when every item is well formed."""
    lists = _schema_lists()
    known = lists["dates"] | lists["names"] | lists["numbers"] | lists["titles"] | lists["strings"]
    problems: list[str] = []
    if not isinstance(items, list):
        return ["a CSL-JSON document is a list of items"]
    for index, item in enumerate(items):
        where = f"item {index + 1}"
        if not isinstance(item, dict):
            problems.append(f"{where}: not an object")
            continue
        if not isinstance(item.get("id"), (str, int)) or item.get("id") == "":
            problems.append(f"{where}: no id")
        where = f"item '{item.get('id')}'"
        if item.get("type") not in lists["types"]:
            problems.append(f"{where}: unknown type {item.get('type')!r}")
        for name, value in item.items():
            if name in ("id", "type", "custom"):
                continue
            if name not in known:
                problems.append(f"{where}: unknown variable {name!r}")
            elif name in lists["names"]:
                if not isinstance(value, list) or not all(
                    isinstance(n, dict) and n and set(n) <= _NAME_PARTS for n in value
                ):
                    problems.append(f"{where}: {name} must be a list of names")
            elif name in lists["dates"]:
                parts = value.get("date-parts") if isinstance(value, dict) else None
                if not isinstance(value, dict) or not (
                    ("literal" in value and isinstance(value["literal"], str))
                    or (
                        isinstance(parts, list)
                        and 1 <= len(parts) <= 2
                        and all(
                            isinstance(p, list)
                            and 1 <= len(p) <= 3
                            and all(isinstance(x, (int, str)) for x in p)
                            for p in parts
                        )
                    )
                ):
                    problems.append(f"{where}: {name} must be a CSL date")
            elif name in lists["numbers"]:
                if not isinstance(value, (str, int, float)):
                    problems.append(f"{where}: {name} must be a string or a number")
            elif not isinstance(value, str):
                problems.append(f"{where}: {name} must be a string")
    return problems
