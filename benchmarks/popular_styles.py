"""How often readinglist's plain text equals citeproc-js's, in widely used styles beyond our four.

    python benchmarks/popular_styles.py [--style ieee ... | --held-out] [--corpus DIR]
                                        [--input csljson|bib] [--causes docs/popular-styles.md]
                                        [--json FILE]

Renders every entry of ../shared/corpus in each style with readinglist and with citeproc-js
(installed from npm into benchmarks/oracle/node_modules on first use; node must be on PATH),
from the same CSL-JSON (``--input csljson``, the corpus's pandoc conversion: the renderer
alone) or from our own reading of the .bib files (``--input bib``: end to end; citeproc-js
still reads pandoc's CSL-JSON). Both processors get the same style file (a dependent style is
resolved to its parent first) and the same locale (the style's default-locale, else en-US),
forced.

Plain text is compared after normalising what is not rendering: Unicode NFC, no-break and thin
spaces, runs of whitespace, and the space between a left-margin label and the entry (citeproc-js
puts one there in plain text; the label itself must be equal). Mismatches are grouped by the
shape of their difference (see :func:`diff_pattern`) and the most frequent shapes per style are
written, with an example each, to ``--causes``.

citeproc-js's outputs are cached in benchmarks/oracle/out/ (keyed by style, locale, items,
citeproc-js version and the runner script), so a second run only renders with readinglist.
"""

from __future__ import annotations

import argparse
import difflib
import functools
import hashlib
import html
import json
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from readinglist.bibtex import bibfile
from readinglist.csl import from_bibtex
from readinglist.render import engine, styles

HERE = Path(__file__).resolve().parent
ORACLE = HERE / "oracle"
DEFAULT_CORPUS = HERE.parents[1] / "shared" / "corpus"

# Widely used styles, numeric and author-date, beyond apa, harvard-cite-them-right,
# nlm-citation-sequence and chicago-author-date. plos-one is a dependent style (of plos).
STYLES = (
    "ieee",
    "elsevier-vancouver",
    "american-medical-association",
    "the-lancet",
    "nature",
    "modern-language-association",
    "elsevier-harvard",
    "springer-basic-author-date",
    "american-sociological-association",
    "apa-6th-edition",
    "chicago-notes-bibliography",
    "american-chemical-society",
    "cell",
    "bmj",
    "science",
    "plos-one",
    "american-political-science-association",
)

# Styles no fix was tuned on, to check that the fixes are general rules: run with --held-out
# (and on benchmarks/corpus, files no fix was tuned on either, with --corpus).
HELD_OUT = (
    "harvard-anglia-ruskin-university",
    "american-physics-society",
    "taylor-and-francis-chicago-author-date",
    "apa-no-ampersand",
)

# The four styles the project was first built against.
TUNED = ("apa", "harvard-cite-them-right", "nlm-citation-sequence", "chicago-author-date")

Item = dict[str, Any]


def sampled_styles(count: int, seed: int) -> list[str]:
    """`count` independent bundled styles drawn at random (seeded, so a run can be repeated)
    from those with a bibliography, none of them named above: styles nobody chose."""
    import random

    chosen = set(STYLES) | set(HELD_OUT) | set(TUNED)
    candidates = []
    for path in sorted(styles.bundled_styles_folder().glob("*.csl")):
        head = path.read_bytes()
        if path.stem not in chosen and b"<bibliography" in head:
            candidates.append(path.stem)
    return sorted(random.Random(seed).sample(candidates, min(count, len(candidates))))


# --- citeproc-js ----------------------------------------------------------------------------


def ensure_citeproc_js() -> str:
    """Install citeproc-js (benchmarks/oracle/package.json) if needed; return its version."""
    package = ORACLE / "node_modules" / "citeproc" / "package.json"
    if not package.is_file():
        npm = shutil.which("npm")
        if npm is None or shutil.which("node") is None:
            raise SystemExit("node and npm are needed to install citeproc-js")
        subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--silent"], cwd=ORACLE, check=True
        )
    return str(json.loads(package.read_text())["version"])


@functools.cache
def _runner() -> bytes:
    """The citeproc-js runner script, part of every output's cache key: an output it made
    before a fix is not reused."""
    return (ORACLE / "citeproc.js").read_bytes()


def citeproc_js(items: list[Item], style: Path, lang: str, version: str) -> dict[str, Any]:
    """citeproc-js's bibliography of `items` ({"order", "text", "html"}), cached on disk."""
    locales = styles.locales_folder()
    job = {
        "style": style.read_text(encoding="utf-8"),
        "lang": lang,
        "locales": str(locales),
        "items": items,
    }
    blob = json.dumps(job, sort_keys=True).encode()
    key = hashlib.sha256(version.encode() + b"\0" + _runner() + b"\0" + blob).hexdigest()
    cached = ORACLE / "out" / f"{key}.json"
    if cached.is_file():
        result: dict[str, Any] = json.loads(cached.read_text())
        return result
    done = subprocess.run(
        ["node", str(ORACLE / "citeproc.js")], input=blob, capture_output=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"citeproc-js failed: {done.stderr.decode()[-500:]}")
    cached.parent.mkdir(exist_ok=True)
    cached.write_bytes(done.stdout)
    fresh: dict[str, Any] = json.loads(done.stdout)
    return fresh


# --- readinglist ----------------------------------------------------------------------------


def ours(items: list[Item], style: str, lang: str) -> tuple[dict[str, str], list[str]]:
    """Our plain text per key, and the keys of entries that made the rendering fail (they are
    left out, found by halving the list, so that one bad entry does not hide the rest)."""
    try:
        return {r.key: r.text for r in engine.render_bibliography(items, style, lang)}, []
    except Exception:  # noqa: BLE001 - a failure is a finding here; it is located below
        bad = _failing(items, style, lang) or [str(i["id"]) for i in items]
    keep = [i for i in items if str(i["id"]) not in set(bad)]
    rendered, more = ours(keep, style, lang) if keep else ({}, [])
    return rendered, bad + more


def _failing(items: list[Item], style: str, lang: str) -> list[str]:
    try:
        engine.render_bibliography(items, style, lang)
    except Exception:  # noqa: BLE001
        if len(items) == 1:
            return [str(items[0]["id"])]
        half = len(items) // 2
        return _failing(items[:half], style, lang) + _failing(items[half:], style, lang)
    return []


# --- comparing ------------------------------------------------------------------------------

_SPACES = str.maketrans({"\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2002": " "})
_LABEL = re.compile(r'<div class="csl-left-margin">(.*?)</div>', re.S)


# TeX that citeproc-js copies from pandoc's CSL-JSON into the text ("$p$-hacking", "\\&",
# "{DNA}"): readinglist turns it into text, so such entries cannot match; they are counted
# apart (../shared/corpus/README.md asks for that) rather than held against either side.
TEX = re.compile(r"\$[^$\s][^$]*\$|\\[A-Za-z]+|\\[&%_#$]|[{}]")


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).translate(_SPACES).split())


def plain(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def split_label(text: str, label: str) -> tuple[str, str]:
    """(label, rest) if `text` starts with the left-margin `label`, with or without a space."""
    if label and text.startswith(label):
        return label, text[len(label) :].lstrip()
    return "", text


@dataclass
class Result:
    style: str
    total: int = 0
    equal: int = 0
    apart: int = 0  # citeproc-js copies TeX from the input (math, commands, braces)
    # citeproc-js lower-cases, in title case, a word CSL 1.0.2 does not list as a stop word
    lowered: int = 0
    crashed: list[str] = field(default_factory=list)
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # key, ours, theirs

    @property
    def share(self) -> float:
        counted = self.total - self.apart - self.lowered
        return 100.0 * self.equal / counted if counted else 0.0

    @property
    def strict_share(self) -> float:
        """The share with citeproc-js's lower-cased words held against us."""
        counted = self.total - self.apart
        return 100.0 * self.equal / counted if counted else 0.0


def compare(result: Result, mine: dict[str, str], oracle: dict[str, Any], name: str) -> None:
    for key in oracle["order"]:
        if key not in oracle["text"]:
            continue  # citeproc-js gave no text for it
        result.total += 1
        label = normalise(plain(m.group(1))) if (m := _LABEL.search(oracle["html"][key])) else ""
        theirs = split_label(normalise(oracle["text"][key]), label)
        if key not in mine:
            continue  # counted in `crashed`
        mine_label, mine_rest = split_label(normalise(mine[key]), label)
        if (mine_label, mine_rest) == theirs:
            result.equal += 1
        elif TEX.search(theirs[1]):
            result.apart += 1
        elif mine_label == theirs[0] and lowered_stop_words_only(mine_rest, theirs[1]):
            result.lowered += 1
        elif mine_label != theirs[0]:
            result.misses.append((f"{name}:{key}", normalise(mine[key]), f"{label} {theirs[1]}"))
        else:
            result.misses.append((f"{name}:{key}", mine_rest, theirs[1]))


# CSL 1.0.2, "Text-case", title case: its stop words stay lower case, every other word gets a
# capital. citeproc-js lower-cases more: its own list (SKIP_WORDS) adds prepositions such as
# "after", "between", "against". By the specification those are capitalised, so an entry
# whose only differences are such words is counted apart, as the TeX class is.
CSL_STOP_WORDS = from_bibtex.TITLE_STOP_WORDS


@functools.cache
def citeproc_js_stop_words() -> frozenset[str]:
    """The title-case stop words of the installed citeproc-js, read from its source."""
    source = (ORACLE / "node_modules" / "citeproc" / "citeproc_commonjs.js").read_text()
    found = re.search(r"SKIP_WORDS:\s*\[(.*?)\]", source, re.S)
    return frozenset(re.findall(r'"\s*([^"]+?)\s*"', found.group(1))) if found else frozenset()


def lowered_stop_words_only(
    mine: str, theirs: str, stop_words: frozenset[str] | None = None
) -> bool:
    """Whether citeproc-js's text is ours with only words that CSL 1.0.2 title case
    capitalises, and citeproc-js's stop-word list has, in lower case ("Right after All" for
    "Right After All"). The parts of a hyphenated word are words to both processors' title
    case, so "Chimera-like" for "Chimera-Like" is one too. `stop_words` is citeproc-js's list
    (read from the installed citeproc-js when not given)."""
    ours_words, their_words = _WORDS.split(mine), _WORDS.split(theirs)
    if len(ours_words) != len(their_words):
        return False
    extra = (citeproc_js_stop_words() if stop_words is None else stop_words) - CSL_STOP_WORDS
    differing = [(a, b) for a, b in zip(ours_words, their_words, strict=True) if a != b]
    for a, b in differing:
        bare = b.strip(_WORD_EDGES)
        if not bare or bare not in extra or a.strip(_WORD_EDGES) != bare.capitalize():
            return False
    return bool(differing)


_WORD_EDGES = "“”‘’\"'()[]{}.,;:!?"
_WORDS = re.compile(r"([ \-\u2010\u2013])")


def diff_pattern(mine: str, theirs: str) -> str:
    """The shape of the first difference: what ours has and citeproc-js has instead, with
    digits written as 9 and longer words as "Ww"/"w", so that the same rule broken on different
    entries falls into one group."""
    matcher = difflib.SequenceMatcher(None, mine, theirs, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        # Widen to whole words, so "2017Mar" vs "2017 Mar" reads as such.
        while a1 > 0 and b1 > 0 and mine[a1 - 1].isalnum() and theirs[b1 - 1].isalnum():
            a1, b1 = a1 - 1, b1 - 1
        while a2 < len(mine) and b2 < len(theirs) and mine[a2].isalnum() and theirs[b2].isalnum():
            a2, b2 = a2 + 1, b2 + 1
        return f"{_shape(mine[a1:a2])!r} -> {_shape(theirs[b1:b2])!r}"
    return "(equal)"


def _shape(text: str) -> str:
    if len(text) > 40:
        return "<long text>"
    text = re.sub(r"\d", "9", text)
    return re.sub(r"[^\W\d_]{4,}", lambda m: "Ww" if m.group()[0].isupper() else "w", text)


# --- inputs ---------------------------------------------------------------------------------


def corpus_files(corpus: Path) -> list[str]:
    return sorted(p.stem for p in (corpus / "csljson").glob("*.json"))


def csljson_items(corpus: Path, name: str) -> list[Item]:
    items: list[Item] = json.loads((corpus / "csljson" / f"{name}.json").read_text())
    return items


def bib_items(corpus: Path, name: str) -> list[Item]:
    parsed = bibfile.parse((corpus / "bib" / f"{name}.bib").read_text(encoding="utf-8"))
    by_key = {r.key.casefold(): r for r in parsed.references}
    return [from_bibtex.to_csl(r, lambda k: by_key.get(k.casefold())) for r in parsed.references]


def measure(corpus: Path, style: str, source: str, version: str) -> Result:
    found = styles.resolve_style(style)
    lang = styles.effective_locale(found, None)
    result = Result(style)
    for name in corpus_files(corpus):
        reference = csljson_items(corpus, name)
        oracle = citeproc_js(reference, found.path, lang, version)
        items = reference if source == "csljson" else bib_items(corpus, name)
        wanted = set(oracle["order"])
        items = [i for i in items if str(i["id"]) in wanted]  # blocks both could read
        mine, crashed = ours(items, style, lang)
        result.crashed.extend(f"{name}:{k}" for k in crashed)
        compare(result, mine, oracle, name)
    return result


def _shown_path(corpus: Path) -> str:
    """The corpus folder as the docs name it: relative to the repository (or its parent)."""
    folder = corpus.absolute()  # not resolved: ../shared may be a link
    if folder.is_relative_to(HERE.parent):
        return str(folder.relative_to(HERE.parent))
    if folder.is_relative_to(HERE.parents[1]):
        return str(Path("..") / folder.relative_to(HERE.parents[1]))
    return str(corpus)


def _commit() -> str:
    """The commit measured (with "+changes" when the work tree differs from it)."""
    git = ["git", "-C", str(HERE.parent)]
    done = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    if done.returncode != 0:
        return "unknown"
    dirty = subprocess.run(
        [*git, "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True
    ).stdout.strip()
    return done.stdout.strip() + ("+changes" if dirty else "")


MARKER = "<!-- Everything below this line is written by the benchmark. -->\n"


def kept_notes(path: Path) -> str:
    """What a person wrote above the marker in an existing causes file, with the marker."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return MARKER
    return text.split(MARKER, 1)[0] + MARKER if MARKER in text else MARKER


def write_causes(
    path: Path, results: list[Result], source: str, top: int, corpus: Path, commit: str
) -> None:
    entries = results[0].total if results else 0
    lines = [
        "## Figures: readinglist against citeproc-js",
        "",
        f"Written by `benchmarks/popular_styles.py --input {source}` from {_shown_path(corpus)}"
        f" ({entries:,} entries), measured at commit {commit}. Each mismatch is grouped by the"
        " shape of its first difference (ours -> citeproc-js; digits shown as 9, longer words"
        " as Ww/w).",
        "",
        "| style | entries | equal | apart: citeproc-js copies TeX | apart: citeproc-js"
        " lower-cases a word CSL capitalises | share equal | share, lower-cased words held"
        " against us |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r.style} | {r.total} | {r.equal} | {r.apart} | {r.lowered} | {r.share:.1f} %"
        f" | {r.strict_share:.1f} % |"
        for r in results
    ]
    for r in results:
        lines += ["", f"### {r.style} ({r.share:.1f} %)", ""]
        if r.crashed:
            lines.append(
                f"- {len(r.crashed)} entries made the rendering fail: " + ", ".join(r.crashed[:5])
            )
        patterns = [diff_pattern(m, t) for _, m, t in r.misses]
        groups = Counter(patterns)
        for pattern, count in groups.most_common(top):
            key, mine, theirs = r.misses[patterns.index(pattern)]
            lines += [
                f"- **{count}×** `{pattern}` — e.g. `{key}`",
                f"  - ours: {mine}",
                f"  - citeproc-js: {theirs}",
            ]
    path.write_text(kept_notes(path) + "\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--style", action="append", help="a style name (repeatable)")
    parser.add_argument(
        "--held-out", action="store_true", help="the styles no fix was tuned on (HELD_OUT)"
    )
    parser.add_argument(
        "--sample",
        type=int,
        metavar="N",
        help="N bundled independent styles drawn at random (none of the named ones)",
    )
    parser.add_argument("--seed", type=int, default=2024, help="the seed of --sample")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--input", choices=("csljson", "bib"), default="csljson")
    parser.add_argument("--causes", type=Path, help="write the failure groups to this file")
    parser.add_argument("--top", type=int, default=6, help="failure groups per style")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args(argv)
    if not (args.corpus / "csljson").is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    version = ensure_citeproc_js()
    print(f"citeproc-js {version}; input: {args.input}; corpus: {args.corpus}")
    print(
        f"{'style':<40} {'entries':>7} {'equal':>6} {'TeX':>4} {'lower':>5} {'share':>7}"
        f" {'strict':>7} {'crashed':>8} {'secs':>6}"
    )
    results = []
    if args.sample:
        chosen: Sequence[str] = sampled_styles(args.sample, args.seed)
    else:
        chosen = args.style or (HELD_OUT if args.held_out else STYLES)
    for style in chosen:
        start = time.perf_counter()
        result = measure(args.corpus, style, args.input, version)
        results.append(result)
        print(
            f"{style:<40} {result.total:>7} {result.equal:>6} {result.apart:>4} "
            f"{result.lowered:>5} {result.share:>6.1f}% {result.strict_share:>6.1f}% "
            f"{len(result.crashed):>8} {time.perf_counter() - start:>6.1f}",
            flush=True,
        )
    if args.causes:
        write_causes(args.causes, results, args.input, args.top, args.corpus, _commit())
    if args.json:
        figures = {
            r.style: {
                "entries": r.total,
                "share": round(r.share, 1),
                "strict_share": round(r.strict_share, 1),
            }
            for r in results
        }
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
