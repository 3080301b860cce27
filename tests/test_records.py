"""Registry records -> CSL-JSON: recorded Crossref, DataCite, doi.org and Open Library answers.

The expected values are read off the recorded bodies in tests/data/registry (what the registry
says), and the type names off the CSL 1.0.2 specification's list of item types.
"""

from __future__ import annotations

import json
import re
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from readinglist.registry import records

from .conftest import DATA

REGISTRY = DATA / "registry"


def recorded(name: str) -> Any:
    return json.loads((REGISTRY / name).read_text(encoding="utf-8"))


def test_a_crossref_journal_article_maps_every_field_it_has() -> None:
    item = records.crossref_to_csl(recorded("crossref-work-journal-article.json")["message"])
    assert item["type"] == "article-journal"
    assert item["container-title"] == "PLoS ONE"
    assert item["issued"] == {"date-parts": [[2012, 3, 21]]}
    assert (item["volume"], item["issue"], item["page"]) == ("7", "3", "e33693")
    assert item["author"][:2] == [
        {"family": "Sadasivan", "given": "Shankar"},
        {"family": "Pond", "given": "Brooks B."},
    ]
    assert item["DOI"] == item["id"] == "10.1371/journal.pone.0033693"
    assert item["ISSN"] == "1932-6203"
    assert "publisher" not in item  # a journal's publisher is not part of an article's reference


def test_a_crossref_monograph_is_a_book_with_its_print_isbn() -> None:
    item = records.crossref_to_csl(recorded("crossref-work-book-monograph.json")["message"])
    assert (item["type"], item["publisher"], item["ISBN"]) == (
        "book",
        "Cambridge University Press",
        "9781108425728",  # isbn-type "print", not the electronic one listed first
    )
    assert "container-title" not in item


def test_a_crossref_chapter_names_its_book_and_place() -> None:
    item = records.crossref_to_csl(recorded("crossref-work-book-chapter.json")["message"])
    assert (item["type"], item["container-title"], item["page"]) == (
        "chapter",
        "Shoulder Stiffness",
        "155-158",
    )
    assert item["publisher-place"] == "Berlin, Heidelberg"


def test_a_preprint_is_an_article_of_its_server_with_markup_and_newlines_cleaned() -> None:
    item = records.crossref_to_csl(recorded("crossref-work-posted-content-biorxiv.json")["message"])
    assert (item["type"], item["genre"], item["container-title"]) == (
        "article",
        "Preprint",
        "bioRxiv",
    )
    assert "<i>Streptococcus agalactiae</i>" in item["title"]
    assert "\n" not in item["title"] and "  " not in item["title"]


def test_relations_and_update_notices() -> None:
    preprint = recorded("crossref-work-posted-content-is-preprint-of.json")["message"]
    assert records.relations(preprint)["is-preprint-of"] == ["10.3390/microorganisms11051308"]
    article = recorded("crossref-work-journal-article.json")["message"]
    assert records.update_notices(article) == [
        {
            "type": "correction",
            "DOI": "10.1371/annotation/c76da2c1-ccb8-4797-94c1-359d3ceceeda",
            "label": "Correction",
        }
    ]


def test_crossref_rules_on_small_records() -> None:
    edited = records.crossref_to_csl(
        {
            "type": "edited-book",
            "DOI": "10.5555/x",
            "title": ["IPT"],
            "subtitle": ["A global reach"],
            "editor": [{"family": "Weissman", "given": "Myrna M."}],
            "edition-number": "1",
            "published-online": {"date-parts": [[2024, None]]},
        }
    )
    assert edited["title"] == "IPT: A global reach"
    assert edited["editor"] == [{"family": "Weissman", "given": "Myrna M."}]
    assert "edition" not in edited  # a first edition is not mentioned
    assert edited["issued"] == {"date-parts": [[2024]]}
    article = records.crossref_to_csl(
        {
            "type": "journal-article",
            "author": [{"name": "The IPT Group"}],
            "editor": [{"family": "Handling", "given": "E."}],
            "article-number": "e12",
        }
    )
    assert article["author"] == [{"literal": "The IPT Group"}]
    assert "editor" not in article  # the academic editor who handled it is no creator
    assert article["number"] == "e12"
    assert records.crossref_to_csl({"type": "no-such-type"})["type"] == "document"


def test_a_datacite_dataset() -> None:
    item = records.datacite_to_csl(recorded("datacite-doi-dataset.json")["data"]["attributes"])
    assert (item["type"], item["publisher"], item["DOI"]) == (
        "dataset",
        "Dryad",
        "10.5061/dryad.8515",
    )
    assert item["title"] == "Data from: A new malaria agent in African hominids."
    assert item["author"][0] == {"family": "Ollomo", "given": "Benjamin"}
    assert item["issued"] == {"date-parts": [[2011, 2, 1]]}


def test_content_negotiation_csl_gets_csl_type_names_and_a_bare_id() -> None:
    datacite = records.content_negotiation_to_csl(recorded("doi-cn-datacite-csl.json"))
    assert (datacite["id"], datacite["title"], datacite["publisher"]) == (
        "10.5281/ZENODO.8242099",
        "Shield bugs (nymphs)",
        "Zenodo",
    )
    assert "copyright" not in datacite
    crossref = records.content_negotiation_to_csl(recorded("doi-cn-crossref-csl-ja01577a030.json"))
    assert crossref["type"] == "article-journal"
    assert crossref["author"][0]["suffix"] == "Jr."
    assert crossref["title"] == "Correlation of the Base Strengths of Amines<sup>1</sup>"


def test_an_open_library_book() -> None:
    book = recorded("openlibrary-api-books-jscmd-data.json")["ISBN:9782070427796"]
    item = records.openlibrary_to_csl(book, "9782070427796")
    assert item == {
        "id": "isbn:9782070427796",
        "type": "book",
        "title": "Les ombres errantes",
        "author": [{"family": "Quignard", "given": "Pascal"}],
        "publisher": "Gallimard",
        "publisher-place": "Paris",
        "issued": {"date-parts": [[2002]]},
        "ISBN": "9782070427796",
    }


def test_registry_markup_becomes_csl_rich_text() -> None:
    assert records.clean_markup("<jats:italic>E. coli</jats:italic> &amp; <scp>dna</scp>") == (
        '<i>E. coli</i> & <span style="font-variant:small-caps;">dna</span>'
    )
    assert records.clean_markup('<a href="x">Link</a>\n  text') == "Link text"


@given(st.lists(st.sampled_from([*"ab <>/i&;\n", "<i>", "</sub>", "<scp>", "<x:y>"])).map("".join))
def test_clean_markup_leaves_only_csl_markup_and_single_spaces(value: str) -> None:
    cleaned = records.clean_markup(value)
    tags = re.findall(r"<\s*/?\s*[a-zA-Z][^<>]*>", cleaned)  # what a CSL reader takes for tags
    allowed = {"<i>", "</i>", "<b>", "</b>", "<sup>", "</sup>", "<sub>", "</sub>", "</span>"}
    allowed.add('<span style="font-variant:small-caps;">')
    assert set(tags) <= allowed
    assert "\n" not in cleaned and "  " not in cleaned and cleaned == cleaned.strip()
