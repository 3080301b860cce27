"""readinglist's citeproc layer changes nothing outside its own renderings.

The standard (../shared/STYLE.md, DESIGN.md): importing readinglist never changes other code
in the process. citeproc-py is used through element classes of our own
(readinglist/render/scoped.py); these tests check that stock citeproc-py, used directly in the
same process, behaves exactly as in a process that never saw readinglist.
"""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
import threading
from typing import Any

import citeproc
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
    frontend,
    model,
    source,
    string,
)
from citeproc.source.json import CiteProcJSON

from readinglist.render import engine

ITEMS: list[dict[str, Any]] = [
    {
        "id": "wampold2015",
        "type": "article-journal",
        "title": "How important are the common factors in psychotherapy? An update",
        "container-title": "World Psychiatry",
        "volume": "14",
        "issue": "3",
        "page": "270-277",
        "author": [{"family": "Wampold", "given": "Bruce E."}],
        "issued": {"date-parts": [[2015]]},
    },
    {
        "id": "law2013",
        "type": "book",
        "title": "Defeating depression",
        "publisher": "Robinson",
        "editor": [{"family": "Law", "given": "Roslyn"}],
        "issued": {"date-parts": [[2013]]},
    },
]

STOCK = """
import json, sys, warnings
warnings.simplefilter("ignore")
from citeproc import (Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle,
                      formatter)
from citeproc.source.json import CiteProcJSON
items = json.loads(sys.stdin.read())
style = CitationStylesStyle("apa", validate=False)
bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
bibliography.register(Citation([CitationItem(i["id"]) for i in items]))
bibliography.sort()
print(json.dumps([str(e) for e in bibliography.bibliography()]))
"""


def plain_citeproc_py(items: list[dict[str, Any]]) -> list[str]:
    style = CitationStylesStyle("apa", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    bibliography.register(Citation([CitationItem(i["id"]) for i in items]))
    bibliography.sort()
    return [str(e) for e in bibliography.bibliography()]


def test_plain_citeproc_py_gives_stock_output_after_a_readinglist_rendering() -> None:
    ours = engine.render_bibliography(ITEMS, "apa", cache=False)
    assert "<i>World Psychiatry</i>" in ours[1].html  # readinglist renders HTML

    after = plain_citeproc_py(ITEMS)

    fresh = subprocess.run(
        [sys.executable, "-c", STOCK],
        input=json.dumps(ITEMS),
        capture_output=True,
        text=True,
        check=True,
    )
    assert after == json.loads(fresh.stdout)  # as in a process that never saw readinglist
    assert not any("<i>" in entry for entry in after)  # the plain formatter's own output


def test_no_attribute_of_citeproc_py_is_replaced() -> None:
    """No function or method of citeproc-py's classes and modules is one of readinglist's,
    also after readinglist has loaded styles and rendered."""
    engine.render_bibliography(ITEMS, "chicago-author-date", cache=False)
    foreign = []
    for module in (citeproc, frontend, model, source, string, formatter.html, formatter.plain):
        for name, value in vars(module).items():
            if inspect.isfunction(value) and value.__module__.startswith("readinglist"):
                foreign.append(f"{module.__name__}.{name}")
            if inspect.isclass(value) and value.__module__.startswith("citeproc"):
                for attribute, member in vars(value).items():
                    function = getattr(member, "fget", member)
                    module_name = str(getattr(function, "__module__", None) or "")
                    if module_name.startswith("readinglist"):
                        foreign.append(f"{value.__qualname__}.{attribute}")
    assert foreign == []


def test_two_threads_render_at_once() -> None:
    """Per-rendering state is per rendering: two lists rendered at once in one style come
    out as each does alone."""
    lists = [ITEMS, [dict(ITEMS[0], id="other", title="Another title"), *ITEMS[1:]]]
    alone = [engine.render_bibliography(items, "apa", cache=False) for items in lists]
    results: dict[int, list[engine.Rendered]] = {}
    barrier = threading.Barrier(2)

    def render(index: int) -> None:
        barrier.wait()
        for _ in range(5):
            results[index] = engine.render_bibliography(lists[index], "apa", cache=False)

    threads = [threading.Thread(target=render, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [results[0], results[1]] == alone
