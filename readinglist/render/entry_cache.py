"""Rendered bibliography entries kept one by one, so that editing one entry of a list renders
that entry (and those its edit changes) again, not the list.

The list is still registered, sorted and disambiguated as a whole (an edit may move an entry,
or change another's year suffix or the names its citation needs); only the drawing of each
entry, most of a rendering's time, is looked up first. An entry's rendering depends on its
item and on what the list decided for it, and on nothing else once the style, locale and code
are fixed: its citation number (in a style that shows one), its year suffix, the names and
given names disambiguation shows, and what the entry before it printed for its names
(subsequent-author-substitute). All of those are in its key. A style whose bibliography
(its layout, its sort, the macros they call) tests `disambiguate` or a cite's `position` is
not cached entry by entry (what those tests see is not in the key).

The entries of one style, locale and code version are kept in one file of the render cache,
read once per rendering.
"""

from __future__ import annotations

import marshal
from collections.abc import Hashable
from typing import Any

from readinglist.digest import hasher
from readinglist.render import engine

# Kept per file: the entries of the renderings made with it, up to this many.
LIMIT = 50_000


class EntryCache:
    """The rendered entries of one style, locale and code version."""

    def __init__(self, key: str, numbered: bool = True) -> None:
        self.key = key
        # Whether the style shows citation numbers: an entry's number is part of its key
        # only then (inserting an entry renumbers those after it).
        self.numbered = numbered
        found = engine.cache_load(key) if key else None
        self.kept: dict[str, list[str | None]] = found if isinstance(found, dict) else {}
        self.used: dict[str, list[str | None]] = {}

    def entry_key(self, item: Any, previous_names: str | None, shown: Hashable) -> str:
        """The key of a bibliography item (a citeproc-py cite, registered, sorted and
        disambiguated) rendered after an entry whose names printed `previous_names`."""
        reference = item.reference
        wholes = tuple(
            (variable, tuple(i for i, n in enumerate(names) if _whole(n.get("given"))))
            for variable, names in sorted(reference.items())
            if isinstance(names, list) and names and hasattr(names[0], "get")
        )
        state = (
            getattr(item, "number", None) if self.numbered else None,
            str(reference.get("year_suffix") or ""),
            shown,
            wholes,
            previous_names,
        )
        digest = hasher(reference.content())
        digest.update(reference.key.encode())
        digest.update(marshal.dumps(_plain(state), 0))
        return digest.hexdigest()

    def get(self, key: str) -> list[str | None] | None:
        found = self.kept.get(key)
        if isinstance(found, list) and len(found) == 3:
            self.used[key] = found
            return found
        return None

    def put(self, key: str, html: str, text: str, previous_names: str | None) -> None:
        self.used[key] = [html, text, previous_names]

    def save(self) -> None:
        """Keep this rendering's entries (and, up to the limit, the others' before)."""
        if not self.key or self.used.keys() <= self.kept.keys():
            return
        kept = dict(self.kept) if len(self.kept) + len(self.used) <= LIMIT else {}
        kept.update(self.used)
        engine.cache_store(self.key, kept)


def bibliography_elements(root: Any, area: str = "bibliography") -> list[Any]:
    """The elements a style's cs:bibliography (or other `area`: "citation") reaches: its own,
    and those of the macros it calls, directly or through other macros."""
    namespace = {"cs": "http://purl.org/net/xbiblio/csl"}
    macros = {m.get("name"): m for m in root.findall("cs:macro", namespace)}
    found: list[Any] = []
    seen: set[str] = set()
    todo = root.findall(f"cs:{area}", namespace)
    while todo:
        for element in todo.pop().iter():
            if not isinstance(element.tag, str):
                continue
            found.append(element)
            macro = element.get("macro")
            if macro and macro not in seen and macro in macros:
                seen.add(macro)
                todo.append(macros[macro])
    return found


def _whole(given: Any) -> bool:
    from readinglist.render.fixes.names import WholeGiven

    return isinstance(given, WholeGiven)


def _plain(value: Any) -> Any:
    """`value` in the types marshal takes (anything else by its text)."""
    if value is None or isinstance(value, (bool, int, float, str, bytes)):
        return value
    if isinstance(value, (tuple, list)):
        return tuple(_plain(v) for v in value)
    return str(value)
