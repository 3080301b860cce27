"""Citations in an event's own text, written as pandoc writes them, rendered by the style.

Syntax (pandoc's Markdown citations): ``[@frank2014]``, ``[see @a, p. 3; @b]``,
``[-@wampold2015]`` (the year without the author, where the text already names them) and the
narrative ``@klerman1984`` or ``@klerman1984 [p. 3]`` ("Klerman et al. (1984, p. 3)").

A citation is rendered through the style's CSL citation layout (CSL 1.0.2, cs:citation), with
the same registration, sort and disambiguation as the event's bibliography, so "2016a" and
numeric labels agree between the text and the list. CSL has no narrative form; as
citeproc-js and pandoc do, a narrative citation is the citation's names ("author-only")
followed by the citation without them ("suppress-author"). Both come from styles derived from
the event's style: one whose citation shows only its cs:names, one whose citation has none.
Each item of a citation is rendered on its own, so that each can link to its entry.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from readinglist.render import engine, styles
from readinglist.render.cite_syntax import (
    Cite,
    Cluster,
    all_keys,
    cited_keys,
    event_texts,
    find,
    gathered_keys,
    unknown_cited_keys,
    with_cited_section,
)

__all__ = [
    "Cite",
    "Citer",
    "Cluster",
    "RenderedCitation",
    "all_keys",
    "cited_keys",
    "event_texts",
    "find",
    "gathered_keys",
    "unknown_cited_keys",
    "with_cited_section",
]

CslItem = dict[str, Any]
CSL_NS = "http://purl.org/net/xbiblio/csl"


class RenderedCitation(NamedTuple):
    """A rendered citation as pieces of HTML, each with the key it stands for ("" for the
    punctuation between items), its plain text, and the markup its citation layout's
    formatting wraps around all of it (a named tuple: see :mod:`readinglist.render.styles`).

    Each piece is balanced HTML on its own, so that a caller can link one to its entry;
    `wrap` (opening and closing tags, "" for none) goes around the pieces and their links."""

    parts: tuple[tuple[str, str], ...]
    text: str
    wrap: tuple[str, str] = ("", "")
    written: str = ""  # the citation as the text has it, where one was found in a text

    @property
    def html(self) -> str:
        return self.wrap[0] + "".join(markup for _, markup in self.parts) + self.wrap[1]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(key for key, _ in self.parts if key)


# --- derived styles ------------------------------------------------------------------------


def _q(name: str) -> str:
    return f"{{{CSL_NS}}}{name}"


@functools.cache
def _derived(
    path: Path, locale: str, kind: str, locale_dirs: tuple[Path, ...] = (), later: bool = False
) -> Any:
    """The style at `path` with its citation layout changed: "bare" (no layout affixes or
    formatting), "suppress-author" (also no cs:names) or "author-only" (only the cs:names,
    "and" spelt out); `later`, for a work cited before: et-al-subsequent-min and
    et-al-subsequent-use-first in place of et-al-min and et-al-use-first (CSL 1.0.2, "Name
    options")."""
    import tempfile

    from lxml import etree

    tree = etree.parse(str(path))
    root = tree.getroot()
    citation = root.find(_q("citation"))
    if citation is None:
        return None
    layout = citation.find(_q("layout"))
    for name in ("prefix", "suffix", *_FORMATTING):
        layout.attrib.pop(name, None)
    if later:
        for element in root.iter():
            for subsequent, option in _SUBSEQUENT_OPTIONS:
                if element.get(subsequent) is not None:
                    element.set(option, str(element.get(subsequent)))
    macros = {m.get("name"): m for m in root.findall(_q("macro"))}
    if kind == "author-only" and not _has_names(layout, macros, set()):
        # A numeric style's citation shows no names: a narrative citation still names the
        # authors, short, as author-date styles do ("Klerman et al. [5]").
        for child in list(layout):
            layout.remove(child)
        layout.append(etree.fromstring(_FALLBACK_NAMES))
    elif kind != "bare":
        if kind == "author-only":
            # In running text "and" is spelt out where the style's citations use "&" (APA 7
            # §8.17: "Pearson and Rose (2021)", "(Pearson & Rose, 2021)").
            for element in root.iter():
                if element.get("and") == "symbol":
                    element.set("and", "text")
        for element in _outside_names(layout, macros):
            names = element.tag == _q("names")
            shows_other = _renders_without_names(element, macros)
            if (kind == "suppress-author" and names) or (kind == "author-only" and shows_other):
                element.getparent().remove(element)
    with tempfile.TemporaryDirectory() as folder:  # scoped styles are read from a file
        derived = Path(folder) / f"{kind}.csl"
        tree.write(str(derived))
        return engine.build_style(derived, locale, locale_dirs)


_SUBSEQUENT_OPTIONS = (
    ("et-al-subsequent-min", "et-al-min"),
    ("et-al-subsequent-use-first", "et-al-use-first"),
)

# CSL 1.0.2's formatting attributes: on cs:layout they format the whole citation, affixes and
# delimiters included (Citer.wrap), not each cite.
_FORMATTING = ("font-style", "font-variant", "font-weight", "text-decoration", "vertical-align")

_FALLBACK_NAMES = f"""<names xmlns="{CSL_NS}" variable="author">
  <name form="short" and="text" delimiter=", " delimiter-precedes-last="contextual"
        et-al-min="3" et-al-use-first="1"/>
  <substitute><names variable="editor"/><text variable="title" form="short"/></substitute>
</names>"""


def _outside_names(layout: Any, macros: dict[str, Any]) -> list[Any]:
    """The rendering elements the citation layout reaches (through macros) outside cs:names."""
    found: list[Any] = []
    seen: set[str] = set()

    def walk(element: Any) -> None:
        for child in list(element):
            if not isinstance(child.tag, str):
                continue
            found.append(child)
            if child.tag == _q("names"):
                continue
            macro = child.get("macro") if child.tag == _q("text") else None
            if macro and macro in macros and macro not in seen:
                seen.add(macro)
                walk(macros[macro])
            walk(child)

    walk(layout)
    return found


def _renders_without_names(element: Any, macros: dict[str, Any]) -> bool:
    """A cs:text, cs:date, cs:number or cs:label that shows something other than names."""
    tags = {_q(t) for t in ("date", "number", "label")}
    if element.tag in tags:
        return True
    if element.tag != _q("text"):
        return False
    macro = element.get("macro")
    return not macro or not _has_names(macros.get(macro), macros, set())


def _reaches(element: Any, macros: dict[str, Any], wanted: Any, seen: set[str]) -> bool:
    """Whether `element`, or an element it reaches through the macros its cs:text elements
    call, is one `wanted` holds for."""
    if element is None:
        return False
    for child in element.iter():
        if wanted(child):
            return True
        macro = child.get("macro") if child.tag == _q("text") else None
        if macro and macro not in seen:
            seen.add(macro)
            if _reaches(macros.get(macro), macros, wanted, seen):
                return True
    return False


def _has_names(element: Any, macros: dict[str, Any], seen: set[str]) -> bool:
    return _reaches(element, macros, lambda e: e.tag == _q("names"), seen)


def _prints_variable(element: Any, macros: dict[str, Any], name: str, seen: set[str]) -> bool:
    """Whether `element` (through the macros it calls) has a cs:text or cs:number that prints
    the variable `name`."""
    tags = (_q("text"), _q("number"))
    return _reaches(element, macros, lambda e: e.tag in tags and e.get("variable") == name, seen)


# --- rendering -----------------------------------------------------------------------------


class Citer:
    """Renders citations of an event's works, registered and disambiguated as its list is.

    Disambiguation state lives in one rendering (:func:`fixes.base.rendering`): citations are
    rendered in batches, each in a rendering of its own that registers, sorts and
    disambiguates the works first. `texts` are rendered in one batch at once, and kept in the
    render cache with the works, the style and the locale they were rendered with: when
    every citation of `texts` is there, neither the style nor citeproc-py is loaded."""

    def __init__(
        self,
        items: Sequence[CslItem],
        style: str,
        locale: str | None,
        style_dirs: Sequence[Path] = (),
        texts: Sequence[str] = (),
    ) -> None:
        found = styles.resolve_style(style, style_dirs)
        self.path = found.path
        self.locale = styles.effective_locale(found, locale)
        self.locale_dirs = styles.locale_folders(style_dirs)
        self.items = list(items)
        self.keys = {str(item["id"]).casefold(): str(item["id"]) for item in items}
        self._memo: dict[str, RenderedCitation] = {}
        # Citations that could not be rendered (as they are written, with the fault): they
        # stay as written in the text, for the command to name; one never sinks the others.
        self.failed: dict[str, str] = {}
        self._base: Any = None
        self.bibliography: Any = None
        self._later_state: Any = None  # the rendering that tells works cited again apart
        # Which cites of each text's citations cite a work cited before, in the order the
        # texts are read (CSL 1.0.2 position "subsequent"), and those of the citation being
        # rendered (their ids).
        self._later: dict[str, list[tuple[bool, ...]]] = {}
        self._subsequent: set[int] = set()
        clusters: list[Cluster] = []
        later: list[tuple[bool, ...]] = []
        seen: set[str] = set()
        for text in texts:
            marks = []
            for cluster in find(text):
                marks.append(tuple(c.key.casefold() in seen for c in cluster.cites))
                seen.update(c.key.casefold() for c in cluster.cites)
                clusters.append(cluster)
            later += marks
            self._later.setdefault(text, marks)
        if not clusters:
            return
        key = engine.cache_key(
            self.items, self.path, self.locale, "citations", locale_dirs=self.locale_dirs
        )
        self._memo.update(_from_cache(engine.cache_load(key)) if key else {})
        if all(_memo_key(c, m) in self._memo for c, m in zip(clusters, later, strict=True)):
            return
        self.render_all(clusters, later)
        if key and not self.failed:
            engine.cache_store(key, _to_cache(self._memo))

    @property
    def base(self) -> Any:
        """The style, loaded when a citation is first rendered, with what its cs:citation
        says about the delimiters and collapsing of cites."""
        if self._base is None:
            self._base = base = engine._load_style(self.path, self.locale, self.locale_dirs)
            from readinglist.render.fixes.punctuation import quoting

            self.punctuation_in_quote, self.quotes = quoting(base.root)
            element = base.root.citation
            layout = element.layout if element is not None else None
            # CSL 1.0.2, "Affixes": plain strings, escaped in our HTML.
            self.delimiter = _escape(str(layout.get("delimiter", ""))) if layout is not None else ""
            self.prefix = _escape(str(layout.get("prefix", ""))) if layout is not None else ""
            self.suffix = _escape(str(layout.get("suffix", ""))) if layout is not None else ""
            # CSL 1.0.2 cs:citation "collapse": the names of cites by the same authors are
            # shown once ("Law, 2013, 2016"); year-suffix collapsing is done as year collapsing.
            collapse = str(element.get("collapse", "")) if element is not None else ""
            self.collapse = collapse in ("year", "year-suffix", "year-suffix-ranged")
            # CSL 1.0.2, "Cite Grouping": a cite-group-delimiter alone groups cites by their
            # names too, each printing its names ("Aalto 2000, Aalto 2001").
            self.grouping = self.collapse or (
                element is not None and element.get("cite-group-delimiter") is not None
            )
            # collapse "citation-number" ranges the numbers a citation prints: a style whose
            # citations print labels instead ("[PrSc18, JaMe09]", american-mathematical-
            # society-label) has none to range, as both reference processors print it.
            macros = {m.get("name"): m for m in base.root.findall(_q("macro"))}
            self.collapse_numbers = collapse == "citation-number" and _prints_variable(
                layout, macros, "citation-number", set()
            )
            # Whether a work cited again prints its names otherwise (et-al-subsequent-*).
            self.has_subsequent_options = any(
                element.get(name) is not None
                for element in base.root.iter()
                for name, _ in _SUBSEQUENT_OPTIONS
            )
            self.wrap = _formatting(layout)
            self.after_collapse_set = (
                element is not None and element.get("after-collapse-delimiter") is not None
            )
            self.after_collapse = (
                _escape(str(element.get("after-collapse-delimiter")))
                if self.after_collapse_set
                else self.delimiter
            )
            self.group_delimiter = _escape(
                str(element.get("cite-group-delimiter", ", ")) if element is not None else ", "
            )
            # "year-suffix" and "year-suffix-ranged" print a repeated year once ("Doe 2000a,
            # b"), falling back to "year" without disambiguate-add-year-suffix.
            suffixes = element is not None and (
                str(element.get("disambiguate-add-year-suffix", "")).lower() == "true"
            )
            self.collapse_suffixes = suffixes and collapse.startswith("year-suffix")
            self.ranged = suffixes and collapse == "year-suffix-ranged"
            # year-suffix-delimiter: the layout's delimiter by default (CSL 1.0.2), or the
            # cite-group-delimiter a style sets, as both reference processors take it
            # (marine-biology: "Райл 2000a, b").
            grouping = element.get("cite-group-delimiter") if element is not None else None
            self.suffix_delimiter = (
                str(element.get("year-suffix-delimiter", grouping or self.delimiter))
                if element is not None
                else self.delimiter
            )
        return self._base

    def render(self, cluster: Cluster, later: tuple[bool, ...] = ()) -> RenderedCitation:
        """`cluster` rendered; `later` tells, cite by cite, whether it cites a work cited
        before (none by default)."""
        self.render_all([cluster], [later])
        return self._memo[_memo_key(cluster, later)]

    def render_all(
        self, clusters: Sequence[Cluster], later: Sequence[tuple[bool, ...]] = ()
    ) -> None:
        """Render the clusters not rendered yet, in one rendering of the works (`later`: for
        each cluster, which of its cites cite a work cited before)."""
        marks = [*later, *[()] * (len(clusters) - len(later))]
        todo = [
            (c, m)
            for c, m in zip(clusters, marks, strict=True)
            if _memo_key(c, m) not in self._memo
        ]
        if not todo:
            return
        try:
            with self._works():
                for cluster, flags in todo:
                    self._subsequent = {
                        id(c) for c, f in zip(cluster.cites, flags, strict=False) if f
                    }
                    try:
                        self._memo[_memo_key(cluster, flags)] = self._render(cluster)
                    except engine.ENGINE_FAULTS as exc:
                        self._unrendered(cluster, flags, exc)
                    finally:
                        self._subsequent = set()
        except engine.ENGINE_FAULTS as exc:  # sorting or disambiguating the works failed
            for cluster, flags in todo:
                if _memo_key(cluster, flags) not in self._memo:
                    self._unrendered(cluster, flags, exc)

    def _unrendered(self, cluster: Cluster, later: tuple[bool, ...], exc: BaseException) -> None:
        self._memo[_memo_key(cluster, later)] = RenderedCitation((), "")
        self.failed[cluster.written or cluster.source] = engine.fault(exc)

    def __call__(self, text: str) -> list[str | RenderedCitation]:
        return self.split(text)

    def author_only(self, cite: Cite) -> str:
        """The names a narrative citation of `cite` starts with (citeproc-js's author-only)."""
        with self._works():
            return self._one(cite, "author-only")

    @contextlib.contextmanager
    def _works(self) -> Iterator[None]:
        """A rendering in which the works are registered, sorted and disambiguated."""
        from citeproc import Citation, CitationStylesBibliography

        from readinglist.render.fixes.base import rendering
        from readinglist.render.fixes.disambiguation import disambiguate
        from readinglist.render.formatter import Html
        from readinglist.render.reference import Cite as Item

        with self.base.lock, rendering():
            source = engine._source(self.items)
            self.bibliography = CitationStylesBibliography(self.base, source, Html)
            self.bibliography.register(Citation([Item(k) for k in self.keys.values()]))
            if self.base.has_bibliography():  # else works keep the order they are cited in
                self.bibliography.sort()
            disambiguate(self.bibliography)
            self._later_state = self._told_apart_later() if self.has_subsequent_options else None
            yield

    def _told_apart_later(self) -> Any:
        """The rendering in which works cited again are told apart (CSL 1.0.2,
        "Disambiguation", on the citations the et-al-subsequent-* options print): APA 6
        cites "Baur et al., 2000" the second time for two works whose first citations differ,
        and adds the names that tell them apart ("Baur, Fröberg, et al., 2000"; "Baur,
        Schileyko, et al., 2000"), as pandoc prints them. The year suffixes stay those of
        the first citations, which the list prints; the names added show in the first
        citations too, as pandoc prints them (ASA: "Baur, Fröberg, et al. 2000" the first
        time as well)."""
        from citeproc import CitationStylesBibliography

        from readinglist.render.fixes.base import current, rendering
        from readinglist.render.fixes.disambiguation import disambiguate
        from readinglist.render.formatter import Html

        style = _derived(self.path, self.locale, "bare", self.locale_dirs, True)
        if style is None:
            return None
        references = [item.reference for item in self.bibliography.items]
        suffixes = [reference.get("year_suffix") for reference in references]
        try:
            with style.lock, rendering() as state:
                later = CitationStylesBibliography(style, self.bibliography.source, Html)
                later.keys = list(self.bibliography.keys)
                later.items = list(self.bibliography.items)
                disambiguate(later)
        finally:
            for reference, suffix in zip(references, suffixes, strict=True):
                if suffix is None:
                    reference.pop("year_suffix", None)
                else:
                    reference["year_suffix"] = suffix
        first = current()
        for key, plan in state.shown.items():
            if key not in first.shown or plan[2] > first.shown[key][2]:
                first.shown[key] = plan
        for key, given in state.givens.items():
            first.givens.setdefault(key, given)
        return state

    def _one(self, cite: Cite, kind: str) -> str:
        from citeproc import Citation, CitationStylesBibliography
        from citeproc.source import Locator

        from readinglist.render.fixes.base import resumed
        from readinglist.render.fixes.punctuation import finish
        from readinglist.render.formatter import Html, undecorated
        from readinglist.render.reference import Cite as Item

        later = id(cite) in self._subsequent and self.has_subsequent_options
        style = _derived(self.path, self.locale, kind, self.locale_dirs, later)
        if style is None:
            return ""
        options: dict[str, Any] = {}
        if cite.locator.strip():  # spaces around it are not printed
            options["locator"] = Locator(cite.label or "page", cite.locator.strip())
        if cite.prefix and kind != "author-only":
            options["prefix"] = _affix(cite.prefix)
        if cite.suffix and kind != "author-only":
            options["suffix"] = _affix(cite.suffix)
        told = self._later_state if later else None
        with style.lock, resumed(told) if told is not None else contextlib.nullcontext():
            bibliography = CitationStylesBibliography(style, self.bibliography.source, Html)
            bibliography.keys = list(self.bibliography.keys)
            bibliography.items = list(self.bibliography.items)
            if id(cite) in self._subsequent:
                # CSL 1.0.2 position "subsequent": the work cited before (in a citation of
                # two cites, so that this one is no "ibid").
                earlier = Item(self.keys[cite.key.casefold()])
                Citation([earlier, Item(self.keys[cite.key.casefold()])])
                bibliography._cites.append(earlier)
            citation = Citation([Item(self.keys[cite.key.casefold()], **options)])
            bibliography.register(citation)
            markup = str(bibliography.cite(citation, lambda item: None))
        return undecorated(finish(markup, self.punctuation_in_quote, self.quotes))

    def _prints_locator(self, cite: Cite, kind: str, markup: str) -> bool:
        """Whether `markup`, the cite of `cite` rendered as `kind`, prints its locator (it
        reads otherwise without it)."""
        bare = cite._replace(label="", locator="")
        if id(cite) in self._subsequent:
            self._subsequent.add(id(bare))
        try:
            return self._one(bare, kind) != markup
        finally:
            self._subsequent.discard(id(bare))

    def _prints_its_year(self, cite: Cite, markup: str) -> bool:
        """Whether `markup`, the cite of `cite`, prints the year the work was issued."""
        reference = self.bibliography.source.get(self.keys[cite.key.casefold()].lower())
        issued = reference.get("issued") if reference is not None else None
        year = getattr(issued, "year", None) if issued is not None else None
        return year is not None and str(year) in engine.html_to_text(markup)

    def _year_suffix(self, cite: Cite) -> str:
        """The year suffix disambiguation gave the work `cite` cites ("" for none)."""
        reference = self.bibliography.source.get(self.keys[cite.key.casefold()].lower())
        return str(reference.get("year_suffix") or "") if reference is not None else ""

    def _suffixes(self, run: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
        """The year suffixes after a run's first cite, each after the year-suffix-delimiter;
        with collapse "year-suffix-ranged", three or more consecutive letters as a range
        ("2000a–c, e"). The first entry of `run` is the cite printed in full; each is (key,
        letter, the letter as the style prints it: "<i>b</i>")."""
        out: list[tuple[str, str]] = []
        letters = [letter for _, letter, _ in run]
        shown = [markup for _, _, markup in run]
        i = 1
        while i < len(run):
            end = i
            if self.ranged:
                while end + 1 < len(run) and _next_letter(letters[end], letters[end + 1]):
                    end += 1
            if self.ranged and end - i >= 1 and _next_letter(letters[i - 1], letters[i]):
                # a range from the suffix before: "a" then "b", "c" -> "a–c"
                out.extend([("", "–"), (run[end][0], shown[end])])
            elif self.ranged and end - i >= 2:
                out.extend([("", self.suffix_delimiter), (run[i][0], shown[i])])
                out.extend([("", "–"), (run[end][0], shown[end])])
            else:
                end = i
                out.extend([("", self.suffix_delimiter), (run[i][0], shown[i])])
            i = end + 1
        return out

    def _sorted(self, cites: Sequence[Cite]) -> list[Cite]:
        """The cites in the order of cs:citation's cs:sort, those it ranks alike in the order
        written; without one, all in the order written (CSL 1.0.2, "Sorting", as both
        reference processors order them)."""
        from citeproc import Citation, CitationItem

        from readinglist.render.fixes.base import current

        element = self.base.root.citation
        if element is None or element.sort is None:
            return list(cites)
        citation = Citation([CitationItem(self.keys[c.key.casefold()]) for c in cites])
        citation.bibliography = self.bibliography
        written = {id(item): cite for item, cite in zip(citation.cites, cites, strict=True)}
        # The sort keys read the works as they are before disambiguation (no year suffix: a
        # date macro that prints it makes "2015b" and "2015" one year; no given name or name
        # added), as both reference processors sort cites.
        state = current()
        references = [self.bibliography.source.get(item.key) for item in citation.cites]
        hidden = [(r, r.pop("year_suffix")) for r in references if r and "year_suffix" in r]
        kept = (state.shown, state.givens, state.ambiguous, state.whole_off)
        state.shown, state.givens, state.ambiguous, state.whole_off = {}, {}, {}, True
        try:
            items = element.sort.sort(list(citation.cites), element.layout)
        finally:
            state.shown, state.givens, state.ambiguous, state.whole_off = kept
            for reference, suffix in hidden:
                reference["year_suffix"] = suffix
        return [written[id(item)] for item in items]

    def _render(self, cluster: Cluster) -> RenderedCitation:
        from readinglist.render.formatter import superscripts_as_markup

        cites = [c for c in cluster.cites if c.key.casefold() in self.keys]
        if not cites:
            return RenderedCitation((), "")
        wrap = self.wrap
        if cluster.narrative:
            # The names, then the citation without them, formatted as the layout says.
            cite = cites[0]
            author = self._one(cite, "author-only")
            rest = self._one(cite, "suppress-author" if author else "bare")
            if rest:
                rest = f"{wrap[0]}{self.prefix}{rest}{_after(rest, self.suffix)}{wrap[1]}"
            # A superscript follows the names it belongs to without a space ("Rose²").
            space = "" if wrap[0].startswith("<sup>") else " "
            markup = space.join(p for p in (author, rest) if p)
            parts: tuple[tuple[str, str], ...] = ((cite.key, markup),)
            wrap = ("", "")
        elif self.collapse_numbers:
            before = (("", self.prefix),) if self.prefix else ()
            parts = (*before, *self._numbered(self._sorted(cites)))
            parts = self._closed(parts)
        else:
            ordered = self._sorted(cites)
            names_of = (
                {id(c): self._one(c, "author-only") for c in ordered} if self.grouping else {}
            )
            element = self.base.root.citation
            if self.grouping and element is not None and element.sort is not None:
                ordered = _grouped(ordered, names_of)
            pieces: list[tuple[str, str]] = [("", self.prefix)] if self.prefix else []
            # The names the cite before printed ("" for a work whose cs:names print nothing):
            # cites whose names print alike are a group (collapse "year": the years follow
            # the names once), dated works without names too ("(2011, 2015)" for two
            # anonymous reports, as both reference processors print them, but "(n.d.-a;
            # n.d.-b)"); names, where there are some, print once.
            previous: str | None = None
            in_group = False
            # The year a run of year suffixes repeats ("2000" of "2000a, b"); None once a cite
            # with a locator has ended the run.
            stem: str | None = ""
            run: list[tuple[str, str, str]] = []  # that run: (key, suffix, its markup) of each
            started = False  # whether a cite has printed
            located = False  # whether it was a cite of a group, with a locator
            for cite in ordered:
                names = names_of.get(id(cite))
                collapsed = names is not None and names == previous and not cite.prefix
                named = collapsed and bool(names) and self.collapse
                kind = "suppress-author" if cite.suppress_author or named else "bare"
                markup = self._one(cite, kind)
                if not _prints(markup):
                    continue  # a cite that prints nothing takes no delimiter (both processors)
                if names == "" and (
                    not self._prints_its_year(cite, markup)
                    or markup != self._one(cite, "suppress-author")
                ):
                    # A work without names joins a group only by the year it prints; one
                    # whose cs:names print something else (a title) is none.
                    names, collapsed = None, False
                previous = None if cite.suppress_author else names
                suffix = self._year_suffix(cite) if self.collapse_suffixes else ""
                tail = _split_suffix(markup, suffix) if named and run and suffix else None
                if tail is not None and tail[0] == stem:
                    run.append((cite.key, suffix, tail[1]))  # only the suffix prints ("a, b")
                    continue
                if named and run and suffix and stem and _opens_with(markup, stem, suffix):
                    # A cite with a locator ends the run, its suffix and locator printed
                    # ("2019a, b, p. 7"), as both reference processors print it.
                    run.append((cite.key, suffix, markup[len(stem) :]))
                    stem = None
                    continue
                pieces.extend(self._suffixes(run))
                # Whether its locator prints (it reads otherwise without it): where a style
                # sets the after-collapse-delimiter, that decides the delimiters around it.
                printed = (
                    bool(cite.locator)
                    and self.after_collapse_set
                    and self._prints_locator(cite, kind, markup)
                )
                if started:
                    # A cite after a collapsed group takes the after-collapse-delimiter, after
                    # year suffixes collapsed too ("Doe 2000a, b; 2001": CSL 1.0.2).
                    between = self.after_collapse if in_group or len(run) > 1 else self.delimiter
                    grouped = collapsed and len(run) < 2
                    if grouped and (printed or located):
                        # Where a style sets the after-collapse-delimiter, a cite of the group
                        # with a locator, and the cite after it, follow the layout's delimiter
                        # ("Gustafsson, Wanhammar 2013; 2010, p. 7; 2009"; annual-review-of-
                        # linguistics' ", "), as both reference processors print them
                        # (without one they differ).
                        between, grouped = self.delimiter, False
                    pieces.append(("", self.group_delimiter if grouped else between))
                in_group, started = collapsed, True
                located = collapsed and printed
                pieces.append((cite.key, markup))
                # CSL 1.0.2, collapse "year-suffix": a cite with a locator ends the run.
                year = markup
                if suffix and not cite.locator and kind != "suppress-author":
                    year = self._one(cite, "suppress-author")  # its year, without the names
                tail = _split_suffix(year, suffix) if suffix and not cite.locator else None
                stem, run = (tail[0], [("", suffix, tail[1])]) if tail else ("", [])
            pieces.extend(self._suffixes(run))
            parts = self._closed(tuple(pieces))
        if not any(key and markup for key, markup in parts):
            # The style prints nothing for any of its works: named, and left as written (as
            # an entry with no printed form is named and left out of the list).
            self.failed[cluster.written or cluster.source] = (
                "the style prints nothing for it (no printed form)"
            )
            return RenderedCitation((), "")
        text = engine.html_to_text(wrap[0] + "".join(markup for _, markup in parts) + wrap[1])
        # As in the bibliography, superscript characters are <sup> markup (the text keeps them).
        parts = tuple((key, superscripts_as_markup(markup)) for key, markup in parts)
        return RenderedCitation(parts, text, wrap)

    def _closed(self, parts: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
        """`parts` and the layout's suffix after them, as the seams of an entry join."""
        if not self.suffix:
            return parts
        return (*parts, ("", _after("".join(m for _, m in parts), self.suffix)))

    def _numbered(self, ordered: Sequence[Cite]) -> list[tuple[str, str]]:
        """CSL 1.0.2 collapse "citation-number": three or more consecutive citation numbers
        are printed as a range, the first and the last cite joined by an en dash ("[1]–[3]",
        "1–3"); the ranges and the other cites are separated by the layout's delimiter. A cite
        with a locator, a prefix or a suffix is printed on its own, as citeproc-js does."""
        from readinglist.render.fixes.base import current

        keys = self.bibliography.keys
        runs: list[list[tuple[str, str, int, bool]]] = []
        for cite in ordered:
            place = keys.index(self.keys[cite.key.casefold()].lower())
            number = len(keys) - place if current().numbers_descending else place + 1
            kind = "suppress-author" if cite.suppress_author else "bare"
            alone = bool(cite.locator or cite.prefix or cite.suffix)
            markup = self._one(cite, kind)
            if not _prints(markup):
                continue  # prints nothing: no place in the citation
            last = runs[-1][-1] if runs else None
            if last is not None and not alone and not last[3] and number == last[2] + 1:
                runs[-1].append((cite.key, markup, number, alone))
            else:
                runs.append([(cite.key, markup, number, alone)])
        pieces: list[tuple[str, str]] = []
        for run in runs:
            shown = [run[0], run[-1]] if len(run) >= 3 else run
            for i, (key, markup, _, _) in enumerate(shown):
                if pieces:
                    pieces.append(("", "–" if i and len(run) >= 3 else self.delimiter))
                pieces.append((key, markup))
        return pieces

    def split(self, text: str) -> list[str | RenderedCitation]:
        """`text` cut into plain strings and rendered citations."""
        out: list[str | RenderedCitation] = []
        position = 0
        marks = self._later.get(text, [])
        for n, cluster in enumerate(find(text)):
            rendered = self.render(cluster, marks[n] if n < len(marks) else ())
            if not rendered.parts:
                continue  # a key the library lacks stays as written (and is reported)
            out.append(text[position : cluster.start])
            out.append(rendered._replace(written=text[cluster.start : cluster.end]))
            position = cluster.end
        out.append(text[position:])
        return [piece for piece in out if piece != ""]


def _after(markup: str, suffix: str) -> str:
    """The citation layout's `suffix` after `markup`, its first mark left out where the cite
    ends with it (CSL 1.0.2 leaves it to the processor; both reference processors print a
    title that ends in a period, with the suffix ".", with one): the seam rule of an entry's
    pieces (:func:`fixes.punctuation.join_seam`)."""
    from readinglist.render.fixes.punctuation import join_seam

    return str(join_seam(markup, suffix)) if markup and suffix else suffix


def _grouped(cites: list[Cite], names_of: dict[int, str]) -> list[Cite]:
    """CSL 1.0.2, "Cite Grouping" (after sorting, before collapsing): in a citation the style
    sorts, cites whose names print alike follow the first of them ("(Doe 1999, 2006; Smith
    2002)" for a year-sorted "Doe 1999; Smith 2002; Doe 2006", the specification's example);
    cites without names, or with a prefix, stay where they are. Cites in the order their
    author wrote (no cs:sort) keep it, as the CSL test suite's
    ``name_CiteGroupDelimiterWithYearSuffixCollapse2`` has them."""
    groups: dict[str, list[Cite]] = {}
    out: list[list[Cite]] = []
    for cite in cites:
        names = names_of.get(id(cite), "")
        if names and not cite.prefix and names in groups:
            groups[names].append(cite)
            continue
        run = [cite]
        out.append(run)
        if names and not cite.prefix:
            groups[names] = run
    return [cite for run in out for cite in run]


def _prints(markup: str) -> bool:
    """Whether a cite's markup prints any text."""
    return bool(engine.html_to_text(markup).strip())


# The tags a year suffix may open with ("<i>" of "<i>a</i>").
_OPENING_TAGS = r"(?:<[a-z][^>]*>)*"


def _split_suffix(markup: str, suffix: str) -> tuple[str, str] | None:
    """`markup` cut before the year suffix that ends it, with the tags around the suffix
    ("1968 <i>a</i>" -> "1968 ", "<i>a</i>"), or None when it does not end with `suffix`."""
    found = re.search(_OPENING_TAGS + re.escape(suffix) + r"(?:</[a-z]+>)*$", markup)
    return (markup[: found.start()], found.group(0)) if found else None


def _opens_with(markup: str, stem: str, suffix: str) -> bool:
    """Whether `markup` is `stem`, then the year suffix, then more (a locator)."""
    if not markup.startswith(stem):
        return False
    return bool(re.match(_OPENING_TAGS + re.escape(suffix) + r"(?![^\W_])", markup[len(stem) :]))


def _next_letter(before: str, after: str) -> bool:
    """Whether year suffix `after` follows `before` ("a", "b")."""
    return len(before) == len(after) == 1 and ord(after) == ord(before) + 1


def _memo_key(cluster: Cluster, later: tuple[bool, ...]) -> str:
    """What a rendered citation is kept under: its source, and which cites cite again."""
    if not any(later):
        return cluster.source
    return f"{cluster.source} later:{''.join('1' if f else '0' for f in later)}"


def _to_cache(memo: dict[str, RenderedCitation]) -> dict[str, Any]:
    return {
        source: [[list(p) for p in c.parts], c.text, list(c.wrap)] for source, c in memo.items()
    }


def _from_cache(data: Any) -> dict[str, RenderedCitation]:
    """Citations read back from the render cache (nothing from a damaged entry)."""
    try:
        return {
            str(source): RenderedCitation(
                tuple((str(key), str(markup)) for key, markup in parts),
                str(text),
                (str(before), str(after)),
            )
            for source, (parts, text, (before, after)) in data.items()
        }
    except (AttributeError, TypeError, ValueError):
        return {}


def _formatting(layout: Any) -> tuple[str, str]:
    """The opening and closing markup of a citation layout's formatting ("<sup>", "</sup>")."""
    from citeproc.string import String

    if layout is None:
        return "", ""
    before, _, after = str(layout.format(String("\0"))).partition("\0")
    return before, after


_MARKDOWN = re.compile(r"[*_`\\]")


def _affix(text: str) -> str:
    """A cite's prefix or suffix as the author wrote it, in Markdown, as HTML: emphasis and
    strong emphasis as ``<i>`` and ``<b>`` ("[*see* @a]", as pandoc reads a citation's
    affixes), code as its text, everything else as text (no raw HTML, no links: the
    citation links its works)."""
    if not _MARKDOWN.search(text):
        return _escape(text)
    tags = {"em_open": "<i>", "em_close": "</i>", "strong_open": "<b>", "strong_close": "</b>"}
    out: list[str] = []
    for token in _inline_parser().parseInline(text):
        for child in token.children or []:
            if child.type in tags:
                out.append(tags[child.type])
            elif child.type in ("text", "text_special", "code_inline"):
                out.append(_escape(child.content))
            elif child.type in ("softbreak", "hardbreak"):
                out.append(" ")
    # A space that begins or ends the affix is the author's ("see " before the names).
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return lead + "".join(out).strip() + trail


@functools.cache
def _inline_parser() -> Any:
    """A CommonMark parser for a cite's affixes (made once: making one costs more than a
    parse)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False})


def _escape(text: str) -> str:
    import html

    return html.escape(text, quote=False)
