"""The brief: a short neutral summary of a story in which every sentence cites the articles that state it.

Extractive on purpose: every line is a sentence an outlet printed, so its citation is checkable and no
wording is invented. Sentences stated by the most *independent* articles come first in priority (a copy adds
no support, and the original's wording is preferred to the copy's); quotes, questions and
headline fragments are left out (they are opinion or framing, not the neutral record); sentences that state
the same thing as one already chosen are skipped. The chosen sentences are then put in story order.
"""

from __future__ import annotations

from newsweave.link.derivation import Lineage, origins
from newsweave.models import BriefLine, Derivation, Statement
from newsweave.settings import ReportSettings

QUOTE_MARKS = "\"“”"


def build_brief(statements: list[Statement], derivations: list[Derivation], cfg: ReportSettings) -> list[BriefLine]:
    """Sources are counted as claims count them (`derivation.independent_sources`): a copy, or a sibling
    copy of the same wire text, adds no support."""
    copies = origins(derivations)
    lineage = Lineage.of(derivations)

    def independent(statement: Statement) -> int:
        return len(lineage.independent(statement.sources))

    candidates = [s for s in statements if _is_neutral_sentence(s.text, cfg.brief_min_words)]
    ranked = sorted(candidates, key=lambda s: (-independent(s), s.article in copies, s.sentence, s.article))
    chosen: list[Statement] = []
    covered: set[tuple[str, int]] = set()
    for statement in ranked:
        if len(chosen) == cfg.brief_sentences:
            break
        if (statement.article, statement.sentence) in covered:
            continue
        chosen.append(statement)
        covered.add((statement.article, statement.sentence))
        covered.update((support.article, support.sentence) for support in statement.supported_by)
    chosen.sort(key=lambda s: (s.sentence, -len(s.sources)))
    return [BriefLine(text=s.text, sources=sorted(set(s.sources), key=s.sources.index)) for s in chosen]


def _is_neutral_sentence(text: str, min_words: int) -> bool:
    stripped = text.strip()
    return (
        len(stripped.split()) >= min_words
        and stripped[-1:] in ".!"
        and not any(mark in stripped for mark in QUOTE_MARKS)
    )
