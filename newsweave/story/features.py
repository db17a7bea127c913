"""What story clustering knows about one article: lead embedding, named-entity and figure keys, day, MinHash.

The embedding says what kind of event an article is about; entity keys (people, places, organisations),
figure keys (a count with what it counts, a year) and the day say *which* event: two earthquakes read alike
to an embedding model but happen in different places, on different days, with different tolls. Features are computed once per article (locally or on Spark executors), stored,
and are all that incremental clustering needs later: no text is parsed twice.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
from spacy.tokens import Doc, Span

from newsweave.clean.dateline import opening_dateline
from newsweave.dates import DateRange
from newsweave.lang import Resources
from newsweave.models import AnalyzedArticle, ArticleFeatures, SentenceRef
from newsweave.nlp.annotate import doc_text
from newsweave.nlp.embed import Embedder, SentenceVectors, embed_texts
from newsweave.settings import StorySettings
from newsweave.story.dedup import signature


def entity_key(span: Span, res: Resources) -> str:
    """Lower-cased name without a leading determiner, a possessive ending or enclosing punctuation, so
    "the UN's" and "UN" meet. Read from the tokens (universal POS, the parser's possessive tag), not from
    the spelling of any language's articles."""
    possessive = res.labels("syntax.possessive_tags")
    tokens = [token for token in span if not token.is_space]
    if tokens and tokens[0].pos_ == "DET":
        tokens = tokens[1:]
    while tokens and tokens[0].is_punct:
        tokens = tokens[1:]
    while tokens and (tokens[-1].tag_ in possessive or tokens[-1].is_punct):
        tokens = tokens[:-1]
    if not tokens:
        return ""
    return " ".join(doc_text(span.doc)[tokens[0].idx : tokens[-1].idx + len(tokens[-1])].split()).lower()


def entity_keys(item: AnalyzedArticle, res: Resources) -> tuple[str, ...]:
    """Full names plus, for people, each name part: a person is "Jane Quimby" once and "Quimby" after; then
    the article's figure keys."""
    named, people = res.labels("syntax.name_like"), res.labels("syntax.person")
    keys: set[str] = set()
    for span in item.doc.ents:
        if span.label_ not in named:
            continue
        key = entity_key(span, res)
        if len(key) < 2:
            continue
        keys.add(key)
        if span.label_ in people:
            keys.update(part for part in key.split() if len(part) >= 2)
    return tuple(sorted(keys | figure_keys(item.doc, res)))


FIGURE_MARK = "#"
"""Figure keys start with this mark, so a count never meets a name of the same spelling."""
YEAR_DIGITS = 4


def figure_keys(doc: Doc, res: Resources) -> set[str]:
    """A number with the noun it counts ("#23 pirate", "#5.6 magnitude") and a year stated in a date
    ("#2008"). Two same-kind events told alike differ in their figures (23 pirates caught, not 26; a 5.6
    quake, not a 5.9) and in their years, and every report of one event repeats them. Read from the parse:
    a number token (universal POS) whose head is a noun, the lemma of that noun, numerals as written; the
    numbers of a date or a time ("March 3", "five years ago") count nothing."""
    times, dates = res.labels("syntax.time"), res.labels("syntax.date")
    keys: set[str] = set()
    for token in doc:
        if token.pos_ != "NUM" or not token.like_num:
            continue
        number = token.lower_.replace(",", "")
        if token.ent_type_ in dates and token.is_digit and len(token.text) == YEAR_DIGITS:
            keys.add(FIGURE_MARK + number)
        elif token.ent_type_ not in times and token.head is not token and token.head.pos_ in ("NOUN", "PROPN"):
            keys.add(f"{FIGURE_MARK}{number} {token.head.lemma_.lower()}")
    return keys


CONTENT_POS = ("NOUN", "PROPN", "VERB", "ADJ")
"""Universal POS of the words that say what happened, to whom and where."""


def content_terms(item: AnalyzedArticle, res: Resources) -> Counter[str]:
    """The article's words for the batch split of a story (`clustering.split_state`): lemmas of its
    content words, each entity key once per mention, and its figure keys. Two reports of one event share their
    rare words (the ship's name, the count of pirates, the verb of what was done), two same-kind events share
    only the common ones."""
    stop = res.words("syntax.stop_words")
    terms: Counter[str] = Counter(
        token.lemma_.lower() for token in item.doc
        if token.pos_ in CONTENT_POS and token.is_alpha and len(token) > 1 and token.lower_ not in stop
    )
    named = res.labels("syntax.name_like")
    terms.update(ENTITY_MARK + key for span in item.doc.ents if span.label_ in named
                 and len(key := entity_key(span, res)) >= 2)
    terms.update(figure_keys(item.doc, res))
    return terms


ENTITY_MARK = "@"
"""Entity keys among content terms start with this mark, so the name "Mysore" and the lemma "mysore" count
twice, as the name and as the word."""


def article_day(published: DateRange | None) -> str | None:
    """The publication day, or the start of a published range; None when not known to the day."""
    return published.first.isoformat() if published is not None and published.granularity == "day" else None


def lead_sentences(item: AnalyzedArticle, cfg: StorySettings) -> list[SentenceRef]:
    return item.sentences[: cfg.lead_sentences]


TITLE_CHARS = 120
"""A lead sentence standing in for a missing headline is cut here, at a word boundary."""


def article_title(item: AnalyzedArticle) -> str:
    """The headline, else the lead sentence without its dateline."""
    if item.article.title:
        return item.article.title
    lead = " ".join((item.sentences[0].text if item.sentences else item.article.text).split())
    dateline = opening_dateline(lead)
    lead = lead[dateline.end() :] if dateline else lead
    return lead if len(lead) <= TITLE_CHARS else lead[:TITLE_CHARS].rsplit(" ", 1)[0] + "…"


def features_of(item: AnalyzedArticle, lead_vectors: np.ndarray, res: Resources) -> ArticleFeatures:
    if len(lead_vectors):
        mean = lead_vectors.mean(axis=0)
        vector = (mean / (np.linalg.norm(mean) or 1.0)).astype(np.float32)
    else:
        vector = np.zeros(lead_vectors.shape[1], dtype=np.float32)
    return ArticleFeatures(
        id=item.article.id,
        title=article_title(item),
        day=article_day(item.article.published),
        vector=vector,
        keys=entity_keys(item, res),
        minhash=signature(item.article.text),
    )


def features_from_vectors(
    analyzed: list[AnalyzedArticle], vectors: SentenceVectors, res: Resources, cfg: StorySettings
) -> list[ArticleFeatures]:
    """Features from the sentence vectors the pipeline already computed for the linking stages."""
    rows: dict[tuple[str, int], int] = {(ref.article, ref.index): i for i, ref in enumerate(vectors.refs)}
    result = []
    for item in analyzed:
        lead = [rows[(ref.article, ref.index)] for ref in lead_sentences(item, cfg) if (ref.article, ref.index) in rows]
        result.append(features_of(item, vectors.vectors[lead], res))
    return result


def compute_features(
    analyzed: list[AnalyzedArticle], embedder: Embedder, res: Resources, cfg: StorySettings
) -> list[ArticleFeatures]:
    """Features when no sentence vectors exist yet (ingest, Spark)."""
    return features_from_vectors(analyzed, lead_vectors(analyzed, embedder, cfg), res, cfg)


def lead_vectors(analyzed: list[AnalyzedArticle], embedder: Embedder, cfg: StorySettings) -> SentenceVectors:
    """Only the lead sentences are embedded: all that story clustering reads of an article's sentences."""
    refs = [ref for item in analyzed for ref in lead_sentences(item, cfg)]
    return SentenceVectors(refs=refs, vectors=embed_texts(embedder, [ref.text for ref in refs]))
