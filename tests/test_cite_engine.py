"""cite_engine: one test per citeproc-py fix (expected strings as citeproc-js gives them),
style resolution, hostile styles, and agreement with citeproc-js when node is present."""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from bibexport.cite_engine import (
    FormattedEntry,
    curly_quotes,
    format_bibliography,
    list_styles,
    resolve_style,
)
from bibexport.errors import BibexportError, InputError, UsageError

ROOT = Path(__file__).resolve().parent.parent
ITEMS = json.loads((ROOT / "tests" / "data" / "cite" / "items.json").read_text(encoding="utf-8"))
BY_ID = {item["id"]: item for item in ITEMS}


def text(style: str, *ids: str) -> list[str]:
    return [entry.text for entry in format_bibliography([BY_ID[i] for i in ids], style)]


def article(item_id: str, family: str, given: str, title: str, year: int, **extra: object) -> dict:
    return {
        "id": item_id,
        "type": "article-journal",
        "title": title,
        "author": [{"family": family, "given": given}],
        "container-title": "Machine Learning",
        "volume": "9",
        "page": "1-10",
        "issued": {"date-parts": [[year]]},
        **extra,
    }


def test_entries_carry_key_text_and_html() -> None:
    [entry] = format_bibliography([BY_ID["ref009"]], "apa")
    assert isinstance(entry, FormattedEntry)
    assert entry.key == "ref009"
    assert entry.text == (
        "LeCun, Y., Bengio, Y., & Hinton, G. (2015). Deep learning. Nature, 521(7553), 436–444. "
        "https://doi.org/10.1038/nature14539"
    )
    assert entry.html.startswith("LeCun, Y., Bengio, Y., &#38; Hinton, G. (2015).")
    assert "<i>Nature</i>, <i>521</i>(7553)" in entry.html


def test_citation_number_label_is_separated_from_the_entry() -> None:
    [entry] = format_bibliography([BY_ID["ref003"]], "ieee")
    assert entry.text == (
        "[1] D. P. Kingma and J. Ba, “Adam: A method for stochastic optimization,” in "
        "International Conference on Learning Representations, OpenReview.net, 2015."
    )
    assert entry.html.startswith(
        '<div class="csl-left-margin">[1]</div><div class="csl-right-inline">'
    )


def test_punctuation_goes_inside_closing_quotes() -> None:
    assert text("chicago-author-date", "ref003") == [
        "Kingma, Diederik P., and Jimmy Ba. 2015. “Adam: A Method for Stochastic Optimization.” "
        "International Conference on Learning Representations."
    ]


def test_initialize_false_keeps_full_given_names() -> None:
    assert text("modern-language-association", "ref034")[0].startswith("Hyvärinen, Aapo.")


def test_same_author_and_year_get_year_suffixes() -> None:
    entries = text("apa", "ref196", "ref197", "ref198")
    import re

    years = [re.search(r"\((2020[a-z]?)\)", entry).group(1) for entry in entries]
    assert sorted(years) == ["2020a", "2020b", "2020c"]


def test_sorting_folds_diacritics() -> None:
    items = [
        article("z", "Zabłocki", "Zygmunt", "Zero", 2014),
        article("e", "Éluard", "Élodie", "Estimation", 2013),
        article("a", "Ångström", "Åsa", "Angles", 2011),
        article("l", "Łęcka", "Łucja", "Lines", 2013),
    ]
    assert [entry.key for entry in format_bibliography(items, "apa")] == ["a", "e", "l", "z"]


def test_straight_quotes_become_curly_and_nested_quotes_flip() -> None:
    assert text("ieee", "ref200") == [
        "[1] R. Eldan and O. Shamir, “Do ‘deep’ networks need ‘depth’?,” in Conference on "
        "Learning Theory, 2016, pp. 907–940."
    ]
    assert "Do “deep” networks need ‘depth’? Conference" in text("apa", "ref200")[0]


def test_question_mark_swallows_the_following_period() -> None:
    assert text("apa", "ref199") == [
        "Mitchell, M. (2021). What is “intelligence” in “artificial intelligence”? "
        "AI Magazine, 42, 3–12."
    ]


def test_minimal_two_page_ranges_keep_longer_last_pages() -> None:
    entries = text("modern-language-association", "ref191", "ref192")
    assert "pp. 1–38." in entries[0]
    assert "pp. 321–28." in entries[1]


def test_subsequent_author_substitute() -> None:
    items = [
        article("one", "Qu", "Qing", "First paper", 2019),
        article("two", "Qu", "Qing", "Second paper", 2020),
    ]
    entries = [entry.text for entry in format_bibliography(items, "modern-language-association")]
    assert entries[0].startswith("Qu, Qing. “First Paper.”")
    assert entries[1].startswith("———. “Second Paper.”")


def test_title_case_keeps_nocase_spans_and_capitals() -> None:
    [entry] = text("modern-language-association", "ref209")
    assert "“ProxDM: Proximal Diffusion Models for CRATE-MAE.”" in entry
    [entry] = text("chicago-author-date", "ref210")
    assert "“A Gaussian View of the Schrödinger Bridge.”" in entry


def test_capitalize_first_leaves_words_with_capitals() -> None:
    items = [{**BY_ID["ref166"], "id": "x"}]
    assert "(arXiv:2311.10957)" in format_bibliography(items, "apa")[0].text


def test_substituted_title_is_not_printed_twice() -> None:
    assert text("chicago-author-date", "ref213") == [
        "“Anonymous Review of Sparse Coding.” 2018. Neural Computation 30: 1–2."
    ]


def test_group_with_only_terms_is_suppressed() -> None:
    assert text("apa", "ref207") == [
        "Buchanan, S. (2022). Geometry of deep networks [PhD thesis]. Columbia University."
    ]


def test_particles_in_given_names_are_not_initialized() -> None:
    items = [article("p", "Oord", "Aäron van den", "WaveNet", 2016)]
    assert format_bibliography(items, "apa")[0].text.startswith("Oord, A. van den. (2016).")


def test_initials_without_a_mark_are_run_together() -> None:
    assert text("vancouver", "ref003")[0].startswith("1. Kingma DP, Ba J.")


def test_inline_markup_reaches_html_and_leaves_text() -> None:
    [entry] = format_bibliography([BY_ID["ref211"]], "apa")
    assert "Learning with in vivo data." in entry.text
    assert "Learning with <i>in vivo</i> data." in entry.html


def test_curly_quotes() -> None:
    assert curly_quotes("Do \"deep\" nets need 'depth'? Marc'Aurelio") == (
        "Do “deep” nets need ‘depth’? Marc’Aurelio"
    )


def test_output_is_deterministic() -> None:
    first = format_bibliography(ITEMS[:40], "chicago-author-date")
    assert format_bibliography(ITEMS[:40], "chicago-author-date") == first


def test_ids_keep_their_case() -> None:
    items = [{**BY_ID["ref003"], "id": "Kingma2015"}, {**BY_ID["ref009"], "id": "kingma2015"}]
    assert sorted(entry.key for entry in format_bibliography(items, "ieee")) == [
        "Kingma2015",
        "kingma2015",
    ]


def test_resolve_style_ids_aliases_and_paths(tmp_path: Path) -> None:
    assert resolve_style("apa").name == "apa.csl"
    assert resolve_style("vancouver").name == "nlm-citation-sequence.csl"
    style = tmp_path / "mine.csl"
    style.write_bytes(resolve_style("apa").read_bytes())
    assert resolve_style(str(style)) == style


def test_unknown_style_names_close_matches() -> None:
    with pytest.raises(UsageError, match="did you mean apa"):
        resolve_style("apaa")
    with pytest.raises(UsageError, match="does not exist"):
        resolve_style("missing/style.csl")


def test_list_styles_searches_ids_and_titles() -> None:
    rows = list_styles("ieee")
    assert "ieee" in dict(rows)
    assert rows == sorted(rows)
    assert all("ieee" in (i + t).lower() for i, t in rows)


HOSTILE = {
    "external-entity": (
        '<?xml version="1.0"?>\n<!DOCTYPE style [\n<!ENTITY x SYSTEM "file:///etc/passwd">\n]>\n'
        '<style xmlns="http://purl.org/net/xbiblio/csl">&x;</style>\n',
        3,
    ),
    "billion-laughs": (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
        ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n]>\n'
        '<style xmlns="http://purl.org/net/xbiblio/csl">&lol2;</style>\n',
        3,
    ),
    "malformed": (
        '<?xml version="1.0"?>\n<style xmlns="http://purl.org/net/xbiblio/csl">\n<info>\n',
        4,
    ),
    "not-csl": ('<?xml version="1.0"?>\n<html><body/></html>\n', 2),
}


@pytest.mark.parametrize("case", list(HOSTILE), ids=list(HOSTILE))
def test_hostile_or_broken_styles_are_input_errors(tmp_path: Path, case: str) -> None:
    content, line = HOSTILE[case]
    path = tmp_path / f"{case}.csl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        format_bibliography([BY_ID["ref003"]], str(path))
    assert caught.value.source is not None
    assert caught.value.source.file == str(path)
    assert caught.value.source.line == line


def test_a_style_citeproc_py_cannot_run_names_the_style(tmp_path: Path) -> None:
    path = tmp_path / "odd.csl"
    path.write_text(
        '<?xml version="1.0"?>\n<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0">'
        "<info><title>Odd</title></info><citation><layout/></citation>"
        '<bibliography><layout><text macro="nowhere"/></layout></bibliography></style>\n',
        encoding="utf-8",
    )
    with pytest.raises(BibexportError, match=r"odd\.csl"):
        format_bibliography([BY_ID["ref003"]], str(path))


# --- agreement with citeproc-js (skipped without node and node_modules/citeproc) ---

NODE = shutil.which("node")
HAS_PEER = NODE is not None and (ROOT / "node_modules" / "citeproc").is_dir()


@pytest.mark.skipif(not HAS_PEER, reason="node or node_modules/citeproc is not installed")
@pytest.mark.parametrize(
    "style",
    [
        "apa",
        "ieee",
        "chicago-author-date",
        "modern-language-association",
        "nature",
        "harvard-cite-them-right",
        "vancouver",
    ],
)
def test_agreement_with_citeproc_js(style: str) -> None:
    import citeproc

    locale = Path(citeproc.__file__).parent / "data" / "locales" / "locales-en-US.xml"
    done = subprocess.run(
        [
            NODE,
            str(ROOT / "tests/peers/citeproc_js.js"),
            str(ROOT / "tests/data/cite/items.json"),
            str(resolve_style(style)),
            str(locale),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    reference = json.loads(done.stdout)
    ours = format_bibliography(ITEMS, style)
    assert [entry.key for entry in ours] == [entry["id"] for entry in reference]
    same = sum(o.text == r["text"] for o, r in zip(ours, reference, strict=True))
    assert same / len(reference) >= 0.99


@functools.cache
def whole_set(style: str) -> dict[str, str]:
    """The whole comparison set formatted in a style: key -> text."""
    return {entry.key: entry.text for entry in format_bibliography(ITEMS, style)}


@pytest.mark.parametrize(
    ("style", "key", "expected"),
    [
        pytest.param(
            "chicago-author-date",
            "ref024",
            "Brown, Tom B., Benjamin Mann, Nick Ryder, et al. 2020. “Language Models Are Few-Shot "
            "Learners.” Advances in Neural Information Processing Systems 33: 1877–901.",
            id="chicago-16",
        ),
        pytest.param(
            "modern-language-association",
            "ref066",
            "———. “Understanding Neural Collapse through the Lens of Compression.” "
            "IEEE Transactions on Pattern Analysis and Machine Intelligence, "
            "vol. 44, no. 2, 2022, pp. 16776–826.",
            id="mla-substitute-ignores-et-al",
        ),
    ],
)
def test_page_ranges_and_substitutes_match_citeproc_js(style: str, key: str, expected: str) -> None:
    assert whole_set(style)[key] == expected


def test_citations_alike_show_more_names_in_the_bibliography() -> None:
    entries = whole_set("harvard-cite-them-right")
    assert entries["ref132"].startswith("Efros, A.A., Słowik, A., et al. (2020)")
    assert entries["ref178"].startswith("Efros, A.A., He, K., et al. (2020)")
    mla = whole_set("modern-language-association")
    assert mla["ref174"].startswith("Aittala, Miika, Kwan Ho Ryan Chan, et al. “Provable")
    assert mla["ref073"].startswith("Aittala, Miika, Stéphane Mallat, et al. “Rethinking")


def test_implicit_year_suffix_follows_the_year() -> None:
    entries = whole_set("elsevier-harvard")
    assert ", Bengio, Y., 2020a. Understanding Bayesian" in entries["ref178"]
    assert ", LeCun, Y., 2020b. Understanding contrastive" in entries["ref105"]


def test_a_macro_whose_variables_are_all_empty_prints_nothing() -> None:
    assert whole_set("american-chemical-society")["ref044"].endswith(
        "arXiv preprint. arXiv 2022. https://doi.org/10.48550/arXiv:2201.33617."
    )


def test_localized_dates_keep_the_locale_delimiter() -> None:
    assert "Nature. 2021 Aug 26;596(7873):583–9." in whole_set("vancouver")["ref205"]


def test_substituted_editors_are_not_repeated() -> None:
    assert whole_set("harvard-cite-them-right")["ref204"] == (
        "Quiñonero-Candela, J. et al. (eds.) (2009) Dataset shift in machine learning. "
        "Cambridge, MA: MIT Press."
    )


def test_sort_only_particles_sort_by_family_name() -> None:
    keys = list(whole_set("harvard-cite-them-right"))
    assert keys.index("ref195") == keys.index("ref004") - 1  # van Gogh just before Goodfellow


def test_hyphenated_compounds_are_title_cased_part_by_part() -> None:
    assert "Bias–Variance Trade-Off.”" in whole_set("chicago-author-date")["ref031"]


def test_math_is_never_recased() -> None:
    item = {
        "id": "m",
        "type": "article-journal",
        "title": "Learning $O(\\sqrt{n})$ rates for $k$-means on ImageNet",
        "author": [{"family": "Doe", "given": "Jane"}],
        "container-title": "Journal of Things",
        "issued": {"date-parts": [[2020]]},
    }
    [entry] = format_bibliography([item], "modern-language-association")
    assert "“Learning $O(\\sqrt{n})$ Rates for $k$-Means on ImageNet.”" in entry.text


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        pytest.param("deep learning on ImageNet", "Deep learning on ImageNet", id="mixed-case"),
        pytest.param("Attention Is All You Need", "Attention is all you need", id="title-cased"),
        pytest.param(
            "BERT: Pre-training Of Transformers", "BERT: pre-training of transformers", id="acronym"
        ),
        pytest.param("arXiv Preprints Today", "arXiv preprints today", id="lowercase-first-letter"),
    ],
)
def test_sentence_case_keeps_words_that_carry_case(title: str, expected: str) -> None:
    from citeproc.string import String

    from bibexport.cite_fixes import sentence_case

    assert str(sentence_case(String(title))) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Ångström", "angstrom", id="ring"),
        pytest.param("Łęcka", "lecka", id="stroke"),
        pytest.param("O'Brien-Smith", "obriensmith", id="punctuation"),
    ],
)
def test_collation_key_folds_letters(text: str, expected: str) -> None:
    from bibexport.cite_fixes import collation_key

    letters = "".join(part for kind, part in collation_key(text) if kind == 1)
    assert letters == expected


def test_collation_key_orders_words_and_numbers() -> None:
    from bibexport.cite_fixes import collation_key

    assert collation_key("Du, S.") < collation_key("Durand, É.")
    assert collation_key("Item 9") < collation_key("Item 10")


def test_nested_group_with_terms_counts_as_content() -> None:
    assert whole_set("ieee")["ref212"] == (
        "[212] OpenAI, “GPT-4 technical report,” OpenAI, Mar. 2023. [Online]. "
        "Available: https://arxiv.org/abs/2303.08774"
    )


def test_a_macro_that_printed_a_term_keeps_its_group() -> None:
    assert whole_set("chicago-author-date")["ref202"] == (
        "Lovelace, Ada. 2023. “Can Transformers Learn to Sort?” In arXiv Preprint, "
        "arXiv:2301.01234. Preprint."
    )


def test_numeric_ranges_use_the_locale_range_delimiter() -> None:
    assert "2015;8(3-4):231-357." in whole_set("american-medical-association")["ref035"]
    assert "8(3–4), 231–357." in whole_set("apa")["ref035"]


def test_a_note_style_without_bibliography_formats_each_item_as_a_note() -> None:
    entries = format_bibliography(
        [BY_ID["ref003"], BY_ID["ref001"]], "chicago-notes-publisher-place-no-url"
    )
    assert [entry.key for entry in entries] == ["ref003", "ref001"]
    assert entries[0].text == (
        "Diederik P. Kingma and Jimmy Ba, “Adam: A Method for Stochastic Optimization,” "
        "International Conference on Learning Representations, 2015."
    )


def test_affixes_are_escaped_text_in_html() -> None:
    [entry] = format_bibliography([BY_ID["ref166"]], "civitas-revista-de-ciencias-sociais")
    assert "<https://doi.org/10.48550/arXiv:2311.10957>" in entry.text
    assert "&#60;https://doi.org/10.48550/arXiv:2311.10957&#62;" in entry.html


def test_initialize_false_is_inherited_from_the_bibliography() -> None:
    style = "universitat-wurzburg-institut-fur-deutsche-philologie-museologie"
    [entry] = format_bibliography([BY_ID["ref174"]], style)
    assert entry.text.startswith("Aittala, Miika / Chan, Kwan Ho Ryan / Karras, Tero:")


def test_the_output_locale_decides_title_case() -> None:
    style = "universitat-bern-institut-fur-sozialanthropologie"  # default-locale de-DE
    [entry] = format_bibliography([BY_ID["ref166"]], style)
    assert "arXiv Preprint. arXiv." in entry.text


def test_formatting_does_not_change_a_cached_style() -> None:
    first = format_bibliography(ITEMS[190:], "vancouver")
    format_bibliography(ITEMS[190:], "ieee")
    format_bibliography(ITEMS[:30], "vancouver")
    assert format_bibliography(ITEMS[190:], "vancouver") == first


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        pytest.param("apa", "Smith, A., Roe, B., et al. (2020).", id="apa"),
        pytest.param("ieee", "A. Smith, B. Roe, et al.,", id="ieee"),
        pytest.param("chicago-author-date", "Smith, Anne, Bob Roe, et al. 2020.", id="chicago"),
        pytest.param("nature", "Smith, A., Roe, B. et al.", id="nature"),
        pytest.param("vancouver", "Smith A, Roe B, et al.", id="vancouver"),
    ],
)
def test_an_incomplete_author_list_ends_in_et_al(style: str, expected: str) -> None:
    from bibexport.cite_engine import format_bibliography

    item = {
        "id": "a",
        "type": "article-journal",
        "title": "A Title",
        "container-title": "Journal of Machine Learning Research",
        "author": [
            {"family": "Smith", "given": "Anne"},
            {"family": "Roe", "given": "Bob"},
            {"literal": "others"},
        ],
        "issued": {"date-parts": [[2020]]},
    }
    (entry,) = format_bibliography([item], style)
    assert expected in entry.text, entry.text
    assert "others" not in entry.text and "others" not in entry.html
    assert item["author"][-1] == {"literal": "others"}  # the caller's item is not changed
