"""The XML exports: GEXF for Gephi and GraphML, written one node or edge at a time.

The text is exactly what NetworkX's ``write_gexf`` and ``write_graphml`` (the ElementTree
writers, pretty-printed) write for the same graph, without building the tree of the whole
document first: the attributes' declarations, which come before the nodes, are found in a
first pass over the records, and the nodes and edges are then written in a second, in the
order NetworkX lists them (:func:`~graph.export.records.adjacency_order` for edges).

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
>>> back = nx.read_gexf(io.StringIO("".join(gexf_pieces(chosen))))
>>> list(back.edges(data="id")), back.nodes["iran"]["aliases"]
([('iran', 'russia', 'r1')], 'Tehran')
>>> back = nx.parse_graphml("".join(graphml_pieces(chosen)), force_multigraph=True)
>>> list(back.edges(keys=True, data="relation")), back.nodes["russia"]
([('iran', 'russia', 'r1', 'HOSTS')], {'label': 'Russia', 'x': 0.0, 'y': -1.0})
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator

import networkx as nx

from graph.export.records import (
    GRAPH_NAME,
    Attributes,
    EdgeRecord,
    NodeRecord,
    Selection,
    adjacency_order,
)
from graph.export.xml_text import block, empty_tag, end_tag, start_tag, text_element

__all__ = ["LIST_SEPARATOR", "XML_DECLARATION", "gexf_pieces", "graphml_pieces"]

LIST_SEPARATOR = "; "
"""What joins a list attribute's items in the XML formats."""

XML_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"

Scalar = str | int | float | bool
_GEXF = "http://www.gexf.net/1.2draft"
_GEXF_ROOT = {
    "xmlns": _GEXF,
    "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "xsi:schemaLocation": f"{_GEXF} {_GEXF}/gexf.xsd",
    "version": "1.2",
}
_GRAPHML = "http://graphml.graphdrawing.org/xmlns"
_GRAPHML_ROOT = {
    "xmlns": _GRAPHML,
    "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "xsi:schemaLocation": f"{_GRAPHML} {_GRAPHML}/1.0/graphml.xsd",
}
_TYPES: dict[type, str] = {str: "string", int: "long", float: "double", bool: "boolean"}


def gexf_pieces(selection: Selection) -> Iterator[str]:
    """GEXF 1.2 with ``viz`` positions, colours and sizes, in pieces.

    The file's ``meta`` records the day it was written (``lastmodifieddate``); everything
    else depends only on ``selection``.

    Parameters
    ----------
    selection : Selection

    Yields
    ------
    str
    """
    today = time.strftime("%Y-%m-%d")
    node_types = _first_types(_gexf_node(node)[1] for node in selection.nodes)
    edge_types = _first_types(_gexf_edge(edge)[1] for edge in adjacency_order(selection))
    ids = {("node", title): str(i) for i, title in enumerate(node_types)}
    ids |= {("edge", title): str(len(ids) + i) for i, title in enumerate(edge_types)}
    viz = {"xmlns:viz": f"{_GEXF}/viz"} if selection.nodes else {}
    yield XML_DECLARATION + start_tag(0, "gexf", viz | _GEXF_ROOT)
    yield start_tag(1, "meta", {"lastmodifieddate": today})
    yield text_element(2, "creator", {}, f"NetworkX {nx.__version__}") + end_tag(1, "meta")
    graph = {"defaultedgetype": "directed", "mode": "static", "name": GRAPH_NAME}
    yield start_tag(1, "graph", graph)
    for scope, types in (("edge", edge_types), ("node", node_types)):
        if types:
            yield start_tag(2, "attributes", {"mode": "static", "class": scope})
            for title, kind in types.items():
                declared = {"id": ids[scope, title], "title": title, "type": kind}
                yield empty_tag(3, "attribute", declared)
            yield end_tag(2, "attributes")
    yield from block(2, "nodes", (_gexf_node_element(node, ids) for node in selection.nodes))
    edges = (_gexf_edge_element(edge, ids) for edge in adjacency_order(selection))
    yield from block(2, "edges", edges)
    yield end_tag(1, "graph") + end_tag(0, "gexf")


def graphml_pieces(selection: Selection) -> Iterator[str]:
    """GraphML with scalar attributes and ``x``, ``y`` positions, in pieces.

    Parameters
    ----------
    selection : Selection

    Yields
    ------
    str
    """
    keys: dict[tuple[str, str, str], str] = {("name", "string", "graph"): "d0"}
    records: Iterable[NodeRecord | EdgeRecord]
    for scope, records in (("node", selection.nodes), ("edge", adjacency_order(selection))):
        for record in records:
            for name, value in _graphml_data(record).items():
                keys.setdefault((name, _TYPES[type(value)], scope), f"d{len(keys)}")
    yield XML_DECLARATION + start_tag(0, "graphml", _GRAPHML_ROOT)
    for (name, kind, scope), key in reversed(keys.items()):
        yield empty_tag(1, "key", {"id": key, "for": scope, "attr.name": name, "attr.type": kind})
    yield start_tag(1, "graph", {"edgedefault": "directed"})
    for node in selection.nodes:
        yield _graphml_element("node", {"id": node.key}, _graphml_data(node), "node", keys)
    for edge in adjacency_order(selection):
        ends = {"source": edge.source, "target": edge.target, "id": edge.id}
        yield _graphml_element("edge", ends, _graphml_data(edge), "edge", keys)
    yield text_element(2, "data", {"key": "d0"}, GRAPH_NAME)
    yield end_tag(1, "graph") + end_tag(0, "graphml")


def _gexf_node(node: NodeRecord) -> tuple[str, dict[str, Scalar]]:
    """The node's label and the attributes GEXF declares (all but the label)."""
    data = _scalars(node.attributes)
    return str(data.pop("label", node.key)), data


def _gexf_edge(edge: EdgeRecord) -> tuple[str | None, dict[str, Scalar]]:
    """The edge's label, if any, and its declared attributes, NetworkX's key the last."""
    data = _scalars(edge.attributes)
    label = data.pop("label", None)
    data["networkx_key"] = edge.id
    return None if label is None else str(label), data


def _gexf_node_element(node: NodeRecord, ids: dict[tuple[str, str], str]) -> str:
    label, data = _gexf_node(node)
    parts = [start_tag(3, "node", {"id": node.key, "label": label})]
    color = _rgba(node)
    if color is not None:
        parts.append(empty_tag(4, "viz:color", color))
    size = node.attributes.get("size")
    if isinstance(size, float | int):
        parts.append(empty_tag(4, "viz:size", {"value": str(size)}))
    position = {"x": str(node.x), "y": str(node.y), "z": "0.0"}
    parts.append(empty_tag(4, "viz:position", position))
    parts.append(_attvalues(data, "node", ids))
    parts.append(end_tag(3, "node"))
    return "".join(parts)


def _gexf_edge_element(edge: EdgeRecord, ids: dict[tuple[str, str], str]) -> str:
    label, data = _gexf_edge(edge)
    head = {"source": edge.source, "target": edge.target, "id": edge.id}
    if label is not None:
        head["label"] = label
    parts = [start_tag(3, "edge", head)]
    color = _rgba(edge)
    if color is not None:
        parts.append(empty_tag(4, "viz:color", color))
    parts.append(_attvalues(data, "edge", ids))
    parts.append(end_tag(3, "edge"))
    return "".join(parts)


def _attvalues(data: dict[str, Scalar], scope: str, ids: dict[tuple[str, str], str]) -> str:
    if not data:
        return ""
    values = "".join(
        empty_tag(5, "attvalue", {"for": ids[scope, title], "value": _gexf_value(value)})
        for title, value in data.items()
    )
    return start_tag(4, "attvalues", {}) + values + end_tag(4, "attvalues")


def _gexf_value(value: Scalar) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    text = str(value)
    if isinstance(value, float):
        return {"inf": "INF", "nan": "NaN", "-inf": "-INF"}.get(text, text)
    return text


def _first_types(datas: Iterable[dict[str, Scalar]]) -> dict[str, str]:
    """Each attribute's GEXF type, from its first value, in the order they first appear."""
    types: dict[str, str] = {}
    for data in datas:
        for title, value in data.items():
            if title not in types:
                types[title] = _TYPES[type(value)]
    return types


def _graphml_data(record: NodeRecord | EdgeRecord) -> dict[str, Scalar]:
    data = _scalars(record.attributes)
    if isinstance(record, NodeRecord):
        data |= {"x": record.x, "y": record.y}
    return data


def _graphml_element(
    tag: str,
    head: dict[str, str],
    data: dict[str, Scalar],
    scope: str,
    keys: dict[tuple[str, str, str], str],
) -> str:
    if not data:
        return empty_tag(2, tag, head)
    values = "".join(
        text_element(3, "data", {"key": keys[name, _TYPES[type(value)], scope]}, str(value))
        for name, value in data.items()
    )
    return start_tag(2, tag, head) + values + end_tag(2, tag)


def _scalars(attributes: Attributes) -> dict[str, Scalar]:
    flat: dict[str, Scalar] = {}
    for name, value in attributes.items():
        if isinstance(value, list):
            if value:
                flat[name] = LIST_SEPARATOR.join(value)
        elif value is not None:
            flat[name] = value
    return flat


def _rgba(record: NodeRecord | EdgeRecord) -> dict[str, str] | None:
    color = record.attributes.get("color")
    if not isinstance(color, str) or len(color) != 7 or not color.startswith("#"):
        return None
    red, green, blue = (str(int(color[i : i + 2], 16)) for i in (1, 3, 5))
    return {"r": red, "g": green, "b": blue, "a": "1.0"}
