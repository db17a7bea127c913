"""Who copied whom: copies, rewrites and syndicated versions of another article of the run.

Independent reports of one event share facts, names and even quotes from the same press conference, so
similar sentences alone do not make a copy. A pair is called derived when the *order* of the source's
sentences is followed (monotone alignment of sentence embeddings) and there is hard evidence on top:
long word runs shared outside quotation marks (nobody writes the same 12 unquoted words by chance), an
explicit credit of the other outlet ("According to X"), or near-total verbatim reuse (syndication).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from newsweave.dates import surely_after
from newsweave.link.claim_text import inside, quoted_spans, words
from newsweave.models import AlignedPassage, AnalyzedArticle, Derivation
from newsweave.nlp.embed import SentenceVectors

SHINGLE = 8
"""Word n-gram length for verbatim overlap; 8 shared words in a row are rarely a coincidence."""
LONG_RUN = 12
"""An unquoted run of this many shared words is proof of copying on its own (names + boilerplate < 12)."""
ALIGN_THRESHOLD = 0.6
"""Cosine similarity for a sentence pair to count as a paraphrase in the monotone alignment."""
CLOSE_THRESHOLD = 0.8
"""Cosine similarity of a close rewrite (same sentence with a few words changed)."""
MIN_ALIGNED_SHARE = 0.25
"""With a credit or a long unquoted run, this share of the derived sentences must follow the source."""
MIN_CLOSE_SHARE = 0.6
"""Without any hard evidence, this share of the derived sentences must be close rewrites ..."""
MIN_CLOSE_PAIRS = 4
"""... and at least this many sentences: two short reports of one event can be close sentence by sentence."""
SYNDICATION_SHARE = 0.5
"""Share of the derived words in verbatim shingles that makes a copy without further evidence."""

CREDIT = re.compile(
    r"\b(?:[Aa]ccording to|[Aa]s (?:first )?reported by|[Ff]irst reported by|[Cc]iting|[Vv]ia|[Ss]ource:|"
    r"[Oo]riginally published (?:by|in|on)|[Rr]eprinted from|[Ww]ritten by|(?:[Aa]dditional )?[Rr]eporting by)"
    r"\s+(?:the\s+)?"
    r"(?P<name>[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,4})"
    r"|(?P<subject>[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3})\s+(?:first\s+)?reported\b"
)
"""Phrases by which an article says where its content comes from. "told X" is not one: that is X's own
interview, and it names the outlet that wrote the article, not a source it copied."""
SELF_NAME = re.compile(
    r"\b(?P<name>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})(?:'s|’s)\s+[A-Z][\w-]+(?:\s+[A-Z][\w-]+){0,3}\s+"
    r"contributed|\b(?:told|tells)\s+(?P<told>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,2})"
)
"""How an article names its own outlet in its text ("NPR's Jane Roe contributed", "told Reuters")."""
HOST = re.compile(r"^(?:https?://)?(?:www\.)?([^/:]+)")


@dataclass(frozen=True)
class PairEvidence:
    """What links a candidate derived article to a candidate source."""

    verbatim_share: float
    longest_unquoted_run: int
    aligned: list[tuple[int, int, float]]
    aligned_share: float
    close_share: float
    credit: str | None
    verbatim_rows: frozenset[int]

    @property
    def derived(self) -> bool:
        hard = self.credit is not None or self.longest_unquoted_run >= LONG_RUN
        return (
            self.verbatim_share >= SYNDICATION_SHARE
            or (hard and self.aligned_share >= MIN_ALIGNED_SHARE)
            or (self.close_share >= MIN_CLOSE_SHARE and self.close_pairs >= MIN_CLOSE_PAIRS)
        )

    @property
    def close_pairs(self) -> int:
        return sum(similarity >= CLOSE_THRESHOLD for _, _, similarity in self.aligned)

    @property
    def share(self) -> float:
        return round(max(self.verbatim_share, self.aligned_share), 3)


def detect_derivations(analyzed: list[AnalyzedArticle], vectors: SentenceVectors) -> list[Derivation]:
    """Every derived article of the story with its source."""
    derivations: list[Derivation] = []
    for a, b in combinations(analyzed, 2):
        a_from_b = pair_evidence(b, a, vectors)
        b_from_a = pair_evidence(a, b, vectors)
        if not (a_from_b.derived or b_from_a.derived):
            continue
        derivations.append(_oriented(a, b, a_from_b, b_from_a))
    return derivations


def origins(derivations: list[Derivation]) -> dict[str, str]:
    """Each derived article's `derived_from`: the source it reuses most of, when several are found."""
    best: dict[str, Derivation] = {}
    for derivation in derivations:
        if derivation.derived not in best or derivation.share > best[derivation.derived].share:
            best[derivation.derived] = derivation
    return {derived: derivation.source for derived, derivation in best.items()}


def pair_evidence(source: AnalyzedArticle, derived: AnalyzedArticle, vectors: SentenceVectors) -> PairEvidence:
    source_rows, derived_rows = vectors.rows_of(source.article.id), vectors.rows_of(derived.article.id)
    similarity = vectors.vectors[derived_rows] @ vectors.vectors[source_rows].T
    aligned = monotone_alignment(similarity, ALIGN_THRESHOLD)
    lengths = np.array([len(vectors.refs[r].text) for r in derived_rows], dtype=float)
    total = float(lengths.sum()) or 1.0
    share, run, shared_offsets = verbatim_overlap(source.article.text, derived.article.text)
    verbatim_rows = frozenset(
        i for i, r in enumerate(derived_rows)
        if any(vectors.refs[r].start <= offset < vectors.refs[r].end for offset in shared_offsets)
    )
    return PairEvidence(
        verbatim_share=share,
        longest_unquoted_run=run,
        aligned=aligned,
        aligned_share=round(sum(lengths[i] for i, _, _ in aligned) / total, 3),
        close_share=round(sum(lengths[i] for i, _, s in aligned if s >= CLOSE_THRESHOLD) / total, 3),
        credit=find_credit(derived, source),
        verbatim_rows=verbatim_rows,
    )


def monotone_alignment(similarity: np.ndarray, threshold: float) -> list[tuple[int, int, float]]:
    """Sentence pairs (row, column, similarity) in the same order in both articles, maximizing the summed
    similarity above `threshold`: a rewrite follows its source's order; independent reports rarely do."""
    rows, cols = similarity.shape
    gain = similarity - threshold
    score = np.zeros((rows + 1, cols + 1))
    for i in range(1, rows + 1):
        for j in range(1, cols + 1):
            diagonal = score[i - 1, j - 1] + gain[i - 1, j - 1] if gain[i - 1, j - 1] > 0 else -np.inf
            score[i, j] = max(score[i - 1, j], score[i, j - 1], diagonal)
    pairs: list[tuple[int, int, float]] = []
    i, j = rows, cols
    while i > 0 and j > 0:
        g = gain[i - 1, j - 1]
        if g > 0 and np.isclose(score[i, j], score[i - 1, j - 1] + g):
            pairs.append((i - 1, j - 1, round(float(similarity[i - 1, j - 1]), 4)))
            i, j = i - 1, j - 1
        elif score[i, j] == score[i - 1, j]:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def verbatim_overlap(source_text: str, derived_text: str) -> tuple[float, int, set[int]]:
    """Share of the derived words inside shingles shared with the source, the longest shared run of words
    outside quotation marks, and the character offsets of the shared derived words."""
    source_words, derived_words = words(source_text), words(derived_text)
    source_shingles = {
        tuple(w for w, _, _ in source_words[i : i + SHINGLE]) for i in range(len(source_words) - SHINGLE + 1)
    }
    covered = [False] * len(derived_words)
    for i in range(len(derived_words) - SHINGLE + 1):
        if tuple(w for w, _, _ in derived_words[i : i + SHINGLE]) in source_shingles:
            covered[i : i + SHINGLE] = [True] * SHINGLE
    quotes = quoted_spans(derived_text)
    longest = run = 0
    for flag, (_, start, _) in zip(covered, derived_words, strict=True):
        run = run + 1 if flag and not inside(start, quotes) else 0
        longest = max(longest, run)
    share = sum(covered) / len(derived_words) if derived_words else 0.0
    offsets = {start for flag, (_, start, _) in zip(covered, derived_words, strict=True) if flag}
    return round(share, 3), longest, offsets


def find_credit(derived: AnalyzedArticle, source: AnalyzedArticle) -> str | None:
    """The derived article's phrase crediting the source's outlet, in its text or in the credit line the
    cleaner took out of it ("Additional reporting by X")."""
    names = outlet_names(source)
    own = outlet_names(derived)
    persons = [(ent.start_char, ent.end_char) for ent in derived.doc.ents if ent.label_ == "PERSON"]
    credit_lines = [(r.text, []) for r in derived.article.removed if r.rule == "credit-line"]
    for text, people in [(derived.article.text, persons), *credit_lines]:
        for match in CREDIT.finditer(text):
            group = "name" if match.group("name") else "subject"
            credited, start = _trim_name(match.group(group)), match.start(group)
            if inside(start, people) or not credited:
                continue
            key = credited.lower()
            if any(key == name or key in name.split() for name in names) and key not in own:
                return match.group(0)
    return None


def outlet_names(item: AnalyzedArticle) -> set[str]:
    """Lower-cased names an article is known by: metadata, its URL host, and how its text names itself
    (also in the page furniture removed by cleaning, where credit lines usually end up)."""
    article = item.article
    names = {n.lower() for n in (article.outlet, article.byline) if n}
    if article.url and (host := HOST.match(article.url)):
        names |= {part for part in host.group(1).lower().split(".")[:-1] if len(part) > 2}
    furniture = "\n".join(r.text for r in article.removed)
    for match in SELF_NAME.finditer(f"{article.text}\n{furniture}"):
        names.add(_trim_name(match.group("name") or match.group("told")).lower())
    return {n for n in names if n}


def _trim_name(name: str) -> str:
    return name.rstrip(".,;:'’").strip()


def _oriented(a: AnalyzedArticle, b: AnalyzedArticle, a_from_b: PairEvidence, b_from_a: PairEvidence) -> Derivation:
    """Pick the direction: an explicit credit first, then which article is contained in the other (the
    copy is mostly made of the source while the source has more), then publication date, then length."""
    a_derived, why = _a_is_derived(a, b, a_from_b, b_from_a)
    derived, source, evidence = (a, b, a_from_b) if a_derived else (b, a, b_from_a)
    return _derivation(source, derived, evidence, why)


def _a_is_derived(
    a: AnalyzedArticle, b: AnalyzedArticle, a_from_b: PairEvidence, b_from_a: PairEvidence
) -> tuple[bool, str]:
    if (a_from_b.credit is None) != (b_from_a.credit is None):
        return a_from_b.credit is not None, "credit"
    if abs(a_from_b.share - b_from_a.share) >= 0.05:
        return a_from_b.share > b_from_a.share, "containment"
    a_later = surely_after(a.article.published, b.article.published)
    if a_later or surely_after(b.article.published, a.article.published):
        return a_later, "date"
    return len(a.article.text) <= len(b.article.text), "length"


def _derivation(source: AnalyzedArticle, derived: AnalyzedArticle, evidence: PairEvidence, why: str) -> Derivation:
    source_refs, derived_refs = source.sentences, derived.sentences
    passages = [
        AlignedPassage(
            source_sentence=source_refs[j].index,
            derived_sentence=derived_refs[i].index,
            source_text=source_refs[j].text,
            derived_text=derived_refs[i].text,
            similarity=similarity,
            verbatim=i in evidence.verbatim_rows,
        )
        for i, j, similarity in evidence.aligned
    ]
    method = [
        name
        for name, found in (
            ("verbatim", evidence.longest_unquoted_run >= LONG_RUN or evidence.verbatim_share >= SYNDICATION_SHARE),
            ("paraphrase", evidence.aligned_share >= MIN_ALIGNED_SHARE),
            ("credit", evidence.credit is not None),
        )
        if found
    ]
    lines = [
        f"{evidence.aligned_share:.0%} of the derived text follows the source sentence by sentence, in order",
        f"{evidence.verbatim_share:.0%} of its words are verbatim {SHINGLE}-word runs of the source "
        f"(longest unquoted run: {evidence.longest_unquoted_run} words)",
    ]
    if evidence.credit:
        lines.append(f"credits the source: “{evidence.credit}”")
    return Derivation(
        source=source.article.id,
        derived=derived.article.id,
        share=evidence.share,
        evidence=lines,
        method=method,
        direction=why,
        credit=evidence.credit,
        verbatim_share=evidence.verbatim_share,
        paraphrase_share=evidence.aligned_share,
        passages=passages,
    )
