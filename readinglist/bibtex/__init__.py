"""BibTeX text <-> :class:`~readinglist.model.Reference`, byte-exact.

Owns: reading ``.bib`` files into blocks that keep their raw text, the minimal-diff writer
(:mod:`.bibfile`), biber's lexical rules (:mod:`.lexer`), LaTeX in field values (:mod:`.latex`,
with its command tables in :mod:`.commands`) and BibTeX's name rules (:mod:`.names`).

May import: :mod:`readinglist.errors`, :mod:`readinglist.model`, :mod:`readinglist.identifiers`
and bibtexparser. Nothing here knows CSL, styles, registries or the command line.
"""
