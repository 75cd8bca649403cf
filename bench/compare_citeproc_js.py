"""Agreement of bibexport's cite engine with citeproc-js, per style.

Runs citeproc-js (npm ``citeproc``, via tests/peers/citeproc_js.js) and
``bibexport.cite_engine`` over the same CSL-JSON (tests/data/cite/items.json
by default), with the same style file and the same en-US locale XML, and
prints per style how many entries are identical in plain text and in HTML.

usage: python bench/compare_citeproc_js.py [--items FILE] [--show N] [STYLE...]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEER = ROOT / "tests" / "peers" / "citeproc_js.js"
ITEMS = ROOT / "tests" / "data" / "cite" / "items.json"
STYLES = [
    "apa",
    "ieee",
    "chicago-author-date",
    "modern-language-association",
    "nature",
    "harvard-cite-them-right",
    "vancouver",
]


def locale_path(locale: str = "en-US") -> Path:
    """The locale XML citeproc-py ships, which citeproc-js is given too."""
    import citeproc

    return Path(citeproc.__file__).parent / "data" / "locales" / f"locales-{locale}.xml"


def run_citeproc_js(items_path: Path, style_path: Path) -> list[dict[str, str]]:
    """citeproc-js's bibliography: [{"id", "text", "html"}] in order."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is not installed")
    done = subprocess.run(
        [node, str(PEER), str(items_path), str(style_path), str(locale_path())],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(done.stdout)


def compare(items: list[dict], style: str, show: int = 0) -> tuple[int, int, int]:
    """(entries, identical text, identical html) for one style; prints up to ``show`` diffs."""
    from bibexport.cite_engine import format_bibliography, resolve_style

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump(items, f, ensure_ascii=False)
    try:
        reference = run_citeproc_js(Path(f.name), resolve_style(style))
    finally:
        Path(f.name).unlink()
    ours = format_bibliography(items, style)
    same_text = same_html = 0
    shown = 0
    for position, expected in enumerate(reference):
        got = ours[position] if position < len(ours) else None
        text_ok = got is not None and got.key == expected["id"] and got.text == expected["text"]
        html_ok = (
            got is not None
            and got.key == expected["id"]
            and got.html == peer_html(expected["html"])
        )
        same_text += text_ok
        same_html += html_ok
        if not text_ok and shown < show:
            shown += 1
            print(f"  [{style}] #{position + 1} {expected['id']}")
            print(f"    js: {expected['text']}")
            print(f"    py: {got.key + ': ' + got.text if got else None}")
    return len(reference), same_text, same_html


def peer_html(html: str) -> str:
    """citeproc-js's entry HTML without its csl-entry wrapper, as FormattedEntry.html holds it."""
    import re

    inner = re.sub(r'^<div class="csl-entry">\s*', "", html)
    inner = re.sub(r"\s*</div>$", "", inner)
    return re.sub(r"</div>\s+", "</div>", inner.strip())


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("styles", nargs="*", default=STYLES)
    parser.add_argument("--items", type=Path, default=ITEMS)
    parser.add_argument("--show", type=int, default=0, help="print this many differing entries")
    args = parser.parse_args(argv)
    items = json.loads(args.items.read_text(encoding="utf-8"))
    print(f"{'style':32} {'entries':>7} {'text same':>10} {'html same':>10}")
    for style in args.styles:
        try:
            total, text, html = compare(items, style, args.show)
        except subprocess.CalledProcessError as exc:
            print(f"{style:32} citeproc-js failed: {exc.stderr.strip().splitlines()[-1:]}")
            continue
        print(f"{style:32} {total:7d} {100 * text / total:9.1f}% {100 * html / total:9.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
