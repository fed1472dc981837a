"""Which operation of a document a request runs, checked as the GraphQL spec asks.

strawberry runs the first operation when a request names none, and its HTTP view answers a
name the document lacks with a plain-text 400; a subscription sent over plain HTTP reached a
resolver that cannot answer it. Each of these is a GraphQL error with a code instead:

``OPERATION_NAME_REQUIRED``
    the document holds several operations and the request names none;
``UNKNOWN_OPERATION``
    the request names an operation the document does not hold (the message lists those it does);
``SUBSCRIPTION_NEEDS_WEBSOCKET``
    a subscription outside a WebSocket (or a streaming HTTP response).

>>> operation_problem("query A { graphVersion } query B { graphVersion }", None).extensions
{'code': 'OPERATION_NAME_REQUIRED', 'operations': ['A', 'B']}
>>> operation_problem("query A { graphVersion }", "B").message
"the document has no operation named 'B'; it has: A"
>>> operation_problem("{ graphVersion }", None) is None
True
"""

from __future__ import annotations

import functools

from graphql import GraphQLError, OperationDefinitionNode, OperationType, parse

__all__ = ["operation_problem"]


@functools.lru_cache(maxsize=256)
def _operations(query: str) -> tuple[tuple[str | None, OperationType], ...] | None:
    try:
        document = parse(query)
    except GraphQLError:
        return None  # execution reports the syntax error
    return tuple(
        (d.name.value if d.name else None, d.operation)
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode)
    )


def operation_problem(query: str | None, operation_name: str | None) -> GraphQLError | None:
    """What is wrong with running ``operation_name`` of ``query`` through ``execute``, or
    None when nothing is (or the query does not parse: execution says so)."""
    operations = _operations(query) if query else None
    if not operations:
        return None
    names = [name or "(anonymous)" for name, _ in operations]
    if operation_name is None:
        if len(operations) > 1:
            return GraphQLError(
                "the document holds several operations: name the one to run in operationName",
                extensions={"code": "OPERATION_NAME_REQUIRED", "operations": names},
            )
        chosen = operations[0]
    else:
        found = [o for o in operations if o[0] == operation_name]
        if not found:
            return GraphQLError(
                f"the document has no operation named {operation_name!r}; it has: "
                + ", ".join(names),
                extensions={"code": "UNKNOWN_OPERATION", "operations": names},
            )
        chosen = found[0]
    if chosen[1] is OperationType.SUBSCRIPTION:
        return GraphQLError(
            "subscriptions are served over a WebSocket at /graphql (graphql-transport-ws), "
            "not as one HTTP answer",
            extensions={"code": "SUBSCRIPTION_NEEDS_WEBSOCKET"},
        )
    return None
