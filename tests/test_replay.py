"""Kept answers (readinglist.replay): a repeated read-only command prints what it printed,
without importing click, and runs again whenever anything it depends on has changed."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readinglist import replay
from tests.conftest import PROJECT

EVENT = "ipt-refresher-2024"
# Runs the program as its console script does, then says whether click was imported (that
# is, whether the command ran) and the exit code, after a marker on stderr.
PROBE = (
    "import sys\nfrom readinglist.program import run\ncode = 0\ntry:\n    run()\n"
    "except SystemExit as exc:\n    code = exc.code\nsys.stdout.flush()\n"
    "sys.stderr.write(f\"\\n@@{'click' in sys.modules} {code}\")\n"
)


class Run:
    def __init__(self, out: str, err: str, ran: bool, code: str) -> None:
        self.out, self.err, self.ran, self.code = out, err, ran, code


def _settle(root: Path) -> None:
    """Date every file of the repository a minute back: answers are kept only for inputs that
    have not changed in the last three seconds."""
    old = time.time() - 60
    for path in [root, *root.rglob("*")]:
        os.utime(path, (old, old))


def _run(root: Path, *argv: str, **env: str) -> Run:
    environ = {k: v for k, v in os.environ.items() if k != "READINGLIST_REPLAY"}
    environ.update(PYTHONPATH=str(PROJECT), **env)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv],
        cwd=root,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )
    err, _, tail = done.stderr.rpartition("\n@@")
    ran, code = tail.split()
    return Run(done.stdout, err, ran == "True", code)


@pytest.fixture
def repo(seed_repo: Path) -> Path:
    _settle(seed_repo)
    return seed_repo


def test_command_lines_that_only_print_are_eligible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("READINGLIST_REPLAY", raising=False)
    for argv in (["render", EVENT], ["show", "law2013", "--format", "text"], ["--help"]):
        assert replay.eligible(argv), argv
    for argv in (
        ["render", EVENT, "-o", "list.html"],
        ["render", EVENT, "--output=list.html"],
        ["render", EVENT, "-olist.html"],
        ["check"],
        ["add", "10.1037/a0035000"],
        ["--root", "elsewhere", "render", EVENT],
        ["render", "--", EVENT],
        [],
    ):
        assert not replay.eligible(argv), argv
    monkeypatch.setenv("READINGLIST_REPLAY", "off")
    assert not replay.eligible(["render", EVENT]) and not replay.eligible(["--help"])


def test_a_repeated_render_is_answered_without_running_and_prints_the_same(repo: Path) -> None:
    first = _run(repo, "render", EVENT)
    second = _run(repo, "render", EVENT)
    assert first.ran and not second.ran
    assert (second.out, second.err, second.code) == (first.out, first.err, "0")
    assert "Interpersonal Therapy for Depression" in second.out
    show_first, show_second = _run(repo, "show", "pearson2021"), _run(repo, "show", "pearson2021")
    assert show_first.ran and not show_second.ran and show_second.out == show_first.out
    assert "pearson2021" in show_second.out
    help_first, help_second = _run(repo, "--help"), _run(repo, "--help")
    assert help_first.ran and not help_second.ran and help_second.out == help_first.out


def _edit_bib(root: Path) -> None:
    bib = root / "refs" / "references.bib"
    text = bib.read_text(encoding="utf-8")
    bib.write_text(text.replace("Common Factors", "Shared Factors", 1), encoding="utf-8")


def _settings(root: Path) -> None:
    (root / "readinglist.toml").write_text('style = "ieee"\n', encoding="utf-8")


def _event(root: Path) -> None:
    path = root / "events" / f"{EVENT}.toml"
    text = path.read_text(encoding="utf-8")
    title = 'title = "Interpersonal Therapy for Depression Refresher Day"'
    path.write_text(text.replace(title, title[:-5] + ' Morning"', 1), encoding="utf-8")


@pytest.mark.parametrize("change", [_edit_bib, _settings, _event], ids=lambda f: f.__name__)
def test_a_changed_input_runs_the_command_again(repo: Path, change: object) -> None:
    first = _run(repo, "render", EVENT)
    assert not _run(repo, "render", EVENT).ran
    change(repo)  # type: ignore[operator]
    _settle(repo)
    again = _run(repo, "render", EVENT)
    fresh = _run(repo, "render", EVENT, READINGLIST_REPLAY="off")
    assert again.ran and again.out == fresh.out and again.err == fresh.err
    assert again.out != first.out


def test_an_edit_that_keeps_the_size_and_the_old_time_step_is_seen(repo: Path) -> None:
    # Same length, and dated to the same second as before: the nanoseconds, inode-stable
    # size and time still tell it apart, as they tell a module from its bytecode.
    bib = repo / "refs" / "references.bib"
    before = _run(repo, "render", EVENT).out
    stamp = bib.stat().st_mtime_ns
    text = bib.read_text(encoding="utf-8")
    bib.write_text(text.replace("Common Factors", "Common Finders", 1), encoding="utf-8")
    os.utime(bib, ns=(stamp + 1, stamp + 1))
    after = _run(repo, "render", EVENT)
    assert after.ran and after.out != before and "common finders" in after.out


def test_other_arguments_environment_or_folder_are_other_answers(repo: Path) -> None:
    _run(repo, "render", EVENT)
    assert _run(repo, "render", EVENT, "--format", "markdown").ran
    assert _run(repo, "render", EVENT, READINGLIST_SOMETHING="1").ran
    (repo / "events" / "sub").mkdir()
    _settle(repo)
    assert _run(repo / "events" / "sub", "render", EVENT).ran


def test_a_new_name_in_the_current_folder_runs_the_command_again(repo: Path) -> None:
    # `--style ieee.csl` is a file in the current folder when there is one, else the style
    # of that name: a file made there later changes the answer.
    here = repo / "notes"
    here.mkdir()
    _settle(repo)
    _run(here, "render", EVENT, "--style", "ieee.csl")
    assert not _run(here, "render", EVENT, "--style", "ieee.csl").ran
    shutil.copy(repo / "styles" / "apa.csl", here / "ieee.csl")
    _settle(repo)
    again = _run(here, "render", EVENT, "--style", "ieee.csl")
    fresh = _run(here, "render", EVENT, "--style", "ieee.csl", READINGLIST_REPLAY="off")
    assert again.ran and again.out == fresh.out and "[1]" not in again.out


def test_a_failing_command_and_fresh_inputs_are_not_kept(repo: Path) -> None:
    # A file written just now may change again within its file system's time step. (Dated
    # a minute ahead, so that a slow machine's start-up cannot make it look settled.)
    ahead = time.time() + 60
    os.utime(repo / "events" / f"{EVENT}.toml", (ahead, ahead))
    _run(repo, "render", EVENT)
    assert _run(repo, "render", EVENT).ran
    _settle(repo)
    _run(repo, "render", EVENT)
    assert not _run(repo, "render", EVENT).ran  # now settled: kept
    missing = _run(repo, "render", "no-such-event")
    assert missing.code == "1" and "no event 'no-such-event'" in missing.err
    assert _run(repo, "render", "no-such-event").ran


def test_a_command_that_writes_a_file_always_runs(repo: Path) -> None:
    for _ in range(2):
        (repo / "list.html").unlink(missing_ok=True)
        assert _run(repo, "render", EVENT, "-o", "list.html").ran
        assert (repo / "list.html").is_file()


def test_an_answer_not_signed_with_the_cache_key_is_not_printed(repo: Path) -> None:
    cache = repo.parent / "replay-cache"
    first = _run(repo, "render", EVENT, READINGLIST_CACHE_DIR=str(cache))
    [record] = (cache / "replay").iterdir()
    data = bytearray(record.read_bytes())
    data[-3] ^= 0x01  # one bit of the printed text
    record.write_bytes(bytes(data))
    again = _run(repo, "render", EVENT, READINGLIST_CACHE_DIR=str(cache))
    assert again.ran and again.out == first.out


@given(
    chunks=st.lists(st.tuples(st.sampled_from([1, 2]), st.binary(max_size=300)), max_size=8),
    argv=st.lists(st.text(min_size=1, max_size=10), max_size=3),
    shared=st.booleans(),
)
def test_an_answer_is_printed_byte_for_byte_in_order(
    chunks: list[tuple[int, bytes]], argv: list[str], shared: bool
) -> None:
    # Apart, stdout and stderr each get their own bytes; on one terminal (one buffer), the
    # warnings stay where the command wrote them.
    command = ["show", *argv]
    buffers = [io.BytesIO()] * 2 if shared else [io.BytesIO(), io.BytesIO()]
    stdout, stderr = (io.TextIOWrapper(b, encoding="utf-8") for b in buffers)
    real = sys.stdout, sys.stderr, os.environ["READINGLIST_CACHE_DIR"]
    with tempfile.TemporaryDirectory() as folder:
        os.environ["READINGLIST_CACHE_DIR"] = folder
        try:
            assert replay._write_record(folder, replay._key(command), [], chunks)
            sys.stdout, sys.stderr = stdout, stderr
            answered = replay.answer(command)
        finally:
            sys.stdout, sys.stderr, os.environ["READINGLIST_CACHE_DIR"] = real
    assert answered == replay.eligible(command)
    if not answered:
        return
    if shared:
        assert buffers[0].getvalue() == b"".join(data for _, data in chunks)
    else:
        assert buffers[0].getvalue() == b"".join(d for n, d in chunks if n == 1)
        assert buffers[1].getvalue() == b"".join(d for n, d in chunks if n == 2)


@given(
    files=st.dictionaries(
        st.text("abcxyz", min_size=1, max_size=4), st.binary(max_size=20), min_size=1
    ),
    data=st.data(),
)
def test_the_tree_digest_sees_any_added_removed_or_resized_file(
    files: dict[str, bytes], data: st.DataObject
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, content in files.items():
            (root / name).write_bytes(content)
        before = replay.tree(folder)[0]
        assert replay.tree(folder)[0] == before  # nothing changed: the same digest
        name = data.draw(st.sampled_from(sorted(files)))
        change = data.draw(st.sampled_from(["add", "remove", "grow"]))
        if change == "add":
            (root / (name + "_new")).write_bytes(b"")
        elif change == "remove":
            (root / name).unlink()
        else:
            with (root / name).open("ab") as f:
                f.write(b"x")
        assert replay.tree(folder)[0] != before


def test_old_answers_are_removed_when_another_is_written(tmp_path: Path) -> None:
    folder = tmp_path / replay.FOLDER
    folder.mkdir()
    stale = folder / "0123.answer"
    stale.write_bytes(b"old")
    week_ago = time.time() - (replay.KEEP_DAYS + 1) * 86_400
    os.utime(stale, (week_ago, week_ago))
    recent = folder / "4567.answer"
    recent.write_bytes(b"recent")
    assert replay._write_record(str(tmp_path), b"key", [], [(1, b"out")])
    assert not stale.exists() and recent.exists() and len(list(folder.iterdir())) == 2


def test_the_digest_module_examples_run() -> None:
    import doctest

    from readinglist import digest

    assert doctest.testmod(digest).failed == 0
    assert doctest.testmod(digest).attempted >= 3


def test_warnings_and_the_list_interleave_on_one_pipe_as_they_did(repo: Path) -> None:
    # A draft event: the list on stdout, a warning on stderr, both into one pipe.
    (repo / "events" / "draft.toml").write_text('title = "Draft"\n', encoding="utf-8")
    _settle(repo)
    argv = [sys.executable, "-m", "readinglist", "render", "draft"]
    env = dict(os.environ, PYTHONPATH=str(PROJECT))
    env.pop("READINGLIST_REPLAY", None)
    outputs = [
        subprocess.run(argv, cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        for _ in range(3)
    ]
    assert "warning: event 'draft' has no references yet" in outputs[0].stdout.decode()
    assert outputs[1].stdout == outputs[2].stdout == outputs[0].stdout
    assert [o.returncode for o in outputs] == [0, 0, 0]
    assert len(list((Path(env["READINGLIST_CACHE_DIR"]) / replay.FOLDER).iterdir())) == 1


def test_the_roots_markers_are_the_ones_finding_the_root_uses() -> None:
    # replay keeps its own copy so that answering imports nothing; it must not drift.
    from readinglist.ops.root import MARKERS

    assert replay.MARKERS == MARKERS


@pytest.mark.parametrize(
    "damage",
    [
        lambda record: record.write_bytes(record.read_bytes()[:5]),  # truncated in its header
        lambda record: record.write_bytes(replay.MAGIC + b"\x00" * 32 + b"not marshal"),
        lambda record: record.write_bytes(b""),
        lambda record: (record.unlink(), record.mkdir()),  # a folder where the file was
    ],
    ids=["truncated", "garbage", "empty", "folder"],
)
def test_a_damaged_answer_runs_the_command(
    repo: Path, damage: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    cache = tmp_path_factory.mktemp("damaged-cache")
    first = _run(repo, "render", EVENT, READINGLIST_CACHE_DIR=str(cache))
    [record] = (cache / "replay").iterdir()
    damage(record)
    again = _run(repo, "render", EVENT, READINGLIST_CACHE_DIR=str(cache))
    assert again.ran and again.code == "0" and again.out == first.out and again.err == first.err
