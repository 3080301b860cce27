"""Entries of real .bib files, read end to end, give the reference processors' text.

``tests/data/corpus-extracts/`` holds entries copied from ``benchmarks/corpus/bib`` and what
pandoc and citeproc-js made of them there (its README says where each comes from). Each entry
stands for a class of reading that differed from the reference processors; the expected text
is theirs, never ours.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from readinglist.bibtex import bibfile
from readinglist.csl import from_bibtex
from readinglist.render import engine

DATA = Path(__file__).parent / "data" / "corpus-extracts"
ORACLE = json.loads((DATA / "oracle.json").read_text(encoding="utf-8"))
STYLES = ("apa", "harvard-cite-them-right", "nlm-citation-sequence", "chicago-author-date")


def normalise(text: str, style: str) -> str:
    """As benchmarks/fidelity.py compares: Unicode NFC, one kind of space, no list number; and
    no letter after a year ("2000b"), which the other works of the whole file gave."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[\u00a0\u2009\u202f\s]+", " ", text).strip()
    text = re.sub(r"\b(\d{4})[a-z]\b", r"\1", text)
    return re.sub(r"^\d+\.\s*", "", text) if style == "nlm-citation-sequence" else text


@pytest.fixture(scope="module")
def items() -> dict[str, dict[str, object]]:
    parsed = bibfile.parse((DATA / "entries.bib").read_text(encoding="utf-8"))
    by_key = {r.key: r for r in parsed.references}
    return {r.key: from_bibtex.to_csl(r, by_key.get) for r in parsed.references}


@pytest.mark.parametrize(
    ("key", "style"), [(k, s) for k in sorted(ORACLE) for s in STYLES if s in ORACLE[k]]
)
def test_an_entry_read_end_to_end_gives_the_reference_text(
    items: dict[str, dict[str, object]], key: str, style: str
) -> None:
    [rendered] = engine.render_bibliography([items[key]], style, "en-US")
    answers = {normalise(answer, style) for answer in ORACLE[key][style]}
    assert normalise(rendered.text, style) in answers
