"""Score quote extraction and speaker attribution against hand-labelled gold; prints the numbers.

Runs the whole pipeline (so story clustering and cross-outlet dedup are part of what is measured) on the
articles of the gold file and compares the dossier's `quotes` (every occurrence, part by part) and `terms`
with the gold quotes of each article.

Gold: every `quotes*.json` with the format below in `../shared/eval/` (when present) and in `eval/seeds/`
(`quotes.json`: the bundled example; `quotes-madeup.json`: made-up articles with the ways real outlets
introduce quotes), or the files given with `--gold`; one table per file.

    {
      "articles_dir": "examples/kim-beijing-parade",        # relative to the project root (or the gold file)
      "articles": {
        "<article file name>": [
          {"kind": "direct" | "indirect" | "term",
           "speaker": "Canonical Name" | ["accepted", "names"] | null,   # null: the text names no speaker
           "text": "exact text of the span as printed in the cleaned article"},   # quote marks excluded
          ...
        ]
      },
      "same_quote": [ [["<file>", "text inside occurrence 1"], ["<file>", "text inside occurrence 2"]], ... ]
    }

A split quote (“...,” she said, “...”) is one gold entry per part. A predicted part matches a gold span of
the same kind when their character overlap covers at least half of each (`MIN_OVERLAP`), one-to-one,
best overlap first. Speaker accuracy counts, over matched spans, predictions naming an accepted speaker
(or none when the gold has none); a wrong name and a missing name are counted apart, since the first
misleads a reader and the second only withholds. `same_quote` groups pass when one dossier quote holds
every listed occurrence (the cross-outlet dedup).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from newsweave.app.pipeline import analyze_articles, prepare_articles  # noqa: E402
from newsweave.ingest.files import read_paths  # noqa: E402
from newsweave.models import Article, Dossier  # noqa: E402
from newsweave.nlp.models import Models, load_models  # noqa: E402

SHARED_EVAL = ROOT.parent / "shared" / "eval"
if not SHARED_EVAL.is_dir():
    SHARED_EVAL = Path("/work/shared/eval")  # a worktree lives one level deeper than a clone
SEED_GOLDS = ROOT / "eval" / "seeds"
MIN_OVERLAP = 0.5
KINDS = ("direct", "indirect", "term")


@dataclass
class Span:
    article: str
    kind: str
    start: int
    end: int
    speakers: list[str] | None  # accepted names (gold) / the one name (prediction); None = no speaker
    quote_id: str = ""


def find_golds() -> list[Path]:
    found = []
    for folder in (SHARED_EVAL, SEED_GOLDS):
        for path in sorted(folder.glob("quotes*.json")) if folder.is_dir() else []:
            try:
                if "articles" in json.loads(path.read_text(encoding="utf-8")):
                    found.append(path)
            except (OSError, ValueError):
                continue
    return found


def articles_dir(gold: dict, gold_path: Path) -> Path:
    name = gold.get("articles_dir", "examples/kim-beijing-parade")
    for base in (gold_path.parent, ROOT):
        if (base / name).is_dir():
            return base / name
    return ROOT / name


def gold_spans(gold: dict, by_file: dict[str, Article]) -> tuple[list[Span], list[str]]:
    spans, missing = [], []
    for file_name, entries in gold["articles"].items():
        article = by_file.get(file_name)
        if article is None:
            missing.append(f"{file_name}: article not found")
            continue
        used: set[tuple[str, int]] = set()
        for entry in entries:
            start = _free_occurrence(article.text, entry["text"], entry["kind"], used)
            if start < 0:
                missing.append(f"{file_name}: gold text not in cleaned article: {entry['text'][:60]!r}")
                continue
            speaker = entry.get("speaker")
            names = None if speaker is None else ([speaker] if isinstance(speaker, str) else list(speaker))
            spans.append(Span(article.id, entry["kind"], start, start + len(entry["text"]), names))
    return spans, missing


def _free_occurrence(text: str, needle: str, kind: str, used: set[tuple[str, int]]) -> int:
    start = text.find(needle)
    while start >= 0 and (kind, start) in used:
        start = text.find(needle, start + 1)
    if start >= 0:
        used.add((kind, start))
    return start


def predicted_spans(dossier: Dossier) -> list[Span]:
    spans = []
    for quote in dossier.quotes:
        for occurrence in quote.occurrences:
            for start, end in occurrence.parts or [(occurrence.start, occurrence.end)]:
                names = [quote.speaker_name] if quote.speaker_name else None
                spans.append(Span(occurrence.article, quote.kind, start, end, names, quote.id))
    for term in dossier.terms:
        for occurrence in term.occurrences:
            spans.append(Span(occurrence.article, "term", occurrence.start, occurrence.end, None, term.id))
    return spans


def match(gold: list[Span], predicted: list[Span]) -> list[tuple[Span, Span]]:
    pairs = []
    for g in gold:
        for p in predicted:
            if g.article == p.article and g.kind == p.kind:
                overlap = min(g.end, p.end) - max(g.start, p.start)
                if overlap >= MIN_OVERLAP * (g.end - g.start) and overlap >= MIN_OVERLAP * (p.end - p.start):
                    pairs.append((overlap, g, p))
    pairs.sort(key=lambda item: -item[0])
    taken_g, taken_p, matched = set(), set(), []
    for _, g, p in pairs:
        if id(g) not in taken_g and id(p) not in taken_p:
            taken_g.add(id(g))
            taken_p.add(id(p))
            matched.append((g, p))
    return matched


def speaker_verdict(g: Span, p: Span) -> str:
    if g.speakers is None:
        return "right" if p.speakers is None else "named, gold has none"
    if p.speakers is None:
        return "unresolved"
    accepted = {" ".join(name.lower().replace("’", "'").split()) for name in g.speakers}
    return "right" if " ".join(p.speakers[0].lower().replace("’", "'").split()) in accepted else "wrong"


def same_quote_groups(gold: dict, by_file: dict[str, Article], predicted: list[Span]) -> tuple[int, int]:
    passed = 0
    groups = gold.get("same_quote", [])
    for group in groups:
        holders = []
        for file_name, snippet in group:
            article = by_file.get(file_name)
            start = article.text.find(snippet) if article else -1
            holders.append(
                {p.quote_id for p in predicted if article and p.article == article.id and p.start <= start < p.end}
            )
        if holders and set.intersection(*holders):
            passed += 1
    return passed, len(groups)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, action="append", help="gold file (default: every one found)")
    args = parser.parse_args()
    models = load_models()
    for gold_path in args.gold or find_golds():
        score(gold_path, models)


def score(gold_path: Path, models: Models) -> None:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    raws, skipped = read_paths([str(articles_dir(gold, gold_path))])
    articles, more_skipped = prepare_articles(raws)
    dossier = analyze_articles(articles, models)
    by_file = {Path(a.path or "").name: a for a in dossier.articles}
    gold_list, missing = gold_spans(gold, by_file)
    predicted = predicted_spans(dossier)
    matched = match(gold_list, predicted)

    print(f"gold: {gold_path}  articles: {len(by_file)}  skipped: {len(skipped) + len(more_skipped)}")
    for line in missing:
        print(f"  warning: {line}")
    header = f"{'kind':<9}{'gold':>6}{'pred':>6}{'match':>7}{'P':>7}{'R':>7}{'F1':>7}"
    print(f"{header}   speaker right / wrong / unresolved")
    for kind in (*KINDS, "all quotes"):
        kinds = KINDS[:2] if kind == "all quotes" else (kind,)
        n_gold = sum(g.kind in kinds for g in gold_list)
        n_pred = sum(p.kind in kinds for p in predicted)
        pairs = [(g, p) for g, p in matched if g.kind in kinds]
        precision = len(pairs) / n_pred if n_pred else 0.0
        recall = len(pairs) / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        verdicts = Counter(speaker_verdict(g, p) for g, p in pairs)
        speaker = "" if kind == "term" else (
            f"   {verdicts['right'] / len(pairs) if pairs else 0:.2f} ({verdicts['right']}/{len(pairs)})"
            f" / {verdicts['wrong'] + verdicts['named, gold has none']} / {verdicts['unresolved']}"
        )
        print(f"{kind:<9}{n_gold:>6}{n_pred:>6}{len(pairs):>7}{precision:>7.2f}{recall:>7.2f}{f1:>7.2f}{speaker}")
    passed, total = same_quote_groups(gold, by_file, predicted)
    print(f"same quote across occurrences merged: {passed}/{total}")
    unmatched_gold = [g for g in gold_list if all(g is not m[0] for m in matched)]
    for g in unmatched_gold:
        article = next(a for a in dossier.articles if a.id == g.article)
        print(f"  missed {g.kind}: {article.text[g.start:g.end][:70]!r}")
    for g, p in matched:
        if speaker_verdict(g, p) not in ("right", "unresolved"):
            print(f"  speaker {p.speakers} for gold {g.speakers}")


if __name__ == "__main__":
    main()
