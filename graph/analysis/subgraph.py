"""A set of actors and the relationships among them, gathered only as far as a question needs.

A depth-2 neighbourhood of a large graph holds hundreds of actors and tens of thousands of
relationships among them. Most clients ask how many there are and for the first page: those
answers are read off the graph's edges (:meth:`AllianceGraph.relationship_page`) without making
and sorting the whole list, which is made only when :attr:`Subgraph.relationships` is read.

Examples
--------
>>> from graph.model.records import Actor, Evidence, Relationship, Source
>>> from graph.model.vocabulary import ActorKind, Relation
>>> g = AllianceGraph()
>>> g.add_source(Source("nbc", "NBC News"))
>>> for key in ("assad", "isis", "russia"):
...     g.add_actor(Actor(key, key.title(), ActorKind.STATE))
>>> for rid, a, b in [("r2", "assad", "isis"), ("r1", "russia", "assad"), ("r3", "isis", "russia")]:
...     g.add_relationship(Relationship(rid, Relation.ATTACKS, a, b, (Evidence("nbc", "..."),)))
>>> sub = Subgraph(g, ("assad", "russia"))
>>> sub.relationship_count, [r.id for r in sub.relationships]
(1, ['r1'])
>>> [r.id for r in Subgraph(g, ("assad", "isis", "russia")).relationship_page(2, "r1").items]
['r2', 'r3']
"""

from __future__ import annotations

from dataclasses import replace
from functools import cached_property

from graph.model.records import Relationship
from graph.store.alliance_graph import AllianceGraph
from graph.store.filters import RelationshipFilter
from graph.store.pages import PairGroups, RelationshipPage, page_of

__all__ = ["Subgraph"]


class Subgraph:
    """``actors`` (in key order) and every relationship of ``graph`` among them that matches
    ``where`` (in id order); read it before the graph changes."""

    def __init__(
        self,
        graph: AllianceGraph,
        actors: tuple[str, ...],
        where: RelationshipFilter | None = None,
    ) -> None:
        self.actors = actors
        self._graph = graph
        self._where = where or RelationshipFilter()

    def _inside(self) -> RelationshipFilter:
        # Made when needed rather than kept: a neighbourhood is kept in the analytics cache,
        # and every full collection of the cycle collector walks a set of its actors.
        return replace(self._where, between=frozenset(self.actors))

    @cached_property
    def relationships(self) -> tuple[Relationship, ...]:
        """Every relationship among the actors, in id order."""
        return tuple(self._graph.relationships(self._inside()))

    @cached_property
    def _pairs(self) -> PairGroups | None:
        """The relationships' ids by pair of actors, when every relationship among the actors
        counts (with other conditions, each one must be looked at)."""
        among = self._inside().only_between
        return None if among is None else self._graph.relationships_among(among)

    @property
    def relationship_count(self) -> int:
        """How many relationships :attr:`relationships` holds."""
        if "relationships" not in self.__dict__ and self._pairs is not None:
            return self._pairs.total
        return len(self.relationships)

    def relationship_page(self, first: int, after: str | None = None) -> RelationshipPage:
        """The ``first`` relationships after the id ``after``, in id order, and the count."""
        if self._pairs is not None:
            return self._pairs.page(first, after)
        return page_of(self.relationships, first, after)

    def __repr__(self) -> str:
        return f"Subgraph({len(self.actors)} actors)"
