"""CSL-JSON items -> formatted bibliography entries: the citeproc layer.

Owns: finding styles and locales, rendering with citeproc-py (:mod:`.engine`), the render
cache, and what we fix in citeproc-py (:mod:`.fixes`). This package is the only importer of
citeproc.

May import: :mod:`readinglist.csl`, :mod:`readinglist.bibtex` and the base modules.
"""
