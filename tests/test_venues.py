"""The venue registry: data checks, matching, the pipeline steps, user files, the CLI."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from bibexport import venues
from bibexport.cli import app
from bibexport.errors import InputError
from bibexport.model import PartialDate, Record, Venue
from bibexport.venues import (
    apply_form,
    apply_venues,
    dblp_stream,
    explain,
    load_registry,
    normalize,
    ordinal,
    ordinal_words,
)

REGISTRY_FILE = Path(venues.__file__).parent / "data" / "venues.yaml"


@pytest.fixture(scope="module")
def registry() -> venues.VenueRegistry:
    return load_registry(())


def record(raw: str, year: int | None = None, kind: str = "", **fields: object) -> Record:
    """A record as a reader leaves it: the venue text in venue.raw."""
    fields.setdefault("type", "paper-conference")
    return Record(
        title="A title",
        issued=PartialDate(year) if year else None,
        venue=Venue(raw=raw, kind=kind),
        **fields,  # type: ignore[arg-type]
    )


def run(rec: Record, reg: venues.VenueRegistry | None = None) -> tuple[Record, list]:
    [out], diagnostics = apply_venues([rec], reg or load_registry(()))
    return out, diagnostics


# ---------------------------------------------------------------- the data


def test_every_alias_is_unique_after_normalization(registry: venues.VenueRegistry) -> None:
    # Loading raises on an alias claimed by two venues; here also no venue repeats itself.
    assert venues.redundant_aliases(registry) == []
    keys: dict[str, str] = {}
    for entry in registry.entries.values():
        for alias, _ in entry.aliases:
            key = normalize(alias)
            assert key, f"{entry.id}: alias {alias!r} normalizes to nothing"
            assert keys.setdefault(key, entry.id) == entry.id, f"{alias!r} is claimed twice"


def test_every_venue_names_its_source() -> None:
    text = REGISTRY_FILE.read_text(encoding="utf-8")
    starts = list(re.finditer(r"^  ([a-z0-9-]+):$", text, flags=re.MULTILINE))
    assert len(starts) >= 50
    for here, after in zip(starts, [*starts[1:], None], strict=True):
        block = text[here.end() : after.start() if after else len(text)]
        assert "# Source:" in block, f"venue {here.group(1)} has no source comment"


def test_registry_covers_the_issue_list(registry: venues.VenueRegistry) -> None:
    wanted = [
        "neurips",
        "neurips-datasets-benchmarks",
        "icml",
        "iclr",
        "jmlr",
        "tmlr",
        "aistats",
        "uai",
        "colt",
        "alt",
        "corl",
        "l4dc",
        "mlsys",
        "kdd",
        "www",
        "wsdm",
        "sigir",
        "aaai",
        "ijcai",
        "cvpr",
        "iccv",
        "eccv",
        "wacv",
        "bmvc",
        "acl",
        "emnlp",
        "naacl",
        "eacl",
        "coling",
        "findings-acl",
        "findings-emnlp",
        "tacl",
        "interspeech",
        "icassp",
        "icra",
        "iros",
        "rss",
        "tpami",
        "ijcv",
        "tip",
        "tnnls",
        "neural-computation",
        "machine-learning",
        "annals-of-statistics",
        "jasa",
        "simods",
        "siopt",
        "ieee-tit",
        "nature",
        "science",
        "pnas",
        "nature-machine-intelligence",
        "arxiv",
    ]
    assert [v for v in wanted if v not in registry.entries] == []
    for entry in registry.entries.values():
        assert entry.name and entry.short and entry.kind


def _issn_ok(issn: str) -> bool:
    digits = issn.replace("-", "")
    total = sum(int(d) * w for d, w in zip(digits[:7], range(8, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return digits[7] == ("X" if check == 10 else str(check))


def test_every_issn_has_a_valid_check_digit(registry: venues.VenueRegistry) -> None:
    found = []
    for entry in registry.entries.values():
        for year in (None, 2005, 2024):
            issn = registry.facts(entry.id, year).issn
            if issn:
                found.append(issn)
                assert re.fullmatch(r"\d{4}-\d{3}[\dX]", issn), issn
                assert _issn_ok(issn), f"{entry.id}: ISSN {issn} has a wrong check digit"
    assert len(set(found)) >= 18


def test_every_journal_has_an_issn(registry: venues.VenueRegistry) -> None:
    for entry in registry.entries.values():
        if entry.kind == "journal":
            assert registry.facts(entry.id, 2024).issn, entry.id


# Published values at known points: (venue, year, fact, value).
KNOWN_POINTS = [
    ("neurips", 1988, "volume", "1"),
    ("neurips", 2017, "volume", "30"),
    ("neurips", 2019, "volume", "32"),
    ("neurips", 2023, "volume", "36"),
    ("neurips", 2025, "volume", "38"),
    ("neurips", 2017, "short", "NIPS"),
    ("neurips", 2018, "short", "NeurIPS"),
    ("neurips", 2019, "publisher", "Curran Associates, Inc."),
    ("neurips", 2000, "publisher", "MIT Press"),
    ("neurips", 1990, "publisher", "Morgan-Kaufmann"),
    ("neurips-datasets-benchmarks", 2021, "volume", "1"),
    ("neurips-datasets-benchmarks", 2022, "volume", "35"),
    *[
        ("icml", y, "volume", str(v))
        for y, v in zip(
            range(2013, 2026),
            (28, 32, 37, 48, 70, 80, 97, 119, 139, 162, 202, 235, 267),
            strict=True,
        )
    ],
    (
        "icml",
        2019,
        "container",
        "Proceedings of the 36th International Conference on Machine Learning",
    ),
    (
        "icml",
        2004,
        "container",
        "Proceedings of the 21st International Conference on Machine Learning",
    ),
    (
        "icml",
        2005,
        "container",
        "Proceedings of the 22nd International Conference on Machine Learning",
    ),
    (
        "icml",
        2006,
        "container",
        "Proceedings of the 23rd International Conference on Machine Learning",
    ),
    (
        "icml",
        2024,
        "container",
        "Proceedings of the 41st International Conference on Machine Learning",
    ),
    ("icml", 2016, "collection", "JMLR Workshop and Conference Proceedings"),
    ("icml", 2017, "collection", "Proceedings of Machine Learning Research"),
    ("icml", 2012, "collection", ""),
    ("icml", 2019, "publisher", "PMLR"),
    ("icml", 2012, "volume", ""),
    ("iclr", 2024, "publisher", "OpenReview.net"),
    ("iclr", 2015, "publisher", ""),
    ("iclr", 2023, "container", "International Conference on Learning Representations"),
    ("jmlr", 2000, "volume", "1"),
    ("jmlr", 2004, "volume", "5"),
    ("jmlr", 2024, "volume", "25"),
    ("jmlr", 2002, "volume", ""),
    ("aistats", 2019, "volume", "89"),
    ("aistats", 2024, "volume", "238"),
    (
        "aistats",
        2024,
        "container",
        "Proceedings of the 27th International Conference on Artificial Intelligence and Statistics",  # noqa: E501
    ),
    ("colt", 2019, "volume", "99"),
    ("colt", 2025, "volume", "291"),
    ("colt", 2021, "container", "Proceedings of the 34th Conference on Learning Theory"),
    ("uai", 2025, "volume", "286"),
    (
        "uai",
        2025,
        "container",
        "Proceedings of the 41st Conference on Uncertainty in Artificial Intelligence",
    ),
    ("corl", 2025, "volume", "305"),
    ("corl", 2025, "container", "Proceedings of the 9th Conference on Robot Learning"),
    ("alt", 2025, "volume", "272"),
    (
        "alt",
        2025,
        "container",
        "Proceedings of the 36th International Conference on Algorithmic Learning Theory",
    ),
    ("l4dc", 2025, "volume", "283"),
    (
        "l4dc",
        2025,
        "container",
        "Proceedings of the 7th Annual Learning for Dynamics and Control Conference",
    ),
    ("mlsys", 2020, "volume", "2"),
    ("aaai", 2019, "volume", "33"),
    ("aaai", 2024, "volume", "38"),
    (
        "ijcai",
        2019,
        "container",
        "Proceedings of the Twenty-Eighth International Joint Conference on Artificial Intelligence",  # noqa: E501
    ),
    (
        "ijcai",
        2023,
        "container",
        "Proceedings of the Thirty-Second International Joint Conference on Artificial Intelligence",  # noqa: E501
    ),
    (
        "acl",
        2024,
        "container",
        "Proceedings of the 62nd Annual Meeting of the Association for Computational Linguistics",
    ),
    (
        "acl",
        2023,
        "container",
        "Proceedings of the 61st Annual Meeting of the Association for Computational Linguistics",
    ),
    (
        "emnlp",
        2023,
        "container",
        "Proceedings of the 2023 Conference on Empirical Methods in Natural Language Processing",
    ),
    (
        "findings-emnlp",
        2023,
        "container",
        "Findings of the Association for Computational Linguistics: EMNLP 2023",
    ),
    (
        "kdd",
        2019,
        "container",
        "Proceedings of the 25th ACM SIGKDD International Conference on Knowledge Discovery and Data Mining",  # noqa: E501
    ),
    (
        "sigir",
        2019,
        "container",
        "Proceedings of the 42nd International ACM SIGIR Conference on Research and Development in Information Retrieval",  # noqa: E501
    ),
    ("tacl", 2013, "volume", "1"),
    ("tpami", 1979, "volume", "1"),
    ("tpami", 2024, "volume", "46"),
    ("tnnls", 2012, "volume", "23"),
    ("tnnls", 2011, "name", "IEEE Transactions on Neural Networks"),
    ("neural-computation", 1997, "volume", "9"),
    ("annals-of-statistics", 1979, "volume", "7"),
    ("jasa", 1958, "volume", "53"),
    ("ieee-tit", 2006, "volume", "52"),
    ("pnas", 1982, "volume", "79"),
    ("nature-machine-intelligence", 2019, "volume", "1"),
    ("simods", 2019, "volume", "1"),
    ("siopt", 2009, "volume", "19"),
    ("arxiv", 2024, "archive", "arXiv"),
    ("arxiv", 2024, "container", ""),
]


@pytest.mark.parametrize(
    ("venue_id", "year", "fact", "value"),
    KNOWN_POINTS,
    ids=[f"{v}-{y}-{f}" for v, y, f, _ in KNOWN_POINTS],
)
def test_year_rules_give_the_published_value(
    registry: venues.VenueRegistry, venue_id: str, year: int, fact: str, value: str
) -> None:
    assert getattr(registry.facts(venue_id, year), fact) == value


def test_every_published_container_matches_back_to_its_venue(
    registry: venues.VenueRegistry,
) -> None:
    checked = 0
    for entry in registry.entries.values():
        for year in range(1990, 2026):
            facts = registry.facts(entry.id, year)
            if not facts.container or facts.container == facts.name:
                continue
            match = registry.match(facts.container)
            assert match is not None, f"{entry.id} {year}: {facts.container!r} does not match"
            same = {match.entry.id, match.entry.variant_of}
            assert entry.id in same or entry.variant_of in same, facts.container
            inferred, _ = registry.infer_year(match)
            assert inferred in (None, year), f"{facts.container!r} reads as {inferred}"
            checked += 1
    assert checked > 400


def test_builtin_registry_loads_fast() -> None:
    venues._builtin_entries.cache_clear()
    load_registry.cache_clear()
    start = time.perf_counter()
    load_registry(())
    assert time.perf_counter() - start < 1.0


# ---------------------------------------------------------------- normalization


@pytest.mark.parametrize(
    ("number", "text"),
    [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (13, "13th"),
     (21, "21st"), (22, "22nd"), (23, "23rd"), (36, "36th"), (101, "101st"), (111, "111th")],
)  # fmt: skip
def test_ordinal(number: int, text: str) -> None:
    assert ordinal(number) == text


@pytest.mark.parametrize(
    ("number", "text"),
    [(1, "First"), (12, "Twelfth"), (20, "Twentieth"), (28, "Twenty-Eighth"), (41, "Forty-First")],
)
def test_ordinal_words(number: int, text: str) -> None:
    assert ordinal_words(number) == text


@pytest.mark.parametrize(
    ("text", "key", "year", "edition"),
    [
        pytest.param("Proceedings of the 36th ICML", "icml", None, 36, id="ordinal"),
        pytest.param("ICML'19", "icml", 2019, None, id="short-year"),
        pytest.param("AAAI-20", "aaai", 2020, None, id="hyphen-year"),
        pytest.param("COVID-19 Workshop", "covid workshop", None, None, id="covid-is-no-year"),
        pytest.param("NeurIPS2023", "neurips", 2023, None, id="glued-year"),
        pytest.param("Thirty-Eighth Conference", "conference", None, 38, id="words"),
        pytest.param("Knowledge Discovery & Data Mining", "knowledge discovery data mining", None, None, id="ampersand"),  # noqa: E501
        pytest.param("Gaël's Conférence", "gael s conference", None, None, id="accents"),
    ],
)  # fmt: skip
def test_analyze(text: str, key: str, year: int | None, edition: int | None) -> None:
    analysis = venues.analyze(text)
    assert (analysis.key, analysis.year, analysis.edition) == (key, year, edition)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_matching_never_raises_on_any_text(text: str) -> None:
    registry = load_registry(())
    match = registry.match(text)
    assert match is None or match.entry.id in registry.entries
    [out], _ = apply_venues([record(text, 2020)], registry)
    assert out.venue is not None


# ---------------------------------------------------------------- apply_venues


def test_listing_venue_gets_the_facts_of_its_year() -> None:
    out, diagnostics = run(record("ICML", 2019, kind="conference"))
    assert out.venue == Venue(
        id="icml",
        name="International Conference on Machine Learning",
        short="ICML",
        kind="conference",
        raw="ICML",
    )
    assert (
        out.container_title
        == "Proceedings of the 36th International Conference on Machine Learning"
    )
    assert (out.volume, out.publisher) == ("97", "PMLR")
    assert out.collection_title == "Proceedings of Machine Learning Research"
    assert diagnostics == []


def test_unknown_venue_is_kept_as_written_and_reported() -> None:
    out, diagnostics = run(record("Journal of Obscure Results", 2020, kind="journal"))
    assert out.venue is not None and out.venue.id == ""
    assert out.venue.raw == "Journal of Obscure Results" and out.venue.kind == "journal"
    assert out.container_title == "Journal of Obscure Results"
    assert (out.volume, out.publisher) == ("", "")
    assert [d.code for d in diagnostics] == ["venue-unknown"]
    assert "Journal of Obscure Results" in diagnostics[0].message


def test_unknown_venue_keeps_the_inputs_short_name() -> None:
    rec = Record(title="T", venue=Venue(raw="Journal of Obscure Results", short="JOR"))
    out, _ = run(rec)
    assert out.venue is not None and out.venue.short == "JOR"


def test_short_name_alone_is_matched() -> None:
    rec = Record(
        title="T", type="paper-conference", issued=PartialDate(2019), venue=Venue(short="ICML")
    )
    out, _ = run(rec)
    assert out.venue is not None and out.venue.id == "icml"
    assert (
        out.container_title
        == "Proceedings of the 36th International Conference on Machine Learning"
    )


def test_submission_is_not_taken_for_the_venue() -> None:
    out, diagnostics = run(record("Submitted to ICLR 2025", 2024))
    assert out.venue is not None and out.venue.id == ""
    assert "submission" in diagnostics[0].message


def test_explicit_volume_wins_and_a_disagreement_is_reported() -> None:
    out, diagnostics = run(record("NeurIPS", 2019, volume="31"))
    assert out.volume == "31"
    assert [d.code for d in diagnostics] == ["venue-volume-mismatch"]
    assert "32" in diagnostics[0].message


def test_filled_fields_are_never_overwritten() -> None:
    out, _ = run(record("ICML", 2019, publisher="Omnipress", container_title="My ICML"))
    assert (out.publisher, out.container_title) == ("Omnipress", "My ICML")
    assert out.volume == "97"


def test_container_copied_from_the_raw_text_is_normalized() -> None:
    raw = "Proc. NeurIPS"
    out, _ = run(record(raw, 2021, container_title=raw))
    assert out.container_title == "Advances in Neural Information Processing Systems"


def test_year_comes_from_the_text_when_the_record_has_none() -> None:
    out, diagnostics = run(record("Advances in Neural Information Processing Systems 36"))
    assert out.year == 2023 and out.volume == "36"
    assert [(d.severity, d.code) for d in diagnostics] == [("info", "venue-year")]


def test_year_in_the_text_that_disagrees_is_a_warning() -> None:
    out, diagnostics = run(
        record("Proceedings of the 36th International Conference on Machine Learning", 2020)
    )
    assert out.year == 2020 and out.volume == "119"
    assert [d.code for d in diagnostics] == ["venue-year-mismatch"]
    assert "36th edition is 2019" in diagnostics[0].message


def test_workshop_never_gets_the_conference_volume() -> None:
    raw = "NeurIPS 2023 Workshop on Machine Learning and the Physical Sciences"
    out, _ = run(record(raw, 2023))
    assert out.venue is not None
    assert (out.venue.id, out.venue.kind) == ("neurips-workshop", "workshop")
    assert out.venue.workshop == "Workshop on Machine Learning and the Physical Sciences"
    assert out.venue.short == "NeurIPS Workshop"
    assert out.container_title == raw
    assert (out.volume, out.publisher, out.collection_title) == ("", "", "")


def test_listing_workshop_kind_makes_a_workshop_of_the_conference() -> None:
    out, _ = run(record("NeurIPS", 2023, kind="workshop"))
    assert out.venue is not None and out.venue.id == "neurips-workshop"
    assert out.container_title == "NeurIPS 2023 Workshop"
    assert out.volume == ""


def test_datasets_and_benchmarks_keeps_its_track() -> None:
    out, _ = run(record("NeurIPS Datasets and Benchmarks", 2021))
    assert out.venue is not None and out.venue.track == "Datasets and Benchmarks"
    assert out.container_title == (
        "Proceedings of the Neural Information Processing Systems Track on Datasets and Benchmarks"
    )
    assert out.volume == "1"


def test_nips_before_2018() -> None:
    old, _ = run(record("NeurIPS", 2017))
    new, _ = run(record("NIPS", 2018))
    assert old.venue is not None and old.venue.short == "NIPS"
    assert new.venue is not None and new.venue.short == "NeurIPS"


def test_preprint_names_its_archive() -> None:
    out, diagnostics = run(record("arXiv preprint arXiv:2301.00001", 2023, type="article"))
    assert out.venue is not None and out.venue.kind == "preprint"
    assert (out.archive, out.container_title) == ("arXiv", "")
    assert diagnostics == []


def test_journal_record_at_a_conference_is_reported() -> None:
    out, diagnostics = run(record("ICML", 2019, type="article-journal"))
    assert [d.code for d in diagnostics] == ["venue-kind-mismatch"]
    assert out.volume == "97"


def test_listing_kind_that_contradicts_the_registry_is_reported() -> None:
    _, diagnostics = run(record("JMLR", 2020, kind="conference", type="paper-conference"))
    assert [d.code for d in diagnostics] == ["venue-kind-mismatch"]


def test_preprint_of_a_conference_paper_gets_no_proceedings_volume() -> None:
    out, diagnostics = run(record("NeurIPS", 2023, kind="preprint", type="article"))
    assert out.venue is not None and out.venue.id == "neurips"
    assert (out.volume, out.publisher) == ("", "")
    assert [d.code for d in diagnostics] == ["venue-kind-mismatch"]


def test_acl_volume_part_is_kept() -> None:
    raw = "Proceedings of the 61st Annual Meeting of the Association for Computational Linguistics (Volume 1: Long Papers)"  # noqa: E501
    out, _ = run(record(raw, 2023))
    assert out.container_title == raw


def test_records_without_a_venue_pass_unchanged() -> None:
    plain = Record(title="No venue")
    assert run(plain) == (plain, [])


def test_hundred_thousand_records_match_each_text_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # A registry no other test uses, so its match cache starts empty.
    registry = load_registry(((USER + "\n# only for the cache test\n", "cache-test.yaml"),))
    calls: list[str] = []
    real = registry._match
    monkeypatch.setattr(registry, "_match", lambda raw: calls.append(raw) or real(raw))
    names = ["NeurIPS", "ICML", "ICLR", "JMLR", "CVPR", "Unknown Venue"]
    records = [record(names[i % 6], 2000 + i % 26) for i in range(100_000)]
    start = time.perf_counter()
    out, diagnostics = apply_venues(records, registry)
    apply_form(out, "both")
    # Generous bound: the step measures about 1 s here; a per-record scan would take minutes.
    assert time.perf_counter() - start < 20.0
    assert sorted(calls) == sorted(names)
    assert sum(d.code == "venue-unknown" for d in diagnostics) == 100_000 // 6


# ---------------------------------------------------------------- apply_form


@pytest.mark.parametrize(
    ("raw", "form", "expected"),
    [
        pytest.param("NeurIPS", "full", "Advances in Neural Information Processing Systems", id="full"),  # noqa: E501
        pytest.param("NeurIPS", "short", "NeurIPS", id="short"),
        pytest.param("NeurIPS", "both", "Advances in Neural Information Processing Systems (NeurIPS)", id="both"),  # noqa: E501
        pytest.param("CVPR", "both", "Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)", id="both-already-there"),  # noqa: E501
        pytest.param("Unknown Venue", "short", "Unknown Venue", id="unknown-unchanged"),
        pytest.param("JMLR", "both", "Journal of Machine Learning Research (JMLR)", id="journal"),
        pytest.param("NeurIPS 2022 Workshop on Robot Learning", "both", "NeurIPS 2022 Workshop on Robot Learning", id="workshop-both"),  # noqa: E501
        pytest.param("NeurIPS 2022 Workshop on Robot Learning", "short", "NeurIPS Workshop", id="workshop-short"),  # noqa: E501
    ],
)  # fmt: skip
def test_apply_form(raw: str, form: str, expected: str) -> None:
    out, _ = run(record(raw, 2022))
    [formed], diagnostics = apply_form([out], form)
    assert formed.container_title == expected
    assert diagnostics == []


# ---------------------------------------------------------------- dblp and explain


def test_dblp_stream() -> None:
    assert dblp_stream("icml") == "conf/icml"
    assert dblp_stream("jmlr") == "journals/jmlr"
    assert dblp_stream("neurips") == "conf/nips"
    assert dblp_stream("neurips-workshop") is None
    assert dblp_stream("no-such-venue") is None


def test_explain_says_why(registry: venues.VenueRegistry) -> None:
    matched, lines = explain(registry, "NIPS 2017")
    text = "\n".join(lines)
    assert matched
    assert "venue:      neurips" in text
    assert "rule:       the whole text is its short name (until 2017) 'NIPS'" in text
    assert "year:       2017 (the year 2017 in the text)" in text
    assert re.search(r"volume\s+30\s+\[2017 - 1987", text)
    assert re.search(r"container-title-short\s+NIPS", text)


def test_explain_with_year_reports_a_conflict(registry: venues.VenueRegistry) -> None:
    _, lines = explain(
        registry, "Proceedings of the 36th International Conference on Machine Learning", 2020
    )
    assert "warning:    the 36th edition is 2019" in lines
    assert any(re.search(r"volume\s+119", line) for line in lines)


def test_explain_unknown(registry: venues.VenueRegistry) -> None:
    matched, lines = explain(registry, "Proceedings of Machine Learning Research")
    assert not matched
    assert "series" in lines[-1]


# ---------------------------------------------------------------- user registries

USER = """\
venues:
  mlhc:
    # Source: https://www.mlforhc.org
    name: Machine Learning for Healthcare Conference
    short: MLHC
    kind: conference
    aliases: [Machine Learning for Health Care]
    dblp: conf/mlhc
    container: Proceedings of the {edition} Machine Learning for Healthcare Conference
    edition: {year_minus: 2015, from: 2016}
    volume: {by_year: {2023: 219}}
    publisher: PMLR
  icml:
    aliases: [Intl Machine Learning Meeting]
    publisher: Proceedings of Machine Learning Research
"""


def test_user_file_adds_and_overrides_venues() -> None:
    reg = load_registry(((USER, "my-venues.yaml"),))
    out, _ = run(record("MLHC 2023"), reg)
    assert out.venue is not None and out.venue.id == "mlhc"
    assert (
        out.container_title == "Proceedings of the 8th Machine Learning for Healthcare Conference"
    )
    assert (out.volume, out.publisher, out.year) == ("219", "PMLR", 2023)
    icml, _ = run(record("Intl Machine Learning Meeting", 2019), reg)
    assert icml.publisher == "Proceedings of Machine Learning Research"
    assert icml.volume == "97"  # the built-in rules stay
    assert (
        load_registry(()).match("Intl Machine Learning Meeting") is None
    )  # the built-in registry is untouched


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        pytest.param("venues:\n  a:\n    name: A\n    short: A\n    kind: conference\n  a:\n    name: B\n", 6, "duplicate key 'a'", id="duplicate-venue"),  # noqa: E501
        pytest.param("venues:\n  a:\n    name: A\n    name: B\n", 4, "duplicate key 'name'", id="duplicate-field"),  # noqa: E501
        pytest.param("venues:\n  mine:\n    name: Mine\n    short: MINE\n    kind: journal\n    aliases:\n      - Foo\n      - NIPS\n", 8, "already claimed by venue 'neurips'", id="alias-claimed"),  # noqa: E501
        pytest.param("venues:\n  mine:\n    name: Mine\n    short: ICML\n    kind: journal\n", 4, "already claimed by venue 'icml'", id="short-claimed"),  # noqa: E501
        pytest.param("venues:\n  a:\n    name: Mine\n    short: MINE\n    kind: journal\n    aliases: [Advances in Neural Information Processing Systems]\n", 6, "published title", id="alias-is-a-published-title"),  # noqa: E501
        pytest.param("venues:\n  a:\n    name: [unclosed\n", 4, "not valid YAML", id="bad-yaml"),
        pytest.param("venues:\n  a:\n    name: A\n    short: A\n    kind: festival\n", 5, "kind must be one of", id="bad-kind"),  # noqa: E501
        pytest.param("venues:\n  a:\n    name: A\n    colour: red\n", 4, "unknown key 'colour'", id="unknown-field"),  # noqa: E501
        pytest.param("venues:\n  a:\n    name: A\n    kind: journal\n", 2, "needs a 'short'", id="missing-field"),  # noqa: E501
        pytest.param("venues:\n  a:\n    name: A\n    short: A\n    kind: journal\n    container: 'Proc. {place}'\n", 6, "unknown placeholder {place}", id="bad-placeholder"),  # noqa: E501
        pytest.param("venues:\n  a:\n    name: A\n    short: A\n    kind: journal\n    volume: {year_minus: soon}\n", 6, "whole number", id="bad-rule"),  # noqa: E501
        pytest.param("venues:\n  Bad Id:\n    name: A\n", 2, "venue id 'Bad Id'", id="bad-id"),
        pytest.param("places:\n  a: 1\n", 1, "unknown top-level key 'places'", id="no-venues"),
        pytest.param("# nothing\n", 1, "empty", id="empty"),
        pytest.param("venues:\n  a:\n    name: A\n    short: A\n    kind: journal\n    eras:\n      - {name: B}\n", 7, "era needs from", id="era-without-years"),  # noqa: E501
    ],
)  # fmt: skip
def test_bad_user_file_names_file_and_line(text: str, line: int, message: str) -> None:
    with pytest.raises(InputError) as caught:
        load_registry(((text, "my-venues.yaml"),))
    assert caught.value.source is not None
    assert (caught.value.source.file, caught.value.source.line) == ("my-venues.yaml", line)
    assert message in caught.value.message


# ---------------------------------------------------------------- the CLI

runner = CliRunner()


def test_cli_venues_list() -> None:
    result = runner.invoke(app, ["venues", "list"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == len(load_registry(()).entries)
    assert re.match(
        r"icml\s+ICML\s+conference\s+International Conference on Machine Learning$",
        next(line for line in lines if line.startswith("icml ")),
    )


def test_cli_venues_list_query() -> None:
    result = runner.invoke(app, ["venues", "list", "computational linguistics"])
    assert result.exit_code == 0
    ids = [line.split()[0] for line in result.output.splitlines()]
    assert "acl" in ids and "findings-emnlp" in ids and "icml" not in ids
    by_alias = runner.invoke(app, ["venues", "list", "NIPS 2017"])
    assert by_alias.output.split()[0] == "neurips"


def test_cli_venues_list_nothing_matches() -> None:
    result = runner.invoke(app, ["venues", "list", "zzzz"])
    assert result.exit_code == 1
    assert result.stdout == ""


def test_cli_venues_explain() -> None:
    result = runner.invoke(app, ["venues", "explain", "ICML 2019"])
    assert result.exit_code == 0
    assert "venue:      icml" in result.output
    assert "Proceedings of the 36th International Conference on Machine Learning" in result.output
    year = runner.invoke(app, ["venues", "explain", "ICML", "--year", "2013"])
    assert "JMLR Workshop and Conference Proceedings" in year.output
    assert re.search(r"volume\s+28", year.output)


def test_cli_venues_explain_unknown_exits_1() -> None:
    result = runner.invoke(app, ["venues", "explain", "Journal of Obscure Results"])
    assert result.exit_code == 1
    assert "venue:      none" in result.output


def test_cli_venues_with_user_file(tmp_path: Path) -> None:
    path = tmp_path / "my-venues.yaml"
    path.write_text(USER, encoding="utf-8")
    result = runner.invoke(app, ["venues", "explain", "MLHC 2023", "--venues", str(path)])
    assert result.exit_code == 0
    assert "Proceedings of the 8th Machine Learning for Healthcare Conference" in result.output
    listed = runner.invoke(app, ["venues", "list", "mlhc", "--venues", str(path)])
    assert listed.output.startswith("mlhc")


def test_cli_bad_user_file_is_one_line_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("venues:\n  mine:\n    name: Mine\n    short: NIPS\n    kind: journal\n")
    result = runner.invoke(app, ["venues", "list", "--venues", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{path}:4: error: alias 'NIPS' of venue 'mine'")


def test_readme_example_registry_works() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(# my-venues\.yaml\n.*?)```", readme, flags=re.DOTALL)
    assert block is not None
    reg = load_registry(((block.group(1), "my-venues.yaml"),))
    out, _ = run(record("MLHC 2023"), reg)
    assert out.venue is not None and out.venue.id == "mlhc"
    assert (out.volume, out.collection_title) == ("219", "Proceedings of Machine Learning Research")
    icml, _ = run(record("Intl. Machine Learning Meeting", 2019), reg)
    assert icml.volume == "97"
    assert dblp_stream("mlhc", reg) == "conf/mlhc"


@pytest.mark.parametrize("record_type", ["report", "thesis"])
def test_an_unknown_issuer_of_a_report_or_thesis_is_its_publisher(record_type: str) -> None:
    from bibexport.model import PartialDate, Record, Venue
    from bibexport.venues import apply_venues, load_registry

    record = Record(
        type=record_type, title="T", issued=PartialDate(2009), venue=Venue(raw="Tilburg University")
    )
    (updated,), diagnostics = apply_venues([record], load_registry(()))
    assert updated.publisher == "Tilburg University"
    assert updated.container_title == ""
    assert [(d.severity, d.code) for d in diagnostics] == [("info", "venue-institution")]


@pytest.mark.parametrize(
    "text", ["arXiv preprint arXiv:2008.11245", "arXiv:1912.01703v2", "CoRR abs/2306.01129"]
)
def test_an_arxiv_identifier_gives_no_year(text: str) -> None:
    from bibexport.venues import analyze

    assert analyze(text).year is None
