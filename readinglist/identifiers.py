"""DOIs and ISBNs as people type them -> one normal form, checked before any request is made.

A DOI may come bare, as ``doi:10...``, as a ``https://doi.org/`` or ``dx.doi.org`` link,
URL-encoded, in any case; it is returned bare, with its case kept (DOIs compare ignoring case).
An ISBN may be ISBN-10 or ISBN-13, with or without hyphens or spaces; its check digit is
verified and it is returned as ISBN-13.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass

from readinglist.errors import InvalidDoiError, ReadingListError

_DOI_PREFIX = re.compile(
    r"^\s*(?:doi:\s*|(?:https?://)?(?:dx\.)?doi\.org/|https?://(?:www\.)?doi\.org/)",
    re.IGNORECASE,
)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


class InvalidIsbnError(ReadingListError):
    """Raised for a string that is not a valid ISBN-10 or ISBN-13."""

    def __init__(self, value: str, reason: str) -> None:
        self.value = value
        super().__init__(f"'{value}' is not an ISBN: {reason}")


@dataclass(frozen=True)
class Identifier:
    kind: str  # "doi" or "isbn"
    value: str

    def __str__(self) -> str:
        return f"{self.kind.upper()} {self.value}"


def parse_doi(text: str) -> str:
    """The bare DOI in `text`; raises InvalidDoiError when there is none."""
    doi = urllib.parse.unquote(_DOI_PREFIX.sub("", text.strip())).strip()
    if not _DOI.match(doi):
        raise InvalidDoiError(text)
    return doi


def doi_key(doi: str) -> str:
    """How two DOIs are compared: case does not matter."""
    return doi.casefold()


def _isbn10_ok(digits: str) -> bool:
    total = sum((10 - i) * (10 if c in "Xx" else int(c)) for i, c in enumerate(digits))
    return total % 11 == 0


def _isbn13_check(first12: str) -> int:
    total = sum((1 if i % 2 == 0 else 3) * int(c) for i, c in enumerate(first12))
    return (10 - total % 10) % 10


def parse_isbn(text: str) -> str:
    """The ISBN-13 of `text`; raises InvalidIsbnError for a wrong length or check digit."""
    raw = re.sub(r"^\s*isbn(?:-1[03])?:?\s*", "", text.strip(), flags=re.IGNORECASE)
    digits = re.sub(r"[\s-]", "", raw)
    if re.fullmatch(r"\d{9}[\dXx]", digits):
        if not _isbn10_ok(digits):
            raise InvalidIsbnError(text, "the check digit is wrong")
        first12 = "978" + digits[:9]
        return first12 + str(_isbn13_check(first12))
    if re.fullmatch(r"97[89]\d{10}", digits):
        if _isbn13_check(digits[:12]) != int(digits[12]):
            raise InvalidIsbnError(text, "the check digit is wrong")
        return digits
    raise InvalidIsbnError(text, "expected 10 or 13 digits (978/979 for ISBN-13)")


def parse_identifier(text: str) -> Identifier:
    """A DOI or an ISBN, whichever `text` is; the error explains what was expected."""
    stripped = text.strip()
    if "10." in stripped and "/" in stripped:
        return Identifier("doi", parse_doi(stripped))
    if re.fullmatch(r"(?i)(isbn(-1[03])?:?\s*)?[\d\s-]{9,17}[\dXx]", stripped):
        return Identifier("isbn", parse_isbn(stripped))
    raise InvalidDoiError(text)
