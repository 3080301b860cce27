"""LaTeX in field values: accents, symbols, dashes, case protection, font marks, math."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist.bibtex import latex
from readinglist.bibtex.latex import Run, parse, to_text


@pytest.mark.parametrize(
    ("source", "text"),
    [
        (r"Zamora-L{\'{o}}pez", "Zamora-López"),
        (r"J{\"u}rgen", "Jürgen"),
        (r"Schr\"odinger", "Schrödinger"),
        (r"Mart{\'\i}n", "Martín"),
        (r"\c{c}a", "ça"),
        (r"{\AA}ngstr{\"o}m", "Ångström"),
        (r"Stra{\ss}e", "Straße"),
        (r"pp. 1--9 --- yes", "pp. 1–9 — yes"),
        (r"``quoted''", "“quoted”"),
        (r"Smith \& Sons, 50\%", "Smith & Sons, 50%"),
        (r"A~B", "A\u00a0B"),
        (r"$\alpha$-level", "α-level"),
        (r"\url{https://example.org/a_b}", "https://example.org/a_b"),
        (r"\unknowncommand{kept}", "kept"),
    ],
)
def test_latex_becomes_unicode_text(source: str, text: str) -> None:
    assert to_text(source) == text


@pytest.mark.parametrize(
    ("source", "text"),
    [
        # pandoc 3.9 reads `lasso' as a quotation: its CSL-JSON of the ohdsi corpus file has
        # "The “lasso” minimizes", and its APA entry for Kahane (2015) "“Utilitarian” judgments".
        (r"The `lasso' minimizes", "The “lasso” minimizes"),
        (r"`{{Utilitarian}}' Judgments", "“Utilitarian” Judgments"),
        (r"``the `so-called' effect''", "“the ‘so-called’ effect”"),  # inside: single marks
        (r"a dog's `life' here", "a dog’s “life” here"),  # between letters: an apostrophe
        # ... braces around the letters left aside (a Zotero export's protected words)
        (r"about `{{Cochran}}'s {{Q}} Test' in", "about “Cochran’s Q Test” in"),
        (r"it's a lone ` mark", "it’s a lone ‘ mark"),  # no closing quote: as written
    ],
)
def test_latex_quotation_ligatures_are_quotations_by_level(source: str, text: str) -> None:
    """A `…' quotation takes the marks of its level, as \\enquote does: double at the top
    level, single inside another quotation, so that a style quoting the title alternates
    them (Chicago's "“‘Utilitarian’ Judgments …”")."""
    assert to_text(source) == text


def test_top_level_braces_protect_case_and_nested_ones_do_not_add_more() -> None:
    runs = parse(r"The {DNA} of {Tensor{F}low}")
    assert runs == [
        Run("The "),
        Run("DNA", protected=True),
        Run(" of "),
        Run("TensorFlow", protected=True),
    ]


def test_a_brace_group_opening_with_a_command_is_a_special_character_not_protection() -> None:
    assert parse(r"{\em Homo sapiens} and \emph{E. coli}") == [
        Run("Homo sapiens", marks=frozenset({"i"})),
        Run(" and "),
        Run("E. coli", marks=frozenset({"i"})),
    ]


def test_a_special_character_is_one_letter_and_a_longer_group_opening_with_one_protects() -> None:
    """BibTeX's special character ({\\"O}) takes the case of the words around it, and biber
    drops its braces ("Reise nach Österreich"). A whole title braced that happens to open
    with an accent keeps its braces in biber's reading ("{Über die Lokalisation im
    überlagerten Schallfeld}") and its case in pandoc's: it protects as any group does."""
    assert parse(r"Reise nach {\"O}sterreich") == [Run("Reise nach Österreich")]
    assert parse(r"{\ss}e") == [Run("ße")]
    assert parse(r"{\"{U}ber die Lokalisation im \"{u}berlagerten Schallfeld}") == [
        Run("Über die Lokalisation im überlagerten Schallfeld", protected=True)
    ]
    assert parse(r"Zu {\v{C}apek} heute") == [
        Run("Zu "),
        Run("Čapek", protected=True),
        Run(" heute"),
    ]


@pytest.mark.parametrize(
    ("source", "text"),
    [
        (r"round ($p<.05$)", "round (p < .05)"),
        (r"worth $16\times16$ words", "worth 16 × 16 words"),
        (r"$p \leq 0.05$", "p ≤ 0.05"),
        (r"a $p$-value", "a p-value"),
    ],
)
def test_math_sets_relations_and_operators_between_spaces(source: str, text: str) -> None:
    """TeX ignores spaces in math and sets its own around relations and binary operators;
    pandoc prints them so, and so do we."""
    assert to_text(source) == text


@pytest.mark.parametrize(
    ("source", "text"),
    [
        # An astrophysics abstract's link, as ADS exports it (pandoc: "(<A href=...>ApJ</A>)").
        (r'($<$A href="/abs/1"$>$ApJ$<$/A$>$)', '(<A href="/abs/1">ApJ</A>)'),
        (r"rates $\geq$ 5 per day", "rates ≥ 5 per day"),
        (r"from \(<\)5", "from <5"),
        (r"$x\leq 5$", "x ≤ 5"),
    ],
)
def test_a_relation_at_a_formulas_edge_has_no_space_on_that_side(source: str, text: str) -> None:
    """TeX spaces a relation or operator only between two atoms (TeXbook, chapter 18), so a
    formula of one symbol is the symbol alone; pandoc prints it so."""
    assert to_text(source) == text


def test_math_superscripts_and_subscripts_become_marks() -> None:
    """Math's scripts are marks, and its letters are protected from case changes: a symbol's
    case is its meaning (φ is not Φ)."""
    assert parse(r"$I^2$ and $d_p$") == [
        Run("I", protected=True),
        Run("2", protected=True, marks=frozenset({"sup"})),
        Run(" and "),
        Run("d", protected=True),
        Run("p", protected=True, marks=frozenset({"sub"})),
    ]


@pytest.mark.parametrize(
    "value",
    [
        "{" * 5000 + "deep" + "}" * 5000,
        "\\emph" * 5000 + "{deep}",
        "\\'" * 5000 + "deep",
        "{\\em " * 3000 + "deep" + "}" * 3000,
    ],
)
def test_pathological_nesting_keeps_the_text_in_bounded_work(value: str) -> None:
    assert "eep" in to_text(value)  # accents may sit on the "d"; no letter is lost


@pytest.mark.parametrize(
    "value",
    [
        "\\emph{" * 3000 + "x" + "}" * 3000,
        "{\\em " * 3000 + "x" + "}" * 3000,
        "$" * 3000 + "x",
        "$x^{" * 3000,
        "{" * 3000 + "x" + "}" * 3000,
    ],
)
def test_nesting_past_the_limit_is_kept_as_written_never_as_command_names(value: str) -> None:
    # Past the depth limit the value is not read as LaTeX at all (no "emphemph…", no "em em"
    # printed as text, no recursion error); reading the file reports it on its line.
    assert latex.too_deep(value)
    assert to_text(value) == value
    assert not latex.too_deep("{" * 99 + "x" + "}" * 99)


def test_stray_closing_brace_loses_no_text() -> None:
    assert to_text("a } b") == "a b"


@pytest.mark.parametrize(
    ("source", "text"),
    [
        # \backslash is math's backslash glyph (LaTeX's symbol tables); it was dropped
        (r"A $\backslash$ B", "A \\ B"),
        # babel's quotation marks for German and French, and amssymb's registered sign
        (r"\glqq Wort\grqq{} und \flqq mot\frqq{}", "„Wort“ und «mot»"),
        (r"Foundations and Trends{\circledR} in", "Foundations and Trends® in"),
    ],
)
def test_text_and_math_symbols(source: str, text: str) -> None:
    assert to_text(source) == text


@pytest.mark.parametrize(
    ("source", "text"),
    [
        # What a held-out Mendeley export (4,730 entries) holds, and the LaTeX it escapes:
        # "mi{\k{e}}dzy", "{\textquotedbl}…{\textquotedbl}", "Trends{\circledR}"
        (r"mi{\{}$\backslash$k{\{}e{\}}{\}}dzykulturowych", "międzykulturowych"),
        (r"Zarz{\{}$\backslash$k{\{}a{\}}{\}}dzania", "Zarządzania"),
        (
            r"Keller's {\{}$\backslash$textquotedbl{\}}Die drei{\{}$\backslash$textquotedbl{\}}",
            'Keller’s "Die drei"',
        ),
        (r"Trends{\{}$\backslash$circledR{\}} in", "Trends® in"),
        # no escaped command: a brace written as text stays one
        (r"a {\{} brace", "a { brace"),
        # undone, the braces would not balance: read as written (the text LaTeX prints)
        (r"x{\{}$\backslash$k{\{}e{\}}", "x{\\k{e}"),
    ],
)
def test_mendeleys_escaped_latex_is_read_as_the_latex_it_escapes(source: str, text: str) -> None:
    """Mendeley Desktop exports the LaTeX of a field escaped: ``\\`` as ``$\\backslash$``,
    ``{`` and ``}`` as ``{\\{}`` and ``{\\}}``, so that LaTeX prints the source text
    ("mi{\\k{e}}dzy"). A field holding an escaped command is read as the LaTeX it escapes, as
    its author wrote it in Mendeley; without one, ``{\\{}`` stays a brace."""
    assert to_text(source) == text


@pytest.mark.parametrize(
    ("source", "text"),
    [
        # A held-out library's authors (Altamirano et al., ICML 2023; Nagarajan et al., KDD
        # 2015; Pandey et al., SIGMOD 2024): Matías, María, Terrón-Díaz, Martín.
        (r"Mat\'\ias", "Matías"),
        (r"Mar\'\ia E", "María E"),
        (r"Terr\'on-D\'\iaz", "Terrón-Díaz"),
        (r"Mart\'\in", "Martín"),
        (r"Mart{\'\i}n", "Martín"),
    ],
)
def test_an_accent_on_a_dotless_i_glued_to_the_letters_after_it(source: str, text: str) -> None:
    """``\\'\\i`` is how í is written; glued to the letters after it (``Mat\\'\\ias``), TeX
    would read one command ``\\ias`` and the name lost "ías" ("Mat́"). Under an accent, a
    command ``\\i`` or ``\\j`` followed by letters that is no text symbol is read as the
    dotless letter and those letters."""
    assert to_text(source) == text


@pytest.mark.parametrize(
    ("source", "text"),
    [
        (r"{\a'E}ric", "Éric"),  # a PsycINFO record of the Canadian Journal of Behavioural Science
        (r"\a`a la carte", "à la carte"),
        (r"\a=o", "ō"),
    ],
)
def test_latexs_symbol_accents_under_their_other_name(source: str, text: str) -> None:
    """LaTeX names its symbol accents ``\\a'``, ``\\a```, ``\\a=`` too (for tabbing, where
    ``\\'`` is taken); they accent the letter as ``\\'`` does. We printed "’Eric"."""
    assert to_text(source) == text


@pytest.mark.parametrize(
    ("source", "text"),
    [
        (r"http://www.cs.example.edu/\~{}user/", "http://www.cs.example.edu/~user/"),
        (r"rate O (1/k\^{} 2)", "rate O (1/k^ 2)"),  # a Google Scholar export
        (r"a\~{ }b", "a~b"),
        (r"{\'{}}", "\u00b4"),
        (r"\"{}", "\u00a8"),
        (r"\v{}", "\u02c7"),
        (r"x\d{}", "x\u00a0\u0323"),  # no spacing clone: the mark on a no-break space
    ],
)
def test_an_accent_on_nothing_is_the_accent_alone(source: str, text: str) -> None:
    """LaTeX prints an accent whose argument is empty as the accent alone: ``\\~{}`` is how
    BibTeX files write a tilde in a web address. It was a combining mark that fell on the
    character before it ("/̃user", "k̂"). Each becomes its spacing clone in Unicode; pandoc
    3.9 reads ``\\~{}`` and ``\\^{}`` as "~" and "^" too."""
    assert to_text(source) == text


# Malformed math and accents: unclosed formulas, stray \a, a formula as an accent's argument.
_MATH_PIECES = st.sampled_from(
    [
        "$",
        "$$",
        "\\(",
        "\\)",
        "\\a",
        "'",
        "`",
        "=",
        "<",
        ">",
        " ",
        "x",
        "{",
        "}",
        "^",
        "_",
        "\\leq",
        "\\'",
    ]
)


_FORMULA_PIECES = st.sampled_from(["<", ">", "=", " ", "x", "1", "^", "_", "\\leq", "\\times"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_MATH_PIECES, max_size=14).map("".join))
def test_malformed_math_and_accents_read_without_error_or_empty_run(source: str) -> None:
    """Any mix of formula delimiters, relations and accent commands is read: no error and no
    run without text."""
    assert all(run.text for run in parse(source))


@settings(max_examples=300, deadline=None)
@given(st.lists(_FORMULA_PIECES, max_size=10).map("".join))
def test_a_formula_takes_no_space_at_either_end(formula: str) -> None:
    """Between two letters, a formula's text neither starts nor ends with a space (TeX
    spaces a relation or operator between two atoms only)."""
    text = "".join(run.text for run in parse(f"a${formula}$b"))
    assert not text.startswith("a ") and not text.endswith(" b"), text
