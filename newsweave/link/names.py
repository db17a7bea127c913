"""Name normalisation and matching for entity resolution: pure string functions, no parse needed.

Names are compared as token keys, so hyphen, space and case variants of one romanised name ("Kim Jong-un",
"Kim Jong Un") compare equal while names that differ in any full token ("Kim Jong-il", "Kim Yo Jong") never
do. Spelling slips are tolerated only inside one long token of an otherwise identical multi-token name.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import OSA, Levenshtein

POSSESSIVE = re.compile(r"(['’]s|['’])$", re.IGNORECASE)
NAME_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)

TITLE_WORDS = frozenset(
    """
    president vice-president premier chancellor king queen prince princess emperor leader chairman chairwoman
    chair head minister secretary under-secretary-general secretary-general speaker spokesman spokeswoman
    spokesperson adviser advisor ambassador envoy diplomat official officials governor mayor senator
    representative lawmaker congressman congresswoman general admiral commander colonel marshal director
    chief ceo founder professor analyst fellow researcher academic expert scholar economist journalist
    reporter correspondent editor columnist pope cardinal bishop sheikh dr mr mrs ms sir lord lady
    deputy assistant foreign defence defense prime parliamentary national assembly former acting first
    interim supreme senior
    """.split()
)
"""Words of titles and roles that precede or describe a name; they are stripped from mention surfaces."""

KIN_WORDS = frozenset(
    """
    father mother sister brother son daughter wife husband grandfather grandmother grandson granddaughter
    uncle aunt nephew niece cousin widow widower
    """.split()
)
"""A person introduced through a kinship noun ("his father, X") is rarely the referent of a bare surname."""

ROLE_VOCABULARY: dict[str, frozenset[str]] = {
    "leader": frozenset(
        "president premier chancellor king queen emperor leader chairman head founder sheikh ruler".split()
    ),
    "official": frozenset(
        """minister chief secretary under-secretary-general secretary-general speaker spokesman spokeswoman spokesperson
        adviser advisor ambassador envoy diplomat official governor mayor senator lawmaker representative
        general admiral commander director""".split()
    ),
    "analyst": frozenset(
        "professor analyst fellow researcher academic expert scholar economist observer".split()
    ),
    "journalist": frozenset("journalist reporter correspondent editor columnist photographer".split()),
}
"""Description words that give a person's role in the story; checked in this order, first match wins."""

PREFIX_NOISE = frozenset("the a an beside besides with and or of for by from in on at to".split())

LEGAL_FORMS = frozenset("ag inc ltd plc sa se nv gmbh llc corp co".split())
"""Legal-form suffixes (as name keys: "S.A." -> "sa"); they do not change which organisation is meant."""


def fold(text: str) -> str:
    """Lowercase ASCII-folded text, so diacritics and case do not split a name."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def strip_possessive(text: str) -> str:
    return POSSESSIVE.sub("", text.strip()).strip()


@lru_cache(maxsize=4096)
def name_tokens(text: str) -> tuple[str, ...]:
    """Lowercase word tokens of a name; hyphens and dots separate tokens ("Jong-un" -> jong, un)."""
    return tuple(NAME_TOKEN.findall(fold(strip_possessive(text))))


def name_key(text: str) -> str:
    """Spacing-insensitive key: "Kim Jong-un", "Kim Jong Un" and "Kim Jongun" share one key."""
    return "".join(name_tokens(text))


def name_words(text: str) -> tuple[str, ...]:
    """Keys of the space-separated words of a name: a hyphenated surname is one word ("Louw-Vaudran")."""
    return tuple(key for word in strip_possessive(text).split() if (key := name_key(word)))


def short_forms(full_name: str) -> frozenset[str]:
    """The single words a multi-word person name may be shortened to: its first and its last word.

    East Asian names put the surname first ("Xi Jinping" -> "Xi"), Western names last ("Einar Tangen" ->
    "Tangen", "Liesl Louw-Vaudran" -> "Louw-Vaudran"); articles also use a given name alone ("Einar said").
    Both ends are therefore candidates; the parts of a hyphenated given name ("Jong-un") never are.
    """
    words = name_words(full_name)
    if len(words) < 2:
        return frozenset(words)
    return frozenset({words[0], words[-1]})


def is_misspelling(a: str, b: str) -> bool:
    """Two multi-token names equal except for a slip of one or two letters inside one long token."""
    ta, tb = name_tokens(a), name_tokens(b)
    if len(ta) != len(tb) or len(ta) < 2 or ta == tb:
        return False
    differing = [(x, y) for x, y in zip(ta, tb, strict=True) if x != y]
    if len(differing) != 1:
        return False
    x, y = differing[0]
    shortest = min(len(x), len(y))
    return shortest >= 5 and Levenshtein.distance(x, y) <= (1 if shortest < 8 else 2)


def is_token_slip(a: str, b: str) -> bool:
    """One long name token mistyped as another: one edit or one swap of neighbours ("Marcon" / "Macron")."""
    return a != b and min(len(a), len(b)) >= 5 and a[0] == b[0] and OSA.distance(a, b) <= 1


def acronym(text: str) -> str:
    """Initials of the capitalised words ("United Nations" -> "un"); empty for a one-word name."""
    words = [w for w in re.findall(r"[A-Za-z][\w-]*", text) if w[0].isupper()]
    return "".join(w[0] for w in words).lower() if len(words) >= 2 else ""


def is_acronym_of(short: str, long: str) -> bool:
    key = name_key(short)
    return len(key) >= 2 and short.replace(".", "").isupper() and key == acronym(long)


def strip_legal_form(name: str) -> str:
    """The name without a trailing legal-form suffix: "Hanse Container AG" and "Hanse Container" are one company."""
    words = strip_possessive(name).split()
    while len(words) > 1 and name_key(words[-1]) in LEGAL_FORMS:
        words.pop()
        while len(words) > 1 and words[-1] in {"&", ","}:
            words.pop()
        words[-1] = words[-1].rstrip(",")
    return " ".join(words)


def org_key(name: str) -> str:
    """Key of a non-person name: its token key, legal form left out."""
    return name_key(strip_legal_form(name))


def expands_acronym(short: str, long: str) -> bool:
    """Two names equal but for one acronym spelled out inside one of them ("EU Solidarity Fund" / "European
    Union Solidarity Fund"); a name made of the acronym alone is `is_acronym_of`'s case."""
    a, b = strip_legal_form(short).split(), strip_legal_form(long).split()
    if len(a) < 2 or len(b) <= len(a):
        return False
    size = len(b) - len(a) + 1
    for i, word in enumerate(a):
        if is_acronym_of(word, " ".join(b[i : i + size])) and len(name_key(word)) == size:
            same = [name_key(w) for w in a[:i] + a[i + 1 :]] == [name_key(w) for w in b[:i] + b[i + size :]]
            return same
    return False


def same_demonym(adjective: str, place: str) -> bool:
    """Nationality adjective and place name share a stem ("North Korean" ~ "North Korea", "Chinese" ~ "China")."""
    ta, tb = name_tokens(adjective), name_tokens(place)
    if not ta or len(ta) != len(tb):
        return False
    return all(x == y or (len(_common_prefix(x, y)) >= 4) for x, y in zip(ta, tb, strict=True))


def _common_prefix(x: str, y: str) -> str:
    size = 0
    for cx, cy in zip(x, y):
        if cx != cy:
            break
        size += 1
    return x[:size]


def role_of(descriptions: list[str]) -> str:
    """Role in the story from the words of the descriptions: leader, official, analyst, journalist or other."""
    words = {w for d in descriptions for w in re.findall(r"[a-z][a-z-]*", fold(d))}
    for role, vocabulary in ROLE_VOCABULARY.items():
        if words & vocabulary:
            return role
    return "other"
