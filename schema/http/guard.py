"""The ASGI layer in front of the app: request ids, body size, WebSocket message size.

Each HTTP request and WebSocket connection gets an id (the client's ``X-Request-ID`` when it is
sane, else a new one), echoed in the response (or handshake) header and attached to masked
errors and to every log line written while it is served (:mod:`schema.http.logs.lines`), so an
operator can find the trace a client reports. Bodies over the limit are refused
with 413 before the app reads them; WebSocket messages over the limit close the socket with
1009 ("message too big").
"""

from __future__ import annotations

import json
import re
import uuid
from contextvars import ContextVar

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from schema.http.counters import count_error
from schema.http.headers import first_headers, header

__all__ = ["Guard", "current_request_id", "read_body", "replaying", "serving_request_id"]

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
_SANE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def current_request_id() -> str:
    """The id of the request being served (a fresh one outside any request)."""
    return _request_id.get() or uuid.uuid4().hex


def serving_request_id() -> str | None:
    """The id of the request being served; None outside any request."""
    return _request_id.get()


def _request_id_of(scope: Scope) -> str:
    offered = header(scope, b"x-request-id")
    return offered if _SANE_ID.fullmatch(offered) else uuid.uuid4().hex


class Guard:
    """Wraps an ASGI app with request ids and size limits."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, max_ws_message_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_ws_message_bytes = max_ws_message_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self._http(scope, receive, send)
        elif scope["type"] == "websocket":
            await self._websocket(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def _websocket(self, scope: Scope, receive: Receive, send: Send) -> None:
        request_id = _request_id_of(scope)
        token = _request_id.set(request_id)  # the operations' tasks copy it when created

        async def send_with_id(message: Message) -> None:
            if message["type"] == "websocket.accept":
                headers = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, self._limited_ws(receive, send), send_with_id)
        finally:
            _request_id.reset(token)

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        request_id = _request_id_of(scope)
        token = _request_id.set(request_id)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            declared = first_headers(scope).get(b"content-length")
            if declared is not None and declared.isdigit() and int(declared) > self.max_body_bytes:
                await self._too_large(send_with_id)
                return
            body, more = b"", True
            while more:
                message = await receive()
                if message["type"] != "http.request":
                    break
                body += message.get("body", b"")
                more = message.get("more_body", False)
                if len(body) > self.max_body_bytes:
                    await self._too_large(send_with_id)
                    return
            replayed = False

            async def replay() -> Message:
                nonlocal replayed
                if not replayed:
                    replayed = True
                    return {"type": "http.request", "body": body, "more_body": False}
                return await receive()

            await self.app(scope, replay, send_with_id)
        finally:
            _request_id.reset(token)

    async def _too_large(self, send: Send) -> None:
        count_error("BODY_TOO_LARGE")
        body = json.dumps(
            {
                "errors": [
                    {
                        "message": f"request body is larger than {self.max_body_bytes} bytes",
                        "extensions": {"code": "BODY_TOO_LARGE", "limit": self.max_body_bytes},
                    }
                ]
            }
        ).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _limited_ws(self, receive: Receive, send: Send) -> Receive:
        limit = self.max_ws_message_bytes

        async def limited() -> Message:
            message = await receive()
            if message["type"] == "websocket.receive":
                size = len(message.get("bytes") or b"") + len((message.get("text") or "").encode())
                if size > limit:
                    reason = f"message larger than {limit} bytes"
                    await send({"type": "websocket.close", "code": 1009, "reason": reason})
                    return {"type": "websocket.disconnect", "code": 1009}
            return message

        return limited


async def read_body(receive: Receive) -> bytes:
    """The whole request body (the guard has checked its size)."""
    chunks, more = [], True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    return b"".join(chunks)


def replaying(body: bytes) -> Receive:
    """A receive channel that hands an app a body already read."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive
