"""A name particle joined to the family name by a hyphen or an apostrophe: CSL 1.0.2,
"Name-part Order".

Arabic articles are written joined to the family name ("al-One", "el-Sayed"). citeproc-js
reads such a lower-case prefix ending in a hyphen as the name's non-dropping particle, and
joins it to the family name without a space; CSL 1.0.2 "Name-part Order" then places it: with
``demote-non-dropping-particle="display-and-sort"`` an inverted name shows it after the given
name ("One, Alan al-") and sorts under the family name (between "Marple" and "Participle").
Stock citeproc-py joins a particle to the family name with a space ("al- One"). A
non-dropping particle that ends in an apostrophe is joined the same way ("d’Alembert",
"boven d’Eert"), as both reference processors print it, unless it was read out of a family
name where a space followed it ("de’ Frinkle", as citeproc-js keeps it).

CSL 1.0.2, "Name-part Formatting": the text case of ``<name-part name="given">`` applies to
the given name and the dropping particle, that of ``name="family"`` to the family name and
the non-dropping particle, each particle wherever the name order puts it
(:class:`ParticlesTakeTheirPartsCase`).
"""

from __future__ import annotations

import re
from typing import Any

from citeproc import model
from citeproc.source import Name
from citeproc.string import String

from readinglist.render import marks
from readinglist.render.fixes.base import _ANSWERS, _NO_ANSWERS, Element, current
from readinglist.render.reference import SpacedParticleName

# A word ending in a hyphen, before a letter: a particle when the word opens in lower case
# and the family name after it in upper case ("al-One"; not "Žilinskaitė-Šinkūnienė"),
# letters of any script (:func:`_split`).
_HYPHENATED = re.compile(r"^([^\W\d_]+-)(?=[^\W\d_])")


# A particle ending in one of these is written joined (a name's straight apostrophes are
# typographic by now: reference._name_part).
_JOINING = ("-", "’")


def _split(name: Any) -> tuple[str, str] | None:
    """(particle, family) of a name whose particle ends in a hyphen or an apostrophe, else
    None."""
    if not isinstance(name, Name) or "literal" in name or name.get("dropping-particle"):
        return None
    family = name.get("family") or ""
    particle = name.get("non-dropping-particle") or ""
    if particle:
        if isinstance(name, SpacedParticleName) and not particle.endswith("-"):
            return None  # written with a space after it ("de' Frinkle"): kept
        return (particle, family) if particle.endswith(_JOINING) and family else None
    m = _HYPHENATED.match(family)
    if not m or not (family[0].islower() and family[m.end()].isupper()):
        return None
    return (m.group(1), family[m.end() :])


def _with_parts(name: Any, particle: str | None, family: str) -> Any:
    fields = {k: v for k, v in name.items() if k not in ("non-dropping-particle", "family")}
    if particle:
        fields["non-dropping-particle"] = particle
    return Name(family=family, **fields)


class _NamesReplaced:
    """A reference whose name list `variable` reads as `names` (the reference itself is
    left as it is)."""

    def __init__(self, reference: Any, variable: str, names: list[Any]) -> None:
        self._reference, self._variable, self._names = reference, variable, names

    def get(self, key: str, default: Any = None) -> Any:
        return self._names if key == self._variable else self._reference.get(key, default)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reference, name)


class _ItemWithNames:
    """A cited item whose reference is `reference` (citeproc-py's items read theirs from the
    bibliography)."""

    def __init__(self, item: Any, reference: Any) -> None:
        self._item, self.reference = item, reference

    def __getattr__(self, name: str) -> Any:
        return getattr(self._item, name)

    def __contains__(self, key: object) -> bool:
        return key in self._item

    def __getitem__(self, key: str) -> Any:
        return self._item[key]


def with_names(item: Any, variable: str, names: list[Any]) -> Any:
    """`item` as a cs:names element sees it, with `variable` holding `names` (the reference
    itself is left as it is)."""
    return _ItemWithNames(item, _NamesReplaced(item.reference, variable, names))


def inverted(order: Any, position: int) -> bool:
    """CSL 1.0.2, name-as-sort-order: whether the name at `position` (from 0) of a list is
    written family name first: "all" inverts every name, "first" the first one only."""
    return order == "all" or (order == "first" and position == 0)


class HyphenatedParticle(Element):
    """cs:name: a particle ending in a hyphen or an apostrophe is demoted (inverted names with
    demote-non-dropping-particle="display-and-sort", the one case where citeproc-py moves
    the particle after the given name) or else written joined to the family name."""

    def process(
        self,
        item: Any,
        variable: str,
        context: Any = None,
        sort_options: Any = None,
        **kwargs: Any,
    ) -> Any:
        names = item.reference.get(variable) or []
        split = [_split(name) for name in names]
        if not any(split):
            return super().process(  # type: ignore[misc]
                item, variable, context=context, sort_options=sort_options, **kwargs
            )
        demoted = self.get_option("demote-non-dropping-particle", context, sort_options)
        order = self.get_option("name-as-sort-order", context, sort_options)
        long_form = self.get_option("form", context, sort_options) == "long"
        out = []
        for i, (name, parts) in enumerate(zip(names, split, strict=True)):
            if parts is None:
                out.append(name)
                continue
            if long_form and inverted(order, i) and demoted == "display-and-sort":
                out.append(_with_parts(name, parts[0], parts[1]))
            else:
                out.append(_with_parts(name, None, parts[0] + parts[1]))
        return super().process(  # type: ignore[misc]
            with_names(item, variable, out),
            variable,
            context=context,
            sort_options=sort_options,
            **kwargs,
        )


def _joins_in_display(name: Any) -> bool:
    """Whether `name` has a dropping particle that ends in a hyphen or an apostrophe and
    nothing between it and the family name."""
    if not isinstance(name, Name) or "literal" in name or name.get("non-dropping-particle"):
        return False
    particle = name.get("dropping-particle") or ""
    return bool(particle.endswith(_JOINING) and name.get("family"))


def _without_joining_space(text: Any) -> Any:
    """`text` with each PARTICLE_JOINED mark gone, and the space that follows it: the
    particle meets the family name ("d’Jones"). Pieces of a rich string keep their kind."""
    if isinstance(text, list):  # citeproc-py's MixedString: pieces of text and of NoCase
        out = []
        drop_space = False
        for piece in text:
            if drop_space and isinstance(piece, str) and piece.startswith(" "):
                piece = type(piece)(str(piece)[1:])
            drop_space = isinstance(piece, str) and str(piece).endswith(marks.PARTICLE_JOINED)
            out.append(_without_joining_space(piece))
        return type(text)(out)
    if isinstance(text, str):
        return type(text)(_JOINED_SPACE.sub("", str(text)))
    return text


_JOINED_SPACE = re.compile(marks.PARTICLE_JOINED + "[ \u00a0]?")


class DroppingParticleJoined(Element):
    """cs:name: a dropping particle that ends in an apostrophe (or a hyphen) is written joined
    to the family name it precedes when the name is in display order ("John d’Jones", "J.
    d’Jones"), as the non-dropping one is (:class:`HyphenatedParticle`) and as both reference
    processors print it; an inverted name keeps it after the given name ("Jones, John d’").
    Stock citeproc-py parted them by a space ("John d’ Jones")."""

    def process(
        self,
        item: Any,
        variable: str,
        context: Any = None,
        sort_options: Any = None,
        **kwargs: Any,
    ) -> Any:
        names = item.reference.get(variable) or []
        if current().sorting or not any(_joins_in_display(name) for name in names):
            return super().process(  # type: ignore[misc]
                item, variable, context=context, sort_options=sort_options, **kwargs
            )
        order = self.get_option("name-as-sort-order", context, sort_options)
        out = []
        for i, name in enumerate(names):
            if inverted(order, i) or not _joins_in_display(name):
                out.append(name)
                continue
            fields = dict(name.items())
            fields["dropping-particle"] += marks.PARTICLE_JOINED
            out.append(Name(**fields))
        text = super().process(  # type: ignore[misc]
            with_names(item, variable, out),
            variable,
            context=context,
            sort_options=sort_options,
            **kwargs,
        )
        return _without_joining_space(text)


class HyphenatedParticleSortKey(Element):
    """cs:key with a name variable: sorted under the family name when the particle is
    demoted for sorting (demote-non-dropping-particle "sort-only" or "display-and-sort")."""

    def _format_name(self, item: Any, variable: str) -> Any:
        names = item.reference.get(variable) or []
        split = [_split(name) for name in names]
        if not any(split):
            return super()._format_name(item, variable)  # type: ignore[misc]
        demote = self.get_root().get("demote-non-dropping-particle", "display-and-sort")
        demoted = demote.lower() in ("sort-only", "display-and-sort")
        out = [
            name
            if parts is None
            else _with_parts(name, parts[0], parts[1])
            if demoted
            else _with_parts(name, None, parts[0] + parts[1])
            for name, parts in zip(names, split, strict=True)
        ]
        replaced = with_names(item, variable, out)
        return super()._format_name(replaced, variable)  # type: ignore[misc]


# Marks around a particle while a name list is formatted, naming the part whose text case it
# takes: a dropping particle the given name's, a non-dropping one the family name's.
_ROLE_MARKS = {"given": marks.GIVEN_ROLE, "family": marks.FAMILY_ROLE}
# A marked particle, kept whole by re.split (its text is at the odd places of the split).
_MARKED = re.compile("({0}[^{1}]*{1}|{2}[^{3}]*{3})".format(*marks.GIVEN_ROLE, *marks.FAMILY_ROLE))
_UNMARK = str.maketrans("", "", "".join((*marks.GIVEN_ROLE, *marks.FAMILY_ROLE)))


def unmarked(text: Any, table: dict[int, Any] = _UNMARK) -> Any:
    """`text` without the marks `table` deletes (the particle marks unless told), each
    piece of a rich string keeping its kind."""
    if isinstance(text, list):  # citeproc-py's MixedString: pieces of text and of NoCase
        return type(text)([unmarked(piece, table) for piece in text])
    if isinstance(text, str):
        return type(text)(str(text).translate(table))
    return text


def _particled(name: Any) -> bool:
    return (
        isinstance(name, Name)
        and "literal" not in name
        and bool(name.get("dropping-particle") or name.get("non-dropping-particle"))
    )


def _marked(name: Any, parts: dict[str, Any]) -> Any:
    """`name` with each particle cased by the name-part of its role (`parts`, by role) and
    between marks: the part its text lands in leaves it as it is."""
    if not _particled(name):
        return name
    fields = dict(name.items())
    for key, role in (("dropping-particle", "given"), ("non-dropping-particle", "family")):
        if fields.get(key):
            start, end = _ROLE_MARKS[role]
            part = parts.get(role)
            text = fields[key] if part is None else str(part.case(fields[key]))
            fields[key] = f"{start}{text}{end}"
    return Name(**fields)


class ParticlesTakeTheirPartsCase(Element):
    """cs:name: a name's particles are cased by the name-part of their role, wherever the
    name order puts them: "Marcel van ASSEN" for ``<name-part name="family"
    text-case="uppercase"/>`` (the dropping particle is no part of the family name), "Assen,
    M. A. Van" for a given name-part's capitalize-first (the particle is cased as a word of
    its own), as both reference processors print them. Stock citeproc-py cases the particles
    with whatever part it joins them to: "VAN ASSEN", "M. A. van"."""

    def process(
        self,
        item: Any,
        variable: str,
        context: Any = None,
        sort_options: Any = None,
        **kwargs: Any,
    ) -> Any:
        # Asked for every name list: a style without cased name-parts (most) passes at once.
        parts = self.__dict__.get(_ANSWERS, _NO_ANSWERS).get("cased name-parts")
        if parts is None:
            parts = self.answer("cased name-parts", self._cased_parts)
        names = (item.reference.get(variable) or []) if parts else []
        if not any(_particled(name) for name in names) or current().sorting:
            return super().process(  # type: ignore[misc]
                item, variable, context=context, sort_options=sort_options, **kwargs
            )
        marked = with_names(item, variable, [_marked(name, parts) for name in names])
        text = super().process(  # type: ignore[misc]
            marked, variable, context=context, sort_options=sort_options, **kwargs
        )
        return unmarked(text)

    def _cased_parts(self) -> dict[str, Any]:
        """The name-parts with a text case, by role (its children, not findall: that lists a
        name's affixes as a part too, names.py)."""
        return {
            str(child.get("name")): child
            for child in self.iterchildren()
            if str(child.tag).endswith("}name-part") and child.get("text-case")
        }


class PartCaseByRole(Element):
    """cs:name-part: the marked particles in a part's text keep the case of their own role
    (see :class:`ParticlesTakeTheirPartsCase`); an absent or empty part (a name with no given
    name) is left as it is, unformatted."""

    def format_part(self, given: Any, family: Any) -> tuple[Any, Any]:
        role = self.get("name")
        text = given if role == "given" else family if role == "family" else ""
        if not text:
            # No part to format: an organisation or "et al." written as a name has no given
            # name (None, or "" once an inverted name has joined its particles to it), and
            # formatting one printed "None", or an empty span that the sort separator
            # followed ("Wikipedia, ." with a small-caps given name-part)
            return given, family
        if not isinstance(text, str) or not _MARKED.search(text):
            return super().format_part(given, family)  # type: ignore[misc,no-any-return]
        pieces = _MARKED.split(text)  # the part's own text, then a particle, and so on
        for n in range(0, len(pieces), 2):
            if pieces[n].strip():
                pieces[n] = str(self.case(pieces[n]))
        formatted = self.wrap(self.format(String("".join(pieces))))
        return (formatted, family) if role == "given" else (given, formatted)


MIXINS: tuple[tuple[Any, type], ...] = (
    (model.Name, DroppingParticleJoined),
    (model.Name, HyphenatedParticle),
    (model.Name, ParticlesTakeTheirPartsCase),
    (model.Name_Part, PartCaseByRole),
    (model.Key, HyphenatedParticleSortKey),
)
