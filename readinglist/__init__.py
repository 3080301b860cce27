"""readinglist: keep a training event's references as BibTeX and publish its reading list."""

__version__ = "0.1.0"
