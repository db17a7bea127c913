"""The JSON API under /api/: the store's reads with the dossier contract's field names, and background ingest.

Every response body is a model of `newsweave.models` (or a small envelope around a list of them), so the
OpenAPI schema at /openapi.json documents the same fields as docs/dossier-contract.md.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from pydantic import BaseModel

from newsweave.models import Article, ArticleHit, Dossier, EntityProfile, OutletProfile, StoryQuery, StorySummary
from newsweave.store import Store
from newsweave.web.auth import require_token
from newsweave.web.jobs import IngestRequest, Job

router = APIRouter(prefix="/api", tags=["api"])
T = TypeVar("T")
MAX_TEXT = 500
"""Longest search text or name accepted in a query: a longer one is an error, not a slow scan."""


def get_store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(get_store)]


def _day(value: str | None, name: str) -> date | None:
    """An optional date parameter; an HTML form sends an empty field as ''."""
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise HTTPException(422, f"{name}: not a date (YYYY-MM-DD): {value.strip()[:40]!r}") from None


def _text(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def story_query(
    q: Annotated[str | None, Query(max_length=MAX_TEXT, description="Full text over titles and text.")] = None,
    since: Annotated[str | None, Query(description="Stories with an article on or after this day (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, Query(description="Stories with an article on or before this day.")] = None,
    outlet: Annotated[str | None, Query(max_length=MAX_TEXT, description="Stories this outlet reported.")] = None,
    entity: Annotated[str | None, Query(max_length=MAX_TEXT, description="Stories naming this entity: its key (TYPE:name) or name.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> StoryQuery:
    """The stories filter, shared by the stories page and /api/stories so both read parameters alike."""
    first, last = _day(since, "since"), _day(until, "until")
    if first and last and first > last:
        raise HTTPException(422, f"since ({first}) is after until ({last})")
    return StoryQuery(
        q=_text(q), since=first, until=last, outlet=_text(outlet), entity=_text(entity), limit=limit, offset=offset
    )


class StoryPage(BaseModel):
    total: int
    """Stories matching the filter, of which `stories` is the page from `offset`."""
    offset: int
    limit: int
    stories: list[StorySummary]


class EntityKey(BaseModel):
    key: str
    name: str
    type: str


class OutletCount(BaseModel):
    name: str
    articles: int


@router.get("/stories", response_model=StoryPage, summary="Stories, newest first, filtered")
def stories(store: StoreDep, query: Annotated[StoryQuery, Depends(story_query)]) -> StoryPage:
    return StoryPage(
        total=store.count_stories(query), offset=query.offset, limit=query.limit, stories=store.list_stories(query)
    )


@router.get("/stories/{story_id}", response_model=Dossier, summary="One story's dossier")
def story(store: StoreDep, story_id: Annotated[str, Path(max_length=MAX_TEXT)]) -> Response:
    """Serialized once, as dossier.json is (the model is not validated again on the way out)."""
    return Response(found(store.story_dossier(story_id), "story", story_id).model_dump_json(),
                    media_type="application/json")


@router.get("/articles/{article_id}", response_model=Article, summary="One article")
def article(store: StoreDep, article_id: Annotated[str, Path(max_length=MAX_TEXT)]) -> Article:
    return found(store.article(article_id), "article", article_id)


@router.get("/search", response_model=list[ArticleHit], summary="Articles matching a full-text query")
def search(
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=MAX_TEXT)],
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> list[ArticleHit]:
    return store.search_articles(q, limit=limit)


@router.get("/entities", response_model=list[EntityKey], summary="Entities whose name matches")
def entities(
    store: StoreDep,
    q: Annotated[str | None, Query(max_length=MAX_TEXT)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[EntityKey]:
    return [EntityKey(key=key, name=name, type=kind) for key, name, kind in store.entity_keys(_text(q), limit)]


@router.get("/entities/{key:path}", response_model=EntityProfile, summary="One entity across stories")
def entity(store: StoreDep, key: Annotated[str, Path(max_length=MAX_TEXT)]) -> EntityProfile:
    return found(store.entity(key), "entity", key)


@router.get("/outlets", response_model=list[OutletCount], summary="Outlets with their number of articles")
def outlets(store: StoreDep) -> list[OutletCount]:
    return [OutletCount(name=name, articles=count) for name, count in store.outlets()]


@router.get("/outlets/{name:path}", response_model=OutletProfile, summary="One outlet: articles and copies")
def outlet(store: StoreDep, name: Annotated[str, Path(max_length=MAX_TEXT)]) -> OutletProfile:
    return found(store.outlet(name), "outlet", name)


@router.post(
    "/ingest",
    response_model=Job,
    status_code=202,
    dependencies=[Depends(require_token)],
    summary="Add articles (JSON records) or fetch URLs/feeds, in the background",
)
def ingest(request: Request, body: IngestRequest) -> Job:
    return request.app.state.jobs.submit(body)


@router.get("/jobs/{job_id}", response_model=Job, summary="An ingest job's progress and result")
def job(request: Request, job_id: Annotated[str, Path(max_length=64)]) -> Job:
    return found(request.app.state.jobs.get(job_id), "job", job_id)


def found(value: T | None, kind: str, key: str) -> T:
    """The value, or a 404 naming what was not found."""
    if value is None:
        raise HTTPException(404, f"no {kind} {key[:80]!r} in this store")
    return value
