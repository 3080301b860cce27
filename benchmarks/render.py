"""Rendering 916 real entries in APA: readinglist against stock citeproc-py, citeproc-js and
the floor, cold and warm, whole processes measured side by side.

    python benchmarks/render.py [--file 04_arnatkeviciute-thesis_mendeley] [--rounds 5]
                                [--citeproc-js DIR] [--profile] [--source DIR ...]

Each round runs, every one in a fresh process (interpreter start, imports, style loading and
all), timed from outside:

- floor: ``benchmarks/floor_apa.py``, a formatter that knows only APA, hard-coded in plain
  Python (what a Python program must pay at least to print the list);
- stock: citeproc-py alone, its own CSL-JSON reader, no fixes;
- citeproc-js: ``benchmarks/oracle/citeproc.js`` under node, when ``--citeproc-js DIR`` names a
  folder where ``npm install citeproc@2.4.63`` was run (or ``benchmarks/oracle/node_modules``
  exists);
- cold: readinglist.render_bibliography with an empty render cache;
- warm: the same call again, its rendering in the render cache.

It prints the median over the rounds of each ratio, each measured within one round (this
machine is shared and noisy: only ratios measured side by side compare), and checks that cold
and warm give identical output. ``--source DIR`` runs readinglist from another checkout
(``PYTHONPATH=DIR``); given more than once, each checkout's cold and warm renders run in every
round, side by side, to compare before and after (and their outputs are compared too).
``--profile`` also prints the top 20 functions of a cold render under cProfile (in this
process, after the rounds).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"

STOCK = """
import json, sys
from citeproc import (Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle,
                      formatter)
from citeproc.source.json import CiteProcJSON
items = json.load(open(sys.argv[1]))
style = CitationStylesStyle("apa", validate=False)
bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.html)
bibliography.register(Citation([CitationItem(str(i["id"])) for i in items]))
bibliography.sort()
out = [str(e) for e in bibliography.bibliography()]
assert len(out) == len(items)
"""

OURS = """
import json, sys
from readinglist.render.engine import render_bibliography
items = json.load(open(sys.argv[1]))
out = render_bibliography(items, "apa")
json.dump([[r.key, r.html] for r in out], open(sys.argv[2], "w"))
"""


def timed(argv: list[str], env: dict[str, str], stdin: bytes | None = None) -> float:
    start = time.perf_counter()
    result = subprocess.run(argv, input=stdin, capture_output=True, env=env, check=False)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{argv[:3]}: exit {result.returncode}\n{result.stderr.decode()[-800:]}")
    return seconds


def citeproc_js_job(items: list[dict[str, object]]) -> bytes:
    import citeproc

    locales = Path(citeproc.__file__).parent / "data" / "locales"
    style = (CORPUS / "styles" / "apa.csl").read_text(encoding="utf-8")
    job = {"style": style, "lang": "en-US", "locales": str(locales), "items": items}
    return json.dumps(job).encode()


def profile(items: list[dict[str, object]], top: int = 20) -> None:
    import cProfile
    import pstats

    from readinglist.render.engine import render_bibliography

    profiler = cProfile.Profile()
    profiler.enable()
    render_bibliography(items, "apa", cache=False)
    profiler.disable()
    stats = pstats.Stats(profiler).strip_dirs()
    total = stats.total_tt  # type: ignore[attr-defined]
    print(f"\ncProfile of one cold render, in-process (total {total:.2f} s profiled)")
    phases = {
        "CSL-JSON -> citeproc-py references": ("engine.py", "_source"),
        "sorting": ("frontend.py", "sort"),
        "disambiguation": ("disambiguation.py", "disambiguate"),
        "drawing the entries": ("frontend.py", "render_bibliography"),
    }
    for phase, (file, name) in phases.items():
        spent = sum(v[3] for (f, _, n), v in stats.stats.items() if (f, n) == (file, name))  # type: ignore[attr-defined]
        print(f"  {phase:<36} {spent / total:6.1%}")
    for order in ("tottime", "cumulative"):
        print(f"  top {top} by {order}: share of the total, calls, function")
        rows = sorted(stats.stats.items(), key=lambda kv: -kv[1][2 if order == "tottime" else 3])  # type: ignore[attr-defined]
        for (file, line, name), (_, calls, tt, ct, _) in rows[:top]:
            share = (tt if order == "tottime" else ct) / total
            print(f"    {share:6.1%} {calls:>9} {file}:{line}({name})")


def checkout(value: str) -> Path:
    """A --source folder: a checkout of readinglist (otherwise PYTHONPATH would silently fall
    back to the installed one, measured under the wrong name)."""
    path = Path(value)
    if not (path / "readinglist" / "__init__.py").is_file():
        raise argparse.ArgumentTypeError(f"{value}: not a checkout of readinglist")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", default="04_arnatkeviciute-thesis_mendeley")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--citeproc-js", type=Path, help="folder holding node_modules/citeproc")
    parser.add_argument("--profile", action="store_true", help="print a cold render's profile")
    parser.add_argument(
        "--source", type=checkout, action="append", help="run readinglist from this checkout"
    )
    args = parser.parse_args(argv)
    items_path = CORPUS / "csljson" / f"{args.file}.json"
    items = json.loads(items_path.read_text(encoding="utf-8"))
    modules = args.citeproc_js or ROOT / "benchmarks" / "oracle"
    has_js = (modules / "node_modules" / "citeproc").is_dir() and shutil.which("node")
    # -P: the current folder is not put first on the path, where a checkout run from would
    # shadow the one given with --source.
    python = [sys.executable, "-P", "-W", "ignore"]
    ratios: dict[str, list[float]] = {}
    seconds: dict[str, list[float]] = {}
    sources: list[Path | None] = list(args.source or [None])
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, READINGLIST_CACHE_DIR=tmp, READINGLIST_RENDER_CACHE="on")
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: bytecode compiled once
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        node_env = dict(env, NODE_PATH=str(modules / "node_modules"))
        # Each checkout: its label in the table, its environment and its own render cache.
        ours: dict[str, tuple[dict[str, str], Path]] = {}
        for n, source in enumerate(sources):
            label = f" [{source.resolve().name}]" if source is not None and len(sources) > 1 else ""
            cache = Path(tmp) / f"cache{n}"
            ours_env = dict(env, READINGLIST_CACHE_DIR=str(cache))
            if source is not None:
                ours_env["PYTHONPATH"] = str(source.resolve())
            ours[label] = (ours_env, cache)
        job = citeproc_js_job(items) if has_js else b""
        floor_script = str(ROOT / "benchmarks" / "floor_apa.py")
        timed([*python, floor_script, str(items_path)], env)  # compiles the bytecode once
        for n, (ours_env, _) in enumerate(ours.values()):
            timed([*python, "-c", OURS, str(items_path), f"{tmp}/warm{n}.json"], ours_env)
        for i in range(args.rounds):
            t: dict[str, float] = {}
            t["floor"] = timed([*python, floor_script, str(items_path)], env)
            t["stock"] = timed([*python, "-c", STOCK, str(items_path)], env)
            if has_js:
                js = str(ROOT / "benchmarks" / "oracle" / "citeproc.js")
                t["citeproc-js"] = timed(["node", js], node_env, job)
            for n, (label, (ours_env, cache)) in enumerate(ours.items()):
                shutil.rmtree(cache / "render", ignore_errors=True)
                cold = [*python, "-c", OURS, str(items_path), f"{tmp}/cold{n}-{i}.json"]
                t["cold" + label] = timed(cold, ours_env)
                warm = [*python, "-c", OURS, str(items_path), f"{tmp}/warm{n}.json"]
                t["warm" + label] = timed(warm, ours_env)
            for name, value in t.items():
                seconds.setdefault(name, []).append(value)
            pairs = {}
            for label in ours:
                cold_s, warm_s = t["cold" + label], t["warm" + label]
                pairs[f"stock citeproc-py / readinglist cold{label} (target >= 15)"] = (
                    t["stock"] / cold_s
                )
                pairs[f"stock citeproc-py / readinglist warm{label}"] = t["stock"] / warm_s
                pairs[f"readinglist cold{label} / floor"] = cold_s / t["floor"]
                pairs[f"readinglist warm{label} / floor (target <= 1.5)"] = warm_s / t["floor"]
                if has_js:
                    pairs[f"citeproc-js / readinglist cold{label}"] = t["citeproc-js"] / cold_s
            pairs["stock citeproc-py / floor"] = t["stock"] / t["floor"]
            if has_js:
                pairs["citeproc-js / floor"] = t["citeproc-js"] / t["floor"]
            for name, value in pairs.items():
                ratios.setdefault(name, []).append(value)
        outputs = [
            Path(f"{tmp}/{kind}{n}{suffix}.json").read_text()
            for n in range(len(ours))
            for kind, suffix in [("warm", "")] + [("cold", f"-{i}") for i in range(args.rounds)]
        ]
        same = len(set(outputs)) == 1
    print(
        f"{len(items)} entries ({args.file}), APA, whole processes, median of {args.rounds} "
        f"rounds{'' if has_js else ' (citeproc-js not installed)'}"
    )
    print("  seconds: " + ", ".join(f"{k} {statistics.median(v):.3f}" for k, v in seconds.items()))
    for name, values in ratios.items():
        print(f"  {name:<64} {statistics.median(values):7.2f}x")
    if len(ours) > 1:
        print(f"  every checkout's cold and warm outputs identical: {same}")
    else:
        print(f"  warm output identical to cold: {same}")
    if args.profile:
        profile(items)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
