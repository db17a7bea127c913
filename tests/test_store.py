"""The store's reads and writes on made-up stories, on SQLite and PostgreSQL (the `store` fixture)."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from pydantic import BaseModel

from newsweave.models import (
    Article,
    BriefLine,
    Conflict,
    ConflictSide,
    Derivation,
    Dossier,
    Entity,
    Quote,
    Relation,
    Story,
    StoryQuery,
    VectorEncoder,
)
from newsweave.store import Store, StoreError, open_store
from newsweave.store.core import snippet
from newsweave.store.split import ARTICLE_REFS, story_dossiers

TEXTS = {
    "a1": ("Harbor Gazette", "Dockworkers strike at Port Veld", "2031-03-02",
           "Dockworkers at Port Veld walked out on Monday. Union leader Mara Quill said the strike would last a week."),
    "a2": ("Coastal Wire", "Port Veld strike enters second day", "2031-03-03",
           "Dockworkers at Port Veld stayed out on Tuesday. Mara Quill said the strike would last a week."),
    "a3": ("Harbor Gazette", "Glacier museum opens in Tarnholm", "2031-04-10",
           "The glacier museum in Tarnholm opened its doors. Mayor Ivo Brandt cut the ribbon."),
    "a4": ("Valley Times", "Tarnholm celebrates new museum", "2031-04-11",
           "Crowds queued at the Tarnholm museum. Mayor Ivo Brandt thanked the donors; Mara Quill attended."),
}


MADE_UP_ENCODER = VectorEncoder("made-up", "made-up-0123456789ab")
"""The store records whatever model it is told made a vector; tests of the store alone need no real one."""


def made_up_article(article_id: str, story: str, derived_from: str | None = None) -> Article:
    outlet, title, published, text = TEXTS[article_id]
    return Article(
        id=article_id, title=title, outlet=outlet, published=published, text=text, story=story,
        derived_from=derived_from, content_hash=hashlib.sha256(text.encode()).hexdigest(),
    )


def made_up_dossier() -> Dossier:
    """Two stories: a strike (a2 copies a1; one conflict) and a museum opening; Mara Quill is in both."""
    return Dossier(
        generated_at="2031-04-12T08:00:00+00:00",
        articles=[made_up_article("a1", "s1"), made_up_article("a2", "s1", derived_from="a1"),
                  made_up_article("a3", "s2"), made_up_article("a4", "s2")],
        stories=[Story(id="s1", title="Dockworkers strike at Port Veld", articles=["a1", "a2"],
                       span=["2031-03-02", "2031-03-03"]),
                 Story(id="s2", title="Glacier museum opens in Tarnholm", articles=["a3", "a4"],
                       span=["2031-04-10", "2031-04-11"])],
        entities=[
            Entity(id="E1", name="Mara Quill", type="PERSON", aliases=["Quill"], descriptions=["union leader"],
                   sources=["a1", "a2"], mentions=3),
            Entity(id="E2", name="Port Veld", type="GPE", sources=["a1", "a2"], mentions=2),
            Entity(id="E7", name="Mara Quill", type="PERSON", descriptions=["former union leader"],
                   sources=["a4"], mentions=1),
            Entity(id="E8", name="Ivo Brandt", type="PERSON", descriptions=["mayor"], sources=["a3", "a4"],
                   mentions=2),
        ],
        relations=[Relation(subject="E1", relation="leads", object="the dockworkers' union", evidence="Union leader "
                            "Mara Quill", sources=["a1"], subject_name="Mara Quill")],
        quotes=[Quote(speaker="E1", speaker_name="Mara Quill", kind="indirect", text="the strike would last a week",
                      sources=["a1", "a2"]),
                Quote(speaker="E8", speaker_name="Ivo Brandt", kind="indirect", text="thanked the donors",
                      sources=["a4"])],
        derivations=[Derivation(source="a1", derived="a2", share=0.8)],
        conflicts=[Conflict(kind="contradiction", explanation="the day differs",
                            sides=[ConflictSide(text="on Monday", sources=["a1"]),
                                   ConflictSide(text="on Tuesday", sources=["a2"])])],
        brief=[BriefLine(text="Dockworkers at Port Veld walked out.", sources=["a1", "a2"]),
               BriefLine(text="A glacier museum opened in Tarnholm.", sources=["a3"])],
    )


@pytest.fixture
def filled(store: Store) -> Store:
    store.save_run(made_up_dossier())
    return store


def ids(summaries: list) -> list[str]:
    return [s.id for s in summaries]


# ---------------------------------------------------------------------- splitting a run


def test_every_dossier_section_of_items_is_split_by_its_articles() -> None:
    """A new list section of the dossier must say which articles its items are about, or it would be lost
    from every story dossier."""
    lists_of_items = {
        name for name, field in Dossier.model_fields.items()
        if getattr(field.annotation, "__origin__", None) is list and name not in ("articles", "skipped", "stories")
    }
    assert lists_of_items == set(ARTICLE_REFS)


def test_story_dossiers_keep_only_their_own_items() -> None:
    strike, museum = story_dossiers(made_up_dossier())
    assert [a.id for a in strike.articles] == ["a1", "a2"] and [s.id for s in strike.stories] == ["s1"]
    assert {e.id for e in strike.entities} == {"E1", "E2"} and {e.id for e in museum.entities} == {"E7", "E8"}
    assert [b.text for b in museum.brief] == ["A glacier museum opened in Tarnholm."]
    assert len(strike.conflicts) == 1 and not museum.conflicts
    assert len(strike.derivations) == 1 and not museum.derivations
    assert [q.speaker for q in museum.quotes] == ["E8"]


# ---------------------------------------------------------------------- stories


def test_stories_are_listed_newest_first_with_their_counts(filled: Store) -> None:
    museum, strike = filled.list_stories(StoryQuery())
    assert (museum.id, strike.id) == ("s2", "s1")
    assert (strike.articles, strike.independent_sources, strike.conflicts) == (2, 1, 1)  # a2 copies a1
    assert (museum.articles, museum.independent_sources, museum.conflicts) == (2, 2, 0)
    assert strike.outlets == ["Coastal Wire", "Harbor Gazette"] and strike.linked
    assert strike.span == ["2031-03-02", "2031-03-03"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (StoryQuery(q="glacier"), ["s2"]),
        (StoryQuery(q="GLACIER museum"), ["s2"]),
        (StoryQuery(q="walked out"), ["s1"]),
        (StoryQuery(q="glacier dockworkers"), []),  # every word must occur in one article
        (StoryQuery(q="Quill"), ["s2", "s1"]),
        (StoryQuery(q='"strike" (Port -Veld* NEAR'), []),  # no 'near': operators and quotes are words, not syntax
        (StoryQuery(q='"strike" (Port -Veld*'), ["s1"]),
        (StoryQuery(q="?!"), []),
        (StoryQuery(q="  "), ["s2", "s1"]),  # an empty search box
        (StoryQuery(since=date(2031, 4, 1)), ["s2"]),
        (StoryQuery(until=date(2031, 3, 5)), ["s1"]),
        (StoryQuery(since=date(2031, 3, 3), until=date(2031, 4, 10)), ["s2", "s1"]),  # overlapping spans
        (StoryQuery(outlet="Coastal Wire"), ["s1"]),
        (StoryQuery(outlet="Harbor Gazette"), ["s2", "s1"]),
        (StoryQuery(entity="PERSON:ivo brandt"), ["s2"]),
        (StoryQuery(entity="mara quill"), ["s2", "s1"]),
        (StoryQuery(entity="Port Veld", outlet="Valley Times"), []),
        (StoryQuery(limit=1, offset=1), ["s1"]),
    ],
)
def test_story_filters(filled: Store, query: StoryQuery, expected: list[str]) -> None:
    assert ids(filled.list_stories(query)) == expected
    assert filled.count_stories(query.model_copy(update={"limit": 50, "offset": 0})) == len(
        filled.list_stories(query.model_copy(update={"limit": 50, "offset": 0}))
    )


def test_story_dossier_is_the_stories_own(filled: Store) -> None:
    strike = filled.story_dossier("s1")
    assert strike is not None
    assert [s.id for s in strike.stories] == ["s1"] and [a.id for a in strike.articles] == ["a1", "a2"]
    assert [b.text for b in strike.brief] == ["Dockworkers at Port Veld walked out."]
    assert filled.story_dossier("s9") is None


def test_a_story_only_ingested_gives_its_articles_and_empty_sections(store: Store) -> None:
    import numpy as np

    from newsweave.models import ArticleFeatures

    article = made_up_article("a3", "s5")
    features = ArticleFeatures(id="a3", title="t", day="2031-04-10", vector=np.ones(4, dtype=np.float32),
                               keys=("tarnholm",), minhash=np.arange(8, dtype=np.uint64))
    store.save_clustered([article], [features], [Story(id="s5", title="Museum", articles=["a3"], span="2031-04-10")],
                         MADE_UP_ENCODER)
    ((restored, story),) = store.story_features(MADE_UP_ENCODER)
    assert (restored.keys, story, restored.minhash.tolist()) == (("tarnholm",), "s5", list(range(8)))
    dossier = store.story_dossier("s5")
    assert dossier is not None and [a.id for a in dossier.articles] == ["a3"] and not dossier.brief
    (summary,) = store.list_stories(StoryQuery())
    assert (summary.articles, summary.independent_sources, summary.conflicts, summary.linked) == (1, 1, 0, False)


def test_stored_vectors_record_their_model(store: Store) -> None:
    """A vector is read only for the model that made it; another model's run is told which to make again, and
    once it has, the first model's are the stale ones."""
    import numpy as np

    from newsweave.models import ArticleFeatures

    other = VectorEncoder("made-up", "made-up-ba9876543210")
    features = [ArticleFeatures(id=a, title="t", day="2031-04-10", vector=np.full(4, i, dtype=np.float32), keys=(),
                                minhash=np.arange(8, dtype=np.uint64)) for i, a in enumerate(["a3", "a4"])]
    museum = Story(id="s5", title="Museum", articles=["a3", "a4"], span="2031-04-10")
    store.save_clustered([made_up_article("a3", "s5"), made_up_article("a4", "s5")], features, [museum], MADE_UP_ENCODER)
    assert store.stale_vectors(MADE_UP_ENCODER) == [] and store.stale_vectors(other) == ["a3", "a4"]
    with pytest.raises(StoreError, match="2 stored lead vectors are not of this run's encoder"):
        store.story_features(other)
    remade = [ArticleFeatures(id=f.id, title=f.title, day=f.day, vector=f.vector + 10, keys=f.keys, minhash=f.minhash)
              for f in features]
    store.save_vectors(remade[:1], other)
    assert store.stale_vectors(other) == ["a4"] and store.stale_vectors(MADE_UP_ENCODER) == ["a3"]
    store.save_vectors(remade[1:], other)
    restored = store.story_features(other)
    assert [(f.id, f.vector.tolist(), story) for f, story in restored] == [
        ("a3", [10.0] * 4, "s5"), ("a4", [11.0] * 4, "s5")]
    assert store.stale_vectors(MADE_UP_ENCODER) == ["a3", "a4"]


def test_saving_a_run_again_adds_nothing_twice(filled: Store) -> None:
    run_id, added = filled.save_run(made_up_dossier())
    assert added == 0 and run_id == 2
    assert filled.count_stories(StoryQuery()) == 2
    assert len(filled.entity("PERSON:mara quill").stories) == 2  # type: ignore[union-attr]
    assert filled.outlet("Coastal Wire").copies_from == [("Harbor Gazette", 1)]  # type: ignore[union-attr]


def test_a_run_adds_each_new_text_once_and_keeps_its_last_title(store: Store) -> None:
    """New articles are inserted together, those already stored (or repeated in the run) updated in turn."""
    first, new = made_up_article("a1", "s1"), made_up_article("a4", "s9")
    retitled = new.model_copy(update={"title": "Tarnholm glacier hall draws record crowd"})
    assert store.save_run(Dossier(articles=[first], stories=[Story(id="s1", title="Strike", articles=["a1"])]))[1] == 1
    story = Story(id="s9", title="Tarnholm", articles=["a1", "a4"])
    _, added = store.save_run(Dossier(articles=[first, new, retitled], stories=[story]))
    assert added == 1
    assert store.article("a4").title == retitled.title  # type: ignore[union-attr]
    assert [h.id for h in store.search_articles("crowd")] == ["a4"]


# ---------------------------------------------------------------------- articles, entities, outlets


def test_article_round_trip(filled: Store) -> None:
    article = filled.article("a2")
    assert article is not None and article.derived_from == "a1" and article.outlet == "Coastal Wire"
    assert filled.article("nope") is None


def test_search_articles_finds_words_and_cuts_a_snippet(filled: Store) -> None:
    hits = filled.search_articles("tarnholm")
    assert {h.id for h in hits} == {"a3", "a4"}
    assert all("tarnholm" in h.snippet.casefold() for h in hits)
    assert {h.story for h in hits} == {"s2"}
    assert filled.search_articles("glacier", limit=1)[0].outlet == "Harbor Gazette"
    assert filled.search_articles("zeppelin") == []


def test_snippet_is_around_the_first_word_found() -> None:
    text = " ".join(f"w{i}" for i in range(200)) + " needle " + " ".join(f"v{i}" for i in range(200))
    cut = snippet(text, ["NEEDLE"], size=60)
    assert "needle" in cut and cut.startswith("…") and cut.endswith("…") and len(cut) <= 62
    assert snippet("short text", ["absent"]) == "short text"


def test_entity_across_stories(filled: Store) -> None:
    quill = filled.entity("PERSON:mara quill")
    assert quill is not None
    assert (quill.name, quill.type) == ("Mara Quill", "PERSON")
    assert ids(quill.stories) == ["s2", "s1"]
    assert quill.aliases == ["Quill"] and set(quill.descriptions) == {"union leader", "former union leader"}
    assert [q.text for q in quill.quotes] == ["the strike would last a week"]
    assert quill.quotes[0].speaker == "PERSON:mara quill"  # ids inside one story become keys
    assert [r.subject for r in quill.relations] == ["PERSON:mara quill"]
    assert filled.entity("PERSON:nobody") is None


def test_entity_keys_by_part_of_a_name(filled: Store) -> None:
    assert filled.entity_keys("QUI") == [("PERSON:mara quill", "Mara Quill", "PERSON")]
    everyone = filled.entity_keys(None, limit=10)
    assert everyone[0][0] == "PERSON:mara quill"  # in the most stories
    assert {key for key, _, _ in everyone} == {"PERSON:mara quill", "GPE:port veld", "PERSON:ivo brandt"}
    assert filled.entity_keys("%") == []  # a LIKE wildcard is a plain character


def test_outlets_and_who_copies_whom(filled: Store) -> None:
    assert filled.outlets() == [("Harbor Gazette", 2), ("Coastal Wire", 1), ("Valley Times", 1)]
    gazette = filled.outlet("Harbor Gazette")
    assert gazette is not None
    assert [a.id for a in gazette.articles] == ["a3", "a1"]  # newest first
    assert gazette.copied_by == [("Coastal Wire", 1)] and gazette.copies_from == []
    assert gazette.articles[0].snippet.startswith("The glacier museum")
    wire = filled.outlet("Coastal Wire")
    assert wire is not None and wire.copies_from == [("Harbor Gazette", 1)] and wire.copied_by == []
    assert filled.outlet("Nobody's Paper") is None


def test_views_are_frozen(filled: Store) -> None:
    (summary, _) = filled.list_stories(StoryQuery())
    with pytest.raises(Exception):
        summary.conflicts = 5  # type: ignore[misc]
    assert isinstance(summary, BaseModel)


# ---------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("db", "says"),
    [
        ("mysql://someone@localhost/news", "unsupported database"),
        ("postgresql://nobody@127.0.0.1:1/news", "scripts/postgres.sh"),
    ],
)
def test_an_unusable_database_is_an_error_that_says_what_to_do(db: str, says: str) -> None:
    with pytest.raises(StoreError, match=says):
        open_store(db)


def test_a_missing_store_is_an_error_when_it_must_exist(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(StoreError, match="no store at"):
        open_store(tmp_path / "none.db", must_exist=True)
    assert not (tmp_path / "none.db").exists()



def test_commands_say_why_a_store_cannot_be_used(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from newsweave.cli import main

    assert main(["stories", "--db", "postgresql://nobody:secret@127.0.0.1:1/news"]) == 2
    said = capsys.readouterr().err
    assert "cannot connect to PostgreSQL" in said and "scripts/postgres.sh" in said and "secret" not in said
    assert main(["analyze", "--story", "s1", "--db", str(tmp_path / "none.db")]) == 2
    assert "no store at" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["stories", "--db", "mongodb://localhost/news"])
    assert "unsupported database" in capsys.readouterr().err


def test_a_run_files_an_ingested_storys_dossier_only_for_the_same_articles(store: Store) -> None:
    import numpy as np

    from newsweave.models import ArticleFeatures

    features = ArticleFeatures(id="a3", title="t", day="2031-04-10", vector=np.ones(4, dtype=np.float32),
                               keys=(), minhash=np.arange(8, dtype=np.uint64))
    kept = Story(id="s5", title="Museum", articles=["a3"], span="2031-04-10")
    store.save_clustered([made_up_article("a3", "s5")], [features], [kept], MADE_UP_ENCODER)
    brief = [BriefLine(text="A glacier museum opened.", sources=["a3"])]
    regrouped = kept.model_copy(update={"articles": ["a3", "a4"]})
    store.save_run(Dossier(articles=[made_up_article("a3", "s5"), made_up_article("a4", "s5")], stories=[regrouped],
                           brief=brief))
    assert not store.story_dossier("s5").brief  # type: ignore[union-attr]
    assert store.stories() == [kept]
    store.save_run(Dossier(articles=[made_up_article("a3", "s5")], stories=[kept], brief=brief))
    assert store.story_dossier("s5").brief == brief  # type: ignore[union-attr]
