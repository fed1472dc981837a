"""The requests a hostile probe of a million-relationship graph sent (issue 27), one test each,
on a generated graph CI can afford: each is refused with a clear code, or answered from work
that is bounded, shared and cached on what it depends on."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx2
import pytest
from starlette.testclient import TestClient

from benchmarks.generate import generate
from graph import AllianceGraph, load_seed
from graph.analysis.cache import VersionedCache
from graph.analysis.centrality import CentralityMeasure
from graph.analysis.signed import signed_ties, signed_view
from graph.export.layout import Layout
from schema.http.app import create_app
from schema.http.limits import Limits
from schema.http.response_cache import ResponseCache
from schema.schema import context_for, schema
from tests.builders import random_graph
from tests.hostile import WRITE_HEADERS, server

ACTORS, RELATIONSHIPS = 150, 6_000


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hazards") / "graph.json"
    path.write_text(json.dumps(generate(ACTORS, RELATIONSHIPS, seed=27)), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def graph(dataset: Path) -> AllianceGraph:
    return load_seed(dataset)


def execute(
    graph: AllianceGraph, query: str, cache: VersionedCache, limits: Limits | None = None
) -> dict[str, Any]:
    result = schema.execute_sync(
        query, context_value=context_for(graph, cache=cache, limits=limits or Limits())
    )
    answer: dict[str, Any] = {"data": result.data}
    if result.errors:
        answer["errors"] = [e.formatted for e in result.errors]
    return answer


def codes(answer: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in answer.get("errors", [])]


def hub(graph: AllianceGraph) -> str:
    key: str = max(graph.nx.nodes, key=lambda k: (graph.nx.degree(k), k))
    return key


def test_a_layout_is_computed_once_per_version_and_layout_whatever_the_seed(
    graph: AllianceGraph,
) -> None:
    cache = VersionedCache()
    query = '{ actor(key: "%s") { position(seed: %d) { x y } } }'
    key = hub(graph)
    first = execute(graph, query % (key, 7), cache)
    held = len(cache)
    others = [execute(graph, query % (key, seed), cache) for seed in (8, 9, 42)]

    assert "errors" not in first
    assert all(other == first for other in others)
    assert len(cache) == held  # no layout per seed
    assert cache.get(graph, "layout", (Layout.SPRING,)) is not None


def test_the_seed_of_position_is_deprecated_in_the_schema() -> None:
    actor = schema._schema.type_map["Actor"]
    seed = actor.fields["position"].args["seed"]  # type: ignore[attr-defined]
    assert seed.deprecation_reason is not None
    assert "once per layout" in seed.deprecation_reason


def test_allies_and_adversaries_read_one_actors_ties_as_the_whole_view_has_them() -> None:
    for number in range(30):
        random = random_graph(number)
        view = signed_view(random)
        for key in random.nx.nodes:
            whole = {other: view.edges[key, other]["valence"] for other in sorted(view[key])}
            assert signed_ties(random, key) == whole


def test_allies_of_many_actors_in_a_child_answer_as_on_the_loop(graph: AllianceGraph) -> None:
    query = (
        "{ actors(kind: STATE, first: 10) { edges { node { key allies { key } "
        "adversaries { key } } } } }"
    )
    inline = execute(graph, query, VersionedCache())
    with TestClient(create_app(graph, limits=Limits(heavy_relationships=10))) as client:
        forked = client.post("/graphql", json={"query": query}).json()
    assert "errors" not in inline
    assert forked == inline
    assert any(edge["node"]["allies"] for edge in inline["data"]["actors"]["edges"])


def test_centrality_keeps_one_ranking_whatever_first_is_asked(graph: AllianceGraph) -> None:
    cache = VersionedCache()
    fields = " ".join(
        f"c{n}: centrality(measure: BETWEENNESS, first: {n}) {{ actor {{ key }} score }}"
        for n in range(1, 5)
    )
    answer = execute(graph, f"{{ {fields} }}", cache)
    held = len(cache)
    again = execute(graph, "{ c: centrality(measure: BETWEENNESS, first: 30) { score } }", cache)

    assert "errors" not in answer
    assert "errors" not in again
    data = answer["data"]
    assert all(data[f"c{n}"] == data["c4"][:n] for n in range(1, 5))
    assert len(again["data"]["c"]) == 30
    assert len(cache) == held
    assert cache.get(graph, "centrality", (CentralityMeasure.BETWEENNESS, None)) is not None


def test_thirty_betweenness_aliases_are_refused_before_running(graph: AllianceGraph) -> None:
    fields = " ".join(
        f"c{n}: centrality(measure: BETWEENNESS, first: {n}) {{ score }}" for n in range(1, 31)
    )
    assert codes(execute(graph, f"{{ {fields} }}", VersionedCache())) == ["QUERY_TOO_COSTLY"]


def test_betweenness_past_its_budget_is_stopped_with_analysis_timeout(
    graph: AllianceGraph,
) -> None:
    limits = Limits(analytics_seconds=0.001)
    query = "{ centrality(measure: BETWEENNESS, first: 3) { score } }"
    answer = execute(graph, query, VersionedCache(), limits)
    assert codes(answer) == ["ANALYSIS_TIMEOUT"]
    assert "budget" in answer["errors"][0]["message"]


def test_a_timeline_of_every_relationship_with_evidence_is_refused(graph: AllianceGraph) -> None:
    query = "{ timeline { id relation evidence { quote source { publisher } } } }"
    answer = execute(graph, query, VersionedCache())
    assert answer["data"] is None
    assert codes(answer) == ["LIST_TOO_LONG"]


def test_the_relationships_of_a_hubs_neighbours_are_refused_before_running(
    graph: AllianceGraph,
) -> None:
    query = '{ actor(key: "%s") { relationships { target { relationships { id } } } } }'
    answer = execute(graph, query % hub(graph), VersionedCache())
    assert answer["data"] is None
    assert codes(answer) == ["QUERY_TOO_COSTLY"]


def test_a_costly_query_over_get_is_refused_with_use_post(graph: AllianceGraph) -> None:
    query = "{ centrality(measure: BETWEENNESS, first: 3) { score } }"
    with TestClient(create_app(graph)) as client:
        refused = client.get("/graphql", params={"query": query})
        cheap = client.get("/graphql", params={"query": "{ actors(first: 5) { totalCount } }"})
        posted = client.post("/graphql", json={"query": query})

    [error] = refused.json()["errors"]
    assert error["extensions"]["code"] == "USE_POST"
    assert error["extensions"]["limit"] == Limits().max_get_cost
    assert "POST" in error["message"]
    assert "--max-get-cost" in error["message"]
    assert "errors" not in cheap.json()
    assert "errors" not in posted.json()


def test_the_get_cost_threshold_is_a_limit(graph: AllianceGraph) -> None:
    query = "{ actors(first: 50) { edges { node { key } } } }"
    with TestClient(create_app(graph, limits=Limits(max_get_cost=10))) as client:
        refused = client.get("/graphql", params={"query": query}).json()
    assert codes(refused) == ["USE_POST"]


def test_the_response_cache_evicts_by_bytes() -> None:
    cache = ResponseCache(maxsize=100, max_bytes=1_000)
    for n in range(10):
        cache.put((1, "POST", b"%d" % n, "json"), b"x" * 300, "application/json")
    assert cache.bytes <= 1_000
    assert len(cache) == 3
    assert cache.get((1, "POST", b"9", "json")) is not None
    assert cache.get((1, "POST", b"0", "json")) is None
    cache.put((1, "POST", b"huge", "json"), b"x" * 2_000, "application/json")
    assert cache.get((1, "POST", b"huge", "json")) is None  # larger than the bound: not kept
    assert cache.bytes <= 1_000


def test_queries_differing_in_whitespace_stay_within_the_response_cache_bytes(
    graph: AllianceGraph,
) -> None:
    query = "{ relationships(first: 100) { edges { node { id relation evidence { quote } } } } }"
    with TestClient(create_app(graph, limits=Limits(response_cache_mb=1))) as client:
        sizes = [
            len(client.post("/graphql", json={"query": query + " " * n}).content) for n in range(40)
        ]
        metrics = client.get("/metrics").text
    [held] = [
        float(line.split()[-1])
        for line in metrics.splitlines()
        if line.startswith("alliance_graph_response_cache_bytes ")
    ]
    assert sum(sizes) > 1 << 20  # the answers together are more than the bound
    assert 0 < held <= 1 << 20


@pytest.fixture(scope="module")
def writable(dataset: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("hazards-data") / "graph.sqlite3"
    with server(data, "--seed", str(dataset), "--heavy-operations", "1") as running:
        yield running.base


def test_a_write_completes_while_an_export_is_being_read(writable: str) -> None:
    address = urlsplit(writable)
    connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=60)
    connection.request("GET", "/export/gexf?layout=circular")
    response = connection.getresponse()
    assert response.status == 200
    assert response.read1(1 << 10)  # the export has begun, and waits for its reader
    mutation = 'mutation { updateActor(key: "%s", input: {description: "d"}) { key } }'
    first = httpx2.post(
        f"{writable}/graphql",
        json={"query": "{ actors(first: 1) { edges { node { key } } } }"},
        timeout=10,
    ).json()["data"]["actors"]["edges"][0]["node"]["key"]
    wrote = httpx2.post(
        f"{writable}/graphql",
        json={"query": mutation % first},
        headers=WRITE_HEADERS,
        timeout=10,
    ).json()
    rest = response.read()
    connection.close()

    assert "errors" not in wrote, wrote
    assert rest.endswith(b"</gexf>\n") or rest.rstrip().endswith(b"</gexf>")
