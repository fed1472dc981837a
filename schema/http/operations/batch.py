"""Batched requests: a JSON array of operations POSTed to ``/graphql`` answers an array of
results, in order (Apollo's ``BatchHttpLink``, GraphQL-over-HTTP batching).

A batch holds 1 to ``--max-batch`` operations (10 by default), each a JSON object as a single
request's body would be; anything else is a 400 naming the member and what is wrong, before
any of them runs. The app then runs the members one after the other (a mutation after the
operations before it, as they were sent), each through the same validation rules, limits,
tokens and error codes as a request of its own (:class:`schema.http.app.GraphQLApp`).

>>> check_batch([{"query": "{ a }"}] * 3, most=10)
>>> try:
...     check_batch([{"query": "{ a }"}] * 11, most=10)
... except HTTPException as refused:
...     print(refused.reason)
a batch of 11 operations is more than the limit of 10 (--max-batch)
"""

from __future__ import annotations

from typing import Any

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import Response
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLRequestData, GraphQLRequestProtocol
from strawberry.types import ExecutionResult, SubscriptionExecutionResult

from schema.context import Context
from schema.http.operations.persisted import unknown_persisted_query

__all__ = ["BatchingView", "check_batch", "unknown_persisted", "unknown_persisted_result"]

_MEMBERS = {"query": str, "variables": dict, "operationName": str, "extensions": dict}


def check_batch(operations: list[Any], *, most: int) -> None:
    """Raise a 400 naming the problem unless ``operations`` is a batch the app can run."""
    if not operations:
        raise HTTPException(400, "a batch must hold at least one operation; it is empty")
    if len(operations) > most:
        raise HTTPException(
            400,
            f"a batch of {len(operations)} operations is more than the limit of {most} "
            "(--max-batch)",
        )
    for index, operation in enumerate(operations):
        if not isinstance(operation, dict):
            raise HTTPException(
                400, f"operation {index} of the batch must be a JSON object, got {operation!r}"
            )
        for name, kind in _MEMBERS.items():
            value = operation.get(name)
            if value is not None and not isinstance(value, kind):
                what = "a string" if kind is str else "an object"
                raise HTTPException(
                    400, f"operation {index} of the batch: `{name}` must be {what} or null"
                )


def unknown_persisted(operation: GraphQLRequestData) -> bool:
    """Whether ``operation`` is a persisted query's hash alone, one this server does not know
    (:mod:`schema.http.operations.persisted` filled in the query of every known one)."""
    return operation.query is None and "persistedQuery" in (operation.extensions or {})


def unknown_persisted_result() -> ExecutionResult:
    """The answer to a batch member that sent the hash of a query this server does not know."""
    error = unknown_persisted_query()
    return ExecutionResult(
        data=None, errors=[GraphQLError(error["message"], extensions=error["extensions"])]
    )


class BatchingView(GraphQL[Context, None]):
    """strawberry's ASGI view, taking batches of at most ``max_batch`` operations and running
    their members in order; ``request.state.batch`` is set while a batch is answered."""

    max_batch = 10

    def _validate_batch_request(
        self, request_data: list[GraphQLRequestData], protocol: GraphQLRequestProtocol
    ) -> None:
        if transport := self._get_stream_transport(protocol):
            raise HTTPException(400, transport.batching_error)
        check_batch(request_data, most=self.max_batch)

    async def execute_operation(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        request_data: GraphQLRequestData | list[GraphQLRequestData],
        context: Context,
        root_value: None,
        sub_response: Response,
    ) -> ExecutionResult | list[ExecutionResult] | SubscriptionExecutionResult:
        """strawberry's, except that a batch's members run one after another, in order."""
        if not isinstance(request_data, list):
            return await super().execute_operation(
                request=request,
                request_adapter=request_adapter,
                request_data=request_data,
                context=context,
                root_value=root_value,
                sub_response=sub_response,
            )
        request.state.batch = True
        results = []
        for member in request_data:
            # Each operation of a batch is checked and run here, as a request of its own is.
            results.append(
                await self.execute_single(
                    request=request,
                    request_adapter=request_adapter,
                    sub_response=sub_response,
                    context=context,
                    root_value=root_value,
                    request_data=member,
                )
            )
        return results

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        if unknown_persisted(request_data):  # a batch member; alone, it never gets here
            return unknown_persisted_result()
        return await super().execute_single(
            request=request,
            request_adapter=request_adapter,
            sub_response=sub_response,
            context=context,
            root_value=root_value,
            request_data=request_data,
        )
