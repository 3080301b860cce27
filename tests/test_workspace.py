"""Starting and growing a library with commands only: init, event new|add|remove, rename,
remove, --root anywhere, the repository found from a subfolder, draft events."""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path

import pytest

from readinglist.bibtex import bibfile
from readinglist.events import load_event
from readinglist.ops.event_edit import add_keys, remove_keys, rename_key
from readinglist.ops.root import find_root

from .conftest import Invoke

EVENT = "ipt-refresher-2024"


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".readinglist.lock"
    }


def changed_lines(old: str, new: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_init_makes_a_library_and_refuses_to_touch_an_existing_one(
    cli: Invoke, tmp_path: Path
) -> None:
    result = cli("init", str(tmp_path / "lib"))
    assert result.exit_code == 0, result.stderr
    lib = tmp_path / "lib"
    for name in ("refs", "events", "styles"):
        assert (lib / name).is_dir()
    settings = tomllib.loads((lib / "readinglist.toml").read_text())
    assert settings == {"style": "apa", "locale": "en-US", "bibfile": "refs/references.bib"}
    assert ".readinglist.lock" in (lib / ".gitignore").read_text().splitlines()
    before = tree(lib)
    again = cli("init", str(lib))
    assert again.exit_code == 1
    assert "already holds a library" in again.stderr and "nothing was written" in again.stderr
    assert tree(lib) == before
    (tmp_path / "half").mkdir()
    (tmp_path / "half" / "refs").mkdir()
    assert cli("init", str(tmp_path / "half")).exit_code == 1
    assert not (tmp_path / "half" / "events").exists()


def test_event_new_writes_a_commented_draft_that_check_accepts(cli: Invoke, tmp_path: Path) -> None:
    cli("init", str(tmp_path))
    result = cli(
        "event",
        "new",
        "ipt-2025",
        "--title",
        'The "IPT" Day',
        "--date",
        "2025-03-14",
        "--presenter",
        "Dr Roslyn Law",
        root=tmp_path,
    )
    assert result.exit_code == 0, result.stderr
    path = tmp_path / "events" / "ipt-2025.toml"
    text = path.read_text()
    event = load_event(path)
    assert (event.title, str(event.date), event.presenters) == (
        'The "IPT" Day',
        "2025-03-14",
        ("Dr Roslyn Law",),
    )
    assert event.keys == ()
    # Every field the event format knows is named in a comment that explains it.
    for field in ("end_date", "cpd_hours", "description", "location", "url", "style", "locale"):
        assert f"# {field} = " in text, field
    check = cli("check", root=tmp_path)
    assert check.exit_code == 0, check.stdout
    assert "has no references yet (a draft)" in check.stdout
    assert (
        cli(
            "event", "new", "ipt-2025", "--title", "X", "--date", "2025-01-01", root=tmp_path
        ).exit_code
        == 1
    )
    assert path.read_text() == text  # never overwritten


def test_commands_find_the_repository_from_a_subfolder_and_take_root_after_the_name(
    cli: Invoke, seed_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(seed_repo / "events")
    assert find_root(Path.cwd()) == seed_repo.resolve()
    result = cli("render", EVENT)
    assert result.exit_code == 0, result.stderr
    assert "Wampold, B. E. (2015)" in result.stdout
    monkeypatch.chdir(seed_repo.parent)
    after = cli("render", EVENT, "--root", str(seed_repo))
    assert after.exit_code == 0, after.stderr
    assert after.stdout == result.stdout
    listed = cli("event", "add", EVENT, "klerman1984", "--root", str(seed_repo))
    assert "lists klerman1984 already" in listed.stderr


def test_writing_outside_any_repository_says_how_to_start_one(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("add", "10.1002/wps.20238", "--offline")
    assert result.exit_code == 1
    assert "no reading-list repository here or in any folder above" in result.stderr
    assert "readinglist init" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_event_add_and_remove_keep_comments_and_notes(cli: Invoke, seed_repo: Path) -> None:
    path = seed_repo / "events" / f"{EVENT}.toml"
    before = path.read_text()
    cli("remove", "law2016", root=seed_repo)  # refused: the event lists it
    removed = cli("event", "remove", EVENT, "law2016", "pearson2021", root=seed_repo)
    assert removed.exit_code == 0, removed.stderr
    assert changed_lines(before, path.read_text()) == ['-    "pearson2021",', '-    "law2016",']
    added = cli(
        "event", "add", EVENT, "pearson2021", "--section", "Also referred to", root=seed_repo
    )
    assert added.exit_code == 0, added.stderr
    event = load_event(path)
    assert event.sections[1].entries[-1].key == "pearson2021"
    assert "# " + '"Interpersonal Therapy' in before and before.splitlines()[0] in path.read_text()
    new_section = cli(
        "event", "add", EVENT, "law2016", "--section", "Further reading", root=seed_repo
    )
    assert new_section.exit_code == 0
    assert [s.title for s in load_event(path).sections][-1] == "Further reading"
    unknown = cli("event", "add", EVENT, "law2061", root=seed_repo)
    assert unknown.exit_code == 1
    assert "no entry with key 'law2061' (did you mean law2016" in unknown.stderr
    not_listed = cli("event", "remove", EVENT, "nothing", root=seed_repo)
    assert not_listed.exit_code == 1 and "does not list nothing" in not_listed.stderr


def test_rename_changes_only_the_key_text_in_the_library_crossrefs_and_events(
    cli: Invoke, seed_repo: Path
) -> None:
    bib = seed_repo / "refs" / "references.bib"
    event = seed_repo / "events" / f"{EVENT}.toml"
    old_bib, old_event = bib.read_text(), event.read_text()
    result = cli("rename", "pavlopoulou-inpress", "pavlopoulou2024", root=seed_repo)
    assert result.exit_code == 0, result.stderr
    assert sorted(changed_lines(old_bib, bib.read_text())) == [
        "+  crossref = {pavlopoulou2024},",
        "+@book{pavlopoulou2024,",
        "-  crossref = {pavlopoulou-inpress},",
        "-@book{pavlopoulou-inpress,",
    ]
    assert changed_lines(old_event, event.read_text()) == [
        '-    "pavlopoulou-inpress",',
        '+    "pavlopoulou2024",',
    ]
    assert cli("check", root=seed_repo).exit_code == 0
    # A note's key, a single-quoted key: only the key's text changes.
    cli("rename", "wampold2015", "wampold-2015", root=seed_repo)
    assert '{ key = "wampold-2015", note = "The common factors' in event.read_text()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("law2013", "law2016", "key 'law2016' is already used at"),
        ("law2013", "LAW2016", "key 'LAW2016' is already used at"),
        ("law2013", "law 2013", "cannot be a BibTeX key"),
        ("law2031", "x", "no entry with key 'law2031' (did you mean law2016, law2013"),
    ],
)
def test_rename_refuses_a_clash_a_bad_key_or_an_unknown_one(
    cli: Invoke, seed_repo: Path, old: str, new: str, message: str
) -> None:
    before = tree(seed_repo)
    result = cli("rename", old, new, root=seed_repo)
    assert result.exit_code == 1
    assert message in result.stderr
    assert tree(seed_repo) == before


def test_remove_is_refused_while_an_event_lists_the_entry_or_a_chapter_inherits_from_it(
    cli: Invoke, seed_repo: Path
) -> None:
    bib = seed_repo / "refs" / "references.bib"
    before = bib.read_text()
    listed = cli("remove", "law2016", root=seed_repo)
    assert listed.exit_code == 1
    assert "'law2016' is listed by event(s) ipt-refresher-2024" in listed.stderr
    assert cli("event", "remove", EVENT, "pavlopoulou-inpress", root=seed_repo).exit_code == 0
    parent = cli("remove", "pavlopoulou-inpress", root=seed_repo)
    assert parent.exit_code == 1 and "crossref parent of law-rose-inpress" in parent.stderr
    assert bib.read_text() == before
    cli("event", "remove", EVENT, "law2016", root=seed_repo)
    removed = cli("remove", "law2016", root=seed_repo)
    assert removed.exit_code == 0, removed.stderr
    after = bib.read_text()
    assert "law2016" not in after
    old = bibfile.parse(before)
    for key in ("law2013", "law-rose-inpress", "wampold2015"):
        block = old.block_for(key)
        assert block is not None and before[block.start : block.end] in after
    assert len(bibfile.parse(after).references) == len(old.references) - 1


def test_a_draft_event_is_built_with_a_warning_and_the_others_still_are(
    cli: Invoke, seed_repo: Path, tmp_path: Path
) -> None:
    cli("event", "new", "draft-day", "--title", "Draft", "--date", "2025-06-01", root=seed_repo)
    site = tmp_path / "site"
    result = cli("build", str(site), "--today", "2025-01-01", root=seed_repo)
    assert result.exit_code == 0, result.stderr
    assert "event 'draft-day' has no references yet (a draft)" in result.stderr
    assert (site / EVENT / "index.html").is_file()
    assert (site / "draft-day" / "index.html").is_file()


def test_event_edits_read_back_and_leave_other_text_alone() -> None:
    text = (
        "# my event\ntitle = 'Day'\n\n[[sections]]\ntitle = \"A\"\n"
        "references = ['x1', \"x2\"]  # two for now\n"
    )
    path = Path("events/day.toml")
    renamed = rename_key(text, path, "x1", "y1")
    assert renamed == text.replace("'x1'", "'y1'")
    added = add_keys(text, path, ["x3", "X1"])
    assert added.changed == ("x3",) and added.unchanged == ("X1",)
    assert "# two for now" in added.text and "# my event" in added.text
    removed = remove_keys(added.text, path, ["x2"])
    assert removed.changed == ("x2",)
    assert "x2" not in removed.text and "# two for now" in removed.text
