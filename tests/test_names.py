"""Names: display names split into parts, homonym numbers, match keys, the pipeline step."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bibexport.model import Name, Record, SourceSpan
from bibexport.names import (
    is_others,
    name_match_key,
    normalize_name,
    normalize_records,
    parse_display_name,
    suspicious,
)


def N(family: str = "", given: str = "", particle: str = "", suffix: str = "", **kw: str) -> Name:
    return Name(family=family, given=given, particle=particle, suffix=suffix, **kw)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        pytest.param("Sam Buchanan", N("Buchanan", "Sam"), id="plain"),
        pytest.param("Yi Ma 0001", N("Ma", "Yi", homonym="0001"), id="homonym"),
        pytest.param("John Wright 0001", N("Wright", "John", homonym="0001"), id="homonym-2"),
        pytest.param("Valentin De Bortoli", N("De Bortoli", "Valentin"), id="capital-particle"),
        pytest.param("Luc Van Gool", N("Van Gool", "Luc"), id="capital-van"),
        pytest.param(
            "Juan Carlos De La Torre", N("De La Torre", "Juan Carlos"), id="capital-particle-run"
        ),
        pytest.param("Noureddine El Karoui", N("El Karoui", "Noureddine"), id="el"),
        pytest.param(
            "Laurens van der Maaten", N("Maaten", "Laurens", "van der"), id="lowercase-particle"
        ),
        pytest.param(
            "Ludwig van Beethoven 0002",
            N("Beethoven", "Ludwig", "van", homonym="0002"),
            id="particle-and-homonym",
        ),
        pytest.param("Ricardo Pio Monti", N("Monti", "Ricardo Pio"), id="two-given"),
        pytest.param("Hung Van Nguyen", N("Nguyen", "Hung Van"), id="vietnamese-middle"),
        pytest.param("Robert E. Schapire Jr.", N("Schapire", "Robert E.", suffix="Jr."), id="jr"),
        pytest.param("John Smith III", N("Smith", "John", suffix="III"), id="roman-suffix"),
        pytest.param("Gaël Varoquaux", N("Varoquaux", "Gaël"), id="diacritics"),
        pytest.param("Gae\u0308l Varoquaux", N("Varoquaux", "Gaël"), id="decomposed-to-nfc"),
        pytest.param("Jean-Baptiste Tristan", N("Tristan", "Jean-Baptiste"), id="hyphenated-given"),
        pytest.param("Anne Smith-Jones", N("Smith-Jones", "Anne"), id="hyphenated-family"),
        pytest.param("J. Wright", N("Wright", "J."), id="initial"),
        pytest.param("J.Wright", N("Wright", "J."), id="initial-no-space"),
        pytest.param("Quoc V. Le", N("Le", "Quoc V."), id="middle-initial"),
        pytest.param("Aristotle", N("Aristotle"), id="single-word"),
        pytest.param("马毅", N(literal="马毅"), id="cjk-unspaced"),
        pytest.param("Hyun Oh Song", N("Song", "Hyun Oh"), id="korean-as-written"),
        pytest.param("Yaodong Yu", N("Yu", "Yaodong"), id="chinese-as-written"),
        pytest.param("JOHN SMITH", N("Smith", "John"), id="all-caps"),
        pytest.param("JEAN-BAPTISTE O'NEIL", N("O'Neil", "Jean-Baptiste"), id="all-caps-hyphen"),
        pytest.param("ZHANG Wei", N("Zhang", "Wei"), id="caps-family-first"),
        pytest.param("Wei ZHANG", N("Zhang", "Wei"), id="caps-family-last"),
        pytest.param("JW Smith", N("Smith", "JW"), id="caps-initials"),
        pytest.param("danah boyd", N("boyd", "danah"), id="all-lowercase"),
        pytest.param("  Sam\u00a0 Buchanan, ", N("Buchanan", "Sam"), id="spaces-and-comma"),
        pytest.param("Buchanan, Sam", N("Buchanan", "Sam"), id="inverted"),
        pytest.param("De Bortoli, Valentin", N("De Bortoli", "Valentin"), id="inverted-capital"),
        pytest.param(
            "van der Maaten, Laurens", N("Maaten", "Laurens", "van der"), id="inverted-von"
        ),
        pytest.param(
            "Maaten, Laurens van der", N("Maaten", "Laurens", "van der"), id="inverted-trailing-von"
        ),
        pytest.param("Ma 0001, Yi", N("Ma", "Yi", homonym="0001"), id="inverted-homonym"),
        pytest.param("Smith, Jr., John", N("Smith", "John", suffix="Jr."), id="bibtex-jr"),
        pytest.param("Smith, John, Jr.", N("Smith", "John", suffix="Jr."), id="trailing-jr"),
        pytest.param("John Smith, Jr.", N("Smith", "John", suffix="Jr."), id="display-comma-jr"),
    ],
)
def test_parse_display_name(text: str, name: Name) -> None:
    assert parse_display_name(text) == name


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("others", id="others"),
        pytest.param("et al.", id="et-al"),
        pytest.param("Et Al", id="et-al-caps"),
        pytest.param("and others", id="and-others"),
        pytest.param("…", id="ellipsis"),
        pytest.param("   ", id="blank"),
    ],
)
def test_et_al_is_not_a_person(text: str) -> None:
    with pytest.raises(ValueError, match="not a person"):
        parse_display_name(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("et al.", True, id="et-al"),
        pytest.param("others", True, id="others"),
        pytest.param("Otherson", False, id="a-name"),
    ],
)
def test_is_others(text: str, expected: bool) -> None:
    assert is_others(text) is expected


@pytest.mark.parametrize(
    ("left", "right"),
    [
        pytest.param("Laurens van der Maaten", "van der Maaten, L.", id="particle-and-initial"),
        pytest.param("Valentin De Bortoli", "Valentin de Bortoli", id="particle-case"),
        pytest.param("Yi Ma 0001", "Yi Ma", id="homonym-ignored"),
        pytest.param("Gaël Varoquaux", "Gael Varoquaux", id="diacritics-folded"),
        pytest.param("Sam Buchanan", "S. Buchanan", id="initial"),
    ],
)
def test_name_match_key_equal(left: str, right: str) -> None:
    assert name_match_key(parse_display_name(left)) == name_match_key(parse_display_name(right))


def test_name_match_key_form() -> None:
    assert name_match_key(parse_display_name("Laurens van der Maaten")) == "vandermaaten l"
    assert name_match_key(parse_display_name("Yi Ma")) != name_match_key(
        parse_display_name("Yi Mao")
    )


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        pytest.param(N("0001", "Yi Ma"), "number", id="number-family"),
        pytest.param(N("", "Sam"), "no family", id="no-family"),
        pytest.param(N("W.", "John"), "initial", id="initial-family"),
        pytest.param(N("Jr.", "John Smith"), "suffix", id="suffix-family"),
        pytest.param(N("Smith <smith@x.org>", "J."), "characters", id="email"),
        pytest.param(N("al.", "et"), "et-al", id="et-al"),
        pytest.param(N("Buchanan", "Sam"), None, id="fine"),
        pytest.param(N(literal="马毅"), None, id="literal-fine"),
    ],
)
def test_suspicious(name: Name, reason: str | None) -> None:
    found = suspicious(name)
    if reason is None:
        assert found is None
    else:
        assert found is not None and reason in found


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        pytest.param(N("Ma 0001", "Yi"), N("Ma", "Yi", homonym="0001"), id="homonym-in-family"),
        pytest.param(N("0001", "Yi Ma"), N("Ma", "Yi", homonym="0001"), id="family-is-number"),
        pytest.param(N("Ma", "Yi 0001"), N("Ma", "Yi", homonym="0001"), id="homonym-in-given"),
        pytest.param(N(" Varoquaux ", "Gae\u0308l"), N("Varoquaux", "Gaël"), id="nfc-whitespace"),
        pytest.param(N("De Bortoli", "Valentin"), N("De Bortoli", "Valentin"), id="unchanged"),
    ],
)
def test_normalize_name(raw: Name, normal: Name) -> None:
    assert normalize_name(raw) == normal


def test_normalize_records() -> None:
    record = Record(
        title="T",
        authors=(N("Ma 0001", "Yi"), N("Buchanan", "Sam"), N("others")),
        source=SourceSpan("refs.bib", 4),
    )
    (out,), diagnostics = normalize_records([record])
    assert out.authors == (N("Ma", "Yi", homonym="0001"), N("Buchanan", "Sam"))
    assert out.others is True
    assert [d.code for d in diagnostics] == ["name-homonym"]
    assert diagnostics[0].severity == "info"
    assert diagnostics[0].source == SourceSpan("refs.bib", 4)


def test_normalize_records_leaves_clean_names_alone() -> None:
    record = Record(title="T", authors=(N("Ma", "Yi", homonym="0001"),))
    (out,), diagnostics = normalize_records([record])
    assert out == record
    assert diagnostics == []


@given(st.text(max_size=60))
def test_parse_display_name_only_raises_value_error(text: str) -> None:
    try:
        name = parse_display_name(text)
    except ValueError:
        return
    assert name.display().strip()
    assert normalize_name(name) == normalize_name(normalize_name(name))


_WORDS = st.sampled_from(
    ["Sam", "Yi", "Ma", "van", "der", "De", "Bortoli", "Gaël", "Jr.", "0001", "J.", "ZHANG", "Wei"]
)


@given(st.lists(_WORDS, min_size=1, max_size=5))
def test_display_round_trip_is_stable(words: list[str]) -> None:
    """Reading a name's display form back gives the same family and particle."""
    try:
        name = parse_display_name(" ".join(words))
    except ValueError:
        return
    if suspicious(name):  # a family name that is a number does not survive display()
        return
    again = parse_display_name(name.display())
    assert again.family == name.family
    assert again.particle == name.particle
