"""Whole-graph layouts computed in the background (issue 27): ``Actor.position`` answers
``LAYOUT_PENDING`` at once until the layout of the graph version is ready, each layout is
computed once per version, a write starts it again, and exports reuse a ready one.

``--heavy-relationships 1`` makes the little seed graph "large", so its layouts go to a child.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from graph import load_seed
from graph.export.formats import ExportFormat, ExportOptions, export_graph
from graph.export.layout import Layout
from schema.http.app import create_app
from schema.http.limits import Limits
from tests.writes import ANN, TOKENS, open_editor

POSITION = (
    'query P($layout: Layout) { actor(key: "russia") { name position(layout: $layout) { x y } } }'
)
INFERRED_FIRST = (
    'query P($layout: Layout) { actor(key: "russia") { inferred { stance } '
    "position(layout: $layout) { x y } } }"
)


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(create_app(load_seed(), limits=Limits(heavy_relationships=1))) as client:
        yield client


def ask(client: TestClient, layout: str, query: str = POSITION) -> tuple[dict[str, Any], float]:
    started = time.perf_counter()
    body: dict[str, Any] = client.post(
        "/graphql", json={"query": query, "variables": {"layout": layout}}
    ).json()
    return body, time.perf_counter() - started


def until_ready(client: TestClient, layout: str, query: str = POSITION) -> dict[str, Any]:
    """Ask every 50 ms until the answer has no error; every answer comes at once."""
    for _ in range(400):
        body, took = ask(client, layout, query)
        assert took < 1.0, "a request waited for the layout"
        if "errors" not in body:
            return body
        assert [e["extensions"]["code"] for e in body["errors"]] == ["LAYOUT_PENDING"]
        time.sleep(0.05)
    raise AssertionError(f"the {layout} layout never became ready")


def computed(client: TestClient, layout: str) -> float:
    text = client.get("/metrics").text
    found = re.search(
        rf'^alliance_graph_layouts_computed_total{{layout="{layout}"}} (\S+)$', text, re.M
    )
    return float(found.group(1)) if found else 0.0


def test_position_is_pending_at_once_then_ready(client: TestClient) -> None:
    body, took = ask(client, "SPRING")

    assert took < 1.0
    assert body["data"] == {"actor": {"name": "Russia", "position": None}}
    (error,) = body["errors"]
    assert error["path"] == ["actor", "position"]
    assert error["extensions"] == {
        "code": "LAYOUT_PENDING",
        "field": "layout",
        "layout": "SPRING",
        "retryAfterSeconds": 1,
    }
    ready = until_ready(client, "SPRING")
    assert ready == {"data": {"actor": {"name": "Russia", "position": {"x": 8.9, "y": -85.15}}}}


def test_a_layout_is_computed_once_per_version_and_layout(client: TestClient) -> None:
    before = computed(client, "circular"), computed(client, "shell")
    for _ in range(5):  # the same layout asked while it is being computed
        ask(client, "CIRCULAR")
    until_ready(client, "CIRCULAR")
    for _ in range(5):
        ask(client, "CIRCULAR")

    assert computed(client, "circular") == before[0] + 1
    assert computed(client, "shell") == before[1]  # each layout apart


def test_a_layout_wanted_by_an_operation_run_in_a_child_is_started_by_the_server(
    client: TestClient,
) -> None:
    # inferred sends the operation to a child before position is resolved on the loop.
    body, _ = ask(client, "SHELL", INFERRED_FIRST)
    assert [e["extensions"]["code"] for e in body["errors"]] == ["LAYOUT_PENDING"]
    assert body["data"]["actor"]["inferred"]

    ready = until_ready(client, "SHELL", INFERRED_FIRST)
    assert set(ready["data"]["actor"]["position"]) == {"x", "y"}


CREATE = 'mutation { createActor(input: {key: "atlantis", name: "Atlantis", kind: STATE}) { key } }'


def test_a_write_makes_the_next_request_start_the_layout_again(tmp_path: Path) -> None:
    editor = open_editor(tmp_path / "g.sqlite3")
    app = create_app(editor, tokens=TOKENS, limits=Limits(heavy_relationships=1))
    with TestClient(app) as client:
        until_ready(client, "CIRCULAR")
        before = computed(client, "circular")
        added = client.post("/graphql", json={"query": CREATE}, headers=ANN).json()
        assert "errors" not in added, added

        body, _ = ask(client, "CIRCULAR")
        assert [e["extensions"]["code"] for e in body["errors"]] == ["LAYOUT_PENDING"]
        until_ready(client, "CIRCULAR")
        assert computed(client, "circular") == before + 1
    editor.close()


def test_a_force_layout_above_the_limit_is_refused_at_once_not_pending() -> None:
    limits = Limits(heavy_relationships=1, max_layout_actors=5)
    with TestClient(create_app(load_seed(), limits=limits)) as client:
        body, _ = ask(client, "SPRING")
        assert [e["extensions"]["code"] for e in body["errors"]] == ["LAYOUT_TOO_LARGE"]
        again, _ = ask(client, "SPRING")
        assert again == body  # refused again, never pending: nothing was started


def test_an_export_reuses_a_ready_layout_and_writes_the_same_file(client: TestClient) -> None:
    first = client.get("/export/node-link?layout=circular")
    assert first.headers["x-layout-source"] == "computed"  # not ready yet: computed for it
    until_ready(client, "CIRCULAR")

    for fmt in ("node-link", "gexf", "cytoscape"):
        again = client.get(f"/export/{fmt}?layout=circular")
        assert again.headers["x-layout-source"] == "reused"
    same = client.get("/export/node-link?layout=circular")
    assert same.content == first.content
    expected = export_graph(
        load_seed(), ExportFormat.NODE_LINK, ExportOptions(layout=Layout.CIRCULAR)
    )
    assert same.content == expected


def test_an_export_with_a_filter_or_another_seed_computes_its_own_layout(
    client: TestClient,
) -> None:
    until_ready(client, "SPRING")
    assert client.get("/export/gexf").headers["x-layout-source"] == "reused"  # default: spring
    for query in ("seed=7", "valence=HOSTILE", "around=iran", "layout=shell"):
        assert client.get(f"/export/gexf?{query}").headers["x-layout-source"] == "computed"
