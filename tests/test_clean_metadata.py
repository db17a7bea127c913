"""Article metadata on made-up articles: title, outlet, dateline, byline and publication date, from the
text or from metadata given with it; never invented."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsweave.clean.article import prepare_article
from newsweave.clean.dates import parse_date
from newsweave.clean.language import SAMPLE_CHARS, detect_language, reads_as
from newsweave.clean.urls import fits_site
from newsweave.dates import contract_value
from newsweave.lang import LANG_ROOT, Resources, for_language, load_resources
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


def test_each_metadata_field_says_how_it_was_found() -> None:
    credited = article(f"{BODY}\nThe Daily Harbour's Jan Kowalski contributed reporting to this story.")
    assert credited.found_by == {"outlet": "text-credit", "byline": "byline-line"}
    given = article(f"BRISBANE (Harbour Wire) - Fishermen blocked the port on Monday.\n{BODY}", title="Given title")
    assert given.found_by["title"] == "given"
    assert given.found_by["outlet"] == "text-credit" and given.found_by["dateline"] == "dateline"
    assert "byline" not in given.found_by, "a field without a value has no rule"


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
        ("2025.09.03", "2025-09-03"),
        ("03-Sep-2025", "2025-09-03"),
        ("05/05/2025", "2025-05-05"),
        ("2025-09/03", None),
        ("04/05/2025", None),
        ("February 30, 2025", None),
        ("next Wednesday", None),
    ],
)
def test_parse_date(text: str, iso: str | None) -> None:
    parsed = parse_date(text, EN)
    assert (parsed.isoformat() if parsed else None) == iso


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


FRENCH = (
    "Les pêcheurs ont bloqué le port lundi pour protester contre les nouveaux quotas de pêche, a indiqué la "
    "capitainerie. Le blocage a retenu quarante navires de commerce et deux ferries dans la rade jusqu'au soir, "
    "et les négociations avec le ministère reprendront jeudi, selon les syndicats de la région."
)


@pytest.mark.parametrize(
    ("text", "settled"),
    [
        (BODY, True),
        (FRENCH, False),
        ("Harbour blockade: fishermen, ferries, cargo ships, port authority, union leaders " * 3, False),
        (BODY.replace("\n", f"\n{FRENCH}\n", 1), False),
        (BODY.replace("\n", "\n漁民は月曜日に港を封鎖し、新しい漁獲枠に抗議した。\n", 1), False),
        ("Fishermen blocked the port with their boats.", False),
    ],
)
def test_first_look_settles_only_plain_english(text: str, settled: bool) -> None:
    """The first look says English only for enough English words all through the sample (no paragraph of
    French, no line of Japanese, not a list of nouns); whatever it leaves, lingua decides as before."""
    assert reads_as(text[:SAMPLE_CHARS], EN, CFG) is settled
    assert detect_language(text, EN, CFG) == detect_language(text)


def test_outlet_byline_and_date_from_a_metadata_row() -> None:
    row = "Markets Desk / LEDGERDAILY.COM / Updated: Aug 9, 2024, 09:30 IST"
    result = article(f"{row}\nRupee steadies after record low\n{BODY}")
    expected = ("LEDGERDAILY.COM", "Markets Desk", "2024-08-09")
    assert (result.outlet, result.byline, contract_value(result.published)) == expected
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


def toy_outlets(tmp_path: Path, hosts: dict[str, str]) -> Resources:
    """The bundled English resources with a made-up host table: the outlet is read from data."""
    folder = tmp_path / "en"
    shutil.copytree(LANG_ROOT / "en", folder)
    rows = "\n".join(f'"{host}" = "{name}"' for host, name in hosts.items())
    (folder / "outlets.toml").write_text(f"[tables.hosts]\n{rows}\n", encoding="utf-8")
    return load_resources(folder, "en")


def test_outlet_from_the_url_host_through_the_host_table(tmp_path: Path) -> None:
    res = toy_outlets(tmp_path, {"harbourwire.co.uk": "Harbour Wire", "live.harbourwire.co.uk": "Harbour Wire Live"})

    def outlet(url: str) -> str | None:
        result = prepare_article(RawDocument(source="x.html", text=BODY, url=url), res, CFG)
        assert isinstance(result, Article)
        return result.outlet

    assert outlet("https://www.harbourwire.co.uk/news/port-blockade") == "Harbour Wire"
    assert outlet("https://news.harbourwire.co.uk/port-blockade") == "Harbour Wire", "a subdomain of a known domain"
    assert outlet("https://live.harbourwire.co.uk/port") == "Harbour Wire Live", "the longest known host wins"
    assert outlet("https://www.valley-courier.com.au/port") == "valley-courier.com.au", "unknown: its domain"


def test_a_url_printed_alone_in_a_copy_names_the_outlet_and_the_date(tmp_path: Path) -> None:
    res = toy_outlets(tmp_path, {"harbourwire.co.uk": "Harbour Wire"})
    text = f"Fishermen block port\n{BODY}\nhttps://www.harbourwire.co.uk/2024/03/04/fishermen-block-port/"
    result = prepare_article(RawDocument(source="copy.txt", text=text), res, CFG)
    assert isinstance(result, Article)
    assert (result.outlet, contract_value(result.published)) == ("Harbour Wire", "2024-03-04")
    assert result.url and result.url.endswith("/fishermen-block-port/")
    assert "stated in the URL" in result.published_reason


@pytest.mark.parametrize(
    ("url", "published"),
    [
        ("https://news.example.org/2015/03/03/quake-strikes-coast", "2015-03-03"),
        ("https://example.org/world/20150303/quake-strikes-coast.html", "2015-03-03"),
        ("https://example.org/quake-strikes-coast-2015-03-03", "2015-03-03"),
        ("https://example.org/2015/03/quake-strikes-coast", "2015-03"),
        ("https://example.org/news/quake-strikes-coast?ts=1425340800", "2015-03-03"),
        ("https://example.org/1984/quake-strikes-coast", None),
    ],
)
def test_publication_date_from_the_url_path(url: str, published: str | None) -> None:
    assert contract_value(article(BODY, url=url).published) == published


@pytest.mark.parametrize(
    ("stamp", "published"),
    [
        ("UPDATE: March 5, 2015", "2015-03-05"),
        ("This article was published on March 3, 2015", "2015-03-03"),
        ("Last Modified: 2015-03-03T14:22:10+00:00", "2015-03-03"),
        ("NewsMarch 3, 2015", "2015-03-03"),
    ],
)
def test_more_ways_pages_print_their_date(stamp: str, published: str) -> None:
    result = article(f"{stamp}\nFishermen block port\n{BODY}")
    assert contract_value(result.published) == published
    assert stamp not in result.text


def test_a_publication_stamp_wins_over_an_update_and_a_dateline_date_is_read() -> None:
    both = article(f"Updated: March 9, 2015\nPublished: March 3, 2015\n{BODY}")
    assert contract_value(both.published) == "2015-03-03"
    opening = "VIGO, Spain, March 3, 2015 — Fishermen blocked the port on Monday."
    result = article(f"{opening}\n{BODY}")
    assert (contract_value(result.published), result.dateline) == ("2015-03-03", "VIGO, Spain")


def test_a_page_header_printed_years_later_does_not_beat_the_articles_own_date() -> None:
    events = f"{BODY}\nThe 2015 quotas were the lowest since the port opened."
    printed = article(f"12 November 2019\nFishermen block port\n{events}", url="https://example.org/2015/03/03/port")
    assert contract_value(printed.published) == "2015-03-03", "the URL's date is the article's, the bare date is chrome"
    assert "4 years apart" in printed.published_reason
    two_stamps = article(f"Published: 12 November 2019\nFishermen block port\n{events}\nPosted March 3, 2015")
    assert contract_value(two_stamps.published) == "2015-03-03", "the date the article's own events agree with"
    assert "mentions 2015" in two_stamps.published_reason


def test_a_dateline_word_in_brackets_is_never_the_outlet() -> None:
    for opening in ("WASHINGTON (Updated) - Fishermen blocked the port on Monday.",
                    "(BOULDER, Colo.) -- Fishermen blocked the port on Monday.",
                    "SEOUL (2ND LD) - Fishermen blocked the port on Monday."):
        assert article(f"{opening}\n{BODY}").outlet is None, opening
    assert article(f"(Harbour Wire) — Fishermen blocked the port on Monday.\n{BODY}").outlet == "Harbour Wire"
    credited = article(f"Vigo, March 3 (Harbour Wire) - Fishermen blocked the port on Monday.\n{BODY}")
    assert (credited.outlet, credited.dateline) == ("Harbour Wire", "Vigo"), "a title-case place with its agency"
    assert article(f"Police said - Fishermen blocked the port on Monday.\n{BODY}").dateline is None


@pytest.mark.parametrize(
    ("line", "outlet"),
    [
        ("By JANE DOE, Harbour Wire Writer", "Harbour Wire"),
        ("By Jane Doe Valley Chronicle", "Valley Chronicle"),
        ("By Jane Doe and Tom Roe, Valley Daily News", "Valley Daily News"),
        ("By Jane Doe, Harbour Wire", "Harbour Wire"),
        ("By Jane Doe, Staff Writer", None),
    ],
)
def test_outlet_from_the_byline(line: str, outlet: str | None) -> None:
    result = article(f"Fishermen block port\n{line}\n{BODY}")
    assert result.outlet == outlet
    assert result.byline in ("Jane Doe", "JANE DOE", "Jane Doe and Tom Roe"), "the outlet is not part of the byline"


def test_a_known_outlet_after_the_bylines_comma(tmp_path: Path) -> None:
    res = toy_outlets(tmp_path, {"hw.example": "HWN"})
    text = f"Port blockade spreads\nBy Jane Doe, HWN\n{BODY}"
    result = prepare_article(RawDocument(source="x.txt", text=text), res, CFG)
    assert isinstance(result, Article)
    assert (result.byline, result.outlet) == ("Jane Doe", "HWN")
    assert article(f"Port blockade spreads\nBy Jane Doe, Tom Roe\n{BODY}").byline == "Jane Doe, Tom Roe"


def test_a_copyright_line_with_a_lower_case_article() -> None:
    assert article(f"{BODY}\n©2019 the Valley Chronicle").outlet == "Valley Chronicle"


@pytest.mark.parametrize("chrome", ["published 9 years ago", "Jane Doe published 9 years ago", "3 hours ago",
                                    "Jane Doe | Updated 2 months ago"])
def test_time_since_publication_is_page_chrome(chrome: str) -> None:
    result = article(f"Fishermen block port\n{chrome}\n{BODY}")
    assert "ago" not in result.text
    assert any(removal.rule == "date-stamp" and "ago" in removal.text for removal in result.removed)


def test_a_sentence_about_a_study_published_years_ago_stays() -> None:
    sentence = "A study published 9 years ago found that the stocks were already falling, the union said."
    assert sentence in article(f"{BODY}\n{sentence}").text


@pytest.mark.parametrize(
    ("first_line", "title", "outlet"),
    [
        ("Fishermen block port | Harbour Daily News", "Fishermen block port", "Harbour Daily News"),
        ("Fishermen block port - Valley Chronicle", "Fishermen block port", "Valley Chronicle"),
        ("Fishermen block port - HarbourNews.com", "Fishermen block port", "HarbourNews.com"),
        ("Fishermen block port - what happens next", "Fishermen block port - what happens next", None),
        ("Quotas - The Interview", "Quotas - The Interview", None),
    ],
)
def test_a_page_title_copied_with_the_headline_names_the_outlet(first_line: str, title: str, outlet: str) -> None:
    result = article(f"{first_line}\n{BODY}")
    assert (result.title, result.outlet) == (title, outlet)


# --------------------------------------------------------------------------- plain text of real coverage


def test_a_date_followed_by_its_section_is_the_publication_date() -> None:
    result = article(f"March 9, 2019 in Region/Nation\nFishermen block port\nDivers and boats wait\n{BODY}")
    assert contract_value(result.published) == "2019-03-09"
    assert result.title == "Fishermen block port", "the date line is not the headline"


def test_a_byline_without_by_names_the_people_then_the_outlet() -> None:
    text = f"Fishermen block port\nQuotas anger the fleet\nJana K. Farrow And Tomas Lindqvist Harbour Times\n{BODY}"
    result = article(text)
    assert (result.byline, result.outlet) == ("Jana K. Farrow And Tomas Lindqvist", "Harbour Times")
    deck = article(f"Fishermen block port\nSkippers Say Talks And Quotas Must Wait\n{BODY}")
    assert (deck.byline, deck.outlet) == (None, None), "a title-case deck is no byline"


@pytest.mark.parametrize(
    ("opening", "outlet"),
    [
        ("VIGO (HarbourLocal/Harbour News) -- Fishermen blocked the port on Monday.", "Harbour News"),
        ("Vale do Sol (HWN)Fishermen blocked the port on Monday.", "HWN"),
        ("(HWN)Fishermen blocked the port on Monday.", "HWN"),
    ],
)
def test_an_agency_in_the_opening_with_its_network_or_glued_to_the_sentence(opening: str, outlet: str) -> None:
    assert article(f"{opening}\n{BODY}").outlet == outlet


def test_a_source_credit_inside_the_article_is_a_video_credit_and_at_the_end_names_the_report() -> None:
    video = "Skippers watch the blockade from the quay.\nSource: Valley Television"
    paragraphs = BODY.split("\n")
    under_headline = f"Fishermen block port\nHarbour Wire\n{paragraphs[0]}\n{video}\n" + "\n".join(paragraphs[1:])
    assert article(under_headline).outlet == "Harbour Wire"
    no_other = f"Fishermen block port\n{paragraphs[0]}\n{video}\n" + "\n".join(paragraphs[1:])
    assert article(no_other).outlet is None
    assert article(f"Fishermen block port\n{BODY}\nSource: Lakeside Post").outlet == "Lakeside Post"


@pytest.mark.parametrize(("last", "outlet"), [("-AFP/rk", "AFP"), ("AFP", "AFP"), ("— Harbour Wire", "Harbour Wire")])
def test_the_outlet_signing_off_on_the_last_line(last: str, outlet: str) -> None:
    result = article(f"Fishermen block port\n{BODY}\n{last}")
    assert result.outlet == outlet
    assert last not in result.text


def test_a_short_last_sentence_or_an_authors_name_is_no_sign_off() -> None:
    assert article(f"Fishermen block port\n{BODY}\n— Jane Doe").outlet is None
    assert article(f"Fishermen block port\n{BODY}\nTalks resume.").outlet is None


@pytest.mark.parametrize(
    ("stamp", "published"),
    [
        ("Posted: 14 November 2012 1007 hrs", "2012-11-14"),
        ("Updated 0708 GMT (1508 HKT) March 14, 2016", "2016-03-14"),
        ("Posted on May 2, 2016, at 6:34 a.m. ET", "2016-05-02"),
        ("Updated 10:12 AM ET, Tue April 3, 2018", "2018-04-03"),
        ("UPDATED: FRIDAY, MAY 3, 2013, 9:56 AM", "2013-05-03"),
    ],
)
def test_stamps_with_clock_times_as_pages_print_them(stamp: str, published: str) -> None:
    result = article(f"Fishermen block port\n{stamp}\n{BODY}")
    assert contract_value(result.published) == published
    assert stamp not in result.text


def test_a_date_stamp_signed_by_its_outlet() -> None:
    result = article(f"Fishermen block port\nJune 2,2012 00:00 by Meridian Press\n{BODY}")
    assert (contract_value(result.published), result.outlet) == ("2012-06-02", "Meridian Press")


def test_a_crawl_date_years_later_loses_to_the_articles_own_date_even_when_no_year_is_mentioned() -> None:
    text = f"Sunday, January 16, 2022\nLogo Isthmus Link\nFishermen block port\nWednesday, September 20, 2017\n{BODY}"
    result = article(text)
    assert contract_value(result.published) == "2017-09-20"
    assert "5 years apart" in result.published_reason and "never before" in result.published_reason


@pytest.mark.parametrize(
    ("line", "byline", "outlet"),
    [
        ("By Harbour Wire, Lena Fox - Digital journalist", "Lena Fox", "Harbour Wire"),
        ("By Lin Ho, for Meridian News", "Lin Ho", "Meridian News"),
        ("By Ana Reis, Paul Kent and Mira Osei, HWN", "Ana Reis, Paul Kent and Mira Osei", "HWN"),
        ("By ANA REIS and PAUL KENT Harbour Press", "ANA REIS and PAUL KENT", "Harbour Press"),
        ("By Reuters", None, "Reuters"),
    ],
)
def test_bylines_naming_the_outlet_in_either_order(line: str, byline: str | None, outlet: str) -> None:
    result = article(f"Fishermen block port\n{line}\n{BODY}")
    assert (result.byline, result.outlet) == (byline, outlet)


def test_a_name_above_a_special_for_credit_and_a_caption_date_that_is_not_the_publication_date() -> None:
    caption = "Skippers on the quay in Vigo, on Oct. 12, 2017."
    result = article(f"Fishermen block port\nDana Whitlock\nSpecial for VALLEY TODAY\n{caption}\n{BODY}")
    assert (result.byline, result.outlet, result.published) == ("Dana Whitlock", "VALLEY TODAY", None)


def test_a_date_glued_to_a_byline_in_capitals() -> None:
    result = article(f"Fishermen block port\nBy MARTA OLSENMARCH 6, 2016\n{BODY}")
    assert (result.byline, contract_value(result.published)) == ("MARTA OLSEN", "2016-03-06")


def test_a_dateline_line_with_the_agency_that_filed_it() -> None:
    result = article(f"Fishermen block port\nPORTO NOVO, Corvania - Gulf Press Agency\n{BODY}")
    assert (result.dateline, result.outlet) == ("PORTO NOVO, Corvania", "Gulf Press Agency")


def test_a_copyright_by_its_owner_and_archive_notices_go() -> None:
    notice = (
        "Estimated read time: Less than a minute\nThis archived news story is available only for your personal, "
        "non-commercial use. Information in the story may be outdated."
    )
    result = article(f"{notice}\nFishermen block port\n{BODY}\nCopyright © 2009, by Continental Press. All Rights Reserved.")
    assert result.outlet == "Continental Press"
    assert result.title == "Fishermen block port"
    assert "archived" not in result.text and "read time" not in result.text


@pytest.mark.parametrize(
    ("header", "outlet", "published"),
    [
        ("Fishermen block port\nShare\nFrom Harbour Wire", "Harbour Wire", None),
        ("Fishermen block port\nFrom Our Correspondent", None, None),
        ("This story is from May 17, 2013\nFishermen block port", None, "2013-05-17"),
        ("Fishermen block port\nBy-HWN\nTuesday ,19 April 2011", "HWN", "2011-04-19"),
        ("Fishermen block port\nharbourwire.com\nSunday, October 13, 2013, 10:13 AM -", "harbourwire.com", "2013-10-13"),
    ],
)
def test_more_header_lines_naming_the_outlet_or_the_date(header: str, outlet: str | None, published: str | None) -> None:
    result = article(f"{header}\n{BODY}")
    assert (result.outlet, contract_value(result.published)) == (outlet, published)


def test_an_old_wire_dateline_with_an_underscore() -> None:
    result = article(f"Fishermen block port\nVIGO, Spain (Harbour Wire) _ Fishermen blocked the port on Monday.\n{BODY}")
    assert (result.dateline, result.outlet) == ("VIGO, Spain", "Harbour Wire")


def test_a_row_of_two_bare_dates_is_an_events_run_not_a_stamp_and_news_agencies_name_no_outlet() -> None:
    run = "29 November 2026 | 20 January 2027"
    result = article(f"Harbour light festival opens\n{run}\n{BODY}\nSource: News agencies")
    assert (result.published, result.outlet) == (None, None)
    assert not any(removal.rule == "date-stamp" for removal in result.removed)
    assert article(f"Fishermen block port\n{BODY}\nSource: Harbour Wire and news agencies").outlet == "Harbour Wire"


def test_a_headline_broken_over_two_lines_is_no_masthead() -> None:
    result = article(f"Harbour District Gang Member\nCharged with blocking the port\n{BODY}")
    assert result.outlet is None


def test_a_teaser_heading_for_more_of_the_outlets_stories_and_a_date_after_a_slash() -> None:
    paragraphs = BODY.split("\n")
    text = f"Fishermen block port\n/ 10 October 2024\n{paragraphs[0]}\nMORE FROM HARBOUR NEWS\n" + "\n".join(paragraphs[1:])
    result = article(text)
    assert (result.outlet, contract_value(result.published)) == ("HARBOUR NEWS", "2024-10-10")


@pytest.mark.parametrize(
    ("stamp", "outlet"),
    [("Harbour Wire, October 27, 2015", "Harbour Wire"), ("Harbour Wire) 14:06, October 27, 2015", "Harbour Wire"),
     ("Vigo, October 27, 2015", None)],
)
def test_a_stamp_led_by_the_outlets_name_but_not_by_a_place(stamp: str, outlet: str | None) -> None:
    result = article(f"Fishermen block port\n{stamp}\n{BODY}")
    assert (result.outlet, contract_value(result.published)) == (outlet, "2015-10-27")


@pytest.mark.parametrize(
    ("header", "byline", "outlet", "published"),
    [
        ("By Jane Doe For Harbour Online and Harbour Wire", "Jane Doe", "Harbour Online", None),
        ("By Harbour Wire Staff", None, "Harbour Wire", None),
        ("By Jane Doe and Tom Roe September 20, 2017", "Jane Doe and Tom Roe", None, "2017-09-20"),
        ("Wednesday 20 September 2017 08:05, UK", None, None, "2017-09-20"),
        ("Harbour Wire | Posted: Sep 20, 2017 8:23 AM", None, "Harbour Wire", "2017-09-20"),
        ("Sept. 20, 2017 / 7:45 AM EDT / Updated Sept. 21, 2017 / 2:31 PM EDT", None, None, "2017-09-20"),
    ],
)
def test_bylines_and_stamp_rows_of_large_news_sites(header: str, byline: str | None, outlet: str | None,
                                                    published: str | None) -> None:
    result = article(f"Fishermen block port\n{header}\n{BODY}")
    assert (result.byline, result.outlet, contract_value(result.published)) == (byline, outlet, published)


@pytest.mark.parametrize(
    ("opening", "outlet", "dateline", "published"),
    [
        ("PORT ANVIL, S.C.--(HARBOUR WIRE)--\nLakeshore Lending will hold its quarterly call on Thursday.",
         "HARBOUR WIRE", "PORT ANVIL, S.C.", None),
        ("PORT ANVIL, S.C.--(HARBOUR WIRE)--Lakeshore Lending will hold its quarterly call on Thursday.",
         "HARBOUR WIRE", "PORT ANVIL, S.C.", None),
        ("CLINTON, N.J., April 28, 2022 (HARBOUR NEWSWIRE) -- Unity Holdings said its vice chairman retired.",
         "HARBOUR NEWSWIRE", "CLINTON, N.J.", "2022-04-28"),
        ("ATLANTA, Aug. 7, 2025 /HarbourNewswire/ -- The Garden Depot said it refiled its merger notice.",
         "HarbourNewswire", "ATLANTA", "2025-08-07"),
    ],
)
def test_a_press_release_dateline_names_the_wire_that_distributes_it(
    opening: str, outlet: str, dateline: str, published: str | None
) -> None:
    result = article(f"Lender announces quarterly call\n{opening}\n{BODY}")
    assert (result.outlet, result.dateline, contract_value(result.published)) == (outlet, dateline, published)


@pytest.mark.parametrize(("closing", "outlet"), [(" (HNA)", "HNA"), (" (Harbour Wire)", "Harbour Wire"),
                                                 (" (END)", None), (" (UPDATE)", None)])
def test_an_agency_in_brackets_closing_the_last_paragraph_signs_it_off(closing: str, outlet: str | None) -> None:
    result = article(f"Fishermen block port\n{BODY}{closing}")
    assert result.outlet == outlet
    assert result.text.endswith("union leaders said.") == (outlet is not None)


def test_an_acronym_leading_a_metadata_row_is_the_agency_and_a_date_after_it_is_read() -> None:
    row = "HNA | Port Anvil | Updated: 17-08-2020 21:59 IST | Created: 17-08-2020 21:59 IST"
    result = article(f"Fishermen block port\n{row}\n{BODY}")
    assert (result.outlet, contract_value(result.published)) == ("HNA", "2020-08-17")
    assert article(f"Fishermen block port\nPort Anvil | Updated: 17-08-2020 21:59 IST\n{BODY}").outlet is None


@pytest.mark.parametrize(
    ("header", "title", "byline", "outlet", "published"),
    [
        ("Fishermen block port : The Valley Tribune", "Fishermen block port", None, "The Valley Tribune", None),
        ("Live: Fishermen block port - Harbour News (Harbour Broadcasting Corporation)\nUpdated April 10, 2013",
         "Live: Fishermen block port", None, "Harbour News", "2013-04-10"),
        ("Fishermen block port\nBy Pia Broadhurst2022-11-29T11:37:00", "Fishermen block port", "Pia Broadhurst",
         None, "2022-11-29"),
        (" date 2018-09-05 × Fishermen block port", "Fishermen block port", None, None, "2018-09-05"),
        ("Topics\nFishermen block port\n  • BY Ken Easton |\n  • June 04, 2009", "Fishermen block port",
         "Ken Easton", None, "2009-06-04"),
        (("LAKEVIEW TODAY International Edition\nFishermen block the port for a second day\nCatch limits anger"
         "\n- Erin J. Lyle and Sam Sollis"), "Fishermen block the port for a second day",
         "Erin J. Lyle and Sam Sollis", None, None),
    ],
)
def test_headers_of_broadcasters_aggregators_and_print_editions(
    header: str, title: str, byline: str | None, outlet: str | None, published: str | None
) -> None:
    result = article(f"{header}\n{BODY}")
    assert (result.title, result.byline, result.outlet, contract_value(result.published)) == (
        title, byline, outlet, published)


def test_the_sources_a_rewrite_is_based_on_are_neither_its_outlet_nor_its_byline() -> None:
    result = article(f"Fishermen block port\n{BODY}\nBased on reporting by Harbour Wire, Nordpress, and Meridian News")
    assert (result.outlet, result.byline) == (None, None)
    assert "Based on reporting" not in result.text


@pytest.mark.parametrize(
    ("name", "site", "fits"),
    [
        ("Lakeview Daily Tribune", "lakeviewtribune", True),
        ("New Harbour Daily News", "nhdailynews", True),
        ("Fox 9 News", "fox9news", True),
        ("HarbourWire", "harbour-wire", True),
        ("Harbour Wire Agency", "hwa", False),
        ("Lakeview Daily Tribune Staff", "lakeviewtribune", False),
        ("Staff Writer", "lakeviewtribune", False),
    ],
)
def test_a_name_fits_the_site_it_is_published_on(name: str, site: str, fits: bool) -> None:
    assert fits_site(name, site) is fits


def test_an_unknown_sites_own_name_printed_on_its_page_names_the_outlet_before_a_wire_credit() -> None:
    text = f"Fishermen block port\nStaff Writer\nLakeview Daily Tribune\nVIGO (Harbour Wire) - {BODY}"
    assert article(text, url="https://www.lakeviewtribune.com/news/port").outlet == "Lakeview Daily Tribune"
    assert article(text, url="https://www.valley-courier.com/news/port").outlet == "Harbour Wire"


def test_a_given_outlet_without_the_section_a_feeds_title_adds() -> None:
    url = "https://lakesidepost.example/2015/03/03/port"
    assert article(BODY, outlet="Lakeside Post - World News", url=url).outlet == "Lakeside Post"
    assert article(BODY, outlet="World | Lakeside Post", url=url).outlet == "Lakeside Post"
    assert article(BODY, outlet="Harbour Desk: Top Stories").outlet == "Harbour Desk: Top Stories"


def test_an_ambiguous_numeric_publication_date_is_read_the_way_the_articles_own_dates_agree() -> None:
    caption = "A woman struggles with her umbrella on the quay. Picture date: Wednesday February 12, 2014."
    header = "Sunday 21 September 2014\nFishermen block port\nPublished 12/02/2014 | 18:03"
    result = article(f"{header}\n{caption}\n{BODY}")
    assert contract_value(result.published) == "2014-02-12"
    assert "Published 12/02/2014" in result.published_reason
    unresolved = article(f"{header}\n{BODY}")
    assert contract_value(unresolved.published) == "2014-09-21", "no evidence: the ambiguous date is not guessed"


@pytest.mark.parametrize(
    ("header", "title", "published"),
    [
        (" date 2019-03-08 Search\nFishermen block the port again\nPUBLISHED: 21:45 20 May 2019 | UPDATED: 21:45 20 May 2019",
         "Fishermen block the port again", "2019-05-20"),
        ("Date: 20 May 2019\nFishermen block the port again\nUpdated 21 May 2019", "Fishermen block the port again",
         "2019-05-20"),
        (" date 2019-09-24 Menu\nBREAKING: Fishermen block the port\n24th Sep 2019 9:11 AM",
         "BREAKING: Fishermen block the port", "2019-09-24"),
    ],
)
def test_a_bare_date_heading_a_saved_copy_loses_to_a_published_stamp(header: str, title: str, published: str) -> None:
    result = article(f"{header}\n{BODY}")
    assert (result.title, contract_value(result.published)) == (title, published)


@pytest.mark.parametrize(
    ("stamp", "published"),
    [
        ("Issued on: 03/03/2015 - 10:30", "2015-03-03"),
        ("10:30 GMT 03.03.2015", "2015-03-03"),
        ("Release Date: March 3, 2015", "2015-03-03"),
        ("Updated / Tuesday, 3 Mar 2015 10:30", "2015-03-03"),
        ("3 March 2015 Last updated at 10:30 GMT", "2015-03-03"),
        ("Jane Doe, Harbour Times Published 10:30 a.m. ET March 3, 2015", "2015-03-03"),
        ("Posted on 03/03/2015 by Jane Doe", "2015-03-03"),
        ("Posted on 03/04/2015 by Jane Doe", None),
    ],
)
def test_stamps_of_wire_sites_broadcasters_and_press_offices(stamp: str, published: str | None) -> None:
    result = article(f"Fishermen block the port again\n{stamp}\n{BODY}")
    assert contract_value(result.published) == published
    assert stamp not in result.text


@pytest.mark.parametrize(
    ("header", "outlet", "byline"),
    [
        ("Jane Doe, Harbour Wire\nMarch 3, 2015, 10:30 AM", "Harbour Wire", "Jane Doe"),
        ("Source: Harbour Wire| 2015-03-03 10:30:00|Editor: hw", "Harbour Wire", None),
        ("HWN | Updated: Mar 3, 2015, 10.30 AM IST", "HWN", None),
        ("XINHUA\nMar 3, 2015", "XINHUA", None),
        ("MIAMI\nMar 3, 2015", None, None),
        ("AFP\nPublished: 03 Mar 2015 10:30 AM", "AFP", None),
        ("VIGO\nMar 3, 2015", None, None),
    ],
)
def test_the_agency_or_reporter_printed_with_the_stamp(header: str, outlet: str | None, byline: str | None) -> None:
    result = article(f"Fishermen block the port again\n{header}\n{BODY}")
    assert (result.outlet, result.byline, contract_value(result.published)) == (outlet, byline, "2015-03-03")


@pytest.mark.parametrize(
    ("tail", "outlet", "byline"),
    [
        ("___\nHarbour Wire writer Jane Doe in Vigo contributed to this report.", "Harbour Wire", "Jane Doe"),
        ("Jane Doe is a reporter for the Harbour Times.", "Harbour Times", None),
        ("This article originally appeared on Harbour Times: Fishermen block port", "Harbour Times", None),
        ("© Harbour Times 2015", "Harbour Times", None),
    ],
)
def test_the_outlet_a_closing_credit_or_note_names(tail: str, outlet: str, byline: str | None) -> None:
    result = article(f"Fishermen block the port again\n{BODY}\n{tail}")
    assert (result.outlet, result.byline) == (outlet, byline)
    assert tail.split("\n")[-1] not in result.text


def test_a_reporters_note_inside_the_article_is_the_articles_own() -> None:
    note = "Jane Doe is a reporter for the Harbour Times."
    paragraphs = BODY.split("\n")
    result = article("\n".join(["Reporter detained at the port", note, *paragraphs]))
    assert note in result.text and result.outlet is None


@pytest.mark.parametrize("label", ["URL: ", "Source: ", "Originally published at ", "Link: ", ""])
@pytest.mark.parametrize("where", ["top", "end"])
def test_the_articles_own_address_labelled_on_a_line_of_the_copy(label: str, where: str) -> None:
    line = f"{label}<https://www.harbourwire.example/news/2015/03/03/fishermen-block-port>"
    body = f"Fishermen block the port again\n{BODY}"
    result = article(f"{line}\n{body}" if where == "top" else f"{body}\n{line}")
    assert (result.outlet, contract_value(result.published)) == ("harbourwire.example", "2015-03-03")
    assert "stated in the URL" in result.published_reason


def test_a_read_more_link_is_another_articles_address() -> None:
    result = article(f"Fishermen block the port again\n{BODY}\nRead more: https://www.harbourwire.example/2015/03/01/x")
    assert (result.url, result.published) == (None, None)


@pytest.mark.parametrize(
    ("brackets", "outlet"),
    [("(Corrected)", None), ("(Adds quotes, new toll)", None), ("(Updates with new toll)", None),
     ("(Refiled)", None), ("(Developing)", None), ("(Sports Network)", "Sports Network"), ("(HW)", "HW")],
)
def test_a_wires_revision_slug_in_the_datelines_brackets_names_no_agency(brackets: str, outlet: str | None) -> None:
    result = article(f"Fishermen block port\nVIGO {brackets} - {BODY}")
    assert (result.outlet, result.dateline) == (outlet, "VIGO")


@pytest.mark.parametrize(
    "stamp",
    ["2015.03.03 10:30", "Updated: 03-Mar-2015 10:30 IST", "Mar 3, 2015 — 10:30 a.m.", "Posted at 10:30h, 03 March 2015"],
)
def test_dotted_hyphenated_and_dashed_stamps(stamp: str) -> None:
    result = article(f"Fishermen block the port again\n{stamp}\n{BODY}")
    assert contract_value(result.published) == "2015-03-03"
    assert stamp not in result.text


@pytest.mark.parametrize(
    ("header", "today", "published"),
    [
        (" date 2018-08-28", "today (Saturday, December 8)", "2018-12-08"),
        ("The quay was rebuilt in 2017.", "tonight (Fri., Nov. 23)", "2018-11-23"),
        (" date 2018-08-28", "today (Monday, December 8)", "2018-08-28"),
        (" date 2018-08-28", "yesterday (Friday, December 7)", "2018-12-08"),
        ("", "today (Saturday, December 8)", None),
    ],
)
def test_the_text_naming_its_own_day_is_dated_by_its_weekday(header: str, today: str, published: str | None) -> None:
    paragraphs = BODY.split("\n")
    text = "\n".join([header, "Fishermen block the port again", paragraphs[0],
                      f"Crews were called to the quay at just after 12.15am {today}.", *paragraphs[1:]])
    assert contract_value(article(text).published) == published


def test_dates_years_apart_are_settled_by_the_weekdays_the_article_gives_its_events() -> None:
    events = ("Fishermen blocked the port on Tuesday, March 3, in protest at new catch limits, citing a 2021 report.\n"
              "The blockade held up 40 cargo ships, according to the port authority.\n"
              "Talks with the fisheries ministry are due to resume on Thursday (March 5), union leaders said.")
    result = article(f"Published: November 12, 2021\nFishermen block port\nMarch 3, 2015\n{events}")
    assert contract_value(result.published) == "2015-03-03"
    assert "6 years apart" in result.published_reason and "weekdays" in result.published_reason
    without = article(f"Published: November 12, 2021\nFishermen block port\nMarch 3, 2015\n{events.replace('Tuesday, ', '').replace('Thursday (March 5)', 'Thursday')}")
    assert contract_value(without.published) == "2021-11-12", "without weekdays, the year the text mentions"


def test_a_date_alone_after_the_agency_dateline_is_its_date() -> None:
    result = article(f"Ferry capsizes in river\nPORT ELLEN, Corvania (Harbour Wire) - May 28, 2013\n{BODY}")
    assert (result.outlet, result.dateline, contract_value(result.published)) == (
        "Harbour Wire", "PORT ELLEN, Corvania", "2013-05-28")
