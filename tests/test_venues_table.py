"""The venue string table: every raw spelling maps to the right venue and year facts."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bibexport.model import PartialDate, Record, Venue
from bibexport.venues import apply_venues, load_registry

TABLE = Path(__file__).parent / "data" / "venue_strings.tsv"


def _rows() -> list[dict[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


ROWS = _rows()


def test_table_is_large_and_covers_every_venue() -> None:
    registry = load_registry(())
    ids = {row["id"] for row in ROWS}
    assert len(ROWS) >= 300
    missing = {venue_id for venue_id in registry.entries if venue_id not in ids}
    assert not missing, f"no table row for {sorted(missing)}"


@pytest.mark.parametrize("row", ROWS, ids=[f"{i:03d}-{r['raw'][:40]}" for i, r in enumerate(ROWS)])
def test_raw_venue_string(row: dict[str, str]) -> None:
    year = int(row["record_year"]) if row["record_year"] else None
    record = Record(
        type="paper-conference",
        title="A title",
        issued=PartialDate(year) if year else None,
        venue=Venue(raw=row["raw"]),
    )
    [result], _ = apply_venues([record], load_registry(()))
    assert result.venue is not None
    assert result.venue.id == row["id"]
    assert (str(result.year) if result.year else "") == row["year"]
    expected_container = row["raw"] if row["container"] == "=" else row["container"]
    assert result.container_title == expected_container
    assert result.volume == row["volume"]


@pytest.mark.parametrize("row", ROWS[::7], ids=[r["raw"][:40] for r in ROWS[::7]])
def test_applying_twice_changes_nothing(row: dict[str, str]) -> None:
    year = int(row["record_year"]) if row["record_year"] else None
    record = Record(
        type="paper-conference",
        issued=PartialDate(year) if year else None,
        venue=Venue(raw=row["raw"]),
        container_title=row["raw"],  # as a BibTeX reader leaves it
    )
    registry = load_registry(())
    [once], _ = apply_venues([record], registry)
    [twice], _ = apply_venues([once], registry)
    assert twice == once
