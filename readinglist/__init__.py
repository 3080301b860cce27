"""readinglist: keep a training event's references as BibTeX and publish its reading list.

The public API, for scripts and other tools::

    from pathlib import Path
    import readinglist

    library = readinglist.Library.load([Path("refs")])
    event = readinglist.load_event(Path("events/ipt-refresher-2024.toml"))
    for entry in readinglist.render_bibliography(library.to_csl(list(event.keys)), style="apa"):
        print(entry.text)

Names are imported on first use, so that ``import readinglist`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "BibtexSyntaxError": "readinglist.errors",
    "DuplicateKeyError": "readinglist.errors",
    "Event": "readinglist.model",
    "EventEntry": "readinglist.model",
    "EventError": "readinglist.errors",
    "FetchError": "readinglist.errors",
    "InvalidDoiError": "readinglist.errors",
    "Library": "readinglist.library",
    "NotFoundError": "readinglist.errors",
    "Person": "readinglist.model",
    "Problem": "readinglist.model",
    "PubState": "readinglist.model",
    "ReadingListError": "readinglist.errors",
    "Reference": "readinglist.model",
    "Rendered": "readinglist.render.engine",
    "Section": "readinglist.model",
    "StyleError": "readinglist.errors",
    "StyleNotFoundError": "readinglist.errors",
    "UnknownKeyError": "readinglist.errors",
    "WriteError": "readinglist.errors",
    "load_event": "readinglist.events",
    "render_bibliography": "readinglist.render.engine",
    "to_csl": "readinglist.csl.from_bibtex",
}

__all__ = sorted([*_EXPORTS, "__version__"])

if TYPE_CHECKING:
    from readinglist.csl.from_bibtex import to_csl
    from readinglist.errors import (
        BibtexSyntaxError,
        DuplicateKeyError,
        EventError,
        FetchError,
        InvalidDoiError,
        NotFoundError,
        ReadingListError,
        StyleError,
        StyleNotFoundError,
        UnknownKeyError,
        WriteError,
    )
    from readinglist.events import load_event
    from readinglist.library import Library
    from readinglist.model import Event, EventEntry, Person, Problem, PubState, Reference, Section
    from readinglist.render.engine import Rendered, render_bibliography


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'readinglist' has no attribute {name!r}")
