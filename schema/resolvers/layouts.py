"""Layouts of the whole graph, computed once per graph version and layout, in the background.

``Actor.position`` never waits for a layout. A server keeps one :class:`Layouts`: the first
request for a layout of a graph version starts its computation in a forked child
(:mod:`schema.http.children`, one of the heavy operations' slots), and answers at once that the
layout is pending (``LAYOUT_PENDING``, :func:`schema.types.position.position_of`); requests
after it find the layout being computed and answer the same, until the child hands the
positions back and they are kept in the analytics cache for that version, where every later
request (and every export asking for that layout, :mod:`schema.http.exports.routes`) reads
them. A write moves the version on, so the next request starts the layout of the new version.

A layout of a small graph (at most ``--heavy-relationships`` relationships and
:data:`INLINE_ACTORS` actors: milliseconds) is computed at once instead, as any other heavy
work of that size is (:mod:`schema.resolvers.offload`). A layout whose child failed is not
tried again for that version: ``position`` answers ``LAYOUT_FAILED`` until the next change.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable
from contextlib import AbstractContextManager

from prometheus_client import Counter

from graph import AllianceGraph, GraphError
from graph.analysis.cache import VersionedCache
from graph.export.layout import Layout, Position, compute_layout
from schema.http.children import Children
from schema.http.limits import Limits

__all__ = ["COMPUTED", "INLINE_ACTORS", "LayoutFailed", "Layouts", "Places"]

log = logging.getLogger("alliance_graph")

INLINE_ACTORS = 100
"""The most actors a layout computed on the event loop has (with few relationships): spring
and Kamada-Kawai take tens of milliseconds for that many."""

COMPUTED = Counter(
    "alliance_graph_layouts_computed",
    "Layouts of the whole graph computed for Actor.position, by layout: one per graph version "
    "and layout (in this process).",
    ["layout"],
)

Places = dict[str, Position]
"""Every actor's position in one layout."""

_Key = tuple[int, int, Layout]  # the graph's id, its version, the layout


class LayoutFailed(GraphError):
    """The layout of this graph version could not be computed; the message says why."""

    code = "LAYOUT_FAILED"


class Layouts:
    """The whole-graph layouts of one server, computed in ``children`` forked inside
    ``reading()`` and kept in ``cache``."""

    def __init__(
        self,
        children: Children,
        reading: Callable[[], AbstractContextManager[AllianceGraph]],
        cache: VersionedCache,
        limits: Limits,
    ) -> None:
        self.children, self.reading, self.cache, self.limits = children, reading, cache, limits
        self._running: dict[_Key, asyncio.Task[None]] = {}
        self._failed: dict[_Key, str] = {}
        self._pid = os.getpid()

    def ready(self, graph: AllianceGraph, which: Layout) -> Places | None:
        """The positions of ``which`` for this version of ``graph``, if computed."""
        places = self.cache.get(graph, "layout", (which,))
        return places if isinstance(places, dict) else None

    def positions(self, graph: AllianceGraph, which: Layout) -> Places | None:
        """The positions of ``which`` for this version of ``graph``; None while they are
        computed in the background (started now if they were not already).

        Raises :class:`LayoutFailed` when the computation for this version failed."""
        places = self.ready(graph, which)
        if places is not None:
            return places
        failed = self._failed.get(_key(graph, which))
        if failed is not None:
            raise LayoutFailed(f"{failed}; it is tried again after the next change", field="layout")
        small = len(graph) <= self.limits.heavy_relationships
        if small and graph.nx.number_of_nodes() <= INLINE_ACTORS:
            most = self.limits.max_layout_actors
            computed: Places = self.cache.cached(
                graph, "layout", (which,), lambda: compute_layout(graph, which, max_actors=most)
            )
            COMPUTED.labels(layout=which.value).inc()
            return computed
        self.start(graph, which)
        return None

    def pending(self, graph: AllianceGraph, which: Layout) -> bool:
        """Whether ``which`` is being computed for this version of ``graph``."""
        task = self._running.get(_key(graph, which))
        return task is not None and not task.done()

    def start(self, graph: AllianceGraph, which: Layout) -> None:
        """Start computing ``which`` for this version of ``graph`` in a child, unless it is
        computed, being computed, or failed. Only the serving process starts one: a heavy
        operation's child answers pending, and its parent starts the layout
        (:mod:`schema.http.heavy`)."""
        key = _key(graph, which)
        if os.getpid() != self._pid or self.pending(graph, which) or key in self._failed:
            return
        if self.ready(graph, which) is not None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # called outside the event loop: nothing to run the child
            return
        self._running[key] = loop.create_task(self._compute(graph, which, key))

    async def close(self) -> None:
        """Stop every computation (their children are killed)."""
        tasks = [task for task in self._running.values() if not task.done()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._running.clear()

    async def _compute(self, graph: AllianceGraph, which: Layout, key: _Key) -> None:
        most = self.limits.max_layout_actors

        def work(held: AllianceGraph) -> tuple[int, Places]:
            return held.version, compute_layout(held, which, max_actors=most)

        try:
            version, places = await self.children.run(work, hold=self.reading)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # a refusal, a budget, a child that died: said per request
            log.error("the %s layout of graph version %d failed: %s", which.value, key[1], error)
            self._failed = {k: v for k, v in self._failed.items() if k[:2] == key[:2]}
            self._failed[key] = f"the {which.value} layout failed ({error})"
        else:
            self.cache.store(graph, version, "layout", (which,), places)
            COMPUTED.labels(layout=which.value).inc()
        finally:
            if self._running.get(key) is asyncio.current_task():
                del self._running[key]


def _key(graph: AllianceGraph, which: Layout) -> _Key:
    return id(graph), graph.version, which
