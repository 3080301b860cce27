"""Reading one entry's fields as biblatex's data model types them: literal fields, literal
lists and name lists (biblatex manual §2.2.1, "Data Types"), and the entry ``options`` that
change how names are read (§3.1.3).
"""

from __future__ import annotations

from dataclasses import dataclass

from readinglist.bibtex import latex, names
from readinglist.csl.bib_types import ENGLISH, TITLE_FIELDS
from readinglist.csl.rich_text import plain_text, sentence_case, to_rich_text
from readinglist.model import MAX_FIELD_LENGTH, Person, Reference

# Fields that only biblatex defines. An entry holding one was written for biblatex (a biblatex
# library, Zotero's or JabRef's biblatex mode); one without is in classic BibTeX form.
BIBLATEX_ONLY = frozenset(
    {
        "date",
        "location",
        "journaltitle",
        "langid",
        "urldate",
        "eventdate",
        "origdate",
        "maintitle",
        "pagetotal",
        "volumes",
        "options",
        "xdata",
        "related",
    }
)


def _split_top(value: str) -> list[str]:
    """Split at ``and`` outside braces, as biber splits a list."""
    return [p for p in names.split_top(value, names.AND) if p.strip()]


def langid_of(reference: Reference) -> str:
    """The language an entry is written in, as biblatex decides its hyphenation and case:
    ``langid`` (or its old name ``hyphenation``), lower-cased; "" when it has none. biblatex's
    ``language`` field is the language of the work as printed ("in German"), which biblatex
    does not use for casing (manual §2.2.3 and §3.7, ``langid``); neither does pandoc."""
    return (reference.get("langid") or reference.get("hyphenation") or "").strip().lower()


def options_of(value: str) -> dict[str, str]:
    """biblatex's ``options`` field, ``key=value, key`` (a bare key is ``true``)."""
    out = {}
    for part in value.split(","):
        key, _, setting = part.partition("=")
        if key.strip():
            out[key.strip().lower()] = setting.strip().lower() or "true"
    return out


@dataclass(frozen=True)
class Fields:
    """The fields of one entry, read as text, rich text, titles, lists and names."""

    reference: Reference
    english: bool

    @classmethod
    def of(cls, reference: Reference) -> Fields:
        return cls(reference, langid_of(reference) in ENGLISH)

    def get(self, name: str) -> str | None:
        value = self.reference.get(name)
        # A field too long to be a reference's (a pasted document), or nesting braces or
        # commands past the LaTeX reader's depth, is not formatted; the library reports it
        # on its line when it loads. It stays in the .bib file untouched.
        if value is None or (len(value) <= MAX_FIELD_LENGTH and not latex.too_deep(value)):
            return value
        return None

    def text(self, name: str) -> str:
        return " ".join(latex.to_text(self.get(name) or "").split())

    def rich(self, name: str, cased: bool = True) -> str:
        """A field as CSL rich text; a title field of an English entry in sentence case
        (unless not `cased`: a journal's name is no title and keeps its case)."""
        runs = latex.parse(self.get(name) or "")
        if cased and self.english and name in TITLE_FIELDS:
            runs = sentence_case(runs)
        return to_rich_text(runs)

    @property
    def biblatex(self) -> bool:
        """Whether the entry is written for biblatex's data model (see BIBLATEX_ONLY)."""
        return any(name in BIBLATEX_ONLY for name, _ in self.reference.fields)

    def literal_list(self, name: str) -> list[str]:
        """A literal list (``location``, ``publisher``, ``institution``, ``organization``):
        its items, split at ``and`` when the entry is biblatex's; in classic BibTeX the value
        is one text, "and" included ("Chapman and Hall")."""
        value = self.get(name)
        if not value:
            return []
        parts = _split_top(value) if self.biblatex else [value]
        return [t for t in (" ".join(latex.to_text(p).split()) for p in parts) if t]

    def names(self, name: str) -> list[dict[str, str]]:
        """A name list as CSL names. With biblatex's ``useprefix`` option (§3.1.3) a name's
        prefix ("van", "de") is part of the family name as printed and sorted: CSL's
        non-dropping particle; otherwise it is a dropping particle."""
        useprefix = options_of(self.get("options") or "").get("useprefix") == "true"
        return [_person(p, useprefix) for p in names.parse_names_read(self.get(name) or "")]


def _person(person: Person, useprefix: bool) -> dict[str, str]:
    if person.literal:
        return {"literal": person.literal}
    out = {"family": person.family}
    if person.given:
        out["given"] = person.given
    if person.particle:
        if person.useprefix is not None:  # the name's own option (extended name format)
            useprefix = person.useprefix
        out["non-dropping-particle" if useprefix else "dropping-particle"] = person.particle
    if person.suffix:
        out["suffix"] = person.suffix
    return out


def joined(parts: list[str], separator: str) -> str:
    """Parts joined by ``separator`` and a space; only a space after a part that ends in
    punctuation ("Proceedings?" "Part 2", not "Proceedings?. Part 2")."""
    out = ""
    for part in (p for p in parts if p):
        if not out:
            out = part
        elif plain_text(out)[-1:] in tuple("!?.,:;"):
            out = f"{out} {part}"
        else:
            out = f"{out}{separator} {part}"
    return out
