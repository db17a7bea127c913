"""Relations between entities ((subject, relation, object) triples) with evidence and sources.

Which words state a relation, and where its two ends stand in the parse, is data: the `relations.patterns`
of the language resources (`lang/en/relations.toml` documents the fields), so a user adds a relation
without code. This module is the reader: for each verb or noun of a sentence it takes the first pattern
whose trigger and conditions fit, and fills the two ends from the resolved entity mentions of
`EntityResolution`, with conjuncts expanded ("Kim and Xi met"), subjects inherited by participles ("Kim has
drawn closer to Russia, signing a treaty with the Kremlin") and he/she resolved to the person just named.
The same triple stated by several articles becomes one Relation listing every source, the first evidence
sentence kept.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from typing import Any, Literal

from spacy.tokens import Span, Token

from newsweave.lang import Resources, resources_of
from newsweave.link.entities import EntityResolution
from newsweave.link.names import derived, fold, same_demonym
from newsweave.models import AnalyzedArticle, Entity, Relation
from newsweave.nlp.annotate import doc_entities, doc_sentences, doc_tokens

UNSPECIFIED = "unspecified"
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
SLOTS = ("object", "possessor", "purpose", "nationality", "preceding")  # not language
"""Where the other end of a relation may stand (besides "prep:WORD"); see `lang/en/relations.toml`."""


@dataclass(frozen=True)
class Pattern:
    """One relation pattern of the resources (fields as documented in `lang/en/relations.toml`)."""

    relation: str
    verbs: frozenset[str] = frozenset()
    nouns: frozenset[str] = frozenset()
    predicates: frozenset[str] = frozenset()
    modifiers: frozenset[str] = frozenset()
    voice: Literal["active", "passive"] | None = None
    subject: Literal["subject", "object"] = "subject"
    objects: tuple[tuple[str, ...], ...] = ()
    object_nouns: frozenset[str] = frozenset()
    requires_object: bool = False
    free_text: bool = False
    default_object: str | None = None
    symmetric: bool = False
    negated: str | None = None
    detail: bool = False
    count: bool = False
    purpose_verbs: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Grammar:
    """The patterns and the parser labels and words the reader needs, built once per resources object."""

    patterns: tuple[Pattern, ...]
    verbs: frozenset[str]
    """Lemmas of the verbs a relation can be read from (a pattern's verbs, linking and having verbs): the other
    verbs of a sentence, most of them, are passed over without reading their clause."""
    symmetric: frozenset[str]
    subject: frozenset[str]
    active_subject: frozenset[str]
    passive_subject: frozenset[str]
    passive_markers: frozenset[str]
    object: frozenset[str]
    prepositional_object: frozenset[str]
    preposition: frozenset[str]
    possessor: frozenset[str]
    negation: frozenset[str]
    conjunct: frozenset[str]
    apposition: frozenset[str]
    numeric_modifier: frozenset[str]
    predicate: frozenset[str]
    purpose_clause: frozenset[str]
    inherits_subject: frozenset[str]
    modifier_clause: frozenset[str]
    subordinate_clause: frozenset[str]
    date: frozenset[str]
    nationality_or_country: frozenset[str]
    pronouns: frozenset[str]
    repetitions: Mapping[str, int]
    numbers: Mapping[str, float]
    count_nouns: frozenset[str]
    coordinators: frozenset[str]
    linking_verbs: frozenset[str]
    having_verbs: frozenset[str]
    agent_prepositions: frozenset[str]
    quantity_prepositions: frozenset[str]


def grammar(res: Resources) -> Grammar:
    return derived(res, _build_grammar)


def symmetric_relations(res: Resources) -> frozenset[str]:
    """Relations that hold both ways ("meets"): stated in either order, they are one relation."""
    return grammar(res).symmetric


def _build_grammar(res: Resources) -> Grammar:
    patterns = tuple(_pattern(raw, i) for i, raw in enumerate(res.value("relations.patterns")))
    numbers = res.table("numbers.values")
    linking_verbs, having_verbs = res.words("relations.linking_verbs"), res.words("relations.having_verbs")
    return Grammar(
        patterns=patterns,
        verbs=frozenset().union(*(p.verbs for p in patterns), linking_verbs, having_verbs),
        symmetric=frozenset(p.relation for p in patterns if p.symmetric),
        subject=res.labels("syntax.subject"),
        active_subject=res.labels("syntax.active_subject"),
        passive_subject=res.labels("syntax.passive_subject"),
        passive_markers=res.labels("syntax.passive_subject") | res.labels("syntax.passive_auxiliary"),
        object=res.labels("syntax.object"),
        prepositional_object=res.labels("syntax.prepositional_object"),
        preposition=res.labels("syntax.preposition_or_agent"),
        possessor=res.labels("syntax.possessor"),
        negation=res.labels("syntax.negation"),
        conjunct=res.labels("syntax.conjunct"),
        apposition=res.labels("syntax.apposition"),
        numeric_modifier=res.labels("syntax.numeric_modifier"),
        predicate=res.labels("syntax.predicate"),
        purpose_clause=res.labels("syntax.adverbial_clause") | res.labels("syntax.open_complement"),
        inherits_subject=res.labels("syntax.inherits_subject"),
        modifier_clause=res.labels("syntax.relative_clause") | res.labels("syntax.clause_modifier"),
        subordinate_clause=res.labels("syntax.subordinate_clause"),
        date=res.labels("syntax.date"),
        nationality_or_country=res.labels("syntax.nationality_or_country"),
        pronouns=frozenset(res.table("people.pronoun_gender")),
        repetitions={w: int(numbers[w]) for w in res.words("numbers.repetitions")},
        numbers=numbers,
        count_nouns=res.words("relations.count_nouns"),
        coordinators=res.words("relations.coordinators"),
        linking_verbs=linking_verbs,
        having_verbs=having_verbs,
        agent_prepositions=res.words("relations.passive_agent_prepositions"),
        quantity_prepositions=res.words("relations.quantity_prepositions"),
    )


FIELDS = frozenset(f.name for f in fields(Pattern))
"""The keys a pattern table may hold."""
WORD_FIELDS = tuple(f.name for f in fields(Pattern) if f.type == "frozenset[str]")
"""The keys holding space-separated words."""


def _pattern(raw: Any, index: int) -> Pattern:
    """One pattern from its TOML table; a mistake names the pattern and the field, not a stack trace."""
    name = raw.get("relation", "no relation") if isinstance(raw, dict) else repr(raw)
    where = f"relation pattern {index + 1} ({name})"
    if not isinstance(raw, dict) or not isinstance(raw.get("relation"), str):
        raise TypeError(f"{where}: a pattern is a table with a `relation` name")
    unknown = set(raw) - FIELDS
    if unknown:
        raise ValueError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    groups = tuple(tuple(g) if isinstance(g, list) else (g,) for g in raw.get("objects", []))
    bad = [s for g in groups for s in g if s not in SLOTS and not s.startswith("prep:")]
    if bad:
        raise ValueError(f"{where}: unknown object slot(s) {', '.join(bad)}")
    if raw.get("voice") not in (None, "active", "passive") or raw.get("subject") not in (None, "subject", "object"):
        raise ValueError(f"{where}: voice is active or passive, subject is subject or object")
    if not (raw.get("verbs") or raw.get("nouns") or raw.get("predicates")):
        raise ValueError(f"{where}: no trigger (verbs, nouns or predicates)")
    words = {k: frozenset(str(raw.get(k, "")).split()) for k in WORD_FIELDS}
    return Pattern(
        relation=raw["relation"],
        **words,
        voice=raw.get("voice"),
        subject=raw.get("subject", "subject"),
        objects=groups,
        requires_object=bool(raw.get("requires_object", False)),
        free_text=bool(raw.get("free_text", False)),
        default_object=raw.get("default_object"),
        symmetric=bool(raw.get("symmetric", False)),
        negated=raw.get("negated"),
        detail=raw.get("detail") == "object",
        count=bool(raw.get("count", False)),
    )


@dataclass(frozen=True)
class _Found:
    """One triple as read from one sentence, before triples from all sentences and sources are merged."""

    subject: str
    relation: str
    object: str
    detail: str | None = None
    count: int | None = None
    period: str | list[str] | None = None


@dataclass(frozen=True)
class _Reading:
    """What the reader knows while reading one article: its grammar, token entities and the story's entities."""

    g: Grammar
    tokens: Mapping[int, str]
    entities: Mapping[str, Entity]


def extract_relations(analyzed: list[AnalyzedArticle], resolution: EntityResolution) -> list[Relation]:
    """Relations of one story, plus the `refers_to` links the resolution found for places used as actors."""
    entities = {e.id: e for e in resolution.entities}
    merged: dict[tuple[str, str, str], Relation] = {}
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for (article, start, end), entity in resolution.mention_entity.items():
        spans[article].append((start, end, entity))
    people = {e.id for e in resolution.entities if e.type == "PERSON"}
    for item in analyzed:
        g = grammar(resources_of(item.doc))
        reading = _Reading(g, _token_entities(item, spans[item.article.id], people, g), entities)
        for sentence in doc_sentences(item.doc):
            for found in _sentence_relations(sentence, reading):
                merged = _merged(merged, found, item.article.id, sentence.text.strip(), reading)
    relations = list(merged.values())
    known = {(r.subject, r.relation, r.object) for r in relations}
    return relations + [r for r in resolution.refers_to if (r.subject, r.relation, r.object) not in known]


def _merged(
    merged: dict[tuple[str, str, str], Relation], found: _Found, article: str, evidence: str, reading: _Reading
) -> dict[tuple[str, str, str], Relation]:
    """Equivalent triples (symmetric ones in either order) become one relation citing every source; the larger
    count wins, as "met five times" is the fuller statement of "met"."""
    entities = reading.entities
    subject, obj = found.subject, found.object
    if found.relation in reading.g.symmetric and obj in entities and obj < subject:
        subject, obj = obj, subject
    key = (subject, found.relation, obj)
    relation = merged.get(key)
    if relation is None:
        new = Relation(
            subject=subject,
            relation=found.relation,
            object=obj,
            evidence=evidence,
            sources=[article],
            subject_name=entities[subject].name,
            object_name=entities[obj].name if obj in entities else obj,
            count=found.count,
            period=found.period,
            detail=found.detail,
        )
        return {**merged, key: new}
    update: dict[str, Any] = {"detail": relation.detail or found.detail}
    if article not in relation.sources:
        update["sources"] = [*relation.sources, article]
    if found.count is not None and (relation.count is None or found.count > relation.count):
        update |= {"count": found.count, "period": found.period or relation.period}
    return {**merged, key: relation.model_copy(update=update)}


# --------------------------------------------------------------------------- tokens -> entities


def _token_entities(
    item: AnalyzedArticle, spans: list[tuple[int, int, str]], people: set[str], g: Grammar
) -> dict[int, str]:
    """Entity id of every token inside a resolved mention of this article, plus he/she/his antecedents."""
    doc = item.doc
    found: dict[int, str] = {}
    for start, end, entity in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            for token in span:
                found.setdefault(token.i, entity)
    last: dict[bool, tuple[int, str]] = {}
    """Most recent person (sentence start, entity) overall (False) and in subject position (True)."""
    opening = [sentence.start for sentence in doc_sentences(doc) for _ in range(len(sentence))]
    """The first token of each token's sentence, read from the Doc's sentences found once (`Token.sent` walks the
    sentence anew on each ask)."""
    for token in doc_tokens(doc):
        if fold(token.text) in g.pronouns and token.i not in found:
            near = [
                a for a in (last.get(True), last.get(False)) if a and _previous_sentence_or_same(opening, a[0], token.i)
            ]
            if near:
                found[token.i] = near[0][1]
        if found.get(token.i) in people:
            last[False] = (opening[token.i], found[token.i])
            if _in_subject(token, g):
                last[True] = last[False]
    return found


def _in_subject(token: Token, g: Grammar) -> bool:
    """The subject, or the possessor of the subject ("Kim's last trip was ..., and he ...")."""
    return token.dep_ in g.subject or (token.dep_ in g.possessor and token.head.dep_ in g.subject)


def _previous_sentence_or_same(opening: list[int], sentence_start: int, i: int) -> bool:
    """A pronoun (token `i`) takes an antecedent from its own or the previous sentence only (`opening`: the first
    token of each token's sentence)."""
    start = opening[i]
    return sentence_start == start or (start > 0 and opening[start - 1] == sentence_start)


def _entity(token: Token | None, r: _Reading) -> str | None:
    return None if token is None else r.tokens.get(token.i)


def _group(token: Token, g: Grammar) -> list[Token]:
    """The token and its conjuncts ("Vladimir Putin, Kim and Xi Jinping"); lists of titled names are often
    parsed as appositions ("Belarus President Aleksandr Lukashenko, Iran's President Masoud Pezeshkian")."""
    found = [token]
    for child in token.children:
        if child.dep_ in g.conjunct or (child.dep_ in g.apposition and child.pos_ == "PROPN"):
            found += _group(child, g)
    return found


def _entities_of(token: Token | None, r: _Reading) -> list[str]:
    if token is None:
        return []
    return list(dict.fromkeys(e for t in _group(token, r.g) if (e := _entity(t, r)) is not None))


# --------------------------------------------------------------------------- patterns


def _sentence_relations(sentence: Span, r: _Reading) -> Iterator[_Found]:
    for token in doc_tokens(sentence.doc)[sentence.start : sentence.end]:
        lemma = token.lemma_.lower()
        if token.pos_ in {"VERB", "AUX"}:
            if lemma in r.g.verbs:
                yield from _verb_relations(token, lemma, r)
        elif token.pos_ == "NOUN":
            pattern = next((p for p in r.g.patterns if lemma in p.nouns), None)
            if pattern is not None:
                yield from _noun_relations(token, pattern, r)


@dataclass(frozen=True)
class _Clause:
    """A trigger verb with its voice, its patient (direct object, or passive subject) and its doers."""

    verb: Token
    passive: bool
    patient: Token | None
    negated: bool


def _clause(verb: Token, g: Grammar) -> _Clause:
    passive = any(c.dep_ in g.passive_markers for c in verb.children)
    patient = _child(verb, g.passive_subject if passive else g.object)
    return _Clause(verb, passive, patient, any(c.dep_ in g.negation for c in verb.children))


def _verb_relations(verb: Token, lemma: str, r: _Reading) -> Iterator[_Found]:
    clause = _clause(verb, r.g)
    doers = _entities_of(_prep_object(verb, r.g.agent_prepositions, r.g), r) if clause.passive else _subjects(verb, r)
    pattern = next((p for p in r.g.patterns if lemma in p.verbs and _fits(p, clause, r.g)), None)
    if pattern is not None:
        yield from _clause_relations(pattern, clause, doers, r)
    elif lemma in r.g.linking_verbs or (lemma in r.g.having_verbs and clause.patient is not None):
        yield from _predicate_relations(verb, doers, r)


def _fits(p: Pattern, clause: _Clause, g: Grammar) -> bool:
    if p.voice is not None and (p.voice == "passive") != clause.passive:
        return False
    if (p.requires_object or p.object_nouns) and clause.patient is None:
        return False
    return clause.patient is None or not p.object_nouns or _counts_one_of(clause.patient, p.object_nouns, g)


def _clause_relations(p: Pattern, clause: _Clause, doers: list[str], r: _Reading) -> Iterator[_Found]:
    """The relation one clause states: its subjects (the doers, or the patient of a passive pattern) to each
    other end; a symmetric relation without another end pairs its subjects ("Kim and Xi met five times")."""
    if clause.negated and p.negated is None:
        return
    relation = p.negated if clause.negated and p.negated else p.relation
    subjects = _entities_of(clause.patient, r) if p.subject == "object" else doers
    objects, source = _objects(p, clause.verb, clause, r)
    detail_token = clause.patient if clause.patient is not None else source
    detail = _phrase(detail_token) if p.detail and detail_token is not None else None
    count, period = (_count(clause.verb, r.g), _period(clause.verb, r.g)) if p.count else (None, None)
    if objects:
        pairs = [(s, o) for s in subjects for o in objects if s != o]
    elif p.symmetric:
        if len(subjects) == 1:
            subjects = _coordinated(_child(clause.verb, r.g.active_subject), subjects[0], r)
        pairs = [(a, b) for i, a in enumerate(subjects) for b in subjects[i + 1 :]]
    else:
        pairs = []
    for a, b in pairs:
        yield _Found(a, relation, b, detail=detail, count=count, period=period)


def _objects(p: Pattern, trigger: Token, clause: _Clause | None, r: _Reading) -> tuple[list[str], Token | None]:
    """The other ends, from the first slot group that names an entity, and the token they were read from;
    else, where the pattern allows, the first slot's noun as free text ("attends" the "parade"), or the
    pattern's default."""
    first_token: Token | None = None
    for group in p.objects:
        found: list[str] = []
        for slot in group:
            tokens, entities = _slot(slot, p, trigger, clause, r)
            found += entities
            first_token = first_token or tokens
        if found:
            return list(dict.fromkeys(found)), first_token
    if p.free_text and first_token is not None and first_token.pos_ in {"NOUN", "PROPN"}:
        return [_entity(first_token, r) or first_token.lemma_.lower()], first_token
    return ([p.default_object] if p.default_object else []), first_token


def _slot(slot: str, p: Pattern, trigger: Token, clause: _Clause | None, r: _Reading) -> tuple[Token | None, list[str]]:
    """The token standing in one slot of a pattern, and the entities it names."""
    patient = clause.patient if clause is not None else None
    if slot == "object":
        return patient, _entities_of(patient, r) if p.subject != "object" else []
    if slot.startswith("prep:"):
        words = frozenset({slot.removeprefix("prep:")})
        token = _prep_object(trigger, words, r.g) or (_prep_object(patient, words, r.g) if patient is not None else None)
        return token, _entities_of(token, r)
    if slot == "possessor":
        token = _child(trigger, r.g.possessor)
        return token, _entities_of(token, r)
    if slot == "purpose":
        return None, _helped(trigger, p.purpose_verbs, r)
    if slot == "nationality":
        return None, _country_of(patient, r) if patient is not None else []
    return None, _nearest_before(trigger, r) if clause is not None and patient is None else []


def _coordinated(subject: Token | None, found: str, r: _Reading) -> list[str]:
    """Entities of the subject's type joined by "and" inside the subject phrase, where the parse missed the
    conjunction ("Kenya's Ruto and Ethiopia's Abiy Ahmed have met": "Ruto" parsed as a modifier)."""
    if subject is None or not any(t.lower_ in r.g.coordinators for t in subject.subtree):
        return [found]
    kind = r.entities[found].type
    inside = (r.tokens.get(t.i) for t in subject.subtree)
    return list(dict.fromkeys(e for e in inside if e is not None and r.entities[e].type == kind))


def _predicate_relations(verb: Token, subjects: list[str], r: _Reading) -> Iterator[_Found]:
    """"China remains North Korea's biggest trading partner"; "Russia is a close ally of the two";
    "he has allies in Xi Jinping and Putin"."""
    for noun in [c for c in verb.children if c.dep_ in r.g.predicate]:
        if noun.pos_ == "AUX":  # "considered to be an ally": the noun hangs under the xcomp "be"
            yield from _predicate_relations(noun, subjects, r)
            continue
        lemma = noun.lemma_.lower()
        modifiers = {fold(c.text) for c in noun.children}
        pattern = next(
            (p for p in r.g.patterns if lemma in p.predicates and (not p.modifiers or p.modifiers & modifiers)), None
        )
        if pattern is not None:
            objects, _ = _objects(pattern, noun, None, r)
            yield from _cross(subjects, objects, pattern.relation)


def _noun_relations(noun: Token, p: Pattern, r: _Reading) -> Iterator[_Found]:
    """"Kim's first known visit to China", "Xi paid his first state visit to North Korea", "Kim's attendance at
    the parade": the owner of the noun, or the subject of the verb it is the object of, is the subject."""
    owner = _entities_of(_child(noun, r.g.possessor), r)
    if not owner and noun.dep_ in r.g.object:
        owner = _subjects(noun.head, r)
    objects, source = _objects(p, noun, None, r)
    detail = _phrase(source) if p.detail and source is not None else None
    yield from _cross(owner, objects, p.relation, detail)


# --------------------------------------------------------------------------- parse helpers


def _counts_one_of(noun: Token, nouns: frozenset[str], g: Grammar) -> bool:
    """The noun or the object of a quantity ("thousands of troops") is one of `nouns`."""
    of = _prep_object(noun, g.quantity_prepositions, g)
    return noun.lemma_.lower() in nouns or noun.lower_ in nouns or (of is not None and _counts_one_of(of, nouns, g))


def _child(token: Token, deps: frozenset[str]) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def _prep_object(token: Token, prepositions: frozenset[str], g: Grammar) -> Token | None:
    for child in token.children:
        if child.dep_ in g.preposition and child.lower_ in prepositions:
            return _child(child, g.prepositional_object)
    return None


def _subjects(verb: Token, r: _Reading) -> list[str]:
    """Subjects of the verb, or of the clause it hangs from (participles, conjoined verbs, "set to" + verb)."""
    current = verb
    for _ in range(4):
        subject = _child(current, r.g.active_subject)
        if subject is not None:
            return _entities_of(subject, r)
        if current.dep_ not in r.g.inherits_subject or current.head == current:
            return []
        if current.dep_ in r.g.modifier_clause:
            return _entities_of(current.head, r)
        current = current.head
    return []


def _helped(verb: Token, purpose_verbs: frozenset[str], r: _Reading) -> list[str]:
    """"deploying its troops to help Russia", "to aid Moscow's war effort": whom the supply helps."""
    for child in verb.children:
        if child.dep_ in r.g.purpose_clause and child.lemma_.lower() in purpose_verbs:
            target = _child(child, r.g.object)
            if target is not None:
                return _entities_of(target, r) or _entities_of(_child(target, r.g.possessor), r)
    return []


def _country_of(noun: Token, r: _Reading) -> list[str]:
    """A government named by nationality ("the South Korean government") or, bare, by the nearest nationality
    word earlier in the sentence ("South Korean President Lee ..., but the government ...")."""
    if _entities_of(noun, r):
        return []
    places = [e for e in r.entities.values() if e.type == "GPE"]
    labels = r.g.nationality_or_country
    candidates = [t for t in noun.subtree if t.ent_type_ in labels] or [
        t for t in noun.sent if t.i < noun.i and t.ent_type_ in labels
    ][-1:]
    for token in candidates:
        known = _entity(token, r)
        if known is not None:
            return [known]
        words = _entity_text(token)
        match = [e.id for e in places if same_demonym(words, e.name)]
        if len(match) == 1:
            return match
    return []


def _entity_text(token: Token) -> str:
    return next((e.text for e in doc_entities(token.doc) if e.start <= token.i < e.end), token.text)


def _nearest_before(verb: Token, r: _Reading) -> list[str]:
    """"..., and the United Nations (to be represented by X)": the closest non-person entity to the left."""
    for token in reversed(list(verb.sent)[: verb.i - verb.sent.start]):
        entity = r.tokens.get(token.i)
        if entity is not None and r.entities[entity].type != "PERSON":
            return [entity]
    return []


def _cross(subjects: list[str], objects: list[str], relation: str, detail: str | None = None) -> Iterator[_Found]:
    for s in subjects:
        for o in objects:
            if o != s:
                yield _Found(s, relation, o, detail=detail)


def _count(verb: Token, g: Grammar) -> int | None:
    for child in verb.children:
        if child.lower_ in g.repetitions:
            return g.repetitions[child.lower_]
        if child.lemma_.lower() in g.count_nouns:
            number = _child(child, g.numeric_modifier)
            if number is not None:
                return _number(number.lower_, g)
    return None


def _number(word: str, g: Grammar) -> int | None:
    if word.isdigit():
        return int(word)
    value = g.numbers.get(word)
    return int(value) if value is not None and value == int(value) else None


def _period(verb: Token, g: Grammar) -> str | list[str] | None:
    """Years of the DATE expressions of the verb's own clause: one year, or a [first, last] range."""
    clauses = [c for c in verb.children if c.dep_ in g.subordinate_clause]
    nested = {t.i for c in clauses for t in c.subtree}
    dates = [t for t in verb.subtree if t.ent_type_ in g.date and t.i not in nested]
    years = sorted({y for t in dates for y in YEAR.findall(t.text)})
    if not years:
        return None
    return years[0] if len(years) == 1 else [years[0], years[-1]]


def _phrase(token: Token) -> str:
    return token.doc[token.left_edge.i : token.right_edge.i + 1].text.strip()
