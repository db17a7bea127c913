"""Shared fixtures: the real models are loaded once per test session."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from newsweave.app.pipeline import analyze_articles, prepare_articles
from newsweave.ingest.files import read_paths
from newsweave.models import AnalyzedArticle, Article, Dossier, RawDocument
from newsweave.nlp.annotate import annotate_articles
from newsweave.nlp.models import Models, load_models
from tests.pgserver import pg_database, pg_url, store, store_db  # noqa: F401  (fixtures)
from tests.warmruns import warm_runs  # noqa: F401  (fixture)

os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "kim-beijing-parade"


@pytest.fixture(scope="session")
def models() -> Models:
    return load_models()


@pytest.fixture(scope="session")
def nlp(models: Models):
    return models.nlp


@pytest.fixture(scope="session")
def seed_articles() -> list[Article]:
    raws, skipped = read_paths([str(EXAMPLE)])
    assert not skipped
    articles, skipped = prepare_articles(raws)
    assert not skipped
    return articles


@pytest.fixture(scope="session")
def seed_dossier(models: Models, seed_articles: list[Article]) -> Dossier:
    return analyze_articles([a.model_copy(deep=True) for a in seed_articles], models)


@pytest.fixture(scope="session")
def seed_analyzed(models: Models, seed_articles: list[Article]) -> list[AnalyzedArticle]:
    """The example articles cleaned and parsed (no cross-document stage), for testing one stage alone."""
    return list(annotate_articles([a.model_copy(deep=True) for a in seed_articles], models.nlp))


@pytest.fixture(scope="session")
def annotate_texts(models: Models) -> Callable[..., list[AnalyzedArticle]]:
    """Clean and parse made-up articles: `annotate_texts(text | RawDocument, ...)` -> AnalyzedArticles."""

    def run(*items: str | RawDocument) -> list[AnalyzedArticle]:
        raws = [
            item if isinstance(item, RawDocument) else RawDocument(source=f"made-up-{i}.txt", text=item)
            for i, item in enumerate(items)
        ]
        articles, skipped = prepare_articles(raws)
        assert articles, f"made-up articles were skipped: {skipped}"
        return list(annotate_articles(articles, models.nlp))

    return run


@pytest.fixture(scope="session")
def analyze_texts(models: Models) -> Callable[..., Dossier]:
    """Run the whole pipeline on made-up articles: `analyze_texts(text, ...)` or with RawDocument objects."""

    def run(*items: str | RawDocument) -> Dossier:
        raws = [
            item if isinstance(item, RawDocument) else RawDocument(source=f"made-up-{i}.txt", text=item)
            for i, item in enumerate(items)
        ]
        articles, skipped = prepare_articles(raws)
        assert articles, f"made-up articles were skipped: {skipped}"
        return analyze_articles(articles, models)

    return run
