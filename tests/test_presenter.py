"""A presenter's work without a DOI: recorded with a command, tracked by inpress, and
completed by publish only with a DOI that is really its own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from readinglist.bibtex import bibfile
from readinglist.events import load_event

from . import replay
from .conftest import DATA, Invoke

WEISSMAN = [
    "record",
    "--type",
    "book",
    "--editor",
    "Weissman, Myrna M.",
    "--editor",
    "Mootz, Jennifer J.",
    "--title",
    "IPT: A Global Reach",
    "--publisher",
    "Oxford University Press",
]


def search_items() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = json.loads((DATA / "inpress" / "search.json").read_text())[
        "message"
    ]["items"]
    return items


@pytest.fixture
def crossref(httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> HTTPServer:
    replay.point_at(httpserver, tmp_path / "cache", monkeypatch)
    for doi, name in (
        ("10.1002/wps.20238", "crossref-wampold2015.json"),
        ("10.1089/aut.2020.0043", "crossref-pearson2021.json"),
    ):
        httpserver.expect_request(f"/works/{doi}").respond_with_json(
            json.loads((DATA / name).read_text())
        )
    for item in search_items():
        httpserver.expect_request(f"/works/{item['DOI']}").respond_with_json({"message": item})
    httpserver.expect_request("/works").respond_with_json(
        json.loads((DATA / "inpress" / "search.json").read_text())
    )
    return httpserver


@pytest.fixture
def library(cli: Invoke, tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    assert cli("init", str(root)).exit_code == 0
    cli("event", "new", "ipt-2025", "--title", "IPT Day", "--date", "2025-03-14", root=root)
    return root


def entries(root: Path) -> dict[str, dict[str, str]]:
    bib = bibfile.parse((root / "refs" / "references.bib").read_text())
    return {r.key: dict(r.fields) | {"@type": r.entry_type} for r in bib.references}


def test_record_an_in_press_book_and_list_it_in_the_event(cli: Invoke, library: Path) -> None:
    result = cli(*WEISSMAN, "--event", "ipt-2025", root=library)
    assert result.exit_code == 0, result.stderr
    assert "added weissman-inpress (record)" in result.stderr
    assert entries(library)["weissman-inpress"] == {
        "@type": "book",
        "editor": "Weissman, Myrna M. and Mootz, Jennifer J.",
        "title": "{IPT}: A Global Reach",
        "publisher": "Oxford University Press",
        "pubstate": "inpress",
    }
    assert load_event(library / "events" / "ipt-2025.toml").keys == ("weissman-inpress",)
    listed = cli("list", "--status", "inpress", root=library)
    assert listed.stdout.startswith("weissman-inpress  book")
    assert cli("check", root=library).exit_code == 0
    again = cli(*WEISSMAN, root=library)
    assert "is already in the library as 'weissman-inpress'" in again.stderr


def test_record_a_chapter_of_a_book_in_the_library_and_a_submitted_article(
    cli: Invoke, library: Path
) -> None:
    cli(*WEISSMAN, root=library)
    chapter = cli(
        "record",
        "--type",
        "chapter",
        "--author",
        "Law, Roslyn",
        "--author",
        "Kieran Rose",
        "--title",
        "When Helping Professionals Hurt",
        "--crossref",
        "weissman-inpress",
        root=library,
    )
    assert chapter.exit_code == 0, chapter.stderr
    article = cli(
        "record",
        "--type",
        "article",
        "--author",
        "Law, Roslyn",
        "--title",
        "A Trial of IPT",
        "--journal",
        "Psychotherapy Research",
        "--status",
        "submitted",
        root=library,
    )
    assert article.exit_code == 0, article.stderr
    found = entries(library)
    assert found["law-inpress"] == {
        "@type": "incollection",
        "author": "Law, Roslyn and Rose, Kieran",
        "title": "When Helping Professionals Hurt",
        "pubstate": "inpress",
        "crossref": "weissman-inpress",
    }
    assert (found["law-submitted"]["journal"], found["law-submitted"]["pubstate"]) == (
        "Psychotherapy Research",
        "submitted",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--type", "article", "--author", "Law, R.", "--title", "T"], "needs its journal"),
        (["--type", "chapter", "--author", "Law, R.", "--title", "T"], "needs its book"),
        (["--type", "book", "--title", "T"], "needs an author or an editor"),
        (
            ["--type", "chapter", "--author", "Law, R.", "--title", "T", "--crossref", "weisman"],
            "no entry with key 'weisman'",
        ),
        (["--type", "book", "--author", "Law, R.", "--title", "T", "--year", "soon"], "--year"),
    ],
)
def test_record_refuses_an_incomplete_work(
    cli: Invoke, library: Path, args: list[str], message: str
) -> None:
    before = (library / "refs" / "references.bib").read_text()
    result = cli("record", *args, root=library)
    assert result.exit_code == 1
    assert message in result.stderr
    assert (library / "refs" / "references.bib").read_text() == before


def test_inpress_tracks_a_recorded_work_until_it_is_published(
    crossref: HTTPServer, cli: Invoke, library: Path
) -> None:
    cli(*WEISSMAN, root=library)
    found = json.loads(cli("inpress", "--json", root=library).stdout)
    assert [(f["key"], f["status"], f["doi"]) for f in found] == [
        ("weissman-inpress", "published", "10.5555/ipt.global.reach")
    ]


def test_publish_refuses_another_works_doi_naming_the_parts_that_differ(
    crossref: HTTPServer, cli: Invoke, library: Path
) -> None:
    cli(*WEISSMAN, root=library)
    bib = library / "refs" / "references.bib"
    before = bib.read_text()
    result = cli("publish", "weissman-inpress", "10.1002/wps.20238", root=library)
    assert result.exit_code == 1
    message = result.stderr
    assert "weissman-inpress: DOI 10.1002/wps.20238 does not look like this work" in message
    assert "type 0: book vs article-journal" in message
    assert "creators 0: Weissman, Mootz vs Wampold" in message
    assert "title 0" in message and "use --force" in message
    assert bib.read_text() == before


def test_the_seeds_publish_weissman_inpress_with_wampolds_doi_is_refused(
    crossref: HTTPServer, cli: Invoke, seed_repo: Path
) -> None:
    asked = len(replay.handler_log(crossref))
    before = (seed_repo / "refs" / "references.bib").read_text()
    result = cli("publish", "weissman-inpress", "10.1002/wps.20238", root=seed_repo)
    assert result.exit_code == 1
    assert "DOI 10.1002/wps.20238 is already the DOI of 'wampold2015'" in result.stderr
    other = cli(
        "publish", "weissman-inpress", "https://doi.org/10.1089/AUT.2020.0043", root=seed_repo
    )
    assert other.exit_code == 1 and "is already the DOI of 'pearson2021'" in other.stderr
    assert len(replay.handler_log(crossref)) == asked  # refused before any request
    assert (seed_repo / "refs" / "references.bib").read_text() == before


def test_publish_takes_the_right_doi_and_force_overrides_a_mismatch(
    crossref: HTTPServer, cli: Invoke, seed_repo: Path
) -> None:
    result = cli("publish", "weissman-inpress", "10.5555/ipt.global.reach", root=seed_repo)
    assert result.exit_code == 0, result.stderr
    bib = bibfile.parse((seed_repo / "refs" / "references.bib").read_text())
    weissman = next(r for r in bib.references if r.key == "weissman-inpress")
    assert weissman.get("doi") == "10.5555/ipt.global.reach"
    assert weissman.get("pubstate") is None
    forced = cli(
        "publish", "law2013", "10.5555/autistic.therapies", "--force", "--dry-run", root=seed_repo
    )
    assert forced.exit_code == 0, forced.stderr
    assert "doi: (none) -> 10.5555/autistic.therapies" in forced.stdout
    assert "does not look like this work" in forced.stderr
