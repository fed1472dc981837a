"""The JSON exports: Cytoscape.js elements, the D3 node-link shape, graphology's serialization.

Each takes a :class:`~graph.export.records.Selection` and returns a JSON-ready ``dict``. Every
node's id is the actor key and every edge's id the relationship id, so parallel relationships
between one pair stay apart. Positions are the layout's, y growing upwards.

Examples
--------
>>> from graph.export.records import EdgeRecord, NodeRecord, Selection
>>> chosen = Selection(
...     nodes=(NodeRecord("iran", 0.0, 1.0, {"label": "Iran"}),
...            NodeRecord("russia", 0.0, -1.0, {"label": "Russia"})),
...     edges=(EdgeRecord("r1", "iran", "russia", False, {"relation": "HOSTS"}),),
... )
>>> graphology_document(chosen)["edges"]
[{'key': 'r1', 'source': 'iran', 'target': 'russia', 'undirected': False, \
'attributes': {'relation': 'HOSTS'}}]
>>> node_link_document(chosen)["links"]
[{'relation': 'HOSTS', 'source': 'iran', 'target': 'russia', 'key': 'r1'}]
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from graph.export.records import GRAPH_NAME, Selection

__all__ = ["cytoscape_document", "graphology_document", "node_link_document"]


def cytoscape_document(selection: Selection) -> dict[str, Any]:
    """Cytoscape.js elements JSON, in the shape :func:`networkx.cytoscape_data` writes.

    Each node's ``data`` has ``id`` (and NetworkX's ``value``) set to the actor key, and a
    ``position`` with ``x`` and ``y``; each edge's ``data`` has ``id`` (and NetworkX's ``key``)
    set to the relationship id, with ``source`` and ``target``. ``cytoscape({elements})``
    loads ``document["elements"]``; :func:`networkx.cytoscape_graph` reads the whole document.

    Parameters
    ----------
    selection : Selection

    Returns
    -------
    dict

    Examples
    --------
    >>> from graph.export.records import NodeRecord, Selection
    >>> doc = cytoscape_document(Selection((NodeRecord("iran", 1.5, 2.0, {}),), ()))
    >>> doc["elements"]["nodes"]
    [{'data': {'id': 'iran', 'value': 'iran'}, 'position': {'x': 1.5, 'y': 2.0}}]
    """
    return {
        "data": {"name": GRAPH_NAME},
        "directed": True,
        "multigraph": True,
        "elements": {
            "nodes": [
                {
                    "data": {"id": node.key, "value": node.key, **node.attributes},
                    "position": {"x": node.x, "y": node.y},
                }
                for node in selection.nodes
            ],
            "edges": [
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
            ],
        },
    }


def node_link_document(selection: Selection) -> dict[str, Any]:
    """The D3 force shape, as :func:`networkx.node_link_data` writes it with ``edges="links"``.

    Nodes carry ``id`` (the actor key) and the layout's ``x`` and ``y`` (d3-force starts from
    them); links carry ``source``, ``target`` and ``key`` (the relationship id).
    :func:`networkx.node_link_graph` with ``edges="links"`` reads it back.

    Parameters
    ----------
    selection : Selection

    Returns
    -------
    dict

    Examples
    --------
    >>> from graph.export.records import NodeRecord, Selection
    >>> node_link_document(Selection((NodeRecord("iran", 1.5, 2.0, {}),), ()))
    {'directed': True, 'multigraph': True, 'graph': {'name': 'alliance-graph'}, \
'nodes': [{'x': 1.5, 'y': 2.0, 'id': 'iran'}], 'links': []}
    """
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph(name=GRAPH_NAME)
    for node in selection.nodes:
        graph.add_node(node.key, x=node.x, y=node.y, **node.attributes)
    for edge in selection.edges:
        graph.add_edge(edge.source, edge.target, key=edge.id, **edge.attributes)
    return nx.node_link_data(graph, edges="links")


def graphology_document(selection: Selection) -> dict[str, Any]:
    """graphology's serialization of a mixed multigraph, which ``Graph.from`` and Sigma load.

    Nodes carry ``x``, ``y``, ``size``, ``color`` and ``label`` (what Sigma draws) among their
    attributes; symmetric relationships are ``undirected`` edges.

    Parameters
    ----------
    selection : Selection

    Returns
    -------
    dict

    Examples
    --------
    >>> from graph.export.records import NodeRecord, Selection
    >>> doc = graphology_document(Selection((NodeRecord("iran", 1.5, 2.0, {}),), ()))
    >>> doc["options"], doc["nodes"]
    ({'type': 'mixed', 'multi': True, 'allowSelfLoops': False}, \
[{'key': 'iran', 'attributes': {'x': 1.5, 'y': 2.0}}])
    """
    return {
        "attributes": {"name": GRAPH_NAME},
        "options": {"type": "mixed", "multi": True, "allowSelfLoops": False},
        "nodes": [
            {"key": node.key, "attributes": {"x": node.x, "y": node.y, **node.attributes}}
            for node in selection.nodes
        ],
        "edges": [
            {
                "key": edge.id,
                "source": edge.source,
                "target": edge.target,
                "undirected": edge.symmetric,
                "attributes": dict(edge.attributes),
            }
            for edge in selection.edges
        ],
    }
