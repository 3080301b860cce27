"""Property-based tests: generated .bib documents survive every operation we make on them."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist.bibtex import bibfile
from readinglist.csl import from_bibtex, to_bibtex
from readinglist.model import Reference

EXAMPLES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

WORD_CHARS = st.characters(
    codec="utf-8", categories=("L", "N", "Zs", "P", "S"), exclude_characters='{}@\\"%#$&~^_'
)


def braced(depth: int = 0) -> st.SearchStrategy[str]:
    """Text with balanced, possibly nested, braces."""
    plain = st.text(WORD_CHARS, max_size=20)
    if depth >= 3:
        return plain
    return st.lists(
        st.one_of(plain, braced(depth + 1).map(lambda s: "{" + s + "}")), max_size=4
    ).map("".join)


keys = st.from_regex(r"[A-Za-z][A-Za-z0-9_:.-]{0,14}", fullmatch=True)
field_names = st.sampled_from(
    [
        "title",
        "author",
        "journal",
        "year",
        "volume",
        "pages",
        "note",
        "publisher",
        "doi",
        "booktitle",
        "x-local",
        "abstract",
    ]
)
spaces = st.sampled_from(["", " ", "  ", "\t", "\n  "])


@st.composite
def entry_text(draw: st.DrawFn, key: str, macros: list[str]) -> str:
    names = draw(st.lists(field_names, min_size=1, max_size=6, unique=True))
    parts = []
    for name in names:
        use_macro: bool = draw(st.booleans())
        braces: bool = draw(st.booleans())
        if macros and use_macro and name in ("journal", "publisher"):
            value = draw(st.sampled_from(macros)) + " # {" + draw(braced()) + "}"
        elif braces:
            value = "{" + draw(braced()) + "}"
        else:
            value = '"' + draw(st.text(WORD_CHARS, max_size=20)) + '"'
        parts.append(f"{draw(spaces)}{name}{draw(spaces)}={draw(spaces)}{value}")
    kind = draw(st.sampled_from(["article", "Book", "misc", "INCOLLECTION"]))
    trailing = draw(st.sampled_from(["", ",", ",\n"]))
    return f"@{kind}{{{key},{','.join(parts)}{trailing}}}"


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[str]]:
    entry_keys = draw(st.lists(keys, min_size=1, max_size=6, unique_by=lambda k: k.casefold()))
    macros = [f"mac{i}" for i in range(draw(st.integers(0, 2)))]
    blocks = [f"@string{{{m} = {{{draw(braced())}}}}}" for m in macros]
    if draw(st.booleans()):
        blocks.insert(0, "% " + draw(st.text(WORD_CHARS, max_size=30)))
    for key in entry_keys:
        if draw(st.booleans()):
            blocks.append(draw(st.text(st.characters(categories=("L", "Zs")), max_size=20)))
        blocks.append(draw(entry_text(key, macros)))
    if draw(st.booleans()):
        blocks.append("@comment{" + draw(braced()) + "}")
    separator = draw(st.sampled_from(["\n", "\n\n", "\r\n", "\n \n"]))
    end = draw(st.sampled_from(["", "\n", "\n\n"]))
    return separator.join(blocks) + end, entry_keys


@EXAMPLES
@given(documents())
def test_generated_files_load_and_write_back_byte_identical(
    document: tuple[str, list[str]],
) -> None:
    text, entry_keys = document
    bib = bibfile.parse(text)
    assert [r.key for r in bib.references] == entry_keys
    assert not [p for p in bib.problems if p.severity == "error"]
    assert bibfile.update(bib) == text


@EXAMPLES
@given(documents(), st.data())
def test_replacing_an_entry_changes_only_that_entry(
    document: tuple[str, list[str]], data: st.DataObject
) -> None:
    text, entry_keys = document
    bib = bibfile.parse(text)
    key = data.draw(st.sampled_from(entry_keys))
    reference = next(r for r in bib.references if r.key == key)
    new_value = data.draw(braced())
    changed = reference._replace(fields=(*reference.fields, ("addendum", new_value)))
    new = bibfile.update(bib, changed=[changed])
    block = bib.block_for(key)
    assert block is not None
    assert new[: block.start] == text[: block.start]
    assert new[len(new) - (len(text) - block.end) :] == text[block.end :]
    again = bibfile.parse(new)
    assert [r.key for r in again.references] == entry_keys
    assert next(r for r in again.references if r.key == key).get("addendum") == new_value
    for other in entry_keys:
        if other != key:
            assert (
                next(r for r in again.references if r.key == other).fields
                == next(r for r in bib.references if r.key == other).fields
            )


@EXAMPLES
@given(documents(), keys)
def test_adding_an_entry_appends_and_keeps_everything_else(
    document: tuple[str, list[str]], key: str
) -> None:
    text, entry_keys = document
    if key.casefold() in {k.casefold() for k in entry_keys}:
        return
    bib = bibfile.parse(text)
    new = bibfile.update(bib, added=[Reference(key, "misc", (("title", "Added"),))])
    assert new.startswith(text.rstrip("\r\n"))
    assert [r.key for r in bibfile.parse(new).references] == [*entry_keys, key]


people = st.lists(
    st.tuples(
        st.from_regex(r"[A-Z][a-z]{1,10}", fullmatch=True),
        st.from_regex(r"[A-Z][a-z]{0,8}( [A-Z]\.)?", fullmatch=True),
    ),
    min_size=1,
    max_size=4,
)
plain_text = st.from_regex(r"[A-Za-z][A-Za-z ,:;'()?-]{0,60}[A-Za-z]", fullmatch=True)


@EXAMPLES
@given(
    people,
    plain_text,
    st.integers(1900, 2030),
    st.integers(1, 300),
    st.integers(1, 20),
    st.integers(1, 500),
    st.from_regex(r"10\.[0-9]{4,5}/[a-z0-9.]{1,12}", fullmatch=True),
    st.sampled_from(["article", "book", "incollection", "inproceedings"]),
)
def test_bibtex_to_csl_to_bibtex_keeps_every_mapped_field(
    authors: list[tuple[str, str]],
    title: str,
    year: int,
    volume: int,
    issue: int,
    first_page: int,
    doi: str,
    entry_type: str,
) -> None:
    fields = (
        ("author", " and ".join(f"{f}, {g}" for f, g in authors)),
        ("title", title),
        ("journal" if entry_type == "article" else "booktitle", "Journal of Tests"),
        ("year", str(year)),
        ("volume", str(volume)),
        ("number", str(issue)),
        ("pages", f"{first_page}--{first_page + 9}"),
        ("doi", doi),
        ("publisher", "Press"),
    )
    reference = Reference("k", entry_type, fields)
    item = from_bibtex.to_csl(reference)
    back = to_bibtex.to_reference(item, "k")
    again = from_bibtex.to_csl(back)
    for name in (
        "type",
        "author",
        "issued",
        "volume",
        "page",
        "DOI",
        "container-title",
        "publisher",
    ):
        assert again.get(name) == item.get(name), name
    if entry_type == "article":
        assert again.get("issue") == item.get("issue")

    # Writing protects acronyms with braces, which come back as nocase spans: same text.
    def text(value: str) -> str:
        return value.replace('<span class="nocase">', "").replace("</span>", "")

    assert text(again["title"]) == text(item["title"])


_DATE_TEXT = st.text(alphabet="0123456789-/.~?%XuT: ", max_size=24)


@EXAMPLES
@given(st.one_of(_DATE_TEXT, st.text(max_size=24)))
def test_a_date_field_is_a_valid_csl_date_or_kept_as_written(value: str) -> None:
    """biblatex manual §2.3.8: a date field is read whole as a date, or printed as written."""
    parsed = from_bibtex.parse_date(value)
    if not value.strip():
        assert parsed is None
        return
    assert parsed is not None
    if "literal" in parsed:
        assert parsed == {"literal": value.strip()}
        return
    assert 1 <= len(parsed["date-parts"]) <= 2
    for parts in parsed["date-parts"]:
        assert -9999 <= parts[0] <= 9999
        if len(parts) > 1:
            assert 1 <= parts[1] <= 12 or (21 <= parts[1] <= 24 and len(parts) == 2)
        if len(parts) > 2:
            assert 1 <= parts[2] <= 31


@EXAMPLES
@given(
    st.integers(-99999, 99999).filter(lambda year: year != 0),
    st.integers(1, 12),
    st.integers(1, 28),
)
def test_a_csl_date_written_for_biblatex_reads_back_as_the_same_date(
    year: int, month: int, day: int
) -> None:
    """Export and import agree on the years before the common era (ISO 8601 counts them
    astronomically, CSL does not) and on years of five digits and more (EDTF's "Y")."""
    written = to_bibtex._iso([year, month, day])
    assert from_bibtex.parse_date(written) == {"date-parts": [[year, month, day]]}


@EXAMPLES
@given(
    st.integers(-9999, 9999),
    st.integers(1, 12),
    st.integers(1, 28),
    st.sampled_from(["", "~", "%", "?"]),
)
def test_an_iso_date_reads_back_its_parts(year: int, month: int, day: int, mark: str) -> None:
    text = f"{'-' if year < 0 else ''}{abs(year):04d}-{month:02d}-{day:02d}{mark}"
    parsed = from_bibtex.parse_date(text)
    # ISO 8601 counts 1 BCE as year 0000; CSL has no year 0 and writes 1 BCE as -1.
    historical = year if year > 0 else year - 1
    assert parsed is not None and parsed["date-parts"] == [[historical, month, day]]
    assert parsed.get("circa", False) is (mark in ("~", "%"))


_CODEC_NAMES = st.sampled_from(
    ["Cp1252", "UTF8", "ISO8859_1", "x-MacRoman", "base64", "rot13", "zip", "nonsense", "utf-16"]
)


@EXAMPLES
@given(
    name=_CODEC_NAMES | st.text(alphabet="abcdefxyz0123456789_-.:", min_size=1, max_size=12),
    body=st.binary(max_size=300),
)
def test_a_declared_encoding_is_none_or_one_the_file_can_be_read_in(name: str, body: bytes) -> None:
    """Whatever a JabRef header names, and whatever bytes follow, the declared encoding is
    None or a text encoding Python decodes with (a transform such as base64 never is), and
    naming it never raises."""
    import codecs

    from readinglist.errors import declared_encoding

    found = declared_encoding(b"% Encoding: " + name.encode() + b"\n" + body)
    if found is not None:
        info = codecs.lookup(found)
        assert info._is_text_encoding and info.name != "utf-8"


@EXAMPLES
@given(pages=st.text(max_size=40))
def test_only_a_placeholder_is_taken_for_no_pages(pages: str) -> None:
    """A page value with a digit in it is never taken for a database's "no pages" mark, and
    the test never raises."""
    from readinglist.csl.from_bibtex import no_pagination

    if any(c.isdigit() for c in pages):
        assert not no_pagination(pages)
