"""CSL 1.0.2, "Choose": the type test.

An item has one type, so a ``type`` test listing several (``type="thesis report"``) asks
whether the item's type is one of them, whatever the condition's ``match``: under the default
match="all" each listed type read as a test of its own could never hold, and the branch would
be dead. Both reference processors, pandoc's citeproc and citeproc-js, read it so: BABESCH's
thesis branch (`<if type="thesis report">`) prints "PhD thesis, University of Illinois" in
both, and printed nothing in stock citeproc-py. 186 of the bundled independent styles write
such a test. Under match="any" and "none" both readings agree.
"""

from __future__ import annotations

from typing import Any

from citeproc import model

from readinglist.render.fixes.base import Element


class OneTypeTest(Element):
    """cs:if and cs:else-if: the type test is one test, "the item's type is one of these"."""

    def _type(self, item: Any) -> list[bool]:
        types = {t.lower() for t in self.get("type").split()}
        return [item.reference.type in types]


class OwnVariablesTest(Element):
    """cs:if and cs:else-if variable="…": the item's own variables (a citation-label we made
    is printed where a style prints it, but is none of the item's to test)."""

    def _variable(self, item: Any) -> list[bool]:
        from readinglist.render.reference import cite_holds_variable

        names = (name.replace("-", "_") for name in self.get("variable").split())
        return [cite_holds_variable(item, v) for v in names]


MIXINS: tuple[tuple[Any, type], ...] = ((model.If, OneTypeTest), (model.If, OwnVariablesTest))
