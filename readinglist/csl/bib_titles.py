"""An entry's titles as CSL's title variables, by the roles biblatex gives its title fields.

biblatex manual §2.2.2: ``title``/``subtitle``/``titleaddon`` name the work; ``maintitle``
(with ``mainsubtitle``, ``maintitleaddon``) the multi-volume work a ``@book`` is one volume of,
or that holds the book of an ``@inbook``/``@incollection``; ``booktitle`` the book a part is in;
``issuetitle`` the issue of a ``@periodical``; ``journaltitle`` the journal. In CSL, the volume
of a multi-volume work has its own title: ``volume-title`` (CSL 1.0.2, "Appendix IV:
Variables"). So, as pandoc maps them:

- a book with a ``maintitle``: ``title`` is the main title, ``volume-title`` the book's own;
- a part of a book whose book has a ``maintitle``: ``container-title`` is the main title,
  ``volume-title`` the ``booktitle``;
- a ``@periodical`` with an ``issuetitle``: ``title`` is the issue's, ``container-title`` the
  periodical's.

A subtitle follows its title after a colon, an addon after a full stop.
"""

from __future__ import annotations

from typing import Any

from readinglist.csl.bib_fields import Fields, joined
from readinglist.csl.bib_types import IN_CONTAINER


def _title(fields: Fields, title: str, subtitle: str, addon: str, cased: bool = True) -> str:
    if not fields.get(title):
        return ""
    parts = [fields.rich(n, cased) if fields.get(n) else "" for n in (title, subtitle, addon)]
    return joined([joined(parts[:2], ":"), parts[2]], ".")


def titles(fields: Fields, entry_type: str) -> dict[str, Any]:
    """The CSL title variables of an entry of biblatex type `entry_type`."""
    out: dict[str, Any] = {}
    has_main = bool(fields.get("maintitle"))
    own = _title(fields, "title", "subtitle", "titleaddon")
    main = _title(fields, "maintitle", "mainsubtitle", "maintitleaddon")
    if entry_type == "periodical" and fields.get("issuetitle"):
        out["title"] = _title(fields, "issuetitle", "issuesubtitle", "")
        out["container-title"] = _title(fields, "title", "subtitle", "titleaddon", cased=False)
    elif entry_type in IN_CONTAINER:
        out["title"] = own
        book = _title(fields, "booktitle", "booksubtitle", "booktitleaddon")
        out["container-title"] = main or book
        if has_main:
            out["volume-title"] = book
    elif has_main:
        out["title"] = main
        out["volume-title"] = own
    else:
        out["title"] = own
    if not out.get("container-title"):
        journal = "journaltitle" if fields.get("journaltitle") else "journal"
        if fields.get(journal):
            subtitle = fields.rich("journalsubtitle") if fields.get("journalsubtitle") else ""
            out["container-title"] = joined([fields.rich(journal), subtitle], ":")
            if fields.get("shortjournal"):
                # biblatex §2.2.2: the journal's abbreviation, which NLM, AMA and Vancouver
                # print ("Nat Biotechnol"); Zotero's Better BibLaTeX exports it.
                out["container-title-short"] = fields.rich("shortjournal", False)
    if fields.get("origtitle"):
        out["original-title"] = fields.rich("origtitle")
    if fields.get("eventtitle"):
        out["event"] = fields.rich("eventtitle")
    short = fields.get("shorttitle")
    if short and not (has_main and entry_type not in IN_CONTAINER):
        out["title-short"] = fields.rich("shorttitle")
    elif out.get("title") and ": " in out["title"]:
        # biblatex's labeltitle is the title without its subtitle, and an author-date
        # citation of a work without author prints it ("(Main Part, 2000)", as pandoc reads
        # the entry); a title written "Title: Subtitle" in one field is cut the same way.
        out["title-short"] = out["title"].split(": ", 1)[0]
    return {k: v for k, v in out.items() if v}
