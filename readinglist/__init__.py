"""readinglist: keep a training event's references as BibTeX and publish its reading list.

The public API, for scripts and other tools (the README's "Python API" section shows each
in use)::

    from pathlib import Path
    import readinglist

    library = readinglist.Library.load([Path("refs")])
    event = readinglist.load_event(Path("events/ipt-refresher-2024.toml"))
    print(readinglist.render_event(event, library, style="apa", fmt="markdown"))

Names are imported on first use, so that ``import readinglist`` stays cheap.
"""

from __future__ import annotations

# No module-level imports: the program imports this package first on every start, and a kept
# answer (readinglist.replay) is printed before anything else is imported.
TYPE_CHECKING = False

__version__ = "0.1.0"

_EXPORTS = {
    "Batch": "readinglist.ops.importing",
    "BibtexSyntaxError": "readinglist.errors",
    "CheckReport": "readinglist.ops.checking",
    "Client": "readinglist.registry.client",
    "DuplicateKeyError": "readinglist.errors",
    "Endpoints": "readinglist.registry.client",
    "Event": "readinglist.model",
    "EventEntry": "readinglist.model",
    "EventError": "readinglist.errors",
    "FetchError": "readinglist.errors",
    "Fetched": "readinglist.registry.client",
    "Finding": "readinglist.ops.tracking",
    "FindingStatus": "readinglist.ops.tracking",
    "InvalidDoiError": "readinglist.errors",
    "Library": "readinglist.library",
    "ListedEntry": "readinglist.publish.listing",
    "ListedSection": "readinglist.publish.listing",
    "NotFoundError": "readinglist.errors",
    "Notice": "readinglist.registry.records",
    "Person": "readinglist.model",
    "Problem": "readinglist.model",
    "PubState": "readinglist.model",
    "ReadingListError": "readinglist.errors",
    "Reference": "readinglist.model",
    "Rendered": "readinglist.render.engine",
    "Section": "readinglist.model",
    "Severity": "readinglist.model",
    "StyleNotFoundError": "readinglist.errors",
    "UnknownKeyError": "readinglist.errors",
    "Verdict": "readinglist.ops.verifying",
    "VerifyReport": "readinglist.ops.verifying",
    "VerifyStatus": "readinglist.ops.verifying",
    "WriteError": "readinglist.errors",
    "check": "readinglist.ops.checking",
    "export": "readinglist.publish.export",
    "fetch_all": "readinglist.registry.client",
    "fetch_doi": "readinglist.registry.client",
    "fetch_isbn": "readinglist.registry.client",
    "find_published": "readinglist.ops.inpress",
    "load_event": "readinglist.events",
    "locked": "readinglist.library",
    "parse_identifier": "readinglist.identifiers",
    "read_import_file": "readinglist.ops.importing",
    "reading_list": "readinglist.publish.listing",
    "render_bibliography": "readinglist.render.engine",
    "render_event": "readinglist.publish.listing",
    "save": "readinglist.library",
    "to_csl": "readinglist.csl.from_bibtex",
    "updates_to_write": "readinglist.ops.inpress",
    "verify": "readinglist.ops.verifying",
}

__all__ = sorted([*_EXPORTS, "__version__"])

if TYPE_CHECKING:
    from typing import Any

    from readinglist.csl.from_bibtex import to_csl
    from readinglist.errors import (
        BibtexSyntaxError,
        DuplicateKeyError,
        EventError,
        FetchError,
        InvalidDoiError,
        NotFoundError,
        ReadingListError,
        StyleNotFoundError,
        UnknownKeyError,
        WriteError,
    )
    from readinglist.events import load_event
    from readinglist.identifiers import parse_identifier
    from readinglist.library import Library, locked, save
    from readinglist.model import (
        Event,
        EventEntry,
        Person,
        Problem,
        PubState,
        Reference,
        Section,
        Severity,
    )
    from readinglist.ops.checking import CheckReport, check
    from readinglist.ops.importing import Batch, read_import_file
    from readinglist.ops.inpress import find_published, updates_to_write
    from readinglist.ops.tracking import Finding, FindingStatus
    from readinglist.ops.verifying import Verdict, VerifyReport, VerifyStatus, verify
    from readinglist.publish.export import export
    from readinglist.publish.listing import (
        ListedEntry,
        ListedSection,
        reading_list,
        render_event,
    )
    from readinglist.registry.client import (
        Client,
        Endpoints,
        Fetched,
        fetch_all,
        fetch_doi,
        fetch_isbn,
    )
    from readinglist.registry.records import Notice
    from readinglist.render.engine import Rendered, render_bibliography


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'readinglist' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
