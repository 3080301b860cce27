"""The floor: a formatter that knows only APA, hard-coded in plain Python.

    python benchmarks/floor_apa.py ITEMS.json [OUT.json]

It reads CSL-JSON items and writes their APA 7 reference list as HTML, one entry per item:
authors (up to 20, then the first 19, an ellipsis and the last), the year with a letter for
works of the same authors and year, the title, the container in italics with its volume,
issue and pages, the DOI. It knows no other style, no locale, no CSL: it is what the least a
Python program must do to print the list costs, the baseline that ``benchmarks/render.py``
measures readinglist against (whole process, in the same round). Its output is not
readinglist's and is not compared with it.
"""

from __future__ import annotations

import json
import sys
from html import escape
from typing import Any


def _initials(given: str) -> str:
    out = []
    for word in given.replace(".", ". ").split():
        parts = [p for p in word.split("-") if p]
        out.append("-".join(f"{p[0]}." for p in parts))
    return " ".join(out)


def _name(name: dict[str, Any]) -> str:
    if "literal" in name:
        return str(name["literal"])
    family = " ".join(
        str(name[p]) for p in ("non-dropping-particle", "family") if name.get(p)
    ).strip()
    given = _initials(str(name.get("given", "")))
    return f"{family}, {given}" if given else family


def _names(names: list[dict[str, Any]]) -> str:
    shown = [_name(n) for n in names]
    if len(shown) > 20:
        return ", ".join(shown[:19]) + ", . . . " + shown[-1]
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + ", & " + shown[-1]


def _year(item: dict[str, Any]) -> str:
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    return str(parts[0][0]) if parts and parts[0] else "n.d."


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def _sort_key(entry: tuple[str, str, str, dict[str, Any]]) -> tuple[str, str, str]:
    names, year, title, _ = entry
    return (names.casefold(), year, title.casefold())


def render(items: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(id, HTML entry) for each item, in APA's order."""
    entries = []
    for item in items:
        creators = item.get("author") or item.get("editor") or []
        title = str(item.get("title", ""))
        entries.append((_names(creators) if creators else title, _year(item), title, item))
    entries.sort(key=_sort_key)
    out = []
    previous: tuple[str, str] | None = None
    suffix = 0
    for index, (names, year, title, item) in enumerate(entries):
        # APA 6.14: works of the same authors and year get a, b, c... in the list's order.
        same = (names, year) == previous
        following = index + 1 < len(entries) and entries[index + 1][:2] == (names, year)
        suffix = suffix + 1 if same else 0
        letter = chr(ord("a") + suffix % 26) if same or following else ""
        previous = (names, year)
        parts = [f"{escape(names)} ({year}{letter})."]
        container = item.get("container-title")
        if container:
            parts.append(escape(_sentence(title)))
            source = f"<i>{escape(str(container))}</i>"
            if item.get("volume"):
                source += f", <i>{escape(str(item['volume']))}</i>"
            if item.get("issue"):
                source += f"({escape(str(item['issue']))})"
            if item.get("page"):
                source += f", {escape(str(item['page']).replace('-', '–'))}"
            parts.append(source + ".")
        else:
            parts.append(f"<i>{escape(title)}</i>" + ("" if title.endswith(("?", "!")) else "."))
            if item.get("publisher"):
                parts.append(f"{escape(str(item['publisher']))}.")
        if item.get("DOI"):
            parts.append(f"https://doi.org/{escape(str(item['DOI']))}")
        out.append((str(item["id"]), " ".join(parts)))
    return out


def main(argv: list[str]) -> int:
    with open(argv[0], encoding="utf-8") as f:
        items = json.load(f)
    rendered = render(items)
    if len(argv) > 1:
        with open(argv[1], "w", encoding="utf-8") as f:
            json.dump(rendered, f)
    return 0 if len(rendered) == len(items) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
