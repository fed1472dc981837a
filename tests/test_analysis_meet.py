"""Which side of a path search grows next is steered by an estimate that reads no ties."""

from __future__ import annotations

from collections.abc import Set

import pytest

from graph.analysis.meet import fewest_hops


class ReadLog(dict[str, Set[str]]):
    """Ties that note which actors' ties a search reads."""

    def __init__(self, ties: dict[str, set[str]]) -> None:
        super().__init__(ties)
        self.read: set[str] = set()

    def __getitem__(self, key: str) -> Set[str]:
        self.read.add(key)
        return super().__getitem__(key)


def two_hubs() -> dict[str, set[str]]:
    """s - a - b - t, where ``s`` has 50 more ties (leaves with a tie of their own each) and
    ``t`` 60 (leaves with no other tie)."""
    ties: dict[str, set[str]] = {"s": {"a"}, "a": {"s", "b"}, "b": {"a", "t"}, "t": {"b"}}
    for i in range(50):
        leaf, far = f"leaf{i:02}", f"far{i:02}"
        ties["s"].add(leaf)
        ties[leaf] = {"s", far}
        ties[far] = {leaf}
    for i in range(60):
        ties["t"].add(f"end{i:02}")
        ties[f"end{i:02}"] = {"t"}
    return ties


def test_choosing_a_side_reads_no_ties_of_the_side_left_alone() -> None:
    ties = ReadLog(two_hubs())
    counts = {key: len(near) for key, near in ties.items()}

    assert fewest_hops(ties, "s", "t", 4, counts.__getitem__) == ("s", "a", "b", "t")
    # The source grows first (51 ties against 60), then the target's side twice, which meets
    # it: the leaves a hop from the source are counted but their ties never read.
    assert ties.read.isdisjoint(f"leaf{i:02}" for i in range(50))


def test_without_an_estimate_the_search_counts_the_ties_it_reads() -> None:
    ties = ReadLog(two_hubs())

    assert fewest_hops(ties, "s", "t", 4) == ("s", "a", "b", "t")
    assert {f"leaf{i:02}" for i in range(50)} <= ties.read


@pytest.mark.parametrize("reach", [lambda key: 0, lambda key: 10**6 if key == "t" else 1])
def test_a_poor_estimate_changes_the_work_not_the_answer(reach: object) -> None:
    ties = two_hubs()

    assert fewest_hops(ties, "s", "t", 4, reach) == ("s", "a", "b", "t")  # type: ignore[arg-type]
    assert fewest_hops(ties, "s", "t", 2, reach) is None  # type: ignore[arg-type]
