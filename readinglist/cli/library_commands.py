"""Commands on the library and its events: render, format, list, show, check."""

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
    Repo,
    checked_folder,
    checked_output,
    fail,
    handle_errors,
    main,
    report,
    style_options,
    warn_draft,
)
from readinglist.csl import foreign
from readinglist.events import find_event, load_event, unknown_keys
from readinglist.library import Library, locked
from readinglist.publish import listing
from readinglist.render import citations, engine
from readinglist.render.styles import style_locale

F = TypeVar("F", bound=Callable[..., Any])

if TYPE_CHECKING:
    from readinglist.ops.checking import FetchAll

output_option = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (atomically) instead of standard output.",
)


def fragment_options(command: F) -> F:
    """--no-css, --heading-level and --id-prefix: what makes a fragment fit its page."""
    command = click.option(
        "--id-prefix",
        default="",
        metavar="PREFIX",
        help="Put PREFIX before every id (ref-KEY becomes PREFIXref-KEY), so that two "
        "fragments can share a page.",
    )(command)
    command = click.option(
        "--heading-level",
        type=click.IntRange(1, 6),
        default=2,
        show_default=True,
        help="Level of the fragment's section headings (<h2>), to fit under the page's own.",
    )(command)
    return click.option(
        "--no-css",
        is_flag=True,
        help="HTML without inline styles, for sites with their own CSS.",
    )(command)


@main.command("render")
@click.argument("event")
@style_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(listing.FORMATS),
    help="Output format [default: from -o's extension, else text].",
)
@output_option
@fragment_options
@click.pass_obj
@handle_errors
def render_command(
    repo: Repo,
    event: str,
    style: str | None,
    locale: str | None,
    fmt: str | None,
    output: Path | None,
    no_css: bool,
    heading_level: int,
    id_prefix: str,
) -> None:
    """Render an event's reading list.

    EVENT is the name of a file in events/ (without .toml) or a path to one. Formats: text,
    markdown, html (a fragment to paste into a page builder), page (a whole HTML page), docx
    (a Word handout; needs -o) and json (for static-site generators; see
    docs/event.schema.json).

    \b
    Examples:
      readinglist render ipt-refresher-2024 --format text
      readinglist render ipt-refresher-2024 --format html -o list.html
      readinglist render ipt-refresher-2024 --format html --heading-level 3 --id-prefix ipt-
      readinglist render ipt-refresher-2024 --format json -o data/ipt.json
      readinglist render ipt-refresher-2024 -o handout.docx
      readinglist render ipt-refresher-2024 --style chicago-author-date --locale en-GB
    """
    fmt = checked_output(repo, output, fmt) if output else (fmt or "text")
    settings = repo.settings()
    the_event, library = _event_and_library(repo, event)
    warn_draft(repo, the_event)
    for key in the_event.keys:
        reference = library.require(key)
        notice = reference.get("retraction")
        if notice:  # a reading list for clinicians must not recommend it silently
            click.echo(
                f"{repo.display(reference.path)}:{reference.line}: warning: "
                f"'{reference.key}' has been retracted (notice {notice}); take it "
                "off the reading list or say why it stays",
                err=True,
            )
    if fmt == "docx" and output is None:
        fail("a Word handout is a file: give it a name with -o, e.g. -o handout.docx")
    style = style or the_event.style or settings.style
    locale = locale or the_event.locale or settings.locale or style_locale(style, repo.styles)
    retractions = listing.retractions_of(library.require(k) for k in the_event.keys)
    sections = listing.reading_list(
        the_event, library.to_csl(list(the_event.keys)), style, locale, repo.styles, retractions
    )
    cited = library.to_csl(citations.all_keys(the_event))
    options = listing.Options(
        css=not no_css,
        lang=listing.lang_of(locale),
        heading_level=heading_level,
        id_prefix=id_prefix,
        style=style,
        locale=locale,
        cite=listing.citer(cited, style, locale, repo.styles, the_event),
    )
    if fmt == "docx":
        from readinglist.atomic import write_bytes
        from readinglist.publish.handout import to_docx

        assert output is not None
        write_bytes(output, to_docx(the_event, sections, options))
        _report_unrendered(repo, library, [(e.rendered, style) for s in sections for e in s.failed])
        return
    text = listing.text_writers()[fmt](the_event, sections, options)
    if output:
        write_text(output, text)
    else:
        click.echo(text, nl=False)
    _report_unrendered(repo, library, [(e.rendered, style) for s in sections for e in s.failed])


def _report_unrendered(
    repo: Repo, library: Library | None, rendered: list[tuple[Any, str]]
) -> None:
    """Name every entry that could not be rendered (file:line and key, one line each, with
    the style it failed in) and exit 1; the others have been written."""
    failed = [(r, style) for r, style in rendered if r.error]
    for entry, style in failed:
        reference = library.get(entry.key) if library is not None else None
        where = f"{repo.display(reference.path)}:{reference.line}: " if reference else ""
        click.echo(
            f"{where}{entry.key}: cannot be rendered in {style}: {entry.error}; "
            "the other entries are listed",
            err=True,
        )
    if failed:
        sys.exit(1)


def _event_and_library(repo: Repo, name: str) -> tuple[Any, Library]:
    """An event and the library, after checking that every key of the event exists."""
    the_event = load_event(find_event(repo.events, name))
    library = repo.library()
    report(library.problems)
    has_key = lambda k: library.get(k) is not None  # noqa: E731
    missing = unknown_keys(the_event, has_key, library.near)
    missing += citations.unknown_cited_keys(the_event, has_key, library.near)
    if missing:
        fail(str(missing[0]))
    from readinglist.ops import lint

    report(lint.repeated_event_keys(the_event))
    return citations.with_cited_section(the_event), library


@main.command("export")
@click.argument("event")
@click.option(
    "--to",
    "fmt",
    type=click.Choice(["bibtex", "ris", "csljson"]),
    help="Format for reference managers [default: from -o's extension, else bibtex].",
)
@output_option
@click.pass_obj
@handle_errors
def export_command(repo: Repo, event: str, fmt: str | None, output: Path | None) -> None:
    """Export an event's references for attendees' reference managers.

    BibTeX (biblatex fields only, crossref parents included), RIS (EndNote, Mendeley,
    Zotero) or CSL-JSON (Zotero, pandoc).

    \b
    Examples:
      readinglist export ipt-refresher-2024 --to ris -o ipt.ris
      readinglist export ipt-refresher-2024 --to csljson
    """
    from readinglist.ops.outputs import EXPORT_EXTENSIONS
    from readinglist.publish import export

    fmt = checked_output(repo, output, fmt, dict(EXPORT_EXTENSIONS)) if output else fmt
    the_event, library = _event_and_library(repo, event)
    text = export.export(library, list(the_event.keys), fmt or "bibtex")
    if output:
        write_text(output, text)
    else:
        click.echo(text, nl=False)


@main.command("build")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@style_options
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    help="The date that splits upcoming from past events [default: today].",
)
@click.pass_obj
@handle_errors
def build_command(
    repo: Repo, folder: Path, style: str | None, locale: str | None, today: Any
) -> None:
    """Build a static site: an index of events, a page per event, fragments and downloads.

    The same input gives byte-identical files. Publish FOLDER with any static host.

    \b
    Examples:
      readinglist build site
      readinglist build site --today 2024-01-01
    """
    import datetime as dt

    from readinglist.publish.site import build

    checked_folder(repo, folder)
    settings = repo.settings()
    events = []
    for path in sorted(repo.events.glob("*.toml")) if repo.events.is_dir() else []:
        events.append(_event_and_library(repo, str(path))[0])
        warn_draft(repo, events[-1])
    if not events:
        fail(f"{repo.events}: no events to build")
    library = repo.library()
    day = today.date() if today else dt.date.today()
    style = style or settings.style
    site = build(folder, events, library, style, locale or settings.locale, repo.styles, day)
    for item in site.files:
        click.echo(f"{repo.display(item.path)}  {item.size:,} bytes")
    _report_unrendered(repo, library, site.failed)


def _load_items(paths: Sequence[Path]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    bib_paths = [p for p in paths if p.suffix.lower() != ".json"]
    if bib_paths:
        library = Library.load(bib_paths)
        report(library.problems)
        items.extend(library.to_csl())
    for path in paths:
        if path.suffix.lower() == ".json":
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                fail(f"{path}: not CSL-JSON ({exc})")
            except RecursionError:
                fail(f"{path}: not CSL-JSON (arrays or objects nested too deeply)")
            if not isinstance(data, list) or not all(
                isinstance(i, dict) and "id" in i for i in data
            ):
                fail(f'{path}: CSL-JSON must be a list of items, each with an "id"')
            # What other programs write (nulls, names as text, dates as strings) made well formed.
            items.extend(foreign.well_formed(item, n) for n, item in enumerate(data, 1))
    return items


@main.command("format")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@style_options
@click.option(
    "--to",
    "to",
    type=click.Choice(["text", "html", "markdown", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.pass_obj
@handle_errors
def format_command(
    repo: Repo, files: tuple[Path, ...], style: str | None, locale: str | None, to: str
) -> None:
    """Format every entry of .bib or CSL-JSON (.json) files as a bibliography.

    \b
    Examples:
      readinglist format refs/references.bib
      readinglist format export.json --style nlm-citation-sequence --to html
      readinglist format refs/references.bib --to json
    """
    settings = repo.settings()
    items = _load_items(files)
    if not items:
        fail(f"{', '.join(map(str, files))}: no entries to format")
    rendered = engine.render_bibliography(
        items, style or settings.style, locale or settings.locale, repo.styles
    )
    if to == "json":
        data = [{"key": r.key, "text": r.text, "html": r.html} for r in rendered if not r.error]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        _report_unrendered(repo, None, [(r, style or settings.style) for r in rendered])
        return
    for entry in rendered:
        if entry.error:
            continue
        if to == "html":
            click.echo(f'<div class="csl-entry">{entry.html}</div>')
        elif to == "markdown":
            click.echo(engine.html_to_markdown(entry.html) + "\n")
        else:
            click.echo(entry.text + "\n")
    _report_unrendered(repo, None, [(r, style or settings.style) for r in rendered])


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
    width = max((len(str(r["key"])) for r in rows), default=3)
    lines = []
    for row in rows:
        title = str(row["title"])
        title = title if len(title) <= 60 else title[:59] + "…"
        lines.append(
            f"{row['key']:<{width}}  {row['type']:<13} {row['year'] or '-':<5} "
            f"{row['status']:<10} {title}\n"
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
        click.echo(json.dumps(item, ensure_ascii=False, indent=2))
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
    _report_unrendered(repo, library, [(r, style) for r in rendered])


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
    and with --online retracted works. Warnings: missing fields, and legacy forms
    (year = {in press}, doi = {https://doi.org/...}, month = jun) that --fix rewrites.

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
