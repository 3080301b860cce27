"""ISBNs as people type them -> ISBN-13, their check digits verified (ISO 2108), and the
routing of a typed identifier to DOI or ISBN."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readinglist.errors import InvalidDoiError
from readinglist.identifiers import Identifier, InvalidIsbnError, parse_identifier, parse_isbn


@pytest.mark.parametrize(
    "typed",
    ["2-07-042779-X", "207042779x", "ISBN 2 07 042779 X", "isbn-10: 2-07-042779-X",
     "978-2-07-042779-6", "9782070427796", "ISBN-13: 978 2 07 042779 6"],
)  # fmt: skip
def test_every_way_of_writing_an_isbn_gives_its_isbn13(typed: str) -> None:
    # Gallimard's "Les ombres errantes", as Open Library records it (tests/data/registry).
    assert parse_isbn(typed) == "9782070427796"


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("2-07-042779-1", "the check digit is wrong"),
        ("978-2-07-042779-5", "the check digit is wrong"),
        ("977-2-07-042779-6", "expected 10 or 13 digits"),
        ("12345", "expected 10 or 13 digits"),
    ],
)
def test_a_wrong_isbn_is_refused_with_the_reason(typed: str, reason: str) -> None:
    with pytest.raises(InvalidIsbnError, match=reason):
        parse_isbn(typed)


@given(st.text("0123456789", min_size=9, max_size=9))
def test_an_isbn10_and_its_isbn13_agree(first9: str) -> None:
    weighted = sum((10 - i) * int(c) for i, c in enumerate(first9))
    check = (11 - weighted % 11) % 11
    isbn10 = first9 + ("X" if check == 10 else str(check))
    isbn13 = parse_isbn(isbn10)
    assert isbn13.startswith("978" + first9) and parse_isbn(isbn13) == isbn13


def test_a_typed_identifier_is_routed_to_doi_or_isbn() -> None:
    assert parse_identifier("2-07-042779-X") == Identifier("isbn", "9782070427796")
    assert parse_identifier(" 10.1089/aut.2020.0043 ").kind == "doi"
    assert str(parse_identifier("9782070427796")) == "ISBN 9782070427796"
    with pytest.raises(InvalidDoiError):
        parse_identifier("banana")
