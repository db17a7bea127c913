"""Article extraction on real web pages: how close newsweave's cleaned text (what `Article.text` holds after
ingest and cleaning of the HTML) comes to the hand-extracted article body.

Usage: .venv/bin/python bench/extraction.py [--worst N] [--all-languages] [--page HASH]

Reads `article-extraction-dev/` from the shared dev sets (`../shared/eval/` beside the checkout, else
`/work/shared/eval/`): `html/<hash>.html.gz` pages and `ground-truth.json` (`{hash: {"articleBody", "url"}}`).
Scoring is the benchmark's own `evaluate.py`, imported from that folder: its `\\w+` tokenizer, 4-token
shingle matching per page (TP/FP/FN normalised per page so long pages weigh no more), then precision and
recall averaged over pages and F1 of the two averages.

Only English pages are scored by default: newsweave skips other languages by design. A page is English
when newsweave's own language detector (`clean.language.detect_language`) says so of the gold article body
(the page's `<html lang>` is often missing or wrong on syndicated pages).

Printed: the worst pages by F1 (newsweave vs trafilatura alone), overall P/R/F1 for
  newsweave           ingest (trafilatura with newsweave's settings) + cleaning, i.e. `Article.text`;
                      a skipped page counts as an empty extraction
  ingest only         the same before cleaning (`RawDocument.text`), to show what cleaning adds or loses
  trafilatura alone   `trafilatura.extract(html, url=url)` with its default settings, the benchmark's
                      reference extractor (trafilatura 2.0: F1 0.958 on the full 181-page benchmark).
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from newsweave.clean.article import prepare_article  # noqa: E402
from newsweave.clean.language import detect_language  # noqa: E402
from newsweave.ingest.html import NoArticleText, html_to_document  # noqa: E402
from newsweave.lang import for_language  # noqa: E402
from newsweave.models import Article  # noqa: E402
from newsweave.settings import CleaningSettings, IngestSettings  # noqa: E402

DATASET = "article-extraction-dev"
SHARED_EVAL_FOLDERS = (ROOT.parent / "shared" / "eval", Path("/work/shared/eval"))


@dataclass
class PageResult:
    key: str
    url: str
    newsweave: tuple[float, float, float]
    ingest: tuple[float, float, float]
    trafilatura: tuple[float, float, float]
    note: str


def dataset_folder() -> Path:
    for folder in SHARED_EVAL_FOLDERS:
        if (folder / DATASET / "ground-truth.json").exists():
            return folder / DATASET
    raise SystemExit(f"no {DATASET} found in {', '.join(map(str, SHARED_EVAL_FOLDERS))}")


def load_evaluate(folder: Path) -> ModuleType:
    """The benchmark's own scoring module, so the numbers are the benchmark's numbers."""
    spec = importlib.util.spec_from_file_location("extraction_evaluate", folder / "evaluate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def newsweave_texts(html: str, url: str) -> tuple[str, str, str]:
    """(cleaned text, ingested text, note on a skip) for one page."""
    try:
        document = html_to_document(html, source=url, cfg=IngestSettings(), url=url)
    except NoArticleText as error:
        return "", "", f"ingest: {error}"
    result = prepare_article(document, for_language("en"), CleaningSettings())
    if isinstance(result, Article):
        return result.text, document.text or "", ""
    return "", document.text or "", f"skipped: {result.reason}"


def f1(tp_fp_fn: tuple[float, float, float]) -> float:
    tp, fp, fn = tp_fp_fn
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def summary(evaluate: ModuleType, scores: list[tuple[float, float, float]]) -> str:
    metrics = evaluate.metrics_from_tp_fp_fns(scores)
    return f"F1 {metrics['f1']:.3f}  precision {metrics['precision']:.3f}  recall {metrics['recall']:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--worst", type=int, default=12, help="how many worst pages to list")
    parser.add_argument("--all-languages", action="store_true", help="score every page, not only English ones")
    parser.add_argument("--page", help="only this page (hash prefix); prints both extractions")
    args = parser.parse_args()
    folder = dataset_folder()
    evaluate = load_evaluate(folder)
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    results: list[PageResult] = []
    others = 0
    seconds = 0.0
    for key, gold in sorted(truth.items()):
        if args.page and not key.startswith(args.page):
            continue
        body = gold.get("articleBody", "")
        if not args.all_languages and detect_language(body) != "en":
            others += 1
            continue
        html = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8", errors="replace")
        url = gold.get("url", "")
        started = time.perf_counter()
        cleaned, ingested, note = newsweave_texts(html, url)
        seconds += time.perf_counter() - started
        reference = trafilatura.extract(html, url=url) or ""
        results.append(
            PageResult(
                key=key,
                url=url,
                newsweave=evaluate.string_shingle_matching(true=body, pred=cleaned),
                ingest=evaluate.string_shingle_matching(true=body, pred=ingested),
                trafilatura=evaluate.string_shingle_matching(true=body, pred=reference),
                note=note,
            )
        )
        if args.page:
            print(f"--- gold\n{body}\n--- newsweave\n{cleaned}\n--- trafilatura\n{reference}\n")
    print(f"{DATASET}: {len(results)} pages scored, {others} not English (skipped)")
    if not results:
        return
    print("worst pages by newsweave F1 (newsweave / trafilatura alone):")
    for result in sorted(results, key=lambda r: f1(r.newsweave))[: args.worst]:
        _, fp, fn = result.newsweave
        print(
            f"  {result.key[:10]}  F1 {f1(result.newsweave):.3f} / {f1(result.trafilatura):.3f}"
            f"  (fp {fp:.2f} fn {fn:.2f})  {result.url[:80]}  {result.note}"
        )
    print(f"  {'newsweave':<18} {summary(evaluate, [r.newsweave for r in results])}")
    print(f"  {'ingest only':<18} {summary(evaluate, [r.ingest for r in results])}")
    print(f"  {'trafilatura alone':<18} {summary(evaluate, [r.trafilatura for r in results])}")
    print(f"  speed: {seconds / len(results) * 1000:.0f} ms per page (ingest + cleaning)")


if __name__ == "__main__":
    main()
