"""One place where every error becomes a GraphQL error with a clear message and a code.

Domain errors (:class:`graph.GraphError`) keep their message and pass their ``code`` on.
GraphQL's own syntax, validation and input-coercion errors get codes too. Anything else is a
bug: the client sees only "Internal server error" with ``INTERNAL_SERVER_ERROR`` and the request
id, which is logged with the stack trace.

A domain error's ``field`` is a Python name (``max_hops``, ``claimed_by``,
``evidence[0].quote``); the client sees it in ``extensions.field`` as the argument path it
wrote (``maxHops``, ``input.claimedBy``, ``input.evidence[0].quote``). The field that raised
it knows each argument's Python and GraphQL name, so a resolver names its parameters as the
domain names them (``path``'s ``source``, written ``from``). A name that is no argument is
looked for in the one input-object argument (a mutation's ``input``), whose record the domain
checked; a name found nowhere is left out rather than shown under a name the client never used.
Argument names in the message are rewritten the same way.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLArgument,
    GraphQLError,
    GraphQLField,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLSchema,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    get_named_type,
    visit,
)
from strawberry.extensions import SchemaExtension

from graph import GraphError
from graph.persistence.storage import StorageError
from schema.http.guard import current_request_id

__all__ = ["BadRequest", "ErrorCodes", "error_code", "with_codes"]

log = logging.getLogger("alliance_graph")


class BadRequest(GraphError):
    """An API-level mistake (a bad cursor, global ID or bound) with its own code."""

    def __init__(
        self,
        message: str,
        *,
        code: str,
        field: str | None = None,
        details: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(message, field=field)
        self.code = code
        self.details = dict(details or {})
        """More ``extensions`` for the client: the numbers the message names."""


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


FieldOf = Callable[[GraphQLError], GraphQLField | None]
"""The schema field whose resolver raised an error, when it is known."""

_Named = Mapping[str, GraphQLArgument] | Mapping[str, GraphQLInputField]
_SEGMENT = re.compile(r"([A-Za-z_]\w*)((?:\[\d+\])*)")
_QUOTED = re.compile(r"""('[^']*'|"[^"]*")""")


def _python_name(graphql_name: str, item: GraphQLArgument | GraphQLInputField) -> str:
    definition = (item.extensions or {}).get("strawberry-definition")
    return getattr(definition, "python_name", None) or graphql_name


def _input_fields(of: GraphQLInputType) -> Mapping[str, GraphQLInputField] | None:
    named = get_named_type(of)
    return named.fields if isinstance(named, GraphQLInputObjectType) else None


def _written(named: _Named, segments: list[str]) -> str | None:
    """``segments`` (Python names, each maybe indexed) as GraphQL names, or None.

    A segment already in its GraphQL name (``where.claimedBy``, from ``schema/``) stays.
    """
    head, *rest = segments
    match = _SEGMENT.fullmatch(head)
    if match is None:
        return None
    name, index = match.groups()
    by_python = {_python_name(g, item): g for g, item in named.items()}
    graphql_name = by_python.get(name) or (name if name in named else None)
    if graphql_name is None:
        return None
    here = graphql_name + index
    if not rest:
        return here
    inner = _input_fields(named[graphql_name].type)
    tail = None if inner is None else _written(inner, rest)
    return None if tail is None else f"{here}.{tail}"


def _argument_path(field: GraphQLField, name: str) -> str | None:
    """The argument path, as the client wrote it, of the domain error field ``name``.

    ``name`` is a Python name or path (``max_hops``, ``evidence[0].quote``) of an argument of
    ``field``, or of a field of its one input-object argument; None when it is neither.
    """
    segments = name.split(".")
    if (written := _written(field.args, segments)) is not None:
        return written
    inside = [
        f"{argument}.{path}"
        for argument, definition in field.args.items()
        if (inner := _input_fields(definition.type)) is not None
        and (path := _written(inner, segments)) is not None
    ]
    return inside[0] if len(inside) == 1 else None


def _renamed(field: GraphQLField) -> dict[str, str]:
    """Python name to GraphQL name, for the arguments and input fields whose names differ."""
    renamed: dict[str, str] = {}
    seen: set[str] = set()
    todo: list[_Named] = [field.args]
    while todo:
        named = todo.pop()
        for graphql_name, item in named.items():
            if (python := _python_name(graphql_name, item)) != graphql_name:
                renamed.setdefault(python, graphql_name)
            inner = get_named_type(item.type)
            if isinstance(inner, GraphQLInputObjectType) and inner.name not in seen:
                seen.add(inner.name)
                todo.append(inner.fields)
    return renamed


def _message_as_written(field: GraphQLField, message: str) -> str:
    """``message`` with argument names as the client wrote them; quoted values stay as they are."""
    renamed = _renamed(field)
    if not renamed:
        return message
    words = re.compile(r"\b(" + "|".join(map(re.escape, renamed)) + r")\b")
    pieces = _QUOTED.split(message)
    return "".join(
        piece if i % 2 else words.sub(lambda m: renamed[m.group(1)], piece)
        for i, piece in enumerate(pieces)
    )


def _fields_of(schema: GraphQLSchema, document: DocumentNode) -> FieldOf:
    """Look up the schema field each field of ``document`` selects (through fragments too)."""
    found: dict[int, GraphQLField] = {}
    type_info = TypeInfo(schema)

    class Collect(Visitor):
        def enter_field(self, node: FieldNode, *_: Any) -> None:
            definition = type_info.get_field_def()
            if definition is not None:
                found[id(node)] = definition

    visit(document, TypeInfoVisitor(type_info, Collect()))
    return lambda error: found.get(id(error.nodes[0])) if error.nodes else None


def _with_code(error: GraphQLError, field_of: FieldOf | None = None) -> GraphQLError:
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
            field = None if field_of is None else field_of(error)
            if field is None:
                extensions.setdefault("field", original.field)
            else:
                message = _message_as_written(field, message)
                if (written := _argument_path(field, original.field)) is not None:
                    extensions.setdefault("field", written)
    if isinstance(error.original_error, BadRequest):
        for name, value in error.original_error.details.items():
            extensions.setdefault(name, value)
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


def with_codes(errors: list[GraphQLError], field_of: FieldOf | None = None) -> list[GraphQLError]:
    """``errors``, each with an ``extensions.code``, unexpected ones masked and logged.

    With ``field_of``, a domain error's field and message name arguments as the client wrote
    them.
    """
    return [_with_code(e, field_of) for e in errors]


class ErrorCodes(SchemaExtension):
    """Give every error of an operation an ``extensions.code``; mask unexpected ones.

    Syntax errors end an operation before extensions see its result; the HTTP view applies
    :func:`with_codes` to those.
    """

    def on_operation(self) -> Iterator[None]:
        yield
        context = self.execution_context
        result = context.result
        if result is None or not result.errors:
            return
        field_of = None
        if context.graphql_document is not None and any(
            isinstance(e.original_error, GraphError) and e.original_error.field
            for e in result.errors
        ):
            field_of = _fields_of(context.schema._schema, context.graphql_document)
        result.errors = with_codes(result.errors, field_of)
