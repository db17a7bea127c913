"""Story clustering against gold: B-cubed precision/recall/F1, the adjusted Rand index, how often two
same-kind events of one topic are merged, a single-pass TF-IDF centroid baseline, and cross-validation by
topic of the clustering parameters.

Usage: .venv/bin/python bench/stories.py [--grid]

newsweave is scored as a batch run clusters: the online pass, then the split of each story by its members'
content terms and by names they never mention together (`story.clustering.split_state`; `newsweave ingest` keeps
the online stories).

Gold sets read:
  * ECB+ dev (`../shared/eval/ecbplus-dev/`: `articles.jsonl` with the text, `gold_stories.tsv` with
    `id, story, topic`): 462 real articles of topics 1-22, each topic pairing two real events of one kind.
    Scored twice: "from the text alone" (the title becomes the first line of a plain text, and the record's
    published/url/outlet are dropped: the held-out evaluation gives plain .txt files) and "with metadata"
    (title, publication date, URL and outlet as the records give them; the first event of each ECB+ topic is
    undated and the second dated, so metadata nearly gives the split away). The record's `id` never reaches
    newsweave (articles are keyed by their content hash), so neither its topic nor its event leaks.
  * eval/stories/corpus.jsonl, the project's own labelled corpus (JSON Lines:
    {"id", "story", "published" | null, "title" | null, "text"}; see eval/stories/README.md);
  * the bundled example (examples/kim-beijing-parade, one event): its gold is one story.
Articles that cleaning skips are left out and counted.

Columns: `merged` is the number of topics in which some predicted story mixes articles of both events, out
of the topics holding two events; `split` the gold stories spread over more than one predicted story.
The TF-IDF baseline clusters the same cleaned texts (title and body) in the same arrival order, each joining
the story whose centroid is most similar if the cosine reaches its threshold; its threshold is tuned on the
very set it is scored on, like the reference figure in ../shared/eval/README.md (0.886 on all 43 ECB+
topics), and, in the cross-validation, on the other topics only.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.metrics import adjusted_rand_score  # noqa: E402

from newsweave.clean.article import prepare_article  # noqa: E402
from newsweave.ingest.files import json_record_to_document, read_paths  # noqa: E402
from newsweave.lang import for_language  # noqa: E402
from newsweave.models import Article, ArticleFeatures, RawDocument  # noqa: E402
from newsweave.nlp.annotate import annotate_articles  # noqa: E402
from newsweave.nlp.models import Models, load_models  # noqa: E402
from newsweave.settings import (
    CleaningSettings,  # noqa: E402
    StorySettings,  # noqa: E402
)
from newsweave.story.clustering import arrival_order, cluster_features  # noqa: E402
from newsweave.story.features import compute_features, content_terms  # noqa: E402


def shared_eval() -> Path:
    """`shared/` beside the checkout (CI clones), else the machine's one (worktrees live one level deeper)."""
    beside = ROOT.parent / "shared" / "eval"
    return beside if beside.is_dir() else Path("/work/shared/eval")


SHARED_EVAL = shared_eval()
ECBPLUS = SHARED_EVAL / "ecbplus-dev"
OWN_CORPUS = ROOT / "eval" / "stories" / "corpus.jsonl"
EXAMPLE = ROOT / "examples" / "kim-beijing-parade"
LABEL_KEYS = ("story", "story_id", "event", "cluster")
DEFAULTS = StorySettings()


@dataclass(frozen=True)
class GoldItem:
    document: RawDocument
    story: str
    topic: str
    """The ECB+ topic (two events of one kind); the story itself elsewhere."""


@dataclass
class GoldSet:
    name: str
    features: list[ArticleFeatures]
    texts: dict[str, str]
    """Cleaned title and body by article id, for the TF-IDF baseline."""
    terms: dict[str, Counter[str]]
    """Content terms by article id, for the batch split of stories."""
    story: dict[str, str]
    topic: dict[str, str]
    skipped: int


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


def read_ecbplus(text_alone: bool) -> list[GoldItem]:
    with (ECBPLUS / "gold_stories.tsv").open(encoding="utf-8") as handle:
        gold = {row["id"]: (row["story"], row["topic"]) for row in csv.DictReader(handle, delimiter="\t")}
    items = []
    for number, line in enumerate((ECBPLUS / "articles.jsonl").read_text(encoding="utf-8").splitlines(), start=1):
        record = json.loads(line)
        story, topic = gold[record["id"]]
        if text_alone:
            title = record.get("title") or ""
            record = {"text": f"{title}\n\n{record['text']}" if title else record["text"]}
        document = json_record_to_document(record, source=f"ecbplus-dev:{number}")
        if isinstance(document, RawDocument):
            items.append(GoldItem(document, story, topic))
    return items


def gold_inputs() -> dict[str, list[GoldItem]]:
    sets: dict[str, list[GoldItem]] = {}
    if ECBPLUS.is_dir():
        sets["ECB+ dev, from the text alone"] = read_ecbplus(text_alone=True)
        sets["ECB+ dev, with metadata"] = read_ecbplus(text_alone=False)
    sets["eval/stories/corpus.jsonl"] = [GoldItem(doc, label, label) for doc, label in read_gold(OWN_CORPUS)]
    example, _ = read_paths([str(EXAMPLE)])
    sets["examples/kim-beijing-parade (one story)"] = [GoldItem(doc, "example", "example") for doc in example]
    return sets


def featurize(name: str, items: list[GoldItem], models: Models) -> GoldSet:
    articles: list[Article] = []
    story: dict[str, str] = {}
    topic: dict[str, str] = {}
    skipped = 0
    for item in items:
        result = prepare_article(item.document, for_language("en"), CleaningSettings())
        if not isinstance(result, Article) or result.id in story:
            skipped += 1
            continue
        articles.append(result)
        story[result.id], topic[result.id] = item.story, item.topic
    res = for_language("en")
    analyzed = list(annotate_articles(articles, models.nlp, res))
    texts = {a.id: f"{a.title or ''}\n{a.text}" for a in articles}
    terms = {item.article.id: content_terms(item, res) for item in analyzed}
    features = compute_features(analyzed, models.embedder, res, DEFAULTS)
    return GoldSet(name, features, texts, terms, story, topic, skipped)


# ----------------------------------------------------------------------------------------------- scores


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float
    ari: float
    clusters: int
    merged: int
    """Topics with two events where some predicted story mixes both."""
    paired: int
    """Topics holding two events."""
    split: int


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


def evaluate(predicted: dict[str, str], story: dict[str, str], topic: dict[str, str]) -> Score:
    precision, recall, f1 = b_cubed(predicted, story)
    ids = sorted(story)
    ari = adjusted_rand_score([story[i] for i in ids], [predicted[i] for i in ids])
    events_of_topic: dict[str, set[str]] = {}
    for item in ids:
        events_of_topic.setdefault(topic[item], set()).add(story[item])
    paired = {t for t, events in events_of_topic.items() if len(events) > 1}
    mixing: dict[str, set[str]] = {}
    for item in ids:
        mixing.setdefault(predicted[item], set()).add(story[item])
    merged = {topic[i] for i in ids if topic[i] in paired and len(mixing[predicted[i]] & events_of_topic[topic[i]]) > 1}
    clusters_of_story: dict[str, set[str]] = {}
    for item in ids:
        clusters_of_story.setdefault(story[item], set()).add(predicted[item])
    split = sum(1 for clusters in clusters_of_story.values() if len(clusters) > 1)
    return Score(precision, recall, f1, ari, len(set(predicted.values())), len(merged), len(paired), split)


def newsweave_assignment(
    features: Sequence[ArticleFeatures], params: StorySettings, terms: dict[str, Counter[str]]
) -> dict[str, str]:
    """A batch run's stories: the online pass, then the split by content terms."""
    return {article: story.id for story in cluster_features(features, params, terms) for article in story.articles}


def tfidf_gram(texts: dict[str, str]) -> tuple[dict[str, int], np.ndarray]:
    """Row of each article and the cosine matrix of the TF-IDF vectors of all texts of a set."""
    ids = sorted(texts)
    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform([texts[i] for i in ids])
    return {article: row for row, article in enumerate(ids)}, (matrix @ matrix.T).toarray()


def tfidf_assignment(
    features: Sequence[ArticleFeatures], gram: tuple[dict[str, int], np.ndarray], threshold: float
) -> dict[str, str]:
    """Single pass in arrival order: join the story whose centroid is most similar, or open a story. The
    cosine with a centroid is computed from the article-article cosines (sum over members / norm of the sum)."""
    rows, cosines = gram
    ordered = [rows[f.id] for f in arrival_order(features)]
    sums = np.zeros((0, len(cosines)))
    squared_norms: list[float] = []
    assignment: dict[str, str] = {}
    for row, article in zip(ordered, arrival_order(features), strict=True):
        similarities = sums[:, row] / np.sqrt(np.maximum(squared_norms, 1e-12)) if squared_norms else np.zeros(0)
        best = int(np.argmax(similarities)) if squared_norms else -1
        if best >= 0 and similarities[best] >= threshold:
            squared_norms[best] += 2 * sums[best, row] + cosines[row, row]
            sums[best] += cosines[row]
        else:
            sums = np.vstack([sums, cosines[row]])
            squared_norms.append(cosines[row, row])
            best = len(squared_norms) - 1
        assignment[article.id] = f"t{best}"
    return assignment


TFIDF_THRESHOLDS = [round(0.05 + 0.025 * i, 3) for i in range(23)]


# ---------------------------------------------------------------------------------- cross-validation

Assign = Callable[[Sequence[ArticleFeatures], object], dict[str, str]]


def subset(gold: GoldSet, topics: set[str]) -> tuple[list[ArticleFeatures], dict[str, str], dict[str, str]]:
    features = [f for f in gold.features if gold.topic[f.id] in topics]
    return features, {f.id: gold.story[f.id] for f in features}, {f.id: gold.topic[f.id] for f in features}


def cross_validate(gold: GoldSet, assign: Assign, grid: Sequence[object], folds: int) -> tuple[Score, list[object]]:
    """Parameters picked on the other topics (best B-cubed F1), each fold's topics clustered and scored
    pooled: the figure to expect on topics the parameters never saw."""
    topics = sorted(set(gold.topic.values()), key=lambda t: (len(t), t))
    predicted: dict[str, str] = {}
    picked = []
    for fold in range(folds):
        test = set(topics[fold::folds])
        train_features, train_story, train_topic = subset(gold, set(topics) - test)
        best = max(grid, key=lambda p: evaluate(assign(train_features, p), train_story, train_topic).f1)
        picked.append(best)
        test_features, _, _ = subset(gold, test)
        predicted |= {a: f"{fold}:{s}" for a, s in assign(test_features, best).items()}
    return evaluate(predicted, gold.story, gold.topic), picked


NEWSWEAVE_GRID: list[StorySettings] = [
    DEFAULTS.model_copy(update={"threshold": threshold, "entity_weight": weight, "min_entity_share": share,
                                "split_neighbours": neighbours})
    for weight in (0.5, 1.0, 1.3)
    for share in (0.05, 0.1)
    for threshold in (0.45, 0.5, 0.53, 0.55, 0.65)
    for neighbours in (0, 2, 3, 4)
]
CV_FOLDS = 5


# ------------------------------------------------------------------------------------------------ output


def row(label: str, n: int, gold: GoldSet, score: Score, note: str = "") -> str:
    merged = f"{score.merged:>3d}/{score.paired:<3d}" if score.paired else f"{'-':^7}"
    return (f"{label:52} {n:4d} {len(set(gold.story.values())):4d} {score.clusters:4d} {score.precision:6.3f} "
            f"{score.recall:6.3f} {score.f1:6.3f} {score.ari:6.3f} {merged} {score.split:5d}{note}")


def report(gold: GoldSet) -> None:
    n = len(gold.story)
    ours = evaluate(newsweave_assignment(gold.features, DEFAULTS, gold.terms), gold.story, gold.topic)
    print(row(gold.name, n, gold, ours, f"  ({gold.skipped} skipped by cleaning)" if gold.skipped else ""))
    gram = tfidf_gram(gold.texts)
    tfidf = {t: evaluate(tfidf_assignment(gold.features, gram, t), gold.story, gold.topic)
             for t in TFIDF_THRESHOLDS}
    best = max(tfidf, key=lambda t: tfidf[t].f1)
    print(row(f"  TF-IDF centroid baseline (t={best}, tuned on this set)", n, gold, tfidf[best]))
    topics = len(set(gold.topic.values()))
    if topics >= 2 * CV_FOLDS:
        baseline, picked = cross_validate(
            gold, lambda f, t: tfidf_assignment(f, gram, t), TFIDF_THRESHOLDS, CV_FOLDS)  # type: ignore[arg-type]
        print(row(f"  TF-IDF baseline, {CV_FOLDS}-fold CV by topic (t={'/'.join(map(str, picked))})", n, gold, baseline))
        cv, params = cross_validate(
            gold, lambda f, p: newsweave_assignment(f, p, gold.terms), NEWSWEAVE_GRID, CV_FOLDS)  # type: ignore[arg-type]
        print(row(f"  newsweave, {CV_FOLDS}-fold CV by topic", n, gold, cv))
        for fold, p in enumerate(params):
            assert isinstance(p, StorySettings)
            print(f"{'':6}fold {fold}: picked threshold={p.threshold} entity_weight={p.entity_weight} "
                  f"min_entity_share={p.min_entity_share} split_neighbours={p.split_neighbours}")


def grid(gold: GoldSet) -> None:
    print(f"\ncalibration grid on {gold.name} (B3-F1 / ARI)")
    for weight, share in sorted({(p.entity_weight, p.min_entity_share) for p in NEWSWEAVE_GRID}):
        cells = []
        for params in NEWSWEAVE_GRID:
            if (params.entity_weight, params.min_entity_share) == (weight, share):
                score = evaluate(newsweave_assignment(gold.features, params, gold.terms), gold.story, gold.topic)
                cells.append(f"t={params.threshold:.2f} k={params.split_neighbours} {score.f1:.3f}/{score.ari:.3f}")
        print(f"w={weight:<4} share>={share:<4}  " + "  ".join(cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grid", action="store_true", help="print the calibration grid of every gold set")
    args = parser.parse_args()
    models = load_models()
    if not ECBPLUS.is_dir():
        print(f"{ECBPLUS} absent: scoring the project's own gold only")
    sets = [featurize(name, items, models) for name, items in gold_inputs().items()]
    print(f"{'gold set':52} {'n':>4} {'gold':>4} {'pred':>4} {'B3-P':>6} {'B3-R':>6} {'B3-F1':>6} {'ARI':>6} "
          f"{'merged':>7} {'split':>5}")
    for gold in sets:
        report(gold)
    if args.grid:
        for gold in sets:
            grid(gold)


if __name__ == "__main__":
    main()
