"""ruff and mypy --strict are clean: the tests fail when they are not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import PROJECT


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, check=False)


def test_ruff_check_and_format_are_clean() -> None:
    lint = run(sys.executable, "-m", "ruff", "check", ".")
    assert lint.returncode == 0, lint.stdout + lint.stderr
    form = run(sys.executable, "-m", "ruff", "format", "--check", ".")
    assert form.returncode == 0, form.stdout + form.stderr


def test_mypy_strict_is_clean() -> None:
    result = run(sys.executable, "-m", "mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_layers_import_downward_only() -> None:
    # The contract is in pyproject.toml ([tool.importlinter]); import-linter follows indirect
    # imports too, so a lower layer cannot reach a higher one through a third module.
    lint_imports = str(Path(sys.executable).with_name("lint-imports"))
    result = run(lint_imports, "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout
