"""BibTeX and BibLaTeX (bibexport.formats.bibtex): writer goldens, reader tables, errors."""

from __future__ import annotations

import bibtexparser
import pytest

from bibexport.errors import InputError
from bibexport.formats.bibtex import read, sniff, write_biblatex, write_bibtex
from bibexport.model import Name, PartialDate, Record, SourceSpan, Venue
from bibexport.registry import WriteOptions, get_format, guess_format

NOCASE = '<span class="nocase">'

# Records as the pipeline makes them from the sample page (venue facts filled in).
NEURIPS = Venue(
    id="neurips",
    name="Advances in Neural Information Processing Systems",
    short="NeurIPS",
    kind="conference",
    raw="NeurIPS",
)
ICLR = Venue(
    id="iclr",
    name="International Conference on Learning Representations",
    short="ICLR",
    kind="conference",
    raw="ICLR",
)
JMLR = Venue(
    id="jmlr", name="Journal of Machine Learning Research", short="JMLR", kind="journal", raw="JMLR"
)
ICML = Venue(
    id="icml",
    name="International Conference on Machine Learning",
    short="ICML",
    kind="conference",
    raw="ICML",
)


def names(*people: str) -> tuple[Name, ...]:
    out = []
    for person in people:
        *given, family = person.split(" ")
        homonym = ""
        if family.isdigit():
            homonym, family = family, given.pop()
        out.append(Name(family=family, given=" ".join(given), homonym=homonym))
    return tuple(out)


SAMPLE_RECORDS = [
    Record(
        type="paper-conference",
        key="fang2025beyond",
        title="Beyond Scores: Proximal Diffusion Models",
        authors=names("Zhenghan Fang", "Mateo Diaz", "Sam Buchanan", "Jeremias Sulam"),
        issued=PartialDate(2025),
        venue=NEURIPS,
        container_title="Advances in Neural Information Processing Systems",
        volume="38",
        publisher="Curran Associates, Inc.",
        abstract="Backward discretization with proximal maps "
        '(<span class="nocase">ProxDM</span>) needs '
        "$\\widetilde{\\mathcal O}(d/\\sqrt{\\varepsilon})$ steps — far fewer.",
    ),
    Record(
        type="paper-conference",
        key="pai2024masked",
        title="Masked Completion via Structured Diffusion with White-Box Transformers",
        authors=names("Druv Pai", "Sam Buchanan", "Ziyang Wu", "Yaodong Yu", "Yi Ma 0001"),
        issued=PartialDate(2024),
        venue=ICLR,
        container_title="International Conference on Learning Representations",
        publisher="OpenReview.net",
    ),
    Record(
        type="paper-conference",
        key="fang2024whats",
        title="What's in a Prior? Learned Proximal Networks for Inverse Problems",
        authors=names("Zhenghan Fang", "Sam Buchanan", "Jeremias Sulam"),
        issued=PartialDate(2024),
        venue=ICLR,
        container_title="International Conference on Learning Representations",
        publisher="OpenReview.net",
        abstract="We learn proximal networks (LPN) with <i>proximal matching</i>; "
        "50% fewer & faster.",
    ),
    Record(
        type="article-journal",
        key="yu2024whitebox",
        title="White-Box Transformers via Sparse Rate Reduction: Compression Is All There Is?",
        authors=names(
            "Yaodong Yu",
            "Sam Buchanan",
            "Druv Pai",
            "Tianzhe Chu",
            "Ziyang Wu",
            "Shengbang Tong",
            "Hao Bai",
            "Yuexiang Zhai",
        ),
        others=True,
        authors_cut=True,
        issued=PartialDate(2024),
        venue=JMLR,
        container_title="Journal of Machine Learning Research",
        volume="25",
    ),
    Record(
        type="paper-conference",
        key="buchanan2021deep",
        title="Deep Networks and the Multiple Manifold Problem",
        authors=names("Sam Buchanan", "Dar Gilboa", "John Wright 0001"),
        issued=PartialDate(2021),
        venue=ICLR,
        container_title="International Conference on Learning Representations",
        publisher="OpenReview.net",
        abstract="Training in the NTK regime with width $n \\geq L\\,\\mathrm{poly}(d_0)$.",
    ),
    Record(
        type="paper-conference",
        key="gilboa2019efficient",
        title="Efficient Dictionary Learning with Gradient Descent",
        authors=names("Dar Gilboa", "Sam Buchanan", "John Wright 0001"),
        issued=PartialDate(2019),
        venue=ICML,
        container_title="Proceedings of the 36th International Conference on Machine Learning",
        collection_title="Proceedings of Machine Learning Research",
        volume="97",
        publisher="PMLR",
        page="2252-2259",
    ),
]

EDGE_RECORDS = [
    Record(
        type="paper-conference",
        key="maaten2008edge",
        title="Edge Cases: {Braces}, 100% & $x_1$ in GPT2, ProxDM and CRATE-MAE — a “test”",
        authors=(
            Name("Maaten", "Laurens", particle="van der"),
            Name("King", "Martin Luther", suffix="Jr."),
            Name(literal="The Machine Learning Group"),
            Name("De Bortoli", "Valentin"),
            Name("Varoquaux", "Gaël"),
            Name("de la Fuente", "María"),
            Name("Łojasiewicz", "Stanisław"),
        ),
        editors=(Name("Smith", "A. B."),),
        issued=PartialDate(2008, 12, 3),
        venue=Venue(short="WS 2008", raw="Workshop on Edge Cases"),
        container_title="Proceedings of the Workshop on Edge Cases & Corner Cases",
        collection_title="Lecture Notes in Computer Science",
        volume="5000",
        number="12",
        page="100-110",
        publisher="Springer",
        publisher_place="Berlin",
        event_title="EC 2008",
        event_place="Vancouver, Canada",
        doi="10.1000/xyz_123",
        url="https://example.org/a_b?x=1&y=50%25",
        isbn="978-3-540-00000-0",
        language="english",
        keywords=("deep learning", "edge cases"),
        note="Oral presentation",
        selected=True,
        abstract="An abstract with <b>bold</b>, <i>italic</i>, x<sup>2</sup>, H<sub>2</sub>O, "
        "{braces} and a backslash \\ and ~ tilde.",
        extra=(
            ("pdf", "https://example.org/paper_1.pdf"),
            ("bibtex_show", "true"),
            ("title-short", "Edge"),
        ),
    ),
    Record(
        type="article",
        key="pai2023preprint",
        title="A Preprint on Something",
        authors=(Name("Pai", "Druv"),),
        issued=PartialDate(2023, 6),
        archive="arXiv",
        number="2306.01129",
        extra=(("primaryclass", "cs.LG"),),
    ),
    Record(
        type="thesis",
        key="buchanan2022phd",
        title="A Thesis",
        authors=(Name("Buchanan", "Sam"),),
        issued=PartialDate(2022),
        publisher="Columbia University",
    ),
    Record(
        type="thesis",
        key="doe2020ms",
        title="A Master's Thesis",
        authors=(Name("Doe", "Jane"),),
        issued=PartialDate(2020),
        publisher="MIT",
        genre="Master's thesis",
    ),
    Record(
        type="report",
        key="roe2019tr",
        title="A Report",
        authors=(Name("Roe", "R."),),
        issued=PartialDate(2019),
        publisher="Bell Labs",
        number="TR-42",
    ),
    Record(
        type="chapter",
        key="lee2018chapter",
        title="A Chapter",
        authors=(Name("Lee", "K."),),
        editors=(Name("Editor", "E."),),
        container_title="The Big Book",
        publisher="Wiley",
        page="1-20",
        edition="2",
        issued=PartialDate(2018),
    ),
    Record(
        type="book",
        key="knuth1984texbook",
        title="The TeXbook",
        authors=(Name("Knuth", "Donald E."),),
        publisher="Addison-Wesley",
        issued=PartialDate(1984),
        isbn="0-201-13447-0",
    ),
    Record(
        type="dataset",
        key="data2021",
        title="A Dataset",
        authors=(Name("Data", "D."),),
        url="https://example.org/data",
        issued=PartialDate(2021),
    ),
]


def _parse_clean(text: str) -> bibtexparser.Library:
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    return library


@pytest.mark.parametrize(
    ("name", "records"),
    [
        pytest.param("sample", SAMPLE_RECORDS, id="sample"),
        pytest.param("edge-cases", EDGE_RECORDS, id="edge-cases"),
    ],
)
def test_bibtex_golden(golden, name: str, records: list[Record]) -> None:
    text = write_bibtex(records, WriteOptions())
    golden(f"bibtex/{name}.bib", text)
    library = _parse_clean(text)
    assert [e.key for e in library.entries] == [r.key for r in records]


@pytest.mark.parametrize(
    ("name", "records"),
    [
        pytest.param("sample", SAMPLE_RECORDS, id="sample"),
        pytest.param("edge-cases", EDGE_RECORDS, id="edge-cases"),
    ],
)
def test_biblatex_golden(golden, name: str, records: list[Record]) -> None:
    text = write_biblatex(records, WriteOptions())
    golden(f"biblatex/{name}.bib", text)
    _parse_clean(text)


def test_output_shape() -> None:
    text = write_bibtex(SAMPLE_RECORDS, WriteOptions())
    assert text.endswith("}\n")
    assert "\n\n\n" not in text
    assert text.count("\n\n@") == len(SAMPLE_RECORDS) - 1
    assert write_bibtex(SAMPLE_RECORDS, WriteOptions()) == text


def test_homonym_numbers_never_printed() -> None:
    text = write_bibtex(SAMPLE_RECORDS, WriteOptions())
    assert "0001" not in text
    assert "Ma, Yi" in text


def test_others_and_short_venue() -> None:
    text = write_bibtex([SAMPLE_RECORDS[3]], WriteOptions())
    assert "Zhai, Yuexiang and others}" in text
    assert "abbr      = {JMLR}" in text
    assert "shortjournal = {JMLR}" in text


def test_no_empty_fields_and_missing_keys_are_made() -> None:
    text = write_bibtex(
        [Record(type="article-journal", title="Only a Title", note="  ")], WriteOptions()
    )
    assert text == "@article{only,\n  title     = {Only a Title}\n}\n"


# --- reading -----------------------------------------------------------------------


def read_one(text: str) -> Record:
    result = read(text, "in.bib")
    assert len(result.records) == 1
    return result.records[0]


@pytest.mark.parametrize(
    ("bib", "field", "value"),
    [
        pytest.param(
            '@string{j = "Journal of X"}\n@article{k, journal = j}',
            "container_title",
            "Journal of X",
            id="string-macro",
        ),
        pytest.param(
            '@string{a = "A"}\n@string{b = a # " and B"}\n@article{k, journal = b # {!}}',
            "container_title",
            "A and B!",
            id="concatenation",
        ),
        pytest.param(
            "@article{k, year = 2020, month = mar}",
            "issued",
            PartialDate(2020, 3),
            id="month-macro",
        ),
        pytest.param(
            "@article{k, year = {2020}, month = {March}}",
            "issued",
            PartialDate(2020, 3),
            id="month-name",
        ),
        pytest.param(
            "@article{k, year = {2020}, month = {11}}",
            "issued",
            PartialDate(2020, 11),
            id="month-number",
        ),
        pytest.param(
            "@article{k, date = {2021-05-04}}",
            "issued",
            PartialDate(2021, 5, 4),
            id="biblatex-date",
        ),
        pytest.param(
            "@article{k, date = {2021}, month = {may}}",
            "issued",
            PartialDate(2021, 5),
            id="year-date-and-month",
        ),
        pytest.param(
            "@article{k, title = {Caf{\\'e} \\\"uber {\\ss} \\c{c}a}}",
            "title",
            "Café über ß ça",
            id="accents",
        ),
        pytest.param(
            "@article{k, title = {{ProxDM}: a {Deep} idea}}",
            "title",
            f"ProxDM: a {NOCASE}Deep</span> idea",
            id="case-braces",
        ),
        pytest.param(
            "@article{k, title = {An $\\mathcal{O}(n)$ \\emph{bound}}}",
            "title",
            "An $\\mathcal{O}(n)$ <i>bound</i>",
            id="math-and-emph",
        ),
        pytest.param("@article{k, pages = {1--10}}", "page", "1-10", id="pages"),
        pytest.param(
            "@article{k, journal = {J}, number = {3}}", "issue", "3", id="article-number-is-issue"
        ),
        pytest.param("@techreport{k, number = {TR-1}}", "number", "TR-1", id="report-number"),
        pytest.param(
            "@misc{k, eprint = {2306.01129}, archivePrefix = {arXiv}, primaryClass = {cs.LG}}",
            "number",
            "2306.01129",
            id="eprint",
        ),
        pytest.param(
            "@misc{k, eprint = {2306.01129}, archivePrefix = {arXiv}}",
            "type",
            "article",
            id="eprint-is-preprint",
        ),
        pytest.param(
            "@article{k, journal = {arXiv preprint arXiv:2306.01129}}",
            "number",
            "2306.01129",
            id="scholar-preprint",
        ),
        pytest.param(
            "@article{k, journal = {CoRR}, volume = {abs/2306.01129}}",
            "volume",
            "",
            id="dblp-corr-volume-is-the-id",
        ),
        pytest.param(
            "@article{k, journal = {CoRR}, volume = {abs/2306.01129}}",
            "archive",
            "arXiv",
            id="dblp-corr",
        ),
        pytest.param(
            "@online{k, eprint = {1}, eprinttype = {arxiv}}",
            "archive",
            "arxiv",
            id="biblatex-eprinttype",
        ),
        pytest.param(
            "@inproceedings{k, booktitle = {NeurIPS}, abbr = {NeurIPS}}",
            "venue",
            Venue(raw="NeurIPS", short="NeurIPS"),
            id="venue-raw-and-short",
        ),
        pytest.param(
            "@article{k, journaltitle = {J. X}, shortjournal = {JX}}",
            "venue",
            Venue(raw="J. X", short="JX"),
            id="shortjournal",
        ),
        pytest.param("@phdthesis{k, school = {MIT}}", "publisher", "MIT", id="school"),
        pytest.param("@mastersthesis{k, school = {MIT}}", "genre", "Master's thesis", id="masters"),
        pytest.param("@thesis{k, type = {phdthesis}}", "genre", "", id="biblatex-phd"),
        pytest.param(
            "@article{k, keywords = {a, b; c}}", "keywords", ("a", "b", "c"), id="keywords"
        ),
        pytest.param(
            "@article{k, url = {https://x.org/a\\_b}, doi = {10.1/x\\_y}}",
            "doi",
            "10.1/x_y",
            id="verbatim-unescaped",
        ),
        pytest.param(
            "@misc{k, howpublished = {\\url{https://x.org}}}",
            "url",
            "https://x.org",
            id="howpublished-url",
        ),
        pytest.param("@article{k, selected = {true}}", "selected", True, id="selected"),
        pytest.param(
            "@article{k, pdf = {https://x.org/p_1.pdf}, bibtex_show = {true}}",
            "extra",
            (("pdf", "https://x.org/p_1.pdf"), ("bibtex_show", "true")),
            id="unknown-to-extra",
        ),
        pytest.param(
            "@inproceedings{k, location = {Rome}, venue = {Vienna}}",
            "publisher_place",
            "Rome",
            id="location",
        ),
    ],
)
def test_reader_fields(bib: str, field: str, value: object) -> None:
    assert getattr(read_one(bib), field) == value


@pytest.mark.parametrize(
    ("author", "expected", "others"),
    [
        pytest.param("Buchanan, Sam", (Name("Buchanan", "Sam"),), False, id="family-given"),
        pytest.param("Sam Buchanan", (Name("Buchanan", "Sam"),), False, id="given-family"),
        pytest.param(
            "van der Maaten, Laurens",
            (Name("Maaten", "Laurens", particle="van der"),),
            False,
            id="von-comma",
        ),
        pytest.param(
            "Laurens van der Maaten",
            (Name("Maaten", "Laurens", particle="van der"),),
            False,
            id="von-first",
        ),
        pytest.param(
            "De Bortoli, Valentin", (Name("De Bortoli", "Valentin"),), False, id="capital-particle"
        ),
        pytest.param(
            "King, Jr., Martin", (Name("King", "Martin", suffix="Jr."),), False, id="suffix"
        ),
        pytest.param("{The ML Group}", (Name(literal="The ML Group"),), False, id="literal"),
        pytest.param('Ga{\\"e}l Varoquaux', (Name("Varoquaux", "Gaël"),), False, id="accent"),
        pytest.param("Yi Ma 0001", (Name("Ma", "Yi", homonym="0001"),), False, id="homonym"),
        pytest.param("Ma 0001, Yi", (Name("Ma", "Yi", homonym="0001"),), False, id="homonym-comma"),
        pytest.param(
            "A, B and C, D and others", (Name("A", "B"), Name("C", "D")), True, id="others"
        ),
        pytest.param("A, B AND C, D", (Name("A", "B"), Name("C", "D")), False, id="uppercase-and"),
        pytest.param(
            "{Barnes and Noble}", (Name(literal="Barnes and Noble"),), False, id="braced-and"
        ),
    ],
)
def test_reader_names(author: str, expected: tuple[Name, ...], others: bool) -> None:
    record = read_one(f"@article{{k, author = {{{author}}}}}")
    assert record.authors == expected
    assert record.others is others


def test_reader_ignores_comments_and_preamble() -> None:
    text = (
        '% a comment\n@comment{anything}\n@preamble{"\\newcommand{\\x}{y}"}\n\n'
        "@article{k, title={T}}\n"
    )
    result = read(text, "in.bib")
    assert [r.key for r in result.records] == ["k"]
    assert result.records[0].source == SourceSpan("in.bib", 5)


def test_failed_block_is_an_input_error_with_its_line() -> None:
    text = (
        "@article{a, title={ok}}\n\n@article{b,\n  title = {unbalanced,\n  year = 2020\n}\n"
        "@article{c, title={fine}}\n"
    )
    with pytest.raises(InputError) as caught:
        read(text, "bad.bib")
    assert caught.value.source == SourceSpan("bad.bib", 3)
    assert "@article" in caught.value.message


def test_duplicate_keys_warn_and_keep_both() -> None:
    result = read("@article{a, title={One}}\n@article{a, title={Two}}\n", "in.bib")
    assert [r.title for r in result.records] == ["One", "Two"]
    assert [d.code for d in result.diagnostics] == ["bibtex-duplicate-key"]
    assert result.diagnostics[0].source == SourceSpan("in.bib", 2)


def test_undefined_macro_is_reported() -> None:
    result = read("@article{a, journal = nosuchmacro}", "in.bib")
    assert result.records[0].container_title == "nosuchmacro"
    assert [d.code for d in result.diagnostics] == ["bibtex-macro"]


def test_bad_year_is_reported_and_kept() -> None:
    result = read("@article{a, year = {forthcoming}}", "in.bib")
    assert result.records[0].issued is None
    assert ("year", "forthcoming") in result.records[0].extra
    assert [d.code for d in result.diagnostics] == ["bibtex-date"]


def test_crossref_fills_missing_fields() -> None:
    text = (
        "@inproceedings{child, title = {Paper}, crossref = {proc}}\n"
        "@proceedings{proc, title = {Proceedings of X}, year = 2020, publisher = {P}}\n"
    )
    child = read(text, "in.bib").records[0]
    assert (child.container_title, child.year, child.publisher) == ("Proceedings of X", 2020, "P")


def test_sniff_and_registry() -> None:
    assert sniff("% header\n@Article{x,\n}")
    assert sniff("  @inproceedings (x, title={a})")
    assert not sniff("Someone wrote to me@example.org {x}")
    assert guess_format("refs.txt", "@article{x, title={T}}") == "bibtex"
    assert get_format("biblatex").write is write_biblatex


# --- through the whole pipeline ------------------------------------------------------


def _convert(
    text: str, name: str, to: str, pattern: str = "default", drop: tuple[str, ...] = ()
) -> str:
    from bibexport.pipeline import ConvertOptions, InputText, convert

    options = ConvertOptions(to_format=to, key_pattern=pattern, drop_fields=drop)
    return convert([InputText(text, name)], options).output


@pytest.mark.parametrize("to", ["bibtex", "biblatex"])
def test_sample_listing_golden_and_fixed_point(golden, sample_text: str, to: str) -> None:
    # The golden leaves the abstracts out: they are the sample's prose, not ours to copy.
    golden(f"{to}/buchanan-listing.bib", _convert(sample_text, "s.txt", to, drop=("abstract",)))
    output = _convert(sample_text, "buchanan-listing.txt", to)
    library = _parse_clean(output)
    assert len(library.entries) == 9
    # Reading what we wrote and writing it again gives the same bytes.
    assert _convert(output, "buchanan-listing.bib", to) == output


def test_sample_listing_abstracts_are_latex(sample_text: str) -> None:
    abstracts = [
        e.fields_dict["abstract"].value
        for e in _parse_clean(_convert(sample_text, "s.txt", "bibtex")).entries
    ]
    assert len(abstracts) == 9
    first = abstracts[0]
    assert "$\\widetilde{\\mathcal O}(d/\\sqrt{\\varepsilon})$" in first  # math verbatim
    assert "\\textit{proximal matching}" in first  # _emphasis_ from the page
    assert "({ProxDM})" in first  # a code span keeps its case
    assert "score---the gradient" in first  # the page's TeX dash
    assert all("&copy" not in a and "[ pdf ]" not in a for a in abstracts)
    assert any("\\textasciitilde{}30\\%" in a for a in abstracts)  # ~ and % escaped


def test_sample_listing_dblp_keys(sample_text: str) -> None:
    output = _convert(sample_text, "buchanan-listing.txt", "bibtex", "dblp")
    keys = [e.key for e in _parse_clean(output).entries]
    assert "DBLP:conf/nips/YuBPCWTHM23" in keys
    assert "DBLP:conf/iclr/BuchananG021" in keys  # John Wright 0001: a numbered homonym
    assert "DBLP:conf/icml/GilboaB019" in keys


@pytest.mark.parametrize(
    ("bib", "code"),
    [
        pytest.param("@foo{k, title={T}}", "bibtex-type", id="unknown-type"),
        pytest.param("@article{k, year={2020}, month={Spring}}", "bibtex-date", id="bad-month"),
    ],
)
def test_reader_warnings(bib: str, code: str) -> None:
    result = read(bib, "in.bib")
    assert [d.code for d in result.diagnostics] == [code]
    assert result.diagnostics[0].source == SourceSpan("in.bib", 1)


def test_bad_month_is_kept_in_extra_and_written_back() -> None:
    record = read_one("@article{k, year={2020}, month={Spring}}")
    assert record.issued == PartialDate(2020)
    assert ("month", "Spring") in record.extra
    assert "month     = {Spring}" in write_bibtex([record], WriteOptions())


def test_subtitle_joins_title() -> None:
    record = read_one("@book{k, title={Main Title}, subtitle={A {GPU} Story}}")
    assert record.title == "Main Title: A GPU Story"


def test_year_with_letter_suffix() -> None:
    assert read_one("@article{k, year={2020a}}").issued == PartialDate(2020)


@pytest.mark.parametrize(
    ("name", "written"),
    [
        pytest.param(Name(given="Plato"), "{Plato}", id="given-only"),
        pytest.param(
            Name("Maaten", particle="van der"), "van der Maaten, {}", id="particle-no-given"
        ),
        pytest.param(Name("de la Fuente", "María"), "{de la Fuente}, María", id="lowercase-family"),
        pytest.param(Name("Smith, Jr", "A"), "{Smith, Jr}, A", id="comma-in-family"),
        pytest.param(Name("Barnes and Noble", "A"), "{Barnes and Noble}, A", id="and-in-family"),
        pytest.param(Name("King", suffix="Jr."), "King, Jr., {}", id="suffix-no-given"),
    ],
)
def test_name_writing(name: Name, written: str) -> None:
    from bibexport.formats.bibtex import format_name

    assert format_name(name) == written


def test_empty_names_are_skipped() -> None:
    record = Record(type="article-journal", key="k", title="T", authors=(Name(), Name("A", "B")))
    assert "author    = {A, B}" in write_bibtex([record], WriteOptions())


def test_missing_comma_is_an_input_error_with_the_field_line() -> None:
    text = "@article{a, title={ok}}\n@article{b,\n  title={x} year=2}\n"
    with pytest.raises(InputError, match="missing comma") as caught:
        read(text, "bad.bib")
    assert caught.value.source == SourceSpan("bad.bib", 3)


def test_failed_blocks_log_nothing_themselves(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG")
    with pytest.raises(InputError, match="end of file"):
        read("@article{b,\n  title = {unbalanced,\n", "bad.bib")
    assert [r for r in caplog.records if r.name.startswith("bibtexparser")] == []


def test_entry_with_no_fields() -> None:
    assert write_bibtex([Record(type="document", key="k")], WriteOptions()) == "@misc{k,\n}\n"
