"""The venue registry: load and merge YAML, match raw venue text, give per-year facts.

``data/venues.yaml`` (and a user's own files, in the same schema) map each venue
to its canonical name, short name, kind, aliases and the rules for the facts that
depend on the year (edition, volume, container title, series, publisher).

Matching normalizes the text (case, accents, punctuation, "Proceedings of the",
ordinals, years, volume numbers) and looks the result up in a dictionary: first
the whole text, then the text without parentheses, then each comma- or
colon-separated part, then runs of words inside the text. Results are cached by
the raw string, so a bibliography of 100,000 entries costs one lookup per entry.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from bibexport.errors import Diagnostic, InputError, info, warning
from bibexport.model import VENUE_KINDS, PartialDate, Record, SourceSpan, Venue

BUILTIN_NAME = "bibexport/data/venues.yaml"

# ----------------------------------------------------------------- normalization

_STOPWORDS = frozenset(
    ("proceedings", "proc", "of", "the", "in", "on", "and", "for", "at", "a", "an", "to",
     "ieee", "cvf", "acm", "annual", "vol", "volume", "pp")
)  # fmt: skip
_SYNONYMS = {
    "conf": "conference",
    "int": "international",
    "intl": "international",
    "adv": "advances",
}
# Words that may trail a venue name in pasted text without changing the venue
# ("ICLR 2024 poster", "NeurIPS Conference", "TMLR Journal", "arXiv preprint").
_TRAILING_NOISE = frozenset(
    ("conference", "poster", "posters", "oral", "orals", "spotlight", "spotlights", "main",
     "track", "paper", "papers", "accepted", "notable", "top", "highlight", "highlights",
     "award", "best", "outstanding", "long", "short", "full", "demo", "demonstration",
     "submission", "camera", "ready", "virtual", "online", "journal", "preprint",
     "contribution", "contributed", "talk")
)  # fmt: skip
_LEADING_NOISE = frozenset(
    ("accepted", "published", "presented", "appeared", "appear", "to", "by", "forthcoming")
)

_UNIT_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
    "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
    "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_TENS_ORDINALS = {
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
}  # fmt: skip
_ROMAN = re.compile(r"^(?=[ivxlc])c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_YEAR = re.compile(r"^(19[5-9]\d|20[0-4]\d)$")
_ORDINAL = re.compile(r"^(\d+)(st|nd|rd|th)$")
_NUMBER = re.compile(r"^\d+$")
# "ICML'19", "NeurIPS ’23": a two-digit year after a name.
_SHORT_YEAR = re.compile(r"(?<=[A-Za-z])\s?['’‘`](\d{2})(?![\d])")
# "AAAI-19", "IJCAI-20": the same with a hyphen, only after an all-capital acronym.
_HYPHEN_YEAR = re.compile(r"\b([A-Z]{3,7})-(\d{2})\b(?!-)")
_GLUED_YEAR = re.compile(r"(?<=[A-Za-z])((?:19|20)\d{2})(?!\d)")
_SPLIT = re.compile(r"[,;:()\[\]{}]|\s[-–—]\s|\s[-–—]$|^[-–—]\s")
_PARENS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
# The part of a proceedings a paper is in, kept after the canonical title: ACL's
# "(Volume 1: Long Papers)", EMNLP's ": Industry Track".
_VOLUME_PART = re.compile(
    r"\s*\(Volume \d+: [^()]+\)|:\s*(Industry Track|System Demonstrations|Tutorial Abstracts)\s*$",
    re.IGNORECASE,
)
_WORKSHOP = re.compile(r"\bworkshops?\b", re.IGNORECASE)
_SUBMITTED = re.compile(r"^\s*(submitted|under review|in submission|under submission)\b", re.I)
# Series, not venues: a booktitle that is only one of these names no venue.
_SERIES_KEYS = frozenset(
    {
        "pmlr",
        "machine learning research",
        "jmlr workshop conference",
        "jmlr w cp",
        "jmlr wcp",
        "lecture notes computer science",
        "lncs",
        "ceur workshop",
    }
)
_PLACEHOLDERS = frozenset({"year", "edition", "edition_words", "volume"})


def _expand_years(text: str) -> str:
    """Write two-digit and glued years out in full so that the tokenizer sees them."""

    def century(two: str) -> str:
        """A two-digit year written out: 19 -> 2019, 98 -> 1998."""
        value = int(two)
        return f" {2000 + value if value < 50 else 1900 + value}"

    text = _SHORT_YEAR.sub(lambda m: century(m.group(1)), text)
    text = _HYPHEN_YEAR.sub(
        lambda m: m.group(1) + (century(m.group(2)) if m.group(1) != "COVID" else "-" + m.group(2)),
        text,
    )
    return _GLUED_YEAR.sub(r" \1", text)


def fold(text: str) -> str:
    """Lowercase ASCII of ``text``: accents dropped, ``&`` spelled ``and``, years expanded."""
    text = _expand_years(text)
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.lower().replace("&", " and ")


@dataclass(frozen=True)
class Analysis:
    """A text reduced to the words that name a venue, and the numbers found beside them."""

    tokens: tuple[str, ...]
    year: int | None = None
    edition: int | None = None
    numbers: tuple[int, ...] = ()

    @property
    def key(self) -> str:
        """The lookup key: the tokens joined by spaces."""
        return " ".join(self.tokens)


# An arXiv identifier (2008.11245, 2306.01129v2) inside a venue string ("arXiv
# preprint arXiv:2008.11245"): its first four digits are not a year.
_ARXIV_NUMBER = re.compile(r"(?<![\d.])\d{4}\.\d{4,5}(?:v\d+)?(?![\d.])")


def analyze(text: str) -> Analysis:
    """Normalize venue text: keep the naming words, take out years, ordinals and numbers."""
    words = re.findall(r"[a-z0-9]+", fold(_ARXIV_NUMBER.sub(" ", text)))
    tokens: list[str] = []
    year: int | None = None
    edition: int | None = None
    numbers: list[int] = []
    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        if _YEAR.match(word):
            year = year or int(word)
        elif match := _ORDINAL.match(word):
            edition = edition or int(match.group(1))
        elif _NUMBER.match(word):
            if int(word) < 1000:
                numbers.append(int(word))
        elif word in _TENS:
            value = _TENS[word]
            if i < len(words) and words[i] in _UNIT_ORDINALS and _UNIT_ORDINALS[words[i]] < 10:
                value += _UNIT_ORDINALS[words[i]]
                i += 1
                edition = edition or value
        elif word in _UNIT_ORDINALS or word in _TENS_ORDINALS:
            edition = edition or _UNIT_ORDINALS.get(word) or _TENS_ORDINALS[word]
        elif word in _STOPWORDS or _ROMAN.match(word):
            continue
        else:
            tokens.append(_SYNONYMS.get(word, word))
    return Analysis(tuple(tokens), year, edition, tuple(numbers))


def normalize(text: str) -> str:
    """The lookup key of a venue text (``"Proceedings of the 36th ICML"`` -> ``"icml"``)."""
    return analyze(text).key


def ordinal(number: int) -> str:
    """An ordinal in figures: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 101st, 111th."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def ordinal_words(number: int) -> str:
    """An ordinal in capitalized words, as IJCAI prints it: Twenty-Eighth (1 to 99)."""
    by_value = {v: k for k, v in _UNIT_ORDINALS.items()} | {v: k for k, v in _TENS_ORDINALS.items()}
    if number in by_value:
        return by_value[number].capitalize()
    tens = {v: k for k, v in _TENS.items()}
    if 20 < number < 100:
        return f"{tens[number - number % 10].capitalize()}-{by_value[number % 10].capitalize()}"
    return ordinal(number)


# ----------------------------------------------------------------- registry data


@dataclass(frozen=True)
class YearRule:
    """A fact that is a number depending on the year: a table and/or ``year - minus``."""

    by_year: tuple[tuple[int, int], ...] = ()
    minus: int | None = None
    start: int | None = None
    end: int | None = None

    def value(self, year: int | None) -> tuple[int, str] | None:
        """The value for ``year`` and how it was found, or None where the rule gives none."""
        if year is None:
            return None
        for known, value in self.by_year:
            if known == year:
                return value, f"table: {year} -> {value}"
        if self.minus is not None and _within(year, self.start, self.end):
            return year - self.minus, f"{year} - {self.minus}"
        return None

    def year_of(self, value: int) -> int | None:
        """The year for which this rule gives ``value`` (its inverse), or None."""
        for year, known in self.by_year:
            if known == value:
                return year
        if self.minus is not None and _within(value + self.minus, self.start, self.end):
            return value + self.minus
        return None


def _within(year: int, start: int | None, end: int | None) -> bool:
    return (start is None or year >= start) and (end is None or year <= end)


_TEXT_FACTS = ("name", "short", "container", "collection", "publisher", "issn", "archive")
_RULE_FACTS = ("edition", "volume")


@dataclass(frozen=True)
class Era:
    """Facts that hold for a span of years (``start``/``end`` inclusive, None = open)."""

    start: int | None
    end: int | None
    values: tuple[tuple[str, Any], ...]

    def covers(self, year: int | None) -> bool:
        """True when this era's facts apply to ``year`` (an open-ended era needs a year too)."""
        if year is None:
            return False
        return _within(year, self.start, self.end)

    def label(self) -> str:
        """How explain names this era: ``from 2017``, ``until 2017``, ``2013-2016``, ``2019``."""
        if self.start is not None and self.start == self.end:
            return str(self.start)
        if self.end is None:
            return f"from {self.start}"
        if self.start is None:
            return f"until {self.end}"
        return f"{self.start}-{self.end}"


@dataclass(frozen=True)
class VenueEntry:
    """One venue of the registry, as merged from the built-in and the user's files."""

    id: str
    name: str
    short: str
    kind: str
    aliases: tuple[tuple[str, SourceSpan], ...] = ()
    scan: bool = True
    variant_of: str = ""
    marker: str = ""
    track: str = ""
    dblp: str = ""
    base: tuple[tuple[str, Any], ...] = ()
    eras: tuple[Era, ...] = ()
    spans: tuple[tuple[str, SourceSpan], ...] = ()

    def span(self, name: str = "id") -> SourceSpan | None:
        """Where a field (or the entry itself, ``id``) was written."""
        return dict(self.spans).get(name) or dict(self.spans).get("id")

    def rules(self, fact: str) -> list[tuple[YearRule, Era | None]]:
        """Every rule for ``edition`` or ``volume``, with the era that carries it."""
        found: list[tuple[YearRule, Era | None]] = []
        base = dict(self.base).get(fact)
        if isinstance(base, YearRule):
            found.append((base, None))
        for era in self.eras:
            rule = dict(era.values).get(fact)
            if isinstance(rule, YearRule):
                found.append((rule, era))
        return found

    def year_for(self, fact: str, value: int) -> int | None:
        """The year whose ``fact`` (edition or volume) is ``value``, by inverting the rules."""
        for rule, era in self.rules(fact):
            year = rule.year_of(value)
            if year is not None and (era is None or era.covers(year)):
                return year
        return None


@dataclass(frozen=True)
class Facts:
    """What the registry says about a venue in a year; ``how`` explains each value."""

    name: str
    short: str
    container: str
    collection: str = ""
    publisher: str = ""
    issn: str = ""
    archive: str = ""
    volume: str = ""
    edition: int | None = None
    how: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Match:
    """How a raw venue text matched the registry."""

    entry: VenueEntry
    how: str
    alias: str
    part: str
    year: int | None = None
    edition: int | None = None
    volume: int | None = None
    workshop: bool = False
    workshop_title: str = ""
    volume_part: str = ""


# ----------------------------------------------------------------- YAML loading


def _line(node: Any) -> int:
    return node.start_mark.line + 1


class _Reader:
    """Turns one registry file's YAML nodes into entry field dicts, with lines for errors."""

    def __init__(self, name: str) -> None:
        self.name = name

    def error(self, message: str, node: Any) -> InputError:
        """An InputError pointing at ``node``'s line in this file."""
        return InputError(message, SourceSpan(self.name, _line(node) if node is not None else 1))

    def span(self, node: Any) -> SourceSpan:
        """Where ``node`` is in this file."""
        return SourceSpan(self.name, _line(node))

    def mapping(self, node: Any, what: str) -> list[tuple[Any, Any]]:
        """The key/value node pairs of a mapping, refusing duplicate keys."""
        import yaml

        if not isinstance(node, yaml.MappingNode):
            raise self.error(f"{what} must be a mapping", node)
        seen: dict[str, int] = {}
        for key, _ in node.value:
            text = self.text(key, "a key")
            if text in seen:
                raise self.error(
                    f"duplicate key {text!r} in {what} (first at line {seen[text]})", key
                )
            seen[text] = _line(key)
        return list(node.value)

    def text(self, node: Any, what: str) -> str:
        """A single scalar value as text."""
        import yaml

        if not isinstance(node, yaml.ScalarNode) or node.tag.endswith(":null"):
            raise self.error(f"{what} must be a single value", node)
        return str(node.value).strip()

    def integer(self, node: Any, what: str) -> int:
        """A whole number."""
        value = self.text(node, what)
        if not re.fullmatch(r"-?\d+", value):
            raise self.error(f"{what} must be a whole number (got {value!r})", node)
        return int(value)

    def boolean(self, node: Any, what: str) -> bool:
        """true/false (or yes/no)."""
        value = self.text(node, what).lower()
        if value not in ("true", "false", "yes", "no"):
            raise self.error(f"{what} must be true or false (got {value!r})", node)
        return value in ("true", "yes")

    def strings(self, node: Any, what: str) -> list[tuple[str, SourceSpan]]:
        """A list of texts, each with where it was written."""
        import yaml

        if not isinstance(node, yaml.SequenceNode):
            raise self.error(f"{what} must be a list", node)
        return [(self.text(item, f"each of {what}"), self.span(item)) for item in node.value]

    def rule(self, node: Any, what: str) -> YearRule:
        """A year rule: ``{year_minus, from, until}`` and/or ``{by_year: {...}}``."""
        values: dict[str, Any] = {}
        for key, value in self.mapping(node, what):
            name = self.text(key, "a key")
            if name == "by_year":
                table = [
                    (self.integer(k, "a year"), self.integer(v, f"the {what} of a year"))
                    for k, v in self.mapping(value, f"{what} by_year")
                ]
                values["by_year"] = tuple(sorted(table))
            elif name in ("year_minus", "from", "until"):
                values[{"year_minus": "minus", "from": "start", "until": "end"}[name]] = (
                    self.integer(value, f"{what} {name}")
                )
            else:
                raise self.error(
                    f"unknown key {name!r} in {what} (use year_minus, from, until, by_year)", key
                )
        if "by_year" not in values and "minus" not in values:
            raise self.error(f"{what} needs year_minus or by_year", node)
        return YearRule(**values)

    def fact(self, name: str, node: Any) -> Any:
        """The value of a fact field: a rule, a container template, or text."""
        if name in _RULE_FACTS:
            return self.rule(node, name)
        return self.container(node) if name == "container" else self.text(node, name)

    def container(self, node: Any) -> str:
        """A container template, checking its placeholders."""
        import yaml

        if isinstance(node, yaml.ScalarNode) and node.value == "":
            return ""
        template = self.text(node, "container")
        try:
            names = {f for _, f, _, _ in string.Formatter().parse(template) if f is not None}
        except ValueError as exc:
            raise self.error(f"container template {template!r} is malformed: {exc}", node) from None
        unknown = names - _PLACEHOLDERS
        if unknown:
            raise self.error(
                f"container template uses unknown placeholder {{{sorted(unknown)[0]}}} "
                f"(known: {', '.join('{' + p + '}' for p in sorted(_PLACEHOLDERS))})",
                node,
            )
        return template

    def eras(self, node: Any) -> tuple[Era, ...]:
        """The ``eras`` list."""
        import yaml

        if not isinstance(node, yaml.SequenceNode):
            raise self.error("eras must be a list", node)
        eras = []
        for item in node.value:
            start = end = None
            values: list[tuple[str, Any]] = []
            for key, value in self.mapping(item, "an era"):
                name = self.text(key, "a key")
                if name == "from":
                    start = self.integer(value, "from")
                elif name == "until":
                    end = self.integer(value, "until")
                elif name == "year":
                    start = end = self.integer(value, "year")
                elif name in _TEXT_FACTS or name in _RULE_FACTS:
                    values.append((name, self.fact(name, value)))
                else:
                    raise self.error(f"unknown key {name!r} in an era", key)
            if start is None and end is None:
                raise self.error("an era needs from, until or year", item)
            if start is not None and end is not None and start > end:
                raise self.error(f"an era cannot end ({end}) before it starts ({start})", item)
            eras.append(Era(start, end, tuple(values)))
        return tuple(eras)


_ENTRY_KEYS = frozenset(
    {"name", "short", "kind", "aliases", "scan", "variant_of", "marker", "track", "dblp", "eras"}
    | set(_TEXT_FACTS)
    | set(_RULE_FACTS)
)
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _parse_file(text: str, name: str) -> list[tuple[str, dict[str, Any], dict[str, SourceSpan]]]:
    """Parse one registry file into ``(id, fields, spans)`` triples; InputError at file:line."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise InputError(
            f"not valid YAML: {exc.problem or exc.context}", SourceSpan(name, line)
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML: {exc}", SourceSpan(name, 1)) from None
    reader = _Reader(name)
    if root is None:
        raise InputError(
            "the venue registry is empty (it needs a 'venues:' mapping)", SourceSpan(name, 1)
        )
    venues_node = None
    for key, value in reader.mapping(root, "the registry file"):
        top = reader.text(key, "a key")
        if top == "venues":
            venues_node = value
        elif top == "version":
            if reader.integer(value, "version") != 1:
                raise reader.error("only registry version 1 is known", value)
        else:
            raise reader.error(f"unknown top-level key {top!r} (expected 'venues')", key)
    if venues_node is None:
        raise reader.error("the registry file needs a 'venues:' mapping", root)
    entries = []
    for key, value in reader.mapping(venues_node, "venues"):
        venue_id = reader.text(key, "a venue id")
        if not _ID.match(venue_id):
            raise reader.error(
                f"venue id {venue_id!r} must be lowercase letters, digits and '-'", key
            )
        fields, spans = _parse_entry(reader, venue_id, value)
        spans["id"] = reader.span(key)
        entries.append((venue_id, fields, spans))
    return entries


def _parse_entry(
    reader: _Reader, venue_id: str, node: Any
) -> tuple[dict[str, Any], dict[str, SourceSpan]]:
    fields: dict[str, Any] = {}
    spans: dict[str, SourceSpan] = {}
    for key, value in reader.mapping(node, f"venue {venue_id!r}"):
        name = reader.text(key, "a key")
        spans[name] = reader.span(value)
        if name not in _ENTRY_KEYS:
            raise reader.error(f"unknown key {name!r} in venue {venue_id!r}", key)
        if name == "aliases":
            fields[name] = reader.strings(value, "aliases")
        elif name == "scan":
            fields[name] = reader.boolean(value, "scan")
        elif name == "eras":
            fields[name] = reader.eras(value)
        elif name == "kind":
            kind = reader.text(value, "kind")
            if kind not in VENUE_KINDS:
                raise reader.error(
                    f"kind must be one of {', '.join(VENUE_KINDS)} (got {kind!r})", value
                )
            fields[name] = kind
        elif name in ("variant_of", "marker", "track", "dblp"):
            fields[name] = reader.text(value, name)
        else:
            fields[name] = reader.fact(name, value)
    if ("variant_of" in fields) != ("marker" in fields):
        raise reader.error(f"venue {venue_id!r}: variant_of and marker go together", node)
    return fields, spans


def _build_entry(
    venue_id: str,
    fields: dict[str, Any],
    spans: dict[str, SourceSpan],
    previous: VenueEntry | None,
) -> VenueEntry:
    """A VenueEntry from parsed fields, merged over the entry of the same id, if any."""
    if previous is None:
        for required in ("name", "short", "kind"):
            if required not in fields:
                span = spans["id"]
                raise InputError(f"venue {venue_id!r} needs a {required!r}", span)
        base: dict[str, Any] = {}
        aliases: tuple[tuple[str, SourceSpan], ...] = ()
        entry = VenueEntry(
            id=venue_id, name=fields["name"], short=fields["short"], kind=fields["kind"]
        )
    else:
        entry = previous
        base = dict(previous.base)
        aliases = previous.aliases
    for name in (*_TEXT_FACTS, *_RULE_FACTS):
        if name in fields and name not in ("name", "short"):
            base[name] = fields[name]
    changes: dict[str, Any] = {
        key: fields[key]
        for key in (
            "name",
            "short",
            "kind",
            "scan",
            "variant_of",
            "marker",
            "track",
            "dblp",
            "eras",
        )
        if key in fields
    }
    if previous is not None and "eras" not in fields:
        # A fact the override gives for all years replaces the built-in's per-year values.
        given = {name for name in (*_TEXT_FACTS, *_RULE_FACTS) if name in fields}
        changes["eras"] = _without_facts(previous.eras, given)
    changes["aliases"] = aliases + tuple(fields.get("aliases", ()))
    changes["base"] = tuple(sorted(base.items()))
    changes["spans"] = tuple({**dict(entry.spans), **spans}.items())
    return replace(entry, **changes)


def _without_facts(eras: tuple[Era, ...], facts: set[str]) -> tuple[Era, ...]:
    """The eras with the given facts taken out (eras left with no fact are dropped)."""
    kept = []
    for era in eras:
        values = tuple((name, value) for name, value in era.values if name not in facts)
        if values:
            kept.append(Era(era.start, era.end, values))
    return tuple(kept)


# ----------------------------------------------------------------- the registry


@dataclass
class VenueRegistry:
    """All venues known for a run, with their lookup index and caches."""

    entries: dict[str, VenueEntry]
    index: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (id, alias)
    scan_index: dict[str, tuple[str, str]] = field(default_factory=dict)
    variants: dict[str, list[VenueEntry]] = field(default_factory=dict)
    _matches: dict[str, Match | None] = field(default_factory=dict, repr=False)
    _facts: dict[tuple[str, int | None], Facts] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._build_index()

    def _claim(
        self, key: str, entry: VenueEntry, alias: str, span: SourceSpan | None, strict: bool
    ) -> None:
        if not key:
            if strict:
                raise InputError(
                    f"alias {alias!r} of venue {entry.id!r} has no naming words left after "
                    "normalization",
                    span,
                )
            return
        claimed = self.index.get(key)
        if claimed is None:
            self.index[key] = (entry.id, alias)
        elif claimed[0] != entry.id and strict:
            other = self.entries[claimed[0]]
            where = other.span("id")
            raise InputError(
                f"alias {alias!r} of venue {entry.id!r} is already claimed by venue "
                f"{other.id!r} (as {claimed[1]!r}, {where})",
                span,
            )

    def _build_index(self) -> None:
        # Published container strings match back to their venue; where two venues print
        # the same one (a track in its conference's proceedings) the first keeps it.
        published: dict[str, tuple[VenueEntry, str]] = {}
        for entry in self.entries.values():
            for template in _containers(entry):
                text = string.Formatter().vformat(template, (), _Blank())
                published.setdefault(normalize(text), (entry, template))
        for entry in self.entries.values():
            if entry.variant_of and entry.variant_of not in self.entries:
                raise InputError(
                    f"venue {entry.id!r} is a variant of unknown venue {entry.variant_of!r}",
                    entry.span("variant_of"),
                )
            if entry.variant_of:
                self.variants.setdefault(entry.variant_of, []).append(entry)
            for alias, span in self.explicit_names(entry):
                key = normalize(alias)
                self._claim(key, entry, alias, span, strict=True)
                owner = published.get(key)
                if owner and not _related(owner[0], entry):
                    raise InputError(
                        f"alias {alias!r} of venue {entry.id!r} is already claimed by venue "
                        f"{owner[0].id!r} (as its published title {owner[1]!r})",
                        span,
                    )
        for key, (entry, template) in published.items():
            self._claim(key, entry, template, entry.span("container"), strict=False)
        for key, (venue_id, alias) in self.index.items():
            if self.entries[venue_id].scan and key not in _SERIES_KEYS:
                self.scan_index[key] = (venue_id, alias)
        self._longest = max((len(k.split()) for k in self.scan_index), default=1)

    @staticmethod
    def explicit_names(entry: VenueEntry) -> list[tuple[str, SourceSpan | None]]:
        """The names a venue answers to: short, name, era names, then its aliases."""
        names: list[tuple[str, SourceSpan | None]] = [
            (entry.short, entry.span("short")),
            (entry.name, entry.span("name")),
        ]
        for era in entry.eras:
            for fact, value in era.values:
                if fact in ("name", "short"):
                    names.append((value, entry.span("eras")))
        names.extend(entry.aliases)
        return names

    # -- matching

    def match(self, raw: str) -> Match | None:
        """The venue a raw text names, or None; cached by the text."""
        if raw in self._matches:
            return self._matches[raw]
        found = self._match(raw)
        self._matches[raw] = found
        return found

    def _lookup(self, analysis: Analysis) -> tuple[str, str] | None:
        tokens = list(analysis.tokens)
        if " ".join(tokens) in _SERIES_KEYS:
            return None
        if hit := self.index.get(" ".join(tokens)):
            return hit
        while len(tokens) > 1 and tokens[-1] in _TRAILING_NOISE:
            tokens.pop()
        while len(tokens) > 1 and tokens[0] in _LEADING_NOISE:
            tokens.pop(0)
        return self.index.get(" ".join(tokens))

    def _match(self, raw: str) -> Match | None:
        text = " ".join(raw.split())
        if not text or _SUBMITTED.match(text):
            return None
        whole = analyze(text)
        if whole.key in _SERIES_KEYS or analyze(_PARENS.sub(" ", text)).key in _SERIES_KEYS:
            return None
        found = self._find(text, whole)
        if found is None:
            return None
        venue_id, alias, how, part = found
        entry = self._refine(self.entries[venue_id], whole)
        workshop = (
            bool(_WORKSHOP.search(text))
            and not _WORKSHOP.search(alias)
            and (entry.kind == "conference")
        )
        partial = analyze(part)
        volume = partial.numbers[0] if partial.numbers and not workshop else None
        volume_part = _VOLUME_PART.search(text)
        return Match(
            entry=entry,
            how=how,
            alias=alias,
            part=part,
            year=whole.year,
            edition=None if workshop else (partial.edition or whole.edition),
            volume=volume,
            workshop=workshop,
            workshop_title=_workshop_title(text, entry) if workshop else "",
            volume_part=_part_suffix(volume_part.group(0)) if volume_part else "",
        )

    def _find(self, text: str, whole: Analysis) -> tuple[str, str, str, str] | None:
        """(id, alias, how, matched part) by whole text, parts, then words inside the text."""
        if hit := self._lookup(whole):
            return hit[0], hit[1], "the whole text", text
        bare = " ".join(_PARENS.sub(" ", text).split())
        if bare != text and (hit := self._lookup(analyze(bare))):
            return hit[0], hit[1], "the text without its parentheses", bare
        best: tuple[int, str, str, str] | None = None
        for part in _SPLIT.split(text):
            part = part.strip()
            if not part or part == text:
                continue
            analysis = analyze(part)
            hit = self._lookup(analysis)
            if hit and (best is None or len(analysis.tokens) > best[0]):
                best = (len(analysis.tokens), hit[0], hit[1], part)
        if best:
            return best[1], best[2], f"the part {best[3]!r}", best[3]
        return self._scan(whole, text)

    def _scan(self, whole: Analysis, text: str) -> tuple[str, str, str, str] | None:
        """Find a run of words naming a venue inside a longer text (acronyms first)."""
        tokens = whole.tokens
        acronym: tuple[int, str, str] | None = None
        longest: tuple[int, int, str, str] | None = None
        for size in range(min(self._longest, len(tokens)), 0, -1):
            for start in range(len(tokens) - size + 1):
                key = " ".join(tokens[start : start + size])
                hit = self.scan_index.get(key)
                if hit is None:
                    continue
                if size == 1 and acronym is None:
                    acronym = (start, hit[0], hit[1])
                elif size > 1 and (longest is None or size > longest[0]):
                    longest = (size, start, hit[0], hit[1])
        if acronym:
            return acronym[1], acronym[2], "a name inside the text", text
        if longest:
            return longest[2], longest[3], "words inside the text", text
        return None

    def _refine(self, entry: VenueEntry, whole: Analysis) -> VenueEntry:
        """Choose a variant (a track, Findings) of ``entry`` when the text names its marker."""
        if entry.variant_of:
            return entry
        for variant in self.variants.get(entry.id, ()):
            marker = normalize(variant.marker).split()
            size = len(marker)
            if any(
                list(whole.tokens[i : i + size]) == marker
                for i in range(len(whole.tokens) - size + 1)
            ):
                return variant
        return entry

    def host(self, entry: VenueEntry) -> VenueEntry:
        """The venue a variant belongs to (the entry itself when it is no variant)."""
        return self.entries.get(entry.variant_of, entry) if entry.variant_of else entry

    # -- facts

    def facts(self, venue_id: str, year: int | None) -> Facts:
        """The facts the registry gives for a venue in a year (cached)."""
        cache_key = (venue_id, year)
        if cache_key not in self._facts:
            self._facts[cache_key] = _resolve(self.entries[venue_id], year)
        return self._facts[cache_key]

    def _year_for(self, entry: VenueEntry, fact: str, value: int) -> int | None:
        """Invert a venue's edition or volume rule; a variant falls back on its host's."""
        year = entry.year_for(fact, value)
        if year is None and entry.variant_of:
            year = self.host(entry).year_for(fact, value)
        return year

    def infer_year(self, match: Match) -> tuple[int | None, str]:
        """A year the text itself gives: written out, or from an edition or volume number."""
        if match.year:
            return match.year, f"the year {match.year} in the text"
        if match.edition and (year := self._year_for(match.entry, "edition", match.edition)):
            return year, f"the edition {ordinal(match.edition)} in the text"
        if match.volume and (year := self._year_for(match.entry, "volume", match.volume)):
            return year, f"the volume {match.volume} in the text"
        return None, ""

    def year_conflicts(self, match: Match, year: int) -> list[str]:
        """What in the text disagrees with ``year``: its own year, edition or volume."""
        problems = []
        if match.year and match.year != year:
            problems.append(f"the text says {match.year}")
        if match.edition:
            other = self._year_for(match.entry, "edition", match.edition)
            if other and other != year:
                problems.append(f"the {ordinal(match.edition)} edition is {other}")
        if match.volume:
            other = self._year_for(match.entry, "volume", match.volume)
            if other and other != year:
                problems.append(f"volume {match.volume} is {other}")
        return problems

    def search(self, query: str | None) -> list[VenueEntry]:
        """Venues whose id, names or aliases contain ``query``, or which it matches; all if None."""
        entries = sorted(self.entries.values(), key=lambda e: e.id)
        if not query:
            return entries
        needle = fold(query).strip()
        matched = self.match(query)
        found = [
            e
            for e in entries
            if needle in e.id
            or any(needle in fold(name) for name, _ in self.explicit_names(e))
            or (matched is not None and e.id in (matched.entry.id, matched.entry.variant_of))
        ]
        return found


def _related(a: VenueEntry, b: VenueEntry) -> bool:
    """True for the same venue, or a venue and one of its variants."""
    return a.id == b.id or a.variant_of == b.id or b.variant_of == a.id


class _Blank(dict):
    """Format mapping that renders every placeholder as nothing (for container aliases)."""

    def __missing__(self, key: str) -> str:
        return ""


def _part_suffix(found: str) -> str:
    """`` (Volume 1: Long Papers)`` or ``: Industry Track``, as appended to a container."""
    found = found.strip()
    return f" {found}" if found.startswith("(") else f": {found.lstrip(':').strip()}"


def _containers(entry: VenueEntry) -> list[str]:
    found = [v for k, v in entry.base if k == "container" and v]
    for era in entry.eras:
        found.extend(v for k, v in era.values if k == "container" and v)
    return found


def _resolve(entry: VenueEntry, year: int | None) -> Facts:
    """Apply the entry's base facts and every era covering ``year``; render the container."""
    values: dict[str, Any] = {"name": entry.name, "short": entry.short}
    how: dict[str, str] = {}
    for name, value in entry.base:
        values[name] = value
        how[name] = "all years"
    for era in entry.eras:
        if era.covers(year):
            for name, value in era.values:
                values[name] = value
                how[name] = f"years {era.label()}"
                if isinstance(value, YearRule):
                    how[name] = f"rule of years {era.label()}"
    numbers: dict[str, int] = {}
    for fact in _RULE_FACTS:
        rule = values.get(fact)
        result = rule.value(year) if isinstance(rule, YearRule) else None
        if result:
            numbers[fact] = result[0]
            scope = "" if how[fact] == "all years" else f", {how[fact]}"
            how[fact] = f"{result[1]}{scope}"
    container, how["container"] = _render(values, numbers, year, how)
    return Facts(
        name=values["name"],
        short=values["short"],
        container=container,
        collection=values.get("collection", ""),
        publisher=values.get("publisher", ""),
        issn=values.get("issn", ""),
        archive=values.get("archive", ""),
        volume=str(numbers["volume"]) if "volume" in numbers else "",
        edition=numbers.get("edition"),
        how=tuple(sorted(how.items())),
    )


def _render(
    values: dict[str, Any], numbers: dict[str, int], year: int | None, how: dict[str, str]
) -> tuple[str, str]:
    template = values.get("container")
    if template is None:
        return values["name"], "the venue's name"
    if template == "":
        return "", "none: this venue prints no container"
    slots: dict[str, str] = {}
    if year is not None:
        slots["year"] = str(year)
    if "edition" in numbers:
        slots["edition"] = ordinal(numbers["edition"])
        slots["edition_words"] = ordinal_words(numbers["edition"])
    if "volume" in numbers:
        slots["volume"] = str(numbers["volume"])
    needed = {f for _, f, _, _ in string.Formatter().parse(template) if f}
    if needed - slots.keys():
        missing = ", ".join(sorted(needed - slots.keys()))
        return values["name"], f"the venue's name (no {missing} for this year)"
    scope = how.get("container", "all years")
    if not needed:
        return template, f"as published ({scope})"
    return template.format(**slots), f"template {template!r} ({scope})"


def _workshop_title(text: str, entry: VenueEntry) -> str:
    """The workshop's own title in a text such as ``NeurIPS 2023 Workshop on X``."""
    names = sorted(
        {entry.short, *(a for a, _ in entry.aliases if len(a) <= 12)}, key=len, reverse=True
    )
    parts = [p.strip() for p in _SPLIT.split(text) if p and p.strip()]
    part = next((p for p in parts if _WORKSHOP.search(p)), text) if len(parts) > 1 else text
    title = text if _WORKSHOP.fullmatch(part) else part
    for name in names:
        title = re.sub(
            rf"\b{re.escape(name)}\b\s*(['’]?\d{{2,4}})?", " ", title, flags=re.IGNORECASE
        )
    title = re.sub(r"^\s*(in\s+)?(proceedings\s+of\s+)?(the\s+)?", "", title, flags=re.I)
    title = re.sub(r"\b(19|20)\d{2}\b", " ", title)
    title = re.sub(r"\(\s*\)|\[\s*\]", " ", title)
    title = " ".join(title.split())
    title = re.sub(r"(\s+(at|@|in)|[\s,;:.\-–—]+)$", "", title, flags=re.I)
    title = re.sub(r"\s+proceedings$", "", title, flags=re.I)
    title = title.strip(" ,;:-–—")
    if not title or _WORKSHOP.fullmatch(title):
        return ""
    return title


# ----------------------------------------------------------------- loading


@lru_cache(maxsize=1)
def _builtin_text() -> str:
    from importlib.resources import files

    return (files("bibexport") / "data" / "venues.yaml").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _builtin_entries() -> tuple[tuple[str, VenueEntry], ...]:
    entries: dict[str, VenueEntry] = {}
    for venue_id, fields, spans in _parse_file(_builtin_text(), BUILTIN_NAME):
        if venue_id in entries:
            raise InputError(f"venue {venue_id!r} is defined twice", spans["id"])
        entries[venue_id] = _build_entry(venue_id, fields, spans, None)
    return tuple(entries.items())


@lru_cache(maxsize=16)
def load_registry(user_files: tuple[tuple[str, str], ...] = ()) -> VenueRegistry:
    """The built-in registry merged with the user's files, given as ``(yaml text, name)`` pairs.

    A user entry with a new id adds a venue; one with a built-in (or earlier) id
    overrides the fields it gives and adds its aliases. A malformed file, a
    duplicate key within a file, or an alias claimed by two venues raises
    InputError naming the file and line.
    """
    entries = dict(_builtin_entries())
    for text, name in user_files:
        for venue_id, fields, spans in _parse_file(text, name):
            entries[venue_id] = _build_entry(venue_id, fields, spans, entries.get(venue_id))
    return VenueRegistry(entries)


def dblp_stream(venue_id: str, registry: VenueRegistry | None = None) -> str | None:
    """The dblp stream of a venue (``conf/icml``, ``journals/jmlr``), or None when unknown."""
    entry = (registry or load_registry(())).entries.get(venue_id)
    return (entry.dblp or None) if entry else None


# ----------------------------------------------------------------- pipeline steps

# Record types a venue kind agrees with; only these generic types are checked.
_CHECKED_TYPES = frozenset({"paper-conference", "article-journal", "article"})
_TYPES_FOR_KIND = {
    "conference": frozenset({"paper-conference"}),
    "workshop": frozenset({"paper-conference"}),
    "journal": frozenset({"article-journal"}),
    "preprint": frozenset({"article"}),
}


def apply_venues(
    records: Sequence[Record], registry: VenueRegistry
) -> tuple[list[Record], list[Diagnostic]]:
    """Match each record's raw venue and fill the facts the registry gives for its year.

    Only empty fields are filled (a container title that is just the raw venue
    text is replaced by the canonical one); an explicit volume that disagrees
    with the registry is kept and reported. An unknown venue is kept as written
    and reported with ``venue-unknown``.
    """
    out: list[Record] = []
    diagnostics: list[Diagnostic] = []
    for record in records:
        updated, found = _apply_one(record, registry)
        out.append(updated)
        diagnostics.extend(found)
    return out, diagnostics


def _apply_one(record: Record, registry: VenueRegistry) -> tuple[Record, list[Diagnostic]]:
    venue = record.venue
    raw = " ".join(venue.raw.split()) if venue and venue.raw else ""
    if not raw:
        # No venue text: fall back on the container title, then on the input's short name.
        raw = " ".join((record.container_title or (venue.short if venue else "")).split())
        if not raw:
            return record, []
        venue = replace(venue, raw=raw) if venue else Venue(raw=raw)
    assert venue is not None
    match = registry.match(raw)
    if match is None:
        return _unknown(record, venue, raw)
    year, changes, diagnostics = _settle_year(record, match, registry, raw)
    host = registry.host(match.entry)
    wanted = venue.kind
    if match.workshop or (wanted == "workshop" and host.kind == "conference"):
        return _workshop(
            record, venue, raw, match, registry.facts(host.id, year), year, changes, diagnostics
        )
    facts = registry.facts(match.entry.id, year)
    kind_problem = _kind_problem(record, wanted, match.entry, raw)
    if kind_problem:
        diagnostics.append(warning("venue-kind-mismatch", kind_problem, record.source))
    changes["venue"] = _matched_venue(
        match.entry.id, facts.name, facts.short, match.entry.kind, raw, match.entry.track
    )
    if wanted == "preprint" and match.entry.kind != "preprint":
        # A preprint of a paper names its later venue; that venue's volume is not its own.
        return _evolve(record, changes), diagnostics
    _fill(record, raw, facts, match, changes, diagnostics)
    return _evolve(record, changes), diagnostics


@lru_cache(maxsize=4096)  # one object per venue and year, shared by its many records
def _matched_venue(venue_id: str, name: str, short: str, kind: str, raw: str, track: str) -> Venue:
    return Venue(id=venue_id, name=name, short=short, kind=kind, raw=raw, track=track)


def _settle_year(
    record: Record, match: Match, registry: VenueRegistry, raw: str
) -> tuple[int | None, dict[str, Any], list[Diagnostic]]:
    """The year the facts are for: the record's, else the one the venue text gives.

    Returns the year, the record changes (an ``issued`` read from the text) and the
    diagnostics (where the year came from, or what in the text disagrees with it).
    """
    year = record.year
    if year is not None:
        problems = registry.year_conflicts(match, year)
        if not problems:
            return year, {}, []
        message = f"the record's year is {year} but in the venue {raw!r} {'; '.join(problems)}"
        return year, {}, [warning("venue-year-mismatch", message, record.source)]
    year, how = registry.infer_year(match)
    if year is None:
        return None, {}, []
    message = f"year {year} taken from the venue {raw!r} ({how})"
    return year, {"issued": PartialDate(year)}, [info("venue-year", message, record.source)]


# Types whose "venue" is the institution that issued them (a university, a lab):
# CSL's publisher, BibTeX's institution/school, never a container.
_ISSUED_BY_INSTITUTION = frozenset({"report", "thesis"})


def _unknown(record: Record, venue: Venue, raw: str) -> tuple[Record, list[Diagnostic]]:
    if record.type in _ISSUED_BY_INSTITUTION and not record.container_title:
        updated = _evolve(
            record,
            {
                "venue": replace(venue, id="", name="", raw=raw),
                "publisher": record.publisher or raw,
            },
        )
        message = f"{raw!r} issued this {record.type}: kept as its publisher (institution)"
        return updated, [info("venue-institution", message, record.source)]
    if _SUBMITTED.match(raw):
        message = f"venue {raw!r} names a submission, not a publication; kept as written"
    else:
        message = (
            f"venue {raw!r} is not in the venue registry; kept as written "
            "(add it with --venues FILE)"
        )
    updated = _evolve(
        record,
        {
            "venue": replace(venue, id="", name="", raw=raw),
            "container_title": record.container_title or raw,
        },
    )
    return updated, [warning("venue-unknown", message, record.source)]


def _workshop(
    record: Record,
    venue: Venue,
    raw: str,
    match: Match,
    facts: Facts,
    year: int | None,
    changes: dict[str, Any],
    diagnostics: list[Diagnostic],
) -> tuple[Record, list[Diagnostic]]:
    """A workshop at a conference: its own venue, never the conference's volume or booktitle."""
    host_id = match.entry.variant_of or match.entry.id
    short = f"{facts.short} Workshop"
    changes["venue"] = Venue(
        id=f"{host_id}-workshop",
        name=f"{facts.name} Workshop",
        short=short,
        kind="workshop",
        raw=raw,
        workshop=match.workshop_title,
    )
    if not record.container_title or _same_text(record.container_title, venue.raw):
        changes["container_title"] = _workshop_container(raw, match, facts, year)
    return _evolve(record, changes), diagnostics


def _workshop_container(raw: str, match: Match, facts: Facts, year: int | None) -> str:
    """The text as written when it names a workshop; else ``NeurIPS 2023 Workshop``."""
    if match.workshop:
        return raw
    return f"{facts.short} {year} Workshop" if year else f"{facts.short} Workshop"


def _kind_problem(record: Record, wanted: str, entry: VenueEntry, raw: str) -> str:
    """Why the input's kind or record type contradicts the venue's kind ('' when it agrees)."""
    label = f"{entry.short} ({raw!r})" if entry.short != raw else entry.short
    if wanted and wanted != entry.kind and wanted in _TYPES_FOR_KIND:
        return f"the input calls {label} a {wanted}, but the registry has it as a {entry.kind}"
    allowed = _TYPES_FOR_KIND.get(entry.kind)
    if allowed and record.type in _CHECKED_TYPES and record.type not in allowed:
        return f"record type {record.type} does not fit {label}, a {entry.kind}"
    return ""


def _fill(
    record: Record,
    raw: str,
    facts: Facts,
    match: Match,
    changes: dict[str, Any],
    diagnostics: list[Diagnostic],
) -> None:
    """Fill the empty fields of ``record`` from ``facts`` (into ``changes``)."""
    container = facts.container
    if container and match.volume_part and match.entry.kind == "conference":
        container = f"{container}{match.volume_part}"
    if container and (not record.container_title or _same_text(record.container_title, raw)):
        changes["container_title"] = container
    elif not container and _same_text(record.container_title, raw):
        changes["container_title"] = ""
    for field_name, value in (
        ("collection_title", facts.collection),
        ("publisher", facts.publisher),
        ("issn", facts.issn),
        ("archive", facts.archive),
    ):
        if value and not getattr(record, field_name):
            changes[field_name] = value
    if facts.volume:
        if not record.volume:
            changes["volume"] = facts.volume
        elif record.volume.strip() != facts.volume:
            issued = changes.get("issued") or record.issued
            when = f" {issued.year}" if issued else ""
            diagnostics.append(
                warning(
                    "venue-volume-mismatch",
                    f"volume {record.volume} is given, but {facts.short}{when} is volume "
                    f"{facts.volume} in the venue registry; kept {record.volume}",
                    record.source,
                )
            )


def _evolve(record: Record, changes: dict[str, Any]) -> Record:
    """``record.with_changes(**changes)``, and the record itself when nothing changes."""
    return record.with_changes(**changes) if changes else record


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def apply_form(records: Sequence[Record], form: str) -> tuple[list[Record], list[Diagnostic]]:
    """Write container titles as ``full`` (unchanged), ``short`` or ``both`` (``Full (SHORT)``).

    Only records whose venue the registry knows change. ``both`` leaves a title
    that already shows the short name (``... Recognition (CVPR)``) as it is.
    """
    if form == "full":
        return list(records), []
    out = []
    for record in records:
        venue = record.venue
        if venue is None or not venue.known or not venue.short or not record.container_title:
            out.append(record)
            continue
        container = _form(record.container_title, venue.short, form)
        out.append(_evolve(record, {"container_title": container}))
    return out, []


def _form(container: str, short: str, form: str) -> str:
    if form == "short":
        return short
    # Already shown: "... Recognition (CVPR)", or a workshop's "NeurIPS 2023 Workshop on X".
    if all(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", container) for word in short.split()):
        return container
    return f"{container} ({short})"


# ----------------------------------------------------------------- explain


def explain(registry: VenueRegistry, text: str, year: int | None = None) -> tuple[bool, list[str]]:
    """Lines saying which venue ``text`` matches, by which rule, and its facts for the year.

    Returns ``(matched, lines)``.
    """
    lines = [f"text:       {text}", f"normalized: {normalize(text) or '(nothing left)'}"]
    match = registry.match(text)
    if match is None:
        if _SUBMITTED.match(text):
            reason = "it names a submission, not a publication"
        elif normalize(text) in _SERIES_KEYS or normalize(_PARENS.sub(" ", text)) in _SERIES_KEYS:
            reason = "it names a series of proceedings, not a venue"
        else:
            reason = "no alias, name or short name of any venue"
        lines.append(f"venue:      none ({reason}); a record with it keeps it as written")
        return False, lines
    entry = match.entry
    host = registry.host(entry)
    lines.append(f"venue:      {entry.id}: {entry.short}, {entry.name} ({entry.kind})")
    lines.append(f"rule:       {match.how} is {_alias_label(entry, match.alias)} {match.alias!r}")
    if entry.variant_of:
        lines.append(f"variant:    of {entry.variant_of}, because the text says {entry.marker!r}")
    if match.workshop:
        title = f" {match.workshop_title!r}" if match.workshop_title else ""
        lines.append(
            f"workshop:   a workshop{title} at {host.short}: none of its volume or booktitle"
        )
    chosen, how = (year, "given with --year") if year else registry.infer_year(match)
    lines.append(f"year:       {chosen} ({how})" if chosen else "year:       unknown")
    if chosen and year:
        for problem in registry.year_conflicts(match, year):
            lines.append(f"warning:    {problem}")
    facts = registry.facts(host.id if match.workshop else entry.id, chosen)
    lines.append(f"facts for {chosen}:" if chosen else "facts (no year):")
    lines.extend(_fact_lines(facts, match, entry, chosen))
    return True, lines


def _alias_label(entry: VenueEntry, alias: str) -> str:
    if alias == entry.short:
        return "its short name"
    if alias == entry.name:
        return "its name"
    if any(alias == a for a, _ in entry.aliases):
        return "its alias"
    for era in entry.eras:
        for fact, value in era.values:
            if value == alias and fact in ("name", "short"):
                return f"its {'short ' if fact == 'short' else ''}name ({era.label()})"
    return "its published title"


def _fact_lines(facts: Facts, match: Match, entry: VenueEntry, year: int | None) -> list[str]:
    how = dict(facts.how)
    rows: list[tuple[str, str, str]] = []
    if match.workshop:
        rows.append(("container-title", match.part, "the workshop as written"))
        rows.append(("container-title-short", f"{facts.short} Workshop", "workshop"))
    else:
        rows.append(("container-title", facts.container or "(none)", how.get("container", "")))
        rows.append(
            ("container-title-short", facts.short, how.get("short", "the venue's short name"))
        )
        for label, value, key in (
            ("collection-title", facts.collection, "collection"),
            ("volume", facts.volume, "volume"),
            ("edition", ordinal(facts.edition) if facts.edition else "", "edition"),
            ("publisher", facts.publisher, "publisher"),
            ("ISSN", facts.issn, "issn"),
            ("archive", facts.archive, "archive"),
        ):
            if value:
                rows.append((label, value, how.get(key, "")))
        if entry.track:
            rows.append(("track", entry.track, "the venue's track"))
    if entry.dblp:
        rows.append(("dblp", entry.dblp, "the venue's dblp stream"))
    width = max(len(r[0]) for r in rows)
    return [
        f"  {label:<{width}}  {value}   [{why}]" if why else f"  {label:<{width}}  {value}"
        for label, value, why in rows
    ]


def list_lines(entries: Iterable[VenueEntry]) -> list[str]:
    """The rows of ``bibexport venues list``: id, short name, kind, full name."""
    rows = [(e.id, e.short, e.kind, e.name) for e in entries]
    if not rows:
        return []
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    return [f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:<{widths[2]}}  {r[3]}" for r in rows]


def redundant_aliases(registry: VenueRegistry) -> list[tuple[str, str, str]]:
    """Aliases that normalize to another name of the same venue: ``(id, alias, same as)``."""
    found = []
    for entry in registry.entries.values():
        seen: dict[str, str] = {}
        for name, _ in registry.explicit_names(entry)[:2]:
            seen.setdefault(normalize(name), name)
        for template in _containers(entry):
            seen.setdefault(normalize(string.Formatter().vformat(template, (), _Blank())), template)
        for era in entry.eras:
            for fact, value in era.values:
                if fact in ("name", "short"):
                    seen.setdefault(normalize(value), value)
        for alias, _ in entry.aliases:
            key = normalize(alias)
            if key in seen:
                found.append((entry.id, alias, seen[key]))
            seen.setdefault(key, alias)
    return found
