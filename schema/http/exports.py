"""``GET /export/{format}``: the graph as a file for a visualization front end or Gephi.

Query parameters (all optional): ``asOf`` (YYYY-MM-DD), ``relation`` (repeatable or
comma-separated), ``valence``, ``minConfidence`` (0 to 1), ``includeClaims`` (true/false),
``around`` (an actor key) with ``depth`` (1 to 3), ``layout`` (spring, kamada-kawai, circular,
shell) and ``seed``. A bad or unknown parameter is a 400 whose JSON body names it:
``{"error": {"message": ..., "code": ..., "parameter": ...}}``; an unknown format is a 404
listing the formats. ``GET /export`` lists the formats.

:func:`parse_format` and :func:`parse_export_options` are what the CLI's ``export`` command
uses too, so both front doors accept the same values and report the same errors.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import TypeVar

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from graph import AllianceGraph, GraphError, Relation, Valence
from graph.analysis.cache import VersionedCache
from graph.export.formats import ExportFormat, ExportOptions, export_graph
from graph.export.layout import DEFAULT_SEED, Layout
from schema.errors import BadRequest
from schema.http.children import Children

__all__ = ["PARAMETERS", "export_routes", "parse_export_options", "parse_format"]

PARAMETERS: dict[str, str] = {
    "asOf": "as_of",
    "relation": "relations",
    "valence": "valence",
    "minConfidence": "min_confidence",
    "includeClaims": "include_claims",
    "around": "around",
    "depth": "depth",
    "layout": "layout",
    "seed": "seed",
}
"""Each query parameter and the :class:`~graph.export.formats.ExportOptions` field it sets."""

_PARAMETER_OF = {field: name for name, field in PARAMETERS.items()} | {"actors": "around"}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BOOLEANS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}

Query = Mapping[str, str | Sequence[str]]
_E = TypeVar("_E", Relation, Valence)


def parse_format(text: str) -> ExportFormat:
    """The export format called ``text``; raises :class:`BadRequest` (``UNKNOWN_FORMAT``)."""
    try:
        return ExportFormat(text.strip().lower())
    except ValueError:
        known = ", ".join(f.value for f in ExportFormat)
        raise BadRequest(
            f"unknown export format {text!r}; use one of {known}",
            code="UNKNOWN_FORMAT",
            field="format",
        ) from None


def parse_export_options(query: Query) -> ExportOptions:
    """Export options from query parameters (each a string or a list of strings).

    Raises :class:`graph.GraphError` whose ``field`` is the offending parameter's name.
    """
    values = {name: [raw] if isinstance(raw, str) else list(raw) for name, raw in query.items()}
    for name in values:
        if name not in PARAMETERS:
            head, *rest = name.split("_")
            camel = head + "".join(word.title() for word in rest)
            hint = (
                f"did you mean {camel!r}?"
                if camel in PARAMETERS
                else f"the parameters are {', '.join(PARAMETERS)}"
            )
            raise BadRequest(
                f"unknown parameter {name!r}; {hint}",
                code="UNKNOWN_PARAMETER",
                field=name,
            )
    relations = None
    if "relation" in values:
        pieces = [p.strip() for raw in values["relation"] for p in raw.split(",")]
        relations = frozenset(_member(Relation, p, "relation") for p in pieces)
    text = {name: _single(name, raw) for name, raw in values.items() if name != "relation"}
    if "depth" in text and "around" not in text:
        raise BadRequest("depth needs around", code="BAD_USER_INPUT", field="depth")
    depth, seed = _integer(text, "depth"), _integer(text, "seed")
    try:
        return ExportOptions(
            as_of=_date(text["asOf"]) if "asOf" in text else None,
            relations=relations,
            valence=_member(Valence, text["valence"], "valence") if "valence" in text else None,
            min_confidence=_float(text, "minConfidence"),
            include_claims=_boolean(text.get("includeClaims", "true")),
            around=_key(text["around"]) if "around" in text else None,
            depth=1 if depth is None else depth,
            layout=_layout(text["layout"]) if "layout" in text else None,
            seed=DEFAULT_SEED if seed is None else seed,
        )
    except GraphError as err:
        raise _naming_parameter(err) from None


def export_routes(
    get_graph: Callable[[], AbstractContextManager[AllianceGraph]],
    *,
    cache: VersionedCache | None = None,
    children: Children | None = None,
) -> list[Route]:
    """``GET /export`` (the formats) and ``GET /export/{format}``.

    ``get_graph()`` gives a context in which the graph may be read without a writer changing
    it (:meth:`graph.persistence.editor.Editor.reading`). With ``children``, each export is
    made in a child forked inside that context, which it leaves at once; without, in a worker
    thread inside it. With a ``cache``, each export is kept until the graph changes.
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
            options = parse_export_options(query)
            if children is None:
                body = await run_in_threadpool(_export, get_graph, fmt, options, cache)
            else:
                body = await _export_in_child(children, get_graph, fmt, options, cache)
        except BadRequest as err:  # already names the parameter
            return _error(err, 400)
        except GraphError as err:
            return _error(_naming_parameter(err), 400)
        etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        headers = {"ETag": etag, "Cache-Control": "no-cache"}
        matches = {tag.strip() for tag in request.headers.get("if-none-match", "").split(",")}
        if etag in matches or f"W/{etag}" in matches or "*" in matches:
            return Response(status_code=304, headers=headers)
        headers["Content-Disposition"] = f'attachment; filename="{fmt.filename}"'
        return Response(body, media_type=fmt.content_type, headers=headers)

    return [
        Route("/export", formats, methods=["GET"], name="export_formats"),
        Route("/export/{format}", export, methods=["GET"], name="export"),
    ]


def _export(
    get_graph: Callable[[], AbstractContextManager[AllianceGraph]],
    fmt: ExportFormat,
    options: ExportOptions,
    cache: VersionedCache | None,
) -> bytes:
    with get_graph() as graph:
        if cache is None:
            return export_graph(graph, fmt, options)
        return cache.cached(
            graph, "export", (fmt, options), lambda: export_graph(graph, fmt, options)
        )


async def _export_in_child(
    children: Children,
    get_graph: Callable[[], AbstractContextManager[AllianceGraph]],
    fmt: ExportFormat,
    options: ExportOptions,
    cache: VersionedCache | None,
) -> bytes:
    with get_graph() as graph:
        kept = None if cache is None else cache.get(graph, "export", (fmt, options))
    if isinstance(kept, bytes):
        return kept

    def work(held: AllianceGraph) -> tuple[int, bytes]:
        return held.version, export_graph(held, fmt, options)

    version, body = await children.run(work, hold=get_graph)
    if cache is not None:
        cache.store(graph, version, "export", (fmt, options), body)
    return bytes(body)


def _describe(fmt: ExportFormat) -> dict[str, str]:
    return {"format": fmt.value, "contentType": fmt.content_type, "path": f"/export/{fmt.value}"}


def _error(err: GraphError, status: int, **extra: object) -> JSONResponse:
    body: dict[str, object] = {"message": str(err), "code": err.code, "parameter": err.field}
    return JSONResponse({"error": body | extra}, status_code=status)


def _naming_parameter(err: GraphError) -> GraphError:
    if err.field in _PARAMETER_OF:
        err.field = _PARAMETER_OF[err.field]
    return err


def _bad(name: str, message: str) -> BadRequest:
    return BadRequest(f"{name} {message}", code="BAD_USER_INPUT", field=name)


def _single(name: str, raw: list[str]) -> str:
    if len(raw) != 1:
        raise _bad(name, f"must be given once, got {len(raw)} values")
    return raw[0].strip()


def _member(enum: type[_E], text: str, name: str) -> _E:
    try:
        return enum[text.strip().upper().replace("-", "_")]
    except KeyError:
        known = ", ".join(m.name for m in enum)
        raise _bad(name, f"must be one of {known}, got {text!r}") from None


def _date(text: str) -> dt.date:
    try:
        if _DATE.fullmatch(text):
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise _bad("asOf", f"must be a date written YYYY-MM-DD, got {text!r}")


def _integer(text: Mapping[str, str], name: str) -> int | None:
    if name not in text:
        return None
    try:
        return int(text[name])
    except ValueError:
        raise _bad(name, f"must be an integer, got {text[name]!r}") from None


def _float(text: Mapping[str, str], name: str) -> float | None:
    if name not in text:
        return None
    try:
        return float(text[name])
    except ValueError:
        raise _bad(name, f"must be a number, got {text[name]!r}") from None


def _boolean(text: str) -> bool:
    if text.lower() not in _BOOLEANS:
        raise _bad("includeClaims", f"must be true or false, got {text!r}")
    return _BOOLEANS[text.lower()]


def _key(text: str) -> str:
    if not text:
        raise _bad("around", "must be an actor key")
    return text


def _layout(text: str) -> Layout:
    try:
        return Layout(text.lower().replace("_", "-"))
    except ValueError:
        known = ", ".join(layout.value for layout in Layout)
        raise _bad("layout", f"must be one of {known}, got {text!r}") from None
