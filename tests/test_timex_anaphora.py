"""Anaphoric time expressions ("the next day", "two days later", "that same day") on made-up articles.

They count from another date of the text, so their values follow that date: its year, its uncertainty under an
inferred publication window, and no value at all when no fitting date precedes them.
"""

from __future__ import annotations

from collections.abc import Callable

from newsweave.models import AnalyzedArticle, Dossier, RawDocument
from newsweave.nlp.timex import TimeExpression, find_time_expressions

TRIP = (
    "Kim arrived in Beijing on Sept. 2 after a long train ride. The next day he watched the parade from the "
    "rostrum. Two days later he left for Pyongyang, and state media said he was back home that same day."
)


def _found(item: AnalyzedArticle) -> dict[str, TimeExpression]:
    return {t.text: t for t in find_time_expressions(item)}


def _published(annotate_texts: Callable[..., list[AnalyzedArticle]], text: str, published: str) -> AnalyzedArticle:
    (item,) = annotate_texts(RawDocument(source="made-up.txt", published=published, text=text))
    return item


def test_counts_from_the_date_just_given_and_chains(annotate_texts: Callable[..., list[AnalyzedArticle]]) -> None:
    found = _found(_published(annotate_texts, TRIP, "2025-09-10"))
    assert found["The next day"].value == "2025-09-03"
    assert found["The next day"].how == "relative" and found["The next day"].note == "relative to 'Sept. 2'"
    assert found["Two days later"].value == "2025-09-05", "counted from the parade day, not from Sept. 2"
    assert found["that same day"].value == "2025-09-05" and found["that same day"].granularity == "day"
    assert found["Sept. 2"].note == "", "the reference itself is untouched"


def test_reference_keeps_its_own_year_and_a_nearer_weekday_wins(
    annotate_texts: Callable[..., list[AnalyzedArticle]],
) -> None:
    text = (
        "The treaty was signed in Pyongyang on June 19, 2024, during a state visit. Putin flew home the next day.\n"
        "This week the two delegations met again in Moscow.\n"
        "Negotiators arrived on Monday. Two days later they signed a protocol on shipping.\n"
        "Officials declined to comment on the talks.\n"
        "A week later, the ministers met again.\n"
    )
    found = _found(_published(annotate_texts, text, "2025-08-28"))
    assert found["the next day"].value == "2024-06-20", "the year of the reference, not of the publication"
    assert found["the next day"].how == "relative"
    assert found["Monday"].value == "2025-08-25"
    assert found["Two days later"].value == "2025-08-27", "the nearest date, not the treaty's"
    assert found["Two days later"].note == "relative to 'Monday'"
    far = found["A week later"]
    assert far.value is None and far.days is None, "Monday is two paragraphs back: too far to count from"
    assert "earlier date" in far.note


def test_without_an_earlier_date_or_counted_from_an_event_there_is_no_value(
    annotate_texts: Callable[..., list[AnalyzedArticle]],
) -> None:
    text = (
        "The next day, the minister resigned. Lawmakers had met the day after the vote, and days later the "
        "coalition collapsed. The budget was approved in 2019; the following day the markets rallied."
    )
    found = _found(_published(annotate_texts, text, "2025-05-14"))
    for phrase in ("The next day", "the day after", "days later", "the following day"):
        assert found[phrase].value is None and found[phrase].days is None, phrase
        assert found[phrase].type == "relative", phrase
    assert "earlier date" in found["The next day"].note
    assert "the vote" in found["the day after"].note
    assert found["days later"].approximate
    assert "earlier date" in found["the following day"].note, "a year is too coarse to count a day from"


def test_a_day_earlier_is_not_earlier_this_month(annotate_texts: Callable[..., list[AnalyzedArticle]]) -> None:
    text = (
        "The central bank raised rates on March 12. A day earlier, the finance ministry had warned of inflation, "
        "and earlier this month officials met in Rome. The central bank had last moved the year before. "
        "Over the next week, analysts expect more."
    )
    found = _found(_published(annotate_texts, text, "2025-03-20"))
    assert found["A day earlier"].value == "2025-03-11" and found["A day earlier"].note == "relative to 'March 12'"
    assert found["earlier this month"].value == "2025-03" and found["earlier this month"].note == ""
    assert found["the year before"].value == "2024" and found["the year before"].granularity == "year"
    assert found["next week"].value == "2025-W13", "a stretch from now, not the week after March 12"


def test_following_week_after_a_weekday_under_an_inferred_window(
    annotate_texts: Callable[..., list[AnalyzedArticle]],
) -> None:
    text = "Negotiators met on Thursday in Geneva. The following week they presented the text to ministers."
    (item,) = annotate_texts(text)
    item.article.published = ["2025-08-25", "2025-08-31"]
    item.article.published_reason = "inferred from a test window"
    found = _found(item)
    assert found["Thursday"].value == ["2025-08-21", "2025-08-28"]
    following = found["The following week"]
    assert following.value == ["2025-08-25", "2025-09-07"], "a week after either Thursday: an honest range"
    assert following.how == "inferred"
    assert following.note.startswith("relative to 'Thursday'") and "2025-W35, 2025-W36" in following.note
    item.article.published = ["2025-08-29", "2025-08-31"]
    assert _found(item)["The following week"].value == "2025-W36", "a window past Thursday pins the week"


def test_unknown_year_is_masked_and_the_note_says_both(annotate_texts: Callable[..., list[AnalyzedArticle]]) -> None:
    (item,) = annotate_texts(TRIP)
    assert item.article.published is None
    next_day = _found(item)["The next day"]
    assert next_day.value == "XXXX-09-03" and next_day.how == "inferred"
    assert next_day.note == "relative to 'Sept. 2'; year unknown"


def test_timeline_dates_the_event_of_the_next_day(analyze_texts: Callable[..., Dossier]) -> None:
    dossier = analyze_texts(RawDocument(source="trip.txt", published="2025-09-10", text=TRIP))
    parade = [e for e in dossier.timeline if "parade" in e.event.lower()]
    assert parade and parade[0].date == "2025-09-03"
    assert parade[0].expression == "The next day" and parade[0].how == "relative"


def test_the_day_before_an_event_takes_a_date_beside_it(annotate_texts: Callable[..., list[AnalyzedArticle]]) -> None:
    text = (
        "The mayor closed the bridge on Tuesday evening, the day before the dam burst. Most looting happened the "
        "day before the storm, on Sunday, police said. Insurers met the day after Wednesday's vote. "
        "The levee failed two weeks after the storm hit the coast."
    )
    item = _published(annotate_texts, text, "2027-02-05")
    before, looting = [t for t in find_time_expressions(item) if t.text == "the day before"]
    assert before.value == "2027-02-02" and before.note == "the same day as 'Tuesday evening'"
    assert looting.value == "2027-01-31" and looting.note == "the same day as 'Sunday'"
    after = _found(item)["the day after"]
    assert after.value == "2027-02-04" and after.note == "relative to 'Wednesday'"
    assert _found(item)["two weeks"].value == "P2W", "a stretch from an event stays a duration, as in TimeML"


def test_a_capitalised_phrase_is_a_name_not_a_reference(annotate_texts: Callable[..., list[AnalyzedArticle]]) -> None:
    text = "Kim arrived on Sept. 2. He met the owners of the Same Day Delivery Company the next morning."
    found = _found(_published(annotate_texts, text, "2025-09-20"))
    assert not any("Same" in phrase for phrase in found)
    assert found["the next morning"].value == "2025-09-03" and found["the next morning"].note == "relative to 'Sept. 2'"


def test_an_anaphor_reads_its_reference_in_the_reference_s_own_tense(
    annotate_texts: Callable[..., list[AnalyzedArticle]],
) -> None:
    text = (
        "Officials met union leaders on Monday to discuss the plan for the harbour. The following week the final "
        "plan will be published by the ministry, officials said."
    )
    found = _found(_published(annotate_texts, text, "2026-03-11"))
    assert found["Monday"].value == "2026-03-09"
    assert found["The following week"].value == "2026-W12", "the week after the past Monday, not a future one"


def test_a_counted_span_from_a_day_lands_on_a_day_and_the_following_week_is_a_week(
    annotate_texts: Callable[..., list[AnalyzedArticle]],
) -> None:
    text = (
        "The harbour bridge was closed to lorries on March 3 after engineers found cracks in its piers. "
        "A week later the council voted to repair it. The following week the first crews arrived."
    )
    found = _found(_published(annotate_texts, text, "2026-05-01"))
    assert found["A week later"].value == "2026-03-10"
    assert found["The following week"].value == "2026-W12"
