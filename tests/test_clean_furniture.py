"""Furniture removal on made-up pages (wording unlike the bundled example) and on the example's gold.

Each made-up page mixes furniture with article sentences placed right next to it, plus traps: sentences
that use furniture words ("advertisement revenue", "By Tuesday", "home secretary") and must survive.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsweave.clean.article import prepare_article
from newsweave.clean.furniture import Cleaned, clean_text
from newsweave.lang import for_language
from newsweave.models import Article, RawDocument, Skipped
from newsweave.settings import CleaningSettings

from .conftest import EXAMPLE, ROOT

GOLD = ROOT / "eval" / "seeds" / "cleaning.json"
EN = for_language("en")
CFG = CleaningSettings()


def clean(text: str) -> Cleaned:
    return clean_text(text, EN, CFG)


def prepare(raw: RawDocument) -> Article | Skipped:
    return prepare_article(raw, EN, CFG)


def rules(cleaned: Cleaned) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for removal in cleaned.removed:
        found.setdefault(removal.rule, []).append(removal.text)
    return found


def assert_kept(cleaned: Cleaned, *sentences: str) -> None:
    for sentence in sentences:
        assert sentence in cleaned.text, f"article sentence lost: {sentence!r}\n--- cleaned:\n{cleaned.text}"


def assert_gone(cleaned: Cleaned, *snippets: str) -> None:
    for snippet in snippets:
        assert snippet not in cleaned.text, f"furniture kept: {snippet!r}\n--- cleaned:\n{cleaned.text}"


LEDE = "LYON, France — Firefighters fought a blaze at a riverside warehouse for nine hours on Tuesday."
SECOND = "The fire started in a storage room shortly after midnight, the regional fire service said."
THIRD = "No one was injured, but 40 residents of nearby flats spent the night in a school gym."

TOGGLED_CAPTION = f"""Warehouse fire on the Rhone forces dozens from their homes

Smoke rises above a burning warehouse near the Rhone in Lyon, France, on Tuesday.

Smoke rises above a warehouse near the Rhone in Lyon, France, on Tuesday. Jean Moreau/AFP via Getty Images hide caption

toggle caption

Jean Moreau/AFP via Getty Images

{LEDE}

{SECOND}

Advertisement

{THIRD}
"""


def test_caption_printed_twice_with_toggles_and_credits_goes_and_neighbours_stay() -> None:
    cleaned = clean(TOGGLED_CAPTION)
    assert_gone(cleaned, "Smoke rises above", "Jean Moreau/AFP", "hide caption", "toggle caption", "Advertisement")
    assert_kept(cleaned, LEDE, SECOND, THIRD)
    found = rules(cleaned)
    assert {"caption", "repeated-caption", "ad-marker", "headline"} <= set(found)
    assert found["headline"] == ["Warehouse fire on the Rhone forces dozens from their homes"]
    assert cleaned.text.startswith("LYON, France —"), "the dateline stays in the text"


def test_captions_are_kept_aside_without_toggles_credits_or_the_printed_twice_copy() -> None:
    cleaned = clean(TOGGLED_CAPTION)
    assert cleaned.captions == ["Smoke rises above a warehouse near the Rhone in Lyon, France, on Tuesday."]


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("Image caption, Waves broke over the harbour wall at Newlyn on Friday",
         "Waves broke over the harbour wall at Newlyn on Friday"),
        ("Miners walk out of the pit at Escondida on 9 May. Photograph: Ivan Alvarado/Reuters",
         "Miners walk out of the pit at Escondida on 9 May."),
        ("FILE - Ships queue outside the port of Santos on March 3, 2023. (AP Photo/Andre Penner)",
         "FILE - Ships queue outside the port of Santos on March 3, 2023."),
    ],
)
def test_labelled_and_credited_captions_keep_what_they_say(line: str, said: str) -> None:
    cleaned = clean(f"{LEDE}\n{line}\n{SECOND}\n{THIRD}")
    assert_gone(cleaned, said)
    assert cleaned.captions == [said]


def test_a_page_without_captions_keeps_none_aside() -> None:
    assert clean(f"{LEDE}\n{SECOND}\nAdvertisement\n{THIRD}").captions == []


def test_caption_glued_into_the_opening_paragraph() -> None:
    text = (
        "Crews pump water from a flooded street in Porto Alegre on Sunday. Ana Lima/Reuters hide caption "
        "toggle caption Ana Lima/Reuters PORTO ALEGRE, Brazil — Heavy rain flooded the city centre on Sunday, "
        "cutting power to 200,000 homes.\n"
        "The mayor declared an emergency and asked the army for boats, her office said in a statement."
    )
    cleaned = clean(text)
    assert_gone(cleaned, "Crews pump water", "Ana Lima/Reuters", "caption")
    assert_kept(cleaned, "PORTO ALEGRE, Brazil — Heavy rain flooded the city centre on Sunday, cutting power")


def test_short_caption_above_a_photo_credit_line() -> None:
    text = (
        "Harbour cranes stand idle during the dockers' strike in Antwerp, union leaders said on Friday.\n"
        "Idle cranes at dawn\n"
        "Image: Pieter Claes\n"
        "The strike has held up 300 container ships, according to the port authority's latest figures.\n"
        "Tug crews joined the walkout on Saturday\n"
        "Photo credit: Belga\n"
        "Talks with the employers' federation are due to resume on Monday in Brussels, officials said."
    )
    cleaned = clean(text)
    assert_gone(cleaned, "Idle cranes at dawn", "Image: Pieter Claes", "Tug crews joined", "Photo credit")
    assert_kept(
        cleaned,
        "The strike has held up 300 container ships, according to the port authority's latest figures.",
        "Talks with the employers' federation are due to resume on Monday in Brussels, officials said.",
    )
    assert set(rules(cleaned)) >= {"caption", "photo-credit"}


def test_social_post_glued_into_a_paragraph_keeps_the_sentences_around_it() -> None:
    text = (
        "The council approved the new tram line by 31 votes to 9 on Wednesday. The mayor called it a turning "
        "point for the city.Finally! Twenty years of waiting are over pic.twitter.com/Zx81Qa— Lena Park "
        "(@lenapark_city) March 6, 2024 Construction is due to start next spring and take four years."
    )
    cleaned = clean(text)
    assert_gone(cleaned, "Finally!", "Twenty years of waiting", "pic.twitter.com", "@lenapark_city", "March 6, 2024")
    assert_kept(
        cleaned,
        "The council approved the new tram line by 31 votes to 9 on Wednesday.",
        "The mayor called it a turning point for the city.",
        "Construction is due to start next spring and take four years.",
    )
    assert "social-post" in rules(cleaned)


def test_quote_post_takes_the_quotation_it_opens_with() -> None:
    text = (
        "Ticket prices rose by a third this year, the operator confirmed. \"Rail travel is now a luxury for "
        "families\"Couldn't agree more, just paid 90 euros https://t.co/Qp3kLm— Tom Ruiz (@tomruiz) "
        "April 2, 2024 The operator blamed higher energy costs for the increase."
    )
    cleaned = clean(text)
    assert_gone(cleaned, "Rail travel is now a luxury", "Couldn't agree more", "@tomruiz")
    assert_kept(
        cleaned,
        "Ticket prices rose by a third this year, the operator confirmed.",
        "The operator blamed higher energy costs for the increase.",
    )


def test_social_post_on_lines_of_its_own() -> None:
    text = (
        "Thousands marched through the capital on Saturday to demand cleaner air, police said.\n"
        "What a crowd today, the city is finally listening https://t.co/aB12cD\n"
        "— Green Streets (@greenstreets) May 4, 2024\n"
        "Organisers said 20,000 people took part, while police put the figure at 12,000."
    )
    cleaned = clean(text)
    assert_gone(cleaned, "What a crowd", "@greenstreets")
    assert_kept(
        cleaned,
        "Thousands marched through the capital on Saturday to demand cleaner air, police said.",
        "Organisers said 20,000 people took part, while police put the figure at 12,000.",
    )


LAST = "The ministry said it would publish the full audit of the rail network before the end of June."
COMMENTS_AND_TEASERS = f"""Rail audit finds 400 bridges need urgent repair

An audit of the national rail network found that 400 bridges need urgent repair, the ministry said on Thursday.

Engineers inspected 9,000 bridges over two years and found cracks in one in every twenty.

{LAST}

Leave a Reply
Your email address will not be published. Required fields are marked *
Comment *
Name *
Save my name, email, and website in this browser for the next time I comment.

Related Stories

Storm closes ports along the northern coast
Ferries stayed in harbour for a second day as winds reached 120 km/h, forcing hundreds of

Rail audit finds 400 bridges need urgent repair

Minister resigns over housing scandal
The minister stepped down on Monday after reports that
"""


def test_comment_form_and_teaser_block_after_the_article_go() -> None:
    cleaned = clean(COMMENTS_AND_TEASERS)
    assert_gone(
        cleaned, "Leave a Reply", "Your email address", "Comment *", "Save my name", "Related Stories",
        "Storm closes ports", "Ferries stayed", "Minister resigns", "stepped down",
    )
    assert_kept(
        cleaned,
        "An audit of the national rail network found that 400 bridges need urgent repair",
        "Engineers inspected 9,000 bridges over two years and found cracks in one in every twenty.",
        LAST,
    )
    assert cleaned.text.endswith(LAST), "the last article sentence right before the comment form stays"
    assert "Rail audit finds" not in cleaned.text, "the headline and its repeat in the teasers both go"


def test_teaser_heading_high_up_only_takes_the_teasers_under_it() -> None:
    text = (
        "Trending\n"
        "Celebrity chef opens third restaurant\n"
        "Ten tips for a cheaper summer holiday...\n"
        "The central bank raised interest rates by half a point on Thursday, its sixth rise in a row.\n"
        "Economists had expected a smaller rise after inflation slowed in May, a survey showed.\n"
        "The bank's governor said further rises could not be ruled out if prices kept climbing.\n"
        "Markets fell sharply after the announcement, with the main index down 2% by the close."
    )
    cleaned = clean(text)
    assert_gone(cleaned, "Trending", "Celebrity chef", "Ten tips")
    assert_kept(
        cleaned,
        "The central bank raised interest rates by half a point on Thursday",
        "Markets fell sharply after the announcement, with the main index down 2% by the close.",
    )


def test_teaser_box_in_mid_page_keeps_the_article_after_it() -> None:
    first = "Grain exports through the Black Sea rose 12% in June, the trade ministry said on Tuesday."
    after = "Shipping insurers cut their war-risk premiums for the route last month, brokers said."
    text = (
        "Black Sea grain exports climb\n"
        f"{first}\n"
        "Read next\n"
        "Read next 1 of 2\n"
        "Wheat harvest forecast raised\n"
        "Read next 2 of 2\n"
        "Port strike ends after pay deal\n"
        f"{after}\n"
        "You've reached your limit of free stories for this month.\n"
        "Log in to keep reading\n"
        "Email the reporter: desk@example.org\n"
        "Got a tip? Write to our newsroom."
    )
    cleaned = clean(text)
    assert cleaned.text == f"{first}\n{after}"
    assert {"teaser-marker", "teaser-block", "call-to-action"} <= set(rules(cleaned))


def test_one_line_teasers_ads_and_notices_in_the_middle_go() -> None:
    before = "Wildfires have burned 12,000 hectares of forest on the island since Friday, officials said."
    after = "Some 3,000 tourists were moved from hotels on the south coast overnight, the coastguard said."
    text = (
        f"{before}\n"
        "ALSO READ: Heatwave to last until the weekend, forecasters warn\n"
        "Story continues below advertisement\n"
        "Share on Facebook | Share on X | Email\n"
        "Sign up for our morning briefing\n"
        "Please wait 3 seconds...\n"
        f"{after}\n"
        "We use cookies to improve your experience. By continuing to browse you accept our cookie policy.\n"
        "© 2024 Harbour Media Group. All rights reserved."
    )
    cleaned = clean(text)
    assert_gone(cleaned, "ALSO READ", "Heatwave", "Story continues", "Share on", "Sign up", "wait 3", "cookies", "©")
    assert cleaned.text == f"{before}\n{after}"
    assert {"teaser-link", "ad-marker", "share-buttons", "call-to-action", "cookie-notice", "copyright-notice"} <= set(
        rules(cleaned)
    )


def test_furniture_glued_between_sentences_goes_but_the_sentences_stay() -> None:
    text = (
        "Turnout reached 71% in the regional election, the highest in two decades. Sponsored Message The "
        "governing party lost its majority for the first time since 1994. Wait 10 sec. Coalition talks are "
        "expected to take weeks, analysts said."
    )
    cleaned = clean(text)
    assert_gone(cleaned, "Sponsored Message", "Wait 10 sec")
    assert_kept(
        cleaned,
        "Turnout reached 71% in the regional election, the highest in two decades.",
        "The governing party lost its majority for the first time since 1994.",
        "Coalition talks are expected to take weeks, analysts said.",
    )


def test_agency_subscription_notice_goes_but_a_sentence_about_subscribers_stays() -> None:
    kept = "The newspaper lost 10,000 subscribers last year and will close its print edition, its owner said."
    text = (
        "Drought pushes coffee prices to a ten-year high\n"
        f"{kept}\n"
        "Coffee futures rose 4% in New York on Monday after growers in two countries cut their forecasts.\n"
        "Coastal Wire service only distributes excerpts of its reports to subscribers of its news feed. "
        "To subscribe, please contact our sales desk."
    )
    cleaned = clean(text)
    assert_gone(cleaned, "Coastal Wire service", "please contact")
    assert_kept(cleaned, kept, "Coffee futures rose 4% in New York on Monday")
    assert "subscription-notice" in rules(cleaned)


def test_breadcrumbs_go_and_the_headline_becomes_the_title() -> None:
    for crumb in ("Home › News › Europe", "Home Business Markets Stocks slide as oil jumps..."):
        text = (
            f"{crumb}\n"
            "Stocks slide as oil jumps above $100\n"
            "Stock markets in Europe fell on Monday as the price of oil rose above $100 a barrel for the first "
            "time this year.\n"
            "The home secretary said the government would not cut fuel duty, despite calls from motorists."
        )
        cleaned = clean(text)
        assert rules(cleaned)["breadcrumb"] == [crumb]
        assert rules(cleaned)["headline"] == ["Stocks slide as oil jumps above $100"]
        assert_kept(cleaned, "The home secretary said the government would not cut fuel duty")


def test_header_block_date_stamp_deck_highlights_and_standalone_dateline() -> None:
    text = (
        "Published: 4 March 2024 Floods force thousands from river towns\n"
        "Rescue teams reach villages cut off for three days\n"
        "- More than 2,000 people evacuated\n"
        "- Army sends boats to the worst-hit areas\n"
        "NAIROBI:\n"
        "Heavy rain forced more than 2,000 people from their homes on Sunday, the Red Cross said.\n"
        "The army sent boats to the worst-hit villages along the river, officials said."
    )
    cleaned = clean(text)
    found = rules(cleaned)
    assert found["date-stamp"] == ["Published: 4 March 2024"]
    assert found["headline"] == ["Floods force thousands from river towns"]
    assert found["subheadline"] == ["Rescue teams reach villages cut off for three days"]
    assert len(found["highlights"]) == 2
    assert found["dateline"] == ["NAIROBI:"]
    assert cleaned.text.split("\n") == [
        "Heavy rain forced more than 2,000 people from their homes on Sunday, the Red Cross said.",
        "The army sent boats to the worst-hit villages along the river, officials said.",
    ]


def test_standfirst_glued_to_the_headline_and_repeated_by_the_body_goes_once() -> None:
    repeated = "The vote was delayed twice. Opposition members walked out before the count."
    text = (
        f"Parliament passes budget after all-night session {repeated}\n"
        "Lawmakers passed the budget at 5am on Friday after a 19-hour debate, the speaker said. "
        f"{repeated.lower()[0]}{repeated[1:]}\n"
        "The budget raises spending on schools by 4% and freezes income tax for two years."
    )
    cleaned = clean(text)
    assert rules(cleaned)["headline"] == ["Parliament passes budget after all-night session"]
    assert rules(cleaned)["repeated-standfirst"] == [repeated]
    assert cleaned.text.count("walked out before the count") == 1
    assert_kept(cleaned, "Lawmakers passed the budget at 5am on Friday", "freezes income tax for two years.")


def test_credit_and_byline_lines_go_into_the_audit() -> None:
    text = (
        "By Maria Gonzalez and Tom Ng\n"
        "Fishermen blocked the port of Vigo on Monday in protest at new EU catch limits.\n"
        "By Tuesday, the blockade had spread to three other ports along the coast, police said.\n"
        "Reporting by Tom Ng; Editing by Ruth Adler."
    )
    cleaned = clean(text)
    found = rules(cleaned)
    assert found["byline"] == ["By Maria Gonzalez and Tom Ng"]
    assert found["credit-line"] == ["Reporting by Tom Ng; Editing by Ruth Adler."]
    assert_kept(cleaned, "By Tuesday, the blockade had spread to three other ports along the coast, police said.")


TRAPS = [
    "Advertisement revenue fell 5% in the quarter, the company said in its annual report.",
    "Readers can leave a comment on the city's website until Friday, the council said.",
    "Related research suggests the river will flood again within a decade, scientists said.",
    "Share prices fell 3% on Monday after the chief executive resigned unexpectedly.",
    "Home Secretary Jane Byrne said the new border rules would take effect in April.",
    "Copyright lawyers said the ruling would change how songs are licensed in Europe.",
    "The photo shows the two leaders shaking hands, a gesture aides called symbolic.",
    "Loading of grain at the port resumed on Wednesday after a two-week halt, traders said.",
    "More than 200 people attended the funeral in the village church on Saturday.",
    "The ministry said cookies and sweets would be taxed from next year under the plan.",
    "Subscribers to the streaming service will pay 2 euros more a month from July.",
    "Watch parties were held in bars across the country as the team reached the final.",
    "Image, she said, is everything in politics, and the party has lost control of its own.",
    "Home to 2 million people, the city runs its metro 24/7 during the festival.",
    "First published in 1851, the newspaper printed its final edition on Sunday.",
    "Several factors contributed to this report's delay, the agency said in a statement.",
    "Get-togethers were cancelled, the school newsletter said on Monday.",
    "Sign up rates for the scheme have doubled since January, officials said.",
    "Please wait for the official results, the electoral commission urged voters.",
    "Sponsored by a local bank, the festival drew 20,000 visitors.",
    "The death toll rose to 13.",
]


@pytest.mark.parametrize("sentence", TRAPS)
def test_article_sentences_using_furniture_words_survive(sentence: str) -> None:
    text = (
        "Regional news roundup for the week\n"
        "The regional assembly met on Monday to debate the budget for the coming year, officials said.\n"
        f"{sentence}\n"
        "The assembly will vote on the final budget in two weeks, the speaker told reporters."
    )
    cleaned = clean(text)
    assert_kept(cleaned, sentence)
    assert len(cleaned.text.split("\n")) == 3
    assert_kept(clean(f"{sentence}\nThe assembly will vote on the final budget in two weeks."), sentence)


def test_whitespace_is_normalised_and_hard_wrapped_lines_are_joined() -> None:
    text = (
        "The\u00a0bridge  was closed on Monday after engineers found\r\n"
        "cracks in two of its supports, the city said.\r\n\r\n"
        "It\u200b will stay shut\tuntil at least the end of May."
    )
    cleaned = clean(text)
    assert cleaned.text == (
        "The bridge was closed on Monday after engineers found cracks in two of its supports, the city said.\n"
        "It will stay shut until at least the end of May."
    )


def test_every_removal_points_at_its_text_in_the_original() -> None:
    examples = [path.read_text(encoding="utf-8") for path in sorted(EXAMPLE.glob("*.txt"))]
    styles = [text for text, *_ in PAGE_STYLES.values()]
    for text in (TOGGLED_CAPTION, COMMENTS_AND_TEASERS, *examples, *styles):
        for removal in clean(text).removed:
            assert removal.start is not None
            first_word = removal.text.split()[0]
            assert text[removal.start:].startswith(first_word), (removal.rule, removal.text[:60])


def gold_articles() -> list[dict]:
    return json.loads(GOLD.read_text(encoding="utf-8"))["articles"]


@pytest.mark.parametrize("item", gold_articles(), ids=lambda item: item["file"][:3])
def test_example_articles_lose_all_listed_furniture_and_no_gold_sentence(item: dict) -> None:
    path: Path = EXAMPLE / item["file"]
    article = prepare(RawDocument(source=str(path), path=str(path), text=path.read_text(encoding="utf-8")))
    assert isinstance(article, Article)
    cleaned = Cleaned(text=article.text, removed=article.removed)
    assert_gone(cleaned, *item["furniture"])
    assert_kept(cleaned, *item["sentences"])
    for field_name, expected in item["metadata"].items():
        assert article.model_dump(mode="json")[field_name] == expected, field_name


PAGE_STYLES = {
    "wire": (
        "Parliament approves emergency flood fund\n"
        "By ANA SOUSA and MARK EBO\n"
        "Updated 9:15 AM GMT, June 3, 2024\n"
        "LISBON, Portugal (Harbour Wire) — Parliament approved a 200 million euro emergency fund for flood victims "
        "on Monday.\n"
        "FILE - Volunteers clear mud from a street in Coimbra on May 30, 2024. (Harbour Wire Photo/Rui Dias, File)\n"
        "The vote was 180-30, with only the far-right party opposed.\n"
        "* * *\n"
        "Harbour Wire writer Lena Ortiz contributed to this report.\n"
        "Copyright 2024 Harbour Wire. All rights reserved. This material may not be published, broadcast, "
        "rewritten or redistributed.",
        {"title": "Parliament approves emergency flood fund", "published": "2024-06-03", "dateline": "LISBON, Portugal",
         "byline": "ANA SOUSA and MARK EBO", "outlet": "Harbour Wire"},
        ["The vote was 180-30, with only the far-right party opposed.",
         "LISBON, Portugal (Harbour Wire) — Parliament approved a 200 million euro emergency fund"],
        ["Volunteers clear mud", "* * *", "Lena Ortiz", "Copyright", "Updated 9:15"],
    ),
    "quality-paper": (
        "Chile\n"
        "Chilean miners return to work after copper deal\n"
        "Five-week stoppage at the world's biggest copper mine ends with 9% pay rise\n"
        "Tomás Herrera in Santiago\n"
        "Wed 5 Jun 2024 11.02 BST\n"
        "Miners at the world's biggest copper mine returned to work on Wednesday after accepting a 9% pay rise.\n"
        "Miners leave the pit at Escondida. Photograph: Pablo Rojas/AFP\n"
        "The strike had cut global copper supply by about 2%, analysts estimated.\n"
        "Sign up to Morning Mail, our free daily newsletter\n"
        "after newsletter promotion\n"
        "The company said production would return to normal within a fortnight.\n"
        "Explore more on these topics\n"
        "Chile\n"
        "Mining\n"
        "Most viewed\n"
        "Heatwave grips southern Europe",
        {"title": "Chilean miners return to work after copper deal", "published": "2024-06-05",
         "byline": "Tomás Herrera", "outlet": None},
        ["Miners at the world's biggest copper mine returned to work on Wednesday after accepting a 9% pay rise.",
         "The strike had cut global copper supply by about 2%, analysts estimated.",
         "The company said production would return to normal within a fortnight."],
        ["Five-week stoppage", "Photograph", "Morning Mail", "newsletter promotion", "Most viewed", "Heatwave"],
    ),
    "broadcaster": (
        "Storm closes Cornish beaches\n"
        "Published\n"
        "2 August 2024\n"
        "Share\n"
        "Image source, Coastguard handout\n"
        "Image caption, Waves broke over the harbour wall at Newlyn on Friday\n"
        "Beaches across Cornwall were closed on Friday as a summer storm brought winds of up to 70mph.\n"
        "The coastguard said it had rescued four people from the water since Thursday night.\n"
        "Related Topics\n"
        "Cornwall\n"
        "Weather",
        {"title": "Storm closes Cornish beaches", "published": "2024-08-02", "outlet": None},
        ["Beaches across Cornwall were closed on Friday as a summer storm brought winds of up to 70mph.",
         "The coastguard said it had rescued four people from the water since Thursday night."],
        ["Published", "Image source", "Waves broke", "Related Topics", "Weather"],
    ),
    "syndicated": (
        "Business News\n"
        "Rupee Hits Record Low Against Dollar\n"
        "Business News | Asia Wire Service | Updated: July 9, 2024 4:05 pm IST\n"
        "Mumbai: The rupee fell to a record low of 84.2 against the dollar on Tuesday as oil prices climbed.\n"
        "Also Read | Gold prices ease ahead of central bank meeting\n"
        "Traders said the central bank was likely to step in to limit further losses.\n"
        "(This story has not been edited by Daily Ledger staff and is auto-generated from a syndicated feed.)\n"
        "Catch all the latest business news on DailyLedger.com and download the app.",
        {"title": "Rupee Hits Record Low Against Dollar", "published": "2024-07-09", "dateline": "Mumbai",
         "outlet": "Daily Ledger"},
        ["Mumbai: The rupee fell to a record low of 84.2 against the dollar on Tuesday as oil prices climbed.",
         "Traders said the central bank was likely to step in to limit further losses."],
        ["Business News", "Asia Wire Service", "Also Read", "Gold prices", "syndicated feed", "DailyLedger.com"],
    ),
    "blog": (
        "Village fete raises record sum for hospice\n"
        "Posted by editor on 12 July 2024\n"
        "The annual village fete in Little Hadham raised £12,400 for the local hospice on Saturday.\n"
        "Organisers said more than 2,000 visitors came despite the rain.\n"
        "Share this:\n"
        "Facebook\n"
        "WhatsApp\n"
        "Like this:\n"
        "Like Loading...\n"
        "2 thoughts on “Village fete raises record sum for hospice”\n"
        "What a lovely day it was, well done everyone.\n"
        "Comments are closed.",
        {"title": "Village fete raises record sum for hospice", "published": "2024-07-12", "byline": None},
        ["The annual village fete in Little Hadham raised £12,400 for the local hospice on Saturday.",
         "Organisers said more than 2,000 visitors came despite the rain."],
        ["Posted by", "Share this", "WhatsApp", "Like", "thoughts on", "What a lovely day", "Comments are closed"],
    ),
}


@pytest.mark.parametrize("style", sorted(PAGE_STYLES))
def test_page_styles_of_different_kinds_of_site(style: str) -> None:
    text, metadata, kept, gone = PAGE_STYLES[style]
    article = prepare(RawDocument(source=f"{style}.txt", text=text))
    assert isinstance(article, Article)
    cleaned = Cleaned(text=article.text, removed=article.removed)
    assert_kept(cleaned, *kept)
    assert_gone(cleaned, *gone)
    assert len(article.text.split("\n")) == len(kept), "nothing else survives"
    for field_name, expected in metadata.items():
        assert article.model_dump(mode="json")[field_name] == expected, field_name


def test_wire_copy_slugs_end_mark_and_hashtags_go() -> None:
    text = (
        "(2ND LD) Rail strike called off after late-night deal\n"
        "Rail unions called off a planned three-day strike on Thursday after reaching a deal with operators.\n"
        "(ATTN: ADDS union comment in para 3)\n"
        "\"This deal protects jobs and pay,\" a union leader told reporters outside the ministry.\n"
        "(END)\n"
        "Keywords\n"
        "#rail #strike #unions"
    )
    cleaned = clean(text)
    assert rules(cleaned)["headline"] == ["Rail strike called off after late-night deal"]
    assert cleaned.text.split("\n") == [
        "Rail unions called off a planned three-day strike on Thursday after reaching a deal with operators.",
        "\"This deal protects jobs and pay,\" a union leader told reporters outside the ministry.",
    ]
    assert {"wire-slug", "end-marker", "after-article-end"} <= set(rules(cleaned))


def test_agency_opening_the_first_sentence_is_not_a_slug() -> None:
    text = "(Harbour Wire) — Rail unions called off a planned strike on Thursday after a deal with operators."
    cleaned = clean(text)
    assert cleaned.text == text


def test_newsletter_boxes_bulleted_teasers_and_share_prompts_go() -> None:
    page = (
        f"{LEDE}\n{SECOND}\n"
        "Advertisement - Story continues below\n"
        f"{THIRD}\n"
        "Sign up to the Lyon Evening newsletter\n"
        "The week's best local stories, every Saturday morning.\n"
        "The prefecture said the warehouse had failed a fire inspection in 2023, and that its owner would be "
        "questioned this week.\n"
        "Like this story? Share it: Facebook X LinkedIn\n"
        "Related articles\n"
        "- Why do warehouse fires spread so fast?\n"
        "- Interview: the firefighter who saved the dogs\n"
        "Subscribe to Lyon Evening Weekly\n"
    )
    cleaned = clean(page)
    assert_gone(cleaned, "Advertisement", "Story continues", "newsletter", "every Saturday", "Like this story",
                "Why do warehouse fires", "Interview:", "Subscribe")
    assert_kept(cleaned, LEDE, SECOND, THIRD, "The prefecture said the warehouse had failed a fire inspection")


def test_a_short_paragraph_after_a_newsletter_signup_stays_unless_it_describes_the_newsletter() -> None:
    cleaned = clean(f"{LEDE}\nSign up for our morning newsletter\nThe fire was put out by noon.\n{SECOND}")
    assert_kept(cleaned, "The fire was put out by noon.")


def test_text_without_sentence_punctuation_is_not_all_taken_for_a_header() -> None:
    unpunctuated = (
        "Firefighters fought a blaze at a riverside warehouse in Lyon for nine hours on Tuesday and forty "
        "residents of nearby flats spent the night in a school gym the regional fire service said"
    )
    assert clean(unpunctuated).text == unpunctuated
    two_lines = clean(f"Warehouse fire in Lyon\n{unpunctuated}")
    assert two_lines.text == unpunctuated, "the first line is still the headline"


def test_a_page_of_furniture_is_skipped_with_the_rules_that_emptied_it() -> None:
    result = prepare(
        RawDocument(source="stub.html", text="Home | News | Sport\nAdvertisement\nShare on Facebook\nA short note.")
    )
    assert not isinstance(result, Article)
    assert result.reason.startswith("too short after cleaning") and "ad-marker ×1" in result.reason


def test_a_paragraph_printed_twice_loses_its_copy_but_a_page_that_repeats_by_design_keeps_all() -> None:
    repeated = "The committee will publish its findings in a report to parliament next spring, its chair said."
    slip = clean(f"{LEDE}\n{repeated}\n{SECOND}\n{repeated}\n{THIRD}")
    assert slip.text.count(repeated) == 1
    assert rules(slip)["repeated-paragraph"] == [repeated]
    lunch = "Lunch: one cup of lentil soup, two slices of rye bread and a pear, with green tea."
    menu = "\n".join(f"Day {n}\nBreakfast: oats with milk and berries.\n{lunch}" for n in range(1, 5))
    by_design = clean(f"A week of simple meals for the cold months.\n{LEDE}\n{menu}\n{THIRD}")
    assert by_design.text.count(lunch) == 4
    assert "repeated-paragraph" not in rules(by_design)


def test_sentences_about_people_signing_up_for_subscriptions_are_not_a_paywall_notice() -> None:
    sentence = (
        "The streaming service said two million households signed up for subscriptions in its first week, and "
        "viewers who sign up before Friday can subscribe to a bundle of three services for $13 a month."
    )
    cleaned = clean(f"{LEDE}\n{sentence}\n{SECOND}")
    assert_kept(cleaned, sentence)


def test_with_the_title_known_an_unpunctuated_lede_is_the_article_not_its_headline() -> None:
    lede = "Dock workers walked out at the container terminal this morning over a new shift pattern"
    text = f"{lede}\n{SECOND}\n{THIRD}"
    assert clean_text(text, EN, CFG, title="Port strike halts container traffic").text.startswith(lede)
    headline = "Port strike halts container traffic"
    titled = clean_text(f"{headline}\n{lede}.\n{SECOND}", EN, CFG, title=f"{headline} | Harbour Daily")
    assert rules(titled)["headline"] == [headline]
    assert titled.text.startswith(lede)


@pytest.mark.parametrize(
    "label", ["Media caption, ", "Video caption: ", "Media caption"],
    ids=["comma", "colon", "glued to the caption"],
)
def test_a_media_caption_label_never_stays_in_the_body(label: str) -> None:
    caption = "The mayor says the bridge will reopen in May"
    cleaned = clean(f"{LEDE}\n{label}{caption}\n{SECOND}\nMedia caption\n{THIRD}")
    assert "caption" not in cleaned.text.lower()
    assert caption in cleaned.captions
    assert_kept(cleaned, LEDE, SECOND, THIRD)


def test_a_pointer_to_the_full_story_and_a_new_comment_box_go() -> None:
    cleaned = clean(f"{LEDE}\n{SECOND}\n{THIRD}\nFull story: Harbour Radio\nAdd new comment\nPlease be polite.")
    assert cleaned.text == f"{LEDE}\n{SECOND}\n{THIRD}"


@pytest.mark.parametrize("notice", ["Your browser does not support the audio element.",
                                    "Your browser doesn’t support HTML5 audio"])
def test_a_browser_notice_goes(notice: str) -> None:
    cleaned = clean(f"{LEDE}\n{notice}\n{SECOND}")
    assert cleaned.text == f"{LEDE}\n{SECOND}"
