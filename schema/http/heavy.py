"""Heavy GraphQL operations, answered in forked children (:mod:`schema.http.children`).

A query may be heavy when it selects a field whose cost can grow with the whole graph: the
analytics (``balance``, ``blocs``, ``blocReport``, ``centrality``, ``stanceMatrix``,
``Actor.inferred``), the big reads (``timeline``, ``neighborhood``, a hub's ``allies`` and
``adversaries``) and the layouts (``Actor.position``). Such a query runs on the event loop
first, and its resolvers decide whether it is heavy this time (:mod:`schema.resolvers.offload`);
if so, it is executed again in a child, on the graph as it stood when the child was forked. The
child sends back the answer's ``data`` already encoded as JSON (the parent passes it through
without decoding it), its errors, and the results it computed for the analytics cache that are
small enough to be worth keeping in the parent (a refusal, a layout, a balance report), so that
asking again costs nothing there either. A mutation, and a query that also reads the change
history (which lives in the store, not in the graph), always runs on the event loop.
"""

from __future__ import annotations

import functools
import io
import logging
import pickle
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from typing import Any, NamedTuple

import msgspec
from graphql import FieldNode, GraphQLError, OperationDefinitionNode, OperationType, Source
from graphql import parse as parse_document
from graphql.language import Visitor, visit
from strawberry.types import ExecutionResult

from graph import AllianceGraph
from graph.analysis.cache import VersionedCache
from graph.export.layout import Layout
from schema.http.children import ChildFailed, Children, Overran

__all__ = ["HEAVY_FIELDS", "KEPT_BYTES", "HeavyOperations", "may_be_heavy"]

log = logging.getLogger("alliance_graph")

HEAVY_FIELDS = frozenset(
    {"adversaries", "allies", "balance", "blocReport", "blocs", "centrality", "inferred",
     "neighborhood", "position", "stanceMatrix", "timeline", "timelinePage"}
)  # fmt: skip
"""The fields that can make an operation heavy."""

_STORED_FIELDS = frozenset({"history"})
"""Fields read from the store, whose connection a child must not use."""

KEPT_BYTES = 1 << 20
"""The largest analytics result (pickled) a child hands back for the parent's cache."""


class _Fields(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.heavy = False
        self.stored = False
        self.queries = True

    def enter_operation_definition(self, node: OperationDefinitionNode, *_: object) -> None:
        self.queries = self.queries and node.operation is OperationType.QUERY

    def enter_field(self, node: FieldNode, *_: object) -> None:
        self.heavy = self.heavy or node.name.value in HEAVY_FIELDS
        self.stored = self.stored or node.name.value in _STORED_FIELDS


@functools.lru_cache(maxsize=256)
def may_be_heavy(query: str | None) -> bool:
    """Whether the document ``query`` holds only queries, one selecting a heavy field and none
    the change history. A document that does not parse is not (it fails on the loop).

    >>> may_be_heavy("{ balance { ratio } }"), may_be_heavy('{ actor(key: "iran") { name } }')
    (True, False)
    >>> may_be_heavy("{ balance { ratio } history { totalCount } }"), may_be_heavy("{ balance ")
    (False, False)
    """
    if not query or not any(name in query for name in HEAVY_FIELDS):
        return False
    try:
        document = parse_document(query)
    except GraphQLError:
        return False
    fields = _Fields()
    visit(document, fields)
    return fields.heavy and fields.queries and not fields.stored


class _Answer(NamedTuple):
    """What a child sends back: ``data`` as JSON, the errors as ``(message, positions, path,
    extensions)``, ``(version, name, args, pickled result)`` for the analytics cache, and the
    answer's own ``extensions`` (a query's cost, when asked)."""

    data: pickle.PickleBuffer | memoryview
    errors: list[tuple[str, list[int] | None, list[str | int] | None, dict[str, Any] | None]]
    kept: list[tuple[int, str, tuple[Any, ...], bytes]]
    extensions: dict[str, Any] | None


class HeavyOperations:
    """Executes heavy operations in :class:`Children`, forked while ``reading()`` holds the
    graph still; ``start_layout(graph, layout)`` is called for each layout a child answered
    ``LAYOUT_PENDING`` for (a child cannot start one: :mod:`schema.resolvers.layouts`)."""

    def __init__(
        self,
        children: Children,
        reading: Callable[[], AbstractContextManager[AllianceGraph]],
        start_layout: Callable[[AllianceGraph, Layout], None] | None = None,
    ) -> None:
        self.children = children
        self.reading = reading
        self.start_layout = start_layout

    async def execute(
        self,
        execute_sync: Callable[[], ExecutionResult],
        query: str,
        graph: AllianceGraph,
        cache: VersionedCache,
    ) -> ExecutionResult:
        """The result of ``execute_sync()``, run in a child: the operation ``query`` over
        ``graph``, with ``cache`` its analytics cache, which takes what the child computed."""

        def work(_: object) -> _Answer:
            journal = cache.start_journal()
            result = execute_sync()
            return _Answer(
                pickle.PickleBuffer(msgspec.json.encode(result.data)),  # sent as it is
                [
                    (e.message, list(e.positions or ()) or None, e.path, e.extensions or None)
                    for e in result.errors or ()
                ],
                list(_kept(journal)),
                result.extensions,
            )

        try:
            answer: _Answer = await self.children.run(work, hold=self.reading)
        except Overran as error:
            stopped = GraphQLError(str(error), original_error=error)
            return ExecutionResult(data=None, errors=[stopped])
        except ChildFailed as error:
            log.error("a heavy operation failed: %s", error)
            failed = GraphQLError(f"{error}; retry", extensions={"code": "INTERNAL_SERVER_ERROR"})
            return ExecutionResult(data=None, errors=[failed])
        for version, name, args, kept in answer.kept:
            cache.store(graph, version, name, args, pickle.loads(kept))
        for *_, extensions in answer.errors:
            if self.start_layout and extensions and extensions.get("code") == "LAYOUT_PENDING":
                self.start_layout(graph, Layout[extensions["layout"]])
        source = Source(query)
        errors = [
            GraphQLError(
                message,
                source=source if positions else None,
                positions=positions,
                path=path,
                extensions=extensions,
            )
            for message, positions, path, extensions in answer.errors
        ]
        encoded = memoryview(answer.data)
        data = None if encoded.nbytes == 4 and bytes(encoded) == b"null" else msgspec.Raw(encoded)
        # The data stays encoded: msgspec writes it into the response as it is.
        return ExecutionResult(
            data=data,  # type: ignore[arg-type]
            errors=errors or None,
            extensions=answer.extensions,
        )


def _kept(
    journal: Iterable[tuple[int, str, tuple[Any, ...], object]],
) -> Iterable[tuple[int, str, tuple[Any, ...], bytes]]:
    """The journal's results that pickle within :data:`KEPT_BYTES` without the graph."""
    for version, name, args, result in journal:
        sink = _Bounded()
        pickler = _WithoutGraphs(sink, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            pickler.dump(result)
        except (_TooBig, pickle.PicklingError, TypeError, AttributeError):
            continue
        yield version, name, args, sink.getvalue()


class _TooBig(Exception):
    pass


class _Bounded(io.BytesIO):
    def write(self, data: Any) -> int:
        if self.tell() + len(data) > KEPT_BYTES:
            raise _TooBig
        return super().write(data)


class _WithoutGraphs(pickle.Pickler):
    """Refuses a result that holds the graph (a neighbourhood reads it later): in the parent
    it would hold a copy."""

    def persistent_id(self, obj: Any) -> None:
        if isinstance(obj, AllianceGraph):
            raise _TooBig
