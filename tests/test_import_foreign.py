"""Importing what other tools write: CSL-JSON from Zotero, Better BibTeX and hand-made files,
and .bib files in other encodings. Nothing another tool wrote can create, remove or alter an
entry other than its own, and nothing ends in a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from readinglist.bibtex import bibfile
from readinglist.csl import to_bibtex
from readinglist.library import Library
from readinglist.ops import importing

from .conftest import Invoke


def import_items(tmp_path: Path, items: Any) -> tuple[list[importing.Outcome], str]:
    source = tmp_path / "in.json"
    source.write_text(items if isinstance(items, str) else json.dumps(items))
    batch = importing.Batch(Library())
    problems = importing.read_import_file(source, batch)
    assert all(p.line is not None or p.path for p in problems)
    text = bibfile.update(bibfile.parse(""), added=batch.added)
    return batch.outcomes, text


def test_an_id_that_is_no_bibtex_key_cannot_inject_an_entry(tmp_path: Path) -> None:
    outcomes, text = import_items(
        tmp_path,
        [
            {
                "id": "k1,title={T}}\n@misc{injected,",
                "type": "book",
                "title": "Real",
                "author": [{"family": "Doe", "given": "J."}],
                "issued": {"date-parts": [[2001]]},
            }
        ],
    )
    keys = [r.key for r in bibfile.parse(text).references]
    assert keys == ["doe2001"] and outcomes[0].key == "doe2001"
    assert "injected" not in text


def test_zotero_citation_key_is_the_key_and_the_item_uri_an_alias(tmp_path: Path) -> None:
    uri = "http://zotero.org/users/123/items/ABCD1234"
    _, text = import_items(
        tmp_path,
        [{"id": uri, "citation-key": "law2024", "type": "book", "title": "T"}],
    )
    [reference] = bibfile.parse(text).references
    assert reference.key == "law2024"
    assert reference.get("ids") == uri


def test_better_bibtex_citation_key_in_the_note_is_honoured(tmp_path: Path) -> None:
    _, text = import_items(
        tmp_path,
        [{"id": "x1", "type": "book", "title": "T", "note": "Citation Key: rose2021\nSeen."}],
    )
    [reference] = bibfile.parse(text).references
    assert reference.key == "rose2021" and reference.get("note") == "Seen."


def test_keywords_notes_day_and_literal_dates_are_kept(tmp_path: Path) -> None:
    _, text = import_items(
        tmp_path,
        [
            {
                "id": "a",
                "type": "article-journal",
                "title": "T",
                "keyword": "ipt, depression",
                "note": "Read first",
                "issued": {"date-parts": [[2020, 3, 9]]},
            },
            {"id": "b", "type": "book", "title": "T", "issued": {"literal": "Spring 2019"}},
        ],
    )
    a, b = bibfile.parse(text).references
    assert (a.get("keywords"), a.get("note")) == ("ipt, depression", "Read first")
    assert (a.get("year"), a.get("month"), a.get("day")) == ("2020", "3", "9")
    assert b.get("year") == "Spring 2019"


@pytest.mark.parametrize(
    "item",
    [
        {"id": "a", "type": "book", "title": "T", "author": "Doe, Jane and Roe, Rick"},
        {"id": "a", "type": "book", "title": "T", "author": [None]},
        {"id": "a", "type": "book", "title": "T", "issued": "2020"},
        {"id": "a", "type": "book", "title": "T", "issued": 2020},
        {"id": "a", "type": "book", "title": "T", "issued": {"date-parts": [["abc"]]}},
        {"id": "a", "type": "book", "title": ["T1", "T2"], "volume": None, "ISSN": [None, "J"]},
        {"id": "a", "type": "", "title": "T"},
        {"id": "a", "type": "book", "title": "T\x1b]0;owned\x07\x1b[31m"},
    ],
)
def test_odd_csl_json_values_import_without_python_reprs(tmp_path: Path, item: Any) -> None:
    outcomes, text = import_items(tmp_path, [item])
    assert [o.status for o in outcomes] == ["added"]
    for bad in ("None", "['", "{None", "\x1b", "\x07"):
        assert bad not in text
    [reference] = bibfile.parse(text).references
    assert reference.get("title") in ("T", "T1", "T ]0;owned [31m")


def test_an_author_as_a_string_is_split_by_bibtex_rules(tmp_path: Path) -> None:
    _, text = import_items(
        tmp_path, [{"id": "a", "type": "book", "title": "T", "author": "Doe, Jane and Roe, Rick"}]
    )
    assert bibfile.parse(text).references[0].get("author") == "Doe, Jane and Roe, Rick"


def test_json_nested_too_deeply_is_a_located_error(tmp_path: Path) -> None:
    source = tmp_path / "deep.json"
    source.write_text("[" * 100_000 + "]" * 100_000)
    problems = importing.read_import_file(source, importing.Batch(Library()))
    assert [p.line for p in problems] == [1]
    assert "nested too deeply" in problems[0].message


def test_a_csl_json_type_of_empty_string_is_misc() -> None:
    assert to_bibtex.to_reference({"id": "a", "type": "", "title": "T"}, "a").entry_type == "misc"


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16"])
def test_importing_into_a_bib_file_that_is_not_utf8_is_a_one_line_error(
    cli: Invoke, tmp_path: Path, encoding: str
) -> None:
    (tmp_path / "refs").mkdir()
    target = tmp_path / "refs" / "references.bib"
    original = "@book{m\u00fcller2000, title = {\u00dcber}}\n".encode(encoding)
    target.write_bytes(original)
    source = tmp_path / "new.json"
    source.write_text(json.dumps([{"id": "n", "type": "book", "title": "New"}]))
    result = cli("import", str(source), root=tmp_path)
    assert result.exit_code == 1
    assert f"{target}: is not UTF-8" in result.stderr
    assert target.read_bytes() == original


def test_show_never_echoes_an_escape_sequence(cli: Invoke, tmp_path: Path) -> None:
    (tmp_path / "refs").mkdir()
    (tmp_path / "refs" / "references.bib").write_text(
        "@book{a, title = {Evil \x1b]0;owned\x07 title}, year = {2000}}\n"
    )
    out = cli("show", "a", root=tmp_path).stdout
    assert "\x1b" not in out and "\x07" not in out and "\\x1b" in out


def test_format_reads_odd_csl_json_as_well_formed_items(cli: Invoke, tmp_path: Path) -> None:
    source = tmp_path / "odd.json"
    source.write_text(
        json.dumps(
            [
                {"id": "a", "type": "", "title": "Alpha", "author": "Doe, J.", "issued": "2020"},
                {
                    "id": "b",
                    "type": "book",
                    "title": "Beta",
                    "author": [None],
                    "issued": {"date-parts": [["abc"]]},
                },
                {"id": "c", "type": "book", "title": "Gamma", "issued": 2021},
            ]
        )
    )
    result = cli("format", str(source))
    assert result.exit_code == 0
    assert "Doe, J. (2020). Alpha." in result.stdout
    assert "Beta" in result.stdout and "(2021)" in result.stdout


def test_format_of_json_nested_too_deeply_is_a_one_line_error(cli: Invoke, tmp_path: Path) -> None:
    source = tmp_path / "deep.json"
    source.write_text("[" * 100_000 + "]" * 100_000)
    result = cli("format", str(source))
    assert result.exit_code == 1
    assert f"{source}: not CSL-JSON (arrays or objects nested too deeply)" in result.stderr
