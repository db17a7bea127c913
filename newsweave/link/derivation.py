"""Who copied whom: copies, rewrites and syndicated versions of another article of the run.

Independent reports of one event share facts, names and even quotes from the same press conference, so
similar sentences alone do not make a copy. A pair is called derived when the *order* of the source's
sentences is followed (monotone alignment of sentence embeddings) and there is hard evidence on top:
long word runs shared outside quotation marks (nobody writes the same 12 unquoted words by chance), an
explicit credit of the other outlet ("According to X"), or near-total verbatim reuse (syndication).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
import tldextract

from newsweave.dates import surely_after
from newsweave.lang import resources_of
from newsweave.link.claim_text import inside, quoted_spans, words
from newsweave.models import AlignedPassage, AnalyzedArticle, Derivation
from newsweave.nlp.embed import SentenceVectors
from newsweave.settings import DerivationSettings

DOMAIN = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
"""Public-suffix-aware host reading with the list bundled in tldextract: offline, "bbc" of "news.bbc.co.uk"."""


@dataclass(frozen=True)
class PairEvidence:
    """What links a candidate derived article to a candidate source."""

    verbatim_share: float
    longest_unquoted_run: int
    aligned: list[tuple[int, int, float]]
    aligned_share: float
    close_share: float
    close_pairs: int
    credit: str | None
    verbatim_rows: frozenset[int]

    def derived(self, cfg: DerivationSettings) -> bool:
        hard = self.credit is not None or self.longest_unquoted_run >= cfg.long_run
        return (
            self.verbatim_share >= cfg.syndication_share
            or (hard and self.aligned_share >= cfg.min_aligned_share)
            or (self.close_share >= cfg.min_close_share and self.close_pairs >= cfg.min_close_pairs)
        )

    @property
    def share(self) -> float:
        return round(max(self.verbatim_share, self.aligned_share), 3)


def detect_derivations(
    analyzed: list[AnalyzedArticle], vectors: SentenceVectors, cfg: DerivationSettings
) -> list[Derivation]:
    """Every derived article of the story with its source."""
    derivations: list[Derivation] = []
    for a, b in combinations(analyzed, 2):
        a_from_b = pair_evidence(b, a, vectors, cfg)
        b_from_a = pair_evidence(a, b, vectors, cfg)
        if not (a_from_b.derived(cfg) or b_from_a.derived(cfg)):
            continue
        derivations.append(_oriented(a, b, a_from_b, b_from_a, cfg))
    return derivations


def origins(derivations: list[Derivation]) -> dict[str, str]:
    """Each derived article's `derived_from`: the source it reuses most of, when several are found."""
    best: dict[str, Derivation] = {}
    for derivation in derivations:
        if derivation.derived not in best or derivation.share > best[derivation.derived].share:
            best[derivation.derived] = derivation
    return {derived: derivation.source for derived, derivation in best.items()}


def pair_evidence(
    source: AnalyzedArticle, derived: AnalyzedArticle, vectors: SentenceVectors, cfg: DerivationSettings
) -> PairEvidence:
    source_rows, derived_rows = vectors.rows_of(source.article.id), vectors.rows_of(derived.article.id)
    similarity = vectors.vectors[derived_rows] @ vectors.vectors[source_rows].T
    aligned = monotone_alignment(similarity, cfg.align_cosine)
    lengths = np.array([len(vectors.refs[r].text) for r in derived_rows], dtype=float)
    total = float(lengths.sum()) or 1.0
    share, run, shared_offsets = verbatim_overlap(source.article.text, derived.article.text, cfg.shingle)
    verbatim_rows = frozenset(
        i for i, r in enumerate(derived_rows)
        if any(vectors.refs[r].start <= offset < vectors.refs[r].end for offset in shared_offsets)
    )
    return PairEvidence(
        verbatim_share=share,
        longest_unquoted_run=run,
        aligned=aligned,
        aligned_share=round(sum(lengths[i] for i, _, _ in aligned) / total, 3),
        close_share=round(sum(lengths[i] for i, _, s in aligned if s >= cfg.close_cosine) / total, 3),
        close_pairs=sum(s >= cfg.close_cosine for _, _, s in aligned),
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


def verbatim_overlap(source_text: str, derived_text: str, shingle: int) -> tuple[float, int, set[int]]:
    """Share of the derived words inside `shingle`-word runs shared with the source, the longest shared run
    of words outside quotation marks, and the character offsets of the shared derived words."""
    source_words, derived_words = words(source_text), words(derived_text)
    source_shingles = {
        tuple(w for w, _, _ in source_words[i : i + shingle]) for i in range(len(source_words) - shingle + 1)
    }
    covered = [False] * len(derived_words)
    for i in range(len(derived_words) - shingle + 1):
        if tuple(w for w, _, _ in derived_words[i : i + shingle]) in source_shingles:
            covered[i : i + shingle] = [True] * shingle
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
    res = resources_of(derived.doc)
    person_labels = res.labels("syntax.person")
    persons = [(ent.start_char, ent.end_char) for ent in derived.doc.ents if ent.label_ in person_labels]
    credit_lines = [(r.text, []) for r in derived.article.removed if r.rule == "credit-line"]
    for text, people in [(derived.article.text, persons), *credit_lines]:
        for match in res.pattern("derivation.credit").finditer(text):
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
    if article.url:
        names.add(DOMAIN(article.url).domain.lower())
    res = resources_of(item.doc)
    lines = [*article.text.split("\n"), *(r.text for r in article.removed)]
    contributor, interviewer = res.pattern("metadata.contributor"), res.pattern("metadata.interviewer")
    for line in lines:
        found = [m["outlet"] for m in (contributor.match(line), *interviewer.finditer(line)) if m and m["outlet"]]
        names |= {_trim_name(name).lower() for name in found}
    return {n for n in names if n}


def _trim_name(name: str) -> str:
    return name.rstrip(".,;:'’").strip()


def _oriented(
    a: AnalyzedArticle, b: AnalyzedArticle, a_from_b: PairEvidence, b_from_a: PairEvidence, cfg: DerivationSettings
) -> Derivation:
    """Pick the direction: an explicit credit first, then which article is contained in the other (the
    copy is mostly made of the source while the source has more), then publication date, then length."""
    a_derived, why = _a_is_derived(a, b, a_from_b, b_from_a, cfg)
    derived, source, evidence = (a, b, a_from_b) if a_derived else (b, a, b_from_a)
    return _derivation(source, derived, evidence, why, cfg)


def _a_is_derived(
    a: AnalyzedArticle, b: AnalyzedArticle, a_from_b: PairEvidence, b_from_a: PairEvidence, cfg: DerivationSettings
) -> tuple[bool, str]:
    if (a_from_b.credit is None) != (b_from_a.credit is None):
        return a_from_b.credit is not None, "credit"
    if abs(a_from_b.share - b_from_a.share) >= cfg.containment_margin:
        return a_from_b.share > b_from_a.share, "containment"
    a_later = surely_after(a.article.published, b.article.published)
    if a_later or surely_after(b.article.published, a.article.published):
        return a_later, "date"
    return len(a.article.text) <= len(b.article.text), "length"


def _derivation(
    source: AnalyzedArticle, derived: AnalyzedArticle, evidence: PairEvidence, why: str, cfg: DerivationSettings
) -> Derivation:
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
            ("verbatim", evidence.longest_unquoted_run >= cfg.long_run or evidence.verbatim_share >= cfg.syndication_share),
            ("paraphrase", evidence.aligned_share >= cfg.min_aligned_share),
            ("credit", evidence.credit is not None),
        )
        if found
    ]
    lines = [
        f"{evidence.aligned_share:.0%} of the derived text follows the source sentence by sentence, in order",
        (
            f"{evidence.verbatim_share:.0%} of its words are verbatim {cfg.shingle}-word runs of the source "
            f"(longest unquoted run: {evidence.longest_unquoted_run} words)"
        ),
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
