"""A spaCy component that starts a sentence after every line break.

Cleaned articles keep one paragraph per line; headlines and subheads have no final period, so the parser
alone glues them to the next paragraph's first sentence ("Seoul seeks talks Kim's scheduled appearance...").
The parser keeps boundaries that are already set, so it still splits inside paragraphs.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("paragraph_boundaries")
def paragraph_boundaries(doc: Doc) -> Doc:
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
            token.is_sent_start = True
    return doc
