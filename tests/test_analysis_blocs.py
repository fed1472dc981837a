from __future__ import annotations

import datetime as dt

import pytest

from graph import (
    AllianceGraph,
    Stance,
    load_seed,
)
from graph.analysis.blocs import Bloc, blocs
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
