"""Article metadata on made-up articles: title, outlet, dateline, byline and publication date, from the
text or from metadata given with it; never invented."""

from __future__ import annotations

import pytest

from newsweave.clean.article import prepare_article
from newsweave.clean.dates import parse_date
from newsweave.clean.language import detect_language
from newsweave.dates import contract_value
from newsweave.lang import for_language
from newsweave.models import Article, RawDocument, Skipped
from newsweave.settings import CleaningSettings

EN = for_language("en")
CFG = CleaningSettings()

BODY = (
    "Fishermen blocked the port on Monday in protest at new catch limits, the harbour master said.\n"
    "The blockade held up 40 cargo ships and two ferries, according to the port authority.\n"
    "Talks with the fisheries ministry are due to resume on Thursday, union leaders said."
)


def article(text: str, **given: str) -> Article:
    result = prepare_article(RawDocument(source="made-up.txt", text=text, **given), EN, CFG)
    assert isinstance(result, Article), result
    return result


@pytest.mark.parametrize(
    ("opening", "dateline"),
    [
        ("VIGO, Spain — Fishermen blocked the port on Monday.", "VIGO, Spain"),
        ("WELLINGTON (Harbour Wire) - Fishermen blocked the port on Monday.", "WELLINGTON"),
        ("LAGOS, March 4 (Harbour Wire) - Fishermen blocked the port on Monday.", "LAGOS"),
        ("NEW DELHI: Fishermen blocked the port on Monday.", "NEW DELHI"),
        ("Nairobi: Fishermen blocked the port on Monday.", "Nairobi"),
        ("FISHING BLOCKADE – Fishermen blocked the port on Monday, a fishing blockade that spread.", None),
        ("EXCLUSIVE – Fishermen blocked the port on Monday.", None),
        ("Analysis: Fishermen blocked the port on Monday.", None),
    ],
)
def test_dateline_opening_the_first_paragraph(opening: str, dateline: str | None) -> None:
    result = article(f"{opening}\n{BODY}")
    assert result.dateline == dateline
    assert result.text.startswith(opening), "an opening dateline stays in the text"


@pytest.mark.parametrize(("line", "dateline"), [("SEVILLE/MADRID", "SEVILLE/MADRID"), ("Accra:", "Accra")])
def test_dateline_on_its_own_line(line: str, dateline: str) -> None:
    result = article(f"Port blockade spreads\n{line}\n{BODY}")
    assert result.dateline == dateline
    assert line not in result.text.split("\n")


def test_agency_in_the_dateline_is_the_outlet() -> None:
    result = article(f"BRISBANE (Harbour Wire) - Fishermen blocked the port on Monday.\n{BODY}")
    assert result.outlet == "Harbour Wire"


def test_title_is_the_headline_not_the_breadcrumb_and_metadata_title_wins() -> None:
    text = f"Home › World › Europe\nFishermen block port over catch limits\n{BODY}"
    assert article(text).title == "Fishermen block port over catch limits"
    assert article(text, title="Given title").title == "Given title"
    assert article(BODY).title is None, "no headline line, no title given: none invented"


def test_outlet_from_a_contributor_credit_and_byline_from_it() -> None:
    result = article(f"{BODY}\nThe Daily Harbour's Jan Kowalski contributed reporting to this story.")
    assert result.outlet == "The Daily Harbour"
    assert result.byline == "Jan Kowalski"
    assert "contributed" not in result.text


def test_outlet_from_an_agency_notice() -> None:
    notice = (
        "Meridian News Agency website carries only part of the reports offered to subscribers of its wire. "
        "Please contact us for subscription options."
    )
    assert article(f"{BODY}\n{notice}").outlet == "Meridian News Agency"


def test_outlet_from_a_copyright_line() -> None:
    assert article(f"{BODY}\n© 2024 Coastline Media. All rights reserved.").outlet == "Coastline Media"


def test_outlet_that_interviews_the_sources_twice_but_not_a_quoted_outlet_named_once() -> None:
    interviews = (
        "\n“We cannot feed our families on these quotas,” skipper Ana Ruiz told Radio Meridian over the phone."
        "\nA ministry spokesman told Radio Meridian that the limits were set by scientists."
        "\nThe minister had earlier told Channel Nine the limits would not change."
    )
    assert article(BODY + interviews).outlet == "Radio Meridian"
    once = "\nThe minister told Channel Nine that the limits would not change."
    assert article(BODY + once).outlet is None
    subject = interviews + "\nRadio Meridian has covered the dispute since January."
    assert article(BODY + subject).outlet is None, "a name used as a subject elsewhere is not the interviewer"


def test_given_metadata_wins_for_outlet_and_byline() -> None:
    text = f"By Maria Gonzalez\n{BODY}\nThe Daily Harbour's Jan Kowalski contributed to this report."
    result = article(text, outlet="Port Weekly", byline="Editorial Desk")
    assert (result.outlet, result.byline) == ("Port Weekly", "Editorial Desk")
    assert article(text).byline == "Maria Gonzalez"


@pytest.mark.parametrize(
    ("stamp", "published"),
    [
        ("Published: March 4, 2024 10:30 GMT", "2024-03-04"),
        ("Updated 05 Mar 2024 | Published 04 Mar 2024", "2024-03-04"),
        ("date 2024-03-04", "2024-03-04"),
        ("Posted on Monday, 4th March 2024", "2024-03-04"),
    ],
)
def test_publication_date_stated_in_the_text(stamp: str, published: str) -> None:
    result = article(f"{stamp}\nFishermen block port\n{BODY}")
    assert contract_value(result.published) == published
    assert stamp.split()[0] in result.published_reason and "stated in text" in result.published_reason
    assert stamp not in result.text


def test_no_date_stays_null_with_the_reason_and_body_dates_are_not_taken() -> None:
    text = f"Fishermen block port\n{BODY}\nThe limits were agreed in Brussels on February 12, 2024."
    result = article(text)
    assert result.published is None
    assert result.published_reason == "no publication date stated or given"


def test_ambiguous_date_stamp_is_not_guessed() -> None:
    result = article(f"Published: 03/04/2024\nFishermen block port\n{BODY}")
    assert result.published is None
    assert "03/04/2024" in result.published_reason and "unambiguous" in result.published_reason


def test_metadata_date_wins_and_feed_dates_are_read() -> None:
    text = f"Published: March 4, 2024\nFishermen block port\n{BODY}"
    result = article(text, published="Tue, 05 Mar 2024 08:00:00 GMT")
    assert contract_value(result.published) == "2024-03-05"
    assert result.published_reason.startswith("given in metadata")
    fallback = article(text, published="sometime last spring")
    assert contract_value(fallback.published) == "2024-03-04", "unreadable metadata falls back to the stated date"
    assert "not a full calendar date" in fallback.published_reason


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Sept. 3, 2025", "2025-09-03"),
        ("3 September 2025", "2025-09-03"),
        ("2025-09-03T07:00:00+09:00", "2025-09-03"),
        ("2025/9/3", "2025-09-03"),
        ("13.04.2025", "2025-04-13"),
        ("04/05/2025", None),
        ("February 30, 2025", None),
        ("next Wednesday", None),
    ],
)
def test_parse_date(text: str, iso: str | None) -> None:
    assert parse_date(text, EN) == iso


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Die Regierung hat am Dienstag einen neuen Plan zur Senkung der Emissionen vorgestellt.", "de"),
        ("El gobierno anunció el martes un nuevo plan para reducir las emisiones de carbono.", "es"),
        ("Inihayag ng pamahalaan noong Martes ang isang bagong plano upang bawasan ang mga emisyon.", "tl"),
        ("Apart from Putin and Ki, the parade will be attended by Belarus President Aleksandr Lukashenko", "en"),
        ("MADRID - Javier Soto, interim chief of Pintor Telecom, told staff the company would stay", "en"),
    ],
)
def test_language_of_short_texts_full_of_foreign_names(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_non_english_article_is_skipped_with_the_language() -> None:
    french = (
        "Les pêcheurs ont bloqué le port lundi pour protester contre les nouveaux quotas de pêche, a indiqué "
        "la capitainerie. Le blocage a retenu quarante navires de commerce et deux ferries."
    )
    result = prepare_article(RawDocument(source="fr.txt", text=french), EN, CFG)
    assert isinstance(result, Skipped) and "'fr'" in result.reason
    assert detect_language(BODY) == "en"


def test_outlet_byline_and_date_from_a_metadata_row() -> None:
    row = "Markets Desk / LEDGERDAILY.COM / Updated: Aug 9, 2024, 09:30 IST"
    result = article(f"{row}\nRupee steadies after record low\n{BODY}")
    assert (result.outlet, result.byline, contract_value(result.published)) == ("LEDGERDAILY.COM", "Markets Desk", "2024-08-09")
    assert row not in result.text


def test_agency_opening_the_first_sentence_beats_the_syndicating_site_copyright() -> None:
    text = f"(Harbour Wire) — {BODY}\n© 2024 Portal Media Ltd. All rights reserved."
    assert article(text).outlet == "Harbour Wire"
    assert article(f"{BODY}\n© 2024 Portal Media Ltd. All rights reserved.").outlet == "Portal Media Ltd"


def test_newsletter_names_itself() -> None:
    text = f"{BODY}\nThanks for reading Coastal Notes! Subscribe for free to get new posts."
    result = article(text)
    assert result.outlet == "Coastal Notes"
    assert "Thanks for reading" not in result.text


@pytest.mark.parametrize(
    ("header", "title", "outlet"),
    [
        # masthead, date stamp, section label, headline
        ("Harbour Evening Gazette\nTuesday 3 March 2026 | 18:40\nFISHERIES\nFishermen block the port over new "
         "catch limits", "Fishermen block the port over new catch limits", "Harbour Evening Gazette"),
        # masthead and a "Section | Topic" row above the headline
        ("The Coastal Courier\nAnalysis | Fisheries\nWhy the new catch limits have angered the fleet",
         "Why the new catch limits have angered the fleet", "The Coastal Courier"),
        # a section name on top is not a masthead
        ("World News\nFishermen block the port over new catch limits",
         "Fishermen block the port over new catch limits", None),
    ],
)
def test_headline_under_a_masthead_and_section_labels(header: str, title: str, outlet: str | None) -> None:
    result = article(f"{header}\n{BODY}")
    assert result.title == title
    assert result.outlet == outlet
    assert result.dateline is None, "a section label above the headline is not a dateline"
    assert "Fishermen blocked the port on Monday" in result.text


def test_additional_reporting_credit_is_not_the_byline() -> None:
    result = article(f"{BODY}\nAdditional reporting by Harbour Wire Service.")
    assert result.byline is None
