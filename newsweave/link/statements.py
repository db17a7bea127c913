"""Which sentences of *other* articles state the same thing as a given sentence.

The score blends the cosine similarity of all-MiniLM-L6-v2 sentence embeddings with the overlap of content
words: on same-topic news the embedding alone rates a different fact of the same story almost as high as a
paraphrase, and shared content words separate them better. One structural guard: two sentences that both carry
numbers but share none ("2,012 dead" / "2,497 dead") report different facts however close their wording.
The threshold is the lowest one reaching precision 0.80 on hand-labelled pairs (eval/calibration/sentence_pairs.jsonl; `bench/calibrate_support.py` prints the sweep; see
docs/calibration.md). Sentences of the same article never support each other.
"""

from __future__ import annotations

import re

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from newsweave.models import Statement, Support
from newsweave.nlp.embed import SentenceVectors

SUPPORT_THRESHOLD = 0.64
"""Minimum support score for "states the same thing"; calibrated, see docs/calibration.md."""

LEXICAL_WEIGHT = 0.3
"""Weight of content-word overlap in the support score (the rest is embedding cosine); calibrated likewise."""

STEM_LENGTH = 6
"""Content words are compared by their first letters, a crude stem that matches "attend"/"attending"."""

NUMBER = re.compile(r"\d[\d,.]*\d|\d")
WORD = re.compile(r"[a-z0-9]+")


def content_words(text: str) -> set[str]:
    return {w[:STEM_LENGTH] for w in WORD.findall(text.lower()) if len(w) > 2 and w not in STOP_WORDS}


def support_score(cosine: float, words_a: set[str], words_b: set[str]) -> float:
    overlap = 2 * len(words_a & words_b) / max(1, len(words_a) + len(words_b))
    return (1 - LEXICAL_WEIGHT) * cosine + LEXICAL_WEIGHT * overlap


def numbers_in(text: str) -> set[str]:
    """Digit groups with thousands separators and trailing punctuation removed ("2,012." -> "2012")."""
    return {match.group().replace(",", "").rstrip(".") for match in NUMBER.finditer(text)}


def numbers_compatible(a: set[str], b: set[str]) -> bool:
    return not (a and b) or bool(a & b)


def find_support(vectors: SentenceVectors, threshold: float = SUPPORT_THRESHOLD) -> list[Statement]:
    refs, matrix = vectors.refs, vectors.vectors
    similarity = matrix @ matrix.T if len(refs) else np.zeros((0, 0), dtype=np.float32)
    articles = np.array([ref.article for ref in refs])
    numbers = [numbers_in(ref.text) for ref in refs]
    words = [content_words(ref.text) for ref in refs]
    min_cosine = (threshold - LEXICAL_WEIGHT) / (1 - LEXICAL_WEIGHT)
    statements: list[Statement] = []
    for i, ref in enumerate(refs):
        candidates = np.nonzero((similarity[i] >= min_cosine) & (articles != ref.article))[0]
        best_per_article: dict[str, tuple[float, int]] = {}
        for j in candidates:
            score = support_score(float(similarity[i, j]), words[i], words[j])
            if score < threshold or not numbers_compatible(numbers[i], numbers[j]):
                continue
            other = refs[j].article
            if other not in best_per_article or score > best_per_article[other][0]:
                best_per_article[other] = (score, int(j))
        support = sorted(
            (
                Support(article=refs[j].article, sentence=refs[j].index, text=refs[j].text,
                        similarity=round(score, 4))
                for score, j in best_per_article.values()
            ),
            key=lambda s: -s.similarity,
        )
        statements.append(
            Statement(
                id=f"{ref.article}:{ref.index}",
                article=ref.article,
                sentence=ref.index,
                start=ref.start,
                end=ref.end,
                text=ref.text,
                supported_by=support,
                sources=[ref.article, *(s.article for s in support)],
            )
        )
    return statements
