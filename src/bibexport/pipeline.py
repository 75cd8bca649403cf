"""convert(): read -> clean -> venues -> names -> merge -> overrides -> keys -> select -> write.

Every step is a function ``records -> (records, diagnostics)``; this module
only strings them together. It never prints and never touches files: inputs
arrive as text, output leaves as text (``io.py`` and ``cli.py`` do the rest).
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from dataclasses import dataclass, field

from bibexport import keys, keystore, merge, names, overrides, select, text, venues
from bibexport.errors import Diagnostic, InputError, ParseResult
from bibexport.model import Record, SourceSpan
from bibexport.registry import WriteOptions, get_reader, get_writer, guess_format
from bibexport.select import Selection


@dataclass(frozen=True)
class InputText:
    """One input: its text and the name diagnostics use for it."""

    text: str
    name: str
    path: str | None = None  # the file path, for guessing the format by extension


@dataclass(frozen=True)
class ConvertOptions:
    """Everything that changes what convert() does, apart from the inputs."""

    from_format: str | None = None  # None: sniff each input
    to_format: str = "bibtex"
    key_pattern: str = "default"
    rekey: bool = False  # --rekey: keys from the pattern also for inputs that have keys
    venue_files: tuple[InputText, ...] = ()  # the user's own registries, in order
    venue_form: str = "full"  # full | short | both: how container titles are written
    cut_lists: str = "keep"  # keep | others: possibly cut author lists get "and others"
    overrides: tuple[InputText, ...] = ()  # --overrides files, applied in order
    keys_from: InputText | None = None  # --keys-from: an existing .bib whose keys are kept
    key_map: bool = False  # compute Result.key_changes (for --key-map)
    selection: Selection = field(default_factory=Selection)  # --year/--venue/--type/--sort...
    fields: tuple[str, ...] = ()  # --fields: keep only these (besides title/author/year/key)
    drop_fields: tuple[str, ...] = ()  # --drop-fields
    write: WriteOptions = field(default_factory=WriteOptions)


@dataclass
class Result:
    """What a run produced: the records, the output text, and every diagnostic."""

    records: list[Record]
    output: str
    diagnostics: list[Diagnostic]
    meta: dict[str, object]
    key_changes: list[tuple[str, str]] = field(default_factory=list)  # (old, new) for --key-map


def read_inputs(inputs: Sequence[InputText], from_format: str | None = None) -> ParseResult:
    """Read every input with its format (given or sniffed) into one ParseResult."""
    combined = ParseResult()
    for item in inputs:
        format_name = from_format or guess_format(item.path, item.text)
        result = get_reader(format_name)(item.text, item.name)
        if not result.records and not any(d.severity == "error" for d in result.diagnostics):
            raise InputError(
                f"no entries found in this {format_name} input", SourceSpan(item.name, 1)
            )
        combined.extend(result)
    return combined


KeyStoreLoad = tuple[keystore.KeyStore | None, list[Diagnostic]]


def process(
    parsed: ParseResult, options: ConvertOptions, key_store: KeyStoreLoad | None = None
) -> tuple[list[Record], list[Diagnostic]]:
    """Run the record steps over what was read: clean, venues, names, merge duplicates,
    overrides, cut lists, keys-from, keys, select and sort, venue form, fields.

    ``key_store`` is the --keys-from file as ``load_key_store`` gives it, for a caller
    that needs it again after the run; it is loaded here when not given.
    """
    diagnostics = list(parsed.diagnostics)
    registry = venues.load_registry(tuple((v.text, v.name) for v in options.venue_files))
    store, found = key_store if key_store is not None else load_key_store(options)
    diagnostics.extend(found)
    corrections = [o for f in options.overrides for o in overrides.load_overrides(f.text, f.name)]
    pinned = pinned_keys(corrections)
    records = list(parsed.records)

    def venue_step(rs: list[Record]) -> tuple[list[Record], list[Diagnostic]]:
        return venues.apply_venues(rs, registry)

    for step in (
        text.clean_records,
        venue_step,
        names.normalize_records,
        merge.merge_duplicates,
        lambda rs: correct(rs, corrections, store, options.key_pattern, venue_step),
        lambda rs: mark_cut_lists(rs, options.cut_lists),
        lambda rs: assign_stable_keys(
            keys.forget_keys(rs, pinned) if options.rekey else rs,
            store,
            options.key_pattern,
            pinned,
        ),
        lambda rs: select.select_records(rs, options.selection, venue_ids(registry, options)),
        lambda rs: venues.apply_form(rs, options.venue_form),
        lambda rs: choose_fields(rs, options.fields, options.drop_fields),
    ):
        records, found = step(records)
        diagnostics.extend(found)
    return records, drop_resolved(diagnostics)


def drop_resolved(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Without the cut-list warnings of records whose list a later step completed."""
    completed = {d.source for d in diagnostics if d.code == "authors-completed"}
    if not completed:
        return diagnostics
    return [d for d in diagnostics if not (d.code == "authors-cut" and d.source in completed)]


def venue_ids(registry: venues.VenueRegistry, options: ConvertOptions) -> dict[str, str]:
    """The registry id each --venue value names (``NIPS`` -> ``neurips``), where it names one."""
    found = {}
    for wanted in options.selection.venues:
        match = registry.match(wanted)
        if match is not None:
            found[wanted] = match.entry.id
    return found


def load_key_store(options: ConvertOptions) -> tuple[keystore.KeyStore | None, list[Diagnostic]]:
    """The --keys-from file's keys (None without the option) and what its reader reported."""
    if options.keys_from is None:
        return None, []
    store, found = keystore.load_keystore(options.keys_from.text, options.keys_from.name)
    return store, list(found)


def correct(
    records: list[Record],
    corrections: list[overrides.Override],
    store: keystore.KeyStore | None,
    key_pattern: str,
    venue_step: overrides.Refresh,
) -> tuple[list[Record], list[Diagnostic]]:
    """Apply the overrides; ``key:`` entries also match the keys records will get."""
    if not corrections:
        return records, []
    generated = [r.key for r in keys.assign_keys(records, key_pattern)[0]]
    known = [[key] for key in generated]
    if store is not None:
        for e, i in keystore.match_entries(records, store, generated).items():
            known[i].append(store.entries[e].key)
    return overrides.apply_overrides(
        records, corrections, known_keys=known, refresh_venues=venue_step
    )


def pinned_keys(corrections: list[overrides.Override]) -> frozenset[str]:
    """The keys overrides set with ``new_key`` (lowercase): --keys-from does not replace them."""
    return frozenset(
        str(o.changes["new_key"]).lower() for o in corrections if "new_key" in o.changes
    )


def assign_stable_keys(
    records: list[Record],
    store: keystore.KeyStore | None,
    key_pattern: str,
    pinned: frozenset[str] = frozenset(),
) -> tuple[list[Record], list[Diagnostic]]:
    """Keys: kept from the --keys-from file where a record matches it, generated for the rest."""
    if store is None:
        return keys.assign_keys(records, key_pattern)
    generated = [r.key for r in keys.assign_keys(records, key_pattern)[0]]
    records, diagnostics = keystore.keep_keys(records, store, generated, pinned)
    before = [r.key for r in records]
    records, found = keys.assign_keys(records, key_pattern)
    diagnostics.extend(found)
    records, found = keystore.avoid_reserved(records, store, before)
    return records, diagnostics + found


def choose_fields(
    records: list[Record], fields: tuple[str, ...], drop_fields: tuple[str, ...]
) -> tuple[list[Record], list[Diagnostic]]:
    """--fields / --drop-fields, names checked against the vocabulary and the records' extras."""
    if not fields and not drop_fields:
        return records, []
    present = select.extra_field_names(records)
    keep = select.resolve_fields(fields, present)
    drop = select.resolve_fields(drop_fields, present)
    return select.choose_fields(records, keep, drop)


def mark_cut_lists(records: list[Record], mode: str) -> tuple[list[Record], list[Diagnostic]]:
    """With mode ``others``, mark possibly cut author lists as incomplete (``and others``)."""
    if mode != "others":
        return records, []
    return [r.with_changes(others=True) if r.authors_cut else r for r in records], []


def convert(inputs: Sequence[InputText], options: ConvertOptions | None = None) -> Result:
    """Read, process and write: the whole job of ``bibexport convert``."""
    # A run makes millions of small objects and no reference cycles: pausing the
    # cyclic collector saves its repeated full passes, a third of a large run.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _convert(inputs, options or ConvertOptions())
    finally:
        if collecting:
            gc.enable()


def _convert(inputs: Sequence[InputText], options: ConvertOptions) -> Result:
    writer = get_writer(options.to_format)
    parsed = read_inputs(inputs, options.from_format)
    key_store = load_key_store(options)  # parsed once: the key map needs it again
    records, diagnostics = process(parsed, options, key_store)
    # Only --key-map needs the records as read; without it they go before the
    # writer runs, which lowers a large run's peak memory.
    originals = parsed.records if options.key_map else []
    parsed.records = []
    write_options = options.write
    if parsed.meta:
        write_options = WriteOptions(
            **{**write_options.__dict__, "extra": {**parsed.meta, **write_options.extra}}
        )
    output = writer(records, write_options)
    changes: list[tuple[str, str]] = []
    if options.key_map:
        changes = keystore.key_changes(originals, records, key_store[0])
    return Result(records, output, diagnostics, dict(parsed.meta), changes)
