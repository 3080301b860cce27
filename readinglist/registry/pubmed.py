"""PubMed IDs: NCBI's PMC ID Converter for the DOI, else E-utilities' ESummary record.

A PMID is first converted to a DOI with the PMC ID Converter API
(https://pmc.ncbi.nlm.nih.gov/tools/id-converter-api/), whose ``records`` carry ``doi`` for
articles in PubMed Central; the DOI's own record then comes from Crossref or its agency.
For other articles the converter has no DOI (a record with ``status: "error"``), and
ESummary (https://www.ncbi.nlm.nih.gov/books/NBK25499/, ``retmode=json``) gives the PubMed
record: its ``articleids`` may hold a DOI, else it becomes the CSL item itself.

MEDLINE conventions undone on the way: authors are "Family Initials" (``"Smith JA"``), titles
end with a period, page ranges are abbreviated (``"141-8"`` is 141-148), and dates are
``"1998 May 8"``, ``"2006 Sep"`` or ``"2022 Jan-Feb"``.
"""

from __future__ import annotations

import re
from typing import Any

from readinglist.csl.from_bibtex import CslItem
from readinglist.errors import FetchError, NotFoundError
from readinglist.registry import shapes
from readinglist.registry.http import Client

IDCONV_ANSWER = shapes.obj(
    {
        "status": shapes.text,
        "records": shapes.list_of(
            shapes.obj(
                {
                    "pmid": shapes.text,
                    "pmcid": shapes.text,
                    "doi": shapes.text,
                    "status": shapes.text,
                    "errmsg": shapes.text,
                }
            )
        ),
    }
)
ESUMMARY_DOC = shapes.obj(
    {
        "uid": shapes.text,
        "error": shapes.text,
        "title": shapes.text,
        "authors": shapes.list_of(shapes.obj({"name": shapes.text, "authtype": shapes.text})),
        "pubdate": shapes.text,
        "epubdate": shapes.text,
        "source": shapes.text,
        "fulljournalname": shapes.text,
        "volume": shapes.text,
        "issue": shapes.text,
        "pages": shapes.text,
        "issn": shapes.text,
        "essn": shapes.text,
        "lang": shapes.texts,
        "pubtype": shapes.texts,
        "articleids": shapes.list_of(shapes.obj({"idtype": shapes.text, "value": shapes.text})),
    }
)
ESUMMARY_ANSWER = shapes.obj(
    {"error": shapes.text, "result": shapes.obj({"uids": shapes.list_of(shapes.text)})}
)
MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
SEASONS = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}  # CSL seasons


def _params(client: Client, **extra: str) -> dict[str, str]:
    """NCBI asks every tool to name itself and its maintainer (``tool``, ``email``)."""
    params = {**extra, "tool": "readinglist"}
    if client.mailto:
        params["email"] = client.mailto
    return params


def doi_of_pmid(client: Client, pmid: str) -> str | None:
    """The DOI that the PMC ID Converter knows for `pmid`, or None (not in PMC, or no DOI)."""
    what = f"PMID {pmid}"
    data = client.get_checked(
        IDCONV_ANSWER,
        "the PMC ID Converter",
        f"{client.endpoints.idconv}/",
        params=_params(client, ids=pmid, idtype="pmid", format="json"),
        kind="ncbi",
        what=what,
    )
    for record in data.get("records", []):
        if record.get("pmid") == pmid and record.get("doi"):
            return str(record["doi"])
    return None


def summary(client: Client, pmid: str) -> dict[str, Any]:
    """PubMed's ESummary document for `pmid`; NotFoundError when PubMed has none."""
    what = f"PMID {pmid}"
    data = client.get_checked(
        ESUMMARY_ANSWER,
        "PubMed",
        f"{client.endpoints.eutils}/esummary.fcgi",
        params=_params(client, db="pubmed", id=pmid, retmode="json"),
        kind="ncbi",
        what=what,
    )
    result = data.get("result") or {}
    raw = result.get(pmid)
    if raw is None:
        reason = data.get("error") or "PubMed has no such record"
        raise NotFoundError(f"{what}: not found ({reason})")
    try:
        doc: dict[str, Any] = ESUMMARY_DOC(raw, f"result.{pmid}")
    except shapes.ShapeError as exc:
        raise FetchError(f"{what}: PubMed's answer is malformed: {exc}") from exc
    if doc.get("error"):
        raise NotFoundError(f"{what}: not found ({doc['error']})")
    return doc


def doi_in(doc: dict[str, Any]) -> str | None:
    """The DOI among an ESummary document's ``articleids``."""
    for article_id in doc.get("articleids", []):
        if article_id.get("idtype") == "doi" and article_id.get("value"):
            return str(article_id["value"])
    return None


def _person(name: str) -> dict[str, str]:
    """MEDLINE's "Van Der Berg AB" -> family "Van Der Berg", given "A. B."."""
    m = re.fullmatch(r"(.+?)\s+([A-Z]{1,4})", name.strip())
    if not m:
        return {"family": name.strip()}
    return {"family": m.group(1), "given": " ".join(f"{c}." for c in m.group(2))}


def _date(text: str) -> dict[str, Any] | None:
    words = text.replace("-", " ").split()
    if not words or not re.fullmatch(r"\d{4}", words[0]):
        return None
    parts = [int(words[0])]
    if len(words) > 1:
        word = words[1].casefold()
        if word[:3] in MONTHS:
            parts.append(MONTHS[word[:3]])
            if len(words) > 2 and re.fullmatch(r"\d{1,2}", words[2]):
                parts.append(int(words[2]))
        elif word in SEASONS:
            return {"date-parts": [parts], "season": SEASONS[word]}
    return {"date-parts": [parts]}


def _pages(text: str) -> str:
    """MEDLINE abbreviates the end of a range ("141-8"); CSL wants it whole ("141-148")."""
    m = re.fullmatch(r"\s*(\w*?)(\d+)\s*-\s*(\d+)\s*", text)
    if not m or len(m.group(3)) >= len(m.group(2)):
        return text.strip()
    start = m.group(2)
    return f"{m.group(1)}{start}-{m.group(1)}{start[: len(start) - len(m.group(3))]}{m.group(3)}"


def summary_to_csl(doc: dict[str, Any], pmid: str) -> CslItem:
    """An ESummary document as a CSL-JSON journal article."""
    item: CslItem = {"id": f"pmid:{pmid}", "type": "article-journal", "PMID": pmid}
    title = str(doc.get("title", "")).strip()
    if title.endswith(".") and not title.endswith(".."):
        title = title[:-1]
    if title:
        item["title"] = title
    people = []
    for author in doc.get("authors", []):
        name = str(author.get("name", "")).strip()
        if not name:
            continue
        if author.get("authtype", "Author") == "CollectiveName":
            people.append({"literal": name})
        elif author.get("authtype", "Author") == "Author":
            people.append(_person(name))
    if people:
        item["author"] = people
    if doc.get("fulljournalname"):
        item["container-title"] = str(doc["fulljournalname"])
    if doc.get("source"):
        item["container-title-short"] = str(doc["source"])
    issued = _date(str(doc.get("pubdate") or doc.get("epubdate") or ""))
    if issued:
        item["issued"] = issued
    for source, target in (("volume", "volume"), ("issue", "issue")):
        if doc.get(source):
            item[target] = str(doc[source])
    if doc.get("pages"):
        item["page"] = _pages(str(doc["pages"]))
    if doc.get("issn") or doc.get("essn"):
        item["ISSN"] = str(doc.get("issn") or doc.get("essn"))
    for article_id in doc.get("articleids", []):
        kind, value = article_id.get("idtype"), str(article_id.get("value", ""))
        if kind == "doi" and value:
            item["DOI"] = value
        elif kind == "pmc" and value:
            item["PMCID"] = value
    return item
