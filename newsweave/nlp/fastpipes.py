"""Exact, cheaper stand-ins for the attribute ruler and the lemmatizer of a loaded spaCy pipeline, built from that
pipeline's own patterns and tables: together they cost a fifth of a parse (2.4 of 12.3 CPU-s on 200 articles).

The attribute ruler runs a Matcher of every pattern at every token. Nearly all of its patterns are single
tokens, whose match depends only on the few attributes they read; `TableAttributeRuler` matches each distinct
combination of those values once (on the first token that has it) and remembers the result, and leaves only
the other patterns (several tokens, operators, extensions) to a Matcher. The lemmatizer walks the Doc token by
token in Python; `MemoLemmatizer` asks the loaded lemmatizer once per (text, part of speech, morphology), the key
its own rule lemmatizer caches by, and writes the lemmas as one array. Both read and write token attributes as
arrays. bench/parse_identity.py compares every token attribute of both pipelines on the dev texts.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
from spacy.attrs import DEP, IDS, LEMMA, MORPH, ORTH, POS, SENT_START, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

WRITTEN = frozenset({POS, TAG, MORPH, LEMMA, DEP})
"""Attributes the ruler may set that live on the token alone: spaCy's ruler also writes each attribute it sets to
the word's vocabulary entry, which only lexical attributes have, so a ruler setting any other is left as it is."""
UNREADABLE = frozenset({SENT_START})
"""Attributes the Matcher reads otherwise than `Doc.to_array` does (a sentence start is a truth value there)."""
MEMBERSHIP = frozenset({"IN", "NOT_IN"})
"""Predicates that only ask whether a value is one of those named: all other values answer alike."""
LEMMATIZER_MODES = frozenset({"rule", "lookup", "pos_lookup"})
"""spaCy's own lemmatizer modes: each reads a token's text, part of speech and morphology and nothing else."""
INDEX_TABLE = "lemma_index"
"""The rule lemmatizer's known words by part of speech, loaded as lists: it asks whether each form its rules make
is among them, a scan of up to 57k words per form, which made the lemmas of 9k new words cost 2.3 CPU-s. Made
sets in the lemmatizer the stand-in takes over (it asks nothing else of them)."""


def use_fast_pipes(nlp: Language) -> None:
    """Put the stand-ins in place of the pipeline's "attribute_ruler" and "lemmatizer", under the same names; a
    component they cannot reproduce exactly (an attribute they do not write, a custom lemmatizer mode) stays."""
    for name, factory, fits in (
        ("attribute_ruler", "table_attribute_ruler", _ruler_fits),
        ("lemmatizer", "memo_lemmatizer", _lemmatizer_fits),
    ):
        if name in nlp.pipe_names and fits(nlp.get_pipe(name)):
            nlp.add_pipe(factory, name=f"{name}_fast", after=name)
            nlp.remove_pipe(name)
            nlp.rename_pipe(f"{name}_fast", name)


def _ruler_fits(ruler: Any) -> bool:
    return isinstance(ruler, AttributeRuler) and all(set(attrs) <= WRITTEN for attrs in ruler.attrs)


def _lemmatizer_fits(lemmatizer: Any) -> bool:
    return isinstance(lemmatizer, Lemmatizer) and lemmatizer.mode in LEMMATIZER_MODES


@Language.factory("table_attribute_ruler")
def make_table_attribute_ruler(nlp: Language, name: str) -> TableAttributeRuler:
    return TableAttributeRuler(nlp.get_pipe("attribute_ruler"))


@Language.factory("memo_lemmatizer")
def make_memo_lemmatizer(nlp: Language, name: str) -> MemoLemmatizer:
    return MemoLemmatizer(nlp, nlp.get_pipe("lemmatizer"))


class TableAttributeRuler:
    """spaCy's `AttributeRuler.__call__`: every match of the rules, applied in the order of the rules (a later
    rule's attribute wins), the token at the rule's index given the rule's attributes."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.vocab = ruler.vocab
        self.rules: list[dict[int, int]] = list(ruler.attrs)
        self.indices: list[int] = list(ruler.indices)
        self.tabled = Matcher(self.vocab)
        self.other = Matcher(self.vocab)
        named: dict[int, set[int]] = {}  # attribute -> the values the tabled patterns name
        for rule, index in enumerate(self.indices):
            for pattern in ruler.matcher.get(str(rule))[1]:
                reads = _tabled_reads(pattern, index)
                (self.other if reads is None else self.tabled).add(str(rule), [pattern])
                for attr, values in (reads or {}).items():
                    named.setdefault(attr, set()).update(values)
        self.reads = sorted(named)
        self.named = [np.array(sorted(named[attr]), dtype=np.uint64) for attr in self.reads]
        self.writes = sorted({attr for attrs in self.rules for attr in attrs})
        self.memo: dict[bytes, tuple[int, ...]] = {}
        """The rules whose single-token patterns match a token, by the values (`_keys`) they read of it."""

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc) or not self.writes:
            return doc
        keys = self._keys(doc)
        unique, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
        matched = [self._tabled_matches(doc, key, int(i)) for key, i in zip(unique, first, strict=True)]
        values = doc.to_array(self.writes)
        table, given = self._applied(matched)
        rows = inverse.reshape(-1)
        values = np.where(given[rows], table[rows], values)
        for i, rules in self._other_matches(doc).items():
            token_table, token_given = self._applied([tuple(sorted({*matched[rows[i]], *rules}))])
            values[i] = np.where(token_given[0], token_table[0], values[i])
        doc.from_array(self.writes, values)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        return (self(doc) for doc in docs)

    def _keys(self, doc: Doc) -> np.ndarray:
        """What the tabled patterns can tell apart of each token: for each attribute they read, which of the values
        they name the token has (its position among them, plus one), or none of them (0)."""
        read = doc.to_array(self.reads).reshape(len(doc), len(self.reads))
        keys = np.zeros_like(read)
        for column, named in enumerate(self.named):
            if len(named):
                at = np.searchsorted(named, read[:, column]).clip(max=len(named) - 1)
                keys[:, column] = np.where(named[at] == read[:, column], at + 1, 0)
        return keys

    def _tabled_matches(self, doc: Doc, key: np.ndarray, i: int) -> tuple[int, ...]:
        """The rules whose single-token patterns match token i, the first token with this key."""
        memo_key = key.tobytes()
        rules = self.memo.get(memo_key)
        if rules is None:
            found = self.tabled(doc[i : i + 1], allow_missing=True, as_spans=False)
            rules = self.memo[memo_key] = tuple(sorted({int(self.vocab.strings[m]) for m, _, _ in found}))
        return rules

    def _other_matches(self, doc: Doc) -> dict[int, set[int]]:
        """The rules of the other patterns, by the token they set (the token at the rule's index in the match)."""
        targets: dict[int, set[int]] = {}
        for match_id, start, end in self.other(doc, allow_missing=True, as_spans=False):
            rule = int(self.vocab.strings[match_id])
            targets.setdefault(Span(doc, start, end)[self.indices[rule]].i, set()).add(rule)
        return targets

    def _applied(self, matched: list[tuple[int, ...]]) -> tuple[np.ndarray, np.ndarray]:
        """For each list of rules, the value each written attribute ends with, and whether any rule set it."""
        table = np.zeros((len(matched), len(self.writes)), dtype=np.uint64)
        given = np.zeros((len(matched), len(self.writes)), dtype=bool)
        for row, rules in enumerate(matched):
            for rule in rules:
                for attr, value in self.rules[rule].items():
                    column = self.writes.index(attr)
                    table[row, column], given[row, column] = value, True
        return table, given


def _tabled_reads(pattern: list[dict[Any, Any]], index: int) -> dict[int, set[int]] | None:
    """For a pattern of one token that sets that token and tests it only by equality or membership, the values it
    names of each attribute it reads; None for any other pattern (several tokens, an operator, an extension, a
    regular expression...)."""
    if len(pattern) != 1 or index not in (0, -1):
        return None
    reads: dict[int, set[int]] = {}
    for key, value in pattern[0].items():
        attr = _attr_id(key)
        named = None if attr is None or attr in UNREADABLE else _named_values(attr, value)
        if named is None:
            return None
        reads[attr] = named
    return reads


def _attr_id(key: Any) -> int | None:
    """The attribute a pattern key reads, as the Matcher resolves it (None for operators and extensions)."""
    if isinstance(key, int):
        return key
    name = str(key).upper()
    if name in ("_", "OP"):
        return None
    return IDS.get({"TEXT": "ORTH", "IS_SENT_START": "SENT_START"}.get(name, name))


def _named_values(attr: int, value: Any) -> set[int] | None:
    """The values an equality or membership test names, as the Matcher stores them; None for other tests and for
    attributes whose values it stores otherwise (morphology is normalised, the entity tag is an index)."""
    if attr in (MORPH, IDS["ENT_IOB"]):
        return None
    if isinstance(value, bool):
        return {int(value)}
    if isinstance(value, (int, str)):
        return {get_string_id(value)}
    if isinstance(value, dict) and value and set(value) <= MEMBERSHIP:
        named = [v for values in value.values() for v in values]
        if all(isinstance(v, (int, str)) and not isinstance(v, bool) for v in named):
            return {get_string_id(v) for v in named}
    return None


class MemoLemmatizer:
    """spaCy's `Lemmatizer.__call__`: each token without a lemma (every token when the lemmatizer overwrites) gets
    the first lemma the loaded lemmatizer gives it."""

    def __init__(self, nlp: Language, lemmatizer: Lemmatizer) -> None:
        lemmatizer(nlp.make_doc(""))  # checks its tables as its first call would: a missing one fails at load
        if lemmatizer.lookups.has_table(INDEX_TABLE):
            index = lemmatizer.lookups.get_table(INDEX_TABLE)
            for pos, words in list(index.items()):
                index[pos] = frozenset(words)
        self.lemmatizer = lemmatizer
        self.vocab = nlp.vocab
        self.memo: dict[tuple[int, int, int], int] = {}
        """Lemma by (text, part of speech, morphology): all the lemmatizer reads of a token."""

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        values = doc.to_array([ORTH, POS, MORPH, LEMMA])
        todo = np.arange(len(doc)) if self.lemmatizer.overwrite else np.flatnonzero(values[:, 3] == 0)
        if not len(todo):
            return doc
        unique, first, inverse = np.unique(values[todo, :3], axis=0, return_index=True, return_inverse=True)
        lemmas = np.array(
            [self._lemma(doc, tuple(int(v) for v in key), int(todo[i])) for key, i in zip(unique, first, strict=True)],
            dtype=np.uint64,
        )
        values[todo, 3] = lemmas[inverse.reshape(-1)]
        doc.from_array([LEMMA], values[:, 3])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        return (self(doc) for doc in docs)

    def _lemma(self, doc: Doc, key: tuple[int, int, int], i: int) -> int:
        lemma = self.memo.get(key)
        if lemma is None:
            lemma = self.memo[key] = self.vocab.strings.add(self.lemmatizer.lemmatize(doc[i])[0])
        return lemma
