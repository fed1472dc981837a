"""The assembled GraphQL schema."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.types import ExecutionContext

from schema.actor import Actor
from schema.analysis import AnalysisQuery
from schema.balance import BalanceQuery
from schema.errors import ErrorCodes
from schema.history import HistoryQuery
from schema.limits import Limits
from schema.mutation import Mutation
from schema.query import ReadQuery
from schema.relationship import Relationship
from schema.subscription import Subscription

__all__ = ["AllianceSchema", "make_schema", "schema"]


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


def make_schema(limits: Limits | None = None) -> AllianceSchema:
    """The schema, enforcing ``limits`` on every document (parse and validation cached)."""
    limits = limits or Limits()
    return AllianceSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[Actor, Relationship],
        extensions=[
            ErrorCodes,
            # Factories: a fresh extension per request; the two caches are shared module-wide.
            lambda: MaxTokensLimiter(max_token_count=limits.max_tokens),
            lambda: QueryDepthLimiter(max_depth=limits.max_depth),
            lambda: MaxAliasesLimiter(max_alias_count=limits.max_aliases),
            lambda: ParserCache(maxsize=256),
            lambda: ValidationCache(maxsize=256),
        ],
    )


schema = make_schema()
"""The schema with the default limits (what ``alliance-graph schema`` prints)."""
