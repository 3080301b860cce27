"""The documented shapes of registry answers, checked before a record is read.

A registry answer is JSON that someone else wrote: a ``title`` that is a string instead of a
list, an ``author`` that is ``null``, ``items: null`` or a number where an object belongs
must end in one line naming the field, not in a traceback deep inside a conversion. Each
answer is checked against the shape its service documents (Crossref's REST API works schema,
DataCite's REST API, Open Library's Books API, NCBI's ID Converter and ESummary), and
normalised on the way:

- ``null`` means "absent": the key (or list element) is dropped;
- a single text where a list of texts is documented is taken as a list of one (Crossref's
  ``title`` is a list; a mirror that sends one string means the same thing);
- a number where text is documented becomes text (``"volume": 7``);
- anything else of the wrong type raises :class:`ShapeError`, naming the path
  (``author[2].given``), what was expected and what came.

Keys that we do not read are passed through unchecked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

Check = Callable[[Any, str], Any]


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class ShapeError(ValueError):
    """A registry answer whose field has the wrong type."""

    def __init__(self, path: str, expected: str, got: Any) -> None:
        self.path = path
        # A field's name comes from the answer: its control characters are shown escaped, so
        # the message stays on one line.
        shown = _CONTROL.sub(lambda m: repr(m.group())[1:-1], path or "the answer")
        super().__init__(f"'{shown}' is {describe(got)}, expected {expected}")


def describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _at(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def anything(value: Any, path: str) -> Any:
    return value


def text(value: Any, path: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    raise ShapeError(path, "text", value)


def integer(value: Any, path: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,9}\s*", value):
        return int(value)
    raise ShapeError(path, "a whole number", value)


def list_of(check: Check) -> Check:
    def checked(value: Any, path: str) -> list[Any]:
        if not isinstance(value, list):
            raise ShapeError(path, "a list", value)
        return [check(v, _at(path, i)) for i, v in enumerate(value) if v is not None]

    return checked


def one_or_list(check: Check) -> Check:
    """A list of `check`; a lone value is a list of one."""
    many = list_of(check)

    def checked(value: Any, path: str) -> list[Any]:
        out: list[Any] = many(value if isinstance(value, list) else [value], path)
        return out

    return checked


texts = one_or_list(text)


def obj(fields: Mapping[str, Check]) -> Check:
    def checked(value: Any, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise ShapeError(path, "an object", value)
        out: dict[str, Any] = {}
        for key, item in value.items():
            if item is None:
                continue
            check = fields.get(str(key))
            out[str(key)] = check(item, _at(path, str(key))) if check else item
        return out

    return checked


def mapping_of(check: Check) -> Check:
    """An object whose keys are free (names) and whose values all have one shape."""

    def checked(value: Any, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise ShapeError(path, "an object", value)
        return {str(k): check(v, _at(path, str(k))) for k, v in value.items() if v is not None}

    return checked


# --- Crossref: https://api.crossref.org/swagger-ui/index.html (Work, WorkMessage) ----------

_PERSON = obj({"family": text, "given": text, "suffix": text, "name": text, "sequence": text})
_DATE = obj({"date-parts": list_of(list_of(integer))})
CROSSREF_WORK = obj(
    {
        "DOI": text,
        "type": text,
        "subtype": text,
        "title": texts,
        "subtitle": texts,
        "container-title": texts,
        "short-container-title": texts,
        "author": list_of(_PERSON),
        "editor": list_of(_PERSON),
        "institution": one_or_list(obj({"name": text})),
        "publisher": text,
        "publisher-location": text,
        "published-print": _DATE,
        "published-online": _DATE,
        "published": _DATE,
        "issued": _DATE,
        "posted": _DATE,
        "journal-issue": obj({"issue": text, "published-print": _DATE, "published-online": _DATE}),
        "volume": text,
        "issue": text,
        "page": text,
        "article-number": text,
        "edition-number": text,
        "isbn-type": list_of(obj({"type": text, "value": text})),
        "ISBN": texts,
        "ISSN": texts,
        "language": text,
        "relation": mapping_of(one_or_list(obj({"id-type": text, "id": text}))),
        "updated-by": list_of(obj({"type": text, "DOI": text, "label": text})),
    }
)
CROSSREF_WORK_ANSWER = obj({"message": CROSSREF_WORK})
CROSSREF_SEARCH_ANSWER = obj({"message": obj({"items": list_of(CROSSREF_WORK)})})

# --- DataCite: https://support.datacite.org/reference/get_dois-id (data.attributes) ----------

_DATACITE_ATTRIBUTES = obj(
    {
        "doi": text,
        "url": text,
        "version": text,
        "publicationYear": integer,
        "types": obj({"citeproc": text, "resourceTypeGeneral": text}),
        "titles": list_of(obj({"title": text, "titleType": text})),
        "creators": list_of(
            obj({"name": text, "nameType": text, "givenName": text, "familyName": text})
        ),
        "publisher": anything,  # a string, or {"name": ...} with ?publisher=true
        "dates": list_of(obj({"date": text, "dateType": text})),
        "container": obj({"title": text}),
    }
)
DATACITE_ANSWER = obj({"data": obj({"attributes": _DATACITE_ATTRIBUTES})})

# --- doi.org content negotiation: CSL-JSON (https://citeproc-js.readthedocs.io/) -------------

_CSL_NAME = obj({"family": text, "given": text, "literal": text, "suffix": text})
CSL_ITEM = obj(
    {
        "type": text,
        "title": text,
        "container-title": text,
        "author": list_of(_CSL_NAME),
        "editor": list_of(_CSL_NAME),
        "issued": obj({"date-parts": list_of(list_of(integer)), "literal": text}),
        "volume": text,
        "issue": text,
        "page": text,
        "publisher": text,
        "publisher-place": text,
        "DOI": text,
        "ISBN": text,
        "ISSN": text,
        "URL": text,
    }
)

# --- Open Library: https://openlibrary.org/dev/docs/api/books (jscmd=data) -------------------

_NAMED = list_of(obj({"name": text}))
OPENLIBRARY_BOOK = obj(
    {
        "title": text,
        "subtitle": text,
        "authors": _NAMED,
        "publishers": _NAMED,
        "publish_places": _NAMED,
        "publish_date": text,
        "number_of_pages": integer,
    }
)
OPENLIBRARY_ANSWER = mapping_of(OPENLIBRARY_BOOK)

# --- doi.org's registration agency: https://www.doi.org/the-identifier/resources/factsheets/
#     doi-resolution-documentation ("/ra/{prefix}") ------------------------------------------

RA_ANSWER = list_of(obj({"DOI": text, "RA": text, "status": text}))
