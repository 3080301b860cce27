"""The command line, as organisers use it: render, format, list, show, check."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DATA, PROJECT, Invoke

BROKEN_ENTRY = """
@article{broken2021,
  author = {Doe, Jane},
  title = {Unbalanced {brace,
  year = {2021}
"""


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_render_the_seed_event_as_text(cli: Invoke) -> None:
    result = cli("render", "ipt-refresher-2024", "--format", "text", root=PROJECT)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("Interpersonal Therapy for Depression Refresher Day\n")
    assert "15 January 2024 · Dr Roslyn Law · 5.5 CPD hours" in out
    key_refs = out.index("Key references")
    also = out.index("Also referred to")
    assert key_refs < out.index("Wampold, B. E. (2015)") < also
    assert also < out.index("Klerman, G. L., Weissman, M. M.")
    assert "    The first IPT manual, published 40 years before the event." in out
    assert result.stderr == ""


def test_render_html_and_markdown_to_files_by_extension(cli: Invoke, seed_repo: Path) -> None:
    html_file, md_file = seed_repo / "list.html", seed_repo / "list.md"
    page_file = seed_repo / "page.html"
    assert cli("render", "ipt-refresher-2024", "-o", str(page_file), root=seed_repo).exit_code == 0
    assert page_file.read_text().startswith("<!DOCTYPE html>")  # .html alone: a whole page
    result = cli(
        "render", "ipt-refresher-2024", "--format", "html", "-o", str(html_file), root=seed_repo
    )
    assert result.exit_code == 0
    assert cli("render", "ipt-refresher-2024", "-o", str(md_file), root=seed_repo).exit_code == 0
    html = html_file.read_text()
    assert html.startswith('<section class="readinglist" lang="en">')
    assert '<div class="csl-entry" id="ref-pearson2021" style="padding-left:2em' in html
    assert 'data-status="in press"' in html
    assert "<i>Autism in Adulthood</i>" in html
    md = md_file.read_text()
    assert md.startswith("# Interpersonal Therapy for Depression Refresher Day")
    assert "*Interpersonal psychotherapy of depression*" in md


def test_a_broken_bib_entry_warns_with_file_and_line_and_the_rest_renders(
    cli: Invoke, seed_repo: Path
) -> None:
    bib = seed_repo / "refs" / "references.bib"
    line = bib.read_text().count("\n") + 2
    with bib.open("a") as f:
        f.write(BROKEN_ENTRY)
    before = snapshot(seed_repo)
    result = cli("render", "ipt-refresher-2024", "--format", "text", root=seed_repo)
    assert result.exit_code == 1  # the list is there, and the problem is not hidden
    warning = f"{bib}:{line}: entry could not be read: "
    assert result.stderr.startswith(warning)
    assert "Wampold, B. E. (2015)" in result.stdout
    formatted = cli("format", str(bib), root=seed_repo)
    assert formatted.stderr.startswith(warning) and "Wampold" in formatted.stdout
    assert formatted.exit_code == 1
    checked = cli("check", root=seed_repo)
    assert checked.exit_code == 1
    assert f"{bib}:{line}: error: entry could not be read: " in checked.stdout
    assert snapshot(seed_repo) == before  # none of these commands writes anything


def test_an_event_naming_a_missing_key_fails_with_the_nearest_keys(
    cli: Invoke, seed_repo: Path
) -> None:
    event = seed_repo / "events" / "ipt-refresher-2024.toml"
    event.write_text(event.read_text().replace('"pearson2021"', '"person2021"'))
    result = cli("render", "ipt-refresher-2024", root=seed_repo)
    assert result.exit_code == 1
    line = next(
        i for i, text in enumerate(event.read_text().splitlines(), 1) if "person2021" in text
    )
    assert result.stderr == (
        f"Error: {event}:{line}: no entry with key 'person2021' (did you mean pearson2021?)\n"
    )
    assert "person2021" in cli("check", root=seed_repo).stdout


def test_an_unknown_style_fails_with_close_names(cli: Invoke) -> None:
    result = cli("render", "ipt-refresher-2024", "--style", "apa-7", root=PROJECT)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: unknown CSL style 'apa-7'; close styles: ")
    assert "Traceback" not in result.stderr


def test_format_json_lists_key_text_and_html_in_bibliography_order(cli: Invoke) -> None:
    result = cli("format", str(PROJECT / "refs" / "references.bib"), "--to", "json")
    data = json.loads(result.stdout)
    assert [d["key"] for d in data][:3] == ["frank2014", "klerman1984", "law2013"]
    assert set(data[0]) == {"key", "text", "html"}
    assert "<i>American Journal of Psychotherapy</i>" in data[0]["html"]


def test_format_writes_the_format_its_output_file_names(cli: Invoke, tmp_path: Path) -> None:
    bib = str(PROJECT / "refs" / "references.bib")
    shown = cli("format", bib, "--format", "markdown").stdout
    assert cli("format", bib, "--to", "markdown").stdout == shown  # --to is the same option
    written = cli("format", bib, "-o", str(tmp_path / "list.md"))
    assert written.exit_code == 0 and written.stdout == ""
    assert (tmp_path / "list.md").read_text(encoding="utf-8") == shown
    assert "*American Journal of Psychotherapy*" in shown
    cli("format", bib, "-o", str(tmp_path / "list.json"))
    data = json.loads((tmp_path / "list.json").read_text(encoding="utf-8"))
    assert [d["key"] for d in data][:3] == ["frank2014", "klerman1984", "law2013"]


def test_md_is_an_alias_of_markdown_wherever_a_format_is_chosen(cli: Invoke) -> None:
    bib = str(PROJECT / "refs" / "references.bib")
    markdown = cli("format", bib, "--format", "markdown")
    md = cli("format", bib, "--format", "md")
    assert md.exit_code == 0 and md.stdout == markdown.stdout
    rendered = cli("render", "ipt-refresher-2024", "--format", "markdown", root=PROJECT)
    aliased = cli("render", "ipt-refresher-2024", "--format", "md", root=PROJECT)
    assert aliased.exit_code == 0 and aliased.stdout == rendered.stdout
    for command in ("format", "render"):
        assert "md is markdown" in " ".join(cli(command, "--help").stdout.split())


def test_format_reads_csl_json(cli: Invoke, tmp_path: Path) -> None:
    items = [
        {
            "id": "x",
            "type": "book",
            "title": "A book",
            "author": [{"family": "Roe"}],
            "issued": {"date-parts": [[2001]]},
        }
    ]
    path = tmp_path / "items.json"
    path.write_text(json.dumps(items))
    assert cli("format", str(path)).stdout == "Roe. (2001). A book.\n\n"
    path.write_text("{}")
    bad = cli("format", str(path))
    assert bad.exit_code == 1 and "CSL-JSON must be a list" in bad.stderr
    # A file that is not JSON, or not UTF-8, is named with the line where reading stopped.
    path.write_text('[{"id": "x",\n  "title": }]')
    bad = cli("format", str(path))
    assert bad.stderr == f"Error: {path}:2: not CSL-JSON (Expecting value at column 12)\n"
    path.write_bytes(b'[{"id": "x",\n  "title": "Caf\xe9"}]')
    bad = cli("format", str(path))
    assert bad.stderr.startswith(f"Error: {path}:2: is not UTF-8 (byte 0xe9 at column 16)")


def test_list_filters_by_state_and_prints_json(cli: Invoke) -> None:
    result = cli("list", "--status", "inpress", "--json", root=PROJECT)
    keys = [row["key"] for row in json.loads(result.stdout)]
    assert sorted(keys) == ["law-rose-inpress", "pavlopoulou-inpress", "weissman-inpress"]
    table = cli("list", root=PROJECT).stdout
    assert "pearson2021" in table and "published" in table


def test_list_columns_line_up_whatever_the_widths_of_their_values(
    cli: Invoke, tmp_path: Path
) -> None:
    (tmp_path / "refs").mkdir()
    (tmp_path / "refs" / "refs.bib").write_text(
        "@book{a, title={First}, year={circa 1990}, pubstate={inpress}}\n"
        "@inproceedings{longer-key, title={Second}, date={2013-01/2013-03}}\n"
        "@misc{c, title={Third}, date={" + "9" * 40 + "}}\n"
    )
    lines = cli("list", root=tmp_path).stdout.splitlines()
    assert len(lines) == 3
    starts = [
        [line.index(word) for word in words]
        for line, words in zip(
            lines,
            [
                ("book", "circa", "inpress", "First"),
                ("inproceedings", "2013", "published", "Second"),
                ("misc", "999", "published", "Third"),
            ],
            strict=True,
        )
    ]
    assert starts[0] == starts[1] == starts[2]  # every column starts at one place
    assert "9" * 20 + "…" in lines[2] and "9" * 21 not in lines[2]


def test_show_prints_the_source_and_the_formatted_entry(cli: Invoke) -> None:
    result = cli("show", "PEARSON2021", root=PROJECT)
    assert result.exit_code == 0
    assert "@article{pearson2021," in result.stdout
    assert "Pearson, A., & Rose, K. (2021)." in result.stdout
    missing = cli("show", "person2021", root=PROJECT)
    assert missing.exit_code == 1 and "did you mean pearson2021?" in missing.stderr


def test_check_fix_rewrites_legacy_forms_and_touches_nothing_else(
    cli: Invoke, tmp_path: Path
) -> None:
    (tmp_path / "refs").mkdir()
    bib = tmp_path / "refs" / "messy.bib"
    original = (DATA / "messy.bib").read_text()
    bib.write_text(original)
    report = cli("check", root=tmp_path)
    assert "'year = {in press}' is an old form of pubstate = {inpress}" in report.stdout
    assert "doi should be written bare: 10.1234/ABC.5" in report.stdout
    cli("check", "--fix", root=tmp_path)
    fixed = bib.read_text()
    assert "pubstate = {inpress}" in fixed and "10.1234/ABC.5}" in fixed
    assert "year   = {in press}" not in fixed
    # A standard month macro is a form biblatex takes (§2.3.9), not a legacy one: the entry
    # that has it, and nothing else to fix, is kept byte for byte.
    smith = original[original.index("@Article{ smith2020") : original.index("@article{broken")]
    assert smith in fixed and "month = jun," in smith
    start = original.index("@Article{ smith2020")
    assert fixed[:start] == original[:start]  # the comment, @string and @preamble stay
    assert (
        original[original.index("@article{broken2021") : original.index("@book{kept2019")] in fixed
    )


def test_check_takes_a_standard_month_macro_and_warns_of_a_month_name(
    cli: Invoke, tmp_path: Path
) -> None:
    """biblatex §2.3.9: month is a number, or one of the standard macros written without
    braces (``month = oct``), which biber reads as 10; a name in braces (``{October}``) is a
    string to biber, which warns that it is no integer. Zotero writes the macros: a library
    of them drew a warning for every entry."""
    (tmp_path / "refs").mkdir()
    (tmp_path / "refs" / "m.bib").write_text(
        "@article{a, title = {T}, author = {X, Y}, journal = {J}, year = {2000}, month = oct}\n"
        "@article{b,\n  title = {U},\n  author = {X, Y},\n  journal = {J},\n  year = {2001},\n"
        "  month = {October},\n}\n"
    )
    result = cli("check", root=tmp_path)
    assert "entry 'a'" not in result.stdout
    assert "m.bib:2: warning: entry 'b': month 'October' should be a number" in result.stdout
    # Fixing another field of the entry leaves its macro as it is.
    bib = tmp_path / "refs" / "m.bib"
    bib.write_text(bib.read_text().replace("month = oct", "month = oct, doi = {doi:10.1234/x}"))
    cli("check", "--fix", root=tmp_path)
    fixed = bib.read_text()
    assert "doi     = {10.1234/x}" in fixed and "month   = oct," in fixed
    assert "month   = {10}," in fixed  # the name in braces is the legacy form


def test_check_says_how_a_month_with_a_day_is_read_and_fix_keeps_it(
    cli: Invoke, tmp_path: Path
) -> None:
    """A month written with its day ("June 14", as EndNote users write it) is read as the
    month, as biber reads it; check says so, and ``check --fix`` leaves the value as written
    (turning it into "6" would drop the day the user wrote)."""
    (tmp_path / "refs").mkdir()
    bib = tmp_path / "refs" / "m.bib"
    bib.write_text(
        "@article{a, title = {T}, author = {X, Y}, journal = {J}, year = {2000},\n"
        "  month = {June 14}}\n"
    )
    result = cli("check", root=tmp_path)
    assert "month 'June 14' should be a number (biblatex): read as month 6" in result.stdout
    cli("check", "--fix", root=tmp_path)
    assert "{June 14}" in bib.read_text()


@pytest.mark.parametrize(
    "written", ["month = {oct}", 'month = "oct"', "month = oct # {~3}", "month = octo"]
)
def test_a_month_that_is_no_standard_macro_is_warned_of(
    cli: Invoke, tmp_path: Path, written: str
) -> None:
    """Only a standard macro written bare is biblatex's month form: the same letters in
    braces or quotes are a string, a concatenation is a string, and an unknown macro is no
    month; each is named on its line, and none ends in a traceback."""
    (tmp_path / "refs").mkdir()
    (tmp_path / "refs" / "m.bib").write_text(
        f"@article{{a,\n  title = {{T}},\n  author = {{X, Y}},\n  journal = {{J}},\n"
        f"  year = {{2000}},\n  {written},\n}}\n"
    )
    result = cli("check", root=tmp_path)
    assert "Traceback" not in result.output
    assert "m.bib:" in result.stdout and "entry 'a'" in result.stdout


def test_check_names_a_date_field_that_will_print_as_written(cli: Invoke, tmp_path: Path) -> None:
    (tmp_path / "refs").mkdir()
    (tmp_path / "refs" / "dates.bib").write_text(
        "@book{ok, title={Spring}, author={Roe, A}, publisher={P}, date={2020-21}}\n"
        "@book{short, title={Short}, author={Poe, B}, publisher={P}, date={20}}\n"
        "@book{month, title={Month}, author={Doe, C}, publisher={P}, date={2020-13-01}}\n"
    )
    result = cli("check", root=tmp_path)
    assert result.exit_code == 0  # a warning: the entry still renders
    assert "refs/dates.bib:2: warning: entry 'short': date '20' is printed as written" in (
        result.stdout
    )
    assert "dates.bib:3: warning: entry 'month': date '2020-13-01'" in result.stdout
    assert "'ok'" not in result.stdout


def test_check_names_the_entry_type_that_lacks_a_field(cli: Invoke, tmp_path: Path) -> None:
    (tmp_path / "refs").mkdir()
    (tmp_path / "refs" / "refs.bib").write_text(
        "@incollection{ch, author={Roe, A}, title={T}, booktitle={B}, year={2020}}\n"
    )
    result = cli("check", root=tmp_path)
    assert result.exit_code == 0
    assert "refs/refs.bib:1: warning: entry 'ch': @incollection needs publisher" in result.stdout


def test_check_names_initials_read_as_a_family_name_and_et_al_as_a_person(
    cli: Invoke, tmp_path: Path
) -> None:
    """Vancouver's "Pike A.C.W." without a comma reads, in BibTeX, as family name "A.C.W."
    and given name "Pike"; "Hasegawa et al" as a person named "al". check names both, at
    the field's line; a family name with given names ("J. A. Smith") and a Jr part written
    without a comma ("John Doe III") are no such names."""
    (tmp_path / "refs").mkdir()
    (tmp_path / "refs" / "refs.bib").write_text(
        "@misc{pdb, title={T}, year={2008},\n"
        "  author={Elkins, J.M. and Pike A.C.W. and J. A. Smith and John Doe III}}\n"
        "@article{aln, title={T}, journal={J}, year={2009},\n  author={Hasegawa et al}}\n"
    )
    result = cli("check", root=tmp_path)
    assert result.exit_code == 0
    out = result.stdout
    assert (
        "refs/refs.bib:2: warning: entry 'pdb': field 'author': the name 'Pike A.C.W.' is "
        "read as family name 'A.C.W.', given name 'Pike'"
    ) in out
    assert "write 'Pike, A.C.W.'" in out
    assert "Smith" not in out and "III" not in out
    assert "refs/refs.bib:4: warning: entry 'aln': field 'author': the name 'Hasegawa et al'" in out
    assert "'and others'" in out


def test_python_m_readinglist_and_the_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "readinglist", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.startswith("readinglist, version ")


def test_the_program_keeps_the_collector_out_of_start_up_and_exit_and_main_alone_does_not(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import gc
    import tomllib

    from readinglist.cli import run

    scripts = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["readinglist"] == "readinglist.program:run"  # which runs cli.run
    assert cli("--version").exit_code == 0
    # main called by other code: the collector untouched
    assert gc.isenabled() and gc.get_freeze_count() == 0
    try:
        # No command's work starts: the collector stays off to the end, everything frozen.
        monkeypatch.setattr(sys, "argv", ["readinglist", "--version"])
        with pytest.raises(SystemExit):
            run()
        assert not gc.isenabled() and gc.get_freeze_count() > 0
        gc.unfreeze()
        gc.enable()
        # A command runs with the collector on again, what start-up made frozen out of it.
        monkeypatch.setattr(sys, "argv", ["readinglist", "--root", str(tmp_path), "list"])
        with pytest.raises(SystemExit):
            run()
        assert gc.isenabled() and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.enable()


def test_every_command_has_help_with_an_example(cli: Invoke) -> None:
    from readinglist.cli import main

    for name in main.list_commands(None):
        result = cli(name, "--help")
        assert result.exit_code == 0
        assert "Examples:" in result.stdout and f"readinglist {name}" in result.stdout


def test_the_lazy_command_list_matches_the_commands_themselves() -> None:
    import importlib

    from readinglist.cli import COMMAND_MODULES, main

    for module, commands in COMMAND_MODULES.items():
        importlib.import_module(module)
        for name, help_line in commands.items():
            real = main.commands[name].get_short_help_str(999)
            assert help_line == real, f"COMMAND_MODULES[{module!r}][{name!r}] should be {real!r}"
    assert sorted(main.commands) == main.list_commands(None), "a command missing in COMMAND_MODULES"


def test_help_and_a_warm_render_import_only_what_they_need(tmp_path: Path) -> None:
    probe = (
        "import sys\nfrom readinglist.cli import main\ntry:\n    main(sys.argv[1:])\n"
        "except SystemExit:\n    pass\n"
        "print('@@', sorted(m for m in sys.modules if m.split('.')[0] "
        "in {'citeproc', 'lxml', 'requests', 'docx', 'bibtexparser', 'markdown_it', "
        "'readinglist', '_hashlib', 'dataclasses'}))"
    )
    env = dict(os.environ, READINGLIST_CACHE_DIR=str(tmp_path), READINGLIST_RENDER_CACHE="on")

    def modules(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-c", probe, *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=PROJECT,
            check=True,
        )
        return result.stdout.rsplit("@@", 1)[-1]

    help_modules = modules("--help")
    for heavy in ("citeproc", "lxml", "requests", "docx", "bibtexparser", "_commands"):
        assert heavy not in help_modules, heavy
    modules("render", "ipt-refresher-2024")  # fills the parse and render caches
    warm = modules("render", "ipt-refresher-2024")
    assert "event_commands" in warm
    # Every entry, citation and note of the event is in the caches: none is rendered, parsed
    # or mapped again.
    for heavy in (
        "citeproc",
        "lxml",
        "markdown_it",
        "requests",
        "docx",
        "bibtexparser",
        "registry_commands",
        "from_bibtex",
        # Ours, for code paths a warm render does not take: init/rename/remove (finding the
        # root is ops.root), DOI forms, the BibTeX lexer, rich-text and display-layout
        # conversion of freshly rendered entries.
        "ops.workspace",
        "identifiers",
        "bibtex.lexer",
        "richtext",
        "render.layout",
        "render.marks",
        # hashlib loads OpenSSL (readinglist.digest hashes without it); a dataclass compiles
        # its methods when its module loads.
        "_hashlib",
        "dataclasses",
    ):
        assert heavy not in warm, heavy


def test_a_warm_render_builds_few_dataclasses(tmp_path: Path) -> None:
    # A dataclass compiles its methods when its module is imported (about a millisecond
    # each): the records a warm render needs (the model's, the reading list's, settings,
    # style information, citations) are named tuples or plain classes.
    probe = (
        "import dataclasses, sys\nmade = []\nbuild = dataclasses._process_class\n"
        "def counted(cls, *args):\n    made.append(cls.__qualname__)\n"
        "    return build(cls, *args)\n"
        "dataclasses._process_class = counted\n"
        "from readinglist.cli import main\ntry:\n    main(sys.argv[1:])\n"
        "except SystemExit:\n    pass\nprint('@@', ' '.join(sorted(made)))"
    )
    env = dict(os.environ, READINGLIST_CACHE_DIR=str(tmp_path), READINGLIST_RENDER_CACHE="on")
    argv = [sys.executable, "-c", probe, "render", "ipt-refresher-2024"]
    subprocess.run(argv, capture_output=True, env=env, cwd=PROJECT, check=True)  # fills caches
    warm = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=PROJECT, check=True)
    made = warm.stdout.rsplit("@@", 1)[-1].split()
    assert made == [], made


def test_every_command_runs_through_handle_errors() -> None:
    # handle_errors gives one-line errors and turns the garbage collector back on once a
    # command's work starts (`run` holds it back during start-up): a command without it
    # would print tracebacks for our own errors and render with the collector off.
    import importlib

    import click

    from readinglist.cli import COMMAND_MODULES, handle_errors, main

    wrapper_code = handle_errors(lambda: None).__code__
    for module in COMMAND_MODULES:
        importlib.import_module(module)

    def leaves(group: click.Group, path: str) -> list[tuple[str, click.Command]]:
        found: list[tuple[str, click.Command]] = []
        for name, command in group.commands.items():
            if isinstance(command, click.Group):
                found += leaves(command, f"{path} {name}")
            else:
                found.append((f"{path} {name}", command))
        return found

    def wrapped(callback: object) -> bool:
        while callback is not None:  # click's pass_obj and friends wrap it again
            if getattr(callback, "__code__", None) is wrapper_code:
                return True
            callback = getattr(callback, "__wrapped__", None)
        return False

    commands = leaves(main, "readinglist")
    assert len(commands) > 20
    unwrapped = [name for name, command in commands if not wrapped(command.callback)]
    assert not unwrapped, f"not wrapped in handle_errors: {unwrapped}"


def test_check_reads_an_empty_doi_as_none_and_warns(cli: Invoke, tmp_path: Path) -> None:
    # Google Scholar's BibTeX and many templates write every field, empty: "doi={}". That
    # is no DOI, as an absent field is; it must not fail the check as a malformed one does.
    (tmp_path / "refs").mkdir()
    (tmp_path / "refs" / "refs.bib").write_text(
        "@article{k,\n author={Roe, A},\n title={T},\n journal={J},\n year={2020},\n"
        " doi={},\n}\n@article{bad,\n author={Roe, A},\n title={T},\n journal={J},\n"
        " year={2020},\n doi={11.2/x},\n}\n"
    )
    result = cli("check", root=tmp_path)
    assert "refs/refs.bib:6: warning: entry 'k': doi is empty" in result.stdout
    assert "entry 'k': '' is not a DOI" not in result.stdout
    assert "error: entry 'bad': '11.2/x' is not a DOI" in result.stdout
    assert result.exit_code == 1  # the malformed one still fails the check


def test_check_names_a_url_that_no_reading_list_prints(cli: Invoke, tmp_path: Path) -> None:
    """A url that is no web address (a path on the author's own site, as JabRef users paste
    it, or a local file) is left out of every rendering, so check says so on its line rather
    than let it vanish; a web address, also one without its scheme, draws nothing."""
    (tmp_path / "refs").mkdir()
    (tmp_path / "refs" / "u.bib").write_text(
        "@misc{web, title = {T}, url = {https://example.org/a\\_b.pdf}}\n"
        "@misc{bare, title = {T}, url = {www.example.org/paper.pdf}}\n"
        "@misc{path,\n  title = {T},\n  url = {system/files/publications/paper.pdf},\n}\n"
        "@misc{local,\n  title = {T},\n  url = {file:///home/me/paper.pdf},\n}\n"
    )
    result = cli("check", root=tmp_path)
    assert "entry 'web'" not in result.stdout and "entry 'bare'" not in result.stdout
    assert (
        "u.bib:5: warning: entry 'path': url 'system/files/publications/paper.pdf' is not a "
        "web address" in result.stdout
    )
    assert "u.bib:9: warning: entry 'local': url 'file:///home/me/paper.pdf'" in result.stdout
    text = cli("format", str(tmp_path / "refs" / "u.bib"), "--format", "text").stdout
    assert "example.org/a_b.pdf" in text and "www.example.org/paper.pdf" in text
    assert "system/files" not in text and "file:" not in text


def test_apa_psycnets_no_pagination_mark_is_not_printed_and_fix_removes_it(
    cli: Invoke, tmp_path: Path
) -> None:
    """APA PsycNET marks an article without page numbers "No Pagination Specified", which
    Zotero's import turns into a range of itself: printed, it read "pp. No Pagination
    Specified–No Pagination Specified". The APA manual (§9.25) leaves pages out when there
    are none: so do we; check names the field, and check --fix removes it alone."""
    (tmp_path / "refs").mkdir()
    bib = tmp_path / "refs" / "p.bib"
    bib.write_text(
        "@article{strand2023,\n  title = {Error Tight},\n  author = {Strand, Julia F.},\n"
        "  journal = {Psychological Methods},\n  year = {2023},\n"
        "  pages = {No Pagination Specified-No Pagination Specified},\n"
        "  doi = {10.1037/met0000547},\n}\n"
        "@article{kept,\n  title = {T},\n  author = {Roe, A.},\n  journal = {J},\n"
        "  year = {2020},\n  pages = {12--19},\n}\n"
    )
    for style in ("apa", "harvard-cite-them-right"):
        text = cli("format", str(bib), "--style", style, "--format", "text").stdout
        assert "Pagination" not in text and "12" in text and "met0000547" in text
    result = cli("check", root=tmp_path)
    assert "p.bib:6: warning: entry 'strand2023': pages 'No Pagination Specified-" in (
        result.stdout
    )
    before = bib.read_text()
    cli("check", "--fix", root=tmp_path)
    after = bib.read_text()
    fixed = after[: after.index("@article{kept")]
    assert "Pagination" not in fixed and "pages" not in fixed
    for kept in ("{Error Tight}", "{Strand, Julia F.}", "{2023}", "{10.1037/met0000547}"):
        assert kept in fixed
    assert before[before.index("@article{kept") :] == after[after.index("@article{kept") :]
    assert "entry 'strand2023'" not in cli("check", root=tmp_path).stdout


@pytest.mark.parametrize(
    ("pages", "none"),
    [
        ("No Pagination Specified", True),
        ("no pagination specified.", True),
        ("n/a-n/a", True),  # Wiley, online before its issue
        ("no--no", True),
        ("n/a", True),
        ("e1004219", False),
        ("no. 3", False),
        ("N/A-12", False),
        ("Nope", False),
    ],
)
def test_a_databases_no_pagination_placeholder_is_told_from_pages(pages: str, none: bool) -> None:
    from readinglist.csl.from_bibtex import no_pagination

    assert no_pagination(pages) is none


def test_a_url_copied_with_htmls_escaped_ampersand_is_named_and_fixed(
    cli: Invoke, tmp_path: Path
) -> None:
    """A url copied from a page's HTML source holds "&amp;" for "&" (a JabRef library's
    CiteSeerX links, also written "\\&amp;"): the server reads "amp;rep", the link leads
    nowhere. check names it; check --fix writes "&", the rest of the file as it was."""
    (tmp_path / "refs").mkdir()
    bib = tmp_path / "refs" / "u.bib"
    bib.write_text(
        "@misc{lee2005,\n  title = {T},\n"
        "  url = {http://example.org/download?doi=10.1.1.81\\&amp;rep=rep1\\&amp;type=pdf},\n}\n"
        "@misc{kept,\n  title = {U},\n  url = {http://example.org/?a=1&b=2},\n}\n"
    )
    result = cli("check", root=tmp_path)
    assert "u.bib:3: warning: entry 'lee2005': url holds '&amp;'" in result.stdout
    assert "entry 'kept'" not in result.stdout
    before = bib.read_text()
    cli("check", "--fix", root=tmp_path)
    after = bib.read_text()
    assert "doi=10.1.1.81\\&rep=rep1\\&type=pdf" in after and "&amp;" not in after
    assert before[before.index("@misc{kept") :] == after[after.index("@misc{kept") :]
    text = cli("format", str(bib), "--format", "text").stdout
    assert "doi=10.1.1.81&rep=rep1&type=pdf" in text
