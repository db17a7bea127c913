"""The sameness service: made-up paraphrases and near-misses, the structural vetoes, and the matrix API
agreeing with the one-pair rule."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from newsweave.dates import DateRange
from newsweave.lang import for_language, load_resources
from newsweave.link.sameness import (
    Scorer,
    candidate_pairs,
    compare,
    compare_pairs,
    figures_in,
    same_statement,
    traits_for,
)
from newsweave.nlp.embed import embed_texts
from newsweave.settings import SamenessSettings

CFG = SamenessSettings()
EN = for_language("en")

PARAPHRASE = (
    "The ferry operator cancelled all crossings to Lundholm on Thursday because of high winds.",
    "All ferry crossings to Lundholm were cancelled by the operator on Thursday due to strong winds.",
)
OTHER_FIGURE = (
    "The storm cut power to 14,000 homes across the Kellan valley.",
    "The storm cut power to 9,500 homes across the Kellan valley.",
)
OTHER_FACT = (
    "The ferry operator cancelled all crossings to Lundholm on Thursday because of high winds.",
    "The ferry operator said a new vessel for the Lundholm route will enter service next spring.",
)


@pytest.fixture(scope="module")
def embed(models):
    return lambda texts: embed_texts(models.link_embedder, list(texts))


def _judge(embed, pair: tuple[str, str], **extra) -> bool:
    vectors = embed(pair)
    a, b = traits_for(pair, EN, CFG, **extra)
    return same_statement(vectors[0], a, vectors[1], b, CFG)


def test_a_paraphrase_is_the_same_statement_and_another_fact_is_not(embed):
    assert _judge(embed, PARAPHRASE)
    assert not _judge(embed, OTHER_FACT)


def test_figures_that_share_nothing_are_different_statements_however_close_the_words(embed):
    vectors = embed(OTHER_FIGURE)
    assert float(vectors[0] @ vectors[1]) > 0.9
    assert not _judge(embed, OTHER_FIGURE)
    same_figure = (OTHER_FIGURE[0], "Some 14,000 homes in the Kellan valley lost power in the storm.")
    assert _judge(embed, same_figure)
    spelled = ("Seven fishing boats sank in the Kellan harbour.", "Three fishing boats sank in the Kellan harbour.")
    assert not _judge(embed, spelled)
    assert _judge(embed, (spelled[0], "In the Kellan harbour, 7 fishing boats sank."))


def test_dates_that_do_not_overlap_are_different_statements(embed):
    thursday, friday = DateRange.between(date(2024, 3, 7), date(2024, 3, 7)), DateRange.between(
        date(2024, 3, 8), date(2024, 3, 8)
    )
    march = DateRange.between(date(2024, 3, 1), date(2024, 3, 31))
    assert not _judge(embed, PARAPHRASE, dates=[[thursday], [friday]])
    assert _judge(embed, PARAPHRASE, dates=[[thursday], [march]])
    assert _judge(embed, PARAPHRASE, dates=[[thursday], []])


def test_texts_naming_only_different_entities_are_different_statements(embed):
    assert not _judge(embed, PARAPHRASE, entities=[["e1"], ["e2"]])
    assert _judge(embed, PARAPHRASE, entities=[["e1", "e2"], ["e2"]])
    assert _judge(embed, PARAPHRASE, entities=[["e1"], []])


def test_the_matrix_agrees_with_the_one_pair_rule(embed):
    texts = [*PARAPHRASE, *OTHER_FIGURE, OTHER_FACT[1], "Snow closed the mountain pass above Kellan."]
    vectors, traits = embed(texts), traits_for(texts, EN, CFG)
    judged = compare(vectors, traits, CFG)
    assert judged.same.shape == (len(texts), len(texts))
    for i in range(len(texts)):
        for j in range(len(texts)):
            assert judged.same[i, j] == same_statement(vectors[i], traits[i], vectors[j], traits[j], CFG)
    rectangular = compare(vectors[:2], traits[:2], CFG, vectors[2:], traits[2:])
    assert np.array_equal(rectangular.same, judged.same[:2, 2:])
    assert judged.same[0, 1] and not judged.same[2, 3]


def test_empty_inputs_and_mismatched_lengths(embed):
    empty = compare(np.zeros((0, 384), dtype=np.float32), [], CFG)
    assert empty.same.shape == (0, 0)
    with pytest.raises(ValueError, match="one Traits per vector row"):
        compare(embed(PARAPHRASE), traits_for(PARAPHRASE[:1], EN, CFG), CFG)


def test_stop_words_and_number_words_are_read_from_the_language_resources(tmp_path: Path):
    (tmp_path / "syntax.toml").write_text('[words]\nstop_words = "ferry operator"\n', encoding="utf-8")
    (tmp_path / "numbers.toml").write_text('[tables]\nvalues = { dos = 2 }\n[words]\nmultipliers = ""\n', encoding="utf-8")
    toy = load_resources(tmp_path, "xx")
    traits = traits_for([PARAPHRASE[0], "dos ferries, nine crossings"], toy, CFG)
    assert "ferry" not in traits[0].words and "operat" not in traits[0].words and "the" in traits[0].words
    assert traits[1].figures == {"2"}
    english = traits_for([PARAPHRASE[0], "dos ferries, nine crossings, one of them late"], EN, CFG)
    assert "the" not in english[0].words and english[1].figures == {"9"}


def test_candidate_pairs_keep_every_pair_the_full_matrix_keeps_and_no_more_than_the_neighbours():
    rng = np.random.default_rng(7)
    centres = rng.normal(size=(5, 32))
    vectors = np.repeat(centres, 12, axis=0) + 0.6 * rng.normal(size=(60, 32))
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    groups = [k // 4 for k in range(60)]  # 15 "articles" of 4 texts
    full = vectors @ vectors.T
    expected = {
        (i, j) for i in range(60) for j in range(i + 1, 60) if groups[i] != groups[j] and full[i, j] >= 0.5
    }
    rows, cols, cosine = candidate_pairs(vectors, 0.5, neighbours=60, groups=groups)
    assert set(zip(rows.tolist(), cols.tolist(), strict=True)) == expected
    assert np.allclose(cosine, full[rows, cols], atol=1e-5)
    rows, cols, _ = candidate_pairs(vectors, 0.5, neighbours=3, groups=groups)
    kept = set(zip(rows.tolist(), cols.tolist(), strict=True))
    assert kept <= expected and len(kept) <= 3 * 60
    for i in range(60):  # each text keeps its most alike other-article text
        others = [j for j in range(60) if groups[j] != groups[i] and full[i, j] >= 0.5]
        if others:
            best = max(others, key=lambda j: full[i, j])
            assert (min(i, best), max(i, best)) in kept


def test_judging_candidate_pairs_agrees_with_the_matrix(embed):
    texts = [*PARAPHRASE, *OTHER_FIGURE, OTHER_FACT[1], "Snow closed the mountain pass above Kellan."]
    vectors, traits = embed(texts), traits_for(texts, EN, CFG)
    judged = compare(vectors, traits, CFG)
    pairs = compare_pairs(vectors, traits, CFG, floor=0.0)
    assert len(pairs.rows) == len(texts) * (len(texts) - 1) // 2
    for k, (i, j) in enumerate(zip(pairs.rows.tolist(), pairs.cols.tolist(), strict=True)):
        assert pairs.same[k] == judged.same[i, j]
        assert abs(pairs.score[k] - judged.score[i, j]) < 1e-5
    assert np.allclose(Scorer(vectors, traits, CFG).scores([0, 2], [1, 3, 4]), judged.score[np.ix_([0, 2], [1, 3, 4])])


def test_a_dotted_address_in_a_sentence_is_read_as_figures_not_a_crash() -> None:
    """An IP address or version number ("198.51.100.7") is no number; it once stopped the whole run."""
    res = for_language("en")
    assert figures_in("The page at 198.51.100.7 listed 4,000 people and a 3.5 rise.", res) >= {"4000", "3.5"}
