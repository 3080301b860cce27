"""How many of the CSL test suite's citation fixtures our citation layer renders as expected,
beside citeproc-js on the same fixtures.

    python benchmarks/csl_citations.py [--suite ../shared/csl-test-suite] [--citeproc-js DIR]

A fixture of MODE citation gives a style, items and, in CITATION-ITEMS, citation clusters (one
cluster of every item when it has none); its RESULT has one line per cluster. The clusters are
read in order, as an event's text is: a work cited in an earlier cluster is cited again
(CSL 1.0.2 position "subsequent"). Fixtures that
need CITATIONS (positions, notes, ibid.: the citation history) are counted as run by neither
here. Ours: :class:`readinglist.render.citations.Citer` (``author-only`` cites take its
author-only rendering). citeproc-js: ``benchmarks/csl_citations.js`` run with node, when
``--citeproc-js`` names a folder where ``npm install citeproc@2.4.63`` was run. Both render in
the style's default-locale (en-US when it has none), as a user's rendering does and as the
bibliography benchmark runs them. Results are compared after decoding entities (``&#38;`` and
``&amp;`` are the same text).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# After the paths already set: a checkout named by PYTHONPATH is the one measured.
sys.path.append(str(ROOT))

_SECTION = re.compile(r">>=+ ([A-Z-]+) =+>>\n(.*?)\n<<=+ \1 =+<<", re.S)


def read_fixture(path: Path) -> dict[str, str]:
    return dict(_SECTION.findall(path.read_text(encoding="utf-8")))


def jobs(suite: Path) -> tuple[list[dict[str, Any]], int]:
    """The citation fixtures we can run, and how many need CITATIONS."""
    out = []
    skipped = 0
    for path in sorted((suite / "processor-tests" / "humans").glob("*.txt")):
        fixture = read_fixture(path)
        if fixture.get("MODE", "").strip() != "citation":
            continue
        if "CITATIONS" in fixture:
            skipped += 1
            continue
        items = [
            {**item, "id": str(item.get("id", f"ITEM-{n}"))}
            for n, item in enumerate(json.loads(fixture["INPUT"]), 1)
        ]
        if "CITATION-ITEMS" in fixture:
            clusters = json.loads(fixture["CITATION-ITEMS"])
        else:
            clusters = [[{"id": item["id"]} for item in items]]
        out.append(
            {
                "name": path.stem,
                "style": fixture["CSL"],
                "items": items,
                "clusters": clusters,
                "result": fixture["RESULT"],
            }
        )
    return out, skipped


def normalise(text: str) -> str:
    return html.unescape(text).strip()


def ours(job: dict[str, Any], folder: Path) -> str:
    from readinglist.render.citations import Cite, Citer, Cluster

    style = folder / f"{job['name']}.csl"
    style.write_text(job["style"], encoding="utf-8")
    order: dict[str, None] = {}
    for cluster in job["clusters"]:
        for cite in cluster:
            order.setdefault(str(cite["id"]), None)
    by_id = {str(item["id"]): item for item in job["items"]}
    order.update(dict.fromkeys(by_id))
    items = [{**by_id[key], "id": key} for key in order if key in by_id]
    citer = Citer(items, str(style), None)
    lines = []
    seen: set[str] = set()  # the works cited before, as an event's text reads them
    for cluster in job["clusters"]:
        cites = tuple(
            Cite(
                str(c["id"]),
                str(c.get("prefix", "")),
                str(c.get("suffix", "")),
                str(c.get("label", "page" if c.get("locator") else "")),
                str(c.get("locator", "")),
                bool(c.get("suppress-author")),
            )
            for c in cluster
        )
        later = tuple(c.key.casefold() in seen for c in cites)
        seen.update(c.key.casefold() for c in cites)
        if len(cluster) == 1 and cluster[0].get("author-only"):
            lines.append(citer.author_only(cites[0]))
            continue
        lines.append(citer.render(Cluster(cites, False, 0, 0), later).html)
    return "\n".join(lines)


def run_ours(all_jobs: list[dict[str, Any]]) -> dict[str, bool]:
    passed = {}
    with tempfile.TemporaryDirectory() as tmp:
        for job in all_jobs:
            try:
                rendered = ours(job, Path(tmp))
            except Exception:  # noqa: BLE001  (a fixture that breaks the renderer is a miss)
                rendered = "ERROR"
            passed[job["name"]] = normalise(rendered) == normalise(job["result"])
    return passed


def run_citeproc_js(all_jobs: list[dict[str, Any]], modules: Path) -> dict[str, bool]:
    import citeproc

    locales = Path(citeproc.__file__).parent / "data" / "locales"
    out = subprocess.run(
        ["node", str(ROOT / "benchmarks" / "csl_citations.js"), str(locales)],
        input=json.dumps(all_jobs),
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "NODE_PATH": str(modules / "node_modules")},
    ).stdout
    rendered = json.loads(out)
    return {j["name"]: normalise(rendered[j["name"]]) == normalise(j["result"]) for j in all_jobs}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--suite", type=Path, default=ROOT.parent / "shared" / "csl-test-suite")
    parser.add_argument("--citeproc-js", type=Path, help="folder holding node_modules/citeproc")
    parser.add_argument("--show", action="store_true", help="list the fixtures we miss")
    args = parser.parse_args()
    if not (args.suite / "processor-tests").is_dir():
        print(f"no CSL test suite at {args.suite}", file=sys.stderr)
        return 1
    all_jobs, skipped = jobs(args.suite)
    total = len(all_jobs) + skipped
    mine = run_ours(all_jobs)
    print(f"citation fixtures: {total} ({skipped} need CITATIONS and are not run)")
    print(f"readinglist: {sum(mine.values())} of {len(all_jobs)} passed")
    if args.citeproc_js:
        theirs = run_citeproc_js(all_jobs, args.citeproc_js)
        print(f"citeproc-js: {sum(theirs.values())} of {len(all_jobs)} passed")
        both = sum(mine[n] and theirs[n] for n in mine)
        print(f"both: {both}; citeproc-js only: {sum(theirs.values()) - both}")
    if args.show:
        for name, ok in sorted(mine.items()):
            if not ok:
                print(f"  miss: {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
