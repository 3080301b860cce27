"""The look-ups: a DOI, ISBN or PubMed ID -> a CSL-JSON item (and Crossref's notices).

Each answer is checked against its service's documented shape (:mod:`.shapes`) before it is
read, so a malformed record is a one-line error naming the identifier. The HTTP itself is
:mod:`.http`'s :class:`Client`.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from readinglist.csl.from_bibtex import CslItem
from readinglist.errors import FetchError, NotFoundError
from readinglist.identifiers import Identifier
from readinglist.registry import pubmed, records, shapes
from readinglist.registry.http import CSL_JSON, JSON, Answer, Client, Endpoints
from readinglist.registry.limits import HostLimit, retry_after
from readinglist.registry.records import Notice

__all__ = [
    "JSON",
    "Answer",
    "Client",
    "Endpoints",
    "Fetched",
    "HostLimit",
    "Notice",
    "crossref_search",
    "crossref_work",
    "fetch",
    "fetch_all",
    "fetch_doi",
    "fetch_record",
    "fetch_with_notices",
    "retry_after",
]

# --- the look-ups ---------------------------------------------------------------------------


def _quote(doi: str) -> str:
    """A DOI for a URL path. DOIs ignore case, so they are asked for in lower case: the
    same DOI typed two ways is one request and one cache entry."""
    return urllib.parse.quote(doi.lower(), safe="/:;()[]")


def crossref_work(client: Client, doi: str) -> dict[str, Any]:
    """Crossref's ``/works/{doi}`` message for `doi`."""
    data = client.get_checked(
        shapes.CROSSREF_WORK_ANSWER,
        "Crossref",
        f"{client.endpoints.crossref}/works/{_quote(doi)}",
        what=f"DOI {doi}",
    )
    if not isinstance(data.get("message"), dict):
        raise FetchError(f"DOI {doi}: Crossref's answer has no work in it")
    message: dict[str, Any] = data["message"]
    return message


def crossref_search(client: Client, params: Mapping[str, str]) -> list[dict[str, Any]]:
    """Crossref ``/works`` search results (the items, in Crossref's order)."""
    what = f"Crossref search for {params.get('query.bibliographic', '')!r}"
    data = client.get_checked(
        shapes.CROSSREF_SEARCH_ANSWER,
        "Crossref",
        f"{client.endpoints.crossref}/works",
        params=params,
        kind="search",
        what=what,
    )
    items = (data.get("message") or {}).get("items")
    if items is None:
        raise FetchError(f"{what}: the answer has no items in it")
    return list(items)


def registration_agency(client: Client, doi: str) -> str:
    """The DOI's registration agency (Crossref, DataCite, mEDRA, ...), as doi.org says."""
    prefix = doi.split("/", 1)[0]
    data = client.get_checked(
        shapes.RA_ANSWER,
        "doi.org",
        f"{client.endpoints.doi}/ra/{_quote(prefix)}",
        what=f"DOI {doi}",
    )
    if data:
        if "RA" in data[0]:
            return str(data[0]["RA"])
        raise NotFoundError(f"DOI {doi}: not found ({data[0].get('status', 'no agency')})")
    raise FetchError(f"DOI {doi}: doi.org's agency look-up answered something unexpected")


def fetch_with_notices(client: Client, doi: str) -> tuple[CslItem, list[Notice]]:
    """A DOI's metadata, and Crossref's notices of retraction, correction or concern:
    Crossref first; otherwise its registration agency's own record (which has no notices)."""
    what = f"DOI {doi}"
    try:
        message = crossref_work(client, doi)
    except NotFoundError:
        agency = registration_agency(client, doi)
    else:
        return records.crossref_to_csl(message), records.update_notices(message)
    if agency.lower() == "crossref":
        raise NotFoundError(f"{what}: Crossref has no record of it")
    if agency.lower() == "datacite":
        data = client.get_checked(
            shapes.DATACITE_ANSWER,
            "DataCite",
            f"{client.endpoints.datacite}/dois/{_quote(doi)}",
            accept="application/vnd.api+json",
            what=what,
        )
        attributes = (data.get("data") or {}).get("attributes")
        if not isinstance(attributes, dict):
            raise FetchError(f"{what}: DataCite's answer has no record in it")
        return records.datacite_to_csl(attributes), []
    data = client.get_checked(
        shapes.CSL_ITEM,
        agency,
        f"{client.endpoints.doi}/{_quote(doi)}",
        accept=CSL_JSON,
        what=what,
    )
    return records.content_negotiation_to_csl(data), []


def fetch_doi(client: Client, doi: str) -> CslItem:
    """A DOI's metadata as a CSL-JSON item (:func:`fetch_with_notices` without the notices)."""
    return fetch_with_notices(client, doi)[0]


def fetch_isbn(client: Client, isbn: str) -> CslItem:
    """An ISBN's book, from Open Library, as a CSL-JSON item."""
    what = f"ISBN {isbn}"
    data = client.get_checked(
        shapes.OPENLIBRARY_ANSWER,
        "Open Library",
        f"{client.endpoints.openlibrary}/api/books",
        params={"bibkeys": f"ISBN:{isbn}", "format": "json", "jscmd": "data"},
        what=what,
    )
    book = data.get(f"ISBN:{isbn}")
    if not isinstance(book, dict):
        raise NotFoundError(f"{what}: not found (Open Library has no such book)")
    return records.openlibrary_to_csl(book, isbn)


def fetch_record(client: Client, identifier: Identifier) -> tuple[CslItem, list[Notice]]:
    """Any identifier's metadata, and the notices that the registry attached to it."""
    if identifier.kind == "doi":
        return fetch_with_notices(client, identifier.value)
    if identifier.kind == "pmid":
        return _fetch_pmid(client, identifier.value)
    return fetch_isbn(client, identifier.value), []


def _fetch_pmid(client: Client, pmid: str) -> tuple[CslItem, list[Notice]]:
    """The DOI's record when NCBI knows the PMID's DOI (ID Converter, else ESummary's
    article IDs); PubMed's own record otherwise."""
    try:
        doi = pubmed.doi_of_pmid(client, pmid)
    except NotFoundError:
        doi = None
    doc = None
    if doi is None:
        doc = pubmed.summary(client, pmid)
        doi = pubmed.doi_in(doc)
    if doi is not None:
        try:
            item, notices = fetch_with_notices(client, doi)
        except NotFoundError:
            pass  # a DOI that no agency knows: PubMed's own record will do
        else:
            return {**item, "PMID": pmid}, notices
    return pubmed.summary_to_csl(doc or pubmed.summary(client, pmid), pmid), []


def fetch(client: Client, identifier: Identifier) -> CslItem:
    """The CSL-JSON item of any identifier (:func:`fetch_record` without the notices)."""
    return fetch_record(client, identifier)[0]


@dataclass(frozen=True)
class Fetched:
    identifier: Identifier
    item: CslItem | None = None
    error: str = ""
    notices: tuple[Notice, ...] = ()
    not_found: bool = False


def fetch_all(
    client: Client,
    identifiers: Iterable[Identifier],
    progress: Callable[[Fetched], None] | None = None,
    workers: int = 4,
) -> list[Fetched]:
    """Fetch many identifiers at once, within the hosts' limits; one failure stops no other."""

    def one(identifier: Identifier) -> Fetched:
        try:
            item, notices = fetch_record(client, identifier)
            result = Fetched(identifier, item=item, notices=tuple(notices))
        except NotFoundError as exc:
            result = Fetched(identifier, error=str(exc), not_found=True)
        except FetchError as exc:
            result = Fetched(identifier, error=str(exc))
        if progress is not None:
            progress(result)
        return result

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(one, identifiers))
