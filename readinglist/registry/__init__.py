"""Crossref, DataCite, doi.org, Open Library and NCBI over HTTP, and their records as CSL-JSON.

Owns: the look-ups (:mod:`.client`: DOI, ISBN, PubMed ID -> CSL item and notices; PubMed's
part in :mod:`.pubmed`), the polite, bounded HTTP client (:mod:`.http`, with the request
mechanics in :mod:`.transport`, the only importers of requests, and the host limits in
:mod:`.limits`), the documented shapes that every answer is checked against
(:mod:`.shapes`), the on-disk response cache (:mod:`.cache`) and registry records -> CSL-JSON
items (:mod:`.records`).

May import: :mod:`readinglist.csl` and the base modules. Nothing here writes the library.
"""
