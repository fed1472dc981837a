"""Requests and their latency by operation: ``alliance_graph_requests_total`` and the
``alliance_graph_request_duration_seconds`` histogram.

These two move on every request, and a cached read is answered in about 55 µs, so they are
kept as cheaply as the mode allows. One process keeps plain numbers, moved only on its event
loop, and hands them to prometheus_client as a collector when scraped: with the layer that
times the request, about 1.5 µs a request, where prometheus_client's own counter and
histogram (a lock per increment) made it 3 µs. Under ``serve --workers N``
(``PROMETHEUS_MULTIPROC_DIR`` set) they are prometheus_client's counter and histogram, which
write to the files every worker's scrape sums.
"""

from __future__ import annotations

import math
import os
from bisect import bisect_left
from collections.abc import Callable, Iterable
from itertools import accumulate

from prometheus_client import REGISTRY, Counter, Histogram, disable_created_metrics
from prometheus_client.metrics_core import CounterMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.utils import floatToGoString

__all__ = ["BUCKETS", "MULTIPROCESS", "MULTIPROCESS_ENV", "OPERATIONS", "count_request"]

# A ``_created`` series beside every counter doubles the series and says only when this
# process started, which ``process_start_time_seconds`` says too (multiprocess mode has none).
disable_created_metrics()  # type: ignore[no-untyped-call]

MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"
"""Set (to a directory) in every worker of ``serve --workers N`` (:mod:`schema.cli.workers`)."""

MULTIPROCESS = bool(os.environ.get(MULTIPROCESS_ENV))
"""Whether this process is one of several sharing their metrics in files (prometheus_client
decides the same way, once, when it is first imported)."""

OPERATIONS = (
    *("query", "mutation", "subscription"),
    # A /graphql request that ran no operation: the GraphiQL page, a document that does not parse.
    "graphql",
    *("explorer", "static", "export", "healthz", "readyz", "metrics", "other"),
)
"""The values of the ``operation`` label: GraphQL operation types, then routes. Every one is
shown from the start, at zero, so that ``rate()`` sees the first request."""

BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
"""Upper bounds of the latency buckets, in seconds; prometheus_client's default ones start at
5 ms, past most of what this server answers."""

_NAME = "alliance_graph_requests"
_HELP = "HTTP requests, and GraphQL operations over WebSocket, by operation."
_LATENCY_NAME = "alliance_graph_request_duration_seconds"
_LATENCY_HELP = "Time from receiving an HTTP request to sending its last byte, by operation."


class _Tally:
    """One operation's requests, and how many of them fell in each latency bucket."""

    __slots__ = ("buckets", "requests", "seconds")

    def __init__(self) -> None:
        self.requests = 0
        self.buckets = [0] * (len(BUCKETS) + 1)  # the last one: slower than every bound
        self.seconds = 0.0


class _Tallies:
    """This process's tallies, given to prometheus_client as a collector."""

    def __init__(self) -> None:
        self.by_operation = {operation: _Tally() for operation in OPERATIONS}

    def count(self, operation: str, seconds: float | None) -> None:
        tally = self.by_operation[operation]
        tally.requests += 1
        if seconds is not None:
            tally.buckets[bisect_left(BUCKETS, seconds)] += 1  # le: the first bound >= seconds
            tally.seconds += seconds

    def collect(self) -> Iterable[Metric]:
        requests = CounterMetricFamily(_NAME, _HELP, labels=["operation"])
        latency = HistogramMetricFamily(_LATENCY_NAME, _LATENCY_HELP, labels=["operation"])
        bounds = [floatToGoString(bound) for bound in (*BUCKETS, math.inf)]  # type: ignore[no-untyped-call]
        for operation, tally in self.by_operation.items():
            requests.add_metric([operation], tally.requests)
            cumulative = list(zip(bounds, accumulate(tally.buckets), strict=True))
            latency.add_metric([operation], cumulative, sum_value=tally.seconds)
        yield requests
        yield latency


def _in_files() -> Callable[[str, float | None], None]:
    requests = Counter(_NAME, _HELP, ["operation"])
    latency = Histogram(_LATENCY_NAME, _LATENCY_HELP, ["operation"], buckets=BUCKETS)
    children = {op: (requests.labels(op), latency.labels(op)) for op in OPERATIONS}

    def count(operation: str, seconds: float | None) -> None:
        counter, histogram = children[operation]
        counter.inc()
        if seconds is not None:
            histogram.observe(seconds)

    return count


def _in_memory() -> Callable[[str, float | None], None]:
    tallies = _Tallies()
    REGISTRY.register(tallies)
    return tallies.count


count_request = _in_files() if MULTIPROCESS else _in_memory()
"""Count one request labelled ``operation`` (one of :data:`OPERATIONS`) that took ``seconds``
(None: not timed). Call it on the event loop; it raises if it cannot count."""
