"""The spaCy parse of a large input in worker processes that hold nothing but spaCy, so that this process encodes
and links what is already parsed while the workers parse the next articles: both cores busy.

Why spawned and not forked: a forked worker starts with a copy of everything this process holds (~600 MB once
torch and MiniLM are loaded; two forked workers took a 250-article run to 1.96 GB summed over the processes), a
spawned one starts empty and loads only the spaCy pipeline. The workers send each Doc back as bytes (without
the activations no stage reads), in input order; a few batches per worker are sent ahead, so a slow reader
never makes the parses pile up in memory. A worker imports spaCy without torch (`nlp.torchless`): it runs no
torch model.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import pickle
import queue
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Self

from newsweave.settings import ParseSettings

if TYPE_CHECKING:  # spaCy is imported by the workers and when Docs come back: a caller starts them sooner
    from spacy.language import Language
    from spacy.tokens import Doc

    from newsweave.lang import Resources

AHEAD_BATCHES = 4
"""Batches each worker is given before the first comes back: enough that a worker never waits for the next."""
POLL_SECONDS = 1.0
"""How often a reader waiting for a batch checks that its worker is still alive, and an idle worker that the
process which started it is."""
STOP_SECONDS = 10.0
"""How long a worker may take to exit once told to stop, before it is terminated."""

Batch = list[bytes] | str
"""What a worker sends back for a batch of texts: their Docs as bytes, or why it could not parse them."""


def wanted(articles: int, cfg: ParseSettings) -> bool:
    """Whether an input of this many articles is parsed by workers (`cfg.processes`, `cfg.parallel_from`)."""
    return cfg.processes > 0 and articles >= cfg.parallel_from


def free_cores(cfg: ParseSettings, parsing: bool) -> int:
    """Cores this process may use (its CPU affinity), less those its parse workers hold while `parsing`; at
    least one."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, usable - (cfg.processes if parsing else 0))


class ParseWorkers:
    """`cfg.processes` spaCy-only worker processes, each running the pipeline `load_spacy(res, cfg)` builds (res
    None: English). They
    start loading spaCy when made, so a caller that knows its input is large starts them before its own slow
    imports and model loading; stopped as soon as `parse` has received its last batch (idle workers would hold
    their memory through linking, when a run's memory peaks), else by `close` (or at the end of a `with`
    block). One `parse` per instance."""

    def __init__(self, res: Resources | None, cfg: ParseSettings) -> None:
        context = mp.get_context("spawn")
        self._jobs = [context.Queue() for _ in range(cfg.processes)]
        self._results = [context.Queue() for _ in range(cfg.processes)]
        self._workers = [
            context.Process(
                target=_serve, args=(pickle.dumps(res), cfg, job, result), daemon=True, name="newsweave-parse"
            )
            for job, result in zip(self._jobs, self._results, strict=True)
        ]
        self._closed = False
        for worker in self._workers:
            worker.start()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def parse(self, texts: Iterable[str], nlp: Language, batch_size: int) -> Iterator[Doc]:
        """The Docs of `texts` in order, rebuilt on `nlp`'s vocabulary. A worker that fails or dies stops the
        parse with a `RuntimeError` saying why."""
        from spacy.tokens import Doc

        count = len(self._workers)
        remaining = iter(texts)
        batches = iter(lambda: list(islice(remaining, batch_size)), [])
        pending: deque[int] = deque()  # the worker of each batch sent and not yet read, in input order
        for batch in islice(batches, AHEAD_BATCHES * count):
            pending.append(len(pending) % count)
            self._jobs[pending[-1]].put(batch)
        sent = len(pending)
        while pending:
            k = pending.popleft()
            received = _received(self._results[k], self._workers[k])
            batch = next(batches, None)
            if batch is not None:
                pending.append(sent % count)
                self._jobs[pending[-1]].put(batch)
                sent += 1
            elif not pending:
                self.close()
            for data in received:
                yield Doc(nlp.vocab).from_bytes(data)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        for job in self._jobs:
            job.put(None)
        for worker in self._workers:
            worker.join(STOP_SECONDS)
            if worker.is_alive():
                worker.terminate()
                worker.join()
        for channel in (*self._jobs, *self._results):
            channel.cancel_join_thread()  # the workers are gone: what they did not read must not hold the exit
            channel.close()


def parse_in_workers(
    texts: Iterable[str], nlp: Language, res: Resources, cfg: ParseSettings, batch_size: int
) -> Iterator[Doc]:
    """`ParseWorkers.parse` by workers started for these texts alone."""
    with ParseWorkers(res, cfg) as workers:
        yield from workers.parse(texts, nlp, batch_size)


def _received(results: mp.Queue, worker: BaseProcess) -> list[bytes]:
    while True:
        try:
            batch: Batch = results.get(timeout=POLL_SECONDS)
        except queue.Empty:
            if not worker.is_alive():
                raise RuntimeError(f"the spaCy parse worker stopped (exit code {worker.exitcode})") from None
            continue
        if isinstance(batch, str):
            raise RuntimeError(f"the spaCy parse worker failed: {batch}")  # noqa: TRY004 - a failure, not a type
        return batch


def _serve(resources: bytes, cfg: ParseSettings, jobs: mp.Queue, results: mp.Queue) -> None:
    """A worker's life: load the pipeline, parse each batch it is sent until told to stop (None). A failure is
    sent as its reason, which the reader raises; the worker stays until it is told to stop. The resources come
    pickled: unpickled as an argument, they would import spaCy (and torch with it) before this could stop it."""
    from newsweave.nlp.torchless import import_thinc_without_torch

    import_thinc_without_torch()
    from newsweave.nlp.models import bound_heap, load_spacy

    bound_heap()  # parsing 120 real articles: 144 MB resident at the end against 178 with glibc's defaults
    try:
        nlp = load_spacy(pickle.loads(resources), cfg)
    except Exception as error:  # noqa: BLE001 - sent to the reader, which raises it with the reason
        results.put(f"cannot load the spaCy pipeline: {type(error).__name__}: {error}")
        return
    while (batch := _next_job(jobs)) is not None:
        try:
            results.put([doc.to_bytes(exclude=["tensor"]) for doc in nlp.pipe(batch, batch_size=len(batch))])
        except Exception as error:  # noqa: BLE001 - sent to the reader, which raises it with the reason
            results.put(f"{type(error).__name__}: {error}")
    results.cancel_join_thread()  # told to stop: a reader that stopped early must not hold this exit


def _next_job(jobs: mp.Queue) -> list[str] | None:
    """The next batch, or None when told to stop or when the process that started this worker is gone (killed
    runs must not leave workers behind: this worker holds the queue's sending end too, so no end of input
    would ever come)."""
    parent = mp.parent_process()
    while True:
        try:
            return jobs.get(timeout=POLL_SECONDS)
        except queue.Empty:
            if parent is not None and not parent.is_alive():
                return None
