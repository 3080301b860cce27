"""How alike two titles (or publishers) are, for matching a reference with registry records.

Titles are compared as words after normalising case, punctuation, LaTeX and markup; a word
that abbreviates a run of words in the other title is spelt out ("IPT" = "Interpersonal
Psychotherapy"), and a title that lost or gained a subtitle still matches by containment.
"""

from __future__ import annotations

import re

from readinglist import richtext
from readinglist.bibtex import latex

_STOP = {"a", "an", "and", "the", "of", "for", "in", "on", "to", "with", "by", "at", "from"}


def words(text: str) -> list[str]:
    """The words of a title or name (LaTeX and tags read as text), case-folded."""
    plain = latex.to_text(text) if "\\" in text or "{" in text else text
    plain = richtext.strip_tags(plain, tag_as=" ")
    return list(re.findall(r"[^\W_]+", plain.casefold()))


def _is_subsequence(letters: str, word: str) -> bool:
    position = 0
    for letter in letters:
        position = word.find(letter, position) + 1
        if position == 0:
            return False
    return True


def _expand_acronyms(words: list[str], other: list[str]) -> list[str]:
    """Spell out a word of `words` that abbreviates a run of words in `other`: "ipt" for
    "interpersonal psychotherapy" (initials, then letters of the last word), "cbt" for
    "cognitive behavioural therapy"."""
    out: list[str] = []
    for word in words:
        expansion: list[str] = []
        if 2 <= len(word) <= 6 and word not in other:
            for size in range(len(word), 1, -1):
                for start in range(len(other) - size + 1):
                    run = other[start : start + size]
                    initials = "".join(w[0] for w in run)
                    if word.startswith(initials) and _is_subsequence(word[size:], run[-1][1:]):
                        expansion = run
                        break
                if expansion:
                    break
        out.extend(expansion or [word])
    return out


def dice(a: list[str], b: list[str]) -> float:
    """0..1: how many words two lists share (Dice's coefficient, or containment when one
    list holds the other), stop words left out."""
    sa = {w for w in a if w not in _STOP} or set(a)
    sb = {w for w in b if w not in _STOP} or set(b)
    if not sa or not sb:
        return 0.0
    common = len(sa & sb)
    dice = 2 * common / (len(sa) + len(sb))
    containment = common / min(len(sa), len(sb))
    # A title that lost or gained a subtitle or a word still contains the other one.
    return max(dice, 0.9 * containment if min(len(sa), len(sb)) >= 3 else dice)


def title_similarity(ours: str, theirs: str) -> float:
    """0..1: how alike two titles are, whole or by main title (before a colon or dash)."""

    def main(text: str) -> str:
        return re.split(r"\s*[:–—]\s*|\s+-\s+", text, maxsplit=1)[0]

    best = 0.0
    for a_text in (ours, main(ours)):
        for b_text in (theirs, main(theirs)):
            a, b = words(a_text), words(b_text)
            a, b = _expand_acronyms(a, b), _expand_acronyms(b, a)
            best = max(best, dice(a, b))
    return round(best, 3)
