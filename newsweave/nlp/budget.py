"""The per-article budgets checked before parsing: an article over one is skipped with the reason, so it never
costs minutes of parsing (or a refusal by spaCy's `max_length` at the end of them) and never stalls the run.

Characters are counted first, for free; tokens only for a text long enough to hold more than the token budget
(a token has at least one character), so ordinary articles are never tokenized twice.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language

from newsweave.models import Article, Skipped
from newsweave.settings import ParseSettings


def admit(articles: Iterable[Article], nlp: Language, cfg: ParseSettings) -> tuple[list[Article], list[Skipped]]:
    """The articles within the budgets, and a `Skipped` for each other one."""
    admitted: list[Article] = []
    skipped: list[Skipped] = []
    for article in articles:
        reason = over_budget(article, nlp, cfg)
        if reason is None:
            admitted.append(article)
        else:
            skipped.append(Skipped(path=article.path or article.url or article.id, reason=reason))
    return admitted, skipped


def over_budget(article: Article, nlp: Language, cfg: ParseSettings) -> str | None:
    chars = len(article.text) + len(article.captions)
    if chars > cfg.max_article_chars:
        return (
            f"{chars:,} characters, over the per-article limit of {cfg.max_article_chars:,} (parse.max_article_chars): "
            "split it into its articles, or raise the limit with --config"
        )
    for text in (article.text, article.captions):
        if len(text) > cfg.max_doc_tokens and (tokens := len(nlp.make_doc(text))) > cfg.max_doc_tokens:
            return (
                f"{tokens:,} tokens, over the per-text limit of {cfg.max_doc_tokens:,} (parse.max_doc_tokens): "
                "split it into its articles, or raise the limit with --config"
            )
    return None
