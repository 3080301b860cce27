"""LaTeX in BibTeX field values -> Unicode runs with case protection and font marks.

BibTeX values are small LaTeX documents: accents (``{\\"o}``), symbols (``\\ss``), dashes (``--``),
font commands (``\\emph{...}``), math (``$\\alpha$``) and braces, which at the top level of a
value protect their content from case changes. This module turns a value into a list of
:class:`Run`: plain text with a ``protected`` flag and a set of font marks, which the CSL
conversion can then case-convert (unprotected runs only) and serialise as CSL rich text.

Only a small, fixed set of commands is understood; an unknown command is dropped and its
argument kept, so that no text is lost.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from readinglist.bibtex import bibstrings
from readinglist.bibtex import commands as tex

MAX_DEPTH = 100
_SPACES = re.compile(r"[ \t\r\n]+")


@dataclass(frozen=True)
class Run:
    """A stretch of text with one set of attributes."""

    text: str
    protected: bool = False
    marks: frozenset[str] = frozenset()


class _Parser:
    def __init__(self, source: str) -> None:
        self.s = source
        self.i = 0
        self.runs: list[Run] = []
        self.quotes = 0  # quotation marks open: inner quotes alternate to single ones
        # The `…' and ``…'' quotations open, innermost last: whether double, closing mark.
        self.open_quotes: list[tuple[bool, str]] = []
        self.too_deep = False  # nested past MAX_DEPTH: the value is kept as written

    def stop(self) -> None:
        """Nested too deeply: read no further (bounded work, no recursion error)."""
        self.too_deep = True
        self.i = len(self.s)

    def emit(self, text: str, protected: bool, marks: frozenset[str]) -> None:
        if not text:
            return
        last = self.runs[-1] if self.runs else None
        if last and last.protected == protected and last.marks == marks:
            self.runs[-1] = Run(last.text + text, protected, marks)
        else:
            self.runs.append(Run(text, protected, marks))

    def parse(
        self, depth: int, protected: bool, marks: frozenset[str], math: bool, until_brace: bool
    ) -> None:
        if depth > MAX_DEPTH:
            self.stop()
            return
        s = self.s
        while self.i < len(s):
            c = s[self.i]
            if math and c == "\\" and s[self.i + 1 : self.i + 2] in (")", "]"):
                self.i += 2  # \) or \] closes the math that \( or \[ opened
                return
            if c == "}":
                if until_brace:
                    self.i += 1
                    return
                self.i += 1  # a stray closing brace is dropped, not fatal
            elif c == "{":
                self.i += 1
                self.group(depth, protected, marks, math)
            elif c == "\\":
                self.command(depth, protected, marks, math)
            elif c == "$":
                self.i += 1
                if s.startswith("$", self.i):  # $$ display math $$
                    self.i += 1
                if math:  # a $ inside a brace group of math returns to text
                    self.parse(depth + 1, protected, marks, False, until_brace)
                else:
                    self.formula(depth, protected, marks, until_brace)
                if not until_brace:
                    continue
                return
            elif math and c in "^_" and self.i + 1 < len(s):
                self.i += 1
                mark = "sup" if c == "^" else "sub"
                self.argument(depth, protected, marks | {mark}, math)
            elif c == "~" and not math:
                self.i += 1
                self.emit("\u00a0", protected, marks)
            elif c in "`'" and not math and self.quote_ligature(c, protected, marks):
                continue
            elif c in "-`'!?" and not math:
                for seq, out in tex.DASHES_AND_QUOTES:
                    if s.startswith(seq, self.i):
                        self.i += len(seq)
                        self.emit(out, protected, marks)
                        break
                else:
                    self.i += 1
                    self.emit(c, protected, marks)
            elif c in " \t\r\n":
                j = self.i
                while j < len(s) and s[j] in " \t\r\n":
                    j += 1
                self.i = j
                if not math:  # TeX sets its own spacing in math
                    self.emit(" ", protected, marks)
            else:
                j = self.i + 1
                while j < len(s) and s[j] not in "{}\\$~-`'!? \t\r\n^_":
                    j += 1
                text = s[self.i : j]
                if math:  # relations stand between spaces, as TeX and pandoc set them
                    text = tex.RELATION.sub(r" \1 ", text)
                self.emit(text, protected, marks)
                self.i = j
            if math and self.i < len(s) and s[self.i] == "$" and not until_brace:
                self.i += 1
                return

    def formula(
        self, depth: int, protected: bool, marks: frozenset[str], until_brace: bool
    ) -> None:
        """A math formula. TeX puts the space of a relation or operator between two atoms
        only, so one at the formula's start or end has none on that side: ``$<$A$>$`` is
        "<A>", ``$p<.05$`` "p < .05". Its letters are symbols, whose case is their meaning
        (φ is not Φ): no case change touches them, as biblatex's sentence casing and pandoc
        leave math as written ("Structure validation by Cα geometry: ϕ, ψ", where we
        printed "Φ" after the colon)."""
        outer, self.runs = self.runs, []
        self.parse(depth + 1, True, marks, True, until_brace)
        inner, self.runs = _trimmed(self.runs), outer
        for run in inner:
            self.emit(run.text, run.protected, run.marks)

    def group(self, depth: int, protected: bool, marks: frozenset[str], math: bool) -> None:
        if depth >= MAX_DEPTH:
            self.stop()
            return
        # BibTeX: a brace group at the top level protects case, unless it opens with a
        # command, as in {\"O} or {\em word}: then it is a "special character".
        if depth == 0 and not protected and self.s.startswith("\\", self.i):
            self.special_character(depth, marks, math)
        else:
            self.parse(depth + 1, protected or depth == 0, marks, math, True)

    def special_character(self, depth: int, marks: frozenset[str], math: bool) -> None:
        """A top-level group opening with a command. BibTeX's special character is one
        letter's worth ({\\"O}, {\\ss}) and takes the case of the words around it, as biber
        reads {\\"O} too (it drops those braces). A longer group that happens to open with an
        accent ({\\"{U}ber die Lokalisation im Schallfeld}, a whole title braced) protects its
        text as any group does, as biber (which keeps those braces) and pandoc read it; text
        under a font command ({\\em word}) keeps its case as marked text."""
        outer, self.runs = self.runs, []
        self.parse(depth + 1, False, marks, math, True)
        inner, self.runs = self.runs, outer
        plain = "".join(run.text for run in inner if not run.marks)
        longer = sum(c.isalnum() for c in plain) > 1
        for run in inner:
            self.emit(run.text, longer and not run.marks, run.marks)

    def argument(self, depth: int, protected: bool, marks: frozenset[str], math: bool) -> None:
        """One command argument: a brace group or a single character."""
        s = self.s
        while self.i < len(s) and s[self.i] in " \t\r\n":
            self.i += 1
        if self.i >= len(s):
            return
        if s[self.i] == "{":
            self.i += 1
            if depth >= MAX_DEPTH:
                self.stop()
                return
            self.parse(depth + 1, protected, marks, math, True)
        elif s[self.i] == "\\":
            if depth >= MAX_DEPTH:  # \emph\emph\emph...
                self.stop()
                return
            if self._glued_dotless(protected, marks):
                return
            self.command(depth + 1, protected, marks, math)
        else:
            self.emit(s[self.i], protected, marks)
            self.i += 1

    def _glued_dotless(self, protected: bool, marks: frozenset[str]) -> bool:
        """An accent's argument written ``\\ias`` (``Mat\\'\\ias``, ``Mart\\'\\in``): the writer's
        dotless ``\\i`` under the accent and the letters after it ("Matías"), where TeX would
        read one command ``\\ias`` (undefined, or ``\\in``: an accent on "∈"). Emits the
        dotless letter and leaves the letters to follow; False for any other argument."""
        s = self.s
        j = self.i + 1
        while j < len(s) and s[j].isalpha():
            j += 1
        name = s[self.i + 1 : j]
        # A text symbol (\\ij) or math's dotless letters keep their meaning; any other
        # command under an accent (\\in, \\it) would make no sense there.
        if len(name) < 2 or name[0] not in "ij" or name in tex.SYMBOLS or name in _DOTLESS_MATH:
            return False
        self.emit(tex.SYMBOLS[name[0]], protected, marks)
        self.i += 2
        return True

    def raw_argument(self) -> str:
        """A brace group's source text, unparsed (for URLs)."""
        s = self.s
        while self.i < len(s) and s[self.i] in " \t":
            self.i += 1
        if not s.startswith("{", self.i):
            return ""
        level, start = 0, self.i
        while self.i < len(s):
            if s[self.i] == "{":
                level += 1
            elif s[self.i] == "}":
                level -= 1
                if level == 0:
                    self.i += 1
                    return s[start + 1 : self.i - 1]
            self.i += 1
        return s[start + 1 :]

    def command(self, depth: int, protected: bool, marks: frozenset[str], math: bool) -> None:
        s = self.s
        self.i += 1  # the backslash
        if self.i >= len(s):
            return
        if not s[self.i].isalpha():
            name = s[self.i]
            self.i += 1
            if name in "([" and not math:  # \( ... \) and \[ ... \]: LaTeX's math delimiters
                self.formula(depth, protected, marks, False)
            elif name in ")]":  # the end of math is found by parse(); a stray one is dropped
                pass
            elif name in tex.ACCENTS:
                self.accent(tex.ACCENTS[name], depth, protected, marks, math)
            elif name in tex.ESCAPES:
                self.emit(tex.ESCAPES[name], protected, marks)
            else:
                self.emit(name, protected, marks)
            return
        j = self.i
        while j < len(s) and s[j].isalpha():
            j += 1
        name = s[self.i : j]
        self.i = j
        if name in tex.MARK_DECLARATIONS:
            while self.i < len(s) and s[self.i] in " \t\r\n":  # a control word eats spaces
                self.i += 1
        if name in tex.ACCENTS and len(name) == 1:
            self.accent(tex.ACCENTS[name], depth, protected, marks, math)
            return
        if name == "a" and s[self.i : self.i + 1] in _SYMBOL_ACCENTS:
            # LaTeX's \a', \a`, \a=, ... are its symbol accents under other names, for
            # where \' is taken (tabbing); a PsycINFO export writes "{\a'E}ric" for Éric.
            self.i += 1
            self.accent(tex.ACCENTS[s[self.i - 1]], depth, protected, marks, math)
            return
        # Greek letters and other math symbols are read outside math too, as biber's LaTeX
        # decoder does ("0.35~\\mu m"); their spacing as operators only in math.
        if name in tex.SYMBOLS or tex.MATH_SYMBOLS.get(name):
            while self.i < len(s) and s[self.i] in " \t\r\n":  # a command eats the space
                self.i += 1
            if s.startswith("{}", self.i):
                self.i += 2
            symbol = (
                tex.MATH_SYMBOLS[name]
                if math and name in tex.MATH_SYMBOLS
                else tex.SYMBOLS.get(name)
            )
            if symbol is None:
                symbol = tex.MATH_SYMBOLS[name]
            if math and name in tex.OPERATORS:  # "16 × 16", "p ≤ .05"
                before = self.runs[-1].text if self.runs else " "
                symbol = f"{'' if before.endswith(' ') else ' '}{symbol} "
            self.emit(symbol or "", protected, marks)
            return
        if name in tex.MARK_COMMANDS:
            self.argument(depth, protected, marks | {tex.MARK_COMMANDS[name]}, math)
            return
        if name in tex.MARK_DECLARATIONS:
            # The rest of the enclosing group is marked; leave its closing brace to the caller.
            self.parse(depth, protected, marks | {tex.MARK_DECLARATIONS[name]}, math, True)
            if s[self.i - 1 : self.i] == "}":
                self.i -= 1
            return
        if name in tex.QUOTE_COMMANDS:
            # Its argument is a brace group, whose case \MakeSentenceCase leaves alone.
            opening, closing = ("‘", "’") if self.quotes % 2 else ("“", "”")
            self.quotes += 1
            self.emit(opening, protected, marks)
            self.argument(depth, True, marks, math)
            self.emit(closing, protected, marks)
            self.quotes -= 1
            return
        if name == "foreignlanguage":  # babel's \foreignlanguage{lang}{text}: the text
            self.raw_argument()
            self.argument(depth, protected, marks, math)
            return
        if name == "bibstring":  # biblatex's localisation key (manual §4.9.2)
            self.emit(bibstrings.localised(self.raw_argument()), protected, marks)
            return
        if name in tex.SILENT:  # \index{...}, \label{...}: their argument is not text
            self.raw_argument()
            return
        if name == "url":
            self.emit(self.raw_argument(), protected, marks)
            return
        if name == "href":
            self.raw_argument()
            self.argument(depth, protected, marks, math)
            return
        # Unknown command: drop it, keep its arguments' text.
        while self.i < len(s) and s[self.i] == " ":
            self.i += 1
        if self.i < len(s) and s[self.i] == "{":
            self.argument(depth, protected, marks, math)

    def quote_ligature(self, c: str, protected: bool, marks: frozenset[str]) -> bool:
        """LaTeX's `…' and ``…'' are quotations, as pandoc reads them: their marks are those
        of their level ("“lasso”" at the top, "‘…’" inside another quotation), as
        \\enquote's are, so that a style that quotes the title alternates them. A ` with no
        closing ' further on stays an opening single quote, and a ' between letters an
        apostrophe ("dog's"). Whether it took the characters at the parser's position."""
        s, i = self.s, self.i
        double = s.startswith(c * 2, i)
        width = 2 if double else 1
        if c == "`":
            if not _closes_later(s, i + width, double):
                return False
            opening, closing = ("‘", "’") if self.quotes % 2 else ("“", "”")
            self.quotes += 1
            self.open_quotes.append((double, closing))
            self.i += width
            self.emit(opening, protected, marks)
            return True
        if not self.open_quotes or self.open_quotes[-1][0] != double:
            return False
        if not double and _between_letters(s, i):
            return False
        self.quotes -= 1
        self.i += width
        self.emit(self.open_quotes.pop()[1], protected, marks)
        return True

    def accent(
        self, mark: str, depth: int, protected: bool, marks: frozenset[str], math: bool
    ) -> None:
        before = "".join(r.text for r in self.runs)
        self.argument(depth, protected, marks, math)
        after = "".join(r.text for r in self.runs)
        added = after[len(before) :]
        if not added.strip():  # \~{} or \~{ }: the accent alone
            if added:
                self.runs = _replace_tail(self.runs, len(added), "")
            self.emit(tex.SPACING_ACCENTS.get(mark, "\u00a0" + mark), protected, marks)
            return
        # Put the combining mark after the first character of the argument, then compose.
        base = {"ı": "i", "ȷ": "j"}.get(added[0], added[0])  # \'\i is í
        combined = unicodedata.normalize("NFC", base + mark + added[1:])
        self.runs = _replace_tail(self.runs, len(added), combined)


def _replace_tail(runs: list[Run], count: int, text: str) -> list[Run]:
    """Replace the last `count` characters of `runs` by `text`, in the last run's attributes."""
    out = list(runs)
    remaining = count
    attrs = out[-1]
    while remaining and out:
        last = out.pop()
        if len(last.text) > remaining:
            out.append(Run(last.text[: len(last.text) - remaining], last.protected, last.marks))
            remaining = 0
        else:
            remaining -= len(last.text)
    if out and out[-1].protected == attrs.protected and out[-1].marks == attrs.marks:
        out[-1] = Run(out[-1].text + text, attrs.protected, attrs.marks)
    elif text:
        out.append(Run(text, attrs.protected, attrs.marks))
    return out


def _trimmed(runs: list[Run]) -> list[Run]:
    """`runs` without the spaces at their start and end (runs left empty dropped)."""
    runs = list(runs)
    while runs and not runs[0].text.strip(" "):
        runs.pop(0)
    while runs and not runs[-1].text.strip(" "):
        runs.pop()
    if runs:
        runs[0] = replace(runs[0], text=runs[0].text.lstrip(" "))
        runs[-1] = replace(runs[-1], text=runs[-1].text.rstrip(" "))
    return runs


# The accents LaTeX writes with a symbol (\' \` \^ \" \~ \= \.).
_SYMBOL_ACCENTS = frozenset(name for name in tex.ACCENTS if not name.isalpha())
_DOTLESS_MATH = frozenset({"imath", "jmath"})
_CONTROL = {c: " " for c in range(32) if chr(c) not in "\t\n\r"} | {0x7F: " "}


# Mendeley Desktop writes the LaTeX of a field with its own characters escaped: the title
# "mi{\k{e}}dzy" it holds is exported as "mi{\{}$\backslash$k{\{}e{\}}{\}}dzy", which LaTeX
# prints as the source text "mi{\k{e}}dzy". Such a field is read as the LaTeX it escapes.
_ESCAPED_COMMAND = "{\\{}$\\backslash$"


def _unescaped(value: str) -> str:
    """`value` with Mendeley's escaping of LaTeX undone, when it has an escaped command and
    its braces stay balanced; any other value as it is."""
    if _ESCAPED_COMMAND not in value:
        return value
    source = value.replace("{\\{}", "{").replace("{\\}}", "}").replace("$\\backslash$", "\\")
    return source if balanced(source, False) else value


def balanced(value: str, skip_escaped: bool) -> bool:
    """Whether the braces of `value` open and close in order (with `skip_escaped`, ``\\{``
    and ``\\}`` are no braces)."""
    depth = 0
    for i, c in enumerate(value):
        if c in "{}" and skip_escaped and i and value[i - 1] == "\\":
            continue
        depth += 1 if c == "{" else -1 if c == "}" else 0
        if depth < 0:
            return False
    return depth == 0


def parse(value: str) -> list[Run]:
    """Parse a BibTeX field value (without its outer delimiters) into runs. Control
    characters (a NUL byte, an escape) become spaces: they have no place in a reference."""
    value = _unescaped(value.translate(_CONTROL))
    if not any(c in value for c in "\\{}$~-`'!?\n\t\r") and "  " not in value:
        return [Run(value)] if value else []
    parser = _Parser(value)
    parser.parse(0, False, frozenset(), False, False)
    if parser.too_deep:  # not read as LaTeX: kept as written (see too_deep)
        return [Run(value)]
    # Accents are composed where they are read (\'e is é); other text is kept as written:
    # normalising it all would change what the user wrote (CJK compatibility ideographs).
    return parser.runs


def too_deep(value: str) -> bool:
    """Whether a value nests braces, commands or math more than MAX_DEPTH deep: it is then
    not read as LaTeX but kept as written, and reading its file reports it on its line."""
    if sum(value.count(c) for c in "{\\$") < MAX_DEPTH:
        return False
    parser = _Parser(value.translate(_CONTROL))
    parser.parse(0, False, frozenset(), False, False)
    return parser.too_deep


def to_text(value: str) -> str:
    """The plain Unicode text of a value: no braces, no marks."""
    return _SPACES.sub(" ", "".join(run.text for run in parse(value))).strip(" ")


def _between_letters(s: str, i: int) -> bool:
    """Whether the ' at `i` stands between two letters (an apostrophe: "dog's"), braces
    around either left aside (Zotero's "`{{Cochran}}'s {{Q}} Test'" holds "Cochran's")."""
    j, k = i - 1, i + 1
    while j >= 0 and s[j] in "{}" and i - j <= _BRACES_LOOKED_THROUGH:
        j -= 1
    while k < len(s) and s[k] in "{}" and k - i <= _BRACES_LOOKED_THROUGH:
        k += 1
    return j >= 0 and k < len(s) and s[j].isalnum() and s[k].isalnum()


# How many braces an apostrophe's letters are looked for through (a bound: a value of
# many quotes and braces is read in linear time).
_BRACES_LOOKED_THROUGH = 8


def _closes_later(s: str, start: int, double: bool) -> bool:
    """Whether the '' (`double`) or ' (not "''", not between letters) that closes a quotation
    opened before `start` follows, before another quotation of the same kind opens."""
    opening, closing = ("``", "''") if double else ("`", "'")
    j = start
    while j < len(s):
        if s.startswith("``", j) or s.startswith("''", j):
            if s.startswith(closing, j) and double:
                return True
            if s.startswith(opening, j):
                return False
            j += 2
            continue
        if not double:
            if s[j] == "`":
                return False
            if s[j] == "'" and not _between_letters(s, j):
                return True
        j += 1
    return False
