"""The README keeps its promises: two Quick start commands, every command documented, and a
sorted, complete public API."""

from __future__ import annotations

import doctest
import importlib
import inspect
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

import readinglist
from readinglist.cli import main

from .conftest import DATA, PROJECT

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


def test_every_public_name_and_its_methods_have_a_docstring() -> None:
    missing = []
    for name in readinglist.__all__:
        value = getattr(readinglist, name)
        if not (inspect.isclass(value) or inspect.isfunction(value)):
            continue
        if not (value.__doc__ or "").strip():
            missing.append(name)
        if inspect.isclass(value) and not issubclass(value, Exception):
            for attribute, member in vars(value).items():
                public = inspect.isfunction(member) and not attribute.startswith("_")
                if public and not (member.__doc__ or "").strip():
                    missing.append(f"{name}.{attribute}")
    assert missing == []


def test_importing_readinglist_imports_none_of_its_modules() -> None:
    code = "import sys, readinglist; print([m for m in sys.modules if m.startswith('readinglist')])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['readinglist']"


def test_the_python_api_examples_run(
    seed_repo: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's "Python API" examples, run as doctests in a copy of the seed repository;
    the mirror they name is a loopback server replaying the tests' Crossref records."""
    section = README.split("## Python API", 1)[1].split("\n## ", 1)[0]
    examples = "\n".join(re.findall(r"```pycon\n(.*?)```", section, re.S))
    examples = examples.replace("http://localhost:8080", httpserver.url_for("").rstrip("/"))
    record = json.loads((DATA / "crossref-pearson2021.json").read_text())
    httpserver.expect_request("/works/10.1089/aut.2020.0043").respond_with_json(record)
    search = json.loads((DATA / "inpress" / "search.json").read_text())
    httpserver.expect_request("/works").respond_with_json(search)
    monkeypatch.chdir(seed_repo)
    test = doctest.DocTestParser().get_doctest(examples, {}, "README Python API", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test, out=lambda text: print(text, end=""))
    assert runner.summarize(verbose=False) == (0, len(test.examples))
    assert len(test.examples) >= 20


def test_every_identifier_in_a_commands_examples_is_valid() -> None:
    """A newcomer copies an example from --help: each ISBN and DOI in it must parse (an ISBN
    with a wrong check digit would be refused by the very command it illustrates)."""
    from readinglist.identifiers import parse_identifier

    seen = 0
    for name in main.list_commands(None):
        command = main.get_command(None, name)
        assert command is not None
        text = command.help or ""
        for token in re.findall(r"\b(?:97[89][-\d]{10,14}|10\.\d{4,9}/\S+)", text):
            seen += 1
            parse_identifier(token)  # raises on a bad check digit or a malformed DOI
    assert seen >= 2


def test_every_test_named_in_the_bibtex_mapping_exists() -> None:
    """docs/bibtex-mapping.md names the test covering each class of input it lists; each is
    a test function of that file (or, named alone, a test file)."""
    text = (PROJECT / "docs" / "bibtex-mapping.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(test_\w+\.py)(?:::(\w+))?`", text))
    assert len(named) > 20
    missing = []
    for file, test in named:
        path = PROJECT / "tests" / file
        if not path.exists() or (test and f"def {test}(" not in path.read_text(encoding="utf-8")):
            missing.append(f"{file}::{test}" if test else file)
    assert not missing, missing
