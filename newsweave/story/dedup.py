"""Exact and near-duplicate articles: content hashes and MinHash LSH over word 5-gram shingles.

Syndicated wire copy and lightly edited rewrites share long word runs; 5-gram shingles keep that signal
while ignoring shared vocabulary. MinHash LSH finds the pairs above a Jaccard threshold without comparing
every pair, so the cost grows with the number of articles, not its square. The banding (`lsh_bands`) is
exposed so the Spark job can form the very same candidate pairs with a distributed group-by.

The MinHash and the banding are datasketch's (its "affine32" scheme and `MinHashLSH`'s choice of bands), made
here in numpy: importing datasketch imports scipy, over a second before a run reads its first article.
`tests/test_stories.py` checks both against datasketch, value for value.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import numpy as np

NUM_PERM = 128
SHINGLE_WORDS = 5
NEAR_DUPLICATE_JACCARD = 0.5
"""Estimated Jaccard of 5-gram shingles above which two articles count as copies of one text: wire
rewrites that swap a few words per sentence keep well over half of their 5-grams; independent reports of
one event share almost none."""

SEED = 1
_GENERATOR = np.random.RandomState(SEED)
PERMUTATIONS = (
    _GENERATOR.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1),
    _GENERATOR.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32),
)
"""(a, b) of the hash positions' permutations h -> a*h + b modulo 2**32, drawn as datasketch draws its "affine32"
ones for this seed (a odd, so each is a bijection): stored signatures stay comparable with any earlier run's."""
EMPTY = np.uint32(2**32 - 1)
"""The value of every position of a text without shingles."""
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))
"""MurmurHash3's 32-bit finalizer: mixes the shingles' hashes once before the permutations."""
BAND_MIX = np.random.default_rng(SEED).integers(0, 2**63, size=NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
"""Fixed odd multipliers, one per hash position, that fold a band's values into its key (`band_keys`); fixed,
so every process (a Spark executor, a later run) makes the same keys."""
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """Lower-cased word n-grams; a text shorter than `size` words is one shingle, so it still has a sketch."""
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


def signature(text: str) -> np.ndarray:
    """MinHash hash values (uint64, NUM_PERM of them); plain arrays so they can be stored and shipped. Each
    shingle hashes to the first 4 bytes of its SHA-1 (little-endian), mixed, then permuted per position."""
    digests = b"".join(hashlib.sha1(shingle).digest()[:4] for shingle in shingles(text))
    if not digests:
        return np.full(NUM_PERM, EMPTY, dtype=np.uint64)
    hashed = np.frombuffer(digests, dtype="<u4").astype(np.uint32)
    shift1, multiply1, shift2, multiply2, shift3 = _FMIX
    hashed = (hashed ^ (hashed >> shift1)) * multiply1
    hashed = (hashed ^ (hashed >> shift2)) * multiply2
    hashed ^= hashed >> shift3
    a, b = PERMUTATIONS
    return (hashed[:, None] * a + b).min(axis=0).astype(np.uint64)


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a)


@lru_cache(maxsize=8)
def lsh_bands(threshold: float = NEAR_DUPLICATE_JACCARD) -> tuple[int, int]:
    """(bands, rows per band) that datasketch's MinHashLSH picks for this threshold: the least of the chance of
    a false positive (a pair below the threshold sharing a band) and of a false negative, weighed equally. Both
    are integrals of polynomials of degree at most NUM_PERM, which Gauss-Legendre quadrature on NUM_PERM/2 + 1
    nodes gives exactly."""
    nodes, weights = np.polynomial.legendre.leggauss(NUM_PERM // 2 + 1)

    def integral(rows: int, bands: int, low: float, high: float) -> float:
        """Of the chance that a pair of Jaccard s shares no band, s from `low` to `high`."""
        s = (high - low) / 2 * nodes + (high + low) / 2
        return (high - low) / 2 * float(weights @ (1 - s**rows) ** bands)

    def error(bands: int, rows: int) -> float:
        false_positive = threshold - integral(rows, bands, 0.0, threshold)
        false_negative = integral(rows, bands, threshold, 1.0)
        return 0.5 * false_positive + 0.5 * false_negative

    shapes = [(bands, rows) for bands in range(1, NUM_PERM + 1) for rows in range(1, NUM_PERM // bands + 1)]
    return min(shapes, key=lambda shape: error(*shape))


def band_keys(hashvalues: np.ndarray, threshold: float = NEAR_DUPLICATE_JACCARD) -> list[int]:
    """One 64-bit key per band, its values times their position's multiplier summed modulo 2**64: two signatures
    sharing a band share its key. Keys of unequal bands collide about once in 2**64, and a candidate is checked
    by its estimated Jaccard anyway. Integers rather than the band's bytes: made in one vectorised step, and a
    third of the memory in an index of millions of buckets."""
    bands, rows = lsh_bands(threshold)
    used = bands * rows
    mixed = hashvalues[:used].astype(np.uint64, copy=False) * BAND_MIX[:used]
    return mixed.reshape(bands, rows).sum(axis=1, dtype=np.uint64).tolist()


class NearDuplicateIndex:
    """An online MinHash LSH: each new article is compared with those already added, never the reverse.

    Banded like datasketch's MinHashLSH (`band_keys`, the same keys the Spark job groups by), but a bucket
    holds a plain id string until a second member arrives: an index of millions of buckets then holds no
    per-bucket set for Python's garbage collector to scan, which made each insert slower as the index grew.

    A removed article leaves its buckets lazily: it is forgotten at once (a bucket member without a signature
    is skipped), and the buckets are rebuilt from the live signatures once the removed outnumber the live. A
    removal then costs one lookup, not one per band in a table of millions of buckets (a cache miss each).
    """

    def __init__(self, threshold: float = NEAR_DUPLICATE_JACCARD) -> None:
        self.threshold = threshold
        self._first: dict[int, str] = {}
        self._more: dict[int, list[str]] = {}
        self._signatures: dict[str, np.ndarray] = {}
        self._removed = 0
        """Articles removed since the buckets were last rebuilt."""

    def add(self, key: str, hashvalues: np.ndarray) -> list[tuple[str, float]]:
        """Insert and return the earlier members whose estimated Jaccard passes the threshold, best first."""
        bands = band_keys(hashvalues, self.threshold)
        firsts = list(map(self._first.get, bands))
        found = []
        met = (member for band, first in zip(bands, firsts, strict=True) if first is not None
               for member in (first, *self._more.get(band, ())))
        for other in dict.fromkeys(met):
            earlier = self._signatures.get(other)
            if earlier is None or other == key:
                continue
            score = estimated_jaccard(hashvalues, earlier)
            if score >= self.threshold:
                found.append((other, score))
        if key not in self._signatures:
            self._insert(key, hashvalues, bands, firsts)
        return sorted(found, key=lambda pair: (-pair[1], pair[0]))

    def _insert(self, key: str, hashvalues: np.ndarray, bands: list[int], firsts: list[str | None]) -> None:
        """File the article under its bands (`firsts`: each band's first member so far)."""
        for band, first in zip(bands, firsts, strict=True):
            if first is None:
                self._first[band] = key
            else:
                self._more.setdefault(band, []).append(key)
        self._signatures[key] = hashvalues

    def remove(self, key: str) -> None:
        """Forget an article (its story was retired), so buckets hold only the articles still worth meeting."""
        if self._signatures.pop(key, None) is None:
            return
        self._removed += 1
        if self._removed > len(self._signatures):
            live = self._signatures
            self._first, self._more, self._signatures, self._removed = {}, {}, {}, 0
            for member, hashvalues in live.items():
                bands = band_keys(hashvalues, self.threshold)
                self._insert(member, hashvalues, bands, list(map(self._first.get, bands)))


def near_duplicate_pairs(
    texts_by_id: dict[str, str], threshold: float = NEAR_DUPLICATE_JACCARD
) -> list[tuple[str, str, float]]:
    """Pairs (earlier id, later id, estimated Jaccard) of texts that are near copies, in input order."""
    index = NearDuplicateIndex(threshold)
    pairs = []
    for key, text in texts_by_id.items():
        pairs += [(other, key, score) for other, score in index.add(key, signature(text))]
    return pairs


def content_hash(text: str) -> str:
    """SHA-256 of the text with whitespace runs collapsed, so re-wrapped copies hash alike."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def exact_duplicate_groups(texts_by_id: dict[str, str]) -> list[list[str]]:
    """Groups (of two or more ids, in input order) whose texts are identical up to whitespace."""
    groups: dict[str, list[str]] = {}
    for key, text in texts_by_id.items():
        groups.setdefault(content_hash(text), []).append(key)
    return [ids for ids in groups.values() if len(ids) > 1]
