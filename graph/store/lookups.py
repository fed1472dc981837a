"""What the graph keeps beside its edges so that a page of relationships needs no full sort:
each actor's range of outgoing ids (:mod:`graph.store.id_ranges`) and its number of relationships
to each other actor (:mod:`graph.store.pair_counts`), for counts and pages among many actors, and
the relation index (:mod:`graph.store.relation_index`), built with a graph read in bulk, or
else by the first page filtered by relation, valence or date. All follow every relationship
linked to or unlinked from the edges.

Examples
--------
>>> from graph.store.filters import RelationshipFilter
>>> from graph.model.records import Relationship
>>> from graph.model.vocabulary import Relation
>>> succ = {"a": {"b": {}}, "b": {}}
>>> rels = {}
>>> lookups = Lookups(succ, rels)
>>> for rid, relation in (("a-1", Relation.MEETS), ("a-2", Relation.ATTACKS)):
...     rel = Relationship(rid, relation, "a", "b", ())
...     succ["a"]["b"][rid] = {}
...     rels[rid] = rel
...     lookups.linked(rel)
>>> attacks = RelationshipFilter(relations=frozenset({Relation.ATTACKS}))
>>> [r.id for r in lookups.page(attacks, 10, None).items], lookups.index is not None
(['a-2'], True)
>>> lookups.page(RelationshipFilter(between=frozenset({"a", "b"})), 1, "a-1").total
2
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graph.model.records import Relationship
from graph.store.bulk import added_in_order, frozen_after
from graph.store.filters import RelationshipFilter
from graph.store.id_ranges import IdRanges
from graph.store.pages import PairGroups, RelationshipPage
from graph.store.pair_counts import PairCounts
from graph.store.relation_index import RelationIndex

__all__ = ["Lookups"]


class Lookups:
    """The id ranges, pair counts and relation index of the edges ``succ`` (a MultiDiGraph's
    adjacency dicts) holding the relationships ``by_id``; ``ranges`` and ``counts``: those
    already known (after a bulk read), else none yet."""

    def __init__(
        self,
        succ: Mapping[str, Mapping[str, dict[str, Any]]],
        by_id: Mapping[str, Relationship],
        ranges: IdRanges | None = None,
        counts: PairCounts | None = None,
    ) -> None:
        self._succ = succ
        self._by_id = by_id
        self.ranges = IdRanges() if ranges is None else ranges
        self.counts = PairCounts() if counts is None else counts
        self.index: RelationIndex | None = None
        """Built in bulk loads (:meth:`of_adjacency`), or else by the first page that needs
        it; then kept up to date."""

    @classmethod
    def of_adjacency(
        cls, succ: dict[str, dict[str, dict[str, Any]]], by_id: Mapping[str, Relationship]
    ) -> Lookups:
        """The lookups of edges just filled in bulk, their pairs all listing their ids in order
        (as :func:`graph.store.bulk.fill_edges` leaves them), the relation index included.

        A graph read back from a store is one a server is about to serve: the index is built
        now, while loading, rather than by the first filtered page, which would hold a server's
        event loop for a second at a million relationships."""
        lookups = cls(succ, by_id, IdRanges.of_adjacency(succ), PairCounts.of_adjacency(succ))
        lookups.index = RelationIndex(by_id.values())
        return lookups

    def linked(self, rel: Relationship) -> None:
        """Take in ``rel``, just added to the edges."""
        self.ranges.note(rel, in_order=added_in_order(self._succ[rel.source][rel.target]))
        self.counts.added(rel.source, rel.target)
        if self.index is not None:
            self.index.add(rel)

    def unlinked(self, rel: Relationship) -> None:
        """Let go of ``rel``, just removed from the edges (an id range stays as wide)."""
        self.counts.removed(rel.source, rel.target)
        if self.index is not None:
            self.index.remove(rel)

    def forget(self, key: str) -> None:
        """Drop the actor ``key``, removed from the graph."""
        self.ranges.forget(key)
        self.counts.forget(key)

    def among(self, keys: frozenset[str]) -> PairGroups:
        """The relationships with both ends in ``keys``, to count and page without a sort."""
        ranges = self.ranges
        return PairGroups.among(
            self._succ,
            keys,
            self._by_id,
            self.counts.of,
            ranges.unordered,
            ranges.floors,
            ranges.ceilings,
        )

    def page(self, where: RelationshipFilter, first: int, after: str | None) -> RelationshipPage:
        """The page of ``where``, which names no actor unless only by ``between``."""
        if (among := where.only_between) is not None:
            return self.among(among).page(first, after)
        if self.index is None:
            # Its lists hold every relationship: left out of later collections like the graph
            # (see Editor.open), or each full one walks a million pointers (0.2 s).
            with frozen_after():
                self.index = RelationIndex(self._by_id.values())
        return self.index.page(where, first, after)
