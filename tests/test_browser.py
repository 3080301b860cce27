"""The built site in a real browser: links work, the hanging indent is there, no console
errors, no request leaves the machine, and hostile input shows as text without running."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from . import browser, hostile
from .conftest import PROJECT

pytestmark = pytest.mark.skipif(
    not browser.CHROMIUM, reason="Chromium is not installed (.ci/run installs Debian's chromium)"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from readinglist.cli import main

    out = tmp_path_factory.mktemp("site")
    runner = CliRunner()
    result = runner.invoke(
        main, ["--root", str(PROJECT), "build", str(out / "seed"), "--today", "2024-01-01"]
    )
    assert result.exit_code == 0, result.output
    repo = hostile.make_repo(tmp_path_factory.mktemp("hostile"))
    result = runner.invoke(
        main, ["--root", str(repo), "build", str(out / "hostile"), "--today", "2024-01-01"]
    )
    assert result.exit_code == 0, result.output
    return out


def watched_page(chromium: Any, base: str) -> tuple[Any, list[str]]:
    """A page that records console errors, page errors, dialogs and off-machine requests."""
    page = chromium.new_page()
    trouble: list[str] = []
    page.on(
        "console",
        lambda m: (
            trouble.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning")
            else None
        ),
    )
    page.on("pageerror", lambda e: trouble.append(f"page error: {e}"))

    def dialog(d: Any) -> None:
        trouble.append(f"dialog: {d.message}")
        d.dismiss()

    page.on("dialog", dialog)

    def route(r: Any) -> None:
        if r.request.url.startswith(base):
            r.continue_()
        else:
            trouble.append(f"request left the site: {r.request.url}")
            r.abort()

    page.route("**/*", route)
    return page, trouble


def test_index_event_page_and_downloads(site: Path) -> None:
    with browser.serve(site) as base, browser.browser() as chromium:
        page, trouble = watched_page(chromium, base)
        assert page.goto(f"{base}/seed/index.html").status == 200
        assert page.title() == "Reading lists"
        page.click("text=Interpersonal Therapy for Depression Refresher Day")
        page.wait_for_load_state()
        assert page.url == f"{base}/seed/ipt-refresher-2024/index.html"
        assert page.locator("h1").inner_text() == (
            "Interpersonal Therapy for Depression Refresher Day"
        )
        hrefs = page.eval_on_selector_all(".downloads a", "as => as.map(a => a.href)")
        assert len(hrefs) == 5
        for href in hrefs:
            assert page.request.get(href).status == 200, href
        doi_links = page.eval_on_selector_all(".csl-entry a", "as => as.map(a => a.href)")
        assert "https://doi.org/10.1089/aut.2020.0043" in doi_links
        assert trouble == []


@pytest.mark.parametrize(
    "path", ["seed/ipt-refresher-2024/index.html", "seed/ipt-refresher-2024/fragment.html"]
)
def test_entries_have_a_hanging_indent(site: Path, path: str) -> None:
    with browser.serve(site) as base, browser.browser() as chromium:
        page, trouble = watched_page(chromium, base)
        page.goto(f"{base}/{path}")
        styles = page.eval_on_selector_all(
            ".csl-entry",
            """es => es.map(e => {
            const s = getComputedStyle(e);
            return [parseFloat(s.textIndent), parseFloat(s.paddingLeft)]; })""",
        )
        assert len(styles) == 9
        for indent, padding in styles:
            assert indent < 0 and padding == -indent
        assert trouble == []


@pytest.mark.parametrize(
    "path", ["hostile/hostile/index.html", "hostile/hostile/fragment.html", "hostile/index.html"]
)
def test_hostile_input_shows_as_text_and_never_runs(site: Path, path: str) -> None:
    with browser.serve(site) as base, browser.browser() as chromium:
        page, trouble = watched_page(chromium, base)
        page.goto(f"{base}/{path}")
        page.mouse.move(200, 200)
        page.keyboard.press("Tab")
        page.wait_for_timeout(200)
        assert page.evaluate("() => window.__pwned") is None
        assert page.evaluate("() => document.scripts.length") == 0
        body = page.inner_text("body")
        assert "<script>window.__pwned = 1</script>" in body
        assert trouble == []


def test_citations_in_the_text_link_to_their_entries(site: Path) -> None:
    with browser.serve(site) as base, browser.browser() as chromium:
        page, trouble = watched_page(chromium, base)
        page.set_viewport_size({"width": 900, "height": 700})
        page.goto(f"{base}/seed/ipt-refresher-2024/index.html")
        hrefs = page.eval_on_selector_all(
            ".description a.readinglist-cite", "as => as.map(a => a.getAttribute('href'))"
        )
        assert {"#ref-klerman1984", "#ref-frank2014", "#ref-wampold2015"} <= set(hrefs)
        for href in dict.fromkeys(hrefs):
            page.evaluate("() => window.scrollTo(0, 0)")
            page.click(f'.description a.readinglist-cite[href="{href}"]')
            page.wait_for_timeout(50)
            assert page.evaluate("() => location.hash") == href
            top = page.evaluate(
                "id => document.getElementById(id).getBoundingClientRect().top", href[1:]
            )
            assert -1 <= top < 700, f"{href} is not brought into view"
            assert page.evaluate("() => document.querySelector(':target').className") == (
                "csl-entry"
            )
        assert trouble == []


def test_labels_of_a_numeric_style_align(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from readinglist.cli import main

    for fmt in ("html", "page"):
        argv = ["render", "ipt-refresher-2024", "--style", "ieee", "--format", fmt]
        result = CliRunner().invoke(
            main, ["--root", str(PROJECT), *argv, "-o", str(tmp_path / f"{fmt}.html")]
        )
        assert result.exit_code == 0, result.output
    with browser.serve(tmp_path) as base, browser.browser() as chromium:
        for fmt in ("html", "page"):
            _labels_align(chromium, f"{base}/{fmt}.html", base)


def _labels_align(chromium: Any, url: str, base: str) -> None:
    """Every entry's text starts at the same x, its label ("[1]") on the same line."""
    page, trouble = watched_page(chromium, base)
    page.goto(url)
    lefts = page.eval_on_selector_all(
        ".csl-entry .csl-right-inline", "es => es.map(e => e.getBoundingClientRect().left)"
    )
    assert len(lefts) == 9, url
    assert max(lefts) - min(lefts) < 0.5, lefts
    labels = page.eval_on_selector_all(
        ".csl-entry .csl-left-margin", "es => es.map(e => e.getBoundingClientRect().top)"
    )
    tops = page.eval_on_selector_all(
        ".csl-entry .csl-right-inline", "es => es.map(e => e.getBoundingClientRect().top)"
    )
    assert all(abs(a - b) < 1 for a, b in zip(labels, tops, strict=True)), f"{url}: labels"
    assert trouble == []
