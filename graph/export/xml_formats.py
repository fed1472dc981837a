"""The XML exports: GEXF for Gephi and GraphML, written by NetworkX from scalar attributes.

Both formats take scalars only: lists (``aliases``, ``supportKinds``) are joined with
:data:`LIST_SEPARATOR`, and missing values and empty lists are left out. Node ids are actor
keys and edge ids relationship ids, so parallel relationships between one pair stay apart.

GEXF puts each actor's position, colour and size in ``viz`` and each relationship's colour in
the edge's ``viz``. The graph is directed: NetworkX's reader refuses GEXF's mixed graphs, so a
symmetric relationship is a directed edge in the direction it was entered, with
``symmetric=true`` among its attributes. GraphML carries positions as ``x`` and ``y`` node
attributes, which Gephi and yEd read as such.

Examples
--------
>>> import io
>>> import networkx as nx
>>> from graph.export.records import EdgeRecord, NodeRecord, Selection
>>> chosen = Selection(
...     nodes=(NodeRecord("iran", 0.0, 1.0, {"label": "Iran", "aliases": ["Tehran"]}),
...            NodeRecord("russia", 0.0, -1.0, {"label": "Russia", "iso3": None})),
...     edges=(EdgeRecord("r1", "iran", "russia", False, {"relation": "HOSTS"}),),
... )
>>> back = nx.read_gexf(io.BytesIO(gexf_bytes(chosen)))
>>> list(back.edges(data="id")), back.nodes["iran"]["aliases"]
([('iran', 'russia', 'r1')], 'Tehran')
>>> back = nx.parse_graphml(graphml_bytes(chosen).decode(), force_multigraph=True)
>>> list(back.edges(keys=True, data="relation")), back.nodes["russia"]
([('iran', 'russia', 'r1', 'HOSTS')], {'label': 'Russia', 'x': 0.0, 'y': -1.0})
"""

from __future__ import annotations

import io

import networkx as nx

from graph.export.records import GRAPH_NAME, Attributes, EdgeRecord, NodeRecord, Selection

__all__ = ["LIST_SEPARATOR", "gexf_bytes", "graphml_bytes"]

LIST_SEPARATOR = "; "
"""What joins a list attribute's items in the XML formats."""

Scalar = str | int | float | bool


def gexf_bytes(selection: Selection) -> bytes:
    """GEXF 1.2 (UTF-8) with ``viz`` positions, colours and sizes.

    The file's ``meta`` records the day it was written (``lastmodifieddate``); everything
    else depends only on ``selection``.

    Parameters
    ----------
    selection : Selection

    Returns
    -------
    bytes
    """
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph(name=GRAPH_NAME)
    for node in selection.nodes:
        graph.add_node(node.key, **_scalars(node.attributes), viz=_node_viz(node))
    for edge in selection.edges:
        graph.add_edge(
            edge.source,
            edge.target,
            key=edge.id,
            id=edge.id,  # write_gexf takes (and removes) `id` as the GEXF edge id, not data
            **_scalars(edge.attributes),
            viz={"color": _rgba(edge)},
        )
    buffer = io.BytesIO()
    nx.write_gexf(graph, buffer)
    return buffer.getvalue()


def graphml_bytes(selection: Selection) -> bytes:
    """GraphML (UTF-8) with scalar attributes and ``x``, ``y`` positions.

    Parameters
    ----------
    selection : Selection

    Returns
    -------
    bytes
    """
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph(name=GRAPH_NAME)
    for node in selection.nodes:
        graph.add_node(node.key, **_scalars(node.attributes), x=node.x, y=node.y)
    for edge in selection.edges:
        graph.add_edge(edge.source, edge.target, key=edge.id, **_scalars(edge.attributes))
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer)
    return buffer.getvalue()


def _scalars(attributes: Attributes) -> dict[str, Scalar]:
    flat: dict[str, Scalar] = {}
    for name, value in attributes.items():
        if isinstance(value, list):
            if value:
                flat[name] = LIST_SEPARATOR.join(value)
        elif value is not None:
            flat[name] = value
    return flat


def _node_viz(node: NodeRecord) -> dict[str, object]:
    viz: dict[str, object] = {"position": {"x": node.x, "y": node.y, "z": 0.0}}
    color = _rgba(node)
    if color is not None:
        viz["color"] = color
    size = node.attributes.get("size")
    if isinstance(size, float | int):
        viz["size"] = size
    return viz


def _rgba(record: NodeRecord | EdgeRecord) -> dict[str, float] | None:
    color = record.attributes.get("color")
    if not isinstance(color, str) or len(color) != 7 or not color.startswith("#"):
        return None
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return {"r": red, "g": green, "b": blue, "a": 1.0}
