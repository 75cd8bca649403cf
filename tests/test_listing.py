"""The author listing reader: the sample page, the variations of real copies, errors, sniffing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bibexport.errors import InputError
from bibexport.formats.listing import parse_venue_line, read, sniff
from bibexport.model import Name, PartialDate, SourceSpan, Venue
from bibexport.text import clean_records

ENTRY = """NeurIPS Conference 2023 Conference Paper

A Title: With a Colon?

  • Ada Lovelace
  • Alan Turing 0001

An abstract of our own.
"""

SAMPLE_RECORDS = [
    # (line, type, venue, kind, year, title, authors as display + homonym)
    (16, "paper-conference", "NeurIPS", "conference", 2025,
     "Beyond Scores: Proximal Diffusion Models",
     ["Zhenghan Fang", "Mateo Diaz", "Sam Buchanan", "Jeremias Sulam"]),
    (27, "paper-conference", "NeurIPS", "conference", 2025,
     "On the Edge of Memorization in Diffusion Models",
     ["Sam Buchanan", "Druv Pai", "Yi Ma", "Valentin De Bortoli"]),
    (38, "paper-conference", "ICLR", "conference", 2024,
     "Masked Completion via Structured Diffusion with White-Box Transformers",
     ["Druv Pai", "Sam Buchanan", "Ziyang Wu", "Yaodong Yu", "Yi Ma 0001"]),
    (50, "paper-conference", "ICLR", "conference", 2024,
     "What's in a Prior? Learned Proximal Networks for Inverse Problems",
     ["Zhenghan Fang", "Sam Buchanan", "Jeremias Sulam"]),
    (60, "article-journal", "JMLR", "journal", 2024,
     "White-Box Transformers via Sparse Rate Reduction: Compression Is All There Is?",
     ["Yaodong Yu", "Sam Buchanan", "Druv Pai", "Tianzhe Chu", "Ziyang Wu", "Shengbang Tong",
      "Hao Bai", "Yuexiang Zhai"]),
    (75, "paper-conference", "NeurIPS", "conference", 2023,
     "White-Box Transformers via Sparse Rate Reduction",
     ["Yaodong Yu", "Sam Buchanan", "Druv Pai", "Tianzhe Chu", "Ziyang Wu", "Shengbang Tong",
      "Benjamin Haeffele", "Yi Ma"]),
    (90, "paper-conference", "ICLR", "conference", 2021,
     "Deep Networks and the Multiple Manifold Problem",
     ["Sam Buchanan", "Dar Gilboa", "John Wright 0001"]),
    (100, "paper-conference", "NeurIPS", "conference", 2021,
     "Deep Networks Provably Classify Data on Curves",
     ["Tingran Wang", "Sam Buchanan", "Dar Gilboa", "John Wright"]),
    (111, "paper-conference", "ICML", "conference", 2019,
     "Efficient Dictionary Learning with Gradient Descent",
     ["Dar Gilboa", "Sam Buchanan", "John Wright 0001"]),
]  # fmt: skip


def _shown(name: Name) -> str:
    return f"{name.display()} {name.homonym}".strip()


def test_sample_parses_into_nine_exact_records(sample_text: str) -> None:
    result = read(sample_text, "buchanan.txt")
    assert len(result.records) == 9
    for record, expected in zip(result.records, SAMPLE_RECORDS, strict=True):
        line, csl_type, venue, kind, year, title, authors = expected
        assert record.source == SourceSpan("buchanan.txt", line)
        assert record.type == csl_type
        assert record.venue == Venue(raw=venue, kind=kind)
        assert record.issued == PartialDate(year)
        assert record.title == title
        assert [_shown(a) for a in record.authors] == authors
        assert record.abstract  # every sample entry has one


def test_sample_meta_and_warnings(sample_text: str) -> None:
    result = read(sample_text, "buchanan.txt")
    assert result.meta == {"owner": "Sam Buchanan", "declared_count": 9}
    cut = [d for d in result.diagnostics if d.code == "authors-cut"]
    assert [d.source for d in cut] == [
        SourceSpan("buchanan.txt", 60),
        SourceSpan("buchanan.txt", 75),
    ]
    assert all("eight" in d.message or "8" in d.message for d in cut)
    assert [r.authors_cut for r in result.records] == [False] * 4 + [True, True] + [False] * 3
    assert [d.code for d in result.diagnostics] == ["authors-cut", "authors-cut"]


def test_sample_homonyms_are_kept_aside(sample_text: str) -> None:
    records = read(sample_text, "s.txt").records
    ma = records[2].authors[4]
    assert (ma.family, ma.given, ma.homonym) == ("Ma", "Yi", "0001")
    assert records[1].authors[3] == Name(family="De Bortoli", given="Valentin")


def test_sample_abstracts_clean_up(sample_text: str) -> None:
    records, _ = clean_records(read(sample_text, "s.txt").records)
    jmlr = records[4].abstract
    assert jmlr.endswith("from a unified perspective of data compression.")
    assert "[abs]" not in jmlr and "©" not in jmlr and "edit, beta" not in jmlr
    assert records[5].abstract.endswith("Code is at https://github.com/Ma-Lab-Berkeley/CRATE.")
    assert "$\\widetilde{\\mathcal O}(d/\\sqrt{\\varepsilon})$" in records[0].abstract
    assert '<span class="nocase">ProxDM</span>' in records[0].abstract
    assert "<i>proximal matching</i>" in records[0].abstract
    assert "<i>learned proximal networks</i>" in records[3].abstract
    assert "score—the gradient" in records[0].abstract
    assert "“laboratory”" in records[1].abstract


def test_sample_has_no_final_newline_and_still_reads(sample_text: str) -> None:
    assert not sample_text.endswith("\n")
    assert read(sample_text, "s.txt").records[-1].abstract.endswith("as well.")


def _one(text: str):
    result = read(text, "page.txt")
    assert len(result.records) == 1
    return result.records[0]


HEADER = """Arrow Research search

Author name cluster

Ada Lovelace

Possible papers associated with this exact author name in Arrow.

1 papers
1 author rows

Possible papers

1

"""


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(ENTRY, id="plain"),
        pytest.param(HEADER + ENTRY, id="with-header"),
        pytest.param(ENTRY.replace("\n", "\r\n"), id="crlf"),
        pytest.param("\ufeff" + ENTRY, id="bom"),
        pytest.param(ENTRY.replace("\n", "   \n"), id="trailing-spaces"),
        pytest.param(ENTRY.replace("\n\n", "\n"), id="no-blank-lines"),
        pytest.param(ENTRY.replace("\n\n", "\n\n\n\n"), id="several-blank-lines"),
        pytest.param(ENTRY.replace("  • ", "- "), id="dash-bullets"),
        pytest.param(ENTRY.replace("  • ", "  * "), id="star-bullets"),
        pytest.param(ENTRY.replace("  • ", "· "), id="middle-dot-bullets"),
        pytest.param(ENTRY.replace("  • ", "•"), id="bullets-without-space"),
        pytest.param(ENTRY.replace("  • ", "\t• "), id="tab-indent"),
        pytest.param(ENTRY.replace(" ", "\u00a0"), id="nbsp-everywhere"),
        pytest.param(ENTRY.rstrip("\n"), id="no-final-newline"),
    ],
)
def test_variations_read_the_same(text: str) -> None:
    record = _one(text)
    assert record.type == "paper-conference"
    assert record.venue == Venue(raw="NeurIPS", kind="conference")
    assert record.issued == PartialDate(2023)
    assert record.title.replace("\u00a0", " ") == "A Title: With a Colon?"
    assert record.authors == (
        Name(family="Lovelace", given="Ada"),
        Name(family="Turing", given="Alan", homonym="0001"),
    )
    assert record.abstract.replace("\u00a0", " ") == "An abstract of our own."
    venue_line = HEADER.count("\n") + 1 if "Author name cluster" in text else 1
    assert record.source == SourceSpan("page.txt", venue_line)


def test_header_meta() -> None:
    result = read(HEADER + ENTRY, "page.txt")
    assert result.meta == {"owner": "Ada Lovelace", "declared_count": 1}
    assert result.diagnostics == []


def test_missing_header_has_no_meta() -> None:
    assert read(ENTRY, "page.txt").meta == {}


def test_count_mismatch_is_a_warning_at_the_header_line() -> None:
    text = HEADER.replace("1 papers", "3 papers") + ENTRY
    result = read(text, "page.txt")
    assert len(result.records) == 1
    (diagnostic,) = result.diagnostics
    assert diagnostic.code == "count-mismatch"
    assert diagnostic.severity == "warning"
    assert diagnostic.source == SourceSpan("page.txt", 9)
    assert "3" in diagnostic.message and "1" in diagnostic.message


def test_entry_without_abstract() -> None:
    text = ENTRY.replace("An abstract of our own.\n", "") + "\n" + ENTRY
    records = read(text, "page.txt").records
    assert [r.abstract for r in records] == ["", "An abstract of our own."]


def test_entry_without_abstract_and_without_blank_lines() -> None:
    text = (ENTRY.replace("An abstract of our own.\n", "") + ENTRY).replace("\n\n", "\n")
    records = read(text, "page.txt").records
    assert [r.abstract for r in records] == ["", "An abstract of our own."]
    assert [len(r.authors) for r in records] == [2, 2]


@pytest.mark.parametrize(
    "title",
    [
        pytest.param("Overview of the TREC 2019 Deep Learning Track", id="year-and-words"),
        pytest.param("The PASCAL Visual Object Classes Challenge 2012 Results", id="year-results"),
        pytest.param("Findings of the 2019 Conference on Machine Translation", id="year-inside"),
    ],
)
def test_titles_with_years(title: str) -> None:
    assert _one(ENTRY.replace("A Title: With a Colon?", title)).title == title


def test_abstract_line_with_a_year_before_an_unknown_type_entry() -> None:
    second = ENTRY.replace("NeurIPS Conference 2023 Conference Paper", "CVPR Conference 2022 Demo")
    text = ENTRY.replace("An abstract of our own.", "Overview of the TREC 2019 Track") + second
    records = read(text, "page.txt").records
    assert [r.abstract for r in records] == [
        "Overview of the TREC 2019 Track",
        "An abstract of our own.",
    ]
    assert [r.title for r in records] == ["A Title: With a Colon?"] * 2
    assert records[1].venue == Venue(raw="CVPR", kind="conference")


def test_title_with_math_and_question_mark() -> None:
    text = ENTRY.replace("A Title: With a Colon?", "Is $\\ell_1$ Enough? On $O(n^2)$ Costs")
    assert _one(text).title == "Is $\\ell_1$ Enough? On $O(n^2)$ Costs"


def test_multi_paragraph_abstract_is_joined() -> None:
    text = ENTRY.replace("An abstract of our own.", "First part.\n\nSecond part.")
    assert _one(text).abstract == "First part. Second part."


def test_abstract_line_with_a_bullet_stays_in_the_abstract() -> None:
    text = ENTRY.replace("An abstract of our own.", "We show:\n- one thing\n- another")
    record = _one(text)
    assert len(record.authors) == 2
    assert record.abstract == "We show: - one thing - another"


def test_inline_bullets_are_split() -> None:
    text = ENTRY.replace("  • Ada Lovelace\n  • Alan Turing 0001", "• Ada Lovelace • Alan Turing")
    assert [a.family for a in _one(text).authors] == ["Lovelace", "Turing"]


def test_et_al_bullet_marks_others() -> None:
    text = ENTRY.replace("  • Alan Turing 0001", "  • Alan Turing\n  • et al.")
    record = _one(text)
    assert [a.family for a in record.authors] == ["Lovelace", "Turing"]
    assert record.others is True


def test_particles_and_diacritics() -> None:
    authors = "  • Laurens van der Maaten\n  • Valentin De Bortoli\n  • Gaël Varoquaux"
    text = ENTRY.replace("  • Ada Lovelace\n  • Alan Turing 0001", authors)
    assert _one(text).authors == (
        Name(family="Maaten", given="Laurens", particle="van der"),
        Name(family="De Bortoli", given="Valentin"),
        Name(family="Varoquaux", given="Gaël"),
    )


def _with_authors(count: int) -> str:
    bullets = "\n".join(f"  • Author{chr(65 + i)} Person" for i in range(count))
    return ENTRY.replace("  • Ada Lovelace\n  • Alan Turing 0001", bullets)


@pytest.mark.parametrize(
    ("count", "cut"),
    [
        pytest.param(7, False, id="seven"),
        pytest.param(8, True, id="eight"),
        pytest.param(9, False, id="nine"),
    ],
)
def test_exactly_eight_authors_may_be_cut(count: int, cut: bool) -> None:
    result = read(_with_authors(count), "page.txt")
    assert result.records[0].authors_cut is cut
    assert result.records[0].others is False
    codes = [d.code for d in result.diagnostics]
    assert codes == (["authors-cut"] if cut else [])
    if cut:
        assert result.diagnostics[0].source == SourceSpan("page.txt", 1)


@pytest.mark.parametrize(
    ("venue_line", "csl_type", "venue", "genre", "unknown"),
    [
        pytest.param("NeurIPS Conference 2023 Conference Paper",
                     "paper-conference", Venue(raw="NeurIPS", kind="conference"), "", False,
                     id="conference"),
        pytest.param("JMLR Journal 2024 Journal Article",
                     "article-journal", Venue(raw="JMLR", kind="journal"), "", False, id="journal"),
        pytest.param("NeurIPS Workshop 2023 Workshop Paper",
                     "paper-conference", Venue(raw="NeurIPS", kind="workshop"), "", False,
                     id="workshop"),
        pytest.param("ICML Conference 2023 Workshop Paper",
                     "paper-conference", Venue(raw="ICML", kind="workshop"), "", False,
                     id="workshop-at-conference"),
        pytest.param("arXiv Preprint 2023 Preprint",
                     "article", Venue(raw="arXiv", kind="preprint"), "", False, id="preprint"),
        pytest.param("arXiv Repository 2022 Preprint",
                     "article", Venue(raw="arXiv", kind="preprint"), "", False, id="repository"),
        pytest.param("Springer Book 2020 Book Chapter",
                     "chapter", Venue(raw="Springer", kind="other"), "", False, id="chapter"),
        pytest.param("MIT Thesis 2019 PhD Thesis",
                     "thesis", Venue(raw="MIT Thesis", kind="other"), "PhD thesis", False,
                     id="phd-thesis"),
        pytest.param("MIT Press Book 2016 Book",
                     "book", Venue(raw="MIT Press", kind="other"), "", False, id="book"),
        pytest.param("CMU 2018 Technical Report",
                     "report", Venue(raw="CMU", kind="other"), "", False, id="report"),
        pytest.param("AAAI Conference on Artificial Intelligence 2023 Conference Paper",
                     "paper-conference",
                     Venue(raw="AAAI Conference on Artificial Intelligence", kind="conference"),
                     "", False, id="multi-word-no-kind"),
        pytest.param(
            "Findings of the Association for Computational Linguistics Conference 2023 "
            "Conference Paper",
            "paper-conference",
            Venue(raw="Findings of the Association for Computational Linguistics",
                  kind="conference"),
            "", False, id="multi-word-with-kind"),
        pytest.param("Conference 2023 Conference Paper",
                     "paper-conference", Venue(raw="Conference", kind="conference"), "", False,
                     id="kind-word-only"),
        pytest.param("NeurIPS 2019 Workshop on Deep Learning Workshop 2019 Workshop Paper",
                     "paper-conference",
                     Venue(raw="NeurIPS 2019 Workshop on Deep Learning", kind="workshop"), "",
                     False, id="year-inside-venue"),
        pytest.param("CVPR Conference 2022 Demo Paper",
                     "paper-conference", Venue(raw="CVPR", kind="conference"), "", True,
                     id="unknown-type-conference"),
        pytest.param("Nature Journal 2021 Editorial",
                     "article-journal", Venue(raw="Nature", kind="journal"), "", True,
                     id="unknown-type-journal"),
        pytest.param("USENIX Security Symposium 2020 Conference Paper",
                     "paper-conference", Venue(raw="USENIX Security Symposium", kind="conference"),
                     "", False, id="symposium-is-part-of-the-name"),
        pytest.param("Somewhere 2021 Poster",
                     "article", Venue(raw="Somewhere", kind="other"), "", True,
                     id="unknown-type-no-kind"),
    ],
)  # fmt: skip
def test_venue_lines(
    venue_line: str, csl_type: str, venue: Venue, genre: str, unknown: bool
) -> None:
    result = read(ENTRY.replace("NeurIPS Conference 2023 Conference Paper", venue_line), "p.txt")
    (record,) = result.records
    assert record.type == csl_type
    assert record.venue == venue
    assert record.genre == genre
    codes = [d.code for d in result.diagnostics]
    assert codes == (["entry-type-unknown"] if unknown else [])


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("Deep Learning", id="no-year"),
        pytest.param("2023 Conference Paper", id="no-venue"),
        pytest.param("ImageNet results in 2012 were strong", id="prose-after-year"),
        pytest.param("Results 2012 A B C D E", id="too-many-type-words"),
        pytest.param("x " * 130 + "2020 Conference Paper", id="too-long"),
    ],
)
def test_not_venue_lines(line: str) -> None:
    assert parse_venue_line(line) is None


def test_abstract_ending_in_a_year_and_a_type_word_is_not_an_entry() -> None:
    text = ENTRY.replace("An abstract of our own.", "This extends our 2019 preprint") + ENTRY
    records = read(text, "page.txt").records
    assert [r.abstract for r in records] == [
        "This extends our 2019 preprint",
        "An abstract of our own.",
    ]


def test_abstract_line_shaped_like_a_venue_line_is_not_an_entry() -> None:
    text = ENTRY.replace(
        "An abstract of our own.", "An abstract of our own.\nSee the Proceedings 2019 Companion"
    )
    record = _one(text)
    assert record.abstract == "An abstract of our own. See the Proceedings 2019 Companion"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        pytest.param("Just some notes\nwithout any entry.\n", 1, "no entries", id="no-entry"),
        pytest.param("\n\n  • Ada Lovelace\n  • Alan Turing\n", 3, "no entries", id="only-bullets"),
        pytest.param(HEADER, 1, "no entries", id="header-only"),
        pytest.param(
            ENTRY + "\nICML Conference 2020 Conference Paper\n\nA Cut Title\n",
            10,
            "cut off before its authors",
            id="cut-before-authors",
        ),
        pytest.param(
            ENTRY + "\nICML Conference 2020 Conference Paper\n",
            10,
            "cut off before its title and authors",
            id="cut-before-title",
        ),
        pytest.param(
            "ICML Conference 2020 Conference Paper\n\nA Cut Title\n\n" + ENTRY,
            1,
            "cut off before its authors",
            id="cut-in-the-middle",
        ),
    ],
)
def test_errors_name_the_line(text: str, line: int, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        read(text, "page.txt")
    assert caught.value.source == SourceSpan("page.txt", line)
    assert caught.value.format().startswith(f"page.txt:{line}: error: ")


def test_sniff_recognizes_listings(sample_text: str) -> None:
    assert sniff(sample_text)
    assert sniff(ENTRY)
    assert sniff(ENTRY.replace("  • ", "- "))
    assert sniff(HEADER + ENTRY)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("@article{key,\n  title = {NeurIPS Conference 2023 Conference Paper}\n}\n",
                     id="bibtex"),
        pytest.param("TY  - JOUR\nTI  - A title\nER  - \n", id="ris"),
        pytest.param('[{"id": "a", "type": "article"}]', id="csl-json"),
        pytest.param("- id: a\n  type: article\n  title: T\n", id="csl-yaml"),
        pytest.param("---\nreferences:\n- id: a\n", id="yaml-document"),
        pytest.param("Just a note.\n", id="prose"),
    ],
)  # fmt: skip
def test_sniff_rejects_other_formats(text: str) -> None:
    assert not sniff(text)


@settings(max_examples=300)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=40),
            st.sampled_from(
                [
                    "NeurIPS Conference 2023 Conference Paper",
                    "X 2020 Odd Type",
                    "Title: Here",
                    "  • Ada Lovelace",
                    "- et al.",
                    "• ",
                    "9 papers",
                    "Author name cluster",
                    "",
                    "\r",
                    "\u00a0",
                ]
            ),
        ),
        max_size=12,
    ).map("\n".join)
)
def test_reader_only_raises_input_error(text: str) -> None:
    try:
        result = read(text, "fuzz.txt")
    except InputError as error:
        assert error.source is not None and error.source.file == "fuzz.txt"
        return
    assert result.records
    for record in result.records:
        assert record.issued is not None
        assert record.source is not None


@settings(max_examples=100)
@given(st.text(max_size=200))
def test_sniff_never_raises(text: str) -> None:
    assert sniff(text) in (True, False)


EXAMPLE = Path(__file__).parent.parent / "examples" / "listing.txt"


def test_example_listing_exercises_every_artifact() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert not text.endswith("\n")
    result = read(text, "listing.txt")
    records = result.records
    assert len(records) == result.meta["declared_count"] == 15
    assert result.meta["owner"] == "Laurens van der Maaten"
    homonyms = {a.homonym for r in records for a in r.authors}
    assert "0001" in homonyms
    assert sum(r.authors_cut for r in records) == 2
    assert {r.venue.kind for r in records if r.venue} >= {
        "conference", "journal", "workshop", "preprint", "other"
    }  # fmt: skip
    assert {r.type for r in records} >= {"paper-conference", "article-journal", "article", "report"}
    assert any(not r.abstract for r in records)
    raw = " ".join(r.abstract for r in records)
    for artifact in ("$", "_", "*", "`", "---", "“", "https: //", "[abs]", "&copy"):
        assert artifact in raw, artifact
    names = {a for r in records for a in r.authors}
    assert Name(family="Maaten", given="Laurens", particle="van der") in names
    assert Name(family="De Bortoli", given="Valentin") in names
    assert Name(family="Varoquaux", given="Gaël") in names
    cleaned, diagnostics = clean_records(records)
    assert not any("[abs]" in r.abstract or "©" in r.abstract for r in cleaned)
    assert [(d.severity, d.code) for d in diagnostics] == [("info", "url-repaired")]
    assert any("github.com/JTT94/diffusion_schrodinger_bridge." in r.abstract for r in cleaned)
