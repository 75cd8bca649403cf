"""Formatted bibliographies: records -> a publication list in a CSL style (writer only).

This module is the format's entry in the registry and stays light: ``convert``
imports every format module. The work happens in ``bibexport.cite_layout``
(order, groups, numbers, highlight, layout per markup) over the CSL engine in
``bibexport.cite_engine`` (citeproc-py and lxml), both imported only when a
bibliography is written, so that ``bibexport --help`` and ``convert`` never load them.
"""

from __future__ import annotations

from collections.abc import Sequence

from bibexport.model import Record
from bibexport.registry import FormatSpec, WriteOptions

MARKUPS: tuple[str, ...] = ("text", "html", "markdown", "latex", "json")
GROUPINGS: tuple[str, ...] = ("year", "type", "venue")
SORTS: tuple[str, ...] = ("style", "newest", "oldest")


def write(records: Sequence[Record], options: WriteOptions) -> str:
    """Format ``records`` in ``options.style``, laid out for ``options.markup``."""
    from bibexport.cite_layout import write_bibliography

    return write_bibliography(records, options)


FORMATS: tuple[FormatSpec, ...] = (
    FormatSpec(
        name="citation",
        description="formatted bibliography in a CSL style (text, HTML, Markdown, LaTeX, JSON)",
        extensions=(".html", ".md", ".tex"),
        write=write,
        aliases=("cite", "citations"),
    ),
)
