"""``/healthz`` (what this server holds, whether it is behind, which package version answers)
and ``/readyz`` (503 until it has looked at its store and taken in everything committed there,
for load balancers)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from schema.http.replica import Follower
from schema.version import package_version

if TYPE_CHECKING:
    from schema.http.app import GraphQLApp

__all__ = ["health_routes"]


def health_routes(graphql: GraphQLApp, follower: Follower | None) -> list[Route]:
    """The two routes, over the app's graph and the follower of its store (if it has one)."""

    def behind() -> int:
        return 0 if follower is None else follower.behind()

    async def healthz(request: Request) -> JSONResponse:
        graph = graphql.graph
        editor = graphql.editor
        return JSONResponse(
            {
                "status": "ok",
                "actors": graph.nx.number_of_nodes(),
                "relationships": len(graph),
                "version": graph.version,
                "behind": behind(),
                "writable": bool(graphql.tokens) and editor is not None,
                "subscribers": 0 if editor is None else editor.subscribers,
                "process": os.getpid(),
                "package_version": package_version(),
            }
        )

    async def readyz(request: Request) -> JSONResponse:
        ready = behind() == 0 and (follower is None or follower.started)
        body = {"ready": ready, "version": graphql.graph.version, "behind": behind()}
        return JSONResponse(body, status_code=200 if ready else 503)

    return [Route("/healthz", healthz), Route("/readyz", readyz)]
