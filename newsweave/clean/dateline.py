"""Datelines: the place (and sometimes agency) a story is filed from, printed before its first sentence
("SEOUL, South Korea —", "WASHINGTON (Reuters) -", "NEW DELHI:") or alone on a line ("ISTANBUL/ISLAMABAD",
"Beijing:").

The shape alone also fits topic kickers ("MILITARY PARADE –", "ANALYSIS:"), so a candidate is only taken as a
place when it is not a known kicker (`metadata.kickers`) and its words are not used as common nouns (in lower
case) in the article: a city's name is not written "seoul" in the body, while "military parade" is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsweave.clean.bylines import names_outlet
from newsweave.lang import Resources

_CAPS_WORD = r"[A-Z][A-Z.'’-]+"
_TITLE_WORD = r"[A-Z][a-z][\w.'’-]*"
_PLACE_WORD = rf"(?:{_CAPS_WORD}|{_TITLE_WORD})"
_REGION = r"(?:,\s*[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,2})?"
_DATE = r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?)?"
_DASH = r"\s*(?:—|–|--|-)\s+(?=\S)"
_AFTER_CREDIT = rf"(?:{_DASH}|(?=[A-Z\"“]))"
"""After an agency's brackets: a dash, or the first sentence glued straight on ("Lisbon (Wire)Rescuers ...")."""
LEAD = re.compile(
    rf"^(?P<place>{_CAPS_WORD}(?:[ /]{_CAPS_WORD}){{0,3}}{_REGION}){_DATE}"
    rf"\s*(?:\((?P<agency>[^()]{{2,40}})\))?\s*(?:—|–|--|-|:|(?<=\))_|(?<=\) )_)\s+(?=\S)"
    rf"|^(?P<titled>{_TITLE_WORD}(?:[ /]{_TITLE_WORD}){{0,2}}):\s+(?=[A-Z])"
    rf"|^(?P<credited>{_TITLE_WORD}(?:[ /]{_TITLE_WORD}|\s[a-z]{{1,3}}(?=\s[A-Z])){{0,3}}{_REGION}){_DATE}"
    rf"\s*\((?P<credit>[^()]{{2,40}})\){_AFTER_CREDIT}"
    rf"|^(?P<released>{_PLACE_WORD}(?:[ /]{_PLACE_WORD}){{0,3}}{_REGION}){_DATE}"
    rf"(?:\s*(?:—|–|-){{1,2}}\(|\s*/)(?P<wire>[^()/\n]{{2,40}})(?:\)(?:—|–|-){{1,2}}|/\s*(?:—|–|--|-))\s*(?=\S|$)"
)
"""A dateline opening the first paragraph; it stays in the text (it is part of the first sentence). A place in
capitals ("SEOUL, South Korea —", "TOKYO (Wire) _" in old wire copy), a place before a colon ("Nairobi:"), or a place in title case with the
agency that filed it ("Paris (Harbour Wire) -", "Vale do Sol (Wire)Rescuers"; without the agency, "Police -"
would be taken for a place). A press release's dateline names the wire that distributes it, in brackets
between dashes or between slashes: "PORT ANVIL, S.C.--(HARBOUR WIRE)--" (perhaps alone on its line), "ATLANTA,
Aug. 7, 2025 /HarbourNewswire/ --"."""
AGENCY_LEAD = re.compile(rf"^\((?P<agency>[A-Z][\w&.'’/ ]{{1,40}})\){_AFTER_CREDIT}")
"""An agency opening the first sentence without a place: "(CNN) — ...", "(CNN)Rescuers ..."."""
ALONE = re.compile(
    rf"^(?P<place>{_CAPS_WORD}(?:[ /-]{_CAPS_WORD}){{0,3}}{_REGION})"
    rf"(?:\s*[:—–-]?|\s+[—–-]\s+(?P<agency>[A-Z][\w&.'’ -]{{1,60}}))$"
    rf"|^(?P<titled>{_TITLE_WORD}(?:[ /-]{_TITLE_WORD}){{0,3}}{_REGION}):$"
)
"""A dateline printed as its own line, between the headline block and the first paragraph, perhaps with the
agency that filed it ("PORTO NOVO, Corvania - Gulf Press Agency")."""
MIN_COMMON_WORD = 4


@dataclass(frozen=True)
class Dateline:
    place: str
    agency: str | None


def dateline_at_start(paragraph: str, article_text: str, res: Resources) -> Dateline | None:
    """The dateline opening `paragraph`, if it has one that names a place."""
    found = LEAD.match(paragraph)
    if not found:
        return None
    place = (found["place"] or found["titled"] or found["credited"] or found["released"]).strip(" -–—")
    if not names_place(place, article_text, res):
        return None
    return Dateline(place=place, agency=found["agency"] or found["credit"] or found["wire"])


def opening_dateline(paragraph: str) -> re.Match[str] | None:
    """The dateline or agency credit a paragraph opens with, by shape alone ("TOKYO (AP) -", "(CNN) —")."""
    return LEAD.match(paragraph) or AGENCY_LEAD.match(paragraph)


def agency_at_start(paragraph: str, res: Resources) -> str | None:
    """The agency credited in the paragraph's opening dateline ("(Harbour Wire)"), unless the brackets hold a
    kicker or a revision slug ("(Updated)", "(Live)", "(Adds quotes)": its first word is one), a place ("(BOULDER, Colo.)") or a slug with figures ("(2ND LD)"). Of a
    local station and its network ("(HarbourLocal/Harbour News)") the last, the name the report runs under."""
    found = opening_dateline(paragraph)
    groups = found.groupdict() if found else {}
    credited = groups.get("agency") or groups.get("credit") or groups.get("wire")
    agency = credited.rpartition("/")[2].strip() if credited else ""
    words = re.findall(r"[A-Za-z]+", agency)
    kickers = res.words("metadata.kickers")
    slug = bool(words) and words[0].lower() in res.words("metadata.revision_slugs")
    if not words or slug or all(word.lower() in kickers for word in words) or re.search(r"[,\d]", agency):
        return None
    return agency


def dateline_alone(line: str, article_text: str, res: Resources) -> Dateline | None:
    """A dateline line naming a place, and the agency after it when that names an outlet."""
    found = ALONE.match(line.strip())
    if not found:
        return None
    place = (found["place"] or found["titled"]).strip()
    agency = (found["agency"] or "").strip()
    if not names_place(place, article_text, res):
        return None
    return Dateline(place=place, agency=agency if names_outlet(agency, res) else None)


def names_place(candidate: str, article_text: str, res: Resources) -> bool:
    kickers = res.words("metadata.kickers")
    words = re.findall(r"[A-Za-z]+", candidate)
    if not words or " ".join(words).lower() in kickers or all(w.lower() in kickers for w in words):
        return False
    long_words = [w.lower() for w in words if len(w) >= MIN_COMMON_WORD]
    used_as_common_noun = [re.search(rf"\b{re.escape(w)}\b", article_text) is not None for w in long_words]
    return not (long_words and all(used_as_common_noun))
