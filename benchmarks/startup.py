"""Start-up: how long readinglist takes to answer, against bare ``python -c pass``.

    python benchmarks/startup.py [--rounds 7] [--source DIR ...]

Each round runs, in fresh processes with the same Python and in a copy of this repository:

- ``python -c pass``, the floor: what any Python program pays to start;
- ``readinglist --help``;
- ``readinglist render ipt-refresher-2024`` warm: run once before the rounds, so that its
  answer is kept (``readinglist.replay``), and its parse and rendering are in the cache;
- ``readinglist show pearson2021`` warm;
- the same render and show with ``READINGLIST_REPLAY=off``: the command itself, run warm.

Python runs as installed, not as a developer's editable install: an editable install's
import hook is loaded by ``site`` in every process, ``python -c pass`` included, and doubles
the floor, which would flatter every ratio. So the processes run in a virtual environment
made for the benchmark, whose one ``.pth`` line adds this environment's site-packages (the
dependencies; the ``.pth`` files there, the hook among them, are not run) and with
``PYTHONPATH`` set to the checkout.

It prints the median over the rounds of each command's ratio to ``python -c pass`` measured
in the same round (this machine is shared and noisy: only ratios measured side by side
compare), in elapsed time and in CPU time (user and system, of the process alone: on a busy
machine a process waits for a core, which elapsed time counts and CPU time does not), and
which of the heavy libraries each command imported. ``--source DIR`` runs the
commands from another checkout; given more than once, every checkout runs every command in
each round, side by side, to compare before and after.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import site
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
HEAVY = ("click", "citeproc", "lxml", "markdown_it", "requests", "docx", "bibtexparser")
OFF = {"READINGLIST_REPLAY": "off"}
COMMANDS: dict[str, tuple[list[str], dict[str, str]]] = {
    "readinglist --help": (["--help"], {}),
    "render seed event, warm": (["render", "ipt-refresher-2024"], {}),
    "show KEY, warm": (["show", "pearson2021"], {}),
    "render, warm, replay off": (["render", "ipt-refresher-2024"], OFF),
    "show KEY, warm, replay off": (["show", "pearson2021"], OFF),
}
# Runs the command in-process, then prints which heavy libraries it imported.
PROBE = f"""
import sys
try:
    from readinglist.program import run
except ImportError:  # a checkout from before the kept answers
    from readinglist.cli import run
try:
    run()
except SystemExit:
    pass
loaded = {{m.split(".")[0] for m in sys.modules}}
print("\\n@@", " ".join(sorted(loaded & {set(HEAVY)!r})))
"""


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Elapsed and CPU seconds of one run of `argv`."""
    cpu, start = _cpu(), time.perf_counter()
    result = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, check=False)
    seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    if result.returncode != 0:
        raise SystemExit(f"{argv}: exit {result.returncode}\n{result.stderr.decode()[-800:]}")
    return seconds, cpu


def installed_python(folder: Path) -> str:
    """A Python in a new virtual environment at `folder` that imports this environment's
    packages without running their ``.pth`` files (see the module's docstring)."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    python = folder / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    ours = [p for p in site.getsitepackages() if Path(p).is_dir()] or [
        sysconfig.get_path("purelib")
    ]
    Path(purelib, "dependencies.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
    return str(python)


def imported(python: str, words: list[str], env: dict[str, str], cwd: Path) -> str:
    argv = [python, "-c", PROBE, *words]
    out = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    return out.stdout.rsplit("@@", 1)[-1].strip() or "none"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument(
        "--source", type=Path, action="append", help="run readinglist from this checkout"
    )
    args = parser.parse_args(argv)
    sources: list[Path | None] = list(args.source or [None])
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        for part in ("refs", "events"):
            shutil.copytree(PROJECT / part, repo / part)
        base = dict(os.environ)
        base.pop("READINGLIST_RENDER_CACHE", None)
        # As installed: bytecode compiled once (here into a folder of its own, so that no
        # checkout is written to), not compiled afresh by every process.
        base.pop("PYTHONDONTWRITEBYTECODE", None)
        base["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        base.pop("READINGLIST_REPLAY", None)
        python = installed_python(Path(tmp) / "venv")
        envs: dict[str, dict[str, str]] = {}
        for i, source in enumerate(sources):
            env = dict(base, READINGLIST_CACHE_DIR=str(Path(tmp) / f"cache{i}"))
            env["PYTHONPATH"] = str((source or PROJECT).resolve())
            envs[f" [{source.resolve().name}]" if len(sources) > 1 and source else ""] = env
        commands = {name: [python, "-m", "readinglist", *w] for name, (w, _) in COMMANDS.items()}
        extra = {name: more for name, (_, more) in COMMANDS.items()}
        # Answers are kept only for inputs older than three seconds (readinglist.replay).
        old = time.time() - 60
        for path in [repo, *repo.rglob("*")]:
            os.utime(path, (old, old))
        for env in envs.values():
            for name, command in commands.items():
                timed(command, dict(env, **extra[name]), repo)  # fills the caches
        ratios: dict[str, list[float]] = {name + label: [] for label in envs for name in commands}
        cpu_ratios: dict[str, list[float]] = {name: [] for name in ratios}
        floors = []
        for _ in range(args.rounds):
            floor, floor_cpu = timed([python, "-c", "pass"], base, repo)
            floors.append(floor)
            for label, env in envs.items():
                for name, command in commands.items():
                    seconds, cpu = timed(command, dict(env, **extra[name]), repo)
                    ratios[name + label].append(seconds / floor)
                    cpu_ratios[name + label].append(cpu / floor_cpu)
        heavy = {
            name + label: imported(python, words, dict(env, **more), repo)
            for label, env in envs.items()
            for name, (words, more) in COMMANDS.items()
        }
    print(f"median of {args.rounds} rounds; python -c pass: {statistics.median(floors):.3f} s")
    print(f"  {'command':<40} {'/ python -c pass':>17} {'CPU time':>9}  heavy imports")
    for name, values in ratios.items():
        cpu = statistics.median(cpu_ratios[name])
        print(f"  {name:<40} {statistics.median(values):16.1f}x {cpu:8.1f}x  {heavy[name]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
