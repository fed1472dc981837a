"""The JSON exports: Cytoscape.js elements, the D3 node-link shape, graphology's serialization.

Each takes a :class:`~graph.export.records.Selection` and yields the file's text in pieces, one
node or edge at a time, so that the whole document is never held in memory. Joined, the pieces
are exactly what ``json.dumps(document, ensure_ascii=False)`` writes for the whole document
(the shape NetworkX's ``cytoscape_data`` and ``node_link_data`` give). Every node's id is the
actor key and every edge's id the relationship id, so parallel relationships between one pair
stay apart. Positions are the layout's, y growing upwards.

Examples
--------
>>> from graph.export.records import EdgeRecord, NodeRecord, Selection
>>> chosen = Selection(
...     nodes=(NodeRecord("iran", 0.0, 1.0, {"label": "Iran"}),
...            NodeRecord("russia", 0.0, -1.0, {"label": "Russia"})),
...     edges=(EdgeRecord("r1", "iran", "russia", False, {"relation": "HOSTS"}),),
... )
>>> json.loads("".join(graphology_pieces(chosen)))["edges"]
[{'key': 'r1', 'source': 'iran', 'target': 'russia', 'undirected': False, \
'attributes': {'relation': 'HOSTS'}}]
>>> json.loads("".join(node_link_pieces(chosen)))["links"]
[{'relation': 'HOSTS', 'source': 'iran', 'target': 'russia', 'key': 'r1'}]
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from graph.export.records import GRAPH_NAME, Selection, adjacency_order

__all__ = ["cytoscape_pieces", "graphology_pieces", "node_link_pieces"]

_encode = json.JSONEncoder(ensure_ascii=False).encode
"""``json.dumps(value, ensure_ascii=False)``, without making an encoder per call."""


def cytoscape_pieces(selection: Selection) -> Iterator[str]:
    """Cytoscape.js elements JSON, in the shape :func:`networkx.cytoscape_data` writes.

    Each node's ``data`` has ``id`` (and NetworkX's ``value``) set to the actor key, and a
    ``position`` with ``x`` and ``y``; each edge's ``data`` has ``id`` (and NetworkX's ``key``)
    set to the relationship id, with ``source`` and ``target``. ``cytoscape({elements})``
    loads ``document["elements"]``; :func:`networkx.cytoscape_graph` reads the whole document.

    Parameters
    ----------
    selection : Selection

    Yields
    ------
    str
        Pieces of the document, in order.

    Examples
    --------
    >>> from graph.export.records import NodeRecord, Selection
    >>> chosen = Selection((NodeRecord("iran", 1.5, 2.0, {}),), ())
    >>> json.loads("".join(cytoscape_pieces(chosen)))["elements"]["nodes"]
    [{'data': {'id': 'iran', 'value': 'iran'}, 'position': {'x': 1.5, 'y': 2.0}}]
    """
    yield _head({"data": {"name": GRAPH_NAME}, "directed": True, "multigraph": True})
    yield ', "elements": {"nodes": '
    yield from _array(
        {
            "data": {"id": node.key, "value": node.key, **node.attributes},
            "position": {"x": node.x, "y": node.y},
        }
        for node in selection.nodes
    )
    yield ', "edges": '
    yield from _array(
        {
            "data": {
                "id": edge.id,
                "key": edge.id,
                "source": edge.source,
                "target": edge.target,
                **edge.attributes,
            }
        }
        for edge in selection.edges
    )
    yield "}}"


def node_link_pieces(selection: Selection) -> Iterator[str]:
    """The D3 force shape, as :func:`networkx.node_link_data` writes it with ``edges="links"``.

    Nodes carry ``id`` (the actor key) and the layout's ``x`` and ``y`` (d3-force starts from
    them); links carry ``source``, ``target`` and ``key`` (the relationship id), listed as
    NetworkX lists them (:func:`~graph.export.records.adjacency_order`).
    :func:`networkx.node_link_graph` with ``edges="links"`` reads it back.

    Parameters
    ----------
    selection : Selection

    Yields
    ------
    str

    Examples
    --------
    >>> from graph.export.records import NodeRecord, Selection
    >>> "".join(node_link_pieces(Selection((NodeRecord("iran", 1.5, 2.0, {}),), ())))
    '{"directed": true, "multigraph": true, "graph": {"name": "alliance-graph"}, \
"nodes": [{"x": 1.5, "y": 2.0, "id": "iran"}], "links": []}'
    """
    yield _head({"directed": True, "multigraph": True, "graph": {"name": GRAPH_NAME}})
    yield ', "nodes": '
    yield from _array(
        {"x": node.x, "y": node.y, **node.attributes, "id": node.key} for node in selection.nodes
    )
    yield ', "links": '
    yield from _array(
        {**edge.attributes, "source": edge.source, "target": edge.target, "key": edge.id}
        for edge in adjacency_order(selection)
    )
    yield "}"


def graphology_pieces(selection: Selection) -> Iterator[str]:
    """graphology's serialization of a mixed multigraph, which ``Graph.from`` and Sigma load.

    Nodes carry ``x``, ``y``, ``size``, ``color`` and ``label`` (what Sigma draws) among their
    attributes; symmetric relationships are ``undirected`` edges.

    Parameters
    ----------
    selection : Selection

    Yields
    ------
    str

    Examples
    --------
    >>> from graph.export.records import NodeRecord, Selection
    >>> chosen = Selection((NodeRecord("iran", 1.5, 2.0, {}),), ())
    >>> doc = json.loads("".join(graphology_pieces(chosen)))
    >>> doc["options"], doc["nodes"]
    ({'type': 'mixed', 'multi': True, 'allowSelfLoops': False}, \
[{'key': 'iran', 'attributes': {'x': 1.5, 'y': 2.0}}])
    """
    yield _head(
        {
            "attributes": {"name": GRAPH_NAME},
            "options": {"type": "mixed", "multi": True, "allowSelfLoops": False},
        }
    )
    yield ', "nodes": '
    yield from _array(
        {"key": node.key, "attributes": {"x": node.x, "y": node.y, **node.attributes}}
        for node in selection.nodes
    )
    yield ', "edges": '
    yield from _array(
        {
            "key": edge.id,
            "source": edge.source,
            "target": edge.target,
            "undirected": edge.symmetric,
            "attributes": dict(edge.attributes),
        }
        for edge in selection.edges
    )
    yield "}"


def _head(fields: dict[str, Any]) -> str:
    """The document's opening brace and ``fields``, without the closing brace."""
    return _encode(fields)[:-1]


def _array(items: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A JSON array, one item at a time, separated as ``json.dumps`` separates them."""
    yield "["
    separator = ""
    for item in items:
        yield separator
        yield _encode(item)
        separator = ", "
    yield "]"
