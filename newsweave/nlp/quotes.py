"""Quotes in one article: quotation-mark spans, reported speech, and who is speaking.

Works on `Article.text` offsets with the article's own spaCy parse. Direct quotes come from balanced
quotation marks (scanned here, because the parser does not pair marks and straight marks do not say which
way they face); indirect quotes come from speech verbs with a content clause ("X said (that) ...") and from
"according to X". A speaker is only named when the text supports it: a name in the attribution, a surname
or first name of a full name printed earlier, a pronoun with a single compatible antecedent, or a role noun
("the academic") that matches a description printed for someone; otherwise the speaker stays unresolved,
because a quote pinned on the wrong person is worse than one with no speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from spacy.tokens import Doc, Span, Token

from newsweave.models import AnalyzedArticle

SpeakerKind = Literal["person", "organisation", "group", "unknown"]
Role = Literal["statement", "term"]

MAX_QUOTE_CHARS = 1500
"""A pair of marks further apart than this is two unbalanced marks, not one quote."""
MAX_SINGLE_QUOTE_CHARS = 300
"""Single marks double as apostrophes; a single-quoted span is a headline-style quote, never a long one."""
TERM_MAX_WORDS = 4
"""A quoted phrase this short can be a label (a name, a scare-quoted word) rather than speech."""
CONTINUATION_MAX_GAP = 400
"""An unattributed quote this close after an attributed one, with nothing but its attribution between, continues it."""
PRONOUN_WINDOW_SENTENCES = 2
"""Antecedents of a speaker pronoun are looked for in this many previous sentences (and the current one)."""
PART_JOINER = " … "

SPEECH_LEMMAS = frozenset(
    "say tell add state claim announce note explain warn insist argue stress emphasize emphasise assert "
    "declare reply respond write tweet post indicate confirm deny acknowledge admit report inform quote "
    "comment remark urge caution complain conclude reiterate recall observe predict vow pledge".split()
)
PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
GENDERED_WORDS = {
    **dict.fromkeys(
        "ms mrs miss madam sister mother wife daughter woman girl widow queen princess aunt grandmother niece "
        "chairwoman spokeswoman congresswoman businesswoman actress lady".split(),
        "f",
    ),
    **dict.fromkeys(
        "mr brother father husband son man boy king prince uncle grandfather nephew chairman spokesman "
        "congressman businessman widower".split(),
        "m",
    ),
}
ROLE_GROUPS = (
    frozenset("academic professor scholar lecturer researcher fellow historian economist scientist".split()),
    frozenset("analyst expert commentator observer researcher fellow specialist strategist".split()),
    frozenset(
        "official minister adviser advisor diplomat spokesperson spokesman spokeswoman secretary ambassador "
        "envoy officer director aide negotiator".split()
    ),
    frozenset("lawmaker legislator senator congressman congresswoman politician deputy".split()),
    frozenset("executive chairman chairwoman ceo chief founder owner president".split()),
    frozenset("leader president premier chancellor king queen dictator ruler".split()),
    frozenset("witness resident survivor victim worker student teacher doctor lawyer attorney".split()),
)
PERSON_NOUNS = frozenset().union(*ROLE_GROUPS) | frozenset(k for k in GENDERED_WORDS if len(k) > 3)
ORG_NOUNS = frozenset(
    "ministry government agency newspaper media office council committee department company firm bank "
    "party army military police court parliament administration embassy kremlin white house union group "
    "organisation organization institute association statement report radio television outlet network "
    "broadcaster daily times post service press channel".split()
)
MEDIUM_NOUNS = frozenset(
    "interview statement speech briefing conference post tweet letter broadcast remarks address message "
    "podcast programme program show op-ed column editorial report commentary".split()
)
NAMING_CUE = re.compile(
    r"(?:\bknown\b.{0,40}?\bas|\brefer(?:s|red)?\s+to\b.{0,80}?\bas|\bcall(?:s|ed|ing)?(?:\s+(?:it|them|this|that))?"
    r"|\bdubbed|\bso-called|\btermed|\bnamed|\blabell?ed|\bbranded|\bthe\s+(?:term|word|phrase|slogan|label)"
    r")\s+(?:(?:the|a|an|its|their)\s+)?$",
    re.IGNORECASE,
)
NAME_PART = re.compile(r"[A-Z][\w.-]+")
TITLE_WORDS = frozenset("mr mrs ms miss dr prof president minister sir lord general".split())


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


# --------------------------------------------------------------------------- quotation marks


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Pair quotation marks; unbalanced marks are dropped so they never swallow the rest of the article.

    A double quote left open at a paragraph end is closed there when the next paragraph opens with a mark
    (the convention for a quote over several paragraphs), and dropped otherwise.
    """
    spans: list[QuoteSpan] = []
    stack: list[tuple[str, int]] = []  # (kind "d"/"s", offset after the opening mark)
    for i, char in enumerate(text):
        if char == "\n":
            stack = _close_paragraph(text, i, stack, spans)
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
                limit = MAX_QUOTE_CHARS if kind == "d" else MAX_SINGLE_QUOTE_CHARS
                if 0 < i - start <= limit:
                    spans.append(_span(text, start, i, sum(k == "d" for k, _ in stack), False))
        elif kind == "d":
            # English nests single marks inside double ones: a second double opening means the first was stray.
            stack = [entry for entry in stack if entry[0] != "d"] + [(kind, i + 1)]
        else:
            stack.append((kind, i + 1))
    return sorted((s for s in spans if s.end > s.start), key=lambda s: (s.start, -s.end))


def _close_paragraph(text: str, i: int, stack: list[tuple[str, int]], spans: list[QuoteSpan]) -> list:
    following = text[i:].lstrip()
    doubles = [start for kind, start in stack if kind == "d"]
    if doubles and following[:1] in ("“", '"') and i - doubles[0] <= MAX_QUOTE_CHARS:
        spans.append(_span(text, doubles[0], i, 0, True))
    return []


def _span(text: str, start: int, end: int, depth: int, open_ended: bool) -> QuoteSpan:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return QuoteSpan(start=start, end=end, depth=depth, open_ended=open_ended)


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
        if opens_after and after.isalnum() and char == "'":
            return "open"
        if not before.isspace() and not after.isalnum():
            return "close"
    return None


# --------------------------------------------------------------------------- people of one article


class _People:
    """Persons named in one article: full names, later short references, genders and descriptions."""

    def __init__(self, doc: Doc, spans: list[QuoteSpan], extra_names: list[str], story_names: list[str]):
        self.doc = doc
        self.spans = spans
        text = doc.text
        names = {_entity_name(e) for e in doc.ents if e.label_ == "PERSON"} | set(extra_names)
        self.full_names = sorted({n for n in names if n and len(n.split()) >= 2}, key=len, reverse=True)
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
                    found.append(_Mention(*match.span(), name, "name", _inside(spans, match.start())))
        parts = {part for name in self.full_names + self.story_names for part in _name_parts(name)}
        for match in NAME_PART.finditer(text):
            word = match.group().rstrip(".")
            if word not in parts or any(s <= match.start() < e for s, e in taken):
                continue
            earlier = [m for m in found if m.how == "name" and m.start < match.start() and word in _name_parts(m.person)]
            if earlier:
                person = max(earlier, key=lambda m: m.start).person
            else:
                owners = {n for n in self.full_names + self.story_names if word in _name_parts(n)}
                if len(owners) != 1:
                    continue
                person = owners.pop()
            how = "surname" if _name_parts(person)[-1] == word else "first name"
            end = match.start() + len(word)
            found.append(_Mention(match.start(), end, person, how, _inside(spans, match.start())))
        return sorted(found, key=lambda m: m.start)

    def _learn_from_context(self, mention: _Mention) -> None:
        description = describe(self.doc, mention.start, mention.end)
        if description:
            self.descriptions.setdefault(mention.person, []).append(description)
        before = self.doc.text[max(0, mention.start - 30) : mention.start].lower()
        words = re.findall(r"[a-z]+", (description or "").lower()) + re.findall(r"[a-z]+", before)[-3:]
        for word in words:
            if word in GENDERED_WORDS:
                self._set_gender(mention.person, GENDERED_WORDS[word])

    def _learn_from_pronouns(self) -> None:
        """A he/she with a single person in reach tells that person's gender (used to rule them out later)."""
        for token in self.doc:
            gender = PRONOUN_GENDER.get(token.lower_)
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
        window_start = _sentence_start(self.doc, offset, PRONOUN_WINDOW_SENTENCES)
        return [m for m in reversed(self.mentions) if window_start <= m.start < offset and not m.in_quote]

    def mention_in(self, start: int, end: int) -> _Mention | None:
        inside = [m for m in self.mentions if start <= m.start and m.end <= end]
        return inside[0] if inside else None

    def last_mention(self, person: str, before: int) -> _Mention | None:
        earlier = [m for m in self.mentions if m.person == person and m.start < before]
        return earlier[-1] if earlier else None


def _entity_name(ent: Span) -> str:
    """The person's name inside an entity span: proper nouns only (NER spans catch "Beside Putin", "Kim’s")."""
    tokens = [t for t in ent if t.pos_ == "PROPN" or t.text == "-"]
    while tokens and (tokens[0].text == "-" or tokens[0].lower_.rstrip(".") in TITLE_WORDS):
        tokens = tokens[1:]
    if not tokens or tokens[-1].i - tokens[0].i + 1 != len(tokens):
        return ""
    name = ent.doc.text[tokens[0].idx : tokens[-1].idx + len(tokens[-1])]
    return "" if any(c.isdigit() or c in "/\n@’'" for c in name) else name


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
    for child in root.children:
        if child.dep_ == "appos" and child.i >= span.end:
            return _phrase_text(doc, list(child.subtree))
    if root.dep_ == "appos" and root.head.i < span.start:
        head_tokens = [t for t in root.head.subtree if t.i < span.start]
        return _phrase_text(doc, head_tokens)
    left = [t for t in root.subtree if t.i < span.start and t.dep_ != "det"]
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
    found = []
    for token in doc:
        if _inside(spans, token.idx):
            continue
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            to = doc[token.i + 1]
            objects = [c for c in to.children if c.dep_ == "pobj"]
            if objects:
                content = [t for t in token.head.subtree if t.i not in {s.i for s in token.subtree}]
                found.append(_Cue(token, "according to", _subtree(objects[0]), None, content or None))
        elif token.lemma_.lower() in SPEECH_LEMMAS and token.pos_ == "VERB":
            cue = _verb_cue(doc, token)
            if cue is not None:
                found.append(cue)
    return found


def _verb_cue(doc: Doc, verb: Token) -> _Cue | None:
    children = {c.dep_: c for c in verb.children}
    medium = _medium(verb)
    words = verb.text
    if verb.lemma_.lower() == "quote":
        agent = children.get("agent")
        if "nsubjpass" in children:
            speaker = _subtree(children["nsubjpass"])
            medium = _pobj_phrase(agent) if agent is not None else medium
            words = f"is quoted as saying" if _as_saying(verb) is not None else "is quoted"
        elif "dobj" in children:
            speaker = _subtree(children["dobj"])
            medium = _phrase_text(doc, list(children["nsubj"].subtree)) if "nsubj" in children else medium
        elif verb.dep_ in ("acl", "amod") or verb.head.pos_ in ("NOUN", "PROPN"):
            # "The Daily newspaper quoted leader X ..." is often parsed with the verb modifying the paper.
            speaker = _next_name(doc, verb)
            medium = _phrase_text(doc, [t for t in verb.head.subtree if t.i < verb.i])
        else:
            return None
        saying = _as_saying(verb)
        content = _clause(saying) if saying is not None else None
        return _Cue(verb, words, speaker, medium, content)
    subject = children.get("nsubj")
    if subject is None and verb.dep_ in ("conj", "xcomp", "advcl"):
        subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return None
    ccomp = children.get("ccomp")
    if ccomp is not None:
        content = _clause(ccomp)
    elif verb.dep_ == "parataxis" and verb.head.pos_ in ("VERB", "AUX"):
        content = [t for t in verb.head.subtree if t.i not in {s.i for s in verb.subtree}]
    else:
        content = None
    return _Cue(verb, words, _subtree(subject), medium, content)


def _as_saying(verb: Token) -> Token | None:
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "as":
            for child in prep.children:
                if child.lemma_ == "say":
                    return child
    return None


def _clause(head: Token) -> list[Token]:
    ccomp = next((c for c in head.children if c.dep_ == "ccomp"), None) if head.lemma_ == "say" else head
    tokens = list((ccomp or head).subtree)
    return [t for t in tokens if not (t.dep_ == "mark" and t.head == (ccomp or head) and t.lower_ == "that")]


def _subtree(token: Token) -> Span:
    tokens = list(token.subtree)
    return token.doc[tokens[0].i : tokens[-1].i + 1]


def _next_name(doc: Doc, verb: Token) -> Span | None:
    for ent in doc.ents:
        if ent.start > verb.i and ent.label_ == "PERSON" and ent.sent == verb.sent:
            return ent
    return None


def _pobj_phrase(prep: Token) -> str | None:
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    return _phrase_text(prep.doc, list(objects[0].subtree)) if objects else None


def _medium(verb: Token) -> str | None:
    """Whom or through what the words were said: "told Anadolu", "in an interview with the country's radio"."""
    for child in verb.children:
        if child.dep_ in ("dobj", "dative") and verb.lemma_.lower() in ("tell", "inform"):
            return _phrase_text(verb.doc, list(child.subtree))
        if child.dep_ == "prep" and child.lower_ == "to" and verb.lemma_.lower() != "tell":
            return _pobj_phrase(child)
        if child.dep_ == "prep" and child.lower_ in ("in", "on", "during", "at", "via"):
            noun = next((c for c in child.children if c.dep_ == "pobj"), None)
            if noun is not None and noun.lemma_.lower() in MEDIUM_NOUNS:
                inner = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("with", "in", "on", "to")), None)
                return (_pobj_phrase(inner) if inner is not None else None) or _phrase_text(verb.doc, list(noun.subtree))
    return None


# --------------------------------------------------------------------------- speakers


def _resolve(cue: _Cue, people: _People, previous: list[_Cue]) -> Speaker:
    phrase = cue.speaker_phrase
    if phrase is None:
        return UNRESOLVED
    head = phrase.root
    mention = people.mention_in(phrase.start_char, phrase.end_char)
    if head.pos_ == "PRON":
        return _resolve_pronoun(head, people, previous)
    if mention is not None:
        description = _strip_name(phrase, mention) or _first(people.descriptions.get(mention.person))
        return Speaker(mention.person, "person", description, mention.how, mention.start, mention.end)
    text = _phrase_text(phrase.doc, [t for t in phrase if t.dep_ != "det" or t.i != phrase.start])
    words = {t.lemma_.lower() for t in phrase if t.pos_ == "NOUN"}
    if head.pos_ == "NOUN" and head.lemma_.lower() in PERSON_NOUNS:
        if head.tag_ in ("NNS", "NNPS"):
            return Speaker(text, "group", None, "name", phrase.start_char, phrase.end_char)
        if any(t.dep_ == "det" and t.lower_ == "the" for t in head.children):
            return _resolve_role(head, people, phrase.start_char)
    is_org = any(e.label_ in ("ORG", "GPE", "NORP") for e in phrase.ents) or bool(words & ORG_NOUNS)
    if head.pos_ == "PROPN" or is_org:
        return Speaker(text, "organisation" if is_org else "unknown", None, "name", phrase.start_char, phrase.end_char)
    return UNRESOLVED


def _strip_name(phrase: Span, mention: _Mention) -> str | None:
    doc = phrase.doc
    outside = [t for t in phrase if not (mention.start <= t.idx < mention.end)]
    if not any(t.pos_ in ("NOUN", "ADJ") for t in outside):
        return None
    if all(t.i < phrase.start + (mention.start - phrase.start_char) for t in outside) or all(
        t.idx >= mention.end for t in outside
    ):
        return _phrase_text(doc, [t for t in outside if t.dep_ != "det" or t.idx > mention.start])
    return _phrase_text(doc, [t for t in outside if t.idx >= mention.end])


def _first(items: list[str] | None) -> str | None:
    return items[0] if items else None


def _resolve_pronoun(pronoun: Token, people: _People, previous: list[_Cue]) -> Speaker:
    """Nearest person the pronoun can refer to; with two in reach, the one known to match or the last
    speaker; otherwise unresolved."""
    gender = PRONOUN_GENDER.get(pronoun.lower_)
    if gender is None:
        return UNRESOLVED
    in_reach = people.candidates(pronoun.idx)
    compatible = list(dict.fromkeys(m.person for m in in_reach if people.gender.get(m.person) in (None, gender)))
    known = [p for p in compatible if people.gender.get(p) == gender]
    window_start = _sentence_start(people.doc, pronoun.idx, PRONOUN_WINDOW_SENTENCES)
    last_speaker = next(
        (c.speaker.name for c in reversed(previous) if c.speaker.kind == "person" and c.offset >= window_start),
        None,
    )
    if len(compatible) == 1:
        chosen = compatible[0]
    elif len(known) == 1:
        chosen = known[0]
    elif last_speaker in compatible:
        chosen = last_speaker
    else:
        return UNRESOLVED
    mention = people.last_mention(chosen, pronoun.idx)
    return Speaker(
        chosen, "person", _first(people.descriptions.get(chosen)), "pronoun",
        mention.start if mention else None, mention.end if mention else None,
    )


def _resolve_role(noun: Token, people: _People, offset: int) -> Speaker:
    """"the academic" -> the most recent person printed with a matching role ("a professor at ...")."""
    role = noun.lemma_.lower()
    related = frozenset().union(*(g for g in ROLE_GROUPS if role in g)) | {role}
    for mention in reversed([m for m in people.mentions if m.start < offset]):
        for description in people.descriptions.get(mention.person, []):
            if {w.lower() for w in re.findall(r"[A-Za-z]+", description)} & related:
                return Speaker(mention.person, "person", description, "role", mention.start, mention.end)
    return UNRESOLVED
