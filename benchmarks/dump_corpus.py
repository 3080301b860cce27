"""Every entry of ../shared/corpus rendered in the four tuned styles, as one file to compare.

    python benchmarks/dump_corpus.py OUT.jsonl [--corpus DIR]

A change to the citeproc layer that should not change any output is checked by dumping the
corpus before and after and comparing the two files (``cmp``). Both measures are dumped: the
corpus's CSL-JSON and our own conversion of its .bib files.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from fidelity import DEFAULT_CORPUS, STYLES, end_to_end_items, renderer_items

from readinglist.render import engine


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    names = sorted(p.stem for p in (args.corpus / "csljson").glob("*.json"))
    with args.out.open("w", encoding="utf-8") as out:
        for style in STYLES:
            for name in names:
                for measure, load in (("renderer", renderer_items), ("bib", end_to_end_items)):
                    items = load(args.corpus, name)
                    for r in engine.render_bibliography(items, style, cache=False):
                        row = {"style": style, "file": name, "measure": measure, "key": r.key}
                        out.write(json.dumps({**row, "html": r.html, "text": r.text}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
