"""``readinglist.toml``: a reading-list repository's optional settings.

style = "apa"                 # default CSL style for render and format
locale = "en-GB"              # default locale
mailto = "organiser@example.org"   # contact address sent to Crossref (polite pool)
bibfile = "refs/references.bib"    # where `add` and `import` write new entries
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from readinglist.errors import SettingsError

FILENAME = "readinglist.toml"
_KEYS = {"style", "locale", "mailto", "bibfile"}


class Settings(NamedTuple):
    """A repository's readinglist.toml: the defaults its commands use (a named tuple, as the
    other small records every command builds: see :mod:`readinglist.render.styles`)."""

    style: str = "apa"
    locale: str = ""  # "": the style's default-locale, else en-US
    mailto: str = ""
    bibfile: str = "refs/references.bib"


def load_settings(root: Path) -> Settings:
    """The settings of the repository at `root`; defaults where the file or a key is absent."""
    path = root / FILENAME
    if not path.is_file():
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        from readinglist.events import toml_error_line

        raise SettingsError(path, toml_error_line(exc), f"not valid TOML: {exc}") from exc
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise SettingsError(
            path, None, f"unknown setting '{unknown[0]}' (known: {', '.join(sorted(_KEYS))})"
        )
    for key, value in data.items():
        if not isinstance(value, str):
            raise SettingsError(path, None, f"setting '{key}' must be a string")
    return Settings(**data)


def default_cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """Where readinglist keeps registry answers and renderings: ``READINGLIST_CACHE_DIR``, else
    the platform's user cache folder (platformdirs): ``$XDG_CACHE_HOME/readinglist`` or
    ``~/.cache/readinglist`` on Linux, ``~/Library/Caches/readinglist`` on macOS,
    ``%LOCALAPPDATA%\\readinglist\\Cache`` on Windows."""
    env = os.environ if env is None else env  # read, not copied: called on every cache use
    if env.get("READINGLIST_CACHE_DIR"):
        return Path(env["READINGLIST_CACHE_DIR"])
    import platformdirs

    return Path(platformdirs.user_cache_dir("readinglist", appauthor=False))
