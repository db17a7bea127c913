"""A Doc sent between processes (`parse_worker.doc_bytes`, `doc_from_bytes`) comes back as spaCy's own
`Doc.to_bytes`/`Doc.from_bytes` would rebuild it, into a vocabulary that knows none of its strings."""

from __future__ import annotations

import numpy as np
import spacy
from spacy.tokens import Doc, Span

from newsweave.nlp.parse_worker import doc_bytes, doc_from_bytes

ATTRS = ("ORTH", "SPACY", "NORM", "LOWER", "TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "SENT_START", "ENT_IOB",
         "ENT_TYPE", "ENT_KB_ID", "ENT_ID", "IDX")
TEXTS = [
    "Dr. Ilse Marrow of the Tavish Institute said on 3 May that the dam wasn't safe.\n\nResidents left Orlen.",
    "",
    " \n ",
    "Zorbly grumfs vastled the quintar: 12,500 of them, 40% more than in 2019?",
]


def described(doc: Doc) -> tuple:
    return (
        doc.text,
        doc.to_array(ATTRS).tolist(),
        [(t.tag_, t.lemma_, str(t.morph), t.dep_, t.norm_, t.ent_type_) for t in doc],
        [(e.start, e.end, e.label_) for e in doc.ents],
        [s.start for s in doc.sents] if doc.has_annotation("SENT_START") else None,
        {name: [(s.start, s.end, s.label_) for s in group] for name, group in doc.spans.items()},
        doc.cats,
        doc.tensor.shape,
    )


def test_a_doc_comes_back_as_spacy_would_rebuild_it(nlp) -> None:
    docs = list(nlp.pipe(TEXTS))
    docs[0].spans["made_up"] = [Span(docs[0], 1, 3, label="PERSONISH")]
    docs[0].cats = {"flood": 0.25}
    for doc in docs:
        doc.tensor = np.zeros((0, 0), dtype="float32")
        here = spacy.blank("en")
        expected = Doc(spacy.blank("en").vocab).from_bytes(doc.to_bytes(exclude=["tensor", "user_data"]))
        rebuilt = doc_from_bytes(doc_bytes(doc), here)
        assert described(rebuilt) == described(expected)
        assert rebuilt.vocab is here.vocab
    assert described(doc_from_bytes(doc_bytes(docs[0]), spacy.blank("en")))[3]  # the entities did travel
