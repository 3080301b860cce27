"""biber's lexical rules for .bib text, where bibtexparser's differ, and text safe to print.

biber reads .bib files with btparse, whose lexer skips ``%`` comments to the end of the line,
outside entries and between fields, and allows white space around an entry's type. We give
bibtexparser the text as btparse would see it, character for character at the same offsets,
so that every block's span and line hold in the original text.
"""

from __future__ import annotations

import re

_BLANK = str.maketrans({c: " " for c in map(chr, range(256)) if c not in "\r\n"})


def _comment_end(text: str, i: int) -> int:
    end = text.find("\n", i)
    return len(text) if end < 0 else end


def _value_end(text: str, i: int) -> int:
    """The end of the braced or quoted value that opens at `i` (BibTeX counts every brace,
    escaped or not, as biber's btparse does)."""
    close, depth = text[i], 0
    j = i + 1 if close == '"' else i
    while j < len(text):
        c = text[j]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth <= 0 and close == "{":
                return j + 1
            depth = max(depth, 0)
        elif c == '"' and close == '"' and depth == 0:
            return j + 1
        j += 1
    return len(text)


_HEADER = re.compile(r"@(\s*)([A-Za-z][\w-]*)(\s*)([{(])")


def as_btparse_reads(text: str) -> str:
    """`text` as biber's btparse reads it, for bibtexparser: the same length, every character
    at its place, so that spans and lines found in it hold in the original.

    Two rules of btparse that bibtexparser lacks: a ``%`` outside a value starts a comment
    that runs to the end of the line, between entries and between an entry's fields alike
    (classic BibTeX has no comments, and would read ``% @inbook(...)`` as an entry); and
    white space may stand after ``@`` and after the entry type (``@ article {``), which is
    moved behind the opening brace."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "%":
            end = _comment_end(text, i)
            out[i:end] = text[i:end].translate(_BLANK)
            i = end
            continue
        if c != "@":
            i += 1
            continue
        m = _HEADER.match(text, i)
        if m is None:
            i += 1
            continue
        if m.group(1) or m.group(3):
            space = m.group(1) + m.group(3)
            out[i : m.end()] = list(f"@{m.group(2)}{m.group(4)}{space}")
        i = m.end()
        closer = "}" if m.group(4) == "{" else ")"
        if m.group(2).lower() == "comment":  # @comment{...}: its text is not looked into
            i = _value_end(text, m.end() - 1) if closer == "}" else _comment_end(text, i)
            continue
        while i < n:  # inside the entry
            c = text[i]
            if c in '{"':
                i = _value_end(text, i)
            elif c == "%":
                end = _comment_end(text, i)
                out[i:end] = text[i:end].translate(_BLANK)
                i = end
            elif c == closer:
                i += 1
                break
            elif c == "@":  # an entry left open: the next one starts here
                break
            else:
                i += 1
    return "".join(out)


def printable(text: str) -> str:
    """`text` safe to print on a terminal: control characters (an escape sequence that would
    recolour or retitle the terminal) shown as ``\\x1b``; newlines and tabs kept."""
    return "".join(
        c if c in "\n\t\r" or not (ord(c) < 32 or 127 <= ord(c) < 160) else f"\\x{ord(c):02x}"
        for c in text
    )


__all__ = ["as_btparse_reads", "printable"]
