"""The counters behind ``/metrics`` and the calls that move them, from wherever an event
happens: :func:`count_error` where an error is given its code, :func:`count_write` where a
mutation commits, :func:`count_stopped_analysis` where the time budget stops an analysis, and
:class:`OperationKinds`, which tells :mod:`schema.http.metrics` each operation's type.

Counting never fails a request: a metric that cannot be written is logged (once) and skipped.
Under ``serve --workers N`` the counters live in files of prometheus_client's multiprocess mode
(:mod:`schema.http.metrics`), which it chooses when this module is first imported.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import ParamSpec

from prometheus_client import Counter, Histogram, disable_created_metrics
from strawberry.extensions import SchemaExtension

__all__ = [
    "ERRORS",
    "LATENCY",
    "REQUESTS",
    "STOPPED",
    "WRITES",
    "Operation",
    "OperationKinds",
    "count_error",
    "count_request",
    "count_stopped_analysis",
    "count_write",
    "current_operation",
    "mark_operation",
    "safely",
]

log = logging.getLogger("alliance_graph")
P = ParamSpec("P")

# A ``_created`` series beside every counter doubles the series and says only when this
# process started, which ``process_start_time_seconds`` says too (multiprocess mode has none).
disable_created_metrics()  # type: ignore[no-untyped-call]

# Cached reads answer in about 0.1 ms; prometheus_client's default buckets start at 5 ms.
_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)

REQUESTS = Counter(
    "alliance_graph_requests",
    "HTTP requests, and GraphQL operations over WebSocket, by operation.",
    ["operation"],
)
LATENCY = Histogram(
    "alliance_graph_request_duration_seconds",
    "Time from receiving an HTTP request to sending its last byte, by operation.",
    ["operation"],
    buckets=_BUCKETS,
)
ERRORS = Counter("alliance_graph_errors", "GraphQL errors answered, by extensions.code.", ["code"])
WRITES = Counter("alliance_graph_writes", "Mutations committed by this server.")
STOPPED = Counter(
    "alliance_graph_analyses_stopped",
    "Analyses stopped by the analytics time budget (ANALYSIS_TIMEOUT), by field.",
    ["analysis"],
)

_failed = False


def safely(count: Callable[P, None]) -> Callable[P, None]:
    """``count``, logging (once per process) instead of raising if a metric cannot be written."""

    def safe(*args: P.args, **kwargs: P.kwargs) -> None:
        global _failed
        try:
            count(*args, **kwargs)
        except Exception:
            if not _failed:
                _failed = True
                log.warning("a metric could not be written; serving on", exc_info=True)

    return safe


@safely
def count_error(code: str) -> None:
    """One more error answered with ``extensions.code`` ``code``."""
    ERRORS.labels(code).inc()


@safely
def count_write() -> None:
    """One more mutation committed."""
    WRITES.inc()


@safely
def count_stopped_analysis(name: str) -> None:
    """One more analysis (the field ``name``) stopped by its time budget."""
    STOPPED.labels(name).inc()


_children: dict[str, tuple[Counter, Histogram]] = {}


@safely
def count_request(operation: str, seconds: float | None) -> None:
    """One more request labelled ``operation``, which took ``seconds`` (None: not timed)."""
    children = _children.get(operation)
    if children is None:  # labels() takes a lock and builds a key: once per label
        children = _children[operation] = (REQUESTS.labels(operation), LATENCY.labels(operation))
    children[0].inc()
    if seconds is not None:
        children[1].observe(seconds)


class Operation:
    """The label of the request being served, settled once strawberry knows its type."""

    __slots__ = ("name", "websocket")

    def __init__(self, name: str, websocket: bool = False) -> None:
        self.name = name
        self.websocket = websocket


current_operation: ContextVar[Operation | None] = ContextVar("operation", default=None)
"""Set by :mod:`schema.http.metrics` for each request or WebSocket it serves."""


def mark_operation(kind: str) -> None:
    """Label the GraphQL request being served with its operation type (``query`` ...); over a
    WebSocket, count the operation (untimed: a subscription lasts as long as its client)."""
    operation = current_operation.get()
    if operation is None:
        return
    if operation.websocket:
        count_request(kind, None)
    else:
        operation.name = kind


class OperationKinds(SchemaExtension):
    """Marks each operation's type (:func:`mark_operation`) once its document is validated."""

    def on_validate(self) -> Iterator[None]:
        yield
        context = self.execution_context
        if context.graphql_document is None or current_operation.get() is None:
            return
        try:
            kind = context.operation_type.value
        except RuntimeError:  # no operation of that name: it fails, labelled "graphql"
            return
        mark_operation(kind)
