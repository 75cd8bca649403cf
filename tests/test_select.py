"""Selection, sorting and field choice (select.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bibexport.errors import UsageError
from bibexport.model import Name, PartialDate, Record, Venue
from bibexport.select import (
    Selection,
    check_sort,
    check_type,
    choose_fields,
    extra_field_names,
    parse_years,
    resolve_fields,
    select_records,
    sort_records,
)

NEURIPS = Venue(
    id="neurips",
    name="Advances in Neural Information Processing Systems",
    short="NeurIPS",
    kind="conference",
    raw="NeurIPS Conference",
)
WORKSHOP = Venue(
    id="neurips-workshop",
    name="NeurIPS Workshop",
    short="NeurIPS Workshop",
    kind="workshop",
    raw="NeurIPS Workshop",
)
JMLR = Venue(
    id="jmlr", name="Journal of Machine Learning Research", short="JMLR", kind="journal", raw="JMLR"
)

RECORDS = [
    Record(
        type="paper-conference",
        key="fang2025beyond",
        title="Beyond Scores",
        authors=(Name("Fang", "Zhenghan"), Name("Buchanan", "Sam")),
        issued=PartialDate(2025),
        venue=NEURIPS,
        container_title="Advances in Neural Information Processing Systems",
    ),
    Record(
        type="article-journal",
        key="yu2024white",
        title="White-Box Transformers",
        authors=(Name("Yu", "Yaodong"), Name("Ma", "Yi")),
        issued=PartialDate(2024, 3),
        venue=JMLR,
        container_title="Journal of Machine Learning Research",
        abstract="Text.",
        doi="10.1/x",
        extra=(("file", "white.pdf"),),
    ),
    Record(
        type="paper-conference",
        key="maaten2019a",
        title="a Workshop Paper",
        authors=(Name("Maaten", "Laurens", particle="van der"),),
        issued=PartialDate(2019),
        venue=WORKSHOP,
        selected=True,
    ),
    Record(
        type="article",
        key="gael2021",
        title="Éclairs and Preprints",
        authors=(Name("Varoquaux", "Gaël"),),
        issued=PartialDate(2021),
    ),
    Record(type="report", key="nodate", title="Undated", authors=(Name("Doe", "Jane"),)),
]


def keys(records: list[Record]) -> list[str]:
    return [r.key for r in records]


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        pytest.param("2020-2024", (2020, 2024), id="range"),
        pytest.param("2021", (2021, 2021), id="single"),
        pytest.param("2020-", (2020, None), id="open-end"),
        pytest.param("-2019", (None, 2019), id="open-start"),
        pytest.param(" 2020 – 2022 ", (2020, 2022), id="en-dash"),
        pytest.param("2020..2022", (2020, 2022), id="dots"),
    ],
)
def test_parse_years(spec: str, expected: tuple) -> None:
    assert parse_years(spec) == expected


@pytest.mark.parametrize("spec", ["", "20", "2024-2020", "last year", "2020-2021-2022"])
def test_parse_years_rejects(spec: str) -> None:
    with pytest.raises(UsageError, match="--year"):
        parse_years(spec)


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        pytest.param(
            Selection(),
            ["fang2025beyond", "yu2024white", "maaten2019a", "gael2021", "nodate"],
            id="everything",
        ),
        pytest.param(Selection(years=((2020, 2024),)), ["yu2024white", "gael2021"], id="years"),
        pytest.param(
            Selection(years=((None, 2019), (2025, None))),
            ["fang2025beyond", "maaten2019a"],
            id="two-ranges",
        ),
        pytest.param(Selection(venues=("neurips",)), ["fang2025beyond"], id="venue-short"),
        pytest.param(
            Selection(venues=("Journal of Machine Learning Research",)),
            ["yu2024white"],
            id="venue-full-name",
        ),
        pytest.param(
            Selection(venues=("NeurIPS", "JMLR")), ["fang2025beyond", "yu2024white"], id="venue-or"
        ),
        pytest.param(Selection(venues=("NeurIPS Workshop",)), ["maaten2019a"], id="venue-workshop"),
        pytest.param(Selection(types=("conference",)), ["fang2025beyond"], id="type-conference"),
        pytest.param(Selection(types=("workshop",)), ["maaten2019a"], id="type-workshop"),
        pytest.param(
            Selection(types=("journal", "preprint")), ["yu2024white", "gael2021"], id="type-or"
        ),
        pytest.param(
            Selection(types=("paper-conference",)), ["fang2025beyond", "maaten2019a"], id="type-csl"
        ),
        pytest.param(Selection(authors=("Buchanan",)), ["fang2025beyond"], id="author-family"),
        pytest.param(Selection(authors=("Sam Buchanan",)), ["fang2025beyond"], id="author-full"),
        pytest.param(
            Selection(authors=("buchanan, sam",)), ["fang2025beyond"], id="author-inverted"
        ),
        pytest.param(Selection(authors=("S. Buchanan",)), ["fang2025beyond"], id="author-initial"),
        pytest.param(Selection(authors=("Gael Varoquaux",)), ["gael2021"], id="author-accents"),
        pytest.param(Selection(authors=("van der Maaten",)), ["maaten2019a"], id="author-particle"),
        pytest.param(Selection(authors=("Sam",)), [], id="given-alone-is-not-enough"),
        pytest.param(Selection(selected_only=True), ["maaten2019a"], id="selected"),
        pytest.param(
            Selection(years=((2019, 2025),), types=("conference", "workshop"), authors=("Maaten",)),
            ["maaten2019a"],
            id="and-across-options",
        ),
    ],
)
def test_select(selection: Selection, expected: list[str]) -> None:
    records, diagnostics = select_records(RECORDS, selection)
    assert keys(records) == expected
    assert diagnostics == []


def test_select_by_a_venue_alias_the_registry_resolves() -> None:
    records, _ = select_records(RECORDS, Selection(venues=("NIPS",)), {"NIPS": "neurips"})
    assert keys(records) == ["fang2025beyond"]
    records, _ = select_records(RECORDS, Selection(venues=("NIPS",)))
    assert keys(records) == []


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        pytest.param(
            "input",
            ["fang2025beyond", "yu2024white", "maaten2019a", "gael2021", "nodate"],
            id="input",
        ),
        pytest.param(
            "year-desc",
            ["fang2025beyond", "yu2024white", "gael2021", "maaten2019a", "nodate"],
            id="year-desc",
        ),
        pytest.param(
            "year",
            ["maaten2019a", "gael2021", "yu2024white", "fang2025beyond", "nodate"],
            id="year",
        ),
        pytest.param(
            "title",
            ["maaten2019a", "fang2025beyond", "gael2021", "nodate", "yu2024white"],
            id="title-ignores-case-and-accents",
        ),
        pytest.param(
            "key", ["fang2025beyond", "gael2021", "maaten2019a", "nodate", "yu2024white"], id="key"
        ),
    ],
)
def test_sort(order: str, expected: list[str]) -> None:
    assert keys(sort_records(RECORDS, order)) == expected


def test_sort_is_stable_within_a_year() -> None:
    same_year = [Record(key=k, issued=PartialDate(2020)) for k in ("c", "a", "b")]
    assert keys(sort_records(same_year, "year-desc")) == ["c", "a", "b"]


@pytest.mark.parametrize("bad", ["newest", "Year", ""])
def test_check_sort_rejects(bad: str) -> None:
    with pytest.raises(UsageError, match="year-desc"):
        check_sort(bad)


def test_check_type_lists_valid_types() -> None:
    assert check_type("Conference") == "conference"
    with pytest.raises(UsageError, match="conference, workshop, journal"):
        check_type("poster")


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        pytest.param(["abstract"], ("abstract",), id="one"),
        pytest.param(["abstract,doi", "url"], ("abstract", "doi", "url"), id="comma-and-repeat"),
        pytest.param(["Journal", "booktitle"], ("venue",), id="aliases-collapse"),
        pytest.param(["page"], ("pages",), id="alias"),
        pytest.param(["eprint"], ("eprint",), id="eprint"),
        pytest.param(["FILE"], ("file",), id="present-extra"),
    ],
)
def test_resolve_fields(names: list[str], expected: tuple) -> None:
    assert resolve_fields(names, extra_field_names(RECORDS)) == expected


def test_resolve_fields_rejects_unknown_and_lists_valid() -> None:
    with pytest.raises(UsageError) as caught:
        resolve_fields(["abstrct"])
    assert "unknown field 'abstrct'" in caught.value.message
    assert "abstract" in caught.value.message and "doi" in caught.value.message


def test_drop_fields() -> None:
    records, _ = choose_fields(RECORDS, drop=("abstract", "file", "month"))
    white = records[1]
    assert white.abstract == ""
    assert white.extra == ()
    assert white.issued == PartialDate(2024)
    assert white.doi == "10.1/x"
    assert records[0] == RECORDS[0]


def test_drop_eprint() -> None:
    preprint = Record(
        type="article",
        number="2306.01129",
        archive="arXiv",
        extra=(("primaryclass", "cs.LG"), ("file", "x.pdf")),
    )
    (record,), _ = choose_fields([preprint], drop=("eprint",))
    assert (record.number, record.archive, record.extra) == ("", "", (("file", "x.pdf"),))


def test_keep_only_fields() -> None:
    records, _ = choose_fields(RECORDS, keep=("doi",))
    white = records[1]
    assert (white.title, white.authors, white.issued, white.key, white.type) == (
        RECORDS[1].title,
        RECORDS[1].authors,
        RECORDS[1].issued,
        RECORDS[1].key,
        RECORDS[1].type,
    )
    assert white.doi == "10.1/x"
    assert (white.abstract, white.container_title, white.venue, white.extra) == ("", "", None, ())


def test_no_field_options_change_nothing() -> None:
    records, _ = choose_fields(RECORDS)
    assert records == RECORDS


# --- through the command line ---------------------------------------------------------------

LISTING = """\
NeurIPS Conference 2025 Conference Paper

Beyond Scores: Proximal Diffusion Models

  • Zhenghan Fang
  • Mateo Diaz
  • Sam Buchanan
  • Jeremias Sulam

Our own short abstract of this paper.

ICLR Conference 2024 Conference Paper

What's in a Prior? Learned Proximal Networks for Inverse Problems

  • Zhenghan Fang
  • Sam Buchanan
  • Jeremias Sulam

NeurIPS Conference 2021 Conference Paper

Deep Networks Provably Classify Data on Curves

  • Tingran Wang
  • Sam Buchanan
  • Dar Gilboa
  • John Wright

ICML Conference 2019 Conference Paper

Efficient Dictionary Learning with Gradient Descent

  • Dar Gilboa
  • Sam Buchanan
  • John Wright
"""


@pytest.fixture
def listing(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(LISTING, encoding="utf-8")
    return path


def cli(*args: str):
    from typer.testing import CliRunner

    from bibexport.cli import app

    return CliRunner().invoke(app, list(args))


def ids(output: str) -> list[str]:
    import json

    return [item["id"] for item in json.loads(output)]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param(
            [],
            ["fang2025beyond", "fang2024whats", "wang2021deep", "gilboa2019efficient"],
            id="all-in-input-order",
        ),
        pytest.param(["--year", "2020-2024"], ["fang2024whats", "wang2021deep"], id="years"),
        pytest.param(
            ["--year", "2025", "--year", "-2019"],
            ["fang2025beyond", "gilboa2019efficient"],
            id="repeated-years",
        ),
        pytest.param(["--venue", "NeurIPS"], ["fang2025beyond", "wang2021deep"], id="venue"),
        pytest.param(["--venue", "NIPS"], ["fang2025beyond", "wang2021deep"], id="venue-alias"),
        pytest.param(
            ["--venue", "Proceedings of the 36th International Conference on Machine Learning"],
            ["gilboa2019efficient"],
            id="venue-booktitle",
        ),
        pytest.param(
            ["--venue", "neurips", "--year", "2021"], ["wang2021deep"], id="venue-and-year"
        ),
        pytest.param(
            ["--author", "John Wright"], ["wang2021deep", "gilboa2019efficient"], id="author"
        ),
        pytest.param(["--type", "journal"], [], id="type-none"),
        pytest.param(
            ["--sort", "year"],
            ["gilboa2019efficient", "wang2021deep", "fang2024whats", "fang2025beyond"],
            id="sort-year",
        ),
        pytest.param(
            ["--sort", "title"],
            ["fang2025beyond", "wang2021deep", "gilboa2019efficient", "fang2024whats"],
            id="sort-title",
        ),
    ],
)
def test_selection_through_the_cli(listing, args: list[str], expected: list[str]) -> None:
    result = cli("convert", str(listing), "-t", "csljson", *args)
    assert result.exit_code == 0, result.stderr
    assert ids(result.stdout) == expected


def test_keys_do_not_depend_on_the_selection(listing) -> None:
    # Keys are made before selecting, so a paper has the same key in every selection.
    everything = cli("convert", str(listing), "-t", "csljson").stdout
    some = cli("convert", str(listing), "-t", "csljson", "--year", "2019").stdout
    assert ids(some) == ids(everything)[-1:]


def test_drop_fields_through_the_cli(listing) -> None:
    kept = cli("convert", str(listing))
    dropped = cli("convert", str(listing), "--drop-fields", "abstract,publisher")
    assert "abstract  = {Our own short abstract" in kept.stdout
    assert "abstract" not in dropped.stdout and "publisher" not in dropped.stdout
    assert dropped.stdout.count("@inproceedings{") == 4


def test_fields_through_the_cli(listing) -> None:
    result = cli("convert", str(listing), "--fields", "booktitle")
    assert result.exit_code == 0
    assert "booktitle = {Advances in Neural Information Processing Systems}" in result.stdout
    assert "volume" not in result.stdout and "publisher" not in result.stdout
    assert "year      = {2021}" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["--fields", "abstract,colour"],
            "unknown field 'colour' (valid: abstract,",
            id="unknown-field",
        ),
        pytest.param(["--sort", "newest"], "--sort must be one of input, year-desc", id="sort"),
        pytest.param(["--year", "2024-2020"], "ends before it starts", id="year"),
        pytest.param(["--type", "poster"], "unknown type 'poster' (valid: conference,", id="type"),
    ],
)
def test_bad_selection_options_exit_2(listing, tmp_path, args: list[str], message: str) -> None:
    out = tmp_path / "out.bib"
    result = cli("convert", str(listing), *args, "-o", str(out))
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert not out.exists()


def test_selection_in_a_real_subprocess(listing) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bibexport",
            "convert",
            str(listing),
            "--sort",
            "year-desc",
            "--year",
            "2021-",
            "--type",
            "conference",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    keys = [
        line[line.index("{") + 1 : -1] for line in done.stdout.splitlines() if line.startswith("@")
    ]
    assert keys == ["fang2025beyond", "fang2024whats", "wang2021deep"]


years = st.one_of(st.none(), st.integers(2015, 2025))


@given(
    st.lists(
        st.tuples(st.text("abcAB é", max_size=6), years, st.text("xyz", max_size=3)), max_size=15
    ),
    st.sampled_from(["input", "year-desc", "year", "title", "key"]),
)
def test_sorting_is_a_stable_permutation(entries: list, order: str) -> None:
    records = [
        Record(title=t, issued=PartialDate(y) if y else None, key=f"{k}{i}")
        for i, (t, y, k) in enumerate(entries)
    ]
    result, _ = select_records(records, Selection(sort=order))
    assert sorted(r.key for r in result) == sorted(r.key for r in records)
    assert sort_records(result, order) == result  # sorting again changes nothing


@given(st.lists(years, max_size=15), st.integers(2015, 2025), st.integers(0, 5))
def test_year_filter_keeps_exactly_the_range(values: list, first: int, span: int) -> None:
    records = [
        Record(key=str(i), issued=PartialDate(y) if y else None) for i, y in enumerate(values)
    ]
    kept, _ = select_records(records, Selection(years=((first, first + span),)))
    assert [r.key for r in kept] == [
        r.key for r in records if r.year is not None and first <= r.year <= first + span
    ]
