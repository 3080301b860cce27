"""citeproc-py, scoped to readinglist's own renderings.

citeproc-py turns a style's XML into objects through an lxml parser whose element lookup maps
each CSL element name to one of its model classes. readinglist loads styles and locales through
a parser of its own, whose lookup maps the same names to subclasses that carry our fixes
(:mod:`readinglist.render.fixes`). Nothing of citeproc-py is changed: a program that imports
readinglist and also uses citeproc-py directly sees stock citeproc-py.

A loaded style is used by one rendering at a time (:attr:`Style.lock`): citeproc-py keeps the
state of the entry being rendered on the style's elements.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from citeproc import LANGUAGE_NAMES, LOCALES_PATH, PRIMARY_DIALECTS, model
from citeproc.frontend import CitationStylesStyle
from lxml import etree

from readinglist.render.fixes import MIXINS

CSL_NAMESPACE = "http://purl.org/net/xbiblio/csl"


class _Locales:
    """cs:style: its locales are loaded through readinglist's parser too (citeproc-py's own
    loader would give them citeproc-py's classes). The order of CSL 1.0.2, "Locale Fallback":
    the style's cs:locale for the dialect, then for the language's primary dialect (a style
    written for en-GB whose terms are in a cs:locale for en-US, as in life-science-alliance:
    both reference processors take them, before those of a cs:locale for the language alone;
    another dialect's, en-AU's, they do not), then for the language, then without a language;
    then the locale files for the dialect, the language's primary dialect, and en-US, each
    from the first of `folders` that has it (a locale pinned in ``styles/``), else
    citeproc-py's. ``own_language_locales`` counts the locales before en-US's (all of them
    for English)."""

    def set_locale_list(
        self, output_locale: str, validate: bool = True, folders: tuple[Path, ...] = ()
    ) -> None:
        this: Any = self
        this.locales = []
        loaded: set[str] = set()

        def in_style(language: str | None) -> None:
            expression = (
                f'./cs:locale[@xml:lang="{language}"]'
                if language
                else "./cs:locale[not(@xml:lang)]"
            )
            this.locales.extend(this.xpath_search(expression)[:1])

        def from_file(name: str) -> None:
            if name not in loaded:
                loaded.add(name)
                this.locales.append(load_locale(name, folders))

        language = output_locale.split("-")[0]
        in_style(output_locale)
        primary = PRIMARY_DIALECTS.get(language)
        if primary and primary != output_locale:
            in_style(primary)
        in_style(language)
        in_style(None)
        if output_locale in LANGUAGE_NAMES:
            from_file(output_locale)
        if language in PRIMARY_DIALECTS:
            from_file(PRIMARY_DIALECTS[language])
        # The locales of the language come first; a term's other forms are looked for in
        # them before en-US is (readinglist.render.fixes.terms.TermFormFallback).
        this.own_language_locales = len(this.locales)
        from_file("en-US")
        for locale in this.locales:
            locale.style = this


def _element_classes() -> dict[str | None, type]:
    """CSL element name -> our class: citeproc-py's class with the mixins of every class it
    derives from. Names citeproc-py has no class for get a plain element of ours."""
    stock: dict[str, Any] = {
        cls.__name__.replace("_", "-").lower(): cls
        for cls in model.CitationStylesElement.__subclasses__()
        if cls.__module__ == model.__name__
    }
    classes: dict[str | None, type] = {}
    for tag, cls in [*stock.items(), (None, model.CitationStylesElement)]:
        mixins = [mixin for target, mixin in MIXINS if issubclass(cls, target)]
        if cls is model.Style:
            mixins.insert(0, _Locales)
        # The name is not a CSL element name, so citeproc-py's own lookup never picks it.
        name = f"Readinglist{cls.__name__}"
        classes[tag] = type(name, (*dict.fromkeys(mixins), cls), {"__module__": __name__})
    return classes


_CLASSES = _element_classes()


def _parser() -> etree.XMLParser:
    """A parser whose elements are ours (one per load: lxml parsers are not shared between
    threads)."""
    lookup = etree.ElementNamespaceClassLookup()
    namespace = lookup.get_namespace(CSL_NAMESPACE)
    namespace.update(_CLASSES)
    parser = etree.XMLParser(remove_comments=True, encoding="UTF-8", no_network=True)
    parser.set_element_class_lookup(lookup)
    return parser


def load_locale(name: str, folders: tuple[Path, ...] = ()) -> Any:
    """The root of the locale file of `name`, with our element classes: the first of `folders`
    holding ``locales-NAME.xml``, else citeproc-py's. A file of the user's is read as a style
    is (no DTD, no entities, no network) and must be a cs:locale: else a StyleError naming it."""
    for folder in folders:
        path = folder / f"locales-{name}.xml"
        if path.is_file():
            return _user_locale(path)
    path = Path(LOCALES_PATH) / f"locales-{name}.xml"
    return etree.parse(str(path), _parser()).getroot()


def _user_locale(path: Path) -> Any:
    import re

    from readinglist.errors import StyleError

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise StyleError(path, f"cannot be read ({exc.strerror})", kind="locale") from exc
    if re.search(rb"<!(?:DOCTYPE|ENTITY)", data):
        message = "declares a DTD or entities, which a CSL locale never does"
        raise StyleError(path, message, kind="locale")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        message = f"is not well-formed XML: {exc.msg}"
        raise StyleError(path, message, exc.lineno or 0, "locale") from exc
    if root.tag != f"{{{CSL_NAMESPACE}}}locale":
        tag = etree.QName(root).localname if isinstance(root.tag, str) else "?"
        message = f"is not a CSL locale (its root element is <{tag}>, not <locale>)"
        raise StyleError(path, message, kind="locale")
    return root


def _give_every_names_a_name(root: Any, parser: etree.XMLParser) -> None:
    """citeproc-py gives a cs:names without cs:name a default one when it first renders it,
    made with its own class; ours is made now, with ours. A cs:names in cs:substitute uses
    the substituted cs:names' (as in citeproc-py), and so does a shorthand cs:names (no child
    elements) deeper in one, inside a cs:choose
    (:class:`~readinglist.render.fixes.substitution.NamesHonourSuppression`)."""
    substitute = f"{{{CSL_NAMESPACE}}}substitute"
    for names in root.iter(f"{{{CSL_NAMESPACE}}}names"):
        parent = names.getparent()
        if parent is not None and parent.tag == substitute:
            continue
        if len(names) == 0 and any(a.tag == substitute for a in names.iterancestors()):
            continue
        if names.find(f"{{{CSL_NAMESPACE}}}name") is None:
            names.insert(0, parser.makeelement(f"{{{CSL_NAMESPACE}}}name"))


class Style(CitationStylesStyle):  # type: ignore[misc]
    """A CSL style loaded with readinglist's element classes, and its locales."""

    def __init__(self, path: Path, locale: str, locale_dirs: tuple[Path, ...] = ()) -> None:
        self.parser = _parser()
        self.xml = etree.parse(str(path), self.parser)
        self.root = self.xml.getroot()
        if not isinstance(self.root, model.Style):
            raise ValueError(f"{path} is not a CSL style (its root is not cs:style)")
        _give_every_names_a_name(self.root, self.parser)
        self.root.set_locale_list(locale, validate=False, folders=locale_dirs)
        self.lock = threading.Lock()
        # Every element keeps its Python object (and what it remembers) while the style lives.
        self.elements = [*self.root.iter(), *(e for loc in self.root.locales for e in loc.iter())]
