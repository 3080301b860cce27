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

from readinglist.render.fixes.base import Element
from readinglist.render.formatter import Html


class RememberedLookups(Element):
    """For every element: XPath queries, child elements, `calls_variable`, locale options and
    the formatter, each computed once."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # copy, pickle and friends ask for these: not children
            raise AttributeError(name)
        return self.answer(("child", name), super().__getattr__, name)

    def xpath_search(self, expression: str) -> Any:
        return self.answer(expression, super().xpath_search, expression)  # type: ignore[misc]

    def calls_variable(self) -> bool:
        return bool(self.answer("calls_variable", super().calls_variable))  # type: ignore[misc]

    def get_locale_option(self, name: str) -> Any:
        return self.answer(("locale-option", name), super().get_locale_option, name)  # type: ignore[misc]

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

    def render(self, item: Any, context: Any = None, delimiter: str = "", **kwargs: Any) -> Any:
        spec = self.answer("condition", self._parsed)
        if spec is None:
            return super().render(item, context=context, delimiter=delimiter, **kwargs)  # type: ignore[misc]
        types, variables, numerics, match = spec
        reference = item.reference
        kind = reference.type
        numeric = model.If.re_numeric.match
        results = [
            *(kind == t for t in types),
            *(("locator" in item) if v == "locator" else v in reference for v in variables),
            *(v in reference and bool(numeric(str(reference[v]))) for v in numerics),
        ]
        if match == "any":
            held = True in results
        elif match == "none":
            held = True not in results
        else:
            held = False not in results
        if not held:
            raise model.ConditionFailed
        return self.render_children(item, context=context, delimiter=delimiter, **kwargs)


_FORMATTING = ("font-style", "font-variant", "font-weight", "text-decoration", "vertical-align")


class PlainFormatting(Element):
    """Most elements carry no formatting, yet every piece of output went through five
    formatting steps, about 50,000 times in a list of 900."""

    def _unformatted(self) -> bool:
        return not any(self.get(n) for n in _FORMATTING)

    def format(self, string: Any) -> Any:
        if self.answer("unformatted", self._unformatted) and not isinstance(string, (int, float)):
            return string
        return super().format(string)  # type: ignore[misc]


MIXINS: tuple[tuple[Any, type], ...] = (
    (model.CitationStylesElement, RememberedLookups),
    (model.Locale, RememberedLocaleOptions),
    (model.Name, RememberedNameOptions),
    (model.If, QuickConditions),
    (model.Formatted, PlainFormatting),
)
