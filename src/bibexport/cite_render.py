"""One formatted bibliography entry, rendered for each markup bibexport writes.

The citation engine gives each entry as an HTML fragment. This module reads
that fragment into a flat list of ``Span``s (text plus the marks on it: italic,
bold, small caps, superscript, subscript, link, math), lets callers add marks
(the highlighted author, links for bare URLs, TeX math), and renders the spans
as HTML, Markdown, LaTeX or plain text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bibexport.cite_math import SUBSCRIPTS, SUPERSCRIPTS, find_math, math_to_unicode

# Marks in the order they nest (outermost first); a canonical order makes the
# output well formed and the same for the same input.
MARK_ORDER: tuple[str, ...] = ("a", "b", "i", "sc", "sup", "sub", "math")
# Marks that change how text looks, moved off surrounding whitespace.
STYLE_MARKS = frozenset({"b", "i", "sc", "sup", "sub"})

_URL = re.compile(r"\bhttps?://[^\s<>\"]+")
# A DOI printed without its resolver, as IEEE and others do ("doi: 10.1109/5.771073").
_DOI = re.compile(r"\bdoi:?\s*(10\.\d{4,9}/[^\s<>\"]+)", re.IGNORECASE)
_URL_TRAILING = ".,;:!?'\"’”"


@dataclass(frozen=True)
class Span:
    """A run of text with the same marks; ``href`` is set when the run is a link."""

    text: str
    marks: frozenset[str] = frozenset()
    href: str = ""


# ---------------------------------------------------------------- reading HTML

_TAG_MARKS = {"i": "i", "em": "i", "b": "b", "strong": "b", "sup": "sup", "sub": "sub"}


# A well-formed tag (closing mark, name, attributes, self-closing mark) or a run of text;
# a ``<`` that starts no such tag is text.
_TOKEN = re.compile(
    r"<(/?)([A-Za-z][A-Za-z0-9]*)"
    r"((?:\s+[A-Za-z_:][-\w:.]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'<>=`]+))?)*)\s*(/?)>"
    r"|([^<]+|<)"
)
_ATTRIBUTE = re.compile(r"""([A-Za-z_:][-\w:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


# The tags a CSL engine writes; anything else that looks like a tag is text.
_KNOWN_TAGS = frozenset(
    {"i", "em", "b", "strong", "sup", "sub", "span", "a", "div", "p", "br", "li"}
)


class _FragmentReader:
    """Reads the engine's HTML fragment into spans; unknown tags keep only their text.

    The engine writes a small, regular HTML (inline tags, escaped text), so a
    tokenizer is enough; it is several times faster than ``html.parser``.
    """

    def __init__(self) -> None:
        self.spans: list[Span] = []
        self.stack: list[tuple[str, str | None, str]] = []  # (tag, mark, href)
        self.pending_space = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        mark: str | None = _TAG_MARKS.get(tag)
        href = ""
        if tag == "span":
            style = (attributes.get("style") or "").replace(" ", "")
            if "small-caps" in style:
                mark = "sc"
            elif "font-style:italic" in style:
                mark = "i"
            elif "font-weight:bold" in style:
                mark = "b"
        elif tag == "a":
            href = attributes.get("href") or ""
            mark = "a" if href else None
        elif tag in ("div", "p", "br", "li"):
            self.pending_space = bool(self.spans)
            if "csl-left-margin" in (attributes.get("class") or ""):
                mark = "label"  # the style's own number: [1], 1.
        self.stack.append((tag, mark, href))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break
        if tag in ("div", "p", "li"):
            self.pending_space = bool(self.spans)

    def handle_data(self, data: str) -> None:
        if not data:
            return
        after_block = self.pending_space and self.spans and not data[:1].isspace()
        if after_block and not self.spans[-1].text[-1:].isspace():
            data = " " + data
        self.pending_space = False
        marks = frozenset(m for _, m, _ in self.stack if m)
        href = next((h for _, m, h in reversed(self.stack) if m == "a"), "")
        self.spans.append(Span(data, marks, href))

    def feed(self, fragment: str) -> None:
        for match in _TOKEN.finditer(fragment):
            closing, tag, attributes, self_closing, text = match.groups()
            if text is not None:
                self.handle_data(html.unescape(text))
            elif tag.lower() not in _KNOWN_TAGS:
                # Not markup the engine writes: text of a title (``<script>``, ``<T>``).
                self.handle_data(match.group(0))
            elif closing:
                self.handle_endtag(tag.lower())
            else:
                attrs = [
                    (
                        m.group(1).lower(),
                        html.unescape(m.group(2) or m.group(3) or m.group(4) or ""),
                    )
                    for m in _ATTRIBUTE.finditer(attributes)
                ]
                self.handle_starttag(tag.lower(), attrs)
                if self_closing:
                    self.handle_endtag(tag.lower())


def parse_fragment(fragment: str) -> list[Span]:
    """The spans of an HTML fragment (whitespace runs collapsed, ends trimmed)."""
    reader = _FragmentReader()
    reader.feed(fragment)
    spans = [Span(re.sub(r"[ \t\n\r]+", " ", s.text), s.marks, s.href) for s in reader.spans]
    return _trim(_merge(spans))


def _merge(spans: Iterable[Span]) -> list[Span]:
    """Join neighbours with the same marks and link; drop empty spans."""
    merged: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        if merged and merged[-1].marks == span.marks and merged[-1].href == span.href:
            merged[-1] = Span(merged[-1].text + span.text, span.marks, span.href)
        else:
            merged.append(span)
    return merged


def _trim(spans: list[Span]) -> list[Span]:
    """Spans without leading or trailing whitespace on the whole entry."""
    if spans:
        spans[0] = Span(spans[0].text.lstrip(), spans[0].marks, spans[0].href)
        spans[-1] = Span(spans[-1].text.rstrip(), spans[-1].marks, spans[-1].href)
    return _merge(spans)


def drop_label(spans: Sequence[Span]) -> list[Span]:
    """The spans without the style's own entry label (``[1]``), for lists bibexport numbers."""
    kept = [span for span in spans if "label" not in span.marks]
    if len(kept) == len(spans):
        return list(spans)
    return _trim(_merge(kept))


def plain(spans: Sequence[Span]) -> str:
    """The text of the spans without any marks."""
    return "".join(span.text for span in spans)


# ---------------------------------------------------------------- adding marks


def add_mark(spans: Sequence[Span], start: int, end: int, mark: str, href: str = "") -> list[Span]:
    """The spans with ``mark`` added to characters ``start:end`` of their plain text."""
    result: list[Span] = []
    offset = 0
    for span in spans:
        span_start, span_end = offset, offset + len(span.text)
        offset = span_end
        cut_from, cut_to = max(start, span_start), min(end, span_end)
        if cut_from >= cut_to:
            result.append(span)
            continue
        before = span.text[: cut_from - span_start]
        inside = span.text[cut_from - span_start : cut_to - span_start]
        after = span.text[cut_to - span_start :]
        result.append(Span(before, span.marks, span.href))
        result.append(Span(inside, span.marks | {mark}, href or span.href))
        result.append(Span(after, span.marks, span.href))
    return _merge(result)


def mark_math(spans: Sequence[Span]) -> list[Span]:
    """Mark every ``$...$`` formula (dollars included) as math."""
    result = list(spans)
    for start, end in find_math(plain(result)):
        result = add_mark(result, start, end, "math")
    return result


def mark_urls(spans: Sequence[Span]) -> list[Span]:
    """Make bare ``http(s)://`` URLs and ``doi: 10...`` DOIs outside existing links into links."""
    result = list(spans)
    text = plain(result)
    covered = _covered(result, "a") | _covered(result, "math")
    for match in _URL.finditer(text):
        url = _strip_url_tail(match.group(0))
        start, end = match.start(), match.start() + len(url)
        if not any(i in covered for i in range(start, end)):
            result = add_mark(result, start, end, "a", url)
            covered.update(range(start, end))
    for match in _DOI.finditer(text):
        doi = _strip_url_tail(match.group(1))
        start, end = match.start(1), match.start(1) + len(doi)
        if not any(i in covered for i in range(start, end)):
            result = add_mark(result, start, end, "a", f"https://doi.org/{doi}")
    return result


def _strip_url_tail(url: str) -> str:
    """A URL without the sentence punctuation that follows it (``).`` unless balanced)."""
    while url and (
        url[-1] in _URL_TRAILING or (url[-1] == ")" and url.count("(") < url.count(")"))
    ):
        url = url[:-1]
    return url


def _covered(spans: Sequence[Span], mark: str) -> set[int]:
    """The character positions that carry ``mark``."""
    positions: set[int] = set()
    offset = 0
    for span in spans:
        if mark in span.marks:
            positions.update(range(offset, offset + len(span.text)))
        offset += len(span.text)
    return positions


def tidy(spans: Sequence[Span]) -> list[Span]:
    """Move style marks off leading and trailing whitespace (``<b>x </b>`` -> ``<b>x</b> ``)."""
    result: list[Span] = []
    for span in spans:
        styled = span.marks & STYLE_MARKS
        if not styled or "math" in span.marks or not span.text.strip():
            result.append(span if span.text.strip() or not styled else _unstyled(span))
            continue
        core = span.text.strip()
        lead = span.text[: len(span.text) - len(span.text.lstrip())]
        tail = span.text[len(span.text.rstrip()) :]
        result.extend(
            (_unstyled(Span(lead, span.marks, span.href)), Span(core, span.marks, span.href))
        )
        result.append(_unstyled(Span(tail, span.marks, span.href)))
    return _merge(result)


def _unstyled(span: Span) -> Span:
    return Span(span.text, span.marks - STYLE_MARKS, span.href)


# ---------------------------------------------------------------- rendering


def _events(spans: Sequence[Span]) -> list[tuple[str, str, Span | None]]:
    """Open/close/text events that nest marks in MARK_ORDER."""
    events: list[tuple[str, str, Span | None]] = []
    open_marks: list[tuple[str, str]] = []  # (mark, href)
    for span in spans:
        wanted = [(m, span.href if m == "a" else "") for m in MARK_ORDER if m in span.marks]
        keep = 0
        while keep < min(len(open_marks), len(wanted)) and open_marks[keep] == wanted[keep]:
            keep += 1
        for mark, _ in reversed(open_marks[keep:]):
            events.append(("close", mark, None))
        for mark, href in wanted[keep:]:
            events.append(("open", mark, Span("", frozenset(), href)))
        open_marks = wanted
        events.append(("text", "", span))
    for mark, _ in reversed(open_marks):
        events.append(("close", mark, None))
    return events


_HTML_TAGS = {
    "b": ("<b>", "</b>"),
    "i": ("<i>", "</i>"),
    "sc": ('<span style="font-variant:small-caps">', "</span>"),
    "sup": ("<sup>", "</sup>"),
    "sub": ("<sub>", "</sub>"),
    "math": ('<span class="math">', "</span>"),
}


def to_html(spans: Sequence[Span]) -> str:
    """The entry as an HTML fragment; math made readable where that is certain."""
    out: list[str] = []
    for kind, mark, span in _events(spans):
        if kind == "open":
            if mark == "a":
                out.append(f'<a href="{html.escape(span.href if span else "", quote=True)}">')
            else:
                out.append(_HTML_TAGS[mark][0])
        elif kind == "close":
            out.append("</a>" if mark == "a" else _HTML_TAGS[mark][1])
        elif span is not None:
            text = _readable_math(span.text) if "math" in span.marks else span.text
            out.append(html.escape(text, quote=False))
    return "".join(out)


def _readable_math(formula: str) -> str:
    """A ``$...$`` formula in Unicode when the converter is sure, else as written."""
    readable = math_to_unicode(formula[1:-1]) if len(formula) > 2 else None
    return formula if readable is None else readable


def to_text(spans: Sequence[Span]) -> str:
    """The entry as plain text: no marks, math made readable where that is certain.

    Superscripts and subscripts become Unicode ones (``10⁶``, ``H₂O``) when every
    character has one, so that the text does not read ``106`` for 10 to the 6th.
    """
    parts = []
    for span in spans:
        if "math" in span.marks:
            parts.append(_readable_math(span.text))
        elif "sup" in span.marks or "sub" in span.marks:
            table = SUPERSCRIPTS if "sup" in span.marks else SUBSCRIPTS
            mapped = all(ch in table for ch in span.text)
            parts.append("".join(table[ch] for ch in span.text) if mapped else span.text)
        else:
            parts.append(span.text)
    return "".join(parts)


_LATEX_COMMANDS = {
    "b": "\\textbf{",
    "i": "\\textit{",
    "sc": "\\textsc{",
    "sup": "\\textsuperscript{",
    "sub": "\\textsubscript{",
}
_LATEX_SPECIALS = {
    "\\": "\\textbackslash{}",
    "{": "\\{",
    "}": "\\}",
    "#": "\\#",
    "$": "\\$",
    "%": "\\%",
    "&": "\\&",
    "_": "\\_",
    "^": "\\^{}",
    "~": "\\textasciitilde{}",
}
_LATEX_SPECIAL_RE = re.compile(r"[\\{}#$%&_^~]")


def latex_escape(text: str) -> str:
    """``text`` with LaTeX's special characters escaped."""
    return _LATEX_SPECIAL_RE.sub(lambda m: _LATEX_SPECIALS[m.group(0)], text)


def to_latex(spans: Sequence[Span]) -> str:
    """The entry as LaTeX: specials escaped outside math, math kept verbatim, URLs as ``\\url``."""
    out: list[str] = []
    in_link = False
    for kind, mark, span in _events(spans):
        if kind == "open":
            if mark == "a":
                in_link = True
            elif mark != "math":
                out.append(_LATEX_COMMANDS[mark])
        elif kind == "close":
            if mark == "a":
                in_link = False
            elif mark != "math":
                out.append("}")
        elif span is not None:
            if "math" in span.marks:
                out.append(span.text)
            elif in_link:
                out.append(f"\\url{{{_url_escape(span.text)}}}")
            else:
                out.append(latex_escape(span.text))
    return "".join(out)


def _url_escape(url: str) -> str:
    """A URL for ``\\url{}``: the characters that break inside other commands escaped."""
    return re.sub(r"([%#{}\\])", r"\\\1", url)


# Characters escaped in Markdown text: CommonMark's inline syntax plus pandoc's
# extensions (``$`` math, ``^``/``~`` super/subscript, ``@`` citations, ``|`` tables).
_MD_SPECIAL_RE = re.compile(r"([\\`*_\[\]<>$|~^@#!])")
_MD_ENTITY_RE = re.compile(r"&(?=#?\w+;)")
_MD_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def markdown_escape(text: str) -> str:
    """``text`` with every character Markdown could read as syntax escaped."""
    return _MD_ENTITY_RE.sub(r"\\&", _MD_SPECIAL_RE.sub(r"\\\1", text))


def markdown_block_escape(line: str) -> str:
    """Escape what would start a list, quote or heading at the start of a block."""
    match = re.match(r"(\d+)([.)])(\s)", line)
    if match:
        return f"{match.group(1)}\\{match.group(2)}{line[match.end(2) :]}"
    if re.match(r"[-+=](\s|$)", line):
        return "\\" + line
    return line


_MD_DELIMITERS = {"b": ("**", "**"), "i": ("*", "*")}
_MD_HTML = {
    "b": ("<strong>", "</strong>"),
    "i": ("<em>", "</em>"),
    "sup": ("<sup>", "</sup>"),
    "sub": ("<sub>", "</sub>"),
}


def to_markdown(spans: Sequence[Span]) -> str:
    """The entry as Markdown: ``*italic*``, ``**bold**``, ``<url>``, math kept for MathJax.

    Emphasis falls back to ``<em>``/``<strong>`` where CommonMark's flanking rules
    would not read ``*`` as emphasis (content that starts or ends with punctuation
    next to a letter), so no title can gain or lose emphasis by accident.
    """
    flat = plain(spans)
    events = _events(spans)
    out: list[str] = []
    closers: list[str] = []
    position = 0
    in_link = False
    for index, (kind, mark, span) in enumerate(events):
        if kind == "open":
            if mark == "a":
                in_link = True
                continue
            opener, closer = _markdown_pair(mark, flat, position, events, index, out)
            out.append(opener)
            closers.append(closer)
        elif kind == "close":
            if mark == "a":
                in_link = False
                continue
            out.append(closers.pop())
        elif span is not None:
            position += len(span.text)
            if "math" in span.marks:
                out.append(span.text)
            elif in_link:
                out.append(f"<{span.text}>" if span.text == span.href else _md_link(span))
            else:
                out.append(markdown_escape(span.text))
    return markdown_block_escape("".join(out))


def _md_link(span: Span) -> str:
    """A Markdown link whose text differs from its target."""
    return f"[{markdown_escape(span.text)}](<{span.href}>)"


def _markdown_pair(
    mark: str,
    flat: str,
    position: int,
    events: Sequence[tuple[str, str, Span | None]],
    index: int,
    out: Sequence[str],
) -> tuple[str, str]:
    """The opening and closing delimiters for a mark that starts at ``position``."""
    if mark in ("sc", "math"):
        return "", ""
    if mark not in _MD_DELIMITERS:
        return _MD_HTML[mark]
    length = _run_length(events, index)
    content = flat[position : position + length]
    before = out[-1][-1:] if out and out[-1] else ""
    after = flat[position + length : position + length + 1]
    delimiter_next = _next_is_delimiter(events, index)
    if content and _flanks(before, content, after) and before != "*" and not delimiter_next:
        return _MD_DELIMITERS[mark]
    return _MD_HTML[mark]


def _run_length(events: Sequence[tuple[str, str, Span | None]], index: int) -> int:
    """How many characters of text lie between the open event at ``index`` and its close."""
    depth = 0
    length = 0
    for kind, _, span in events[index:]:
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
            if depth == 0:
                return length
        elif span is not None:
            length += len(span.text)
    return length


def _next_is_delimiter(events: Sequence[tuple[str, str, Span | None]], index: int) -> bool:
    """True when the mark opened at ``index`` is directly followed by another mark's open."""
    depth = 0
    for position in range(index, len(events)):
        kind = events[position][0]
        depth += 1 if kind == "open" else -1 if kind == "close" else 0
        if depth == 0:
            following = events[position + 1 : position + 2]
            return bool(following) and following[0][0] == "open"
    return False


def _flanks(before: str, content: str, after: str) -> bool:
    """True when ``*`` around ``content`` is left- and right-flanking in CommonMark."""
    first, last = content[0], content[-1]
    if first.isspace() or last.isspace():
        return False
    opens = first not in _MD_PUNCT or not before or before.isspace() or before in _MD_PUNCT
    closes = last not in _MD_PUNCT or not after or after.isspace() or after in _MD_PUNCT
    return opens and closes
