"""Reading .bib files as users have them: biber's lexical rules, biblatex's field mapping,
LaTeX to Unicode, and writes that keep what a user wrote.

Expected values come from biblatex's documentation and data model (field and eprint
definitions), biber's parser (btparse) and, where they agree with biblatex, pandoc's output
for the same entry."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from readinglist.bibtex import bibfile, latex
from readinglist.csl import from_bibtex, to_bibtex
from readinglist.model import Reference
from readinglist.render import engine

from .conftest import Invoke


def csl(text: str) -> list[dict[str, object]]:
    return [from_bibtex.to_csl(r) for r in bibfile.parse(text).references]


def rich(value: str) -> str:
    return from_bibtex.to_rich_text(latex.parse(value))


# --- LaTeX ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (r"4\textsuperscript{th} edition", "4<sup>th</sup> edition"),
        (r"4$^{th}$ edition", "4<sup>th</sup> edition"),
        (r"H$_2$O", "H<sub>2</sub>O"),
        (r"0.35~$\mu$m", "0.35\u00a0μm"),
        (r"0.35~\textmu m", "0.35\u00a0µm"),
        (r"$\alpha$-helix", "α-helix"),
        (r"$p \leq .05$", "p ≤ .05"),
        # math keeps its case (a symbol's case is its meaning): protected where it matters
        (r"$A \cup B \neq \emptyset$", '<span class="nocase">A ∪ B ≠ ∅</span>'),
        (r"\textperthousand{} and \textsection 2", "‰ and §2"),
        (r"a \textbraceright{} b", "a } b"),
        (r"4\({}^{\mbox{th}}\) Workshop", "4<sup>th</sup> Workshop"),  # JabRef's export
        (r"\(\alpha\)-helix and \[x^2\]", "α-helix and x<sup>2</sup>"),
        (r"Type theory\index{type theory!unintentional}\label{t}", "Type theory"),
    ],
)
def test_math_and_text_symbols_become_unicode_and_scripts_rich_text(
    value: str, expected: str
) -> None:
    assert rich(value) == expected


# --- biber's lexical rules ----------------------------------------------------------------------


def test_a_percent_comment_line_inside_an_entry_is_skipped_as_biber_does() -> None:
    [item] = csl("@book{a,\n  title = {T},\n  % TODO check the pages\n  author = {Doe, Jane},\n}")
    assert item["author"] == [{"family": "Doe", "given": "Jane"}]


def test_a_percent_inside_a_value_is_text() -> None:
    [item] = csl("@book{a, title = {50% off}, note = {a %b}}")
    assert item["title"] == "50% off"


def test_white_space_after_the_at_sign_and_type_is_valid_bibtex() -> None:
    bib = bibfile.parse("@ article {a,\n  title = {T},\n  author = {Doe, J.},\n}\n")
    assert [r.key for r in bib.references] == ["a"]
    assert bib.references[0].entry_type == "article"


def test_an_entry_in_a_percent_comment_line_is_not_an_entry() -> None:
    text = "% @inbook (x, title = {No})\n@book{b, title = {T}}\n"
    bib = bibfile.parse(text)
    assert [r.key for r in bib.references] == ["b"]
    assert bibfile.update(bib) == text  # the comment is kept byte for byte


def test_field_warnings_name_the_line_of_the_field() -> None:
    text = "@string{j = {J}}\n\n@article{a,\n  title = {T},\n  journal = undefinedmacro,\n}\n"
    [problem] = bibfile.parse(text, Path("x.bib")).problems
    assert problem.line == 5


def test_a_string_that_goes_round_in_a_circle_is_an_error_on_its_line() -> None:
    # BibTeX reads @strings in order: a macro is defined before it is used, so one that uses
    # itself, or a later one using it back, is never defined.
    text = (
        '@string{a = b # "x"}\n@string{b = a # "y"}\n@string{c = c # "z"}\n'
        "@string{d = e}\n@string{e = {E}}\n@string{f = nowhere}\n"
        "@article{k, title = a # c, journal = b}\n"
    )
    bib = bibfile.parse(text, Path("x.bib"))
    told = [(p.line, p.severity.value, p.message) for p in bib.problems]
    assert told == [
        (
            1,
            "error",
            "@string 'a' goes round in a circle (a -> b -> a); define each macro once from text",
        ),
        (
            3,
            "error",
            "@string 'c' goes round in a circle (c -> c); define each macro once from text",
        ),
        (4, "warning", "@string 'd' uses 'e' before it is defined; move that @string above it"),
        (6, "warning", "@string 'f' uses the undefined @string 'nowhere'"),
    ]
    assert [r.key for r in bib.references] == ["k"]  # the entry is kept
    assert bibfile.update(bib) == text


def test_a_string_defined_again_takes_its_new_value_from_there_on() -> None:
    """BibTeX reads @strings in order, and a second @string of a name replaces the first for
    the entries after it (btparse warns "macro redefined"); pandoc 3.9 reads this file so
    (container-title "A", then "B"). A held-out JabRef library of author macros defines
    ``HaxbyJV`` twice; the second was reported "could not be read" and left out."""
    text = (
        '@string{X = "A"}\n@article{a, journal = X, title = {T1}}\n'
        '@string{x = "B"}\n@article{b, journal = X, title = {T2}}\n'
    )
    bib = bibfile.parse(text, Path("x.bib"))
    assert [r.get("journal") for r in bib.references] == ["A", "B"]
    assert [(p.line, p.severity.value, p.message) for p in bib.problems] == [
        (
            3,
            "warning",
            "@string 'x' is defined again (first at line 1); the entries after it use the new "
            "value",
        )
    ]
    assert bibfile.update(bib) == text


def test_a_long_circle_of_strings_is_told_once_without_recursion() -> None:
    n = 5000
    text = "".join(f"@string{{s{i} = s{i + 1}}}\n" for i in range(n)) + f"@string{{s{n} = s0}}\n"
    [problem] = bibfile.parse(text + "@misc{k, title = s0}\n", Path("x.bib")).problems
    assert problem.line == 1
    assert "(s0 -> s1 -> s2 -> s3 -> … -> s5000 -> s0)" in problem.message


def test_check_and_format_report_a_circle_of_strings_and_keep_the_entry(
    cli: Invoke, tmp_path: Path
) -> None:
    bib = tmp_path / "refs" / "references.bib"
    bib.parent.mkdir()
    bib.write_text('@string{a = a # "x"}\n@misc{k, title = a, year = 2000}\n', encoding="utf-8")
    checked = cli("check", root=tmp_path)
    assert checked.exit_code == 1 and "Traceback" not in checked.output
    assert "references.bib:1: error: @string 'a' goes round" in checked.output
    formatted = cli("format", str(bib), root=tmp_path)
    assert "(2000)" in formatted.stdout
    assert f"{bib}:1: @string 'a' goes round in a circle (a -> a)" in formatted.stderr


def test_a_field_nested_past_the_latex_depth_limit_is_a_located_error_in_every_command(
    cli: Invoke, tmp_path: Path
) -> None:
    deep = "\\emph{" * 3000 + "x" + "}" * 3000
    bib = tmp_path / "refs" / "references.bib"
    bib.parent.mkdir()
    bib.write_text(
        f"@article{{k1, title = {{{deep}}}, author = {{Doe, J.}}, year = 2000, journal = {{J}}}}\n"
        "@article{k2, title = {Fine}, author = {Roe, R.}, year = 2001, journal = {J}}\n",
        encoding="utf-8",
    )
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "e.toml").write_text(
        'title = "E"\n[[sections]]\ntitle = "S"\nreferences = ["k1", "k2"]\n', encoding="utf-8"
    )
    told = "references.bib:1: entry 'k1': field 'title' nests braces, commands or math more than"
    for args in (
        ("check",),
        ("render", "e"),
        ("render", "e", "--format", "html"),
        ("export", "e", "--format", "ris"),
        ("export", "e", "--format", "csljson"),
        ("format", str(bib)),
        ("show", "k1", "--format", "text"),
    ):
        result = cli(*args, root=tmp_path)
        assert result.exit_code in (0, 1), args
        assert "Traceback" not in result.output and "emphemph" not in result.output, args
        assert "Doe" in result.stdout or args == ("check",), args
        if args[0] != "show":
            assert told in result.output.replace(": error:", ":"), args
    assert f"title = {{{deep}}}" in cli("show", "k1", root=tmp_path).stdout  # as written


# --- biblatex's field mapping -----------------------------------------------------------------


def test_misc_prints_its_institution_and_organization_as_publisher() -> None:
    [item] = csl("@misc{a, title={T}, institution={Inst}, organization={Org}}")
    assert item["publisher"] == "Inst; Org"


def test_an_organization_the_type_lacks_is_the_publisher_when_none_is_named() -> None:
    """A @book's organization is not in biblatex's data model for books, but when nothing
    else names who issued the work it is the publisher rather than lost (a program's
    company, as a Zotero export has it): pandoc 3.9 prints "RStudio Team. (2016). RStudio:
    Integrated Development Environment for R. RStudio, Inc." in APA for such an entry. A named
    publisher stands alone, as biblatex prints a book."""
    alone, named = csl(
        "@book{a, title={RStudio}, author={{RStudio Team}}, organization={RStudio, Inc.}}\n"
        "@book{b, title={T}, organization={Org}, institution={Inst}, publisher={Pub}}"
    )
    assert alone["publisher"] == "RStudio, Inc."
    assert named["publisher"] == "Pub"


@pytest.mark.parametrize(
    ("eprinttype", "eprint", "url"),
    [
        ("jstor", "1234567", "https://www.jstor.org/stable/1234567"),
        ("arxiv", "2101.00001", "https://arxiv.org/abs/2101.00001"),
        ("pubmed", "31234567", "https://www.ncbi.nlm.nih.gov/pubmed/31234567"),
        ("hdl", "10013/epic.1", "https://hdl.handle.net/10013/epic.1"),
        ("googlebooks", "abcDEF", "https://books.google.com/books?id=abcDEF"),
    ],
)
def test_an_eprint_links_where_biblatex_links_it(eprinttype: str, eprint: str, url: str) -> None:
    [item] = csl(f"@article{{a, title={{T}}, eprint={{{eprint}}}, eprinttype={{{eprinttype}}}}}")
    assert item["URL"] == url
    if eprinttype == "pubmed":
        assert item["PMID"] == eprint


@pytest.mark.parametrize(
    ("url", "printed"),
    [
        ("https://example.org/a", True),
        ("www.ajhg.org", True),
        # RFC 3986 §4.2: a network-path reference takes the page's scheme (both reference
        # processors print it; a Zotero export of a held-out library holds one).
        ("//www.unodc.org/unodc/en/data.html", True),
        ("//localhost", False),
        # a white paper on an FTP server (a held-out library): both reference processors
        # print it; a page shows it as text and links http(s) addresses only
        ("ftp://public.dhe.ibm.com/software/pdf/industry/IMW14628USEN.pdf", True),
        ("javascript://www.x.org/%0Aalert(1)", False),
        ("java script:alert(1)", False),
        ("file:///etc/passwd", False),
        ("data:text/html,<b>x</b>", False),
    ],
)
def test_only_web_addresses_are_printed(url: str, printed: bool) -> None:
    [item] = csl(f"@misc{{a, title={{T}}, url={{{url}}}}}")
    assert ("URL" in item) is printed
    assert from_bibtex.is_web_url(url) is printed


def test_origdate_and_origyear_are_the_original_date() -> None:
    first, second = csl(
        "@book{a, title={T}, date={2000}, origdate={1850-03}}\n"
        "@book{b, title={T}, year={2000}, origyear={1850}}"
    )
    assert first["original-date"] == {"date-parts": [[1850, 3]]}
    assert second["original-date"] == {"date-parts": [[1850]]}


def test_a_date_field_is_iso_8601_read_as_written_and_only_else_as_latex() -> None:
    """biblatex's date fields are ISO 8601 with EDTF's qualifiers, which biber reads as
    written: "-0349~" is about 350 BCE (biblatex-apa's Aristotle, "Original work published
    ca. 350 B.C.E." in APA as citeproc-js and pandoc print pandoc's reading of it), not
    -0349 followed by LaTeX's tie, which dropped the "ca.". A value that is no date is read
    as LaTeX text: "{1994}" is the year 1994, "ca. 800 {BCE}" a literal without braces."""
    first, second, third = csl(
        "@book{a, title={T}, date={1994~}, origdate={-0349~}, urldate={2020-01-02~}}\n"
        "@book{b, title={T}, date={{1994}}, origdate={{-0379}}}\n"
        "@book{c, title={T}, date={1994}, origdate={ca. 800 {BCE}}, eventdate={{2019}}}"
    )
    assert first["issued"] == {"date-parts": [[1994]], "circa": True}
    assert first["original-date"] == {"date-parts": [[-350]], "circa": True}
    assert first["accessed"] == {"date-parts": [[2020, 1, 2]], "circa": True}
    assert second["issued"] == {"date-parts": [[1994]]}
    assert second["original-date"] == {"date-parts": [[-380]]}
    assert third["original-date"] == {"literal": "ca. 800 BCE"}
    assert third["event-date"] == {"date-parts": [[2019]]}


def test_unicode_hyphens_part_words_in_sentence_case_as_a_hyphen_does() -> None:
    """A title typed with Unicode's hyphen (U+2010) or non-breaking hyphen (U+2011), as word
    processors and PDFs give them, is sentence-cased part by part as with "-": "Self‑Report"
    becomes "self‑report" and "OECD‑Leitfaden" "OECD‑leitfaden", as pandoc reads them."""
    first, second = csl(
        "@book{a, title={OECD\u2011Leitfaden f\u00fcr die Erf\u00fcllung}}\n"
        "@book{b, title={COVID\u2010Related Stress and Self\u2011Report Measures}}"
    )
    assert first["title"] == "OECD\u2011leitfaden f\u00fcr die erf\u00fcllung"
    assert second["title"] == "COVID\u2010related stress and self\u2011report measures"


def test_a_year_range_is_a_range() -> None:
    [item] = csl("@book{a, title={T}, year={1992/1993}}")
    assert item["issued"] == {"date-parts": [[1992], [1993]]}


def test_a_series_is_a_title_in_sentence_case_as_pandoc_writes_it() -> None:
    [item] = csl("@book{a, title = {T}, series = {Lecture Notes in Computer Science}}")
    assert item["collection-title"] == "Lecture notes in computer science"


def test_a_word_part_with_a_digit_keeps_its_case_in_sentence_case() -> None:
    """pandoc keeps "2D", "T2", "A4", "Assessment1" in a sentence-cased title, as it keeps a
    word with capitals inside; "Covid-19" is lowered part by part, as pandoc lowers it."""
    [item] = csl(
        "@article{a, journal={J}, title={An Assessment1 of 2D Scans in T2-Weighted Covid-19 "
        "Cases on A4 Paper}}"
    )
    assert item["title"] == ("An Assessment1 of 2D scans in T2-weighted covid-19 cases on A4 paper")


@pytest.mark.parametrize(
    ("entry_type", "genre"),
    [
        ("article", None),
        ("book", None),
        ("incollection", None),
        ("misc", "Web Page"),
        ("techreport", "Web Page"),
        ("phdthesis", "Web Page"),
        ("webinar", "Web Page"),
    ],
)
def test_type_is_a_genre_only_where_biblatex_prints_it(entry_type: str, genre: str | None) -> None:
    """biblatex's drivers print ``type`` for booklets, datasets, manuals, misc, patents,
    reports, theses and unpublished works only (standard.bbx); EndNote writes its reference
    type ("Journal Article") into every entry, which biblatex never prints in an @article."""
    [item] = csl(f"@{entry_type}{{a, title={{T}}, type={{Web Page}}}}")
    assert item.get("genre") == genre


@pytest.mark.parametrize(
    ("month", "parts"),
    [
        ("jun", [2010, 6]),
        ("{Sept.}", [2010, 9]),
        ("{11}", [2010, 11]),
        ("{June 14}", [2010, 6]),
        ("{Sept. 22, 2010}", [2010, 9]),
        ("{may 23}", [2010, 5]),
        ("{November~25}", [2010, 11]),
        ("{Jun.-Jul.}", [2010, 6]),
        ("{Junk}", [2010]),
        ("{Spring}", [2010]),
        ("{24/08/2008}", [2010]),
        ("{13}", [2010]),
    ],
)
def test_a_month_is_a_number_or_a_months_name(month: str, parts: list[int]) -> None:
    """biblatex's month is an integer (or a month macro). A value that opens with a month's
    name and goes on ("June 14": EndNote and JabRef users write month and day there) is that
    month, as biber 2.19 reads it (warning that it is no integer; the rest is left out); no
    other value is a month (biber would take "24/08/2008" for month 24, winter). pandoc
    leaves out all but a number and a three-letter name."""
    [item] = csl(f"@misc{{a, title={{T}}, year=2010, month={month}}}")
    assert item["issued"] == {"date-parts": [parts]}


@pytest.mark.parametrize(
    ("year", "literal"),
    [
        ("300 {BC}", "300 BC"),
        ("1910--1913; Second edition, 1925--1927", "1910–1913; Second edition, 1925–1927"),
    ],
)
def test_a_year_that_is_no_number_is_printed_as_written(year: str, literal: str) -> None:
    """biber keeps a legacy ``year`` that is not an integer as it is (with a warning) and
    biblatex prints it: never its first number ("300 BC" is not the year 300)."""
    [item] = csl(f"@book{{a, title={{T}}, year={{{year}}}}}")
    assert item["issued"] == {"literal": literal}


def test_keywords_are_kept() -> None:
    [item] = csl("@book{a, title={T}, keywords={therapy, depression}}")
    assert item["keyword"] == "therapy, depression"


@pytest.mark.parametrize(
    ("entry_type", "csl_type"),
    [("legal", "treaty"), ("performance", "performance"), ("review", "article-journal")],
)
def test_biblatex_types_its_styles_lack_keep_their_meaning(entry_type: str, csl_type: str) -> None:
    """biblatex §2.1.3 names types its standard styles lack: @legal is "a legal document
    such as a treaty" (CSL's treaty; pandoc reads it so too), @performance a live
    performance (CSL 1.0.2's performance), and @review "a subtype of the @article type",
    which standard.bbx prints as an article: not CSL's review, whose styles print the title
    as the work reviewed ("[Review of A title]"). They were read as @misc. A treaty and a
    performance are written back as the types they were read from."""
    [item] = csl(f"@{entry_type}{{a, title={{A Title}}, date={{1989-11-20}}}}")
    assert item["type"] == csl_type
    if csl_type != "article-journal":
        assert to_bibtex.TYPES[csl_type] == entry_type


def test_biblatex_apas_data_type_is_a_data_set() -> None:
    """``@data`` (biblatex-apa's type for a data set, which Zotero's biblatex export writes) is
    a data set, as ``@dataset`` is: APA labels it "[Dataset]". Expected line: citeproc-js
    2.4.63 and pandoc 3.9, which agree, on a data set of an ecology thesis's library; we read
    the type as @misc and printed no label."""
    fields = (
        "title = {{{ENVIREM}}: {{ENVIronmental Rasters}} for {{Ecological Modeling}} Version 1.0},"
        " author = {Title, Pascal O. and Bemmels, Jordan B.}, date = {2017},"
        " publisher = {{University of Michigan}}, doi = {10.7302/Z2BR8Q40}"
    )
    data, dataset = csl(f"@data{{a, {fields}}}\n@dataset{{b, {fields}}}")
    assert data["type"] == "dataset"
    assert {k: v for k, v in data.items() if k != "id"} == {
        k: v for k, v in dataset.items() if k != "id"
    }
    [rendered] = engine.render_bibliography([data], "apa", "en-US", cache=False)
    assert rendered.text == (
        "Title, P. O., & Bemmels, J. B. (2017). ENVIREM: ENVIronmental Rasters for Ecological "
        "Modeling version 1.0 [Dataset]. University of Michigan. https://doi.org/10.7302/Z2BR8Q40"
    )


def test_an_entry_type_biblatex_lacks_is_read_as_misc() -> None:
    unknown, misc = csl(
        "@webinar{a, title={T}, organization={Org}, year={2020}, month={3}, day={4}}\n"
        "@misc{b, title={T}, organization={Org}, year={2020}, month={3}, day={4}}"
    )
    assert {k: v for k, v in unknown.items() if k != "id"} == {
        k: v for k, v in misc.items() if k != "id"
    }


# --- writes ---------------------------------------------------------------------------------


def test_a_field_given_twice_has_its_last_value_as_biber_reads_it() -> None:
    """biber reads fields with Text::BibTeX, which keeps a repeated field's last value (pandoc
    agrees; classic BibTeX keeps the first). The repetition is reported."""
    bib = bibfile.parse("@book{a,\n  editor = {Old, Ed},\n  editor = {New, Ed},\n  title = {T},\n}")
    [item] = [from_bibtex.to_csl(r) for r in bib.references]
    assert item["editor"] == [{"family": "New", "given": "Ed"}]
    assert [p.line for p in bib.problems] == [1]
    assert "the last is used" in bib.problems[0].message


def test_a_key_used_twice_names_the_line_of_its_first_use() -> None:
    """The first entry with a key is read (as BibTeX and biber read it); the second is kept
    in the file, reported at its line with the line of the first, so that the user can tell
    which copy to merge or rename."""
    text = (
        "@book{a,\n  title = {One},\n}\n\n"
        "@book{b, title = {Two}}\n"
        "@book{a,\n  title = {Again},\n}\n"
    )
    bib = bibfile.parse(text)
    assert [r.get("title") for r in bib.references] == ["One", "Two"]
    [problem] = bib.problems
    assert problem.line == 6
    assert problem.message.endswith("key 'a' is used twice in this file (first at line 1)")


def test_fixing_one_field_keeps_a_second_title() -> None:
    text = "@book{a,\n  title = {First},\n  title = {Second},\n  month = jun,\n}\n"
    bib = bibfile.parse(text)
    [reference] = bib.references
    fixed = Reference(
        reference.key,
        reference.entry_type,
        tuple((k, "6" if k == "month" else v) for k, v in reference.fields),
    )
    out = bibfile.update(bib, [fixed])
    assert "{First}" in out and "{Second}" in out and "{6}" in out
    # Written back in their order, so the title read back is still the last one.
    assert out.index("{First}") < out.index("{Second}")
    assert bibfile.parse(out).references[0].get("title") == "Second"


@pytest.mark.parametrize("value", ["Break } here", r"Break \} here", "Open { here", "a } b { c"])
def test_an_unbalanced_brace_is_written_once_escaped_and_read_back(value: str) -> None:
    written = bibfile.format_entry(Reference("a", "book", (("title", value), ("year", "2000"))))
    assert "\\\\" not in written
    [back] = bibfile.parse(written).references
    assert back.get("year") == "2000"
    assert latex.to_text(back.get("title") or "") == value.replace("\\", "")


@pytest.mark.skipif(shutil.which("biber") is None, reason="biber is not installed")
def test_an_unbalanced_brace_written_by_us_is_read_by_biber(tmp_path: Path) -> None:
    bib = tmp_path / "x.bib"
    bib.write_text(
        bibfile.format_entry(Reference("a", "book", (("title", r"Break \} here"),)))
        + "\n\n"
        + bibfile.format_entry(Reference("b", "book", (("title", "After"),)))
        + "\n"
    )
    out = tmp_path / "out.bib"
    done = subprocess.run(
        ["biber", "--tool", "--output-format=bibtex", f"--output-file={out}", str(bib)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout
    assert "textbraceright" in out.read_text() and "After" in out.read_text()


def test_an_unbalanced_brace_written_by_us_is_read_by_pandoc(tmp_path: Path) -> None:
    pypandoc = pytest.importorskip("pypandoc")
    bib = tmp_path / "x.bib"
    bib.write_text(
        bibfile.format_entry(Reference("a", "book", (("title", r"Break \} here"),)))
        + "\n\n"
        + bibfile.format_entry(Reference("b", "book", (("title", "After"),)))
        + "\n"
    )
    out = pypandoc.convert_file(str(bib), "csljson", format="bibtex")
    assert '"After"' in out and '"id": "a"' in out
