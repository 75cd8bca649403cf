"""``bibexport check``: each planted problem in tests/data/check is found; a clean file, nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bibexport.check import (
    duplicate_keys,
    missing_fields,
    name_problem,
    suspicious_names,
    unreported,
)
from bibexport.cli import app
from bibexport.errors import Diagnostic
from bibexport.model import Name, PartialDate, Record, SourceSpan, Venue

DATA = Path(__file__).parent / "data" / "check"
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["check", *args])


def findings(output: str) -> list[tuple[str, int, str, str]]:
    """(file name, line, severity, code) of each text diagnostic line."""
    found = []
    for line in output.splitlines():
        where, severity_code, _ = line.split(": ", 2)
        file, number = where.rsplit(":", 1)
        severity, code = severity_code.rstrip("]").split("[")
        found.append((Path(file).name, int(number), severity, code))
    return found


# --- unit tables ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        pytest.param(Name("Buchanan", "Sam"), "", id="fine"),
        pytest.param(Name("Maaten", "Laurens", particle="van der"), "", id="particle"),
        pytest.param(Name("Ma", "Yi", homonym="0001"), "", id="homonym-set-aside"),
        pytest.param(Name("Yu", "J. R."), "", id="initials"),
        pytest.param(Name("Li", "Xu"), "", id="short-names"),
        pytest.param(Name(literal="OpenAI"), "", id="literal"),
        pytest.param(Name("0001", "Yi"), "number", id="number-family"),
        pytest.param(Name("", "Sam"), "no family name", id="no-family"),
        pytest.param(Name("JOHNSON", "Robert"), "capitals", id="caps-family"),
        pytest.param(Name("Chen", "ROBERT"), "capitals", id="caps-given"),
        pytest.param(Name("MA", "Yi"), "capitals", id="caps-short-family"),
        pytest.param(Name("al.", "et"), "et-al marker", id="et-al"),
        pytest.param(Name("others"), "et-al marker", id="others"),
        pytest.param(Name("Smith2", "Jo"), "digits", id="digit-inside"),
        pytest.param(Name("buchanan", "sam"), "lowercase", id="lowercase"),
    ],
)
def test_name_problem(name: Name, problem: str) -> None:
    found = name_problem(name)
    assert (problem in found) if problem else found == ""
    assert bool(found) == bool(problem)


@pytest.mark.parametrize(
    ("record", "missing"),
    [
        pytest.param(
            Record(type="article-journal", title="T", authors=(Name("A"),)),
            "no journal, no year",
            id="journal-article",
        ),
        pytest.param(
            Record(
                type="paper-conference", title="T", authors=(Name("A"),), issued=PartialDate(2020)
            ),
            "no booktitle",
            id="conference",
        ),
        pytest.param(
            Record(type="thesis", title="T", authors=(Name("A"),), issued=PartialDate(2020)),
            "no school",
            id="thesis",
        ),
        pytest.param(
            Record(
                type="book",
                title="T",
                editors=(Name("E"),),
                publisher="P",
                issued=PartialDate(2020),
            ),
            "",
            id="book-with-editors",
        ),
        pytest.param(
            Record(type="article", title="", issued=PartialDate(2020)),
            "no title, no author",
            id="preprint-empty",
        ),
        pytest.param(
            Record(type="article", title="T", authors=(Name("A"),), issued=PartialDate(2020)),
            "",
            id="complete-preprint",
        ),
    ],
)
def test_missing_fields(record: Record, missing: str) -> None:
    found = missing_fields([record])
    if missing:
        assert len(found) == 1 and found[0].code == "missing-field"
        assert found[0].message.endswith(f"has {missing}")
    else:
        assert found == []


def test_duplicate_keys_ignore_case_and_stay_within_a_file() -> None:
    records = [
        Record(key="Smith2020", source=SourceSpan("a.bib", 1)),
        Record(key="smith2020", source=SourceSpan("a.bib", 9)),
        Record(key="smith2020", source=SourceSpan("b.bib", 1)),
    ]
    found = duplicate_keys(records)
    assert [d.format() for d in found] == [
        "a.bib:9: warning[duplicate-key]: the key 'smith2020' is already used at a.bib:1"
    ]


def test_suspicious_names_name_the_record() -> None:
    record = Record(
        key="k", authors=(Name("Fine", "Ann"), Name("0002", "Yi")), source=SourceSpan("a.bib", 3)
    )
    (found,) = suspicious_names([record])
    assert found.source == SourceSpan("a.bib", 3)
    assert found.message.startswith("author 'Yi 0002' of 'k': ")


def test_unreported_skips_what_a_step_already_said() -> None:
    where = SourceSpan("page.txt", 5)
    record = Record(
        type="paper-conference",
        key="k",
        authors_cut=True,
        authors=tuple(Name(f"F{i}") for i in range(8)),
        venue=Venue(raw="Imaginary"),
        source=where,
    )
    assert {d.code for d in unreported([record], [])} == {"authors-cut", "venue-unknown"}
    said = [
        Diagnostic("warning", "authors-cut-maybe", "m", where),
        Diagnostic("warning", "venue-unmatched", "m", where),
    ]
    assert unreported([record], said) == []
    assert unreported([record.with_changes(others=True, venue=Venue(id="x", raw="X"))], []) == []


# --- the command ------------------------------------------------------------------------------


def test_clean_bib_gives_nothing() -> None:
    result = run(str(DATA / "clean.bib"))
    assert result.stdout == ""
    assert result.exit_code == 0, result.stderr
    assert "no problems" in result.stderr


def test_clean_listing_gives_nothing() -> None:
    result = run(str(DATA / "clean.txt"))
    assert result.stdout == ""
    assert result.exit_code == 0, result.stderr


PLANTED_BIB = [
    (10, "duplicate-key"),  # the second smith2020
    (17, "missing-field"),  # an article without a journal
    (23, "missing-field"),  # a paper without a year
    (29, "name"),  # a number as a family name
    (36, "name"),  # a name in capitals
    (43, "venue"),  # an unknown venue
    (57, "duplicate"),  # the same paper twice in one file: the second copy, both kept
]


@pytest.mark.parametrize(("line", "code"), PLANTED_BIB, ids=[c + str(n) for n, c in PLANTED_BIB])
def test_finds_each_planted_problem_in_bib(line: int, code: str) -> None:
    result = run(str(DATA / "problems.bib"))
    assert result.exit_code == 1
    found = findings(result.stdout)
    assert any(n == line and code in c and s == "warning" for _, n, s, c in found), result.stdout


def test_planted_bib_gives_nothing_else() -> None:
    result = run(str(DATA / "problems.bib"))
    lines = {n for _, n, _, _ in findings(result.stdout)}
    assert lines == {line for line, _ in PLANTED_BIB}, result.stdout
    assert f"{len(result.stdout.splitlines())} problems found" in result.stderr


@pytest.mark.parametrize(("line", "code"), [(16, "cut"), (29, "venue")], ids=["cut-list", "venue"])
def test_finds_each_planted_problem_in_listing(line: int, code: str) -> None:
    result = run(str(DATA / "problems.txt"))
    assert result.exit_code == 1
    found = findings(result.stdout)
    assert any(n == line and code in c for _, n, _, c in found), result.stdout


def test_several_inputs_in_command_line_order() -> None:
    result = run(str(DATA / "problems.txt"), str(DATA / "problems.bib"))
    files = [f for f, *_ in findings(result.stdout)]
    assert files == sorted(files, key=lambda f: f != "problems.txt")
    assert set(files) == {"problems.txt", "problems.bib"}


def test_json_format() -> None:
    result = run(str(DATA / "problems.bib"), "--format", "json")
    assert result.exit_code == 1
    items = json.loads(result.stdout)
    assert len(items) == len(PLANTED_BIB)
    assert all(set(item) == {"file", "line", "severity", "code", "message"} for item in items)
    assert items[0]["line"] == 10 and items[0]["code"].endswith("duplicate-key")


def test_json_format_clean_is_an_empty_array() -> None:
    result = run(str(DATA / "clean.bib"), "--format", "json")
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])


def test_verbose_adds_notes_but_not_problems(tmp_path: Path) -> None:
    other = tmp_path / "other.bib"
    other.write_text((DATA / "clean.bib").read_text(encoding="utf-8"), encoding="utf-8")
    result = run(str(DATA / "clean.bib"), str(other), "-v")
    assert result.exit_code == 0
    assert "info[duplicate]" in result.stdout  # merged across inputs: a note, not a problem


def test_overrides_are_checked_too(tmp_path: Path) -> None:
    fix = tmp_path / "fix.yaml"
    fix.write_text("- title: No Such Paper\n  note: x\n", encoding="utf-8")
    result = run(str(DATA / "clean.bib"), "--overrides", str(fix))
    assert result.exit_code == 1
    assert f"{fix}:1: warning[override-unmatched]" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["missing.bib"], "missing.bib:1: error: no such file", id="missing-file"),
        pytest.param(
            ["--format", "xml", "x.bib"], "--format must be one of text, json", id="format"
        ),
    ],
)
def test_bad_input_exits_2(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_empty_file_exits_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty.bib"
    empty.write_text("\n", encoding="utf-8")
    result = run(str(empty))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{empty}:1: error:")


def test_real_subprocess() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bibexport", "check", str(DATA / "problems.bib")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert len(done.stdout.splitlines()) == len(PLANTED_BIB)
    assert "Traceback" not in done.stderr


def test_duplicate_ids_in_csl_json(tmp_path: Path) -> None:
    item = (
        '{"id": "%s", "type": "article-journal", "title": "%s", '
        '"author": [{"family": "Lee", "given": "Ann"}], '
        '"container-title": "Journal of Machine Learning Research", '
        '"issued": {"date-parts": [[2020]]}}'
    )
    path = tmp_path / "items.json"
    path.write_text(f"[\n{item % ('a1', 'One')},\n{item % ('A1', 'Two')}\n]\n", encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == 1
    assert findings(result.stdout) == [("items.json", 3, "warning", "duplicate-key")]
