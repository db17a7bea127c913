"""Score claims, copies (derivations) and conflicts against hand-labelled gold; prints the numbers.

Runs the whole pipeline on the gold's articles, then compares the dossier's `claims`, `derivations` and
`conflicts` with the gold.

Gold: the first `claims*.json` in `../shared/eval/` that has the format below, else `eval/seeds/claims.json`
(the bundled example, hand-labelled); then every `eval/claims/*.json`: made-up multi-outlet stories, each
`{"name", "articles": [{"id", "outlet", "published", "title", "text"}], "claims", "conflicts", "figures"}`
with sources named by article id, each story analysed as one story, the scores summed over them.

    {
      "articles_dir": "examples/kim-beijing-parade",     # relative to the project root (or the gold file)
      "claims": [                                        # a sample of facts, not every claim
        {"text": "a plain wording of the fact",
         "sources": ["<article file name>", ...],        # every article stating it
         "independent_sources": ["<file>", ...]}         # minus the copies of another listed source
      ],
      "derivations": [ {"source": "<file>", "derived": "<file>", "share": [low, high]} ],
      "conflicts": [
        {"kind": "contradiction" | "superseded" | "wording" | "compatible",
         "attribute": "number" | "date" | "superlative" | "status" | "attribution",
         "optional": false,                               # true: fine to find, not missed when absent
         "sides": [ {"text": "wording of one side", "sources": ["<file>", ...]}, {...} ]}
      ]
    }

Matching: a gold claim is found when some dossier claim has a wording (any `support` text) with cosine
similarity >= `TEXT_MATCH` (all-MiniLM-L6-v2) that also comes from one of the gold sources; the best such
claim is scored for exact `sources` and `independent_sources` sets and their Jaccard overlap. A derivation
counts when source and derived (the direction) are right; its share is checked against the gold range.
A dossier conflict matches a gold conflict when each gold side matches a different dossier side (text
similarity >= `TEXT_MATCH` and a shared source); recall is over non-optional gold conflicts, precision
over dossier conflicts (matching optional gold ones is no false alarm), kind accuracy over the matched.
A gold developing figure (`{"measures", "points": [{"source", "value"}]}`) is found by a dossier figure
holding at least half of its (source, value) points; precision is over dossier figures, point recall over
the points of the figures found.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsweave.app.pipeline import analyze_articles, prepare_articles  # noqa: E402
from newsweave.ingest.files import read_paths  # noqa: E402
from newsweave.models import Dossier, RawDocument, Story  # noqa: E402
from newsweave.nlp.embed import embed_texts  # noqa: E402
from newsweave.nlp.models import load_models  # noqa: E402

SHARED = ROOT.parent / "shared" / "eval"
SEED_GOLD = ROOT / "eval" / "seeds" / "claims.json"
MADE_UP = ROOT / "eval" / "claims"
TEXT_MATCH = 0.6
"""Cosine similarity for a gold wording to match a dossier wording (paraphrases of one fact)."""


def find_gold() -> Path:
    for path in sorted(SHARED.glob("claims*.json")) if SHARED.is_dir() else []:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and {"articles_dir", "claims"} <= data.keys():
            return path
    return SEED_GOLD


def articles_dir(gold_path: Path, gold: dict) -> Path:
    for base in (ROOT, gold_path.parent):
        if (base / gold["articles_dir"]).is_dir():
            return base / gold["articles_dir"]
    sys.exit(f"articles_dir {gold['articles_dir']!r} of {gold_path} not found")


def main() -> None:
    gold_path = find_gold()
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    models = load_models()
    raws, skipped = read_paths([str(articles_dir(gold_path, gold))])
    articles, more_skipped = prepare_articles(raws)
    dossier = analyze_articles(articles, models)
    ids = {Path(a.path or "").name: a.id for a in dossier.articles}
    embed = lambda texts: embed_texts(models.embedder, texts)  # noqa: E731

    print(f"gold: {gold_path.relative_to(ROOT.parent) if gold_path.is_relative_to(ROOT.parent) else gold_path}")
    print(f"articles: {len(dossier.articles)} (skipped {len(skipped) + len(more_skipped)})")
    print(f"dossier: {len(dossier.claims)} claims, {len(dossier.derivations)} derivations, "
          f"{len(dossier.conflicts)} conflicts")
    score_claims(gold.get("claims", []), dossier, ids, embed)
    score_derivations(gold.get("derivations", []), dossier, ids)
    score_conflicts(gold.get("conflicts", []), dossier, ids, embed)
    score_made_up(models, embed)


def score_made_up(models, embed) -> None:
    """The made-up multi-outlet stories of `eval/claims/`, each analysed as one story, scores summed."""
    totals: Counter[str] = Counter()
    for path in sorted(MADE_UP.glob("*.json")):
        for story in json.loads(path.read_text(encoding="utf-8"))["stories"]:
            raws = [
                RawDocument(source=a["id"], path=a["id"], text=a["text"], title=a.get("title"),
                            outlet=a.get("outlet"), published=a.get("published"))
                for a in story["articles"]
            ]
            articles, skipped = prepare_articles(raws)
            one = Story(id=story["name"], title=story["name"], articles=[a.id for a in articles])
            dossier = analyze_articles(articles, models, stories=[one])
            ids = {a.path or "": a.id for a in dossier.articles}
            print(f"\nmade-up story {story['name']}: {len(dossier.articles)} articles (skipped {len(skipped)}), "
                  f"{len(dossier.claims)} claims, {len(dossier.conflicts)} conflicts, {len(dossier.figures)} figures")
            totals += score_claims(story.get("claims", []), dossier, ids, embed)
            totals += score_conflicts(story.get("conflicts", []), dossier, ids, embed)
            totals += score_figures(story.get("figures", []), dossier, ids)
    if totals:
        print(f"\nmade-up total: {_claims_line(totals)}")
        print(f"made-up total: {_conflicts_line(totals)}")
        print(f"made-up total: {_figures_line(totals)}")


def _ids(files: list[str], ids: dict[str, str]) -> set[str]:
    return {ids[f] for f in files if f in ids}


def score_claims(gold_claims: list[dict], dossier: Dossier, ids: dict[str, str], embed) -> Counter[str]:
    wordings = [(c, e) for c in dossier.claims for e in c.support]
    if not gold_claims or not wordings:
        print("claims: nothing to score")
        return Counter(claims=len(gold_claims))
    similarity = embed([g["text"] for g in gold_claims]) @ embed([e.text for _, e in wordings]).T
    found = exact = exact_independent = 0
    jaccard: list[float] = []
    for row, g in enumerate(gold_claims):
        sources, independent = _ids(g["sources"], ids), _ids(g["independent_sources"], ids)
        candidates = [
            (float(similarity[row, k]), claim) for k, (claim, e) in enumerate(wordings)
            if similarity[row, k] >= TEXT_MATCH and e.article in sources
        ]
        if not candidates:
            continue
        found += 1
        claim = max(candidates, key=lambda item: (item[0], len(item[1].sources)))[1]
        files = {v: k[:3] for k, v in ids.items()}
        print(f"  {'ok ' if set(claim.sources) == sources else 'BAD'} {g['text'][:60]:60} gold "
              f"{sorted(files[i] for i in sources)} got {sorted(files.get(i, i) for i in claim.sources)} "
              f"independent {sorted(files.get(i, i) for i in claim.independent_sources)}")
        exact += set(claim.sources) == sources
        exact_independent += set(claim.independent_sources) == independent
        jaccard.append(len(set(claim.sources) & sources) / len(set(claim.sources) | sources))
    tally = Counter(claims=len(gold_claims), found=found, exact=exact, exact_independent=exact_independent,
                    jaccard_sum=sum(jaccard))
    print(_claims_line(tally))
    return tally


def _claims_line(t: Counter[str]) -> str:
    n = t["claims"] or 1
    return (f"claims: recall {t['found'] / n:.2f} ({t['found']}/{t['claims']}); exact sources {t['exact'] / n:.2f}; "
            f"exact independent sources {t['exact_independent'] / n:.2f}; "
            f"mean source Jaccard of found {t['jaccard_sum'] / t['found'] if t['found'] else 0:.2f}")


def score_derivations(gold_derivations: list[dict], dossier: Dossier, ids: dict[str, str]) -> None:
    gold_pairs = {(ids.get(g["source"]), ids.get(g["derived"])): g for g in gold_derivations}
    predicted = {(d.source, d.derived): d for d in dossier.derivations}
    hits = set(gold_pairs) & set(predicted)
    precision = len(hits) / len(predicted) if predicted else 1.0
    recall = len(hits) / len(gold_pairs) if gold_pairs else 1.0
    in_range = sum(g["share"][0] <= predicted[pair].share <= g["share"][1] for pair, g in gold_pairs.items()
                   if pair in hits and "share" in g)
    shares = ", ".join(f"{predicted[pair].share:.2f}" for pair in hits)
    print(f"derivations: precision {precision:.2f} recall {recall:.2f} (with direction); "
          f"share in gold range {in_range}/{len(hits)} [{shares}]")


def score_conflicts(gold_conflicts: list[dict], dossier: Dossier, ids: dict[str, str], embed) -> Counter[str]:
    sides = [(k, side) for k, c in enumerate(dossier.conflicts) for side in c.sides]
    gold_sides = [(g, side) for g in range(len(gold_conflicts)) for side in gold_conflicts[g]["sides"]]
    if sides and gold_sides:
        similarity = embed([s["text"] for _, s in gold_sides]) @ embed([s.text for _, s in sides]).T
    else:
        similarity = np.zeros((len(gold_sides), len(sides)))

    def side_matches(g: int, k: int) -> list[set[int]]:
        """For each side of gold conflict g, the side indexes of dossier conflict k that match it."""
        result = []
        for row, (owner, gold_side) in enumerate(gold_sides):
            if owner != g:
                continue
            sources = _ids(gold_side["sources"], ids)
            result.append({
                j for j, (conflict, side) in enumerate(sides)
                if conflict == k and similarity[row, j] >= TEXT_MATCH and sources & set(side.sources)
            })
        return result

    def matches(g: int, k: int) -> bool:
        first, second = side_matches(g, k)
        return any(a != b for a in first for b in second)

    required = [g for g, c in enumerate(gold_conflicts) if not c.get("optional")]
    matched = {g: [k for k in range(len(dossier.conflicts)) if matches(g, k)] for g in range(len(gold_conflicts))}
    found = [g for g in required if matched[g]]
    kind_right = [g for g in found if any(dossier.conflicts[k].kind == gold_conflicts[g]["kind"] for k in matched[g])]
    true_alarms = {k for ks in matched.values() for k in ks}
    tally = Counter(
        required=len(required), required_found=len(found), kind_right=len(kind_right),
        predicted=len(dossier.conflicts), true_alarms=len(true_alarms),
        optional_found=sum(bool(matched[g]) for g in range(len(gold_conflicts)) if g not in required),
    )
    print(_conflicts_line(tally))
    for g in required:
        if not matched[g]:
            print(f"  missed: {gold_conflicts[g]['kind']}: {gold_conflicts[g].get('note', '')}")
    for k, conflict in enumerate(dossier.conflicts):
        if k not in true_alarms:
            sides = " <> ".join(s.text[:60] for s in conflict.sides)
            print(f"  false alarm: {conflict.kind}/{conflict.attribute}: {sides}")
    return tally


def _conflicts_line(t: Counter[str]) -> str:
    precision = t["true_alarms"] / t["predicted"] if t["predicted"] else 1.0
    return (f"conflicts: recall {t['required_found'] / t['required'] if t['required'] else 1:.2f} "
            f"({t['required_found']}/{t['required']}); precision {precision:.2f} "
            f"({t['true_alarms']}/{t['predicted']}); kind accuracy of found "
            f"{t['kind_right'] / t['required_found'] if t['required_found'] else 0:.2f}; "
            f"optional found {t['optional_found']}")


def score_figures(gold_figures: list[dict], dossier: Dossier, ids: dict[str, str]) -> Counter[str]:
    """Developing figures: a gold series is found by a dossier figure holding half of its points or more."""
    predicted = [{(p.article, p.value) for p in figure.points} for figure in dossier.figures]
    found = points = points_found = 0
    true_figures: set[int] = set()
    for g in gold_figures:
        wanted = {(ids.get(p["source"]), float(p["value"])) for p in g["points"]}
        hits = [k for k, got in enumerate(predicted) if 2 * len(wanted & got) >= len(wanted)]
        if hits:
            found += 1
            points += len(wanted)
            points_found += max(len(wanted & predicted[k]) for k in hits)
            true_figures.update(hits)
        else:
            print(f"  missed figure: {g['measures']} {[p['value'] for p in g['points']]}")
    tally = Counter(figures=len(gold_figures), figures_found=found, figures_predicted=len(predicted),
                    figures_true=len(true_figures), points=points, points_found=points_found)
    print(_figures_line(tally))
    return tally


def _figures_line(t: Counter[str]) -> str:
    precision = t["figures_true"] / t["figures_predicted"] if t["figures_predicted"] else 1.0
    return (f"figures: recall {t['figures_found'] / t['figures'] if t['figures'] else 1:.2f} "
            f"({t['figures_found']}/{t['figures']}); precision {precision:.2f} "
            f"({t['figures_true']}/{t['figures_predicted']}); point recall of found "
            f"{t['points_found'] / t['points'] if t['points'] else 0:.2f}")


if __name__ == "__main__":
    main()
