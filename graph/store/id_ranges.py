"""What the graph notes about its relationship ids so that a page among many actors (a
neighbourhood's relationships) is read off the edges without gathering and sorting them.

Per actor, an id at or below all of its outgoing relationships' ids (its floor) and one at or
above them (its ceiling): exact after a bulk read and after adds, and left wider, never
narrower, by a removal. And the pairs (source, target) whose ids are not listed in order on
their edge (an id came in below one already there). :class:`graph.store.pages.PairGroups` uses
all three.

Examples
--------
>>> from graph.model.records import Relationship
>>> from graph.model.vocabulary import Relation
>>> succ = {"a": {"b": {"a-2": {}}}, "b": {"a": {"b-1": {}}}}
>>> ranges = IdRanges.of_adjacency(succ)
>>> ranges.note(Relationship("a-1", Relation.MEETS, "a", "b", ()), in_order=False)
>>> ranges.floors, ranges.ceilings, ranges.unordered
({'a': 'a-1', 'b': 'b-1'}, {'a': 'a-2', 'b': 'b-1'}, {('a', 'b')})
"""

from __future__ import annotations

from typing import Any

from graph.model.records import Relationship
from graph.store.bulk import highest_out, lowest_out

__all__ = ["IdRanges"]


class IdRanges:
    """Each actor's floor and ceiling of outgoing ids, and the pairs listed out of order."""

    def __init__(
        self, floors: dict[str, str] | None = None, ceilings: dict[str, str] | None = None
    ) -> None:
        self.floors: dict[str, str] = {} if floors is None else floors
        self.ceilings: dict[str, str] = {} if ceilings is None else ceilings
        self.unordered: set[tuple[str, str]] = set()

    @classmethod
    def of_adjacency(cls, succ: dict[str, dict[str, dict[str, Any]]]) -> IdRanges:
        """The ranges of adjacency dicts whose pairs all list their ids in order (as
        :func:`graph.store.bulk.fill_edges` leaves them)."""
        return cls(lowest_out(succ), highest_out(succ))

    def note(self, rel: Relationship, *, in_order: bool) -> None:
        """Take in ``rel``, just added to its edge; ``in_order``: whether its pair still lists
        its ids in order (:func:`graph.store.bulk.added_in_order`)."""
        if not in_order:
            self.unordered.add((rel.source, rel.target))
        source, rid = rel.source, rel.id
        floor, ceiling = self.floors.get(source), self.ceilings.get(source)
        if floor is None or rid < floor:
            self.floors[source] = rid
        if ceiling is None or rid > ceiling:
            self.ceilings[source] = rid

    def forget(self, key: str) -> None:
        """Drop the actor ``key``, removed from the graph."""
        self.floors.pop(key, None)
        self.ceilings.pop(key, None)
