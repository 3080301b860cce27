"""No output option can write into the library: every unsafe path is refused, and -o's
extension decides the format or is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import Invoke

EVENT = "ipt-refresher-2024"


def snapshot(repo: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(repo)): p.read_bytes()
        for p in sorted(repo.rglob("*"))
        if p.is_file() and p.name != ".readinglist.lock"
    }


@pytest.fixture
def repo(seed_repo: Path) -> Path:
    (seed_repo / "styles").mkdir(exist_ok=True)
    (seed_repo / "readinglist.toml").write_text('style = "apa"\n')
    return seed_repo


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["render", EVENT, "-o", "refs/references.bib"], "is in the library's refs/"),
        (["render", EVENT, "-o", "refs/new.txt"], "is in the library's refs/"),
        (["render", EVENT, "-o", f"events/{EVENT}.toml"], "is in the library's events/"),
        (["render", EVENT, "-o", "events/list.html"], "is in the library's events/"),
        (["render", EVENT, "-o", "styles/list.html"], "is in the library's styles/"),
        (["render", EVENT, "-o", "readinglist.toml"], "is in the library's readinglist.toml"),
        (["render", EVENT, "-o", "x.rtf"], "extension '.rtf' names no format"),
        (["render", EVENT, "-o", "list"], "no extension names no format"),
        (["render", EVENT, "--format", "docx", "-o", "x.html"], "holds page or html, not docx"),
        (["render", EVENT, "--format", "text", "-o", "x.md"], "holds markdown, not text"),
        (["export", EVENT, "--to", "bibtex", "-o", "refs/references.bib"], "library's refs/"),
        (["export", EVENT, "-o", "refs/export.bib"], "is in the library's refs/"),
        (["export", EVENT, "-o", "list.txt"], "extension '.txt' names no format"),
        (["export", EVENT, "--to", "ris", "-o", "list.bib"], "holds bibtex, not ris"),
        (["format", "x.json", "-o", "refs/list.txt"], "is in the library's refs/"),
        (["format", "x.json", "-o", "list.rtf"], "extension '.rtf' names no format"),
        (["format", "x.json", "--format", "html", "-o", "list.md"], "holds markdown, not html"),
        (["format", "x.json", "-o", "x.json"], "is one of the files to format"),
        (["build", "refs"], "is in the library's refs/"),
        (["build", "events"], "is in the library's events/"),
        (["build", "events/site"], "is in the library's events/"),
        (["build", "."], "holds the reading-list repository"),
        (["build", ".."], "holds the reading-list repository"),
        (["import", "x.json", "--to", f"events/{EVENT}.toml"], "go to a .bib file inside refs/"),
        (["import", "x.json", "--to", "elsewhere.bib"], "is not inside"),
        (["add", "10.1002/wps.20238", "--to", "readinglist.toml"], "inside refs/"),
        (["add", "10.1002/wps.20238", "--to", "../outside.bib"], "is not inside"),
    ],
)
def test_every_unsafe_output_path_is_refused_and_nothing_changes(
    cli: Invoke,
    repo: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(repo)
    (repo / "x.json").write_text(json.dumps([{"id": "a", "type": "book", "title": "A"}]))
    before = snapshot(repo)
    result = cli(*args)
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr
    assert snapshot(repo) == before


def test_a_link_into_the_library_is_refused_too(cli: Invoke, repo: Path, tmp_path: Path) -> None:
    link = tmp_path / "innocent.html"
    link.symlink_to(repo / "refs" / "references.bib")
    before = (repo / "refs" / "references.bib").read_bytes()
    result = cli("render", EVENT, "-o", str(link), root=repo)
    assert result.exit_code == 2 and "is in the library's refs/" in result.stderr
    assert (repo / "refs" / "references.bib").read_bytes() == before


def test_a_bibfile_setting_outside_refs_is_refused(cli: Invoke, repo: Path, tmp_path: Path) -> None:
    (repo / "readinglist.toml").write_text('bibfile = "other/refs.bib"\n')
    source = tmp_path / "in.json"
    source.write_text(json.dumps([{"id": "a", "type": "book", "title": "A", "author": []}]))
    result = cli("import", str(source), root=repo)
    assert result.exit_code == 2 and "is not inside" in result.stderr
    assert not (repo / "other").exists()


def test_o_picks_the_format_from_the_extension(cli: Invoke, repo: Path, tmp_path: Path) -> None:
    outputs = {name: tmp_path / name for name in ("p.html", "f.html", "l.md", "l.txt", "e.ris")}
    assert cli("render", EVENT, "-o", str(outputs["p.html"]), root=repo).exit_code == 0
    assert outputs["p.html"].read_text().startswith("<!DOCTYPE html>")
    cli("render", EVENT, "--format", "html", "-o", str(outputs["f.html"]), root=repo)
    assert outputs["f.html"].read_text().startswith('<section class="readinglist"')
    cli("render", EVENT, "-o", str(outputs["l.md"]), root=repo)
    assert outputs["l.md"].read_text().startswith("# Interpersonal Therapy")
    cli("render", EVENT, "-o", str(outputs["l.txt"]), root=repo)
    assert outputs["l.txt"].read_text().startswith("Interpersonal Therapy")
    cli("export", EVENT, "-o", str(outputs["e.ris"]), root=repo)
    assert outputs["e.ris"].read_text().startswith("TY  - ")


def test_import_to_another_bib_file_inside_refs_is_fine(
    cli: Invoke, repo: Path, tmp_path: Path
) -> None:
    source = tmp_path / "in.json"
    source.write_text(
        json.dumps(
            [{"id": "roe2001", "type": "book", "title": "Kept", "author": [{"family": "Roe"}]}]
        )
    )
    result = cli("import", str(source), "--to", str(repo / "refs" / "more.bib"), root=repo)
    assert result.exit_code == 0, result.stderr
    assert "@book{roe2001," in (repo / "refs" / "more.bib").read_text()
