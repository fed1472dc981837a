"""The assembled GraphQL schema."""

from __future__ import annotations

import os
from collections.abc import AsyncGenerator, Iterable
from dataclasses import replace
from typing import Any

import strawberry
from graphql import ASTValidationRule, GraphQLError, parse
from graphql import OperationType as CoreOperationType
from graphql.utilities import get_operation_ast
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    ValidationCache,
)
from strawberry.extensions.max_aliases import create_validator as alias_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext, StreamResult
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.graphql import OperationType

from graph import AllianceGraph
from schema.context import Context
from schema.errors import ErrorCodes, with_codes
from schema.execution.choice import operation_problem
from schema.execution.cost_limit import QueryCost
from schema.execution.quick import QuickExecutionContext
from schema.http.counters import OperationKinds, count_errors
from schema.http.heavy import may_be_heavy
from schema.http.limits import Limits
from schema.resolvers.analysis import AnalysisQuery
from schema.resolvers.balance import BalanceQuery
from schema.resolvers.history import HistoryQuery
from schema.resolvers.merge import MergeMutation
from schema.resolvers.mutation import EditMutation
from schema.resolvers.offload import NeedsChild
from schema.resolvers.query import ReadQuery
from schema.resolvers.review import ReviewMutation, ReviewQuery
from schema.resolvers.subscription import Subscription
from schema.resolvers.timeline import TimelineQuery
from schema.types.actor import Actor
from schema.types.relationship import Relationship
from schema.types.source import Source
from schema.types.views import Views

__all__ = [
    "QUICK_PATH_SETTING",
    "AllianceSchema",
    "context_for",
    "make_schema",
    "quick_path_on",
    "schema",
]


@strawberry.type
class Query(ReadQuery, AnalysisQuery, TimelineQuery, BalanceQuery, HistoryQuery, ReviewQuery):
    """Every root query field: reading the graph, analysing it, its history, the review queue."""


@strawberry.type
class Mutation(EditMutation, MergeMutation, ReviewMutation):
    """Every root mutation field: edits of the graph, merged datasets, the review of proposals."""


class AllianceSchema(strawberry.Schema):
    """strawberry's schema, leaving error logging to :class:`~schema.errors.ErrorCodes`.

    User errors are answers, not incidents: only unexpected ones are logged, once.
    """

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        return None

    async def execute(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        """strawberry's, except that a query whose resolvers find heavy work to do is executed
        again in a forked child, if the context has somewhere to run it
        (:mod:`schema.resolvers.offload`, :mod:`schema.http.heavy`)."""
        arguments = (
            query, variable_values, context_value, root_value, operation_name,
            allowed_operation_types, operation_extensions,
        )  # fmt: skip
        if (problem := operation_problem(query, operation_name)) is not None:
            return ExecutionResult(data=None, errors=[problem])
        context = context_value if isinstance(context_value, Context) else None
        if context is None or context.heavy is None or not may_be_heavy(query):
            return await super().execute(*arguments)
        context.offload = True
        try:
            return await super().execute(*arguments)
        except NeedsChild:
            pass
        finally:
            context.offload = False

        def again() -> ExecutionResult:
            # In the child: the operation's cost was counted on the loop; count it once.
            context.costs.pop()
            return self.execute_sync(*arguments)

        return await context.heavy.execute(again, query or "", context.graph, context.cache)

    async def stream(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        operation_extensions: dict[str, Any] | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
    ) -> StreamResult:
        """strawberry's, as a WebSocket runs an operation: a query or mutation (or a document
        that does not parse) is executed as over HTTP (:meth:`execute`, with a context of its
        own), and every error that is sent carries its ``extensions.code`` (strawberry sends a
        streamed result before the extensions that add codes have seen it)."""
        if allowed_operation_types is None and _executed_once(query, operation_name):
            if isinstance(context_value, Context):
                context_value = _for_one_operation(context_value)
            result = await self.execute(
                query, variable_values, context_value, root_value, operation_name,
                None, operation_extensions,
            )  # fmt: skip
            return _coded(_once(result))
        results = await super().stream(
            query, variable_values, context_value, root_value, operation_name,
            operation_extensions, allowed_operation_types,
        )  # fmt: skip
        return _coded(results)


def _executed_once(query: str | None, operation_name: str | None) -> bool:
    """Whether ``query`` is a query or mutation, or text that does not parse (whose syntax
    error strawberry's stream would raise rather than answer); not a subscription, nor a
    document with no operation of that name (which the stream answers as an error)."""
    if not query:
        return False
    try:
        operation = get_operation_ast(parse(query, no_location=True), operation_name)
    except GraphQLError:
        return True
    return operation is not None and operation.operation != CoreOperationType.SUBSCRIPTION


def _for_one_operation(connection: Context) -> Context:
    """The context of one operation on a WebSocket: the connection's author and settings, the
    graph as it stands now (an import gives the editor a new one), and flags of its own, as
    operations on one connection run at once."""
    if connection.editor is not None and connection.editor.graph is not connection.graph:
        connection.graph = connection.editor.graph
        connection.views = Views(connection.graph)
    return replace(connection, offload=False, committed=None, idempotency=None)


async def _once(result: ExecutionResult) -> AsyncGenerator[ExecutionResult, None]:
    yield result


async def _coded(results: StreamResult) -> StreamResult:
    """``results``, each error given its code (and counted) before it is sent."""
    try:
        async for result in results:
            if isinstance(result, ExecutionResult) and result.errors:
                result.errors = with_codes(result.errors)
                count_errors(result.errors)
            yield result
    finally:
        await results.aclose()


QUICK_PATH_SETTING = "ALLIANCE_GRAPH_QUICK_PATH"
"""Set to ``off`` in the environment to execute every field through stock strawberry and
graphql-core (:class:`~strawberry.schema.schema.StrawberryGraphQLCoreExecutionContext`): the
answers are the same, only slower; ``make test`` runs the API tests so once, to judge an upgrade
of either library."""


def quick_path_on() -> bool:
    """Whether schemas made now use the quick path (:data:`QUICK_PATH_SETTING` is not ``off``)."""
    return os.environ.get(QUICK_PATH_SETTING, "on").strip().lower() != "off"


def make_schema(limits: Limits | None = None) -> AllianceSchema:
    """The schema, enforcing ``limits`` on every document (parse and validation cached), and
    executing with the quick path unless :data:`QUICK_PATH_SETTING` turns it off."""
    limits = limits or Limits()
    # The rule classes are made once: ValidationCache keys on them, so classes made afresh
    # per request would make every validation a miss.
    rules: list[type[ASTValidationRule]] = [
        depth_rule(limits.max_depth, None, None),
        alias_rule(limits.max_aliases),
    ]
    return AllianceSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[Actor, Relationship, Source],
        execution_context_class=(
            QuickExecutionContext if quick_path_on() else StrawberryGraphQLCoreExecutionContext
        ),
        extensions=[
            ErrorCodes,
            OperationKinds,
            QueryCost,
            # Factories: a fresh extension per request; the two caches are shared module-wide.
            lambda: MaxTokensLimiter(max_token_count=limits.max_tokens),
            lambda: AddValidationRules(rules),
            lambda: ParserCache(maxsize=256),
            lambda: ValidationCache(maxsize=256),
        ],
    )


schema = make_schema()
"""The schema with the default limits (what ``alliance-graph schema`` prints)."""


def context_for(graph: AllianceGraph, **options: Any) -> Context:
    """A request context over ``graph``, as the app makes one, for calling the schema directly.

    ``options`` are :class:`~schema.context.Context`'s other fields (``editor``, ``author``,
    ``limits`` ...).

    >>> from graph import load_seed
    >>> result = schema.execute_sync(
    ...     '{ actor(key: "iran") { name } }', context_value=context_for(load_seed()))
    >>> result.data
    {'actor': {'name': 'Iran'}}
    """
    return Context(graph=graph, views=Views(graph), **options)
