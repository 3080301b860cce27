"""CSL 1.0.2, "Substitution": "Substituted variables are suppressed in the rest of the
output to prevent duplication."

Stock citeproc-py only remembers the substitute child's own `variable` attribute and only
cs:text honours it, so an edited book printed its editors twice. We record every variable the
winning substitute child rendered, then treat those variables as empty for the rest of the
entry, in cs:names and cs:text. The record is kept in the layout's per-entry `repressed` dict,
which citeproc-py resets for every entry.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from citeproc import model
from citeproc.source import VariableError

from readinglist.render.fixes.base import _ANSWERS, _NO_ANSWERS, _UNKNOWN, Element, current

_SUBSTITUTED = "substituted names"  # the answer NamesHonourSuppression remembers
_SUPPRESSED = "readinglist:suppressed"
_RECORDING = "readinglist:recording"


def _entry_state(element: Any, context: Any) -> dict[str, Any]:
    layout = (context if context is not None else element).get_layout()
    state = layout.__dict__.get("repressed")
    if state is None:
        state = layout.repressed = {}
    return state  # type: ignore[no-any-return]


def _record(state: dict[str, Any], variable: str) -> None:
    for recording in state.get(_RECORDING, ()):
        recording.add(variable.replace("-", "_"))


def _suppressed(state: dict[str, Any]) -> set[str]:
    """The variables to leave out: those a cs:substitute used, and those the substitute now
    rendering has used so far (the same editor named twice in one substitute is printed
    once: CSL 1.0.2, "Substitution", "substituted variables are suppressed in the rest of
    the output")."""
    suppressed: set[str] = state.get(_SUPPRESSED, set())
    recordings = state.get(_RECORDING)
    if not recordings:
        return suppressed
    return suppressed.union(*recordings)


class SubstituteSuppresses(Element):
    """cs:substitute: the first child that renders wins, and what it rendered is suppressed.

    A cs:choose among the children stands for the children of the branch it takes: each is
    tried in turn, as the substitute's own would be (the-open-university-harvard's "editor,
    else Anon" in one branch printed both, "Der Senator (ed.)Anon", where both reference
    processors print the editor alone)."""

    def render(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        state = _entry_state(self, context)
        rendering = current()
        for child in _candidates(self.getchildren(), item):
            printed, terms = rendering.variables_printed, rendering.term_macros
            recorded: set[str] = set()
            state.setdefault(_RECORDING, []).append(recorded)
            try:
                if (
                    isinstance(child, model.Names)
                    and child.name is None
                    and (child.getparent() is self)
                ):
                    names = self.xpath_search("./parent::cs:names[1]")[0]
                    text = child.render(item, names_context=names, context=context, **kwargs)
                else:
                    text = child.render(item, context=context, **kwargs)
            except VariableError:
                continue
            finally:
                state[_RECORDING].pop()
            if text:
                # A term or value printed in place of the names is no variable (see
                # groups.CountsPrintedVariables).
                rendering.substitute_literal = rendering.variables_printed == printed
                rendering.substituted = True
                rendering.substitute_terms = (
                    rendering.variables_printed - rendering.term_macros == printed - terms
                )
                state.setdefault(_SUPPRESSED, set()).update(recorded)
                for variable in recorded:  # an enclosing substitute suppresses them too
                    _record(state, variable)
                return text
        return None


def _candidates(children: Any, item: Any) -> Iterator[Any]:
    """The elements a cs:substitute tries in turn: its children, a cs:choose replaced by the
    children of the branch it takes (a cs:choose whose conditions cannot be asked before
    rendering is tried whole, as it was)."""
    for child in children:
        if not isinstance(child, model.Choose):
            yield child
            continue
        branch = _branch_taken(child, item)
        if branch is _UNKNOWN:
            yield child
        elif branch is not None:
            yield from _candidates(branch.getchildren(), item)


def _branch_taken(choose: Any, item: Any) -> Any:
    """The cs:if, cs:else-if or cs:else that `choose` takes for `item`, None for none, or
    _UNKNOWN when a condition tests what only rendering can tell (a position)."""
    for branch in choose.iterchildren():
        if not isinstance(branch, model.If):
            return branch  # cs:else
        holds = getattr(branch, "holds", None)
        held = holds(item) if holds is not None else None
        if held is None:
            return _UNKNOWN
        if held:
            return branch
    return None


class NamesHonourSuppression(Element):
    """cs:names: suppressed name variables are left out, rendered ones are recorded.

    CSL 1.0.2, "Substitution": a shorthand cs:names (no cs:name of its own) in cs:substitute
    takes the cs:name, cs:et-al and cs:label of the cs:names being substituted, also when a
    cs:choose stands between them (Chicago's editor "Machin, David, ed." standing in for an
    author only for some types), as both reference processors have it. Stock citeproc-py
    passes them only to a shorthand that is a child of cs:substitute itself."""

    def process(
        self, item: Any, names_context: Any = None, context: Any = None, **kwargs: Any
    ) -> Any:
        if names_context is None:
            names_context = self.__dict__.get(_ANSWERS, _NO_ANSWERS).get(_SUBSTITUTED, _UNKNOWN)
            if names_context is _UNKNOWN:
                names_context = self.answer(_SUBSTITUTED, self._substituted_names)
        state = _entry_state(self, context)
        suppressed = _suppressed(state)
        declared = self.get("variable")
        roles = declared.split()
        live = [r for r in roles if r.replace("-", "_") not in suppressed]
        if len(live) != len(roles):
            self.set("variable", " ".join(live))
        try:
            present = [r for r in live if r in item.reference]
            names = names_context if names_context is not None else self
            if len(present) > 1 and _counts(names, context, kwargs):
                text = self._total(item, present, names_context, context, kwargs)
            else:
                text = super().process(  # type: ignore[misc]
                    item, names_context=names_context, context=context, **kwargs
                )
        finally:
            self.set("variable", declared)
        for role in live:
            if role in item.reference:
                _record(state, role)
        return text

    def _total(
        self, item: Any, roles: list[str], names_context: Any, context: Any, kwargs: Any
    ) -> Any:
        """CSL 1.0.2, cs:name form="count": one number, the names of all the variables
        together ("5" for three authors and two editors, as the CSL test suite's
        name_AuthorEditorCount has it; we printed "32", each count after the other). An
        editor who is also the translator counts once, as the two print once."""
        reference = item.reference
        if {"editor", "translator"} <= set(roles) and reference.get("editor") == reference.get(
            "translator"
        ):
            roles = [r for r in roles if r != "translator"]
        total = 0
        for role in roles:
            self.set("variable", role)
            count = super().process(  # type: ignore[misc]
                item, names_context=names_context, context=context, **kwargs
            )
            total += int(str(count)) if count is not None and str(count).isdigit() else 0
        return str(total) if total else None

    def _substituted_names(self) -> Any:
        """The cs:names whose cs:substitute this shorthand cs:names is in (None for a
        cs:names with a cs:name of its own, or outside any cs:substitute)."""
        if self.name is not None:
            return None
        found = self.xpath_search("./ancestor::cs:substitute[1]/parent::cs:names[1]")
        return found[0] if found else None


def _counts(names: Any, context: Any, kwargs: Any) -> bool:
    """Whether the cs:name of `names` counts the names (form="count")."""
    name = names.name
    if name is None:
        return False
    return bool(name.get_option("form", context, kwargs.get("sort_options")) == "count")


class TextHonoursSuppression(Element):
    """cs:text: a suppressed variable renders nothing, a rendered one is recorded."""

    def _variable(self, item: Any, context: Any) -> Any:
        state = _entry_state(self, context)
        variable = self.get("variable")
        if variable.replace("-", "_") in _suppressed(state):
            return None
        text = super()._variable(item, context)  # type: ignore[misc]
        if text:
            _record(state, variable)
        return text


def _unless_suppressed(
    element: Any, where: Any, name: str, render: Any, *args: Any, **kwargs: Any
) -> Any:
    """What `render` gives for variable `name`, recorded as rendered; a VariableError when
    a cs:substitute used the variable (it is suppressed in the rest of the output). `where`
    is the rendering's context, whose layout keeps the entry's state."""
    state = _entry_state(element, where)
    if name.replace("-", "_") in _suppressed(state):
        raise VariableError
    text = render(*args, **kwargs)
    if text:
        _record(state, name)
    return text


class DateHonoursSuppression(Element):
    """cs:date: a suppressed date renders nothing, a rendered one is recorded (a title macro
    standing in for the author that prints the year leaves the entry's own date out)."""

    def process(self, item: Any, variable: Any = None, **kwargs: Any) -> Any:
        name = str(variable or self.get("variable"))
        render = super().process  # type: ignore[misc]
        return _unless_suppressed(
            self, kwargs.get("context"), name, render, item, variable, **kwargs
        )


class NumberHonoursSuppression(Element):
    """cs:number: a suppressed number renders nothing, a rendered one is recorded (a title
    macro standing in for the author that prints "vol. 119" leaves the volume out of the
    title printed after it, as both reference processors print it)."""

    def process(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        name = str(self.get("variable"))
        if name == "locator":
            return super().process(item, context=context, **kwargs)  # type: ignore[misc]
        render = super().process  # type: ignore[misc]
        return _unless_suppressed(self, context, name, render, item, context=context, **kwargs)


MIXINS: tuple[tuple[Any, type], ...] = (
    (model.Substitute, SubstituteSuppresses),
    (model.Number, NumberHonoursSuppression),
    (model.Date, DateHonoursSuppression),
    (model.Names, NamesHonourSuppression),
    (model.Text, TextHonoursSuppression),
)
