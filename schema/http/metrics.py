"""``GET /metrics``: what this server did and where it stands, in the Prometheus text format.

:class:`Metrics` is the outermost ASGI layer: it counts and times every HTTP request by
operation (``query``, ``mutation``, ``subscription``, or the route: ``export``, ``healthz`` ...)
and serves ``/metrics``. The counters are in :mod:`schema.http.counters`; the graph version,
the replica lag and the open subscriptions are gauges read when scraped.

Under ``serve --workers N`` the supervisor gives every worker one fresh
``PROMETHEUS_MULTIPROC_DIR``, and prometheus_client's multiprocess mode keeps each metric in a
file per process there: a scrape, whichever worker it reaches, sums the counters of all of
them, and reports each live worker's gauges under its ``pid`` (the open subscriptions summed).
A worker writes its gauges to its file every :data:`REFRESH_SECONDS` (and when it is scraped),
since a scrape cannot ask the other processes. A single process keeps its metrics in memory
and reads the gauges at scrape time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Literal

from prometheus_client import REGISTRY, CollectorRegistry, Gauge
from prometheus_client.exposition import choose_encoder
from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from schema.http.counters import Operation, current_operation, not_counted, safely
from schema.http.request_counts import MULTIPROCESS, count_request

if TYPE_CHECKING:
    from schema.http.app import GraphQLApp
    from schema.http.replica import Follower

__all__ = ["REFRESH_SECONDS", "Metrics"]

log = logging.getLogger("alliance_graph")
Mode = Literal["liveall", "livesum"]

REFRESH_SECONDS = 1.0
"""How often a worker writes its gauges for the others' scrapes (multiprocess mode only)."""

_ROUTES = {"/graphql": "graphql", "/healthz": "healthz", "/readyz": "readyz", "/": "explorer"}
_ROUTES["/metrics"] = "metrics"


def _route(path: str) -> str:
    """The operation label of a request that is no GraphQL operation: its route, never the
    raw path (a label value per path would grow without bound)."""
    if (name := _ROUTES.get(path)) is not None:
        return name
    for prefix in ("export", "static"):
        if path.startswith(f"/{prefix}/"):
            return prefix
    return "other"


class _Live:
    """The gauges of one server, read when scraped."""

    def __init__(
        self,
        version: Callable[[], int],
        behind: Callable[[], int],
        subscribers: Callable[[], int],
        cached_bytes: Callable[[], int],
    ) -> None:
        self.version = version
        self.behind = behind
        self.subscribers = subscribers
        self.cached_bytes = cached_bytes

    def values(self) -> Iterator[tuple[str, str, Mode, int]]:
        yield (
            "alliance_graph_version",
            "The graph version this process serves.",
            "liveall",
            self.version(),
        )
        yield (
            "alliance_graph_replica_lag",
            "Committed changes this process has yet to take in.",
            "liveall",
            self.behind(),
        )
        yield "alliance_graph_subscribers", "Open subscriptions.", "livesum", self.subscribers()
        yield (
            "alliance_graph_response_cache_bytes",
            "Bytes of answers the whole-response cache holds (at most --response-cache-mb).",
            "livesum",
            self.cached_bytes(),
        )

    def collect(self) -> Iterable[Metric]:
        for name, documentation, _, value in self.values():
            yield GaugeMetricFamily(name, documentation, value=value)


class _Serving:
    """This process's counters (the default registry) and one server's gauges."""

    def __init__(self, live: _Live) -> None:
        self.live = live

    def collect(self) -> Iterable[Metric]:
        yield from REGISTRY.collect()
        yield from self.live.collect()


class Metrics:
    """ASGI middleware counting requests by operation and timing them, and the ``/metrics``
    route of one server (the app over ``graphql``, following its store with ``follower``)."""

    def __init__(self, graphql: GraphQLApp, follower: Follower | None) -> None:
        editor = graphql.editor
        self.live = _Live(
            version=lambda: graphql.graph.version,
            behind=(lambda: 0) if follower is None else follower.behind,
            subscribers=lambda: 0 if editor is None else editor.subscribers,
            cached_bytes=lambda: graphql.responses.bytes,
        )
        self.multiprocess = MULTIPROCESS
        self._gauges: dict[str, Gauge] = {}
        if self.multiprocess:
            for name, documentation, mode, _ in self.live.values():
                self._gauges[name] = Gauge(
                    name,
                    documentation,
                    multiprocess_mode=mode,
                    registry=None,
                )
            self._refresh()
        self._task: asyncio.Task[None] | None = None
        self.route = Route("/metrics", self._scrape, methods=["GET"])

    def wrap(self, app: ASGIApp) -> ASGIApp:
        """``app``, with every request counted and timed."""

        async def counted(scope: Scope, receive: Receive, send: Send) -> None:
            kind = scope["type"]
            if kind == "websocket":
                token = current_operation.set(Operation("subscription", websocket=True))
                try:
                    await app(scope, receive, send)
                finally:
                    current_operation.reset(token)
                return
            if kind != "http":
                await app(scope, receive, send)
                return
            operation = Operation(_route(scope["path"]))
            token = current_operation.set(operation)
            start = time.perf_counter()
            try:
                await app(scope, receive, send)
            finally:
                current_operation.reset(token)
                seconds = time.perf_counter() - start
                try:
                    count_request(operation.name, seconds)
                except Exception:
                    not_counted()

        return counted

    def start(self) -> None:
        """Keep this worker's gauges written for the others' scrapes (multiprocess mode)."""
        if self.multiprocess:
            self._task = asyncio.get_running_loop().create_task(self._refreshing())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _refreshing(self) -> None:
        while True:
            await asyncio.sleep(REFRESH_SECONDS)
            self._refresh()

    @safely
    def _refresh(self) -> None:
        for name, _, _, value in self.live.values():
            self._gauges[name].set(value)

    def _registry(self) -> CollectorRegistry:
        registry = CollectorRegistry()
        if self.multiprocess:
            self._refresh()
            MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        else:
            registry.register(_Serving(self.live))
        return registry

    async def _scrape(self, request: Request) -> Response:
        try:
            encode, content_type = choose_encoder(request.headers.get("accept", ""))
            body = encode(self._registry())
        except Exception:
            log.exception("cannot collect the metrics")
            return PlainTextResponse("metrics are unavailable; see the server's log\n", 503)
        return Response(body, headers={"content-type": content_type})
