"""The one mapping between a Record and a CSL item (the dict CSL-JSON and CSL-YAML hold).

``to_csl`` writes what other tools read (citeproc-js, Zotero, pandoc, citation-js):
CSL variables for everything CSL has a variable for, name objects with
``non-dropping-particle``, ``issued`` as ``date-parts``. What CSL has no variable
for (the venue's registry id, kind, raw text, track and workshop; dblp homonym
numbers; ``authors_cut``; ``selected``; ``extra``) goes into the item's ``custom``
object under ``custom.bibexport``, so that ``from_csl(to_csl(r)) == r`` exactly.

An author list known to be incomplete (``others``) ends with the name
``{"literal": "others"}``: that is what pandoc's BibTeX reader makes of BibTeX's
``and others``, and pandoc's citeproc renders a final literal ``others`` as
"et al.". ``custom.bibexport.others`` says the same for our own reading.

``from_csl`` reads both our own items (``custom.bibexport`` present: read back
exactly) and items written by other tools (Zotero, citation-js, pandoc, Better
BibTeX): numbers where strings are expected, dates as strings, ``raw`` or
``literal`` dates, EDTF strings, particles inside ``family``, ``journalAbbreviation``.
Variables with no Record field go to ``Record.extra`` so nothing is lost.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from bibexport.errors import Diagnostic, warning
from bibexport.model import Name, PartialDate, Record, SourceSpan, Venue

# Record string fields and the CSL variables they are, in output order.
FIELD_TABLE: tuple[tuple[str, str], ...] = (
    ("title", "title"),
    ("container_title", "container-title"),
    ("collection_title", "collection-title"),
    ("volume", "volume"),
    ("issue", "issue"),
    ("page", "page"),
    ("edition", "edition"),
    ("number", "number"),
    ("genre", "genre"),
    ("event_title", "event-title"),
    ("event_place", "event-place"),
    ("publisher", "publisher"),
    ("publisher_place", "publisher-place"),
    ("archive", "archive"),
    ("doi", "DOI"),
    ("isbn", "ISBN"),
    ("issn", "ISSN"),
    ("url", "URL"),
    ("language", "language"),
    ("abstract", "abstract"),
    ("note", "note"),
)

# Name lists: Record field -> CSL variable.
NAME_TABLE: tuple[tuple[str, str], ...] = (("authors", "author"), ("editors", "editor"))

# Name parts: Name field -> CSL name-object key, in output order.
NAME_PARTS: tuple[tuple[str, str], ...] = (
    ("family", "family"),
    ("given", "given"),
    ("particle", "non-dropping-particle"),
    ("suffix", "suffix"),
    ("literal", "literal"),
)

# Venue fields kept in custom.bibexport.venue (``short`` is container-title-short).
VENUE_CUSTOM_FIELDS: tuple[str, ...] = ("id", "name", "kind", "raw", "track", "workshop")

# The item types of the CSL 1.0.2 schema.
CSL_TYPES: frozenset[str] = frozenset(
    [
        "article",
        "article-journal",
        "article-magazine",
        "article-newspaper",
        "bill",
        "book",
        "broadcast",
        "chapter",
        "classic",
        "collection",
        "dataset",
        "document",
        "entry",
        "entry-dictionary",
        "entry-encyclopedia",
        "event",
        "figure",
        "graphic",
        "hearing",
        "interview",
        "legal_case",
        "legislation",
        "manuscript",
        "map",
        "motion_picture",
        "musical_score",
        "pamphlet",
        "paper-conference",
        "patent",
        "performance",
        "periodical",
        "personal_communication",
        "post",
        "post-weblog",
        "regulation",
        "report",
        "review",
        "review-book",
        "software",
        "song",
        "speech",
        "standard",
        "thesis",
        "treaty",
        "webpage",
    ]
)

# Types other tools write that are not CSL types (Crossref, BibTeX-minded exporters).
TYPE_ALIASES: Mapping[str, str] = {
    "journal-article": "article-journal",
    "journal_article": "article-journal",
    "journalarticle": "article-journal",
    "proceedings-article": "paper-conference",
    "conference-paper": "paper-conference",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "book-chapter": "chapter",
    "incollection": "chapter",
    "inbook": "chapter",
    "posted-content": "article",
    "preprint": "article",
    "dissertation": "thesis",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "techreport": "report",
    "misc": "document",
    "online": "webpage",
}

# CSL text variables that an ``extra`` entry may also be written as, for other tools,
# when no Record field already writes them.
CSL_TEXT_VARIABLES: frozenset[str] = frozenset(
    [
        "annote",
        "archive_collection",
        "archive_location",
        "archive-place",
        "authority",
        "call-number",
        "chapter-number",
        "citation-label",
        "collection-number",
        "dimensions",
        "division",
        "event",
        "jurisdiction",
        "medium",
        "number-of-pages",
        "number-of-volumes",
        "original-publisher",
        "original-publisher-place",
        "original-title",
        "part",
        "part-title",
        "PMCID",
        "PMID",
        "references",
        "reviewed-genre",
        "reviewed-title",
        "scale",
        "section",
        "source",
        "status",
        "supplement",
        "title-short",
        "version",
        "volume-title",
        "volume-title-short",
        "shortTitle",
        "year-suffix",
    ]
)

# CSL date variables an ``extra`` entry (an ISO date) is also written as.
CSL_DATE_VARIABLES: frozenset[str] = frozenset(
    {"accessed", "available-date", "event-date", "original-date", "submitted"}
)

# Variables read into Record fields (directly or specially); everything else goes to extra.
_HANDLED = frozenset(
    {var for _, var in FIELD_TABLE}
    | {var for _, var in NAME_TABLE}
    | {"id", "citation-key", "type", "issued", "container-title-short", "journalAbbreviation"}
    | {"keyword", "custom"}
)

CUSTOM_KEY = "bibexport"
OTHERS_LITERALS = frozenset({"others", "et al.", "et al", "et. al."})
_KEY_LIKE = re.compile(r"^[\w:.+\-/]+$")
# Ids that name a database row, not a citation key: Zotero's ``14058436/FAEXZ5SY``,
# bare numbers, citation-js's ``temp_id_...``.
_DATABASE_ID = re.compile(r"^(?:\d+(?:/[A-Z0-9]{8})?|temp_id_.*)$")


def to_csl(record: Record) -> dict[str, Any]:
    """The CSL item for a record: CSL variables, plus ``custom.bibexport`` for the rest."""
    item: dict[str, Any] = {"id": record.key}
    if record.key:
        item["citation-key"] = record.key
    item["type"] = record.type if record.type in CSL_TYPES else "document"
    if record.title:
        item["title"] = record.title
    for field_name, variable in NAME_TABLE:
        names = getattr(record, field_name)
        objects = [name_to_csl(name) for name in names]
        if field_name == "authors" and record.others:
            objects.append({"literal": "others"})
        if objects:
            item[variable] = objects
    if record.issued:
        item["issued"] = date_to_csl(record.issued)
    for field_name, variable in FIELD_TABLE[1:]:
        value = getattr(record, field_name)
        if value:
            item[variable] = value
        if variable == "container-title" and record.venue and record.venue.short:
            item["container-title-short"] = record.venue.short
            if record.type == "article-journal":
                # The legacy variable Zotero exports and citeproc-js still reads.
                item["journalAbbreviation"] = record.venue.short
    if record.keywords:
        item["keyword"] = ", ".join(record.keywords)
    _put_extra(item, record.extra)
    item["custom"] = {CUSTOM_KEY: _custom(record)}
    return item


def _custom(record: Record) -> dict[str, Any]:
    """The record facts CSL has no variable for, in a fixed order (``custom.bibexport``)."""
    custom: dict[str, Any] = {}
    if record.venue is not None:
        custom["venue"] = {
            name: getattr(record.venue, name)
            for name in VENUE_CUSTOM_FIELDS
            if getattr(record.venue, name)
        }
    last = record.authors[-1] if record.authors else None
    looks_like_others = last is not None and _is_others_name(last)
    if record.others or looks_like_others:
        custom["others"] = record.others
    if record.authors_cut:
        custom["authors-cut"] = True
    if record.selected:
        custom["selected"] = True
    homonyms = {
        variable: [name.homonym for name in getattr(record, field_name)]
        for field_name, variable in NAME_TABLE
        if any(name.homonym for name in getattr(record, field_name))
    }
    if homonyms:
        custom["homonyms"] = homonyms
    if record.keywords and split_keywords(", ".join(record.keywords)) != record.keywords:
        custom["keywords"] = list(record.keywords)
    if record.type not in CSL_TYPES:
        custom["type"] = record.type
    if record.extra:
        custom["extra"] = [[key, value] for key, value in record.extra]
    return custom


def _put_extra(item: dict[str, Any], extra: Iterable[tuple[str, str]]) -> None:
    """Write ``extra`` entries that are CSL text or date variables as those, for other tools."""
    for key, value in extra:
        if key in item:
            continue
        if key in CSL_TEXT_VARIABLES:
            item[key] = value
        elif key in CSL_DATE_VARIABLES and (date := _date_from_text(value)):
            item[key] = date_to_csl(date)


def name_to_csl(name: Name) -> dict[str, str]:
    """A CSL name object (homonym numbers are not part of the name)."""
    return {key: getattr(name, attr) for attr, key in NAME_PARTS if getattr(name, attr)}


def date_to_csl(date: PartialDate) -> dict[str, Any]:
    """``{"date-parts": [[year, month, day]]}`` with as many parts as are known."""
    parts: list[int] = [date.year]
    if date.month:
        parts.append(date.month)
        if date.day:
            parts.append(date.day)
    return {"date-parts": [parts]}


def split_keywords(text: str) -> tuple[str, ...]:
    """CSL's ``keyword`` string split into keywords (commas or semicolons)."""
    if not text:
        return ()
    return tuple(part.strip() for part in re.split(r"[,;]", text) if part.strip())


def from_csl(item: Mapping[str, Any], source: SourceSpan | None = None) -> Record:
    """The record for a CSL item (ours read back exactly; other tools' read leniently)."""
    return read_item(item, source)[0]


def read_item(
    item: Mapping[str, Any], source: SourceSpan | None = None
) -> tuple[Record, list[Diagnostic]]:
    """Like ``from_csl``, also returning what was noticed (bad dates, unknown types)."""
    diagnostics: list[Diagnostic] = []
    custom_all = item.get("custom") if isinstance(item.get("custom"), dict) else {}
    ours = custom_all.get(CUSTOM_KEY)
    own = isinstance(ours, dict)
    custom: Mapping[str, Any] = ours if own else {}
    fields: dict[str, Any] = {"source": source}
    fields["type"] = _read_type(item, custom, source, diagnostics)
    fields["key"] = _read_key(item)
    for field_name, variable in FIELD_TABLE:
        fields[field_name] = _text(item.get(variable))
    if not own:
        fields["event_title"] = fields["event_title"] or _text(item.get("event"))
        fields["key"], fields["note"] = _key_from_note(fields["key"], fields["note"])
    homonyms = custom.get("homonyms") if isinstance(custom.get("homonyms"), dict) else {}
    marker = _flag(custom.get("others")) is True  # our own list ends with the "others" name
    for field_name, variable in NAME_TABLE:
        fields[field_name] = _read_names(
            item.get(variable), homonyms.get(variable), not own, marker and variable == "author"
        )
    fields["authors"], fields["others"] = _split_others(fields["authors"], custom)
    fields["issued"] = _read_issued(item.get("issued"), source, diagnostics)
    fields["venue"] = _read_venue(item, custom, own)
    fields["keywords"] = _read_keywords(item, custom)
    fields["authors_cut"] = _flag(custom.get("authors-cut")) is True
    fields["selected"] = _flag(custom.get("selected")) is True
    fields["extra"] = _read_extra(item, custom, own, custom_all)
    return Record(**fields), diagnostics


# Zotero keeps a Better BibTeX citation key in its Extra field, which its CSL-JSON
# export writes as ``note``: "Citation Key: buchanan2021deep".
_NOTE_KEY = re.compile(r"^\s*(?:Citation Key|citation-key)\s*:\s*(\S+)\s*$", re.I | re.M)


def _key_from_note(key: str, note: str) -> tuple[str, str]:
    """The key from a ``Citation Key:`` line of the note (when there is no key), and the note."""
    match = _NOTE_KEY.search(note)
    if not match:
        return key, note
    rest = (note[: match.start()] + note[match.end() :]).strip("\n")
    return key or match.group(1), rest


def _flag(value: Any) -> bool | None:
    """A custom flag as JSON (``true``) or as YAML read as text (``"true"``) holds it."""
    if value is True or value == "true":
        return True
    if value is False or value == "false":
        return False
    return None


def _read_type(
    item: Mapping[str, Any],
    custom: Mapping[str, Any],
    source: SourceSpan | None,
    diagnostics: list[Diagnostic],
) -> str:
    if isinstance(custom.get("type"), str):
        return custom["type"]
    raw = _text(item.get("type"))
    if raw in CSL_TYPES:
        return raw
    alias = TYPE_ALIASES.get(raw.lower().replace(" ", "-"))
    if alias:
        return alias
    what = f"unknown CSL type {raw!r}" if raw else "no type"
    diagnostics.append(warning("csl-type", f"{what}; read as 'document'", source))
    return "document"


def _read_key(item: Mapping[str, Any]) -> str:
    """``citation-key`` when present, else ``id`` when it looks like a key (not a Zotero URI)."""
    key = _text(item.get("citation-key")) or _text(item.get("citationKey"))
    if key:
        return key
    ident = _text(item.get("id"))
    if "://" in ident or _DATABASE_ID.match(ident) or not _KEY_LIKE.match(ident):
        return ""
    return ident


def _text(value: Any) -> str:
    """A CSL value as text: strings as they are, numbers without a fraction as integers."""
    if type(value) is str:
        return value
    if value is None or isinstance(value, (dict, list)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_names(value: Any, homonyms: Any, parse: bool, marker: bool = False) -> tuple[Name, ...]:
    """Name objects (or plain strings) as Names; particles parsed out of foreign ``family``."""
    if isinstance(value, (str, dict)):
        value = [value]
    if not isinstance(value, list):
        return ()
    numbers = homonyms if isinstance(homonyms, list) else []
    if len(numbers) != len(value) - marker:
        numbers = []  # the names were edited since: the numbers no longer line up
    names = []
    for index, obj in enumerate(value):
        name = _read_name(obj, parse)
        if index < len(numbers) and isinstance(numbers[index], str) and numbers[index]:
            name = replace(name, homonym=numbers[index])
        names.append(name)
    return tuple(names)


def _read_name(obj: Any, parse: bool) -> Name:
    if isinstance(obj, str):
        return Name(literal=obj)
    if not isinstance(obj, dict):
        return Name(literal=_text(obj))
    parts = {attr: _text(obj.get(key)) for attr, key in NAME_PARTS}
    if not parse:
        return Name(**parts)
    dropping = _text(obj.get("dropping-particle"))
    particle = " ".join(p for p in (dropping, parts["particle"]) if p)
    family = parts["family"]
    if not particle and family and obj.get("parse-names") not in (False, "false", 0):
        particle, family = split_particle(family)
    parts.update(particle=particle, family=family)
    return Name(**parts)


def split_particle(family: str) -> tuple[str, str]:
    """``van der Maaten`` -> (``van der``, ``Maaten``): leading lowercase words are the particle."""
    words = family.split(" ")
    count = 0
    while count < len(words) - 1 and words[count][:1].islower():
        count += 1
    return " ".join(words[:count]), " ".join(words[count:])


def _is_others_name(name: Name) -> bool:
    """A name that stands for "and others" (pandoc's literal, or a family-only hack)."""
    text = name.literal or (name.family if not (name.given or name.particle or name.suffix) else "")
    return text.strip().lower() in OTHERS_LITERALS


def _split_others(
    authors: tuple[Name, ...], custom: Mapping[str, Any]
) -> tuple[tuple[Name, ...], bool]:
    """Remove a final "others" name; the flag comes from custom when present."""
    marked = _flag(custom.get("others"))
    if marked is False:
        return authors, False
    if authors and _is_others_name(authors[-1]):
        return authors[:-1], True
    return authors, marked is True


_DATE_TEXT = re.compile(r"^\s*(-?\d{1,4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?")


def _read_issued(
    value: Any, source: SourceSpan | None, diagnostics: list[Diagnostic]
) -> PartialDate | None:
    """``issued`` in any of the forms tools write; a warning when it cannot be read."""
    if value is None or value == "" or value == {}:
        return None
    date = parse_csl_date(value)
    if date is None:
        shown = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
        diagnostics.append(warning("csl-date", f"cannot read the date {shown}; left out", source))
    return date


def parse_csl_date(value: Any) -> PartialDate | None:
    """A CSL date (date-parts, raw, literal, EDTF string, old ``year``/``month`` forms) or None."""
    if isinstance(value, list):  # pandoc-citeproc's old YAML form: [{year: 2019}]
        value = value[0] if value else None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _make_date([value])
    if isinstance(value, str):
        return _date_from_text(value)
    if not isinstance(value, dict):
        return None
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        return _make_date(parts[0])
    if "year" in value:
        return _make_date([value.get("year"), value.get("month"), value.get("day")])
    for key in ("raw", "literal"):
        if isinstance(value.get(key), str):
            date = _date_from_text(value[key])
            if date:
                return date
    return None


def _date_from_text(text: str) -> PartialDate | None:
    """A date from ISO-like text (``2024-05-17``, ``2024/5``) or prose (``November 2008``)."""
    match = _DATE_TEXT.match(text)
    if match:
        return _make_date([match.group(1), match.group(2), match.group(3)])
    found = re.search(r"\b(1[0-9]{3}|20[0-9]{2})\b", text)
    if not found:
        return None
    month = next(
        (number for number, name in enumerate(_MONTHS, 1) if re.search(rf"\b{name}", text, re.I)),
        None,
    )
    return PartialDate(int(found.group(1)), month)


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _make_date(parts: Sequence[Any]) -> PartialDate | None:
    """A PartialDate from up to three parts (numbers or numeric strings); None when no year."""
    numbers: list[int] = []
    for part in list(parts)[:3]:
        text = _text(part).strip()
        if not re.fullmatch(r"-?\d{1,6}", text):
            break
        numbers.append(int(text))
    if not numbers or numbers[0] == 0:
        return None
    year = numbers[0]
    month = numbers[1] if len(numbers) > 1 and 1 <= numbers[1] <= 12 else None
    day = numbers[2] if month and len(numbers) > 2 and 1 <= numbers[2] <= 31 else None
    return PartialDate(year, month, day)


def _read_venue(item: Mapping[str, Any], custom: Mapping[str, Any], own: bool) -> Venue | None:
    """Ours: from custom.bibexport.venue. Others': the container title as found, its short form."""
    short = _text(item.get("container-title-short")) or _text(item.get("journalAbbreviation"))
    if own:
        stored = custom.get("venue")
        if not isinstance(stored, dict) and not short:
            return None
        stored = stored if isinstance(stored, dict) else {}
        known = {name: _text(stored.get(name)) for name in VENUE_CUSTOM_FIELDS}
        return Venue(short=short, **known)
    raw = _text(item.get("container-title")) or _text(item.get("event-title"))
    if not raw and not short:
        return None
    return Venue(raw=raw, short=short)


def _read_keywords(item: Mapping[str, Any], custom: Mapping[str, Any]) -> tuple[str, ...]:
    stored = custom.get("keywords")
    if isinstance(stored, list):
        return tuple(_text(k) for k in stored)
    value = item.get("keyword")
    if isinstance(value, list):
        return tuple(_text(k).strip() for k in value if _text(k).strip())
    return split_keywords(_text(value))


def _read_extra(
    item: Mapping[str, Any], custom: Mapping[str, Any], own: bool, custom_all: Mapping[str, Any]
) -> tuple[tuple[str, str], ...]:
    """Ours: custom.bibexport.extra. Others': every variable with no Record field, as text."""
    if own:
        stored = custom.get("extra")
        if not isinstance(stored, list):
            return ()
        return tuple(
            (_text(pair[0]), _text(pair[1]))
            for pair in stored
            if isinstance(pair, list) and len(pair) == 2
        )
    extra: list[tuple[str, str]] = []
    for key, value in item.items():
        if key in _HANDLED or value in (None, "", [], {}):
            continue
        extra.append((key, _value_text(value)))
    for key, value in custom_all.items():
        extra.append((f"custom.{key}", _value_text(value)))
    # A database id (a Zotero URI) is not kept: it means nothing outside that database.
    return tuple(extra)


def _value_text(value: Any) -> str:
    """Any CSL value as one line of text: names joined by ``; ``, dates in ISO form."""
    if isinstance(value, list) and all(isinstance(v, dict) for v in value):
        return "; ".join(_read_name(v, parse=True).display() for v in value)
    if isinstance(value, dict) and ("date-parts" in value or "raw" in value):
        date = parse_csl_date(value)
        if date:
            return date.iso()
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return _text(value)
