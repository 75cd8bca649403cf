"""Rich text <-> LaTeX, for the BibTeX and BibLaTeX formats.

Writing (``rich_to_latex``, ``text_to_latex``, ``verbatim_to_latex``): rich text
is Unicode with CSL's inline markup and TeX math between ``$`` signs (see
``model.py``). It becomes LaTeX that BibTeX, biber and LaTeX read as meant:

- the specials ``# $ % & _ { } ~ ^ \\`` are escaped outside math (braces as
  ``\\textbraceleft{}``/``\\textbraceright{}``: BibTeX counts ``\\{`` as a brace);
  math is copied as it is;
- ``<i>`` -> ``\\textit{}``, ``<b>`` -> ``\\textbf{}``, ``<sup>`` ->
  ``\\textsuperscript{}``, ``<sub>`` -> ``\\textsubscript{}``,
  ``<span class="nocase">`` -> ``{...}``;
- em and en dashes -> ``---`` and ``--``; literal runs of hyphens and of
  quote marks that TeX would join into a dash or a curly quote are split with
  ``{}``; a non-breaking space -> ``~``;
- every other character, accented letters included, is written as UTF-8.
  LaTeX has read UTF-8 by default since 2018 and biber always has; ``{\\"o}``
  forms are read, never written.
- in titles (``title=True``) each word whose case must survive a style that
  re-cases titles is put in braces, and nothing else: acronyms (``LPN``),
  words with a capital after their first letter (``ProxDM``, ``iPhone``,
  ``CRATE-MAE``) and capitalized words with digits (``GPT2``, ``L2``).
  Ordinary capitalized words and whole titles are never braced.

Braces are balanced in every output, whatever the input.

Reading (``latex_to_rich``, ``latex_to_text``, ``latex_to_verbatim``) is the
reverse: accents and letter commands (``{\\"o}``, ``\\'e``, ``\\c{c}``, ``\\ss``,
``\\o``) become Unicode, TeX ligatures (``--``, ``---``, ``````, ``''``) and ``~``
their characters, ``\\textit``/``\\emph``/``{\\em ...}`` become ``<i>`` (and so on),
math stays verbatim. Braces that protect case become a nocase span, except
braces around exactly one word that ``rich_to_latex`` would brace anyway: those
are dropped, so that record -> BibTeX -> record gives back the same record.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from bibexport.text import split_math

# --- words whose case must survive -------------------------------------------------

# A word: letters and digits, possibly joined by single hyphens, apostrophes or dots.
WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*")
_PART_SPLIT = re.compile(r"[-'’.]")


def needs_case_protection(word: str) -> bool:
    """True when a title word must keep its case in every style (``LPN``, ``ProxDM``, ``GPT2``).

    Each hyphen/apostrophe-separated part is checked: a capital after its first
    character (``CRATE``, ``ProxDM``, ``iPhone``), or a capital together with a
    digit (``L2``, ``GPT2``), marks the whole word. ``White-Box`` and ``What's`` do not.
    """
    if word.islower():  # the common case, decided without splitting
        return False
    tail = word[1:]
    if tail == tail.lower() and word.isalpha():  # an ordinary Capitalized word
        return False
    for part in _PART_SPLIT.split(word):
        if any(ch.isupper() for ch in part[1:]):
            return True
        if part[:1].isupper() and any(ch.isdigit() for ch in part):
            return True
    return False


def is_protected_word(text: str) -> bool:
    """True when ``text`` is exactly one word that titles brace automatically."""
    return bool(WORD.fullmatch(text)) and needs_case_protection(text)


# --- rich text -> LaTeX -------------------------------------------------------------

_ESCAPES = {
    "\\": r"\textbackslash{}",
    # Not \{ and \}: BibTeX counts every brace, escaped or not, so a lone \{
    # would unbalance the field.
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "#": r"\#",
    "$": r"\$",
    "%": r"\%",
    "&": r"\&",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "—": "---",
    "–": "--",
    "\u00a0": "~",
}

_TAGS = {
    "i": r"\textit",
    "b": r"\textbf",
    "sup": r"\textsuperscript",
    "sub": r"\textsubscript",
}
_TAG_TOKEN = re.compile(r'<(/?)(i|b|sup|sub)>|<span class="nocase">|</span>')
# One pass over the text: every special at once ("\x00" marks a {} to insert).
_ESCAPE_TABLE = str.maketrans({**_ESCAPES, "\x00": "{}"})


def escape_text(text: str) -> str:
    """Escape plain text (no math, no markup) for LaTeX."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    # Mark with \x00 (written {}) where TeX would join what is written: two hyphens or
    # dashes in a row ("-" after "–" would make "---"), two '' or two ``.
    if ("-" in text or "–" in text or "—" in text) and _DASH_PAIR.search(text):
        text = _DASH_JOIN.sub("\x00", text)
    for pair in ("''", "``"):
        while pair in text:
            text = text.replace(pair, pair[0] + "\x00" + pair[1])
    return text.translate(_ESCAPE_TABLE)


_DASH_JOIN = re.compile("(?<=[-–—])(?=[-–—])")
# Finds a pair fast (a dash first: the engine skips to it); the look-behind scans slowly.
_DASH_PAIR = re.compile("[-–—][-–—]")


def _protect_words(text: str) -> str:
    """Escape text and brace the words whose case must survive (titles)."""
    out: list[str] = []
    position = 0
    for match in WORD.finditer(text):
        if needs_case_protection(match.group()):
            out.append(escape_text(text[position : match.start()]))
            out.append("{" + escape_text(match.group()) + "}")
            position = match.end()
    out.append(escape_text(text[position:]))
    return "".join(out)


@dataclass
class _Node:
    """A markup element of rich text: its tag (``""`` for the root) and children."""

    tag: str
    children: list[_Node | tuple[bool, str]] = field(default_factory=list)
    opening: str = ""


def _math_is_safe(math: str) -> bool:
    """True when math can be copied into a field: braces balanced as BibTeX counts
    them (every brace, escaped or not) and no unescaped ``%``, which would end a line."""
    depth = 0
    for brace in _BRACE.findall(math):  # the braces alone, not every character
        depth += 1 if brace == "{" else -1
        if depth < 0:
            return False
    return depth == 0 and not _RAW_PERCENT.search(math)


_BRACE = re.compile("[{}]")
_RAW_PERCENT = re.compile(r"(?<!\\)%")


def _math_segments(text: str) -> list[tuple[bool, str]]:
    """``split_math``, with math that cannot be copied safely treated as text."""
    return [(is_math and _math_is_safe(seg), seg) for is_math, seg in split_math(text)]


def _parse_rich(rich: str) -> _Node:
    """Rich text as a tree; unmatched tags stay literal text."""
    root = _Node("")
    stack = [root]
    for is_math, segment in _math_segments(rich):
        if is_math:
            stack[-1].children.append((True, segment))
            continue
        if "<" not in segment:
            stack[-1].children.append((False, segment))
            continue
        position = 0
        for match in _TAG_TOKEN.finditer(segment):
            if match.start() > position:
                stack[-1].children.append((False, segment[position : match.start()]))
            position = match.end()
            token = match.group()
            if token.startswith("</"):
                tag = match.group(2) or "span"
                if len(stack) > 1 and stack[-1].tag == tag:
                    stack.pop()
                else:
                    stack[-1].children.append((False, token))
            else:
                node = _Node(match.group(2) or "span", opening=token)
                stack[-1].children.append(node)
                stack.append(node)
        if position < len(segment):
            stack[-1].children.append((False, segment[position:]))
    while len(stack) > 1:  # unclosed tags: their opening token is text
        node = stack.pop()
        parent = stack[-1]
        index = parent.children.index(node)
        parent.children[index : index + 1] = [(False, node.opening), *node.children]
    return root


def _render(node: _Node, protect: bool) -> str:
    out: list[str] = []
    for child in node.children:
        if isinstance(child, tuple):
            is_math, text = child
            if is_math:
                out.append(text)
            else:
                out.append(_protect_words(text) if protect else escape_text(text))
        elif child.tag == "span":
            inner = _render(child, False)
            only = child.children[0] if len(child.children) == 1 else None
            if protect and isinstance(only, tuple) and not only[0] and is_protected_word(only[1]):
                inner = "{" + inner + "}"  # keeps the span when read back
            elif inner.startswith("\\"):
                inner = "{}" + inner  # {\x...} would be a special character, not protection
            out.append("{" + inner + "}")
        else:
            inner = _render(child, protect)
            if inner:  # an empty element says nothing
                out.append(_TAGS[child.tag] + "{" + inner + "}")
    return "".join(out)


def rich_to_latex(rich: str, *, title: bool = False) -> str:
    """Rich text as LaTeX; ``title`` also braces the words whose case must survive."""
    if "<" not in rich and "$" not in rich:  # no markup, no math: one text segment
        return _protect_words(rich) if title else escape_text(rich)
    return _render(_parse_rich(rich), title)


_NEEDS_ESCAPE = re.compile(r"[\\{}#$%&_~^—–\u00a0]|--|''|``")


@lru_cache(maxsize=65536)  # venues, publishers, volumes and name parts recur on every entry
def text_to_latex(text: str) -> str:
    """Plain text (no markup; math kept) as LaTeX, for names, venues, publishers, notes."""
    if not _NEEDS_ESCAPE.search(text):
        return text
    return "".join(seg if is_math else escape_text(seg) for is_math, seg in _math_segments(text))


_VERBATIM_UNSAFE = re.compile(r"[{}\\\\]")


def clean_url(value: str) -> str:
    """A URL or DOI as written and read: no whitespace (a URL holds none; a .bib wraps
    long ones), braces and backslashes percent-encoded so that the field stays balanced."""
    return _VERBATIM_UNSAFE.sub(lambda m: f"%{ord(m.group()):02X}", "".join(value.split()))


def verbatim_to_latex(value: str) -> str:
    """A URL, DOI or file path for a verbatim field, as it is (see ``clean_url``).

    Styles typeset these through ``\\url``/``\\doi``, which print an escape as
    it is, so nothing is escaped.
    """
    return clean_url(value)


# --- LaTeX -> rich text ---------------------------------------------------------------

_ACCENTS = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "d": "\u0323",
    "b": "\u0331",
    "k": "\u0328",
    "r": "\u030a",
    "t": "\u0361",
}

_SYMBOLS = {
    "ss": "ß",
    "SS": "SS",
    "o": "ø",
    "O": "Ø",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
    "j": "ȷ",
    "dh": "ð",
    "DH": "Ð",
    "dj": "đ",
    "DJ": "Đ",
    "th": "þ",
    "TH": "Þ",
    "ng": "ŋ",
    "NG": "Ŋ",
    "ldots": "…",
    "dots": "…",
    "textellipsis": "…",
    "textendash": "–",
    "textemdash": "—",
    "textquoteleft": "‘",
    "textquoteright": "’",
    "textquotedblleft": "“",
    "textquotedblright": "”",
    "quotedblbase": "„",
    "guillemotleft": "«",
    "guillemotright": "»",
    "guilsinglleft": "‹",
    "guilsinglright": "›",
    "textbackslash": "\\",
    "textbraceleft": "{",
    "textbraceright": "}",
    "textasciitilde": "~",
    "textasciicircum": "^",
    "textunderscore": "_",
    "textbar": "|",
    "textless": "<",
    "textgreater": ">",
    "textbullet": "•",
    "textdagger": "†",
    "textsection": "§",
    "S": "§",
    "P": "¶",
    "textparagraph": "¶",
    "copyright": "©",
    "textcopyright": "©",
    "textregistered": "®",
    "texttrademark": "™",
    "pounds": "£",
    "textsterling": "£",
    "euro": "€",
    "texteuro": "€",
    "textdegree": "°",
    "textperiodcentered": "·",
    "textexclamdown": "¡",
    "textquestiondown": "¿",
    "slash": "/",
    "LaTeX": "LaTeX",
    "TeX": "TeX",
    "BibTeX": "BibTeX",
    "LaTeXe": "LaTeX2e",
    "relax": "",
    "protect": "",
    "newblock": " ",
    "space": " ",
    "quad": " ",
    "qquad": " ",
    "nobreakspace": "\u00a0",
    "par": " ",
    "break": " ",
    "linebreak": " ",
    "allowbreak": "",
    "hyphen": "-",
}
# One-character control symbols: \& \% ... and spacing/hyphenation hints.
_CONTROL_SYMBOLS = {
    "&": "&",
    "%": "%",
    "$": "$",
    "#": "#",
    "_": "_",
    "{": "{",
    "}": "}",
    " ": " ",
    "\n": " ",
    "\t": " ",
    ",": " ",
    ";": " ",
    ":": " ",
    "!": "",
    "-": "",
    "/": "",
    "@": "",
    "\\": " ",
}
_MARKUP_COMMANDS = {
    "textit": "i",
    "emph": "i",
    "textsl": "i",
    "mathit": "i",
    "textbf": "b",
    "mathbf": "b",
    "textsuperscript": "sup",
    "textsubscript": "sub",
}
# Commands whose argument is kept as plain content.
_TRANSPARENT = frozenset(
    {
        "textrm",
        "textsf",
        "texttt",
        "textsc",
        "textup",
        "textmd",
        "textnormal",
        "mbox",
        "hbox",
        "text",
        "uppercase",
        "lowercase",
        "MakeUppercase",
        "MakeLowercase",
        "NoCaseChange",
        "bibstring",
        "mkbibquote",
        "enquote",
    }
)
_VERBATIM_COMMANDS = frozenset({"url", "path", "doi", "nolinkurl"})
_DROPPED_WITH_ARGUMENT = frozenset({"noopsort", "sortnoop", "label", "cite", "index", "footnote"})
_SWITCHES = {
    "em": "i",
    "it": "i",
    "itshape": "i",
    "sl": "i",
    "slshape": "i",
    "bf": "b",
    "bfseries": "b",
    "sc": "",
    "scshape": "",
    "rm": "",
    "rmfamily": "",
    "tt": "",
    "ttfamily": "",
    "sf": "",
    "sffamily": "",
    "normalfont": "",
    "upshape": "",
    "mdseries": "",
    "small": "",
    "footnotesize": "",
    "large": "",
    "Large": "",
}
_LIGATURES = (("---", "—"), ("--", "–"), ("``", "“"), ("''", "”"), ("~", "\u00a0"))
_SPACE = re.compile(r"[ \t\n\r\f\v]+")  # ASCII whitespace: a ~ (NBSP) stays
_PLAIN_RUN = re.compile(r"[^\\{}$~`'\-]+")


class _LatexReader:
    """A small recursive reader of the LaTeX that .bib field values hold."""

    def __init__(self, source: str, *, markup: bool, title: bool) -> None:
        self.s = source
        self.n = len(source)
        self.pos = 0
        self.markup = markup
        self.title = title

    # -- entry points --------------------------------------------------------------

    def read(self) -> str:
        """The whole source as rich text."""
        return self.sequence(top=True)

    # -- sequences and groups -------------------------------------------------------------

    def sequence(self, top: bool = False) -> str:
        """Read until the closing brace of the current group (consumed) or the end."""
        out: list[str] = []
        while self.pos < self.n:
            ch = self.s[self.pos]
            if ch == "}":
                self.pos += 1
                if top:
                    continue  # an unbalanced closing brace: dropped
                return "".join(out)
            if ch == "{":
                self.pos += 1
                out.append(self.group())
            elif ch == "\\":
                command = self.command_name()
                if command in _SWITCHES:
                    rest = self.sequence(top=top)
                    out.append(self.wrap(_SWITCHES[command], rest))
                    return "".join(out)
                out.append(self.command(command))
            elif ch == "$":
                out.append(self.math())
            else:
                out.append(self.plain())
        return "".join(out)

    def group(self) -> str:
        """A brace group whose ``{`` was consumed: special character, switch, or protection."""
        start = self.pos
        starts_with_command = self.s.startswith("\\", start)
        content = self.sequence()
        raw = self.s[start : self.pos - 1]
        if starts_with_command or not self.markup:
            return content
        if not content.strip():
            return content
        if self.title and "{" not in raw and is_protected_word(content):
            return content
        return f'<span class="nocase">{content}</span>'

    def wrap(self, tag: str, content: str) -> str:
        """Content in a markup tag (plain when reading plain text or the tag is empty)."""
        if not tag or not self.markup or not content:
            return content
        return f"<{tag}>{content}</{tag}>"

    # -- commands ------------------------------------------------------------------------

    def command_name(self) -> str:
        """Consume ``\\name`` (letters) or ``\\x`` (one other character); return the name."""
        self.pos += 1
        if self.pos >= self.n:
            return "\\"
        start = self.pos
        if self.s[start].isascii() and self.s[start].isalpha():
            while self.pos < self.n and self.s[self.pos].isascii() and self.s[self.pos].isalpha():
                self.pos += 1
            name = self.s[start : self.pos]
            self.skip_spaces()
            return name
        self.pos += 1
        return self.s[start]

    def skip_spaces(self) -> None:
        """Skip the spaces after a control word, as TeX does."""
        while self.pos < self.n and self.s[self.pos] in " \t\n":
            self.pos += 1

    def skip_empty_group(self) -> None:
        """Skip a ``{}`` that ends a control word (``\\o{}``)."""
        if self.s.startswith("{}", self.pos):
            self.pos += 2

    def argument(self) -> str | None:
        """The next argument as read text: a group's content, or one character/command."""
        self.skip_spaces()
        if self.pos >= self.n:
            return None
        ch = self.s[self.pos]
        if ch == "{":
            self.pos += 1
            return self.sequence()
        if ch == "\\":
            return self.command(self.command_name())
        if ch == "}":
            return None
        self.pos += 1
        return ch

    def raw_argument(self) -> str:
        """The next brace group's raw text (for verbatim commands such as ``\\url``)."""
        self.skip_spaces()
        if not self.s.startswith("{", self.pos):
            return ""
        depth = 0
        start = self.pos
        while self.pos < self.n:
            ch = self.s[self.pos]
            if ch == "\\":
                self.pos += 2
                continue
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    self.pos += 1
                    return self.s[start + 1 : self.pos - 1]
            self.pos += 1
        return self.s[start + 1 :]

    def skip_optional(self) -> None:
        """Skip a ``[...]`` optional argument."""
        if self.s.startswith("[", self.pos):
            end = self.s.find("]", self.pos)
            if end != -1:
                self.pos = end + 1

    def command(self, name: str) -> str:
        """The text a command stands for (its arguments consumed)."""
        if name in _ACCENTS:
            argument = self.argument() or ""
            if name == "t" and len(argument) >= 2:  # a tie joins two letters
                return argument[0] + _ACCENTS[name] + argument[1:]
            if not argument:
                return {"^": "^", "~": "~"}.get(name, "")
            base = {"ı": "i", "ȷ": "j"}.get(argument[0], argument[0])
            return unicodedata.normalize("NFC", base + _ACCENTS[name]) + argument[1:]
        if name in _CONTROL_SYMBOLS:
            return _CONTROL_SYMBOLS[name]
        if name in _SYMBOLS:
            self.skip_empty_group()
            return _SYMBOLS[name]
        if name in ("(", "["):
            return self.delimited_math("\\)" if name == "(" else "\\]")
        if name == "ensuremath":
            return "$" + self.raw_argument().strip() + "$"
        if name in _VERBATIM_COMMANDS:
            return latex_to_verbatim(self.raw_argument())
        if name == "href":
            self.raw_argument()
            return self.argument() or ""
        if name in _MARKUP_COMMANDS:
            return self.wrap(_MARKUP_COMMANDS[name], self.argument() or "")
        if name in _DROPPED_WITH_ARGUMENT:
            self.skip_optional()
            self.raw_argument()
            return ""
        if name in _TRANSPARENT:
            return self.argument() or ""
        # Unknown command: keep what its arguments say, drop the command itself.
        self.skip_optional()
        if self.s.startswith("{", self.pos):
            self.pos += 1
            return self.sequence()
        return ""

    # -- math and plain text -------------------------------------------------------

    def math(self) -> str:
        """``$...$`` or ``$$...$$`` verbatim, inner spaces trimmed; a lone ``$`` is a dollar."""
        display = self.s.startswith("$$", self.pos)
        delimiter = "$$" if display else "$"
        start = self.pos + len(delimiter)
        end = start
        while True:
            end = self.s.find(delimiter, end)
            if end == -1:
                self.pos += 1
                return "$"
            if self.s[end - 1] != "\\" or end == start:
                break
            end += 1
        self.pos = end + len(delimiter)
        body = _SPACE.sub(" ", self.s[start:end]).strip()
        if not body:
            return ""
        return delimiter + body + delimiter

    def delimited_math(self, closing: str) -> str:
        """``\\(...\\)`` or ``\\[...\\]`` as ``$...$`` or ``$$...$$``."""
        end = self.s.find(closing, self.pos)
        if end == -1:
            return ""
        body = _SPACE.sub(" ", self.s[self.pos : end]).strip()
        display = closing == "\\]"
        self.pos = end + len(closing)
        return ("$$" if display else "$") + body + ("$$" if display else "$")

    def plain(self) -> str:
        """A run of ordinary characters, or one ligature or character."""
        run = _PLAIN_RUN.match(self.s, self.pos)
        if run:
            self.pos = run.end()
            return run.group()
        for tex, char in _LIGATURES:
            if self.s.startswith(tex, self.pos):
                self.pos += len(tex)
                return char
        ch = self.s[self.pos]
        self.pos += 1
        return ch


_NEEDS_READING = re.compile(r"[\\{}$~`'-]")


def _finish(text: str) -> str:
    text = _SPACE.sub(" ", text).strip()
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _read(latex: str, *, markup: bool, title: bool) -> str:
    try:
        return _LatexReader(latex, markup=markup, title=title).read()
    except RecursionError:  # braces nested hundreds deep: keep the text, drop the braces
        return re.sub(r"[{}]", "", latex)


def latex_to_rich(latex: str, *, title: bool = False) -> str:
    """LaTeX from a .bib field as rich text (Unicode, CSL markup, math verbatim).

    With ``title``, braces around one word that ``rich_to_latex`` would brace
    anyway are dropped; other case-protecting braces become nocase spans.
    """
    if not latex:
        return ""
    if not _NEEDS_READING.search(latex):
        return _finish(latex)
    return _finish(_read(latex, markup=True, title=title))


def latex_to_text(latex: str) -> str:
    """LaTeX from a .bib field as plain Unicode text: markup and protecting braces dropped."""
    if not latex:
        return ""
    if not _NEEDS_READING.search(latex):
        return _finish(latex)
    return _finish(_read(latex, markup=False, title=False))


_VERBATIM_ESCAPE = re.compile(r"\\([%#_&$~])")


def latex_to_verbatim(value: str) -> str:
    """A verbatim field (URL, DOI) as text: ``\\%``, ``\\_`` and the like unescaped."""
    return clean_url(_VERBATIM_ESCAPE.sub(r"\1", value))
