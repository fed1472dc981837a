"""How many relationships each ordered pair of actors holds, kept beside the edges.

Counting the relationships among a neighbourhood's actors is a sum over its pairs. Read off
the edges, each pair's count is the length of its own key dict, one object per pair scattered
over the heap (a cache miss apiece: ~3,000 of them for a depth-2 neighbourhood of the
million-relationship benchmark graph). Here an actor's counts sit in one small dict of
integers, so the same sum reads one dict per actor.

Examples
--------
>>> succ = {"a": {"b": {"r1": {}, "r3": {}}, "c": {"r2": {}}}, "b": {}, "c": {}}
>>> counts = PairCounts.of_adjacency(succ)
>>> counts.of("a")
{'b': 2, 'c': 1}
>>> counts.added("b", "c")
>>> counts.removed("a", "c")
>>> counts.of("a"), counts.of("b"), counts.of("c")
({'b': 2}, {'c': 1}, {})
"""

from __future__ import annotations

from collections.abc import Mapping, Sized

__all__ = ["PairCounts"]

_NONE: Mapping[str, int] = {}


class PairCounts:
    """For each actor, the number of relationships from it to each other actor (pairs with
    none are left out, as the edges leave them out)."""

    def __init__(self, counts: dict[str, dict[str, int]] | None = None) -> None:
        self._counts: dict[str, dict[str, int]] = {} if counts is None else counts

    @classmethod
    def of_adjacency(cls, succ: Mapping[str, Mapping[str, Sized]]) -> PairCounts:
        """The counts of adjacency dicts (actor -> other actor -> its relationship ids)."""
        return cls(
            {key: {other: len(ids) for other, ids in out.items()} for key, out in succ.items()}
        )

    def of(self, key: str) -> Mapping[str, int]:
        """The counts from ``key`` to each other actor it has a relationship to."""
        return self._counts.get(key, _NONE)

    def added(self, source: str, target: str) -> None:
        """Count one more relationship from ``source`` to ``target``."""
        out = self._counts.setdefault(source, {})
        out[target] = out.get(target, 0) + 1

    def removed(self, source: str, target: str) -> None:
        """Count one fewer, the pair dropped at none."""
        out = self._counts[source]
        left = out[target] - 1
        if left:
            out[target] = left
        else:
            del out[target]

    def forget(self, key: str) -> None:
        """Drop the actor ``key``, removed from the graph (with its relationships before)."""
        self._counts.pop(key, None)
