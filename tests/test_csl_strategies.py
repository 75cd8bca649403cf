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
