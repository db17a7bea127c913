"""The run's one encoder: each distinct text goes through MiniLM once, and a cached vector is the vector the
model gives (so caching changes no judgement)."""

from __future__ import annotations

import numpy as np

from newsweave.nlp.embed import Encoder, embed_texts

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
