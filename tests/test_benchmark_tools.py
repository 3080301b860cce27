"""The benchmarks' own rules: what they normalise, what they count apart, and the wider corpus
they read (benchmarks/corpus), which ships with the project."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

from readinglist.model import Reference
from readinglist.render import engine
from readinglist.render.engine import Rendered

from .conftest import PROJECT

BENCHMARKS = PROJECT / "benchmarks"
CORPUS = BENCHMARKS / "corpus"
STYLES = ("apa", "harvard-cite-them-right", "nlm-citation-sequence", "chicago-author-date")


@pytest.fixture(scope="module")
def tools() -> tuple[ModuleType, ModuleType]:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import fidelity_files
        import popular_styles
    finally:
        sys.path.pop(0)
    return popular_styles, fidelity_files


def test_a_left_margin_label_may_be_followed_by_a_space_or_not(
    tools: tuple[ModuleType, ModuleType],
) -> None:
    popular, _ = tools
    assert popular.split_label("[1]B. E. Wampold", "[1]") == ("[1]", "B. E. Wampold")
    assert popular.split_label("[1] B. E. Wampold", "[1]") == ("[1]", "B. E. Wampold")
    assert popular.split_label("[12] B. E. Wampold", "[1]") == ("", "[12] B. E. Wampold")
    assert popular.split_label("Wampold, B. E.", "") == ("", "Wampold, B. E.")
    assert popular.normalise("a\u00a0 b\u2009c ") == "a b c"


def test_a_label_that_differs_is_a_miss_not_a_space(
    tools: tuple[ModuleType, ModuleType],
) -> None:
    popular, _ = tools
    result = popular.Result("ieee")
    oracle = {
        "order": ["a", "b"],
        "text": {"a": "[1] A. Author, “T.”", "b": "[2] B. Author, “U.”"},
        "html": {
            "a": '<div class="csl-left-margin">[1]</div><div>A. Author, “T.”</div>',
            "b": '<div class="csl-left-margin">[2]</div><div>B. Author, “U.”</div>',
        },
    }
    popular.compare(result, {"a": "[1]A. Author, “T.”", "b": "[3] B. Author, “U.”"}, oracle, "f")
    assert (result.total, result.equal) == (2, 1)
    assert result.misses[0][0] == "f:b"


def test_differences_are_grouped_by_their_shape(tools: tuple[ModuleType, ModuleType]) -> None:
    popular, _ = tools
    one = popular.diff_pattern("Nature. 2017Mar;5:1.", "Nature. 2017 Mar;5:1.")
    two = popular.diff_pattern("Cell. 1999Mar;7:2.", "Cell. 1999 Mar;7:2.")
    assert one == two == "'9999Mar' -> '9999 Mar'"
    long_words = popular.diff_pattern("In Proceedings", "In: Proceedings")
    assert long_words == popular.diff_pattern("In Handbook", "In: Handbook")
    assert popular.diff_pattern("same", "same") == "(equal)"


def test_a_word_citeproc_js_lowers_counts_apart_in_a_hyphenated_word_too(
    tools: tuple[ModuleType, ModuleType],
) -> None:
    """CSL 1.0.2 title case capitalises "like", "off" and "after" (not its stop words);
    citeproc-js lower-cases them, alone or as a part of a hyphenated word."""
    popular, _ = tools
    # Words of citeproc-js's title-case stop-word list that CSL 1.0.2's does not hold (the
    # benchmark reads the whole list from the installed citeproc-js; a clone has none).
    citeproc_js_words = frozenset({"after", "like", "off", "about"})

    def lowered(mine: str, theirs: str) -> bool:
        return bool(popular.lowered_stop_words_only(mine, theirs, citeproc_js_words))

    assert lowered("Was Eysenck Right After All?", "Was Eysenck Right after All?")
    assert lowered("Chimera-Like States", "Chimera-like States")
    assert lowered("Neocortical Trade-Off Material", "Neocortical Trade-off Material")
    assert not lowered("Inception-V4", "Inception-v4")  # "v4" is no stop word
    assert not lowered("Meta-Analysis", "Meta-analysis")
    assert not lowered("Trade-Off", "Trade Off")  # a hyphen is no space


def test_processors_copying_tex_or_lowering_acronyms_are_counted_apart(
    tools: tuple[ModuleType, ModuleType],
) -> None:
    _, files = tools
    assert files.processor_is_wrong("Euclid. Elements. 300 BC.", ["Euclid. Elements. 300 {BC}."])
    assert files.processor_is_wrong("A p-adic ring", ["A $p$-adic ring", "A \\(p\\)-adic ring"])
    assert files.processor_is_wrong("Law in the U.S. today", ["Law in the u.s. today"])
    assert not files.processor_is_wrong("A p-adic ring", ["A $p$-adic ring", "A p-adic ring."])
    assert not files.processor_is_wrong("Law in the U.S.", ["Law in the US"])


def test_the_wider_corpus_is_complete_and_every_file_has_its_source() -> None:
    sources = (CORPUS / "SOURCES.md").read_text(encoding="utf-8")
    names = sorted(p.stem for p in (CORPUS / "bib").glob("*.bib"))
    assert len(names) >= 5
    for name in names:
        bib = CORPUS / "bib" / f"{name}.bib"
        assert f"`{name}.bib`" in sources, name
        assert bib.stat().st_size <= 300 * 1024 and bib.read_text().count("\n@") < 320
        items = json.loads((CORPUS / "csljson" / f"{name}.json").read_text())
        for style in STYLES:
            oracle = json.loads((CORPUS / "oracle" / style / f"{name}.json").read_text())
            assert oracle["meta"]["csl_items"] == len(items)
            assert set(oracle["order"]["citeprocjs"]) == {str(i["id"]) for i in items}
            with_both = [
                e for e in oracle["entries"].values() if "pandoc" in e and "citeprocjs" in e
            ]
            assert len(with_both) >= 0.9 * len(items), (name, style)


def test_pandocs_errors_count_apart_only_when_nothing_else_differs(
    tools: tuple[ModuleType, ModuleType],
) -> None:
    _, files = tools
    dotless = "Marı\u0301n-Martı\u0301nez, F. (2015)."
    assert files.pandoc_error("Marín-Martínez, F. (2015).", [dotless], None) == "dotless-i"
    assert files.pandoc_error("Marín-Martinez, F. (2015).", [dotless], None) is None
    google = "Wilde (1899). https://books.google.com?id=4HIW"
    assert files.pandoc_error(
        "Wilde (1899). https://books.google.com/books?id=4HIW", [google], None
    )
    assert files.pandoc_error("B (2006) in A, T. Ed.", ["B (2006) in A, . Ed."], None) == (
        "empty-title"
    )
    invented = {"issued": {"date-parts": [[1997], [0]]}}
    assert files.pandoc_error("T (1997a).", ["T (1997–a)."], invented) == "invented-date"
    assert (
        files.pandoc_error("T (1997a).", ["T (1998)."], {"issued": {"date-parts": [[1998]]}})
        is None
    )


def test_a_field_pandoc_drops_counts_apart_when_the_entry_then_matches(
    tools: tuple[ModuleType, ModuleType],
) -> None:
    _, files = tools
    oracle = {"a": {"pandoc": "Q (1968). J, 65, 1–2."}, "b": {"pandoc": "R (1969). K, 3."}}
    rendered = {"a": "Q (1968). J, 65(7), 1–2.", "b": "R (1969). K, 3(1)."}
    without = {"a": "Q (1968). J, 65, 1–2.", "b": "R (1969). K, 4."}
    variants = {k: [("issue-dropped", v)] for k, v in without.items()}
    result = files.tally(rendered, oracle, "apa", "f", {}, variants)
    assert result.pandoc == {"issue-dropped": 1}
    assert [key for key, _, _ in result.misses] == ["f:b"]


def test_the_gap_compares_the_entries_both_measures_count(
    tools: tuple[ModuleType, ModuleType],
) -> None:
    """An entry the renderer matches because it copies pandoc's garbage, or one counted apart
    from the end to end as pandoc's error, is in neither share of the gap."""
    _, files = tools
    oracle = {
        "a": {"pandoc": "A (1). https://doi.org/Doi: 10.1/x"},
        "b": {"pandoc": "B (2). T [Journal Article]."},
        "c": {"pandoc": "C (3). U."},
        "d": {"pandoc": "D (4). V."},
    }
    copied = {"a": "A (1). https://doi.org/Doi: 10.1/x", "b": "B (2). T [Journal Article]."}
    renderer = files.tally({**copied, "c": "C (3). U.", "d": "D (4). W."}, oracle, "apa", "f")
    ours = {"a": "A (1). 10.1/x", "b": "B (2). T.", "c": "C (3). U.", "d": "D (4). W."}
    variants = {"b": [("type-as-genre", "B (2). T [Journal Article].")]}
    end = files.tally(ours, oracle, "apa", "f", {}, variants)
    assert (end.garbage, end.pandoc) == (1, {"type-as-genre": 1})
    assert renderer.share == 75.0 and end.share == 50.0
    assert files.gap(renderer, end) == 0.0


def test_pandocs_mapping_errors_are_made_only_where_pandoc_makes_them(
    tools: tuple[ModuleType, ModuleType],
) -> None:
    """Each MAPPING_ERRORS function makes pandoc's error in our item where pandoc's item shows
    it, and leaves the item as it is (the same object) everywhere else."""
    _, files = tools
    make = files.MAPPING_ERRORS
    ref = Reference("k", "book", (("title", r"Sterben f\"ur\textellipsis\ Zum"),))
    ours = {"id": "k", "issued": {"literal": "300 BC"}, "page": "3-52", "title": "für… Zum"}
    dropped: dict[str, object] = {"issued": {"date-parts": []}}
    assert "issued" not in make["year-not-read"](ours, dropped, ref)
    assert make["year-not-read"](ours, {"issued": {"date-parts": [[300]]}}, ref) is ours
    assert make["page-range-dash"](ours, {"page": "3—52"}, ref)["page"] == "3—52"
    assert make["page-range-dash"](ours, {"page": "3—53"}, ref) is ours
    assert make["command-dropped"](ours, {"title": "für Zum"}, ref)["title"] == "für Zum"
    assert make["command-dropped"](ours, {"title": "für Zum"}, Reference("k", "book")) is ours
    assert make["command-dropped"](ours, {"title": "fur… Zum"}, ref) is ours  # a letter differs
    editor = [{"family": "Кузичевой", "given": "3. А."}]
    theirs = [{"dropping-particle": "3.", "family": "А. Кузичевой"}]
    mine = {"id": "k", "editor": editor}
    assert make["no-letter-particle"](mine, {"editor": theirs}, None)["editor"] == theirs
    assert make["no-letter-particle"](mine, {"editor": [{"family": "Кузичевой"}]}, None) is mine
    # "van 't Veer, Anna": btparse's last name "'t Veer", pandoc's von part "van 't"
    veer = {
        "id": "k",
        "author": [{"family": "’t Veer", "given": "Anna", "dropping-particle": "van"}],
    }
    von = [{"family": "Veer", "given": "Anna", "dropping-particle": "van ’t"}]
    assert make["no-letter-particle"](veer, {"author": von}, None)["author"] == von
    other_von = [{"family": "Veer", "given": "Anna", "dropping-particle": "van de"}]
    assert make["no-letter-particle"](veer, {"author": other_von}, None) is veer
    # A name that ends in a comma: biber drops the comma, pandoc keeps it as a separator.
    ended = Reference("k", "book", (("editor", "H. Cooper, and L. V. Hedges"),))
    biber_read = {"id": "k", "editor": [{"family": "Cooper", "given": "H."}]}
    kept = [{"family": "H. Cooper"}, {"family": "L. V. Hedges"}]
    assert make["trailing-comma"](biber_read, {"editor": kept}, ended)["editor"] == kept
    unended = Reference("k", "book", (("editor", "Cooper, H. and Hedges, L. V."),))
    assert make["trailing-comma"](biber_read, {"editor": kept}, unended) is biber_read
    runs = {"id": "k", "author": [{"family": "Abbey", "given": "C.K."}]}
    spaced = [{"family": "Abbey", "given": "C. K."}]
    assert make["initials-spaced"](runs, {"author": spaced}, None)["author"] == spaced
    assert (
        make["initials-spaced"](runs, {"author": [{"family": "Abbey", "given": "C."}]}, None)
        is runs
    )
    typed = Reference("k", "article", (("type", "Journal Article"),))
    genre = {"genre": "Journal Article"}
    assert make["type-as-genre"](mine, genre, typed)["genre"] == "Journal Article"
    assert make["type-as-genre"](mine, genre, Reference("k", "article")) is mine
    # A name biber refuses (three commas: names joined without "and"): pandoc's reading made.
    commas = Reference("k", "book", (("author", "Bisogni, G., Bottigli U, Ceccopieri, et al"),))
    read = [{"family": "Bisogni", "given": "et al", "suffix": "G."}]
    pandoc_read = [{"family": "Bisogni", "given": "Bottigli U", "suffix": "G."}]
    named = {"id": "k", "author": read}
    assert make["name-refused"](named, {"author": pandoc_read}, commas)["author"] == pandoc_read
    two = Reference("k", "book", (("author", "Bisogni, G. and Bottigli, U."),))
    assert make["name-refused"](named, {"author": pandoc_read}, two) is named
    braced = Reference("k", "book", (("author", "{Bisogni, G., Bottigli U, Ceccopieri}"),))
    assert make["name-refused"](named, {"author": pandoc_read}, braced) is named
    # Two U+2018 read as a quotation in a quotation.
    quoted = {"id": "k", "title": "Counterpoint to ‘‘performance’’ by Gur"}
    nested = "Counterpoint to “‘performance’” by Gur"
    assert make["quotes-nested"](quoted, {"title": nested}, None)["title"] == nested
    assert (
        make["quotes-nested"](quoted, {"title": "Counterpoint to “performance” by Gur"}, None)
        is quoted
    )
    # A URL at a sentence start capitalised.
    linked = {"id": "k", "title": "Variability in cues. http://doi.org/10.1148/x"}
    capital = "Variability in cues. Http://doi.org/10.1148/x"
    assert make["url-capitalised"](linked, {"title": capital}, None)["title"] == capital
    worded = {"id": "k", "title": "Variability in cues. then http://doi.org/10.1148/x"}
    upper_word = {"title": "Variability in cues. Then http://doi.org/10.1148/x"}
    assert make["url-capitalised"](worded, upper_word, None) is worded
    # A month's name left out of the date; a macro ("jun") or a number pandoc reads.
    dated = {"id": "k", "issued": {"date-parts": [[2014, 6]]}}
    year = {"issued": {"date-parts": [[2014]]}}
    named_month = Reference("k", "article", (("month", "June"),))
    assert make["month-name-not-read"](dated, year, named_month)["issued"] == year["issued"]
    for month in ("jun", "6"):
        macro = Reference("k", "article", (("month", month),))
        assert make["month-name-not-read"](dated, year, macro) is dated
    assert make["month-name-not-read"](dated, dated, named_month) is dated
    # A PubMed ID in eprint with eprinttype pmid: pandoc reads no PMID.
    pmid = Reference("k", "article", (("eprint", "19381330"), ("eprinttype", "pmid")))
    with_id = {"id": "k", "PMID": "19381330"}
    assert "PMID" not in make["pmid-not-read"](with_id, {"id": "k"}, pmid)
    assert make["pmid-not-read"](with_id, {"PMID": "19381330"}, pmid) is with_id
    assert make["pmid-not-read"](with_id, {"id": "k"}, Reference("k", "article")) is with_id
    assert files.fidelity.GARBAGE.search("https://doi.org/Doi: 10.1016/0022-2496(75)90001-2")


def test_a_sentence_start_pandoc_lowers_and_dotted_abbreviations_count_apart_alone(
    tools: tuple[ModuleType, ModuleType],
) -> None:
    _, files = tools
    ours = "Workshop, March 2-3, 2009. Proceedings. Springer."
    assert files.pandoc_error(ours, ["Workshop, March 2-3, 2009. proceedings. Springer."], None)
    assert not files.pandoc_error(ours, ["Workshop, March 2-3, 2009 proceedings. Springer."], None)
    assert files.processor_is_wrong("Informatik e.V. (GI)", ["Informatik e.v. (GI)"])
    assert not files.processor_is_wrong("Informatik e.V. (GI)", ["informatik e.v. (GI)"])


def test_the_csl_suite_benchmark_counts_every_folder_and_names_a_placeholder(
    tmp_path: Path,
) -> None:
    """benchmarks/csl_suite.py counts the bibliography fixtures of the suite's standard,
    off-spec and experiments folders, as citeproc-js's runner does; a fixture without a style
    is counted and named as not runnable, never skipped."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import csl_suite
    finally:
        sys.path.pop(0)
    humans = tmp_path / "processor-tests" / "humans"
    style = (PROJECT / "tests" / "data" / "csl-suite" / "display_DisplayBlock.txt").read_text()
    for folder in ("", "off-spec", "experiments"):
        (humans / folder).mkdir(parents=True, exist_ok=True)
    (humans / "display_DisplayBlock.txt").write_text(style)
    (humans / "off-spec" / "display_DisplayBlock.txt").write_text(style)
    (humans / "experiments" / "empty.txt").write_text(
        ">>==== MODE ====>>\nbibliography\n<<==== MODE ====<<\n"
        ">>==== RESULT ====>>\n\n<<==== RESULT ====<<\n>>==== CSL ====>>\n\n<<==== CSL ====<<\n"
    )
    passed, total, failures = csl_suite.run(tmp_path, csl_suite.ours)
    assert (passed, total) == (2, 3)
    assert [name for name, _, _ in failures[csl_suite.NOT_RUNNABLE]] == ["experiments/empty"]


def test_the_csl_suite_benchmark_tells_escaped_markup_from_markup() -> None:
    """A name printed as "&lt;b&gt;Jane&lt;/b&gt;" is not the bold "<b>Jane</b>" the
    fixture expects; character references that stand for the same text compare equal."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import csl_suite
    finally:
        sys.path.pop(0)
    assert csl_suite.normalise("&lt;b&gt;Jane&lt;/b&gt;") != csl_suite.normalise("<b>Jane</b>")
    assert csl_suite.normalise("&#60;b&#x3E;") == csl_suite.normalise("&lt;b&gt;")
    assert csl_suite.normalise("A &#38; B\u00a0 <i>C</i>") == csl_suite.normalise(
        "A &amp; B <i>C</i>"
    )


def test_the_csl_suite_benchmark_reads_citations_as_a_history() -> None:
    """A fixture's CITATIONS are fed one at a time, as citeproc-js's runner does: a citation
    given again under its citationID replaces the earlier one, so an item it no longer cites
    leaves the bibliography; items keep the order of first citation."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import csl_suite
    finally:
        sys.path.pop(0)

    def citation(cid: str, *ids: str) -> list[object]:
        return [{"citationID": cid, "citationItems": [{"id": i} for i in ids]}, [], []]

    history = [citation("C-1", "A", "B", "C"), citation("C-2", "D"), citation("C-1", "A", "B")]
    parts = {"CITATIONS": json.dumps(history)}
    items = [{"id": i} for i in "ABCD"]
    assert csl_suite.cited_ids(parts, items) == ["A", "B", "D"]
    parts = {"CITATIONS": json.dumps([citation("C-1", "B"), citation("C-2", "A", "B")])}
    assert csl_suite.cited_ids(parts, items) == ["B", "A"]


def test_the_instruction_benchmark_reads_cachegrinds_summary_line() -> None:
    """benchmarks/instructions.py reads the count from valgrind's own summary line, not from
    the program's output that may hold the same words."""
    sys.path.insert(0, str(PROJECT / "benchmarks"))
    try:
        import instructions
    finally:
        sys.path.remove(str(PROJECT / "benchmarks"))
    report = (
        "==4242== Cachegrind, a high-precision tracing profiler\n"
        "I refs: 7 printed by the program\n"
        "==4242== \n"
        "==4242== I   refs:      2,213,456,789\n"
    )
    assert instructions.counted(report) == 2_213_456_789
    assert instructions.counted("==1== Cachegrind\n") is None


def test_the_render_benchmarks_refuse_a_source_that_is_no_checkout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A mistyped --source would leave PYTHONPATH pointing nowhere and measure the installed
    readinglist under that name: both benchmarks stop with a one-line error instead."""
    sys.path.insert(0, str(PROJECT / "benchmarks"))
    try:
        import instructions
        import render
    finally:
        sys.path.remove(str(PROJECT / "benchmarks"))
    for module in (instructions, render):
        with pytest.raises(SystemExit) as stop:
            module.main(["--source", str(tmp_path / "nowhere")])
        assert stop.value.code == 2
        assert "nowhere: not a checkout of readinglist" in capsys.readouterr().err
    assert instructions.checkout(str(PROJECT)) == PROJECT


def test_every_style_is_rendered_and_a_lost_entry_fails_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """benchmarks/all_styles.py on a corpus of two entries, over a few bundled styles: a clean
    run exits 0; an entry whose rendering fails is counted as lost and exits 1."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import all_styles
    finally:
        sys.path.pop(0)
    (tmp_path / "csljson").mkdir()
    items = [
        {"id": "a", "type": "book", "title": "Book", "author": [{"family": "Roe"}]},
        {"id": "b", "type": "article-journal", "title": "Paper", "container-title": "J"},
    ]
    (tmp_path / "csljson" / "two.json").write_text(json.dumps(items), encoding="utf-8")
    argv = ["--corpus", str(tmp_path), "--part", "0/700"]
    assert all_styles.main(argv) == 0
    out = capsys.readouterr().out
    assert "2 entries of 2 types" in out and "entries lost: 0" in out

    def failing(items: list[dict[str, object]], style: str, cache: bool) -> list[object]:
        return [Rendered(str(item["id"]), "", "", "TypeError: boom") for item in items]

    monkeypatch.setattr(engine, "render_bibliography", failing)
    assert all_styles.main(argv) == 1
    found = re.search(r"styles with a fault: (\d+); entries lost: (\d+)", capsys.readouterr().out)
    assert found is not None
    styles, lost = (int(n) for n in found.groups())
    assert styles >= 1 and lost == 2 * styles


def test_the_agreement_measure_reads_pandocs_entries_by_id(tmp_path: Path) -> None:
    """benchmarks/agreement.py takes pandoc's entries by their ids, whatever their order, and
    compares texts without markup or white space."""
    pytest.importorskip("pypandoc")
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import agreement
    finally:
        sys.path.pop(0)
    style = tmp_path / "s.csl"
    style.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">'
        "<info><title>T</title><id>t</id><updated>2024-01-01T00:00:00+00:00</updated></info>"
        '<citation><layout><text variable="title"/></layout></citation>'
        '<bibliography><sort><key variable="title"/></sort><layout>'
        '<text variable="title" font-style="italic"/></layout></bibliography></style>',
        encoding="utf-8",
    )
    items = [
        {"id": "z", "type": "book", "title": "Zeta"},
        {"id": "a", "type": "book", "title": "Alpha & co"},
    ]
    texts = agreement.pandoc_texts(items, style, "en-US")
    assert sorted(texts) == ["a", "z"]
    assert agreement._bare(texts["a"]) == "Alpha&co"
    assert agreement._bare(texts["z"]) == agreement._bare("<i>Zeta</i>")


def test_the_citation_agreement_measure_cites_alone_then_together(tmp_path: Path) -> None:
    """benchmarks/citation_agreement.py: every work alone first (numeric styles number them
    in the entries' order everywhere), then neighbours together (and, with locators, cited
    at pages); pandoc's paragraphs are read one per cluster, in order."""
    pytest.importorskip("pypandoc")
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import agreement
        import citation_agreement
    finally:
        sys.path.pop(0)
    groups = citation_agreement.clusters(["a", "b", "c", "d"])
    assert [[k for k, _ in g] for g in groups] == [
        ["a"], ["b"], ["c"], ["d"], ["a", "b"], ["b", "c"], ["c", "d"], ["a", "b", "c"]
    ]  # fmt: skip
    located = citation_agreement.clusters(["a", "b"], locators=True)[3:]
    assert [citation_agreement.written(g) for g in located] == [
        "[@a, pp. 12-15]", "[@b, pp. 12-15]", "[@a; @b, p. 7]"
    ]  # fmt: skip
    style = tmp_path / "s.csl"
    style.write_text(
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">'
        "<info><title>T</title><id>t</id><updated>2024-01-01T00:00:00+00:00</updated></info>"
        '<citation><layout delimiter="; " prefix="(" suffix=")"><text variable="title"/>'
        '</layout></citation><bibliography><layout><text variable="title"/></layout>'
        "</bibliography></style>",
        encoding="utf-8",
    )
    items = [{"id": k, "type": "book", "title": k.upper()} for k in "abcd"]
    texts = citation_agreement.pandoc_citations(items, groups[4:6], style, "en-US")
    assert [agreement._bare(t) for t in texts] == ["(A;B)", "(B;C)"]


def test_the_cli_fuzzer_runs_every_command_on_damaged_entries(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """benchmarks/fuzz_cli.py: damaged entries of a real file through every command, none
    ending in a traceback, a hang or an odd exit code (its finding count is its exit code)."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import fuzz_cli
    finally:
        sys.path.pop(0)
    (tmp_path / "corpus" / "bib").mkdir(parents=True)
    source = PROJECT / "tests" / "data" / "messy.bib"
    shutil.copy(source, tmp_path / "corpus" / "bib" / "messy.bib")
    status = fuzz_cli.main(
        [
            "--runs",
            "2",
            "--seed",
            "3",
            "--corpus",
            str(tmp_path / "corpus"),
            "--out",
            str(tmp_path / "findings"),
        ]
    )
    out = capsys.readouterr().out
    assert "2 runs (seed 3): 0 tracebacks, hangs or odd exits" in out, out
    assert "  import" in out and "  render" in out
    assert status == 0
