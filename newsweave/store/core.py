"""The store: runs, articles, stories and their linked dossiers, on SQLite or PostgreSQL (one schema).

Articles are keyed by the SHA-256 of their cleaned text, so analysing the same articles again adds a run but
no duplicate article. Every write is one transaction: a crash leaves the store as it was, and a reader (the
web app) sees a write whole or not at all. Beside each story's latest linked dossier the store keeps the
indexes browsing needs (full text, entities under a key shared across stories, copies), so listing and
filtering never parse dossiers.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    Table,
    and_,
    bindparam,
    delete,
    false,
    func,
    insert,
    literal_column,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import InternalError, OperationalError

from newsweave.dates import DateValue, contract_value, value_days
from newsweave.models import (
    Article,
    ArticleFeatures,
    ArticleHit,
    Dossier,
    EntityProfile,
    OutletProfile,
    Quote,
    Relation,
    Story,
    StoryQuery,
    StorySummary,
    VectorEncoder,
)
from newsweave.store.database import (
    FIRST_REVISION,
    LOCK_WAIT_SECONDS,
    StoreError,
    connect_checked,
    engine_for,
    migrate,
    shown_name,
    sqlite_path,
    take_write_turn,
    write_error,
)
from newsweave.store.schema import (
    TEXT_SEARCH_CONFIG,
    articles,
    derivations,
    encoders,
    runs,
    search,
    stories,
    story_dossiers,
    story_entities,
    story_features,
)
from newsweave.store.split import story_dossiers as split_stories

SQL_BATCH = 500
"""Values per `IN (...)` query, below SQLite's limit on bound parameters on every build."""

SNIPPET_CHARS = 200
"""Length of the text shown around a search hit: about two lines of a result list."""

ENTITY_STORIES = 50
"""Stories (newest first) whose quotes and relations an entity page gathers; older ones are listed by search."""

OUTLET_ARTICLES = 200
"""Articles (newest first) an outlet page lists."""


def entity_key(name: str, type: str) -> str:
    """The same entity in every story: its type and casefolded canonical name (`PERSON:jane roe`)."""
    return f"{type}:{name.casefold()}"


def open_store(db: str | Path, must_exist: bool = False, wait_seconds: float = LOCK_WAIT_SECONDS) -> Store:
    """The store `db` names (a file path, `sqlite:///PATH` or `postgresql://USER@HOST/NAME`), its schema
    brought up to date. `must_exist`: a SQLite file that is not there is an error instead of a new store."""
    path = sqlite_path(db)
    if must_exist and path is not None and not path.exists():
        raise StoreError(f"no store at {db}: run `newsweave ingest` or `newsweave analyze` first")
    return Store(db, wait_seconds)


class Store:
    def __init__(self, db: str | Path, wait_seconds: float = LOCK_WAIT_SECONDS) -> None:
        """`wait_seconds`: how long a write waits for another run's write before failing as locked."""
        self.db = str(db)
        self.name = shown_name(db)
        """For messages: the path, or the URL without its password."""
        self.wait_seconds = wait_seconds
        self.engine = engine_for(db, wait_seconds)
        connect_checked(self.engine, db)
        before = migrate(self.engine)
        if before == FIRST_REVISION:
            self._split_stored_runs()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self, keep: bool = True) -> Iterator[Connection]:
        """One write transaction; writers take turns (SQLite's write lock, a PostgreSQL advisory lock), each
        waiting at most `LOCK_WAIT_SECONDS` for the other. A failure to write (locked, disk full, read-only)
        is a `StoreError` saying what to do; the transaction is rolled back, so nothing of it is stored.
        `keep=False` rolls it back in any case (a probe)."""
        try:
            with self.engine.connect().execution_options(newsweave_write=True) as db, db.begin() as transaction:
                take_write_turn(db, self.wait_seconds)
                yield db
                if not keep:
                    transaction.rollback()
        except (OperationalError, InternalError) as error:
            raise write_error(error, self.name, self.wait_seconds) from None

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """One snapshot for all the queries of a read, so a page never mixes two states of a write."""
        with self.engine.connect() as db:
            if db.dialect.name == "postgresql":
                db = db.execution_options(isolation_level="REPEATABLE READ")
            with db.begin():
                yield db

    # ------------------------------------------------------------------ writes

    def save_run(self, dossier: Dossier, as_json: str | None = None) -> tuple[int, int]:
        """Store the run, its articles and one dossier per story atomically; returns (run id, number of
        articles new to the store). `as_json`: the dossier's JSON when the caller has it already (`analyze`
        wrote dossier.json), which a large dossier takes a third of a second to make again."""
        with self._write() as db:
            added = _upsert_articles(db, dossier.articles)
            run_id = int(
                db.execute(
                    insert(runs).values(
                        created_at=_now(),
                        article_ids=json.dumps([a.id for a in dossier.articles]),
                        dossier=as_json if as_json is not None else dossier.model_dump_json(),
                    )
                ).inserted_primary_key[0]
            )
            for part in split_stories(dossier):
                _save_story(db, part, run_id)
        return run_id, added

    def check_writable(self) -> None:
        """Raise the `StoreError` a write would meet (read-only, locked past the wait), with a write that is
        rolled back: commands call it before hours of analysis, not after."""
        with self._write(keep=False) as db:
            db.execute(insert(story_dossiers).values(story="", dossier="{}", created_at=_now()))

    def save_story_dossier(self, dossier: Dossier) -> None:
        """Store the linked dossier of each story in `dossier` (and its articles as linking left them),
        replacing each story's previous one, in one transaction; unlike `save_run`, no run is recorded (the
        linking `ingest` does after grouping)."""
        with self._write() as db:
            _upsert_articles(db, dossier.articles)
            for part in split_stories(dossier):
                _save_story(db, part, None)

    def save_clustered(
        self, articles: list[Article], features: list[ArticleFeatures], stories: list[Story], encoder: VectorEncoder
    ) -> None:
        """New articles with their story, their clustering features (in the given arrival order, lead vectors
        made by `encoder`) and the stories they changed, in one transaction."""
        with self.grouping() as batch:
            batch.save(articles, features, stories, encoder)

    def save_vectors(self, features: list[ArticleFeatures], encoder: VectorEncoder) -> None:
        """Stored articles' lead vectors made again by `encoder`, in one transaction (their other features do
        not depend on the model)."""
        with self._write() as db:
            model = _encoder_id(db, encoder)
            c = story_features.c
            db.execute(
                update(story_features)
                .where(c.article == bindparam("article_id"))
                .values(vector=bindparam("new_vector"), encoder=model),
                [{"article_id": f.id, "new_vector": _vector_bytes(f)} for f in features],
            )

    @contextmanager
    def grouping(self) -> Iterator[GroupingBatch]:
        """One batch of `ingest` grouping as one write transaction (see `GroupingBatch`)."""
        with self._write() as db:
            yield GroupingBatch(db)

    def stories_to_link(self) -> list[Story]:
        """Stories that gained articles since their dossier was linked (or were never linked), oldest change
        first: what a linking `ingest` completes, including what a killed or `--no-link` run left."""
        query = select(stories.c.id, stories.c.title, stories.c.span, stories.c.articles).where(stories.c.needs_link == 1)
        with self._read() as db:
            rows = db.execute(query.order_by(stories.c.updated_at, stories.c.id)).all()
        return [_story(*row) for row in rows]

    def _split_stored_runs(self) -> None:
        """A store written before story dossiers existed: file each story of its runs, oldest run first, so
        its stories show their briefs and claims as if they had been written now."""
        with self._write() as db:
            for run_id in db.execute(select(runs.c.id).order_by(runs.c.id)).scalars().all():
                dossier = db.execute(select(runs.c.dossier).where(runs.c.id == run_id)).scalar_one()
                for part in split_stories(Dossier.model_validate_json(dossier)):
                    _save_story(db, part, run_id, regroup=False)

    # ------------------------------------------------------------------ reads the pipeline uses

    def articles(self, ids: list[str] | None = None) -> list[Article]:
        """All stored articles, or those with these ids, in the order they were added."""
        query = select(articles.c.added_at, articles.c.id, articles.c.data)
        with self._read() as db:
            rows = db.execute(query) if ids is None else _rows_where_in(db, query, articles.c.id, ids)
            return [Article.model_validate_json(data) for _, _, data in sorted(rows)]

    def stories(self) -> list[Story]:
        query = select(stories.c.id, stories.c.title, stories.c.span, stories.c.articles)
        with self._read() as db:
            rows = db.execute(query.order_by(stories.c.updated_at.desc(), stories.c.id)).all()
        return [_story(*row) for row in rows]

    def known_hashes(self, hashes: list[str]) -> set[str]:
        """Which of these content hashes the store already holds (ingest skips them)."""
        with self._read() as db:
            return _known_hashes(db, hashes)

    def story_features(self, encoder: VectorEncoder) -> list[tuple[ArticleFeatures, str]]:
        """(features, story id) of every clustered article, in arrival order; their lead vectors must be
        `encoder`'s (`_story_features`)."""
        with self._read() as db:
            return _story_features(db, encoder)

    def stale_vectors(self, encoder: VectorEncoder) -> list[str]:
        """Clustered articles whose lead vector another model made, or a model the store did not record (before
        revision 0005), in arrival order: what an `ingest` encoding with `encoder` makes again before it
        compares. Read through the index on the model, so a store of one model answers without a scan."""
        c = story_features.c
        with self._read() as db:
            rows = db.execute(select(c.seq, c.article).where(_other_models(db, encoder))).all()
        return [article for _, article in sorted(rows)]

    # ------------------------------------------------------------------ reads for browsing

    def list_stories(self, query: StoryQuery) -> list[StorySummary]:
        """Stories matching every filter of `query`, newest first: by the last day they cover (undated last),
        then by when the store last changed them."""
        order = (stories.c.last_day.desc().nulls_last(), stories.c.updated_at.desc(), stories.c.id)
        with self._read() as db:
            where = _story_filters(db, query)
            return _summaries(db, where, order, query.limit, query.offset)

    def count_stories(self, query: StoryQuery) -> int:
        with self._read() as db:
            where = _story_filters(db, query)
            return int(db.execute(select(func.count()).select_from(stories).where(*where)).scalar_one())

    def story_dossier(self, story_id: str) -> Dossier | None:
        """The latest linked dossier of the story; a story never linked gives its articles and empty
        sections; an unknown id None."""
        with self._read() as db:
            stored = db.execute(
                select(story_dossiers.c.dossier).where(story_dossiers.c.story == story_id)
            ).scalar_one_or_none()
            if stored is not None:
                return Dossier.model_validate_json(stored)
            row = db.execute(
                select(stories.c.title, stories.c.span, stories.c.articles).where(stories.c.id == story_id)
            ).first()
        if row is None:
            return None
        story = _story(story_id, *row)
        return Dossier(stories=[story], articles=self.articles(story.articles))

    def article(self, article_id: str) -> Article | None:
        with self._read() as db:
            data = db.execute(select(articles.c.data).where(articles.c.id == article_id)).scalar_one_or_none()
        return Article.model_validate_json(data) if data is not None else None

    def search_articles(self, q: str, limit: int = 20) -> list[ArticleHit]:
        """Articles whose title or text has every word of `q`, best match first."""
        with self._read() as db:
            match, rank = _text_match(db, q)
            rows = db.execute(
                _hits(search.c.body)
                .select_from(search)
                .join(articles, articles.c.id == search.c.article)
                .where(match)
                .order_by(rank)
                .limit(limit)
            ).all()
        return [_hit(row, _words(q)) for row in rows]

    def entity(self, key: str) -> EntityProfile | None:
        """An entity across stories: the stories naming it (newest first), and from the newest
        `ENTITY_STORIES` of them its aliases, descriptions, quotes and relations."""
        with self._read() as db:
            rows = db.execute(
                select(story_entities.c.story, story_entities.c.entity_id, story_entities.c.name,
                       story_entities.c.type).where(story_entities.c.key == key)
            ).all()
            if not rows:
                return None
            order = (stories.c.last_day.desc().nulls_last(), stories.c.updated_at.desc(), stories.c.id)
            summaries = _summaries(db, [stories.c.id.in_(sorted({row.story for row in rows}))], order, None, 0)
            dossiers = dict(
                db.execute(
                    select(story_dossiers.c.story, story_dossiers.c.dossier).where(
                        story_dossiers.c.story.in_([s.id for s in summaries[:ENTITY_STORIES]])
                    )
                ).all()
            )
        ids = {row.story: row.entity_id for row in rows}
        aliases: dict[str, None] = {}
        descriptions: dict[str, None] = {}
        quotes: list[Quote] = []
        relations: list[Relation] = []
        for summary in summaries:
            if summary.id not in dossiers:
                continue
            dossier = Dossier.model_validate_json(dossiers[summary.id])
            keys = {e.id: entity_key(e.name, e.type) for e in dossier.entities}
            for entity in dossier.entities:
                if entity.id == ids[summary.id]:
                    aliases.update(dict.fromkeys(entity.aliases))
                    descriptions.update(dict.fromkeys(entity.descriptions))
            own = ids[summary.id]
            quotes += [
                q.model_copy(update={"speaker": keys.get(q.speaker or "", q.speaker)})
                for q in dossier.quotes if q.speaker == own
            ]
            relations += [
                r.model_copy(update={"subject": keys.get(r.subject, r.subject), "object": keys.get(r.object, r.object)})
                for r in dossier.relations if own in (r.subject, r.object)
            ]
        name = Counter(row.name for row in rows).most_common(1)[0][0]
        return EntityProfile(
            key=key, name=name, type=rows[0].type, aliases=[a for a in aliases if a != name],
            descriptions=list(descriptions), stories=summaries, quotes=quotes, relations=relations,
        )

    def entity_keys(self, q: str | None = None, limit: int = 20) -> list[tuple[str, str, str]]:
        """(key, name, type) of entities whose name contains `q` (any case), those in most stories first."""
        c = story_entities.c
        stories_named = func.count(c.story.distinct())
        query = select(c.key, func.max(c.name), func.max(c.type)).group_by(c.key)
        if q:
            query = query.where(c.folded.contains(q.casefold(), autoescape=True))
        with self._read() as db:
            rows = db.execute(query.order_by(stories_named.desc(), c.key).limit(limit)).all()
        return [(key, name, type_) for key, name, type_ in rows]

    def outlet(self, name: str) -> OutletProfile | None:
        """An outlet's articles (newest `OUTLET_ARTICLES`) and the copies between it and other outlets."""
        with self._read() as db:
            rows = db.execute(
                _hits(articles.c.data)
                .where(articles.c.outlet == name)
                .order_by(articles.c.published_day.desc().nulls_last(), articles.c.added_at.desc())
                .limit(OUTLET_ARTICLES)
            ).all()
            if not rows:
                return None
            copies_from = _copy_counts(db, name, derived_side=True)
            copied_by = _copy_counts(db, name, derived_side=False)
        hits = [_hit((*row[:-1], Article.model_validate_json(row[-1]).text), []) for row in rows]
        return OutletProfile(name=name, articles=hits, copies_from=copies_from, copied_by=copied_by)

    def outlets(self) -> list[tuple[str, int]]:
        """Every outlet with its number of articles, most articles first."""
        count = func.count()
        with self._read() as db:
            rows = db.execute(
                select(articles.c.outlet, count)
                .where(articles.c.outlet.is_not(None))
                .group_by(articles.c.outlet)
                .order_by(count.desc(), articles.c.outlet)
            ).all()
        return [(outlet, int(n)) for outlet, n in rows]


class GroupingBatch:
    """One batch of `ingest` inside one write transaction: the batch reads what other runs committed before it
    (`last_seq`, `story_features`, `known_hashes`) and saves its grouping in the same transaction, so two
    ingests into one store never group against stories the other has changed meanwhile, and a crash leaves
    every batch whole or absent."""

    def __init__(self, db: Connection) -> None:
        self._db = db

    def last_seq(self) -> int:
        """The arrival number of the newest clustered article (0 for none): it moved when another run
        grouped articles since this one read the stories."""
        return int(self._db.execute(select(func.coalesce(func.max(story_features.c.seq), 0))).scalar_one())

    def story_features(self, encoder: VectorEncoder) -> list[tuple[ArticleFeatures, str]]:
        return _story_features(self._db, encoder)

    def known_hashes(self, hashes: list[str]) -> set[str]:
        return _known_hashes(self._db, hashes)

    def save(
        self, articles: list[Article], features: list[ArticleFeatures], stories: list[Story], encoder: VectorEncoder
    ) -> None:
        """New articles with their story, their clustering features (in the given arrival order, lead vectors
        made by `encoder`) and the stories they changed, which then need linking."""
        db = self._db
        story_of = {article.id: article.story for article in articles}
        _upsert_articles(db, articles)
        model = _encoder_id(db, encoder)
        seq = self.last_seq()
        for i, f in enumerate(features, start=1):
            values = {
                "seq": seq + i,
                "story": story_of[f.id],
                "title": f.title,
                "day": f.day,
                "keys": json.dumps(list(f.keys)),
                "vector": _vector_bytes(f),
                "minhash": f.minhash.astype(np.uint64).tobytes(),
                "encoder": model,
            }
            db.execute(
                _insert(db, story_features)
                .values(article=f.id, **values)
                .on_conflict_do_update(index_elements=["article"], set_=values)
            )
        for story in stories:
            _upsert_story(db, story)


# ---------------------------------------------------------------------- writing rows


def _insert(db: Connection, table: Table) -> Any:
    """An INSERT that can turn into an update on conflict (`on_conflict_do_update`); both dialects have it."""
    return (postgresql.insert if db.dialect.name == "postgresql" else sqlite.insert)(table)


def _vector_bytes(features: ArticleFeatures) -> bytes:
    return features.vector.astype(np.float32).tobytes()


def _encoder_id(db: Connection, encoder: VectorEncoder, add: bool = True) -> int | None:
    """The number the store gives `encoder`'s model (`add`: a new one if it has none yet, else None)."""
    known = db.execute(
        select(encoders.c.id).where(encoders.c.name == encoder.name, encoders.c.model == encoder.model)
    ).scalar_one_or_none()
    if known is not None or not add:
        return known
    return int(db.execute(insert(encoders).values(name=encoder.name, model=encoder.model)).inserted_primary_key[0])


def _other_models(db: Connection, encoder: VectorEncoder) -> ColumnElement[bool]:
    """The `story_features` rows whose vector another model than `encoder` made, or no record names. The other
    models' ids go in as values, so both backends read the index on the model (with a subquery of `encoders`,
    PostgreSQL scanned the table: 16 ms at 10,000 rows against 0.02)."""
    own = _encoder_id(db, encoder, add=False)
    others = [model for model in db.execute(select(encoders.c.id)).scalars() if model != own]
    return or_(story_features.c.encoder.is_(None), story_features.c.encoder.in_(others))


def _upsert_articles(db: Connection, batch: list[Article]) -> int:
    """`_upsert_article` for each, the new ones (the first with each text, not yet stored) inserted in one
    statement per table: a run of 200 articles made 600 statements. Returns how many were new."""
    known = {row[0] for row in _rows_where_in(
        db, select(articles.c.content_hash), articles.c.content_hash, [a.content_hash for a in batch]
    )}
    new = []
    for article in batch:
        if article.content_hash not in known:
            known.add(article.content_hash)
            new.append(article)
    if new:
        added_at = _now()
        db.execute(insert(articles), [
            {"content_hash": a.content_hash, "added_at": added_at, **_article_values(a)} for a in new
        ])
        db.execute(insert(search), [_search_values(a) for a in new])
    firsts = {id(a) for a in new}
    for article in batch:
        if id(article) not in firsts:
            _upsert_article(db, article)
    return len(new)


def _upsert_article(db: Connection, article: Article) -> int:
    """Insert or update the article and its full-text row; 1 when it is new to the store."""
    values = _article_values(article)
    old_title = db.execute(
        select(articles.c.title).where(articles.c.content_hash == article.content_hash)
    ).first()
    if old_title is not None:
        db.execute(update(articles).where(articles.c.content_hash == article.content_hash).values(**values))
        if old_title[0] != article.title:  # the text is the same (same hash), only a new title changes the index
            db.execute(delete(search).where(search.c.article == article.id))
            _index_text(db, article)
        return 0
    db.execute(insert(articles).values(content_hash=article.content_hash, added_at=_now(), **values))
    _index_text(db, article)
    return 1


def _article_values(article: Article) -> dict[str, Any]:
    """The article's row but for its key and when it was added."""
    published = contract_value(article.published)
    return {
        "id": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "url": article.url,
        "path": article.path,
        "published": json.dumps(published) if published is not None else None,
        "published_day": _day(published, 0),
        "story": article.story,
        "derived_from": article.derived_from,
        "data": article.model_dump_json(),
    }


def _index_text(db: Connection, article: Article) -> None:
    db.execute(insert(search).values(**_search_values(article)))


def _search_values(article: Article) -> dict[str, str]:
    return {"article": article.id, "title": article.title or "", "body": article.text}


def _upsert_story(db: Connection, story: Story) -> None:
    """The story as grouping left it; it needs linking until `_save_story` files a dossier of exactly its
    articles."""
    values = {
        "title": story.title,
        "span": json.dumps(story.span) if story.span else None,
        "articles": json.dumps(story.articles),
        "updated_at": _now(),
        "first_day": _day(story.span, 0),
        "last_day": _day(story.span, 1),
        "needs_link": 1,
    }
    db.execute(
        _insert(db, stories).values(id=story.id, **values).on_conflict_do_update(index_elements=["id"], set_=values)
    )


def _save_story(db: Connection, dossier: Dossier, run: int | None, regroup: bool = True) -> None:
    """File one story's dossier with its indexes. A story that `ingest` keeps up (it has clustering
    features) keeps the grouping `ingest` gave it: a run files its dossier only when it linked exactly the
    story's articles (`analyze --story`), never a regrouped view."""
    story = dossier.stories[0]
    clustered = db.execute(select(story_features.c.article).where(story_features.c.story == story.id).limit(1))
    if clustered.first() is not None:
        kept = db.execute(select(stories.c.articles).where(stories.c.id == story.id)).scalar_one_or_none()
        if kept is None or set(json.loads(kept)) != set(story.articles):
            return
    elif regroup:
        _upsert_story(db, story)
    db.execute(
        update(stories).where(stories.c.id == story.id).values(conflicts=len(dossier.conflicts), needs_link=0)
    )
    values = {"run": run, "dossier": dossier.model_dump_json(), "created_at": _now()}
    db.execute(
        _insert(db, story_dossiers)
        .values(story=story.id, **values)
        .on_conflict_do_update(index_elements=["story"], set_=values)
    )
    db.execute(delete(story_entities).where(story_entities.c.story == story.id))
    if dossier.entities:
        db.execute(
            insert(story_entities),
            [
                {"story": story.id, "entity_id": e.id, "key": entity_key(e.name, e.type), "name": e.name,
                 "folded": e.name.casefold(), "type": e.type, "mentions": e.mentions}
                for e in dossier.entities
            ],
        )
    db.execute(delete(derivations).where(derivations.c.story == story.id))
    copies = {(d.source, d.derived): d.share for d in dossier.derivations}
    if copies:
        db.execute(
            insert(derivations),
            [{"source": s, "derived": d, "story": story.id, "share": share} for (s, d), share in copies.items()],
        )


# ---------------------------------------------------------------------- reading rows


def _story(story_id: str, title: str, span: str | None, ids: str) -> Story:
    return Story(id=story_id, title=title, span=json.loads(span) if span else None, articles=json.loads(ids))


def _known_hashes(db: Connection, hashes: list[str]) -> set[str]:
    return {row[0] for row in _rows_where_in(db, select(articles.c.content_hash), articles.c.content_hash, hashes)}


def _story_features(db: Connection, encoder: VectorEncoder) -> list[tuple[ArticleFeatures, str]]:
    """Every clustered article's features. A lead vector of another model than `encoder` is an error: comparing
    it would mix two models' cosines, and it is there only when a run of other settings wrote it after this run
    re-encoded the store (`Store.stale_vectors`)."""
    c = story_features.c
    others = db.execute(select(func.count()).where(_other_models(db, encoder))).scalar_one()
    if others:
        raise StoreError(
            f"{others} stored lead vectors are not of this run's encoder {encoder.name} ({encoder.model}): a run "
            "with other settings wrote them meanwhile; run `newsweave ingest` again, it re-encodes them first"
        )
    rows = db.execute(select(c.article, c.story, c.title, c.day, c["keys"], c.vector, c.minhash).order_by(c.seq)).all()
    return [
        (ArticleFeatures(id=article, title=title, day=day, keys=tuple(json.loads(keys)),
                         vector=np.frombuffer(vector, dtype=np.float32).copy(),
                         minhash=np.frombuffer(minhash, dtype=np.uint64).copy()), story)
        for article, story, title, day, keys, vector, minhash in rows
    ]


def _rows_where_in(db: Connection, query: Select, column: Any, values: list[str]) -> Iterator[Any]:
    """Rows of `query` whose `column` is one of `values`, in batches, so a story's articles are filtered in
    SQL instead of loading the whole store."""
    for start in range(0, len(values), SQL_BATCH):
        yield from db.execute(query.where(column.in_(values[start : start + SQL_BATCH])))


def _story_filters(db: Connection, query: StoryQuery) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if query.q and query.q.strip():  # an empty search box filters nothing
        match, _ = _text_match(db, query.q)
        matching = select(search.c.article).where(match)
        where.append(stories.c.id.in_(select(articles.c.story).where(articles.c.id.in_(matching))))
    if query.since is not None:
        where.append(stories.c.last_day >= query.since.isoformat())
    if query.until is not None:
        where.append(stories.c.first_day <= query.until.isoformat())
    if query.outlet is not None:
        where.append(stories.c.id.in_(select(articles.c.story).where(articles.c.outlet == query.outlet)))
    if query.entity is not None:
        named = or_(story_entities.c.key == query.entity, story_entities.c.folded == query.entity.casefold())
        where.append(stories.c.id.in_(select(story_entities.c.story).where(named)))
    return where


def _summaries(
    db: Connection, where: list[ColumnElement[bool]], order: tuple[Any, ...], limit: int | None, offset: int
) -> list[StorySummary]:
    """Story summaries with their counts worked out from the articles rows (so `ingest`, which adds articles
    without linking, keeps them right)."""
    members = articles.alias("members")
    count = select(func.count()).where(members.c.story == stories.c.id).scalar_subquery()
    independent = (
        select(func.count(func.coalesce(members.c.outlet, members.c.id).distinct()))
        .where(members.c.story == stories.c.id, members.c.derived_from.is_(None))
        .scalar_subquery()
    )
    linked = select(story_dossiers.c.story).where(story_dossiers.c.story == stories.c.id).exists()
    query = (
        select(stories.c.id, stories.c.title, stories.c.span, stories.c.updated_at, count, independent,
               stories.c.conflicts, linked)
        .where(*where)
        .order_by(*order)
        .offset(offset)
    )
    rows = db.execute(query if limit is None else query.limit(limit)).all()
    outlets: dict[str, set[str]] = {}
    pairs = select(articles.c.story, articles.c.outlet).where(articles.c.outlet.is_not(None)).distinct()
    for story_id, outlet in _rows_where_in(db, pairs, articles.c.story, [row[0] for row in rows]):
        outlets.setdefault(story_id, set()).add(outlet)
    return [
        StorySummary(
            id=sid, title=title, span=json.loads(span) if span else None, updated_at=updated, articles=n,
            independent_sources=independent_n, conflicts=conflicts, outlets=sorted(outlets.get(sid, ())),
            linked=bool(is_linked),
        )
        for sid, title, span, updated, n, independent_n, conflicts, is_linked in rows
    ]


def _words(q: str) -> list[str]:
    return re.findall(r"\w+", q)


def _text_match(db: Connection, q: str) -> tuple[ColumnElement[bool], Any]:
    """The full-text condition on `search` for every word of `q`, and the order of relevance. Words are
    matched whole and in any case on both backends; a query without words matches nothing."""
    words = _words(q)
    if not words:
        return false(), articles.c.id
    if db.dialect.name == "postgresql":
        query = func.plainto_tsquery(literal_column(f"'{TEXT_SEARCH_CONFIG}'"), " ".join(words))
        return search.c.vector.op("@@")(query), func.ts_rank(search.c.vector, query).desc()
    phrase = " ".join('"' + word.replace('"', '""') + '"' for word in words)
    return literal_column("search").op("MATCH")(phrase), literal_column("search.rank")


def _hits(text: Any) -> Select:
    """The columns of an `ArticleHit`, and `text` to cut the snippet from."""
    c = articles.c
    return select(c.id, c.title, c.outlet, c.published, c.story, text)


def _hit(row: Any, words: list[str]) -> ArticleHit:
    article_id, title, outlet, published, story, body = row
    return ArticleHit(
        id=article_id, title=title, outlet=outlet, published=json.loads(published) if published else None,
        story=story, snippet=snippet(body, words),
    )


def snippet(text: str, words: Iterable[str], size: int = SNIPPET_CHARS) -> str:
    """About `size` characters of `text` around the first of `words` it contains (whole word, any case),
    cut at spaces, with '…' where text was left out; the text's start when none occurs."""
    found = [m.start() for w in words if (m := re.search(rf"\b{re.escape(w)}\b", text, re.IGNORECASE))]
    at = min(found) if found else 0
    start = max(0, at - size // 3)
    if start:
        start = text.find(" ", start) + 1 or start
    end = min(len(text), start + size)
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > at else end
    return ("…" if start else "") + " ".join(text[start:end].split()) + ("…" if end < len(text) else "")


def _copy_counts(db: Connection, outlet: str, derived_side: bool) -> list[tuple[str, int]]:
    """Other outlets with how many copies join them to `outlet`: the outlets its articles copy
    (`derived_side`), or the outlets whose articles copy it."""
    source, derived = articles.alias("source_article"), articles.alias("derived_article")
    own, other = (derived, source) if derived_side else (source, derived)
    count = func.count(derived.c.id.distinct())
    rows = db.execute(
        select(other.c.outlet, count)
        .select_from(derivations)
        .join(source, source.c.id == derivations.c.source)
        .join(derived, derived.c.id == derivations.c.derived)
        .where(and_(own.c.outlet == outlet, other.c.outlet.is_not(None)))
        .group_by(other.c.outlet)
        .order_by(count.desc(), other.c.outlet)
    ).all()
    return [(name, int(n)) for name, n in rows]


def _day(value: DateValue, end: int) -> str | None:
    """First (`end` 0) or last (1) day a contract date covers, ISO; None when undated."""
    days = value_days(value)
    return days[end].isoformat() if days else None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
