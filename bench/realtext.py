"""Real-text inputs of any size for the performance benches (`bench/throughput.py`, `bench/linking.py`,
`bench/spark.py`), read from the ECB+ dev set at bench time; no text is ever copied into the repository.

The dev set has 462 articles, and its largest story about twenty. Performance questions need more: one story
of 50, 200 or 800 articles (does the work per article stay bounded as a story grows?) and thousands of articles
over many stories. Such inputs are made here by recombining the real sentences of one story's articles, the way
the coverage of one event reads: each made article starts from one real member (its title, date, outlet and
lead), keeps most of that member's sentences in order and takes the rest from the other members of the story,
as rewrites, updates and wire copies do. Every made article has a text of its own (exact duplicates would be
dropped by cleaning and measure nothing), and the same seed always gives the same articles.

Records are dicts in newsweave's JSONL input format (`id, title, text, published, outlet, url`), so a bench can
write them to a file and run the real command on it.
"""

from __future__ import annotations

import csv
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.stories import SHARED_EVAL  # noqa: E402

ECB = SHARED_EVAL / "ecbplus-dev"
INPUT_KEYS = ("id", "title", "text", "published", "outlet", "url")
"""The keys of a record newsweave reads (`ingest.files`); the gold labels stay out of the input."""
OWN_SHARE = 0.7
"""Share of a made article's sentences taken, in order, from the real member it starts from."""


def ecb_records() -> list[dict]:
    """The dev articles in their stream order, each with its gold `story` (not part of the input)."""
    with (ECB / "gold_stories.tsv").open(encoding="utf-8") as handle:
        story = {row["id"]: row["story"] for row in csv.DictReader(handle, delimiter="\t")}
    lines = (ECB / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return [{**record, "story": story[record["id"]]} for record in map(json.loads, lines)]


def by_story(records: list[dict]) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for record in records:
        groups[record["story"]].append(record)
    return dict(groups)


def one_story(size: int, seed: int = 0) -> list[dict]:
    """`size` articles of one story: the dev set's largest story, recombined."""
    groups = by_story(ecb_records())
    largest = max(sorted(groups), key=lambda key: len(groups[key]))
    return recombined(groups[largest], size, random.Random(seed))


def spread(size: int, seed: int = 0) -> list[dict]:
    """`size` articles over many stories: the real dev articles in stream order, then (beyond the 462 real
    ones) made articles of every story in turn, so the stories grow evenly."""
    records = ecb_records()
    if size <= len(records):
        return records[:size]
    groups = by_story(records)
    rng = random.Random(seed)
    extra = size - len(records)
    keys = sorted(groups)
    taken = {r["text"] for r in records}
    made: list[dict] = []
    short = 0
    for i, key in enumerate(keys * 2):
        share = (extra // len(keys) + (i < extra % len(keys)) if i < len(keys) else 0) + short
        batch = recombined(groups[key], share, rng, taken=taken, as_many=True) if share else []
        taken.update(record["text"] for record in batch)
        made += batch
        short = share - len(batch)
    if short:
        raise ValueError(f"cannot make {size} distinct articles from the {len(records)} dev articles")
    return records + made


def recombined(
    members: list[dict], size: int, rng: random.Random, taken: set[str] | None = None, as_many: bool = False
) -> list[dict]:
    """`size` distinct articles made from the sentences of one story's `members` (see the module docstring);
    the first ones are the members themselves, then made articles. `taken` texts are never produced. A story of a
    few short members has fewer distinct recombinations than a large input asks of it: `as_many` returns those
    it made (`spread` asks the next stories for the rest) instead of failing."""
    taken = set(taken or ())
    pool = [(m["id"], line) for m in members for line in _sentences(m)]
    made: list[dict] = []
    for member in members[:size]:
        if member["text"] not in taken:
            taken.add(member["text"])
            made.append(member)
    attempts = 0
    while len(made) < size:
        attempts += 1
        if attempts > 50 * size + 1000:
            if as_many:
                return made
            raise ValueError(f"cannot make {size} distinct articles from {len(members)} members")
        base = members[rng.randrange(len(members))]
        own = _sentences(base)
        others = [line for source, line in pool if source != base["id"]]
        text = "\n".join(_mixed(own, others, rng))
        if text in taken:
            continue
        taken.add(text)
        made.append({**base, "id": f"{base['id']}~{len(made)}", "text": text})
    return made


def _mixed(own: list[str], others: list[str], rng: random.Random) -> list[str]:
    """The lead of `own`, then its other sentences in order, each kept with probability `OWN_SHARE` and
    otherwise replaced by a sentence of another member; a member of one or two sentences (a brief) gets one
    more, or it could only ever be made into itself."""
    body = [line if rng.random() < OWN_SHARE or not others else rng.choice(others) for line in own[1:]]
    extra = [rng.choice(others)] if len(own) < 3 and others else []
    return own[:1] + body + extra


def _sentences(record: dict) -> list[str]:
    """ECB+ texts hold one sentence per line."""
    return [line.strip() for line in record["text"].splitlines() if line.strip()]


def write_jsonl(records: list[dict], path: Path) -> int:
    """Write the input keys of `records` as JSON Lines; returns the bytes written (the input's size)."""
    text = "".join(json.dumps({key: r.get(key) for key in INPUT_KEYS}, ensure_ascii=False) + "\n" for r in records)
    path.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))
