"""Parse identity and CPU per component: the pipeline newsweave runs (`load_spacy`, with the stand-ins of
`nlp.fastpipes`) next to the model's own pipeline (`stand_ins=False`), on every dev text there is.

Both parse the same texts component by component (batches of `annotate.SPACY_BATCH_SIZE`, as `nlp.pipe` does);
the bench prints each component's CPU seconds in both, then compares every token attribute a stage can read
(text, tag, part of speech, morphology, lemma, dependency and head, sentence starts, entities) and prints the
documents and tokens compared and every mismatch (none expected: the stand-ins must be exact).

Texts: ECB+ dev articles (title and text), TempEval-3 training documents, the bodies of the extraction pages'
ground truth, the seeds, and any JSONL files given (their "text" field), e.g. /tmp/s6/spread200.jsonl.

    python bench/parse_identity.py [--jsonl FILE ...] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from bench.timex import tml_documents
from newsweave.nlp.annotate import SPACY_BATCH_SIZE
from newsweave.nlp.models import load_spacy

SHARED_EVAL = next(
    (p for p in (ROOT.parent / "shared" / "eval", Path("/work/shared/eval")) if p.is_dir()), ROOT.parent / "shared" / "eval"
)
"""`shared/eval` beside the checkout (CI), else the shared folder of a worktree under /work/wt/."""
SEEDS = ROOT / "examples"
COMPARED = ("ORTH", "SPACY", "NORM", "TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "SENT_START", "ENT_IOB", "ENT_TYPE")
MISMATCHES_SHOWN = 10


def sources(jsonl: list[Path]) -> Iterator[tuple[str, list[str]]]:
    """(name, texts) of each dev set present."""
    ecb = SHARED_EVAL / "ecbplus-dev" / "articles.jsonl"
    if ecb.is_file():
        rows = [json.loads(line) for line in ecb.read_text(encoding="utf-8").splitlines() if line.strip()]
        yield "ecbplus-dev", [f"{row.get('title') or ''}\n{row['text']}" for row in rows]
    tempeval = SHARED_EVAL / "tempeval3-tbaq"
    if tempeval.is_dir():
        yield "tempeval3-train", [document.text for document in tml_documents(tempeval)]
    truth = SHARED_EVAL / "article-extraction-dev" / "ground-truth.json"
    if truth.is_file():
        pages = json.loads(truth.read_text(encoding="utf-8"))
        yield "extraction-dev", [page["articleBody"] for page in pages.values() if page.get("articleBody")]
    seeds = sorted(p for p in SEEDS.rglob("*") if p.is_file() and p.suffix in (".txt", ".md"))
    if seeds:
        yield "seeds", [p.read_text(encoding="utf-8") for p in seeds]
    for path in jsonl:
        yield path.name, [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line]


def parse_timed(nlp: Language, texts: list[str], cpu: dict[str, float]) -> list[Doc]:
    """The Docs of `texts`, each component run on all of them in turn; its CPU seconds added to `cpu`."""
    start = time.process_time()
    docs = [nlp.make_doc(text) for text in texts]
    cpu["tokenizer"] = cpu.get("tokenizer", 0.0) + time.process_time() - start
    for name, component in nlp.pipeline:
        start = time.process_time()
        if hasattr(component, "pipe"):
            docs = list(component.pipe(docs, batch_size=SPACY_BATCH_SIZE))
        else:
            docs = [component(doc) for doc in docs]
        cpu[name] = cpu.get(name, 0.0) + time.process_time() - start
    return docs


def mismatches(stock: Doc, fast: Doc) -> list[str]:
    """Each token attribute that differs, described."""
    a, b = stock.to_array(COMPARED), fast.to_array(COMPARED)
    if a.shape != b.shape:
        return [f"{len(stock)} tokens against {len(fast)}"]
    found = []
    for i, column in zip(*np.nonzero(a != b), strict=True):
        found.append(f"token {i} {stock[int(i)].text!r}: {COMPARED[column].lower()} {_value(stock, int(i), column)!r} "
                     f"against {_value(fast, int(i), column)!r}")
    return found


def _value(doc: Doc, i: int, column: int) -> str:
    token = doc[i]
    name = {"orth": "text", "spacy": "whitespace", "sent_start": "is_sent_start"}.get(
        COMPARED[column].lower(), COMPARED[column].lower()
    )
    return str(getattr(token, f"{name}_", getattr(token, name, "")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jsonl", type=Path, nargs="*", default=[], help="more texts: JSONL files with a text field")
    parser.add_argument("--limit", type=int, default=0, help="at most this many texts of each set (0: all)")
    args = parser.parse_args()
    stock, fast = load_spacy(stand_ins=False), load_spacy()
    stock_cpu: dict[str, float] = {}
    fast_cpu: dict[str, float] = {}
    documents = tokens = 0
    shown: list[str] = []
    wrong = 0
    for name, texts in sources(args.jsonl):
        texts = texts[: args.limit or None]
        stock_docs = parse_timed(stock, texts, stock_cpu)
        fast_docs = parse_timed(fast, texts, fast_cpu)
        differing = 0
        for k, (a, b) in enumerate(zip(stock_docs, fast_docs, strict=True)):
            found = mismatches(a, b)
            differing += bool(found)
            shown.extend(f"{name} #{k}: {line}" for line in found[: MISMATCHES_SHOWN - len(shown)])
        count = sum(len(doc) for doc in stock_docs)
        print(f"{name:24s} {len(texts):5d} docs {count:8,d} tokens, {differing} docs differ")
        documents, tokens, wrong = documents + len(texts), tokens + count, wrong + differing
    print(f"{'all':24s} {documents:5d} docs {tokens:8,d} tokens, {wrong} docs differ")
    print("\nCPU-s per component    model's own   newsweave's")
    for component, seconds in stock_cpu.items():
        print(f"  {component:22s} {seconds:9.2f} {fast_cpu.get(component, 0.0):11.2f}")
    print(f"  {'whole parse':22s} {sum(stock_cpu.values()):9.2f} {sum(fast_cpu.values()):11.2f}")
    for line in shown:
        print("  " + line)


if __name__ == "__main__":
    main()
