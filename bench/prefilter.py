"""How many texts a cheap first look could spare the int8 encoder (issue 14: "compare only what can match").

Linking encodes every sentence and clause of a story with the int8 MiniLM, and judges only pairs of texts of
different articles whose cosine reaches a floor (`SamenessSettings` via `sameness.reachable` for "the same
statement", `ClaimSettings.candidate` for clauses compared for conflicts, `DerivationSettings.align_cosine` for
copies). A text with no partner above the lowest floor applied to it leaves the dossier as it would be without
its vector, so a cascade could encode only the texts a cheaper model says may have one. This prints, for the
sentences and clauses of the stories of two or more articles, at each floor:
  * the share of texts with a partner at or above it by their int8 vectors: encoding only those is the most
    any first look could spare (it cannot know the others have none without the int8 vectors);
  * for the static encoder (`nlp/static.py`, ~100x cheaper) as the first look, at margins below the floor:
    the share of texts it passes (all of these are then encoded with int8) and the partnered texts it misses
    (each a pair linking would no longer judge, so a dossier that changes).

Texts are those of the dossier `newsweave analyze` makes of the input: every sentence (`statements`) and every
clause (the claims' evidence: each clause is in one claim, single-source ones included), as written.

Usage: .venv/bin/python bench/prefilter.py [--set spread|one] [--size 200]
Inputs are bench/throughput.py's, made from the ECB+ dev set by `bench/realtext.py`: `spread` the real dev
articles in stream order (many stories of a few articles), `one` the largest dev story recombined.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from bench import realtext  # noqa: E402
from newsweave.app.pipeline import analyze_articles, prepare_articles  # noqa: E402
from newsweave.ingest.files import read_paths  # noqa: E402
from newsweave.link.sameness import reachable  # noqa: E402
from newsweave.models import Dossier  # noqa: E402
from newsweave.nlp.embed import Embedder, embed_texts  # noqa: E402
from newsweave.nlp.models import load_embedder, load_models  # noqa: E402
from newsweave.settings import Settings  # noqa: E402

MARGINS = (0.0, 0.05, 0.1, 0.15, 0.2)

Texts = dict[str, list[tuple[str, str]]]
"""Story id -> (article id, text) of each of its texts."""


def story_texts(dossier: Dossier) -> tuple[Texts, Texts]:
    """The sentences and the clauses of each story of two or more articles."""
    story_of = {article: story.id for story in dossier.stories if len(story.articles) > 1 for article in story.articles}
    sentences: Texts = {}
    for statement in dossier.statements:
        if statement.article in story_of:
            sentences.setdefault(story_of[statement.article], []).append((statement.article, statement.text))
    clauses: Texts = {}
    for claim in dossier.claims:
        for evidence in claim.support:
            if evidence.article in story_of:
                clauses.setdefault(story_of[evidence.article], []).append((evidence.article, evidence.text))
    return sentences, {story: list(dict.fromkeys(texts)) for story, texts in clauses.items()}


def best_partner(vectors: np.ndarray, articles: list[str]) -> np.ndarray:
    """Each text's highest cosine with a text of another article of its story (-1 when there is none)."""
    owner = np.unique(articles, return_inverse=True)[1]
    cosine = vectors @ vectors.T
    cosine[owner[:, None] == owner[None, :]] = -1.0
    return cosine.max(axis=1)


def report(kind: str, texts: Texts, floors: list[tuple[str, float]], int8: Embedder, static: Embedder) -> None:
    exact, cheap = [], []
    for members in texts.values():
        articles, words = [article for article, _ in members], [text for _, text in members]
        exact.append(best_partner(embed_texts(int8, words), articles))
        cheap.append(best_partner(embed_texts(static, words), articles))
    best, first_look = np.concatenate(exact), np.concatenate(cheap)
    print(f"{kind}: {len(best)} in {len(texts)} stories of 2+ articles")
    for name, floor in floors:
        partnered = best >= floor
        print(f"  floor {floor:.3f} ({name}): {partnered.sum()} ({partnered.mean():.0%}) have a partner by int8; "
              f"a first look could spare at most {1 - partnered.mean():.0%}")
        for margin in MARGINS:
            passed = first_look >= floor - margin
            print(f"    static at floor - {margin:.2f}: passes {passed.sum()} ({passed.mean():.0%}), "
                  f"misses {(partnered & ~passed).sum()} partnered")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("spread", "one"), default="spread")
    parser.add_argument("--size", type=int, default=200)
    args = parser.parse_args()
    settings = Settings()
    records = realtext.spread(args.size) if args.set == "spread" else realtext.one_story(args.size)
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "input.jsonl"
        realtext.write_jsonl(records, path)
        raws, _ = read_paths([str(path)])
    articles, _ = prepare_articles(raws, settings=settings)
    dossier = analyze_articles(articles, load_models(cfg=settings.parse), settings=settings)
    sentences, clauses = story_texts(dossier)
    print(f"input: {args.set} {args.size} ({len(articles)} articles, {len(dossier.stories)} stories)")
    same = reachable(settings.sameness)
    int8, static = load_embedder(settings.parse, "minilm-int8"), load_embedder(settings.parse, "static")
    sentence_floors = [("sameness", same), ("derivation.align_cosine", settings.derivation.align_cosine)]
    report("sentences", sentences, sentence_floors, int8, static)
    clause_floors = [("claims.candidate", min(settings.claims.candidate, same)), ("sameness", same)]
    report("clauses", clauses, clause_floors, int8, static)


if __name__ == "__main__":
    main()
