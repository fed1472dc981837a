"""How actors are connected: the shortest path between two, and the neighbourhood of one.

An alliance path ignores direction: a tie is a tie whichever way it was entered.

Examples
--------
>>> from graph.model.records import Actor, Evidence, Relationship, Source
>>> from graph.model.vocabulary import ActorKind, Relation
>>> g = AllianceGraph()
>>> g.add_source(Source("nbc", "NBC News"))
>>> for key in ("iran", "russia", "assad", "isis"):
...     g.add_actor(Actor(key, key.title(), ActorKind.STATE))
>>> for rid, a, relation, b in [("r1", "iran", Relation.HOSTS, "russia"),
...                             ("r2", "russia", Relation.ATTACKS, "isis"),
...                             ("r3", "assad", Relation.MEETS, "russia")]:
...     g.add_relationship(Relationship(rid, relation, a, b, (Evidence("nbc", "..."),)))
>>> shortest_path(g, "iran", "isis").actors
('iran', 'russia', 'isis')
>>> neighborhood(g, "assad").actors
('assad', 'russia')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

import networkx as nx

from graph.analysis.cache import VersionedCache
from graph.analysis.meet import fewest_hops
from graph.analysis.subgraph import Subgraph
from graph.analysis.ties import Ties
from graph.model.errors import InvalidInput
from graph.model.records import Relationship
from graph.model.vocabulary import Relation, Valence
from graph.store.alliance_graph import AllianceGraph
from graph.store.filters import RelationshipFilter

__all__ = [
    "MAX_DEPTH",
    "MAX_HOPS",
    "Path",
    "Subgraph",
    "neighborhood",
    "shortest_path",
    "undirected_projection",
]

MAX_HOPS = 6
"""The longest path :func:`shortest_path` looks for."""

MAX_DEPTH = 3
"""The widest neighbourhood :func:`neighborhood` gathers."""


@dataclass(frozen=True, slots=True)
class Path:
    """Actors from source to target and the relationship that joins each consecutive pair."""

    actors: tuple[str, ...]
    relationships: tuple[Relationship, ...]

    @property
    def hops(self) -> int:
        """How many relationships the path crosses."""
        return len(self.relationships)


def undirected_projection(
    graph: AllianceGraph, where: RelationshipFilter | None = None
) -> nx.Graph[str]:
    """One undirected edge per pair of actors with a relationship matching ``where``.

    Every actor is a node, tied or not; nodes and edges are added in key and id order so the
    result does not depend on the order data was entered. Each edge carries the pair's
    lowest-id matching relationship under ``relationship``. The graph is not modified.

    Parameters
    ----------
    graph : AllianceGraph
    where : RelationshipFilter, optional
        Which relationships count; all of them when ``None``.

    Returns
    -------
    networkx.Graph

    Examples
    --------
    >>> proj = undirected_projection(AllianceGraph())
    >>> proj.number_of_nodes(), proj.number_of_edges()
    (0, 0)

    Notes
    -----
    The result is kept per graph version and shared between callers (building it walks every
    relationship): treat it as read-only.
    """
    return _PROJECTIONS.cached(graph, "projection", (where,), lambda: _project(graph, where))


_PROJECTIONS = VersionedCache(maxsize=16)


def _project(graph: AllianceGraph, where: RelationshipFilter | None) -> nx.Graph[str]:
    projection: nx.Graph[str] = nx.Graph()
    projection.add_nodes_from(sorted(graph.nx.nodes))
    for rel in graph.relationships(where):  # in id order: the first one per pair is lowest
        if not projection.has_edge(rel.source, rel.target):
            projection.add_edge(rel.source, rel.target, relationship=rel)
    return projection


def shortest_path(
    graph: AllianceGraph,
    source: str,
    target: str,
    *,
    max_hops: int = 4,
    valence: Valence | None = None,
    as_of: dt.date | None = None,
    hop_limit: int = MAX_HOPS,
) -> Path | None:
    """The path of fewest hops from ``source`` to ``target``, following ties either way.

    Among equally short paths the one whose actor keys come first, compared hop by hop from
    ``source``, wins; between two actors the lowest-id relationship stands for the hop.

    The search runs breadth first from both ends at once, a whole level at a time on whichever
    side has fewer ties to follow, and stops where the two meet: it reads only the actors a
    few hops from either end, not the whole graph.

    Parameters
    ----------
    graph : AllianceGraph
    source, target : str
        Actor keys; they must differ.
    max_hops : int
        The longest path wanted, 1 to ``hop_limit``.
    valence : Valence, optional
        Follow only relationships of this valence.
    as_of : datetime.date, optional
        Follow only relationships that had happened and were still valid on that day.
    hop_limit : int
        The largest ``max_hops`` accepted (:data:`MAX_HOPS` unless a server sets its own).

    Returns
    -------
    Path or None
        ``None`` when no path of at most ``max_hops`` exists.

    Raises
    ------
    InvalidInput
        When ``max_hops`` is out of range or ``source`` and ``target`` are the same actor.
    UnknownActor
        When either key is not in the graph.

    Examples
    --------
    >>> from graph.model.records import Actor, Evidence, Relationship, Source
    >>> from graph.model.vocabulary import ActorKind, Relation
    >>> g = AllianceGraph()
    >>> g.add_source(Source("nbc", "NBC News"))
    >>> for key in ("russia", "assad", "isis"):
    ...     g.add_actor(Actor(key, key.title(), ActorKind.STATE))
    >>> for rid, a, relation, b in [("r1", "russia", Relation.SUPPORTS, "assad"),
    ...                             ("r2", "assad", Relation.ATTACKS, "isis")]:
    ...     g.add_relationship(Relationship(rid, relation, a, b, (Evidence("nbc", "..."),)))
    >>> path = shortest_path(g, "isis", "russia")
    >>> path.actors, [r.id for r in path.relationships], path.hops
    (('isis', 'assad', 'russia'), ['r2', 'r1'], 2)
    >>> shortest_path(g, "isis", "russia", valence=Valence.COOPERATIVE) is None
    True
    >>> shortest_path(g, "isis", "russia", max_hops=9)
    Traceback (most recent call last):
    ...
    graph.model.errors.InvalidInput: maxHops must be between 1 and 6, got 9
    """
    _check_range(max_hops, hop_limit, name="maxHops", field="max_hops")
    graph.require_actor(source, field="source")
    graph.require_actor(target, field="target")
    if source == target:
        raise InvalidInput(
            f"source and target must be different actors, got the same actor twice ({source!r})",
            field="target",
        )
    ties = Ties(graph, RelationshipFilter(valence=valence, as_of=as_of))
    actors = fewest_hops(ties, source, target, max_hops, graph.tie_bound)
    if actors is None:
        return None
    return Path(
        actors=actors,
        relationships=tuple(ties.lowest(a, b) for a, b in pairwise(actors)),
    )


def neighborhood(
    graph: AllianceGraph,
    key: str,
    *,
    depth: int = 1,
    relations: Iterable[Relation] | None = None,
    as_of: dt.date | None = None,
    depth_limit: int = MAX_DEPTH,
) -> Subgraph:
    """The actors within ``depth`` hops of ``key`` (either way) and every tie among them.

    Parameters
    ----------
    graph : AllianceGraph
    key : str
        The actor at the centre; it is always in the result.
    depth : int
        How many hops out to go, 1 to 3.
    relations : iterable of Relation, optional
        Follow and return only relationships of these relations (none at all when empty).
    as_of : datetime.date, optional
        Follow and return only relationships active on that day.
    depth_limit : int
        The largest ``depth`` accepted (:data:`MAX_DEPTH` unless a server sets its own).

    Returns
    -------
    Subgraph

    Raises
    ------
    InvalidInput
        When ``depth`` is out of range.
    UnknownActor
        When ``key`` is not in the graph.

    Examples
    --------
    >>> from graph.model.records import Actor, Evidence, Relationship, Source
    >>> from graph.model.vocabulary import ActorKind, Relation
    >>> g = AllianceGraph()
    >>> g.add_source(Source("nbc", "NBC News"))
    >>> for key in ("russia", "assad", "isis"):
    ...     g.add_actor(Actor(key, key.title(), ActorKind.STATE))
    >>> for rid, a, relation, b in [("r1", "russia", Relation.SUPPORTS, "assad"),
    ...                             ("r2", "assad", Relation.ATTACKS, "isis")]:
    ...     g.add_relationship(Relationship(rid, relation, a, b, (Evidence("nbc", "..."),)))
    >>> hood = neighborhood(g, "russia", depth=2)
    >>> hood.actors, [r.id for r in hood.relationships]
    (('assad', 'isis', 'russia'), ['r1', 'r2'])
    >>> neighborhood(g, "russia", relations=[Relation.ATTACKS]).actors
    ('russia',)
    """
    _check_range(depth, depth_limit, name="depth", field="depth")
    graph.require_actor(key, field="key")
    wanted = None if relations is None else frozenset(relations)
    where = RelationshipFilter(relations=wanted, as_of=as_of)
    ties = Ties(graph, where)
    seen, level = {key}, {key}
    for _ in range(depth):  # a level at a time: the actors one hop further than the last
        level = set().union(*(ties[near] for near in level)) - seen
        seen |= level
    return Subgraph(graph, tuple(sorted(seen)), where)


def _check_range(value: int, high: int, *, name: str, field: str) -> None:
    if not 1 <= value <= high:
        raise InvalidInput(f"{name} must be between 1 and {high}, got {value}", field=field)
