"""Sentences and named entities of each article, with character offsets into its cleaned text."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsweave.lang import DOC_EXTENSION, Resources, extension_value, for_language
from newsweave.models import AnalyzedArticle, Article, EntityMention, SentenceRef
from newsweave.nlp.embed import Encoder, made_alike
from newsweave.nlp.models import roomy_heap
from newsweave.nlp.parse_worker import (
    After,
    ParseWorkers,
    doc_from_bytes,
    parse_here,
    parse_in_workers,
    wanted,
)
from newsweave.settings import ParseSettings

SPACY_BATCH_SIZE = 16

TEXT_EXTENSION = "newsweave_text"
"""Doc attribute holding the Doc's text, read through `doc_text`: spaCy's `Doc.text` joins every token on each
access, and rules that slice it once per entity or quote made an article's time grow with its square."""
if not Doc.has_extension(TEXT_EXTENSION):
    Doc.set_extension(TEXT_EXTENSION, default=None)
SENTENCES_EXTENSION = "newsweave_sentences"
"""Doc attribute holding the Doc's sentences, read through `doc_sentences`."""
if not Doc.has_extension(SENTENCES_EXTENSION):
    Doc.set_extension(SENTENCES_EXTENSION, default=None)
TOKENS_EXTENSION = "newsweave_tokens"
"""Doc attribute holding the Doc's tokens, read through `doc_tokens`."""
if not Doc.has_extension(TOKENS_EXTENSION):
    Doc.set_extension(TOKENS_EXTENSION, default=None)
ENTITIES_EXTENSION = "newsweave_entities"
"""Doc attribute holding the Doc's named entities, read through `doc_entities`."""
if not Doc.has_extension(ENTITIES_EXTENSION):
    Doc.set_extension(ENTITIES_EXTENSION, default=None)


def annotate_articles(
    articles: Iterable[Article],
    nlp: Language,
    res: Resources | None = None,
    cfg: ParseSettings | None = None,
    workers: ParseWorkers | None = None,
    encoder: Encoder | None = None,
) -> Iterator[AnalyzedArticle]:
    """Parse with `nlp.pipe` (batched) and keep the Doc for the stages that read the parse; an article's
    captions are parsed right after its body, in the same stream. Each Doc carries `res` (by default the
    bundled resources of the model's language), which every later rule reads (`lang.resources_of`). With
    `cfg`, a large input is parsed by `cfg.processes` spaCy-only worker processes (`nlp.parse_worker`) while the
    caller works on the articles already parsed (`workers` already started by the caller, else started here);
    without, in this process (callers that are already parallel, such as Spark tasks, pass none); only a sequence
    can start workers here (its length says whether they are worth it), other `articles` are read as the parse
    needs them: a caller may give them while they are still being cleaned. With an `encoder` whose vectors a
    worker makes alike (`embed.made_alike`), the sentences of each article parsed by workers are encoded where it
    was parsed, into `encoder`'s cache: the caller's encoding then finds them. The heap stays roomy until the last
    Doc is given (`models.roomy_heap`)."""
    res = res or for_language(nlp.lang)
    given: deque[Article] = deque()  # the articles whose texts the parse has read and whose Docs are not back yet
    bodies: list[bool] = []  # for each text read, whether it is an article's body
    texts = _bodies_and_captions(articles, given, bodies)
    after = None
    if encoder is not None and cfg is not None and made_alike(encoder.embedder, cfg.link_encoder):
        after = After(sentence_vectors, bodies)  # the flags of the texts read so far: those the parse has
    if workers is not None:
        parsed = workers.parse(texts, nlp, SPACY_BATCH_SIZE, after, encoder)
    elif cfg is not None and isinstance(articles, Sequence) and wanted(len(articles), cfg):
        parsed = parse_in_workers(texts, nlp, res, cfg, SPACY_BATCH_SIZE, after, encoder)
    else:
        parsed = ((doc, None) for doc in parse_here(nlp, texts, SPACY_BATCH_SIZE))
    docs = ((_for_linking(doc, res), vectors) for doc, vectors in parsed)
    roomy_heap(True)
    try:
        for doc, vectors in docs:
            article = given.popleft()
            item = analyzed_from_doc(article, doc, next(docs)[0] if article.captions else None)
            if vectors is not None and encoder is not None:
                encoder.learn([ref.text for ref in item.sentences], vectors)
            yield item
    finally:
        roomy_heap(False)


def sentence_vectors(docs: list[Doc], encoder: Encoder) -> list[np.ndarray]:
    """The vectors of each Doc's sentences, as `analyzed_from_doc` finds them (`parse_worker.After`)."""
    texts = [[_stripped(s.start_char, s.text)[1] for s in _content_sentences(doc)] for doc in docs]
    vectors = encoder([text for each in texts for text in each])
    ends = np.cumsum([len(each) for each in texts])
    return [vectors[end - len(each) : end] for each, end in zip(texts, ends, strict=True)]


def _for_linking(doc: Doc, res: Resources) -> Doc:
    """The Doc with its resources and its text (`doc_text`); it comes without the activations no stage reads
    (`parse_worker.parse_here`, `parse_worker.doc_bytes`)."""
    setattr(doc._, DOC_EXTENSION, res)
    setattr(doc._, TEXT_EXTENSION, doc.text)
    return doc


def analyzed_from_bytes(
    article: Article, doc: bytes, caption_doc: bytes | None, nlp: Language, res: Resources
) -> AnalyzedArticle:
    """The analyzed article `annotate_articles` made in another process, from its Docs' `parse_worker.doc_bytes`."""
    docs = [_for_linking(doc_from_bytes(data, nlp), res) for data in (doc, caption_doc) if data is not None]
    return analyzed_from_doc(article, *docs)


def doc_text(doc: Doc) -> str:
    """The Doc's text, built once per annotated Doc (and on each call for a Doc made elsewhere)."""
    return extension_value(doc, TEXT_EXTENSION) or doc.text


def doc_sentences(doc: Doc) -> list[Span]:
    """The Doc's sentences, found once per Doc: spaCy's `Doc.sents` walks every token of the Doc on each access,
    and quote attribution and speaker resolution ask for the sentences around every quote and name (a fifth of
    the CPU time of linking 200 real-text articles went to it; bench/throughput.py)."""
    sentences = extension_value(doc, SENTENCES_EXTENSION)
    if sentences is None:
        sentences = list(doc.sents)
        setattr(doc._, SENTENCES_EXTENSION, sentences)
    return sentences


def doc_tokens(doc: Doc) -> list[Token]:
    """The Doc's tokens, made once per Doc: iterating a Doc makes a new Python object per token each time, and
    entity, speaker, quote and relation rules each walk every token of every article (nine passes: a quarter of
    a second over 200 articles, against 6 MB for the lists)."""
    tokens = extension_value(doc, TOKENS_EXTENSION)
    if tokens is None:
        tokens = list(doc)
        setattr(doc._, TOKENS_EXTENSION, tokens)
    return tokens


def doc_entities(doc: Doc) -> tuple[Span, ...]:
    """The Doc's named entities, found once per Doc: spaCy's `Doc.ents` walks every token of the Doc on each
    access, and so does `Span.ents`, which reads it; claims ask for the entities of a clause's sentence for
    every clause (a fifth of the CPU time of claim parsing in a story of 200 articles). Found at the first
    ask, by linking: entities tagged after that would not be seen (nothing tags after the parse)."""
    entities = extension_value(doc, ENTITIES_EXTENSION)
    if entities is None:
        entities = doc.ents
        setattr(doc._, ENTITIES_EXTENSION, entities)
    return entities


def span_entities(span: Span) -> list[Span]:
    """`Span.ents` from `doc_entities`: the entities wholly inside the span, up to the first that crosses its
    end."""
    found = []
    for entity in doc_entities(span.doc):
        if entity.start >= span.start:
            if entity.end > span.end:
                break
            found.append(entity)
    return found


def caption_view(item: AnalyzedArticle) -> AnalyzedArticle | None:
    """The article's captions as an analyzed text of their own (offsets into `Article.captions`), built when
    asked so that it carries the article's current publication date (windows are inferred after parsing)."""
    if item.caption_doc is None:
        return None
    captions = item.article.model_copy(update={"text": item.article.captions, "captions": ""})
    return analyzed_from_doc(captions, item.caption_doc)


def _bodies_and_captions(articles: Iterable[Article], given: deque[Article], bodies: list[bool]) -> Iterator[str]:
    for article in articles:
        given.append(article)
        bodies.append(True)
        yield article.text
        if article.captions:
            bodies.append(False)
            yield article.captions


def analyzed_from_doc(article: Article, doc: Doc, caption_doc: Doc | None = None) -> AnalyzedArticle:
    sentences = [_trimmed(article.id, i, s.start_char, s.text) for i, s in enumerate(_content_sentences(doc))]
    starts = [s.start for s in sentences]
    mentions = [
        EntityMention(
            article=article.id,
            start=ent.start_char,
            end=ent.end_char,
            text=ent.text,
            label=ent.label_,
            sentence=_sentence_index(starts, ent.start_char),
        )
        for ent in doc.ents
    ]
    return AnalyzedArticle(
        article=article, doc=doc, sentences=sentences, mentions=mentions, caption_doc=caption_doc
    )


def _trimmed(article_id: str, index: int, start: int, text: str) -> SentenceRef:
    start, stripped = _stripped(start, text)
    return SentenceRef(article=article_id, index=index, start=start, end=start + len(stripped), text=stripped)


def _stripped(start: int, text: str) -> tuple[int, str]:
    """A sentence span without the surrounding whitespace and line breaks spaCy attaches to it."""
    return start + len(text) - len(text.lstrip()), text.strip()


def _content_sentences(doc: Doc) -> Iterator:
    """spaCy sentences that hold at least one word (not blank lines between paragraphs)."""
    for sent in doc_sentences(doc):
        if any(token.is_alpha for token in sent):
            yield sent


def _sentence_index(starts: list[int], offset: int) -> int:
    index = 0
    for i, start in enumerate(starts):
        if start <= offset:
            index = i
        else:
            break
    return index
