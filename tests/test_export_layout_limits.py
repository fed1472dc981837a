"""Force-directed layouts above ``--max-layout-actors``: refused by name in ``/export``,
``Actor.position`` and the CLI, and never the default; the CLI's file is unchanged."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from graph import AllianceGraph
from graph.export.formats import ExportFormat, ExportOptions, export_graph
from graph.export.layout import Layout, LayoutTooLarge, compute_layout, default_layout
from schema.cli import main
from schema.http.app import create_app
from schema.http.limits import Limits

POSITION = """
query P($layout: Layout) { actor(key: "russia") { position(layout: $layout) { x y } } }
"""


@pytest.fixture
def limited(seed_graph: AllianceGraph) -> Iterator[TestClient]:
    """The seed (more than 5 actors) served with a layout limit of 5 actors."""
    app = create_app(seed_graph, limits=Limits(max_layout_actors=5))
    with TestClient(app) as client:
        yield client


def test_spring_above_the_limit_is_refused_naming_limit_count_and_faster_layouts(
    seed_graph: AllianceGraph,
) -> None:
    actors = len(seed_graph.actors())

    with pytest.raises(LayoutTooLarge) as raised:
        compute_layout(seed_graph, Layout.SPRING, max_actors=5)

    assert raised.value.code == "LAYOUT_TOO_LARGE"
    assert raised.value.field == "layout"
    assert str(raised.value) == (
        f"the spring layout handles at most 5 actors and this graph has {actors}; "
        "use the circular or shell layout, or fewer actors (around, filters)"
    )


def test_the_default_layout_is_spring_up_to_the_limit_and_circular_above() -> None:
    assert default_layout(2_000) is Layout.SPRING
    assert default_layout(2_001) is Layout.CIRCULAR
    assert default_layout(6, 5) is Layout.CIRCULAR


@pytest.mark.parametrize("layout", ["spring", "kamada-kawai"])
def test_an_export_asking_a_force_layout_above_the_limit_is_a_400(
    limited: TestClient, layout: str
) -> None:
    response = limited.get(f"/export/gexf?layout={layout}")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "LAYOUT_TOO_LARGE"
    assert error["parameter"] == "layout"
    assert f"the {layout} layout handles at most 5 actors" in error["message"]


def test_an_export_with_no_layout_above_the_limit_is_circular(
    limited: TestClient, seed_graph: AllianceGraph
) -> None:
    response = limited.get("/export/node-link")

    assert response.status_code == 200
    assert response.headers["x-layout"] == "circular"
    circular = ExportOptions(layout=Layout.CIRCULAR)
    assert response.content == export_graph(seed_graph, ExportFormat.NODE_LINK, circular)


def test_a_neighbourhood_within_the_limit_may_use_spring(limited: TestClient) -> None:
    response = limited.get("/export/cytoscape?around=us&layout=spring")

    assert response.status_code == 200
    assert response.headers["x-layout"] == "spring"


def test_position_above_the_limit_is_a_graphql_error_with_a_code(limited: TestClient) -> None:
    answer = limited.post("/graphql", json={"query": POSITION, "variables": {"layout": "SPRING"}})

    (error,) = answer.json()["errors"]
    assert error["extensions"]["code"] == "LAYOUT_TOO_LARGE"
    assert "circular or shell" in error["message"]


def test_position_in_a_fast_layout_is_answered_above_the_limit(limited: TestClient) -> None:
    answer = limited.post("/graphql", json={"query": POSITION, "variables": {"layout": "CIRCULAR"}})

    assert "errors" not in answer.json()
    assert set(answer.json()["data"]["actor"]["position"]) == {"x", "y"}


def test_the_cli_export_refuses_spring_above_its_limit(tmp_path: Path) -> None:
    out = tmp_path / "x.gexf"
    argv = ["export", str(out), "--format", "gexf", "--layout", "spring"]

    with pytest.raises(SystemExit) as caught:
        main([*argv, "--max-layout-actors", "5"])

    assert "layout: the spring layout handles at most 5 actors" in str(caught.value.code)
    assert not out.exists()


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_the_cli_writes_the_same_file_as_before(
    tmp_path: Path, seed_graph: AllianceGraph, fmt: ExportFormat, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"graph.{fmt.extension}"

    assert main(["export", str(out), "--format", fmt.value]) == 0

    assert out.read_bytes() == export_graph(seed_graph, fmt)
    size = len(out.read_bytes())
    assert capsys.readouterr().out == f"exported {fmt.value} ({size:,} bytes) to {out}\n"
