"""Quotes in one article: quotation-mark spans, speech cues, reported speech.

Works on `Article.text` offsets with the article's own spaCy parse. Direct quotes come from balanced
quotation marks (scanned here, because the parser does not pair marks and straight marks do not say which
way they face); indirect quotes come from speech verbs with a content clause ("X said (that) ...") and from
"according to X". This module reads what the text says (each cue's speaker phrase, medium and reported
words); who the speaker phrase refers to is decided in the cross-document stage (`link/speakers.py`, with
the story's entity resolution), and the quotes are then assembled with those speakers (`extract_quotes`).
Short quoted labels (a name in quotation marks, a scare quote with no speaker, an institution's name for
something) are `role="term"`, kept out of the dossier's quotes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from spacy.tokens import Doc, Span, Token

from newsweave.lang import resources_of
from newsweave.models import AnalyzedArticle
from newsweave.nlp.annotate import (
    doc_entities,
    doc_sentences,
    doc_text,
    doc_tokens,
    span_entities,
)
from newsweave.settings import QuoteSettings

SpeakerKind = Literal["person", "organisation", "group", "unknown"]
Role = Literal["statement", "term"]

PART_JOINER = " … "
QUOTE_MARKS = "\"'“”‘’"
DASHES = "—–-"


def labels(doc: Doc, *keys: str) -> frozenset[str]:
    """The parser's labels for these functions ("syntax.subject", "syntax.person"), of the doc's language."""
    res = resources_of(doc)
    return frozenset().union(*(res.labels(key) for key in keys))


@dataclass(frozen=True)
class QuoteSpan:
    """The words between a pair of quotation marks (marks excluded); `depth` > 0 for a quote inside a quote."""

    start: int
    end: int
    depth: int
    open_ended: bool = False


@dataclass(frozen=True)
class Speaker:
    name: str | None
    kind: SpeakerKind = "unknown"
    description: str | None = None
    how: str = "unresolved"
    start: int | None = None
    end: int | None = None


UNRESOLVED = Speaker(name=None)


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Cue:
    """A speech cue ("said", "according to") with the phrase naming its speaker, where it was said and the
    words it reports; `speaker` is who that phrase was resolved to (unresolved as the text is read)."""

    token: Token
    words: str
    speaker_phrase: Span | None
    medium: str | None
    content: list[Token] | None
    speaker: Speaker = UNRESOLVED

    @property
    def offset(self) -> int:
        return self.token.idx


@dataclass(frozen=True)
class ArticleCues:
    """The outermost quoted stretches of one article and its speech cues in text order."""

    spans: list[QuoteSpan]
    cues: list[Cue]


def in_quotes(spans: list[QuoteSpan], offset: int) -> bool:
    return any(s.start <= offset < s.end for s in spans)


def quoted_offsets(spans: list[QuoteSpan]) -> set[int]:
    """The offsets `in_quotes` is true of, for testing every token of a text: one look-up each instead of a
    pass over the article's quotes."""
    return {offset for span in spans for offset in range(span.start, span.end)}


# --------------------------------------------------------------------------- quotation marks


MARK_OR_BREAK = re.compile("[\n\"“”‘’']")
"""The only characters pairing reads (`_mark_role` gives every other one no role): reading only these, not every
character of the text in Python, took the pairing of a 200-article run from a million calls to a few thousand."""


def find_quote_spans(text: str, cfg: QuoteSettings | None = None) -> list[QuoteSpan]:
    """Pair quotation marks; unbalanced marks are dropped so they never swallow the rest of the article.

    A double quote left open at a paragraph end is closed there when the next paragraph opens with a mark
    (the convention for a quote over several paragraphs), and dropped otherwise. A span inside another one
    is a quote inside a quote (`depth` 1). Without `cfg`, the default settings.
    """
    cfg = cfg or QuoteSettings()
    pairs: list[tuple[int, int, bool]] = []
    stack: list[tuple[str, int]] = []  # (kind "d"/"s", offset after the opening mark)
    for mark in MARK_OR_BREAK.finditer(text):
        i, char = mark.start(), mark.group()
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


def phrase_text(doc: Doc, tokens: list[Token]) -> str | None:
    tokens = sorted(tokens, key=lambda t: t.i)
    while tokens and (tokens[0].is_punct or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens = tokens[:-1]
    if not tokens:
        return None
    text = doc_text(doc)[tokens[0].idx : tokens[-1].idx + len(tokens[-1])]
    return " ".join(text.split()) or None


# --------------------------------------------------------------------------- speech cues


def _cues(doc: Doc, spans: list[QuoteSpan]) -> list[Cue]:
    """Speech verbs and "according to" outside quotation marks, with their speaker phrase, medium and content."""
    res = resources_of(doc)
    verbs, manner = res.words("speech.verbs"), res.words("speech.manner_verbs") - res.words("speech.verbs")
    according = [p.split() for p in res.phrases("speech.according_to")]
    openers = {words[0] for words in according}  # most tokens open no phrase: tested word by word only if one
    objects = labels(doc, "syntax.prepositional_object")
    quoted = quoted_offsets(spans)
    found = []
    for token in doc_tokens(doc):
        if token.idx in quoted:
            continue
        opens = token.lower_ in openers
        cue_words = next((words for words in according if _starts(doc, token.i, words)), None) if opens else None
        if cue_words is not None:
            last = doc[token.i + len(cue_words) - 1]
            source = [c for c in last.children if c.dep_ in objects]
            if source:
                words = doc_text(doc)[token.idx : last.idx + len(last)]
                found.append(Cue(token, words.lower(), subtree_span(source[0]), None, _according_content(token)))
        elif token.pos_ == "VERB" and (
            token.lemma_.lower() in verbs or (token.lemma_.lower() in manner and _said_as_is(token))
        ):
            cue = _verb_cue(doc, token, spans)
            if cue is not None:
                found.append(cue)
    taken = {cue.token.i for cue in found}
    cues = found + _colon_cues(doc, spans, taken) + _label_cues(doc, spans, taken)
    return [cue for cue in cues if cue.speaker_phrase is None or not _furniture(cue.speaker_phrase)]


def _said_as_is(verb: Token) -> bool:
    """A verb of manner ("asked", "shouted", "agreed") is a cue when it stands alone, as with a quote ("“Why
    now?” she asked"); with an object or an infinitive it does something else ("asked the UN to act")."""
    other = labels(verb.doc, "syntax.object", "syntax.dative", "syntax.open_complement")
    return not any(c.dep_ in other for c in verb.children)


def _furniture(phrase: Span) -> bool:
    """A speaker phrase opening with page furniture the cleaner left in ("Media caption Residents describe
    ..."): a widget's label and its caption, not somebody speaking in the article."""
    label = resources_of(phrase.doc).pattern("furniture.caption_toggle").match(phrase.text)
    return label is not None and (label.end() == len(phrase.text) or not phrase.text[label.end()].isalnum())


def _colon_cues(doc: Doc, spans: list[QuoteSpan], taken: set[int]) -> list[Cue]:
    """A clause ending in a colon right before a quote introduces it, whatever its verb: "X promised the
    area: “...”", "The sign read: “...”". The verb the colon hangs on, with its subject, is the cue."""
    found = []
    for span in spans:
        colon = _introducing_colon(doc, span)
        verb = colon.head if colon is not None else None
        if verb is None or verb.pos_ != "VERB" or verb.i in taken or in_quotes(spans, verb.idx):
            continue
        cue = _verb_cue(doc, verb, spans)
        if cue is not None:
            taken.add(verb.i)
            found.append(cue)
    return found


def _label_cues(doc: Doc, spans: list[QuoteSpan], taken: set[int]) -> list[Cue]:
    """A name standing as a label, with no verb, attributes the quote it sits against: a line opening with
    it and ending in a colon before the quote ("Club captain X: “...”", as in match reports and
    round-ups), or it follows the quote after a dash (“...” – coach X, after the match)."""
    found = []
    for span in spans:
        for mark, phrase in (_label_before(doc, span), _label_after(doc, span)):
            if phrase is not None and phrase.root.i not in taken:
                taken.add(phrase.root.i)
                found.append(Cue(phrase.root, mark, phrase, None, None))
    return found


def _label_before(doc: Doc, span: QuoteSpan) -> tuple[str, Span | None]:
    colon = _introducing_colon(doc, span)
    if colon is None:
        return "", None
    line_start = doc_text(doc).rfind("\n", 0, colon.idx) + 1
    phrase = doc.char_span(line_start, colon.idx, alignment_mode="contract")
    return colon.text, phrase if phrase is not None and _verbless_name(phrase) else None


def _label_after(doc: Doc, span: QuoteSpan) -> tuple[str, Span | None]:
    after = doc_text(doc)[span.end :]
    gap = len(after) - len(after.lstrip(QUOTE_MARKS + " ,.!?"))
    if after[gap : gap + 1] not in tuple(DASHES):
        return "", None
    first = next((t.i for t in doc if t.idx > span.end + gap), len(doc))
    words = []
    for token in doc[first:]:
        if token.is_punct or token.is_space or token.pos_ in ("VERB", "AUX", "ADP"):
            break
        words.append(token)
    phrase = doc[words[0].i : words[-1].i + 1] if words else None
    return after[gap], phrase if phrase is not None and _verbless_name(phrase) else None


def _verbless_name(phrase: Span) -> bool:
    """A label names a person and says nothing itself (no verb, no quotation mark)."""
    person = labels(phrase.doc, "syntax.person")
    return (
        any(e.label_ in person for e in span_entities(phrase))
        and not any(t.pos_ in ("VERB", "AUX") or t.is_quote for t in phrase)
        and bool(phrase.text.strip())
    )


def _introducing_colon(doc: Doc, span: QuoteSpan) -> Token | None:
    """The colon just before a quote's opening mark (across a paragraph break), if there is one."""
    before = doc_text(doc)[: span.start].rstrip().rstrip(QUOTE_MARKS).rstrip()
    if not before.endswith(":"):
        return None
    found = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    return found[0] if found is not None and len(found) == 1 else None


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
    wanted = labels(token.doc, *keys)
    return next((c for c in reversed(list(token.children)) if c.dep_ in wanted), None)


def _verb_cue(doc: Doc, verb: Token, spans: list[QuoteSpan]) -> Cue | None:
    res = resources_of(doc)
    medium = _medium(verb)
    words = verb.text
    lemma = verb.lemma_.lower()
    if lemma in res.words("speech.quoting_verbs"):
        agent, passive = _child(verb, "syntax.agent"), _child(verb, "syntax.passive_subject")
        obj = _child(verb, "syntax.object")
        if passive is not None:
            speaker = subtree_span(passive)
            medium = _pobj_phrase(agent) if agent is not None else medium
            words = _passive_cue_words(verb)
        elif obj is not None:
            speaker = subtree_span(obj)
            subject = _child(verb, "syntax.active_subject")
            medium = phrase_text(doc, list(subject.subtree)) if subject is not None else medium
        elif verb.dep_ in labels(doc, "syntax.clause_modifier", "syntax.adjectival_modifier") or verb.head.pos_ in (
            "NOUN", "PROPN"
        ):
            # "The Daily newspaper quoted leader X ..." is often parsed with the verb modifying the paper.
            speaker = _next_name(doc, verb)
            medium = next((phrase_text(doc, list(c)) for c in doc.noun_chunks if c.end == verb.i), None)
        else:
            return None
        saying = _as_saying(verb)
        content = _clause(saying) if saying is not None else None
        return Cue(verb, words, speaker, medium, content)
    subject = _subject_phrase(verb, spans)
    sharing = labels(doc, "syntax.conjunct", "syntax.open_complement", "syntax.adverbial_clause")
    if subject is None and (verb.dep_ in sharing or _second_report(verb)) and not _passive_participle(verb):
        subject = _subject_phrase(_sharing_head(verb), spans)
    if subject is None:
        subject = _inverted_speaker(verb, spans)
    if subject is None:
        return None
    clauses = labels(doc, "syntax.content_clause")
    ccomp = next((c for c in verb.children if c.dep_ in clauses and not _second_report(c)), None)
    ccomp = ccomp or _medium_clause(verb)
    if ccomp is not None:
        content = _clause(ccomp)
    elif verb.dep_ in labels(doc, "syntax.parataxis") and verb.head.pos_ in ("VERB", "AUX"):
        content = [t for t in verb.head.subtree if t.i not in {s.i for s in verb.subtree}]
    elif lemma in res.words("speech.describing_verbs") and _child(verb, "syntax.object") is not None:
        # "described the parade as a major mending ...": what was said is the object and its "as" phrase.
        said = labels(doc, "syntax.object", "syntax.preposition", "syntax.adverbial_clause", "syntax.object_predicate")
        content = [t for c in verb.children if c.dep_ in said for t in c.subtree]
    else:
        content = None
    return Cue(verb, words, subject, medium, content)


def _subject_phrase(verb: Token, spans: list[QuoteSpan]) -> Span | None:
    """The verb's subject as a phrase; a subject inside quotation marks is quoted words, nobody speaking.
    Two subjects with only a comma between are one name the parser split at its comma ("Acme Motor Sales,
    USA said"): the phrase spans both."""
    subject = labels(verb.doc, "syntax.active_subject")
    subjects = [c for c in verb.children if c.dep_ in subject and not in_quotes(spans, c.idx)]
    if not subjects:
        return None
    phrases = [subtree_span(s) for s in subjects]
    phrase = phrases[-1]
    for earlier in reversed(phrases[:-1]):
        between = verb.doc[earlier.end : phrase.start]
        if not between or not all(t.is_punct for t in between):
            break
        phrase = verb.doc[earlier.start : phrase.end]
    return phrase


def _second_report(verb: Token) -> bool:
    """A subjectless speech verb the parser made the second content clause of another one ("said a deal
    was close but warned that ..."): the same speaker's next words, not what the first verb reports."""
    doc, verbs = verb.doc, resources_of(verb.doc).words("speech.verbs")
    subject = labels(doc, "syntax.subject")
    return (
        verb.dep_ in labels(doc, "syntax.content_clause")
        and verb.lemma_.lower() in verbs
        and verb.head.lemma_.lower() in verbs
        and not any(c.dep_ in subject for c in verb.children)
        and any(c.dep_ == verb.dep_ and c.i < verb.i for c in verb.head.children)
    )


def _sharing_head(verb: Token) -> Token:
    """The verb whose subject a subjectless speech verb shares: its head, except that "X said Y “...”,
    adding ..." goes on speaking as X, though the parser hangs "adding" on the reported clause."""
    head, doc = verb.head, verb.doc
    reported = head.dep_ in labels(doc, "syntax.content_clause") and head.head.pos_ == "VERB"
    speaking = head.head.lemma_.lower() in resources_of(doc).words("speech.verbs")
    return head.head if verb.dep_ in labels(doc, "syntax.adverbial_clause") and reported and speaking else head


def _passive_participle(verb: Token) -> bool:
    """A bare past participle opening an adverbial clause ("Asked whether ..., X replied") says what was
    done to the subject of the verb it hangs on: X was asked, the words are not X's. The tagger often
    takes it for a finite past; a subjectless clause in the past before its head can only be passive."""
    return (
        verb.dep_ in labels(verb.doc, "syntax.adverbial_clause")
        and verb.i < verb.head.i
        and "Past" in verb.morph.get("Tense")
        and not any(c.dep_ in labels(verb.doc, "syntax.auxiliary") for c in verb.children)
    )


def _inverted_speaker(verb: Token, spans: list[QuoteSpan]) -> Span | None:
    """The speaker after the verb that follows a quote (“...,” tweeted the local MP, X), which the parser
    often takes for the verb's object; a listener verb keeps its object ("“...,” told reporters")."""
    doc, res = verb.doc, resources_of(verb.doc)
    if verb.lemma_.lower() in res.words("speech.addressee_verbs"):
        return None
    closed = max((s.end for s in spans if s.end <= verb.idx), default=None)
    if closed is None or doc_text(doc)[closed : verb.idx].strip(QUOTE_MARKS + " ,\n" + DASHES):
        return None
    obj = _child(verb, "syntax.object")
    phrase = subtree_span(obj) if obj is not None else None
    return phrase if phrase is not None and phrase.start == verb.i + 1 else None


def _medium_clause(verb: Token) -> Token | None:
    """The "that" clause the parser hangs on the medium rather than on the verb: "warned in a statement
    that more rain was expected"."""
    res, doc = resources_of(verb.doc), verb.doc
    mediums, complementisers = res.words("quotes.medium_nouns"), res.words("quotes.complementisers")
    preposition, objects = labels(doc, "syntax.preposition"), labels(doc, "syntax.prepositional_object")
    marker = labels(doc, "syntax.subordinator")
    for prep in (c for c in verb.children if c.dep_ in preposition):
        for noun in (c for c in prep.children if c.dep_ in objects and c.lemma_.lower() in mediums):
            for clause in noun.children:
                if any(m.dep_ in marker and m.lower_ in complementisers for m in clause.children):
                    return clause
    return None


def _passive_cue_words(verb: Token) -> str:
    """The printed words of a passive quoting cue: "is quoted", "was quoted as saying"."""
    auxiliary = _child(verb, "syntax.passive_auxiliary")
    saying = _as_saying(verb)
    words = [auxiliary, verb] + ([saying.head, saying] if saying is not None else [])
    return " ".join(t.text for t in words if t is not None)


def _as_saying(verb: Token) -> Token | None:
    res = resources_of(verb.doc)
    preposition = labels(verb.doc, "syntax.preposition")
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
    marker, complementisers = labels(head.doc, "syntax.subordinator"), res.words("quotes.complementisers")
    # "..., adding it was absurd": the words of a speech verb hung on the clause are a report of their own.
    adverbial, verbs = labels(head.doc, "syntax.adverbial_clause"), res.words("speech.verbs")
    own = {t.i for c in clause.children if c.dep_ in adverbial and c.lemma_.lower() in verbs for t in c.subtree}
    return [
        t for t in clause.subtree
        if t.i not in own and not (t.dep_ in marker and t.head == clause and t.lower_ in complementisers)
    ]


def subtree_span(token: Token) -> Span:
    tokens = list(token.subtree)
    return token.doc[tokens[0].i : tokens[-1].i + 1]


def _next_name(doc: Doc, verb: Token) -> Span | None:
    person = labels(doc, "syntax.person")
    for ent in doc_entities(doc):
        if ent.start > verb.i and ent.label_ in person and ent.sent == verb.sent:
            return ent
    return None


def _pobj_phrase(prep: Token) -> str | None:
    obj = next((c for c in prep.children if c.dep_ in labels(prep.doc, "syntax.prepositional_object")), None)
    return phrase_text(prep.doc, list(obj.subtree)) if obj is not None else None


def _medium(verb: Token) -> str | None:
    """Whom or through what the words were said: "told Anadolu", "in an interview with the country's radio"."""
    doc, res = verb.doc, resources_of(verb.doc)
    addressed = verb.lemma_.lower() in res.words("speech.addressee_verbs")
    listener, preposition = labels(doc, "syntax.object", "syntax.dative"), labels(doc, "syntax.preposition")
    objects = labels(doc, "syntax.prepositional_object")
    for child in verb.children:
        if child.dep_ in listener and addressed:
            return phrase_text(doc, list(child.subtree))
        if child.dep_ in preposition and child.lower_ in res.words("quotes.listener_prepositions") and not addressed:
            return _pobj_phrase(child)
        if child.dep_ in preposition and child.lower_ in res.words("quotes.medium_prepositions"):
            noun = next((c for c in child.children if c.dep_ in objects), None)
            if noun is not None and noun.lemma_.lower() in res.words("quotes.medium_nouns"):
                outlets = res.words("quotes.outlet_prepositions")
                inner = next((c for c in noun.children if c.dep_ in preposition and c.lower_ in outlets), None)
                named = _pobj_phrase(inner) if inner is not None else None
                return named or phrase_text(doc, list(noun.subtree))
    return None


# --------------------------------------------------------------------------- the article's quotes


def find_cues(item: AnalyzedArticle, cfg: QuoteSettings) -> ArticleCues:
    """The quoted stretches and speech cues of one article, speakers not yet resolved (`link/speakers.py`
    does that with the story's entities); the language data is the one the article was parsed with."""
    spans = [s for s in find_quote_spans(item.article.text, cfg) if s.depth == 0]
    return ArticleCues(spans, sorted(_cues(item.doc, spans), key=lambda c: c.offset))


def extract_quotes(item: AnalyzedArticle, found: ArticleCues, cfg: QuoteSettings) -> list[FoundQuote]:
    """Direct and indirect quotes of one article, statements and terms, in text order, each quote taking
    the speaker of the cue that attributes it (`found` as `link/speakers.resolve_speakers` returns it)."""
    doc, spans, cues = item.doc, found.spans, found.cues
    quotes = _direct_quotes(doc, spans, cues, cfg) + [q for c in cues if (q := _indirect(c, cues, spans, cfg))]
    return sorted(quotes, key=lambda q: (q.start, q.kind))


def _direct_quotes(doc: Doc, spans: list[QuoteSpan], cues: list[Cue], cfg: QuoteSettings) -> list[FoundQuote]:
    found: list[FoundQuote] = []
    last: tuple[int, QuoteSpan, Cue | None] | None = None  # the last statement: its place in `found`
    attributions = [_attributing_cue(doc, span, cues) for span in spans]
    for i in reversed(range(len(spans) - 1)):
        if attributions[i] is None and spans[i].open_ended:
            # A paragraph of a quote over several paragraphs is attributed where the quote ends.
            attributions[i] = attributions[i + 1]
    for span, cue in zip(spans, attributions, strict=True):
        if last is not None and _joins(doc, last[1], last[2], cue, span, cfg):
            previous = found[last[0]]
            found[last[0]] = replace(
                previous,
                parts=[*previous.parts, (span.start, span.end)],
                text=previous.text + PART_JOINER + doc_text(doc)[span.start : span.end],
            )
            last = (last[0], span, last[2])
            continue
        speaker = cue.speaker if cue is not None else UNRESOLVED
        text = doc_text(doc)[span.start : span.end]
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
            last = (len(found) - 1, span, cue)
    return found


def _joins(
    doc: Doc, previous: QuoteSpan, previous_cue: Cue | None, cue: Cue | None, span: QuoteSpan, cfg: QuoteSettings
) -> bool:
    """Whether a quote is the next part of the previous one: the second half of a split quote around its
    attribution (“...,” she said, “...”), the next paragraph of a quote over several paragraphs, or an
    unattributed quote right after the sentence of an attributed one."""
    if cue is None:
        label = _term_reason(doc, span, doc_text(doc)[span.start : span.end], UNRESOLVED, None, cfg)
        return label is None and _continues(doc, previous, previous_cue, span, cfg)
    return previous_cue is cue and (previous.open_ended or previous.end < cue.offset < span.start)


def _attributing_cue(doc: Doc, span: QuoteSpan, cues: list[Cue]) -> Cue | None:
    """The nearest speech cue in the sentences the quote overlaps, else in a preceding sentence ending in
    ':', else the attribution that opens the sentence right after it ("“...”\nhe said."). A cue crediting
    another one ("Y told reporters, the agency reported") is the source of the report, not the speaker."""
    sentences = [s for s in doc_sentences(doc) if s.start_char < span.end and span.start < s.end_char]
    if not sentences:
        return None
    low, high = sentences[0].start_char, sentences[-1].end_char
    near = [c for c in cues if low <= c.offset < high]
    if not near:
        colon = _introducing_colon(doc, span)
        sent = colon.sent if colon is not None else None
        near = [c for c in cues if sent is not None and sent.start_char <= c.offset < sent.end_char]
    if not near:
        return _following_attribution(doc, span, sentences[-1], cues)
    near = [c for c in near if not _credits(c, near)]
    # The cue whose reported words hold the quote is its speaker's ("X said Y made “...” when it concluded").
    holding = [c for c in near if c.content and any(t.idx <= span.start < t.idx + len(t) + 1 for t in c.content)]
    if holding:
        return min(holding, key=lambda c: len(c.content or []))
    distance = {id(c): span.start - c.offset if c.offset < span.start else c.offset - span.end for c in near}
    return min(near, key=lambda c: distance[id(c)], default=None)


def _following_attribution(doc: Doc, span: QuoteSpan, last: Span, cues: list[Cue]) -> Cue | None:
    """A quote standing alone takes the attribution that opens the next sentence, when only punctuation or a
    line break lies between and that sentence is a bare attribution or one by a pronoun ("“...”\n\nHe
    said ..."): a new name with words of its own starts a new statement."""
    following = (s for s in doc_sentences(doc) if s.start >= last.end)
    sentence = next((s for s in following if s.text.strip()), None)
    if sentence is None or doc_text(doc)[span.end : sentence.start_char].strip(QUOTE_MARKS + " \n.,;!?—–-"):
        return None
    words = [t for t in sentence if not (t.is_space or t.is_punct)]
    for cue in cues:
        phrase = cue.speaker_phrase
        if phrase is None or not words or not sentence.start_char <= cue.offset < sentence.end_char:
            continue
        # "he said", "Smith told ...", "said Smith": the sentence opens with the verb and its own subject.
        own = phrase.root.head == cue.token
        opens = words[0] == cue.token or (words[0] in phrase and phrase.end == cue.token.i)
        if own and opens and (cue.content is None or phrase.root.pos_ == "PRON"):
            return cue
    return None


def _credits(cue: Cue, near: list[Cue]) -> bool:
    """Whether a cue only credits the report of another cue it trails ("Y told reporters, the agency
    reported"): the other one comes first, reports words of its own, and the two verbs are one clause
    reported by the other (as its content clause, or set beside it)."""
    doc = cue.token.doc
    content, beside = labels(doc, "syntax.content_clause"), labels(doc, "syntax.parataxis")
    return any(
        other.offset < cue.offset and other.content and (
            (other.token.head == cue.token and other.token.dep_ in content)
            or (cue.token.head == other.token and cue.token.dep_ in beside)
        )
        for other in near if other is not cue
    )


def _continues(doc: Doc, previous: QuoteSpan, cue: Cue | None, span: QuoteSpan, cfg: QuoteSettings) -> bool:
    if cue is None or cue.speaker.name is None or span.start - previous.end > cfg.continuation_max_gap:
        return False
    last = max(previous.end, cue.offset)
    token = doc.char_span(last, last + 1, alignment_mode="expand")
    if token is None:
        return False
    gap = doc_text(doc)[token.sent.end_char : span.start].strip()
    return previous.open_ended or gap in ("“", '"', "‘", "'", "")


def _term_reason(
    doc: Doc, span: QuoteSpan, quoted: str, speaker: Speaker, cue: Cue | None, cfg: QuoteSettings
) -> str | None:
    """Why a quoted phrase is a label and not somebody's words, or None when it is speech (a clause with
    a finite verb, or a short phrase a person is reported to have said)."""
    before = doc_text(doc)[max(0, span.start - 120) : span.start].rstrip("“\"‘' ")
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
    if not tokens or tokens[0].sent != cue.sent or cue.dep_ not in labels(cue.doc, "syntax.root"):
        return tokens
    sent = cue.sent
    if cue.i < tokens[0].i:
        following = sent.doc[tokens[-1].i + 1 : sent.end]
        beside = labels(cue.doc, "syntax.adverbial_clause", "syntax.conjunct")
        verbs = resources_of(cue.doc).words("speech.verbs")
        reports = (t.i for t in following if t.dep_ in beside and t.lemma_.lower() in verbs or _second_report(t))
        report = next(reports, sent.end)
        return list(sent.doc[tokens[0].i : report])  # up to a report of its own (", adding ...", "but warned")
    if cue.i > tokens[-1].i:
        return list(sent.doc[sent.start : tokens[-1].i + 1])
    return tokens


def _indirect(cue: Cue, cues: list[Cue], spans: list[QuoteSpan], cfg: QuoteSettings) -> FoundQuote | None:
    """Reported speech: the content clause of a speech cue, when the writer puts it in their own words.

    A clause that is mostly a direct quote ("Cho said China “also wants ...”") is that direct quote; it is
    reported speech too when the writer's part is most of it or carries a few content words of its own
    ("Tangen told Anadolu that Kim's decision to attend the parade “is a rare ... move”")."""
    if cue.content is None or cue.speaker_phrase is None or _credits(cue, cues):
        return None
    tokens = _to_sentence_edge(sorted(cue.content, key=lambda t: t.i), cue.token)
    complementisers = resources_of(cue.token.doc).words("quotes.complementisers")
    while tokens and (tokens[0].is_punct or tokens[0].is_space or tokens[0].lower_ in complementisers):
        tokens = tokens[1:]
    coordinator = labels(cue.token.doc, "syntax.coordinator")
    while tokens and (
        tokens[-1].is_space or (tokens[-1].is_punct and not tokens[-1].is_quote) or tokens[-1].dep_ in coordinator
    ):
        tokens = tokens[:-1]
    words = [t for t in tokens if t.is_alpha]
    own = [t for t in words if not in_quotes(spans, t.idx)]
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
    text = PART_JOINER.join(doc_text(tokens[0].doc)[s:e] for s, e in parts)
    return FoundQuote("indirect", "statement", parts, text, cue.speaker, cue.words, cue.medium)
