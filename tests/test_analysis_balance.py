from __future__ import annotations

import datetime as dt
import itertools
import random

import networkx as nx
import pytest

from graph import (
    AllianceGraph,
    Stance,
    load_seed,
)
from graph.analysis.balance import balance_report
from graph.analysis.frustration import _descend, two_colouring
from graph.model.errors import InvalidInput
from tests.builders import ALLIED, ATTACKS, MEETS, SUPPORTS, graph_of, rel


def all_hostile(n: int) -> AllianceGraph:
    keys = [f"a{i:02d}" for i in range(n)]
    return graph_of(*(rel(a, ATTACKS, b) for a, b in itertools.combinations(keys, 2)))


def test_all_hostile_triangle_is_unbalanced_with_frustration_one() -> None:
    graph = graph_of(rel("a", ATTACKS, "b"), rel("b", ATTACKS, "c"), rel("c", ATTACKS, "a"))

    report = balance_report(graph)

    assert (report.triangles, report.balanced, report.unbalanced) == (1, 0, 1)
    assert report.ratio == 0.0
    assert (report.frustration, report.frustration_exact) == (1, True)
    assert [t.actors for t in report.unbalanced_triangles] == [("a", "b", "c")]
    assert report.unbalanced_triangles[0].signs == (-1, -1, -1)


def test_two_friends_with_a_common_enemy_make_a_balanced_triangle() -> None:
    graph = graph_of(rel("a", ALLIED, "b"), rel("a", ATTACKS, "c"), rel("b", ATTACKS, "c"))

    report = balance_report(graph)

    assert (report.triangles, report.balanced, report.ratio) == (1, 1, 1.0)
    assert report.frustration == 0
    assert report.unbalanced_triangles == ()


def test_ratio_is_none_without_triangles() -> None:
    report = balance_report(graph_of(rel("a", ATTACKS, "b"), actors="c"))

    assert (report.triangles, report.ratio, report.frustration, report.ties) == (0, None, 0, 1)


def test_graph_without_ties_has_nothing_to_report() -> None:
    report = balance_report(graph_of(actors="a b"))

    assert (report.triangles, report.ratio, report.ties, report.mixed_ties) == (0, None, 0, 0)
    assert (report.frustration, report.frustration_exact) == (0, True)


def test_mixed_tie_is_counted_apart_and_left_out_of_triangles_and_frustration() -> None:
    graph = graph_of(
        rel("a", ATTACKS, "b"),
        rel("b", ATTACKS, "c"),
        rel("c", ATTACKS, "a"),
        rel("c", SUPPORTS, "a"),
    )

    report = balance_report(graph)

    assert (report.mixed_ties, report.ties) == (1, 2)
    assert (report.triangles, report.frustration) == (0, 0)


def test_neutral_relationships_make_no_tie() -> None:
    graph = graph_of(rel("a", ATTACKS, "b"), rel("b", ATTACKS, "c"), rel("c", MEETS, "a"))

    report = balance_report(graph)

    assert (report.triangles, report.ties, report.mixed_ties) == (0, 2, 0)


def test_unbalanced_triangle_carries_the_relationships_of_its_three_ties() -> None:
    graph = graph_of(rel("a", ATTACKS, "b"), rel("c", ATTACKS, "b"), rel("a", ATTACKS, "c"))

    (triangle,) = balance_report(graph).unbalanced_triangles

    ids = [[r.id for r in tie] for tie in triangle.relationships]
    assert ids == [["a-attacks-b"], ["a-attacks-c"], ["c-attacks-b"]]
    assert triangle.balanced is False


def test_as_of_before_a_tie_was_made_removes_its_triangle() -> None:
    later = rel("c", ATTACKS, "a", date=dt.date(2016, 8, 10))
    graph = graph_of(rel("a", ATTACKS, "b"), rel("b", ATTACKS, "c"), later)

    before = balance_report(graph, as_of=dt.date(2016, 8, 1))
    after = balance_report(graph, as_of=dt.date(2016, 8, 16))

    assert (before.triangles, before.frustration) == (0, 0)
    assert (after.triangles, after.frustration) == (1, 1)


def test_include_claims_false_drops_a_claimed_tie() -> None:
    claimed = rel("c", ATTACKS, "a", stance=Stance.CLAIMED)
    graph = graph_of(rel("a", ATTACKS, "b"), rel("b", ATTACKS, "c"), claimed)

    assert balance_report(graph).unbalanced == 1
    assert balance_report(graph, include_claims=False).triangles == 0


def test_min_confidence_drops_a_doubtful_tie() -> None:
    doubtful = rel("c", ATTACKS, "a", confidence=0.4)
    graph = graph_of(rel("a", ATTACKS, "b"), rel("b", ATTACKS, "c"), doubtful)

    assert balance_report(graph, min_confidence=0.4).frustration == 1
    assert balance_report(graph, min_confidence=0.5).frustration == 0


def test_min_confidence_outside_zero_to_one_is_invalid_input() -> None:
    with pytest.raises(InvalidInput, match="min_confidence must be between 0 and 1"):
        balance_report(graph_of(rel("a", ATTACKS, "b")), min_confidence=1.5)


def test_four_mutual_enemies_have_frustration_two() -> None:
    report = balance_report(all_hostile(4))

    assert (report.triangles, report.unbalanced) == (4, 4)
    assert (report.frustration, report.frustration_exact) == (2, True)


def test_frustration_adds_up_over_unbalanced_triangles_sharing_one_actor() -> None:
    graph = graph_of(
        *(rel(a, ATTACKS, b) for a, b in [("a", "b"), ("b", "c"), ("c", "a")]),
        *(rel(a, ATTACKS, b) for a, b in [("c", "d"), ("d", "e"), ("e", "c")]),
    )

    assert balance_report(graph).frustration == 2


def test_frustration_matches_brute_force_on_small_random_graphs() -> None:
    # Plain views; tests/test_analysis_frustration.py checks 400 graphs made of relationships.
    for seed in range(60):
        rng = random.Random(seed)
        view: nx.Graph[str] = nx.Graph()
        for a, b in itertools.combinations("abcdefghi"[: rng.randint(3, 9)], 2):
            if rng.random() < 0.6:
                view.add_edge(a, b, sign=rng.choice((1, -1)))

        colouring = two_colouring(view)

        assert colouring.frustration == brute_force_frustration(view), seed
        assert frustration_of(view, colouring.sides) == colouring.frustration


def test_balanced_graph_above_the_threshold_is_still_exact() -> None:
    west = [f"w{i:02d}" for i in range(15)]
    east = [f"e{i:02d}" for i in range(15)]
    graph = graph_of(
        *(rel(a, ALLIED, b) for a, b in itertools.pairwise(west)),
        *(rel(a, ALLIED, b) for a, b in itertools.pairwise(east)),
        *(rel(a, ATTACKS, b) for a, b in zip(west, east, strict=True)),
    )

    report = balance_report(graph)

    assert (report.frustration, report.frustration_exact) == (0, True)


def test_two_colouring_puts_the_first_actor_of_each_part_on_side_zero() -> None:
    view: nx.Graph[str] = nx.Graph()
    view.add_edge("b", "a", sign=-1)
    view.add_edge("c", "a", sign=1)
    view.add_edge("y", "x", sign=-1)

    assert two_colouring(view).sides == {"a": 0, "b": 1, "c": 0, "x": 0, "y": 1}


def test_balance_report_does_not_mutate_the_graph() -> None:
    graph = graph_of(rel("a", ATTACKS, "b"), rel("b", ATTACKS, "c"), rel("c", SUPPORTS, "a"))
    before = snapshot(graph)

    balance_report(graph, as_of=dt.date(2016, 8, 16), include_claims=False)

    assert snapshot(graph) == before


def test_seed_report_is_exact_and_adds_up() -> None:
    report = balance_report(load_seed())

    assert report.frustration_exact
    assert report.triangles == report.balanced + report.unbalanced
    assert report.ties > 0


def brute_force_frustration(view: nx.Graph[str]) -> int:
    nodes = sorted(view)
    return min(
        frustration_of(view, dict(zip(nodes, sides, strict=True)))
        for sides in itertools.product((0, 1), repeat=len(nodes))
    )


def frustration_of(view: nx.Graph[str], sides: dict[str, int]) -> int:
    return sum(
        (sides[a] != sides[b]) if tie["sign"] > 0 else (sides[a] == sides[b])
        for a, b, tie in view.edges(data=True)
    )


def snapshot(graph: AllianceGraph) -> object:
    nodes = [(n, dict(data)) for n, data in graph.nx.nodes(data=True)]
    edges = [(a, b, k, dict(data)) for a, b, k, data in graph.nx.edges(keys=True, data=True)]
    return graph.version, nodes, edges


def descend_by_scanning(adj: list[list[tuple[int, int]]], colours: list[int]) -> int:
    """The descent rule stated plainly: flip the first actor of the highest gain, if above 0."""

    def frustrated(i: int) -> int:
        return sum(
            (colours[i] != colours[j]) if s > 0 else (colours[i] == colours[j]) for j, s in adj[i]
        )

    while True:
        gain = [2 * frustrated(i) - len(row) for i, row in enumerate(adj)]
        i = max(range(len(adj)), key=gain.__getitem__)
        if gain[i] <= 0:
            return sum(frustrated(i) for i in range(len(adj))) // 2
        colours[i] ^= 1


@pytest.mark.parametrize("seed", range(30))
def test_descent_flips_the_same_actors_as_scanning_for_the_highest_gain(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(2, 60)
    adj: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    for i, j in itertools.combinations(range(n), 2):
        if rng.random() < 0.15:
            s = rng.choice((1, -1))
            adj[i].append((j, s))
            adj[j].append((i, s))
    start = [rng.randint(0, 1) for _ in range(n)]
    by_heap, by_scan = start.copy(), start.copy()
    assert _descend(adj, by_heap) == descend_by_scanning(adj, by_scan)
    assert by_heap == by_scan
