"""Commands that talk to registries or bring references in: add, import, verify."""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from readinglist.bibtex import bibfile as bibtex
from readinglist.bibtex.bibfile import BibFile
from readinglist.cli import Repo, checked_bib_target, flag_errors, handle_errors, main, report
from readinglist.cli.workspace_commands import event_options, event_path, list_in_event
from readinglist.errors import ReadingListError, WriteError, not_utf8
from readinglist.library import Library, locked, read_text, save
from readinglist.model import Reference, Severity
from readinglist.ops import importing

F = TypeVar("F", bound=Callable[..., Any])


def network_options(command: F) -> F:
    """--refresh and --offline, for commands that may use cached answers (up to 7 days old)."""
    command = click.option(
        "--refresh", is_flag=True, help="Ask the registries again instead of using cached answers."
    )(command)
    return click.option(
        "--offline", is_flag=True, help="Use only cached answers; make no request."
    )(command)


def status_network_options(command: F) -> F:
    """--offline, for commands that report a status and so always ask the registries: a
    cached answer would hide a publication or a retraction. --refresh is accepted and is
    what they do anyway."""
    command = click.option("--refresh", is_flag=True, hidden=True)(command)
    return click.option(
        "--offline",
        is_flag=True,
        help="Answer from cached copies, however old; make no request (may miss news).",
    )(command)


def make_client(repo: Repo, offline: bool, refresh: bool, fresh: bool = False) -> Any:
    """The registry client of one command. `fresh`: ask the registries every time (a
    repeated look-up within the command is still answered from memory)."""
    from readinglist.registry.cache import DiskCache
    from readinglist.registry.client import Client
    from readinglist.settings import default_cache_dir

    mailto = os.environ.get("READINGLIST_MAILTO") or repo.settings().mailto
    return Client(
        mailto=mailto,
        cache=DiskCache(default_cache_dir()),
        offline=offline,
        refresh=refresh or fresh,
        notify=lambda message: click.echo(f"note: {message}", err=True),
    )


@contextmanager
def progress_bar(total: int, label: str) -> Iterator[Callable[[Any], None]]:
    """A progress bar on stderr when it is a terminal and there is more than one thing."""
    if total < 2 or not sys.stderr.isatty():
        yield lambda _: None
        return
    lock = threading.Lock()
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:

        def step(_: Any) -> None:
            with lock:
                bar.update(1)

        yield step


def target_file(repo: Repo, library: Library, to: Path | None) -> BibFile:
    """The .bib file new entries go to: --to, else readinglist.toml's bibfile."""
    path = to or repo.root / repo.settings().bibfile
    checked_bib_target(repo, path)  # readinglist.toml's bibfile too: it must be in refs/
    for bibfile in library.files:
        if bibfile.path is not None and bibfile.path.resolve() == path.resolve():
            return bibfile
    if path.exists():
        try:
            text = read_text(path)
        except UnicodeDecodeError as exc:
            line, message = not_utf8(exc)
            raise WriteError(f"{path}:{line}: {message}; nothing written") from exc
        return bibtex.parse(text.removeprefix("\ufeff"), path)
    return BibFile(path=path, text="")


def summarise(outcomes: Sequence[importing.Outcome], dry_run: bool = False) -> None:
    """Print one line per outcome of an add or import on stderr."""
    for outcome in outcomes:
        if outcome.status == "added":
            verb = "would add" if dry_run else "added"
            click.echo(f"{verb} {outcome.key} ({outcome.source})", err=True)
        elif outcome.status == "duplicate":
            click.echo(f"skipped {outcome.source}: {outcome.message}", err=True)
        else:
            click.echo(f"failed {outcome.source}: {outcome.message}", err=True)


def write_batch(
    repo: Repo, to: Path | None, plan: Callable[[importing.Batch], None], dry_run: bool, force: bool
) -> importing.Batch:
    """Plan new entries against the current library and write them, under the lock."""
    with locked(repo.root):
        library = repo.library()
        batch = importing.Batch(library, force=force)
        plan(batch)
        if batch.added and not dry_run:
            bibfile = target_file(repo, library, to)
            save(bibfile, added=batch.added)
    for reference in batch.added:
        click.echo(bibtex.format_entry(reference) + "\n")
    return batch


def add_batch(
    repo: Repo,
    to: Path | None,
    plan: Callable[[importing.Batch], None],
    dry_run: bool,
    force: bool,
    event: str | None,
    section: str | None,
) -> None:
    """Write what `plan` adds, say what became of each source, list the new keys in `event`,
    and exit 1 when any source failed (the others are written all the same)."""
    batch = write_batch(repo, to, plan, dry_run, force)
    summarise(batch.outcomes, dry_run)
    if event and not dry_run:
        list_in_event(repo, event, listed_keys(batch), section)
    if any(o.status == "failed" for o in batch.outcomes):
        sys.exit(1)


def listed_keys(batch: importing.Batch) -> list[str]:
    """What `--event` lists: the new entries, and the entries that duplicates named."""
    return list(dict.fromkeys(o.key for o in batch.outcomes if o.key and o.status != "failed"))


target_option = click.option(
    "--to",
    "to",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The .bib file to add to [default: readinglist.toml's bibfile, else refs/references.bib].",
)


@main.command("add")
@click.argument("identifiers", nargs=-1, required=True)
@target_option
@click.option("--dry-run", is_flag=True, help="Print the entries; write nothing.")
@click.option("--force", is_flag=True, help="Add a work even if the library has it already.")
@event_options
@network_options
@click.pass_obj
@handle_errors
def add_command(
    repo: Repo,
    identifiers: tuple[str, ...],
    to: Path | None,
    dry_run: bool,
    force: bool,
    event: str | None,
    section: str | None,
    offline: bool,
    refresh: bool,
) -> None:
    """Add references by DOI, ISBN, PubMed ID or arXiv ID, with metadata from Crossref,
    DataCite, Open Library or PubMed.

    DOIs may be bare, doi:..., https://doi.org/... or publisher links with the DOI in them;
    ISBNs may be ISBN-10 or ISBN-13, with or without hyphens; PubMed IDs "PMID: 123" or
    bare; arXiv IDs new or old, with or without arXiv: and a version.

    \b
    Examples:
      readinglist add 10.1089/aut.2020.0043
      readinglist add https://onlinelibrary.wiley.com/doi/full/10.1002/wps.20238
      readinglist add "PMID: 23193287" arXiv:2202.01037v2
      readinglist add https://doi.org/10.1002/wps.20238 978-0-19-884373-3 --dry-run
      readinglist add 10.1176/appi.psychotherapy.2014.68.4.385 --to refs/ipt.bib
      readinglist add 10.1002/wps.20238 --event ipt-2025 --section "Key references"
    """
    from readinglist.identifiers import Identifier, parse_identifier
    from readinglist.registry.client import fetch_all

    valid: list[Identifier] = []
    invalid: list[tuple[str, str]] = []
    known: list[tuple[str, str]] = []
    repo.require()
    if to is not None:
        checked_bib_target(repo, to)
    library = repo.library()
    if event:
        event_path(repo, event)  # an unknown event stops the command before any request
    key_of = importing.known_identifiers(library)
    for text in identifiers:
        try:
            identifier = parse_identifier(text)
        except ReadingListError as exc:
            invalid.append((text, str(exc)))
            continue
        existing = key_of(identifier)
        if existing and not force:  # no request for what the library has
            known.append((str(identifier), existing))
        else:
            valid.append(identifier)
    fetched = []
    if valid:
        client = make_client(repo, offline, refresh)
        with progress_bar(len(valid), "fetching") as step:
            fetched = fetch_all(client, valid, progress=step)

    def plan(batch: importing.Batch) -> None:
        for text, message in invalid:
            batch.fail(text, message)
        for source, key in known:
            batch.outcomes.append(
                importing.Outcome(
                    source,
                    "duplicate",
                    key,
                    f"already in the library as '{key}' (use --force to add it again)",
                )
            )
        for result in fetched:
            if result.item is None:
                batch.fail(str(result.identifier), result.error)
            else:
                batch.add_item(str(result.identifier), result.item)

    add_batch(repo, to, plan, dry_run, force, event, section)


@main.command("import")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@target_option
@click.option("--dry-run", is_flag=True, help="Print the entries; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the outcome of each entry as JSON.")
@event_options
@click.pass_obj
@handle_errors
def import_command(
    repo: Repo,
    files: tuple[Path, ...],
    to: Path | None,
    dry_run: bool,
    as_json: bool,
    event: str | None,
    section: str | None,
) -> None:
    """Import references from BibTeX (.bib), RIS (.ris) or CSL-JSON (.json) files.

    What Zotero, Mendeley, EndNote and JabRef export. Works already in the library (same
    DOI, or same key and title) are skipped; clashing keys get a letter, as does another
    work under a key the same file has used before (a copy of that entry is skipped).

    \b
    Examples:
      readinglist import zotero-export.bib
      readinglist import endnote.ris mendeley.json --dry-run
      readinglist import zotero-export.bib --event ipt-2025
    """
    repo.require()
    if to is not None:
        checked_bib_target(repo, to)
    if event:
        event_path(repo, event)
    problems = []

    def plan(batch: importing.Batch) -> None:
        for path in files:
            problems.extend(importing.read_import_file(path, batch))

    batch = write_batch(repo, to, plan, dry_run or as_json, force=False)
    report(problems)
    counts = {
        s: sum(o.status == s for o in batch.outcomes) for s in ("added", "duplicate", "failed")
    }
    if as_json:
        click.echo(
            json.dumps(
                [
                    {"source": o.source, "status": o.status, "key": o.key, "message": o.message}
                    for o in batch.outcomes
                ],
                indent=2,
            )
        )
    else:
        summarise(batch.outcomes)
    if event and not (dry_run or as_json):
        list_in_event(repo, event, listed_keys(batch), section)
    click.echo(
        f"{counts['added']} added, {counts['duplicate']} skipped (duplicate), "
        f"{counts['failed'] + sum(p.severity == Severity.ERROR for p in problems)} failed",
        err=True,
    )
    if counts["failed"] or any(p.severity == Severity.ERROR for p in problems):
        sys.exit(1)


@main.command("verify")
@click.argument("keys", nargs=-1)
@click.option(
    "--apply", "apply_", is_flag=True, help="Take the registry's values for the fields that differ."
)
@status_network_options
@click.pass_obj
@handle_errors
def verify_command(
    repo: Repo, keys: tuple[str, ...], apply_: bool, offline: bool, refresh: bool
) -> None:
    """Compare entries that have a DOI with the registry's record, field by field.

    Compared: type, creators' family names, title, year, journal or book, volume, issue,
    pages and publisher. The registries are always asked (--offline: cached copies only).
    Exit 1 when something differs (or could not be checked); with --apply, exit 1 when a
    DOI could not be checked or a retraction was reported.

    \b
    Examples:
      readinglist verify
      readinglist verify pearson2021
      readinglist verify pearson2021 --apply
    """
    from readinglist.ops import verifying
    from readinglist.registry.client import fetch_all

    library = repo.library()
    report(library.problems)
    chosen = [library.require(k) for k in keys] if keys else library.references
    if keys:
        for reference in verifying.without_doi(chosen):
            click.echo(f"{reference.key}: has no DOI to verify against", err=True)
    client = make_client(repo, offline, refresh, fresh=True)
    checked = len(chosen) - len(verifying.without_doi(chosen))
    with progress_bar(checked, "verifying") as step:
        result = verifying.verify(
            library, chosen, lambda identifiers: fetch_all(client, identifiers, progress=step)
        )
    for verdict in result.verdicts:
        key, doi = verdict.reference.key, verdict.doi
        if verdict.status == verifying.VerifyStatus.FAILED:
            click.echo(f"{key}: {verdict.error}", err=True)
            continue
        for notice in verdict.notices:
            click.echo(f"{key}: NOTICE: DOI {doi} has a {notice['type']} ({notice['DOI']})")
        if verdict.status == verifying.VerifyStatus.AGREES:
            click.echo(f"{key}: agrees with DOI {doi}")
            continue
        click.echo(f"{key}: differs from DOI {doi}")
        width = max(len(c.name) for c in verdict.changes)
        for change in verdict.changes:
            click.echo(f"  {change.name:<{width}}  {change.ours or '(none)'}  ->  {change.theirs}")
    if apply_ and result.updates:
        write_updates(repo, result.updates)
    if result.failed(applied=apply_):
        sys.exit(1)


def write_updates(repo: Repo, updates: Sequence[tuple[Reference, Reference]]) -> None:
    """Write updated entries under the library's lock, showing each file's unified diff.

    Each update is (the entry as it was read, the entry to write). An entry that someone
    else changed since it was read is left alone and reported: nothing is overwritten with
    stale data.
    """
    stale = False
    with locked(repo.root):
        library = repo.library()
        wanted: dict[str, Reference] = {}
        for original, updated in updates:
            current = library.get(original.key)
            if current is None or (current.entry_type, current.fields) != (
                original.entry_type,
                original.fields,
            ):
                click.echo(
                    f"{original.key}: changed since it was read; not written, run the "
                    "command again",
                    err=True,
                )
                stale = True
                continue
            wanted[original.key.casefold()] = updated
        for bibfile in library.files:
            mine = [
                wanted[r.key.casefold()]
                for r in bibfile.references
                if r.key.casefold() in wanted and library.get(r.key) is r
            ]
            if not mine:
                continue
            old = bibfile.text
            new = save(bibfile, changed=mine)
            for line in importing.diff_lines(old, new, str(repo.display(bibfile.path))):
                click.echo(line)
    if stale:
        flag_errors()
