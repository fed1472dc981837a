"""``GET /metrics``: counters that move with what the server does, gauges read when scraped,
and, under ``--workers``, the sum over every worker whichever one is scraped."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import httpx2
import pytest
from prometheus_client.parser import text_string_to_metric_families
from starlette.testclient import TestClient

from graph import load_dataset, load_seed, seed_path
from graph.persistence.editor import Editor
from graph.persistence.opening import open_storage
from schema.http.app import create_app
from schema.http.counters import safely
from schema.http.limits import Limits
from tests.servers import running_server
from tests.writes import ANN, gql, writable_app

ACTOR = "query ($k: String!) { actor(key: $k) { name } }"
CREATE = "mutation ($k: String!) { createActor(input: {key: $k, name: $k, kind: STATE}) { key } }"
SUBSCRIBE = "subscription { graphChanged { version } }"


def scrape(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample of an exposition, by name and labels, as a Prometheus server reads it."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(text: str, name: str, **labels: str) -> float:
    return scrape(text).get((name, frozenset(labels.items())), 0.0)


def metrics(client: TestClient) -> str:
    response = client.get("/metrics")
    assert response.status_code == 200
    return response.text


def test_metrics_answer_in_the_prometheus_text_format(client: TestClient) -> None:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    names = {family.name for family in text_string_to_metric_families(response.text)}
    assert {
        "alliance_graph_requests",
        "alliance_graph_request_duration_seconds",
        "alliance_graph_errors",
        "alliance_graph_writes",
        "alliance_graph_analysis_timeouts",
        "alliance_graph_version",
        "alliance_graph_replica_lag",
        "alliance_graph_subscribers",
    } <= names
    assert "# TYPE alliance_graph_request_duration_seconds histogram" in response.text


def test_a_query_is_counted_and_timed_under_query(client: TestClient) -> None:
    before = metrics(client)
    variables = {"k": "iran"}
    for _ in range(3):  # the second and third are answered from the response cache
        client.post("/graphql", json={"query": ACTOR, "variables": variables})
    client.get("/graphql", params={"query": "{ graphVersion }"})
    after = metrics(client)
    for name in ("alliance_graph_requests_total", "alliance_graph_request_duration_seconds_count"):
        moved = value(after, name, operation="query") - value(before, name, operation="query")
        assert moved == 4, name
    fast = "alliance_graph_request_duration_seconds_bucket"
    assert value(after, fast, operation="query", le="+Inf") >= 4


def test_other_routes_are_counted_by_route_never_by_path(client: TestClient) -> None:
    before = metrics(client)
    client.get("/healthz")
    client.get("/export/cytoscape")
    client.get("/no/such/page")
    client.get("/no/such/other/page")
    after = metrics(client)
    for operation, times in (("healthz", 1), ("export", 1), ("other", 2)):
        moved = value(after, "alliance_graph_requests_total", operation=operation) - value(
            before, "alliance_graph_requests_total", operation=operation
        )
        assert moved == times, operation
    assert "/no/such" not in after


def test_errors_are_counted_by_their_code(client: TestClient) -> None:
    before = metrics(client)
    client.post("/graphql", json={"query": "{ actor(key: "})
    client.post("/graphql", json={"query": ACTOR, "variables": {"k": 1}})
    client.post("/graphql", json={"query": ACTOR, "variables": {"k": "atlantis"}})
    after = metrics(client)
    for code in ("GRAPHQL_PARSE_FAILED", "BAD_USER_INPUT"):
        moved = value(after, "alliance_graph_errors_total", code=code) - value(
            before, "alliance_graph_errors_total", code=code
        )
        assert moved == 1, code
    # A document that does not parse is no operation of any type.
    assert value(after, "alliance_graph_requests_total", operation="graphql") >= 1


def test_refusals_before_graphql_are_counted_by_their_code(tmp_path: Path) -> None:
    editor = Editor.open(open_storage(tmp_path / "g.sqlite3", load_dataset(seed_path())))
    limits = Limits(max_body_bytes=200, max_version_wait=0.01)
    try:
        with TestClient(create_app(editor, limits=limits)) as client:
            before = metrics(client)
            assert client.post("/graphql", content=b"x" * 500).status_code == 413
            late = client.get("/healthz", headers={"x-min-graph-version": "99"})
            assert late.status_code == 503
            after = metrics(client)
    finally:
        editor.close()
    for code in ("BODY_TOO_LARGE", "VERSION_NOT_REACHED"):
        moved = value(after, "alliance_graph_errors_total", code=code) - value(
            before, "alliance_graph_errors_total", code=code
        )
        assert moved == 1, code


def test_a_mutation_is_counted_as_a_write_and_the_version_gauge_follows(tmp_path: Path) -> None:
    with writable_app(tmp_path / "g.sqlite3") as (client, _):
        before = metrics(client)
        assert value(before, "alliance_graph_version") == 1
        body = gql(client, CREATE, ANN, k="wakanda")
        assert "errors" not in body, body
        refused = gql(client, CREATE, ANN, k="wakanda")  # taken: an error, and no write
        assert refused["errors"]
        after = metrics(client)
    assert value(after, "alliance_graph_version") == 2
    assert value(after, "alliance_graph_replica_lag") == 0
    assert value(after, "alliance_graph_writes_total") - value(
        before, "alliance_graph_writes_total"
    ) == pytest.approx(1)
    moved = value(after, "alliance_graph_requests_total", operation="mutation") - value(
        before, "alliance_graph_requests_total", operation="mutation"
    )
    assert moved == 2


def test_a_subscription_is_counted_and_the_subscribers_gauge_follows(tmp_path: Path) -> None:
    with writable_app(tmp_path / "g.sqlite3") as (client, _):
        before = metrics(client)
        with client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
            ws.send_json({"type": "connection_init"})
            assert ws.receive_json() == {"type": "connection_ack"}
            ws.send_json({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE}})
            deadline = time.monotonic() + 10
            while value(metrics(client), "alliance_graph_subscribers") < 1:
                assert time.monotonic() < deadline, "the subscription never opened"
                time.sleep(0.01)
            during = metrics(client)
        moved = value(during, "alliance_graph_requests_total", operation="subscription") - value(
            before, "alliance_graph_requests_total", operation="subscription"
        )
        assert moved == 1


def test_analyses_refused_for_their_time_budget_are_counted_by_analysis() -> None:
    limits = Limits(analytics_seconds=1e-9)
    with TestClient(create_app(load_seed(), limits=limits)) as client:
        before = metrics(client)
        for _ in range(2):  # run past the budget, then refused at once: two refusals
            reply = client.post("/graphql", json={"query": "{ balance { triangles } }"}).json()
            [error] = reply["errors"]
            assert error["extensions"]["code"] == "ANALYSIS_TIMEOUT"
        after = metrics(client)
    timeouts = "alliance_graph_analysis_timeouts_total"
    moved = value(after, timeouts, field="balance") - value(before, timeouts, field="balance")
    assert moved == 2
    errors = "alliance_graph_errors_total"
    code = "ANALYSIS_TIMEOUT"
    assert value(after, errors, code=code) - value(before, errors, code=code) == 2


def test_a_metric_that_cannot_be_written_is_logged_and_the_caller_goes_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken() -> None:
        raise OSError("no space left on device")

    with caplog.at_level(logging.WARNING, logger="alliance_graph"):
        safely(broken)()  # returns: counting never fails the request that counts
    assert "a metric could not be written" in caplog.text


def scrape_a_worker(base: str) -> tuple[int, str]:
    """The pid of the worker a new connection reached, and its /metrics (it counts the
    /healthz asked for the pid)."""
    with httpx2.Client(base_url=base, timeout=10) as http:  # one connection: one worker
        pid = int(http.get("/healthz").json()["process"])
        return pid, http.get("/metrics").text


def test_any_worker_reports_the_sum_over_all_workers(tmp_path: Path) -> None:
    data = str(tmp_path / "g.sqlite3")
    healthz = {"operation": "healthz"}
    with running_server("--data", data, "--workers", "2", "--token", "ann=ann-secret") as base:
        deadline = time.monotonic() + 60
        _, before = scrape_a_worker(base)
        answered: dict[int, int] = {}
        while len(answered) < 2:  # a new connection each time: either worker answers
            assert time.monotonic() < deadline, "the requests never reached both workers"
            pid = int(httpx2.get(f"{base}/healthz", timeout=10).json()["process"])
            answered[pid] = answered.get(pid, 0) + 1
        wrote = httpx2.post(
            f"{base}/graphql",
            json={"query": CREATE, "variables": {"k": "wakanda"}},
            headers=ANN,
            timeout=10,
        )
        assert wrote.json() == {"data": {"createActor": {"key": "wakanda"}}}

        scrapes: list[tuple[int, str]] = []
        while {pid for pid, _ in scrapes} != set(answered) or any(
            value(scrapes[-1][1], "alliance_graph_version", pid=str(pid)) < 2 for pid in answered
        ):
            assert time.monotonic() < deadline, f"scraped: {[pid for pid, _ in scrapes]}"
            scrapes.append(scrape_a_worker(base))
            time.sleep(0.05)

    base_count = value(before, "alliance_graph_requests_total", **healthz)
    for done, (pid, text) in enumerate(scrapes, start=1):
        counted = value(text, "alliance_graph_requests_total", **healthz) - base_count
        assert counted == sum(answered.values()) + done, (pid, done)
        assert value(text, "alliance_graph_writes_total") == 1, pid
        assert value(text, "alliance_graph_requests_total", operation="mutation") == 1, pid
    last = scrapes[-1][1]
    # Each live worker's gauges, under its pid.
    for pid in answered:
        assert value(last, "alliance_graph_version", pid=str(pid)) == 2
        assert value(last, "alliance_graph_replica_lag", pid=str(pid)) == 0
