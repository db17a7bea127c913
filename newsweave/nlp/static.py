"""A static encoder distilled from the shipped MiniLM: a text's vector is the mean of one fixed vector per
WordPiece token, so encoding is a table look-up (~100x less CPU than running the transformer) instead of six
transformer layers per token.

Made at first use (`nlp.derived`), once per machine, from the installed MiniLM alone:
1. each vocabulary token's vector is MiniLM's own (unnormalised) vector of that token as a one-token text, as
   model2vec distils;
2. the vectors are centred (the direction every token shares would make every two texts alike) and weighted
   down for frequent tokens (SIF weights `a / (a + p)`, p the Zipf probability of the token's vocabulary rank,
   which follows frequency in WordPiece vocabularies);
3. one linear map, fitted by ridge regression, takes the mean of a text's weighted token vectors to MiniLM's
   unit vector of the same text, on generated texts (bags of vocabulary words drawn by Zipf rank), so cosines
   come out on MiniLM's scale and every cosine threshold of the settings keeps its meaning. The map is folded
   into the table, so a text's vector stays one mean.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from newsweave.nlp.derived import cached_path, encode_full, full_minilm, minilm_tokenizer
from newsweave.settings import ParseSettings

if TYPE_CHECKING:
    from tokenizers import Tokenizer

DISTIL_BATCH = 512
"""One-token texts per transformer call while distilling (three positions each: small tensors)."""
FIT_WORDS = (3, 30)
"""Fewest and most words of a generated fitting text: the lengths of clauses and sentences."""
FIT_ZIPF = 1.3
"""Exponent of the Zipf law the fitting texts' words are drawn by (rank in the vocabulary): close to the ~1 of
word frequencies in text, a little steeper so that the bags are not all rare words."""


KIND = "minilm-static"
"""The start of the static model's `model_key` and cache file name."""


def making(cfg: ParseSettings) -> str:
    """The distillation settings that shape the static model (part of its `model_key`)."""
    return f"{cfg.static_weighting}:{cfg.static_fit_texts}:{cfg.static_fit_ridge}:{FIT_WORDS}:{FIT_ZIPF}"


@dataclass(frozen=True)
class StaticMiniLM:
    """Unit-length mean of the table rows of a text's tokens (special tokens left out: they are in every text)."""

    tokenizer: Tokenizer
    table: np.ndarray

    def encode(self, texts: list[str]) -> np.ndarray:
        vectors = self.means(texts)
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)

    def means(self, texts: list[str]) -> np.ndarray:
        """Mean row of each text's tokens; zero for a text without any."""
        encodings = self.tokenizer.encode_batch(texts, add_special_tokens=False) if texts else []
        lengths = np.array([len(encoding.ids) for encoding in encodings], dtype=np.int64)
        vectors = np.zeros((len(texts), self.table.shape[1]), dtype=np.float32)
        filled = lengths > 0
        if filled.any():
            ids = np.concatenate([encoding.ids for encoding in encodings]).astype(np.int64)
            starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))[filled]
            vectors[filled] = np.add.reduceat(self.table[ids], starts, axis=0) / lengths[filled, None]
        return vectors


def load_static(source: Path, cfg: ParseSettings) -> StaticMiniLM:
    """The static model of the MiniLM at `source` made with `cfg`'s distillation settings, from the cache when
    it was made before."""
    path = cached_path(KIND, source, ".npy", making(cfg))
    if not path.exists():
        _save(_distil(source, cfg), path)
    return StaticMiniLM(tokenizer=minilm_tokenizer(source), table=np.load(path))


def _distil(source: Path, cfg: ParseSettings) -> np.ndarray:
    import torch

    full, tokenizer = full_minilm(source), minilm_tokenizer(source)
    transformer = full[0].auto_model.eval()
    around = tokenizer.encode("").ids  # the special tokens MiniLM puts around every text
    size = tokenizer.get_vocab_size()
    tokens = np.zeros((size, transformer.config.hidden_size), dtype=np.float32)
    with torch.inference_mode():
        for start in range(0, size, DISTIL_BATCH):
            ids = torch.arange(start, min(size, start + DISTIL_BATCH))[:, None]
            texts = torch.cat([torch.full_like(ids, around[0]), ids, torch.full_like(ids, around[-1])], dim=1)
            states = transformer(input_ids=texts, attention_mask=torch.ones_like(texts)).last_hidden_state
            tokens[start : start + len(ids)] = states.mean(dim=1).numpy()
    zipf = 1.0 / np.arange(2, size + 2)
    weights = cfg.static_weighting / (cfg.static_weighting + zipf / zipf.sum())
    weighted = (tokens - tokens.mean(axis=0)) * weights[:, None]
    texts = _generated_texts(tokenizer, cfg.static_fit_texts)
    target = encode_full(full, texts)
    features = np.hstack([StaticMiniLM(tokenizer, weighted).means(texts), np.ones((len(texts), 1), dtype=np.float32)])
    ridge = cfg.static_fit_ridge * np.eye(features.shape[1])
    mapping = np.linalg.solve(features.T @ features + ridge, features.T @ target)
    return (weighted @ mapping[:-1] + mapping[-1]).astype(np.float32)


def _generated_texts(tokenizer: Tokenizer, count: int) -> list[str]:
    """Bags of `FIT_WORDS` whole vocabulary words, drawn with Zipf probabilities over vocabulary rank so that
    frequent words come often, as in real text; a fixed seed makes the same model on every machine."""
    vocabulary = sorted(tokenizer.get_vocab().items(), key=lambda item: item[1])
    words = [word for word, _ in vocabulary if word.isalpha() and len(word) > 1]
    random = np.random.default_rng(0)
    texts = []
    while len(texts) < count:
        ranks = random.zipf(FIT_ZIPF, size=2 * FIT_WORDS[1]) - 1
        ranks = ranks[ranks < len(words)][: int(random.integers(FIT_WORDS[0], FIT_WORDS[1] + 1))]
        texts.append(" ".join(words[rank] for rank in ranks))
    return texts


def _save(table: np.ndarray, path: Path) -> None:
    """Written beside its final name and renamed into place in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".distil-") as work:
        made = Path(work) / path.name
        np.save(made, table)
        os.replace(made, path)
