""".bib text <-> :class:`~readinglist.model.Reference`, and the minimal-diff writer.

bibtexparser v2 splits a file into blocks and keeps each block's raw text. We locate every
block's span in the original text, so that writing a file back is a splice: the spans of
changed entries are replaced, new entries are appended, and every other byte (comments,
``@string``, ``@preamble``, blocks that failed to parse, the whitespace between blocks) stays
exactly as it was. A changed or new entry is laid out in one canonical form; a field whose
value did not change keeps its original source text (a ``@string`` macro stays a macro).

This is the only module that imports bibtexparser.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import bibtexparser
from bibtexparser import model as bp

from readinglist.bibtex import latex, lexer
from readinglist.model import MAX_FIELD_LENGTH, Problem, Reference, Severity

# bibtexparser logs what it could not parse; we report those blocks ourselves, with file and line.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)

MONTH_MACROS = {
    "jan": "January",
    "feb": "February",
    "mar": "March",
    "apr": "April",
    "may": "May",
    "jun": "June",
    "jul": "July",
    "aug": "August",
    "sep": "September",
    "oct": "October",
    "nov": "November",
    "dec": "December",
}


# The end of the error of an entry read all the same (a field given twice): in the library an
# error, as a value is lost; for `import`, which adds the entry, a warning.
READ_ANYWAY = " (the last is used, as biber reads it)"

# A month that a standard macro stands for is written as the macro (``month = oct``): the form
# biblatex asks for (§2.3.9) and every reader takes; ``{October}`` is a string to biber, which
# warns, and pandoc leaves it out of the date.
_MONTH_MACRO_OF = {name: macro for macro, name in MONTH_MACROS.items()}


@dataclass(frozen=True)
class Block:
    """One top-level block of a .bib file and where it stands in the text."""

    kind: str  # "entry", "string", "preamble", "comment" or "failed"
    start: int
    end: int
    line: int
    key: str = ""
    # For entries: each field's name and its source text (delimiters included).
    raw_fields: tuple[tuple[str, str], ...] = ()
    # Second and later fields of a name the entry already has (a second ``title``): not
    # read, but written back as they were when the entry is rewritten.
    repeated: tuple[tuple[str, str], ...] = ()


@dataclass
class BibFile:
    """A parsed .bib file: its text, blocks, references and what was wrong with it."""

    path: Path | None
    text: str
    blocks: list[Block] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    strings: dict[str, str] = field(default_factory=dict)
    # Entries whose key an earlier entry of the file has: not among `references` (BibTeX and
    # biber read the first of a key), each with the error reported for it, for `import`, which
    # keeps them under a key of their own (or skips a copy of the same entry).
    repeated: list[tuple[Reference, Problem]] = field(default_factory=list)

    def block_for(self, key: str) -> Block | None:
        """The entry block with `key` (compared ignoring case), or None."""
        folded = key.casefold()
        for block in self.blocks:
            if block.kind == "entry" and block.key.casefold() == folded:
                return block
        return None


def _split_concatenation(raw: str) -> list[str]:
    """Split a value's source text at ``#`` outside braces and quotes."""
    if "#" not in raw:  # nearly every value: no concatenation to look for
        return [raw.strip()]
    pieces, depth, quoted, start = [], 0, False, 0
    for i, c in enumerate(raw):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == '"' and depth == 0:
            quoted = not quoted
        elif c == "#" and depth == 0 and not quoted:
            pieces.append(raw[start:i])
            start = i + 1
    pieces.append(raw[start:])
    return [p.strip() for p in pieces]


def resolve_value(raw: str, strings: Mapping[str, str]) -> tuple[str, list[str]]:
    """A field's value from its source text: delimiters removed, macros and ``#`` resolved.

    Returns the value and the names of macros that no ``@string`` defines.
    """
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == "{" and raw[-1] == "}" and "#" not in raw:
        return raw[1:-1], []  # the common case: one braced value
    out: list[str] = []
    unknown: list[str] = []
    for piece in _split_concatenation(raw):
        if len(piece) >= 2 and (piece[0], piece[-1]) in (("{", "}"), ('"', '"')):
            out.append(piece[1:-1])
        elif piece.isdigit():
            out.append(piece)
        elif piece.casefold() in strings:
            out.append(strings[piece.casefold()])
        elif piece.casefold() in MONTH_MACROS:
            out.append(MONTH_MACROS[piece.casefold()])
        elif piece:
            unknown.append(piece)
            out.append(piece)
    return "".join(out), unknown


def _failure_message(block: bp.ParsingFailedBlock, first_lines: Mapping[str, int]) -> str:
    if isinstance(block, bp.DuplicateBlockKeyBlock):
        if not block.key:
            return "entry could not be read: it has no key"
        first = first_lines.get(block.key)
        where = f" (first at line {first})" if first else ""
        return f"entry could not be read: key '{block.key}' is used twice in this file{where}"
    if isinstance(block, bp.DuplicateFieldKeyBlock):
        entry = block.ignore_error_block
        key = getattr(entry, "key", None)
        fields = ", ".join(f"'{name}'" for name in sorted(block.duplicate_keys, key=str.casefold))
        named = f"entry '{key}'" if key else "entry"
        return f"{named} has a field twice: {fields}"
    reason = (
        getattr(block.error, "abort_reason", None) or str(block.error).strip() or "syntax error"
    )
    return f"entry could not be read: {' '.join(str(reason).split())}"


def parse(text: str, path: Path | None = None) -> BibFile:
    """Parse .bib text. Never raises for bad input: unreadable blocks become problems."""
    nul = text.find("\x00")
    control = (
        []
        if nul < 0
        else [
            Problem(
                path,
                text.count("\n", 0, nul) + 1,
                "the file holds a NUL byte (is it a .bib file?); it is read as a space",
            )
        ]
    )
    lexed = lexer.as_btparse_reads(text)
    library = bibtexparser.parse_string(lexed, parse_stack=[])  # type: ignore[attr-defined]
    result = BibFile(path=path, text=text)
    cursor = 0
    line_offset, line_number = 0, 1
    strings: dict[str, str] = {}
    first_lines: dict[str, int] = {}  # each entry key's first line, for a key used again
    string_lines: dict[str, int] = {}  # each @string's first line, for a name defined again
    # Each @string: its name, line, the macros undefined where it is, all the macros it uses.
    macros: list[tuple[str, int, list[str], list[str]]] = []
    for block in library.blocks:
        raw = block.raw or ""
        start = lexed.find(raw, cursor) if raw else -1
        if start < 0:  # bibtexparser normalised the text (should not happen): keep our place
            start = cursor
        end = start + len(raw)
        cursor = end
        line_number += text.count("\n", line_offset, start)
        line_offset = start
        line = line_number
        if isinstance(block, bp.ParsingFailedBlock):
            problem = Problem(path, line, _failure_message(block, first_lines))
            usable = block.ignore_error_block
            if isinstance(block, bp.DuplicateFieldKeyBlock) and isinstance(usable, bp.Entry):
                # The entry itself is readable; the last value of each field is used.
                result.problems.append(
                    Problem(path, line, problem.message + READ_ANYWAY, key=usable.key)
                )
                first_lines.setdefault(usable.key, line)
                _add_entry(result, usable, start, end, line, strings, text)
                continue
            if isinstance(block, bp.DuplicateBlockKeyBlock) and isinstance(usable, bp.String):
                block = usable  # a name defined again: see below
            else:
                result.problems.append(problem)
                result.blocks.append(Block("failed", start, end, line))
                repeat = isinstance(block, bp.DuplicateBlockKeyBlock)
                if repeat and isinstance(usable, bp.Entry) and usable.key.strip():
                    entry = _read_aside(result, usable, line, strings)
                    result.repeated.append((entry, problem))
                continue
        if isinstance(block, bp.Entry):
            if not block.key.strip():
                result.problems.append(
                    Problem(path, line, "entry could not be read: it has no key")
                )
                result.blocks.append(Block("failed", start, end, line))
                continue
            first_lines.setdefault(block.key, line)
            _add_entry(result, block, start, end, line, strings, text)
        elif isinstance(block, bp.String):
            folded = block.key.casefold()
            first = string_lines.setdefault(folded, line)
            if folded in strings:
                # BibTeX reads macros in order (names in any case): a second @string of a
                # name replaces the first from there on (btparse warns "macro redefined"),
                # as pandoc reads it.
                message = (
                    f"@string '{block.key}' is defined again (first at line {first}); "
                    "the entries after it use the new value"
                )
                result.problems.append(Problem(path, line, message, severity=Severity.WARNING))
            _add_string(result, block, start, end, line, strings, macros)
        elif isinstance(block, bp.Preamble):
            result.blocks.append(Block("preamble", start, end, line))
        else:
            result.blocks.append(Block("comment", start, end, line))
    result.strings = strings
    result.problems[:0] = control
    result.problems.extend(_macro_problems(path, macros))
    return result


def _add_string(
    result: BibFile,
    block: bp.String,
    start: int,
    end: int,
    line: int,
    strings: dict[str, str],
    macros: list[tuple[str, int, list[str], list[str]]],
) -> None:
    value, unknown = resolve_value(block.value, strings)
    strings[block.key.casefold()] = value
    macros.append((block.key, line, unknown, _macro_names(block.value)))
    result.blocks.append(Block("string", start, end, line, key=block.key))


def _macro_names(raw: str) -> list[str]:
    """The macros a value's source text uses (the pieces of its concatenation that are names)."""
    return [
        piece.casefold()
        for piece in _split_concatenation(raw.strip())
        if piece and piece[0] not in '{"' and not piece.isdigit()
    ]


def _macro_problems(
    path: Path | None, macros: list[tuple[str, int, list[str], list[str]]]
) -> list[Problem]:
    """What is wrong with the macros a ``@string`` uses. BibTeX reads ``@string``s in order, so
    a macro must be defined before it is used: one that refers to itself, or to a later one
    that refers back to it, goes round in a circle and is never defined (an error); a macro
    defined nowhere is a warning, as in a field. The value keeps the macro's name as written."""
    uses = {name.casefold(): names for name, _, _, names in macros}
    cyclic = _in_cycles(uses)
    told: set[str] = set()
    problems = []
    for name, line, unknown, _ in macros:
        for macro in unknown:
            if name.casefold() in told:
                continue  # on a circle already reported
            cycle = _macro_cycle(name.casefold(), macro.casefold(), uses, cyclic)
            if cycle is not None:
                told.update(cycle)
                shown = cycle if len(cycle) <= 8 else [*cycle[:4], "…", *cycle[-2:]]
                message = f"@string '{name}' goes round in a circle ({' -> '.join(shown)})"
                problems.append(Problem(path, line, message + "; define each macro once from text"))
            elif macro.casefold() in uses:
                message = f"@string '{name}' uses '{macro}' before it is defined"
                message += "; move that @string above it"
                problems.append(Problem(path, line, message, severity=Severity.WARNING))
            else:
                message = f"@string '{name}' uses the undefined @string '{macro}'"
                problems.append(Problem(path, line, message, severity=Severity.WARNING))
    return problems


def _in_cycles(uses: Mapping[str, list[str]]) -> set[str]:
    """The macros that may lie on a circle: what is left after taking away, again and again,
    each macro that uses none of the others left, or that none of them uses (linear time)."""
    left = set(uses)
    out = {name: {m for m in names if m in left} for name, names in uses.items()}
    into: dict[str, set[str]] = {name: set() for name in left}
    for name, names in out.items():
        for m in names:
            into[m].add(name)
    queue = [name for name in left if not out[name] or not into[name]]
    while queue:
        name = queue.pop()
        if name not in left:
            continue
        left.discard(name)
        for m in out[name]:
            into[m].discard(name)
            if m in left and not into[m]:
                queue.append(m)
        for m in into[name]:
            out[m].discard(name)
            if m in left and not out[m]:
                queue.append(m)
    return left


def _macro_cycle(
    name: str, macro: str, uses: Mapping[str, list[str]], cyclic: set[str]
) -> list[str] | None:
    """The chain of macros from `name` through `macro` back to `name`, or None."""
    if name not in cyclic or macro not in cyclic:
        return None
    parent = {macro: name}
    queue = [macro]
    for current in queue:  # breadth first, without recursion: a chain may be long
        if current == name:
            chain = [name]
            step = parent[name]
            while step != name:
                chain.append(step)
                step = parent[step]
            return [name, *reversed(chain[1:]), name]
        for nxt in uses.get(current, ()):
            if nxt in cyclic and (nxt not in parent or nxt == name):
                parent.setdefault(nxt, current)
                if nxt == name:
                    parent[name] = current
                queue.append(nxt)
    return None


def _add_entry(
    result: BibFile,
    entry: bp.Entry,
    start: int,
    end: int,
    line: int,
    strings: Mapping[str, str],
    text: str,
) -> None:
    fields: list[tuple[str, str]] = []
    raw_fields: list[tuple[str, str]] = []
    repeated: list[tuple[str, str]] = []
    # A field given twice has its last value, as biber (Text::BibTeX keeps the last) and pandoc
    # read it; the earlier ones are kept aside to be written back before it.
    last = {f.key.strip().lower(): i for i, f in enumerate(entry.fields)}
    for index, f in enumerate(entry.fields):
        name = f.key.strip().lower()
        raw_value = f.value if isinstance(f.value, str) else str(f.value)
        # bibtexparser counts lines from 0 in the whole text.
        field_line = (f.start_line + 1) if f.start_line is not None else line
        if index != last[name]:
            repeated.append((f.key.strip(), raw_value.strip()))
            continue
        value, unknown = resolve_value(raw_value, strings)
        for macro in unknown:
            result.problems.append(
                Problem(
                    result.path,
                    field_line,
                    f"entry '{entry.key}': field '{name}' uses the undefined @string '{macro}'",
                    key=entry.key,
                    severity=Severity.WARNING,
                )
            )
        if len(value) > MAX_FIELD_LENGTH:
            result.problems.append(
                Problem(
                    result.path,
                    field_line,
                    f"entry '{entry.key}': field '{name}' is {len(value):,} characters long; "
                    f"fields over {MAX_FIELD_LENGTH:,} are kept in the file but not formatted",
                    key=entry.key,
                )
            )
        elif latex.too_deep(value):
            result.problems.append(
                Problem(
                    result.path,
                    field_line,
                    f"entry '{entry.key}': field '{name}' nests braces, commands or math more "
                    f"than {latex.MAX_DEPTH} deep; it is kept in the file but not formatted",
                    key=entry.key,
                )
            )
        fields.append((name, value))
        raw_fields.append((name, raw_value.strip()))
    reference = Reference(
        key=entry.key.strip(),
        entry_type=entry.entry_type.lower(),
        fields=tuple(fields),
        path=result.path,
        line=line,
    )
    result.references.append(reference)
    result.blocks.append(
        Block(
            "entry",
            start,
            end,
            line,
            key=reference.key,
            raw_fields=tuple(raw_fields),
            repeated=tuple(repeated),
        )
    )


def _read_aside(
    result: BibFile, entry: bp.Entry, line: int, strings: Mapping[str, str]
) -> Reference:
    """`entry` read as any other, its problems reported, but not made one of `result`'s
    references or blocks (its block is kept as a failed one)."""
    aside = BibFile(path=result.path, text=result.text)
    _add_entry(aside, entry, 0, 0, line, strings, result.text)
    result.problems.extend(aside.problems)
    return aside.references[0]


_BRACE_WORDS = {"{": "\\textbraceleft{}", "}": "\\textbraceright{}"}


# Unicode's noncharacters (U+FDD0 to U+FDEF and the last two code points of every plane) are
# not for interchange (The Unicode Standard, §23.7): biber refuses a whole file that holds one.
# A value written anew has each as U+FFFD, the replacement character, which every reader takes.
NONCHARACTERS = dict.fromkeys(range(0xFDD0, 0xFDF0), "\ufffd") | {
    plane + end: "\ufffd" for plane in range(0, 0x110000, 0x10000) for end in (0xFFFE, 0xFFFF)
}


def _braced(value: str) -> str:
    """A value in braces, made safe for every reader: BibTeX and biber count every brace,
    pandoc and bibtexparser skip a brace after a backslash, so a value is written as it is
    only when it is balanced both ways and does not end in a backslash.

    Otherwise escaped braces and braces without a partner are written as
    ``\\textbraceleft{}`` and ``\\textbraceright{}``, and a final backslash as
    ``\\textbackslash{}``: the same text, read alike by all of them. Balanced braces stay."""
    value = value.translate(NONCHARACTERS)
    if latex.balanced(value, False) and latex.balanced(value, True) and not value.endswith("\\"):
        return "{" + value + "}"
    out: list[str] = []
    opened: list[int] = []  # positions in `out` of "{" still open
    i = 0
    while i < len(value):
        c = value[i]
        if c == "\\" and i + 1 < len(value) and value[i + 1] in "{}":
            out.append(_BRACE_WORDS[value[i + 1]])
            i += 2
            continue
        if c == "\\" and i + 1 == len(value):
            out.append("\\textbackslash{}")
        elif c == "{":
            opened.append(len(out))
            out.append(c)
        elif c == "}":
            if opened:
                opened.pop()
                out.append(c)
            else:
                out.append(_BRACE_WORDS["}"])
        else:
            out.append(c)
        i += 1
    for position in opened:
        out[position] = _BRACE_WORDS["{"]
    return "{" + "".join(out) + "}"


def format_entry(
    reference: Reference,
    raw_fields: Mapping[str, str] | None = None,
    strings: Mapping[str, str] | None = None,
    newline: str = "\n",
    repeated: Iterable[tuple[str, str]] = (),
) -> str:
    """An entry in the canonical layout. A field whose value equals what its original source
    text resolves to keeps that source text; `repeated` fields (the earlier of two ``title``s,
    whose last value is the field's) come before the field of their name, as they were, or
    first when that one is gone, so that the field read back is still the last."""
    earlier: dict[str, list[tuple[str, str]]] = {}
    for again_name, again_source in repeated:
        earlier.setdefault(again_name.lower(), []).append((again_name, again_source))
    name_width = max(
        (len(k) for k, _ in (*reference.fields, *repeated)),
        default=0,
    )
    names = {name for name, _ in reference.fields}
    lines = [f"@{reference.entry_type}{{{reference.key},"]
    for name in [n for n in earlier if n not in names]:
        for again_name, again_source in earlier.pop(name):
            lines.append(f"  {again_name.ljust(name_width)} = {again_source},")
    for name, value in reference.fields:
        for again_name, again_source in earlier.pop(name, []):
            lines.append(f"  {again_name.ljust(name_width)} = {again_source},")
        source = (raw_fields or {}).get(name)
        if source is None or resolve_value(source, strings or {})[0] != value:
            source = _MONTH_MACRO_OF.get(value) if name == "month" else None
            source = source or _braced(value)
        lines.append(f"  {name.ljust(name_width)} = {source},")
    lines.append("}")
    return newline.join(lines)


def _newline_of(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def update(
    bibfile: BibFile, changed: Iterable[Reference] = (), added: Iterable[Reference] = ()
) -> str:
    """The file's new text: `changed` entries replaced in place, `added` appended.

    Everything else is kept byte for byte.
    """
    newline = _newline_of(bibfile.text)
    replacements: list[tuple[int, int, str]] = []
    for reference in changed:
        block = bibfile.block_for(reference.key)
        if block is None:
            raise KeyError(reference.key)
        replacement = format_entry(
            reference, dict(block.raw_fields), bibfile.strings, newline, block.repeated
        )
        replacements.append((block.start, block.end, replacement))
    text = bibfile.text
    for start, end, replacement in sorted(replacements, reverse=True):
        text = text[:start] + replacement + text[end:]
    additions = [format_entry(r, newline=newline) for r in added]
    if additions:
        if text and not text.endswith(("\n", "\r")):
            text += newline
        if text.strip():
            text += newline
        text += (newline + newline).join(additions) + newline
    return text


_ENTRY_HEAD = re.compile(r"@\s*[A-Za-z]+\s*[{(]\s*")


def rename_key(bibfile: BibFile, old: str, new: str, linking: Iterable[str] = ()) -> str:
    """The file's text with the entry `old` keyed `new`, and every `linking` field (such as
    ``crossref``) whose value is `old` pointing at `new`. Only the key text changes: the
    entries' layout and every other byte stay as they were."""
    folded = old.casefold()
    names = {name.casefold() for name in linking}
    edits: list[tuple[int, int, str]] = []
    for block in bibfile.blocks:
        if block.kind != "entry":
            continue
        if block.key.casefold() == folded:
            head = _ENTRY_HEAD.match(bibfile.text, block.start)
            if head and bibfile.text.startswith(block.key, head.end()):
                edits.append((head.end(), head.end() + len(block.key), new))
        for name, raw in block.raw_fields:
            inner = raw[1:-1].strip() if raw[:1] in '{"' else raw
            if name not in names or inner.casefold() != folded:
                continue
            source = bibfile.text[block.start : block.end]
            found = re.search(rf"(?i)\b{re.escape(name)}\s*=\s*{re.escape(raw)}", source)
            if found is None:
                continue
            at = block.start + found.end() - len(raw) + raw.index(inner)
            edits.append((at, at + len(inner), new))
    text = bibfile.text
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def remove_entry(bibfile: BibFile, key: str) -> str:
    """The file's text without the entry `key` and the blank lines after it; every other
    byte is kept."""
    block = bibfile.block_for(key)
    if block is None:
        raise KeyError(key)
    text = bibfile.text
    end = block.end
    while end < len(text) and text[end] in " \t\r\n":
        end += 1
    if end < len(text):
        return text[: block.start] + text[end:]
    start = block.start
    while start > 0 and text[start - 1] in " \t\r\n":
        start -= 1
    return text[:start] + (_newline_of(text) if start else "")
