"""Atomic writes: the old file or the new one, its mode kept, no temporary file left behind."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from readinglist import atomic
from readinglist.errors import WriteError


def test_a_write_replaces_the_file_keeping_its_mode_and_leaving_nothing_else(
    tmp_path: Path,
) -> None:
    target = tmp_path / "references.bib"
    target.write_text("old\r\n")
    target.chmod(0o640)
    atomic.write_text(target, "new\r\n")
    assert target.read_bytes() == b"new\r\n"  # line endings as given
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    atomic.write_bytes(tmp_path / "cache.json", b"{}", durable=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache.json", "references.bib"]


def test_a_failed_write_names_the_file_and_leaves_it_unchanged(tmp_path: Path) -> None:
    target = tmp_path / "refs.bib"
    target.mkdir()  # a folder in the way: the final rename fails, as for root too
    (target / "inside.bib").write_text("kept")
    with pytest.raises(WriteError, match=r"refs\.bib: cannot write .*the file is unchanged"):
        atomic.write_text(target, "lost")
    assert (target / "inside.bib").read_text() == "kept"
    assert [p.name for p in tmp_path.iterdir()] == ["refs.bib"]  # no temporary file left
