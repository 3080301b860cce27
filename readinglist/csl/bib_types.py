"""biblatex's data model as far as CSL needs it: entry types, field roles and languages.

The entry types and fields are those of the biblatex manual §2.1 ("Entry Types") and §2.2
("Entry Fields"); biber reads an entry type its data model lacks as ``@misc``.
"""

from __future__ import annotations

from typing import Any

# biblatex's @misc is "a fallback type for entries which do not fit into any other category"
# (§2.1.1): it names no kind of work, and no CSL type says that. Its item has an empty type,
# as pandoc writes it, which matches no cs:if type="…" test of a style (CSL 1.0.2): the style
# prints it by its generic branch, as citeproc-js does. CSL "document" is a kind of its own,
# which Chicago and MLA quote as a short work.
UNTYPED = ""
# The CSL schema requires a type of its list: CSL-JSON written for other programs says
# "document" where we have none (see with_schema_type).
SCHEMA_FALLBACK = "document"

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
    "misc": UNTYPED,
    "patent": "patent",
    "periodical": "periodical",
    "dataset": "dataset",
    # biblatex-apa's type for a data set, which Zotero's biblatex export writes too; pandoc
    # reads it as a data set.
    "data": "dataset",
    "software": "software",
    "video": "motion_picture",
    "audio": "song",
    "music": "song",
    "movie": "motion_picture",
    "artwork": "graphic",
    "image": "graphic",
    "letter": "personal_communication",
    "legislation": "legislation",
    "legal": "treaty",  # biblatex §2.1.3: "a legal document such as a treaty"
    "jurisdiction": "legal_case",
    "performance": "performance",
    # biblatex §2.1.3: "a subtype of the @article type" (standard.bbx prints it as one); not
    # CSL's review, whose styles print its title as the work reviewed ("[Review of …]").
    "review": "article-journal",
    "standard": "standard",
    "preprint": "article",
}


def with_schema_type(item: dict[str, Any]) -> dict[str, Any]:
    """`item` as CSL-JSON for other programs: an item without a type (@misc, a type biblatex
    lacks) gets the schema's fallback, every other item is returned as it is."""
    if item.get("type"):
        return item
    return {**item, "type": SCHEMA_FALLBACK}


# The types whose biblatex driver prints the ``type`` field (standard.bbx: "Master's thesis",
# "Technical report", "U.S. patent"); in the others it is not printed. EndNote writes its own
# reference type there for every entry ("Journal Article", "Book Section").
TYPE_PRINTED = frozenset(
    {
        "booklet",
        "data",
        "dataset",
        "manual",
        "misc",
        "patent",
        "report",
        "techreport",
        "thesis",
        "mastersthesis",
        "phdthesis",
        "unpublished",
    }
)
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
IN_CONTAINER = {
    "inbook",
    "incollection",
    "inproceedings",
    "conference",
    "inreference",
    "bookinbook",
    "suppbook",
}
# Types whose biblatex `number` is their number in a series (not a report or issue number).
SERIES_NUMBERED = {
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
NAME_FIELDS = {
    "author": "author",
    "editor": "editor",
    "translator": "translator",
    "bookauthor": "container-author",
    "director": "director",
}
# Title fields, stored in sentence case as CSL asks of title variables (a series is a
# collection-title; a journal's name is not a title and keeps its case), as pandoc does.
TITLE_FIELDS = {
    "title",
    "subtitle",
    "titleaddon",
    "booktitle",
    "booksubtitle",
    "booktitleaddon",
    "maintitle",
    "mainsubtitle",
    "maintitleaddon",
    "issuetitle",
    "issuesubtitle",
    "origtitle",
    "eventtitle",
    "series",
}
ENGLISH = {
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
# biblatex's ``langidopts = {variant=…}`` of ``langid = {english}`` (babel's variants).
VARIANTS = {
    "american": "en-US",
    "us": "en-US",
    "usmax": "en-US",
    "british": "en-GB",
    "uk": "en-GB",
    "australian": "en-AU",
    "newzealand": "en-NZ",
    "canadian": "en-CA",
}
LANGUAGES = {
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
