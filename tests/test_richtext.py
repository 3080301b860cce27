"""Rich text parsed once: CSL 1.0.2 rich text and citeproc's HTML, as text, Markdown and runs."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist import richtext

SMALL_CAPS = '<span style="font-variant:small-caps;">'
ROMAN = '<span style="font-style:normal;">'  # a value's italics flipped inside italics
UNBOLD = '<span style="font-weight:normal;">'
pieces = st.lists(
    st.sampled_from([*"ab <>/&;#*_", "&amp;", "<i>", "</i>", "<b>", "</b>", "<sup>", "</sup>",
                     SMALL_CAPS, "</span>", "<span>", "<script>", "</ >"])
).map("".join)  # fmt: skip


def test_parse_splits_text_and_tags() -> None:
    parsed = richtext.parse('A <i>B</i> &amp; <span class="nocase">C</span>')
    assert parsed == [
        "A ",
        richtext.Tag("<i>"),
        "B",
        richtext.Tag("</i>"),
        " &amp; ",
        richtext.Tag('<span class="nocase">'),
        "C",
        richtext.Tag("</span>"),
    ]
    assert [t.name for t in parsed if isinstance(t, richtext.Tag)] == ["i", "i", "span", "span"]
    assert richtext.parse("1 <> 2") == ["1 <> 2"]  # a tag has a name


def test_rendered_html_as_text_markdown_and_ris() -> None:
    markup = "Wampold, B. E. (2015). <i>World Psychiatry</i>, <i>14</i>(3) &amp; x_y"
    assert richtext.to_text(markup) == "Wampold, B. E. (2015). World Psychiatry, 14(3) & x_y"
    assert richtext.to_markdown(markup) == (
        r"Wampold, B. E. (2015). *World Psychiatry*, *14*(3) & x\_y"
    )
    assert richtext.to_markdown("H<sub>2</sub>O, E = mc<sup>2</sup>, <b>bold</b>") == (
        "H~2~O, E = mc^2^, **bold**"
    )
    assert richtext.to_ris("A <i>line</i>\nbreak") == "A line break"
    assert richtext.strip_tags("a<i>b</i>c", tag_as=" ") == "a b c"


def test_styled_runs_follow_nested_marks_and_small_caps_spans() -> None:
    runs = list(richtext.styled_runs(f"a <i>b {SMALL_CAPS}c</span></i> <span>d</span>"))
    assert [text for text, _ in runs] == ["a ", "b ", "c", " ", "d"]
    assert runs[1][1] == richtext.Style(italic=True)
    assert runs[2][1] == richtext.Style(italic=True, small_caps=True)
    assert runs[4][1] == richtext.Style()  # a plain span is no small caps


@given(pieces)
def test_parsing_loses_nothing(markup: str) -> None:
    parsed = richtext.parse(markup)
    assert "".join(p.raw if isinstance(p, richtext.Tag) else p for p in parsed) == markup


@given(st.text())
def test_escaped_text_comes_back_as_it_was(text: str) -> None:
    escaped = html.escape(text, quote=False)
    assert richtext.to_text(escaped) == text
    assert [t for t, _ in richtext.styled_runs(escaped)] == ([text] if text else [])


@given(pieces)
def test_runs_hold_the_text_and_markdown_no_tags(markup: str) -> None:
    assert "".join(text for text, _ in richtext.styled_runs(markup)) == richtext.to_text(markup)
    # No raw HTML in the Markdown: once CommonMark's backslash escapes are taken out (an
    # escaped "<" never opens a tag), nothing in it is a tag.
    unescaped = re.sub(r"\\[^\n]", "", richtext.to_markdown(markup))
    assert all(isinstance(p, str) for p in richtext.parse(unescaped))


def test_a_less_than_sign_that_starts_no_tag_is_text() -> None:
    """HTML starts a tag only at "<" followed by a letter, "/", "!" or "?": "<>" or an
    escaped "\\<" in Markdown are text, never a tag to drop."""
    assert richtext.parse("a<> <\\> < b>") == ["a<> <\\> < b>"]
    assert richtext.parse("<> <i>x</i>") == ["<> ", richtext.Tag("<i>"), "x", richtext.Tag("</i>")]
    assert richtext.parse(richtext.to_markdown("a&lt;&gt;")) == ["a\\<\\>"]


BASELINE = '<span style="vertical-align:baseline;">'


def test_markdown_marks_open_and_close_where_pandoc_reads_them() -> None:
    # Text set back on the line inside a superscript is not raised; a space inside a
    # superscript is escaped; a mark never opens before or closes after a space; Pandoc's
    # own marks in the text are escaped.
    assert richtext.to_markdown(f"<sup>2nd {BASELINE}ed</span> x y</sup>") == r"^2nd^ ed ^x\ y^"
    assert richtext.to_markdown("<i>A title </i>and<i> more</i>") == "*A title* and *more*"
    assert richtext.to_markdown("<i>a <b>b</b> c</i>") == "*a **b** c*"
    assert richtext.to_markdown("1<sup>e</sup><sup>r</sup> ~/x^2") == r"1^er^ \~/x\^2"


def test_styled_runs_set_flipped_decorations_back_to_normal() -> None:
    """A value's italics inside an italic title are set back to normal ("font-style:normal",
    as citeproc-js writes them), and italics inside that are italic again: the innermost
    decides, in Markdown too (pandoc reads it back as this HTML, see below)."""
    markup = f"<i>One {ROMAN}Two <i>Three</i> Four</span> Five!</i> <b>a {UNBOLD}b</span></b>"
    runs = [(text, style.italic, style.bold) for text, style in richtext.styled_runs(markup)]
    assert runs == [
        ("One ", True, False),
        ("Two ", False, False),
        ("Three", True, False),
        (" Four", False, False),
        (" Five!", True, False),
        (" ", False, False),
        ("a ", False, True),
        ("b", False, False),
    ]
    assert richtext.to_markdown(markup) == "*One* Two *Three* Four *Five!* **a** b"


def test_styled_runs_set_baseline_text_back_on_the_line() -> None:
    runs = list(richtext.styled_runs(f"<sup>2{BASELINE}x<sub>y</sub></span>z</sup>"))
    assert runs == [
        ("2", richtext.Style(superscript=True)),
        ("x", richtext.Style()),
        ("y", richtext.Style(subscript=True)),
        ("z", richtext.Style(superscript=True)),
    ]


def _pandoc_runs(markup: str) -> list[tuple[str, tuple[bool, ...]]]:
    """Each visible character of `markup` (pandoc's HTML too) with its italic, bold,
    superscript and subscript; spaces carry no style (Markdown moves marks off them)."""
    markup = re.sub(r"</?p>", "", markup).replace("<em>", "<i>").replace("</em>", "</i>")
    markup = markup.replace("<strong>", "<b>").replace("</strong>", "</b>")
    out = []
    for text, style in richtext.styled_runs(markup):
        for char in text.replace("\xa0", " "):  # Pandoc reads an escaped space as no-break
            flags = (style.italic, style.bold, style.superscript, style.subscript)
            out.append((char, (False,) * 4 if char.isspace() else flags))
    # Pandoc drops spaces at the ends of a paragraph and folds runs of them.
    text = "".join(c for c, _ in out)
    start = len(text) - len(text.lstrip())
    kept = out[start : len(text.rstrip())]
    return [
        p for n, p in enumerate(kept) if not (p[0].isspace() and n and kept[n - 1][0].isspace())
    ]


# Text of letters, spaces and a few characters Markdown escapes. Not Pandoc's marks ("*",
# "_", "^", "~"): escaped inside a superscript, Pandoc's reader misreads them ("^\\^\\^^"
# as two empty superscripts, "^a*\\**^" as no italics); the tests above cover them.
styled = st.lists(
    st.sampled_from([*"ab ;&#[", "&amp;", "<i>", "</i>", "<b>", "</b>", "<sup>", "</sup>",
                     "<sub>", "</sub>", BASELINE, "</span>", ROMAN, UNBOLD])
).map("".join)  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(styled)
def test_pandoc_reads_our_markdown_as_the_html_it_came_from(markup: str) -> None:
    """Pandoc (its own Markdown reader, an independent parser) finds in our Markdown the text
    and the italics, bold, super- and subscripts of the HTML, character by character."""
    pypandoc = pytest.importorskip("pypandoc")
    # Tags as the renderer writes them: every element closed, in order.
    balanced = _balanced(markup)
    back = pypandoc.convert_text(
        richtext.to_markdown(balanced), "html", format="markdown-smart", extra_args=["--wrap=none"]
    )
    assert _pandoc_runs(back) == _pandoc_runs(balanced)


def _balanced(markup: str) -> str:
    """`markup` with its tags nested as HTML nests them: a closing tag with nothing of its
    kind open is dropped, and what is open at the end is closed."""
    out, open_ = [], []
    for piece in richtext.parse(markup):
        if isinstance(piece, str):
            out.append(piece)
        elif not piece.closing:
            out.append(piece.raw)
            open_.append(piece.name)
        elif piece.name in open_:
            while open_:
                name = open_.pop()
                out.append(f"</{name}>")
                if name == piece.name:
                    break
    out.extend(f"</{name}>" for name in reversed(open_))
    return "".join(out)
