"""examples/Makefile: `make -C examples` rebuilds the publication files; a rebuild keeps keys."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bibexport import read_string
from tests.conftest import ROOT

EXAMPLES = ROOT / "examples"
pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def make(directory: Path, *targets: str) -> subprocess.CompletedProcess[str]:
    """Run make in ``directory`` with this interpreter's bibexport."""
    return subprocess.run(
        ["make", "-C", str(directory), f"BIBEXPORT={sys.executable} -m bibexport", *targets],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of examples/ after `make`."""
    copy = tmp_path_factory.mktemp("examples") / "examples"
    shutil.copytree(EXAMPLES, copy, ignore=shutil.ignore_patterns("out", "cv-publications.*"))
    done = make(copy)
    assert done.returncode == 0, done.stderr
    return copy


def bib_records(path: Path):
    return read_string(path.read_text(encoding="utf-8"), "bibtex").records


def test_make_builds_both_files(built: Path) -> None:
    out = built / "out"
    assert sorted(p.name for p in out.iterdir()) == [
        "key-changes.tsv",
        "publications.bib",
        "publications.json",
    ]
    assert (out / "key-changes.tsv").read_text(encoding="utf-8") == ""


def test_bib_and_json_name_every_paper_alike(built: Path, csl_validator) -> None:
    keys = [r.key for r in bib_records(built / "out" / "publications.bib")]
    items = json.loads((built / "out" / "publications.json").read_text(encoding="utf-8"))
    assert [item["id"] for item in items] == keys
    assert len(keys) == len(set(keys))
    csl_validator.validate(items)


def test_inputs_are_merged_and_corrected(built: Path) -> None:
    records = {r.title: r for r in bib_records(built / "out" / "publications.bib")}
    # hand-kept.bib adds papers the listing lacks
    assert "Learning with Marginalized Corrupted Features" in records
    # the arXiv preprint in hand-kept.bib and the CVPR paper in the listing are one record,
    # with the key documents already cite and the arXiv id kept
    dense = records["Densely Connected Convolutional Networks"]
    assert (dense.key, dense.type, dense.year) == ("huang2016densely", "paper-conference", 2017)
    assert (dense.number, dense.archive) == ("1608.06993", "arXiv")
    assert dense.selected and dense.note == "Best Paper Award"
    # overrides: a completed author list, a DOI, dropped papers
    assert len(records["Scikit-learn: Machine Learning in Python"].authors) == 16
    assert records["Robust Principal Component Analysis?"].doi == "10.1145/1970392.1970395"
    assert "Deep Reinforcement Learning with Double Q-Learning" not in records
    # venues.yaml: a report's institution
    assert (
        records["Dimensionality Reduction: A Comparative Review"].publisher == "Tilburg University"
    )
    tsne = next(r for r in records.values() if r.key == "vdmaaten08tsne")
    assert tsne.selected and tsne.page == "2579-2605"


def test_public_bib_has_no_abstracts_but_json_has(built: Path) -> None:
    assert "abstract" not in (built / "out" / "publications.bib").read_text(encoding="utf-8")
    items = json.loads((built / "out" / "publications.json").read_text(encoding="utf-8"))
    assert any("abstract" in item for item in items)


def test_newest_first(built: Path) -> None:
    years = [r.year for r in bib_records(built / "out" / "publications.bib")]
    assert years == sorted(years, reverse=True)


def test_nothing_to_do_when_nothing_changed(built: Path) -> None:
    done = make(built)
    assert done.returncode == 0
    assert "convert" not in done.stdout


def test_rebuild_after_a_listing_change_keeps_every_key(tmp_path: Path) -> None:
    copy = tmp_path / "examples"
    shutil.copytree(EXAMPLES, copy, ignore=shutil.ignore_patterns("out", "cv-publications.*"))
    assert make(copy).returncode == 0
    bib = copy / "out" / "publications.bib"
    first = bib.read_text(encoding="utf-8")
    before = {r.title: r.key for r in bib_records(bib)}
    # A document cites a key the user chose by hand.
    renamed = before["Certified Data Removal from Machine Learning Models"]
    bib.write_text(first.replace(f"{{{renamed},", "{GuoRemoval2020,"), encoding="utf-8")
    before["Certified Data Removal from Machine Learning Models"] = "GuoRemoval2020"
    # The site adds a paper whose generated key is an existing paper's.
    listing = copy / "listing.txt"
    new_entry = (
        "ICML Conference 2020 Conference Paper\n\nCertified Robustness of Imagined Models\n\n"
        "  • Chuan Guo\n  • Petra Novak\n\n"
    )
    text = listing.read_text(encoding="utf-8")
    marker = "ICML Conference 2020 Conference Paper"
    listing.write_text(text.replace(marker, new_entry + marker, 1), encoding="utf-8")

    done = make(copy)
    assert done.returncode == 0, done.stderr
    after = {r.title: r.key for r in bib_records(bib)}
    for title, key in before.items():
        assert after[title] == key, title
    assert after["Certified Robustness of Imagined Models"] not in before.values()
    keys = [item["id"] for item in json.loads((copy / "out" / "publications.json").read_text())]
    assert "GuoRemoval2020" in keys


def test_same_inputs_same_bytes(tmp_path: Path) -> None:
    copy = tmp_path / "examples"
    shutil.copytree(EXAMPLES, copy, ignore=shutil.ignore_patterns("out", "cv-publications.*"))
    assert make(copy).returncode == 0
    outputs = {p.name: p.read_bytes() for p in (copy / "out").iterdir()}
    (copy / "listing.txt").touch()
    assert make(copy).returncode == 0
    assert {p.name: p.read_bytes() for p in (copy / "out").iterdir()} == outputs


def test_check_target_runs_the_linter(built: Path) -> None:
    done = make(built, "check")
    # venues.yaml names every venue and the overrides complete the cut lists: clean.
    assert done.stdout.strip() == "" or "warning" not in done.stdout, done.stdout
    assert "no problems found" in done.stderr
    assert done.returncode == 0
