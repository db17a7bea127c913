"""The analysis pipeline: ingest -> clean -> nlp -> story -> link (per story) -> dossier.

Each stage is a function of the previous stages' output that returns new values; the spaCy pipeline and the
embedding model are loaded once (`Models`) and passed in, with the language resources and the settings.
Cross-document linking runs story by story, so articles about different events are never compared as if they
reported the same facts. `link_story` runs the producers first (publication windows, time expressions,
entities, copies, claims, support) and the views built from them last (brief, coverage, timeline, quotes).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timezone
from itertools import chain, islice
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
from tqdm import tqdm

from newsweave.app.guard import Overtime, deadline, each, failure_reason
from newsweave.clean.article import prepare_article
from newsweave.dates import DateValue, contract_value
from newsweave.ingest.sources import Read, documents, in_input_order
from newsweave.lang import Resources, for_language, resources_of
from newsweave.link.brief import build_brief
from newsweave.link.claims import extract_claims
from newsweave.link.coverage import source_coverage
from newsweave.link.derivation import detect_derivations, origins
from newsweave.link.entities import resolve_entities
from newsweave.link.quotes import (
    collect_quotes,
    collect_terms,
    find_quoted,
    judged_texts,
)
from newsweave.link.relations import extract_relations
from newsweave.link.statements import find_support
from newsweave.link.timeline import build_timeline
from newsweave.link.timewindow import date_undated_articles
from newsweave.models import (
    AnalyzedArticle,
    Article,
    BriefLine,
    Claim,
    Conflict,
    Derivation,
    DevelopingFigure,
    Dossier,
    Entity,
    Quote,
    RawDocument,
    Relation,
    Skipped,
    SourceCoverage,
    Statement,
    Story,
    Term,
    TimelineEntry,
)
from newsweave.nlp.annotate import analyzed_from_bytes, annotate_articles
from newsweave.nlp.budget import admit, over_budget
from newsweave.nlp.embed import (
    Embedder,
    Encoder,
    SentenceVectors,
    embed_sentences,
    on_cores,
)
from newsweave.nlp.models import Models
from newsweave.nlp.parse_worker import (
    Held,
    ParseWorkers,
    Task,
    doc_bytes,
    free_cores,
    stay_to_link,
    wanted,
)
from newsweave.nlp.timex import locate_article, resolve_article
from newsweave.settings import ParseSettings, Settings
from newsweave.story.clustering import cluster_stories
from newsweave.story.features import lead_vectors

if TYPE_CHECKING:
    from spacy.language import Language

PROGRESS_MIN_ITEMS = 5
"""Runs with fewer articles than this finish too fast for a progress bar to help."""

T = TypeVar("T")


def progress(items: Iterable[T], total: int, label: str, quiet: bool) -> Iterator[T]:
    if quiet or total < PROGRESS_MIN_ITEMS:
        yield from items
    else:
        yield from tqdm(items, total=total, desc=label, unit="article", leave=False)


def prepare_articles(
    raws: list[RawDocument], quiet: bool = True, settings: Settings | None = None, res: Resources | None = None
) -> tuple[list[Article], list[Skipped]]:
    """Clean every raw document; exact duplicates (same cleaned text) are kept once and reported. Settings
    and resources default to the built-in ones and English."""
    cfg = (settings or Settings()).cleaning
    res = res or for_language("en")
    return first_copies(raws, [prepare_article(raw, res, cfg) for raw in progress(raws, len(raws), "cleaning", quiet)])


def prepare_as_read(
    reads: Iterable[Read], total: int, quiet: bool = True, settings: Settings | None = None,
    res: Resources | None = None,
) -> tuple[list[Article], list[Skipped]]:
    """`prepare_articles` over the inputs of a `SourceReading` as they are read (`total` of them): each input is
    cleaned as soon as it has been read, so cleaning runs while fetches wait on their servers (`Arrivals`)."""
    return Arrivals(reads, total, quiet, settings, res).outcome()


Key = tuple[int, int]
"""Where an article stands in input order: its input's position, and its place among that input's documents."""


class Arrivals:
    """The articles cleaning makes of a run's inputs: `add` those read already, then iterate for them and those
    of the `later` reads (fetches ending in any order). Each input is cleaned as the iteration reaches it, and
    iterating gives every article that is the first copy of its text among the inputs cleaned so far: the parse
    starts on the first articles (`analyze_articles`) while the next are cleaned, read or fetched. An article
    given so and later found to copy an earlier input is left out at the end (`in_input_order`). `outcome` is
    what cleaning all the inputs in input order gives: articles and exact duplicates in input order, the
    inputs' own skips first, then cleaning's."""

    def __init__(
        self, later: Iterable[Read], total: int, quiet: bool = True, settings: Settings | None = None,
        res: Resources | None = None,
    ) -> None:
        self.total = total
        self._later = iter(later)  # read once, whoever iterates
        self._quiet = quiet
        self._cfg = (settings or Settings()).cleaning
        self._res = res or for_language("en")
        self._added: deque[Read] = deque()  # inputs read and not cleaned yet
        self._cleaned: list[tuple[Read, list[Article | Skipped]]] = []
        self._first: dict[str, Key] = {}  # each text's first copy among the inputs cleaned
        self._given: list[Key] = []  # the articles `admitted` gave, in order
        self._over: dict[Key, tuple[str, Skipped]] = {}  # the articles over the token budget, by their text's hash

    def add(self, read: Read) -> None:
        self._added.append(read)

    def may_give(self) -> bool:
        """Whether the inputs added hold a document cleaning could keep: cleaning only removes text, so one shorter
        than `cleaning.min_article_chars` never becomes an article."""
        least = self._cfg.min_article_chars
        raws = (raw for read in self._added for raw in documents(read.results))
        return any(len(raw.text or raw.html or "") >= least for raw in raws)

    def __iter__(self) -> Iterator[Article]:
        return (article for _, article in self._arriving())

    def _arriving(self) -> Iterator[tuple[Key, Article]]:
        reads = chain(_drained(self._added), self._later)
        for read in progress(reads, self.total, "reading and cleaning", self._quiet):
            cleaned: list[Article | Skipped] = []
            self._cleaned.append((read, cleaned))
            for index, raw in enumerate(documents(read.results)):
                cleaned.append(article := prepare_article(raw, self._res, self._cfg))
                key = (read.position, index)
                if isinstance(article, Article) and key < self._first.get(article.content_hash, (self.total, 0)):
                    self._first[article.content_hash] = key
                    yield key, article

    def admitted(self, nlp: Language, cfg: ParseSettings) -> Iterator[Article]:
        """The articles as they arrive, those over the token budget left out (`skipped_over_budget`)."""
        for key, article in self._arriving():
            reason = over_budget(article, nlp, cfg)
            if reason is None:
                self._given.append(key)
                yield article
            else:
                self._over[key] = (article.content_hash, Skipped(path=article.source, reason=reason))

    def in_input_order(self, analyzed: list[AnalyzedArticle]) -> list[AnalyzedArticle]:
        """The articles `admitted` gave, parsed (in that order), that are the first copies of their texts, in
        input order."""
        pairs = sorted(zip(self._given, analyzed, strict=True), key=lambda pair: pair[0])
        return [item for key, item in pairs if self._first[item.article.content_hash] == key]

    def skipped_over_budget(self) -> list[Skipped]:
        """The first copies left out as over the token budget, in input order (`nlp.budget.admit`)."""
        return [skip for key, (text, skip) in sorted(self._over.items()) if self._first[text] == key]

    def outcome(self) -> tuple[list[Article], list[Skipped]]:
        """Once every input is cleaned: those no iteration reached are cleaned first (a run that found nothing
        worth loading the models for)."""
        for _ in self:
            pass
        cleaned = sorted(self._cleaned, key=lambda pair: pair[0].position)
        results = in_input_order(read for read, _ in cleaned)
        articles, not_prepared = first_copies(documents(results), [result for _, each in cleaned for result in each])
        return articles, [result for result in results if isinstance(result, Skipped)] + not_prepared


def _drained(items: deque[T]) -> Iterator[T]:
    while items:
        yield items.popleft()


def first_copies(raws: list[RawDocument], cleaned: list[Article | Skipped]) -> tuple[list[Article], list[Skipped]]:
    """The articles cleaning made of `raws` (`cleaned`, in the same order), each text kept once: the first copy
    in input order, the others skipped as exact duplicates of it."""
    articles: list[Article] = []
    skipped: list[Skipped] = []
    seen: dict[str, str] = {}
    for raw, result in zip(raws, cleaned, strict=True):
        if isinstance(result, Skipped):
            skipped.append(result)
        elif result.content_hash in seen:
            skipped.append(Skipped(path=raw.source, reason=f"exact duplicate of {seen[result.content_hash]}"))
        else:
            seen[result.content_hash] = raw.source
            articles.append(result)
    return articles, skipped


@dataclass
class LinkedStory:
    """What cross-document linking found in one story, and its articles as linking left them (publication
    windows inferred, copies marked)."""

    story: Story
    articles: list[Article]
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    derivations: list[Derivation] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    figures: list[DevelopingFigure] = field(default_factory=list)
    brief: list[BriefLine] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    coverage: list[SourceCoverage] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    """Its articles whose own stages failed, or the story itself when its linking failed."""


SECTIONS = [f.name for f in fields(LinkedStory) if f.name not in ("story", "articles")]
"""The dossier sections `LinkedStory` fills, concatenated story by story."""


def analyze_articles(
    articles: list[Article] | Arrivals,
    models: Models,
    quiet: bool = True,
    stories: list[Story] | None = None,
    settings: Settings | None = None,
    res: Resources | None = None,
    workers: ParseWorkers | None = None,
) -> Dossier:
    """`stories` given (a story from the store) keeps that grouping instead of clustering again. Settings and
    resources default to the built-in ones and English. Articles over the token budget are left out, each
    with its reason in the dossier's `skipped`. `workers`: parse workers the caller started early (see
    `annotate_articles`), else started here for a large list; up to `parse.link_in_workers_up_to` articles they
    stay after the parse and link stories while this process links others (`ParseWorkers.share`). `Arrivals`
    are parsed as cleaning gives them (by the caller's workers, else here), then kept in input order: the
    dossier is the one of their `outcome`."""
    settings = settings or Settings()
    res = res or for_language("en")
    if isinstance(articles, Arrivals):
        arrivals, to_parse, count = articles, articles.admitted(models.nlp, settings.parse), articles.total
    else:
        arrivals, (to_parse, over_budget) = None, admit(articles, models.nlp, settings.parse)
        count = len(to_parse)
    with ExitStack() as started:
        if workers is None and arrivals is None and wanted(count, settings.parse):
            stay = stay_to_link(count, settings.parse)
            workers = started.enter_context(ParseWorkers(res, settings.parse, stay=stay))
        encoder = Encoder(on_cores(models.link_embedder, _encoder_pool(settings, parsing=workers is not None)))
        parsed = annotate_articles(to_parse, models.nlp, res, settings.parse, workers, encoder)
        analyzed, vectors = encode_as_parsed(
            progress(parsed, count, "parsing", quiet), encoder, settings.parse.encode_every
        )
        if arrivals is not None:
            analyzed = arrivals.in_input_order(analyzed)
            vectors = _in_order(vectors, [item.article.id for item in analyzed])
            over_budget = arrivals.skipped_over_budget()
        if stories is None:
            same = models.embedder is models.link_embedder
            embedder = on_cores(models.embedder, _encoder_pool(settings))
            leads = vectors if same else lead_vectors(analyzed, embedder, settings.stories)
            stories = cluster_stories(analyzed, leads, res, settings.stories)
        by_id = {item.article.id: item for item in analyzed}
        jobs = [
            (story.model_copy(update={"articles": kept}), [by_id[a] for a in kept])
            for story in stories
            if (kept := [a for a in story.articles if a in by_id])
        ]
        linked = _link_each(jobs, vectors, models.link_embedder, settings, workers)
    return assemble(linked, order=[item.article.id for item in analyzed], skipped=over_budget)


def _link_each(
    jobs: list[tuple[Story, list[AnalyzedArticle]]],
    vectors: SentenceVectors,
    embedder: Embedder,
    settings: Settings,
    workers: ParseWorkers | None,
) -> list[LinkedStory]:
    """Each story linked (`link_guarded`), in order. Parse workers that stayed after the parse link the largest
    stories first while this process links the smallest: between two short stories of its own it hands a worker
    its next, and the two meet at stories of middle size. A story that outweighs the others (`dominant`) is
    linked here instead, from the Docs this process holds, while a worker finds its copies and supporting
    statements (`Aside`) and then links all the other stories."""
    largest = sorted(range(len(jobs)), key=lambda k: -len(jobs[k][1]))
    big = largest[0] if jobs and dominant([len(members) for _, members in jobs], settings.parse) else None
    sharing = workers is not None and workers.stay and (len(jobs) > 1 or big is not None)
    link_embedder = on_cores(embedder, _encoder_pool(settings, parsing=sharing))

    def here(k: int, aside: Aside = Aside()) -> LinkedStory:
        story, members = jobs[k]
        story_vectors = _vectors_of(vectors, story.articles)
        embed = Encoder.seeded(link_embedder, story_vectors)
        return link_guarded(story, members, story_vectors, embed, settings, aside)

    def there(k: int) -> Task[SentStory, LinkedStory]:
        story, members = jobs[k]
        return Task(link_sent, SentStory.of(story, members, _vectors_of(vectors, story.articles), settings))

    if workers is None or not sharing:
        if workers is not None:
            workers.close()  # idle through linking, they would hold their memory when a run's peaks
        return [here(k) for k in range(len(jobs))]
    if big is None:
        done = workers.share(len(jobs), lambda i: there(largest[i]), lambda i, _: here(largest[i]))
        by_job = dict(zip(largest, done, strict=True))
        return [by_job[k] for k in range(len(jobs))]
    story, members = jobs[big]
    sent = SentStory.of(story, members, _vectors_of(vectors, story.articles), settings)
    asides = [Task(copies_sent, sent), Task(support_sent, sent.without_docs())]
    others = largest[1:]
    count = len(asides) + len(others)  # the jobs a worker may take; the big story comes last, this process's first

    def task(i: int) -> Task:
        return asides[i] if i < len(asides) else there(others[i - len(asides)])

    def run_here(i: int, result: Callable[[int], Any]) -> LinkedStory | None:
        if i == count:
            return here(big, Aside(copies=lambda: result(0), support=lambda: result(1)))
        return None if i < len(asides) else here(others[i - len(asides)])

    done = workers.share(count + 1, task, run_here, ahead=count)
    by_job = dict(zip([*others, big], done[len(asides) :], strict=True))
    return [by_job[k] for k in range(len(jobs))]


def dominant(sizes: list[int], cfg: ParseSettings) -> bool:
    """Whether the largest story has more than `cfg.link_split_from` of the articles: linking it would keep one
    core busy long after the other has linked all the rest."""
    return max(sizes) > cfg.link_split_from * sum(sizes)


@dataclass(frozen=True)
class Aside:
    """Parts of one story's linking a parse worker finds while this process links the rest (`_link_each`): each a
    function that waits for the worker's result, None when there is none (this process then finds that part
    itself, under the story's guard)."""

    copies: Callable[[], Copies | None] = lambda: None
    support: Callable[[], list[Statement] | None] = lambda: None


@dataclass(frozen=True)
class Copies:
    """A story's derivations and the articles they were found among (linking leaves out an article whose dates
    fail: then they are found again, among those it keeps)."""

    articles: list[str]
    derivations: list[Derivation]


@dataclass(frozen=True)
class SentStory:
    """A story to link in a parse worker: its articles, with their Docs as bytes (`parse_worker.doc_bytes`)."""

    story: Story
    articles: list[Article]
    docs: list[bytes]
    caption_docs: list[bytes | None]
    vectors: SentenceVectors
    settings: Settings

    @classmethod
    def of(
        cls, story: Story, members: list[AnalyzedArticle], vectors: SentenceVectors, settings: Settings
    ) -> SentStory:
        return cls(
            story=story,
            articles=[item.article for item in members],
            docs=[doc_bytes(item.doc) for item in members],
            caption_docs=[None if item.caption_doc is None else doc_bytes(item.caption_doc) for item in members],
            vectors=vectors,
            settings=settings,
        )

    def without_docs(self) -> SentStory:
        """For a part of linking that reads no parse."""
        return replace(self, docs=[], caption_docs=[])

    def members(self, held: Held) -> list[AnalyzedArticle]:
        """The story's articles rebuilt as `annotate_articles` made them."""
        return [
            analyzed_from_bytes(article, doc, caption_doc, held.nlp, held.res)
            for article, doc, caption_doc in zip(self.articles, self.docs, self.caption_docs, strict=True)
        ]


def link_sent(sent: SentStory, held: Held) -> LinkedStory:
    """`link_guarded` in a parse worker, on the story's articles rebuilt as `annotate_articles` made them."""
    members = sent.members(held)
    return link_guarded(sent.story, members, sent.vectors, Encoder.seeded(held.embedder(), sent.vectors), sent.settings)


def copies_sent(sent: SentStory, held: Held) -> Copies | None:
    """`detect_derivations` of a story in a parse worker (`Aside.copies`): copies depend on no other stage of
    linking (the dates linking infers are not for ordering them: `derivation._stated`)."""
    members = sent.members(held)
    ids = [item.article.id for item in members]
    return _aside(lambda: Copies(ids, detect_derivations(members, sent.vectors, sent.settings.derivation)), sent)


def support_sent(sent: SentStory, held: Held) -> list[Statement] | None:
    """`find_support` of a story in a parse worker (`Aside.support`): it reads sentence vectors only."""
    return _aside(lambda: find_support(sent.vectors, held.res, sent.settings.sameness), sent)


def _aside(work: Callable[[], T], sent: SentStory) -> T | None:
    """None when the work fails or overruns the story's deadline: this process then does it, and reports it."""
    try:
        with deadline(sent.settings.parse.article_seconds * len(sent.articles)):
            return work()
    except (Exception, Overtime):  # noqa: BLE001 - the story's linking meets the failure again here, and reports it
        return None


def _encoder_pool(settings: Settings, parsing: bool = False) -> int:
    """Texts the encoder runs at once (`parse.encoder_pool`): while the parse workers run, the cores they leave."""
    return settings.parse.encoder_pool or free_cores(settings.parse, parsing)


def encode_as_parsed(
    parsed: Iterable[AnalyzedArticle], encoder: Encoder, every: int
) -> tuple[list[AnalyzedArticle], SentenceVectors]:
    """The parsed articles and their sentence vectors, encoded `every` articles at a time as the parse delivers
    them: with parse workers (`parse.processes`), the next articles are parsed while these are encoded (or none
    are: the parse encoded each article where it was parsed, into `encoder`'s cache, `annotate_articles`)."""
    analyzed: list[AnalyzedArticle] = []
    parts = [embed_sentences([], encoder)]
    items = iter(parsed)
    while batch := list(islice(items, every)):
        analyzed += batch
        parts.append(embed_sentences(batch, encoder))
    refs = [ref for part in parts for ref in part.refs]
    return analyzed, SentenceVectors(refs=refs, vectors=np.vstack([part.vectors for part in parts]))


def link_guarded(
    story: Story, members: list[AnalyzedArticle], vectors: SentenceVectors, embed: Encoder, settings: Settings,
    aside: Aside = Aside(),
) -> LinkedStory:
    """`link_story` within the article deadline per member; when it fails or runs out of time, the story and
    its articles are kept without their cross-checks, and the story is reported with the reason."""
    try:
        with deadline(settings.parse.article_seconds * len(members)):
            return link_story(story, members, vectors, embed, settings, aside)
    except (Exception, Overtime) as error:
        reason = f"{failure_reason(error, 'linking this story')}; its {len(members)} articles are listed without cross-checks"
        return LinkedStory(
            story=story,
            articles=[item.article.model_copy(update={"story": story.id}) for item in members],
            skipped=[Skipped(path=f"story {story.id}", reason=reason)],
        )


def link_story(
    story: Story,
    members: list[AnalyzedArticle],
    vectors: SentenceVectors,
    embed: Encoder,
    settings: Settings,
    aside: Aside = Aside(),
) -> LinkedStory:
    """Cross-document stages over the articles of one story. The rules read the language resources through
    the members' parses (`lang.resources_of`), so only the settings are passed. Each article's own stages
    run under the article deadline; an article they fail on is skipped and the story linked without it. What a
    worker finds `aside` is asked for last: the stages that read parses run here meanwhile."""
    seconds = settings.parse.article_seconds
    found, skipped = each(members, lambda item: locate_article(item, settings.time), _source, "finding its dates", seconds)
    located = {item.article.id: places for item, places in found}
    members = date_undated_articles([item for item, _ in found], located, settings.time)
    resolved, unresolved = each(
        members, lambda item: resolve_article(item.article, located[item.article.id]), _source, "resolving its dates", seconds
    )
    skipped += unresolved
    members = [item for item, _ in resolved]
    if not members:
        return LinkedStory(story=story.model_copy(update={"articles": []}), articles=[], skipped=skipped)
    times = {item.article.id: found_times for item, found_times in resolved}
    resolution = resolve_entities(members, settings.entities)
    quoted = find_quoted(members, resolution, settings.quotes)
    embed.expect(judged_texts(quoted))  # encoded with the clauses, in one call
    relations = extract_relations(members, resolution)
    copies = aside.copies()
    derivations = (
        copies.derivations
        if copies is not None and copies.articles == [item.article.id for item in members]
        else detect_derivations(members, vectors, settings.derivation)
    )
    copied = origins(derivations)
    body_times = {article_id: found.body for article_id, found in times.items()}
    claims, conflicts, figures = extract_claims(
        members, vectors, resolution, body_times, derivations, embed, settings.claims, settings.sameness
    )
    statements = aside.support()
    if statements is None:
        statements = find_support(vectors, resources_of(members[0].doc), settings.sameness)
    articles = [
        item.article.model_copy(update={"story": story.id, "derived_from": copied.get(item.article.id)})
        for item in members
    ]
    span = publication_span([contract_value(a.published) for a in articles]) or story.span
    return LinkedStory(
        story=story.model_copy(update={"span": span, "articles": [a.id for a in articles]}),
        articles=articles,
        entities=resolution.entities,
        relations=relations,
        quotes=collect_quotes(quoted, resolution, embed, settings.quotes, settings.sameness),
        terms=collect_terms(quoted),
        timeline=build_timeline(members, times, resolution, settings.time, vectors),
        claims=claims,
        derivations=derivations,
        conflicts=conflicts,
        figures=figures,
        brief=build_brief(statements, derivations, settings.report),
        statements=statements,
        coverage=source_coverage(articles, statements, derivations, settings.report),
        skipped=skipped,
    )


def _source(item: AnalyzedArticle) -> str:
    return item.article.source


def assemble(linked: list[LinkedStory], order: list[str], skipped: list[Skipped] | None = None) -> Dossier:
    """One dossier from the linked stories: articles in input order, sections story by story, and the skips
    (`skipped`, then those of linking) in the one list."""
    articles = {article.id: article for part in linked for article in part.articles}
    sections = {name: [item for part in linked for item in getattr(part, name)] for name in SECTIONS}
    sections["skipped"] = [*(skipped or []), *sections["skipped"]]
    return Dossier(
        generated_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        stories=[part.story for part in linked if part.articles],
        articles=[articles[article_id] for article_id in order if article_id in articles],
        **sections,
    )


def publication_span(published: list[DateValue]) -> DateValue:
    """First to last publication day of a story's articles, counting the windows inferred while linking
    (clustering ran before them, so it only knew the dates stated or given)."""
    days = sorted(
        day
        for value in published
        for day in (value if isinstance(value, list) else [value])
        if isinstance(day, str) and len(day) == 10
    )
    if not days:
        return None
    return days[0] if days[0] == days[-1] else [days[0], days[-1]]


def _in_order(vectors: SentenceVectors, article_ids: list[str]) -> SentenceVectors:
    """The rows of each article's sentences, article by article as given, each sentence once: an article parsed
    first as the copy of an input that arrived later has its rows twice (the same text, the same vectors)."""
    rows: list[int] = []
    for article_id in article_ids:
        first: dict[int, int] = {}
        for row in vectors.rows_of(article_id):
            first.setdefault(vectors.refs[row].index, row)
        rows += first.values()
    return SentenceVectors(refs=[vectors.refs[i] for i in rows], vectors=vectors.vectors[rows])


def _vectors_of(vectors: SentenceVectors, article_ids: list[str]) -> SentenceVectors:
    rows = sorted(i for article_id in dict.fromkeys(article_ids) for i in vectors.rows_of(article_id))
    return SentenceVectors(refs=[vectors.refs[i] for i in rows], vectors=vectors.vectors[rows])
