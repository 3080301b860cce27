"""Commands for works that were not yet published: inpress, publish."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

import click

from readinglist.cli import Repo, fail, handle_errors, main, report
from readinglist.cli.registry_commands import (
    make_client,
    network_options,
    progress_bar,
    status_network_options,
    write_updates,
)


def _table(findings: Sequence[Any]) -> None:
    width = max((len(f.key) for f in findings), default=3)
    for finding in findings:
        score = f"{finding.score:.2f}" if finding.score is not None else "-"
        parts = " ".join(f"{k}={v:g}" for k, v in finding.parts.items())
        click.echo(
            f"{finding.key:<{width}}  {finding.status:<9}  {score:>4}  "
            f"{finding.doi or '-'}  {parts}"
        )
        if finding.message:
            click.echo(f"{'':<{width}}  {finding.message}")
        for name, (old, new) in finding.changes.items():
            click.echo(f"{'':<{width}}    {name}: {old or '(none)'} -> {new or '(removed)'}")
        for notice in finding.notices:
            click.echo(f"{'':<{width}}    NOTICE: {notice['type']} {notice['DOI']}")


@main.command("inpress")
@click.argument("keys", nargs=-1)
@click.option(
    "--apply",
    "apply_",
    is_flag=True,
    help="Write the published versions (asks about each candidate).",
)
@click.option(
    "--yes", is_flag=True, help="With --apply: ask nothing; write only the certain matches."
)
@click.option(
    "--accept-candidates", is_flag=True, help="With --apply: write the plausible candidates too."
)
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.option(
    "--exit-code", is_flag=True, help="Exit 3 when updates are available (for scheduled CI jobs)."
)
@status_network_options
@click.pass_obj
@handle_errors
def inpress_command(
    repo: Repo,
    keys: tuple[str, ...],
    apply_: bool,
    yes: bool,
    accept_candidates: bool,
    as_json: bool,
    exit_code: bool,
    offline: bool,
    refresh: bool,
) -> None:
    """Find in-press and online-first entries that are now published.

    Entries with a DOI are looked up; the others are searched for at Crossref and every
    candidate is scored on title, creators, type, publisher or book, and year. Each entry
    ends as published (certain), candidate (a person decides), pending or error. The
    registry is asked afresh every run (--offline: cached copies only).

    \b
    Examples:
      readinglist inpress
      readinglist inpress --json
      readinglist inpress --apply
      readinglist inpress --apply --yes --exit-code
    """
    from readinglist.ops import inpress
    from readinglist.registry import client as registry

    library = repo.library()
    report(library.problems)
    chosen = inpress.entries_to_check(library, keys)
    client = make_client(repo, offline, refresh, fresh=True)
    events = sorted(repo.events.glob("*.toml")) if repo.events.is_dir() else []
    with progress_bar(len(chosen), "checking") as step:
        findings = inpress.check_entries(
            library,
            chosen,
            lambda doi: registry.crossref_work(client, doi),
            lambda params: registry.crossref_search(client, params),
            inpress.earliest_years(events),
            progress=step,
        )
    if as_json:
        click.echo(json.dumps([f.as_json() for f in findings], indent=2, ensure_ascii=False))
    else:
        _table(findings)
    written = None
    if apply_:

        def accept(finding: Any) -> bool:
            return accept_candidates or (
                not yes
                and sys.stdin.isatty()
                and click.confirm(
                    f"{finding.key}: take {finding.doi} (score {finding.score})?", err=True
                )
            )

        written = inpress.updates_to_write(findings, accept)
        if written:
            original = {r.key: r for r in chosen}
            write_updates(repo, [(original[u.key], u) for u in written])
    code = inpress.outcome(findings, written).exit_code(report_updates=exit_code)
    if code:
        sys.exit(code)


@main.command("publish")
@click.argument("key")
@click.argument("doi")
@click.option("--dry-run", is_flag=True, help="Show the change; write nothing.")
@click.option(
    "--force", is_flag=True, help="Take the DOI even if its record looks like another work."
)
@network_options
@click.pass_obj
@handle_errors
def publish_command(
    repo: Repo, key: str, doi: str, dry_run: bool, force: bool, offline: bool, refresh: bool
) -> None:
    """Mark an entry published, with the metadata of the DOI it was published under.

    The DOI's record is scored against the entry as `inpress` scores candidates (title,
    creators, type, venue, year): a record that looks like another work is refused with the
    parts that differ, unless --force. A DOI another entry holds is always refused.

    \b
    Examples:
      readinglist publish weissman-inpress 10.1093/med-psych/9780197749395.001.0001
      readinglist publish law-rose-inpress https://doi.org/10.4324/9781003345558-7 --dry-run
    """
    from readinglist.identifiers import parse_doi
    from readinglist.ops import inpress, publishing
    from readinglist.registry import client as registry

    bare = parse_doi(doi)
    library = repo.library()
    reference = library.require(key)
    taken = publishing.doi_taken(library, reference, bare)
    if taken is not None:  # decided without asking the registry
        fail(taken.message)
    item = registry.fetch_doi(make_client(repo, offline, refresh), bare)
    events = sorted(repo.events.glob("*.toml")) if repo.events.is_dir() else []
    since = inpress.earliest_years(events).get(reference.key.casefold())
    plan = publishing.plan_publish(
        library, reference, library.resolve(reference), bare, item, since, force
    )
    if plan.status == publishing.PublishStatus.MISMATCH:
        fail(plan.message)
    if plan.forced:
        click.echo(f"warning (--force): {plan.message}", err=True)
    updated, changes = plan.updated or reference, plan.changes
    if not changes:
        click.echo(f"{reference.key}: already matches DOI {bare}", err=True)
        return
    if dry_run:
        for name, (old, new) in changes.items():
            click.echo(f"{name}: {old or '(none)'} -> {new or '(removed)'}")
        return
    write_updates(repo, [(reference, updated)])
