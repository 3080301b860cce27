"""Broken and hostile input, killed writers and concurrent commands: nothing lost, nothing
broken, and every problem named with its place."""

from __future__ import annotations

import json
import os
import random
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from readinglist.bibtex import bibfile

GOOD = "@misc{fine, title = {Fine}, year = {2020}}\n"
EVENT = 'title = "Day"\n[[sections]]\ntitle = "S"\nreferences = ["fine"]\n'
LIMITS = "bounded: 60 s and 2 GiB of address space per command"

BROKEN: dict[str, tuple[bytes, str, str]] = {
    # name: (content of refs/x.bib, where the message points, what it says)
    "unbalanced braces": (
        b"@misc{a, title = {Unbalanced {brace}\n\n" + GOOD.encode(),
        "x.bib:1:",
        "entry could not be read",
    ),
    "stray @": (
        b"@@@ nonsense @\n@misc{b title = {No comma}}\n" + GOOD.encode(),
        "x.bib:2:",
        "entry could not be read",
    ),
    "NUL bytes": (
        b"@misc{n, title = {a\x00b}}\n" + GOOD.encode(),
        "x.bib:1:",
        "the file holds a NUL byte",
    ),
    "10 MB field": (
        b"@misc{big, title = {" + b"x" * 10_485_760 + b"}}\n" + GOOD.encode(),
        "x.bib:1:",
        "field 'title' is 10,485,760 characters long",
    ),
    "deeply nested braces": (
        b"@misc{deep, title = {" + b"{" * 50_000 + b"x" + b"}" * 50_000 + b"}}\n" + GOOD.encode(),
        "x.bib:1:",
        "field 'title' is 100,001 characters long",
    ),
    "invalid UTF-8": (b"@misc{c, title = {Caf\xe9}}\n" + GOOD.encode(), "x.bib:1:", "is not UTF-8"),
    "duplicate keys": (
        GOOD.encode() + b"\n@misc{FINE, title = {Again}}\n",
        "x.bib:3:",
        "key 'FINE' is already used at",
    ),
    "duplicate fields": (
        b"@misc{d, title = {One}, title = {Two}}\n" + GOOD.encode(),
        "x.bib:1:",
        "entry 'd' has a field twice: 'title'",
    ),
}


def run(root: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    return subprocess.run(
        [sys.executable, "-m", "readinglist", "--root", str(root), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=limit,
        check=False,
    )


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_bib_files_give_located_errors_and_exit_1(tmp_path: Path, name: str) -> None:
    content, where, message = BROKEN[name]
    (tmp_path / "refs").mkdir()
    (tmp_path / "events").mkdir()
    bib = tmp_path / "refs" / "x.bib"
    bib.write_bytes(content)
    (tmp_path / "events" / "day.toml").write_text(EVENT)
    for command in (["list"], ["check"], ["render", "day"], ["format", str(bib)]):
        result = run(tmp_path, *command)
        assert "Traceback" not in result.stderr, (command, result.stderr[-2000:])
        assert result.returncode == 1, (command, result.stdout[-500:], result.stderr[-500:])
        lines = (result.stdout + result.stderr).splitlines()
        assert any(where in line and message in line for line in lines), (command, lines[:5])
    assert bib.read_bytes() == content  # no command changed the file
    if name != "invalid UTF-8":  # the readable entry was still listed
        assert "fine" in run(tmp_path, "list").stdout


@pytest.mark.parametrize(
    ("event", "message"),
    [
        (
            'title = 3\n[[sections]]\ntitle = "S"\nreferences = ["fine"]\n',
            "day.toml:1: 'title' in the event must be a string, not int",
        ),
        (EVENT + "colour = 1\n", "day.toml:5: unknown field 'colour' in section 1"),
        ('title = "Day"\ndate = 2024-13-01\n', "day.toml:2: not valid TOML"),
        (
            'title = "Day"\n[[sections]]\ntitle = "S"\nreferences = "fine"\n',
            "day.toml:4: 'references' in section 1 must be a list, not str",
        ),
    ],
)
def test_broken_event_files_give_located_errors(tmp_path: Path, event: str, message: str) -> None:
    (tmp_path / "refs").mkdir()
    (tmp_path / "events").mkdir()
    (tmp_path / "refs" / "x.bib").write_text(GOOD)
    (tmp_path / "events" / "day.toml").write_text(event)
    for command in (["render", "day"], ["check"]):
        result = run(tmp_path, *command)
        assert result.returncode == 1
        output = (result.stdout + result.stderr).replace(": error: ", ": ")  # check's layout
        assert message in output, (command, output)
        assert "Traceback" not in result.stderr


def test_a_symlinked_file_pointing_outside_the_library_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.bib"
    outside.write_text("@misc{secret, title = {Not ours}}\n")
    repo = tmp_path / "repo"
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "x.bib").write_text(GOOD)
    (repo / "refs" / "link.bib").symlink_to(outside)
    result = run(repo, "list")
    assert result.returncode == 1
    assert "link.bib: is a link to" in result.stderr and "secret" not in result.stdout


# --- killed writers ----------------------------------------------------------------------------

WRITER = """
import sys
from pathlib import Path
from readinglist.atomic import write_text
path, a, b = Path(sys.argv[1]), Path(sys.argv[2]).read_text(), Path(sys.argv[3]).read_text()
print("ready", flush=True)
for i in range(1_000_000):
    write_text(path, a if i % 2 else b)
"""


def big_library(marker: str, count: int = 3000) -> str:
    return "".join(
        f"@article{{{marker}{i}, title = {{Title {i} {marker}}}, year = {{2020}}}}\n\n"
        for i in range(count)
    )


def test_a_writer_killed_at_random_moments_leaves_the_old_file_or_the_new(tmp_path: Path) -> None:
    a, b = big_library("a"), big_library("b")
    (tmp_path / "a.txt").write_text(a)
    (tmp_path / "b.txt").write_text(b)
    target = tmp_path / "refs.bib"
    target.write_text(a)
    rng = random.Random(7)
    outcomes = {"old or new": 0}
    trials = 40
    for _ in range(trials):
        writer = subprocess.Popen(
            [
                sys.executable,
                "-c",
                WRITER,
                str(target),
                str(tmp_path / "a.txt"),
                str(tmp_path / "b.txt"),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.15))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        writer.stdout.close()
        content = target.read_text()
        assert content in (a, b), "torn or empty file after a kill"
        outcomes["old or new"] += 1
        assert not bibfile.parse(content).problems
    assert outcomes == {"old or new": trials}


def test_ten_concurrent_imports_into_one_file_all_land(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "references.bib").write_text("% shared library\n")
    sources = []
    for n in range(10):
        source = tmp_path / f"batch{n}.json"
        source.write_text(
            json.dumps(
                [
                    {
                        "id": f"w{n}x{i}",
                        "type": "book",
                        "title": f"Work {i} of batch {n}",
                        "author": [{"family": f"Author{n}"}],
                        "issued": {"date-parts": [[2000 + i]]},
                    }
                    for i in range(5)
                ]
            )
        )
        sources.append(source)
    env = dict(os.environ)
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "readinglist", "--root", str(repo), "import", str(s)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for s in sources
    ]
    errors = [p.communicate(timeout=120)[1] for p in processes]
    assert [p.returncode for p in processes] == [0] * 10, errors
    bib = bibfile.parse((repo / "refs" / "references.bib").read_text())
    assert not bib.problems
    assert len(bib.references) == 50
    assert (repo / "refs" / "references.bib").read_text().startswith("% shared library\n")
