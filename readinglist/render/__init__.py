"""CSL-JSON items -> formatted bibliography entries: the citeproc layer.

Owns: finding styles and locales, rendering with citeproc-py (:mod:`.engine`), the render
cache, what we feed citeproc-py (:mod:`.reference`), and what we fix in it (:mod:`.fixes`,
one module per CSL area), applied to our own renderings only (:mod:`.scoped`). This package is
the only importer of citeproc.

May import: :mod:`readinglist.csl`, :mod:`readinglist.bibtex` and the base modules.
"""
