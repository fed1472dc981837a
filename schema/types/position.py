"""Server-side layout in GraphQL: ``Actor.position(layout, seed)``."""

from __future__ import annotations

from typing import TypeAlias

import strawberry

from graph.export import layout
from schema.context import Info
from schema.errors import BadRequest
from schema.resolvers.offload import offload_if_heavy, whole_graph

__all__ = ["RETRY_SECONDS", "SEED_IGNORED", "Layout", "Position", "position_of"]

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


SEED_IGNORED = (
    "Ignored: the server lays out each graph version once per layout, with seed 42 (as "
    "/export does by default); a layout per seed let any client make it lay out the whole "
    "graph again and again. /export?seed= still takes one."
)


RETRY_SECONDS = 1
"""How long ``LAYOUT_PENDING`` tells a client to wait before asking again."""


def position_of(info: Info, key: str, which: Layout, seed: int) -> Position | None:
    """``key``'s place in the layout of the whole graph, computed once per graph version and
    layout, whatever ``seed`` says (:data:`SEED_IGNORED`; it is still checked). Spring and
    Kamada-Kawai refuse more actors than ``--max-layout-actors`` with ``LAYOUT_TOO_LARGE``.

    A server computes a large graph's layout in the background
    (:mod:`schema.resolvers.layouts`): until it is ready this answers None with a
    ``LAYOUT_PENDING`` error, at once. Without one (a script calling the schema), the layout
    is computed here, or in a child for a large graph (:mod:`schema.resolvers.offload`)."""
    layout.check_seed(seed)
    graph, cache, layouts = info.context.graph, info.context.cache, info.context.layouts
    most = info.context.limits.max_layout_actors
    layout.check_size(which, graph.nx.number_of_nodes(), most)  # before any work: a refusal
    if layouts is not None:
        places = layouts.positions(graph, which)
        if places is None:
            raise BadRequest(
                f"the {which.value} layout of this graph version is being computed; ask again "
                f"in {RETRY_SECONDS} s (the other fields of this answer are complete)",
                code="LAYOUT_PENDING",
                field="layout",
                details={"layout": which.name, "retryAfterSeconds": RETRY_SECONDS},
            )
    else:
        if cache.get(graph, "layout", (which,)) is None:
            offload_if_heavy(info, whole_graph)
        places = cache.cached(
            graph,
            "layout",
            (which,),
            lambda: layout.compute_layout(graph, which, max_actors=most),
        )
    x, y = places[key]
    return Position(x=x, y=y)
