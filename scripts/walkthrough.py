"""Regenerate docs/walkthrough.md: an organiser and a presenter, from an empty folder to a
built site, with commands only.

    python scripts/walkthrough.py [--out docs/walkthrough.md]

Every command runs as a user would run it (a ``readinglist`` process in the library's folder).
Registry look-ups go to a loopback HTTP server that replays recorded answers, as the tests do:
the Crossref-format records of ``tests/data`` (built from the verified facts of
``../shared/fixtures/seed-references.md``; see ``tests/data/README.md``), and the in-press
search answer with the published versions of the seed's in-press works (test DOIs, prefix
10.5555). Nothing reaches the internet. Each step states the exit code it must end with; the
script stops if one does not.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pytest_httpserver import HTTPServer

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
MAX_LINES = 14  # longer outputs are abridged


@dataclass(frozen=True)
class Step:
    say: str  # what the person does, in a sentence
    command: str
    exit_code: int = 0


ORGANISER = [
    Step("Start a library in an empty folder.", "readinglist init ipt-library"),
    Step(
        "Start the event: a commented file that `check` accepts, a draft until it lists "
        "references.",
        "readinglist event new ipt-2025 --title 'IPT Refresher Day' --date 2025-03-14 "
        "--presenter 'Dr Roslyn Law'",
    ),
    Step(
        "Add a reference by DOI and list it in the event.",
        "readinglist add 10.1089/aut.2020.0043 --event ipt-2025",
    ),
    Step(
        "Add another, into a new section.",
        "readinglist add 10.1002/wps.20238 --event ipt-2025 --section 'Also referred to'",
    ),
    Step(
        "The same work again (any DOI form) is skipped, naming the entry it duplicates.",
        "readinglist add https://doi.org/10.1002/WPS.20238",
    ),
    Step(
        "Take a reference off the list; the library keeps it.",
        "readinglist event remove ipt-2025 wampold2015",
    ),
    Step(
        "Put it back, in the section it came from.",
        "readinglist event add ipt-2025 wampold2015 --section 'Also referred to'",
    ),
    Step(
        "An entry that an event lists cannot be removed from the library.",
        "readinglist remove wampold2015",
        1,
    ),
    Step(
        "Give a key a better name: the library and every event change, nothing else.",
        "readinglist rename pearson2021 pearson-rose2021",
    ),
    Step("Everything is in order.", "readinglist check"),
    Step(
        "Render the list, from any folder of the library.",
        "cd events && readinglist render ipt-2025 --format text",
    ),
    Step(
        "An output path inside the library is refused.",
        "readinglist render ipt-2025 -o refs/references.bib",
        2,
    ),
    Step("Build the site.", "readinglist build site --today 2025-01-01"),
]

PRESENTER = [
    Step(
        "Record a book that is in press: no DOI, no BibTeX to write.",
        "readinglist record --type book --editor 'Weissman, Myrna M.' "
        "--editor 'Mootz, Jennifer J.' --title 'IPT: A Global Reach' "
        "--publisher 'Oxford University Press' --event ipt-2025",
    ),
    Step("It is tracked as in press from now on.", "readinglist list --status inpress"),
    Step(
        "A wrong DOI is refused: one that another entry holds, before any look-up...",
        "readinglist publish weissman-inpress 10.1002/wps.20238",
        1,
    ),
    Step(
        "...and one whose record is another work, with the parts that differ.",
        "readinglist publish weissman-inpress 10.1371/journal.pone.0033693",
        1,
    ),
    Step(
        "Later, `inpress` finds the published book (the loopback Crossref has it).",
        "readinglist inpress",
    ),
    Step("Take it.", "readinglist inpress --apply --yes"),
    Step("Nothing is pending any more.", "readinglist list --status inpress"),
]


def serve(server: HTTPServer) -> None:
    for doi, name in (
        ("10.1089/aut.2020.0043", "crossref-pearson2021.json"),
        ("10.1002/wps.20238", "crossref-wampold2015.json"),
        ("10.1371/journal.pone.0033693", "registry/crossref-work-journal-article.json"),
    ):
        server.expect_request(f"/works/{doi}").respond_with_json(
            json.loads((DATA / name).read_text())
        )
    search = json.loads((DATA / "inpress" / "search.json").read_text())
    server.expect_request("/works").respond_with_json(search)


def abridge(text: str) -> str:
    lines = text.rstrip("\n").splitlines()
    if len(lines) > MAX_LINES:
        lines = [*lines[: MAX_LINES - 2], "...", lines[-1]]
    return "\n".join(lines)


def run(step: Step, cwd: Path, env: dict[str, str]) -> str:
    """Run one step in `cwd` (a leading ``cd DIR &&`` runs it in that subfolder) and return
    the transcript block: the command and what it printed."""
    command, here = step.command, cwd
    if command.startswith("cd "):
        folder, command = command[3:].split(" && ", 1)
        here = cwd / folder
    argv = shlex.split(command)
    argv[0] = str(Path(sys.executable).with_name("readinglist"))
    done = subprocess.run(argv, cwd=here, env=env, capture_output=True, text=True, check=False)
    if done.returncode != step.exit_code:
        raise SystemExit(
            f"walkthrough: '{step.command}' exited {done.returncode}, not {step.exit_code}:\n"
            f"{done.stdout}{done.stderr}"
        )
    shown = abridge(done.stdout + done.stderr)
    code = f"  (exit {done.returncode})" if done.returncode else ""
    return f"$ {step.command}{code}\n{shown}".rstrip()


def section(title: str, steps: list[Step], cwd: Path, env: dict[str, str]) -> list[str]:
    out = [f"## {title}", ""]
    for step in steps:
        block = run(step, cwd, env)
        if step.say:
            out += [step.say, ""]
        out += ["```console", block, "```", ""]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "walkthrough.md")
    args = parser.parse_args(argv)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no request log in the transcript
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    try:
        serve(server)
        with tempfile.TemporaryDirectory() as tmp:
            base = server.url_for("").rstrip("/")
            env = {
                **os.environ,
                "READINGLIST_CROSSREF_API": base,
                "READINGLIST_DOI_RESOLVER": base,
                "READINGLIST_DATACITE_API": base,
                "READINGLIST_OPENLIBRARY_API": base,
                "READINGLIST_CACHE_DIR": str(Path(tmp) / "cache"),
                "READINGLIST_RENDER_CACHE": "off",
                "READINGLIST_MAILTO": "organiser@example.org",
            }
            folder = Path(tmp) / "work"
            folder.mkdir()
            first = run(ORGANISER[0], folder, env)
            library = folder / "ipt-library"
            lines = [
                "# Walkthrough: from an empty folder to a published reading list",
                "",
                "Generated by `scripts/walkthrough.py`, which runs each command in a fresh "
                "folder against a loopback registry replaying recorded answers (see the "
                "script's docstring); re-run it to regenerate this file. Long outputs are "
                "abridged (`...`).",
                "",
                "## The organiser",
                "",
                ORGANISER[0].say,
                "",
                "```console",
                f"{first}\n$ cd ipt-library",
                "```",
                "",
                *section("", ORGANISER[1:], library, env)[2:],
                *section("The presenter", PRESENTER, library, env),
            ]
    finally:
        server.clear()
        server.stop()
    args.out.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
