"""Atomic claims of one article: its sentences split into clauses, each with the structure needed to tell
"the same fact in other words" from "a different fact about the same thing" (entities, numbers, dates)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from newsweave.link.claim_text import inside, quoted_spans, year_of
from newsweave.link.entities import EntityResolution
from newsweave.models import AnalyzedArticle, DateValue, SentenceRef
from newsweave.nlp.timex import TimeExpression

MIN_WORDS = 5
"""Fewer words than this is a headline fragment or page furniture, not a checkable claim."""
QUOTE_SHARE = 0.5
"""A clause at least this much inside quotation marks reports someone's words: a quote, not a fact."""
SPLIT_DEPS = {"conj", "advcl"}
"""Dependents of a clause head that start an atomic claim of their own when they have their own subject."""
ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
NUMBER_LABELS = {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}
HEDGES = {"could", "might", "may", "should", "would", "probably", "perhaps", "possibly", "arguably",
          "apparently", "seemingly", "seem", "appear", "suggest", "believe", "think", "feel"}
"""Markers of a hedged or evaluative statement (opinion), as lower-cased words or lemmas."""
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "dozen": 12, "hundred": 100,
                "thousand": 1e3, "million": 1e6, "billion": 1e9, "once": 1, "twice": 2, "thrice": 3}
APPROXIMATE = {"some", "about", "around", "nearly", "almost", "roughly", "approximately", "over", "more",
               "than", "at", "least", "up", "to", "less", "fewer", "under", "estimated", "~"}
NUMBER_TOLERANCE = 0.25
"""Approximate numbers ("some 26", "nearly 30") agree when within this relative distance."""
REPEAT_WORDS = {"once", "twice", "thrice"}
"""Number words that count occurrences ("met twice" = met two times)."""
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass(frozen=True)
class Number:
    """A stated quantity and what it counts (the lemma of the counted noun, `time` for repetitions)."""

    value: float
    unit: str
    text: str
    approximate: bool

    def label(self) -> str:
        return f"{self.value:g} {self.unit}"


@dataclass
class AtomicClaim:
    """One clause of one article that states one thing, with its structure."""

    article: str
    sentence: SentenceRef
    start: int
    end: int
    text: str
    kind: str
    entities: set[str] = field(default_factory=set)
    persons: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    numbers: list[Number] = field(default_factory=list)
    times: list[DateValue] = field(default_factory=list)
    speaker: str | None = None
    tokens: list[Token] = field(default_factory=list, repr=False)

    @property
    def years(self) -> set[int]:
        return {year for value in self.times if (year := year_of(value)) is not None}

    def lemmas(self) -> set[str]:
        return {t.lemma_.lower() for t in self.tokens if t.is_alpha and not t.is_stop}


def article_claims(
    item: AnalyzedArticle, resolution: EntityResolution, times: list[TimeExpression]
) -> list[AtomicClaim]:
    claims: list[AtomicClaim] = []
    quotes = quoted_spans(item.article.text)
    for ref in item.sentences:
        span = item.doc.char_span(ref.start, ref.end, alignment_mode="expand")
        if span is None:
            continue
        for tokens in clauses(span):
            claim = _claim(item, ref, span, tokens, quotes, resolution, times)
            if claim is not None:
                claims.append(claim)
    return claims


def clauses(sentence: Span) -> list[list[Token]]:
    """Tokens of each atomic clause: a coordinated or subordinate clause with its own subject is cut out of
    the clause it hangs on ("X met Y, and he visited Z" -> two claims)."""
    heads = [sentence.root]
    for token in sentence:
        if token.dep_ in SPLIT_DEPS and token.pos_ in {"VERB", "AUX"} and _has_subject(token):
            heads.append(token)
    head_set = set(heads)
    result = []
    for head in heads:
        tokens = [t for t in head.subtree if _clause_head(t, head_set) is head and t.i < sentence.end]
        while tokens and (tokens[0].is_punct or tokens[0].dep_ in {"cc", "mark"}):
            tokens.pop(0)
        while tokens and tokens[-1].is_punct and tokens[-1].text not in {"”", '"', "."}:
            tokens.pop()
        if tokens:
            result.append(tokens)
    return result


def _has_subject(token: Token) -> bool:
    return any(child.dep_ in {"nsubj", "nsubjpass", "expl"} for child in token.children)


def _clause_head(token: Token, heads: set[Token]) -> Token:
    while token not in heads and token.head is not token:
        token = token.head
    return token


def _claim(
    item: AnalyzedArticle,
    ref: SentenceRef,
    sentence: Span,
    tokens: list[Token],
    quotes: list[tuple[int, int]],
    resolution: EntityResolution,
    times: list[TimeExpression],
) -> AtomicClaim | None:
    if sum(t.is_alpha for t in tokens) < MIN_WORDS or not any(t.pos_ in {"VERB", "AUX"} for t in tokens):
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    text = " ".join(_spaced(tokens)).strip()
    in_quotes = sum(len(t) for t in tokens if inside(t.idx, quotes) or t.text in {"“", "”", '"'})
    kind = "quote" if in_quotes >= QUOTE_SHARE * sum(len(t) for t in tokens) else _fact_or_opinion(tokens)
    token_ids = {t.i for t in tokens}
    ents = [e for e in sentence.ents if any(t.i in token_ids for t in e)]
    claim = AtomicClaim(article=item.article.id, sentence=ref, start=start, end=end, text=text, kind=kind,
                        tokens=tokens)
    for ent in ents:
        if ent.label_ in ENTITY_LABELS:
            key = resolution.entity_at(item.article.id, ent.start_char, ent.end_char) or _name_key(ent.text)
            claim.entities.add(key)
            if ent.label_ == "PERSON":
                claim.persons.add(key)
            if ent.label_ in {"GPE", "LOC"}:
                claim.places.add(key)
    claim.numbers = numbers(tokens, ents)
    claim.times = _times(start, end, times, ents)
    claim.speaker = _speaker(sentence, quotes, resolution, item.article.id) if kind == "quote" else None
    return claim


def _spaced(tokens: list[Token]) -> list[str]:
    """Token texts re-joined with their original spacing (a clause may skip tokens of its sentence)."""
    out, previous = [], None
    for token in tokens:
        if previous is not None and previous.i + 1 == token.i and not previous.whitespace_:
            out[-1] += token.text
        else:
            out.append(token.text)
        previous = token
    return out


def _fact_or_opinion(tokens: list[Token]) -> str:
    for token in tokens:
        if token.lower_ in HEDGES or token.lemma_.lower() in HEDGES:
            return "opinion"
        if token.lower_ == "i" and token.dep_ == "nsubj":
            return "opinion"
    return "fact"


def _name_key(text: str) -> str:
    return re.sub(r"^(the)\s+|['’]s$", "", text.strip().lower())


def numbers(tokens: list[Token], ents: list[Span]) -> list[Number]:
    """Quantities stated in the clause; years and other dates are times, not numbers."""
    dated = {t.i for e in ents if e.label_ in {"DATE", "TIME", "ORDINAL"} for t in e}
    counted = {t.i for e in ents if e.label_ in NUMBER_LABELS for t in e}
    result = []
    for token in tokens:
        if token.i in dated or not (token.like_num or token.lower_ in NUMBER_WORDS or token.i in counted):
            continue
        value = number_value(token)
        if value is None or (token.dep_ == "compound" and token.head.like_num):
            continue
        if token.head.like_num and token.head.i != token.i and token.dep_ in {"nummod", "quantmod"}:
            continue
        unit = "time" if token.lower_ in REPEAT_WORDS else _unit(token)
        if not unit:
            continue
        multiplier = [number_value(c) for c in token.children if c.dep_ == "compound" and c.like_num]
        approximate = any(c.lower_ in APPROXIMATE for c in token.children)
        total = value * (multiplier[0] if multiplier and multiplier[0] else 1)
        result.append(Number(value=total, unit=unit, text=token.text, approximate=approximate))
    return result


def number_value(token: Token) -> float | None:
    text = token.lower_.replace(",", "")
    if text in NUMBER_WORDS:
        return float(NUMBER_WORDS[text])
    try:
        return float(text)
    except ValueError:
        return None


def _unit(token: Token) -> str:
    """What a number counts: the noun it modifies ("15 dead" -> dead, "five times" -> time)."""
    head = token.head
    if token.dep_ in {"nummod", "quantmod"} and head.pos_ in {"NOUN", "PROPN", "ADJ"}:
        return head.lemma_.lower()
    if token.dep_ in {"nsubj", "dobj", "pobj", "attr", "appos"}:
        of = [c for c in token.children if c.lower_ == "of"]
        objects = [g for o in of for g in o.children if g.dep_ == "pobj"]
        return objects[0].lemma_.lower() if objects else ""
    return ""


def _times(start: int, end: int, times: list[TimeExpression], ents: list[Span]) -> list[DateValue]:
    """Normalized dates from the time-expression stage, or the years the clause names when it has none."""
    found: list[DateValue] = [t.value for t in times if t.value is not None and start <= t.start < end]
    if found:
        return found
    years = {m.group(1) for e in ents if e.label_ == "DATE" for m in YEAR.finditer(e.text)}
    return sorted(years)


def _speaker(sentence: Span, quotes: list[tuple[int, int]], resolution: EntityResolution, article: str) -> str | None:
    """The person named outside the quotation marks of the sentence: who the quoted words are given to."""
    for ent in sentence.ents:
        if ent.label_ == "PERSON" and not inside(ent.start_char, quotes):
            return resolution.entity_at(article, ent.start_char, ent.end_char) or _name_key(ent.text)
    return None


def differing_numbers(a: AtomicClaim, b: AtomicClaim) -> list[tuple[str, str, bool]]:
    """(text in a, text in b, both approximate-and-close) for each unit both count with different values."""
    result = []
    for x in a.numbers:
        same_unit = [y for y in b.numbers if y.unit == x.unit]
        if not same_unit or any(y.value == x.value for y in same_unit):
            continue
        y = same_unit[0]
        close = abs(x.value - y.value) <= NUMBER_TOLERANCE * max(x.value, y.value)
        if (x.approximate or y.approximate) and close:
            continue
        result.append((x.text, y.text, close))
    return result
