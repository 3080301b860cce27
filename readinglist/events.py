"""``events/*.toml`` -> :class:`~readinglist.model.Event`, checked, with file and line in
every message.

An event file::

    title = "Interpersonal Therapy for Depression Refresher Day"
    date = 2024-01-15
    presenters = ["Dr Roslyn Law"]
    cpd_hours = 5.5
    description = \"\"\"... as @klerman1984 showed [see also @frank2014, p. 390] ...\"\"\"
    cited_section = "Also cited"   # optional: list works the text cites and no section lists

    [[sections]]
    title = "Key references"
    note = "Read these before the day."
    order = "as-listed"            # or "style" (the default): the style's order
    references = ["wampold2015", { key = "frank2014", note = "Why read this." }]

The event's slug is its file name without ``.toml``. An event with no references yet is a
*draft*: it is valid, and ``check``, ``render`` and ``build`` say that it is one.

Events are read with tomllib; the commands that edit them (``event add|remove``, ``rename``)
go through tomlkit, which keeps comments, layout and quoting, so that a diff shows only the
keys that changed.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from readinglist.errors import EventError, not_utf8
from readinglist.model import SECTION_ORDERS, Event, EventEntry, Problem, Section

_TOP = {
    "title": str,
    "date": dt.date,
    "end_date": dt.date,
    "presenters": list,
    "presenter": str,
    "cpd_hours": (int, float),
    "description": str,
    "location": str,
    "url": str,
    "style": str,
    "locale": str,
    "sections": list,
    "cited_section": str,
}
_SECTION = {"title": str, "note": str, "references": list, "order": str}
_ENTRY = {"key": str, "note": str}
_TYPE_NAMES = {
    str: "a string",
    dt.date: "a date (YYYY-MM-DD)",
    list: "a list",
    (int, float): "a number",
}


# Characters XML 1.0 cannot hold (TOML lets a file spell them as \u0001): no page, handout or
# feed could carry them, so they are left out of every text the event gives. A table for
# str.translate: a pattern of these ranges took half a millisecond to compile, every command.
_UNWRITABLE = dict.fromkeys([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0xFFFE, 0xFFFF])


def _writable(value: Any) -> Any:
    if isinstance(value, str):
        return value.translate(_UNWRITABLE)
    if isinstance(value, list):
        return [_writable(v) for v in value]
    if isinstance(value, dict):
        return {k: _writable(v) for k, v in value.items()}
    return value


def toml_error_line(exc: tomllib.TOMLDecodeError) -> int | None:
    """The line of a TOML syntax error (Python 3.11's message carries it as text)."""
    line = getattr(exc, "lineno", None)
    if isinstance(line, int):
        return line
    m = re.search(r"line (\d+)", str(exc))
    return int(m.group(1)) if m else None


class _Locator:
    """Finds the line of a key or a string in the event file, for messages."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def key(self, name: str, after: int = 0) -> int | None:
        pattern = re.compile(rf"^\s*{re.escape(name)}\s*=")
        return self._find(pattern.search, after)

    def string(self, value: str, after: int = 0) -> int | None:
        needles = (f'"{value}"', f"'{value}'")
        return self._find(lambda line: any(n in line for n in needles), after)

    def section(self, index: int) -> int | None:
        count = -1
        for number, line in enumerate(self.lines, 1):
            if line.strip().startswith("[[sections]]"):
                count += 1
                if count == index:
                    return number
        return None

    def _find(self, test: Callable[[str], object], after: int) -> int | None:
        for number, line in enumerate(self.lines, 1):
            if number > after and test(line):
                return number
        return None


def _fits(value: object, kind: Any) -> bool:
    if kind is dt.date and isinstance(value, dt.datetime):
        return True
    return not isinstance(value, bool) and isinstance(value, kind)


def _check_keys(
    path: Path,
    line: int | None,
    where: str,
    data: Mapping[str, object],
    allowed: Mapping[str, Any],
    locate: Callable[[str], int | None],
) -> None:
    for name, value in data.items():
        if name not in allowed:
            known = ", ".join(sorted(allowed))
            raise EventError(
                path, locate(name) or line, f"unknown field '{name}' in {where} (known: {known})"
            )
        kind = allowed[name]
        if not _fits(value, kind):  # located only then: a search per key costs every command
            raise EventError(
                path,
                locate(name) or line,
                f"'{name}' in {where} must be {_TYPE_NAMES[kind]}, not {type(value).__name__}",
            )


def parse_event(text: str, path: Path) -> Event:
    """Parse and check one event file's text."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise EventError(path, toml_error_line(exc), f"not valid TOML: {exc}") from exc
    data = _writable(data)
    where = _Locator(text)
    _check_keys(path, None, "the event", data, _TOP, where.key)
    if "title" not in data:
        raise EventError(path, 1, "the event has no 'title'")
    # An event without sections or references yet is a draft: valid, reported by `check`.
    sections_data = data.get("sections", [])
    sections = []
    for index, section_data in enumerate(sections_data):
        start = where.section(index) or 0
        if not isinstance(section_data, dict):
            raise EventError(path, start or None, "each section must be a [[sections]] table")
        label = f"section {index + 1}"
        _check_keys(
            path,
            start or None,
            label,
            section_data,
            _SECTION,
            functools.partial(where.key, after=start),
        )
        if "title" not in section_data:
            raise EventError(path, start or None, f"{label} has no 'title'")
        order = section_data.get("order", "style")
        if order not in SECTION_ORDERS:
            raise EventError(
                path,
                where.key("order", start) or start or None,
                f"'order' in {label} must be one of {', '.join(SECTION_ORDERS)}, not '{order}'",
            )
        entries = []
        for entry_data in section_data.get("references", []):
            if isinstance(entry_data, str):
                entries.append(EventEntry(entry_data))
                continue
            if not isinstance(entry_data, dict) or "key" not in entry_data:
                raise EventError(
                    path,
                    where.key("references", start) or start or None,
                    f'each reference in {label} must be a key or {{ key = "...", note = "..." }}',
                )
            _check_keys(
                path,
                start or None,
                f"a reference of {label}",
                entry_data,
                _ENTRY,
                functools.partial(where.key, after=start),
            )
            entries.append(EventEntry(entry_data["key"], entry_data.get("note", "")))
        sections.append(
            Section(section_data["title"], tuple(entries), section_data.get("note", ""), order)
        )
    presenters = list(data.get("presenters", []))
    if "presenter" in data:
        presenters.insert(0, data["presenter"])
    for presenter in presenters:
        if not isinstance(presenter, str):
            raise EventError(path, where.key("presenters"), "'presenters' must list strings")

    def date(name: str) -> dt.date | None:
        value = data.get(name)
        return value.date() if isinstance(value, dt.datetime) else value

    return Event(
        slug=path.stem,
        title=data["title"],
        sections=tuple(sections),
        date=date("date"),
        end_date=date("end_date"),
        presenters=tuple(presenters),
        cpd_hours=data.get("cpd_hours"),
        description=data.get("description", "").strip(),
        location=data.get("location", ""),
        url=data.get("url", ""),
        style=data.get("style"),
        locale=data.get("locale"),
        path=path,
        cited_section=data.get("cited_section", ""),
    )


def load_event(path: Path) -> Event:
    """Read and check an event file; raises EventError naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise EventError(path, None, "no such event file") from exc
    except UnicodeDecodeError as exc:
        raise EventError(path, *not_utf8(exc)) from exc
    return parse_event(text, path)


def find_event(events_dir: Path, name: str) -> Path:
    """The file of an event given by slug (``ipt-refresher-2024``) or by path."""
    candidate = Path(name)
    if candidate.suffix == ".toml" and candidate.is_file():
        return candidate
    path = events_dir / f"{name}.toml"
    if path.is_file():
        return path
    known = sorted(p.stem for p in events_dir.glob("*.toml")) if events_dir.is_dir() else []
    hint = f"; events: {', '.join(known)}" if known else f"; no events in {events_dir}"
    raise EventError(path, None, f"no event '{name}'{hint}")


def unknown_keys(
    event: Event, has_key: Callable[[str], bool], near: Callable[[str], list[str]]
) -> list[Problem]:
    """A problem for each key of `event` that the library lacks, with the nearest keys."""
    problems = []
    text = event.path.read_text(encoding="utf-8") if event.path else ""
    where = _Locator(text)
    for key in event.keys:
        if not has_key(key):
            close = near(key)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            problems.append(
                Problem(event.path, where.string(key), f"no entry with key '{key}'{hint}", key=key)
            )
    return problems
