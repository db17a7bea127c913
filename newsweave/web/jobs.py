"""Background ingest: `POST /api/ingest` queues a job, one worker thread runs the jobs in order.

One worker, because every ingest extends the same story index and writes the same store: two at once would
race for the stories new articles join. The worker is a daemon thread: stopping the server does not wait for a
long job, which loses nothing stored, since the store writes each ingest in one transaction. The request returns
at once with the job's id; `/api/jobs/{id}` (and the page `/jobs/{id}`) shows its stage and, when done, what was
added, skipped (every input not stored, with its reason) and which stories it touched. The NLP models are
loaded by the worker on the first job, so a server that only serves reads never loads them.
"""

from __future__ import annotations

import queue
import threading
import uuid
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from newsweave.app.incremental import ingest_articles
from newsweave.app.pipeline import prepare_articles
from newsweave.ingest.files import json_record_to_document
from newsweave.ingest.sources import read_sources
from newsweave.ingest.web import Fetcher
from newsweave.models import RawDocument, Skipped
from newsweave.nlp.models import Models
from newsweave.settings import Settings
from newsweave.store import Store

Stage = Literal["queued", "reading", "cleaning", "analysing", "done", "failed"]
KEPT_JOBS = 1000
"""Finished jobs remembered for `/api/jobs/{id}`; older ones are forgotten first."""


class IngestRequest(BaseModel):
    """Articles given as JSON records (as in a .jsonl input: `text` or `html`, with optional `title`, `url`,
    `outlet`, `byline`, `published`, `id`), and/or web page or feed URLs to fetch."""

    articles: list[dict[str, Any]] = Field(default_factory=list, max_length=20_000)
    urls: list[str] = Field(default_factory=list, max_length=1_000)
    fetch: bool = Field(False, description="For feed entries, fetch the linked page's full text.")

    @field_validator("urls")
    @classmethod
    def _web_only(cls, urls: list[str]) -> list[str]:
        """Only web addresses: a path would let an API client read the server's files."""
        local = [url for url in urls if not url.startswith(("http://", "https://"))]
        if local:
            raise ValueError(f"only http(s) URLs can be fetched, not {', '.join(local[:3])}")
        return urls

    @model_validator(mode="after")
    def _something(self) -> IngestRequest:
        if not (self.articles or self.urls):
            raise ValueError("give `articles` (JSON records with `text` or `html`) or `urls` to fetch")
        return self


class JobStory(BaseModel):
    id: str
    title: str
    articles: int


class Job(BaseModel):
    id: str
    stage: Stage = "queued"
    created_at: str
    finished_at: str | None = None
    inputs: int = Field(0, description="Article records plus URLs given.")
    read: int = Field(0, description="Documents read (a feed gives several).")
    articles: int = Field(0, description="Articles left after cleaning.")
    added: int = 0
    already_stored: int = 0
    skipped: list[Skipped] = Field(
        default_factory=list, description="Every input not stored, with the reason: unreadable, refused, over a budget."
    )
    stories: list[JobStory] = Field(default_factory=list, description="Stories that gained articles.")
    error: str | None = None


class Jobs:
    def __init__(self, store: Store, models: Callable[[], Models], settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self._load_models = models
        self._models: Models | None = None
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._queue: queue.Queue[tuple[str, IngestRequest] | None] = queue.Queue()
        self._worker = threading.Thread(target=self._work, name="newsweave-ingest", daemon=True)
        self._worker.start()

    def submit(self, request: IngestRequest) -> Job:
        job = Job(id=uuid.uuid4().hex, created_at=_now(), inputs=len(request.articles) + len(request.urls))
        with self._lock:
            self._jobs[job.id] = job
            for old in list(self._jobs)[: max(0, len(self._jobs) - KEPT_JOBS)]:
                del self._jobs[old]
        self._queue.put((job.id, request))
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def close(self) -> None:
        """The worker stops after the job it runs; queued jobs are dropped."""
        self._queue.put(None)

    def _work(self) -> None:
        while (item := self._queue.get()) is not None:
            self._run(*item)

    def _update(self, job_id: str, **changes: Any) -> None:
        with self._lock:
            self._jobs[job_id] = self._jobs[job_id].model_copy(update=changes)

    def _run(self, job_id: str, request: IngestRequest) -> None:
        """Any failure ends the job as failed with its message; the worker goes on with the next job."""
        try:
            self._ingest(job_id, request)
        except Exception as error:  # noqa: BLE001 - reported on the job, the server keeps serving
            self._update(job_id, stage="failed", error=f"{type(error).__name__}: {error}", finished_at=_now())

    def _ingest(self, job_id: str, request: IngestRequest) -> None:
        self._update(job_id, stage="reading")
        raws, skipped = records_to_documents(request.articles)
        if request.urls:
            with Fetcher(self.settings.ingest, self.settings.network) as fetcher:
                fetched, not_fetched = read_sources(request.urls, fetcher, fetch_linked=request.fetch)
            raws, skipped = raws + fetched, skipped + not_fetched
        self._update(job_id, stage="cleaning", read=len(raws), skipped=skipped)
        articles, not_prepared = prepare_articles(raws, settings=self.settings)
        skipped = skipped + not_prepared
        self._update(job_id, stage="analysing", articles=len(articles), skipped=skipped)
        if articles:
            if self._models is None:
                self._models = self._load_models()
            result = ingest_articles(articles, self._models, self.store, settings=self.settings)
            stories = [JobStory(id=s.id, title=s.title, articles=len(s.articles)) for s in result.stories]
            self._update(job_id, added=len(result.added), already_stored=result.already_stored, stories=stories,
                         skipped=skipped + result.skipped)
        self._update(job_id, stage="done", finished_at=_now())


def records_to_documents(records: list[dict[str, Any]]) -> tuple[list[RawDocument], list[Skipped]]:
    """The JSON records of a request, read as the records of a .jsonl input are; a bad one is skipped with its
    reason and position."""
    raws: list[RawDocument] = []
    skipped: list[Skipped] = []
    for number, record in enumerate(records, start=1):
        result = json_record_to_document(record, source=f"request:articles[{number}]")
        (skipped if isinstance(result, Skipped) else raws).append(result)
    return raws, skipped


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
