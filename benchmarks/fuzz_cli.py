"""Every command on damaged .bib files: no traceback, no hang.

    python benchmarks/fuzz_cli.py [--seed 1] [--runs 300] [--corpus DIR ...] [--out DIR]
                                  [--timeout 30]

Each run takes one to eight entries of a real .bib file (``../shared/corpus`` and
``benchmarks/corpus``, or ``--corpus`` folders with a ``bib/`` of their own), damages them in
one to six places (a brace, quote, ``@``, TeX command, field name, control or far Unicode
character inserted; a span deleted or repeated; letters upper-cased), and runs the commands a
user would on the result, in a fresh folder, in-process: ``format`` (a random style and
output), ``init``, ``import``, ``check``, ``list``, ``show``, ``event new`` and ``event
add``, ``render`` (text, HTML, Markdown, Word), ``export`` (BibTeX, RIS, CSL-JSON) and
``build``; then it damages the RIS and CSL-JSON exports in turn and imports and formats
them.

A command may succeed or fail with its one-line error (exit 1 or 2). What is reported, with
the input kept under ``--out``: a traceback, a command that takes longer than ``--timeout``
seconds, or any other exit code. It prints one line per finding and a count per command
and exit code; it exits 1 when anything was found.
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import re
import shutil
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from readinglist.cli import main as cli

ROOT = Path(__file__).resolve().parents[1]
CORPORA = (ROOT.parent / "shared" / "corpus", ROOT / "benchmarks" / "corpus")
STYLES = (
    "apa",
    "ieee",
    "chicago-notes-bibliography",
    "vancouver-nlm",
    "harvard-cite-them-right",
    "modern-language-association",
    "american-medical-association",
    "nature",
    "elsevier-harvard",
    "chicago-author-date",
)
# What goes into the text: BibTeX's own syntax, fields that carry rules, TeX, names.
PIECES = (
    *"{}\"@,=\\%#$^_~&<>?/-",
    "\x00", "\r", "\r\n", "\t", "\n", "\n\n", "\ufeff", "\u202e", "\u0301", "ǅ", "ß", "é",
    "\\\"{", "{\\", "\\url{", "\\textit{", "{\\em ", "\\c{", "\\v", "\\'", "\\relax", "\\def",
    "\\\\", "\\i", "{\\i}", "\\ss", "$$", "}}}}", "{{{{", "9" * 30, "-1", "0", "..", "~~",
    "@comment{", "@string{a=", "@preamble{", " and ", " and others", "and {", "van der",
    "von", ",,", "Jr.", "et al.", "--", "10.1000/x", "http://", "2020/",
    *(
        f"{name} = {{"
        for name in (
            "year", "author", "date", "title", "crossref", "xdata", "pages", "doi", "edition",
            "volume", "langid", "hyphenation", "ids", "related", "entrysubtype", "type",
            "file", "keywords", "annote", "urldate", "eprint", "eprinttype", "isbn", "issn",
            "pmid", "number", "series", "editor", "translator",
        )
    ),
    "month = ", "jan",
)  # fmt: skip


class TimedOut(Exception):
    """A command ran past --timeout."""


def _alarm(*_: Any) -> None:
    raise TimedOut


def entries(text: str, rng: random.Random) -> str:
    """One to eight consecutive entries of `text` (or its start, when it has none)."""
    starts = [m.start() for m in re.finditer(r"(?m)^@", text)]
    if not starts:
        return text[:3000]
    first = rng.randrange(len(starts))
    last = min(len(starts), first + rng.randint(1, 8))
    return text[starts[first] : starts[last] if last < len(starts) else len(text)]


def damaged(text: str, rng: random.Random) -> str:
    """`text` damaged in one to six places."""
    for _ in range(rng.randint(1, 6)):
        kind, at = rng.random(), rng.randint(0, len(text))
        if kind < 0.45:
            text = text[:at] + rng.choice(PIECES) + text[at:]
        elif kind < 0.65:
            text = text[:at] + text[at + rng.randint(1, 40) :]
        elif kind < 0.8:
            end = at + rng.randint(1, 80)
            text = text[:at] + text[at:end] * rng.randint(2, 4) + text[end:]
        elif kind < 0.9:
            text = text[:at] + chr(rng.randint(1, 0x2FFF)) + text[at:]
        else:
            end = at + rng.randint(1, 5)
            text = text[:at] + text[at:end].upper() + text[end:]
    return text


def commands(folder: Path, bib: str, rng: random.Random) -> list[list[str]]:
    """The commands of one run; ``["damage"]`` stands for damaging the exports."""
    style = rng.choice(STYLES)
    source = str(folder / "in.bib")
    out = [
        ["format", source, "--style", style, "--format", rng.choice(["text", "html", "md"])],
        ["init"],
        ["import", source],
        ["check"],
        ["list"],
    ]
    keys = re.findall(r"@\w+\s*\{\s*([^,\s]+)\s*,", bib)
    if keys:
        out += [
            ["show", rng.choice(keys)],
            ["event", "new", "ev", "--title", "T", "--date", "2024-01-15"],
            ["event", "add", "ev", *keys[:5]],
            ["render", "ev", "--style", style, "--format", rng.choice(["text", "html", "md"])],
            ["render", "ev", "-o", str(folder / "list.docx")],
            ["export", "ev"],
            ["export", "ev", "-o", str(folder / "x.ris")],
            ["export", "ev", "-o", str(folder / "x.json")],
            ["build", str(folder / "site")],
            ["damage"],
            ["import", str(folder / "y.ris"), "--dry-run"],
            ["import", str(folder / "y.json"), "--dry-run"],
            ["format", str(folder / "y.json"), "--style", style],
        ]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--corpus", type=Path, action="append", help="a folder with bib/")
    parser.add_argument("--out", type=Path, default=Path("fuzz-findings"))
    parser.add_argument("--timeout", type=int, default=30)
    args = parser.parse_args(argv)
    folders = args.corpus or [c for c in CORPORA if (c / "bib").is_dir()]
    files = sorted(f for c in folders for f in (c / "bib").glob("*.bib"))
    if not files:
        parser.error("no .bib files: give --corpus DIR (a folder holding bib/)")
    rng = random.Random(args.seed)
    runner = CliRunner()
    counts: collections.Counter[tuple[str, int | None]] = collections.Counter()
    found = 0
    previous = signal.signal(signal.SIGALRM, _alarm)
    here = os.getcwd()
    try:
        for run in range(args.runs):
            text = rng.choice(files).read_text(encoding="utf-8", errors="replace")
            bib = damaged(entries(text, rng), rng)
            folder = Path(tempfile.mkdtemp(prefix="fuzz-"))
            try:
                (folder / "in.bib").write_text(bib, encoding="utf-8", errors="surrogatepass")
                os.chdir(folder)
                for command in commands(folder, bib, rng):
                    if command == ["damage"]:
                        for made, kept in (("x.ris", "y.ris"), ("x.json", "y.json")):
                            export = folder / made
                            written = (
                                export.read_text("utf-8", "replace") if export.exists() else ""
                            )
                            (folder / kept).write_text(
                                damaged(written, rng) if written else "",
                                encoding="utf-8",
                                errors="surrogatepass",
                            )
                        continue
                    started = time.monotonic()
                    signal.alarm(args.timeout)
                    try:
                        result = runner.invoke(cli, command, catch_exceptions=True)
                    except TimedOut:
                        result = None
                    finally:
                        signal.alarm(0)
                    name = " ".join(command[:2]) if command[0] == "event" else command[0]
                    code = None if result is None else result.exit_code
                    counts[name, code] += 1
                    crashed = result is not None and not isinstance(
                        result.exception, (SystemExit, type(None))
                    )
                    if result is None or crashed or code not in (0, 1, 2):
                        found += 1
                        kept = args.out / f"seed{args.seed}-run{run}"
                        kept.mkdir(parents=True, exist_ok=True)
                        shutil.copy(folder / "in.bib", kept / "in.bib")
                        trace = (
                            "timed out"
                            if result is None or result.exc_info is None
                            else "".join(traceback.format_exception(*result.exc_info))
                        )
                        seconds = time.monotonic() - started
                        (kept / "report.txt").write_text(
                            f"{command}\n{seconds:.1f} s, exit {code}\n{trace}", encoding="utf-8"
                        )
                        print(f"found: {kept}: {name}: {trace.splitlines()[-1]}", flush=True)
                        break
            finally:
                os.chdir(here)
                shutil.rmtree(folder, ignore_errors=True)
    finally:
        signal.signal(signal.SIGALRM, previous)
    for (name, code), count in sorted(counts.items(), key=str):
        print(f"  {name:<12} exit {code}: {count}")
    print(f"{args.runs} runs (seed {args.seed}): {found} tracebacks, hangs or odd exits")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
