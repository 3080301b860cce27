"""Whatever JSON a registry sends, reading it ends in a record or in one ShapeError: the
conversions after the shape check never meet a type they do not expect."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist.registry import pubmed, records, shapes

from .conftest import DATA

WORK: dict[str, Any] = json.loads((DATA / "crossref-pearson2021.json").read_text())["message"]

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=12,
)
# The fields the conversions read, each given any JSON value at all.
CROSSREF_FIELDS = [
    "DOI", "type", "subtype", "title", "subtitle", "container-title", "short-container-title",
    "author", "editor", "institution", "publisher", "publisher-location", "published-print",
    "published-online", "issued", "posted", "volume", "issue", "page", "article-number",
    "edition-number", "isbn-type", "ISBN", "ISSN", "language", "relation", "updated-by",
]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(CROSSREF_FIELDS), json_values, max_size=4))
def test_any_crossref_work_is_read_or_refused_in_one_line(changes: dict[str, Any]) -> None:
    try:
        message = shapes.CROSSREF_WORK({**WORK, **changes}, "message")
    except shapes.ShapeError as exc:
        refused = str(exc)
        assert "\n" not in refused and refused.startswith("'message")
        return
    item = records.crossref_to_csl(message)
    assert isinstance(item, dict)
    records.update_notices(message)
    records.relations(message)


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["title", "authors", "pubdate", "pages", "articleids", "volume", "lang"]),
        json_values,
        max_size=3,
    )
)
def test_any_esummary_document_is_read_or_refused_in_one_line(doc: dict[str, Any]) -> None:
    try:
        checked = pubmed.ESUMMARY_DOC(doc, "result.1")
    except shapes.ShapeError as exc:
        assert "\n" not in str(exc)  # noqa: PT017
        return
    assert pubmed.summary_to_csl(checked, "1")["PMID"] == "1"


@settings(max_examples=100, deadline=None)
@given(json_values)
def test_any_datacite_or_open_library_answer_is_read_or_refused(value: Any) -> None:
    try:
        data = shapes.DATACITE_ANSWER({"data": {"attributes": value}}, "")
    except shapes.ShapeError:
        pass
    else:
        attributes = (data.get("data") or {}).get("attributes")  # as the client reads it
        if isinstance(attributes, dict):
            records.datacite_to_csl(attributes)
    try:
        books = shapes.OPENLIBRARY_ANSWER(value, "")
    except shapes.ShapeError:
        return
    for book in books.values():
        records.openlibrary_to_csl(book, "9780198843733")
