"""Reading .bib files liberally and writing them back minimally."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from readinglist.bibtex import bibfile
from readinglist.model import Reference

from .conftest import CORPUS, DATA, needs_corpus

MESSY = DATA / "messy.bib"


def changed_lines(old: str, new: str) -> list[str]:
    diff = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def test_macros_concatenation_and_month_names_are_resolved() -> None:
    bib = bibfile.parse(MESSY.read_text(), MESSY)
    smith = next(r for r in bib.references if r.key == "smith2020")
    assert smith.get("journal") == "Journal of Psychotherapy Online"
    assert smith.get("month") == "June"
    assert smith.get("title") == "A {DNA} Study"
    assert smith.entry_type == "article"


def test_an_unreadable_entry_is_reported_with_file_and_line_and_others_still_load() -> None:
    bib = bibfile.parse(MESSY.read_text(), MESSY)
    assert [r.key for r in bib.references] == ["smith2020", "kept2019", "legacy2022"]
    errors = [p for p in bib.problems if p.severity == "error"]
    assert len(errors) == 1
    assert str(errors[0]).startswith(f"{MESSY}:13: entry could not be read")


def test_writing_back_unchanged_is_byte_identical() -> None:
    text = MESSY.read_text()
    assert bibfile.update(bibfile.parse(text)) == text


def test_replacing_one_entry_changes_only_that_entry_and_keeps_macros() -> None:
    text = MESSY.read_text()
    bib = bibfile.parse(text)
    smith = bib.references[0]
    changed = smith._replace(fields=(*smith.fields, ("volume", "7")))
    new = bibfile.update(bib, changed=[changed])
    block = bib.block_for("smith2020")
    assert block is not None
    assert new[: block.start] == text[: block.start]
    assert new.endswith(text[block.end :])
    assert "journal = jpsy # { Online}," in new  # unchanged fields keep their source text
    assert "volume  = {7}," in new


def test_new_entries_are_appended_in_the_canonical_layout() -> None:
    text = MESSY.read_text()
    entry = Reference("new2024", "book", (("title", "New {Book}"), ("year", "2024")))
    new = bibfile.update(bibfile.parse(text), added=[entry])
    assert new.startswith(text)
    assert new.endswith("\n\n@book{new2024,\n  title = {New {Book}},\n  year  = {2024},\n}\n")


def test_crlf_files_stay_crlf() -> None:
    text = MESSY.read_text().replace("\n", "\r\n")
    bib = bibfile.parse(text)
    new = bibfile.update(bib, added=[Reference("x", "misc", (("title", "X"),))])
    assert "\n" not in new.replace("\r\n", "")


def test_a_value_with_unbalanced_braces_is_written_escaped_so_the_file_stays_readable() -> None:
    entry = Reference("odd", "misc", (("title", "one } two {"),))
    written = bibfile.update(bibfile.parse(""), added=[entry])
    again = bibfile.parse(written)
    assert not again.problems
    assert [r.key for r in again.references] == ["odd"]


def test_entries_without_a_key_are_reported_not_dropped_from_the_file() -> None:
    text = "@misc{,\n title = {No key}\n}\n\n@misc{ok, title = {Fine}}\n"
    bib = bibfile.parse(text)
    assert [r.key for r in bib.references] == ["ok"]
    assert "has no key" in str(bib.problems[0])
    assert bibfile.update(bib) == text


@needs_corpus()
@pytest.mark.parametrize("path", sorted((CORPUS / "bib").glob("*.bib")), ids=lambda p: p.stem)
def test_corpus_files_round_trip_and_single_replacements_stay_local(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    bib = bibfile.parse(text, path)
    assert bibfile.update(bib) == text
    for reference in bib.references[:: max(1, len(bib.references) // 25)]:
        changed = reference._replace(fields=(*reference.fields, ("note", "x")))
        new = bibfile.update(bib, changed=[changed])
        block = bib.block_for(reference.key)
        assert block is not None
        assert new[: block.start] == text[: block.start]
        assert new[len(new) - (len(text) - block.end) :] == text[block.end :]
        old_lines = text[block.start : block.end].count("\n") + 1
        assert len(changed_lines(text, new)) <= 2 * old_lines + 2
