"""convert(): read -> clean -> venues -> names -> keys -> write.

Every step is a function ``records -> (records, diagnostics)``; this module
only strings them together. It never prints and never touches files: inputs
arrive as text, output leaves as text (``io.py`` and ``cli.py`` do the rest).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bibexport import keys, names, text, venues
from bibexport.errors import Diagnostic, InputError, ParseResult
from bibexport.model import Record, SourceSpan
from bibexport.registry import WriteOptions, get_reader, get_writer, guess_format


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
    venue_files: tuple[InputText, ...] = ()  # the user's own registries, in order
    venue_form: str = "full"  # full | short | both: how container titles are written
    cut_lists: str = "keep"  # keep | others: possibly cut author lists get "and others"
    write: WriteOptions = field(default_factory=WriteOptions)


@dataclass
class Result:
    """What a run produced: the records, the output text, and every diagnostic."""

    records: list[Record]
    output: str
    diagnostics: list[Diagnostic]
    meta: dict[str, object]


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


def process(parsed: ParseResult, options: ConvertOptions) -> tuple[list[Record], list[Diagnostic]]:
    """Run the record steps (clean, venues, names, keys) over what was read."""
    diagnostics = list(parsed.diagnostics)
    registry = venues.load_registry(tuple((v.text, v.name) for v in options.venue_files))
    records = list(parsed.records)
    for step in (
        text.clean_records,
        lambda rs: venues.apply_venues(rs, registry),
        names.normalize_records,
        lambda rs: mark_cut_lists(rs, options.cut_lists),
        lambda rs: keys.assign_keys(rs, options.key_pattern),
        lambda rs: venues.apply_form(rs, options.venue_form),
    ):
        records, found = step(records)
        diagnostics.extend(found)
    return records, diagnostics


def mark_cut_lists(records: list[Record], mode: str) -> tuple[list[Record], list[Diagnostic]]:
    """With mode ``others``, mark possibly cut author lists as incomplete (``and others``)."""
    if mode != "others":
        return records, []
    return [r.with_changes(others=True) if r.authors_cut else r for r in records], []


def convert(inputs: Sequence[InputText], options: ConvertOptions | None = None) -> Result:
    """Read, process and write: the whole job of ``bibexport convert``."""
    options = options or ConvertOptions()
    writer = get_writer(options.to_format)
    parsed = read_inputs(inputs, options.from_format)
    records, diagnostics = process(parsed, options)
    write_options = options.write
    if parsed.meta:
        write_options = WriteOptions(
            **{**write_options.__dict__, "extra": {**parsed.meta, **write_options.extra}}
        )
    output = writer(records, write_options)
    return Result(records, output, diagnostics, dict(parsed.meta))
