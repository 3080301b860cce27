"""A reading-list repository whose every field holds hostile input (tests/data/hostile.txt)."""

from __future__ import annotations

import html.parser
import json
from pathlib import Path

from readinglist.bibtex import bibfile
from readinglist.csl.to_bibtex import escape_latex
from readinglist.model import Reference

PAYLOADS = [
    line
    for line in (Path(__file__).parent / "data" / "hostile.txt")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip()
]

# What our HTML may contain: these elements, these attributes, links to http(s) only.
ALLOWED_TAGS = {
    "html",
    "head",
    "body",
    "meta",
    "title",
    "style",
    "main",
    "header",
    "footer",
    "section",
    "div",
    "p",
    "h1",
    "h2",
    # The organiser's notes are Markdown: what CommonMark makes of them (raw HTML is off).
    "h3",
    "h4",
    "h5",
    "h6",
    "em",
    "strong",
    "code",
    "pre",
    "blockquote",
    "ol",
    "hr",
    "br",
    "ul",
    "li",
    "a",
    "i",
    "b",
    "sup",
    "sub",
    "span",
}
ALLOWED_ATTRIBUTES = {
    "class",
    "id",
    "lang",
    "href",
    "style",
    "title",
    "data-status",
    "data-retracted",
    "data-layout",
    "start",
    "charset",
    "name",
    "content",
    "aria-label",
    "aria-labelledby",
}


def make_repo(root: Path) -> Path:
    (root / "refs").mkdir(parents=True)
    (root / "events").mkdir(parents=True)
    entries = []
    for index, payload in enumerate(PAYLOADS):
        entries.append(
            Reference(
                f"h{index}",
                "online",
                (
                    ("author", "{" + escape_latex(payload) + "}"),
                    ("title", escape_latex(payload)),
                    ("url", payload),
                    ("year", "2024"),
                ),
            )
        )
    (root / "refs" / "hostile.bib").write_text(bibfile.update(bibfile.parse(""), added=entries))
    lines = [
        f"title = {json.dumps('Hostile day ' + PAYLOADS[0])}",
        "date = 2024-02-01",
        f"presenters = [{json.dumps(PAYLOADS[2])}]",
        f"description = {json.dumps(chr(10).join(PAYLOADS))}",
    ]
    for index, payload in enumerate(PAYLOADS):
        lines += [
            "",
            "[[sections]]",
            f"title = {json.dumps(payload)}",
            f"note = {json.dumps(payload)}",
            f'references = [{{ key = "h{index}", note = {json.dumps(payload)} }}]',
        ]
    (root / "events" / "hostile.toml").write_text("\n".join(lines) + "\n")
    return root


class Audit(html.parser.HTMLParser):
    """Every element and attribute of a document that our HTML must never contain."""

    def __init__(self) -> None:
        super().__init__()
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.bad.append(f"<{tag}>")
        for name, value in attrs:
            if name not in ALLOWED_ATTRIBUTES or name.startswith("on"):
                self.bad.append(f"{tag}[{name}]")
            if (
                name == "href"
                and not str(value).startswith(("http://", "https://", "#"))
                and (":" in str(value))
            ):
                self.bad.append(f"{tag}[href={value}]")

    def handle_comment(self, data: str) -> None:
        self.bad.append("<!--comment-->")


def audit(markup: str) -> list[str]:
    parser = Audit()
    parser.feed(markup)
    return parser.bad
