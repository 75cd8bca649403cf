"""Hypothesis strategies for records (no tests here), shared by the CSL and RIS round trips."""

from __future__ import annotations

from hypothesis import strategies as st

from bibexport.model import RECORD_TYPES, VENUE_KINDS, Name, PartialDate, Record, Venue

# Any text a string field may hold: every Unicode character but surrogates.
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=25)

# One line of text as a line-based format carries it: printable, no line breaks,
# no leading or trailing spaces, no doubled spaces.
_line_chars = st.characters(
    blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Zs", "Cf", "Co", "Cn"),
)
_word = st.text(_line_chars, min_size=1, max_size=8)
line_text = st.lists(_word, max_size=5).map(" ".join)
some_line = st.lists(_word, min_size=1, max_size=5).map(" ".join)

_upper_word = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from("ABCDEFGHIJKLMNOPRSTUVWZÅÉÖÜŁŽ"),
    st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzäéöüß'-"), max_size=7),
)
_lower_word = st.sampled_from(["van", "der", "von", "de", "da", "di", "le", "du", "dos", "ter"])


@st.composite
def person_names(draw: st.DrawFn) -> Name:
    """A name that follows the model's contract: lowercase particle words, capitalized family."""
    if draw(st.integers(0, 29)) == 0:
        return Name(literal="others")  # a real name that looks like the et-al marker
    if draw(st.integers(0, 9)) == 0:
        return Name(literal=draw(st.lists(_upper_word, min_size=1, max_size=4).map(" ".join)))
    family = draw(st.lists(_upper_word, min_size=1, max_size=2).map(" ".join))
    given = draw(st.lists(_upper_word, max_size=3).map(" ".join))
    particle = draw(st.lists(_lower_word, max_size=2).map(" ".join))
    suffix = draw(st.sampled_from(["", "", "", "Jr.", "III"]))
    homonym = draw(st.sampled_from(["", "", "", "0001", "0002"]))
    return Name(family=family, given=given, particle=particle, suffix=suffix, homonym=homonym)


dates = st.one_of(
    st.none(),
    st.builds(PartialDate, st.integers(1500, 2100)),
    st.builds(PartialDate, st.integers(1500, 2100), st.integers(1, 12)),
    st.builds(PartialDate, st.integers(1500, 2100), st.integers(1, 12), st.integers(1, 28)),
)


def venues(text: st.SearchStrategy[str]) -> st.SearchStrategy[Venue | None]:
    """No venue, or a venue whose fields are drawn from ``text``."""
    return st.one_of(
        st.none(),
        st.builds(
            Venue,
            id=st.sampled_from(["", "neurips", "icml", "jmlr"]),
            name=text,
            short=text,
            kind=st.sampled_from(["", *VENUE_KINDS]),
            raw=text,
            track=text,
            workshop=text,
        ),
    )


def records(text: st.SearchStrategy[str] = any_text, *, full: bool = True) -> st.SearchStrategy:
    """Records with every field drawn; ``full=False`` leaves out what only CSL carries."""
    names = st.lists(person_names(), max_size=4).map(tuple)
    keys = st.from_regex(r"[a-z][a-z0-9]{0,12}", fullmatch=True)
    fields = {
        "type": st.sampled_from(RECORD_TYPES),
        "key": keys,
        "title": text,
        "authors": names,
        "editors": names,
        "issued": dates,
        "volume": text,
        "issue": text,
        "page": text,
        "publisher": text,
        "publisher_place": text,
        "doi": text,
        "url": text,
        "isbn": text,
        "abstract": text,
        "note": text,
        "keywords": st.lists(some_line.filter(lambda k: ";" not in k), max_size=3).map(tuple),
        "container_title": text,
        "others": st.booleans(),
    }
    if full:
        extra_pairs = st.lists(st.tuples(any_text, any_text), max_size=3).map(tuple)
        fields.update(
            venue=venues(text),
            collection_title=text,
            edition=text,
            event_title=text,
            event_place=text,
            genre=text,
            number=text,
            archive=text,
            issn=text,
            language=text,
            authors_cut=st.booleans(),
            selected=st.booleans(),
            extra=extra_pairs,
        )
    return st.builds(Record, **fields)


def edge_records() -> list[Record]:
    """Hand-made records that exercise every corner the CSL and RIS writers have."""
    neurips = Venue(
        id="neurips",
        name="Conference on Neural Information Processing Systems",
        short="NeurIPS",
        kind="conference",
        raw="NeurIPS Conference",
    )
    jmlr = Venue(
        id="jmlr", name="Journal of Machine Learning Research", short="JMLR", kind="journal"
    )
    return [
        Record(
            type="paper-conference",
            key="maaten2008visualizing",
            title="Visualizing Data using <i>t</i>-SNE: $O(n \\log n)$ & “quotes”",
            authors=(
                Name("Maaten", "Laurens", particle="van der"),
                Name("De Bortoli", "Valentin"),
                Name("Ma", "Yi", homonym="0001"),
                Name("King", "Martin Luther", suffix="Jr."),
                Name(literal="OpenAI"),
            ),
            editors=(Name("Müller", "Klaus-Robert"),),
            issued=PartialDate(2008, 11, 3),
            venue=neurips,
            container_title="Advances in Neural Information Processing Systems",
            event_title="NeurIPS 2008",
            volume="21",
            page="1–9",
            publisher="Curran Associates, Inc.",
            publisher_place="Vancouver, Canada",
            doi="10.5555/1234.5678",
            url="https://papers.nips.cc/paper/2008",
            abstract="Line one.\nLine two with <b>bold</b> and $\\alpha_1$.",
            keywords=("embedding", "t-SNE, visualization"),
            authors_cut=True,
            others=True,
            selected=True,
            extra=(("PMID", "123456"), ("arxiv", "0801.0001")),
        ),
        Record(
            type="article-journal",
            key="buchanan2024white",
            title="White-Box Transformers via Sparse Rate Reduction",
            authors=(Name("Yu", "Yaodong"), Name("Buchanan", "Sam")),
            issued=PartialDate(2024),
            venue=jmlr,
            container_title="Journal of Machine Learning Research",
            volume="25",
            issue="300",
            page="1-128",
            issn="1532-4435",
            language="en",
        ),
        Record(
            type="article",
            key="anon2023preprint",
            title="A Preprint with No Authors",
            issued=PartialDate(2023, 2),
            container_title="arXiv",
            archive="arXiv",
            number="2302.00001",
            note="Under review.",
        ),
        Record(
            type="book",
            key="",
            title="Ünïcödé Bóok",
            editors=(Name("Roe", "Rita"),),
            publisher="Éditions Example",
            isbn="978-3-16-148410-0",
            edition="2",
        ),
        Record(
            type="thesis",
            key="doe2020thesis",
            title="A Thesis",
            genre="PhD thesis",
            authors=(Name("Doe", "Jane"),),
            publisher="Example University",
            issued=PartialDate(2020),
        ),
    ]
