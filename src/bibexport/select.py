"""Selection, order and field choice: ``--year``, ``--venue``, ``--type``, ``--author``,
``--selected``, ``--sort``, ``--fields`` and ``--drop-fields``.

Filters combine with AND across options and OR within a repeated option
(``--venue NeurIPS --venue ICML`` keeps both venues). Sorting is stable, so
records that compare equal keep their input order, and the output stays the
same byte for byte for the same input.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from bibexport.errors import Diagnostic, UsageError
from bibexport.model import RECORD_TYPES, PartialDate, Record

SORT_ORDERS: tuple[str, ...] = ("input", "year-desc", "year", "title", "key")

# What --type accepts besides the CSL types themselves: the kinds users say.
# Each maps to (CSL type, venue kind required or None).
TYPE_ALIASES: dict[str, tuple[str, str | None]] = {
    "conference": ("paper-conference", "conference"),
    "workshop": ("paper-conference", "workshop"),
    "journal": ("article-journal", None),
    "preprint": ("article", None),
    "chapter": ("chapter", None),
    "thesis": ("thesis", None),
    "report": ("report", None),
    "inproceedings": ("paper-conference", None),
    "incollection": ("chapter", None),
    "phdthesis": ("thesis", None),
    "mastersthesis": ("thesis", None),
    "techreport": ("report", None),
}

# The output formats' common field names, mapped to Record fields. Title,
# authors, year, type and key are always kept: without them there is no reference.
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "abstract": ("abstract",),
    "doi": ("doi",),
    "url": ("url",),
    "note": ("note",),
    "keywords": ("keywords",),
    "pages": ("page",),
    "volume": ("volume",),
    "issue": ("issue",),
    "number": ("number",),
    "publisher": ("publisher",),
    "address": ("publisher_place",),
    "venue": ("container_title", "venue"),
    "series": ("collection_title",),
    "edition": ("edition",),
    "editor": ("editors",),
    "eventtitle": ("event_title",),
    "location": ("event_place",),
    "genre": ("genre",),
    "archive": ("archive",),
    "isbn": ("isbn",),
    "issn": ("issn",),
    "language": ("language",),
    "month": ("issued",),
    "eprint": (),  # number and archive when they hold an eprint, and the eprint extras
    "selected": ("selected",),
}
_EPRINT_EXTRAS = ("eprint", "eprinttype", "archiveprefix", "primaryclass", "eprintclass")
FIELD_ALIASES: dict[str, str] = {
    "booktitle": "venue",
    "journal": "venue",
    "journaltitle": "venue",
    "container-title": "venue",
    "editors": "editor",
    "page": "pages",
    "institution": "publisher",
    "school": "publisher",
    "publisher-place": "address",
    "event": "eventtitle",
    "event-title": "eventtitle",
    "collection-title": "series",
    "type": "genre",
    "date": "month",
}
ALWAYS_KEPT: tuple[str, ...] = ("title", "author", "year", "key", "entrytype")


@dataclass(frozen=True)
class Selection:
    """The selection options of one run; the defaults select everything in input order."""

    years: tuple[tuple[int | None, int | None], ...] = ()
    venues: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    selected_only: bool = False
    sort: str = "input"

    @property
    def filters(self) -> bool:
        """True when any filter is set."""
        return bool(self.years or self.venues or self.types or self.authors or self.selected_only)


def _fold(text: str) -> str:
    """Lowercase ASCII words of ``text``, for forgiving comparisons."""
    from bibexport.text import fold_ascii

    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold_ascii(text).lower()).split())


def parse_years(spec: str) -> tuple[int | None, int | None]:
    """``2020-2024``, ``2021``, ``2020-`` or ``-2019`` as an inclusive (first, last) range."""
    found = re.fullmatch(r"\s*(\d{4})?\s*(-|–|\.\.)?\s*(\d{4})?\s*", spec)
    if not found or not (found.group(1) or found.group(3)):
        raise UsageError(f"--year takes YEAR, FIRST-LAST, FIRST- or -LAST (got {spec!r})")
    first = int(found.group(1)) if found.group(1) else None
    last = int(found.group(3)) if found.group(3) else None
    if not found.group(2):
        last = first
    if first is not None and last is not None and first > last:
        raise UsageError(f"--year range {spec!r} ends before it starts")
    return first, last


def check_type(name: str) -> str:
    """A --type value in canonical spelling; a UsageError listing the valid ones otherwise."""
    wanted = name.strip().lower()
    if wanted in TYPE_ALIASES or wanted in RECORD_TYPES:
        return wanted
    valid = ", ".join((*TYPE_ALIASES, *RECORD_TYPES))
    raise UsageError(f"unknown type {name!r} (valid: {valid})")


def check_sort(order: str) -> str:
    """A --sort value; a UsageError listing the valid ones otherwise."""
    if order not in SORT_ORDERS:
        raise UsageError(f"--sort must be one of {', '.join(SORT_ORDERS)} (got {order!r})")
    return order


def _type_matches(record: Record, wanted: str) -> bool:
    csl_type, kind = TYPE_ALIASES.get(wanted, (wanted, None))
    if record.type != csl_type:
        return False
    if kind is None:
        return True
    record_kind = record.venue.kind if record.venue else ""
    return record_kind == kind or (kind == "conference" and record_kind != "workshop")


def _venue_matches(record: Record, wanted: str, venue_ids: Mapping[str, str]) -> bool:
    """The venue by id, name, short name or written form; or by the registry id ``wanted`` names."""
    venue = record.venue
    if venue is not None and venue.id and venue_ids.get(wanted) == venue.id:
        return True
    target = _fold(wanted)
    names = [record.container_title]
    if venue is not None:
        names += [venue.id, venue.name, venue.short, venue.raw]
    return any(_fold(name) == target for name in names if name)


def _author_matches(record: Record, wanted: str) -> bool:
    """Family alone, ``Given Family``, ``Family, Given`` or ``G. Family``, accents ignored."""
    target = _fold(wanted)
    for author in record.authors:
        given = _fold(author.given)
        for family in {_fold(author.full_family or author.literal), _fold(author.family)} - {""}:
            forms = {family, f"{given} {family}".strip(), f"{family} {given}".strip()}
            if given:
                initials = " ".join(part[0] for part in given.split())
                forms |= {f"{given[0]} {family}", f"{initials} {family}"}
            if target in forms:
                return True
    return False


def _year_matches(record: Record, ranges: Sequence[tuple[int | None, int | None]]) -> bool:
    year = record.year
    if year is None:
        return False
    return any((lo is None or year >= lo) and (hi is None or year <= hi) for lo, hi in ranges)


def select_records(
    records: Sequence[Record], selection: Selection, venue_ids: Mapping[str, str] | None = None
) -> tuple[list[Record], list[Diagnostic]]:
    """Keep the records every filter accepts, then sort them (a stable sort).

    ``venue_ids`` maps a ``--venue`` value to the registry id it names (``NIPS`` ->
    ``neurips``), so that any alias selects the venue.
    """
    ids = venue_ids or {}
    tests: list[Callable[[Record], bool]] = []
    if selection.years:
        tests.append(lambda r: _year_matches(r, selection.years))
    if selection.venues:
        tests.append(lambda r: any(_venue_matches(r, v, ids) for v in selection.venues))
    if selection.types:
        tests.append(lambda r: any(_type_matches(r, t) for t in selection.types))
    if selection.authors:
        tests.append(lambda r: any(_author_matches(r, a) for a in selection.authors))
    if selection.selected_only:
        tests.append(lambda r: r.selected)
    kept = [r for r in records if all(test(r) for test in tests)]
    return sort_records(kept, selection.sort), []


def sort_records(records: Sequence[Record], order: str) -> list[Record]:
    """Records in ``order``: input, year-desc (newest first), year, title or key."""
    if order == "year-desc":
        return sorted(records, key=lambda r: (r.year is None, -(r.year or 0)))
    if order == "year":
        return sorted(records, key=lambda r: (r.year is None, r.year or 0))
    if order == "title":
        return sorted(records, key=lambda r: (_fold(r.title), r.title))
    if order == "key":
        return sorted(records, key=lambda r: (r.key.lower(), r.key))
    return list(records)


def resolve_fields(names: Sequence[str], present_extra: Sequence[str] = ()) -> tuple[str, ...]:
    """Canonical field names for ``--fields``/``--drop-fields``; a UsageError for an unknown one.

    ``present_extra`` are the names of extra fields the records carry (``eprint``,
    ``file``...), which may be named too.
    """
    resolved: list[str] = []
    for raw in names:
        for part in raw.split(","):
            name = part.strip().lower()
            if not name:
                continue
            name = FIELD_ALIASES.get(name, name)
            if name not in FIELD_NAMES and name not in present_extra and name not in ALWAYS_KEPT:
                valid = ", ".join(sorted({*FIELD_NAMES, *FIELD_ALIASES, *present_extra}))
                raise UsageError(f"unknown field {part.strip()!r} (valid: {valid})")
            if name not in resolved:
                resolved.append(name)
    return tuple(resolved)


def _without(record: Record, names: Sequence[str]) -> Record:
    """``record`` with the named fields emptied (ALWAYS_KEPT names are ignored)."""
    defaults = Record()
    changes: dict[str, object] = {}
    for name in names:
        if name == "month":
            if record.issued is not None:
                changes["issued"] = PartialDate(record.issued.year)
        elif name == "eprint":
            if record.archive:
                changes.update(number="", archive="")
        elif name in FIELD_NAMES:
            for attribute in FIELD_NAMES[name]:
                changes[attribute] = getattr(defaults, attribute)
    gone = {*names, *(_EPRINT_EXTRAS if "eprint" in names else ())}
    extra = tuple((key, value) for key, value in record.extra if key.lower() not in gone)
    if len(extra) != len(record.extra):
        changes["extra"] = extra
    return record.with_changes(**changes) if changes else record


def choose_fields(
    records: Sequence[Record], keep: Sequence[str] = (), drop: Sequence[str] = ()
) -> tuple[list[Record], list[Diagnostic]]:
    """Apply ``--fields`` (keep these besides title/author/year/key/type) and ``--drop-fields``.

    Both take canonical names from ``resolve_fields``. With ``keep`` empty every
    field is kept.
    """
    if not keep and not drop:
        return list(records), []
    result: list[Record] = []
    for record in records:
        dropped = list(drop)
        if keep:
            # The date stays whole under --fields: only --drop-fields month cuts it to the year.
            present = [*FIELD_NAMES, *(name.lower() for name, _ in record.extra)]
            present.remove("month")
            dropped += [name for name in present if name not in keep]
        result.append(_without(record, dropped))
    return result, []


def extra_field_names(records: Sequence[Record]) -> tuple[str, ...]:
    """The names of the extra fields present in any of the records, lowercase, in order."""
    return tuple(dict.fromkeys(name.lower() for r in records for name, _ in r.extra))


def build_selection(
    years: Sequence[str] = (),
    venues: Sequence[str] = (),
    types: Sequence[str] = (),
    authors: Sequence[str] = (),
    *,
    selected_only: bool = False,
    sort: str = "input",
) -> Selection:
    """A Selection from command-line values, each checked (a UsageError naming a bad one)."""
    return Selection(
        years=tuple(parse_years(y) for y in years),
        venues=tuple(v for v in venues if v.strip()),
        types=tuple(check_type(t) for t in types),
        authors=tuple(a for a in authors if a.strip()),
        selected_only=selected_only,
        sort=check_sort(sort),
    )
