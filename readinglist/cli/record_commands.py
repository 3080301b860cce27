"""The presenter's command for works without a DOI yet: record."""

from __future__ import annotations

from pathlib import Path

import click

from readinglist.cli import Repo, checked_bib_target, fail, handle_errors, main
from readinglist.cli.registry_commands import add_batch, target_option
from readinglist.cli.workspace_commands import event_options, event_path
from readinglist.model import PubState
from readinglist.ops import importing, recording


@main.command("record")
@click.option(
    "--type",
    "kind",
    type=click.Choice(list(recording.KINDS)),
    required=True,
    help="What the work is.",
)
@click.option("--title", required=True, help="The title (a subtitle after a colon).")
@click.option("--author", "authors", multiple=True, help='"Family, Given" (repeatable).')
@click.option("--editor", "editors", multiple=True, help="An editor of a book (repeatable).")
@click.option("--journal", help="An article's journal.")
@click.option("--book", help="A chapter's book title (or --crossref KEY of the book).")
@click.option("--crossref", help="A chapter's book, when the library has it: its key.")
@click.option("--publisher", help="A book's (or a chapter's book's) publisher.")
@click.option(
    "--status",
    type=click.Choice([s.value for s in PubState]),
    default=PubState.IN_PRESS.value,
    show_default=True,
    help="Where the work stands (biblatex's pubstate).",
)
@click.option("--year", help="The expected year, if known.")
@click.option("--isbn", help="The ISBN, if the publisher has given one already.")
@click.option("--url", help="A page about the work (the publisher's, a preprint).")
@target_option
@click.option("--dry-run", is_flag=True, help="Print the entry; write nothing.")
@click.option("--force", is_flag=True, help="Add it even if the library seems to have it.")
@event_options
@click.pass_obj
@handle_errors
def record_command(
    repo: Repo,
    kind: str,
    title: str,
    authors: tuple[str, ...],
    editors: tuple[str, ...],
    journal: str | None,
    book: str | None,
    crossref: str | None,
    publisher: str | None,
    status: str,
    year: str | None,
    isbn: str | None,
    url: str | None,
    to: Path | None,
    dry_run: bool,
    force: bool,
    event: str | None,
    section: str | None,
) -> None:
    """Record a work that has no DOI yet: in press, forthcoming, submitted or prepublished.

    The entry gets biblatex's pubstate, so `readinglist inpress` looks for its published
    version from then on, and `readinglist publish KEY DOI` completes it by hand.

    \b
    Examples:
      readinglist record --type book --editor "Weissman, Myrna M." \\
          --editor "Mootz, Jennifer J." --title "IPT: A Global Reach" \\
          --publisher "Oxford University Press"
      readinglist record --type chapter --author "Law, Roslyn" --author "Rose, Kieran" \\
          --title "When Helping Professionals Hurt" --crossref pavlopoulou-inpress
      readinglist record --type article --author "Law, Roslyn" --title "A Trial" \\
          --journal "Psychotherapy Research" --status submitted --event ipt-2025
    """
    repo.require()
    if to is not None:
        checked_bib_target(repo, to)
    if event:
        event_path(repo, event)
    spec = recording.WorkSpec(
        kind=kind,
        title=title,
        authors=authors,
        editors=editors,
        container=journal or book or "",
        publisher=publisher or "",
        pubstate=PubState(status),
        year=year or "",
        crossref=crossref or "",
        isbn=isbn or "",
        url=url or "",
    )
    if kind != "article" and journal:
        raise click.UsageError("--journal is for articles; a chapter's book is --book")
    if kind == "article" and (book or crossref):
        raise click.UsageError("an article is in a --journal, not a --book")

    def plan(batch: importing.Batch) -> None:
        planned = recording.plan_record(spec, batch.library, batch.taken)
        if planned.reference is None:
            fail(planned.message)
        batch.add_reference("record", planned.reference)

    add_batch(repo, to, plan, dry_run, force, event, section)
