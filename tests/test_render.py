"""Rendering: the seed event against an independent CSL processor, styles and locales."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from readinglist.errors import StyleNotFoundError
from readinglist.library import Library
from readinglist.render import engine

from .conftest import DATA, PROJECT

GOLDEN = DATA / "golden"


def normalised(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def seed_items() -> list[dict[str, object]]:
    return Library.load([PROJECT / "refs"]).to_csl()


def test_the_seed_library_in_apa_equals_pandocs_citeproc_entry_by_entry() -> None:
    """Golden: pandoc 3.9's citeproc on the same CSL-JSON (scripts/make_golden.py)."""
    golden = json.loads((GOLDEN / "seed-apa.json").read_text())
    rendered = {r.key: normalised(r.text) for r in engine.render_bibliography(seed_items(), "apa")}
    assert rendered.keys() == golden.keys()
    for key, expected in golden.items():
        assert rendered[key] == expected["pandoc_csljson"], key


def test_the_seed_library_in_apa_equals_pandoc_reading_the_bib_file_too() -> None:
    """End to end: pandoc reading refs/*.bib itself. One entry differs on purpose: pandoc
    does not map a crossref parent's title and subtitle to the chapter's booktitle (biblatex's
    inheritance rule), so it prints the chapter without its book."""
    golden = json.loads((GOLDEN / "seed-apa.json").read_text())
    rendered = {r.key: normalised(r.text) for r in engine.render_bibliography(seed_items(), "apa")}
    for key, expected in golden.items():
        if key == "law-rose-inpress":
            assert "Promoting self-agency" in expected["pandoc_bib"]  # pandoc's known slip
            assert rendered[key].startswith(
                "Law, R., & Rose, K. (in press). When helping professionals hurt. In G. Pavlopoulou"
            )
            continue
        assert rendered[key] == expected["pandoc_bib"], key


def test_apa_specifics_the_seed_needs() -> None:
    text = {r.key: r.text for r in engine.render_bibliography(seed_items(), "apa")}
    assert "(Eds.). (in press)." in text["weissman-inpress"]
    assert text["pavlopoulou-inpress"].count("Pavlopoulou") == 1  # editors printed once
    assert "(in press)" in text["law-rose-inpress"]
    assert "270–277" in text["wampold2015"] and "52–60" in text["pearson2021"]


def test_a_title_holding_markup_is_shown_as_text_in_html() -> None:
    items = [
        {
            "id": "x",
            "type": "book",
            "title": 'Evil <script>alert("x")</script> & <b',
            "author": [{"family": "<img src=x onerror=alert(1)>"}],
        }
    ]
    [entry] = engine.render_bibliography(items, "apa")
    assert "<script" not in entry.html and "<img" not in entry.html
    assert "&lt;script&gt;" in entry.html and "&amp;" in entry.html
    # Straight quotes print as typographic ones, as citeproc-js prints them.
    assert "Evil <script>alert(“x”)</script> & <b" in entry.text


def test_markdown_keeps_italics_and_escapes_the_rest() -> None:
    markup = "Law, R. (2013). <i>Defeating depression</i>. 1 * 2 [x] &lt;y&gt;"
    assert engine.html_to_markdown(markup) == (
        r"Law, R. (2013). *Defeating depression*. 1 \* 2 \[x\] \<y\>"
    )


def test_styles_are_found_by_name_by_path_and_in_local_folders(tmp_path: Path) -> None:
    bundled = engine.find_style("apa")
    local = tmp_path / "styles"
    local.mkdir()
    shutil.copy(bundled, local / "our-apa.csl")
    assert engine.find_style("our-apa", [local]) == local / "our-apa.csl"
    assert engine.find_style(str(bundled)) == bundled
    assert engine.find_style("nature").name == "nature.csl"


def test_an_unknown_style_is_refused_with_close_names() -> None:
    with pytest.raises(
        StyleNotFoundError,
        match=r"unknown CSL style 'chicago-autor-date'; "
        r"close styles: .*chicago-author-date",
    ):
        engine.find_style("chicago-autor-date")


def test_an_unknown_locale_is_refused_with_close_names() -> None:
    with pytest.raises(StyleNotFoundError, match="unknown CSL locale 'en-UK'; close locales"):
        engine.render_bibliography(seed_items(), "apa", "en-UK")


def test_locale_changes_the_terms() -> None:
    items = [
        {
            "id": "x",
            "type": "article-journal",
            "title": "T",
            "container-title": "J",
            "author": [{"family": "A", "given": "B"}],
            "issued": {"date-parts": [[2020]]},
            "URL": "https://example.org",
            "accessed": {"date-parts": [[2024, 1, 15]]},
        }
    ]
    us = engine.render_bibliography(items, "harvard-cite-them-right", "en-US")[0].text
    de = engine.render_bibliography(items, "harvard-cite-them-right", "de-DE")[0].text
    assert "Available at" in us and "Available at" not in de


def test_nlm_numbers_entries_in_order() -> None:
    texts = [r.text for r in engine.render_bibliography(seed_items(), "nlm-citation-sequence")]
    assert [int(re.match(r"(\d+)\.", t).group(1)) for t in texts] == list(  # type: ignore[union-attr]
        range(1, len(texts) + 1)
    )


def test_a_csl_json_item_with_a_key_field_renders() -> None:
    """CSL-JSON from reference managers may carry the item's own "key" (Zotero's item key):
    it is no CSL variable, and read as one it replaced the reference's key, so the list
    failed with "unhashable type" in the bibliography and in every citation."""
    items = [
        {"id": "a", "key": "QXTWKDFN", "type": "book", "title": "Blah"},
        {"id": "b", "key": "HE34J5AE", "type": "book", "title": "Blash"},
    ]
    entries = engine.render_bibliography(items, "apa")
    assert [(e.key, e.text, e.error) for e in entries] == [
        ("a", "Blah. (n.d.).", ""),
        ("b", "Blash. (n.d.).", ""),
    ]
