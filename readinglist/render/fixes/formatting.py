"""CSL 1.0.2, "Formatting": vertical-align.

Stock citeproc-py knows "sup" and "sub" and prints "baseline" as nothing, so text a style
sets back on the line inside a superscript group stayed raised. It is written as
``<span style="vertical-align:baseline;">`` (citeproc-js writes ``style="baseline"``, which
no browser reads as a vertical alignment).
"""

from __future__ import annotations

from typing import Any

from citeproc import model

from readinglist.render.fixes.base import Element


class BaselineAlign(Element):
    """A formatted element with vertical-align="baseline"."""

    def vertical_align(self, text: Any) -> Any:
        if self.get("vertical-align") == "baseline":
            return self.get_formatter().Baseline(text)
        return super().vertical_align(text)  # type: ignore[misc]


MIXINS: tuple[tuple[Any, type], ...] = ((model.Formatted, BaselineAlign),)
