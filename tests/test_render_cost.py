"""What rendering costs as lists grow: works that are alike cost no more than works that
differ. Counted in calls (under cProfile), not timed: the count does not depend on the load
of the machine."""

from __future__ import annotations

import cProfile
import pstats
from pathlib import Path
from typing import Any

import pytest

from readinglist.render import engine


def work(n: int) -> dict[str, Any]:
    return {
        "type": "article-journal",
        "author": [{"family": f"Author{n % 7}", "given": "Ann"}, {"family": "Berg", "given": "B"}],
        "title": f"Interpersonal psychotherapy, trial {n}",
        "container-title": "Journal of Psychotherapy",
        "issued": {"date-parts": [[2000 + n % 5]]},
        "volume": str(n),
        "page": "1-20",
    }


def calls(items: list[dict[str, Any]], style: str, function: str) -> int:
    profiler = cProfile.Profile()
    profiler.enable()
    engine.render_bibliography(items, style, cache=False)
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    return sum(s[1] for (_, _, name), s in stats.items() if name == function)


def test_copies_of_works_render_no_more_sort_keys_than_distinct_works() -> None:
    # A Mendeley export with duplicated works: each work twice, under two keys. Every key of
    # APA's sort ties for the two copies; rendering them all for each copy made such a list
    # cost several times one of distinct works.
    distinct = [dict(work(n), id=f"w{n}") for n in range(40)]
    copies = [dict(work(n // 2), id=f"w{n}") for n in range(40)]
    engine.render_bibliography(distinct[:2], "apa", cache=False)  # loads the style
    assert calls(copies, "apa", "sort_keys") <= 1.3 * calls(distinct, "apa", "sort_keys")


STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Title, then the order cited, last first</title><id>t</id>
    <updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="citation-number"/></layout></citation>
  <bibliography>
    <sort><key variable="title"/><key variable="citation-number" sort="descending"/></sort>
    <layout><text variable="title"/></layout>
  </bibliography>
</style>
"""


def test_copies_still_sort_by_a_key_that_is_the_cites_own(tmp_path: Path) -> None:
    # The two copies tie on the title; their citation numbers differ, and the later cited
    # comes first (CSL 1.0.2: citation-number is the cite's, not the work's).
    style = tmp_path / "numbers-last-first.csl"
    style.write_text(STYLE, encoding="utf-8")
    item = {"type": "book", "title": "Alike"}
    items = [dict(item, id="first"), dict(item, id="second"), {"id": "other", "title": "Other"}]
    rendered = engine.render_bibliography(items, str(style), cache=False)
    assert [r.key for r in rendered] == ["second", "first", "other"]


def entry_renders(items: list[dict[str, Any]], style: str) -> tuple[int, list[Any]]:
    """How many entries a rendering of `items` drew (render cache on), and what it gave."""
    profiler = cProfile.Profile()
    profiler.enable()
    out = engine.render_bibliography(items, style)
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    drawn = sum(
        s[1]
        for (file, _, name), s in stats.items()
        if name == "render_bibliography" and file.endswith("fixes/bibliography.py")
    )
    return drawn, out


def test_an_edited_entry_is_drawn_again_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READINGLIST_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("READINGLIST_RENDER_CACHE", "on")
    items = [dict(work(n), id=f"w{n}") for n in range(30)]
    assert entry_renders(items, "apa")[0] == 30
    edited = [dict(item) for item in items]
    edited[7]["title"] = "A title edited since"
    drawn, out = entry_renders(edited, "apa")
    assert drawn == 1
    assert out == engine.render_bibliography(edited, "apa", cache=False)
    # A copy of a work changes both copies' year suffixes: those two are drawn again.
    copied = [*edited, dict(edited[3], id="copy")]
    drawn, out = entry_renders(copied, "apa")
    assert drawn == 2
    assert out == engine.render_bibliography(copied, "apa", cache=False)


def test_an_entry_drawn_from_the_cache_hands_its_names_on_to_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # subsequent-author-substitute (AAA style): an entry by the authors of the one before it
    # prints the style's substitute for them (nothing, in this style), whether the one before
    # was drawn now or kept from before.
    monkeypatch.setenv("READINGLIST_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("READINGLIST_RENDER_CACHE", "on")
    same = {"author": [{"family": "Weissman", "given": "Myrna"}], "type": "book"}
    items = [
        dict(same, id="a", title="Alpha", issued={"date-parts": [[2000]]}),
        dict(same, id="b", title="Beta", issued={"date-parts": [[2001]]}),
        dict(same, id="c", title="Gamma", issued={"date-parts": [[2002]]}),
    ]
    engine.render_bibliography(items, "american-anthropological-association")
    edited = [items[0], dict(items[1], title="Beta, edited"), items[2]]
    drawn, out = entry_renders(edited, "american-anthropological-association")
    assert drawn == 1
    assert out == engine.render_bibliography(
        edited, "american-anthropological-association", cache=False
    )
    assert [r.text.startswith("Weissman") for r in out] == [True, False, False]


def test_a_condition_that_fails_raises_nothing() -> None:
    # cs:choose asks each condition whether it holds before rendering its branch: raising
    # ConditionFailed for every condition that failed was about 50,000 exceptions for a list
    # of 900 in APA. Only conditions that test what citeproc-py alone answers (positions,
    # locators, uncertain dates) still fail by raising, from citeproc-py's cs:if.
    import sys

    from citeproc import model

    from readinglist.render.fixes.groups import ChooseTakesTheFirstBranch

    items = [dict(work(n), id=f"w{n}") for n in range(10)]
    engine.render_bibliography(items[:2], "apa", cache=False)  # loads the style
    stock_if, choose = model.If.render.__code__, ChooseTakesTheFirstBranch.render.__code__
    raised = {stock_if: 0, choose: 0}

    def trace(frame: Any, event: str, arg: Any) -> Any:
        if event == "exception" and arg[0] is model.ConditionFailed and frame.f_code in raised:
            raised[frame.f_code] += 1
        return trace

    sys.settrace(trace)
    try:
        out = engine.render_bibliography(items, "apa", cache=False)
    finally:
        sys.settrace(None)
    assert len(out) == 10 and "Interpersonal psychotherapy" in out[0].text
    assert raised[choose] == raised[stock_if]
