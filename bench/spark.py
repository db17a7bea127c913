"""The Spark job on local[2] next to the single-process path, on the same real-text articles.

Usage: PYTHONPATH=. nice -n 10 .venv/bin/python bench/spark.py [--size 10000] [--files 4] [--pairs 1]
       [--timeout 7200]

Both sides are whole processes over the same JSONL files (`bench/realtext.spread`: the 462 ECB+ dev articles,
then articles recombined from the sentences of each dev story), doing the same work: read, clean, parse, embed,
cluster into stories and store.
  A = `python -m newsweave.scale.spark_job FILES --master local[2] --out DIR --db DB` (Spark: the per-article
      stages in two Python workers, clustering on the driver);
  B = `python -m newsweave.cli ingest FILES --db DB --quiet` (one process; linking left out where the command
      offers `--no-link`, as the Spark job does not link).
They take turns (A B A B ...); the figures are articles per second of each and their ratio, since on a shared
machine only a ratio measured side by side means anything. CPU time and peak memory are of each process tree
(the Spark side counts its JVM and Python workers; `throughput.run_process`).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import realtext  # noqa: E402
from bench.throughput import Run, run_process  # noqa: E402


def write_inputs(size: int, files: int, folder: Path) -> tuple[list[Path], int]:
    """The articles split over `files` JSONL files (how a crawl arrives, and so Spark reads in parallel)."""
    records = realtext.spread(size)
    paths = [folder / f"part-{n}.jsonl" for n in range(files)]
    written = sum(realtext.write_jsonl(records[n::files], path) for n, path in enumerate(paths))
    return paths, written


def spark_args(inputs: list[Path], work: Path, run: int) -> list[str]:
    """Spark starts its Python workers with $PYSPARK_PYTHON: this interpreter, so they have its packages."""
    os.environ["PYSPARK_PYTHON"] = sys.executable
    return [sys.executable, "-m", "newsweave.scale.spark_job", *map(str, inputs), "--master", "local[2]",
            "--out", str(work / f"spark-{run}"), "--db", str(work / f"spark-{run}.db")]


def single_args(inputs: list[Path], work: Path, run: int) -> list[str]:
    command = [sys.executable, "-m", "newsweave.cli", "ingest", *map(str, inputs), "--db", str(work / f"single-{run}.db"),
               "--quiet"]
    return command + (["--no-link"] if "--no-link" in _ingest_help() else [])


def _ingest_help() -> str:
    return subprocess.run([sys.executable, "-m", "newsweave.cli", "ingest", "--help"], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout


def describe(label: str, runs: list[Run], size: int) -> str:
    best = min(runs, key=lambda run: run.wall)
    stopped = " (stopped at the time limit)" if not all(run.finished for run in runs) else ""
    return (f"  {label:28s} {size / best.wall:7.2f} articles/s (best of {len(runs)}: {best.wall:7.1f} s wall, "
            f"{best.cpu:7.1f} CPU-s), peak memory {max(run.peak_mb for run in runs):6.0f} MB{stopped}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--pairs", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=7200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsweave-spark-") as tmp:
        work = Path(tmp)
        inputs, written = write_inputs(args.size, args.files, work)
        spark: list[Run] = []
        single: list[Run] = []
        for run in range(args.pairs):
            spark.append(run_process(spark_args(inputs, work, run), args.timeout))
            single.append(run_process(single_args(inputs, work, run), args.timeout))
    ratios = [b.wall / a.wall for a, b in zip(spark, single, strict=True)]
    print(f"{args.size} real-text articles ({written / 1e6:.1f} MB in {args.files} JSONL files), {args.pairs} pair(s):")
    print(describe("Spark job, local[2]", spark, args.size))
    print(describe("single process (ingest)", single, args.size))
    print(f"  Spark throughput / single process: median {statistics.median(ratios):.2f}x "
          f"(min {min(ratios):.2f}x, max {max(ratios):.2f}x)")


if __name__ == "__main__":
    main()
