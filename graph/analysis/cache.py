"""Analytics results kept per graph version, so a repeated query costs nothing until a change.

Examples
--------
>>> from graph.store.alliance_graph import AllianceGraph
>>> cache = VersionedCache(maxsize=8)
>>> g = AllianceGraph()
>>> cache.cached(g, "answer", (), lambda: [42]) is cache.cached(g, "answer", (), lambda: [0])
True
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar, cast
from weakref import WeakKeyDictionary, WeakSet

from graph.model.errors import InvalidInput
from graph.store.alliance_graph import AllianceGraph

__all__ = ["VersionedCache"]

T = TypeVar("T")


class _Entries:
    """One graph's results, all computed at ``version``, least recently used first."""

    def __init__(self, version: int) -> None:
        self.version = version
        self.results: OrderedDict[tuple[str, tuple[Hashable, ...]], object] = OrderedDict()


class VersionedCache:
    """A bounded LRU store of results, keyed by graph, function name and arguments.

    Each graph's results are dropped as soon as its ``version`` moves on, and forgotten with
    the graph itself (graphs are held weakly). At most ``maxsize`` results are kept per graph.
    Results are shared between callers, so cache only values nobody mutates.

    Parameters
    ----------
    maxsize : int
        How many results to keep per graph, at least 1.

    Raises
    ------
    InvalidInput
        When ``maxsize`` is less than 1.

    Examples
    --------
    >>> from graph.model.records import Actor
    >>> from graph.model.vocabulary import ActorKind
    >>> cache, g = VersionedCache(), AllianceGraph()
    >>> cache.cached(g, "size", (), lambda: len(g.nx))
    0
    >>> g.add_actor(Actor("iran", "Iran", ActorKind.STATE))
    >>> cache.cached(g, "size", (), lambda: len(g.nx))
    1
    """

    def __init__(self, maxsize: int = 256) -> None:
        if maxsize < 1:
            raise InvalidInput(f"maxsize must be at least 1, got {maxsize}", field="maxsize")
        self.maxsize = maxsize
        self._graphs: WeakKeyDictionary[AllianceGraph, _Entries] = WeakKeyDictionary()
        self._lock = threading.Lock()
        self._journal: list[tuple[int, str, tuple[Hashable, ...], object]] | None = None
        _caches.add(self)

    def cached(
        self,
        graph: AllianceGraph,
        name: str,
        args: tuple[Hashable, ...],
        compute: Callable[[], T],
    ) -> T:
        """The result stored for ``name(*args)`` on this version of ``graph``, else ``compute()``.

        Parameters
        ----------
        graph : AllianceGraph
            The graph the result was computed from.
        name : str
            What was computed, e.g. ``"centrality"``; one name must always give one type.
        args : tuple
            The hashable arguments that, with ``name``, decide the result.
        compute : callable
            Makes the result when it is not stored; it must not change ``graph``.

        Returns
        -------
        object
            The stored result (the very same object each time) or the new one.

        Examples
        --------
        >>> cache, g = VersionedCache(maxsize=1), AllianceGraph()
        >>> first = cache.cached(g, "f", (1,), lambda: ["one"])
        >>> cache.cached(g, "f", (1,), lambda: ["again"]) is first
        True
        >>> _ = cache.cached(g, "f", (2,), lambda: ["two"])  # pushes out the least recent
        >>> cache.cached(g, "f", (1,), lambda: ["again"])
        ['again']
        """
        key = (name, args)
        version = graph.version
        with self._lock:
            entries = self._graphs.get(graph)
            if entries is not None and entries.version != version:
                del self._graphs[graph]
            elif entries is not None and key in entries.results:
                entries.results.move_to_end(key)
                return cast(T, entries.results[key])
        result = compute()
        if self._journal is not None:
            self._journal.append((version, name, args, result))
        self.store(graph, version, name, args, result)
        return result

    def store(
        self, graph: AllianceGraph, version: int, name: str, args: tuple[Hashable, ...], result: T
    ) -> None:
        """Keep ``result``, computed elsewhere from ``graph`` at ``version``, for ``name(*args)``.

        Nothing is kept if the graph has moved past ``version`` meanwhile.

        Examples
        --------
        >>> cache, g = VersionedCache(), AllianceGraph()
        >>> cache.store(g, g.version, "f", (1,), ["from elsewhere"])
        >>> cache.cached(g, "f", (1,), lambda: ["again"])
        ['from elsewhere']
        >>> cache.store(g, g.version - 1, "f", (2,), ["stale"])
        >>> cache.get(g, "f", (2,)) is None
        True
        """
        key = (name, args)
        with self._lock:
            entries = self._graphs.get(graph)
            if graph.version != version or (entries is not None and entries.version > version):
                return  # the graph changed while computing; keep the newer results
            if entries is None or entries.version != version:
                entries = self._graphs[graph] = _Entries(version)
            entries.results[key] = result
            entries.results.move_to_end(key)
            while len(entries.results) > self.maxsize:
                entries.results.popitem(last=False)

    def get(self, graph: AllianceGraph, name: str, args: tuple[Hashable, ...]) -> object | None:
        """The result kept for ``name(*args)`` on this version of ``graph``, else None."""
        with self._lock:
            entries = self._graphs.get(graph)
            if entries is None or entries.version != graph.version:
                return None
            return entries.results.get((name, args))

    def start_journal(self) -> list[tuple[int, str, tuple[Hashable, ...], object]]:
        """From now on, note each result this cache computes, as ``(version, name, args,
        result)``, in the list returned: what a forked child hands back to its parent, to
        :meth:`store` there."""
        self._journal = []
        return self._journal

    def __len__(self) -> int:
        """How many results for the current version of a live graph are stored."""
        with self._lock:
            return sum(
                len(entries.results)
                for graph, entries in self._graphs.items()
                if entries.version == graph.version
            )

    def clear(self) -> None:
        """Forget every stored result."""
        with self._lock:
            self._graphs.clear()


_caches: WeakSet[VersionedCache] = WeakSet()


def _after_fork() -> None:
    # Another thread may have held a lock as the process forked; in the child it never ends.
    for cache in _caches:
        cache._lock = threading.Lock()


os.register_at_fork(after_in_child=_after_fork)
