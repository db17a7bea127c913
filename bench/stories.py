"""Story clustering against gold: B-cubed precision/recall/F1 and the adjusted Rand index, plus the
calibration grid the thresholds in `newsweave/story/clustering.py` were chosen from.

Usage: .venv/bin/python bench/stories.py [--grid]

Gold format (JSON Lines, one article per line):
    {"id": "e000", "story": "quake-elazig", "published": "2026-01-14" | null, "title": "..." | null,
     "text": "article text"}            # or "html" instead of "text"
`story` is the gold label; articles with the same label report the same real-world event. The key may
also be spelled `story_id`, `event` or `cluster`. Files read:
  * every *.jsonl under ../shared/eval/ whose records carry a story label and a text (when present);
  * eval/stories/corpus.jsonl, the project's own labelled corpus (always; see eval/stories/README.md).
The bundled example (examples/kim-beijing-parade, one event) is scored too: its gold is one story.
Articles that cleaning skips are left out and counted.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sklearn.metrics import adjusted_rand_score  # noqa: E402

from newsweave.clean.article import prepare_article  # noqa: E402
from newsweave.ingest.files import json_record_to_document, read_paths  # noqa: E402
from newsweave.lang import for_language  # noqa: E402
from newsweave.models import (  # noqa: E402
    Article,
    ArticleFeatures,  # noqa: E402
    RawDocument,
)
from newsweave.nlp.annotate import annotate_articles  # noqa: E402
from newsweave.nlp.models import Models, load_models  # noqa: E402
from newsweave.settings import CleaningSettings  # noqa: E402
from newsweave.story.clustering import DEFAULT_PARAMS, ClusterParams, cluster_features  # noqa: E402
from newsweave.story.features import compute_features  # noqa: E402

SHARED_EVAL = ROOT.parent / "shared" / "eval"
OWN_CORPUS = ROOT / "eval" / "stories" / "corpus.jsonl"
EXAMPLE = ROOT / "examples" / "kim-beijing-parade"
LABEL_KEYS = ("story", "story_id", "event", "cluster")


def read_gold(path: Path) -> list[tuple[RawDocument, str]]:
    """(document, gold story) pairs of a JSONL file; records without a label or text are ignored."""
    pairs = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        label = next((record[k] for k in LABEL_KEYS if isinstance(record, dict) and record.get(k)), None)
        if label is None:
            continue
        document = json_record_to_document(record, source=f"{path}:{number}", path=str(path))
        if isinstance(document, RawDocument):
            pairs.append((document, str(label)))
    return pairs


def gold_sets() -> dict[str, list[tuple[RawDocument, str]]]:
    sets: dict[str, list[tuple[RawDocument, str]]] = {}
    if SHARED_EVAL.is_dir():
        for path in sorted(SHARED_EVAL.rglob("*.jsonl")):
            pairs = read_gold(path)
            if pairs:
                sets[str(path.relative_to(SHARED_EVAL.parent))] = pairs
    sets["eval/stories/corpus.jsonl"] = read_gold(OWN_CORPUS)
    example, _ = read_paths([str(EXAMPLE)])
    sets["examples/kim-beijing-parade (one story)"] = [(doc, "example") for doc in example]
    return sets


def featurize(
    pairs: list[tuple[RawDocument, str]], models: Models
) -> tuple[list[ArticleFeatures], dict[str, str], int]:
    articles: list[Article] = []
    gold: dict[str, str] = {}
    skipped = 0
    for document, label in pairs:
        result = prepare_article(document, for_language("en"), CleaningSettings())
        if not isinstance(result, Article) or result.id in gold:
            skipped += 1
            continue
        articles.append(result)
        gold[result.id] = label
    analyzed = list(annotate_articles(articles, models.nlp))
    return compute_features(analyzed, models.embedder), gold, skipped


def b_cubed(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """Per-article precision and recall of its cluster against its gold story, averaged."""
    by_pred: dict[str, set[str]] = {}
    by_gold: dict[str, set[str]] = {}
    for item, label in predicted.items():
        by_pred.setdefault(label, set()).add(item)
    for item, label in gold.items():
        by_gold.setdefault(label, set()).add(item)
    precision = recall = 0.0
    for item in gold:
        same = by_pred[predicted[item]] & by_gold[gold[item]]
        precision += len(same) / len(by_pred[predicted[item]])
        recall += len(same) / len(by_gold[gold[item]])
    precision, recall = precision / len(gold), recall / len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall)


def score(features: list[ArticleFeatures], gold: dict[str, str], params: ClusterParams) -> tuple[float, ...]:
    predicted = {article: story.id for story in cluster_features(features, params) for article in story.articles}
    precision, recall, f1 = b_cubed(predicted, gold)
    ids = sorted(gold)
    ari = adjusted_rand_score([gold[i] for i in ids], [predicted[i] for i in ids])
    return precision, recall, f1, ari, len(set(predicted.values()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grid", action="store_true", help="print the calibration grid on the own corpus")
    args = parser.parse_args()
    models = load_models()
    if not SHARED_EVAL.is_dir():
        print(f"{SHARED_EVAL} absent: scoring the project's own gold only")
    featurized = {name: featurize(pairs, models) for name, pairs in gold_sets().items()}
    print(f"{'gold set':48} {'n':>4} {'gold':>4} {'pred':>4} {'B3-P':>6} {'B3-R':>6} {'B3-F1':>6} {'ARI':>6}")
    for name, (features, gold, skipped) in featurized.items():
        for label, params in [("newsweave", DEFAULT_PARAMS),
                              ("  cosine only (no entity share, no day gap)", replace(DEFAULT_PARAMS, entity_weight=0.0,
                                                                         min_entity_share=0.0, max_gap_days=10**6))]:
            if label.startswith("  cosine"):
                params = replace(params, threshold=topic_only_threshold(features, gold))
            precision, recall, f1, ari, clusters = score(features, gold, params)
            print(f"{name if label == 'newsweave' else label:48} {len(gold):4d} {len(Counter(gold.values())):4d} "
                  f"{clusters:4d} {precision:6.3f} {recall:6.3f} {f1:6.3f} {ari:6.3f}"
                  + (f"  ({skipped} skipped by cleaning)" if skipped and label == "newsweave" else ""))
    if args.grid:
        features, gold, _ = featurized["eval/stories/corpus.jsonl"]
        print("\ncalibration grid on eval/stories/corpus.jsonl (B3-F1 / ARI)")
        for weight, share in sorted({(p.entity_weight, p.min_entity_share) for p in GRID}):
            row = [(p.threshold, score(features, gold, p)) for p in GRID
                   if (p.entity_weight, p.min_entity_share) == (weight, share)]
            cells = [f"t={threshold:.2f} {result[2]:.3f}/{result[3]:.3f}" for threshold, result in row]
            print(f"w={weight:<4} share>={share:<4}  " + "  ".join(cells))
        held_out(features, gold)


GRID = [
    replace(DEFAULT_PARAMS, threshold=threshold, entity_weight=weight, min_entity_share=share)
    for weight in (0.25, 0.5, 1.0)
    for share in (0.05, 0.1, 0.2)
    for threshold in (0.35, 0.45, 0.5, 0.55, 0.65, 0.75, 0.85)
]


def held_out(features: list[ArticleFeatures], gold: dict[str, str]) -> None:
    """Two folds split by event: thresholds picked on one half of the events, scored on the other half."""
    events = sorted(set(gold.values()))
    print("\n2-fold by event (pick on one half, score on the other):")
    for fold in (0, 1):
        test_events = set(events[fold::2])
        train = [f for f in features if gold[f.id] not in test_events]
        test = [f for f in features if gold[f.id] in test_events]
        best = max(GRID, key=lambda p: score(train, {f.id: gold[f.id] for f in train}, p)[2])
        precision, recall, f1, ari, _ = score(test, {f.id: gold[f.id] for f in test}, best)
        print(f"  fold {fold}: picked t={best.threshold} w={best.entity_weight} share>={best.min_entity_share}; "
              f"held-out B3-P {precision:.3f} R {recall:.3f} F1 {f1:.3f} ARI {ari:.3f} ({len(test)} articles)")


def topic_only_threshold(features: list[ArticleFeatures], gold: dict[str, str]) -> float:
    """The baseline gets its own best cosine threshold, so the comparison is fair to it."""
    candidates = [0.4 + 0.05 * i for i in range(12)]
    return max(candidates, key=lambda t: score(features, gold, replace(
        DEFAULT_PARAMS, threshold=t, entity_weight=0.0, min_entity_share=0.0, max_gap_days=10**6))[2])


if __name__ == "__main__":
    main()
