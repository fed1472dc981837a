"""The Starlette application: ``/`` (the explorer, its assets under ``/static``), ``/graphql``
(POST, GET, GraphiQL, WebSocket), ``/healthz``, ``/metrics`` and ``/export/{format}``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractContextManager, asynccontextmanager, nullcontext

import msgspec
from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from graph import AllianceGraph
from graph.analysis.cache import VersionedCache
from graph.persistence.editor import Editor
from schema.context import Context
from schema.errors import with_codes
from schema.http.auth import Tokens
from schema.http.children import Children
from schema.http.counters import count_errors, mark_operation
from schema.http.exports import export_routes
from schema.http.guard import Guard, read_body, replaying
from schema.http.headers import first_headers
from schema.http.health import health_routes
from schema.http.heavy import HeavyOperations
from schema.http.idempotency import Idempotency
from schema.http.limits import Limits
from schema.http.logs.access import AccessLog
from schema.http.metrics import Metrics
from schema.http.negotiation import GRAPHQL_RESPONSE_JSON, prefers_graphql_response, request_failed
from schema.http.operations.batch import BatchingView
from schema.http.operations.persisted import AutomaticPersistedQueries, PersistedQueries
from schema.http.pages.explorer import home
from schema.http.pages.graphiql import graphiql_page
from schema.http.replica import VERSION_HEADER, Follower, VersionHeaders
from schema.http.response_cache import (
    ResponseCache,
    read_only_request,
    response_key,
    send_cached,
)
from schema.http.websocket.transport import WebSocketTransport
from schema.resolvers.layouts import Layouts
from schema.schema import make_schema
from schema.types.views import Views

__all__ = ["GraphQLApp", "create_app"]

ALLOWED_HEADERS = ("authorization", "content-type", "accept", "x-request-id", "idempotency-key")
EXPOSED_HEADERS = ("x-request-id", "etag", "idempotent-replayed", "x-layout", "x-layout-source")


class GraphQLApp(WebSocketTransport, BatchingView):
    """strawberry's ASGI view, handing every operation the graph through its context, and
    answering in the media type the client asked for (GraphQL-over-HTTP); batches are
    :class:`~schema.http.operations.batch.BatchingView`'s; any operation over either
    WebSocket subprotocol (:mod:`schema.http.websocket.transport`)."""

    def __init__(
        self,
        store: AllianceGraph | Editor,
        tokens: Tokens,
        limits: Limits,
        allowed_origins: Sequence[str] = (),
    ) -> None:
        super().__init__(
            make_schema(limits),
            graphql_ide="graphiql",
            allow_queries_via_get=True,
            max_subscriptions_per_connection=limits.max_subscriptions,
            allowed_origins=allowed_origins,
        )
        self.editor = store if isinstance(store, Editor) else None
        self._graph = store if isinstance(store, AllianceGraph) else None
        self.tokens, self.limits = tokens, limits
        self.max_batch = limits.max_batch
        self.cache = VersionedCache()
        self.responses = ResponseCache(max_bytes=limits.response_cache_mb << 20)
        self.children = Children(limits.heavy_operations)
        self.layouts = Layouts(self.children, self.reading, self.cache, limits)
        self.heavy = HeavyOperations(self.children, self.reading, self.layouts.start)
        self._views: Views | None = None

    @property
    def graph(self) -> AllianceGraph:
        """The graph to read; an import gives the editor a new one, so ask each time."""
        if self.editor is not None:
            return self.editor.graph
        assert self._graph is not None
        return self._graph

    def reading(self) -> AbstractContextManager[AllianceGraph]:
        """The graph, held still against writers while a worker thread reads it."""
        return self.editor.reading() if self.editor is not None else nullcontext(self.graph)

    def encode_json(self, data: object) -> str:
        """The same compact JSON strawberry writes, with text as it is rather than ``\\u``
        escapes, from msgspec: a 90 KB answer takes 0.2 ms where ``json.dumps`` takes 1.8 ms.
        Text, not bytes: WebSocket messages are sent as text frames."""
        return msgspec.json.encode(data).decode()

    async def render_graphql_ide(self, request: Request) -> Response:
        """Our GraphiQL page, every file from this origin, not strawberry's CDN one."""
        return graphiql_page()

    def parse_json(self, data: str | bytes) -> object:
        decoded = super().parse_json(data)
        if not isinstance(decoded, dict | list):
            raise HTTPException(400, "The request body must be a JSON object")
        return decoded

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer a repeated read query from the response cache, before any GraphQL work.

        This path is hot (it is most of what a busy read API does), so it works on the raw
        ASGI scope instead of building a Request.
        """
        method = scope.get("method")
        if scope["type"] == "http" and method in ("GET", "POST"):
            headers = first_headers(scope)
            body = b""
            if method == "POST":
                body = await read_body(receive)
                receive = replaying(body)
            key = response_key(self.graph.version, method, scope["query_string"], headers, body)
            if key is not None:
                hit = self.responses.get(key)
                if hit is not None:
                    mark_operation("query")  # only read-only queries are ever stored
                    await send_cached(hit, method, headers, send)
                    return
                if read_only_request(method, scope["query_string"], body):
                    scope.setdefault("state", {})["response_key"] = key  # see create_response
        await super().__call__(scope, receive, send)

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        request.state.sub_response = sub_response
        sub_response.response_key = getattr(request.state, "response_key", None)  # type: ignore[attr-defined]
        return sub_response

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        context: Context | None = getattr(request.state, "context", None)
        attempt = None if context is None else context.idempotency
        if result.errors:
            result.errors = with_codes(result.errors)
            if attempt is None or not attempt.taken:  # else the first answer is sent instead
                count_errors(result.errors)  # here, in the serving process, whoever executed it
        body = await super().process_result(request, result)
        if context is not None and context.committed is not None:
            sub: Response = request.state.sub_response
            sub.headers[VERSION_HEADER.decode()] = str(context.committed)
        if prefers_graphql_response(request.headers.get("accept")):
            sub_response: Response = request.state.sub_response
            sub_response.media_type = GRAPHQL_RESPONSE_JSON
            if request_failed(result) and not getattr(request.state, "batch", False):
                # The request never reached execution: 400, and no data entry at all.
                sub_response.status_code = 400
                body.pop("data", None)
        return body

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        if sub_response.media_type:
            response.headers["content-type"] = f"{sub_response.media_type}; charset=utf-8"
        key = getattr(sub_response, "response_key", None)
        clean = isinstance(response_data, dict) and "errors" not in response_data
        if key is not None and clean and response.status_code == 200:
            entry = self.responses.put(key, bytes(response.body), response.headers["content-type"])
            response.headers["etag"] = entry.etag
            response.headers["cache-control"] = entry.cache_control
        return response

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        graph = self.graph
        views = self._views
        if views is None or views.graph is not graph:
            # Kept for the next request; a new one after an import gives the editor a new graph.
            views = self._views = Views(graph)
        context = request.state.context = Context(
            graph=graph,
            views=views,
            cache=self.cache,
            editor=self.editor,
            author=self.tokens.author(request.headers.get("authorization")),
            writable=bool(self.tokens) and self.editor is not None,
            limits=self.limits,
            heavy=self.heavy,
            layouts=self.layouts,
            idempotency=getattr(request.state, "idempotency", None),
            method=request.scope.get("method") or "WEBSOCKET",
        )
        return context


def create_app(
    store: AllianceGraph | Editor,
    *,
    tokens: Tokens | None = None,
    limits: Limits | None = None,
    cors_origins: Sequence[str] = (),
    access_log: bool = False,
) -> ASGIApp:
    """An app serving ``store``: a bare graph (read-only, no history or change feed), or an
    editor, which writes for requests bearing one of ``tokens``.

    ``cors_origins`` lists the origins whose pages may call the API from a browser; the same
    list decides which origins may open a WebSocket (same-origin pages always may).
    ``access_log`` logs a line per request (:mod:`schema.http.logs.access`).
    """
    limits = limits or Limits()
    graphql = GraphQLApp(store, tokens or Tokens(), limits, cors_origins)

    editor = graphql.editor
    follower = None if editor is None else Follower(editor)
    endpoint: ASGIApp = graphql
    if editor is not None:  # writes sent again with an Idempotency-Key are applied once
        endpoint = Idempotency(
            graphql,
            editor,
            graphql.tokens,
            hours=limits.idempotency_hours,
            max_tokens=limits.max_tokens,
        )
    shared = None if editor is None else editor.storage.persisted_queries()
    queries = PersistedQueries(limits.persisted_queries, limits.persisted_queries_bytes, shared)
    endpoint = AutomaticPersistedQueries(endpoint, queries)  # first: the rest see the query
    metrics = Metrics(graphql, follower)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if follower is not None:
            follower.start()
        metrics.start()
        try:
            yield
        finally:
            await metrics.stop()
            await graphql.layouts.close()
            if follower is not None:
                await follower.stop()

    middleware = []
    if cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=[*ALLOWED_HEADERS],
                expose_headers=[*EXPOSED_HEADERS],
                max_age=600,
            )
        )
    app = Starlette(
        routes=[
            Route("/", home),
            *health_routes(graphql, follower),
            Route("/graphql", endpoint),
            WebSocketRoute("/graphql", graphql),
            metrics.route,
            *export_routes(
                graphql.reading,
                children=Children(limits.heavy_operations),  # apart: a slow download waits
                max_layout_actors=limits.max_layout_actors,
                ready=graphql.layouts.ready,
            ),
            Mount("/static", StaticFiles(packages=[("schema.http", "static")]), name="static"),
        ],
        middleware=middleware,
        lifespan=lifespan,
    )
    versioned = VersionHeaders(
        app, lambda: graphql.graph.version, follower, limits.max_version_wait
    )
    guarded = Guard(
        versioned,
        max_body_bytes=limits.max_body_bytes,
        max_ws_message_bytes=limits.max_ws_message_bytes,
    )
    counted = metrics.wrap(guarded)
    return AccessLog(counted) if access_log else counted
