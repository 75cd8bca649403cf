"""CSL-JSON, CSL-YAML and RIS through `bibexport convert`: sniffing, round trips, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bibexport.cli import app
from tests.conftest import SAMPLE

runner = CliRunner()
FORMATS = ("csljson", "cslyaml", "ris")
SUFFIX = {"csljson": ".json", "cslyaml": ".yaml", "ris": ".ris"}


def run(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def sample_path() -> Path:
    if not SAMPLE.exists():
        pytest.skip("the shared sample is not present")
    return SAMPLE


@pytest.mark.parametrize("to_format", FORMATS)
def test_sample_converts_and_reads_back_sniffed(
    to_format: str, sample_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / f"pubs{SUFFIX[to_format]}"
    first = run("convert", str(sample_path), "-t", to_format, "-o", str(out), "-q")
    assert first.exit_code == 0, first.stderr
    out_again = tmp_path / f"again{SUFFIX[to_format]}"
    again = run("convert", str(out), "-t", to_format, "-o", str(out_again), "-q")
    assert again.exit_code == 0, again.stderr
    assert out_again.read_bytes() == out.read_bytes()


@pytest.mark.parametrize("to_format", ("csljson", "cslyaml"))
def test_csl_formats_carry_everything_bibtex_shows(
    to_format: str, sample_path: Path, tmp_path: Path
) -> None:
    direct = run("convert", str(sample_path), "-t", "bibtex", "-q")
    out = tmp_path / f"pubs{SUFFIX[to_format]}"
    run("convert", str(sample_path), "-t", to_format, "-o", str(out), "-q")
    via = run("convert", str(out), "-t", "bibtex", "-q")
    assert via.exit_code == 0
    assert via.stdout == direct.stdout


def test_output_extension_picks_the_format(sample_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "pubs.ris"
    result = run("convert", str(sample_path), "-o", str(out), "-q")
    assert result.exit_code == 0
    assert out.read_bytes().startswith(b"TY  - CPAPER\r\n")


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        pytest.param("bad.json", '[\n  {"id": "a",}\n]\n', "bad.json:2: error: not valid JSON"),
        pytest.param(
            "bad.yaml", "references:\n- id: a\n  type: [book\n", "bad.yaml:4: error: not valid YAML"
        ),
        pytest.param(
            "bad.ris", "TY  - JOUR\nTI  - x\nER  - \nstray\n", "bad.ris:4: error: not RIS"
        ),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(
    name: str, text: str, where: str, tmp_path: Path
) -> None:
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "out.bib"
    out.write_text("keep me\n", encoding="utf-8")
    result = run("convert", str(source), "-o", str(out))
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{tmp_path / where}")
    assert out.read_text(encoding="utf-8") == "keep me\n"
