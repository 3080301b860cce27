"""The organiser's own text (an event's description, section and entry notes) as CommonMark,
rendered to HTML, plain text and Markdown.

Parsed by markdown-it-py (a CommonMark parser) with raw HTML off, so ``<script>`` in a note is
text; links keep only safe schemes (http, https, mailto, and ``#`` anchors on the same page),
any other link shows as its text; images are not read (a page makes no outside requests).
Headings inside the text are moved below the heading the text sits under.

Citations in the text (see :mod:`readinglist.render.citations`) are found in its text runs by
a `Splitter`, which cuts a run into plain strings and rendered citations; each output writes
a citation its own way (HTML and Markdown link each of its items to the item's entry).
"""

from __future__ import annotations

import functools
import html
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from readinglist.render import engine
from readinglist.render.citations import RenderedCitation as Cited

SAFE_LINK = re.compile(r"(?i)^(?:https?://|mailto:|#)")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|!]|&(?=#?\w+;))")
# What XML 1.0 (and so Word, and HTML's parsers without an error) cannot hold: control
# characters other than tab and newlines, lone surrogates, and the two non-characters U+FFFE/F.
# A table for str.translate (as readinglist.events' own): quicker to build than the pattern.
_CONTROL = dict.fromkeys(
    [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, *range(0xD800, 0xE000), 0xFFFE, 0xFFFF]
)


Piece = str | Cited
Splitter = Callable[[str], Sequence[Piece]]
Target = Callable[[str], str | None]  # a key -> the href of its entry, or None


def _plain(text: str) -> Sequence[Piece]:
    return [text]


# While the Markdown is parsed, each citation found in the text stands as one character of
# Unicode's Supplementary Private Use Area-A, the n-th citation as U+F0000 + n.
_HOLE = 0xF0000
_HOLES = re.compile("[\U000f0000-\U000ffffd]")
# A hole in a link's address, percent-encoded by the parser, opens with the first byte of
# its UTF-8 (F3 for the whole area); a citation put back there is encoded with these kept.
_HOLE_ENCODED = "%F3"
_URL_SAFE = ";/?:@&=+$,-_.!~*'()#%"


class _Cut:
    """A text with its citations taken out before its Markdown is parsed: the citations are
    found in the text as written, so that one whose prefix or suffix is emphasised ("[*see*
    @a]") is one citation, and the splitter reads each text whole, in order (a work's
    position, "first" or "subsequent", is where the text has it). Each citation stands as a
    hole character while the Markdown is parsed; text runs are filled with the citations,
    code and link addresses get the citation back as written."""

    def __init__(self, source: str, split: Splitter) -> None:
        self.cited: list[Cited] = []
        self.written: list[str] = []
        self.text = source
        # A text holding such characters of its own (an icon font's) is read run by run.
        self.split: Splitter | None = split if _HOLES.search(source) else None
        if split is _plain or "@" not in source or self.split is not None:
            return
        out: list[str] = []
        for piece in split(source):
            if isinstance(piece, Cited):
                out.append(chr(_HOLE + len(self.cited)))
                self.cited.append(piece)
                self.written.append(piece.written or piece.text)
            else:
                out.append(piece)
        self.text = "".join(out)

    def fill(self, text: str) -> list[Piece]:
        """A text run's pieces: plain strings and the citations its holes stand for."""
        if self.split is not None:
            return list(self.split(text))
        if not self.cited or not _HOLES.search(text):
            return [text] if text else []
        out: list[Piece] = []
        position = 0
        for m in _HOLES.finditer(text):
            n = ord(m.group(0)) - _HOLE
            if n >= len(self.cited):
                continue
            if m.start() > position:
                out.append(text[position : m.start()])
            out.append(self.cited[n])
            position = m.end()
        if position < len(text):
            out.append(text[position:])
        return out

    def restore(self, text: str) -> str:
        """`text` (code, a link's address) with each citation as written."""
        if not self.cited or not _HOLES.search(text):
            return text

        def written(m: re.Match[str]) -> str:
            n = ord(m.group(0)) - _HOLE
            return self.written[n] if n < len(self.written) else ""

        return _HOLES.sub(written, text)

    def restore_href(self, href: str) -> str:
        """A link's address with each citation as written, percent-encoded as the parser
        encoded the hole standing for it."""
        from urllib.parse import quote

        if not self.cited or _HOLE_ENCODED not in href:
            return self.restore(href)
        for n, written in enumerate(self.written):
            href = href.replace(quote(chr(_HOLE + n)), quote(written, safe=_URL_SAFE))
        return href


@functools.cache
def _parser() -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False})
    md.disable(["image", "html_inline", "html_block"])
    md.validateLink = lambda url: bool(SAFE_LINK.match(url.strip()))  # type: ignore[method-assign]
    return md


def clean(text: str) -> str:
    """The text without the characters XML cannot hold (control characters, lone surrogates);
    tabs and newlines kept."""
    return text.translate(_CONTROL)


def _tokens(source: str) -> list[Any]:
    """The text's markdown-it tokens; kept in the render cache, so that text rendered before
    is read back without importing markdown-it-py (a fifth of a warm render's start-up)."""
    text = clean(source)
    key = _tokens_key(text)
    cached = engine.cache_load(key) if key else None
    if isinstance(cached, list):
        try:
            return [_Token(*t) for t in cached]
        except TypeError:  # not what this code stores: parse again
            pass
    tokens = list(_parser().parse(text))
    if key:
        engine.cache_store(key, [_Token.plain(t) for t in tokens])
    return tokens


class _Token:
    """A markdown-it token read back from the cache, with what this module reads of one."""

    def __init__(
        self,
        type: str,
        tag: str,
        nesting: int,
        hidden: bool,
        content: str,
        attrs: dict[str, Any],
        children: list[Any] | None,
    ) -> None:
        self.type, self.tag, self.nesting, self.hidden = type, tag, nesting, hidden
        self.content, self.attrs = content, attrs
        self.children = None if children is None else [_Token(*c) for c in children]

    def attrGet(self, name: str) -> Any:
        return self.attrs.get(name)

    @staticmethod
    def plain(token: Any) -> list[Any]:
        children = token.children
        return [
            token.type,
            token.tag,
            token.nesting,
            bool(token.hidden),
            token.content,
            dict(token.attrs),
            None if children is None else [_Token.plain(c) for c in children],
        ]


def _tokens_key(text: str) -> str:
    """The render cache's key for the tokens of `text`: the text, this module and
    markdown-it-py's version ("" when the render cache is off)."""
    if os.environ.get("READINGLIST_RENDER_CACHE", "on") == "off":
        return ""
    from readinglist.digest import hasher

    digest = hasher(_parser_version())
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


@functools.cache
def _parser_version() -> bytes:
    """This module's code and markdown-it-py's version, from the name of its install record
    (found without importing it; its folder's path when it has none)."""
    import importlib.util

    spec = importlib.util.find_spec("markdown_it")
    version = ""
    if spec is not None and spec.origin is not None:
        folder = Path(spec.origin).parent
        # Listed, not globbed: a glob compiles its pattern, a tenth of a warm render.
        records = sorted(
            name
            for name in os.listdir(folder.parent)
            if name.startswith("markdown_it_py-") and name.endswith(".dist-info")
        )
        version = records[-1] if records else str(folder)
    return b"prose tokens\0" + version.encode() + b"\0" + Path(__file__).read_bytes()


def to_html(
    source: str,
    heading_level: int = 2,
    split: Splitter = _plain,
    target: Target = lambda key: None,
) -> str:
    """The text as HTML; its headings start one level below `heading_level`."""
    import html

    e = html.escape
    out: list[str] = []
    cut = _Cut(source, split)
    for token in _tokens(cut.text):
        kind = token.type
        if kind == "inline":
            out.append(_inline_html(token.children or [], cut, target))
        elif kind in ("code_block", "fence"):
            out.append(f"<pre><code>{e(cut.restore(token.content))}</code></pre>\n")
        elif kind == "hr":
            out.append("<hr>\n")
        elif token.hidden:  # the paragraphs of a tight list
            continue
        elif kind == "heading_open" or kind == "heading_close":
            level = min(6, int(token.tag[1]) + heading_level)
            out.append(f"<{'/' if token.nesting < 0 else ''}h{level}>")
            out.append("\n" if token.nesting < 0 else "")
        elif kind == "ordered_list_open" and token.attrGet("start") not in (None, 1):
            out.append(f'<ol start="{int(token.attrGet("start"))}">\n')
        elif token.nesting > 0:
            out.append(f"<{token.tag}>" + ("" if token.tag in ("p", "li") else "\n"))
        elif token.nesting < 0:
            out.append(f"</{token.tag}>\n")
    return "".join(out).strip()


def _inline_html(children: Sequence[Any], cut: _Cut, target: Target) -> str:
    import html

    e = html.escape
    out: list[str] = []
    for child in children:
        kind = child.type
        if kind in ("text", "text_special"):
            for piece in cut.fill(child.content):
                if isinstance(piece, Cited):
                    out.append(_cited_html(piece, target))
                else:
                    out.append(e(piece, quote=False))
        elif kind == "softbreak":
            out.append("\n")
        elif kind == "hardbreak":
            out.append("<br>\n")
        elif kind == "code_inline":
            out.append(f"<code>{e(cut.restore(child.content))}</code>")
        elif kind == "link_open":
            out.append(f'<a href="{e(cut.restore_href(str(child.attrGet("href") or "")))}">')
        elif kind == "link_close":
            out.append("</a>")
        elif kind in ("em_open", "strong_open", "em_close", "strong_close"):
            tag = "em" if kind.startswith("em") else "strong"
            out.append(f"<{'/' if child.nesting < 0 else ''}{tag}>")
    return "".join(out)


def _cited_html(cited: Cited, target: Target) -> str:
    """A citation, each of its items linked to its entry."""
    import html

    out = []
    for key, markup in cited.parts:
        href = target(key) if key else None
        if href:
            out.append(f'<a class="readinglist-cite" href="{html.escape(href)}">{markup}</a>')
        else:
            out.append(markup)
    before, after = cited.wrap
    return f'<span class="readinglist-citation">{before}{"".join(out)}{after}</span>'


class _Lists:
    """The lists a walk over the tokens is inside: each open item's marker ("- ", "3. "),
    shown on the item's first line and as blanks of its width on the lines after."""

    def __init__(self) -> None:
        self._markers: list[str] = []
        self._numbers: list[int | None] = []  # the next number of each ordered list

    def take(self, kind: str, token: Any) -> bool:
        """Follow `token` when it opens or closes a list or an item; whether it did."""
        if kind == "bullet_list_open":
            self._numbers.append(None)
        elif kind == "ordered_list_open":
            self._numbers.append(int(token.attrGet("start") or 1))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self._numbers.pop()
        elif kind == "list_item_open":
            number = self._numbers[-1]
            self._markers.append("- " if number is None else f"{number}. ")
            if number is not None:
                self._numbers[-1] = number + 1
        elif kind == "list_item_close":
            self._markers.pop()
        else:
            return False
        return True

    def lead(self) -> str:
        """What starts the next line: the indent of the enclosing lists and the current
        item's marker, which later lines of the item show as blanks."""
        if not self._markers:
            return ""
        lead = "  " * (len(self._markers) - 1) + self._markers[-1]
        self._markers[-1] = " " * len(self._markers[-1])
        return lead


def to_text(source: str, split: Splitter = _plain, markup: bool = False) -> str:
    """The text as plain text: paragraphs apart, list items marked, a link's address after
    its text when they differ. With `markup`, the same lines as HTML: text escaped, emphasis
    as ``<i>`` and ``<b>``, citations with their style's markup (a superscript number stays
    raised), no links (for a document that lays out HTML runs, as the Word handout does)."""
    blocks: list[str] = []
    lists = _Lists()
    hidden = previous_hidden = False
    cut = _Cut(source, split)
    for token in _tokens(cut.text):
        kind = token.type
        if kind == "paragraph_open":
            hidden = bool(token.hidden)
        elif lists.take(kind, token):
            if kind.endswith("_list_close"):
                previous_hidden = False
        elif kind == "inline":
            text = _inline_text(token.children or [], cut, markup)
            lead = lists.lead()
            if blocks and hidden and previous_hidden:
                blocks[-1] += "\n" + lead + text
            else:
                blocks.append(lead + text)
            previous_hidden, hidden = hidden, False
        elif kind in ("code_block", "fence"):
            code = cut.restore(token.content).rstrip("\n")
            blocks.append(html.escape(code, quote=False) if markup else code)
    return "\n\n".join(blocks)


def _inline_text(children: Sequence[Any], cut: _Cut, markup: bool = False) -> str:
    """A paragraph's text (`markup`: as HTML, see :func:`to_text`)."""

    def escaped(text: str) -> str:
        return html.escape(text, quote=False) if markup else text

    out: list[str] = []
    href = ""
    start = 0
    for child in children:
        kind = child.type
        if kind in ("text", "text_special"):
            for piece in cut.fill(child.content):
                if not isinstance(piece, Cited):
                    out.append(escaped(piece))
                elif markup:
                    out.append(piece.html)
                else:
                    out.append(piece.text)
        elif kind == "code_inline":
            out.append(escaped(cut.restore(child.content)))
        elif kind in ("softbreak", "hardbreak"):
            out.append(" " if kind == "softbreak" else "\n")
        elif kind == "link_open":
            href, start = cut.restore_href(str(child.attrGet("href") or "")), len(out)
        elif kind == "link_close" and not href.startswith("#"):
            address = href.removeprefix("mailto:")
            shown = "".join(out[start:])
            if markup:
                from readinglist import richtext  # only the Word handout asks for markup

                shown = richtext.to_text(shown)
            if address and shown != address:
                out.append(escaped(f" ({address})"))
        elif markup and kind in ("em_open", "em_close", "strong_open", "strong_close"):
            tag = "i" if kind.startswith("em") else "b"
            out.append(f"<{'/' if child.nesting < 0 else ''}{tag}>")
    return "".join(out)


def _md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def to_markdown(
    source: str,
    heading_level: int = 1,
    split: Splitter = _plain,
    target: Target = lambda key: None,
    cited_markdown: Callable[[str], str] = lambda markup: _md_escape(markup),
) -> str:
    """The text as Markdown again, normalised: what it holds escaped, so that raw HTML or an
    unsafe link in the source stays text in every Markdown renderer."""
    lines: list[str] = []
    lists = _Lists()
    quote = 0
    heading = ""
    previous_hidden = hidden = False
    cut = _Cut(source, split)
    for token in _tokens(cut.text):
        kind = token.type
        if kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif lists.take(kind, token):
            if kind.endswith("_list_close"):
                previous_hidden = False
        elif kind == "heading_open":
            heading = "#" * min(6, int(token.tag[1]) + heading_level) + " "
        elif kind == "paragraph_open":
            hidden = bool(token.hidden)
        elif kind in ("inline", "code_block", "fence"):
            if kind == "inline":
                body = _inline_markdown(token.children or [], cut, target, cited_markdown)
            else:
                code = cut.restore(token.content)
                fence = "````" if "```" in code else "```"
                body = f"{fence}\n{code.rstrip()}\n{fence}"
            lead = lists.lead()
            text = heading + body
            heading = ""
            text = "\n".join(
                (lead if i == 0 else " " * len(lead)) + line
                for i, line in enumerate(text.split("\n"))
            )
            if quote:
                text = "\n".join("> " * quote + line for line in text.split("\n"))
            tight = hidden and previous_hidden
            previous_hidden, hidden = hidden, False
            lines.append(("\n" if tight else "\n\n") + text if lines else text)
    return "".join(lines).strip()


def _inline_markdown(
    children: Sequence[Any],
    cut: _Cut,
    target: Target,
    cited_markdown: Callable[[str], str],
) -> str:
    out: list[str] = []
    hrefs: list[str] = []
    for child in children:
        kind = child.type
        if kind in ("text", "text_special"):
            for piece in cut.fill(child.content):
                if isinstance(piece, Cited):
                    before, after = piece.wrap  # on each piece: Markdown marks nest in links
                    for key, markup in piece.parts:
                        href = target(key) if key else None
                        shown = cited_markdown(before + markup + after)
                        out.append(f"[{shown}]({_md_href(href)})" if href and shown else shown)
                else:
                    out.append(_md_escape(piece))
        elif kind == "code_inline":
            code = cut.restore(child.content)
            tick = "``" if "`" in code else "`"
            out.append(f"{tick}{code}{tick}")
        elif kind in ("softbreak", "hardbreak"):
            out.append("\n" if kind == "softbreak" else "\\\n")
        elif kind == "link_open":
            hrefs.append(cut.restore_href(str(child.attrGet("href") or "")))
            out.append("[")
        elif kind == "link_close":
            out.append(f"]({_md_href(hrefs.pop())})")
        elif kind in ("em_open", "em_close"):
            out.append("*")
        elif kind in ("strong_open", "strong_close"):
            out.append("**")
    return "".join(out)


def _md_href(href: str) -> str:
    """A link's address as a Markdown link destination: no spaces, brackets or parentheses."""
    return "".join(c if c not in " <>()\\" else f"%{ord(c):02X}" for c in href)


def is_empty(source: str) -> bool:
    return not clean(source).strip()
