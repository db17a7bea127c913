"""Calibrate the sameness service (newsweave.link.sameness, `SamenessSettings`) on labelled sentence pairs.

Input: JSONL, one pair a line: {"a": str, "b": str, "same": bool, "origin": str}. Default: every
`eval/calibration/*.jsonl` (sentence_pairs.jsonl: 63 pairs from the bundled example, 38 made-up pairs on other
topics; sentence_pairs_more.jsonl: 40 more made-up pairs, each paraphrase beside a near miss that changes a
number (also spelled out), an actor, an outcome or a date; all labelled by hand, most negatives *hard*: same
topic, different fact). `--pairs FILE ...` takes another set.

Prints precision/recall/F1 over a threshold sweep of the blended score (with the figure guard), and the
chosen threshold: the lowest one whose precision reaches --min-precision (default 0.80), since a wrong
"supported by" misleads more than a missed one. Also prints the chosen threshold's scores on each origin
separately (how it carries to unseen topics), without the figure guard, with an entity guard (spaCy's named
entities, one key per lower-cased name word, standing in for the pipeline's resolved entities), and a sweep of
the lexical weight (0 = the embedding cosine alone).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import get_args

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsweave.lang import for_language  # noqa: E402
from newsweave.link.sameness import Traits, blend, compatible, traits_for  # noqa: E402
from newsweave.nlp.embed import embed_texts  # noqa: E402
from newsweave.nlp.models import load_models  # noqa: E402
from newsweave.settings import ParseSettings, SamenessSettings  # noqa: E402

NAME_LABELS = ("PERSON", "GPE", "LOC", "ORG", "NORP", "FAC")  # not language


def scores(pred: np.ndarray, gold: np.ndarray) -> tuple[float, float, float]:
    tp = int((pred & gold).sum())
    precision = tp / max(1, int(pred.sum()))
    recall = tp / max(1, int(gold.sum()))
    return precision, recall, 2 * precision * recall / max(1e-9, precision + recall)


def read_pairs(paths: list[Path]) -> list[dict]:
    return [json.loads(line) for path in paths for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=Path, nargs="*", default=sorted((ROOT / "eval" / "calibration").glob("*.jsonl")))
    parser.add_argument("--min-precision", type=float, default=0.80)
    parser.add_argument("--encoder", choices=get_args(ParseSettings.model_fields["encoder"].annotation),
                        default=ParseSettings().link_encoder,
                        help="the embedding model (ParseSettings.link_encoder: the sameness service's)")
    args = parser.parse_args()
    rows = read_pairs(args.pairs)
    models = load_models(cfg=ParseSettings(link_encoder=args.encoder))
    print(f"encoder: {args.encoder}")
    res, cfg = for_language("en"), SamenessSettings()
    a = embed_texts(models.link_embedder, [r["a"] for r in rows])
    b = embed_texts(models.link_embedder, [r["b"] for r in rows])
    cosine = (a * b).sum(axis=1)
    traits_a, traits_b = traits_for([r["a"] for r in rows], res, cfg), traits_for([r["b"] for r in rows], res, cfg)
    blended = np.array([blend(float(c), x, y, cfg) for c, x, y in zip(cosine, traits_a, traits_b)])
    agree = np.array([compatible(x, y) for x, y in zip(traits_a, traits_b)])
    gold = np.array([bool(r["same"]) for r in rows])
    print(f"{len(rows)} pairs, {int(gold.sum())} same-statement; origins: "
          + ", ".join(f"{o}={sum(r['origin'] == o for r in rows)}" for o in sorted({r['origin'] for r in rows})))
    print("threshold  precision  recall  F1")
    chosen = None
    for threshold in np.round(np.arange(0.50, 0.90, 0.01), 2):
        precision, recall, f1 = scores((blended >= threshold) & agree, gold)
        print(f"  {threshold:.2f}     {precision:.3f}     {recall:.3f}  {f1:.3f}")
        if chosen is None and precision >= args.min_precision:
            chosen = float(threshold)
    if chosen is None:
        print(f"no threshold reaches precision {args.min_precision}")
        return
    in_use = scores((blended >= cfg.threshold) & agree, gold)
    print(f"chosen threshold (lowest with precision >= {args.min_precision}): {chosen:.2f}; "
          f"in use: SamenessSettings.threshold = {cfg.threshold} (precision {in_use[0]:.3f} recall {in_use[1]:.3f})")
    for origin in sorted({r["origin"] for r in rows}):
        mask = np.array([r["origin"] == origin for r in rows])
        precision, recall, f1 = scores(((blended >= cfg.threshold) & agree)[mask], gold[mask])
        print(f"  {origin}: precision {precision:.3f} recall {recall:.3f} F1 {f1:.3f} ({int(mask.sum())} pairs)")
    without_guard = scores(blended >= cfg.threshold, gold)
    print(f"  without the figure guard: precision {without_guard[0]:.3f} recall {without_guard[1]:.3f}")
    named = [_with_entities(t, doc) for t, doc in zip([*traits_a, *traits_b], models.nlp.pipe([r[k] for k in "ab" for r in rows]))]
    named_a, named_b = named[: len(rows)], named[len(rows):]
    entity_agree = np.array([compatible(x, y) for x, y in zip(named_a, named_b)])
    with_entities = scores((blended >= cfg.threshold) & entity_agree, gold)
    print(f"  with an entity guard: precision {with_entities[0]:.3f} recall {with_entities[1]:.3f}")
    overlaps = blended - (1 - cfg.lexical_weight) * cosine
    words = overlaps / cfg.lexical_weight if cfg.lexical_weight else np.zeros_like(cosine)
    print("lexical weight sweep (each at its lowest threshold reaching the precision; 0.0 = embedding alone):")
    for weight in np.round(np.arange(0.0, 0.55, 0.1), 1):
        score = (1 - weight) * cosine + weight * words
        for threshold in np.round(np.arange(0.40, 0.90, 0.01), 2):
            precision, recall, f1 = scores((score >= threshold) & agree, gold)
            if precision >= args.min_precision:
                print(f"  weight {weight:.1f}: threshold {threshold:.2f} precision {precision:.3f} recall {recall:.3f} F1 {f1:.3f}")
                break


def _with_entities(traits: Traits, doc) -> Traits:
    keys = frozenset(t.lower_ for ent in doc.ents if ent.label_ in NAME_LABELS for t in ent if t.is_alpha)
    return Traits(words=traits.words, figures=traits.figures, dates=traits.dates, entities=keys)


if __name__ == "__main__":
    main()
