"""The token budget checked before parsing: an article over it is skipped with the reason, so it never costs
minutes of parsing and never stalls the run. (Characters are budgeted earlier, before cleaning:
`cleaning.max_article_chars`.)

Tokens are counted only for a text long enough to hold more than the budget (a token has at least one
character), so ordinary articles are never tokenized twice.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language

from newsweave.models import Article, Skipped
from newsweave.settings import ParseSettings


def admit(articles: Iterable[Article], nlp: Language, cfg: ParseSettings) -> tuple[list[Article], list[Skipped]]:
    """The articles within the budget, and a `Skipped` for each other one."""
    admitted: list[Article] = []
    skipped: list[Skipped] = []
    for article in articles:
        reason = over_budget(article, nlp, cfg)
        if reason is None:
            admitted.append(article)
        else:
            skipped.append(Skipped(path=article.source, reason=reason))
    return admitted, skipped


def over_budget(article: Article, nlp: Language, cfg: ParseSettings) -> str | None:
    for text in (article.text, article.captions):
        if len(text) > cfg.max_doc_tokens and (tokens := len(nlp.make_doc(text))) > cfg.max_doc_tokens:
            return (
                f"{tokens:,} tokens, over the per-text limit of {cfg.max_doc_tokens:,} (parse.max_doc_tokens): "
                "split it into its articles, or raise the limit with --config"
            )
    return None
