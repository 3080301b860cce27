"""Commands that start and shape a repository: init, event new|add|remove, rename, remove."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from readinglist.atomic import write_text
from readinglist.cli import Repo, fail, handle_errors, main
from readinglist.events import find_event, load_event, parse_event
from readinglist.library import locked, read_text, replace_text
from readinglist.model import Event
from readinglist.ops import workspace

F = TypeVar("F", bound=Callable[..., Any])


def event_options(command: F) -> F:
    """``--event NAME [--section TITLE]``: also list the new entries in an event."""
    command = click.option(
        "--section",
        help="With --event: the section to list them in (made if the event has none by that "
        "title) [default: the first].",
    )(command)
    return click.option(
        "--event", "event", metavar="NAME", help="Also list the entries in this event."
    )(command)


def event_path(repo: Repo, name: str) -> Path:
    """The event's file; an error naming the known events when there is none."""
    return find_event(repo.events, name)


def list_in_event(repo: Repo, name: str, keys: Sequence[str], section: str | None) -> None:
    """Add `keys` to the event `name` and say what was listed."""
    if not keys:
        return
    from readinglist.ops import event_edit

    path = event_path(repo, name)
    with locked(repo.root):
        text = read_text(path)
        edit = event_edit.add_keys(text, path, keys, section)
        if edit.changed:
            replace_text(path, text, edit.text)
    for key in edit.changed:
        click.echo(f"listed {key} in {path.stem}", err=True)
    for key in edit.unchanged:
        click.echo(f"{path.stem} lists {key} already", err=True)


def _events(repo: Repo) -> list[Event]:
    if not repo.events.is_dir():
        return []
    return [load_event(p) for p in sorted(repo.events.glob("*.toml"))]


@main.command("init")
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.pass_obj
@handle_errors
def init_command(repo: Repo, folder: Path | None) -> None:
    """Start a reading-list repository: refs/, events/, styles/ and readinglist.toml.

    FOLDER defaults to --root, else the current folder, and is made if missing. A folder
    that already holds any of these is left alone.

    \b
    Examples:
      readinglist init
      readinglist init cpd-events && cd cpd-events
    """
    root = folder or (repo.root if repo.given else Path("."))
    result = workspace.init_repository(root)
    if result.status == workspace.InitStatus.EXISTS:
        names = ", ".join(str(p) for p in result.existing)
        fail(f"{root}: already holds a library ({names}); nothing was written")
    for path in result.created:
        click.echo(f"created {path}{'/' if path.is_dir() else ''}")
    click.echo(
        "next: readinglist event new NAME --title TITLE --date YYYY-MM-DD, then "
        "readinglist add DOI --event NAME",
        err=True,
    )


@main.group("event")
def event_group() -> None:
    """Start an event, and list or unlist references in it.

    \b
    Examples:
      readinglist event new ipt-2025 --title "IPT Refresher Day" --date 2025-03-14
      readinglist event add ipt-2025 wampold2015 pearson2021 --section "Key references"
      readinglist event remove ipt-2025 pearson2021
    """


@event_group.command("new")
@click.argument("name")
@click.option("--title", required=True, help="The event's title.")
@click.option("--date", "date", required=True, type=click.DateTime(["%Y-%m-%d"]), help="First day.")
@click.option("--presenter", "presenters", multiple=True, help="A presenter (repeatable).")
@click.option(
    "--section",
    default=workspace.DEFAULT_SECTION,
    show_default=True,
    help="The title of the first section.",
)
@click.pass_obj
@handle_errors
def event_new_command(
    repo: Repo,
    name: str,
    title: str,
    date: dt.datetime,
    presenters: tuple[str, ...],
    section: str,
) -> None:
    """Write events/NAME.toml: the given fields, and every optional one commented and explained.

    The new event has no references yet (a draft): add them with `event add`, or with
    `add`/`import`/`record --event NAME`.

    \b
    Examples:
      readinglist event new ipt-2025 --title "IPT Refresher Day" --date 2025-03-14 \\
          --presenter "Dr Roslyn Law"
    """
    from readinglist.ops import event_edit

    repo.require()
    if not workspace.valid_key(name) or "/" in name or name.startswith("."):
        raise click.UsageError(f"'{name}' cannot name an event file; use letters, digits and -")
    path = repo.events / f"{name}.toml"
    if path.exists():
        fail(f"{repo.display(path)}: the event exists already; edit it or pick another name")
    text = event_edit.new_event_text(title, date.date(), presenters, section)
    parse_event(text, path)  # what we write must read back
    with locked(repo.root):
        repo.events.mkdir(exist_ok=True)
        write_text(path, text)
    click.echo(f"created {repo.display(path)}")


@event_group.command("add")
@click.argument("name")
@click.argument("keys", nargs=-1, required=True)
@click.option("--section", help="The section's title (made if missing) [default: the first].")
@click.pass_obj
@handle_errors
def event_add_command(repo: Repo, name: str, keys: tuple[str, ...], section: str | None) -> None:
    """List library entries in an event, at the end of a section.

    \b
    Examples:
      readinglist event add ipt-2025 wampold2015 pearson2021
      readinglist event add ipt-2025 klerman1984 --section "Also referred to"
    """
    library = repo.library()
    found = [library.require(key, where="event add").key for key in keys]
    list_in_event(repo, name, found, section)


@event_group.command("remove")
@click.argument("name")
@click.argument("keys", nargs=-1, required=True)
@click.pass_obj
@handle_errors
def event_remove_command(repo: Repo, name: str, keys: tuple[str, ...]) -> None:
    """Take entries off an event's reading list (the library keeps them).

    \b
    Examples:
      readinglist event remove ipt-2025 pearson2021
    """
    from readinglist.ops import event_edit

    path = event_path(repo, name)
    with locked(repo.root):
        text = read_text(path)
        edit = event_edit.remove_keys(text, path, keys)
        if edit.changed:
            replace_text(path, text, edit.text)
    for key in edit.changed:
        click.echo(f"removed {key} from {path.stem}", err=True)
    if edit.unchanged:
        fail(f"{repo.display(path)}: does not list {', '.join(edit.unchanged)}")


@main.command("rename")
@click.argument("old")
@click.argument("new")
@click.pass_obj
@handle_errors
def rename_command(repo: Repo, old: str, new: str) -> None:
    """Rename a key in the library, in every crossref to it and in every event.

    Only the key's text changes in each file.

    \b
    Examples:
      readinglist rename weissman-inpress weissman2024
    """
    repo.require()
    with locked(repo.root):
        event_paths = sorted(repo.events.glob("*.toml")) if repo.events.is_dir() else []
        plan = workspace.plan_rename(repo.library(), event_paths, old, new)
        if plan.status != workspace.RenameStatus.RENAMED:
            fail(plan.message)
        workspace.apply_edits([*plan.bib_edits, *plan.event_edits])
    for edit in plan.bib_edits:
        click.echo(f"{repo.display(edit.path)}: renamed {plan.old} to {plan.new}")
    for linked in plan.linked:
        click.echo(f"  crossref of {linked} updated")
    for edit in plan.event_edits:
        click.echo(f"{repo.display(edit.path)}: renamed {plan.old} to {plan.new}")


@main.command("remove")
@click.argument("key")
@click.pass_obj
@handle_errors
def remove_command(repo: Repo, key: str) -> None:
    """Remove an entry from the library; refused while an event lists it.

    \b
    Examples:
      readinglist event remove ipt-2025 law2016 && readinglist remove law2016
    """
    repo.require()
    with locked(repo.root):
        plan = workspace.plan_remove(repo.library(), _events(repo), key)
        if plan.status != workspace.RemoveStatus.REMOVED or plan.edit is None:
            fail(plan.message)
        workspace.apply_edits([plan.edit])
    click.echo(f"{repo.display(plan.edit.path)}: removed {plan.key}")
