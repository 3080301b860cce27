"""Where the two reference processors agree, how often readinglist differs: over random styles.

    python benchmarks/agreement.py [--styles 150] [--seed 11] [--per-type 3] [--show 3]
                                   [--json FILE]

pandoc's citeproc and citeproc-js disagree on many points CSL leaves open (docs/popular-
styles.md lists them); an entry on which both print the same text is one where the answer is
settled. This renders the corpus's entries of every type (benchmarks/all_styles.py's choice,
entries holding TeX left out) in ``--styles`` independent bundled styles drawn at random
(seeded) with readinglist, pandoc (pypandoc's binary) and citeproc-js (as
benchmarks/popular_styles.py runs it, same style file and locale), and counts the entries
where pandoc and citeproc-js agree and readinglist does not. Text is compared without white
space (the three lay out display blocks in plain text differently). It prints each style with
a difference, the total, and ``--show`` examples per style. A style on which citeproc-js
fails (its own error) is passed over and listed; another is drawn in its place.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import all_styles
import popular_styles

from readinglist.errors import StyleError
from readinglist.render import engine, styles


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner)


def _bare(text: str) -> str:
    """Text compared: markup and entities gone, no white space at all."""
    return "".join(popular_styles.normalise(popular_styles.plain(text)).split())


def pandoc_html(markdown: str, items: list[dict[str, Any]], style: Path, lang: str) -> str:
    """pandoc's HTML of the Markdown document `markdown`, citing `items` in `style`."""
    import pypandoc

    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "items.json").write_text(json.dumps(items), encoding="utf-8")
        (Path(folder) / "doc.md").write_text(markdown, encoding="utf-8")
        done = subprocess.run(
            [
                pypandoc.get_pandoc_path(),
                f"{folder}/doc.md",
                "--citeproc",
                "--bibliography",
                f"{folder}/items.json",
                "--csl",
                str(style),
                "-M",
                f"lang={lang}",
                "-t",
                "html",
                "--wrap=none",
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    return done.stdout


def pandoc_texts(items: list[dict[str, Any]], style: Path, lang: str) -> dict[str, str]:
    """pandoc's bibliography of `items`, by id."""
    output = pandoc_html('---\nnocite: "@*"\n---\n', items, style, lang)
    chunks = re.split(r'<div id="ref-([^"]*)" class="csl-entry"[^>]*>', output)
    out = {}
    for n in range(1, len(chunks), 2):
        body = re.sub(r"(\s*</div>)+\s*$", "", chunks[n + 1].strip())
        out[html.unescape(chunks[n])] = re.sub(r"<[^>]+>", " ", body)
    return out


def entries(corpus: Path, per_type: int) -> list[dict[str, Any]]:
    """The corpus's entries of every type (benchmarks/all_styles.py's choice), those holding
    TeX left out (pandoc reads TeX in CSL-JSON, citeproc-js does not)."""
    return [
        item
        for item in all_styles.entries([corpus], per_type)
        if not any(popular_styles.TEX.search(s) for s in _strings(item))
    ]


def arguments(doc: str | None, styles: int, per_type: int) -> argparse.ArgumentParser:
    """The options both agreement measures take, with their own defaults."""
    parser = argparse.ArgumentParser(description=(doc or "").split("\n\n")[0])
    parser.add_argument("--styles", type=int, default=styles)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--per-type", type=int, default=per_type)
    parser.add_argument("--corpus", type=Path, default=all_styles.DEFAULT_CORPUS)
    parser.add_argument("--show", type=int, default=0, help="examples per style")
    parser.add_argument("--json", type=Path, help="write every difference to this file")
    return parser


def print_differences(found: dict[str, list[tuple[str, str, str]]], show: int) -> None:
    """Each style with a difference, most first, and `show` of its differences (what was
    rendered, ours, what both reference processors print)."""
    for style, rows in sorted(found.items(), key=lambda kv: -len(kv[1])):
        print(f"{len(rows):>4}  {style}")
        for key, mine, both in rows[:show]:
            print(f"        {key}\n          ours: {mine}\n          both: {both}")


def report(
    args: argparse.Namespace,
    found: dict[str, list[tuple[str, str, str]]],
    measured: str,
    counts: tuple[int, int, str],
    passed_over: list[str] | None = None,
) -> int:
    """Print the differences and the summary line ("`measured`: the reference processors
    agree on N `unit`; readinglist differs on M"), `counts` being (agreed, differ, unit);
    write the differences to ``--json``."""
    agreed, differ, unit = counts
    print_differences(found, args.show)
    for line in passed_over or []:
        print(f"passed over, citeproc-js failed: {line}")
    share = 1 - differ / agreed if agreed else 1.0
    print(
        f"{measured}: the reference processors agree on {agreed} {unit}; readinglist differs"
        f" on {differ} ({share:.1%} equal)"
    )
    if args.json:
        args.json.write_text(json.dumps(found, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = arguments(__doc__, styles=150, per_type=3)
    args = parser.parse_args(argv)
    items = entries(args.corpus, args.per_type)
    version = popular_styles.ensure_citeproc_js()
    candidates = all_styles.independent_styles()
    random.Random(args.seed).shuffle(candidates)
    measured = agreed = differ = 0
    found: dict[str, list[tuple[str, str, str]]] = {}
    failed: list[str] = []  # styles citeproc-js fails on, passed over
    for path in candidates:
        if measured >= args.styles:
            break
        lang = styles.effective_locale(styles.resolve_style(str(path)), None)
        try:
            rendered = engine.render_bibliography(items, str(path), lang, cache=False)
        except StyleError:  # a style without a bibliography
            continue
        try:
            theirs = popular_styles.citeproc_js(items, path, lang, version)["text"]
        except RuntimeError as exc:  # citeproc-js failed on this style: nothing to compare
            lines = str(exc).splitlines()
            why = next((line for line in lines if "Error" in line), lines[0])
            failed.append(f"{path.stem}: {why.strip()[:100]}")
            continue
        measured += 1
        ours = {r.key: r.text for r in rendered}
        pandoc = pandoc_texts(items, path, lang)
        for key, text in theirs.items():
            if key not in pandoc or key not in ours or _bare(pandoc[key]) != _bare(text):
                continue
            agreed += 1
            if _bare(ours[key]) != _bare(text):
                differ += 1
                found.setdefault(path.stem, []).append((key, ours[key], text))
    return report(
        args,
        found,
        f"{measured} styles (seed {args.seed}), {len(items)} entries each",
        (agreed, differ, "entries"),
        failed,
    )


if __name__ == "__main__":
    sys.exit(main())
