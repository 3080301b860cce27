"""Writing and editing ``events/*.toml`` with commands instead of by hand.

Events are *read* with tomllib (:mod:`readinglist.events`); they are *edited* with tomlkit,
a TOML library that keeps a document's comments, layout, quoting and order when a value
changes. So ``event add`` appends one line to a ``references`` array, ``event remove``
deletes one, and ``rename`` changes only the key's text: the organiser's comments and notes
stay byte for byte. Every edit is checked by reading the result back with
:func:`readinglist.events.parse_event`. This module is the only importer of tomlkit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import AoT, Array, InlineTable, String, StringType, Table

from readinglist.errors import EventError
from readinglist.events import parse_event
from readinglist.ops.workspace import DEFAULT_SECTION


def _toml(value: str) -> str:
    """`value` as a TOML basic string, escaped."""
    return tomlkit.string(value).as_string()


def new_event_text(
    title: str,
    date: dt.date,
    presenters: Sequence[str] = (),
    section: str = DEFAULT_SECTION,
) -> str:
    """A new event file: the given fields, every optional one commented out, each explained."""
    people = ", ".join(_toml(p) for p in presenters)
    presenters_line = f"presenters = [{people}]" if presenters else '# presenters = ["Dr A. Name"]'
    return f"""\
# An event and its reading list. Its name is this file's name; `readinglist render NAME`
# prints the list, `readinglist build site` publishes it. Fields marked optional may go.

# The event's title, as its page and handout show it.
title = {_toml(title)}
# The first day, YYYY-MM-DD without quotes: `build` sorts events into upcoming and past by it.
date = {date.isoformat()}
# Optional: the last day of an event that runs over several days.
# end_date = {date.isoformat()}
# Optional: who presents, each name as it should be printed.
{presenters_line}
# Optional: the CPD hours the event carries (a number).
# cpd_hours = 5.5
# Optional: shown under the title; a blank line starts a new paragraph.
# description = \"\"\"
# What the day covers, and who it is for.
# \"\"\"
# Optional: where it takes place, and the event's own web page.
# location = "Anna Freud Centre, London"
# url = "https://example.org/events/this-event"
# Optional: this event's CSL style and locale (default: readinglist.toml's).
# style = "apa"
# locale = "en-GB"

# Each [[sections]] is a heading of the reading list, with its references in order: a key
# of the library, or {{ key = "...", note = "why read it" }}. Add keys with
# `readinglist event add NAME KEY...`; an event with no references yet is a draft.
[[sections]]
title = {_toml(section)}
# Optional: a line under the heading.
# note = "Read these before the day."
references = []
"""


@dataclass(frozen=True)
class EventEdit:
    """An event file's new text and which keys the edit touched."""

    text: str
    changed: tuple[str, ...] = ()  # keys added, removed or renamed
    unchanged: tuple[str, ...] = ()  # keys already there (add) or not there (remove)


def _load(text: str, path: Path) -> tomlkit.TOMLDocument:
    parse_event(text, path)  # a located message for anything wrong with the file
    try:
        return tomlkit.parse(text)
    except TOMLKitError as exc:  # pragma: no cover - tomllib accepted it already
        raise EventError(path, getattr(exc, "line", None), f"not valid TOML: {exc}") from exc


def _dump(document: tomlkit.TOMLDocument, path: Path) -> str:
    text = tomlkit.dumps(document)
    parse_event(text, path)  # the edited file must read back as a valid event
    return text


def _item_key(item: object) -> str | None:
    if isinstance(item, str):
        return str(item)
    if isinstance(item, InlineTable | Table | dict):
        value = item.get("key")
        return str(value) if isinstance(value, str) else None
    return None


def _sections(document: tomlkit.TOMLDocument) -> Iterator[Table]:
    sections = document.get("sections")
    if isinstance(sections, AoT | list):
        for section in sections:
            if isinstance(section, Table | dict):
                yield section  # type: ignore[misc]


def _references(section: Table) -> Array:
    references = section.get("references")
    if not isinstance(references, Array):
        references = tomlkit.array()
        section["references"] = references
    return references


def add_keys(text: str, path: Path, keys: Sequence[str], section: str | None = None) -> EventEdit:
    """Append `keys` to the section titled `section` (ignoring case; made at the end if the
    event has none by that title), or to the first section. A key the event lists already,
    in any section, is not added twice."""
    document = _load(text, path)
    listed = {
        (_item_key(i) or "").casefold()
        for s in _sections(document)
        for i in s.get("references", [])
    }
    sections = list(_sections(document))
    target = next(
        (
            s
            for s in sections
            if section and str(s.get("title", "")).casefold() == section.casefold()
        ),
        None,
    )
    if target is None and (section or not sections):
        table = tomlkit.table()
        table["title"] = section or DEFAULT_SECTION
        table["references"] = tomlkit.array()
        if "sections" not in document:
            document.append("sections", tomlkit.aot())
        document["sections"].append(table)
        target = list(_sections(document))[-1]
    elif target is None:
        target = sections[0]
    references = _references(target)
    if not references:
        references.multiline(True)
    added, already = [], []
    for key in keys:
        if key.casefold() in listed:
            already.append(key)
            continue
        references.append(key)
        listed.add(key.casefold())
        added.append(key)
    return EventEdit(_dump(document, path) if added else text, tuple(added), tuple(already))


def remove_keys(text: str, path: Path, keys: Sequence[str]) -> EventEdit:
    """Take `keys` out of every section that lists them (with their notes)."""
    document = _load(text, path)
    wanted = {k.casefold() for k in keys}
    removed: list[str] = []
    for section in _sections(document):
        references = section.get("references")
        if not isinstance(references, Array):
            continue
        for index in range(len(references) - 1, -1, -1):
            key = _item_key(references[index])
            if key is not None and key.casefold() in wanted:
                del references[index]
                removed.append(key)
    missing = tuple(k for k in keys if k.casefold() not in {r.casefold() for r in removed})
    changed = tuple(dict.fromkeys(removed))
    return EventEdit(_dump(document, path) if removed else text, changed, missing)


def rename_key(text: str, path: Path, old: str, new: str) -> str:
    """The event's text with every listing of `old` naming `new`; nothing else changes
    (quoting style, notes and comments included)."""
    document = _load(text, path)
    folded = old.casefold()
    changed = False
    for section in _sections(document):
        references = section.get("references")
        if not isinstance(references, Array):
            continue
        for index, item in enumerate(list(references)):
            if isinstance(item, String) and str(item).casefold() == folded:
                references[index] = tomlkit.string(new, literal=item.type == StringType.SLL)
                changed = True
            elif isinstance(item, InlineTable) and str(item.get("key", "")).casefold() == folded:
                original = item.item("key")
                literal = isinstance(original, String) and original.type == StringType.SLL
                item["key"] = tomlkit.string(new, literal=literal)
                changed = True
    return _dump(document, path) if changed else text
