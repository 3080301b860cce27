"""What readinglist corrects in citeproc-py, one module per CSL area.

citeproc-py is the CSL engine, but stock 0.11 departs from CSL 1.0.2 in ways a reading list
shows at once. Each fix restores one rule, names it, and has a test named after it in
``tests/test_citeproc_fixes.py`` (with a canary that says when stock citeproc-py gets the rule
right by itself); ``docs/citeproc-fixes.md`` lists them with where each belongs upstream.

A fix is a mixin class for one of citeproc-py's element classes (or one of its behaviour
classes, such as ``Affixed``). :mod:`readinglist.render.scoped` combines them into element
classes of our own that only the styles readinglist loads use: citeproc-py itself is never
changed, and a program that uses it next to readinglist sees it as it is.

Modules: :mod:`.bibliography` (subsequent-author-substitute), :mod:`.names`,
:mod:`.particles`, :mod:`.scripts` (CJK names), :mod:`.dates`, :mod:`.display`,
:mod:`.disambiguation`, :mod:`.groups` (cs:group and cs:label), :mod:`.labels`
(citation-label), :mod:`.sorting`, :mod:`.text_case`, :mod:`.punctuation`, :mod:`.pages`,
:mod:`.numbers` (is-numeric), :mod:`.ordinals`, :mod:`.conditions` (the type test),
:mod:`.formatting` (vertical-align), :mod:`.substitution`, :mod:`.terms`, and :mod:`.speed`
(no rule: the same output, sooner).
"""

from __future__ import annotations

from typing import Any

from readinglist.render.fixes import (
    bibliography,
    conditions,
    dates,
    disambiguation,
    display,
    formatting,
    groups,
    labels,
    names,
    numbers,
    ordinals,
    pages,
    particles,
    punctuation,
    scripts,
    sorting,
    speed,
    substitution,
    terms,
    text_case,
)

# (citeproc-py class, our mixin): an element class gets the mixins of every class it derives
# from. Where two mixins define one method, the one listed first wins.
MIXINS: tuple[tuple[Any, type], ...] = (
    *bibliography.MIXINS,
    *substitution.MIXINS,
    *names.MIXINS,
    *particles.MIXINS,
    *scripts.MIXINS,
    *groups.MIXINS,
    *dates.MIXINS,
    *disambiguation.MIXINS,
    *labels.MIXINS,
    *display.MIXINS,
    *sorting.MIXINS,
    *text_case.MIXINS,
    *numbers.MIXINS,  # before the page ranges: a list joined by "&" is split first
    *pages.MIXINS,
    *ordinals.MIXINS,
    *conditions.MIXINS,
    *formatting.MIXINS,
    *punctuation.MIXINS,
    *terms.MIXINS,
    *speed.MIXINS,
)
