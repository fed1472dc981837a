"""Heavy operations run in forked children: cheap requests do not wait for them, an analysis
past its budget is stopped with its CPU, and the answers are those the loop would give."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

import httpx2
import pytest
from starlette.testclient import TestClient

from benchmarks.generate import generate
from benchmarks.stalls import cpu_seconds
from graph import AllianceGraph, load_seed
from graph.analysis.cache import VersionedCache
from schema.http.app import create_app
from schema.http.children import Children
from schema.http.heavy import HeavyOperations
from schema.http.limits import Limits
from schema.schema import context_for, schema
from tests.servers import running_server

BETWEENNESS = "{ centrality(measure: BETWEENNESS, first: 3) { actor { key } score } }"
CHEAP = '{ actor(key: "%s") { name } }'


@pytest.fixture(scope="module")
def big_seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated graph on which betweenness takes seconds (it samples sources beyond a
    fixed amount of work, so its cost stops growing with the graph past this size)."""
    path = tmp_path_factory.mktemp("heavy") / "big.json"
    path.write_text(json.dumps(generate(2_000, 40_000, seed=7)), encoding="utf-8")
    return path


def _graphql(base: str, query: str, timeout: float = 120) -> dict[str, Any]:
    answer: dict[str, Any] = httpx2.post(
        f"{base}/graphql", json={"query": query}, timeout=timeout
    ).json()
    return answer


def _in_background(base: str, query: str) -> tuple[threading.Thread, list[tuple[float, Any]]]:
    done: list[tuple[float, Any]] = []

    def ask() -> None:
        start = time.monotonic()
        body = _graphql(base, query)
        done.append((time.monotonic() - start, body))

    thread = threading.Thread(target=ask)
    thread.start()
    return thread, done


def _first_actor(base: str) -> str:
    answer = _graphql(base, "{ actors(first: 1) { edges { node { key } } } }")
    key: str = answer["data"]["actors"]["edges"][0]["node"]["key"]
    return key


def test_cheap_requests_answer_promptly_while_a_heavy_query_runs(big_seed: Path) -> None:
    with running_server("--seed", str(big_seed), "--analytics-seconds", "120") as base:
        key = _first_actor(base)
        heavy, done = _in_background(base, BETWEENNESS)
        waits = []
        while not done:
            start = time.monotonic()
            assert httpx2.get(f"{base}/healthz", timeout=30).status_code == 200
            assert "errors" not in _graphql(base, CHEAP % key, timeout=30)
            waits.append(time.monotonic() - start)
            time.sleep(0.05)
        heavy.join()
        seconds, body = done[0]
    assert "errors" not in body
    assert len(body["data"]["centrality"]) == 3
    assert seconds > 1.5, "betweenness was too quick to show anything"
    assert len(waits) > 5
    assert max(waits) < 1.0, f"cheap requests waited up to {max(waits):.2f} s"


def test_an_analysis_past_its_budget_is_refused_and_its_cpu_freed(big_seed: Path) -> None:
    budget = 0.5
    with running_server("--seed", str(big_seed), "--analytics-seconds", str(budget)) as base:
        pid = httpx2.get(f"{base}/healthz", timeout=30).json()["process"]
        start = time.monotonic()
        body = _graphql(base, BETWEENNESS)
        refused_after = time.monotonic() - start
        [error] = body["errors"]
        assert error["extensions"]["code"] == "ANALYSIS_TIMEOUT"
        assert refused_after < 2 * budget + 1.0
        before = cpu_seconds(pid)
        time.sleep(1.0)
        assert cpu_seconds(pid) - before < 0.3, "the computation went on after its refusal"
        start = time.monotonic()  # the refusal is remembered: asked again, refused at once
        again = _graphql(base, BETWEENNESS)
        assert again["errors"][0]["extensions"]["code"] == "ANALYSIS_TIMEOUT"
        assert time.monotonic() - start < budget


def _children_of(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(child) for child in task.read_text(encoding="ascii").split()]
    return found


def test_a_child_killed_from_outside_is_an_internal_error_and_the_server_serves_on(
    big_seed: Path,
) -> None:
    with running_server("--seed", str(big_seed), "--analytics-seconds", "120") as base:
        pid = httpx2.get(f"{base}/healthz", timeout=30).json()["process"]
        heavy, done = _in_background(base, BETWEENNESS)
        deadline = time.monotonic() + 30
        while not (children := _children_of(pid)) and time.monotonic() < deadline:
            time.sleep(0.02)
        for child in children:
            os.kill(child, signal.SIGKILL)
        heavy.join()
        [error] = done[0][1]["errors"]
        assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
        assert httpx2.get(f"{base}/healthz", timeout=30).status_code == 200
        assert _children_of(pid) == []  # reaped: no zombie left behind


HEAVY_QUERIES = [
    "{ balance { triangles balanced ratio frustration unbalancedTriangles { actors { key } } } }",
    "{ blocs { members { key } anchor { key } cooperativeTies hostileTies } }",
    "{ centrality(measure: EIGENVECTOR, first: 5) { actor { key } score } }",
    '{ stanceMatrix(keys: ["iran", "russia", "isis"]) { cells { a { key } b { key } stance } } }',
    "{ timeline { id date relation } }",
    '{ neighborhood(key: "iran", depth: 2) { actorCount relationships { id } } }',
    '{ actor(key: "iran") { inferred { actor { key } stance } } }',
    '{ neighborhood(key: "atlantis") { actorCount } }',
    "{ balance(minConfidence: 2) { ratio } }",
]


@pytest.fixture(scope="module")
def forking() -> Iterator[TestClient]:
    """An app that does every heavy field's work in a child, even on the little seed graph."""
    app = create_app(load_seed(), limits=Limits(heavy_relationships=1))
    with TestClient(app) as test_client:
        yield test_client


@pytest.mark.parametrize("query", HEAVY_QUERIES)
def test_a_heavy_query_answers_what_the_loop_would_answer(
    forking: TestClient, seed_graph: AllianceGraph, query: str
) -> None:
    inline = schema.execute_sync(query, context_value=context_for(seed_graph))
    expected: dict[str, Any] = {"data": inline.data}
    if inline.errors:
        expected["errors"] = [
            {key: value for key, value in error.formatted.items() if key != "extensions"}
            for error in inline.errors
        ]
    body = forking.post("/graphql", json={"query": query}).json()
    for error in body.get("errors", []):
        assert error.pop("extensions")["code"]
    assert body == expected


def _executed(graph: AllianceGraph, query: str, limits: Limits) -> tuple[int, VersionedCache]:
    """How many children ``query`` forked, and the cache it left, run as the app runs it."""
    forks: list[AllianceGraph] = []

    def reading() -> AbstractContextManager[AllianceGraph]:
        forks.append(graph)
        return nullcontext(graph)

    cache = VersionedCache()
    heavy = HeavyOperations(Children(1), reading)
    context = context_for(graph, cache=cache, heavy=heavy, limits=limits)
    result = asyncio.run(schema.execute(query, context_value=context))
    assert result.errors is None, result.errors
    return len(forks), cache


def test_work_over_few_relationships_or_in_the_cache_stays_on_the_event_loop() -> None:
    graph = load_seed()  # 33 relationships
    query = '{ balance { ratio } neighborhood(key: "iran") { actorCount } timeline { id } }'
    assert _executed(graph, query, Limits(heavy_relationships=40))[0] == 0
    assert _executed(graph, query, Limits(heavy_relationships=30))[0] == 1


def test_what_a_child_computed_is_kept_in_the_servers_cache_unless_it_holds_the_graph() -> None:
    graph = load_seed()
    query = '{ balance { ratio } neighborhood(key: "iran") { actorCount } }'
    forks, cache = _executed(graph, query, Limits(heavy_relationships=1))
    assert forks == 1
    report = cache.get(graph, "balance", (None, True, None))
    assert getattr(report, "ratio", None) == 1.0
    assert cache.get(graph, "neighborhood", ("iran", 1, None, None)) is None  # reads the graph


def test_exports_are_made_in_a_child_and_kept(forking: TestClient) -> None:
    first = forking.get("/export/graphml")
    assert first.status_code == 200
    again = forking.get("/export/graphml", headers={"if-none-match": first.headers["etag"]})
    assert again.status_code == 304


def test_a_neighbourhood_deeper_than_allowed_is_refused_at_once(client: TestClient) -> None:
    query = '{ neighborhood(key: "iran", depth: 2000000000) { actorCount } }'
    start = time.monotonic()
    [error] = client.post("/graphql", json={"query": query}).json()["errors"]
    assert error["extensions"]["code"] == "INVALID_INPUT"
    assert time.monotonic() - start < 5
