"""``bibexport check``: a linter for bibliographies and listings.

It runs the same steps ``convert`` runs and keeps what they report (unknown
venues, possibly cut author lists, duplicates merged, text that needed
repair...), then looks for what a conversion would carry into the output
unnoticed: a citation key used twice, a field the entry type needs missing,
a name that does not look like a name. Every finding is one ``Diagnostic``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from bibexport.errors import Diagnostic, warning
from bibexport.model import Name, Record, SourceSpan

if TYPE_CHECKING:
    from bibexport.pipeline import ConvertOptions, InputText

# Fields an entry type needs, besides a title and authors: (Record field, what users call it).
REQUIRED_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "article-journal": (("container_title", "journal"), ("issued", "year")),
    "paper-conference": (("container_title", "booktitle"), ("issued", "year")),
    "chapter": (("container_title", "booktitle"), ("publisher", "publisher"), ("issued", "year")),
    "book": (("publisher", "publisher"), ("issued", "year")),
    "thesis": (("publisher", "school"), ("issued", "year")),
    "report": (("publisher", "institution"), ("issued", "year")),
}
DEFAULT_REQUIRED: tuple[tuple[str, str], ...] = (("issued", "year"),)
# Types whose venue the registry should know; others (theses, reports...) have none to match.
VENUE_TYPES: frozenset[str] = frozenset({"article-journal", "paper-conference", "chapter"})

_NOT_A_NAME = re.compile(r"^(?:et\.? al\.?|others|and|anonymous|n/?a|unknown)$", re.IGNORECASE)


def check(inputs: Sequence[InputText], options: ConvertOptions) -> list[Diagnostic]:
    """Read and process the inputs as ``convert`` would; every problem found, in input order.

    Fatal input problems raise InputError, as they do for convert.
    """
    from bibexport.pipeline import process, read_inputs

    parsed = read_inputs(inputs, options.from_format)
    said = {d.source for d in parsed.diagnostics if d.code.endswith("duplicate-key")}
    key_findings = [d for d in duplicate_keys(parsed.records) if d.source not in said]
    records, diagnostics = process(parsed, options)
    flagged = {d.source for d in key_findings} | said
    diagnostics = [
        d for d in diagnostics if not (d.code == "key-duplicate" and d.source in flagged)
    ]
    found = [*key_findings, *diagnostics]
    found += missing_fields(records)
    # Names as the input wrote them: normalizing may hide the problem (a homonym number as family).
    found += suspicious_names(parsed.records)
    found += unreported(records, diagnostics)
    order = {item.name: i for i, item in enumerate(inputs)}
    return sort_diagnostics(_unique(found), order)


def duplicate_keys(records: Iterable[Record]) -> list[Diagnostic]:
    """A warning for each record whose key an earlier record of the same input already uses."""
    first: dict[tuple[str, str], Record] = {}
    found: list[Diagnostic] = []
    for record in records:
        if not record.key:
            continue
        where = record.source.file if record.source else ""
        seen = first.setdefault((where, record.key.lower()), record)
        if seen is not record:
            at = f" at {seen.source}" if seen.source else ""
            found.append(
                warning(
                    "duplicate-key", f"the key {record.key!r} is already used{at}", record.source
                )
            )
    return found


def missing_fields(records: Iterable[Record]) -> list[Diagnostic]:
    """A warning for each field a record's type needs and it does not have."""
    found: list[Diagnostic] = []
    for record in records:
        missing = [] if record.title.strip() else ["title"]
        if not record.authors and not record.editors:
            missing.append("author")
        for attribute, label in REQUIRED_FIELDS.get(record.type, DEFAULT_REQUIRED):
            if not getattr(record, attribute):
                missing.append(label)
        if missing:
            found.append(
                warning(
                    "missing-field",
                    f"{record.type} {_label(record)} has no {', no '.join(missing)}",
                    record.source,
                )
            )
    return found


def _label(record: Record) -> str:
    """How messages name a record: its key, else the start of its title."""
    if record.key:
        return repr(record.key)
    title = record.title if len(record.title) <= 50 else record.title[:47] + "..."
    return repr(title) if title else "(untitled)"


def name_problem(name: Name) -> str:
    """Why a name looks wrong (``""`` when it looks fine): the names module's reasons, then case."""
    from bibexport.names import suspicious

    if name.literal:
        return "" if name.literal.strip() else "it is empty"
    reason = suspicious(name)
    if reason:
        return reason
    family, given = name.family.strip(), name.given.strip()
    if _NOT_A_NAME.match(f"{given} {family}".strip()):
        return "it is not a name (an et-al marker?)"
    if _all_caps(family, 2) or _all_caps(given, 4):
        return "it is written in capitals"
    if family[:1].islower() and not name.particle and family.lower() == family:
        return "it is all lowercase"
    return ""


def _all_caps(text: str, minimum: int) -> bool:
    """True for a word of at least ``minimum`` letters, all of them capitals (not initials)."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= minimum and all(ch.isupper() for ch in letters) and "." not in text


def suspicious_names(records: Iterable[Record]) -> list[Diagnostic]:
    """A warning for each author or editor name that does not look like a person's name."""
    found: list[Diagnostic] = []
    for record in records:
        for role, names in (("author", record.authors), ("editor", record.editors)):
            for name in names:
                problem = name_problem(name)
                if problem:
                    shown = name.display() or repr(name.family)
                    found.append(
                        warning(
                            "suspicious-name",
                            f"{role} {shown!r} of {_label(record)}: {problem}",
                            record.source,
                        )
                    )
    return found


def unreported(records: Iterable[Record], diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    """Cut author lists and unknown venues that no step has reported yet."""
    reported: dict[SourceSpan | None, set[str]] = {}
    for diagnostic in diagnostics:
        reported.setdefault(diagnostic.source, set()).add(diagnostic.code)
    found: list[Diagnostic] = []
    for record in records:
        codes = " ".join(reported.get(record.source, ()))
        if record.authors_cut and not record.others and "cut" not in codes:
            found.append(
                warning(
                    "authors-cut",
                    f"{_label(record)} lists exactly {len(record.authors)} authors; "
                    "the site may have cut the list (complete it with an override)",
                    record.source,
                )
            )
        unknown = record.venue is None or not record.venue.known
        shown = record.venue.raw if record.venue and record.venue.raw else record.container_title
        if record.type in VENUE_TYPES and unknown and shown and "venue" not in codes:
            found.append(
                warning(
                    "venue-unknown",
                    f"venue {shown!r} of {_label(record)} is not in the venue registry",
                    record.source,
                )
            )
    return found


def _unique(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return list(dict.fromkeys(diagnostics))


def sort_diagnostics(diagnostics: Sequence[Diagnostic], order: dict[str, int]) -> list[Diagnostic]:
    """Diagnostics by input (in command-line order), then line; others keep their place."""

    def position(diagnostic: Diagnostic) -> tuple[int, int]:
        source = diagnostic.source
        if source is None:
            return (-1, 0)
        return (order.get(source.file, len(order)), source.line)

    return sorted(diagnostics, key=position)


def problems(diagnostics: Iterable[Diagnostic]) -> int:
    """How many diagnostics are warnings or errors (what makes ``check`` exit 1)."""
    return sum(1 for d in diagnostics if d.severity != "info")
