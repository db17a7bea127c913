"""The shipped MiniLM quantised to int8 and run by ONNX Runtime, the default linking encoder: vectors close to
the full model's (cosine 0.95-0.97 between the two vectors of one text) for ~2.3x less CPU (encoding clauses is
most of the cost of linking a story).

Made at first use (`nlp.derived`): the installed MiniLM is exported to ONNX and its weights quantised to int8
(dynamic quantisation: activations are quantised per input tensor as it runs), once per machine; later runs
load the cached file with the Rust tokenizer alone, without importing torch or sentence-transformers. On
eval/calibration/ its blended scores give precision 0.878 recall 0.581 at the calibrated threshold, against
0.860 / 0.581 for the full model (`bench/calibrate_support.py --encoder`)."""

from __future__ import annotations

import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from newsweave.nlp.derived import cached_path, dimension, full_minilm, minilm_tokenizer

if TYPE_CHECKING:
    from tokenizers import Encoding, Tokenizer


KIND = "minilm-int8"
"""The start of the int8 model's `model_key` and cache file name."""
MAKING = "attention=eager"
"""How the export shapes the int8 model (part of its `model_key`, so a model exported otherwise is never reused
and stored vectors of one are made again): transformers' eager attention exports as plain MatMul, Softmax,
MatMul; its default (SDPA) exported with NaN guards and mask selects (IsNaN, Where) that cost ~6% more CPU a
text, for vectors of cosine 0.993 or more to these (docs/calibration.md, "Making the int8 encoder cheaper")."""


@dataclass(frozen=True)
class QuantizedMiniLM:
    """Encodes as `SentenceTransformer.encode` does for MiniLM (WordPiece up to its token limit, mean of the
    token states, unit length), with the int8 model."""

    session: Any
    tokenizer: Tokenizer
    dimension: int
    threads: int = 1
    """Texts run at once, each alone on a thread of its own (`on_threads`): ONNX Runtime lets go of the GIL while
    it runs one, so a second thread uses a core that linking would leave idle, and every vector stays the one
    its text gets alone."""

    def encode(self, texts: list[str]) -> np.ndarray:
        """Each text is run alone. ONNX Runtime's dynamic quantisation picks one activation scale for the whole
        input tensor, so in a batch a text's vector depended on its batch mates (cosine down to 0.966 between
        one text's vectors in two batches), and a run resumed after a kill linked a copy pair at another share.
        Alone, a vector is a function of its text; it costs no more CPU (no padding: 7.3 CPU-s for 1,500
        sentences against 7.2 in batches of 64)."""
        encodings = self.tokenizer.encode_batch(texts) if texts else []
        threads = min(self.threads, len(encodings))
        if threads > 1:
            with ThreadPoolExecutor(threads, thread_name_prefix="newsweave-encoder") as pool:
                rows = list(pool.map(self._vector, encodings))
        else:
            rows = [self._vector(encoding) for encoding in encodings]
        return np.asarray(rows, dtype=np.float32).reshape(len(texts), self.dimension)

    def on_threads(self, threads: int) -> QuantizedMiniLM:
        """The same model and session, running `threads` texts at once."""
        return replace(self, threads=max(1, threads))

    def _vector(self, encoding: Encoding) -> np.ndarray:
        ids = np.asarray([encoding.ids], dtype=np.int64)
        (states,) = self.session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})
        mean = states[0].mean(axis=0)
        return mean / max(float(np.linalg.norm(mean)), 1e-12)


def load_quantized(source: Path, threads: int) -> QuantizedMiniLM:
    """The int8 model of the MiniLM at `source`, from the cache when it was made before, run on `threads`
    threads (`ParseSettings.encoder_threads`)."""
    import onnxruntime

    path = cached_path(KIND, source, ".onnx", MAKING)
    if not path.exists():
        _export_quantized(source, path)
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    # Threads that spin-wait for work hold a core another process needs on a shared machine (see
    # newsweave/__init__.py for torch's); ONNX Runtime spins by default.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.add_session_config_entry("session.inter_op.allow_spinning", "0")
    session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    return QuantizedMiniLM(session=session, tokenizer=minilm_tokenizer(source), dimension=dimension(source))


def _export_quantized(source: Path, path: Path) -> None:
    """Export the transformer (with eager attention: `MAKING`) to ONNX, quantise its weights to int8, and move
    the result into place in one rename."""
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
        transformer = full_minilm(source)[0].auto_model.eval()
        transformer.set_attn_implementation("eager")
        example = torch.tensor([[101, 2000, 102]])
        axes = {0: "batch", 1: "tokens"}
        torch.onnx.export(
            States(transformer),
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
