"""Score entity resolution (mention clustering) and relation extraction against hand-labelled gold.

Run: `.venv/bin/python bench/entities.py [GOLD.json ...]`, or `bench/entities.py --ecbplus [FOLDER]`. Without
arguments it scores ECB+ (below) when `../shared/eval/ecbplus-dev` is there, every gold file found in
`../shared/eval/` (files named `*entit*.json`, in either format below) and, when none is there or it cannot
be read, the project's own gold: `eval/seeds/entities.json` (the bundled example) and
`eval/seeds/entities-madeup/` (three made-up articles with look-alike and misspelling traps) and
`eval/seeds/entities-orgs/` (three made-up merger articles: organisation short forms, legal suffixes, "the
Commission"-style references).

Gold format (JSON object):
- `articles_dir`: folder of the articles, relative to the gold file (default: the gold file's folder); they
  are read and cleaned with the normal pipeline (`read_paths` + `prepare_articles`), so gold never depends
  on character offsets.
- `entities`: `[{"name", "type", "forms": [surface forms]}]`. Every whole-word, case-sensitive occurrence of
  a form in a cleaned article text is a gold mention of that entity (longest forms claim text first). Forms
  must be unambiguous across the whole gold file.
- `mentions` (optional): `[{"file", "context", "text", "entity"}]` for ambiguous surface forms ("Cho" for two
  different people): the mention is `text` inside the first occurrence of `context` in that file's text.
- `relations` (optional): `[{"subject", "relation", "object", "count"?}]` with gold entity names (or free text
  for the object); symmetric relations match in either order.
A mention-cluster gold is accepted too: `{"articles_dir", "clusters": [{"entity", "type"?, "mentions":
[{"file", "text", "start"?}]}]}`; each mention is located as `text` nearest to the `start` hint.

Printed numbers (on gold mentions only; a gold mention the system did not resolve is its own cluster):
B-cubed P/R/F1, MUC F1, CEAF-e F1, CoNLL F1 (mean of MUC, B3 and CEAF-e F1); alias recall (share of gold
forms found in the texts that are the name or an alias of the system entity holding most of that gold
entity's mentions); wrong merges (sum over system entities of the gold entities merged into it, minus one);
split people (gold persons whose resolved mentions spread over several system entities); relation recall.

ECB+ mode (`ecbplus-dev/`: `articles.jsonl`, `gold_stories.tsv`, `gold_mentions.jsonl`): every article goes
through the normal ingest and cleaning (`json_record_to_document`, `prepare_articles`) and parse; entities are
resolved story by story over the gold stories (as the pipeline resolves them within a story, so clustering
errors do not count here), and scored within each story: a gold chain is cut to the mentions of that story,
a mention without a chain is its own entity. Entity mentions are those whose tag is not an ACTION_* or
NEG_ACTION_* tag. Gold offsets into the raw text are carried into the cleaned text by a character alignment;
mentions in the title (not parsed by newsweave) or in lines the cleaner removed are counted and left out.
Each gold mention maps to the entity whose resolved mention span overlaps it (`EntityResolution.entity_at`).
Lines: all entity mentions (most are pronouns, times and common nouns newsweave does not resolve, so recall
is low by design), then the named mentions (not a time, last word capitalised and not a stop word: the
mentions entity resolution is meant to handle), then "name forms merged": gold chains of a story with two or
more distinct named forms, counted when all their named mentions sit in one entity (the hidden coverage's
measure), and wrong merges: named mentions of two annotated chains in one entity (a mention without a
chain is scored as its own entity, but ECB+ leaves many repeated names unannotated, so they are not
counted as wrong merges here).
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter, defaultdict
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsweave.app.pipeline import prepare_articles  # noqa: E402
from newsweave.ingest.files import json_record_to_document, read_paths  # noqa: E402
from newsweave.lang import for_language  # noqa: E402
from newsweave.link.entities import EntityResolution, resolve_entities  # noqa: E402
from newsweave.link.names import name_key  # noqa: E402
from newsweave.link.relations import extract_relations, symmetric_relations  # noqa: E402
from newsweave.models import AnalyzedArticle, RawDocument  # noqa: E402
from newsweave.nlp.annotate import annotate_articles  # noqa: E402
from newsweave.nlp.models import load_spacy  # noqa: E402

SHARED_EVAL = next(
    (p / "eval" for p in (ROOT.parent / "shared", Path("/work/shared")) if (p / "eval").is_dir()),
    ROOT.parent / "shared" / "eval",
)
"""The shared dev sets sit beside the checkout (CI) or at /work/shared (a worktree under /work/wt/)."""
ECBPLUS = SHARED_EVAL / "ecbplus-dev"
EVENT_TAGS = ("ACTION_", "NEG_ACTION_")
TIME_TAGS = ("TIME_",)
"""Times are ECB+ entities, but newsweave resolves them as time expressions, not as entities."""
SEED_GOLDS = [
    ROOT / "eval" / "seeds" / "entities.json",
    ROOT / "eval" / "seeds" / "entities-madeup" / "entities.json",
    ROOT / "eval" / "seeds" / "entities-orgs" / "entities.json",
]

Mention = tuple[str, int, int]
Partition = list[set[Mention]]


def gold_files(argv: list[str]) -> list[Path]:
    if argv:
        return [Path(a) for a in argv]
    shared = sorted(SHARED_EVAL.glob("*entit*.json")) if SHARED_EVAL.is_dir() else []
    return shared or SEED_GOLDS


def load_articles(gold: dict, base: Path) -> dict[str, AnalyzedArticle]:
    """Cleaned, parsed articles keyed by file name."""
    raws, _ = read_paths([str((base / gold.get("articles_dir", ".")).resolve())])
    articles, _ = prepare_articles(raws)
    parsed = annotate_articles(articles, load_spacy())
    return {Path(item.article.path or item.article.id).name: item for item in parsed}


def gold_mentions(gold: dict, articles: dict[str, AnalyzedArticle]) -> dict[Mention, str]:
    found: dict[Mention, str] = {}
    forms = sorted(((f, e["name"]) for e in gold.get("entities", []) for f in e["forms"]), key=lambda p: -len(p[0]))
    for file, item in articles.items():
        text, taken = item.article.text, [False] * len(item.article.text)
        for m in gold.get("mentions", []):
            start = _locate(text, m) if m["file"] in (file, item.article.id) else None
            if start is not None:
                found[(item.article.id, start, start + len(m["text"]))] = m["entity"]
                taken[start : start + len(m["text"])] = [True] * len(m["text"])
        for form, entity in forms:
            for match in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text):
                if not any(taken[match.start() : match.end()]):
                    taken[match.start() : match.end()] = [True] * (match.end() - match.start())
                    found[(item.article.id, match.start(), match.end())] = entity
    return found


def _locate(text: str, mention: dict) -> int | None:
    """`text` inside `context`, or else the occurrence of `text` nearest the `start` hint (offsets may point
    into the text before cleaning, so they are only a hint)."""
    if "context" in mention:
        where = text.find(mention["context"])
        return where + mention["context"].index(mention["text"]) if where >= 0 else None
    starts = [m.start() for m in re.finditer(re.escape(mention["text"]), text)]
    return min(starts, key=lambda s: abs(s - mention.get("start", 0)), default=None)


def from_clusters(gold: dict) -> dict:
    """The other accepted gold shape, mention clusters: {"articles_dir", "clusters": [{"entity", "type"?,
    "mentions": [{"file", "text", "start"?}]}]} -> the format above with explicit mentions only."""
    mentions = [{**m, "entity": c["entity"]} for c in gold["clusters"] for m in c["mentions"]]
    entities = [{"name": c["entity"], "type": c.get("type", ""), "forms": []} for c in gold["clusters"]]
    return {**gold, "entities": entities, "mentions": mentions}


def partitions(gold: dict[Mention, str], resolution: EntityResolution) -> tuple[Partition, Partition]:
    by_gold: dict[str, set[Mention]] = defaultdict(set)
    by_system: dict[str, set[Mention]] = defaultdict(set)
    for mention, entity in gold.items():
        by_gold[entity].add(mention)
        system = resolution.entity_at(*mention)
        by_system[system if system is not None else f"unresolved:{mention}"].add(mention)
    return list(by_gold.values()), list(by_system.values())


def b_cubed(key: Partition, response: Partition) -> tuple[float, float, float]:
    key_of = {m: k for k in key for m in k}
    response_of = {m: r for r in response for m in r}
    mentions = list(key_of)
    precision = sum(len(key_of[m] & response_of[m]) / len(response_of[m]) for m in mentions) / len(mentions)
    recall = sum(len(key_of[m] & response_of[m]) / len(key_of[m]) for m in mentions) / len(mentions)
    return precision, recall, f1(precision, recall)


def muc(key: Partition, response: Partition) -> float:
    def score(a: Partition, b: Partition) -> float:
        owner = {m: i for i, cluster in enumerate(b) for m in cluster}
        numerator = sum(len(c) - len({owner[m] for m in c}) for c in a)
        denominator = sum(len(c) - 1 for c in a)
        return numerator / denominator if denominator else 0.0

    return f1(score(response, key), score(key, response))


def ceaf_e(key: Partition, response: Partition) -> float:
    similarity = np.array([[2 * len(k & r) / (len(k) + len(r)) for r in response] for k in key])
    rows, cols = linear_sum_assignment(-similarity)
    total = similarity[rows, cols].sum()
    return f1(total / len(response), total / len(key))


def print_scores(key: Partition, response: Partition, label: str = "") -> None:
    precision, recall, b3 = b_cubed(key, response)
    muc_f1, ceaf_f1 = muc(key, response), ceaf_e(key, response)
    print(f"{label}B-cubed P {precision:.3f} R {recall:.3f} F1 {b3:.3f}")
    print(f"{label}MUC F1 {muc_f1:.3f}  CEAF-e F1 {ceaf_f1:.3f}  CoNLL F1 {(muc_f1 + b3 + ceaf_f1) / 3:.3f}")


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score_file(path: Path) -> None:
    gold = json.loads(path.read_text(encoding="utf-8"))
    if "clusters" in gold:
        gold = from_clusters(gold)
    articles = load_articles(gold, path.parent)
    analyzed = list(articles.values())
    started = time.perf_counter()
    resolution = resolve_entities(analyzed)
    resolve_seconds = time.perf_counter() - started
    mentions = gold_mentions(gold, articles)
    key, response = partitions(mentions, resolution)
    print(f"== {path} ({len(articles)} articles, {len(mentions)} gold mentions, {len(key)} gold entities)")
    print_scores(key, response)
    print(f"resolve_entities {resolve_seconds:.2f} s for {len(resolution.entities)} entities")

    entities = {e.id: e for e in resolution.entities}
    system_of: dict[str, Counter[str]] = defaultdict(Counter)
    gold_in: dict[str, set[str]] = defaultdict(set)
    for mention, entity in mentions.items():
        system = resolution.entity_at(*mention)
        if system is not None:
            system_of[entity][system] += 1
            gold_in[system].add(entity)
    wrong = {s: sorted(g) for s, g in gold_in.items() if len(g) > 1}
    merged = "; ".join(" + ".join(g) for g in wrong.values())
    print(f"wrong merges {sum(len(g) - 1 for g in wrong.values())}: {merged}")
    types = {e["name"]: e["type"] for e in gold["entities"]}
    split = [g for g, systems in system_of.items() if types.get(g) == "PERSON" and len(systems) > 1]
    print(f"split people {len(split)}: {', '.join(sorted(split))}")
    present = {(name, text[s:e]) for (a, s, e), name in mentions.items() for text in [_text(articles, a)]}
    recalled = 0
    missing = []
    for name, form in sorted(present):
        best = system_of[name].most_common(1)
        names = {name_key(n) for n in ([entities[best[0][0]].name, *entities[best[0][0]].aliases] if best else [])}
        if name_key(form) in names:
            recalled += 1
        else:
            missing.append(f"{form} ({name})")
    print(f"alias recall {recalled / len(present):.3f} ({recalled}/{len(present)}); missing: {', '.join(missing)}")
    if gold.get("relations"):
        score_relations(gold["relations"], analyzed, resolution, system_of)


def score_relations(gold: list[dict], analyzed: list[AnalyzedArticle], resolution: EntityResolution, system_of) -> None:
    started = time.perf_counter()
    relations = extract_relations(analyzed, resolution)
    print(f"extract_relations {time.perf_counter() - started:.2f} s")
    main = {name: systems.most_common(1)[0][0] for name, systems in system_of.items() if systems}
    symmetric = symmetric_relations(for_language("en"))
    found = 0
    missing = []
    for g in gold:
        subject, obj = main.get(g["subject"]), main.get(g["object"], g["object"])
        hit = [
            r
            for r in relations
            if r.relation == g["relation"]
            and (
                (r.subject, r.object) == (subject, obj)
                or (g["relation"] in symmetric and (r.object, r.subject) == (subject, obj))
            )
            and (g.get("count") is None or r.count == g["count"])
        ]
        if hit:
            found += 1
        else:
            missing.append(f"{g['subject']} {g['relation']} {g['object']}")
    print(f"relations: {len(relations)} extracted; gold recall {found / len(gold):.3f} ({found}/{len(gold)}); "
          f"missing: {'; '.join(missing)}")


def _text(articles: dict[str, AnalyzedArticle], article_id: str) -> str:
    return next(item.article.text for item in articles.values() if item.article.id == article_id)


# --------------------------------------------------------------------------- ECB+


def ecbplus_articles(folder: Path) -> tuple[dict[str, AnalyzedArticle], dict[str, str], dict[str, str]]:
    """Parsed articles by ECB+ document id, the gold story of each document, and each raw body text."""
    records = [json.loads(line) for line in (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    raws = [json_record_to_document(r, source=r["id"], path=r["id"]) for r in records]
    articles, skipped = prepare_articles([r for r in raws if isinstance(r, RawDocument)])
    for item in skipped:
        print(f"skipped {item.path}: {item.reason}")
    parsed = {item.article.path or "": item for item in annotate_articles(articles, load_spacy())}
    rows = [line.split("\t") for line in (folder / "gold_stories.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    return parsed, {row[0]: row[1] for row in rows}, {r["id"]: r["text"] for r in records}


def aligned_offsets(raw: str, cleaned: str) -> dict[int, int]:
    """Raw character offset -> cleaned offset, for the characters the cleaner kept in place."""
    found: dict[int, int] = {}
    for block in SequenceMatcher(None, raw, cleaned, autojunk=False).get_matching_blocks():
        found.update({block.a + i: block.b + i for i in range(block.size)})
    return found


def named(surface: str, stop_words: frozenset[str]) -> bool:
    """A name rather than a pronoun or a description ("a Vancouver wholesaler"): the last word is capitalised
    and not a stop word."""
    words = re.findall(r"[^\W\d_][\w'’.-]*", surface)
    return bool(words) and words[-1][:1].isupper() and words[-1].lower() not in stop_words


def score_ecbplus(folder: Path) -> None:
    articles, story_of, raw_texts = ecbplus_articles(folder)
    gold: dict[str, dict[Mention, str]] = defaultdict(dict)
    surfaces: dict[Mention, str] = {}
    left_out = Counter[str]()
    times: set[Mention] = set()
    alignments = {doc: aligned_offsets(raw_texts[doc], item.article.text) for doc, item in articles.items()}
    for line in (folder / "gold_mentions.jsonl").read_text(encoding="utf-8").splitlines():
        m = json.loads(line)
        if m["tag"].startswith(EVENT_TAGS):
            continue
        if m["field"] != "text" or m["doc_id"] not in articles:
            left_out["in the title" if m["field"] != "text" else "in a skipped article"] += 1
            continue
        start, end = alignments[m["doc_id"]].get(m["start"]), alignments[m["doc_id"]].get(m["end"] - 1)
        if start is None or end is None:
            left_out["removed by cleaning"] += 1
            continue
        story = story_of[m["doc_id"]]
        mention = (articles[m["doc_id"]].article.id, start, end + 1)
        gold[story][mention] = f"{story}|{m['chain'] or 'single:' + m['doc_id'] + ':' + m['m_id']}"
        surfaces[mention] = m["surface"]
        if m["tag"].startswith(TIME_TAGS):
            times.add(mention)
    members: dict[str, list[AnalyzedArticle]] = defaultdict(list)
    for doc, item in articles.items():
        members[story_of[doc]].append(item)
    started = time.perf_counter()
    resolutions = {story: resolve_entities(items) for story, items in members.items()}
    seconds = time.perf_counter() - started
    stop_words = for_language("en").words("syntax.stop_words")
    print(f"== {folder} ECB+ entity mentions, scored within each of {len(members)} gold stories "
          f"({len(articles)} articles; resolve_entities {seconds:.1f} s)")
    print(f"left out: {', '.join(f'{n} {why}' for why, n in left_out.items())}")
    def is_name(m: Mention) -> bool:
        return m not in times and named(surfaces[m], stop_words)

    for label, keep in (("all   ", lambda m: True), ("named ", is_name)):
        key: Partition = []
        response: Partition = []
        for story, mentions in gold.items():
            story_key, story_response = partitions({m: c for m, c in mentions.items() if keep(m)}, resolutions[story])
            key += story_key
            response += story_response
        print(f"{label}({sum(map(len, key))} mentions, {len(key)} gold entities)")
        print_scores(key, response, label)
    merged, multi, wrong = 0, 0, 0
    for story, mentions in gold.items():
        chains: dict[str, list[Mention]] = defaultdict(list)
        for m, chain in mentions.items():
            if is_name(m):
                chains[chain].append(m)
        holders: dict[str, set[str]] = defaultdict(set)
        for chain, ms in chains.items():
            systems = {resolutions[story].entity_at(*m) for m in ms}
            for system in systems - {None}:
                if "|single:" not in chain:
                    holders[system].add(chain)
            if len({name_key(surfaces[m]) for m in ms}) >= 2:
                multi += 1
                merged += len(systems) == 1 and None not in systems
        wrong += sum(len(chains_in) - 1 for chains_in in holders.values())
    print(f"name forms merged {merged / max(multi, 1):.3f} ({merged}/{multi} chains with several named forms); "
          f"wrong merges {wrong} (annotated named gold chains sharing one entity, beyond the first)")


def main(argv: list[str]) -> None:
    if argv[:1] == ["--ecbplus"]:
        score_ecbplus(Path(argv[1]) if len(argv) > 1 else ECBPLUS)
        return
    if not argv and ECBPLUS.is_dir():
        score_ecbplus(ECBPLUS)
    paths = gold_files(argv)
    scored = 0
    for path in paths:
        try:
            score_file(path)
            scored += 1
        except (OSError, KeyError, ValueError) as error:
            print(f"== {path}: cannot score ({error})")
    if not scored and not argv and paths != SEED_GOLDS:
        for path in SEED_GOLDS:
            score_file(path)


if __name__ == "__main__":
    main(sys.argv[1:])
