"""A 20,000-entry library, whole commands in fresh processes: cold (nothing cached) and warm.

    python benchmarks/scale.py [--entries 20000] [--rounds 5] [--source DIR ...]
                               [--citeproc-js DIR]

Writes a synthetic library (four .bib files of realistic entries: names with particles and
accents, LaTeX, braces, DOIs, pages, some @string macros) and an event of 50 of its entries.
Each round runs, every one in a fresh process with the same Python:

- the baselines: ``python -c pass`` (what any Python program pays to start) and a process
  that only runs bibtexparser.parse_string on the four files (what any tool pays to read them
  once);
- ``readinglist show KEY``, ``list``, ``check`` and ``render`` of the 50-entry event, cold
  (an empty cache folder) and warm (the same command run just before; with
  ``READINGLIST_REPLAY=off``, so that the command runs rather than print its kept answer).

The event's 50 entries are also rendered in APA, as CSL-JSON, by three baselines in each round:
stock citeproc-py, the floor (``benchmarks/floor_apa.py``, APA hard-coded in plain Python)
and, with ``--citeproc-js DIR`` (a folder where ``npm install citeproc@2.4.63`` was run),
citeproc-js; the ``render`` rows are also given as ratios to these.

It prints, for each command, the median over the rounds of its time and of its ratio to each
baseline measured in the same round: this machine is shared and noisy, so ratios measured
side by side are what compare. ``--source DIR`` (repeatable) runs the commands from other
checkouts (``PYTHONPATH=DIR``), each in every round, to compare before and after in one run.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from render import STOCK

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


PARSE_ONLY = """
import sys, bibtexparser
for path in sys.argv[1:]:
    bibtexparser.parse_string(open(path, encoding="utf-8").read(), parse_stack=[])
"""

COMMANDS = [
    ("show KEY", ["show", "e100"]),
    ("list", ["list"]),
    ("check", ["check"]),
    ("render (50 entries)", ["render", "big"]),
]


def timed(argv: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, check=False)
    seconds = time.perf_counter() - start
    if result.returncode not in (0, 1):  # check exits 1 when it finds problems
        raise SystemExit(f"{argv}: exit {result.returncode}\n{result.stderr.decode()[-800:]}")
    return seconds


def baselines(root: Path, citeproc_js: Path | None) -> dict[str, tuple[list[str], dict[str, str]]]:
    """The commands that render the event's entries without readinglist, by name, each with
    what its environment adds; the entries are written to ``big.json`` in `root`."""
    import json

    from readinglist.events import load_event
    from readinglist.library import Library

    event = load_event(root / "events" / "big.toml")
    items = Library.load([root / "refs"]).to_csl(list(event.keys))
    path = root / "big.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    python = [sys.executable, "-W", "ignore"]
    floor = str(Path(__file__).resolve().parent / "floor_apa.py")
    found: dict[str, tuple[list[str], dict[str, str]]] = {
        "floor (APA in plain Python)": ([*python, floor, str(path)], {}),
        "stock citeproc-py": ([*python, "-c", STOCK, str(path)], {}),
    }
    if citeproc_js and (citeproc_js / "node_modules" / "citeproc").is_dir():
        import citeproc

        locales = Path(citeproc.__file__).parent / "data" / "locales"
        style = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "styles" / "apa.csl"
        job = {"style": style.read_text(), "lang": "en-US", "locales": str(locales)}
        (root / "big-job.json").write_text(json.dumps({**job, "items": items}))
        script = Path(__file__).resolve().parent / "oracle" / "citeproc.js"
        command = ["sh", "-c", f'node "{script}" < "{root / "big-job.json"}" > /dev/null']
        found["citeproc-js"] = (command, {"NODE_PATH": str(citeproc_js / "node_modules")})
    return found


def main_(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--source", type=Path, action="append", help="run readinglist from this checkout"
    )
    parser.add_argument("--citeproc-js", type=Path, help="folder holding node_modules/citeproc")
    args = parser.parse_args(argv)
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "library"
        paths = make(root, args.entries)
        env = dict(os.environ, READINGLIST_CACHE_DIR=str(Path(tmp) / "cache"))
        # The commands themselves, warm: a repeat of the same command line would otherwise be
        # answered from its kept answer (readinglist.replay; see benchmarks/startup.py).
        env["READINGLIST_REPLAY"] = "off"
        env.pop("READINGLIST_RENDER_CACHE", None)
        # As installed: bytecode compiled once (here into a folder of its own, so that no
        # checkout is written to), not compiled afresh by every process.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        sources: list[Path | None] = list(args.source or [None])
        others = baselines(root, args.citeproc_js)
        rows: dict[str, list[tuple[float, float, float]]] = {}
        # The render rows' ratios to each baseline that renders the same entries, by round.
        against: dict[str, dict[str, list[float]]] = {}
        for _ in range(args.rounds):
            bare = timed([python, "-c", "pass"], env, root)
            parse = timed([python, "-c", PARSE_ONLY, *map(str, paths)], env, root)
            rows.setdefault("python -c pass", []).append((bare, 1.0, bare / parse))
            rows.setdefault("bibtexparser parse only", []).append((parse, parse / bare, 1.0))
            renders: dict[str, float] = {}
            for name, (command, extra) in others.items():
                seconds = timed(command, dict(env, **extra), root)
                renders[name] = seconds
                rows.setdefault(name, []).append((seconds, seconds / bare, seconds / parse))
            for source in sources:
                code = dict(env, PYTHONPATH=str(source.resolve())) if source else env
                label = f" [{source.name}]" if len(sources) > 1 and source else ""
                for name, words in COMMANDS:
                    command = [python, "-m", "readinglist", *words]
                    shutil.rmtree(Path(tmp) / "cache", ignore_errors=True)
                    cold = timed(command, code, root)
                    warm = timed(command, code, root)
                    for kind, seconds in (("cold", cold), ("warm", warm)):
                        rows.setdefault(f"{name}, {kind}{label}", []).append(
                            (seconds, seconds / bare, seconds / parse)
                        )
                        if words[0] == "render":
                            row = against.setdefault(f"{name}, {kind}{label}", {})
                            for other, other_seconds in renders.items():
                                row.setdefault(other, []).append(seconds / other_seconds)
    where = ", ".join(str(s) for s in sources if s)
    print(
        f"{args.entries:,} entries in 4 files; fresh process per command; median of "
        f"{args.rounds} rounds{f' (code from {where})' if where else ''}"
    )
    print(f"  {'job':<36} {'seconds':>8} {'/ python -c pass':>17} {'/ bibtexparser':>15}")
    for name, values in rows.items():
        seconds = statistics.median(v[0] for v in values)
        to_bare = statistics.median(v[1] for v in values)
        to_parse = statistics.median(v[2] for v in values)
        print(f"  {name:<36} {seconds:8.3f} {to_bare:16.1f}x {to_parse:14.2f}x")
    print("\n  the render rows against the baselines that render the same 50 entries:")
    for name, ratios in against.items():
        cells = ", ".join(f"/ {o} {statistics.median(v):.2f}x" for o, v in ratios.items())
        print(f"  {name:<36} {cells}")
    return 0


if __name__ == "__main__":
    sys.exit(main_())
