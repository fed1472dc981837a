"""The assembled GraphQL schema."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.extensions import ParserCache, QueryDepthLimiter, ValidationCache
from strawberry.types import ExecutionContext

from schema.actor import Actor
from schema.analysis import AnalysisQuery
from schema.balance import BalanceQuery
from schema.errors import ErrorCodes
from schema.history import HistoryQuery
from schema.mutation import Mutation
from schema.query import ReadQuery
from schema.relationship import Relationship
from schema.subscription import Subscription

__all__ = ["MAX_QUERY_DEPTH", "schema"]

MAX_QUERY_DEPTH = 12


@strawberry.type
class Query(ReadQuery, AnalysisQuery, BalanceQuery, HistoryQuery):
    """Every root query field: reading the graph, analysing it, and its history."""


class AllianceSchema(strawberry.Schema):
    """strawberry's schema, leaving error logging to :class:`~schema.errors.ErrorCodes`.

    User errors are answers, not incidents: only unexpected ones are logged, once.
    """

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        return None


schema = AllianceSchema(
    query=Query,
    mutation=Mutation,
    subscription=Subscription,
    types=[Actor, Relationship],
    extensions=[
        ErrorCodes,
        # Factories: a fresh extension per request; the two caches are shared module-wide.
        lambda: QueryDepthLimiter(max_depth=MAX_QUERY_DEPTH),
        lambda: ParserCache(maxsize=256),
        lambda: ValidationCache(maxsize=256),
    ],
)
