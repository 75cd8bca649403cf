"""Person names: display names split into given/particle/family/suffix, homonym numbers.

The rules, for a name written ``Given ... Family`` (as author pages show them):

- a dblp homonym number (``Yi Ma 0001``: four digits at the end) is removed
  and kept in ``Name.homonym``, never printed;
- a suffix at the end (``Jr.``, ``Sr.``, ``II``, ``III``, ``IV``) goes to ``suffix``;
- lowercase particles (``van der`` in ``Laurens van der Maaten``) go to
  ``particle``; the family name is what follows them. This is BibTeX's "von"
  rule, so ``van der Maaten, Laurens`` reads back the same;
- a capitalized particle stays in the family name (``Valentin De Bortoli`` ->
  family ``De Bortoli``), as BibTeX reads ``De Bortoli, Valentin``;
- otherwise the last word is the family name and every word before it given
  (``Ricardo Pio Monti`` -> given ``Ricardo Pio``);
- a name of one word is a family name; a name in a script written without
  spaces (``马毅``) is kept whole as a literal;
- a name written in capitals (``JOHN SMITH``) is recased word by word; in a
  mixed name, a lone word in capitals marks the family name (``ZHANG Wei``).

``Family, Given`` and ``Family, Suffix, Given`` (BibTeX order) are read too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from functools import lru_cache

from bibexport.errors import Diagnostic, info
from bibexport.model import Name, Record
from bibexport.text import fold_ascii, normalize_whitespace

_HOMONYM = re.compile(r"\d{4}")
_SUFFIXES = {
    "jr": "Jr.",
    "jr.": "Jr.",
    "sr": "Sr.",
    "sr.": "Sr.",
    "ii": "II",
    "iii": "III",
    "iv": "IV",
    "2nd": "2nd",
    "3rd": "3rd",
}
# Particles that, capitalized, begin a family name (De Bortoli, Van Gool, Di Marco).
_CAPITAL_PARTICLES = frozenset(
    {
        "de", "di", "da", "dos", "das", "del", "della", "dalla", "dal", "degli", "dei",
        "van", "von", "vom", "vander", "der", "den", "ten", "ter", "le", "la", "les",
        "du", "des", "lo", "el", "al", "bin", "ibn", "st.",
    }
)  # fmt: skip
# Vietnamese middle names that look like particles (Hung Van Nguyen) and the
# family names that follow them; before one of these they stay given names.
_VIETNAMESE_FAMILIES = frozenset(
    {
        "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui",
        "do", "ho", "ngo", "duong", "ly", "truong", "dinh", "lam", "mai", "trinh", "luu",
    }
)  # fmt: skip
_ET_AL_STARTS = frozenset("oOeEaA.…")
_ET_AL = re.compile(r"^(?:and\s+)?(?:others|et\.?\s*al\.?|\.\.\.|…)$", re.IGNORECASE)
# Scripts written without spaces between family and given name.
_UNSPACED_SCRIPT = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)


@lru_cache(maxsize=65536)  # called for every author of every record; names recur
def is_others(text: str) -> bool:
    """True for an et-al marker (``others``, ``et al.``, ``and others``): not a person."""
    if len(text) > 24 or text.lstrip()[:1] not in _ET_AL_STARTS:
        return False
    return bool(_ET_AL.match(normalize_whitespace(text)))


@lru_cache(maxsize=65536)  # pages repeat names (the owner's on every entry)
def parse_display_name(text: str) -> Name:
    """Split a name as written (``Valentin De Bortoli``, ``Yi Ma 0001``, ``Maaten, L. van der``).

    Raises ValueError for an empty name or an et-al marker, which are not persons.
    """
    text = unicodedata.normalize("NFC", normalize_whitespace(text)).strip(" ,;")
    if not text or is_others(text):
        raise ValueError(f"not a person's name: {text!r}")
    if "," in text:
        return _parse_inverted(text)
    words = text.split(" ")
    if "." in text:
        words = _split_initials(words)
    homonym = ""
    if len(words) > 1 and _HOMONYM.fullmatch(words[-1]):
        homonym = words.pop()
    suffix = ""
    if len(words) > 2 and words[-1].lower() in _SUFFIXES:
        suffix = _SUFFIXES[words.pop().lower()]
    if not homonym and len(words) > 1 and _HOMONYM.fullmatch(words[-1]):
        homonym = words.pop()  # "Given Family 0001 Jr."
    name = _split_words(words)
    return replace(name, suffix=suffix, homonym=homonym)


def _parse_inverted(text: str) -> Name:
    """``Family, Given``, ``Family, Suffix, Given`` or ``Family, Given, Suffix`` (BibTeX order)."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) == 1:
        return parse_display_name(parts[0])
    if len(parts) == 2 and parts[1].lower() in _SUFFIXES:
        return replace(parse_display_name(parts[0]), suffix=_SUFFIXES[parts[1].lower()])
    suffix = ""
    if len(parts) > 2:
        if parts[1].lower() in _SUFFIXES or parts[-1].lower() not in _SUFFIXES:
            suffix, given_part = parts[1], " ".join(parts[2:])
        else:
            suffix, given_part = parts[-1], " ".join(parts[1:-1])
        suffix = _SUFFIXES.get(suffix.lower(), suffix)
    else:
        given_part = parts[1]
    family_words, given_words = parts[0].split(" "), given_part.split(" ")
    homonym = ""
    for words in (family_words, given_words):
        if len(words) > 1 and _HOMONYM.fullmatch(words[-1]):
            homonym = homonym or words[-1]
            words.pop()
    particle_words: list[str] = []
    while len(family_words) > 1 and _is_lower(family_words[0]):
        particle_words.append(family_words.pop(0))
    # BibTeX's "First von" form puts trailing lowercase words of the given part in the particle.
    if not particle_words:
        while len(given_words) > 1 and _is_lower(given_words[-1]):
            particle_words.insert(0, given_words.pop())
    return Name(
        family=_recase(" ".join(family_words)),
        given=_recase(" ".join(given_words)),
        particle=" ".join(particle_words),
        suffix=suffix,
        homonym=homonym,
    )


def _split_initials(words: list[str]) -> list[str]:
    """``J.Wright`` -> ``J.``, ``Wright``; ``J.W.`` stays one word."""
    out: list[str] = []
    for word in words:
        match = re.fullmatch(r"((?:[A-Z]\.)+)([A-Z][a-z].*)", word)
        out.extend(match.groups() if match else (word,))
    return out


def _split_words(words: list[str]) -> Name:
    """Given/particle/family of a name in display order, without homonym or suffix."""
    if len(words) == 1:
        word = words[0]
        if _UNSPACED_SCRIPT.search(word):
            return Name(literal=word)
        return Name(family=_recase(word))
    words = _recase_words(words)
    capitals = [i for i, w in enumerate(words) if _is_shouting(w)]
    if capitals in ([0], [len(words) - 1]) and not any(_is_lower(w) for w in words):
        # One word in capitals among others marks the family name (ZHANG Wei, Wei ZHANG).
        index = capitals[0]
        rest, family = words[:index] + words[index + 1 :], [_recase(words[index])]
        # Written in display order, a capitalized particle before the family belongs to it.
        while len(rest) > 1 and rest[-1].lower() in _CAPITAL_PARTICLES:
            family.insert(0, rest.pop())
        return Name(family=" ".join(family), given=" ".join(rest))
    # Lowercase particles: from the first lowercase word (not the first or last) to the last one.
    lower = [i for i in range(1, len(words) - 1) if _is_lower(words[i])]
    if lower and not all(_is_lower(w) for w in words):
        first, last = lower[0], lower[-1]
        return Name(
            given=" ".join(words[:first]),
            particle=" ".join(words[first : last + 1]),
            family=" ".join(words[last + 1 :]),
        )
    start = _capital_particle_start(words)
    return Name(given=" ".join(words[:start]), family=" ".join(words[start:]))


def _capital_particle_start(words: list[str]) -> int:
    """Index where the family name begins: at a capitalized particle run, else the last word."""
    for index in range(1, len(words) - 1):
        if words[index].lower() not in _CAPITAL_PARTICLES:
            continue
        after = words[index + 1].lower()
        if words[index].lower() in ("van", "le") and after in _VIETNAMESE_FAMILIES:
            continue
        if all(w.lower() in _CAPITAL_PARTICLES for w in words[index:-1]):
            return index
    return len(words) - 1


def _is_lower(word: str) -> bool:
    """True for a word that starts with a lowercase letter (``van``, ``d'Alembert``)."""
    for ch in word:
        if ch.isalpha():
            return ch.islower()
    return False


def _is_shouting(word: str) -> bool:
    """True for a word in capitals that is not an initial or a Roman numeral (``ZHANG``)."""
    if not word.isupper():
        return False
    letters = [ch for ch in word if ch.isalpha()]
    # Two capitals without a vowel are initials (JW Smith), not a family name (LI Wei).
    if len(letters) == 2 and not any(ch in "AEIOUY" for ch in letters):
        return False
    return (
        len(letters) >= 2
        and all(ch.isupper() for ch in letters)
        and word.lower() not in _SUFFIXES
        and "." not in word
    )


def _recase_words(words: list[str]) -> list[str]:
    """Recase a name written entirely in capitals; leave mixed-case names alone."""
    if all(_is_shouting(w) or len([c for c in w if c.isalpha()]) <= 1 for w in words) and any(
        _is_shouting(w) for w in words
    ):
        return [_recase(w) for w in words]
    return words


def _recase(word: str) -> str:
    """``ZHANG`` -> ``Zhang``, ``JEAN-BAPTISTE`` -> ``Jean-Baptiste``, ``O'NEIL`` -> ``O'Neil``."""
    if not _is_shouting(word) and not (" " in word and word.isupper()):
        return word
    return re.sub(r"[^\W\d_]+", lambda m: m.group()[0] + m.group()[1:].lower(), word)


def name_match_key(name: Name) -> str:
    """A key that equal people share: folded lowercase family (with particle) and first initial.

    ``Laurens van der Maaten`` and ``Maaten, L. van der`` -> ``vandermaaten l``;
    homonym numbers and suffixes are ignored. Literal names match by their text.
    """
    if name.literal:
        return _fold_key(name.literal)
    family = _fold_key(name.full_family).replace(" ", "")
    given = _fold_key(name.given)
    return f"{family} {given[:1]}".strip()


def _fold_key(text: str) -> str:
    folded = fold_ascii(text).lower()
    return " ".join(re.sub(r"[^\w\s]+", "", folded).split())


def suspicious(name: Name) -> str | None:
    """Why a parsed name looks wrong, or None: for the ``check`` command."""
    family = name.family or name.literal
    if not family:
        return "it has no family name"
    if re.fullmatch(r"[\d\W_]+", family):
        return f"its family name {family!r} is a number, not a name"
    if any(ch.isdigit() for ch in name.display()):
        return "it contains digits"
    if any(word.lower() in _SUFFIXES for word in name.family.split(" ")):
        return f"its family name {name.family!r} is a suffix such as Jr."
    if re.fullmatch(r"[A-Za-z]\.?", name.family):
        return f"its family name {name.family!r} is an initial (given and family swapped?)"
    if re.search(r"[@<>\[\]{}();|/\\]", name.display()):
        return "it contains characters that do not belong in a name"
    if is_others(family) or re.search(r"\bet\.? al\b", name.display(), re.IGNORECASE):
        return "it is an et-al marker, not a person"
    if len(name.display().split()) > 6:
        return "it has more than six words (several names run together?)"
    return None


# --- the pipeline step ---------------------------------------------------------


@lru_cache(maxsize=65536)
def normalize_name(name: Name) -> Name:
    """NFC and whitespace in every part; a homonym number in the family or given moved aside."""
    parts = {
        field: unicodedata.normalize("NFC", normalize_whitespace(getattr(name, field)))
        for field in ("family", "given", "particle", "suffix", "literal", "homonym")
    }
    name = Name(**parts)
    if name.literal:
        return name
    family_words = name.family.split(" ")
    if len(family_words) > 1 and _HOMONYM.fullmatch(family_words[-1]):
        name = replace(name, family=" ".join(family_words[:-1]), homonym=family_words[-1])
    elif _HOMONYM.fullmatch(name.family) and name.given:
        # "Yi Ma 0001" read as family "0001", given "Yi Ma": split the display form again.
        return replace(parse_display_name(f"{name.given} {name.family}"), suffix=name.suffix)
    given_words = name.given.split(" ")
    if len(given_words) > 1 and _HOMONYM.fullmatch(given_words[-1]):
        name = replace(name, given=" ".join(given_words[:-1]), homonym=given_words[-1])
    return name


def _is_others_name(name: Name) -> bool:
    return not name.given and is_others(name.literal or name.full_family)


@lru_cache(maxsize=65536)  # one lookup per name instead of two
def _kept_name(name: Name) -> Name | None:
    """The name normalized, or None for an et-al marker."""
    return None if _is_others_name(name) else normalize_name(name)


def normalize_records(records: list[Record]) -> tuple[list[Record], list[Diagnostic]]:
    """Pipeline step: normalize every author and editor; et-al names become ``others``."""
    out: list[Record] = []
    diagnostics: list[Diagnostic] = []
    for record in records:
        others = record.others
        lists = {}
        for field in ("authors", "editors"):
            names = getattr(record, field)
            if not names:
                lists[field] = names
                continue
            kept = tuple(n for n in map(_kept_name, names) if n is not None)
            if len(kept) != len(names) and field == "authors":
                others = True
            lists[field] = kept
        moved = [n for n in lists["authors"] if n.homonym and n not in record.authors]
        if moved:
            diagnostics.append(
                info(
                    "name-homonym",
                    "moved a homonym number out of the family name: "
                    + ", ".join(f"{n.display()} ({n.homonym})" for n in moved),
                    record.source,
                )
            )
        out.append(record.with_changes(others=others, **lists))
    return out, diagnostics
