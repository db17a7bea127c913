"""The HTML pages: stories, one story, one article, one entity, one outlet, one ingest job; and their local assets.

Plain links and GET forms, so every page works without JavaScript; the only script is the report sections'
own (sorting the claims table), served as a file because the Content-Security-Policy forbids inline script.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from newsweave.models import StoryQuery
from newsweave.report.sections import SCRIPT
from newsweave.report.writers import STYLE
from newsweave.web.api import MAX_TEXT, StoreDep, found, story_query
from newsweave.web.render import article_paragraphs, copies, story_sections
from newsweave.web.view import render_page

router = APIRouter(include_in_schema=False)
HERE = Path(__file__).parent
ASSETS = {
    "report.css": (STYLE, "text/css"),
    "site.css": ((HERE / "static" / "site.css").read_text(encoding="utf-8"), "text/css"),
    "icon.svg": ((HERE / "static" / "icon.svg").read_text(encoding="utf-8"), "image/svg+xml"),
    "report.js": (SCRIPT, "text/javascript"),
}
"""The report's own style and script (one copy, shared with report.html) and the site's layout."""


def page(template: str, **context: object) -> HTMLResponse:
    return HTMLResponse(render_page(template, **context))


@router.get("/static/{name}")
def asset(name: Annotated[str, PathParam(max_length=40)]) -> Response:
    text, media_type = found(ASSETS.get(name), "asset", name)
    return Response(text, media_type=media_type, headers={"Cache-Control": "max-age=3600"})


@router.get("/", response_class=HTMLResponse)
def stories_page(store: StoreDep, query: Annotated[StoryQuery, Depends(story_query)]) -> HTMLResponse:
    """The newest stories; a search also lists the matching articles."""
    return page(
        "stories.html",
        title="Stories",
        query=query,
        total=store.count_stories(query),
        stories=store.list_stories(query),
        hits=store.search_articles(query.q, limit=10) if query.q else [],
        outlets=store.outlets(),
    )


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(store: StoreDep, story_id: Annotated[str, PathParam(max_length=MAX_TEXT)]) -> HTMLResponse:
    dossier = found(store.story_dossier(story_id), "story", story_id)
    story = next((s for s in dossier.stories if s.id == story_id), None)
    sections = [(section, Markup(body)) for section, body in story_sections(dossier)]
    return page(
        "story.html", title=story.title if story else story_id, story=story, dossier=dossier, sections=sections
    )


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(store: StoreDep, article_id: Annotated[str, PathParam(max_length=MAX_TEXT)]) -> HTMLResponse:
    article = found(store.article(article_id), "article", article_id)
    dossier = store.story_dossier(article.story) if article.story else None
    copied_from, copied_by = copies(article, dossier)
    story = next((s for s in dossier.stories if s.id == article.story), None) if dossier else None
    return page(
        "article.html",
        title=article.title or article.id,
        article=article,
        story=story,
        paragraphs=article_paragraphs(article, dossier),
        copied_from=copied_from,
        copied_by=copied_by,
    )


@router.get("/entities/{key:path}", response_class=HTMLResponse)
def entity_page(store: StoreDep, key: Annotated[str, PathParam(max_length=MAX_TEXT)]) -> HTMLResponse:
    profile = found(store.entity(key), "entity", key)
    return page("entity.html", title=profile.name, entity=profile)


@router.get("/outlets/{name:path}", response_class=HTMLResponse)
def outlet_page(store: StoreDep, name: Annotated[str, PathParam(max_length=MAX_TEXT)]) -> HTMLResponse:
    profile = found(store.outlet(name), "outlet", name)
    return page("outlet.html", title=profile.name, outlet=profile)



@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: Annotated[str, PathParam(max_length=64)]) -> HTMLResponse:
    """An ingest job's stage and result, each skipped input with its reason (names and reasons come from the
    inputs: the template escapes them)."""
    job = found(request.app.state.jobs.get(job_id), "job", job_id)
    return page("job.html", title=f"Ingest job {job.id}", job=job)
