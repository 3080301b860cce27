"""Property tests for the writers behind rename, remove and event add|remove: generated .bib
files and events keep every byte they do not have to change."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist.bibtex import bibfile
from readinglist.events import parse_event
from readinglist.ops.event_edit import add_keys, remove_keys, rename_key

from .test_properties import documents, keys

EXAMPLES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@EXAMPLES
@given(documents(), st.data())
def test_renaming_a_key_changes_only_that_key(
    document: tuple[str, list[str]], data: st.DataObject
) -> None:
    text, entry_keys = document
    bib = bibfile.parse(text)
    old = data.draw(st.sampled_from(entry_keys))
    new = data.draw(keys.filter(lambda k: k.casefold() not in {e.casefold() for e in entry_keys}))
    renamed = bibfile.rename_key(bib, old, new, ("crossref",))
    block = bib.block_for(old)
    assert block is not None
    assert renamed[: block.start] == text[: block.start]
    assert renamed[block.end + len(new) - len(old) :] == text[block.end :]
    assert len(renamed) == len(text) + len(new) - len(old)
    again = bibfile.parse(renamed)
    assert [r.key for r in again.references] == [new if k == old else k for k in entry_keys]
    assert [r.fields for r in again.references] == [r.fields for r in bib.references]


@EXAMPLES
@given(documents(), st.data())
def test_removing_an_entry_keeps_every_other_block(
    document: tuple[str, list[str]], data: st.DataObject
) -> None:
    text, entry_keys = document
    bib = bibfile.parse(text)
    gone = data.draw(st.sampled_from(entry_keys))
    left = bibfile.remove_entry(bib, gone)
    again = bibfile.parse(left)
    assert [r.key for r in again.references] == [k for k in entry_keys if k != gone]
    kept = {r.key: r.fields for r in bib.references if r.key != gone}
    assert {r.key: r.fields for r in again.references} == kept
    for block in bib.blocks:
        if block.key != gone:
            assert text[block.start : block.end] in left


event_keys = st.lists(keys, max_size=8, unique_by=lambda k: k.casefold())


@EXAMPLES
@given(event_keys, event_keys, st.sampled_from(["", "  # a comment\n"]))
def test_adding_then_removing_keys_gives_the_event_back(
    listed: list[str], extra: list[str], comment: str
) -> None:
    path = Path("events/day.toml")
    items = ", ".join(f'"{k}"' for k in listed)
    text = (
        f'# the day\ntitle = "Day"\n\n[[sections]]\ntitle = "A"\n{comment}references = [{items}]\n'
    )
    new = [k for k in extra if k.casefold() not in {x.casefold() for x in listed}]
    added = add_keys(text, path, new)
    assert parse_event(added.text, path).keys == (*listed, *new)
    assert "# the day" in added.text and comment in added.text
    removed = remove_keys(added.text, path, new)
    assert parse_event(removed.text, path).keys == tuple(listed)
    if listed:
        renamed = rename_key(text, path, listed[0], "renamed-key")
        assert parse_event(renamed, path).keys == ("renamed-key", *listed[1:])
        head, _, tail = text.partition("references = ")
        assert renamed == head + "references = " + tail.replace(
            f'"{listed[0]}"', '"renamed-key"', 1
        )
