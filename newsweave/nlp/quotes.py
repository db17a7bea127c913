"""Quotes in one article: quotation-mark spans, reported speech, and who is speaking.

Works on `Article.text` offsets with the article's own spaCy parse. Direct quotes come from balanced
quotation marks (scanned here, because the parser does not pair marks and straight marks do not say which
way they face); indirect quotes come from speech verbs with a content clause ("X said (that) ...") and from
"according to X". A speaker is only named when the text supports it: a name in the attribution, a surname
or first name of a full name printed earlier (in the article, else in the story), a pronoun whose
antecedent is the only compatible person or the nearest subject/speaker, a role noun ("the academic")
whose latest mention describes a named person, or "the court" after the one organisation named with that
noun; otherwise the speaker is what the text calls it ("a ministry official", "Reilly's agent": never the
possessor), with `how="description"` and no name claimed, because a quote pinned on the wrong person is
worse than one with no named speaker. Short quoted labels (a name in quotation marks, a scare quote with
no speaker, an institution's name for something) are `role="term"`, kept out of the dossier's quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Literal

from spacy.tokens import Doc, Span, Token

from newsweave.lang import Resources, resources_of
from newsweave.models import AnalyzedArticle
from newsweave.settings import QuoteSettings

SpeakerKind = Literal["person", "organisation", "group", "unknown"]
Role = Literal["statement", "term"]

PART_JOINER = " … "
NAME_PART = re.compile(r"[A-Z][\w.-]+")


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


def _title_words(res: Resources) -> frozenset[str]:
    return res.words("people.honorifics") | res.words("people.title_nouns")


def _organisation_nouns(res: Resources) -> frozenset[str]:
    """Head nouns of a speaker speaking for an organisation; a document ("the statement said") speaks for one."""
    return res.words("people.organisation_nouns") | res.words("quotes.document_nouns")


def _labels(doc: Doc, *keys: str) -> frozenset[str]:
    """The parser's labels for these functions ("syntax.subject", "syntax.person"), of the doc's language."""
    res = resources_of(doc)
    return frozenset().union(*(res.labels(key) for key in keys))


NOT_SPEAKER = (
    "syntax.possessor", "syntax.preposition", "syntax.relative_clause", "syntax.clause_modifier", "syntax.agent",
    "syntax.adverbial_clause",
)
"""Parts of a speaker phrase that name someone else: "Reilly's agent", "a spokesman for Minister X"."""


@dataclass(frozen=True)
class QuoteSpan:
    """The words between a pair of quotation marks (marks excluded); `depth` > 0 for a quote inside a quote."""

    start: int
    end: int
    depth: int
    open_ended: bool = False


@dataclass
class Speaker:
    name: str | None
    kind: SpeakerKind = "unknown"
    description: str | None = None
    how: str = "unresolved"
    start: int | None = None
    end: int | None = None


UNRESOLVED = Speaker(name=None)


@dataclass
class FoundQuote:
    """One quote of one article; a split quote (“...,” she said, “...”) is one quote with several parts."""

    kind: Literal["direct", "indirect"]
    role: Role
    parts: list[tuple[int, int]]
    text: str
    speaker: Speaker
    cue: str | None = None
    medium: str | None = None
    why: str = ""

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


@dataclass
class _Cue:
    token: Token
    words: str
    speaker_phrase: Span | None
    medium: str | None
    content: list[Token] | None
    speaker: Speaker = field(default_factory=lambda: UNRESOLVED)

    @property
    def offset(self) -> int:
        return self.token.idx


@dataclass
class _Mention:
    start: int
    end: int
    person: str
    how: str
    in_quote: bool
    subject: bool = False


# --------------------------------------------------------------------------- quotation marks


def find_quote_spans(text: str, cfg: QuoteSettings | None = None) -> list[QuoteSpan]:
    """Pair quotation marks; unbalanced marks are dropped so they never swallow the rest of the article.

    A double quote left open at a paragraph end is closed there when the next paragraph opens with a mark
    (the convention for a quote over several paragraphs), and dropped otherwise. A span inside another one
    is a quote inside a quote (`depth` 1). Without `cfg`, the default settings.
    """
    cfg = cfg or QuoteSettings()
    pairs: list[tuple[int, int, bool]] = []
    stack: list[tuple[str, int]] = []  # (kind "d"/"s", offset after the opening mark)
    for i, char in enumerate(text):
        if char == "\n":
            pairs += _close_paragraph(text, i, stack, cfg.max_quote_chars)
            stack = []
            continue
        role = _mark_role(text, i)
        if role is None:
            continue
        kind = "d" if char in "\"“”" else "s"
        has_open = any(k == kind for k, _ in stack)
        if role == "close" or (role == "either" and has_open):
            if has_open:
                while stack[-1][0] != kind:
                    stack.pop()
                _, start = stack.pop()
                # A straight single mark is too often an apostrophe to trust over a long stretch.
                limit = cfg.max_single_quote_chars if text[start - 1] == "'" else cfg.max_quote_chars
                if 0 < i - start <= limit:
                    pairs.append((start, i, False))
        elif kind == "d":
            # English nests single marks inside double ones: a second double opening means the first was stray.
            stack = [entry for entry in stack if entry[0] != "d"] + [(kind, i + 1)]
        else:
            stack.append((kind, i + 1))
    trimmed = [_trim(text, start, end) + (open_ended,) for start, end, open_ended in pairs]
    spans = [
        QuoteSpan(start, end, sum(s <= start and end <= e and (s, e) != (start, end) for s, e, _ in trimmed), ended)
        for start, end, ended in trimmed
        if end > start
    ]
    return sorted(spans, key=lambda s: (s.start, -s.end))


def _close_paragraph(text: str, i: int, stack: list[tuple[str, int]], limit: int) -> list[tuple[int, int, bool]]:
    following = text[i:].lstrip()
    doubles = [start for kind, start in stack if kind == "d"]
    if doubles and following[:1] in ("“", '"') and i - doubles[0] <= limit:
        return [(doubles[0], i, True)]
    return []


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def _mark_role(text: str, i: int) -> Literal["open", "close", "either"] | None:
    """Which way a mark faces, from its neighbours; apostrophes inside words (Kim’s, can't) are not marks."""
    char = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    opens_after = before.isspace() or before in "([{—–-/“‘\"'"
    if char == "“" or char == "‘":
        return "open"
    if char == "”":
        return "close"
    if char == '"':
        if opens_after and not after.isspace():
            return "open"
        if not before.isspace():
            return "close" if (after.isspace() or not after.isalnum()) else "either"
        return None
    if char in "'’":
        if before.isalnum() and after.isalpha():
            return None
        if opens_after and after.isalpha() and char == "'":
            return "open"
        if not before.isspace() and not after.isalnum():
            return "close"
    return None


# --------------------------------------------------------------------------- people of one article


class _People:
    """Persons named in one article: full names, later short references, genders and descriptions."""

    def __init__(
        self, doc: Doc, spans: list[QuoteSpan], extra_names: list[str], story_names: list[str], cfg: QuoteSettings
    ):
        self.doc = doc
        self.spans = spans
        self.cfg = cfg
        self.res = resources_of(doc)
        text = doc.text
        longer = set(person_names(doc)) | {n for n in extra_names if len(n.split()) >= 2}
        parts = {part for name in longer | set(story_names) for part in _name_parts(name)}
        # A lone name ("said Gallina") is a person of its own unless it is part of a longer name.
        names = longer | {n for n in extra_names if len(n.split()) == 1 and n not in parts}
        self.full_names = sorted(names, key=len, reverse=True)
        self.story_names = [n for n in story_names if n not in self.full_names]
        self.mentions = self._find_mentions(text, spans)
        self.gender: dict[str, str | None] = {}
        self.descriptions: dict[str, list[str]] = {}
        for mention in self.mentions:
            if mention.how == "name":
                self._learn_from_context(mention)
        self._learn_from_pronouns()

    def _find_mentions(self, text: str, spans: list[QuoteSpan]) -> list[_Mention]:
        taken: list[tuple[int, int]] = []
        found: list[_Mention] = []
        for name in self.full_names:
            for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
                if not any(s < match.end() and match.start() < e for s, e in taken):
                    taken.append(match.span())
                    subject = _is_subject(self.doc, *match.span())
                    found.append(_Mention(*match.span(), name, "name", _inside(spans, match.start()), subject))
        parts = {part for name in self.full_names + self.story_names for part in _name_parts(name)}
        for match in NAME_PART.finditer(text):
            word = match.group().rstrip(".")
            if word not in parts or any(s <= match.start() < e for s, e in taken):
                continue
            earlier = [
                m for m in found if m.how == "name" and m.start < match.start() and word in _name_parts(m.person)
            ]
            if earlier:
                person = max(earlier, key=lambda m: m.start).person
            else:
                owners = {n for n in self.full_names + self.story_names if word in _name_parts(n)}
                if len(owners) != 1:
                    continue
                person = owners.pop()
            end = match.start() + len(word)
            in_quote = _inside(spans, match.start())
            subject = _is_subject(self.doc, match.start(), end)
            found.append(_Mention(match.start(), end, person, "short name", in_quote, subject))
        return sorted(found, key=lambda m: m.start)

    def _learn_from_context(self, mention: _Mention) -> None:
        description = describe(self.doc, mention.start, mention.end)
        if description:
            self.descriptions.setdefault(mention.person, []).append(description)
        before = self.doc.text[max(0, mention.start - 30) : mention.start].lower()
        words = re.findall(r"[^\W\d_]+", (description or "").lower()) + re.findall(r"[^\W\d_]+", before)[-3:]
        gendered = _gender_of_words(self.res)
        for word in words:
            if word in gendered:
                self._set_gender(mention.person, gendered[word])

    def _learn_from_pronouns(self) -> None:
        """A he/she with a single person in reach tells that person's gender (used to rule them out later)."""
        pronouns = self.res.table("people.pronoun_gender")
        for token in self.doc:
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
        return _inside(self.spans, offset)

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


def person_names(doc: Doc) -> list[str]:
    """Full names (two words or more) of the persons NER finds in a parsed article."""
    return sorted({n for e in _person_ents(doc.ents) if len((n := _entity_name(e)).split()) >= 2})


def _person_ents(ents: tuple[Span, ...]) -> list[Span]:
    """PERSON entities with a name, except those the text calls an organisation ("the group Legambiente
    Piemonte", "X, a charity"): NER types many organisations' names as persons."""
    if not ents:
        return []
    person = _labels(ents[0].doc, "syntax.person")
    return [e for e in ents if e.label_ in person and _entity_name(e) and not _organisation_named(e.root)]


def _organisation_named(token: Token) -> bool:
    joined = _labels(token.doc, "syntax.apposition", "syntax.compound")
    related = [c for c in token.children if c.dep_ in joined]
    related += [token.head] if token.dep_ in joined else []
    nouns = _organisation_nouns(resources_of(token.doc))
    return any(t.pos_ == "NOUN" and t.lemma_.lower() in nouns for t in related)


def _speaker_tokens(phrase: Span) -> list[Token]:
    """The words of a speaker phrase that can name the speaker: its head and what is in apposition or
    compound with it, without possessors, prepositional phrases and clauses (see `NOT_SPEAKER`). A
    name in apposition to a thing is kept: the parser hangs a trailing name on the nearest noun ("a
    researcher at a research institute Doo Jin-ho")."""
    doc = phrase.doc
    other, possessor = _labels(doc, *NOT_SPEAKER), _labels(doc, "syntax.possessor")
    apposition = _labels(doc, "syntax.apposition")
    person_nouns = _person_nouns(resources_of(doc))
    kept: list[Token] = []
    todo = [phrase.root]
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
    titles = _title_words(resources_of(ent.doc))
    while tokens and (tokens[0].text == "-" or tokens[0].lower_.rstrip(".") in titles):
        tokens = tokens[1:]
    if not tokens or tokens[-1].i - tokens[0].i + 1 != len(tokens):
        return ""
    name = ent.doc.text[tokens[0].idx : tokens[-1].idx + len(tokens[-1])]
    return "" if any(c.isdigit() or c in "/\n@’'" for c in name) else name


def _is_subject(doc: Doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    token = span.root
    possessor = _labels(doc, "syntax.possessor")
    within_name = _labels(doc, "syntax.compound", "syntax.apposition") | possessor
    while token.dep_ in within_name and token.head != token:
        if token.dep_ in possessor:
            return False
        token = token.head
    return token.dep_ in _labels(doc, "syntax.subject")


def _name_parts(name: str) -> list[str]:
    words = name.split()
    return [words[0], words[-1]] if len(words) >= 2 else words


def _inside(spans: list[QuoteSpan], offset: int) -> bool:
    return any(s.start <= offset < s.end for s in spans)


def _sentence_start(doc: Doc, offset: int, back: int) -> int:
    starts = [s.start_char for s in doc.sents if s.start_char <= offset]
    return starts[max(0, len(starts) - 1 - back)] if starts else 0


def describe(doc: Doc, start: int, end: int) -> str | None:
    """The role printed with a name: an apposition ("X, a professor at ...") or the noun it sits in
    ("Seoul's top diplomat, X"; "Beijing-based analyst X")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    root = span.root
    apposition, determiner = _labels(doc, "syntax.apposition"), _labels(doc, "syntax.determiner")
    for child in root.children:
        if child.dep_ in apposition and child.i >= span.end:
            return _phrase_text(doc, list(child.subtree))
    if root.dep_ in apposition and root.head.i < span.start:
        head_tokens = [t for t in root.head.subtree if t.i < span.start]
        return _phrase_text(doc, head_tokens[1:] if head_tokens and head_tokens[0].dep_ in determiner else head_tokens)
    left = [t for t in root.subtree if t.i < span.start and t.dep_ not in determiner]
    if left and any(t.pos_ == "NOUN" for t in left):
        return _phrase_text(doc, left)
    return None


def _phrase_text(doc: Doc, tokens: list[Token]) -> str | None:
    tokens = sorted(tokens, key=lambda t: t.i)
    while tokens and (tokens[0].is_punct or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens = tokens[:-1]
    if not tokens:
        return None
    text = doc.text[tokens[0].idx : tokens[-1].idx + len(tokens[-1])]
    return " ".join(text.split()) or None


# --------------------------------------------------------------------------- speech cues


def _cues(doc: Doc, spans: list[QuoteSpan]) -> list[_Cue]:
    """Speech verbs and "according to" outside quotation marks, with their speaker phrase, medium and content."""
    res = resources_of(doc)
    verbs, according = res.words("speech.verbs"), [p.split() for p in res.phrases("speech.according_to")]
    objects = _labels(doc, "syntax.prepositional_object")
    found = []
    for token in doc:
        if _inside(spans, token.idx):
            continue
        cue_words = next((words for words in according if _starts(doc, token.i, words)), None)
        if cue_words is not None:
            last = doc[token.i + len(cue_words) - 1]
            source = [c for c in last.children if c.dep_ in objects]
            if source:
                words = doc.text[token.idx : last.idx + len(last)]
                found.append(_Cue(token, words.lower(), _subtree(source[0]), None, _according_content(token)))
        elif token.lemma_.lower() in verbs and token.pos_ == "VERB":
            cue = _verb_cue(doc, token)
            if cue is not None:
                found.append(cue)
    return found


def _starts(doc: Doc, i: int, words: list[str]) -> bool:
    return i + len(words) <= len(doc) and all(doc[i + k].lower_ == word for k, word in enumerate(words))


def _according_content(according: Token) -> list[Token] | None:
    """What "according to X" attributes: the rest of its sentence (the parser often hangs the phrase on the
    wrong word), unless it introduces a direct quote ("According to X, “...”"), which is then all X said."""
    phrase = list(according.subtree)
    following = [t for t in according.doc[phrase[-1].i + 1 : phrase[-1].i + 4] if not (t.is_space or t.text == ",")]
    if following and following[0].is_quote:
        return None
    inside = {t.i for t in phrase}
    return [t for t in according.sent if t.i not in inside] or None


def _child(token: Token, *keys: str) -> Token | None:
    """The (last) dependent of `token` with one of these functions ("syntax.object")."""
    labels = _labels(token.doc, *keys)
    return next((c for c in reversed(list(token.children)) if c.dep_ in labels), None)


def _verb_cue(doc: Doc, verb: Token) -> _Cue | None:
    res = resources_of(doc)
    medium = _medium(verb)
    words = verb.text
    lemma = verb.lemma_.lower()
    if lemma in res.words("speech.quoting_verbs"):
        agent, passive = _child(verb, "syntax.agent"), _child(verb, "syntax.passive_subject")
        obj = _child(verb, "syntax.object")
        if passive is not None:
            speaker = _subtree(passive)
            medium = _pobj_phrase(agent) if agent is not None else medium
            words = _passive_cue_words(verb)
        elif obj is not None:
            speaker = _subtree(obj)
            subject = _child(verb, "syntax.active_subject")
            medium = _phrase_text(doc, list(subject.subtree)) if subject is not None else medium
        elif verb.dep_ in _labels(doc, "syntax.clause_modifier", "syntax.adjectival_modifier") or verb.head.pos_ in (
            "NOUN", "PROPN"
        ):
            # "The Daily newspaper quoted leader X ..." is often parsed with the verb modifying the paper.
            speaker = _next_name(doc, verb)
            medium = next((_phrase_text(doc, list(c)) for c in doc.noun_chunks if c.end == verb.i), None)
        else:
            return None
        saying = _as_saying(verb)
        content = _clause(saying) if saying is not None else None
        return _Cue(verb, words, speaker, medium, content)
    subject = _child(verb, "syntax.active_subject")
    sharing = _labels(doc, "syntax.conjunct", "syntax.open_complement", "syntax.adverbial_clause")
    if subject is None and verb.dep_ in sharing:
        subject = _child(verb.head, "syntax.active_subject")
    if subject is None:
        return None
    ccomp = _child(verb, "syntax.content_clause")
    if ccomp is not None:
        content = _clause(ccomp)
    elif verb.dep_ in _labels(doc, "syntax.parataxis") and verb.head.pos_ in ("VERB", "AUX"):
        content = [t for t in verb.head.subtree if t.i not in {s.i for s in verb.subtree}]
    elif lemma in res.words("speech.describing_verbs") and _child(verb, "syntax.object") is not None:
        # "described the parade as a major mending ...": what was said is the object and its "as" phrase.
        said = _labels(doc, "syntax.object", "syntax.preposition", "syntax.adverbial_clause", "syntax.object_predicate")
        content = [t for c in verb.children if c.dep_ in said for t in c.subtree]
    else:
        content = None
    return _Cue(verb, words, _subtree(subject), medium, content)


def _passive_cue_words(verb: Token) -> str:
    """The printed words of a passive quoting cue: "is quoted", "was quoted as saying"."""
    auxiliary = _child(verb, "syntax.passive_auxiliary")
    saying = _as_saying(verb)
    words = [auxiliary, verb] + ([saying.head, saying] if saying is not None else [])
    return " ".join(t.text for t in words if t is not None)


def _as_saying(verb: Token) -> Token | None:
    res = resources_of(verb.doc)
    preposition = _labels(verb.doc, "syntax.preposition")
    for prep in verb.children:
        if prep.dep_ in preposition and prep.lower_ in res.words("quotes.as_prepositions"):
            for child in prep.children:
                if child.lemma_ in res.words("speech.saying_verbs"):
                    return child
    return None


def _clause(head: Token) -> list[Token]:
    res = resources_of(head.doc)
    nested = _child(head, "syntax.content_clause") if head.lemma_ in res.words("speech.saying_verbs") else head
    clause = nested or head
    marker, complementisers = _labels(head.doc, "syntax.subordinator"), res.words("quotes.complementisers")
    return [t for t in clause.subtree if not (t.dep_ in marker and t.head == clause and t.lower_ in complementisers)]


def _subtree(token: Token) -> Span:
    tokens = list(token.subtree)
    return token.doc[tokens[0].i : tokens[-1].i + 1]


def _next_name(doc: Doc, verb: Token) -> Span | None:
    person = _labels(doc, "syntax.person")
    for ent in doc.ents:
        if ent.start > verb.i and ent.label_ in person and ent.sent == verb.sent:
            return ent
    return None


def _pobj_phrase(prep: Token) -> str | None:
    obj = next((c for c in prep.children if c.dep_ in _labels(prep.doc, "syntax.prepositional_object")), None)
    return _phrase_text(prep.doc, list(obj.subtree)) if obj is not None else None


def _medium(verb: Token) -> str | None:
    """Whom or through what the words were said: "told Anadolu", "in an interview with the country's radio"."""
    doc, res = verb.doc, resources_of(verb.doc)
    addressed = verb.lemma_.lower() in res.words("speech.addressee_verbs")
    listener, preposition = _labels(doc, "syntax.object", "syntax.dative"), _labels(doc, "syntax.preposition")
    objects = _labels(doc, "syntax.prepositional_object")
    for child in verb.children:
        if child.dep_ in listener and addressed:
            return _phrase_text(doc, list(child.subtree))
        if child.dep_ in preposition and child.lower_ in res.words("quotes.listener_prepositions") and not addressed:
            return _pobj_phrase(child)
        if child.dep_ in preposition and child.lower_ in res.words("quotes.medium_prepositions"):
            noun = next((c for c in child.children if c.dep_ in objects), None)
            if noun is not None and noun.lemma_.lower() in res.words("quotes.medium_nouns"):
                outlets = res.words("quotes.outlet_prepositions")
                inner = next((c for c in noun.children if c.dep_ in preposition and c.lower_ in outlets), None)
                named = _pobj_phrase(inner) if inner is not None else None
                return named or _phrase_text(doc, list(noun.subtree))
    return None


# --------------------------------------------------------------------------- speakers


def _resolve(cue: _Cue, people: _People, previous: list[_Cue]) -> Speaker:
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
    relative = cue.token.dep_ in _labels(doc, "syntax.relative_clause")
    if relative and head.tag_ in _labels(doc, "syntax.relativiser_tags"):
        # "the agency, which said ...": the speaker is the noun the clause belongs to.
        phrase = _subtree(cue.token.head)
        head = phrase.root
    if head.pos_ == "PRON":
        return _resolve_pronoun(head, people, previous)
    tokens = _without_clauses(phrase)
    text = _phrase_text(doc, tokens[1:] if tokens[0].dep_ in _labels(doc, "syntax.determiner") else tokens)
    if any(c.dep_ in _labels(doc, "syntax.conjunct") for c in head.children):
        # "Smith and Jones said": the words are theirs together, not the first-named person's.
        return Speaker(text, "group", None, "name", phrase.start_char, phrase.end_char)
    mention = people.mention_in(phrase)
    if mention is not None:
        printed = _strip_name(phrase, mention.start, mention.end)
        description = printed or _first(people.descriptions.get(mention.person))
        return Speaker(mention.person, "person", description, mention.how, mention.start, mention.end)
    words = {t.i for t in _speaker_tokens(phrase)}
    person = next((e for e in _person_ents(phrase.ents) if e.root.i in words), None)
    if person is not None:
        # A lone surname ("said Smith") whose full name is printed nowhere in the story.
        start, end = person.start_char, person.end_char
        return Speaker(_entity_name(person), "person", _strip_name(phrase, start, end), "name", start, end)
    kind = _phrase_kind(phrase)
    return UNRESOLVED if kind is None else _named_or_described(phrase, tokens, kind, people, previous)


def _named_or_described(
    phrase: Span, tokens: list[Token], kind: SpeakerKind, people: _People, previous: list[_Cue]
) -> Speaker:
    """A speaker phrase that names no person of the article: a name ("the European Commission", "the group
    X") or a description ("a ministry official", "the club"), the latter resolved only when unambiguous."""
    head, doc, res = phrase.root, phrase.doc, resources_of(phrase.doc)
    apposition, compound = _labels(doc, "syntax.apposition"), _labels(doc, "syntax.compound")
    appositive = next((c for c in head.children if c.dep_ in apposition and c.pos_ == "PROPN"), None)
    if appositive is not None:
        # "the group Legambiente Piemonte", "the singer's label, Halcyon Music": the name is the apposition.
        chain = [t for t in appositive.lefts if t.dep_ in compound] + [appositive]
        start, end = chain[0].idx, appositive.idx + len(appositive)
        institution = res.labels("quotes.organisation_speaker") | res.labels("quotes.group_speaker")
        named_kind: SpeakerKind = "organisation" if appositive.ent_type_ in institution else kind
        return Speaker(doc.text[start:end], named_kind, _strip_name(phrase, start, end), "name", start, end)
    # A name is headed by a proper noun or an entity; "the Spanish club" only describes one.
    if head.pos_ == "PROPN" or head.ent_type_ in _labels(doc, "syntax.name_like") or any(
        c.dep_ in compound and c.pos_ == "PROPN" for c in head.children
    ):
        return _printed_name(phrase, tokens, kind)
    start, end = phrase.start_char, phrase.end_char
    described = Speaker(_described_as(phrase.doc, tokens), kind, None, "description", start, end)
    if _possessive_pronoun(tokens[0]) and len(tokens) > 1:
        # "his office" says nothing on its own: "Luca Ranieri's office", when "his" is resolved.
        owner = _resolve_pronoun(tokens[0], people, previous)
        if owner.name and owner.how != "description":
            described.name = f"{owner.name}'s {_phrase_text(phrase.doc, tokens[1:])}"
    if not any(_definite(c) for c in head.children):
        return described
    if kind == "person":
        return _resolve_role(phrase, people, previous, described)
    return _named_antecedent(phrase, people, described) if kind == "organisation" else described


def _possessive_pronoun(token: Token) -> bool:
    return token.pos_ == "PRON" and "Yes" in token.morph.get("Poss") and "Prs" in token.morph.get("PronType")


def _definite(token: Token) -> bool:
    """A definite article ("the"): the phrase means one the reader already knows of."""
    return token.dep_ in _labels(token.doc, "syntax.determiner") and "Def" in token.morph.get("Definite")


def _plural(token: Token) -> bool:
    return "Plur" in token.morph.get("Number")


def _described_as(doc: Doc, tokens: list[Token]) -> str | None:
    """A description as printed, its article in lower case at a sentence start ("The club" -> "the club")."""
    text = _phrase_text(doc, tokens)
    first = tokens[0] if tokens else None
    if text and first is not None and first.dep_ in _labels(doc, "syntax.determiner") and first.is_sent_start:
        return first.lower_ + text[len(first.text) :]
    return text


def _author(phrase: Span) -> Span:
    """The author of a document named as the source ("according to a report published by X" -> X)."""
    root, res = phrase.root, resources_of(phrase.doc)
    if root.lemma_.lower() not in res.words("quotes.document_nouns"):
        return phrase
    objects = _labels(phrase.doc, "syntax.prepositional_object")
    for token in phrase:
        if token.lower_ in res.words("quotes.author_prepositions") and root in (token.head, token.head.head):
            author = next((c for c in token.children if c.dep_ in objects), None)
            if author is not None:
                return _subtree(author)
    return phrase


def _printed_name(phrase: Span, tokens: list[Token], kind: SpeakerKind) -> Speaker:
    """A named speaker as printed, without its article; a common noun before the proper nouns is what the
    text says it is, not its name ("Turkey's disaster agency AFAD" -> "AFAD", "Turkey's disaster agency")."""
    doc = phrase.doc
    if tokens and tokens[0].dep_ in _labels(doc, "syntax.determiner"):
        tokens = tokens[1:]
    head = phrase.root
    chain = [t for t in head.lefts if t.dep_ in _labels(doc, "syntax.compound") and t.pos_ == "PROPN"] + [head]
    before = [t for t in tokens if t.i < chain[0].i]
    if head.pos_ == "PROPN" and any(t.pos_ == "NOUN" for t in before) and chain[-1].i == tokens[-1].i:
        start, end = chain[0].idx, head.idx + len(head)
        return Speaker(doc.text[start:end], kind, _phrase_text(doc, before), "name", start, end)
    return Speaker(_phrase_text(doc, tokens), kind, None, "name", phrase.start_char, phrase.end_char)


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
        named = any(e.label_ in institution for e in phrase.ents) or nouns & organisation_nouns
        return "organisation" if named else "unknown"
    if head.pos_ == "NOUN":
        return "group" if plural else "unknown"
    return None


def _named_antecedent(phrase: Span, people: _People, described: Speaker) -> Speaker:
    """"the court" -> the organisation printed earlier in the article whose name has that noun ("the EU
    General Court"); with none, or two different ones, the speaker stays as the text describes it."""
    noun = phrase.root.lemma_.lower()
    names = [
        e for e in phrase.doc.ents
        if e.label_ in _labels(phrase.doc, "syntax.organisation") and e.end <= phrase.start
        and not people.in_quote(e.start_char)
        and any(t.lemma_.lower() == noun for t in e)
    ]
    if not names:
        return described
    longest = max(names, key=len)
    words = {t.lower_ for t in longest}
    if any(not {t.lower_ for t in e} <= words for e in names):
        return described
    name = _phrase_text(phrase.doc, [t for t in longest if t.dep_ not in _labels(phrase.doc, "syntax.determiner")])
    return Speaker(name, "organisation", described.name, "role", longest.start_char, longest.end_char)


def _strip_name(phrase: Span, start: int, end: int) -> str | None:
    """The role printed with the name in a speaker phrase: the apposition after it, else the words before
    it ("South Korea's top diplomat, X"); relative clauses ("who took office last year") are no role."""
    outside = [t for t in _without_clauses(phrase) if not (start <= t.idx < end)]
    after = [t for t in outside if t.idx >= end]
    before = [t for t in outside if t.idx < start]
    if before and before[0].dep_ in _labels(phrase.doc, "syntax.determiner"):
        before = before[1:]
    person_nouns = _person_nouns(resources_of(phrase.doc))
    for side in (after, before):
        if any(t.pos_ == "NOUN" or t.lower_ in person_nouns for t in side):
            return _phrase_text(phrase.doc, side)
    return None


def _without_clauses(phrase: Span) -> list[Token]:
    """A noun phrase without its relative clauses ("X, which represents operators" -> "X")."""
    clause = _labels(phrase.doc, "syntax.relative_clause", "syntax.clause_modifier")
    clauses = {t.i for c in phrase if c != phrase.root and c.dep_ in clause for t in c.subtree}
    return [t for t in phrase if t.i not in clauses]


def _first(items: list[str] | None) -> str | None:
    return items[0] if items else None


def _resolve_pronoun(pronoun: Token, people: _People, previous: list[_Cue]) -> Speaker:
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
    persons = list(dict.fromkeys(person for _, person, _ in in_reach))
    known = [p for p in persons if people.gender.get(p) == gender]
    if len(persons) == 1:
        chosen = persons[0]
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


def _resolve_role(phrase: Span, people: _People, previous: list[_Cue], anonymous: Speaker) -> Speaker:
    """"the academic" -> the person behind the latest matching role noun before it ("X, a professor at ...",
    or an earlier "said the academic"); when that noun describes nobody named (an anonymous "a senior
    official"), the speaker is that description (the earlier, fuller one when it was a speaker too)."""
    role = phrase.root.lemma_.lower()
    related = frozenset().union(*(g for g in _role_families(people.res) if role in g)) | {role}
    earlier = [
        t for t in phrase.doc[: phrase.start] if t.lemma_.lower() in related and not people.in_quote(t.idx)
    ]
    if not earlier:
        return anonymous
    noun = earlier[-1]
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
    return anonymous


# --------------------------------------------------------------------------- the article's quotes


def extract_quotes(
    item: AnalyzedArticle, cfg: QuoteSettings, story_names: list[str] | None = None
) -> list[FoundQuote]:
    """Direct and indirect quotes of one article, statements and terms, in text order; the language data
    is the one the article was parsed with (`resources_of`).

    `story_names` are full person names printed in other articles of the story, so a bare surname can be
    resolved when this article never prints the full name.
    """
    doc = item.doc
    spans = [s for s in find_quote_spans(item.article.text, cfg) if s.depth == 0]
    cues = sorted(_cues(doc, spans), key=lambda c: c.offset)
    extra = [name for token in doc if (name := _role_named(token))] + [
        _entity_name(e) for c in cues if c.speaker_phrase is not None for e in _person_ents(c.speaker_phrase.ents)
    ]
    people = _People(doc, spans, extra, story_names or [], cfg)
    for index, cue in enumerate(cues):
        cue.speaker = _resolve(cue, people, cues[:index])
        if cue.speaker.name and cue.speaker.kind == "person" and cue.speaker.description:
            known = people.descriptions.setdefault(cue.speaker.name, [])
            if cue.speaker.description not in known:
                known.append(cue.speaker.description)
    found = _direct_quotes(doc, spans, cues, cfg) + [q for c in cues if (q := _indirect(c, spans, cfg))]
    return sorted(found, key=lambda q: (q.start, q.kind))


def _role_named(root: Token) -> str | None:
    """The person's name a word heads, even when NER missed it or typed it as something else (it does so
    for many non-English names): a proper-noun chain of two words or more that carries a person's role: a
    title ("Mayor Thandiwe Nkosi"), an apposition ("Hong Lei, assistant minister"), or the noun it is in
    apposition to ("a department spokesperson, Lerato Dlamini"), also when the parser hangs the name on the
    noun of the role's prepositional phrase ("the mayor of Pontebba, Ilse Brandauer")."""
    doc, res = root.doc, resources_of(root.doc)
    person_nouns = _person_nouns(res)
    apposition = _labels(doc, "syntax.apposition")
    role_root = root.pos_ == "NOUN" and root.lemma_.lower() in person_nouns
    heads = [root]
    if role_root:
        preposition, objects = _labels(doc, "syntax.preposition"), _labels(doc, "syntax.prepositional_object")
        nouns = [o for p in root.children if p.dep_ in preposition for o in p.children if o.dep_ in objects]
        heads += [c for t in [root, *nouns] for c in t.children if c.dep_ in apposition]
    for head in heads:
        if head.pos_ != "PROPN":
            continue
        chain = [t for t in head.lefts if t.dep_ in _labels(doc, "syntax.compound") and t.pos_ == "PROPN"] + [head]
        titles = [t for t in chain if t.lower_.rstrip(".") in _title_words(res) | person_nouns]
        name = [t for t in chain if t not in titles]
        roles = [c for c in head.children if c.dep_ in apposition and c.lemma_.lower() in person_nouns]
        if len(name) >= 2 and (titles or roles or role_root):
            return root.doc.text[name[0].idx : head.idx + len(head)]
    return None


def _direct_quotes(doc: Doc, spans: list[QuoteSpan], cues: list[_Cue], cfg: QuoteSettings) -> list[FoundQuote]:
    found: list[FoundQuote] = []
    last: tuple[FoundQuote, QuoteSpan, _Cue | None] | None = None  # the last statement
    attributions = [_attributing_cue(doc, span, cues) for span in spans]
    for i in reversed(range(len(spans) - 1)):
        if attributions[i] is None and spans[i].open_ended:
            # A paragraph of a quote over several paragraphs is attributed where the quote ends.
            attributions[i] = attributions[i + 1]
    for span, cue in zip(spans, attributions, strict=True):
        if last is not None and _joins(doc, last[1], last[2], cue, span, cfg):
            last[0].parts.append((span.start, span.end))
            last[0].text += PART_JOINER + doc.text[span.start : span.end]
            last = (last[0], span, last[2])
            continue
        speaker = cue.speaker if cue is not None else UNRESOLVED
        text = doc.text[span.start : span.end]
        why = _term_reason(doc, span, text, speaker, cue, cfg)
        if why:
            text = text.rstrip(".,;:")  # a label's final stop belongs to the sentence (US style puts it inside)
        quote = FoundQuote(
            kind="direct",
            role="term" if why else "statement",
            parts=[(span.start, span.start + len(text))],
            text=text,
            speaker=speaker,
            cue=cue.words if cue is not None else None,
            medium=cue.medium if cue is not None else None,
            why=why or "",
        )
        found.append(quote)
        if quote.role == "statement":
            last = (quote, span, cue)
    return found


def _joins(
    doc: Doc, previous: QuoteSpan, previous_cue: _Cue | None, cue: _Cue | None, span: QuoteSpan, cfg: QuoteSettings
) -> bool:
    """Whether a quote is the next part of the previous one: the second half of a split quote around its
    attribution (“...,” she said, “...”), the next paragraph of a quote over several paragraphs, or an
    unattributed quote right after the sentence of an attributed one."""
    if cue is None:
        label = _term_reason(doc, span, doc.text[span.start : span.end], UNRESOLVED, None, cfg)
        return label is None and _continues(doc, previous, previous_cue, span, cfg)
    return previous_cue is cue and (previous.open_ended or previous.end < cue.offset < span.start)


def _attributing_cue(doc: Doc, span: QuoteSpan, cues: list[_Cue]) -> _Cue | None:
    """The nearest speech cue in the sentences the quote overlaps, or in a preceding sentence ending in ':'."""
    sentences = [s for s in doc.sents if s.start_char < span.end and span.start < s.end_char]
    if not sentences:
        return None
    low, high = sentences[0].start_char, sentences[-1].end_char
    near = [c for c in cues if low <= c.offset < high]
    if not near:
        before = doc.text[:low].rstrip()
        if not before.endswith(":"):
            return None
        colon_sentence = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
        if colon_sentence is None:
            return None
        sent = colon_sentence.sent
        near = [c for c in cues if sent.start_char <= c.offset < sent.end_char]
    # The cue whose reported words hold the quote is its speaker's ("X said Y made “...” when it concluded").
    holding = [c for c in near if c.content and any(t.idx <= span.start < t.idx + len(t) + 1 for t in c.content)]
    if holding:
        return min(holding, key=lambda c: len(c.content or []))
    distance = {id(c): span.start - c.offset if c.offset < span.start else c.offset - span.end for c in near}
    return min(near, key=lambda c: distance[id(c)], default=None)


def _continues(doc: Doc, previous: QuoteSpan, cue: _Cue | None, span: QuoteSpan, cfg: QuoteSettings) -> bool:
    if cue is None or cue.speaker.name is None or span.start - previous.end > cfg.continuation_max_gap:
        return False
    last = max(previous.end, cue.offset)
    token = doc.char_span(last, last + 1, alignment_mode="expand")
    if token is None:
        return False
    gap = doc.text[token.sent.end_char : span.start].strip()
    return previous.open_ended or gap in ("“", '"', "‘", "'", "")


def _term_reason(
    doc: Doc, span: QuoteSpan, quoted: str, speaker: Speaker, cue: _Cue | None, cfg: QuoteSettings
) -> str | None:
    """Why a quoted phrase is a label and not somebody's words, or None when it is speech (a clause with
    a finite verb, or a short phrase a person is reported to have said)."""
    before = doc.text[max(0, span.start - 120) : span.start].rstrip("“\"‘' ")
    if resources_of(doc).pattern("quotes.naming_cue").search(before):
        return "a name introduced by a naming phrase"
    words = re.findall(r"[^\W\d_][\w’'-]*", quoted)
    tokens = doc.char_span(span.start, span.end, alignment_mode="expand") or []
    if len(words) > cfg.term_max_words or any("Fin" in t.morph.get("VerbForm") for t in tokens):
        return None
    long_words = [w for w in words if len(w) >= 4]
    if len(words) >= 2 and long_words and all(w[0].isupper() for w in long_words):
        return "a proper name in quotation marks"
    if cue is None:
        return "a short phrase in quotation marks with no speaker"
    if speaker.kind in ("organisation", "group") and tokens and tokens.root.pos_ in ("NOUN", "PROPN"):
        return "an institution's name for something, not a person's words"
    return None


def _to_sentence_edge(tokens: list[Token], cue: Token) -> list[Token]:
    """Content on one side of a main-clause cue runs to the sentence's edge on that side: the parser often
    hangs a trailing phrase ("... with the U.S.") on the speech verb rather than on the content clause."""
    if not tokens or tokens[0].sent != cue.sent or cue.dep_ not in _labels(cue.doc, "syntax.root"):
        return tokens
    sent = cue.sent
    if cue.i < tokens[0].i:
        return list(sent.doc[tokens[0].i : sent.end])
    if cue.i > tokens[-1].i:
        return list(sent.doc[sent.start : tokens[-1].i + 1])
    return tokens


def _indirect(cue: _Cue, spans: list[QuoteSpan], cfg: QuoteSettings) -> FoundQuote | None:
    """Reported speech: the content clause of a speech cue, when the writer puts it in their own words.

    A clause that is mostly a direct quote ("Cho said China “also wants ...”") is that direct quote; it is
    reported speech too when the writer's part is most of it or carries a few content words of its own
    ("Tangen told Anadolu that Kim's decision to attend the parade “is a rare ... move”")."""
    if cue.content is None or cue.speaker_phrase is None:
        return None
    tokens = _to_sentence_edge(sorted(cue.content, key=lambda t: t.i), cue.token)
    complementisers = resources_of(cue.token.doc).words("quotes.complementisers")
    while tokens and (tokens[0].is_punct or tokens[0].is_space or tokens[0].lower_ in complementisers):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_space or (tokens[-1].is_punct and not tokens[-1].is_quote)):
        tokens = tokens[:-1]
    words = [t for t in tokens if t.is_alpha]
    own = [t for t in words if not _inside(spans, t.idx)]
    mostly_own = len(own) >= cfg.min_own_words and len(own) >= len(words) - len(own)
    if not mostly_own and sum(not t.is_stop for t in own) < cfg.min_own_content_words:
        return None
    kept = {t.i for t in tokens}
    parts: list[tuple[int, int]] = []
    for token in tokens:
        if parts and token.i - 1 in kept:
            parts[-1] = (parts[-1][0], token.idx + len(token))
        else:
            parts.append((token.idx, token.idx + len(token)))
    text = PART_JOINER.join(tokens[0].doc.text[s:e] for s, e in parts)
    return FoundQuote("indirect", "statement", parts, text, cue.speaker, cue.words, cue.medium)
