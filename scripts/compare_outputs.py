"""Run every command on the seed, the corpus and the hostile inputs; save what each prints.

Run it before and after a change that must not change behaviour, then compare the folders::

    .venv/bin/python scripts/compare_outputs.py /tmp/outputs-before
    ... change the code ...
    .venv/bin/python scripts/compare_outputs.py /tmp/outputs-after
    diff -r /tmp/outputs-before /tmp/outputs-after && echo identical

Each case writes `NAME.out` (stdout), `NAME.err` (stderr), `NAME.rc` (the exit code) and, for
commands that write files, the files they wrote (byte for byte). Registry commands run against
a loopback server replaying the test suite's recorded answers; the corpus (../shared/corpus) is
formatted in the four benchmark styles when it is present (`--no-corpus` leaves it out).
The work happens in one fixed folder, so that paths printed in messages compare equal.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from click.testing import CliRunner
from pytest_httpserver import HTTPServer

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from readinglist.cli import main  # noqa: E402
from tests import hostile, replay  # noqa: E402

WORK = Path("/tmp/readinglist-compare-work")
CORPUS = PROJECT.parent / "shared" / "corpus"
STYLES = ("apa", "harvard-cite-them-right", "nlm-citation-sequence", "chicago-author-date")
INPRESS = PROJECT / "tests" / "data" / "inpress"
PEARSON = PROJECT / "tests" / "data" / "crossref-pearson2021.json"
PLOS = "10.1371/journal.pone.0033693"


class Recorder:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.runner = CliRunner()
        self.loopback = ""  # the replay server's address, which changes from run to run

    def _clean(self, data: bytes) -> bytes:
        return data.replace(self.loopback.encode(), b"LOOPBACK") if self.loopback else data

    def run(self, name: str, *args: str, root: Path | None = None) -> None:
        argv = [*(["--root", str(root)] if root else []), *args]
        result = self.runner.invoke(main, argv, catch_exceptions=True)
        (self.out / f"{name}.out").write_bytes(self._clean(result.stdout_bytes))
        (self.out / f"{name}.err").write_bytes(self._clean(result.stderr_bytes))
        rc = str(result.exit_code)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            rc += f" {type(result.exception).__name__}: {result.exception}"
        (self.out / f"{name}.rc").write_text(rc + "\n")

    def keep(self, name: str, source: Path) -> None:
        """Save a written file, or every file of a written folder, under `name`."""
        if source.is_dir():
            for path in sorted(source.rglob("*")):
                if path.is_file():
                    target = self.out / name / path.relative_to(source)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(path.read_bytes())
        elif source.exists():
            (self.out / name).write_bytes(self._clean(source.read_bytes()))


def fresh(name: str) -> Path:
    folder = WORK / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def seed_copy(name: str) -> Path:
    repo = fresh(name)
    for part in ("refs", "events"):
        shutil.copytree(PROJECT / part, repo / part)
    return repo


def keys_of(rec: Recorder, repo: Path) -> list[str]:
    listed = rec.runner.invoke(main, ["--root", str(repo), "list", "--json"])
    try:
        return [row["key"] for row in json.loads(listed.stdout)]
    except ValueError:
        return []


def reading_commands(rec: Recorder, prefix: str, repo: Path, event: str, bib: Path) -> None:
    """The commands that only read: render, export, build, format, list, show, check."""
    for fmt in ("text", "markdown", "html", "page"):
        rec.run(f"{prefix}-render-{fmt}", "render", event, "--format", fmt, root=repo)
    rec.run(
        f"{prefix}-render-html-no-css", "render", event, "--format", "html", "--no-css", root=repo
    )
    rec.run(f"{prefix}-render-harvard-gb", "render", event, "--style", "harvard-cite-them-right",
            "--locale", "en-GB", root=repo)  # fmt: skip
    out = WORK / f"{prefix}-out"
    out.mkdir(exist_ok=True)
    for suffix in ("docx", "html", "md", "txt"):
        target = out / f"list.{suffix}"
        rec.run(f"{prefix}-render-o-{suffix}", "render", event, "-o", str(target), root=repo)
        rec.keep(f"{prefix}-render-o-{suffix}.file", target)
    for fmt in ("bibtex", "ris", "csljson"):
        rec.run(f"{prefix}-export-{fmt}", "export", event, "--to", fmt, root=repo)
    site = out / "site"
    rec.run(f"{prefix}-build", "build", str(site), "--today", "2024-01-01", root=repo)
    rec.keep(f"{prefix}-build.site", site)
    for fmt in ("text", "html", "markdown", "json"):
        rec.run(f"{prefix}-format-{fmt}", "format", str(bib), "--to", fmt, root=repo)
    rec.run(f"{prefix}-list", "list", root=repo)
    rec.run(f"{prefix}-list-json", "list", "--json", root=repo)
    for status in ("inpress", "published", "pending"):
        rec.run(f"{prefix}-list-{status}", "list", "--status", status, root=repo)
    for index, key in enumerate(keys_of(rec, repo)):
        rec.run(f"{prefix}-show-{index}", "show", key, root=repo)
        rec.run(f"{prefix}-show-{index}-json", "show", key, "--json", root=repo)
    rec.run(f"{prefix}-check", "check", root=repo)
    rec.run(f"{prefix}-check-json", "check", "--json", root=repo)


def seed(rec: Recorder) -> None:
    repo = seed_copy("seed")
    reading_commands(rec, "seed", repo, "ipt-refresher-2024", repo / "refs" / "references.bib")
    legacy = seed_copy("seed-legacy")
    bib = legacy / "refs" / "references.bib"
    bib.write_text(
        bib.read_text()
        + "\n@book{legacy, title = {Legacy}, year = {in press}, month = jun,\n"
        + "  doi = {https://doi.org/10.1000/XYZ}}\n"
        + "@misc{dup, title = {One}}\n@misc{DUP, title = {Two}}\n"
        + "@incollection{orphan, title = {Orphan}, crossref = {nowhere}, doi = {banana}}\n"
    )
    rec.run("legacy-check", "check", root=legacy)
    rec.run("legacy-check-json", "check", "--json", root=legacy)
    rec.run("legacy-check-fix", "check", "--fix", root=legacy)
    rec.keep("legacy-check-fix.bib", bib)
    rec.run("legacy-check-after-fix", "check", root=legacy)


def hostile_inputs(rec: Recorder) -> None:
    repo = hostile.make_repo(fresh("hostile"))
    reading_commands(rec, "hostile", repo, "hostile", repo / "refs" / "hostile.bib")
    rec.run("hostile-check-fix", "check", "--fix", root=repo)
    rec.keep("hostile-check-fix.bib", repo / "refs" / "hostile.bib")
    messy = fresh("messy") / "messy.bib"  # in the work folder, so that its path compares equal
    messy.write_bytes((PROJECT / "tests" / "data" / "messy.bib").read_bytes())
    for fmt in ("text", "json", "markdown"):
        rec.run(f"messy-format-{fmt}", "format", str(messy), "--to", fmt)


def corpus(rec: Recorder, root: Path) -> None:
    if not root.is_dir():
        (rec.out / "corpus-absent").write_text("../shared/corpus is absent\n")
        return
    for path in sorted((root / "bib").glob("*.bib")) + sorted((root / "csljson").glob("*.json")):
        for style in STYLES:
            for fmt in ("json", "markdown") if style == "apa" else ("json",):
                name = f"corpus-{path.name}-{style}-{fmt}"
                rec.run(name, "format", str(path), "--style", style, "--to", fmt)


@contextmanager
def loopback(rec: Recorder, cache: Path) -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1")
    server.start()
    rec.loopback = f"{server.host}:{server.port}"
    saved = dict(os.environ)
    os.environ.update(replay.env_for(server, cache))
    try:
        yield server
    finally:
        os.environ.clear()
        os.environ.update(saved)
        server.clear()
        server.stop()
        rec.loopback = ""


def registry_commands(rec: Recorder) -> None:
    """add, import, verify, inpress, publish and check --online against recorded answers."""
    with loopback(rec, fresh("cache-add")) as server:
        replay.serve(server, "crossref-work-journal-article.json")
        for name in (
            "crossref-work-book-monograph.json",
            "crossref-work-book-chapter.json",
            "crossref-work-posted-content-biorxiv.json",
        ):
            replay.serve(server, name)
        replay.serve(
            server, "crossref-404-resource-not-found.txt", path="/works/10.5061/dryad.8515"
        )
        replay.agency(server, "10.5061", "DataCite")
        replay.serve(server, "datacite-doi-dataset.json")
        zenodo = "10.5281/zenodo.8242099"
        replay.serve(server, "crossref-404-resource-not-found.txt", path=f"/works/{zenodo}")
        replay.agency(server, "10.5281", "mEDRA")
        replay.serve(server, "doi-cn-datacite-csl.json")
        replay.serve(
            server,
            "openlibrary-api-books-jscmd-data.json",
            query={"bibkeys": "ISBN:9782070427796", "format": "json", "jscmd": "data"},
        )
        replay.serve(server, "crossref-404-resource-not-found.txt")
        replay.serve_json(
            server, "/ra/10.1371", [{"DOI": "10.1371/notarealdoi", "status": "DOI does not exist"}]
        )
        repo = fresh("add")
        (repo / "refs").mkdir()
        bib = repo / "refs" / "references.bib"
        bib.write_text("% our library\n@misc{kept, title = {Kept}}\n")
        ids = [
            f"https://doi.org/{PLOS.upper()}",
            "10.1017/9781108348843",
            "10.1007/978-3-662-46370-3_13",
            "10.1101/2020.12.01.406702",
            "doi:10.5061/dryad.8515",
            zenodo,
            "2-07-042779-X",
        ]
        rec.run("add-dry-run", "add", *ids, "--dry-run", root=repo)
        rec.run("add", "add", *ids, root=repo)
        rec.keep("add.bib", bib)
        rec.run("add-again", "add", PLOS, root=repo)
        rec.run("add-bad", "add", "10.1234", "978-0-00-000000-1", "banana", root=repo)
        rec.run("add-batch", "add", "10.1371/notarealdoi", PLOS, "--force", root=repo)
        rec.run("add-offline", "add", PLOS, "--offline", "--force", "--dry-run", root=repo)
        rec.run("verify-added", "verify", root=repo)
        rec.run("check-online", "check", "--online", root=repo)
        seed_repo = seed_copy("import")
        imports = WORK / "import-files"
        imports.mkdir(exist_ok=True)
        for fmt, suffix in (("ris", "ris"), ("csljson", "json"), ("bibtex", "bib")):
            exported = rec.runner.invoke(
                main, ["--root", str(seed_repo), "export", "ipt-refresher-2024", "--to", fmt]
            )
            (imports / f"seed.{suffix}").write_text(exported.stdout)
        (imports / "bad.ris").write_text("TY  - JOUR\nTI  - Half a record\n")
        rec.run("import", "import", *(str(p) for p in sorted(imports.iterdir())), root=repo)
        rec.keep("import.bib", bib)
        rec.run("import-dry-json", "import", str(imports / "seed.ris"), "--dry-run", "--json",
                root=repo)  # fmt: skip

    with loopback(rec, fresh("cache-verify")) as server:
        record = json.loads(PEARSON.read_text())
        replay.serve_json(server, "/works/10.1089/aut.2020.0043", record)
        repo = seed_copy("verify")
        bib = repo / "refs" / "references.bib"
        bib.write_text(
            bib.read_text()
            .replace(
                "author  = {Pearson, Amy and Rose, Kieran}", "author  = {Person, A. and Rose, K.}"
            )
            .replace("pages   = {52--60}", "pages   = {1--9}")
        )
        rec.run("verify", "verify", "pearson2021", root=repo)
        rec.run("verify-all", "verify", root=repo)
        rec.run("verify-apply", "verify", "pearson2021", "--apply", root=repo)
        rec.keep("verify-apply.bib", bib)
        rec.run("verify-after", "verify", "pearson2021", root=repo)
    with loopback(rec, fresh("cache-retraction")) as server:
        record["message"]["updated-by"] = [
            {"DOI": "10.5555/retraction.notice", "type": "retraction", "label": "Retraction"}
        ]
        replay.serve_json(server, "/works/10.1089/aut.2020.0043", record)
        repo = seed_copy("retraction")
        rec.run("retraction-verify", "verify", "pearson2021", root=repo)
        rec.run("retraction-apply", "verify", "pearson2021", "--apply", root=repo)
        rec.keep("retraction-apply.bib", repo / "refs" / "references.bib")
        rec.run("retraction-render", "render", "ipt-refresher-2024", root=repo)

    with loopback(rec, fresh("cache-inpress")) as server:
        server.expect_request("/works").respond_with_json(
            json.loads((INPRESS / "search.json").read_text())
        )
        replay.serve(server, "crossref-work-posted-content-is-preprint-of.json")
        replay.serve_json(
            server,
            "/works/10.3390/microorganisms11051308",
            json.loads((INPRESS / "published-microorganisms.json").read_text()),
        )
        replay.serve_json(
            server,
            "/works/10.1177/00221678241232442",
            json.loads((INPRESS / "online-first-with-issue.json").read_text()),
        )
        for item in json.loads((INPRESS / "search.json").read_text())["message"]["items"]:
            replay.serve_json(server, f"/works/{item['DOI']}", {"message": item})
        repo = seed_copy("inpress")
        bib = repo / "refs" / "references.bib"
        bib.write_text(
            bib.read_text()
            + "\n@article{preprint2023,\n  title = {A preprint},\n  journal = {Preprints},\n"
            + "  year = {2023},\n  doi = {10.20944/preprints202303.0344.v1},\n"
            + "  note = {Read ch. 2},\n}\n"
            + "\n@article{mcgreevy2024,\n  author = {McGreevy, E. and Law, Roslyn},\n"
            + "  title = {An Experience Sensitive Approach},\n"
            + "  journal = {Journal of Humanistic Psychology},\n  year = {2024},\n"
            + "  doi = {10.1177/00221678241232442},\n}\n"
        )
        rec.run("inpress", "inpress", root=repo)
        rec.run("inpress-json", "inpress", "--json", root=repo)
        rec.run("inpress-exit-code", "inpress", "--exit-code", root=repo)
        rec.run("inpress-apply", "inpress", "--apply", "--yes", root=repo)
        rec.keep("inpress-apply.bib", bib)
        rec.run("inpress-again", "inpress", root=repo)
        repo = seed_copy("publish")
        rec.run("publish", "publish", "weissman-inpress", "10.5555/ipt.global.reach", root=repo)
        rec.keep("publish.bib", repo / "refs" / "references.bib")
    with loopback(rec, fresh("cache-down")) as server:
        server.expect_request("/works").respond_with_data("down", status=404)
        repo = seed_copy("inpress-down")
        rec.run("inpress-down", "inpress", "--apply", "--yes", root=repo)


def main_(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--no-corpus", action="store_true")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="default: ../shared/corpus")
    args = parser.parse_args(argv)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # the replay server's request log
    os.environ["READINGLIST_RENDER_CACHE"] = "off"
    os.environ["READINGLIST_CACHE_DIR"] = str(fresh("cache"))
    shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    rec = Recorder(args.out)
    seed(rec)
    hostile_inputs(rec)
    registry_commands(rec)
    if not args.no_corpus:
        corpus(rec, args.corpus)
    print(f"{len(list(args.out.rglob('*')))} files in {args.out}")


if __name__ == "__main__":
    main_()
