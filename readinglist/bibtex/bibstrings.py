"""biblatex's localisation keys, as the English strings biblatex prints for them.

biblatex manual §4.9.2 ("Localization Keys"): a field such as ``type``, ``series``,
``pubstate`` or a patent's ``location`` may hold a key (``resreport``, ``newseries``,
``patentus``, ``countryfr``) that biblatex prints as the string of the document's language
(``english.lbx``). CSL has no such keys, so a key becomes its English string here, as pandoc
does; ``\\bibstring{key}`` in any field is read the same way (:mod:`readinglist.bibtex.latex`).
A value that is not a key is kept as written.
"""

from __future__ import annotations

# The keys a database uses (biblatex manual §4.9.2.1, .2, .11, .12 and .13), english.lbx.
STRINGS = {
    # types (§4.9.2.13, "Types")
    "mathesis": "Master’s thesis",
    "phdthesis": "PhD thesis",
    "candthesis": "Candidate thesis",
    "techreport": "technical report",
    "resreport": "research report",
    "software": "computer software",
    "datacd": "CD-ROM",
    "audiocd": "audio CD",
    # patents (§4.9.2.12) and their countries
    "patent": "patent",
    "patentde": "German patent",
    "patenteu": "European patent",
    "patentfr": "French patent",
    "patentuk": "British patent",
    "patentus": "U.S. patent",
    "patreq": "patent request",
    "patreqde": "German patent request",
    "patreqeu": "European patent request",
    "patreqfr": "French patent request",
    "patrequk": "British patent request",
    "patrequs": "U.S. patent request",
    "countryde": "Germany",
    "countryeu": "European Union",
    "countryep": "European Union",
    "countryfr": "France",
    "countryuk": "United Kingdom",
    "countryus": "United States of America",
    # journal series (§4.9.2.1)
    "newseries": "new series",
    "oldseries": "old series",
    "jourser": "series",
    # publication states (§4.9.2.11)
    "inpreparation": "in preparation",
    "submitted": "submitted",
    "forthcoming": "forthcoming",
    "inpress": "in press",
    "prepublished": "pre-published",
}


def localised(value: str) -> str:
    """The English string of a localisation key; any other value unchanged."""
    return STRINGS.get(value.strip().lower(), value)


def ordinal(number: int) -> str:
    """An English ordinal, as CSL's English locale writes it: 1st, 2nd, 3rd, 11th, 22nd."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def series_of_journal(value: str) -> str:
    """A journal's ``series``: a number is "the Nth series" (biblatex's standard styles print
    an integer series with ``\\mkbibordseries`` and the ``jourser`` string); a key is its
    string; anything else as written."""
    text = value.strip()
    if text.isdigit() and 0 < int(text) < 10_000:
        return f"{ordinal(int(text))} {STRINGS['jourser']}"
    return localised(text)
