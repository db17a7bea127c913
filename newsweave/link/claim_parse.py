"""Atomic claims of one article: its sentences split into clauses, each with the structure needed to tell
"the same fact in other words" from "a different fact about the same thing" (entities, numbers, dates)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import wraps
from math import inf
from typing import Any, TypeVar

import numpy as np
from spacy.tokens import Span, Token

from newsweave.dates import DateRange, DateValue
from newsweave.lang import Resources, resources_of
from newsweave.link.claim_text import inside, quoted_spans
from newsweave.link.entities import EntityResolution
from newsweave.models import AnalyzedArticle, Claim, SentenceRef
from newsweave.nlp.annotate import doc_entities, doc_tokens, span_entities
from newsweave.nlp.embed import Embed
from newsweave.nlp.timex import TimeExpression
from newsweave.settings import ClaimSettings

CLOSING_QUOTES = {"”", '"', "’"}
LIST_BREAKS = {",", ";"}
"""What separates the items of a breakdown list ("73 in Morelos, 45 in Puebla")."""
DASHES = {"—", "–", "-", "--"}
CLAUSE_BREAKS = {":", ";"}
NOUN_PHRASE = {"DET", "ADJ", "NOUN", "PROPN", "NUM"}
"""Universal part-of-speech tags of the words of a noun phrase."""
PREDICATES = {"VERB", "AUX"}
"""Universal part-of-speech tags of the words that may head a clause (`_is_predicate`, `_after_clause_break`):
tested first, most words of a sentence are ruled out without reading their dependency label."""
REPEATED = "time"  # not language
"""The unit of a count of occurrences ("met twice", "three times"): the program's own name for it."""
AGE = "age"  # not language
"""The unit of a person's age ("Harlow, 41"): the program's own name for it."""
BOUND_PHRASES = {"~": "numbers.approximately", ">=": "numbers.at_least", "<=": "numbers.at_most"}
"""How the words before a figure qualify it: approximately, at least, at most (else exactly, "=")."""
BOUND_VERBS = {">=": "numbers.exceeding", "<=": "numbers.short_of"}
"""Words whose object is a bound: "could exceed €100 million" is at least that, "fell short of 300" at most."""
SPACE_BEFORE_PUNCT = re.compile(r"[\s,;]+([.,;:!?])")
"""Left over where a cut-out clause stood: "leaned toward Russia , ." -> "leaned toward Russia."."""


T = TypeVar("T")

Resolve = Callable[[int, int], str | None]
"""The entity id of the text between two character offsets of the article, if the entity resolution knows it."""
PlaceSpan = tuple[str, Span]
"""A place a figure is tied to: its name key and where it is written."""


def has_dep(token: Token, *keys: str) -> bool:
    """Whether the token's dependency label is in one of the label sets `keys` of its document's language (a
    loop rather than `any` over a generator: claims ask this over a million times in a story of 200 articles)."""
    dep, res = token.dep_, resources_of(token.doc)
    for key in keys:
        if dep in res.labels(key):
            return True
    return False


def is_word(token: Token, key: str) -> bool:
    return token.lower_ in resources_of(token.doc).words(key)


def has_lemma(token: Token, key: str) -> bool:
    return token.lemma_.lower() in resources_of(token.doc).words(key)


def words_in(tokens: Sequence[Token], key: str) -> list[Token]:
    """The tokens for which `is_word(token, key)` holds, in order: for the scans of every token of a clause, which
    read the word set once instead of once per token (over a million tests in a run of 200 articles)."""
    words = resources_of(tokens[0].doc).words(key) if tokens else frozenset()
    return [t for t in tokens if t.lower_ in words]


def lemmas_in(tokens: Sequence[Token], key: str) -> list[Token]:
    """The tokens for which `has_lemma(token, key)` holds, in order (see `words_in`)."""
    words = resources_of(tokens[0].doc).words(key) if tokens else frozenset()
    return [t for t in tokens if t.lemma_.lower() in words]


def deps_in(tokens: Sequence[Token], key: str) -> list[Token]:
    """The tokens for which `has_dep(token, key)` holds, in order (see `words_in`)."""
    labels = resources_of(tokens[0].doc).labels(key) if tokens else frozenset()
    return [t for t in tokens if t.dep_ in labels]


@dataclass(frozen=True)
class Number:
    """A stated quantity and what it counts (the lemma of the counted noun, `time` for repetitions)."""

    value: float
    unit: str
    text: str
    bound: str = "="
    """"=" exactly, "~" approximately, ">=" at least, "<=" at most: see `_bound`."""
    spread: float = 0.0
    """How far an approximate figure may be off: one rounding step of it as written ("about 380": 370-390,
    "about 3,400": 3,300-3,500), never more than `ClaimSettings.approximate_share` of it ("about 300": 270-330)."""
    noun: str = ""
    """The counted noun as written ("vessels"), empty for a measure: what `unit_kinds` compares across wordings."""
    kind: str = ""
    """The noun shared by the wordings of one counted thing in the story ("ships" for "vessels"), see
    `unit_kinds`; empty when no other noun of the story counts the same thing."""
    state: str = ""
    """What happened to what is counted, as one of the outcomes of `claims.outcomes` ("dead" for "killed 12",
    "15 died", "the death toll"; "injured", "missing", ...), empty when the words name no such outcome."""
    predicate: str = ""
    """The lemma of the verb saying what happens to what is counted ("force" of "forcing 3,400 people from
    their homes"), empty for a figure no verb governs ("a town of 400,000 people")."""
    generic: bool = False
    """Counts people in general ("people", "the toll", a bare "killed 69"), not a kind of them ("workers")."""
    measured: str = ""
    """What a measure measures: the noun it is of ("a depth of 18 km"), the noun it qualifies ("a 30% premium")
    or the word governing it ("rose 5%", "42 km from"); empty for counts."""
    places: frozenset[str] = frozenset()
    """Lower-cased names of the places the figure is tied to ("92 dead in Jajarkot"): a part, not the whole."""
    holder: str = ""
    """Whose age the figure is ("Harlow, 41", "the 40-year-old suspect"); empty for other figures."""
    cue: str = ""
    """The words that make the figure a step of a running count: a verb moving it ("rose to", "climbed to")
    or a hedge ("feared")."""
    place_ids: frozenset[str] = frozenset()
    """The entity ids of `places` where the story's entity resolution knows them ("Mexico City" and "Mexico"
    are two places although they share a word)."""
    site: str = ""
    """The spot the figure is tied to, not a named place ("25 bodies were found at the school"): a count
    there is part of the whole."""
    increment: bool = False
    """Counts what was added to a count ("Twelve more people were found dead", "another 22"), not the count."""
    part: bool = False
    """Counts a part of a larger count: "184 of the dead", "including 10 soldiers", "among the 12 dead", "in
    Castrel alone", one item of a breakdown ("186 died in the capital, 73 in Morelos"), or (story-wide, see
    `figures.scoped`) a place or a kind of people the story's articles give beside a larger total."""

    def label(self) -> str:
        return f"{self.value:g} {self.unit}"

    def counts_same(self, other: Number) -> bool:
        """Whether the two figures measure one thing: the same counted noun (or nouns counting one thing) or
        unit, never two outcomes ("killed" / "injured"), two measured things ("depth" / "from"), two people's
        ages or two separate places; people in general and a kind of them count the same when the outcome is
        the same ("the toll rose to 15" / "killed 12 workers") unless the kind is a part of the toll. The
        scope must match too: an increment ("12 more") counts nothing another figure counts, a part is only
        compared with the same part (the same place, site and kind of people), a figure at one site only
        with a figure at that site."""
        if bool(self.holder) != bool(other.holder) or (self.holder and not _same_holder(self, other)):
            return False
        if self.increment or other.increment or self.part != other.part or self.site != other.site:
            return False
        if self.part and (bool(self.places) != bool(other.places) or self.generic != other.generic):
            return False
        if self.state and other.state and self.state != other.state:
            return False
        if bool(self.state) != bool(other.state) and not (self.predicate and other.predicate):
            return False  # a count of what happened to people is not a count of who lives somewhere
        if (self.measured and other.measured and self.measured != other.measured) or not _places_agree(self, other):
            return False
        if self.unit == other.unit or bool(self.kind and self.kind == other.kind):
            return True
        return bool(self.state) and self.state == other.state and (self.generic or other.generic)

    def interval(self) -> tuple[float, float]:
        """The values the figure allows, given its bound (see `spread`)."""
        if self.bound == ">=":
            return self.value, inf
        if self.bound == "<=":
            return -inf, self.value
        spread = self.spread if self.bound == "~" else 0.0
        return self.value - spread, self.value + spread


def _same_holder(x: Number, y: Number) -> bool:
    return any(_same_word(v, w) for v in x.holder.split() for w in y.holder.split())


def _places_agree(x: Number, y: Number) -> bool:
    """No two separate places: a figure for one place does not count what a figure for another does. Places
    the entity resolution knows are one place when they are one entity; names alone when they share a word."""
    if not x.places or not y.places:
        return True
    if x.place_ids and y.place_ids:
        return bool(x.place_ids & y.place_ids)
    return any(_same_word(v, w) for a in x.places for b in y.places for v in a.split() for w in b.split())


@dataclass(frozen=True)
class EventDate:
    """A date of what a clause reports, with the words of what happened then (see `_event_dates`)."""

    expression: TimeExpression
    days: DateRange
    event: str
    """The verb with the core of its subject and object: "The council agreed buy the port"."""
    common: str
    """The same without proper nouns ("midfielder suspended"): outlets name one person or body differently."""
    actors: frozenset[str]
    """Lower-cased words of who did it (the active subject), empty when the clause does not say."""


@dataclass(frozen=True, eq=False)
class AtomicClaim:
    """One clause of one article that states one thing, with its structure."""

    article: str
    sentence: SentenceRef
    start: int
    end: int
    text: str
    kind: str
    reported: str = ""
    """The text without the frame attributing it to a source that is no person (see `_reported`): what two
    outlets' clauses of one fact share. Empty when the clause has no such frame."""
    entities: frozenset[str] = frozenset()
    """Resolved entity ids (names when unresolved), for the dossier."""
    names: frozenset[str] = frozenset()
    """Lower-cased names as written, for comparing clauses whether or not entities were resolved."""
    persons: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    numbers: tuple[Number, ...] = ()
    times: tuple[DateValue, ...] = ()
    event_dates: tuple[EventDate, ...] = ()
    """Day, week or month dates of what the clause reports (see `_event_dates`), not of what it mentions."""
    speaker: str | None = None
    tokens: tuple[Token, ...] = field(default=(), repr=False)
    memo: dict[Callable[..., Any], Any] = field(default_factory=dict, init=False, compare=False, repr=False)
    """Properties of the clause computed once (see `per_clause`); not copied by `replace`, which may change
    what they are computed from."""

    @property
    def compared(self) -> str:
        """The text the sameness service compares."""
        return self.reported or self.text

    @property
    def years(self) -> set[int]:
        return _years(self)

    def nouns(self) -> set[str]:
        return _nouns(self)

    @property
    def name_words(self) -> set[str]:
        """The words of the names the clause writes, for matching names across clauses (`shared_entities`)."""
        return _name_words(self)

    @property
    def negative(self) -> bool:
        """Negated ("has not confirmed", "is yet to confirm", "never met"): the opposite polarity."""
        return _negative(self)


def per_clause(function: Callable[[AtomicClaim], T]) -> Callable[[AtomicClaim], T]:
    """A property of one clause, computed on first use and kept on the clause: matching and conflict detection
    ask for it once per pair of clauses, and a story has far more pairs than clauses."""

    @wraps(function)
    def memoized(claim: AtomicClaim) -> T:
        if function not in claim.memo:
            claim.memo[function] = function(claim)
        return claim.memo[function]

    return memoized


@per_clause
def _years(claim: AtomicClaim) -> set[int]:
    return {dates.first.year for value in claim.times if (dates := DateRange.parse(value)) is not None}


@per_clause
def _nouns(claim: AtomicClaim) -> set[str]:
    return {t.lemma_.lower() for t in claim.tokens if t.pos_ in {"NOUN", "PROPN"} and not t.is_stop}


@per_clause
def _name_words(claim: AtomicClaim) -> set[str]:
    return {w for key in claim.names for w in key.split()}


@per_clause
def _negative(claim: AtomicClaim) -> bool:
    return bool(
        deps_in(claim.tokens, "syntax.negation") or words_in(claim.tokens, "claims.negating_words")
        or deps_in(words_in(claim.tokens, "claims.negating_adverbs"), "syntax.adverbial_modifier")
    )


def article_claims(
    item: AnalyzedArticle, resolution: EntityResolution, times: list[TimeExpression], cfg: ClaimSettings
) -> list[AtomicClaim]:
    claims: list[AtomicClaim] = []
    quotes = quoted_spans(item.article.text)
    for ref in item.sentences:
        span = item.doc.char_span(ref.start, ref.end, alignment_mode="expand")
        if span is None:
            continue
        for tokens in clauses(span, cfg):
            claim = _claim(item, ref, span, tokens, quotes, resolution, times, cfg)
            if claim is not None:
                claims.append(claim)
    return claims


def clauses(sentence: Span, cfg: ClaimSettings) -> list[list[Token]]:
    """Tokens of each atomic clause: a coordinated or subordinate clause with its own subject, or a verb
    phrase with its own object, is cut out of the clause it hangs on ("X met Y, and he visited Z", "Kim drew
    closer to Russia, signing a treaty and sending troops" -> one claim each); a cut-out verb phrase without
    a subject borrows the subject of the clause it hangs on."""
    heads = [sentence.root] + [
        t for t in doc_tokens(sentence.doc)[sentence.start : sentence.end]
        if t.pos_ in PREDICATES
        and ((has_dep(t, "syntax.conjunct", "syntax.adverbial_clause") and _is_predicate(t)) or _after_clause_break(t))
    ]
    head_ids = {h.i for h in heads}
    dateline = _dateline(sentence, cfg.dateline_tokens)
    end = sentence.end
    owners: dict[int, int] = {}
    result = []
    for head in heads:
        tokens = [
            t for t in head.subtree
            if t.i < end and t.i not in dateline and _clause_head(t, head_ids, owners) == head.i
        ]
        while tokens and _leading_filler(tokens[0], head):
            tokens.pop(0)
        while tokens and (
            has_dep(tokens[-1], "syntax.coordinator") or tokens[-1].is_punct and tokens[-1].text not in CLOSING_QUOTES
        ):
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
    if is_word(token, "claims.negators"):
        return False
    return token.is_punct or has_dep(token, "syntax.coordinator") or (
        has_dep(token, "syntax.subordinator") and token.head.i == head.i
    )


def _dateline(sentence: Span, within: int) -> set[int]:
    """Token indexes of a dateline or kicker opening the sentence ("SEOUL, South Korea —", "BRUSSELS, Oct 21
    (Wire) -", "MILITARY PARADE –"): names, numbers and punctuation up to a spaced dash, with a word in
    capitals or a parenthesis among them (so "Kim Jong Un — the leader — ..." keeps its subject). The parser
    often makes it the subject of the sentence, so it is dropped from every clause, borrowed subjects too."""
    tokens = doc_tokens(sentence.doc)[sentence.start : min(sentence.end, sentence.start + within)]
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
    if token.pos_ not in PREDICATES or has_dep(token, "syntax.root") or not _has_subject(token):
        return False
    head = token.head
    if head.i < token.i:
        between = token.doc[head.i + 1 : token.left_edge.i] if not has_dep(token, "syntax.content_clause") else []
    else:
        between = token.doc[token.right_edge.i + 1 : head.i]
    return any(t.text in CLAUSE_BREAKS for t in between)


def _is_predicate(token: Token) -> bool:
    """A clause of its own: coordinated with a subject, concessive ("Though X is yet to confirm, ..."), or a
    finite or free participial verb phrase with an object (", signing a treaty"). Infinitives ("to aid X"),
    bound participles and time or cause clauses ("when fire tore through the warehouse") stay with their
    clause: they carry its context."""
    if token.pos_ not in PREDICATES:
        return False
    if has_dep(token, "syntax.adverbial_clause") and _has_subject(token):
        return any(is_word(c, "claims.concessive") for c in token.children if has_dep(c, "syntax.subordinator"))
    if _has_subject(token):
        return True
    after_comma = token.i > 0 and token.doc[token.i - 1].text == ","
    free = _finite(token) or (_participle(token) and after_comma)
    return free and any(has_dep(c, "claims.verb_phrase_object") for c in token.children)


def _finite(token: Token) -> bool:
    return "Fin" in token.morph.get("VerbForm")


def _participle(token: Token) -> bool:
    """A present participle ("signing"), from the morphology every spaCy model gives."""
    return "Part" in token.morph.get("VerbForm") and "Prog" in token.morph.get("Aspect")


def _borrowed_subject(head: Token) -> list[Token]:
    """The subject of the clause the verb phrase hangs on; a free participle after a comma ("..., after a
    quake hit the town, leaving six dead") takes the subject of the clause just before it instead. The parser
    sometimes splits one subject in two ("A magnitude | 6.9 earthquake struck ..."): all of it is taken (see
    `_whole_subject`); it takes a finite verb after its subject for the subject's modifier ("Floods swept through ..., killing
    20", "swept" hanging on "Floods"): the noun it hangs on is its subject."""
    relativisers = resources_of(head.doc).labels("syntax.relativiser_tags")
    if _participle(head) and head.i > 0 and head.doc[head.i - 1].text == ",":
        for verb in reversed(head.doc[head.sent.start : head.i - 1]):
            subjects = [c for c in verb.children if has_dep(c, "syntax.subject") and c.tag_ not in relativisers]
            if verb.pos_ in {"VERB", "AUX"} and subjects:
                return _whole_subject([t for subject in subjects for t in subject.subtree])
            if _finite(verb) and has_dep(verb, "syntax.clause_modifier") and verb.head.i < verb.i:
                return _whole_subject([t for t in verb.head.subtree if t.i < verb.i and t not in verb.subtree])
    governor = head.head
    while governor.head.i != governor.i and not _has_subject(governor):
        governor = governor.head
    return _whole_subject([t for c in governor.children if has_dep(c, "syntax.subject") for t in c.subtree])


def _whole_subject(subject: list[Token]) -> list[Token]:
    """The subject with the words of its noun phrase the parser hung elsewhere ("A magnitude | 6.4 earthquake
    struck"): nouns and their modifiers between it and the start of the sentence or a punctuation mark."""
    if not subject:
        return subject
    doc, first = subject[0].doc, min(t.i for t in subject)
    start = first
    while start > subject[0].sent.start and doc[start - 1].pos_ in NOUN_PHRASE:
        start -= 1
    if start > subject[0].sent.start and not doc[start - 1].is_punct:
        return subject
    return sorted({*doc[start:first], *subject}, key=lambda t: t.i)


def _has_subject(token: Token) -> bool:
    return any(has_dep(child, "syntax.subject", "syntax.expletive") for child in token.children)


def _clause_head(token: Token, heads: set[int], owners: dict[int, int]) -> int:
    """The nearest of `heads` above the token (itself included), else its root. `owners` keeps the answer for
    every token walked through, so a sentence's tokens are walked once rather than once per clause and per
    token below them."""
    path = []
    while token.i not in heads and token.i not in owners:
        head = token.head
        if head.i == token.i:
            break
        path.append(token.i)
        token = head
    owner = owners.get(token.i, token.i)
    for i in (*path, token.i):
        owners[i] = owner
    return owner


def _claim(
    item: AnalyzedArticle,
    ref: SentenceRef,
    sentence: Span,
    tokens: list[Token],
    quotes: list[tuple[int, int]],
    resolution: EntityResolution,
    times: list[TimeExpression],
    cfg: ClaimSettings,
) -> AtomicClaim | None:
    words = sum(t.is_alpha or t.like_num for t in tokens)
    shortest = cfg.min_figure_words if any(t.like_num for t in tokens) else cfg.min_words
    if words < shortest or not any(t.pos_ in {"VERB", "AUX"} for t in tokens):
        return None
    res = resources_of(sentence.doc)
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    text = _joined(tokens)
    content = _reported(tokens, res)
    reported = _joined(content) if len(content) < len(tokens) and sum(t.is_alpha for t in content) >= shortest else ""
    spans = [(t.idx, t.idx + len(t)) for t in tokens]
    first, last = min(s for s, _ in spans), max(e for _, e in spans)  # not `start`, `end`: a clause may reorder
    around = [(s, e) for s, e in quotes if s < last and e > first]  # the quotes a word of the clause may be in
    in_quotes = sum(len(t) for t in tokens if inside(t.idx, around) or t.text in {"“", "”", '"'})
    if in_quotes >= cfg.quote_share * sum(len(t) for t in tokens):
        kind = "quote"
    else:
        kind = "conditional" if _conditional(tokens) else _fact_or_opinion(tokens)
    token_ids = {t.i for t in tokens}
    ents = [e for e in span_entities(sentence) if any(i in token_ids for i in range(e.start, e.end))]
    named = [(ent, _name_key(ent.text, res)) for ent in ents if ent.label_ in res.labels("syntax.name_like")]
    stated = [
        t for t in times
        if t.value is not None and t.part == "body" and first <= t.start < last and inside(t.start, spans)
    ]
    return AtomicClaim(
        article=item.article.id, sentence=ref, start=start, end=end, text=text, kind=kind, reported=reported,
        entities=frozenset(
            resolution.entity_at(item.article.id, ent.start_char, ent.end_char) or name for ent, name in named
        ),
        names=frozenset(name for _, name in named),
        persons=frozenset(name for ent, name in named if ent.label_ in res.labels("syntax.person")),
        places=frozenset(name for ent, name in named if ent.label_ in res.labels("syntax.place")),
        numbers=tuple(numbers(tokens, ents, cfg, lambda start, end: resolution.entity_at(item.article.id, start, end))),
        times=tuple(_times(stated, ents)),
        event_dates=tuple(_event_dates(tokens, stated, cfg.event_date_days)),
        speaker=_speaker(sentence, quotes) if kind == "quote" else None,
        tokens=tuple(tokens),
    )


def _joined(tokens: list[Token]) -> str:
    return SPACE_BEFORE_PUNCT.sub(r"\1", " ".join(_spaced(tokens))).strip(" ,;")


def _reported(tokens: list[Token], res: Resources) -> list[Token]:
    """The clause without a frame attributing it to a source that is no person: "..., officials said", "The
    office said ...", "According to the ministry, ...". Outlets attribute one fact to different sources in
    different words, and the fact is what their clauses share; a person's saying it ("Trump said he hopes
    ...") is part of the claim."""
    ids = {t.i for t in tokens}
    person = res.labels("syntax.person")
    dropped: set[int] = set()
    for verb in lemmas_in(tokens, "speech.verbs"):
        content = [c for c in verb.children if has_dep(c, "syntax.content_clause") and c.i in ids]
        subjects = [c for c in verb.children if has_dep(c, "syntax.subject")]
        if not content or any(t.ent_type_ in person for s in subjects for t in s.subtree):
            continue
        kept = {t.i for c in content for t in c.subtree}
        dropped |= {t.i for t in verb.subtree if t.i not in kept}
    phrases = tuple(p + " " for p in res.phrases("speech.according_to"))
    lowered, longest = [t.lower_ for t in tokens], max(map(len, phrases), default=0)
    initials = {p[:1] for p in phrases}
    for k, token in enumerate(tokens):
        if lowered[k][:1] not in initials:
            continue  # no phrase opens here: the opening starts with this word's first letter
        following = _opening(lowered, k, longest)
        if following.startswith(phrases) and not any(t.ent_type_ in person for t in token.subtree):
            dropped |= {t.i for t in token.subtree}
    kept_tokens = [t for t in tokens if t.i not in dropped]
    while kept_tokens and kept_tokens[0].is_punct:
        kept_tokens.pop(0)
    return kept_tokens


def _opening(words: list[str], k: int, length: int) -> str:
    """The first `length` characters (or more) of `words[k:]` joined by spaces: all a phrase of that length
    needs to be tested against, where joining every clause's tail from every word took time in the square of
    its length."""
    parts: list[str] = []
    size = -1
    for i in range(k, len(words)):
        if size >= length:
            break
        parts.append(words[i])
        size += len(words[i]) + 1
    return " ".join(parts)


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
    it commits to ("claims.commitments") or on words it reports ("told investors the bank had no other plan if
    regulators blocked the deal")."""
    conditions = [
        t for t in words_in(tokens, "claims.conditions")
        if has_dep(t, "syntax.subordinator") and has_dep(t.head, "syntax.adverbial_clause")
    ]
    if not conditions:
        return False  # most clauses: their heads (every token's ancestors) are not needed
    ids = {t.i for t in tokens}
    heads = {t.i for t in tokens if not any(a.i in ids for a in t.ancestors)}
    return any(t.head.head.i in heads and not has_lemma(t.head.head, "claims.commitments") for t in conditions)


def _fact_or_opinion(tokens: list[Token]) -> str:
    """"opinion" for a hedged clause or a writer's first-person view: a linking hedge with its complement ("seems
    likely"), another hedge word, or "I" as the subject."""
    linking = lemmas_in(tokens, "speech.linking_hedges")
    if any(deps_in(list(t.children), "claims.linking_complement") for t in linking):
        return "opinion"
    linked = {t.i for t in linking}
    hedges = [*words_in(tokens, "speech.hedges"), *lemmas_in(tokens, "speech.hedges")]
    if any(t.i not in linked and t.pos_ != "PROPN" for t in hedges):  # a proper noun is no hedge: the month of May
        return "opinion"
    return "opinion" if any(_first_person(t) for t in deps_in(tokens, "syntax.active_subject")) else "fact"


def _first_person(token: Token) -> bool:
    """"I", from the morphology: a writer speaking for themself gives a view, not a reported fact."""
    return token.morph.get("Person") == ["1"] and token.morph.get("Number") == ["Sing"]


def _name_key(text: str, res: Resources) -> str:
    return res.pattern("claims.name_affixes").sub("", text.strip().lower())


def numbers(
    tokens: list[Token], ents: list[Span], cfg: ClaimSettings, resolve: Resolve | None = None
) -> list[Number]:
    """Quantities stated in the clause; years and other dates are times, not numbers. `resolve` gives the
    entity id of a span of the text (the story's entity resolution), so places are compared as entities."""
    if not tokens:
        return []
    res = resources_of(tokens[0].doc)
    dated = {t.i for e in ents if e.label_ in res.labels("syntax.time") | res.labels("syntax.ordinal") for t in e}
    counted = {t.i for e in ents if e.label_ in res.labels("syntax.number") for t in e}
    values = res.table("numbers.values")
    result: list[Number] = []
    heads: list[ListHead] = []
    for token in tokens:
        if not (token.like_num or token.lower_ in values or token.i in counted):
            continue
        value = number_value(token)
        if value is None or (has_dep(token, "syntax.compound") and token.head.like_num):
            continue
        head = _list_head(token, heads, res)
        holder = _age_holder(token)
        if head is not None:
            head.items.append(token)
            result.append(_list_item(token, value, result[head.index], res, cfg, resolve))
        elif holder:
            result.append(Number(value=value, unit=AGE, text=token.text, holder=holder))
        elif token.i not in dated or _mislabelled_count(token, res):
            found = _figure(token, value, res, cfg, resolve)
            if found is not None:
                number, places = found
                if number.state and not number.increment:
                    heads.append(ListHead(token, len(result), places, []))
                result.append(number)
    for head in heads:
        if head.items:
            result[head.index] = _breakdown_head(result[head.index], head, resolve)
    return result


@dataclass
class ListHead:
    """A figure of an outcome that a breakdown list may continue, and the items found continuing it."""

    figure: Token
    index: int
    """Its position in the clause's figures."""
    places: list[PlaceSpan]
    items: list[Token]


def _list_head(token: Token, heads: list[ListHead], res: Resources) -> ListHead | None:
    """The figure a breakdown list item continues ("186 people died in the capital, 73 in Morelos, six in
    Guerrero"): a number set off by a comma or a conjunction and followed by a place, with no other verb than
    the first figure's between them. The items repeat its count for other places."""
    if not heads or token.i == 0 or token.i + 1 >= len(token.doc) or res.pattern("calendar.year").fullmatch(token.text):
        return None
    before, after = token.doc[token.i - 1], token.doc[token.i + 1]
    if not (before.text in LIST_BREAKS or has_dep(before, "syntax.coordinator")):
        return None
    if not is_word(after, "claims.breakdown_prepositions") or not _place_spans(after, res):
        return None
    head = heads[-1]
    own = {a.i for a in head.figure.ancestors}
    if any(t.pos_ == "VERB" and t.i not in own for t in token.doc[head.figure.i + 1 : token.i]):
        return None
    return head


def _list_item(
    token: Token, value: float, head: Number, res: Resources, cfg: ClaimSettings, resolve: Resolve | None
) -> Number:
    """One item of a breakdown list: the head's count for the place that follows the item."""
    return replace(
        head,
        value=value,
        text=_figure_text(token),
        bound=_bound(token),
        spread=min(_step(token), cfg.approximate_share * value),
        cue="",
        part=True,
        **_place_fields(_place_spans(token.doc[token.i + 1], res).items(), resolve),
    )


def _breakdown_head(number: Number, head: ListHead, resolve: Resolve | None) -> Number:
    """The figure opening a breakdown list keeps only the places before the list: with a place of its own it
    is one more item ("186 died in the capital, 73 in ..."), without one it is the total ("The quake killed
    225 people: 94 in the capital, ...")."""
    own = [place for place in head.places if place[1].end <= head.items[0].i]
    if not own:
        return replace(number, places=frozenset(), place_ids=frozenset())
    return replace(number, part=True, **_place_fields(own, resolve))


def _mislabelled_count(token: Token, res: Resources) -> bool:
    """A number the entity tagger took for a date though it counts a noun ("Eleven people remain missing"):
    it modifies a noun that is no unit of time, and is not written like a year."""
    head = token.head
    if not has_dep(token, "claims.count_modifier") or head.pos_ != "NOUN":
        return False
    year = res.pattern("calendar.year").fullmatch(token.text)
    return year is None and head.lower_ not in res.table("calendar.units") and not is_word(head, "calendar.time_nouns")


def _figure(
    token: Token, value: float, res: Resources, cfg: ClaimSettings, resolve: Resolve | None = None
) -> tuple[Number, list[PlaceSpan]] | None:
    """The figure `token` states with what it counts or measures and its scope (places, site, increment,
    part), or None when it counts nothing the clause says (a pronoun's "2,900 of them") or is part of a
    larger figure."""
    if token.head.like_num and token.head.i != token.i and has_dep(token, "claims.figure_modifier"):
        return None
    repeated = is_word(token, "numbers.repetitions")
    noun = None if repeated else _unit_token(token)
    unit = REPEATED if repeated else _unit(noun)
    measure = token.ent_type_ in res.labels("syntax.measure") or unit == REPEATED or (unit and not unit.isalpha())
    of_count = _part_of_figure(token)
    of_group = not of_count and noun is not None and _partitive_of(noun, token)
    anchor = token if noun is None or noun.is_currency or of_count or of_group else noun
    verb, complement = _predicate(anchor)
    whole = None if measure else _whole(anchor, verb, res)
    state = "" if measure else (
        _outcome(anchor, verb, complement, res)
        or (_outcome(noun, None, None, res) if of_group and noun is not None else "")
        or (_outcome(whole, *_predicate(whole), res) if whole is not None else "")
    )
    if not unit and (not state or (noun is not None and noun.pos_ == "PRON")):
        return None
    figure, amount, scale = _amount(token, value)
    places = [] if measure else _figure_places(anchor, res, verb)
    return Number(
        value=amount,
        unit=unit or state,
        text=_figure_text(token),
        bound=_bound(token),
        spread=min(_step(figure) * scale, cfg.approximate_share * amount),
        noun="" if measure or noun is None else noun.lower_,
        state=state,
        predicate=verb.lemma_.lower() if verb is not None else "",
        generic=not measure and (noun is None or _counts_people(noun, res)),
        measured=_measured(anchor) if measure and unit != REPEATED else "",
        cue=_cue(token, verb, complement),
        site="" if measure else _site(anchor, verb, res),
        increment=not measure and _increment(token, noun),
        part=not measure and (of_group or whole is not None or _restricted(token, anchor, verb, places)),
        **_place_fields(places, resolve),
    ), places


def _partitive_of(noun: Token, figure: Token) -> bool:
    """"184 of the dead", "25 of them": the figure counts some of a group named after it."""
    return noun.head.head.i == figure.i and is_word(noun.head, "claims.partitive")


def _whole(anchor: Token, verb: Token | None, res: Resources) -> Token | None:
    """The larger group a figure is said to be part of: "including 10 soldiers" (the noun the inclusion hangs
    on), "were among the 12 people confirmed dead", "those killed include five Romanians" (the subject)."""
    including = anchor.head
    if has_dep(anchor, "syntax.prepositional_object") and has_lemma(including, "claims.part_verbs"):
        return including.head if including.head.pos_ in {"NOUN", "PROPN", "PRON"} else None
    if verb is None:
        return None
    for child in verb.children:
        if has_dep(child, "syntax.preposition") and is_word(child, "claims.part_prepositions") and anchor not in child.subtree:
            return next((g for g in child.children if has_dep(g, "syntax.prepositional_object")), None)
    if has_lemma(verb, "claims.part_verbs") and has_dep(anchor, "syntax.object"):
        return next((c for c in verb.children if has_dep(c, "syntax.subject")), None)
    return None


def _restricted(figure: Token, anchor: Token, verb: Token | None, places: list[PlaceSpan]) -> bool:
    """"more than 100 in the capital alone", "In Castrel alone, 45 people died": a word restricting the figure,
    its verb or its place to one part of the whole."""
    heads = {figure.i, anchor.i, *(t.i for _, span in places for t in span)}
    if verb is not None:
        heads.add(verb.i)
    return any(
        is_word(t, "claims.restrictive") and t.head.i in heads for t in figure.doc[figure.sent.start : figure.sent.end]
    )


def _increment(figure: Token, noun: Token | None) -> bool:
    """"Twelve more people", "another 22", "eight additional bodies": the figure counts what was added, not
    the count. "more than 100" is a bound, not an increment."""
    bounded = _bound(figure) != "="
    words = [c for head in (figure, noun) if head is not None for c in head.children]
    return any(is_word(c, "claims.increments") and not (bounded and c.i < figure.i) for c in words)


def _site(anchor: Token, verb: Token | None, res: Resources) -> str:
    """The spot a count is tied to by a site preposition ("found at the school", "died inside the church"): a
    common noun, not a figure, a time or a named place (those are `places`)."""
    time = res.labels("syntax.time")
    for head in (anchor, verb):
        for child in head.children if head is not None else ():
            if not (has_dep(child, "syntax.preposition") and is_word(child, "claims.site_prepositions")):
                continue
            for spot in child.children:
                if has_dep(spot, "syntax.prepositional_object") and spot.pos_ == "NOUN" and spot.ent_type_ not in time:
                    if not is_word(spot, "calendar.time_nouns") and spot.lower_ not in res.table("calendar.units"):
                        return spot.lemma_.lower()
    return ""


def _amount(token: Token, value: float) -> tuple[Token, float, float]:
    """The figure's value with the number word it multiplies or adds to ("2.1 million": 2.1 x 1e6, step 0.1
    million; "forty-one": 40 + 1), the token holding its digits and the scale of its rounding step."""
    parts = [c for c in token.children if has_dep(c, "syntax.compound") and c.like_num and number_value(c)]
    if not parts:
        return token, value, 1.0
    part = number_value(parts[0]) or 0.0
    if is_word(token, "numbers.multipliers"):
        return parts[0], part * value, value
    return token, part + value, 1.0


def _part_of_figure(token: Token) -> bool:
    """"400 of the 3,400 people evacuated": the figure counts part of what another figure counts, so what it
    says of them is its own verb's, not the description of the whole."""
    objects = [g for p in token.children if is_word(p, "claims.partitive") for g in p.children]
    counted = [c for g in objects for c in g.children if c.like_num and has_dep(c, "claims.count_modifier")]
    return any(g.like_num for g in objects) or bool(counted)


def _predicate(anchor: Token) -> tuple[Token | None, Token | None]:
    """The verb saying what happened to what a figure counts, when that is its subject, object or the object
    of its preposition ("killed 12 workers", "15 workers died", "rose to 120"), and the word it sets them to
    ("were feared dead": "dead"). A noun set beside another ("HELM (Agency) — 41 people were killed", the
    parser's apposition to a dateline) plays that noun's part."""
    while has_dep(anchor, "syntax.apposition") and anchor.head.i != anchor.i:
        anchor = anchor.head
    if has_dep(anchor, "syntax.subject", "syntax.object"):
        verb = anchor.head
    elif has_dep(anchor, "syntax.prepositional_object") and has_dep(anchor.head, "syntax.preposition"):
        verb = anchor.head.head
    else:
        return None, None
    if verb.pos_ not in {"VERB", "AUX"}:
        return None, None
    complements = [c for c in verb.children if has_dep(c, "claims.state_complement")]
    return verb, complements[0] if complements else None


def _outcome_of(token: Token, res: Resources) -> str:
    return res.table("claims.outcomes").get(token.lemma_.lower(), "") or res.table("claims.outcomes").get(
        token.lower_, ""
    )


def _outcome(anchor: Token, verb: Token | None, complement: Token | None, res: Resources) -> str:
    """The outcome a figure counts (see `Number.state`): named by the counted noun or its modifier ("the
    injured", "the death toll", "people killed", "17 people who were still missing"), else by the word its verb
    sets it to ("feared dead"), else by the verb; a container noun ("the number of people killed") says it
    through what it contains."""
    nouns = [anchor, *(c for p in anchor.children if is_word(p, "claims.partitive") for c in p.children)]
    words = [w for noun in nouns for w in (noun, *_described_by(noun))] if has_lemma(anchor, "claims.containers") else (
        [anchor, *_described_by(anchor)]
    )
    objects = [c for c in verb.children if has_dep(c, "syntax.object")] if verb is not None and has_dep(
        anchor, "syntax.subject") else []
    for word in (*words, complement, verb, *objects):
        if word is not None and (outcome := _outcome_of(word, res)):
            return outcome
    return ""


def _described_by(noun: Token) -> list[Token]:
    """The words saying what a noun is or underwent: its modifiers and the verbs (with their complements) of
    the clauses describing it ("death toll", "people killed", "people who were still missing")."""
    found = [c for c in noun.children if has_dep(c, "syntax.compound", "syntax.adjectival_modifier")]
    for clause in (c for c in noun.children if has_dep(c, "syntax.clause_modifier", "syntax.relative_clause")):
        found += [clause, *(c for c in clause.children if has_dep(c, "claims.state_complement"))]
    return found


def _counts_people(noun: Token, res: Resources) -> bool:
    """People in general: "people", "the toll", "the injured", "the number of people killed"."""
    if has_lemma(noun, "claims.containers"):
        contained = [c for p in noun.children if is_word(p, "claims.partitive") for c in p.children]
        return all(_counts_people(c, res) for c in contained)
    return bool(_outcome_of(noun, res)) or has_lemma(noun, "claims.people")


def _measured(anchor: Token) -> str:
    """What a measure measures (see `Number.measured`): the noun of "a <noun> of N" ("a depth of 18 km"), the
    noun it qualifies ("a 30% premium"), the subject of the verb stating it ("turnout was 61 percent", "shares
    rose 8 percent"), else the word it hangs on ("42 km from")."""
    head = anchor.head
    if has_dep(anchor, "syntax.prepositional_object") and is_word(head, "claims.partitive"):
        return head.head.lemma_.lower()
    governor = head.head if has_dep(anchor, "syntax.prepositional_object") and head.head.i != head.i else head
    verb = governor.pos_ in {"VERB", "AUX"}
    subjects = [c for c in governor.children if has_dep(c, "syntax.subject")] if verb else []
    if subjects:
        return subjects[0].lemma_.lower()
    return governor.lemma_.lower() if governor.i != anchor.i else ""


def _figure_places(anchor: Token, res: Resources, verb: Token | None) -> list[PlaceSpan]:
    """The places the figure itself is tied to, with their spans: a place in a phrase of its noun or its verb
    ("92 died in Jajarkot", "Kashmir deaths", "died in the state of Morelos"), not one said of something else
    in the clause."""
    place = res.labels("syntax.place")
    found: dict[str, Span] = {}
    for head in (anchor, verb):
        for child in head.children if head is not None else ():
            if has_dep(child, "syntax.preposition"):
                found.update(_place_spans(child, res))
            if has_dep(child, "syntax.preposition") or (child.ent_type_ in place and child.i < head.i):
                tokens = {t.i for t in child.subtree if t.ent_type_ in place and not _crosses_verb(t, child)}
                found.update(
                    (_name_key(e.text, res), e) for e in doc_entities(anchor.doc)
                    if e.label_ in place and tokens & set(range(e.start, e.end))
                )
    return sorted(found.items(), key=lambda item: item[1].start)


def _place_spans(preposition: Token, res: Resources) -> dict[str, Span]:
    """The place a locative preposition introduces when it is a name, whatever the entity tagger took it for
    ("in Guerrero", "from Araria"), or the name a place noun is "of" ("in the state of Morelos")."""
    if not (is_word(preposition, "entities.locative_prepositions") or is_word(preposition, "claims.breakdown_prepositions")):
        return {}
    found = {}
    unnamed = res.labels("syntax.time") | res.labels("syntax.number")
    for object_ in (c for c in preposition.children if has_dep(c, "syntax.prepositional_object")):
        named = [object_] if object_.pos_ == "PROPN" else [
            g for p in object_.children if is_word(p, "claims.partitive") for g in p.children
            if g.pos_ == "PROPN" and object_.pos_ == "NOUN"
        ] + [g for g in object_.children if g.pos_ == "PROPN" and has_dep(g, "syntax.compound") and g.ent_type_]
        for name in (n for n in named if n.ent_type_ not in unnamed):
            entity = next((e for e in doc_entities(name.doc) if e.start <= name.i < e.end), None)
            first = min(t.i for t in name.subtree if t.pos_ == "PROPN" and t.i <= name.i)
            span = entity if entity is not None else name.doc[first : name.i + 1]
            found[_name_key(span.text, res)] = span
    return found


def _place_fields(places: Iterable[PlaceSpan], resolve: Resolve | None) -> dict[str, frozenset[str]]:
    """`Number.places` and, when the entity resolution knows every one of them, `Number.place_ids`."""
    places = list(places)
    ids = [resolve(span.start_char, span.end_char) for _, span in places] if resolve is not None else []
    known = frozenset(i for i in ids if i)
    return {
        "places": frozenset(key for key, _ in places),
        "place_ids": known if places and len(known) == len({i for i in ids}) and all(ids) else frozenset(),
    }


def _crosses_verb(token: Token, top: Token) -> bool:
    """Whether a verb stands between `token` and `top` in the parse: the place is said of another event."""
    for ancestor in token.ancestors:
        if ancestor.i == top.i:
            return False
        if ancestor.pos_ in {"VERB", "AUX"}:
            return True
    return False


def _cue(figure: Token, verb: Token | None, complement: Token | None) -> str:
    """The words marking a step of a running count (see `Number.cue`), as written: a verb moving it, a hedge,
    or words saying the count is not final ("324 people died so far", "as of Wednesday")."""
    if verb is None:
        return ""
    res = resources_of(figure.doc)
    for child in verb.children:
        words = " ".join(t.lower_ for t in child.subtree)
        running = next((p for p in res.phrases("claims.running_count") if words.startswith(p)), None)
        if running is not None and has_dep(child, "syntax.adverbial_modifier", "syntax.preposition"):
            return running
    if has_lemma(verb, "claims.update_verbs"):
        prepositions = [c for c in verb.children if has_dep(c, "syntax.preposition") and figure in c.subtree]
        if any(not is_word(p, "claims.setting_prepositions") for p in prepositions):
            return ""  # "rose to 59 with 57 more deaths": the 57 is not what rose
        return " ".join([verb.text, *(p.text for p in prepositions)])
    if complement is not None and has_lemma(verb, "claims.tentative"):
        return verb.text
    return ""


def said_to_move(claim: AtomicClaim) -> set[str]:
    """The outcomes whose count the clause says is moving without a figure ("the death toll continued to
    rise", "the toll is expected to climb"): the story itself reads that count as a running one."""
    res = resources_of(claim.tokens[0].doc) if claim.tokens else None
    found = set()
    for token in lemmas_in(claim.tokens, "claims.update_verbs") if res is not None and not claim.negative else ():
        if any(c.like_num for c in token.subtree):
            continue
        governors = [token, token.head] if has_dep(token, "syntax.open_complement") else [token]
        for subject in (c for g in governors for c in g.children if has_dep(c, "syntax.subject")):
            found |= {o for w in (subject, *_described_by(subject)) if (o := _outcome_of(w, res))}
    return found


def _age_holder(token: Token) -> str:
    """Whose age a number is, if it is one: "Harlow, 41," (a number set off by a comma after a person's name,
    not "Xi and Putin—three of the West's rivals"), "the 41-year-old suspect", "a man aged 41"; empty
    otherwise."""
    res = resources_of(token.doc)
    head = token.head
    set_off = token.i > 0 and token.doc[token.i - 1].text == "," and not any(
        is_word(c, "claims.partitive") for c in token.children
    )
    if set_off and has_dep(token, "syntax.apposition") and head.ent_type_ in res.labels("syntax.person"):
        return _holder_name(head, res)
    units = res.table("calendar.units")
    if units.get(head.lower_) == "year" and is_word(head.head, "claims.age_words") and head.head.head.i != head.head.i:
        return _holder_name(head.head.head, res)
    if is_word(head, "claims.age_words") and head.head.i != head.i and head.head.pos_ in {"NOUN", "PROPN"}:
        return _holder_name(head.head, res)
    return ""


def _holder_name(noun: Token, res: Resources) -> str:
    """A person's name for the noun holding an age: the name itself, or a name set beside it ("the suspect,
    John Harlow"); else the noun ("suspect")."""
    person = res.labels("syntax.person")
    for token in (noun, *(c for c in noun.children if has_dep(c, "syntax.apposition", "syntax.compound"))):
        if token.ent_type_ in person:
            entity = next(e for e in doc_entities(token.doc) if e.start <= token.i < e.end)
            return _name_key(entity.text, res)
    return noun.lemma_.lower()


def _step(figure: Token) -> float:
    """The rounding step of a figure as written: 100 for "3,400", 0.1 for "2.1", 1 for "26" or "five"; a
    multiplying number word is a round figure of itself ("a thousand")."""
    text = figure.lower_.replace(",", "")
    if is_word(figure, "numbers.multipliers"):
        return number_value(figure) or 1.0
    if text in resources_of(figure.doc).table("numbers.values"):
        return 1.0
    whole, _, decimals = text.partition(".")
    if decimals:
        return 10.0 ** -len(decimals)
    return 10.0 ** (len(whole) - len(whole.rstrip("0"))) if whole.strip("0") else 1.0


def unit_kinds(atoms: list[AtomicClaim], embed: Embed, cfg: ClaimSettings) -> list[AtomicClaim]:
    """The clauses with `Number.kind` set, so that nouns counting the same thing in other words ("150 aircraft"
    / "190 planes", "27,500 spectators" / "a crowd of 31,000") are compared as one unit: nouns whose embeddings
    (each as its clause's language frames a count, "the number of <noun>") are within `cfg.unit_alike`, never two
    nouns that one clause counts side by side ("600 firefighters and 250 soldiers": the story itself says they
    differ)."""
    nouns = sorted({n.noun for a in atoms for n in a.numbers if n.noun})
    if len(nouns) < 2:
        return atoms
    apart = {frozenset((x.noun, y.noun)) for a in atoms for x in a.numbers for y in a.numbers if x.unit != y.unit}
    frame = resources_of(atoms[0].tokens[0].doc).value("claims.count_frame")
    vectors = embed([frame.format(noun=noun) for noun in nouns])
    similarity = vectors @ vectors.T
    group = {noun: {noun} for noun in nouns}
    pairs = np.argwhere(np.triu(similarity >= cfg.unit_alike, k=1)).tolist()
    for i, j in sorted(pairs, key=lambda pair: -similarity[pair[0], pair[1]]):
        merged = group[nouns[i]] | group[nouns[j]]
        if group[nouns[i]] is group[nouns[j]] or any(frozenset((x, y)) in apart for x in merged for y in merged):
            continue
        for noun in merged:
            group[noun] = merged
    kind = {noun: min(members) for noun, members in group.items() if len(members) > 1}
    return [replace(atom, numbers=tuple(replace(n, kind=kind.get(n.noun, "")) for n in atom.numbers)) for atom in atoms]


def shared_entities(a: AtomicClaim, b: AtomicClaim, persons_only: bool = False) -> int:
    """Entities of `a` also named by `b`: the same resolved entity, or names sharing a word ("Kim" ~ "Kim
    Jong Un", "Slovakia" ~ "Slovakian"), which also works when entity resolution found nothing."""
    x, y_words = (a.persons, {w for key in b.persons for w in key.split()}) if persons_only else (a.names, b.name_words)
    by_name = sum(1 for key in x if any(_matches_word(w, y_words) for w in key.split()))
    return by_name if persons_only else max(by_name, len(a.entities & b.entities))


PREFIX_LETTERS = 5
"""Two words one of which begins the other are one name from this many letters ("korea"/"korean")."""


def _same_word(x: str, y: str) -> bool:
    """Equal, or one a prefix of the other of `PREFIX_LETTERS` or more ("slovakia"/"slovakian")."""
    shorter, longer = sorted((x, y), key=len)
    return x == y or (len(shorter) >= PREFIX_LETTERS and longer.startswith(shorter))


def _matches_word(word: str, words: set[str]) -> bool:
    """Whether `word` is `_same_word` as one of `words`, equality looked up first: conflict detection asks this
    for every word of every name of both clauses of every related pair, and most pairs share none."""
    return word in words or (
        len(word) >= PREFIX_LETTERS and any(len(v) >= PREFIX_LETTERS and _same_word(word, v) for v in words)
    )


@per_clause
def superlative_scope(claim: AtomicClaim) -> frozenset[str]:
    """What a "first"/"only" ranks within: the words around its noun ("international", "to China")."""
    for token in words_in(claim.tokens, "claims.rankers"):
        if token.head.pos_ == "NOUN":
            noun = token.head
            words = {
                c.lemma_.lower() for c in noun.children if has_dep(c, "syntax.adjectival_modifier", "syntax.compound")
            }
            places = {g.lemma_.lower() for p in noun.children if has_dep(p, "syntax.preposition") for g in p.children}
            return frozenset((words | places) - resources_of(token.doc).words("claims.orders"))
    return frozenset()


def _bound(number: Token) -> str:
    """From the words before the figure, without its digits or currency ("about 2.1 million", "at least €300"),
    or the verb it is the object of ("could exceed €100 million", "fell short of 300")."""
    res = resources_of(number.doc)
    before = " ".join(t.lower_ for t in number.subtree if t.i < number.i and not (t.like_num or t.is_currency))
    worded = next((bound for bound, key in BOUND_PHRASES.items() if before in res.phrases(key)), "=")
    counted = number.head if has_dep(number, "claims.figure_modifier") else number
    if worded != "=" or not has_dep(counted, "claims.bounded_object"):
        return worded
    governor = counted.head.head if has_dep(counted, "syntax.prepositional_object") else counted.head
    return next((bound for bound, key in BOUND_VERBS.items() if has_lemma(governor, key)), "=")


def _figure_text(number: Token) -> str:
    """The figure as written with its qualifier ("at least 45") and its own number words ("Twenty-two", "2.1
    million"), not another figure it is set against ("55 of 75": "75")."""
    tokens = [t for t in number.subtree if t.i <= number.i]
    own = {t.i for c in number.children if has_dep(c, "syntax.compound") and c.like_num for t in c.subtree}
    others = [
        t.i for t in tokens if t.i < number.i and t.i not in own and (t.like_num or is_word(t, "claims.partitive"))
    ]
    first = max(others) + 1 if others else tokens[0].i
    return number.doc[first : number.i + 1].text


def agree(x: Number, y: Number) -> bool:
    """Whether two figures of one unit can both be true: the values they allow overlap ("at least 18" and
    "29"; "about 3,400" and "3,450"; not "about 3,400" and "4,300"), see `Number.interval`."""
    return gap(x, y) <= 0


def gap(x: Number, y: Number) -> float:
    """How far apart the values two figures allow are (0 or less: they overlap)."""
    (x_low, x_high), (y_low, y_high) = x.interval(), y.interval()
    return max(x_low, y_low) - min(x_high, y_high)


def number_value(token: Token) -> float | None:
    """The value of a figure in digits ("1,200", "2.1") or words ("twelve", "twenty-five")."""
    return figure_value(token.lower_, resources_of(token.doc))


def figure_value(text: str, res: Resources) -> float | None:
    text = text.replace(",", "")
    values = res.table("numbers.values")
    if text in values:
        return float(values[text])
    parts = text.split("-")
    if len(parts) > 1 and all(part in values for part in parts):
        return float(sum(values[part] for part in parts))
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
    """What a number counts: the noun it modifies ("15 dead", "Eleven people" however
    the parser attaches it, "the 2 billion euro deal" -> euro), its
    currency ("€300 million"), the noun of "N of <noun>" or "<noun> of N" ("a crowd of 41,200"), or the noun
    a verb sets to it."""
    currency = [c for c in (*token.children, token.head) if c.is_currency]
    if currency:
        return currency[0]
    head = token.head
    modifier = has_dep(token, "claims.count_modifier")
    if modifier and head.pos_ in {"NOUN", "PROPN", "ADJ"}:
        after = token.doc[token.i + 1] if token.i + 1 < head.i else None
        return after if after is not None and has_dep(after, "syntax.compound") and after.head == head else head
    if has_dep(token, "claims.figure_as_noun"):
        of = [c for c in token.children if is_word(c, "claims.partitive")]
        objects = [g for o in of for g in o.children if has_dep(g, "syntax.prepositional_object")]
        if objects:
            return objects[0]
    of_noun = is_word(head, "claims.partitive") and head.head.pos_ == "NOUN"
    if has_dep(token, "syntax.prepositional_object") and of_noun:
        return head.head
    return _measured_by_verb(token) if has_dep(token, "syntax.prepositional_object") else None


def _measured_by_verb(token: Token) -> Token | None:
    """A figure a verb moves or sets its noun to ("the death toll rose to 29", "put the toll at 31"): it
    counts that noun, the object when there is one."""
    preposition = token.head
    verb = preposition.head
    if not has_dep(preposition, "syntax.preposition") or not is_word(preposition, "claims.setting_prepositions"):
        return None
    if verb.pos_ not in {"VERB", "AUX"}:
        return None
    nouns = [c for c in verb.children if c.pos_ == "NOUN"]
    for role in ("syntax.object", "syntax.passive_subject", "syntax.active_subject"):
        found = [c for c in nouns if has_dep(c, role)]
        if found:
            return found[-1]
    return None


def _times(stated: list[TimeExpression], ents: list[Span]) -> list[DateValue]:
    """Normalized dates from the time-expression stage, or the years the clause names when it has none."""
    if stated or not ents:
        return [t.value for t in stated]
    res = resources_of(ents[0].doc)
    year = re.compile(rf"\b({res.pattern_source('calendar.year')})\b")
    years = {m.group(1) for e in ents if e.label_ in res.labels("syntax.time") for m in year.finditer(e.text)}
    return sorted(years)


def _event_dates(tokens: list[Token], stated: list[TimeExpression], within_days: int) -> list[EventDate]:
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
        days = _pinned_days(expression, within_days)
        if span is None or days is None:
            continue
        verb = _governor(span.root)
        if verb.i in ids and verb.pos_ in {"VERB", "AUX"} and _main_event(verb, ids):
            result.append(_event(expression, days, verb))
    return result


def _main_event(verb: Token, ids: set[int]) -> bool:
    """A verb reporting what happened: not the telling ("said on Monday"), not a count moving ("the toll rose
    to 70 on Tuesday" dates the count, not the event), not a subordinate clause."""
    if has_lemma(verb, "speech.saying_verbs") or has_lemma(verb, "claims.update_verbs"):
        return False
    if any(has_dep(c, "syntax.content_clause") for c in verb.children):
        return False
    path = [verb, *(a for a in verb.ancestors if a.i in ids)]
    return not any(
        has_dep(t, "syntax.adverbial_clause") and any(has_dep(c, "syntax.subordinator") for c in t.children)
        for t in path
    )


def _event(expression: TimeExpression, days: DateRange, verb: Token) -> EventDate:
    """What happened on the date: the verb with the core of its subject and object, through "agreed to <verb>"
    and onto the noun a participle describes ("the council's offer, first made in May")."""
    verbs = [verb]
    while has_dep(verbs[-1], "syntax.open_complement") and verbs[-1].head.i != verbs[-1].i:
        verbs.append(verbs[-1].head)
    core = [c for v in verbs for c in v.children if has_dep(c, "claims.event_core")]
    if has_dep(verb, "syntax.clause_modifier", "syntax.relative_clause"):
        core.append(verb.head)
    words = sorted({t for noun in core for t in _noun_words(noun)} | set(verbs), key=lambda t: t.i)
    actors = {
        t.lower_ for v in verbs for c in v.children if has_dep(c, "syntax.active_subject")
        for t in _noun_words(c) if t.is_alpha and not t.is_stop
    }
    return EventDate(
        expression=expression,
        days=days,
        event=" ".join(t.text for t in words),
        common=" ".join(t.text for t in words if t.pos_ != "PROPN"),
        actors=frozenset(actors),
    )


def _noun_words(noun: Token) -> list[Token]:
    return [t for t in noun.doc[noun.left_edge.i : noun.i + 1] if not t.is_punct]


def _pinned_days(expression: TimeExpression, within_days: int) -> DateRange | None:
    """The days of a date that pins down when something happened: a day, week or month, not a vague one."""
    if expression.type not in {"date", "weekday", "relative"} or expression.approximate:  # not language
        return None
    days = expression.days
    return days if days is not None and (days.last - days.first).days < within_days else None


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
    if any(x.days.overlaps(y.days) for x, y in pairs):
        return []
    return pairs


def _speaker(sentence: Span, quotes: list[tuple[int, int]]) -> str | None:
    """The person named outside the quotation marks of the sentence: who the quoted words are given to."""
    for ent in span_entities(sentence):
        if ent.label_ in resources_of(sentence.doc).labels("syntax.person") and not inside(ent.start_char, quotes):
            return ent.text
    return None


def same_name(x: str, y: str, res: Resources) -> bool:
    """Whether two names may be one ("Delury" / "John Delury"): a shared word, see `_same_word`."""
    return any(_same_word(v, w) for v in _name_key(x, res).split() for w in _name_key(y, res).split())


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
