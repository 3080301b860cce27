"""Exports keep what the .bib says: "and others" is et al. (never an author named "others"),
titles keep text that looks like markup, SICI DOIs keep their "<" and ">", Markdown leaves
URLs as working GFM autolinks; and checks catch crossref cycles and keys listed twice."""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

from readinglist.bibtex import bibfile
from readinglist.csl import from_bibtex, ris
from readinglist.events import parse_event
from readinglist.library import Library
from readinglist.ops import lint
from readinglist.publish import export, fragment, text

from .conftest import Invoke

SICI = "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0"
BIB = (
    "@article{a,\n  author = {Doe, Jane and Roe, Rick and others},\n"
    "  title = {When {$x<y$} holds},\n  journal = {J},\n  year = {2020},\n"
    f"  doi = {{{SICI}}},\n}}\n"
)


def library(tmp_path: Path, text: str = BIB) -> Library:
    path = tmp_path / "refs.bib"
    path.write_text(text)
    return Library.load([path])


def test_and_others_is_no_author_in_ris_csljson_or_coins(tmp_path: Path) -> None:
    lib = library(tmp_path)
    out_ris = export.export(lib, ["a"], "ris")
    assert [line for line in out_ris.splitlines() if line.startswith("AU")] == [
        "AU  - Doe, Jane",
        "AU  - Roe, Rick",
    ]
    names = json.loads(export.export(lib, ["a"], "csljson"))[0]["author"]
    assert names == [{"family": "Doe", "given": "Jane"}, {"family": "Roe", "given": "Rick"}]
    span = fragment.coins(lib.to_csl(["a"])[0])
    kev = urllib.parse.parse_qs(span.split('title="')[1].split('"')[0].replace("&amp;", "&"))
    assert kev["rft.au"] == ["Doe, Jane", "Roe, Rick"]


def test_math_in_a_title_keeps_its_text_in_ris_and_coins(tmp_path: Path) -> None:
    lib = library(tmp_path)
    item = lib.to_csl(["a"])[0]
    assert "TI  - When x < y holds" in ris.dump([item])
    span = fragment.coins(item)
    kev = urllib.parse.parse_qs(span.split('title="')[1].split('"')[0].replace("&amp;", "&"))
    assert kev["rft.atitle"] == ["When x < y holds"]


def test_a_sici_doi_is_kept_whole_in_ris_coins_and_html_links(tmp_path: Path) -> None:
    lib = library(tmp_path)
    item = lib.to_csl(["a"])[0]
    assert f"DO  - {SICI}" in ris.dump([item])
    assert ris.parse(ris.dump([item])).items[0]["DOI"] == SICI
    span = fragment.coins(item)
    kev = urllib.parse.parse_qs(span.split('title="')[1].split('"')[0].replace("&amp;", "&"))
    assert f"info:doi/{SICI}" in kev["rft_id"]
    rendered = "Doe. https://doi.org/" + SICI.replace("<", "&lt;").replace(">", "&gt;")
    link = fragment.linkify(rendered)
    assert 'href="https://doi.org/10.1002/(SICI)1097-4571(199806)49:8%3C693::AID-ASI4%3E3.0' in link
    assert link.endswith("3.0.CO;2-0</a>")


def test_markdown_leaves_underscores_in_urls_alone() -> None:
    md = text.markdown("Doe. <i>A_b</i>. https://osf.io/a_b/files_x.")
    assert md == r"Doe. *A\_b*. https://osf.io/a_b/files_x."
    md = text.markdown("Doe~Roe^2. https://example.org/~doe/x^2")
    assert md == r"Doe\~Roe\^2. https://example.org/~doe/x^2"


def test_plain_text_removes_only_csl_markup() -> None:
    assert from_bibtex.plain_text('<i>a</i> <span class="nocase">B</span> x<y>z') == "a B x<y>z"


def test_a_crossref_to_itself_or_in_a_cycle_is_an_error(tmp_path: Path) -> None:
    lib = library(
        tmp_path,
        "@incollection{self, title = {S}, crossref = {self}}\n"
        "@incollection{a, title = {A}, crossref = {b}}\n"
        "@book{b, title = {B}, crossref = {a}}\n",
    )
    problems = [p for p in lint.check_library(lib) if p.severity == "error"]
    messages = sorted(p.message for p in problems)
    assert len(messages) == 3
    assert "(self -> self)" in messages[2]
    assert "(a -> b -> a)" in messages[0]


def test_a_name_with_three_commas_is_a_warning_on_the_line_of_its_field(tmp_path: Path) -> None:
    # BibTeX allows at most two commas in a name ("von Last, Jr, First"); three usually
    # mean names joined by commas instead of "and".
    lib = library(
        tmp_path,
        "@book{ok, author = {de la Fontaine, Jr, Jean and {Smith, Jones, and Co}}}\n\n"
        "@article{bad,\n  title = {T},\n  author = {Doe, J., Roe, R.},\n"
        "  editor = {A, B, C, D and E, F},\n}\n",
    )
    problems = [p for p in lint.check_library(lib) if "commas" in p.message]
    assert [(p.line, p.key, p.severity) for p in problems] == [
        (5, "bad", "warning"),
        (6, "bad", "warning"),
    ]
    assert problems[0].message.startswith(
        "entry 'bad': field 'author': the name 'Doe, J., Roe, R.' has 3 commas"
    )
    assert "field 'editor': the name 'A, B, C, D' has 3 commas" in problems[1].message


def test_a_key_listed_twice_in_an_event_is_a_warning_on_its_line(tmp_path: Path) -> None:
    path = tmp_path / "e.toml"
    text = (
        'title = "E"\n\n[[sections]]\ntitle = "One"\nreferences = ["a", "b"]\n\n'
        '[[sections]]\ntitle = "Two"\nreferences = [\n  "c",\n  "a",\n]\n'
    )
    path.write_text(text)
    event = parse_event(text, path)
    [problem] = lint.repeated_event_keys(event)
    assert (problem.line, problem.key, problem.severity) == (11, "a", "warning")


def test_a_key_listed_twice_is_warned_about_and_exported_once(cli: Invoke, tmp_path: Path) -> None:
    (tmp_path / "refs").mkdir()
    (tmp_path / "events").mkdir()
    (tmp_path / "refs" / "r.bib").write_text(
        "@book{a, author = {Doe, J.}, title = {Alpha}, publisher = {P}, year = {2000}}\n"
    )
    (tmp_path / "events" / "e.toml").write_text(
        'title = "E"\n\n[[sections]]\ntitle = "One"\nreferences = ["a", "A"]\n'
    )
    result = cli("render", "e", "--format", "text", root=tmp_path)
    assert "listed again" in result.stderr
    assert (
        len(
            bibfile.parse(
                export.export(Library.load([tmp_path / "refs"]), ["a", "A"], "bibtex")
            ).references
        )
        == 1
    )
