"""The story timeline: merged events across outlets, order, evidence, and the report section."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from newsweave.dates import value_days
from newsweave.link.entities import resolve_entities
from newsweave.link.timeline import build_timeline
from newsweave.models import AnalyzedArticle, Dossier, RawDocument, TimelineEntry
from newsweave.nlp.embed import embed_sentences
from newsweave.nlp.models import Models
from newsweave.nlp.timeclause import event_summary, span_of
from newsweave.nlp.timex import find_time_expressions
from newsweave.report.sections import timeline as timeline_section

from .timehelp import CFG, story_times

WIRE = RawDocument(
    source="wire.txt",
    published="2026-10-08",
    text=(
        "The fisheries summit opens on Oct. 14 in Geneva, where ministers hope to close a deal on subsidies. "
        "A storm flooded the harbour district on Oct. 14 last year, destroying dozens of boats. "
        "The talks were first proposed in 2019."
    ),
)
TRIP = (
    "Delegates from the island states left for Geneva on Monday aboard a chartered plane. "
    "The summit is scheduled for Wednesday <i>local time</i>, and observers said talks had stalled since 2021."
)


def _timeline(items: list[AnalyzedArticle]) -> list[TimelineEntry]:
    items, times = story_times(items)
    return build_timeline(items, times, resolve_entities(items), CFG)


def test_same_event_from_two_outlets_is_one_entry(annotate_texts: Callable[..., list[AnalyzedArticle]]) -> None:
    wire, trip = annotate_texts(WIRE, TRIP)
    entries = _timeline([wire, trip])
    summit = [e for e in entries if e.date == "2026-10-14"]
    assert len(summit) == 1
    assert summit[0].sources == [wire.article.id, trip.article.id]
    assert {ev.expression for ev in summit[0].evidence} == {"Oct. 14", "Wednesday"}
    flood = [e for e in entries if e.date == "2025-10-14"]
    assert len(flood) == 1 and flood[0].sources == [wire.article.id], "same month-day, another year: kept apart"
    assert not any(ev.expression == "since 2021" for e in entries for ev in e.evidence)


def test_entries_are_ordered_with_evidence_offsets_and_unique_ids(
    annotate_texts: Callable[..., list[AnalyzedArticle]],
) -> None:
    wire, trip = annotate_texts(WIRE, TRIP)
    entries = _timeline([wire, trip])
    starts = [value_days(e.date)[0] for e in entries]
    assert starts == sorted(starts)
    assert entries[0].date == "2019"
    assert len({e.id for e in entries}) == len(entries)
    texts = {wire.article.id: wire.article.text, trip.article.id: trip.article.text}
    for entry in entries:
        for ev in entry.evidence:
            assert texts[ev.article][ev.start : ev.end] == ev.expression
            assert texts[ev.article][ev.sentence_start :].startswith(ev.sentence.strip()[:20])


def test_seed_timeline_has_the_dated_events(seed_dossier: Dossier) -> None:
    timeline = seed_dossier.timeline
    by_date: dict[str, list[TimelineEntry]] = {}
    for entry in timeline:
        by_date.setdefault(str(entry.date), []).append(entry)
    parade = by_date["2025-09-03"]
    assert len(parade) == 1 and len(parade[0].sources) >= 4
    assert {"Wednesday", "Sept. 3"} <= {ev.expression for ev in parade[0].evidence}
    assert "2025-09-01" in by_date, "the Monday train departure"
    assert any("depart" in e.event for e in by_date["2025-09-01"])
    for wanted in ("1931", "2011-12", "['2018', '2019']", "2023", "2024-06"):
        assert wanted in by_date, wanted
    thursday = [e for e in timeline if e.expression == "Thursday"]
    assert thursday, "the Thursday announcement"
    first, last = value_days(thursday[0].date)
    assert first <= value_days("2025-08-28")[0] <= last, "the true day, or an honest range holding it"
    starts = [value_days(e.date)[0] for e in timeline]
    assert starts == sorted(starts)


def test_report_section_draws_and_escapes(annotate_texts: Callable[..., list[AnalyzedArticle]]) -> None:
    wire, trip = annotate_texts(WIRE, TRIP)
    dossier = Dossier(articles=[wire.article, trip.article], timeline=_timeline([wire, trip]))
    dossier.timeline[0].event = "<b>bold</b> & event"
    html = timeline_section.html(dossier)
    assert html.count("<svg") == 1 and "<circle" in html and "<table" in html
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt; &amp; event" in html
    assert "<mark>Wednesday</mark>" in html
    assert "year" in html and "later" in html, "a break is drawn across the gap after 2019"
    assert "<i>local" not in html and "&lt;i&gt;local time&lt;/i&gt;" in html
    markdown = timeline_section.markdown(dossier)
    assert markdown.splitlines()[0].startswith("- **2019**")


CAPTIONED = RawDocument(
    source="harbour.txt",
    published="2026-10-02",
    text=(
        "Dock strike ends after five weeks\n\n"
        "Union leader Jan Bakker speaks to striking dockworkers in Rotterdam on Sept. 18. "
        "Marit de Vries/ANP via Getty Images hide caption\n\n"
        "toggle caption\n\n"
        "Marit de Vries/ANP via Getty Images\n\n"
        "ROTTERDAM — Dockworkers at the port voted to end their strike on Friday, union leader Jan Bakker said. "
        "Bakker said the employers had agreed to a 6% pay rise over two years.\n\n"
        "The port authority said 300 ships had been held up since the walkout began in August."
    ),
)


def test_event_dated_only_in_a_photo_caption_is_on_the_timeline(
    annotate_texts: Callable[..., list[AnalyzedArticle]],
) -> None:
    (item,) = annotate_texts(CAPTIONED)
    assert "speaks to striking" not in item.article.text, "the caption is not body text"
    entries = _timeline([item])
    (speech,) = [e for e in entries if e.date == "2026-09-18"]
    (evidence,) = speech.evidence
    assert evidence.part == "caption"
    assert item.article.captions[evidence.start : evidence.end] == "Sept. 18"
    assert speech.event in item.article.captions
    body_entity = next(e for e in resolve_entities([item]).entities if e.name == "Jan Bakker")
    assert body_entity.id in speech.participant_ids, "the caption's name is the body's entity"
    vote = [e for e in entries if e.date == "2026-10-02"]
    assert vote and all(ev.part == "body" for ev in vote[0].evidence)


@pytest.mark.parametrize(
    ("sentence", "expression", "wanted", "unwanted"),
    [
        # a dated report keeps what was reported, and who reported it
        ("The ferry operator has suspended all crossings to the island, a spokeswoman said on Sunday.",
         "Sunday", ["suspended all crossings", "a spokeswoman said"], []),
        # a date hung on the object belongs to the verb
        ("The two unions signed a wage deal on Friday.", "Friday", ["unions signed a wage deal"], []),
        # "due to resume" is the event, without the preposition the date leaves behind
        ("Negotiations with the port authority are due to resume on Tuesday in Hamburg.",
         "Tuesday", ["are due to resume"], ["resume on"]),
        # a dateline glued to the sentence is not its subject
        ("HAMBURG (Reuters) - Dock workers walked out on Tuesday over pay.", "Tuesday", ["Dock workers walked out"],
         ["HAMBURG", "Reuters"]),
        # the event of "while approaching" is the main verb's
        ("A small plane crashed while landing at Bergen airport on Monday.", "Monday", ["plane crashed"], []),
        # a date hung on the subject or on an object without a preposition belongs to the verb
        ("The storms of March 1987 destroyed 40 bridges in the valley.", "March 1987",
         ["storms destroyed 40 bridges"], []),
        ("The landlord wants his rent payment next week.", "next week", ["landlord wants his rent payment"], []),
        # a date's possessive goes with the date; an adverb around the date is not the event
        ("The mayor resigned two days after last Sunday's council vote.", "last Sunday", ["council vote"], ["'s"]),
        ("As recently as last Friday, the port authority had promised to keep the ferry running.", "last Friday",
         ["the port authority had promised"], ["recently"]),
    ],
)
def test_event_text_is_the_dated_clause(
    nlp: Language, sentence: str, expression: str, wanted: list[str], unwanted: list[str]
) -> None:
    doc = nlp(sentence)
    start = sentence.index(expression)
    summary = event_summary(span_of(doc, start, start + len(expression)))
    for words in wanted:
        assert words in summary, summary
    for words in unwanted:
        assert words not in summary, summary


def test_event_of_a_relative_clause_names_its_antecedent(nlp: Language) -> None:
    sentence = "Ten ministers are among the guests who will open the bridge on June 4."
    start = sentence.index("June 4")
    summary = event_summary(span_of(nlp(sentence), start, start + len("June 4")))
    assert "guests will open the bridge" in summary and "who" not in summary.split()


def test_a_weekday_without_tense_is_settled_by_the_day_other_outlets_give(
    annotate_texts: Callable[..., list[AnalyzedArticle]],
) -> None:
    report = RawDocument(
        source="report.txt",
        published="2026-03-09",
        text="Harbour won the cup final on Sunday, beating Kilcarran 2-1 after extra time in front of a full house.",
    )
    inquiry = RawDocument(
        source="inquiry.txt",
        published="2026-03-13",
        text="Investigators are looking at unusual betting on a yellow card in Sunday's cup final, officials said.",
    )
    report_item, inquiry_item = annotate_texts(report, inquiry)
    assert find_time_expressions(inquiry_item)[0].value == "2026-03-15", "alone, the nearest Sunday"
    entries = _timeline([report_item, inquiry_item])
    final = [e for e in entries if inquiry_item.article.id in e.sources]
    assert [e.date for e in final] == ["2026-03-08"]
    assert report_item.article.id in final[0].sources


def test_differently_worded_reports_of_one_dated_event_merge_with_sentence_embeddings(
    annotate_texts: Callable[..., list[AnalyzedArticle]], models: Models
) -> None:
    wire = RawDocument(
        source="wire.txt",
        published="2026-06-04",
        text="The constitutional court struck down the new media law on Wednesday.\n\n"
        "Opposition parties had fought the bill for a year.",
    )
    daily = RawDocument(
        source="daily.txt",
        published="2026-06-05",
        text="Wednesday's ruling by the constitutional judges annulled the legislation on media.\n\n"
        "Reporters' unions welcomed it.",
    )
    items = annotate_texts(wire, daily)
    assert len(items) == 2
    items, times = story_times(items)
    resolution = resolve_entities(items)
    apart = [e for e in build_timeline(items, times, resolution, CFG) if e.date == "2026-06-03"]
    assert len(apart) == 2, "no shared clause word: without embeddings they stay apart"
    merged = build_timeline(items, times, resolution, CFG, embed_sentences(items, models.embedder))
    (ruling,) = [e for e in merged if e.date == "2026-06-03"]
    assert ruling.sources == [items[0].article.id, items[1].article.id]


def test_first_time_since_a_year_dates_the_time_before_and_nothing_else_of_that_year(
    annotate_texts: Callable[..., list[AnalyzedArticle]],
) -> None:
    (item,) = annotate_texts(
        RawDocument(
            source="cup.txt",
            published="2026-05-10",
            text="Dunmore won the county cup for the first time since 2017 on Saturday. The club has been "
            "unbeaten since 2024, and its coach visited Lisbon in March 2017.",
        )
    )
    entries = _timeline([item])
    (before,) = [e for e in entries if e.date == "2017"]
    assert "won the county cup" in before.event and before.event.startswith("the previous time")
    assert [e.date for e in entries if e.date == "2017-03"] == ["2017-03"], "a 2017 month stays its own entry"
    assert not any(e.date == "2024" for e in entries), "'unbeaten since 2024' is a state, not an event"
