"""Ordinals: CSL 1.0.2, "Ordinal Suffixes", "Gender-specific Ordinals" and "Long Ordinals".

The rules, as the specification states them:

- The terms ``ordinal-00`` to ``ordinal-09`` match a number's last digit, ``ordinal-10`` to
  ``ordinal-99`` its last two digits (``match="last-digit"``, ``"last-two-digits"`` or
  ``"whole-number"`` says otherwise); a match of the second group wins over one of the first
  (English "113th": ``ordinal-13``, not ``ordinal-03``), and the ``ordinal`` term serves any
  number that matches none.
- The ordinal terms fall back between locales as one set: a locale that defines any of them
  replaces the ordinal terms of the locales after it ("(re)defining any of the ordinal terms
  through cs:locale replaces all previously defined ordinal terms"). A set without the
  general ``ordinal`` term takes that one term from the next locale defining it: geneses
  defines French ``ordinal-01`` to ``-04`` alone, and both reference processors print
  "10ᵉ éd." with fr-FR's ``ordinal``, where the set alone leaves "10 éd.".
- An ordinal agrees with the gender of what it counts: the term of the number's variable
  ("edition", "issue") or, for a day, its month; a term with the gender's ``gender-form`` is
  taken first, then the one without.
- ``long-ordinal-01`` to ``-10`` spell numbers out; a number without a long-ordinal term takes
  the ordinal form.

Stock citeproc-py tries ``ordinal-NN`` with the whole number and then the last digit, across
every locale term by term: "111st" in English, and in German, whose locale has the ``ordinal``
term alone, en-US's "41st" where both reference processors print "41.". It takes a gendered
term without asking the gender.
"""

from __future__ import annotations

from typing import Any

from citeproc import model

from readinglist.render.fixes.base import _ANSWERS, _NO_ANSWERS, _UNKNOWN, Element

# The ordinal terms of one locale, by name: [(gender-form, match, text)], in document order.
Terms = dict[str, list[tuple[str | None, str | None, str]]]


def _ordinal_terms(locales: list[Any], prefix: str) -> list[Terms]:
    """Each locale's terms whose names start with `prefix` (in their long form)."""
    out = []
    for locale in locales:
        found: Terms = {}
        container = locale.find("cs:terms", locale.nsmap)
        if container is not None:
            for term in container.iterchildren("{*}term"):
                name = term.get("name") or ""
                if not name.startswith(prefix) or term.get("form", "long") != "long":
                    continue
                found.setdefault(name, []).append(
                    (term.get("gender-form"), term.get("match"), str(term.single))
                )
        out.append(found)
    return out


def _sets(terms: Any) -> tuple[Terms | None, list[Terms]]:
    """The ordinal set in force (that of the first locale defining any ordinal term) and each
    locale's long ordinals; worked out once per style."""
    root = terms.get_root()
    found = root.__dict__.get(_ANSWERS, _NO_ANSWERS).get("ordinal sets", _UNKNOWN)
    if found is _UNKNOWN:
        locales = list(getattr(root, "locales", None) or [root])

        def sets() -> tuple[Terms | None, list[Terms]]:
            ordinal = [t for t in _ordinal_terms(locales, "ordinal") if t]
            in_force = dict(ordinal[0]) if ordinal else None
            if in_force is not None and "ordinal" not in in_force:
                # A set without the general term takes it from the next locale that has it.
                general = [t["ordinal"] for t in ordinal[1:] if "ordinal" in t]
                if general:
                    in_force["ordinal"] = general[0]
            return in_force, _ordinal_terms(locales, "long-ordinal-")

        found = root.answer("ordinal sets", sets) if isinstance(root, Element) else sets()
    return found  # type: ignore[no-any-return]


def _gendered(defined: list[tuple[str | None, str | None, str]], gender: str | None) -> str | None:
    """The text of the variant for `gender`, else of the one without gender-form; a term
    defined in gendered variants alone stands, without a gender, for its feminine variant,
    else its masculine (as citeproc-js fills it in: Portuguese "primeira edição"). The last
    definition of a variant wins, as for any term."""
    for wanted in (gender, None, "feminine", "masculine"):
        texts = [text for form, _, text in defined if form == wanted]
        if texts:
            return texts[-1]
    return None


def _rule(name: str, match: str | None) -> str:
    """How the term `name` (ordinal-NN) matches a number: its match attribute, else its last
    digit for ordinal-00 to -09, its last two digits for ordinal-10 to -99."""
    return match or ("last-digit" if name[-2] == "0" else "last-two-digits")


def suffix(number: int, terms: Any, gender: str | None = None) -> str:
    """The ordinal suffix of `number` in the locales of `terms` (any element of the style),
    agreeing with `gender`: the gender's variants are tried before those without, a whole
    number before its last two digits and those before its last digit (113: ordinal-13), and
    the ``ordinal`` term when no other matches."""
    ordinals, _ = _sets(terms)
    if ordinals is None:
        return ""
    compared = {
        "whole-number": number,
        "last-two-digits": number % 100,
        "last-digit": number % 10,
    }
    for wanted in (gender, None) if gender else (None,):
        for rule, part in compared.items():
            found = [
                text
                for name, defined in ordinals.items()
                if name[-2:].isdigit() and int(name[-2:]) == part
                for form, match, text in defined
                if form == wanted and _rule(name, match) == rule
            ]
            if found:
                return found[-1]
    return _gendered(ordinals.get("ordinal", []), gender) or ""


def ordinal(number: int, terms: Any, gender: str | None = None) -> str:
    """`number` with its ordinal suffix ("113th", "41.", "1ʳᵉ")."""
    return f"{number}{suffix(number, terms, gender)}"


def long_ordinal(number: int, terms: Any, gender: str | None = None) -> str:
    """`number` spelled out ("third", "Dritter"), by term, each looked up in the locales in
    fallback order; the ordinal form beyond the terms there are."""
    if 1 <= number <= 10:
        for locale in _sets(terms)[1]:
            defined = locale.get(f"long-ordinal-{number:02}")
            text = _gendered(defined, gender) if defined else None
            if text is not None:
                return text
    return ordinal(number, terms, gender)


def term_gender(terms: Any, name: str) -> str | None:
    """The grammatical gender of the term `name` (the term of a number variable, a month),
    None when it has none."""
    try:
        term = terms.get_term(name)
    except (IndexError, ValueError):
        return None
    return None if term is None else term.get("gender")


class OrdinalNumbers(Element):
    """cs:number form="ordinal" and "long-ordinal" by the rules of this module, in the gender
    of the term that the variable names (French "1ʳᵉ éd.", feminine "édition")."""

    def format_number(self, number: Any) -> Any:
        form = self.__dict__.get(_ANSWERS, _NO_ANSWERS).get("number form", _UNKNOWN)
        if form is _UNKNOWN:
            form = self.answer("number form", self.get, "form")
        if form not in ("ordinal", "long-ordinal"):
            return super().format_number(number)  # type: ignore[misc]
        try:
            value = int(number)
        except ValueError:
            return number
        gender = self.answer("ordinal gender", term_gender, self, self.get("variable") or "")
        if form == "ordinal":
            return ordinal(value, self, gender)
        return long_ordinal(value, self, gender)


MIXINS: tuple[tuple[Any, type], ...] = ((model.Number, OrdinalNumbers),)
