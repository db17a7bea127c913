"""Relations between entities ((subject, relation, object) triples) with evidence and sources.

Triples come from the dependency parse around a small lexicon of verbs and nouns (attend, meet, visit,
sign, supply, represent, invite, succeed; ally, partner, visit/trip as nouns). Arguments are the resolved
entity mentions of `EntityResolution`, with conjuncts expanded ("Kim and Xi met") and subjects inherited by
participles ("Kim has drawn closer to Russia, signing a treaty with the Kremlin"). The same triple stated
by several articles becomes one Relation listing every source, the first evidence sentence kept.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newsweave.link.entities import EntityResolution
from newsweave.link.names import fold, same_demonym
from newsweave.models import AnalyzedArticle, Entity, Relation

ATTEND = frozenset({"attend", "join"})
SUPPLY = frozenset({"supply", "deploy", "ship", "sell", "export"})
SEND = frozenset({"send", "provide", "give", "transfer", "deliver"})
MATERIEL = frozenset(
    """troops soldiers forces weapons arms ammunition munitions shells missiles rockets drones tanks jets aircraft
    equipment supplies systems fuel oil gas grain food aid money loans""".split()
)
"""What makes "send"/"provide" a supply relation ("sent troops to Russia", not "sent a delegation to Paris")."""
HELP = frozenset({"help", "aid", "support", "assist"})
SIGN = frozenset({"sign", "conclude", "ink"})
NUMBER_WORDS = {"once": 1, "twice": 2, "thrice": 3}
PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
SYMMETRIC = frozenset({"meets", "allied with", "signed agreement with"})
UNSPECIFIED = "unspecified"
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass
class _Found:
    """One triple as read from one sentence, before triples from all sentences and sources are merged."""

    subject: str
    relation: str
    object: str
    detail: str | None = None
    count: int | None = None
    period: str | list[str] | None = None


def extract_relations(analyzed: list[AnalyzedArticle], resolution: EntityResolution) -> list[Relation]:
    """Relations of one story, plus the `refers_to` links the resolution found for places used as actors."""
    entities = {e.id: e for e in resolution.entities}
    merged: dict[tuple[str, str, str], Relation] = {}
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for (article, start, end), entity in resolution.mention_entity.items():
        spans[article].append((start, end, entity))
    people = {e.id for e in resolution.entities if e.type == "PERSON"}
    for item in analyzed:
        tokens = _token_entities(item, spans[item.article.id], people)
        for sentence in item.doc.sents:
            for found in _sentence_relations(sentence, tokens, entities):
                _merge(merged, found, item.article.id, sentence.text.strip(), entities)
    relations = list(merged.values())
    known = {(r.subject, r.relation, r.object) for r in relations}
    relations += [r for r in resolution.refers_to if (r.subject, r.relation, r.object) not in known]
    return relations


def _merge(
    merged: dict[tuple[str, str, str], Relation],
    found: _Found,
    article: str,
    evidence: str,
    entities: dict[str, Entity],
) -> None:
    """Equivalent triples (symmetric ones in either order) become one relation citing every source; the larger
    count wins, as "met five times" is the fuller statement of "met"."""
    subject, obj = found.subject, found.object
    if found.relation in SYMMETRIC and obj in entities and obj < subject:
        subject, obj = obj, subject
    key = (subject, found.relation, obj)
    relation = merged.get(key)
    if relation is None:
        merged[key] = Relation(
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
        return
    if article not in relation.sources:
        relation.sources.append(article)
    if found.count is not None and (relation.count is None or found.count > relation.count):
        relation.count, relation.period = found.count, found.period or relation.period
    relation.detail = relation.detail or found.detail


# --------------------------------------------------------------------------- tokens -> entities


def _token_entities(item: AnalyzedArticle, spans: list[tuple[int, int, str]], people: set[str]) -> dict[int, str]:
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
    for token in doc:
        if fold(token.text) in PRONOUNS and token.i not in found:
            near = [a for a in (last.get(True), last.get(False)) if a and _previous_sentence_or_same(doc, a[0], token)]
            if near:
                found[token.i] = near[0][1]
        if found.get(token.i) in people:
            last[False] = (token.sent.start, found[token.i])
            if _in_subject(token):
                last[True] = last[False]
    return found


def _in_subject(token: Token) -> bool:
    """The subject, or the possessor of the subject ("Kim's last trip was ..., and he ...")."""
    return token.dep_ in {"nsubj", "nsubjpass"} or (token.dep_ == "poss" and token.head.dep_ in {"nsubj", "nsubjpass"})


def _previous_sentence_or_same(doc: Doc, sentence_start: int, token: Token) -> bool:
    """A pronoun takes an antecedent from its own or the previous sentence only."""
    if sentence_start == token.sent.start:
        return True
    previous = doc[token.sent.start - 1].sent if token.sent.start > 0 else None
    return previous is not None and previous.start == sentence_start


def _entity(token: Token | None, tokens: dict[int, str]) -> str | None:
    return None if token is None else tokens.get(token.i)


def _group(token: Token) -> list[Token]:
    """The token and its conjuncts ("Vladimir Putin, Kim and Xi Jinping"); lists of titled names are often
    parsed as appositions ("Belarus President Aleksandr Lukashenko, Iran's President Masoud Pezeshkian")."""
    found = [token]
    for child in token.children:
        if child.dep_ == "conj" or (child.dep_ == "appos" and child.pos_ == "PROPN"):
            found += _group(child)
    return found


def _entities_of(token: Token | None, tokens: dict[int, str]) -> list[str]:
    if token is None:
        return []
    return list(dict.fromkeys(e for t in _group(token) if (e := _entity(t, tokens)) is not None))


# --------------------------------------------------------------------------- patterns


def _sentence_relations(sentence, tokens: dict[int, str], entities: dict[str, Entity]) -> Iterator[_Found]:
    for token in sentence:
        lemma = token.lemma_.lower()
        if token.pos_ in {"VERB", "AUX"}:
            yield from _verb_relations(token, lemma, tokens, entities)
        elif token.pos_ == "NOUN":
            yield from _noun_relations(token, lemma, tokens)


def _verb_relations(verb: Token, lemma: str, tokens: dict[int, str], entities: dict[str, Entity]) -> Iterator[_Found]:
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
    subjects = _agents(verb, tokens) if passive else _subjects(verb, tokens)
    patient = _child(verb, "nsubjpass") if passive else _child(verb, "dobj")
    negated = any(c.dep_ == "neg" for c in verb.children)
    if lemma in ATTEND and patient is not None:
        relation = "does not attend" if negated else "attends"
        yield from _cross(subjects, [_target(patient, tokens)], relation, _phrase(patient))
    elif lemma == "meet":
        yield from _meetings(verb, subjects, tokens, entities)
    elif lemma == "visit" and patient is not None:
        yield from _cross(subjects, _entities_of(patient, tokens), "visits")
    elif lemma in SIGN and patient is not None:
        partners = _entities_of(_prep_object(patient, "with") or _prep_object(verb, "with"), tokens)
        yield from _pairs(subjects, partners, "signed agreement with", _phrase(patient))
    elif lemma in SUPPLY or (lemma in SEND and patient is not None and _materiel(patient)):
        receivers = _entities_of(_prep_object(verb, "to"), tokens) or _helped(verb, tokens)
        yield from _cross(subjects, receivers, "supplies", _phrase(patient) if patient is not None else None)
    elif lemma == "represent":
        yield from _representation(verb, passive, subjects, patient, tokens, entities)
    elif lemma == "invite" and passive and patient is not None:
        occasion = _prep_object(verb, "to")
        target = UNSPECIFIED if occasion is None else _target(occasion, tokens)
        yield from _cross(_entities_of(patient, tokens), [target], "not invited to" if negated else "invited to")
    elif lemma == "succeed" and patient is not None:
        yield from _cross(subjects, _entities_of(patient, tokens), "succeeded")
    elif lemma in {"be", "remain", "become"} or (lemma == "have" and patient is not None):
        yield from _partnership(verb, subjects, tokens)


def _meetings(
    verb: Token, subjects: list[str], tokens: dict[int, str], entities: dict[str, Entity]
) -> Iterator[_Found]:
    """"He and Chinese leader Xi Jinping met five times between 2018 and 2019" -> one meeting pair, count 5."""
    others = _entities_of(_child(verb, "dobj"), tokens) or _entities_of(_prep_object(verb, "with"), tokens)
    if not others and len(subjects) == 1:
        subjects = _coordinated(_child(verb, "nsubj"), subjects[0], tokens, entities)
    count, period = _count(verb), _period(verb)
    if others:
        pairs = [(s, o) for s in subjects for o in others if s != o]
    else:
        pairs = [(a, b) for i, a in enumerate(subjects) for b in subjects[i + 1 :]]
    for a, b in pairs:
        yield _Found(a, "meets", b, count=count, period=period)


def _coordinated(subject: Token | None, found: str, tokens: dict[int, str], entities: dict[str, Entity]) -> list[str]:
    """Entities of the subject's type joined by "and" inside the subject phrase, where the parse missed the
    conjunction ("Kenya's Ruto and Ethiopia's Abiy Ahmed have met": "Ruto" parsed as a modifier)."""
    if subject is None or not any(t.lower_ in {"and", "&"} for t in subject.subtree):
        return [found]
    kind = entities[found].type
    inside = (tokens.get(t.i) for t in subject.subtree)
    return list(dict.fromkeys(e for e in inside if e is not None and entities[e].type == kind))


def _representation(
    verb: Token,
    passive: bool,
    subjects: list[str],
    patient: Token | None,
    tokens: dict[int, str],
    entities: dict[str, Entity],
) -> Iterator[_Found]:
    """"the government will be represented by Speaker X" -> X represents the government's country."""
    if passive:
        represented = _entities_of(patient, tokens) if patient is not None else []
        if patient is not None and not represented:
            represented = _country_of(patient, verb, tokens, entities)
        if patient is None:
            represented = _nearest_before(verb, tokens, entities)
    else:
        represented = _entities_of(patient, tokens)
    yield from _cross(subjects, represented, "represents")


def _partnership(verb: Token, subjects: list[str], tokens: dict[int, str]) -> Iterator[_Found]:
    """"China remains North Korea's biggest trading partner"; "Russia is a close ally of the two";
    "he has allies in Xi Jinping and Putin"."""
    for noun in [c for c in verb.children if c.dep_ in {"attr", "dobj", "xcomp", "acomp"}]:
        if noun.pos_ == "AUX":  # "considered to be an ally": the noun hangs under the xcomp "be"
            yield from _partnership(noun, subjects, tokens)
            continue
        lemma = noun.lemma_.lower()
        if lemma not in {"ally", "partner"}:
            continue
        others = _entities_of(_child(noun, "poss"), tokens) + _entities_of(_prep_object(noun, "of"), tokens)
        others += _entities_of(_prep_object(noun, "in"), tokens)
        trading = any(fold(c.text) == "trading" for c in noun.children)
        relation = "allied with" if lemma == "ally" else ("trading partner of" if trading else "partner of")
        yield from _cross(subjects, others, relation)


def _noun_relations(noun: Token, lemma: str, tokens: dict[int, str]) -> Iterator[_Found]:
    """"Kim's first known visit to China", "Xi paid his first state visit to North Korea", "Kim's attendance at
    the parade"."""
    owner = _entities_of(_child(noun, "poss"), tokens)
    if not owner and noun.dep_ == "dobj":
        owner = _subjects(noun.head, tokens)
    if lemma in {"visit", "trip"}:
        yield from _cross(owner, _entities_of(_prep_object(noun, "to"), tokens), "visits")
    elif lemma == "attendance":
        place = _prep_object(noun, "at")
        if place is not None:
            yield from _cross(owner, [_target(place, tokens)], "attends", _phrase(place))


# --------------------------------------------------------------------------- parse helpers


def _materiel(noun: Token) -> bool:
    """The noun or the "of" object of a quantity ("thousands of troops") names troops, arms or goods."""
    of = _prep_object(noun, "of")
    return noun.lemma_.lower() in MATERIEL or noun.lower_ in MATERIEL or (of is not None and _materiel(of))


def _child(token: Token, dep: str) -> Token | None:
    return next((c for c in token.children if c.dep_ == dep), None)


def _prep_object(token: Token, preposition: str) -> Token | None:
    for child in token.children:
        if child.dep_ in {"prep", "agent"} and child.lower_ == preposition:
            return _child(child, "pobj")
    return None


def _subjects(verb: Token, tokens: dict[int, str]) -> list[str]:
    """Subjects of the verb, or of the clause it hangs from (participles, conjoined verbs, "set to" + verb)."""
    current = verb
    for _ in range(4):
        subject = _child(current, "nsubj")
        if subject is not None:
            return _entities_of(subject, tokens)
        if current.dep_ not in {"advcl", "conj", "xcomp", "relcl", "acl"} or current.head == current:
            return []
        if current.dep_ in {"relcl", "acl"}:
            return _entities_of(current.head, tokens)
        current = current.head
    return []


def _agents(verb: Token, tokens: dict[int, str]) -> list[str]:
    return _entities_of(_prep_object(verb, "by"), tokens)


def _helped(verb: Token, tokens: dict[int, str]) -> list[str]:
    """"deploying its troops to help Russia", "to aid Moscow's war effort": whom the supply helps."""
    for child in verb.children:
        if child.dep_ in {"advcl", "xcomp"} and child.lemma_.lower() in HELP:
            target = _child(child, "dobj")
            if target is not None:
                return _entities_of(target, tokens) or _entities_of(_child(target, "poss"), tokens)
    return []


def _country_of(noun: Token, verb: Token, tokens: dict[int, str], entities: dict[str, Entity]) -> list[str]:
    """A government named by nationality ("the South Korean government") or, bare, by the nearest nationality
    word earlier in the sentence ("South Korean President Lee ..., but the government ...")."""
    places = [e for e in entities.values() if e.type == "GPE"]
    candidates = [t for t in noun.subtree if t.ent_type_ in {"NORP", "GPE"}] or [
        t for t in noun.sent if t.i < noun.i and t.ent_type_ in {"NORP", "GPE"}
    ][-1:]
    for token in candidates:
        known = _entity(token, tokens)
        if known is not None:
            return [known]
        words = _entity_text(token)
        match = [e.id for e in places if same_demonym(words, e.name)]
        if len(match) == 1:
            return match
    return []


def _entity_text(token: Token) -> str:
    return next((e.text for e in token.doc.ents if e.start <= token.i < e.end), token.text)


def _nearest_before(verb: Token, tokens: dict[int, str], entities: dict[str, Entity]) -> list[str]:
    """"..., and the United Nations (to be represented by X)": the closest non-person entity to the left."""
    for token in reversed(list(verb.sent)[: verb.i - verb.sent.start]):
        entity = tokens.get(token.i)
        if entity is not None and entities[entity].type != "PERSON":
            return [entity]
    return []


def _cross(subjects: list[str], objects: list[str], relation: str, detail: str | None = None) -> Iterator[_Found]:
    for s in subjects:
        for o in objects:
            if o != s:
                yield _Found(s, relation, o, detail=detail)


def _target(token: Token, tokens: dict[int, str]) -> str:
    """The entity at the token, or the noun's lemma as free text ("parade")."""
    return _entity(token, tokens) or token.lemma_.lower()


def _pairs(subjects: list[str], partners: list[str], relation: str, detail: str) -> Iterator[_Found]:
    if partners:
        yield from _cross(subjects, partners, relation, detail)
    else:
        for i, a in enumerate(subjects):
            for b in subjects[i + 1 :]:
                yield _Found(a, relation, b, detail=detail)


def _count(verb: Token) -> int | None:
    for child in verb.children:
        word = child.lower_
        if word in NUMBER_WORDS:
            return NUMBER_WORDS[word]
        if child.lemma_.lower() == "time":
            number = _child(child, "nummod")
            if number is not None:
                return _number(number.lower_)
    return None


def _number(word: str) -> int | None:
    words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
    if word.isdigit():
        return int(word)
    return words.index(word) if word in words else None


def _period(verb: Token) -> str | list[str] | None:
    """Years of the DATE expressions of the verb's own clause: one year, or a [first, last] range."""
    clauses = [c for c in verb.children if c.dep_ in {"ccomp", "advcl", "relcl", "conj", "xcomp"}]
    nested = {t.i for c in clauses for t in c.subtree}
    dates = [t for t in verb.subtree if t.ent_type_ == "DATE" and t.i not in nested]
    years = sorted({y for t in dates for y in YEAR.findall(t.text)})
    if not years:
        return None
    return years[0] if len(years) == 1 else [years[0], years[-1]]


def _phrase(token: Token) -> str:
    return token.doc[token.left_edge.i : token.right_edge.i + 1].text.strip()
