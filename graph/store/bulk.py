"""Bulk work on millions of small objects: the cycle collector paused, edges added wholesale.

Reading a large graph makes millions of records, tuples and dicts that live on: the cycle
collector would walk them again and again while they are made, for nothing (they hold no
cycles to free), and a first load spent a good part of its time there. Adding a million
edges one ``add_edge`` at a time costs twice what filling the adjacency dicts does.

>>> import gc
>>> with collector_paused():
...     gc.isenabled()
False
>>> gc.isenabled()
True
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from operator import attrgetter
from typing import Any

import networkx as nx

from graph.model.records import Relationship

__all__ = [
    "added_in_order",
    "collector_paused",
    "fill_edges",
    "frozen_after",
    "highest_out",
    "lowest_out",
]

_ID = attrgetter("id")


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector for the block; it runs again after, if it ran before."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


@contextmanager
def frozen_after() -> Iterator[None]:
    """:func:`collector_paused`, and when the block ends without error, everything alive
    frozen (``gc.freeze``): what the block built lives on and holds no cycles, and every later
    collection would walk it again (1.7 s for a million relationships, the first time).

    >>> with frozen_after():
    ...     kept = [[1], [2]]
    >>> any(o is kept for o in gc.get_objects()), gc.isenabled()
    (False, True)
    """
    with collector_paused():
        yield
        gc.freeze()


def fill_edges(
    multi: nx.MultiDiGraph[str], relationships: Iterable[Relationship]
) -> dict[str, Relationship]:
    """Add each relationship (ids unique) as the edge ``source -> target`` keyed by its id,
    to a graph whose nodes are all there and that has no edges yet; return them by id.

    Each pair's key dict lists its ids in order (see :func:`added_in_order`), whatever order
    the relationships come in: they are added in id order (a store's rows are in id order
    already, and sorting them again is one pass; a seed file's may be in any order).

    This writes the adjacency dicts a MultiDiGraph documents (successors and predecessors
    share one key dict per pair) instead of calling ``add_edges_from``, which checks and
    copies every edge one at a time: half the cost for a million of them.
    """
    # Private in the stubs, documented in networkx's "Graph data structure" notes.
    succ: dict[str, dict[str, dict[str, Any]]] = multi._succ  # type: ignore[attr-defined]
    pred: dict[str, dict[str, dict[str, Any]]] = multi._pred  # type: ignore[attr-defined]
    # A pair is filed under the node keys' own strings, not under a relationship's copies
    # of them: searches then meet one string per actor, compared by identity, where a
    # million unpacked relationships would scatter a copy per pair (depth-2 neighbourhoods
    # took a third longer).
    node = {key: key for key in succ}
    by_id: dict[str, Relationship] = {}
    for rel in sorted(relationships, key=_ID):
        source, target, rid = rel.source, rel.target, rel.id
        out = succ[source]
        keyed = out.get(target)
        if keyed is None:
            keyed = out[node[target]] = {}
            pred[target][node[source]] = keyed
        keyed[rid] = {"relationship": rel}
        by_id[rid] = rel
    nx._clear_cache(multi)
    return by_id


def added_in_order(keyed: dict[str, Any]) -> bool:
    """Whether the key last added to one pair's key dict (relationship id -> edge data) came
    after every key before it, so the dict still lists its ids in order.

    Every pair's key dict starts in id order (:func:`fill_edges`); ids mostly grow, so most
    later ones keep it so. A pair for which this says ``False`` once is read as unordered from
    then on (see :class:`graph.store.pages.PairGroups`): re-sorting a busy pair's dict on every
    write would cost more than the reads save.

    >>> added_in_order({"r1": {}, "r3": {}}), added_in_order({"r1": {}, "r3": {}, "r2": {}})
    (True, False)
    """
    if len(keyed) < 2:
        return True
    newest = reversed(keyed)
    added: str = next(newest)
    before: str = next(newest)
    return added > before


def lowest_out(succ: dict[str, dict[str, dict[str, Any]]]) -> dict[str, str]:
    """Each actor's lowest outgoing relationship id, in adjacency dicts whose pairs all list
    their ids in order (as :func:`fill_edges` leaves them); actors with none are left out.

    >>> lowest_out({"a": {"b": {"r3": {}}, "c": {"r2": {}, "r5": {}}}, "b": {}})
    {'a': 'r2'}
    """
    return {key: min(map(next, map(iter, out.values()))) for key, out in succ.items() if out}


def highest_out(succ: dict[str, dict[str, dict[str, Any]]]) -> dict[str, str]:
    """Each actor's highest outgoing relationship id, in adjacency dicts whose pairs all list
    their ids in order; actors with none are left out.

    >>> highest_out({"a": {"b": {"r3": {}}, "c": {"r2": {}, "r5": {}}}, "b": {}})
    {'a': 'r5'}
    """
    return {key: max(map(next, map(reversed, out.values()))) for key, out in succ.items() if out}
