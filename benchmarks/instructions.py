"""Instructions a cold render executes, counted by valgrind: a measure that the machine's load
does not move, for comparing checkouts.

    python benchmarks/instructions.py --source BEFORE --source AFTER [--entries 150]
                                      [--file 04_arnatkeviciute-thesis_mendeley] [--style apa]

For each checkout (``PYTHONPATH=DIR``), valgrind's cachegrind (``--cache-sim=no``) counts the
instructions of two whole processes: one rendering the first entry of the corpus file, one
rendering the first N entries, both without the render cache. The difference is what drawing,
sorting and disambiguating N-1 more entries costs, without the interpreter's start, the
imports and the style's loading. It prints each checkout's count and its ratio to the first
checkout's. Hash randomisation is fixed (``PYTHONHASHSEED=0``) so that a count repeats to
within a few parts in a thousand.

Instructions are not time (a cache miss costs more than an addition), so a change is
confirmed with ``benchmarks/render.py --source ...`` too; but on a shared machine, where two
runs of one process differ by a third, a count is what tells a 5 % change from noise.
Needs ``valgrind`` (Debian package ``valgrind``); a render under it runs about fifty times
slower, hence the default of 150 entries.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from render import checkout as checkout  # a --source, checked as render.py checks it

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"

RENDER = """
import json, sys
from readinglist.render.engine import render_bibliography
items = json.load(open(sys.argv[1]))[: int(sys.argv[2])]
assert len(render_bibliography(items, sys.argv[3], cache=False)) == len(items)
"""


def instructions(argv: list[str], env: dict[str, str]) -> int:
    """Instructions executed by the process `argv`, as cachegrind counts them."""
    command = ["valgrind", "--tool=cachegrind", "--cache-sim=no"]
    command += ["--cachegrind-out-file=/dev/null", *argv]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    count = counted(result.stderr)
    if result.returncode != 0 or count is None:
        raise SystemExit(f"valgrind {argv[:3]}: exit {result.returncode}\n{result.stderr[-800:]}")
    return count


def counted(report: str) -> int | None:
    """The instruction count of cachegrind's summary (``==12== I   refs:   2,213,456``)."""
    found = re.search(r"^==\d+== I\s+refs:\s+([\d,]+)\s*$", report, re.M)
    return None if found is None else int(found.group(1).replace(",", ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=checkout, action="append", help="a checkout to measure")
    parser.add_argument("--entries", type=int, default=150)
    parser.add_argument("--file", default="04_arnatkeviciute-thesis_mendeley")
    parser.add_argument("--style", default="apa")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    items = CORPUS / "csljson" / f"{args.file}.json"
    sources: list[Path | None] = list(args.source or [None])
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        base = dict(os.environ, PYTHONHASHSEED="0", READINGLIST_CACHE_DIR=tmp)
        base.pop("PYTHONDONTWRITEBYTECODE", None)
        base["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        for source in sources:
            env = dict(base)
            name = "this checkout" if source is None else str(source)
            if source is not None:
                env["PYTHONPATH"] = str(source.resolve())
            # -P: the current folder does not shadow the checkout on PYTHONPATH.
            render = [sys.executable, "-P", "-c", RENDER, str(items)]
            subprocess.run([*render, "1", args.style], env=env, check=True)  # bytecode
            one = instructions([*render, "1", args.style], env)
            many = instructions([*render, str(args.entries), args.style], env)
            counts[name] = many - one
    print(
        f"instructions to render entries 2-{args.entries} of {args.file} in {args.style} "
        "(cold, in millions; ratio to the first checkout)"
    )
    first = next(iter(counts.values()))
    for name, count in counts.items():
        print(f"  {count / 1e6:10.0f}M  {count / first:6.3f}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
