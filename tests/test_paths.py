from __future__ import annotations

import datetime as dt

import pytest

from graph import load_seed
from graph.errors import InvalidInput, UnknownActor
from graph.model import Relationship
from graph.paths import neighborhood, shortest_path
from graph.vocabulary import Relation, Valence
from tests.builders import graph_of, tie

AUG_1 = dt.date(2016, 8, 1)
AUG_16 = dt.date(2016, 8, 16)


def ids(rels: tuple[Relationship, ...]) -> list[str]:
    return [r.id for r in rels]


def test_path_between_unconnected_actors_is_none() -> None:
    g = graph_of(tie("r1", "a", Relation.SUPPORTS, "b"), actors=("c",))

    assert shortest_path(g, "a", "c") is None


def test_path_follows_ties_against_their_direction() -> None:
    g = graph_of(tie("r1", "a", Relation.ATTACKS, "b"), tie("r2", "c", Relation.SUPPORTS, "b"))

    path = shortest_path(g, "a", "c")

    assert path is not None
    assert path.actors == ("a", "b", "c")
    assert ids(path.relationships) == ["r1", "r2"]
    assert path.hops == 2


@pytest.mark.parametrize(("source", "target"), [("a", "b"), ("b", "a")])
def test_path_crosses_a_symmetric_relation_entered_either_way(source: str, target: str) -> None:
    g = graph_of(tie("r1", source, Relation.ALLIED_WITH, target))

    path = shortest_path(g, "a", "b")

    assert path is not None
    assert path.actors == ("a", "b")


def test_path_with_a_valence_follows_only_relationships_of_that_valence() -> None:
    g = graph_of(
        tie("r1", "a", Relation.ATTACKS, "b"),
        tie("r2", "a", Relation.SUPPORTS, "c"),
        tie("r3", "c", Relation.ALLIED_WITH, "b"),
    )

    any_path = shortest_path(g, "a", "b")
    cooperative = shortest_path(g, "a", "b", valence=Valence.COOPERATIVE)

    assert any_path is not None
    assert any_path.actors == ("a", "b")
    assert cooperative is not None
    assert cooperative.actors == ("a", "c", "b")
    assert shortest_path(g, "a", "c", valence=Valence.HOSTILE) is None


def test_path_longer_than_max_hops_is_none() -> None:
    g = graph_of(
        tie("r1", "a", Relation.MEETS, "b"),
        tie("r2", "b", Relation.MEETS, "c"),
        tie("r3", "c", Relation.MEETS, "d"),
    )

    assert shortest_path(g, "a", "d", max_hops=2) is None
    assert shortest_path(g, "a", "d", max_hops=3) is not None


def test_equal_paths_choose_lowest_keys_then_lowest_relationship_id() -> None:
    g = graph_of(
        tie("r1", "a", Relation.SUPPORTS, "x"),
        tie("r2", "x", Relation.SUPPORTS, "d"),
        tie("r9", "a", Relation.SUPPORTS, "b"),
        tie("r3", "b", Relation.ATTACKS, "a"),
        tie("r4", "b", Relation.SUPPORTS, "d"),
    )

    path = shortest_path(g, "a", "d")

    assert path is not None
    assert path.actors == ("a", "b", "d")
    assert ids(path.relationships) == ["r3", "r4"]


def test_as_of_leaves_out_a_tie_not_yet_made_or_expired_and_the_path_with_it() -> None:
    g = graph_of(
        tie("r1", "a", Relation.SUPPORTS, "b", date=AUG_16),
        tie("r2", "b", Relation.SUPPORTS, "c", until=AUG_1),
    )

    assert shortest_path(g, "a", "b", as_of=AUG_1) is None
    assert shortest_path(g, "b", "c", as_of=AUG_16) is None
    assert shortest_path(g, "a", "c", as_of=AUG_1) is None
    assert shortest_path(g, "a", "c") is not None


@pytest.mark.parametrize("max_hops", [0, 7, 9])
def test_max_hops_out_of_range_is_invalid_input(max_hops: int) -> None:
    g = graph_of(tie("r1", "a", Relation.MEETS, "b"))

    with pytest.raises(InvalidInput, match=f"maxHops must be between 1 and 6, got {max_hops}") as e:
        shortest_path(g, "a", "b", max_hops=max_hops)
    assert e.value.field == "max_hops"


def test_path_from_an_actor_to_itself_is_invalid_input() -> None:
    g = graph_of(tie("r1", "a", Relation.MEETS, "b"))

    with pytest.raises(InvalidInput, match="the same actor twice"):
        shortest_path(g, "a", "a")


@pytest.mark.parametrize(("source", "target"), [("atlantis", "a"), ("a", "atlantis")])
def test_path_with_an_unknown_actor_names_the_key(source: str, target: str) -> None:
    g = graph_of(tie("r1", "a", Relation.MEETS, "b"))

    with pytest.raises(UnknownActor, match="'atlantis'") as e:
        shortest_path(g, source, target)
    assert e.value.key == "atlantis"


def test_neighborhood_gathers_actors_within_depth_either_way() -> None:
    g = graph_of(
        tie("r1", "a", Relation.SUPPORTS, "b"),
        tie("r2", "c", Relation.ATTACKS, "b"),
        tie("r3", "d", Relation.MEETS, "c"),
    )

    assert neighborhood(g, "b").actors == ("a", "b", "c")
    assert neighborhood(g, "b", depth=2).actors == ("a", "b", "c", "d")


def test_neighborhood_holds_every_relationship_among_its_actors() -> None:
    g = graph_of(
        tie("r3", "a", Relation.SUPPORTS, "b"),
        tie("r1", "b", Relation.ATTACKS, "a"),
        tie("r2", "b", Relation.ALLIED_WITH, "c"),
        tie("r4", "c", Relation.OPPOSES, "a"),
        tie("r5", "c", Relation.MEETS, "d"),
    )

    hood = neighborhood(g, "a")

    assert hood.actors == ("a", "b", "c")
    assert ids(hood.relationships) == ["r1", "r2", "r3", "r4"]


def test_neighborhood_follows_and_returns_only_the_relations_asked_for() -> None:
    g = graph_of(
        tie("r1", "a", Relation.SUPPORTS, "b"),
        tie("r2", "a", Relation.ATTACKS, "c"),
        tie("r3", "b", Relation.ATTACKS, "c"),
    )

    hood = neighborhood(g, "a", relations=[Relation.SUPPORTS])

    assert hood.actors == ("a", "b")
    assert ids(hood.relationships) == ["r1"]


def test_neighborhood_as_of_leaves_out_later_ties() -> None:
    g = graph_of(
        tie("r1", "a", Relation.SUPPORTS, "b", date=AUG_1),
        tie("r2", "a", Relation.SUPPORTS, "c", date=AUG_16),
    )

    assert neighborhood(g, "a", as_of=AUG_1).actors == ("a", "b")


def test_neighborhood_of_an_isolated_actor_is_the_actor_alone() -> None:
    g = graph_of(tie("r1", "a", Relation.MEETS, "b"), actors=("loner",))

    hood = neighborhood(g, "loner", depth=3)

    assert hood.actors == ("loner",)
    assert hood.relationships == ()


@pytest.mark.parametrize("depth", [0, 4])
def test_depth_out_of_range_is_invalid_input(depth: int) -> None:
    g = graph_of(tie("r1", "a", Relation.MEETS, "b"))

    with pytest.raises(InvalidInput, match=f"depth must be between 1 and 3, got {depth}") as e:
        neighborhood(g, "a", depth=depth)
    assert e.value.field == "depth"


def test_neighborhood_of_an_unknown_actor_names_the_key() -> None:
    g = graph_of(tie("r1", "a", Relation.MEETS, "b"))

    with pytest.raises(UnknownActor, match="'atlantis'"):
        neighborhood(g, "atlantis")


def test_paths_and_neighborhoods_do_not_mutate_the_graph() -> None:
    g = graph_of(tie("r1", "a", Relation.SUPPORTS, "b"), tie("r2", "b", Relation.ATTACKS, "c"))
    before = (g.version, list(g.nx.nodes(data=True)), list(g.nx.edges(keys=True, data=True)))

    shortest_path(g, "a", "c", valence=Valence.COOPERATIVE, as_of=AUG_16)
    neighborhood(g, "b", depth=2, relations=[Relation.ATTACKS])

    after = (g.version, list(g.nx.nodes(data=True)), list(g.nx.edges(keys=True, data=True)))
    assert after == before


def test_seed_has_a_path_from_iran_to_isis() -> None:
    path = shortest_path(load_seed(), "iran", "isis")

    assert path is not None
    assert (path.actors[0], path.actors[-1]) == ("iran", "isis")
    assert all(r.involves(a) for r, a in zip(path.relationships, path.actors, strict=False))
