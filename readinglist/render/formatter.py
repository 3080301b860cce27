"""The output format of readinglist's renderings: HTML.

Every element of a style that readinglist loads asks this formatter, and only this one, how to
mark up its output (citeproc-py asks the formatter that the last bibliography set on the style,
walking to the root of the tree each time). Values arrive already HTML-escaped
(:mod:`readinglist.render.reference`); text from the style and locale is escaped here.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata

from citeproc.formatter import html as _html


class Baseline(str):
    """CSL 1.0.2, "Formatting": vertical-align "baseline", text set back on the line inside
    a superscript or subscript (as citeproc-py's wrappers, the marked-up text itself)."""

    def __new__(cls, text: str) -> Baseline:
        return super().__new__(cls, f'<span style="vertical-align:baseline;">{text}</span>')


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
    Baseline = Baseline


# An opening or closing tag that decorates text: italic, bold, or a span (small caps, nodecor).
_DECORATION = re.compile(r"<(/?)(i|b|span)\b([^>]*)>")
_NODECOR = '<span class="nodecor">'
_FLIPFLOP = ' class="flipflop"'  # a value's own italics, bold or small caps
_PROPERTIES = ("font-style", "font-variant", "font-weight")


def undecorated(markup: str) -> str:
    """A rendered entry with the decorations of its values' rich text resolved against the
    formatting around them, as citeproc-js writes them.

    CSL-JSON rich text ``<span class="nodecor">``: its text is printed without the
    decorations around it (`font-style:normal` inside italics, `font-variant:normal` inside
    small caps, `font-weight:normal` inside bold: "<i>Lessard <span
    style="font-style:normal;">v.</span> Schmidt</i>"); with none around it, plainly.

    A value's own italics, bold and small caps flip: set inside the same decoration, their
    text is set back to normal ("<i>Genetics of <span style="font-style:normal;">Drosophila
    </span></i>" for a book title the style italicises, as APA 7 reverses the italics of a
    species name in a title, §6.22, and as the CSL test suite's flipflop fixtures have it);
    inside that, once more italic. The style's own formatting does not flip."""
    if _NODECOR not in markup and _FLIPFLOP not in markup:
        return markup
    out: list[str] = []
    # Per open tag: what it sets ("font-style", or "!font-style" for set back to normal) and
    # the closing tag written for it ("" when its opening tag was dropped).
    stack: list[tuple[tuple[str, ...], str]] = []

    def on(prop: str) -> bool:
        for effects, _ in reversed(stack):
            if prop in effects:
                return True
            if "!" + prop in effects:
                return False
        return False

    position = 0
    for m in _DECORATION.finditer(markup):
        out.append(markup[position : m.start()])
        position = m.end()
        closing, name, attributes = m.groups()
        if closing:
            out.append(stack.pop()[1] if stack else m.group(0))
            continue
        if m.group(0) == _NODECOR:
            normal = [p for p in _PROPERTIES if on(p)]
            if normal:
                out.append(f'<span style="{"".join(f"{p}:normal;" for p in normal)}">')
                stack.append((tuple("!" + p for p in normal), "</span>"))
            else:
                stack.append(((), ""))
            continue
        prop = {"i": "font-style", "b": "font-weight"}.get(name) or (
            "font-variant" if "small-caps" in attributes else ""
        )
        if _FLIPFLOP in attributes and prop and on(prop):
            out.append(f'<span style="{prop}:normal;">')
            stack.append((("!" + prop,), "</span>"))
            continue
        out.append(m.group(0).replace(_FLIPFLOP, ""))
        stack.append(((prop,) if prop else (), f"</{name}>"))
    out.append(markup[position:])
    return "".join(out)


# Where Unicode keeps its superscript characters (those it decomposes as <super>): Latin-1,
# the spacing modifier letters, the phonetic extensions, superscripts and subscripts, the
# letterlike symbols (TM, SM), Kanbun, Latin Extended-D and -E, and the Latin modifier letters.
_SUPERSCRIPT_BLOCKS = (
    (0x00A0, 0x0100),
    (0x02B0, 0x0300),
    (0x1D00, 0x1DC0),
    (0x2070, 0x20A0),
    (0x2100, 0x2150),
    (0x3190, 0x31A0),
    (0xA700, 0xA800),
    (0xAB30, 0xAB70),
    (0x10780, 0x107C0),
)
# Raised letters Unicode gives no <super> decomposition: the modifier glottal stop and
# reversed glottal stop (phonetics), and the Arabic small high waw and yeh.
_RAISED_WITHOUT_DECOMPOSITION = {
    "\u02c0": "\u0294",
    "\u02c1": "\u0295",
    "\u06e5": "\u0648",
    "\u06e6": "\u064a",
}
_HTML_PIECE = re.compile(r"(<[^>]*>|https?://[^\s<]+)")


@functools.cache
def _superscripts() -> tuple[re.Pattern[str], dict[str, str]]:
    """Each Unicode superscript character with the text it is the superscript of."""
    bases: dict[str, str] = {}
    for start, end in _SUPERSCRIPT_BLOCKS:
        for code in range(start, end):
            decomposition = unicodedata.decomposition(chr(code)).split()
            if decomposition[:1] == ["<super>"]:
                bases[chr(code)] = "".join(chr(int(c, 16)) for c in decomposition[1:])
    bases.update(_RAISED_WITHOUT_DECOMPOSITION)
    return re.compile(f"[{''.join(bases)}]"), bases


def superscripts_as_markup(markup: str) -> str:
    """Rendered HTML with each Unicode superscript character written as ``<sup>`` markup of
    its base text ("1ᵉʳ" is ``1<sup>e</sup><sup>r</sup>``, "m²" ``m<sup>2</sup>``, "™"
    ``<sup>TM</sup>``), as citeproc-js's HTML output writes them: a superscript set by the
    browser renders in any font, where many web fonts lack the modifier letters and borrow
    another font's glyphs. Tags and links are left as they are; the plain-text and Markdown
    forms of an entry keep the characters."""
    pattern, bases = _superscripts()
    if not pattern.search(markup):
        return markup
    pieces = _HTML_PIECE.split(markup)
    for i in range(0, len(pieces), 2):  # the text between tags and links
        pieces[i] = pattern.sub(lambda m: f"<sup>{html.escape(bases[m.group(0)])}</sup>", pieces[i])
    return "".join(pieces)
