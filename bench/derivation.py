"""Score copy detection and copy direction (newsweave.link.derivation) against gold; prints the numbers.

Gold: every `eval/copies/*.json` (or the files given), made-up stories of wire copies, republications,
write-throughs and credited rewrites:

    {"stories": [
      {"name": "...",
       "articles": [ {"id": "...", "text": "...", "url": "...", "published": "YYYY-MM-DD", "title": "..."} ],
       "derivations": [ {"source": "<id>", "derived": "<id>"},            # direction knowable
                        {"pair": ["<id>", "<id>"], "order": "unknown"} ]  # nothing tells which came first
      }]}

Each story is cleaned, parsed and embedded alone and passed to `detect_derivations` (story clustering is
not what is measured here). `--ecbplus N` also runs the first N gold stories of `../shared/eval/ecbplus-dev`
(real articles, many of them wire copies; no copy gold) and prints how the pairs found are oriented, to watch
how often real copies get a direction and by which sign. Printed: pairs found (either direction) and false pairs; of the gold pairs,
how many get the right direction (for an `unknown` pair: reported as order unknown), how many a wrong
direction (a guess against the gold: the worst outcome) and how many are called unknown although the
texts tell.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsweave.app.pipeline import prepare_articles  # noqa: E402
from newsweave.link.derivation import detect_derivations  # noqa: E402
from newsweave.models import Derivation, RawDocument  # noqa: E402
from newsweave.nlp.annotate import annotate_articles  # noqa: E402
from newsweave.nlp.embed import embed_sentences  # noqa: E402
from newsweave.nlp.models import Models, load_models  # noqa: E402
from newsweave.settings import DerivationSettings  # noqa: E402

UNKNOWN = "unknown"  # not language


def story_derivations(
    story: dict, models: Models, cfg: DerivationSettings
) -> tuple[list[Derivation], dict[str, str], list[str]]:
    """The derivations found in one story, article id -> gold id, and the reasons of articles skipped."""
    raws = [
        RawDocument(source=a["id"], path=a["id"], text=a["text"], url=a.get("url"), title=a.get("title"),
                    published=a.get("published"))
        for a in story["articles"]
    ]
    articles, skipped = prepare_articles(raws)
    gold_id = {article.id: article.path or "" for article in articles}
    analyzed = list(annotate_articles(articles, models.nlp))
    found = detect_derivations(analyzed, embed_sentences(analyzed, models.link_embedder), cfg)
    return found, gold_id, [f"{s.path}: {s.reason}" for s in skipped]


def ecbplus_stories(limit: int) -> list[dict]:
    """The first `limit` gold stories of the ECB+ dev set, in the gold file's format (no derivations)."""
    folder = next((p for p in (ROOT.parent / "shared" / "eval", Path("/work/shared/eval")) if p.is_dir()), None)
    if folder is None:
        sys.exit("no ../shared/eval/ecbplus-dev here")
    story_of = dict(
        line.split("\t")[:2] for line in (folder / "ecbplus-dev" / "gold_stories.tsv").read_text().splitlines()[1:]
    )
    stories: dict[str, list[dict]] = {}
    for line in (folder / "ecbplus-dev" / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        stories.setdefault(story_of[record["id"]], []).append(record)
    return [{"name": name, "articles": stories[name]} for name in sorted(stories)[:limit]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gold", type=Path, nargs="*", default=sorted((ROOT / "eval" / "copies").glob("*.json")))
    parser.add_argument("--ecbplus", type=int, default=0, metavar="N")
    args = parser.parse_args()
    models, cfg = load_models(), DerivationSettings()
    if args.ecbplus:
        directions: dict[str, int] = {}
        stories = ecbplus_stories(args.ecbplus)
        for story in stories:
            for found in story_derivations(story, models, cfg)[0]:  # skipped pages simply take no part
                directions[found.direction] = directions.get(found.direction, 0) + 1
        articles = sum(len(story["articles"]) for story in stories)
        print(f"ecbplus-dev, {len(stories)} stories, {articles} articles: {sum(directions.values())} copy pairs, "
              + ", ".join(f"{name} {count}" for name, count in sorted(directions.items())))
    counts = {"gold": 0, "found": 0, "right": 0, "wrong": 0, "unknown_but_told": 0, "false": 0, "predicted": 0}
    for path in args.gold:
        for story in json.loads(path.read_text(encoding="utf-8"))["stories"]:
            found, gold_id, skipped = story_derivations(story, models, cfg)
            if skipped:
                sys.exit(f"{story['name']}: gold articles skipped: {skipped}")
            predicted = {
                frozenset((gold_id[d.source], gold_id[d.derived])): (gold_id[d.source], gold_id[d.derived], d.direction)
                for d in found
            }
            counts["predicted"] += len(predicted)
            gold_pairs = set()
            for g in story["derivations"]:
                pair = tuple(g["pair"]) if "pair" in g else (g["source"], g["derived"])
                gold_pairs.add(frozenset(pair))
                counts["gold"] += 1
                got = predicted.get(frozenset(pair))
                if got is None:
                    outcome = "missed"
                elif "pair" in g:
                    outcome = "right" if got[2] == UNKNOWN else "wrong"
                elif got[2] == UNKNOWN:
                    outcome = "unknown_but_told"
                else:
                    outcome = "right" if got[:2] == pair else "wrong"
                counts["found"] += got is not None
                if outcome in counts:
                    counts[outcome] += 1
                shown = f"{got[0]} -> {got[1]} ({got[2]})" if got else "-"
                label = " ~ ".join(pair) if "pair" in g else " -> ".join(pair)
                print(f"  {outcome:16} {story['name']:34} gold {label}; got {shown}")
            counts["false"] += len(set(predicted) - gold_pairs)
            for pair in set(predicted) - gold_pairs:
                print(f"  false pair       {story['name']:34} {' / '.join(sorted(pair))}")
    n = counts["gold"] or 1
    print(f"copies: pairs found {counts['found']}/{counts['gold']}, false pairs {counts['false']}/{counts['predicted']}; "
          f"direction right {counts['right']}/{counts['gold']} ({counts['right'] / n:.2f}), "
          f"wrong {counts['wrong']}, unknown where the texts tell {counts['unknown_but_told']}")


if __name__ == "__main__":
    main()
