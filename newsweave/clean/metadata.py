"""Article metadata found in the text itself or given with it: title, outlet, dateline, byline, date.

Metadata given with the document (HTML meta tags, a JSON record, a sidecar) wins over what the text says;
what the text says is read from the cleaned text and from the furniture the cleaner removed (headline,
date stamp, byline, contributor credit, agency notice), never guessed. A missing publication date stays
null with the reason; inferring a window from the text is a later stage's job, and says so.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from newsweave.clean.dateline import agency_at_start, dateline_alone, dateline_at_start
from newsweave.clean.dates import parse_date
from newsweave.clean.furniture import STAMP_ROW_SEPARATOR, Cleaned
from newsweave.dates import DateValue
from newsweave.lang import Resources
from newsweave.models import RawDocument, Removal
from newsweave.settings import CleaningSettings

DESK_MAX_WORDS = 5


@dataclass
class ArticleMetadata:
    title: str | None
    outlet: str | None
    byline: str | None
    dateline: str | None
    published: DateValue
    published_reason: str


def extract_metadata(cleaned: Cleaned, raw: RawDocument, res: Resources, cfg: CleaningSettings) -> ArticleMetadata:
    published, reason = publication_date(cleaned.removed, raw, res)
    return ArticleMetadata(
        title=_clean(raw.title) or _first(cleaned.removed, "headline"),
        outlet=_clean(raw.outlet) or find_outlet(cleaned, res, cfg),
        byline=_clean(raw.byline) or find_byline(cleaned.removed, res),
        dateline=find_dateline(cleaned, res, cfg),
        published=published,
        published_reason=reason,
    )


def publication_date(removed: list[Removal], raw: RawDocument, res: Resources) -> tuple[str | None, str]:
    """Metadata first, then a date stamp the page printed (a publication stamp before an update stamp)."""
    unread = ""
    if raw.published:
        given = parse_date(raw.published, res)
        if given:
            return given, f"given in metadata: '{raw.published}'"
        unread = f"metadata date '{raw.published}' is not a full calendar date; "
    stamps = _texts(removed, "date-stamp")
    published = res.pattern("metadata.published_keyword")
    keyed = [(stamp, keyword.start()) for stamp in stamps if (keyword := published.search(stamp))]
    for stamp, start in [*keyed, *((stamp, 0) for stamp in stamps)]:
        stated = parse_date(stamp[start:], res)
        if stated:
            return stated, f"{unread}stated in text: '{stamp}'"
    if stamps:
        return None, f"{unread}the text's date stamp '{stamps[0]}' gives no full, unambiguous date"
    return None, f"{unread}no publication date stated or given"


def find_outlet(cleaned: Cleaned, res: Resources, cfg: CleaningSettings) -> str | None:
    """The outlet the text names as its own, strongest evidence first: an agency notice about its own
    website; a contributor credit ("Outlet's X contributed", "Source: X"); the agency opening the first
    sentence ("WASHINGTON (Agency) -", "(Agency) —"; on a syndicating site that is whose report it is); the
    organisation of the byline or of the page's metadata row ("By X, Harbour Wire", "Desk / SITE.COM /
    Updated ..."); the owner named by a copyright, syndication or newsletter notice; the outlet that
    interviews the article's sources ("told X" at least `cfg.min_interviews` times); last, the masthead
    printed above the headline. One "told X" alone is a quoted source."""
    finders = (
        lambda: _owner(_texts(cleaned.removed, "subscription-notice"), res, "metadata.notice_owner"),
        lambda: _owner(_texts(cleaned.removed, "credit-line"), res, "metadata.contributor", "metadata.source_credit"),
        lambda: _opening_agency(cleaned, cfg),
        lambda: _byline_organisation(cleaned, res),
        lambda: _owner_notice(cleaned, res),
        lambda: _interviewer(cleaned, res, cfg),
        lambda: _first(cleaned.removed, "masthead"),
    )
    return next((outlet for finder in finders if (outlet := finder())), None)


def _opening_agency(cleaned: Cleaned, cfg: CleaningSettings) -> str | None:
    return next(filter(None, map(agency_at_start, cleaned.text.split("\n")[: cfg.dateline_paragraphs])), None)


def _byline_organisation(cleaned: Cleaned, res: Resources) -> str | None:
    byline, roles = res.pattern("metadata.byline"), res.words("metadata.byline_roles")
    organisations = [found["org"] for line in _texts(cleaned.removed, "byline") if (found := byline.match(line))]
    for organisation in (org.strip(" .") for org in organisations if org):
        named = res.pattern("metadata.organisation_name").fullmatch(organisation)
        if named and not set(organisation.lower().split()) & roles:
            return organisation
    domain = res.pattern("metadata.domain")
    return next((part for part in _stamp_row_parts(cleaned.removed) if domain.fullmatch(part)), None)


def _owner_notice(cleaned: Cleaned, res: Resources) -> str | None:
    notices = _texts(cleaned.removed, "copyright-notice", "publisher-notice")
    keys = ("metadata.notice_owner", "metadata.edited_by_owner", "metadata.thanks_owner", "metadata.copyright_owner")
    return _owner(notices, res, *keys)


def _owner(texts: list[str], res: Resources, *keys: str) -> str | None:
    for text in texts:
        for key in keys:
            found = res.pattern(key).search(text)
            if found and found["outlet"]:
                return found["outlet"].strip(" .,!")
    return None


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
        found = res.pattern("metadata.byline").match(line) or res.pattern("metadata.byline_in_place").match(line)
        if found:
            return found["name"].strip()
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
        place = dateline_alone(line, cleaned.text, res)
        if place:
            return place
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
