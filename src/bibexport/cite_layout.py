"""The layout of a formatted bibliography: which records, in what order, how numbered and marked up.

The CSL engine (``bibexport.cite_engine``) formats each entry; this module
chooses and orders the records (``--selected``, ``--group-by``, ``--sort``),
numbers them, bolds the highlighted people, and lays the entries out as plain
text, HTML, Markdown, LaTeX or JSON, as a fragment or a complete document.
"""

from __future__ import annotations

import difflib
import html
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bibexport import cite_render
from bibexport.cite_highlight import Target, find_people, parse_target
from bibexport.errors import UsageError
from bibexport.formats.citation import GROUPINGS, MARKUPS, SORTS
from bibexport.model import Record
from bibexport.registry import WriteOptions

# Headings of --group-by type, in the order a CV lists them.
TYPE_HEADINGS: tuple[tuple[str, str], ...] = (
    ("article-journal", "Journal articles"),
    ("paper-conference", "Conference papers"),
    ("workshop", "Workshop papers"),
    ("chapter", "Book chapters"),
    ("book", "Books"),
    ("article", "Preprints"),
    ("thesis", "Theses"),
    ("report", "Reports"),
    ("dataset", "Datasets"),
    ("software", "Software"),
    ("speech", "Talks"),
    ("patent", "Patents"),
    ("manuscript", "Manuscripts"),
    ("entry-encyclopedia", "Encyclopedia entries"),
    ("webpage", "Web pages"),
)
OTHER_TYPES = "Other publications"
NO_DATE = "No date"
OTHER_VENUES = "Other venues"

STANDALONE_CSS = (
    "body { max-width: 48em; margin: 2em auto; padding: 0 1em; "
    "font-family: Georgia, serif; line-height: 1.45; }\n"
    ".csl-entry { margin: 0 0 0.7em; }\n"
    ".csl-entry a { word-break: break-all; }"
)


@dataclass(frozen=True)
class Entry:
    """One formatted entry: its record, engine output, spans with marks, and number."""

    record: Record
    key: str
    text: str
    spans: tuple[cite_render.Span, ...]
    group: str
    number: int | None


@dataclass(frozen=True)
class Group:
    """Entries under one heading (the heading is empty when the list is not grouped)."""

    heading: str
    entries: tuple[Entry, ...]


def write_bibliography(records: Sequence[Record], options: WriteOptions) -> str:
    """Format ``records`` in ``options.style``, laid out for ``options.markup``."""
    _check_options(options)
    chosen = [r for r in records if r.selected] if options.selected else list(records)
    if not chosen:
        raise UsageError(
            "no record is marked selected (mark some with an overrides file)"
            if options.selected
            else "there are no records to format"
        )
    groups = build_groups(chosen, options)
    return RENDERERS[options.markup](groups, options)


def _check_options(options: WriteOptions) -> None:
    """Raise UsageError for option values the writer does not know."""
    _check_locale(options.locale)
    checks = (
        ("--markup", options.markup, MARKUPS),
        ("--group-by", options.group_by, ("", *GROUPINGS)),
        ("--sort", options.sort, ("", *SORTS)),
    )
    for option, value, allowed in checks:
        if value not in allowed:
            shown = ", ".join(a for a in allowed if a)
            raise UsageError(f"{option} must be one of {shown} (got {value!r})")


def known_locales() -> list[str]:
    """The CSL locales citeproc-py ships (``en-US``, ``de-DE``, ``ar``...)."""
    import importlib.util

    spec = importlib.util.find_spec("citeproc")
    folders = list(spec.submodule_search_locations or []) if spec else []
    names = []
    for folder in folders:
        locales = Path(folder) / "data" / "locales"
        if locales.is_dir():
            names += [p.name[len("locales-") : -len(".xml")] for p in locales.glob("locales-*.xml")]
    return sorted(names)


def _check_locale(locale: str) -> None:
    """Raise UsageError for a locale citeproc-py does not have (it would fall back silently)."""
    known = known_locales()
    if not known or locale in known or any(name.startswith(f"{locale}-") for name in known):
        return
    close = difflib.get_close_matches(locale, known, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise UsageError(f"unknown locale {locale!r}{hint}")


# ---------------------------------------------------------------- order and groups


def build_groups(records: Sequence[Record], options: WriteOptions) -> list[Group]:
    """Format the records and arrange them into numbered, highlighted groups."""
    from bibexport.cite_engine import format_bibliography
    from bibexport.cite_styles import resolve_shipped
    from bibexport.csl import to_csl

    sort = options.sort or ("newest" if options.group_by else "style")
    heading_of = _heading_function(options.group_by)
    rank = _group_rank(records, options.group_by, heading_of, sort)
    order_key = _order_key(sort, rank, heading_of)
    # The engine sees the records in the final order, so styles that number
    # entries in citation order (IEEE) number them as they are listed.
    ordered = sorted(records, key=order_key)
    items = []
    for index, record in enumerate(ordered):
        item = to_csl(record)
        item["id"] = f"r{index}"
        items.append(item)
    formatted = format_bibliography(items, resolve_shipped(options.style), options.locale)
    by_id = {f"r{index}": record for index, record in enumerate(ordered)}
    if len(formatted) != len(ordered) or any(e.key not in by_id for e in formatted):
        raise UsageError(f"style {options.style!r} did not format every record")
    pairs = sorted(((by_id[e.key], e) for e in formatted), key=lambda pair: order_key(pair[0]))
    targets = _targets(options)
    total = len(pairs)
    entries = []
    for position, (record, formatted_entry) in enumerate(pairs):
        number = None
        if options.numbered:
            number = total - position if options.reverse_numbering else position + 1
        entries.append(
            _make_entry(record, formatted_entry.html, targets, number, heading_of(record))
        )
    return _split_groups(entries, bool(options.group_by))


def _make_entry(
    record: Record,
    fragment: str,
    targets: Sequence[Target],
    number: int | None,
    group: str,
) -> Entry:
    """An Entry with math, links and highlighted people marked on the engine's HTML."""
    spans = cite_render.parse_fragment(fragment)
    if number is not None:
        spans = cite_render.drop_label(spans)
    spans = cite_render.mark_urls(cite_render.mark_math(spans))
    if targets:
        people = find_people(cite_render.plain(spans), record.authors + record.editors, targets)
        for start, end in people:
            spans = cite_render.add_mark(spans, start, end, "b")
    spans = cite_render.tidy(spans)
    return Entry(record, record.key, cite_render.to_text(spans), tuple(spans), group, number)


def _split_groups(entries: Sequence[Entry], grouped: bool) -> list[Group]:
    """Consecutive entries with the same heading as Groups."""
    if not grouped:
        return [Group("", tuple(entries))]
    groups: list[Group] = []
    for entry in entries:
        if groups and groups[-1].heading == entry.group:
            groups[-1] = Group(entry.group, (*groups[-1].entries, entry))
        else:
            groups.append(Group(entry.group, (entry,)))
    return groups


def _targets(options: WriteOptions) -> list[Target]:
    """The people to highlight: --highlight names, else the listing's page owner."""
    names = [n for n in options.highlight if n.strip()]
    if not names and options.extra.get("highlight_owner", True):
        owner = options.extra.get("owner")
        if isinstance(owner, str) and owner.strip():
            names = [owner]
    return [parse_target(name) for name in names]


def type_heading(record: Record) -> str:
    """The --group-by type heading of a record (workshop papers apart from conference papers)."""
    kind = record.type
    if (
        kind == "paper-conference"
        and record.venue
        and (record.venue.kind == "workshop" or record.venue.workshop)
    ):
        kind = "workshop"
    return dict(TYPE_HEADINGS).get(kind, OTHER_TYPES)


def venue_heading(record: Record) -> str:
    """The --group-by venue heading: the venue's short name, else its name, else the container."""
    venue = record.venue
    for candidate in (
        venue.short if venue else "",
        venue.name if venue else "",
        record.container_title,
        venue.raw if venue else "",
    ):
        if candidate.strip():
            return candidate.strip()
    return OTHER_VENUES


def year_heading(record: Record) -> str:
    """The --group-by year heading."""
    return str(record.year) if record.year is not None else NO_DATE


def _heading_function(group_by: str) -> Callable[[Record], str]:
    return {"year": year_heading, "type": type_heading, "venue": venue_heading}.get(
        group_by, lambda record: ""
    )


def _group_rank(
    records: Sequence[Record], group_by: str, heading_of: Callable[[Record], str], sort: str
) -> dict[str, int]:
    """The position of each group heading in the output."""
    headings = sorted({heading_of(r) for r in records})
    if group_by == "year":
        years = sorted({r.year for r in records if r.year is not None}, reverse=sort != "oldest")
        ordered = [str(y) for y in years] + ([NO_DATE] if NO_DATE in headings else [])
    elif group_by == "type":
        known = [title for _, title in TYPE_HEADINGS] + [OTHER_TYPES]
        ordered = [title for title in known if title in headings]
    elif group_by == "venue":
        ordered = sorted((h for h in headings if h != OTHER_VENUES), key=str.casefold)
        ordered += [OTHER_VENUES] if OTHER_VENUES in headings else []
    else:
        ordered = headings
    return {heading: index for index, heading in enumerate(ordered)}


def _order_key(
    sort: str, rank: dict[str, int], heading_of: Callable[[Record], str]
) -> Callable[[Record], tuple[int, ...]]:
    """The sort key of a record: its group, then its date (stable otherwise)."""

    def key(record: Record) -> tuple[int, ...]:
        group = rank.get(heading_of(record), 0)
        if sort == "style":
            return (group,)
        issued = record.issued
        if issued is None:
            return (group, 1, 0, 0, 0)
        date = (issued.year, issued.month or 0, issued.day or 0)
        sign = -1 if sort == "newest" else 1
        return (group, 0, *(sign * part for part in date))

    return key


# ---------------------------------------------------------------- documents


def _title(options: WriteOptions) -> str:
    """The title of a standalone document: "Publications of OWNER" when the owner is known."""
    owner = options.extra.get("owner")
    person = owner if isinstance(owner, str) and owner.strip() else ""
    named = [n for n in options.highlight if n.strip()]
    if not person and len(named) == 1:
        person = named[0]
    return f"Publications of {person.strip()}" if person else "Publications"


def render_text(groups: Sequence[Group], options: WriteOptions) -> str:
    """Plain text: one entry per line, numbers as ``N.``, a heading line above each group."""
    blocks = []
    for group in groups:
        lines = [_numbered(e.number, e.text) for e in group.entries]
        blocks.append("\n".join(([group.heading, ""] if group.heading else []) + lines))
    return "\n\n".join(blocks) + "\n"


def _numbered(number: int | None, text: str) -> str:
    return f"{number}. {text}" if number is not None else text


def render_html(groups: Sequence[Group], options: WriteOptions) -> str:
    """HTML: ``div.csl-entry`` entries (an ``ol`` when numbered), ``h2`` group headings."""
    parts = []
    for group in groups:
        if group.heading:
            parts.append(f"<h2>{html.escape(group.heading, quote=False)}</h2>")
        parts.append(_html_list(group.entries, options))
    body = "\n".join(parts)
    if not options.standalone:
        return body + "\n"
    title = html.escape(_title(options), quote=False)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(options.locale)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="bibexport">\n'
        f"<title>{title}</title>\n<style>\n{STANDALONE_CSS}\n</style>\n</head>\n<body>\n"
        f"<h1>{title}</h1>\n{body}\n</body>\n</html>\n"
    )


def _html_list(entries: Sequence[Entry], options: WriteOptions) -> str:
    numbered = options.numbered
    lines = []
    for entry in entries:
        anchor = f' id="ref-{html.escape(entry.key, quote=True)}"' if entry.key else ""
        value = f' value="{entry.number}"' if entry.number is not None else ""
        tag = "li" if numbered else "div"
        lines.append(
            f'  <{tag} class="csl-entry"{anchor}{value}>{cite_render.to_html(entry.spans)}</{tag}>'
        )
    if numbered:
        reversed_attr = " reversed" if options.reverse_numbering else ""
        return '<ol class="csl-bib-body"' + reversed_attr + ">\n" + "\n".join(lines) + "\n</ol>"
    return '<div class="csl-bib-body">\n' + "\n".join(lines) + "\n</div>"


def render_markdown(groups: Sequence[Group], options: WriteOptions) -> str:
    """Markdown: a ``-`` list, an ordered list when numbered upwards, ``N\\.`` paragraphs downwards.

    CommonMark lists can only count up, so a count-down list is written as
    paragraphs that start with their escaped number.
    """
    blocks = []
    for group in groups:
        if group.heading:
            blocks.append(f"## {cite_render.markdown_escape(group.heading)}")
        blocks.append(_markdown_list(group.entries, options))
    body = "\n\n".join(blocks) + "\n"
    if not options.standalone:
        return body
    front = (
        f"---\ntitle: {json.dumps(_title(options), ensure_ascii=False)}\n"
        f"lang: {json.dumps(options.locale)}\n---\n\n"
    )
    return front + body


def _markdown_list(entries: Sequence[Entry], options: WriteOptions) -> str:
    lines = []
    for entry in entries:
        text = cite_render.to_markdown(entry.spans)
        if entry.number is None:
            lines.append(f"- {text}")
        elif options.reverse_numbering:
            lines.append(f"{entry.number}\\. {text}")
        else:
            lines.append(f"{entry.number}. {text}")
    separator = "\n\n" if options.numbered and options.reverse_numbering else "\n"
    return separator.join(lines)


def render_latex(groups: Sequence[Group], options: WriteOptions) -> str:
    """LaTeX: ``itemize``, or ``enumerate`` with explicit labels; ``\\subsection*`` headings."""
    blocks = []
    for group in groups:
        if group.heading:
            blocks.append(f"\\subsection*{{{cite_render.latex_escape(group.heading)}}}")
        environment = "enumerate" if options.numbered else "itemize"
        items = [
            f"  \\item[{e.number}.] " if e.number is not None else "  \\item "
            for e in group.entries
        ]
        lines = [
            prefix + _latex_item_text(cite_render.to_latex(e.spans))
            for prefix, e in zip(items, group.entries, strict=True)
        ]
        blocks.append(
            f"\\begin{{{environment}}}\n" + "\n".join(lines) + f"\n\\end{{{environment}}}"
        )
    body = "\n\n".join(blocks) + "\n"
    if not options.standalone:
        return body
    title = cite_render.latex_escape(_title(options))
    return (
        "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage[utf8]{inputenc}\n"
        "\\usepackage{url}\n"
        f"\\title{{{title}}}\n\\date{{}}\n\\begin{{document}}\n\\maketitle\n\n"
        f"{body}\n\\end{{document}}\n"
    )


def _latex_item_text(text: str) -> str:
    """Entry text that ``\\item`` cannot take for its label (``[1] ...`` -> ``{}[1] ...``)."""
    return "{}" + text if text.startswith("[") else text


def render_json(groups: Sequence[Group], options: WriteOptions) -> str:
    """JSON: an array, in bibliography order, of one object per entry."""
    rows = []
    for group in groups:
        for entry in group.entries:
            record = entry.record
            row: dict[str, object] = {"key": entry.key}
            if entry.number is not None:
                row["number"] = entry.number
            if options.group_by:
                row["group"] = group.heading
            row.update(
                text=entry.text,
                html=cite_render.to_html(entry.spans),
                markdown=cite_render.to_markdown(entry.spans),
                year=record.year,
                type=record.type,
                venue=venue_heading(record) if venue_heading(record) != OTHER_VENUES else "",
                doi=record.doi,
                url=record.url,
            )
            rows.append(row)
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


RENDERERS: dict[str, Callable[[Sequence[Group], WriteOptions], str]] = {
    "text": render_text,
    "html": render_html,
    "markdown": render_markdown,
    "latex": render_latex,
    "json": render_json,
}
