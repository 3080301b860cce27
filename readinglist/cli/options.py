"""Options and reports that several commands share: -o, the fragment options, and the
one-line report of entries that could not be rendered."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from readinglist.cli import Repo

if TYPE_CHECKING:
    from readinglist.library import Library
    from readinglist.publish.listing import UnrenderedCitation

F = TypeVar("F", bound=Callable[..., Any])

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


def report_unrendered(
    repo: Repo,
    library: Library | None,
    rendered: list[tuple[Any, str]],
    citations: Sequence[UnrenderedCitation] = (),
) -> None:
    """Name every entry and every citation in an event's text that could not be rendered
    (file:line and key, or the event file and the citation as written, one line each, with the
    style it failed in) and exit 1; the others have been written."""
    for citation in citations:
        where = f"{repo.display(citation.path)}: " if citation.path else ""
        click.echo(
            f"{where}citation {citation.source} cannot be rendered in {citation.style}: "
            f"{citation.error}; it is printed as written",
            err=True,
        )
    failed = [(r, style) for r, style in rendered if r.error]
    for entry, style in failed:
        reference = library.get(entry.key) if library is not None else None
        where = f"{repo.display(reference.path)}:{reference.line}: " if reference else ""
        click.echo(
            f"{where}{entry.key}: cannot be rendered in {style}: {entry.error}; "
            "the other entries are listed",
            err=True,
        )
    if failed or citations:
        sys.exit(1)
