"""CSL 1.0.2, "Disambiguation": citeproc-py does none.

Works whose citations would read the same ("Cuijpers et al., 2019" twice) are told apart as
both reference processors do it: `disambiguate-add-givenname` tries the given names of the
names shown, as initials or, where the rule allows and initials are not enough, in full;
`disambiguate-add-names` then shows the names past et-al-use-first one by one (each tried with
its given name) until the citation differs from the others; what is still alike gets year
suffixes a, b, ... in bibliography order (`disambiguate-add-year-suffix`). The bibliography
entry shows the names and full given names its citation needed (:mod:`.names` reads the plan
from the rendering's state).
"""

from __future__ import annotations

import math
import re
from typing import Any

from citeproc import NAMES, model
from citeproc.source import Citation
from citeproc.string import String

from readinglist.render.fixes.base import Element, current
from readinglist.render.fixes.names import WholeGiven
from readinglist.render.reference import Cite, Others

CSL_NAMESPACE = "http://purl.org/net/xbiblio/csl"


def _citation_text(bibliography: Any, key: str) -> str:
    citation = Citation([Cite(key)])
    citation.bibliography = bibliography
    return str(bibliography.style.render_citation(citation, [], lambda item: None))


def _initials(given: str) -> str:
    return "".join(part[0] for part in re.split(r"[\s.\-]+", given) if part)


def _creators(reference: Any) -> tuple[str, list[Any]]:
    """The name variable a citation shows first and its names (without "and others")."""
    for variable in NAMES:
        names = reference.get(variable)
        if names:
            return variable, [n for n in names if not isinstance(n, Others)]
    return "", []


def _family(name: Any) -> str:
    return " ".join(
        str(name.get(p, "")) for p in ("non-dropping-particle", "family", "literal")
    ).strip()


def disambiguate(bibliography: Any) -> None:
    """Tell apart the works of `bibliography` whose citations would read the same."""
    state = current()
    shown, ambiguous = state.shown, state.ambiguous
    shown.clear()
    ambiguous.clear()
    state.givens.clear()
    citation_element = bibliography.style.root.citation
    if citation_element is None:
        return
    options = {
        name: citation_element.get(name, "false").lower() == "true"
        for name in (
            "disambiguate-add-year-suffix",
            "disambiguate-add-names",
            "disambiguate-add-givenname",
        )
    }
    # Step 3, the disambiguate="true" condition, needs no option: it is tried whenever
    # citations are still alike (as citeproc-js does), in the bibliography entry too.
    if not any(options.values()) and not _has_disambiguate_condition(bibliography.style.root):
        return
    rule = citation_element.get("givenname-disambiguation-rule", "by-cite")
    root = bibliography.style.root  # name options are inherited from cs:style
    et_al_min = int(citation_element.get("et-al-min") or root.get("et-al-min") or 0)
    et_al_first = int(citation_element.get("et-al-use-first") or root.get("et-al-use-first") or 0)
    if options["disambiguate-add-givenname"] and not rule.startswith("by-cite"):
        _tell_names_apart(bibliography.items, rule, et_al_min, et_al_first)
    # Only works that share their first creator's family name can have the same citation;
    # render citations for those alone (rendering all would double the work). The year is
    # not part of the key: a citation need not show it (MLA's "(Higgins et al.)").
    candidates: dict[str, list[Any]] = {}
    for item in bibliography.items:
        reference = item.reference
        reference.pop("year_suffix", None)
        first = _creators(reference)[1][:1]
        candidates.setdefault(_family(first[0]).casefold() if first else "", []).append(item)
    unresolved: list[list[Any]] = []
    for items in candidates.values():
        if len(items) < 2:
            continue
        alike: dict[str, list[Any]] = {}
        for item in items:
            alike.setdefault(_citation_text(bibliography, item.key), []).append(item.reference)
        for references in alike.values():
            if len(references) > 1:
                groups = _tell_apart(references, options, rule, et_al_min, et_al_first, shown)
                unresolved.extend(groups)
    # CSL 1.0.2, "Disambiguation", step 3: what is still alike is rendered with the
    # cs:choose conditions disambiguate="true" holding; then (step 4) year suffixes.
    if unresolved and _has_disambiguate_condition(bibliography.style.root):
        by_reference = {id(item.reference): item for item in bibliography.items}
        still: list[list[Any]] = []
        for group in unresolved:
            ambiguous.update((id(reference), reference) for reference in group)
            texts: dict[str, list[Any]] = {}
            for reference in group:
                key = by_reference[id(reference)].key
                texts.setdefault(_citation_text(bibliography, key), []).append(reference)
            still.extend(alike for alike in texts.values() if len(alike) > 1)
        unresolved = still
    if options["disambiguate-add-year-suffix"]:
        for group in unresolved:
            for index, reference in enumerate(group):
                reference["year_suffix"] = String(_suffix(index))


def _has_disambiguate_condition(root: Any) -> bool:
    return any(
        element.get("disambiguate") == "true"
        for element in root.iter(f"{{{CSL_NAMESPACE}}}if", f"{{{CSL_NAMESPACE}}}else-if")
    )


class DisambiguateCondition(Element):
    """CSL 1.0.2, cs:choose, the `disambiguate` test: true only for an item whose citation
    is still ambiguous after names and given names were added (the disambiguation's step 3);
    stock citeproc-py ignores the test, so the condition always held (MLA's citations
    always carried a title, and nothing was told apart by names). A test of its own with
    match="any" or "all" combines with the element's other tests as CSL says."""

    def render(self, item: Any, context: Any = None, delimiter: str = "", **kwargs: Any) -> Any:
        wanted = self.get("disambiguate")
        if wanted is None:
            return super().render(item, context=context, delimiter=delimiter, **kwargs)  # type: ignore[misc]
        held = (id(item.reference) in current().ambiguous) == (wanted == "true")
        match = self.get("match", "all")
        if match == "any" and held:
            return self.render_children(item, context=context, delimiter=delimiter, **kwargs)
        if (match == "all" and not held) or (match == "none" and held):
            raise model.ConditionFailed
        # The other tests decide (stock citeproc-py skips the disambiguate test).
        return super().render(item, context=context, delimiter=delimiter, **kwargs)  # type: ignore[misc]

    def holds(self, item: Any) -> bool | None:
        """Whether the condition holds, as `render` decides it, without rendering (None when
        only rendering tells)."""
        wanted = self.get("disambiguate")
        if wanted is None:
            return super().holds(item)  # type: ignore[misc,no-any-return]
        held = (id(item.reference) in current().ambiguous) == (wanted == "true")
        match = self.get("match", "all")
        if match == "any" and held:
            return True
        if (match == "all" and not held) or (match == "none" and held):
            return False
        return super().holds(item)  # type: ignore[misc,no-any-return]


MIXINS: tuple[tuple[Any, type], ...] = ((model.If, DisambiguateCondition),)


def _tell_names_apart(items: list[Any], rule: str, et_al_min: int, et_al_first: int) -> None:
    """CSL 1.0.2, givenname-disambiguation-rule "all-names" and "primary-name" (with or
    without "-with-initials"): names, not citations, are told apart, in every citation. Two
    persons shown with the same family name (the first name only, for "primary-name") show
    their initials; where those are alike too, and the rule allows it, their given names in
    full, which the bibliography entry then shows as given ("Smith, Mary L" beside "Smith,
    Mary Lee", as citeproc-js prints them)."""
    shown: list[Any] = []
    for item in items:
        names = _creators(item.reference)[1]
        if rule.startswith("primary"):
            count = 1
        elif et_al_min and et_al_first and len(names) >= et_al_min:
            count = et_al_first
        else:
            count = len(names)
        shown.extend(name for name in names[:count] if name.get("given"))
    # One person may be written "Richard D" here and "Richard D." there: given names are
    # compared without their periods.
    persons: dict[str, set[str]] = {}
    for name in shown:
        persons.setdefault(_family(name).casefold(), set()).add(_bare(str(name["given"])))
    chosen = current().givens
    for name in shown:
        givens = persons[_family(name).casefold()]
        if len(givens) < 2:
            continue
        initials = _hyphened_initials(_bare(str(name["given"])))
        alike = sum(_hyphened_initials(given) == initials for given in givens) > 1
        if not alike:
            chosen[id(name)] = (name, "initials")
        elif not rule.endswith("with-initials"):
            # initials alone cannot tell them apart: the given name in full (the
            # bibliography shows it as given too)
            chosen[id(name)] = (name, "full")
            name["given"] = WholeGiven(name["given"])


def _hyphened_initials(given: str) -> str:
    """Initials that keep a hyphen: "Fen-Biao" is "F-B", not "F B"."""
    return " ".join("-".join(p[:1] for p in word.split("-") if p) for word in given.split())


def _bare(given: str) -> str:
    """A given name without its periods and case, to compare with another."""
    return " ".join(re.sub(r"\.", " ", given).split()).casefold()


def _shown(names: list[Any], count: int, expanded: dict[int, str]) -> tuple[Any, ...]:
    """What a citation reads of `names` when it shows `count` of them, with the given names
    of the positions in `expanded` as initials or in full. Whether "et al." follows does not
    count, as in both reference processors."""
    parts = []
    for position, name in enumerate(names[:count]):
        level = expanded.get(position)
        given = str(name.get("given", ""))
        shown = _initials(given) if level == "initials" else given if level == "full" else ""
        parts.append((_family(name).casefold(), shown))
    return tuple(parts)


def _tell_apart(
    references: list[Any],
    options: dict[str, bool],
    rule: str,
    et_al_min: int,
    et_al_first: int,
    shown: dict[int, tuple[Any, str, int]],
) -> list[list[Any]]:
    """Disambiguate citations that read the same, in the way both reference processors do:
    for each citation, the given name of each name shown is tried as initials, then in full
    (as the rule allows), and then the next name is added, until the citation reads
    differently from every other; those that never do are returned, in groups that read
    alike (for the later steps: the disambiguate condition, year suffixes).

    Each try compares a citation with each other one in constant time, from where their family
    names first differ (worked out once per pair): two copies of a 695-author paper cost a
    pass over their names, not one per name added."""
    creators = [_creators(r)[1] for r in references]
    # What tells two name lists apart, worked out once per pair rather than on every try:
    # families (case-folded) and list lengths, then given names as initials or in full.
    families = [[_family(name).casefold() for name in names] for names in creators]
    # Under the name rules (all-names, primary-name) one person is one person however the
    # given name is written ("Jeremy A." and "Jeremy A"), as in citeproc-js; by-cite compares
    # the given names as written.
    same = _bare if not rule.startswith("by-cite") else str
    givens = [[same(str(name.get("given", ""))) for name in names] for names in creators]
    shown_given = {
        "initials": [[_initials(given) for given in names] for names in givens],
        "full": givens,
    }
    truncated = bool(et_al_min and et_al_first)
    levels: tuple[str, ...] = ()
    if options["disambiguate-add-givenname"]:
        levels = ("initials",) if rule.endswith("with-initials") else ("initials", "full")
    primary = rule.startswith("primary")
    longest = max(len(names) for names in creators)
    unresolved: dict[tuple[Any, ...], list[Any]] = {}
    for i, names in enumerate(creators):
        default = et_al_first if truncated and len(names) >= et_al_min else len(names)
        count = default
        expanded: dict[int, str] = {}
        everyone = [j for j in range(len(creators)) if j != i]
        # A work whose citation reads as this one's with every name and given name shown (a
        # twin) cannot be told apart by names: it is left to the later steps (the
        # disambiguate condition, year suffixes), and this one shows the names that tell it
        # from the others ("Smith, Brown, et al." twice beside "Smith, Benson, et al."), as
        # citeproc-js does.
        twins = [j for j in everyone if _twins(i, j, families, shown_given, levels, primary)]
        others = [j for j in everyone if j not in twins]
        apart = [_first_difference(families[i], families[j]) for j in others]
        shortest = [min(len(names), len(creators[j])) for j in others]

        def differs(
            count: int,
            expanded: dict[int, str],
            i: int = i,
            others: list[int] = others,
            apart: list[float] = apart,
            shortest: list[int] = shortest,
        ) -> bool:
            """Whether the citation of work i, showing `count` names with the given names of
            `expanded`, reads differently from every other's (as :func:`_shown` compares)."""
            for j, first, common in zip(others, apart, shortest, strict=True):
                if first < count:
                    continue  # a family name, or the number of names, differs
                if not any(
                    shown_given[level][i][p] != shown_given[level][j][p]
                    for p, level in expanded.items()
                    if p < count and p < common
                ):
                    return False
            return True

        resolved = False
        positions = list(range(count))
        while others:
            for position in positions:
                if primary and position > 0:
                    break
                for level in levels:
                    expanded[position] = level
                    if differs(count, expanded):
                        resolved = True
                        break
                if resolved:
                    break
                expanded.pop(position, None)  # it did not help: show the name as before
            if resolved or not (options["disambiguate-add-names"] and truncated):
                break
            if count >= longest:
                break
            count += 1
            positions = [count - 1]
            if differs(count, expanded):
                resolved = True
                break
        if not resolved:
            # Alike with everything shown: those that still read the same share suffixes.
            limit = 1 if primary else len(names)
            full = dict.fromkeys(range(limit), levels[-1]) if levels else {}
            unresolved.setdefault(_shown(names, count, full), []).append(references[i])
            continue
        if twins:  # told apart from the others, still alike with its twins
            unresolved.setdefault(_shown(names, count, expanded), []).append(references[i])
        if count > default:
            shown[id(references[i])] = (references[i], _creators(references[i])[0], count)
        chosen = current().givens
        for position, level in expanded.items():
            chosen[id(names[position])] = (names[position], level)
            if level == "full" and "given" in names[position]:
                names[position]["given"] = WholeGiven(names[position]["given"])
    return [alike for alike in unresolved.values() if len(alike) > 1]


def _twins(
    i: int,
    j: int,
    families: list[list[str]],
    shown_given: dict[str, list[list[str]]],
    levels: tuple[str, ...],
    primary: bool,
) -> bool:
    """Whether the citations of works i and j read alike however many names and given names
    they show."""
    if families[i] != families[j]:
        return False
    if not levels:
        return True
    given_i, given_j = shown_given[levels[-1]][i], shown_given[levels[-1]][j]
    return given_i[:1] == given_j[:1] if primary else given_i == given_j


def _first_difference(mine: list[str], theirs: list[str]) -> float:
    """The first position at which two lists of family names read differently when cut at
    any length past it (a family name differs, or one list ends); infinity if never."""
    for position, (a, b) in enumerate(zip(mine, theirs, strict=False)):
        if a != b:
            return position
    return min(len(mine), len(theirs)) if len(mine) != len(theirs) else math.inf


def _suffix(index: int) -> str:
    """a..z, then aa, ab, ... as citeproc-js numbers them."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = letters[rest] + out
    return out
