"""Options of cs:bibliography: CSL 1.0.2, "Reference Grouping".

`subsequent-author-substitute`: when the first cs:names of an entry prints the same as the
first cs:names of the entry before it, it prints the option's text instead ("———" or nothing).
Stock citeproc-py ignores the option. With `subsequent-author-substitute-rule`
"complete-all" (the default) and the others alike, the whole output of that cs:names (its
substitute included: a title standing in for the author counts) is replaced.
"""

from __future__ import annotations

import html
from typing import Any

from citeproc import model
from citeproc.string import String

from readinglist.render.fixes.base import Element, current


class EntryBoundaries(Element):
    """cs:layout: each bibliography entry starts afresh (its first cs:names is still to come)."""

    def render_bibliography(self, citation_items: Any) -> Any:
        state = current()
        output = []
        for item in citation_items:
            state.entry = {"names": False}
            try:
                output.extend(super().render_bibliography([item]))  # type: ignore[misc]
            finally:
                if not state.entry["names"]:
                    state.previous_names = None
                state.entry = None
        return output


class SubsequentAuthorSubstitute(Element):
    """cs:names: the first one of an entry, outside cs:substitute, may be replaced."""

    def _substitute(self) -> str | None:
        if self.xpath_search("./ancestor::cs:substitute"):
            return None  # a cs:names standing in for another: the outer one decides
        bibliography = self.get_root().bibliography
        value = (
            bibliography.get("subsequent-author-substitute") if bibliography is not None else None
        )
        return None if value is None else html.escape(str(value), quote=False)

    def render(self, *args: Any, **kwargs: Any) -> Any:
        text = super().render(*args, **kwargs)  # type: ignore[misc]
        state = current()
        entry = state.entry
        if entry is None or entry["names"] or not text or kwargs.get("sort_options"):
            return text
        substitute = self.answer("subsequent-author-substitute", self._substitute)
        if substitute is None:
            return text
        entry["names"] = True
        printed = str(text)
        previous, state.previous_names = state.previous_names, printed
        return String(substitute) if printed == previous else text


MIXINS: tuple[tuple[Any, type], ...] = (
    (model.Layout, EntryBoundaries),
    (model.Names, SubsequentAuthorSubstitute),
)
