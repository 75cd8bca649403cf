"""Corrections to citeproc-py, applied once by ``cite_engine`` before it formats anything.

Each fix replaces one method of a citeproc-py class with a version that
follows the CSL 1.0.2 specification the way citeproc-js does. They are kept
small and separate (one function per fix, one test per fix in
``tests/test_cite_engine.py``); ``apply()`` installs them all and is
idempotent. Importing this module imports citeproc, so only the cite path
imports it.

Some fixes keep per-bibliography state at module level (the previous author
list, the names a disambiguated entry shows, variable counters) and memoize
lookups on parsed styles, so one process formats one bibliography at a time.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

from citeproc import model
from citeproc.string import MixedString, NoCase, String

_APPLIED: list[str] = []

# citeproc-js's title-case stop words (CSL.SKIP_WORDS, single words only).
STOP_WORDS = frozenset(
    [
        "about",
        "above",
        "across",
        "afore",
        "after",
        "against",
        "al",
        "along",
        "alongside",
        "amid",
        "amidst",
        "among",
        "amongst",
        "anenst",
        "apropos",
        "apud",
        "around",
        "as",
        "aside",
        "astride",
        "at",
        "athwart",
        "atop",
        "barring",
        "before",
        "behind",
        "below",
        "beneath",
        "beside",
        "besides",
        "between",
        "beyond",
        "but",
        "by",
        "circa",
        "despite",
        "down",
        "during",
        "et",
        "except",
        "for",
        "forenenst",
        "from",
        "given",
        "in",
        "inside",
        "into",
        "lest",
        "like",
        "modulo",
        "near",
        "next",
        "notwithstanding",
        "of",
        "off",
        "on",
        "onto",
        "out",
        "over",
        "per",
        "plus",
        "pro",
        "qua",
        "sans",
        "since",
        "than",
        "through",
        "thru",
        "throughout",
        "thruout",
        "till",
        "to",
        "toward",
        "towards",
        "under",
        "underneath",
        "until",
        "unto",
        "up",
        "upon",
        "versus",
        "vs.",
        "v.",
        "vs",
        "v",
        "via",
        "vis-à-vis",
        "with",
        "within",
        "without",
        "or",
        "yet",
        "so",
        "and",
        "nor",
        "a",
        "an",
        "the",
        "de",
        "d'",
        "von",
        "van",
        "c",
        "ca",
    ]
)

_WORD_SPLIT = re.compile(r"([\s\-–—/]+)")
_SPACES = re.compile(r"(\s+)")
_LEADING = re.compile(r"^[^\w]*", re.UNICODE)


def _segments(text: Any) -> list[Any]:
    """The String/NoCase segments of a citeproc-py string."""
    if isinstance(text, MixedString):
        return list(text)
    if isinstance(text, String):
        return [text]
    return [String(str(text))]


def _rebuild(segments: Sequence[Any]) -> Any:
    kept = [segment for segment in segments if str(segment)]
    if len(kept) == 1:
        return kept[0]
    return MixedString(kept) if kept else String("")


def _capitalise(word: str) -> str:
    lead = _LEADING.match(word)
    start = lead.end() if lead else 0
    if start >= len(word):
        return word
    return word[:start] + word[start].upper() + word[start + 1 :]


def _core(word: str) -> str:
    """A word without leading/trailing punctuation and markup markers, lower-cased."""
    return word.strip(
        "\"'“”‘’()[]{},;:.!?\ue000\ue001\ue002\ue003\ue004\ue005\ue006\ue007\ue008\ue009"
    ).lower()


def title_case(text: Any) -> Any:
    """CSL title case as citeproc-js does it: never lower-cases, protects nocase spans.

    Capitalizes each all-lowercase word that is not a stop word, the first word,
    and any word after ``:``, ``?``, ``!`` or ``.``; in a hyphenated compound
    (``in-context``, ``trade-off``) every part; words with a capital anywhere
    are left as they are.
    """
    first = True
    after_punct = False
    out = []
    for segment in _segments(text):
        raw = str(segment)
        if isinstance(segment, NoCase):
            if raw.strip():
                first = False
                after_punct = raw.rstrip()[-1:] in ":?!."
            out.append(segment)
            continue
        pieces = _SPACES.split(raw)
        for index in range(0, len(pieces), 2):
            word = pieces[index]
            if not word:
                continue
            pieces[index] = _title_word(word, first or after_punct)
            first = False
            after_punct = word.rstrip("\ue001\ue003\ue005\ue007\ue009”’\"')")[-1:] in ":?!."
        out.append(type(segment)("".join(pieces)))
    return _rebuild(out)


def _title_word(word: str, force: bool) -> str:
    parts = re.split(r"([-–—/])", word)
    compound = len(parts) > 1 and any(p.strip("\"'“”‘’()") for p in parts[2::2])
    if compound and ("-" in parts[1::2] or "–" in parts[1::2]):
        return "".join(
            p if i % 2 or p != p.lower() else _capitalise(p) for i, p in enumerate(parts)
        )
    core = _core(word)
    if ((len(core) > 1 and core not in STOP_WORDS) or force) and word == word.lower():
        return _capitalise(word)
    return word


def capitalize_first(text: Any) -> Any:
    """Capitalize the first word unless it already has a capital (``arXiv`` stays)."""
    out = []
    done = False
    for segment in _segments(text):
        raw = str(segment)
        if done or not raw.strip():
            out.append(segment)
            continue
        done = True
        if isinstance(segment, NoCase):
            out.append(segment)
            continue
        pieces = _WORD_SPLIT.split(raw)
        for index in range(0, len(pieces), 2):
            if pieces[index]:
                if pieces[index] == pieces[index].lower():
                    pieces[index] = _capitalise(pieces[index])
                break
        out.append(type(segment)("".join(pieces)))
    return _rebuild(out)


def capitalize_all(text: Any) -> Any:
    """Capitalize every all-lowercase word."""
    out = []
    for segment in _segments(text):
        if isinstance(segment, NoCase):
            out.append(segment)
            continue
        pieces = _WORD_SPLIT.split(str(segment))
        for index in range(0, len(pieces), 2):
            if pieces[index] and pieces[index] == pieces[index].lower():
                pieces[index] = _capitalise(pieces[index])
        out.append(type(segment)("".join(pieces)))
    return _rebuild(out)


def sentence_case(text: Any) -> Any:
    """Capitalize the first word, lower-case the others, but keep words that carry case.

    A word in all capitals (``BERT``) or with a capital after its first letter
    (``ImageNet``, ``ProxDM``, ``arXiv``) is an acronym or a name and stays;
    nocase spans stay as they are.
    """
    first = True
    out = []
    for segment in _segments(text):
        raw = str(segment)
        if isinstance(segment, NoCase):
            first = first and not raw.strip()
            out.append(segment)
            continue
        pieces = _SPACES.split(raw)
        for index in range(0, len(pieces), 2):
            word = pieces[index]
            if not word:
                continue
            if first:
                pieces[index] = _capitalise(word) if word == word.lower() else word
                first = False
            elif not _carries_case(word):
                pieces[index] = word.lower()
        out.append(type(segment)("".join(pieces)))
    return _rebuild(out)


def _carries_case(word: str) -> bool:
    letters = [char for char in word if char.isalpha()]
    if len(letters) > 1 and all(char.isupper() for char in letters):
        return True
    return any(char.isupper() for char in letters[1:])


def _fixed_case(self: Any, text: Any, language: str | None = None) -> Any:
    text_case = self.get("text-case")
    if text_case == "sentence":
        return text if language not in (None, "en") else sentence_case(text)
    if text_case == "title":
        return text if language not in (None, "en") else title_case(text)
    if text_case == "capitalize-first":
        return capitalize_first(text)
    if text_case == "capitalize-all":
        return capitalize_all(text)
    return _ORIGINAL_CASE(self, text, language)


_ORIGINAL_CASE: Callable[..., Any] = model.TextCased.case


def fix_text_case() -> None:
    """Title case, capitalize-first and capitalize-all leave words with capitals alone."""
    model.TextCased.case = _fixed_case


# --- quotes -----------------------------------------------------------------

_FLIP = {"“": "‘", "”": "’"}


def flip_quotes(raw: str) -> str:
    """Double curly quotes become single ones inside a quoted variable (singles stay)."""
    return "".join(_FLIP.get(char, char) for char in raw)


def _fixed_quote(self: Any, string: Any) -> Any:
    if self.get("quotes", "false").lower() == "true":
        open_quote = self.get_single_term(name="open-quote")
        close_quote = self.get_single_term(name="close-quote")
        inner = _rebuild([type(seg)(flip_quotes(str(seg))) for seg in _segments(string)])
        string = open_quote + inner + close_quote
    return string


def fix_nested_quotes() -> None:
    """Quotes inside a quoted variable become the inner (single) quotes, as in citeproc-js."""
    model.Quoted.quote = _fixed_quote


# --- page ranges --------------------------------------------------------------


def _minimize(first: str, last: str, keep: int) -> str:
    if len(first) != len(last):
        return last
    index = 0
    while index < len(first) and first[index] == last[index] and len(last) - index > keep:
        index += 1
    return last[index:]


def _chicago15(begin: int, end: int, last: str) -> str:
    if begin > 100 and begin % 100 and begin // 100 == end // 100:
        return str(end % 100)
    if begin >= 10000:
        return str(end % 1000)
    return last


def _chicago16(begin: int, end: int, last: str) -> str:
    if begin > 100 and begin % 100:
        for power in range(2, len(last)):
            divisor = 10**power
            if begin // divisor == end // divisor:
                return str(end % divisor)
    return last


def _fixed_last_page(self: Any, first: str, last: str) -> str:
    """The last page of a range as citeproc-js abbreviates it for each page-range-format."""
    range_format = self.get_root().get_option("page-range-format")
    if range_format == "minimal":
        return _minimize(first, last, 0)
    if range_format == "minimal-two":
        return _minimize(first, last, 2)
    if range_format in ("chicago", "chicago-15", "chicago-16"):
        if not (first.isdigit() and last.isdigit()):
            return last
        rule = _chicago16 if range_format == "chicago-16" else _chicago15
        return rule(int(first), int(last), last)
    return last


def fix_page_ranges() -> None:
    """``minimal``/``minimal-two`` keep the whole last page when it has more digits (1-38)."""
    model.FormatNumber._format_last_page = _fixed_last_page


# --- names --------------------------------------------------------------------

_ORIGINAL_INITIALIZE: Callable[..., str] = model.Name.initialize


def _inherited(element: Any, name: str, default: str, context: Any = None) -> str:
    """A name option from the element, else its citation/bibliography, else the style."""
    value = element.get(name)
    if value is None:
        # an element inside a macro finds its citation/bibliography through the context
        parents = (context if context is not None else element).xpath_search(
            "./ancestor::*[self::cs:citation or self::cs:bibliography][1]"
        )
        value = parents[0].get(name) if parents else None
    if value is None:
        value = element.get_root().get(name)
    return value if value is not None else default


_INITIAL = re.compile(r"^[^\W\d_]\.?$")
_HYPHENED_INITIALS = re.compile(r"^[^\W\d_]\.?(?:-[^\W\d_]\.?)+$")


def _fixed_initialize(self: Any, given: str, mark: str, context: Any) -> str:
    full = _inherited(self, "initialize", "true", context).lower() == "false"
    hyphen = self.get_option("initialize-with-hyphen", context)
    mark_letter = mark.rstrip()
    words: list[tuple[str, bool]] = []  # (text, is an initial)
    for word in re.sub(r"\.(?=[^\s-])", ". ", given).split():
        if not word[0].isupper():  # a particle in the given name ("van den") stays whole
            words.append((word, False))
        elif full and _HYPHENED_INITIALS.match(word):
            # initialize="false" still tidies initials; citeproc-js drops their hyphen
            words.extend((part[0] + mark_letter, True) for part in word.split("-"))
        elif full:
            words.append((word[0] + mark_letter, True) if _INITIAL.match(word) else (word, False))
        else:
            parts = word.rstrip(".").split("-")
            initials = [part[0] + mark_letter for part in parts if part]
            words.append((("-" if hyphen else "").join(initials), True))
    if full and not any(initial for _, initial in words):
        return given
    between_initials = mark[len(mark_letter) :]
    joined = ""
    for index, (word, initial) in enumerate(words):
        if index:
            joined += between_initials if initial and words[index - 1][1] else " "
        joined += word
    return joined.strip()


_ORIGINAL_NAME_OPTION: Callable[..., Any] = model.Name.get_option


def _fixed_name_option(self: Any, name: str, context: Any = None, sort_options: Any = None) -> Any:
    if sort_options is not None and name == "and":
        return None  # a sort key compares the names, not the "and" between them
    if sort_options is None and name in _ETAL_OVERRIDE and _ETAL_OVERRIDE[name] is not None:
        return _ETAL_OVERRIDE[name]
    value = _ORIGINAL_NAME_OPTION(self, name, context, sort_options)
    if sort_options is not None and name == "demote-non-dropping-particle" and value == "sort-only":
        return "display-and-sort"  # sort-only: the particle is demoted when sorting
    return value


# Names shown per entry when citation disambiguation added names (see cite_engine).
_ETAL_OVERRIDE: dict[str, Any] = {"et-al-use-first": None, "et-al-min": None}


def set_names_shown(use_first: int | None, et_al_min: int | None) -> None:
    """Show ``use_first`` names (and never "et al." below ``et_al_min``) in the next entry."""
    _ETAL_OVERRIDE["et-al-use-first"] = use_first
    _ETAL_OVERRIDE["et-al-min"] = et_al_min


def fix_initialize_false() -> None:
    """``initialize="false"`` keeps full given names (only initials get the mark)."""
    model.Name.initialize = _fixed_initialize
    model.Name.get_option = _fixed_name_option


# --- sorting ------------------------------------------------------------------

_SPECIAL_LETTERS = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ı": "i",
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "þ": "th",
        "Þ": "th",
    }
)
_DIGITS = re.compile(r"(\d+)")


def collation_key(text: str) -> tuple[tuple[int, Any], ...]:
    """A sort key like ICU's base-sensitivity collation that ignores punctuation, numeric.

    Case and diacritics are folded (Å sorts with A, Ł with L), punctuation and
    spaces are ignored, and digit runs compare as numbers.
    """
    folded = unicodedata.normalize("NFKD", text.translate(_SPECIAL_LETTERS).casefold())
    base = "".join(char for char in folded if not unicodedata.combining(char))
    key: list[tuple[int, Any]] = []
    for word in _WORD_BREAK.split(base):
        if not word:
            continue
        if key:
            key.append((-1, ""))  # a word ends before any letter: "Du, S." < "Durand"
        for index, part in enumerate(_DIGITS.split(word)):
            if index % 2:
                key.append((0, int(part)))
            else:
                key.extend((1, char) for char in part)
    return tuple(key)


_WORD_BREAK = re.compile(r"[\s,;]+|[^\w\s]+")


def _sort_value(value: Any) -> Any:
    if isinstance(value, (int, float)):
        return ((0, value),)
    text = _TAG.sub("", str(value))
    if "&#" in text:
        text = html.unescape(text)
    return collation_key(text)


_TAG = re.compile(r"<[^>]+>")


def _fixed_sort(self: Any, items: list[Any], context: Any) -> list[Any]:
    keys = [
        (key, key.get("sort", "ascending").lower() == "descending")
        for key in self.findall("cs:key", self.nsmap)
    ]
    return _sort_by(keys, 0, items, context)


def _sort_by(keys: list[Any], level: int, items: list[Any], context: Any) -> list[Any]:
    """Sort on key ``level``, then each run of ties on the next key only.

    A later key (a title macro, say) is rendered only for items the earlier
    keys could not tell apart, which a bibliography sorted by author and date
    rarely needs.
    """
    if len(items) < 2 or level == len(keys):
        return items
    key, descending = keys[level]
    values = key.sort_keys(items, context)
    present = [(i, _sort_value(v)) for i, v in enumerate(values) if v is not None and str(v) != ""]
    missing = [i for i, v in enumerate(values) if v is None or str(v) == ""]
    present.sort(key=lambda pair: pair[1], reverse=descending)
    ordered: list[Any] = []
    start = 0
    while start < len(present):
        end = start
        while end < len(present) and present[end][1] == present[start][1]:
            end += 1
        tied = [items[i] for i, _ in present[start:end]]
        ordered.extend(_sort_by(keys, level + 1, tied, context))
        start = end
    ordered.extend(_sort_by(keys, level + 1, [items[i] for i in missing], context))
    return ordered


_ORIGINAL_TEXT_PROCESS: Callable[..., Any] = model.Text.process
_ORIGINAL_ET_AL: Callable[..., Any] = model.Name.et_al
_SORTING: dict[str, bool] = {"active": False}


def _fixed_text_process(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
    sort_options = kwargs.get("sort_options")
    if "macro" not in self.attrib:
        return _ORIGINAL_TEXT_PROCESS(self, item, context, **kwargs)
    if sort_options is None:
        # a macro acts as a group: it prints nothing when all the variables it tried were empty
        called, rendered = _COUNTS["called"], _COUNTS["rendered"]
        text, language = _ORIGINAL_TEXT_PROCESS(self, item, context, **kwargs)
        if _COUNTS["called"] > called and _COUNTS["rendered"] == rendered:
            return None, language
        return text, language
    try:
        language = item.reference.language[:2]
    except model.VariableError:
        language = self.get_root().get("default-locale", "en")[:2]
    # a macro inside a sort key keeps the key's name options (name-as-sort-order="all")
    macro = self.get_macro(self.get("macro"))
    return macro.render(item, context=context, sort_options=sort_options), language


def _fixed_et_al(self: Any) -> Any:
    return None if _SORTING["active"] else _ORIGINAL_ET_AL(self)


def _sorting_sort(self: Any, items: list[Any], context: Any) -> list[Any]:
    _SORTING["active"] = True
    try:
        return _fixed_sort(self, items, context)
    finally:
        _SORTING["active"] = False


_ORIGINAL_NAME_PROCESS: Callable[..., Any] = model.Name.process


def _sorting_name_process(
    self: Any,
    item: Any,
    variable: str,
    context: Any = None,
    sort_options: Any = None,
    **kwargs: Any,
) -> Any:
    def run() -> Any:
        return _ORIGINAL_NAME_PROCESS(self, item, variable, context, sort_options, **kwargs)

    if sort_options is None:
        return run()
    demote = self.get_option("demote-non-dropping-particle", context, sort_options)
    if demote != "display-and-sort" or self.get_option("form", context, sort_options) != "short":
        return run()
    # a short-form sort key drops the demoted particle: "van Gogh" sorts as "Gogh"
    names = item.reference.get(variable.replace("-", "_"), [])
    saved = [
        (name, name.pop("non-dropping-particle"))
        for name in names
        if "non-dropping-particle" in name
    ]
    try:
        return run()
    finally:
        for name, particle in saved:
            name["non-dropping-particle"] = particle


def fix_sorting() -> None:
    """Sort with a locale-like collation (diacritics folded), empty keys last.

    Name keys list every name family first, without "and" or "et al.".
    """
    model.Sort.sort = _sorting_sort
    model.Name.process = _sorting_name_process
    model.Text.process = _fixed_text_process
    model.Name.et_al = _fixed_et_al


FIXES: tuple[Callable[[], None], ...] = (
    fix_text_case,
    fix_nested_quotes,
    fix_page_ranges,
    fix_initialize_false,
    fix_sorting,
)


# --- speed: memoize pure lookups ---------------------------------------------------

_XPATH_CACHE: dict[tuple[Any, str], Any] = {}
_ORIGINAL_XPATH: Callable[..., Any] = model.CitationStylesElement.xpath_search


def _cached_xpath(self: Any, expression: str) -> Any:
    # the style tree does not change while rendering, so a query's answer is fixed
    key = (self, expression)
    found = _XPATH_CACHE.get(key)
    if found is None:
        found = _XPATH_CACHE[key] = _ORIGINAL_XPATH(self, expression)
    return found


def _cached_reference(self: Any) -> Any:
    try:
        return dict.__getitem__(self, "_reference")
    except KeyError:
        reference = self.bibliography.source[self.key]
        dict.__setitem__(self, "_reference", reference)
        return reference


_ROOTS: dict[Any, Any] = {}


def _cached_root(self: Any) -> Any:
    # holding the root proxy also keeps the attributes citeproc-py sets on it alive
    root = _ROOTS.get(self)
    if root is None:
        root = _ROOTS[self] = self.getroottree().getroot()
    return root


_CONDITIONS: dict[Any, Any] = {}
_SIMPLE_TESTS = frozenset({"type", "variable", "match"})


def _conditions(element: Any) -> Any:
    """(types, variables, match) of an if/else-if with only type and variable tests, else None."""
    spec = _CONDITIONS.get(element, False)
    if spec is False:
        if set(element.attrib) <= _SIMPLE_TESTS:
            types = [t.lower() for t in element.get("type", "").split()]
            variables = [v.replace("-", "_") for v in element.get("variable", "").split()]
            spec = (types, variables, element.get("match", "all"))
        else:
            spec = None
        _CONDITIONS[element] = spec
    return spec


def _fast_if_render(
    self: Any, item: Any, context: Any = None, delimiter: str = "", **kwargs: Any
) -> Any:
    spec = _conditions(self)
    if spec is None:
        return _fixed_if_render(self, item, context=context, delimiter=delimiter, **kwargs)
    types, variables, match = spec
    reference = item.reference
    results = [t == reference.type for t in types]
    results += ["locator" in item if v == "locator" else v in reference for v in variables]
    if match == "any":
        passed = any(results)
    elif match == "none":
        passed = not any(results)
    else:
        passed = all(results)
    if not passed:
        raise model.ConditionFailed
    return self.render_children(item, context=context, delimiter=delimiter, **kwargs)


def fix_speed() -> None:
    """Memoize lookups on the (unchanging) style tree: XPath queries, roots, conditions."""
    model.CitationStylesElement.xpath_search = _cached_xpath
    model.CitationStylesElement.get_root = _cached_root
    model.If.render = _fast_if_render
    model.Else_If.render = _fast_if_render
    from citeproc.source import CitationItem

    CitationItem.reference = property(_cached_reference)


def apply() -> None:
    """Install every fix once."""
    if _APPLIED:
        return
    for fix in FIXES:
        fix()
        _APPLIED.append(fix.__name__)


# --- subsequent-author-substitute ---------------------------------------------

_ORIGINAL_NAMES_RENDER: Callable[..., Any] = model.Names.render


_SAS: dict[str, Any] = {"substitute": None, "previous": None, "done": True}


def start_bibliography(substitute: str | None) -> None:
    """Arm subsequent-author-substitute for the next entries (None disarms it)."""
    _SAS.update(substitute=substitute, previous=None, done=True)


def start_entry() -> None:
    """Mark the start of an entry: its first rendered names are the ones compared."""
    _SAS["done"] = _SAS["substitute"] is None


def _fixed_names_render(self: Any, item: Any, *args: Any, **kwargs: Any) -> Any:
    text = _ORIGINAL_NAMES_RENDER(self, item, *args, **kwargs)
    if text is None or _SAS["done"] or kwargs.get("sort_options") is not None:
        return text
    _SAS["done"] = True
    # citeproc-js compares the names shown, not the "et al." after them
    et_al = str(self.get_single_term("et-al"))
    compared = re.sub(rf",?\s*(?:<i>)?{re.escape(et_al)}(?:</i>)?\.?$", "", str(text))
    previous, _SAS["previous"] = _SAS["previous"], compared
    if previous == compared:
        return String(_SAS["substitute"])
    return text


def fix_subsequent_author_substitute() -> None:
    """Replace a repeated first names list by the style's subsequent-author-substitute."""
    model.Names.render = _fixed_names_render


# --- substitution suppresses the substituted variables ---------------------------

_VARIABLE_XPATH = ".//*[@variable]"


def _variables_of(element: Any, seen: set[str] | None = None) -> set[str]:
    """Every variable an element (and the macros it calls) can render."""
    seen = set() if seen is None else seen
    found = set()
    for node in [element, *element.iter()]:
        for variable in (node.get("variable") or "").split():
            found.add(variable)
        macro = node.get("macro")
        if macro and macro not in seen:
            seen.add(macro)
            found |= _variables_of(node.get_macro(macro), seen)
    return found


def _fixed_add_to_repressed_list(self: Any, child: Any, context: Any) -> None:
    layout = context.get_layout()
    for variable in _COUNTS["last_substituted"]:
        for tag in _TAGS.values():
            layout.repressed.setdefault(tag, []).append(variable)


def _fixed_substitute_render(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
    for child in self.getchildren():
        before = len(_COUNTS["rendered_names"])
        try:
            if isinstance(child, model.Names) and child.name is None:
                names = self.getparent()
                text = child.render(item, names_context=names, context=context, **kwargs)
            else:
                text = child.render(item, context=context, **kwargs)
        except model.VariableError:
            del _COUNTS["rendered_names"][before:]
            continue
        if text:
            _COUNTS["rendered"] += 1  # a substitute (even a term like "Anon.") is content
            _COUNTS["last_substituted"] = set(_COUNTS["rendered_names"][before:])
            self.add_to_repressed_list(child, context)
            return text
        del _COUNTS["rendered_names"][before:]
    return None


_TAGS = {
    cls: "{http://purl.org/net/xbiblio/csl}" + cls.__name__.lower()
    for cls in (model.Text, model.Number, model.Names, model.Date)
}

_ORIGINAL_NAMES_PROCESS: Callable[..., Any] = model.Names.process
_ORIGINAL_NUMBER_PROCESS: Callable[..., Any] = model.Number.process
_ORIGINAL_DATE_PROCESS: Callable[..., Any] = model.Date.process


def _repressed(element: Any, variable: str | None, context: Any) -> bool:
    if not variable:
        return False
    try:
        layout = (context if context is not None else element).get_layout()
    except IndexError:
        return False
    return variable in (getattr(layout, "repressed", None) or {}).get(element.tag, ())


def _fixed_number_process(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
    if _repressed(self, self.get("variable"), context):
        return None
    return _ORIGINAL_NUMBER_PROCESS(self, item, context=context, **kwargs)


def _fixed_date_process(
    self: Any, item: Any, variable: Any = None, *args: Any, **kwargs: Any
) -> Any:
    if variable is None and _repressed(self, self.get("variable"), kwargs.get("context")):
        return None
    return _ORIGINAL_DATE_PROCESS(self, item, variable, *args, **kwargs)


def fix_substitute_suppression() -> None:
    """A variable used as a substitute (a title for a missing author) is not printed again."""
    model.Substitute.render = _fixed_substitute_render
    model.Substitute.add_to_repressed_list = _fixed_add_to_repressed_list
    model.Number.process = _fixed_number_process
    model.Date.process = _fixed_date_process


# --- groups: suppressed when the variables they tried to render were all empty ----

# Counters shared by the patched variable renderers: variables evaluated, variables
# that produced output, and the names of the latter (for substitution).
_COUNTS: dict[str, Any] = {
    "called": 0,
    "rendered": 0,
    "rendered_names": [],
    "last_substituted": set(),
}

_ORIGINAL_TEXT_VARIABLE: Callable[..., Any] = model.Text._variable
_ORIGINAL_NAMES_PROCESS_FOR_COUNT: Callable[..., Any] = model.Names.process


def _counted(variable: str, text: Any) -> Any:
    _COUNTS["called"] += 1
    if text is not None and str(text) != "":
        _COUNTS["rendered"] += 1
        _COUNTS["rendered_names"].append(variable)
    return text


def _counting_text_variable(self: Any, item: Any, context: Any) -> Any:
    variable = self.get("variable")
    try:
        text = _ORIGINAL_TEXT_VARIABLE(self, item, context)
    except model.VariableError:
        _counted(variable, None)
        raise
    return _counted(variable, text)


def _counting_names_process(self: Any, item: Any, *args: Any, **kwargs: Any) -> Any:
    variable = self.get("variable") or ""
    roles = [role for role in variable.split() if not _repressed(self, role, kwargs.get("context"))]
    if variable and not roles:
        return None
    if kwargs.get("names_context") is None and self.find("cs:name", self.nsmap) is None:
        # a bare <names> in a substitute (also inside a choose) uses the enclosing names' options
        outer = self.xpath_search("./ancestor::cs:substitute[1]/parent::cs:names[1]")
        if outer:
            kwargs["names_context"] = outer[0]
    narrowed = variable and len(roles) < len(variable.split())
    if narrowed:  # render only the roles not already used as a substitute
        self.set("variable", " ".join(roles))
    try:
        text = _ORIGINAL_NAMES_PROCESS_FOR_COUNT(self, item, *args, **kwargs)
    except model.VariableError:
        _counted(variable, None)
        raise
    finally:
        if narrowed:
            self.set("variable", variable)
    rendered_variable = next((r for r in roles if r.replace("-", "_") in item.reference), variable)
    if (
        text is not None
        and rendered_variable in roles
        and rendered_variable.replace("-", "_") in item.reference
    ):
        return _counted(rendered_variable, text)
    _COUNTS["called"] += 1
    return text


def _counting_number_process(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
    try:
        text = _fixed_number_process(self, item, context=context, **kwargs)
    except model.VariableError:
        _counted(self.get("variable"), None)
        raise
    return _counted(self.get("variable"), text)


def _counting_date_process(
    self: Any, item: Any, variable: Any = None, *args: Any, **kwargs: Any
) -> Any:
    if variable is not None:  # a locale date part rendering on behalf of a style date
        return _fixed_date_process(self, item, variable, *args, **kwargs)
    try:
        text = _fixed_date_process(self, item, variable, *args, **kwargs)
    except model.VariableError:
        _counted(self.get("variable"), None)
        raise
    if text is not None and self.get("variable") == "issued":
        text = _implicit_year_suffix(item, text)
    return _counted(self.get("variable"), text)


# A style that never renders year-suffix gets it after the first issued year (CSL 1.0.2).
_YEAR_SUFFIX: dict[str, bool] = {"implicit": False, "done": True}


def start_year_suffix(implicit: bool) -> None:
    """Arm (or disarm) the implicit year suffix for the next entry."""
    _YEAR_SUFFIX.update(implicit=implicit, done=not implicit)


def _implicit_year_suffix(item: Any, text: Any) -> Any:
    if _YEAR_SUFFIX["done"]:
        return text
    suffix = item.reference.get("year_suffix")
    issued = item.reference.get("issued")
    year = getattr(issued, "get", lambda _key: None)("year")
    if not suffix or year is None:
        return text
    rendered = str(text)
    position = rendered.rfind(str(year))
    if position < 0:
        return text
    _YEAR_SUFFIX["done"] = True
    end = position + len(str(year))
    return String(rendered[:end] + str(suffix) + rendered[end:])


def _fixed_group_process(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
    called, rendered = _COUNTS["called"], _COUNTS["rendered"]
    output = []
    delimiter = self.get("delimiter", "")
    for child in self.iterchildren():
        try:
            if isinstance(child, model.Choose):
                text = child.render(item, context=context, delimiter=delimiter, **kwargs)
            else:
                text = child.render(item, context=context, **kwargs)
        except model.VariableError:
            continue
        if text is not None and str(text) != "":
            output.append(text)
            if isinstance(child, model.Group) or "macro" in child.attrib:
                # citeproc-js counts a nested group or macro that printed something as content
                _COUNTS["rendered"] += 1
    if not output or (_COUNTS["called"] > called and _COUNTS["rendered"] == rendered):
        raise model.VariableError
    return self.join(output)


def fix_group_suppression() -> None:
    """A group is suppressed when it evaluated variables and all of them were empty."""
    model.Text._variable = _counting_text_variable
    model.Names.process = _counting_names_process
    model.Number.process = _counting_number_process
    model.Date.process = _counting_date_process
    model.Group.process = _fixed_group_process


_ORIGINAL_IF_RENDER: Callable[..., Any] = model.If.render


def _fixed_if_render(
    self: Any, item: Any, context: Any = None, delimiter: str = "", **kwargs: Any
) -> Any:
    if "disambiguate" not in self.attrib:
        return _ORIGINAL_IF_RENDER(self, item, context=context, delimiter=delimiter, **kwargs)
    # Nothing is ambiguous at first sight: disambiguate="true" tests false, like a
    # citation before citeproc-js's last disambiguation step.
    tests = [self.get("disambiguate", "false").lower() == "false"]
    others = {
        key: value for key, value in self.attrib.items() if key not in ("disambiguate", "match")
    }
    if others:
        try:
            stripped = _without_disambiguate(self)
            stripped.render(item, context=context, delimiter=delimiter, **kwargs)
            tests.append(True)
        except model.ConditionFailed:
            tests.append(False)
    match = self.get("match", "all")
    passed = any(tests) if match == "any" else (not any(tests) if match == "none" else all(tests))
    if not passed:
        raise model.ConditionFailed
    return self.render_children(item, context=context, delimiter=delimiter, **kwargs)


def _without_disambiguate(element: Any) -> Any:
    """A condition-only copy of an if/else-if without its disambiguate test (memoized)."""
    copy = _STRIPPED.get(element)
    if copy is None:
        copy = element.makeelement(
            element.tag,
            {key: value for key, value in element.attrib.items() if key != "disambiguate"},
        )
        _STRIPPED[element] = copy
    return copy


_STRIPPED: dict[Any, Any] = {}


def fix_disambiguate_condition() -> None:
    """``disambiguate="true"`` is false until disambiguation needs it (citeproc-py ignores it)."""
    model.If.render = _fixed_if_render
    model.Else_If.render = _fixed_if_render


def _fixed_render_single_date(
    self: Any, date: Any, show_parts: Any = None, context: Any = None
) -> Any:
    parts = (
        self.parts(date, show_parts, context) if context != self else self.parts(date, show_parts)
    )
    if not parts:
        return None
    if self.is_locale_date() and context is not None and "delimiter" in context.attrib:
        return context.join(parts)
    return self.join(parts)  # a localized date keeps the locale's delimiter ("2021 Aug 26")


_ORIGINAL_DATE_PART_RENDER: Callable[..., Any] = model.Date_Part.render


def _restoring_date_part_render(self: Any, *args: Any, **kwargs: Any) -> Any:
    # citeproc-py copies a style's date-part overrides into the locale's date-part for
    # good; put the locale's own attributes back so the next date starts clean
    saved = dict(self.attrib)
    try:
        return _ORIGINAL_DATE_PART_RENDER(self, *args, **kwargs)
    finally:
        if dict(self.attrib) != saved:
            self.attrib.clear()
            self.attrib.update(saved)


def fix_localized_date_delimiter() -> None:
    """A localized date keeps the locale's delimiter; style overrides do not stick to it."""
    model.Date.render_single_date = _fixed_render_single_date
    model.Date_Part.render = _restoring_date_part_render


_ORIGINAL_WRAP: Callable[..., Any] = model.Affixed.wrap


def _escaped_wrap(self: Any, string: Any) -> Any:
    if string is None:
        return None
    prefix = self.get("prefix", "")
    suffix = self.get("suffix", "")
    if not (set(prefix) | set(suffix)) & {"<", ">", "&"}:
        return _ORIGINAL_WRAP(self, string)
    # affixes are literal text: escape them like any other text for HTML output
    formatter = self.get_formatter()
    prefix, suffix = formatter.preformat(prefix), formatter.preformat(suffix)
    text = prefix + model.normalize_seam(prefix, string)
    return text + model.normalize_seam(text, suffix)


def fix_affix_escaping() -> None:
    """Prefixes and suffixes such as ``<`` and ``>`` around a URL are text, not markup."""
    model.Affixed.wrap = _escaped_wrap


def reset_counts() -> None:
    """Forget the names of rendered variables (called between entries)."""
    _COUNTS["rendered_names"].clear()


FIXES = (
    *FIXES,
    fix_subsequent_author_substitute,
    fix_substitute_suppression,
    fix_group_suppression,
    fix_disambiguate_condition,
    fix_localized_date_delimiter,
    fix_affix_escaping,
    fix_speed,  # last: it wraps methods the fixes above install
)
