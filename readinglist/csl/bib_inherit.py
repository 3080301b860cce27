"""What an entry takes from others: biblatex's ``crossref`` and ``xdata``.

``crossref`` (biblatex manual §2.4.1, "Cross-referencing", and Appendix B, "Default Inheritance
Setup"): the child takes each field of its parent that it lacks, some under another name: a
volume's parent title is its ``maintitle``, a chapter's parent title its ``booktitle``, and the
author of the book a chapter is in is also its ``bookauthor``.

``xdata`` (§3.13.6, "Data Containers"): the entry takes each field of the named ``@xdata``
entries that it lacks, under the same name.

A parent may itself have a parent; a chain that comes back to an entry is followed once.
"""

from __future__ import annotations

from collections.abc import Callable

from readinglist.model import Reference

# Never inherited, from any parent (Appendix B, "* → *").
_NEVER = frozenset(
    {
        "ids",
        "crossref",
        "xref",
        "xdata",
        "entryset",
        "entrysubtype",
        "execute",
        "label",
        "options",
        "presort",
        "related",
        "relatedoptions",
        "relatedstring",
        "relatedtype",
        "shorthand",
        "shorthandintro",
        "sortkey",
        "key",
    }
)
Renames = dict[str, tuple[str, ...]]
_NOT_TITLES: Renames = {"shorttitle": (), "sorttitle": (), "indextitle": (), "indexsorttitle": ()}
# The parent's titles as the child's main title, book title or journal title.
_AS_MAIN = (
    {"title": ("maintitle",), "subtitle": ("mainsubtitle",)}
    | {"titleaddon": ("maintitleaddon",)}
    | _NOT_TITLES
)
_AS_BOOK = (
    {"title": ("booktitle",), "subtitle": ("booksubtitle",)}
    | {"titleaddon": ("booktitleaddon",)}
    | _NOT_TITLES
)
_AS_JOURNAL = {"title": ("journaltitle",), "subtitle": ("journalsubtitle",)} | _NOT_TITLES
_AUTHOR: Renames = {"author": ("author", "bookauthor")}

# (parent types, child types) -> renamed fields; a field not named keeps its name.
_RULES: tuple[tuple[frozenset[str], frozenset[str], Renames], ...] = (
    (
        frozenset({"mvbook"}),
        frozenset({"inbook", "bookinbook", "suppbook"}),
        _AS_MAIN | _AUTHOR,
    ),
    (frozenset({"mvbook"}), frozenset({"book"}), _AS_MAIN),
    (
        frozenset({"mvcollection", "mvreference"}),
        frozenset({"collection", "reference", "incollection", "inreference", "suppcollection"}),
        _AS_MAIN,
    ),
    (frozenset({"mvproceedings"}), frozenset({"proceedings", "inproceedings"}), _AS_MAIN),
    (frozenset({"book"}), frozenset({"inbook", "bookinbook", "suppbook"}), _AS_BOOK | _AUTHOR),
    (
        frozenset({"collection", "reference"}),
        frozenset({"incollection", "inreference", "suppcollection"}),
        _AS_BOOK,
    ),
    (frozenset({"proceedings"}), frozenset({"inproceedings", "conference"}), _AS_BOOK),
    (frozenset({"periodical"}), frozenset({"article", "suppperiodical"}), _AS_JOURNAL),
)
# Types whose parent's title is their book's, whatever the parent's type (a classic BibTeX
# file's crossref from @incollection to a @book, or to an entry of a type biblatex lacks).
_IN_BOOK = frozenset(
    {"inbook", "incollection", "inproceedings", "conference", "inreference", "bookinbook"}
    | {"suppbook", "suppcollection"}
)


def _renames(parent_type: str, child_type: str) -> Renames:
    for parents, children, renames in _RULES:
        if parent_type in parents and child_type in children:
            return renames
    return _AS_BOOK if child_type in _IN_BOOK else {}


def _take(
    reference: Reference, source: Reference, renames: dict[str, tuple[str, ...]]
) -> Reference:
    fields = list(reference.fields)
    have = {k for k, _ in fields}
    for name, value in source.fields:
        if name in _NEVER:
            continue
        for target in renames.get(name, (name,)):
            if target not in have:
                fields.append((target, value))
                have.add(target)
    return reference._replace(fields=tuple(fields))


def inherit(reference: Reference, parent: Reference) -> Reference:
    """The entry with the fields it takes from its ``crossref`` parent."""
    child = reference._replace(fields=tuple(f for f in reference.fields if f[0] != "crossref"))
    return _take(child, parent, _renames(parent.entry_type, reference.entry_type))


def resolve(
    reference: Reference,
    lookup: Callable[[str], Reference | None],
    seen: frozenset[str] = frozenset(),
) -> Reference:
    """The entry with what it takes from its ``xdata`` entries and its ``crossref`` parent,
    each of those resolved first. `lookup` finds entries by key."""
    seen = seen | {reference.key.casefold()}
    for key in (reference.get("xdata") or "").split(","):
        source = lookup(key.strip()) if key.strip() else None
        if source is not None and source.key.casefold() not in seen:
            reference = _take(reference, resolve(source, lookup, seen), {})
    parent_key = (reference.get("crossref") or "").strip()
    parent = lookup(parent_key) if parent_key else None
    if parent is not None and parent.key.casefold() not in seen:
        reference = inherit(reference, resolve(parent, lookup, seen))
    return reference
