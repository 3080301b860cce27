"""Importing what other tools write: CSL-JSON from Zotero, Better BibTeX and hand-made files,
and .bib files in other encodings. Nothing another tool wrote can create, remove or alter an
entry other than its own, and nothing ends in a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from readinglist.bibtex import bibfile
from readinglist.csl import foreign, to_bibtex
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


def test_a_season_and_circa_are_written_as_biblatex_edtf_dates(tmp_path: Path) -> None:
    # biblatex manual §2.3.8: EDTF level 1, seasons as months 21-24, "~" approximate.
    items = [
        {"id": "a", "type": "book", "title": "Ta", "issued": {"date-parts": [[1999]], "season": 2}},
        {"id": "b", "type": "book", "title": "Tb", "issued": {"date-parts": [[1999]], "circa": 1}},
        {
            "id": "c",
            "type": "book",
            "title": "Tc",
            "issued": {"date-parts": [[1990, 5], [1992]], "circa": True},
        },
        {
            "id": "d",
            "type": "book",
            "title": "Td",
            "issued": {"literal": "1999", "season": "Winter"},
        },
    ]
    _, text = import_items(tmp_path, items)
    dates = [r.get("date") for r in bibfile.parse(text).references]
    assert dates == ["1999-22", "1999~", "1990-05~/1992~", "1999-24"]


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
    # The line and the byte, as every reader of a file says it.
    byte = {"latin-1": "0xfc at column 8", "utf-16": "0xff at column 1"}[encoding]
    assert f"{target}:1: is not UTF-8 (byte {byte})" in result.stderr
    assert result.stderr.rstrip().endswith("nothing written")
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


def import_with_problems(tmp_path: Path, items: Any) -> tuple[list[str], str]:
    source = tmp_path / "in.json"
    source.write_text(json.dumps(items))
    batch = importing.Batch(Library())
    problems = importing.read_import_file(source, batch)
    assert all(p.severity == "warning" and p.path == source for p in problems)
    assert all("\n" not in str(p) for p in problems)
    return [str(p) for p in problems], bibfile.update(bibfile.parse(""), added=batch.added)


@pytest.mark.parametrize(
    ("item", "field", "value", "told"),
    [
        # A name part that is no text is kept as its text, not left out.
        (
            {"author": [{"family": {"text": "Doe"}, "given": "Jane"}]},
            "author",
            "Doe, Jane",
            "author: 'family' of a name given as an object",
        ),
        (
            {"author": [{"family": ["van", "Dijk"], "given": "Jo"}]},
            "author",
            "van Dijk, Jo",
            "author: 'family' of a name given as a list",
        ),
        # A name without CSL's parts is kept as a literal name.
        ({"editor": [{"name": "WHO"}]}, "editor", "{WHO}", "editor: a name without CSL name parts"),
        ({"author": [42]}, "author", "{42}", "author: a name given as a number"),
        # A date that is no date-parts of numbers is kept as a literal date.
        (
            {"issued": {"date-parts": [["x"]]}},
            "year",
            "x",
            "issued: date-parts that are no date [[\"x\"]], kept as the literal date 'x'",
        ),
        (
            {"issued": {"date-parts": [["Spring", 2019]]}},
            "year",
            "Spring 2019",
            "issued: date-parts that are no date",
        ),
        (
            {"issued": {"date-parts": [["x"]], "raw": "circa 1850"}},
            "year",
            "circa 1850",
            "issued: date-parts that are no date [[\"x\"]], its literal 'circa 1850' kept",
        ),
        (
            {"issued": "Spring 2019"},
            "year",
            "Spring 2019",
            'issued: a date given as text "Spring 2019", not a date object; kept as a literal',
        ),
        ({"issued": "2019"}, "year", "2019", 'issued: a date given as text "2019"'),
        ({"issued": 2019}, "year", "2019", "issued: a date given as a number 2019"),
        ({"issued": [2019, 5]}, "month", "5", "issued: a date given as a list [2019, 5]"),
        # Other variables: an object's text is kept; of several values the first.
        (
            {"publisher": {"name": "Guilford"}},
            "publisher",
            "Guilford",
            "publisher: given as an object",
        ),
        (
            {"ISSN": ["0022-006X", "1939-2117"]},
            "issn",
            "0022-006X",
            "ISSN: 2 values given, '0022-006X' kept and [\"1939-2117\"] left out",
        ),
    ],
)
def test_a_malformed_csl_json_value_is_kept_where_it_can_be_and_told(
    tmp_path: Path, item: dict[str, Any], field: str, value: str, told: str
) -> None:
    source = tmp_path / "in.json"
    warnings, text = import_with_problems(tmp_path, [{"id": "doe2019", "type": "book", **item}])
    [reference] = bibfile.parse(text).references
    assert reference.get(field) == value
    [warning] = warnings
    assert warning.startswith(f"{source}: item 'doe2019': {told}")


def test_an_item_without_an_id_is_named_by_its_place(tmp_path: Path) -> None:
    warnings, _ = import_with_problems(
        tmp_path, [{"type": "book", "title": "A"}, {"type": "book", "title": True}]
    )
    assert warnings == [f"{tmp_path / 'in.json'}: item #2: title: given as true or false, left out"]


def test_well_formed_csl_json_gives_no_warning(tmp_path: Path) -> None:
    # What Zotero and CrossRef write: extra keys of a name, empty date parts, nulls.
    item = {
        "id": "http://zotero.org/users/1/items/AB",
        "type": "article-journal",
        "title": "T",
        "author": [
            {"family": "Doe", "given": "J.", "sequence": "first", "affiliation": []},
            {"literal": "WHO"},
            None,
        ],
        "issued": {"date-parts": [[2020, "", ""]]},
        "accessed": {"date-parts": [["2021", "3", "4"]]},
        "volume": None,
        "page": 12,
    }
    warnings, text = import_with_problems(tmp_path, [item])
    assert warnings == []
    [reference] = bibfile.parse(text).references
    assert reference.get("author") == "Doe, J. and {WHO}"
    assert reference.get("year") == "2020"


def test_import_prints_the_warning_and_does_not_count_it_as_failed(
    cli: Invoke, tmp_path: Path
) -> None:
    (tmp_path / "refs").mkdir()
    (tmp_path / "refs" / "references.bib").write_text("")
    source = tmp_path / "in.json"
    source.write_text(json.dumps([{"id": "x1", "type": "book", "title": "T", "issued": "2019"}]))
    result = cli("import", str(source), root=tmp_path)
    assert result.exit_code == 0
    assert f"{source}: item 'x1': issued: a date given as text" in result.stderr
    assert "1 added, 0 skipped (duplicate), 0 failed" in result.stderr


def test_format_prints_the_warning_of_a_malformed_value(cli: Invoke, tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    item = {"id": "x1", "type": "book", "title": "Gamma", "issued": {"date-parts": [["n.d."]]}}
    source.write_text(json.dumps([item]))
    result = cli("format", str(source))
    assert result.exit_code == 0
    assert "(n.d.)" in result.stdout
    assert f"{source}: item 'x1': issued: date-parts that are no date" in result.stderr


MENDELEY_REPEATS = """\
@article{Kato.2012,
author = {Kato, Tsukasa},
journal = {Journal of counseling psychology},
title = {{Development of the Coping Flexibility Scale}},
year = {2012}
}
@article{Kato.2012,
author = {Kato, Tsukasa},
journal = {Journal of counseling psychology},
title = {{Development of the Coping Flexibility Scale}},
year = {2012}
}
@book{.2015,
publisher = {Springer},
title = {{Time perspective theory; review, research and application}},
year = {2015}
}
@article{.2015,
author = {Stolarski, Maciej},
journal = {Personality and Individual Differences},
title = {{Time perspective and well-being}},
year = {2015}
}
"""


def test_a_repeated_key_in_an_imported_file_loses_no_work(cli: Invoke, tmp_path: Path) -> None:
    """Mendeley exports a library with one key for several entries: a word-for-word copy is
    skipped as a duplicate, another work under the same key gets a key of its own. BibTeX and
    biber would read only the first of each key; an import must not drop the others."""
    source = tmp_path / "mendeley.bib"
    source.write_text(MENDELEY_REPEATS, encoding="utf-8")
    batch = importing.Batch(Library())
    problems = importing.read_import_file(source, batch)
    assert problems == []
    assert [(o.status, o.key) for o in batch.outcomes] == [
        ("added", "Kato.2012"),
        ("duplicate", "Kato.2012"),
        ("added", ".2015"),
        ("added", "stolarski2015"),
    ]
    assert "a copy of 'Kato.2012' at line 1" in batch.outcomes[1].message
    titles = [r.get("title") for r in batch.added]
    assert "{Time perspective and well-being}" in titles

    (tmp_path / "refs").mkdir()
    library = tmp_path / "refs" / "references.bib"
    library.write_text("")
    result = cli("import", str(source), root=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "3 added, 1 skipped (duplicate), 0 failed" in result.stderr
    assert "could not be read" not in result.stderr
    keys = [r.key for r in bibfile.parse(library.read_text()).references]
    assert keys == ["Kato.2012", ".2015", "stolarski2015"]
    # The file itself still has a key twice: formatting it as it is reports that.
    formatted = cli("format", str(source))
    assert formatted.exit_code == 1
    assert "mendeley.bib:7: entry could not be read: key 'Kato.2012' is used twice" in (
        formatted.stderr
    )


def test_an_entry_with_a_field_twice_is_imported_with_a_warning(
    cli: Invoke, tmp_path: Path
) -> None:
    """A field given twice is read with its last value, as biber reads it (and warns, as
    classic BibTeX does: "I'm ignoring …'s extra field"). Import adds the entry and names
    the field on its line; it counted it "1 failed" and exited 1, though nothing failed. In
    the library the same entry is an error (`check` exits 1): a value there is lost."""
    source = tmp_path / "in.bib"
    source.write_text(
        "@article{p,\n  title = {LHC results},\n  year = {2014},\n  journal = {J},\n"
        "  year = {2008},\n}\n",
        encoding="utf-8",
    )
    (tmp_path / "refs").mkdir()
    library = tmp_path / "refs" / "references.bib"
    library.write_text("")
    result = cli("import", str(source), root=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert f"{source}:1: entry 'p' has a field twice: 'year'" in result.stderr
    assert "1 added, 0 skipped (duplicate), 0 failed" in result.stderr
    [reference] = bibfile.parse(library.read_text()).references
    assert reference.get("year") == "2008"
    library.write_text(source.read_text(encoding="utf-8"))
    assert cli("check", root=tmp_path).exit_code == 1


def test_an_imported_month_is_written_as_its_standard_macro(cli: Invoke, tmp_path: Path) -> None:
    """Import writes an entry anew: a month that a standard macro stands for is written as
    the macro (``month = oct``, as Zotero exports it), not as the name it expands to
    (``{October}``), which biber takes for a string and pandoc leaves out of the date."""
    source = tmp_path / "in.bib"
    source.write_text(
        "@article{z, title = {T}, author = {X, Y}, journal = {J}, year = 2000, month = oct}\n",
        encoding="utf-8",
    )
    (tmp_path / "refs").mkdir()
    library = tmp_path / "refs" / "references.bib"
    library.write_text("")
    assert cli("import", str(source), root=tmp_path).exit_code == 0
    assert "  month   = oct,\n" in library.read_text()
    assert bibfile.parse(library.read_text()).references[0].get("month") == "October"


@pytest.mark.parametrize("literal", ["-1000", -1000, "-44/-43"])
def test_a_negative_year_written_as_text_is_kept_as_written(literal: Any) -> None:
    """A CSL-JSON date given as text is read as ISO 8601 when it is one ("2020-05"); a
    negative year is not: ISO 8601 counts years astronomically (-1000 is 1001 BCE), CSL does
    not (-1000 is 1000 BCE), and a CSL-JSON file may mean either. Read as ISO it came back
    as -1001, a year the file never held; it is kept as the literal it was."""
    told: list[str] = []
    item = foreign.well_formed({"issued": {"literal": literal}}, 1, lambda v, m: told.append(v))
    assert item["issued"] == {"literal": str(literal)}
    assert foreign.well_formed({"issued": {"literal": "2020-05"}}, 1, lambda v, m: None)[
        "issued"
    ] == {"date-parts": [[2020, 5]]}


JABREF_CP1252 = (
    b"% This file was created with JabRef 2.10.\r\n% Encoding: Cp1252\r\n\r\n"
    b"@Article{AucPac04,\r\n  Title = {Caf\xe9 music: \x93timbre\x94},\r\n"
    b"  Author = {M\xfcller, Jean},\r\n  Journal = {J},\r\n  Year = {2004}\r\n}\r\n"
)


def test_a_jabref_file_in_the_encoding_its_header_declares_is_imported(
    cli: Invoke, tmp_path: Path
) -> None:
    """Older JabRef libraries are written in Windows-1252 and say so in their header ("%
    Encoding: Cp1252", Java's name): import reads them in it, "“" included (a byte Latin-1
    has no letter for), adds them to the UTF-8 library and says how it read them."""
    (tmp_path / "refs").mkdir()
    source = tmp_path / "jabref.bib"
    source.write_bytes(JABREF_CP1252)
    result = cli("import", str(source), root=tmp_path)
    assert result.exit_code == 0, result.output
    assert f"{source}: read as CP1252, the encoding its header declares" in result.output
    library = (tmp_path / "refs" / "references.bib").read_text(encoding="utf-8")
    assert "Café music: “timbre”" in library and "Müller, Jean" in library


def test_a_library_file_in_a_declared_encoding_is_told_how_to_convert(
    cli: Invoke, tmp_path: Path
) -> None:
    """A library file is kept byte for byte, so it is not read in another encoding: the
    error names the byte, and the conversion that its header calls for."""
    (tmp_path / "refs").mkdir()
    bib = tmp_path / "refs" / "references.bib"
    bib.write_bytes(JABREF_CP1252)
    result = cli("check", root=tmp_path)
    assert (
        f"{bib}:5: error: is not UTF-8 (byte 0xe9 at column 15; its header declares CP1252); "
        "convert it: iconv -f CP1252 -t utf-8"
    ) in result.output
    assert bib.read_bytes() == JABREF_CP1252


@pytest.mark.parametrize("declared", ["base64", "rot13", "x-unknown-charset"])
def test_a_header_declaring_no_text_encoding_is_not_followed(
    cli: Invoke, tmp_path: Path, declared: str
) -> None:
    """A header naming one of Python's transforms (base64, rot13) or an unknown charset is
    no encoding to read the file in: the file is refused as not UTF-8, with the usual hint."""
    (tmp_path / "refs").mkdir()
    source = tmp_path / "odd.bib"
    source.write_bytes(f"% Encoding: {declared}\n".encode() + b"@misc{a, title={Caf\xe9}}\n")
    result = cli("import", str(source), root=tmp_path)
    assert f"{source}:2: is not UTF-8 (byte 0xe9 at column 20); convert it" in result.output
    assert "header declares" not in result.output


def test_a_file_its_declared_encoding_cannot_read_is_refused_whole(
    cli: Invoke, tmp_path: Path
) -> None:
    """A header declaring Cp1252 over bytes Windows-1252 has no character for (0x81) is no
    licence to guess: the file is refused in one line naming the byte and the declared
    encoding, and nothing of it is added."""
    (tmp_path / "refs").mkdir()
    library = tmp_path / "refs" / "references.bib"
    library.write_text("")
    source = tmp_path / "broken.bib"
    source.write_bytes(b"% Encoding: Cp1252\n@misc{a, title={Caf\x81}}\n")
    result = cli("import", str(source), root=tmp_path)
    assert f"{source}:2: is not UTF-8 (byte 0x81 at column 20; its header declares CP1252)" in (
        result.output
    )
    assert "Traceback" not in result.output and "read as CP1252" not in result.output
    assert library.read_text() == ""
