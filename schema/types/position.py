"""Server-side layout in GraphQL: ``Actor.position(layout, seed)``."""

from __future__ import annotations

from typing import TypeAlias

import strawberry

from graph import AllianceGraph
from graph.analysis.cache import VersionedCache
from graph.export import layout

__all__ = ["Layout", "Position", "position_of"]

strawberry.enum(
    layout.Layout,
    description="A NetworkX layout: SPRING (force-directed, uses the seed), KAMADA_KAWAI "
    "(at most 300 actors), CIRCULAR, SHELL (one ring per actor kind).",
)
Layout: TypeAlias = layout.Layout


@strawberry.type(description="Where the server's layout puts an actor, in [-1000, 1000].")
class Position:
    x: float
    y: float


def position_of(
    graph: AllianceGraph, cache: VersionedCache, key: str, which: Layout, seed: int
) -> Position:
    """``key``'s place in the layout of the whole graph, computed once per graph version."""
    layout.check_seed(seed)
    places = cache.cached(
        graph, "layout", (which, seed), lambda: layout.compute_layout(graph, which, seed=seed)
    )
    x, y = places[key]
    return Position(x=x, y=y)
