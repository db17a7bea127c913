"""The one union-find: chains of links join, unlinked items stay alone, order is kept."""

from __future__ import annotations

from newsweave.groups import connected_groups


def test_links_chain_into_groups_in_order_of_first_index() -> None:
    links = iter([(3, 1), (4, 0), (1, 5)])  # 1~3, 0~4, 1~5: 3 and 5 never linked directly
    assert connected_groups(6, links) == [[0, 4], [1, 3, 5], [2]]


def test_no_links_leave_every_item_alone() -> None:
    assert connected_groups(3, []) == [[0], [1], [2]]
    assert connected_groups(0, []) == []
