"""The ``readinglist`` program (its console script and ``python -m readinglist``).

A command answered before with nothing it depends on changed is answered from the cache
(:mod:`readinglist.replay`) before click or the library is imported; any other runs as
usual (:func:`readinglist.cli.run`).
"""

from __future__ import annotations

import os
import sys


def run() -> None:
    """Run the command line in ``sys.argv``."""
    from readinglist import replay

    try:
        answered = replay.answer(sys.argv[1:])
    except BrokenPipeError:  # the reader (`| head`) stopped reading: so do we, quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    if answered:
        return
    from readinglist.cli import run as run_command

    run_command()
