"""Formatting fidelity per file and per style, on ../shared/corpus and benchmarks/corpus.

    python benchmarks/fidelity_files.py [--corpus DIR ...] [--style apa ...] [--file NAME ...]
                                        [--show N] [--json FILE]

For every .bib file of each corpus (the layout of ../shared/corpus: bib/, csljson/, oracle/),
two measures, as in benchmarks/fidelity.py:

- renderer: readinglist renders the oracle's CSL-JSON (pandoc's conversion of the .bib);
- end to end: readinglist reads the .bib itself.

An entry matches when our plain text equals pandoc's (from the .bib or the CSL-JSON) or
citeproc-js's, after benchmarks/fidelity.py's normalisation. Entries where every reference
processor is wrong in a way we are not ("apart") are left out of the share, in two kinds:

- garbage: input garbage copied into the text (benchmarks/fidelity.py's GARBAGE: a DOI field
  holding a URL, LaTeX left in URLs);
- tex: braces, ``$…$`` math or TeX commands copied into the text, or a dotted acronym that the
  processor lower-cased ("u.s." where we keep "U.S.").

and, in the end-to-end measure only, entries where pandoc's reading of the .bib is wrong and
nothing else differs ("p", by cause: TEXT_ERRORS, an empty book title, a date part 0 pandoc
invents, biblatex's ``issue`` dropped; docs/corpus-fidelity.md says why each is wrong). The
renderer measure renders pandoc's CSL-JSON, errors included, so it cannot tell them.

The last column is end to end minus renderer: how much our .bib reading costs.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import fidelity  # noqa: E402  (the sibling benchmark: normalisation and input readers)
from pandoc_errors import MAPPING_ERRORS, pandoc_error  # noqa: E402  (a sibling module)

from readinglist.bibtex import bibfile  # noqa: E402
from readinglist.render import engine  # noqa: E402

CORPORA = (fidelity.DEFAULT_CORPUS, HERE / "corpus")
ANSWERS = ("pandoc", "pandoc_cj", "citeprocjs")
TEX = re.compile(r"[{}]|\$[^$]+\$|\\[A-Za-z]+|\\[&%_#$()\[\]\"'`^~=.]")
# A dotted abbreviation with a capital in it ("U.S.", "e.V."), which pandoc lower-cases.
ACRONYM = re.compile(r"\b(?=[a-z.]*[A-Z])(?:[A-Za-z]\.){2,}")


@dataclass
class Tally:
    total: int = 0
    matched: int = 0
    garbage: int = 0
    tex: int = 0
    pandoc: Counter[str] = field(default_factory=Counter)  # pandoc's errors, by cause
    misses: list[tuple[str, str, str]] = field(default_factory=list)
    counted_keys: set[str] = field(default_factory=set)  # neither garbage, TeX nor pandoc's
    matched_keys: set[str] = field(default_factory=set)

    @property
    def share(self) -> float:
        counted = self.total - self.garbage - self.tex - sum(self.pandoc.values())
        return 100.0 * self.matched / counted if counted else 0.0

    def share_on(self, keys: set[str]) -> float:
        """The share over the counted entries that are in `keys`."""
        counted = self.counted_keys & keys
        return 100.0 * len(self.matched_keys & counted) / len(counted) if counted else 0.0


def gap(renderer: Tally, end: Tally) -> float:
    """End to end minus renderer over the same entries: those both measures count. An entry
    counted apart from one measure (pandoc's misreading, garbage or TeX that the renderer
    copies from pandoc's CSL-JSON and so matches) is left out of the other's share too."""
    same = renderer.counted_keys & end.counted_keys
    return end.share_on(same) - renderer.share_on(same)


def processor_is_wrong(mine: str, answers: list[str]) -> bool:
    """Every answer copies TeX into the text, or an answer differs from ours only in dotted
    abbreviations it lower-cases ("u.s.", "e.v.") where we keep them."""
    if all(TEX.search(answer) for answer in answers):
        return True
    acronyms = ACRONYM.findall(mine)
    if not acronyms:
        return False
    for answer in answers:
        restored = answer
        for acronym in acronyms:
            restored = restored.replace(acronym.lower(), acronym)
        if restored == mine and answer != mine:
            return True
    return False


def _pandoc_cause(
    mine: str,
    answers: list[str],
    style: str,
    key: str,
    pandoc_items: dict[str, dict[str, Any]] | None,
    variants: dict[str, list[tuple[str, str]]],
) -> str | None:
    """Why pandoc's answer is wrong where nothing else differs, or None."""
    if pandoc_items is None:
        return None
    cause = pandoc_error(mine, answers, pandoc_items.get(key))
    if cause:
        return cause
    for cause, text in variants.get(key, []):
        if fidelity.normalise(text, style) in answers:
            return cause
    return None


def tally(
    rendered: dict[str, str],
    oracle: dict[str, Any],
    style: str,
    name: str,
    pandoc_items: dict[str, dict[str, Any]] | None = None,
    variants: dict[str, list[tuple[str, str]]] | None = None,
) -> Tally:
    """Match our texts against the oracle. `pandoc_items` (pandoc's CSL-JSON by key) and
    `variants` (by key: MAPPING_ERRORS causes, and our text with pandoc's mapping errors made)
    let pandoc's errors count apart; both only for the end-to-end measure."""
    variants = variants or {}
    result = Tally()
    for key, mine_raw in rendered.items():
        expected = oracle.get(key)
        if not isinstance(expected, dict):
            continue
        answers = [fidelity.normalise(expected[k], style) for k in ANSWERS if expected.get(k)]
        if not answers:
            continue
        result.total += 1
        mine = fidelity.normalise(mine_raw, style)
        if mine in answers:
            result.matched += 1
            result.matched_keys.add(key)
            result.counted_keys.add(key)
        elif all(fidelity.GARBAGE.search(answer) for answer in answers):
            result.garbage += 1
        elif processor_is_wrong(mine, answers):
            result.tex += 1
        elif cause := _pandoc_cause(mine, answers, style, key, pandoc_items, variants):
            result.pandoc[cause] += 1
        else:
            result.counted_keys.add(key)
            closest = max(answers, key=lambda a: difflib.SequenceMatcher(None, mine, a).ratio())
            result.misses.append((f"{name}:{key}", mine, closest))
    return result


def measure_file(corpus: Path, name: str, style: str, which: str) -> Tally:
    oracle = json.loads((corpus / "oracle" / style / f"{name}.json").read_text())["entries"]
    read = fidelity.renderer_items if which == "renderer" else fidelity.end_to_end_items
    items = read(corpus, name)
    rendered = {r.key: r.text for r in engine.render_bibliography(items, style, "en-US")}
    if which == "renderer":
        return tally(rendered, oracle, style, name)
    pandoc_items = {item["id"]: item for item in fidelity.renderer_items(corpus, name)}
    bib = bibfile.parse((corpus / "bib" / f"{name}.bib").read_text(encoding="utf-8"))
    references = {r.key: r for r in bib.references}
    # Each of pandoc's errors made alone, then all those an entry has made together (an entry
    # can have two), each rendered with the whole file (year suffixes depend on the others).
    variants: dict[str, list[tuple[str, str]]] = {}
    together = list(items)
    causes: dict[str, list[str]] = {}
    for cause, make in MAPPING_ERRORS.items():
        changed = [
            make(item, pandoc_items.get(item["id"], item), references.get(item["id"]))
            for item in items
        ]
        keys = {a["id"] for a, b in zip(changed, items, strict=True) if a is not b}
        for i, item in enumerate(together):
            if item["id"] in keys:
                causes.setdefault(item["id"], []).append(cause)
                together[i] = make(item, pandoc_items[item["id"]], references.get(item["id"]))
        # An entry pandoc reads rightly can still print otherwise when another one is read
        # wrongly (its year suffix follows the others' order): it counts apart too.
        if keys:
            for r in engine.render_bibliography(changed, style, "en-US"):
                if r.key in keys or r.text != rendered.get(r.key):
                    variants.setdefault(r.key, []).append((cause, r.text))
    several = {key for key, found in causes.items() if len(found) > 1}
    if several:
        label = "+".join(sorted({c for found in causes.values() for c in found}))
        for r in engine.render_bibliography(together, style, "en-US"):
            if r.key in several:
                variants[r.key].append(("+".join(causes[r.key]), r.text))
            elif r.text != rendered.get(r.key):
                variants.setdefault(r.key, []).append((label, r.text))
    return tally(rendered, oracle, style, name, pandoc_items, variants)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, action="append")
    parser.add_argument("--style", action="append", choices=fidelity.STYLES)
    parser.add_argument("--file", action="append", help="only these files (name without .bib)")
    parser.add_argument("--show", type=int, default=0, help="print N end-to-end misses per row")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument(
        "--causes", type=Path, help="write the end-to-end-only misses, grouped, to this file"
    )
    parser.add_argument("--top", type=int, default=8, help="groups per style in --causes")
    args = parser.parse_args(argv)
    gaps: dict[str, list[tuple[str, str, str]]] = {}
    figures: dict[str, dict[str, dict[str, Any]]] = {}
    print(
        f"{'file':<40} {'style':<24} {'entries':>7} {'renderer':>9} {'end2end':>8} "
        f"{'gap':>6} {'apart g/t/p':>11}"
    )
    for corpus in args.corpus or CORPORA:
        if not (corpus / "oracle").is_dir():
            print(f"(no corpus at {corpus})", file=sys.stderr)
            continue
        names = sorted(p.stem for p in (corpus / "bib").glob("*.bib"))
        for name in [n for n in names if not args.file or n in args.file]:
            for style in args.style or fidelity.STYLES:
                renderer = measure_file(corpus, name, style, "renderer")
                end = measure_file(corpus, name, style, "end-to-end")
                difference = gap(renderer, end)  # over the entries both measures count
                figures.setdefault(name, {})[style] = {
                    "entries": end.total,
                    "renderer": round(renderer.share, 1),
                    "end-to-end": round(end.share, 1),
                    "gap": round(difference, 1),
                    "pandoc-wrong": dict(end.pandoc),
                }
                print(
                    f"{name[:40]:<40} {style:<24} {end.total:>7} {renderer.share:>8.1f}% "
                    f"{end.share:>7.1f}% {difference:>+6.1f} "
                    f"{f'{end.garbage}/{end.tex}/{sum(end.pandoc.values())}':>10}",
                    flush=True,
                )
                renderer_missed = {key for key, _, _ in renderer.misses}
                gaps.setdefault(style, []).extend(
                    miss for miss in end.misses if miss[0] not in renderer_missed
                )
                for key, ours, theirs in end.misses[: args.show]:
                    print(f"  {key}\n    ours:   {ours}\n    oracle: {theirs}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    if args.causes:
        write_causes(args.causes, figures, gaps, args.top)
    return 0


def write_causes(
    path: Path,
    figures: dict[str, dict[str, dict[str, Any]]],
    gaps: dict[str, list[tuple[str, str, str]]],
    top: int,
) -> None:
    """The figures, and the entries that match from CSL-JSON but not from the .bib (what our
    .bib reading costs), grouped by the shape of their first difference."""
    import popular_styles

    lines = [
        "## Figures: renderer and end to end",
        "",
        "Written by `benchmarks/fidelity_files.py --causes`. Renderer: our renderer on pandoc's"
        " CSL-JSON of each file; end to end: our reading of the .bib. Shares leave out entries"
        " where every reference processor copies garbage or TeX into the text; the end-to-end"
        " share also leaves out the entries where pandoc's reading of the .bib is wrong and"
        " nothing else differs (last column, by cause; see above for why each is wrong). The"
        " gap compares the same entries, those both measures count: an entry counted apart"
        " from one is left out of the other's share too (the renderer renders pandoc's"
        " reading, its errors and the garbage it copies included).",
        "",
        "| file | style | entries | renderer | end to end | gap | pandoc wrong (apart) |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for name, by_style in figures.items():
        for style, f in by_style.items():
            lines.append(
                f"| {name} | {style} | {f['entries']:.0f} | {f['renderer']:.1f} % "
                f"| {f['end-to-end']:.1f} % | {f['gap']:+.1f} | "
                + ", ".join(f"{c} {n}" for c, n in sorted(f["pandoc-wrong"].items()))
                + " |"
            )
    lines += ["", "## Entries that match from CSL-JSON but not from the .bib", ""]
    lines.append("Grouped by the first difference, ours -> reference (digits as 9, words as Ww/w).")
    for style, misses in gaps.items():
        lines += ["", f"### {style} ({len(misses)} entries)", ""]
        patterns = [popular_styles.diff_pattern(m, t) for _, m, t in misses]
        groups = Counter(patterns)
        for pattern, count in groups.most_common(top):
            key, mine, theirs = misses[patterns.index(pattern)]
            lines += [
                f"- **{count}×** `{pattern}` — e.g. `{key}`",
                f"  - ours: {mine}",
                f"  - reference: {theirs}",
            ]
    path.write_text(popular_styles.kept_notes(path) + "\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
