"""Time expressions on made-up articles: values against a known date, inferred windows, and traps."""

from __future__ import annotations

from collections.abc import Callable

from newsweave.dates import contract_value
from newsweave.models import AnalyzedArticle, RawDocument
from newsweave.nlp.timex import TimeExpression, find_time_expressions, timeml_view

from .timehelp import dated

DATED = RawDocument(
    source="dated.txt",
    published="2025-03-12",
    text=(
        "The finance minister will travel to Lisbon next week for talks on the new budget rules. "
        "On Monday, the minister said the deal was close. "
        "The two governments signed a framework agreement last year in June, and officials met earlier this month "
        "to prepare the text. They met four times between 2018 and 2019, and the dispute has dragged on since 2019. "
        "It would be the first visit by a finance minister in nearly six years. "
        "Kim, 41, said 2000 troops had been sent to the border. The talks are scheduled on Sept. 3. "
        "Unions called a 70-minute strike against the 14-year rule that began in December 2011."
    ),
)


def _by_text(expressions: list[TimeExpression]) -> dict[str, TimeExpression]:
    return {t.text: t for t in expressions}


def test_values_against_a_known_publication_date(annotate_texts: Callable[..., list[AnalyzedArticle]]) -> None:
    (item,) = annotate_texts(DATED)
    found = _by_text(find_time_expressions(item))
    assert found["next week"].value == "2025-W12"
    assert found["next week"].days is not None
    assert (str(found["next week"].days.first), str(found["next week"].days.last)) == ("2025-03-17", "2025-03-23")
    assert found["Monday"].value == "2025-03-10"
    assert found["Monday"].how == "relative" and found["Monday"].tense == "past"
    assert found["last year in June"].value == "2024-06"
    assert found["earlier this month"].value == "2025-03"
    assert found["between 2018 and 2019"].value == ["2018", "2019"]
    assert found["between 2018 and 2019"].type == "range" and found["between 2018 and 2019"].how == "explicit"
    assert found["since 2019"].value == ["2019", "2025"] and found["since 2019"].type == "range"
    assert found["nearly six years"].value == "P6Y" and found["nearly six years"].approximate
    assert found["Sept. 3"].value == "2025-09-03"
    assert found["70-minute"].value == "PT70M"
    assert found["14-year"].value == "P14Y"
    assert found["December 2011"].value == "2011-12" and found["December 2011"].how == "explicit"


def test_counts_ages_and_anniversaries_are_not_dates(annotate_texts: Callable[..., list[AnalyzedArticle]]) -> None:
    (item,) = annotate_texts(DATED)
    texts = {t.text for t in find_time_expressions(item)}
    assert "2000" not in texts
    assert "41" not in texts
    for timex in find_time_expressions(item):
        assert item.article.text[timex.start : timex.end] == timex.text


def test_weekday_follows_the_tense_of_its_clause(annotate_texts: Callable[..., list[AnalyzedArticle]]) -> None:
    text = (
        "The court will rule on Friday, the clerk said in a statement. "
        "Lawyers for both sides filed their final papers on Friday, the statement added."
    )
    (item,) = annotate_texts(RawDocument(source="court.txt", published="2024-05-15", text=text))
    fridays = [t for t in find_time_expressions(item) if t.text == "Friday"]
    assert [t.value for t in fridays] == ["2024-05-17", "2024-05-10"]


UNDATED = (
    "Trade ministers from twelve countries will gather in Geneva next week for a summit on fishing subsidies. "
    "The summit is scheduled for Oct. 14, 2026 at the Palais des Nations. "
    "On Monday, the host government said the summit agenda was final. "
    "On Tuesday, negotiators announced a draft text."
)


def test_undated_article_gets_a_window_and_honest_ranges(annotate_texts: Callable[..., list[AnalyzedArticle]]) -> None:
    (undated,) = annotate_texts(UNDATED)
    assert undated.article.published is None
    (item,) = dated([undated])
    assert undated.article.published is None, "the input is left as it was"
    assert contract_value(item.article.published) == ["2026-10-05", "2026-10-11"]
    assert item.article.published is not None and item.article.published.inferred
    assert "next week" in item.article.published_reason
    found = _by_text(find_time_expressions(item))
    assert found["next week"].value == "2026-W42" and found["next week"].how == "inferred"
    assert found["Monday"].value == "2026-10-05" and found["Monday"].how == "inferred"
    tuesday = found["Tuesday"]
    assert tuesday.value == ["2026-09-29", "2026-10-06"], "a weekday the window cannot pin must stay a range"
    assert tuesday.how == "inferred" and "possible values" in tuesday.note


def test_window_from_another_outlet_and_the_weekdays_of_one_article(
    annotate_texts: Callable[..., list[AnalyzedArticle]],
) -> None:
    dated_wire = RawDocument(
        source="wire.txt",
        published="2026-10-08",
        text="The fisheries summit opens on Oct. 14 in Geneva, where ministers hope to close a deal on subsidies.",
    )
    undated = (
        "Delegates from the island states left for Geneva on Monday aboard a chartered plane. "
        "The summit is scheduled for Wednesday, and a final text is expected by the weekend."
    )
    wire, trip = dated(annotate_texts(dated_wire, undated))
    assert contract_value(wire.article.published) == "2026-10-08"
    assert wire.article.published is not None and not wire.article.published.inferred
    assert contract_value(trip.article.published) == ["2026-10-12", "2026-10-14"]
    found = _by_text(find_time_expressions(trip))
    assert found["Wednesday"].value == "2026-10-14"
    assert found["Monday"].value == "2026-10-12"


def test_weekdays_of_a_dated_outlet_bound_an_undated_one(
    annotate_texts: Callable[..., list[AnalyzedArticle]],
) -> None:
    dated_wire = RawDocument(
        source="wire.txt",
        published="2026-03-15",
        text="Heavy snow started falling across the Tatra mountains on Thursday, closing every pass into Slovakia. "
        "Avalanche teams rescued two skiers on Saturday, the mountain rescue service said.",
    )
    undated = (
        "Road crews in the Tatra mountains were still clearing the passes on Sunday, three days after the snow "
        "started on Thursday. Two skiers rescued by avalanche teams on Saturday were recovering in hospital."
    )
    _, later = dated(annotate_texts(dated_wire, undated))
    window = contract_value(later.article.published)
    assert isinstance(window, list), later.article.published_reason
    first, last = window
    assert "2026-03-13" <= first <= "2026-03-15" <= last <= "2026-03-21", "the weekdays of the dated wire bound it"
    assert _by_text(find_time_expressions(later))["Saturday"].value == "2026-03-14"


def test_no_date_anywhere_leaves_values_unresolved(annotate_texts: Callable[..., list[AnalyzedArticle]]) -> None:
    text = (
        "The festival returns next week with a parade on Sept. 3 through the old town. "
        "Organisers said on Monday that tickets had sold out within hours of going on sale."
    )
    (item,) = dated(annotate_texts(text))
    assert item.article.published is None
    found = _by_text(find_time_expressions(item))
    assert found["Sept. 3"].value == "XXXX-09-03" and found["Sept. 3"].how == "inferred"
    assert found["next week"].value is None and found["next week"].days is None


def test_quarters_seasons_and_uncertain_seasons(annotate_texts: Callable[..., list[AnalyzedArticle]]) -> None:
    text = (
        "Sales fell in the third quarter, the retailer said, after a weak summer of 2019 and a strong Q4 2020. "
        "The festival ran last summer and returns next spring, organisers said at 10:30 a.m. on Monday."
    )
    (known,) = annotate_texts(RawDocument(source="retail.txt", published="2025-11-19", text=text))
    found = _by_text(find_time_expressions(known))
    assert found["the third quarter"].value == "2025-Q3"
    assert found["summer of 2019"].value == "2019-SU" and found["summer of 2019"].how == "explicit"
    assert found["Q4 2020"].value == "2020-Q4"
    assert found["last summer"].value == "2025-SU"
    assert found["next spring"].value == "2026-SP"
    assert found["10:30 a.m. on Monday"].value == "2025-11-17T10:30", "a clock time with its day"
    (undated,) = annotate_texts(text)
    undated.article.published = ["2025-08-25", "2025-09-10"]
    undated.article.published_reason = "inferred from a test window"
    last_summer = _by_text(find_time_expressions(undated))["last summer"]
    assert last_summer.value == ["2024-06", "2025-08"], "summer 2024 or 2025 depending on the day: a range"
    assert last_summer.how == "inferred"


def test_names_and_modal_may_are_not_dates(annotate_texts: Callable[..., list[AnalyzedArticle]]) -> None:
    text = (
        "The Sunday Times reported that ministers may delay the vote. May I add that the vote is set for May 5, "
        "said a spokesman, and results are due by mid-June."
    )
    (item,) = annotate_texts(RawDocument(source="names.txt", published="2025-11-19", text=text))
    found = _by_text(find_time_expressions(item))
    assert "Sunday" not in found and "May" not in found
    assert found["May 5"].value == "2026-05-05", "announced as still to come: the next May 5"
    assert found["mid-June"].value == "2026-06" and found["mid-June"].approximate


def test_an_infinitive_takes_the_tense_of_the_verb_it_completes(
    annotate_texts: Callable[..., list[AnalyzedArticle]],
) -> None:
    (item,) = annotate_texts(
        RawDocument(
            source="dyke.txt",
            published="2026-11-20",
            text="Work on the new dyke had been due to begin in March, the mayor said, but the contractor went "
            "bankrupt. Talks with a new builder are due to resume on Monday, and the council wants to sign a "
            "contract in February.",
        )
    )
    found = _by_text(find_time_expressions(item))
    assert found["March"].value == "2026-03", "a plan told from after its date"
    assert found["Monday"].value == "2026-11-23"
    assert found["February"].value == "2027-02"


def test_month_with_its_year_after_it_parts_of_a_year_seconds_ages_and_the_past_decade(
    annotate_texts: Callable[..., list[AnalyzedArticle]],
) -> None:
    (item,) = annotate_texts(
        RawDocument(
            source="ferry.txt",
            published="2026-11-20",
            text="The ferry line was sold in June last year, and the new owner promised a refit by the end of the "
            "year. A 64-year-old passenger said the evacuation took only 90 seconds. Traffic on the route has "
            "doubled over the past decade, the operator said.",
        )
    )
    found = _by_text(find_time_expressions(item))
    assert found["June last year"].value == "2025-06"
    assert found["the end of the year"].value == "2026-12" and found["the end of the year"].approximate
    assert found["90 seconds"].value == "PT90S"
    assert found["64-year-old"].value == "P64Y" and found["64-year-old"].type == "duration"
    assert found["past decade"].value == "P10Y"


def test_fixed_holidays_and_the_weekend_follow_the_tense(annotate_texts: Callable[..., list[AnalyzedArticle]]) -> None:
    (item,) = annotate_texts(
        RawDocument(
            source="shop.txt",
            published="2026-11-25",
            text="Shop owners cleared the flooded high street over the weekend. They hope to reopen before "
            "Christmas, and the council will review the drains at the weekend. The last flood hit on New Year's "
            "Eve 2024.",
        )
    )
    found = {t.text: t for t in find_time_expressions(item)}
    weekends = [t.value for t in find_time_expressions(item) if t.text == "the weekend"]
    assert weekends == [["2026-11-21", "2026-11-22"], ["2026-11-28", "2026-11-29"]], "past, then to come"
    assert found["Christmas"].value == "2026-12-25"
    assert found["New Year's Eve 2024"].value == "2024-12-31"


def test_a_day_keeps_the_year_said_with_it(annotate_texts: Callable[..., list[AnalyzedArticle]]) -> None:
    (item,) = annotate_texts(
        RawDocument(
            source="ferry.txt",
            published="2026-10-08",
            text="The first ferry sank on March 3 in 1998 off the cape. A storm wrecked the pier on Oct. 14 last "
            "year, and the new pier opens on March 3.",
        )
    )
    found = _by_text(find_time_expressions(item))
    assert found["March 3 in 1998"].value == "1998-03-03"
    assert found["Oct. 14 last year"].value == "2025-10-14", "last year's, though this year's is nearer"
    assert found["March 3"].value == "2027-03-03"


def test_weekdays_told_in_the_past_resolve_backwards(annotate_texts: Callable[..., list[AnalyzedArticle]]) -> None:
    monday = "2026-11-16"
    text = (
        "The vote, held on Friday, is expected to be challenged in court. The storm made landfall late on "
        "Tuesday, the weather service said. The council will meet on Thursday. Organisers planned a march on "
        "Saturday."
    )
    (item,) = annotate_texts(RawDocument(source="vote.txt", published=monday, text=text))
    found = _by_text(find_time_expressions(item))
    assert found["Friday"].value == "2026-11-13", "a participle of something done, inside a future clause"
    assert found["Tuesday"].value == "2026-11-10" and found["Tuesday"].value < monday
    assert found["Thursday"].value == "2026-11-19"
    assert found["Saturday"].value == "2026-11-21", "what was planned is still to come"


def test_yearless_dates_near_ahead_are_not_sent_a_year_back(
    annotate_texts: Callable[..., list[AnalyzedArticle]],
) -> None:
    text = (
        "The board declared a dividend, payable Dec. 7 to holders of record. The company said it had moved "
        "its headquarters on Oct. 2."
    )
    (item,) = annotate_texts(RawDocument(source="board.txt", published="2026-10-27", text=text))
    found = _by_text(find_time_expressions(item))
    assert found["Dec. 7"].value == "2026-12-07", "last year's would carry its year"
    assert found["Oct. 2"].value == "2026-10-02"


def test_reference_words_and_the_quarter_of_a_results_report(
    annotate_texts: Callable[..., list[AnalyzedArticle]],
) -> None:
    text = (
        "Harbour Foods said third-quarter profit rose to $12 million from $9 million a year earlier. Sales in "
        "the latest quarter reached $80 million. The year-ago quarter included a one-time charge. The company "
        "now expects slower growth in the coming months, and recently closed two plants."
    )
    (item,) = annotate_texts(RawDocument(source="results.txt", published="2026-10-27", text=text))
    found = _by_text(find_time_expressions(item))
    assert found["third-quarter"].value == "2026-Q3"
    assert found["a year earlier"].value == "2025-Q3", "the same quarter a year before"
    assert found["the latest quarter"].value == "2026-Q3"
    assert found["The year-ago quarter"].value == "2025-Q3"
    assert found["now"].value == "PRESENT_REF" and found["recently"].value == "PAST_REF"
    assert found["the coming months"].value == "FUTURE_REF"


def test_rates_and_clock_times_with_their_day(annotate_texts: Callable[..., list[AnalyzedArticle]]) -> None:
    text = (
        "The airline runs four flights a week to the island. Talks broke off at 10 p.m. Wednesday, and the "
        "union stayed on strike for a week."
    )
    (item,) = annotate_texts(RawDocument(source="strike.txt", published="2026-11-13", text=text))
    found = _by_text(find_time_expressions(item))
    assert "a week" in found and found["a week"].value == "P1W", "a stretch of time, not the rate before it"
    assert sum(1 for t in find_time_expressions(item) if t.text == "a week") == 1
    assert found["10 p.m. Wednesday"].value == "2026-11-11T22:00"


def test_an_undated_article_is_dated_by_its_photo_caption(
    annotate_texts: Callable[..., list[AnalyzedArticle]],
) -> None:
    text = (
        "Firefighters contained the blaze on Wednesday after it destroyed six warehouses near the port.\n"
        "Smoke rises over the port warehouses on Nov. 11, 2026. Photograph: Ana Ruiz/Harbour Photo Agency\n"
        "The fire brigade said the cause of the fire was not yet known.\n"
        "Dock workers were sent home while investigators searched the site."
    )
    (undated,) = annotate_texts(text)
    assert "Nov. 11, 2026" in undated.article.captions and undated.article.published is None
    (item,) = dated([undated])
    assert item.article.published is not None and item.article.published.inferred
    assert "caption" in item.article.published_reason
    assert _by_text(find_time_expressions(item))["Wednesday"].value == "2026-11-11"


def test_page_chrome_dates_no_event(annotate_texts: Callable[..., list[AnalyzedArticle]]) -> None:
    from newsweave.link.entities import resolve_entities
    from newsweave.link.timeline import build_timeline

    from .timehelp import CFG, story_times

    text = (
        "This article was published 9 years ago. The mayor opened the new bridge two years ago, and the old "
        "ferry stopped running the same month."
    )
    items, times = story_times(annotate_texts(RawDocument(source="chrome.txt", published="2026-11-13", text=text)))
    chrome = _by_text(times[items[0].article.id].body)["9 years ago"]
    assert chrome.chrome and chrome.value == "2017"
    entries = build_timeline(items, times, resolve_entities(items), CFG)
    assert [e.date for e in entries] == ["2024"], "the bridge opening is news; the page's own date is not"


def test_an_undated_article_with_nothing_to_agree_with_takes_the_story_days(
    annotate_texts: Callable[..., list[AnalyzedArticle]],
) -> None:
    wire = RawDocument(
        source="wire.txt",
        published="2026-11-12",
        text="The regional council approved the budget for the new hospital wing after a long debate.",
    )
    undated = "Nurses protested outside the old hospital yesterday, demanding more staff for the winter."
    _, later = dated(annotate_texts(wire, undated))
    assert contract_value(later.article.published) == ["2026-11-12", "2026-11-14"]
    assert "story" in later.article.published_reason
    yesterday = _by_text(find_time_expressions(later))["yesterday"]
    assert yesterday.value == ["2026-11-11", "2026-11-13"] and yesterday.how == "inferred", "an honest range"


def test_movable_holidays_spelled_years_and_stretches(annotate_texts: Callable[..., list[AnalyzedArticle]]) -> None:
    text = (
        "The boy was rescued at sea on Thanksgiving Day, and the plant closed in nineteen ninety-six. For the "
        "year ended Sept. 30, the firm lost money over the past two quarters, about three-quarters of it abroad."
    )
    (item,) = annotate_texts(RawDocument(source="misc.txt", published="2026-01-07", text=text))
    found = _by_text(find_time_expressions(item))
    assert found["Thanksgiving Day"].value == "2025-11-27", "the fourth Thursday of last November"
    assert found["nineteen ninety-six"].value == "1996"
    assert found["the year"].value == "P1Y", "a year named by its end is a stretch"
    assert found["two quarters"].value == "P2Q"
    assert not any("three-quarters" in t.text for t in find_time_expressions(item)), "a fraction, not time"


def test_an_untensed_weekday_leans_to_the_past(annotate_texts: Callable[..., list[AnalyzedArticle]]) -> None:
    text = "The toll from Saturday's quake is likely to rise, rescuers warned, and Friday's funeral will be public."
    (item,) = annotate_texts(RawDocument(source="quake.txt", published="2026-11-18", text=text))
    found = _by_text(find_time_expressions(item))
    assert found["Saturday"].value == "2026-11-14", "four days back beats three ahead: news mostly looks back"
    assert found["Friday"].value == "2026-11-20", "told as still to come"


def test_the_timeml_view_marks_dates_without_signals_and_no_ages(
    annotate_texts: Callable[..., list[AnalyzedArticle]],
) -> None:
    text = (
        "The ferry has sailed from the harbour since 1987. Fares doubled between 2004 and 2009, and a "
        "12-year-old pupil won the regatta over the weekend."
    )
    (item,) = annotate_texts(RawDocument(source="ferry.txt", published="2026-06-10", text=text))
    found = find_time_expressions(item)
    assert _by_text(found)["since 1987"].value == ["1987", "2026"], "newsweave keeps the range up to the anchor"
    view = _by_text(timeml_view(found, item.article.text))
    assert view["1987"].value == "1987", "TimeML marks the date and leaves the signal out"
    assert (view["2004"].value, view["2009"].value) == ("2004", "2009"), "each date of a range apart"
    assert not any("year-old" in t for t in view), "no ages"
    assert view["the weekend"].value == "2026-W23-WE"


def test_months_seasons_centuries_and_quarters_said_of_things(
    annotate_texts: Callable[..., list[AnalyzedArticle]],
) -> None:
    text = (
        "Harbour Freight said sales in this year's second quarter beat the year-ago second quarter and a "
        "year-earlier slump. The figures for March were revised, the April strike was settled and February's "
        "orders fell in the middle of January. Shipping slowed over the summer, as it did in the "
        "19th century.\n\nThe port opened nearly three years ago; the pilots met last night and again at midday."
    )
    (item,) = annotate_texts(RawDocument(source="harbour.txt", published="2026-09-16", text=text))
    found = _by_text(find_time_expressions(item))
    assert found["this year's second quarter"].value == "2026-Q2"
    assert found["the year-ago second quarter"].value == "2025-Q2"
    assert "a year-earlier" in found, "the period a year before, not a duration 'a year'"
    assert (found["March"].value, found["April"].value, found["February"].value) == ("2026-03", "2026-04", "2026-02")
    assert found["the middle of January"].value == "2026-01" and found["the middle of January"].approximate
    assert found["the summer"].value == "2026-SU", "told in the past: the last summer"
    assert found["the 19th century"].value == "18"
    assert found["nearly three years ago"].value == "2023" and found["nearly three years ago"].approximate
    assert found["last night"].value == "2026-09-15"
    assert found["midday"].value == "2026-09-15T12:00", "a clock time on the last day its paragraph named"


def test_a_month_name_alone_is_not_a_date(annotate_texts: Callable[..., list[AnalyzedArticle]]) -> None:
    text = "May Tan said the fall in prices could hurt. March Street was closed and April Lee left."
    (item,) = annotate_texts(RawDocument(source="names.txt", published="2026-09-16", text=text))
    assert find_time_expressions(item) == []


def test_clock_times_take_their_day_and_titles_are_no_dates(
    annotate_texts: Callable[..., list[AnalyzedArticle]],
) -> None:
    text = (
        "The rowing club will parade the cup through the town on Tuesday evening. The bus leaves the quay at 6pm.\n\n"
        "The ferry sank at 4 a.m., witnesses said. The mayor spoke at midday, the council said today, and the harbour's 1998 "
        "records were opened. The Gazette said in an editorial on Monday, March 9: the port must change. "
        "The mayor told the radio show \"Harbour Today\" and the film \"Six Hours\" that some 1500 boats had come."
    )
    (item,) = annotate_texts(RawDocument(source="cup.txt", published="2026-03-08", text=text))
    found = _by_text(find_time_expressions(item))
    assert found["6pm"].value == "2026-03-10T18:00", "the day its paragraph named"
    assert found["4 a.m."].value == "T04:00", "a paragraph on: no day known"
    assert found["midday"].value == "2026-03-08T12:00", "the day named later in its sentence"
    assert found["1998"].value == "1998", "the year of the records, not a count"
    assert found["Monday, March 9"].value == "2026-03-09"
    assert not {"Today", "Six Hours", "1500"} & set(found), "titles and counts"


def test_plans_moves_and_counted_stretches(annotate_texts: Callable[..., list[AnalyzedArticle]]) -> None:
    text = (
        "The dairy group agreed to buy the creamery in February and postponed the vote until Tuesday. Results for "
        "the latest quarter were weak and fiscal 2025 sales fell; this quarter's loss is smaller. Farmers waited "
        "two more weeks, eight trading days passed, and a week or so ago prices rose. Milk prices have slid "
        "through the nineties and the '80s, the co-op says in its weekly letter, and hourly pay is paid every quarter."
    )
    (item,) = annotate_texts(RawDocument(source="dairy.txt", published="2026-11-12", text=text))
    found = _by_text(find_time_expressions(item))
    assert found["February"].value == "2027-02", "what was agreed is still to come"
    assert found["Tuesday"].value == "2026-11-17", "postponed until: the time moved to is to come"
    assert found["the latest quarter"].value == "2026-Q3", "the last quarter completed"
    assert found["fiscal 2025"].value == "2025"
    assert found["this quarter"].value == "2026-Q3", "the quarter the report is about"
    assert (found["two more weeks"].value, found["eight trading days"].value) == ("P2W", "P8D")
    assert "a week or so ago" in found
    assert (found["the nineties"].value, found["the '80s"].value) == ("199", "198")
    assert (found["weekly"].value, found["hourly"].value, found["every quarter"].value) == ("P1W", "PT1H", "P1Q")


def test_a_date_taking_effect_or_a_plan_with_be_to_is_ahead(
    annotate_texts: Callable[..., list[AnalyzedArticle]],
) -> None:
    text = "Ms. Ortega was named director of the harbour board, effective March 1. The ferry is to resume sailing Tuesday."
    (item,) = annotate_texts(RawDocument(source="board.txt", published="2026-11-12", text=text))
    found = _by_text(find_time_expressions(item))
    assert found["March 1"].value == "2027-03-01", "announced ahead of the day it takes effect"
    assert found["Tuesday"].value == "2026-11-17", "'is to resume': still to come"
