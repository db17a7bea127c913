"""Who copied whom: made-up rewrites and independent reports (with traps), and the NPR rewrite in the example."""

from __future__ import annotations

import numpy as np
import pytest

from newsweave.link.derivation import (
    detect_derivations,
    independent_sources,
    monotone_alignment,
    origins,
    verbatim_overlap,
)
from newsweave.models import Derivation, RawDocument, strongest_copies
from newsweave.nlp.embed import embed_sentences
from newsweave.settings import DerivationSettings

CFG = DerivationSettings()

ORIGINAL = """A pedestrian bridge over the Calder River in the town of Ashbury collapsed on Saturday evening, injuring four people.

The 40-metre steel bridge, opened in 1998, had been closed for inspection twice in the past year after residents reported cracks in its supports.

Town engineer Miriam Holt said the structure had failed a load test in March but that repairs had been postponed because of a funding dispute with the county council.

"We warned the council that the bridge needed urgent work," Holt said.

Emergency crews pulled two people from the shallow water below the bridge, and all four injured were taken to Ashbury General Hospital.

The county council said it would open an independent investigation into the collapse and publish its findings within three months.

Harbor Gazette reporter Tom Reyes contributed to this report.
"""

REWRITE = """Four people were hurt when a footbridge across the Calder River in Ashbury gave way on Saturday night.

According to the Harbor Gazette, the steel bridge, opened in 1998, had been shut for inspections two times during the last year after locals noticed cracks in the supports.

Miriam Holt, the town engineer, said the bridge had failed a load test in March, but repairs were put off because of a funding dispute with the county council.

Rescue teams pulled two people out of the shallow water, and the four injured people were taken to Ashbury General Hospital.

The council has promised an independent investigation and says it will publish what it finds within three months.
"""

INDEPENDENT_A = """Officials in the port city of Merrow said on Tuesday that the new container terminal will open in June, two months later than planned.

The terminal, built at a cost of 300 million dollars, will double the port's capacity, according to the harbour authority.

"This terminal is the biggest investment in Merrow in a generation," said harbour master Lena Ortiz.

Shipping companies have complained about congestion at the old terminal for years.

The delay was caused by late deliveries of cranes from the manufacturer, Ortiz told the Coastal Herald.
"""

INDEPENDENT_B = """Merrow's long-awaited container terminal will not open until June, the harbour authority announced, blaming cranes that arrived late.

Dock workers' unions welcomed the new jobs the terminal will bring but warned about safety training.

"This terminal is the biggest investment in Merrow in a generation," said harbour master Lena Ortiz.

The 300-million-dollar project is expected to double the capacity of the port, which handled record volumes last year.

Local businesses said the congestion at the old terminal had cost them customers.
"""


@pytest.fixture(scope="module")
def rewrite_pair(annotate_texts, models):
    analyzed = annotate_texts(
        RawDocument(source="gazette.txt", text=ORIGINAL, outlet="Harbor Gazette"),
        RawDocument(source="aggregator.txt", text=REWRITE),
    )
    return analyzed, embed_sentences(analyzed, models.link_embedder)


def test_rewrite_with_credit_is_detected_with_direction_and_share(rewrite_pair):
    analyzed, vectors = rewrite_pair
    original, rewrite = analyzed
    derivations = detect_derivations(analyzed, vectors, CFG)
    assert len(derivations) == 1
    found = derivations[0]
    assert (found.source, found.derived) == (original.article.id, rewrite.article.id)
    assert found.direction == "credit" and "Harbor Gazette" in (found.credit or "")
    assert 0.5 <= found.share <= 1.0
    assert origins(derivations) == {rewrite.article.id: original.article.id}
    aligned = {(p.source_sentence, p.derived_sentence) for p in found.passages}
    assert len(aligned) >= 3
    assert all(p.similarity >= 0.6 for p in found.passages)


def test_credit_in_an_additional_reporting_line_gives_the_direction(annotate_texts, models):
    credited = REWRITE.replace("According to the Harbor Gazette, the", "The") + "\nAdditional reporting by Harbor Gazette.\n"
    analyzed = annotate_texts(
        RawDocument(source="gazette.txt", text=ORIGINAL, outlet="Harbor Gazette"),
        RawDocument(source="aggregator.txt", text=credited),
    )
    (found,) = detect_derivations(analyzed, embed_sentences(analyzed, models.link_embedder), CFG)
    assert found.derived == analyzed[1].article.id
    assert found.direction == "credit" and "Additional reporting by Harbor Gazette" in (found.credit or "")


def test_independent_reports_sharing_a_quote_and_facts_are_not_copies(annotate_texts, models):
    analyzed = annotate_texts(INDEPENDENT_A, INDEPENDENT_B)
    vectors = embed_sentences(analyzed, models.link_embedder)
    assert detect_derivations(analyzed, vectors, CFG) == []


def test_told_an_outlet_is_not_a_credit_for_copying(annotate_texts, models):
    """INDEPENDENT_A says "Ortiz told the Coastal Herald": an interview, even if B were from that outlet."""
    analyzed = annotate_texts(
        RawDocument(source="a.txt", text=INDEPENDENT_A),
        RawDocument(source="b.txt", text=INDEPENDENT_B, outlet="Coastal Herald"),
    )
    vectors = embed_sentences(analyzed, models.link_embedder)
    assert detect_derivations(analyzed, vectors, CFG) == []


EXTRA = (
    "The bridge was repainted in 2015 at a cost of 80,000 pounds, and a replacement had been proposed "
    "twice since then. Residents have started a petition asking for a ferry service until it is rebuilt."
)


def test_a_copy_missing_the_last_paragraph_is_syndication_of_unknown_order(annotate_texts, models):
    """A trimmed republication and an earlier version later extended look the same: nothing tells which
    came first, so the order is reported unknown and neither is named the other's source."""
    analyzed = annotate_texts(f"{ORIGINAL}\n{EXTRA}\n", ORIGINAL)
    vectors = embed_sentences(analyzed, models.link_embedder)
    derivations = detect_derivations(analyzed, vectors, CFG)
    assert [(d.source, d.derived) for d in derivations] == [(analyzed[0].article.id, analyzed[1].article.id)]
    found = derivations[0]
    assert found.direction == "unknown" and "order unknown" in found.evidence[-1]
    assert found.verbatim_share > 0.8 and "verbatim" in found.method
    assert origins(derivations) == {}


def test_a_short_line_one_copy_prints_before_the_text_is_no_update(annotate_texts, models):
    """A dateline or byline split off as a sentence is not a new lead: nothing tells the order."""
    analyzed = annotate_texts(ORIGINAL, f"From our correspondent in Ashbury.\n\n{ORIGINAL}")
    assert len(analyzed[1].sentences) > len(analyzed[0].sentences)
    (found,) = detect_derivations(analyzed, embed_sentences(analyzed, models.link_embedder), CFG)
    assert found.direction == "unknown"


def test_publication_dates_order_a_longer_later_copy(annotate_texts, models):
    analyzed = annotate_texts(
        RawDocument(source="late.txt", text=f"{ORIGINAL}\n{EXTRA}\n", published="2031-05-04"),
        RawDocument(source="early.txt", text=ORIGINAL, published="2031-05-03"),
    )
    (found,) = detect_derivations(analyzed, embed_sentences(analyzed, models.link_embedder), CFG)
    assert (found.source, found.derived, found.direction) == (analyzed[1].article.id, analyzed[0].article.id, "date")


WRITE_THROUGH = ORIGINAL.replace(
    "collapsed on Saturday evening, injuring four people.",
    "collapsed on Saturday evening, and the number of injured rose to nine on Sunday, up from four, as more "
    "people came forward for treatment.",
).replace(
    "\nTown engineer",
    "\nPolice closed both river banks and asked people to stay away while divers searched the water for debris.\n\n"
    "Town engineer",
)


def test_a_write_through_with_a_newer_count_and_inserted_paragraph_is_the_later_version(annotate_texts, models):
    analyzed = annotate_texts(WRITE_THROUGH, ORIGINAL)
    (found,) = detect_derivations(analyzed, embed_sentences(analyzed, models.link_embedder), CFG)
    assert (found.source, found.derived, found.direction) == (analyzed[1].article.id, analyzed[0].article.id, "update")


def test_a_higher_count_in_the_same_sentence_is_the_later_version(annotate_texts, models):
    higher = ORIGINAL.replace("injuring four people", "injuring 14 people")
    analyzed = annotate_texts(higher, ORIGINAL)
    (found,) = detect_derivations(analyzed, embed_sentences(analyzed, models.link_embedder), CFG)
    assert (found.source, found.derived, found.direction) == (analyzed[1].article.id, analyzed[0].article.id, "update")


AGENCY_COPY = "CALDER BRIDGE (Northwire) — " + ORIGINAL.replace("Harbor Gazette reporter Tom Reyes contributed to this report.\n", "")


def test_an_agency_dateline_credits_the_agency_site_and_two_republications_are_siblings(annotate_texts, models):
    analyzed = annotate_texts(
        RawDocument(source="a.txt", text=AGENCY_COPY, url="https://www.northwire.example/2031/bridge"),
        RawDocument(source="b.txt", text=AGENCY_COPY.rsplit("\n\n", 2)[0] + "\n", url="https://daily-one.example/bridge"),
        RawDocument(source="c.txt", text=AGENCY_COPY.rsplit("\n\n", 3)[0] + "\n", url="http://news.daily-two.example/b"),
    )
    agency, one, two = (item.article.id for item in analyzed)
    found = {(d.source, d.derived): d for d in detect_derivations(analyzed, embed_sentences(analyzed, models.link_embedder), CFG)}
    assert found[(agency, one)].direction == found[(agency, two)].direction == "credit"
    assert found[(one, two)].direction == "unknown" and "Northwire" in found[(one, two)].evidence[-1]
    assert origins(list(found.values())) == {one: agency, two: agency}
    assert independent_sources([one, two], list(found.values())) == [one]


def test_a_copy_lists_every_aligned_passage_only_for_its_strongest_source(annotate_texts, models):
    """Three copies of one agency story are three pairs; each derived article's strongest pair lists all its
    aligned passages, a weaker pair the first `passages_listed` and a count of all (a story of n copies has up
    to n² pairs)."""
    analyzed = annotate_texts(
        RawDocument(source="a.txt", text=AGENCY_COPY, url="https://www.northwire.example/2031/bridge"),
        RawDocument(source="b.txt", text=AGENCY_COPY.rsplit("\n\n", 2)[0] + "\n", url="https://daily-one.example/b"),
        RawDocument(source="c.txt", text=AGENCY_COPY.rsplit("\n\n", 3)[0] + "\n", url="http://daily-two.example/b"),
    )
    vectors = embed_sentences(analyzed, models.embedder)
    whole = detect_derivations(analyzed, vectors, CFG.model_copy(update={"passages_listed": 100}))
    found = detect_derivations(analyzed, vectors, CFG.model_copy(update={"passages_listed": 1}))
    assert [(d.source, d.derived, d.aligned) for d in found] == [(d.source, d.derived, d.aligned) for d in whole]
    strongest = {id(d) for d in strongest_copies(found)}
    assert len(found) == 3 and len(strongest) == 2
    for capped, full in zip(found, whole):
        assert full.aligned == len(full.passages) > 1
        assert capped.passages == (full.passages if id(capped) in strongest else full.passages[:1])


def test_an_outlet_contributing_to_a_rewrite_is_its_source(annotate_texts, models):
    credited = REWRITE.replace("According to the Harbor Gazette, the", "The") + "\nThe Harbor Gazette contributed to this report.\n"
    analyzed = annotate_texts(
        RawDocument(source="gazette.txt", text=ORIGINAL.rsplit("\n\n", 1)[0], url="https://harborgazette.example/x"),
        RawDocument(source="aggregator.txt", text=credited),
    )
    (found,) = detect_derivations(analyzed, embed_sentences(analyzed, models.link_embedder), CFG)
    assert (found.source, found.direction) == (analyzed[0].article.id, "credit")


def _copy(source: str, derived: str, direction: str = "credit") -> Derivation:
    return Derivation(source=source, derived=derived, share=0.8, direction=direction)


def test_independent_sources_follow_chains_and_siblings_but_not_mixes():
    chain = [_copy("a", "b"), _copy("b", "c")]
    assert independent_sources(["c", "a", "x"], chain) == ["a", "x"], "c copies a through b"
    siblings = [_copy("s1", "s2", "unknown")]
    assert independent_sources(["s1", "s2"], siblings) == ["s1"]
    mix = [_copy("a", "m"), _copy("b", "m")]
    assert independent_sources(["a", "b", "m"], mix) == ["a", "b"], "a text mixing two sources joins neither"
    assert independent_sources(["b", "b"], []) == ["b"]


def test_monotone_alignment_keeps_order():
    similarity = np.array([[0.9, 0.1, 0.1], [0.1, 0.1, 0.95], [0.1, 0.8, 0.1]])
    pairs = monotone_alignment(similarity, 0.6)
    rows, cols = [p[0] for p in pairs], [p[1] for p in pairs]
    assert rows == sorted(rows) and cols == sorted(cols)
    assert (0, 0, 0.9) in pairs and len(pairs) == 2


def test_verbatim_run_inside_quotes_is_not_counted_as_copying():
    quote = '"the terminal is the biggest investment in the city in a whole generation of its people"'
    share, run, _ = verbatim_overlap(f"The mayor said {quote} on Monday.", f"Critics doubted that {quote}.", CFG.shingle)
    assert share > 0.5 and run == 0


def test_example_rewrite_of_npr_is_detected(seed_dossier):
    """002 rewrites NPR's 000 ("According to NPR", the Delury passage); the other pairs are independent."""
    by_file = {a.path.rsplit("/", 1)[-1][:3]: a.id for a in seed_dossier.articles if a.path}
    pairs = {(d.source, d.derived) for d in seed_dossier.derivations}
    assert pairs == {(by_file["000"], by_file["002"])}
    derivation = seed_dossier.derivations[0]
    assert derivation.direction == "credit" and 0.3 <= derivation.share <= 0.9
    assert any(p.verbatim for p in derivation.passages)
    derived = next(a for a in seed_dossier.articles if a.id == by_file["002"])
    assert derived.derived_from == by_file["000"]
