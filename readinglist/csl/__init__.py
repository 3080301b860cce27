"""References <-> CSL-JSON items, the hub every reference passes through.

Owns: the BibTeX/biblatex -> CSL-JSON field mapping (:mod:`.from_bibtex`), its inverse
(:mod:`.to_bibtex`), CSL-JSON from other programs made well formed (:mod:`.foreign`; a suffix
written in a given name, :mod:`.names`), and
RIS records <-> CSL-JSON (:mod:`.ris`). One mapping per direction: a
field is never mapped in two places.

May import: :mod:`readinglist.bibtex` and the base modules (errors, model, identifiers).
"""
