"""What an article's URL says about it: the outlet that publishes it (its host) and, often, the day it was
published (`/2015/03/03/`, `/20150303/`, `-2015-03-03-`, a numeric timestamp).

Hosts are split with tldextract's bundled public-suffix snapshot (never fetched: newsweave reads no network
to clean a text), so `news.bbc.co.uk` is the domain `bbc.co.uk`, not `co.uk`. A host is named through the
curated table `outlets.hosts` of the language resources; an unknown one is named by its domain.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from functools import cache
from urllib.parse import urlsplit

import tldextract

from newsweave.dates import DateRange, day_range, month_range, safe_date
from newsweave.lang import Resources

_DAY_PATH = re.compile(
    r"(?<![\w])(?P<year>(?:19|20)\d\d)(?P<sep>[/_.-])(?P<month>[01]?\d)(?P=sep)(?P<day>[0-3]?\d)"
    r"(?=$|[/?#.]|(?P=sep))"
)
"""A day in the path: "/2015/03/03/", "-2015-03-03-", "2005_05_01_"; "/2013/08/5-things" is a month and a slug."""
_COMPACT_DAY = re.compile(r"(?<![\d])(?P<year>(?:19|20)\d\d)(?P<month>[01]\d)(?P<day>[0-3]\d)(?![\d])")
_MONTH_PATH = re.compile(r"/(?P<year>(?:19|20)\d\d)/(?P<month>[01]?\d)/")
_TIMESTAMP = re.compile(r"(?<![\d])(?P<seconds>1\d{9})(?:\d{3})?(?![\d])")
"""Seconds (or milliseconds) since 1970 of a day between 2001 and 2033."""
_NAME_PART = re.compile(r"[^\W\d_]+|\d+")
MIN_SITE_CHARS = 3
MIN_WHOLE_WORD = 3
FIRST_NEWS_YEAR = 1990
"""No news site put dates in URLs before the web existed: earlier 'years' in a path are ids."""


@cache
def _extract() -> tldextract.TLDExtract:
    """tldextract with its bundled suffix list only: no download, no cache directory."""
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def url_host(url: str) -> str | None:
    """The URL's host without `www.`, lower case; None when it has none."""
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    return host.removeprefix("www.") or None


def url_domain(url: str) -> str | None:
    """The registered domain (`bbc.co.uk` for `news.bbc.co.uk`), or the host when it has no public suffix."""
    host = url_host(url)
    if host is None:
        return None
    parts = _extract()(host)
    return f"{parts.domain}.{parts.suffix}" if parts.domain and parts.suffix else host


def url_site(url: str) -> str | None:
    """The registered name of a URL's host ("bbc" of "news.bbc.co.uk"): how a site is named in credits and
    in its own text. Under no public suffix (an intranet or reserved name such as "wire.example"), the label
    before the last."""
    host = url_host(url)
    if host is None:
        return None
    parts = _extract()(host)
    return parts.domain if parts.suffix else parts.subdomain.rpartition(".")[2] or parts.domain


def fits_site(name: str, site: str) -> bool:
    """Whether `name` is what the site's registered name (`url_site`) spells: the name's words run together,
    each whole, by its initial or (inside the name) left out: "Columbia Daily Tribune" for columbiatribune, "New York Daily News" for nydailynews,
    "Fox 4 News" for fox4news, "HarbourWire" for harbour-wire. One whole word of three letters or more is
    needed, so initials alone ("Harbour Wire Agency" for hwa) do not count."""
    words = [word.lower() for word in _NAME_PART.findall(name)]
    target = re.sub(r"[^a-z0-9]", "", site.lower())
    if len(target) < MIN_SITE_CHARS or not words:
        return False

    @cache
    def spells(index: int, at: int, whole: bool) -> bool:
        if at == len(target):
            return whole and index == len(words)
        if index == len(words):
            return False
        word = words[index]
        ways = [(word, len(word) >= MIN_WHOLE_WORD), (word[0], False)]
        if 0 < index < len(words) - 1:
            ways.append(("", False))
        return any(target.startswith(part, at) and spells(index + 1, at + len(part), whole or strong)
                   for part, strong in ways if part or index)

    return spells(0, 0, False)


def url_outlet(url: str, res: Resources) -> str | None:
    """The outlet named for the URL's host in `outlets.hosts`, the longest matching host first."""
    host, domain = url_host(url), url_domain(url)
    if host is None or domain is None:
        return None
    hosts = res.table("outlets.hosts")
    labels = host.split(".")
    candidates = [".".join(labels[i:]) for i in range(len(labels)) if len(".".join(labels[i:])) >= len(domain)]
    return next((hosts[candidate] for candidate in candidates if candidate in hosts), None)


def url_date(url: str) -> DateRange | None:
    """The publication day a URL's path states (`/2015/03/03/`, `/20150303/`, `2015-03-03`), else its month
    (`/2015/03/`), else a numeric timestamp (seconds or milliseconds since 1970). Only the path and query are
    read, never the host."""
    parts = urlsplit(url if "//" in url else f"//{url}")
    where = f"{parts.path}?{parts.query}"
    for pattern in (_DAY_PATH, _COMPACT_DAY):
        for found in pattern.finditer(where):
            day = safe_date(int(found["year"]), int(found["month"]), int(found["day"]))
            if day and day.year >= FIRST_NEWS_YEAR:
                return day_range(day)
    for found in _MONTH_PATH.finditer(where):
        year, month = int(found["year"]), int(found["month"])
        if 1 <= month <= 12 and year >= FIRST_NEWS_YEAR:
            return month_range(year, month)
    stamp = _TIMESTAMP.search(where)
    return day_range(datetime.fromtimestamp(int(stamp["seconds"]), tz=timezone.utc).date()) if stamp else None


def urls_in(text: str, res: Resources) -> list[str]:
    """Web addresses written in a text ("Source: https://...", a bare address line)."""
    return [found.group() for found in res.pattern("furniture.web_address").finditer(text)]
