"""Language identification, so non-English articles are skipped with a reason instead of mis-parsed."""

from __future__ import annotations

from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

SUPPORTED_LANGUAGES = {"en"}


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models().build()


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's main language, or "und" when it cannot be told."""
    sample = text[:3000]
    if sum(ch.isalpha() for ch in sample) < 20:
        return "und"
    language: Language | None = _detector().detect_language_of(sample)
    return language.iso_code_639_1.name.lower() if language else "und"
