"""Where to draw each actor: NetworkX layouts with a fixed seed, so one graph gets one picture.

Positions are computed on the undirected simple projection of the chosen relationships (one
tie per pair of actors, whatever its relation or direction), centred on the origin, scaled so
the largest coordinate is :data:`LAYOUT_SCALE` (every coordinate lies in [-1000, 1000]) and
rounded to two decimals. Every actor gets a position, isolated ones included.

Examples
--------
>>> from graph.model.records import Actor, Evidence, Relationship, Source
>>> from graph.model.vocabulary import ActorKind, Relation
>>> g = AllianceGraph()
>>> g.add_source(Source("nbc", "NBC News"))
>>> for key in ("iran", "russia", "us"):
...     g.add_actor(Actor(key, key.title(), ActorKind.STATE))
>>> g.add_relationship(Relationship("r1", Relation.HOSTS, "iran", "russia",
...                                 (Evidence("nbc", "..."),)))
>>> compute_layout(g, Layout.CIRCULAR)
{'iran': (1000.0, 0.0), 'russia': (-500.0, 866.03), 'us': (-500.0, -866.03)}
>>> compute_layout(g) == compute_layout(g)
True
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterable, Mapping

import networkx as nx

from graph.analysis.paths import undirected_projection
from graph.model.errors import InvalidInput
from graph.model.vocabulary import ActorKind
from graph.store.alliance_graph import AllianceGraph
from graph.store.filters import RelationshipFilter

__all__ = [
    "DEFAULT_SEED",
    "FAST_LAYOUTS",
    "LAYOUT_SCALE",
    "MAX_KAMADA_KAWAI_ACTORS",
    "MAX_SEED",
    "MAX_SPRING_ACTORS",
    "Layout",
    "LayoutTooLarge",
    "Position",
    "check_seed",
    "check_size",
    "compute_layout",
    "default_layout",
]

Position = tuple[float, float]
"""An ``(x, y)`` pair, each in [-LAYOUT_SCALE, LAYOUT_SCALE]."""

DEFAULT_SEED = 42
"""The seed used when none is given."""

MAX_SEED = 2**32 - 1
"""The largest seed NumPy's random generator accepts."""

LAYOUT_SCALE = 1000.0
"""The largest absolute coordinate of a layout."""

MAX_KAMADA_KAWAI_ACTORS = 300
"""The most actors :attr:`Layout.KAMADA_KAWAI` lays out (2.5 to 7 s at 300, by density).

The explorer draws whole graphs of up to this many actors with it."""

MAX_SPRING_ACTORS = 2_000
"""The most actors :attr:`Layout.SPRING` lays out unless told otherwise: 17 to 21 s for 2,000
actors on a 2-core machine, 5 s for 1,000, growing with the square of the actors (it would be
about 8 minutes for 10,000)."""


class Layout(enum.Enum):
    """A NetworkX layout algorithm.

    ``SPRING`` (Fruchterman-Reingold, :func:`networkx.spring_layout`) is the only one that
    uses the seed; the others are deterministic on their own. ``SHELL`` puts each actor kind
    on its own ring. Measured cost on a 2-core machine: ``SPRING`` about 10 ms for 20 actors,
    1.7 s for 500 actors and 5,000 relationships, and 17-21 s for 2,000 and 20,000 (it grows
    with the square of the actors); ``KAMADA_KAWAI`` 2 s for 200 actors, 2.5 to 7 s for 300 and
    refuses more; ``CIRCULAR`` and ``SHELL`` under 0.1 s at 2,000.
    """

    SPRING = "spring"
    KAMADA_KAWAI = "kamada-kawai"
    CIRCULAR = "circular"
    SHELL = "shell"


FAST_LAYOUTS = (Layout.CIRCULAR, Layout.SHELL)
"""The layouts that handle any number of actors (under a second at 10,000)."""


class LayoutTooLarge(InvalidInput):
    """A force-directed layout asked for more actors than it lays out in reasonable time."""

    code = "LAYOUT_TOO_LARGE"

    def __init__(self, layout: Layout, actors: int, limit: int) -> None:
        faster = " or ".join(fast.value for fast in FAST_LAYOUTS)
        super().__init__(
            f"the {layout.value} layout handles at most {limit:,} actors and this graph has "
            f"{actors:,}; use the {faster} layout, or fewer actors (around, filters)",
            field="layout",
        )
        self.layout, self.actors, self.limit = layout, actors, limit


def check_size(layout: Layout, actors: int, max_actors: int = MAX_SPRING_ACTORS) -> None:
    """Raise :class:`LayoutTooLarge` when ``layout`` does not lay out ``actors`` actors:
    ``SPRING`` above ``max_actors``, ``KAMADA_KAWAI`` above that or
    :data:`MAX_KAMADA_KAWAI_ACTORS`, whichever is smaller.

    >>> check_size(Layout.CIRCULAR, 10_000)
    >>> check_size(Layout.SPRING, 10_000)
    Traceback (most recent call last):
    ...
    graph.export.layout.LayoutTooLarge: the spring layout handles at most 2,000 actors and \
this graph has 10,000; use the circular or shell layout, or fewer actors (around, filters)
    """
    limit = {
        Layout.SPRING: max_actors,
        Layout.KAMADA_KAWAI: min(max_actors, MAX_KAMADA_KAWAI_ACTORS),
    }.get(layout)
    if limit is not None and actors > limit:
        raise LayoutTooLarge(layout, actors, limit)


def default_layout(actors: int, max_spring_actors: int = MAX_SPRING_ACTORS) -> Layout:
    """The layout used when none is asked for: spring up to ``max_spring_actors``, circular
    above, so that an export of a big graph with no ``layout`` finishes.

    >>> default_layout(20), default_layout(10_000)
    (<Layout.SPRING: 'spring'>, <Layout.CIRCULAR: 'circular'>)
    """
    return Layout.SPRING if actors <= max_spring_actors else Layout.CIRCULAR


def check_seed(seed: int, *, field: str = "seed") -> int:
    """``seed``, if it is an integer from 0 to 2**32 - 1; raises :class:`InvalidInput` otherwise.

    Parameters
    ----------
    seed : int
    field : str
        The name the error reports.

    Returns
    -------
    int

    Raises
    ------
    InvalidInput
        When ``seed`` is not an integer in range.

    Examples
    --------
    >>> check_seed(7)
    7
    >>> check_seed(-1)
    Traceback (most recent call last):
    ...
    graph.model.errors.InvalidInput: seed must be an integer from 0 to 4294967295, got -1
    """
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise InvalidInput(
            f"seed must be an integer from 0 to {MAX_SEED}, got {seed!r}", field=field
        )
    return seed


def compute_layout(
    graph: AllianceGraph,
    layout: Layout = Layout.SPRING,
    *,
    seed: int = DEFAULT_SEED,
    where: RelationshipFilter | None = None,
    actors: Iterable[str] | None = None,
    max_actors: int = MAX_SPRING_ACTORS,
) -> dict[str, Position]:
    """A position for every actor (or every one of ``actors``), in key order.

    The same graph, layout, seed, filter and actors always give the same positions.

    Parameters
    ----------
    graph : AllianceGraph
        Not modified.
    layout : Layout
        The algorithm; see :class:`Layout` for what each costs.
    seed : int
        Seeds :attr:`Layout.SPRING`'s random start, 0 to 2**32 - 1.
    where : RelationshipFilter, optional
        Which relationships pull actors together; all of them when ``None``.
    actors : iterable of str, optional
        Lay out only these actors and the ties among them; every actor when ``None``.
    max_actors : int
        The most actors ``SPRING`` (and ``KAMADA_KAWAI``, up to its own
        :data:`MAX_KAMADA_KAWAI_ACTORS`) lays out.

    Returns
    -------
    dict of str to (float, float)
        Coordinates in [-1000, 1000], rounded to two decimals.

    Raises
    ------
    InvalidInput
        When ``seed`` is out of range.
    LayoutTooLarge
        When ``SPRING`` is asked for more than ``max_actors`` actors, or ``KAMADA_KAWAI`` for
        more than the smaller of that and :data:`MAX_KAMADA_KAWAI_ACTORS`.
    UnknownActor
        When one of ``actors`` is not in the graph.

    Examples
    --------
    >>> from graph.model.records import Actor
    >>> g = AllianceGraph()
    >>> g.add_actor(Actor("iran", "Iran", ActorKind.STATE))
    >>> compute_layout(g, Layout.SPRING, seed=1)
    {'iran': (0.0, 0.0)}
    >>> compute_layout(g, actors=["atlantis"])
    Traceback (most recent call last):
    ...
    graph.model.errors.UnknownActor: unknown actor key 'atlantis'
    """
    check_seed(seed)
    projection = _projection(graph, where, actors)
    if len(projection) == 0:
        return {}
    check_size(layout, len(projection), max_actors)
    positions = _place(graph, projection, layout, seed)
    # Adding 0.0 turns -0.0 into 0.0, so equal pictures serialize equally.
    return {
        key: (round(float(x), 2) + 0.0, round(float(y), 2) + 0.0)
        for key, (x, y) in sorted(positions.items())
    }


def _place(
    graph: AllianceGraph, projection: nx.Graph[str], layout: Layout, seed: int
) -> dict[str, Position]:
    """Lay out ``projection``. The force-directed layouts place only tied actors; actors with
    no tie go in a row along the bottom edge, so they neither squash the picture (spring pushes
    them far out) nor hide behind others (Kamada-Kawai drops them anywhere)."""
    forces = layout in (Layout.SPRING, Layout.KAMADA_KAWAI)
    lone = sorted(nx.isolates(projection)) if forces else []
    if not lone or len(lone) == len(projection):
        raw = nx.rescale_layout_dict(_raw_layout(graph, projection, layout, seed), LAYOUT_SCALE)
        return {key: (float(x), float(y)) for key, (x, y) in raw.items()}
    tied: nx.Graph[str] = nx.Graph(projection.subgraph(set(projection) - set(lone)))
    raw = nx.rescale_layout_dict(_raw_layout(graph, tied, layout, seed), LAYOUT_SCALE * 0.85)
    placed = {key: (float(x), float(y)) for key, (x, y) in raw.items()}
    step = 2 * LAYOUT_SCALE / (len(lone) + 1)
    for i, key in enumerate(lone, start=1):
        placed[key] = (-LAYOUT_SCALE + i * step, -LAYOUT_SCALE)
    return placed


def _projection(
    graph: AllianceGraph, where: RelationshipFilter | None, actors: Iterable[str] | None
) -> nx.Graph[str]:
    projection = undirected_projection(graph, where)
    if actors is None:
        return projection
    keys = sorted(set(actors))
    for key in keys:
        graph.require_actor(key, field="actors")
    chosen: nx.Graph[str] = nx.Graph()
    chosen.add_nodes_from(keys)  # sorted, so the result does not depend on the caller's order
    chosen.add_edges_from(sorted(projection.subgraph(keys).edges))
    return chosen


def _raw_layout(
    graph: AllianceGraph, projection: nx.Graph[str], layout: Layout, seed: int
) -> Mapping[str, Collection[float]]:
    if layout is Layout.SPRING:
        return nx.spring_layout(projection, seed=seed)
    if layout is Layout.KAMADA_KAWAI:
        return nx.kamada_kawai_layout(projection)
    if layout is Layout.CIRCULAR:
        return nx.circular_layout(projection)
    by_kind: dict[ActorKind, list[str]] = {kind: [] for kind in ActorKind}
    for key in projection:
        by_kind[graph.require_actor(key).kind].append(key)
    shells = [keys for keys in by_kind.values() if keys]
    return nx.shell_layout(projection, nlist=shells)
