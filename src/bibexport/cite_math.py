"""TeX math to readable Unicode, for citations in plain text and HTML.

Titles keep TeX math verbatim between ``$`` signs. LaTeX and Markdown output
keep it that way (MathJax and pandoc read it); plain text and HTML get a
readable form: ``$\\varepsilon$`` becomes ``ε`` and ``$\\sqrt{d}$`` becomes
``√d``. The converter knows the common cases only and never guesses: when a
formula holds anything it does not know, the formula is kept exactly as written.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

GREEK: dict[str, str] = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ",
    "varepsilon": "ε", "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ",
    "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ",
    "pi": "π", "varpi": "ϖ", "rho": "ρ", "varrho": "ϱ", "sigma": "σ",
    "varsigma": "ς", "tau": "τ", "upsilon": "υ", "phi": "ϕ", "varphi": "φ",
    "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ",
    "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ",
    "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}  # fmt: skip

SYMBOLS: dict[str, str] = {
    "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "neq": "≠", "ne": "≠",
    "approx": "≈", "sim": "∼", "simeq": "≃", "equiv": "≡", "propto": "∝",
    "ll": "≪", "gg": "≫", "times": "×", "cdot": "·", "pm": "±", "mp": "∓",
    "div": "÷", "infty": "∞", "partial": "∂", "nabla": "∇", "sum": "∑",
    "prod": "∏", "int": "∫", "in": "∈", "notin": "∉", "subset": "⊂",
    "subseteq": "⊆", "supset": "⊃", "cup": "∪", "cap": "∩", "emptyset": "∅",
    "forall": "∀", "exists": "∃", "neg": "¬", "wedge": "∧", "vee": "∨",
    "to": "→", "rightarrow": "→", "leftarrow": "←", "Rightarrow": "⇒",
    "Leftarrow": "⇐", "leftrightarrow": "↔", "mapsto": "↦", "ell": "ℓ",
    "star": "⋆", "ast": "∗", "circ": "∘", "dots": "…", "ldots": "…",
    "cdots": "⋯", "prime": "′", "top": "⊤", "perp": "⊥", "mid": "∣",
    "vert": "|", "|": "‖", "Vert": "‖", "langle": "⟨", "rangle": "⟩",
    "lceil": "⌈", "rceil": "⌉", "lfloor": "⌊", "rfloor": "⌋", "{": "{",
    "}": "}", "%": "%", "$": "$", "&": "&", "#": "#", "_": "_",
    ",": "\u2009", ";": " ", ":": " ", "!": "", " ": " ", "quad": " ",
    "qquad": "  ", "left": "", "right": "", "big": "", "Big": "",
    "bigl": "", "bigr": "", "Bigl": "", "Bigr": "", "lvert": "|", "rvert": "|",
    "lVert": "‖", "rVert": "‖",
}  # fmt: skip

# Operators printed upright as their own name.
FUNCTIONS = frozenset(
    [
        "log",
        "ln",
        "exp",
        "sin",
        "cos",
        "tan",
        "sinh",
        "cosh",
        "tanh",
        "arg",
        "max",
        "min",
        "sup",
        "inf",
        "lim",
        "det",
        "dim",
        "ker",
        "deg",
        "gcd",
        "Pr",
        "argmax",
        "argmin",
        "softmax",
        "poly",
        "polylog",
        "tr",
        "rank",
    ]
)

# Commands whose one argument is printed as it is (fonts and text).
PASS_THROUGH = frozenset(
    [
        "mathrm",
        "text",
        "textrm",
        "textit",
        "textbf",
        "mathbf",
        "mathit",
        "mathsf",
        "mathtt",
        "boldsymbol",
        "bm",
        "operatorname",
        "mbox",
        "rm",
        "emph",
    ]
)

# Accents: a combining character put after the argument's first character.
ACCENTS: dict[str, str] = {
    "tilde": "\u0303", "widetilde": "\u0303", "hat": "\u0302", "widehat": "\u0302",
    "bar": "\u0304", "overline": "\u0305", "vec": "\u20d7", "dot": "\u0307",
    "ddot": "\u0308", "check": "\u030c", "breve": "\u0306", "acute": "\u0301",
    "grave": "\u0300",
}  # fmt: skip

SUPERSCRIPTS = dict(
    zip(
        "0123456789+-=()abcdefghijklmnoprstuvwxyzT",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᵀ",
        strict=True,
    )
)
SUBSCRIPTS = dict(
    zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True)
)


def _alphabet(start: int, exceptions: dict[str, str]) -> dict[str, str]:
    """A letter-to-letter map for one of Unicode's mathematical alphabets."""
    table = {chr(ord("A") + i): chr(start + i) for i in range(26)}
    table.update(exceptions)
    return table


LETTER_FONTS: dict[str, dict[str, str]] = {
    "mathcal": _alphabet(
        0x1D49C,
        {"B": "ℬ", "E": "ℰ", "F": "ℱ", "H": "ℋ", "I": "ℐ", "L": "ℒ", "M": "ℳ", "R": "ℛ"},
    ),
    "mathbb": _alphabet(
        0x1D538, {"C": "ℂ", "H": "ℍ", "N": "ℕ", "P": "ℙ", "Q": "ℚ", "R": "ℝ", "Z": "ℤ"}
    ),
    "mathfrak": _alphabet(0x1D504, {"C": "ℭ", "H": "ℌ", "I": "ℑ", "R": "ℜ", "Z": "ℨ"}),
}

# Pandoc's rule: the opening dollar has a non-space on its right, the closing one a
# non-space on its left and no digit after it ("costs $5 and $10" is not math).
_MATH_SPAN = re.compile(r"(?<!\\)\$(?=\S)([^$]+?)(?<=\S)(?<!\\)\$(?!\d)")


class _Unknown(Exception):
    """The formula holds something the converter does not know."""


def find_math(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` spans of ``$...$`` formulas in ``text``, dollars included."""
    return [(m.start(), m.end()) for m in _MATH_SPAN.finditer(text)]


@lru_cache(maxsize=4096)
def math_to_unicode(formula: str) -> str | None:
    """A readable Unicode form of a TeX formula (without its dollars), or None when unsure."""
    try:
        text = _Parser(formula).parse_all()
    except _Unknown:
        return None
    return unicodedata.normalize("NFC", re.sub(r" {2,}", " ", text).strip())


def render_math_in(text: str) -> str:
    """``text`` with every ``$...$`` formula made readable; unknown formulas are left as written."""

    def replace(match: re.Match[str]) -> str:
        readable = math_to_unicode(match.group(1))
        return match.group(0) if readable is None else readable

    return _MATH_SPAN.sub(replace, text)


class _Parser:
    """A small recursive reader of TeX math: groups, commands, scripts."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.pos = 0

    def parse_all(self) -> str:
        out = self.parse_until(None)
        if self.pos < len(self.source):
            raise _Unknown
        return out

    def parse_until(self, closer: str | None) -> str:
        parts: list[str] = []
        while self.pos < len(self.source):
            char = self.source[self.pos]
            if char == closer:
                return "".join(parts)
            if char == "}":
                raise _Unknown
            parts.append(self.atom_with_scripts())
        if closer is not None:
            raise _Unknown
        return "".join(parts)

    def atom_with_scripts(self) -> str:
        base = self.atom()
        while self.pos < len(self.source) and self.source[self.pos] in "^_":
            mark = self.source[self.pos]
            self.pos += 1
            base += _script(self.argument(), SUPERSCRIPTS if mark == "^" else SUBSCRIPTS, mark)
        return base

    def atom(self) -> str:
        char = self.source[self.pos]
        if char == "{":
            self.pos += 1
            inner = self.parse_until("}")
            self.pos += 1
            return inner
        if char == "\\":
            return self.command()
        if char in "^_":
            raise _Unknown
        if char == "~":
            self.pos += 1
            return " "
        self.pos += 1
        return "′" if char == "'" else char

    def argument(self) -> str:
        """One argument: a braced group, a command, or one character."""
        self.skip_spaces()
        if self.pos >= len(self.source):
            raise _Unknown
        return self.atom()

    def skip_spaces(self) -> None:
        while self.pos < len(self.source) and self.source[self.pos] == " ":
            self.pos += 1

    def command(self) -> str:
        match = re.compile(r"\\([A-Za-z]+|.)").match(self.source, self.pos)
        if match is None:
            raise _Unknown
        self.pos = match.end()
        name = match.group(1)
        if name.isalpha():
            self.skip_spaces()
        return self.expand(name)

    def expand(self, name: str) -> str:
        if name in GREEK:
            return GREEK[name]
        if name in SYMBOLS:
            return SYMBOLS[name]
        if name in FUNCTIONS:
            following = self.source[self.pos : self.pos + 1]
            return f"{name} " if following.isalnum() or following == "\\" else name
        if name in PASS_THROUGH:
            return self.argument()
        if name in LETTER_FONTS:
            table = LETTER_FONTS[name]
            return "".join(table.get(ch, ch) for ch in self.argument())
        if name in ACCENTS:
            arg = self.argument()
            return arg[:1] + ACCENTS[name] + arg[1:] if arg else ""
        if name == "sqrt":
            arg = self.argument()
            return "√" + (arg if len(arg) == 1 or arg.isalnum() else f"({arg})")
        if name in ("frac", "tfrac", "dfrac"):
            top, bottom = self.argument(), self.argument()
            return f"{_grouped(top)}/{_grouped(bottom)}"
        raise _Unknown


def _grouped(text: str) -> str:
    """``text`` in parentheses when it is more than one plain token."""
    return text if re.fullmatch(r"[\w.′]+", text) else f"({text})"


def _script(text: str, table: dict[str, str], mark: str) -> str:
    """A superscript or subscript in Unicode when every character has one, else ``^(...)``."""
    if text and all(ch in table for ch in text):
        return "".join(table[ch] for ch in text)
    if len(text) == 1:
        return f"{mark}{text}"
    return f"{mark}({text})"
