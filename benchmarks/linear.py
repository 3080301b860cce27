"""Rendering grows linearly: works that are alike cost no more than works that differ.

    python benchmarks/linear.py [--sizes 100,1000,5000] [--rounds 3]
    python benchmarks/linear.py --sizes 100,1000,5000,20000 --rounds 1   # the whole table

For each size N, renders in APA (no render cache, one process, after a warm-up that loads the
style) two lists of N entries:

- distinct: N different works;
- duplicates: N/2 different works, each twice under another key, as a Mendeley export with
  duplicated works has them (identical author lists, identical sort keys); one of them is a
  695-author paper.

It prints the median over --rounds of each time, the ratio duplicates / distinct for each N
(the target: at most 1.3), and each time per entry relative to the smallest N (flat when
rendering grows linearly). This machine is shared and noisy: the ratios are measured side by
side in one run.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from typing import Any

from readinglist.render.engine import render_bibliography

FAMILIES = [
    "Smith",
    "Berg",
    "Müller",
    "O'Brien",
    "Cruz",
    "Nguyen",
    "Kowalski",
    "López",
    "Weissman",
    "Law",
    "Pearson",
    "Rose",
    "García",
    "Ødegård",
]
GIVEN = ["Ann", "B. J.", "Jean-Paul", "Myrna M.", "Kieran", "Łukasz", "Zoë", "R."]
WORDS = [
    "interpersonal",
    "psychotherapy",
    "depression",
    "outcome",
    "trial",
    "model",
    "adolescents",
    "common",
    "factors",
    "meta-analysis",
    "randomized",
    "care",
]
JOURNALS = ["Journal of Psychotherapy", "World Psychiatry", "Autism in Adulthood", "The Lancet"]


def work(rng: random.Random, authors: int | None = None) -> dict[str, Any]:
    count = authors or rng.randint(1, 8)
    first = rng.randint(1, 900)
    return {
        "type": "article-journal",
        "author": [
            {"family": rng.choice(FAMILIES), "given": rng.choice(GIVEN)} for _ in range(count)
        ],
        "title": " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12))).capitalize(),
        "container-title": rng.choice(JOURNALS),
        "issued": {"date-parts": [[rng.randint(1990, 2025)]]},
        "volume": str(rng.randint(1, 80)),
        "issue": str(rng.randint(1, 12)),
        "page": f"{first}-{first + 20}",
    }


def items(count: int, duplicated: bool) -> list[dict[str, Any]]:
    rng = random.Random(count)
    works = [work(rng, 695)] + [work(rng) for _ in range(count - 1)]
    if duplicated:
        half = works[: count // 2]
        works = [dict(w) for pair in zip(half, half, strict=True) for w in pair]
    return [dict(w, id=f"w{i}") for i, w in enumerate(works)]


def seconds(entries: list[dict[str, Any]]) -> float:
    start = time.perf_counter()
    out = render_bibliography(entries, "apa", cache=False)
    assert len(out) == len(entries)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    seconds(items(10, False))  # loads the style and citeproc-py once
    print(f"APA, no render cache, median of {args.rounds} rounds")
    print(
        f"  {'entries':>8} {'distinct s':>11} {'duplicates s':>13} {'dup/distinct':>13} "
        f"{'per entry, distinct':>20} {'per entry, dup':>15}"
    )
    base: tuple[float, float] | None = None
    for size in sizes:
        distinct_items, duplicate_items = items(size, False), items(size, True)
        distinct, duplicates = [], []
        for _ in range(args.rounds):
            distinct.append(seconds(distinct_items))
            duplicates.append(seconds(duplicate_items))
        d, u = statistics.median(distinct), statistics.median(duplicates)
        per = (d / size, u / size)
        base = base or per
        print(
            f"  {size:>8,} {d:>11.2f} {u:>13.2f} {u / d:>12.2f}x "
            f"{per[0] / base[0]:>19.2f}x {per[1] / base[1]:>14.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
