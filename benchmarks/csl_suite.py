"""The CSL processor test suite's bibliography fixtures, through readinglist's public renderer.

    python benchmarks/csl_suite.py [--suite DIR] [--stock] [--citeproc-js DIR] [--show CAUSE]
                                   [--list]

Each bibliography-mode fixture of ../shared/csl-test-suite (see its SOURCE.md), 208 as
citeproc-js counts them (199 standard, 8 off-spec, and 1 experimental placeholder that has no
style to run and counts as failed), is rendered with
:func:`readinglist.render_bibliography` (its CSL written to a file, its INPUT as the items, its
style's default-locale) and laid out as citeproc-js writes a bibliography
(:func:`readinglist.render.layout.bibliography_html`); the result is compared with the
fixture's RESULT after normalising whitespace between tags and character references.

Locale files: readinglist runs twice, with the locale files citeproc-py ships (what a user
gets) and with those citeproc-js's repository pins for its test runner (the locales
repository at 195bef8, 12 Aug 2024, kept in ``benchmarks/csl-suite-locales/``, see its
SOURCE.md), passed as a user passes pinned locale files: in a style folder. The suite's
fixtures were written over years of locale files; most do not depend on the difference.

``--stock`` also runs stock citeproc-py (its own CSL-JSON reader, its HTML formatter) on the
same fixtures; ``--citeproc-js DIR`` (a folder where ``npm install citeproc@2.4.63`` was run,
such as ``benchmarks/oracle``) runs citeproc-js (``benchmarks/csl_suite.js``, the suite
runner's order of calls) with each set of locale files. Prints the pass counts and the
failures grouped by cause; an exception inside a rendering counts as a failure with its type,
it never stops the run.
"""

from __future__ import annotations

import argparse
import functools
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import warnings
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from readinglist.render import engine, layout, styles

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SUITE = ROOT.parent / "shared" / "csl-test-suite"
# The locale files citeproc-js's test runner reads (see the folder's SOURCE.md).
SUITE_LOCALES = ROOT / "benchmarks" / "csl-suite-locales"
_SECTION = re.compile(r">>=+ ([A-Z-]+) =+>>\n(.*?)\n<<=+ \1 =+<<", re.S)


def sections(text: str) -> dict[str, str]:
    return dict(_SECTION.findall(text))


# Where the suite keeps its fixtures, as citeproc-js's runner reads them (its 208): the 199
# standard bibliography fixtures, 8 in ``off-spec/`` (behaviour CSL 1.0.2 leaves open, such as
# a descending citation-number sort) and 1 in ``experiments/`` (an empty placeholder).
FOLDERS = ("", "off-spec", "experiments")
# A fixture without a style or items cannot be rendered by any processor: it counts as failed.
NOT_RUNNABLE = "not runnable (an empty placeholder: no CSL, no INPUT)"


def fixtures(suite: Path) -> list[tuple[str, dict[str, str]]]:
    """Every bibliography-mode fixture of `FOLDERS`, those of a sub-folder named ``folder/…``."""
    out = []
    humans = suite / "processor-tests" / "humans"
    for folder in FOLDERS:
        for path in sorted((humans / folder).glob("*.txt")):
            parts = sections(path.read_text(encoding="utf-8"))
            if parts.get("MODE", "").strip() == "bibliography":
                out.append((f"{folder}/{path.stem}" if folder else path.stem, parts))
    return out


def cited_ids(parts: dict[str, str], items: list[dict[str, Any]]) -> list[str]:
    """The items a fixture's bibliography holds: those its citations cite, in order of first
    citation, else every INPUT item (as citeproc-js's test runner registers them).

    CITATIONS is a history, as the runner feeds it to the processor one citation at a time: a
    citation given again under a citationID it already had replaces the earlier one, so the
    bibliography holds the items of each citation's last state (an item no longer cited is
    dropped)."""
    ids: list[str] = []
    if "CITATIONS" in parts:
        states: dict[str, list[str]] = {}
        for number, citation in enumerate(json.loads(parts["CITATIONS"])):
            key = str(citation[0].get("citationID", f"#{number}"))
            states[key] = [str(c["id"]) for c in citation[0]["citationItems"]]
        ids = [i for state in states.values() for i in state]
    elif "CITATION-ITEMS" in parts:
        for cluster in json.loads(parts["CITATION-ITEMS"]):
            ids.extend(str(c["id"]) for c in cluster)
    else:
        ids = [str(item["id"]) for item in items]
    return list(dict.fromkeys(ids))


# An escaped "<" or ">" is text, a bare one is markup: they must not compare equal, or a name
# printed as "&lt;b&gt;" would pass for one in bold.
_ESCAPED_LT = re.compile(r"&(?:lt|#0*60|#x0*3c);", re.I)
_ESCAPED_GT = re.compile(r"&(?:gt|#0*62|#x0*3e);", re.I)


def normalise(markup: str) -> str:
    """Whitespace between tags and runs of spaces folded, character references read (so that
    "&#38;" and "&amp;" compare equal), except an escaped "<" or ">", which stays escaped."""
    markup = re.sub(r">\s+<", "><", markup.strip())
    markup = re.sub(r"\s+", " ", markup)
    markup = _ESCAPED_GT.sub("\x01", _ESCAPED_LT.sub("\x00", markup))
    text = html.unescape(markup).replace("\u00a0", " ")
    return text.replace("\x00", "&lt;").replace("\x01", "&gt;")


def ours(csl: Path, items: list[dict[str, Any]], style_dirs: tuple[Path, ...] = ()) -> str:
    rendered = engine.render_bibliography(items, str(csl), style_dirs=style_dirs, cache=False)
    return layout.bibliography_html(rendered)


def citeproc_js(suite: Path, modules: Path, locales: Path) -> dict[str, str]:
    """Each runnable fixture's bibliography as citeproc-js writes it with `locales`."""
    jobs = []
    for name, parts in fixtures(suite):
        if not parts.get("CSL", "").strip() or not parts.get("INPUT", "").strip():
            continue

        def section(key: str, parts: dict[str, str] = parts) -> Any:
            return json.loads(parts[key]) if parts.get(key, "").strip() else None

        jobs.append(
            {
                "name": name,
                "style": parts["CSL"],
                "items": json.loads(parts["INPUT"]),
                "bibentries": section("BIBENTRIES"),
                "citation_items": section("CITATION-ITEMS"),
                "citations": section("CITATIONS"),
                "bibsection": section("BIBSECTION"),
                "options": section("OPTIONS"),
            }
        )
    out = subprocess.run(
        ["node", str(ROOT / "benchmarks" / "csl_suite.js"), str(locales)],
        input=json.dumps(jobs),
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "NODE_PATH": str(modules.resolve() / "node_modules")},
    ).stdout
    return dict(json.loads(out))


def passed_by(suite: Path, rendered: dict[str, str]) -> set[str]:
    return {
        name
        for name, parts in fixtures(suite)
        if name in rendered and normalise(rendered[name]) == normalise(parts["RESULT"])
    }


def stock(csl: Path, items: list[dict[str, Any]]) -> str:
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        style = CitationStylesStyle(str(csl), validate=False)
        bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.html)
        bibliography.register(Citation([CitationItem(str(i["id"])) for i in items]))
        bibliography.sort()
        entries = [str(e) for e in bibliography.bibliography()]
    body = "".join(f'<div class="csl-entry">{e}</div>' for e in entries)
    return f'<div class="csl-bib-body">{body}</div>'


_DISPLAY = re.compile(r'</?div class="csl-(?:block|left-margin|right-inline|indent)">')
_ENTRY = '<div class="csl-entry">'

# What tells a failure's cause, tried in order: the first that holds names it.
_CAUSES: tuple[tuple[str, Callable[[str, str, str], bool]], ...] = (
    (
        "entries missing, extra or in another order",
        lambda csl, want, got: _keys(want) != _keys(got),
    ),
    ("display layout", lambda csl, want, got: _DISPLAY.sub("", want) == _DISPLAY.sub("", got)),
    (
        "typographic apostrophes and quotes",
        lambda csl, want, got: _typographic(want) == _typographic(got),
    ),
    ("spaces and punctuation only", lambda csl, want, got: _bare(want) == _bare(got)),
    ("subsequent-author-substitute", lambda csl, want, got: "subsequent-author-sub" in csl),
    ("year suffix / disambiguation", lambda csl, want, got: "disambiguate" in csl),
    ("display layout", lambda csl, want, got: 'display="' in csl),
    ("et-al", lambda csl, want, got: "et-al-" in csl),
    ("citation-number sort", lambda csl, want, got: 'variable="citation-number"' in csl),
)


def _keys(markup: str) -> int:
    return markup.count(_ENTRY)


def _typographic(markup: str) -> str:
    return markup.replace("'", "’").replace("“", '"').replace("”", '"')


def _bare(markup: str) -> str:
    return re.sub(r"[\s.,;:]", "", _DISPLAY.sub("", markup))


def cause(name: str, csl: str, expected: str, got: str, error: str | None) -> str:
    if error:
        return f"exception: {error}"
    for label, test in _CAUSES:
        if test(csl, expected, got):
            return label
    return f"other ({name.rsplit('/', 1)[-1].split('_')[0]})"


def run(
    suite: Path, render: Callable[[Path, list[dict[str, Any]]], str]
) -> tuple[int, int, dict[str, list[tuple[str, str, str]]]]:
    passed = 0
    failures: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    cases = fixtures(suite)
    with tempfile.TemporaryDirectory() as tmp:
        for name, parts in cases:
            if not parts.get("CSL", "").strip() or not parts.get("INPUT", "").strip():
                failures[NOT_RUNNABLE].append((name, parts.get("RESULT", ""), ""))
                continue
            csl = Path(tmp) / f"{name.replace('/', '-')}.csl"
            csl.write_text(parts["CSL"], encoding="utf-8")
            items = json.loads(parts["INPUT"])
            wanted = set(cited_ids(parts, items))
            by_id = {str(i["id"]): i for i in items}
            chosen = [by_id[i] for i in cited_ids(parts, items) if i in by_id and i in wanted]
            expected = normalise(parts["RESULT"])
            error = None
            try:
                got = normalise(render(csl, chosen))
            except Exception as exc:  # noqa: BLE001 (a crash is counted, never stops the run)
                got, error = "", f"{type(exc).__name__}"
            if got == expected:
                passed += 1
            else:
                failures[cause(name, parts["CSL"], expected, got, error)].append(
                    (name, expected, got)
                )
    return passed, len(cases), failures


def by_folder(suite: Path, failures: dict[str, list[tuple[str, str, str]]]) -> str:
    """Passed of run in each folder of the suite, as "standard 150/199, off-spec 4/8, …"."""
    failed = {name for cases in failures.values() for name, _, _ in cases}
    counts: dict[str, list[int]] = {}
    for name, _ in fixtures(suite):
        folder = name.split("/")[0] if "/" in name else "standard"
        count = counts.setdefault(folder, [0, 0])
        count[0] += name not in failed
        count[1] += 1
    return ", ".join(f"{folder} {ok}/{of}" for folder, (ok, of) in counts.items())


def main(argv: list[str] | None = None) -> int:
    warnings.simplefilter("ignore")  # citeproc-py warns about variables it does not know
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--suite", type=Path, default=DEFAULT_SUITE)
    parser.add_argument("--stock", action="store_true", help="also run stock citeproc-py")
    parser.add_argument("--citeproc-js", type=Path, help="folder holding node_modules/citeproc")
    parser.add_argument("--show", default="", help="print the fixtures failing for this cause")
    parser.add_argument("--list", action="store_true", help="list every failing fixture")
    args = parser.parse_args(argv)
    if not (args.suite / "processor-tests").is_dir():
        print(f"no CSL test suite at {args.suite}", file=sys.stderr)
        return 2
    pinned = functools.partial(ours, style_dirs=(SUITE_LOCALES,))
    engines: list[tuple[str, Callable[[Path, list[dict[str, Any]]], str]]] = [
        ("readinglist", ours),
        ("readinglist", pinned),
    ]
    if args.stock:
        engines.append(("citeproc-py 0.11 (stock)", stock))
    results = [(label, run(args.suite, render)) for label, render in engines]
    shipped, suites = "citeproc-py's", "citeproc-js's pinned"
    print(f"{'processor':<26} {'locale files':<22} {'passed':>6} {'of':>4}")
    for (label, (passed, total, _)), locales in zip(
        results, [shipped, suites, shipped], strict=False
    ):
        print(f"{label:<26} {locales:<22} {passed:>6} {total:>4}")
    if args.citeproc_js:
        total = len(fixtures(args.suite))
        for locales, folder in [(shipped, styles.locales_folder()), (suites, SUITE_LOCALES)]:
            js_passed = passed_by(args.suite, citeproc_js(args.suite, args.citeproc_js, folder))
            print(f"{'citeproc-js 2.4.63':<26} {locales:<22} {len(js_passed):>6} {total:>4}")
            missed = sorted(name for name, _ in fixtures(args.suite) if name not in js_passed)
            print(f"    misses: {', '.join(missed)}")
    else:
        print(f"{'citeproc-js (the suite docs)':<26} {'?':<22} {204:>6} {208:>4}")
    (_, (passed, total, failures)), (_, (_, _, with_suites)) = results[0], results[1]
    print(f"\nreadinglist by folder: {by_folder(args.suite, failures)}")
    names = {label: {n for n, _, _ in cases} for label, cases in failures.items()}
    theirs = {n for cases in with_suites.values() for n, _, _ in cases}
    ours_failed = set().union(*names.values()) if names else set()
    print(f"with citeproc-js's locale files: passes {sorted(ours_failed - theirs)}")
    print(f"                                 fails {sorted(theirs - ours_failed)}")
    print(f"\nreadinglist's {total - passed} failures by cause (citeproc-py's locale files):")
    for label, cases in sorted(failures.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        print(f"  {len(cases):>3}  {label}")
        if args.list or (args.show and args.show in label):
            for name, expected, got in cases:
                print(f"         {name}")
                if args.show:
                    print(f"           want: {expected}\n           got:  {got}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
