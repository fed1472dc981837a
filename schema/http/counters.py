"""The counters behind ``/metrics`` and the calls that move them, from wherever an event
happens: :func:`count_errors` where an answer's errors have their codes (:func:`count_error` where
the HTTP layer refuses a request itself), :func:`count_write` where a mutation commits, and
:class:`OperationKinds`, which tells :mod:`schema.http.metrics` each operation's type.

Requests and their latency are :mod:`schema.http.request_counts`. Counting never fails a
request: a metric that cannot be written is logged (once) and skipped. Under
``serve --workers N`` the counters live in files of prometheus_client's multiprocess mode
(:mod:`schema.http.metrics`), which it chooses when it is first imported.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import ParamSpec

from graphql import GraphQLError
from prometheus_client import Counter
from strawberry.extensions import SchemaExtension

from schema.http import request_counts

__all__ = [
    "ERRORS",
    "TIMEOUTS",
    "WRITES",
    "Operation",
    "OperationKinds",
    "count_error",
    "count_errors",
    "count_request",
    "count_write",
    "current_operation",
    "mark_operation",
    "not_counted",
    "safely",
]

log = logging.getLogger("alliance_graph")
P = ParamSpec("P")

ERRORS = Counter("alliance_graph_errors", "GraphQL errors answered, by extensions.code.", ["code"])
WRITES = Counter("alliance_graph_writes", "Mutations committed by this server.")
TIMEOUTS = Counter(
    "alliance_graph_analysis_timeouts",
    "ANALYSIS_TIMEOUT answers (run past the time budget now, or earlier on this graph version),"
    " by the field that asked for the analysis.",
    ["field"],
)

_failed = False


def not_counted() -> None:
    """Say (once per process) that a metric could not be written; call it in ``except``."""
    global _failed
    if not _failed:
        _failed = True
        log.warning("a metric could not be written; serving on", exc_info=True)


def safely(count: Callable[P, None]) -> Callable[P, None]:
    """``count``, logging (once per process) instead of raising if a metric cannot be written."""

    def safe(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            count(*args, **kwargs)
        except Exception:
            not_counted()

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
def count_errors(errors: Iterable[GraphQLError]) -> None:
    """The errors of one answer, each by its ``extensions.code``, and each ANALYSIS_TIMEOUT
    by the field whose analysis it stopped."""
    for error in errors:
        code = str((error.extensions or {}).get("code"))
        ERRORS.labels(code).inc()
        if code == "ANALYSIS_TIMEOUT":
            fields = [step for step in error.path or () if isinstance(step, str)]
            TIMEOUTS.labels(fields[-1] if fields else "").inc()


@safely
def count_request(operation: str, seconds: float | None) -> None:
    """One more request labelled ``operation``, which took ``seconds`` (None: not timed)."""
    request_counts.count_request(operation, seconds)


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
