"""docs/walkthrough.md stays re-runnable: its script goes from an empty folder to a built site
and through the presenter's path, each command ending as the transcript says."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import PROJECT


def test_the_walkthrough_runs_from_an_empty_folder_to_a_built_site(tmp_path: Path) -> None:
    out = tmp_path / "walkthrough.md"
    done = subprocess.run(
        [sys.executable, str(PROJECT / "scripts" / "walkthrough.py"), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    text = out.read_text()
    for line in (
        "$ readinglist init ipt-library",
        "listed pearson2021 in ipt-2025",
        "site/ipt-2025/index.html",
        "added weissman-inpress (record)",
        "is already the DOI of 'wampold2015'",
        "does not look like this work",
        "weissman-inpress  published  1.00  10.5555/ipt.global.reach",
    ):
        assert line in text, line
