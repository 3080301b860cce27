"""The output format of readinglist's renderings: HTML.

Every element of a style that readinglist loads asks this formatter, and only this one, how to
mark up its output (citeproc-py asks the formatter that the last bibliography set on the style,
walking to the root of the tree each time). Values arrive already HTML-escaped
(:mod:`readinglist.render.reference`); text from the style and locale is escaped here.
"""

from __future__ import annotations

import re

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


# An opening or closing tag that decorates text: italic, bold, or a span (small caps, nodecor).
_DECORATION = re.compile(r"<(/?)(i|b|span)\b([^>]*)>")
_NODECOR = '<span class="nodecor">'


def undecorated(markup: str) -> str:
    """CSL-JSON rich text ``<span class="nodecor">``: its text is printed without the
    decorations around it, as citeproc-js writes it (`font-style:normal` inside italics,
    `font-variant:normal` inside small caps, `font-weight:normal` inside bold: "<i>Lessard
    <span style="font-style:normal;">v.</span> Schmidt</i>"); with none around it, plainly."""
    if _NODECOR not in markup:
        return markup
    out: list[str] = []
    stack: list[str] = []  # per open tag: the property it sets ("" for none, "-" if dropped)
    position = 0
    for m in _DECORATION.finditer(markup):
        out.append(markup[position : m.start()])
        position = m.end()
        closing, name, attributes = m.groups()
        if closing:
            if not stack or stack.pop() != "-":
                out.append(m.group(0))
            continue
        if m.group(0) == _NODECOR:
            normal = [p for p in ("font-style", "font-variant", "font-weight") if p in stack]
            stack.append("" if normal else "-")
            if normal:
                out.append(f'<span style="{"".join(f"{p}:normal;" for p in normal)}">')
            continue
        if name == "i":
            stack.append("font-style")
        elif name == "b":
            stack.append("font-weight")
        else:
            stack.append("font-variant" if "small-caps" in attributes else "")
        out.append(m.group(0))
    out.append(markup[position:])
    return "".join(out)
