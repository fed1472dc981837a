from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from starlette.testclient import TestClient

from schema.cli import main
from tests.conftest import Run
from tests.writes import ANN, gql, writable_app

POSITION = """
query P($layout: Layout, $seed: Int) {
  actors(first: 100) { edges { node { key position(layout: $layout, seed: $seed) { x y } } } }
}
"""


def positions(run: Run, **variables: object) -> dict[str, tuple[float, float]]:
    edges = run(POSITION, **variables)["actors"]["edges"]
    return {
        e["node"]["key"]: (e["node"]["position"]["x"], e["node"]["position"]["y"]) for e in edges
    }


def test_every_actor_has_a_stable_position(run: Run) -> None:
    first, again = positions(run), positions(run)
    assert first == again
    assert len(first) == len(run.graph.actors())
    assert all(-1000 <= c <= 1000 for xy in first.values() for c in xy)


def test_positions_are_the_same_whatever_the_deprecated_seed(run: Run) -> None:
    assert positions(run, seed=1) == positions(run, seed=2) == positions(run)


def test_graphql_position_matches_the_export(client: TestClient, run: Run) -> None:
    exported = client.get("/export/cytoscape").json()
    by_key = {n["data"]["id"]: n["position"] for n in exported["elements"]["nodes"]}
    for key, (x, y) in positions(run).items():
        assert by_key[key] == {"x": x, "y": y}


def test_bad_seed_is_an_error_naming_it(run: Run) -> None:
    # position is nullable (null while a layout is pending): one error per actor asked.
    errors = run.errors(POSITION, seed=-5)
    assert errors
    assert all(e["extensions"] == {"code": "INVALID_INPUT", "field": "seed"} for e in errors)


def test_app_serves_every_export_format(client: TestClient, run: Run) -> None:
    listed = client.get("/export").json()["formats"]
    assert {f["format"] for f in listed} == {
        "cytoscape",
        "node-link",
        "graphology",
        "gexf",
        "graphml",
    }
    graphml = client.get("/export/graphml")
    assert graphml.headers["content-type"].startswith("application/graphml+xml")
    read_back = nx.parse_graphml(graphml.text)
    assert read_back.number_of_edges() == len(run.graph)


def test_export_follows_an_edit(tmp_path: Path) -> None:
    with writable_app(tmp_path / "g.sqlite3") as (client, _):
        before = client.get("/export/node-link").json()
        gql(
            client,
            'mutation { removeRelationship(id: "putin-meets-rouhani-2016-08-08") { version } }',
            ANN,
        )
        after = client.get("/export/node-link").json()
        assert len(after["links"]) == len(before["links"]) - 1


def test_cli_exports_a_front_end_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "graph.json"
    assert main(["export", str(out), "--format", "graphology", "--valence", "HOSTILE"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["edges"]
    assert {e["attributes"]["valence"] for e in data["edges"]} == {"HOSTILE"}
    assert "graphology" in capsys.readouterr().out


def test_cli_export_names_a_bad_option(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["export", str(tmp_path / "x.gexf"), "--format", "gexf", "--around", "atlantis"])
    assert "atlantis" in str(caught.value.code)
    assert not (tmp_path / "x.gexf").exists()
