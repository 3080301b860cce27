"""Crossref, DataCite, doi.org and Open Library over HTTP, and their records as CSL-JSON.

Owns: the polite HTTP client (:mod:`.client`, the only importer of requests), the on-disk
response cache (:mod:`.cache`) and registry records -> CSL-JSON items (:mod:`.records`).

May import: :mod:`readinglist.csl` and the base modules. Nothing here writes the library.
"""
