"""Who is speaking: the speaker of each speech cue of one article, resolved with the story's entities.

The quote finder (`nlp/quotes.py`) reads what the text says: quotation marks, speech cues, each cue's
speaker phrase. Which person a name, a surname or a title refers to is decided once, by entity resolution
(`link/entities.py`), for every stage; here that resolution is read, never redone. What is left to this
module is what only quotes need: a pronoun's antecedent (the only person in reach, the only one of that
gender, or the nearest subject or speaker), a role noun ("the academic") whose latest mention describes a
named person, "the court" after the one organisation named with that noun, and otherwise the speaker as the
text calls it ("a ministry official", "Reilly's agent": never the possessor), with `how="description"` and no
name claimed, because a quote pinned on the wrong person is worse than one with no named speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from newsweave.lang import Resources, resources_of
from newsweave.link.entities import EntityResolution
from newsweave.models import AnalyzedArticle
from newsweave.nlp.annotate import (
    doc_entities,
    doc_sentences,
    doc_text,
    doc_tokens,
    span_entities,
)
from newsweave.nlp.quotes import (
    UNRESOLVED,
    ArticleCues,
    Cue,
    QuoteSpan,
    Speaker,
    SpeakerKind,
    in_quotes,
    labels,
    phrase_text,
    subtree_span,
)
from newsweave.settings import QuoteSettings


def _role_families(res: Resources) -> list[frozenset[str]]:
    return [frozenset(words.split()) for words in res.table("people.role_families").values()]


def _gender_of_words(res: Resources) -> dict[str, str]:
    """Words that tell a person's gender ("Mrs", "his sister"), with the pronoun gender they agree with."""
    return {
        **dict.fromkeys(res.words("people.feminine_nouns"), "f"),
        **dict.fromkeys(res.words("people.masculine_nouns"), "m"),
    }


def _person_nouns(res: Resources) -> frozenset[str]:
    """Nouns that make a phrase name a person: roles, titles, and gendered words other than honorifics."""
    gendered = {word for word in _gender_of_words(res) if len(word) > 3}
    return frozenset().union(*_role_families(res), res.words("people.title_nouns"), gendered)


def _organisation_nouns(res: Resources) -> frozenset[str]:
    """Head nouns of a speaker speaking for an organisation; a document ("the statement said") speaks for one."""
    return res.words("people.organisation_nouns") | res.words("quotes.document_nouns")


NOT_SPEAKER = (
    "syntax.possessor", "syntax.preposition", "syntax.relative_clause", "syntax.clause_modifier", "syntax.agent",
    "syntax.adverbial_clause",
)
"""Parts of a speaker phrase that name someone else: "Reilly's agent", "a spokesman for Minister X"."""


@dataclass(frozen=True)
class _Mention:
    """A mention of a person entity in the article, as entity resolution placed it."""

    start: int
    end: int
    person: str
    """The entity's name: what the dossier prints as the speaker."""
    how: str
    """"name" when printed in full, "short name" for a surname or first name alone."""
    in_quote: bool
    subject: bool = False


def resolve_speakers(
    item: AnalyzedArticle, found: ArticleCues, resolution: EntityResolution, cfg: QuoteSettings
) -> ArticleCues:
    """The article's cues with their speakers, in text order: a later pronoun or role noun may point back
    to an earlier speaker, and the role printed with a speaker describes that person from then on."""
    people = _People(item, found.spans, resolution, cfg)
    resolved: list[Cue] = []
    for cue in found.cues:
        speaker = _resolve(cue, people, resolved)
        resolved.append(replace(cue, speaker=speaker))
        if speaker.name and speaker.kind == "person" and speaker.description:
            known = people.descriptions.setdefault(speaker.name, [])
            if speaker.description not in known:
                known.append(speaker.description)
    return ArticleCues(found.spans, resolved)


# --------------------------------------------------------------------------- people of one article


class _People:
    """The persons entity resolution found in one article, as speaker rules need them: their mentions outside
    or inside quotation marks, as subjects or not, the gender the article gives them and the roles printed
    with their names."""

    def __init__(self, item: AnalyzedArticle, spans: list[QuoteSpan], resolution: EntityResolution, cfg: QuoteSettings):
        self.doc = item.doc
        self.spans = spans
        self.cfg = cfg
        self.res = resources_of(self.doc)
        self.mentions = self._find_mentions(item.article.id, resolution)
        self.gender: dict[str, str | None] = {}
        self.descriptions: dict[str, list[str]] = {}
        for mention in self.mentions:
            if mention.how == "name":
                self._learn_from_context(mention)
        self._learn_from_pronouns()

    def _find_mentions(self, article: str, resolution: EntityResolution) -> list[_Mention]:
        """Person mentions that print a name: those entity resolution placed, and the other printings of a
        name it resolved (NER types some repeats of a name as a product or an organisation: "Mendes said").
        A title standing for a person ("the leader") is a role noun here, resolved by the role rules."""
        person = labels(self.doc, "syntax.person")
        names = {entity.id: entity.name for entity in resolution.entities if entity.type in person}
        placed = [
            (start, end, names[entity_id])
            for (mention_article, start, end), entity_id in resolution.mention_entity.items()
            if mention_article == article and entity_id in names
        ]
        for start, end, text in _name_runs(self.doc):
            known = next((k for label in sorted(person) if (k := resolution.entity_named(article, text, label))), None)
            if known in names and not any(s < end and start < e for s, e, _ in placed):
                placed.append((start, end, names[known]))
        found = []
        for start, end, name in placed:
            span = self.doc.char_span(start, end, alignment_mode="expand")
            if span is None or not {t.lower_ for t in span} & set(name.lower().split()):
                continue  # a title standing for the person ("the leader"): a role noun, not a name
            if _organisation_named(span.root):
                continue  # "the group Fiumi Liberi": NER's person is what the text calls an organisation
            how = "name" if len(span.text.split()) >= 2 else "short name"
            subject = _is_subject(self.doc, start, end)
            found.append(_Mention(start, end, name, how, in_quotes(self.spans, start), subject))
        return sorted(found, key=lambda m: m.start)

    def _learn_from_context(self, mention: _Mention) -> None:
        description = _describe(self.doc, mention.start, mention.end)
        if description:
            self.descriptions.setdefault(mention.person, []).append(description)
        before = doc_text(self.doc)[max(0, mention.start - 30) : mention.start].lower()
        words = re.findall(r"[^\W\d_]+", (description or "").lower()) + re.findall(r"[^\W\d_]+", before)[-3:]
        gendered = _gender_of_words(self.res)
        for word in words:
            if word in gendered:
                self._set_gender(mention.person, gendered[word])

    def _learn_from_pronouns(self) -> None:
        """A he/she with a single person in reach tells that person's gender (used to rule them out later)."""
        pronouns = self.res.table("people.pronoun_gender")
        for token in doc_tokens(self.doc):
            gender = pronouns.get(token.lower_)
            if gender is None or self.in_quote(token.idx):
                continue
            people = {m.person for m in self.candidates(token.idx)}
            if len(people) == 1:
                self._set_gender(people.pop(), gender)

    def _set_gender(self, person: str, gender: str) -> None:
        known = self.gender.get(person, gender)
        self.gender[person] = gender if known == gender else None

    def in_quote(self, offset: int) -> bool:
        return in_quotes(self.spans, offset)

    def candidates(self, offset: int) -> list[_Mention]:
        """Mentions outside quotes from the previous sentences up to `offset`, most recent first."""
        window_start = _sentence_start(self.doc, offset, self.cfg.pronoun_window_sentences)
        return [m for m in reversed(self.mentions) if window_start <= m.start < offset and not m.in_quote]

    def mention_in(self, phrase: Span) -> _Mention | None:
        """The person a phrase names: the mention at its head word, else its first full name ("Kim’s sister
        Kim Yo Jong" names the sister); never a possessor or a name in a prepositional phrase ("Reilly's
        agent", "a spokesman for Minister X" are somebody else)."""
        words = [t.idx for t in _speaker_tokens(phrase)]
        inside = [m for m in self.mentions if any(m.start <= i < m.end for i in words)]
        at_head = [m for m in inside if m.start <= phrase.root.idx < m.end]
        full = [m for m in inside if m.how == "name"]
        return next(iter(at_head or full or inside), None)

    def last_mention(self, person: str, before: int) -> _Mention | None:
        earlier = [m for m in self.mentions if m.person == person and m.start < before]
        return earlier[-1] if earlier else None


def _name_runs(doc: Doc) -> list[tuple[int, int, str]]:
    """Where a name may be printed (offsets and text): runs of proper nouns, and single capitalised words
    (the tagger takes some surnames for common nouns: "Mendes said")."""
    runs = [(t.idx, t.idx + len(t), t.text) for t in doc_tokens(doc) if t.is_title]
    run: list[Token] = []
    for token in [*doc_tokens(doc), None]:
        if token is not None and token.pos_ == "PROPN" and (not run or token.i == run[-1].i + 1):
            run.append(token)
            continue
        if len(run) > 1:
            start, end = run[0].idx, run[-1].idx + len(run[-1])
            runs.append((start, end, doc_text(doc)[start:end]))
        run = [token] if token is not None and token.pos_ == "PROPN" else []
    return sorted(runs, key=lambda r: (r[0], r[0] - r[1]))


def _person_ents(ents: tuple[Span, ...]) -> list[Span]:
    """PERSON entities with a name, except those the text calls an organisation ("the group Legambiente
    Piemonte", "X, a charity"): NER types many organisations' names as persons."""
    if not ents:
        return []
    person = labels(ents[0].doc, "syntax.person")
    return [e for e in ents if e.label_ in person and _entity_name(e) and not _organisation_named(e.root)]


def _organisation_named(token: Token) -> bool:
    """Whether the text calls a name an organisation: in apposition or compound with an organisation noun
    ("the group Fiumi Liberi"), unless that noun is where a person works ("a researcher at a research
    institute Doo Jin-ho": the parser hangs the trailing name on the nearest noun)."""
    joined = labels(token.doc, "syntax.apposition", "syntax.compound")
    related = [c for c in token.children if c.dep_ in joined]
    related += [token.head] if token.dep_ in joined else []
    res = resources_of(token.doc)
    nouns, person_nouns = _organisation_nouns(res), _person_nouns(res)
    preposition = labels(token.doc, "syntax.preposition")

    def workplace(noun: Token) -> bool:
        return noun.head.dep_ in preposition and noun.head.head.lemma_.lower() in person_nouns

    return any(t.pos_ == "NOUN" and t.lemma_.lower() in nouns and not workplace(t) for t in related)


def _speaker_tokens(phrase: Span) -> list[Token]:
    """The words of a speaker phrase that can name the speaker: its head and what is in apposition or
    compound with it, without possessors, prepositional phrases and clauses (see `NOT_SPEAKER`). A
    name in apposition to a thing is kept: the parser hangs a trailing name on the nearest noun ("a
    researcher at a research institute Doo Jin-ho")."""
    doc = phrase.doc
    other, possessor = labels(doc, *NOT_SPEAKER), labels(doc, "syntax.possessor")
    apposition = labels(doc, "syntax.apposition")
    person_nouns = _person_nouns(resources_of(doc))
    kept: list[Token] = []
    todo = [phrase.root]
    if phrase.root.pos_ == "NOUN" and phrase.root.lemma_.lower() in person_nouns:
        # "the Fenwick boss", "the Kremlin spokesman": a name before a role noun is where the person works.
        other = other | labels(doc, "syntax.compound")
    while todo:
        token = todo.pop()
        kept.append(token)
        todo += [c for c in token.children if c.dep_ not in other and phrase.start <= c.i < phrase.end]
    possessed = {t.i for c in phrase if c.dep_ in possessor for t in c.subtree}
    kept += [
        t for t in phrase
        if t.dep_ in apposition and t.pos_ == "PROPN" and t.head.pos_ == "NOUN" and t.i not in possessed
        and t.head.lemma_.lower() not in person_nouns and t not in kept
    ]
    return sorted(kept, key=lambda t: t.i)


def _entity_name(ent: Span) -> str:
    """The person's name inside an entity span: proper nouns only (NER spans catch "Beside Putin", "Kim’s")."""
    tokens = [t for t in ent if t.pos_ == "PROPN" or t.text == "-"]
    res = resources_of(ent.doc)
    titles = res.words("people.honorifics") | _person_nouns(res)  # "Goalkeeper X" opening a sentence
    while tokens and (tokens[0].text == "-" or tokens[0].lower_.rstrip(".") in titles):
        tokens = tokens[1:]
    if not tokens or tokens[-1].i - tokens[0].i + 1 != len(tokens):
        return ""
    name = doc_text(ent.doc)[tokens[0].idx : tokens[-1].idx + len(tokens[-1])]
    return "" if any(c.isdigit() or c in "/\n@’'" for c in name) else name


def _is_subject(doc: Doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    token = span.root
    possessor = labels(doc, "syntax.possessor")
    within_name = labels(doc, "syntax.compound", "syntax.apposition") | possessor
    while token.dep_ in within_name and token.head != token:
        if token.dep_ in possessor:
            return False
        token = token.head
    return token.dep_ in labels(doc, "syntax.subject")

def _sentence_start(doc: Doc, offset: int, back: int) -> int:
    starts = [s.start_char for s in doc_sentences(doc) if s.start_char <= offset]
    return starts[max(0, len(starts) - 1 - back)] if starts else 0


def _describe(doc: Doc, start: int, end: int) -> str | None:
    """The role printed with a name: an apposition ("X, a professor at ...") or the noun it sits in
    ("Seoul's top diplomat, X"; "Beijing-based analyst X")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    root = span.root
    apposition, determiner = labels(doc, "syntax.apposition"), labels(doc, "syntax.determiner")
    for child in root.children:
        if child.dep_ in apposition and child.i >= span.end:
            return phrase_text(doc, list(child.subtree))
    if root.dep_ in apposition and root.head.i < span.start:
        head_tokens = [t for t in root.head.subtree if t.i < span.start]
        return phrase_text(doc, head_tokens[1:] if head_tokens and head_tokens[0].dep_ in determiner else head_tokens)
    left = [t for t in root.subtree if t.i < span.start and t.dep_ not in determiner]
    if left and any(t.pos_ == "NOUN" for t in left):
        return phrase_text(doc, left)
    return None


# --------------------------------------------------------------------------- speakers


def _resolve(cue: Cue, people: _People, previous: list[Cue]) -> Speaker:
    """Who a speaker phrase names: a pronoun's antecedent, several people together, a person of the
    article (full or short name), a name NER knows as a person, a named organisation, or else what the
    text calls the speaker ("a ministry official", "the club"), linked to a named person or organisation
    only when the article leaves no doubt which one it is."""
    phrase = cue.speaker_phrase
    if phrase is None:
        return UNRESOLVED
    phrase = _author(phrase)
    head = phrase.root
    doc = phrase.doc
    relative = cue.token.dep_ in labels(doc, "syntax.relative_clause")
    if relative and head.tag_ in labels(doc, "syntax.relativiser_tags"):
        # "the agency, which said ...": the speaker is the noun the clause belongs to.
        phrase = subtree_span(cue.token.head)
        head = phrase.root
    if head.pos_ == "PRON":
        return _resolve_pronoun(head, people, previous)
    tokens = _without_clauses(phrase)
    text = phrase_text(doc, tokens[1:] if tokens[0].dep_ in labels(doc, "syntax.determiner") else tokens)
    coordinated = any(t.dep_ in labels(doc, "syntax.coordinator") for t in phrase)
    if coordinated and any(c.dep_ in labels(doc, "syntax.conjunct") for c in head.children):
        # "Smith and Jones said": the words are theirs together, not the first-named person's. Without
        # "and" the parser's conjunct is an apposition ("the local MP, X").
        return Speaker(text, "group", None, "name", phrase.start_char, phrase.end_char)
    mention = people.mention_in(phrase)
    if mention is not None:
        printed = _strip_name(phrase, mention.start, mention.end)
        description = printed or _first(people.descriptions.get(mention.person))
        return Speaker(mention.person, "person", description, mention.how, mention.start, mention.end)
    words = {t.i for t in _speaker_tokens(phrase)}
    person = next((e for e in _person_ents(span_entities(phrase)) if e.root.i in words), None)
    if person is not None:
        # A lone surname ("said Smith") whose full name is printed nowhere in the story.
        start, end = person.start_char, person.end_char
        return Speaker(_entity_name(person), "person", _strip_name(phrase, start, end), "name", start, end)
    kind = _phrase_kind(phrase)
    return UNRESOLVED if kind is None else _named_or_described(phrase, tokens, kind, people, previous)


def _named_or_described(
    phrase: Span, tokens: list[Token], kind: SpeakerKind, people: _People, previous: list[Cue]
) -> Speaker:
    """A speaker phrase that names no person of the article: a name ("the European Commission", "the group
    X") or a description ("a ministry official", "the club"), the latter resolved only when unambiguous."""
    head, doc, res = phrase.root, phrase.doc, resources_of(phrase.doc)
    apposition, compound = labels(doc, "syntax.apposition"), labels(doc, "syntax.compound")
    appositive = next((c for c in head.children if c.dep_ in apposition and c.pos_ == "PROPN"), None)
    if appositive is not None:
        # "the group Legambiente Piemonte", "the singer's label, Halcyon Music": the name is the apposition.
        chain = [t for t in appositive.lefts if t.dep_ in compound] + [appositive]
        start, end = chain[0].idx, appositive.idx + len(appositive)
        institution = res.labels("quotes.organisation_speaker") | res.labels("quotes.group_speaker")
        named_kind: SpeakerKind = "organisation" if appositive.ent_type_ in institution else kind
        return Speaker(doc_text(doc)[start:end], named_kind, _strip_name(phrase, start, end), "name", start, end)
    # A name is headed by a proper noun or an entity; "the Spanish club" only describes one, and so does a
    # person's role with its club or country ("the Harwick boss").
    if head.pos_ == "PROPN" or head.ent_type_ in labels(doc, "syntax.name_like") or kind != "person" and any(
        c.dep_ in compound and c.pos_ == "PROPN" for c in head.children
    ):
        return _printed_name(phrase, tokens, kind)
    start, end = phrase.start_char, phrase.end_char
    described = Speaker(_described_as(phrase.doc, tokens), kind, None, "description", start, end)
    if _possessive_pronoun(tokens[0]) and len(tokens) > 1:
        # "his office" says nothing on its own: "Luca Ranieri's office", when "his" is resolved.
        owner = _resolve_pronoun(tokens[0], people, previous)
        if owner.name and owner.how != "description":
            described = replace(described, name=f"{owner.name}'s {phrase_text(phrase.doc, tokens[1:])}")
    if not any(_definite(c) for c in head.children):
        return described
    if kind == "person":
        return _resolve_role(phrase, people, previous, described)
    return _named_antecedent(phrase, people, described) if kind == "organisation" else described


def _possessive_pronoun(token: Token) -> bool:
    return token.pos_ == "PRON" and "Yes" in token.morph.get("Poss") and "Prs" in token.morph.get("PronType")


def _definite(token: Token) -> bool:
    """A definite article ("the"): the phrase means one the reader already knows of."""
    return token.dep_ in labels(token.doc, "syntax.determiner") and "Def" in token.morph.get("Definite")


def _plural(token: Token) -> bool:
    return "Plur" in token.morph.get("Number")


def _described_as(doc: Doc, tokens: list[Token]) -> str | None:
    """A description as printed, its article in lower case at a sentence start ("The club" -> "the club")."""
    text = phrase_text(doc, tokens)
    first = tokens[0] if tokens else None
    if text and first is not None and first.dep_ in labels(doc, "syntax.determiner") and first.is_sent_start:
        return first.lower_ + text[len(first.text) :]
    return text


def _author(phrase: Span) -> Span:
    """The author of a document named as the source ("according to a report published by X" -> X)."""
    root, res = phrase.root, resources_of(phrase.doc)
    if root.lemma_.lower() not in res.words("quotes.document_nouns"):
        return phrase
    objects = labels(phrase.doc, "syntax.prepositional_object")
    for token in phrase:
        if token.lower_ in res.words("quotes.author_prepositions") and root in (token.head, token.head.head):
            author = next((c for c in token.children if c.dep_ in objects), None)
            if author is not None:
                return subtree_span(author)
    return phrase


def _printed_name(phrase: Span, tokens: list[Token], kind: SpeakerKind) -> Speaker:
    """A named speaker as printed, without its article; a common noun before the proper nouns is what the
    text says it is, not its name ("Turkey's disaster agency AFAD" -> "AFAD", "Turkey's disaster agency")."""
    doc = phrase.doc
    if tokens and tokens[0].dep_ in labels(doc, "syntax.determiner"):
        tokens = tokens[1:]
    head = phrase.root
    chain = [t for t in head.lefts if t.dep_ in labels(doc, "syntax.compound") and t.pos_ == "PROPN"] + [head]
    before = [t for t in tokens if t.i < chain[0].i]
    if head.pos_ == "PROPN" and any(t.pos_ == "NOUN" for t in before) and chain[-1].i == tokens[-1].i:
        start, end = chain[0].idx, head.idx + len(head)
        return Speaker(doc_text(doc)[start:end], kind, phrase_text(doc, before), "name", start, end)
    return Speaker(phrase_text(doc, tokens), kind, None, "name", phrase.start_char, phrase.end_char)


def _phrase_kind(phrase: Span) -> SpeakerKind | None:
    """What kind of speaker a phrase names, from its head noun first; None when it names none."""
    head, res = phrase.root, resources_of(phrase.doc)
    lemma = head.lemma_.lower()
    plural = _plural(head)
    if head.pos_ == "PROPN" and any(t.lower_ in res.words("quotes.person_relatives") for t in phrase):
        return "person"  # "Okonkwo, who chairs the board, said"
    if head.pos_ == "NOUN" and lemma in _person_nouns(res):
        return "group" if plural else "person"
    nouns = {t.lemma_.lower() for t in phrase if t.pos_ == "NOUN"}
    organisation_nouns = _organisation_nouns(res)
    institution = res.labels("quotes.organisation_speaker") | res.labels("quotes.group_speaker")
    if lemma in organisation_nouns or head.ent_type_ in institution:
        return "organisation"
    if head.pos_ == "PROPN":
        named = any(e.label_ in institution for e in span_entities(phrase)) or nouns & organisation_nouns
        return "organisation" if named else "unknown"
    if head.pos_ == "NOUN":
        return "group" if plural else "unknown"
    return None


def _named_antecedent(phrase: Span, people: _People, described: Speaker) -> Speaker:
    """"the court" -> the organisation printed earlier in the article whose name has that noun ("the EU
    General Court"); with none, or two different ones, the speaker stays as the text describes it."""
    noun = phrase.root.lemma_.lower()
    names = [
        e for e in doc_entities(phrase.doc)
        if e.label_ in labels(phrase.doc, "syntax.organisation") and e.end <= phrase.start
        and not people.in_quote(e.start_char)
        and any(t.lemma_.lower() == noun for t in e)
    ]
    if not names:
        return described
    longest = max(names, key=len)
    words = {t.lower_ for t in longest}
    if any(not {t.lower_ for t in e} <= words for e in names):
        return described
    name = phrase_text(phrase.doc, [t for t in longest if t.dep_ not in labels(phrase.doc, "syntax.determiner")])
    return Speaker(name, "organisation", described.name, "role", longest.start_char, longest.end_char)


def _strip_name(phrase: Span, start: int, end: int) -> str | None:
    """The role printed with the name in a speaker phrase: the apposition after it, else the words before
    it ("South Korea's top diplomat, X"); relative clauses ("who took office last year") are no role."""
    outside = [t for t in _without_clauses(phrase) if not (start <= t.idx < end)]
    after = [t for t in outside if t.idx >= end]
    before = [t for t in outside if t.idx < start]
    if before and before[0].dep_ in labels(phrase.doc, "syntax.determiner"):
        before = before[1:]
    person_nouns = _person_nouns(resources_of(phrase.doc))
    for side in (after, before):
        if any(t.pos_ == "NOUN" or t.lower_ in person_nouns for t in side):
            return phrase_text(phrase.doc, side)
    return None


def _without_clauses(phrase: Span) -> list[Token]:
    """A noun phrase without its relative clauses ("X, which represents operators" -> "X")."""
    clause = labels(phrase.doc, "syntax.relative_clause", "syntax.clause_modifier")
    clauses = {t.i for c in phrase if c != phrase.root and c.dep_ in clause for t in c.subtree}
    return [t for t in phrase if t.i not in clauses]


def _first(items: list[str] | None) -> str | None:
    return items[0] if items else None


def _resolve_pronoun(pronoun: Token, people: _People, previous: list[Cue]) -> Speaker:
    """The person a he/she refers to: the only person in reach, the only one known to have that gender, or
    the nearest one when it is a subject or a speaker ("Becker disagreed. He said ..."; "..., he added");
    otherwise unresolved ("X met Y. He said ..."). People named inside quotes or inside the reported words
    of an earlier speaker are what was talked about, not who is talking, so they are out of reach."""
    gender = people.res.table("people.pronoun_gender").get(pronoun.lower_)
    if gender is None:
        return UNRESOLVED
    window_start = _sentence_start(people.doc, pronoun.idx, people.cfg.pronoun_window_sentences)
    reported = {t.idx for c in previous if c.content for t in c.content}
    mentions = [(m.start, m.person, m.subject) for m in people.candidates(pronoun.idx) if m.start not in reported]
    # Speakers count as in reach even when named by a role noun ("said the academic. She said ...").
    speakers = [
        (c.offset, c.speaker.name, True) for c in previous if c.speaker.kind == "person" and c.offset >= window_start
    ]
    in_reach = [c for c in sorted(mentions + speakers, reverse=True) if people.gender.get(c[1]) in (None, gender)]
    if not in_reach:
        in_reach = _last_speaker(pronoun, people, previous, gender, reported)
    persons = list(dict.fromkeys(person for _, person, _ in in_reach))
    known = [p for p in persons if people.gender.get(p) == gender]
    if len(persons) == 1:
        chosen = persons[0]
    elif in_reach and in_reach[0] in speakers:
        chosen = in_reach[0][1]  # "Y said he had “...”. He added": the words go on, whoever was male before
    elif len(known) == 1:
        chosen = known[0]
    elif in_reach and in_reach[0][2]:
        chosen = in_reach[0][1]
    else:
        return UNRESOLVED
    described = [c.speaker for c in previous if c.speaker.name == chosen and c.speaker.how == "description"]
    if described:
        return described[-1]  # "a ministry official said ... She added": still only described
    mention = people.last_mention(chosen, pronoun.idx)
    return Speaker(
        chosen, "person", _first(people.descriptions.get(chosen)), "pronoun",
        mention.start if mention else None, mention.end if mention else None,
    )


def _last_speaker(
    pronoun: Token, people: _People, previous: list[Cue], gender: str, reported: set[int]
) -> list[tuple[int, str | None, bool]]:
    """With nobody in reach, "he said" continues the story's last speaker, paragraphs later, as long as no
    other person has been named since (outside quotation marks and reported words)."""
    last = next((c for c in reversed(previous) if c.speaker.kind == "person" and c.speaker.name), None)
    if last is None or people.gender.get(last.speaker.name or "") not in (None, gender):
        return []
    named_since = [
        m for m in people.mentions
        if last.offset < m.start < pronoun.idx and not m.in_quote and m.start not in reported
        and m.person != last.speaker.name
    ]
    return [] if named_since else [(last.offset, last.speaker.name, True)]


def _resolve_role(phrase: Span, people: _People, previous: list[Cue], anonymous: Speaker) -> Speaker:
    """"the academic" -> the person behind the latest matching role noun before it that describes somebody
    ("X, a professor at ...", or an earlier "said the academic"); when that noun describes nobody named (an anonymous "a senior
    official"), the speaker is that description (the earlier, fuller one when it was a speaker too)."""
    role = phrase.root.lemma_.lower()
    related = frozenset().union(*(g for g in _role_families(people.res) if role in g)) | {role}
    earlier = [
        t for t in phrase.doc[: phrase.start] if t.lemma_.lower() in related and not people.in_quote(t.idx)
    ]
    for noun in reversed(earlier):
        found = _role_holder(noun, people, previous)
        if found is not None:
            return found
        if noun.lemma_.lower() == role:
            break  # the same word for somebody unnamed ("a nurse ... the nurse said")
    return anonymous


def _role_holder(noun: Token, people: _People, previous: list[Cue]) -> Speaker | None:
    """Who an earlier role noun describes: a speaker it was printed with, or a named person whose role it
    is; None when it describes nobody (a related word for someone else: "the referee" before "the boss")."""
    for cue in previous:
        if cue.speaker_phrase is not None and noun in cue.speaker_phrase and cue.speaker.name:
            return cue.speaker if cue.speaker.how == "description" else replace(cue.speaker, how="role")
    for mention in people.mentions:
        descriptions = people.descriptions.get(mention.person, [])
        if mention.how == "name" and noun.sent.start_char <= mention.start < noun.sent.end_char and any(
            noun.text in d for d in descriptions
        ):
            description = next(d for d in descriptions if noun.text in d)
            return Speaker(mention.person, "person", description, "role", mention.start, mention.end)
    return None


