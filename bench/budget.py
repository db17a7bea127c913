"""Per-article cost on one hostile article: text with no sentence punctuation and no line break, at growing sizes.

Usage: PYTHONPATH=. nice -n 10 .venv/bin/python bench/budget.py [--sizes 50,100,200] [--pairs 2]

Why this input: a 1 MB text without punctuation once ran 24 minutes and took 5.6 GB, its time growing with the
square of its size: spaCy made it one "sentence" and later rules read a token's whole sentence (and the whole
Doc text) once per token or entity. The parse budgets (`[parse]` settings) cut such runs into bounded sentences
and skip texts over the character limit before cleaning and the token limit before parsing. The text is made-up words at random, with a
few names, numbers and dates so that every stage has work.

Each size (KB of text) runs A B A B ... (`pairs` times): A is `analyze_articles` on that one article (parse,
embeddings, every linking stage), B a bare `nlp.pipe` of the same text, in the same process, so the load of the
shared machine hits both alike. Printed per size: wall and CPU ratio A/B (min/median/max), A's peak extra memory,
and the growth of the CPU ratio over the previous size (linear cost: about 1.0 per doubling; the old quadratic
cost doubled it). Last, texts over the character budget: how long the skip took and its reason.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.linking import ab_pairs, bare_parse, spread
from newsweave.app.pipeline import analyze_articles, prepare_articles
from newsweave.models import Article, RawDocument
from newsweave.nlp.models import Models, load_models
from newsweave.settings import CleaningSettings
from tests.hostile.runs import unpunctuated_text

def article_of(chars: int) -> list[Article]:
    raw = RawDocument(source=f"unpunctuated-{chars}.txt", text="Harbour board meets\n" + unpunctuated_text(chars))
    return prepare_articles([raw])[0]


def analysis(articles: list[Article], models: Models) -> None:
    analyze_articles(articles, models)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,100,200", help="KB of text per run")
    parser.add_argument("--pairs", type=int, default=2, help="A/B pairs per size")
    args = parser.parse_args()
    sizes = [int(s) * 1000 for s in args.sizes.split(",")]
    models = load_models()
    bare_parse(article_of(5000), models)  # warm up
    print("one article of made-up words, no punctuation, no line break; A = analyze_articles, B = nlp.pipe")
    print("  KB  pairs  wall A/B min/med/max     CPU A/B min/med/max     growth  A peak extra MB")
    previous = None
    for size in sizes:
        articles = article_of(size)
        walls, cpus, peaks = ab_pairs(analysis, bare_parse, articles, models, args.pairs)
        ratio = statistics.median(cpus)
        growth = f"{ratio / previous:6.2f}" if previous else "     -"
        previous = ratio
        print(f"{size // 1000:4d}  {args.pairs:5d}  {spread(walls)}   {spread(cpus)}   {growth}  {max(peaks):15.0f}", flush=True)
    limit = CleaningSettings().max_article_chars
    for size in (limit * 4, limit * 20):
        raw = RawDocument(source="huge.txt", text=unpunctuated_text(size))
        start = time.perf_counter()
        articles, skipped = prepare_articles([raw])
        dossier = analyze_articles(articles, models) if articles else None
        seconds = time.perf_counter() - start
        reasons = "; ".join(s.reason for s in skipped + (dossier.skipped if dossier else [])) or "NOT SKIPPED"
        print(f"{size // 1000:5d} KB: skipped in {seconds:.2f} s ({reasons})", flush=True)

if __name__ == "__main__":
    main()
