"""The Starlette application: the explorer at ``/``, ``/graphql`` (POST, GET, GraphiQL,
WebSocket), ``/healthz`` and the explorer's assets under ``/static``."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from importlib.resources import files

from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
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
from schema.schema import schema

__all__ = ["GraphQLApp", "create_app"]


class GraphQLApp(GraphQL[Context, None]):
    """strawberry's ASGI view, handing every operation the graph through its context."""

    def __init__(self, store: AllianceGraph | Editor, tokens: Tokens) -> None:
        super().__init__(schema, graphql_ide="graphiql", allow_queries_via_get=True)
        self.editor = store if isinstance(store, Editor) else None
        self._graph = store if isinstance(store, AllianceGraph) else None
        self.tokens = tokens
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

    def decode_json(self, data: str | bytes) -> object:
        decoded = super().decode_json(data)
        if not isinstance(decoded, dict | list):
            raise HTTPException(400, "The request body must be a JSON object")
        return decoded

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        if result.errors:
            result.errors = with_codes(result.errors)
        return await super().process_result(request, result)

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        return Context(
            graph=self.graph,
            cache=self.cache,
            editor=self.editor,
            author=self.tokens.author(request.headers.get("authorization")),
            writable=bool(self.tokens) and self.editor is not None,
        )


def create_app(store: AllianceGraph | Editor, *, tokens: Tokens | None = None) -> Starlette:
    """An app serving ``store``: a bare graph (read-only, no history or change feed), or an
    editor, which writes for requests bearing one of ``tokens``."""
    graphql = GraphQLApp(store, tokens or Tokens())

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

    return Starlette(
        routes=[
            Route("/", home),
            Route("/healthz", healthz),
            Route("/graphql", graphql),
            WebSocketRoute("/graphql", graphql),
            *export_routes(graphql.reading, cache=graphql.cache),
            Mount("/static", StaticFiles(packages=[("schema", "static")]), name="static"),
        ]
    )
