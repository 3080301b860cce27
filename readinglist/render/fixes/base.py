"""What every fix shares: remembered answers about style elements, and per-rendering state.

Answers about a style's elements never change once the style is loaded (which macro a name
refers to, whether an element calls a variable, a cs:name's inherited options), so they are
remembered on the element itself. That is safe because a loaded style keeps a reference to
every one of its elements (:mod:`readinglist.render.scoped`): lxml then hands out the same
Python object for an element every time, with what it remembers.

What one rendering decides (the names disambiguation adds, the variables printed so far) lives
in a :class:`Rendering`, one per call of the renderer and per thread (a context variable), never
in module globals: two threads may render at once.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

_ANSWERS = "_readinglist_answers"
# The hot paths of rendering read an answer inline, as
# ``self.__dict__.get(_ANSWERS, _NO_ANSWERS).get(question, _UNKNOWN)``, and call `answer` only
# when it is missing: the look-up is made a few hundred thousand times in a list of 900, and a
# call of its own (or the bound method `answer` needs) costs more than the look-up.
_NO_ANSWERS: dict[Hashable, Any] = {}  # what an element with no answers yet reads (never written)
_UNKNOWN = object()  # no answer yet (None is an answer)


class Element:
    """Mixed into every element class of the styles and locales readinglist loads."""

    if TYPE_CHECKING:  # the lxml element and citeproc-py methods the mixins are combined with

        def __getattr__(self, name: str) -> Any: ...

    def answer(self, question: Hashable, compute: Callable[..., Any], *args: Any) -> Any:
        """The answer to `question` about this element: compute(*args) the first time only."""
        store: dict[str, Any] = self.__dict__
        answers: dict[Hashable, Any] | None = store.get(_ANSWERS)
        if answers is None:
            answers = store[_ANSWERS] = {}
        try:
            return answers[question]
        except KeyError:
            value = answers[question] = compute(*args)
            return value


@dataclass
class Rendering:
    """What one rendering has decided so far."""

    # Names a disambiguated citation shows beyond its style's et-al-use-first, by reference:
    # id(reference) -> (reference, name variable, count). The reference is kept so that its
    # id cannot be reused.
    shown: dict[int, tuple[Any, str, int]] = field(default_factory=dict)
    # References whose citations are still alike after names were added: the cs:choose test
    # disambiguate="true" holds for them. id(reference) -> reference.
    ambiguous: dict[int, Any] = field(default_factory=dict)
    # How many of the disambiguate="true" conditions a citation meets hold for an ambiguous
    # reference, in the order they are met (none listed: all), id(reference) -> count; and
    # the most conditions one citation has met.
    levels: dict[int, int] = field(default_factory=dict)
    conditions_met: int = 0
    # Names a citation shows with their given name to tell works apart, by name: id(name) ->
    # (name, "initials" or "full"); a name list in the short form shows them too.
    givens: dict[int, tuple[Any, str]] = field(default_factory=dict)
    # The bibliography entry being rendered: whether its first cs:names has rendered.
    entry: dict[str, Any] | None = None
    # The cite of a citation being rendered: whether its year suffix has been printed.
    cite: dict[str, Any] | None = None
    # What the first cs:names of the previous entry printed (subsequent-author-substitute);
    # with a rule other than complete-all, its names too (see fixes/bibliography.py).
    previous_names: str | None = None
    # subsequent-author-substitute-rule other than complete-all: what the first cs:name of an
    # entry records ({"mode": "record"}) or which of its names it replaces ("replace").
    name_swap: dict[str, Any] | None = None
    # Whether the bibliography numbers its entries from the last down (a citation-number
    # sort key with sort="descending").
    numbers_descending: bool = False
    # Whether cs:label inside cs:names is left out (rendering a name list alone).
    labels_off: bool = False
    # Whether the et-al term is left out (the names alone, for subsequent-author-substitute).
    et_al_off: bool = False
    # Whether a given name that disambiguation keeps whole is initialised as any other
    # (names compared as names, for subsequent-author-substitute).
    whole_off: bool = False
    # Whether a sort key's macro is being rendered (through cs:text macro= calls too, which
    # citeproc-py makes without the sort options).
    sorting: bool = False
    # How many variable-rendering elements have printed a non-empty value so far (a cs:group
    # tells from it whether a macro it calls printed a variable or only terms).
    variables_printed: int = 0
    # How many of those printed the citation-number or citation-label (the entry's number or
    # label, before its own text).
    labels_printed: int = 0
    # How many variable-rendering elements have been rendered so far, printed or empty.
    variables_called: int = 0
    # Whether the cs:substitute of the cs:names being rendered printed only a term or value,
    # no variable: the cs:names then counts as empty for the groups around it.
    substitute_literal: bool = False
    # What the last cs:names printed, its affixes included (the layout's suffix meets it),
    # and whether the one being rendered printed a cs:substitute's output instead of names.
    names_output: Any = ""  # a (Mixed)String: turned into text only when asked
    substituted: bool = False
    # Whether it printed only terms and values, through a macro too ("Anon"): no names or
    # other variable (subsequent-author-substitute has no names to replace).
    substitute_terms: bool = False
    # How many of the printed ones are macros that called no variable and printed nothing
    # (printed for the groups around them, not text before an entry's names).
    silent_macros: int = 0
    # How many of those are macros that called no variable and printed terms or values.
    term_macros: int = 0
    # Whether the name list being rendered is cut short with et-al-use-last ("A, B, … Z").
    use_last: bool = False
    # A cs:name putting its affixes around each name (names.AffixesAroundEachName), and
    # whether it has just done so (its list then gets none).
    name_affixes: Any = None
    name_affixes_done: Any = None
    # The delimiter of the cs:name being rendered, as it inherits it (names.NameListLength).
    name_delimiter: str | None = None
    # Whether every sort key is rendered for every item, even for an item alone or copies of
    # one work (the engine looking for the entries whose keys fail).
    every_key: bool = False
    # Outputs of groups and macros that end with a quotation ending in "?" or "!", by id
    # (each kept, so that its id is not reused): a period joined after one goes
    # (punctuation.join).
    closed_quotations: dict[int, Any] = field(default_factory=dict)


_CURRENT: ContextVar[Rendering | None] = ContextVar("readinglist_rendering", default=None)


def current() -> Rendering:
    """The rendering under way in this thread."""
    rendering = _CURRENT.get()
    if rendering is None:  # an element rendered outside `rendering()`, as in a test
        rendering = Rendering()
        _CURRENT.set(rendering)
    return rendering


@contextmanager
def resumed(state: Rendering) -> Iterator[Rendering]:
    """`state`, a rendering made before, as the one under way for the duration of a block."""
    token = _CURRENT.set(state)
    try:
        yield state
    finally:
        _CURRENT.reset(token)


@contextmanager
def rendering() -> Iterator[Rendering]:
    """A fresh rendering state for the duration of one call of the renderer."""
    state = Rendering()
    token = _CURRENT.set(state)
    try:
        yield state
    finally:
        _CURRENT.reset(token)
