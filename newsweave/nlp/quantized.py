"""The shipped MiniLM quantised to int8 and run by ONNX Runtime: vectors close to the full model's (cosine
0.95-0.97 between the two vectors of one text) for about half the CPU time (encoding clauses is most of the
cost of linking a story).

Nothing is downloaded: at first use the installed MiniLM is exported to ONNX and its weights quantised to int8
(dynamic quantisation: activations stay float), once per machine, into the user's cache folder; later runs load
the cached file. It is an option (`ParseSettings.encoder`), measured by `bench/calibrate_support.py --encoder`:
on eval/calibration/ its blended scores give F1 0.699 at the calibrated threshold, against 0.694 for the full
model (the issue's bar: within 0.01).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

BATCH_SIZE = 64
CACHE_NAME = "newsweave"


@dataclass(frozen=True)
class QuantizedMiniLM:
    """Encodes as `SentenceTransformer.encode` does for MiniLM (WordPiece up to `max_length` tokens, mean of the
    token states over the attention mask, unit length), with the int8 model."""

    session: Any
    tokenizer: Any
    max_length: int
    dimension: int

    def encode(self, texts: list[str]) -> np.ndarray:
        """Texts of similar length are batched together, as SentenceTransformer does, so padding stays short."""
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), BATCH_SIZE):
            rows = order[start : start + BATCH_SIZE]
            batch = self.tokenizer(
                [texts[i] for i in rows], padding=True, truncation=True, max_length=self.max_length, return_tensors="np"
            )
            mask = batch["attention_mask"].astype(np.int64)
            feed = {"input_ids": batch["input_ids"].astype(np.int64), "attention_mask": mask}
            (states,) = self.session.run(None, feed)
            weights = mask[..., None].astype(np.float32)
            mean = (states * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            vectors[rows] = mean / np.maximum(np.linalg.norm(mean, axis=1, keepdims=True), 1e-12)
        return vectors


def load_quantized(full: SentenceTransformer, source: Path) -> QuantizedMiniLM:
    """The int8 model of the MiniLM at `source` (the loaded `full` model serves the export and the tokenizer),
    from the cache when it was made before."""
    import onnxruntime

    path = cache_folder() / f"minilm-int8-{_fingerprint(source)}.onnx"
    if not path.exists():
        _export_quantized(full, path)
    options = onnxruntime.SessionOptions()
    # Threads that spin-wait for work hold a core another process needs on a shared machine (see
    # newsweave/__init__.py for torch's); ONNX Runtime spins by default.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.add_session_config_entry("session.inter_op.allow_spinning", "0")
    session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    return QuantizedMiniLM(
        session=session,
        tokenizer=full.tokenizer,
        max_length=full.max_seq_length,
        dimension=full.get_embedding_dimension() or 384,
    )


def cache_folder() -> Path:
    """Where made models are kept between runs: $XDG_CACHE_HOME/newsweave, else ~/.cache/newsweave."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / CACHE_NAME


def _fingerprint(source: Path) -> str:
    """Names the cached file after the weights it was made from, so another MiniLM never reuses it."""
    digest = hashlib.sha256()
    for weights in sorted(source.rglob("*.safetensors")) + sorted(source.rglob("*.bin")):
        stat = weights.stat()
        digest.update(f"{weights.relative_to(source)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:12]


def _export_quantized(full: SentenceTransformer, path: Path) -> None:
    """Export the transformer to ONNX, quantise its weights to int8, and move the result into place in one
    rename, so a run stopped halfway never leaves a broken model for the next."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    class States(torch.nn.Module):
        """The transformer's token states, the one output the encoder pools."""

        def __init__(self, model: torch.nn.Module) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            return self.model(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".export-") as work:
        exported, quantized = Path(work) / "full.onnx", Path(work) / "int8.onnx"
        example = torch.tensor([[101, 2000, 102]])
        axes = {0: "batch", 1: "tokens"}
        torch.onnx.export(
            States(full[0].auto_model.eval()),
            (example, torch.ones_like(example)),
            str(exported),
            input_names=["input_ids", "attention_mask"],
            output_names=["states"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "states": axes},
            opset_version=17,
            dynamo=False,
        )
        quantize_dynamic(str(exported), str(quantized), weight_type=QuantType.QInt8)
        os.replace(quantized, path)
