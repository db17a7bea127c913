"""Who said what across a story: each quote once, with every outlet that carries it and their wordings.

Outlets copy, trim, re-punctuate and re-word quotes. Two occurrences are one quote when their normalised words
(case, punctuation, quotation marks and whitespace ignored) are equal, when one outlet prints an excerpt of
another's direct quote, or when the sameness service (`link/sameness.py`, the one judge of "the same
statement" for every stage) says they state the same thing. The same words given to two different speakers stay two
quotes, each flagged with the other attribution, because that disagreement is news in itself. A speaker
an outlet only describes ("Reilly's agent") is no such disagreement: it takes the name another outlet
prints with the same words or with that description, and otherwise stays a description with no entity.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace

from newsweave.groups import connected_groups
from newsweave.lang import Resources, resources_of
from newsweave.link.entities import EntityResolution
from newsweave.link.sameness import compare_pairs, traits_for
from newsweave.link.speakers import resolve_speakers
from newsweave.models import (
    AnalyzedArticle,
    Entity,
    Quote,
    QuoteOccurrence,
    QuoteVariant,
    Term,
)
from newsweave.nlp.embed import Embed
from newsweave.nlp.quotes import (
    FoundQuote,
    Speaker,
    SpeakerKind,
    extract_quotes,
    find_cues,
)
from newsweave.settings import QuoteSettings, SamenessSettings


@dataclass(frozen=True)
class _Context:
    """What placing a story's quotes needs besides the quotes: its entities and the language's data."""

    resolution: EntityResolution
    described: dict[str, set[str]]
    res: Resources
    cfg: QuoteSettings


@dataclass
class Quoted:
    """A quotation found in one article of the story; `order` is the article's place in the story."""

    article: str
    order: int
    quote: FoundQuote
    norm: str
    res: Resources
    """The language data of the article's parse."""


def find_quoted(analyzed: list[AnalyzedArticle], resolution: EntityResolution, cfg: QuoteSettings) -> list[Quoted]:
    """Every quotation of the story's articles, read once for both `collect_quotes` and `collect_terms`;
    speakers are the story's entities (`resolution`)."""
    return [
        Quoted(item.article.id, order, quote, normalise(quote.text), resources_of(item.doc))
        for order, item in enumerate(analyzed)
        for quote in extract_quotes(item, resolve_speakers(item, find_cues(item, cfg), resolution, cfg), cfg)
    ]


def collect_quotes(
    quoted: list[Quoted], resolution: EntityResolution, embed: Embed, cfg: QuoteSettings, sameness: SamenessSettings
) -> list[Quote]:
    """Each quote once, with every outlet that prints it: which occurrences are the same quote is the
    sameness service's judgement (`link/sameness.py`), speakers then split what it joins."""
    statements = [f for f in quoted if f.quote.role == "statement"]
    if not statements:
        return []
    # A story is in one language: the data its first article was parsed with serves all.
    res = statements[0].res
    context = _Context(resolution, _printed_descriptions(statements), res, cfg)
    quotes: list[Quote] = []
    for items, judged in _by_kind(statements):
        texts = [items[k].quote.text for k in judged]
        pairs = compare_pairs(embed(texts), traits_for(texts, res, sameness), sameness)
        same = {(judged[i], judged[j]) for i, j, s in zip(pairs.rows, pairs.cols, pairs.same, strict=True) if s}
        for cluster in _clusters(items, same, cfg):
            quotes += _quotes_of_cluster(cluster, context)
    order = {f.article: f.order for f in quoted}
    return sorted(quotes, key=lambda q: _first_position(q, order))


def judged_texts(quoted: list[Quoted]) -> list[str]:
    """The quote texts `collect_quotes` encodes, known as soon as the quotes are found: linking has them encoded
    with the story's clauses (`Encoder.expect`)."""
    statements = [f for f in quoted if f.quote.role == "statement"]
    return [items[k].quote.text for items, judged in _by_kind(statements) for k in judged]


def _by_kind(statements: list[Quoted]) -> list[tuple[list[Quoted], list[int]]]:
    """The statements of each kind (direct, indirect; those of one kind are compared with each other only),
    each with the places of those whose sameness is judged (`_judged`)."""
    kinds = [[f for f in statements if f.quote.kind == kind] for kind in ("direct", "indirect")]
    return [(items, _judged(items)) for items in kinds if items]


def collect_terms(quoted: list[Quoted]) -> list[Term]:
    """Quoted labels (names in quotation marks, scare quotes, an institution's wording), one per wording."""
    by_norm: dict[str, list[Quoted]] = {}
    for found in quoted:
        if found.quote.role == "term":
            by_norm.setdefault(found.norm, []).append(found)
    terms = []
    for norm, group in by_norm.items():
        sources = list(dict.fromkeys(f.article for f in group))
        used_by = next((f.quote.speaker.name for f in group if f.quote.speaker.name), None)
        terms.append(
            Term(
                id="t-" + _digest("term", norm, *sorted(sources)),
                text=group[0].quote.text,
                reason=group[0].quote.why,
                used_by=used_by,
                sources=sources,
                occurrences=[_occurrence(f) for f in group],
            )
        )
    return terms


def normalise(text: str) -> str:
    """Lower-case words only: what stays equal when outlets re-punctuate, re-case or re-quote a quote."""
    return " ".join(re.findall(r"[^\W_]+", text.lower().replace("’", "'")))


def _same_quote(a: Quoted, b: Quoted, judged_same: bool, cfg: QuoteSettings) -> bool:
    """Equal words are one quote, whoever they are given to (two attributions of one quote are news in
    themselves), and so is a trimmed excerpt of a direct quote printed by another outlet. Other wordings the
    sameness service judges the same statement (re-worded, reported speech paraphrased) are one quote only
    when given to the same speaker: similar words from two people are two statements. Two quotes of one
    article stay two, however alike: the writer quoted twice."""
    if a.norm == b.norm:
        return True
    if a.article == b.article:
        return False
    shorter, longer = sorted((a.norm, b.norm), key=len)
    if a.quote.kind == "direct" and len(shorter.split()) >= cfg.min_contained_words and f" {shorter} " in f" {longer} ":
        return True
    keys = _speaker_key(a.quote.speaker.name), _speaker_key(b.quote.speaker.name)
    return judged_same and keys[0] is not None and keys[1] is not None and (keys[0] <= keys[1] or keys[1] <= keys[0])


def _clusters(items: list[Quoted], same: set[tuple[int, int]], cfg: QuoteSettings) -> list[list[Quoted]]:
    """Connected groups of the same quote (A~B and B~C put A, B, C together); `same` holds the pairs (first <
    second) the sameness service judges the same statement. Only pairs that can be one quote are looked at:
    those, equal words, and a quote holding another's opening words (a trimmed excerpt), never every pair of
    a story's quotes."""
    candidates = sorted(same | _sharing_words(items, cfg))
    links = ((i, j) for i, j in candidates if _same_quote(items[i], items[j], (i, j) in same, cfg))
    return [[items[i] for i in group] for group in connected_groups(len(items), links)]


def _judged(items: list[Quoted]) -> list[int]:
    """The quotes whose sameness judgement `_same_quote` can read (ascending): those given to a speaker whose
    name is, or is part of, the speaker's name of some quote of another article. Only they are encoded and
    compared; a quote without a speaker, or whose speaker no other outlet quotes, is joined by its words alone.
    Names sharing no word are never one speaker, so each quote looks only at the quotes sharing a name word
    (and at those whose name has no word, a part of every name)."""
    keys = [_speaker_key(f.quote.speaker.name) for f in items]
    named = [k for k, key in enumerate(keys) if key is not None]
    holders: dict[str, list[int]] = {}
    for k in named:
        for word in keys[k] or {""}:
            holders.setdefault(word, []).append(k)

    def one_speaker(k: int, o: int) -> bool:
        a, b = keys[k], keys[o]
        return items[o].article != items[k].article and a is not None and b is not None and (a <= b or b <= a)

    def others(k: int) -> list[int]:
        return [*holders.get("", []), *(o for word in keys[k] for o in holders[word])] if keys[k] else named

    return [k for k in named if any(one_speaker(k, o) for o in others(k))]


def _sharing_words(items: list[Quoted], cfg: QuoteSettings) -> set[tuple[int, int]]:
    """Pairs (first < second) where one quote's first `min_contained_words` words (all of them, if it has
    fewer) occur in the other: every pair of equal words or of an excerpt and the quote it is cut from."""
    size = cfg.min_contained_words
    holders: dict[tuple[str, ...], set[int]] = {}
    for k, found in enumerate(items):
        words = found.norm.split()
        for start in range(max(1, len(words) - size + 1)):
            holders.setdefault(tuple(words[start : start + size]), set()).add(k)
    pairs = set()
    for k, found in enumerate(items):
        for other in holders.get(tuple(found.norm.split()[:size]), ()):
            if other != k:
                pairs.add((min(k, other), max(k, other)))
    return pairs


def _speaker_key(name: str | None) -> frozenset[str] | None:
    return frozenset(name.lower().split()) if name else None


def _by_speaker(cluster: list[Quoted]) -> list[list[Quoted]]:
    """Split a cluster by speaker; a short name joins the full name it is part of, and occurrences
    without a speaker join the largest attributed group (the other outlets say who spoke). A speaker the
    text only describes ("the player's agent") is no rival to a named one: it joins the named group too."""
    groups: list[tuple[frozenset[str], list[Quoted]]] = []
    unattributed = []
    named = any(f.quote.speaker.name and f.quote.speaker.how != "description" for f in cluster)
    for found in cluster:
        key = _speaker_key(found.quote.speaker.name)
        if key is None or (named and found.quote.speaker.how == "description"):
            unattributed.append(found)
            continue
        match = next((g for g in groups if key <= g[0] or g[0] <= key), None)
        if match is None:
            groups.append((key, [found]))
        else:
            match[1].append(found)
    if not groups:
        return [unattributed]
    groups.sort(key=lambda g: -len(g[1]))
    groups[0][1].extend(unattributed)
    return [g[1] for g in groups]


def _printed_descriptions(statements: list[Quoted]) -> dict[str, set[str]]:
    """What the story prints with each named speaker ("Reilly's agent, Colm Dwyer"), by lower-cased name."""
    described: dict[str, set[str]] = {}
    for found in statements:
        speaker = found.quote.speaker
        if speaker.name and speaker.description and speaker.how != "description":
            described.setdefault(speaker.name.lower(), set()).add(speaker.description)
    return described


def _quotes_of_cluster(cluster: list[Quoted], context: _Context) -> list[Quote]:
    by_speaker = _by_speaker(cluster)
    quotes = [_quote(group, context) for group in by_speaker]
    if len(quotes) < 2:
        return quotes
    return [
        quote.model_copy(update={"attribution_conflict": "; ".join(
            f"the same words are attributed to {q.speaker_name} by {', '.join(q.sources)}"
            for q in quotes if q is not quote
        )})
        for quote in quotes
    ]


def _quote(group: list[Quoted], context: _Context) -> Quote:
    group = sorted(group, key=lambda f: (f.order, f.quote.start))
    main = max(group, key=lambda f: (len(f.norm), -len(f.quote.parts)))
    attributed = sorted(
        (f for f in group if f.quote.speaker.name),
        key=lambda f: (f.quote.speaker.how != "name", f.quote.speaker.how == "description", f.order),
    )
    speaker = attributed[0].quote.speaker if attributed else main.quote.speaker
    description = next((f.quote.speaker.description for f in attributed if f.quote.speaker.description), None)
    entity = _speaker_entity(attributed, context)
    if entity is not None and speaker.how == "description":
        speaker = replace(speaker, name=entity.name, description=speaker.name, how="role")
    sources = list(dict.fromkeys(f.article for f in group))
    variants = _variants(group, main)
    return Quote(
        id="q-" + _digest(main.quote.kind, speaker.name or "", main.norm, *sorted(sources)),
        speaker=entity.id if entity is not None else None,
        speaker_name=speaker.name,
        speaker_kind=_kind(speaker, entity, context.res),
        speaker_description=description or speaker.description,
        kind=main.quote.kind,
        text=main.quote.text,
        cue=main.quote.cue or next((f.quote.cue for f in group if f.quote.cue), None),
        medium=main.quote.medium or next((f.quote.medium for f in group if f.quote.medium), None),
        sources=sources,
        occurrences=[_occurrence(f) for f in group],
        variants=variants,
        wording_differs=any(v.relation == "different wording" for v in variants),
    )


def _variants(group: list[Quoted], main: Quoted) -> list[QuoteVariant]:
    """Each distinct printed wording with its outlets; empty when every outlet prints the same characters."""
    by_text: dict[str, list[Quoted]] = {}
    for found in group:
        by_text.setdefault(" ".join(found.quote.text.split()), []).append(found)
    if len(by_text) < 2:
        return []
    variants = []
    for text, founds in by_text.items():
        norm = founds[0].norm
        if norm == main.norm:
            relation = "same"
        elif f" {norm} " in f" {main.norm} ":
            relation = "excerpt"
        else:
            relation = "different wording"
        sources = list(dict.fromkeys(f.article for f in founds))
        variants.append(QuoteVariant(text=text, sources=sources, relation=relation))
    return variants


def _kind(speaker: Speaker, entity: Entity | None, res: Resources) -> SpeakerKind:
    """The entity's type decides, as entity resolution weighs every mention of the story; except that a
    phrase the text calls an organisation or a group ("the group X") stays one when NER typed X a person."""
    person = res.labels("syntax.person")
    if entity is None or (entity.type in person and speaker.kind in ("organisation", "group")):
        return speaker.kind
    if entity.type in person:
        return "person"
    if entity.type in res.labels("quotes.organisation_speaker"):
        return "organisation"
    return "group" if entity.type in res.labels("quotes.group_speaker") else speaker.kind


def _speaker_entity(attributed: list[Quoted], context: _Context) -> Entity | None:
    """The speaker's entity: the one resolved at the naming mention, else the entity with that name, else
    the one person the story describes as a described speaker is (see `_described_person`).

    A mention overlapping an organisation phrase may be a different entity ("China" in "China's Foreign
    Ministry"), so the entity found at the mention must carry the speaker's name or be the person named;
    a described speaker ("the integrity unit") is linked by its description only, never by its span."""
    resolution, person = context.resolution, context.res.labels("syntax.person")
    named = [f for f in attributed if f.quote.speaker.how != "description"]
    names = {f.quote.speaker.name.lower() for f in named if f.quote.speaker.name}
    by_id = {entity.id: entity for entity in resolution.entities}
    for found in named:
        speaker = found.quote.speaker
        if speaker.start is None or speaker.end is None:
            continue
        entity = by_id.get(resolution.entity_at(found.article, speaker.start, speaker.end) or "")
        if entity is None:
            continue
        if _entity_names(entity) & names or (speaker.kind == "person" and entity.type in person):
            return entity
    by_name = next((e for e in resolution.entities if _entity_names(e) & names), None)
    if by_name is not None or named:
        return by_name
    descriptions = [f.quote.speaker.name for f in attributed if f.quote.speaker.kind == "person"]
    if not descriptions or not descriptions[0]:
        return None
    return _described_person(descriptions[0], context)


def _described_person(description: str, context: _Context) -> Entity | None:
    """The one person of the story printed with the same description ("Reilly's agent"), or with a
    longer one holding every content word of a specific description (`min_description_words`)."""
    stop, person = context.res.words("syntax.stop_words"), context.res.labels("syntax.person")
    words = _content_words(description, stop)
    printed = context.described
    fitting = [
        e for e in context.resolution.entities
        if e.type in person and any(
            _fits(words, _content_words(d, stop), context.cfg)
            for d in [*e.descriptions, *(d for n in _entity_names(e) for d in printed.get(n, ()))]
        )
    ]
    return fitting[0] if len(fitting) == 1 else None


def _fits(words: set[str], other: set[str], cfg: QuoteSettings) -> bool:
    """Equal content words, two at least ("a lawyer" could be any lawyer; "Nowak's lawyer" is one), or a
    specific description inside a longer one."""
    return (len(words) >= 2 and words == other) or (len(words) >= cfg.min_description_words and words <= other)


def _content_words(text: str, stop: frozenset[str]) -> set[str]:
    return {w for w in normalise(text).split() if w not in stop and len(w) > 1}


def _entity_names(entity: Entity) -> set[str]:
    return {entity.name.lower(), *(alias.lower() for alias in entity.aliases)}


def _occurrence(found: Quoted) -> QuoteOccurrence:
    quote = found.quote
    return QuoteOccurrence(
        article=found.article,
        start=quote.start,
        end=quote.end,
        text=quote.text,
        parts=quote.parts,
        speaker_name=quote.speaker.name,
        how=quote.speaker.how,
        cue=quote.cue,
        medium=quote.medium,
    )


def _digest(*fields: str) -> str:
    return hashlib.sha1("\x1f".join(fields).encode()).hexdigest()[:12]


def _first_position(quote: Quote, order: dict[str, int]) -> tuple[int, int]:
    first = min(quote.occurrences, key=lambda o: (order.get(o.article, 0), o.start))
    return order.get(first.article, 0), first.start
