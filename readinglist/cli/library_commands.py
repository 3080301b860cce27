"""Commands on the library: format, list, show, check."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from readinglist.atomic import write_text
from readinglist.bibtex.lexer import printable
from readinglist.cli import (
    FormatChoice,
    Repo,
    checked_output,
    fail,
    handle_errors,
    main,
    report,
    style_options,
)
from readinglist.cli.options import fragment_options, output_option, report_unrendered
from readinglist.csl.bib_types import with_schema_type
from readinglist.errors import not_utf8
from readinglist.library import Library, locked
from readinglist.model import Problem
from readinglist.publish import listing
from readinglist.render import engine
from readinglist.render.styles import style_locale

F = TypeVar("F", bound=Callable[..., Any])

if TYPE_CHECKING:
    from readinglist.ops.checking import FetchAll


def _load_items(paths: Sequence[Path]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    bib_paths = [p for p in paths if p.suffix.lower() != ".json"]
    if bib_paths:
        library = Library.load(bib_paths)
        report(library.problems)
        # An @xdata entry only holds fields for the entries that name it: biblatex never
        # lists it in a bibliography (biblatex manual §2.1.1).
        items.extend(library.to_csl([r.key for r in library if r.entry_type != "xdata"]))
    for path in paths:
        if path.suffix.lower() == ".json":
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except UnicodeDecodeError as exc:
                line, message = not_utf8(exc)
                fail(f"{path}:{line}: {message}")
            except json.JSONDecodeError as exc:
                fail(f"{path}:{exc.lineno}: not CSL-JSON ({exc.msg} at column {exc.colno})")
            except RecursionError:
                fail(f"{path}: not CSL-JSON (arrays or objects nested too deeply)")
            if not isinstance(data, list) or not all(
                isinstance(i, dict) and "id" in i for i in data
            ):
                fail(f'{path}: CSL-JSON must be a list of items, each with an "id"')
            from readinglist.csl import foreign
            from readinglist.ops.importing import csl_json_warnings

            # What other programs write (nulls, names as text, dates as strings) made well
            # formed; what is changed or left out is told, one line each.
            warnings: list[Problem] = []
            for n, item in enumerate(data, 1):
                warn = csl_json_warnings(path, item, n, warnings)
                items.append(foreign.well_formed(item, n, warn))
            report(warnings)
    return items


# For `format -o`: the formats a file of each extension may hold.
FORMAT_EXTENSIONS: dict[str, tuple[str, ...]] = {
    ".html": ("html",),
    ".htm": ("html",),
    ".md": ("markdown",),
    ".markdown": ("markdown",),
    ".txt": ("text",),
    ".json": ("json",),
}


@main.command("format")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@style_options
@click.option(
    "--format",
    "--to",
    "to",
    type=FormatChoice(["text", "html", "markdown", "json"]),
    help="Output format (md is markdown) [default: from -o's extension, else text].",
)
@output_option
@click.pass_obj
@handle_errors
def format_command(
    repo: Repo,
    files: tuple[Path, ...],
    style: str | None,
    locale: str | None,
    to: str | None,
    output: Path | None,
) -> None:
    """Format every entry of .bib or CSL-JSON (.json) files as a bibliography.

    \b
    Examples:
      readinglist format refs/references.bib
      readinglist format export.json --style nlm-citation-sequence --format html
      readinglist format refs/references.bib -o references.md
      readinglist format refs/references.bib --format json
    """
    if output:
        to = checked_output(repo, output, to, FORMAT_EXTENSIONS)
        if any(output.resolve() == path.resolve() for path in files):
            raise click.UsageError(f"{output} is one of the files to format; name another output")
    settings = repo.settings()
    items = _load_items(files)
    if not items:
        fail(f"{', '.join(map(str, files))}: no entries to format")
    rendered = engine.render_bibliography(
        items, style or settings.style, locale or settings.locale, repo.styles
    )
    shown = [entry for entry in rendered if not entry.error]
    if to == "json":
        data = [{"key": r.key, "text": r.text, "html": r.html} for r in shown]
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    elif to == "html":
        text = "".join(f'<div class="csl-entry">{entry.html}</div>\n' for entry in shown)
    elif to == "markdown":
        text = "".join(engine.html_to_markdown(entry.html) + "\n\n" for entry in shown)
    else:
        text = "".join(entry.text + "\n\n" for entry in shown)
    if output:
        write_text(output, text)
    else:
        click.echo(text, nl=False)
    report_unrendered(repo, None, [(r, style or settings.style) for r in rendered])


STATES = [
    "inpress",
    "forthcoming",
    "submitted",
    "prepublished",
    "online-first",
    "pending",
    "published",
]


def _status(reference: Any) -> str:
    from readinglist.ops.tracking import status_of

    return status_of(reference)


def _columns(reference: Any) -> tuple[str, str, str, str, str, int | None]:
    """What `list` shows of an entry, as plain data (kept in the parse cache)."""
    from readinglist.bibtex.latex import to_text

    return (
        reference.key,
        reference.entry_type,
        to_text(reference.get("year") or reference.get("date") or ""),
        _status(reference),
        to_text(reference.get("title") or ""),
        reference.line,
    )


@main.command("list")
@click.option(
    "--status",
    type=click.Choice(STATES),
    help="Only entries in this state (pending: any of the unpublished ones).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_obj
@handle_errors
def list_command(repo: Repo, status: str | None, as_json: bool) -> None:
    """List the library's entries: key, type, state and title.

    \b
    Examples:
      readinglist list
      readinglist list --status inpress
      readinglist list --json
    """
    library = repo.library()
    report(library.problems)
    rows: list[dict[str, Any]] = []
    shown: dict[Path | None, str] = {}  # a file's name is worked out once, and only for --json
    for path, (key, kind, year, state, title, line) in library.per_entry("list", _columns):
        if status and not (
            state == status or (status == "pending" and state not in ("published", "online-first"))
        ):
            continue
        row: dict[str, Any] = {"key": key, "type": kind, "year": year, "status": state}
        row["title"] = title
        if as_json:
            if path not in shown:
                shown[path] = repo.display(path)
            row |= {"file": shown[path], "line": line}
        rows.append(row)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        shown_year = str(row["year"] or "-")
        row["year"] = shown_year if len(shown_year) <= 21 else shown_year[:20] + "…"
    # Each column as wide as its widest value, so that a long one ("circa 1990",
    # "2013-01/2013-03", "online-first") never pushes the next column out of line.
    widths = {
        name: max((len(str(r[name])) for r in rows), default=1)
        for name in ("key", "type", "year", "status")
    }
    lines = []
    for row in rows:
        title = str(row["title"])
        title = title if len(title) <= 60 else title[:59] + "…"
        lines.append(
            f"{row['key']:<{widths['key']}}  {row['type']:<{widths['type']}}  "
            f"{row['year']:<{widths['year']}}  {row['status']:<{widths['status']}}  {title}\n"
        )
    click.echo("".join(lines), nl=False)  # one write: a large library lists in a blink


@main.command("show")
@click.argument("key")
@style_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["entry", "html", "text", "json"]),
    default="entry",
    show_default=True,
    help="entry: where it is, its BibTeX and its text; html: the entry as the fragment "
    "shows it; text: its formatted text; json: the entry as CSL-JSON.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the entry as CSL-JSON.")
@fragment_options
@click.pass_obj
@handle_errors
def show_command(
    repo: Repo,
    key: str,
    style: str | None,
    locale: str | None,
    fmt: str,
    as_json: bool,
    no_css: bool,
    heading_level: int,
    id_prefix: str,
) -> None:
    """Show one entry: where it is, its BibTeX and how it is formatted.

    \b
    Examples:
      readinglist show pearson2021
      readinglist show pearson2021 --style chicago-author-date
      readinglist show pearson2021 --format html --no-css
      readinglist show pearson2021 --json
    """
    settings = repo.settings()
    library = repo.library()
    reference = library.require(key)
    item = library.to_csl([reference.key])[0]
    if as_json or fmt == "json":
        click.echo(json.dumps(with_schema_type(item), ensure_ascii=False, indent=2))
        return
    style = style or settings.style
    locale = locale or settings.locale or style_locale(style, repo.styles)
    if fmt != "entry":
        from readinglist.publish.fragment import entry_html

        entry = listing.single_entry(
            item, style, locale, repo.styles, listing.retractions_of([reference])
        )
        options = listing.Options(css=not no_css, id_prefix=id_prefix, locale=locale)
        click.echo(entry.rendered.text if fmt == "text" else entry_html(entry, options))
        return
    source = library.source_of(reference.key)
    click.echo(f"{repo.display(reference.path)}:{reference.line}")
    if source:
        # A value imported from elsewhere may hold an escape sequence: never sent raw.
        click.echo(printable(source))
    rendered = engine.render_bibliography([item], style, locale, repo.styles)
    if not rendered[0].error:
        click.echo(f"\n{printable(rendered[0].text)}")
    report_unrendered(repo, library, [(r, style) for r in rendered])


@main.command("check")
@click.option("--fix", is_flag=True, help="Rewrite legacy forms to the normal form.")
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON.")
@click.option(
    "--online",
    is_flag=True,
    help="Also ask Crossref about every DOI: retractions "
    "(errors), corrections and expressions of concern (warnings).",
)
@click.pass_obj
@handle_errors
def check_command(repo: Repo, fix: bool, as_json: bool, online: bool) -> None:
    """Check the library and the events; exit 1 if there are errors.

    Errors: unreadable entries, duplicate keys, events naming unknown keys, malformed DOIs,
    and with --online retracted works and DOIs that could not be checked. Warnings: missing
    fields, and legacy forms (year = {in press}, doi = {https://doi.org/...}, month = jun)
    that --fix rewrites.

    \b
    Examples:
      readinglist check
      readinglist check --fix
      readinglist check --online
    """
    from readinglist.ops import checking

    library = repo.library()
    events = sorted(repo.events.glob("*.toml")) if repo.events.is_dir() else []
    fetch_all = _registry_look_up(repo) if online else None
    result = checking.check(library, events, fetch_all)
    if fix:
        with locked(repo.root):
            result, written = checking.fix(repo.library(), result)
        for fixed in written:
            click.echo(f"{fixed.path}: fixed {fixed.entries} entries", err=True)
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "file": repo.display(p.path),
                        "line": p.line,
                        "key": p.key,
                        "severity": p.severity,
                        "message": p.message,
                        "fixable": p.fixable,
                    }
                    for p in result.problems
                ],
                indent=2,
            )
        )
    else:
        for problem in result.problems:
            click.echo(
                f"{repo.display(problem.path)}{f':{problem.line}' if problem.line else ''}"
                f": {problem.severity}: {problem.message}"
            )
        click.echo(
            f"{result.errors} error(s), {result.warnings} warning(s) in {result.entries} entries",
            err=True,
        )
    if result.failed:
        sys.exit(1)


def _registry_look_up(repo: Repo) -> FetchAll:
    """Look up many DOIs at the registries, with the repository's settings and cache."""
    from readinglist.cli.registry_commands import make_client
    from readinglist.registry.client import fetch_all

    return lambda identifiers: fetch_all(make_client(repo, False, False, fresh=True), identifiers)
