"""Exact and near-duplicate articles: content hashes and MinHash LSH over word 5-gram shingles.

Syndicated wire copy and lightly edited rewrites share long word runs; 5-gram shingles keep that signal
while ignoring shared vocabulary. MinHash LSH finds the pairs above a Jaccard threshold without comparing
every pair, so the cost grows with the number of articles, not its square. The banding (`lsh_bands`) is
exposed so the Spark job can form the very same candidate pairs with a distributed group-by.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE_WORDS = 5
NEAR_DUPLICATE_JACCARD = 0.5
"""Estimated Jaccard of 5-gram shingles above which two articles count as copies of one text: wire
rewrites that swap a few words per sentence keep well over half of their 5-grams; independent reports of
one event share almost none."""

SEED = 1
SCHEME = "affine32"
"""Pinned so stored signatures stay comparable across datasketch versions."""
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """Lower-cased word n-grams; a text shorter than `size` words is one shingle, so it still has a sketch."""
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


def signature(text: str) -> np.ndarray:
    """MinHash hash values (uint64, NUM_PERM of them); plain arrays so they can be stored and shipped."""
    sketch = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    sketch.update_batch(list(shingles(text)))
    return sketch.hashvalues.astype(np.uint64)


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a)


@lru_cache(maxsize=8)
def lsh_bands(threshold: float = NEAR_DUPLICATE_JACCARD) -> tuple[int, int]:
    """(bands, rows per band) that datasketch's MinHashLSH picks for this threshold (false positives and
    false negatives weighed equally)."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def band_keys(hashvalues: np.ndarray, threshold: float = NEAR_DUPLICATE_JACCARD) -> list[bytes]:
    """One key per band: two signatures are LSH candidates exactly when they share a key."""
    bands, rows = lsh_bands(threshold)
    return [i.to_bytes(2, "big") + hashvalues[i * rows : (i + 1) * rows].tobytes() for i in range(bands)]


class NearDuplicateIndex:
    """An online MinHash LSH: each new article is compared with those already added, never the reverse.

    Banded like datasketch's MinHashLSH (`band_keys`, the same keys the Spark job groups by), but a bucket
    holds a plain id string until a second member arrives: an index of millions of buckets then holds no
    per-bucket set for Python's garbage collector to scan, which made each insert slower as the index grew.
    """

    def __init__(self, threshold: float = NEAR_DUPLICATE_JACCARD) -> None:
        self.threshold = threshold
        self._first: dict[bytes, str] = {}
        self._more: dict[bytes, list[str]] = {}
        self._signatures: dict[str, np.ndarray] = {}

    def add(self, key: str, hashvalues: np.ndarray) -> list[tuple[str, float]]:
        """Insert and return the earlier members whose estimated Jaccard passes the threshold, best first."""
        bands = band_keys(hashvalues, self.threshold)
        found = []
        for other in dict.fromkeys(member for band in bands for member in self._members(band)):
            score = estimated_jaccard(hashvalues, self._signatures[other])
            if score >= self.threshold and other != key:
                found.append((other, score))
        if key not in self._signatures:
            for band in bands:
                if band in self._first:
                    self._more.setdefault(band, []).append(key)
                else:
                    self._first[band] = key
            self._signatures[key] = hashvalues
        return sorted(found, key=lambda pair: (-pair[1], pair[0]))

    def remove(self, key: str) -> None:
        """Forget an article (its story was retired), so buckets hold only the articles still worth meeting."""
        hashvalues = self._signatures.pop(key, None)
        if hashvalues is None:
            return
        for band in band_keys(hashvalues, self.threshold):
            more = self._more.get(band, [])
            if self._first.get(band) == key:
                if more:
                    self._first[band] = more.pop(0)
                else:
                    del self._first[band]
            elif key in more:
                more.remove(key)
            if band in self._more and not more:
                del self._more[band]

    def _members(self, band: bytes) -> list[str]:
        first = self._first.get(band)
        return [] if first is None else [first, *self._more.get(band, ())]


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
