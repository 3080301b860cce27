"""An event's reading list as the outputs people read: one writer per format.

Owns: the listing every writer shares (:mod:`.listing`: text, Markdown, HTML fragment), the full
HTML page (:mod:`.page`), the Word handout (:mod:`.handout`), exports for reference managers
(:mod:`.export`) and the static site (:mod:`.site`). Writers return text or bytes; they never
decide where a file goes.

May import: :mod:`readinglist.render`, :mod:`readinglist.csl`, :mod:`readinglist.bibtex`, the
library, events and the base modules. Never a registry, an operation or the command line.
"""
