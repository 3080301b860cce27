"""Speed, not CSL rules: answers stock citeproc-py recomputes hundreds of thousands of times.

Stock citeproc-py answers every "which macro / which layout / which enclosing element"
question with a fresh XPath query, asks "does this element call a variable" by walking macros
again, looks child elements and locale options up anew, walks to the root of the tree for the
formatter, and re-parses cs:if attributes, each hundreds of thousands of times per list of 900.
All of these depend only on the style and locale trees, so each answer is remembered on its
element (:class:`~readinglist.render.fixes.base.Element`). Elements with no formatting and no
affixes hand their text on as it is. The output is the same as without these.
"""

from __future__ import annotations

from typing import Any

from citeproc import model
from citeproc.string import String

from readinglist.render.fixes.base import _ANSWERS, _NO_ANSWERS, _UNKNOWN, Element
from readinglist.render.fixes.numbers import numeric_variable
from readinglist.render.formatter import Html
from readinglist.render.reference import SPECIAL_TESTS, cite_holds_variable, typographic


class RememberedLookups(Element):
    """For every element: XPath queries, child elements, its root and macros by name,
    `calls_variable`, locale options and the formatter, each computed once (a style's tree is
    complete when it is loaded: nothing is moved in it while rendering)."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # copy, pickle and friends ask for these: not children
            raise AttributeError(name)
        question = ("child", name)
        found = self.__dict__.get(_ANSWERS, _NO_ANSWERS).get(question, _UNKNOWN)
        if found is _UNKNOWN:
            found = self.answer(question, super().__getattr__, name)
        return found

    def xpath_search(self, expression: str) -> Any:
        found = self.__dict__.get(_ANSWERS, _NO_ANSWERS).get(expression, _UNKNOWN)
        if found is _UNKNOWN:
            found = self.answer(expression, super().xpath_search, expression)  # type: ignore[misc]
        return found

    def get_root(self) -> Any:
        found = self.__dict__.get(_ANSWERS, _NO_ANSWERS).get("root", _UNKNOWN)
        if found is _UNKNOWN:
            found = self.answer("root", super().get_root)  # type: ignore[misc]
        return found

    def get_macro(self, name: str) -> Any:
        question = ("macro", name)
        found = self.__dict__.get(_ANSWERS, _NO_ANSWERS).get(question, _UNKNOWN)
        if found is _UNKNOWN:
            found = self.answer(question, super().get_macro, name)  # type: ignore[misc]
        return found

    def calls_variable(self) -> bool:
        found = self.__dict__.get(_ANSWERS, _NO_ANSWERS).get("calls_variable", _UNKNOWN)
        if found is _UNKNOWN:
            found = self.answer("calls_variable", super().calls_variable)  # type: ignore[misc]
        return bool(found)

    def get_locale_option(self, name: str) -> Any:
        question = ("locale-option", name)
        found = self.__dict__.get(_ANSWERS, _NO_ANSWERS).get(question, _UNKNOWN)
        if found is _UNKNOWN:
            found = self.answer(question, super().get_locale_option, name)  # type: ignore[misc]
        return found

    def get_formatter(self) -> Any:
        return Html


class RememberedLocaleOptions(Element):
    """cs:locale's style options."""

    def _option_or_error(self, name: str) -> Any:
        try:
            return super().get_option(name)  # type: ignore[misc]
        except IndexError as exc:  # the locale has no style options
            return exc

    def get_option(self, name: str) -> Any:
        value = self.answer(("option", name), self._option_or_error, name)
        if isinstance(value, IndexError):
            raise IndexError(name)
        return value


class RememberedNameOptions(Element):
    """cs:name's inherited options, unless sorting or disambiguation overrides them."""

    def get_option(self, name: str, context: Any = None, sort_options: Any = None) -> Any:
        stock = super().get_option  # type: ignore[misc]
        if sort_options and name in sort_options:
            return stock(name, context, sort_options)
        # The calling element is part of the question (and kept alive with it).
        return self.answer(("name-option", name, context), stock, name, context)


class QuickConditions(Element):
    """cs:if and cs:else-if test the item's type and variables about 75,000 times in a list of
    900, each time splitting and lower-casing their attributes again. Tests other than type,
    variable and is-numeric (positions, locators, uncertain dates) go through citeproc-py."""

    _SIMPLE = frozenset({"type", "variable", "is-numeric", "match"})

    def _parsed(self) -> Any:
        attrib = self.attrib
        if not set(attrib) <= self._SIMPLE:
            return None
        return (
            tuple(t.lower() for t in attrib.get("type", "").split()),
            tuple(v.replace("-", "_") for v in attrib.get("variable", "").split()),
            tuple(v.replace("-", "_") for v in attrib.get("is-numeric", "").split()),
            attrib.get("match", "all"),
        )

    def holds(self, item: Any) -> bool | None:
        """Whether the condition holds for `item`, or None when it tests more than type,
        variable and is-numeric. cs:choose asks this before rendering a branch, so that a
        condition that fails raises no ConditionFailed: about 50,000 in a list of 900."""
        spec = self.__dict__.get(_ANSWERS, _NO_ANSWERS).get("condition", _UNKNOWN)
        if spec is _UNKNOWN:
            spec = self.answer("condition", self._parsed)
        if spec is None:
            return None
        types, variables, numerics, match = spec
        # The tests are asked in order and stop at the first that decides: "all" at the first
        # that fails, "any" and "none" at the first that holds. (Inline, and the type read
        # with get: reference.type is found by __getattr__ after a failed look-up, ten times
        # as slow; this runs about 200,000 times in a list of 900.)
        wanted = match != "all"
        reference = item.reference
        found = bool(types) and (reference.get("type") in types) is wanted
        for v in () if found else variables:
            held = cite_holds_variable(item, v) if v in SPECIAL_TESTS else v in reference
            if held is wanted:
                found = True
                break
        for v in () if found else numerics:
            if numeric_variable(item, v) is wanted:
                found = True
                break
        return found if match == "any" else not found

    def render(self, item: Any, context: Any = None, delimiter: str = "", **kwargs: Any) -> Any:
        held = self.holds(item)
        if held is None:
            return super().render(item, context=context, delimiter=delimiter, **kwargs)  # type: ignore[misc]
        if not held:
            raise model.ConditionFailed
        return self.render_children(item, context=context, delimiter=delimiter, **kwargs)


class TextLanguageAnswered(Element):
    """cs:text asks the item's language before anything else, for its text case; stock
    citeproc-py reads ``reference.language`` and catches the error raised for the many items
    without one, about 50,000 times in a list of 900. The same question, asked first.
    A value is read as a variable's text is (:meth:`_value`)."""

    def process(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        if context is None:
            context = self
        content = self.__dict__.get(_ANSWERS, _NO_ANSWERS).get("content")
        if content is None:
            content = self.answer("content", self._content)
        if content == "variable":
            text = self._variable(item, context)
        elif content == "macro":
            text = self.get_macro(self.get("macro")).render(item, context)
        elif content == "term":
            text = self._term(item)
        elif content == "value":
            text = String(self._value())
        else:  # no content: as stock citeproc-py fails
            return super().process(item, context, **kwargs)  # type: ignore[misc]
        return text, self._language(item)

    def _value(self) -> str:
        """The text of a cs:text value, read as a variable's is: its quotations printed in
        the locale's marks and its straight apostrophes typographic, as both reference
        processors print them (nehet's "soutenue à l'" is "soutenue à l’", "rock 'n'
        roll" is "rock “n” roll")."""
        found = self.__dict__.get(_ANSWERS, _NO_ANSWERS).get("value", _UNKNOWN)
        if found is _UNKNOWN:
            found = self.answer("value", lambda: self.preformat(typographic(self.get("value"))))
        return str(found)

    def _content(self) -> str:
        """What the cs:text prints, in citeproc-py's order of precedence (the style's tree
        does not change once loaded)."""
        attrib = self.attrib
        return next((k for k in ("variable", "macro", "term", "value") if k in attrib), "")

    def _language(self, item: Any) -> Any:
        try:
            reference = item.reference
            if "language" in reference:
                return reference.language[:2]
        except model.VariableError:
            pass
        found = self.__dict__.get(_ANSWERS, _NO_ANSWERS).get("default language", _UNKNOWN)
        if found is _UNKNOWN:
            found = self.answer("default language", self._default_language)
        return found

    def _default_language(self) -> Any:
        return self.get_root().get("default-locale", "en")[:2]


_FORMATTING = ("font-style", "font-variant", "font-weight", "text-decoration", "vertical-align")


class PlainFormatting(Element):
    """Most elements carry no formatting, yet every piece of output went through five
    formatting steps, about 50,000 times in a list of 900."""

    def _unformatted(self) -> bool:
        return not any(self.get(n) for n in _FORMATTING)

    def format(self, string: Any) -> Any:
        unformatted = self.__dict__.get(_ANSWERS, _NO_ANSWERS).get("unformatted", _UNKNOWN)
        if unformatted is _UNKNOWN:
            unformatted = self.answer("unformatted", self._unformatted)
        if unformatted and not isinstance(string, (int, float)):
            return string
        return super().format(string)  # type: ignore[misc]


class PlainMarkup(Element):
    """Most cs:text elements have no text-case, strip-periods, quotes or formatting, yet every
    value they print went through five steps that each found nothing to do (and read the
    element's attributes again): such an element's markup is its affixes alone."""

    def _plain(self) -> bool:
        get = self.get
        return (
            not get("text-case")
            and str(get("strip-periods", "false")).lower() != "true"
            and str(get("quotes", "false")).lower() != "true"
            and not any(get(n) for n in _FORMATTING)
        )

    def markup(self, text: Any, language: Any = None) -> Any:
        plain = self.__dict__.get(_ANSWERS, _NO_ANSWERS).get("plain markup")
        if plain is None:
            plain = self.answer("plain markup", self._plain)
        if plain and not isinstance(text, (int, float)):
            return self.wrap(text) if text else None
        return super().markup(text, language)  # type: ignore[misc]


MIXINS: tuple[tuple[Any, type], ...] = (
    (model.CitationStylesElement, RememberedLookups),
    (model.Locale, RememberedLocaleOptions),
    (model.Name, RememberedNameOptions),
    (model.If, QuickConditions),
    (model.Text, TextLanguageAnswered),
    (model.Text, PlainMarkup),
    (model.Formatted, PlainFormatting),
)
