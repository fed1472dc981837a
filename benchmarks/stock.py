"""The scale benchmark's questions asked with networkx's own functions: what an analyst holding
the graph's :class:`networkx.MultiDiGraph` (``AllianceGraph.nx``) would write without this
project's indexes and searches.

The issue asks for each operation "called directly on the NetworkX graph". The scale benchmark
reports two readings of that side by side: the ``graph.*`` call the API itself makes
(:mod:`benchmarks.operations`), and the stock networkx calls below. Each answers the same
question as the API, checked by ``tests/test_benchmarks_smoke.py`` on a generated graph:
neighbourhoods by :func:`networkx.ego_graph` on the undirected view, paths by
:func:`networkx.bidirectional_shortest_path` (as many hops; networkx picks its own among
equally short paths), filters by a scan of the edges. Sources are not in the MultiDiGraph, so
none of these look them up. ``balance`` has no networkx counterpart.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Iterable, Iterator
from operator import attrgetter
from typing import Any, TypeAlias

import networkx as nx

from benchmarks.operations import global_filter
from graph import AllianceGraph, RelationshipFilter, Valence
from graph.analysis.signed import PairValence, pair_valence
from graph.model.records import Actor, Relationship

__all__ = ["STOCK"]

Multi: TypeAlias = "nx.MultiDiGraph[str]"
_ID = attrgetter("id")
_MAX_HOPS = 4  # the API's default maxHops


def _values(edges: Iterable[tuple[Any, ...]]) -> Iterator[Relationship]:
    """The relationships of ``(u, v, relationship)`` triples."""
    return (edge[2] for edge in edges)


def _rels(edges: Iterable[tuple[Any, ...]]) -> list[Relationship]:
    """The relationships of ``(u, v, relationship)`` triples, in id order."""
    return sorted(_values(edges), key=_ID)


def _of(multi: Multi, key: str) -> list[Relationship]:
    """``key``'s relationships either way (the model has no tie of an actor to itself)."""
    edges: Iterable[tuple[Any, ...]] = itertools.chain(
        multi.out_edges(key, data="relationship"), multi.in_edges(key, data="relationship")
    )
    return _rels(edges)


def actor(multi: Multi, key: str) -> tuple[Actor, list[Relationship]]:
    """The actor's record and its relationships."""
    return multi.nodes[key]["actor"], _of(multi, key)


def _ego(multi: Multi, key: str, depth: int) -> Any:
    """The actors within ``depth`` hops either way and every relationship among them."""
    return nx.ego_graph(multi.to_undirected(as_view=True), key, radius=depth)


def neighborhood(multi: Multi, key: str) -> tuple[list[str], list[Relationship]]:
    """Depth 1: every actor and every relationship, as the API's query asks."""
    ego = _ego(multi, key, 1)
    return sorted(ego), _rels(ego.edges(data="relationship"))


def neighborhood_page(multi: Multi, key: str) -> tuple[int, int, list[str], list[Relationship]]:
    """Depth 2: the counts and the first 50 actors and relationships."""
    ego = _ego(multi, key, 2)
    first = heapq.nsmallest(50, _values(ego.edges(data="relationship")), key=_ID)
    return ego.number_of_nodes(), ego.number_of_edges(), sorted(ego)[:50], first


def path(multi: Multi, pair: list[str]) -> tuple[list[str], list[Relationship]] | None:
    """The fewest hops either way (at most the API's default 4), the lowest id on each hop."""
    view = multi.to_undirected(as_view=True)
    try:
        actors = nx.bidirectional_shortest_path(view, pair[0], pair[1])
    except nx.NetworkXNoPath:
        return None
    if len(actors) - 1 > _MAX_HOPS:
        return None
    return actors, [min(view[a][b].values(), key=lambda d: d["relationship"].id)["relationship"]
                    for a, b in itertools.pairwise(actors)]  # fmt: skip


def stance(multi: Multi, pair: list[str]) -> tuple[PairValence, list[Relationship]]:
    """Every relationship between the two, and the stance they add up to."""
    a, b = pair
    rels = _rels(
        (a, b, r)
        for u, v in ((a, b), (b, a))
        if multi.has_edge(u, v)
        for r in (d["relationship"] for d in multi[u][v].values())
    )
    return pair_valence(rels), rels


def page(multi: Multi, where: RelationshipFilter) -> tuple[int, list[Relationship]]:
    """How many relationships match, and the first 20 in id order: a scan of every edge."""
    found = [r for r in _values(multi.edges(data="relationship")) if where.matches(r)]
    return len(found), heapq.nsmallest(20, found, key=_ID)


def actor_page(multi: Multi, key: str) -> tuple[int, list[Relationship]]:
    """The actor's hostile relationships: how many, and the first 20."""
    found = [r for r in _of(multi, key) if r.valence is Valence.HOSTILE]
    return len(found), found[:20]


STOCK: dict[str, Callable[[AllianceGraph, Any], object]] = {
    "actor+relationships": lambda g, k: actor(g.nx, k),
    "neighborhood depth 1": lambda g, k: neighborhood(g.nx, k),
    "neighborhood depth 2": lambda g, k: neighborhood_page(g.nx, k),
    "path": lambda g, p: path(g.nx, p),
    "stance": lambda g, p: stance(g.nx, p),
    "relationships relation+since": lambda g, a: page(g.nx, global_filter(a)),
    "relationships actor+valence": lambda g, k: actor_page(g.nx, k),
}
"""Per operation name, the stock networkx answer (no entry: no counterpart in networkx)."""
