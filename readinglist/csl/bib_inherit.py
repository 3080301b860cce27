"""biblatex ``crossref``: what a child entry takes from its parent (biblatex manual §2.4.1,
"Cross-referencing", and Appendix B, "Default Inheritance Setup")."""

from __future__ import annotations

from dataclasses import replace

from readinglist.csl.bib_types import IN_CONTAINER
from readinglist.model import Reference


def inherit(reference: Reference, parent: Reference) -> Reference:
    """biblatex ``crossref``: take the parent's fields that the child lacks.

    A chapter's parent title becomes its ``booktitle``; the parent's editors stay editors.
    """
    fields = list(reference.fields)
    have = {k for k, _ in fields}
    for name, value in parent.fields:
        target = name
        if reference.entry_type in IN_CONTAINER and name in {"title", "subtitle"}:
            target = "book" + name
        if name in {"crossref", "key", "ids"} or target in have:
            continue
        fields.append((target, value))
        have.add(target)
    return replace(reference, fields=tuple(f for f in fields if f[0] != "crossref"))
