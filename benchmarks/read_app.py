"""The read-throughput server: the real app on the seed graph plus a bare Starlette route.

``python -m benchmarks.read_app --port P`` serves :func:`schema.http.app.create_app` over the
shipped seed graph exactly as ``alliance-graph serve`` does (one uvicorn worker, same
defaults), plus ``/bare/{name}`` (GET and POST): a plain route that answers the very bytes and
content type ``/graphql`` gives for the read query ``name`` by ``method``. The bytes are taken
from the app itself at start-up, so the two differ only in the work done per request. The
route is appended after the app's own, so it pays at least the same routing.
"""

from __future__ import annotations

import argparse
import json
import urllib.parse
from collections.abc import MutableMapping
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route, Router
from starlette.types import ASGIApp

from graph import load_seed
from schema.http.app import create_app

__all__ = ["READ_QUERIES", "build_app", "graphql_path", "post_body"]

READ_QUERIES: dict[str, tuple[str, dict[str, object]]] = {
    "actor": (
        """query Actor($key: String!) { actor(key: $key) { key name kind aliases iso3
  relationships { key relation valence date datePrecision stance confidence
    source { key name } target { key name } claimedBy { key name }
    evidence { quote source { id publisher published } } } } }""",
        {"key": "russia"},
    ),
    "relationships": (
        """query Page($where: RelationshipFilter, $first: Int) {
  relationships(where: $where, first: $first) { totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { key relation date stance confidence
      source { key name } target { key name } evidence { quote } } } } }""",
        {"where": {"valence": "HOSTILE", "since": "2016-01-01"}, "first": 10},
    ),
    "neighborhood": (
        """query Hood($key: String!, $depth: Int!) { neighborhood(key: $key, depth: $depth) {
  actors { key name kind } relationships { key relation date source { key } target { key } } } }""",
        {"key": "iran", "depth": 2},
    ),
}
"""The three representative seed queries: text and variables."""


def post_body(name: str) -> str:
    query, variables = READ_QUERIES[name]
    return json.dumps({"query": query, "variables": variables})


def graphql_path(name: str) -> str:
    """The ``/graphql?query=...&variables=...`` path for a GET of ``name``."""
    query, variables = READ_QUERIES[name]
    return "/graphql?" + urllib.parse.urlencode(
        {"query": query, "variables": json.dumps(variables)}
    )


async def _call(app: ASGIApp, method: str, target: str, body: bytes) -> tuple[bytes, str]:
    """One request through ``app`` in process: the response body and content type."""
    path, _, query = target.partition("?")
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": query.encode(),
        "root_path": "", "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80),
        "headers": [(b"host", b"127.0.0.1"), (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode())],
    }  # fmt: skip
    sent = False
    chunks: list[bytes] = []
    content_type = ""

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: MutableMapping[str, Any]) -> None:
        nonlocal content_type
        if message["type"] == "http.response.start":
            assert message["status"] == 200, message
            headers = dict(message["headers"])
            content_type = headers[b"content-type"].decode()
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return b"".join(chunks), content_type


async def build_app() -> ASGIApp:
    """The real app over the seed graph with the bare routes appended."""
    app = create_app(load_seed())
    answers: dict[tuple[str, str], tuple[bytes, str]] = {}
    for name in READ_QUERIES:
        answers["POST", name] = await _call(app, "POST", "/graphql", post_body(name).encode())
        answers["GET", name] = await _call(app, "GET", graphql_path(name), b"")
        assert b'"errors"' not in answers["POST", name][0], answers["POST", name][0]

    async def bare(request: Request) -> Response:
        await request.body()  # read it, as /graphql must
        data, content_type = answers[request.method, request.path_params["name"]]
        return Response(data, media_type=content_type)

    _router(app).routes.append(Route("/bare/{name}", bare, methods=["GET", "POST"]))
    return app


def _router(app: object) -> Router:
    """The router of the Starlette app inside ``app``'s wrappers (middleware such as Guard)."""
    while not isinstance(app, Starlette):
        app = getattr(app, "app")  # noqa: B009 - each wrapper keeps the app it wraps
    return app.router


def main() -> None:
    import asyncio

    import uvicorn

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    port = parser.parse_args().port
    app = asyncio.run(build_app())
    # As schema.cli serves it: uvicorn's access log off (serve's own is off unless asked for).
    uvicorn.run(app, host="127.0.0.1", port=port, access_log=False)


if __name__ == "__main__":
    main()
