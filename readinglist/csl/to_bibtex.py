"""CSL-JSON item -> BibTeX :class:`~readinglist.model.Reference`: the way back into ``refs/``.

The inverse of :mod:`readinglist.csl.from_bibtex`, so a field is mapped once in each direction.
Entries follow our conventions: an author-year key, a bare DOI, ``--`` in page ranges, LaTeX for
markup (``<i>`` -> ``\\emph{}``), and braces around the words whose case must survive the
conversion back to sentence case (acronyms always; every capitalised word of a title that
the registry gave in sentence case, since those are names).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

from readinglist import richtext
from readinglist.bibtex.latex import to_text as latex_text
from readinglist.bibtex.names import OTHERS, format_name, parse_name, parse_names
from readinglist.csl.bib_dates import pubstate_key
from readinglist.csl.foreign import (
    CITATION_KEY_NOTE,
    date_parts,
    is_valid_key,
    key_candidates,
    literal_date,
    scalar,
)
from readinglist.csl.from_bibtex import TITLE_STOP_WORDS, CslItem
from readinglist.csl.names import given_suffix
from readinglist.identifiers import normalize_doi
from readinglist.model import Person, Reference

TYPES = {
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "article": "article",
    "book": "book",
    "chapter": "incollection",
    "paper-conference": "inproceedings",
    "thesis": "phdthesis",
    "report": "techreport",
    "webpage": "online",
    "post-weblog": "online",
    "manuscript": "unpublished",
    "dataset": "dataset",
    "software": "software",
    "entry-encyclopedia": "inreference",
    "entry-dictionary": "inreference",
    "pamphlet": "booklet",
    "periodical": "periodical",
    "standard": "standard",
    "patent": "patent",
    "treaty": "legal",
    "performance": "performance",
}
_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_MARKUP_TO_LATEX = {
    "<i>": r"\emph{",
    "<b>": r"\textbf{",
    "<sup>": r"\textsuperscript{",
    "<sub>": r"\textsubscript{",
    '<span style="font-variant:small-caps;">': r"\textsc{",
    '<span class="nocase">': "{",
}
_MARKUP = re.compile(r"(</?(?:i|b|sup|sub)>|<span[^>]*>|</span>)")
_STOP_WORDS = TITLE_STOP_WORDS | {"vs", "under"}  # for keys and casing only


def escape_latex(text: str) -> str:
    """`text` with the characters LaTeX treats as commands escaped (``&`` -> ``\\&``)."""
    return "".join(_LATEX_SPECIALS.get(c, c) for c in text)


def rich_text_to_latex(value: str, protect: Callable[..., str] = lambda s, marked=False: s) -> str:
    """CSL rich text -> BibTeX value: tags to LaTeX commands, text escaped and protected
    (`protect` is told whether the text stands inside a command's braces)."""
    out = []
    depth = 0
    for piece in _MARKUP.split(value):
        if piece in _MARKUP_TO_LATEX:
            out.append(_MARKUP_TO_LATEX[piece])
            depth += 1
        elif piece.startswith("</"):
            out.append("}")
            depth = max(depth - 1, 0)
        elif piece.startswith("<span"):
            out.append("{")
            depth += 1
        else:
            out.append(protect(escape_latex(piece), marked=depth > 0))
    return "".join(out)


def _is_sentence_case(title: str) -> bool:
    """Whether a title is in sentence case: most words after the first start in lower case."""
    words = [
        w
        for w in re.findall(r"[^\W\d_][\w'’-]*", richtext.strip_tags(title))[1:]
        if w.lower() not in _STOP_WORDS
    ]
    if len(words) < 2:
        return False
    capitalised = sum(w[0].isupper() for w in words)
    return bool(capitalised / len(words) < 0.5)


def protect_title(title: str) -> Callable[..., str]:
    """A function that braces the words of `title` whose case BibTeX must keep: words with
    capitals inside (DNA, iPhone) always; in a sentence-case title also every capitalised
    word that does not open the title or a sentence within it (names: Britain, Freud); and a
    word in lower case that opens one ("p-hacking", "eLife"), which sentence casing would
    capitalise on reading, as biblatex and pandoc do."""
    sentence_case = _is_sentence_case(title)
    seen_word = [False]

    def protect(text: str, marked: bool = False) -> str:
        def word(m: re.Match[str]) -> str:
            w = m.group(0)
            before = text[: m.start()].rstrip()
            opens = not seen_word[0] or before.endswith((":", "?", "!", "."))
            seen_word[0] = True
            inner_caps = any(c.isupper() for c in w[1:])
            a_name = sentence_case and w[0].isupper() and not opens
            # (in a command's braces, \emph{e. coli}, the case is kept anyway)
            lower_opening = opens and w[0].islower() and not marked
            if inner_caps or a_name or lower_opening:
                return "{" + w + "}"
            return w

        return re.sub(r"[^\W_][\w'’.-]*", word, text)

    return protect


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _person(name: Any) -> Person | None:
    if isinstance(name, str):  # a name written as text: BibTeX's rules split it
        return parse_name(name) if scalar(name) else None
    if not isinstance(name, dict):
        return None
    if scalar(name.get("literal")):
        literal = scalar(name["literal"])
        return OTHERS if literal.casefold() == "others" else Person(literal=escape_latex(literal))
    if name.get("parse-names") not in (False, "false") and isinstance(name.get("family"), str):
        # A suffix written in the given name ("Martin Luther, Jr."), read apart as the
        # renderer reads it: written back whole, BibTeX would take "Martin Luther" for the Jr
        # part and "Jr." for the first name.
        name = given_suffix(name)
    particle = " ".join(
        scalar(name.get(p)) for p in ("dropping-particle", "non-dropping-particle")
    ).strip()
    family = escape_latex(scalar(name.get("family")))
    given = escape_latex(scalar(name.get("given")))
    if not family and not given:
        return None
    return Person(
        family=family or given,
        given=given if family else "",
        particle=escape_latex(particle),
        suffix=escape_latex(scalar(name.get("suffix"))),
    )


def names_of(value: Any) -> list[Person]:
    """The people of a CSL-JSON name variable, however it came: a list of names, a list with
    nulls or strings in it, or one string."""
    people = [_person(n) for n in (value if isinstance(value, list) else [value])]
    if isinstance(value, str):
        return [p for p in (parse_names(value) if scalar(value) else []) if p.family or p.literal]
    return [p for p in people if p is not None]


def _names(value: Any) -> str:
    return " and ".join(format_name(p) for p in names_of(value))


def _iso(parts: list[int]) -> str:
    """Date parts as ISO 8601: a year of four digits (``0999``, ``-0043``), as biblatex reads
    years, then two-digit months and days. ISO 8601 counts years astronomically: CSL's -44
    (44 BCE) is ``-0043``, its -1 (1 BCE) ``0000``."""
    astronomical = parts[0] + 1 if parts[0] < 0 else parts[0]
    year = f"{astronomical:05d}" if astronomical < 0 else f"{astronomical:04d}"
    if abs(astronomical) > 9999:
        year = f"Y{astronomical}"  # EDTF's letter before a longer year
    return "-".join([year, *(f"{n:02d}" for n in parts[1:])])


def _edtf(date: Any, parts: list[list[int]]) -> str:
    """A CSL date with a season or circa as biblatex's EDTF date: the season as month 21 to
    24 (``1999-22`` summer), circa as ``~`` on each end (``1999~``); "" for a date without."""
    if not parts or not isinstance(date, dict):
        return ""
    season = date.get("season")
    circa = date.get("circa") is True
    if not circa and not (isinstance(season, int) and 1 <= season <= 4 and len(parts[0]) == 1):
        return ""
    ends = [list(p) for p in parts]
    if isinstance(season, int) and 1 <= season <= 4 and len(ends[0]) == 1:
        ends[0].append(20 + season)
    return "/".join(_iso(p) + ("~" if circa else "") for p in ends)


def _year(item: CslItem) -> str:
    parts = date_parts(item.get("issued"))
    if parts:
        return str(parts[0][0])
    m = re.search(r"\d{4}", literal_date(item.get("issued")))
    return m.group(0) if m else ""


def make_key(item: CslItem, taken: Callable[[str], bool], pattern: str = "{author}{year}") -> str:
    """An unused author-year key: ``pearson2021``, then ``pearson2021a``, ``pearson2021b``."""
    people = [p for p in names_of(item.get("author") or item.get("editor")) if p is not OTHERS]
    first = people[0] if people else Person()
    author = latex_text(first.family or first.literal) or "anon"
    # The last word of the name's ASCII form; a name with none ("¡") is "anon".
    words = _ascii(author).lower().split()
    author = re.sub(r"[^a-z0-9]", "", words[-1] if words else "") or "anon"
    title_words = [
        w
        for w in re.findall(r"[a-z0-9]+", _ascii(scalar(item.get("title"))).lower())
        if w not in _STOP_WORDS
    ]
    base = pattern.format(
        author=author, year=_year(item) or "nd", title=title_words[0] if title_words else ""
    )
    if not taken(base):
        return base
    for i in range(1, 10_000):
        letters = ""
        n = i
        while n:
            n, rest = divmod(n - 1, 26)
            letters = chr(97 + rest) + letters
        if not taken(base + letters):
            return base + letters
    raise RuntimeError(f"no free key for {base}")


def to_reference(item: CslItem, key: str) -> Reference:
    """A CSL-JSON item as a BibTeX entry in our conventions. The item's own keys (its ``id``,
    ``citation-key``) that are not `key` are kept in biblatex's ``ids`` (key aliases) when
    they are valid keys; an id that is not (a Zotero item URI holding spaces, an injected
    entry) is not written."""
    csl_type = scalar(item.get("type"))
    entry_type = TYPES.get(csl_type, "misc")
    if csl_type == "article" and not item.get("container-title"):
        entry_type = "misc"  # a repository record (Zenodo, OSF): no journal to name
    if csl_type == "thesis" and "master" in scalar(item.get("genre")).lower():
        entry_type = "mastersthesis"
    fields: list[tuple[str, str]] = []

    def add(name: str, value: Any) -> None:
        text = scalar(value)
        if text:
            fields.append((name, text))

    def text(name: str) -> str:
        return escape_latex(scalar(item.get(name)))

    for variable, field_name in (
        ("author", "author"),
        ("editor", "editor"),
        ("translator", "translator"),
    ):
        add(field_name, _names(item.get(variable)))
    title = scalar(item.get("title"))
    if title:
        add("title", rich_text_to_latex(title, protect_title(title)))
    container = scalar(item.get("container-title"))
    if container:
        field = "journal" if entry_type == "article" else "booktitle"
        if entry_type in ("article",):
            add(field, rich_text_to_latex(container))
        else:
            add(field, rich_text_to_latex(container, protect_title(container)))
    if scalar(item.get("collection-title")):
        add("series", rich_text_to_latex(scalar(item["collection-title"])))
    issued = date_parts(item.get("issued"))
    qualified = _edtf(item.get("issued"), issued)
    if qualified:  # a season or circa: biblatex's date, in EDTF level 1 (manual §2.3.8)
        add("date", qualified)
    elif len(issued) == 2:  # a range: biblatex's date
        add("date", "/".join(_iso(p) for p in issued))
    elif issued:
        parts = issued[0]
        add("year", parts[0])
        if len(parts) > 1 and 1 <= parts[1] <= 12:
            add("month", parts[1])
            if len(parts) > 2 and 1 <= parts[2] <= 31:
                add("day", parts[2])
    elif literal_date(item.get("issued")):
        add("year", escape_latex(literal_date(item.get("issued"))))
    original = date_parts(item.get("original-date"))
    if original:
        add("origdate", _iso(original[0]))
    for source, target in (
        ("volume", "volume"),
        ("issue", "number"),
        ("edition", "edition"),
        ("chapter-number", "chapter"),
        ("version", "version"),
    ):
        add(target, text(source))
    if text("number") and "number" not in dict(fields):
        add("number", text("number"))
    elif text("collection-number") and "number" not in dict(fields):
        add("number", text("collection-number"))  # a book's series number
    if scalar(item.get("page")):
        add("pages", re.sub(r"\s*[-–—]+\s*", "--", escape_latex(scalar(item["page"]))))
    if scalar(item.get("publisher")):
        target = {
            "phdthesis": "school",
            "mastersthesis": "school",
            "techreport": "institution",
        }.get(entry_type, "publisher")
        add(target, text("publisher"))
    add("address", text("publisher-place"))
    if entry_type not in ("phdthesis", "mastersthesis"):
        add("type", text("genre"))
    add("isbn", item.get("ISBN"))
    add("issn", item.get("ISSN"))
    doi = normalize_doi(scalar(item.get("DOI")))
    add("doi", doi)
    if not doi:
        add("url", item.get("URL"))
    pmid = scalar(item.get("PMID")).strip()
    if pmid.isdigit():  # biblatex's eprint for PubMed (manual §3.14.7), read back as PMID
        add("eprint", pmid)
        add("eprinttype", "pubmed")
    if scalar(item.get("status")).strip():  # biblatex's key for its words, else the words
        add("pubstate", rich_text_to_latex(pubstate_key(scalar(item["status"]))))
    add("keywords", text("keyword"))
    note = scalar(item.get("note"))
    note = CITATION_KEY_NOTE.sub("", note).strip() if isinstance(item.get("note"), str) else ""
    add("note", escape_latex(note))
    aliases = [c for c in dict.fromkeys(key_candidates(item)) if c != key and is_valid_key(c)]
    add("ids", ", ".join(aliases))
    return Reference(key=key, entry_type=entry_type, fields=tuple(fields))
