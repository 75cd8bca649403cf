"""Stable keys (keystore.py): matching an existing .bib, keeping its keys, the key map.

The end-to-end property (regenerating a .bib with --keys-from the previous one
changes no existing key) is tested through the command line at the bottom.
"""

from __future__ import annotations

import pytest

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


def test_format_key_map() -> None:
    assert format_key_map([("a", "b"), ("c:d", "e")]) == "a\tb\nc:d\te\n"
    assert format_key_map([]) == ""
