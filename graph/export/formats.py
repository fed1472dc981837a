"""Graph exports for visualization front ends and desktop tools, laid out on the server.

:func:`open_export` chooses the actors and relationships :class:`ExportOptions` select, lays
them out (:func:`graph.export.layout.compute_layout`) and then writes them, chunk by chunk as
they are read, in one of the :class:`ExportFormat` s: Cytoscape.js JSON, the D3 node-link
shape, graphology (Sigma.js), GEXF (Gephi) or GraphML; :func:`export_graph` gives the whole
file at once. :mod:`graph.export.records` lists the attributes every format carries.

Examples
--------
>>> import json
>>> from graph.model.records import Actor, Evidence, Relationship, Source
>>> from graph.model.vocabulary import ActorKind, Relation
>>> g = AllianceGraph()
>>> g.add_source(Source("nbc", "NBC News"))
>>> for key in ("russia", "us"):
...     g.add_actor(Actor(key, key.title(), ActorKind.STATE))
>>> for rid in ("talks-1", "talks-2"):
...     g.add_relationship(Relationship(rid, Relation.NEGOTIATES_WITH, "russia", "us",
...                                     (Evidence("nbc", "talks went on"),)))
>>> doc = json.loads(export_graph(g, ExportFormat.GRAPHOLOGY))
>>> [(e["key"], e["undirected"]) for e in doc["edges"]]
[('talks-1', True), ('talks-2', True)]
>>> export_graph(g, ExportFormat.GEXF)[:38]
b"<?xml version='1.0' encoding='utf-8'?>"
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from graph.export.json_formats import cytoscape_pieces, graphology_pieces, node_link_pieces
from graph.export.layout import Layout
from graph.export.options import ExportFormat, ExportOptions
from graph.export.records import (
    KIND_COLORS,
    QUOTE_LIMIT,
    VALENCE_COLORS,
    Ready,
    Selection,
    select,
)
from graph.export.xml_formats import LIST_SEPARATOR, gexf_pieces, graphml_pieces
from graph.store.alliance_graph import AllianceGraph

__all__ = [
    "CHUNK_BYTES",
    "KIND_COLORS",
    "LIST_SEPARATOR",
    "QUOTE_LIMIT",
    "VALENCE_COLORS",
    "Export",
    "ExportFormat",
    "ExportOptions",
    "export_graph",
    "open_export",
]

CHUNK_BYTES = 1 << 16
"""About how many bytes each chunk of an export holds (each ends with a whole piece)."""

_WRITERS: dict[ExportFormat, Callable[[Selection], Iterator[str]]] = {
    ExportFormat.CYTOSCAPE: cytoscape_pieces,
    ExportFormat.NODE_LINK: node_link_pieces,
    ExportFormat.GRAPHOLOGY: graphology_pieces,
    ExportFormat.GEXF: gexf_pieces,
    ExportFormat.GRAPHML: graphml_pieces,
}
_XML = frozenset({ExportFormat.GEXF, ExportFormat.GRAPHML})


@dataclass(frozen=True, slots=True)
class Export:
    """An export whose part of the graph is chosen and laid out, and whose file is written
    as ``chunks`` is read: UTF-8 bytes, about :data:`CHUNK_BYTES` at a time."""

    layout: Layout
    """The layout that placed the actors (the default one when none was asked for)."""
    chunks: Iterator[bytes]
    reused: bool = False
    """Whether the positions were ones already computed (``ready``), not computed for it."""


def open_export(
    graph: AllianceGraph,
    fmt: ExportFormat,
    options: ExportOptions | None = None,
    ready: Ready | None = None,
) -> Export:
    """The export of what ``options`` select from ``graph``, in format ``fmt``.

    Everything that can be wrong with the request is found here, before the first chunk: the
    actors are chosen and laid out now, the file is written while ``chunks`` is read. Reading
    it needs no lock on ``graph``, which may change meanwhile: the records are taken from the
    graph as it stands now.

    Parameters
    ----------
    graph : AllianceGraph
        Not modified.
    fmt : ExportFormat
    options : ExportOptions, optional
        Every actor and relationship, the default layout, seed 42 when ``None``.
    ready : callable, optional
        The positions of a whole-graph layout already computed, if any
        (:func:`graph.export.records.select`).

    Returns
    -------
    Export

    Raises
    ------
    UnknownActor
        When ``options.around`` is not in the graph (field ``around``).
    LayoutTooLarge
        When the layout asked for cannot handle this many actors (field ``layout``).

    Examples
    --------
    >>> export = open_export(AllianceGraph(), ExportFormat.NODE_LINK)
    >>> export.layout, b"".join(export.chunks)[:36]
    (<Layout.SPRING: 'spring'>, b'{"directed": true, "multigraph": tru')
    """
    selection = select(graph, options or ExportOptions(), ready)
    assert selection.layout is not None  # select() always says
    errors = "xmlcharrefreplace" if fmt in _XML else "strict"  # as ElementTree writes
    chunks = _chunks(_WRITERS[fmt](selection), errors)
    return Export(selection.layout, chunks, selection.reused)


def export_graph(
    graph: AllianceGraph, fmt: ExportFormat, options: ExportOptions | None = None
) -> bytes:
    """The whole file (UTF-8) holding what ``options`` select from ``graph``, in format ``fmt``.

    The same graph, format and options always give the same file, byte for byte, except for
    the day a GEXF file records in its ``meta``. For a big graph, prefer :func:`open_export`,
    which never holds the whole file.

    Parameters
    ----------
    graph : AllianceGraph
        Not modified.
    fmt : ExportFormat
    options : ExportOptions, optional
        Every actor and relationship, the default layout, seed 42 when ``None``.

    Returns
    -------
    bytes

    Raises
    ------
    UnknownActor
        When ``options.around`` is not in the graph (field ``around``).
    LayoutTooLarge
        When the layout cannot handle this many actors (field ``layout``).

    Examples
    --------
    >>> import json
    >>> json.loads(export_graph(AllianceGraph(), ExportFormat.NODE_LINK))["links"]
    []
    """
    return b"".join(open_export(graph, fmt, options).chunks)


def _chunks(pieces: Iterable[str], errors: str) -> Iterator[bytes]:
    held: list[str] = []
    size = 0
    for piece in pieces:
        held.append(piece)
        size += len(piece)
        if size >= CHUNK_BYTES:
            yield "".join(held).encode("utf-8", errors)
            held.clear()
            size = 0
    if held:
        yield "".join(held).encode("utf-8", errors)
