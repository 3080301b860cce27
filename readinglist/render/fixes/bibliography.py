"""Options of cs:bibliography: CSL 1.0.2, "Reference Grouping".

`subsequent-author-substitute`: when the first cs:names of an entry prints the same as the
first cs:names of the entry before it, it prints the option's text instead ("———" or nothing),
provided that the names open the entry (no variable printed before them: a title first, "B
book by Yihui Xie", keeps its names, as both reference processors print it). Stock
citeproc-py ignores the option. `subsequent-author-substitute-rule`:

- "complete-all" (the default): when all rendered names match, the whole name list of that
  cs:names (its substitute included: a title standing in for the author counts) is replaced;
  the names are compared without their label ("ed."), which stays (as citeproc-js does: "---
  ed."), and without "et al.": "all rendered names" match, and "et al." is a term.
- "complete-each": the same complete match, but the text replaces each rendered name
  ("———, ———, and others").
- "partial-each": the names that match those of the entry before, from the first name up to
  the first that does not, are each replaced ("———, and Elena Kulinskaya" after an entry by
  "Bakbergenuly, Ilyas, and Alan Jones").
- "partial-first": as partial-each, the first name only.

Names are compared as rendered, each at its place in the list (the first may be inverted);
two lists of the same people, part for part, match however each entry's cs:name prints them.
A cs:names whose substitute printed no names (a title) is compared as a whole, for every rule;
one whose substitute printed a term or value ("Anon") is never replaced, nor matched by the next.

A macro sort key leaves "et al." out too (CSL 1.0.2, "Sorting": "the "et-al" and "and others"
terms are excluded from the sort key values").
"""

from __future__ import annotations

import copy
import html
import json
import re
from typing import Any

from citeproc import model
from citeproc.source import Name, VariableError
from citeproc.string import String

from readinglist.render.fixes.base import Element, current
from readinglist.render.fixes.names import WholeGiven
from readinglist.render.fixes.punctuation import affix
from readinglist.render.reference import Others

# A name that renders as this mark stands for the substitute text (partial rules), and one
# that renders as the other for "no name" (to tell whether a name was shown at all).
_SUBSTITUTED = "\x1a"
_BLANK = "\x1b"
# A name printed as marks: given and family, and what stands between them ("x, x", "x x").
_MARKED_NAME = re.compile(f"{_SUBSTITUTED}[^{_SUBSTITUTED}]{{0,80}}?{_SUBSTITUTED}")
# Between the printed names and the name data of the previous entry in `previous_names`.
_NAMES = "\x1f"


def _printed(state: Any) -> int:
    """How many variables the rendering has printed, the entries' numbers and labels aside,
    and the macros that printed nothing (they count as printed for their groups only)."""
    return int(state.variables_printed - state.labels_printed - state.silent_macros)


class EntryBoundaries(Element):
    """cs:layout: each bibliography entry starts afresh (its first cs:names is still to come)."""

    def render_bibliography(self, citation_items: Any) -> Any:
        state = current()
        output = []
        for item in citation_items:
            state.entry = {"names": False, "printed": _printed(state)}
            state.names_output = ""
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

    def _rule(self) -> str:
        bibliography = self.get_root().bibliography
        rule = (
            bibliography.get("subsequent-author-substitute-rule")
            if bibliography is not None
            else None
        )
        return str(rule or "complete-all")

    def render(self, *args: Any, **kwargs: Any) -> Any:
        state = current()
        entry = state.entry
        if entry is None or entry["names"] or entry.get("open") or kwargs.get("sort_options"):
            return super().render(*args, **kwargs)  # type: ignore[misc]
        substitute = self.answer("subsequent-author-substitute", self._substitute)
        if substitute is None:
            return super().render(*args, **kwargs)  # type: ignore[misc]
        if _printed(state) > entry["printed"]:
            # A variable printed before it: these names do not open the entry, and neither
            # they nor the next entry's are replaced ("B book by Yihui Xie" after "A book by
            # Yihui Xie"), as citeproc-js prints them (pandoc agrees on the first). The
            # entry's number is no text of its own: "10) ---." stays.
            entry["names"] = True
            state.previous_names = None
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
        rule = self.answer("subsequent-author-substitute-rule", self._rule)
        context = kwargs.get("context", args[1] if len(args) > 1 else None)
        layout = (context if context is not None else self).get_layout()
        before = copy.deepcopy(layout.__dict__.get("repressed"))
        state.name_swap = {"mode": "record"}
        state.substitute_terms = False
        try:
            text = super().render(*args, **kwargs)  # type: ignore[misc]
        finally:
            swap, state.name_swap = state.name_swap, None
        if not text:
            return text
        entry["names"] = True
        if state.substitute_terms:
            # A term or value printed in place of the names ("Anon"): the option replaces
            # names, and there are none, here or for the next entry to match (an entry by
            # "Anon" after another prints "Anon"), as citeproc-js has it.
            state.previous_names = None
            return text
        # The names alone, rendered from the entry's state before this cs:names (the
        # variables cs:substitute used), which is then put back as it was after: no label
        # and no "et al." (CSL 1.0.2, "complete-all": "all rendered names" match, and the
        # whole list, "et al" included, is replaced), as citeproc-js compares them.
        after = layout.__dict__.get("repressed")
        layout.repressed = copy.deepcopy(before) if before is not None else {}
        state.labels_off = state.et_al_off = state.whole_off = True
        try:
            bare = super().render(*args, **kwargs)  # type: ignore[misc]
        finally:
            state.labels_off = state.et_al_off = state.whole_off = False
            layout.repressed = after if after is not None else {}
        printed = str(bare or "")
        return self._by_name(args, kwargs, text, printed, swap, substitute, rule, before)

    def _whole_list(self, args: Any, kwargs: Any, text: Any, substitute: str, before: Any) -> Any:
        """The substitute in place of the whole name list (a label stays: "--- ed."); the
        cs:names' own prefix and suffix stay too ("———." for paleobiology's suffix ".", as
        both reference processors print it)."""
        if self.find("cs:label", self.nsmap) is None and self.substitute() is None:
            return String(affix(self, "prefix") + substitute + affix(self, "suffix"))
        # The label stays ("--- ed."), its own or that of the names a cs:substitute printed
        # (the-economic-history-review's editor macro: "———, eds.", as both reference
        # processors print it): the name list, "et al." included, is what goes.
        context = kwargs.get("context", args[1] if len(args) > 1 else None)
        layout = (context if context is not None else self).get_layout()
        after = layout.__dict__.get("repressed")
        layout.repressed = copy.deepcopy(before) if before is not None else {}
        state = current()
        state.labels_off = True
        try:
            listed = str(super().render(*args, **kwargs) or "")  # type: ignore[misc]
        finally:
            state.labels_off = False
            layout.repressed = after if after is not None else {}
        # The names alone go: the cs:names' own affixes stay, as without a label
        # (vita-latina-auteurs-anciens' suffix ", ": "— , Title", as both processors print it).
        prefix, suffix = affix(self, "prefix"), affix(self, "suffix")
        if prefix and listed.startswith(prefix):
            listed = listed[len(prefix) :]
        if suffix and listed.endswith(suffix):
            listed = listed[: len(listed) - len(suffix)]
        if not listed:
            return text
        return String(str(text).replace(listed, substitute, 1))

    def _by_name(
        self,
        args: Any,
        kwargs: Any,
        text: Any,
        printed: str,
        swap: dict[str, Any] | None,
        substitute: str,
        rule: str,
        before: Any,
    ) -> Any:
        """The names replaced as `rule` says: the whole list (complete-all), each name of a
        complete match (complete-each), each matching name from the first (partial-each) or
        the first (partial-first)."""
        state = current()
        found = swap.get("found") if swap else None
        names = NameListSwap.reference_names(found[1]) if found else []
        previous_printed, previous_names = _decoded(state.previous_names)
        state.previous_names = _encoded(printed, names)
        if found is None:  # no names printed (a title stood in): compared as a whole
            if printed != previous_printed:
                return text
            return self._whole_list(args, kwargs, text, substitute, before)
        if (
            rule.startswith("complete")
            and printed != previous_printed
            and not _same_people(names, previous_names)
        ):
            return text
        first_only = rule == "partial-first"
        count, complete = found[0].matching(found[1], names, previous_names, first_only)
        if rule.startswith("complete"):
            if not complete:
                return text
            if rule == "complete-all":
                return self._whole_list(args, kwargs, text, substitute, before)
            count = len(names)
        if not count:
            return text
        context = kwargs.get("context", args[1] if len(args) > 1 else None)
        layout = (context if context is not None else self).get_layout()
        after = layout.__dict__.get("repressed")
        layout.repressed = copy.deepcopy(before) if before is not None else {}
        state.name_swap = {"mode": "replace", "count": count}
        try:
            replaced = super().render(*args, **kwargs)  # type: ignore[misc]
        finally:
            state.name_swap = None
            layout.repressed = after if after is not None else {}
        marked = _MARKED_NAME.sub(substitute.replace("\\", "\\\\"), str(replaced or text))
        return String(marked)


def _full(name: Any) -> tuple[str, ...]:
    """A name in full, its parts as written (a family name alone reads as the same literal
    name: "Beijing Zoo", as in the CSL test suite's sort_ChicagoYearSuffix1)."""
    return tuple(str(part or "") for part in name.parts())


def _same_people(names: list[Any], previous: list[Any]) -> bool:
    """Whether two name lists name the same people, part for part: then they match however
    each entry's cs:name prints them (an author list with initialize-with="" before the
    same person as editor, through a macro whose cs:name keeps "Anthony G."), as citeproc-js
    compares the names' parts, not their printed form."""
    return (
        bool(names)
        and len(names) == len(previous)
        and all(
            isinstance(a, Others) == isinstance(b, Others) and _full(a) == _full(b)
            for a, b in zip(names, previous, strict=True)
        )
    )


def _encoded(printed: str, names: list[Any]) -> str:
    """The printed names and the names' data (a given name kept whole marked as such, and
    the given name disambiguation shows: a name compared with the next entry's prints as
    it printed here)."""
    givens = current().givens
    data = [
        [
            "others" if isinstance(n, Others) else "name",
            dict(n),
            [k for k, v in n.items() if isinstance(v, WholeGiven)],
            givens[id(n)][1] if id(n) in givens and givens[id(n)][0] is n else None,
        ]
        for n in names
    ]
    return printed + _NAMES + json.dumps(data)


def _decoded(previous: str | None) -> tuple[str | None, list[Any]]:
    if previous is None or _NAMES not in previous:
        return previous, []
    printed, _, data = previous.partition(_NAMES)
    names = []
    givens = current().givens
    try:
        for kind, fields, whole, shown in json.loads(data):
            fields.update({k: WholeGiven(fields[k]) for k in whole})
            name = (Others if kind == "others" else Name)(**fields)
            names.append(name)
            if shown:
                givens[id(name)] = (name, shown)
    except (TypeError, ValueError, KeyError):
        names = []
    return printed, names


class NameListSwap(Element):
    """cs:name, for subsequent-author-substitute-rule other than complete-all: the first
    cs:name of an entry notes what it renders, and prints the matching names as a mark that
    the cs:names replaces by the substitute text."""

    def process(self, item: Any, variable: Any, *args: Any, **kwargs: Any) -> Any:
        swap = current().name_swap
        if swap is None or swap.get("done") or kwargs.get("sort_options"):
            return super().process(item, variable, *args, **kwargs)  # type: ignore[misc]
        swap["done"] = True
        if swap["mode"] == "record":
            swap["found"] = (self, (item, variable, args, kwargs))
            return super().process(item, variable, *args, **kwargs)  # type: ignore[misc]
        names = list(item.reference.get(variable, []))
        count = swap["count"]
        # Given and family: the mark reads as a personal name (inverted or not, which decides
        # delimiter-precedes-et-al "after-inverted-name"), printed as two marks.
        mark = Name(family=_SUBSTITUTED, given=_SUBSTITUTED)
        marked = [mark] * min(count, len(names)) + names[count:]
        return self._with_names(marked, item, variable, args, kwargs)

    @staticmethod
    def reference_names(call: tuple[Any, ...]) -> list[Any]:
        item, variable, _, _ = call
        return list(item.reference.get(variable, []))

    def _with_names(
        self, names: list[Any], item: Any, variable: Any, args: Any, kwargs: Any
    ) -> Any:
        reference = item.reference
        kept = reference.get(variable)
        reference[variable] = names
        try:
            return super().process(item, variable, *args, **kwargs)  # type: ignore[misc]
        finally:
            reference[variable] = kept

    def matching(
        self, call: tuple[Any, ...], names: list[Any], previous: list[Any], first_only: bool
    ) -> tuple[int, bool]:
        """How many names, from the first, match the previous entry's at their place, and
        whether every name shown matched. A name matches when it renders as the previous
        entry's (each rendered after as many marks, without "et al.") and is the same name in
        full: "Bassett, D.S." for "Danielle S" and for "Danielle S." are two names, as
        citeproc-js tells them apart. A name not shown ends the list."""
        item, variable, args, kwargs = call
        state = current()
        count = 0
        whole = None
        state.et_al_off = state.whole_off = True
        try:
            for i, name in enumerate(names):
                if isinstance(name, Others):
                    return count, True
                marks = [Name(family=_SUBSTITUTED)] * i
                try:
                    # Shown: the whole list prints differently with a blank in its place.
                    if whole is None:
                        whole = str(self._with_names(names, item, variable, args, kwargs))
                    blank = [*names[:i], Name(family=_BLANK), *names[i + 1 :]]
                    if str(self._with_names(blank, item, variable, args, kwargs)) == whole:
                        return count, True  # not shown (et al.)
                    ours = str(self._with_names([*marks, name], item, variable, args, kwargs))
                    before = previous[i] if i < len(previous) else None
                    if before is None or isinstance(before, Others) or _full(before) != _full(name):
                        return count, False
                    theirs = str(self._with_names([*marks, before], item, variable, args, kwargs))
                except VariableError:
                    return count, False
                if ours != theirs:
                    return count, False
                count += 1
                if first_only:
                    return count, False
            return count, True
        finally:
            state.et_al_off = state.whole_off = False


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
    """cs:name: no "et al." where the name list is compared alone.

    CSL 1.0.2, et-al-use-last: a list cut short that way ends in an ellipsis and the last
    name, whatever the et-al term says; stock citeproc-py printed the ellipsis only when the
    term was not empty, and otherwise listed the names it kept with "&" before the last
    ("A, B, & Z" instead of "A, B, … Z")."""

    def et_al(self) -> Any:
        state = current()
        if state.et_al_off or state.sorting:
            return None
        term = super().et_al()  # type: ignore[misc]
        if not term and state.use_last:
            return _ELLIPSIS_INSTEAD  # any true value: the ellipsis takes the term's place
        return term


_ELLIPSIS_INSTEAD = "…"


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
    (model.Name, NameListSwap),
    (model.Layout, CiteBoundaries),
    (model.Name, EtAlOff),
    (model.Names, SubsequentAuthorSubstitute),
    (model.Label, NameLabelsOff),
)
