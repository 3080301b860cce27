"""In-press tracking against a loopback Crossref holding published records and distractors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from readinglist.bibtex import bibfile
from readinglist.model import Reference
from readinglist.ops.matching import title_similarity
from readinglist.ops.tracking import status_of

from . import replay
from .conftest import DATA, Invoke

INPRESS = DATA / "inpress"


@pytest.fixture
def crossref(httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> HTTPServer:
    replay.point_at(httpserver, tmp_path / "cache", monkeypatch)
    search = json.loads((INPRESS / "search.json").read_text())
    httpserver.expect_request("/works").respond_with_json(search)
    return httpserver


def findings(cli: Invoke, repo: Path, *args: str) -> dict[str, dict[str, Any]]:
    result = cli("inpress", "--json", *args, root=repo)
    return {f["key"]: f for f in json.loads(result.stdout)}


def repo_with(tmp_path: Path, bib: str) -> Path:
    repo = tmp_path / "repo"
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "refs.bib").write_text(bib)
    return repo


def entry(repo: Path, key: str) -> Reference:
    for path in (repo / "refs").glob("*.bib"):
        for reference in bibfile.parse(path.read_text()).references:
            if reference.key == key:
                return reference
    raise KeyError(key)


def test_the_seeds_in_press_books_and_chapter_are_found_among_distractors(
    crossref: HTTPServer, seed_repo: Path, cli: Invoke
) -> None:
    found = findings(cli, seed_repo)
    assert set(found) == {"weissman-inpress", "pavlopoulou-inpress", "law-rose-inpress"}
    assert found["weissman-inpress"]["status"] == "published"
    assert found["weissman-inpress"]["doi"] == "10.5555/ipt.global.reach"
    assert found["weissman-inpress"]["changes"]["title"] == {
        "from": "{IPT}: A Global Reach",
        "to": "Interpersonal Psychotherapy: A Global Reach",
    }
    # Published under a shorter title: "Improving Access to ..." became "Improving ...".
    assert found["pavlopoulou-inpress"]["status"] == "published"
    assert found["pavlopoulou-inpress"]["doi"] == "10.5555/autistic.therapies"
    assert found["law-rose-inpress"]["status"] == "published"
    assert found["law-rose-inpress"]["doi"] == "10.5555/autistic.therapies.ch7"
    for finding in found.values():
        assert finding["score"] >= 0.85
        assert set(finding["parts"]) == {"title", "creators", "type", "venue", "year"}


def test_no_distractor_is_ever_published(
    crossref: HTTPServer, seed_repo: Path, cli: Invoke
) -> None:
    distractors = {
        item["DOI"]
        for item in json.loads((INPRESS / "search.json").read_text())["message"]["items"]
        if item["DOI"]
        not in (
            "10.5555/ipt.global.reach",
            "10.5555/autistic.therapies",
            "10.5555/autistic.therapies.ch7",
        )
    }
    assert len(distractors) == 7
    for finding in findings(cli, seed_repo).values():
        assert finding["doi"] not in distractors


def test_a_search_that_offers_only_distractors_leaves_the_entry_pending(
    httpserver: HTTPServer,
    tmp_path: Path,
    seed_repo: Path,
    cli: Invoke,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    replay.point_at(httpserver, tmp_path / "cache", monkeypatch)
    search = json.loads((INPRESS / "search.json").read_text())
    search["message"]["items"] = [
        i
        for i in search["message"]["items"]
        if not i["DOI"].startswith(("10.5555/ipt.global.reach", "10.5555/autistic.therapies"))
        or i["DOI"] == "10.5555/ipt.global.reach.ch1"
    ]
    httpserver.expect_request("/works").respond_with_json(search)
    found = findings(cli, seed_repo)
    assert {f["status"] for f in found.values()} == {"pending"}


def test_apply_yes_writes_the_published_versions_and_a_second_run_changes_nothing(
    crossref: HTTPServer, seed_repo: Path, cli: Invoke
) -> None:
    bib = seed_repo / "refs" / "references.bib"
    before = bib.read_text()
    result = cli("inpress", "--apply", "--yes", root=seed_repo)
    assert result.exit_code == 0, result.stderr
    assert "-  title     = {{IPT}: A Global Reach}," in result.stdout
    weissman = entry(seed_repo, "weissman-inpress")
    assert weissman.get("pubstate") is None
    assert weissman.get("title") == "Interpersonal Psychotherapy: A Global Reach"
    assert (weissman.get("year"), weissman.get("doi"), weissman.get("isbn")) == (
        "2024",
        "10.5555/ipt.global.reach",
        "9780000000002",
    )
    pavlopoulou = entry(seed_repo, "pavlopoulou-inpress")
    assert pavlopoulou.get("subtitle") is None
    assert pavlopoulou.get("title") == (
        "Improving Mental Health Therapies for Autistic Children and Young People"
    )
    chapter = entry(seed_repo, "law-rose-inpress")
    assert (chapter.get("pages"), chapter.get("crossref")) == ("101--118", "pavlopoulou-inpress")
    untouched = ["wampold2015", "pearson2021", "klerman1984", "frank2014", "law2013", "law2016"]
    old = bibfile.parse(before)
    for key in untouched:
        block = old.block_for(key)
        assert block is not None and before[block.start : block.end] in bib.read_text()
    after_first = bib.read_text()
    again = cli("inpress", "--apply", "--yes", root=seed_repo)
    assert again.exit_code == 0
    assert bib.read_text() == after_first
    assert json.loads(cli("inpress", "--json", root=seed_repo).stdout) == []


def test_exit_code_3_tells_a_scheduled_job_that_updates_are_available(
    crossref: HTTPServer, seed_repo: Path, cli: Invoke
) -> None:
    assert cli("inpress", "--exit-code", root=seed_repo).exit_code == 3


def test_a_registry_that_is_down_leaves_every_entry_as_it_was(
    httpserver: HTTPServer,
    tmp_path: Path,
    seed_repo: Path,
    cli: Invoke,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    replay.point_at(httpserver, tmp_path / "cache", monkeypatch)
    httpserver.expect_request("/works").respond_with_data("down", status=404)
    before = (seed_repo / "refs" / "references.bib").read_text()
    result = cli("inpress", "--apply", "--yes", root=seed_repo)
    assert result.exit_code == 1
    assert "error" in result.stdout
    assert (seed_repo / "refs" / "references.bib").read_text() == before


def test_a_preprint_is_replaced_by_its_published_version(
    crossref: HTTPServer, tmp_path: Path, cli: Invoke
) -> None:
    repo = repo_with(
        tmp_path,
        "@article{preprint2023,\n  title = {A preprint},\n  journal = {Preprints},\n"
        "  year = {2023},\n  doi = {10.20944/preprints202303.0344.v1},\n"
        "  note = {Read ch. 2},\n}\n",
    )
    replay.serve(crossref, "crossref-work-posted-content-is-preprint-of.json")
    published = json.loads((INPRESS / "published-microorganisms.json").read_text())
    replay.serve_json(crossref, "/works/10.3390/microorganisms11051308", published)
    found = findings(cli, repo)["preprint2023"]
    assert (found["status"], found["doi"]) == ("published", "10.3390/microorganisms11051308")
    assert found["message"] == "is-preprint-of 10.3390/microorganisms11051308"
    cli("inpress", "--apply", "--yes", root=repo)
    updated = entry(repo, "preprint2023")
    assert updated.get("doi") == "10.3390/microorganisms11051308"
    assert updated.get("volume") == "11" and updated.get("note") == "Read ch. 2"


def test_an_online_first_article_gets_its_issue_and_pages(
    crossref: HTTPServer, tmp_path: Path, cli: Invoke
) -> None:
    repo = repo_with(
        tmp_path,
        "@article{mcgreevy2024,\n  author = {McGreevy, E. and Law, Roslyn},\n"
        "  title = {An Experience Sensitive Approach},\n"
        "  journal = {Journal of Humanistic Psychology},\n  year = {2024},\n"
        "  doi = {10.1177/00221678241232442},\n}\n",
    )
    assert status_of(entry(repo, "mcgreevy2024")) == "online-first"
    listed = json.loads(cli("list", "--status", "online-first", "--json", root=repo).stdout)
    assert [row["key"] for row in listed] == ["mcgreevy2024"]
    online = json.loads((INPRESS / "online-first.json").read_text())
    crossref.expect_ordered_request("/works/10.1177/00221678241232442").respond_with_json(online)
    assert findings(cli, repo, "--refresh")["mcgreevy2024"]["status"] == "pending"
    with_issue = json.loads((INPRESS / "online-first-with-issue.json").read_text())
    crossref.clear()
    crossref.expect_request("/works/10.1177/00221678241232442").respond_with_json(with_issue)
    found = findings(cli, repo, "--refresh")["mcgreevy2024"]
    assert found["status"] == "published"
    assert found["changes"]["volume"] == {"from": "", "to": "65"}
    assert found["changes"]["pages"] == {"from": "", "to": "412--431"}


@pytest.mark.parametrize(
    ("ours", "theirs", "low", "high"),
    [
        ("{IPT}: A Global Reach", "Interpersonal Psychotherapy: A Global Reach", 0.99, 1.0),
        (
            "Improving Access to Mental Health Therapies for Autistic Children and Young People: "
            "Promoting Self-Agency",
            "Improving Mental Health Therapies for Autistic Children and Young People",
            0.85,
            1.0,
        ),
        ("IPT: A Global Reach", "Comprehensive Guide to Interpersonal Psychotherapy", 0.0, 0.7),
        (
            "When Helping Professionals Hurt",
            "The Efficacy of Interpersonal Psychotherapy",
            0.0,
            0.1,
        ),
    ],
)
def test_title_similarity(ours: str, theirs: str, low: float, high: float) -> None:
    assert low <= title_similarity(ours, theirs) <= high
