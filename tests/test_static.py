"""The static encoder (ParseSettings.encoder = "static"): a token table distilled once per machine from the
shipped MiniLM into the user's cache folder, whose cosines sit on MiniLM's scale (so the cosine thresholds keep
their meaning), and which a run loads without sentence-transformers."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from newsweave.nlp.derived import cache_folder
from newsweave.nlp.embed import embed_texts
from newsweave.nlp.models import load_embedder
from newsweave.nlp.static import StaticMiniLM
from newsweave.settings import ParseSettings

TEXTS = [
    "The ferry operator cancelled all crossings to Lundholm on Thursday.",
    "All ferry crossings to Lundholm were cancelled by the operator on Thursday.",
    "Divers searched the harbour of Kellan until dark.",
    "The central bank raised its interest rate by half a point.",
]
PAIRS = [(i, j) for i in range(len(TEXTS)) for j in range(i + 1, len(TEXTS))]


@pytest.fixture(scope="session")
def static() -> StaticMiniLM:
    """Made in the real cache folder: a run of the suite pays the first-use distillation at most once."""
    embedder = load_embedder(ParseSettings(encoder="static"))
    assert isinstance(embedder, StaticMiniLM)
    return embedder


@pytest.fixture(scope="module")
def full():
    return load_embedder(ParseSettings(encoder="minilm"))


def test_static_cosines_sit_on_minilms_scale(full, static) -> None:
    mini, table = embed_texts(full, TEXTS), embed_texts(static, TEXTS)
    assert table.shape == mini.shape and table.dtype == np.float32
    assert np.allclose(np.linalg.norm(table, axis=1), 1.0, atol=1e-5)
    gaps = [abs(float(table[i] @ table[j]) - float(mini[i] @ mini[j])) for i, j in PAIRS]
    assert max(gaps) < 0.3 and sum(gaps) / len(gaps) < 0.15, gaps
    paraphrase, same_place, unrelated = (float(table[0] @ table[j]) for j in (1, 2, 3))
    assert paraphrase > same_place + 0.2 and paraphrase > unrelated + 0.2
    assert embed_texts(static, []).shape == (0, mini.shape[1])
    assert np.isfinite(embed_texts(static, ["", "   "])).all(), "a text without tokens is a zero vector, not NaN"


def test_the_static_model_is_made_once_and_loaded_without_sentence_transformers(static) -> None:
    made = list(cache_folder().glob("minilm-static-*.npy"))
    assert made and not list(cache_folder().glob(".distil-*")), "the model, no leftovers of the distillation"
    stamps = {path: path.stat().st_mtime_ns for path in made}
    code = (
        "import sys; from newsweave.nlp.models import load_embedder; from newsweave.settings import ParseSettings; "
        "load_embedder(ParseSettings(encoder='static')); print('sentence_transformers' in sys.modules)"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "False", loaded.stderr
    assert {path: path.stat().st_mtime_ns for path in made} == stamps
