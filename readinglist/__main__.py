"""``python -m readinglist``."""

from readinglist.program import run

run()
