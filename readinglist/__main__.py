"""``python -m readinglist``."""

from readinglist.cli import main

main(prog_name="readinglist")
