"""The parse in worker processes (large inputs) gives exactly the annotations of the parse in this process, in
input order, and a worker that fails stops the parse with its reason."""

from __future__ import annotations

import pytest

from newsweave.app.pipeline import prepare_articles
from newsweave.lang import resources_of
from newsweave.models import RawDocument
from newsweave.nlp.annotate import annotate_articles
from newsweave.nlp.parse_worker import parse_in_workers
from newsweave.settings import ParseSettings
from tests.test_second_language import toy_language

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


def test_a_parse_worker_that_cannot_load_spacy_stops_the_parse_with_the_reason(models) -> None:
    """A worker that fails never leaves the reader waiting for Docs that will not come."""
    missing = toy_language(lambda data: data["language"]["values"].update(spacy_package="no_such_spacy_model"))
    with pytest.raises(RuntimeError, match="cannot load the spaCy pipeline.*no_such_spacy_model"):
        list(parse_in_workers(TEXTS, models.nlp, missing, ParseSettings(processes=1), batch_size=2))


def test_parse_workers_give_every_doc_in_input_order(models) -> None:
    """More batches than are sent ahead, spread over two workers, come back as the texts were given."""
    texts = [f"Report {i}: the ferry Alvena {i} docked at pier {i} on Tuesday." for i in range(40)]
    docs = list(parse_in_workers(texts, models.nlp, resources_of(models.nlp("x")), ParseSettings(processes=2), 3))
    assert [doc.text for doc in docs] == texts
    assert all(doc.vocab is models.nlp.vocab for doc in docs)
