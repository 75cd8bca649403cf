"""The command line as users meet it: exit statuses, errors, atomic output, determinism."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bibexport.cli import app
from tests.conftest import EXAMPLE_LISTING, ROOT, SAMPLE

runner = CliRunner()

ENTRY = """NeurIPS Conference 2021 Conference Paper

Deep Networks Provably Classify Data on Curves

  • Tingran Wang
  • Sam Buchanan
  • Dar Gilboa
  • John Wright
"""


def run(*args: str, input: str | None = None):
    """Invoke the CLI in-process and return the result (stdout and stderr kept apart)."""
    return runner.invoke(app, list(args), input=input)


def run_process(*args: str, input: bytes | None = None, cwd: Path | None = None):
    """Invoke the CLI as a real subprocess, as a shell pipeline would."""
    return subprocess.run(
        [sys.executable, "-m", "bibexport", *args],
        input=input,
        capture_output=True,
        cwd=cwd,
        check=False,
    )


@pytest.fixture
def listing(tmp_path: Path) -> Path:
    path = tmp_path / "page.txt"
    path.write_text(ENTRY, encoding="utf-8")
    return path


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert re.fullmatch(r"bibexport \d+\.\d+\.\d+\n", result.stdout)


def test_no_arguments_prints_help() -> None:
    result = run()
    assert "convert" in result.output
    assert result.exit_code in (0, 2)


def test_formats_lists_readers_and_writers() -> None:
    result = run("formats")
    assert result.exit_code == 0
    lines = {line.split()[0]: line.split()[1:3] for line in result.stdout.splitlines()[1:]}
    assert lines["listing"] == ["yes", "-"]
    for name in ("bibtex", "biblatex", "csljson", "cslyaml", "ris"):
        assert lines[name] == ["yes", "yes"], name
    assert lines["citation"] == ["-", "yes"]


def test_convert_to_stdout(listing: Path) -> None:
    result = run("convert", str(listing), "-t", "bibtex")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("@inproceedings{wang2021deep,\n")
    assert result.stderr == ""


def test_convert_reads_stdin() -> None:
    result = run("convert", "-", "-t", "csljson", input=ENTRY)
    assert result.exit_code == 0, result.stderr
    items = json.loads(result.stdout)
    assert [item["id"] for item in items] == ["wang2021deep"]


def test_output_format_from_extension(listing: Path, tmp_path: Path) -> None:
    out = tmp_path / "refs.json"
    result = run("convert", str(listing), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))[0]["type"] == "paper-conference"
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(b"", "empty", id="empty"),
        pytest.param(b"   \n\n  \n", "empty", id="blank"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary", id="binary"),
        pytest.param(b"Just some notes about papers.\nNothing else.\n", "entr", id="no-entry"),
    ],
)
def test_bad_input_is_one_line_exit_2(tmp_path: Path, content: bytes, message: str) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    out = tmp_path / "out.bib"
    result = run_process("convert", str(bad), "-o", str(out))
    stderr = result.stderr.decode()
    assert result.returncode == 2
    assert result.stdout == b""
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert stderr.startswith(f"{bad}:"), stderr
    assert ": error: " in stderr and message in stderr.lower()
    assert "Traceback" not in stderr
    assert not out.exists()


def test_entry_cut_before_authors(tmp_path: Path) -> None:
    bad = tmp_path / "cut.txt"
    bad.write_text(
        ENTRY + "\nICML Conference 2019 Conference Paper\n\nA Title Only\n", encoding="utf-8"
    )
    result = run_process("convert", str(bad))
    assert result.returncode == 2
    assert re.match(rf"{re.escape(str(bad))}:\d+: error: ", result.stderr.decode())
    assert result.stdout == b""


def test_missing_file(tmp_path: Path) -> None:
    result = run_process("convert", str(tmp_path / "nope.txt"))
    assert result.returncode == 2
    assert result.stderr.decode() == f"{tmp_path / 'nope.txt'}:1: error: no such file\n"


def test_failed_run_leaves_existing_output_untouched(tmp_path: Path) -> None:
    out = tmp_path / "refs.bib"
    out.write_bytes(b"% my precious file\n")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02")
    result = run_process("convert", str(bad), "-o", str(out))
    assert result.returncode == 2
    assert out.read_bytes() == b"% my precious file\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.txt", "refs.bib"]


def test_unknown_format_is_usage_error(listing: Path) -> None:
    result = run("convert", str(listing), "-t", "docx")
    assert result.exit_code == 2
    assert "unknown format 'docx'" in result.stderr


def test_bad_option_value_is_usage_error(listing: Path) -> None:
    result = run("convert", str(listing), "--venue-form", "tiny")
    assert result.exit_code == 2
    assert "--venue-form must be one of full, short, both" in result.stderr


def test_strict_turns_warnings_into_exit_1_and_writes_nothing(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        ENTRY.replace("NeurIPS Conference", "Obscure Symposium Conference"), encoding="utf-8"
    )
    out = tmp_path / "out.bib"
    lenient = run("convert", str(page), "-o", str(out))
    assert lenient.exit_code == 0
    assert "warning[venue-unknown]" in lenient.stderr
    out.unlink()
    strict = run("convert", str(page), "-o", str(out), "--strict")
    assert strict.exit_code == 1
    assert not out.exists()


def test_quiet_hides_warnings(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        ENTRY.replace("NeurIPS Conference", "Obscure Symposium Conference"), encoding="utf-8"
    )
    result = run("convert", str(page), "-q")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert "Obscure Symposium" in result.stdout


@pytest.mark.parametrize("target", ["bibtex", "biblatex", "csljson", "cslyaml", "ris"])
def test_same_input_same_bytes(target: str) -> None:
    first = run_process("convert", str(EXAMPLE_LISTING), "-t", target)
    second = run_process("convert", str(EXAMPLE_LISTING), "-t", target)
    assert first.returncode == 0, first.stderr.decode()
    assert first.stdout == second.stdout
    assert first.stdout.endswith(b"\n")


def test_pipeline_through_real_subprocess() -> None:
    import bibtexparser

    text = EXAMPLE_LISTING.read_bytes()
    result = run_process("convert", "-", "-t", "bibtex", input=text)
    assert result.returncode == 0, result.stderr.decode()
    library = bibtexparser.parse_string(result.stdout.decode("utf-8"))
    venue_lines = re.findall(
        r"^.+ (?:19|20)\d\d [A-Z][a-z]+(?: [A-Z][a-z]+)*$", text.decode(), re.M
    )
    assert not library.failed_blocks
    assert len(library.entries) == len(venue_lines) > 0


def test_sample_converts_in_both_formats(sample_text: str) -> None:
    bib = run_process("convert", str(SAMPLE), "-t", "bibtex")
    csl = run_process("convert", str(SAMPLE), "-t", "csljson")
    assert bib.returncode == 0 and csl.returncode == 0
    assert bib.stdout.count(b"\n@") + 1 == 9
    assert len(json.loads(csl.stdout)) == 9


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["--help"], id="help"),
        pytest.param(["--version"], id="version"),
        pytest.param(["convert", str(EXAMPLE_LISTING), "-t", "bibtex"], id="convert-bibtex"),
        pytest.param(["convert", str(EXAMPLE_LISTING), "-t", "csljson"], id="convert-csljson"),
    ],
)
def test_light_paths_never_import_citeproc_or_lxml(argv: list[str]) -> None:
    script = (
        "import sys\n"
        "from bibexport.cli import app\n"
        "try:\n"
        f"    app({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('citeproc', 'lxml'))\n"
        "sys.stderr.write(repr(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, check=False, cwd=ROOT
    )
    assert result.stderr.decode().endswith("[]"), result.stderr.decode()


def test_every_command_is_in_the_readme() -> None:
    import typer.main

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    names: list[str] = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        if subcommands:
            names.extend(f"{name} {sub}" for sub in subcommands)
        else:
            names.append(name)
    assert names, "no commands found"
    for name in names:
        assert f"bibexport {name}" in readme, f"`bibexport {name}` has no example in README.md"


def test_cite_cut_lists_others_prints_et_al(sample_text: str) -> None:
    kept = run("cite", str(SAMPLE), "--style", "apa", "-q")
    marked = run("cite", str(SAMPLE), "--style", "apa", "-q", "--cut-lists", "others")
    assert kept.exit_code == marked.exit_code == 0
    assert "et al." not in kept.stdout
    assert marked.stdout.count("Zhai, Y., et al. (2024)") == 1
    assert "others" not in marked.stdout


@pytest.mark.parametrize(
    ("target", "suffix"),
    [
        ("bibtex", "bib"),
        ("biblatex", "biblatex.bib"),
        ("csljson", "json"),
        ("cslyaml", "yaml"),
        ("ris", "ris"),
    ],
)
def test_example_listing_golden(golden, csl_validator, target: str, suffix: str) -> None:
    """The bundled example through the whole command, every writer: reviewed golden files."""
    result = run_process("convert", str(EXAMPLE_LISTING), "-t", target)
    assert result.returncode == 0, result.stderr.decode()
    text = result.stdout.decode("utf-8")
    if target == "csljson":
        assert not list(csl_validator.iter_errors(json.loads(text)))
    golden(f"example/listing.{suffix}", text)
