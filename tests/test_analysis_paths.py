from __future__ import annotations

import datetime as dt
from collections import deque
from itertools import pairwise, permutations

import pytest

from graph import load_seed
from graph.analysis.paths import MAX_HOPS, neighborhood, shortest_path
from graph.model.errors import InvalidInput, UnknownActor
from graph.model.records import Relationship
from graph.model.vocabulary import Relation, Valence
from graph.store.alliance_graph import AllianceGraph
from graph.store.filters import RelationshipFilter
from tests.builders import graph_of, random_graph, tie

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


def test_path_between_adjacent_actors_is_their_tie_even_beside_a_lower_key_detour() -> None:
    g = graph_of(
        tie("r7", "m", Relation.SUPPORTS, "t"),
        tie("r3", "t", Relation.ATTACKS, "m"),
        tie("r1", "m", Relation.MEETS, "a"),
        tie("r2", "a", Relation.MEETS, "t"),
    )

    path = shortest_path(g, "m", "t")
    one_hop = shortest_path(g, "m", "t", max_hops=1)
    hostile = shortest_path(g, "t", "m", valence=Valence.HOSTILE)
    cooperative = shortest_path(g, "t", "m", valence=Valence.COOPERATIVE)

    assert path is not None
    assert path.actors == ("m", "t")
    assert ids(path.relationships) == ["r3"]
    assert one_hop == path
    assert hostile is not None
    assert hostile.actors == ("t", "m")
    assert ids(hostile.relationships) == ["r3"]
    assert cooperative is not None
    assert ids(cooperative.relationships) == ["r7"]


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


@pytest.mark.parametrize("max_hops", range(1, MAX_HOPS + 1))
def test_path_is_found_exactly_when_it_is_no_longer_than_max_hops(max_hops: int) -> None:
    chain = "abcdef"  # five hops from a to f, a two-hop dead end off each actor
    g = graph_of(
        *(tie(f"r{i}", x, Relation.MEETS, y) for i, (x, y) in enumerate(pairwise(chain))),
        *(tie(f"s{x}", x, Relation.MEETS, f"{x}1") for x in chain),
        *(tie(f"t{x}", f"{x}1", Relation.MEETS, f"{x}2") for x in chain),
    )

    path = shortest_path(g, "a", "f", max_hops=max_hops)

    if max_hops < 5:
        assert path is None
    else:
        assert path is not None
        assert path.actors == tuple(chain)


def test_equal_paths_are_compared_hop_by_hop_from_the_source() -> None:
    g = graph_of(
        tie("r1", "s", Relation.MEETS, "a"),  # s-a-w-v-t: the lowest first hop, one hop too long
        tie("r2", "a", Relation.MEETS, "w"),
        tie("r3", "w", Relation.MEETS, "v"),
        tie("r4", "v", Relation.MEETS, "t"),
        tie("r5", "s", Relation.MEETS, "c"),  # s-c-a2-t: its later keys are the lowest
        tie("r6", "c", Relation.MEETS, "a2"),
        tie("r7", "a2", Relation.MEETS, "t"),
        tie("r8", "s", Relation.MEETS, "b"),  # s-b-y-t and s-b-x-t: b first, then x
        tie("r9", "b", Relation.MEETS, "y"),
        tie("q1", "y", Relation.MEETS, "t"),
        tie("q2", "b", Relation.MEETS, "x"),
        tie("q3", "x", Relation.MEETS, "t"),
    )

    forward = shortest_path(g, "s", "t")
    backward = shortest_path(g, "t", "s")

    assert forward is not None
    assert forward.actors == ("s", "b", "x", "t")
    assert ids(forward.relationships) == ["r8", "q2", "q3"]
    assert backward is not None
    assert backward.actors == ("t", "a2", "c", "s")


Ties = dict[frozenset[str], Relationship]
Neighbours = dict[str, set[str]]


def lowest_ties(g: AllianceGraph, valence: Valence | None) -> tuple[Ties, Neighbours]:
    """Each tied pair of actors with its lowest-id relationship of ``valence``, and each
    actor's neighbours through them."""
    lowest: Ties = {}
    for r in g.relationships(RelationshipFilter(valence=valence)):
        lowest.setdefault(frozenset((r.source, r.target)), r)
    near: Neighbours = {a.key: set() for a in g.actors()}
    for a, b in lowest:
        near[a].add(b)
        near[b].add(a)
    return lowest, near


def reference_path(
    lowest: Ties, near: Neighbours, source: str, target: str, max_hops: int
) -> tuple[tuple[str, ...], list[str]] | None:
    """The path the slow way: distances to ``target`` from a full breadth-first search,
    then from ``source`` always the smallest-key neighbour one hop closer."""
    to_target, queue = {target: 0}, deque([target])
    while queue:
        here = queue.popleft()
        for n in near[here] - to_target.keys():
            to_target[n] = to_target[here] + 1
            queue.append(n)
    if to_target.get(source, max_hops + 1) > max_hops:
        return None
    actors = [source]
    while actors[-1] != target:
        here = actors[-1]
        actors.append(min(n for n in near[here] if to_target[n] == to_target[here] - 1))
    return tuple(actors), [lowest[frozenset(pair)].id for pair in pairwise(actors)]


@pytest.mark.parametrize("seed", range(40))
def test_random_graphs_give_the_path_of_a_full_search_from_the_target(seed: int) -> None:
    g = random_graph(seed)
    keys = [a.key for a in g.actors()]

    for valence in (None, Valence.COOPERATIVE):
        lowest, near = lowest_ties(g, valence)
        for max_hops in (1, 2, 3, MAX_HOPS):
            for source, target in permutations(keys, 2):
                path = shortest_path(g, source, target, max_hops=max_hops, valence=valence)
                got = None if path is None else (path.actors, ids(path.relationships))
                want = reference_path(lowest, near, source, target, max_hops)
                assert got == want, (source, target, max_hops, valence)


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
