"""The Starlette application: the explorer at ``/``, ``/graphql`` (POST, GET, GraphiQL,
WebSocket), ``/healthz``, ``/export/{format}`` and the explorer's assets under ``/static``."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from importlib.resources import files

from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from graph import AllianceGraph
from graph.cache import VersionedCache
from graph.editor import Editor
from schema.auth import Tokens
from schema.context import Context
from schema.errors import with_codes
from schema.exports import export_routes
from schema.guard import Guard
from schema.limits import Limits
from schema.negotiation import GRAPHQL_RESPONSE_JSON, prefers_graphql_response, request_failed
from schema.schema import make_schema

__all__ = ["GraphQLApp", "create_app"]


class GraphQLApp(GraphQL[Context, None]):
    """strawberry's ASGI view, handing every operation the graph through its context, and
    answering in the media type the client asked for (GraphQL-over-HTTP)."""

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
        self.tokens = tokens
        self.limits = limits
        self.cache = VersionedCache()

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

    def parse_json(self, data: str | bytes) -> object:
        decoded = super().parse_json(data)
        if not isinstance(decoded, dict | list):
            raise HTTPException(400, "The request body must be a JSON object")
        return decoded

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        request.state.sub_response = sub_response
        return sub_response

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        if result.errors:
            result.errors = with_codes(result.errors)
        body = await super().process_result(request, result)
        if prefers_graphql_response(request.headers.get("accept")):
            sub_response: Response = request.state.sub_response
            sub_response.media_type = GRAPHQL_RESPONSE_JSON
            if request_failed(result):
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
        return response

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        return Context(
            graph=self.graph,
            cache=self.cache,
            editor=self.editor,
            author=self.tokens.author(request.headers.get("authorization")),
            writable=bool(self.tokens) and self.editor is not None,
            limits=self.limits,
        )


def create_app(
    store: AllianceGraph | Editor,
    *,
    tokens: Tokens | None = None,
    limits: Limits | None = None,
    cors_origins: Sequence[str] = (),
) -> ASGIApp:
    """An app serving ``store``: a bare graph (read-only, no history or change feed), or an
    editor, which writes for requests bearing one of ``tokens``.

    ``cors_origins`` lists the origins whose pages may call the API from a browser; the same
    list decides which origins may open a WebSocket (same-origin pages always may).
    """
    limits = limits or Limits()
    graphql = GraphQLApp(store, tokens or Tokens(), limits, cors_origins)

    async def healthz(request: Request) -> JSONResponse:
        graph = graphql.graph
        return JSONResponse(
            {
                "status": "ok",
                "actors": graph.nx.number_of_nodes(),
                "relationships": len(graph),
                "version": graph.version,
                "writable": bool(graphql.tokens) and graphql.editor is not None,
                "subscribers": 0 if graphql.editor is None else graphql.editor.subscribers,
            }
        )

    async def home(request: Request) -> Response:
        page = files("schema") / "static" / "index.html"
        if not page.is_file():
            return RedirectResponse("/graphql")
        return HTMLResponse(page.read_text(encoding="utf-8"))

    middleware = []
    if cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["authorization", "content-type", "accept", "x-request-id"],
                expose_headers=["x-request-id", "etag"],
                max_age=600,
            )
        )
    app = Starlette(
        routes=[
            Route("/", home),
            Route("/healthz", healthz),
            Route("/graphql", graphql),
            WebSocketRoute("/graphql", graphql),
            *export_routes(graphql.reading, cache=graphql.cache),
            Mount("/static", StaticFiles(packages=[("schema", "static")]), name="static"),
        ],
        middleware=middleware,
    )
    return Guard(
        app,
        max_body_bytes=limits.max_body_bytes,
        max_ws_message_bytes=limits.max_ws_message_bytes,
    )
