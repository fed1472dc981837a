"""Neighbourhoods: the actors within a depth either way, every tie among them, and what a
cached one leaves for the cycle collector."""

from __future__ import annotations

import datetime as dt
import gc
import random
import types
from collections import deque

import pytest

from graph.analysis.paths import neighborhood
from graph.model.errors import InvalidInput, UnknownActor
from graph.model.records import Relationship
from graph.model.vocabulary import Relation
from graph.store.filters import RelationshipFilter
from tests.builders import RANDOM_RELATIONS, graph_of, random_graph, tie

AUG_1 = dt.date(2016, 8, 1)
AUG_16 = dt.date(2016, 8, 16)

Neighbours = dict[str, set[str]]


def ids(rels: tuple[Relationship, ...]) -> list[str]:
    return [r.id for r in rels]


@pytest.mark.parametrize("seed", range(40))
def test_random_neighbourhoods_hold_the_actors_of_a_full_search_and_their_ties(seed: int) -> None:
    g = random_graph(seed)
    rng = random.Random(seed)
    everything = g.relationships()
    for relations in (None, frozenset(rng.sample(RANDOM_RELATIONS, 2)), frozenset()):
        where = RelationshipFilter(relations=relations)
        wanted = g.relationships(where)
        near: Neighbours = {a.key: set() for a in g.actors()}
        for r in wanted:
            near[r.source].add(r.target)
            near[r.target].add(r.source)
        for key in near:
            for depth in (1, 2, 3):
                hops = {key: 0}  # a full breadth-first search, then cut at depth
                queue = deque([key])
                while queue:
                    here = queue.popleft()
                    for n in near[here] - hops.keys():
                        hops[n] = hops[here] + 1
                        queue.append(n)
                inside = {a for a, d in hops.items() if d <= depth}
                hood = neighborhood(g, key, depth=depth, relations=relations)
                assert hood.actors == tuple(sorted(inside)), (key, depth, relations)
                among = [r.id for r in wanted if {r.source, r.target} <= inside]
                assert ids(hood.relationships) == among
                assert hood.relationship_count == len(among)
    assert g.relationships() == everything


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


CODE = (type, types.FunctionType, types.MethodType, types.ModuleType)


def pointers_the_collector_walks(root: object, stop: set[int]) -> int:
    """How many pointers the cycle collector follows from ``root`` and the tracked objects
    it reaches, not counting what lies past the objects in ``stop`` (the graph's own) or
    past classes, functions and modules."""
    seen, todo, walked = {id(root)}, [root], 0
    while todo:
        here = todo.pop()
        referents = gc.get_referents(here)
        walked += len(referents)
        for found in referents:
            if isinstance(found, CODE) or id(found) in seen or id(found) in stop:
                continue
            if gc.is_tracked(found):
                seen.add(id(found))
                todo.append(found)
    return walked


def test_a_counted_and_paged_neighbourhood_keeps_nothing_for_the_collector_to_walk() -> None:
    # A neighbourhood is kept in the analytics cache; kept as pointers to the graph's dicts
    # (one per pair of actors) or as a set of its actors, each full collection walked them all.
    rng = random.Random(7)
    keys = [f"a{i:03}" for i in range(150)]
    pairs = [rng.sample(keys, 2) for _ in range(3000)]
    g = graph_of(*(tie(f"r{i:05}", a, Relation.MEETS, b) for i, (a, b) in enumerate(pairs)))
    hood = neighborhood(g, "a000", depth=2)
    assert hood.relationship_count == 3000
    assert [r.id for r in hood.relationship_page(2, "r00100").items] == ["r00101", "r00102"]
    # The collector leaves a tuple out of its walks once it has seen that nothing in it needs
    # walking; a tuple of such tuples, at its next look.
    gc.collect()
    gc.collect()

    stop = {id(g), id(g.nx), *map(id, vars(g).values())}
    assert pointers_the_collector_walks(hood, stop) < 50  # ~2,900 pairs, 150 actors
