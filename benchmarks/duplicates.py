"""How long `check`'s duplicate search takes on a large library, and that it stays linear.

    python benchmarks/duplicates.py [--entries 20000] [--repeat 3]

Builds the synthetic library of benchmarks/scale.py (four .bib files; only 14 family names,
so its blocks are far larger than a real library's) and times, best of --repeat, the
duplicate search that `readinglist check` runs over every entry, at half and at full size.
It prints the seconds, the titles scored per entry, and the ratio of the two sizes' times
(2 for linear work, 4 for quadratic).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale

from readinglist.library import Library
from readinglist.ops.duplicates import DuplicateIndex, check


def measure(count: int, repeat: int) -> tuple[float, float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        scale.make(Path(tmp), count)
        references = Library.load([Path(tmp) / "refs"]).references
    best, compared, found = float("inf"), 0, 0
    for _ in range(repeat):
        index = DuplicateIndex()
        start = time.perf_counter()
        found = len(check(references, index))
        best = min(best, time.perf_counter() - start)
        compared = index.compared
    return best, compared / len(references), found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    half = measure(args.entries // 2, args.repeat)
    full = measure(args.entries, args.repeat)
    for count, (seconds, per_entry, found) in ((args.entries // 2, half), (args.entries, full)):
        print(
            f"{count:>6,} entries: {seconds:.2f} s, {per_entry:.0f} titles scored per entry, "
            f"{found} likely duplicates"
        )
    print(f"time ratio full/half: {full[0] / half[0]:.2f} (2 = linear, 4 = quadratic)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
