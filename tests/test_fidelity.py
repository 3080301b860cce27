"""Formatting fidelity on ../shared/corpus may not fall below the figures in the README, nor
the order of the list below the share of neighbours the reference processors agree with.

The floors are the shares measured by benchmarks/fidelity.py (the same code) when they were
last raised; a change that makes fewer entries equal pandoc's or citeproc-js's output fails.
"""

from __future__ import annotations

import pytest

from .conftest import CORPUS, PROJECT, needs_corpus

FLOORS = {  # style: (renderer %, end to end %, renderer's order %)
    "apa": (99.8, 99.3, 99.7),
    "harvard-cite-them-right": (99.3, 98.8, 100.0),
    "nlm-citation-sequence": (99.9, 99.5, 100.0),
    # End to end 95.0: the Mendeley file's titles, all written {{…}} (protected), are kept as
    # written under Chicago's title case, as pandoc prints them from the .bib and as both
    # processors print a wholly nocase value; citeproc-js, fed pandoc's CSL-JSON without the
    # braces, title-cases them (docs/corpus-fidelity.md, "a title wholly in braces").
    "chicago-author-date": (98.8, 95.0, 99.9),
}


@needs_corpus()
@pytest.mark.parametrize("style", sorted(FLOORS))
@pytest.mark.parametrize("measure", ["renderer", "end-to-end"])
def test_fidelity_does_not_regress(style: str, measure: str) -> None:
    import sys

    sys.path.insert(0, str(PROJECT / "benchmarks"))
    try:
        import fidelity
    finally:
        sys.path.pop(0)
    result = fidelity.measure(CORPUS, style, measure)
    floor = FLOORS[style][0 if measure == "renderer" else 1]
    assert result.total >= 1800
    assert round(result.share, 1) >= floor, (
        f"{style} {measure}: {result.share:.1f} % < {floor} %; first misses: "
        + "; ".join(f"{k}: {ours!r} != {theirs!r}" for k, ours, theirs in result.misses[:3])
    )
    if measure == "renderer":  # the list's order: neighbours as in pandoc's or citeproc-js's
        assert result.pairs > 1800
        assert round(result.order_share, 1) >= FLOORS[style][2], (
            f"{style}: {result.order_share:.1f} % of neighbouring entries in the reference "
            f"processors' order < {FLOORS[style][2]} %"
        )
