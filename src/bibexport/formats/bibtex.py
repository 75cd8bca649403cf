"""BibTeX and BibLaTeX, both directions; the field and type tables live here.

Writing: one entry per record, fields in a fixed order, values in braces,
entries separated by one blank line; the same records always give the same
bytes. Text goes through ``latex.py`` (UTF-8 kept, specials escaped, math
kept, title words whose case must survive braced). Authors are written
``Family, Given`` (``van der Maaten, Laurens``; ``King, Jr., Martin``;
``{Institution Name}``), which BibTeX and biber read back the same way.

The venue's short name goes out as ``abbr`` (the field al-folio and other
jekyll-scholar CV sites read) in both dialects, and for journal articles also
as ``shortjournal`` (the BibLaTeX field that biblatex styles, pandoc,
citation-js and Better BibTeX read).

Reading goes through bibtexparser v2 (``@string`` macros resolved, month
macros, ``@comment``/``@preamble`` ignored). Both dialects are read by one
reader: a .bib file often mixes them.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bibexport.errors import ParseResult
from bibexport.latex import (
    latex_to_rich,
    latex_to_text,
    latex_to_verbatim,
    rich_to_latex,
    text_to_latex,
    verbatim_to_latex,
)
from bibexport.model import Name, Record
from bibexport.registry import FormatSpec, WriteOptions

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# Record type -> entry type, per dialect.
BIBTEX_TYPES: dict[str, str] = {
    "paper-conference": "inproceedings",
    "article-journal": "article",
    "article": "misc",
    "chapter": "incollection",
    "book": "book",
    "thesis": "phdthesis",
    "report": "techreport",
    "manuscript": "unpublished",
}
BIBLATEX_TYPES: dict[str, str] = {
    "paper-conference": "inproceedings",
    "article-journal": "article",
    "article": "online",
    "chapter": "incollection",
    "book": "book",
    "thesis": "thesis",
    "report": "report",
    "manuscript": "unpublished",
    "dataset": "dataset",
    "software": "software",
    "webpage": "online",
    "patent": "patent",
    "entry-encyclopedia": "inreference",
}
MASTERS_GENRE = "Master's thesis"

# Fields whose values are URLs, DOIs or paths: written and read verbatim.
VERBATIM_FIELDS = frozenset(
    {
        "url",
        "doi",
        "eprint",
        "file",
        "pdf",
        "code",
        "html",
        "website",
        "slides",
        "poster",
        "supp",
        "arxiv",
        "preview",
        "video",
        "blog",
        "openreview",
        "urldate",
    }
)
_URL_LIKE = re.compile(r"^(?:https?|ftp)://\S+$|^www\.\S+$", re.IGNORECASE)
_PLAIN_FIELD_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_KEY_UNSAFE = re.compile(r"[\s,{}()#%\"'=\\~]")
_PAGE_RANGE = re.compile(r"(?<=[0-9A-Za-z])\s*[-–—]+\s*(?=[0-9A-Za-z])")
_ARXIV_PREFIX = re.compile(r"^arxiv:\s*", re.IGNORECASE)
_EXTRA_SPELLING = {"primaryclass": "primaryClass", "archiveprefix": "archivePrefix"}

VALUE_COLUMN = 12  # values line up after the longest common field name, "booktitle"
INDENT = "  "


@dataclass(frozen=True)
class Dialect:
    """What differs between BibTeX and BibLaTeX output."""

    name: str
    types: dict[str, str]
    journal: str
    place: str
    archive: str
    eprint_class: str
    biblatex: bool


BIBTEX = Dialect(
    "bibtex", BIBTEX_TYPES, "journal", "address", "archivePrefix", "primaryClass", False
)
BIBLATEX = Dialect(
    "biblatex", BIBLATEX_TYPES, "journaltitle", "location", "eprinttype", "eprintclass", True
)


# --- names -----------------------------------------------------------------------------


_AND_WORD = re.compile(r"(?:^|\s)and(?:\s|$)", re.IGNORECASE)


def _name_part(text: str, family: bool = False) -> str:
    """A name part as LaTeX, in braces when BibTeX would split it differently.

    A comma or the word ``and`` would end the part or the name; in a family name,
    a lowercase word would be taken for a particle.
    """
    latex = text_to_latex(text)
    if "," in text or "\u00a0" in text or ("and" in text.lower() and _AND_WORD.search(text)):
        return "{" + latex + "}"  # ~ (a non-breaking space) separates name words too
    if family and " " in text and any(w[:1].islower() for w in text.split()):
        return "{" + latex + "}"
    return latex


def format_name(name: Name) -> str:
    """One name as BibTeX writes it: ``von Last, Jr, First`` (literal names in braces)."""
    if name.literal:
        return "{" + text_to_latex(name.literal) + "}"
    if not name.family and not name.particle:  # a given name alone: keep it whole
        return "{" + text_to_latex(" ".join(p for p in (name.given, name.suffix) if p)) + "}"
    if not name.family:  # a particle alone is the family name
        name = Name(family=name.particle, given=name.given, suffix=name.suffix)
    family = _name_part(name.family, family=True)
    last = f"{text_to_latex(name.particle)} {family}" if name.particle else family
    given = _name_part(name.given)
    if name.suffix:
        return f"{last}, {_name_part(name.suffix)}, {given or '{}'}"
    if given:
        return f"{last}, {given}"
    # Without a given name, a particle or a first family word would be read as a given
    # name and a braced family as a literal name: the comma form keeps them apart.
    plain = " " not in last and not last.startswith("{") and last.lower() != "others"
    return last if plain else f"{last}, {{}}"


@lru_cache(maxsize=65536)  # people recur: each distinct name is formatted once
def _written_name(name: Name) -> str | None:
    """``format_name(name)``, or None for a name with nothing to print."""
    return format_name(name) if name.display().strip() else None


def format_names(names: Sequence[Name], others: bool = False) -> str:
    """A name list joined with `` and `` (``and others`` when the list is incomplete)."""
    parts = [written for written in map(_written_name, names) if written is not None]
    if others:
        parts.append("others")
    return " and ".join(parts)


# --- fields ------------------------------------------------------------------------------


def _pages(page: str) -> str:
    """CSL ``1-10`` (also ``1–10``, ``1--10``) -> BibTeX ``1--10``."""
    return "--".join(text_to_latex(piece) for piece in _PAGE_RANGE.split(page))


def _eprint(record: Record) -> str:
    number = record.number.strip()
    if record.archive.lower() == "arxiv":
        number = _ARXIV_PREFIX.sub("", number)
    return number


def _uses_eprint(record: Record) -> bool:
    return bool(record.archive) or record.type == "article"


def _publisher_field(record: Record, dialect: Dialect) -> str:
    if record.type == "thesis":
        return "institution" if dialect.biblatex else "school"
    if record.type == "report":
        return "institution"
    return "publisher"


def _container_field(record: Record, dialect: Dialect) -> str:
    if record.type == "article-journal":
        return dialect.journal
    if record.type in ("paper-conference", "chapter", "entry-encyclopedia", "book"):
        return "booktitle"
    return "howpublished"


def _known_event(record: Record, dialect: Dialect) -> str:
    """BibLaTeX's ``eventtitle`` from the venue registry: the conference's name when the
    booktitle does not already say it (NeurIPS's booktitle is "Advances in ...")."""
    venue = record.venue
    if not dialect.biblatex or venue is None or not venue.id or not venue.name:
        return ""
    if venue.kind not in ("conference", "workshop") or record.type != "paper-conference":
        return ""
    return "" if venue.name.lower() in record.container_title.lower() else venue.name


def _preprint_note(record: Record, dialect: Dialect) -> str:
    """``arXiv preprint`` for a BibTeX preprint with no container: what styles print for it."""
    if dialect.biblatex or record.type != "article" or not record.archive:
        return ""
    return f"{record.archive} preprint"


def entry_type(record: Record, dialect: Dialect) -> str:
    """The entry type a record is written as."""
    if record.type == "thesis" and not dialect.biblatex and _is_masters(record):
        return "mastersthesis"
    if record.type == "report" and dialect.biblatex:
        return "report"
    return dialect.types.get(record.type, "misc")


def _is_masters(record: Record) -> bool:
    return "master" in record.genre.lower()


def _genre(record: Record, dialect: Dialect) -> str:
    """The ``type`` field: the genre, unless the entry type already says it."""
    if record.type == "thesis":
        if dialect.biblatex:
            if not record.genre:
                return "phdthesis"
            return "mathesis" if record.genre == MASTERS_GENRE else record.genre
        return "" if record.genre == MASTERS_GENRE else record.genre
    if record.type == "report" and dialect.biblatex and not record.genre:
        return "techreport"
    return record.genre


def _date_fields(record: Record, dialect: Dialect) -> list[tuple[str, str]]:
    date = record.issued
    if date is None:
        return []
    if dialect.biblatex:
        return [("date", "{" + date.iso() + "}")]
    fields = [("year", "{" + f"{date.year:04d}" + "}")]
    if date.month and 1 <= date.month <= 12:
        fields.append(("month", MONTHS[date.month - 1]))  # the macro, unbraced
    if date.day:
        fields.append(("date", "{" + date.iso() + "}"))
    return fields


def _braced(value: str) -> str:
    return "{" + value + "}"


def _title_latex(title: str) -> str:
    return rich_to_latex(title, title=True)


def record_fields(record: Record, dialect: Dialect) -> list[tuple[str, str]]:
    """The (field, written value) pairs of one entry, in the fixed output order."""
    out: list[tuple[str, str]] = []
    authors = format_names(record.authors, record.others)
    if authors:
        out.append(("author", _braced(authors)))
    editors = format_names(record.editors)
    if editors:
        out.append(("editor", _braced(editors)))
    journal = record.type == "article-journal"
    eprint = _uses_eprint(record)
    short = record.venue.short if record.venue else ""
    # (field, value, renderer or None for plain text), in output order.
    head: list[tuple[str, str, Callable[[str], str] | None]] = [
        ("title", record.title, _title_latex),
        (
            _container_field(record, dialect),
            record.container_title or _preprint_note(record, dialect),
            None,
        ),
        ("series", record.collection_title, None),
        ("volume", record.volume, None),
        ("number" if journal else "issue", record.issue, None),
        ("eid" if journal else "number", "" if eprint else record.number, None),
        ("pages", record.page, _pages),
        ("edition", record.edition, None),
        (_publisher_field(record, dialect), record.publisher, None),
        (dialect.place, record.publisher_place, None),
    ]
    tail: list[tuple[str, str, Callable[[str], str] | None]] = [
        ("eventtitle", record.event_title or _known_event(record, dialect), None),
        ("venue", record.event_place, None),
        ("type", _genre(record, dialect), None),
    ]
    if eprint:
        eprint_class = record.extra_value("primaryclass") or record.extra_value("eprintclass")
        tail += [
            ("eprint", _eprint(record), verbatim_to_latex),
            (dialect.archive, record.archive, None),
            (dialect.eprint_class, eprint_class or "", None),
        ]
    tail += [
        ("doi", record.doi, verbatim_to_latex),
        ("url", record.url, verbatim_to_latex),
        ("isbn", record.isbn, None),
        ("issn", record.issn, None),
        ("language", record.language, None),
        ("keywords", ", ".join(record.keywords), None),
        ("abbr", short, None),
        ("shortjournal", short if journal else "", None),
    ]
    _put_all(out, head)
    out.extend(_date_fields(record, dialect))
    _put_all(out, tail)
    if record.selected:
        out.append(("selected", "{true}"))
    _put_all(out, [("note", record.note, None), ("abstract", record.abstract, rich_to_latex)])
    if record.extra:
        out.extend(_extra_fields(record, {name.lower() for name, _ in out}))
    return out


def _put_all(
    out: list[tuple[str, str]], items: list[tuple[str, str, Callable[[str], str] | None]]
) -> None:
    """Append the items that have a value, rendered (plain text by default) and braced."""
    for name, value, render in items:
        if value and not value.isspace():
            out.append((name, "{" + (render or text_to_latex)(value) + "}"))


def _extra_fields(record: Record, written: set[str]) -> list[tuple[str, str]]:
    """``extra`` entries that are plain BibTeX fields and not written already."""
    out: list[tuple[str, str]] = []
    reserved = written | {"archiveprefix", "eprinttype"}
    if written & {"primaryclass", "eprintclass"}:  # the eprint's class is already out
        reserved |= {"primaryclass", "eprintclass"}
    for name, value in record.extra:
        lower = name.lower()
        if not _PLAIN_FIELD_NAME.match(name) or lower in reserved or not value.strip():
            continue
        reserved.add(lower)
        rendered = value.strip() if _verbatim_value(lower, value) else text_to_latex(value)
        out.append((_EXTRA_SPELLING.get(lower, lower), _braced(rendered)))
    return out


def _verbatim_value(field: str, value: str) -> bool:
    """True for a URL or path in an extra field: one word, no braces or backslashes."""
    text = value.strip()
    if not text or any(ch.isspace() or ch in "{}\\" for ch in text):
        return False
    return field.lower() in VERBATIM_FIELDS or bool(_URL_LIKE.match(text))


def safe_key(key: str) -> str:
    """A key BibTeX can read: characters it cannot take become ``_``."""
    return _KEY_UNSAFE.sub("_", key.strip()) or "anon"


def _label(name: str) -> str:
    """``  name      = ``: the field's name, padded so that values line up."""
    label = _LABELS.get(name)
    if label is None:
        label = _LABELS[name] = f"{INDENT}{name}{' ' * max(0, VALUE_COLUMN - len(name) - 3)} = "
    return label


_LABELS: dict[str, str] = {}


def format_entry(record: Record, dialect: Dialect) -> str:
    """One entry, ending with a newline."""
    head = f"@{entry_type(record, dialect)}{{{safe_key(record.key)},\n"
    body = ",\n".join(_label(name) + value for name, value in record_fields(record, dialect))
    return head + body + "\n}\n" if body else head + "}\n"


def _with_keys(records: Sequence[Record]) -> list[Record]:
    """Records ready to write: those without a key get the default pattern's key."""
    if all(r.key for r in records):
        return list(records)
    from bibexport.keys import assign_keys

    return assign_keys(list(records), "default")[0]


def write_entries(records: Sequence[Record], dialect: Dialect) -> str:
    """Every record as an entry, separated by one blank line."""
    return "\n".join(format_entry(r, dialect) for r in _with_keys(records))


def write_bibtex(records: Sequence[Record], options: WriteOptions) -> str:
    """Records as BibTeX."""
    return write_entries(records, BIBTEX)


def write_biblatex(records: Sequence[Record], options: WriteOptions) -> str:
    """Records as BibLaTeX (``journaltitle``, ``date``, ``location``, ``eprinttype``...)."""
    return write_entries(records, BIBLATEX)


# --- reading -------------------------------------------------------------------------------

# Entry type -> record type. @misc and @online become a preprint ("article")
# when they carry an eprint, else "document" and "webpage".
READ_TYPES: dict[str, str] = {
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "incollection": "chapter",
    "inbook": "chapter",
    "bookinbook": "chapter",
    "suppbook": "chapter",
    "book": "book",
    "mvbook": "book",
    "collection": "book",
    "mvcollection": "book",
    "proceedings": "book",
    "mvproceedings": "book",
    "booklet": "book",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "manual": "report",
    "unpublished": "manuscript",
    "misc": "document",
    "online": "webpage",
    "electronic": "webpage",
    "www": "webpage",
    "dataset": "dataset",
    "software": "software",
    "patent": "patent",
    "inreference": "entry-encyclopedia",
    "reference": "book",
    "periodical": "book",
}
MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# Fields read into Record fields (everything else goes to ``extra``).
_CONSUMED = frozenset(
    {
        "author",
        "editor",
        "title",
        "journal",
        "journaltitle",
        "booktitle",
        "howpublished",
        "series",
        "volume",
        "number",
        "issue",
        "eid",
        "pages",
        "edition",
        "publisher",
        "school",
        "institution",
        "address",
        "location",
        "year",
        "month",
        "day",
        "date",
        "eventtitle",
        "venue",
        "type",
        "eprint",
        "archiveprefix",
        "eprinttype",
        "primaryclass",
        "eprintclass",
        "doi",
        "url",
        "isbn",
        "issn",
        "language",
        "keywords",
        "abbr",
        "shortjournal",
        "shortbooktitle",
        "selected",
        "note",
        "abstract",
        "crossref",
        "subtitle",
    }
)
_PREPRINT_JOURNAL = re.compile(r"^\s*(arxiv|corr|biorxiv|medrxiv|ssrn)\b", re.IGNORECASE)
# The archive a preprint server's journal name stands for.
_SERVERS = {
    "arxiv": "arXiv",
    "corr": "arXiv",
    "biorxiv": "bioRxiv",
    "medrxiv": "medRxiv",
    "ssrn": "SSRN",
}
_ARXIV_IN_TEXT = re.compile(
    r"arxiv[:\s]*(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?/\d{7})", re.IGNORECASE
)
_CORR_VOLUME = re.compile(r"^abs/(\d{4}\.\d{4,5})$")
_HOMONYM = re.compile(r"^(.*[^\s~])[\s~]+(\d{4})[\s~]*$", re.DOTALL)
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_ENTRY_START = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(]", re.MULTILINE)
_TRUE = frozenset({"true", "yes", "1", "y"})


def sniff(text: str) -> bool:
    """True when the text holds a ``@type{`` (or ``@type(``) block at the start of a line."""
    # The "@" test spares other formats' long texts the regex (0.45 s of a 93 MB listing).
    return "@" in text and bool(_ENTRY_START.search(text))


def _split_top(value: str, separator: str) -> list[str]:
    """Split at ``separator`` outside braces and quotes."""
    parts: list[str] = []
    depth = 0
    quoted = False
    start = 0
    index = 0
    while index < len(value):
        ch = value[index]
        if ch == "\\":
            index += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(0, depth - 1)
        elif ch == '"' and depth == 0:
            quoted = not quoted
        elif depth == 0 and not quoted and value.startswith(separator, index):
            parts.append(value[start:index])
            index += len(separator)
            start = index
            continue
        index += 1
    parts.append(value[start:])
    return parts


# What a macro name may hold (BibTeX's identifiers): anything else is a broken value.
_MACRO_NAME = re.compile(r"^[^\s\"#%'(),={}]+$")


class _Values:
    """Resolves raw field values: enclosing, ``#`` concatenation, @string and month macros."""

    def __init__(self) -> None:
        self.strings: dict[str, str] = {}
        self.unknown: list[str] = []

    def resolve(self, raw: str) -> str:
        """A raw value as LaTeX; a ValueError (the piece) when a piece is not a value."""
        raw = raw.strip()
        if raw[:1] == "{" and raw[-1:] == "}" and "#" not in raw:
            return raw[1:-1]  # the common case: one braced value
        pieces = []
        for piece in _split_top(raw, "#"):
            piece = piece.strip()
            if (len(piece) >= 2 and piece[0] == "{" and piece[-1] == "}") or (
                len(piece) >= 2 and piece[0] == '"' and piece[-1] == '"'
            ):
                pieces.append(piece[1:-1])
            elif piece.isdigit() or not piece:
                pieces.append(piece)
            elif not _MACRO_NAME.match(piece):
                raise ValueError(piece)
            elif piece.lower() in self.strings:
                pieces.append(self.strings[piece.lower()])
            elif piece.lower()[:3] in MONTHS and piece.lower() in (*MONTHS, *MONTH_NAMES):
                pieces.append(MONTH_NAMES[MONTHS.index(piece.lower()[:3])].capitalize())
            else:
                self.unknown.append(piece)
                pieces.append(piece)
        return "".join(pieces)


@dataclass
class _RawEntry:
    entry_type: str
    key: str
    fields: dict[str, str]
    line: int


def _parse_library(text: str, name: str) -> tuple[list[_RawEntry], list, _Values]:
    """Split the text with bibtexparser; failed blocks raise InputError with their line."""
    import bibtexparser
    from bibtexparser import model as bp

    from bibexport.errors import InputError, warning
    from bibexport.model import SourceSpan

    # bibtexparser logs each failed block itself; we report them as errors of our own.
    parser_logger = logging.getLogger("bibtexparser")
    level = parser_logger.level
    parser_logger.setLevel(logging.CRITICAL)
    try:
        library = bibtexparser.parse_string(text, parse_stack=[])
    except Exception as exc:  # the splitter should not raise; never let it reach the user
        raise InputError(f"cannot read this BibTeX: {exc}", SourceSpan(name, 1)) from exc
    finally:
        parser_logger.setLevel(level)
    values = _Values()
    entries: list[_RawEntry] = []
    diagnostics = []
    first_line: dict[str, int] = {}
    for block in library.blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, bp.String):
            values.strings[block.key.lower()] = _resolve(values, block.value, name, line)
            continue
        entry: bp.Entry | None = None
        if isinstance(block, bp.DuplicateBlockKeyBlock):
            entry = block.ignore_error_block
            diagnostics.append(
                warning(
                    "bibtex-duplicate-key",
                    f"the key {block.key!r} was already used at line "
                    f"{first_line.get(block.key.lower(), '?')}",
                    SourceSpan(name, line),
                )
            )
        elif isinstance(block, bp.DuplicateFieldKeyBlock):
            entry = block.ignore_error_block
            fields_seen = ", ".join(sorted(block.duplicate_keys))
            diagnostics.append(
                warning(
                    "bibtex-duplicate-field",
                    f"the field(s) {fields_seen} appear twice in this entry; the first is used",
                    SourceSpan(name, line),
                )
            )
        elif isinstance(block, bp.ParsingFailedBlock):
            raise InputError(_failure_message(block), SourceSpan(name, line))
        elif isinstance(block, bp.Entry):
            entry = block
        if entry is None:
            continue  # @comment, @preamble, text between entries
        fields: dict[str, str] = {}
        for field in entry.fields:
            field_line = (field.start_line or 0) + 1 if field.start_line is not None else line
            fields.setdefault(field.key.lower(), _resolve(values, field.value, name, field_line))
        first_line.setdefault(entry.key.lower(), line)
        entries.append(_RawEntry(entry.entry_type.lower(), entry.key, fields, line))
    return entries, diagnostics, values


def _resolve(values: _Values, raw: str, name: str, line: int) -> str:
    """A field's value, or an InputError naming the line when it is not a value at all."""
    from bibexport.errors import InputError
    from bibexport.model import SourceSpan

    try:
        return values.resolve(raw)
    except ValueError as exc:
        raise InputError(
            f"cannot read the value {str(exc)!r} (a missing comma, brace or quote?)",
            SourceSpan(name, line),
        ) from None


def _failure_message(block) -> str:
    error = getattr(block, "error", None)
    reason = (
        getattr(error, "abort_reason", None) or getattr(error, "message", None) or str(error or "")
    )
    lines = [line.strip() for line in str(reason).strip().splitlines() if line.strip()]
    detail = lines[-1].rstrip(".") if lines else "syntax error"
    found = re.match(r"\s*@\s*(\w+)", block.raw or "")
    what = f"@{found.group(1).lower()} entry" if found else "block"
    return f"cannot read the {what} that starts here: {detail}"


def _apply_crossrefs(entries: list[_RawEntry]) -> None:
    """Fill fields an entry lacks from the entry its ``crossref`` names (BibTeX's rule)."""
    by_key = {e.key.lower(): e for e in entries}
    for entry in entries:
        parent = by_key.get(entry.fields.get("crossref", "").strip().lower())
        if parent is None or parent is entry:
            continue
        for name, value in parent.fields.items():
            if name == "title":
                entry.fields.setdefault("booktitle", value)
            elif name not in ("crossref", "abstract", "keywords", "doi", "url", "pages"):
                entry.fields.setdefault(name, value)
        del entry.fields["crossref"]


def _month(value: str) -> int | None:
    text = value.strip().lower().rstrip(".")
    if text.isdigit() and 1 <= int(text) <= 12:
        return int(text)
    for index, month in enumerate(MONTH_NAMES):
        if text and (text == month or text == month[:3] or text == month[:4]):
            return index + 1
    return None


def _issued(fields: dict[str, str]):
    """The date from ``date`` (ISO), else ``year``/``month``/``day``; None and a reason when bad."""
    from bibexport.model import PartialDate

    date = latex_to_text(fields.get("date", ""))
    match = _ISO_DATE.match(date)
    if match:
        year, month, day = (int(g) if g else None for g in match.groups())
        month = month if month and 1 <= month <= 12 else None
        day = day if month and day and 1 <= day <= 31 else None
        if month is None:  # a year-only date: a month field may still say the month
            month = _month(latex_to_text(fields.get("month", "")))
        return PartialDate(year, month, day), ""
    year_text = latex_to_text(fields.get("year", ""))
    if not year_text:
        return None, f"date {date!r} is not an ISO date" if date else ""
    found = _YEAR.search(year_text)
    if not found:
        return None, f"year {year_text!r} is not a year"
    month = _month(latex_to_text(fields.get("month", "")))
    day_text = latex_to_text(fields.get("day", ""))
    day = int(day_text) if month and day_text.isdigit() and 1 <= int(day_text) <= 31 else None
    return PartialDate(int(found.group(1)), month, day), ""


def _read_names(raw: str, source) -> tuple[tuple[Name, ...], bool]:
    """A BibTeX name list: names, and whether it ended with ``and others``."""
    from bibtexparser.middlewares.names import parse_single_name_into_parts

    names: list[Name] = []
    others = False
    for part in _split_names(raw):
        part = " ".join(part.split())
        if not part:
            continue
        if part.lower() in ("others", "et al.", "et al"):
            others = True
            continue
        part, homonym = _strip_homonym(part)
        if part.startswith("{") and part.endswith("}") and _is_one_group(part):
            literal = latex_to_text(part)
            if literal:
                names.append(Name(literal=literal, homonym=homonym))
            continue
        simple = _simple_name(part)
        if simple is not None:
            names.append(Name(family=simple[0], given=simple[1], homonym=homonym))
            continue
        parts = parse_single_name_into_parts(part, strict=False)
        name = Name(
            family=latex_to_text(" ".join(parts.last)),
            given=latex_to_text(" ".join(parts.first)),
            particle=latex_to_text(" ".join(parts.von)),
            suffix=latex_to_text(" ".join(parts.jr)),
            homonym=homonym,
        )
        if not name.family and name.particle:  # BibTeX always has a last part
            name = Name(family=name.particle, given=name.given, suffix=name.suffix, homonym=homonym)
        if any(not w[:1].islower() for w in name.particle.split()):
            # A particle holds lowercase words only; the rest belongs to the family name.
            family = f"{name.particle} {name.family}"
            name = Name(family=family, given=name.given, suffix=name.suffix, homonym=homonym)
        if not name.family and not name.particle and name.given:
            # A given name alone ("{Plato}" as the writer puts it) is kept whole.
            name = Name(literal=name.display(), homonym=homonym)
        if name.display().strip():  # a name of nothing but braces is no name
            names.append(name)
    return tuple(names), others


_AND = re.compile(r" and ", re.IGNORECASE)


def _split_names(raw: str) -> list[str]:
    """Split at `` and `` (any case, any whitespace) outside braces."""
    normalized = re.sub(r"\s+", " ", raw)
    if "{" not in normalized and '"' not in normalized:
        return _AND.split(normalized)
    pieces: list[str] = []
    for piece in _split_top(normalized, " and "):
        pieces.extend(_split_top(piece, " AND "))
    return pieces


_SIMPLE_NAME_CHARS = re.compile(r"^[^\\{}$~`'-]*$")


def _simple_name(part: str) -> tuple[str, str] | None:
    """(family, given) of a name that needs no BibTeX name splitting, else None.

    ``Family Words, Given`` and ``Given Words Family`` where every word starts with
    a capital and nothing needs LaTeX decoding: what most .bib files hold. The rest
    goes through bibtexparser's implementation of BibTeX's rules.
    """
    if not _SIMPLE_NAME_CHARS.match(part) or part.count(",") > 1:
        return None
    family, comma, given = part.partition(",")
    words = family.split()
    if not words or not all(w[:1].isupper() for w in words):
        return None
    if comma:
        return latex_to_text(family), latex_to_text(given)
    if len(words) == 1:
        return latex_to_text(words[0]), ""
    return None if len(words) > 2 else (latex_to_text(words[1]), latex_to_text(words[0]))


def _is_one_group(text: str) -> bool:
    depth = 0
    for index, ch in enumerate(text):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0 and index < len(text) - 1:
                return False
    return True


def _strip_homonym(part: str) -> tuple[str, str]:
    """``Yi Ma 0001`` -> (``Yi Ma``, ``0001``); ``Ma 0001, Yi`` -> (``Ma, Yi``, ``0001``)."""
    head, comma, tail = part.partition(",")
    match = _HOMONYM.match(head.strip())
    if match and not match.group(1).endswith(","):
        return match.group(1) + comma + tail, match.group(2)
    return part, ""


_CONTAINERS = ("journal", "journaltitle", "booktitle")


def _record_type(entry: _RawEntry, fields: dict[str, str]) -> str:
    base = READ_TYPES.get(entry.entry_type, "document")
    has_eprint = bool(latex_to_verbatim(fields.get("eprint", ""))) or any(
        latex_to_text(fields.get(f, "")) for f in ("archiveprefix", "eprinttype")
    )
    if base in ("document", "webpage") and has_eprint:
        return "article"
    if base == "article-journal":
        journal = next(
            (t for t in (latex_to_text(fields.get(f, "")) for f in _CONTAINERS) if t), ""
        )
        if _PREPRINT_JOURNAL.match(journal) or (not journal and has_eprint):
            return "article"
    return base


def read_entry(entry: _RawEntry, name: str) -> tuple[Record, list]:
    """One parsed entry as a record, with what was noticed."""
    from bibexport.errors import warning
    from bibexport.model import SourceSpan, Venue

    source = SourceSpan(name, entry.line)
    f = entry.fields
    diagnostics = []

    def text(field: str) -> str:
        """A field as plain Unicode text."""
        return latex_to_text(f.get(field, ""))

    record_type = _record_type(entry, f)
    authors, others = _read_names(f.get("author", ""), source)
    editors, _ = _read_names(f.get("editor", ""), source)
    issued, problem = _issued(f)
    extra: list[tuple[str, str]] = []
    if problem:
        diagnostics.append(warning("bibtex-date", f"{problem}; no date kept", source))
        for field in ("date", "year"):
            if text(field):
                extra.append((field, text(field)))
    month = text("month")
    if month and (issued is None or issued.month is None) and not problem:
        extra.append(("month", month))
        diagnostics.append(warning("bibtex-date", f"month {month!r} is not a month", source))
    if entry.entry_type not in READ_TYPES:
        diagnostics.append(
            warning(
                "bibtex-type",
                f"unknown entry type @{entry.entry_type}; read as {record_type!r}",
                source,
            )
        )
    container = text("journal") or text("journaltitle") or text("booktitle")
    howpublished = f.get("howpublished", "")
    url = latex_to_verbatim(f.get("url", ""))
    number = latex_to_verbatim(f.get("eprint", ""))
    archive = text("archiveprefix") or text("eprinttype")
    if number and not archive and record_type != "article":
        extra.append(("eprint", number))  # an eprint of no named archive: kept as it is
        number = ""
    if howpublished:
        only_url = re.fullmatch(r"\s*\\url\s*\{([^{}]*)\}\s*", howpublished)
        if only_url and not url:
            url = latex_to_verbatim(only_url.group(1))
        elif archive and latex_to_text(howpublished).lower() == f"{archive} preprint".lower():
            pass  # what the writer adds to a preprint with no container
        elif container:
            extra.append(("howpublished", latex_to_text(howpublished)))
        else:
            container = latex_to_text(howpublished)
    issue = text("issue")
    number_field = text("number")
    if entry.entry_type == "article" or record_type == "article-journal":
        issue, number_field = issue or number_field, "" if not issue else number_field
        number_field = number_field or text("eid")
    elif text("eid"):
        extra.append(("eid", text("eid")))
    if number_field and (number or archive):  # the eprint is the record's number
        extra.append(("number", number_field))
    elif not number:
        number = number_field
    volume = text("volume")
    if record_type == "article":
        number, archive = _preprint_id(number, archive, container, volume)
        corr = _CORR_VOLUME.match(volume)
        if corr and corr.group(1) == number:
            volume = ""  # dblp's CoRR volume is the arXiv id again
    eprint_class = text("primaryclass") or text("eprintclass")
    if eprint_class:
        extra.append(("primaryclass", eprint_class))
    publisher = text("publisher") or text("school") or text("institution")
    for spare in ("school", "institution"):
        if text(spare) and text(spare) != publisher:
            extra.append((spare, text(spare)))
    genre = text("type")
    if record_type == "thesis":
        genre = _thesis_genre(entry.entry_type, genre)
    elif record_type == "report" and genre.lower() == "techreport":
        genre = ""
    short = text("abbr") or text("shortjournal") or text("shortbooktitle")
    venue = Venue(raw=container, short=short) if container or short else None
    for field, value in f.items():
        if field in _CONSUMED:
            continue
        decoded = (
            latex_to_verbatim(value) if _verbatim_value(field, value) else latex_to_text(value)
        )
        if decoded:
            extra.append((field, decoded))
    record = Record(
        type=record_type,
        key=entry.key.strip(),
        title=_title(f),
        authors=authors,
        editors=editors,
        issued=issued,
        venue=venue,
        container_title=container,
        collection_title=text("series"),
        volume=volume,
        issue=issue,
        page=_read_pages(text("pages")),
        edition=text("edition"),
        publisher=publisher,
        publisher_place=text("address") or text("location"),
        event_title=text("eventtitle"),
        event_place=text("venue"),
        genre=genre,
        number=number,
        archive=archive,
        doi=latex_to_verbatim(f.get("doi", "")),
        url=url,
        isbn=text("isbn"),
        issn=text("issn"),
        language=text("language"),
        abstract=latex_to_rich(f.get("abstract", "")),
        note=text("note"),
        keywords=tuple(k.strip() for k in re.split(r"[,;]", text("keywords")) if k.strip()),
        others=others,
        selected=text("selected").lower() in _TRUE,
        extra=tuple(extra),
        source=source,
    )
    return record, diagnostics


def _title(fields: dict[str, str]) -> str:
    """The title as rich text, with a BibLaTeX ``subtitle`` joined to it as pandoc does."""
    title = latex_to_rich(fields.get("title", ""), title=True)
    subtitle = latex_to_rich(fields.get("subtitle", ""), title=True)
    if not subtitle:
        return title
    if not title:
        return subtitle
    return f"{title} {subtitle}" if title[-1] in ".:?!" else f"{title}: {subtitle}"


def _thesis_genre(entry_type: str, genre: str) -> str:
    lowered = genre.lower()
    if lowered in ("mathesis", "mastersthesis") or (entry_type == "mastersthesis" and not genre):
        return MASTERS_GENRE
    if lowered in ("phdthesis", "phd"):
        return ""
    return genre


def _preprint_id(number: str, archive: str, container: str, volume: str) -> tuple[str, str]:
    """The archive and id of a preprint, also from ``arXiv preprint arXiv:...`` and dblp's CoRR."""
    if not number:
        found = _ARXIV_IN_TEXT.search(container)
        corr = _CORR_VOLUME.match(volume)
        if found:
            number = found.group(1)
        elif corr and container.strip().lower() == "corr":
            number = corr.group(1)
    server = _PREPRINT_JOURNAL.match(container)
    if not archive and server:
        archive = _SERVERS[server.group(1).lower()]
    elif not archive and re.match(r"^\d{4}\.\d{4,5}", number):
        archive = "arXiv"
    if archive.lower() == "arxiv":
        number = _ARXIV_PREFIX.sub("", number)
    return number, archive


def _read_pages(pages: str) -> str:
    """BibTeX ``1--10`` (read as ``1–10``) -> CSL ``1-10``."""
    return _PAGE_RANGE.sub("-", pages)


def read(text: str, name: str) -> ParseResult:
    """Read BibTeX or BibLaTeX into records (raises InputError on a block it cannot parse)."""
    from bibexport.errors import warning
    from bibexport.model import SourceSpan

    entries, diagnostics, values = _parse_library(text, name)
    _apply_crossrefs(entries)
    result = ParseResult(diagnostics=list(diagnostics))
    for entry in entries:
        record, found = read_entry(entry, name)
        result.records.append(record)
        result.diagnostics.extend(found)
    for macro in dict.fromkeys(values.unknown):
        result.diagnostics.append(
            warning(
                "bibtex-macro",
                f"the macro {macro!r} is not defined by any @string; kept as its name",
                SourceSpan(name, 1),
            )
        )
    return result


FORMATS: tuple[FormatSpec, ...] = (
    FormatSpec(
        name="bibtex",
        description="BibTeX .bib (reads BibLaTeX too)",
        extensions=(".bib",),
        read=read,
        write=write_bibtex,
        sniff=sniff,
        aliases=("bib",),
    ),
    FormatSpec(
        name="biblatex",
        description="BibLaTeX .bib for biber (journaltitle, date, eprinttype)",
        extensions=(),
        read=read,
        write=write_biblatex,
        sniff=None,
        aliases=("bibla",),
    ),
)
