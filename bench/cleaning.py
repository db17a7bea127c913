"""Cleaning and article metadata against hand-labelled gold: how much furniture goes, how many article
sentences survive, and how often title / outlet / dateline / byline / publication date are right.

Usage: .venv/bin/python bench/cleaning.py [--gold FILE.json ...] [--show-misses] [--real]

Gold format (one JSON object per file):
    {"folder": "path/to/articles",            # optional; relative to the gold file, else the example folder
     "articles": [
        {"file": "000_x.txt",                 # article file name inside the folder (.txt, .html, .json ...)
         "furniture": ["snippet", ...],       # text that must NOT survive in the cleaned text (case-sensitive)
         "sentences": ["sentence", ...],      # article sentences that MUST survive, verbatim
         "metadata": {"title": str|null, "outlet": str|null, "dateline": str|null,
                      "byline": str|null, "published": "YYYY-MM-DD"|null}}   # any subset of the keys
     ]}
Whitespace is normalised before matching. Metadata compares case-insensitively; an outlet also counts as
right when one name contains the other ("Anadolu" / "Anadolu Agency"); null gold means "must be null".

Gold read: every cleaning*.json under ../shared/eval/ (when present; its `folder` is resolved there, else
../shared/seeds); else the project's own gold:
  eval/seeds/cleaning.json        the five articles of examples/kim-beijing-parade (the rules were built on
                                  them, so read its figures as a regression check);
  eval/seeds/cleaning-pages.json  five made-up pages in other sites' styles (eval/seeds/cleaning-pages/),
                                  written and labelled before the cleaner first ran on them; the figures of
                                  that first run are kept in docs/cleaning.md, fixes came after;
  eval/seeds/metadata-plain.json  30 made-up plain-text articles printing outlet and date the ways real
                                  copied coverage does (and traps: photo credits, quoted wires, crawl dates);
                                  also written and labelled before the rules they measure.

Printed per article and in total:
  furniture recall   share of furniture snippets gone from the cleaned text
  sentence survival  share of gold sentences still in the cleaned text
  removal precision  estimate: 1 - (chars of gold sentences lost) / (chars removed), i.e. the share of
                     removed text that was not article sentences (headlines, decks and credits count as
                     correctly removed)
and, for reference, the same figures for the raw text with no cleaning, and the cleaning speed. Metadata is
printed over all labelled fields (a null gold is right only when nothing is found: precision) and, for outlet
and publication date, over the articles that state one (recall).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsweave.clean.article import prepare_article  # noqa: E402
from newsweave.clean.language import detect_language  # noqa: E402
from newsweave.dates import contract_value  # noqa: E402
from newsweave.ingest.files import read_file  # noqa: E402
from newsweave.lang import for_language  # noqa: E402
from newsweave.models import Article, RawDocument, Skipped  # noqa: E402
from newsweave.settings import CleaningSettings  # noqa: E402

SHARED = next((p for p in (ROOT.parent / "shared", Path("/work/shared")) if p.is_dir()), ROOT.parent / "shared")
"""The shared dev sets sit beside the checkout (CI) or at /work/shared (a worktree under /work/wt/)."""
SHARED_EVAL = SHARED / "eval"
SHARED_SEEDS = SHARED / "seeds"
OWN_GOLD = [ROOT / "eval" / "seeds" / name for name in ("cleaning.json", "cleaning-pages.json", "metadata-plain.json")]
EXAMPLE = ROOT / "examples" / "kim-beijing-parade"
META_FIELDS = ("title", "outlet", "dateline", "byline", "published")


@dataclass
class Score:
    furniture: int = 0
    furniture_gone: int = 0
    sentences: int = 0
    sentences_kept: int = 0
    removed_chars: int = 0
    lost_chars: int = 0
    meta_right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(META_FIELDS, 0))
    meta_total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(META_FIELDS, 0))
    stated_right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(META_FIELDS, 0))
    stated_total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(META_FIELDS, 0))
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("furniture", "furniture_gone", "sentences", "sentences_kept", "removed_chars", "lost_chars"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for counts in ("meta_right", "meta_total", "stated_right", "stated_total"):
            for key in META_FIELDS:
                getattr(self, counts)[key] += getattr(other, counts)[key]

    def row(self) -> str:
        precision = 1 - self.lost_chars / self.removed_chars if self.removed_chars else 1.0
        return (
            f"furniture recall {_share(self.furniture_gone, self.furniture)}  "
            f"sentence survival {_share(self.sentences_kept, self.sentences)}  "
            f"removal precision {precision:6.1%} ({self.removed_chars} chars removed)"
        )


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} = {part / whole:6.1%}" if whole else "n/a"


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def gold_files() -> list[Path]:
    shared = sorted(SHARED_EVAL.glob("**/cleaning*.json")) if SHARED_EVAL.is_dir() else []
    return shared or [path for path in OWN_GOLD if path.exists()]


def article_folder(gold_path: Path, gold: dict) -> Path:
    if gold.get("folder"):
        return (gold_path.parent / gold["folder"]).resolve()
    return SHARED_SEEDS if gold_path.is_relative_to(SHARED_EVAL) else EXAMPLE


def load_document(path: Path) -> RawDocument | Skipped:
    results = list(read_file(path))
    return results[0] if results else Skipped(path=str(path), reason="nothing read")


def score_article(cleaned_text: str, raw_text: str, removed_chars: int, item: dict, article: Article | None) -> Score:
    score = Score(removed_chars=removed_chars)
    text = _norm(cleaned_text)
    for snippet in item.get("furniture", []):
        score.furniture += 1
        if _norm(snippet) in text:
            score.misses.append(f"furniture kept: {snippet!r}")
        else:
            score.furniture_gone += 1
    for sentence in item.get("sentences", []):
        score.sentences += 1
        if _norm(sentence) in text:
            score.sentences_kept += 1
        else:
            score.misses.append(f"sentence lost: {sentence[:90]!r}")
            score.lost_chars += len(_norm(sentence)) if _norm(sentence) in _norm(raw_text) else 0
    for key, expected in item.get("metadata", {}).items():
        if key not in META_FIELDS:
            continue
        got = article.model_dump(mode="json")[key] if article else None
        score.meta_total[key] += 1
        score.stated_total[key] += expected is not None
        if _meta_match(key, expected, got):
            score.meta_right[key] += 1
            score.stated_right[key] += expected is not None
        else:
            score.misses.append(f"{key}: expected {expected!r}, got {got!r}")
    return score


def _meta_match(key: str, expected: str | None, got: object) -> bool:
    if expected is None or got is None:
        return expected is None and got is None
    want, have = _norm(str(expected)).lower(), _norm(str(got)).lower()
    return want == have or (key == "outlet" and (want in have or have in want))


def run(gold_path: Path, show_misses: bool) -> Score:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    folder = article_folder(gold_path, gold)
    print(f"gold: {gold_path}  articles: {folder}")
    total, baseline = Score(), Score()
    seconds = 0.0
    for item in gold.get("articles", []):
        document = load_document(folder / item["file"])
        if isinstance(document, Skipped) or not document.text:
            print(f"  {item['file']}: cannot read ({getattr(document, 'reason', 'no text')})")
            continue
        started = time.perf_counter()
        result = prepare_article(document, for_language("en"), CleaningSettings())
        seconds += time.perf_counter() - started
        article = result if isinstance(result, Article) else None
        cleaned = article.text if article else ""
        removed = sum(len(r.text) for r in article.removed) if article else len(document.text)
        score = score_article(cleaned, document.text, removed, item, article)
        baseline.add(score_article(document.text, document.text, 0, item, None))
        print(f"  {item['file'][:24]:<24} {score.row()}")
        if show_misses:
            for miss in score.misses:
                print(f"      {miss}")
        total.add(score)
    print(f"  {'TOTAL':<24} {total.row()}")
    print(f"  {'no cleaning (raw text)':<24} {baseline.row()}")
    fields = "  ".join(f"{key} {_share(total.meta_right[key], total.meta_total[key])}" for key in META_FIELDS)
    print(f"  metadata: {fields}")
    stated = "  ".join(
        f"{key} {_share(total.stated_right[key], total.stated_total[key])}"
        for key in ("outlet", "published") if total.stated_total[key] < total.meta_total[key]
    )
    if stated:
        print(f"  where the text states it: {stated}")
    count = len(gold.get("articles", []))
    if count:
        print(f"  cleaning speed: {seconds / count * 1000:.1f} ms per article (prepare_article, incl. language id)")
    return total


def real_text_check() -> None:
    """ECB+ dev articles (real news) read as plain text, title line then body, without the record's URL, date
    and outlet: what the text alone yields. The records' dates come from the source pages, so a differing
    date is worth a look (an update stamp a day later is fine), and every outlet read is listed to check by eye.
    """
    records = SHARED_EVAL / "ecbplus-dev" / "articles.jsonl"
    if not records.exists():
        print(f"no {records}: real-text check skipped")
        return
    rows = [json.loads(line) for line in records.read_text(encoding="utf-8").splitlines() if line.strip()]
    res, cfg = for_language("en"), CleaningSettings()
    read = agree = differ = recorded = 0
    outlets: list[str] = []
    for row in rows:
        result = prepare_article(RawDocument(source=row["id"], text=f"{row['title']}\n{row['text']}"), res, cfg)
        if not isinstance(result, Article):
            continue
        published = contract_value(result.published) if result.published else None
        read += published is not None
        recorded += bool(row.get("published"))
        if published and row.get("published"):
            same = str(row["published"]).startswith(str(published))
            agree, differ = agree + same, differ + (not same)
        if result.outlet:
            outlets.append(f"{result.outlet} ({row['id']})")
    print(f"real text, ecbplus-dev as plain text ({len(rows)} articles): publication date read for {read}; "
          f"of the {recorded} with a recorded date {agree} agree, {differ} differ")
    print(f"  outlets read from the text: {len(outlets)}: {'; '.join(outlets)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, nargs="*", help="gold JSON files (default: see module docstring)")
    parser.add_argument("--show-misses", action="store_true", help="list every missed snippet and field")
    parser.add_argument("--real", action="store_true", help="also read ECB+ dev articles as plain text (see real_text_check)")
    args = parser.parse_args()
    started = time.perf_counter()
    detect_language("A first call builds the language detector, which is measured here on its own.")
    print(f"language detector first call: {(time.perf_counter() - started) * 1000:.0f} ms")
    for path in args.gold or gold_files():
        run(path, args.show_misses)
    if args.real:
        real_text_check()


if __name__ == "__main__":
    main()
