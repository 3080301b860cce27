"""Canaries: does stock citeproc-py still get wrong what readinglist fixes?

Each fix in ``readinglist/render/fixes/`` has a rule test in ``tests/test_citeproc_fixes.py``.
Here the same input goes through citeproc-py alone (its CSL-JSON reader, its plain-text
formatter, nothing of readinglist), and each test asserts that stock output still differs from
the rule's answer. When one fails, citeproc-py has started doing that rule right by itself: the
fix named in the message can go (or be reduced to what is still wrong).
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON

from tests.test_citeproc_fixes import STYLE


def stock(
    tmp_path: Path, items: list[dict[str, Any]], layout: str, options: str = "", citation: str = ""
) -> list[str] | str:
    """The plain text stock citeproc-py renders, or what it raised."""
    path = tmp_path / "stock.csl"
    path.write_text(STYLE.format(layout=layout, options=options, citation=citation))
    return stock_from(path, items)


def stock_from(path: Path, items: list[dict[str, Any]]) -> list[str] | str:
    """The plain text stock citeproc-py renders with the style file at `path`, every item
    cited in order and the bibliography sorted, or what it raised."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            style = CitationStylesStyle(str(path), validate=False)
            bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
            bibliography.register(Citation([CitationItem(str(i["id"])) for i in items]))
            bibliography.sort()
            return [str(entry) for entry in bibliography.bibliography()]
    except Exception as exc:  # noqa: BLE001 (a crash is one way of still getting it wrong)
        return f"raised {type(exc).__name__}: {exc}"


def book(**fields: Any) -> dict[str, Any]:
    return {"id": "a", "type": "book", **fields}


# (fix module, what stock must still get wrong, layout, items, style options, right answer)
CANARIES: list[tuple[str, str, str, list[dict[str, Any]], str, list[str]]] = [
    (
        "substitution",
        "Substitution: substituted variables are suppressed in the rest of the entry",
        '<group delimiter=". "><names variable="author"><name/>'
        '<substitute><names variable="editor"/></substitute></names>'
        '<text variable="title"/><names variable="editor" prefix="edited by "/></group>',
        [book(title="T", editor=[{"family": "Mootz", "given": "Jennifer"}])],
        "",
        ["Jennifer Mootz. T"],
    ),
    (
        "substitution",
        "Substitution: a shorthand cs:names inside a cs:choose in cs:substitute inherits",
        '<group delimiter=". "><names variable="author">'
        '<name name-as-sort-order="first" and="text"/><label form="short" prefix=", "/>'
        '<substitute><choose><if type="book"><names variable="editor"/></if></choose>'
        '</substitute></names><text variable="title"/></group>',
        [book(title="Edited", editor=[{"family": "Machin", "given": "David"}])],
        "",
        ["Machin, David, ed. Edited"],
    ),
    (
        "numbers",
        "Number: cs:number prints number-of-volumes",
        '<number variable="number-of-volumes"/>',
        [book(title="T", **{"number-of-volumes": "13"})],
        "",
        ["13"],
    ),
    (
        "text_case",
        "Text-case: capitalize-first leaves a word with a capital in it as it is",
        '<text variable="title" text-case="capitalize-first"/>',
        [book(title="arXiv:2206.07690")],
        "",
        ["arXiv:2206.07690"],
    ),
    (
        "text_case",
        "Text-case: title case applies to a label of an item without a language",
        '<names variable="editor"><name/><label form="short" prefix=" (" suffix=")"'
        ' text-case="title"/></names>',
        [book(editor=[{"family": "A"}, {"family": "B"}])],
        "",
        ["A, B (Eds.)"],
    ),
    (
        "text_case",
        "Title case: a hyphenated part is a word (Meta-Analyses), a lone letter keeps its case",
        '<text variable="title" text-case="title"/>',
        [book(title="conducting meta-analyses based on p values")],
        "",
        ["Conducting Meta-Analyses Based on p Values"],
    ),
    (
        "text_case",
        "Title case: a part after a colon is a word, and follows a colon (Science:Of the Mind)",
        '<text variable="title" text-case="title"/>',
        [book(title="Science:of the mind")],
        "",
        ["Science:Of the Mind"],
    ),
    (
        "pages",
        "Appendix V: page-range-format expanded writes the second number in full",
        '<text variable="page"/>',
        [book(page="1061-73")],
        'page-range-format="expanded"',
        ["1061–1073"],
    ),
    (
        "pages",
        "page ranges: a range of unlike numbers (E680-9) keeps its hyphen",
        '<text variable="page"/>',
        [book(page="E680-9")],
        'page-range-format="expanded"',
        ["E680-9"],
    ),
    (
        "pages",
        "number variables: a numeric range printed with cs:text gets an en dash",
        '<text variable="issue"/>',
        [book(issue="3-4")],
        "",
        ["3–4"],
    ),
    (
        "pages",
        "cs:label: an article number with a hyphen (431.e1-431.e12) is one page",
        '<group delimiter=" "><label variable="page" form="short"/><text variable="page"/></group>',
        [book(page="431.e1-431.e12")],
        "",
        ["p. 431.e1-431.e12"],
    ),
    (
        "numbers",
        "Choose: is-numeric holds for numbers separated by commas (a page count 399, [1])",
        '<group delimiter=" "><text variable="number-of-pages"/><choose>'
        '<if is-numeric="number-of-pages"><text value="p."/></if></choose></group>',
        [book(**{"number-of-pages": "399, [1]"})],
        "",
        ["399, [1] p."],
    ),
    (
        "punctuation",
        "locale option punctuation-in-quote: a comma goes inside the closing quote",
        '<group delimiter=", "><text variable="title" quotes="true"/>'
        '<text variable="publisher"/></group>',
        [book(title="A review", publisher="P")],
        "",
        ["“A review,” P"],
    ),
    (
        "punctuation",
        "punctuation-in-quote: a comma after a quotation ending in ? goes inside, kept",
        '<group delimiter=", "><text variable="title" quotes="true"/>'
        '<text variable="publisher"/></group>',
        [book(title="Why?", publisher="P")],
        "",
        ["“Why?,” P"],
    ),
    (
        "disambiguation",
        'cs:choose disambiguate="true" holds only for a citation names cannot tell apart',
        '<text variable="title"/><choose><if disambiguate="true">'
        '<text value=" (told apart)"/></if></choose>',
        [book(title="T", author=[{"family": "Smith", "given": "Ann"}])],
        "",
        ["T"],
    ),
    (
        "punctuation",
        "open-inner-quote: a quotation inside a quoted title takes the inner marks",
        '<text variable="title" quotes="true"/>',
        [book(title="A view of “Replications”")],
        "",
        ["“A view of ‘Replications’”"],
    ),
    (
        "punctuation",
        "Affixes: a colon after a semicolon is dropped",
        '<text variable="title" suffix=";"/><text variable="publisher" prefix=": "/>',
        [book(title="2020", publisher="e13097")],
        "",
        ["2020; e13097"],
    ),
    (
        "punctuation",
        "Affixes: a period after a question mark is dropped",
        '<text variable="title" suffix="."/><text variable="publisher" prefix=" "/>',
        [book(title="Why?", publisher="P")],
        "",
        ["Why? P"],
    ),
    (
        "names",
        "delimiter-precedes-last after-inverted-name: a comma after an inverted name",
        '<names variable="author"><name name-as-sort-order="all" and="symbol" delimiter=", "'
        ' delimiter-precedes-last="after-inverted-name"/></names>',
        [book(author=[{"family": "Weinstock", "given": "R."}, {"family": "Leong", "given": "G."}])],
        "",
        ["Weinstock, R., & Leong, G."],
    ),
    (
        "csljson",
        "CSL-JSON: journalAbbreviation is container-title-short",
        '<text variable="container-title" form="short"/>',
        [book(**{"container-title": "Anonymous Journal", "journalAbbreviation": "Anon J"})],
        "",
        ["Anon J"],
    ),
    (
        "csljson",
        "Appendix IV: reviewed-author is a name variable",
        '<names variable="reviewed-author"><name/></names>',
        [book(**{"reviewed-author": [{"family": "Burtle", "given": "Beaver"}]})],
        "",
        ["Beaver Burtle"],
    ),
    (
        "terms",
        "Terms: a symbol form the locale lacks falls back to the short form",
        '<label variable="page" form="symbol" suffix=" "/><text variable="page"/>',
        [book(page="5")],
        "",
        ["p. 5"],
    ),
    (
        "csljson",
        "CSL-JSON: a variable given in the note (Zotero's Extra field) is read",
        '<text variable="container-title" form="short"/>',
        [book(**{"container-title": "C: a", "note": "container-title-short: Container"})],
        "",
        ["Container"],
    ),
    (
        "csljson",
        "Name-part Order: a CSL-JSON family's particle is demoted in an inverted name",
        '<names variable="author"><name name-as-sort-order="all"/></names>',
        [book(author=[{"family": "von Hoppel", "given": "Gustav"}])],
        "",
        ["Hoppel, Gustav von"],
    ),
    (
        "substitution",
        "Substitution: a variable is substituted once within its substitute",
        '<names variable="author"><name/><substitute><group><names variable="editor"/>'
        '<names variable="editor"/></group></substitute></names>',
        [book(editor=[{"family": "Doe", "given": "Jane"}])],
        "",
        ["Jane Doe"],
    ),
    (
        "substitution",
        "Substitution: a date the substitute printed is left out of the rest",
        '<names variable="author"><name/><substitute><group><text variable="title" suffix=", "/>'
        '<date variable="issued"><date-part name="year"/></date></group></substitute></names>'
        '<date variable="issued" prefix=" (" suffix=")"><date-part name="year"/></date>',
        [book(title="Act", issued={"date-parts": [[1992]]})],
        "",
        ["Act, 1992"],
    ),
    (
        "names",
        "et-al: BibTeX's `and others` is et al.",
        '<names variable="author"><name and="symbol" initialize-with=". "/></names>',
        [
            book(
                author=[
                    {"family": "McAuley", "given": "Laura"},
                    {"family": "Moher", "given": "David"},
                    {"literal": "others"},
                ]
            )
        ],
        "",
        ["L. McAuley, D. Moher, et al."],
    ),
    (
        "names",
        "initialize-with: lower-case parts of a given name are kept, with no stray mark",
        '<names variable="author"><name initialize-with=". " name-as-sort-order="all"/></names>',
        [book(author=[{"family": "Initiative", "given": "the Alzheimer's Disease"}])],
        "",
        ["Initiative, the A. D."],
    ),
    (
        "names",
        'cs:name initialize="false": given names stay whole, existing initials get the mark',
        '<names variable="author"><name initialize-with=". " initialize="false"/></names>',
        [book(author=[{"family": "Kirk", "given": "James T"}])],
        "",
        ["James T. Kirk"],
    ),
    (
        "names",
        'cs:name initialize="false": an initial joined by a hyphen gets the mark (citeproc-js)',
        '<names variable="author"><name initialize-with=". " initialize="false"/></names>',
        [book(author=[{"family": "Tournier", "given": "J-Donald"}])],
        "",
        ["J.-Donald Tournier"],
    ),
    (
        "groups",
        "cs:label: a label is only rendered if its variable is non-empty",
        '<group delimiter=" "><text variable="title"/><label variable="edition"/></group>',
        [book(title="Ours")],
        "",
        ["Ours"],
    ),
    (
        "groups",
        "cs:group: only the branch its cs:choose took counts as calling a variable",
        '<group delimiter=" " prefix="(" suffix=")"><choose><if variable="genre">'
        '<text value="publication"/></if><else><text variable="genre"/></else></choose>'
        '<text variable="number"/></group><text variable="title"/>',
        [{"id": "a", "type": "thesis", "genre": "PhD thesis", "title": "T"}],
        "",
        ["T"],
    ),
    (
        "display",
        'Display: a "left-margin" label and its "right-inline" entry are apart',
        '<text value="[1]" display="left-margin"/><text variable="title" display="right-inline"/>',
        [book(title="T")],
        "",
        ["[1] T"],
    ),
    (
        "disambiguation",
        "Disambiguation: disambiguate-add-year-suffix",
        '<group delimiter=" "><names variable="author"><name form="short"/></names>'
        '<group><date variable="issued"><date-part name="year"/></date>'
        '<text variable="year-suffix"/></group></group>',
        [
            {
                "id": k,
                "type": "book",
                "title": k,
                "author": [{"family": "Law"}],
                "issued": {"date-parts": [[2013]]},
            }
            for k in "ab"
        ],
        "",
        ["Law 2013a", "Law 2013b"],
    ),
    (
        "text_case",
        'Text-case: an empty value has nothing to case (capitalize-first of a given name "")',
        '<names variable="author"><name>'
        '<name-part name="given" text-case="capitalize-first"/></name></names>',
        [book(author=[{"family": "Roe", "given": ""}])],
        "",
        ["Roe"],
    ),
    (
        "names",
        "cs:name's affixes stand around each name it prints",
        '<names variable="author"><name form="short" suffix="*" delimiter="; "/></names>',
        [book(author=[{"family": "Reps", "given": "J"}, {"family": "Ryan", "given": "P"}])],
        "",
        ["Reps*; Ryan*"],
    ),
    (
        "ordinals",
        "Ordinal Suffixes: ordinal-11 to -13 match a number's last two digits",
        '<number variable="edition" form="ordinal"/>',
        [book(edition="113")],
        "",
        ["113th"],
    ),
    (
        "particles",
        "Name-part Formatting: a dropping particle takes the given name's text case",
        '<names variable="author"><name><name-part name="family" text-case="uppercase"/>'
        "</name></names>",
        [book(author=[{"family": "Assen", "given": "Marcel", "dropping-particle": "van"}])],
        "",
        ["Marcel van ASSEN"],
    ),
    (
        "groups",
        "cs:group: a branch taken that printed a term before an empty variable printed none",
        '<group delimiter=" "><text variable="title"/><group><choose><if variable="volume">'
        '<number variable="volume"/></if><else><text term="volume" form="short" suffix=" "/>'
        '<number variable="number-of-volumes"/></else></choose></group></group>',
        [book(title="A")],
        "",
        ["A"],
    ),
    (
        "punctuation",
        "open-inner-quote: a quotation inside a quoted title takes the locale's inner marks",
        '<text variable="title" quotes="true"/>',
        [book(title='On "Networks" of it')],
        'default-locale="de-DE"',
        ["„On ‚Networks‘ of it“"],
    ),
    (
        "conditions",
        "Choose: a type test listing several types holds for an item of one of them",
        '<choose><if type="thesis report"><text variable="title"/></if></choose>',
        [{"id": "a", "type": "thesis", "title": "Compiling"}],
        "",
        ["Compiling"],
    ),
]


@pytest.mark.parametrize(
    ("module", "rule", "layout", "items", "options", "right"),
    CANARIES,
    ids=[f"{c[0]}:{c[1][:40]}" for c in CANARIES],
)
def test_stock_citeproc_py_still_needs_the_fix(
    tmp_path: Path,
    module: str,
    rule: str,
    layout: str,
    items: list[dict[str, Any]],
    options: str,
    right: list[str],
) -> None:
    citation = 'disambiguate-add-year-suffix="true"' if module == "disambiguation" else ""
    got = stock(tmp_path, items, layout, options, citation)
    assert got != right, (
        f"stock citeproc-py now gets CSL 1.0.2 {rule!r} right: the fix in "
        f"readinglist/render/fixes/{module}.py may go"
    )


def test_stock_citeproc_py_still_joins_a_localized_date_with_the_callers_delimiter(
    tmp_path: Path,
) -> None:
    """CSL 1.0.2, "Localized Date Formats" (readinglist/render/fixes/dates.py)."""
    style = STYLE.replace(
        "<citation ",
        """<locale xml:lang="en"><date form="text" delimiter=" ">
      <date-part name="year"/><date-part name="month" form="short" strip-periods="true"/>
      </date></locale><citation """,
    )
    path = tmp_path / "dates.csl"
    path.write_text(
        style.format(layout='<date variable="issued" form="text"/>', options="", citation="")
    )
    style_object = CitationStylesStyle(str(path), validate=False)
    items = [book(issued={"date-parts": [[1998, 11]]})]
    bibliography = CitationStylesBibliography(style_object, CiteProcJSON(items), formatter.plain)
    bibliography.register(Citation([CitationItem("a")]))
    assert [str(e) for e in bibliography.bibliography()] != ["1998 Nov"], (
        "stock citeproc-py now uses the locale's date delimiter: "
        "readinglist/render/fixes/dates.py LocalizedDateDelimiter may go"
    )


def test_stock_citeproc_py_still_ignores_subsequent_author_substitute(tmp_path: Path) -> None:
    """CSL 1.0.2, "Reference Grouping" (readinglist/render/fixes/bibliography.py)."""
    path = tmp_path / "sas.csl"
    path.write_text(
        STYLE.format(layout='<names variable="author"/>', options="", citation="").replace(
            "<bibliography>", '<bibliography subsequent-author-substitute="---">'
        )
    )
    items = [book(id=k, author=[{"family": "Law"}]) for k in "ab"]
    style = CitationStylesStyle(str(path), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    bibliography.register(Citation([CitationItem("a"), CitationItem("b")]))
    assert [str(e) for e in bibliography.bibliography()] != ["Law", "---"], (
        "stock citeproc-py now substitutes a repeated author: "
        "readinglist/render/fixes/bibliography.py may go"
    )


def test_stock_citeproc_py_still_prints_rich_text_markup_literally() -> None:
    """CSL-JSON rich text (readinglist/render/reference.py): stock citeproc-py prints tags
    other than nocase as text and does not escape values for HTML."""
    items = [book(title="<i>Homo</i> <script>x</script>")]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        style = CitationStylesStyle("apa", validate=False)
        bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.html)
        bibliography.register(Citation([CitationItem("a")]))
        out = str(bibliography.bibliography()[0])
    assert "<script>" in out or "&lt;i&gt;" in out, (
        "stock citeproc-py now reads CSL-JSON rich text: readinglist/render/reference.py "
        "may hand it values as they are"
    )


def test_stock_citeproc_py_still_sorts_by_leading_marks(tmp_path: Path) -> None:
    """CSL 1.0.2, "Sorting" (readinglist/render/fixes/sorting.py KeysStartAtTheFirstLetter):
    stock citeproc-py compares a bracketed name by its bracket, before every letter."""
    path = tmp_path / "sorted.csl"
    path.write_text(
        STYLE.format(layout='<names variable="author"/>', options="", citation="").replace(
            "<bibliography>", '<bibliography><sort><key variable="author"/></sort>'
        )
    )
    items = [
        book(id="a", author=[{"family": "[F]linders", "given": "Jacob"}]),
        book(id="b", author=[{"family": "Doe", "given": "John"}]),
    ]
    out = stock_from(path, items)
    assert out != ["John Doe", "Jacob [F]linders"], (
        "stock citeproc-py now alphabetizes from the first letter: "
        "readinglist/render/fixes/sorting.py KeysStartAtTheFirstLetter may go"
    )


def test_stock_citeproc_py_still_ignores_the_primary_name_rule(tmp_path: Path) -> None:
    """disambiguation: givenname-disambiguation-rule="primary-name" tells first authors with
    one family name apart, in full where their initials are alike."""
    layout = '<names variable="author"><name initialize-with=". "/></names>'
    items = [
        book(author=[{"family": "Smith", "given": "Mary L"}]),
        {**book(author=[{"family": "Smith", "given": "Mary Lee"}]), "id": "b"},
    ]
    citation = 'disambiguate-add-givenname="true" givenname-disambiguation-rule="primary-name"'
    got = stock(tmp_path, items, layout, "", citation)
    assert got != ["Mary L Smith", "Mary Lee Smith"], (
        "stock citeproc-py now applies the primary-name rule: the global step in "
        "readinglist/render/fixes/disambiguation.py may go"
    )


def test_stock_citeproc_py_still_numbers_a_descending_list_from_one(tmp_path: Path) -> None:
    """CSL 1.0.2, "citation-number" (readinglist/render/reference.py Cite.number,
    readinglist/render/fixes/sorting.py numbers_descend): stock citeproc-py numbers a list
    sorted by descending citation-number from 1."""
    path = tmp_path / "numbered.csl"
    path.write_text(
        STYLE.format(
            layout='<text variable="citation-number" prefix="[" suffix="] "/>'
            '<text variable="title"/>',
            options="",
            citation="",
        ).replace(
            "<bibliography>",
            '<bibliography><sort><key variable="citation-number" sort="descending"/></sort>',
        )
    )
    items = [book(id="a", title="Alpha"), book(id="b", title="Beta")]
    out = stock_from(path, items)
    assert out != ["[2] Beta", "[1] Alpha"], (
        "stock citeproc-py now numbers a descending list from the last down: "
        "Cite.number and sorting.numbers_descend may go"
    )


def test_stock_citeproc_py_still_sorts_names_with_their_label(tmp_path: Path) -> None:
    """CSL 1.0.2, "Sorting" (readinglist/render/fixes/bibliography.py NameLabelsOff): a name
    sort key is the list of names; stock citeproc-py keeps the label ("Doe, John ed." after
    "Doe, John Eamon")."""
    macro = (
        '<macro name="author"><names variable="author"><name name-as-sort-order="all"/>'
        '<label form="short" prefix=" "/><substitute><names variable="editor"/></substitute>'
        "</names></macro>"
    )
    path = tmp_path / "sorted.csl"
    path.write_text(
        STYLE.format(layout='<text macro="author"/>', options="", citation="")
        .replace("<citation ", macro + "<citation ")
        .replace("<bibliography>", '<bibliography><sort><key macro="author"/></sort>')
    )
    items = [
        book(id="a", author=[{"family": "Doe", "given": "John Eamon"}]),
        book(id="b", editor=[{"family": "Doe", "given": "John"}]),
    ]
    out = stock_from(path, items)
    assert out[0].startswith("Doe, John Eamon"), (
        "stock citeproc-py now sorts a name list without its label: "
        "readinglist/render/fixes/bibliography.py NameLabelsOff may go (for sorting)"
    )


def test_stock_citeproc_py_still_sorts_a_macro_date_as_text(tmp_path: Path) -> None:
    """CSL 1.0.2, "Sorting" (readinglist/render/fixes/dates.py _sort_form): stock citeproc-py
    sorts a date a sort macro prints by its text, so "[2002-01-05]" comes before "[2002]"."""
    macro = (
        '<macro name="issued"><group prefix="[" suffix="]"><choose><if type="book">'
        '<date variable="issued"><date-part name="year"/></date></if><else>'
        '<date variable="issued"><date-part name="year" suffix="-"/>'
        '<date-part name="month" form="numeric-leading-zeros" suffix="-"/>'
        '<date-part name="day" form="numeric-leading-zeros"/></date></else></choose></group>'
        "</macro>"
    )
    path = tmp_path / "sorted.csl"
    path.write_text(
        STYLE.format(layout='<text variable="title"/>', options="", citation="")
        .replace("<citation ", macro + "<citation ")
        .replace("<bibliography>", '<bibliography><sort><key macro="issued"/></sort>')
    )
    items = [
        {
            "id": "a",
            "type": "article",
            "title": "Article",
            "issued": {"date-parts": [[2002, 1, 5]]},
        },
        {"id": "b", "type": "book", "title": "Book", "issued": {"date-parts": [[2002, 12, 30]]}},
    ]
    out = stock_from(path, items)
    assert out != ["Book", "Article"], (
        "stock citeproc-py now sorts a macro's date as YYYYMMDD: "
        "readinglist/render/fixes/dates.py _sort_form may go"
    )


def test_stock_citeproc_py_still_sorts_a_macro_name_list_with_et_al(tmp_path: Path) -> None:
    """CSL 1.0.2, "Sorting" (macros: the "et-al" term is excluded from the sort key;
    readinglist/render/fixes/bibliography.py EtAlOff): stock citeproc-py sorts "Efthimiou,
    Orestis et al." after "Efthimiou, Orestis" whatever the titles say."""
    macro = (
        '<macro name="author"><names variable="author"><name et-al-min="3" et-al-use-first="1"'
        ' name-as-sort-order="all"/></names></macro>'
    )
    path = tmp_path / "sorted.csl"
    path.write_text(
        STYLE.format(layout='<text variable="title"/>', options="", citation="")
        .replace("<citation ", macro + "<citation ")
        .replace(
            "<bibliography>",
            '<bibliography><sort><key macro="author"/><key variable="title"/></sort>',
        )
    )
    a, b, c = ({"family": n, "given": "G"} for n in ("Efthimiou", "Debray", "Valkenhoef"))
    items = [
        {"id": "b", "type": "book", "title": "Practical", "author": [a]},
        {"id": "a", "type": "book", "title": "GetReal", "author": [a, b, c]},
    ]
    out = stock_from(path, items)
    assert out == ["Practical", "GetReal"], (
        "stock citeproc-py now leaves et al. out of a macro sort key: "
        "readinglist/render/fixes/bibliography.py EtAlOff may go (for sorting)"
    )


def test_stock_citeproc_py_still_counts_a_macros_term_as_a_variable(tmp_path: Path) -> None:
    """CSL 1.0.2, cs:group: a macro printing "In" before an empty container-title printed
    no variable, so the group vanishes (readinglist/render/fixes/groups.py)."""
    from tests.test_citeproc_fixes import IN_CONTAINER

    path = tmp_path / "stock.csl"
    layout = (
        '<group delimiter=", " suffix="."><text macro="in-container"/>'
        '<text variable="page"/></group>'
    )
    style = STYLE.format(layout=layout, options="", citation="")
    path.write_text(style.replace("<citation", IN_CONTAINER + "<citation", 1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        csl = CitationStylesStyle(str(path), validate=False)
        items = [{"id": "a", "type": "chapter", "title": "T"}]
        bibliography = CitationStylesBibliography(csl, CiteProcJSON(items), formatter.plain)
        bibliography.register(Citation([CitationItem("a")]))
        got = [str(entry) for entry in bibliography.bibliography()]
    assert got != [""], "stock citeproc-py now leaves the group out: the fix may go"


def test_stock_citeproc_py_still_writes_a_space_after_a_hyphenated_particle(
    tmp_path: Path,
) -> None:
    """CSL 1.0.2, "Name-part Order": a particle ending in a hyphen is joined to the family name
    (readinglist/render/fixes/particles.py)."""
    name = {"family": "One", "given": "Alan", "non-dropping-particle": "al-"}
    got = stock(tmp_path, [book(author=[name])], '<names variable="author"/>')
    assert got != ["Alan al-One"], "stock citeproc-py now joins the particle: the fix may go"


def test_stock_citeproc_py_still_writes_a_space_after_an_apostrophe_particle(
    tmp_path: Path,
) -> None:
    """CSL 1.0.2, "Name-part Order": a particle ending in an apostrophe is joined to the family
    name (readinglist/render/fixes/particles.py)."""
    name = {"family": "Alembert", "given": "Jean", "non-dropping-particle": "d’"}
    got = stock(tmp_path, [book(author=[name])], '<names variable="author"/>')
    assert got != ["Jean d’Alembert"], "stock citeproc-py now joins the particle: the fix may go"


def test_stock_citeproc_py_still_ignores_the_gender_of_ordinals(tmp_path: Path) -> None:
    """CSL 1.0.2, "Gender-specific Ordinals": French "octobre" is masculine, "1ᵉʳ octobre"
    (readinglist/render/fixes/dates.py)."""
    layout = (
        '<date variable="issued"><date-part name="day" form="ordinal" suffix=" "/>'
        '<date-part name="month"/></date>'
    )
    items = [book(issued={"date-parts": [[2004, 10, 1]]})]
    got = stock(tmp_path, items, layout, 'default-locale="fr-FR"')
    assert got != ["1ᵉʳ octobre"], "stock citeproc-py now knows ordinal genders: the fix may go"


def test_stock_citeproc_py_still_loses_a_number_of_volumes_label(tmp_path: Path) -> None:
    """CSL 1.0.2, cs:label: "5 vols." (readinglist/render/fixes/groups.py)."""
    layout = (
        '<group delimiter=" "><text variable="number-of-volumes"/>'
        '<label variable="number-of-volumes" form="short"/></group>'
    )
    got = stock(tmp_path, [book(title="A", **{"number-of-volumes": "5"})], layout)
    assert got != ["5 vols."], "stock citeproc-py now pluralises the label: the fix may go"


def test_stock_citeproc_py_still_drops_an_entry_with_no_printed_form(tmp_path: Path) -> None:
    """An entry the style prints nothing for (readinglist/render/engine.py renders entry by
    entry; readinglist/render/fixes/bibliography.py no_printed_form): stock citeproc-py drops
    it from its list without a word, so a numeric style's later entries lose their place."""
    path = tmp_path / "silent.csl"
    path.write_text(
        STYLE.format(
            layout='<choose><if type="book" match="none">'
            '<text variable="citation-number" suffix=". "/><text variable="title"/>'
            "</if></choose>",
            options="",
            citation="",
        )
    )
    items = [
        {"id": "a", "type": "report", "title": "Alpha"},
        book(id="b", title="Beta"),
        {"id": "c", "type": "report", "title": "Gamma"},
    ]
    out = stock_from(path, items)
    assert out != ["1. Alpha", "2. [CSL STYLE ERROR: reference with no printed form.]", "3. Gamma"]
    assert isinstance(out, str) or len(out) < 3, (
        "stock citeproc-py now keeps an entry with no printed form: the entry-by-entry "
        "rendering in readinglist/render/engine.py may go"
    )


def test_stock_citeproc_py_still_assigns_no_citation_label(tmp_path: Path) -> None:
    """CSL 1.0.2, Appendix IV, "citation-label" (readinglist/render/fixes/labels.py): stock
    citeproc-py assigns no label, so a label style prints nothing for it."""
    items = [
        book(author=[{"family": "Doe", "given": "John"}], issued={"date-parts": [[1965]]}),
    ]
    out = stock(tmp_path, items, '<text variable="citation-label"/>')
    assert out != ["Doe65"], (
        "stock citeproc-py now assigns citation-label: readinglist/render/fixes/labels.py "
        "citation_label may go"
    )


def test_stock_citeproc_py_still_ignores_a_quotation_the_style_writes_in_affixes(
    tmp_path: Path,
) -> None:
    """Locale terms open-inner-quote/close-inner-quote (readinglist/render/fixes/punctuation.py
    _alternate_nested_quotes): stock citeproc-py prints the value's quotation marks as given
    inside the straight quotes of the style's affixes."""
    items = [book(title='Title with "quotes" in it')]
    out = stock(tmp_path, items, '<text variable="title" prefix="\'" suffix="\'"/>')
    assert out != ["'Title with ‘quotes’ in it'"], (
        "stock citeproc-py now nests a value's quotation in the style's quotes: "
        "_alternate_nested_quotes may leave straight marks alone"
    )


def test_stock_citeproc_py_still_sorts_by_punctuation(tmp_path: Path) -> None:
    """ "Sorting" (readinglist/render/fixes/sorting.py collated): stock citeproc-py compares
    a comma in a text key, so "Simple title, here A" sorts after "Simple title here B"."""
    path = tmp_path / "sorted.csl"
    path.write_text(
        STYLE.format(layout='<text variable="title"/>', options="", citation="").replace(
            "<bibliography>", '<bibliography><sort><key variable="title"/></sort>'
        )
    )
    items = [book(id="b", title="Simple title here B"), book(id="a", title="Simple title, here A")]
    out = stock_from(path, items)
    assert out != ["Simple title, here A", "Simple title here B"], (
        "stock citeproc-py now ignores punctuation in sort keys: sorting.collated may go"
    )


def test_stock_citeproc_py_still_copies_affixes_into_html_unescaped(tmp_path: Path) -> None:
    """ "Affixes" (readinglist/render/fixes/punctuation.py affix): an affix is a plain string;
    stock citeproc-py's HTML output carries a "<" in it as written, the start of a bogus tag
    that swallows the text after it (spip-cite's prefix "<cite|book|title=")."""
    path = tmp_path / "stock.csl"
    layout = '<text variable="title" prefix="&lt;cite|book|title=" suffix=" &gt;"/>'
    path.write_text(STYLE.format(layout=layout, options="", citation=""))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        style = CitationStylesStyle(str(path), validate=False)
        bibliography = CitationStylesBibliography(
            style, CiteProcJSON([book(title="Ours")]), formatter.html
        )
        bibliography.register(Citation([CitationItem("a")]))
        out = [str(entry) for entry in bibliography.bibliography()]
    assert out != ["&lt;cite|book|title=Ours &gt;"], (
        "stock citeproc-py now escapes affixes in HTML: readinglist/render/fixes/punctuation.py "
        "affix may go"
    )
    assert "<cite|" in out[0]


def test_stock_citeproc_py_still_doubles_a_period_after_a_quotation(tmp_path: Path) -> None:
    """Locale option punctuation-in-quote="false" (readinglist/render/fixes/punctuation.py
    finish): a period after a quotation that ends in a period is dropped, as citeproc-js
    drops it; stock citeproc-py prints "“Primer.”. J"."""
    path = tmp_path / "stock.csl"
    layout = '<group delimiter=". "><text variable="title" quotes="true"/><text value="J"/></group>'
    style = STYLE.replace(
        "<citation", '<locale><style-options punctuation-in-quote="false"/></locale><citation'
    )
    path.write_text(style.format(layout=layout, options="", citation=""))
    out = stock_from(path, [book(title="Primer.")])
    assert out != ["“Primer.” J"], (
        "stock citeproc-py now drops a period after a quotation ending in one: "
        "punctuation.finish may leave punctuation-in-quote false alone"
    )


def test_stock_citeproc_py_still_reads_name_parts_as_plain_text(tmp_path: Path) -> None:
    """Rich text in name parts (readinglist/render/reference.py _name_part, fixes/names.py
    _initialize_marked): stock citeproc-py initialises the tags of a given name as letters."""
    layout = '<names variable="author"><name initialize-with=". "/></names>'
    items = [book(author=[{"family": "Doe", "given": "<b>John</b> Quiggly"}])]
    out = stock(tmp_path, items, layout)
    assert out != ["<b>J.</b> Q. Doe"], (
        "stock citeproc-py now initialises a given name inside its markup: "
        "Initials._initialize_marked may go"
    )


def test_stock_citeproc_py_still_writes_chinese_names_given_name_first(tmp_path: Path) -> None:
    """ "Name-part Order" for "family-name given-name" scripts (readinglist/render/fixes/
    scripts.py): stock citeproc-py writes 毛泽东 as "泽东 毛"."""
    layout = '<names variable="author"><name/></names>'
    out = stock(tmp_path, [book(author=[{"family": "毛", "given": "泽东"}])], layout)
    assert out != ["毛泽东"], (
        "stock citeproc-py now writes names in CJK scripts family first: "
        "fixes/scripts.FamilyFirstScripts may go"
    )
    assert out == ["泽东 毛"]


def test_stock_citeproc_py_still_prints_a_term_laid_out_on_two_lines(tmp_path: Path) -> None:
    """An empty term laid out on two lines (readinglist/render/fixes/terms.py
    LayoutWhitespaceIsEmpty): stock citeproc-py prints its line break and indentation."""
    path = tmp_path / "blank.csl"
    layout = (
        '<names variable="author" suffix=". "><name et-al-min="2" et-al-use-first="1"/>'
        '<et-al term="and others"/></names><text variable="title"/>'
    )
    style = STYLE.replace(
        "<citation",
        '<locale><terms><term name="and others">\n      </term></terms></locale><citation',
    )
    path.write_text(style.format(layout=layout, options="", citation=""))
    people = [{"family": "Doe", "given": "Jo"}, {"family": "Roe", "given": "Al"}]
    out = stock_from(path, [book(title="Title", author=people)])
    assert out != ["Jo Doe. Title"], (
        "stock citeproc-py now reads a term of layout whitespace as empty: "
        "terms.LayoutWhitespaceIsEmpty may go"
    )


def test_stock_citeproc_py_still_adds_no_names_to_an_ambiguous_set(tmp_path: Path) -> None:
    """disambiguation: disambiguate-add-names adds names to every member of a set of
    citations that read alike ("Higgins et al." five times), and the bibliography shows
    them (tests/test_style_rules.py, citeproc-js's golden text)."""
    from tests.test_style_rules import INITIALS_STYLE, higgins_works

    path = tmp_path / "initials.csl"
    path.write_text(INITIALS_STYLE)
    got = stock_from(path, higgins_works())
    assert "Higgins, J, D. Jackson, JK Barrett, et al. Consistency" not in got, (
        "stock citeproc-py now adds names to tell citations apart: "
        "readinglist/render/fixes/disambiguation.py _tell_apart may go"
    )


def test_stock_citeproc_py_still_takes_any_two_numbers_for_a_plural(tmp_path: Path) -> None:
    """numbers.LabelPlural: "8 0 3" is no list of numbers, so its label is "no."."""
    items = [{"id": "a", "type": "article-journal", "title": "T", "issue": "8 0 3"}]
    layout = (
        '<group delimiter=" "><label variable="issue" form="short"/>'
        '<text variable="issue"/></group>'
    )
    assert stock(tmp_path, items, layout) != ["no. 8 0 3"], (
        "stock citeproc-py now reads a plural as CSL 1.0.2 says: "
        "readinglist/render/fixes/numbers.py LabelPlural may go"
    )


def test_stock_citeproc_py_still_prints_baseline_as_nothing(tmp_path: Path) -> None:
    """formatting.BaselineAlign: vertical-align="baseline" inside a superscript group sets
    its text back on the line."""
    from tests.test_citeproc_fixes import BASELINE_LAYOUT

    path = tmp_path / "stock.csl"
    path.write_text(STYLE.format(layout=BASELINE_LAYOUT, options="", citation=""))
    style = CitationStylesStyle(str(path), validate=False)
    items = [{"id": "a", "type": "book", "title": "Title", "edition": "2"}]
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.html)
    bibliography.register(Citation([CitationItem("a")]))
    got = [str(entry) for entry in bibliography.bibliography()]
    assert got == ["<sup>2 Title</sup>"], (
        "stock citeproc-py now writes vertical-align baseline: "
        "readinglist/render/fixes/formatting.py BaselineAlign may go"
    )


def test_stock_citeproc_py_still_sorts_by_the_and_and_needs_an_et_al_term_for_use_last(
    tmp_path: Path,
) -> None:
    """names.NameListLength ("Sorting": the "and" is no name) and bibliography.EtAlOff
    (et-al-use-last prints its ellipsis whatever the et-al term)."""
    from tests.test_citeproc_fixes import NAME_RULE_ITEMS, NAME_RULES

    path = tmp_path / "stock.csl"
    path.write_text(NAME_RULES)
    got = stock_from(path, NAME_RULE_ITEMS)
    assert isinstance(got, list) and got[0].startswith("B. Bakbergenuly and K. Kulinskaya"), (
        "stock citeproc-py now sorts names name by name: "
        "readinglist/render/fixes/names.py may drop its sort-key rule"
    )
    assert "…" not in got[-1], (
        "stock citeproc-py now prints et-al-use-last's ellipsis without an et-al term: "
        "readinglist/render/fixes/bibliography.py EtAlOff may drop it"
    )


def test_stock_citeproc_py_still_sorts_accented_letters_after_z(tmp_path: Path) -> None:
    """ "Sorting" (readinglist/render/fixes/sorting.py collated): stock citeproc-py compares
    code points, so "Fürth" sorts after "Futcher" and "Jöreskog" after "Joshi"."""
    path = tmp_path / "sorted.csl"
    path.write_text(
        STYLE.format(layout='<text variable="title"/>', options="", citation="").replace(
            "<bibliography>", '<bibliography><sort><key variable="title"/></sort>'
        )
    )
    items = [book(id="a", title="Futcher"), book(id="b", title="Fürth")]
    assert stock_from(path, items) == ["Futcher", "Fürth"], (
        "stock citeproc-py now sorts accented letters with their base letters: "
        "the first level of sorting.collated may go"
    )


def test_stock_citeproc_py_still_uppercases_text_in_small_caps(tmp_path: Path) -> None:
    """text_case.TextCase (small caps): an enclosing uppercase leaves small caps as written."""
    from tests.test_citeproc_fixes import SMALL_CAPS_NAMES

    path = tmp_path / "stock.csl"
    path.write_text(SMALL_CAPS_NAMES)
    authors = [{"family": "Adler", "given": "Robert A."}, {"family": "Song", "given": "Mei"}]
    items = [book(title="Bones", author=authors)]
    assert stock_from(path, items) == ["ADLER R.A. AND M. SONG, Bones"], (
        "stock citeproc-py now leaves small caps alone under uppercase: "
        "readinglist/render/fixes/text_case.py _in_small_caps may go"
    )


def test_stock_citeproc_py_still_lets_in_style_options_hide_the_locale_files(
    tmp_path: Path,
) -> None:
    """The fix in readinglist/render/fixes/terms.py (LocaleOptionFallback): an in-style
    cs:style-options that does not set punctuation-in-quote must leave it to en-US (true)."""
    style = STYLE.replace(
        "<citation",
        '<locale><style-options limit-day-ordinals-to-day-1="true"/></locale><citation',
    )
    path = tmp_path / "stock.csl"
    path.write_text(style.format(layout='<text variable="title"/>', options="", citation=""))
    locale_option = _root_option(path)
    assert locale_option != "true", (
        "stock citeproc-py now falls back to the locale file for an option an in-style "
        "locale does not set: terms.LocaleOptionFallback may go"
    )


def _root_option(path: Path) -> Any:
    style = CitationStylesStyle(str(path), validate=False)
    return style.root.get_locale_option("punctuation-in-quote")


def test_stock_citeproc_py_still_ignores_a_term_written_with_form_long(tmp_path: Path) -> None:
    """The fix in readinglist/render/fixes/terms.py (LastDefinitionWins): an in-style term
    with form="long" is the long term, over the locale file's."""
    style = STYLE.replace(
        "<citation",
        '<locale xml:lang="de-AT"><terms><term name="et-al" form="long">et al. X</term>'
        "</terms></locale><citation",
    )
    path = tmp_path / "stock.csl"
    layout = '<text term="et-al"/>'
    path.write_text(style.format(layout=layout, options='default-locale="de-AT"', citation=""))
    got = stock_from(path, [book(title="T")])
    assert got != ["et al. X"], (
        'stock citeproc-py now reads a term written with form="long": '
        "terms.LastDefinitionWins's form handling may go"
    )


def test_stock_citeproc_py_still_mixes_ordinal_terms_of_two_locales(tmp_path: Path) -> None:
    """The fix in readinglist/render/fixes/ordinals.py: a locale that defines any ordinal term
    replaces the ordinal terms of the locales after it, so German (the "ordinal" term alone)
    prints "41." even when the style has a cs:locale of its own (kritische-ausgabe)."""
    locale = '<locale xml:lang="de"><terms><term name="editor">Hg.</term></terms></locale>'
    style = STYLE.replace("<citation", locale + "<citation")
    path = tmp_path / "stock.csl"
    layout = '<number variable="edition" form="ordinal"/>'
    path.write_text(style.format(layout=layout, options='default-locale="de-DE"', citation=""))
    assert stock_from(path, [book(edition="41")]) != ["41."], (
        "stock citeproc-py now keeps a locale's ordinal terms together: ordinals.py's locale "
        "fallback may go"
    )
