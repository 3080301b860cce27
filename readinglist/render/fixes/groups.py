"""Output that must vanish: CSL 1.0.2, cs:group and cs:label."""

from __future__ import annotations

import re
from typing import Any

from citeproc import model

from readinglist.render.fixes.base import _ANSWERS, _NO_ANSWERS, Element, current
from readinglist.render.fixes.punctuation import affix, closing


class ChooseTakesTheFirstBranch(Element):
    """cs:choose renders the first branch whose condition holds, with the branches listed
    once per style.

    A condition that fails is passed over without raising ConditionFailed, and one that
    holds renders its children at once, without asking its tests again (see
    readinglist.render.fixes.speed.QuickConditions.holds, and DisambiguateCondition's: a
    condition whose `holds` says True or False renders as its `render` would). What the branch
    taken calls and prints is counted by the elements in it (:class:`CountsPrintedVariables`),
    for the cs:group around it."""

    def render(self, item: Any, context: Any = None, delimiter: str = "", **kwargs: Any) -> Any:
        branches = self.__dict__.get(_ANSWERS, _NO_ANSWERS).get("branches")
        if branches is None:
            branches = self.answer("branches", self._branches)
        for child, condition in branches:
            try:
                held = child.holds(item) if condition else None
                if held is False:
                    continue
                if held:
                    return child.render_children(
                        item, context=context, delimiter=delimiter, **kwargs
                    )
                return child.render(item, context=context, delimiter=delimiter, **kwargs)
            except model.ConditionFailed:
                continue
        return None

    def _branches(self) -> tuple[tuple[Any, bool], ...]:
        """Each cs:if, cs:else-if and cs:else, and whether it has a condition."""
        return tuple((child, isinstance(child, model.If)) for child in self.iterchildren())


class CountsPrintedVariables(Element):
    """A variable-rendering element (cs:text with a variable, cs:number, cs:date, cs:names, a
    locator cs:label) that prints something adds to the rendering's count of printed
    variables, which :class:`GroupCountsTheBranchTaken` reads; the entry's citation-number
    or citation-label to the count of printed labels too.

    A cs:names that printed a term or value of its cs:substitute ("No authors listed.",
    "Anon.") in place of empty name variables printed no variable (CSL 1.0.2, cs:group: its
    variables are empty): a group or macro holding nothing else is suppressed with it, as
    both reference processors have it. A substitute that prints a variable, or a macro
    (which counts as one), counts."""

    def render(self, *args: Any, **kwargs: Any) -> Any:
        kind = self.__dict__.get(_ANSWERS, _NO_ANSWERS).get("counted as", None)
        if kind is None:
            kind = self.answer("counted as", self._counted_as)
        if kind == "macro":
            return self._render_macro(*args, **kwargs)
        if kind != "variable" and kind != "label":
            return super().render(*args, **kwargs)  # type: ignore[misc]
        state = current()
        state.variables_called += 1
        state.substitute_literal = state.substituted = False
        text = super().render(*args, **kwargs)  # type: ignore[misc]
        if text and not state.substitute_literal:
            state.variables_printed += 1
            if kind == "label":
                state.labels_printed += 1
        state.substitute_literal = False
        return text

    def _render_macro(self, *args: Any, **kwargs: Any) -> Any:
        """A macro is a group of its own, wherever it is called: when the variables it
        called are all empty, its terms and values are not printed either (ABNT's "Anais..."
        for a paper without its event's place), as both reference processors treat it.

        A macro that called no variable counts as a printed variable, whether it printed a
        term alone ("n.d." when there is no date: a reader needs it after an empty
        publisher) or nothing (its cs:choose took no branch): the group around it is not
        taken for empty, and its terms print, as both reference processors print them
        (technische-universitat-dresden-linguistik's "In." before a proceedings' publisher
        when the macro for the container title prints only for chapters)."""
        state = current()
        called, printed = state.variables_called, state.variables_printed
        text = super().render(*args, **kwargs)  # type: ignore[misc]
        if state.variables_called == called:
            state.variables_called += 1
            state.variables_printed += 1
            if not text:
                state.silent_macros += 1
            else:
                state.term_macros += 1
        elif state.variables_printed == printed:
            return None
        return closing(text)

    def _counted_as(self) -> str:
        """ "macro" for a cs:text calling a macro, "variable" for an element rendering a
        variable, else "" (the style's tree does not change once loaded)."""
        if isinstance(self, model.Text) and "macro" in self.attrib:
            return "macro"
        if not self._renders_a_variable():
            return ""
        # The entry's number or label: a variable, but no text of the entry's own (see
        # bibliography.SubsequentAuthorSubstitute).
        return (
            "label" if self.get("variable") in ("citation-number", "citation-label") else "variable"
        )

    def _renders_a_variable(self) -> bool:
        if isinstance(self, model.Text):
            return "variable" in self.attrib and self.calls_variable()
        if isinstance(self, model.Label):
            return bool(self.get("variable") == "locator")
        return True


class GroupCountsTheBranchTaken(Element):
    """CSL 1.0.2, cs:group: a group is suppressed when it calls variables and all of them are
    empty. Stock citeproc-py asks a cs:choose child whether *any* of its branches calls a
    variable, so a term in the branch that was taken ("Publication" in APA's thesis number)
    counts as a rendered variable and keeps a group that should vanish. Only the branch that
    was taken counts, and a macro calls the variables that it rendered: one whose cs:choose
    took no branch calls none.

    A cs:text that calls a macro, and a cs:choose, counts as a printed variable only when a
    variable inside it printed: "either directly or via a macro", so a macro that prints the
    term "in" before an empty container-title leaves the group empty (stock citeproc-py
    counts any output of a macro that calls a variable, and printed "In ." in a chapter
    without its book)."""

    def process(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        output = []
        called = rendered = False
        delimiter = affix(self, "delimiter")  # handed to a cs:choose child as HTML
        state = current()
        children = self.__dict__.get(_ANSWERS, _NO_ANSWERS).get("children")
        if children is None:
            children = self.answer("children", self._children)
        for child, choose, macro, group, names, calls_variable in children:
            printed, tried = state.variables_printed, state.variables_called
            try:
                if choose:
                    text = child.render(item, context=context, delimiter=delimiter, **kwargs)
                else:
                    text = child.render(item, context=context, **kwargs)
            except model.VariableError:
                if group:
                    # A group inside counts what its elements called and printed: one
                    # that printed nothing, but holds a macro that called no variable,
                    # keeps this group's terms ("In" before an editor and a container
                    # title its style prints for chapters only), as in both processors.
                    called = called or state.variables_called > tried
                    rendered = rendered or state.variables_printed > printed
                    continue
                # An empty year-suffix is no called variable (citeproc-py's generated
                # variables): ASA's "n.d." group prints without one, as in citeproc-js.
                called = called or choose or calls_variable
                continue
            if choose or macro:
                # What the child rendered decides, not what it holds: a cs:choose calls the
                # variables of the branch it took, and prints a variable only when one of
                # them printed (emerald-harvard's "Vols." before an empty number-of-volumes
                # goes with it); a macro whose cs:choose took no branch called none
                # (sociologia-urbana-e-rurale's "testo disponibile al sito" stays when there
                # is no URL to access).
                calls = state.variables_called > tried
                prints = state.variables_printed > printed
                if macro and calls and not prints:
                    # A macro is a group of its own: empty when the variables it called are.
                    called = True
                    continue
            elif names:  # printed names, or only a term standing in for them
                calls, prints = True, state.variables_printed > printed
            else:
                calls = prints = calls_variable
            called = called or calls
            # A macro that called no variable counts as printed even when it printed
            # nothing (see CountsPrintedVariables._render_macro).
            rendered = rendered or prints
            if text is not None:
                output.append(text)
        if output and (rendered or not called):
            return closing(self.join(output))
        raise model.VariableError

    def _children(self) -> tuple[tuple[Any, bool, bool, bool, bool, bool], ...]:
        """Each child, whether it is a cs:choose, a cs:text calling a macro, a cs:group or a
        cs:names, and whether it calls a variable (the style's tree does not change once
        loaded)."""
        return tuple(
            (
                child,
                isinstance(child, model.Choose),
                isinstance(child, model.Text) and "macro" in child.attrib,
                isinstance(child, model.Group),
                isinstance(child, model.Names),
                bool(child.calls_variable()),
            )
            for child in self.iterchildren()
        )


class LabelNeedsItsVariable(Element):
    """CSL 1.0.2, cs:label: "the label is only rendered if the selected variable is
    non-empty". Stock citeproc-py renders the term regardless, so Chicago printed
    "Edition." after every article without an edition."""

    def process(self, item: Any, variable: Any = None, *args: Any, **kwargs: Any) -> Any:
        if variable is None:  # a cs:label of its own, not one inside cs:names
            name = self.get("variable")
            if name == "locator":
                if not item.has_locator:
                    return None
            elif name.replace("-", "_") not in item.reference:
                return None
        return super().process(item, variable, *args, **kwargs)  # type: ignore[misc]

    def _is_plural(self, item: Any) -> bool:
        """CSL 1.0.2, cs:label plural="contextual": number-of-pages and number-of-volumes are
        plural when the number is above one ("5 vols."). Stock citeproc-py read them from the
        cited item instead of the reference and failed, leaving the label out."""
        name = self.get("variable") or ""
        if not name.startswith("number-of-"):
            return bool(super()._is_plural(item))  # type: ignore[misc]
        value = str(item.reference.get(name.replace("-", "_"), ""))
        digits = re.match(r"\s*(\d+)", value)
        return digits is not None and int(digits.group(1)) > 1


MIXINS: tuple[tuple[Any, type], ...] = (
    (model.Text, CountsPrintedVariables),
    (model.Number, CountsPrintedVariables),
    (model.Date, CountsPrintedVariables),
    (model.Names, CountsPrintedVariables),
    (model.Label, CountsPrintedVariables),
    (model.Choose, ChooseTakesTheFirstBranch),
    (model.Group, GroupCountsTheBranchTaken),
    (model.Label, LabelNeedsItsVariable),
)
