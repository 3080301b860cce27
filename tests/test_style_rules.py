"""Rules of CSL 1.0.2 that popular styles (IEEE, MLA, ASA, PLOS, ...) bring out, each tested on
a small style that isolates it (tests/test_citeproc_canaries.py checks that stock citeproc-py
still needs the fix).

Expected strings come from the CSL test suite's fixtures (citeproc-js's output, named in each
test), the CSL specification or the style's guide, written by hand from those texts.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_citeproc_fixes import rendered


def test_a_comma_after_a_quotation_ending_in_a_mark_stays_inside_it(tmp_path: Path) -> None:
    """CSL 1.0.2, locale option punctuation-in-quote (true in en-US), as the CSL test suite's
    fixtures punctuation_FullMontyQuotesIn and bugreports_IeeePunctuation have it: a comma
    moves inside the closing quote and is kept after a period, "?" or "!" ("“Does Psychology
    make a significant difference in our lives?,” American Psychologist"); a period is
    dropped after them."""
    layout = (
        '<group delimiter=", "><text variable="title" quotes="true"/>'
        '<text variable="container-title"/></group><text value="."/>'
    )
    titles = {
        "a": "Does Psychology make a significant difference in our lives?",
        "b": "Global annual volume of peer reviewed scholarly articles.",
        "c": "Stop!",
    }
    items = [
        {"id": key, "type": "article-journal", "title": title, "container-title": "J"}
        for key, title in titles.items()
    ]
    assert rendered(tmp_path, items, layout) == [
        "“Does Psychology make a significant difference in our lives?,” J.",
        "“Global annual volume of peer reviewed scholarly articles.,” J.",
        "“Stop!,” J.",
    ]
    alone = '<text variable="title" quotes="true"/><text value="."/>'
    (tmp_path / "alone").mkdir()
    assert rendered(tmp_path / "alone", items, alone) == [
        titles["a"].join("“”"),
        titles["b"].join("“”"),
        "“Stop!”",
    ]
