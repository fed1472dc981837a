from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from graph import (
    AllianceGraph,
    Stance,
    UnknownActor,
    load_seed,
)
from graph.analysis.inference import InferredTie, adversaries, allies, inferred_ties
from graph.analysis.signed import PairValence
from graph.model.errors import InvalidInput
from tests.builders import ALLIED, ATTACKS, MEETS, SUPPORTS, graph_of, rel

FRIEND, ENEMY, MIXED = PairValence.COOPERATIVE, PairValence.HOSTILE, PairValence.MIXED


def chains(found: list[InferredTie]) -> list[tuple[str, PairValence, str]]:
    return [(t.actor, t.valence, t.via) for t in found]


def test_enemy_of_my_enemy_is_inferred_a_friend() -> None:
    graph = graph_of(rel("russia", ATTACKS, "isis"), rel("us", ATTACKS, "isis"))

    (tie,) = inferred_ties(graph, "russia")

    assert (tie.actor, tie.valence, tie.via) == ("us", FRIEND, "isis")
    assert (tie.first, tie.second) == (ENEMY, ENEMY)
    assert [r.id for r in tie.first_relationships] == ["russia-attacks-isis"]
    assert [r.id for r in tie.second_relationships] == ["us-attacks-isis"]


def test_friend_of_my_friend_is_inferred_a_friend() -> None:
    graph = graph_of(rel("a", ALLIED, "b"), rel("b", SUPPORTS, "c"))

    assert chains(inferred_ties(graph, "a")) == [("c", FRIEND, "b")]


def test_friend_of_my_enemy_is_inferred_an_enemy() -> None:
    graph = graph_of(rel("a", ATTACKS, "b"), rel("b", ALLIED, "c"))

    assert chains(inferred_ties(graph, "a")) == [("c", ENEMY, "b")]


def test_enemy_of_my_friend_is_inferred_an_enemy() -> None:
    graph = graph_of(rel("a", ALLIED, "b"), rel("c", ATTACKS, "b"))

    assert chains(inferred_ties(graph, "a")) == [("c", ENEMY, "b")]


def test_mixed_step_implies_nothing() -> None:
    graph = graph_of(
        rel("a", SUPPORTS, "b"),
        rel("b", ATTACKS, "a"),
        rel("b", ATTACKS, "c"),
        rel("a", ATTACKS, "d"),
        rel("d", SUPPORTS, "e"),
        rel("e", ATTACKS, "d"),
    )

    assert inferred_ties(graph, "a") == []


def test_directly_tied_actors_are_not_inferred() -> None:
    graph = graph_of(rel("a", ATTACKS, "b"), rel("b", ATTACKS, "c"), rel("a", ALLIED, "c"))

    assert inferred_ties(graph, "a") == []


def test_neutral_relationship_neither_carries_nor_blocks_a_prediction() -> None:
    graph = graph_of(rel("a", ATTACKS, "b"), rel("b", ATTACKS, "c"), rel("a", MEETS, "c"))
    via_meeting = graph_of(rel("a", MEETS, "b"), rel("b", ATTACKS, "c"))

    assert chains(inferred_ties(graph, "a")) == [("c", FRIEND, "b")]
    assert inferred_ties(via_meeting, "a") == []


def test_disagreeing_chains_are_each_reported_by_actor_then_via() -> None:
    graph = graph_of(
        rel("a", ALLIED, "y"),
        rel("a", ATTACKS, "x"),
        rel("x", ATTACKS, "t"),
        rel("y", ATTACKS, "t"),
        rel("y", ALLIED, "s"),
    )

    found = chains(inferred_ties(graph, "a"))

    assert found == [("s", FRIEND, "y"), ("t", FRIEND, "x"), ("t", ENEMY, "y")]


def test_as_of_before_a_step_happened_removes_the_chain() -> None:
    graph = graph_of(rel("a", ATTACKS, "b"), rel("c", ATTACKS, "b", date=dt.date(2016, 8, 10)))

    assert inferred_ties(graph, "a", as_of=dt.date(2016, 8, 1)) == []
    assert chains(inferred_ties(graph, "a", as_of=dt.date(2016, 8, 16))) == [("c", FRIEND, "b")]


def test_include_claims_false_and_min_confidence_drop_steps() -> None:
    graph = graph_of(
        rel("a", ATTACKS, "b"),
        rel("c", ATTACKS, "b", stance=Stance.CLAIMED),
        rel("d", ATTACKS, "b", confidence=0.2),
    )

    assert [t.actor for t in inferred_ties(graph, "a")] == ["c", "d"]
    assert [t.actor for t in inferred_ties(graph, "a", include_claims=False)] == ["d"]
    assert [t.actor for t in inferred_ties(graph, "a", min_confidence=0.5)] == ["c"]


def test_allies_and_adversaries_are_direct_ties_in_key_order() -> None:
    graph = graph_of(
        rel("russia", SUPPORTS, "assad"),
        rel("iran", SUPPORTS, "assad"),
        rel("assad", ATTACKS, "rebels"),
        rel("isis", ATTACKS, "assad"),
        rel("us", ALLIED, "rebels"),
    )

    assert allies(graph, "assad") == ["iran", "russia"]
    assert adversaries(graph, "assad") == ["isis", "rebels"]


def test_mixed_tie_makes_neither_ally_nor_adversary() -> None:
    graph = graph_of(rel("us", SUPPORTS, "kurds"), rel("kurds", ATTACKS, "us"))

    assert (allies(graph, "us"), adversaries(graph, "us")) == ([], [])


def test_as_of_changes_allies() -> None:
    graph = graph_of(rel("a", ALLIED, "b", date=dt.date(2016, 8, 10)))

    assert allies(graph, "a", as_of=dt.date(2016, 8, 1)) == []
    assert allies(graph, "a") == ["b"]


@pytest.mark.parametrize("ask", [inferred_ties, allies, adversaries])
def test_unknown_actor_is_an_error(ask: Callable[[AllianceGraph, str], object]) -> None:
    with pytest.raises(UnknownActor, match="atlantis"):
        ask(graph_of(rel("a", ATTACKS, "b")), "atlantis")


def test_min_confidence_above_one_is_invalid_input() -> None:
    with pytest.raises(InvalidInput):
        inferred_ties(graph_of(rel("a", ATTACKS, "b")), "a", min_confidence=2.0)


def test_inference_does_not_mutate_the_graph() -> None:
    graph = graph_of(rel("a", ATTACKS, "b"), rel("c", ATTACKS, "b"), rel("c", SUPPORTS, "d"))
    before = snapshot(graph)

    inferred_ties(graph, "a", as_of=dt.date(2016, 8, 16))
    allies(graph, "c")
    adversaries(graph, "b", include_claims=False)

    assert snapshot(graph) == before


def test_seed_iraq_and_russia_share_isis_as_an_enemy() -> None:
    seed = load_seed()

    assert "isis" in adversaries(seed, "russia")
    assert ("russia", FRIEND, "isis") in chains(inferred_ties(seed, "iraq"))


def snapshot(graph: AllianceGraph) -> object:
    nodes = [(n, dict(data)) for n, data in graph.nx.nodes(data=True)]
    edges = [(a, b, k, dict(data)) for a, b, k, data in graph.nx.edges(keys=True, data=True)]
    return graph.version, nodes, edges
