"""Atomic claims, matched across articles, counted by independent support (a copy adds none)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pytest

from newsweave.link.claim_parse import article_claims
from newsweave.link.claims import extract_claims, independent
from newsweave.link.derivation import detect_derivations
from newsweave.link.entities import EntityResolution
from newsweave.models import AnalyzedArticle, Claim, Conflict, RawDocument
from newsweave.nlp.embed import embed_sentences, embed_texts
from newsweave.nlp.models import Models
from newsweave.report.sections import claims as section

ClaimRun = Callable[..., tuple[list[AnalyzedArticle], list[Claim], list[Conflict]]]

ORIGINAL = """Flooding in the river town of Corvale forced 300 residents from their homes on Monday, the regional fire service said.

The river rose two metres in six hours after three days of heavy rain, and the main road to the coast was closed.

The fire service said its crews rescued 14 people from cars trapped on the flooded road.

Mayor Ilse Brandt said the town's flood barrier had been ordered in 2021 but never delivered.

Forecasters expect more rain on Wednesday.
"""

INDEPENDENT = """About 300 people had to leave their houses in Corvale on Monday as floodwater swept through the town, according to firefighters.

Firefighters rescued 14 people from cars trapped on the flooded road to the coast.

Shops along the riverfront were badly damaged, their owners said.

Residents have been told they may not return home before the weekend.
"""


@pytest.fixture(scope="session")
def run_claims(annotate_texts, models: Models) -> ClaimRun:
    """Parse made-up articles and run copy detection and claim extraction on them as one story."""
    return partial(link_texts, annotate_texts, models)


def link_texts(
    annotate_texts: Callable[..., list[AnalyzedArticle]], models: Models, *items: str | RawDocument
) -> tuple[list[AnalyzedArticle], list[Claim], list[Conflict]]:
    analyzed = annotate_texts(*items)
    vectors = embed_sentences(analyzed, models.embedder)
    derivations = detect_derivations(analyzed, vectors)
    claims, conflicts = extract_claims(
        analyzed, vectors, EntityResolution(), {}, derivations, partial(embed_texts, models.embedder)
    )
    return analyzed, claims, conflicts


def _claim_with(claims: list[Claim], *words: str) -> Claim:
    found = [c for c in claims if all(w in " ".join(e.text for e in c.support) for w in words)]
    assert found, f"no claim mentions {words}"
    return max(found, key=lambda c: len(c.sources))


def test_a_copy_adds_no_independent_support(run_claims: ClaimRun):
    copy = ORIGINAL.replace("Forecasters expect more rain on Wednesday.", "Share this story.")
    analyzed, claims, _ = run_claims(ORIGINAL, copy, INDEPENDENT)
    original, duplicate, other = (item.article.id for item in analyzed)
    assert analyzed[1].article.derived_from == original

    evacuated = _claim_with(claims, "300")
    assert set(evacuated.sources) == {original, duplicate, other}
    assert set(evacuated.independent_sources) == {original, other}
    assert not evacuated.single_source

    barrier = _claim_with(claims, "flood barrier")
    assert set(barrier.sources) == {original, duplicate}
    assert barrier.independent_sources == [original] and barrier.single_source


def test_claims_carry_structure_and_evidence_offsets(run_claims: ClaimRun):
    analyzed, claims, _ = run_claims(ORIGINAL, INDEPENDENT)
    rescued = _claim_with(claims, "rescued 14")
    assert "14 people" in rescued.numbers
    texts = {item.article.id: item.article.text for item in analyzed}
    for evidence in rescued.support:
        assert texts[evidence.article][evidence.start : evidence.end].startswith(evidence.text.split()[0])
    ids = [c.id for c in claims]
    assert len(ids) == len(set(ids))


def test_coordinated_clauses_become_separate_claims(annotate_texts):
    (item,) = annotate_texts(
        "The river rose two metres in six hours, and the main road to the coast was closed by the police.\n"
    )
    texts = [c.text for c in article_claims(item, EntityResolution(), [])]
    assert any("river rose" in t and "road" not in t for t in texts)
    assert any("road to the coast was closed" in t and "river" not in t for t in texts)


def test_a_participle_after_a_comma_takes_the_subject_of_the_clause_before_it(annotate_texts):
    (item,) = annotate_texts(
        "Villagers cleared the roads near Tarbes after a storm flattened the forest, leaving 300 homes without power.\n"
    )
    texts = [c.text for c in article_claims(item, EntityResolution(), [])]
    assert any(t.startswith("a storm leaving 300 homes") for t in texts), texts
    assert not any(t.startswith("Villagers leaving") for t in texts), texts


def test_quotes_and_opinions_are_kept_apart_from_facts(annotate_texts):
    (item,) = annotate_texts(
        '"We will rebuild every single house in this valley before winter comes," the mayor said.\n\n'
        "The decision could be seen as a sign that the council has lost patience with the county.\n\n"
        "The council approved a budget of 2 million euros for repairs on Tuesday.\n"
    )
    kinds = {c.text.split()[1]: c.kind for c in article_claims(item, EntityResolution(), [])}
    assert kinds["will"] == "quote"
    assert kinds["decision"] == "opinion"
    assert kinds["council"] == "fact"


def test_different_numbers_are_never_merged_as_support(run_claims: ClaimRun):
    _, claims, _ = run_claims(
        "A fire at a warehouse in the port of Dunmere killed 12 workers on Friday, police said.\n",
        "A fire at a warehouse in the port of Dunmere killed 15 workers on Friday, police said.\n",
    )
    for claim in claims:
        assert not {"12 worker", "15 worker"} <= set(claim.numbers)


def test_independent_collapses_chains_of_copies():
    origin = {"c": "b", "b": "a"}
    assert independent(["a", "b", "c"], origin) == ["a"]
    assert independent(["b", "c"], origin) == ["b"]
    assert independent(["c", "d"], origin) == ["c", "d"]


def test_example_claims_count_the_npr_rewrite_once(seed_dossier):
    by_file = {a.path.rsplit("/", 1)[-1][:3]: a.id for a in seed_dossier.articles if a.path}
    sanctions = [c for c in seed_dossier.claims if "sanctions" in c.text and by_file["002"] in c.sources]
    assert sanctions, "the sanctions claim of NPR and its rewrite should be matched"
    for claim in sanctions:
        assert by_file["002"] not in claim.independent_sources
    for claim in seed_dossier.claims:
        assert set(claim.independent_sources) <= set(claim.sources)
        assert not (by_file["000"] in claim.sources and by_file["002"] in claim.independent_sources)
        assert claim.single_source == (len(claim.independent_sources) == 1)


def test_report_section_escapes_text_and_shows_support_copies_and_conflicts(seed_dossier):
    dossier = seed_dossier.model_copy(deep=True)
    dossier.claims[0].text = "<script>alert(1)</script> 12 dead"
    html = section.html(dossier)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'class="claims sortable"' in html and "<svg" in html and "Single-source claims" in html
    assert html.count('class="conflict"') == len(dossier.conflicts)
    single = [c for c in dossier.claims if c.single_source and c.kind == "fact"]
    assert html.count('class="single"') == len(single) > 0
    markdown = section.markdown(dossier)
    assert "### Where sources differ" in markdown and "### Who copied whom" in markdown
