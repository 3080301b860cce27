"""The README keeps its promises: two Quick start commands, every command documented, and a
sorted, complete public API."""

from __future__ import annotations

import importlib
import re

import readinglist
from readinglist.cli import main

from .conftest import PROJECT

README = (PROJECT / "README.md").read_text()


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    [block] = re.findall(r"```sh\n(.*?)```", section, re.S)
    return [line for line in block.splitlines() if line.strip()]


def test_quick_start_is_exactly_two_commands_install_and_render_then_install_and_test() -> None:
    first, second = quick_start_commands()
    assert "pip install" in first and "readinglist render ipt-refresher-2024" in first
    assert 'pip install -q -e ".[test]"' in second and "pytest" in second


def test_ci_runs_the_readmes_test_command() -> None:
    ci = (PROJECT / ".ci" / "run").read_text()
    assert "Quick start" in ci and "pytest" in ci


def test_every_command_is_documented_in_the_readme() -> None:
    for name in main.list_commands(None):
        assert f"`readinglist {name}" in README, name


def test_every_dependency_is_explained_in_the_readme() -> None:
    pyproject = (PROJECT / "pyproject.toml").read_text()
    deps = re.search(r"dependencies = \[(.*?)\]", pyproject, re.S)
    assert deps is not None
    for requirement in re.findall(r'"([A-Za-z0-9_.-]+)', deps.group(1)):
        assert f"| {requirement} " in README, requirement


def test_public_api_is_sorted_and_complete() -> None:
    assert readinglist.__all__ == sorted(readinglist.__all__)
    for name in readinglist.__all__:
        assert getattr(readinglist, name) is not None
    module_names = set(readinglist._EXPORTS.values())
    for module in module_names:
        importlib.import_module(module)
