"""Per-source coverage: for each article of a story, what it reports that others do not, what it leaves out
that most others report, and how it frames the story (headline and lead)."""

from __future__ import annotations

from collections import Counter

from newsweave.models import Article, CoverageItem, SourceCoverage, Statement
from newsweave.settings import ReportSettings


def source_coverage(articles: list[Article], statements: list[Statement], cfg: ReportSettings) -> list[SourceCoverage]:
    by_article: dict[str, list[Statement]] = {a.id: [] for a in articles}
    for statement in statements:
        by_article.setdefault(statement.article, []).append(statement)
    others_needed = max(2, (len(articles) + 1) // 2)
    coverage = []
    for article in articles:
        own = sorted(by_article.get(article.id, []), key=lambda s: s.sentence)
        carried = {(s.article, s.sentence) for s in own}
        carried |= {(p.article, p.sentence) for s in own for p in s.supported_by}
        omitted = _omitted(statements, article.id, carried, others_needed)
        coverage.append(
            SourceCoverage(
                article=article.id,
                outlet=article.outlet,
                headline=article.title,
                lead=own[0].text if own else None,
                sentences=len(own),
                shared=sum(1 for s in own if s.supported_by),
                unique=[CoverageItem(text=s.text, sources=[article.id]) for s in own if not s.supported_by][
                    : cfg.coverage_listed
                ],
                omitted=omitted[: cfg.coverage_listed],
            )
        )
    return coverage


def _omitted(
    statements: list[Statement], article_id: str, carried: set[tuple[str, int]], others_needed: int
) -> list[CoverageItem]:
    """Statements of other articles, stated by enough articles, that this article carries nowhere."""
    items: list[CoverageItem] = []
    seen: set[tuple[str, int]] = set()
    ranked = sorted(statements, key=lambda s: -len(set(s.sources)))
    for statement in ranked:
        sources = Counter(statement.sources)
        if statement.article == article_id or article_id in sources or len(sources) < others_needed:
            continue
        key = (statement.article, statement.sentence)
        if key in carried or key in seen:
            continue
        seen.add(key)
        seen.update((p.article, p.sentence) for p in statement.supported_by)
        items.append(CoverageItem(text=statement.text, sources=list(sources)))
    return items
