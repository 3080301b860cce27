"""Policy: what to change in a library and what to report about it.

Owns: checking a library and its events (:mod:`.lint`), bringing references in and comparing
them with registries (:mod:`.importing`), and finding the published versions of in-press works
(:mod:`.tracking`). Functions here take their inputs (a library, a look-up function) and return
results; they do not print or exit.

May import: every layer below it (registry, publish, render, csl, bibtex, library, events, base).
Never the command line.
"""
