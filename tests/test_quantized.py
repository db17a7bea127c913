"""The int8 MiniLM (ParseSettings.encoder = "minilm-int8") gives vectors close to the full model's (cosine about
0.95-0.97 between the two vectors of one text) that keep a paraphrase apart from another fact; the model is made
once and then read from the cache."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newsweave.nlp.derived import cache_folder
from newsweave.nlp.embed import embed_texts
from newsweave.nlp.models import load_embedder, vector_encoder
from newsweave.nlp.quantized import QuantizedMiniLM
from newsweave.settings import ParseSettings

TEXTS = [
    "The ferry operator cancelled all crossings to Lundholm on Thursday.",
    "All ferry crossings to Lundholm were cancelled by the operator on Thursday.",
    "Divers searched the harbour of Kellan until dark.",
    "Storm",
]


@pytest.fixture(scope="module")
def quantized() -> QuantizedMiniLM:
    """From the real cache folder, where the session's models (int8 for linking by default) made it: the suite
    pays the first-use export at most once."""
    embedder = load_embedder(ParseSettings(encoder="minilm-int8"))
    assert isinstance(embedder, QuantizedMiniLM)
    return embedder


def test_int8_vectors_are_close_to_the_full_models(quantized) -> None:
    full = embed_texts(load_embedder(ParseSettings(encoder="minilm")), TEXTS)
    small = embed_texts(quantized, TEXTS)
    assert small.shape == full.shape and small.dtype == np.float32
    assert np.allclose(np.linalg.norm(small, axis=1), 1.0, atol=1e-5)
    assert (small * full).sum(axis=1).min() > 0.9, "each text's int8 vector points where the full model's does"
    paraphrase, other = float(small[0] @ small[1]), float(small[0] @ small[2])
    assert paraphrase > other + 0.3, "a paraphrase stays far closer than another fact of the same place"
    assert embed_texts(quantized, []).shape == (0, full.shape[1])


def test_the_int8_model_is_made_once_and_read_from_the_cache(quantized) -> None:
    made = list(cache_folder().glob("minilm-int8-*.onnx"))
    assert made and not list(cache_folder().glob(".export-*")), "the model, no leftovers of the export"
    stamps = {path: path.stat().st_mtime_ns for path in made}
    again = load_embedder(ParseSettings(encoder="minilm-int8"))
    assert {path: path.stat().st_mtime_ns for path in made} == stamps
    assert np.allclose(embed_texts(again, TEXTS), embed_texts(quantized, TEXTS), atol=1e-6)


def test_the_store_names_the_int8_model_the_run_loads(quantized) -> None:
    """What a store records with its vectors is the cache file the encoder runs, so vectors of an int8 model
    made another way (another export, other quantisation) are made again, never compared with these."""
    recorded = vector_encoder(ParseSettings(encoder="minilm-int8")).model
    assert Path(quantized.session._model_path) == cache_folder() / f"{recorded}.onnx"  # the file it was loaded from
    assert recorded != vector_encoder(ParseSettings(encoder="minilm")).model


def test_a_texts_int8_vector_is_the_same_whatever_it_is_encoded_with(quantized) -> None:
    """A vector depends on its text alone, bit for bit: a run resumed after a kill, or a story linked again
    with other articles, must score the same pair the same (one activation scale per batch made it depend on
    the batch's other texts and their padding), however many texts run at once on threads."""
    alone = np.stack([embed_texts(quantized, [text])[0] for text in TEXTS])
    long_mate = " ".join(["The harbour master of Kellan said the storm had passed by Friday noon."] * 12)
    mates = embed_texts(quantized, [long_mate, *reversed(TEXTS), "Storm", "Ferries 7,000 km away."])
    assert np.array_equal(mates[1 : 1 + len(TEXTS)][::-1], alone)
    assert np.array_equal(embed_texts(quantized, TEXTS), alone)
    assert np.array_equal(embed_texts(quantized.on_threads(3), [long_mate, *TEXTS])[1:], alone), "texts on threads"
