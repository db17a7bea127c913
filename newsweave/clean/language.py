"""Language identification, so non-English articles are skipped with a reason instead of mis-parsed.

Most texts plainly read as the language they are analysed in, and a first look settles those by its function
words (`reads_as`), so lingua (~4-7 ms a text, and a second or so to load its models) runs only on the rest.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from newsweave.settings import CleaningSettings

if TYPE_CHECKING:
    from newsweave.lang import Resources

SUPPORTED_LANGUAGES = {"en"}
SAMPLE_CHARS = 1500
MIN_LETTERS = 20
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _screen() -> LanguageDetector:
    """Every language, in low-accuracy (trigram-only) mode with lazy loading: building takes no time and
    only the models of the scripts actually seen are read (~0.2-0.5 s for a first run over many languages,
    against ~5 s to preload every model). Alone it mistakes some short English texts full of foreign
    names for Tagalog or Latin (19 of 843 snippets of 80-200 characters in our gold), hence `_duel`."""
    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


@lru_cache(maxsize=None)
def _duel(other: Language) -> LanguageDetector:
    """Full-accuracy English-or-`other`, loaded only when the screen says a text is not English: it takes
    the misses above down to 2 of 843 and still tells French, German, Tagalog, Swahili ... from English."""
    return LanguageDetectorBuilder.from_languages(Language.ENGLISH, other).build()


def detect_language(text: str, res: Resources | None = None, cfg: CleaningSettings | None = None) -> str:
    """ISO 639-1 code of the text's main language, or "und" when it cannot be told. The first
    `SAMPLE_CHARS` characters (a few paragraphs) decide: more text costs time and changes no answer. With the
    resources of a supported language, a text that plainly `reads_as` it is that language without asking lingua."""
    sample = text[:SAMPLE_CHARS]
    if res is not None and res.code in SUPPORTED_LANGUAGES and reads_as(sample, res, cfg or CleaningSettings()):
        return res.code
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return "und"
    language: Language | None = _screen().detect_language_of(sample)
    if language is not None and language != Language.ENGLISH:
        language = _duel(language).detect_language_of(sample)
    return language.iso_code_639_1.name.lower() if language else "und"


def reads_as(sample: str, res: Resources, cfg: CleaningSettings) -> bool:
    """Whether the sample is plainly in `res`'s language: long enough, in its script only, a fair share of its
    words are the language's function words, and they run all through it (no stretch of
    `cfg.language_look_gap_chars` without one, where a passage in another language could sit). It never says
    yes where lingua says another language on our checks (`bench/language.py`); a no only means lingua decides."""
    function_words = res.words("language.function_words")
    words = list(_WORD.finditer(sample))
    if len(words) < cfg.language_look_words or res.pattern("language.other_script").search(sample):
        return False
    found = [word.start() for word in words if word.group().lower() in function_words]
    if len(found) < cfg.language_look_share * len(words):
        return False
    edges = [0, *found, len(sample)]
    return max(end - start for start, end in pairwise(edges)) <= cfg.language_look_gap_chars
