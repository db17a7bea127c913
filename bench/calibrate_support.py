"""Calibrate the "states the same thing" score threshold of newsweave.link.statements on labelled sentence pairs.

Input: JSONL, one pair a line: {"a": str, "b": str, "same": bool, "origin": str}. Default:
eval/calibration/sentence_pairs.jsonl (63 pairs from the bundled example, 38 made-up pairs on other topics,
labelled by hand; most negatives are *hard*: same topic, different fact). `--pairs FILE` takes another set.

Prints precision/recall/F1 over a threshold sweep, and the chosen threshold: the lowest one whose precision
reaches --min-precision (default 0.80), since a wrong "supported by" misleads more than a missed one. Also
prints the chosen threshold's scores on each origin separately, to show how it carries to unseen topics.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from newsweave.link.statements import (
    SUPPORT_THRESHOLD,
    content_words,
    numbers_compatible,
    numbers_in,
    support_score,
)
from newsweave.nlp.embed import embed_texts
from newsweave.nlp.models import load_embedder

ROOT = Path(__file__).resolve().parent.parent


def scores(pred: np.ndarray, gold: np.ndarray) -> tuple[float, float, float]:
    tp = int((pred & gold).sum())
    precision = tp / max(1, int(pred.sum()))
    recall = tp / max(1, int(gold.sum()))
    return precision, recall, 2 * precision * recall / max(1e-9, precision + recall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", default=str(ROOT / "eval" / "calibration" / "sentence_pairs.jsonl"))
    parser.add_argument("--min-precision", type=float, default=0.80)
    args = parser.parse_args()
    rows = [json.loads(line) for line in Path(args.pairs).read_text(encoding="utf-8").splitlines() if line.strip()]
    embedder = load_embedder()
    a = embed_texts(embedder, [r["a"] for r in rows])
    b = embed_texts(embedder, [r["b"] for r in rows])
    cosine = (a * b).sum(axis=1)
    blended = np.array(
        [support_score(float(c), content_words(r["a"]), content_words(r["b"])) for c, r in zip(cosine, rows)]
    )
    compatible = np.array([numbers_compatible(numbers_in(r["a"]), numbers_in(r["b"])) for r in rows])
    gold = np.array([bool(r["same"]) for r in rows])
    print(f"{len(rows)} pairs, {int(gold.sum())} same-statement; origins: "
          + ", ".join(f"{o}={sum(r['origin'] == o for r in rows)}" for o in sorted({r['origin'] for r in rows})))
    print("threshold  precision  recall  F1")
    chosen = None
    for threshold in np.round(np.arange(0.50, 0.90, 0.01), 2):
        precision, recall, f1 = scores((blended >= threshold) & compatible, gold)
        print(f"  {threshold:.2f}     {precision:.3f}     {recall:.3f}  {f1:.3f}")
        if chosen is None and precision >= args.min_precision:
            chosen = float(threshold)
    if chosen is None:
        print(f"no threshold reaches precision {args.min_precision}")
        return
    print(f"chosen threshold (lowest with precision >= {args.min_precision}): {chosen:.2f}; "
          f"in use: SUPPORT_THRESHOLD = {SUPPORT_THRESHOLD}")
    for origin in sorted({r["origin"] for r in rows}):
        mask = np.array([r["origin"] == origin for r in rows])
        precision, recall, f1 = scores(((blended >= chosen) & compatible)[mask], gold[mask])
        print(f"  {origin}: precision {precision:.3f} recall {recall:.3f} F1 {f1:.3f} ({int(mask.sum())} pairs)")
    without_guard = scores(blended >= chosen, gold)
    print(f"  without the number guard: precision {without_guard[0]:.3f} recall {without_guard[1]:.3f}")
    for threshold in np.round(np.arange(0.60, 0.90, 0.01), 2):
        precision, recall, _ = scores((cosine >= threshold) & compatible, gold)
        if precision >= args.min_precision:
            print(f"  embedding cosine alone: threshold {threshold:.2f} precision {precision:.3f} recall {recall:.3f}")
            break


if __name__ == "__main__":
    main()
