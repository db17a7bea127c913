"""A spaCy component that starts a sentence after every line break, and never inside an opening dateline.

Cleaned articles keep one paragraph per line; headlines and subheads have no final period, so the parser
alone glues them to the next paragraph's first sentence ("Seoul seeks talks Kim's scheduled appearance...").
A dateline ("TIRANA (Reuters) - A quake ...") is part of its first sentence, which the parser may otherwise
split after the dash. The parser keeps boundaries that are already set, so it still splits elsewhere.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from newsweave.clean.dateline import opening_dateline

DATELINE_CHARS_MAX = 120


@Language.component("paragraph_boundaries")
def paragraph_boundaries(doc: Doc) -> Doc:
    opens_paragraph = True
    for token in doc:
        if opens_paragraph and not token.is_space:
            _join_dateline(doc, token)
        opens_paragraph = "\n" in token.whitespace_ or (token.is_space and "\n" in token.text)
        if token.i + 1 < len(doc) and opens_paragraph:
            doc[token.i + 1].is_sent_start = True
    return doc


def _join_dateline(doc: Doc, first: Token) -> None:
    """No sentence starts between a paragraph's opening dateline and the words it introduces."""
    found = opening_dateline(doc.text[first.idx : first.idx + DATELINE_CHARS_MAX])
    if found is None:
        return
    end = first.idx + found.end()
    for token in doc[first.i + 1 :]:
        if token.idx > end:
            break
        token.is_sent_start = False
