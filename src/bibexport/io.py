"""The only module that touches files: reading with encoding detection, atomic writes."""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from bibexport.errors import InputError
from bibexport.model import SourceSpan

STDIN_NAME = "<stdin>"

# Share of control characters (other than tab, newline, carriage return, form
# feed) in the first _BINARY_PROBE characters above which a file is taken for
# binary even without a NUL byte.
_BINARY_CONTROL_SHARE = 0.05
_BINARY_PROBE = 65536
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f]")


def decode_bytes(data: bytes, name: str) -> str:
    """Decode an input file's bytes to text, or raise InputError for binary data.

    UTF-8 (with or without a byte order mark) and UTF-16 with a byte order mark
    are recognized; anything else that is not valid UTF-8 is read as Windows-1252,
    the encoding that text saved from a browser on Windows most often has.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError("not valid UTF-16 text", SourceSpan(name, 1)) from exc
    if b"\x00" in data:
        raise InputError(
            "this is a binary file, not text", SourceSpan(name, _line_of(data, b"\x00"))
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    probe = text[:_BINARY_PROBE]
    if probe and len(_CONTROL.findall(probe)) / len(probe) > _BINARY_CONTROL_SHARE:
        raise InputError("this is a binary file, not text", SourceSpan(name, 1))
    return text


def _line_of(data: bytes, needle: bytes) -> int:
    """The 1-based line on which ``needle`` first occurs in ``data``."""
    return data[: data.index(needle)].count(b"\n") + 1


def read_text(path: str | None) -> tuple[str, str]:
    """Read an input (a path, or ``-``/None for stdin) and return ``(text, display name)``.

    Line endings are normalized to ``\\n``. A missing or unreadable file, an empty
    file and a binary file raise InputError naming the file.
    """
    if path in (None, "-"):
        name = STDIN_NAME
        data = sys.stdin.buffer.read()
    else:
        name = str(path)
        try:
            data = Path(path).read_bytes()
        except FileNotFoundError as exc:
            raise InputError("no such file", SourceSpan(name, 1)) from exc
        except IsADirectoryError as exc:
            raise InputError("is a directory, not a file", SourceSpan(name, 1)) from exc
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}", SourceSpan(name, 1)) from exc
    text = decode_bytes(data, name)
    if "\r" in text:  # a one-character scan is ten times faster than replacing "\r\n"
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError("the input is empty", SourceSpan(name, 1))
    return text, name


def write_text_atomic(path: str, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file and a rename.

    A failure at any point leaves an existing file at ``path`` byte-identical and
    creates nothing at ``path``. The new file keeps the old one's permissions.
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            for chunk in _chunks(text):
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(temp_name, target.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp_name, 0o666 & ~umask)
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise


# Output is encoded a piece at a time: a large bibliography's text and all of its
# UTF-8 bytes are never in memory together.
_CHUNK = 1 << 20


def _chunks(text: str) -> Iterator[str]:
    """``text`` in pieces of at most ``_CHUNK`` characters, in order."""
    for start in range(0, len(text), _CHUNK):
        yield text[start : start + _CHUNK]


def write_output(path: str | None, text: str) -> None:
    """Write the result to ``path`` atomically, or to stdout when ``path`` is None or ``-``."""
    if path in (None, "-"):
        for chunk in _chunks(text):
            sys.stdout.buffer.write(chunk.encode("utf-8"))
        sys.stdout.buffer.flush()
    else:
        try:
            write_text_atomic(path, text)
        except OSError as exc:
            raise InputError(f"cannot write: {exc.strerror}", SourceSpan(path, 1)) from exc
