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

MIN_WORDS = 4
"""Fewer words than this is a headline fragment or page furniture, not a checkable claim."""
QUOTE_SHARE = 0.5
"""A clause at least this much inside quotation marks reports someone's words: a quote, not a fact."""
SPLIT_DEPS = {"conj", "advcl"}
"""Dependents of a clause head that may start an atomic claim of their own (see `_is_predicate`)."""
CONCESSIVE = {"though", "although", "whereas"}
NEGATORS = {"nor", "neither", "not", "never", "no"}
"""Leading words that are not trimmed off a clause: they reverse it ("Nor have they held drills")."""
CLOSING_QUOTES = {"”", '"', "’"}
DASHES = {"—", "–", "-", "--"}
DATELINE_TOKENS = 8
"""A dateline or kicker ends with a dash within this many tokens of the sentence start."""
ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
NUMBER_LABELS = {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}
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
NUMBER_TOLERANCE = 0.25
"""Approximate numbers ("some 26", "nearly 30") agree when within this relative distance."""
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
    """Resolved entity ids (names when unresolved), for the dossier."""
    names: set[str] = field(default_factory=set)
    """Lower-cased names as written, for comparing clauses whether or not entities were resolved."""
    persons: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    numbers: list[Number] = field(default_factory=list)
    times: list[DateValue] = field(default_factory=list)
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
    heads = [sentence.root] + [t for t in sentence if t.dep_ in SPLIT_DEPS and _is_predicate(t)]
    head_ids = {h.i for h in heads}
    result = []
    for head in heads:
        tokens = _without_dateline(
            [t for t in head.subtree if _clause_head(t, head_ids) == head.i and t.i < sentence.end]
        )
        while tokens and (tokens[0].is_punct or tokens[0].dep_ in {"cc", "mark"}) and tokens[0].lower_ not in NEGATORS:
            tokens.pop(0)
        while tokens and (tokens[-1].dep_ == "cc" or tokens[-1].is_punct and tokens[-1].text not in CLOSING_QUOTES):
            tokens.pop()
        if tokens and head != sentence.root and not _has_subject(head):
            tokens = sorted({*_borrowed_subject(head), *tokens}, key=lambda t: t.i)
        if tokens:
            result.append(tokens)
    return result


def _without_dateline(tokens: list[Token]) -> list[Token]:
    """Drops a dateline or kicker ("SEOUL, South Korea —", "MILITARY PARADE –"): capitalized words and
    commas up to a dash within the first few tokens."""
    for k, token in enumerate(tokens[:DATELINE_TOKENS]):
        if token.text in DASHES:
            head = tokens[:k]
            if head and all(t.is_punct or t.text[:1].isupper() for t in head):
                return tokens[k + 1 :]
            break
    return tokens


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
    kind = "quote" if in_quotes >= QUOTE_SHARE * sum(len(t) for t in tokens) else _fact_or_opinion(tokens)
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
    claim.times = _times(start, end, times, ents)
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


def _fact_or_opinion(tokens: list[Token]) -> str:
    for token in tokens:
        lemma = token.lemma_.lower()
        if lemma in LINKING_HEDGES:
            if any(c.dep_ in {"xcomp", "acomp", "attr"} for c in token.children):
                return "opinion"
        elif token.lower_ in HEDGES or lemma in HEDGES:
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
        total = value * (multiplier[0] if multiplier and multiplier[0] else 1)
        result.append(Number(value=total, unit=unit, text=_figure_text(token), bound=_bound(token)))
    return result


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
    before = " ".join(t.lower_ for t in number.subtree if t.i < number.i)
    return next((bound for bound, phrases in BOUNDS.items() if before in phrases), "=")


def _figure_text(number: Token) -> str:
    """The figure as written with its qualifier ("at least 45")."""
    tokens = [t for t in number.subtree if t.i <= number.i]
    return number.doc[tokens[0].i : number.i + 1].text if tokens else number.text


def agree(x: Number, y: Number) -> bool:
    """Whether two figures of one unit can both be true: equal, two bounds the same way, a figure within
    an "at least"/"at most" bound of the other, or approximately equal within `NUMBER_TOLERANCE`."""
    if x.value == y.value or (x.bound == y.bound and x.bound in {">=", "<="}):
        return True

    def fits(bound: Number, other: Number) -> bool:
        if bound.bound == "~":
            return abs(bound.value - other.value) <= NUMBER_TOLERANCE * max(bound.value, other.value)
        return other.value >= bound.value if bound.bound == ">=" else other.value <= bound.value

    qualified = [(n, o) for n, o in ((x, y), (y, x)) if n.bound != "="]
    return bool(qualified) and all(fits(n, o) for n, o in qualified)


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
        if objects:
            return objects[0].lemma_.lower()
    return _measured_by_verb(token) if token.dep_ == "pobj" else ""


def _measured_by_verb(token: Token) -> str:
    """A figure a verb moves or sets its noun to ("the death toll rose to 29", "put the toll at 31"): it
    counts that noun, the object when there is one."""
    preposition = token.head
    verb = preposition.head
    if preposition.dep_ != "prep" or preposition.lower_ not in {"to", "at"} or verb.pos_ not in {"VERB", "AUX"}:
        return ""
    nouns = {c.dep_: c for c in verb.children if c.pos_ == "NOUN"}
    measured = nouns.get("dobj") or nouns.get("nsubjpass") or nouns.get("nsubj")
    return measured.lemma_.lower() if measured is not None else ""


def _times(start: int, end: int, times: list[TimeExpression], ents: list[Span]) -> list[DateValue]:
    """Normalized dates from the time-expression stage, or the years the clause names when it has none."""
    found: list[DateValue] = [t.value for t in times if t.value is not None and start <= t.start < end]
    if found:
        return found
    years = {m.group(1) for e in ents if e.label_ == "DATE" for m in YEAR.finditer(e.text)}
    return sorted(years)


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
    """The figures of `a` that no figure of the same unit in `b` agrees with (see `agree`), with the first
    of those figures of `b`."""
    result = []
    for x in a.numbers:
        same_unit = [y for y in b.numbers if y.unit == x.unit]
        if same_unit and not any(agree(x, y) for y in same_unit):
            result.append((x, same_unit[0]))
    return result
