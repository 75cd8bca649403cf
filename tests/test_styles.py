"""bibexport's own CSL styles (styles/*.csl) and the style listing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bibexport.cite_styles import find_styles, resolve_shipped, shipped_styles, style_title
from bibexport.cli import app
from bibexport.formats.citation import write
from bibexport.model import RECORD_TYPES, Name, PartialDate, Record, Venue
from bibexport.registry import WriteOptions

OUR_STYLES = ("cv-compact", "lab-page")

# What each record type carries in practice, beyond authors, title and year.
TYPE_FIELDS: dict[str, dict[str, object]] = {
    "paper-conference": {
        "container_title": "Advances in Neural Information Processing Systems",
        "venue": Venue(id="neurips", name="NeurIPS", short="NeurIPS", kind="conference"),
    },
    "article-journal": {
        "container_title": "Journal of Machine Learning Research",
        "venue": Venue(id="jmlr", name="JMLR", short="JMLR", kind="journal"),
        "volume": "25",
        "page": "1-40",
    },
    "article": {"archive": "arXiv", "number": "2401.01234"},
    "chapter": {"container_title": "Handbook of Sparse Models", "publisher": "Springer"},
    "book": {"publisher": "Cambridge University Press"},
    "thesis": {"genre": "PhD thesis", "publisher": "Columbia University"},
    "report": {"publisher": "Example Institute", "number": "TR-7"},
    "dataset": {"publisher": "Zenodo"},
    "software": {"publisher": "GitHub"},
    "webpage": {"container_title": "Lab blog"},
    "manuscript": {},
    "speech": {"event_title": "Workshop on Theory of Deep Learning"},
    "patent": {"number": "US 1,234,567"},
    "entry-encyclopedia": {"container_title": "Encyclopedia of Machine Learning"},
    "document": {},
}

ARTIFACTS = re.compile(r"\.\.|,,|\(\)|\s[,.;:]|\s$|^\s| {2}|\.,|,\.")


def record_of(kind: str, **changes: object) -> Record:
    fields: dict[str, object] = {
        "type": kind,
        "key": f"k-{kind}",
        "title": f"A study of {kind} entries",
        "authors": (Name("Buchanan", "Sam"), Name("Maaten", "Laurens", particle="van der")),
        "issued": PartialDate(2024),
        "doi": "10.1234/example.5678",
        **TYPE_FIELDS[kind],
    }
    fields.update(changes)
    return Record(**fields)  # type: ignore[arg-type]


def render(style: str, records: list[Record], markup: str = "text") -> str:
    return write(records, WriteOptions(style=style, markup=markup))


def test_every_record_type_has_fields_here() -> None:
    assert set(TYPE_FIELDS) == set(RECORD_TYPES)


@pytest.mark.parametrize("style", OUR_STYLES)
@pytest.mark.parametrize("kind", RECORD_TYPES)
def test_style_renders_every_type(style: str, kind: str) -> None:
    text = render(style, [record_of(kind)]).rstrip("\n")
    assert f"A study of {kind} entries" in text
    assert "Buchanan" in text and "van der Maaten" in text
    assert "2024" in text
    assert text.endswith("https://doi.org/10.1234/example.5678")
    assert not ARTIFACTS.search(text), text
    venue_bits = [str(v) for k, v in TYPE_FIELDS[kind].items() if k != "venue" and k != "page"]
    shown = [bit for bit in venue_bits if bit in text]
    if kind in ("paper-conference", "article-journal"):
        assert re.search(r"(NeurIPS|JMLR) 2024\.", text), text
    else:
        assert shown or not venue_bits or kind in ("dataset", "software", "patent"), text


@pytest.mark.parametrize("style", OUR_STYLES)
def test_style_without_date_or_link(style: str) -> None:
    text = render(style, [record_of("book", issued=None, doi="")])
    assert "n.d." in text
    assert "http" not in text
    assert not ARTIFACTS.search(text.rstrip("\n")), text


@pytest.mark.parametrize("style", OUR_STYLES)
def test_style_url_when_no_doi(style: str) -> None:
    text = render(style, [record_of("article", doi="", url="https://arxiv.org/abs/2401.01234")])
    assert text.rstrip().endswith("https://arxiv.org/abs/2401.01234")


def test_cv_compact_layout() -> None:
    text = render("cv-compact", [record_of("paper-conference")])
    assert text == (
        "S. Buchanan and L. van der Maaten. A study of paper-conference entries. NeurIPS 2024. "
        "https://doi.org/10.1234/example.5678\n"
    )


def test_lab_page_layout() -> None:
    html = render("lab-page", [record_of("paper-conference")], markup="html")
    assert html == (
        '<div class="csl-bib-body">\n  <div class="csl-entry" id="ref-k-paper-conference">'
        "<b>A study of paper-conference entries</b>. Sam Buchanan and Laurens van der Maaten. "
        '<i>NeurIPS</i> 2024. <a href="https://doi.org/10.1234/example.5678">'
        "https://doi.org/10.1234/example.5678</a></div>\n</div>\n"
    )


def test_preprint_venue() -> None:
    text = render("cv-compact", [record_of("article")])
    assert "arXiv:2401.01234, 2024." in text


def test_shipped_styles_are_packaged() -> None:
    styles = shipped_styles()
    assert set(OUR_STYLES) <= set(styles)
    for style_id, path in styles.items():
        assert path.name == f"{style_id}.csl"
        assert style_title(path).startswith("bibexport")
        text = path.read_text(encoding="utf-8")
        assert f"<id>bibexport/{style_id}</id>" in text
        assert "<!DOCTYPE" not in text and "<!ENTITY" not in text


def test_resolve_shipped() -> None:
    assert Path(resolve_shipped("cv-compact")).name == "cv-compact.csl"
    assert resolve_shipped("apa") == "apa"
    assert resolve_shipped("some/file.csl") == "some/file.csl"


def test_find_styles_lists_ours_first() -> None:
    found = find_styles()
    assert [style_id for style_id, _ in found[: len(OUR_STYLES)]] == sorted(OUR_STYLES)
    ids = [style_id for style_id, _ in found]
    assert "apa" in ids and "ieee" in ids
    assert len(ids) == len(set(ids))
    assert len(ids) > 2000


def test_find_styles_query() -> None:
    found = dict(find_styles("cv"))
    assert "cv-compact" in found and "apa-cv" in found
    assert all("cv" in f"{i} {t}".casefold() for i, t in find_styles("cv"))


def test_styles_command() -> None:
    result = CliRunner().invoke(app, ["styles", "ieee"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert any(re.match(r"ieee\s+IEEE\b", line) for line in lines)
    assert all("ieee" in line.casefold() for line in lines)


def test_styles_command_first_lines_are_ours() -> None:
    result = CliRunner().invoke(app, ["styles"])
    assert result.exit_code == 0
    first = result.output.splitlines()[:2]
    assert [line.split()[0] for line in first] == ["cv-compact", "lab-page"]


def test_styles_command_no_match() -> None:
    result = CliRunner().invoke(app, ["styles", "no-style-has-this-name"])
    assert result.exit_code == 2
    assert "error: no style matches 'no-style-has-this-name'" in result.output
