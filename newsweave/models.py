"""Plain data passed between pipeline stages, and the dossier they produce.

The dossier models keep every field name of `shared/dossier-contract.md` (the stable contract read by
evaluation scripts and users' scripts); extra fields may be added, contract fields are never renamed.
Dates are ISO strings (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) or a two-item `[start, end]` list for a range on the
wire; a field typed `ContractDate` holds a `newsweave.dates.DateRange` in memory and reads and writes those
strings at the edges.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    computed_field,
    model_serializer,
    model_validator,
)

from newsweave.dates import ContractDate, DateValue, Provenance, read_contract_date

if TYPE_CHECKING:
    import numpy as np
    from spacy.tokens import Doc

SCHEMA_VERSION = "1"



# --------------------------------------------------------------------------- ingest -> clean


class RawDocument(BaseModel):
    """One input article as read from disk, a feed, a URL or a crawl, before any cleaning."""

    source: str = Field(description="Where it came from, for messages: a path, `path:line` or a URL.")
    path: str | None = None
    url: str | None = None
    text: str | None = Field(None, description="Plain text, when the input was text.")
    html: str | None = Field(None, description="Raw HTML, when the input was a web page.")
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    published: str | None = Field(None, description="Publication date given by metadata, as found.")
    source_id: str | None = Field(
        None, description="The input's own identifier: a JSON record's `id`, a feed entry's guid."
    )
    repairs: list[str] = Field(
        default_factory=list,
        description="What reading had to repair or guess (invalid bytes replaced, an encoding guessed, a metadata "
        "value of the wrong type ignored), for the user to check.",
    )


class Skipped(BaseModel):
    path: str
    reason: str


class Removal(BaseModel):
    """A piece of page furniture removed by cleaning, kept so a user can audit the cleaner."""

    text: str
    rule: str = Field(description="Name of the cleaning rule that removed it.")
    start: int | None = Field(None, description="Character offset in the text before cleaning.")


# --------------------------------------------------------------------------- articles


class Article(BaseModel):
    model_config = ConfigDict(validate_assignment=True)

    id: str = Field(description="Stable id: a prefix of the SHA-256 of the cleaned text.")
    source_id: str | None = Field(
        None,
        description="The identifier the input gave the article (a JSON/JSONL record's `id`, a feed entry's "
        "guid), so a dossier can be mapped back to the user's own data; null when the input had none.",
    )
    path: str | None = None
    url: str | None = None
    given_as: str | None = Field(
        None,
        description="Where the input was given, when it has neither a path nor a URL (a record of a web API "
        "request: `request:articles[3]`), so a message about the article names what the user sent; null otherwise.",
    )
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    dateline: str | None = None
    published: ContractDate = Field(
        None, description="Publication day, or the `[start, end]` window it lies in; null when unknown."
    )
    published_reason: str = Field("", description="How `published` was obtained, or why it is null.")
    found_by: dict[str, str] = Field(
        default_factory=dict,
        description="How each metadata field with a value (url, title, outlet, byline, dateline) was found: field "
        "name -> cleaning rule (given, address-line, headline, url-host-table, site-name-on-page, page-title, "
        "text-credit, url-host, byline-line, dateline).",
    )
    language: str = "en"
    text: str = Field(description="Cleaned article text; all character offsets point into it.")
    captions: str = Field(
        "",
        description="Photo captions removed from the body, one per line, without toggles or credits; the "
        "timeline still reads them, and evidence marked `part: caption` points into this text.",
    )
    removed: list[Removal] = Field(default_factory=list)
    repairs: list[str] = Field(
        default_factory=list,
        description="What reading the input had to repair or guess: invalid bytes replaced with U+FFFD, a legacy "
        "encoding guessed, a metadata value of the wrong JSON type ignored. Empty when the input was clean.",
    )
    derived_from: str | None = Field(None, description="Article id this one copies or rewrites.")
    content_hash: str = Field("", description="SHA-256 of the cleaned text, for de-duplication in the store.")
    story: str | None = Field(None, description="Id of the story the article belongs to.")

    @property
    def source(self) -> str:
        """Where the article came from, for messages: its path, its URL, where it was given, or its id."""
        return self.path or self.url or self.given_as or self.id

    @computed_field(  # type: ignore[prop-decorator]
        description="How `published` was obtained: `stated` (written in the text or given with the input), "
        "`inferred` (a window worked out from the story's dated events); null when unknown."
    )
    @property
    def published_provenance(self) -> Provenance | None:
        return self.published.provenance if self.published is not None else None

    @model_validator(mode="before")
    @classmethod
    def _inferred_on_the_wire(cls, data: Any) -> Any:
        """A date read back from JSON (the store, a dossier) keeps the provenance it was written with."""
        if isinstance(data, dict) and data.get("published_provenance") == "inferred" and data.get("published"):
            published = read_contract_date(data["published"])
            return {**data, "published": published.as_inferred() if published else None}
        return data


class SentenceRef(BaseModel):
    """A sentence of one article, by character offsets into `Article.text`."""

    article: str
    index: int
    start: int
    end: int
    text: str


class EntityMention(BaseModel):
    """A named-entity span in one article (spaCy NER), by character offsets into `Article.text`."""

    article: str
    start: int
    end: int
    text: str
    label: str
    sentence: int


@dataclass
class AnalyzedArticle:
    """An article with its spaCy parse; lives only in memory between the NLP and linking stages."""

    article: Article
    doc: Doc
    sentences: list[SentenceRef] = field(default_factory=list)
    mentions: list[EntityMention] = field(default_factory=list)
    caption_doc: Doc | None = None
    """The parse of `article.captions`, when the article has captions (see `nlp.annotate.caption_view`)."""


@dataclass
class ArticleFeatures:
    """What story clustering keeps of one article (`story.features`); stored so later runs cluster new
    articles against old stories without parsing the old ones again."""

    id: str
    title: str
    day: str | None
    vector: np.ndarray
    keys: tuple[str, ...]
    minhash: np.ndarray


@dataclass(frozen=True)
class VectorEncoder:
    """Which model made a vector: the encoder setting's value (`parse.encoder`) and the model it named, by what
    that model was made from (`nlp.derived.model_key`). The store keeps it with each lead vector, so an `ingest`
    never compares vectors of two models (the int8 and full MiniLM vectors of one article: cosine ~0.96)."""

    name: str
    model: str


# --------------------------------------------------------------------------- dossier sections


class Support(BaseModel):
    article: str
    sentence: int
    text: str = Field("", description="The supporting sentence (dossier.json leaves it out when it can be found again: see `Dossier`).")
    similarity: float


class Statement(BaseModel):
    """A sentence of one article with the sentences of *other* articles that state the same thing."""

    id: str
    article: str
    sentence: int
    start: int
    end: int
    text: str = Field("", description="The sentence (dossier.json leaves it out when it can be found again: see `Dossier`).")
    supported_by: list[Support] = Field(default_factory=list)
    sources: list[str] = Field(
        default_factory=list,
        description="This article plus the supporting ones (dossier.json leaves it out when it is just that).",
    )


class Story(BaseModel):
    id: str
    title: str
    articles: list[str]
    span: DateValue = None


class Entity(BaseModel):
    id: str
    name: str = Field(description="Canonical name.")
    type: str = Field(description="PERSON|ORG|GPE|LOC|FAC|EVENT|NORP|...")
    aliases: list[str] = Field(default_factory=list)
    descriptions: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    mentions: int = 0
    description_sources: dict[str, list[str]] = Field(
        default_factory=dict, description="Each description with the articles that give it."
    )
    role: str | None = Field(None, description="People only: leader|official|analyst|journalist|other.")
    refers_to: list[str] = Field(
        default_factory=list, description="Entity ids (or names) of what this place stands for when used as an actor."
    )
    mention_spans: list[tuple[str, int, int]] = Field(
        default_factory=list, description="`(article, start, end)` of every resolved mention."
    )


class Relation(BaseModel):
    subject: str = Field(description="Entity id.")
    relation: str
    object: str = Field(description="Entity id, or free text when the object is not an entity.")
    evidence: str
    sources: list[str] = Field(default_factory=list)
    subject_name: str = ""
    object_name: str = ""
    count: int | None = Field(None, description="How many times, when the text says (\"met five times\").")
    period: DateValue = Field(None, description="When, as a year or a [start, end] range of years, if given.")
    detail: str | None = Field(None, description="What was signed, supplied or attended, in the text's words.")


class QuoteOccurrence(BaseModel):
    """Where one article prints a quote; a split quote ("...," she said, "...") has several `parts`."""

    article: str
    start: int
    end: int
    text: str = Field("", description="The words as this article prints them (parts joined by ' … ') (dossier.json leaves it out when it can be found again: see `Dossier`)")
    parts: list[tuple[int, int]] = Field(default_factory=list, description="`(start, end)` of each quoted part.")
    speaker_name: str | None = None
    how: str = Field(
        "unresolved",
        description="name | short name | pronoun | role | description (the text describes, not names, the "
        "speaker: `speaker_name` is that noun phrase) | unresolved.",
    )
    cue: str | None = None
    medium: str | None = None


class QuoteVariant(BaseModel):
    """One outlet's wording of a quote carried by several articles."""

    text: str
    sources: list[str] = Field(default_factory=list)
    relation: Literal["same", "excerpt", "different wording"] = "same"


class Quote(BaseModel):
    speaker: str | None = Field(None, description="Entity id of the speaker, or None when unresolved.")
    speaker_name: str | None = Field(
        None, description="The name, or the text's noun phrase (\"a ministry official\") when it names nobody."
    )
    kind: Literal["direct", "indirect"]
    text: str
    cue: str | None = None
    sources: list[str] = Field(default_factory=list)
    id: str = ""
    speaker_kind: Literal["person", "organisation", "group", "unknown"] = "unknown"
    speaker_description: str | None = None
    medium: str | None = Field(None, description="Addressee or channel: 'told Anadolu', 'in an interview with X'.")
    occurrences: list[QuoteOccurrence] = Field(default_factory=list)
    variants: list[QuoteVariant] = Field(default_factory=list, description="Wordings, when outlets differ.")
    wording_differs: bool = False
    attribution_conflict: str | None = Field(None, description="Other speakers the same words are given to.")


class Term(BaseModel):
    """A quoted label, not speech: a name in quotation marks, a scare-quoted word, an institution's wording."""

    id: str
    text: str
    reason: str
    used_by: str | None = Field(None, description="Who the text says uses the term, when it says.")
    sources: list[str] = Field(default_factory=list)
    occurrences: list[QuoteOccurrence] = Field(default_factory=list)


class TimelineEvidence(BaseModel):
    """One source's own wording of a timeline event: the time expression, its sentence and its value."""

    article: str
    expression: str
    sentence: str
    value: str | list[str] | None
    how: Literal["explicit", "relative", "inferred"]
    start: int = Field(description="Character offset of the expression in the article text.")
    end: int
    sentence_start: int = Field(0, description="Character offset of the sentence in the article text.")
    part: Literal["body", "caption"] = Field(
        "body", description="`caption`: the offsets point into the article's `captions`, not its `text`."
    )


class TimelineEntry(BaseModel):
    date: str | list[str]
    event: str
    expression: str
    how: Literal["explicit", "relative", "inferred"]
    sources: list[str] = Field(default_factory=list)
    id: str = Field("", description="Derived from date, event and sources: unique across the dossier.")
    granularity: str = Field("", description="day|week|month|quarter|season|year|decade|century of the date.")
    approximate: bool = False
    participants: list[str] = Field(default_factory=list, description="Names of the entities in the event's clause.")
    participant_ids: list[str] = Field(default_factory=list, description="Entity ids, where resolved.")
    evidence: list[TimelineEvidence] = Field(default_factory=list)
    note: str = Field("", description="Why the date is a range or how it was inferred, when it is not explicit.")


class ClaimEvidence(BaseModel):
    """One article's wording of a claim, by character offsets into that article's text."""

    article: str
    sentence: int
    start: int
    end: int
    text: str = Field("", description="The atomic claim as worded in this article (dossier.json leaves it out when it can be found again: see `Dossier`)")
    sentence_text: str = Field("", description="The sentence stating it (dossier.json leaves it out when it can be found again: see `Dossier`).")
    similarity: float = Field(1.0, description="Cosine similarity to the claim's representative wording.")


class Claim(BaseModel):
    id: str
    text: str
    sources: list[str] = Field(default_factory=list)
    independent_sources: list[str] = Field(default_factory=list)
    kind: Literal["fact", "opinion", "quote", "conditional"] = Field(
        "fact", description="conditional: holds only if something else does (\"If the deal goes ahead, ...\")."
    )
    entities: list[str] = Field(default_factory=list, description="Entity ids, or names when unresolved.")
    numbers: list[str] = Field(default_factory=list, description="Numbers stated, as `value unit`.")
    times: list[DateValue] = Field(default_factory=list, description="Normalized dates the claim mentions.")
    support: list[ClaimEvidence] = Field(default_factory=list)
    single_source: bool = Field(False, description="Only one independent source states it.")


class Derivation(BaseModel):
    source: str = Field(description="Article id of the original.")
    derived: str = Field(description="Article id of the copy or rewrite.")
    share: float = Field(description="Share of the derived article reused from the source, 0..1.")
    evidence: list[str] = Field(default_factory=list)
    method: list[str] = Field(default_factory=list, description="verbatim|paraphrase|credit: what was found.")
    direction: str = Field(
        "",
        description="Why `source` is the original: credit (the derived credits the source's outlet), date "
        "(published later), update (carries a newer figure or added paragraphs); unknown: the same text whose "
        "order nothing tells (siblings of one wire story, say), `derived` then being the one made more of the "
        "other.",
    )
    credit: str | None = Field(None, description="The derived article's words crediting the source.")
    verbatim_share: float = 0.0
    paraphrase_share: float = 0.0
    passages: list[AlignedPassage] = Field(default_factory=list)
    aligned: int = Field(
        0,
        description="Sentences aligned in all: `passages` lists every one for the derived article's strongest "
        "copy, the first `derivation.passages_listed` for its other pairs (0: a dossier from before the count).",
    )


def strongest_copies(derivations: list[Derivation]) -> list[Derivation]:
    """For each derived article the pair with the largest share, in the given order: the wire copies of a large
    story pair up every article with every other, and one pair per copy stays as long as the story."""
    best: dict[str, Derivation] = {}
    for derivation in derivations:
        if derivation.derived not in best or derivation.share > best[derivation.derived].share:
            best[derivation.derived] = derivation
    kept = {id(derivation) for derivation in best.values()}
    return [derivation for derivation in derivations if id(derivation) in kept]


class AlignedPassage(BaseModel):
    """A sentence of the derived article aligned to the sentence of the source it reuses."""

    source_sentence: int
    derived_sentence: int
    source_text: str = Field("", description="The source's sentence (dossier.json leaves it out when it can be found again: see `Dossier`).")
    derived_text: str = Field("", description="The derived article's sentence (dossier.json leaves it out when it can be found again: see `Dossier`).")
    similarity: float
    verbatim: bool = False


class ConflictSide(BaseModel):
    text: str
    sources: list[str] = Field(default_factory=list)
    claim: str | None = Field(None, description="Id of the claim this side states.")
    evidence: list[ClaimEvidence] = Field(default_factory=list)
    published: DateValue = None


class Conflict(BaseModel):
    kind: Literal["contradiction", "superseded", "wording", "compatible"]
    explanation: str
    sides: list[ConflictSide]
    attribute: str = Field("", description="number|date|superlative|status|attribution: what differs.")


class FigurePoint(BaseModel):
    """One report of a developing figure: the figure as one article states it."""

    value: float
    text: str = Field(description="The figure as written, with its qualifier (\"at least 69\").")
    bound: Literal["=", "~", ">=", "<="] = Field(
        "=", description="= exactly, ~ approximately, >= at least, <= at most (from the wording)."
    )
    wording: str = Field("", description="Words marking a step of the count (\"rose to\", \"feared\"), if any.")
    article: str
    published: DateValue = None
    claim: str | None = Field(None, description="Id of the claim whose clause states it.")
    sentence: int = 0
    clause: str = Field("", description="The clause stating it.")


class DevelopingFigure(BaseModel):
    """A running count (the dead, the injured, the missing) as it moved across the reports of a story."""

    id: str
    measures: str = Field(
        description="What is counted: an outcome (\"dead\"), with the noun counted if not people, and the place or "
        "site of a part of the whole (\"dead in Puebla\")."
    )
    trend: Literal["rising", "falling", "mixed", "unordered"] = Field(
        description="How the figure moved in publication order; unordered when the dates do not tell."
    )
    points: list[FigurePoint] = Field(default_factory=list, description="In publication order, undated last.")


class BriefLine(BaseModel):
    text: str
    sources: list[str] = Field(default_factory=list)


class CoverageItem(BaseModel):
    text: str
    sources: list[str] = Field(default_factory=list)


class SourceCoverage(BaseModel):
    article: str
    outlet: str | None = None
    headline: str | None = None
    lead: str | None = None
    sentences: int = 0
    shared: int = Field(0, description="Sentences stated by at least one other article of the story.")
    unique: list[CoverageItem] = Field(default_factory=list, description="Reported by this article only.")
    omitted: list[CoverageItem] = Field(
        default_factory=list, description="Reported by most other articles of the story, not by this one."
    )


class Dossier(BaseModel):
    """Everything newsweave knows about a set of articles; every section is a list, empty when not built.

    Evidence is referenced, not copied, in dossier.json: a text that is the article's text at the evidence's
    own offsets, or the text of the sentence it names (every sentence of a linked story is a statement), and
    a statement's sources (its article and its supporters') are left out when written and restored when read
    (`LEFT_OUT`). A story of n articles states each fact
    n times, so copying every supporting sentence into every claim, statement and aligned passage made the
    file grow far faster than its input; in memory every text is there as before.
    """

    schema_version: str = SCHEMA_VERSION
    generated_at: str = ""
    articles: list[Article] = Field(default_factory=list)
    skipped: list[Skipped] = Field(default_factory=list)
    stories: list[Story] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    terms: list[Term] = Field(default_factory=list, description="Quoted labels kept apart from `quotes`.")
    timeline: list[TimelineEntry] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    derivations: list[Derivation] = Field(default_factory=list)
    conflicts: list[Conflict] = Field(default_factory=list)
    figures: list[DevelopingFigure] = Field(
        default_factory=list, description="Developing figures: running counts as they moved across reports."
    )
    brief: list[BriefLine] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)
    coverage: list[SourceCoverage] = Field(default_factory=list)

    @model_serializer(mode="wrap")
    def _evidence_by_reference(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo) -> Any:
        data = handler(self)
        return _grouped(_by_reference(data)) if info.mode == "json" and isinstance(data, dict) else data

    @model_validator(mode="before")
    @classmethod
    def _evidence_texts_restored(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        try:
            plain = _ungrouped(data)
            return _texts_restored(plain, fresh=plain is not data)
        except (AttributeError, IndexError, KeyError, TypeError) as error:
            raise ValueError(f"the grouped evidence of this dossier cannot be read back ({error!r})") from error


# --------------------------------------------------------------------------- dossier.json: evidence by reference


class _Texts:
    """Where a left-out evidence text is found again: the article texts by id, and each sentence of an
    article by its index (from the statements, whose own text is the article's text at their offsets)."""

    def __init__(self, data: dict) -> None:
        self.articles = {_get(a, "id"): _get(a, "text") or "" for a in _items(data, "articles")}
        self.titles = {_get(a, "id"): _get(a, "title") for a in _items(data, "articles")}
        self.sentences: dict[tuple[str, int], str] = {}
        for statement in _items(data, "statements"):
            text = _get(statement, "text") or self.at(statement, "start", "end")
            if text is not None:
                self.sentences[(_get(statement, "article"), _get(statement, "sentence"))] = text
        self.leads: dict[str, str] = {}
        for (article, _), text in sorted(self.sentences.items(), key=lambda item: item[0][1], reverse=True):
            self.leads[article] = text

    def at(self, item: Any, start: str, end: str, article: str = "article") -> str | None:
        text = self.articles.get(_get(item, article))
        first, last = _get(item, start), _get(item, end)
        if text is None or not isinstance(first, int) or not isinstance(last, int) or not 0 <= first <= last:
            return None
        return text[first:last] if last <= len(text) else None

    def sentence(self, article: Any, index: Any) -> str | None:
        return self.sentences.get((article, index))


@dataclass(frozen=True)
class LeftOut:
    """A field dossier.json leaves out wherever it can be found again: the section, the path from a section
    item to the list holding the evidence (empty: the item itself), the field, and how to find its value from
    the evidence, the item owning it and the texts. Left out only when that gives exactly the value."""

    section: str
    path: tuple[str, ...]
    field: str
    locate: Callable[[Any, Any, _Texts], Any]


def _at_offsets(evidence: Any, owner: Any, texts: _Texts) -> str | None:
    return texts.at(evidence, "start", "end")


def _printed_parts(occurrence: Any, owner: Any, texts: _Texts) -> str | None:
    """A quote as printed: its parts joined by ' … ' (a split quote), else the text at its offsets."""
    parts = [texts.at({"article": _get(occurrence, "article"), "start": p[0], "end": p[1]}, "start", "end")
             for p in _get(occurrence, "parts") or [] if isinstance(p, (list, tuple)) and len(p) == 2]
    if len(parts) > 1 and None not in parts:
        return " … ".join(parts)  # type: ignore[arg-type]
    return _at_offsets(occurrence, owner, texts)


def _statement_sources(statement: Any, owner: Any, texts: _Texts) -> list[str]:
    """A statement's sources are its own article and those of the sentences supporting it."""
    return [_get(statement, "article"), *(_get(s, "article") for s in _get(statement, "supported_by") or [])]


def _its_sentence(evidence: Any, owner: Any, texts: _Texts) -> str | None:
    return texts.sentence(_get(evidence, "article"), _get(evidence, "sentence"))


def _whole_span(occurrence: Any, owner: Any, texts: _Texts) -> list[list[int]]:
    return [[_get(occurrence, "start"), _get(occurrence, "end")]]


LEFT_OUT: tuple[LeftOut, ...] = (
    LeftOut("articles", (), "content_hash",
            lambda article, owner, texts: hashlib.sha256((_get(article, "text") or "").encode("utf-8")).hexdigest()),
    LeftOut("coverage", (), "headline", lambda item, owner, texts: texts.titles.get(_get(item, "article"))),
    LeftOut("coverage", (), "lead", lambda item, owner, texts: texts.leads.get(_get(item, "article"))),
    LeftOut("statements", (), "text", _at_offsets),
    LeftOut("statements", (), "sources", _statement_sources),
    LeftOut("statements", ("supported_by",), "text", _its_sentence),
    LeftOut("claims", ("support",), "text", _at_offsets),
    LeftOut("claims", ("support",), "sentence_text", _its_sentence),
    LeftOut("conflicts", ("sides", "evidence"), "text", _at_offsets),
    LeftOut("conflicts", ("sides", "evidence"), "sentence_text", _its_sentence),
    LeftOut("quotes", ("occurrences",), "text", _printed_parts),
    LeftOut("terms", ("occurrences",), "text", _printed_parts),
    LeftOut("quotes", ("occurrences",), "parts", _whole_span),
    *(LeftOut("quotes", ("occurrences",), name, lambda occurrence, quote, texts, name=name: _get(quote, name))
      for name in ("speaker_name", "cue", "medium")),
    LeftOut("terms", ("occurrences",), "parts", _whole_span),
    LeftOut(
        "derivations", ("passages",), "source_text",
        lambda passage, derivation, texts: texts.sentence(_get(derivation, "source"), _get(passage, "source_sentence")),
    ),
    LeftOut(
        "derivations", ("passages",), "derived_text",
        lambda passage, derivation, texts: texts.sentence(
            _get(derivation, "derived"), _get(passage, "derived_sentence")
        ),
    ),
)
"""Written in this order and restored in the reverse one, so a rule may read a field a later rule leaves out
(a quote's printed text its `parts`). A statement's own text is always at its offsets, so the sentences are
known before any is restored."""


def _by_reference(data: dict) -> dict:
    """The JSON form of a dossier without the evidence texts that can be found again (the dict is fresh from
    the serializer, so it is edited in place)."""
    texts = _Texts(data)
    for rule in LEFT_OUT:
        for evidence, owner in _evidence(data, rule):
            if isinstance(evidence, dict) and rule.field in evidence and evidence[rule.field] == rule.locate(
                evidence, owner, texts
            ):
                del evidence[rule.field]
    return data


def _texts_restored(data: dict, fresh: bool = False) -> dict:
    """A dossier read from JSON with its left-out evidence texts put back; the caller's dicts stay as given
    (unless `fresh`: a copy made for this read, edited in place)."""
    if not any(
        isinstance(evidence, dict) and rule.field not in evidence
        for rule in LEFT_OUT
        for evidence, _ in _evidence(data, rule)
    ):
        return data
    data = data if fresh else copy.deepcopy(data)
    texts: _Texts | None = None
    for rule in reversed(LEFT_OUT):
        for evidence, owner in _evidence(data, rule):
            if isinstance(evidence, dict) and rule.field not in evidence:
                texts = texts or _Texts(data)
                found = rule.locate(evidence, owner, texts)
                if found is not None:
                    evidence[rule.field] = found
    return data


def _evidence(data: dict, rule: LeftOut) -> list[tuple[Any, Any]]:
    """(evidence, the section item owning it) for each evidence item `rule` covers."""
    found = []
    for item in _items(data, rule.section):
        level = [item]
        for key in rule.path:
            level = [child for parent in level for child in (_get(parent, key) or [])]
        found += [(evidence, item) for evidence in level]
    return found


def _get(item: Any, key: str) -> Any:
    return item.get(key) if isinstance(item, dict) else getattr(item, key, None)


def _items(data: dict, section: str) -> list[Any]:
    """A section's items; none when it is not a list (the model's validation then says what is wrong)."""
    items = data.get(section)
    return items if isinstance(items, list) else []


# --------------------------------------------------------------------------- dossier.json: grouped evidence


TABLES: tuple[tuple[str, ...], ...] = (
    ("claims", "support"),
    ("conflicts", "sides", "evidence"),
    ("quotes", "occurrences"),
    ("terms", "occurrences"),
    ("derivations", "passages"),
    ("derivations",),
)
"""Lists written as rows of a table. A path of two or more keys is an evidence list (never a contract field):
its items are written as rows. A path of one key is a section: its items keep their contract fields
(`CONTRACT`) and the rest go into one row, `more`. The keys of each path are written once, in `tables`
(`"claims.support": [k1, k2, ...]`); a row holds their values in order, then, if the item has fields the
others lack, an object of those. A list of n small objects repeats every key n times, which was half the bytes
of these lists (a story of n copies has up to n² copy pairs, each with its passages)."""
CONTRACT: dict[str, tuple[str, ...]] = {"derivations": ("source", "derived", "share", "evidence")}
"""The contract fields (docs/dossier-contract.md) of the sections in `TABLES`, always written as fields."""
MORE = "more"


def _grouped(data: dict) -> dict:
    """dossier.json's grouped form of the evidence: tables (`TABLES`) and statements by fact (`_statements_grouped`)."""
    tables = {}
    for path in TABLES:
        items = [(parent, parent[path[-1]]) for parent in _parents(data, path)] if len(path) > 1 else [(None, data)]
        keys = _common_keys([item for _, listed in items for item in _listed_items(listed, path)], path)
        if keys:
            tables[".".join(path)] = keys
            for parent, listed in items:
                if len(path) > 1:
                    parent[path[-1]] = [_row(item, keys) for item in listed]
                else:
                    listed[path[0]] = [_folded(item, keys, path[0]) for item in listed[path[0]]]
    for entity in _items(data, "entities"):
        if isinstance(entity, dict) and isinstance(entity.get("mention_spans"), list):
            entity["mention_spans"] = _span_runs(entity["mention_spans"])
    statements = data.get("statements")
    if isinstance(statements, list) and statements:
        data["statements"] = _statements_grouped(statements, data)
    if tables:
        data["tables"] = tables
    return data


def _ungrouped(data: dict) -> dict:
    """The plain form of a dossier read in either form; the caller's dicts stay as given."""
    runs = any(isinstance(run, list) and len(run) > 3 for entity in _items(data, "entities")
               if isinstance(entity, dict) for run in entity.get("mention_spans") or [])
    if not isinstance(data.get("statements"), dict) and not isinstance(data.get("tables"), dict) and not runs:
        return data
    data = copy.deepcopy(data)
    tables = data.pop("tables", None) or {}
    for path in reversed(TABLES):
        keys = tables.get(".".join(path))
        if not isinstance(keys, list):
            continue
        if len(path) > 1:
            for parent in _parents(data, path):
                parent[path[-1]] = [rows_listed(row, keys) for row in parent[path[-1]] or []]
        else:
            data[path[0]] = [
                {**{k: v for k, v in item.items() if k != MORE}, **rows_listed(item.get(MORE, []), keys)}
                if isinstance(item, dict) else item
                for item in _items(data, path[0])
            ]
    if isinstance(data.get("statements"), dict):
        data["statements"] = _statements_listed(data["statements"])
    for entity in _items(data, "entities"):
        if isinstance(entity, dict) and isinstance(entity.get("mention_spans"), list):
            entity["mention_spans"] = _spans_listed(entity["mention_spans"])
    return data


def _span_runs(spans: list[Any]) -> list[Any]:
    """Entity mention spans `[article, start, end]` as runs `[article, start, end, start, end, ...]` of one
    article; a run of one span is the span itself, so a plain list reads the same."""
    if not all(isinstance(span, list) and len(span) == 3 for span in spans):
        return spans
    runs: list[list[Any]] = []
    for article, start, end in spans:
        if runs and runs[-1][0] == article:
            runs[-1] += [start, end]
        else:
            runs.append([article, start, end])
    return runs


def _spans_listed(runs: list[Any]) -> list[Any]:
    return [[run[0], *run[k:k + 2]] if isinstance(run, list) else run
            for run in runs for k in (range(1, len(run), 2) if isinstance(run, list) else (0,))]


def _parents(data: dict, path: tuple[str, ...]) -> list[dict]:
    """The dicts holding the list `path[-1]` under the section `path[0]`."""
    level = [item for item in _items(data, path[0]) if isinstance(item, dict)]
    for key in path[1:-1]:
        level = [child for parent in level for child in (parent.get(key) or []) if isinstance(child, dict)]
    return [parent for parent in level if isinstance(parent.get(path[-1]), list)]


def _listed_items(listed: Any, path: tuple[str, ...]) -> list[dict]:
    items = listed if len(path) > 1 else listed.get(path[0])
    return items if isinstance(items, list) else []


def _common_keys(items: list[dict], path: tuple[str, ...]) -> list[str]:
    """The keys every item has (a section's contract fields aside), in the first item's order; none unless every
    item is an object."""
    if not items or not all(isinstance(item, dict) for item in items):
        return []
    kept = CONTRACT.get(path[0], ()) if len(path) == 1 else ()
    return [key for key in items[0] if key not in kept and all(key in item for item in items)]


def _row(item: dict, keys: list[str]) -> list[Any]:
    extra = {key: value for key, value in item.items() if key not in keys}
    return [item[key] for key in keys] + ([extra] if extra else [])


def _folded(item: dict, keys: list[str], section: str) -> dict:
    """A section item with its contract fields as fields and the rest as the row `more`."""
    contract = {key: value for key, value in item.items() if key in CONTRACT[section]}
    return {**contract, MORE: _row({k: v for k, v in item.items() if k not in contract}, keys)}


def rows_listed(row: Any, keys: list[str]) -> Any:
    """The item a table row stands for (`TABLES`): `keys` with the row's values, plus the fields of the
    object that may end the row; anything but a row is returned as given."""
    if not isinstance(row, list):
        return row
    extra = row[len(keys)] if len(row) > len(keys) and isinstance(row[-1], dict) else {}
    return {**dict(zip(keys, row)), **extra}


STATEMENT_FIELDS = ("id", "article", "sentence", "start", "end", "supported_by")
"""The fields of a statement its row and its fact give; any other field (a text that is not at its offsets)
is kept in the row."""


def _statements_grouped(statements: list[dict], data: dict) -> list[dict] | dict:
    """Statements by fact. A story of n copies states each fact n times, and listing every other copy under each
    made the statements grow as the square of the story (most of dossier.json). Written instead: each article's
    sentences as rows `[sentence, start, end]` (`sentences`); the facts, groups of statements of one story with
    the same text (`facts`: their positions in the statement list); how similar the statements of two facts
    (or of one) are (`links`: `[fact, fact, similarity]`); and, for a statement whose supporters that does not
    give exactly, its own list (`support`). A statement's supporters are then the best statement of every other
    article among the facts linked to its own, most similar first (`_supporters`). The plain list is written
    whenever the grouped form would not read back to exactly it."""
    position = {(s.get("article"), s.get("sentence")): k for k, s in enumerate(statements)}
    story_of = {a: story.get("id") for story in _items(data, "stories") for a in story.get("articles") or []}
    texts = _Texts(data)
    fact_of: dict[tuple[Any, str | None], int] = {}
    facts = [fact_of.setdefault((story_of.get(s.get("article")), s.get("text", texts.at(s, "start", "end"))),
                                len(fact_of)) for s in statements]
    similarity: dict[tuple[int, int], float] = {}
    for k, statement in enumerate(statements):
        for support in statement.get("supported_by") or []:
            other = position.get((support.get("article"), support.get("sentence")))
            if other is not None:
                similarity.setdefault(tuple(sorted((facts[k], facts[other]))), support.get("similarity"))
    linked = sorted({fact for pair in similarity for fact in pair})
    number = {fact: n for n, fact in enumerate(linked)}
    members: dict[int, list[int]] = {}
    for k, fact in enumerate(facts):
        members.setdefault(fact, []).append(k)
    grouped = {
        "sentences": _sentence_rows(statements),
        "facts": [members[f] for f in linked],
        "links": [[number[a], number[b], value] for (a, b), value in sorted(similarity.items())],
        "unsupported": [],
        "support": [],
    }
    for k, (statement, rebuilt) in enumerate(zip(statements, _supporters(grouped, statements))):
        support = statement.get("supported_by", [])
        held = {_key(item) for item in support}  # a popular sentence has a supporter in most articles of its story
        fewer = [item for item in rebuilt if _key(item) not in held]
        if [item for item in rebuilt if _key(item) in held] == support and fewer:
            grouped["unsupported"].append([k, [position[(item["article"], item["sentence"])] for item in fewer]])
        elif support != rebuilt:
            grouped["support"].append([k, [_support_row(item, position) for item in support]])
    return grouped if _statements_listed(grouped) == statements else statements


def _support_row(item: dict, position: dict[tuple[Any, Any], int]) -> list | dict:
    """A supporter given outright as `[position, similarity]` when it is just a statement of the list and its
    similarity: the statements whose supporters the facts cannot give are the popular ones (a lead sentence
    that most copies of a story repeat), with a supporter from most articles of the story."""
    at = position.get((item.get("article"), item.get("sentence")))
    plain = at is not None and set(item) == {"article", "sentence", "similarity"}
    return [at, item.get("similarity")] if plain else item


def _key(item: dict) -> frozenset:
    """A supporter as a set member: equal exactly when the two dicts are."""
    return frozenset(item.items())


def _sentence_rows(statements: list[dict]) -> list[list[Any]]:
    """`[article, [[sentence, start, end(, other fields)], ...]]` for each run of statements of one article."""
    runs: list[list[Any]] = []
    for statement in statements:
        article = statement.get("article")
        extra = {key: value for key, value in statement.items() if key not in STATEMENT_FIELDS}
        if statement.get("id") != f"{article}:{statement.get('sentence')}":
            extra["id"] = statement.get("id")
        if not runs or runs[-1][0] != article:
            runs.append([article, []])
        row = [statement.get("sentence"), statement.get("start"), statement.get("end")]
        runs[-1][1].append(row + ([extra] if extra else []))
    return runs


def _statements_listed(grouped: dict) -> list[dict]:
    """The plain statement list of a grouped one (`_statements_grouped`)."""
    statements = []
    for article, rows in grouped.get("sentences") or []:
        for row in rows:
            statement = {"id": f"{article}:{row[0]}", "article": article, "sentence": row[0], "start": row[1],
                         "end": row[2], **(row[3] if len(row) > 3 else {})}
            statements.append(statement)
    rebuilt = _supporters(grouped, statements)
    explicit = {
        k: [item if isinstance(item, dict) else {"article": statements[item[0]]["article"],
                                                 "sentence": statements[item[0]]["sentence"], "similarity": item[1]}
            for item in support]
        for k, support in grouped.get("support") or []
    }
    for k, left_out in grouped.get("unsupported") or []:
        sentences = {(statements[other]["article"], statements[other]["sentence"]) for other in left_out}
        rebuilt[k] = [item for item in rebuilt[k] if (item["article"], item["sentence"]) not in sentences]
    for k, statement in enumerate(statements):
        statement["supported_by"] = explicit.get(k, rebuilt[k])
    return statements


def _supporters(grouped: dict, statements: list[dict]) -> list[list[dict]]:
    """Each statement's supporters as the facts give them: among the statements of the facts linked to its own,
    the most similar of each other article (the first in the list on a tie), most similar first."""
    facts = grouped.get("facts") or []
    links: dict[int, list[tuple[int, float]]] = {}
    for a, b, value in grouped.get("links") or []:
        links.setdefault(a, []).append((b, value))
        if a != b:
            links.setdefault(b, []).append((a, value))
    fact_of = {k: n for n, members in enumerate(facts) for k in members}
    found = []
    for k, statement in enumerate(statements):
        best: dict[Any, tuple[float, int]] = {}
        for other_fact, value in links.get(fact_of.get(k, -1), []):
            for other in facts[other_fact]:
                article = statements[other]["article"]
                if article != statement["article"] and (article not in best or (-value, other) < (-best[article][0], best[article][1])):
                    best[article] = (value, other)
        found.append([
            {"article": statements[other]["article"], "sentence": statements[other]["sentence"], "similarity": value}
            for value, other in sorted(best.values(), key=lambda pair: (-pair[0], pair[1]))
        ])
    return found


# --------------------------------------------------------------------------- store views
# What the store answers when browsed (`newsweave.store.Store` reads, served by `newsweave serve`).


class StoryQuery(BaseModel):
    """Which stories to list: all the filters given must hold."""

    model_config = ConfigDict(frozen=True)

    q: str | None = Field(
        None, description="Words that must all occur in the title or text of one of its articles; blank: no filter."
    )
    since: date | None = Field(None, description="Stories running on or after this day (undated ones are left out).")
    until: date | None = Field(None, description="Stories that began on or before this day.")
    outlet: str | None = Field(None, description="Stories with an article of this outlet.")
    entity: str | None = Field(None, description="Stories naming this entity: its key (`TYPE:name`) or its name.")
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0)


class StorySummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    span: DateValue = None
    updated_at: str = Field(description="When the store last changed the story (UTC, ISO).")
    articles: int
    independent_sources: int = Field(
        description="Outlets (an article without one counts alone) with an article that copies no other."
    )
    conflicts: int = Field(description="Conflicts in the latest linked dossier; 0 before linking.")
    outlets: list[str] = Field(default_factory=list)
    linked: bool = Field(False, description="Whether a linked dossier (brief, claims, ...) is stored.")


class ArticleHit(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    title: str | None = None
    outlet: str | None = None
    published: DateValue = None
    story: str | None = None
    snippet: str = Field("", description="Plain text around the first word searched for (or the text's start).")


class EntityProfile(BaseModel):
    """One entity across the stories of the store. Inside `quotes` and `relations`, entity ids are replaced by
    entity keys, which mean the same in every story."""

    model_config = ConfigDict(frozen=True)

    key: str
    name: str
    type: str
    aliases: list[str] = Field(default_factory=list)
    descriptions: list[str] = Field(default_factory=list)
    stories: list[StorySummary] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)


class OutletProfile(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    articles: list[ArticleHit] = Field(default_factory=list, description="Newest first.")
    copies_from: list[tuple[str, int]] = Field(
        default_factory=list, description="Outlets its articles copy, with how many of its articles copy each."
    )
    copied_by: list[tuple[str, int]] = Field(
        default_factory=list, description="Outlets whose articles copy it, with how many of their articles do."
    )
