"""The output format of readinglist's renderings: HTML.

Every element of a style that readinglist loads asks this formatter, and only this one, how to
mark up its output (citeproc-py asks the formatter that the last bibliography set on the style,
walking to the root of the tree each time). Values arrive already HTML-escaped
(:mod:`readinglist.render.reference`); text from the style and locale is escaped here.
"""

from __future__ import annotations

from citeproc.formatter import html as _html


class Html:
    """citeproc-py's formatter interface: ``preformat`` and one wrapper class per markup."""

    preformat = staticmethod(_html.preformat)
    Italic = _html.Italic
    Oblique = _html.Oblique
    Bold = _html.Bold
    Light = _html.Light
    Underline = _html.Underline
    Superscript = _html.Superscript
    Subscript = _html.Subscript
    SmallCaps = _html.SmallCaps
