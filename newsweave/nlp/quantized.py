"""The shipped MiniLM quantised to int8 and run by ONNX Runtime, the default linking encoder: vectors close to
the full model's (cosine 0.95-0.97 between the two vectors of one text) for ~2.3x less CPU (encoding clauses is
most of the cost of linking a story).

Made at first use (`nlp.derived`): the installed MiniLM is exported to ONNX and its weights quantised to int8
(dynamic quantisation), kept as it comes for texts run alone and rewritten to quantise its activations per text
(`_per_text_activations`) for short texts run together, once per machine; later runs load the cached files with
the Rust tokenizer alone, without importing torch or sentence-transformers. A text's vector is the same bit for
bit whichever of the two runs it and whatever it runs with. On eval/calibration/ its blended scores give precision
0.878 recall 0.581 at the calibrated threshold, against 0.860 / 0.581 for the full model
(`bench/calibrate_support.py --encoder`)."""

from __future__ import annotations

import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np

from newsweave.nlp.derived import cached_path, dimension, full_minilm, minilm_tokenizer

if TYPE_CHECKING:
    import onnx
    from tokenizers import Tokenizer


Run: TypeAlias = "list[tuple[int, list[int]]]"
"""Texts run together: each text's place in the encoded list and its token ids, all of one length."""

KIND = "minilm-int8"
"""The start of the int8 model's `model_key` and cache file name."""
MAKING = "attention=eager; input=ids; activations=per-text"
"""How the export shapes the int8 model (part of its `model_key`, so a model made otherwise is never reused and
stored vectors of one are made again): transformers' eager attention exports as plain MatMul, Softmax, MatMul
(its default, SDPA, exported with NaN guards and mask selects that cost ~6% more CPU a text); the token ids are
the one input (no attention mask, ~3% less CPU a short text, the same vectors bit for bit); and each activation
is quantised per text, so that texts can run together (docs/calibration.md, "Making the int8 encoder
cheaper")."""
MAKING_ALONE = "attention=eager; input=ids; activations=per-tensor"
"""The model as ONNX Runtime's dynamic quantisation makes it, one activation scale per tensor: for a text alone that
scale is the text's own, so it gives the per-text model's vectors bit for bit (the same formula, and ONNX Runtime
fuses each quantisation, integer product, scale and bias into one kernel instead of the rewrite's separate passes),
for ~28% less CPU a text. Not part of `model_key`: the vectors are the per-text model's."""


@dataclass(frozen=True)
class QuantizedMiniLM:
    """Encodes as `SentenceTransformer.encode` does for MiniLM (WordPiece up to its token limit, mean of the
    token states, unit length), with the int8 model."""

    session: Any
    tokenizer: Tokenizer
    dimension: int
    run_tokens: int
    """Tokens at most in one run of the model (`ParseSettings.encoder_run_tokens`)."""
    alone: Any
    """The per-tensor model's session (`MAKING_ALONE`), for a text run alone."""
    together_tokens: int
    together_texts: int
    """Texts run together (per-text model) only when they have at most `together_tokens` tokens and at least
    `together_texts` share a run; every other text runs alone on the fused per-tensor model
    (`ParseSettings.encoder_together_tokens`, `encoder_together_texts`: why these values)."""
    threads: int = 1
    """Runs at once, each on a thread of its own (`on_threads`): ONNX Runtime lets go of the GIL while it runs
    one, so a second thread uses a core that linking would leave idle."""

    def encode(self, texts: list[str]) -> np.ndarray:
        """Short texts of the same token count run together, with no padding, up to `run_tokens` tokens a run: a
        run reads the int8 weights once for all its texts, and that is most of what a short text costs alone.
        That model quantises each text's activations on their own (`_per_text_activations`), so a text's vector
        is the one it gets alone, bit for bit, whatever it runs with; with one activation scale per run, as ONNX
        Runtime's dynamic quantisation has it, a text's vector moved with its batch mates (cosine down to 0.957)
        and a run resumed after a kill linked a copy pair at another share."""
        encodings = self.tokenizer.encode_batch(texts) if texts else []
        ids = [encoding.ids for encoding in encodings]
        runs = _runs(ids, self.run_tokens, self.together_tokens, self.together_texts)
        threads = min(self.threads, len(runs))
        if threads > 1:
            with ThreadPoolExecutor(threads, thread_name_prefix="newsweave-encoder") as pool:
                vectors = list(pool.map(self._vectors, runs))
        else:
            vectors = [self._vectors(run) for run in runs]
        rows = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for run, run_vectors in zip(runs, vectors, strict=True):
            rows[[index for index, _ in run]] = run_vectors
        return rows

    def on_threads(self, threads: int) -> QuantizedMiniLM:
        """The same model and session, running `threads` runs at once."""
        return replace(self, threads=max(1, threads))

    def _vectors(self, run: Run) -> np.ndarray:
        """Each text's vector pooled from its own states alone, as one text's run would be; a text alone runs on
        the fused per-tensor model, which gives it the same states for less CPU."""
        session = self.session if len(run) > 1 else self.alone
        (states,) = session.run(None, {"input_ids": np.asarray([ids for _, ids in run], dtype=np.int64)})
        means = [text_states.mean(axis=0) for text_states in states]
        return np.stack([mean / max(float(np.linalg.norm(mean)), 1e-12) for mean in means])


def _runs(texts: list[list[int]], run_tokens: int, together_tokens: int, together_texts: int) -> list[Run]:
    """The texts' token ids (with their places in `texts`) in runs of one token count each, each run up to
    `run_tokens` tokens (one text at least), longest texts first so threads finish together; a run of fewer than
    `together_texts` texts, or of texts longer than `together_tokens`, split into runs of one text."""
    by_count: dict[int, Run] = {}
    for index, ids in enumerate(texts):
        by_count.setdefault(len(ids), []).append((index, ids))
    runs = []
    for count in sorted(by_count, reverse=True):
        same = by_count[count]
        size = max(1, run_tokens // count)
        for run in (same[start : start + size] for start in range(0, len(same), size)):
            together = count <= together_tokens and len(run) >= together_texts
            runs.extend([run] if together else [[text] for text in run])
    return runs


def load_quantized(
    source: Path, threads: int, run_tokens: int, together_tokens: int, together_texts: int
) -> QuantizedMiniLM:
    """The int8 models of the MiniLM at `source`, from the cache when they were made before, run on `threads`
    threads (`ParseSettings.encoder_threads`) up to `run_tokens` tokens a run, short texts together as
    `together_tokens` and `together_texts` say."""
    together, alone = (cached_path(KIND, source, ".onnx", making) for making in (MAKING, MAKING_ALONE))
    if not (together.exists() and alone.exists()):
        _export_quantized(source, together, alone)
    return QuantizedMiniLM(
        _session(together, threads),
        minilm_tokenizer(source),
        dimension(source),
        run_tokens,
        _session(alone, threads),
        together_tokens=together_tokens,
        together_texts=together_texts,
    )


def _session(path: Path, threads: int) -> Any:
    """An ONNX Runtime session of the model at `path` on `threads` threads that do not spin."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    # Threads that spin-wait for work hold a core another process needs on a shared machine (see
    # newsweave/__init__.py for torch's); ONNX Runtime spins by default.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.add_session_config_entry("session.inter_op.allow_spinning", "0")
    return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def _export_quantized(source: Path, together: Path, alone: Path) -> None:
    """Make the int8 model with activations quantised per text (`together`) and the one it is rewritten from
    (`alone`), and move each that is missing into place in one rename (one in use is never replaced)."""
    import onnx

    together.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=together.parent, prefix=".export-") as work:
        per_tensor, per_text = _quantized_per_tensor(source, Path(work)), Path(work) / "per-text.onnx"
        onnx.save(_per_text_activations(onnx.load(str(per_tensor))), str(per_text))
        for made, path in ((per_text, together), (per_tensor, alone)):
            if not path.exists():
                os.replace(made, path)


def _quantized_per_tensor(source: Path, folder: Path) -> Path:
    """The transformer exported to ONNX (eager attention, token ids the one input: `MAKING`) with its weights
    quantised to int8 by ONNX Runtime's dynamic quantisation as it comes, one activation scale per tensor: what
    `_per_text_activations` rewrites, and what a text alone runs on (tests compare the two bit for bit)."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    class States(torch.nn.Module):
        """The transformer's token states, the one output the encoder pools. No attention mask: texts are never
        padded (a run holds texts of one token count), and a mask of ones only added zeros to the scores."""

        def __init__(self, model: torch.nn.Module) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
            return self.model(input_ids=input_ids).last_hidden_state

    exported, quantized = folder / "full.onnx", folder / "int8.onnx"
    transformer = full_minilm(source)[0].auto_model.eval()
    transformer.set_attn_implementation("eager")
    axes = {0: "batch", 1: "tokens"}
    torch.onnx.export(
        States(transformer),
        (torch.tensor([[101, 2000, 102]]),),
        str(exported),
        input_names=["input_ids"],
        output_names=["states"],
        dynamic_axes={"input_ids": axes, "states": axes},
        opset_version=17,
        dynamo=False,
    )
    quantize_dynamic(str(exported), str(quantized), weight_type=QuantType.QInt8)
    return quantized


def _per_text_activations(model: onnx.ModelProto) -> onnx.ModelProto:
    """The int8 model with each activation quantised per text (per row of the batch axis) instead of per
    tensor: every DynamicQuantizeLinear becomes the same formula with its minimum and maximum taken over one
    text's tokens and features, and each integer matrix product that used its zero point is made without it,
    then less that text's zero point times the weight's column sums (ONNX Runtime's integer products take one
    zero point per tensor). A text's integers are then the ones it gets alone, whatever it runs with."""
    import onnx
    from onnx import helper, numpy_helper

    inferred = onnx.shape_inference.infer_shapes(model).graph
    ranks = {value.name: len(value.type.tensor_type.shape.dim) for value in [*inferred.value_info, *inferred.input]}
    model = onnx.ModelProto.FromString(model.SerializeToString())
    graph = model.graph
    weights = {tensor.name: numpy_helper.to_array(tensor) for tensor in graph.initializer}
    zero_points = {node.output[2] for node in graph.node if node.op_type == "DynamicQuantizeLinear"}
    users: dict[str, list[onnx.NodeProto]] = {}
    for node in graph.node:
        for name in node.input:
            users.setdefault(name, []).append(node)
    constants = {
        "per_text/zero": np.array(0.0, dtype=np.float32),
        "per_text/one": np.array(1.0, dtype=np.float32),
        "per_text/levels": np.array(255.0, dtype=np.float32),
        "per_text/flat": np.array([-1], dtype=np.int64),
    }
    casts = {
        users[node.output[0]][0].name
        for node in graph.node
        if node.op_type == "MatMulInteger" and node.input[2] in zero_points
    }
    nodes: list[onnx.NodeProto] = []
    for node in graph.node:
        if node.op_type == "DynamicQuantizeLinear":
            nodes.extend(_quantize_per_text(node, ranks[node.input[0]]))
        elif node.op_type == "MatMulInteger" and node.input[2] in zero_points:
            values, weight, zero_point, weight_zero_point = node.input
            sums, (product,) = f"{weight}/column_sums", users[node.output[0]][0].output
            constants[sums] = (weights[weight].astype(np.float32) - weights[weight_zero_point]).sum(axis=0)
            nodes += [
                helper.make_node(
                    "MatMulIntegerToFloat",
                    [values, weight, "per_text/one", "per_text/one", "", weight_zero_point],
                    [f"{product}/uncentred"],
                    name=node.name,
                    domain="com.microsoft",
                ),
                helper.make_node("Mul", [zero_point, sums], [f"{product}/zero_point_sums"], name=f"{node.name}/sums"),
                helper.make_node(
                    "Sub",
                    [f"{product}/uncentred", f"{product}/zero_point_sums"],
                    [product],
                    name=f"{node.name}/centred",
                ),
            ]
        elif node.name not in casts:
            nodes.append(node)
    graph.ClearField("node")
    graph.node.extend(nodes)
    graph.initializer.extend(numpy_helper.from_array(value, name) for name, value in constants.items())
    if not any(opset.domain == "com.microsoft" for opset in model.opset_import):
        model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    return model


def _quantize_per_text(node: onnx.NodeProto, rank: int) -> list[onnx.NodeProto]:
    """ONNX's DynamicQuantizeLinear over each text of the batch: the range of its values widened to hold 0,
    scale = range / 255, zero point = round(clip(-low / scale, 0, 255)), values = clip(round(x / scale) + zero
    point). Outputs keep their names: the scale is (batch, 1, ...), the zero point float of that shape."""
    from onnx import TensorProto, helper

    x, (values, scale, zero_point), name = node.input[0], node.output, node.name
    axes = list(range(1, rank))

    def step(op: str, inputs: list[str], output: str, **attributes: Any) -> onnx.NodeProto:
        return helper.make_node(op, inputs, [output], name=f"{name}/{output.rsplit('/', 1)[-1]}", **attributes)

    return [
        step("ReduceMin", [x], f"{name}/min", axes=axes, keepdims=1),
        step("ReduceMax", [x], f"{name}/max", axes=axes, keepdims=1),
        step("Min", [f"{name}/min", "per_text/zero"], f"{name}/low"),
        step("Max", [f"{name}/max", "per_text/zero"], f"{name}/high"),
        step("Sub", [f"{name}/high", f"{name}/low"], f"{name}/range"),
        step("Div", [f"{name}/range", "per_text/levels"], scale),
        step("Div", [f"{name}/low", scale], f"{name}/low_steps"),
        step("Neg", [f"{name}/low_steps"], f"{name}/zero_steps"),
        step(
            "Clip",
            [f"{name}/zero_steps", "per_text/zero", "per_text/levels"],
            f"{name}/zero_clipped",
        ),
        step("Round", [f"{name}/zero_clipped"], zero_point),
        step("Cast", [zero_point], f"{name}/zero_uint8", to=TensorProto.UINT8),
        step("Reshape", [scale, "per_text/flat"], f"{name}/scale_per_text"),
        step("Reshape", [f"{name}/zero_uint8", "per_text/flat"], f"{name}/zero_per_text"),
        step(
            "QuantizeLinear",
            [x, f"{name}/scale_per_text", f"{name}/zero_per_text"],
            values,
            axis=0,
        ),
    ]
