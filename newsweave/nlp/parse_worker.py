"""The spaCy parse of a large input in worker processes that hold nothing but spaCy, so that this process encodes
and links what is already parsed while the workers parse the next articles: both cores busy. Whenever this process
has nothing parsed to work on, it parses texts from the back of the input itself, so the parse ends sooner.

Why spawned and not forked: a forked worker starts with a copy of everything this process holds (~600 MB once
torch and MiniLM are loaded; two forked workers took a 250-article run to 1.96 GB summed over the processes), a
spawned one starts empty and loads only the spaCy pipeline. The workers send each Doc back as bytes (without
the activations no stage reads), in input order; a few batches per worker are sent ahead, so a slow reader
never makes the parses pile up in memory. Which texts are whose is decided as each batch starts (`Claims`): the
reader takes the texts a worker has not started yet, from the back, and the worker skips them. A worker imports
spaCy without torch (`nlp.torchless`): it runs no torch model.

Work that follows the parse of a Doc (`After`: encoding its sentences) is done where the Doc was parsed, in the
worker or in this process for the texts it took from the back, and its result comes back with the Doc: had this
process done it for every Doc, it would still be working alone long after the two parses met.

Once the parse is over, workers started to `stay` take other work than parsing (`share`): jobs the caller
splits with them, such as linking whole stories, each sent as a `Task` whose function the worker imports by name
(this module need not know the layers that ask for it).
"""

from __future__ import annotations

import math
import multiprocessing as mp
import os
import pickle
import queue
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from ctypes import c_longlong
from dataclasses import dataclass, field
from multiprocessing.context import SpawnContext
from multiprocessing.synchronize import Lock
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

from newsweave.settings import ParseSettings

if TYPE_CHECKING:  # spaCy is imported by the workers and when Docs come back: a caller starts them sooner
    from spacy.language import Language
    from spacy.tokens import Doc

    from newsweave.lang import Resources
    from newsweave.nlp.embed import Embedder, Encoder

AHEAD_BATCHES = 4
"""Batches each worker is given before the first comes back: enough that a worker never waits for the next while
the reader parses a batch of its own. Batches sent ahead commit nothing: the reader may still take them."""
SHARE_DIVISOR = 2
"""A batch is at most the unclaimed texts over this many times the parties parsing: batches shrink as the workers
and the reader near each other, so the last batch of each ends at about the same time."""
POLL_SECONDS = 1.0
"""How often a reader waiting for a batch checks that its worker is still alive, and an idle worker that the
process which started it is."""
STOP_SECONDS = 10.0
"""How long a worker may take to exit once told to stop, before it is terminated."""

TASKS_AHEAD = 2
"""Tasks each worker is given before the first comes back: while it runs one, the next waits in its queue, so it
never idles while this process runs a long one of its own."""

Reply = list[tuple[bytes, Any]] | tuple[bytes] | str
"""What a worker sends back: for a batch of texts their Docs as bytes, each with its `After` result, for a task
its result pickled (in a tuple), or why it could not do either."""

P = TypeVar("P")
T = TypeVar("T")


@dataclass
class Held:
    """What a worker holds for the tasks it runs after the parse: its spaCy pipeline, the resources its Docs
    carry, and the link encoder (`cfg.link_encoder`), loaded at the first task that asks for it."""

    nlp: Language
    res: Resources
    cfg: ParseSettings
    _embedder: Embedder | None = field(default=None, init=False, repr=False)
    _encoder: Encoder | None = field(default=None, init=False, repr=False)

    def embedder(self) -> Embedder:
        if self._embedder is None:
            from newsweave.nlp.models import load_embedder

            self._embedder = load_embedder(self.cfg, self.cfg.link_encoder)
        return self._embedder

    def encoder(self) -> Encoder:
        """The link encoder with the worker's one cache, for the `After` work of every batch it parses: a sentence
        that comes back in another article (a copy, a rewrite) is encoded once."""
        if self._encoder is None:
            from newsweave.nlp.embed import Encoder

            self._encoder = Encoder(self.embedder())
        return self._encoder

    def parse_over(self) -> None:
        """Drop the cache of `encoder`: the sentence vectors it made went back with their Docs, and the tasks that
        follow the parse encode through caches of their own (`Encoder.seeded`), so the worker would hold ~7 MB at
        200 articles, 30-40 MB at 1,000, through linking, when a run's memory peaks. A later parse starts a new
        cache."""
        self._encoder = None


@dataclass(frozen=True)
class After:
    """Work on the Docs of the `chosen` texts of a parse, done where each was parsed; `function(docs, encoder)`
    gives one result per Doc. In a worker it encodes with the worker's link encoder (`Held.encoder`), here with
    the reader's: they must make the same vectors (`embed.made_alike`). The function is pickled by its name."""

    function: Callable[[list[Doc], Encoder], list[Any]]
    chosen: list[bool]

    def of(self, start: int, stop: int) -> After:
        return After(self.function, self.chosen[start:stop])

    def results(self, docs: list[Doc], encoder: Encoder) -> list[Any]:
        """The function's result for each of `docs` (the first texts of this `After`'s), None for those not
        chosen."""
        chosen = self.chosen[: len(docs)]
        made = iter(self.function([doc for doc, wanted in zip(docs, chosen, strict=True) if wanted], encoder))
        return [next(made) if wanted else None for wanted in chosen]


@dataclass(frozen=True)
class Batch:
    """Texts of a parse, from the text at `start`, sent to a worker."""

    start: int
    texts: list[str]
    after: After | None = None


@dataclass(frozen=True)
class Claims:
    """Who parses which texts of a parse, shared by the reader and its workers: workers start batches from the
    front and parse their texts below `limit` (`taken`: the end of the texts they have started), the reader takes
    texts from the back down to `taken`, lowering `limit`. Under the `lock` neither passes the other, so each text
    is parsed once."""

    lock: Lock
    limit: c_longlong
    taken: c_longlong

    @classmethod
    def shared(cls, context: SpawnContext) -> Claims:
        return cls(context.Lock(), context.RawValue("q", 0), context.RawValue("q", 0))

    def start(self, count: int) -> None:
        with self.lock:
            self.limit.value, self.taken.value = count, 0

    def end(self, count: int) -> None:
        """The texts of a parse started `OPEN` have all arrived: `count` of them."""
        with self.lock:
            self.limit.value = count

    def claim(self, batch: Batch) -> list[str]:
        """The texts of the batch a worker parses: those the reader has not taken."""
        with self.lock:
            keep = max(0, min(len(batch.texts), self.limit.value - batch.start))
            self.taken.value = max(self.taken.value, batch.start + keep)
        return batch.texts[:keep]

    def take(self, floor: int, parties: int, most: int) -> range:
        """The texts the reader parses next, from the back: none below `floor` (what it has read) nor below what
        the workers have started; empty when none are left."""
        with self.lock:
            low = max(self.taken.value, floor)
            high = self.limit.value
            start = max(low, high - portion(high - low, parties, most))
            self.limit.value = start
        return range(start, high)


OPEN = 2**62
"""`Claims.limit` while the texts of a parse are still arriving: the workers parse their batches whole, and the
reader takes none from the back, which is not there yet."""


class Arriving:
    """The texts of a parse, read from `texts` as the parse needs them: a run's articles as cleaning makes them,
    so that the workers parse the first while the next are read, cleaned or fetched. Once the last has been read,
    the parse's end is known (`Claims.end`)."""

    def __init__(self, texts: Iterable[str], claims: Claims) -> None:
        self.texts: list[str] = []
        self.ended = False
        self._rest = iter(texts)
        self._claims = claims
        claims.start(OPEN)

    def reach(self, count: int) -> None:
        """Read texts until `count` are there or none are left."""
        while not self.ended and len(self.texts) < count:
            text = next(self._rest, None)
            if text is None:
                self.ended = True
                self._claims.end(len(self.texts))
            else:
                self.texts.append(text)


def portion(left: int, parties: int, most: int) -> int:
    """The size of the next batch when `left` texts remain for `parties` (`SHARE_DIVISOR`), at most `most`."""
    return max(1, min(most, math.ceil(left / (SHARE_DIVISOR * parties))))


@dataclass(frozen=True)
class Task(Generic[P, T]):
    """`function(payload, held)` in a worker. The function is pickled by its name, so it must be a module's own."""

    function: Callable[[P, Held], T]
    payload: P


def wanted(articles: int, cfg: ParseSettings) -> bool:
    """Whether an input of this many articles is parsed by workers (`cfg.processes`, `cfg.parallel_from`)."""
    return cfg.processes > 0 and articles >= cfg.parallel_from


def stay_to_link(articles: int, cfg: ParseSettings) -> bool:
    """Whether workers that parse an input of this many articles stay to link stories (`cfg.link_in_workers_up_to`)."""
    return articles <= cfg.link_in_workers_up_to


def parse_here(nlp: Language, texts: Iterable[str], batch_size: int) -> Iterator[Doc]:
    """Docs parsed in this process as a worker's come back: without the tok2vec activations spaCy leaves on them
    (`Doc.tensor`, 384 bytes a token, most of a parsed Doc's memory). No stage reads them, and every Doc of a run is
    kept until linking is done, so they made most of the memory that grew with the input."""
    from numpy import zeros

    for doc in nlp.pipe(texts, batch_size=batch_size):
        doc.tensor = zeros((0, 0), dtype="float32")
        yield doc


def doc_bytes(doc: Doc) -> bytes:
    """A Doc as it goes from one process to another (`doc_from_bytes`): spaCy's `Doc.to_dict` without the
    activations no stage reads (the tensor), nor the attributes of the run (user data: where it is rebuilt,
    `annotate.analyzed_from_bytes` gives it the resources), pickled. `Doc.to_bytes` looks up the strings of each
    token's eight string attributes one by one, and msgpack looks up its encoders on every call by scanning the
    installed packages; here the strings are looked up once per distinct value: the Docs of 200 articles go in
    0.12 CPU-s instead of 0.23, and come back in 0.13 instead of 0.20 (identical Docs: tests/test_doc_transfer.py)."""
    from numpy import unique
    from spacy.tokens import Doc

    head = Doc._get_array_attrs()  # the columns `Doc.from_dict` reads
    body = doc.to_array(head)
    named = unique(body[:, [head.index(attr) for attr in _string_attrs()]])
    strings = {doc.vocab.strings[int(key)] for key in named}
    for group in doc.spans.values():  # as `Doc.to_dict` does
        for span in group:
            strings.add(span.label_)
            if span.kb_id in doc.vocab.strings:
                strings.add(span.kb_id_)
            if span.id in doc.vocab.strings:
                strings.add(span.id_)
    message = {  # not language
        "text": doc.text,
        "array_head": head,
        "array_body": body,
        "sentiment": doc.sentiment,
        "cats": doc.cats,
        "strings": list(strings),
        "has_unknown_spaces": doc.has_unknown_spaces,
    }
    if doc.spans:  # `Doc.from_dict` clears the span groups of a message without
        message["spans"] = doc.spans.to_bytes()
    return pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)


def doc_from_bytes(data: bytes, nlp: Language) -> Doc:
    """The Doc `doc_bytes` sent, rebuilt on `nlp`'s vocabulary."""
    from spacy.tokens import Doc

    return Doc(nlp.vocab).from_dict(pickle.loads(data))


def _string_attrs() -> tuple[int, ...]:
    """The token attributes whose strings `Doc.to_dict` sends (`Doc.from_dict` needs them in the vocabulary)."""
    from spacy.attrs import DEP, ENT_ID, ENT_KB_ID, ENT_TYPE, LEMMA, MORPH, NORM, TAG

    return (TAG, LEMMA, MORPH, DEP, ENT_TYPE, ENT_KB_ID, ENT_ID, NORM)


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
    their memory through linking, when a run's memory peaks) unless they `stay` for `share` (and, `kept`, for
    a task the caller `submit`s after it), else by `close` (or at the end of a `with` block). One `parse` per
    instance, or one after another while they `stay`."""

    def __init__(self, res: Resources | None, cfg: ParseSettings, stay: bool = False) -> None:
        self.stay = stay
        context = mp.get_context("spawn")
        self._jobs = [context.Queue() for _ in range(cfg.processes)]
        self._results = [context.Queue() for _ in range(cfg.processes)]
        self.claims = Claims.shared(context)
        """Who parsed which texts of the last parse: this process those from `claims.limit` on."""
        self._workers = [
            context.Process(
                target=_serve,
                args=(pickle.dumps(res), cfg, self.claims, job, result),
                daemon=True,
                name="newsweave-parse",
            )
            for job, result in zip(self._jobs, self._results, strict=True)
        ]
        self._closed = False
        self._used = False
        self._kept = False
        for worker in self._workers:
            worker.start()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def parse(
        self, texts: Iterable[str], nlp: Language, batch_size: int, after: After | None = None,
        encoder: Encoder | None = None,
    ) -> Iterator[tuple[Doc, Any]]:
        """The Docs of `texts` in order, rebuilt on `nlp`'s vocabulary, each with its `after` result (None
        without). The workers parse batches of at most `batch_size` texts from the front, each sent once its texts
        have arrived (`Arriving`: while the workers parse, this process reads the next texts); once all have,
        whenever the next Docs are not back yet, this process parses a batch from the back on `nlp` (its own Docs
        need no bytes round trip) and does its `after` work with `encoder`, until the two meet. The batches of a
        worker that fails or dies are parsed here."""
        given = Arriving(texts, self.claims)
        alive = [not self._closed and worker.is_alive() for worker in self._workers]
        pending: deque[tuple[int, Batch]] = deque()  # each batch sent and not yet read, with its worker, in order
        tail: deque[tuple[Doc, Any]] = deque()  # those parsed here from the back: the texts from `limit` on

        def here(start: int, stop: int, size: int) -> list[tuple[Doc, Any]]:
            docs = list(parse_here(nlp, given.texts[start:stop], size))
            if after is None or encoder is None:
                return [(doc, None) for doc in docs]
            return list(zip(docs, after.of(start, stop).results(docs, encoder), strict=True))

        sent = read = 0  # texts sent to the workers, texts whose Docs were given

        def send() -> None:
            nonlocal sent
            while (k := self._ready_for(pending, alive)) is not None:
                given.reach(sent + batch_size)
                end = min(len(given.texts), self.claims.limit.value)
                if sent >= end:
                    return
                size = min(end - sent, portion(self.claims.limit.value - sent, sum(alive) + 1, batch_size))
                sending = None if after is None else after.of(sent, sent + size)
                pending.append((k, Batch(sent, given.texts[sent : sent + size], sending)))
                self._jobs[k].put(pending[-1][1])
                self._used = True
                sent += size

        def meanwhile() -> bool:
            """While a worker parses: read the next texts, or once all are there parse some from the back; False
            when neither is left to do."""
            if not given.ended:
                given.reach(len(given.texts) + batch_size)
                send()
                return True
            if taken := self.claims.take(read, sum(alive) + 1, batch_size):
                tail.extendleft(reversed(here(taken.start, taken.stop, len(taken))))
                return True
            return False

        while read < self.claims.limit.value:
            send()
            if not pending:  # no worker left to parse the front
                given.reach(OPEN)
                docs = here(read, self.claims.limit.value, batch_size)
            else:
                k, batch = pending.popleft()
                reply = self._task_reply(k, wait=False)
                while reply is None and meanwhile():
                    reply = self._task_reply(k, wait=False)
                reply = reply if reply is not None else self._task_reply(k, wait=True)
                if isinstance(reply, list):
                    docs = [(doc_from_bytes(data, nlp), result) for data, result in reply]
                else:
                    alive[k] = self._workers[k].is_alive()
                    docs = here(batch.start, min(batch.start + len(batch.texts), self.claims.limit.value), batch_size)
            read += len(docs)
            if read >= self.claims.limit.value:  # before the last Docs: a reader stops asking once it has them all
                self._finish(pending, alive)
            yield from docs
        yield from tail

    def _finish(self, pending: deque[tuple[int, Batch]], alive: list[bool]) -> None:
        """Read the replies of the batches the reader took whole (their workers parsed none), so that the next
        reply is the next job's; then stop the workers unless they `stay`."""
        for k, _ in pending:
            if alive[k]:
                self._task_reply(k, wait=True)
        if not self.stay:
            self.close()

    def _ready_for(self, pending: deque[tuple[int, Batch]], alive: list[bool]) -> int | None:
        """The live worker with the fewest batches sent ahead, if it may be sent another (`AHEAD_BATCHES`)."""
        ahead = [sum(k == worker for worker, _ in pending) for k in range(len(self._workers))]
        ready = [k for k in range(len(self._workers)) if alive[k] and ahead[k] < AHEAD_BATCHES]
        return min(ready, key=lambda k: ahead[k], default=None)

    def share(
        self,
        count: int,
        task: Callable[[int], Task[Any, T]],
        here: Callable[[int, Callable[[int], T]], T],
        ahead: int = TASKS_AHEAD,
    ) -> list[T]:
        """The results of jobs 0..count-1 in order: the workers take jobs from the front (`task(k)`, run there, up
        to `ahead` at a time each), this process from the back (`here(k, result)`), until they meet. `result(j)`
        gives a job run here the result of job j, which a worker runs meanwhile: waited for, or run here when no
        worker has it. A task that fails in a worker, and every task of a worker that stops, is run here instead.
        The workers are closed at the end, unless `kept`."""
        results: dict[int, T] = {}
        left = deque(range(count))
        back: deque[int] = deque()  # jobs a worker failed or left: this process runs them
        sent: list[deque[int]] = [deque() for _ in self._workers]  # each worker's jobs not yet replied to
        alive = [not self._closed and worker.is_alive() for worker in self._workers]

        def send() -> None:
            for k, jobs in enumerate(sent):
                while alive[k] and left and len(jobs) < ahead:
                    jobs.append(left.popleft())
                    self._jobs[k].put(task(jobs[-1]))
                    self._used = True

        def receive(wait: bool) -> None:
            """The replies that are there; when `wait`ing, at least one."""
            for k, jobs in enumerate(sent):
                while jobs and (reply := self._task_reply(k, wait)) is not None:
                    wait = False
                    job = jobs.popleft()
                    if isinstance(reply, tuple):
                        results[job] = pickle.loads(reply[0])
                        continue
                    back.append(job)
                    if not self._workers[k].is_alive():
                        alive[k] = False
                        back.extend(jobs)
                        jobs.clear()

        def result(job: int) -> T:
            while job not in results:
                mine = next((jobs for jobs in (left, back) if job in jobs), None)
                if mine is None:
                    with _alarm_held():
                        receive(wait=True)
                    send()
                else:
                    mine.remove(job)
                    results[job] = here(job, result)
            return results[job]

        while left or back or any(sent):
            job = back.popleft() if back else left.pop() if left else None
            send()
            if job is not None:
                results[job] = here(job, result)
            receive(wait=not left and not back)
        if not self._kept:
            self.close()
        return [results[job] for job in range(count)]

    def keep(self) -> None:
        """Let the workers outlive `share`, for a task of the caller's after it (`submit`); the caller closes them."""
        self._kept = True

    def submit(self, task: Task[Any, T]) -> Callable[[], T | None]:
        """`task` sent to a live worker; returns a function that waits for its result, None when the worker failed
        or stopped, or when none was left to send it to (the caller then does the work itself)."""
        k = next((k for k, worker in enumerate(self._workers) if not self._closed and worker.is_alive()), None)
        if k is None:
            return lambda: None
        self._jobs[k].put(task)
        self._used = True

        def result() -> T | None:
            with _alarm_held():
                reply = self._task_reply(k, wait=True)
            return pickle.loads(reply[0]) if isinstance(reply, tuple) else None

        return result

    def _task_reply(self, k: int, wait: bool) -> Reply | None:
        """Worker k's next reply; when not `wait`ing, None unless one is there. A worker that stopped replies
        why."""
        while True:
            try:
                return self._results[k].get(timeout=POLL_SECONDS) if wait else self._results[k].get_nowait()
            except queue.Empty:
                if not self._workers[k].is_alive():
                    return f"the worker stopped (exit code {self._workers[k].exitcode})"
                if not wait:
                    return None

    def close(self) -> None:
        """Workers never sent a job are ended at once: a run that fails its checks, or finds nothing to parse,
        must not wait for them to finish loading spaCy before they read that they may stop."""
        if self._closed:
            return
        self._closed = True
        for job in self._jobs:
            job.put(None)
        for worker in self._workers:
            worker.join(STOP_SECONDS if self._used else 0)
            if worker.is_alive():
                worker.terminate()
                worker.join()
        for channel in (*self._jobs, *self._results):
            channel.cancel_join_thread()  # the workers are gone: what they did not read must not hold the exit
            channel.close()


def parse_in_workers(
    texts: Iterable[str], nlp: Language, res: Resources, cfg: ParseSettings, batch_size: int,
    after: After | None = None, encoder: Encoder | None = None,
) -> Iterator[tuple[Doc, Any]]:
    """`ParseWorkers.parse` by workers started for these texts alone."""
    with ParseWorkers(res, cfg) as workers:
        yield from workers.parse(texts, nlp, batch_size, after, encoder)


@contextmanager
def _alarm_held() -> Iterator[None]:
    """A deadline's alarm (`app.guard.deadline`) that rings while a job waits for a reply is held until the reply
    is read whole: raised in the middle of one, it would leave the queue unreadable for the replies after it."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGALRM})


def _serve(resources: bytes, cfg: ParseSettings, claims: Claims, jobs: mp.Queue, results: mp.Queue) -> None:
    """A worker's life: load the pipeline, parse the texts of each batch the reader has not taken (`claims`), or run
    each task, it is sent until told to stop (None). A failure is sent as its reason, and the reader parses the
    batch (or runs the task) itself; the worker stays until it is told to stop. The resources come pickled:
    unpickled as an argument, they would import spaCy (and torch with it) before this could stop it."""
    from newsweave.nlp.torchless import import_thinc_without_torch

    import_thinc_without_torch()
    from newsweave.lang import for_language
    from newsweave.nlp.models import bound_heap, load_spacy, roomy_heap

    bound_heap()  # parsing 120 real articles: 144 MB resident at the end against 178 with glibc's defaults
    try:
        res = pickle.loads(resources)
        nlp = load_spacy(res, cfg)
    except Exception as error:  # noqa: BLE001 - sent to the reader, which parses the batches itself
        results.put(f"cannot load the spaCy pipeline: {type(error).__name__}: {error}")
        return
    held = Held(nlp, res or for_language(nlp.lang), cfg)
    while (job := _next_job(jobs)) is not None:
        roomy_heap(not isinstance(job, Task))  # from a batch to the next task
        try:
            if isinstance(job, Task):  # pickled here: a result that cannot be is a failure the reader hears of
                held.parse_over()
                results.put((pickle.dumps(job.function(job.payload, held)),))
            else:
                docs = list(nlp.pipe(claims.claim(job), batch_size=len(job.texts)))
                made = [None] * len(docs) if job.after is None else job.after.results(docs, held.encoder())
                results.put([(doc_bytes(doc), result) for doc, result in zip(docs, made, strict=True)])
        except Exception as error:  # noqa: BLE001 - sent to the reader, which does the job itself
            results.put(f"{type(error).__name__}: {error}")
    results.cancel_join_thread()  # told to stop: a reader that stopped early must not hold this exit


def _next_job(jobs: mp.Queue) -> Batch | Task | None:
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
