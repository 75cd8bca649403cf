"""Citation keys: a small pattern language, presets, ASCII folding, de-duplication.

``assign_keys(records, pattern)`` is the pipeline step. A record that already
has a key (read from a .bib or a CSL-JSON file) keeps it; the others get one
from the pattern. Keys are unique without regard to case: when two records
would get the same key, the first (in input order) keeps it and the later ones
get ``a``, ``b``, ... appended. The same input always gives the same keys.

A pattern is literal text with ``{token}`` or ``{token|modifier}`` fields; see
``TOKENS``, ``MODIFIERS`` and ``PRESETS``. The README's "Citation keys" section
documents them for users.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bibexport.errors import Diagnostic, UsageError, info, warning
from bibexport.model import Name, Record
from bibexport.text import fold_ascii, split_math, strip_markup


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words the ``title`` token skips (English articles, common prepositions,
# conjunctions and auxiliaries): "On the Edge of ..." -> ``edge``.
FUNCTION_WORDS: frozenset[str] = _words(
    "a an the and or nor but of on in into onto for to at by with from as via per is are be "
    "do does "
)

# The words Better BibTeX's ``shorttitle`` skips (its "skipWords" list).
BBT_SKIP_WORDS: frozenset[str] = _words(
    "a ab aboard about above across after against al along amid among an and anti around as "
    "at before behind below beneath beside besides between beyond but by d da das de del dell "
    "dello dei degli della dem den der des despite die do down du during ein eine einem einen "
    "einer eines el en et except for from gli i il in inside into is l la las le les like lo "
    "los near nor of off on onto or over past per plus round save since so some sur than the "
    "through to toward towards un una unas under underneath une unlike uno unos until up upon "
    "versus via von while with within without yet zu zum "
)

PRESETS: dict[str, str] = {
    "default": "{family}{year}{title}",
    "google": "{familyword}{year}{title}",
    "dblp": "DBLP:{dblp}/{dblpnames}{yy}",
    "bbt": "{family}{shorttitle}{year}",
}

# dblp's keys keep at most this many characters of author names (``BrownMRSKDNSSAA20``).
DBLP_NAMES_LENGTH = 15

_FIELD = re.compile(r"\{([^{}|]*)(?:\|([^{}]*))?\}")
_LITERAL_OK = re.compile(r"^[A-Za-z0-9_:./+\-]*$")
_NOT_KEY = re.compile(r"[^a-z0-9]")
_NOT_KEY_OR_SPACE = re.compile(r"[^a-z0-9\s]")  # \s is what str.split() splits at
_NEW_ARXIV_ID = re.compile(r"^(?:arxiv:)?(\d{4})\.(\d{4,5})(?:v\d+)?$", re.IGNORECASE)


def _ascii(text: str) -> str:
    """Lowercase ASCII letters and digits only: ``Gaël De Bortoli`` -> ``gaeldebortoli``."""
    return _NOT_KEY.sub("", (text if text.isascii() else fold_ascii(text)).lower())


def _first_author(record: Record) -> Name | None:
    names = record.authors or record.editors
    return names[0] if names else None


def _family(name: Name | None) -> str:
    if name is None:
        return ""
    return _ascii(name.family or name.literal)


def _title_words(record: Record) -> list[str]:
    """The title's words as lowercase ASCII, math and markup removed."""
    title = record.title
    if "$" in title:
        title = "".join(seg for is_math, seg in split_math(title) if not is_math)
    if "<" in title:
        title = strip_markup(title)
    if not title.isascii():
        title = fold_ascii(title)
    return _NOT_KEY_OR_SPACE.sub("", title.lower()).split()


def _significant(record: Record, skip: frozenset[str]) -> list[str]:
    return [w for w in _title_words(record) if w not in skip]


def _dblp_last_word(name: Name) -> str:
    """dblp's name for keys: the homonym number if any, else the last word of the name."""
    if name.homonym:
        return name.homonym
    words = (name.family or name.literal).split()
    return re.sub(r"[^A-Za-z0-9]", "", fold_ascii(words[-1])) if words else ""


def _dblp_names(record: Record) -> str:
    """``YuBPCWTHM``: the first author's last name and the initials of the others."""
    names = record.authors or record.editors
    if not names:
        return "Anon"
    first = _dblp_last_word(names[0])
    text = first[:1].upper() + first[1:]
    for name in names[1:]:
        text += _dblp_last_word(name)[:1].upper()
    return text[:DBLP_NAMES_LENGTH]


def dblp_stream(record: Record) -> str:
    """The dblp stream of a record's venue (``conf/nips``), or a stand-in built the same way."""
    venue = record.venue
    if venue is not None and venue.id:
        stream = _registry_dblp_stream(venue.id)
        if stream:
            return stream
    short = _ascii(venue.short or venue.id) if venue else ""
    if not short and record.container_title:
        short = "".join(w[0] for w in _ascii_words(record.container_title))[:12]
    kind = venue.kind if venue and venue.kind else ""
    if record.type == "thesis":
        return "phd"
    if record.type in ("book", "chapter"):
        return f"books/{short}" if short else "books"
    if kind == "journal" or record.type == "article-journal":
        return f"journals/{short or 'misc'}"
    if kind in ("conference", "workshop") or record.type == "paper-conference":
        return f"conf/{short or 'misc'}"
    return f"journals/{short}" if short else "misc"


def _registry_dblp_stream(venue_id: str) -> str:
    """The ``dblp`` entry the venue registry holds for a venue id, if any."""
    try:
        from bibexport import venues
    except ImportError:  # the registry module is optional for key making
        return ""
    lookup = getattr(venues, "dblp_stream", None)
    stream = lookup(venue_id) if lookup else None
    return str(stream) if stream else ""


def _ascii_words(text: str) -> list[str]:
    return [w for w in (_ascii(word) for word in text.split()) if w]


def _year(record: Record) -> str:
    return f"{record.year:04d}" if record.year else ""


def _short_title(record: Record) -> str:
    words = _significant(record, BBT_SKIP_WORDS)[:3]
    return "".join(w[:1].upper() + w[1:] for w in words)


TOKENS: dict[str, Callable[[Record], str]] = {
    "family": lambda r: _family(_first_author(r)),
    "fullfamily": lambda r: _ascii(
        (_first_author(r) or Name()).full_family or (_first_author(r) or Name()).literal
    ),
    "familyword": lambda r: next(
        iter(_ascii_words((_first_author(r) or Name()).full_family or "")), ""
    ),
    "given": lambda r: _ascii((_first_author(r) or Name()).given),
    "year": _year,
    "yy": lambda r: _year(r)[2:],
    "title": lambda r: next(iter(_significant(r, FUNCTION_WORDS)), ""),
    "shorttitle": _short_title,
    "venue": lambda r: _ascii(r.venue.short) if r.venue else "",
    "dblp": dblp_stream,
    "dblpnames": _dblp_names,
}
"""Pattern tokens. Each gives ASCII letters and digits (``dblp`` also ``/``)."""

MODIFIERS: dict[str, Callable[[str], str]] = {
    "lower": str.lower,
    "upper": str.upper,
    "cap": lambda s: s[:1].upper() + s[1:],
}


@dataclass(frozen=True)
class KeyPattern:
    """A parsed pattern: literal pieces and (token, modifier) fields, in order."""

    text: str
    parts: tuple[str | tuple[str, str], ...]

    def render(self, record: Record) -> str:
        """The key this pattern gives a record (before de-duplication)."""
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
            else:
                token, modifier = part
                value = TOKENS[token](record)
                out.append(MODIFIERS[modifier](value) if modifier else value)
        return "".join(out)


def parse_pattern(pattern: str) -> KeyPattern:
    """A preset name or a template; a UsageError naming the problem when it is not valid."""
    text = PRESETS.get(pattern.strip().lower(), pattern)
    parts: list[str | tuple[str, str]] = []
    position = 0
    for match in _FIELD.finditer(text):
        parts.append(_literal(text[position : match.start()], pattern))
        token, modifier = match.group(1).strip(), (match.group(2) or "").strip()
        if token not in TOKENS:
            known = ", ".join(sorted(TOKENS))
            raise UsageError(f"--key-pattern: unknown token {{{token}}} (known: {known})")
        if modifier and modifier not in MODIFIERS:
            known = ", ".join(sorted(MODIFIERS))
            raise UsageError(f"--key-pattern: unknown modifier |{modifier} (known: {known})")
        parts.append((token, modifier))
        position = match.end()
    parts.append(_literal(text[position:], pattern))
    if not any(isinstance(p, tuple) for p in parts):
        presets = ", ".join(PRESETS)
        raise UsageError(
            f"--key-pattern {pattern!r} has no {{token}} and is not a preset ({presets})"
        )
    return KeyPattern(text, tuple(p for p in parts if p))


def _literal(text: str, pattern: str) -> str:
    if not _LITERAL_OK.match(text):
        raise UsageError(
            f"--key-pattern {pattern!r}: literal text may hold only letters, digits and _:./+-"
        )
    return text


def make_key(record: Record, pattern: KeyPattern) -> str:
    """The key a record gets from a pattern, before de-duplication (never empty)."""
    if pattern.text == PRESETS["dblp"]:
        corr = _dblp_corr_key(record)
        if corr:
            return corr
    key = pattern.render(record)
    if not re.search(r"[A-Za-z0-9]", key):
        key += "anon"
    return key


def _dblp_corr_key(record: Record) -> str:
    """dblp's key for an arXiv preprint: ``DBLP:journals/corr/abs-2306-01129``."""
    if record.type != "article" or record.archive.lower() not in ("arxiv", "corr"):
        return ""
    match = _NEW_ARXIV_ID.match(record.number.strip())
    return f"DBLP:journals/corr/abs-{match.group(1)}-{match.group(2)}" if match else ""


def _suffixes() -> Sequence[str]:
    """``a`` ... ``z``, ``aa`` ... ``zz``: enough for any real bibliography."""
    letters = [chr(c) for c in range(ord("a"), ord("z") + 1)]
    return letters + [a + b for a in letters for b in letters]


_SUFFIXES = _suffixes()


def _unique(key: str, taken: set[str], tried: dict[str, int]) -> str:
    """``key``, else the first of ``key`` + ``a`` ... ``zz``, ``1``, ``2`` ... not taken.

    ``taken`` only grows, so a candidate found taken stays taken: ``tried`` keeps,
    per key, where the search stopped, and a hundred records with one key do not
    try the same candidates again and again (that was quadratic).
    """
    lower = key.lower()
    if lower not in taken:
        return key
    index = tried.get(lower, 0)
    while (key + _suffix(index)).lower() in taken:
        index += 1
    tried[lower] = index
    return key + _suffix(index)


def _suffix(index: int) -> str:
    """The ``index``-th suffix: ``a`` ... ``zz``, then ``1``, ``2`` ..."""
    return _SUFFIXES[index] if index < len(_SUFFIXES) else str(index - len(_SUFFIXES) + 1)


def assign_keys(records: list[Record], pattern: str) -> tuple[list[Record], list[Diagnostic]]:
    """Pipeline step: give every record a key, unique without regard to case, stable across runs.

    Records with a key keep it (a later duplicate of an existing key is renamed
    and reported); the others get the pattern's key, with ``a``, ``b``, ...
    appended after the first when keys collide.
    """
    parsed = parse_pattern(pattern)
    diagnostics: list[Diagnostic] = []
    taken: set[str] = set()
    tried: dict[str, int] = {}
    keys: list[str | None] = []
    for record in records:  # existing keys first: they are what documents cite
        if record.key and record.key.lower() not in taken:
            taken.add(record.key.lower())
            keys.append(record.key)
        elif record.key:
            new = _unique(record.key, taken, tried)
            taken.add(new.lower())
            keys.append(new)
            diagnostics.append(
                warning(
                    "key-duplicate",
                    f"the key {record.key!r} is used twice; this entry is renamed {new!r}",
                    record.source,
                )
            )
        else:
            keys.append(None)
    result: list[Record] = []
    for record, key in zip(records, keys, strict=True):
        if key is None:
            wanted = make_key(record, parsed)
            key = _unique(wanted, taken, tried)
            taken.add(key.lower())
            if key != wanted:
                diagnostics.append(
                    info("key-suffix", f"key {wanted!r} is taken; using {key!r}", record.source)
                )
        result.append(record if key == record.key else record.with_changes(key=key))
    return result, diagnostics


def forget_keys(records: list[Record], keep: frozenset[str] = frozenset()) -> list[Record]:
    """The records without their keys (``--rekey``), except keys in ``keep`` (lowercase)."""
    return [r if not r.key or r.key.lower() in keep else r.with_changes(key="") for r in records]
