"""`bibexport cite` end to end: CliRunner and subprocess runs, goldens, the CV Makefile target."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bibexport.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_LISTING = ROOT / "examples" / "listing.txt"
MARKUPS = ("text", "html", "markdown", "latex", "json")
SUFFIX = {"text": "txt", "html": "html", "markdown": "md", "latex": "tex", "json": "json"}

# A small CSL-JSON bibliography of our own: two conference papers, a journal
# article and a preprint; "Sam Buchanan" in several, once with a homonym-free
# namesake of another given name who must not be highlighted.
ITEMS = [
    {
        "id": "fang2025beyond",
        "type": "paper-conference",
        "title": "Beyond Scores: Proximal Diffusion Models",
        "author": [
            {"family": "Fang", "given": "Zhenghan"},
            {"family": "Buchanan", "given": "Sam"},
            {"family": "Sulam", "given": "Jeremias"},
        ],
        "issued": {"date-parts": [[2025]]},
        "container-title": "Advances in Neural Information Processing Systems",
    },
    {
        "id": "yu2024white",
        "type": "article-journal",
        "title": "White-Box Transformers via Sparse Rate Reduction: Compression Is All There Is?",
        "author": [
            {"family": "Yu", "given": "Yaodong"},
            {"family": "Buchanan", "given": "Sam"},
            {"family": "Buchanan", "given": "Tom"},
        ],
        "issued": {"date-parts": [[2024]]},
        "container-title": "Journal of Machine Learning Research",
        "volume": "25",
        "page": "1-128",
    },
    {
        "id": "pai2023bounds",
        "type": "article",
        "title": r"Sample bounds of $O(\sqrt{n})$ for 2*3 grids and snake_case names",
        "author": [{"family": "Pai", "given": "Druv"}, {"family": "Buchanan", "given": "Sam"}],
        "issued": {"date-parts": [[2023]]},
        "publisher": "arXiv",
        "number": "2301.00001",
        "URL": "https://arxiv.org/abs/2301.00001",
    },
]


@pytest.fixture
def bib(tmp_path: Path) -> Path:
    path = tmp_path / "refs.json"
    path.write_text(json.dumps(ITEMS, ensure_ascii=False), encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


# ---------------------------------------------------------------- CliRunner


@pytest.mark.parametrize("markup", MARKUPS)
def test_every_markup(bib: Path, markup: str) -> None:
    code, out, err = run("cite", str(bib), "--markup", markup, "--highlight", "Sam Buchanan")
    assert code == 0, err
    assert out.endswith("\n")
    assert "Beyond Scores" in out
    if markup == "json":
        rows = json.loads(out)
        assert [row["key"] for row in rows] == ["fang2025beyond", "pai2023bounds", "yu2024white"]
    elif markup == "text":
        assert len(out.splitlines()) == 3
        assert "O(√n)" in out


@pytest.mark.parametrize(
    ("markup", "bold", "namesake"),
    [
        pytest.param("html", "<b>Buchanan, S.</b>", "<b>Buchanan, T.", id="html"),
        pytest.param("markdown", "**Buchanan, S.**", "**Buchanan, T.", id="markdown"),
        pytest.param("latex", r"\textbf{Buchanan, S.}", r"\textbf{Buchanan, T.", id="latex"),
    ],
)
def test_highlight_the_person_not_the_namesake(
    bib: Path, markup: str, bold: str, namesake: str
) -> None:
    code, out, _ = run("cite", str(bib), "-m", markup, "--highlight", "buchanan, s.")
    assert code == 0
    assert out.count(bold) == 3
    assert namesake not in out
    assert "Buchanan, T." in out


def test_markup_from_output_extension(bib: Path, tmp_path: Path) -> None:
    for suffix, marker in ((".html", "<div"), (".md", "- "), (".tex", r"\begin{itemize}")):
        target = tmp_path / f"out{suffix}"
        code, out, err = run("cite", str(bib), "-o", str(target))
        assert code == 0, err
        assert out == ""
        assert target.read_text(encoding="utf-8").startswith(marker)
    target = tmp_path / "out.json"
    assert run("cite", str(bib), "-o", str(target))[0] == 0
    assert len(json.loads(target.read_text(encoding="utf-8"))) == 3


def test_cv_options(bib: Path) -> None:
    code, out, _ = run(
        "cite", str(bib), "--style", "cv-compact", "-m", "markdown", "--group-by", "year",
        "--reverse-numbering", "--highlight", "Sam Buchanan",
    )  # fmt: skip
    assert code == 0
    assert re.findall(r"^## (\d{4})$", out, flags=re.M) == ["2025", "2024", "2023"]
    assert re.findall(r"^(\d)\\\. ", out, flags=re.M) == ["3", "2", "1"]
    assert "**S. Buchanan**" in out
    assert r"$O(\sqrt{n})$ for 2\*3 grids and snake\_case names" in out


def test_overrides_and_selected(bib: Path, tmp_path: Path) -> None:
    marks = tmp_path / "overrides.yaml"
    marks.write_text(
        "- key: yu2024white\n  selected: true\n- key: pai2023bounds\n  selected: true\n",
        encoding="utf-8",
    )
    code, out, err = run("cite", str(bib), "--overrides", str(marks), "--selected", "-m", "json")
    assert code == 0, err
    assert [row["key"] for row in json.loads(out)] == ["pai2023bounds", "yu2024white"]


@pytest.mark.parametrize(
    ("args", "keys"),
    [
        pytest.param(["--year", "2024-"], ["fang2025beyond", "yu2024white"], id="year"),
        pytest.param(["--type", "journal"], ["yu2024white"], id="type"),
        pytest.param(["--author", "Sulam"], ["fang2025beyond"], id="author"),
    ],
)
def test_selection_filters(bib: Path, args: list[str], keys: list[str]) -> None:
    code, out, err = run("cite", str(bib), "-m", "json", *args)
    assert code == 0, err
    assert [row["key"] for row in json.loads(out)] == keys


def test_standalone_html(bib: Path) -> None:
    code, out, _ = run(
        "cite", str(bib), "-m", "html", "--standalone", "--highlight", "Sam Buchanan"
    )
    assert code == 0
    assert out.startswith("<!DOCTYPE html>\n")
    assert '<meta charset="utf-8">' in out
    assert "<title>Publications of Sam Buchanan</title>" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--markup", "rtf"], "--markup must be one of", id="markup"),
        pytest.param(["--group-by", "month"], "--group-by must be one of", id="group-by"),
        pytest.param(["--sort", "random"], "--sort must be one of", id="sort"),
        pytest.param(["--style", "no-such-style"], "unknown citation style", id="style"),
        pytest.param(["--style", "missing/file.csl"], "does not exist", id="style-file"),
        pytest.param(["--locale", "xx-YY"], "locale", id="locale"),
        pytest.param(["--highlight", "A", "--no-highlight"], "cannot be used together", id="both"),
        pytest.param(["--selected"], "selected", id="nothing-selected"),
    ],
)
def test_usage_errors_are_one_line(bib: Path, args: list[str], message: str) -> None:
    code, out, err = run("cite", str(bib), *args)
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "error:" in lines[0] and message in lines[0], err


HOSTILE = """<?xml version="1.0"?>
<!DOCTYPE style [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0"><info><title>&b;</title></info>
</style>
"""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(HOSTILE, "not allowed", id="entity-expansion"),
        pytest.param("<style><unclosed></style>", "well-formed", id="malformed"),
        pytest.param('<?xml version="1.0"?><root/>', "not a CSL style", id="not-csl"),
    ],
)
def test_bad_style_file_keeps_existing_output(
    bib: Path, tmp_path: Path, content: str, message: str
) -> None:
    style = tmp_path / "bad.csl"
    style.write_text(content, encoding="utf-8")
    target = tmp_path / "cv.html"
    target.write_text("previous CV\n", encoding="utf-8")
    code, _, err = run("cite", str(bib), "--style", str(style), "-o", str(target))
    assert code == 2
    assert err.count("\n") == 1 and "bad.csl" in err and message in err, err
    assert "Traceback" not in err
    assert target.read_text(encoding="utf-8") == "previous CV\n"


STYLE_HEAD = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">\n'
    "<info><title>T</title><id>t</id><updated>2024-01-01T00:00:00+00:00</updated></info>\n"
    '<citation><layout><text variable="title"/></layout></citation>\n'
)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param(
            '<bibliography><layout><text macro="missing"/></layout></bibliography>',
            "cannot be run by citeproc-py",
            id="missing-macro",
        ),
        pytest.param("", "has no bibliography layout", id="no-bibliography"),
    ],
)
def test_style_citeproc_cannot_run(bib: Path, tmp_path: Path, body: str, message: str) -> None:
    style = tmp_path / "odd.csl"
    style.write_text(f"{STYLE_HEAD}{body}\n</style>\n", encoding="utf-8")
    code, out, err = run("cite", str(bib), "--style", str(style))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and "odd" in err and message in err, err


def test_style_file_path(bib: Path) -> None:
    style = ROOT / "styles" / "lab-page.csl"
    code, out, _ = run("cite", str(bib), "--style", str(style), "-m", "html", "--no-highlight")
    assert code == 0
    assert "<b>Beyond Scores: Proximal Diffusion Models</b>" in out


def test_stdin(bib: Path) -> None:
    result = CliRunner().invoke(app, ["cite", "-", "--style", "ieee"], input=bib.read_text())
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 3


# ---------------------------------------------------------------- subprocess


def bibexport(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bibexport", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        check=False,
    )


@pytest.mark.parametrize("markup", MARKUPS)
def test_subprocess_every_markup_is_deterministic(bib: Path, markup: str) -> None:
    first = bibexport("cite", str(bib), "-m", markup, "--style", "ieee")
    second = bibexport("cite", str(bib), "-m", markup, "--style", "ieee")
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert "[1]" in first.stdout or "\\[1\\]" in first.stdout


def test_help_does_not_import_engine() -> None:
    for args in (["--help"], ["cite", "--help"], ["styles", "--help"]):
        probe = (
            "import sys\nfrom bibexport.cli import app\n"
            f"try:\n    app({args!r})\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('citeproc', 'lxml')))"
        )
        result = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, check=False
        )
        assert result.stdout.strip().splitlines()[-1] == "[]", (args, result.stdout)


def test_bad_input_subprocess(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('[{"id": "x", "type": "book", "title": ', encoding="utf-8")
    result = bibexport("cite", str(bad))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"{bad}:")
    assert "Traceback" not in result.stderr


# ---------------------------------------------------------------- the listing: sample and example


def test_sample_ieee_and_apa(sample_text: str, tmp_path: Path) -> None:
    """The nine papers of the shared sample, with Sam Buchanan in bold."""
    source = tmp_path / "buchanan-listing.txt"
    source.write_text(sample_text, encoding="utf-8")
    # IEEE lists at most six authors ("Y. Yu et al."), so two entries do not name him.
    for style, printed in (("ieee", 7), ("apa", 9)):
        text = bibexport("cite", str(source), "--style", style, "-q")
        assert text.returncode == 0, text.stderr
        assert len(text.stdout.splitlines()) == 9
        assert text.stdout.count("Buchanan") == printed
        for markup, bold in (("html", "<b>S. Buchanan</b>"), ("markdown", "**S. Buchanan**")):
            if style == "apa":
                bold = bold.replace("S. Buchanan", "Buchanan, S.")
            out = bibexport("cite", str(source), "--style", style, "-m", markup, "-q").stdout
            assert out.count(bold) == out.count("Buchanan") == printed, (style, markup)
    ieee = bibexport("cite", str(source), "--style", "ieee", "-q").stdout
    labels = [int(n) for n in re.findall(r"^\[(\d+)\]", ieee, flags=re.M)]
    assert labels == list(range(1, 10))
    assert "Yi Ma 0001" not in ieee and "0001" not in ieee


def test_sample_highlight_with_homonym_number(sample_text: str, tmp_path: Path) -> None:
    """`Yi Ma 0001` names the person listed both as `Yi Ma 0001` and as `Yi Ma`."""
    source = tmp_path / "buchanan-listing.txt"
    source.write_text(sample_text, encoding="utf-8")
    out = bibexport("cite", str(source), "-m", "markdown", "--highlight", "Yi Ma 0001", "-q")
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("**Ma, Y.**") == out.stdout.count("Ma, Y.") == 3
    assert "**Buchanan" not in out.stdout


def test_example_highlight_folds_diacritics() -> None:
    if not EXAMPLE_LISTING.exists():
        pytest.skip("examples/listing.txt is not there yet")
    out = bibexport(
        "cite", str(EXAMPLE_LISTING), "-m", "html", "--style", "ieee", "-q",
        "--highlight", "Emmanuel Candes", "--highlight", "cisse, m.",
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert sorted(re.findall(r"<b>([^<]*)</b>", out.stdout)) == ["E. J. Candès", "M. Cissé"]


def listing_source(request: pytest.FixtureRequest) -> tuple[str, Path]:
    """The example listing when it exists, else the shared sample (skips without either)."""
    if EXAMPLE_LISTING.exists():
        return "example", EXAMPLE_LISTING
    text = request.getfixturevalue("sample_text")
    path = Path(request.getfixturevalue("tmp_path")) / "buchanan-listing.txt"
    path.write_text(text, encoding="utf-8")
    return "sample", path


GOLDEN_CASES = (
    [pytest.param(markup, [], id=f"apa-{markup}") for markup in MARKUPS]
    + [
        pytest.param(
            markup,
            ["--style", "cv-compact", "--group-by", "year", "--reverse-numbering", "--standalone"],
            id=f"cv-{markup}",
        )
        for markup in ("html", "markdown", "latex")
    ]
    + [
        pytest.param("html", ["--style", "lab-page", "--group-by", "type"], id="lab-page-html"),
        pytest.param("text", ["--style", "ieee"], id="ieee-text"),
    ]
)


def source_file(request: pytest.FixtureRequest, name: str) -> Path:
    """The example listing (``example``) or the shared sample (``sample``); skips when absent."""
    if name == "example":
        if not EXAMPLE_LISTING.exists():
            pytest.skip("examples/listing.txt is not there yet")
        return EXAMPLE_LISTING
    path = Path(request.getfixturevalue("tmp_path")) / "buchanan-listing.txt"
    path.write_text(request.getfixturevalue("sample_text"), encoding="utf-8")
    return path


@pytest.mark.parametrize(("markup", "options"), GOLDEN_CASES)
@pytest.mark.parametrize("source", ["example", "sample"])
def test_golden(
    request: pytest.FixtureRequest, golden, source: str, markup: str, options: list[str]
) -> None:
    result = bibexport("cite", str(source_file(request, source)), "-m", markup, "-q", *options)
    assert result.returncode == 0, result.stderr
    case = request.node.callspec.id.split("-", 1)[1]
    golden(f"cite/{source}-{case}.{SUFFIX[markup]}", result.stdout)


def test_makefile_cv_target(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """`make cv` in a copy of examples/ builds both CV files; a second run rebuilds nothing."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    work = tmp_path / "examples"
    shutil.copytree(ROOT / "examples", work, ignore=shutil.ignore_patterns("out"))
    _, source = listing_source(request)
    shutil.copy(source, work / "listing.txt")
    command = f"{sys.executable} -m bibexport"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    made = subprocess.run(
        ["make", "-s", "cv", f"BIBEXPORT={command}"],
        cwd=work, capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    html = (work / "out" / "cv-publications.html").read_text(encoding="utf-8")
    markdown = (work / "out" / "cv-publications.md").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<b>" in html
    assert markdown.startswith("---\ntitle: ") and "**" in markdown
    years = re.findall(r"^## (\d{4})$", markdown, flags=re.M)
    assert years == sorted(years, reverse=True) and years
    again = subprocess.run(
        ["make", "cv", f"BIBEXPORT={command}"],
        cwd=work, capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert "Nothing to be done" in again.stdout


def test_bench_cite_runs() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_cite.py"), "--runs", "1", "--sizes", "5",
         "--styles", "apa", "ieee"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = re.findall(
        r"^\s+5\s+(apa|ieee)\s+text\s+[\d.]+s\s+[\d.]+s .*\(5 lines\)$", result.stdout, re.M
    )
    assert rows == ["apa", "ieee"], result.stdout


@pytest.mark.parametrize(
    "style",
    ["apa", "ieee", "chicago-author-date", "modern-language-association", "nature",
     "harvard-cite-them-right", "vancouver"],
)  # fmt: skip
def test_text_is_the_engines_text(style: str) -> None:
    """The layout adds nothing to an entry's plain text (no math or scripts in the example)."""
    if not EXAMPLE_LISTING.exists():
        pytest.skip("examples/listing.txt is not there yet")
    from bibexport.cite_engine import format_bibliography

    code, items_json, err = run("convert", str(EXAMPLE_LISTING), "-t", "csljson", "-q")
    assert code == 0, err
    expected = [
        " ".join(entry.text.split()) for entry in format_bibliography(json.loads(items_json), style)
    ]
    code, out, err = run("cite", str(EXAMPLE_LISTING), "--style", style, "-q")
    assert code == 0, err
    assert out.splitlines() == expected
