"""Story clustering on made-up articles with traps (same kind of event, same place, far-apart dates, wire
copies), incremental runs against the store, near-duplicates, and the bundled example."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from newsweave.app.incremental import ingest_articles
from newsweave.app.pipeline import prepare_articles
from newsweave.lang import for_language
from newsweave.models import (
    AnalyzedArticle,
    Article,
    ArticleFeatures,
    Dossier,
    RawDocument,
)
from newsweave.nlp.models import vector_encoder
from newsweave.settings import StorySettings
from newsweave.store import Store
from newsweave.story.clustering import (
    StoryIndex,
    cluster_features,
    exclusive_name_parts,
    story_id,
    tf_idf,
)
from newsweave.story.dedup import (
    NearDuplicateIndex,
    exact_duplicate_groups,
    lsh_bands,
    near_duplicate_pairs,
    shingles,
    signature,
)
from newsweave.story.features import (
    article_title,
    compute_features,
    content_terms,
    entity_key,
    figure_keys,
)

FIRE_LAGOS = (
    "A wildfire near Lagos in Portugal's Algarve region forced the evacuation of 1,400 people on Thursday, the "
    "civil protection agency ANEPC said. More than 300 firefighters and six water-bombing planes fought the flames "
    "in the hills above Bensafrim. Mayor Hugo Pereira said no homes had been destroyed so far."
)
ARTICLES = {
    "fire-lagos-1": ("2026-07-02", FIRE_LAGOS),
    "fire-lagos-2": ("2026-07-03", (
        "Firefighters brought the wildfire above Bensafrim, near Lagos, under control on Friday, ANEPC said, and "
        "the 1,400 residents evacuated in the Algarve were allowed home. Hugo Pereira thanked the crews who had "
        "worked through the night."
    )),
    "fire-lagos-copy": (None, FIRE_LAGOS.replace("forced the evacuation of", "forced some") + " (Reuters)"),
    "fire-evia-1": ("2026-07-03", (
        "A wildfire on the Greek island of Evia burned through pine forest near the village of Limni on Friday, "
        "and the fire brigade ordered residents of three villages to leave. Civil protection minister Giorgos "
        "Kefalogiannis said 200 firefighters and nine aircraft were deployed."
    )),
    "fire-evia-2": ("2026-07-04", (
        "Residents of Limni on Evia returned to find scorched olive groves after Greek firefighters contained the "
        "wildfire on Saturday. Kefalogiannis said an investigation into the cause had begun."
    )),
    "fire-lagos-september": ("2026-09-20", (
        "A new wildfire broke out near Lagos in the Algarve on Sunday, two months after the summer blaze above "
        "Bensafrim, and 250 firefighters were sent to the scene, ANEPC said. Hugo Pereira asked residents of "
        "Odiaxere to stay indoors because of the smoke."
    )),
    "ceo-corvane-1": ("2026-07-02", (
        "Lena Park resigned as chief executive of the carmaker Corvane Motors on Thursday after the company cut its "
        "profit forecast for the second time this year. Corvane's board named finance chief Omar Haddad as "
        "interim chief executive. Shares in Corvane fell 6 percent in Frankfurt."
    )),
    "ceo-corvane-2": ("2026-07-03", (
        "Omar Haddad, the interim head of Corvane Motors, told staff on Friday that the carmaker would review "
        "its electric van programme after the departure of Lena Park."
    )),
    "ceo-bellamy": ("2026-07-02", (
        "Tom Rudd resigned as chief executive of the food group Bellamy Foods on Thursday after the company cut "
        "its profit forecast, saying it was the right time for new leadership. Bellamy's board named operations "
        "head Sara Lind as interim chief executive. Shares in Bellamy fell 4 percent in London."
    )),
}
CFG = StorySettings()
GOLD = [
    {"fire-lagos-1", "fire-lagos-2", "fire-lagos-copy"}, {"fire-evia-1", "fire-evia-2"},
    {"fire-lagos-september"}, {"ceo-corvane-1", "ceo-corvane-2"}, {"ceo-bellamy"},
]


def raw(name: str) -> RawDocument:
    published, text = ARTICLES[name]
    return RawDocument(source=name, text=text, published=published)


@pytest.fixture(scope="module")
def prepared() -> dict[str, Article]:
    articles, skipped = prepare_articles([raw(name) for name in ARTICLES])
    assert not skipped
    return {name: article for name, article in zip(ARTICLES, articles, strict=True)}


@pytest.fixture(scope="module")
def features(prepared, annotate_texts, models) -> dict[str, ArticleFeatures]:
    analyzed = annotate_texts(*[raw(name) for name in ARTICLES])
    by_id = {f.id: f for f in compute_features(analyzed, models.embedder, for_language("en"), CFG)}
    return {name: by_id[article.id] for name, article in prepared.items()}


def partition(stories, names_of: dict[str, str]) -> list[set[str]]:
    return sorted(({names_of[a] for a in story.articles} for story in stories), key=sorted)


def test_same_kind_events_same_place_later_date_and_copies(features) -> None:
    names_of = {f.id: name for name, f in features.items()}
    stories = cluster_features(features.values(), CFG)
    assert partition(stories, names_of) == sorted(GOLD, key=sorted)
    lagos = next(s for s in stories if len(s.articles) == 3)
    assert lagos.span == ["2026-07-02", "2026-07-03"], "the undated wire copy does not widen the span"
    assert lagos.id == story_id(features["fire-lagos-1"].id), "a story is named after its first article"
    assert len({s.id for s in stories}) == len(stories)


def test_topic_alone_would_merge_the_same_kind_events(features) -> None:
    """The trap is real: embeddings of the two wildfires (and the two resignations) are close."""
    a, b = features["fire-lagos-1"].vector, features["fire-evia-1"].vector
    c, d = features["ceo-corvane-1"].vector, features["ceo-bellamy"].vector
    assert float(a @ b) > 0.5 and float(c @ d) > 0.4
    assert float(a @ c) < min(float(a @ b), float(c @ d))


def test_any_input_order_gives_the_same_stories(features) -> None:
    items = list(features.values())
    expected = cluster_features(items, CFG)
    random.Random(7).shuffle(items)
    assert cluster_features(items, CFG) == expected


def test_incremental_runs_equal_one_run(prepared, models, tmp_path: Path) -> None:
    early = [n for n in ARTICLES if ARTICLES[n][0] in ("2026-07-02",)]
    later = [n for n in ARTICLES if n not in early]
    with Store(tmp_path / "daily.db") as daily:
        first = ingest_articles([prepared[n].model_copy() for n in early], models, daily)
        second = ingest_articles([prepared[n].model_copy() for n in ARTICLES], models, daily)
        daily_stories = {s.id: sorted(s.articles) for s in daily.stories()}
        stored = daily.story_features(vector_encoder())
    with Store(tmp_path / "once.db") as once:
        ingest_articles([prepared[n].model_copy() for n in ARTICLES], models, once)
        once_stories = {s.id: sorted(s.articles) for s in once.stories()}
    assert len(first.added) == len(early) and second.already_stored == len(early)
    assert len(second.added) == len(later)
    assert daily_stories == once_stories and len(once_stories) == len(GOLD)
    assert [f.id for f, _ in stored][: len(early)] == sorted(prepared[n].id for n in early), "arrival order kept"
    assert stored[0][0].vector.dtype == np.float32 and len(stored[0][0].minhash) == 128

    with Store(tmp_path / "daily.db") as daily:
        story = next(s for s in daily.stories() if len(s.articles) == 3)
        regrouped = story.model_copy(update={"articles": story.articles[:1], "title": "one run's view"})
        daily.save_run(Dossier(stories=[regrouped]))
        assert next(s for s in daily.stories() if s.id == story.id) == story, "a run never regroups ingest's stories"


def test_near_duplicate_pairs_find_the_wire_copy_only() -> None:
    texts = {name: text for name, (_, text) in ARTICLES.items()}
    pairs = near_duplicate_pairs(texts)
    assert [(a, b) for a, b, _ in pairs] == [("fire-lagos-1", "fire-lagos-copy")]
    assert 0.5 <= pairs[0][2] < 1.0
    assert exact_duplicate_groups({"a": "Same  text\nhere.", "b": "Same text here.", "c": "Other."}) == [["a", "b"]]


def test_signatures_and_bands_are_datasketchs() -> None:
    """dedup makes datasketch's "affine32" MinHash and MinHashLSH bands itself (importing datasketch imports scipy):
    the values must stay the same, or stored signatures and Spark's band keys would stop meeting new ones."""
    from datasketch import MinHash, MinHashLSH

    texts = [text for _, text in ARTICLES.values()]
    texts += ["", "two words", "Ünïcode wörds — “quoted” naïve café façade, five+ words", "word " * 5000]
    for text in texts:
        reference = MinHash(num_perm=128, seed=1, scheme="affine32")
        reference.update_batch(list(shingles(text)))
        mine = signature(text)
        assert mine.dtype == np.uint64 and mine.tolist() == reference.hashvalues.astype(np.uint64).tolist()
    for threshold in (0.2, 0.35, 0.5, 0.65, 0.8, 0.95):
        lsh = MinHashLSH(threshold=threshold, num_perm=128)
        assert lsh_bands(threshold) == (lsh.b, lsh.r)


def test_candidate_lookup_is_bounded(features) -> None:
    """Work per article must not grow with the number of stories sharing a common entity."""
    size = 300
    index = StoryIndex(CFG)
    for i in range(size):
        index.add(ArticleFeatures(id=f"a{i}", title=f"t{i}", day="2026-01-01", vector=np.eye(size, dtype=np.float32)[i],
                                  keys=("portugal", f"person {i}"), minhash=signature(f"article number {i} " * 3)))
    probe = ArticleFeatures(id="p", title="p", day="2026-01-01", vector=np.ones(size, np.float32) / np.sqrt(size),
                            keys=("portugal",), minhash=signature("probe text"))
    assert len(index.states) == size
    assert len(index._candidates(probe)) == CFG.max_candidates


def test_entity_keys_normalise_articles_and_possessives(nlp) -> None:
    doc = nlp("Officials of the UN's refugee agency met the  Corvane Motors’s board on Monday.")
    the_un, the_corvane = doc[2:5], doc[8:13]
    assert (the_un.text, the_corvane.text) == ("the UN's", "the  Corvane Motors’s")
    assert [entity_key(span, for_language("en")) for span in (the_un, the_corvane)] == ["un", "corvane motors"]


def test_figure_keys_tell_two_same_kind_events_apart(nlp) -> None:
    """Two seizures told alike differ in their counts and years; a number that counts nothing is no key."""
    res = for_language("en")
    first = figure_keys(nlp("A coastguard cutter seized 23 smugglers and four boats in March 2011, officials said."), res)
    second = figure_keys(nlp("A coastguard cutter seized 26 smugglers and four boats in May 2014, officials said."), res)
    assert {"#23 smuggler", "#four boat", "#2011"} <= first
    assert {"#26 smuggler", "#four boat", "#2014"} <= second
    assert first - second == {"#23 smuggler", "#2011"}
    assert not figure_keys(nlp("The vote was 52 to 48."), res) & {"#52", "#48"}


SEIZURES = {
    "cutter-1": "The coastguard cutter Halvard seized 23 smugglers off Port Miren on Tuesday after a chase through "
    "the strait, the coastguard said. Captain Ilse Varga said the smugglers carried 400 kilograms of cocaine.",
    "cutter-2": "Captain Ilse Varga of the cutter Halvard said the 23 smugglers seized off Port Miren would be "
    "handed to prosecutors. The Halvard had chased their speedboats for two hours through the strait.",
    "cutter-3": "Prosecutors in Port Miren charged the 23 smugglers the Halvard caught with trafficking 400 "
    "kilograms of cocaine; Ilse Varga told the court the chase had lasted two hours.",
    "frigate-1": "The frigate Tolmar intercepted 26 smugglers near Cape Oster on Friday and seized three "
    "speedboats, the coastguard said. Commander Piet Osei said the boats held 900 kilograms of cannabis.",
    "frigate-2": "Commander Piet Osei said the Tolmar's crew boarded the three speedboats near Cape Oster and "
    "arrested all 26 smugglers without a shot fired. The 900 kilograms of cannabis were burned.",
    "frigate-3": "The 26 smugglers arrested by the frigate Tolmar near Cape Oster appeared before a judge; Piet "
    "Osei said the 900 kilograms of cannabis came from the south.",
}


def test_a_story_holding_two_same_kind_events_splits_by_their_words(annotate_texts, models) -> None:
    """Whatever merged them (the online pass saw the second event's first report against the first event's
    story), the members' nearest neighbours by content terms lie within their own event."""
    res = for_language("en")
    analyzed = annotate_texts(*[RawDocument(source=name, text=text) for name, text in SEIZURES.items()])
    names_of = {item.article.id: name for item, name in zip(analyzed, SEIZURES, strict=True)}
    features = compute_features(analyzed, models.embedder, res, CFG)
    terms = {item.article.id: content_terms(item, res) for item in analyzed}
    parts = StoryIndex.restore([(f, "s-merged") for f in features], CFG, terms).stories()
    assert sorted(sorted(names_of[a] for a in story.articles) for story in parts) == [
        ["cutter-1", "cutter-2", "cutter-3"], ["frigate-1", "frigate-2", "frigate-3"]]
    assert parts[0].id == "s-merged" or parts[1].id == "s-merged", "the part with the first member keeps the id"
    cutter = [(f, "s-cutter") for f in features if names_of[f.id].startswith("cutter")]
    assert [len(s.articles) for s in StoryIndex.restore(cutter, CFG, terms).stories()] == [3], "one event stays whole"
    off = CFG.model_copy(update={"split_neighbours": 0})
    merged = [(f, "s-merged") for f in features]
    assert [len(s.articles) for s in StoryIndex.restore(merged, off, terms).stories()] == [6]


def test_names_that_never_meet_split_a_story_of_two_same_kind_events() -> None:
    """Two coaches of one club fired years apart: the same words and the club in every report, but each
    event's own people only in its own reports. A report naming neither coach goes with the reports it shares
    its other name and words with; two forms of one name never meeting are one person, not two events."""
    club = Counter({"coach": 2, "fire": 1, "season": 1, "@harbor hawks": 1})
    terms = {
        **{f"brenner-{i}": club + Counter({"@dale brenner": 1, "loss": 1, "@kel strand": i % 2}) for i in range(4)},
        **{f"pike-{i}": club + Counter({"@owen pike": 1, "streak": 1, "@mira vance": i % 2}) for i in range(4)},
        "strand": club + Counter({"@kel strand": 1, "loss": 1}),
    }
    terms = {name: +counts for name, counts in terms.items()}

    def members(names: list[str]) -> list[ArticleFeatures]:
        return [ArticleFeatures(id=name, title=name, day=None, vector=_unit(1, 0, 0), keys=(),
                                minhash=signature(name * 8)) for name in names]

    parts = exclusive_name_parts(members(list(terms)), tf_idf(terms), CFG.split_chance_pairs)
    assert [[f.id for f in part] for part in parts] == [
        ["brenner-0", "brenner-1", "brenner-2", "brenner-3", "strand"], ["pike-0", "pike-1", "pike-2", "pike-3"]]
    one = {f"report-{i}": club + Counter({"@dale brenner" if i < 3 else "@brenner": 1, "loss": 1}) for i in range(6)}
    assert len(exclusive_name_parts(members(list(one)), tf_idf(one), CFG.split_chance_pairs)) == 1


def test_bundled_example_is_one_story(seed_dossier: Dossier) -> None:
    assert len(seed_dossier.stories) == 1
    story = seed_dossier.stories[0]
    assert sorted(story.articles) == sorted(a.id for a in seed_dossier.articles)
    assert story.title and story.title in {a.title for a in seed_dossier.articles}
    assert all(a.story == story.id for a in seed_dossier.articles)


def test_dateline_stays_in_the_first_sentence_and_out_of_the_title(
    annotate_texts: Callable[..., list[AnalyzedArticle]],
) -> None:
    (item,) = annotate_texts(
        "BERGEN (NTB) - A coastal ferry ran aground near Bergen on Monday with 212 passengers on board.\n"
        "All passengers were taken ashore by lifeboat, the coastguard said."
    )
    assert item.sentences[0].text.startswith("BERGEN (NTB) - A coastal ferry ran aground")
    assert article_title(item).startswith("A coastal ferry ran aground near Bergen")


def _unit(*weights: float) -> np.ndarray:
    vector = np.array(weights, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def test_a_follow_up_weeks_later_joins_only_with_strong_evidence() -> None:
    """Within the day gap a moderate score joins; two weeks out only a close match of text and names does."""
    keys = ("tanaro", "alessandria")
    flood = ArticleFeatures(id="flood", title="flood", day="2026-10-11", vector=_unit(1, 0, 0), keys=keys,
                            minhash=signature("the river burst its banks in the night " * 2))
    loose_text = signature("a regatta on the river drew crowds " * 2)

    def loose(day: str) -> ArticleFeatures:
        return ArticleFeatures(id=f"loose-{day}", title="loose", day=day, vector=_unit(0.3, 1, 0),
                               keys=("tanaro", "regatta club"), minhash=loose_text)

    nearby = StoryIndex(CFG)
    nearby.add(flood)
    assert nearby.add(loose("2026-10-14")) == nearby.story_of["flood"], "a moderate match within the gap joins"
    later = StoryIndex(CFG)
    later.add(flood)
    assert later.add(loose("2026-10-27")) != later.story_of["flood"], "16 days later the same match does not"
    close = ArticleFeatures(id="close", title="close", day="2026-10-27", vector=_unit(1, 0.2, 0), keys=keys,
                            minhash=signature("farmers still wait for the promised aid " * 2))
    assert later.add(close) == later.story_of["flood"], "16 days later, same text and names: a follow-up"
    far = ArticleFeatures(id="far", title="far", day="2026-12-20", vector=_unit(1, 0.1, 0), keys=keys,
                          minhash=signature("one more look at the damage two months on " * 2))
    assert later.add(far) != later.story_of["flood"], "beyond the follow-up gap nothing joins"
    batch = StoryIndex(CFG, terms={})
    for item in (flood, close, far):
        batch.add(item)
    assert batch.story_of["far"] == batch.story_of["flood"], "a batch run has no horizon: strong evidence joins"
    assert batch.add(loose("2027-03-01")) != batch.story_of["flood"], "and a moderate match still does not"


def test_a_story_left_behind_retires_from_the_live_index_but_stays_in_the_result() -> None:
    """Work and memory per article stay bounded: a story the newest day has left `retire_after_days` behind
    leaves the postings and the near-duplicate index, and is still returned whole."""
    cfg = CFG.model_copy(update={"retire_after_days": 10})
    text = "the ferry ran aground on the sandbank at dawn and the crew waited for the tide " * 2

    def report(name: str, day: str, minhash_text: str = text) -> ArticleFeatures:
        quake = name.startswith("quake")
        return ArticleFeatures(id=name, title=name, day=day, vector=_unit(0, 1, 0) if quake else _unit(1, 0, 0),
                               keys=("ferry harbour", "hill village") if quake else ("ferry harbour", "#212 passenger"),
                               minhash=signature(minhash_text))

    index = StoryIndex(cfg)
    first = index.add(report("ferry-1", "2026-03-01"))
    assert index.add(report("ferry-2", "2026-03-02", text + " later")) == first
    index.add(report("quake", "2026-03-12", "an unrelated report about a quake in the hills " * 2))
    index.retire_stale()
    assert first in index.states, "eleven days after its first report, ten after its last: still live"
    index.add(report("quake-2", "2026-03-13", "a second unrelated report about the quake in the hills " * 2))
    assert first in index.states, "never inside a run"
    index.retire_stale()
    assert first not in index.states, "retired"
    quake = index.story_of["quake"]
    assert [index.row_story[row] for row in index.postings["ferry harbour"]] == [quake], "its keys now point elsewhere"
    assert not index.duplicates.add("probe", signature(text)), "its articles left the near-duplicate index"
    assert index.story(first).articles == ["ferry-1", "ferry-2"]
    assert sorted(len(s.articles) for s in index.stories()) == [2, 2]
    late_copy = index.add(report("ferry-copy", "2026-03-14"))
    assert late_copy != first and index.story_of["ferry-1"] == first
    stored = [(report(name, day), index.story_of[name]) for name, day in (
        ("ferry-1", "2026-03-01"), ("ferry-2", "2026-03-02"), ("quake", "2026-03-12"), ("quake-2", "2026-03-13"))]
    undated = ArticleFeatures(id="ferry-undated", title="u", day=None, vector=_unit(1, 0, 0), keys=("ferry harbour",),
                              minhash=signature(text))
    restored = StoryIndex.restore([*stored, (undated, first)], cfg)
    assert first not in restored.states and restored.story(first).articles == ["ferry-1", "ferry-2", "ferry-undated"]


def test_near_duplicate_index_forgets_a_removed_article() -> None:
    index = NearDuplicateIndex()
    text = "wire copy of the harbour fire report with every word kept as it was sent " * 2
    index.add("a", signature(text))
    index.add("b", signature(text + " (Reuters)"))
    index.remove("a")
    assert [key for key, _ in index.add("c", signature(text))] == ["b"]
    index.remove("b")
    index.remove("missing")
    assert [key for key, _ in index.add("d", signature(text))] == ["c"]
