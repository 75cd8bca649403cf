"""Stable keys (keystore.py): matching an existing .bib, keeping its keys, the key map.

The end-to-end property (regenerating a .bib with --keys-from the previous one
changes no existing key) is tested through the command line at the bottom.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bibexport.keystore import (
    KeyStore,
    avoid_reserved,
    format_key_map,
    keep_keys,
    key_changes,
    match_entries,
)
from bibexport.model import Name, PartialDate, Record, SourceSpan


def rec(title: str, year: int | None = 2021, key: str = "", doi: str = "", line: int = 1) -> Record:
    return Record(
        title=title,
        key=key,
        doi=doi,
        authors=(Name("Buchanan", "Sam"),),
        issued=PartialDate(year) if year else None,
        source=SourceSpan("page.txt", line),
    )


OLD = KeyStore.from_records(
    [
        Record(
            key="DeepCurves",
            title="Deep Networks Provably Classify Data on Curves",
            issued=PartialDate(2021),
            source=SourceSpan("old.bib", 1),
        ),
        Record(
            key="manifold21",
            title="Something Else Entirely",
            doi="10.5555/MANIFOLD",
            issued=PartialDate(2021),
            source=SourceSpan("old.bib", 9),
        ),
        Record(
            key="buchanan2020gone",
            title="A Paper No Longer Listed",
            issued=PartialDate(2020),
            source=SourceSpan("old.bib", 17),
        ),
        Record(
            key="buchanan2019typo",
            title="Old Title With a Tpyo",
            issued=PartialDate(2019),
            source=SourceSpan("old.bib", 25),
        ),
    ]
)


@pytest.mark.parametrize(
    ("record", "generated", "entry"),
    [
        pytest.param(
            rec("Deep networks provably classify data on curves."), "", 0, id="title-year"
        ),
        pytest.param(
            rec(
                "Deep Networks and the Multiple Manifold Problem",
                doi="https://doi.org/10.5555/manifold",
            ),
            "",
            1,
            id="doi",
        ),
        pytest.param(rec("Old Title With a Typo", 2019), "buchanan2019typo", 3, id="generated-key"),
        pytest.param(
            rec("Old Title With a Typo", 2019, key="Buchanan2019Typo"),
            "",
            3,
            id="own-key-ignoring-case",
        ),
        pytest.param(
            rec("Deep Networks Provably Classify Data on Curves", 2020), "", None, id="earlier-year"
        ),
        pytest.param(
            rec("Deep Networks Provably Classify Data on Curves", 2022), "", 0, id="published-later"
        ),
        pytest.param(rec("Unrelated"), "", None, id="nothing"),
    ],
)
def test_match_entries(record: Record, generated: str, entry: int | None) -> None:
    owner = match_entries([record], OLD, [generated])
    assert owner == ({} if entry is None else {entry: 0})


def test_doi_match_beats_an_earlier_title_match() -> None:
    store = KeyStore.from_records(
        [rec("Same", key="bytitle"), rec("Other", key="bydoi", doi="10.1/a")]
    )
    records = [rec("Same", doi="10.1/a"), rec("Same")]
    # record 0 has the DOI of entry 1, so entry 0 (by title) goes to record 1
    assert match_entries(records, store) == {1: 0, 0: 1}


def test_keep_keys_gives_old_keys_and_reports() -> None:
    records = [
        rec("Deep Networks Provably Classify Data on Curves", line=5),
        rec("New Paper", line=9),
    ]
    kept, diagnostics = keep_keys(records, OLD, ["buchanan2021deep", "buchanan2021new"])
    assert [r.key for r in kept] == ["DeepCurves", ""]
    codes = {(d.code, str(d.source)) for d in diagnostics}
    assert ("key-kept", "page.txt:5") in codes
    assert ("key-unmatched", "old.bib:17") in codes
    assert all(d.severity == "info" for d in diagnostics)


def test_each_entry_gives_its_key_once() -> None:
    records = [
        rec("Deep Networks Provably Classify Data on Curves", line=1),
        rec("Deep Networks Provably Classify Data on Curves", line=2),
    ]
    kept, _ = keep_keys(records, OLD)
    assert [r.key for r in kept] == ["DeepCurves", ""]


def test_avoid_reserved_renames_only_generated_keys() -> None:
    records = [
        rec("A", key="buchanan2020gone"),
        rec("B", key="buchanan2020gone"),
        rec("C", key="buchanan2020gonea"),
    ]
    renamed, diagnostics = avoid_reserved(records, OLD, ["", "buchanan2020gone", ""])
    assert [r.key for r in renamed] == [
        "buchanan2020goneb",
        "buchanan2020gone",
        "buchanan2020gonea",
    ]
    assert [d.code for d in diagnostics] == ["key-reserved"]


def test_key_changes_lists_inputs_and_store_keys() -> None:
    inputs = [
        rec("Deep Networks Provably Classify Data on Curves", key="wang2021deep"),
        rec("Merged Away", key="dup1"),
        rec("Merged Away", key="dup2"),
        rec("Unchanged", key="same"),
    ]
    final = [
        rec("Deep Networks Provably Classify Data on Curves", key="DeepCurves"),
        rec("Merged Away", key="dup1"),
        rec("Unchanged", key="same"),
    ]
    assert key_changes(inputs, final, OLD) == [("wang2021deep", "DeepCurves"), ("dup2", "dup1")]


def test_key_changes_empty_when_nothing_changed() -> None:
    final = [rec("Deep Networks Provably Classify Data on Curves", key="DeepCurves")]
    assert key_changes(final, final, OLD) == []


@given(
    st.lists(
        st.tuples(st.text("abcdefgh ", min_size=3, max_size=12), st.integers(2010, 2025)),
        max_size=12,
        unique_by=lambda e: " ".join(e[0].split()),
    )
)
def test_regenerated_records_get_their_old_keys_back(entries: list) -> None:
    """Keys cleared and kept again from a store of the same records: each gets its own back."""
    records = [
        rec(title, year, key=f"k{i}", line=i)
        for i, (title, year) in enumerate(entries)
        if title.strip()
    ]
    store = KeyStore.from_records(records)
    fresh = [r.with_changes(key="") for r in records]
    kept, _ = keep_keys(fresh, store)
    assert [r.key for r in kept] == [r.key for r in records]


def test_format_key_map() -> None:
    assert format_key_map([("a", "b"), ("c:d", "e")]) == "a\tb\nc:d\te\n"
    assert format_key_map([]) == ""


# --- through the command line ---------------------------------------------------------------

LISTING_V1 = """\
ICLR Conference 2021 Conference Paper

Deep Networks and the Multiple Manifold Problem

  • Sam Buchanan
  • Dar Gilboa
  • John Wright

NeurIPS Conference 2021 Conference Paper

Deep Networks Provably Clasify Data on Curves

  • Tingran Wang
  • Sam Buchanan
  • Dar Gilboa
  • John Wright

arXiv Preprint 2022 Preprint

A Fictional Study of Stable Citation Keys

  • Petra Novak
  • Marco Rossi
"""

# The site, a year later: a new paper whose key would take an old one's, a typo fixed,
# the preprint published (another year, another type).
LISTING_V2 = """\
ICLR Conference 2021 Conference Paper

Deep Thoughts on Fictional Results

  • Alex Buchanan

ICML Conference 2023 Conference Paper

A Fictional Study of Stable Citation Keys

  • Petra Novak
  • Marco Rossi

ICLR Conference 2021 Conference Paper

Deep Networks and the Multiple Manifold Problem

  • Sam Buchanan
  • Dar Gilboa
  • John Wright

NeurIPS Conference 2021 Conference Paper

Deep Networks Provably Classify Data on Curves

  • Tingran Wang
  • Sam Buchanan
  • Dar Gilboa
  • John Wright
"""


def bib_keys(path) -> dict[str, str]:
    """Title (normalized, typo-tolerant by first words) -> key, for a written .bib."""
    from bibexport import read_string

    records = read_string(path.read_text(encoding="utf-8"), "bibtex").records
    return {" ".join(r.title.lower().split()[:3]): r.key for r in records}


def cli(*args: str):
    from typer.testing import CliRunner

    from bibexport.cli import app

    return CliRunner().invoke(app, list(args))


def test_regenerating_with_keys_from_changes_no_existing_key(tmp_path) -> None:
    v1, v2 = tmp_path / "v1.txt", tmp_path / "v2.txt"
    v1.write_text(LISTING_V1, encoding="utf-8")
    v2.write_text(LISTING_V2, encoding="utf-8")
    bib, key_map = tmp_path / "publications.bib", tmp_path / "key-map.tsv"
    assert cli("convert", str(v1), "-o", str(bib)).exit_code == 0
    # The user renamed one key by hand; a document cites it.
    bib.write_text(bib.read_text(encoding="utf-8").replace("{wang2021deep,", "{WangCurves21,"))
    before = bib_keys(bib)
    assert set(before.values()) == {"buchanan2021deep", "WangCurves21", "novak2022fictional"}

    result = cli(
        "convert", str(v2), "--keys-from", str(bib), "--key-map", str(key_map), "-o", str(bib)
    )
    assert result.exit_code == 0, result.stderr
    after = bib_keys(bib)
    for title, key in before.items():
        assert after[title] == key, title
    new_key = after["deep thoughts on"]
    assert new_key not in before.values()
    assert key_map.read_text(encoding="utf-8") == ""


def test_an_override_new_key_wins_and_is_in_the_key_map(tmp_path) -> None:
    v1, fix = tmp_path / "v1.txt", tmp_path / "fix.yaml"
    v1.write_text(LISTING_V1, encoding="utf-8")
    fix.write_text("- key: wang2021deep\n  new_key: WangCurves\n", encoding="utf-8")
    bib, key_map = tmp_path / "publications.bib", tmp_path / "key-map.tsv"
    assert cli("convert", str(v1), "-o", str(bib)).exit_code == 0
    result = cli(
        "convert",
        str(v1),
        "--keys-from",
        str(bib),
        "--overrides",
        str(fix),
        "--key-map",
        str(key_map),
        "-o",
        str(bib),
    )
    assert result.exit_code == 0, result.stderr
    assert set(bib_keys(bib).values()) == {"buchanan2021deep", "WangCurves", "novak2022fictional"}
    assert key_map.read_text(encoding="utf-8") == "wang2021deep\tWangCurves\n"


def test_without_keys_from_the_keys_would_change(tmp_path) -> None:
    v2 = tmp_path / "v2.txt"
    v2.write_text(LISTING_V2, encoding="utf-8")
    out = tmp_path / "out.bib"
    assert cli("convert", str(v2), "-o", str(out)).exit_code == 0
    keys = bib_keys(out)
    assert keys["deep thoughts on"] == "buchanan2021deep"  # what --keys-from prevents
    assert keys["a fictional study"] == "novak2023fictional"


def test_keys_from_a_csl_json_file(tmp_path) -> None:
    import json

    listing, old = tmp_path / "v1.txt", tmp_path / "old.json"
    listing.write_text(LISTING_V1, encoding="utf-8")
    items = [
        {
            "id": "ManifoldPaper",
            "type": "paper-conference",
            "issued": {"date-parts": [[2021]]},
            "title": "Deep Networks and the Multiple Manifold Problem",
        }
    ]
    old.write_text(json.dumps(items), encoding="utf-8")
    result = cli("convert", str(listing), "--keys-from", str(old), "-t", "csljson")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)[0]["id"] == "ManifoldPaper"


def test_key_map_lists_keys_merged_away(tmp_path) -> None:
    one, two = tmp_path / "one.bib", tmp_path / "two.bib"
    entry = (
        "@article{%s,\n  author = {Novak, Petra},\n  title = {A Fictional Study},\n"
        "  journal = {Journal of Machine Learning Research},\n  year = {2022}\n}\n"
    )
    one.write_text(entry % "novak22", encoding="utf-8")
    two.write_text(entry % "NovakFictional", encoding="utf-8")
    key_map, out = tmp_path / "map.tsv", tmp_path / "out.bib"
    result = cli("convert", str(one), str(two), "--key-map", str(key_map), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert key_map.read_text(encoding="utf-8") == "NovakFictional\tnovak22\n"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        pytest.param(
            ["--keys-from", "missing.bib"],
            "missing.bib:1: error: no such file",
            id="missing-keys-file",
        ),
        pytest.param(["--key-map", "-"], "--key-map needs a file of its own", id="key-map-stdout"),
        pytest.param(
            ["--keys-from", "KEYFILE"],
            "KEYFILE:1: error: no entries with citation keys",
            id="no-keys",
        ),
    ],
)
def test_bad_key_options_exit_2_and_write_nothing(tmp_path, extra: list[str], message: str) -> None:
    listing = tmp_path / "v1.txt"
    listing.write_text(LISTING_V1, encoding="utf-8")
    out = tmp_path / "out.bib"
    keyfile = tmp_path / "notes.bib"
    keyfile.write_text("% nothing but a comment\n", encoding="utf-8")
    extra = [str(keyfile) if arg == "KEYFILE" else arg for arg in extra]
    result = cli("convert", str(listing), *extra, "-o", str(out))
    assert result.exit_code == 2
    assert message.replace("KEYFILE", str(keyfile)) in result.stderr
    assert not out.exists()
