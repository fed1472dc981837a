"""One place where every error becomes a GraphQL error with a clear message and a code.

Domain errors (:class:`graph.GraphError`) keep their message and pass their ``code`` on.
GraphQL's own syntax, validation and input-coercion errors get codes too. Anything else is a
bug: the client sees only "Internal server error" with ``INTERNAL_SERVER_ERROR`` and the request
id, which is logged with the stack trace.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from graph import GraphError
from graph.persistence.storage import StorageError
from schema.http.guard import current_request_id

__all__ = ["BadRequest", "ErrorCodes", "error_code", "with_codes"]

log = logging.getLogger("alliance_graph")


class BadRequest(GraphError):
    """An API-level mistake (a bad cursor, global ID or bound) with its own code."""

    def __init__(self, message: str, *, code: str, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.code = code


def error_code(error: GraphQLError) -> str:
    """The ``extensions.code`` a GraphQL error is reported with."""
    original = error.original_error
    if isinstance(original, GraphError):
        return original.code
    if isinstance(original, StorageError):
        return "STORAGE_UNAVAILABLE"
    if error.path is not None:
        # Raised while resolving a field, and not one of ours: a bug.
        return "INTERNAL_SERVER_ERROR"
    message = error.message
    if "more than" in message and "tokens" in message:
        return "TOO_MANY_TOKENS"
    if "aliases found" in message:
        return "TOO_MANY_ALIASES"
    if message.startswith("Syntax Error"):
        return "GRAPHQL_PARSE_FAILED"
    if "exceeds maximum operation depth" in message:
        return "QUERY_TOO_DEEP"
    if message.startswith("Variable '$") or any(
        marker in message for marker in ("cannot represent", "does not exist in", "Expected value")
    ):
        return "BAD_USER_INPUT"
    return "GRAPHQL_VALIDATION_FAILED"


def _with_code(error: GraphQLError) -> GraphQLError:
    if error.extensions and "code" in error.extensions:
        return error
    code = error_code(error)
    extensions = dict(error.extensions or {})
    message = error.message
    if code == "INTERNAL_SERVER_ERROR":
        request_id = current_request_id()
        log.error("unexpected error, request id %s", request_id, exc_info=error.original_error)
        message = f"Internal server error (request id {request_id})"
        extensions["requestId"] = request_id
    elif code == "STORAGE_UNAVAILABLE":
        log.error("storage failed; the change was rolled back", exc_info=error.original_error)
        message = "the change could not be stored, so nothing was changed; try again"
    else:
        original = error.original_error
        if isinstance(original, GraphError) and original.field:
            extensions.setdefault("field", original.field)
    extensions["code"] = code
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=error.original_error
        if isinstance(error.original_error, GraphError)
        else None,
        extensions=extensions,
    )


def with_codes(errors: list[GraphQLError]) -> list[GraphQLError]:
    """``errors``, each with an ``extensions.code``, unexpected ones masked and logged."""
    return [_with_code(e) for e in errors]


class ErrorCodes(SchemaExtension):
    """Give every error of an operation an ``extensions.code``; mask unexpected ones.

    Syntax errors end an operation before extensions see its result; the HTTP view applies
    :func:`with_codes` to those.
    """

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = with_codes(result.errors)
