"""csl.to_csl / csl.from_csl: the one Record <-> CSL item mapping."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bibexport import csl
from bibexport.model import Name, PartialDate, Record, Venue
from tests.test_csl_strategies import records

NEURIPS = Venue(
    id="neurips",
    name="Conference on Neural Information Processing Systems",
    short="NeurIPS",
    kind="conference",
    raw="NeurIPS Conference",
)


def paper(**changes: object) -> Record:
    base = Record(
        type="paper-conference",
        key="fang2025beyond",
        title="Beyond Scores: Proximal Diffusion Models",
        authors=(Name("Fang", "Zhenghan"), Name("Diaz", "Mateo"), Name("Buchanan", "Sam")),
        issued=PartialDate(2025),
        venue=NEURIPS,
        container_title="Advances in Neural Information Processing Systems",
        volume="38",
        publisher="Curran Associates, Inc.",
    )
    return base.with_changes(**changes)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record=records())
def test_round_trip_is_exact(record: Record) -> None:
    assert csl.from_csl(csl.to_csl(record)) == record


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record=records())
def test_every_item_is_schema_valid(record: Record, csl_validator) -> None:
    errors = list(csl_validator.iter_errors([csl.to_csl(record)]))
    assert errors == []


def test_item_carries_csl_variables() -> None:
    item = csl.to_csl(paper())
    assert item["id"] == item["citation-key"] == "fang2025beyond"
    assert item["type"] == "paper-conference"
    assert item["author"][0] == {"family": "Fang", "given": "Zhenghan"}
    assert item["issued"] == {"date-parts": [[2025]]}
    assert item["container-title-short"] == "NeurIPS"
    assert "journalAbbreviation" not in item
    assert item["custom"]["bibexport"]["venue"]["id"] == "neurips"
    assert list(item)[:4] == ["id", "citation-key", "type", "title"]


def test_journal_short_name_also_goes_to_journal_abbreviation() -> None:
    item = csl.to_csl(paper(type="article-journal", venue=Venue(id="jmlr", short="JMLR")))
    assert item["container-title-short"] == item["journalAbbreviation"] == "JMLR"


def test_particle_suffix_literal_and_homonym() -> None:
    names = (
        Name("Maaten", "Laurens", particle="van der"),
        Name("King", "Martin Luther", suffix="Jr."),
        Name(literal="OpenAI"),
        Name("Ma", "Yi", homonym="0001"),
    )
    item = csl.to_csl(paper(authors=names))
    assert item["author"] == [
        {"family": "Maaten", "given": "Laurens", "non-dropping-particle": "van der"},
        {"family": "King", "given": "Martin Luther", "suffix": "Jr."},
        {"literal": "OpenAI"},
        {"family": "Ma", "given": "Yi"},
    ]
    assert item["custom"]["bibexport"]["homonyms"] == {"author": ["", "", "", "0001"]}


def test_others_ends_the_list_with_the_literal_pandoc_reads_as_et_al() -> None:
    item = csl.to_csl(paper(others=True))
    assert item["author"][-1] == {"literal": "others"}
    assert item["custom"]["bibexport"]["others"] is True
    assert csl.from_csl(item).authors == paper().authors


@pytest.mark.parametrize("others", [False, True])
def test_a_real_author_called_others_is_not_mistaken_for_the_marker(others: bool) -> None:
    names = (Name("Ma", "Yi", homonym="0001"), Name(literal="others"))
    record = paper(authors=names, others=others)
    assert csl.from_csl(csl.to_csl(record)) == record


def test_non_csl_type_is_written_as_document_and_kept() -> None:
    record = paper(type="phdthesis-draft")
    item = csl.to_csl(record)
    assert item["type"] == "document"
    assert csl.from_csl(item).type == "phdthesis-draft"


def test_extra_csl_variables_are_also_written_for_other_tools() -> None:
    extra = (("PMID", "123"), ("arxiv-class", "cs.LG"), ("accessed", "2024-03-01"))
    item = csl.to_csl(paper(extra=extra))
    assert item["PMID"] == "123"
    assert item["accessed"] == {"date-parts": [[2024, 3, 1]]}
    assert "arxiv-class" not in item
    assert item["custom"]["bibexport"]["extra"] == [list(pair) for pair in extra]


FOREIGN = [
    pytest.param(
        {"id": "x", "type": "article-journal", "issued": {"date-parts": [["2019", "05", "17"]]}},
        "issued",
        PartialDate(2019, 5, 17),
        id="date-parts-as-strings",
    ),
    pytest.param(
        {"id": "x", "type": "book", "issued": {"raw": "2020-03"}},
        "issued",
        PartialDate(2020, 3),
        id="raw-date",
    ),
    pytest.param(
        {"id": "x", "type": "book", "issued": {"literal": "Spring 2018"}},
        "issued",
        PartialDate(2018),
        id="literal-date",
    ),
    pytest.param(
        {"id": "x", "type": "book", "issued": {"raw": "November 2008"}},
        "issued",
        PartialDate(2008, 11),
        id="raw-prose-date",
    ),
    pytest.param(
        {"id": "14058436/FAEXZ5SY", "type": "book"},
        "key",
        "",
        id="zotero-library-id-is-not-a-key",
    ),
    pytest.param({"id": 42, "type": "book"}, "key", "", id="numeric-id-is-not-a-key"),
    pytest.param(
        {"id": "12/ABCDEFGH", "type": "book", "note": "Citation Key: doe2020\nRead twice."},
        "key",
        "doe2020",
        id="better-bibtex-key-in-zotero-note",
    ),
    pytest.param(
        {"id": "12/ABCDEFGH", "type": "book", "note": "Citation Key: doe2020\nRead twice."},
        "note",
        "Read twice.",
        id="key-line-leaves-the-note",
    ),
    pytest.param(
        {"id": "DBLP:conf/nips/YuBPCWTHM23", "type": "book"},
        "key",
        "DBLP:conf/nips/YuBPCWTHM23",
        id="dblp-key-kept",
    ),
    pytest.param(
        {"id": "x", "type": "book", "issued": "2021-11-02"},
        "issued",
        PartialDate(2021, 11, 2),
        id="edtf-string",
    ),
    pytest.param(
        {"id": "x", "type": "book", "issued": [{"year": "2017", "month": "4"}]},
        "issued",
        PartialDate(2017, 4),
        id="pandoc-citeproc-old-year-form",
    ),
    pytest.param(
        {"id": "x", "type": "book", "issued": {"date-parts": [[2019], [2020]]}},
        "issued",
        PartialDate(2019),
        id="date-range-takes-start",
    ),
    pytest.param(
        {"id": "x", "type": "book", "issued": {"date-parts": [[2019, 13]]}},
        "issued",
        PartialDate(2019),
        id="month-out-of-range-dropped",
    ),
    pytest.param(
        {"id": "x", "type": "article", "author": [{"family": "van der Maaten", "given": "L."}]},
        "authors",
        (Name("Maaten", "L.", particle="van der"),),
        id="particle-inside-family",
    ),
    pytest.param(
        {"id": "x", "type": "article", "author": [{"family": "De Bortoli", "given": "V."}]},
        "authors",
        (Name("De Bortoli", "V."),),
        id="capitalized-particle-stays",
    ),
    pytest.param(
        {
            "id": "x",
            "type": "article",
            "author": [{"family": "van Gogh", "given": "V.", "parse-names": False}],
        },
        "authors",
        (Name("van Gogh", "V."),),
        id="parse-names-false",
    ),
    pytest.param(
        {
            "id": "x",
            "type": "article",
            "author": [{"family": "Beethoven", "given": "Ludwig", "dropping-particle": "van"}],
        },
        "authors",
        (Name("Beethoven", "Ludwig", particle="van"),),
        id="dropping-particle",
    ),
    pytest.param(
        {"id": "x", "type": "article", "author": [{"literal": "WHO"}, {"family": "Roe"}]},
        "authors",
        (Name(literal="WHO"), Name("Roe")),
        id="literal-and-family-only",
    ),
    pytest.param(
        {"id": "x", "type": "article", "author": [{"family": "Roe"}, {"literal": "others"}]},
        "others",
        True,
        id="pandoc-others-literal",
    ),
    pytest.param(
        {"id": "x", "type": "article", "volume": 12, "issue": 3, "page": 101},
        "volume",
        "12",
        id="numbers-become-text",
    ),
    pytest.param(
        {"id": "x", "type": "article-journal", "container-title": "J", "journalAbbreviation": "JJ"},
        "venue",
        Venue(raw="J", short="JJ"),
        id="journal-abbreviation",
    ),
    pytest.param(
        {"id": "http://zotero.org/users/1/items/ABCD", "type": "book"},
        "key",
        "",
        id="zotero-uri-id-is-not-a-key",
    ),
    pytest.param(
        {"id": "ITEM-1", "citation-key": "doe2020", "type": "book"},
        "key",
        "doe2020",
        id="citation-key-wins",
    ),
    pytest.param(
        {"id": "x", "type": "journal-article"},
        "type",
        "article-journal",
        id="crossref-type-alias",
    ),
    pytest.param(
        {"id": "x", "type": "book", "keyword": "diffusion, sparse coding; CRATE"},
        "keywords",
        ("diffusion", "sparse coding", "CRATE"),
        id="keyword-string",
    ),
    pytest.param(
        {"id": "x", "type": "book", "PMID": "42", "translator": [{"family": "Roe", "given": "R"}]},
        "extra",
        (("PMID", "42"), ("translator", "R Roe")),
        id="unmapped-variables-to-extra",
    ),
]


@pytest.mark.parametrize(("item", "field", "expected"), FOREIGN)
def test_reads_what_other_tools_write(item: dict, field: str, expected: object) -> None:
    assert getattr(csl.from_csl(item), field) == expected


@pytest.mark.parametrize(
    ("item", "code"),
    [
        pytest.param({"id": "x", "type": "nonsense"}, "csl-type", id="unknown-type"),
        pytest.param({"id": "x"}, "csl-type", id="missing-type"),
        pytest.param(
            {"id": "x", "type": "book", "issued": {"raw": "n.d."}}, "csl-date", id="bad-date"
        ),
    ],
)
def test_problems_are_diagnostics(item: dict, code: str) -> None:
    record, diagnostics = csl.read_item(item)
    assert [d.code for d in diagnostics] == [code]
    assert record.type in csl.CSL_TYPES


@pytest.mark.parametrize(
    ("family", "particle", "rest"),
    [
        pytest.param("van der Maaten", "van der", "Maaten", id="two-words"),
        pytest.param("de la Fuente", "de la", "Fuente", id="spanish"),
        pytest.param("De Bortoli", "", "De Bortoli", id="capitalized"),
        pytest.param("von", "", "von", id="single-lowercase-word-is-family"),
    ],
)
def test_split_particle(family: str, particle: str, rest: str) -> None:
    assert csl.split_particle(family) == (particle, rest)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=12,
)
csl_keys = st.sampled_from(
    [
        "id",
        "type",
        "title",
        "author",
        "editor",
        "issued",
        "custom",
        "keyword",
        "volume",
        "container-title",
        "container-title-short",
        "citation-key",
        "event",
        "page",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(csl_keys, json_values, max_size=6),
    st.dictionaries(
        st.sampled_from(["venue", "others", "homonyms", "extra", "keywords", "type", "selected"]),
        json_values,
        max_size=4,
    ),
)
def test_reading_any_item_never_raises(item: dict, ours: dict) -> None:
    for candidate in (item, {**item, "custom": {"bibexport": ours}}):
        record, diagnostics = csl.read_item(candidate)
        assert isinstance(record, Record)
        assert all(d.severity == "warning" for d in diagnostics)


def test_homonyms_are_dropped_when_the_names_were_edited() -> None:
    item = csl.to_csl(paper(authors=(Name("Ma", "Yi", homonym="0001"), Name("Roe", "R"))))
    item["author"] = [*item["author"][:1], {"family": "New"}, {"family": "Names"}]
    assert [n.homonym for n in csl.from_csl(item).authors] == ["", "", ""]
