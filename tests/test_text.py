"""Text cleanup: folding, math splitting, entities, furniture, URLs, inline markup."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bibexport.model import Name, Record, SourceSpan, Venue
from bibexport.text import (
    clean_abstract,
    clean_plain,
    clean_records,
    clean_rich,
    clean_title,
    decode_entities,
    fold_ascii,
    normalize_whitespace,
    repair_urls,
    split_math,
    strip_furniture,
    strip_markup,
    suspect_urls,
)


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        pytest.param("Gaël Varoquaux", "Gael Varoquaux", id="diaeresis"),
        pytest.param("Straße", "Strasse", id="sharp-s"),
        pytest.param("Łojasiewicz", "Lojasiewicz", id="l-stroke"),
        pytest.param("Søren Ærø", "Soren AEro", id="o-slash-ae"),
        pytest.param("Œuvre", "OEuvre", id="oe-ligature"),
        pytest.param("Erdős Pál", "Erdos Pal", id="double-acute"),
        pytest.param("Ðorđević", "Dordevic", id="d-stroke"),
        pytest.param("“quoted” – dash—", '"quoted" - dash-', id="punctuation"),
        pytest.param("e\u0301cole", "ecole", id="decomposed"),
        pytest.param("马毅", "马毅", id="no-ascii-form-kept"),
        pytest.param("ﬁnite", "finite", id="fi-ligature"),
    ],
)
def test_fold_ascii(raw: str, folded: str) -> None:
    assert fold_ascii(raw) == folded


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        pytest.param("no math", [(False, "no math")], id="none"),
        pytest.param("a $x$ b", [(False, "a "), (True, "$x$"), (False, " b")], id="inline"),
        pytest.param("$$\\int f$$", [(True, "$$\\int f$$")], id="display"),
        pytest.param("costs $5 and $10", [(False, "costs $5 and $10")], id="currency"),
        pytest.param("\\$5 and $y$", [(False, "\\$5 and "), (True, "$y$")], id="escaped-dollar"),
        pytest.param("$a \\$ b$", [(True, "$a \\$ b$")], id="escaped-inside-math"),
        pytest.param("open $x never closed", [(False, "open $x never closed")], id="unclosed"),
        pytest.param(
            "$\\widetilde{\\mathcal O}(d/\\sqrt{\\varepsilon})$ steps",
            [(True, "$\\widetilde{\\mathcal O}(d/\\sqrt{\\varepsilon})$"), (False, " steps")],
            id="sample-math",
        ),
    ],
)
def test_split_math(text: str, parts: list[tuple[bool, str]]) -> None:
    assert split_math(text) == parts


@given(st.text())
def test_split_math_joins_back(text: str) -> None:
    assert "".join(segment for _, segment in split_math(text)) == text


@pytest.mark.parametrize(
    ("rich", "plain"),
    [
        pytest.param("a <i>b</i> c", "a b c", id="italic"),
        pytest.param('<span class="nocase">ProxDM</span>', "ProxDM", id="nocase"),
        pytest.param("x<sup>2</sup> and <b>y</b>", "x2 and y", id="sup-bold"),
        pytest.param("$a <i> b$ and <i>c</i>", "$a <i> b$ and c", id="math-kept"),
        pytest.param("1 < 2 > 0", "1 < 2 > 0", id="not-a-tag"),
    ],
)
def test_strip_markup(rich: str, plain: str) -> None:
    assert strip_markup(rich) == plain


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        pytest.param("  a \u00a0 b\u2009c\n\td  ", "a b c d", id="odd-spaces"),
        pytest.param("zero\u200bwidth soft\u00adhyphen", "zerowidth softhyphen", id="invisible"),
        pytest.param("", "", id="empty"),
    ],
)
def test_normalize_whitespace(raw: str, clean: str) -> None:
    assert normalize_whitespace(raw) == clean


@pytest.mark.parametrize(
    ("raw", "decoded"),
    [
        pytest.param("&copy JMLR", "© JMLR", id="no-semicolon"),
        pytest.param("R&amp;D", "R&D", id="amp"),
        pytest.param("&amp;amp;", "&", id="double-encoded"),
        pytest.param("&#233;t&eacute;", "été", id="numeric-and-named"),
        pytest.param("AT&T", "AT&T", id="bare-ampersand"),
        pytest.param(
            "https://openreview.net/forum?id=a&noteId=b&param=c&copy=d",
            "https://openreview.net/forum?id=a&noteId=b&param=c&copy=d",
            id="url-query-kept",
        ),
        pytest.param("x &amp;notin; y", "x ∉ y", id="double-encoded-named"),
    ],
)
def test_decode_entities(raw: str, decoded: str) -> None:
    assert decode_entities(raw) == decoded


@pytest.mark.parametrize(
    ("raw", "repaired"),
    [
        pytest.param(
            "Code is at https: //github. com/Ma-Lab-Berkeley/CRATE.",
            "Code is at https://github.com/Ma-Lab-Berkeley/CRATE.",
            id="sample-crate",
        ),
        pytest.param(
            "at https: //github. com/DruvPai/diffusion mem gen.",
            "at https://github.com/DruvPai/diffusion mem gen.",
            id="lost-underscores-not-guessed",
        ),
        pytest.param(
            "see https: //www. cs. cmu. edu/~me/x. Then we",
            "see https://www.cs.cmu.edu/~me/x. Then we",
            id="several-labels",
        ),
        pytest.param("at https://example.com. We", "at https://example.com. We", id="sentence-end"),
        pytest.param(
            "at https: //openreview. net. the rest",
            "at https://openreview.net. the rest",
            id="tld-then-prose",
        ),
        pytest.param("HTTP: / / x.org/a", "HTTP://x.org/a", id="spaced-scheme"),
        pytest.param("see http:// x.org/a", "see http://x.org/a", id="space-after-slashes"),
        pytest.param("a: //b and nothttp: //c", "a: //b and nothttp: //c", id="no-scheme"),
        pytest.param("www. example. com/x", "www.example.com/x", id="www-without-scheme"),
        pytest.param("w. r. t. the KL", "w. r. t. the KL", id="abbreviation-untouched"),
        pytest.param(
            "https: //arxiv. org/abs/2301. 01234",
            "https://arxiv.org/abs/2301. 01234",
            id="path-not-joined",
        ),
    ],
)
def test_repair_urls(raw: str, repaired: str) -> None:
    assert repair_urls(raw) == repaired


@pytest.mark.parametrize(
    ("text", "found"),
    [
        pytest.param(
            "Code is at https://github.com/DruvPai/diffusion mem gen.",
            ["https://github.com/DruvPai/diffusion mem gen"],
            id="lost-underscores",
        ),
        pytest.param("Code is at https://github.com/Ma-Lab-Berkeley/CRATE.", [], id="clean"),
        pytest.param("See https://x.org/a for the code and more.", [], id="prose-continues"),
    ],
)
def test_suspect_urls(text: str, found: list[str]) -> None:
    assert suspect_urls(text) == found


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        pytest.param(
            "the end. [abs] [ pdf ][ bib ] [ code ] &copy JMLR 2024. ( edit, beta )",
            "the end.",
            id="jmlr-sample-form",
        ),
        pytest.param("the end. [abs][pdf][bib]", "the end.", id="links-only"),
        pytest.param("the end. © JMLR 2019.", "the end.", id="copyright-only"),
        pytest.param("the end. (edit, beta)", "the end.", id="actions-only"),
        pytest.param("the end. (beta, edit)", "the end.", id="actions-reordered"),
        pytest.param("a prior on the rate (beta)", "a prior on the rate (beta)", id="beta-kept"),
        pytest.param("the end. [ pdf ] [ bib ] ©JMLR 2021. (edit)", "the end.", id="variation"),
        pytest.param(
            "the end. Copyright © 2021 Elsevier Ltd. All rights reserved.",
            "the end.",
            id="publisher-notice",
        ),
        pytest.param("as shown in [12]", "as shown in [12]", id="citation-kept"),
        pytest.param("we call it [ours]", "we call it [ours]", id="unknown-bracket-kept"),
        pytest.param(
            "issues such as copyright infringement in 2020.",
            "issues such as copyright infringement in 2020.",
            id="copyright-word-kept",
        ),
        pytest.param(
            "(a) foo and (c) bar in 2021 runs.",
            "(a) foo and (c) bar in 2021 runs.",
            id="enumeration-kept",
        ),
        pytest.param("Abstract: We study x.", "We study x.", id="abstract-label"),
        pytest.param("Abstract algebra is old.", "Abstract algebra is old.", id="abstract-word"),
    ],
)
def test_strip_furniture(raw: str, clean: str) -> None:
    assert strip_furniture(decode_entities(raw)) == clean


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        pytest.param(
            "in _proximal matching_ we", "in <i>proximal matching</i> we", id="underscore"
        ),
        pytest.param("a *learned network* b", "a <i>learned network</i> b", id="star"),
        pytest.param("a **strong** b", "a <b>strong</b> b", id="bold"),
        pytest.param("snake_case_name", "snake_case_name", id="snake-case"),
        pytest.param("2*3*4 and x * y * z", "2*3*4 and x * y * z", id="multiplication"),
        pytest.param(
            "models (`ProxDM`).", 'models (<span class="nocase">ProxDM</span>).', id="code-span"
        ),
        pytest.param("`a_b_c_`", '<span class="nocase">a_b_c_</span>', id="code-protects"),
        pytest.param("score---the gradient---allows", "score—the gradient—allows", id="em-dash"),
        pytest.param(
            "pages 1--10 and Kullback--Leibler", "pages 1–10 and Kullback–Leibler", id="en"
        ),
        pytest.param("a -- b", "a – b", id="spaced-en-dash"),
        pytest.param("use --verbose or ----", "use --verbose or ----", id="flags-and-rules"),
        pytest.param("``laboratory''", "“laboratory”", id="tex-quotes"),
        pytest.param("a “laboratory” b", "a “laboratory” b", id="curly-quotes-kept"),
        pytest.param(
            "$a_1 -- b_2$ and $x---y$ and $*z*$",
            "$a_1 -- b_2$ and $x---y$ and $*z*$",
            id="math-untouched",
        ),
        pytest.param(
            "$\\widetilde{\\mathcal O}(d/\\sqrt{\\varepsilon})$ steps",
            "$\\widetilde{\\mathcal O}(d/\\sqrt{\\varepsilon})$ steps",
            id="sample-math",
        ),
        pytest.param("https://x.org/_a_/b--c", "https://x.org/_a_/b--c", id="url-untouched"),
        pytest.param("<i>kept</i> as is", "<i>kept</i> as is", id="existing-markup"),
        pytest.param("~30% of", "~30% of", id="tilde-kept"),
        pytest.param(
            "<jats:title>Abstract</jats:title>"
            "<jats:p>We <jats:italic>show</jats:italic> it.</jats:p>",
            "We <i>show</i> it.",
            id="jats",
        ),
        pytest.param(
            "<p>A <em>b</em><br/>c <strong>d</strong></p>", "A <i>b</i> c <b>d</b>", id="html"
        ),
        pytest.param(
            'H<sub>2</sub>O <i class="x">y</i>', "H<sub>2</sub>O <i>y</i>", id="attributes"
        ),
        pytest.param("if x <b and y> c then", "if x <b and y> c then", id="inequality-not-a-tag"),
        pytest.param("e\u0301cole&nbsp;normale", "école normale", id="nfc-and-nbsp"),
    ],
)
def test_clean_rich(raw: str, clean: str) -> None:
    assert clean_rich(raw) == clean


def test_titles_are_not_recased_or_stripped_of_brackets() -> None:
    title = "What's in a Prior? CRATE-MAE: $\\ell_1$ [and] More"
    assert clean_title(title) == title


def test_abstract_sample_tail() -> None:
    raw = (
        "We study it. Code is at https: //github. com/Ma-Lab-Berkeley/CRATE. "
        "[abs] [ pdf ][ bib ] [ code ] &copy JMLR 2024. ( edit, beta )"
    )
    assert (
        clean_abstract(raw) == "We study it. Code is at https://github.com/Ma-Lab-Berkeley/CRATE."
    )


def _record(**fields: object) -> Record:
    return Record(type="article", source=SourceSpan("page.txt", 3), **fields)  # type: ignore[arg-type]


def test_clean_records_cleans_every_string_field() -> None:
    record = _record(
        title="A\u00a0Title &amp; _More_",
        abstract="Text. [abs][pdf] &copy JMLR 2020.",
        publisher="  Curran\tAssociates ",
        keywords=(" deep  learning ", "  "),
        venue=Venue(raw="NeurIPS\u00a0 "),
        authors=(Name(family="Ma", given="Yi"),),
    )
    records, diagnostics = clean_records([record])
    (cleaned,) = records
    assert cleaned.title == "A Title & <i>More</i>"
    assert cleaned.abstract == "Text."
    assert cleaned.publisher == "Curran Associates"
    assert cleaned.keywords == ("deep learning",)
    assert cleaned.venue == Venue(raw="NeurIPS")
    assert cleaned.authors == record.authors
    assert diagnostics == []


def test_clean_records_repairs_a_repository_url_that_lost_underscores() -> None:
    record = _record(abstract="Code: https: //github. com/DruvPai/diffusion mem gen.")
    records, diagnostics = clean_records([record])
    assert records[0].abstract == "Code: https://github.com/DruvPai/diffusion_mem_gen."
    assert [(d.severity, d.code) for d in diagnostics] == [("info", "url-repaired")]
    assert diagnostics[0].source == SourceSpan("page.txt", 3)
    assert "diffusion_mem_gen" in diagnostics[0].message


def test_clean_records_reports_suspect_url_at_the_record() -> None:
    record = _record(abstract="Data: https: //example. org/sets/mem gen.")
    records, diagnostics = clean_records([record])
    assert records[0].abstract == "Data: https://example.org/sets/mem gen."
    assert [d.code for d in diagnostics] == ["url-suspect"]
    assert diagnostics[0].source == SourceSpan("page.txt", 3)
    assert "mem gen" in diagnostics[0].message


_PIECES = [
    *"ab xyZ.,:;-_*`$\\'\"[](){}<>/&#©~",
    *("\u00a0", "\n", "é", "e\u0301", "—", "“", "https: //", "www. ", "github. com", " com/"),
    *("&copy", "&amp;", "[ pdf ]", "2024", "(edit, beta)", "<i>", "</i>", "``", "''", "_*a*_"),
    *('<span class="nocase">', "</span>", "<p>", "</p>", "<em>", "</jats:italic>", "<br/>"),
]
_prose = st.lists(
    st.sampled_from(_PIECES),
    max_size=40,
).map("".join)


@settings(max_examples=400)
@given(st.one_of(_prose, st.text(max_size=80)))
@example("&amp;lt;")
@example("*a* *b")
@example("[pdf] \u200b")
def test_cleanup_is_idempotent(text: str) -> None:
    for clean in (clean_title, clean_abstract, clean_plain, normalize_whitespace, repair_urls):
        once = clean(text)
        assert clean(once) == once, clean.__name__


@settings(max_examples=200)
@given(_prose)
def test_clean_rich_keeps_math_verbatim(text: str) -> None:
    plain = normalize_whitespace(decode_entities(unicodedata.normalize("NFC", text)))
    math = [seg for is_math, seg in split_math(plain) if is_math]
    cleaned = clean_abstract(text)
    for segment in math:
        assert segment in cleaned


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Code is at https://github.com/DruvPai/diffusion mem gen.",
            "Code is at https://github.com/DruvPai/diffusion_mem_gen.",
            id="sample-shape",
        ),
        pytest.param(
            "Models: https://huggingface.co/org/tiny llama",
            "Models: https://huggingface.co/org/tiny_llama",
            id="no-final-period",
        ),
        pytest.param(
            "Code at https://github.com/x/y.", "Code at https://github.com/x/y.", id="whole"
        ),
        pytest.param(
            "See https://github.com/x/y for more.",
            "See https://github.com/x/y for more.",
            id="prose-follows",
        ),
        pytest.param(
            "Code: https://example.com/a b.",
            "Code: https://example.com/a b.",
            id="not-a-repository-host",
        ),
        pytest.param(
            "At https://github.com/o/r a b c d.",
            "At https://github.com/o/r a b c d.",
            id="too-many-words",
        ),
        pytest.param(
            "At https://github.com/o/r x. More text follows.",
            "At https://github.com/o/r x. More text follows.",
            id="not-at-the-end",
        ),
    ],
)
def test_repair_lost_underscores(text: str, expected: str) -> None:
    from bibexport.text import repair_lost_underscores

    repaired, url = repair_lost_underscores(text)
    assert repaired == expected
    assert (url is None) == (text == expected)
    assert repair_lost_underscores(repaired) == (repaired, None)
