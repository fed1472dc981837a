from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Iterable, Iterator

import networkx as nx
import pytest

from graph import (
    AllianceGraph,
    Stance,
    load_seed,
)
from graph.analysis.balance import balance_report
from graph.analysis.blocs import Bloc, bloc_report, blocs, signed_partition
from graph.analysis.frustration import signed_ties
from graph.analysis.signed import signed_view
from graph.model.errors import InvalidInput
from tests.builders import ALLIED, ATTACKS, MEETS, SUPPORTS, graph_of, rel


def members(found: list[Bloc]) -> list[tuple[str, ...]]:
    return [b.members for b in found]


def test_two_cooperative_camps_at_war_split_into_two_blocs() -> None:
    graph = graph_of(
        rel("a", ALLIED, "b"),
        rel("c", ALLIED, "d"),
        rel("a", ATTACKS, "c"),
        rel("b", ATTACKS, "d"),
    )

    found = blocs(graph)

    assert found == [Bloc(("a", "b"), "a", 1, 0), Bloc(("c", "d"), "c", 1, 0)]


def test_three_mutual_enemies_form_three_blocs() -> None:
    graph = graph_of(rel("a", ATTACKS, "b"), rel("b", ATTACKS, "c"), rel("c", ATTACKS, "a"))

    assert members(blocs(graph)) == [("a",), ("b",), ("c",)]


def test_enemies_of_a_common_enemy_share_a_bloc() -> None:
    graph = graph_of(rel("x", ATTACKS, "z"), rel("y", ATTACKS, "z"))

    assert members(blocs(graph)) == [("x", "y"), ("z",)]


def test_hostile_tie_that_would_cost_two_alliances_to_undo_stays_inside_and_is_counted() -> None:
    graph = graph_of(
        *(rel(a, ALLIED, b) for a, b in [("a", "b"), ("a", "c"), ("b", "c"), ("b", "d")]),
        rel("c", ALLIED, "d"),
        rel("a", ATTACKS, "d"),
    )

    assert blocs(graph) == [Bloc(("a", "b", "c", "d"), "b", 5, 1)]


def test_actors_without_cooperative_or_hostile_ties_belong_to_no_bloc() -> None:
    graph = graph_of(rel("a", ATTACKS, "b"), rel("b", MEETS, "c"), actors="d")

    assert members(blocs(graph)) == [("a",), ("b",)]


def test_mixed_tie_alone_puts_no_one_in_a_bloc() -> None:
    graph = graph_of(rel("a", SUPPORTS, "b"), rel("b", ATTACKS, "a"), rel("c", ATTACKS, "d"))

    assert members(blocs(graph)) == [("c",), ("d",)]


def test_blocs_are_ordered_largest_first_then_by_first_key() -> None:
    graph = graph_of(
        rel("m", ALLIED, "n"),
        rel("n", ALLIED, "o"),
        rel("m", ATTACKS, "z"),
        rel("b", ATTACKS, "c"),
    )

    assert members(blocs(graph)) == [("m", "n", "o"), ("b",), ("c",), ("z",)]


def test_anchor_is_the_member_with_most_cooperative_ties() -> None:
    graph = graph_of(rel("hub", SUPPORTS, "a"), rel("hub", SUPPORTS, "b"), rel("a", ALLIED, "c"))

    assert [b.anchor for b in blocs(graph)] == ["a"]


def test_as_of_before_an_alliance_leaves_the_late_ally_out() -> None:
    graph = graph_of(
        rel("a", ALLIED, "b", date=dt.date(2016, 8, 10)),
        rel("b", ATTACKS, "c"),
    )

    assert members(blocs(graph, as_of=dt.date(2016, 8, 1))) == [("b",), ("c",)]
    assert members(blocs(graph, as_of=dt.date(2016, 8, 16))) == [("a", "b"), ("c",)]


def test_include_claims_false_drops_a_claimed_alliance() -> None:
    graph = graph_of(rel("a", ALLIED, "b", stance=Stance.CLAIMED), rel("b", ATTACKS, "c"))

    assert members(blocs(graph)) == [("a", "b"), ("c",)]
    assert members(blocs(graph, include_claims=False)) == [("b",), ("c",)]


def test_min_confidence_drops_a_doubtful_alliance() -> None:
    graph = graph_of(rel("a", ALLIED, "b", confidence=0.3), rel("b", ATTACKS, "c"))

    assert members(blocs(graph)) == [("a", "b"), ("c",)]
    assert members(blocs(graph, min_confidence=0.5)) == [("b",), ("c",)]


def test_min_confidence_below_zero_is_invalid_input() -> None:
    with pytest.raises(InvalidInput):
        blocs(graph_of(rel("a", ATTACKS, "b")), min_confidence=-0.1)


def test_blocs_do_not_mutate_the_graph() -> None:
    graph = graph_of(rel("a", ALLIED, "b"), rel("b", ATTACKS, "c"), rel("c", SUPPORTS, "a"))
    before = snapshot(graph)

    blocs(graph, as_of=dt.date(2016, 8, 16), min_confidence=0.5)

    assert snapshot(graph) == before


def test_seed_puts_isis_and_russia_in_different_blocs() -> None:
    bloc_of = {key: b.members for b in blocs(load_seed()) for key in b.members}

    assert bloc_of["isis"] != bloc_of["russia"]
    assert "nusra" in bloc_of["isis"]


def test_seed_puts_russia_iran_and_assad_in_one_bloc() -> None:
    bloc_of = {key: b.members for b in blocs(load_seed()) for key in b.members}

    assert bloc_of["russia"] == bloc_of["iran"] == bloc_of["assad"]


def snapshot(graph: AllianceGraph) -> object:
    nodes = [(n, dict(data)) for n, data in graph.nx.nodes(data=True)]
    edges = [(a, b, k, dict(data)) for a, b, k, data in graph.nx.edges(keys=True, data=True)]
    return graph.version, nodes, edges


def partitions(n: int) -> Iterator[list[int]]:
    """Every grouping of n actors, as each actor's group number (restricted growth strings)."""

    def grow(labels: list[int], groups: int) -> Iterator[list[int]]:
        if len(labels) == n:
            yield labels
            return
        for group in range(groups + 1):
            yield from grow([*labels, group], max(groups, group + 1))

    return grow([], 0)


def frustrated(ties: nx.Graph[str], groups: Iterable[set[str]]) -> int:
    group_of = {v: i for i, g in enumerate(groups) for v in g}
    return sum(
        (group_of[a] != group_of[b]) if tie["sign"] > 0 else (group_of[a] == group_of[b])
        for a, b, tie in ties.edges(data=True)
    )


@pytest.mark.parametrize("seed", range(40))
def test_blocs_frustrate_as_few_ties_as_any_grouping(seed: int) -> None:
    rng = random.Random(seed)
    keys = [f"n{i}" for i in range(rng.randint(3, 8))]
    rels = [
        rel(a, rng.choice((ALLIED, ATTACKS, SUPPORTS)), b)
        for a, b in itertools.combinations(keys, 2)
        if rng.random() < 0.6
    ]
    graph = graph_of(*rels, actors=keys)
    ties = signed_ties(signed_view(graph))
    actors = sorted(ties)
    fewest = min(
        (frustrated(ties, [{a for a, g in zip(actors, p, strict=True) if g == i} for i in set(p)])
         for p in partitions(len(actors))),
        default=0,
    )  # fmt: skip

    report = bloc_report(graph)

    assert (report.frustration, report.exact) == (fewest, True)
    assert frustrated(ties, [set(b.members) for b in report.blocs]) == fewest


def test_a_cooperative_chain_with_enemies_across_it_frustrates_one_tie() -> None:
    # a, b, c and d allied in a chain, a at war with c and d: cutting a-b frees them all.
    graph = graph_of(
        rel("a", ALLIED, "b"),
        rel("b", ALLIED, "c"),
        rel("a", ATTACKS, "c"),
        rel("c", ALLIED, "d"),
        rel("a", ATTACKS, "d"),
    )

    report = bloc_report(graph)

    assert report.frustration == 1
    assert report.exact


def test_without_solver_time_a_large_block_keeps_its_local_search_grouping_unproved() -> None:
    keys = [f"a{i:02d}" for i in range(12)]
    rng = random.Random(3)
    view = signed_view(
        graph_of(
            *(
                rel(a, rng.choice((ALLIED, ATTACKS)), b)
                for a, b in itertools.combinations(keys, 2)
                if rng.random() < 0.7
            )
        )
    )

    groups, exact = signed_partition(view, solver_time=0)
    proved, sure = signed_partition(view)

    assert not exact
    assert sure
    ties = signed_ties(view)
    assert frustrated(ties, proved) <= frustrated(ties, groups)


def test_blocs_never_frustrate_more_ties_than_the_two_sides_of_balance() -> None:
    graph = load_seed()

    assert bloc_report(graph).frustration <= balance_report(graph).frustration
