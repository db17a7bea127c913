"""The run's one encoder: each distinct text goes through MiniLM once, and a cached vector is the vector the
model gives (so caching changes no judgement)."""

from __future__ import annotations

import numpy as np

from newsweave.models import SentenceRef
from newsweave.nlp.embed import Encoder, SentenceVectors, embed_texts

TEXTS = [
    "The ferry operator cancelled all crossings to Lundholm on Thursday.",
    "Divers searched the harbour of Kellan until dark.",
    "The ferry operator cancelled all crossings to Lundholm on Thursday.",
]


def test_the_encoder_encodes_each_text_once_and_gives_the_models_vectors(models):
    encoder = Encoder(models.embedder)
    first = encoder(TEXTS)
    assert encoder.encoded == 2
    again = encoder([TEXTS[1], "Rescue teams reached Castrel by boat.", TEXTS[0]])
    assert encoder.encoded == 3
    direct = embed_texts(models.embedder, [TEXTS[0], TEXTS[1], "Rescue teams reached Castrel by boat."])
    assert np.allclose(first[0], first[2]) and np.allclose(first[0], direct[0], atol=1e-5)
    assert np.allclose(again, direct[[1, 2, 0]], atol=1e-5)
    assert encoder([]).shape == (0, first.shape[1])


def test_a_story_encoder_knows_its_sentences_and_encodes_only_new_texts(models):
    known = SentenceVectors(
        refs=[SentenceRef(article="a", index=0, start=0, end=len(TEXTS[0]), text=TEXTS[0])],
        vectors=embed_texts(models.embedder, [TEXTS[0]]),
    )
    encoder = Encoder.seeded(models.embedder, known)
    vectors = encoder([TEXTS[0], TEXTS[1]])
    assert encoder.encoded == 1
    assert np.array_equal(vectors[0], known.vectors[0])
    assert np.allclose(vectors[1], embed_texts(models.embedder, [TEXTS[1]])[0], atol=1e-5)


def test_expected_texts_go_through_the_model_with_the_next_texts_it_encodes(models):
    encoder = Encoder(models.link_embedder)
    encoder.expect([TEXTS[1]])
    assert encoder.encoded == 0
    first = encoder([TEXTS[0]])
    assert encoder.encoded == 2 and first.shape[0] == 1
    later = encoder([TEXTS[1], TEXTS[0]])
    assert encoder.encoded == 2
    assert np.array_equal(later, embed_texts(models.link_embedder, [TEXTS[1], TEXTS[0]]))
