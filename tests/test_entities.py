"""Entity resolution: alias merging, look-alike traps, descriptions, roles, title phrases and metonyms."""

from __future__ import annotations

import pytest

from newsweave.link.entities import EntityResolution, resolve_entities
from newsweave.link.names import is_misspelling, name_key, role_of, same_demonym, short_forms
from newsweave.models import AnalyzedArticle, Entity

KIM_FAMILY = """North Korean leader Kim Jong Un inspected a missile factory on Monday, state media reported.
He was accompanied by his sister Kim Yo Jong and by Premier Pak Thae-song.

His late father, Kim Jong-il, had toured the same plant in 2009, and his grandfather Kim Il-sung opened it in 1970.
Kim said the factory would double its output by next year.

The report praised Kim Jong-il and Kim Yo Jong for their devotion. Kim said the workers were loyal.
"""

TWO_PARKS = """Park Min-ho, a lawmaker of the opposition, criticised the budget plan on Monday.
Finance Minister Park Ji-won defended it in a speech. Park said the budget was fair.

Weeks later, Park Ji-won repeated the defence before the committee. Park said spending would fall.
"""


def by_name(resolution: EntityResolution, name: str) -> Entity:
    found = [e for e in resolution.entities if e.name == name or name in e.aliases]
    assert len(found) == 1, f"{name}: {[e.name for e in found]}"
    return found[0]


def person_names(resolution: EntityResolution) -> list[str]:
    return sorted(e.name for e in resolution.entities if e.type == "PERSON")


def entity_of(resolution: EntityResolution, item: AnalyzedArticle, needle: str, occurrence: int = 0) -> str | None:
    """Entity of the `occurrence`-th occurrence of `needle` in the article text."""
    start = -1
    for _ in range(occurrence + 1):
        start = item.article.text.index(needle, start + 1)
    return resolution.entity_at(item.article.id, start, start + len(needle))


@pytest.fixture(scope="module")
def kim_family(annotate_texts) -> tuple[AnalyzedArticle, EntityResolution]:
    items = annotate_texts(KIM_FAMILY)
    return items[0], resolve_entities(items)


def test_name_keys_treat_hyphen_and_space_variants_as_one_name():
    assert name_key("Kim Jong-un") == name_key("Kim Jong Un") == name_key("KIM JONG UN's")
    assert name_key("Kim Jong-il") != name_key("Kim Jong Un")
    assert short_forms("Xi Jinping") == {"xi", "jinping"}
    assert short_forms("Einar Tangen") == {"einar", "tangen"}


def test_misspelling_needs_one_small_slip_in_one_long_token():
    assert is_misspelling("Masoud Pezashkian", "Masoud Pezeshkian")
    assert not is_misspelling("Kim Jong-il", "Kim Jong-un")
    assert not is_misspelling("Park Min-ho", "Park Ji-won")
    assert not is_misspelling("Cho Hee-kyoung", "Cho Hyun")


def test_demonyms_and_roles():
    assert same_demonym("North Korean", "North Korea") and same_demonym("Chinese", "China")
    assert not same_demonym("South Korean", "North Korea")
    assert role_of(["Russian President"]) == "leader"
    assert role_of(["assistant foreign minister of China"]) == "official"
    assert role_of(["a Seoul-based senior fellow at Asia Society"]) == "analyst"
    assert role_of(["his sister"]) == "other"


def test_kim_family_members_stay_distinct(kim_family):
    _, resolution = kim_family
    for name in ["Kim Jong Un", "Kim Yo Jong", "Kim Jong-il", "Kim Il-sung", "Pak Thae-song"]:
        entity = by_name(resolution, name)
        assert entity.type == "PERSON"
        others = {"Kim Jong Un", "Kim Yo Jong", "Kim Jong-il", "Kim Il-sung"} - {name}
        assert not others & set(entity.aliases), entity


def test_bare_surname_after_kin_mentions_goes_to_the_protagonist(kim_family):
    item, resolution = kim_family
    kim = by_name(resolution, "Kim Jong Un").id
    assert entity_of(resolution, item, "Kim said", 0) == kim
    assert by_name(resolution, "Kim Jong-il").descriptions == ["His late father"]


def test_bare_surname_with_two_recent_candidates_stays_unresolved(kim_family):
    item, resolution = kim_family
    assert entity_of(resolution, item, "Kim said", 1) is None


def test_same_surname_people_are_not_merged_and_ambiguity_is_not_guessed(annotate_texts):
    items = annotate_texts(TWO_PARKS)
    resolution = resolve_entities(items)
    min_ho, ji_won = by_name(resolution, "Park Min-ho"), by_name(resolution, "Park Ji-won")
    assert min_ho.id != ji_won.id
    assert entity_of(resolution, items[0], "Park said", 0) is None  # both Parks named in the last sentences
    assert entity_of(resolution, items[0], "Park said", 1) == ji_won.id  # only Ji-won named recently
    assert ji_won.role == "official" and "Finance Minister" in ji_won.descriptions


def test_variants_and_misspellings_merge_across_articles_with_sources(annotate_texts):
    items = annotate_texts(
        "Iranian President Masoud Pezeshkian will attend the summit in Kazan, officials said. "
        "Pezeshkian met Kim Jong-un there last year.",
        "Masoud Pezashkian, the Iranian president, said the talks were useful. "
        "North Korean leader Kim Jong Un's visit was also confirmed.",
    )
    resolution = resolve_entities(items)
    iranian = by_name(resolution, "Masoud Pezeshkian")
    assert "Masoud Pezashkian" in iranian.aliases or iranian.name == "Masoud Pezashkian"
    assert sorted(iranian.sources) == sorted(i.article.id for i in items)
    kim = by_name(resolution, "Kim Jong Un")
    assert {"Kim Jong-un", "Kim Jong Un"} <= {kim.name, *kim.aliases}
    assert not any("'s" in alias for alias in kim.aliases)
    assert len(kim.sources) == 2
    assert "North Korean leader" in kim.descriptions


def test_single_token_slip_and_capital_tagged_as_person(annotate_texts):
    items = annotate_texts(
        "French President Emmanuel Macron hosted German Chancellor Friedrich Merz in Paris on Tuesday. "
        "Zelensky's chief of staff, Andriy Yermak, said Kyiv would send a delegation to the talks.",
        "Marcon and Merz signed an agreement on air defence, officials said after the meeting in Paris.",
    )
    resolution = resolve_entities(items)
    macron = by_name(resolution, "Emmanuel Macron")
    assert "Marcon" in macron.aliases and len(macron.sources) == 2
    assert by_name(resolution, "Friedrich Merz").id != macron.id
    assert by_name(resolution, "Andriy Yermak").descriptions == ["Zelensky's chief of staff"]
    assert by_name(resolution, "Kyiv").type == "GPE"


def test_titles_possessives_appositives_and_title_phrases(annotate_texts):
    items = annotate_texts(
        "Russian President Vladimir Putin arrived in Hanoi on Tuesday. Putin's motorcade crossed the city. "
        "Jane Okafor, a senior fellow at the Lagos Policy Institute, called the trip a signal. "
        "\"It matters,\" Okafor said. Later the Russian president laid a wreath."
    )
    resolution = resolve_entities(items)
    putin = by_name(resolution, "Vladimir Putin")
    assert putin.aliases == ["Putin"] and putin.role == "leader"
    assert putin.descriptions == ["Russian President"]
    assert putin.description_sources["Russian President"] == [items[0].article.id]
    assert entity_of(resolution, items[0], "Russian president") == putin.id
    okafor = by_name(resolution, "Jane Okafor")
    assert okafor.role == "analyst"
    assert okafor.descriptions == ["a senior fellow at the Lagos Policy Institute"]
    assert entity_of(resolution, items[0], "Okafor said") == okafor.id


def test_capital_is_a_place_that_refers_to_its_country_only_when_it_acts(annotate_texts):
    items = annotate_texts(
        "Moscow announced on Tuesday that it would send engineers to North Korea. "
        "Russia has already supplied fuel to North Korea. Officials met in Pyongyang on Friday."
    )
    resolution = resolve_entities(items)
    moscow, russia = by_name(resolution, "Moscow"), by_name(resolution, "Russia")
    assert moscow.type == "GPE" and moscow.id != russia.id
    assert moscow.refers_to == [russia.id]
    assert by_name(resolution, "Pyongyang").refers_to == []  # only a location here
    link = [r for r in resolution.refers_to if r.subject == moscow.id]
    assert link and link[0].object == russia.id and "Moscow announced" in link[0].evidence


def test_every_mention_span_maps_back_to_its_entity(kim_family):
    item, resolution = kim_family
    for entity in resolution.entities:
        assert entity.mentions == len(entity.mention_spans)
        for article, start, end in entity.mention_spans:
            assert resolution.entity_at(article, start, end) == entity.id
            assert article == item.article.id


def test_ids_differ_for_the_same_name_in_different_stories(annotate_texts):
    first = resolve_entities(
        annotate_texts("Kim Jong Un visited a collective farm on Monday, where he praised the harvest and the workers.")
    )
    second = resolve_entities(
        annotate_texts("Kim Jong Un visited a new school in the capital on Friday and spoke with the teachers there.")
    )
    assert by_name(first, "Kim Jong Un").id != by_name(second, "Kim Jong Un").id


SEED_PEOPLE = {
    "Kim Jong Un": {"Kim"},
    "Xi Jinping": {"Xi"},
    "Vladimir Putin": {"Putin"},
    "Donald Trump": {"Trump"},
    "John Delury": {"Delury"},
    "Cho Hee-kyoung": {"Cho"},
    "Einar Tangen": {"Einar"},
    "Lee Jae Myung": {"Lee"},
    "Woo Won-shik": set(),
    "Kim Yo Jong": set(),
    "Kim Jong-il": set(),
    "Kim Il-sung": set(),
    "Cho Hyun": set(),
    "Wi Sung-lac": set(),
    "Doo Jin-ho": set(),
    "Hong Lei": set(),
    "Choe Son Hui": set(),
    "Masoud Pezashkian": set(),
}


def test_seed_people_are_single_entities_with_their_short_forms(seed_analyzed):
    resolution = resolve_entities(seed_analyzed)
    people = [e for e in resolution.entities if e.type == "PERSON"]
    for name, shorts in SEED_PEOPLE.items():
        holders = [e for e in people if e.name == name or name in e.aliases]
        assert len(holders) == 1, (name, [e.name for e in holders])
        assert shorts <= {holders[0].name, *holders[0].aliases}, (name, holders[0].aliases)
    full_names = [n for n in SEED_PEOPLE]
    for e in people:  # no entity carries two different full names of the gold list
        assert len([n for n in full_names if n == e.name or n in e.aliases]) <= 1, e
    woo = by_name(resolution, "Woo Won-shik")
    assert woo.role == "official" and len(woo.sources) >= 2
    assert any("Speaker" in d for d in woo.descriptions)
    delury = by_name(resolution, "John Delury")
    assert any("senior fellow at Asia Society" in d for d in delury.descriptions)
    assert len(delury.description_sources[delury.descriptions[0]]) == 2
