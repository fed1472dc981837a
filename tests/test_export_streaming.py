"""Exports written as they are sent: the same bytes NetworkX wrote whole, several chunks for a
large graph (through a real server), errors before the first byte, and a child whose client
went away killed and its slot given back."""

from __future__ import annotations

import http.client
import io
import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import networkx as nx
import pytest

from benchmarks.generate import generate, generate_dataset
from graph import AllianceGraph
from graph.dataset.seed import build_graph
from graph.export.formats import CHUNK_BYTES, ExportFormat, ExportOptions, open_export
from graph.export.layout import Layout
from graph.export.records import GRAPH_NAME, Selection, select
from graph.export.xml_formats import LIST_SEPARATOR
from graph.model.records import Actor, Evidence, Relationship, Source
from graph.model.vocabulary import ActorKind, Relation


def whole_file(selection: Selection, fmt: ExportFormat) -> bytes:
    """The file as it was written before exports streamed: NetworkX's documents and writers
    over a graph holding the whole selection."""
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph(name=GRAPH_NAME)
    if fmt is ExportFormat.CYTOSCAPE:
        nodes = [
            {
                "data": {"id": n.key, "value": n.key, **n.attributes},
                "position": {"x": n.x, "y": n.y},
            }
            for n in selection.nodes
        ]
        edges = [
            {"data": {"id": e.id, "key": e.id, "source": e.source, "target": e.target,
                      **e.attributes}}
            for e in selection.edges
        ]  # fmt: skip
        document: dict[str, Any] = {
            "data": {"name": GRAPH_NAME},
            "directed": True,
            "multigraph": True,
            "elements": {"nodes": nodes, "edges": edges},
        }
    elif fmt is ExportFormat.GRAPHOLOGY:
        document = {
            "attributes": {"name": GRAPH_NAME},
            "options": {"type": "mixed", "multi": True, "allowSelfLoops": False},
            "nodes": [
                {"key": n.key, "attributes": {"x": n.x, "y": n.y, **n.attributes}}
                for n in selection.nodes
            ],
            "edges": [
                {"key": e.id, "source": e.source, "target": e.target, "undirected": e.symmetric,
                 "attributes": dict(e.attributes)}
                for e in selection.edges
            ],
        }  # fmt: skip
    elif fmt is ExportFormat.NODE_LINK:
        for n in selection.nodes:
            graph.add_node(n.key, x=n.x, y=n.y, **n.attributes)
        for e in selection.edges:
            graph.add_edge(e.source, e.target, key=e.id, **e.attributes)
        document = nx.node_link_data(graph, edges="links")
    else:
        return _whole_xml(graph, selection, fmt)
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def _whole_xml(graph: nx.MultiDiGraph[str], selection: Selection, fmt: ExportFormat) -> bytes:
    def scalars(attributes: dict[str, Any]) -> dict[str, Any]:
        return {
            name: LIST_SEPARATOR.join(value) if isinstance(value, list) else value
            for name, value in attributes.items()
            if value is not None and value != []
        }

    def rgba(color: str) -> dict[str, float]:
        red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
        return {"r": red, "g": green, "b": blue, "a": 1.0}

    for n in selection.nodes:
        if fmt is ExportFormat.GRAPHML:
            graph.add_node(n.key, **scalars(n.attributes), x=n.x, y=n.y)
        else:
            position = {"x": n.x, "y": n.y, "z": 0.0}
            viz = {"position": position, "color": rgba(str(n.attributes["color"]))}
            graph.add_node(n.key, **scalars(n.attributes), viz=viz | {"size": n.attributes["size"]})
    for e in selection.edges:
        if fmt is ExportFormat.GRAPHML:
            graph.add_edge(e.source, e.target, key=e.id, **scalars(e.attributes))
        else:
            viz = {"color": rgba(str(e.attributes["color"]))}
            graph.add_edge(e.source, e.target, key=e.id, id=e.id, **scalars(e.attributes), viz=viz)
    buffer = io.BytesIO()
    (nx.write_graphml if fmt is ExportFormat.GRAPHML else nx.write_gexf)(graph, buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def generated() -> AllianceGraph:
    """A generated graph of 3,000 relationships, with an actor and a source whose texts need
    every escape JSON and XML have."""
    graph = build_graph(generate_dataset(300, 3_000, seed=5), checked=False)
    graph.add_source(Source("odd", 'Pub & <Co> "q"\ttab\nline\r\x85 é ✓'))
    graph.add_actor(Actor("zz-odd", 'Name "&<>"\n\t', ActorKind.STATE, description=""))
    first = sorted(graph.nx.nodes)[0]
    quote = 'quote & <b> "x"\n y\t z ✓'
    graph.add_relationship(
        Relationship("zzz-odd", Relation.HOSTS, "zz-odd", first, (Evidence("odd", quote),))
    )
    return graph


@pytest.mark.parametrize("fmt", list(ExportFormat))
@pytest.mark.parametrize(
    "options",
    [ExportOptions(), ExportOptions(layout=Layout.CIRCULAR, around="us", depth=2)],
    ids=["whole", "around"],
)
def test_the_seed_streams_the_bytes_networkx_wrote_whole(
    seed_graph: AllianceGraph, fmt: ExportFormat, options: ExportOptions
) -> None:
    streamed = b"".join(open_export(seed_graph, fmt, options).chunks)

    assert streamed == whole_file(select(seed_graph, options), fmt)


@pytest.mark.parametrize("fmt", list(ExportFormat))
@pytest.mark.parametrize(
    "options",
    [ExportOptions(layout=Layout.CIRCULAR), ExportOptions(layout=Layout.SHELL, min_confidence=0.5)],
    ids=["circular", "shell-filtered"],
)
def test_a_generated_graph_streams_the_bytes_networkx_wrote_whole(
    generated: AllianceGraph, fmt: ExportFormat, options: ExportOptions
) -> None:
    chunks = list(open_export(generated, fmt, options).chunks)

    assert b"".join(chunks) == whole_file(select(generated, options), fmt)
    assert len(chunks) > 10
    assert all(len(chunk) < 2 * CHUNK_BYTES for chunk in chunks)


def test_the_chunks_are_written_only_as_they_are_read(generated: AllianceGraph) -> None:
    export = open_export(generated, ExportFormat.GRAPHOLOGY, ExportOptions(layout=Layout.SHELL))
    first = next(export.chunks)

    assert first.startswith(b'{"attributes": {"name": "alliance-graph"}')
    assert len(first) < 2 * CHUNK_BYTES


# Through a real server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``alliance-graph serve`` over a generated graph of 3,000 relationships, with one slot
    for exports."""
    seed = tmp_path_factory.mktemp("exports") / "generated.json"
    seed.write_text(json.dumps(generate(300, 3_000, seed=5)), encoding="utf-8")
    argv = [sys.executable, "-m", "schema.cli", "serve", "--host", "127.0.0.1", "--port", "0"]
    process = subprocess.Popen(
        [*argv, "--seed", str(seed), "--heavy-operations", "1", "--max-layout-actors", "100"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        said, deadline = "", time.monotonic() + 60
        while "explorer at" not in said and time.monotonic() < deadline:
            said += process.stderr.readline()
        found = re.search(r"explorer at http://127\.0\.0\.1:(\d+)/", said)
        assert found, said
        yield found.group(1)
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stderr is not None:
            process.stderr.close()


def get(port: str, path: str) -> tuple[http.client.HTTPResponse, http.client.HTTPConnection]:
    connection = http.client.HTTPConnection("127.0.0.1", int(port), timeout=60)
    connection.request("GET", path)
    return connection.getresponse(), connection


def test_a_large_export_arrives_chunked_in_many_reads(server: str) -> None:
    response, connection = get(server, "/export/gexf?layout=shell")
    reads = []
    while block := response.read1(1 << 16):
        reads.append(block)
    connection.close()

    assert response.status == 200
    assert response.getheader("transfer-encoding") == "chunked"
    assert response.getheader("x-layout") == "shell"
    assert len(reads) > 10
    back = nx.read_gexf(io.BytesIO(b"".join(reads)))
    assert back.number_of_edges() == 3_000


def test_an_export_with_no_layout_on_a_graph_above_the_limit_is_circular(server: str) -> None:
    response, connection = get(server, "/export/cytoscape")
    body = response.read()
    connection.close()

    assert response.status == 200
    assert response.getheader("x-layout") == "circular"
    assert len(json.loads(body)["elements"]["edges"]) == 3_000


@pytest.mark.parametrize("layout", ["spring", "kamada-kawai"])
def test_a_force_layout_above_the_limit_is_a_400_before_any_byte(server: str, layout: str) -> None:
    response, connection = get(server, f"/export/graphml?layout={layout}")
    body = json.loads(response.read())
    connection.close()

    assert response.status == 400
    assert response.getheader("content-type") == "application/json"
    error = body["error"]
    assert error["code"] == "LAYOUT_TOO_LARGE"
    assert error["parameter"] == "layout"
    assert "at most 100 actors" in error["message"]
    assert "has 300" in error["message"]
    assert "circular or shell" in error["message"]


def test_a_client_that_goes_away_frees_the_export_slot(server: str) -> None:
    for _ in range(3):  # one slot: each abandoned export must give it back
        response, connection = get(server, "/export/node-link?layout=circular")
        assert response.status == 200
        assert response.read1(1 << 10)
        connection.close()

    response, connection = get(server, "/export/graphology?layout=circular")
    body = response.read()
    connection.close()
    assert response.status == 200
    assert len(json.loads(body)["edges"]) == 3_000
