"""The record model: frozen dataclasses in CSL's vocabulary, no I/O.

Every reader produces `Record`s and every writer consumes them. Field names
follow the CSL variables they correspond to (``container_title`` is CSL
``container-title``); whatever an input carries that has no field here goes to
``Record.extra`` so that nothing is lost on the way through.

Rich text (``title``, ``abstract``) is Unicode with CSL's inline markup
(``<i>``, ``<b>``, ``<sup>``, ``<sub>``, ``<span class="nocase">``) and TeX math
kept verbatim between ``$`` signs. Writers render it for their format.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

# CSL item types bibexport produces from its readers. Any other CSL type read
# from CSL-JSON is kept as it is.
RECORD_TYPES: tuple[str, ...] = (
    "paper-conference",
    "article-journal",
    "article",
    "chapter",
    "book",
    "thesis",
    "report",
    "dataset",
    "software",
    "webpage",
    "manuscript",
    "speech",
    "patent",
    "entry-encyclopedia",
    "document",
)

# Venue kinds used by the registry and the listing reader.
VENUE_KINDS: tuple[str, ...] = ("conference", "journal", "workshop", "preprint", "other")


@dataclass(frozen=True)
class SourceSpan:
    """Where something began in an input: a file name (``<stdin>`` for stdin) and a 1-based line."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Name:
    """A person's name split the way CSL and BibTeX both understand.

    ``particle`` is the non-dropping particle that belongs to the family name
    (``van der`` in ``van der Maaten``, ``De`` in ``De Bortoli``). ``literal``
    holds a name that must not be split (an institution). ``homonym`` is a dblp
    homonym number (``0001`` in ``Yi Ma 0001``): kept aside, never printed.
    """

    family: str = ""
    given: str = ""
    particle: str = ""
    suffix: str = ""
    literal: str = ""
    homonym: str = ""

    @property
    def full_family(self) -> str:
        """The family name with its particle (``van der Maaten``)."""
        return f"{self.particle} {self.family}".strip() if self.particle else self.family

    def display(self) -> str:
        """The name as a reader would write it: ``Given particle Family, Suffix``."""
        if self.literal:
            return self.literal
        text = " ".join(part for part in (self.given, self.full_family) if part)
        return f"{text}, {self.suffix}" if self.suffix else text


@dataclass(frozen=True)
class PartialDate:
    """A date of which only the year may be known."""

    year: int
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        """The date as ISO 8601 with as many parts as are known (``2024``, ``2024-05``)."""
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
            if self.day:
                text += f"-{self.day:02d}"
        return text


@dataclass(frozen=True)
class Venue:
    """Where a work appeared.

    ``raw`` is the text as found in the input. ``id``, ``name``, ``short`` and
    ``kind`` come from the venue registry, or stay empty when it has no match
    (the venue step reports that). ``track`` keeps a track within a venue
    (``Datasets and Benchmarks``) and ``workshop`` the workshop's own title.
    """

    id: str = ""
    name: str = ""
    short: str = ""
    kind: str = ""
    raw: str = ""
    track: str = ""
    workshop: str = ""

    @property
    def known(self) -> bool:
        """True when the registry matched this venue."""
        return bool(self.id)


@dataclass(frozen=True)
class Record:
    """One bibliographic item.

    ``container_title`` is the booktitle or journal exactly as it prints for this
    item's year (``Proceedings of the 36th International Conference on Machine
    Learning``); ``venue`` says which venue that is and carries its short form.
    ``authors_cut`` is True when the input may have cut the author list (a site
    that shows at most eight names); ``others`` is True when the list is known to
    be incomplete and is written with ``and others`` / an et-al marker.
    """

    type: str = "article"
    key: str = ""
    title: str = ""
    authors: tuple[Name, ...] = ()
    editors: tuple[Name, ...] = ()
    issued: PartialDate | None = None
    venue: Venue | None = None
    container_title: str = ""
    collection_title: str = ""
    volume: str = ""
    issue: str = ""
    page: str = ""
    edition: str = ""
    publisher: str = ""
    publisher_place: str = ""
    event_title: str = ""
    event_place: str = ""
    genre: str = ""
    number: str = ""
    archive: str = ""
    doi: str = ""
    url: str = ""
    isbn: str = ""
    issn: str = ""
    language: str = ""
    abstract: str = ""
    note: str = ""
    keywords: tuple[str, ...] = ()
    authors_cut: bool = False
    others: bool = False
    selected: bool = False
    extra: tuple[tuple[str, str], ...] = ()
    source: SourceSpan | None = field(default=None, compare=False)

    @property
    def year(self) -> int | None:
        """The year of issue, when known."""
        return self.issued.year if self.issued else None

    def with_changes(self, **changes: object) -> Record:
        """A copy of this record with the given fields replaced."""
        # dataclasses.replace runs __init__ over every field (about 20 us); every
        # pipeline step calls this per record, so copy the instance dict instead
        # (dict.copy is one block copy, twice as fast as filling an empty dict).
        if not _RECORD_FIELDS.issuperset(changes):
            raise TypeError(f"Record has no field {min(changes.keys() - _RECORD_FIELDS)!r}")
        values = self.__dict__.copy()
        values.update(changes)
        copy = object.__new__(type(self))
        object.__setattr__(copy, "__dict__", values)
        return copy

    def extra_value(self, name: str) -> str | None:
        """The value of an ``extra`` field, or None."""
        for key, value in self.extra:
            if key == name:
                return value
        return None


_RECORD_FIELDS = frozenset(f.name for f in fields(Record))

# The plain string fields of a Record, in the order writers emit them. Writers
# and mappings iterate over this instead of naming each field again.
STRING_FIELDS: tuple[str, ...] = (
    "title",
    "container_title",
    "collection_title",
    "volume",
    "issue",
    "page",
    "edition",
    "publisher",
    "publisher_place",
    "event_title",
    "event_place",
    "genre",
    "number",
    "archive",
    "doi",
    "url",
    "isbn",
    "issn",
    "language",
    "abstract",
    "note",
)
