"""Terms: CSL 1.0.2, "Terms" and "Locale Fallback"."""

from __future__ import annotations

from typing import Any

from citeproc import model

from readinglist.render.fixes.base import _ANSWERS, _NO_ANSWERS, _UNKNOWN, Element

# CSL 1.0.2, "Terms": a form the locales do not define falls back to the next one.
_FORM_FALLBACK: dict[str | None, str | None] = {
    "verb-short": "verb",
    "symbol": "short",
    "verb": None,
    "short": None,
}


class TermFormFallback(Element):
    """CSL 1.0.2, "Terms": "verb-short" falls back to "verb", "symbol" to "short", and
    "verb" and "short" to the long form, when no locale defines the term in the form asked
    for. Stock citeproc-py finds no term then, so `<label form="verb-short"/>` for a
    reviewed author printed nothing where en-US has "by" (its form "verb").

    The other forms are looked for in the locales of the style's language before en-US, the
    last fallback, is: a Spanish style's short "from", which es-ES lacks, is its long "de",
    not en-US's "fr.", and its short "retrieved" is "recuperado", not "rtvd.", as both
    reference processors print them. A form the language does define still comes first,
    from whichever of its locales ("ed." from the es-ES file before a style's long
    "editor")."""

    def get_term(
        self,
        name: str,
        form: str | None = None,
        fallback_locale: bool = True,
        zero_padded: bool = False,
    ) -> Any:
        if isinstance(self, model.Locale):  # one locale: the forms are tried across all
            return super().get_term(name, form, zero_padded=zero_padded)  # type: ignore[misc]
        root = self.get_root()
        if fallback_locale and getattr(root, "own_language_locales", None) is not None:
            question = ("term in the language first", name, form, zero_padded)
            return root.answer(question, _language_first, root, name, form, zero_padded)
        while True:
            try:
                term = super().get_term(  # type: ignore[misc]
                    name, form, fallback_locale=fallback_locale, zero_padded=zero_padded
                )
            except IndexError:  # a locale's own element asking: it raises when it has none
                term = None
            if term is not None or form not in _FORM_FALLBACK:
                return term
            form = _FORM_FALLBACK[form]


def _language_first(root: Any, name: str, form: str | None, zero_padded: bool) -> Any:
    """The term `name` in `form` or the forms it falls back to, from the locales of `root`'s
    language, else from the rest (en-US), as :class:`TermFormFallback` describes."""
    split = root.own_language_locales
    for locales in (root.locales[:split], root.locales[split:]):
        asked: str | None = form
        while True:
            for locale in locales:
                try:
                    term = locale.get_term(name, asked, zero_padded=zero_padded)
                except IndexError:  # this locale lacks it
                    continue
                if term is not None:
                    return term
            if asked not in _FORM_FALLBACK:
                break
            asked = _FORM_FALLBACK[asked]
    return None


class LayoutWhitespaceIsEmpty(Element):
    """A term whose text is a line break and indentation alone (``<term name="and
    others">`` closed on the next line) is an empty term, as citeproc-js reads it: the
    whitespace lays out the XML, it is not text (CSL 1.0.2 keeps whitespace that defines
    output in attributes, "Whitespace Handling"; an empty term prints nothing, "Locale
    Fallback"). Stock citeproc-py printed it, and a style that blanks "and others" got
    "Иванов И.И. \n ." after a truncated name list. A term's straight apostrophe is
    printed typographic, as citeproc-js prints it ("Consulté à l’adresse")."""

    # Read for every term printed: each form's text is made once (a loaded locale's terms
    # do not change).
    @property
    def single(self) -> Any:
        found = self.__dict__.get(_ANSWERS, _NO_ANSWERS).get("single text", _UNKNOWN)
        if found is _UNKNOWN:
            found = self.answer("single text", _unlaid, super().single)  # type: ignore[misc]
        return found

    @property
    def multiple(self) -> Any:
        found = self.__dict__.get(_ANSWERS, _NO_ANSWERS).get("multiple text", _UNKNOWN)
        if found is _UNKNOWN:
            found = self.answer("multiple text", _unlaid, super().multiple)  # type: ignore[misc]
        return found


def _unlaid(text: Any) -> Any:
    if "\n" in text and not text.strip():
        return type(text)("")
    # A locale writes apostrophes straight ("à l'adresse"): printed typographic, as a
    # value's are and as both reference processors print them ("à l’adresse").
    return type(text)(str(text).replace("'", "’")) if "'" in text else text


class LastDefinitionWins(Element):
    """cs:locale: a term a locale defines twice (46 bundled styles do, Chicago's 16th
    edition and the British Psychological Society's among them) is its last definition, as
    both reference processors read it: zeitschrift-fur-deutsche-philologie's "editor"
    verb-short "hg. v." then "Hrsg. v." prints "hrsg. v.". Stock citeproc-py takes the first.
    Terms that differ in gender-form or match are different terms; form="long" is the term
    with no form written."""

    def get_term(self, name: str, form: str | None = None, zero_padded: bool = False) -> Any:
        # Asked hundreds of thousands of times in a long list: each answer is remembered on
        # the locale (its terms do not change once loaded), a term it lacks too.
        question = ("last definition", name, form, zero_padded)
        found = self.__dict__.get(_ANSWERS, _NO_ANSWERS).get(question, _UNKNOWN)
        if found is _UNKNOWN:
            found = self.answer(question, self._last_definition, name, form, zero_padded)
        if found is None:
            raise IndexError(name)
        return found

    def _last_definition(self, name: str, form: str | None, zero_padded: bool) -> Any:
        # CSL 1.0.2, "Terms": form="long" is the default, so a term written with it is the
        # term without one (ferdinand-porsche's in-style <term name="et-al" form="long">
        # "et al." over de-AT's "u. a."); stock citeproc-py looks for no form attribute.
        first = None
        for each in (None, "long") if form in (None, "long") else (form,):
            try:
                first = super().get_term(name, each, zero_padded=zero_padded)  # type: ignore[misc]
                break
            except IndexError:
                continue
        if first is None:
            return None
        same = [
            term
            for term in first.getparent().iterchildren(first.tag)
            if _definition(term) == _definition(first)
        ]
        return same[-1]


def _definition(term: Any) -> tuple[Any, ...]:
    """What makes two cs:term elements one term: name, form (long when none is written),
    gender-form and match."""
    return (
        term.get("name"),
        term.get("form") or "long",
        term.get("gender-form"),
        term.get("match"),
    )


class LocaleOptionFallback(Element):
    """CSL 1.0.2, "Locale Fallback": a locale option is taken from the first locale that sets
    it (the style's own cs:locale elements, then the locale file), and its default only when
    none does. Stock citeproc-py takes the first locale with a cs:style-options element at
    all, so an in-style ``<style-options/>`` that sets another option (or none) turned
    en-US's punctuation-in-quote off: "learning”," where both reference processors print
    "learning,”" (IFAO; anabases, whose in-style locale sets limit-day-ordinals-to-day-1)."""

    def get_locale_option(self, name: str) -> Any:
        root = self.get_root()
        locales = getattr(root, "locales", None)
        if locales is None:  # the root is a cs:locale itself
            return super().get_locale_option(name)  # type: ignore[misc]
        return root.answer(("locale option", name), _locale_option, locales, name)


def _locale_option(locales: Any, name: str) -> Any:
    """The first of `locales` (in-style first) whose style options set `name`, else the
    default of the last that has style options (citeproc-py's answer when none sets it)."""
    fallback = None
    for locale in locales:
        options = locale.find("cs:style-options", locale.nsmap)
        if options is None:
            continue
        value = options.get(name)
        if value is not None:
            return value
        fallback = locale._default_options[name]
    return fallback


MIXINS: tuple[tuple[Any, type], ...] = (
    (model.Locale, LastDefinitionWins),
    (model.CitationStylesElement, LocaleOptionFallback),
    (model.CitationStylesElement, TermFormFallback),
    (model.Term, LayoutWhitespaceIsEmpty),
)
