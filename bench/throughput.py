"""Throughput: the whole `newsweave analyze` command next to a whole bare spaCy parse of the same texts, the
work per article as one story grows, a thousand real-text articles end to end, and story clustering at scale.

Usage: PYTHONPATH=. nice -n 10 .venv/bin/python bench/throughput.py [--only spread,one,growth,real,memory,inprocess,
       clustering] [--pairs 3] [--size 200] [--growth 50,200,800] [--real 1000] [--timeout 1800]
       [--sizes 1000,10000,100000]
       [--memory 250,500,1000]

On a machine shared with other work, absolute times say little: every figure of the command is a ratio to a
bare parse run side by side. Each comparison is a series of pairs, A (the command) then B (the bare parse),
interleaved, and the min/median/max of the pairs' ratios are printed, of wall time and of CPU time.
  A = `python -m newsweave.cli analyze INPUT.jsonl --out DIR --db DB --quiet`: reading, cleaning, model loading,
      parsing, embeddings, story clustering, every linking stage, json/md/html reports and the store.
  B = a fresh `python` that loads the same spaCy package with `spacy.load` and runs `nlp.pipe` over the same
      texts: the least any tool that parses its input must spend.
Inputs are real text from the ECB+ dev set, read at bench time (`bench/realtext.py`):
  spread  SIZE real dev articles in stream order (many stories, a few articles each);
  one     SIZE articles of one story (the largest dev story recombined); also prints dossier.json and
          report.html sizes next to the input's;
  growth  one story at each of the --growth sizes: seconds per article and the ratio to the bare parse, and
          their growth per 4x articles (the bare parse is linear, so the ratio's growth is the command's
          per-article growth with the load of the moment divided out);
  real    --real articles over many stories (the 462 dev articles, then recombined ones) end to end:
          articles/s and peak memory;
  memory  the whole command at each --memory size of real text over many stories (250, 500, 1000): its peak
          memory next to the bare parse's, and the memory each added article costs (linear growth: the same at
          every step);
  inprocess  the earlier in-process figure (`analyze_articles` vs `nlp.pipe` on the bundled example and
          eval/stories/corpus.jsonl; no cleaning, model loading, reports or store), kept as a baseline;
  clustering  StoryIndex alone at --sizes synthetic articles (below).
Peak memory is the largest resident set of the command's whole process tree (itself and any worker processes,
summed at one instant, not a sum of each process's peak), sampled from /proc every 0.2 s; beside it the same sum
of proportional set sizes (PSS), which counts a page shared by forked processes once. A run longer than --timeout is stopped and printed as such.

Clustering at scale: synthetic articles whose text recombines real sentences of those articles (for the
MinHash signatures: an event's members share lead sentences, the rest are real sentences with shuffled words),
grouped into synthetic events of 1-9 articles; twice: every size spread over one year (so the daily volume
grows tenfold with each size), and at a constant daily volume (the period grows with the size, as a crawl or a
daily ingest does). Embedding 100k texts on 2 cores would take hours, so each article's vector is its event's
vector plus noise, around one of a few topic centres (so different events of one kind are close, as in real
news), and its entity keys are its event's own names plus common names drawn from the real articles. Only
`StoryIndex` is timed; features are made beforehand. B-cubed F1 against the synthetic events is printed as a
sanity check. An article scores at most `max_candidates` stories, so the work per article is bounded: at a
constant daily volume the time per article stays flat; with all sizes squeezed into one year, ten times more
stories share each day at each step, and the work per article rises until the candidate cap is reached.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from bench import realtext  # noqa: E402
from bench.stories import OWN_CORPUS, b_cubed, read_gold  # noqa: E402
from newsweave.app.pipeline import analyze_articles, prepare_articles  # noqa: E402
from newsweave.ingest.files import read_paths  # noqa: E402
from newsweave.lang import for_language  # noqa: E402
from newsweave.models import (
    Article,  # noqa: E402
    ArticleFeatures,  # noqa: E402
)
from newsweave.nlp.models import Models, load_models  # noqa: E402
from newsweave.settings import StorySettings  # noqa: E402
from newsweave.story.clustering import StoryIndex  # noqa: E402
from newsweave.story.dedup import signature  # noqa: E402
from newsweave.story.features import entity_key  # noqa: E402

EXAMPLE = ROOT / "examples" / "kim-beijing-parade"
DIMENSIONS = 384
TOPICS = 12
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
PARTS = ("spread", "one", "growth", "real", "memory", "inprocess", "clustering")
SAMPLE_SECONDS = 0.2
PSS_SECONDS = 1.0
"""How often the sampler also reads the tree's proportional set size. `smaps_rollup` walks each process's page
tables: ~70 ms of CPU per sample of a Spark tree, which at every 0.2 s sample took a third of a core from the
command being measured (and more from a command using both cores than from the one-core bare parse)."""
BARE_PARSE = (
    "import json, sys, spacy\n"
    "nlp = spacy.load(sys.argv[1])\n"
    "texts = [json.loads(line)['text'] for line in open(sys.argv[2], encoding='utf-8')]\n"
    "for _ in nlp.pipe(texts):\n"
    "    pass\n"
)
"""The whole bare-parse process: what any tool that parses its input with the same model must spend."""


@dataclass(frozen=True)
class Run:
    """One process run: wall and CPU seconds (user + system, of its whole process tree), the peak of the
    summed resident memory of its process tree (RSS: pages a forked worker shares with its parent count once
    per process) and of its proportional set size (PSS: each shared page split among its sharers, so the sum
    is what the tree really holds), and whether it ended by itself within the time limit."""

    wall: float
    cpu: float
    peak_mb: float
    peak_pss_mb: float
    finished: bool


@dataclass(frozen=True)
class Pairs:
    command: list[Run]
    bare: list[Run]

    def ratios(self, of: str) -> list[float]:
        return [getattr(a, of) / getattr(b, of) for a, b in zip(self.command, self.bare, strict=True)]


def run_process(args: list[str], timeout: float, check: bool = True) -> Run:
    """Run `args` from the checkout's root with its code first on the path; /proc gives the memory of its whole
    tree meanwhile. The CPU time is that of the whole tree too: this process is made the reaper of the tree's
    orphans (`_reap_orphans`) and waits for every process the run left (`_wait_tree`), so the CPU of a process its parent
    never waited for (Spark's JVM and Python workers, which outlive the driver's last wait) is counted as well:
    `os.wait4` of the command alone gave the Spark job 5 CPU-s for 1,000 articles. Waiting is not enough either
    when a process is reaped by one that is never reaped itself (10,000 articles: 808 CPU-s from rusage, while `ps`
    showed Spark's two Python workers alone at 1,430), so the CPU is also summed over every process the sampler saw
    in the tree (its last reading of each), and the larger of the two counts.
    `check`: a nonzero exit status is an error (a run with nothing to analyse exits 1 by design)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    _reap_orphans()
    with tempfile.TemporaryFile() as errors:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=errors,
                                   start_new_session=True)
        peak, peak_pss, finished, pss_read, seen = 0, 0, True, 0.0, {}
        while True:
            pid, status, _ = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            with_pss = time.perf_counter() - pss_read >= PSS_SECONDS
            rss, pss, ticks = _tree_sample(process.pid, with_pss)
            peak, peak_pss = max(peak, rss), max(peak_pss, pss)
            seen.update(ticks)
            pss_read = time.perf_counter() if with_pss else pss_read
            if time.perf_counter() - start > timeout:
                os.killpg(process.pid, signal.SIGKILL)
                finished = False
            time.sleep(SAMPLE_SECONDS)
        wall = time.perf_counter() - start
        _wait_tree(process.pid)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        process.returncode = os.waitstatus_to_exitcode(status)
        if check and finished and process.returncode != 0:
            errors.seek(0)
            raise RuntimeError(f"{' '.join(args)} failed:\n{errors.read().decode()[-3000:]}")
    cpu = max(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime,
              sum(seen.values()) / os.sysconf("SC_CLK_TCK"))
    return Run(wall=wall, cpu=cpu, peak_mb=peak / 2**20, peak_pss_mb=peak_pss / 2**20, finished=finished)


PR_SET_CHILD_SUBREAPER = 36
LINGER_SECONDS = 60
"""How long the processes a command leaves behind (a JVM shutting down) may take to end before they are killed."""


def _reap_orphans() -> None:
    """Linux: orphaned descendants are re-parented to this process instead of init, so their CPU time reaches
    `RUSAGE_CHILDREN` when they are waited for."""
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _wait_tree(group: int) -> None:
    """Wait for every process the command left: those of its group and the orphans re-parented here from groups of
    their own (Spark's Python daemon makes one for its workers and exits without waiting for them), killing those
    still alive after `LINGER_SECONDS`. A bench runs one command at a time, so every child of this process is the
    command's."""
    deadline = time.perf_counter() + LINGER_SECONDS
    while True:
        try:
            while os.waitpid(-1, os.WNOHANG)[0]:
                pass
        except ChildProcessError:
            return
        if time.perf_counter() > deadline:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(group, signal.SIGKILL)
            for pid, (parent, _, _) in _processes().items():
                if parent == os.getpid():
                    os.kill(pid, signal.SIGKILL)
        time.sleep(SAMPLE_SECONDS)


def _tree_sample(root: int, with_pss: bool = True) -> tuple[int, int, dict[int, int]]:
    """Resident and (`with_pss`, else 0) proportional bytes of `root` and all its descendants at one instant, and
    the CPU clock ticks each of them has used so far."""
    processes = _processes()
    tree, frontier = {root}, [root]
    while frontier:
        children = [pid for pid, (ppid, _, _) in processes.items() if ppid in frontier and pid not in tree]
        tree.update(children)
        frontier = children
    live = [pid for pid in tree if pid in processes]
    return (sum(processes[pid][1] for pid in live), sum(_pss(pid) for pid in live) if with_pss else 0,
            {pid: processes[pid][2] for pid in live})


def _processes() -> dict[int, tuple[int, int, int]]:
    """Every process's parent, resident bytes and CPU clock ticks (user + system), from /proc (processes may vanish
    while read)."""
    page = os.sysconf("SC_PAGE_SIZE")
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            statm = Path(f"/proc/{entry}/statm").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        found[int(entry)] = (int(fields[1]), int(statm.split()[1]) * page, int(fields[11]) + int(fields[12]))
    return found


def _pss(pid: int) -> int:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) * 1024 for line in rollup.splitlines() if line.startswith("Pss:")), 0)


def command_args(input_path: Path, work: Path) -> list[str]:
    out, db = work / "out", work / "run.db"
    shutil.rmtree(out, ignore_errors=True)
    db.unlink(missing_ok=True)
    return [sys.executable, "-m", "newsweave.cli", "analyze", str(input_path), "--out", str(out), "--db", str(db),
            "--quiet"]


def bare_args(input_path: Path) -> list[str]:
    return [sys.executable, "-c", BARE_PARSE, for_language("en").value("language.spacy_package"), str(input_path)]


def interleaved(input_path: Path, work: Path, pairs: int, timeout: float) -> Pairs:
    """A B A B ...: the command and the bare parse take turns, so a change of load hits both alike."""
    command: list[Run] = []
    bare: list[Run] = []
    for _ in range(pairs):
        command.append(run_process(command_args(input_path, work), timeout))
        bare.append(run_process(bare_args(input_path), timeout))
    return Pairs(command, bare)


def spread_of(values: list[float]) -> str:
    return f"min {min(values):5.2f}x  median {statistics.median(values):5.2f}x  max {max(values):5.2f}x"


def print_pairs(label: str, articles: int, input_bytes: int, result: Pairs) -> None:
    stopped = sum(not run.finished for run in result.command)
    print(f"{label}: {articles} articles ({input_bytes / 1e6:.2f} MB of input), {len(result.command)} pairs"
          + (f", {stopped} command run(s) stopped at the time limit (ratios are lower bounds)" if stopped else ""))
    print(f"  end to end / bare spaCy parse, wall: {spread_of(result.ratios('wall'))}")
    print(f"  end to end / bare spaCy parse, CPU:  {spread_of(result.ratios('cpu'))}")
    best = min(result.command, key=lambda run: run.wall)
    print(f"  command: best {best.wall:.1f} s wall, {articles / best.wall:.2f} articles/s; "
          f"bare parse best {min(run.wall for run in result.bare):.1f} s; "
          f"peak memory command {max(run.peak_mb for run in result.command):.0f} MB "
          f"(PSS {max(run.peak_pss_mb for run in result.command):.0f} MB), "
          f"bare {max(run.peak_mb for run in result.bare):.0f} MB")


def output_sizes(work: Path, input_bytes: int) -> None:
    out = work / "out"
    for name in ("dossier.json", "dossier.md", "report.html"):
        path = out / name
        if path.exists():
            size = path.stat().st_size
            print(f"  {name:13s} {size / 1e6:8.2f} MB  = {size / input_bytes:6.2f}x the input")


def compare(label: str, records: list[dict], work: Path, pairs: int, timeout: float, sizes: bool = False) -> Pairs:
    input_path = work / "input.jsonl"
    input_bytes = realtext.write_jsonl(records, input_path)
    result = interleaved(input_path, work, pairs, timeout)
    print_pairs(label, len(records), input_bytes, result)
    if sizes:
        output_sizes(work, input_bytes)
    sys.stdout.flush()
    return result


def growth(sizes: list[int], work: Path, pairs: int, timeout: float) -> None:
    """The one-story cost per article at each size, and its growth per 4x articles."""
    print(f"one story as it grows ({pairs} pair(s) per size):")
    previous: tuple[int, float, float] | None = None
    for size in sizes:
        result = compare(f" one story, {size}", realtext.one_story(size), work, pairs, timeout)
        per_article = statistics.median(run.wall for run in result.command) / size
        ratio = statistics.median(result.ratios("wall"))
        if previous:
            per_4x = math.log(4) / math.log(size / previous[0])
            print(f"  growth per 4x articles: {(per_article / previous[1]) ** per_4x:.2f}x seconds per article, "
                  f"{(ratio / previous[2]) ** per_4x:.2f}x ratio to the bare parse "
                  f"({per_article:.3f} s/article at {size}, {previous[1]:.3f} at {previous[0]})")
        previous = (size, per_article, ratio)


def memory(sizes: list[int], work: Path, timeout: float) -> None:
    """Peak memory of the whole command at each size of real text over many stories, next to a bare parse of the
    same texts, and what each further article adds: linear growth adds the same per article at every step."""
    print("peak memory of the whole command as the input grows (RSS and PSS summed over the process tree at one "
          "instant, the largest sample):")
    previous: tuple[int, float] | None = None
    for size in sizes:
        result = compare(f" real text, {size}", realtext.spread(size), work, 1, timeout)
        command, bare = result.command[0], result.bare[0]
        added = (f"; {(command.peak_mb - previous[1]) / (size - previous[0]):.2f} MB RSS per article added since "
                 f"{previous[0]}" if previous else "")
        print(f"  {size} articles: peak RSS {command.peak_mb:.0f} MB (PSS {command.peak_pss_mb:.0f} MB), "
              f"bare parse RSS {bare.peak_mb:.0f} MB, ratio {command.peak_mb / bare.peak_mb:.2f}x{added}")
        previous = (size, command.peak_mb)


def real_articles() -> list[Article]:
    raws, _ = read_paths([str(EXAMPLE)])
    raws += [document for document, _ in read_gold(OWN_CORPUS)]
    articles, _ = prepare_articles(raws)
    return articles


def end_to_end(articles: list[Article], models: Models, pairs: int) -> None:
    """The earlier bench's figure, in process (kept as a baseline), now interleaved pair by pair."""
    texts = [a.text for a in articles]
    ratios = []
    for _ in range(pairs):
        start = time.perf_counter()
        for _ in models.nlp.pipe(texts, batch_size=16):
            pass
        bare = time.perf_counter() - start
        start = time.perf_counter()
        analyze_articles([a.model_copy(deep=True) for a in articles], models)
        ratios.append((time.perf_counter() - start) / bare)
    print(f"in process (analyze_articles vs nlp.pipe, models loaded, no cleaning, reports or store) on "
          f"{len(articles)} articles: {spread_of(ratios)}")


def synthetic_features(size: int, articles: list[Article], models: Models, days: int, seed: int = 11) -> tuple[
    list[ArticleFeatures], dict[str, str]
]:
    rng = np.random.default_rng(seed)
    sentences = [s for a in articles for s in _SENTENCE_END.split(" ".join(a.text.split())) if len(s) > 40]
    common = sorted({entity_key(e, for_language("en")) for a in articles[:20] for e in models.nlp(a.text).ents
                     if e.label_ in {"GPE", "ORG", "NORP"}})
    topics = _unit(rng.normal(size=(TOPICS, DIMENSIONS)))
    features: list[ArticleFeatures] = []
    gold: dict[str, str] = {}
    event = 0
    while len(features) < size:
        event += 1
        members = int(rng.integers(1, 10))
        centre = _unit(topics[rng.integers(TOPICS)] + 0.8 * _unit(rng.normal(size=DIMENSIONS)))
        own = [f"person {event}", f"town {event}", f"company {event}"]
        lead = [sentences[i] for i in rng.integers(len(sentences), size=3)]
        first_day = int(rng.integers(days))
        for m in range(min(members, size - len(features))):
            key = f"x{len(features)}"
            body = lead[: 1 + m % 3] + [_reworded(sentences[i], rng) for i in rng.integers(len(sentences), size=6)]
            vector = _unit(centre + 0.35 * _unit(rng.normal(size=DIMENSIONS)))
            keys = own[: 2 + m % 2] + [common[i] for i in rng.integers(len(common), size=3)]
            day = np.datetime64("2025-01-01") + first_day + int(rng.integers(3))
            features.append(ArticleFeatures(
                id=key, title=lead[0][:80], day=str(day), vector=vector.astype(np.float32),
                keys=tuple(sorted(set(keys))), minhash=signature(" ".join(body)),
            ))
            gold[key] = f"e{event}"
    return features, gold


def _reworded(sentence: str, rng: np.random.Generator) -> str:
    """A real sentence with its words shuffled: real vocabulary, but word 5-grams of its own, as the body of a
    different report has. Bodies drawn verbatim from one pool of a few hundred sentences would make unrelated
    events near copies of each other, which real crawls are not; the shared lead keeps copies within an event."""
    return " ".join(rng.permutation(sentence.split()))


def clustering_at_scale(sizes: list[int], articles: list[Article], models: Models) -> None:
    print("story clustering (StoryIndex, features precomputed; synthetic vectors, real-sentence MinHash):")
    for label, days_for in (
        ("all sizes over one year (articles per day grow with size)", lambda size: 365),
        ("constant volume of ~27 articles per day (the period grows with size, as in a crawl)",
         lambda size: max(1, size * 365 // 10_000)),
    ):
        print(f" {label}:")
        previous = None
        for size in sizes:
            features, gold = synthetic_features(size, articles, models, days_for(size))
            features.sort(key=lambda f: (f.day or "", f.id))
            index = StoryIndex(StorySettings())
            start = time.perf_counter()
            for item in features:
                index.add(item)
            elapsed = time.perf_counter() - start
            _, _, f1 = b_cubed(dict(index.story_of), gold)
            growth = f"  x{elapsed / previous[1]:.1f} time for x{size / previous[0]:.0f} articles" if previous else ""
            print(f"  {size:7d} articles  {elapsed:8.2f} s  {1e6 * elapsed / size:7.0f} us/article  "
                  f"{len(index.states):6d} stories (gold {len(set(gold.values()))})  B3-F1 {f1:.3f}{growth}")
            previous = (size, elapsed)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _unit(matrix: np.ndarray) -> np.ndarray:
    return matrix / np.linalg.norm(matrix, axis=-1, keepdims=True)


def _sizes(text: str) -> list[int]:
    return [int(s) for s in text.split(",") if s.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(PARTS), help=f"comma-separated parts: {', '.join(PARTS)}")
    parser.add_argument("--pairs", type=int, default=3, help="A B pairs per comparison (spread, one)")
    parser.add_argument("--size", type=int, default=200, help="articles of the spread and one-story comparisons")
    parser.add_argument("--growth", default="50,200,800", help="one-story sizes")
    parser.add_argument("--growth-pairs", type=int, default=1)
    parser.add_argument("--real", type=int, default=1000, help="articles of the real-text end-to-end run")
    parser.add_argument("--memory", default="250,500,1000", help="sizes of the memory part")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds before a command run is stopped")
    parser.add_argument("--sizes", default="1000,10000,100000", help="clustering sizes")
    args = parser.parse_args()
    parts = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        parser.error(f"unknown part(s) {', '.join(unknown)}; choose from {', '.join(PARTS)}")
    with tempfile.TemporaryDirectory(prefix="newsweave-throughput-") as tmp:
        work = Path(tmp)
        if "spread" in parts:
            compare("spread over stories", realtext.spread(args.size), work, args.pairs, args.timeout)
        if "one" in parts:
            compare("one story", realtext.one_story(args.size), work, args.pairs, args.timeout, sizes=True)
        if "growth" in parts:
            growth(_sizes(args.growth), work, args.growth_pairs, args.timeout)
        if "real" in parts:
            compare("real text end to end", realtext.spread(args.real), work, 1, args.timeout)
        if "memory" in parts:
            memory(_sizes(args.memory), work, args.timeout)
    if "inprocess" in parts or "clustering" in parts:
        models = load_models()
        articles = real_articles()
        if "inprocess" in parts:
            end_to_end(articles, models, args.pairs)
        if "clustering" in parts:
            clustering_at_scale(_sizes(args.sizes), articles, models)
        print(f"peak memory of this process: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
