"""Score time-expression normalization and the story timeline against gold; prints the numbers.

Two kinds of gold are read, whichever are present:

1. TimeML / TempEval-3 files (`*.tml`) anywhere under `../shared/eval/`: each document's text with inline
   `<TIMEX3 tid= type= value=>...</TIMEX3>` tags, and its creation time in `<DCT><TIMEX3 value=...>`. The DCT is
   given to newsweave as the publication date; newsweave's expressions are scored as TimeML marks them
   (`nlp.timex.timeml_view`: "since [1901]" without its signal, a range's dates apart, no ages). Printed: relaxed span P/R/F1 (any character overlap, one to one),
   strict span F1 (same offsets), and exact-value accuracy over the relaxed matches (TempEval-3 style).

2. newsweave's own JSON gold: the first `timeline*.json` in `../shared/eval/` with the format below, else
   `eval/seeds/timeline.json` (the five bundled example articles):

       {
         "articles_dir": "examples/kim-beijing-parade",          # relative to the project root or the gold file
         "articles": {
           "<file name>": {
             "published": "YYYY-MM-DD" | ["start", "end"] | null,  # the true publication date or window
             "expressions": [
               {"text": "exact text in the article", "occurrence": 1,   # nth occurrence; negative counts from the end
                "value": "2025-09-03" | "2025-W36" | "P6Y" | ["2018", "2019"], "type": "date|relative|..."}
             ]
           }
         },
         "events": [
           {"name": "label", "date": "2025-09-03" | ["2018", "2019"],
            "keywords": ["parade", ...],        # one must occur in the entry's event text or evidence sentences
            "sources": ["<file name>", ...],   # the outlets that report it
            "expression": "Sept. 3"}           # optional: a wording of the date, to tell when cleaning removed it
         ]
       }

   `--gold PATH` scores that one JSON gold file instead (TempEval-3 files are then not read), e.g.
   `eval/heldout/timeline.json`: hand-labelled articles written as a held-out set (their first scores were
   taken before any rule was fixed on them; later fixes were informed by their failures).

   The whole pipeline runs on the articles (publication windows, entities, timeline), then each article's
   time expressions are taken with the publication date or window the pipeline set. Printed: the same span
   and value scores; "honest" value accuracy, where a predicted range that contains the gold day counts
   (the promise is correct dates or honest ranges, never a confident wrong day); publication windows that
   contain the true date; and for the events: recall (an entry whose date overlaps the gold date and whose
   text has a keyword), how many of those have the exact date or an honest range, source recall, and
   whether the exactly dated matches come in the gold events' date order (a range sorts by its start). Gold
   expressions absent from the cleaned text (furniture the cleaner removed) are counted apart, not scored.
   The time find_time_expressions takes per (already parsed) article is printed too.

TempEval-3 scores are printed for all documents and apart for TimeBank and AQUAINT (the files with a `<TITLE>`),
so that a change measured on one half can be checked on the other. `--errors` lists every miss, false span and
wrong value grouped by class (TIMEX3 type and the value's shape), largest class first. `--cache DIR` keeps the
parsed TempEval-3 documents there between runs (spaCy DocBin, keyed by the texts and the model).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from newsweave.app.pipeline import analyze_articles, prepare_articles  # noqa: E402
from newsweave.dates import contract_value, value_days  # noqa: E402
from newsweave.ingest.files import read_paths  # noqa: E402
from newsweave.lang import DOC_EXTENSION, for_language  # noqa: E402
from newsweave.models import AnalyzedArticle, Article, Dossier, TimelineEntry  # noqa: E402
from newsweave.nlp.annotate import analyzed_from_doc, annotate_articles, caption_view  # noqa: E402
from newsweave.nlp.models import Models, load_models  # noqa: E402
from newsweave.nlp.timex import TimeExpression, find_time_expressions, timeml_view  # noqa: E402

SHARED_EVAL = next(
    (p for p in (ROOT.parent / "shared" / "eval", Path("/work/shared/eval")) if p.is_dir()), ROOT.parent / "shared" / "eval"
)
"""`shared/eval` beside the checkout (CI), else the shared folder of a worktree under /work/wt/."""
SEED_GOLD = ROOT / "eval" / "seeds" / "timeline.json"
TIMEX_TAG = re.compile(r"<TIMEX3\b([^>]*)>(.*?)</TIMEX3>", re.S)
ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')
ANY_TAG = re.compile(r"<[^>]+>")
WRONG_SHOWN = 15
WEEK_PADDING = re.compile(r"-W0(\d)\b")
ERRORS_SHOWN = 12
"""Examples listed per error class with --errors (--shown to change)."""
CONTEXT_CHARS = 30


@dataclass
class GoldSpan:
    start: int
    end: int
    value: str | list[str]
    type: str = ""


@dataclass
class Scores:
    gold: int = 0
    predicted: int = 0
    relaxed: int = 0
    strict: int = 0
    exact_value: int = 0
    honest_value: int = 0
    wrong: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    """(class, example) of every miss, false span, wrong value and boundary difference, for --errors."""

    def add(self, other: Scores) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def lines(self, label: str) -> list[str]:
        precision = self.relaxed / self.predicted if self.predicted else 0.0
        recall = self.relaxed / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        strict_p = self.strict / self.predicted if self.predicted else 0.0
        strict_r = self.strict / self.gold if self.gold else 0.0
        strict_f1 = 2 * strict_p * strict_r / (strict_p + strict_r) if strict_p + strict_r else 0.0
        matched = max(self.relaxed, 1)
        value = self.exact_value / matched
        return [
            f"{label}: gold {self.gold}, predicted {self.predicted}",
            f"  relaxed span  P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}",
            f"  strict span   F1 {strict_f1:.3f}",
            f"  value accuracy over relaxed matches: exact {value:.3f}"
            f"  honest (range holds the gold) {self.honest_value / matched:.3f}",
            f"  value accuracy x relaxed span F1: {value * f1:.3f}",
            *[f"    value differs: {w}" for w in self.wrong[:WRONG_SHOWN]],
        ]


def score_spans(gold: list[GoldSpan], predicted: list[TimeExpression], text: str = "") -> Scores:
    """One-to-one matching by overlap, largest overlap first; with `text`, each error is kept with its context."""
    pairs = sorted(
        (
            (min(g.end, p.end) - max(g.start, p.start), gi, pi)
            for gi, g in enumerate(gold)
            for pi, p in enumerate(predicted)
            if g.start < p.end and p.start < g.end
        ),
        reverse=True,
    )
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    scores = Scores(gold=len(gold), predicted=len(predicted))
    for _, gi, pi in pairs:
        if gi in used_gold or pi in used_predicted:
            continue
        used_gold.add(gi)
        used_predicted.add(pi)
        g, p = gold[gi], predicted[pi]
        scores.relaxed += 1
        scores.strict += (g.start, g.end) == (p.start, p.end)
        exact = same_value(g.value, p.value)
        scores.exact_value += exact
        scores.honest_value += exact or holds(p.value, g.value)
        if not exact:
            scores.wrong.append(f"'{p.text}': {_canonical(p.value) if p.value else None} (gold {_canonical(g.value)})")
            scores.errors.append((
                f"value {g.type} {_shape(g.value)} <- {_shape(p.value)}",
                f"{_canonical(g.value)} <- {_canonical(p.value) if p.value else None}: {_context(text, p.start, p.end)}",
            ))
        if (g.start, g.end) != (p.start, p.end):
            side = "gold wider" if g.start <= p.start and p.end <= g.end else "ours wider" if p.start <= g.start and g.end <= p.end else "shifted"
            scores.errors.append((f"boundary {side} {g.type}", f"gold '{text[g.start:g.end]}' ours '{p.text}'"))
    for gi, g in enumerate(gold):
        if gi not in used_gold:
            scores.errors.append((f"missed {g.type} {_shape(g.value)}", f"{_canonical(g.value)}: {_context(text, g.start, g.end)}"))
    for pi, p in enumerate(predicted):
        if pi not in used_predicted:
            scores.errors.append((f"false {p.type} {_shape(p.value)}", f"{_canonical(p.value) if p.value else None}: {_context(text, p.start, p.end)}"))
    return scores


def _shape(value: str | list[str] | None) -> str:
    """A value with its digits masked ("1998-02-13" -> "9999-99-99"), to group errors by kind."""
    if value is None or value == "":
        return "none"
    if isinstance(value, list):
        return "range"
    return re.sub(r"\d", "9", value)


def _context(text: str, start: int, end: int) -> str:
    if not text:
        return ""
    before = text[max(0, start - CONTEXT_CHARS) : start].replace("\n", " ")
    after = text[end : end + CONTEXT_CHARS].replace("\n", " ")
    return f"...{before}[{text[start:end]}]{after}..."


def print_errors(errors: list[tuple[str, str]], shown: int = ERRORS_SHOWN) -> None:
    by_class: dict[str, list[str]] = defaultdict(list)
    for kind, example in errors:
        by_class[kind].append(example)
    counts = Counter({kind: len(examples) for kind, examples in by_class.items()})
    for kind, count in counts.most_common():
        print(f"== {count:4d}  {kind}")
        for example in by_class[kind][:shown]:
            print(f"        {example}")


def same_value(gold: str | list[str], predicted: str | list[str] | None) -> bool:
    """Equal values, or a range of points and a point covering the same days ("2026-SP" and ["2026-03",
    "2026-05"], as the hand-labelled gold writes seasons and quarters)."""
    if predicted is None:
        return False
    if _canonical(gold) == _canonical(predicted):
        return True
    ranged = isinstance(gold, list) or isinstance(predicted, list)
    return ranged and _days(gold) is not None and _days(gold) == _days(predicted)


def holds(predicted: str | list[str] | None, gold: str | list[str]) -> bool:
    """A predicted range that contains the gold value (weeks as their days)."""
    outer, inner = _days(predicted), _days(gold)
    return outer is not None and inner is not None and outer[0] <= inner[0] and inner[1] <= outer[1]


def _canonical(value: str | list[str]) -> str:
    """One spelling per value: a one-day range is its day, and an ISO week number is written without a leading
    zero (TempEval-3's gold writes "2000-W7" and "2000-W07" for the same week)."""
    if isinstance(value, list):
        return "/".join(map(_canonical, value)) if value[0] != value[-1] else _canonical(value[0])
    return WEEK_PADDING.sub(r"-W\1", value)


def _days(value: str | list[str] | None) -> tuple[date, date] | None:
    if value is None:
        return None
    week = re.fullmatch(r"(\d{4})-W(\d{2})", value) if isinstance(value, str) else None
    if week:
        monday = date.fromisocalendar(int(week[1]), int(week[2]), 1)
        return monday, date.fromisocalendar(int(week[1]), int(week[2]), 7)
    try:
        return value_days(value)
    except ValueError:
        return None


# --------------------------------------------------------------------------- TempEval-3 (.tml)


@dataclass
class TmlDocument:
    name: str
    dct: str
    text: str
    gold: list[GoldSpan]
    aquaint: bool
    """AQUAINT files carry a <TITLE>; TimeBank files do not."""


def tml_documents(folder: Path) -> list[TmlDocument]:
    """The DCT, plain text and gold spans of every readable .tml file; unreadable ones are reported and skipped."""
    documents = []
    for path in sorted(folder.rglob("*.tml")):
        try:
            raw = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            print(f"  skipped {path.name}: {error}")
            continue
        dct = re.search(r"<DCT>\s*<TIMEX3\b([^>]*)>", raw)
        body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
        if not dct or not body:
            print(f"  skipped {path.name}: no DCT or TEXT")
            continue
        dct_value = dict(ATTRIBUTE.findall(dct[1])).get("value", "")[:10]
        text, spans = _strip_tags(body[1])
        documents.append(TmlDocument(path.name, dct_value, text, spans, "<TITLE>" in raw))
    return documents


def _strip_tags(marked: str) -> tuple[str, list[GoldSpan]]:
    text = ""
    spans = []
    position = 0
    for m in TIMEX_TAG.finditer(marked):
        text += ANY_TAG.sub("", marked[position : m.start()])
        inner = ANY_TAG.sub("", m[2])
        attributes = dict(ATTRIBUTE.findall(m[1]))
        spans.append(GoldSpan(len(text), len(text) + len(inner), attributes.get("value", ""), attributes.get("type", "")))
        text += inner
        position = m.end()
    return text + ANY_TAG.sub("", marked[position:]), spans


def score_tml(folder: Path, models: Models, errors: int = 0, cache: Path | None = None) -> None:
    documents = tml_documents(folder)
    if not documents:
        print("TempEval-3: no .tml files under ../shared/eval/; skipped")
        return
    articles = [
        Article(id=f"tml{i}", text=d.text, published=d.dct or None, published_reason="document creation time")
        for i, d in enumerate(documents)
    ]
    total, timebank, aquaint = Scores(), Scores(), Scores()
    for item, document in zip(parsed(articles, models, cache), documents, strict=True):
        scores = score_spans(document.gold, timeml_view(find_time_expressions(item), document.text), document.text)
        total.add(scores)
        (aquaint if document.aquaint else timebank).add(scores)
    print("\n".join(total.lines(f"TempEval-3 ({len(documents)} documents)")))
    for label, part in (("TimeBank", timebank), ("AQUAINT", aquaint)):
        print("\n".join(line for line in part.lines(label) if "value differs" not in line))
    if errors:
        print_errors(total.errors, errors)


def parsed(articles: list[Article], models: Models, cache: Path | None) -> list[AnalyzedArticle]:
    """The articles parsed, read from `cache` when the same texts were parsed there by the same model."""
    if cache is None:
        return list(annotate_articles(articles, models.nlp))
    from spacy.tokens import DocBin

    meta = models.nlp.meta
    key = hashlib.sha256("\0".join([meta["name"], meta["version"], *(a.text for a in articles)]).encode()).hexdigest()
    path = cache / f"tempeval-{key[:16]}.spacy"
    if not path.exists():
        items = list(annotate_articles(articles, models.nlp))
        cache.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        DocBin(docs=[item.doc for item in items]).to_disk(partial)
        partial.replace(path)
        return items
    res = for_language(models.nlp.lang)
    docs = list(DocBin().from_disk(path).get_docs(models.nlp.vocab))
    for doc in docs:
        setattr(doc._, DOC_EXTENSION, res)
    return [analyzed_from_doc(article, doc) for article, doc in zip(articles, docs, strict=True)]


# --------------------------------------------------------------------------- newsweave JSON gold


def json_gold() -> tuple[Path, dict] | None:
    candidates = sorted(SHARED_EVAL.rglob("timeline*.json")) if SHARED_EVAL.is_dir() else []
    for path in [*candidates, SEED_GOLD]:
        gold = read_json_gold(path)
        if gold is not None:
            return path, gold
    return None


def read_json_gold(path: Path) -> dict | None:
    """The gold in newsweave's JSON format, or None when the file is unreadable or in another format."""
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return gold if isinstance(gold, dict) and "articles" in gold and "articles_dir" in gold else None


def find_occurrence(text: str, needle: str, occurrence: int) -> int | None:
    starts = [m.start() for m in re.finditer(re.escape(needle), text)]
    index = occurrence - 1 if occurrence > 0 else occurrence
    return starts[index] if -len(starts) <= index < len(starts) else None


def score_json(path: Path, gold: dict, models: Models) -> None:
    folder = ROOT / gold["articles_dir"]
    if not folder.is_dir():
        folder = path.parent / gold["articles_dir"]
    raws, skipped = read_paths([str(folder)])
    articles, skipped_clean = prepare_articles(raws)
    for s in skipped + skipped_clean:
        print(f"  skipped {s.path}: {s.reason}")
    dossier = analyze_articles(articles, models)
    by_name = {Path(a.path or "").name: a for a in dossier.articles}
    analyzed = {a.article.id: a for a in annotate_articles(dossier.articles, models.nlp)}
    print(f"gold: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    total = Scores()
    absent = in_captions = 0
    windows_ok = 0
    seconds = 0.0
    for name, labelled in gold["articles"].items():
        article = by_name.get(name)
        if article is None:
            print(f"  {name}: not analyzed")
            continue
        spans: dict[str, list[GoldSpan]] = {"body": [], "caption": []}
        for g in labelled.get("expressions", []):
            for part, text in (("body", article.text), ("caption", article.captions)):
                start = find_occurrence(text, g["text"], g.get("occurrence", 1))
                if start is not None:
                    spans[part].append(GoldSpan(start, start + len(g["text"]), g["value"]))
                    break
            else:
                absent += 1
        began = time.perf_counter()
        predicted = find_time_expressions(analyzed[article.id])
        seconds += time.perf_counter() - began
        total.add(score_spans(spans["body"], predicted))
        captions = caption_view(analyzed[article.id])
        if captions is not None:
            in_captions += len(spans["caption"])
            total.add(score_spans(spans["caption"], find_time_expressions(captions, part="caption")))
        truth = labelled.get("published")
        published = contract_value(article.published)
        ok = truth is not None and (holds(published, truth) or same_value(truth, published))
        windows_ok += ok
        verdict = "holds" if ok else "unknown" if published is None else "MISSES"
        print(f"  {name}: published {published} (gold {truth}) {verdict}")
    print(f"publication date or window holds the true date: {windows_ok}/{len(gold['articles'])}")
    print("\n".join(total.lines("seed expressions")))
    print(f"  of them in photo captions (kept aside by the cleaner, scored): {in_captions}")
    print(f"  gold expressions absent from the cleaned text and captions (not scored): {absent}")
    print(f"  find_time_expressions: {1000 * seconds / max(len(analyzed), 1):.1f} ms per parsed article")
    score_events(gold.get("events", []), dossier, by_name)


def score_events(events: list[dict], dossier: Dossier, by_name: dict[str, Article]) -> None:
    if not events:
        return
    found = exact = honest = 0
    source_hits = source_total = 0
    matched_positions = []
    texts = " ".join(f"{a.text} {a.captions}" for a in by_name.values())
    for event in sorted(events, key=lambda e: _days(e["date"]) or (date.max, date.max)):
        hit = _matching_entry(event, dossier.timeline, dossier)
        wanted = {by_name[n].id for n in event.get("sources", []) if n in by_name}
        source_total += len(wanted)
        if hit is None:
            absent = " (its expression is not in the cleaned text)" if event.get("expression", "") not in texts else ""
            print(f"  MISSED  {event['name']} ({_canonical(event['date'])}){absent}")
            continue
        index, entry = hit
        found += 1
        is_exact = same_value(event["date"], entry.date)
        exact += is_exact
        honest += is_exact or holds(entry.date, event["date"])
        source_hits += len(wanted & set(entry.sources))
        if is_exact:
            matched_positions.append(index)
        quality = "exact" if is_exact else "range" if holds(entry.date, event["date"]) else "WRONG"
        print(f"  {quality:6}  {event['name']}: {_canonical(entry.date)} ({len(entry.sources)} sources)")
    in_order = matched_positions == sorted(matched_positions)
    n = len(events)
    print(f"timeline events: recall {found}/{n} = {found / n:.3f}; exact date {exact}/{n} = {exact / n:.3f}; "
          f"exact or honest range {honest}/{n} = {honest / n:.3f}")
    print(f"  source recall of matched events {source_hits}/{source_total}; "
          f"exactly dated matches in the gold events' date order: {in_order}")
    print(f"  timeline entries: {len(dossier.timeline)}")


def _matching_entry(event: dict, timeline: list[TimelineEntry], dossier: Dossier) -> tuple[int, TimelineEntry] | None:
    """The overlapping entry with a keyword, preferring the exact date, then the narrowest, then most sources."""
    gold_days = _days(event["date"])
    keywords = [k.lower() for k in event.get("keywords", [])]
    candidates = []
    for index, entry in enumerate(timeline):
        days = _days(entry.date)
        if gold_days is None or days is None or days[1] < gold_days[0] or gold_days[1] < days[0]:
            continue
        words = " ".join([entry.event] + [ev.sentence for ev in entry.evidence]).lower()
        if keywords and not any(k in words for k in keywords):
            continue
        width = (days[1] - days[0]).days
        candidates.append((not same_value(event["date"], entry.date), width, -len(entry.sources), index, entry))
    if not candidates:
        return None
    best = min(candidates, key=lambda c: c[:4])
    return best[3], best[4]


def main() -> None:
    parser = argparse.ArgumentParser(description="Score time expressions and the timeline against gold.")
    parser.add_argument(
        "--gold", type=Path, help="score this newsweave JSON gold file only (default: the search above)"
    )
    parser.add_argument(
        "--errors", type=int, nargs="?", const=ERRORS_SHOWN, default=0,
        help="list TempEval-3 errors grouped by class, this many examples of each",
    )
    parser.add_argument("--cache", type=Path, help="keep parsed TempEval-3 documents in this folder")
    parser.add_argument("--tml-only", action="store_true", help="score the TempEval-3 documents only")
    args = parser.parse_args()
    if args.gold is not None:
        path = args.gold.resolve()
        gold = read_json_gold(path)
        if gold is None:
            sys.exit(f"{args.gold}: not a newsweave timeline gold (a JSON object with articles_dir and articles)")
        score_json(path, gold, load_models())
        return
    models = load_models()
    if SHARED_EVAL.is_dir():
        score_tml(SHARED_EVAL, models, args.errors, args.cache)
    else:
        print("../shared/eval/ not present: TempEval-3 scores skipped")
    if args.tml_only:
        return
    found = json_gold()
    if found is None:
        print("no timeline gold found")
        return
    score_json(*found, models)


if __name__ == "__main__":
    main()
