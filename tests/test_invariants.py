"""Invariants of reading and writing, over generated input (hypothesis) and real files.

- a DOI, URL or key is kept byte for byte by every operation that does not set it;
- ``check --fix`` changes only the fields it fixes;
- any value written is read back equal, and a written file is readable by pandoc and biber;
- no input (a field value, an imported CSL-JSON item) can create, remove or alter another entry;
- reading any input ends in problems with a place, or success: never an exception;
- nothing of a CSL-JSON item is left out without a warning naming its variable.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist.bibtex import bibfile, latex
from readinglist.csl import foreign, from_bibtex, to_bibtex
from readinglist.identifiers import is_doi, normalize_doi
from readinglist.library import Library
from readinglist.model import Reference
from readinglist.ops import importing, lint

from .conftest import CORPUS, DATA, Invoke

EXAMPLES = 300
SLOW_EXAMPLES = 40
FAST = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(
    max_examples=SLOW_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Any text a user or another tool may put in a value: braces, backslashes, quotes, %, @, #,
# commas, newlines and any Unicode letter or symbol.
ANY_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from('{}\\%@#,"\n=')
)
doi_suffix = st.text(
    st.characters(codec="utf-8", categories=("L", "N", "P", "S"), exclude_characters="{}\\%"),
    min_size=1,
    max_size=30,
)
dois = st.builds(lambda reg, suffix: f"10.{reg}/{suffix}", st.integers(1000, 99999), doi_suffix)
urls = st.builds(
    lambda path: f"https://example.org/{path}",
    st.text(st.sampled_from("abcXYZ019-._~!$&'()*+,;=:@/?%"), max_size=30),
)
keys = st.from_regex(r"[A-Za-z][A-Za-z0-9_:.+/-]{0,20}", fullmatch=True)


def entry(key: str, *fields: tuple[str, str]) -> Reference:
    return Reference(key, "article", tuple(fields))


@FAST
@given(key=keys, doi=dois, url=urls, month=st.sampled_from(["jun", "{June}", "{Jun.}", "6"]))
def test_check_fix_keeps_dois_urls_and_keys_byte_for_byte(
    key: str, doi: str, url: str, month: str
) -> None:
    doi = doi.strip()
    text = (
        f"@article{{{key},\n  title = {{T}},\n  doi = {{{doi}}},\n  url = {{{url}}},\n"
        f"  month = {month},\n  year = {{in press}},\n}}\n"
    )
    bib = bibfile.parse(text)
    [reference] = bib.references
    fixed = lint.fix_reference(reference)
    after = bibfile.parse(bibfile.update(bib, [fixed]))
    [back] = after.references
    assert back.key == key
    assert back.get("url") == url
    if is_doi(doi):
        assert back.get("doi") == doi
        assert from_bibtex.to_csl(back)["DOI"] == doi
    # Only the fixed fields changed.
    before = dict(reference.fields)
    changed = {k for k, v in back.fields if before.get(k) != v} | (
        set(before) - dict(back.fields).keys()
    )
    assert changed <= {"month", "year", "pubstate", "doi"}
    assert "doi" not in changed or not is_doi(doi)


@FAST
@given(
    link=st.sampled_from(
        ["https://doi.org/", "http://dx.doi.org/", "doi:", "https://www.doi.org/"]
    ),
    doi=dois,
)
def test_a_doi_link_is_fixed_to_the_bare_doi_it_links(link: str, doi: str) -> None:
    doi = doi.strip()
    if not is_doi(doi) or "%" in doi:
        return
    if re.search(r"\?(?:locatt|noredirect|urlappend)", doi, re.IGNORECASE):
        return  # in a link, the doi.org proxy's parameters: not told apart from them
    reference = entry("a", ("doi", link + doi))
    assert lint.fix_reference(reference).get("doi") == doi
    assert normalize_doi(link + doi) == doi


@FAST
@given(value=ANY_TEXT, name=st.sampled_from(["title", "note", "journal", "doi", "url"]))
def test_any_value_written_is_read_back(value: str, name: str) -> None:
    written = bibfile.format_entry(entry("k", (name, value), ("year", "2000")))
    [back] = bibfile.parse(written).references
    assert back.key == "k" and back.get("year") == "2000"
    read = back.get(name) or ""
    safe = latex.balanced(value, False) and latex.balanced(value, True) and not value.endswith("\\")
    if safe:
        assert read == value.translate(bibfile.NONCHARACTERS)  # U+FFFE and kin as U+FFFD
    else:  # written with \textbrace...{} / \textbackslash{}: stable from then on
        assert "\\text" in read
        again = bibfile.format_entry(entry("k", (name, read), ("year", "2000")))
        assert again == written


@FAST
@given(value=ANY_TEXT, name=st.sampled_from(["abstract", "author", "note", "url"]))
def test_no_value_can_create_remove_or_alter_another_entry(value: str, name: str) -> None:
    text = (
        "@book{first, title = {One}, year = {2001}}\n\n"
        "@book{middle, title = {Two}}\n\n"
        "% a comment\n@book{last, title = {Three}, year = {2003}}\n"
    )
    bib = bibfile.parse(text)
    middle = bib.references[1]
    changed = Reference(middle.key, middle.entry_type, ((name, value), *middle.fields))
    after = bibfile.parse(bibfile.update(bib, [changed]))
    assert [r.key for r in after.references] == ["first", "middle", "last"]
    assert after.references[0].fields == bib.references[0].fields
    assert after.references[2].fields == bib.references[2].fields
    assert not after.problems


csl_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ANY_TEXT, inner, max_size=3),
    max_leaves=8,
)
csl_variables = st.sampled_from(
    [
        "id",
        "citation-key",
        "type",
        "title",
        "author",
        "editor",
        "issued",
        "container-title",
        "DOI",
        "URL",
        "note",
        "keyword",
        "volume",
        "page",
        "publisher",
        "ISSN",
        "original-date",
    ]
)


@SLOW
@given(items=st.lists(st.dictionaries(csl_variables, csl_values, max_size=8), max_size=4))
def test_any_csl_json_imports_as_its_own_entries_only(tmp_path: Path, items: list[Any]) -> None:
    existing = "@book{keep, title = {Kept}, year = {1999}}\n"
    bib_path = tmp_path / "refs.bib"
    bib_path.write_text(existing)
    source = tmp_path / "in.json"
    source.write_text(json.dumps(items))
    batch = importing.Batch(Library.load([bib_path]))
    importing.read_import_file(source, batch)
    text = bibfile.update(bibfile.parse(existing), added=batch.added)
    after = bibfile.parse(text)
    assert [r.key for r in after.references] == ["keep", *(r.key for r in batch.added)]
    assert after.references[0].fields == (("title", "Kept"), ("year", "1999"))
    assert not after.problems
    # No Python None written as text, and no control character, unless the input held it.
    written = json.dumps(items)
    for reference in after.references:
        for bad in ("None", "\x1b"):
            if bad not in written and json.dumps(bad)[1:-1] not in written:
                assert all(bad not in v for _, v in reference.fields)


def _words(value: Any) -> set[str]:
    """The words of every text and number inside `value` (numbers without leading zeros)."""
    if isinstance(value, list):
        return {w for v in value for w in _words(v)}
    if isinstance(value, dict):
        return {w for v in value.values() for w in _words(v)}
    return {w.lstrip("0") or "0" for w in re.findall(r"\w+", foreign.scalar(value))}


csl_dates = st.dictionaries(
    st.sampled_from(["date-parts", "literal", "raw", "season", "circa", "other"]),
    csl_values
    | st.lists(st.lists(st.integers(-9999, 9999) | ANY_TEXT | st.none(), max_size=4), max_size=3),
    max_size=3,
)
csl_names = st.lists(
    st.dictionaries(
        st.sampled_from(["family", "given", "literal", "suffix", "dropping-particle", "other"]),
        csl_values,
        max_size=3,
    )
    | csl_values,
    max_size=3,
)


@FAST
@given(
    item=st.dictionaries(csl_variables, csl_values, max_size=8),
    author=csl_names,
    issued=csl_dates,
)
def test_every_csl_json_value_is_kept_or_told(
    item: dict[str, Any], author: Any, issued: Any
) -> None:
    """Nothing of a CSL-JSON item is left out silently: every word of every variable is in
    the well-formed item, or a warning names the variable."""
    item = {**item, "author": author, "issued": issued}
    told: list[str] = []
    out = foreign.well_formed(item, 1, lambda variable, message: told.append(variable))
    json.dumps(out)
    for name, value in item.items():
        if name in ("id", "type") or name in told:
            continue
        assert _words(value) <= _words(out.get(name)), (name, value, out.get(name))


@FAST
@given(text=ANY_TEXT)
def test_reading_any_text_never_raises_and_every_problem_has_a_line(text: str) -> None:
    bib = bibfile.parse(text)
    assert all(p.line is not None for p in bib.problems)
    assert bibfile.update(bib) == text  # nothing was changed, nothing is lost
    for reference in bib.references:
        from_bibtex.to_csl(reference)


@SLOW
@given(text=ANY_TEXT)
def test_every_command_on_any_bib_ends_in_success_or_a_located_error(
    cli: Invoke, tmp_path: Path, text: str
) -> None:
    refs = tmp_path / "refs"
    refs.mkdir(exist_ok=True)
    (refs / "references.bib").write_text(text)
    for args in (("check",), ("list",), ("format", str(refs / "references.bib"))):
        result = cli(*args, root=tmp_path)  # exceptions propagate: a traceback fails the test
        assert result.exit_code in (0, 1)
        if result.exit_code == 1:
            assert result.stderr.strip()


def _real_files() -> list[Path]:
    files = [DATA / "messy.bib", Path(__file__).parents[1] / "refs" / "references.bib"]
    if (CORPUS / "bib").is_dir():
        files += sorted((CORPUS / "bib").glob("*.bib"))
    return files


@pytest.mark.parametrize("path", _real_files(), ids=lambda p: p.name)
def test_real_files_keep_every_doi_url_and_key_through_check_fix(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    bib = bibfile.parse(text, path)
    fixed = [lint.fix_reference(r) for r in bib.references]
    after = bibfile.parse(bibfile.update(bib, fixed), path)
    assert [r.key for r in after.references] == [r.key for r in bib.references]
    for old, new in zip(bib.references, after.references, strict=True):
        assert new.get("url") == old.get("url")
        doi = old.get("doi")
        if doi is not None and is_doi(normalize_doi(doi)):
            assert new.get("doi") == normalize_doi(doi)
        else:
            assert new.get("doi") == doi
        untouched = {"month", "year", "note", "pubstate", "doi"}
        assert [(k, v) for k, v in new.fields if k not in untouched] == [
            (k, v) for k, v in old.fields if k not in untouched
        ]


def _write_generated(path: Path, values: list[str]) -> None:
    path.write_text(
        "\n\n".join(
            bibfile.format_entry(entry(f"k{i}", ("title", v), ("year", "2000")))
            for i, v in enumerate(values)
        )
        + "\n"
    )


TOOL_RUNS = 5
VALUES_PER_RUN = 40
TOOLS = settings(
    max_examples=TOOL_RUNS,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
tool_values = st.lists(ANY_TEXT, min_size=VALUES_PER_RUN, max_size=VALUES_PER_RUN)


@TOOLS
@given(values=tool_values)
def test_what_we_write_is_readable_by_pandoc(tmp_path: Path, values: list[str]) -> None:
    pypandoc = pytest.importorskip("pypandoc")
    path = tmp_path / "gen.bib"
    _write_generated(path, values)
    items = json.loads(pypandoc.convert_file(str(path), "csljson", format="bibtex"))
    assert [i["id"] for i in items] == [f"k{i}" for i in range(VALUES_PER_RUN)]


@pytest.mark.skipif(shutil.which("biber") is None, reason="biber is not installed")
@TOOLS
@given(values=tool_values)
def test_what_we_write_is_readable_by_biber(tmp_path: Path, values: list[str]) -> None:
    path = tmp_path / "gen.bib"
    _write_generated(path, values)
    out = tmp_path / "out.bib"
    done = subprocess.run(
        ["biber", "--tool", "--output-format=bibtex", f"--output-file={out}", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert "ERROR" not in done.stdout, done.stdout[-2000:]
    assert out.read_text().count("@ARTICLE{") == VALUES_PER_RUN


@pytest.mark.skipif(shutil.which("biber") is None, reason="biber is not installed")
def test_a_noncharacter_in_a_value_does_not_make_the_file_unreadable(tmp_path: Path) -> None:
    """Unicode §23.7: noncharacters are not interchanged; biber refuses a file holding one."""
    path = tmp_path / "gen.bib"
    _write_generated(path, ["Before\ufffe after", "\ufdd0\U0010ffff", "plain"])
    assert "\ufffe" not in path.read_text() and "Before\ufffd after" in path.read_text()
    out = tmp_path / "out.bib"
    done = subprocess.run(
        ["biber", "--tool", "--output-format=bibtex", f"--output-file={out}", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert "ERROR" not in done.stdout, done.stdout[-2000:]
    assert out.read_text().count("@ARTICLE{") == 3


def _same_date(date: dict[str, Any]) -> dict[str, Any]:
    """A CSL date with its season in the month's place, as CSL 1.0.2 and citeproc-js read
    months 21 to 24: ``{"date-parts": [[1999]], "season": 2}`` is ``[[1999, 22]]``."""
    parts = [list(p) for p in date["date-parts"]]
    if "season" in date:
        parts[0].append(20 + date["season"])
    return {"date-parts": parts, **({"circa": True} if date.get("circa") else {})}


_date_end = st.tuples(
    st.integers(-999, 2999), st.integers(1, 12), st.integers(1, 28), st.integers(1, 3)
).map(lambda t: list(t[: t[3]]))


@FAST
@given(
    first=_date_end,
    second=st.none() | _date_end,
    season=st.none() | st.integers(1, 4) | st.sampled_from(["Summer", "winter", 22, "23"]),
    circa=st.none() | st.sampled_from([True, 1, "1", "true"]),
    literal=st.none() | st.sampled_from(["Summer 1999", "ca. 1999"]),
)
def test_a_csl_json_date_we_accept_reads_back_the_same_from_the_bib_file(
    first: list[int], second: list[int] | None, season: Any, circa: Any, literal: str | None
) -> None:
    """A CSL-JSON date written to the .bib (biblatex's date in EDTF level 1 where it has a
    season or circa, biblatex manual §2.3.8) reads back as the same CSL date. A year 0,
    which CSL does not have (1 BCE is -1, and EDTF's 0000), is no date: told, and kept as
    text (written to EDTF with circa it read back as 1 BCE)."""
    parts = [first] if second is None or second[0] < first[0] else [first, second]
    given_date: dict[str, Any] = {"date-parts": parts}
    for name, value in (("season", season), ("circa", circa), ("literal", literal)):
        if value is not None:
            given_date[name] = value
    told: list[str] = []
    item = foreign.well_formed(
        {"id": "k", "type": "book", "title": "T", "issued": given_date},
        1,
        lambda variable, message: told.append(message),
    )
    accepted = item["issued"]
    if any(part[0] == 0 for part in parts):
        assert told and "date-parts" not in accepted and "literal" in accepted
        return
    assert ("season" in accepted) == (season is not None and len(first) == 1)
    assert ("circa" in accepted) == (circa is not None)
    reference = to_bibtex.to_reference(item, "k")
    [back] = bibfile.parse(bibfile.update(bibfile.parse(""), added=[reference])).references
    assert _same_date(from_bibtex.to_csl(back)["issued"]) == _same_date(accepted)


_QUOTE_MARKS = str.maketrans("", "", "'\"“”‘’")
_TITLE_ONLY = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Title</title><id>title</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout><text variable="title"/></layout></bibliography>
</style>
"""


@pytest.fixture(scope="module")
def title_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("styles") / "title-only.csl"
    path.write_text(_TITLE_ONLY, encoding="utf-8")
    return path


@FAST
@given(title=st.text(alphabet="ab '\"“”‘’()-", max_size=30))
def test_a_values_quotation_marks_change_nothing_but_marks(title_only: Path, title: str) -> None:
    """A value's quotations are marked while the entry renders and printed in the locale's
    marks (readinglist.render.reference.typographic): whatever marks a value holds, paired or
    not, nested or crossing, the words come out as written, and none of our private-use
    marks is left in the text or the HTML."""
    from readinglist.render import engine

    words = title.translate(_QUOTE_MARKS).split()
    if not words:
        return
    item = {"id": "a", "type": "book", "title": title}
    [entry] = engine.render_bibliography([item], str(title_only), cache=False)
    assert not re.search("[\ue000-\uf8ff]", entry.text + entry.html)
    assert entry.text.translate(_QUOTE_MARKS).split() == words
