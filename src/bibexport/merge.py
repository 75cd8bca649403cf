"""Duplicate detection and merging: several inputs become one list with each paper once.

Two records are the same paper when they share a DOI, or when their titles are
equal after normalization (markup removed, folded to ASCII, case and
punctuation ignored) and their years are equal (unless the venue registry
places them at two different venues: a workshop version and the conference
paper stay two records), or when one is an arXiv (or
other) preprint and the other its published version: the same normalized title,
the preprint no later than the publication.

Merging keeps the richer record: a published venue wins over a preprint server,
the longer author list wins, empty fields are filled from the other record, and
a preprint's arXiv id is kept as ``number`` with ``archive`` ``arXiv`` (how the
BibTeX reader keeps an ``eprint``), or in ``extra`` when those are taken. Each
merge is reported with both sources: a warning when both records come from the
same file (a duplicate the file should not have), an informational note when
they come from different inputs (the point of giving several). Two entries of
one file that carry keys of their own are never merged (a document may cite
either key): they are reported and both kept.

The identity helpers here (``doi_key``, ``title_key``, ``arxiv_id``,
``is_preprint``) are shared by the overrides, ``--keys-from`` and ``check``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bibexport.errors import Diagnostic, info
from bibexport.model import STRING_FIELDS, Record, SourceSpan

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)
# New-style (2306.01129v2) and old-style (math.ST/0601001, hep-th/9901001) arXiv identifiers.
_ARXIV_ID = re.compile(
    r"(?<![\w.])(\d{4}\.\d{4,5}(?:v\d+)?|[a-z][a-z\-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)(?![\w])"
)
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([^\s?#]+?)(?:\.pdf)?(?:[?#]|$)", re.IGNORECASE)
_PREPRINT_SERVER = re.compile(
    r"\b(?:arxiv|corr|biorxiv|medrxiv|chemrxiv|ssrn|preprints?|openreview preprint)\b",
    re.IGNORECASE,
)
# ASCII letters and digits lowercased, other ASCII characters made spaces (others kept:
# a title in Chinese still has a key).
_WORD_CHARS = {c: (chr(c).lower() if chr(c).isalnum() else " ") for c in range(128)}

# Fields that describe where a preprint appeared: never copied onto a published version.
_PREPRINT_PLACE_FIELDS = frozenset(
    {
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
    }
)


def doi_key(doi: str) -> str:
    """A DOI reduced to the form two spellings of it share (no resolver prefix, lowercase)."""
    return _DOI_PREFIX.sub("", doi.strip()).strip().rstrip(".").lower()


def title_key(title: str) -> str:
    """A title reduced for comparison: markup removed, ASCII-folded, lowercase, words only."""
    from bibexport.text import fold_ascii, strip_markup

    # The checks skip the costly calls for the common title: plain ASCII, no markup.
    plain = strip_markup(title) if "<" in title else title
    if not plain.isascii():
        plain = fold_ascii(plain)
    return " ".join(plain.translate(_WORD_CHARS).split())


def arxiv_id(record: Record) -> str:
    """The record's arXiv identifier (without version), or ``""`` when it carries none."""
    candidates: list[str] = []
    for name in ("eprint", "arxiv", "arxivid", "arxiv_id"):
        value = record.extra_value(name)
        if value:
            candidates.append(value)
    if "arxiv" in record.archive.lower() or "arxiv" in record.container_title.lower():
        candidates.append(record.number)
    found = _ARXIV_DOI.match(doi_key(record.doi))
    if found:
        candidates.append(found.group(1))
    found = _ARXIV_URL.search(record.url)
    if found:
        candidates.append(found.group(1))
    if record.volume.lower().startswith("abs/"):  # dblp's CoRR entries
        candidates.append(record.volume[4:])
    candidates.extend((record.container_title, record.note))
    for text in candidates:
        found = _ARXIV_ID.search(text.strip())
        if found:
            return re.sub(r"v\d+$", "", found.group(1))
    return ""


def is_preprint(record: Record) -> bool:
    """True when the record is a preprint (arXiv, CoRR, bioRxiv...) rather than a publication."""
    venue = record.venue
    if venue is not None and venue.kind:
        return venue.kind == "preprint"
    if record.type == "article":
        return True
    places = (record.container_title, record.archive, venue.raw if venue else "")
    return any(_PREPRINT_SERVER.search(place) for place in places if place)


def _real_doi(record: Record) -> str:
    """The record's DOI unless it is an arXiv DOI (which a published version does not share)."""
    if not record.doi:
        return ""
    doi = doi_key(record.doi)
    return "" if _ARXIV_DOI.match(doi) else doi


def _families(record: Record) -> set[str]:
    """Lowercase family names of the authors, for a sanity check on title matches."""
    from bibexport.text import fold_ascii

    return {fold_ascii(a.family or a.literal).lower() for a in record.authors} - {""}


def _same_people(a: Record, b: Record) -> bool:
    """False only when both records name authors and share none of them."""
    fa, fb = _families(a), _families(b)
    return not fa or not fb or bool(fa & fb)


# A group is the input positions of records found to be one paper, in input order.
Group = list[int]


def merge_duplicates(records: Sequence[Record]) -> tuple[list[Record], list[Diagnostic]]:
    """Merge records that are the same paper; report each merge with both sources."""
    titles = [title_key(r.title) for r in records]
    preprint = [is_preprint(r) for r in records]
    groups = _group_exact(records, titles)
    groups = _attach_preprints(records, groups, titles, preprint)
    groups, diagnostics = _keep_cited_keys(records, groups)
    if len(groups) == len(records):
        return list(records), diagnostics
    merged: list[Record] = []
    for group in sorted(groups, key=lambda g: g[0]):
        record, found = _merge_group([records[i] for i in group])
        merged.append(record)
        diagnostics.extend(found)
    return merged, diagnostics


def _group_exact(records: Sequence[Record], titles: Sequence[str]) -> list[Group]:
    """Group by DOI, then by normalized title and year (unless two DOIs say otherwise)."""
    groups: list[Group] = []
    by_doi: dict[str, Group] = {}
    by_title: dict[tuple[str, int], list[Group]] = {}
    for index, record in enumerate(records):
        doi = _real_doi(record)
        year = record.year
        tkey = (titles[index], year) if titles[index] and year is not None else None
        group = by_doi.get(doi) if doi else None
        if group is None and tkey is not None and tkey in by_title:
            group = _title_match(records, by_title[tkey], record, doi)
        if group is None:
            group = [index]
            groups.append(group)
        else:
            group.append(index)
        if doi:
            by_doi.setdefault(doi, group)
        if tkey is not None:
            bucket = by_title.setdefault(tkey, [])
            if not any(g is group for g in bucket):
                bucket.append(group)
    return groups


def _cited_apart(a: Record, b: Record) -> bool:
    """True for two entries of one file that carry keys of their own: a document may cite
    either, so merging them (and dropping one key) would break it."""
    return bool(
        a.key
        and b.key
        and a.key.lower() != b.key.lower()
        and a.source is not None
        and b.source is not None
        and a.source.file == b.source.file
    )


def _keep_cited_keys(
    records: Sequence[Record], groups: list[Group]
) -> tuple[list[Group], list[Diagnostic]]:
    """Split groups so that no two entries of one file with keys of their own are merged;
    report each pair kept apart."""
    result: list[Group] = []
    diagnostics: list[Diagnostic] = []
    for group in groups:
        parts: list[Group] = []
        for index in group:
            record = records[index]
            for part in parts:
                clash = next((i for i in part if _cited_apart(records[i], record)), None)
                if clash is None:
                    part.append(index)
                    break
                diagnostics.append(_kept_apart(records[clash], record))
            else:
                parts.append([index])
        result.extend(parts)
    return result, diagnostics


def _kept_apart(first: Record, second: Record) -> Diagnostic:
    message = (
        f"{_where(first)} and {_where(second)} look like one paper ({_reason(first, second)}) "
        f"but both keys ({first.key!r}, {second.key!r}) may be cited: kept both"
    )
    return Diagnostic("warning", "duplicate", message, second.source)


def _title_match(
    records: Sequence[Record], candidates: list[Group], record: Record, doi: str
) -> Group | None:
    """The first group with this title and year whose DOIs and authors agree with the record."""
    for group in candidates:
        dois = {d for i in group if (d := _real_doi(records[i]))}
        if doi and dois - {doi}:
            continue
        if all(
            _same_people(record, records[i]) and not _other_venues(record, records[i])
            for i in group
        ):
            return group
    return None


def _other_venues(a: Record, b: Record) -> bool:
    """True for two publications at venues the registry tells apart (a workshop version
    and the conference paper, a conference paper and its journal version): two papers."""
    if a.venue is None or b.venue is None or is_preprint(a) or is_preprint(b):
        return False
    return bool(a.venue.id and b.venue.id and a.venue.id != b.venue.id)


def _attach_preprints(
    records: Sequence[Record], groups: list[Group], titles: Sequence[str], preprint: list[bool]
) -> list[Group]:
    """Fold each preprint-only group into the earliest published version with its title."""
    published: dict[str, list[Group]] = {}
    waiting: list[Group] = []
    for group in groups:
        if all(preprint[i] for i in group):
            waiting.append(group)
            continue
        for index in group:
            published.setdefault(titles[index], []).append(group)
    if not waiting or not published:
        return groups
    moved: set[int] = set()
    for group in waiting:
        target = _published_version(records, group, titles[group[0]], published, preprint)
        if target is not None:
            target.extend(group)
            target.sort()
            moved.add(id(group))
    return [g for g in groups if id(g) not in moved]


def _published_version(
    records: Sequence[Record],
    group: Group,
    tkey: str,
    published: dict[str, list[Group]],
    preprint: list[bool],
) -> Group | None:
    """The published group a preprint group (whose title key is ``tkey``) belongs to, or None.

    Only the publications' years count: preprints already attached do not change them.
    """
    first = records[group[0]]
    if not tkey or first.year is None:
        return None
    best: tuple[int, int] | None = None
    found: Group | None = None
    for candidate in published.get(tkey, []):
        years = [y for i in candidate if not preprint[i] and (y := records[i].year) is not None]
        if not years or min(years) < first.year:
            continue
        if not all(_same_people(first, records[i]) for i in candidate):
            continue
        rank = (min(years), candidate[0])
        if best is None or rank < best:
            best, found = rank, candidate
    return found


def _richness(record: Record) -> int:
    """How many facts a record carries, to choose the base of a merge."""
    filled = sum(1 for name in STRING_FIELDS if getattr(record, name))
    return filled + len(record.authors) + (record.issued is not None) + bool(record.key)


def _merge_group(members: list[Record]) -> tuple[Record, list[Diagnostic]]:
    """One record out of a group's records (in input order); a diagnostic per record merged in."""
    if len(members) == 1:
        return members[0], []
    published = [r for r in members if not is_preprint(r)] or members
    base = max(published, key=_richness)  # max() keeps the first of equals: input order
    result = base
    for record in members:
        if record is not base:
            result = _fold(result, record, preprint=is_preprint(record) and not is_preprint(base))
    result = result.with_changes(source=base.source)
    first = members.index(base)
    diagnostics = [
        _report(base, record, result, base_first=first < i)
        for i, record in enumerate(members)
        if record is not base
    ]
    if not result.authors_cut:
        diagnostics += [
            info(
                "authors-completed",
                f"the author list of {len(record.authors)} names is completed by a copy "
                f"with {len(result.authors)}",
                record.source,
            )
            for record in members
            if record.authors_cut
        ]
    return result, diagnostics


def _fold(base: Record, other: Record, *, preprint: bool) -> Record:
    """``base`` completed from ``other``; with ``preprint``, ``other`` is base's preprint."""
    changes: dict[str, object] = {}
    for name in STRING_FIELDS:
        if preprint and name in _PREPRINT_PLACE_FIELDS:
            continue
        if not getattr(base, name) and getattr(other, name):
            changes[name] = getattr(other, name)
    changes.update(_merged_authors(base, other))
    if not base.key:
        changes["key"] = other.key
    if preprint and not base.number and not base.archive and arxiv_id(other):
        # As the BibTeX reader keeps an eprint: written back as eprint + archivePrefix.
        changes.update(number=arxiv_id(other), archive="arXiv")
    if not preprint:
        changes["issued"] = _better_date(base, other)
        if base.venue is None:
            changes["venue"] = other.venue
    if not base.editors:
        changes["editors"] = other.editors
    changes["keywords"] = tuple(dict.fromkeys(base.keywords + other.keywords))
    changes["selected"] = base.selected or other.selected
    changes["extra"] = _merged_extra(base, other, preprint=preprint)
    return base.with_changes(**changes)


def _merged_authors(base: Record, other: Record) -> dict[str, object]:
    """The longer author list wins; it counts as cut only if no list as long is complete."""
    if len(other.authors) > len(base.authors):
        return {"authors": other.authors, "authors_cut": other.authors_cut, "others": other.others}
    if len(other.authors) == len(base.authors) and not other.authors_cut:
        return {"authors_cut": False}
    return {}


def _better_date(base: Record, other: Record) -> object:
    """Base's date, unless the other gives the same year more precisely (or base has none)."""
    if base.issued is None:
        return other.issued
    if other.issued is not None and other.issued.year == base.issued.year:
        precision = (base.issued.month is not None, base.issued.day is not None)
        if (other.issued.month is not None, other.issued.day is not None) > precision:
            return other.issued
    return base.issued


def _merged_extra(base: Record, other: Record, *, preprint: bool) -> tuple[tuple[str, str], ...]:
    """Base's extra fields plus the other's new ones; a preprint contributes its arXiv id."""
    extra = dict(base.extra)
    if preprint:
        identifier = arxiv_id(other)
        if identifier and (base.number or base.archive) and identifier != arxiv_id(base):
            extra.setdefault("eprint", identifier)
            extra.setdefault("eprinttype", "arXiv")
        if identifier and other.extra_value("primaryclass"):
            extra.setdefault("primaryclass", other.extra_value("primaryclass") or "")
        return tuple(extra.items())
    for name, value in other.extra:
        extra.setdefault(name, value)
    return tuple(extra.items())


def _where(record: Record) -> str:
    return str(record.source) if record.source else "an input"


def _reason(a: Record, b: Record) -> str:
    """Why two records of one group are one paper."""
    if _real_doi(a) and _real_doi(a) == _real_doi(b):
        return "same DOI"
    if is_preprint(a) != is_preprint(b):
        return "preprint"
    return "same title and year" if a.year == b.year else "same title"


def _report(base: Record, other: Record, result: Record, *, base_first: bool) -> Diagnostic:
    """One merge: a warning within one file, a note across inputs; sources in input order."""
    reason = _reason(base, other)
    same_file = (
        base.source is not None
        and other.source is not None
        and base.source.file == other.source.file
    )
    if reason == "preprint":
        message = (
            f"the preprint at {_where(other)} and the publication at {_where(base)} are one paper "
            "(same title): merged, the published venue kept"
        )
    else:
        pair = (base, other) if base_first else (other, base)
        message = f"{_where(pair[0])} and {_where(pair[1])} are one paper ({reason}): merged"
    if other.key and base.key and other.key.lower() != base.key.lower():
        message += f"; key {other.key!r} dropped for {result.key!r}"
    source = base.source or other.source or SourceSpan("<input>", 1)
    return Diagnostic("warning" if same_file else "info", "duplicate", message, source)
