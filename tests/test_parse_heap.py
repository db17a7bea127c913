"""While a parse runs, a bounded heap keeps big blocks for the next batch instead of mapping each afresh (a page
fault per 4 kB: 1.6 CPU-s of system time over 200 articles); once the parse has given its last Doc, or its reader
stops early, the heap is bounded again (`models.roomy_heap`)."""

from __future__ import annotations

import resource

import numpy as np

from newsweave.app.pipeline import prepare_articles
from newsweave.models import RawDocument
from newsweave.nlp.annotate import annotate_articles
from newsweave.nlp.models import bound_heap

TEXTS = [
    "Ferry crews in Ostrava Bay rescued 31 passengers on Friday, the coast guard said.",
    "The harbour of Ostrava Bay stayed shut on Saturday while divers searched the wreck.",
]


def _faults_of_big_arrays() -> int:
    """Page faults of making and freeing an 8 MB array ten times over."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(10):
        np.ones(1 << 20)
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


def test_the_heap_keeps_big_blocks_only_while_a_parse_runs(models) -> None:
    bound_heap()
    articles, _ = prepare_articles([RawDocument(source=f"made-up-{i}.txt", text=text) for i, text in enumerate(TEXTS)])
    bounded = _faults_of_big_arrays()
    parse = annotate_articles(articles, models.nlp)
    next(parse)
    roomy = _faults_of_big_arrays()
    assert list(parse), "the parse goes on"
    assert roomy * 4 < bounded, "while the parse runs, freed big blocks are used again"
    assert _faults_of_big_arrays() * 4 > bounded, "after the parse, each is mapped afresh again"
    stopped = annotate_articles(articles, models.nlp)
    next(stopped)
    stopped.close()
    assert _faults_of_big_arrays() * 4 > bounded, "a reader that stops early leaves the heap bounded"
