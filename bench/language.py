"""The first look at a text's language (`clean.language.reads_as`) against lingua: it may settle a text only as
the language lingua would give it, and it should settle most real articles (that is the time it saves).

Usage: .venv/bin/python bench/language.py

Samples, read from ../shared/eval/ (skipped when absent; nothing of them is kept in the repo):
  ecbplus-dev      each article (title line and text), its first 80 ... 800 characters, and every sentence of
                   80-200 characters (short English text full of foreign names, where lingua errs most);
  extraction       each page's gold article body (several languages) and its first 80 ... 800 characters;
  tempeval         each TimeML document's text;
  spacy examples   every example sentence of every language spaCy ships, one by one and joined (non-English
                   text long enough for the first look to judge);
  mixed            an English opening of 200-1,000 characters before or after another language's joined
                   examples: lingua may answer either language there, and the first look must then say no.
Printed: per kind, how many samples lingua calls the resources' language, how many of those the first look
settles, and every sample it settles that lingua calls otherwise (there must be none); then the time per
text of each.
"""

from __future__ import annotations

import importlib
import json
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import spacy.lang  # noqa: E402

from newsweave.clean.language import SAMPLE_CHARS, detect_language, reads_as  # noqa: E402
from newsweave.lang import for_language  # noqa: E402
from newsweave.settings import CleaningSettings  # noqa: E402

SHARED_EVAL = ROOT.parent / "shared" / "eval"
PREFIXES = (80, 120, 160, 200, 300, 500, 800)
SENTENCE = re.compile(r"(?<=[.!?])\s+")


def samples() -> list[tuple[str, str]]:
    """(kind, text) of every sample described above."""
    found: list[tuple[str, str]] = []
    records = SHARED_EVAL / "ecbplus-dev" / "articles.jsonl"
    english = []
    if records.exists():
        for line in records.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            text = f"{row['title']}\n{row['text']}"
            english.append(text[:1000])
            found += [("ecb article", text)] + [("ecb opening", text[:n]) for n in PREFIXES]
            found += [("ecb sentence", s) for s in SENTENCE.split(row["text"]) if 80 <= len(s) <= 200]
    truth = SHARED_EVAL / "article-extraction-dev" / "ground-truth.json"
    if truth.exists():
        for page in json.loads(truth.read_text(encoding="utf-8")).values():
            body = page.get("articleBody") or ""
            found += [("extraction body", body)] + [("extraction opening", body[:n]) for n in PREFIXES]
    for path in sorted((SHARED_EVAL / "tempeval3-tbaq").rglob("*.tml")):
        found.append(("tempeval", re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8", errors="replace"))))
    joined = []
    for folder in sorted(Path(spacy.lang.__file__).parent.iterdir()):
        try:
            sentences = importlib.import_module(f"spacy.lang.{folder.name}.examples").sentences
        except (ImportError, AttributeError):
            continue
        found += [("spacy sentence", s) for s in sentences] + [("spacy joined", " ".join(sentences))]
        if folder.name != "en":
            joined.append(" ".join(sentences))
    pick = random.Random(0)
    for text in english[:60]:
        other = pick.choice(joined)
        for cut in (200, 400, 700, 1000):
            found += [("mixed", f"{text[:cut]} {other}"), ("mixed", f"{other} {text[:cut]}")]
    return [(kind, text) for kind, text in found if text.strip()]


def main() -> None:
    res, cfg = for_language("en"), CleaningSettings()
    found = samples()
    if not found:
        print(f"no samples under {SHARED_EVAL}: nothing measured")
        return
    said: Counter[str] = Counter()
    settled: Counter[str] = Counter()
    wrong = []
    lingua_seconds = look_seconds = 0.0
    for kind, text in found:
        started = time.perf_counter()
        lingua = detect_language(text)
        looked = time.perf_counter()
        look = reads_as(text[:SAMPLE_CHARS], res, cfg)
        lingua_seconds += looked - started
        look_seconds += time.perf_counter() - looked
        said[kind] += lingua == res.code
        settled[kind] += look and lingua == res.code
        if look and lingua != res.code:
            wrong.append((kind, lingua, text[:80]))
    print(f"{'kind':20} {'samples':>8} {'lingua ' + res.code:>9} {'settled':>8}")
    for kind in dict.fromkeys(kind for kind, _ in found):
        total = sum(1 for k, _ in found if k == kind)
        print(f"{kind:20} {total:8d} {said[kind]:9d} {settled[kind]:8d}")
    print(f"settled as {res.code} where lingua says otherwise: {len(wrong)}")
    for kind, lingua, opening in wrong:
        print(f"  {kind}: lingua {lingua}: {opening!r}")
    print(f"time per text: lingua {lingua_seconds / len(found) * 1000:.2f} ms, "
          f"first look {look_seconds / len(found) * 1000:.3f} ms ({len(found)} texts)")


if __name__ == "__main__":
    main()
