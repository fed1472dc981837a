"""Each actor's ties either way, read off the graph's own edges as a search reaches it.

A path or a neighbourhood looks at the actors a few hops from where it starts. Reading their
ties straight from the edges costs what the search visits, and nothing to keep up to date: a
projection of the whole graph built for them (one edge per pair, as
:func:`graph.analysis.paths.undirected_projection` makes for whole-graph analyses) took 1.2 s on a
million relationships, again after every write.

Examples
--------
>>> from graph.dataset.seed import load_seed
>>> from graph.model.vocabulary import Relation
>>> g = load_seed()
>>> sorted(Ties(g)["iran"])[-3:], Ties(g).lowest("iran", "russia").id
(['rouhani', 'russia', 'syria-regime-forces'], 'iran-cooperates-with-russia-2016-08-16')
>>> sorted(Ties(g, RelationshipFilter(relations=frozenset({Relation.HOSTS})))["iran"])
['russia']
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Set
from operator import attrgetter

from graph.model.records import Relationship
from graph.store.alliance_graph import AllianceGraph
from graph.store.filters import RelationshipFilter

__all__ = ["Ties"]

_ID = attrgetter("id")
_EVERY = RelationshipFilter()


class Ties(Mapping[str, Set[str]]):
    """Actor key -> the actors tied to it either way by a relationship matching ``where``
    (every relationship when ``None``), found when first asked for and kept: read it before
    the graph changes. Every actor of the graph is a key."""

    def __init__(self, graph: AllianceGraph, where: RelationshipFilter | None = None) -> None:
        self._graph = graph
        self._where = None if where is None or where == _EVERY else where
        self._found: dict[str, Set[str]] = {}

    def __getitem__(self, key: str) -> Set[str]:
        found = self._found.get(key)
        if found is None:
            if self._graph.actor(key) is None:
                raise KeyError(key)
            found = self._found[key] = self._graph.neighbors(key, self._where)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._graph.nx)

    def __len__(self) -> int:
        return self._graph.nx.number_of_nodes()

    def lowest(self, a: str, b: str) -> Relationship:
        """The lowest-id matching relationship between ``a`` and ``b``, either way; they must
        be tied (``b in ties[a]``)."""
        where, edges = self._where, self._graph.nx.get_edge_data
        lowest: Relationship = min(
            (
                data["relationship"]
                for keyed in (edges(a, b) or {}, edges(b, a) or {})
                for data in keyed.values()
                if where is None or where.matches(data["relationship"])
            ),
            key=_ID,
        )
        return lowest
