"""RIS: reader, writer, round trips and goldens."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bibexport.errors import InputError
from bibexport.formats import ris
from bibexport.model import RECORD_TYPES, Name, PartialDate, Record, Venue
from tests.test_csl_strategies import dates, edge_records, person_names, records

_chars = st.characters(
    blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Zs", "Cf", "Co", "Cn"),
    blacklist_characters="<;",
)
_word = st.text(_chars, min_size=1, max_size=8)
ris_text = st.lists(_word, max_size=4).map(" ".join)
ris_names = st.lists(person_names().map(lambda n: replace(n, homonym="")), max_size=4).map(tuple)


@st.composite
def ris_records(draw: st.DrawFn) -> Record:
    """Records holding only what RIS carries, with values as RIS holds them."""
    record_type = draw(st.sampled_from(RECORD_TYPES))
    container = draw(ris_text)
    short = draw(ris_text) if record_type == "article-journal" else ""
    event = draw(ris_text) if record_type == "paper-conference" and container else ""
    return Record(
        type=record_type,
        key=draw(st.from_regex(r"[a-z][a-z0-9:_-]{0,12}", fullmatch=True)),
        title=draw(ris_text),
        authors=draw(ris_names),
        editors=draw(ris_names),
        issued=draw(dates),
        venue=Venue(raw=container, short=short) if container or short else None,
        container_title=container,
        event_title=event,
        collection_title=draw(ris_text),
        volume=draw(ris_text),
        issue=draw(ris_text),
        page=draw(st.sampled_from(["", "7", "101-120", "e1002"])),
        edition=draw(ris_text),
        number=draw(ris_text),
        genre=draw(ris_text) if record_type in ris.GENRE_TYPES else "",
        publisher=draw(ris_text),
        publisher_place=draw(ris_text),
        archive=draw(ris_text),
        doi=draw(ris_text),
        url=draw(ris_text),
        isbn=draw(st.sampled_from(["", "978-3-16-148410-0"])),
        issn=draw(st.sampled_from(["", "1532-4435", "0028-0836"])),
        language=draw(ris_text),
        abstract=draw(ris_text),
        note=draw(ris_text),
        keywords=tuple(draw(st.lists(_word, max_size=3))),
    )


def round_trip(records_in: list[Record]) -> list[Record]:
    return ris.read(ris.write(records_in), "t.ris").records


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ris_records(), min_size=1, max_size=3))
def test_round_trip_is_exact_for_what_ris_carries(records_in: list[Record]) -> None:
    assert round_trip(records_in) == records_in


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(records(), min_size=1, max_size=3))
def test_any_record_writes_readable_ris(records_in: list[Record]) -> None:
    text = ris.write(records_in)
    result = ris.read(text, "t.ris")
    assert len(result.records) == len(records_in)
    assert [r.type for r in result.records] == [r.type for r in records_in]
    assert result.diagnostics == []
    assert all(len(line) == 0 or line[2:6] == "  - " for line in text.split("\r\n"))


@given(st.text(max_size=300))
def test_reader_never_crashes(text: str) -> None:
    try:
        result = ris.read(text, "t.ris")
    except InputError as error:
        assert error.source is not None and error.source.line >= 1
    else:
        assert all(isinstance(r, Record) for r in result.records)


def test_writer_lines_and_record_end() -> None:
    text = ris.write(edge_records()[:2])
    assert text.startswith("TY  - CPAPER\r\n")
    assert "\nER  - \r\n\r\nTY  - JOUR\r\n" in text
    assert text.endswith("ER  - \r\n\r\n")
    assert "\n" not in text.replace("\r\n", "")


def test_writer_renders_rich_text_plain_and_keeps_math() -> None:
    text = ris.write(edge_records()[:1])
    assert "TI  - Visualizing Data using t-SNE: $O(n \\log n)$ & “quotes”\r\n" in text
    assert "AB  - Line one. Line two with bold and $\\alpha_1$.\r\n" in text


@pytest.mark.parametrize(
    ("name", "text"),
    [
        pytest.param(Name("Maaten", "Laurens", particle="van der"), "van der Maaten, Laurens"),
        pytest.param(Name("De Bortoli", "Valentin"), "De Bortoli, Valentin", id="capital-particle"),
        pytest.param(Name("King", "Martin", suffix="Jr."), "King, Martin, Jr.", id="suffix"),
        pytest.param(Name("Plato"), "Plato,", id="family-only"),
        pytest.param(Name(literal="OpenAI"), "OpenAI", id="literal"),
    ],
)
def test_names_both_ways(name: Name, text: str) -> None:
    assert ris.name_to_ris(name) == text
    assert ris.name_from_ris(text) == name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("2024", PartialDate(2024), id="year"),
        pytest.param("2024///", PartialDate(2024), id="old-spec-year"),
        pytest.param("2024/05//", PartialDate(2024, 5), id="year-month"),
        pytest.param("2024/05/17/", PartialDate(2024, 5, 17), id="full"),
        pytest.param("2024/05/17/Spring", PartialDate(2024, 5, 17), id="other-info"),
        pytest.param("2024-05-17", PartialDate(2024, 5, 17), id="iso"),
        pytest.param("2024/13/01/", PartialDate(2024), id="bad-month"),
        pytest.param("n.d.", None, id="no-year"),
    ],
)
def test_dates(text: str, expected: PartialDate | None) -> None:
    assert ris.parse_ris_date(text) == expected


ZOTERO = (
    "\ufeffTY  - CONF\r\nTI  - A Paper\r\nAU  - Doe, Jane\r\nT2  - ICML 2019\r\n"
    "C3  - Proceedings of the 36th International Conference on Machine Learning\r\n"
    "DA  - 2019/06/09/\r\nPY  - 2019\r\nSP  - 1\r\nEP  - 10\r\nVL  - 97\r\nER  - \r\n\r\n"
)
ENDNOTE = (
    "TY  - JOUR\nA1  - Roe, R.\nT1  - Old Style\nJF  - Journal of Things\nJA  - J. Things\n"
    "Y1  - 1999///\nN2  - An abstract\nthat continues here.\nKW  - one; two\nER  -\n"
)


@pytest.mark.parametrize(
    ("text", "field", "expected"),
    [
        pytest.param(ZOTERO, "type", "paper-conference", id="conf"),
        pytest.param(
            ZOTERO,
            "container_title",
            "Proceedings of the 36th International Conference on Machine Learning",
            id="c3-proceedings",
        ),
        pytest.param(ZOTERO, "event_title", "ICML 2019", id="t2-conference-name"),
        pytest.param(ZOTERO, "issued", PartialDate(2019, 6, 9), id="da-wins"),
        pytest.param(ZOTERO, "page", "1-10", id="pages"),
        pytest.param(ENDNOTE, "authors", (Name("Roe", "R."),), id="a1"),
        pytest.param(ENDNOTE, "title", "Old Style", id="t1"),
        pytest.param(ENDNOTE, "container_title", "Journal of Things", id="jf"),
        pytest.param(ENDNOTE, "venue", Venue(raw="Journal of Things", short="J. Things"), id="ja"),
        pytest.param(ENDNOTE, "issued", PartialDate(1999), id="y1"),
        pytest.param(ENDNOTE, "abstract", "An abstract that continues here.", id="continued"),
        pytest.param(ENDNOTE, "keywords", ("one", "two"), id="kw-semicolons"),
        pytest.param("TY - JOUR\nTI - One space\nER -\n", "title", "One space", id="one-space"),
        pytest.param(
            "Provider: JSTOR http://www.jstor.org\nDatabase: JSTOR\nContent: text/plain\n\n"
            "TY  - JOUR\nTI  - After a preamble\nER  - \n",
            "title",
            "After a preamble",
            id="provider-preamble",
        ),
        pytest.param(
            "TY  - JOUR\nTI  - First\nTI  - Second\nXY  - odd\nER  - \n",
            "extra",
            (("TI", "Second"), ("XY", "odd")),
            id="repeats-and-unknown-tags-kept",
        ),
        pytest.param(
            "TY  - BOOK\nA3  - Ed, Ann\nSN  - 978-0-00-000000-2\nSN  - 1234-567X\nER  - \n",
            "editors",
            (Name("Ed", "Ann"),),
            id="book-editor-a3",
        ),
    ],
)
def test_reads_real_variations(text: str, field: str, expected: object) -> None:
    result = ris.read(text, "in.ris")
    assert len(result.records) == 1
    assert getattr(result.records[0], field) == expected


def test_serial_numbers_are_told_apart() -> None:
    text = "TY  - BOOK\nSN  - 978-0-00-000000-2\nSN  - 1234-567X\nER  - \n"
    record = ris.read(text, "in.ris").records[0]
    assert (record.isbn, record.issn) == ("978-0-00-000000-2", "1234-567X")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        pytest.param("hello\nTY  - JOUR\nER  - \n", 1, "expected a 'TY  - ' line", id="prose"),
        pytest.param("\n\nTI  - No type\nER  - \n", 3, "outside a record", id="tag-before-ty"),
        pytest.param(
            "TY  - JOUR\nER  - \nstray text\n", 3, "expected a 'TY  - ' line", id="after-er"
        ),
    ],
)
def test_bad_ris_is_an_input_error_with_its_line(text: str, line: int, message: str) -> None:
    with pytest.raises(InputError) as caught:
        ris.read(text, "bad.ris")
    assert caught.value.source is not None
    assert caught.value.source.line == line
    assert message in caught.value.message


@pytest.mark.parametrize(
    ("text", "code"),
    [
        pytest.param("TY  - WHAT\nTI  - x\nER  - \n", "ris-type", id="unknown-type"),
        pytest.param("TY  - JOUR\nTI  - x\n", "ris-unclosed", id="no-er"),
        pytest.param("TY  - JOUR\nPY  - someday\nER  - \n", "ris-date", id="bad-date"),
    ],
)
def test_problems_are_warnings(text: str, code: str) -> None:
    result = ris.read(text, "w.ris")
    assert [d.code for d in result.diagnostics] == [code]
    assert len(result.records) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("TY  - JOUR\nER  - \n", True, id="ris"),
        pytest.param("\ufeff\n\nTY  - BOOK\n", True, id="bom-and-blank-lines"),
        pytest.param("TY - JOUR\n", True, id="one-space"),
        pytest.param("Provider: JSTOR\nDatabase: JSTOR\n\nTY  - JOUR\n", True, id="preamble"),
        pytest.param("@article{x,\n}", False, id="bibtex"),
        pytest.param('[{"id": "x"}]', False, id="json"),
        pytest.param("Arrow Research search\n\nTY  - JOUR", False, id="listing"),
    ],
)
def test_sniff(text: str, expected: bool) -> None:
    assert ris.sniff(text) is expected


def test_golden_edge_cases(golden) -> None:
    text = ris.write(edge_records())
    golden("ris/edge-cases.ris", text.replace("\r\n", "\n"))
    assert ris.write(edge_records()) == text


def test_golden_foreign_input_read_and_written_back(golden) -> None:
    from tests.conftest import GOLDEN

    source = (GOLDEN / "ris" / "foreign.input.ris").read_text(encoding="utf-8")
    result = ris.read(source, "foreign.input.ris")
    assert result.diagnostics == []
    golden("ris/foreign.output.ris", ris.write(result.records).replace("\r\n", "\n"))


def test_golden_sample(sample_text: str, golden) -> None:
    pytest.importorskip("bibexport.formats.listing")
    from bibexport.pipeline import ConvertOptions, InputText, convert

    result = convert(
        [InputText(sample_text, "buchanan-listing.txt")], ConvertOptions(to_format="ris")
    )
    # The sample's abstracts are not ours to copy: the golden leaves them out.
    records_in = [record.with_changes(abstract="") for record in result.records]
    text = ris.write(records_in)
    golden("ris/buchanan-listing.ris", text.replace("\r\n", "\n"))
    back = ris.read(text, "buchanan-listing.ris").records
    unnumbered = [tuple(replace(n, homonym="") for n in r.authors) for r in records_in]
    assert [r.authors for r in back] == unnumbered
    assert [(r.key, r.title, r.issued, r.volume) for r in back] == [
        (r.key, r.title, r.issued, r.volume) for r in records_in
    ]


def test_a_standard_ris_parser_reads_our_output_and_we_read_its() -> None:
    """rispy, an independent RIS reader and writer, agrees with ours both ways."""
    rispy = pytest.importorskip("rispy")
    records_in = edge_records()
    entries = rispy.loads(ris.write(records_in))
    assert [e["type_of_reference"] for e in entries] == ["CPAPER", "JOUR", "UNPB", "BOOK", "THES"]
    assert entries[0]["authors"][0] == "van der Maaten, Laurens"
    assert entries[0]["start_page"] == "1" and entries[0]["end_page"] == "9"
    assert entries[1]["secondary_title"] == "Journal of Machine Learning Research"
    assert [e.get("year") for e in entries] == ["2008", "2024", "2023", None, "2020"]
    back = ris.read(rispy.dumps(entries), "rispy.ris")
    assert back.diagnostics == []
    assert [r.title for r in back.records] == [ris.plain(r.title) for r in records_in]
    assert [r.authors for r in back.records] == [
        tuple(replace(n, homonym="") for n in r.authors) for r in records_in
    ]
    assert [r.issued for r in back.records] == [r.issued for r in records_in]
