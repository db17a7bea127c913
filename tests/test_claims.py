"""Atomic claims, matched across articles, counted by independent support (a copy adds none)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pytest

from newsweave.link.claim_parse import Number, agree, article_claims, numbers, unit_kinds
from newsweave.link.claims import compatible, extract_claims
from newsweave.link.derivation import detect_derivations, independent_sources
from newsweave.link.entities import EntityResolution
from newsweave.models import AnalyzedArticle, Claim, Conflict, Derivation, RawDocument
from newsweave.nlp.embed import Encoder, embed_sentences, embed_texts
from newsweave.nlp.models import Models
from newsweave.nlp.timex import find_time_expressions
from newsweave.report.sections import claims as section
from newsweave.settings import ClaimSettings, DerivationSettings, SamenessSettings

CFG = ClaimSettings()

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
    annotate_texts: Callable[..., list[AnalyzedArticle]],
    models: Models,
    *items: str | RawDocument,
    cfg: ClaimSettings = CFG,
) -> tuple[list[AnalyzedArticle], list[Claim], list[Conflict]]:
    analyzed = annotate_texts(*items)
    assert len(analyzed) == len(items), "a made-up article was skipped"
    vectors = embed_sentences(analyzed, models.link_embedder)
    derivations = detect_derivations(analyzed, vectors, DerivationSettings())
    times = {item.article.id: find_time_expressions(item) for item in analyzed}
    claims, conflicts, _ = extract_claims(
        analyzed, vectors, EntityResolution(), times, derivations, Encoder(models.link_embedder), cfg,
        SamenessSettings(),
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
    texts = [c.text for c in article_claims(item, EntityResolution(), [], CFG)]
    assert any("river rose" in t and "road" not in t for t in texts)
    assert any("road to the coast was closed" in t and "river" not in t for t in texts)


def test_a_participle_after_a_comma_takes_the_subject_of_the_clause_before_it(annotate_texts):
    (item,) = annotate_texts(
        "Villagers cleared the roads near Tarbes after a storm flattened the forest, leaving 300 homes without power.\n"
    )
    texts = [c.text for c in article_claims(item, EntityResolution(), [], CFG)]
    assert any(t.startswith("a storm leaving 300 homes") for t in texts), texts
    assert not any(t.startswith("Villagers leaving") for t in texts), texts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DORNE, Velmar (Coast Wire) — A magnitude 6.4 earthquake struck western Velmar on Sunday, killing at least "
         "80 people and toppling hundreds of homes, the interior ministry said.\n",
         "A magnitude 6.4 earthquake killing at least 80 people"),
        ("TARBES, Velmar (Coast Wire) — Flash floods swept through villages in the Orla valley on Monday, killing "
         "at least 20 people, officials said.\n",
         "Flash floods killing at least 20 people"),
    ],
    ids=["subject-split-in-two", "verb-taken-for-a-modifier"],
)
def test_a_participle_borrows_the_whole_subject_where_the_parser_splits_it(annotate_texts, text: str, expected: str):
    (item,) = annotate_texts(text)
    texts = [c.text for c in article_claims(item, EntityResolution(), [], CFG)]
    assert any(t.startswith(expected) for t in texts), texts


def test_quotes_and_opinions_are_kept_apart_from_facts(annotate_texts):
    (item,) = annotate_texts(
        '"We will rebuild every single house in this valley before winter comes," the mayor said.\n\n'
        "The decision could be seen as a sign that the council has lost patience with the county.\n\n"
        "The council approved a budget of 2 million euros for repairs on Tuesday.\n"
    )
    kinds = {c.text.split()[1]: c.kind for c in article_claims(item, EntityResolution(), [], CFG)}
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


def test_a_claim_grown_past_its_core_still_keeps_a_contradicting_figure_out(run_claims: ClaimRun):
    """Merges are scored on a group's first `group_core` members, but compatibility is checked against every
    structure in the group: a group of one core member still grows, and "15" still never joins "12"."""
    _, claims, _ = run_claims(
        "A fire at a warehouse in the port of Dunmere killed 12 workers on Friday, police said.\n",
        "Police said a fire at a warehouse in the port of Dunmere killed 12 workers on Friday.\n",
        "A fire at a warehouse in the port of Dunmere on Friday killed 12 workers, police said.\n",
        "A fire at a warehouse in the port of Dunmere killed 15 workers on Friday, police said.\n",
        cfg=ClaimSettings(group_core=1),
    )
    assert max(len(c.sources) for c in claims if "12 worker" in c.numbers) >= 3
    for claim in claims:
        assert not {"12 worker", "15 worker"} <= set(claim.numbers)


def test_independent_collapses_chains_of_copies():
    chain = [Derivation(source=s, derived=d, share=0.8, direction="credit") for s, d in (("a", "b"), ("b", "c"))]
    assert independent_sources(["a", "b", "c"], chain) == ["a"]
    assert independent_sources(["b", "c"], chain) == ["b"]
    assert independent_sources(["c", "d"], chain) == ["c", "d"]


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


def _texts(item: AnalyzedArticle) -> list[str]:
    return [c.text for c in article_claims(item, EntityResolution(), [], CFG)]


def test_a_dateline_is_cut_from_every_clause_but_a_hyphenated_name_is_not(annotate_texts):
    (item,) = annotate_texts(
        "VARNA, Bulgaria (BNW) — Firefighters searched the port on Sunday after a blast hit a grain silo, "
        "leaving 40 families without homes.\n\n"
        "The Varna-based operator said the silo had passed an inspection in April.\n"
    )
    texts = _texts(item)
    assert not any("VARNA" in t or "BNW" in t for t in texts), texts
    assert any(t.startswith("Firefighters searched the port") for t in texts), texts
    assert any(t.startswith("The Varna-based operator said") for t in texts), texts


def test_a_condition_keeps_its_if_and_is_not_a_fact(annotate_texts):
    (item,) = annotate_texts(
        "If the merger goes ahead, the two banks would together run 900 branches across the region.\n\n"
        "The chief executive told investors that the bank had no other plan if regulators blocked the deal.\n\n"
        "The two banks signed a pact in May, pledging to share their cash machines if either bank closes branches.\n"
    )
    claims = article_claims(item, EntityResolution(), [], CFG)
    branches = next(c for c in claims if "900 branches" in c.text)
    assert branches.text.startswith("If the merger goes ahead") and branches.kind == "conditional"
    told = next(c for c in claims if "told investors" in c.text)
    pledge = next(c for c in claims if "pledging to share" in c.text)
    assert told.kind == "fact" and pledge.kind == "fact"


def test_a_clause_after_a_colon_is_a_claim_of_its_own(annotate_texts):
    (item,) = annotate_texts(
        "For now, the takeover is legally possible again: the council's offer of 12 euros per share, first made "
        "in May 2024, still stands, and the board repeated its advice this week.\n"
    )
    texts = _texts(item)
    assert "For now, the takeover is legally possible again" in texts, texts
    assert any(t.startswith("the council's offer of 12 euros per share") and "possible" not in t for t in texts)


def _figures(nlp, *sentences: str) -> list[Number]:
    return [n for sentence in sentences for doc in [nlp(sentence)] for n in numbers(list(doc), list(doc.ents), CFG)]


@pytest.mark.parametrize(
    ("first", "second", "agreeing"),
    [
        ("Officials said about 3,400 people were evacuated.", "Officials said 4,300 people were evacuated.", False),
        ("The group would operate about 380 ships.", "The group would operate 410 ships.", False),
        ("The group would operate about 380 ships.", "The group would operate 386 ships.", True),
        ("At least 18 people died in the fire.", "Police said 29 people died in the fire.", True),
        ("Some 26 leaders attended the summit.", "Police said 26 leaders attended the summit.", True),
        ("The port handles about 2.1 million containers.", "The port handles 2 million containers.", True),
        ("More than 200 homes were flooded.", "Fewer than 150 homes were flooded.", False),
    ],
)
def test_figures_agree_within_what_their_wording_allows(nlp, first: str, second: str, agreeing: bool):
    x, y = _figures(nlp, first, second)
    assert x.unit == y.unit
    assert agree(x, y) is agreeing and agree(y, x) is agreeing


def test_units_are_what_is_counted_currencies_and_crowds_included(nlp):
    figures = _figures(
        nlp,
        "The club played in front of a crowd of 41,200 at the stadium.",
        "The region asked the government for at least €300 million in aid.",
        "The 6.8 billion euro deal still faces hurdles.",
        "The bank employs about 7,500 people, 2,900 of them in Germany.",
    )
    labels = {n.label(): n.bound for n in figures}
    assert labels == {"41200 crowd": "=", "3e+08 €": ">=", "6.8e+09 euro": "=", "7500 people": "~"}


def test_nouns_counting_one_thing_share_a_unit_kind_but_nouns_counted_side_by_side_do_not(
    annotate_texts, models: Models
):
    items = annotate_texts(
        "The army sent 400 soldiers and 120 firefighters to the flooded valley of Orrin on Sunday.\n",
        "The government sent 400 troops to the valley on Sunday, and the airline grounded 30 aircraft.\n",
        "The airline Skyvale grounded 30 planes at its base in Tarrow on Sunday because of the storm.\n",
    )
    assert len(items) == 3
    atoms = [c for item in items for c in article_claims(item, EntityResolution(), [], CFG)]
    atoms = unit_kinds(atoms, partial(embed_texts, models.link_embedder), CFG)
    kind = {n.noun: n.kind for a in atoms for n in a.numbers}
    assert kind["troops"] == kind["soldiers"] != ""
    assert kind["planes"] == kind["aircraft"] != ""
    assert kind["firefighters"] != kind["soldiers"]


def test_a_superlative_narrowed_by_one_source_is_still_the_same_claim(annotate_texts):
    (item,) = annotate_texts(
        "This appearance is noteworthy for Ana Dorn, as it represents her first known visit to Tarsia since 2019.\n\n"
        "This will be the president's first known visit to Tarsia since 2019.\n\n"
        "This will also be Dorn's first international visit since 2019.\n"
    )
    claims = article_claims(item, EntityResolution(), [], CFG)
    narrow, wide, other = (next(c for c in claims if c.sentence.index == k) for k in range(3))
    assert compatible(narrow, wide) and compatible(wide, narrow)
    assert not compatible(narrow, other) and not compatible(wide, other)


def test_a_fact_is_compared_without_the_frame_attributing_it_to_an_office(annotate_texts):
    (item,) = annotate_texts(
        "The death toll rose to 236 on Wednesday, the emergency office said.\n\n"
        "According to the ministry, 14 foreign tourists were among the dead.\n\n"
        "Mayor Ilse Brandt said the barrier had been ordered in 2021.\n"
    )
    compared = [c.compared for c in article_claims(item, EntityResolution(), [], CFG)]
    assert compared[:2] == ["The death toll rose to 236 on Wednesday", "14 foreign tourists were among the dead"]
    assert compared[2].startswith("Mayor Ilse Brandt said"), "a person's saying it is part of the claim"

