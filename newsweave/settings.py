"""The tuning constants a user could reasonably change, in one typed object with today's values as defaults.

Thresholds, windows and caps were calibrated on the data named in each field's description; a user with other
news (another language, another beat, a wire service's feed) may want others. `load_settings` reads a TOML
file whose tables mirror the sections below (`[stories]`, `[sameness]`, ...) and rejects unknown keys, so a
misspelt setting is an error, not silently ignored. `newsweave analyze --config FILE` passes it in;
`docs/settings.md` lists every field (generated: `python -m newsweave.settings`).

Stage entry points take the section they need as an argument; nothing reads a global copy.
"""

from __future__ import annotations

import ipaddress
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IngestSettings(Section):
    """Reading inputs: sizes and network bounds."""

    max_input_bytes: int = Field(
        20 * 1024 * 1024,
        description="Inputs larger than this are skipped: no single news article is this long; it is a dump or a "
        "mistake, and the user is told to split it.",
    )
    legacy_encodings: tuple[str, ...] = Field(
        ("cp1252",),
        description="Bytes that are mostly not UTF-8 are tried in these encodings first (strictly, and kept when "
        "they read no worse than the detector's best guess): the web's unlabelled Western text is windows-1252 "
        "(the WHATWG default), which the detector alone often mistakes for a Baltic or Central European code page "
        "('cafķ' for 'café'). Set your corpus's own legacy encoding here (cp1251 for Russian, for example).",
    )
    max_sidecar_bytes: int = Field(
        1024 * 1024,
        description="A `NAME.meta.json` sidecar holds a few metadata fields, a few hundred bytes; a larger one is "
        "not metadata and the article is skipped with the reason.",
    )
    max_json_depth: int = Field(
        64,
        description="JSON nested deeper than this is refused before parsing (the parser recurses once per level; "
        "20,000 levels crash it). An article record needs two or three levels; crawl exports a dozen at most.",
    )
    max_html_depth: int = Field(
        200,
        description="A page nested deeper than this is skipped: news pages nest 20-60 elements deep, and the HTML "
        "parser silently drops everything below 255 levels, so deeper text would be lost without a word.",
    )
    max_html_elements: int = Field(
        30_000,
        description="A page with more HTML elements than this is skipped: the 88 real pages of the "
        "article-extraction dev set have at most 1,709, live blogs a few thousand more; extraction costs about "
        "0.2 ms per element, so this bounds one page to a few seconds (100,000 links took over a minute).",
    )
    fetch_timeout_seconds: float = Field(
        20.0,
        gt=0,
        description="Wall-clock seconds a page or feed fetch may take in all (robots.txt, redirects, every byte of "
        "the body) before it is skipped as timed out: a server dripping a byte a second is cut here, not held "
        "open for as long as it likes.",
    )
    max_page_bytes: int = Field(
        5 * 1024 * 1024,
        description="A fetched news page, markup included, is well under this; anything larger is a file "
        "download, not an article.",
    )
    max_feed_items: int = Field(
        1000,
        ge=1,
        description="Entries read from one RSS/Atom feed; news feeds carry tens to a few hundred, and with "
        "`--fetch` every entry is a page fetch. Entries past this are reported as one skip.",
    )
    html_favor_precision: bool = Field(
        True,
        description="trafilatura's precision-first extraction of a page's main text; on the English pages of the "
        "article-extraction dev set it gives token F1 0.966 after cleaning, against 0.958 for the balanced mode.",
    )
    html_include_tables: bool = Field(
        True,
        description="Keep tables inside the article (results, figures); their rows become paragraphs. On the "
        "article-extraction dev set, leaving them out loses recall (F1 0.963 without them).",
    )


class NetworkSettings(Section):
    """Fetching from the open web: which addresses may be reached and how far a fetch may go. URLs come from
    feeds, colleagues and the web API's clients, so a fetch must not reach the machine's own services or its
    private network unless the user names that target here."""

    allow_private: tuple[str, ...] = Field(
        (),
        description="Private crawl targets fetched even though their addresses are loopback, private, link-local "
        "or otherwise not public (refused by default, after DNS resolution and on every redirect): entries are a "
        "host name or address (any port), `host:port` (`[v6]:port` for IPv6), or a network in CIDR form "
        "(`10.20.0.0/16`). A redirect to any other private address stays refused.",
    )
    max_redirects: int = Field(
        5,
        ge=0,
        description="Redirect hops followed per fetch; news sites need one or two (http to https, a short link). "
        "Five is what RFC 9309 asks crawlers to follow for robots.txt, and more is a loop in all but name.",
    )
    max_host_timeouts: int = Field(
        2,
        ge=1,
        description="After this many fetches in a row from one host (host:port) have run out of time, nothing more "
        "is fetched from it in this run: a feed linking a thousand pages on a server that drips would otherwise "
        "cost a thousand deadlines. Any fetch that completes resets the count.",
    )
    fetch_hosts: int = Field(
        4,
        ge=1,
        description="Hosts fetched from at once (each one a request at a time, as a polite crawler does) while "
        "the local inputs are read: a fetch mostly waits on its server, and one that drips holds its thread until "
        "the fetch deadline, so a few in parallel keep one slow host from setting the pace of the run.",
    )
    low_speed_bytes: int = Field(
        500,
        ge=0,
        description="Once a response has started, it must bring at least this many bytes a second over each "
        "network.low_speed_seconds, or the fetch is skipped as too slow (curl's --speed-limit; 0 turns the floor "
        "off). The floor asks whether a server is delivering at all, not how fast: a news page of 100-500 KB comes "
        "at tens of KB a second even over a poor mobile link, and the first window is met by a news site's "
        "response headers alone (1-3 KB), so a server that sends them and then renders the page is not cut. A "
        "server dripping a byte a second, which no per-read timeout catches, is cut long before the whole-fetch "
        "deadline. The wait for the first byte is not judged: a server slow to answer is bounded by "
        "ingest.fetch_timeout_seconds alone.",
    )
    low_speed_seconds: float = Field(
        2.0,
        gt=0,
        description="The window over which network.low_speed_bytes is judged, from a response's first byte "
        "(curl's --speed-time): a drip or a stalled response costs one or two windows rather than the whole "
        "fetch deadline (20 s by default), while a pause of a second or so mid-page (a server flushing what it "
        "has rendered) stays within one window.",
    )
    robots_max_bytes: int = Field(
        500 * 1024,
        ge=1,
        description="Only the first this many bytes of a robots.txt are read and obeyed, as Google's crawler does "
        "(500 KiB); a robots.txt larger than that is not a rules file but a way to tie up a crawler.",
    )
    robots_timeout_seconds: float = Field(
        10.0,
        gt=0,
        description="Wall-clock seconds a robots.txt may take (within the page fetch's own deadline); one that "
        "cannot be had in time counts as missing, as an unreachable robots.txt does today.",
    )

    @field_validator("allow_private")
    @classmethod
    def _readable_targets(cls, entries: tuple[str, ...]) -> tuple[str, ...]:
        """A misspelt network would silently allow nothing (or too much): refuse it when the settings load."""
        for entry in entries:
            if "/" in entry:
                try:
                    ipaddress.ip_network(entry, strict=False)
                except ValueError as error:
                    raise ValueError(f"{entry!r} is not a network in CIDR form: {error}") from None
            elif not entry.strip() or any(c.isspace() for c in entry):
                raise ValueError(f"{entry!r} is not a host, host:port or network")
        return entries


class CleaningSettings(Section):
    """Removing page furniture and reading metadata. Word counts are of whitespace-separated words; the
    defaults were set on the bundled example and the made-up pages of `eval/seeds/cleaning-pages/`, and
    checked on the real pages of the article-extraction dev set (`bench/extraction.py`)."""

    min_article_chars: int = Field(
        80, description="A text shorter than this after cleaning is a stub or a page of furniture: skipped."
    )
    max_article_chars: int = Field(
        300_000,
        description="A text longer than this is skipped before cleaning: the longest long-form features run to "
        "about 25,000 words (some 150,000 characters); beyond that it is a dump of many articles or not prose, "
        "and parsing it would take minutes and gigabytes.",
    )
    body_min_words: int = Field(
        8, description="A paragraph of at least this many words that ends a sentence is article body, not a heading."
    )
    header_max_lines: int = Field(
        10, description="How many lines above the first body paragraph may be header (headline, deck, byline)."
    )
    header_max_words: int = Field(45, description="A line longer than this is body, never a headline or deck.")
    short_line_words: int = Field(
        12, description="Page tools, bylines and agency-only credits are short lines: at most this many words."
    )
    blurb_max_words: int = Field(25, description="Longest blurb a newsletter box prints under its sign-up line.")
    caption_max_words: int = Field(
        20, description="Longest unpunctuated line beside a photo credit that is taken for its caption."
    )
    labelled_caption_max_words: int = Field(
        90, description="Longest paragraph taken as a caption when labelled as one or ending in its credit."
    )
    credit_max_words: int = Field(20, description="Longest line taken for a photo credit.")
    credit_line_max_words: int = Field(
        45, description="Longest contributor credit or call to action taken as a whole line."
    )
    notice_max_words: int = Field(
        90, description="Longest notice (copyright, subscription, cookie, disclaimer) taken as a whole line."
    )
    teaser_link_max_words: int = Field(30, description="Longest one-line pointer to another story or tag list.")
    social_post_max_chars: int = Field(
        400, description="How far back from an embedded post's signature its text may start."
    )
    near_duplicate: int = Field(
        90, description="rapidfuzz score above which a paragraph and a caption are the same caption printed twice."
    )
    same_paragraph: int = Field(
        95, description="rapidfuzz score above which two body paragraphs are the same text printed twice."
    )
    standfirst_min_words: int = Field(
        8, description="Shortest header text that counts as a standfirst when the body repeats it word for word."
    )
    standfirst_line_max_words: int = Field(
        150, description="A headline with a standfirst glued on is a few dozen words; longer first lines are body."
    )
    dateline_paragraphs: int = Field(
        2, description="How many opening paragraphs are searched for a dateline (a standfirst may come first)."
    )
    min_interviews: int = Field(
        2,
        description="An outlet is read from 'told X' only when X interviews the article's sources at least this "
        "often; once alone is a quoted source.",
    )
    language_look_words: int = Field(
        20,
        description="The first look at a text's language (before lingua) judges only texts of at least this many "
        "words: shorter ones, such as headlines full of foreign names, are where a word count misleads.",
    )
    language_look_share: float = Field(
        0.1,
        description="The first look settles a text as the language when at least this share of its words are the "
        "language's `language.function_words`: English news runs at 15-25% for the English list; no text lingua "
        "calls another language reached 10% with its words spread as below (`bench/language.py`).",
    )
    language_look_gap_chars: int = Field(
        200,
        description="...and when no run of more than this many characters lacks one of them: a paragraph in another "
        "language inside the sample (where lingua may answer that language) has none for hundreds of characters. "
        "At 250 three mixed samples of our checks went by (lingua said Hungarian or Norwegian); at 200 none did, "
        "and 413 of the 462 ECB+ dev articles are settled (the rest cost lingua ~5 ms each).",
    )


class TimeSettings(Section):
    """Time expressions, publication windows and the timeline."""

    reference_paragraphs: int = Field(
        2,
        ge=1,
        description="An anaphoric expression ('the next day') counts from a date in its own paragraph or the ones "
        "before, up to this many paragraphs in all; farther back, news paragraphs have moved on to other events "
        "(set on the bundled example and the made-up anaphora tests).",
    )
    untensed_past_bias_days: int = Field(
        2,
        ge=0,
        le=6,
        description="A weekday in a clause without tense (\"Saturday's quake\") is the nearest such day, but the "
        "past one wins unless the coming one is more than this many days nearer: news mostly reports what happened "
        "(neutral on TempEval-3 training for 0 to 4; real reports of an earthquake read on Wednesday).",
    )
    distant_past_days: int = Field(
        183,
        ge=0,
        description="A month and day without a year, told in the past, is last year's only when this year's is "
        "still to come and last year's is no more than this many days back, or no occurrence is near: news "
        "prints the year of dates further back (TempEval-3 training: payable/effective/deadline dates in "
        "past-tense clauses).",
    )
    near_future_days: int = Field(
        120,
        ge=0,
        description="How near (days) the coming occurrence of a yearless date must be to win over a distant past "
        "one (see distant_past_days).",
    )
    window_search_days: int = Field(
        45,
        ge=1,
        description="How far (days) from the story's dated events a publication day of an undated article is "
        "searched for: a news story rarely stays news for longer.",
    )
    caption_window_days: int = Field(
        2,
        ge=0,
        description="An undated article whose photo caption gives a full date is taken to be published that day "
        "or up to this many days later, when nothing in the story dates it more closely.",
    )
    story_window_days: int = Field(
        2,
        ge=0,
        description="An undated article with nothing else to date it is taken to be published between the "
        "story's first and last known publication days, or up to this many days after (a later write-through).",
    )
    weekday_span_days: int = Field(
        6,
        ge=0,
        description="The bare weekdays of one article ('departed on Monday', 'scheduled for Wednesday') fall "
        "within one week of each other: a candidate publication day that spreads them wider is dropped.",
    )
    merge_broadest_days: int = Field(
        31,
        ge=0,
        description="Two timeline events whose dates only partly overlap (two uncertain windows) are one event "
        "only when both are at most this many days wide (a month).",
    )
    same_event_cosine: float = Field(
        0.6,
        ge=0.0,
        le=1.0,
        description="Sentence cosine (MiniLM) above which two outlets' sentences dating compatible days tell the "
        "same event; on the bundled and held-out sets every pair above it was one event, the first different pair "
        "scored 0.56. (The sameness service's calibrated statement threshold merges 3 fewer held-out sources.)",
    )
    same_date_shared_words: int = Field(
        2,
        ge=1,
        description="Two outlets' sentences giving the very same date tell one event when they share this many "
        "content words.",
    )


class StorySettings(Section):
    """Story clustering (`story/`). An article joins a story when cosine(article, centroid) + entity_weight *
    entity share >= threshold (see `story/clustering.py`). Calibrated with `bench/stories.py --grid` on
    eval/stories/corpus.jsonl (63 made-up articles, 20 events built around same-kind pairs) with the full MiniLM:
    B-cubed F1 1.0 for entity_weight 1.0, min_entity_share 0.05-0.1, threshold 0.45-0.5; below 0.45 two
    same-kind events merge, above 0.5 short follow-ups split off. The cosines are those of `parse.encoder`:
    threshold and entity_weight moved with it to the int8 model (see `threshold`)."""

    lead_sentences: int = Field(
        5, description="Sentences embedded for an article's vector: news puts the event in its first sentences; "
        "later ones drift into background shared with other events."
    )
    threshold: float = Field(
        0.53, description="Joining score (cosine + weighted entity share) an article needs, on the cosine scale of "
        "the int8 MiniLM (`parse.encoder`), whose article cosines run ~0.035 above the full model's (all pairs of "
        "ECB+ dev articles: int8 = 0.038 + 0.99 x full; no gold needed): 0.5 with the full model, where it was "
        "calibrated on eval/stories/. With int8 and entity_weight 1.3, every threshold from 0.52 to 0.55 keeps "
        "eval/stories/ at B-cubed F1 1.0 and gives ECB+ dev 0.952 (ARI 0.932) from the text alone and 0.916 (ARI "
        "0.890) with metadata (the full model at 0.5 / 1.0: 0.952 / 0.932 and 0.912 / 0.887); int8 at 0.5 / 1.0 "
        "merged two events of different topics (metadata 0.904). Tuned on half the ECB+ topics (odd or even; all "
        "articles clustered, F1 of that half's) and scored on the other half's (text alone / metadata): int8 picked "
        "0.54 / 1.25, scoring 0.949 / 0.899 (these defaults: 0.949 / 0.903; full model at 0.5 / 1.0: 0.949 / "
        "0.896), and 0.44 / 1.5, scoring 0.948 / 0.925 (these defaults: 0.955 / 0.929; full: 0.955 / 0.929); the "
        "full model picked 0.48 / 0.75 (0.949 / 0.874) and 0.44 / 1.0 (0.955 / 0.921): half the topics pin neither "
        "encoder's threshold closer than ~0.1, and both lose a little on the other half, the full model more."
    )
    entity_weight: float = Field(
        1.3, description="Weight of the entity share in the joining score. With the int8 encoder, whose cosines "
        "of unrelated articles run higher, names weigh more: 1.3-1.4 keep every stories bench score or better it "
        "(see `threshold`; 1.2-1.25: ECB+ dev with metadata 0.912, ARI 0.886); 1.0 lowered ECB+ dev with "
        "metadata to 0.909 at any threshold, and eval/stories/ to 0.989 above 0.52."
    )
    min_entity_share: float = Field(
        0.05, description="IDF-weighted share of the article's entity and figure keys the story must already "
        "contain: topic similarity alone never joins (two earthquakes read alike, not in their places, people and "
        "tolls). 0.1 split long ECB+ articles whose many passing names dilute the share (ECB+ dev from the text "
        "alone: B-cubed F1 0.872 at 0.1, 0.885 at 0.05, 0.863 at 0.03); eval/stories/ stays 1.0 at 0.05."
    )
    max_gap_days: int = Field(
        10, description="Days an article may lie outside a story's span and still join it (follow-ups, late reports)."
    )
    follow_up_gap_days: int = Field(
        31, description="Further out, up to this many days, a follow-up joins only with `follow_up_threshold`; "
        "beyond it, nothing joins in incremental runs (the story may retire). A batch run sets no such horizon: it "
        "holds all its stories, and a trial or an anniversary years later belongs to its event (ECB+ dev with "
        "metadata: B-cubed F1 0.868 with the horizon in batch runs, 0.904 without)."
    )
    follow_up_threshold: float = Field(
        0.8, description="Score a follow-up beyond `max_gap_days` needs. On the own corpus the one such candidate "
        "of another event scored 0.64; a held-out flood follow-up 15 days later scored 0.96."
    )
    split_neighbours: int = Field(
        3, ge=0, description="Batch runs split each story into the connected parts of its members' graph of this "
        "many nearest fellow members by content terms (`story.clustering.split_state`); 0 keeps the online "
        "stories. ECB+ dev from the text alone: B-cubed F1 0.885 without the split, 0.936 / 0.942 / 0.928 with 2 / "
        "3 / 4 neighbours; eval/stories/ and the bundled example stay 1.0 for all three."
    )
    split_link_ratio: float = Field(
        0.7, ge=0.0, le=1.0, description="In that graph a member links to a neighbour only when it is at least this "
        "share of its nearest neighbour's similarity: an event of three reports has only two fellow members, so its "
        "third neighbour may be a report of the other event (the made-up test of two three-report events in "
        "tests/test_stories.py). ECB+ dev from the text alone: 0.942 at 0, 0.5 and 0.7, 0.935 at 0.8, which "
        "begins to cut stories of one event; eval/stories/ stays 1.0."
    )
    split_chance_pairs: float = Field(
        1.0, gt=0.0, description="A batch story splits in two at the pair of names its members never mention "
        "together when fewer than this many pairs so exclusive are expected by chance among the pairs tested "
        "(`story.clustering.exclusive_name_parts`): one, so not even one such pair is expected if the names fell "
        "at random. ECB+ dev from the text alone: B-cubed F1 0.942 -> 0.952 (odd topics 0.934 -> 0.953, even "
        "0.951 -> 0.951); the one story it splits expected 0.48 such pairs, the nearest single-event story 2.0; "
        "at 0.05 (a Bonferroni test at 5%) nothing splits from the text alone; eval/stories/ stays 1.0."
    )
    retire_after_days: int = Field(
        45, ge=0, description="Between runs (incremental ingest), a story that has gained no article while the "
        "newest article seen moved this many days past it is retired: it leaves the candidate index and the "
        "near-duplicate index and only its final form is kept, so the live state (work and memory per article) "
        "stays bounded by the daily volume times this window. "
        "Beyond `follow_up_gap_days` (31) nothing newer can join a story anyway; the margin keeps a story for "
        "articles that reach a daily run up to two weeks late (a late article then meets its story as it stands)."
    )
    max_candidates: int = Field(
        48, description="Stories scored per article at most, gathered from its rarest shared entity keys first and, "
        "per key, the most recent stories first; keeps the work per article constant however many stories share "
        "a common name."
    )


class SamenessSettings(Section):
    """When two sentences, clauses, quotes or events state the same thing (`link/sameness.py`)."""

    threshold: float = Field(
        0.64,
        ge=0.0,
        le=1.0,
        description="Minimum blended score for two texts to state the same thing: the lowest threshold reaching "
        "precision 0.80 on the hand-labelled pairs of eval/calibration/ (bench/calibrate_support.py prints the "
        "sweep); a wrong 'supported by' misleads a reader more than a missed one.",
    )
    lexical_weight: float = Field(
        0.3,
        ge=0.0,
        lt=1.0,
        description="Weight of content-word overlap (Dice) in the blended score, the rest being embedding cosine; "
        "calibrated with the threshold on eval/calibration/: the embedding alone rates another fact of the same "
        "story nearly as high as a paraphrase.",
    )
    stem_length: int = Field(
        6,
        ge=1,
        description="Content words are compared by this many first letters, a crude stem that matches "
        "'attend'/'attending' without a language's stemmer.",
    )
    neighbours: int = Field(
        64,
        ge=1,
        description="Within a story, each sentence or clause is judged against at most this many of the most alike "
        "texts of other articles (and those that have it among theirs), so the work per article stays bounded as a "
        "story grows; a fact told by hundreds of outlets is still grouped, through each wording's closest ones. "
        "Larger than any text's same-statement partners in the project's gold stories (the same results as "
        "judging every pair there).",
    )


class EntitySettings(Section):
    """Entity resolution across the articles of a story."""

    recent_sentences: int = Field(
        3,
        description="A bare surname two story people share goes to the one of them mentioned in this many last "
        "sentences (its own included); news prose repeats the full name when the subject changes for longer.",
    )
    dominance_ratio: float = Field(
        2,
        description="Failing that, it goes to the person with at least this many times the mentions of any other "
        "so far in the article; below it the surname stays unresolved (a wrong merge misleads more than a split).",
    )
    list_min_names: int = Field(
        3,
        description="A verbless line of at least this many comma- or semicolon-separated items is a list "
        "(a line-up, a cast) whose one-word names share one type.",
    )
    city_population: int = Field(
        100_000,
        description="Cities of at least this many people (geonames) are known places; smaller ones share too many "
        "names with people (\"Murray\", \"Hayes\").",
    )


class QuoteSettings(Section):
    """Quotes and their speakers."""

    max_quote_chars: int = Field(
        1500,
        ge=1,
        description="A pair of quotation marks further apart than this is two unbalanced marks, not one quote; "
        "no quote of the bundled example or eval/ gold is longer than a third of it.",
    )
    max_single_quote_chars: int = Field(
        300,
        ge=1,
        description="Straight single marks double as apostrophes, so a span between them longer than this is "
        "not trusted as a quote (they mark headline-style quotes, which are short).",
    )
    term_max_words: int = Field(
        4,
        ge=0,
        description="A quoted phrase of at most this many words and no finite verb may be a label (a name, a "
        "scare-quoted word) rather than speech.",
    )
    continuation_max_gap: int = Field(
        400,
        ge=0,
        description="An unattributed quote starting at most this many characters after an attributed one, with "
        "only its attribution between, continues it (the next sentence of the same speaker).",
    )
    pronoun_window_sentences: int = Field(
        2,
        ge=0,
        description="Antecedents of a speaker pronoun are looked for in this many previous sentences and the "
        "current one; news prose names the speaker again further away.",
    )
    min_own_words: int = Field(
        3,
        ge=1,
        description="Reported speech needs at least this many of the writer's own words (outside quotation "
        "marks), and at least as many as the quoted ones, else it is only a direct quote.",
    )
    min_own_content_words: int = Field(
        4,
        ge=1,
        description="...or at least this many content words of the writer's own, for a mixed quote "
        "(\"X said that Y's move 'is a rare ... step'\").",
    )
    min_contained_words: int = Field(
        3,
        ge=1,
        description="A shorter direct quote inside a longer one is the same quote trimmed by an outlet only "
        "from this many words (a one-word \"closely\" is not).",
    )
    min_description_words: int = Field(
        3,
        ge=1,
        description="A speaker only described (\"a senior official\") is linked to the story's one person "
        "printed with that description only when it has this many content words: a short description could "
        "be anyone.",
    )


class ClaimSettings(Section):
    """Claims, their sources, and conflicts between them."""

    min_words: int = Field(4, ge=1, description="A clause of fewer words is a headline fragment or page furniture, "
                           "not a checkable claim.")
    min_figure_words: int = Field(3, ge=1, description="A clause stating a figure is a checkable claim from this "
                                  "many words ('400 were injured').")
    quote_share: float = Field(0.5, ge=0.0, le=1.0, description="A clause at least this much (in characters) inside "
                               "quotation marks reports someone's words: a quote, not the outlet's own fact.")
    dateline_tokens: int = Field(12, ge=1, description="A dateline or kicker ends with a dash within this many tokens "
                                 "of the sentence start ('WASHINGTON, D.C., Sept 3 (Reuters) -' is ten).")
    approximate_share: float = Field(0.1, ge=0.0, description="An approximate figure stands for the values within "
                                     "one rounding step of it as written ('about 380': 370-390), but never for more "
                                     "than this share of it ('about 300': 270-330).")
    unit_alike: float = Field(0.7, ge=0.0, le=1.0, description="Cosine of 'the number of <noun>' for two nouns "
                              "counting the same thing (MiniLM: aircraft/planes 0.86, ships/vessels 0.72, "
                              "troops/soldiers 0.91; apart: euros/dollars 0.67, children/students 0.55, "
                              "soldiers/firefighters 0.53).")
    event_date_days: int = Field(31, ge=1, description="A date of at most this many days (a day, a week, a month) "
                                 "pins down when something happened; two such dates that do not overlap cannot be "
                                 "one event.")
    group_threshold: float = Field(0.6, ge=0.0, le=1.0, description="Minimum mean sameness score (link/sameness.py) "
                                   "between two groups of clauses merged into one claim: no chaining of loosely "
                                   "related clauses through a paraphrase of each.")
    group_core: int = Field(32, ge=1, description="Members of a claim group (the first to join: the most alike "
                            "pairs merge first) its mean score with another group and its representative wording "
                            "are judged on: a fact told by hundreds of outlets is not re-scored against every one of "
                            "them at each merge, so grouping stays linear in the story; no gold story has a claim "
                            "of more sources.")
    news_days: int = Field(10, ge=0, description="An undated clause reports what happened up to this many days "
                           "before its article was published: a count set in March is not this week's count.")
    candidate: float = Field(0.3, ge=0.0, le=1.0, description="Clause pairs less similar than this are not compared "
                             "for conflicts at all (unrelated; keeps big stories fast).")
    related: float = Field(0.55, ge=0.0, le=1.0, description="Minimum clause cosine for two clauses to be about the "
                           "same thing.")
    figure_related: float = Field(0.45, ge=0.0, le=1.0, description="Lower clause cosine at which two clauses naming "
                                  "one entity are compared on figures of one unit and of one magnitude.")
    same_magnitude: float = Field(2.0, ge=1.0, description="How far apart (a factor) two figures of loosely related "
                                  "clauses may be and still count one thing.")
    far_apart: float = Field(10.0, ge=1.0, description="Two figures further apart than this factor count different "
                             "things ('Four people have died' / '4,300 people had been evacuated').")
    shared_nouns: int = Field(2, ge=1, description="Without a shared named entity, clauses sharing this many nouns "
                              "('fire', 'warehouse') are about one thing.")
    same_words: float = Field(0.8, ge=0.0, le=1.0, description="Clause cosine of the same quoted words.")
    same_kind_of_event: float = Field(0.6, ge=0.0, le=1.0, description="Cosine between 'first <noun phrase>' and a "
                                      "noun phrase of the other clause for the same kind of event ('international "
                                      "visit' ~ 'foreign trip' 0.74; 'multilateral gathering' ~ 'summit meeting' "
                                      "0.53).")
    same_object: float = Field(0.5, ge=0.0, le=1.0, description="Cosine between the objects of a pending and a done "
                               "status verb ('participation' ~ 'attendance' 0.52).")
    same_event: float = Field(0.5, ge=0.0, le=1.0, description="Cosine between the dated events of two clauses for "
                              "one event ('The council agreed buy the port' ~ 'the council's offer made' 0.64; not "
                              "'the army sent troops' ~ 'firefighters arrived' 0.35).")
    related_event: float = Field(0.3, ge=0.0, le=1.0, description="Lower event cosine enough in clauses otherwise "
                                 "alike (`related`): 'The authority suspended the licence' ~ 'The suspension "
                                 "imposed' 0.43.")


class DerivationSettings(Section):
    """Copies and rewrites: who copied whom (`link/derivation.py`)."""

    shingle: int = Field(
        8, ge=2, description="Word n-gram length for verbatim overlap; 8 shared words in a row are rarely a coincidence."
    )
    long_run: int = Field(
        12,
        ge=1,
        description="An unquoted run of this many shared words proves copying on its own (names and boilerplate "
        "stay under 12); set on the made-up rewrites of tests/test_derivation.py and the example's rewrite.",
    )
    align_cosine: float = Field(
        0.6,
        ge=0.0,
        le=1.0,
        description="Embedding cosine for a sentence pair to count as a paraphrase in the monotone alignment of "
        "a derived article with its source (a looser question than 'the same statement': is this sentence "
        "rewritten from that one, in order).",
    )
    close_cosine: float = Field(
        0.8, ge=0.0, le=1.0, description="Embedding cosine of a close rewrite (the same sentence with a few words changed)."
    )
    min_aligned_share: float = Field(
        0.25,
        ge=0.0,
        le=1.0,
        description="With a credit or a long unquoted run, this share of the derived text must follow the source.",
    )
    min_close_share: float = Field(
        0.6,
        ge=0.0,
        le=1.0,
        description="Without hard evidence, this share of the derived text must be close rewrites of the source ...",
    )
    min_close_pairs: int = Field(
        4,
        ge=1,
        description="... and at least this many sentences: two short reports of one event can be close sentence "
        "by sentence.",
    )
    partners: int = Field(
        20,
        ge=1,
        description="Each article is examined as a copy of (or source for) at most this many others of its story: "
        "those sharing the most sentences alike (`align_cosine`). Bounds the work per article in a big story; "
        "more than any article's copies in the project's gold (the same results as examining every pair there).",
    )
    sentence_neighbours: int = Field(
        2,
        ge=1,
        description="Sentences alike across articles are looked up as the `partners` x this many most alike "
        "sentences of each sentence, enough to find the `partners` articles sharing the most.",
    )
    min_added_words: int = Field(
        8,
        ge=1,
        description="A sentence one version adds counts as an update (a new lead, an inserted paragraph) only "
        "with this many words: shorter lines are datelines, bylines and captions split off as sentences (seen "
        "on ECB+ wire copies).",
    )
    syndication_share: float = Field(
        0.5,
        ge=0.0,
        le=1.0,
        description="Share of the derived words in verbatim shingles of the source that makes a copy without "
        "further evidence (syndication).",
    )
    passages_listed: int = Field(
        2,
        ge=0,
        description="Aligned passages listed for a pair that is not its derived article's strongest copy (that one "
        "lists all, and the report shows it): a story of n wire copies has up to n² pairs, and listing every "
        "aligned sentence of each made the copies most of dossier.json; `aligned` counts them all. Two show "
        "where the copy runs; with three, one story of 200 real-text articles gave a dossier.json of 5.01x its input.",
    )


class ParseSettings(Section):
    """How the per-article parse uses the machine, and the budgets that keep one article from stalling a run:
    every per-article stage costs time linear in the text once the budgets hold (`bench/budget.py`)."""

    max_doc_tokens: int = Field(
        100_000,
        ge=1,
        description="Texts of more tokens than this are skipped before parsing (counted only for texts of more "
        "characters than this, which can hold that many): parse time and memory grow with tokens, and a text of "
        "mostly one-character words or symbols packs more tokens into the character budget "
        "(cleaning.max_article_chars) than prose, whose 300,000 characters are some 60,000 tokens.",
    )
    article_seconds: float = Field(
        60.0,
        gt=0,
        description="An article whose own stages (finding and resolving its dates) take longer than this is skipped "
        "with the reason, and a story whose linking takes longer than this per article is listed without its "
        "cross-checks; the run goes on. Those stages take well under a second for a news article within the budgets.",
    )
    max_sentence_tokens: int = Field(
        150,
        ge=10,
        description="A run of more tokens than this without a line break or sentence-final mark is cut into "
        "sentences of this length before parsing. Real news sentences stay well under it (lists included); text "
        "without punctuation would otherwise be one sentence, and rules that read a token's sentence would cost "
        "its square.",
    )

    processes: int = Field(
        1,
        ge=0,
        description="spaCy-only worker processes that parse a large input from its front while this process "
        "parses from the back until the two meet (nlp/parse_worker.py; 0 parses in this process). Each side "
        "encodes the sentences of what it parsed right after (a worker sends the vectors with the Docs; int8 link "
        "encoder only, whose vectors are the same wherever made): when this process encoded every article, it "
        "worked alone for 3.0-3.7 CPU-s after the worker's last batch on spread 200, now 0.04-0.1. One keeps both "
        "cores busy (8-9% off the wall "
        "time of 200 articles with this process only encoding; parsing too, this process took 83 of 200 texts of "
        "one story and 51 of 197 spread ones; the parse phase of one story went from 46.5 to 40.0 s side by side "
        "under load ~9, and a run's CPU fell a little, its own Docs needing no bytes round trip: 34.7 to 34.2 s one "
        "story, 68.9 to 66.3 s spread). Spawned, not forked: a forked worker starts with a "
        "copy of everything this process holds (~600 MB with torch, spaCy and MiniLM loaded; two took a "
        "250-article run to 1.96 GB summed over the processes); a spawned one imports spaCy without torch "
        "(nlp/torchless.py: 156 against 346 MB resident). Once the parse is done it links stories beside this "
        "process (`link_in_workers_up_to`), or stops before linking, when a run's memory peaks. With one worker "
        "stopping so and both encoders int8, a run peaked at 827, 938, 1,179 MB (RSS summed over the processes; "
        "PSS 695, 808, 1,046) at 250, 500, 1,000 articles (bench/throughput.py --only memory): linear. With two "
        "encoders (the full MiniLM for leads, int8 for linking) 1,000 articles peaked at 1,625 MB RSS (1,352 PSS) "
        "while an idle worker stayed to the end; this process alone peaked at 1,443 MB (1,213 PSS) while linking.",
    )
    link_in_workers_up_to: int = Field(
        1000,
        ge=0,
        description="Inputs of up to this many articles keep their parse workers once the parse is done, to link "
        "whole stories (each alone, from its Docs' bytes, as this process would) while this process links others "
        "when a run has more than one story: linking is most of a run after the parse, and ran on one core. A "
        "worker linking holds ~350 MB (spaCy, ONNX Runtime, its stories), which a run must have room for: with the "
        "full MiniLM (torch) for leads in this process, 1,000 real articles went past the 1.5 GB a run of 1,000 may "
        "take (1,543 MB RSS summed over the processes while linking: this process 1,178, the worker 366); with int8 "
        "leads (no torch) the same run with the worker peaked at 1,099 MB (PSS 948; bench/throughput.py's "
        "sampler). The worker then renders the report's formats but dossier.json while this process writes that "
        "and stores the run (`cli._elsewhere`), and stops. The dossiers of 200 real articles were the "
        "same byte for byte. 0: never.",
    )
    link_split_from: float = Field(
        0.5,
        gt=0,
        description="A story with more than this share of a run's articles is linked in this process, from the "
        "Docs it holds, while a worker that stayed finds the story's copies and supporting statements (which need "
        "no other stage of linking) and then links all the other stories: linking a story costs more than its "
        "share of articles (pairs of articles, clauses and sentences), so one story of most of a run, linked "
        "whole in a worker, kept one core busy long after the other had linked the rest: one story of 200 real "
        "articles (160 in one story) linked with 8.25 CPU-s in the worker and 1.96 here; split, 5.3 and 5.8 (a "
        "second more CPU in all: Docs rebuilt in the worker, per-Doc caches made in both), the same dossier. On a "
        "machine with no core to spare that second is lost, not gained. 1 or more: never.",
    )
    parallel_from: int = Field(
        100,
        ge=1,
        description="Inputs of fewer articles are parsed in this process: a worker takes seconds to start and load "
        "spaCy, which only a larger input repays.",
    )
    encode_every: int = Field(
        16,
        ge=1,
        description="Parsed articles whose sentences are encoded together while the parse workers go on: enough "
        "for the full model to batch, few enough that encoding starts soon after the parse does.",
    )
    encoder: Literal["minilm", "minilm-int8", "static"] = Field(
        "minilm-int8",
        description="The model of the lead-sentence vectors story clustering compares (analyze, ingest, Spark). "
        "'minilm-int8' (the default) is the shipped all-MiniLM-L6-v2 quantised to int8 under ONNX Runtime "
        "(nlp/quantized.py, made once per machine in the user's cache folder in ~10 CPU-s), each text encoded "
        "as if alone: the linking encoder too, so `analyze` takes the leads' vectors from the sentence vectors it "
        "encodes anyway and never imports torch (the full model's leads cost 7.0 s of 200 spread articles, and "
        "importing torch with sentence-transformers ~250 MB and seconds of model loading). With the stories "
        "thresholds on its cosine scale (`stories.threshold`) it keeps every stories bench score. 'minilm' runs "
        "the full model with torch (ECB+ dev B-cubed F1 0.952 text alone, 0.912 with metadata at threshold 0.5 "
        "and entity_weight 1.0, its calibration); 'static' a table of token vectors distilled from it "
        "(nlp/static.py, made once per machine in ~40 CPU-s), whose encoding is a look-up.",
    )
    link_encoder: Literal["minilm", "minilm-int8", "static"] = Field(
        "minilm-int8",
        description="The model of the sentences, clauses and phrases linking compares within a story (copies, claims, "
        "conflicts, figures, supporting statements, timeline): most of a run's CPU (70 of 131 s of 200 real articles "
        "with 'minilm'). 'minilm-int8' (the default) quantises each text's activations on their own, so a text's "
        "vector depends on its text only, whatever it runs with (ONNX Runtime's dynamic int8 scales activations per "
        "input tensor: in batches a resumed ingest linked a copy pair at another share), for ~2.3x less CPU than "
        "'minilm' (1,500 sentences: 7.3 against 17.1 CPU-s). It keeps every score of bench/claims.py (conflicts "
        "included), derivation.py, quotes.py and entities.py, and calibration F1 0.699 (precision 0.878) against 0.694 "
        "(0.860) with 'minilm' at the same threshold (bench/calibrate_support.py --encoder). 'static' gave calibration "
        "F1 0.741 (precision 0.820) but clause cosines of one topic run high: conflicts on the bundled example fell to "
        "recall 0.50 precision 0.67.",
    )
    encoder_threads: int = Field(
        1,
        ge=0,
        description="ONNX Runtime threads of the int8 encoder (0: one per core). It runs a few short texts of one "
        "token count at a time (`encoder_run_tokens`), too little work to share: on the shared 2-core machine 1,500 "
        "real sentences took 6.4 CPU-s with 1 thread against 7.3 with 2 (wall 41 s against 46 s); `analyze` of 100 "
        "real articles (spaCy in the same process, twice each) took the same CPU (47.0 and 48.2 s against 48.6 and "
        "47.9 s) and ~10% more wall time (350 and 344 s against 314 and 311 s) with 1. One leaves the other core to "
        "spaCy's parse worker and other processes; set 2 on a machine with a core to spare. The vectors are the same "
        "bit for bit with any number.",
    )
    encoder_run_tokens: int = Field(
        1024,
        ge=1,
        description="Tokens the int8 encoder runs at most in one pass of the model (texts of one token count run "
        "together, unpadded; a longer text alone). A pass reads the int8 weights once for all its texts, most of "
        "what a short text costs alone. Encoding the texts of 200 spread articles as `analyze` asks for them "
        "(3,546 of its 7,019, on the shared 2-core machine) took 0.892 / 0.874 / 0.876 of the CPU of each text "
        "alone with 512 / 1,024 / 2,048 tokens a pass; beyond ~1,000 tokens the activations outgrow the cache.",
    )
    encoder_together_tokens: int = Field(
        12,
        ge=0,
        description="Texts of at most this many tokens run together on the int8 model that quantises each text's "
        "activations on its own; longer ones run one at a time on the model ONNX Runtime fuses, which gives a text "
        "alone the same vector bit for bit for less CPU. The per-text model costs ~0.5 ms more a pass and ~25% more "
        "a token: on the texts `analyze` encodes for 200 spread articles it took 1.10-1.14x the CPU of running each "
        "text alone, while 8 texts of 8 tokens cost 0.88 ms a text together against 1.30 alone "
        "(docs/calibration.md).",
    )
    encoder_together_texts: int = Field(
        4,
        ge=2,
        description="Short texts (`encoder_together_tokens`) run together only when at least this many share a "
        "token count; fewer run one at a time on the fused model, which is cheaper for them.",
    )
    encoder_pool: int = Field(
        0,
        ge=0,
        description="Runs of the int8 encoder at once (texts of one token count, `encoder_run_tokens`), each on a "
        "thread of its own with its `encoder_threads` (0: one per core this process may use, less one per parse worker "
        "while the parse runs). ONNX Runtime lets go of the GIL while it runs, so after the parse the encoding of "
        "linking uses the core the parse worker held, and a vector is bit for bit the one its text gets alone. 1,200 "
        "real sentences on the shared 2-core machine under load: 34.0 and 35.4 s wall with 2 against 41.5 and 49.5 s "
        "with 1, the same CPU (8.3-8.5 s against 8.4-8.7 s); the dossiers of 200 real articles were the same.",
    )
    static_weighting: float = Field(
        1e-4,
        gt=0,
        description="SIF coefficient a of the static encoder's token weights a / (a + p), p the Zipf probability of "
        "the token's vocabulary rank: frequent tokens (articles, punctuation) say little about what a text states. "
        "1e-4 is model2vec's default and gave the best calibration of the values tried (1e-3, 1e-4, none).",
    )
    static_fit_texts: int = Field(
        1000,
        ge=100,
        description="Generated texts on which the static encoder's map to MiniLM's cosine scale is fitted at first "
        "use: each is encoded once by the full model, so this bounds the making time; enough for a 385x384 ridge fit.",
    )
    static_fit_ridge: float = Field(
        0.1,
        gt=0,
        description="Ridge penalty of that fit; 0.1 gave the closest cosines to MiniLM's on calibration pairs of "
        "the values tried (0.01, 0.1, 1).",
    )


class StoreSettings(Section):
    """Writing to the store (`ingest`)."""

    batch_articles: int = Field(
        256,
        ge=1,
        description="Articles `ingest` parses, groups and commits together, and about as many (whole stories) it "
        "links and commits together: enough for spaCy and the embedder to batch (and, at parse.parallel_from, for "
        "the parse workers to pay off), few enough to drop the parses. Each batch is one transaction, so a killed "
        "run loses at most one batch of work and the next run continues after the last one stored.",
    )


class ReportSettings(Section):
    """Timeline, brief, coverage and the rendered report."""

    brief_sentences: int = Field(8, ge=1, description="Most sentences in a story's brief: a summary read at a glance.")
    brief_min_words: int = Field(
        8, ge=1, description="Shorter sentences are left out of the brief: headline fragments and captions, not facts."
    )
    coverage_listed: int = Field(
        6, ge=1, description="Most statements listed as unique to, or omitted by, each source in the coverage view."
    )


class Settings(Section):
    ingest: IngestSettings = IngestSettings()
    network: NetworkSettings = NetworkSettings()
    cleaning: CleaningSettings = CleaningSettings()
    time: TimeSettings = TimeSettings()
    stories: StorySettings = StorySettings()
    sameness: SamenessSettings = SamenessSettings()
    entities: EntitySettings = EntitySettings()
    quotes: QuoteSettings = QuoteSettings()
    claims: ClaimSettings = ClaimSettings()
    derivation: DerivationSettings = DerivationSettings()
    report: ReportSettings = ReportSettings()
    parse: ParseSettings = ParseSettings()
    store: StoreSettings = StoreSettings()


class SettingsError(ValueError):
    """A settings file that cannot be used; the message says which key and why."""


def load_settings(path: Path | None = None) -> Settings:
    """Defaults, overridden by the TOML file at `path` when given."""
    if path is None:
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise SettingsError(f"cannot read settings file {path}: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{path} is not valid TOML: {error}") from None
    try:
        return Settings.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors())
        raise SettingsError(f"{path}: {problems}") from None


def settings_reference() -> str:
    """Markdown listing every section and field with its default and why it has that value."""
    lines = ["# Settings", "", "Generated by `python -m newsweave.settings`; load overrides with `--config FILE`.", ""]
    for name, section_field in Settings.model_fields.items():
        section = section_field.annotation
        assert isinstance(section, type) and issubclass(section, Section)
        lines += [f"## [{name}]", "", (section.__doc__ or "").strip(), ""]
        for key, field in section.model_fields.items():
            lines.append(f"- `{key}` = `{field.default!r}`: {field.description or ''}")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(settings_reference())
