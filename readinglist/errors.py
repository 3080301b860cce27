"""Every error readinglist raises on purpose.

The tree::

    ReadingListError                 root: the CLI prints it as one line and exits 1
    ├── BibtexSyntaxError            a .bib block could not be read (path, line)
    ├── DuplicateKeyError            two entries share a key, ignoring case
    ├── UnknownKeyError              a key that no entry of the library has
    ├── EventError                   an event file is malformed (path, line)
    ├── SettingsError                readinglist.toml is malformed (path, line)
    ├── InvalidDoiError              a string that is not a DOI
    ├── StyleNotFoundError           no CSL style or locale by that name or path
    ├── StyleError                   a CSL style file that cannot be used (path, line)
    ├── FetchError                   a registry could not be reached or answered badly
    │   └── NotFoundError            the registry answered that an identifier does not exist
    └── WriteError                   a file could not be written; the old file is untouched

Each error's ``str()`` is the whole message: it names the file and line, the key or the DOI,
and says what to do.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class ReadingListError(Exception):
    """Root of readinglist's own errors."""


def _where(path: Path | str, line: int | None) -> str:
    return f"{path}:{line}" if line else str(path)


def not_utf8(exc: UnicodeDecodeError) -> tuple[int, str]:
    """The line of the first byte that is not UTF-8, and what to say of it: every reader of
    a file (library, event, import, CSL-JSON) says it alike. A file whose JabRef header
    declares its encoding is told to convert from that one."""
    data = bytes(exc.object)
    line = data[: exc.start].count(b"\n") + 1
    column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
    declared = declared_encoding(data)
    where = f"byte 0x{data[exc.start]:02x} at column {column}"
    if declared is None:
        return line, f"is not UTF-8 ({where}); convert it, e.g. iconv -f latin1 -t utf-8"
    return line, (
        f"is not UTF-8 ({where}; its header declares {declared}); "
        f"convert it: iconv -f {declared} -t utf-8"
    )


# JabRef's header line; compiled when a file is not UTF-8, not when this module loads.
_DECLARED = rb"(?m)^%\s*Encoding:\s*([A-Za-z][\w.:-]*)\s*$"


def declared_encoding(data: bytes) -> str | None:
    """The encoding a .bib file declares in the header JabRef writes at its top ("% Encoding:
    Cp1252", Java's name for Windows-1252), as Python and iconv name it; None when it declares
    none, UTF-8, or one Python does not know as a text encoding."""
    import codecs
    import re

    found = re.search(_DECLARED, data[:2048])
    if found is None:
        return None
    name = found.group(1).decode("ascii").lower().removeprefix("x-")
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    # Only a text encoding: Python's codecs also name transforms (base64, rot13, zip).
    if not getattr(info, "_is_text_encoding", True) or info.name == "utf-8":
        return None
    return str(info.name).upper()


class BibtexSyntaxError(ReadingListError):
    """Raised when a .bib block could not be read and the caller cannot go on without it."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path, self.line, self.message = path, line, message
        super().__init__(f"{_where(path, line)}: {message}")


class DuplicateKeyError(ReadingListError):
    """Raised when an entry would share its key (ignoring case) with another entry."""

    def __init__(self, key: str, where: str, other: str) -> None:
        self.key = key
        super().__init__(f"{where}: key '{key}' is already used at {other}; keys must be unique")


class UnknownKeyError(ReadingListError):
    """Raised when a key names no entry; lists the nearest existing keys."""

    def __init__(self, key: str, near: Sequence[str], where: str = "", unread: str = "") -> None:
        self.key, self.near = key, list(near)
        hint = f" (did you mean {', '.join(self.near)}?)" if self.near else ""
        hint += f" (a file could not be read: {unread})" if unread else ""
        prefix = f"{where}: " if where else ""
        super().__init__(f"{prefix}no entry with key '{key}'{hint}")


class EventError(ReadingListError):
    """Raised when an event file is missing, malformed or names something it must not."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path, self.line = path, line
        super().__init__(f"{_where(path, line)}: {message}")


class SettingsError(EventError):
    """Raised when ``readinglist.toml`` is not valid TOML or holds an unknown setting."""


class InvalidDoiError(ReadingListError):
    """Raised for a string that cannot be read as a DOI (``10.<registrant>/<suffix>``)."""

    def __init__(self, value: str, where: str = "") -> None:
        self.value = value
        prefix = f"{where}: " if where else ""
        super().__init__(f"{prefix}'{value}' is not a DOI (expected 10.NNNN/suffix)")


class StyleNotFoundError(ReadingListError):
    """Raised when no CSL style (or locale) matches a name or path; lists close names."""

    def __init__(self, name: str, near: Sequence[str], kind: str = "style") -> None:
        self.name, self.near = name, list(near)
        hint = f"; close {kind}s: {', '.join(self.near)}" if self.near else ""
        super().__init__(f"unknown CSL {kind} '{name}'{hint}")


class StyleError(ReadingListError):
    """Raised when a CSL style file is not usable: not XML, not CSL, a DTD or entities, a
    dependent style whose parent is missing or whose parents form a cycle; or a CSL locale file
    of the user's (`kind` "locale") that is not usable."""

    def __init__(
        self, path: Path | str, message: str, line: int | None = None, kind: str = "style"
    ) -> None:
        self.path, self.line = path, line
        super().__init__(f"{_where(path, line)}: {kind} {message}")


class FetchError(ReadingListError):
    """Raised when a registry cannot be reached, times out or answers with something unusable."""


class NotFoundError(FetchError):
    """Raised when a registry answers that an identifier does not exist."""


class WriteError(ReadingListError):
    """Raised when a file could not be written; the previous file is left as it was."""
