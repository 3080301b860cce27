"""Rich text parsed once: CSL 1.0.2 rich text and citeproc's HTML, as text, Markdown and runs."""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from readinglist import richtext

SMALL_CAPS = '<span style="font-variant:small-caps;">'
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
