"""What crash safety costs `ingest`: committing every batch of articles (and of linked stories) in its own
transaction against one transaction for the whole run, and what is left for the rerun after a kill.

Both sides ingest the same made-up corpus (`tests/crashcorpus.py`, 200 articles of 20 events) into a new SQLite
store in this process (models loaded once), interleaved round by round so machine load hits both alike:
`--batch` articles per batch (the crash-test size) against one batch of all of them; and the rerun after a
kill halfway through grouping, as a share of one whole run (it should be about half: stored batches are not
redone). Numbers are ratios on one machine, never absolute targets.

    python bench/crash.py [--rounds 3] [--batch 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsweave.app.incremental import ingest_articles  # noqa: E402
from newsweave.app.pipeline import prepare_articles  # noqa: E402
from newsweave.ingest.files import read_paths  # noqa: E402
from newsweave.models import Article  # noqa: E402
from newsweave.nlp.models import Models, load_models  # noqa: E402
from newsweave.settings import Settings, StoreSettings  # noqa: E402
from newsweave.store import open_store  # noqa: E402
from newsweave.story.clustering import arrival_key  # noqa: E402
from newsweave.story.features import article_day  # noqa: E402
from tests.crashcorpus import write_corpus  # noqa: E402


def timed_ingest(articles: list[Article], models: Models, db: Path, batch: int) -> float:
    settings = Settings(store=StoreSettings(batch_articles=batch))
    start = time.perf_counter()
    with open_store(db) as store:
        ingest_articles(articles, models, store, settings=settings)
    return time.perf_counter() - start


def killed_then_rerun(articles: list[Article], models: Models, db: Path, batch: int) -> float:
    """Seconds of the rerun after a run killed when half its grouping batches were stored. What such a kill
    leaves is what grouping those batches alone leaves (whole batches, in arrival order, nothing linked), so
    the store is made that way and the rerun over all the articles is timed."""
    settings = Settings(store=StoreSettings(batch_articles=batch))
    ordered = sorted(articles, key=lambda article: arrival_key(article_day(article.published), article.id))
    half = (len(ordered) // batch // 2) * batch
    with open_store(db) as store:
        ingest_articles(ordered[:half], models, store, settings=settings, link=False)
    start = time.perf_counter()
    with open_store(db) as store:
        ingest_articles(articles, models, store, settings=settings)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch", type=int, default=20)
    args = parser.parse_args()
    models = load_models()
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_corpus(Path(tmp) / "corpus")
        raws, _ = read_paths([str(folder)])
        articles, _ = prepare_articles(raws)
        batched, whole, rerun = [], [], []
        for r in range(args.rounds):
            batched.append(timed_ingest(articles, models, Path(tmp) / f"b{r}.db", args.batch))
            whole.append(timed_ingest(articles, models, Path(tmp) / f"w{r}.db", len(articles)))
            rerun.append(killed_then_rerun(articles, models, Path(tmp) / f"k{r}.db", args.batch))
    b, w, k = statistics.median(batched), statistics.median(whole), statistics.median(rerun)
    print(f"articles {len(articles)}, rounds {args.rounds}, batch {args.batch}")
    print(f"ingest in batches of {args.batch} / one transaction: {b / w:.2f} (median of {args.rounds}, interleaved)")
    print(f"rerun after a kill halfway through grouping / one whole run: {k / w:.2f}")


if __name__ == "__main__":
    main()
