"""The citation writer: layout per markup, highlight, grouping, sorting, numbering, math."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bibexport.cite_highlight import find_people, is_person, parse_target
from bibexport.cite_math import math_to_unicode, render_math_in
from bibexport.cite_render import (
    Span,
    latex_escape,
    mark_math,
    mark_urls,
    parse_fragment,
    plain,
    to_html,
    to_latex,
    to_markdown,
    to_text,
)
from bibexport.errors import BibexportError, UsageError
from bibexport.formats.citation import write
from bibexport.model import Name, PartialDate, Record, Venue
from bibexport.registry import WriteOptions

SAM = Name("Buchanan", "Sam")


def paper(key: str, year: int | None, kind: str = "paper-conference", **fields: object) -> Record:
    """A small record with Sam Buchanan among its authors."""
    venue = fields.pop("venue", Venue(id="neurips", name="NeurIPS", short="NeurIPS"))
    return Record(
        type=kind,
        key=key,
        title=str(fields.pop("title", f"Paper {key}")),
        authors=tuple(fields.pop("authors", (Name("Pai", "Druv"), SAM))),  # type: ignore[arg-type]
        issued=PartialDate(year) if year else None,
        container_title=str(
            fields.pop("container_title", "Advances in Neural Information Processing Systems")
        ),
        venue=venue,  # type: ignore[arg-type]
        **fields,  # type: ignore[arg-type]
    )


RECORDS = (
    paper("a2023", 2023, title="Alpha results"),
    paper(
        "b2025",
        2025,
        kind="article-journal",
        title="Beta theory",
        container_title="Journal of Machine Learning Research",
        venue=Venue(id="jmlr", name="Journal of Machine Learning Research", short="JMLR"),
        volume="26",
    ),
    paper("c2024", 2024, title="Gamma methods", selected=True),
    paper(
        "d2024",
        2024,
        kind="article",
        title="Delta preprint",
        container_title="",
        venue=None,
        archive="arXiv",
        number="2401.00001",
    ),
    paper("e2025", 2025, title="Epsilon bounds", selected=True),
)


def cite(records=RECORDS, **options: object) -> str:
    return write(list(records), WriteOptions(**options))  # type: ignore[arg-type]


# ---------------------------------------------------------------- math


@pytest.mark.parametrize(
    ("formula", "readable"),
    [
        pytest.param(r"\varepsilon", "ε", id="greek"),
        pytest.param(r"\sqrt{x}", "√x", id="sqrt-single"),
        pytest.param(r"\sqrt{n+1}", "√(n+1)", id="sqrt-group"),
        pytest.param(r"O(n^2)", "O(n²)", id="superscript"),
        pytest.param(r"x_{ij}", "xᵢⱼ", id="subscript"),
        pytest.param(r"\mathbb{R}^d", "ℝᵈ", id="blackboard"),
        pytest.param(r"\mathcal{O}(1/\epsilon^2)", "𝒪(1/ϵ²)", id="calligraphic"),
        pytest.param(r"\frac{1}{2}", "1/2", id="fraction"),
        pytest.param(r"n \log n", "n log n", id="function"),
        pytest.param(r"\ell_1", "ℓ₁", id="ell"),
        pytest.param(r"\widetilde{O}(d)", "Õ(d)", id="accent"),
        pytest.param(r"\mathrm{KL}(p \| q)", "KL(p ‖ q)", id="roman-and-norm"),
        pytest.param(r"2^{x^2}", "2^(x²)", id="nested-script"),
    ],
)
def test_math_to_unicode(formula: str, readable: str) -> None:
    assert math_to_unicode(formula) == readable


@pytest.mark.parametrize(
    "formula",
    [
        pytest.param(r"\unknowncommand{x}", id="unknown-command"),
        pytest.param(r"\frac{1}", id="missing-argument"),
        pytest.param(r"x^", id="dangling-script"),
        pytest.param(r"{x", id="unbalanced"),
        pytest.param(r"\begin{matrix}a\end{matrix}", id="environment"),
    ],
)
def test_math_left_alone_when_unsure(formula: str) -> None:
    assert math_to_unicode(formula) is None
    assert render_math_in(f"see ${formula}$ here") == f"see ${formula}$ here"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("costs $5 and $10", id="prices"),
        pytest.param("a $ b $ c", id="spaced-dollars"),
        pytest.param(r"cost \$3 and \$4", id="escaped"),
    ],
)
def test_dollars_that_are_not_math_are_kept(text: str) -> None:
    assert render_math_in(text) == text


@given(st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_math_never_crashes(formula: str) -> None:
    result = math_to_unicode(formula)
    assert result is None or isinstance(result, str)


# ---------------------------------------------------------------- highlight


@pytest.mark.parametrize(
    ("author", "target", "expected"),
    [
        pytest.param(SAM, "Sam Buchanan", True, id="full"),
        pytest.param(SAM, "S. Buchanan", True, id="initial"),
        pytest.param(SAM, "Buchanan, S.", True, id="inverted-initial"),
        pytest.param(SAM, "buchanan, sam", True, id="lowercase"),
        pytest.param(SAM, "Buchanan", True, id="family-only"),
        pytest.param(SAM, "T. Buchanan", False, id="other-initial"),
        pytest.param(SAM, "Samuel Buchanan", False, id="other-given"),
        pytest.param(SAM, "Sam Buchan", False, id="other-family"),
        pytest.param(Name("Ma", "Yi", homonym="0001"), "Yi Ma 0001", True, id="homonym-number"),
        pytest.param(Name("Ma", "Yi"), "Yi Ma 0001", True, id="homonym-in-target-only"),
        pytest.param(Name("Varoquaux", "Gaël"), "Gael Varoquaux", True, id="diacritics-folded"),
        pytest.param(Name("Varoquaux", "Gael"), "Gaël Varoquaux", True, id="diacritics-in-target"),
        pytest.param(
            Name("De Bortoli", "Valentin"), "Valentin De Bortoli", True, id="capital-particle"
        ),
        pytest.param(
            Name("De Bortoli", "Valentin"), "De Bortoli, V.", True, id="capital-particle-inverted"
        ),
        pytest.param(
            Name("Maaten", "Laurens", particle="van der"),
            "Laurens van der Maaten",
            True,
            id="particle",
        ),
        pytest.param(
            Name("Maaten", "Laurens", particle="van der"), "Maaten, L.", True, id="bare-family"
        ),
        pytest.param(Name("Dupont", "Jean-Pierre"), "J.-P. Dupont", True, id="hyphenated-initials"),
        pytest.param(Name(literal="OpenAI"), "OpenAI", True, id="literal"),
    ],
)
def test_is_person(author: Name, target: str, expected: bool) -> None:
    assert is_person(author, parse_target(target)) is expected


@pytest.mark.parametrize(
    ("author", "text", "found"),
    [
        pytest.param(SAM, "Pai, D., Buchanan, S., & Ma, Y. (2024).", ["Buchanan, S."], id="apa"),
        pytest.param(SAM, "D. Pai, S. Buchanan, and Y. Ma,", ["S. Buchanan"], id="ieee"),
        pytest.param(SAM, "Pai D, Buchanan S, Ma Y.", ["Buchanan S"], id="vancouver"),
        pytest.param(SAM, "PAI, D.; BUCHANAN, S.", ["BUCHANAN, S."], id="uppercase"),
        pytest.param(SAM, "Druv Pai and Sam Buchanan.", ["Sam Buchanan"], id="full-names"),
        pytest.param(SAM, "Buchanan, Sam, and Druv Pai.", ["Buchanan, Sam"], id="mla"),
        pytest.param(SAM, "S. Buchanan, S. Tong", ["S. Buchanan"], id="next-author-same-initial"),
        pytest.param(
            SAM, "Buchanan, S., Tong, S.", ["Buchanan, S."], id="inverted-then-same-initial"
        ),
        pytest.param(SAM, "S. Buchanans and T. Buchanan", [], id="no-partial-words"),
        pytest.param(
            Name("Maaten", "Laurens", particle="van der"),
            "Maaten, L. van der, & Hinton, G.",
            ["Maaten, L. van der"],
            id="demoted-particle",
        ),
        pytest.param(
            Name("Maaten", "Laurens", particle="van der"),
            "L. van der Maaten and G. Hinton",
            ["L. van der Maaten"],
            id="particle-given-first",
        ),
        pytest.param(
            Name("Dupont", "Jean-Pierre"),
            "Dupont, J.-P., & Roy, A.",
            ["Dupont, J.-P."],
            id="hyphen",
        ),
        pytest.param(
            Name("Dupont", "Jean-Pierre"), "Dupont JP, Roy A.", ["Dupont JP"], id="run-together"
        ),
        pytest.param(
            Name("Smith", "John", suffix="Jr."),
            "Smith, J., Jr., & Roe, A.",
            ["Smith, J., Jr."],
            id="suffix",
        ),
        pytest.param(
            Name("Varoquaux", "Gaël"),
            "G. Varoquaux and A. Gramfort",
            ["G. Varoquaux"],
            id="diacritics",
        ),
    ],
)
def test_find_people(author: Name, text: str, found: list[str]) -> None:
    ranges = find_people(text, [author], [parse_target(author.display())])
    assert [text[start:end] for start, end in ranges] == found


@pytest.mark.parametrize(
    ("author", "target"),
    [
        pytest.param(Name(), ",", id="empty-name-comma-target"),
        pytest.param(Name(given="Sam"), "Sam", id="no-family"),
        pytest.param(SAM, "", id="empty-target"),
        pytest.param(SAM, "0001", id="only-a-homonym-number"),
    ],
)
def test_degenerate_names_match_nothing(author: Name, target: str) -> None:
    assert find_people("Sam, Buchanan, S., x", [author], [parse_target(target)]) == []


def test_highlight_only_the_target() -> None:
    authors = [Name("Pai", "Druv"), SAM]
    ranges = find_people("Pai, D., & Buchanan, S.", authors, [parse_target("Druv Pai")])
    assert ranges == [(0, 7)]


@pytest.mark.parametrize(
    ("markup", "bold"),
    [
        pytest.param("html", "<b>Buchanan, S.</b>", id="html"),
        pytest.param("markdown", "**Buchanan, S.**", id="markdown"),
        pytest.param("latex", r"\textbf{Buchanan, S.}", id="latex"),
    ],
)
def test_highlight_in_every_entry(markup: str, bold: str) -> None:
    output = cite(markup=markup, highlight=("S. Buchanan",))
    assert output.count(bold) == len(RECORDS)


def test_text_is_never_marked_up() -> None:
    output = cite(markup="text", highlight=("Sam Buchanan",))
    assert "Buchanan, S." in output
    assert not re.search(r"[*<\\]", output)


def test_highlight_defaults_to_owner() -> None:
    output = cite(markup="html", extra={"owner": "Druv Pai"})
    assert output.count("<b>Pai, D.</b>") == len(RECORDS)
    assert "<b>Buchanan" not in output


def test_owner_highlight_can_be_switched_off() -> None:
    output = cite(markup="html", extra={"owner": "Druv Pai", "highlight_owner": False})
    assert "<b>" not in output


# ---------------------------------------------------------------- groups, sort, numbers


def headings(output: str) -> list[str]:
    return re.findall(r"^## (.+)$", output, flags=re.M)


def keys(output: str) -> list[str]:
    return [row["key"] for row in json.loads(output)]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        pytest.param({"group_by": "year"}, ["2025", "2024", "2023"], id="year-newest"),
        pytest.param(
            {"group_by": "year", "sort": "oldest"}, ["2023", "2024", "2025"], id="year-oldest"
        ),
        pytest.param(
            {"group_by": "type"}, ["Journal articles", "Conference papers", "Preprints"], id="type"
        ),
        pytest.param(
            {"group_by": "venue"},
            ["Advances in Neural Information Processing Systems", "JMLR", "NeurIPS"][1:]
            and ["arXiv", "JMLR", "NeurIPS"],
            id="venue",
        ),
    ],
)
def test_group_headings(options: dict, expected: list[str]) -> None:
    records = [
        r if r.key != "d2024" else r.with_changes(venue=Venue(short="arXiv")) for r in RECORDS
    ]
    assert headings(cite(records, markup="markdown", **options)) == [
        h.replace("\\", "") for h in expected
    ]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        # APA: same authors, so by year, then by title (Delta before Gamma, Beta before Epsilon).
        pytest.param({}, ["a2023", "d2024", "c2024", "b2025", "e2025"], id="apa-order"),
        # newest/oldest: by date, the style's order among records of the same date.
        pytest.param(
            {"sort": "newest"}, ["b2025", "e2025", "d2024", "c2024", "a2023"], id="newest"
        ),
        pytest.param(
            {"sort": "oldest"}, ["a2023", "d2024", "c2024", "b2025", "e2025"], id="oldest"
        ),
        pytest.param(
            {"group_by": "year"},
            ["b2025", "e2025", "d2024", "c2024", "a2023"],
            id="grouped-default-newest",
        ),
        pytest.param(
            {"group_by": "type"},
            ["b2025", "e2025", "c2024", "a2023", "d2024"],
            id="type-then-newest",
        ),
        pytest.param({"selected": True}, ["c2024", "e2025"], id="selected"),
        pytest.param(
            {"style": "ieee"}, ["a2023", "b2025", "c2024", "d2024", "e2025"], id="ieee-input-order"
        ),
    ],
)
def test_order(options: dict, expected: list[str]) -> None:
    assert keys(cite(markup="json", **options)) == expected


@pytest.mark.parametrize(
    ("options", "numbers"),
    [
        pytest.param({"numbered": True}, [1, 2, 3, 4, 5], id="up"),
        pytest.param({"numbered": True, "reverse_numbering": True}, [5, 4, 3, 2, 1], id="down"),
        pytest.param(
            {"numbered": True, "reverse_numbering": True, "group_by": "year"},
            [5, 4, 3, 2, 1],
            id="down-across-groups",
        ),
        pytest.param({"numbered": True, "selected": True}, [1, 2], id="selected-only"),
    ],
)
def test_numbers(options: dict, numbers: list[int]) -> None:
    rows = json.loads(cite(markup="json", **options))
    assert [row["number"] for row in rows] == numbers


def test_ieee_numbers_follow_the_listed_order() -> None:
    output = cite(markup="text", style="ieee", sort="newest")
    labels = re.findall(r"^\[(\d+)\]", output, flags=re.M)
    assert labels == ["1", "2", "3", "4", "5"]
    assert output.index("Epsilon bounds") < output.index("Alpha results")


def test_numbered_replaces_the_styles_own_label() -> None:
    output = cite(markup="text", style="ieee", numbered=True, reverse_numbering=True)
    assert re.findall(r"^(\d)\. ([A-Z])\. ", output, flags=re.M) == [
        ("5", "D"),
        ("4", "D"),
        ("3", "D"),
        ("2", "D"),
        ("1", "D"),
    ]
    assert "[1]" not in output
    assert "[1]" in cite(markup="text", style="ieee")


def test_numbered_layouts() -> None:
    html = cite(markup="html", numbered=True, reverse_numbering=True)
    assert html.startswith('<ol class="csl-bib-body" reversed>\n')
    assert '<li class="csl-entry" id="ref-a2023" value="5">' in html
    markdown = cite(markup="markdown", numbered=True, reverse_numbering=True)
    assert re.findall(r"^(\d+)\\\. ", markdown, flags=re.M) == ["5", "4", "3", "2", "1"]
    markdown_up = cite(markup="markdown", numbered=True)
    assert re.findall(r"^(\d+)\. ", markdown_up, flags=re.M) == ["1", "2", "3", "4", "5"]
    latex = cite(markup="latex", numbered=True, reverse_numbering=True)
    assert re.findall(r"\\item\[(\d+)\.\]", latex) == ["5", "4", "3", "2", "1"]
    text = cite(markup="text", numbered=True)
    assert re.findall(r"^(\d+)\. ", text, flags=re.M) == ["1", "2", "3", "4", "5"]


def test_nothing_selected_is_an_error() -> None:
    with pytest.raises(UsageError, match="selected"):
        cite([r.with_changes(selected=False) for r in RECORDS], selected=True)


@pytest.mark.parametrize(
    ("option", "value"),
    [
        pytest.param("markup", "rtf", id="markup"),
        pytest.param("group_by", "author", id="group"),
        pytest.param("sort", "random", id="sort"),
    ],
)
def test_bad_options_are_usage_errors(option: str, value: str) -> None:
    with pytest.raises(UsageError, match=value):
        cite(**{option: value})


@pytest.mark.parametrize("locale", ["en-GB", "de-DE", "fr", "pt-BR"])
def test_known_locales(locale: str) -> None:
    assert "Alpha results" in cite(locale=locale)


def test_unknown_locale_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown locale 'en-XX'; did you mean"):
        cite(locale="en-XX")


def test_text_superscripts_and_subscripts() -> None:
    record = paper("h2o", 2024, title="H<sub>2</sub>O at 10<sup>6</sup> and x<sup>*</sup>")
    text = cite([record], style="apa", markup="text")
    assert "H₂O at 10⁶ and x*" in text


def test_unknown_style_is_a_clear_error() -> None:
    with pytest.raises(BibexportError, match="no-such-style"):
        cite(style="no-such-style")


# ---------------------------------------------------------------- documents


def test_html_fragment_and_standalone() -> None:
    fragment = cite(markup="html", highlight=("Sam Buchanan",))
    assert fragment.startswith('<div class="csl-bib-body">\n  <div class="csl-entry" id="ref-')
    assert "<html" not in fragment
    document = cite(markup="html", standalone=True, highlight=("Sam Buchanan",))
    assert document.startswith(
        '<!DOCTYPE html>\n<html lang="en-US">\n<head>\n<meta charset="utf-8">'
    )
    assert "<title>Publications of Sam Buchanan</title>" in document
    assert document.endswith("</body>\n</html>\n")
    assert fragment.strip() in document


def test_markdown_standalone_has_front_matter() -> None:
    document = cite(markup="markdown", standalone=True, highlight=("Sam Buchanan",))
    assert document.startswith('---\ntitle: "Publications of Sam Buchanan"\nlang: "en-US"\n---\n\n')
    assert not cite(markup="markdown").startswith("---")


def test_latex_standalone_is_a_document() -> None:
    document = cite(markup="latex", standalone=True)
    assert document.startswith("\\documentclass{article}\n")
    assert document.rstrip().endswith("\\end{document}")
    assert document.count("\\begin{itemize}") == 1


def test_json_fields() -> None:
    rows = json.loads(cite(markup="json", group_by="type"))
    assert set(rows[0]) >= {"key", "text", "html", "markdown", "year", "type", "venue", "group"}
    by_key = {row["key"]: row for row in rows}
    assert by_key["b2025"]["venue"] == "JMLR"
    assert by_key["b2025"]["year"] == 2025
    assert by_key["b2025"]["type"] == "article-journal"
    assert by_key["d2024"]["group"] == "Preprints"
    assert "<i>" in by_key["b2025"]["html"]
    assert "<" not in by_key["b2025"]["text"]


@pytest.mark.parametrize("markup", ["text", "html", "markdown", "latex", "json"])
def test_deterministic_and_newline_terminated(markup: str) -> None:
    first = cite(markup=markup, group_by="year", numbered=True)
    assert first == cite(markup=markup, group_by="year", numbered=True)
    assert first.endswith("\n") and not first.endswith("\n\n")


# ---------------------------------------------------------------- rich text per markup

TRICKY = paper(
    "t2024",
    2024,
    title=(
        r"Learning *sparse* codes_with_underscores in $O(\sqrt{n})$ time "
        "for <i>E. coli</i> & 100% of #tags"
    ),
    url="https://example.org/a_b?x=1#frag",
)


def test_rich_title_per_markup() -> None:
    text = cite([TRICKY], markup="text")
    assert "O(√n)" in text and "*sparse* codes_with_underscores" in text
    markdown = cite([TRICKY], markup="markdown")
    assert r"\*sparse\* codes\_with\_underscores" in markdown
    assert r"$O(\sqrt{n})$" in markdown
    assert "*E. coli*" in markdown
    assert r"100% of \#tags" in markdown
    latex = cite([TRICKY], markup="latex")
    assert r"*sparse* codes\_with\_underscores" in latex
    assert r"$O(\sqrt{n})$" in latex
    assert r"\textit{E. coli}" in latex
    assert r"\& 100\% of \#tags" in latex
    html = cite([TRICKY], markup="html")
    assert '<span class="math">O(√n)</span>' in html
    assert "<i>E. coli</i> &amp; 100% of #tags" in html


def test_urls_become_links() -> None:
    spans = mark_urls(parse_fragment("See https://example.org/a_b?x=1#frag. Done"))
    assert to_html(spans) == (
        'See <a href="https://example.org/a_b?x=1#frag">https://example.org/a_b?x=1#frag</a>. Done'
    )
    assert to_markdown(spans) == "See <https://example.org/a_b?x=1#frag>. Done"
    assert to_latex(spans) == r"See \url{https://example.org/a_b?x=1\#frag}. Done"


def test_printed_dois_become_links() -> None:
    spans = mark_urls(parse_fragment("J. Sulam, “T”, 2024. doi: 10.1109/5.771073."))
    assert to_html(spans).endswith(
        'doi: <a href="https://doi.org/10.1109/5.771073">10.1109/5.771073</a>.'
    )
    assert to_markdown(spans).endswith(
        "doi: [10.1109/5.771073](<https://doi.org/10.1109/5.771073>)."
    )
    linked = mark_urls(parse_fragment("https://doi.org/10.1/x"))
    assert to_html(linked) == '<a href="https://doi.org/10.1/x">https://doi.org/10.1/x</a>'


@pytest.mark.parametrize(
    ("fragment", "markdown"),
    [
        pytest.param("<i>Title</i>, 12", "*Title*, 12", id="plain-italic"),
        pytest.param("a<i>(b)</i>c", "a<em>(b)</em>c", id="punctuation-inside-word"),
        pytest.param("x <i>“Quoted”</i> y", "x *“Quoted”* y", id="punctuation-after-space"),
        # Two delimiters side by side could merge into one run: the first becomes a tag.
        pytest.param("<i>a</i><b>b</b>", "<em>a</em>**b**", id="adjacent"),
        pytest.param("<i>A <b>B</b></i>", "<em>A </em>**<em>B</em>**", id="nested"),
        pytest.param("1984. Title", "1984\\. Title", id="looks-like-list"),
        pytest.param("- dash", "\\- dash", id="looks-like-bullet"),
        pytest.param("x^2 ~y @k", "x\\^2 \\~y \\@k", id="pandoc-specials"),
    ],
)
def test_markdown_emphasis_and_escapes(fragment: str, markdown: str) -> None:
    assert to_markdown(mark_math(parse_fragment(fragment))) == markdown


@pytest.mark.parametrize(
    ("fragment", "text", "html"),
    [
        pytest.param("x<y, <i>J</i>", "x<y, J", "x&lt;y, <i>J</i>", id="less-than-before-tag"),
        pytest.param("a <3 <b>b</b>", "a <3 b", "a &lt;3 <b>b</b>", id="heart"),
        pytest.param("<T> & <script>s</script>", "<T> & <script>s</script>",
                     "&lt;T&gt; &amp; &lt;script&gt;s&lt;/script&gt;", id="unknown-tags"),
        pytest.param('a<br/>b <a href="u?x=1&amp;y=2">l</a>', "a b l",
                     'a b <a href="u?x=1&amp;y=2">l</a>', id="self-closing-and-link"),
    ],
)  # fmt: skip
def test_parse_fragment_tells_tags_from_text(fragment: str, text: str, html: str) -> None:
    spans = parse_fragment(fragment)
    assert to_text(spans) == text
    assert to_html(spans) == html


def test_parse_fragment_reads_engine_html() -> None:
    spans = parse_fragment(
        '<div class="csl-left-margin">[1]</div><div class="csl-right-inline">A &#38; B, '
        '<span style="font-variant:small-caps;">Caps</span> x<sup>2</sup></div>'
    )
    assert plain(spans) == "[1] A & B, Caps x2"
    assert to_html(spans) == (
        '[1] A &amp; B, <span style="font-variant:small-caps">Caps</span> x<sup>2</sup>'
    )
    assert to_latex(spans) == r"[1] A \& B, \textsc{Caps} x\textsuperscript{2}"
    assert to_text(spans) == "[1] A & B, Caps x²"


def _unescape_markdown(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _unescape_latex(text: str) -> str:
    text = text.replace("\\textbackslash{}", "\\").replace("\\textasciitilde{}", "~")
    return re.sub(r"\\([{}#$%&_])", r"\1", text.replace("\\^{}", "^"))


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=80))
@settings(max_examples=300, deadline=None)
def test_escaping_round_trips(text: str) -> None:
    spans = [Span(text)] if text else []
    assert _unescape_markdown(to_markdown(spans)) == text
    assert _unescape_latex(to_latex(spans)) == text
    assert latex_escape(text).count("$") == text.count("$")


def test_public_cite_function() -> None:
    import bibexport

    html = bibexport.cite(
        list(RECORDS[:2]), style="ieee", markup="html", highlight=("S. Buchanan",)
    )
    assert html.count("<b>S. Buchanan</b>") == 2


def test_html_in_titles_is_escaped() -> None:
    record = paper("x", 2024, title="Why <script>alert(1)</script> & <i>fine</i> <3")
    html = cite([record], markup="html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; <i>fine</i> &lt;3" in html
    markdown = cite([record], markup="markdown")
    assert r"\<script\>alert(1)\</script\> & *fine* \<3" in markdown


NAME_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L",)), min_size=1, max_size=8
)
RICH_TEXT = st.lists(
    st.sampled_from(list("ab Z*_$\\{}#%&~^<>[]`'\"-.,:;1é∑")) | st.just("<i>x</i>"),
    min_size=1,
    max_size=40,
).map("".join)


@st.composite
def records(draw: st.DrawFn) -> Record:
    authors = tuple(
        Name(family=draw(NAME_TEXT), given=draw(NAME_TEXT)) for _ in range(draw(st.integers(0, 4)))
    )
    return Record(
        type=draw(st.sampled_from(["paper-conference", "article-journal", "article", "book"])),
        key=f"k{draw(st.integers(0, 10**6))}",
        title=draw(RICH_TEXT),
        authors=authors,
        issued=draw(st.none() | st.builds(PartialDate, st.integers(1900, 2030))),
        container_title=draw(st.sampled_from(["", "Journal of Things", "Proc. $\\alpha$"])),
    )


@given(st.lists(records(), min_size=1, max_size=4, unique_by=lambda r: r.key))
@settings(max_examples=40, deadline=None)
def test_no_record_crashes_the_writer(items: list[Record]) -> None:
    for markup in ("text", "html", "markdown", "latex", "json"):
        output = cite(items, markup=markup, group_by="year", numbered=True, highlight=("A. B",))
        assert output.endswith("\n")
        if markup == "json":
            assert len(json.loads(output)) == len(items)


@given(
    st.text(max_size=30),
    st.text(max_size=15),
    st.text(max_size=15),
    st.text(max_size=60),
)
@settings(max_examples=300, deadline=None)
def test_highlight_never_crashes(target: str, family: str, given_name: str, text: str) -> None:
    author = Name(family=family, given=given_name)
    for start, end in find_people(text, [author], [parse_target(target)]):
        assert 0 <= start < end <= len(text)
