"""Finding a reading-list repository's root: what every command does first.

A *repository root* is the nearest folder, from the current one upwards, that holds a
``readinglist.toml`` file or a ``refs/`` folder (as git looks for ``.git``). Kept apart from
:mod:`readinglist.ops.workspace` (init, rename, remove) so that finding the root imports
nothing else.
"""

from __future__ import annotations

from pathlib import Path

from readinglist.settings import FILENAME as SETTINGS_FILE

MARKERS = (SETTINGS_FILE, "refs")


def find_root(start: Path) -> Path | None:
    """The repository root at or above `start`, or None when there is none."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / SETTINGS_FILE).is_file() or (folder / "refs").is_dir():
            return folder
    return None
