"""The cost limit: an operation estimated above ``--max-cost`` is refused before it runs.

The operations of one request (a batch holds several) share the limit. The refusal is one
error, ``QUERY_TOO_COSTLY``, with ``extensions.cost`` (the estimate, with the batch's earlier
operations),
``extensions.limit`` and ``extensions.costliest`` (the top-level fields that cost most, by the
name they answer under). A client that sends ``"extensions": {"cost": true}`` with its request
gets the estimate of an accepted operation back in the answer's ``extensions.cost``
(``{"estimate": N, "limit": M}``). A query sent with GET is held to the lower
``--max-get-cost``: above it, ``USE_POST`` (a cross-site page can make a browser send a GET
with no credentials, and POST with a JSON body it cannot send without the server's CORS
consent). The estimate is :mod:`schema.execution.cost`'s; the graph's
sizes it needs are read once per graph version.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from schema.context import Context
from schema.execution.cost import Estimate, estimate, sizes_of

__all__ = ["QueryCost"]


class QueryCost(SchemaExtension):
    """Estimate each operation's cost before execution; refuse it above the limit."""

    found: Estimate | None = None

    def on_execute(self) -> Iterator[None]:
        execution = self.execution_context
        context = execution.context
        document = execution.graphql_document
        if isinstance(context, Context) and document is not None:
            limits = context.limits
            graph = context.graph
            sizes = context.cache.cached(graph, "sizes", (limits,), lambda: sizes_of(graph, limits))
            self.found = estimate(
                execution.schema._schema,
                document,
                execution.operation_name,
                execution.variables,
                sizes,
            )
            context.costs.append(self.found.total)
            spent = sum(context.costs)
            if spent > limits.max_cost:
                execution.result = GraphQLExecutionResult(
                    data=None, errors=[_refusal(self.found, spent, limits.max_cost)]
                )
            elif context.method == "GET" and spent > limits.max_get_cost:
                execution.result = GraphQLExecutionResult(
                    data=None, errors=[_use_post(spent, limits.max_get_cost)]
                )
        yield

    def get_results(self) -> dict[str, Any]:
        execution = self.execution_context
        asked = execution.operation_extensions or {}
        context = execution.context
        if self.found is None or asked.get("cost") is not True or not isinstance(context, Context):
            return {}
        return {"cost": {"estimate": self.found.total, "limit": context.limits.max_cost}}


def _refusal(found: Estimate, spent: int, limit: int) -> GraphQLError:
    costliest = found.costliest()
    named = ", ".join(f"{name} ({cost:,})" for name, cost in costliest)
    before = spent - found.total
    earlier = f", after {before:,} by the batch's earlier operations" if before else ""
    return GraphQLError(
        f"the query's estimated cost {found.total:,}{earlier} is above the limit of {limit:,} "
        f"(--max-cost); costliest fields: {named}. Ask for smaller pages or fewer fields, "
        "or split the query",
        extensions={
            "code": "QUERY_TOO_COSTLY",
            "cost": spent,
            "limit": limit,
            "costliest": dict(costliest),
        },
    )


def _use_post(cost: int, limit: int) -> GraphQLError:
    return GraphQLError(
        f"the query's estimated cost {cost:,} is above {limit:,}, the most a query sent with "
        "GET may cost (--max-get-cost); send it with POST and a JSON body "
        "(Content-Type: application/json)",
        extensions={"code": "USE_POST", "cost": cost, "limit": limit},
    )
