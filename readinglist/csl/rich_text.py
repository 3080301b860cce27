"""CSL rich text: the HTML-like markup of CSL-JSON string values, and sentence case.

Titles in .bib files are in title case by BibTeX convention, while CSL expects sentence case and
lets each style re-case. So English titles are converted to sentence case as pandoc and
biblatex do it: a capitalised word becomes lower case unless it is protected by braces, has
capitals inside (``iPhone``, ``McDonald``) or a digit (``2D``, ``T2``), opens the title, or
follows a colon or full stop. (biblatex's sentence casing lowers those too; pandoc keeps
them, and so do we: such words are names and codes.)
"""

from __future__ import annotations

import re
from collections.abc import Set
from typing import Any

from readinglist.bibtex.latex import Run

# CSL 1.0.2, "Title case": the stop words that stay in lower case inside a title.
TITLE_STOP_WORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "down",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "on",
        "onto",
        "or",
        "over",
        "so",
        "the",
        "till",
        "to",
        "up",
        "via",
        "with",
        "yet",
    }
)


def sentence_case(runs: list[Run]) -> list[Run]:
    """Title case -> sentence case, leaving protected and marked text alone."""
    chars = [(c, r.protected or bool(r.marks), r) for r in runs for c in r.text]
    out = [c for c, _, _ in chars]
    i, n, previous_end = 0, len(chars), ""
    first = True
    while i < n:
        if chars[i][0].isspace():
            i += 1
            continue
        j = i
        while j < n and not chars[j][0].isspace():
            j += 1
        word = chars[i:j]
        keep = first or previous_end in (":", ".", "?", "!")
        # Protected and marked text (braces, italics, a superscript) keeps its own case; the
        # parts of its word around it are read as any ("Digital-to-{RF}" -> "digital-to-RF").
        marked = {k for k in range(i, j) if chars[k][1]}
        _lower_word(out, i, j, keep, marked)
        # The word's own letters: its protected text ("bugreports_{{YearSuffix}}") is no
        # sign of a name, as a capital inside the letters it leaves to us is ("semPlot").
        letters = [out[k] for k in range(i, j) if k not in marked]
        start = next((k for k in range(i, j) if out[k].isalnum()), j)
        if (
            keep
            and start < j
            and not chars[start][1]
            and out[start].isalpha()
            and not any(c.isupper() or c.isdigit() for c in letters)
        ):  # a title, and a sentence in it, opens with a capital; not "12th", "semPlot"
            out[start] = out[start].upper()
        previous_end = word[-1][0]
        first = False
        i = j
    result: list[Run] = []
    for k, (_, _, run) in enumerate(chars):
        attrs = (run.protected, run.marks)
        if result and (result[-1].protected, result[-1].marks) == attrs:
            result[-1] = Run(result[-1].text + out[k], *attrs)
        else:
            result.append(Run(out[k], *attrs))
    return result


def _lower_word(
    out: list[str], start: int, end: int, keep_first: bool, marked: Set[int] = frozenset()
) -> None:
    """Lower-case each part of out[start:end] that is capitalised; parts are separated by
    hyphens, dashes, slashes, colons and brackets ("Science:Import" -> "science:import",
    "(In)Significance" -> "(in)significance", as pandoc), and by a full stop, comma or
    exclamation mark between two runs of letters ("Makie.Jl" -> "Makie.jl", a package of
    the Julia language; "Climate,Regime", a space lost), as pandoc; a dotted initialism
    ("U.S.", "E.Coli") has single letters and stays one word. The first part with a letter
    or a digit is the word's first. A part holding a position in `marked` (protected or
    marked text) is left whole."""
    part_start = start
    first_part = True
    for k in range(start, end + 1):
        if k == end or out[k] in _PART_SEPARATORS or _joins_words(out, k, start, end):
            letters = [out[x] for x in range(part_start, k) if out[x].isalpha() and x not in marked]
            if any(x in marked for x in range(part_start, k)):
                letters = []  # a part holding protected or marked text is left whole
            # A part holding a digit ("2D", "T2", "A4") is a name or a code whose case
            # matters, as one with capitals inside ("iPhone"): pandoc keeps both.
            digit = any(out[x].isdigit() for x in range(part_start, k))
            capitalised = (
                letters
                and not digit
                and letters[0].isupper()
                and all(ch.islower() for ch in letters[1:])
            )
            if capitalised and not (keep_first and first_part):
                for x in range(part_start, k):
                    if x not in marked:
                        out[x] = out[x].lower()
            if first_part:
                first_part = not any(out[x].isalnum() for x in range(part_start, k))
            part_start = k + 1


# What parts a word: "Self-Report", "Input/Output", "Science:Import", "(In)Significance".
_PART_SEPARATORS = frozenset("-\u2010\u2011–—/:()[]")


def _joins_words(out: list[str], k: int, start: int, end: int) -> bool:
    """Whether out[k] is a full stop, comma or exclamation mark between two runs of at least
    two letters within out[start:end] ("Makie.Jl", "Climate,Regime"; not "U.S.", "E.Coli")."""
    return (
        out[k] in ".,!"
        and start + 2 <= k <= end - 3
        and out[k - 1].isalpha()
        and out[k - 2].isalpha()
        and out[k + 1].isalpha()
        and out[k + 2].isalpha()
    )


_TAGS = {
    "i": ("<i>", "</i>"),
    "b": ("<b>", "</b>"),
    "sup": ("<sup>", "</sup>"),
    "sub": ("<sub>", "</sub>"),
    "sc": ('<span style="font-variant:small-caps;">', "</span>"),
}


# The markup CSL-JSON string values may hold (citeproc-js's "micro-HTML"); any other "<" is
# text, as in a title holding {$x<y$}.
RICH_TEXT_TAG = re.compile(
    r"</?(?:i|b|sup|sub)>|<span\s+(?:class=\"nocase\"|style=\"font-variant:\s*small-caps;?\")>"
    r"|</span>"
)


def plain_text(value: str) -> str:
    """CSL rich text as plain text: its markup removed, every other character kept."""
    return RICH_TEXT_TAG.sub("", value)


def is_others(name: Any) -> bool:
    """Whether a CSL name is BibTeX's ``and others`` (et al.), which is no one's name."""
    return isinstance(name, dict) and name == {"literal": "others"}


def to_rich_text(runs: list[Run]) -> str:
    """Runs -> CSL rich text (the HTML-like markup of CSL-JSON string values)."""
    out = []
    for run in runs:
        text = run.text
        if run.protected and any(c.isupper() for c in text):
            text = f'<span class="nocase">{text}</span>'
        for mark in sorted(run.marks):
            open_tag, close_tag = _TAGS[mark]
            text = open_tag + text + close_tag
        out.append(text)
    return " ".join("".join(out).split(" ")).strip()
