"""Errors (fatal, raised) and diagnostics (non-fatal, returned as data).

A reader or a pipeline step never prints: it returns a ``ParseResult`` or a
list of ``Diagnostic``. Only ``cli.py`` turns them into stderr lines and exit
statuses. Anything the input or the options can cause that stops the run is a
``BibexportError`` subclass, which the CLI prints as one line with exit 2.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from bibexport.model import Record, SourceSpan

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Diagnostic:
    """One message about the input, with where it points."""

    severity: Severity
    code: str
    message: str
    source: SourceSpan | None = None

    def format(self) -> str:
        """The DESIGN.md form: ``file:line: warning[venue-unknown]: message``."""
        where = f"{self.source}: " if self.source else ""
        return f"{where}{self.severity}[{self.code}]: {self.message}"

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready form, for ``--format json`` outputs."""
        return {
            "file": self.source.file if self.source else None,
            "line": self.source.line if self.source else None,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


def warning(code: str, message: str, source: SourceSpan | None = None) -> Diagnostic:
    """Shorthand for a warning diagnostic."""
    return Diagnostic("warning", code, message, source)


def info(code: str, message: str, source: SourceSpan | None = None) -> Diagnostic:
    """Shorthand for an informational diagnostic (shown with --verbose)."""
    return Diagnostic("info", code, message, source)


@dataclass
class ParseResult:
    """What a reader returns: the records and what it noticed on the way."""

    records: list[Record] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Facts about the input as a whole (the listing's page owner and declared count).
    meta: dict[str, object] = field(default_factory=dict)

    def extend(self, other: ParseResult) -> None:
        """Append another result's records and diagnostics to this one."""
        self.records.extend(other.records)
        self.diagnostics.extend(other.diagnostics)
        for key, value in other.meta.items():
            self.meta.setdefault(key, value)


class BibexportError(Exception):
    """A fatal error caused by the input or the options; the CLI exits 2."""

    def __init__(self, message: str, source: SourceSpan | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def format(self) -> str:
        """One line: ``file:line: error: message``."""
        where = f"{self.source}: " if self.source else ""
        return f"{where}error: {self.message}"


class InputError(BibexportError):
    """The input is not in the expected format, or cannot be read at all."""


class UsageError(BibexportError):
    """The options do not fit together, or name something that does not exist."""


def has_warnings(diagnostics: Iterable[Diagnostic]) -> bool:
    """True when any diagnostic is a warning or an error."""
    return any(d.severity in ("warning", "error") for d in diagnostics)
