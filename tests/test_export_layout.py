from __future__ import annotations

import datetime as dt
import math

import pytest

from graph import AllianceGraph, RelationshipFilter, load_seed
from graph.export.layout import (
    LAYOUT_SCALE,
    MAX_KAMADA_KAWAI_ACTORS,
    Layout,
    compute_layout,
)
from graph.model.errors import InvalidInput, UnknownActor
from graph.model.records import Actor, Evidence, Relationship, Source
from graph.model.vocabulary import ActorKind, Relation


def tie(rid: str, source: str, relation: Relation, target: str) -> Relationship:
    return Relationship(rid, relation, source, target, (Evidence("wire", "quoted"),))


def graph_of(
    *ties: Relationship, actors: tuple[str, ...] = (), kinds: dict[str, ActorKind] | None = None
) -> AllianceGraph:
    g = AllianceGraph()
    g.add_source(Source("wire", "Test Wire"))
    for key in sorted({*actors, *(t.source for t in ties), *(t.target for t in ties)}):
        g.add_actor(Actor(key, key.title(), (kinds or {}).get(key, ActorKind.STATE)))
    for t in ties:
        g.add_relationship(t)
    return g


def snapshot(g: AllianceGraph) -> tuple[object, ...]:
    return (
        g.version,
        sorted(g.nx.nodes(data=True)),
        sorted(g.nx.edges(keys=True, data=True)),
        dict(g.nx.graph),
    )


@pytest.mark.parametrize("layout", list(Layout))
def test_same_graph_and_seed_give_the_same_positions(
    seed_graph: AllianceGraph, layout: Layout
) -> None:
    assert compute_layout(seed_graph, layout, seed=7) == compute_layout(seed_graph, layout, seed=7)


def test_a_different_seed_gives_a_different_spring_layout(seed_graph: AllianceGraph) -> None:
    assert compute_layout(seed_graph, seed=1) != compute_layout(seed_graph, seed=2)


def test_positions_do_not_depend_on_the_order_data_was_entered() -> None:
    ties = [
        tie("r1", "a", Relation.SUPPORTS, "b"),
        tie("r2", "b", Relation.ATTACKS, "c"),
        tie("r3", "c", Relation.MEETS, "d"),
    ]
    forwards = graph_of(*ties, actors=("e",))
    backwards = AllianceGraph()
    backwards.add_source(Source("wire", "Test Wire"))
    for key in "edcba":
        backwards.add_actor(Actor(key, key.title(), ActorKind.STATE))
    for t in reversed(ties):
        backwards.add_relationship(t)

    assert compute_layout(forwards) == compute_layout(backwards)


@pytest.mark.parametrize("layout", list(Layout))
def test_every_actor_is_placed_including_isolated_ones(
    seed_graph: AllianceGraph, layout: Layout
) -> None:
    positions = compute_layout(seed_graph, layout)

    assert list(positions) == [a.key for a in seed_graph.actors()]
    isolated = [key for key in seed_graph.nx if seed_graph.nx.degree(key) == 0]
    assert isolated  # the seed has actors no relationship names, e.g. "ap"
    assert all(key in positions for key in isolated)


@pytest.mark.parametrize("layout", list(Layout))
def test_positions_are_rounded_and_within_the_scale(
    seed_graph: AllianceGraph, layout: Layout
) -> None:
    positions = compute_layout(seed_graph, layout)

    coordinates = [c for xy in positions.values() for c in xy]
    assert all(abs(c) <= LAYOUT_SCALE for c in coordinates)
    assert max(abs(c) for c in coordinates) == LAYOUT_SCALE
    assert all(round(c, 2) == c and isinstance(c, float) for c in coordinates)


def test_layouts_spread_actors_apart(seed_graph: AllianceGraph) -> None:
    for layout in Layout:
        positions = list(compute_layout(seed_graph, layout).values())
        assert len(set(positions)) == len(positions), layout


def test_shell_layout_puts_each_kind_on_its_own_ring() -> None:
    kinds = {"p1": ActorKind.PERSON, "p2": ActorKind.PERSON, "p3": ActorKind.PERSON}
    g = graph_of(tie("r1", "p1", Relation.LEADS, "s1"), actors=("p2", "p3", "s2"), kinds=kinds)

    positions = compute_layout(g, Layout.SHELL)

    radius = {key: round(math.hypot(*xy), 1) for key, xy in positions.items()}
    assert radius["s1"] == radius["s2"]
    assert radius["p1"] == radius["p2"] == radius["p3"]
    assert radius["s1"] != radius["p1"]


def test_the_filter_decides_which_relationships_pull_actors_together() -> None:
    g = graph_of(
        tie("r1", "a", Relation.SUPPORTS, "b"),
        tie("r2", "a", Relation.ATTACKS, "c"),
        tie("r3", "c", Relation.ATTACKS, "d"),
    )

    everything = compute_layout(g)
    only_support = compute_layout(
        g, where=RelationshipFilter(relations=frozenset({Relation.SUPPORTS}))
    )

    assert list(everything) == list(only_support) == ["a", "b", "c", "d"]
    assert everything != only_support


def test_a_filter_that_matches_nothing_still_places_every_actor(
    seed_graph: AllianceGraph,
) -> None:
    positions = compute_layout(seed_graph, where=RelationshipFilter(as_of=dt.date(2000, 1, 1)))

    assert len(positions) == len(seed_graph.actors())


def test_actors_restricts_the_layout_to_those_actors(seed_graph: AllianceGraph) -> None:
    positions = compute_layout(seed_graph, actors=["us", "russia", "us"])

    assert list(positions) == ["russia", "us"]
    assert compute_layout(seed_graph, actors=["us", "russia"]) == positions


def test_an_unknown_actor_is_an_error_naming_actors(seed_graph: AllianceGraph) -> None:
    with pytest.raises(UnknownActor, match="atlantis") as raised:
        compute_layout(seed_graph, actors=["russia", "atlantis"])

    assert raised.value.field == "actors"


def test_an_empty_graph_has_no_positions() -> None:
    assert compute_layout(AllianceGraph()) == {}


def test_a_single_actor_sits_at_the_origin() -> None:
    assert compute_layout(graph_of(actors=("a",)), Layout.KAMADA_KAWAI) == {"a": (0.0, 0.0)}


@pytest.mark.parametrize("seed", [-1, 2**32, True])
def test_a_seed_out_of_range_is_an_error_naming_seed(seed_graph: AllianceGraph, seed: int) -> None:
    with pytest.raises(InvalidInput, match="seed must be an integer") as raised:
        compute_layout(seed_graph, seed=seed)

    assert raised.value.field == "seed"


def test_the_largest_seed_is_accepted(seed_graph: AllianceGraph) -> None:
    assert len(compute_layout(seed_graph, seed=2**32 - 1)) == len(seed_graph.actors())


def test_kamada_kawai_refuses_too_many_actors() -> None:
    g = graph_of(actors=tuple(f"a{i:03d}" for i in range(MAX_KAMADA_KAWAI_ACTORS + 1)))

    with pytest.raises(InvalidInput, match="kamada-kawai") as raised:
        compute_layout(g, Layout.KAMADA_KAWAI)

    assert raised.value.field == "layout"
    assert len(compute_layout(g, Layout.CIRCULAR)) == MAX_KAMADA_KAWAI_ACTORS + 1


@pytest.mark.parametrize("layout", list(Layout))
def test_the_graph_is_not_mutated(layout: Layout) -> None:
    g = graph_of(tie("r1", "a", Relation.SUPPORTS, "b"), actors=("c",))
    before = snapshot(g)

    compute_layout(g, layout, where=RelationshipFilter(valence=None), actors=["a", "c"])
    compute_layout(g, layout)

    assert snapshot(g) == before


def test_actors_without_ties_line_up_along_the_bottom_edge() -> None:
    seed = load_seed()
    lone = sorted(k for k in seed.nx if seed.nx.degree(k) == 0)
    assert lone  # the seed has actors that only report or monitor
    for layout in (Layout.SPRING, Layout.KAMADA_KAWAI):
        places = compute_layout(seed, layout)
        rows = [places[k] for k in lone]
        assert all(y == -LAYOUT_SCALE for _, y in rows)
        assert [x for x, _ in rows] == sorted(x for x, _ in rows)
        tied = [xy for k, xy in places.items() if k not in lone]
        assert all(y > -LAYOUT_SCALE for _, y in tied)
