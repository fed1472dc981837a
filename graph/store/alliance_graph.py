"""The in-memory alliance graph: a :class:`networkx.MultiDiGraph` with typed access.

Nodes are actor keys with the :class:`~graph.model.records.Actor` under the ``actor`` attribute;
edges are keyed by relationship id with the :class:`~graph.model.records.Relationship` under the
``relationship`` attribute. ``version`` counts committed changes.

Examples
--------
>>> from graph.model.records import Actor, Evidence, Relationship, Source
>>> from graph.model.vocabulary import ActorKind, Direction, Relation
>>> g = AllianceGraph()
>>> g.add_source(Source("nbc", "NBC News"))
>>> g.add_actor(Actor("russia", "Russia", ActorKind.STATE, aliases=("Moscow",)))
>>> g.add_actor(Actor("isis", "ISIS", ActorKind.ARMED_GROUP))
>>> g.add_relationship(Relationship("r1", Relation.ATTACKS, "russia", "isis",
...                                 (Evidence("nbc", "airstrikes against ISIS"),)))
>>> [r.id for r in g.relationships_of("isis", Direction.IN)], g.version
(['r1'], 4)
>>> g.nx.has_edge("russia", "isis")
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from operator import attrgetter
from typing import Any

import networkx as nx

from graph.model.errors import (
    ActorInUse,
    DuplicateKey,
    InvalidInput,
    UnknownActor,
    UnknownRelationship,
    UnknownSource,
)
from graph.model.records import Actor, Relationship, Source
from graph.model.rules import actor_problems, relationship_problems, source_problems
from graph.model.vocabulary import ActorKind, Direction, Relation, Valence
from graph.store import adjacency
from graph.store.bulk import collector_paused, fill_edges
from graph.store.filters import RelationshipFilter, touches
from graph.store.lookups import Lookups
from graph.store.pages import PairGroups, RelationshipPage, page_of

__all__ = ["AllianceGraph"]

_ID = attrgetter("id")


class AllianceGraph:
    """Actors, sources and relationships, with the rules of the model enforced on every change."""

    def __init__(self) -> None:
        self.nx: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        # The MultiDiGraph's own adjacency dicts, {actor: {other: {relationship id: edge
        # data}}}, read directly where a walk over millions of edges would otherwise build a
        # view object per edge (private in the stubs, documented in networkx's notes).
        self._succ: adjacency.Adjacency = self.nx._succ  # type: ignore[attr-defined]
        self._pred: adjacency.Adjacency = self.nx._pred  # type: ignore[attr-defined]
        # Its node attribute dicts: an actor is looked up without NodeView's Python methods.
        self._nodes: dict[str, dict[str, Any]] = self.nx._node  # type: ignore[attr-defined]
        self._sources: dict[str, Source] = {}
        self._relationships: dict[str, Relationship] = {}
        self._lookups = Lookups(self._succ, self._relationships)  # for pages with no sort
        self.version = 0

    @classmethod
    def trusted(
        cls,
        sources: Iterable[Source],
        actors: Iterable[Actor],
        relationships: Iterable[Relationship],
        version: int,
    ) -> AllianceGraph:
        """A graph of records that already passed the rules (read back from a store), added
        in bulk without checking them again; everything else goes through the ``add_*``s."""
        graph = cls()
        graph._sources = {s.id: s for s in sources}
        with collector_paused():
            graph.nx.add_nodes_from((a.key, {"actor": a}) for a in actors)
            graph._relationships = fill_edges(graph.nx, relationships)
            graph._lookups = Lookups.of_adjacency(graph._succ, graph._relationships)
        graph.version = version
        return graph

    # -- reading -------------------------------------------------------------------------

    def actor(self, key: str) -> Actor | None:
        """The actor with ``key``, or ``None``."""
        data = self._nodes.get(key)
        return None if data is None else data["actor"]

    def require_actor(self, key: str, *, field: str | None = None) -> Actor:
        """The actor with ``key``; raises :class:`UnknownActor` naming it otherwise."""
        found = self.actor(key)
        if found is None:
            raise UnknownActor(key, field=field)
        return found

    def actors(self, kind: ActorKind | None = None, search: str | None = None) -> list[Actor]:
        """Actors in key order, optionally of one ``kind`` and matching ``search``."""
        found = [data["actor"] for data in self._nodes.values()]
        if kind is not None:
            found = [a for a in found if a.kind is kind]
        if search is not None:
            found = [a for a in found if a.matches(search)]
        return sorted(found, key=attrgetter("key"))

    def source(self, source_id: str) -> Source | None:
        """The source with ``source_id``, or ``None``."""
        return self._sources.get(source_id)

    def sources(self) -> list[Source]:
        """Every source, in id order."""
        return sorted(self._sources.values(), key=lambda s: s.id)

    def relationship(self, relationship_id: str) -> Relationship | None:
        """The relationship with ``relationship_id``, or ``None``."""
        return self._relationships.get(relationship_id)

    def relationships(self, where: RelationshipFilter | None = None) -> list[Relationship]:
        """Relationships matching ``where``, in id order."""
        if where is not None and where.actor is not None:
            candidates: Iterable[Relationship] = adjacency.incident(
                self._succ, self._pred, where.actor
            )
        elif where is not None and where.between is not None:
            candidates = self.relationships_among(where.between).unsorted()
        else:
            candidates = self._relationships.values()
        if where is not None and where != RelationshipFilter(between=where.between):
            candidates = filter(where.matches, candidates)  # (the edges already say `between`)
        return sorted(candidates, key=_ID)

    def relationship_page(
        self, where: RelationshipFilter | None, first: int, after: str | None = None
    ) -> RelationshipPage:
        """The ``first`` relationships matching ``where`` whose ids follow ``after``, in id
        order, and how many match in all, without sorting every match when an index can say.

        >>> AllianceGraph().relationship_page(None, 10).total
        0
        """
        where = RelationshipFilter() if where is None else where
        named = where.actor is not None or where.between is not None
        if named and where.only_between is None:
            return page_of(self.relationships(where), first, after)
        return self._lookups.page(where, first, after)

    def relationships_among(self, keys: frozenset[str]) -> PairGroups:
        """The relationships with both ends in ``keys``, to count and page without a sort."""
        return self._lookups.among(keys)

    def relationships_of(
        self,
        key: str,
        direction: Direction = Direction.ANY,
        relations: Iterable[Relation] | None = None,
        valence: Valence | None = None,
        as_of: dt.date | None = None,
    ) -> list[Relationship]:
        """``key``'s relationships in ``direction``, in id order (symmetric ones count both ways),
        optionally only those of some ``relations``, one ``valence``, or active ``as_of``.

        Raises :class:`UnknownActor` when ``key`` is not in the graph.
        """
        self.require_actor(key)
        wanted = None if relations is None else frozenset(relations)
        return sorted(
            (
                r
                for r in adjacency.incident(self._succ, self._pred, key)
                if touches(r, key, direction)
                and (wanted is None or r.relation in wanted)
                and (valence is None or r.valence is valence)
                and (as_of is None or r.active_on(as_of))
            ),
            key=_ID,
        )

    def neighbors(self, key: str, where: RelationshipFilter | None = None) -> set[str]:
        """The actors tied to ``key`` either way by a relationship matching ``where`` (by any
        relationship when ``None``); none for an unknown key."""
        return adjacency.neighbors(self._succ, self._pred, key, where)

    def tie_bound(self, key: str) -> int:
        """At least ``len(self.neighbors(key, where))`` for any ``where``, without looking at
        any relationship (see :func:`graph.store.adjacency.tie_bound`)."""
        return adjacency.tie_bound(self._succ, self._pred, key)

    def __len__(self) -> int:
        return len(self._relationships)

    # -- changing ------------------------------------------------------------------------

    def add_source(self, source: Source) -> None:
        """Add ``source``; its id must be a new slug."""
        if source.id in self._sources:
            raise DuplicateKey(f"source id {source.id!r} already exists", field="id")
        for problem in source_problems(source):
            raise problem
        self._sources[source.id] = source
        self.version += 1

    def remove_source(self, source_id: str) -> Source:
        """Remove and return the source ``source_id``; no evidence may still cite it."""
        old = self._sources.get(source_id)
        if old is None:
            raise UnknownSource(source_id, field="id")
        if any(e.source == source_id for r in self._relationships.values() for e in r.evidence):
            raise InvalidInput(f"source {source_id!r} is still cited as evidence", field="id")
        del self._sources[source_id]
        self.version += 1
        return old

    def add_actor(self, actor: Actor) -> None:
        """Add ``actor``; its key must be a new slug."""
        if actor.key in self.nx:
            raise DuplicateKey(f"actor key {actor.key!r} already exists", field="key")
        for problem in actor_problems(actor):
            raise problem
        self.nx.add_node(actor.key, actor=actor)
        self.version += 1

    def replace_actor(self, actor: Actor) -> Actor:
        """Put ``actor`` in place of the actor with the same key; return the old one."""
        old = self.require_actor(actor.key, field="key")
        for problem in actor_problems(actor):
            raise problem
        self.nx.nodes[actor.key]["actor"] = actor
        self.version += 1
        return old

    def remove_actor(self, key: str, *, cascade: bool = False) -> list[Relationship]:
        """Remove the actor ``key``; with ``cascade`` its relationships go too and are returned.

        Relationships whose ``claimed_by`` names the actor count as using it.
        """
        self.require_actor(key, field="key")
        using = [r for r in self._relationships.values() if r.involves(key) or r.claimed_by == key]
        if using and not cascade:
            raise ActorInUse(
                f"actor {key!r} still has {len(using)} relationship(s); "
                "remove them first or pass cascade",
                field="key",
            )
        for rel in using:
            self._unlink(rel)
        self.nx.remove_node(key)
        self._lookups.forget(key)
        self.version += 1
        return sorted(using, key=lambda r: r.id)

    def add_relationship(self, rel: Relationship) -> None:
        """Add ``rel`` after checking every rule; nothing changes when one is broken."""
        if rel.id in self._relationships:
            raise DuplicateKey(f"relationship id {rel.id!r} already exists", field="id")
        self._check_relationship(rel)
        self._link(rel)
        self.version += 1

    def replace_relationship(self, rel: Relationship) -> Relationship:
        """Put ``rel`` in place of the relationship with the same id; return the old one."""
        old = self._relationships.get(rel.id)
        if old is None:
            raise UnknownRelationship(rel.id, field="id")
        self._check_relationship(rel)
        self._unlink(old)
        self._link(rel)
        self.version += 1
        return old

    def remove_relationship(self, relationship_id: str) -> Relationship:
        """Remove and return the relationship with ``relationship_id``."""
        old = self._relationships.get(relationship_id)
        if old is None:
            raise UnknownRelationship(relationship_id, field="id")
        self._unlink(old)
        self.version += 1
        return old

    def _check_relationship(self, rel: Relationship) -> None:
        for problem in relationship_problems(rel, self.nx.__contains__, self._sources.__contains__):
            raise problem

    def _link(self, rel: Relationship) -> None:
        self.nx.add_edge(rel.source, rel.target, key=rel.id, relationship=rel)
        self._relationships[rel.id] = rel
        self._lookups.linked(rel)

    def _unlink(self, rel: Relationship) -> None:
        self.nx.remove_edge(rel.source, rel.target, key=rel.id)
        del self._relationships[rel.id]
        self._lookups.unlinked(rel)
