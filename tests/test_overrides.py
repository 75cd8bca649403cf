"""The overrides file (overrides.py): its schema, its errors, and the corrections it makes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bibexport.errors import InputError
from bibexport.model import Name, PartialDate, Record, SourceSpan, Venue
from bibexport.overrides import apply_overrides, load_overrides, parse_name

EIGHT = tuple(Name(f"Family{i}", "Given") for i in range(8))
RECORDS = [
    Record(
        type="article-journal",
        title="White-Box Transformers via Sparse Rate Reduction: Compression Is All There Is?",
        authors=EIGHT,
        authors_cut=True,
        issued=PartialDate(2024),
        source=SourceSpan("page.txt", 40),
    ),
    Record(
        type="paper-conference",
        key="buchanan2021deep",
        title="Deep Networks and the Multiple Manifold Problem",
        issued=PartialDate(2021),
        source=SourceSpan("page.txt", 60),
    ),
    Record(
        type="article",
        title="A Preprint",
        issued=PartialDate(2020),
        source=SourceSpan("page.txt", 80),
    ),
]


def load(text: str):
    return load_overrides(text, "fix.yaml")


def test_schema_example_applies() -> None:
    overrides = load(
        """\
# corrections for the listing
- title: "white-box transformers via sparse rate reduction - compression is all there is"
  authors: [Yaodong Yu, "Buchanan, Sam", Laurens van der Maaten, Yi Ma 0001]
  selected: true
- key: BUCHANAN2021DEEP
  doi: 10.1234/example
  url: https://example.org/paper
  note: Oral presentation
  keywords: [manifolds, deep learning]
- title: A Preprint
  drop: true
"""
    )
    records, diagnostics = apply_overrides(RECORDS, overrides)
    assert len(records) == 2
    white, deep = records
    assert [a.display() for a in white.authors] == [
        "Yaodong Yu",
        "Sam Buchanan",
        "Laurens van der Maaten",
        "Yi Ma",
    ]
    assert white.authors[3].homonym == "0001"
    assert white.authors_cut is False
    assert white.selected is True
    assert (deep.doi, deep.url, deep.note) == (
        "10.1234/example",
        "https://example.org/paper",
        "Oral presentation",
    )
    assert deep.keywords == ("manifolds", "deep learning")
    assert [d.code for d in diagnostics] == [
        "override-applied",
        "authors-completed",
        "override-applied",
        "override-dropped",
    ]
    assert all(d.severity == "info" for d in diagnostics)
    assert diagnostics[0].source == SourceSpan("page.txt", 40)
    assert "fix.yaml:2" in diagnostics[0].message


def test_key_override_matches_a_known_key() -> None:
    overrides = load("- key: fang2025beyond\n  note: Spotlight\n")
    records, diagnostics = apply_overrides(
        RECORDS, overrides, known_keys=[["fang2025beyond"], [], []]
    )
    assert records[0].note == "Spotlight"
    assert diagnostics[0].code == "override-applied"


def test_key_and_title_must_both_match() -> None:
    overrides = load("- key: buchanan2021deep\n  title: A Preprint\n  note: x\n")
    records, diagnostics = apply_overrides(RECORDS, overrides)
    assert records == RECORDS
    assert diagnostics[0].code == "override-unmatched"


def test_unmatched_override_is_a_warning_with_its_line() -> None:
    overrides = load("- title: Real Paper\n  note: x\n\n- title: No Such Paper\n  drop: true\n")
    records, diagnostics = apply_overrides([Record(title="Real Paper")], overrides)
    assert records[0].note == "x"
    assert [d.format() for d in diagnostics if d.severity == "warning"] == [
        "fix.yaml:4: warning[override-unmatched]: "
        "override for title 'No Such Paper' matches no record"
    ]


def test_override_changes_apply_in_file_order() -> None:
    overrides = load(
        "- title: A Preprint\n  new_title: B Paper\n- title: B Paper\n  note: second\n"
    )
    records, diagnostics = apply_overrides(RECORDS, overrides)
    assert records[2].title == "B Paper"
    assert records[2].note == "second"
    assert not [d for d in diagnostics if d.severity == "warning"]


def test_venue_and_year_are_matched_again() -> None:
    seen: list[Record] = []

    def refresh(records: list[Record]):
        seen.extend(records)
        return [
            r.with_changes(
                venue=Venue(id="icml", name="ICML", raw=r.venue.raw),
                container_title="Proceedings of ICML",
            )
            for r in records
        ], []

    known = RECORDS[1].with_changes(
        venue=Venue(id="neurips", raw="NeurIPS"),
        volume="34",
        container_title="Advances in Neural Information Processing Systems",
    )
    overrides = load("- key: buchanan2021deep\n  venue: ICML\n  year: 2022\n  type: conference\n")
    records, _ = apply_overrides([known], overrides, refresh_venues=refresh)
    assert seen[0].venue == Venue(raw="ICML")
    assert seen[0].container_title == "ICML"
    assert seen[0].volume == ""
    assert records[0].container_title == "Proceedings of ICML"
    assert records[0].issued == PartialDate(2022)
    assert records[0].type == "paper-conference"


def test_year_alone_rederives_a_known_venue() -> None:
    seen: list[Record] = []
    known = RECORDS[1].with_changes(
        venue=Venue(id="neurips", raw="NeurIPS Conference"), volume="34"
    )
    overrides = load("- key: buchanan2021deep\n  year: 2020\n")
    apply_overrides([known], overrides, refresh_venues=lambda rs: (seen.extend(rs) or rs, []))
    assert seen[0].venue == Venue(raw="NeurIPS Conference")
    assert seen[0].volume == ""


def test_others_marks_a_list_incomplete() -> None:
    overrides = load("- title: A Preprint\n  authors: [Ann Lee]\n  others: true\n")
    records, _ = apply_overrides(RECORDS, overrides)
    assert records[2].authors == (Name("Lee", "Ann"),)
    assert records[2].others is True


def test_top_level_overrides_mapping_is_accepted() -> None:
    assert len(load("overrides:\n  - title: X\n    note: y\n")) == 1


def test_empty_file_gives_no_overrides() -> None:
    assert load("# nothing yet\n") == []


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        pytest.param("- title: [unclosed\n", 2, "overrides:", id="yaml-syntax"),
        pytest.param("- title: X\n  nots: y\n", 2, "unknown field 'nots'", id="unknown-field"),
        pytest.param("- note: y\n", 1, "needs a 'key' or a 'title'", id="no-match-field"),
        pytest.param("- title: X\n", 1, "changes nothing", id="no-change"),
        pytest.param("- title: X\n  drop: maybe\n", 2, "drop must be true or false", id="bad-flag"),
        pytest.param("- title: X\n  year: 20x4\n", 2, "four-digit year", id="bad-year"),
        pytest.param("- title: X\n  type: poster\n", 2, "unknown type 'poster'", id="bad-type"),
        pytest.param("- title: X\n  authors: Ann Lee\n", 2, "list of names", id="authors-not-list"),
        pytest.param("- title: X\n  doi: [a, b]\n", 2, "single value", id="list-for-text"),
        pytest.param("- title: X\n  authors: [Ann Lee, et al.]\n", 2, "others: true", id="et-al"),
        pytest.param("title: X\n", 1, "expected a list", id="mapping-root"),
        pytest.param("just text\n", 1, "must be a list", id="scalar-root"),
        pytest.param("- title: X\n  note: y\n- plain\n", 3, "must be a mapping", id="scalar-entry"),
    ],
)
def test_malformed_file_is_an_input_error_with_line(text: str, line: int, message: str) -> None:
    with pytest.raises(InputError) as caught:
        load(text)
    assert caught.value.source == SourceSpan("fix.yaml", line)
    assert message in caught.value.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Sam Buchanan", Name("Buchanan", "Sam"), id="given-family"),
        pytest.param("Buchanan, Sam", Name("Buchanan", "Sam"), id="family-given"),
        pytest.param(
            "Laurens van der Maaten", Name("Maaten", "Laurens", particle="van der"), id="particle"
        ),
        pytest.param(
            "van der Maaten, Laurens",
            Name("Maaten", "Laurens", particle="van der"),
            id="particle-inverted",
        ),
        pytest.param("Valentin De Bortoli", Name("De Bortoli", "Valentin"), id="capital-particle"),
        pytest.param(
            "De Bortoli, Valentin", Name("De Bortoli", "Valentin"), id="capital-particle-inverted"
        ),
        pytest.param(
            "King, Jr., Martin Luther", Name("King", "Martin Luther", suffix="Jr."), id="suffix"
        ),
        pytest.param("Yi Ma 0001", Name("Ma", "Yi", homonym="0001"), id="homonym"),
        pytest.param("Plato", Name("Plato"), id="one-word"),
    ],
)
def test_parse_name(text: str, expected: Name) -> None:
    assert parse_name(text) == expected


# --- through the command line ---------------------------------------------------------------

CUT_LISTING = """\
JMLR Journal 2024 Journal Article

White-Box Transformers via Sparse Rate Reduction: Compression Is All There Is?

  • Yaodong Yu
  • Sam Buchanan
  • Druv Pai
  • Tianzhe Chu
  • Ziyang Wu
  • Shengbang Tong
  • Hao Bai
  • Yuexiang Zhai

NeurIPS Conference 2021 Conference Paper

Deep Networks Provably Classify Data on Curves

  • Tingran Wang
  • Sam Buchanan
  • Dar Gilboa
  • John Wright
"""

FIX = """\
- title: White-Box Transformers via Sparse Rate Reduction - Compression Is All There Is
  authors: [Yaodong Yu, Sam Buchanan, Druv Pai, Tianzhe Chu, Ziyang Wu, Shengbang Tong,
            Hao Bai, Yuexiang Zhai, Benjamin D. Haeffele, Yi Ma]
  selected: true
- key: wang2021deep
  note: Spotlight presentation
  venue: ICML
  year: 2022
"""


def cli(*args: str):
    from typer.testing import CliRunner

    from bibexport.cli import app

    return CliRunner().invoke(app, list(args))


@pytest.fixture
def files(tmp_path):
    listing, fix = tmp_path / "page.txt", tmp_path / "fix.yaml"
    listing.write_text(CUT_LISTING, encoding="utf-8")
    fix.write_text(FIX, encoding="utf-8")
    return listing, fix


def test_overrides_through_the_cli(files) -> None:
    import json

    listing, fix = files
    result = cli("convert", str(listing), "--overrides", str(fix), "-t", "csljson", "--strict")
    assert result.exit_code == 0, result.stderr
    assert "authors-cut" not in result.stderr  # the override completed the list
    white, deep = json.loads(result.stdout)
    assert len(white["author"]) == 10
    assert white["author"][-1] == {"family": "Ma", "given": "Yi"}
    assert deep["note"] == "Spotlight presentation"
    assert deep["issued"] == {"date-parts": [[2022]]}
    assert (
        deep["container-title"]
        == "Proceedings of the 39th International Conference on Machine Learning"
    )
    assert deep["id"] == "wang2022deep"


def test_without_overrides_the_cut_list_is_reported(files) -> None:
    listing, _ = files
    result = cli("convert", str(listing), "-t", "csljson")
    assert "warning[authors-cut]" in result.stderr


def test_unmatched_override_warns_and_strict_fails(files, tmp_path) -> None:
    listing, _ = files
    fix = tmp_path / "other.yaml"
    fix.write_text("- title: No Such Paper\n  drop: true\n", encoding="utf-8")
    out = tmp_path / "out.bib"
    result = cli("convert", str(listing), "--overrides", str(fix), "--strict", "-o", str(out))
    assert result.exit_code == 1
    assert f"{fix}:1: warning[override-unmatched]" in result.stderr
    assert not out.exists()


def test_malformed_overrides_exit_2_and_write_nothing(files, tmp_path) -> None:
    listing, _ = files
    fix = tmp_path / "bad.yaml"
    fix.write_text("- title: X\n  note: y\n- title: Y\n  colour: red\n", encoding="utf-8")
    out = tmp_path / "out.bib"
    out.write_text("old\n", encoding="utf-8")
    result = cli("convert", str(listing), "--overrides", str(fix), "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{fix}:4: error: overrides: unknown field 'colour'")
    assert len(result.stderr.splitlines()) == 1
    assert out.read_text(encoding="utf-8") == "old\n"


def test_overrides_in_a_real_subprocess(files) -> None:
    import subprocess
    import sys

    listing, fix = files
    done = subprocess.run(
        [sys.executable, "-m", "bibexport", "convert", str(listing), "--overrides", str(fix)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Haeffele, Benjamin D. and Ma, Yi" in done.stdout
    assert "selected  = {true}" in done.stdout


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("- :[]{}\n\t'\"#&*!|>%@`abkeytitlrdop0123,")), max_size=80
    )
)
def test_any_text_loads_or_is_an_input_error(text: str) -> None:
    try:
        overrides = load_overrides(text, "fix.yaml")
    except InputError as exc:
        assert exc.source is not None and exc.source.file == "fix.yaml"
        assert exc.source.line >= 1
    else:
        assert all(o.key or o.title for o in overrides)
