"""Round trips: record -> BibTeX/BibLaTeX -> record gives the same record.

Records are generated as readers give them (the venue is the container title
as written plus the short name; no homonym numbers, which BibTeX cannot carry).
Every output also parses with bibtexparser v2 with no failed block.
"""

from __future__ import annotations

from dataclasses import replace

import bibtexparser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bibexport.formats.bibtex import read, write_biblatex, write_bibtex
from bibexport.model import Name, PartialDate, Record, Venue
from bibexport.registry import WriteOptions

RICH_WORDS = [
    "Deep",
    "networks",
    "LPN",
    "ProxDM",
    "CRATE-MAE",
    "GPT2",
    "What's",
    "Gaël",
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
    "<i>it</i>",
    "<b>bold</b>",
    "H<sub>2</sub>O",
    "x<sup>2</sup>",
    '<span class="nocase">iPhone</span>',
    '<span class="nocase">LPN</span>',
    '<span class="nocase">Keep This</span>',
    "Straße",
    "A",
    "3D",
    "White-Box",
    "<",
    '"',
    "e.g.",
]
PLAIN_WORDS = [
    "Science",
    "&",
    "Society",
    "50%",
    "$x$",
    "a_b",
    "Café",
    "—",
    "–",
    "{",
    "}",
    "#",
    "~",
    "Łódź",
    "Proceedings",
    "of",
    "the",
    "36th",
    "--",
    "and",
    "Inc.,",
    "\\",
    "^",
    "<i>",
]


def phrase(words: list[str], max_size: int = 8) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(words), min_size=1, max_size=max_size).map(" ".join)


def optional(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.just(""), strategy)


PLAIN = phrase(PLAIN_WORDS)
RICH = phrase(RICH_WORDS, 12)
FAMILIES = [
    "Buchanan",
    "De Bortoli",
    "Łojasiewicz",
    "Öztürk",
    "O'Neil",
    "d'Alembert",
    "de la Fuente",
    "Smith-Jones",
    "Van Gogh",
    "Müller",
    "Ma",
]
GIVENS = ["Sam", "Gaël", "A. B.", "María José", "Yi", "de", ""]

PERSON = st.builds(
    Name,
    family=st.sampled_from(FAMILIES),
    given=st.sampled_from(GIVENS),
    particle=st.sampled_from(["", "", "van der", "de", "von"]),
    suffix=st.sampled_from(["", "", "Jr.", "III"]),
)
LITERAL = st.builds(Name, literal=st.sampled_from(["The ML Group", "Barnes and Noble", "OpenAI"]))
NAMES = st.lists(st.one_of(PERSON, PERSON, LITERAL), max_size=5).map(tuple)


@st.composite
def dates(draw) -> PartialDate | None:
    if draw(st.booleans()):
        return None
    year = draw(st.integers(1500, 2100))
    month = draw(st.one_of(st.none(), st.integers(1, 12)))
    day = draw(st.integers(1, 28)) if month and draw(st.booleans()) else None
    return PartialDate(year, month, day)


EXTRA_NAMES = ["pdf", "code", "bibtex_show", "award", "preview", "myfield", "html"]
EXTRA_VALUES = st.one_of(PLAIN, st.sampled_from(["https://x.org/a_b%20c?d=1&e=2", "true"]))


@st.composite
def records(draw, types: list[str]) -> Record:
    record_type = draw(st.sampled_from(types))
    authors = draw(NAMES)
    container = draw(optional(PLAIN))
    short = draw(optional(st.sampled_from(["NeurIPS", "JMLR", "ICML 2019"])))
    genre = ""
    if record_type == "thesis":
        genre = draw(st.sampled_from(["", "Master's thesis", "Doctoral dissertation"]))
    elif record_type == "report":
        genre = draw(st.sampled_from(["", "Technical Report"]))
    archive = number = ""
    extra: list[tuple[str, str]] = []
    if record_type == "article":
        archive = draw(st.sampled_from(["arXiv", "bioRxiv"]))
        number = draw(st.sampled_from(["2306.01129", "1234.5678", ""]))
        if draw(st.booleans()):
            extra.append(("primaryclass", "cs.LG"))
    else:
        number = draw(optional(st.sampled_from(["12", "TR-42", "e1234"])))
    for name in draw(st.lists(st.sampled_from(EXTRA_NAMES), unique=True, max_size=3)):
        extra.append((name, draw(EXTRA_VALUES)))
    return Record(
        type=record_type,
        key=draw(st.from_regex(r"[a-z][a-z0-9:_-]{0,15}", fullmatch=True)),
        title=draw(optional(RICH)),
        authors=authors,
        editors=draw(NAMES),
        issued=draw(dates()),
        venue=Venue(raw=container, short=short) if container or short else None,
        container_title=container,
        collection_title=draw(optional(PLAIN)),
        volume=draw(optional(st.sampled_from(["25", "abs/1111.22222", "II"]))),
        issue=draw(optional(st.sampled_from(["3", "Spring"]))),
        page=draw(optional(st.sampled_from(["1-10", "e123", "12", "1-10, 15-20"]))),
        edition=draw(optional(st.sampled_from(["2", "Second"]))),
        publisher=draw(optional(PLAIN)),
        publisher_place=draw(optional(PLAIN)),
        event_title=draw(optional(PLAIN)),
        event_place=draw(optional(PLAIN)),
        genre=genre,
        number=number,
        archive=archive,
        doi=draw(optional(st.sampled_from(["10.1000/xyz_123", "10.5555/a%b"]))),
        url=draw(
            optional(st.sampled_from(["https://example.org/a_b?x=1&y=2#frag", "http://x.org/~me"]))
        ),
        isbn=draw(optional(st.just("978-3-540-00000-0"))),
        issn=draw(optional(st.just("1532-4435"))),
        language=draw(optional(st.sampled_from(["english", "German"]))),
        abstract=draw(optional(RICH)),
        note=draw(optional(PLAIN)),
        keywords=tuple(
            draw(
                st.lists(
                    st.sampled_from(["deep learning", "Łódź", "x_y", "50%"]),
                    unique=True,
                    max_size=3,
                )
            )
        ),
        others=bool(authors) and draw(st.booleans()),
        selected=draw(st.booleans()),
        extra=tuple(extra),
    )


BIBTEX_TYPES = [
    "paper-conference",
    "article-journal",
    "article",
    "chapter",
    "book",
    "thesis",
    "report",
    "manuscript",
    "document",
]
BIBLATEX_TYPES = [*BIBTEX_TYPES, "dataset", "software", "webpage", "patent", "entry-encyclopedia"]
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _bibtex_balanced(text: str) -> bool:
    """Every entry's braces balance as BibTeX counts them: every brace, escaped or not."""
    for entry in text.split("\n\n"):
        depth = 0
        for ch in entry:
            depth += {"{": 1, "}": -1}.get(ch, 0)
            if depth < 0:
                return False
        if depth:
            return False
    return True


def _check(records: list[Record], text: str) -> None:
    assert _bibtex_balanced(text)
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    assert len(library.entries) == len(records)
    result = read(text, "round.bib")
    for expected, actual in zip(records, result.records, strict=True):
        assert actual == expected


@SETTINGS
@given(st.lists(records(BIBTEX_TYPES), min_size=1, max_size=3, unique_by=lambda r: r.key))
def test_bibtex_round_trip(generated: list[Record]) -> None:
    _check(generated, write_bibtex(generated, WriteOptions()))


@SETTINGS
@given(st.lists(records(BIBLATEX_TYPES), min_size=1, max_size=3, unique_by=lambda r: r.key))
def test_biblatex_round_trip(generated: list[Record]) -> None:
    _check(generated, write_biblatex(generated, WriteOptions()))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_reader_never_crashes(text: str) -> None:
    from bibexport.errors import InputError

    try:
        result = read(text, "any.bib")
    except InputError as error:
        assert error.source is not None and error.source.line >= 1
    else:
        assert all(isinstance(r, Record) for r in result.records)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('@article{k,title="}#\\ \n$%and')), max_size=120))
def test_reader_never_crashes_on_bib_like_text(text: str) -> None:
    from bibexport.errors import InputError

    try:
        read(text, "any.bib")
    except InputError as error:
        assert error.source is not None


# --- across formats: bib -> CSL -> bib, through the whole pipeline ------------------------


def _convert(text: str, name: str, source: str, target: str) -> str:
    from bibexport.pipeline import ConvertOptions, InputText, convert

    options = ConvertOptions(from_format=source, to_format=target)
    return convert([InputText(text, name)], options).output


def test_bib_to_csl_to_bib_is_exact() -> None:
    """The three-file round trip: a .bib, its CSL-JSON and CSL-YAML, and the .bib again."""
    from tests.conftest import GOLDEN

    bib = _convert(
        (GOLDEN / "bibtex" / "edge-cases.bib").read_text("utf-8"), "e.bib", "bibtex", "bibtex"
    )
    for csl in ("csljson", "cslyaml"):
        middle = _convert(bib, "e.bib", "bibtex", csl)
        assert _convert(middle, f"e.{csl}", csl, "bibtex") == bib, csl
    assert _convert(bib, "e.bib", "bibtex", "biblatex") == _convert(
        _convert(bib, "e.bib", "bibtex", "csljson"), "e.json", "csljson", "biblatex"
    )


# --- any .bib: what we write of what we read reads back the same ------------------------

_PIECES = st.sampled_from(
    [
        *"abcAB {}#$%&_~^-,=@()0123456789éß\n",
        *("\\'", '\\"', "\\c", "\\textit{", "$x$", " and ", "others", "--", "{\\em "),
        *("\\url{", "Ma", "arXiv", "2306.01129"),
    ]
)
_FIELDS = st.sampled_from(
    [
        *("title", "author", "editor", "journal", "booktitle", "year", "month", "date"),
        *("pages", "eprint", "archiveprefix", "url", "doi", "keywords", "abstract", "note"),
        *("number", "volume", "abbr", "type", "school", "foo"),
    ]
)
_KINDS = ["article", "inproceedings", "misc", "phdthesis", "mastersthesis", "techreport", "book"]


def _balanced(value: str) -> bool:
    depth = 0
    for ch in value:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(_KINDS),
    st.lists(
        st.tuples(_FIELDS, st.lists(_PIECES, max_size=12).map("".join).filter(_balanced)),
        max_size=8,
        unique_by=lambda f: f[0],
    ),
)
def test_reading_what_we_wrote_of_any_bib_is_a_fixed_point(kind: str, fields: list) -> None:
    from bibexport.errors import InputError

    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    try:
        first = read(f"@{kind}{{k,\n{body}\n}}\n", "any.bib").records
    except InputError:
        return
    written = write_bibtex(first, WriteOptions())
    assert _bibtex_balanced(written)
    # Homonym numbers are never printed: the only thing BibTeX output leaves out.
    expected = [
        r.with_changes(
            authors=tuple(replace(n, homonym="") for n in r.authors),
            editors=tuple(replace(n, homonym="") for n in r.editors),
        )
        for r in first
    ]
    assert read(written, "again.bib").records == expected
