"""A page of relationships in id order: the ones after a cursor, and how many there are in all.

Examples
--------
>>> from graph.model.records import Relationship
>>> from graph.model.vocabulary import Relation
>>> rels = [Relationship(i, Relation.MEETS, "a", "b", ()) for i in ("r1", "r2", "r3")]
>>> page = page_of(rels, first=1, after="r1")
>>> [r.id for r in page.items], page.total, page.has_next, page.has_previous
(['r2'], 3, True, True)

The same page, found among the relationships between a set of actors, read off adjacency dicts
of the shape a MultiDiGraph keeps (actor -> other actor -> relationship id -> edge data):

>>> from graph.store.pair_counts import PairCounts
>>> succ = {"a": {"b": {"r1": {}, "r3": {}}, "c": {"r2": {}}}, "b": {}, "c": {}}
>>> by_id, counted = {r.id: r for r in rels}, PairCounts.of_adjacency(succ).of
>>> page = PairGroups.among(succ, frozenset({"a", "b"}), by_id, counted).page(1, after="r1")
>>> [r.id for r in page.items], page.total, page.has_next, page.has_previous
(['r3'], 2, False, True)
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import (
    Callable,
    Collection,
    Container,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from dataclasses import dataclass
from itertools import dropwhile, takewhile
from operator import getitem, itemgetter
from typing import overload

from graph.model.records import Relationship

__all__ = ["PairGroups", "RelationshipPage", "page_of"]


@dataclass(frozen=True, slots=True)
class RelationshipPage:
    """Up to ``first`` relationships after the cursor, in id order, of ``total`` matching."""

    items: tuple[Relationship, ...]
    total: int
    has_next: bool
    has_previous: bool


def _rel_id(rel: Relationship) -> str:
    return rel.id


def page_of(found: Sequence[Relationship], first: int, after: str | None) -> RelationshipPage:
    """The page of ``found`` (every match, in id order) after the id ``after``."""
    start = 0 if after is None else bisect.bisect_right(found, after, key=_rel_id)
    return RelationshipPage(
        items=tuple(found[start : start + first]),
        total=len(found),
        has_next=start + first < len(found),
        has_previous=start > 0,
    )


_Run = tuple[str, str | None, int, int]
"""``(floor, ceiling, start, stop)``: see :class:`PairGroups`."""
_BY_FLOOR = itemgetter(0, 2)


class _PairsOf(Sequence[Collection[str]]):
    """The groups of the pairs ``(owners[i], others[i])``, looked up in ``succ`` when read.

    A depth-2 neighbourhood has thousands of pairs. Kept as pointers to the graph's own dicts,
    every collection of the cycle collector that reached them read each of those dicts (a
    cache miss apiece: 5 ms for the ~45,000 pointers of a few answers); kept as two tuples of
    keys, the collector drops them from its walks after one look.
    """

    def __init__(
        self,
        succ: Mapping[str, Mapping[str, Collection[str]]],
        owners: tuple[str, ...],
        others: tuple[str, ...],
    ) -> None:
        self._succ = succ
        self._owners = owners
        self._others = others

    def __len__(self) -> int:
        return len(self._others)

    @overload
    def __getitem__(self, i: int) -> Collection[str]: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[Collection[str]]: ...
    def __getitem__(self, i: int | slice) -> Collection[str] | Sequence[Collection[str]]:
        if isinstance(i, slice):
            return list(map(getitem, map(self._succ.__getitem__, self._owners[i]), self._others[i]))
        return self._succ[self._owners[i]][self._others[i]]

    def __iter__(self) -> Iterator[Collection[str]]:
        return map(getitem, map(self._succ.__getitem__, self._owners), self._others)  # in C


class PairGroups:
    """The relationships among a set of actors, as the groups of ids the graph keeps per pair
    of actors (``groups``): counted, and paged in id order from each group's lowest id,
    without gathering and sorting them all; only a page's own relationships are looked up in
    ``by_id``.

    Every group holds one id at least. ``ordered[i]`` tells whether ``groups[i]`` lists its ids
    in order, so that its first id is its lowest (every group does, when ``ordered`` is not
    given); the lowest id of any other group is found by looking at all of its ids.

    ``runs`` splits the groups into runs ``(floor, ceiling, start, stop)``, one per actor
    (``groups[start:stop]`` are that actor's pairs), each with an id at or below every id of its
    groups (``""`` when none is known) and one at or above them (``None``: not known): a page
    then looks only at the runs whose floor is below the ids found so far, lowest floor first,
    and skips those whose ceiling is at or before the cursor, rather than looking at every
    group. On the
    million-relationship benchmark graph a depth-2 neighbourhood's first page of 50 looked at 4
    of its ~500 actors on average (its ids begin with the source actor's key, as the seed's do);
    with random ids instead, at a quarter of them.
    """

    def __init__(
        self,
        groups: Sequence[Collection[str]],
        by_id: Mapping[str, Relationship],
        runs: Sequence[_Run],
        ordered: Sequence[bool] | None = None,
        total: int | None = None,
    ) -> None:
        self.groups = groups
        self.by_id = by_id
        self.ordered = ordered
        # Sorted once, as every page reads them; a tuple, which the cycle collector soon skips.
        self.runs = tuple(sorted(runs, key=_BY_FLOOR))
        self.total = sum(map(len, groups)) if total is None else total

    @classmethod
    def among(
        cls,
        succ: Mapping[str, Mapping[str, Collection[str]]],
        keys: frozenset[str],
        by_id: Mapping[str, Relationship],
        counted: Callable[[str], Mapping[str, int]],
        unordered: Container[tuple[str, str]] = frozenset(),
        floors: Mapping[str, str] | None = None,
        ceilings: Mapping[str, str] | None = None,
    ) -> PairGroups:
        """The groups of the pairs within ``keys``, from adjacency dicts of a MultiDiGraph's
        shape (actor -> other actor -> relationship id -> edge data) whose key dicts list their
        ids in order, but for the pairs (source, target) in ``unordered``, and ``counted``,
        each actor's number of relationships to each other one
        (:meth:`graph.store.pair_counts.PairCounts.of`); with ``floors`` (and ``ceilings``), an id
        at or below (and one at or above) each actor's outgoing ones, in runs by actor."""
        owners: list[str] = []
        partners: list[str] = []  # the other actor of each pair
        ordered: list[bool] | None = [] if unordered else None
        runs: list[_Run] = []
        low = {} if floors is None else floors
        top = {} if ceilings is None else ceilings
        total = 0
        for key in keys:
            out = counted(key)
            if not out:
                continue
            others = keys.intersection(out)  # walks ``out`` in C
            total += sum(map(out.__getitem__, others))
            start = len(partners)
            owners.extend([key] * len(others))
            partners.extend(others)
            if ordered is not None:
                ordered.extend((key, other) not in unordered for other in others)
            if others:
                runs.append((low.get(key, ""), top.get(key), start, len(partners)))
        # Tuples of strings, bools and numbers: the collector stops walking them after a look.
        return cls(
            _PairsOf(succ, tuple(owners), tuple(partners)),
            by_id,
            runs,
            None if ordered is None else tuple(ordered),
            total,
        )

    def unsorted(self) -> list[Relationship]:
        """Every relationship of the groups, in no particular order."""
        by_id = self.by_id
        return [by_id[i] for group in self.groups for i in group]

    def page(self, first: int, after: str | None) -> RelationshipPage:
        """:func:`page_of` the relationships, every one of them in id order.

        Runs are read lowest floor first, each group's ids cut at the cursor and, once
        ``first + 1`` ids are in hand, at the highest of those: only ids that can be on the
        page (or be the one after it) are gathered and sorted.
        """
        return self._from_runs(first, after, self.runs)

    def _from_runs(self, first: int, after: str | None, runs: Sequence[_Run]) -> RelationshipPage:
        """The page after ``after`` from the runs in floor order: once ``first + 1`` ids are
        found, a run whose floor is above the highest of them holds none lower, nor do the runs
        after it; a run whose ceiling is at or before ``after`` holds none after the cursor."""
        groups, ordered = self.groups, self.ordered
        found: list[str] = []
        limit: str | None = None
        for floor, ceiling, start, stop in runs:
            if limit is not None and floor > limit:
                break
            if after is not None and ceiling is not None and ceiling <= after:
                continue
            for i in range(start, stop):
                in_order = ordered is None or ordered[i]
                ids: Iterable[str] = groups[i]
                if after is not None:
                    ids = dropwhile(after.__ge__, ids) if in_order else filter(after.__lt__, ids)
                if limit is not None:
                    ids = takewhile(limit.__ge__, ids) if in_order else filter(limit.__ge__, ids)
                found.extend(ids)
            if len(found) > first:
                found = heapq.nsmallest(first + 1, found)
                limit = found[-1]
        has_previous = after is not None and self._any_up_to(after, runs)
        return self._cut(found, first, has_previous)

    def _any_up_to(self, after: str, runs: Sequence[_Run]) -> bool:
        """Whether an id at or before ``after`` is among the groups."""
        groups, ordered = self.groups, self.ordered
        for floor, _, start, stop in runs:
            if floor <= after:  # else every id of the run is after it
                for i in range(start, stop):
                    group = groups[i]
                    low = next(iter(group)) if ordered is None or ordered[i] else min(group)
                    if low <= after:
                        return True
        return False

    def _cut(self, candidates: list[str], first: int, has_previous: bool) -> RelationshipPage:
        """The page of the ``first`` lowest ``candidates``: every id that can be on it, and
        the one after it when there is one."""
        page = sorted(candidates)[: first + 1]
        return RelationshipPage(
            items=tuple(self.by_id[i] for i in page[:first]),
            total=self.total,
            has_next=len(page) > first,
            has_previous=has_previous,
        )
