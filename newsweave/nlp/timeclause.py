"""What a time expression dates, read from the dependency parse: its clause, tense, event words and summary.

The same reading serves three needs: the tense decides which way "on Monday" points from the publication day,
the event words tell whether two expressions (in one article or in two) date the same event, and the clause
summary is the event text of the timeline.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsweave.clean.dateline import opening_dateline
from newsweave.lang import Resources, resources_of
from newsweave.nlp.timegrammar import Direction

EVENT_TOKENS_MAX = 20
VERB_TAGS = ("VERB", "AUX")
CLIMB_MAX = 3
"""Prepositional phrases climbed from a dated noun to its verb ("after take-off from the airport on Tuesday")."""
PHRASE_TOKENS_MAX = 10


@dataclass(frozen=True)
class ClauseWords:
    """The words and parse labels the clause reading needs, from the language the document was parsed in."""

    future_auxiliaries: frozenset[str]
    future_participles: frozenset[str]
    planning: frozenset[str]
    moving: frozenset[str]
    taking_effect: frozenset[str]
    forward: frozenset[str]
    page_verbs: frozenset[str]
    page_nouns: frozenset[str]
    scheduled: frozenset[str]
    perfect_auxiliary: frozenset[str]
    copula: frozenset[str]
    time_words: frozenset[str]
    generic: frozenset[str]
    reporting: frozenset[str]
    subject: frozenset[str]
    core: frozenset[str]
    clause_parts: frozenset[str]
    object: frozenset[str]
    direct_object: frozenset[str]
    preposition: frozenset[str]
    prepositional_object: frozenset[str]
    prepositional_phrase: frozenset[str]
    loose_attachment: frozenset[str]
    modifier_attachment: frozenset[str]
    modifier: frozenset[str]
    name_part: frozenset[str]
    noun_modifier: frozenset[str]
    auxiliary: frozenset[str]
    perfect: frozenset[str]
    verb_particle: frozenset[str]
    complement: frozenset[str]
    adjectival_complement: frozenset[str]
    clausal_complement: frozenset[str]
    completes: frozenset[str]
    adverbial_clause: frozenset[str]
    adverb: frozenset[str]
    relative_clause: frozenset[str]
    relative: frozenset[str]
    reduced_relative: frozenset[str]
    apposition: frozenset[str]
    coordination: frozenset[str]
    possessive_marker: frozenset[str]
    subordinator: frozenset[str]
    not_in_phrase: frozenset[str]
    dangling: frozenset[str]
    root: frozenset[str]
    past_tense: frozenset[str]
    past_participle: frozenset[str]
    participle: frozenset[str]
    infinitive_marker: frozenset[str]
    relative_pronoun: frozenset[str]
    clause_opener: frozenset[str]
    hyphen: frozenset[str]

    @classmethod
    def of(cls, res: Resources) -> ClauseWords:
        time_words = (
            res.words("calendar.time_nouns") | set(res.table("calendar.units")) | set(res.table("calendar.months"))
            | set(res.table("calendar.weekdays"))
        )
        return cls(
            future_auxiliaries=res.words("calendar.future_auxiliaries"),
            future_participles=res.words("time.future_participles"),
            planning=res.words("time.planning_verbs"),
            moving=res.words("time.moving_verbs"),
            taking_effect=res.words("time.taking_effect"),
            forward=res.words("time.forward_prepositions"),
            page_verbs=res.words("time.page_verbs"),
            page_nouns=res.words("time.page_nouns"),
            scheduled=res.words("time.scheduled"),
            perfect_auxiliary=res.words("time.perfect_auxiliary"),
            copula=res.words("time.copula"),
            time_words=frozenset(time_words),
            generic=res.words("time.generic_event_words"),
            reporting=res.words("speech.verbs"),
            subject=res.labels("syntax.subject"),
            core=res.labels("time.clause_core"),
            clause_parts=res.labels("time.clause_parts"),
            object=res.labels("time.argument"),
            direct_object=res.labels("syntax.object"),
            preposition=res.labels("syntax.preposition"),
            prepositional_object=res.labels("syntax.prepositional_object"),
            prepositional_phrase=res.labels("syntax.preposition_or_agent"),
            loose_attachment=res.labels("time.loose_attachment"),
            modifier_attachment=res.labels("time.modifier_attachment"),
            modifier=res.labels("time.modifier"),
            name_part=res.labels("time.name_part"),
            noun_modifier=res.labels("time.noun_modifier"),
            auxiliary=res.labels("syntax.auxiliary"),
            perfect=res.labels("time.perfect"),
            verb_particle=res.labels("time.verb_particle"),
            complement=res.labels("time.complement"),
            adjectival_complement=res.labels("time.adjectival_complement"),
            clausal_complement=res.labels("time.reported_clause"),
            completes=res.labels("time.completes"),
            adverbial_clause=res.labels("syntax.adverbial_clause"),
            adverb=res.labels("time.adverb"),
            relative_clause=res.labels("time.relative_or_reduced"),
            relative=res.labels("syntax.relative_clause"),
            reduced_relative=res.labels("syntax.clause_modifier"),
            apposition=res.labels("syntax.apposition"),
            coordination=res.labels("time.coordination"),
            possessive_marker=res.labels("syntax.case_marker"),
            subordinator=res.labels("time.subordinator"),
            not_in_phrase=res.labels("time.not_in_phrase"),
            dangling=res.labels("time.dangling"),
            root=res.labels("syntax.root"),
            past_tense=res.labels("time.past_tense_tags"),
            past_participle=res.labels("time.past_participle_tags"),
            participle=res.labels("time.participle_tags"),
            infinitive_marker=res.labels("time.infinitive_marker_tags"),
            relative_pronoun=res.labels("time.relative_pronoun_tags"),
            clause_opener=res.labels("time.clause_opener_tags"),
            hyphen=res.labels("time.hyphen_tags"),
        )


_WORDS: dict[int, tuple[Resources, ClauseWords]] = {}


def clause_words(doc: Doc) -> ClauseWords:
    """The clause vocabulary of the document's language, read once per resources object."""
    res = resources_of(doc)
    known = _WORDS.get(id(res))
    if known is None or known[0] is not res:
        known = _WORDS[id(res)] = (res, ClauseWords.of(res))
    return known[1]


def span_of(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def governor(span: Span) -> Token:
    """The word the expression dates: the first head outside it that is not a preposition or a number.

    A time phrase parsed as a conjunct ("..., and later that year in June Xi paid ...") is a misattachment;
    a word of it that hangs on a clause by a preposition is followed instead.
    """
    v = clause_words(span.doc)
    token = span.root
    if token.dep_ in v.loose_attachment:
        attached = [t for t in span if t.dep_ in v.modifier_attachment and not span.start <= t.head.i < span.end]
        token = attached[0] if attached else token
    while token.head != token:
        head = token.head
        inside = span.start <= head.i < span.end
        if not inside and head.pos_ not in ("ADP", "SCONJ", "NUM", "PART"):
            return _clause_of_name(head)
        token = head
    return token


def _clause_of_name(token: Token) -> Token:
    """A name rarely takes a date of its own ("Beijing ... on Thursday announced"): the verb it serves does."""
    if token.pos_ != "PROPN":
        return token
    up = token
    while up.dep_ in clause_words(token.doc).name_part and up.head != up:
        up = up.head
    return up.head if up.head.pos_ in ("VERB", "AUX") else token


def clause_chain(token: Token, limit: int = 4) -> list[Token]:
    """The governor and its heads up to the first finite verb: where tense and modality are marked."""
    chain = [token]
    while len(chain) < limit and not _finite(chain[-1]) and chain[-1].head != chain[-1]:
        chain.append(chain[-1].head)
    return chain


def direction(span: Span) -> Direction:
    """Whether the dated event is told as past or as still to come, which decides "on Monday". An infinitive
    ("to begin in March") takes the tense of the verb it completes."""
    v = clause_words(span.doc)
    chain = clause_chain(governor(span))
    if any(
        c.dep_ in v.perfect and c.lemma_ in v.perfect_auxiliary and c.tag_ in v.past_tense
        for token in chain
        for c in token.children
    ):
        return "past"  # "had been due to begin in March": a plan told from after its date
    if _planned(chain, v) or _moved_to(span, chain[0], v) or chain[0].lemma_.lower() in v.taking_effect:
        return "future"  # "planned to leave on Thursday", "postponed until Monday", "effective Feb. 1"
    if _done_participle(chain[0], v):
        return "past"  # "the vote, held on Friday, is expected to be challenged"
    for previous, token in zip([None, *chain], chain):
        if token.lemma_ in v.copula and previous is not None and _be_to(token, previous, v):
            return "future"  # "is to resume trading on Tuesday"
        auxiliaries = [c for c in token.children if c.dep_ in v.auxiliary and c.tag_ not in v.infinitive_marker]
        if any(a.lower_ in v.future_auxiliaries for a in auxiliaries):
            return "future"
        copula = any(a.lemma_ in v.copula for a in auxiliaries)
        participle = token.lemma_.lower() in v.future_participles and token.tag_ in v.past_participle
        if participle and (copula or token.dep_ not in v.root):
            return "future"
        scheduled = token.lemma_.lower() in v.scheduled and (copula or token.head.lemma_ in v.copula)
        due = any(c.dep_ in v.adjectival_complement and c.lemma_.lower() in v.scheduled for c in token.children)
        if scheduled or due:
            return "future"
        if token.pos_ in ("VERB", "AUX") and (_finite(token) or auxiliaries):
            past = token.tag_ in v.past_tense or any(
                a.tag_ in v.past_tense or a.lemma_ in v.perfect_auxiliary for a in auxiliaries
            )
            return "past" if past else None
    return None


def _planned(chain: list[Token], v: ClauseWords) -> bool:
    """The dated event is the object of a planning verb: what was planned is still to come, even told in the
    past. The planning verb itself, without an object, may be dated by when the plan was made."""
    first = chain[0]
    planned_thing = first.lemma_.lower() in v.planning and any(c.dep_ in v.direct_object for c in first.children)
    return planned_thing or any(token.lemma_.lower() in v.planning for token in chain[1:])


def _be_to(copula: Token, verb: Token, v: ClauseWords) -> bool:
    """"Is to resume": the copula right before the infinitive marker of its verb, a plan still to come."""
    marker = copula.doc[copula.i + 1] if copula.i + 1 < len(copula.doc) else None
    return marker is not None and marker.head == verb and marker.tag_ in v.infinitive_marker and verb.i == copula.i + 2


def _moved_to(span: Span, verb: Token, v: ClauseWords) -> bool:
    """"Postponed the vote until Tuesday", "extended the deadline to Friday": the time a thing is moved to."""
    marker = span.root.head if span.root.head.pos_ == "ADP" else span.doc[span.start - 1] if span.start else None
    return verb.lemma_.lower() in v.moving and marker is not None and marker.lower_ in v.forward


def page_chrome(span: Span) -> bool:
    """"This article was published 9 years ago", "Updated 3 hours ago": the page dating itself, not an event."""
    v = clause_words(span.doc)
    head = governor(span)
    if head.lemma_.lower() not in v.page_verbs:
        return False
    subjects = [c for c in head.children if c.dep_ in v.subject]
    return all(c.lemma_.lower() in v.page_nouns for c in subjects)


def _done_participle(token: Token, v: ClauseWords) -> bool:
    """A past participle describing a noun ("the vote, held on Friday") tells something done, whatever the tense
    of the clause around it; not one of planning ("the match, scheduled for Friday")."""
    lemma = token.lemma_.lower()
    planned = lemma in v.future_participles or lemma in v.scheduled or lemma in v.planning
    return token.tag_ in v.past_participle and token.dep_ in v.reduced_relative and not planned and not any(
        c.dep_ in v.auxiliary for c in token.children
    )


def event_words(span: Span) -> set[str]:
    """Common-noun and verb lemmas of the clause core (predicate, subject, object, the noun dated).

    Names are left out: the same people appear in every event of a story, so sharing one says little.
    """
    v = clause_words(span.doc)
    head = governor(span)
    tokens = [head]
    if head.pos_ in ("VERB", "AUX"):
        for child in head.children:
            if child.dep_ in v.core:
                tokens.append(child)
            elif child.dep_ in v.preposition:
                tokens += [g for g in child.children if g.dep_ in v.prepositional_object]
        if head.dep_ in v.relative_clause:
            tokens += _antecedent_chain(head.head)
    else:
        tokens += [c for c in head.children if c.dep_ in v.noun_modifier]
        if head.head.pos_ in ("VERB", "AUX"):
            tokens.append(head.head)
    return _content_lemmas(tokens, span)


def sentence_words(span: Span) -> set[str]:
    """Content lemmas of the whole sentence: a weaker sign of the same event than the clause's words."""
    return _content_lemmas(list(span.sent), span)


def _content_lemmas(tokens: list[Token], span: Span) -> set[str]:
    v = clause_words(span.doc)
    return {
        t.lemma_.lower()
        for t in tokens
        if t.pos_ in ("NOUN", "VERB")
        and not (span.start <= t.i < span.end)
        and t.lemma_.lower() not in v.time_words
        and t.lemma_.lower() not in v.generic
    }


def _antecedent_chain(token: Token, limit: int = 4) -> list[Token]:
    """What a relative clause is about: its noun, or past a time word ("victory day, which ...") the noun above."""
    time_words = clause_words(token.doc).time_words
    chain = [token]
    while (
        len(chain) < limit
        and (chain[-1].lemma_.lower() in time_words or chain[-1].pos_ not in ("NOUN", "PROPN"))
        and chain[-1].head != chain[-1]
    ):
        chain.append(chain[-1].head)
    return chain


def event_summary(span: Span) -> str:
    """A compact clause: subject, verb, object and first phrase, without the time expression itself. A dated
    report ("..., her publicist said on Tuesday") keeps what was reported with who reported it."""
    head = _event_head(governor(span), span)
    if head.pos_ not in VERB_TAGS:
        return _join(_phrase(head, span, limit=PHRASE_TOKENS_MAX, keep_preps=1))
    summary = _join(_clause(head, span))
    reported = _reported_clause(head)
    if reported is None:
        return summary
    content = _join(_clause(reported, span))
    return f"{content}, {summary}" if reported.i < head.i else f"{summary} {content}"


def _event_head(token: Token, span: Span) -> Token:
    """The word whose clause tells the event. A date hung by a preposition on an object ("reached an agreement
    on Saturday", "crashed after take-off ... on Tuesday") is the verb's; "to resume", "stay closed" belong to
    the verb they complete ("are due to resume", "would stay closed")."""
    v = clause_words(span.doc)
    if token.pos_ == "ADV" and token.dep_ in v.adverb and token.head.pos_ in VERB_TAGS:
        token = token.head  # "As recently as last Tuesday, the service had forecast ..."
    if token.pos_ not in VERB_TAGS and _hung_by_preposition(span, token):
        up = token
        for _ in range(CLIMB_MAX):
            if up.dep_ in v.object and up.head.pos_ in VERB_TAGS:
                up = up.head
                break
            if up.dep_ not in v.prepositional_object or up.head.dep_ not in v.preposition:
                break
            up = up.head.head
        token = up if up.pos_ in VERB_TAGS else token
    while token.head != token and (
        token.dep_ in v.completes
        or (token.dep_ in v.adverbial_clause and token.tag_ in v.participle and not _has_subject(token))
    ):
        token = token.head
    return token


def _has_subject(verb: Token) -> bool:
    subject = clause_words(verb.doc).subject
    return any(c.dep_ in subject for c in verb.children)


def _dated_phrase_says_more(prep: Token, span: Span) -> bool:
    """A phrase holding the date and more than its preposition ("including in Pyongyang [last year]")."""
    return any(not span.start <= t.i < span.end and t.pos_ in ("PROPN", "NOUN") for t in prep.subtree)


def _hung_by_preposition(span: Span, noun: Token) -> bool:
    """Whether the expression modifies the noun from outside ("deal ... on Thursday", "repayment next month",
    "a street in Alessandria, October 10"), not as part of its name ("the Sept. 3 parade", "last year's final")."""
    token = span.root
    while token.head != token and token.head != noun:
        token = token.head
    return token.head == noun and token.dep_ in clause_words(span.doc).modifier


def _reported_clause(head: Token) -> Token | None:
    v = clause_words(head.doc)
    if head.lemma_.lower() not in v.reporting:
        return None
    return next((c for c in head.children if c.dep_ in v.clausal_complement and c.pos_ in VERB_TAGS), None)


def _clause(head: Token, span: Span) -> list[Token]:
    v = clause_words(span.doc)
    picked: list[Token] = []
    preps = 0
    for child in head.children:
        if child.dep_ in v.clause_parts:
            picked += _phrase(child, span, limit=PHRASE_TOKENS_MAX, keep_preps=1)
        elif child.dep_ in v.verb_particle and child.i < head.i + 2 and not _overlaps(child, span):
            picked.append(child)
        elif child.dep_ in v.prepositional_phrase and preps < 1 and child.i > head.i:
            phrase = _phrase(child, span, limit=PHRASE_TOKENS_MAX, keep_preps=0)
            if len(phrase) > 1 and (not _overlaps(child, span) or _dated_phrase_says_more(child, span)):
                picked += phrase
                preps += 1
        elif child.dep_ in v.complement:
            picked += _phrase(child, span, limit=PHRASE_TOKENS_MAX, keep_preps=1)
    relative_subject = any(c.dep_ in v.subject and c.tag_ in v.relative_pronoun for c in head.children)
    verb_form = head.tag_ in v.past_tense or head.tag_ in v.past_participle
    reduced = head.dep_ in v.reduced_relative and verb_form and not _has_subject(head)
    if head.dep_ in v.relative and relative_subject or reduced:
        picked = [t for t in picked if t.tag_ not in v.relative_pronoun]
        picked += _phrase(head.head, span, limit=PHRASE_TOKENS_MAX, keep_preps=0)
    picked.append(head)
    ordered = _after_dateline(sorted(set(picked), key=lambda t: t.i))
    return _clean_cut(ordered[:EVENT_TOKENS_MAX], head) if len(ordered) > EVENT_TOKENS_MAX else ordered


def _join(tokens: list[Token]) -> str:
    """Tokens as text; a leading relativizer or conjunction ("which is scheduled") is dropped."""
    if not tokens:
        return ""
    v = clause_words(tokens[0].doc)
    while len(tokens) > 1 and (tokens[0].tag_ in v.clause_opener or tokens[0].dep_ in v.subordinator):
        tokens = tokens[1:]
    text = ""
    for i, token in enumerate(tokens):
        gap = "" if i == 0 or (token.i == tokens[i - 1].i + 1 and not tokens[i - 1].whitespace_) else " "
        text += gap + token.text
    return text.strip()


def _phrase(token: Token, span: Span, limit: int, keep_preps: int) -> list[Token]:
    """The token's subtree without clauses, parentheticals and the time expression, cut to `limit` words."""
    v = clause_words(span.doc)
    kept = [token]
    preps = 0
    for child in token.children:
        if child.dep_ in v.not_in_phrase:
            continue
        if child.dep_ in v.apposition and child.left_edge.i != token.i + 1:
            continue
        if child.dep_ in v.coordination and token.pos_ not in ("NOUN", "PROPN", "PRON"):
            continue
        if child.dep_ in v.preposition:
            if preps >= keep_preps or _overlaps(child, span):
                continue
            preps += 1
        kept += [t for t in child.subtree if not (span.start <= t.i < span.end)]
    kept = [
        t for t in kept
        if t == token
        or (not t.is_punct or t.tag_ in v.hyphen) and not _introduces_only(t, span) and not _marks_the_date(t, span)
    ]
    kept.sort(key=lambda t: t.i)
    if len(kept) > limit:
        centre = kept.index(token)
        low = max(0, min(centre - limit // 2, len(kept) - limit))
        kept = _clean_cut(kept[low : low + limit], token)
    return kept


def _marks_the_date(token: Token, span: Span) -> bool:
    """The possessive of a date ("last year['s] final") goes with the date."""
    return token.dep_ in clause_words(span.doc).possessive_marker and span.start <= token.head.i < span.end


def _introduces_only(token: Token, span: Span) -> bool:
    """A preposition left behind by the time expression ("resume on [Monday] in Frankfurt")."""
    children = list(token.children)
    return token.pos_ == "ADP" and bool(children) and all(span.start <= c.i < span.end for c in children)


def _after_dateline(tokens: list[Token]) -> list[Token]:
    """Without a dateline glued to the sentence ("ANKARA (Reuters) - ..."), which the parse takes for words."""
    if not tokens:
        return tokens
    sent = tokens[0].sent
    found = opening_dateline(sent.text)
    return tokens if found is None else [t for t in tokens if t.idx >= sent.start_char + found.end()]


def _clean_cut(tokens: list[Token], keep: Token) -> list[Token]:
    """A cut phrase ends on a whole word group: no half name ("President Lee Jae"), no dangling "of"."""
    while len(tokens) > 1 and tokens[-1] != keep:
        last = tokens[-1]
        following = last.doc[last.i + 1] if last.i + 1 < len(last.doc) else None
        half_name = following is not None and following.ent_iob_ == "I" and last.ent_iob_ in ("B", "I")
        closed_class = last.pos_ in ("ADP", "DET", "CCONJ", "SCONJ", "PART", "PUNCT")
        dangling = closed_class or last.dep_ in clause_words(last.doc).dangling
        if not (half_name or dangling):
            break
        tokens = tokens[:-1]
    return tokens


def _overlaps(token: Token, span: Span) -> bool:
    return any(span.start <= t.i < span.end for t in token.subtree)


def _finite(token: Token) -> bool:
    return "Fin" in token.morph.get("VerbForm") or token.dep_ in clause_words(token.doc).root
