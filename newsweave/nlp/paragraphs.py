"""A spaCy component that starts a sentence after every line break, never inside an opening dateline, and
within every run of more than `max_sentence_tokens` tokens that holds no sentence-final punctuation.

Cleaned articles keep one paragraph per line; headlines and subheads have no final period, so the parser
alone glues them to the next paragraph's first sentence ("Seoul seeks talks Kim's scheduled appearance...").
A dateline ("TIRANA (Reuters) - A quake ...") is part of its first sentence, which the parser may otherwise
split after the dash. The parser keeps boundaries that are already set, so it still splits elsewhere.

A text with no sentence punctuation and no line breaks (a crawl's flattened page, a transcript) would be one
"sentence" of every token: several later rules read a token's whole sentence for each token, so their time
grew with the square of the text and one such article stalled a run for minutes and gigabytes. Cutting such
runs into bounded pieces keeps every per-sentence rule's cost bounded; real sentences are far shorter than the
bound (`ParseSettings.max_sentence_tokens`), so normal text is never cut.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc, Token

from newsweave.clean.dateline import opening_dateline
from newsweave.settings import ParseSettings

DATELINE_CHARS_MAX = 120
SENTENCE_FINAL = frozenset(Sentencizer.default_punct_chars)
"""spaCy's sentence-final marks of many scripts: a run that holds one may end a sentence there (the parser
decides), so only runs without any are cut."""


@Language.factory(
    "paragraph_boundaries", default_config={"max_sentence_tokens": ParseSettings().max_sentence_tokens}
)
def make_paragraph_boundaries(nlp: Language, name: str, max_sentence_tokens: int) -> ParagraphBoundaries:
    return ParagraphBoundaries(max_sentence_tokens)


class ParagraphBoundaries:
    def __init__(self, max_sentence_tokens: int) -> None:
        self.max_sentence_tokens = max_sentence_tokens

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text  # built from the tokens on every access: read once, not once per paragraph
        opens_paragraph = True
        unbroken = 0  # tokens of the current run, this one included: since a line break, mark or forced start
        for token in doc:
            if opens_paragraph and not token.is_space:
                _join_dateline(doc, text, token)
            unbroken = 0 if token.text in SENTENCE_FINAL else 1 if opens_paragraph else unbroken + 1
            opens_paragraph = "\n" in token.whitespace_ or (token.is_space and "\n" in token.text)
            if token.i + 1 < len(doc) and (opens_paragraph or unbroken >= self.max_sentence_tokens):
                doc[token.i + 1].is_sent_start = True
                unbroken = 0
        return doc


def _join_dateline(doc: Doc, text: str, first: Token) -> None:
    """No sentence starts between a paragraph's opening dateline and the words it introduces."""
    found = opening_dateline(text[first.idx : first.idx + DATELINE_CHARS_MAX])
    if found is None:
        return
    end = first.idx + found.end()
    for token in doc[first.i + 1 :]:
        if token.idx > end:
            break
        token.is_sent_start = False
