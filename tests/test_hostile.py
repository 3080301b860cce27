"""32 hostile inputs in titles, names, URLs, notes and event text: nothing is emitted
unescaped, in any output format."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import docx
import pytest

from . import hostile
from .conftest import Invoke


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile.make_repo(tmp_path_factory.mktemp("hostile"))


def test_the_corpus_is_large_enough() -> None:
    assert len(hostile.PAYLOADS) >= 30


@pytest.mark.parametrize("fmt", ["html", "page"])
def test_html_outputs_hold_only_our_own_markup(repo: Path, cli: Invoke, fmt: str) -> None:
    result = cli("render", "hostile", "--format", fmt, root=repo)
    assert result.exit_code == 0, result.stderr
    assert hostile.audit(result.stdout) == []
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in result.stdout


def test_the_built_site_holds_only_our_own_markup(repo: Path, cli: Invoke, tmp_path: Path) -> None:
    assert cli("build", str(tmp_path / "site"), "--today", "2024-01-01", root=repo).exit_code == 0
    pages = list((tmp_path / "site").rglob("*.html"))
    assert len(pages) == 3
    for page in pages:
        assert hostile.audit(page.read_text()) == [], page


def test_markdown_escapes_markup_and_link_syntax(repo: Path, cli: Invoke) -> None:
    md = cli("render", "hostile", "--format", "markdown", root=repo).stdout
    assert re.search(r"(?<!\\)<", md) is None  # every < is escaped
    assert re.search(r"(?<!\\)\]\(", md) is None  # no Markdown link was formed
    assert r"\<script\>window.\_\_pwned = 1\</script\>" in md


def test_text_shows_the_input_as_it_is(repo: Path, cli: Invoke) -> None:
    text = cli("render", "hostile", "--format", "text", root=repo).stdout
    for payload in hostile.PAYLOADS[:5]:
        assert payload in text


def test_the_word_handout_holds_the_text_as_text(repo: Path, cli: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "h.docx"
    assert cli("render", "hostile", "-o", str(out), root=repo).exit_code == 0
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as archive:
        assert archive.testzip() is None
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "<script>window.__pwned = 1</script>" in text


@pytest.mark.parametrize("fmt", ["bibtex", "ris", "csljson"])
def test_exports_carry_only_web_links(repo: Path, cli: Invoke, fmt: str) -> None:
    out = cli("export", "hostile", "--to", fmt, root=repo).stdout
    if fmt == "csljson":
        urls = [item["URL"] for item in json.loads(out) if "URL" in item]
    elif fmt == "ris":
        urls = [line[6:] for line in out.splitlines() if line.startswith("UR  - ")]
    else:
        urls = re.findall(r"^\s*url\s*=\s*\{(.*)\},$", out, re.M)
    # None of the payloads is a web address, so none may be exported as a link.
    assert urls == []
    assert "javascript:" not in "".join(urls).lower()
