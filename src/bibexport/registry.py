"""The format table: which formats exist, how to read and write them, how to guess one.

Each module in ``bibexport.formats`` declares ``FORMATS: tuple[FormatSpec, ...]``.
The registry imports those modules (cheap: format modules import heavy
libraries only inside their read/write functions) and answers look-ups.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import PurePath

from bibexport.errors import ParseResult, UsageError
from bibexport.model import Record

# Format modules, in the order sniffing tries them.
FORMAT_MODULES: tuple[str, ...] = (
    "csljson",
    "ris",
    "bibtex",
    "listing",
    "citation",
)


@dataclass(frozen=True)
class WriteOptions:
    """Options that change what writers emit."""

    # Options of formatted citations (the `cite` command and the citation writer).
    style: str = "apa"
    locale: str = "en-US"
    markup: str = "text"
    highlight: tuple[str, ...] = ()
    group_by: str = ""
    numbered: bool = False
    reverse_numbering: bool = False
    standalone: bool = False
    sort: str = ""  # style | newest | oldest; empty: newest when grouped, else the style's order
    selected: bool = False  # only records marked selected
    extra: dict[str, object] = field(default_factory=dict, compare=False)


Reader = Callable[[str, str], ParseResult]
Writer = Callable[[Sequence[Record], WriteOptions], str]
Sniffer = Callable[[str], bool]


@dataclass(frozen=True)
class FormatSpec:
    """One format: its name, file extensions, and the functions that handle it."""

    name: str
    description: str
    extensions: tuple[str, ...] = ()
    read: Reader | None = None
    write: Writer | None = None
    sniff: Sniffer | None = None
    aliases: tuple[str, ...] = ()

    @property
    def readable(self) -> bool:
        """True when bibexport can read this format."""
        return self.read is not None

    @property
    def writable(self) -> bool:
        """True when bibexport can write this format."""
        return self.write is not None


@cache
def list_formats() -> tuple[FormatSpec, ...]:
    """Every known format, in sniffing order."""
    specs: list[FormatSpec] = []
    for module_name in FORMAT_MODULES:
        module = importlib.import_module(f"bibexport.formats.{module_name}")
        specs.extend(module.FORMATS)
    return tuple(specs)


def get_format(name: str) -> FormatSpec:
    """The format called ``name`` (or one of its aliases); a UsageError when unknown."""
    wanted = name.strip().lower()
    for spec in list_formats():
        if wanted == spec.name or wanted in spec.aliases:
            return spec
    known = ", ".join(spec.name for spec in list_formats())
    raise UsageError(f"unknown format {name!r} (known: {known})")


def get_reader(name: str) -> Reader:
    """The read function of a format; a UsageError when it cannot be read."""
    spec = get_format(name)
    if spec.read is None:
        readable = ", ".join(s.name for s in list_formats() if s.readable)
        raise UsageError(f"format {spec.name!r} cannot be read (readable: {readable})")
    return spec.read


def get_writer(name: str) -> Writer:
    """The write function of a format; a UsageError when it cannot be written."""
    spec = get_format(name)
    if spec.write is None:
        writable = ", ".join(s.name for s in list_formats() if s.writable)
        raise UsageError(f"format {spec.name!r} cannot be written (writable: {writable})")
    return spec.write


def guess_format(path: str | None, text: str) -> str:
    """The name of the format of ``text``: by content first, then by file extension.

    Content wins because users save listings as ``.txt``, ``.md`` or nothing.
    Falls back to ``listing``, whose reader reports clearly when the text is not one.
    """
    for spec in list_formats():
        if spec.read is not None and spec.sniff is not None and spec.sniff(text):
            return spec.name
    if path:
        suffix = PurePath(path).suffix.lower()
        for spec in list_formats():
            if spec.read is not None and suffix in spec.extensions:
                return spec.name
    return "listing"


def format_for_output_path(path: str) -> str | None:
    """The first writable format (in registry order) whose extensions include ``path``'s."""
    suffix = PurePath(path).suffix.lower()
    for spec in list_formats():
        if spec.write is not None and suffix in spec.extensions:
            return spec.name
    return None
