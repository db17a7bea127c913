"""Per-source coverage: for each article of a story, what it reports that others do not, what it leaves out
that most others report, and how it frames the story (headline and lead).

"Most others" counts independent sources, as claims and the brief do (`derivation.independent_sources`): a
fact an original and its copies carry is one outlet's report, and leaving it out is no notable omission."""

from __future__ import annotations

from newsweave.link.derivation import Lineage
from newsweave.models import Article, CoverageItem, Derivation, SourceCoverage, Statement
from newsweave.settings import ReportSettings


def source_coverage(
    articles: list[Article], statements: list[Statement], derivations: list[Derivation], cfg: ReportSettings
) -> list[SourceCoverage]:
    by_article: dict[str, list[Statement]] = {a.id: [] for a in articles}
    for statement in statements:
        by_article.setdefault(statement.article, []).append(statement)
    others_needed = max(2, (len(articles) + 1) // 2)
    lineage = Lineage.of(derivations)
    independent = {s.id: len(lineage.independent(s.sources)) for s in statements}
    widely = sorted((s for s in statements if independent[s.id] >= others_needed), key=lambda s: -independent[s.id])
    coverage = []
    for article in articles:
        own = sorted(by_article.get(article.id, []), key=lambda s: s.sentence)
        carried = {(s.article, s.sentence) for s in own}
        carried |= {(p.article, p.sentence) for s in own for p in s.supported_by}
        omitted = _omitted(widely, article.id, carried, cfg.coverage_listed)
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
                omitted=omitted,
            )
        )
    return coverage


def _omitted(
    widely: list[Statement], article_id: str, carried: set[tuple[str, int]], listed: int
) -> list[CoverageItem]:
    """The first `listed` statements of other articles, stated by enough independent articles (`widely`, most
    widely stated first, computed once per story), that this article carries nowhere."""
    items: list[CoverageItem] = []
    seen: set[tuple[str, int]] = set()
    for statement in widely:
        if len(items) == listed:
            break
        key = (statement.article, statement.sentence)
        if statement.article == article_id or key in carried or key in seen:
            continue
        sources = list(dict.fromkeys(statement.sources))
        if article_id in sources:
            continue
        seen.add(key)
        seen.update((p.article, p.sentence) for p in statement.supported_by)
        items.append(CoverageItem(text=statement.text, sources=sources))
    return items
