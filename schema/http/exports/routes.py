"""``GET /export/{format}``: the graph as a file for a visualization front end or Gephi, sent
as it is written.

A bad or unknown parameter, an unknown actor and a layout asked for more actors than it lays
out are found before the first byte is sent, and answered with a 400 whose JSON body names
the parameter: ``{"error": {"message": ..., "code": ..., "parameter": ...}}``; an unknown
format is a 404 listing the formats. ``GET /export`` lists the formats.

The file itself is streamed (chunked transfer encoding): written in a forked child
(:mod:`schema.http.exports.streams`) and passed on chunk by chunk, so neither process holds it
whole. Its ``ETag`` names the graph's version and size, the format and the options (and, for
GEXF, the day the file records), so ``If-None-Match`` gets a 304 without the file being written. The
``X-Layout`` header says which layout placed the actors (the default one when none was asked),
and ``X-Layout-Source`` whether its positions were computed for this export (``computed``) or
were the ones the server had already computed for this graph version and layout (``reused``:
an export of the whole graph with no filter and the default seed, once ``Actor.position`` has
had the layout computed, :mod:`schema.resolvers.layouts`).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from graph import AllianceGraph, GraphError
from graph.export.formats import Export, ExportFormat, ExportOptions, open_export
from graph.export.layout import MAX_SPRING_ACTORS, Layout, Position
from schema.errors import BadRequest
from schema.http.children import Children
from schema.http.exports.parameters import naming_parameter, parse_export_options, parse_format
from schema.http.exports.streams import stream_from_child

__all__ = ["export_routes"]

State = tuple[int, int, int]
Told = tuple[State, str, str]
Ready = Callable[[AllianceGraph, Layout], Mapping[str, Position] | None]


def export_routes(
    get_graph: Callable[[], AbstractContextManager[AllianceGraph]],
    *,
    children: Children | None = None,
    max_layout_actors: int = MAX_SPRING_ACTORS,
    ready: Ready | None = None,
) -> list[Route]:
    """``GET /export`` (the formats) and ``GET /export/{format}``.

    ``get_graph()`` gives a context in which the graph may be read without a writer changing
    it (:meth:`graph.persistence.editor.Editor.reading`). With ``children``, each export is
    written in a child forked inside that context, which it leaves at once; without, the
    actors are chosen and laid out in a worker thread inside it, and the file is written in
    worker threads after, from records taken then. ``max_layout_actors`` is the most actors
    spring and Kamada-Kawai lay out. ``ready(graph, layout)`` gives the positions of a
    whole-graph layout already computed for the graph's version, if any.
    """

    async def formats(request: Request) -> JSONResponse:
        return JSONResponse({"formats": [_describe(f) for f in ExportFormat]})

    async def export(request: Request) -> Response:
        try:
            fmt = parse_format(request.path_params["format"])
        except BadRequest as err:
            return _error(err, 404, formats=[_describe(f) for f in ExportFormat])
        query = {name: request.query_params.getlist(name) for name in request.query_params}
        try:
            options = parse_export_options(query, max_layout_actors=max_layout_actors)
        except GraphError as err:  # already names the parameter
            return _error(err, 400)
        with get_graph() as graph:
            state = _state(graph)
        matches = {tag.strip() for tag in request.headers.get("if-none-match", "").split(",")}
        etag = _etag(state, fmt, options)
        if etag in matches or f"W/{etag}" in matches or "*" in matches:
            return Response(status_code=304, headers=_headers(etag))
        try:
            if children is None:
                told, chunks = await run_in_threadpool(_opened, get_graph, fmt, options, ready)
                body: Any = chunks  # a plain iterator: Starlette reads it in worker threads
            else:

                def produce(held: AllianceGraph) -> tuple[Told, Iterator[bytes]]:
                    return _told(held, open_export(held, fmt, options, _at(held, ready)))

                told, body = await stream_from_child(children, produce, hold=get_graph)
            state, layout, source = told
        except GraphError as err:
            return _error(naming_parameter(err), 400)
        headers = _headers(_etag(state, fmt, options))
        headers["Content-Disposition"] = f'attachment; filename="{fmt.filename}"'
        headers["X-Layout"] = layout
        headers["X-Layout-Source"] = source
        return StreamingResponse(body, media_type=fmt.content_type, headers=headers)

    return [
        Route("/export", formats, methods=["GET"], name="export_formats"),
        Route("/export/{format}", export, methods=["GET"], name="export"),
    ]


def _opened(
    get_graph: Callable[[], AbstractContextManager[AllianceGraph]],
    fmt: ExportFormat,
    options: ExportOptions,
    ready: Ready | None,
) -> tuple[Told, Iterator[bytes]]:
    with get_graph() as graph:
        return _told(graph, open_export(graph, fmt, options, _at(graph, ready)))


def _told(graph: AllianceGraph, opened: Export) -> tuple[Told, Iterator[bytes]]:
    """What the response's headers say (the graph's state, the layout, where its positions
    came from), and the file's chunks."""
    source = "reused" if opened.reused else "computed"
    return (_state(graph), opened.layout.value, source), opened.chunks


def _at(
    graph: AllianceGraph, ready: Ready | None
) -> Callable[[Layout], Mapping[str, Position] | None] | None:
    return None if ready is None else lambda layout: ready(graph, layout)


def _state(graph: AllianceGraph) -> State:
    """The graph's version, and its counts of actors and relationships: graphs loaded from
    different files start at the same version."""
    return graph.version, graph.nx.number_of_nodes(), len(graph)


def _etag(state: State, fmt: ExportFormat, options: ExportOptions) -> str:
    day = time.strftime("%Y-%m-%d") if fmt is ExportFormat.GEXF else ""
    named = repr((state, fmt.value, options, day)).encode()
    return f'"{hashlib.sha256(named).hexdigest()[:32]}"'


def _headers(etag: str) -> dict[str, str]:
    return {"ETag": etag, "Cache-Control": "no-cache"}


def _describe(fmt: ExportFormat) -> dict[str, str]:
    return {"format": fmt.value, "contentType": fmt.content_type, "path": f"/export/{fmt.value}"}


def _error(err: GraphError, status: int, **extra: object) -> JSONResponse:
    body: dict[str, object] = {"message": str(err), "code": err.code, "parameter": err.field}
    return JSONResponse({"error": body | extra}, status_code=status)
