"""``--overrides FILE.yaml``: the user's corrections, applied after reading and merging.

The file is a YAML list; each entry names the paper it corrects by citation
``key`` or by ``title`` (compared after normalization: case, accents, markup
and punctuation ignored; give both and both must match), and says what to
change::

    - title: "White-Box Transformers via Sparse Rate Reduction: Compression Is All There Is?"
      authors: [Yaodong Yu, Sam Buchanan, Druv Pai, Tianzhe Chu, Ziyang Wu,
                Shengbang Tong, Hao Bai, Yuexiang Zhai, Benjamin D. Haeffele, Yi Ma]
      selected: true
    - key: buchanan2021deep
      doi: 10.1234/example
      note: Spotlight presentation
    - title: A Paper That Should Not Be Listed
      drop: true

A malformed file or an unknown field is an InputError naming the file and line;
an entry that matches no record is a warning naming its line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bibexport.errors import Diagnostic, InputError, info, warning
from bibexport.merge import title_key
from bibexport.model import Name, PartialDate, Record, SourceSpan, Venue

MATCH_FIELDS: tuple[str, ...] = ("key", "title")
# Plain text corrections: override field -> Record field.
TEXT_FIELDS: dict[str, str] = {
    "new_title": "title",
    "new_key": "key",
    "doi": "doi",
    "url": "url",
    "note": "note",
    "abstract": "abstract",
    "volume": "volume",
    "issue": "issue",
    "number": "number",
    "pages": "page",
    "publisher": "publisher",
    "address": "publisher_place",
    "series": "collection_title",
}
FLAG_FIELDS: tuple[str, ...] = ("drop", "selected", "others")
OTHER_FIELDS: tuple[str, ...] = ("authors", "editors", "venue", "year", "type", "keywords")
ALL_FIELDS: tuple[str, ...] = (*MATCH_FIELDS, *TEXT_FIELDS, *FLAG_FIELDS, *OTHER_FIELDS)

# Fields a venue registry derives from the venue and year; cleared when either changes,
# so that the registry fills them again for the corrected venue or year.
_VENUE_FACTS: tuple[str, ...] = ("container_title", "collection_title", "volume", "publisher")


@dataclass(frozen=True)
class Override:
    """One entry of an overrides file: how to find the paper, and what to change."""

    source: SourceSpan
    key: str = ""
    title: str = ""
    changes: dict[str, object] = field(default_factory=dict)

    def describe(self) -> str:
        """How the entry names its paper, for messages."""
        return f"key {self.key!r}" if self.key else f"title {self.title!r}"


def load_overrides(text: str, name: str) -> list[Override]:
    """Parse an overrides file; an InputError with file and line when it is malformed."""
    import yaml

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise InputError(f"overrides: {problem}", SourceSpan(name, line)) from None
    if root is None:
        return []
    if isinstance(root, yaml.MappingNode):
        root = _overrides_list(root, name)
    if not isinstance(root, yaml.SequenceNode):
        raise InputError(
            "overrides: the file must be a list of entries (- key: ... or - title: ...)",
            _span(root, name),
        )
    return [_load_entry(node, name) for node in root.value]


def _span(node: object, name: str) -> SourceSpan:
    return SourceSpan(name, node.start_mark.line + 1)  # type: ignore[attr-defined]


def _overrides_list(root: object, name: str) -> object:
    """Also accept ``overrides: [...]`` as the whole file."""
    for key_node, value_node in root.value:  # type: ignore[attr-defined]
        if key_node.value == "overrides":
            return value_node
    raise InputError(
        "overrides: expected a list, or a mapping with an 'overrides' list", _span(root, name)
    )


def _load_entry(node: object, name: str) -> Override:
    import yaml

    where = _span(node, name)
    if not isinstance(node, yaml.MappingNode):
        raise InputError("overrides: each entry must be a mapping (key: value lines)", where)
    constructor = yaml.SafeLoader("")
    values: dict[str, object] = {}
    for key_node, value_node in node.value:
        field_name = str(key_node.value)
        if field_name not in ALL_FIELDS:
            raise InputError(
                f"overrides: unknown field {field_name!r} (known: {', '.join(ALL_FIELDS)})",
                _span(key_node, name),
            )
        try:
            value = constructor.construct_object(value_node, deep=True)
        except yaml.YAMLError as exc:
            raise InputError(f"overrides: {exc}", _span(value_node, name)) from None
        values[field_name] = _check_value(field_name, value, _span(value_node, name))
    key, title = str(values.pop("key", "")), str(values.pop("title", ""))
    if not key and not title:
        raise InputError("overrides: an entry needs a 'key' or a 'title' to find its paper", where)
    if not values:
        raise InputError(f"overrides: the entry for {key or title!r} changes nothing", where)
    return Override(where, key, title, values)


def _check_value(field_name: str, value: object, where: SourceSpan) -> object:
    """The value converted to what the field takes; an InputError when it cannot be."""
    if field_name in FLAG_FIELDS:
        if not isinstance(value, bool):
            raise InputError(f"overrides: {field_name} must be true or false", where)
        return value
    if field_name in ("authors", "editors"):
        return _check_names(field_name, value, where)
    if field_name == "keywords":
        if isinstance(value, str):
            value = [part for part in (p.strip() for p in value.split(",")) if part]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InputError("overrides: keywords must be a list of words", where)
        return tuple(value)
    if field_name == "year":
        if (
            isinstance(value, bool)
            or not str(value).strip().isdigit()
            or len(str(value).strip()) != 4
        ):
            raise InputError(f"overrides: year must be a four-digit year (got {value!r})", where)
        return int(str(value).strip())
    if field_name == "type":
        return _check_type(value, where)
    if isinstance(value, (list, dict)) or value is None:
        raise InputError(f"overrides: {field_name} must be a single value", where)
    text = str(value).strip()
    if not text and field_name in MATCH_FIELDS:
        raise InputError(f"overrides: {field_name} is empty", where)
    return text


def _check_names(field_name: str, value: object, where: SourceSpan) -> tuple[Name, ...]:
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(v, str) and v.strip() for v in value)
    ):
        raise InputError(f"overrides: {field_name} must be a list of names", where)
    try:
        return tuple(parse_name(v) for v in value)
    except ValueError as exc:
        raise InputError(f"overrides: {field_name}: {exc} (use 'others: true')", where) from None


def _check_type(value: object, where: SourceSpan) -> str:
    from bibexport.errors import UsageError
    from bibexport.select import TYPE_ALIASES, check_type

    try:
        wanted = check_type(str(value))
    except UsageError as exc:
        raise InputError(f"overrides: {exc.message}", where) from None
    return TYPE_ALIASES.get(wanted, (wanted, None))[0]


def parse_name(text: str) -> Name:
    """A name as a user writes it (``Given Family``, ``Family, Given``, ``Yi Ma 0001``).

    The names module splits it, with BibTeX's particle rule; a ValueError for
    something that is not a person's name (an et-al marker).
    """
    from bibexport.names import parse_display_name

    return parse_display_name(text)


Refresh = Callable[[list[Record]], tuple[list[Record], list[Diagnostic]]]


def apply_overrides(
    records: Sequence[Record],
    overrides: Sequence[Override],
    *,
    known_keys: Sequence[Sequence[str]] | None = None,
    refresh_venues: Refresh | None = None,
) -> tuple[list[Record], list[Diagnostic]]:
    """Apply every override to the records it matches, in file order.

    ``known_keys[i]`` are other keys record ``i`` goes by (the key it will be
    given, the key ``--keys-from`` keeps); a ``key:`` override matches any of
    them or the record's own key, ignoring case. ``refresh_venues`` re-runs the
    venue step on a record whose venue or year changed.
    """
    result = list(records)
    aliases = [
        {k.lower() for k in (*(known_keys[i] if known_keys else ()), r.key) if k}
        for i, r in enumerate(result)
    ]
    titles = [title_key(r.title) for r in result]
    dropped: set[int] = set()
    diagnostics: list[Diagnostic] = []
    for override in overrides:
        hits = [
            i
            for i in range(len(result))
            if i not in dropped and _matches(override, aliases[i], titles[i])
        ]
        if not hits:
            diagnostics.append(
                warning(
                    "override-unmatched",
                    f"override for {override.describe()} matches no record",
                    override.source,
                )
            )
            continue
        for i in hits:
            if override.changes.get("drop"):
                dropped.add(i)
                diagnostics.append(
                    info(
                        "override-dropped",
                        f"dropped by the override at {override.source}",
                        result[i].source,
                    )
                )
                continue
            result[i], found = _apply(result[i], override, refresh_venues)
            diagnostics.extend(found)
            titles[i] = title_key(result[i].title)
    return [r for i, r in enumerate(result) if i not in dropped], diagnostics


def _matches(override: Override, aliases: set[str], title: str) -> bool:
    if override.key and override.key.lower() not in aliases:
        return False
    return not override.title or title_key(override.title) == title


def _apply(
    record: Record, override: Override, refresh: Refresh | None
) -> tuple[Record, list[Diagnostic]]:
    """One override applied to one record: venue, year and type first, then the rest."""
    values = override.changes
    notes = [
        info("override-applied", f"corrected by the override at {override.source}", record.source)
    ]
    updated = record.with_changes(**_venue_changes(record, values))
    if ("venue" in values or "year" in values) and refresh is not None:
        refreshed, found = refresh([updated])
        updated = refreshed[0]
        notes.extend(found)
    changes: dict[str, object] = {
        attribute: values[name] for name, attribute in TEXT_FIELDS.items() if name in values
    }
    if "authors" in values:
        changes.update(authors=values["authors"], authors_cut=False, others=False)
        if record.authors_cut:
            message = f"the author list is completed by the override at {override.source}"
            notes.append(info("authors-completed", message, record.source))
    for name in ("editors", "selected", "others", "keywords"):
        if name in values:
            changes[name] = values[name]
    return updated.with_changes(**changes), notes


def _venue_changes(record: Record, values: dict[str, object]) -> dict[str, object]:
    """Changes for a new venue, year or type; registry facts are cleared to be derived again."""
    changes: dict[str, object] = {}
    if "type" in values:
        changes["type"] = values["type"]
    if "year" in values:
        changes["issued"] = PartialDate(int(values["year"]))  # type: ignore[arg-type]
    known = record.venue is not None and record.venue.known
    if "venue" in values or ("year" in values and known):
        raw = str(values["venue"]) if "venue" in values else _venue_text(record)
        changes.update({name: "" for name in _VENUE_FACTS})
        changes.update(venue=Venue(raw=raw), container_title=raw)
    return changes


def _venue_text(record: Record) -> str:
    """The venue as the input wrote it, for matching it again in another year."""
    if record.venue is not None and record.venue.raw:
        return record.venue.raw
    return record.container_title
