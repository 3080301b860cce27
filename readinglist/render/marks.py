"""The private-use characters that mark CSL display blocks inside a rendered entry.

:mod:`readinglist.render.fixes.display` writes them, :mod:`readinglist.render.layout` turns
them into blocks, and the punctuation seams look through them. They survive citeproc-py's
string handling and never occur in CSL-JSON input (the reader drops private-use marks).
"""

from __future__ import annotations

OPEN = "\ue000"  # followed by one letter: the kind of block
CLOSE = "\ue001"
KINDS = {"block": "b", "left-margin": "l", "right-inline": "r", "indent": "i"}
NAMES = {letter: name for name, letter in KINDS.items()}
