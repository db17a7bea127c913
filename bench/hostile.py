"""The hostile corpus (issue 15): the whole `newsweave analyze` command over every registered bad input mixed with
20 good made-up articles, next to the 20 good articles alone.

Usage: PYTHONPATH=. nice -n 10 .venv/bin/python bench/hostile.py [--pairs 2] [--only NAME ...] [--timeout 900]
       [--alone all|run|none]

The cases are the registry of `tests/hostile/corpus.py` (every area adds its own). On a shared machine absolute
times say little, so the done-when figure is a ratio of runs side by side: A (corpus + good) then B (good only),
interleaved A B A B, and the min/median/max of the pairs' wall-time ratios is printed (target: at most 2x).
Per case, two costs. "read s / read MB": what the command's own reading and cleaning (`read_sources` and
`prepare_articles`, as `analyze` calls them: `corpus.read_and_clean`) spend on the case, timed in this process, with the peak of
the Python heap they allocate (tracemalloc, in a second pass so its overhead is not timed); for every case whose
input is a path (a URL is read by the command's fetcher). "alone s / alone MB": the whole command run over the
case alone (wall time and the peak summed resident set of its process tree, `bench/throughput.py`), by default
for the cases of the other layers only:
a run that skips everything still spends some 10-30 s importing the pipeline on a loaded machine, which would
hide what the case itself costs (`--alone all` runs every case so).

A case's outcome is read from the mixed run's dossier.json: its articles and skips whose source lies under the
case's input. Printed checks: all good articles analysed, every case's outcome as registered (skipped with a
reason holding the registered fragment, or analysed), nothing lost (an input with neither outcome).

Every run reads one settings file (`--config`): the hostile loopback sites of the network cases are named in
`network.allow_private` (exactly their host:port, so their redirect into another loopback port stays refused), and
the fetch deadline is `FETCH_DEADLINE_SECONDS` rather than the default 20 s. The two dripping servers are cut by the
speed floor at its defaults (`network.low_speed_bytes` over `network.low_speed_seconds` from the first byte); the
short deadline bounds what a regression of the floor would cost the mixed run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import tracemalloc
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.throughput import Run, run_process, spread_of  # noqa: E402
from tests.hostile.corpus import (  # noqa: E402
    CASES,
    GOOD_COUNT,
    Case,
    Outcome,
    build_case,
    good_articles,
    read_and_clean,
    under,
)
from tests.hostile.network import allowed_targets  # noqa: E402

RATIO_TARGET = 2.0
FETCH_DEADLINE_SECONDS = 5.0
SETTINGS = "settings.toml"
URL_SCHEMES = ("http://", "https://")


def analyze_args(inputs: list[str], work: Path) -> list[str]:
    return [sys.executable, "-m", "newsweave.cli", "analyze", *inputs, "--out", str(work / "out"), "--db",
            str(work / "run.db"), "--config", str(work / SETTINGS), "--quiet"]


def write_settings(work: Path, inputs: list[str]) -> None:
    """The runs' settings file (see the module's docstring); a JSON list of strings is a TOML array."""
    (work / SETTINGS).write_text(
        f"[ingest]\nfetch_timeout_seconds = {FETCH_DEADLINE_SECONDS}\n\n"
        f"[network]\nallow_private = {json.dumps(allowed_targets(inputs))}\n", encoding="utf-8")


def fresh(work: Path) -> Path:
    """An empty output folder for one run (the store and outputs of the previous one removed)."""
    for name in ("out", "run.db"):
        path = work / name
        if path.is_dir():
            for child in path.iterdir():
                child.unlink()
        elif path.exists():
            path.unlink()
    return work


def outcomes(dossier: dict, inputs: dict[str, str]) -> dict[str, Outcome]:
    sources = [article_source(article) for article in dossier["articles"]]
    skips = [(item["path"], item["reason"]) for item in dossier["skipped"]]
    return {name: Outcome.of(given, sources, skips) for name, given in inputs.items()}


def article_source(article: dict) -> str:
    return article.get("path") or article.get("url") or ""


@dataclass(frozen=True)
class Cost:
    """Reading and cleaning one case in this process: seconds, and the peak Python heap in MB."""

    seconds: float
    heap_mb: float


def reading_cost(given: str) -> Cost:
    start = time.perf_counter()
    read_and_clean([given])
    seconds = time.perf_counter() - start
    tracemalloc.start()
    read_and_clean([given])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return Cost(seconds, peak / 2**20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=2, help="A B pairs (corpus + good, good alone)")
    parser.add_argument("--only", action="append", default=[], metavar="NAME",
                        help="a case name, repeatable (default: every registered case)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds before a run is stopped")
    parser.add_argument("--alone", choices=("all", "run", "none"), default="run",
                        help="which cases the whole command runs alone: every one, those not of layer 'ingest', none")
    args = parser.parse_args()
    unknown = [name for name in args.only if name not in CASES]
    if unknown:
        parser.error(f"unknown case(s) {unknown}; registered: {list(CASES)}")
    chosen = [CASES[name] for name in args.only] or list(CASES.values())
    with tempfile.TemporaryDirectory(prefix="newsweave-hostile-") as tmp, ExitStack() as stack:
        root = Path(tmp)
        good = root / "good"
        good_articles(good)
        inputs = {case.name: build_case(case, root / "corpus", stack) for case in chosen}
        work = root / "work"
        work.mkdir()
        write_settings(work, list(inputs.values()))
        mixed_args = [str(good), *inputs.values()]
        mixed: list[Run] = []
        alone: list[Run] = []
        for _ in range(args.pairs):
            mixed.append(run_process(analyze_args(mixed_args, fresh(work)), args.timeout))
            dossier = json.loads((work / "out" / "dossier.json").read_text(encoding="utf-8")) \
                if mixed[-1].finished else None
            alone.append(run_process(analyze_args([str(good)], fresh(work)), args.timeout))
        reading_cost(str(good))  # loads what reading and cleaning load once (language data, detectors), untimed
        costs = {name: reading_cost(given) for name, given in inputs.items() if not given.startswith(URL_SCHEMES)}
        per_case = {
            case.name: run_process(analyze_args([inputs[case.name]], fresh(work)), args.timeout, check=False)
            for case in chosen if args.alone == "all" or (args.alone == "run" and case.layer != "ingest")
        }
        report(chosen, inputs, dossier, mixed, alone, costs, per_case)


def report(chosen: list[Case], inputs: dict[str, str], dossier: dict | None, mixed: list[Run], alone: list[Run],
           costs: dict[str, Cost], per_case: dict[str, Run]) -> None:
    if dossier is None:
        print(f"the mixed run did not finish within the time limit ({mixed[-1].wall:.0f} s): no outcomes")
        return
    found = outcomes(dossier, inputs)
    print(f"{'case':34s} {'expected':9s} {'ok':3s} {'read s':>7s} {'read MB':>7s} {'alone s':>7s} {'alone MB':>8s}"
          "  outcome")
    for case in chosen:
        outcome, cost, run = found[case.name], costs.get(case.name), per_case.get(case.name)
        reading = f"{cost.seconds:7.2f} {cost.heap_mb:7.1f}" if cost else f"{'-':>7s} {'-':>7s}"
        whole = (f"{run.wall:7.1f}" if run.finished else f"{'stopped':>7s}") + f" {run.peak_mb:8.0f}" if run else \
            f"{'-':>7s} {'-':>8s}"
        print(f"{case.name[:34]:34s} {case.expect:9s} {'yes' if outcome.meets(case) else 'NO':3s} {reading} {whole}  "
              f"{outcome.label()[:150]}".replace("\n", "\\n"))
    good_done = [a for a in dossier["articles"] if not any(under(article_source(a), i) for i in inputs.values())]
    ratios = [a.wall / b.wall for a, b in zip(mixed, alone, strict=True)]
    met = sum(found[case.name].meets(case) for case in chosen)
    print(f"good articles analysed in the mixed run: {len(good_done)}/{GOOD_COUNT}")
    print(f"cases as expected: {met}/{len(chosen)}")
    print(f"corpus + good / good alone, wall ({len(ratios)} pairs): {spread_of(ratios)}  "
          f"(target <= {RATIO_TARGET:.0f}x: {'met' if statistics.median(ratios) <= RATIO_TARGET else 'NOT met'})")
    print(f"median wall: corpus + good {statistics.median(r.wall for r in mixed):.1f} s, good alone "
          f"{statistics.median(r.wall for r in alone):.1f} s (the difference is what the cases cost the run)")
    print(f"peak memory: corpus + good {max(r.peak_mb for r in mixed):.0f} MB, "
          f"good alone {max(r.peak_mb for r in alone):.0f} MB")


if __name__ == "__main__":
    main()
