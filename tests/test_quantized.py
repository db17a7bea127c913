"""The int8 MiniLM (ParseSettings.encoder = "minilm-int8") gives vectors close to the full model's (cosine about
0.95-0.97 between the two vectors of one text) that keep a paraphrase apart from another fact; the model is made
once and then read from the cache."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from newsweave.nlp.derived import cache_folder, minilm_source, minilm_tokenizer
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
    the batch's other texts and their padding), whether the text runs alone, with texts of its token count, in
    a list of many lengths, or on threads."""
    texts = _example_sentences()
    counts = [len(encoding.ids) for encoding in quantized.tokenizer.encode_batch(texts)]
    count = max(set(counts), key=counts.count)
    same_count = [text for text, n in zip(texts, counts, strict=True) if n == count]
    assert len(same_count) >= 3 and len(set(counts)) >= 20, "a run of several texts, and many token counts"
    alone = {text: embed_texts(quantized, [text])[0] for text in texts}
    together = embed_texts(quantized, same_count)
    assert all(np.array_equal(vector, alone[text]) for text, vector in zip(same_count, together, strict=True))
    mixed = [*TEXTS, *reversed(texts)]
    for encoder in (
        quantized,
        replace(quantized, run_tokens=64),
        quantized.on_threads(3),
        replace(quantized, together_tokens=512, together_texts=2),  # every run of two or more texts together
        replace(quantized, together_texts=len(mixed) + 1),  # every text alone, on the per-tensor model
    ):
        vectors = embed_texts(encoder, mixed)[len(TEXTS) :]
        assert all(np.array_equal(vector, alone[text]) for text, vector in zip(reversed(texts), vectors, strict=True))


def test_texts_run_together_get_the_vectors_they_got_alone_with_one_scale_per_run(quantized) -> None:
    """Quantising each text's activations on its own gives a text the vector ONNX Runtime's dynamic quantisation
    (one scale per tensor, `_quantized_per_tensor`) gives it alone, bit for bit, though the two models run other
    kernels: that is what lets a text alone run on the fused per-tensor model and short texts together on the
    per-text one."""
    texts = _example_sentences()
    per_tensor, per_text = (
        np.stack([_pooled(session.run(None, {"input_ids": np.asarray([ids])})[0][0]) for ids in _ids(texts)])
        for session in (quantized.alone, quantized.session)
    )
    together = embed_texts(replace(quantized, together_tokens=512, together_texts=2), texts)
    assert np.array_equal(per_text, per_tensor) and np.array_equal(together, per_tensor)
    assert np.array_equal(embed_texts(quantized, texts), per_tensor)


def _example_sentences() -> list[str]:
    """Real news sentences of many lengths: the bundled example's, one a line."""
    folder = Path(__file__).parents[1] / "examples" / "kim-beijing-parade"
    lines = [line.strip() for path in sorted(folder.glob("*.txt")) for line in path.read_text().splitlines()]
    return list(dict.fromkeys(line for line in lines if line))[:120]


def _ids(texts: list[str]) -> list[list[int]]:
    return [encoding.ids for encoding in minilm_tokenizer(minilm_source()).encode_batch(texts)]


def _pooled(states: np.ndarray) -> np.ndarray:
    mean = states.mean(axis=0)
    return mean / np.linalg.norm(mean)
