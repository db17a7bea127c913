"""The stand-ins for the attribute ruler and the lemmatizer (`nlp.fastpipes`) give every token exactly the
attributes the model's own components give it (bench/parse_identity.py checks the same on every dev text)."""

from __future__ import annotations

import numpy as np
import pytest
import spacy

from newsweave.nlp.fastpipes import MemoLemmatizer, TableAttributeRuler
from newsweave.nlp.models import load_spacy

COMPARED = ("ORTH", "NORM", "TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "SENT_START", "ENT_IOB", "ENT_TYPE")

TEXTS = [
    (
        "Harbour officials in Velmora said on Tuesday that the ferry hadn't left, and there were 40 people aboard.\n"
        "\"We ain't got nothin' to add,\" a spokeswoman said.  She gets calls daily; y'all got one yesterday.\n\n"
        "THE QUAYS REOPEN\nThe council's third vote -- passed 7-2 -- reopens the quays."
    ),
    "",
    "   \n\t ",
    "Prices rose 3.5% to $1,200 (up from $1,150) in 2025, the best, better and worst of years?!",
]


@pytest.fixture(scope="module")
def stock():
    return load_spacy(stand_ins=False)


def test_stand_ins_are_in_place(nlp) -> None:
    assert isinstance(nlp.get_pipe("attribute_ruler"), TableAttributeRuler)
    assert isinstance(nlp.get_pipe("lemmatizer"), MemoLemmatizer)


def test_same_token_attributes_as_the_model(nlp, stock) -> None:
    for fast_doc, stock_doc in zip(nlp.pipe(TEXTS), stock.pipe(TEXTS), strict=True):
        assert len(fast_doc) == len(stock_doc)
        assert np.array_equal(fast_doc.to_array(COMPARED), stock_doc.to_array(COMPARED)), stock_doc.text
        assert [t.lemma_ for t in fast_doc] == [t.lemma_ for t in stock_doc]
        assert [str(t.morph) for t in fast_doc] == [str(t.morph) for t in stock_doc]


def test_same_attributes_for_patterns_the_table_cannot_hold() -> None:
    """Rules of several tokens, an index from the end, operators, regular expressions and later rules overriding
    earlier ones, on a made-up ruler: the stand-in gives what spaCy's own ruler gives."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "quay"}]], {"POS": "NOUN", "LEMMA": "quay"})
    ruler.add([[{"LOWER": {"IN": ["quay", "pier"]}}]], {"POS": "PROPN"})
    ruler.add([[{"LOWER": {"REGEX": "^ha+rbou?r$"}}]], {"TAG": "HARB"})
    ruler.add([[{"LOWER": "the"}, {"IS_ALPHA": True, "OP": "+"}, {"ORTH": "."}]], {"MORPH": "Definite=Def"}, index=-2)
    ruler.add([[{"ORTH": "-"}, {"ORTH": "-"}]], {"POS": "PUNCT", "MORPH": "PunctType=Dash"}, index=1)
    ruler.add([[{"TEXT": {"NOT_IN": ["the", "."]}, "LENGTH": {">=": 5}}]], {"LEMMA": "long"})
    texts = ["The quay by the harbour and the pier -- the harbor.", "quay Quay QUAY haarbr the long long pier ."]
    fast = TableAttributeRuler(ruler)
    attrs = ("POS", "TAG", "MORPH", "LEMMA")
    for text in texts:
        expected = ruler(nlp.make_doc(text)).to_array(attrs)
        assert np.array_equal(fast(nlp.make_doc(text)).to_array(attrs), expected)
        assert expected[:, 0].any()  # the rules did set something
