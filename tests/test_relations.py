"""Relations from the parse, merged across sources; the graph export, the report section and `--graph`."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from newsweave.cli import main
from newsweave.link.entities import resolve_entities
from newsweave.link.relations import extract_relations
from newsweave.models import Dossier, Entity, Relation
from newsweave.report.graph import write_graph
from newsweave.report.sections import entities as section


def find(relations: list[Relation], subject: str, relation: str, obj: str | None = None) -> list[Relation]:
    return [
        r
        for r in relations
        if r.relation == relation
        and subject in (r.subject_name, r.object_name)
        and (obj is None or obj in (r.subject_name, r.object_name))
    ]


@pytest.fixture(scope="module")
def seed_relations(seed_analyzed) -> list[Relation]:
    return extract_relations(seed_analyzed, resolve_entities(seed_analyzed))


def test_seed_meetings_treaty_attendance_and_representation(seed_relations, seed_analyzed):
    meetings = find(seed_relations, "Kim Jong Un", "meets", "Xi Jinping")
    assert len(meetings) == 1
    assert meetings[0].count == 5 and meetings[0].period == ["2018", "2019"]
    assert len(meetings[0].sources) >= 2  # the five meetings and the January 2019 one, two outlets

    treaty = find(seed_relations, "Kim Jong Un", "signed agreement with")
    assert treaty and "treaty" in (treaty[0].detail or "")
    assert find(seed_relations, "Pyongyang", "signed agreement with", "Moscow")

    attends = [r for r in find(seed_relations, "Kim Jong Un", "attends") if r.object == "parade"]
    assert len(attends) == 1 and len(attends[0].sources) >= 3

    woo = find(seed_relations, "Woo Won-shik", "represents", "South Korea")
    assert len(woo) == 1 and len(woo[0].sources) == 2
    assert "represented by Parliamentary Speaker Woo Won-shik" in woo[0].evidence
    assert find(seed_relations, "China", "trading partner of", "North Korea")
    assert find(seed_relations, "Lee Jae Myung", "does not attend")
    assert find(seed_relations, "Donald Trump", "not invited to")
    assert find(seed_relations, "Pyongyang", "refers_to", "North Korea")


def test_relation_ends_are_entities_of_the_resolution(seed_relations, seed_analyzed):
    ids = {e.id for e in resolve_entities(seed_analyzed).entities}
    for r in seed_relations:
        assert r.subject in ids
        assert r.object in ids or r.object == r.object_name  # free text object
        article_ids = {a.article.id for a in seed_analyzed}
        assert set(r.sources) <= article_ids and r.evidence


MADE_UP = [
    "Armenian Prime Minister Nikol Pashinyan and Azerbaijani President Ilham Aliyev met three times between "
    "2021 and 2023. Pashinyan will not attend the summit in Minsk, officials said on Monday. "
    "Turkey supplied drones to Azerbaijan during the war, according to analysts.",
    "Officials in Yerevan said on Tuesday that Nikol Pashinyan had met Ilham Aliyev in Brussels. "
    "Azerbaijan signed a gas agreement with Georgia, and France remains Armenia's biggest trading partner. "
    "The ceremony will be attended by Georgian President Mikheil Kavelashvili. "
    "Armenia will send a delegation to Georgia next month.",
]


@pytest.fixture(scope="module")
def made_up(annotate_texts):
    items = annotate_texts(*MADE_UP)
    resolution = resolve_entities(items)
    return items, resolution, extract_relations(items, resolution)


def test_count_period_and_merge_across_articles(made_up):
    items, _, relations = made_up
    meetings = find(relations, "Nikol Pashinyan", "meets", "Ilham Aliyev")
    assert len(meetings) == 1, [(r.subject_name, r.object_name) for r in meetings]
    assert meetings[0].count == 3 and meetings[0].period == ["2021", "2023"]
    assert sorted(meetings[0].sources) == sorted(i.article.id for i in items)
    assert "three times" in meetings[0].evidence  # evidence of the first source


def test_negation_supply_agreement_partner_and_passive_attendance(made_up):
    _, _, relations = made_up
    absent = find(relations, "Nikol Pashinyan", "does not attend")
    assert absent and absent[0].object == "summit"
    assert not find(relations, "Nikol Pashinyan", "attends")
    supply = find(relations, "Turkey", "supplies", "Azerbaijan")
    assert supply and supply[0].subject_name == "Turkey" and supply[0].detail == "drones"
    assert find(relations, "Azerbaijan", "signed agreement with", "Georgia")
    partner = find(relations, "France", "trading partner of", "Armenia")
    assert partner and partner[0].subject_name == "France"
    assert find(relations, "Mikheil Kavelashvili", "attends")
    assert not find(relations, "Armenia", "supplies")  # a delegation is not a supply


def tiny_dossier() -> Dossier:
    people = [
        Entity(id="E1", name="<b>Ann & Bo</b>", type="PERSON", sources=["a1"], mentions=2),
        Entity(id="E2", name="Ruritania", type="GPE", sources=["a1"], mentions=1),
    ]
    relations = [
        Relation(subject="E1", relation="visits", object="E2", evidence="Ann <visited> Ruritania.", sources=["a1"]),
        Relation(subject="E1", relation="attends", object="gala", evidence="Ann attends the gala.", sources=["a1"]),
    ]
    return Dossier(entities=people, relations=relations)


def test_report_section_escapes_text_and_draws_an_offline_svg():
    body = section.html(tiny_dossier())
    assert "<svg" in body and "<script" not in body and "http://" not in body.replace('xmlns="http://', "")
    assert "&lt;b&gt;Ann &amp; Bo&lt;/b&gt;" in body and "<b>Ann" not in body
    assert "Ann &lt;visited&gt; Ruritania." in body
    assert "Ruritania" in section.markdown(tiny_dossier())


def test_graph_export_graphml_and_json(tmp_path):
    dossier = tiny_dossier()
    graphml = nx.read_graphml(write_graph(dossier, tmp_path / "g.graphml"))
    assert set(graphml.nodes) == {"E1", "E2", "gala"}
    assert graphml.nodes["E1"]["name"] == "<b>Ann & Bo</b>"
    data = json.loads(write_graph(dossier, tmp_path / "g.json").read_text(encoding="utf-8"))
    assert {e["relation"] for e in data["edges"]} == {"visits", "attends"}


def test_cli_writes_graph_files(tmp_path):
    text = tmp_path / "story.txt"
    text.write_text(MADE_UP[0] + "\n\n" + MADE_UP[1], encoding="utf-8")
    out = tmp_path / "out"
    code = main(["analyze", str(text), "--out", str(out), "--no-db", "--quiet", "--graph", str(tmp_path / "g.graphml")])
    assert code == 0
    graph = nx.read_graphml(tmp_path / "g.graphml")
    names = {d.get("name") for _, d in graph.nodes(data=True)}
    assert {"Nikol Pashinyan", "Ilham Aliyev"} <= names
    assert json.loads((out / "graph.json").read_text(encoding="utf-8"))["nodes"]
    dossier = json.loads((out / "dossier.json").read_text(encoding="utf-8"))
    assert any(r["relation"] == "meets" for r in dossier["relations"])


def test_pipeline_puts_entities_and_relations_in_the_dossier(seed_dossier):
    ids = [e.id for e in seed_dossier.entities]
    assert len(ids) == len(set(ids))
    assert {r.subject for r in seed_dossier.relations} <= set(ids)
    html = section.html(seed_dossier)
    assert "Woo Won-shik" in html and "<svg" in html


def test_succession_invitations_and_nationality_as_actor(annotate_texts):
    items = annotate_texts(
        "North Korean leader Kim Jong Un succeeded his father Kim Jong-il in December 2011, state media recalled. "
        "The North Koreans said the ceremony would be held in Pyongyang. Russian President Vladimir Putin was "
        "invited to the ceremony, while US President Donald Trump was not invited to the parade. "
        "North Korea has long sought recognition."
    )
    resolution = resolve_entities(items)
    relations = extract_relations(items, resolution)
    succession = find(relations, "Kim Jong Un", "succeeded", "Kim Jong-il")
    assert succession and succession[0].subject_name == "Kim Jong Un"
    assert [r.object for r in find(relations, "Vladimir Putin", "invited to")] == ["ceremony"]
    assert [r.object for r in find(relations, "Donald Trump", "not invited to")] == ["parade"]
    assert not find(relations, "Donald Trump", "invited to")
    assert find(relations, "North Koreans", "refers_to", "North Korea")
    assert not find(relations, "Pyongyang", "refers_to")  # only the place of the ceremony here


NEWS = [
    "Harlow Foods agreed to acquire Brindle Dairies for 40 million euros, the company said on Monday. "
    "Police arrested Tomas Varga in Lisbon on Tuesday. Tomas Varga killed Pedro Alves in March, prosecutors say. "
    "Mayor Ines Duarte did not meet Tomas Varga. Brindle Dairies sued Corvo Farms last year.",
]


def test_general_news_relations_from_the_pattern_data(annotate_texts):
    items = annotate_texts(*NEWS)
    resolution = resolve_entities(items)
    relations = extract_relations(items, resolution)
    assert find(relations, "Harlow Foods", "acquires", "Brindle Dairies")
    assert find(relations, "Tomas Varga", "kills", "Pedro Alves")
    assert find(relations, "Brindle Dairies", "sues", "Corvo Farms")
    assert not find(relations, "Ines Duarte", "meets")  # a negated meeting states no meeting


def test_a_user_adds_a_relation_as_data_without_code(annotate_texts):
    from newsweave.lang import DOC_EXTENSION, Resources, for_language

    items = annotate_texts(
        "Orla Quinn praised Dermot Kealy after the county final on Sunday, saying the young forward had carried "
        "the team through a difficult season."
    )
    assert not [r for r in extract_relations(items, resolve_entities(items)) if r.relation == "praises"]
    english = for_language("en")
    patterns = [*english.value("relations.patterns"), {"relation": "praises", "verbs": "praise", "objects": ["object"]}]
    relations_area = {**english.data["relations"], "values": {"patterns": patterns}}
    extended = Resources(code="en", data={**english.data, "relations": relations_area})
    for item in items:
        setattr(item.doc._, DOC_EXTENSION, extended)
    assert find(extract_relations(items, resolve_entities(items)), "Orla Quinn", "praises", "Dermot Kealy")


def test_a_mistaken_pattern_is_reported_by_name():
    from newsweave.lang import Resources, for_language
    from newsweave.link.relations import grammar

    english = for_language("en")
    bad = {"relation": "praises", "verbs": "praise", "objects": ["obejct"]}
    broken = Resources(code="en", data={**english.data, "relations": {**english.data["relations"], "values": {"patterns": [bad]}}})
    with pytest.raises(ValueError, match="pattern 1 \\(praises\\).*obejct"):
        grammar(broken)
