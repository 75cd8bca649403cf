"""Rich text <-> LaTeX (bibexport.latex): tables and round-trip properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bibexport.latex import (
    is_protected_word,
    latex_to_rich,
    latex_to_text,
    latex_to_verbatim,
    needs_case_protection,
    rich_to_latex,
    text_to_latex,
    verbatim_to_latex,
)

NOCASE = '<span class="nocase">'


@pytest.mark.parametrize(
    ("word", "protect"),
    [
        pytest.param("LPN", True, id="acronym"),
        pytest.param("NTK", True, id="acronym-ntk"),
        pytest.param("ProxDM", True, id="mixed-case"),
        pytest.param("CRATE-MAE", True, id="hyphenated-acronyms"),
        pytest.param("GPT2", True, id="acronym-digit"),
        pytest.param("L2", True, id="letter-digit"),
        pytest.param("iPhone", True, id="inner-capital"),
        pytest.param("3D", True, id="digit-capital"),
        pytest.param("Deep", False, id="capitalized"),
        pytest.param("White-Box", False, id="capitalized-compound"),
        pytest.param("What's", False, id="apostrophe"),
        pytest.param("A", False, id="single-capital"),
        pytest.param("networks", False, id="lowercase"),
        pytest.param("Gaël", False, id="diacritic"),
        pytest.param("ÉLAN", True, id="accented-acronym"),
    ],
)
def test_needs_case_protection(word: str, protect: bool) -> None:
    assert needs_case_protection(word) is protect


@pytest.mark.parametrize(
    ("rich", "latex"),
    [
        pytest.param(
            "Beyond Scores: Proximal Diffusion Models",
            "Beyond Scores: Proximal Diffusion Models",
            id="title-case-untouched",
        ),
        pytest.param(
            "Learned Proximal Networks (LPN) for ProxDM",
            "Learned Proximal Networks ({LPN}) for {ProxDM}",
            id="acronyms-braced",
        ),
        pytest.param(
            "Masked Completion via CRATE-MAE",
            "Masked Completion via {CRATE-MAE}",
            id="hyphenated",
        ),
        pytest.param("A $\\mathcal O(d)$ Bound", "A $\\mathcal O(d)$ Bound", id="math-verbatim"),
        pytest.param(
            "50% & #1 in_a {set}",
            "50\\% \\& \\#1 in\\_a \\textbraceleft{}set\\textbraceright{}",
            id="specials",
        ),
        pytest.param("a $x{$ b", "a \\$x\\textbraceleft{}\\$ b", id="unbalanced-math-as-text"),
        pytest.param("$a%b$", "\\$a\\%b\\$", id="math-with-raw-percent-as-text"),
        pytest.param(
            "a~b^c\\d", "a\\textasciitilde{}b\\textasciicircum{}c\\textbackslash{}d", id="tex-chars"
        ),
        pytest.param("x — y – z", "x --- y -- z", id="dashes"),
        pytest.param("a--b ''q'' ``r", "a-{}-b '{}'q'{}' `{}`r", id="literal-ligatures"),
        pytest.param("costs $5 and $10", "costs \\$5 and \\$10", id="dollars-not-math"),
        pytest.param("<i>White-Box</i> <b>B</b>", "\\textit{White-Box} \\textbf{B}", id="markup"),
        pytest.param(
            "H<sub>2</sub>O x<sup>2</sup>",
            "H\\textsubscript{2}O x\\textsuperscript{2}",
            id="sub-sup",
        ),
        pytest.param(f"{NOCASE}Deep Nets</span>", "{Deep Nets}", id="nocase"),
        pytest.param(f"{NOCASE}LPN</span>", "{{LPN}}", id="nocase-of-protected-word"),
        pytest.param(f"{NOCASE}#1</span>", "{{}\\#1}", id="nocase-starting-with-escape"),
        pytest.param("a–-b", "a--{}-b", id="en-dash-then-hyphen"),
        pytest.param("<i>unclosed", "<i>unclosed", id="unclosed-tag-literal"),
        pytest.param("Gaël Varoquaux", "Gaël Varoquaux", id="utf8-kept"),
        pytest.param("a\u00a0b", "a~b", id="nbsp"),
    ],
)
def test_rich_to_latex_title(rich: str, latex: str) -> None:
    assert rich_to_latex(rich, title=True) == latex


def test_non_title_fields_get_no_case_braces() -> None:
    assert rich_to_latex("We use LPN and ProxDM.") == "We use LPN and ProxDM."


@pytest.mark.parametrize(
    ("latex", "rich"),
    [
        pytest.param('{\\"o}', "ö", id="braced-umlaut"),
        pytest.param('\\"{o}', "ö", id="umlaut-arg"),
        pytest.param("\\'e", "é", id="acute"),
        pytest.param("\\c{c}", "ç", id="cedilla"),
        pytest.param("\\c c", "ç", id="cedilla-space"),
        pytest.param("\\v{s}", "š", id="caron"),
        pytest.param("\\'\\i", "í", id="dotless-i"),
        pytest.param("\\ss", "ß", id="eszett"),
        pytest.param("\\o{} and \\O", "ø and Ø", id="slashed-o"),
        pytest.param("\\L{}ojasiewicz", "Łojasiewicz", id="l-stroke"),
        pytest.param("a--b", "a–b", id="en-dash"),
        pytest.param("a---b", "a—b", id="em-dash"),
        pytest.param("``q''", "“q”", id="tex-quotes"),
        pytest.param("\\& \\% \\$ \\# \\_", "& % $ # _", id="escaped-specials"),
        pytest.param("\\textit{x} \\emph{y}", "<i>x</i> <i>y</i>", id="italic-commands"),
        pytest.param("{\\em z w}", "<i>z w</i>", id="em-switch"),
        pytest.param("{\\bf B}", "<b>B</b>", id="bf-switch"),
        pytest.param("\\textbf{b}", "<b>b</b>", id="bold"),
        pytest.param("$ x^2 $", "$x^2$", id="math-trimmed"),
        pytest.param("\\(y\\)", "$y$", id="paren-math"),
        pytest.param("$\\{a\\}$", "$\\{a\\}$", id="math-verbatim"),
        pytest.param("{ProxDM}", "ProxDM", id="auto-protected-word-unbraced"),
        pytest.param("{CRATE-MAE}", "CRATE-MAE", id="auto-protected-compound"),
        pytest.param("{Deep}", f"{NOCASE}Deep</span>", id="explicit-protection-kept"),
        pytest.param("{Deep Networks}", f"{NOCASE}Deep Networks</span>", id="phrase"),
        pytest.param("{{LPN}}", f"{NOCASE}LPN</span>", id="double-braces-keep-span"),
        pytest.param('{\\"O}zt\\"{u}rk', "Öztürk", id="special-char-group"),
        pytest.param("\\noopsort{1}First", "First", id="noopsort"),
        pytest.param("a\n   b", "a b", id="whitespace"),
        pytest.param("a}b", "ab", id="unbalanced-close"),
        pytest.param("\\url{http://x.org/a\\_b}", "http://x.org/a_b", id="url-command"),
        pytest.param("\\unknown{kept}", "kept", id="unknown-command"),
    ],
)
def test_latex_to_rich_title(latex: str, rich: str) -> None:
    assert latex_to_rich(latex, title=True) == rich


def test_plain_text_drops_markup_and_protection() -> None:
    assert latex_to_text('{IEEE} \\textit{Trans.} on {\\"O}') == "IEEE Trans. on Ö"


def test_verbatim_fields() -> None:
    assert latex_to_verbatim("https://x.org/a\\_b\\%20c") == "https://x.org/a_b%20c"
    assert verbatim_to_latex("https://x.org/a_b%20c") == "https://x.org/a_b%20c"
    assert verbatim_to_latex("http://x.org/{a}") == "http://x.org/%7Ba%7D"


def test_plain_text_escapes_specials() -> None:
    assert text_to_latex("Science & Society_2 — 50%") == "Science \\& Society\\_2 --- 50\\%"


# --- properties -------------------------------------------------------------------

_WORD = st.sampled_from(
    [
        "Deep",
        "networks",
        "LPN",
        "ProxDM",
        "CRATE-MAE",
        "GPT2",
        "What's",
        "Gaël",
        "Łojasiewicz",
        "on",
        "the",
        "$x^2$",
        "$\\mathcal{O}(d)$",
        "50%",
        "&",
        "#1",
        "a_b",
        "{x}",
        "~",
        "^",
        "\\",
        "—",
        "–",
        "--",
        "''",
        "``",
        "costs",
        "$5",
        "x\u00a0y",
        "<i>it</i>",
        "<b>bold</b>",
        "H<sub>2</sub>O",
        "x<sup>2</sup>",
        '<span class="nocase">iPhone</span>',
        '<span class="nocase">LPN</span>',
        '<span class="nocase">Keep This</span>',
        "<i>LPN</i>",
        "Straße",
        "Øresund",
        "é",
        "A",
        "I",
        "3D",
        "White-Box",
        "<",
        ">",
        '"',
        "@",
        "e.g.",
    ]
)
RICH = st.lists(_WORD, min_size=1, max_size=12).map(" ".join)


def _braces_balanced(latex: str) -> bool:
    """Balanced as BibTeX counts braces: every brace counts, escaped or not."""
    depth = 0
    for ch in latex:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


@settings(max_examples=400, deadline=None)
@given(RICH, st.booleans())
def test_round_trip_rich(rich: str, title: bool) -> None:
    latex = rich_to_latex(rich, title=title)
    assert _braces_balanced(latex)
    assert latex_to_rich(latex, title=title) == rich


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_text_gives_balanced_latex(text: str) -> None:
    assert _braces_balanced(rich_to_latex(text, title=True))
    assert _braces_balanced(text_to_latex(text))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_reader_never_raises(latex: str) -> None:
    assert isinstance(latex_to_rich(latex, title=True), str)
    assert isinstance(latex_to_text(latex), str)


def test_protected_word_check_matches_writer() -> None:
    assert is_protected_word("ProxDM")
    assert not is_protected_word("Two Words")
    assert not is_protected_word("Deep")


def test_deeply_nested_braces_do_not_crash() -> None:
    assert latex_to_rich("{" * 5000 + "x" + "}" * 5000, title=True) == "x"
