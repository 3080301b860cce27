"""One bad entry never sinks a list: the others are rendered, the bad one is named.

The entries that fail here are made to fail by a style that, for books only, goes through a
chain of macros deeper than Python's recursion limit: a fault of those entries alone.
"""

from __future__ import annotations

import re
from pathlib import Path

from readinglist.render import engine
from tests.conftest import Invoke

DEPTH = 400
CHAIN = "".join(f'<macro name="m{i}"><text macro="m{i + 1}"/></macro>' for i in range(DEPTH))
LOOPING = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Loops on books</title><id>looping</id>
    <updated>2024-01-01T00:00:00+00:00</updated></info>
  CHAIN<macro name="mDEPTH"><text variable="title"/></macro>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout>
    <choose><if type="book"><text macro="m0"/></if>
      <else><text variable="title"/></else></choose>
  </layout></bibliography>
</style>
""".replace("CHAIN", CHAIN).replace("DEPTH", str(DEPTH))


def test_an_entry_that_cannot_be_rendered_is_reported_and_the_rest_render(tmp_path: Path) -> None:
    style = tmp_path / "looping.csl"
    style.write_text(LOOPING)
    items = [
        {"id": "Book", "type": "book", "title": "A book"},
        {"id": "Paper", "type": "article-journal", "title": "A paper"},
    ]
    out = {r.key: r for r in engine.render_bibliography(items, str(style), cache=False)}
    assert out["Paper"].text == "A paper" and not out["Paper"].error
    assert out["Book"].text == "" and out["Book"].error.startswith("RecursionError")


def test_render_names_the_bad_entry_by_file_line_and_key_and_exits_1(
    cli: Invoke, seed_repo: Path
) -> None:
    (seed_repo / "styles" / "looping.csl").write_text(LOOPING)
    result = cli("render", "ipt-refresher-2024", "--style", "looping", root=seed_repo)
    assert result.exit_code == 1
    assert "How important are the common factors in psychotherapy?" in result.stdout
    problems = result.stderr.strip().splitlines()
    assert problems, result.stderr
    for line in problems:
        assert re.search(
            r"refs/[\w.-]+\.bib:\d+: [\w-]+: cannot be rendered in looping: RecursionError", line
        ), line
    assert any(": weissman-inpress: " in line for line in problems)
    assert "Traceback" not in result.stderr


def test_build_names_the_bad_entry_writes_the_rest_and_exits_1(
    cli: Invoke, seed_repo: Path, tmp_path: Path
) -> None:
    (seed_repo / "styles" / "looping.csl").write_text(LOOPING)
    site = tmp_path / "site"
    result = cli("build", str(site), "--style", "looping", root=seed_repo)
    assert result.exit_code == 1
    page = (site / "ipt-refresher-2024" / "index.html").read_text(encoding="utf-8")
    assert "How important are the common factors in psychotherapy?" in page
    problems = [line for line in result.stderr.splitlines() if "cannot be rendered" in line]
    assert any(": weissman-inpress: cannot be rendered in looping: " in p for p in problems)
    assert len(problems) == len(set(problems)), "each entry is named once"
    assert "Traceback" not in result.stderr
