"""Who copied whom: copies, rewrites, write-throughs and syndicated versions of another article of the run.

Independent reports of one event share facts, names and even quotes from the same press conference, so
similar sentences alone do not make a copy. A pair is called derived when the *order* of the source's
sentences is followed (monotone alignment of sentence embeddings) and there is hard evidence on top:
long word runs shared outside quotation marks (nobody writes the same 12 unquoted words by chance), an
explicit credit of the other outlet ("According to X", "X contributed to this report", an agency's dateline
on another site), or near-total verbatim reuse (syndication).

Which of the two came first is a separate question, and length does not answer it: an outlet republishing
wire copy trims it, while the wire's own write-through of a developing story grows. The direction comes
from a credit of the other's outlet, then from publication dates, then from the update itself (the same
sentence with a newer count, or a figure given together with the earlier one it replaces; paragraphs added
before the shared text ends). When nothing tells, the pair is reported as the same text with its order
unknown (`direction="unknown"`), never guessed: two republications of one agency story are siblings, and
neither is the other's source. Independence (`independent_sources`) treats such siblings as one source.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import numpy as np
from spacy.tokens import Token

from newsweave.clean.dateline import agency_at_start
from newsweave.clean.urls import url_site
from newsweave.dates import DateRange, surely_after
from newsweave.lang import Resources, resources_of
from newsweave.link.claim_text import inside, quoted_spans, words
from newsweave.link.sameness import candidate_pairs
from newsweave.models import (
    AlignedPassage,
    AnalyzedArticle,
    Derivation,
    strongest_copies,
)
from newsweave.nlp.annotate import doc_entities
from newsweave.nlp.embed import SentenceVectors
from newsweave.settings import DerivationSettings

UNKNOWN = "unknown"  # not language
"""`Derivation.direction` of a pair whose order nothing tells: `derived` is then the one made more of the other."""
DATELINE_PARAGRAPHS = 2
SHINGLED_ARTICLES = 4096
"""Articles whose words and shingles are kept for copy detection: more than a story's articles compared at once."""
"""A dateline opens the first paragraph, or the second after a kicker or standfirst line."""


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
    """Every derived article of the story with its source. Only candidate pairs are examined (see
    `candidate_articles`), so the work per article stays bounded as the story grows."""
    derivations: list[Derivation] = []
    pairs = candidate_articles(analyzed, vectors, cfg)
    paired = {item.article.id: item for pair in pairs for item in pair}
    outlets = {article_id: outlet_of(item) for article_id, item in paired.items()}
    for a, b in pairs:
        a_outlet, b_outlet = outlets[a.article.id], outlets[b.article.id]
        a_from_b = pair_evidence(b, a, vectors, cfg, b_outlet, a_outlet)
        b_from_a = pair_evidence(a, b, vectors, cfg, a_outlet, b_outlet)
        if not (a_from_b.derived(cfg) or b_from_a.derived(cfg)):
            continue
        a_derived, why, note = _order(a, b, a_from_b, b_from_a, (a_outlet, b_outlet), vectors, cfg)
        derived, source, evidence = (a, b, a_from_b) if a_derived else (b, a, b_from_a)
        derivations.append(_derivation(source, derived, evidence, why, note, cfg))
    strongest = {id(derivation) for derivation in strongest_copies(derivations)}
    return [
        derivation if id(derivation) in strongest
        else derivation.model_copy(update={"passages": derivation.passages[: cfg.passages_listed]})
        for derivation in derivations
    ]


def candidate_articles(
    analyzed: list[AnalyzedArticle], vectors: SentenceVectors, cfg: DerivationSettings
) -> list[tuple[AnalyzedArticle, AnalyzedArticle]]:
    """The pairs of articles that can be copies, in story order: every kind of evidence `PairEvidence.derived`
    accepts needs sentences aligned above `align_cosine` (half the words in verbatim runs means whole sentences
    alike too), so a pair without one such sentence pair cannot be derived. Of those, each article keeps the
    `cfg.partners` others sharing the most such sentences: a wire story republished by hundreds of sites is
    still linked to its closest copies, without comparing every two of them."""
    article_of = {item.article.id: k for k, item in enumerate(analyzed)}
    owner = [article_of[ref.article] for ref in vectors.refs]
    rows, cols, _ = candidate_pairs(vectors.vectors, cfg.align_cosine, cfg.partners * cfg.sentence_neighbours, owner)
    shared = Counter(tuple(sorted((owner[i], owner[j]))) for i, j in zip(rows.tolist(), cols.tolist(), strict=True))
    best: dict[int, list[int]] = {}
    for (x, y), count in sorted(shared.items(), key=lambda item: (-item[1], item[0])):
        best.setdefault(x, []).append(y)
        best.setdefault(y, []).append(x)
    kept = {
        (min(x, y), max(x, y)) for x, partners in best.items() for y in partners[: cfg.partners]
    }
    return [(analyzed[x], analyzed[y]) for x, y in sorted(kept)]


def origins(derivations: list[Derivation]) -> dict[str, str]:
    """Each derived article's `derived_from`: the source it reuses most of, when several are found. A pair
    of unknown order names no source."""
    best: dict[str, Derivation] = {}
    for derivation in derivations:
        if derivation.direction == UNKNOWN:
            continue
        if derivation.derived not in best or derivation.share > best[derivation.derived].share:
            best[derivation.derived] = derivation
    return {derived: derivation.source for derived, derivation in best.items()}


def independent_sources(sources: list[str], derivations: list[Derivation]) -> list[str]:
    """The sources that count as independent, in their order (see `Lineage.independent`)."""
    return Lineage.of(derivations).independent(sources)


@dataclass(frozen=True)
class Lineage:
    """Who copies whom in a story, read once from its derivations: claims, the brief and coverage count the
    independent sources of every claim and sentence against the same derivations."""

    parents: dict[str, set[str]]
    ancestry: dict[str, frozenset[str]]
    """Each article's ancestry (itself included), filled as asked."""

    @classmethod
    def of(cls, derivations: list[Derivation]) -> Lineage:
        parents: dict[str, set[str]] = {}
        for d in derivations:
            if d.direction == UNKNOWN:
                common = f"{d.source}~{d.derived}"  # the text both reproduce, not itself in the run
                parents.setdefault(d.source, set()).add(common)
                parents.setdefault(d.derived, set()).add(common)
            else:
                parents.setdefault(d.derived, set()).add(d.source)
        return cls(parents, {})

    def of_source(self, source: str) -> frozenset[str]:
        if source not in self.ancestry:
            self.ancestry[source] = frozenset(_ancestry(source, self.parents))
        return self.ancestry[source]

    def independent(self, sources: list[str]) -> list[str]:
        """An article derived, directly or through a chain, from another listed source adds nothing, nor does
        a sibling copy of the same text (same order unknown, or copies of one source); an article mixing two
        independent sources does not join them. The most original of each dependent group is kept."""
        unique = list(dict.fromkeys(sources))
        lineage = {source: self.of_source(source) for source in unique}
        return _most_original(unique, lineage)


def _most_original(unique: list[str], lineage: dict[str, frozenset[str]]) -> list[str]:
    kept: list[str] = []
    covered: set[str] = set()
    position = {source: k for k, source in enumerate(unique)}
    for source in sorted(unique, key=lambda s: (len(lineage[s]), position[s])):
        if not lineage[source] & covered:
            kept.append(source)
            covered |= lineage[source]
    return sorted(kept, key=position.__getitem__)


def _ancestry(node: str, parents: dict[str, set[str]]) -> Iterator[str]:
    seen, stack = {node}, [node]
    while stack:
        current = stack.pop()
        yield current
        for parent in parents.get(current, ()):
            if parent not in seen:
                seen.add(parent)
                stack.append(parent)


def pair_evidence(
    source: AnalyzedArticle,
    derived: AnalyzedArticle,
    vectors: SentenceVectors,
    cfg: DerivationSettings,
    source_outlet: Outlet,
    derived_outlet: Outlet,
) -> PairEvidence:
    source_rows, derived_rows = vectors.rows_of(source.article.id), vectors.rows_of(derived.article.id)
    similarity = vectors.vectors[derived_rows] @ vectors.vectors[source_rows].T
    aligned = monotone_alignment(similarity, cfg.align_cosine)
    lengths = np.array([len(vectors.refs[r].text) for r in derived_rows], dtype=float)
    total = float(lengths.sum()) or 1.0
    share, run, shared_offsets = verbatim_overlap(source.article.text, derived.article.text, cfg.shingle)
    offsets = sorted(shared_offsets)
    verbatim_rows = frozenset(
        i for i, r in enumerate(derived_rows)
        if (k := bisect_left(offsets, vectors.refs[r].start)) < len(offsets) and offsets[k] < vectors.refs[r].end
    )
    return PairEvidence(
        verbatim_share=share,
        longest_unquoted_run=run,
        aligned=aligned,
        aligned_share=round(sum(lengths[i] for i, _, _ in aligned) / total, 3),
        close_share=round(sum(lengths[i] for i, _, s in aligned if s >= cfg.close_cosine) / total, 3),
        close_pairs=sum(s >= cfg.close_cosine for _, _, s in aligned),
        credit=find_credit(derived_outlet, source_outlet),
        verbatim_rows=verbatim_rows,
    )


def monotone_alignment(similarity: np.ndarray, threshold: float) -> list[tuple[int, int, float]]:
    """Sentence pairs (row, column, similarity) in the same order in both articles, maximizing the summed
    similarity above `threshold`: a rewrite follows its source's order; independent reports rarely do."""
    rows, cols = similarity.shape
    gain = similarity - threshold
    gaining = (gain > 0).any(axis=1).tolist()
    if not any(gaining):
        return []  # no pair above the threshold: nothing to align
    score = np.zeros((rows + 1, cols + 1))
    for i in range(1, rows + 1):
        # score[i, j] = max(score[i-1, j], score[i, j-1], diagonal): the left neighbour is a running maximum,
        # so a row that gains nothing repeats the row above (a running maximum already)
        if not gaining[i - 1]:
            score[i, 1:] = score[i - 1, 1:]
            continue
        diagonal = np.where(gain[i - 1] > 0, score[i - 1, :-1] + gain[i - 1], -np.inf)
        score[i, 1:] = np.maximum.accumulate(np.maximum(score[i - 1, 1:], diagonal))
    table, gains = score.tolist(), gain.tolist()
    pairs: list[tuple[int, int, float]] = []
    i, j = rows, cols
    while i > 0 and j > 0:
        g = gains[i - 1][j - 1]
        if g > 0 and _close(table[i][j], table[i - 1][j - 1] + g):
            pairs.append((i - 1, j - 1, round(float(similarity[i - 1, j - 1]), 4)))
            i, j = i - 1, j - 1
        elif table[i][j] == table[i - 1][j]:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def _close(a: float, b: float) -> bool:
    """`numpy.isclose` with its default tolerances, on two floats (called once per step of every alignment)."""
    return abs(a - b) <= 1e-08 + 1e-05 * abs(b)


def verbatim_overlap(source_text: str, derived_text: str, shingle: int) -> tuple[float, int, set[int]]:
    """Share of the derived words inside `shingle`-word runs shared with the source, the longest shared run
    of words outside quotation marks, and the character offsets of the shared derived words. Array operations
    over the derived words: a story's candidate pairs are compared both ways, word by word."""
    source_runs, derived = _shingled(source_text, shingle).runs, _shingled(derived_text, shingle)
    hits = np.array([i for i, run in enumerate(derived.in_order) if run in source_runs], dtype=np.int64)
    covered = np.zeros(len(derived.starts), dtype=bool)
    for offset in range(shingle):
        covered[hits + offset] = True
    share = int(covered.sum()) / len(covered) if len(covered) else 0.0
    return round(share, 3), _longest_run(covered & derived.unquoted), set(derived.starts[covered].tolist())


def _longest_run(flags: np.ndarray) -> int:
    """The most consecutive true flags."""
    edges = np.diff(np.concatenate(([0], flags.astype(np.int8), [0])))
    return int((np.flatnonzero(edges == -1) - np.flatnonzero(edges == 1)).max(initial=0))


class Shingled(NamedTuple):
    """An article's words (where each starts, whether each is outside quotation marks) and its runs of
    `shingle` words in order (and as a set), a run as its words joined by spaces (no word holds one): a string
    keeps its hash, which a tuple computes again at every look-up."""

    starts: np.ndarray
    unquoted: np.ndarray
    in_order: tuple[str, ...]
    runs: frozenset[str]


@lru_cache(maxsize=SHINGLED_ARTICLES)
def _shingled(text: str, shingle: int) -> Shingled:
    """Made once per article, which is compared with up to `partners` others both ways; callers do not
    change it."""
    found = words(text)
    runs = tuple(" ".join(w for w, _, _ in found[i : i + shingle]) for i in range(len(found) - shingle + 1))
    quotes = quoted_spans(text)
    return Shingled(
        starts=np.array([start for _, start, _ in found], dtype=np.int64),
        unquoted=np.array([not inside(start, quotes) for _, start, _ in found], dtype=bool),
        in_order=runs,
        runs=frozenset(runs),
    )


@dataclass(frozen=True)
class Outlet:
    """What an article says of outlets: the names it is known by, the credits it gives, its dateline's agency.
    Read once per article (`outlet_of`), not once per pair: an article is compared with up to `partners`
    others both ways, and its credits are found by patterns over its whole text."""

    names: frozenset[str]
    credits: tuple[tuple[str, str], ...]
    """(phrase, credited name) of every credit the article gives."""
    agency: str | None


def outlet_of(item: AnalyzedArticle) -> Outlet:
    credits = tuple(_credits(item, resources_of(item.doc)))
    return Outlet(names=frozenset(outlet_names(item, credits)), credits=credits, agency=dateline_agency(item))


def find_credit(derived: Outlet, source: Outlet) -> str | None:
    """The derived article's words crediting the source's outlet: in its text, in the credit line the
    cleaner took out of it ("Additional reporting by X"), or the agency of its dateline ("TOWN (X) -")."""
    for phrase, credited in derived.credits:
        if _names_one_of(credited, source.names) and not _names_one_of(credited, derived.names):
            return phrase
    return None


def _credits(item: AnalyzedArticle, res: Resources) -> Iterator[tuple[str, str]]:
    """(phrase, credited name) of every credit an article gives."""
    person_labels = res.labels("syntax.person")
    persons = [(ent.start_char, ent.end_char) for ent in doc_entities(item.doc) if ent.label_ in person_labels]
    credit_lines = [(r.text, []) for r in item.article.removed if r.rule == "credit-line"]
    for text, people in [(item.article.text, persons), *credit_lines]:
        for match in res.pattern("derivation.credit").finditer(text):
            group = next(g for g in ("name", "subject", "contributor") if match.group(g))  # not language
            credited = _trim_name(match.group(group))
            if credited and not inside(match.start(group), people):
                yield match.group(0), credited
    if agency := dateline_agency(item):
        yield f"({agency})", agency


def dateline_agency(item: AnalyzedArticle) -> str | None:
    res = resources_of(item.doc)
    opening = item.article.text.split("\n")[:DATELINE_PARAGRAPHS]
    return next((agency for paragraph in opening if (agency := agency_at_start(paragraph, res))), None)


def outlet_names(item: AnalyzedArticle, credits: tuple[tuple[str, str], ...]) -> set[str]:
    """Lower-cased names an article is known by: metadata, its URL host, and how its text names itself
    (also in the page furniture removed by cleaning, where credit lines usually end up). An outlet or byline
    that is a name the article credits (the agency of its dateline, "X contributed to this report") is not
    its own name unless its URL host is that name: a republished wire story names the wire, an agency's own
    page names itself."""
    article = item.article
    host = (url_site(article.url) or "") if article.url else ""
    res = resources_of(item.doc)
    credited = {credit for _, credit in credits}
    names = {host} | {
        n.lower() for n in (article.outlet, article.byline)
        if n and (not _names_one_of(n, credited) or _compact(n) == host)
    }
    lines = [*article.text.split("\n"), *(r.text for r in article.removed)]
    contributor, interviewer = res.pattern("metadata.contributor"), res.pattern("metadata.interviewer")
    for line in lines:
        found = [m["outlet"] for m in (contributor.match(line), *interviewer.finditer(line)) if m and m["outlet"]]
        names |= {_trim_name(name).lower() for name in found}
    return {n for n in names if n}



def _names_one_of(credited: str, names: AbstractSet[str]) -> bool:
    """A credited name is one of an article's names, a word of one ("Gazette" of "harbor gazette"), or one
    written without spaces (a URL host: "Harbor Wire" is harborwire.example)."""
    key = credited.lower()
    return any(key == name or key in name.split() or _compact(key) == _compact(name) for name in names)


def _compact(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def _trim_name(name: str) -> str:
    return name.rstrip(".,;:'’").strip()


def _order(
    a: AnalyzedArticle,
    b: AnalyzedArticle,
    a_from_b: PairEvidence,
    b_from_a: PairEvidence,
    outlets: tuple[Outlet, Outlet],
    vectors: SentenceVectors,
    cfg: DerivationSettings,
) -> tuple[bool, str, str]:
    """Whether `a` is the derived one, why, and a line saying so: a credit of the other's outlet first, then
    publication dates, then the update one version makes of the other; else the order is unknown, and the
    one made more of the other is put as `derived`, so that the evidence shown is the stronger reuse."""
    if (a_from_b.credit is None) != (b_from_a.credit is None):
        return a_from_b.credit is not None, "credit", "credited"
    a_date, b_date = _stated(a.article.published), _stated(b.article.published)
    a_later = surely_after(a_date, b_date)
    if a_later or surely_after(b_date, a_date):
        return a_later, "date", "published later"
    update = _update_vote(a, b, a_from_b.aligned, vectors, cfg)
    if update:
        return update < 0, "update", "an update (newer figure or added paragraphs)"
    agency = outlets[0].agency
    shared = f"; both carry {agency}'s text" if agency and agency == outlets[1].agency else ""
    note = f"order unknown{shared}"
    return a_from_b.share > b_from_a.share, UNKNOWN, note


def _stated(published: DateRange | None) -> DateRange | None:
    """A publication date stated or given, not one inferred from the story's other articles (which would
    order a copy by the very articles it is compared with)."""
    return published if published is not None and not published.inferred else None


def _update_vote(
    a: AnalyzedArticle,
    b: AnalyzedArticle,
    aligned: list[tuple[int, int, float]],
    vectors: SentenceVectors,
    cfg: DerivationSettings,
) -> int:
    """+1 when `b` reads as the later version of `a`, -1 for the reverse, 0 when nothing (or contradicting
    signs) tell. Two signs of a write-through: a figure of an aligned sentence replaced by a higher one
    (tolls, counts and times of a developing story grow) or given together with the figure it replaces and
    a word of change ("rose to 31, up from 12", "revised down to 29 from an earlier 41"); and sentences only
    one version has, placed before its shared text ends (a new lead, inserted paragraphs) while the other
    version adds nothing. Added sentences after the shared text are no sign: a trimmed copy looks the same.
    `aligned`: the monotone alignment of `a`'s sentences with `b`'s, as `pair_evidence` found it."""
    a_rows, b_rows = vectors.rows_of(a.article.id), vectors.rows_of(b.article.id)
    similarity = vectors.vectors[a_rows] @ vectors.vectors[b_rows].T
    res = resources_of(a.doc)
    votes = {
        _figure_vote(a, i, b, j, res, close=cosine >= cfg.close_cosine)
        for i, j, cosine in aligned
    } | {_added_vote(similarity, a, b, cfg)}
    votes.discard(0)
    return votes.pop() if len(votes) == 1 else 0


def _figure_vote(a: AnalyzedArticle, i: int, b: AnalyzedArticle, j: int, res: Resources, close: bool) -> int:
    """+1 when sentence `j` of `b` updates sentence `i` of `a`, -1 for the reverse, else 0. In a close
    rewrite (the same sentence, a few words changed), a figure replaced by another counting the same thing
    (the same word governs both: "killed 20 miners" / "killed 70 miners") is the higher one later; looser
    rewrites compare different quantities too often ("$90 million" record / "$160 million" offer). A
    sentence adding a figure while keeping one of the other's is later when a word of change stands by its
    figures ("rose to 31 ... up from 12", "revised to 29 from 41")."""
    fa, fb = _figures(a, i, res), _figures(b, j, res)
    new_a, new_b = fa.keys() - fb.keys(), fb.keys() - fa.keys()
    replaced = [
        (x, y) for x in new_a for y in new_b if {t.head.lemma_ for t in fa[x]} & {t.head.lemma_ for t in fb[y]}
    ] if close else []
    if replaced and len({x < y for x, y in replaced}) == 1:
        return 1 if replaced[0][0] < replaced[0][1] else -1
    cues = res.words("derivation.update_cues")
    kept = fa.keys() & fb.keys()
    b_later = bool(new_b and kept) and _near_cue(fb, cues)
    a_later = bool(new_a and kept) and _near_cue(fa, cues)
    return int(b_later) - int(a_later)


def _near_cue(figures: dict[float, list[Token]], cues: frozenset[str]) -> bool:
    """Whether a word of change governs a figure (up to three steps) or modifies it ("an earlier 41")."""
    for token in (t for tokens in figures.values() for t in tokens):
        around = [*token.children, *list(token.ancestors)[:3]]
        if any(word.lemma_.lower() in cues for word in around):
            return True
    return False


def _added_vote(similarity: np.ndarray, a: AnalyzedArticle, b: AnalyzedArticle, cfg: DerivationSettings) -> int:
    """+1 when `b` has sentences matching nothing in `a` before its last shared sentence and `a` adds
    nothing, -1 for the reverse. Short lines (a dateline or byline split off as a sentence) are no news."""
    if not similarity.size:
        return 0
    added_a, inserted_a = _added(similarity.max(axis=1) >= cfg.align_cosine, a, cfg)
    added_b, inserted_b = _added(similarity.max(axis=0) >= cfg.align_cosine, b, cfg)
    return 1 if inserted_b and not added_a else -1 if inserted_a and not added_b else 0


def _added(matched: np.ndarray, item: AnalyzedArticle, cfg: DerivationSettings) -> tuple[bool, bool]:
    """Whether the article has sentences of its own, and whether one comes before its last shared one."""
    long = np.array([len(ref.text.split()) >= cfg.min_added_words for ref in item.sentences], dtype=bool)
    own = ~matched & long
    shared = np.flatnonzero(matched)
    return bool(own.any()), bool(len(shared)) and bool(own[: shared[-1]].any())


def _sentence_tokens(item: AnalyzedArticle, index: int) -> Iterable[Token]:
    ref = item.sentences[index]
    return item.doc.char_span(ref.start, ref.end, alignment_mode="expand") or ()


def _figures(item: AnalyzedArticle, index: int, res: Resources) -> dict[float, list[Token]]:
    """The figures of a sentence, digits or number words, with the tokens that write them."""
    values = res.table("numbers.values")
    found: dict[float, list[Token]] = {}
    for token in _sentence_tokens(item, index):
        if not token.like_num:
            continue
        digits = token.text.replace(",", "")
        if digits.replace(".", "", 1).isdigit():
            found.setdefault(float(digits), []).append(token)
        elif token.lower_ in values:
            found.setdefault(float(values[token.lower_]), []).append(token)
    return found


def _derivation(
    source: AnalyzedArticle,
    derived: AnalyzedArticle,
    evidence: PairEvidence,
    why: str,
    note: str,
    cfg: DerivationSettings,
) -> Derivation:
    """The evidence lines are terse: a story of n copies has up to n² pairs, each with its lines (the shares and
    the settings say the rest: verbatim runs are of `shingle` words, outside quotation marks)."""
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
        f"{evidence.aligned_share:.0%} follows in order",
        f"{evidence.verbatim_share:.0%} verbatim, longest run {evidence.longest_unquoted_run} words",
    ]
    if evidence.credit:
        lines.append(f"credits the source: “{evidence.credit}”")
    lines.append(note)
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
        aligned=len(passages),
    )
