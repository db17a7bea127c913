"""The FastAPI application: one store, one ingest worker, the pages and the API, safe defaults.

Safe by default because the pages show text from arbitrary web pages: every response carries a
Content-Security-Policy that allows scripts, styles and images only from this server (no inline script, no
remote origin), templates autoescape, and a bad id or query gets a 404/422 with a message, never a 500 page.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsweave.nlp.models import Models, load_models
from newsweave.settings import Settings
from newsweave.store import open_store
from newsweave.web import api, pages
from newsweave.web.auth import is_loopback, token_given
from newsweave.web.jobs import Jobs
from newsweave.web.view import render_page

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


@dataclass(frozen=True)
class WebConfig:
    db: str | Path
    token: str | None = None
    """Bearer token for writes (and for reads when the server listens beyond loopback); no token: no writes."""
    host: str = "127.0.0.1"
    settings: Settings = field(default_factory=Settings)
    models: Callable[[], Models] = load_models
    """Loads the NLP models on the first ingest (tests pass the session's loaded models)."""
    must_exist: bool = False
    """A SQLite file that is not there is an error (`newsweave serve`: a mistyped --db is not a new store)."""


def create_app(config: WebConfig) -> FastAPI:
    app = FastAPI(
        title="newsweave",
        summary="Stories, dossiers, articles and entities of a newsweave store; background ingest.",
        docs_url=None,
        redoc_url=None,
        lifespan=_lifespan,
    )
    app.state.config = config
    app.state.store = open_store(config.db, must_exist=config.must_exist)
    app.state.jobs = Jobs(app.state.store, config.models, config.settings)
    app.include_router(api.router)
    app.include_router(pages.router)
    _guard(app, config)
    _errors(app)
    return app


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """On shutdown, no further ingest job starts (one running is cut off with the process: its store write is
    one transaction)."""
    yield
    app.state.jobs.close()


def _guard(app: FastAPI, config: WebConfig) -> None:
    """Security headers on every response; beyond loopback, reads need the token as well."""
    reads_need_token = not is_loopback(config.host)

    @app.middleware("http")
    async def headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        if reads_need_token and not request.url.path.startswith("/static/") and not token_given(request, config.token):
            response: Response = JSONResponse(
                {"detail": "this server listens beyond localhost: reads need the token"},
                status_code=401,
                headers={"WWW-Authenticate": 'Basic realm="newsweave"'},
            )
        else:
            response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response


def _errors(app: FastAPI) -> None:
    """Errors as JSON under /api/, as a page elsewhere; a validation error names the bad parameter."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        return _error(request, error.status_code, str(error.detail), error.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        problems = [_problem(e["loc"], e["msg"]) for e in error.errors()]
        return _error(request, 422, "; ".join(problems) or "invalid request", None, problems)


def _problem(location: tuple[str | int, ...], message: str) -> str:
    """`since: ...`, `articles.3.text: ...`; a check of the whole body names no field."""
    where = ".".join(str(part) for part in location if part not in ("query", "path", "body"))
    message = message.removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


def _error(
    request: Request, status: int, message: str, headers: dict[str, str] | None, problems: list[str] | None = None
) -> Response:
    if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
        body: dict[str, object] = {"detail": message}
        if problems:
            body["problems"] = problems
        return JSONResponse(body, status_code=status, headers=headers)
    html = render_page("error.html", title=f"{status}", status=status, message=message)
    return HTMLResponse(html, status_code=status, headers=headers)
