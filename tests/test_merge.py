"""Duplicate detection and merging (merge.py): which records are one paper, and what survives."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bibexport.merge import arxiv_id, doi_key, is_preprint, merge_duplicates, title_key
from bibexport.model import Name, PartialDate, Record, SourceSpan, Venue

NEURIPS = Venue(
    id="neurips",
    name="Advances in Neural Information Processing Systems",
    short="NeurIPS",
    kind="conference",
    raw="NeurIPS",
)
WORKSHOP = Venue(
    id="neurips-workshop",
    name="NeurIPS Workshop",
    short="NeurIPS Workshop",
    kind="workshop",
    raw="NeurIPS 2023 Workshop on Things",
)
ARXIV = Venue(id="arxiv", name="arXiv", short="arXiv", kind="preprint", raw="arXiv")
YU = Name("Yu", "Yaodong")
BUCHANAN = Name("Buchanan", "Sam")
PAI = Name("Pai", "Druv")
MA = Name("Ma", "Yi")


def rec(
    title: str, year: int | None = 2023, file: str = "a.txt", line: int = 1, **fields
) -> Record:
    """A record with a title, a year and a source; other fields as given."""
    fields.setdefault("type", "paper-conference")
    fields.setdefault("authors", (YU, BUCHANAN))
    return Record(
        title=title,
        issued=PartialDate(year) if year else None,
        source=SourceSpan(file, line),
        **fields,
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("10.1234/ABC.def", "10.1234/abc.def", id="lowercase"),
        pytest.param("https://doi.org/10.1234/x", "10.1234/x", id="resolver-url"),
        pytest.param("http://dx.doi.org/10.1234/x", "10.1234/x", id="old-resolver"),
        pytest.param("doi: 10.1234/x ", "10.1234/x", id="doi-prefix"),
        pytest.param("", "", id="empty"),
    ],
)
def test_doi_key(raw: str, expected: str) -> None:
    assert doi_key(raw) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("Deep Learning", "deep learning", id="case"),
        pytest.param("Gaël's Method: A Study", "Gael's method - a study", id="accents-punctuation"),
        pytest.param("<i>In Vivo</i> Learning", "In vivo learning", id="markup"),
        pytest.param('Learning <span class="nocase">CRATE</span>', "Learning CRATE", id="nocase"),
        pytest.param("What’s in a Prior?", "What's in a prior", id="curly-quote"),
    ],
)
def test_title_key_equal(a: str, b: str) -> None:
    assert title_key(a) == title_key(b)


def test_title_key_tells_different_titles_apart() -> None:
    assert title_key("Deep Learning I") != title_key("Deep Learning II")


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        pytest.param({"extra": (("eprint", "2306.01129"),)}, "2306.01129", id="eprint"),
        pytest.param({"url": "https://arxiv.org/abs/2306.01129v3"}, "2306.01129", id="abs-url"),
        pytest.param({"url": "http://arxiv.org/pdf/1706.03762.pdf"}, "1706.03762", id="pdf-url"),
        pytest.param({"doi": "10.48550/arXiv.2306.01129"}, "2306.01129", id="arxiv-doi"),
        pytest.param(
            {"container_title": "arXiv preprint arXiv:2010.11929"}, "2010.11929", id="journal"
        ),
        pytest.param(
            {"container_title": "CoRR", "volume": "abs/1412.6980"}, "1412.6980", id="dblp-corr"
        ),
        pytest.param(
            {"archive": "arXiv", "number": "math/0601001"}, "math/0601001", id="old-style"
        ),
        pytest.param({"url": "https://example.org/2306.01129"}, "", id="not-arxiv"),
        pytest.param({}, "", id="none"),
    ],
)
def test_arxiv_id(fields: dict, expected: str) -> None:
    assert arxiv_id(Record(**fields)) == expected


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        pytest.param(Record(type="article", venue=ARXIV), True, id="arxiv-venue"),
        pytest.param(Record(type="article"), True, id="csl-article"),
        pytest.param(Record(type="article-journal", container_title="CoRR"), True, id="corr"),
        pytest.param(Record(type="paper-conference", venue=NEURIPS), False, id="conference"),
        pytest.param(Record(type="article-journal", container_title="JMLR"), False, id="journal"),
    ],
)
def test_is_preprint(record: Record, expected: bool) -> None:
    assert is_preprint(record) is expected


def test_same_doi_merges_and_fills_fields() -> None:
    a = rec("White-Box Transformers", doi="10.1/X", file="a.txt", line=3)
    b = rec(
        "White-box transformers via SRR",
        doi="https://doi.org/10.1/x",
        file="b.bib",
        line=7,
        url="https://example.org",
        key="yu2023white",
    )
    merged, diagnostics = merge_duplicates([a, b])
    assert len(merged) == 1
    assert merged[0].url == "https://example.org"
    assert merged[0].key == "yu2023white"
    assert [d.severity for d in diagnostics] == ["info"]
    assert "a.txt:3" in diagnostics[0].message and "b.bib:7" in diagnostics[0].message
    assert "same DOI" in diagnostics[0].message


def test_same_title_and_year_merges() -> None:
    merged, diagnostics = merge_duplicates(
        [rec("On the Edge of Memorization", line=1), rec("On the edge of memorization.", line=9)]
    )
    assert len(merged) == 1
    assert diagnostics[0].code == "duplicate"


def test_duplicate_within_one_file_is_a_warning() -> None:
    _, diagnostics = merge_duplicates([rec("A Title", line=1), rec("A Title", line=20)])
    assert [d.severity for d in diagnostics] == ["warning"]
    assert diagnostics[0].source == SourceSpan("a.txt", 1)


@pytest.mark.parametrize(
    "records",
    [
        pytest.param([rec("Same Title", 2020), rec("Same Title", 2021)], id="different-years"),
        pytest.param(
            [rec("Same Title", doi="10.1/a"), rec("Same Title", doi="10.1/b")], id="different-dois"
        ),
        pytest.param(
            [rec("Same Title", authors=(YU,)), rec("Same Title", authors=(MA,))],
            id="no-common-author",
        ),
        pytest.param([rec("Same Title", None), rec("Same Title", None)], id="no-year"),
        pytest.param(
            [rec("Same Title", venue=NEURIPS), rec("Same Title", venue=WORKSHOP)],
            id="workshop-and-conference",
        ),
        pytest.param([rec(""), rec("")], id="no-title"),
        pytest.param(
            [
                rec("Same Title", 2021, type="article", venue=ARXIV),
                rec("Same Title", 2020, venue=NEURIPS),
            ],
            id="preprint-after-publication",
        ),
    ],
)
def test_not_duplicates(records: list[Record]) -> None:
    merged, diagnostics = merge_duplicates(records)
    assert merged == records
    assert diagnostics == []


def test_preprint_merges_into_published_version() -> None:
    preprint = rec(
        "White-Box Transformers",
        2022,
        file="old.bib",
        line=4,
        type="article",
        venue=ARXIV,
        container_title="arXiv",
        url="https://arxiv.org/abs/2306.01129",
        authors=(YU, BUCHANAN, PAI, MA),
        abstract="Our own words.",
        key="yu2022white",
    )
    published = rec(
        "White-Box Transformers",
        2023,
        file="page.txt",
        line=10,
        venue=NEURIPS,
        container_title="Advances in Neural Information Processing Systems",
        authors=(YU, BUCHANAN),
        volume="36",
    )
    merged, diagnostics = merge_duplicates([preprint, published])
    assert len(merged) == 1
    record = merged[0]
    assert record.type == "paper-conference"
    assert record.venue == NEURIPS
    assert record.container_title == "Advances in Neural Information Processing Systems"
    assert record.year == 2023
    assert record.url == ""  # the arXiv URL describes the preprint, not the publication
    assert record.authors == (YU, BUCHANAN, PAI, MA)  # the longer list wins
    assert record.abstract == "Our own words."
    assert record.key == "yu2022white"
    assert (record.number, record.archive) == ("2306.01129", "arXiv")
    assert record.source == SourceSpan("page.txt", 10)
    assert "preprint at old.bib:4" in diagnostics[0].message
    assert "page.txt:10" in diagnostics[0].message


def test_arxiv_id_goes_to_extra_when_number_is_taken() -> None:
    preprint = rec(
        "Paper", 2022, type="article", venue=ARXIV, url="https://arxiv.org/abs/2101.00001"
    )
    published = rec("Paper", 2023, type="article-journal", number="e12", file="b")
    merged, _ = merge_duplicates([preprint, published])
    assert merged[0].number == "e12"
    assert merged[0].extra_value("eprint") == "2101.00001"
    assert merged[0].extra_value("eprinttype") == "arXiv"


def test_preprint_goes_to_the_earliest_published_version() -> None:
    preprint = rec("A Result", 2019, type="article", venue=ARXIV, line=1)
    journal = rec("A Result", 2022, type="article-journal", line=2, container_title="JMLR")
    conference = rec("A Result", 2020, venue=NEURIPS, line=3)
    merged, _ = merge_duplicates([preprint, journal, conference])
    # the merged record takes the place of its first copy: the preprint's
    assert [r.type for r in merged] == ["paper-conference", "article-journal"]
    assert merged[0].source == SourceSpan("a.txt", 3)


def test_two_preprint_versions_join_one_publication() -> None:
    v1 = rec("A Result", 2018, type="article", venue=ARXIV, line=1)
    v2 = rec("A Result", 2019, type="article", venue=ARXIV, line=2)
    published = rec("A Result", 2020, venue=NEURIPS, line=3)
    merged, diagnostics = merge_duplicates([v1, v2, published])
    assert [(r.type, r.year) for r in merged] == [("paper-conference", 2020)]
    assert len(diagnostics) == 2


def test_merged_record_takes_the_first_position() -> None:
    merged, _ = merge_duplicates(
        [rec("First", line=1), rec("Second", line=2), rec("First", file="b.bib", line=3)]
    )
    assert [r.title for r in merged] == ["First", "Second"]


def test_longer_author_list_replaces_a_cut_one() -> None:
    eight = tuple(Name(f"F{i}", "G") for i in range(8))
    cut = rec("Paper", authors=eight, authors_cut=True)
    full = rec("Paper", file="b.bib", authors=(*eight, Name("F8", "G"), Name("F9", "G")))
    merged, diagnostics = merge_duplicates([cut, full])
    assert len(merged[0].authors) == 10
    assert merged[0].authors_cut is False
    assert [(d.code, d.source) for d in diagnostics if d.code == "authors-completed"] == [
        ("authors-completed", cut.source)
    ]


def test_complete_list_of_the_same_length_clears_the_cut_flag() -> None:
    eight = tuple(Name(f"F{i}", "G") for i in range(8))
    merged, _ = merge_duplicates(
        [rec("Paper", authors=eight, authors_cut=True), rec("Paper", file="b.bib", authors=eight)]
    )
    assert merged[0].authors_cut is False


def test_more_precise_date_of_the_same_year_is_kept() -> None:
    a = rec("Paper")
    b = rec("Paper", file="b.bib").with_changes(issued=PartialDate(2023, 7))
    merged, _ = merge_duplicates([a, b])
    assert merged[0].issued == PartialDate(2023, 7)


def test_dropped_key_is_named() -> None:
    a = rec("Paper", key="one", file="a.bib")
    b = rec("Paper", key="two", file="b.bib")
    merged, diagnostics = merge_duplicates([a, b])
    assert merged[0].key == "one"
    assert "'two' dropped for 'one'" in diagnostics[0].message


def test_three_copies_give_two_reports() -> None:
    merged, diagnostics = merge_duplicates(
        [rec("Paper", line=1), rec("Paper", file="b", line=2), rec("Paper", file="c", line=3)]
    )
    assert len(merged) == 1
    assert len(diagnostics) == 2


titles = st.text(alphabet="abcdefg :", min_size=0, max_size=12)


@given(st.lists(st.tuples(titles, st.integers(2018, 2021), st.booleans()), max_size=12))
def test_merging_is_idempotent_and_never_adds(entries: list[tuple[str, int, bool]]) -> None:
    records = [
        rec(t, y, line=i, type="article" if p else "paper-conference")
        for i, (t, y, p) in enumerate(entries)
    ]
    merged, diagnostics = merge_duplicates(records)
    assert len(merged) + len(diagnostics) == len(records)
    again, more = merge_duplicates(merged)
    assert again == merged
    assert more == []


def test_two_keyed_entries_of_one_file_are_kept_apart() -> None:
    from bibexport.model import Name, PartialDate, Record, SourceSpan

    def entry(key: str, line: int, container: str) -> Record:
        return Record(
            type="paper-conference",
            key=key,
            title="White-Box Transformers via Sparse Rate Reduction",
            authors=(Name(family="Yu", given="Yaodong"),),
            issued=PartialDate(2023),
            container_title=container,
            source=SourceSpan("refs.bib", line),
        )

    published = entry("yu2023neurips", 1, "Advances in Neural Information Processing Systems")
    preprint = entry("yu2023arxiv", 9, "").with_changes(type="article", archive="arXiv")
    merged, diagnostics = merge_duplicates([published, preprint])
    assert [r.key for r in merged] == ["yu2023neurips", "yu2023arxiv"]
    assert [(d.severity, d.code, d.source.line) for d in diagnostics] == [
        ("warning", "duplicate", 9)
    ]
    assert "kept both" in diagnostics[0].message
    # The same pair from two different inputs is one paper.
    other_file = preprint.with_changes(source=SourceSpan("old.json", 3))
    merged, _ = merge_duplicates([published, other_file])
    assert [r.key for r in merged] == ["yu2023neurips"]
