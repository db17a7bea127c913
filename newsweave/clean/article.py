"""From one raw document to one cleaned `Article`, or a `Skipped` with the reason."""

from __future__ import annotations

import hashlib
from collections import Counter

from newsweave.clean.furniture import clean_text
from newsweave.clean.language import SUPPORTED_LANGUAGES, detect_language
from newsweave.clean.metadata import extract_metadata
from newsweave.lang import Resources
from newsweave.models import Article, RawDocument, Skipped
from newsweave.settings import CleaningSettings

REASON_RULES = 3
"""A skip reason names the cleaning rules that removed most, so a user can tell a stub from a cleaner error."""


def prepare_article(raw: RawDocument, res: Resources, cfg: CleaningSettings) -> Article | Skipped:
    if not raw.text or not raw.text.strip():
        return Skipped(path=raw.source, reason="no text")
    if len(raw.text) > cfg.max_article_chars:
        return Skipped(path=raw.source, reason=f"text too long for one article ({len(raw.text):,} characters > "
                       f"{cfg.max_article_chars:,}); split it into articles")
    cleaned = clean_text(raw.text, res, cfg, raw.title)
    if len(cleaned.text) < cfg.min_article_chars:
        rules = Counter(removal.rule for removal in cleaned.removed)
        removed = ", ".join(f"{rule} ×{count}" for rule, count in rules.most_common(REASON_RULES))
        detail = f"; the cleaner removed {removed}" if removed else ""
        return Skipped(path=raw.source, reason=f"too short after cleaning ({len(cleaned.text)} characters{detail})")
    language = detect_language(cleaned.text, res, cfg)
    if language not in SUPPORTED_LANGUAGES:
        return Skipped(path=raw.source, reason=f"language '{language}' is not supported (English only for now)")
    meta = extract_metadata(cleaned, raw, res, cfg)
    content_hash = hashlib.sha256(cleaned.text.encode("utf-8")).hexdigest()
    return Article(
        id=content_hash[:12],
        source_id=raw.source_id,
        path=raw.path,
        url=meta.url,
        given_as=None if raw.path or meta.url else raw.source,
        title=meta.title,
        outlet=meta.outlet,
        byline=meta.byline,
        dateline=meta.dateline,
        published=meta.published,
        published_reason=meta.published_reason,
        found_by=meta.found_by,
        language=language,
        text=cleaned.text,
        captions="\n".join(cleaned.captions),
        removed=cleaned.removed,
        repairs=raw.repairs,
        content_hash=content_hash,
    )
