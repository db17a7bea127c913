"""Sentence embeddings (all-MiniLM-L6-v2), computed once per run and shared by every cross-document stage.

Encoding is most of the cost of linking a story, and the same texts come back: a clause that is a whole
sentence, the same event words or counted noun in many clause pairs, the same quote in several outlets. So a
run encodes through one `Encoder`, which keeps every vector it made keyed by the text and encodes only texts
it has not seen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeAlias

import numpy as np

from newsweave.models import AnalyzedArticle, SentenceRef
from newsweave.nlp.derived import encode_full
from newsweave.nlp.quantized import QuantizedMiniLM
from newsweave.nlp.static import StaticMiniLM

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

Embedder: TypeAlias = "SentenceTransformer | QuantizedMiniLM | StaticMiniLM"
"""The loaded embedding model (`nlp.models.load_embedder`): the full MiniLM, its int8 version or its static
distillation. sentence-transformers is imported only by the loader of the full model: with the others a run
never imports it (nor torch through it)."""

Embed = Callable[[list[str]], np.ndarray]
"""Sentence-embedding function: texts -> unit-length vectors, one row per text (an `Encoder`)."""


@dataclass
class SentenceVectors:
    """Unit-length vectors of all sentences of a run, row i belonging to `refs[i]`."""

    refs: list[SentenceRef]
    vectors: np.ndarray
    _rows: dict[str, list[int]] | None = field(default=None, init=False, repr=False)

    def rows_of(self, article_id: str) -> list[int]:
        """Indexed on first use: stages ask for the rows of each article of a pair, for many pairs."""
        if self._rows is None:
            self._rows = {}
            for i, ref in enumerate(self.refs):
                self._rows.setdefault(ref.article, []).append(i)
        return self._rows.get(article_id, [])


@dataclass
class Encoder:
    """The run's one embedding function (an `Embed`): each distinct text is encoded once, the new texts of one
    call in one call of the model. Memory grows with the distinct texts of the run (1.5 KB each), not with their
    pairs."""

    embedder: Embedder
    vectors: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    encoded: int = 0
    """How many texts went through the model, for checking that nothing is encoded twice."""
    expected: list[str] = field(default_factory=list, repr=False)
    """Texts a stage will ask for later (`expect`), encoded with the next texts that go through the model."""

    @classmethod
    def seeded(cls, embedder: Embedder, known: SentenceVectors) -> Encoder:
        """An encoder for one story's linking that already knows the story's sentence vectors (a clause that is
        a whole sentence is not encoded again). One per story rather than one per run: a story's clauses and
        phrases are never compared with another story's, and a run-wide cache held every clause of every story
        until the run ended, memory that grew with the whole input."""
        return cls(embedder, dict(zip((ref.text for ref in known.refs), known.vectors, strict=True)))

    def learn(self, texts: list[str], vectors: np.ndarray) -> None:
        """Vectors of `texts` made by the same model elsewhere (a parse worker encodes what it parses:
        `made_alike`)."""
        self.vectors.update(zip(texts, vectors, strict=True))

    def expect(self, texts: list[str]) -> None:
        """Texts the caller knows a later stage will ask for: encoded in the next call of the model, with the texts
        that call encodes, rather than in a call of their own. The int8 model runs texts of one token count
        together, so a call of a few texts costs two to four times more a token than one of many (a story's
        quotes, clauses and counted nouns in one call instead of four or five, `QuantizedMiniLM.encode`); only
        texts sure to be asked for are expected, so none is encoded in vain."""
        self.expected += texts

    def __call__(self, texts: list[str]) -> np.ndarray:
        asked, self.expected = [*texts, *self.expected], []
        missing = [text for text in dict.fromkeys(asked) if text not in self.vectors]
        if missing:
            self.vectors.update(zip(missing, embed_texts(self.embedder, missing), strict=True))
            self.encoded += len(missing)
        if not texts:
            return embed_texts(self.embedder, [])
        return np.stack([self.vectors[text] for text in texts])


def on_cores(embedder: Embedder, cores: int) -> Embedder:
    """The embedder using `cores` cores where that leaves every vector as it is: the int8 model runs that many
    runs of texts at once (a text's vector is the one it gets alone); torch's threads would split its sums
    otherwise, and the static model's look-ups are too cheap to share."""
    return embedder.on_threads(cores) if isinstance(embedder, QuantizedMiniLM) else embedder


def made_alike(embedder: Embedder, name: str) -> bool:
    """Whether the model another process loads by `name` (`nlp.models.load_embedder`) makes bit for bit the
    vectors `embedder` makes here: the int8 model quantises each text's activations on their own, so a vector is
    a function of its text wherever and with whatever it is run; the full model's depend on their batch and need
    torch, and the static model's cost too little to move."""
    return name == "minilm-int8" and isinstance(embedder, QuantizedMiniLM)


def embed_texts(embedder: Embedder, texts: list[str]) -> np.ndarray:
    if isinstance(embedder, QuantizedMiniLM | StaticMiniLM):
        return embedder.encode(texts)
    return encode_full(embedder, texts)


def embed_sentences(analyzed: list[AnalyzedArticle], encoder: Encoder | Embedder) -> SentenceVectors:
    """Given an `Encoder`, the sentences' vectors stay in its cache for the clauses that are whole sentences; a
    bare model is wrapped in a fresh one (`Encoder.seeded` then gives each story's linking its sentences)."""
    encode = encoder if isinstance(encoder, Encoder) else Encoder(encoder)
    refs = [ref for item in analyzed for ref in item.sentences]
    return SentenceVectors(refs=refs, vectors=encode([ref.text for ref in refs]))
