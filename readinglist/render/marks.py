"""The private-use characters that mark places inside a rendered entry until it is finished.

They survive citeproc-py's string handling and never occur in CSL-JSON input (the reader drops
private-use marks).

- Display blocks: :mod:`readinglist.render.fixes.display` writes OPEN (with a letter for the
  kind) and CLOSE, :mod:`readinglist.render.layout` turns them into blocks, and the
  punctuation seams look through them.
- Quotations the style asks for (``quotes="true"``): QUOTE_OPEN and QUOTE_CLOSE, which
  :func:`readinglist.render.fixes.punctuation.finish` prints as the locale's outer or inner
  quotation marks by how deep they are nested.
- Name particles while a name list is formatted (:mod:`readinglist.render.fixes.particles`):
  around a dropping particle GIVEN_ROLE, a non-dropping one FAMILY_ROLE, gone before the
  list leaves cs:name.
- A dropping particle joined to the family name it precedes (``d’`` in "John d’Jones",
  :mod:`readinglist.render.fixes.particles`): PARTICLE_JOINED after it, gone with the space
  after it before the list leaves cs:name.
- A hyphen escaped in a number variable (``3\\-B``: a hyphen, no range): ESCAPED_HYPHEN
  (:mod:`readinglist.render.reference`), a hyphen again when the entry is finished
  (:func:`readinglist.render.fixes.punctuation.finish`).
- A family name whose own suffix ("Jr.") carries the cs:name's suffix
  (:mod:`readinglist.render.fixes.names`): SUFFIX_CARRIED after it, gone when the name's
  parts are formatted.
"""

from __future__ import annotations

OPEN = "\ue000"  # followed by one letter: the kind of block
CLOSE = "\ue001"
KINDS = {"block": "b", "left-margin": "l", "right-inline": "r", "indent": "i"}
NAMES = {letter: name for name, letter in KINDS.items()}

QUOTE_OPEN = "\ue010"
QUOTE_CLOSE = "\ue011"

GIVEN_ROLE = ("\ue020", "\ue021")
FAMILY_ROLE = ("\ue022", "\ue023")
PARTICLE_JOINED = "\ue024"
ESCAPED_HYPHEN = "\ue025"

SUFFIX_CARRIED = "\ue030"
