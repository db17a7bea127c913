"""Article metadata found in the text itself or given with it: title, outlet, dateline, byline, date.

Metadata given with the document (HTML meta tags, a JSON record, a sidecar) wins over what the text says;
what the text says is read from the cleaned text and from the furniture the cleaner removed (headline,
date stamp, byline, contributor credit, agency notice), and from the article's URL (given, or printed alone
on a line of the copy), never guessed. A missing publication date stays null with the reason; inferring a
window from the text is a later stage's job, and says so.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from newsweave.clean.bylines import (
    byline_parts,
    names_outlet,
    outlet_line,
    outlet_names,
)
from newsweave.clean.dateline import (
    agency_at_start,
    dateline_alone,
    dateline_at_start,
    opening_dateline,
)
from newsweave.clean.dates import numeric_readings, parse_date
from newsweave.clean.furniture import STAMP_ROW_SEPARATOR, Cleaned
from newsweave.clean.urls import (
    fits_site,
    url_date,
    url_host,
    url_outlet,
    url_site,
    urls_in,
)
from newsweave.dates import DateRange, day_range, safe_date
from newsweave.lang import Resources
from newsweave.models import RawDocument, Removal
from newsweave.settings import CleaningSettings

DESK_MAX_WORDS = 5
TITLE_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|::?)\s+")
"""Between a page title's headline and the site's name ("Headline | Site", "Headline - Site", "Headline :
Site")."""
GIVEN_OUTLET_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|::?|>|»)\s+|:\s+")
"""Between an outlet's name and the section a feed's title adds ("Harbour Wire > World", "Wire: Top Stories")."""
TRAILING_BRACKETS = re.compile(r"\s*\([^()]*\)$")
"""What a site adds after its name: "Harbour News (Harbour Broadcasting Corporation)"."""
TITLE_OUTLET_MAX_WORDS = 5
DATE_TRUST = ("published", "dateline", "url", "today", "updated", "stamp")  # not language
"""Kinds of stated publication date, most trusted first: a stamp keyed as the publication date, a full date
in the dateline, the URL's date, the text naming its own day ("today (Saturday, December 8)"), an update
stamp, a date printed alone (which may be the day the page was printed or crawled)."""
EVENT_AHEAD_DAYS = 60
"""An article dates events at most this far ahead of its own day ("talks resume on Thursday, March 5");
a later day of the year is last year's."""
YEAR_SLACK = 1
"""The year of a day the text states without one ("today (Saturday, December 8)") is sought among the years
the page mentions and this many either side."""
ACRONYM = re.compile(r"[A-Z]{3,6}")
ADJACENT_CHARS = 3
"""Two removed lines this close (a line break or two between them) were printed one above the other."""
YEARS_APART_DAYS = 365
"""Two stated dates this far apart disagree about the year, not about an update."""
YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
STATED_DATE_RULES = ("date-stamp", "section-label", "breadcrumb", "masthead", "dateline", "byline")  # not language
"""Removed furniture whose full date is a stated date (a section label glued to it: "NewsMarch 3, 2015"; a
byline: "By JANE DOEMARCH 6, 2016")."""


@dataclass(frozen=True)
class StatedDate:
    """A publication date the text or URL states, what kind of statement it is and where it was read."""

    day: DateRange
    kind: str
    evidence: str


@dataclass
class ArticleMetadata:
    title: str | None
    outlet: str | None
    byline: str | None
    dateline: str | None
    published: DateRange | None
    published_reason: str
    url: str | None
    found_by: dict[str, str]
    """How each field that has a value was found: field name -> the name of the rule that gave it."""


def extract_metadata(cleaned: Cleaned, raw: RawDocument, res: Resources, cfg: CleaningSettings) -> ArticleMetadata:
    url, url_rule = _first_found(("given", lambda: raw.url), ("address-line", lambda: page_url(cleaned, res)))
    published, reason = publication_date(cleaned, raw, res, cfg, url)
    headline, titled = title_and_outlet(_first(cleaned.removed, "headline"), res)
    # keys are the article's own field names
    found = {  # not language
        "url": (url, url_rule),
        "title": _first_found(("given", lambda: _clean(raw.title)), ("headline", lambda: headline)),
        "outlet": _first_found(
            ("given", lambda: _given_outlet(raw.outlet, url, res)),
            ("url-host-table", lambda: url_outlet(url, res) if url else None),
            ("site-name-on-page", lambda: _named_for_site(url, cleaned, res) if url else None),
            ("page-title", lambda: titled),
            ("text-credit", lambda: find_outlet(cleaned, res, cfg)),
            ("url-host", lambda: url_host(url) if url else None),
        ),
        "byline": _first_found(
            ("given", lambda: _clean(raw.byline)), ("byline-line", lambda: find_byline(cleaned.removed, res))
        ),
        "dateline": _first_found(("dateline", lambda: find_dateline(cleaned, res, cfg))),
    }
    return ArticleMetadata(
        title=found["title"][0],
        outlet=found["outlet"][0],
        byline=found["byline"][0],
        dateline=found["dateline"][0],
        published=published,
        published_reason=reason,
        url=url,
        found_by={name: rule for name, (value, rule) in found.items() if value and rule},
    )


def _first_found(*rules: tuple[str, Callable[[], str | None]]) -> tuple[str | None, str | None]:
    """The value of the first rule that finds one, with that rule's name, so an article can say how each of its
    metadata fields was found; later rules are not run."""
    for name, find in rules:
        value = find()
        if value:
            return value, name
    return None, None


def title_and_outlet(headline: str | None, res: Resources) -> tuple[str | None, str | None]:
    """A headline copied with the page's title bar ends with the outlet's name: "Port blockade spreads |
    Harbour Wire", "Fires spread - Harbour News (Harbour Broadcasting Corporation)". The name is taken when it is a known outlet (`outlets.hosts`), a site's domain
    ("HarbourWire.com") or ends with a word publications are named with; the title is what comes before it."""
    if not headline:
        return None, None
    parts = TITLE_SEPARATOR.split(headline)
    if len(parts) < 2:
        return headline, None
    name = TRAILING_BRACKETS.sub("", parts[-1]).strip()
    words = name.split()
    if not words:
        return headline, None
    connectors = res.words("furniture.masthead_connectors")
    capitalised = all(word[0].isupper() or word in connectors for word in words)
    known = name in outlet_names(res) or res.pattern("metadata.domain").fullmatch(name) is not None
    publication = words[-1].lower() in res.words("metadata.publication_words")
    named = capitalised and len(words) <= TITLE_OUTLET_MAX_WORDS and publication
    if not (known or named):
        return headline, None
    return headline[: len(headline) - len(parts[-1])].rstrip(" |–—-:"), name


def _given_outlet(given: str | None, url: str | None, res: Resources) -> str | None:
    """The outlet given with the document, without the section a feed's title adds ("Lakeside Post - World
    News", "Harbour Wire: Top Stories"): the part the URL's site spells, else a known outlet's name, else all."""
    outlet = _clean(given)
    if not outlet:
        return None
    parts = [part.strip() for part in GIVEN_OUTLET_SEPARATOR.split(outlet) if part.strip()]
    site = url_site(url) if url else None
    fitting = next((part for part in parts if site and fits_site(part, site)), None)
    return fitting or next((part for part in parts if part in outlet_names(res)), None) or outlet


def _named_for_site(url: str, cleaned: Cleaned, res: Resources) -> str | None:
    """The site's own name as its page prints it, recognised by spelling the URL's registered name
    ("Lakeside Daily Post" on lakesidepost.com): in the removed furniture first, then in the text. A name is
    a run of capitalised words (a few connectors inside: `furniture.masthead_connectors`) on one line."""
    site = url_site(url)
    if not site:
        return None
    connectors = res.words("furniture.masthead_connectors")
    for line in [*(removal.text for removal in cleaned.removed), *cleaned.text.split("\n")]:
        for run in _capitalised_runs(line, connectors):
            spans = (run[start:end] for size in range(len(run), 0, -1) for start in range(len(run) - size + 1)
                     for end in (start + size,) if size <= TITLE_OUTLET_MAX_WORDS + 1)
            found = next((" ".join(span) for span in spans if fits_site(" ".join(span), site)), None)
            if found:
                return found
    return None


def _capitalised_runs(line: str, connectors: frozenset[str]) -> list[list[str]]:
    runs: list[list[str]] = [[]]
    for word in re.findall(r"[\w&'’.-]+", line):
        if word[0].isupper() or word[0].isdigit() or (runs[-1] and word in connectors):
            runs[-1].append(word.strip(".'’"))
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def page_url(cleaned: Cleaned, res: Resources) -> str | None:
    """The article's own address when the copy prints it alone on a line (a saved or printed page), perhaps
    labelled ("URL: ...", "Source: ...": the credit rule takes that line first)."""
    lines = (text for text in _texts(cleaned.removed, "bare-url", "credit-line")
             if res.pattern("furniture.bare_url").fullmatch(text.strip()))
    return next((found for text in lines for found in urls_in(text, res)), None)


def publication_date(
    cleaned: Cleaned, raw: RawDocument, res: Resources, cfg: CleaningSettings, url: str | None
) -> tuple[DateRange | None, str]:
    """Metadata first; else the dates the text and URL state, the most trusted kind first (`DATE_TRUST`).
    When two stated dates are a year or more apart, one is usually page chrome (the day the page was printed
    or crawled): the reason says so, and the date the article's own events agree with wins: the one in whose
    year the weekdays the text gives its dates fall ("on Tuesday, March 3"), else the one whose year the text
    mentions; when the text tells neither, the earlier date (chrome is printed after the article, never
    before)."""
    unread = ""
    if raw.published:
        given = parse_date(raw.published, res)
        if given:
            return day_range(given), f"given in metadata: '{raw.published}'"
        unread = f"metadata date '{raw.published}' is not a full calendar date; "
    stated = sorted(stated_dates(cleaned, res, cfg, url), key=lambda found: DATE_TRUST.index(found.kind))
    if not stated:
        stamps = _texts(cleaned.removed, "date-stamp")
        if stamps:
            return None, f"{unread}the text's date stamp '{stamps[0]}' gives no full, unambiguous date"
        return None, f"{unread}no publication date stated or given"
    best = stated[0]
    reason = f"{unread}{_source(best)}"
    apart = [other for other in stated if abs((other.day.first - best.day.first).days) >= YEARS_APART_DAYS]
    if apart:
        text = "\n".join([cleaned.text, *cleaned.captions])
        mentioned = {int(year) for year in YEAR.findall(text)}
        days = _weekday_days(text, res)
        fits = {id(found): sum(_weekday_fits(found.day.first, day) for day in days) for found in stated}
        best_fit = max(fits.values())
        by_weekday = [found for found in stated if best_fit and fits[id(found)] == best_fit]
        by_weekday = by_weekday if len({found.day.first.year for found in by_weekday}) == 1 else []
        agreeing = [found for found in stated if found.day.first.year in mentioned]
        earliest = min(stated, key=lambda found: found.day.first)
        chosen = (by_weekday[0] if by_weekday else best if best.day.first.year in mentioned
                  else agreeing[0] if agreeing else earliest)
        other = apart[0] if chosen is best else best
        years = abs(chosen.day.first.year - other.day.first.year)
        why = (
            f", and the weekdays the article gives its events fall in {chosen.day.first.year}" if by_weekday
            else "" if chosen is best else f", and the article's own text mentions {chosen.day.first.year}" if agreeing
            else ", and a page is printed, crawled or updated after it is published, never before"
        )
        reason = f"{unread}{_source(chosen)}; {_source(other)} is {years} year{'s' if years != 1 else ''} apart{why}"
        best = chosen
    return best.day, reason


def _weekday_days(text: str, res: Resources) -> list[tuple[int, int, int]]:
    """The (weekday, month, day) of each event the text dates without a year: "on Tuesday, March 3"."""
    weekdays, months = res.table("calendar.weekdays"), res.table("calendar.months")
    days = []
    for found in res.pattern("metadata.weekday_day").finditer(text):
        parts = res.pattern("metadata.month_day").match(found["day_month"].strip())
        weekday = weekdays.get(found["weekday"].lower().rstrip("."))
        month = months.get(((parts["month"] or parts["month_after"]) if parts else "").lower().rstrip("."), 0)
        if parts and weekday is not None and month:
            days.append((weekday, month, int(parts["day"] or parts["day_first"])))
    return days


def _weekday_fits(published: date, event: tuple[int, int, int]) -> bool:
    """Whether an event dated "Tuesday, March 3" falls on that weekday in the year around `published`: its
    year, or the year before for a day too far ahead to be announced (a January article about December)."""
    weekday, month, day = event
    found = safe_date(published.year, month, day)
    if found and (found - published).days > EVENT_AHEAD_DAYS:
        found = safe_date(published.year - 1, month, day)
    return found is not None and found.weekday() == weekday


def stated_dates(cleaned: Cleaned, res: Resources, cfg: CleaningSettings, url: str | None) -> list[StatedDate]:
    """Every full date the page states for itself: in its stamps (a row may hold several: "Updated ... |
    Published ..."), its opening dateline (or a date alone after it: "PLACE (Wire) - May 28, 2013"), its URL,
    and the day its text names as its own, in the order they come."""
    mentioned = _days_mentioned(cleaned, res)
    found = [date_found for rule in STATED_DATE_RULES for text in _texts(cleaned.removed, rule)
             for date_found in _stamp_dates(text, rule, res, mentioned)]
    for paragraph in cleaned.text.split("\n")[: cfg.dateline_paragraphs]:
        opening = opening_dateline(paragraph)
        rest = paragraph[opening.end():].strip() if opening else ""
        dated = rest if res.pattern("metadata.stamp").fullmatch(rest) else ""  # "PLACE (Wire) - May 28, 2013"
        day = parse_date(opening.group(), res) or parse_date(dated, res) if opening else None
        if opening and day:
            found.append(StatedDate(day_range(day), "dateline", (opening.group() + dated).strip()))
    day_of_url = url_date(url) if url else None
    if day_of_url:
        found.append(StatedDate(day_of_url, "url", url or ""))
    years = {int(year) for year in YEAR.findall("\n".join([cleaned.text, *cleaned.captions]))}
    years |= {found_date.day.first.year for found_date in found}
    return found + _today_stated(cleaned.text, res, years)


def _today_stated(text: str, res: Resources, years: set[int]) -> list[StatedDate]:
    """The days the text gives as its own ("today (Saturday, December 8)", or the day after "yesterday (Friday,
    December 7)"), each in the one year near those
    the page mentions (`YEAR_SLACK`) whose calendar puts that day on that weekday; none when no year or
    several fit."""
    weekdays, months = res.table("calendar.weekdays"), res.table("calendar.months")
    candidates = {year + offset for year in years for offset in range(-YEAR_SLACK, YEAR_SLACK + 1)}
    stated = []
    for found in res.pattern("metadata.today_stated").finditer(text):
        parts = res.pattern("metadata.month_day").match(found["day_month"].strip())
        weekday = weekdays.get(found["weekday"].lower().rstrip("."))
        if not parts or weekday is None:
            continue
        month = months.get((parts["month"] or parts["month_after"]).lower().rstrip("."), 0)
        day = int(parts["day"] or parts["day_first"])
        fitting = [d for year in sorted(candidates) if (d := safe_date(year, month, day)) and d.weekday() == weekday]
        before = res.table("metadata.days_before_publication").get(found["word"].lower(), 0)
        if len(fitting) == 1:
            stated.append(StatedDate(day_range(fitting[0] + timedelta(days=before)), "today", found.group()))
    return stated


def _days_mentioned(cleaned: Cleaned, res: Resources) -> set[date]:
    """The full dates the article and its captions print ("Picture date: Wednesday February 12, 2014")."""
    texts = "\n".join([cleaned.text, *cleaned.captions])
    return {day for found in res.pattern("metadata.printed_date").finditer(texts) if (day := parse_date(found.group(), res))}


def _stamp_dates(stamp: str, rule: str, res: Resources, mentioned: set[date]) -> list[StatedDate]:
    """The dates of one stamp row, each of the kind its keyword gives ("Published", "Updated"); a date with
    no keyword before it is a plain stamp, or the publication date when the row goes on to an update. An
    ambiguous numeric date ("Published 12/02/2014") is read the way the article's own dates agree with, when
    exactly one of its two readings is a day the text or a caption prints."""
    keywords = [(m.start(), "published") for m in res.pattern("metadata.published_keyword").finditer(stamp)]
    updates = [(m.start(), "updated") for m in res.pattern("metadata.updated_keyword").finditer(stamp)]
    first = "published" if updates and not keywords else "stamp"  # "Sept. 20 / 7:45 AM / Updated Sept. 21"
    marks = [(0, first), *sorted(keywords + updates)]
    found = []
    for (start, kind), (end, _) in zip(marks, [*marks[1:], (len(stamp), "")], strict=True):
        part = stamp[start:end]
        day = parse_date(part, res) if end > start else None
        agreeing = [reading for reading in numeric_readings(part) if reading in mentioned] if part else []
        day = day or (agreeing[0] if len(agreeing) == 1 else None)
        if day:
            found.append(StatedDate(day_range(day), kind if rule == "date-stamp" else "stamp", stamp))
    return found


def _source(found: StatedDate) -> str:
    where = "the URL" if found.kind == "url" else "text"
    return f"stated in {where}: '{found.evidence}' ({found.day.first.isoformat()})"


def find_outlet(cleaned: Cleaned, res: Resources, cfg: CleaningSettings) -> str | None:
    """The outlet the text names as its own, strongest evidence first: an agency notice about its own
    website; a contributor credit ("Outlet's X contributed"); after the article's last paragraph, a sign-off
    ("-AFP/rk") or a "Source: X" line (inside the article, "Source: X" credits a photo or video); the agency
    opening the first sentence ("WASHINGTON (Agency) -", "(Agency) —"; on a syndicating site that is whose
    report it is); the organisation of the byline, of a line under the headline ("Harbour Wire", "PLACE -
    Agency"), of a signed date stamp ("June 2,2012 by Harbour Press") or of the page's metadata row ("Desk /
    SITE.COM / Updated ..."); the owner named by a copyright, syndication or newsletter notice; an outlet's
    name in the metadata row ("Harbour Wire | Posted: ..."; on a syndicating site, the wire); the outlet
    that interviews the article's sources ("told X" at least `cfg.min_interviews` times); last, the masthead
    printed above the headline or a teaser heading for more of its stories ("MORE FROM X"). One "told X"
    alone is a quoted source."""
    finders = (
        lambda: _owner(_texts(cleaned.removed, "subscription-notice"), res, "metadata.notice_owner"),
        lambda: _owner(_texts(cleaned.removed, "credit-line"), res, "metadata.contributor"),
        lambda: _signed_off(cleaned, res),
        lambda: _opening_agency(cleaned, res, cfg),
        lambda: _byline_organisation(cleaned, res),
        lambda: _owner_notice(cleaned, res),
        lambda: _stamp_row_outlet(cleaned, res),
        lambda: _interviewer(cleaned, res, cfg),
        lambda: _masthead(cleaned, res) or _more_from(cleaned, res),
    )
    return next((outlet for finder in finders if (outlet := finder())), None)


def _masthead(cleaned: Cleaned, res: Resources) -> str | None:
    """The masthead when it is worded like a publication's name ("The Morning Whistle", "Harbour Evening
    Gazette"); a headline broken over two lines puts its first half there too ("Harbour District Gang Member")."""
    masthead = _first(cleaned.removed, "masthead")
    if not masthead:
        return None
    article = masthead.split()[0].lower() in res.words("furniture.masthead_connectors")
    return masthead if article or names_outlet(masthead, res) else None


def _more_from(cleaned: Cleaned, res: Resources) -> str | None:
    """The outlet a teaser heading points to for more of its own stories ("MORE FROM HARBOUR NEWS")."""
    for heading in _texts(cleaned.removed, "teaser-marker"):
        found = res.pattern("metadata.more_from").fullmatch(heading.strip(" :"))
        if found and names_outlet(found["outlet"], res):
            return found["outlet"]
    return None


def _signed_off(cleaned: Cleaned, res: Resources) -> str | None:
    tail = [removal for removal in cleaned.removed if (removal.start or 0) >= cleaned.article_end]
    sign_offs = [res.pattern("metadata.sign_off").fullmatch(r.text.strip()) for r in tail if r.rule == "sign-off"]
    named = next((found["outlet"] for found in sign_offs if found), None)
    credits = [removal.text for removal in tail if removal.rule == "credit-line"]
    notes = [removal.text for removal in tail if removal.rule == "author-note"]
    return named or _owner(credits, res, "metadata.source_credit") or _owner(notes, res, "metadata.author_note")


def _opening_agency(cleaned: Cleaned, res: Resources, cfg: CleaningSettings) -> str | None:
    paragraphs = cleaned.text.split("\n")[: cfg.dateline_paragraphs]
    return next((agency for paragraph in paragraphs if (agency := agency_at_start(paragraph, res))), None)


def _byline_organisation(cleaned: Cleaned, res: Resources) -> str | None:
    for removal in cleaned.removed:
        organisation = _organisation_named(removal, cleaned, res)
        if organisation:
            return organisation
    domain = res.pattern("metadata.domain")
    return next((part for part in _stamp_row_parts(cleaned.removed) if domain.fullmatch(part)), None)


def _organisation_named(removal: Removal, cleaned: Cleaned, res: Resources) -> str | None:
    """The organisation a byline, an outlet line, a dateline line or a signed date stamp names. A name leading
    a stamp ("X, October 27, 2015") is an outlet's only when known or worded like one: a place leads stamps
    the same way ("Beijing, October 27, 2015")."""
    if removal.rule == "byline":
        _, organisation = byline_parts(removal.text, res)
        named = res.pattern("metadata.organisation_name").fullmatch(organisation)
        return organisation if named and not set(organisation.lower().split()) & res.words("metadata.byline_roles") else None
    if removal.rule == "outlet-line":
        return outlet_line(removal.text, res)
    if removal.rule == "dateline":
        found = dateline_alone(removal.text, cleaned.text, res)
        return (found.agency if found else None) or _agency_above_stamp(removal, cleaned, res)
    if removal.rule in ("subheadline", "section-label") or (
        removal.rule == "photo-credit" and not _right_after(removal, cleaned, "caption")
    ):
        return _agency_above_stamp(removal, cleaned, res)  # "AFP" alone over the stamp, with no caption above
    if removal.rule == "date-stamp":
        signed = res.pattern("metadata.stamp_signed").search(removal.text)
        if signed and signed["name"]:
            name = signed["name"]
            return name if names_outlet(name, res) or len(name.split()) == 1 else None
        return signed["lead"] if signed and names_outlet(signed["lead"], res) else None
    return None


def _agency_above_stamp(removal: Removal, cleaned: Cleaned, res: Resources) -> str | None:
    """One word alone on the line right above the date stamp is the agency that filed the story ("XINHUA" over
    "Mar 3, 2015"), not a dateline, when it is a known outlet's whole name (`outlets.hosts`): a city prints
    the same way, so an unknown word is left unread."""
    word = removal.text.strip()
    known = {name.lower() for name in outlet_names(res) if len(name.split()) == 1}
    if word.lower() not in known:
        return None
    below = [other for other in cleaned.removed if other.rule == "date-stamp" and _adjacent(removal, other)]
    return word if below else None


def _right_after(removal: Removal, cleaned: Cleaned, rule: str) -> bool:
    """Whether a removal of `rule` was printed on the line right above `removal`."""
    return any(_adjacent(other, removal) for other in cleaned.removed if other.rule == rule)


def _adjacent(above: Removal, below: Removal) -> bool:
    if above.start is None or below.start is None:
        return False
    return 0 <= below.start - (above.start + len(above.text)) <= ADJACENT_CHARS


def _owner_notice(cleaned: Cleaned, res: Resources) -> str | None:
    notices = _texts(cleaned.removed, "copyright-notice", "publisher-notice")
    keys = ("metadata.notice_owner", "metadata.edited_by_owner", "metadata.thanks_owner", "metadata.copyright_owner",
            "metadata.first_appeared")
    return _owner(notices, res, *keys)


def _owner(texts: list[str], res: Resources, *keys: str) -> str | None:
    for text in texts:
        for key in keys:
            found = res.pattern(key).search(text)
            if found and found["outlet"]:
                return _without_article(found["outlet"].strip(" .,!"))
    return None


def _without_article(name: str) -> str:
    """"© 2018 the Valley Chronicle": a lower-case article before a name is the sentence's, not the name's."""
    first, _, rest = name.partition(" ")
    return rest if rest and first.islower() else name


def _interviewer(cleaned: Cleaned, res: Resources, cfg: CleaningSettings) -> str | None:
    text = cleaned.text
    interviews = Counter(found["outlet"] for found in res.pattern("metadata.interviewer").finditer(text))
    if not interviews:
        return None
    (name, count), *others = interviews.most_common()
    if count < cfg.min_interviews or any(other == count for _, other in others):
        return None
    elsewhere = len(re.findall(rf"\b{re.escape(name)}\b", text)) - count
    return name if elsewhere == 0 else None


def find_byline(removed: list[Removal], res: Resources) -> str | None:
    """The author line ("By X", "X in City"), else the desk named in the page's metadata row ("Business
    Desk / SITE.COM / Updated ..."), else the reporter a credit names ("Reporting by X", "X contributed")."""
    for line in _texts(removed, "byline"):
        names, _ = byline_parts(line, res)
        if names:
            return names
    desk = res.pattern("metadata.desk")
    parts = _stamp_row_parts(removed)
    named = next((part for part in parts if desk.fullmatch(part) and len(part.split()) <= DESK_MAX_WORDS), None)
    if named:
        return named
    for credit in _texts(removed, "credit-line"):
        found = res.pattern("metadata.contributor").match(credit) or res.pattern("metadata.reporting_by").search(credit)
        if found:
            return found["name"].strip()
    return None


def find_dateline(cleaned: Cleaned, res: Resources, cfg: CleaningSettings) -> str | None:
    """The dateline opening one of the first paragraphs (kept in the text; a standfirst may come before
    it), else one printed on its own line."""
    for paragraph in cleaned.text.split("\n")[: cfg.dateline_paragraphs]:
        opening = dateline_at_start(paragraph, cleaned.text, res)
        if opening:
            return opening.place
    for line in _texts(cleaned.removed, "dateline"):
        found = dateline_alone(line, cleaned.text, res)
        if found:
            return found.place
    return None


def _stamp_row_outlet(cleaned: Cleaned, res: Resources) -> str | None:
    """An outlet's name in the metadata row ("Harbour Wire | Posted: ..."), the acronym leading a row, the
    agency's ("HNA | Port Anvil | Updated: 17-08-2020 21:59 IST"), or the source it credits ("Source: Harbour
    Wire| 2015-03-03 10:30:00|Editor: ...")."""
    parts = _stamp_row_parts(cleaned.removed)
    credits = (res.pattern("metadata.source_credit").match(part) for part in parts)
    named = next((credit["outlet"] for credit in credits if credit), None)
    named = named or next((part for part in parts if names_outlet(part, res)), None)
    if named:
        return named
    for row in _texts(cleaned.removed, "date-stamp"):
        first, *rest = STAMP_ROW_SEPARATOR.split(row.strip())
        if rest and ACRONYM.fullmatch(first) and first.lower() not in res.words("metadata.kickers"):
            return first
    return None


def _stamp_row_parts(removed: list[Removal]) -> list[str]:
    """The parts of removed date-stamp rows ("Markets Desk", "SITE.COM", "Updated: ...")."""
    return [part for row in _texts(removed, "date-stamp") for part in STAMP_ROW_SEPARATOR.split(row)]


def _texts(removed: list[Removal], *rules: str) -> list[str]:
    return [removal.text for removal in removed if removal.rule in rules]


def _first(removed: list[Removal], rule: str) -> str | None:
    return next(iter(_texts(removed, rule)), None)


def _clean(value: str | None) -> str | None:
    return " ".join(value.split()) if value and value.strip() else None
