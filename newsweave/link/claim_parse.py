"""Atomic claims of one article: its sentences split into clauses, each with the structure needed to tell
"the same fact in other words" from "a different fact about the same thing" (entities, numbers, dates)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from math import inf

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Span, Token

from newsweave.dates import DateValue
from newsweave.link.claim_text import Embed, inside, quoted_spans, year_of
from newsweave.link.entities import EntityResolution
from newsweave.models import AnalyzedArticle, Claim, SentenceRef
from newsweave.nlp.timex import TimeExpression

MIN_WORDS = 4
"""Fewer words than this is a headline fragment or page furniture, not a checkable claim."""
QUOTE_SHARE = 0.5
"""A clause at least this much inside quotation marks reports someone's words: a quote, not a fact."""
SPLIT_DEPS = {"conj", "advcl"}
"""Dependents of a clause head that may start an atomic claim of their own (see `_is_predicate`)."""
CONCESSIVE = {"though", "although", "whereas"}
CONDITIONS = {"if", "unless"}
"""Subordinators of a condition: a clause that holds only if another one does is not stated as a fact."""
COMMITMENTS = {"pledge", "promise", "vow", "threaten", "guarantee", "warn"}
"""Verbs whose condition is part of what was committed to ("pledging support if either is attacked"): the
commitment itself is a fact."""
CLAUSE_BREAKS = {":", ";"}
NEGATORS = {"nor", "neither", "not", "never", "no"}
"""Leading words that are not trimmed off a clause: they reverse it ("Nor have they held drills")."""
CLOSING_QUOTES = {"”", '"', "’"}
DASHES = {"—", "–", "-", "--"}
DATELINE_TOKENS = 12
"""A dateline or kicker ends with a dash within this many tokens of the sentence start ("WASHINGTON, D.C.,
Sept 3 (Reuters) -" is ten)."""
ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
NUMBER_LABELS = {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}
MEASURE_LABELS = {"QUANTITY", "MONEY", "PERCENT"}
"""Figures in units of measure: euros are never dollars and metres never miles, however alike the words."""
HEDGES = {"could", "might", "may", "should", "probably", "perhaps", "possibly", "arguably",
          "apparently", "seemingly", "suggest", "believe", "think", "feel"}
"""Markers of a hedged or evaluative statement (opinion), as lower-cased words or lemmas. Not "would": in
news it is mostly reported future ("said he would attend"); "I would say" is caught by the first person."""
REPORTING_VERBS = {"say", "tell", "report", "state", "add", "accord", "announce", "claim", "note"}
LINKING_HEDGES = {"seem", "appear"}
"""Hedges only as linking verbs ("appeared to shift", "seems likely"), not "appeared at the UN"."""
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "dozen": 12, "hundred": 100,
                "thousand": 1e3, "million": 1e6, "billion": 1e9, "once": 1, "twice": 2, "thrice": 3}
BOUNDS = {
    "~": ("some", "about", "around", "nearly", "almost", "roughly", "approximately", "estimated", "an estimated"),
    ">=": ("at least", "more than", "over", "upwards of", "in excess of", "no fewer than"),
    "<=": ("up to", "less than", "fewer than", "under", "at most", "no more than"),
}
"""How the words before a figure qualify it: approximately, at least, at most (else exactly, "=")."""
BOUND_VERBS = {">=": ("exceed", "surpass", "top", "pass"), "<=": ("short", "below")}
"""Verbs (and "short of") whose object is a bound: "could exceed €100 million" is at least that."""
APPROXIMATE_SHARE = 0.1
"""An approximate figure stands for the values within one rounding step of it as written ("about 380": 370-390,
"about 3,400": 3,300-3,500), but never for more than this share of it ("about 300": 270-330)."""
UNIT_ALIKE = 0.7
"""Similarity of "the number of <noun>" for two nouns counting the same thing (MiniLM: aircraft/planes 0.86,
ships/vessels 0.72, spectators/crowd 0.82, troops/soldiers 0.91; apart: euros/dollars 0.67, children/students
0.55, soldiers/firefighters 0.53, spectators/players 0.61). Measures never match this way (`MEASURE_LABELS`)."""
EVENT_DATE_DAYS = 31
"""A date of at most this many days (a day, a week, a month) pins down when something happened; two such dates
that do not overlap cannot be one event."""
REPEAT_WORDS = {"once", "twice", "thrice"}
"""Number words that count occurrences ("met twice" = met two times)."""
SPACE_BEFORE_PUNCT = re.compile(r"[\s,;]+([.,;:!?])")
"""Left over where a cut-out clause stood: "leaned toward Russia , ." -> "leaned toward Russia."."""
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass(frozen=True)
class Number:
    """A stated quantity and what it counts (the lemma of the counted noun, `time` for repetitions)."""

    value: float
    unit: str
    text: str
    bound: str = "="
    """"=" exactly, "~" approximately, ">=" at least, "<=" at most: see `BOUNDS`."""
    step: float = 1.0
    """The rounding step of the figure as written: 100 for "3,400", 0.1 million for "2.1 million"."""
    noun: str = ""
    """The counted noun as written ("vessels"), empty for a measure: what `unit_kinds` compares across wordings."""
    kind: str = ""
    """The noun shared by the wordings of one counted thing in the story ("ships" for "vessels"), see
    `unit_kinds`; empty when no other noun of the story counts the same thing."""

    def label(self) -> str:
        return f"{self.value:g} {self.unit}"

    def counts_same(self, other: Number) -> bool:
        return self.unit == other.unit or bool(self.kind and self.kind == other.kind)

    def interval(self) -> tuple[float, float]:
        """The values the figure allows, given its bound (see `APPROXIMATE_SHARE`)."""
        if self.bound == ">=":
            return self.value, inf
        if self.bound == "<=":
            return -inf, self.value
        spread = min(self.step, APPROXIMATE_SHARE * self.value) if self.bound == "~" else 0.0
        return self.value - spread, self.value + spread


@dataclass(frozen=True)
class EventDate:
    """A date of what a clause reports, with the words of what happened then (see `_event_dates`)."""

    expression: TimeExpression
    event: str
    """The verb with the core of its subject and object: "The council agreed buy the port"."""
    common: str
    """The same without proper nouns ("midfielder suspended"): outlets name one person or body differently."""
    actors: frozenset[str]
    """Lower-cased words of who did it (the active subject), empty when the clause does not say."""


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
    """Resolved entity ids (names when unresolved), for the dossier."""
    names: set[str] = field(default_factory=set)
    """Lower-cased names as written, for comparing clauses whether or not entities were resolved."""
    persons: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    numbers: list[Number] = field(default_factory=list)
    times: list[DateValue] = field(default_factory=list)
    event_dates: list[EventDate] = field(default_factory=list)
    """Day, week or month dates of what the clause reports (see `_event_dates`), not of what it mentions."""
    speaker: str | None = None
    tokens: list[Token] = field(default_factory=list, repr=False)

    @property
    def years(self) -> set[int]:
        return {year for value in self.times if (year := year_of(value)) is not None}

    def nouns(self) -> set[str]:
        return {t.lemma_.lower() for t in self.tokens if t.pos_ in {"NOUN", "PROPN"} and not t.is_stop}

    def content_words(self) -> set[str]:
        """Lemmas of common nouns and main verbs, minus reporting verbs: what the clause says happened."""
        return {
            t.lemma_.lower()
            for t in self.tokens
            if t.pos_ in {"NOUN", "VERB"} and not t.is_stop and t.lemma_.lower() not in REPORTING_VERBS
        }

    @property
    def negative(self) -> bool:
        """Negated ("has not confirmed", "is yet to confirm", "never met"): the opposite polarity."""
        return any(
            t.dep_ == "neg" or t.lower_ in {"nor", "neither"} or (t.lower_ in {"yet", "never"} and t.dep_ == "advmod")
            for t in self.tokens
        )


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
    """Tokens of each atomic clause: a coordinated or subordinate clause with its own subject, or a verb
    phrase with its own object, is cut out of the clause it hangs on ("X met Y, and he visited Z", "Kim drew
    closer to Russia, signing a treaty and sending troops" -> one claim each); a cut-out verb phrase without
    a subject borrows the subject of the clause it hangs on."""
    heads = [sentence.root] + [
        t for t in sentence if (t.dep_ in SPLIT_DEPS and _is_predicate(t)) or _after_clause_break(t)
    ]
    head_ids = {h.i for h in heads}
    dateline = _dateline(sentence)
    result = []
    for head in heads:
        tokens = [
            t for t in head.subtree
            if _clause_head(t, head_ids) == head.i and t.i < sentence.end and t.i not in dateline
        ]
        while tokens and _leading_filler(tokens[0], head):
            tokens.pop(0)
        while tokens and (tokens[-1].dep_ == "cc" or tokens[-1].is_punct and tokens[-1].text not in CLOSING_QUOTES):
            tokens.pop()
        if tokens and head != sentence.root and not _has_subject(head) and not _misparsed_subject(tokens, head):
            borrowed = [t for t in _borrowed_subject(head) if t.i not in dateline]
            tokens = sorted({*borrowed, *tokens}, key=lambda t: t.i)
        if tokens:
            result.append(tokens)
    return result


def _misparsed_subject(tokens: list[Token], head: Token) -> bool:
    """A noun before the verb of a cut-out clause is its subject even when the parser says otherwise ("after
    the city court yesterday threw out the ban", the court taken as the object of "after"), so the
    clause borrows none."""
    return any(t.pos_ in {"NOUN", "PROPN", "PRON"} and t.i < head.i for t in tokens)


def _leading_filler(token: Token, head: Token) -> bool:
    """Punctuation, a conjunction, or the clause's own subordinator ("Though ...") left at its start when it
    was cut out. The subordinator of a clause inside it stays: "If the deal goes ahead, ..." is a condition,
    "When the river rose, ..." a time."""
    if token.lower_ in NEGATORS:
        return False
    return token.is_punct or token.dep_ == "cc" or (token.dep_ == "mark" and token.head.i == head.i)


def _dateline(sentence: Span) -> set[int]:
    """Token indexes of a dateline or kicker opening the sentence ("SEOUL, South Korea —", "BRUSSELS, Oct 21
    (Wire) -", "MILITARY PARADE –"): names, numbers and punctuation up to a spaced dash, with a word in
    capitals or a parenthesis among them (so "Kim Jong Un — the leader — ..." keeps its subject). The parser
    often makes it the subject of the sentence, so it is dropped from every clause, borrowed subjects too."""
    tokens = list(sentence[:DATELINE_TOKENS])
    for k, token in enumerate(tokens):
        if token.text in DASHES and k and tokens[k - 1].whitespace_:
            head = tokens[:k]
            names = all(t.is_punct or t.like_num or t.text[:1].isupper() for t in head)
            marked = any(t.text == "(" or (t.is_upper and len(t.text) > 1) for t in head)
            return {t.i for t in tokens[: k + 1]} if names and marked else set()
    return set()


def _after_clause_break(token: Token) -> bool:
    """A verb with its own subject set off by a colon or semicolon from the word it hangs on ("the deal is
    alive again: the offer still stands"): a clause of its own, which the parser often attaches to a
    word of the clause across the colon. Words a colon introduces after a reporting verb ("He said: ...")
    stay with it."""
    if token.pos_ not in {"VERB", "AUX"} or token.dep_ == "ROOT" or not _has_subject(token):
        return False
    head = token.head
    if head.i < token.i:
        between = token.doc[head.i + 1 : token.left_edge.i] if token.dep_ != "ccomp" else []
    else:
        between = token.doc[token.right_edge.i + 1 : head.i]
    return any(t.text in CLAUSE_BREAKS for t in between)


def _is_predicate(token: Token) -> bool:
    """A clause of its own: coordinated with a subject, concessive ("Though X is yet to confirm, ..."), or a
    finite or free participial verb phrase with an object (", signing a treaty"). Infinitives ("to aid X"),
    bound participles and time or cause clauses ("when fire tore through the warehouse") stay with their
    clause: they carry its context."""
    if token.pos_ not in {"VERB", "AUX"}:
        return False
    if token.dep_ == "advcl" and _has_subject(token):
        return any(c.lower_ in CONCESSIVE for c in token.children if c.dep_ == "mark")
    if _has_subject(token):
        return True
    after_comma = token.i > 0 and token.doc[token.i - 1].text == ","
    free = token.tag_ in {"VBD", "VBZ", "VBP"} or (token.tag_ == "VBG" and after_comma)
    return free and any(c.dep_ in {"dobj", "attr"} for c in token.children)


def _borrowed_subject(head: Token) -> list[Token]:
    """The subject of the clause the verb phrase hangs on; a free participle after a comma ("..., after a
    quake hit the town, leaving six dead") takes the subject of the clause just before it instead."""
    if head.tag_ == "VBG" and head.i > 0 and head.doc[head.i - 1].text == ",":
        for verb in reversed(head.doc[head.sent.start : head.i - 1]):
            subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"} and c.tag_ not in {"WDT", "WP"}]
            if verb.pos_ in {"VERB", "AUX"} and subjects:
                return list(subjects[0].subtree)
    governor = head.head
    while governor.head.i != governor.i and not _has_subject(governor):
        governor = governor.head
    subjects = [c for c in governor.children if c.dep_ in {"nsubj", "nsubjpass"}]
    return list(subjects[0].subtree) if subjects else []


def _has_subject(token: Token) -> bool:
    return any(child.dep_ in {"nsubj", "nsubjpass", "expl"} for child in token.children)


def _clause_head(token: Token, heads: set[int]) -> int:
    while token.i not in heads and token.head.i != token.i:
        token = token.head
    return token.i


def _claim(
    item: AnalyzedArticle,
    ref: SentenceRef,
    sentence: Span,
    tokens: list[Token],
    quotes: list[tuple[int, int]],
    resolution: EntityResolution,
    times: list[TimeExpression],
) -> AtomicClaim | None:
    if sum(t.is_alpha or t.like_num for t in tokens) < MIN_WORDS or not any(t.pos_ in {"VERB", "AUX"} for t in tokens):
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    text = SPACE_BEFORE_PUNCT.sub(r"\1", " ".join(_spaced(tokens))).strip(" ,;")
    in_quotes = sum(len(t) for t in tokens if inside(t.idx, quotes) or t.text in {"“", "”", '"'})
    if in_quotes >= QUOTE_SHARE * sum(len(t) for t in tokens):
        kind = "quote"
    else:
        kind = "conditional" if _conditional(tokens) else _fact_or_opinion(tokens)
    token_ids = {t.i for t in tokens}
    ents = [e for e in sentence.ents if any(t.i in token_ids for t in e)]
    claim = AtomicClaim(article=item.article.id, sentence=ref, start=start, end=end, text=text, kind=kind,
                        tokens=tokens)
    for ent in ents:
        if ent.label_ in ENTITY_LABELS:
            name = _name_key(ent.text)
            claim.entities.add(resolution.entity_at(item.article.id, ent.start_char, ent.end_char) or name)
            claim.names.add(name)
            if ent.label_ == "PERSON":
                claim.persons.add(name)
            if ent.label_ in {"GPE", "LOC"}:
                claim.places.add(name)
    claim.numbers = numbers(tokens, ents)
    spans = [(t.idx, t.idx + len(t)) for t in tokens]
    stated = [t for t in times if t.value is not None and t.part == "body" and inside(t.start, spans)]
    claim.times = _times(stated, ents)
    claim.event_dates = _event_dates(tokens, stated)
    claim.speaker = _speaker(sentence, quotes) if kind == "quote" else None
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


def _conditional(tokens: list[Token]) -> bool:
    """A condition on the clause's own verb ("If the deal goes ahead, they would run 380 ships"), not on what
    it commits to (see `COMMITMENTS`) or on words it reports ("told investors the bank had no other plan if regulators blocked the deal")."""
    ids = {t.i for t in tokens}
    heads = {t.i for t in tokens if not any(a.i in ids for a in t.ancestors)}
    return any(
        t.lower_ in CONDITIONS and t.dep_ == "mark" and t.head.dep_ == "advcl" and t.head.head.i in heads
        and t.head.head.lemma_.lower() not in COMMITMENTS
        for t in tokens
    )


def _fact_or_opinion(tokens: list[Token]) -> str:
    for token in tokens:
        lemma = token.lemma_.lower()
        if lemma in LINKING_HEDGES:
            if any(c.dep_ in {"xcomp", "acomp", "attr"} for c in token.children):
                return "opinion"
        elif (token.lower_ in HEDGES or lemma in HEDGES) and token.pos_ != "PROPN":  # not the month of May
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
        noun = None if token.lower_ in REPEAT_WORDS else _unit_token(token)
        unit = "time" if token.lower_ in REPEAT_WORDS else _unit(noun)
        if not unit:
            continue
        figures = [c for c in token.children if c.dep_ == "compound" and c.like_num and number_value(c)]
        figure, scale = (figures[0], value) if figures else (token, 1.0)
        measure = token.ent_type_ in MEASURE_LABELS or unit == "time" or not unit.isalpha()
        result.append(Number(
            value=(number_value(figure) or 0.0) * scale,
            unit=unit,
            text=_figure_text(token),
            bound=_bound(token),
            step=_step(figure) * scale,
            noun="" if measure or noun is None else noun.lower_,
        ))
    return result


def _step(figure: Token) -> float:
    """The rounding step of a figure as written: 100 for "3,400", 0.1 for "2.1", 1 for "26" or "five"; a
    number word of a hundred or more is a round figure of itself ("a thousand")."""
    text = figure.lower_.replace(",", "")
    if text in NUMBER_WORDS:
        return NUMBER_WORDS[text] if NUMBER_WORDS[text] >= 100 else 1.0
    whole, _, decimals = text.partition(".")
    if decimals:
        return 10.0 ** -len(decimals)
    return 10.0 ** (len(whole) - len(whole.rstrip("0"))) if whole.strip("0") else 1.0


def unit_kinds(atoms: list[AtomicClaim], embed: Embed) -> None:
    """Sets `Number.kind` so that nouns counting the same thing in other words ("150 aircraft" / "190 planes",
    "27,500 spectators" / "a crowd of 31,000") are compared as one unit: nouns whose "the number of <noun>"
    embeddings are within `UNIT_ALIKE`, never two nouns that one clause counts side by side ("600
    firefighters and 250 soldiers": the story itself says they differ)."""
    nouns = sorted({n.noun for a in atoms for n in a.numbers if n.noun})
    if len(nouns) < 2:
        return
    apart = {frozenset((x.noun, y.noun)) for a in atoms for x in a.numbers for y in a.numbers if x.unit != y.unit}
    vectors = embed([f"the number of {noun}" for noun in nouns])
    similarity = vectors @ vectors.T
    group = {noun: {noun} for noun in nouns}
    pairs = np.argwhere(np.triu(similarity >= UNIT_ALIKE, k=1)).tolist()
    for i, j in sorted(pairs, key=lambda pair: -similarity[pair[0], pair[1]]):
        merged = group[nouns[i]] | group[nouns[j]]
        if group[nouns[i]] is group[nouns[j]] or any(frozenset((x, y)) in apart for x in merged for y in merged):
            continue
        for noun in merged:
            group[noun] = merged
    kind = {noun: min(members) for noun, members in group.items() if len(members) > 1}
    for atom in atoms:
        atom.numbers = [replace(n, kind=kind.get(n.noun, "")) for n in atom.numbers]


def shared_entities(a: AtomicClaim, b: AtomicClaim, persons_only: bool = False) -> int:
    """Entities of `a` also named by `b`: the same resolved entity, or names sharing a word ("Kim" ~ "Kim
    Jong Un", "Slovakia" ~ "Slovakian"), which also works when entity resolution found nothing."""
    x, y = (a.persons, b.persons) if persons_only else (a.names, b.names)
    y_words = {w for key in y for w in key.split()}
    by_name = sum(1 for key in x if any(_same_word(w, v) for w in key.split() for v in y_words))
    return by_name if persons_only else max(by_name, len(a.entities & b.entities))


def _same_word(x: str, y: str) -> bool:
    """Equal, or one a prefix of the other of 5 letters or more ("korea"/"korean", "slovakia"/"slovakian")."""
    shorter, longer = sorted((x, y), key=len)
    return x == y or (len(shorter) >= 5 and longer.startswith(shorter))


def superlative_scope(claim: AtomicClaim) -> frozenset[str]:
    """What a "first"/"only" ranks within: the words around its noun ("international", "to China")."""
    for token in claim.tokens:
        if token.lower_ in {"first", "only", "sole"} and token.head.pos_ == "NOUN":
            noun = token.head
            words = {c.lemma_.lower() for c in noun.children if c.dep_ in {"amod", "compound"}}
            places = {g.lemma_.lower() for p in noun.children if p.dep_ == "prep" for g in p.children}
            return frozenset((words | places) - {"first", "only", "sole", "known"})
    return frozenset()


def _bound(number: Token) -> str:
    """From the words before the figure, without its digits or currency ("about 2.1 million", "at least €300"),
    or the verb it is the object of ("could exceed €100 million", "fell short of 300")."""
    before = " ".join(t.lower_ for t in number.subtree if t.i < number.i and not (t.like_num or t.is_currency))
    worded = next((bound for bound, phrases in BOUNDS.items() if before in phrases), "=")
    counted = number.head if number.dep_ in {"nummod", "compound", "quantmod"} else number
    if worded != "=" or counted.dep_ not in {"dobj", "pobj"}:
        return worded
    governor = counted.head.head if counted.dep_ == "pobj" else counted.head
    return next((bound for bound, verbs in BOUND_VERBS.items() if governor.lemma_.lower() in verbs), "=")


def _figure_text(number: Token) -> str:
    """The figure as written with its qualifier ("at least 45")."""
    tokens = [t for t in number.subtree if t.i <= number.i]
    return number.doc[tokens[0].i : number.i + 1].text if tokens else number.text


def agree(x: Number, y: Number) -> bool:
    """Whether two figures of one unit can both be true: the values they allow overlap ("at least 18" and
    "29"; "about 3,400" and "3,450"; not "about 3,400" and "4,300"), see `Number.interval`."""
    return gap(x, y) <= 0


def gap(x: Number, y: Number) -> float:
    """How far apart the values two figures allow are (0 or less: they overlap)."""
    (x_low, x_high), (y_low, y_high) = x.interval(), y.interval()
    return max(x_low, y_low) - min(x_high, y_high)


def number_value(token: Token) -> float | None:
    text = token.lower_.replace(",", "")
    if text in NUMBER_WORDS:
        return float(NUMBER_WORDS[text])
    try:
        return float(text)
    except ValueError:
        return None


def _unit(counted: Token | None) -> str:
    """The lemma of what a number counts (see `_unit_token`), a currency as written; nothing for a pronoun
    ("2,900 of them")."""
    if counted is None or counted.pos_ == "PRON":
        return ""
    return counted.text if counted.is_currency else counted.lemma_.lower()


def _unit_token(token: Token) -> Token | None:
    """What a number counts: the noun it modifies ("15 dead", "the 2 billion euro deal" -> euro), its
    currency ("€300 million"), the noun of "N of <noun>" or "<noun> of N" ("a crowd of 41,200"), or the noun
    a verb sets to it."""
    currency = [c for c in (*token.children, token.head) if c.is_currency]
    if currency:
        return currency[0]
    head = token.head
    if token.dep_ in {"nummod", "quantmod"} and head.pos_ in {"NOUN", "PROPN", "ADJ"}:
        after = token.doc[token.i + 1] if token.i + 1 < head.i else None
        return after if after is not None and after.dep_ == "compound" and after.head == head else head
    if token.dep_ in {"nsubj", "dobj", "pobj", "attr", "appos"}:
        of = [c for c in token.children if c.lower_ == "of"]
        objects = [g for o in of for g in o.children if g.dep_ == "pobj"]
        if objects:
            return objects[0]
    if token.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
        return head.head
    return _measured_by_verb(token) if token.dep_ == "pobj" else None


def _measured_by_verb(token: Token) -> Token | None:
    """A figure a verb moves or sets its noun to ("the death toll rose to 29", "put the toll at 31"): it
    counts that noun, the object when there is one."""
    preposition = token.head
    verb = preposition.head
    if preposition.dep_ != "prep" or preposition.lower_ not in {"to", "at"} or verb.pos_ not in {"VERB", "AUX"}:
        return None
    nouns = {c.dep_: c for c in verb.children if c.pos_ == "NOUN"}
    return nouns.get("dobj") or nouns.get("nsubjpass") or nouns.get("nsubj")


def _times(stated: list[TimeExpression], ents: list[Span]) -> list[DateValue]:
    """Normalized dates from the time-expression stage, or the years the clause names when it has none."""
    if stated:
        return [t.value for t in stated]
    years = {m.group(1) for e in ents if e.label_ == "DATE" for m in YEAR.finditer(e.text)}
    return sorted(years)


def _event_dates(tokens: list[Token], stated: list[TimeExpression]) -> list[EventDate]:
    """The dates of what the clause reports: a day, week or month attached to one of its main verbs
    ("suspended on Wednesday", "an offer first made in July 2025"). Not a date attached to a noun ("Sunday's
    final", "the floods of November 1994"), to a subordinate clause ("since the rain began on Thursday") or to
    the verb reporting the clause ("said on Monday that ..."): those date something the clause only mentions,
    or the telling."""
    doc = tokens[0].doc
    ids = {t.i for t in tokens}
    result = []
    for expression in stated:
        span = doc.char_span(expression.start, expression.end, alignment_mode="expand")
        if span is None or not _pins_down(expression):
            continue
        verb = _governor(span.root)
        if verb.i in ids and verb.pos_ in {"VERB", "AUX"} and _main_event(verb, ids):
            result.append(_event(expression, verb))
    return result


def _main_event(verb: Token, ids: set[int]) -> bool:
    if verb.lemma_.lower() == "say" or any(c.dep_ == "ccomp" for c in verb.children):
        return False
    path = [verb, *(a for a in verb.ancestors if a.i in ids)]
    return not any(t.dep_ == "advcl" and any(c.dep_ == "mark" for c in t.children) for t in path)


def _event(expression: TimeExpression, verb: Token) -> EventDate:
    """What happened on the date: the verb with the core of its subject and object, through "agreed to <verb>"
    and onto the noun a participle describes ("the council's offer, first made in May")."""
    verbs = [verb]
    while verbs[-1].dep_ == "xcomp" and verbs[-1].head.i != verbs[-1].i:
        verbs.append(verbs[-1].head)
    core = [c for v in verbs for c in v.children if c.dep_ in {"nsubj", "nsubjpass", "dobj"}]
    if verb.dep_ in {"acl", "relcl"}:
        core.append(verb.head)
    words = sorted({t for noun in core for t in _noun_words(noun)} | set(verbs), key=lambda t: t.i)
    actors = {t.lower_ for v in verbs for c in v.children if c.dep_ == "nsubj" for t in _noun_words(c)}
    return EventDate(
        expression=expression,
        event=" ".join(t.text for t in words),
        common=" ".join(t.text for t in words if t.pos_ != "PROPN"),
        actors=frozenset(w for w in actors if w.isalpha() and w not in STOP_WORDS),
    )


def _noun_words(noun: Token) -> list[Token]:
    return [t for t in noun.doc[noun.left_edge.i : noun.i + 1] if not t.is_punct]


def _pins_down(expression: TimeExpression) -> bool:
    if expression.type not in {"date", "weekday", "relative"} or not expression.days or expression.approximate:
        return False
    first, last = (date.fromisoformat(day) for day in expression.days)
    return (last - first).days < EVENT_DATE_DAYS


def _governor(token: Token) -> Token:
    """The word a time expression qualifies, across its preposition ("on" of "on Wednesday")."""
    head = token.head
    while head.pos_ == "ADP" and head.head.i != head.i:
        head = head.head
    return head


def dates_apart(a: AtomicClaim, b: AtomicClaim) -> list[tuple[EventDate, EventDate]]:
    """The pairs of dates that put what `a` and `b` report on different days or months; none when a date of
    one overlaps a date of the other."""
    pairs = [(x, y) for x in a.event_dates for y in b.event_dates]
    if any(_overlap(x.expression, y.expression) for x, y in pairs):
        return []
    return pairs


def _overlap(x: TimeExpression, y: TimeExpression) -> bool:
    return bool(x.days and y.days and x.days[0] <= y.days[1] and y.days[0] <= x.days[1])


def _speaker(sentence: Span, quotes: list[tuple[int, int]]) -> str | None:
    """The person named outside the quotation marks of the sentence: who the quoted words are given to."""
    for ent in sentence.ents:
        if ent.label_ == "PERSON" and not inside(ent.start_char, quotes):
            return ent.text
    return None


def same_name(x: str, y: str) -> bool:
    """Whether two names may be one ("Delury" / "John Delury"): a shared word, see `_same_word`."""
    return any(_same_word(v, w) for v in _name_key(x).split() for w in _name_key(y).split())


def differing_numbers(a: AtomicClaim, b: AtomicClaim) -> list[tuple[Number, Number]]:
    """The figures of `a` that no figure of the same unit in `b` agrees with (see `agree`), each with the
    closest of those figures of `b`."""
    result = []
    for x in a.numbers:
        same_unit = [y for y in b.numbers if x.counts_same(y)]
        if same_unit and not any(agree(x, y) for y in same_unit):
            result.append((x, min(same_unit, key=lambda y: gap(x, y))))
    return result


@dataclass
class ClaimGroup:
    """The clauses of several articles that state one claim, and the claim built from them."""

    claim: Claim
    members: list[AtomicClaim]
    rows: list[int]
