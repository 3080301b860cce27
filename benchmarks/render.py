"""Rendering 916 real entries in APA: stock citeproc-py against readinglist, cold and warm.

    python benchmarks/render.py [--file 04_arnatkeviciute-thesis_mendeley] [--repeat 3]

Each measurement runs in a fresh Python process (imports, style loading and all), best of
--repeat:

- stock: citeproc-py alone, its own CSL-JSON reader, no fixes (the baseline);
- cold: readinglist.render_bibliography with an empty render cache;
- warm: the same call again, its rendering in the render cache.

It checks that cold and warm give identical output, and prints ratios to the baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

STOCK = """
import json, sys, time
start = time.perf_counter()
from citeproc import (Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle,
                      formatter)
from citeproc.source.json import CiteProcJSON
items = json.load(open(sys.argv[1]))
style = CitationStylesStyle("apa", validate=False)
bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.html)
bibliography.register(Citation([CitationItem(str(i["id"])) for i in items]))
bibliography.sort()
out = [str(e) for e in bibliography.bibliography()]
print(json.dumps({"seconds": time.perf_counter() - start, "entries": len(out)}))
"""

OURS = """
import json, sys, time
start = time.perf_counter()
from readinglist.render.engine import render_bibliography
items = json.load(open(sys.argv[1]))
out = render_bibliography(items, "apa")
seconds = time.perf_counter() - start
json.dump([[r.key, r.html] for r in out], open(sys.argv[2], "w"))
print(json.dumps({"seconds": seconds, "entries": len(out)}))
"""


def run(code: str, *args: str, env: dict[str, str]) -> float:
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", code, *args],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    data = json.loads(result.stdout.strip().splitlines()[-1])
    return float(data["seconds"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", default="04_arnatkeviciute-thesis_mendeley")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    items_path = CORPUS / "csljson" / f"{args.file}.json"
    count = len(json.loads(items_path.read_text()))
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, READINGLIST_CACHE_DIR=tmp, READINGLIST_RENDER_CACHE="on")
        stock = min(run(STOCK, str(items_path), env=env) for _ in range(args.repeat))
        cold_times = []
        for i in range(args.repeat):
            for child in Path(tmp).glob("render"):
                import shutil

                shutil.rmtree(child)
            cold_times.append(run(OURS, str(items_path), f"{tmp}/cold{i}.json", env=env))
        warm = min(
            run(OURS, str(items_path), f"{tmp}/warm.json", env=env) for _ in range(args.repeat)
        )
        same = Path(f"{tmp}/cold0.json").read_text() == Path(f"{tmp}/warm.json").read_text()
    cold = min(cold_times)
    print(f"{count} entries ({args.file}), APA, fresh process each, best of {args.repeat}")
    print(f"  readinglist cold: {stock / cold:5.2f} x as fast as stock citeproc-py (target >= 5)")
    print(
        f"  readinglist warm: {stock / warm:5.2f} x as fast as stock citeproc-py; "
        f"{cold / warm:.1f} x as fast as cold (target >= 20)"
    )
    print(f"  warm output identical to cold: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
