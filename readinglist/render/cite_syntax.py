"""Citations as pandoc's Markdown writes them, read from an event's own text.

``[@frank2014]``, ``[see @a, p. 3; @b]``, ``[-@wampold2015]`` (the year without the author)
and the narrative ``@klerman1984`` or ``@klerman1984 [p. 3]``. A key starts with a letter,
digit or underscore and may hold ``:.#$%&-+?<>~/`` between them; a locator follows pandoc's
English locator terms ("p.", "chap.", "sec.") and becomes a CSL locator label. What the
citations are rendered to is :mod:`readinglist.render.citations`' business.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import NamedTuple

from readinglist.model import Event, EventEntry, Problem, Section

# pandoc: a key starts with a letter, digit or _, and may hold :.#$%&-+?<>~/ between them.
KEY = r"[\w](?:[\w]|[:.#$%&\-+?<>~/](?=\w))*"
_BRACKETED = re.compile(r"\[([^\[\]]*?-?@" + KEY + r"[^\[\]]*)\](?![(\[])")
_NARRATIVE = re.compile(r"(?<![\w@\]])@(" + KEY + r")(?:\s\[([^\[\]@]*)\])?")
_ITEM = re.compile(r"^(?P<prefix>(?:.*\s)?)(?P<minus>-?)@(?P<key>" + KEY + r")(?P<rest>.*)$", re.S)
# pandoc's locator terms (English), as CSL locator labels.
_LABELS = {
    "p": "page", "pp": "page", "page": "page", "pages": "page",
    "chap": "chapter", "chaps": "chapter", "ch": "chapter", "chapter": "chapter",
    "chapters": "chapter", "sec": "section", "secs": "section", "section": "section",
    "sections": "section", "§": "section", "§§": "section", "para": "paragraph",
    "paras": "paragraph", "paragraph": "paragraph", "paragraphs": "paragraph", "¶": "paragraph",
    "fig": "figure", "figs": "figure", "figure": "figure", "figures": "figure", "vol": "volume",
    "vols": "volume", "volume": "volume", "volumes": "volume", "n": "note", "nn": "note",
    "note": "note", "notes": "note", "l": "line", "ll": "line", "line": "line", "lines": "line",
    "no": "issue", "nos": "issue", "col": "column", "cols": "column", "column": "column",
    "bk": "book", "book": "book", "pt": "part", "part": "part", "v": "verse", "vv": "verse",
}  # fmt: skip


@functools.cache
def _locator_pattern() -> re.Pattern[str]:
    """A locator after a key ("p. 33"), compiled when a citation first has text after its
    key: the longest pattern here, a tenth of a warm render that had none."""
    return re.compile(
        r"^(?P<label>" + "|".join(sorted(map(re.escape, _LABELS), key=len, reverse=True)) + r")"
        r"\.?\s*(?P<value>[\dA-Za-z]*\d[\dA-Za-z]*(?:\s*[-–,&]\s*[\dA-Za-z]+)*|[ivxlcdm]+\b)",
        re.IGNORECASE,
    )


class Cite(NamedTuple):
    """One item of a citation as written: its key, affixes and locator (a named tuple: see
    :mod:`readinglist.render.styles`; its repr, part of a cluster's source, is a dataclass's)."""

    key: str
    prefix: str = ""
    suffix: str = ""
    label: str = ""  # CSL locator label: page, chapter...
    locator: str = ""
    suppress_author: bool = False


class Cluster(NamedTuple):
    """One citation as written: its items, whether it is narrative, where it is in the text
    (a named tuple, as :class:`Cite`)."""

    cites: tuple[Cite, ...]
    narrative: bool
    start: int
    end: int
    written: str = ""  # as the text has it

    @property
    def source(self) -> str:
        return repr((self.cites, self.narrative))


def _cite(text: str) -> Cite | None:
    m = _ITEM.match(text.strip())
    if not m:
        return None
    label, locator, suffix = _locator(m["rest"])
    return Cite(m["key"], m["prefix"], suffix, label, locator, bool(m["minus"]))


def _locator(rest: str) -> tuple[str, str, str]:
    """(label, locator, suffix) from what follows a key: ", p. 33 and passim"."""
    text = rest.strip()
    comma = text.startswith(",")
    text = text.removeprefix(",").strip()
    if not text:
        return "", "", ""
    m = _locator_pattern().match(text)
    if m:
        suffix = text[m.end() :]
        return _LABELS[m["label"].lower()], m["value"], suffix
    return "", "", (", " if comma else " ") + text


def find(text: str) -> list[Cluster]:
    """Every citation in `text`, in order."""
    clusters = []
    taken: list[tuple[int, int]] = []
    for m in _BRACKETED.finditer(text):
        cites = [_cite(part) for part in m[1].split(";")]
        if cites and all(cites):
            clusters.append(Cluster(tuple(c for c in cites if c), False, m.start(), m.end(), m[0]))
            taken.append((m.start(), m.end()))
    for m in _NARRATIVE.finditer(text):
        if any(start <= m.start() < end for start, end in taken):
            continue
        label, locator, suffix = _locator(m[2] or "")
        cite = Cite(m[1], "", suffix, label, locator)
        clusters.append(Cluster((cite,), True, m.start(), m.end(), m[0]))
    return sorted(clusters, key=lambda c: c.start)


def cited_keys(text: str) -> list[str]:
    return [cite.key for cluster in find(text) for cite in cluster.cites]


def event_texts(event: Event) -> list[str]:
    """The event's own texts that may cite: description, section notes, entry notes."""
    texts = [event.description]
    for section in event.sections:
        texts.append(section.note)
        texts += [entry.note for entry in section.entries]
    return [t for t in texts if t]


def unknown_cited_keys(
    event: Event, has_key: Callable[[str], bool], near: Callable[[str], list[str]]
) -> list[Problem]:
    """A problem, at its line in the event file, for each cited key the library lacks."""
    lines = event.path.read_text(encoding="utf-8").splitlines() if event.path else []
    problems = []
    for text in event_texts(event):
        for key in dict.fromkeys(cited_keys(text)):
            if has_key(key):
                continue
            pattern = re.compile(r"(?<![\w@])@" + re.escape(key) + r"(?!\w)")
            line = next((n for n, ln in enumerate(lines, 1) if pattern.search(ln)), None)
            close = near(key)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            problems.append(
                Problem(event.path, line, f"cited key '{key}' is not in the library{hint}", key)
            )
    return problems


def all_keys(event: Event) -> list[str]:
    """The keys the event lists, then those its text cites and it does not list: what its
    citations are rendered with (listed works first, so numbers agree with the list)."""
    return [*event.keys, *gathered_keys(event)]


def gathered_keys(event: Event) -> list[str]:
    """Keys cited in the event's text but listed in none of its sections, in citation order."""
    listed = {key.casefold() for key in event.keys}
    cited = [key for text in event_texts(event) for key in cited_keys(text)]
    return [k for k in dict.fromkeys(cited) if k.casefold() not in listed]


def with_cited_section(event: Event) -> Event:
    """The event with a last section listing the works its text cites and no section lists,
    when the event asks for one (``cited_section = "Also cited"``)."""
    keys = gathered_keys(event)
    if not event.cited_section or not keys:
        return event
    section = Section(event.cited_section, tuple(EventEntry(k) for k in keys))
    return event._replace(sections=(*event.sections, section))
