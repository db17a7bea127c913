"""Name normalisation and matching for entity resolution: pure string functions, no parse needed.

Names are compared as token keys, so hyphen, space and case variants of one romanised name ("Kim Jong-un",
"Kim Jong Un") compare equal while names that differ in any full token ("Kim Jong-il", "Kim Yo Jong") never
do. Spelling slips are tolerated only inside one long token of an otherwise identical multi-token name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar, cast

from rapidfuzz.distance import OSA

from newsweave.lang import Resources

POSSESSIVE = re.compile(r"(['’]s|['’])$", re.IGNORECASE)
NAME_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
TRANSLITERATED = re.compile(r"[aou]e")
"""The spellings of a/o/u with umlaut when the letter is not available."""
WORD = re.compile(r"[a-z][a-z-]*")
"""A word of folded text, hyphenated words whole."""
FOLDED_TEXTS = 32768
"""Texts whose folded form `fold` keeps: more than the distinct words of a story of 200 articles."""


@dataclass(frozen=True)
class NameVocabulary:
    """The words of a language that name matching reads (`people.toml`), built once per resources object."""

    titles: frozenset[str]
    """Honorifics, title nouns and title modifiers: stripped from the front of a mention ("Finance Minister")."""
    roles: Mapping[str, frozenset[str]]
    """Role in the story -> description words that give it, in the order they are tried."""
    role_words: frozenset[str]
    kin: frozenset[str]
    prefix_noise: frozenset[str]
    legal_forms: frozenset[str]
    organisation_nouns: frozenset[str]
    organisation_name_words: frozenset[str]
    """Last words that make a name an organisation's: legal forms, organisation nouns, company-name words."""
    indefinite: frozenset[str]
    generational: frozenset[str]

    def strip_legal_form(self, name: str) -> str:
        """The name without a trailing legal-form suffix: "Hanse Container AG" and "Hanse Container" are one
        company."""
        return _without_legal_form(name, self.legal_forms)

    def org_key(self, name: str) -> str:
        """Key of a non-person name: its token key, legal form left out."""
        return name_key(self.strip_legal_form(name))

    def expands_acronym(self, short: str, long: str) -> bool:
        """Two names equal but for one acronym spelled out inside one of them ("EU Solidarity Fund" / "European
        Union Solidarity Fund"); a name made of the acronym alone is `is_acronym_of`'s case."""
        a, b = self.strip_legal_form(short).split(), self.strip_legal_form(long).split()
        if len(a) < 2 or len(b) <= len(a):
            return False
        size = len(b) - len(a) + 1
        for i, word in enumerate(a):
            if is_acronym_of(word, " ".join(b[i : i + size])) and len(name_key(word)) == size:
                return [name_key(w) for w in a[:i] + a[i + 1 :]] == [name_key(w) for w in b[:i] + b[i + size :]]
        return False

    def designates(self, short: tuple[str, ...], long: tuple[str, ...]) -> bool:
        """`long` is `short` with the organisation nouns or company words that say what kind of body it is
        ("Harwick Police Department" for "Harwick Police", "Tallow Foods" for "Tallow"); `short` must hold a
        word of its own ("Police" is no name)."""
        return (
            len(long) > len(short) >= 1
            and long[: len(short)] == short
            and all(w in self.organisation_name_words for w in long[len(short) :])
            and not all(w in self.organisation_name_words for w in short)
        )

    def person_words(self, name: str) -> tuple[str, ...]:
        """Name words without a generational suffix ("Jr.", "III")."""
        words = name_words(name)
        while len(words) > 2 and words[-1] in self.generational:
            words = words[:-1]
        return words

    def shortens(self, short: str, long: str) -> bool:
        """`short` is a person's name `long` written without its generational suffix, its middle names or
        initials ("John Henry" for "John W. Henry"), or its given names ("Boone Isaacs" for "Cheryl Boone
        Isaacs"); never a first part of it ("Kim Jong" is not "Kim Jong Un")."""
        a, b = self.person_words(short), self.person_words(long)
        if len(a) < 2 or len(b) < len(a) or short == long:
            return False
        if a == b:
            return True
        return (len(a) == 2 and a[0] == b[0] and a[-1] == b[-1]) or a == b[-len(a) :]

    def role_of(self, descriptions: list[str]) -> str:
        """Role in the story from the words of the descriptions (in English: leader, official, analyst,
        journalist), else "other"; roles are tried in the order the resources list them."""
        words = {w for d in descriptions for w in WORD.findall(fold(d))}
        return next((role for role, vocabulary in self.roles.items() if words & vocabulary), "other")


def name_vocabulary(res: Resources) -> NameVocabulary:
    """The vocabulary of `res`, built on first use and kept with it."""
    return derived(res, _build_vocabulary)


def _build_vocabulary(res: Resources) -> NameVocabulary:
    roles = {role: frozenset(words.split()) for role, words in res.table("people.roles").items()}
    return NameVocabulary(
        titles=res.words("people.honorifics") | res.words("people.title_nouns") | res.words("people.title_modifiers"),
        roles=roles,
        role_words=frozenset().union(*roles.values()),
        kin=res.words("people.kin"),
        prefix_noise=res.words("people.name_prefix_noise"),
        legal_forms=res.words("people.legal_forms"),
        organisation_nouns=res.words("people.organisation_nouns"),
        organisation_name_words=res.words("people.organisation_nouns")
        | res.words("people.legal_forms")
        | res.words("people.organisation_name_words"),
        indefinite=res.words("people.indefinite_determiners"),
        generational=res.words("people.generational_suffixes"),
    )


T = TypeVar("T")
_DERIVED: dict[tuple[int, Callable[[Resources], object]], tuple[Resources, object]] = {}


def derived(res: Resources, build: Callable[[Resources], T]) -> T:
    """`build(res)`, computed once per resources object: rules read their word sets in inner loops, and a
    resources object hands out a fresh set on every call. The resources object is kept alive with its entry,
    so its id is never reused for another."""
    key = (id(res), build)
    if key not in _DERIVED:
        _DERIVED[key] = (res, build(res))
    return cast(T, _DERIVED[key][1])


@lru_cache(maxsize=FOLDED_TEXTS)
def _without_legal_form(name: str, legal_forms: frozenset[str]) -> str:
    """Kept for the names met most recently, as `name_words`."""
    words = strip_possessive(name).split()
    while len(words) > 1 and name_key(words[-1]) in legal_forms:
        words.pop()
        while len(words) > 1 and words[-1] in {"&", ","}:
            words.pop()
        words[-1] = words[-1].rstrip(",")
    return " ".join(words)


@lru_cache(maxsize=FOLDED_TEXTS)
def fold(text: str) -> str:
    """Lowercase ASCII-folded text, so diacritics and case do not split a name. Kept for the texts met most
    recently: entity rules fold every token of every article (a story's words repeat), 190,000 times when
    linking 200 articles."""
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


@lru_cache(maxsize=FOLDED_TEXTS)
def name_words(text: str) -> tuple[str, ...]:
    """Keys of the space-separated words of a name: a hyphenated surname is one word ("Louw-Vaudran"). Kept for
    the names met most recently: entity rules ask for the words of every mention's name in many passes (52,000
    times, and 74,000 for a name without its legal form, when linking 200 articles)."""
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


def is_misspelling(a: str, b: str, long_slips: int = 2) -> bool:
    """Two multi-token names equal except for a slip of one letter inside one long token (a swap of neighbours
    is one slip: "Centre" / "Center"), up to `long_slips` in a token of eight letters or more, or another
    transliteration ("Mueller")."""
    ta, tb = name_tokens(a), name_tokens(b)
    if len(ta) != len(tb) or len(ta) < 2 or ta == tb:
        return False
    differing = [(x, y) for x, y in zip(ta, tb, strict=True) if x != y]
    return len(differing) == 1 and _slip(*differing[0], long_slips)


def is_place_slip(a: str, b: str) -> bool:
    """Two one-token names that are one spelling of each other: a long token with a slip ("Turkeminstan" /
    "Turkmenistan") or another transliteration ("Duesseldorf" / "Dusseldorf")."""
    ta, tb = name_tokens(a), name_tokens(b)
    return len(ta) == len(tb) == 1 and ta != tb and ta[0][0] == tb[0][0] and _slip(ta[0], tb[0])


def _slip(x: str, y: str, long_slips: int = 2) -> bool:
    """Short tokens are left alone: "Jo" and "Joe", "Iran" and "Iraq" are different names."""
    shortest = min(len(x), len(y))
    if shortest < 5:
        return False
    return transliteration_key(x) == transliteration_key(y) or OSA.distance(x, y) <= (1 if shortest < 8 else long_slips)


def abbreviates(short: str, name: str) -> bool:
    """An acronym given after a name can stand for it: its letters appear in order in the name, the first
    being the name's first ("Demilitarized Zone (DMZ)", not "Central Sulawesi (BPBD)")."""
    letters, key = name_key(short), name_key(name)
    if not letters or not key or letters[0] != key[0]:
        return False
    rest = iter(key)
    return all(letter in rest for letter in letters)


def place_base(name: str, kinds: frozenset[str], linkers: frozenset[str]) -> str | None:
    """Key of a place name without the word naming its kind ("Lower Merion Township", "City of Palmer" ->
    "lowermerion", "palmer"); None when it has none."""
    words = name_words(name)
    if len(words) >= 2 and words[-1] in kinds:
        return "".join(words[:-1])
    if len(words) >= 3 and words[0] in kinds and words[1] in linkers:
        return "".join(words[2:])
    return None


def transliteration_key(key: str) -> str:
    """A name key with the vowel digraphs that transliterate an umlaut read as the plain vowel: "mueller",
    "muller" (from "Müller") -> "muller"."""
    return TRANSLITERATED.sub(lambda m: m.group(0)[0], key)


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
