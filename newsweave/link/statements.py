"""Which sentences of *other* articles state the same thing as a given sentence.

Whether two sentences state the same thing is decided by the sameness service (`link/sameness.py`), with its
one calibrated configuration; this stage only keeps, for each sentence, the best such sentence of every other
article. Sentences of the same article never support each other: an article repeating itself is one source.
"""

from __future__ import annotations

import numpy as np

from newsweave.lang import Resources
from newsweave.link.sameness import compare_pairs, traits_for
from newsweave.models import Statement, Support
from newsweave.nlp.embed import SentenceVectors
from newsweave.settings import SamenessSettings


def find_support(vectors: SentenceVectors, res: Resources, cfg: SamenessSettings) -> list[Statement]:
    """Only the candidate pairs of the sameness service are judged (`compare_pairs`), so a story's sentences
    are never all compared with each other."""
    refs = vectors.refs
    article_of = {article: k for k, article in enumerate(dict.fromkeys(ref.article for ref in refs))}
    pairs = compare_pairs(
        vectors.vectors, traits_for([ref.text for ref in refs], res, cfg), cfg, [article_of[r.article] for r in refs]
    )
    same: dict[int, list[tuple[int, float]]] = {}
    for k in np.flatnonzero(pairs.same).tolist():
        i, j, score = int(pairs.rows[k]), int(pairs.cols[k]), float(pairs.score[k])
        same.setdefault(i, []).append((j, score))
        same.setdefault(j, []).append((i, score))
    statements: list[Statement] = []
    for i, ref in enumerate(refs):
        best_per_article: dict[str, tuple[int, float]] = {}
        for j, score in sorted(same.get(i, [])):
            other = refs[j].article
            if other not in best_per_article or score > best_per_article[other][1]:
                best_per_article[other] = (j, score)
        support = sorted(
            (
                Support(article=refs[j].article, sentence=refs[j].index, text=refs[j].text,
                        similarity=round(score, 4))
                for j, score in best_per_article.values()
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
