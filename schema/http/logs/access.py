"""The access log: a line per HTTP request (and per WebSocket connection, when it ends).

Written by our own middleware rather than uvicorn's access logger, so that a line can carry
the request id and the time the request took, and be JSON (:mod:`schema.http.logs.lines`).
It stands outside every other layer, so a request refused early (413) is logged too, and the
time is the whole of the app's. Off unless ``serve --access-log``: it costs a cached read
about a third of its throughput (docs/performance.md, "Logging").
"""

from __future__ import annotations

import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["AccessLog"]

log = logging.getLogger("alliance_graph.access")


class AccessLog:
    """Wraps an ASGI app, logging each request at INFO when it has been answered."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0
        request_id: str | None = None

        async def sending(message: Message) -> None:
            nonlocal status, request_id
            event = message["type"]
            if event in ("http.response.start", "websocket.accept"):
                status = message.get("status", 101)
                for name, value in message.get("headers", ()):
                    if name == b"x-request-id":
                        request_id = value.decode("latin-1")
            elif event == "websocket.close" and not status:
                status = 403  # refused before the handshake was accepted
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except BaseException:
            status = status or 500
            raise
        finally:
            client = scope.get("client")
            host = client[0] if client else "-"
            method = scope.get("method", "WS")
            path = scope.get("path", "")
            took = round((time.perf_counter() - started) * 1000, 3)
            log.info(
                "%s %s %s %d %.1fms",
                host, method, path, status, took,
                extra={
                    "method": method, "path": path, "status": status, "duration_ms": took,
                    "client": host, "request_id": request_id,
                },
            )  # fmt: skip
