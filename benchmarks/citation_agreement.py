"""Where the two reference processors agree on a citation, how often readinglist differs: over
random styles.

    python benchmarks/citation_agreement.py [--styles 60] [--seed 11] [--per-type 2]
                                            [--corpus DIR] [--show 2] [--json FILE]
                                            [--locators]

benchmarks/agreement.py measures bibliography entries; this measures the citations an event's
text renders (CSL 1.0.2, cs:citation). The corpus's entries of every type (as
benchmarks/all_styles.py chooses them, entries holding TeX left out) are cited, in
``--styles`` in-text styles drawn at random (seeded) from the bundled independent ones (note
styles put citations in footnotes, which event pages do not have), as clusters: each work
alone, in the order of the entries (so that a numeric style numbers them in that order in
every processor), then each two neighbours, then runs of three, the same works cited
together; ``--locators`` adds each work cited with a page range, and each two neighbours, the
second with a page. pandoc (pypandoc's binary) renders them as a Markdown document's paragraphs,
citeproc-js (``benchmarks/csl_citations.js``, each cluster with makeCitationCluster after
the works are registered in the order first cited) and readinglist
(:class:`readinglist.render.citations.Citer`) as one text, each in the style's default
locale. Where pandoc and citeproc-js print the same text (compared without markup and white
space), the cluster counts as agreed, and as a difference where readinglist prints another.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import agreement
import all_styles
import popular_styles

from readinglist.render import styles

ROOT = Path(__file__).resolve().parents[1]


Cluster = list[tuple[str, str]]  # each cite: (key, page locator or "")


def clusters(keys: list[str], locators: bool = False) -> list[Cluster]:
    """Each key alone, then each two neighbours, then each three (every third start); with
    `locators`, then each key alone again with a page range, and each two neighbours, the
    second with a single page."""
    out = [[(k, "")] for k in keys]
    out += [[(keys[i], ""), (keys[i + 1], "")] for i in range(len(keys) - 1)]
    out += [[(k, "") for k in keys[i : i + 3]] for i in range(0, len(keys) - 2, 3)]
    if locators:
        out += [[(k, "12-15")] for k in keys]
        out += [[(keys[i], ""), (keys[i + 1], "7")] for i in range(len(keys) - 1)]
    return out


def written(group: Cluster) -> str:
    """A cluster in pandoc's citation syntax: "[@a; @b, pp. 12-15]"."""
    cites = [f"@{k}" + (f", {'pp.' if '-' in p else 'p.'} {p}" if p else "") for k, p in group]
    return "[" + "; ".join(cites) + "]"


def pandoc_citations(
    items: list[dict[str, Any]], groups: list[Cluster], style: Path, lang: str
) -> list[str]:
    """pandoc's text of each cluster, in order ("" where it printed none)."""
    text = "\n\n".join(written(group) for group in groups)
    document = "---\nsuppress-bibliography: true\n---\n\n" + text + "\n"
    output = agreement.pandoc_html(document, items, style, lang)
    paragraphs = re.findall(r"<p>(.*?)</p>", output, re.S)
    return paragraphs if len(paragraphs) == len(groups) else [""] * len(groups)


def citeproc_js_citations(
    items: list[dict[str, Any]], groups: list[Cluster], style: Path
) -> list[str]:
    """citeproc-js's text of each cluster ("ERROR: …" where it failed)."""
    import citeproc

    job = {
        "name": "job",
        "style": style.read_text(encoding="utf-8"),
        "items": items,
        "clusters": [
            [{"id": k, **({"locator": p, "label": "page"} if p else {})} for k, p in group]
            for group in groups
        ],
    }
    done = subprocess.run(
        [
            "node",
            str(ROOT / "benchmarks" / "csl_citations.js"),
            str(Path(citeproc.__file__).parent / "data" / "locales"),
        ],
        input=json.dumps([job]),
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NODE_PATH": str(popular_styles.ORACLE / "node_modules")},
    )
    if done.returncode != 0:
        return [f"ERROR: {done.stderr[-200:]}"] * len(groups)
    lines = str(json.loads(done.stdout)["job"]).split("\n")
    return lines if len(lines) == len(groups) else [f"ERROR: {lines[0]}"] * len(groups)


def our_citations(items: list[dict[str, Any]], groups: list[Cluster], style: Path) -> list[str]:
    """Our HTML of each cluster ("" where none printed), the clusters read as an event's
    texts in order (a work cited again is a subsequent cite, as in pandoc's document)."""
    from readinglist.render.citations import Citer, RenderedCitation

    texts = [written(group) for group in groups]
    citer = Citer(items, str(style), None, texts=texts)
    out = []
    for text in texts:
        found = [p for p in citer.split(text) if isinstance(p, RenderedCitation)]
        out.append(found[0].html if found else "")  # compared as the others' HTML is
    return out


def main(argv: list[str] | None = None) -> int:
    parser = agreement.arguments(__doc__, styles=60, per_type=2)
    parser.add_argument(
        "--locators", action="store_true", help="also cite with page locators ('pp. 12-15')"
    )
    args = parser.parse_args(argv)
    items = agreement.entries(args.corpus, args.per_type)
    # Keys pandoc's citation syntax reads whole.
    items = [i for i in items if re.fullmatch(r"[\w:.#$%&+?<>~/-]+", str(i["id"]))]
    keys = [str(i["id"]) for i in items]
    groups = clusters(keys, args.locators)
    popular_styles.ensure_citeproc_js()
    candidates = all_styles.independent_styles()
    random.Random(args.seed).shuffle(candidates)
    measured = agreed = differ = 0
    found: dict[str, list[tuple[str, str, str]]] = {}
    for path in candidates:
        if measured >= args.styles:
            break
        text = path.read_text(encoding="utf-8")
        if 'class="note"' in text or "<citation" not in text:
            continue
        lang = styles.effective_locale(styles.resolve_style(str(path)), None)
        theirs = citeproc_js_citations(items, groups, path)
        if theirs[0].startswith("ERROR"):
            continue
        measured += 1
        pandoc = pandoc_citations(items, groups, path, lang)
        ours = our_citations(items, groups, path)
        for group, js, pd, mine in zip(groups, theirs, pandoc, ours, strict=True):
            if not pd or agreement._bare(pd) != agreement._bare(js):
                continue
            agreed += 1
            if agreement._bare(mine) != agreement._bare(js):
                differ += 1
                found.setdefault(path.stem, []).append(
                    (written(group), popular_styles.plain(mine), popular_styles.plain(js))
                )
    return agreement.report(
        args,
        found,
        f"{measured} in-text styles (seed {args.seed}), {len(groups)} citations of"
        f" {len(items)} entries each",
        (agreed, differ, "citations"),
    )


if __name__ == "__main__":
    sys.exit(main())
