"""The library folder: loading many files, unique keys, safe writes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from readinglist.atomic import write_text
from readinglist.errors import UnknownKeyError, WriteError
from readinglist.library import Library, save
from readinglist.model import Reference

from .conftest import Invoke


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def test_keys_are_unique_across_files_ignoring_case(tmp_path: Path) -> None:
    write(tmp_path / "refs" / "a.bib", "@misc{Smith2020, title={A}}\n")
    write(tmp_path / "refs" / "sub" / "b.bib", "\n\n@misc{smith2020, title={B}}\n")
    library = Library.load([tmp_path / "refs"])
    assert len(library) == 1
    assert library.get("SMITH2020") is not None
    [problem] = library.problems
    assert str(problem).startswith(
        f"{tmp_path / 'refs' / 'sub' / 'b.bib'}:3: key 'smith2020'"
        f" is already used at {tmp_path / 'refs' / 'a.bib'}:1"
    )


def test_a_repeated_key_names_the_first_file_as_the_command_line_shows_files(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from the repository, check names the file it reports relative to the current
    folder; the entry that already has the key is named so too, not by an absolute path."""
    write(tmp_path / "refs" / "a.bib", "@misc{Smith2020, title={A}}\n")
    write(tmp_path / "refs" / "sub" / "b.bib", "\n\n@misc{smith2020, title={B}}\n")
    monkeypatch.chdir(tmp_path)
    result = cli("check")
    assert (
        f"{Path('refs', 'sub', 'b.bib')}:3: error: key 'smith2020' is already used at "
        f"{Path('refs', 'a.bib')}:1; keys must be unique"
    ) in result.stdout


def test_an_unknown_key_names_its_nearest_neighbours(tmp_path: Path) -> None:
    write(tmp_path / "a.bib", "@misc{pearson2021, title={A}}\n@misc{wampold2015, title={B}}\n")
    library = Library.load([tmp_path / "a.bib"])
    with pytest.raises(UnknownKeyError, match=r"'person2021' \(did you mean pearson2021\?\)"):
        library.require("person2021")


def test_a_file_that_is_not_utf8_is_reported_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "latin.bib").write_bytes(b"@misc{a, title={Caf\xe9}}\n")
    library = Library.load([tmp_path / "latin.bib"])
    assert len(library) == 0
    assert "latin.bib:1: is not UTF-8" in str(library.problems[0])


def test_a_link_to_a_file_outside_the_library_is_refused(tmp_path: Path) -> None:
    outside = write(tmp_path / "elsewhere" / "x.bib", "@misc{x, title={X}}\n")
    (tmp_path / "repo" / "refs").mkdir(parents=True)
    (tmp_path / "repo" / "refs" / "x.bib").symlink_to(outside)
    library = Library.load([tmp_path / "repo" / "refs"], root=tmp_path / "repo")
    assert len(library) == 0
    assert "outside" in str(library.problems[0])


def test_saving_keeps_mode_bom_and_line_endings(tmp_path: Path) -> None:
    path = write(tmp_path / "a.bib", "\ufeff% notes\r\n@misc{a,\r\n  title = {A},\r\n}\r\n")
    os.chmod(path, 0o600)
    library = Library.load([path])
    save(library.files[0], added=[Reference("b", "misc", (("title", "B"),))])
    data = path.read_bytes()
    assert data.startswith("\ufeff% notes\r\n@misc{a,\r\n".encode())
    assert b"@misc{b,\r\n  title = {B},\r\n}\r\n" in data
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["a.bib"]  # no temporary file left


def test_a_file_changed_on_disk_since_it_was_read_is_not_overwritten(tmp_path: Path) -> None:
    path = write(tmp_path / "a.bib", "@misc{a, title={A}}\n")
    library = Library.load([path])
    path.write_text("@misc{a, title={Edited elsewhere}}\n")
    with pytest.raises(WriteError, match="changed on disk"):
        save(library.files[0], added=[Reference("b", "misc", (("title", "B"),))])
    assert path.read_text() == "@misc{a, title={Edited elsewhere}}\n"


def test_a_write_that_cannot_happen_raises_a_clear_error_and_creates_nothing(
    tmp_path: Path,
) -> None:
    target = tmp_path / "missing-folder" / "a.bib"
    with pytest.raises(WriteError, match=r"missing-folder/a\.bib: cannot write"):
        write_text(target, "new\n")
    assert not target.parent.exists()


def test_replacing_a_file_that_is_a_folder_fails_and_leaves_no_temporary_file(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.bib").mkdir()
    with pytest.raises(WriteError, match="the file is unchanged"):
        write_text(tmp_path / "a.bib", "new\n")
    assert [p.name for p in tmp_path.iterdir()] == ["a.bib"]


def test_an_entry_is_resolved_with_its_crossref_parent_by_biblatex_rules(tmp_path: Path) -> None:
    write(
        tmp_path / "refs" / "a.bib",
        "@incollection{ch, author = {Law, Roslyn}, title = {When helping professionals hurt},"
        " crossref = { BK }, pages = {1--9}}\n"
        "@book{bk, editor = {Pavlopoulou, Georgia}, title = {Improving access},"
        " publisher = {Routledge}, pages = {300}}\n"
        "@misc{orphan, title = {Alone}, crossref = {nowhere}}\n",
    )
    library = Library.load([tmp_path / "refs"])
    chapter = library.resolved("CH")
    assert dict(chapter.fields) == {
        "author": "Law, Roslyn",
        "title": "When helping professionals hurt",
        "pages": "1--9",  # the child's own field wins
        "editor": "Pavlopoulou, Georgia",
        "booktitle": "Improving access",  # a part's parent title is its book title
        "publisher": "Routledge",
    }
    orphan = library.resolved("orphan")
    assert orphan == library.get("orphan")  # a missing parent leaves the entry as it is
    with pytest.raises(UnknownKeyError):
        library.resolved("chh")
    assert library.to_csl(["ch"])[0]["container-title"] == "Improving access"


def test_csl_items_kept_with_the_parse_are_those_mapped_afresh(tmp_path: Path) -> None:
    # A child whose parent is in its own file, one whose parent is in another file, and one
    # whose same-file parent is shadowed by an entry of that key in a file read before it.
    write(
        tmp_path / "refs" / "a.bib",
        "@book{BK, editor = {Berg, Ann}, title = {The first book}, publisher = {Routledge}}\n",
    )
    write(
        tmp_path / "refs" / "b.bib",
        "@incollection{ch, author = {Law, Roslyn}, title = {Helping}, crossref = {bk}}\n"
        "@book{bk, editor = {Cruz, Zoë}, title = {A shadowed book}}\n"
        "@incollection{near, author = {Rose, Kieran}, title = {Near}, crossref = {own}}\n"
        "@book{own, editor = {Smith, Jean-Paul}, title = {Its own book}, year = {2021}}\n"
        "@article{plain, author = {Nguyen, B. J.}, title = {Alone}, journal = {J}, year = 2020}\n",
    )
    cache_dir = tmp_path / "cache"
    fresh = Library.load([tmp_path / "refs"]).to_csl()
    Library.load([tmp_path / "refs"], cache_dir=cache_dir).to_csl()  # fills the cache
    kept = Library.load([tmp_path / "refs"], cache_dir=cache_dir).to_csl()
    assert kept == fresh
    by_key = {item["id"]: item for item in kept}
    assert by_key["ch"]["container-title"] == "The first book"  # a.bib's bk, read first
    assert by_key["near"]["container-title"] == "Its own book"


def test_one_entry_of_a_large_file_is_mapped_alone(tmp_path: Path) -> None:
    import cProfile
    import pstats

    write(
        tmp_path / "refs" / "a.bib",
        "".join(f"@misc{{k{i}, title = {{Work {i}}}, year = 2020}}\n" for i in range(40)),
    )

    def mapped(keys: list[str] | None) -> int:
        library = Library.load([tmp_path / "refs"], cache_dir=tmp_path / "cache")
        profiler = cProfile.Profile()
        profiler.enable()
        library.to_csl(keys)
        profiler.disable()
        stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
        return sum(
            s[1]
            for (file, _, name), s in stats.items()
            if name == "to_csl" and file.endswith("from_bibtex.py")
        )

    assert mapped(["k7"]) == 1  # not the file's 40: a cold `show` of one entry stays quick
    assert mapped(None) == 40  # every entry asked: all mapped, and kept with the parse
    assert mapped(["k7"]) == 0  # read back
