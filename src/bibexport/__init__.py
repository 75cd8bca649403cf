"""bibexport: publication listings and bibliographies in, clean bibliographic data out.

The public API (everything else is internal and may change):

- ``read_string(text, format=None, name="<string>")`` and ``read_file(path, format=None)``
  return a ``ParseResult`` of the records as read, before any cleaning.
- ``convert(inputs, to="bibtex", **options)`` runs the whole pipeline over text
  inputs and returns a ``Result`` (records, output text, diagnostics).
- ``write_string(records, format="bibtex", **options)`` and
  ``write_file(records, path, format=None, **options)`` write records.
- ``cite(records, style="apa", markup="text", **options)`` formats a bibliography.
- the model: ``Record``, ``Name``, ``PartialDate``, ``Venue``, ``Diagnostic``.

Heavy libraries are imported only by the functions that need them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bibexport.errors import BibexportError, Diagnostic, InputError, ParseResult
from bibexport.model import Name, PartialDate, Record, Venue

if TYPE_CHECKING:
    from bibexport.pipeline import Result

__version__ = "0.1.0"

__all__ = [
    "BibexportError",
    "Diagnostic",
    "InputError",
    "Name",
    "ParseResult",
    "PartialDate",
    "Record",
    "Venue",
    "__version__",
    "cite",
    "convert",
    "read_file",
    "read_string",
    "write_file",
    "write_string",
]


def read_string(text: str, format: str | None = None, name: str = "<string>") -> ParseResult:
    """Read records from text in ``format`` (sniffed when None), without cleaning them."""
    from bibexport.registry import get_reader, guess_format

    return get_reader(format or guess_format(None, text))(text, name)


def read_file(path: str, format: str | None = None) -> ParseResult:
    """Read records from a file in ``format`` (sniffed when None), without cleaning them."""
    from bibexport import io
    from bibexport.registry import get_reader, guess_format

    text, name = io.read_text(path)
    return get_reader(format or guess_format(path, text))(text, name)


def convert(
    inputs: Sequence[str],
    to: str = "bibtex",
    from_format: str | None = None,
    **write_options: object,
) -> Result:
    """Run the whole pipeline over input texts; ``write_options`` are WriteOptions fields."""
    from bibexport.pipeline import ConvertOptions, InputText
    from bibexport.pipeline import convert as run_convert
    from bibexport.registry import WriteOptions

    texts = [InputText(text, f"<input {i + 1}>") for i, text in enumerate(inputs)]
    options = ConvertOptions(
        from_format=from_format, to_format=to, write=WriteOptions(**write_options)
    )
    return run_convert(texts, options)


def write_string(records: Sequence[Record], format: str = "bibtex", **write_options: object) -> str:
    """Write records in ``format``; ``write_options`` are WriteOptions fields."""
    from bibexport.registry import WriteOptions, get_writer

    return get_writer(format)(records, WriteOptions(**write_options))


def write_file(
    records: Sequence[Record], path: str, format: str | None = None, **write_options: object
) -> None:
    """Write records to ``path`` atomically, in ``format`` or the one its extension names."""
    from bibexport import io
    from bibexport.registry import format_for_output_path

    chosen = format or format_for_output_path(path) or "bibtex"
    io.write_text_atomic(path, write_string(records, chosen, **write_options))


def cite(
    records: Sequence[Record], style: str = "apa", markup: str = "text", **options: object
) -> str:
    """Format records as a bibliography in a CSL style (see ``bibexport cite``)."""
    return write_string(records, "citation", style=style, markup=markup, **options)
