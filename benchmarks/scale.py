"""A 20,000-entry library: loading, list, check and render, against bibtexparser's own parse.

    python benchmarks/scale.py [--entries 20000] [--repeat 3]

Writes a synthetic library (four .bib files of realistic entries: names with particles and
accents, LaTeX, braces, DOIs, pages, some @string macros) and an event of 50 of its entries,
then times, best of --repeat runs, each in this process:

- baseline: bibtexparser.parse_string on the same files (what any tool must pay to read them);
- readinglist's Library.load (parse, locate every block, resolve macros, index keys);
- `readinglist list`, `readinglist check` and `readinglist render` of the 50-entry event.

It prints each as a ratio to the baseline (this machine is shared and noisy; ratios measured
in one run are what compare).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import bibtexparser
from click.testing import CliRunner

from readinglist.cli import main
from readinglist.library import Library

FAMILIES = [
    "Smith",
    "van der Berg",
    "Müller",
    "O'Brien",
    "de la Cruz",
    "Nguyen",
    "Kowalski",
    "Zamora-L{\\'o}pez",
    "Weissman",
    "Law",
    "Pearson",
    "Rose",
    "García",
    "Ødegård",
]
GIVEN = ["Ann", "B. J.", "Jean-Paul", "Myrna M.", "Kieran", "Łukasz", "Zoë", "R."]
WORDS = [
    "interpersonal",
    "psychotherapy",
    "depression",
    "outcome",
    "trial",
    "{DNA}",
    "model",
    "adolescents",
    "common",
    "factors",
    "meta-analysis",
    "randomized",
    "{IPT}",
    "care",
]
JOURNALS = ["jpsych", "{World Psychiatry}", "{Autism in Adulthood}", "{The Lancet}"]


def entry(rng: random.Random, index: int) -> str:
    authors = " and ".join(
        f"{rng.choice(FAMILIES)}, {rng.choice(GIVEN)}" for _ in range(rng.randint(1, 6))
    )
    title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12))).capitalize()
    year = rng.randint(1960, 2025)
    first = rng.randint(1, 900)
    kind = rng.choice(["article", "article", "article", "book", "incollection"])
    fields = [f"  author = {{{authors}}}", f"  title = {{{title}}}", f"  year = {year}"]
    if kind == "article":
        fields += [
            f"  journal = {rng.choice(JOURNALS)}",
            f"  volume = {{{rng.randint(1, 80)}}}",
            f"  number = {{{rng.randint(1, 12)}}}",
            f"  pages = {{{first}--{first + 20}}}",
            f"  doi = {{10.{rng.randint(1000, 9999)}/x.{index}}}",
        ]
    elif kind == "book":
        fields += ["  publisher = {Oxford University Press}", "  address = {Oxford}"]
    else:
        fields += [
            "  booktitle = {Handbook of Interpersonal Psychotherapy}",
            "  editor = {Weissman, Myrna M.}",
            "  publisher = {Routledge}",
            f"  pages = {{{first}--{first + 30}}}",
        ]
    return f"@{kind}{{e{index},\n" + ",\n".join(fields) + "\n}\n"


def make(folder: Path, count: int) -> list[Path]:
    rng = random.Random(2024)
    (folder / "refs").mkdir(parents=True)
    (folder / "events").mkdir()
    paths = []
    per_file = count // 4
    for part in range(4):
        head = '@string{jpsych = "Journal of Psychotherapy"}\n% part of a large library\n\n'
        body = "\n".join(entry(rng, part * per_file + i) for i in range(per_file))
        path = folder / "refs" / f"part{part}.bib"
        path.write_text(head + body, encoding="utf-8")
        paths.append(path)
    keys = ", ".join(f'"e{i}"' for i in range(0, count, count // 50))
    (folder / "events" / "big.toml").write_text(
        f'title = "A large event"\ndate = 2024-01-15\n\n[[sections]]\ntitle = "All"\n'
        f"references = [{keys}]\n",
        encoding="utf-8",
    )
    return paths


def best(repeat: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main_(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        paths = make(root, args.entries)
        texts = [p.read_text(encoding="utf-8") for p in paths]

        def baseline() -> None:
            for text in texts:
                bibtexparser.parse_string(text, parse_stack=[])  # type: ignore[attr-defined]

        def load() -> None:
            library = Library.load([root / "refs"])
            assert len(library) == args.entries, len(library)

        def command(*words: str) -> Callable[[], None]:
            def run() -> None:
                result = runner.invoke(main, ["--root", str(root), *words])
                assert result.exit_code == 0, result.output[-500:]

            return run

        base = best(args.repeat, baseline)
        figures = [
            ("Library.load", best(args.repeat, load)),
            ("readinglist list", best(args.repeat, command("list"))),
            ("readinglist check", best(args.repeat, command("check"))),
            ("readinglist render (50 entries)", best(args.repeat, command("render", "big"))),
        ]
    print(
        f"{args.entries:,} entries in 4 files; best of {args.repeat}; ratio to "
        "bibtexparser.parse_string of the same files"
    )
    for name, seconds in figures:
        print(f"  {name:<34} {seconds / base:6.2f} x")
    return 0


if __name__ == "__main__":
    sys.exit(main_())
