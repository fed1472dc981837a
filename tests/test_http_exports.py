from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import nullcontext

import networkx as nx
import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from graph import AllianceGraph
from graph.export.formats import ExportFormat, ExportOptions
from graph.export.layout import Layout
from graph.model.errors import GraphError
from graph.model.records import Actor
from graph.model.vocabulary import ActorKind, Relation
from schema.http.exports import export_routes, parse_export_options, parse_format


@pytest.fixture
def exports(seed_graph: AllianceGraph) -> Iterator[TestClient]:
    with TestClient(
        Starlette(routes=export_routes(lambda: nullcontext(seed_graph)))
    ) as test_client:
        yield test_client


@pytest.mark.parametrize(
    ("fmt", "content_type", "filename"),
    [
        ("cytoscape", "application/json", "alliance-graph.cyjs"),
        ("node-link", "application/json", "alliance-graph.node-link.json"),
        ("graphology", "application/json", "alliance-graph.graphology.json"),
        ("gexf", "application/gexf+xml", "alliance-graph.gexf"),
        ("graphml", "application/graphml+xml", "alliance-graph.graphml"),
    ],
)
def test_each_format_downloads_with_its_content_type_and_file_name(
    exports: TestClient, fmt: str, content_type: str, filename: str
) -> None:
    response = exports.get(f"/export/{fmt}")

    assert response.status_code == 200
    assert response.headers["content-type"] == content_type
    assert response.headers["content-disposition"] == f'attachment; filename="{filename}"'
    assert response.headers["etag"].startswith('"')


def test_a_gexf_download_reads_back_whole(exports: TestClient, seed_graph: AllianceGraph) -> None:
    back = nx.read_gexf(io.BytesIO(exports.get("/export/gexf").content))

    assert back.number_of_nodes() == len(seed_graph.actors())
    assert back.number_of_edges() == len(seed_graph)


def test_query_parameters_filter_the_export(exports: TestClient) -> None:
    response = exports.get(
        "/export/graphology",
        params=[("asOf", "2016-08-16"), ("relation", "attacks,opposes"), ("relation", "MEETS")],
    )

    relations = {e["attributes"]["relation"] for e in response.json()["edges"]}
    assert relations == {"ATTACKS", "OPPOSES", "MEETS"}


def test_around_and_depth_export_a_neighbourhood(exports: TestClient) -> None:
    response = exports.get("/export/cytoscape", params={"around": "us", "depth": "1"})

    nodes = response.json()["elements"]["nodes"]
    assert [n["data"]["id"] for n in nodes] == ["russia", "us"]


def test_layout_and_seed_choose_the_positions(exports: TestClient) -> None:
    def positions(**params: str) -> list[dict[str, float]]:
        doc = exports.get("/export/cytoscape", params=params).json()
        return [n["position"] for n in doc["elements"]["nodes"]]

    assert positions(seed="1") == positions(seed="1")
    assert positions(seed="1") != positions(seed="2")
    assert positions(layout="circular", seed="1") == positions(layout="circular", seed="2")


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("asOf=yesterday", "asOf"),
        ("asOf=2016-02-30", "asOf"),
        ("asOf=20160816", "asOf"),
        ("asOf=2016-08-01&asOf=2016-08-02", "asOf"),
        ("relation=LIKES", "relation"),
        ("relation=", "relation"),
        ("valence=friendly", "valence"),
        ("minConfidence=high", "minConfidence"),
        ("minConfidence=2", "minConfidence"),
        ("minConfidence=nan", "minConfidence"),
        ("includeClaims=maybe", "includeClaims"),
        ("around=", "around"),
        ("around=atlantis", "around"),
        ("around=us&depth=9", "depth"),
        ("around=us&depth=two", "depth"),
        ("depth=2", "depth"),
        ("layout=random", "layout"),
        ("seed=-1", "seed"),
        ("seed=1e9", "seed"),
        ("seed=99999999999999999999999", "seed"),
        ("as_of=2016-08-16", "as_of"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(
    exports: TestClient, query: str, parameter: str
) -> None:
    response = exports.get(f"/export/gexf?{query}")

    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    error = response.json()["error"]
    assert error["parameter"] == parameter
    assert error["message"]
    assert error["code"] in {
        "BAD_USER_INPUT",
        "INVALID_INPUT",
        "UNKNOWN_ACTOR",
        "UNKNOWN_PARAMETER",
    }


def test_an_unknown_actor_around_is_reported_by_key(exports: TestClient) -> None:
    error = exports.get("/export/graphml?around=atlantis").json()["error"]

    assert error == {
        "message": "unknown actor key 'atlantis'",
        "code": "UNKNOWN_ACTOR",
        "parameter": "around",
    }


def test_an_unknown_format_is_a_404_listing_the_formats(exports: TestClient) -> None:
    response = exports.get("/export/pdf")

    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "UNKNOWN_FORMAT"
    assert error["parameter"] == "format"
    assert [f["format"] for f in error["formats"]] == [f.value for f in ExportFormat]


def test_export_lists_the_formats(exports: TestClient) -> None:
    formats = exports.get("/export").json()["formats"]

    assert formats[3] == {
        "format": "gexf",
        "contentType": "application/gexf+xml",
        "path": "/export/gexf",
    }


@pytest.mark.parametrize(
    "query",
    ["%00=%ff", "relation=%00", "around=%ff%fe", "seed=" + "9" * 5000, "minConfidence=-inf"],
)
def test_garbage_parameters_never_cause_a_server_error(exports: TestClient, query: str) -> None:
    response = exports.get(f"/export/node-link?{query}")

    assert response.status_code == 400


def test_an_unchanged_export_answers_304_to_its_etag(exports: TestClient) -> None:
    etag = exports.get("/export/graphology").headers["etag"]

    response = exports.get("/export/graphology", headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response.content == b""


def test_an_export_follows_changes_to_the_graph() -> None:
    graph = AllianceGraph()
    graph.add_actor(Actor("iran", "Iran", ActorKind.STATE))
    app = Starlette(routes=export_routes(lambda: nullcontext(graph)))
    with TestClient(app) as client:
        first = client.get("/export/node-link")
        assert client.get("/export/node-link").content == first.content

        graph.add_actor(Actor("iraq", "Iraq", ActorKind.STATE))
        second = client.get("/export/node-link")

    assert [n["id"] for n in first.json()["nodes"]] == ["iran"]
    assert [n["id"] for n in second.json()["nodes"]] == ["iran", "iraq"]
    assert first.headers["etag"] != second.headers["etag"]


def test_the_cli_can_parse_the_same_parameters() -> None:
    options = parse_export_options(
        {"asOf": "2016-08-16", "relation": ["MEETS", "attacks"], "layout": "KAMADA_KAWAI"}
    )

    assert parse_format("GEXF") is ExportFormat.GEXF
    assert options.relations == frozenset({Relation.MEETS, Relation.ATTACKS})
    assert options.layout is Layout.KAMADA_KAWAI
    assert parse_export_options({}) == ExportOptions()
    with pytest.raises(GraphError) as raised:
        parse_export_options({"minConfidence": "1.5"})
    assert raised.value.field == "minConfidence"
