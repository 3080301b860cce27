"""Dates: CSL 1.0.2, "Date" and "Localized Date Formats"."""

from __future__ import annotations

from typing import Any

from citeproc import model

from readinglist.render.fixes.base import Element


class LocalizedDateDelimiter(Element):
    """CSL 1.0.2, "Localized Date Formats": a localized date is built from the locale's
    cs:date, delimiter included. Stock citeproc-py joins its parts with the delimiter of the
    cs:date that asked for it, usually none: Vancouver's "1998 Nov" came out "1998Nov"."""

    def render_single_date(self, date: Any, show_parts: Any = None, context: Any = None) -> Any:
        parts = (
            self.parts(date, show_parts, context)
            if context != self
            else self.parts(date, show_parts)
        )
        return self.join(parts) if parts else None


MIXINS: tuple[tuple[Any, type], ...] = ((model.Date, LocalizedDateDelimiter),)
