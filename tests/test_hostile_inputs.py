"""Every command that reads a library, on generated hostile .bib and CSL-JSON files: exit
status 0, 1 or 2, never a traceback, and a failure names the file it comes from."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist.cli import main

GOOD = "@misc{fine, title = {Fine}, author = {Doe, Jane}, year = {2020}}\n"
EVENT = 'title = "Day"\n[[sections]]\ntitle = "S"\nreferences = ["fine", "a", "b"]\n'

BIB_PIECES = [
    "@misc{a, title = {Unbalanced {brace}\n",
    "@misc{a, title = {a\x00b\x01c\x1bd}}\n",
    "@misc{a, year = {99999999999999999999999}, month = 99999, pages = {1--99999999999}}\n",
    "@misc{a, title = {" + "{" * 3000 + "x" + "}" * 3000 + "}}\n",
    "@misc{a, title = {" + "\\emph{" * 3000 + "x" + "}" * 3000 + "}}\n",
    "@misc{a, title = {" + "$" * 3000 + "}}\n",
    "@misc{a, crossref = {b}}\n@misc{b, crossref = {a}}\n",
    "@misc{a, xdata = {b}}\n@xdata{b, xdata = {a}}\n",
    "@misc{a, crossref = {a}, xdata = {a}}\n",
    '@string{s = t # "x"}\n@string{t = s # "y"}\n@misc{a, title = s}\n',
    "@string{u = u}\n@misc{b, title = u # u}\n",
    "@misc{a, author = {and and , , and {Doe, }, J.}, date = {2020-13-45/..}}\n",
    "@@@ {}{}}} @misc{\n",
    '@misc{b, title = "quote \\" {open"}\n',
]

JSON_PIECES: list[object] = [
    {"id": "a", "type": "book", "title": "T", "issued": {"date-parts": [[1e308, "x", None]]}},
    {"id": "a", "type": 5, "author": "Doe", "issued": {"season": [], "circa": {}}},
    {"id": "b", "title": ["x", {"y": None}], "author": [None, 3, {"family": ["F"]}]},
    {"id": ["k"], "issued": 99999999999999999999999999},
    "not an item",
    17,
    None,
    {"id": "a\x00\x1b[31m", "title": "\x00\x07", "DOI": "10.1000/" + "(" * 500},
]
JSON_WHOLE = [b'{"id": "a"}', b'"text"', b"[" * 5000, b"[1, 2", b"null", b"{}"]


def _encoded(text: str, encoding: str) -> bytes:
    return text.encode(encoding, "replace")


bib_files = st.builds(
    lambda pieces, encoding: _encoded(GOOD + "".join(pieces), encoding),
    st.lists(st.sampled_from(BIB_PIECES), min_size=1, max_size=3),
    st.sampled_from(["utf-8", "latin-1", "utf-16"]),
)
json_files = st.one_of(
    st.builds(
        lambda items, encoding: _encoded(json.dumps(items), encoding),
        st.lists(st.sampled_from(JSON_PIECES), min_size=1, max_size=3),
        st.sampled_from(["utf-8", "utf-16"]),
    ),
    st.builds(lambda i: b"\xe9" + i if i else i, st.sampled_from(JSON_WHOLE)),
    st.sampled_from(JSON_WHOLE),
)

COMMANDS = [
    ("show", "fine"),
    ("list",),
    ("check",),
    ("format", "{bib}"),
    ("format", "{json}"),
    ("render", "day"),
    ("render", "day", "--format", "md"),
    ("export", "day", "--format", "csljson"),
    ("import", "{json}"),
]


def _run_all(bib: bytes, data: bytes) -> None:
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "refs").mkdir()
        (root / "events").mkdir()
        (root / "refs" / "references.bib").write_bytes(bib)
        (root / "events" / "day.toml").write_text(EVENT, encoding="utf-8")
        (root / "in.json").write_bytes(data)
        files = {"bib": str(root / "refs" / "references.bib"), "json": str(root / "in.json")}
        for command in COMMANDS:
            args = [a.format(**files) for a in command]
            result = runner.invoke(main, ["--root", folder, *args])
            shown = f"{command}: {result.output[-600:]!r}"
            assert result.exit_code in (0, 1, 2), shown
            assert not isinstance(result.exception, Exception), (shown, result.exception)
            assert "Traceback" not in result.output, shown
            if result.exit_code:  # the message names the file at fault
                names = (
                    "references.bib",
                    "day.toml",
                    *(["in.json"] if "{json}" in command else []),
                )
                assert any(name in result.output for name in names), shown


HOSTILE = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@HOSTILE
@given(bib=bib_files, data=json_files)
def test_every_command_reading_a_library_survives_hostile_files(bib: bytes, data: bytes) -> None:
    _run_all(bib, data)


def test_show_of_a_key_in_a_file_that_could_not_be_read_names_the_file(tmp_path: Path) -> None:
    bib = tmp_path / "refs" / "references.bib"
    bib.parent.mkdir()
    bib.write_bytes(GOOD.encode("utf-16"))
    result = CliRunner().invoke(main, ["--root", str(tmp_path), "show", "fine"])
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: no entry with key 'fine' (a file could not be read: ")
    assert f"{bib}: is not UTF-8" in line
