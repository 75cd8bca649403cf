"""CSL-JSON and CSL-YAML, both through the one mapping in ``bibexport.csl``.

CSL-JSON is a JSON array of CSL items (a single item object is read too), as
Zotero, citation-js, pandoc and Better BibTeX write it. CSL-YAML is the same
items in YAML, in pandoc's ``references:`` metadata form (a bare list and a
Markdown file whose YAML front matter holds ``references:`` are read too).

Writers are deterministic: items in record order, keys in a fixed order (``id``,
``citation-key``, ``type``, ``title``, ``author``, ... ``custom``), UTF-8 text
with no escaping of non-ASCII characters.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import cache, lru_cache
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import Any

from bibexport import csl
from bibexport.errors import InputError, ParseResult, warning
from bibexport.model import Record, SourceSpan
from bibexport.registry import FormatSpec, WriteOptions

# --------------------------------------------------------------------------- CSL-JSON


def write_json(records: Sequence[Record], options: WriteOptions | None = None) -> str:
    """CSL-JSON: a JSON array of items, two-space indented, ending with a newline.

    The layout is ``json.dumps(indent=2)``'s, except that arrays of strings and
    numbers (date parts, extra pairs, homonym lists) stay on one line.
    """
    if not records:
        return "[]\n"
    items = [_dump(csl.to_csl(record), "  ") for record in records]
    # The brackets go onto the first and last items: concatenating them around the
    # joined text would copy all of it twice more (a third of a large run's memory).
    items[0] = "[\n  " + items[0]
    items[-1] += "\n]\n"
    return ",\n  ".join(items)


def _dump(value: Any, pad: str) -> str:
    """One JSON value laid out at indentation ``pad`` (json.dumps with indent is slow)."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is dict:
        if not value:
            return "{}"
        inner = pad + "  "
        members = [
            encode_basestring(key)
            + ": "
            + (encode_basestring(item) if type(item) is str else _dump(item, inner))
            for key, item in value.items()
        ]
        return "{\n" + inner + (",\n" + inner).join(members) + "\n" + pad + "}"
    if kind is list:
        if all(type(item) not in (dict, list) for item in value):
            return "[" + ", ".join(_dump(item, pad) for item in value) + "]"
        if len(value) == 1 and type(value[0]) is list:
            return "[" + _dump(value[0], pad) + "]"
        inner = pad + "  "
        if all(type(item) is dict and item and _flat_strings(item) for item in value):
            return _dump_names(value, pad, inner)
        items = [_dump(item, inner) for item in value]
        return "[\n" + inner + (",\n" + inner).join(items) + "\n" + pad + "]"
    # Years and flags are in every item: spare them the call into json.dumps.
    if kind is int:
        return str(value)
    if kind is bool:
        return "true" if value else "false"
    return json.dumps(value)


def _flat_strings(mapping: dict[str, Any]) -> bool:
    return all(type(item) is str for item in mapping.values())


def _dump_names(names: list[dict[str, str]], pad: str, inner: str) -> str:
    """A list of flat string objects (CSL names): the hot path of writing, done in one go."""
    objects = [_name_object(tuple(name.items()), inner) for name in names]
    return "[\n" + inner + (",\n" + inner).join(objects) + "\n" + pad + "]"


@lru_cache(maxsize=65536)  # people recur: each distinct name is laid out once
def _name_object(parts: tuple[tuple[str, str], ...], inner: str) -> str:
    """One flat name object at indentation ``inner``."""
    deeper = inner + "  "
    between = ",\n" + deeper
    members = between.join(f"{encode_basestring(k)}: {encode_basestring(v)}" for k, v in parts)
    return "{\n" + deeper + members + "\n" + inner + "}"


def read_json(text: str, name: str) -> ParseResult:
    """Read CSL-JSON (an array of items or one item); bad JSON is an InputError with its line."""
    text = text.lstrip("\ufeff")
    result = ParseResult()
    for value, line in _json_items(text, name):
        _add_item(result, value, SourceSpan(name, line))
    return result


def _json_items(text: str, name: str) -> list[tuple[Any, int]]:
    """The top-level items with the line each begins on (one item when the top is an object)."""
    decoder = json.JSONDecoder()
    start = _skip_space(text, 0)
    if start >= len(text):
        raise InputError("the input is empty", SourceSpan(name, 1))
    if text[start] != "[":
        value, end = _decode(decoder, text, start, name)
        _expect_end(text, end, name)
        return [(value, _line_at(text, start))]
    items: list[tuple[Any, int]] = []
    pos = _skip_space(text, start + 1)
    if pos < len(text) and text[pos] == "]":
        _expect_end(text, pos + 1, name)
        return items
    line, counted = 1, 0  # counted incrementally: counting from 0 for each item is quadratic
    while True:
        value, end = _decode(decoder, text, pos, name)
        line += text.count("\n", counted, pos)
        counted = pos
        items.append((value, line))
        pos = _skip_space(text, end)
        if pos < len(text) and text[pos] == ",":
            pos = _skip_space(text, pos + 1)
            continue
        if pos < len(text) and text[pos] == "]":
            _expect_end(text, pos + 1, name)
            return items
        _json_error(text, pos, "expected ',' or ']' after an item", name)


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _decode(decoder: json.JSONDecoder, text: str, pos: int, name: str) -> tuple[Any, int]:
    try:
        return decoder.raw_decode(text, pos)
    except json.JSONDecodeError as exc:
        _json_error(text, exc.pos, exc.msg, name)
        raise  # unreachable: _json_error raises
    except ValueError as exc:  # a number too long for Python to convert
        _json_error(text, pos, str(exc).split(";")[0], name)
        raise


def _expect_end(text: str, pos: int, name: str) -> None:
    pos = _skip_space(text, pos)
    if pos < len(text):
        _json_error(text, pos, "extra data after the JSON value", name)


def _line_at(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _json_error(text: str, pos: int, message: str, name: str) -> None:
    line = _line_at(text, pos)
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    raise InputError(f"not valid JSON: {message} (column {column})", SourceSpan(name, line))


def _add_item(result: ParseResult, value: Any, source: SourceSpan) -> None:
    """Read one item into ``result``; anything that is not an object is skipped with a warning."""
    if not isinstance(value, dict):
        kind = type(value).__name__ if value is not None else "null"
        result.diagnostics.append(
            warning("csl-item", f"skipped a {kind}: a CSL item is an object", source)
        )
        return
    record, diagnostics = csl.read_item(value, source)
    result.records.append(record)
    result.diagnostics.extend(diagnostics)


_JSON_START = re.compile(r'^\s*(?:\[\s*(?:\]|\{)|\{\s*")')
_JSON_KEY = re.compile(r'"(?:id|type|title|author|issued|citation-key)"\s*:')


def sniff_json(text: str) -> bool:
    """True for text that looks like CSL-JSON: a JSON array/object with CSL keys."""
    head = text[:4096].lstrip("\ufeff")
    if not _JSON_START.match(head):
        return False
    return bool(_JSON_KEY.search(head)) or head.strip() == "[]"


# --------------------------------------------------------------------------- CSL-YAML


def write_yaml(records: Sequence[Record], options: WriteOptions | None = None) -> str:
    """CSL-YAML in pandoc's metadata form: ``---``, ``references:`` and the items, then ``...``.

    Block style as PyYAML's ``safe_dump`` lays it out (sequences at their key's
    indentation), never folded; a string is written plain when YAML (1.1 and 1.2)
    and pandoc read it back as the same text, else double-quoted with escapes.
    Written here rather than through PyYAML, which is twenty times slower.
    """
    if not records:
        return "---\nreferences: []\n...\n"
    lines = ["---", "references:"]
    for record in records:
        item = csl.to_csl(record)
        for variable in RICH_VARIABLES:
            if variable in item:
                item[variable] = rich_to_markdown(item[variable])
        _yaml_sequence_item(item, "", lines)
    lines.append("...")
    return "\n".join(lines) + "\n"


def _yaml_value(key: str, value: Any, indent: str, lines: list[str]) -> None:
    """``key: value`` at ``indent``, with a nested mapping or sequence below it."""
    if isinstance(value, dict) and value:
        lines.append(f"{indent}{key}:")
        for sub_key, sub_value in value.items():
            _yaml_value(_yaml_scalar(sub_key), sub_value, indent + "  ", lines)
    elif isinstance(value, list) and value:
        lines.append(f"{indent}{key}:")
        for item in value:
            _yaml_sequence_item(item, indent, lines)
    else:
        lines.append(f"{indent}{key}: {_yaml_scalar(value)}")


def _yaml_sequence_item(item: Any, indent: str, lines: list[str]) -> None:
    """``- item`` at ``indent``; a mapping's first key, or a nested list, on the dash's line."""
    first = len(lines)
    if isinstance(item, dict) and item:
        for key, value in item.items():
            _yaml_value(_yaml_scalar(key), value, indent + "  ", lines)
    elif isinstance(item, list) and item:
        for sub_item in item:
            _yaml_sequence_item(sub_item, indent + "  ", lines)
    else:
        lines.append(f"{indent}- {_yaml_scalar(item)}")
        return
    lines[first] = f"{indent}- {lines[first][len(indent) + 2 :]}"


# A string YAML reads back as itself when written plain: it starts with a letter, holds
# no indicator, quote, escape or line-break character, and does not end with a space.
_YAML_PLAIN = re.compile(
    r"^[^\W\d_][^:#\"'`{}\[\]|>*&!%@\\\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]*(?<! )\Z"
)
# Words YAML 1.1 reads as booleans or null (pandoc, too, reads them as true/false).
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
# Characters a double-quoted YAML string must escape beyond what JSON escapes: those
# YAML does not allow raw in a stream, and those it would read as line breaks.
_YAML_NEEDS_ESCAPES = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def _yaml_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def _yaml_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    text = str(value)
    if _YAML_PLAIN.match(text) and text.lower() not in _YAML_WORDS:
        return text
    if not _YAML_NEEDS_ESCAPES.search(text):  # single quotes: backslashes stay as they are
        return "'" + text.replace("'", "''") + "'"
    return _YAML_UNSAFE.sub(_yaml_escape, encode_basestring(text))


def read_yaml(text: str, name: str) -> ParseResult:
    """Read CSL-YAML: ``references:`` (also in Markdown front matter) or a bare list of items."""
    text = text.lstrip("\ufeff")
    root = _yaml_root(_front_matter(text), name)
    items = _yaml_references(root, name)
    result = ParseResult()
    for node in items:
        value = _node_value(node)
        if isinstance(value, dict):
            for variable in RICH_VARIABLES:
                if isinstance(value.get(variable), str):
                    value[variable] = markdown_to_rich(value[variable])
        _add_item(result, value, SourceSpan(name, node.start_mark.line + 1))
    return result


# --------------------------------------------------------------------------- Markdown
#
# pandoc reads every string of YAML ``references`` as Markdown. The rich-text
# variables are therefore written as Markdown: ``*italic*``, ``**bold**``,
# ``^sup^``, ``~sub~``, ``[text]{.nocase}``, ``$math$`` as it is, and every other
# character that Markdown would act on escaped with a backslash. A tag pair that
# Markdown cannot say unambiguously (it holds other tags, is empty, starts or ends
# with a space, touches another tag; a sup/sub holding a space) stays a raw HTML
# tag, which pandoc passes through. Reading reverses exactly this, and also takes
# the Markdown pandoc itself writes.

RICH_VARIABLES: tuple[str, ...] = ("title", "abstract")

_MARKERS: dict[str, str] = {"i": "*", "b": "**", "sup": "^", "sub": "~"}
_TAG_TOKEN = re.compile(r'<(/?)(i|b|sup|sub)>|<span class="nocase">|</span>')
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>^~$@#|{}])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
_MD_BLOCK_START = re.compile(r"^(?:([-+>:%=])|(\d+)([.)]))")


def _rich_tokens(rich: str) -> list[tuple[str, str]]:
    """(kind, value) tokens: ``math``/``text`` with their text, ``open``/``close`` with a tag."""
    from bibexport.text import split_math

    tokens: list[tuple[str, str]] = []
    for is_math, segment in split_math(rich):
        if is_math:
            tokens.append(("math", segment))
            continue
        position = 0
        for match in _TAG_TOKEN.finditer(segment):
            if match.start() > position:
                tokens.append(("text", segment[position : match.start()]))
            tag = match.group(2) or "span"
            closing = bool(match.group(1)) or match.group(0) == "</span>"
            tokens.append(("close" if closing else "open", tag))
            position = match.end()
        if position < len(segment):
            tokens.append(("text", segment[position:]))
    return tokens


def _pairs(tokens: list[tuple[str, str]]) -> dict[int, int]:
    """Matching open -> close token indexes; an unmatched tag is in no pair."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for index, (kind, value) in enumerate(tokens):
        if kind == "open":
            stack.append(index)
        elif kind == "close" and stack and tokens[stack[-1]][1] == value:
            pairs[stack.pop()] = index
    return pairs


def _simple(tokens: list[tuple[str, str]], start: int, end: int) -> bool:
    """True when Markdown markers say the pair at ``start``..``end`` unambiguously."""
    inside = tokens[start + 1 : end]
    if not inside or any(kind in ("open", "close") for kind, _ in inside):
        return False
    if start > 0 and tokens[start - 1][0] in ("open", "close"):
        return False
    if end + 1 < len(tokens) and tokens[end + 1][0] in ("open", "close"):
        return False
    first, last = inside[0][1], inside[-1][1]
    if first[:1].isspace() or last[-1:].isspace():
        return False
    if tokens[start][1] in ("sup", "sub"):
        return all(kind == "text" and not any(c.isspace() for c in text) for kind, text in inside)
    return True


def rich_to_markdown(rich: str) -> str:
    """CSL rich text as pandoc Markdown (see the notes above); ``markdown_to_rich`` inverts it."""
    tokens = _rich_tokens(rich)
    pairs = _pairs(tokens)
    closers = {end: start for start, end in pairs.items()}
    simple = {
        index
        for start, end in pairs.items()
        if _simple(tokens, start, end)
        for index in (start, end)
    }
    out: list[str] = []
    for index, (kind, value) in enumerate(tokens):
        if kind == "math":
            out.append(value)
        elif kind == "text":
            out.append(_md_escape(value))
        elif index in simple:
            opening = kind == "open"
            if value == "span":
                out.append("[" if opening else "]{.nocase}")
            else:
                out.append(_MARKERS[value])
        elif index in pairs or index in closers:
            out.append(_raw_tag(kind, value))
        else:  # an unmatched tag is text
            out.append(_md_escape(_raw_tag(kind, value)))
    text = "".join(out)
    block = _MD_BLOCK_START.match(text)
    if block:  # a line starting "- ", "> ", "1. " would be a list or a quote
        at = block.start(1) if block.group(1) else block.start(3)
        text = text[:at] + "\\" + text[at:]
    return text


def _raw_tag(kind: str, tag: str) -> str:
    if tag == "span":
        return '<span class="nocase">' if kind == "open" else "</span>"
    return f"<{tag}>" if kind == "open" else f"</{tag}>"


def _md_escape(text: str) -> str:
    return _MD_ENTITY.sub("\\\\&", _MD_SPECIAL.sub(r"\\\1", text))


_RAW_TAG = re.compile(r'</?(?:i|b|sup|sub)>|<span class="nocase">|</span>')
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def markdown_to_rich(text: str) -> str:
    """pandoc Markdown of a title or abstract as CSL rich text (the inverse of rich_to_markdown).

    Takes ``*``/``**``/``^``/``~`` markers, ``[...]{.nocase}``, raw CSL tags,
    ``$math$`` and backslash escapes; anything else stays as written.
    """
    out: list[str] = []
    open_marker = ""
    spans = 0
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n and text[i + 1] in _ASCII_PUNCTUATION:
            out.append(text[i + 1])
            i += 2
        elif ch == "\\" and i + 1 < n and text[i + 1] == " ":
            out.append(" ")
            i += 2
        elif ch == "$":
            end = _math_end(text, i)
            out.append(text[i:end])
            i = end
        elif ch == "<" and (raw := _RAW_TAG.match(text, i)):
            out.append(raw.group())
            i = raw.end()
        elif ch == "[" and _closes_nocase(text, i + 1):
            out.append('<span class="nocase">')
            spans += 1
            i += 1
        elif ch == "]" and spans and text.startswith("]{.nocase}", i):
            out.append("</span>")
            spans -= 1
            i += len("]{.nocase}")
        elif ch in "*^~":
            marker = "**" if text.startswith("**", i) else ch
            if open_marker == marker or not open_marker:
                tag = {"*": "i", "**": "b", "^": "sup", "~": "sub"}[marker]
                out.append(f"</{tag}>" if open_marker else f"<{tag}>")
                open_marker = "" if open_marker else marker
            else:
                out.append(marker)
            i += len(marker)
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _math_end(text: str, start: int) -> int:
    """The index just past the math that starts at ``start`` (``$...$`` or ``$$...$$``)."""
    delimiter = "$$" if text.startswith("$$", start) else "$"
    i = start + len(delimiter)
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(delimiter, i):
            return i + len(delimiter)
        i += 1
    return len(text)


def _closes_nocase(text: str, start: int) -> bool:
    """True when an unescaped ``]{.nocase}`` closes the bracket opened before ``start``."""
    depth = 0
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "[":
            depth += 1
        elif text[i] == "]":
            if depth == 0:
                return text.startswith("]{.nocase}", i)
            depth -= 1
        i += 1
    return False


def _front_matter(text: str) -> str:
    """The YAML part of the text: all of it, or a Markdown file's front matter block."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return text
    for index in range(1, len(lines)):
        fence = lines[index].rstrip()
        if fence == "...":
            return "\n".join(lines[: index + 1]) + "\n"
        if fence == "---":
            return "\n".join(lines[:index]) + "\n"
    return text


def _yaml_root(text: str, name: str) -> Any:
    """The YAML node tree of the first document; YAML errors become InputErrors with their line."""
    import yaml

    try:
        nodes = list(yaml.compose_all(text, Loader=_text_loader()))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputError(f"not valid YAML: {problem}", SourceSpan(name, line)) from None
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML: {exc}", SourceSpan(name, 1)) from None
    nodes = [node for node in nodes if node is not None]
    if not nodes:
        raise InputError("the YAML input holds no references", SourceSpan(name, 1))
    return nodes[0]


def _yaml_references(root: Any, name: str) -> list[Any]:
    """The item nodes: the ``references`` list, a bare list, or one item mapping."""
    import yaml

    if isinstance(root, yaml.SequenceNode):
        return list(root.value)
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "references":
                if isinstance(value, yaml.SequenceNode):
                    return list(value.value)
                if isinstance(value, yaml.ScalarNode) and value.value in ("", "~", "null"):
                    return []
                raise InputError(
                    "'references' must be a list of items",
                    SourceSpan(name, value.start_mark.line + 1),
                )
        keys = {key.value for key, _ in root.value if isinstance(key, yaml.ScalarNode)}
        if "type" in keys and keys & {"id", "title"}:  # one item on its own
            return [root]
    raise InputError(
        "no 'references:' list of CSL items in this YAML",
        SourceSpan(name, root.start_mark.line + 1),
    )


def _node_value(node: Any) -> Any:
    """A node as plain data, every scalar as a string (pandoc reads YAML values as text).

    ``title: 2024`` or ``title: yes`` stay the text ``2024`` and ``yes``; dates stay
    as written. Only ``null``/``~``/empty plain scalars become None.
    """
    import yaml

    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key, value in node.value:
            if key.tag == "tag:yaml.org,2002:merge" or key.value == "<<":
                merged = _node_value(value)
                for part in merged if isinstance(merged, list) else [merged]:
                    if isinstance(part, dict):
                        for k, v in part.items():
                            result.setdefault(k, v)
                continue
            result[str(_node_value(key))] = _node_value(value)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_node_value(child) for child in node.value]
    if node.style is None and node.value in _YAML_NULLS:
        return None
    return node.value


# Plain scalars YAML reads as null.
_YAML_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


@cache
def _text_loader() -> type:
    """A safe loader (libyaml's parser when present) that resolves no scalar types.

    Every scalar stays the text it was written as; ``_node_value`` spots nulls itself.
    Resolving types we then ignore costs a third of the time of reading.
    """
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class TextLoader(base):  # type: ignore[misc, valid-type]
        yaml_implicit_resolvers: dict = {}  # noqa: RUF012

    return TextLoader


_YAML_HEAD = re.compile(r"^(?:%YAML[^\n]*\n)?(?:#[^\n]*\n|\s*\n)*(?:---[ \t]*\n)?", re.ASCII)
_YAML_ITEM = re.compile(
    r"^(?:references:[ \t]*(?:\n|$|\[)|- (?:id|type|title|author|citation-key):)"
)
_FRONT_REFS = re.compile(r"^references:[ \t]*$", re.MULTILINE)


def sniff_yaml(text: str) -> bool:
    """True for CSL-YAML: ``references:``, a list of items, or front matter with references."""
    text = text.lstrip("\ufeff")
    head = _YAML_HEAD.match(text)
    rest = text[head.end() if head else 0 :]
    if _YAML_ITEM.match(rest):
        return True
    if not text.startswith("---"):
        return False
    return bool(_FRONT_REFS.search(_front_matter(text[:200_000])))


FORMATS: tuple[FormatSpec, ...] = (
    FormatSpec(
        name="csljson",
        description="CSL-JSON (Zotero, citation-js, pandoc, citeproc)",
        extensions=(".json",),
        read=read_json,
        write=write_json,
        sniff=sniff_json,
        aliases=("csl-json", "json", "csl"),
    ),
    FormatSpec(
        name="cslyaml",
        description="CSL-YAML (pandoc's references: metadata)",
        extensions=(".yaml", ".yml"),
        read=read_yaml,
        write=write_yaml,
        sniff=sniff_yaml,
        aliases=("csl-yaml", "yaml"),
    ),
)
