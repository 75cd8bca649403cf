"""Stable citation keys: ``--keys-from FILE.bib`` and ``--key-map FILE``.

A document cites keys; regenerating its .bib must not change them. With
``--keys-from``, every record that matches an entry of the existing .bib keeps
that entry's key. A record matches an entry with the same DOI, else with the
same normalized title and year, else whose generated key is the entry's key
(so a title whose spelling was corrected still finds its entry), else with the
same title and a later year (a preprint's entry, and the paper published since),
else with the same year and first author and a title that differs by a typo. Each entry
gives its key to one record at most. Keys of entries that match nothing stay
reserved: a new paper never takes over a key a document may cite for another.

``--key-map FILE`` lists every key that changed as ``old<TAB>new`` lines: the
keys of keyed inputs (a .bib converted with another key pattern, a duplicate
merged away) and of ``--keys-from`` entries that now go by another key.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from bibexport.errors import Diagnostic, InputError, info
from bibexport.merge import doi_key, title_key
from bibexport.model import Record, SourceSpan

# How alike two titles must be, letter by letter, to be one title with a typo fixed.
NEAR_TITLE = 0.9
# Near titles are sought among one first author's papers of one year; a larger group
# (a generated file, not a person's papers) is not searched, to keep the time linear.
NEAR_GROUP_LIMIT = 200


@dataclass(frozen=True)
class KeyEntry:
    """One keyed entry of an existing bibliography, reduced to what matching needs."""

    key: str
    doi: str
    title: str
    year: int | None
    source: SourceSpan | None = None
    family: str = ""  # the first author's family name, folded


@dataclass(frozen=True)
class KeyStore:
    """The keyed entries of an existing bibliography, in file order."""

    entries: tuple[KeyEntry, ...] = ()

    @classmethod
    def from_records(cls, records: Sequence[Record]) -> KeyStore:
        """The entries of the records that carry a key."""
        return cls(
            tuple(
                KeyEntry(r.key, doi_key(r.doi), title_key(r.title), r.year, r.source, _family(r))
                for r in records
                if r.key
            )
        )


def _family(record: Record) -> str:
    """The first author's family name, folded (``""`` without authors)."""
    if not record.authors:
        return ""
    name = record.authors[0]
    return title_key(name.family or name.literal)


def _near(a: str, b: str) -> bool:
    """Titles that differ by a typo or two: 90% alike, letter by letter."""
    if abs(len(a) - len(b)) > (1 - NEAR_TITLE) * max(len(a), len(b)):
        return False  # cannot be 90% alike: skip the costly comparison
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= NEAR_TITLE


def _with_key(record: Record, key: str) -> Record:
    """``record.with_changes(key=key)`` without re-running the dataclass's checks.

    Only the key changes, so a copy of the instance's fields is equivalent, and
    much cheaper over a hundred thousand records.
    """
    new = object.__new__(Record)
    new.__dict__.update(record.__dict__)
    new.__dict__["key"] = key
    return new


def _small(group: list[int]) -> list[int]:
    return group if len(group) <= NEAR_GROUP_LIMIT else []


@lru_cache(maxsize=8)
def load_keystore(text: str, name: str) -> tuple[KeyStore, tuple[Diagnostic, ...]]:
    """Read an existing bibliography (a .bib, or CSL-JSON/YAML whose ids are keys).

    Its reader's problems come back as diagnostics; a file with no keyed entry
    is an InputError, since keeping its keys would silently keep nothing.
    """
    from bibexport.registry import get_reader, guess_format

    format_name = guess_format(name, text)
    if format_name == "listing":  # the fallback: not a bibliography at all
        format_name = "bibtex"
    result = get_reader(format_name)(text, name)
    store = KeyStore.from_records(result.records)
    if not store.entries:
        raise InputError("no entries with citation keys in this file", SourceSpan(name, 1))
    return store, tuple(result.diagnostics)


def _passes(
    records: Sequence[Record], generated: Sequence[str]
) -> list[Callable[[KeyEntry], list[int]]]:
    """Finders by DOI, title and year, key, title and later year, near title: lists of matches."""
    by_doi: dict[str, list[int]] = {}
    by_title: dict[tuple[str, int | None], list[int]] = {}
    by_key: dict[str, list[int]] = {}
    later: dict[str, list[int]] = {}  # title -> records, for an entry of an earlier year
    by_year: dict[tuple[int, str], list[int]] = {}  # (year, first family) -> records
    titles = [title_key(r.title) for r in records]
    for i, record in enumerate(records):
        if doi := doi_key(record.doi):
            by_doi.setdefault(doi, []).append(i)
        if (title := titles[i]) and record.year is not None:
            by_title.setdefault((title, record.year), []).append(i)
            later.setdefault(title, []).append(i)
            by_year.setdefault((record.year, _family(record)), []).append(i)
        for key in {record.key.lower(), generated[i].lower() if i < len(generated) else ""} - {""}:
            by_key.setdefault(key, []).append(i)
    return [
        lambda e: by_doi.get(e.doi, []) if e.doi else [],
        lambda e: by_title.get((e.title, e.year), []) if e.title and e.year is not None else [],
        lambda e: by_key.get(e.key.lower(), []),
        # A preprint's entry and the paper published since: same title, a later year.
        lambda e: [
            i for i in later.get(e.title, []) if e.year is not None and records[i].year > e.year
        ],
        # A title corrected since (a typo): same year and first author, nearly the same title.
        lambda e: [
            i
            for i in _small(by_year.get((e.year, e.family), []))
            if e.title and e.year is not None and _near(e.title, titles[i])
        ],
    ]


def match_entries(
    records: Sequence[Record],
    store: KeyStore,
    generated: Sequence[str] = (),
    *,
    one_per_record: bool = True,
) -> dict[int, int]:
    """Which record each entry belongs to: ``{entry index: record index}``.

    Every DOI match is made before any title match, and those before key
    matches, so a weaker match never takes a record a stronger one names.
    With ``one_per_record``, a record takes the first entry that matches it.
    """
    owner: dict[int, int] = {}
    taken: set[int] = set()
    for find in _passes(records, generated):
        for e, entry in enumerate(store.entries):
            if e in owner:
                continue
            free = [i for i in find(entry) if not (one_per_record and i in taken)]
            if free:
                owner[e] = free[0]
                taken.add(free[0])
    return owner


def keep_keys(
    records: Sequence[Record],
    store: KeyStore,
    generated: Sequence[str] = (),
    pinned: frozenset[str] = frozenset(),
) -> tuple[list[Record], list[Diagnostic]]:
    """Give each record that matches an entry of ``store`` that entry's key.

    A record whose key is ``pinned`` (lowercase; an override's ``new_key``) keeps it.
    """
    result = list(records)
    diagnostics: list[Diagnostic] = []
    owner = match_entries(records, store, generated)
    for e, entry in enumerate(store.entries):
        i = owner.get(e)
        if i is not None and result[i].key.lower() in pinned:
            continue  # the user chose this record's key; the entry's key is reported as changed
        if i is None:
            diagnostics.append(
                info(
                    "key-unmatched",
                    f"{entry.key!r} matches no record; the key stays reserved",
                    entry.source,
                )
            )
            continue
        if result[i].key != entry.key:
            result[i] = _with_key(result[i], entry.key)
            diagnostics.append(
                info(
                    "key-kept",
                    f"keeps the key {entry.key!r} from {entry.source or 'the key file'}",
                    result[i].source,
                )
            )
    return result, diagnostics


def avoid_reserved(
    records: Sequence[Record], store: KeyStore, before: Sequence[str]
) -> tuple[list[Record], list[Diagnostic]]:
    """Rename generated keys that take a key the store gave another paper.

    Run after the key step; ``before[i]`` is record i's key before it (an input
    key or a kept one, which are never renamed). A generated key that is a key
    of the store gets the first free letter suffix.
    """
    reserved = {e.key.lower() for e in store.entries}
    used = {r.key.lower() for r in records} | reserved
    result = list(records)
    diagnostics: list[Diagnostic] = []
    for i, record in enumerate(result):
        if (i < len(before) and before[i]) or record.key.lower() not in reserved:
            continue
        new_key = _free_key(record.key, used)
        used.add(new_key.lower())
        result[i] = _with_key(record, new_key)
        message = f"the key file gives {record.key!r} to another paper; using {new_key!r}"
        diagnostics.append(info("key-reserved", message, record.source))
    return result, diagnostics


def _free_key(key: str, used: set[str]) -> str:
    """``key`` with the first letter suffix (a..z, then aa..) not yet used."""
    letters = string.ascii_lowercase
    n = 0
    while True:
        suffix, m = "", n
        while True:
            suffix = letters[m % 26] + suffix
            m = m // 26 - 1
            if m < 0:
                break
        candidate = key + suffix
        if candidate.lower() not in used:
            return candidate
        n += 1


def key_changes(
    inputs: Sequence[Record], final: Sequence[Record], store: KeyStore | None = None
) -> list[tuple[str, str]]:
    """``(old, new)`` for every key that changed: of keyed inputs and of ``store`` entries.

    Old keys are matched to the final records as ``--keys-from`` matches them
    (a record may take several old keys: duplicates merged into one). Listed in
    the order of the final records; each old key once.
    """
    changes: dict[str, str] = {}
    for source in (KeyStore.from_records(inputs), store or KeyStore()):
        owner = match_entries(final, source, one_per_record=False)
        for e, i in sorted(owner.items(), key=lambda item: (item[1], item[0])):
            old, new = source.entries[e].key, final[i].key
            if old != new and new and old not in changes:
                changes[old] = new
    position = {r.key: i for i, r in reversed(list(enumerate(final)))}
    return sorted(changes.items(), key=lambda pair: position.get(pair[1], len(final)))


def format_key_map(changes: Sequence[tuple[str, str]]) -> str:
    """The ``--key-map`` file: one ``old<TAB>new`` line per changed key (empty when none)."""
    return "".join(f"{old}\t{new}\n" for old, new in changes)
