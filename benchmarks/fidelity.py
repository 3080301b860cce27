"""How often our formatted references equal pandoc's or citeproc-js's, on ../shared/corpus.

    python benchmarks/fidelity.py [--style apa ...] [--corpus DIR] [--show N] [--json FILE]

Two measures, as the corpus README defines them: "renderer" renders the corpus's CSL-JSON
(pandoc's conversion of each .bib), "end to end" renders our own conversion of the .bib files.
An entry matches when our plain text equals pandoc's, pandoc-from-CSL-JSON's or citeproc-js's
after normalising Unicode and whitespace (and the leading number for numeric styles); of those,
"italics" is the share whose italic stretches are also those of citeproc-js's or pandoc's HTML.
"order" is the share of neighbouring entries of our list that stand next to each other, in that
order, in pandoc's or citeproc-js's list too (the order of the list, which the shares above do
not see: they compare entries by key).
Entries where every oracle copies input garbage that we clean ("cleaned") are counted apart:
the share is matched / (total - cleaned).
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from readinglist.bibtex import bibfile
from readinglist.csl import from_bibtex
from readinglist.render import engine

STYLES = ("apa", "harvard-cite-them-right", "nlm-citation-sequence", "chicago-author-date")
DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def normalise(text: str, style: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00a0", " ").replace("\u2009", " ").replace("\u202f", " ")
    text = " ".join(text.split())
    if style == "nlm-citation-sequence":
        text = re.sub(r"^\d+\.\s*", "", text)
    return text


# Input garbage that both reference processors copy into their output: LaTeX left in URLs
# ("primo{\&}accountid", "Effect\_Sizes"), a DOI field holding a URL or a "doi:" label
# ("doi.org/https://…", "doi:https://doi.org/…", EndNote's "Doi: 10.…"). readinglist cleans
# it, so those entries cannot match; they are counted apart instead of being held against us
# (as ../shared/corpus/README.md asks). So is a name "et al." in a name list ("and et al.",
# read as the person "al." with the particle "et": "& al., et", "al. et.", "and et al."),
# which we read as "and others".
GARBAGE = re.compile(
    r"(?i:doi\.org/https?:|doi\.org/doi:|doi:\s?https?:|doi:\s?doi:)"
    r"|\\url\{|\{\\[_&%#]\}|\w\\_|\{~\}|\$\\backslash\$"
    r"|\bal\.?,? et\b|(?:\band|&) et al\b"
)


@dataclass
class Score:
    total: int = 0
    matched: int = 0
    cleaned: int = 0  # entries whose oracle output copies input garbage that we clean
    italics: int = 0  # matched entries whose italic spans are also the oracle's
    # Order: of the neighbouring pairs of entries in our list, how many are neighbours in the
    # same order in pandoc's or citeproc-js's list too (one entry out of place breaks two or
    # three pairs, not every position after it).
    pairs: int = 0
    pairs_in_order: int = 0
    misses: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def share(self) -> float:
        counted = self.total - self.cleaned
        return 100.0 * self.matched / counted if counted else 0.0

    @property
    def order_share(self) -> float:
        return 100.0 * self.pairs_in_order / self.pairs if self.pairs else 100.0


def in_order(ours: list[str], orders: list[list[str]]) -> tuple[int, int]:
    """(pairs of neighbouring entries in `ours` that are neighbours in that order in one of
    `orders`, pairs), over the entries every list has."""
    shared = set(ours).intersection(*orders)
    mine = [key for key in ours if key in shared]
    theirs = [set(pairwise(k for k in order if k in shared)) for order in orders]
    pairs = list(pairwise(mine))
    return sum(any(pair in known for known in theirs) for pair in pairs), len(pairs)


_ITALIC = re.compile(r"<(?:i|em)>(.*?)</(?:i|em)>")


def italic_spans(markup: str, style: str) -> list[str]:
    """The italic stretches of an HTML entry, as normalised text."""
    return [
        normalise(html.unescape(re.sub(r"<[^>]+>", "", span)), style)
        for span in _ITALIC.findall(markup)
    ]


def score(rendered: dict[str, tuple[str, str]], oracle: dict[str, Any], style: str) -> Score:
    result = Score()
    for key, (ours, markup) in rendered.items():
        expected = oracle.get(key)
        if not isinstance(expected, dict):
            continue
        answers = {
            normalise(expected[k], style)
            for k in ("pandoc", "pandoc_cj", "citeprocjs")
            if expected.get(k)
        }
        if not answers:
            continue
        result.total += 1
        mine = normalise(ours, style)
        if mine in answers:
            result.matched += 1
            spans = [
                italic_spans(expected[k], style)
                for k in ("citeprocjs_html", "pandoc_html")
                if expected.get(k)
            ]
            result.italics += italic_spans(markup, style) in spans
        elif all(GARBAGE.search(answer) for answer in answers):
            result.cleaned += 1
        else:
            result.misses.append(
                (
                    key,
                    mine,
                    normalise(expected.get("pandoc") or expected.get("citeprocjs", ""), style),
                )
            )
    return result


def renderer_items(corpus: Path, name: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = json.loads((corpus / "csljson" / f"{name}.json").read_text())
    return items


def end_to_end_items(corpus: Path, name: str) -> list[dict[str, Any]]:
    """Our items for every entry of the .bib, as ``readinglist format`` reads it: an @xdata
    entry only holds fields for others and is never listed (biblatex manual §2.1.1)."""
    bib = bibfile.parse((corpus / "bib" / f"{name}.bib").read_text(encoding="utf-8"))
    by_key = {r.key.casefold(): r for r in bib.references}
    return [
        from_bibtex.to_csl(r, lambda k: by_key.get(k.casefold()))
        for r in bib.references
        if r.entry_type != "xdata"
    ]


def measure(corpus: Path, style: str, measure_name: str) -> Score:
    total = Score()
    for oracle_file in sorted((corpus / "oracle" / style).glob("*.json")):
        name = oracle_file.stem
        content = json.loads(oracle_file.read_text())
        oracle = content["entries"]
        items = (renderer_items if measure_name == "renderer" else end_to_end_items)(corpus, name)
        rendered = {r.key: (r.text, r.html) for r in engine.render_bibliography(items, style)}
        part = score(rendered, oracle, style)
        orders = [list(order) for order in content.get("order", {}).values() if order]
        if orders:
            agreed, pairs = in_order([k for k, (text, _) in rendered.items() if text], orders)
            total.pairs_in_order += agreed
            total.pairs += pairs
        total.total += part.total
        total.matched += part.matched
        total.cleaned += part.cleaned
        total.italics += part.italics
        total.misses.extend((f"{name}:{k}", a, b) for k, a, b in part.misses)
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--style", action="append", choices=STYLES)
    parser.add_argument("--measure", action="append", choices=("renderer", "end-to-end"))
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--show", type=int, default=0, help="print N mismatches per row")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args(argv)
    if not (args.corpus / "oracle").is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    figures: dict[str, dict[str, float]] = {}
    print(
        f"{'style':<26} {'measure':<11} {'matched':>8} {'total':>6} {'cleaned':>8} {'share':>7}"
        f" {'italics':>8} {'order':>7}"
    )
    for style in args.style or STYLES:
        for measure_name in args.measure or ("renderer", "end-to-end"):
            result = measure(args.corpus, style, measure_name)
            figures.setdefault(style, {})[measure_name] = round(result.share, 1)
            print(
                f"{style:<26} {measure_name:<11} {result.matched:>8} {result.total:>6} "
                f"{result.cleaned:>8} {result.share:>6.1f}% "
                f"{100.0 * result.italics / max(result.matched, 1):>7.1f}%"
                f" {result.order_share:>6.1f}%"
            )
            for key, ours, theirs in result.misses[: args.show]:
                print(f"  {key}\n    ours:   {ours}\n    oracle: {theirs}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
