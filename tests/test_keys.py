"""Citation keys (bibexport.keys): presets, the pattern language, collisions, folding."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bibexport.errors import UsageError
from bibexport.keys import assign_keys, make_key, parse_pattern
from bibexport.model import Name, PartialDate, Record, Venue


def paper(families: str, title: str, year: int | None = 2021, **fields: object) -> Record:
    """A record whose authors are given as ``Family`` words (``Ma#0001`` for a homonym)."""
    names = []
    for word in families.split():
        family, _, homonym = word.partition("#")
        names.append(Name(family=family.replace("_", " "), given="A", homonym=homonym))
    issued = PartialDate(year) if year else None
    return Record(title=title, authors=tuple(names), issued=issued, **fields)


NEURIPS = Venue(id="neurips", name="NeurIPS", short="NeurIPS", kind="conference")
ICLR = Venue(id="iclr", short="ICLR", kind="conference")


@pytest.mark.parametrize(
    ("record", "pattern", "key"),
    [
        pytest.param(
            paper("Buchanan Gilboa Wright", "Deep Networks and the Multiple Manifold Problem"),
            "default",
            "buchanan2021deep",
            id="default",
        ),
        pytest.param(
            paper("Buchanan", "On the Edge of Memorization in Diffusion Models", 2025),
            "default",
            "buchanan2025edge",
            id="default-skips-function-words",
        ),
        pytest.param(
            paper("Fang", "What's in a Prior? Learned Proximal Networks", 2024),
            "default",
            "fang2024whats",
            id="apostrophe-dropped",
        ),
        pytest.param(
            paper("Varoquaux", "Éléments $x^2$ of Straße", 2019),
            "default",
            "varoquaux2019elements",
            id="diacritics-folded-math-skipped",
        ),
        pytest.param(
            paper("Łojasiewicz", "Sur la géométrie", 1965),
            "default",
            "lojasiewicz1965sur",
            id="l-stroke",
        ),
        pytest.param(
            paper("De_Bortoli", "Diffusion Schrödinger Bridge"),
            "default",
            "debortoli2021diffusion",
            id="capitalized-particle",
        ),
        pytest.param(
            paper("Buchanan", "Untitled", None), "default", "buchananuntitled", id="no-year"
        ),
        pytest.param(Record(title="?"), "default", "anon", id="nothing-usable"),
        pytest.param(
            paper("Buchanan", "Deep Networks Provably Classify Data on Curves"),
            "google",
            "buchanan2021deep",
            id="google",
        ),
        pytest.param(
            Record(
                title="Visualizing Data using t-SNE",
                authors=(Name("Maaten", "Laurens", particle="van der"),),
                issued=PartialDate(2008),
            ),
            "google",
            "van2008visualizing",
            id="google-particle-first-word",
        ),
        pytest.param(
            Record(
                title="Visualizing Data using t-SNE",
                authors=(Name("Maaten", "Laurens", particle="van der"),),
                issued=PartialDate(2008),
            ),
            "bbt",
            "maatenVisualizingDataUsing2008",
            id="bbt",
        ),
        pytest.param(
            paper("Vaswani Shazeer", "Attention Is All You Need", 2017),
            "bbt",
            "vaswaniAttentionAllYou2017",
            id="bbt-skips-is",
        ),
        pytest.param(
            paper(
                "Yu Buchanan Pai Chu Wu Tong Haeffele Ma",
                "White-Box Transformers via Sparse Rate Reduction",
                2023,
                venue=NEURIPS,
                type="paper-conference",
            ),
            "dblp",
            "DBLP:conf/nips/YuBPCWTHM23",
            id="dblp-initials",
        ),
        pytest.param(
            paper(
                "Pai Buchanan Wu Yu Ma#0001",
                "Masked Completion via Structured Diffusion",
                2024,
                venue=ICLR,
                type="paper-conference",
            ),
            "dblp",
            "DBLP:conf/iclr/PaiBWY024",
            id="dblp-homonym-initial-is-0",
        ),
        pytest.param(
            paper("Ma#0001 Wright", "A Paper", 2020, venue=ICLR, type="paper-conference"),
            "dblp",
            "DBLP:conf/iclr/0001W20",
            id="dblp-homonym-first-author",
        ),
        pytest.param(
            paper(
                "Brown Mann Ryder Subbiah Kaplan Dhariwal Neelakantan Shyam Sastry Askell Agarwal "
                "Herbert-Voss",
                "Language Models are Few-Shot Learners",
                2020,
                venue=NEURIPS,
                type="paper-conference",
            ),
            "dblp",
            "DBLP:conf/nips/BrownMRSKDNSSAA20",
            id="dblp-15-characters",
        ),
        pytest.param(
            paper("Pai", "A Preprint", 2023, type="article", archive="arXiv", number="2306.01129"),
            "dblp",
            "DBLP:journals/corr/abs-2306-01129",
            id="dblp-corr",
        ),
        pytest.param(
            paper(
                "Gilboa",
                "A Journal Paper",
                2024,
                type="article-journal",
                container_title="Journal of Machine Learning Research",
            ),
            "dblp",
            "DBLP:journals/jomlr/Gilboa24",
            id="dblp-unknown-journal",
        ),
        pytest.param(
            paper("Buchanan", "Deep"), "{family|cap}{yy}", "Buchanan21", id="template-cap"
        ),
        pytest.param(
            paper("Buchanan", "Deep"), "{family|upper}_{year}", "BUCHANAN_2021", id="template-upper"
        ),
        pytest.param(
            paper("Buchanan", "Deep", venue=ICLR),
            "{venue}:{family}{year}",
            "iclr:buchanan2021",
            id="template-venue",
        ),
    ],
)
def test_make_key(record: Record, pattern: str, key: str) -> None:
    assert make_key(record, parse_pattern(pattern)) == key


@pytest.mark.parametrize(
    "pattern",
    [
        pytest.param("{nope}", id="unknown-token"),
        pytest.param("{family|shout}", id="unknown-modifier"),
        pytest.param("key {year}", id="space-in-literal"),
        pytest.param("plain", id="no-token"),
    ],
)
def test_bad_patterns_are_usage_errors(pattern: str) -> None:
    with pytest.raises(UsageError, match="--key-pattern"):
        assign_keys([paper("A", "B")], pattern)


def test_collisions_get_letters_in_input_order() -> None:
    records = [
        paper("Buchanan", "Deep One"),
        paper("Buchanan", "Deep Two"),
        paper("buchanan", "deep three"),
    ]
    keyed, diagnostics = assign_keys(records, "default")
    assert [r.key for r in keyed] == ["buchanan2021deep", "buchanan2021deepa", "buchanan2021deepb"]
    assert [d.code for d in diagnostics] == ["key-suffix", "key-suffix"]
    assert all(d.severity == "info" for d in diagnostics)


def test_collisions_are_case_insensitive() -> None:
    records = [paper("X", "T").with_changes(key="Smith2020"), paper("Smith", "T", 2020)]
    keyed, _ = assign_keys(records, "{family}{year}")
    assert [r.key for r in keyed] == ["Smith2020", "smith2020a"]


def test_existing_keys_are_kept_even_when_later() -> None:
    records = [paper("Buchanan", "Deep"), paper("Other", "X").with_changes(key="buchanan2021deep")]
    keyed, _ = assign_keys(records, "default")
    assert [r.key for r in keyed] == ["buchanan2021deepa", "buchanan2021deep"]


def test_duplicate_existing_keys_are_renamed_and_reported() -> None:
    records = [paper("A", "X").with_changes(key="k"), paper("B", "Y").with_changes(key="K")]
    keyed, diagnostics = assign_keys(records, "default")
    assert [r.key for r in keyed] == ["k", "Ka"]
    assert [(d.severity, d.code) for d in diagnostics] == [("warning", "key-duplicate")]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Ma", "Yu", "Pai", "MA"]), st.sampled_from(["Deep", "deep", "Nets"])
        ),
        max_size=30,
    )
)
def test_keys_unique_and_stable(pairs: list[tuple[str, str]]) -> None:
    records = [paper(family, title) for family, title in pairs]
    first, _ = assign_keys(records, "default")
    second, _ = assign_keys(records, "default")
    keys = [r.key for r in first]
    assert keys == [r.key for r in second]
    assert len({k.lower() for k in keys}) == len(keys)
    assert all(k.isascii() and k.isalnum() for k in keys)


def test_forget_keys_keeps_pinned_keys() -> None:
    from bibexport.keys import forget_keys

    records = [paper("A", "X").with_changes(key="Mine"), paper("B", "Y").with_changes(key="other")]
    assert [r.key for r in forget_keys(records, frozenset({"mine"}))] == ["Mine", ""]


def test_rekey_through_the_pipeline() -> None:
    from bibexport.pipeline import ConvertOptions, InputText, convert

    bib = "@article{gs2021deep, author={Buchanan, Sam}, title={Deep Networks}, year=2021}\n"
    kept = convert([InputText(bib, "in.bib")], ConvertOptions(key_pattern="bbt")).records
    rekeyed = convert([InputText(bib, "in.bib")], ConvertOptions(key_pattern="bbt", rekey=True))
    assert [r.key for r in kept] == ["gs2021deep"]
    assert [r.key for r in rekeyed.records] == ["buchananDeepNetworks2021"]
