"""Options of cs:bibliography: CSL 1.0.2, "Reference Grouping".

`subsequent-author-substitute`: when the first cs:names of an entry prints the same as the
first cs:names of the entry before it, it prints the option's text instead ("———" or nothing).
Stock citeproc-py ignores the option. With `subsequent-author-substitute-rule`
"complete-all" (the default) and the others alike, the whole name list of that cs:names (its
substitute included: a title standing in for the author counts) is replaced; the names are
compared without their label ("ed."), which stays (as citeproc-js does: "--- ed."), and without
"et al.": "complete-all" asks whether "all rendered names" match, and "et al." is a term.

A macro sort key leaves "et al." out too (CSL 1.0.2, "Sorting": "the "et-al" and "and others"
terms are excluded from the sort key values").
"""

from __future__ import annotations

import copy
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


class CiteBoundaries(Element):
    """cs:layout of cs:citation: each cite starts afresh (its year suffix still to print)."""

    def render_children(self, item: Any, *args: Any, **kwargs: Any) -> Any:
        parent = self.getparent()
        if not isinstance(parent, model.Citation):
            return super().render_children(item, *args, **kwargs)  # type: ignore[misc]
        state = current()
        outer, state.cite = state.cite, {}
        try:
            return super().render_children(item, *args, **kwargs)  # type: ignore[misc]
        finally:
            state.cite = outer


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
        state = current()
        entry = state.entry
        if entry is None or entry["names"] or entry.get("open") or kwargs.get("sort_options"):
            return super().render(*args, **kwargs)  # type: ignore[misc]
        substitute = self.answer("subsequent-author-substitute", self._substitute)
        if substitute is None:
            return super().render(*args, **kwargs)  # type: ignore[misc]
        # A cs:names this one's cs:substitute reaches through a macro (<text macro="editor"/>)
        # stands in for it: it is not the entry's first cs:names, this one is.
        entry["open"] = True
        try:
            return self._render_first(substitute, entry, *args, **kwargs)
        finally:
            entry["open"] = False

    def _render_first(
        self, substitute: str, entry: dict[str, Any], *args: Any, **kwargs: Any
    ) -> Any:
        state = current()
        context = kwargs.get("context", args[1] if len(args) > 1 else None)
        layout = (context if context is not None else self).get_layout()
        before = copy.deepcopy(layout.__dict__.get("repressed"))
        text = super().render(*args, **kwargs)  # type: ignore[misc]
        if not text:
            return text
        entry["names"] = True
        # The names alone, rendered from the entry's state before this cs:names (the
        # variables cs:substitute used), which is then put back as it was after: no label
        # and no "et al." (CSL 1.0.2, "complete-all": "all rendered names" match, and the
        # whole list, "et al" included, is replaced), as citeproc-js compares them.
        after = layout.__dict__.get("repressed")
        layout.repressed = copy.deepcopy(before) if before is not None else {}
        state.labels_off = state.et_al_off = True
        try:
            bare = super().render(*args, **kwargs)  # type: ignore[misc]
        finally:
            state.labels_off = state.et_al_off = False
            layout.repressed = after if after is not None else {}
        printed = str(bare or "")
        previous, state.previous_names = state.previous_names, printed
        if printed != previous:
            return text
        if self.find("cs:label", self.nsmap) is None:
            return String(substitute)
        # The label stays ("--- ed."): the name list, "et al." included, is what goes.
        layout.repressed = copy.deepcopy(before) if before is not None else {}
        state.labels_off = True
        try:
            listed = str(super().render(*args, **kwargs) or "")  # type: ignore[misc]
        finally:
            state.labels_off = False
            layout.repressed = after if after is not None else {}
        return String(str(text).replace(listed, substitute, 1))


class NameLabelsOff(Element):
    """cs:label in cs:names, left out where a name list is compared alone: in a sort key
    (CSL 1.0.2, "Sorting": a name sort key is the list of names; citeproc-js drops the label,
    so "Doe, John, ed." sorts with "Doe, John") and for subsequent-author-substitute."""

    def render(self, *args: Any, **kwargs: Any) -> Any:
        state = current()
        if state.labels_off or state.sorting or kwargs.get("sort_options"):
            parent = self.getparent()
            if isinstance(parent, model.Names):
                return None
        return super().render(*args, **kwargs)  # type: ignore[misc]


class EtAlOff(Element):
    """cs:name: no "et al." where the name list is compared alone."""

    def et_al(self) -> Any:
        state = current()
        if state.et_al_off or state.sorting:
            return None
        return super().et_al()  # type: ignore[misc]


# citeproc-js's placeholder for an entry of a numeric style that prints nothing.
NO_PRINTED_FORM = "[CSL STYLE ERROR: reference with no printed form.]"


def numbered(root: Any) -> bool:
    """Whether the style's citations print the citation-number, directly or through a macro
    (citeproc-js's "numeric" update mode: the bibliography's numbers are the citations'); a
    sort key on it prints nothing."""
    from readinglist.render.entry_cache import bibliography_elements

    return any(
        e.get("variable") == "citation-number" and str(e.tag).endswith(("}text", "}number"))
        for e in bibliography_elements(root, "citation")
    )


def no_printed_form(root: Any, position: int) -> str:
    """The HTML of the `position`-th entry (from 1) when the style prints nothing for it.

    CSL 1.0.2 leaves such an entry open; citeproc-js leaves it out of the bibliography,
    except in a numeric style, whose citations already point at its number: the entry keeps
    its place as "2. [CSL STYLE ERROR: reference with no printed form.]", so that the
    numbers after it still match the citations'. Either way the caller is told (the entry's
    error) and names it.
    """
    return f"{position}. {NO_PRINTED_FORM}" if numbered(root) else ""


MIXINS: tuple[tuple[Any, type], ...] = (
    (model.Layout, EntryBoundaries),
    (model.Layout, CiteBoundaries),
    (model.Name, EtAlOff),
    (model.Names, SubsequentAuthorSubstitute),
    (model.Label, NameLabelsOff),
)
