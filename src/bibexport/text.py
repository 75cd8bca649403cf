"""Text cleanup: whitespace, HTML entities, page furniture, broken URLs, inline markup.

Rich text (titles, abstracts) in a ``Record`` is Unicode NFC with CSL's inline
markup (``<i>``, ``<b>``, ``<sup>``, ``<sub>``, ``<span class="nocase">``) and
TeX math kept verbatim between ``$`` signs. ``clean_records`` is the pipeline
step that brings whatever a reader found into that form:

- HTML entities are decoded (also the legacy forms without a semicolon, such
  as ``&copy JMLR``), repeatedly, so double-encoded text comes out right;
- non-breaking and other odd spaces become plain spaces, zero-width characters
  and soft hyphens go, runs of whitespace collapse;
- a site's page furniture after an abstract (``[abs] [ pdf ][ bib ] [ code ]
  &copy JMLR 2024. ( edit, beta )`` and the like) is removed;
- URLs broken by text extraction are repaired where that is certain (see
  ``repair_urls``);
- markdown-like emphasis (``_x_``, ``*x*``, ``**x**``) becomes ``<i>``/``<b>``;
  code spans (```x```) become ``<span class="nocase">x</span>`` (code keeps
  its case in every style);
- TeX dashes outside math become Unicode (``---`` an em dash, ``--`` between
  words or digits an en dash); TeX quotes ````x''`` become curly quotes. The
  BibTeX writer turns them back into TeX.

TeX math is never changed, apart from NFC and collapsing whitespace runs (which
TeX ignores in math). Every function here is idempotent: cleaning clean text
changes nothing.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import fields, replace

from bibexport.errors import Diagnostic, info, warning
from bibexport.model import STRING_FIELDS, Record, Venue

# --- characters -------------------------------------------------------------

# Characters that carry nothing in running text: zero-width space, word joiner,
# byte order mark, soft hyphen, and C0/C1 control characters.
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")

# Letters that Unicode decomposition does not reduce to ASCII.
_FOLD_TABLE = str.maketrans(
    {
        "ß": "ss",
        "ẞ": "SS",
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
        "ı": "i",
        "ħ": "h",
        "Ħ": "H",
        "ŋ": "ng",
        "Ŋ": "NG",
        "ĸ": "k",
        "ſ": "s",
        "‘": "'",
        "’": "'",
        "‚": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
        "−": "-",
        "…": "...",
    }
)


def fold_ascii(s: str) -> str:
    """Fold letters to ASCII for keys and matching: ``Gaël Łojasiewicz`` -> ``Gael Lojasiewicz``.

    Diacritics are dropped, ligatures and special letters spelled out (ß -> ss,
    ł -> l, ø -> o, æ -> ae), typographic quotes and dashes made ASCII.
    Characters with no ASCII form (Chinese, Greek, ...) are kept as they are, so
    that matching still tells them apart; key makers drop what they cannot use.
    """
    decomposed = unicodedata.normalize("NFKD", s.translate(_FOLD_TABLE))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped.translate(_FOLD_TABLE))


def normalize_whitespace(s: str) -> str:
    """Odd spaces to plain spaces, invisible characters removed, runs collapsed, ends stripped."""
    if s.isprintable() and "  " not in s:  # no odd space, no invisible character
        return s.strip()
    if _INVISIBLE.search(s):
        s = _INVISIBLE.sub("", s)
    # str.split() splits at every Unicode space (NBSP, U+2000-U+200A, U+3000, line breaks).
    return " ".join(s.split())


def clean_plain(s: str) -> str:
    """Minimal cleanup of a plain string field: NFC and whitespace."""
    if s.isascii() and s.isprintable() and "  " not in s and s.strip() == s:
        return s
    return unicodedata.normalize("NFC", normalize_whitespace(s))


def decode_entities(s: str) -> str:
    """Decode HTML entities to a fixed point: ``&amp;amp;`` -> ``&``; ``&copy`` -> ``©``."""
    if "&" not in s:
        return s
    for _ in range(8):  # every round shortens the text; real double encoding stops by 3
        decoded = _ENTITY.sub(lambda m: html.unescape(m.group()), s)
        if decoded == s:
            break
        s = decoded
    return s


# An entity: numeric, named with its semicolon, or named without one (``&copy JMLR``)
# only where a word ends, so a URL's query (``?id=1&noteId=2``, ``&param=``) stays.
_ENTITY = re.compile(
    r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;|[A-Za-z][A-Za-z0-9]*(?![A-Za-z0-9=]))"
)


# --- math ---------------------------------------------------------------------

# Display math `$$...$$`, then inline math `$...$` by pandoc's rule: the opening
# `$` has a non-space right after it, the closing `$` a non-space right before
# it and no digit right after it (so "costs $5 and $10" is not math). `\$` is
# an escaped dollar, never a delimiter. An inline body cannot pass an unescaped
# `$`, so it is matched atomically, with the lookahead-and-backreference idiom
# (Python 3.10 has no atomic groups): nothing to backtrack into, a third faster.
_MATH = re.compile(
    r"\$(?:(?<!\\\$)\$(?:[^$\\]|\\.)+?(?<!\\)\$\$"
    r"|(?<![\\$]\$)(?![\s$])(?=(?P<body>(?:[^$\\]+|\\.)*))(?P=body)(?<![\s\\])\$(?![\d$]))",
    re.DOTALL,
)


def split_math(text: str) -> list[tuple[bool, str]]:
    """Split text into ``(is_math, segment)`` pairs; math segments keep their ``$`` delimiters.

    ``"".join(segment for _, segment in split_math(t)) == t`` always holds.
    """
    if "$" not in text:
        return [(False, text)] if text else []
    parts: list[tuple[bool, str]] = []
    position = 0
    for match in _MATH.finditer(text):
        if match.start() > position:
            parts.append((False, text[position : match.start()]))
        parts.append((True, match.group()))
        position = match.end()
    if position < len(text):
        parts.append((False, text[position:]))
    return parts


# --- inline markup --------------------------------------------------------------

_CSL_TAG = re.compile(r'</?(?:i|b|sup|sub)>|<span class="nocase">|</span>')


def strip_markup(rich: str) -> str:
    """Rich text to plain text: CSL inline tags dropped, text and ``$math$`` kept."""
    if "<" not in rich:  # no tag to drop
        return rich
    return "".join(seg if is_math else _CSL_TAG.sub("", seg) for is_math, seg in split_math(rich))


# --- URLs -----------------------------------------------------------------------

# "https: //", "http:/ /", "ftp:// " and the like; the colon comes first so that
# the regex engine can skip to it, the scheme is checked behind it.
_SCHEME_GAP = re.compile(
    r":(?:(?<=[hH][tT][tT][pP]:)|(?<=[hH][tT][tT][pP][sS]:)|(?<=[fF][tT][pP]:))"
    r"(?:\s+/\s*/|/\s+/|//(?=\s))\s*"
)
# Top-level domains that end a host name often enough to be trusted when an
# extraction split the host at a dot ("github. com").
_TLDS = frozenset(
    {
        "com",
        "org",
        "net",
        "edu",
        "gov",
        "mil",
        "int",
        "io",
        "ai",
        "co",
        "info",
        "biz",
        "dev",
        "app",
        "xyz",
        "me",
        "ly",
        "to",
        "tv",
        "cc",
        "us",
        "uk",
        "de",
        "fr",
        "it",
        "nl",
        "be",
        "ch",
        "at",
        "se",
        "no",
        "dk",
        "fi",
        "es",
        "pt",
        "pl",
        "cz",
        "ru",
        "cn",
        "jp",
        "kr",
        "in",
        "au",
        "ca",
        "br",
        "mx",
        "il",
        "eu",
        "ac",
    }
)
# A host name after a scheme or ``www.``, whose labels may be split at ". ".
# A host name after a scheme or ``www.``, whose labels may be split at ". ".
_HOST_AFTER_SCHEME = re.compile(r"(?P<head>://)(?P<host>[A-Za-z0-9-]+(?:\.\s?[A-Za-z0-9-]+)*)")
_HOST_AFTER_WWW = re.compile(
    r"(?P<head>[wW]{3}(?<![\w./@][wW]{3})\.\s?)(?P<host>[A-Za-z0-9-]+(?:\.\s?[A-Za-z0-9-]+)*)"
)
_HOST_SEPARATOR = re.compile(r"(\.\s?)")
# URLs are found from their "://" (a literal the regex engine finds fast), then
# extended left over the scheme; bare "www." hosts separately.
_URL_TAIL = re.compile(r"://[^\s<>\"]+")
_URL_SCHEMES = ("https", "http", "ftp")
_WWW_URL = re.compile(r"[wW]{3}(?<![\w./@][wW]{3})\.[A-Za-z0-9-]+\.[^\s<>\"]+")


def repair_urls(text: str) -> str:
    """Rejoin URLs that text extraction split at ``:`` and at dots of the host name.

    ``https: //github. com/Ma-Lab-Berkeley/CRATE`` -> ``https://github.com/Ma-Lab-Berkeley/CRATE``.
    Only the scheme and the host are rejoined, and a host label only when it is
    followed by more of the URL (``/``, ``.``, ``:``, ``?``) or is a known
    top-level domain. The path ends at the first space: words after a space
    are never pulled into the URL, because nothing tells a lost ``_`` (the
    sample's ``diffusion mem gen``) from the prose that follows a URL. Such
    cases are reported by ``suspect_urls`` instead of guessed.
    """
    if not _mentions_url(text):
        return text
    text = _SCHEME_GAP.sub(_close_scheme_gap, text)
    if "://" in text:
        text = _HOST_AFTER_SCHEME.sub(_join_host, text)
    if _mentions_www(text):
        text = _HOST_AFTER_WWW.sub(_join_host, text)
    return text


def _close_scheme_gap(match: re.Match[str]) -> str:
    """``://`` for a gap after a scheme that starts a word (not ``nothttp: //``)."""
    text, start = match.string, match.start()
    for scheme in _URL_SCHEMES:
        begin = start - len(scheme)
        if begin >= 0 and text[begin:start].lower() == scheme:
            return "://" if begin == 0 or not text[begin - 1].isalnum() else match.group()
    return match.group()


# The tests below run on every segment of every abstract: a one-character test
# (memchr) or one short scan first spares most prose the longer scans.
def _mentions_url(text: str) -> bool:
    """A cheap test that lets the URL regexes skip text without any URL."""
    return ("/" in text and ("//" in text or "/ /" in text)) or _mentions_www(text)


def _mentions_www(text: str) -> bool:
    if "ww" not in text and "WW" not in text:
        return False
    return "www" in text or "WWW" in text or "Www" in text


def _url_spans(text: str) -> list[tuple[int, int]]:
    """Where the URLs in ``text`` are: ``(start, end)`` pairs, in order."""
    spans: list[tuple[int, int]] = []
    if "://" in text:
        for match in _URL_TAIL.finditer(text):
            start = match.start()
            for scheme in _URL_SCHEMES:
                begin = start - len(scheme)
                if text[max(begin, 0) : start].lower() == scheme and begin >= 0:
                    if begin == 0 or not text[begin - 1].isalnum():
                        spans.append((begin, match.end()))
                    break
    if _mentions_www(text):
        spans.extend(m.span() for m in _WWW_URL.finditer(text))
        spans.sort()
    return spans


def _join_host(match: re.Match[str]) -> str:
    """Join a host's labels up to the last one that surely belongs to it."""
    if " " not in match.group():
        return match.group()
    head = match.group("head").rstrip()
    pieces = _HOST_SEPARATOR.split(match.group("host"))
    labels, separators = pieces[0::2], pieces[1::2]
    following = match.string[match.end() : match.end() + 1]
    last = -1
    for index, label in enumerate(labels):
        if label in _TLDS or (index == len(labels) - 1 and following and following in "/:?#"):
            last = index
    if last < 0:
        return head + match.group("host")
    rest = "".join(
        sep + label for sep, label in zip(separators[last:], labels[last + 1 :], strict=True)
    )
    return head + ".".join(labels[: last + 1]) + rest


# A URL followed by a few short lowercase words and the end of a sentence: what
# a URL whose underscores or hyphens were lost looks like.
_SUSPECT_URL = re.compile(
    r"://[^\s<>\"]*[A-Za-z0-9/](?:\s[a-z][a-z0-9]{0,14}){1,3}[.)]?(?:\s*$|\s+(?=[A-Z]))"
)


def suspect_urls(text: str) -> list[str]:
    """URLs that look cut at a space (``https://github.com/x/diffusion mem gen.``), to report."""
    if "://" not in text:
        return []
    plain = strip_markup(text)
    found = []
    for match in _SUSPECT_URL.finditer(plain):
        scheme = re.search(r"[A-Za-z]+\Z", plain[max(0, match.start() - 8) : match.start()])
        if scheme and scheme.group().lower() in _URL_SCHEMES:
            found.append(scheme.group() + match.group().rstrip(".)").strip())
    return found


# A repository URL (host/owner/name) that ends the abstract, followed by a few
# short lowercase words: text extraction turned the underscores of the
# repository's name into spaces (`https://github.com/DruvPai/diffusion mem gen.`).
# Only this shape is repaired: nothing follows it that prose could continue
# with, and a repository name is one path segment with no spaces of its own.
_LOST_UNDERSCORES = re.compile(
    r"(?P<url>https?://(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org"
    r"|huggingface\.co)/[A-Za-z0-9_.-]+/[A-Za-z0-9_-]+)"
    r"(?P<tail>(?: [a-z0-9][a-z0-9-]{0,14}){1,3})(?P<end>\.?)\s*\Z"
)
_PROSE_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "of",
        "on",
        "or",
        "see",
        "the",
        "this",
        "to",
        "was",
        "were",
        "which",
        "with",
        "we",
        "our",
        "can",
        "will",
        "under",
        "available",
        "here",
        "there",
    ]
)


def repair_lost_underscores(text: str) -> tuple[str, str | None]:
    """Rejoin a repository URL that ends the text and lost its underscores to spaces.

    Returns the text and the repaired URL (None when nothing was repaired).
    """
    match = _LOST_UNDERSCORES.search(text) if "://" in text else None
    if match is None:
        return text, None
    words = match.group("tail").split()
    if any(word in _PROSE_WORDS for word in words):
        return text, None
    url = match.group("url") + "_" + "_".join(words)
    return text[: match.start()] + url + match.group("end"), url


# --- prose transformations (outside math, URLs and code) -------------------------

# A markdown code span: a run of backticks, code without backticks or tags, the same run.
_CODE_SPAN = re.compile(r"(?P<ticks>`(?<!``)`*)(?=[^`\s])[^`<>\n]*?[^`<>\s](?P=ticks)(?!`)")
_NOCASE_SPAN = re.compile(r'<span class="nocase">.*?</span>')
_TEX_QUOTES = re.compile(r"``(?=\S)([^`'<>]+?)(?<=\S)''")
# Every pattern below starts with its literal so that the regex engine can skip
# straight to candidates; the look-behinds come right after that literal.
_EM_DASH = re.compile(r"---(?<!-{4})(?!-)")
_EN_DASH_WORDS = re.compile(r"--(?<=[^\W_]--)(?=[^\W_])")
_EN_DASH_SPACED = re.compile(r"--(?<=\s--)(?=\s)")
_EMPHASIS = tuple(
    (re.compile(rf"{m}(?<![\w{c}]{m})(?=[^\s{c}])([^{c}\n]+?)(?<=[^\s{c}]){m}(?![\w{c}])"), tag)
    for m, c, tag in (
        (r"\*\*", r"*", "b"),
        (r"__", r"_", "b"),
        (r"\*", r"*", "i"),
        (r"_", r"_", "i"),
    )
)
_TAG = re.compile(r"</?(?:i|b|sup|sub)>")


def _transform_prose(text: str) -> str:
    """Quotes, dashes and emphasis in text that holds no math, URL or code."""
    if "--" in text:
        text = _EM_DASH.sub("—", text)
        text = _EN_DASH_WORDS.sub("–", text)
        text = _EN_DASH_SPACED.sub("–", text)
    for _ in range(4):  # nested emphasis (_*a*_) resolves outside in
        if "*" not in text and "_" not in text:
            break
        before = text
        for pattern, tag in _EMPHASIS:
            text = pattern.sub(rf"<{tag}>\1</{tag}>", text)
        if text == before:
            break
    return text


# HTML and JATS markup that abstracts from publishers and Crossref carry:
# <jats:p>, <jats:italic>, <em>, <strong>, <br/>. Attributes must have values, so
# that prose such as "x <b and y> c" is never taken for a tag.
_HTML_TAG = re.compile(
    r"<(?P<close>/?)(?:jats:|mml:|html:)?(?P<name>[A-Za-z][A-Za-z0-9-]*)"
    r"(?:\s+[\w:-]+=(?:\"[^\"<>]*\"|'[^'<>]*'))*\s*/?>"
)
_SPACE_RUN = re.compile(" {2,}")
_HTML_HEADING = re.compile(r"<(?:jats:)?title>[^<>]{0,40}</(?:jats:)?title>")
_HTML_INLINE = {"italic": "i", "em": "i", "i": "i", "bold": "b", "strong": "b", "b": "b"}
_HTML_INLINE |= {"sub": "sub", "sup": "sup"}
_HTML_BLOCKS = frozenset(
    ["p", "div", "sec", "section", "br", "hr", "abstract", "list", "list-item", "li", "ul", "ol"]
)
_HTML_DROPPED = frozenset(["sc", "u", "underline", "small", "font"])


def html_to_rich(text: str) -> str:
    """HTML/JATS inline markup to CSL's (``<jats:italic>`` -> ``<i>``); blocks become spaces."""
    if "<" not in text:
        return text
    text = _HTML_HEADING.sub(" ", text)
    text = _HTML_TAG.sub(_map_html_tag, text)
    return _SPACE_RUN.sub(" ", text) if "  " in text else text


def _map_html_tag(match: re.Match[str]) -> str:
    name = match.group("name").lower()
    if name in _HTML_INLINE:
        return f"<{match.group('close')}{_HTML_INLINE[name]}>"
    if name in _HTML_BLOCKS:
        return " "
    if name in _HTML_DROPPED:
        return ""
    return match.group()


def _clean_text_segment(text: str) -> str:
    """Clean one stretch of text between math: URLs, then markup outside URLs and code."""
    text = repair_urls(html_to_rich(text))
    while "`" in text and "``" in text:  # nested quotes resolve inside out
        quoted = _TEX_QUOTES.sub(r"“\1”", text)
        if quoted == text:
            break
        text = quoted
    if "`" not in text and "<" not in text and not _mentions_url(text):
        return _transform_prose(text)
    return repair_urls(_transform_outside_protected(text))


def _transform_outside_protected(text: str) -> str:
    """Transform the prose between URLs, code spans and existing markup; code becomes nocase."""
    out: list[str] = []
    position = 0
    for start, end in _protected_spans(text):
        if start < position:  # overlaps the previous piece (a URL inside code, say)
            continue
        out.append(_transform_prose(text[position:start]))
        piece = text[start:end]
        if piece.startswith("`"):
            piece = f'<span class="nocase">{piece.strip("`")}</span>'
        out.append(piece)
        position = end
    out.append(_transform_prose(text[position:]))
    return "".join(out)


def _protected_spans(text: str) -> list[tuple[int, int]]:
    """Existing markup, URLs and code spans: ``(start, end)`` pairs sorted by start."""
    spans = _url_spans(text)
    if "<" in text:
        spans.extend(m.span() for m in _NOCASE_SPAN.finditer(text))
        spans.extend(m.span() for m in _TAG.finditer(text))
    if "`" in text:
        spans.extend(m.span() for m in _CODE_SPAN.finditer(text))
    # At one start, the longest piece wins (a nocase span over the tags inside it).
    return sorted(spans, key=lambda span: (span[0], -span[1]))


# --- page furniture -------------------------------------------------------------

_LINK_WORDS = (
    "abs|abstract|pdf|bib|bibtex|code|html|supp|supplementary|supplemental|software|video|"
    "slides|poster|arxiv|doi|errata|erratum|data|dataset|reviews?|openreview|paper|project|"
    "website|demo|talk|url|link|ps|djvu|cite|export|pmlr|acm|ieee|springer|github"
)
# One bracketed link label at the very end: "[abs]", "[ pdf ]".
_LINK_AT_END = re.compile(r"\[\s*[A-Za-z][\w .-]{0,24}?\s*\]\s*\Z")
_LINK_WORD = re.compile(rf"\[\s*(?:{_LINK_WORDS})\s*\]", re.IGNORECASE)
# What may come right before furniture: the start, a space, or the end of a sentence.
_BEFORE_FURNITURE = frozenset(" .;:!?)]")
_YEAR = r"(?:1[89]|2\d)\d{2}"
# A copyright notice with a year, at the very end: "© JMLR 2024.", "Copyright © 2021
# Elsevier Ltd. All rights reserved." "(c)" and "Copyright" count only right before
# a year or a sign, so "(a) ... and (c) the rest" and "copyright infringement" stay.
_COPYRIGHT = re.compile(
    rf"(?:Copyright\s*(?:©|\([cC]\))|©|\([cC]\)(?=\s*{_YEAR})|Copyright(?=\s*{_YEAR}))"
    rf"[^©\[\]$<>]{{0,120}}?\b{_YEAR}\b[^©\[\]$<>]{{0,120}}\Z"
)
_COPYRIGHT_STARTS = ("©", "(c)", "(C)", "Copyright")
# Site actions in parentheses, "edit" among them: "( edit, beta )", "(edit)". A lone
# "(beta)" may end a sentence about a Beta distribution, so it stays.
_SITE_ACTIONS = re.compile(
    r"\(\s*(?:(?:beta|report|flag|share|save)\s*[,|]\s*)*edit"
    r"(?:\s*[,|]\s*(?:edit|beta|report|flag|share|save))*\s*\)\s*\Z",
    re.IGNORECASE,
)
_ABSTRACT_LABEL = re.compile(r"^(?:Abstract)\s*[:.—–]\s+(?=\S)")


def strip_furniture(text: str) -> str:
    """Remove a site's page furniture from the end of an abstract.

    What goes: a run of bracketed link labels at the very end when one of them
    is a known link word (``[abs] [ pdf ][ bib ] [ code ]``; a numeric citation
    such as ``[12]`` stays), a copyright notice with a year at the very end
    (``© JMLR 2024.``), site actions in parentheses (``( edit, beta )``), and a
    leading ``Abstract:`` label. The pieces may come in any order and repeat.
    """
    if text.startswith("Abstract"):
        text = _ABSTRACT_LABEL.sub("", text)
    while True:
        cleaned = _strip_site_actions(text)
        cleaned = _strip_copyright(cleaned)
        cleaned = _strip_link_run(cleaned)
        if cleaned == text:
            return text
        text = cleaned


def _cut_at(text: str, start: int) -> str | None:
    """``text`` without its end from ``start``, if furniture may begin there."""
    if start == 0 or text[start - 1] in _BEFORE_FURNITURE:
        return text[:start].rstrip()
    return None


def _strip_site_actions(text: str) -> str:
    if not text.endswith(")"):
        return text
    start = text.rfind("(")
    if start < 0 or not _SITE_ACTIONS.match(text, start):
        return text
    cut = _cut_at(text, start)
    return text if cut is None else cut


def _strip_copyright(text: str) -> str:
    window = max(0, len(text) - _FURNITURE_WINDOW)
    starts = [text.find(sign, window) for sign in _COPYRIGHT_STARTS]
    for start in sorted(i for i in starts if i >= 0):
        if _COPYRIGHT.match(text, start):
            cut = _cut_at(text, start)
            if cut is not None:
                return cut
    return text


def _strip_link_run(text: str) -> str:
    """Peel bracketed labels off the end; cut them when one is a known link word."""
    end, labels = len(text), []
    while text[:end].rstrip().endswith("]"):
        start = text.rfind("[", 0, end)
        if start < 0 or not _LINK_AT_END.match(text[:end], start):
            break
        labels.append(text[start:end])
        end = start
        if len(labels) > 12:
            break
    if not labels or not _LINK_WORD.search("".join(labels)):
        return text
    cut = _cut_at(text, end)
    return text if cut is None else cut


# Furniture is short: a copyright notice starts within this many characters of the end.
_FURNITURE_WINDOW = 300


# --- rich text --------------------------------------------------------------------


def clean_rich(text: str, *, furniture: bool = False) -> str:
    """Clean a rich-text field (title or abstract); ``furniture`` also strips page furniture."""
    text = decode_entities(unicodedata.normalize("NFC", text))
    text = normalize_whitespace(text)
    parts = [seg if is_math else _clean_text_segment(seg) for is_math, seg in split_math(text)]
    text = "".join(parts)
    # Its only whitespace is the plain space (normalized above; the segment cleanup
    # inserts nothing else), so only a run of spaces needs the full pass.
    text = normalize_whitespace(text) if "  " in text else text.strip()
    if furniture:
        text = strip_furniture(text)
    return unicodedata.normalize("NFC", text)


def clean_title(title: str) -> str:
    """Clean a title: entities, whitespace, markup; never re-cased."""
    return clean_rich(title)


def clean_abstract(abstract: str) -> str:
    """Clean an abstract: as a title, and without the site's page furniture."""
    return clean_rich(abstract, furniture=True)


# --- the pipeline step ---------------------------------------------------------------

_RICH_FIELDS = ("title", "abstract")


def clean_record(record: Record) -> tuple[Record, list[Diagnostic]]:
    """Clean one record's text fields; report what could not be repaired safely."""
    changes: dict[str, object] = {}
    for name, clean in _FIELD_CLEANERS:
        value = getattr(record, name)
        if value:
            cleaned = clean(value)
            if cleaned != value:
                changes[name] = cleaned
    if record.keywords:
        keywords = tuple(k for k in (clean_plain(k) for k in record.keywords) if k)
        if keywords != record.keywords:
            changes["keywords"] = keywords
    if record.extra:
        extra = tuple((clean_plain(k), v) for k, v in record.extra)
        if extra != record.extra:
            changes["extra"] = extra
    if record.venue is not None:
        venue = _clean_venue(record.venue)
        if venue is not record.venue:
            changes["venue"] = venue
    abstract = str(changes.get("abstract", record.abstract))
    abstract, repaired = repair_lost_underscores(abstract)
    diagnostics: list[Diagnostic] = []
    if repaired:
        changes["abstract"] = abstract
        diagnostics.append(
            info(
                "url-repaired",
                f"joined the words after a repository URL with underscores ({repaired})",
                record.source,
            )
        )
    diagnostics += [
        warning(
            "url-suspect",
            f"a URL in the abstract may have lost characters at a space ({url!r}); check it",
            record.source,
        )
        for url in suspect_urls(abstract)
    ]
    return (record.with_changes(**changes) if changes else record), diagnostics


_PLAIN_FIELDS = tuple(name for name in STRING_FIELDS if name not in _RICH_FIELDS)
_FIELD_CLEANERS = (
    ("title", clean_title),
    ("abstract", clean_abstract),
    *((name, clean_plain) for name in _PLAIN_FIELDS),
)
_VENUE_FIELDS = tuple(f.name for f in fields(Venue))


def _clean_venue(venue: Venue) -> Venue:
    """The venue with its text cleaned; the same object when nothing changes."""
    changed = {}
    for name in _VENUE_FIELDS:
        value = getattr(venue, name)
        if value and clean_plain(value) != value:
            changed[name] = clean_plain(value)
    return replace(venue, **changed) if changed else venue


def clean_records(records: list[Record]) -> tuple[list[Record], list[Diagnostic]]:
    """Pipeline step: clean titles and abstracts (rich text) and every other string field."""
    cleaned: list[Record] = []
    diagnostics: list[Diagnostic] = []
    for record in records:
        new, found = clean_record(record)
        cleaned.append(new)
        diagnostics.extend(found)
    return cleaned, diagnostics
