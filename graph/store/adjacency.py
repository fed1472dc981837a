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

__all__ = ["Adjacency", "incident", "neighbors", "tie_bound"]

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
