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
from newsweave.clean.furniture import Cleaned
from newsweave.clean.vocabulary import BYLINE, BYLINE_IN_PLACE, STAMP_ROW_SEPARATOR
from newsweave.dates import DateValue
from newsweave.models import RawDocument, Removal

_NAME = r"[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){1,3}"
_ORG = r"(?:The\s)?[A-Z][\w&.'’-]*(?:\s[A-Z][\w&.'’-]*){0,4}"
CONTRIBUTOR = re.compile(
    rf"^(?:(?P<outlet>{_ORG})(?:['’]s|\s(?:writers?|reporters?|correspondents?|journalists?|staff))\s+)?"
    rf"(?P<name>{_NAME})(?:(?:,|\sand)\s{_NAME})*\s+contributed"
)
""""NPR's Se Eun Gong contributed to this report", "Associated Press writer X contributed": the outlet
owns the credit, the (first) name is the contributor."""
REPORTING_BY = re.compile(rf"(?<!additional )\breporting by\s+(?P<name>{_NAME})", re.IGNORECASE)
""""Reporting by X" names the reporter; "Additional reporting by X" only a contributor, often an agency."""
THANKS_OWNER = re.compile(rf"\b(?i:thanks? (?:you )?for reading)\s+(?P<outlet>{_ORG})")
"""A newsletter thanks its readers by its own name."""
DOMAIN = re.compile(r"[A-Za-z][\w-]*(?:\.[A-Za-z][\w-]*)*\.(?i:com|net|org|in|co\.uk|co|news|info)")
"""A site's own domain printed in its metadata row ("TIMESOFINDIA.COM")."""
DESK = re.compile(r"[A-Z][\w&'’-]*(?:\s[A-Z][\w&'’-]*)*\s(?:Desk|Bureau|Staff|News Service|Team)")
"""A desk that signs a page in place of a reporter ("Business Desk")."""
DESK_MAX_WORDS = 5
NOTICE_OWNER = re.compile(rf"^(?P<outlet>{_ORG})(?:['’]s)?\s+(?:website|web site|site|portal|app|service|content)\b")
"""An agency notice speaks of its own website: "X Agency website contains only a portion of ..."."""
SOURCE_CREDIT = re.compile(rf"^\(?(?i:sources?)\s*:\s*(?P<outlet>{_ORG})")
"""The closing "Source: X and news agencies" line of a wire-fed page names whose report it is."""
EDITED_BY_OWNER = re.compile(rf"\bedited by (?P<outlet>{_ORG}) (?:staff|team|editors|desk)\b")
"""A syndication notice names the outlet that republishes: "has not been edited by X staff"."""
COPYRIGHT_OWNER = re.compile(
    rf"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{{4}}(?:\s*[-–]\s*\d{{4}})?\s*,?\s*)?(?P<outlet>{_ORG}?)\s*(?:[.,;|]"
    rf"|all rights|$)",
    re.IGNORECASE,
)
INTERVIEWER = re.compile(
    r"\b(?:told|tells|telling|speaking to|spoke to|said to|in an interview with|in an exclusive interview with)\s+"
    r"(?P<outlet>[A-Z][\w&'’-]*(?:\s[A-Z][\w&'’-]*){0,2})(?=\s+(?:over|by|on|in|that|via|during|news|from|at)\b|[.,;:])"
)
BYLINE_ROLES = frozenset(
    "staff writer writers correspondent reporter editor contributor special senior chief bureau desk columnist"
    " our".split()
)
"""Words of a byline's job title ("By Jane Doe, Staff Writer"), which is not an outlet."""
DATELINE_PARAGRAPHS = 2
MIN_INTERVIEWS = 2
"""An outlet is read from "told X" only when X interviews the article's sources at least this often."""
PUBLISHED_KEYWORD = re.compile(r"\b(?:date|dated|published|posted|created|released)\b", re.IGNORECASE)
"""In a stamp that gives several dates ("Updated ... | Published ..."), the date after one of these."""


@dataclass
class ArticleMetadata:
    title: str | None
    outlet: str | None
    byline: str | None
    dateline: str | None
    published: DateValue
    published_reason: str


def extract_metadata(cleaned: Cleaned, raw: RawDocument) -> ArticleMetadata:
    published, reason = publication_date(cleaned.removed, raw)
    return ArticleMetadata(
        title=_clean(raw.title) or _first(cleaned.removed, "headline"),
        outlet=_clean(raw.outlet) or find_outlet(cleaned),
        byline=_clean(raw.byline) or find_byline(cleaned.removed),
        dateline=find_dateline(cleaned),
        published=published,
        published_reason=reason,
    )


def publication_date(removed: list[Removal], raw: RawDocument) -> tuple[str | None, str]:
    """Metadata first, then a date stamp the page printed (a publication stamp before an update stamp)."""
    unread = ""
    if raw.published:
        given = parse_date(raw.published)
        if given:
            return given, f"given in metadata: '{raw.published}'"
        unread = f"metadata date '{raw.published}' is not a full calendar date; "
    stamps = _texts(removed, "date-stamp")
    keyed = [(stamp, keyword.start()) for stamp in stamps if (keyword := PUBLISHED_KEYWORD.search(stamp))]
    for stamp, start in [*keyed, *((stamp, 0) for stamp in stamps)]:
        stated = parse_date(stamp[start:])
        if stated:
            return stated, f"{unread}stated in text: '{stamp}'"
    if stamps:
        return None, f"{unread}the text's date stamp '{stamps[0]}' gives no full, unambiguous date"
    return None, f"{unread}no publication date stated or given"


def find_outlet(cleaned: Cleaned) -> str | None:
    """The outlet the text names as its own, strongest evidence first: an agency notice about its own
    website; a contributor credit ("NPR's X contributed", "Source: X"); the agency opening the first
    sentence ("WASHINGTON (Reuters) -", "(CNN) —"; on a syndicating site that is whose report it is); the
    organisation of the byline or of the page's metadata row ("By X, Harbour Wire", "Desk / SITE.COM /
    Updated ..."); the owner named by a copyright, syndication or newsletter notice; the outlet that
    interviews the article's sources ("told X" at least twice); last, the masthead printed above the headline.
    One "told X" alone is a quoted source."""
    finders = (_self_notice, _credited, _opening_agency, _byline_organisation, _owner_notice, _interviewer, _masthead)
    return next((outlet for finder in finders if (outlet := finder(cleaned))), None)


def _self_notice(cleaned: Cleaned) -> str | None:
    return _owner(_texts(cleaned.removed, "subscription-notice"), NOTICE_OWNER)


def _credited(cleaned: Cleaned) -> str | None:
    return _owner(_texts(cleaned.removed, "credit-line"), CONTRIBUTOR, SOURCE_CREDIT)


def _opening_agency(cleaned: Cleaned) -> str | None:
    return next(filter(None, map(agency_at_start, cleaned.text.split("\n")[:DATELINE_PARAGRAPHS])), None)


def _byline_organisation(cleaned: Cleaned) -> str | None:
    organisations = [found["org"] for line in _texts(cleaned.removed, "byline") if (found := BYLINE.match(line))]
    for organisation in (org.strip(" .") for org in organisations if org):
        if re.fullmatch(_ORG, organisation) and not set(organisation.lower().split()) & BYLINE_ROLES:
            return organisation
    return next((part for part in _stamp_row_parts(cleaned.removed) if DOMAIN.fullmatch(part)), None)


def _owner_notice(cleaned: Cleaned) -> str | None:
    notices = _texts(cleaned.removed, "copyright-notice", "publisher-notice")
    return _owner(notices, NOTICE_OWNER, EDITED_BY_OWNER, THANKS_OWNER, COPYRIGHT_OWNER)


def _masthead(cleaned: Cleaned) -> str | None:
    return _first(cleaned.removed, "masthead")


def _owner(texts: list[str], *patterns: re.Pattern[str]) -> str | None:
    for text in texts:
        for pattern in patterns:
            found = pattern.search(text)
            if found and found["outlet"]:
                return found["outlet"].strip(" .,!")
    return None


def _interviewer(cleaned: Cleaned) -> str | None:
    text = cleaned.text
    interviews = Counter(found["outlet"] for found in INTERVIEWER.finditer(text))
    if not interviews:
        return None
    (name, count), *others = interviews.most_common()
    if count < MIN_INTERVIEWS or any(other == count for _, other in others):
        return None
    elsewhere = len(re.findall(rf"\b{re.escape(name)}\b", text)) - count
    return name if elsewhere == 0 else None


def find_byline(removed: list[Removal]) -> str | None:
    """The author line ("By X", "X in City"), else the desk named in the page's metadata row ("Business
    Desk / SITE.COM / Updated ..."), else the reporter a credit names ("Reporting by X", "X contributed")."""
    for line in _texts(removed, "byline"):
        found = BYLINE.match(line) or BYLINE_IN_PLACE.match(line)
        if found:
            return found["name"].strip()
    parts = _stamp_row_parts(removed)
    desk = next((part for part in parts if DESK.fullmatch(part) and len(part.split()) <= DESK_MAX_WORDS), None)
    if desk:
        return desk
    for credit in _texts(removed, "credit-line"):
        found = CONTRIBUTOR.match(credit) or REPORTING_BY.search(credit)
        if found:
            return found["name"].strip()
    return None


def find_dateline(cleaned: Cleaned) -> str | None:
    """The dateline opening one of the first paragraphs (kept in the text; a standfirst may come before
    it), else one printed on its own line."""
    for paragraph in cleaned.text.split("\n")[:DATELINE_PARAGRAPHS]:
        opening = dateline_at_start(paragraph, cleaned.text)
        if opening:
            return opening.place
    for line in _texts(cleaned.removed, "dateline"):
        place = dateline_alone(line, cleaned.text)
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
