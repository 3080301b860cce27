"""Commands on an event: render its list, export its references, build the site."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from readinglist.atomic import write_text
from readinglist.cli import (
    FormatChoice,
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
from readinglist.cli.options import fragment_options, output_option, report_unrendered
from readinglist.events import find_event, load_event, unknown_keys
from readinglist.library import Library
from readinglist.publish import listing
from readinglist.render import citations
from readinglist.render.styles import style_locale


@main.command("render")
@click.argument("event")
@style_options
@click.option(
    "--format",
    "fmt",
    type=FormatChoice(listing.FORMATS),
    help="Output format (md is markdown) [default: from -o's extension, else text].",
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
    the_event, library = event_and_library(repo, event)
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
    citer = listing.citer(cited, style, locale, repo.styles, the_event, sections)
    options = listing.Options(
        css=not no_css,
        lang=listing.lang_of(locale),
        heading_level=heading_level,
        id_prefix=id_prefix,
        style=style,
        locale=locale,
        cite=citer,
    )
    unrendered = [(e.rendered, style) for s in sections for e in s.failed]
    if fmt == "docx":
        from readinglist.atomic import write_bytes
        from readinglist.publish.handout import to_docx

        assert output is not None
        write_bytes(output, to_docx(the_event, sections, options))
        report_unrendered(
            repo, library, unrendered, listing.unrendered_citations(the_event, citer, style)
        )
        return
    text = listing.text_writer(fmt)(the_event, sections, options)
    if output:
        write_text(output, text)
    else:
        click.echo(text, nl=False)
    report_unrendered(
        repo, library, unrendered, listing.unrendered_citations(the_event, citer, style)
    )


def event_and_library(repo: Repo, name: str) -> tuple[Any, Library]:
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
    "--format",
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
      readinglist export ipt-refresher-2024 -o ipt.ris
      readinglist export ipt-refresher-2024 --format csljson
    """
    from readinglist.ops.outputs import EXPORT_EXTENSIONS
    from readinglist.publish import export

    fmt = checked_output(repo, output, fmt, dict(EXPORT_EXTENSIONS)) if output else fmt
    the_event, library = event_and_library(repo, event)
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
        events.append(event_and_library(repo, str(path))[0])
        warn_draft(repo, events[-1])
    if not events:
        fail(f"{repo.events}: no events to build")
    library = repo.library()
    day = today.date() if today else dt.date.today()
    style = style or settings.style
    site = build(folder, events, library, style, locale or settings.locale, repo.styles, day)
    for item in site.files:
        click.echo(f"{repo.display(item.path)}  {item.size:,} bytes")
    report_unrendered(repo, library, site.failed, site.citations)
