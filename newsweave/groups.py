"""Connected groups: items linked pairwise (A~B and B~C) belong together even when A and C were never linked.

Several stages group this way (a story split into the parts of its neighbour graph, the occurrences of one
quote across outlets); one union-find serves them all.
"""

from __future__ import annotations

from collections.abc import Iterable


def connected_groups(count: int, links: Iterable[tuple[int, int]]) -> list[list[int]]:
    """The indices `0..count-1` grouped by the links between them, each group in index order and the groups
    in the order of their first index. `links` may be a generator: it is read once, in order."""
    parent = list(range(count))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in links:
        parent[root(b)] = root(a)
    groups: dict[int, list[int]] = {}
    for i in range(count):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())
