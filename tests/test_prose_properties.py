"""Invariants of the organiser's text: any text renders, safely, and citations are found where
they are written."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist.publish import prose
from readinglist.render.cite_syntax import find

from .hostile import audit

# Text rich in Markdown, HTML and citation syntax.
PIECES = st.sampled_from(
    ["*", "_", "`", "[", "]", "(", ")", "<", ">", "@", "-", ";", "#", "!", "&", "\n", "\n\n",
     " ", "a", "key1", "p. 3", "<script>", "javascript:", "https://x.org", "- ", "1. ", "> "]
)  # fmt: skip
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=3)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_any_text_renders_to_html_with_only_our_markup(text: str) -> None:
    markup = prose.to_html(text)
    assert audit(f"<div>{markup}</div>") == []
    assert "<script" not in markup


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_markdown_written_back_holds_no_raw_html(text: str) -> None:
    from markdown_it import MarkdownIt

    written = prose.to_markdown(text)
    tokens = MarkdownIt("commonmark", {"html": True}).parse(written)
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}
    assert not kinds & {"html_inline", "html_block"}
    assert prose.to_text(text) is not None


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_the_texts_markup_for_word_reads_as_its_plain_text(text: str) -> None:
    """The HTML lines the Word handout lays out (``to_text(markup=True)``) hold only our
    markup, and read, without it, as the plain text does, line for line."""
    from readinglist import richtext

    markup = prose.to_text(text, markup=True)
    assert audit(f"<div>{markup}</div>") == []
    plain = prose.to_text(text)
    assert [richtext.to_text(line) for line in markup.split("\n")] == plain.split("\n")


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_citations_are_found_in_order_where_they_are_written(text: str) -> None:
    clusters = find(text)
    end = 0
    for cluster in clusters:
        assert cluster.start >= end  # in order, never overlapping
        end = cluster.end
        written = text[cluster.start : cluster.end]
        for cite in cluster.cites:
            assert re.search("@" + re.escape(cite.key), written)


def test_clean_leaves_out_exactly_what_xml_cannot_hold() -> None:
    # XML 1.0, Char: tab, newline, carriage return, U+0020-U+D7FF, U+E000-U+FFFD and beyond;
    # DEL (U+007F), a control character XML 1.0 asks authors to avoid, is left out too.
    every = "".join(map(chr, range(0x11000)))
    xml_char = "[^\t\n\r\x20-\x7e\x80-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
    assert prose.clean(every) == re.sub(xml_char, "", every)


CITED = [
    {"id": "key1", "type": "book", "title": "T", "author": [{"family": "Doe"}],
     "issued": {"date-parts": [[2000]]}}
]  # fmt: skip
HOLES = re.compile("[\U000f0000-\U000ffffd]")


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_a_text_with_citations_renders_whole_in_every_output(text: str) -> None:
    """Citations are taken out of a text before its Markdown is parsed and put back in its
    text runs: every output holds only our markup and nothing of the holes they stood in;
    a text that cites nothing reads as it does without a splitter, and one that cites reads
    in plain text as in its HTML. Characters of the private-use area the author wrote (an
    icon font's) are kept."""
    from readinglist import richtext
    from readinglist.render.citations import Citer

    citer = Citer(CITED, "apa", None, texts=[text])
    markup = prose.to_html(text, split=citer.split)
    outputs = [
        markup,
        prose.to_text(text, citer.split),
        prose.to_text(text, citer.split, markup=True),
        prose.to_markdown(text, split=citer.split),
    ]
    own = sorted(HOLES.findall(text))  # the author's own private-use characters stay
    assert all(sorted(HOLES.findall(out)) == own for out in outputs)
    assert audit(f"<div>{markup}</div>") == []
    if not find(text):
        assert outputs == [
            prose.to_html(text),
            prose.to_text(text),
            prose.to_text(text, markup=True),
            prose.to_markdown(text),
        ]
    lines = outputs[2].split("\n")
    assert [richtext.to_text(line) for line in lines] == outputs[1].split("\n")
