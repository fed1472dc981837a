"""Work too heavy for the event loop: a resolver about to do it hands the whole operation to a
forked child (:mod:`schema.http.heavy`).

A server runs a query that names a heavy field on its event loop first, with
``context.offload`` set. A resolver that finds its answer in the analytics cache, or whose
work reads few relationships (a neighbourhood of depth 1, one actor's timeline), answers at
once; one about to read more than ``--heavy-relationships`` of them raises
:class:`NeedsChild`, and the operation is executed again, from the start, in a child. There
``context.offload`` is false, and every resolver does its work.
"""

from __future__ import annotations

from collections.abc import Callable

from graph.store.adjacency import reach_bound
from schema.context import Info

__all__ = ["NeedsChild", "near", "offload_if_heavy", "whole_graph"]


class NeedsChild(BaseException):
    """Raised on the event loop by a resolver about to do heavy work. Not an ``Exception``,
    so that graphql-core does not turn it into a field error: it ends the execution."""


def offload_if_heavy(info: Info, reads: Callable[[Info], int]) -> None:
    """Raise :class:`NeedsChild` when the operation may go to a child and the work ahead reads
    more relationships than the limit, as ``reads(info)`` counts them."""
    context = info.context
    if context.offload and reads(info) > context.limits.heavy_relationships:
        raise NeedsChild


def whole_graph(info: Info) -> int:
    """Every relationship: what an analysis of the whole graph reads."""
    return len(info.context.graph)


def near(key: str | None, depth: int, *, ties: bool = False) -> Callable[[Info], int]:
    """The relationships a walk of ``depth`` hops from ``key`` reads (``key`` None: the whole
    graph), counted only as far as the limit; with ``ties``, the pairs of actors it reads (a
    walk that only looks for actors, such as a neighbourhood's)."""

    def reads(info: Info) -> int:
        if key is None:
            return whole_graph(info)
        nx_graph, limit = info.context.graph.nx, info.context.limits.heavy_relationships
        return reach_bound(nx_graph.succ, nx_graph.pred, key, depth, limit, ties=ties)

    return reads
