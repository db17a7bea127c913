"""Who signs an article: the people a byline names and the outlet named with them.

A byline names people ("By Jane Doe and Tom Roe"), its outlet ("By Harbour Wire"), or both, in either order
("By Jane Doe, Valley Chronicle", "By Harbour Wire, Jane Doe - Digital journalist", "By Jane Doe, for Harbour
Wire"); under a headline it may come without "By" ("Jane K. Doe And Tom Roe Valley Chronicle"), and a line
under the headline may name only the outlet ("Harbour Wire", "Special for VALLEY TODAY"). A name is told to
be an outlet's, not a person's, by data: the curated host table (`outlets.hosts`), a site's domain, or
capitalised words ending in a word publications are named with (`metadata.publication_words`: "Times",
"Press", "Wire"); in a byline, one word alone ("By Reuters") is an organisation too, since bylines name
people by first and last name.
"""

from __future__ import annotations

import re

from newsweave.lang import Resources

PERSON_NAME_WORDS = 2
"""A byline running on into its outlet without a separator ("Jane Doe Valley Chronicle") gives the person the
first two words (three with a middle initial: "Jane K. Doe")."""
OUTLET_MAX_WORDS = 5
_INITIAL = re.compile(r"[A-Z]\.$")
BULLET_EDGES = re.compile(r"^[•·*▪●■◦–—-]\s+|\s+\|$")
"""A list bullet before a byline and a separator left after it ("• BY Jane Doe |")."""


def outlet_names(res: Resources) -> set[str]:
    return set(res.table("outlets.hosts").values())


def names_outlet(name: str, res: Resources) -> bool:
    """A known outlet, a site's domain, or a few capitalised words ending in a word publications are named
    with that are not all section words ("Valley Chronicle", "Associated Press"; not "World News")."""
    words = name.split()
    if not words or len(words) > OUTLET_MAX_WORDS:
        return False
    if name in outlet_names(res) or res.pattern("metadata.domain").fullmatch(name):
        return True
    connectors, sections = res.words("furniture.masthead_connectors"), res.words("furniture.section_words")
    capitalised = all(word[0].isupper() or word in connectors for word in words)
    publication = words[-1].lower() in res.words("metadata.publication_words")
    return capitalised and publication and not all(word.lower().strip("&") in sections for word in words)


def byline_parts(line: str, res: Resources) -> tuple[str, str]:
    """The people a byline names and the organisation named with them; ("", "") when the line is no byline.
    The job title is not part of either ("By X, Staff Writer" names no organisation). A line the cleaner
    removed as a byline may be a name alone ("Jane Doe" above "Special for X")."""
    line = _unbulleted(line)
    found = res.pattern("metadata.byline").match(line) or res.pattern("metadata.byline_in_place").match(line)
    if found is None:
        alone = names_only(line, res)
        return unsigned_byline(line, res) or ((line, "") if alone else ("", ""))
    roles = res.words("metadata.byline_roles")
    names = found["name"].strip()
    organisation = _without_roles((found.groupdict().get("org") or "").strip(" ."), roles)
    if organisation:  # "By X For Harbour Wire and Valley News": the first named
        return names, _chunks(organisation, res)[0][2]
    chunks = _chunks(names, res)
    signed_by_staff = _without_roles(names, roles)
    if len(chunks) == 1 and signed_by_staff != names and (names_outlet(signed_by_staff, res) or _single_word(signed_by_staff)):
        return "", signed_by_staff  # "By Harbour Wire Staff"
    first, last = chunks[0][2], chunks[-1][2]
    after_comma = len(chunks) > 1 and "," in names[chunks[-2][1] : chunks[-1][0]]
    if after_comma and (names_outlet(last, res) or _single_word(last) or set(last.lower().split()) & roles):
        return names[: chunks[-2][1]], _without_roles(last, roles)
    person, outlet = _run_on(last, res)
    if outlet:
        return names[: chunks[-1][0]] + person, outlet
    if (names_outlet(first, res) or _single_word(first)) and not set(first.lower().split()) & roles:
        return names[chunks[1][0] :] if len(chunks) > 1 else "", first
    return names, ""


def bulleted_byline(line: str, res: Resources) -> bool:
    """A bullet under the headline that signs the article rather than summing it up: "• BY Jane Doe |",
    "- Jane K. Doe and Tom Roe" (names only; a highlight is a sentence)."""
    text = _unbulleted(line)
    return text != line.strip() and (res.pattern("metadata.byline").match(text) is not None or names_only(text, res))


def names_only(line: str, res: Resources) -> bool:
    """People's names and nothing else: "Jane Doe", "Jane K. Doe and Tom Roe"."""
    person_name = res.pattern("metadata.person_name")
    return all(person_name.fullmatch(chunk) for _, _, chunk in _chunks(line.strip(), res))


def _unbulleted(line: str) -> str:
    return BULLET_EDGES.sub("", line.strip())


def unsigned_byline(line: str, res: Resources) -> tuple[str, str] | None:
    """A byline printed without "By" under a headline: people's names then their outlet ("Jane K. Doe And
    Tom Roe Valley Chronicle", "Jane Doe, Harbour Wire"). Without "By" a masthead ("Harbour Evening Daily Gazette") has the same shape as
    one name and an outlet, so one name needs a known outlet (`outlets.hosts`); names alone are not taken (a
    title-case deck looks the same)."""
    text = line.strip()
    chunks = _chunks(text, res)
    person_name = res.pattern("metadata.person_name")
    if not all(person_name.fullmatch(chunk) for _, _, chunk in chunks[:-1]):
        return None
    after_comma = len(chunks) > 1 and "," in text[chunks[-2][1] : chunks[-1][0]]
    if after_comma and names_outlet(chunks[-1][2], res):  # "Jane Doe, Associated Press"
        return text[: chunks[-2][1]], chunks[-1][2]
    person, outlet = _run_on(chunks[-1][2], res)
    several = len(chunks) > 1 and len(outlet.split()) > 1
    if not (several or outlet in outlet_names(res)):
        return None
    return text[: chunks[-1][0]] + person, outlet


def outlet_line(line: str, res: Resources) -> str | None:
    """A line under the headline naming only the outlet: "Harbour Wire", "Special for VALLEY TODAY", "From
    Harbour Wire" (not "From Our Correspondent": a job title)."""
    credit = res.pattern("metadata.outlet_credit").fullmatch(line.strip())
    roles = res.words("metadata.byline_roles")
    if credit and not set(credit["outlet"].lower().split()) & roles:
        return credit["outlet"]
    return line.strip() if names_outlet(line.strip(), res) else None


def _run_on(chunk: str, res: Resources) -> tuple[str, str]:
    """One person's name running on into the outlet's: ("Jane Doe", "Valley Chronicle")."""
    words = chunk.split()
    size = PERSON_NAME_WORDS + (len(words) > PERSON_NAME_WORDS and _INITIAL.match(words[1]) is not None)
    person, outlet = " ".join(words[:size]), " ".join(words[size:])
    if not outlet or not res.pattern("metadata.person_name").fullmatch(person) or not names_outlet(outlet, res):
        return chunk, ""
    return person, outlet


def _chunks(names: str, res: Resources) -> list[tuple[int, int, str]]:
    """The names of a byline with where each starts and ends (`metadata.byline_name_separator`)."""
    separators = res.pattern("metadata.byline_name_separator").finditer(names)
    bounds = [0, *(edge for m in separators for edge in (m.start(), m.end())), len(names)]
    return [(start, end, names[start:end]) for start, end in zip(bounds[::2], bounds[1::2], strict=True)]


def _single_word(name: str) -> bool:
    return len(name.split()) == 1 and name[:1].isupper()


def _without_roles(name: str, roles: frozenset[str]) -> str:
    kept = name.split()
    while kept and kept[-1].lower() in roles:
        kept.pop()
    return " ".join(kept)
