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
from collections.abc import Callable, Iterable
from typing import Any

from readinglist import richtext
from readinglist.bibtex.names import format_name
from readinglist.csl.from_bibtex import TITLE_STOP_WORDS, CslItem
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


def rich_text_to_latex(value: str, protect: Callable[[str], str] = lambda s: s) -> str:
    """CSL rich text -> BibTeX value: tags to LaTeX commands, text escaped and protected."""
    out = []
    for piece in _MARKUP.split(value):
        if piece in _MARKUP_TO_LATEX:
            out.append(_MARKUP_TO_LATEX[piece])
        elif piece.startswith("</"):
            out.append("}")
        elif piece.startswith("<span"):
            out.append("{")
        else:
            out.append(protect(escape_latex(piece)))
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


def protect_title(title: str) -> Callable[[str], str]:
    """A function that braces the words of `title` whose case BibTeX must keep: words with
    capitals inside (DNA, iPhone) always; in a sentence-case title also every capitalised
    word that does not open the title or a sentence within it (names: Britain, Freud)."""
    sentence_case = _is_sentence_case(title)
    seen_word = [False]

    def protect(text: str) -> str:
        def word(m: re.Match[str]) -> str:
            w = m.group(0)
            before = text[: m.start()].rstrip()
            opens = not seen_word[0] or before.endswith((":", "?", "!", "."))
            seen_word[0] = True
            inner_caps = any(c.isupper() for c in w[1:])
            if inner_caps or (sentence_case and w[0].isupper() and not opens):
                return "{" + w + "}"
            return w

        return re.sub(r"[^\W_][\w'’.-]*", word, text)

    return protect


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _person(name: dict[str, Any]) -> Person:
    if "literal" in name:
        return Person(literal=escape_latex(str(name["literal"])))
    particle = " ".join(
        str(name.get(p, "")) for p in ("dropping-particle", "non-dropping-particle")
    ).strip()
    return Person(
        family=escape_latex(str(name.get("family", ""))),
        given=escape_latex(str(name.get("given", ""))),
        particle=particle,
        suffix=escape_latex(str(name.get("suffix", ""))),
    )


def _names(value: Iterable[dict[str, Any]]) -> str:
    return " and ".join(format_name(_person(n)) for n in value)


def _year(item: CslItem) -> str:
    parts = (item.get("issued") or {}).get("date-parts") or []
    return str(parts[0][0]) if parts and parts[0] else ""


def make_key(item: CslItem, taken: Callable[[str], bool], pattern: str = "{author}{year}") -> str:
    """An unused author-year key: ``pearson2021``, then ``pearson2021a``, ``pearson2021b``."""
    names = item.get("author") or item.get("editor") or []
    first = names[0] if names else {}
    author = str(first.get("family") or first.get("literal") or "anon")
    author = (
        re.sub(r"[^a-z0-9]", "", _ascii(author).lower().split()[-1] if author.split() else "")
        or "anon"
    )
    title_words = [
        w
        for w in re.findall(r"[a-z0-9]+", _ascii(str(item.get("title", ""))).lower())
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
    """A CSL-JSON item as a BibTeX entry in our conventions."""
    csl_type = str(item.get("type", ""))
    entry_type = TYPES.get(csl_type, "misc")
    if csl_type == "article" and not item.get("container-title"):
        entry_type = "misc"  # a repository record (Zenodo, OSF): no journal to name
    if csl_type == "thesis" and "master" in str(item.get("genre", "")).lower():
        entry_type = "mastersthesis"
    fields: list[tuple[str, str]] = []

    def add(name: str, value: Any) -> None:
        if isinstance(value, list):  # registries send ISSN and ISBN as lists
            value = value[0] if value else ""
        if value not in (None, ""):
            fields.append((name, str(value)))

    if item.get("author"):
        add("author", _names(item["author"]))
    if item.get("editor"):
        add("editor", _names(item["editor"]))
    if item.get("translator"):
        add("translator", _names(item["translator"]))
    title = str(item.get("title", ""))
    if title:
        add("title", rich_text_to_latex(title, protect_title(title)))
    container = str(item.get("container-title", ""))
    if container:
        field = "journal" if entry_type == "article" else "booktitle"
        if entry_type in ("article",):
            add(field, rich_text_to_latex(container, lambda s: s))
        else:
            add(field, rich_text_to_latex(container, protect_title(container)))
    if item.get("collection-title"):
        add("series", rich_text_to_latex(str(item["collection-title"])))
    parts = ((item.get("issued") or {}).get("date-parts") or [[]])[0]
    if parts:
        add("year", parts[0])
        if len(parts) > 1:
            add("month", parts[1])
    for source, target in (
        ("volume", "volume"),
        ("issue", "number"),
        ("edition", "edition"),
        ("chapter-number", "chapter"),
        ("version", "version"),
    ):
        add(target, escape_latex(str(item.get(source, ""))))
    if item.get("number") and "number" not in dict(fields):
        add("number", escape_latex(str(item["number"])))
    elif item.get("collection-number") and "number" not in dict(fields):
        add("number", escape_latex(str(item["collection-number"])))  # a book's series number
    if item.get("page"):
        add("pages", re.sub(r"\s*[-–—]+\s*", "--", str(item["page"])))
    if item.get("publisher"):
        target = {
            "phdthesis": "school",
            "mastersthesis": "school",
            "techreport": "institution",
        }.get(entry_type, "publisher")
        add(target, escape_latex(str(item["publisher"])))
    if item.get("publisher-place"):
        add("address", escape_latex(str(item["publisher-place"])))
    if item.get("genre") and entry_type not in ("phdthesis", "mastersthesis"):
        add("type", escape_latex(str(item["genre"])))
    add("isbn", item.get("ISBN", ""))
    add("issn", item.get("ISSN", ""))
    add("doi", item.get("DOI", ""))
    if item.get("URL") and not item.get("DOI"):
        add("url", item["URL"])
    if item.get("status"):
        add("pubstate", str(item["status"]).replace(" ", ""))
    return Reference(key=key, entry_type=entry_type, fields=tuple(fields))
