"""The Arrow author listing: the text of an author page, read into records.

The format (``../shared/LISTING-FORMAT.md``): an optional page header (site
line, ``Author name cluster``, the owner's name, a description, ``9 papers``,
``Possible papers``, the count again), then one block per paper::

    NeurIPS Conference 2025 Conference Paper      <- <VENUE> <KIND> <YEAR> <ENTRY TYPE>
    Beyond Scores: Proximal Diffusion Models      <- title
      • Zhenghan Fang                             <- author bullets
      • Sam Buchanan
    Diffusion models have quickly ...             <- abstract (optional)

Copies of real pages vary, and all of these read the same: CRLF line ends, a
byte order mark, trailing spaces, no blank line or several between blocks,
bullets ``•``, ``-``, ``*``, ``·`` with or without indentation, non-breaking
spaces, no header at all.

A venue line is recognized by its shape: a four-digit year followed by the
entry type (one to four capitalized words, ``Conference Paper``). When the
word right before the year is a venue kind (``Conference``, ``Journal``,
``Workshop``, ...) it is taken off the venue name, so ``Findings of the
Association for Computational Linguistics Conference 2023 Conference Paper``
gives the venue ``Findings of the Association for Computational Linguistics``.
A line counts as a venue line only when a title and author bullets follow it,
so an abstract line that happens to end in ``2019 Conference Paper`` is not
taken for one; a known entry type with no authors after it is an entry cut
off, which is an error.

This module only reads: titles and abstracts come out as found (``text.py``
cleans them), names parsed by ``names.parse_display_name``.
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass
from functools import lru_cache

from bibexport.errors import Diagnostic, InputError, ParseResult, warning
from bibexport.model import Name, PartialDate, Record, SourceSpan, Venue
from bibexport.names import is_others, parse_display_name
from bibexport.registry import FormatSpec

# Entry type as shown -> (CSL type, venue kind it implies, genre).
ENTRY_TYPES: dict[str, tuple[str, str, str]] = {
    "conference paper": ("paper-conference", "conference", ""),
    "journal article": ("article-journal", "journal", ""),
    "workshop paper": ("paper-conference", "workshop", ""),
    "preprint": ("article", "preprint", ""),
    "book chapter": ("chapter", "other", ""),
    "chapter": ("chapter", "other", ""),
    "thesis": ("thesis", "other", ""),
    "phd thesis": ("thesis", "other", "PhD thesis"),
    "doctoral thesis": ("thesis", "other", "PhD thesis"),
    "dissertation": ("thesis", "other", "PhD thesis"),
    "master's thesis": ("thesis", "other", "Master's thesis"),
    "masters thesis": ("thesis", "other", "Master's thesis"),
    "book": ("book", "other", ""),
    "edited book": ("book", "other", ""),
    "technical report": ("report", "other", ""),
    "report": ("report", "other", ""),
    "dataset": ("dataset", "other", ""),
    "software": ("software", "other", ""),
}
# The venue kind word right before the year -> the normalized kind (model.VENUE_KINDS).
# Only words that are labels and never end a venue's name ("Symposium" may).
VENUE_KINDS: dict[str, str] = {
    "conference": "conference",
    "journal": "journal",
    "workshop": "workshop",
    "preprint": "preprint",
    "repository": "preprint",
    "book": "other",
    "other": "other",
}
# For an entry type the table does not know: the CSL type its venue kind suggests.
_TYPE_FOR_KIND = {
    "conference": "paper-conference",
    "workshop": "paper-conference",
    "journal": "article-journal",
    "preprint": "article",
}
# Records are made by filling in a blank one: with_changes copies a dict, which is
# several times faster than the frozen dataclass's __init__ over every field.
_BLANK = Record()
MAX_SHOWN_AUTHORS = 8  # the site shows at most this many authors per paper

_BULLET = re.compile(r"^\s*(?:[•·◦▪●‣∙]\s*|[-*–]\s+)(?P<text>\S.*)$")
_INLINE_BULLET = re.compile(r"\s+[•·◦▪●‣∙]\s+")
_YEAR_WORD = re.compile(r"\s[12]\d{3}\s+[A-Z]")
_MAX_VENUE_LINE = 240
_MAX_TITLE_LINES = 4  # a title wrapped by a copy takes a few lines at most
_MAX_TYPE_WORDS = 4
_DECLARED = re.compile(r"^(?P<count>\d[\d,]*)\s+papers?$", re.IGNORECASE)
_SITE_LINE = re.compile(r"\barrow\b.*\bsearch\b", re.IGNORECASE)
_PAGE_KIND = "author name cluster"


@dataclass(frozen=True)
class VenueLine:
    """The parts of a venue line: ``NeurIPS Conference 2025 Conference Paper``."""

    venue: str
    kind_word: str
    year: int
    entry_type: str

    @property
    def known_type(self) -> bool:
        """True when the entry type is one the reader maps without guessing."""
        return self.entry_type.lower() in ENTRY_TYPES


def parse_venue_line(line: str) -> VenueLine | None:
    """Split ``<VENUE> <KIND> <YEAR> <ENTRY TYPE>``, or None when the line has not that shape."""
    if len(line) > _MAX_VENUE_LINE or not _YEAR_WORD.search(line):
        return None
    return _parse_venue_words(line)


@lru_cache(maxsize=4096)  # a page has a few venue lines, each on many entries
def _parse_venue_words(line: str) -> VenueLine | None:
    words = line.split()
    for index in range(len(words) - 2, max(0, len(words) - 2 - _MAX_TYPE_WORDS), -1):
        word = words[index]
        if len(word) == 4 and word.isdigit() and word[0] in "12":
            type_words = words[index + 1 :]
            # Capitalized only: "... extends our 2019 preprint" ends many an abstract line.
            if not all(_is_type_word(w) for w in type_words):
                return None
            return _venue_line(words[:index], int(word), " ".join(type_words))
    return None


# Venues and dates recur on many entries and are immutable: one object each is
# shared (a frozen dataclass's __init__ costs a microsecond or two per record).
@lru_cache(maxsize=4096)
def _venue(raw: str, kind: str) -> Venue:
    return Venue(raw=raw, kind=kind)


@lru_cache(maxsize=1024)
def _date(year: int) -> PartialDate:
    return PartialDate(year)


def _is_type_word(word: str) -> bool:
    """A capitalized word of letters (``Conference``, ``Master's``, ``Non-Archival``)."""
    return word[0].isupper() and word.replace("'", "").replace("’", "").replace("-", "").isalpha()


def _venue_line(before: list[str], year: int, entry_type: str) -> VenueLine:
    """Take a known kind word off the end of the venue words."""
    kind_word = ""
    if len(before) > 1 and before[-1].lower() in VENUE_KINDS:
        kind_word = before.pop()
    return VenueLine(" ".join(before), kind_word, year, entry_type)


# Spaces a copy from a browser may carry instead of plain ones.
_ODD_SPACES = ("\u00a0", "\u202f", "\u2007", "\ufeff")
_BULLET_STARTS = frozenset("•·◦▪●‣∙-*–")


@dataclass(slots=True)
class _Line:
    number: int
    text: str
    bullet: str | None  # the text after a bullet marker, when the line is a bullet
    after_blank: bool  # a blank line (or the start of the text) comes right before


def _lines(text: str) -> list[_Line]:
    """Every non-blank line with its 1-based number, bullets recognized."""
    out: list[_Line] = []
    blank = True
    if "\r" in text:  # one scan for a character, where "\r\n" takes ten times longer
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for odd in _ODD_SPACES:  # str.replace is far faster than str.translate on long text
        if odd in text:
            text = text.replace(odd, " " if odd != "\ufeff" else "")
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            blank = True
            continue
        bullet = None
        if line[0] in _BULLET_STARTS:
            match = _BULLET.match(line)
            if match:
                bullet = match.group("text")
        out.append(_Line(number, line, bullet, blank))
        blank = False
    return out


@dataclass
class _Entry:
    venue: VenueLine
    line: int
    title: list[str]
    authors: list[_Line]
    abstract: list[str]


class _Reader:
    """One pass over the lines: header, then entries (venue, title, bullets, abstract)."""

    def __init__(self, text: str, name: str) -> None:
        self.name = name
        self.lines = _lines(text)
        self.diagnostics: list[Diagnostic] = []
        self.meta: dict[str, object] = {}

    def span(self, line: int) -> SourceSpan:
        return SourceSpan(self.name, line)

    def entry_at(self, index: int) -> tuple[VenueLine, int] | None:
        """The venue line at ``index`` and where its bullets start, if an entry begins there."""
        line = self.lines[index]
        if line.bullet is not None:
            return None
        venue = parse_venue_line(line.text)
        if venue is None:
            return None
        cursor = index + 1
        while cursor < len(self.lines) and self.lines[cursor].bullet is None:
            # A title may end in a year and capitalized words ("The TREC 2019 Deep
            # Learning Track"): such a line starts the next entry only when it has a
            # known entry type, or a title and bullets of its own after it.
            following = parse_venue_line(self.lines[cursor].text)
            if following is not None and (following.known_type or self.has_title(cursor)):
                break
            cursor += 1
        has_title = cursor > index + 1
        has_bullets = cursor < len(self.lines) and self.lines[cursor].bullet is not None
        if has_bullets and (has_title or venue.known_type):
            return venue, cursor
        # A known entry type opening a block with no authors after it is an entry cut off.
        if venue.known_type and (line.after_blank or cursor - index <= 3):
            what = "its authors" if has_title else "its title and authors"
            raise InputError(
                f"the entry {line.text!r} is cut off before {what}", self.span(line.number)
            )
        return None

    def has_title(self, index: int) -> bool:
        """True when the line at ``index`` is followed by a title and then bullets."""
        end = min(len(self.lines), index + 2 + _MAX_TITLE_LINES)
        cursor = index + 1
        while cursor < end and self.lines[cursor].bullet is None:
            cursor += 1
        return index + 1 < cursor < end and self.lines[cursor].bullet is not None

    def read(self) -> ParseResult:
        entries: list[_Entry] = []
        header_end = len(self.lines)
        index = 0
        current: _Entry | None = None
        while index < len(self.lines):
            found = self.entry_at(index)
            if found is not None:
                if current is None:
                    header_end = index
                current, index = self.start_entry(index, *found)
                entries.append(current)
                continue
            if current is not None:
                current.abstract.append(self.lines[index].text)
            index += 1
        if not entries:
            first = self.lines[0].number if self.lines else 1
            raise InputError(
                "no entries found: an author listing has blocks of a venue line "
                "('NeurIPS Conference 2025 Conference Paper'), a title and author bullets",
                self.span(first),
            )
        self.read_header(self.lines[:header_end])
        records = [self.record(entry) for entry in entries]
        self.check_count(len(records))
        return ParseResult(records=records, diagnostics=self.diagnostics, meta=self.meta)

    def start_entry(self, index: int, venue: VenueLine, bullets: int) -> tuple[_Entry, int]:
        """Collect the title lines and author bullets of the entry at ``index``."""
        title = [line.text for line in self.lines[index + 1 : bullets]]
        cursor, authors = bullets, []
        while cursor < len(self.lines) and self.lines[cursor].bullet is not None:
            authors.append(self.lines[cursor])
            cursor += 1
        entry = _Entry(venue, self.lines[index].number, title, authors, [])
        return entry, cursor

    def read_header(self, lines: list[_Line]) -> None:
        """Page owner and declared count from the lines before the first entry."""
        texts = [line.text for line in lines]
        lowered = [t.lower() for t in texts]
        if _PAGE_KIND in lowered:
            position = lowered.index(_PAGE_KIND)
            if position + 1 < len(texts):
                self.meta["owner"] = texts[position + 1]
        for line in lines:
            match = _DECLARED.match(line.text)
            if match:
                self.meta["declared_count"] = int(match.group("count").replace(",", ""))
                self.meta["declared_count_line"] = line.number
                break

    def check_count(self, found: int) -> None:
        declared = self.meta.get("declared_count")
        if declared is not None and declared != found:
            line = int(str(self.meta["declared_count_line"]))
            self.diagnostics.append(
                warning(
                    "count-mismatch",
                    f"the page says {_count(declared, 'paper')} but "
                    f"{_count(found, 'entry', 'entries')} {'was' if found == 1 else 'were'} "
                    "found (the copy may be incomplete)",
                    self.span(line),
                )
            )
        self.meta.pop("declared_count_line", None)

    def record(self, entry: _Entry) -> Record:
        """The record of one entry; diagnostics for what had to be guessed."""
        source = self.span(entry.line)
        venue = entry.venue
        csl_type, kind, genre = self.entry_type(venue, source)
        authors, others = self.authors(entry, source)
        title = " ".join(entry.title)
        if not title:
            self.diagnostics.append(warning("title-missing", "this entry has no title", source))
        cut = len(authors) == MAX_SHOWN_AUTHORS and not others
        if cut:
            self.diagnostics.append(
                warning(
                    "authors-cut",
                    f"exactly {MAX_SHOWN_AUTHORS} authors: the site shows at most "
                    f"{MAX_SHOWN_AUTHORS}, so the list may be cut (--cut-lists others marks it)",
                    source,
                )
            )
        return _BLANK.with_changes(
            type=csl_type,
            title=title,
            authors=tuple(authors),
            issued=_date(venue.year),
            venue=_venue(venue.venue, kind),
            genre=genre,
            abstract=" ".join(entry.abstract),
            authors_cut=cut,
            others=others,
            source=source,
        )

    def entry_type(self, venue: VenueLine, source: SourceSpan) -> tuple[str, str, str]:
        """CSL type, venue kind and genre of an entry; a warning when the type is unknown."""
        kind_from_word = VENUE_KINDS.get(venue.kind_word.lower(), "")
        known = ENTRY_TYPES.get(venue.entry_type.lower())
        if known is not None:
            csl_type, implied_kind, genre = known
            # A workshop paper is a workshop's, whatever the kind word says.
            kind = implied_kind if implied_kind == "workshop" else kind_from_word or implied_kind
            return csl_type, kind, genre
        kind = kind_from_word or "other"
        csl_type = _TYPE_FOR_KIND.get(kind, "article")
        self.diagnostics.append(
            warning(
                "entry-type-unknown",
                f"unknown entry type {venue.entry_type!r}; read as {csl_type}",
                source,
            )
        )
        return csl_type, kind, ""

    def authors(self, entry: _Entry, source: SourceSpan) -> tuple[list[Name], bool]:
        """Parsed author names and whether the list ends with an et-al marker."""
        names: list[Name] = []
        others = False
        for line in entry.authors:
            assert line.bullet is not None
            for text in _split_bullet(line.bullet):
                if is_others(text):
                    others = True
                    continue
                try:
                    names.append(parse_display_name(text))
                except ValueError:
                    self.diagnostics.append(
                        warning(
                            "author-empty", f"an author bullet without a name: {text!r}", source
                        )
                    )
        return names, others


@lru_cache(maxsize=65536)  # the same author bullets recur on most entries of a page
def _split_bullet(bullet: str) -> tuple[str, ...]:
    """The names in one bullet line: several when a copy joined bullets on one line."""
    return tuple(_INLINE_BULLET.split(bullet))


def _count(number: object, singular: str, plural: str = "") -> str:
    """``1 paper``, ``9 papers``."""
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def read(text: str, name: str) -> ParseResult:
    """Read an author listing into records (uncleaned); InputError when it holds no entry."""
    # Reading makes millions of small objects and no reference cycles: the cyclic
    # collector's full passes over them would take about as long as the reading.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _Reader(text, name).read()
    finally:
        if collecting:
            gc.enable()


_SNIFF_LINES = 400


def _head_lines(text: str, count: int) -> list[str]:
    """``text.splitlines()[:count]`` without splitting all of a long text."""
    size = 1 << 16
    while True:
        lines = text[:size].splitlines()
        # One more line than needed proves the first ``count`` are complete.
        if len(lines) > count or size >= len(text):
            return lines[:count]
        size *= 4


def sniff(text: str) -> bool:
    """True when the text is an author listing: the site's header, or an entry's shape."""
    head = text.lstrip("\ufeff \t\r\n")
    if not head or head[0] in "@{[<" or head.startswith(("TY  -", "---", "%YAML")):
        return False
    lines = _lines("\n".join(_head_lines(head, _SNIFF_LINES)))
    texts = [line.text.lower() for line in lines[:20]]
    if any(_SITE_LINE.search(t) for t in texts[:3]) and _PAGE_KIND in texts:
        return True
    for index, line in enumerate(lines[:-2]):
        if line.bullet is not None or parse_venue_line(line.text) is None:
            continue
        following = lines[index + 1 : index + 3]
        if following[0].bullet is None and following[1].bullet is not None:
            return True
    return False


FORMATS = (
    FormatSpec(
        name="listing",
        description="Arrow research search author page, saved or copied as text (read only)",
        extensions=(".txt",),
        read=read,
        sniff=sniff,
        aliases=("arrow", "author-listing"),
    ),
)
