"""An actor's ties read straight off the MultiDiGraph's adjacency dicts.

``succ`` and ``pred`` are :class:`networkx.MultiDiGraph`'s own ``{actor: {other: {relationship
id: edge data}}}`` dicts, read directly where a walk over millions of edges would otherwise
build a view object per edge.

Examples
--------
>>> from graph.dataset.seed import load_seed
>>> g = load_seed()
>>> succ, pred = g.nx.succ, g.nx.pred
>>> neighbors(succ, pred, "iran") == g.neighbors("iran")
True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graph.model.records import Relationship
from graph.store.filters import RelationshipFilter

__all__ = ["Adjacency", "incident", "largest_degree", "neighbors", "reach_bound", "tie_bound"]

Adjacency = dict[str, dict[str, dict[str, dict[str, Any]]]]
_Readable = Mapping[str, Mapping[str, Mapping[str, Mapping[str, Any]]]]


def incident(succ: _Readable, pred: _Readable, key: str) -> list[Relationship]:
    """Every relationship with ``key`` at either end, unsorted; none for an unknown key."""
    return [
        data["relationship"]
        for adjacency in (succ, pred)
        for keyed in adjacency.get(key, {}).values()
        for data in keyed.values()
    ]


def neighbors(
    succ: _Readable, pred: _Readable, key: str, where: RelationshipFilter | None = None
) -> set[str]:
    """The actors tied to ``key`` either way by a relationship matching ``where`` (by any
    relationship when ``None``); none for an unknown key."""
    out, into = succ.get(key, {}), pred.get(key, {})
    if where is None:
        return set(out.keys() | into.keys())
    match = where.matches
    return {
        other
        for adjacency in (out, into)
        for other, keyed in adjacency.items()
        if any(match(data["relationship"]) for data in keyed.values())
    }


def tie_bound(succ: _Readable, pred: _Readable, key: str) -> int:
    """At least ``len(neighbors(succ, pred, key, where))`` for any ``where``, without looking
    at any relationship: how many actors ``key`` has an edge to or from (one tied both ways
    counts twice). A path search uses it to choose which end to grow.

    >>> from graph.dataset.seed import load_seed
    >>> g = load_seed()
    >>> g.tie_bound("iran") >= len(g.neighbors("iran"))
    True
    """
    return len(succ.get(key, ())) + len(pred.get(key, ()))


def largest_degree(succ: _Readable, pred: _Readable, cap: int) -> int:
    """The most relationships any one actor is an end of, counted no higher than ``cap``.

    It stops at the first actor with ``cap`` of them, so on a large graph with hubs it reads
    few actors; a query's cost estimate needs no more.

    >>> from graph.dataset.seed import load_seed
    >>> g = load_seed()
    >>> largest_degree(g.nx.succ, g.nx.pred, 1000) == max(d for _, d in g.nx.degree())
    True
    >>> largest_degree(g.nx.succ, g.nx.pred, 2)
    2
    """
    best = 0
    for key, out in succ.items():
        degree = sum(map(len, out.values())) + sum(map(len, pred.get(key, {}).values()))
        if degree >= cap:
            return cap
        best = max(best, degree)
    return best


def reach_bound(
    succ: _Readable, pred: _Readable, key: str, depth: int, limit: int, *, ties: bool = False
) -> int:
    """How many relationships touch the actors fewer than ``depth`` hops from ``key`` (one
    between two of them counts twice), counted only until the count passes ``limit``: a cheap
    measure of the work a walk of ``depth`` hops from ``key`` does, which never reads more
    than about ``limit`` edges itself. With ``ties``, each pair of actors counts once, however
    many relationships it has: the work of a walk that only looks for actors.

    >>> from graph.dataset.seed import load_seed
    >>> g = load_seed()
    >>> succ, pred = g.nx.succ, g.nx.pred
    >>> reach_bound(succ, pred, "iran", 1, 1000) == len(g.relationships_of("iran"))
    True
    >>> reach_bound(succ, pred, "iran", 2, 1000) > reach_bound(succ, pred, "iran", 1, 1000)
    True
    >>> 5 < reach_bound(succ, pred, "iran", 3, 5) < 20  # stops counting past the limit
    True
    >>> reach_bound(succ, pred, "iran", 1, 1000, ties=True) == g.tie_bound("iran")
    True
    """
    seen, frontier, count = {key}, [key], 0
    for _ in range(depth):
        if not frontier:
            break  # everything reachable is counted (a depth may be as large as a client likes)
        following = []
        for actor in frontier:
            for adjacency in (succ, pred):
                for other, keyed in adjacency.get(actor, {}).items():
                    count += 1 if ties else len(keyed)
                    if count > limit:
                        return count
                    if other not in seen:
                        seen.add(other)
                        following.append(other)
        frontier = following
    return count
