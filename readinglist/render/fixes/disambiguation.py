"""CSL 1.0.2, "Disambiguation": citeproc-py does none.

Works whose citations would read the same ("Cuijpers et al., 2019" twice) are told apart as
the specification says and citeproc-js, the reference processor, does where it leaves the
way open: `disambiguate-add-names` adds the names hidden by et-al abbreviation one by one to
all members of a set of alike citations, `disambiguate-add-givenname` trying each name's
given name (initials, then in full) before the next is added (see :func:`_tell_apart`);
what is still alike is rendered with `disambiguate="true"` holding and then gets year
suffixes a, b, ... in bibliography order (`disambiguate-add-year-suffix`). The bibliography
entry shows the names and full given names its citation needed (:mod:`.names` reads the plan
from the rendering's state).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from typing import Any

from citeproc import NAMES, model
from citeproc.source import Citation
from citeproc.string import String

from readinglist import richtext
from readinglist.render.csljson import NAME_VARIABLES
from readinglist.render.fixes.base import _ANSWERS, _NO_ANSWERS, _UNKNOWN, Element, current
from readinglist.render.fixes.names import WholeGiven
from readinglist.render.reference import Cite, Others

CSL_NAMESPACE = "http://purl.org/net/xbiblio/csl"
# A word of a given name, with the period that may shorten it ("J.R." is two, "Jean-Paul" two).
_GIVEN_WORD = re.compile(r"[^\s.\-]+\.?")


def _citation_text(bibliography: Any, key: str) -> str:
    citation = Citation([Cite(key)])
    citation.bibliography = bibliography
    return str(bibliography.style.render_citation(citation, [], lambda item: None))


def _initials(given: str) -> str:
    """The given name as its initials read, to compare with another's: a word written
    shortened with its period ("Th.", "Karl.") stays whole, as the names print it
    (names.Initials) and as both reference processors do ("Th. W. Adorno" and "Theodor W.
    Adorno" differ as initials already)."""
    parts = []
    for word in _GIVEN_WORD.findall(given):
        bare = word.rstrip(".")
        parts.append(bare if len(bare) > 1 and word.endswith(".") else bare[:1])
    return " ".join(parts)


def _creators(reference: Any, printed: Sequence[str] = NAMES) -> tuple[str, list[Any]]:
    """The name variable a citation shows first and its names (without "and others"): the
    first of `printed` the reference has."""
    for variable in printed:
        names = reference.get(variable)
        if names:
            return variable, [n for n in names if not isinstance(n, Others)]
    return "", []


def _family(name: Any) -> str:
    """The part a name is told apart by: its family name (or literal); a name with a given
    part alone, that."""
    found = " ".join(
        str(name.get(p, "")) for p in ("non-dropping-particle", "family", "literal")
    ).strip()
    return found or str(name.get("given") or "")


def disambiguate(bibliography: Any) -> None:
    """Tell apart the works of `bibliography` whose citations would read the same."""
    state = current()
    shown, ambiguous = state.shown, state.ambiguous
    shown.clear()
    ambiguous.clear()
    state.givens.clear()
    state.levels.clear()
    state.conditions_met = 0
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
    # The citation's cs:name may set its own (a macro's "et-al-min='3' et-al-use-first='1'").
    et_al_min = _number(_citation_option(root, citation_element, "et-al-min"))
    et_al_first = _number(_citation_option(root, citation_element, "et-al-use-first"))
    marked = _initialize_with(bibliography.style.root, citation_element) is not None
    names_limit = max(
        int(citation_element.get(name) or 0) for name in ("et-al-min", "et-al-subsequent-min")
    )
    persons: dict[str, set[str]] = {}
    if options["disambiguate-add-givenname"] and not rule.startswith("by-cite"):
        persons = _tell_names_apart(bibliography.items, rule)
    # Only works that share their first creator's family name, or their title, can have the
    # same citation: a citation that prints no name prints the title (the else branch of a
    # note style: two works of one title and year by different authors take "a" and "b", as
    # both reference processors give them). Render citations for those alone (rendering all
    # would double the work). The year is not part of the key: a citation need not show it
    # (MLA's "(Higgins et al.)").
    unresolved: list[list[Any]] = []
    printed = _citation_name_variables(root, citation_element)
    et_al_printed = _et_al_printed(root, citation_element)
    for items in _candidates(bibliography.items, printed):
        if len(items) < 2:
            continue
        alike: dict[str, list[Any]] = {}
        for item in items:
            alike.setdefault(_citation_text(bibliography, item.key), []).append(item)
        for text, group in alike.items():
            # A citation that prints nothing reads like no other: the works keep no year
            # suffix (a note style that cites an author alone, for works without one), as
            # both reference processors print them.
            if len(group) > 1 and richtext.strip_tags(text).strip():
                told = _tell_apart(
                    group,
                    options,
                    rule,
                    (et_al_min, et_al_first, names_limit),
                    shown,
                    marked,
                    persons,
                    printed,
                    et_al_printed,
                )
                unresolved.extend([item.reference for item in items] for items in told)
    # CSL 1.0.2, "Disambiguation", step 3: what is still alike is rendered with the
    # cs:choose conditions disambiguate="true" holding, one more at a time in the order the
    # citation meets them, until the citations differ (as citeproc-js adds them: a title
    # that tells two works apart is not followed by their editions too); then (step 4) year
    # suffixes, with every condition holding.
    if unresolved and _has_disambiguate_condition(bibliography.style.root):
        by_reference = {id(item.reference): item for item in bibliography.items}
        still: list[list[Any]] = []
        work = [(group, 1) for group in unresolved]
        while work:
            group, level = work.pop()
            ambiguous.update((id(reference), reference) for reference in group)
            texts: dict[str, list[Any]] = {}
            for reference in group:
                state.levels[id(reference)] = level
                key = by_reference[id(reference)].key
                texts.setdefault(_citation_text(bibliography, key), []).append(reference)
            for same in texts.values():
                if len(same) < 2:
                    continue
                if level < state.conditions_met:
                    work.append((same, level + 1))
                    continue
                for reference in same:
                    del state.levels[id(reference)]
                still.append(same)
        unresolved = still
    if options["disambiguate-add-year-suffix"]:
        for group in unresolved:
            for index, reference in enumerate(group):
                reference["year_suffix"] = String(_suffix(index))


def _candidates(items: list[Any], printed: Sequence[str]) -> list[list[Any]]:
    """The works of `items` that may share a citation, in groups, each in the order of
    `items`: those linked, directly or through others, by their first creator's family name
    or by their title (case apart). Each work's year suffix is cleared on the way.

    The creator is the first of the name variables the citation can print (`printed`, in the
    order its cs:names and their substitutes try them): a work with none of them prints no
    name, whoever edited it, and reads like every other such work of its year (coral-reefs
    cites authors alone, so three proceedings with only editors read "(2018)" and take
    "2018a", "2018b", "2018c", as both reference processors give them)."""
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with: dict[tuple[str, str], int] = {}
    for i, item in enumerate(items):
        reference = item.reference
        reference.pop("year_suffix", None)
        first = _creators(reference, printed)[1][:1]
        keys = [("family", _family(first[0]).casefold() if first else "")]
        title = str(reference.get("title") or "").strip().casefold()
        if title:
            keys.append(("title", title))
        for key in keys:
            j = first_with.setdefault(key, i)
            if j != i:
                parent[root(i)] = root(j)
    groups: dict[int, list[Any]] = {}
    for i, item in enumerate(items):
        groups.setdefault(root(i), []).append(item)
    return list(groups.values())


def _initialize_with(root: Any, citation: Any) -> str | None:
    """The initialize-with the citation's names take (:func:`_citation_option`)."""
    return _citation_option(root, citation, "initialize-with")


def _citation_option(root: Any, citation: Any, option: str) -> str | None:
    """The name `option` of the first cs:name the citation renders (through its macros),
    else of cs:citation, else of cs:style (CSL 1.0.2, "Inheritable Name Options")."""
    name = _first_citation_name(root, citation)
    for holder in (name, citation, root):
        if holder is not None and holder.get(option) is not None:
            return str(holder.get(option))
    return None


def _citation_name_variables(root: Any, citation: Any) -> tuple[str, ...]:
    """The name variables the cs:names of the citation list, through its macros and in
    cs:substitute too, in the order the style tries them (as citeproc-py spells them, with
    underscores)."""
    found: dict[str, None] = {}
    for element in _in_citation_order(root, citation):
        if element.tag == f"{{{CSL_NAMESPACE}}}names":
            for variable in str(element.get("variable", "")).replace("-", "_").split():
                if variable in NAME_VARIABLES:  # not "title" in error
                    found.setdefault(variable)
    return tuple(found)


def _et_al_printed(root: Any, citation: Any) -> bool:
    """Whether the citation's "et al." prints anything: a style may define its et-al term
    as empty (revista-ladinia's "and others"), and then a list cut short reads as the names
    it shows, so "Strickland" with three more authors and "Strickland" alone are alike and
    take year suffixes, as both reference processors give them."""
    name = _first_citation_name(root, citation)
    if name is None:
        return True
    try:
        return bool(str(name.et_al() or "").strip())
    except (IndexError, KeyError, AttributeError, TypeError, ValueError):
        return True


def _first_citation_name(root: Any, citation: Any) -> Any:
    """The first cs:name the citation renders, through its macros (None when it has none)."""
    name = f"{{{CSL_NAMESPACE}}}name"
    return next((e for e in _in_citation_order(root, citation) if e.tag == name), None)


def _in_citation_order(root: Any, citation: Any) -> Iterator[Any]:
    """The elements of `citation` in document order, each macro it calls (through cs:text)
    read where it is called, the first time."""
    macros = {str(m.get("name")): m for m in root.iter(f"{{{CSL_NAMESPACE}}}macro")}
    seen: set[str] = set()

    def walk(element: Any) -> Iterator[Any]:
        for child in element.iter():
            yield child
            macro = child.get("macro") if child.tag == f"{{{CSL_NAMESPACE}}}text" else None
            if macro and macro in macros and macro not in seen:
                seen.add(macro)
                yield from walk(macros[macro])

    return walk(citation)


def _number(value: str | None) -> int:
    """An et-al option's number; a value that is none counts as not set."""
    return int(value) if value is not None and value.strip().isdigit() else 0


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
        held = _held(item, wanted)
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
        wanted = self.__dict__.get(_ANSWERS, _NO_ANSWERS).get("disambiguate", _UNKNOWN)
        if wanted is _UNKNOWN:
            wanted = self.answer("disambiguate", self.get, "disambiguate")
        if wanted is None:
            return super().holds(item)  # type: ignore[misc,no-any-return]
        held = _held(item, wanted)
        match = self.get("match", "all")
        if match == "any" and held:
            return True
        if (match == "all" and not held) or (match == "none" and held):
            return False
        return super().holds(item)  # type: ignore[misc,no-any-return]


def _held(item: Any, wanted: str) -> bool:
    """Whether a disambiguate test asking `wanted` ("true" or "false") holds for `item`: a
    citation counts the "true" tests it meets, and the first `levels` of them hold for an
    ambiguous reference (a bibliography entry, which meets them in another order, has all)."""
    state = current()
    reference = id(item.reference)
    ambiguous = reference in state.ambiguous
    if wanted == "true" and ambiguous and state.cite is not None:
        met = state.cite["conditions met"] = state.cite.get("conditions met", 0) + 1
        state.conditions_met = max(state.conditions_met, met)
        ambiguous = met <= state.levels.get(reference, met)
    return ambiguous == (wanted == "true")


MIXINS: tuple[tuple[Any, type], ...] = ((model.If, DisambiguateCondition),)


def _tell_names_apart(items: list[Any], rule: str) -> dict[str, set[str]]:
    """CSL 1.0.2, givenname-disambiguation-rule "all-names" and "primary-name" (with or
    without "-with-initials"): names, not citations, are told apart, in every citation. Two
    persons shown with the same family name (the first name only, for "primary-name") show
    their initials; where those are alike too, and the rule allows it, their given names in
    full, which the bibliography entry then shows as given ("Smith, Mary L" beside "Smith,
    Mary Lee", as citeproc-js prints them). Under "all-names" that holds for every name, also
    one an et-al abbreviation hides in the citation: a bibliography that lists every name in
    the short form shows its initials (austrian-legal: "…/Saretzki/Sust, L./Hauck", beside
    another Sust), as both reference processors print it."""
    primary = rule.startswith("primary")

    def names_of(reference: Any) -> list[Any]:
        """The names told apart: the first of the citation's, or every name of the work
        (its editors too: "Miller, A. G. (Hrsg)" beside an author "Miller, E.")."""
        if primary:
            return _creators(reference)[1][:1]
        return [
            name
            for variable in NAMES
            for name in reference.get(variable) or ()
            if not isinstance(name, Others)
        ]

    shown = [name for item in items for name in names_of(item.reference) if name.get("given")]
    # One person may be written "Richard D" here and "Richard D." there: given names are
    # compared without their periods.
    # The persons a name is told from: under "all-names", every name of every work, also
    # those an et-al abbreviation hides in the citation (the bibliography prints them);
    # under "primary-name", the first names.
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
    return persons


def _name_level(name: Any, persons: dict[str, set[str]], rule: str) -> int:
    """Under the name rules, how a name is shown among the persons of its family name: 0
    (family name alone), 1 (initials), 2 (given name in full, where initials are alike and
    the rule allows it)."""
    given = str(name.get("given") or "")
    givens = persons.get(_family(name).casefold(), set())
    if not given or len(givens) < 2:
        return 0
    initials = _hyphened_initials(_bare(given))
    alike = sum(_hyphened_initials(other) == initials for other in givens) > 1
    if not alike:
        return 1
    # Initials alike tell nothing apart: the given name in full where the rule allows it,
    # else nothing ("G. T. Barnes" and "Gary T. Barnes" under APA's primary-name-with-
    # initials: "Barnes & Frey, 1991a", as both reference processors print it).
    return 0 if rule.endswith("with-initials") else 2


def _hyphened_initials(given: str) -> str:
    """Initials that keep a hyphen: "Fen-Biao" is "F-B", not "F B"."""
    return " ".join("-".join(p[:1] for p in word.split("-") if p) for word in given.split())


def _bare(given: str) -> str:
    """A given name without its periods and case, to compare with another."""
    return " ".join(re.sub(r"\.", " ", given).split()).casefold()


class _Pair:
    """What tells the citations of two works apart, worked out once: the first position at
    which their family names differ (or one list ends), and the positions (before it) at
    which their given names differ as initials and in full."""

    __slots__ = ("families", "full", "initials")

    def __init__(self, families: float, initials: list[int], full: list[int]) -> None:
        self.families = families
        self.initials = initials
        self.full = full


def _tell_apart(
    items: list[Any],
    options: dict[str, bool],
    rule: str,
    limits: tuple[int, int, int],
    shown: dict[int, tuple[Any, str, int]],
    marked: bool,
    persons: dict[str, set[str]],
    printed: Sequence[str],
    et_al_printed: bool = True,
) -> list[list[Any]]:
    """Disambiguate citations that read the same (CSL 1.0.2, "Disambiguation", steps 1 and
    2): names hidden by et-al abbreviation "are added one by one to all members of a set of
    ambiguous cites", and with givenname-disambiguation-rule "by-cite" the given name of each
    name shown is tried (as initials, then in full) before the next name is added.

    CSL 1.0.2 leaves open how a set shrinks as its cites are told apart; this follows
    citeproc-js, the reference processor, step by step, since the names a citation shows are
    the names its bibliography entry shows. The works are taken in the order of their number
    of names (compared as text, "10" before "3"), then of their keys; one count of names and
    one level per given name serve the whole set and only grow. After each step the first
    work of the set is compared with the others: when it reads differently from all of them
    it keeps the names reached so far and leaves the set (and so do the others, when only
    one is left); when only one other differs, that one leaves; when fewer read as it does
    than before, the set splits in two, the others to be told apart later with the count
    reached. Works that still read alike when no name is left to add are returned, in groups
    that read alike (for the later steps: the disambiguate condition, year suffixes), showing
    the names last found useful. A list of more than 50 names is tried with its first
    `names_limit` + 1 names and its last (as citeproc-js renders such a list while it
    disambiguates; `names_limit` is the largest et-al-min of cs:citation)."""
    et_al_min, et_al_first, names_limit = limits
    references = [item.reference for item in items]
    # The names a citation can show (none for a work with only editors, under a citation of
    # authors alone: such works are alike whatever their editors).
    variables = [_creators(r, printed)[0] for r in references]
    creators = [_long_list_cut(_creators(r, printed)[1], names_limit) for r in references]
    by_cite = rule.startswith("by-cite")
    same = str if by_cite else _bare
    # Citations are compared as rendered: "McGue" and "Mcgue" read differently.
    families = [[_family(name) for name in names] for names in creators]
    givens = [[same(str(name.get("given", ""))) for name in names] for names in creators]
    initials = [[_initials(given) for given in names] for names in givens]
    # Under the name rules (all-names, primary-name) a name shows what tells it from the
    # other persons of its family name (see _tell_names_apart), the names added here among
    # them: that is part of every try, and only names are added.
    chosen = current().givens
    fixed: list[list[int]] = []
    if not by_cite and options["disambiguate-add-givenname"]:
        persons = {family: set(known) for family, known in persons.items()}
        for names in creators:
            for name in names[: 1 if rule.startswith("primary") else len(names)]:
                if name.get("given"):
                    family = _family(name).casefold()
                    persons.setdefault(family, set()).add(_bare(str(name["given"])))
    by_name = not by_cite and options["disambiguate-add-givenname"]
    primary = rule.startswith("primary")
    for names in creators:
        fixed.append(
            [
                _name_level(name, persons, rule) if by_name and (p == 0 or not primary) else 0
                for p, name in enumerate(names)
            ]
        )
    truncated = bool(et_al_min and et_al_first)
    givens_max = 2 if options["disambiguate-add-givenname"] and by_cite else 0
    add_names = options["disambiguate-add-names"]
    if not add_names and not givens_max:
        return [items]  # step 1 and 2 do nothing: the set is left to the later steps

    def default(k: int) -> int:
        n = len(creators[k])
        return min(et_al_first, n) if truncated and n >= et_al_min else n

    order = sorted(range(len(items)), key=lambda k: (str(len(creators[k])), str(items[k].key)))
    names_max = len(creators[order[0]])
    base_names = default(order[0])
    base_givens = dict.fromkeys(range(base_names), 0)
    better_names, better_givens = base_names, dict(base_givens)
    pairs: dict[tuple[int, int], _Pair] = {}

    def pair(a: int, b: int) -> _Pair:
        found = pairs.get((a, b))
        if found is None:
            first = _first_difference(families[a], families[b])
            common = int(min(first, len(creators[a]), len(creators[b])))
            found = pairs[a, b] = _Pair(
                first,
                [p for p in range(common) if initials[a][p] != initials[b][p]],
                [p for p in range(common) if givens[a][p] != givens[b][p]],
            )
        return found

    def render(k: int) -> int:
        """How many names work k's citation shows with the set's count, which then becomes
        the count (as rendering a citation records what it showed)."""
        nonlocal base_names
        count = min(base_names, len(creators[k]))
        for position in range(count):
            base_givens.setdefault(position, 0)
        base_names = count
        return count

    def level(k: int, position: int) -> int:
        if not by_cite:
            return fixed[k][position]
        wanted = base_givens.get(position, 0)
        # Initials without initialize-with are the given name in full.
        return 2 if wanted == 1 and not marked else wanted

    def alike(a: int, count_a: int, b: int, count_b: int) -> bool:
        if count_a != count_b:
            return False
        if et_al_printed and (count_a < len(creators[a])) != (count_b < len(creators[b])):
            return False  # "et al." follows one of them only
        found = pair(a, b)
        if found.families < count_a:
            return False
        for position in found.initials:
            if position >= count_a:
                break
            if level(a, position) >= 1 or level(b, position) >= 1:
                return False
        for position in found.full:
            if position >= count_a:
                break
            if level(a, position) == 2 or level(b, position) == 2:
                return False
        return True

    registered: dict[int, tuple[int, dict[int, int]]] = {}

    def register(k: int) -> None:
        registered[k] = (better_names, dict(better_givens))

    def capture() -> None:
        nonlocal better_names
        if givens_max and gname in base_givens:
            better_givens[gname] = base_givens[gname]
        better_names = base_names

    lists: list[list[int]] = [order]
    unresolved: list[list[int]] = []
    init_givens = True
    gname = 0
    maxed_out = False
    while lists and not maxed_out:
        gname = 0
        clashes = [1, 0]
        while lists and lists[0] and not maxed_out:
            # One step: a given name's level, else one more name.
            maxed = False
            if init_givens:
                init_givens = False
            else:
                more_names = not givens_max
                if givens_max:
                    if base_givens and base_givens.get(gname, givens_max) < givens_max:
                        base_givens[gname] += 1
                    else:
                        more_names = True
                if more_names and add_names and gname < names_max:
                    base_names += 1
                    gname += 1
                maxed = (not add_names or gname == names_max) and (
                    not givens_max or base_givens.get(gname, givens_max) == givens_max
                )
            current_list = lists[0]
            lead = current_list[0]
            lead_count = render(lead)
            partners, others = [lead], []
            for other in current_list[1:]:
                if alike(lead, lead_count, other, render(other)):
                    partners.append(other)
                else:
                    others.append(other)
            clashes = [clashes[1], len(partners) - 1]
            if clashes[1] == 0 and len(others) == 1:
                capture()
                register(others[0])
                register(lead)
                lists[0] = []
            elif clashes[1] == 0:
                capture()
                register(lead)
                lists[0] = others
                init_givens = bool(others)
            elif len(others) == 1:
                capture()
                register(others[0])
                lists[0] = partners
            elif clashes[1] < clashes[0]:
                capture()
                lists[0] = partners
                lists.append(others)
            elif maxed:
                unresolved.append(partners)
                lists[0] = others
            if maxed:
                maxed_out = True
        if not maxed_out:
            lists = lists[1:]
    # No name is left to add: what is still in a set shows the names last found useful. The
    # sets not yet tried are compared with every name the count reached (it only grows), as
    # citeproc-js compares them: two works that read apart with three names ("Gnad,
    # Steinmetz, & Hoffmann", "Gnad, Steinmetz, Jany, et al.") take no year suffix because
    # another pair reads alike however many names show. The works still alike are left to
    # the later steps.
    reached, reached_givens = (
        (base_names, base_givens) if maxed_out else (better_names, better_givens)
    )
    for rest in lists:
        groups: dict[tuple[Any, ...], list[int]] = {}
        for k in rest:
            register(k)
            count = min(reached, len(creators[k]))
            key = tuple(
                (families[k][p], _given_shown(givens[k][p], initials[k][p], reached_givens, p))
                for p in range(count)
            )
            groups.setdefault((key, et_al_printed and count < len(creators[k])), []).append(k)
        unresolved.extend(groups.values())
    for group in unresolved:
        for k in group:
            register(k)
    for k, (count, registered_givens) in registered.items():
        reference, names = references[k], creators[k]
        if count > default(k):
            shown[id(reference)] = (reference, variables[k], count)
        if not by_cite:
            # The names added show what tells them from the other persons of their family.
            for position, name in enumerate(names[:count]):
                wanted = fixed[k][position]
                if not wanted or id(name) in chosen or not name.get("given"):
                    continue
                chosen[id(name)] = (name, "full" if wanted == 2 else "initials")
                if wanted == 2:
                    name["given"] = WholeGiven(name["given"])
            continue
        for position, wanted in registered_givens.items():
            if position >= len(names) or not wanted:
                continue
            name = names[position]
            full = wanted == 2 or not marked
            chosen[id(name)] = (name, "full" if full else "initials")
            if full and "given" in name:
                name["given"] = WholeGiven(name["given"])
    # In bibliography order (year suffixes follow it).
    return [[items[k] for k in sorted(group)] for group in unresolved if len(group) > 1]


def _long_list_cut(names: list[Any], limit: int) -> list[Any]:
    """A list of more than 50 names, and more than `limit` + 2, as its first `limit` + 1
    names and its last (`limit` 0: no cut)."""
    if limit and len(names) > 50 and len(names) > limit + 2:
        return [*names[: limit + 1], names[-1]]
    return names


def _given_shown(given: str, initial: str, levels: dict[int, int], position: int) -> str:
    wanted = levels.get(position, 0)
    return given if wanted == 2 else initial if wanted == 1 else ""


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
