"""Queries, mutations and subscriptions over either WebSocket subprotocol, with the token
a client sends when it opens the connection.

``graphql-transport-ws`` (the ``graphql-ws`` library's protocol, Apollo Client's
``GraphQLWsLink``) is chosen whenever a client offers it, whatever the order of its offer.
``gql``, Python's most used client, offers the legacy ``graphql-ws`` protocol
(``subscriptions-transport-ws``) first and reads the server's choice, so it speaks the newer
protocol here too. A client that offers only the legacy protocol gets it, and on it queries and
mutations run as they did on Apollo's original server: one ``data`` message, then
``complete``. strawberry's legacy handler would refuse them ("queries are not allowed").

A connection writes as the token in its ``connection_init`` payload (``{"Authorization":
"Bearer SECRET"}``, the key in any case), which browsers can send though they cannot set a
header on a WebSocket; without one, as the ``Authorization`` header of the handshake. A token
that matches none is no author: reads work, and a mutation is refused with
``UNAUTHENTICATED``, as over HTTP.

>>> choose(["graphql-ws", "graphql-transport-ws"], ["graphql-transport-ws", "graphql-ws"])
'graphql-transport-ws'
>>> choose(["graphql-ws"], ["graphql-transport-ws", "graphql-ws"])
'graphql-ws'
>>> print(choose(["mqtt"], ["graphql-transport-ws", "graphql-ws"]))
None
>>> authorization_in({"authorization": "Bearer s3cret"}), authorization_in({"token": "x"})
('Bearer s3cret', None)
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TYPE_CHECKING

from starlette.websockets import WebSocket
from strawberry.subscriptions.protocols.graphql_ws.handlers import BaseGraphQLWSHandler
from strawberry.subscriptions.protocols.graphql_ws.types import CompleteMessage, ErrorMessage
from strawberry.types.execution import PreExecutionError
from strawberry.types.unset import UnsetType

from schema.context import Context

if TYPE_CHECKING:
    from schema.http.auth import Tokens

__all__ = ["LegacyHandler", "WebSocketTransport", "authorization_in", "choose"]


def choose(offered: Sequence[str], spoken: Sequence[str]) -> str | None:
    """The subprotocol to answer a client offering ``offered``: the first of ``spoken`` (the
    server's order of preference) that it offers, or None."""
    return next((protocol for protocol in spoken if protocol in offered), None)


def authorization_in(payload: object) -> str | None:
    """The ``Authorization`` value a ``connection_init`` payload carries, if any."""
    if not isinstance(payload, dict):
        return None
    for key, value in payload.items():
        if isinstance(key, str) and key.lower() == "authorization":
            return value if isinstance(value, str) else ""
    return None


class LegacyHandler(BaseGraphQLWSHandler[Context, None]):
    """strawberry's handler of the legacy ``graphql-ws`` protocol, running any operation.

    The protocol's ``start`` message carries queries and mutations as well as subscriptions;
    each is streamed through the schema (:meth:`schema.schema.AllianceSchema.stream`): a
    query's one result is one ``data`` message, and ``complete`` follows.
    """

    async def handle_async_results(
        self,
        operation_id: str,
        query: str,
        operation_name: str | None,
        variables: dict[str, object] | None,
    ) -> None:
        try:
            results = await self.schema.stream(
                query=query,
                variable_values=variables,
                operation_name=operation_name,
                context_value=self.context,
                root_value=self.root_value,
            )
            self.subscriptions[operation_id] = results
            first = True
            async for result in results:
                if first and isinstance(result, PreExecutionError) and result.errors:
                    payload = result.errors[0].formatted
                    message = ErrorMessage(type="error", id=operation_id, payload=payload)
                    await self.send_message(message)
                    return
                await self.send_data_message(result, operation_id)  # type: ignore[arg-type]
                first = False
            await self.send_message(CompleteMessage(type="complete", id=operation_id))
        except asyncio.CancelledError:
            await self.send_message(CompleteMessage(type="complete", id=operation_id))
        finally:
            self.subscriptions.pop(operation_id, None)
            self.tasks.pop(operation_id, None)


class WebSocketTransport:
    """What the GraphQL view does differently on a WebSocket (mixed into
    :class:`schema.http.app.GraphQLApp`)."""

    tokens: Tokens
    protocols: Sequence[str]
    graphql_ws_handler_class: type[BaseGraphQLWSHandler[Context, None]] = LegacyHandler

    async def pick_websocket_subprotocol(self, request: WebSocket) -> str | None:
        return choose(request.scope.get("subprotocols", []), self.protocols)

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        presented = authorization_in(context.connection_params)
        if presented is not None:
            context.author = self.tokens.author(presented)
        return UnsetType()  # the one UNSET: acknowledge with no payload
