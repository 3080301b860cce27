"""``python -m readinglist``."""

from readinglist.cli import run

run()
