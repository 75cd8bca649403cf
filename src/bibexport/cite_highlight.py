"""Finding one person's name in a formatted entry, in whatever form the style printed it.

A CV highlights its owner: ``--highlight "Sam Buchanan"`` must bold ``Sam
Buchanan``, ``S. Buchanan``, ``Buchanan, S.``, ``Buchanan S`` and ``BUCHANAN,
S.`` alike, whether the highlight was written with diacritics, initials or a
dblp homonym number (``Yi Ma 0001``). The work is split in two: which authors
of a record are the person (compared on folded names), and where the style put
each such author in the entry's text (a pattern built from the record's own
name, so the match follows the style, not a guess about it).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bibexport.model import Name

# Letters that Unicode decomposition does not reduce to ASCII.
_FOLD_EXTRA = str.maketrans(
    {"ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "æ": "ae", "Æ": "ae",
     "œ": "oe", "Œ": "oe", "ı": "i", "þ": "th", "ð": "d"}
)  # fmt: skip
_SPACE = r"[\s\u00a0\u202f]+"
_HOMONYM = re.compile(r"^\d{4}$")
_SUFFIX = re.compile(r"^(?:Jr\.?|Sr\.?|II|III|IV|V)$", re.IGNORECASE)


def fold(text: str) -> str:
    """Lowercase ASCII-like form of a name part: diacritics removed, case folded."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_EXTRA))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@lru_cache(maxsize=8192)
def _tokens(text: str) -> tuple[str, ...]:
    """Folded word tokens of a name part (periods and hyphens split), homonym numbers dropped."""
    return tuple(t for t in re.split(r"[\s\u00a0.\-‐]+", fold(text)) if t and not _HOMONYM.match(t))


@dataclass(frozen=True)
class Target:
    """A person to highlight, as the user wrote the name."""

    text: str
    family: tuple[str, ...] = ()  # set when written "Family, Given"
    given: tuple[str, ...] = ()
    words: tuple[str, ...] = ()  # set when written "Given Family"


def parse_target(text: str) -> Target:
    """Read a ``--highlight`` value: ``Given Family``, ``Family, Given``, initials or a homonym."""
    head, _, tail = text.rpartition(",")
    if head and _SUFFIX.match(tail.strip()):
        text = head  # "John Smith, Jr.": the suffix does not tell who it is
    if "," in text:
        family, given = text.split(",", 1)
        return Target(text, family=_tokens(family), given=_tokens(given))
    return Target(text, words=_tokens(text))


def _given_compatible(wanted: Sequence[str], given: Sequence[str]) -> bool:
    """True when given names agree where both have them (an initial agrees with its name)."""
    if not wanted:
        return True
    if not given:
        return False
    return all(
        a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))
        for a, b in zip(wanted, given, strict=False)
    )


@lru_cache(maxsize=8192)
def is_person(name: Name, target: Target) -> bool:
    """True when ``name`` (an author of a record) is the person ``target`` names."""
    if name.literal:
        return bool(target.words) and _tokens(name.literal) == target.words
    families = {_tokens(name.full_family), _tokens(name.family)} - {()}
    given = _tokens(name.given)
    if not families:
        return False
    if target.family:
        return target.family in families and _given_compatible(target.given, given)
    words = target.words
    for family in families:
        split = len(words) - len(family)
        if (
            family
            and split >= 0
            and words[split:] == family
            and _given_compatible(words[:split], given)
        ):
            return True
    return False


def _given_pattern(given: str) -> str:
    """A pattern for given names in full or as initials (``S.``, ``S``, ``J.-P.``, ``SB``)."""
    parts = [p for p in re.split(r"[\s\u00a0]+|(?<=\.)(?=\w)", given.strip()) if p]
    words: list[str] = []
    for part in parts:
        pieces = [p for p in re.split(r"[-‐]", part) if p]
        alternatives = [
            f"(?:{re.escape(piece)}|{re.escape(piece.rstrip('.')[:1])}\\.?)" for piece in pieces
        ]
        words.append(r"[-‐]?\s?".join(alternatives))
    return r"[\s\u00a0]*".join(words)


@lru_cache(maxsize=2048)
def name_pattern(name: Name) -> re.Pattern[str]:
    """A pattern for the forms a CSL style may print ``name`` in."""
    if name.literal:
        body = _SPACE.join(re.escape(w) for w in name.literal.split())
        return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)
    family_words = re.sub(r"\s+\d{4}$", "", name.full_family).split()
    family = _SPACE.join(re.escape(w) for w in family_words)
    suffix = rf"(?:,?{_SPACE}{re.escape(name.suffix)})?" if name.suffix else ""
    if not name.given:
        return re.compile(rf"(?<!\w){family}{suffix}(?!\w)", re.IGNORECASE)
    given = _given_pattern(name.given)
    forms = [
        rf"{given}{_SPACE}{family}{suffix}",
        rf"{family},?{_SPACE}{given}{suffix}",
    ]
    if name.particle:
        bare = _SPACE.join(re.escape(w) for w in name.family.split())
        particle = _SPACE.join(re.escape(w) for w in name.particle.split())
        forms.append(rf"{bare},?{_SPACE}{given}{_SPACE}{particle}{suffix}")
    # A trailing period belongs to an initial, so (?!\w) after it is enough.
    return re.compile(rf"(?<!\w)(?:{'|'.join(forms)})(?!\w)", re.IGNORECASE)


def find_people(
    text: str, authors: Iterable[Name], targets: Sequence[Target]
) -> list[tuple[int, int]]:
    """The ``(start, end)`` ranges in ``text`` where an author who is a target was printed."""
    ranges: list[tuple[int, int]] = []
    for author in authors:
        if any(is_person(author, target) for target in targets):
            ranges.extend(
                m.span() for m in name_pattern(author).finditer(text) if m.end() > m.start()
            )
    return _disjoint(ranges)


def _disjoint(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Ranges sorted, with overlapping ones joined."""
    result: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if result and start <= result[-1][1]:
            result[-1] = (result[-1][0], max(end, result[-1][1]))
        else:
            result.append((start, end))
    return result
