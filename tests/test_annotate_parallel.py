"""The parse in worker processes (large inputs), with this process parsing from the back, gives exactly the
annotations of the parse in this process, in input order; the batches of a worker that fails or dies are parsed
here; workers that stay after the parse share jobs (linking stories) with this process and give exactly what this
process would."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from newsweave.app.pipeline import analyze_articles, prepare_articles
from newsweave.lang import resources_of
from newsweave.models import RawDocument, Story
from newsweave.nlp.annotate import annotate_articles
from newsweave.nlp.embed import Encoder
from newsweave.nlp.parse_worker import Batch, Claims, Held, ParseWorkers, Task, parse_in_workers
from newsweave.settings import ParseSettings, Settings
from tests.test_second_language import toy_language

ROOT = Path(__file__).resolve().parent.parent

TEXTS = [
    (
        "Rescuers in the port town of Velmora pulled 14 people from a collapsed warehouse on Sunday, the fire "
        "service said. Chief officer Hanna Lorrick said two more were still missing."
    ),
    "The warehouse in Velmora fell after days of heavy rain, officials said on Monday.\n\nPhoto: the site at dawn.",
    "Dock workers' union leader Piet Ambers called for an inquiry into the building's owners.",
]


def test_parsing_in_worker_processes_gives_the_same_annotations(models) -> None:
    raws = [RawDocument(source=f"made-up-{i}.txt", text=text) for i, text in enumerate(TEXTS)]
    articles, skipped = prepare_articles(raws)
    assert len(articles) == 3, skipped
    here = list(annotate_articles(articles, models.nlp))
    workers = list(annotate_articles(articles, models.nlp, cfg=ParseSettings(processes=2, parallel_from=1)))
    assert [(a.sentences, a.mentions) for a in workers] == [(a.sentences, a.mentions) for a in here]
    assert [[(t.lemma_, t.pos_, t.dep_, t.head.i) for t in a.doc] for a in workers] == [
        [(t.lemma_, t.pos_, t.dep_, t.head.i) for t in a.doc] for a in here
    ]
    assert resources_of(workers[0].doc) is resources_of(here[0].doc), "the Docs carry the run's resources"
    assert all(a.doc.tensor.size == 0 for a in here + workers), "no Doc keeps the activations no stage reads"


def test_a_parse_worker_holds_spacy_without_torch(models) -> None:
    """thinc imports torch whenever it is installed; a worker that only parses must not map it (~190 MB), and
    its Docs are those of this process's pipeline, which was loaded with torch."""
    texts = [TEXTS[0], TEXTS[2]]
    with ParseWorkers(None, ParseSettings(processes=1), stay=True) as workers:
        docs = [doc for doc, _ in workers.parse(texts, models.nlp, batch_size=1)]  # ends once the worker has replied
        (worker,) = [child for child in multiprocessing.active_children() if child.name == "newsweave-parse"]
        mapped = Path(f"/proc/{worker.pid}/maps").read_text()
    assert "spacy" in mapped and "libtorch" not in mapped and "libtorch" in Path("/proc/self/maps").read_text()
    assert [[(t.tag_, t.dep_, t.head.i, t.ent_type_) for t in doc] for doc in docs] == [
        [(t.tag_, t.dep_, t.head.i, t.ent_type_) for t in models.nlp(text)] for text in texts
    ]


def _annotations(docs: list) -> list[list[tuple]]:
    return [[(t.tag_, t.lemma_, t.dep_, t.head.i, t.ent_type_, t.is_sent_start) for t in doc] for doc in docs]


def test_a_parse_worker_that_cannot_load_spacy_leaves_its_batches_to_this_process(models) -> None:
    """A worker that fails never leaves the reader waiting for Docs that will not come: they are parsed here."""
    missing = toy_language(lambda data: data["language"]["values"].update(spacy_package="no_such_spacy_model"))
    docs = [doc for doc, _ in parse_in_workers(TEXTS, models.nlp, missing, ParseSettings(processes=1), batch_size=2)]
    assert _annotations(docs) == _annotations([models.nlp(text) for text in TEXTS])


def test_the_batches_of_a_parse_worker_that_dies_are_parsed_here(models) -> None:
    """A worker killed mid-parse (for its memory, say) loses no text: this process parses what it had."""
    texts = [
        f"Report {i}: the ferry Alvena {i} docked at pier {i} on Tuesday, the harbour master said."
        for i in range(60)
    ]
    with ParseWorkers(None, ParseSettings(processes=1), stay=True) as workers:
        list(workers.parse(["A ferry docked."], models.nlp, batch_size=1))  # ends once the worker has loaded
        (worker,) = [child for child in multiprocessing.active_children() if child.name == "newsweave-parse"]
        parsed = (doc for doc, _ in workers.parse(texts, models.nlp, batch_size=4))
        docs = [next(parsed)]
        os.kill(worker.pid, signal.SIGKILL)
        docs += parsed
        assert not worker.is_alive()
    assert [doc.text for doc in docs] == texts
    assert _annotations(docs) == _annotations([models.nlp(text) for text in texts])


def test_workers_never_sent_a_job_are_ended_at_once() -> None:
    """Workers start before a run's checks and reading: a run that fails them, or finds nothing to parse, ends
    its workers without waiting for them to load spaCy: terminated, not told to stop."""
    unused = ParseWorkers(None, ParseSettings(processes=1))
    (worker,) = [child for child in multiprocessing.active_children() if child.name == "newsweave-parse"]
    unused.close()
    assert worker.exitcode == -signal.SIGTERM


def test_parse_workers_give_every_doc_in_input_order(models) -> None:
    """More batches than are sent ahead, spread over two workers, come back as the texts were given, and the
    workers stop once the parse has given its last Doc (a reader asks for no more: `annotate_articles`)."""
    texts = [f"Report {i}: the ferry Alvena {i} docked at pier {i} on Tuesday." for i in range(40)]
    workers = ParseWorkers(resources_of(models.nlp("x")), ParseSettings(processes=2))
    parsed = (doc for doc, _ in workers.parse(texts, models.nlp, 3))
    docs = [next(parsed) for _ in texts]
    assert [doc.text for doc in docs] == texts
    assert all(doc.vocab is models.nlp.vocab for doc in docs)
    assert not [child for child in multiprocessing.active_children() if child.name == "newsweave-parse"]


def test_a_loaded_worker_and_this_process_parse_from_both_ends(models) -> None:
    """While the worker parses from the front, this process parses from the back: each text once, the Docs in
    input order, each as this process alone would parse it."""
    texts = [
        f"Officials in Brennick said on day {i} that {i + 3} families had left the valley as the river rose."
        for i in range(150)
    ]
    with ParseWorkers(None, ParseSettings(processes=1), stay=True) as workers:
        list(workers.parse(["A ferry docked."], models.nlp, batch_size=1))  # ends once the worker has loaded
        docs = [doc for doc, _ in workers.parse(texts, models.nlp, batch_size=16)]
        here = workers.claims.limit.value
    assert 0 < here < len(texts), "both the worker and this process parsed some of the texts"
    assert [doc.text for doc in docs] == texts
    assert _annotations(docs) == _annotations([models.nlp(text) for text in texts])


def test_sentences_are_encoded_where_they_were_parsed(models) -> None:
    """The worker encodes the sentences of the articles it parses and sends their vectors with the Docs: this
    process encodes only those of the articles it took from the back, and every vector is the one it makes."""
    raws = [
        RawDocument(
            source=f"made-up-{i}.txt",
            text=f"Officials in Brennick said on day {i} that {i + 3} families had left the valley. The river at "
            f"gauge {i} rose by {i + 40} centimetres overnight, the water board said.",
        )
        for i in range(60)
    ]
    articles, _ = prepare_articles(raws)
    encoder = Encoder(models.link_embedder)
    with ParseWorkers(None, ParseSettings(processes=1), stay=True) as workers:
        list(workers.parse(["A ferry docked."], models.nlp, batch_size=1))  # ends once the worker has loaded
        analyzed = list(annotate_articles(articles, models.nlp, None, ParseSettings(processes=1), workers, encoder))
        here = len(articles) - workers.claims.limit.value
    sentences = [ref.text for item in analyzed for ref in item.sentences]
    assert 0 < here < len(articles) and len(set(sentences)) == 2 * len(articles)
    assert encoder.encoded == 2 * here, "this process encoded the sentences of the articles it parsed, no others"
    assert np.array_equal(encoder(sentences), Encoder(models.link_embedder)(sentences))


def test_workers_parse_the_first_texts_while_the_next_are_still_arriving(models) -> None:
    """`analyze` gives the parse its articles as cleaning makes them: the worker parses the first batches before
    the last text has arrived, and the Docs are those of a parse of all the texts given at once."""
    texts = [f"Report {i}: the ferry Alvena {i} docked at pier {i} on Tuesday, the harbour master said." for i in range(40)]
    parsed_before_the_end: list[int] = []

    def arriving() -> Iterator[str]:
        yield from texts[:-1]
        for _ in range(600):  # until the worker has claimed texts: it had loaded and was sent them
            if workers.claims.taken.value:
                break
            time.sleep(0.1)
        parsed_before_the_end.append(workers.claims.taken.value)
        yield texts[-1]

    with ParseWorkers(None, ParseSettings(processes=1), stay=True) as workers:
        docs = [doc for doc, _ in workers.parse(arriving(), models.nlp, batch_size=4)]
    assert parsed_before_the_end[0] > 0
    assert [doc.text for doc in docs] == texts
    assert _annotations(docs) == _annotations([models.nlp(text) for text in texts])


def test_claims_give_each_text_to_one_parser(models) -> None:
    """Whatever the order in which a worker starts its batches and the reader takes texts from the back, each
    text is parsed once: the worker's kept texts and the reader's taken ones tile the input."""
    rng = random.Random(7)
    for _ in range(200):
        count = rng.randint(1, 60)
        claims = Claims.shared(multiprocessing.get_context("spawn"))
        claims.start(count)
        starts = sorted(rng.sample(range(1, count), rng.randint(0, min(8, count - 1)))) if count > 1 else []
        batches = [Batch(a, [str(i) for i in range(a, b)]) for a, b in zip([0, *starts], [*starts, count], strict=True)]
        owner: list[str] = []
        while True:
            if batches and rng.random() < 0.5:
                owner += claims.claim(batches.pop(0))
                continue
            taken = claims.take(0, 2, rng.randint(1, 9))
            if not taken and not batches:
                break
            owner += [str(i) for i in taken]
        assert sorted(owner, key=int) == [str(i) for i in range(count)]


WORKERS_OF_A_RUN = """
import sys, time
from newsweave.nlp.parse_worker import ParseWorkers
from newsweave.settings import ParseSettings

if __name__ == "__main__":
    workers = ParseWorkers(None, ParseSettings(processes=1))
    print("started", flush=True)
    time.sleep(600)
"""


def test_a_worker_leaves_when_the_run_that_started_it_is_killed(tmp_path: Path) -> None:
    """A killed run (SIGKILL: no `close`) must not leave a worker holding a spaCy pipeline forever."""
    script = tmp_path / "run.py"
    script.write_text(WORKERS_OF_A_RUN, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.Popen([sys.executable, str(script)], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    assert run.stdout is not None and run.stdout.readline().strip() == "started"
    (worker,) = [pid for pid in _children(run.pid) if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()]
    run.kill()
    run.wait()
    waited = 0.0
    while Path(f"/proc/{worker}").exists() and _state(worker) != "Z" and waited < 120:
        time.sleep(0.5)
        waited += 0.5
    assert not Path(f"/proc/{worker}").exists() or _state(worker) == "Z", "the worker outlived its run"


def _children(pid: int) -> list[int]:
    return [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and _field(int(p.name), 1) == str(pid)]


def _state(pid: int) -> str:
    return _field(pid, 0)


def _field(pid: int, index: int) -> str:
    """A field after the command name of /proc/PID/stat (0: state, 1: parent pid); empty once it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[index]
    except OSError:
        return ""


OTHER_STORY = [
    "The ferry operator Nordvik Lines cancelled all crossings to Lundholm on Thursday as winds reached 90 km/h.",
    "All ferry crossings to Lundholm were cancelled on Thursday, Nordvik Lines said, blaming the storm.",
    "Nordvik Lines said crossings to Lundholm would resume on Friday morning once the winds had eased.",
]


REPUBLISHED = TEXTS[0] + " Divers searched the flooded basement until late on Sunday."


@pytest.mark.parametrize(
    ("texts", "first", "found"),
    [
        (TEXTS + OTHER_STORY, 3, ("claims", "entities")),
        ([*TEXTS, REPUBLISHED, *OTHER_STORY[:2]], 4, ("derivations", "statements")),
    ],
    ids=["each-story-whole", "most-articles-here-with-a-worker-aside"],
)
def test_stories_linked_in_workers_give_the_dossier_linked_here(
    models, texts: list[str], first: int, found: tuple[str, str]
) -> None:
    """Workers that stay after the parse link some of the stories from the Docs' bytes; a story of most of the
    run's articles is linked here while a worker finds its copies and supporting statements and links the other.
    The dossier is the one of linking every story in this process, field for field."""
    raws = [RawDocument(source=f"made-up-{i}.txt", text=text) for i, text in enumerate(texts)]
    articles, skipped = prepare_articles(raws)
    assert len(articles) == 6, skipped
    ids = [article.id for article in articles]
    stories = [Story(id="s1", title="one", articles=ids[:first]), Story(id="s2", title="two", articles=ids[first:])]
    dossiers = [
        analyze_articles(
            articles,
            models,
            stories=stories,
            settings=Settings(parse=ParseSettings(parallel_from=1, link_in_workers_up_to=up_to)),
        ).model_dump(exclude={"generated_at"})
        for up_to in (0, len(articles))
    ]
    assert dossiers[0] == dossiers[1]
    assert all(dossiers[0][section] for section in found), "linking found something to compare"
    assert not [child for child in multiprocessing.active_children() if child.name == "newsweave-parse"]


def _square_unless_zero(payload: int, held: Held) -> tuple[int, int]:
    """A task for `share`: fails on 0, and exits its worker on -1."""
    if payload == -1:
        os._exit(3)
    if payload == 0:
        raise ValueError("zero")
    assert held.nlp.lang == "en"
    return payload * payload, os.getpid()


def test_workers_share_jobs_and_a_failed_task_is_run_here(models) -> None:
    """Each result at its job's place, whoever ran it; a task that fails in a worker is run by this process."""
    jobs = [0, 1, 2, 3, 4, 5]
    with ParseWorkers(None, ParseSettings(processes=1), stay=True) as workers:
        list(workers.parse(["A ferry docked."], models.nlp, batch_size=1))
        results = workers.share(
            len(jobs), lambda k: Task(_square_unless_zero, jobs[k]), lambda k, _: (jobs[k] ** 2, os.getpid())
        )
    assert [square for square, _ in results] == [0, 1, 4, 9, 16, 25]
    assert results[0][1] == os.getpid(), "the task that failed there was run here"
    assert results[1][1] != os.getpid(), "a worker takes jobs from the front"
    assert results[-1][1] == os.getpid(), "this process from the back"


@pytest.mark.parametrize("first", [2, -1])
def test_a_job_here_waits_for_the_result_of_a_job_in_a_worker(models, first: int) -> None:
    """A job this process runs may need the result of one a worker runs meanwhile: it gets the worker's, or, when
    the worker stops (-1), this process runs that job itself."""
    jobs = [first, 3, 4]
    with ParseWorkers(None, ParseSettings(processes=1), stay=True) as workers:
        list(workers.parse(["A ferry docked."], models.nlp, batch_size=1))
        results = workers.share(
            len(jobs),
            lambda k: Task(_square_unless_zero, jobs[k]),
            lambda k, result: (result(0)[0] + jobs[k], os.getpid()) if k == 2 else (-jobs[k], os.getpid()),
        )
    first_result = first * first if first > 0 else -first
    assert results[2] == (first_result + 4, os.getpid())
    assert (results[0][1] == os.getpid()) == (first < 0), "run by the worker unless it stopped"


def test_the_jobs_of_a_worker_that_stops_are_run_here(models) -> None:
    """A worker gone mid-task (killed for its memory, say) loses no job: this process runs every one it had."""
    jobs = [-1, 1, 2]
    with ParseWorkers(None, ParseSettings(processes=1), stay=True) as workers:
        list(workers.parse(["A ferry docked."], models.nlp, batch_size=1))
        results = workers.share(
            len(jobs), lambda k: Task(_square_unless_zero, jobs[k]), lambda k, _: (jobs[k], os.getpid())
        )
    assert results == [(-1, os.getpid()), (1, os.getpid()), (2, os.getpid())]
