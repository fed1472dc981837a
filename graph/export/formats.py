"""Graph exports for visualization front ends and desktop tools, laid out on the server.

:func:`export_graph` writes the actors and relationships :class:`ExportOptions` select, with
positions from :func:`graph.export.layout.compute_layout`, in one of the :class:`ExportFormat` s:
Cytoscape.js JSON, the D3 node-link shape, graphology (Sigma.js), GEXF (Gephi) or GraphML.
:mod:`graph.export.records` lists the attributes every format carries.

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

import json
from typing import Any

from graph.export.json_formats import cytoscape_document, graphology_document, node_link_document
from graph.export.options import ExportFormat, ExportOptions
from graph.export.records import KIND_COLORS, QUOTE_LIMIT, VALENCE_COLORS, Selection, select
from graph.export.xml_formats import LIST_SEPARATOR, gexf_bytes, graphml_bytes
from graph.store.alliance_graph import AllianceGraph

__all__ = [
    "KIND_COLORS",
    "LIST_SEPARATOR",
    "QUOTE_LIMIT",
    "VALENCE_COLORS",
    "ExportFormat",
    "ExportOptions",
    "export_graph",
]


def export_graph(
    graph: AllianceGraph, fmt: ExportFormat, options: ExportOptions | None = None
) -> bytes:
    """The file (UTF-8) holding what ``options`` select from ``graph``, in format ``fmt``.

    The same graph, format and options always give the same file, byte for byte, except for
    the day a GEXF file records in its ``meta``.

    Parameters
    ----------
    graph : AllianceGraph
        Not modified.
    fmt : ExportFormat
    options : ExportOptions, optional
        Every actor and relationship, spring layout, seed 42 when ``None``.

    Returns
    -------
    bytes

    Raises
    ------
    UnknownActor
        When ``options.around`` is not in the graph (field ``around``).
    InvalidInput
        When the layout cannot handle this many actors (field ``layout``).

    Examples
    --------
    >>> json.loads(export_graph(AllianceGraph(), ExportFormat.NODE_LINK))["links"]
    []
    """
    selection = select(graph, options or ExportOptions())
    if fmt is ExportFormat.GEXF:
        return gexf_bytes(selection)
    if fmt is ExportFormat.GRAPHML:
        return graphml_bytes(selection)
    return json.dumps(_json_document(fmt, selection), ensure_ascii=False).encode("utf-8")


def _json_document(fmt: ExportFormat, selection: Selection) -> dict[str, Any]:
    if fmt is ExportFormat.CYTOSCAPE:
        return cytoscape_document(selection)
    if fmt is ExportFormat.NODE_LINK:
        return node_link_document(selection)
    return graphology_document(selection)
