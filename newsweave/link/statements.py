"""Which sentences of *other* articles state the same thing as a given sentence.

Whether two sentences state the same thing is decided by the sameness service (`link/sameness.py`), with its
one calibrated configuration; this stage only keeps, for each sentence, the best such sentence of every other
article. Sentences of the same article never support each other: an article repeating itself is one source.
"""

from __future__ import annotations

import numpy as np

from newsweave.lang import Resources
from newsweave.link.sameness import compare, traits_for
from newsweave.models import Statement, Support
from newsweave.nlp.embed import SentenceVectors
from newsweave.settings import SamenessSettings


def find_support(vectors: SentenceVectors, res: Resources, cfg: SamenessSettings) -> list[Statement]:
    refs = vectors.refs
    judged = compare(vectors.vectors, traits_for([ref.text for ref in refs], res, cfg), cfg)
    articles = np.array([ref.article for ref in refs])
    same = judged.same & (articles[:, None] != articles[None, :])
    statements: list[Statement] = []
    for i, ref in enumerate(refs):
        best_per_article: dict[str, int] = {}
        for j in np.flatnonzero(same[i]).tolist():
            other = refs[j].article
            if other not in best_per_article or judged.score[i, j] > judged.score[i, best_per_article[other]]:
                best_per_article[other] = j
        support = sorted(
            (
                Support(article=refs[j].article, sentence=refs[j].index, text=refs[j].text,
                        similarity=round(float(judged.score[i, j]), 4))
                for j in best_per_article.values()
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
