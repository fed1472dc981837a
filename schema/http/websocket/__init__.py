"""GraphQL over WebSocket: which subprotocol a connection speaks, and who it writes as.

Both subprotocols strawberry speaks run queries, mutations and subscriptions alike
(:mod:`schema.http.websocket.transport`).
"""

from __future__ import annotations

__all__ = ["transport"]
