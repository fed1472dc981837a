"""The assembled GraphQL schema."""

from __future__ import annotations

import strawberry
from graphql import ASTValidationRule, GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    ValidationCache,
)
from strawberry.extensions.max_aliases import create_validator as alias_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule
from strawberry.types import ExecutionContext

from schema.actor import Actor
from schema.analysis import AnalysisQuery
from schema.balance import BalanceQuery
from schema.errors import ErrorCodes
from schema.execution import QuickExecutionContext
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
        types=[Actor, Relationship],
        execution_context_class=QuickExecutionContext,
        extensions=[
            ErrorCodes,
            # Factories: a fresh extension per request; the two caches are shared module-wide.
            lambda: MaxTokensLimiter(max_token_count=limits.max_tokens),
            lambda: AddValidationRules(rules),
            lambda: ParserCache(maxsize=256),
            lambda: ValidationCache(maxsize=256),
        ],
    )


schema = make_schema()
"""The schema with the default limits (what ``alliance-graph schema`` prints)."""
