from __future__ import annotations

from pathlib import Path

import httpx2
import pytest
import yaml

from graph import load_dataset, seed_path
from schema.cli import main
from tests.servers import running_server
from tests.writes import open_editor, stored_rows


def test_export_writes_the_stored_graph_as_a_valid_dataset(tmp_path: Path) -> None:
    data, out = tmp_path / "g.sqlite3", tmp_path / "out.yaml"
    assert main(["export", str(out), "--data", str(data)]) == 0
    exported, seed = load_dataset(out), load_dataset(seed_path())
    assert {a.key: a for a in exported.actors} == {a.key: a for a in seed.actors}
    assert {r.id: r for r in exported.relationships} == {r.id: r for r in seed.relationships}
    assert set(exported.sources) == set(seed.sources)


def test_import_replaces_the_graph_in_one_change(tmp_path: Path) -> None:
    data, edited = tmp_path / "g.sqlite3", tmp_path / "edited.json"
    assert main(["export", str(edited), "--data", str(data)]) == 0
    plain = yaml.safe_load(edited.read_text(encoding="utf-8"))
    plain["relationships"] = [r for r in plain["relationships"] if r["relation"] != "MEETS"]
    edited.write_text(yaml.safe_dump(plain), encoding="utf-8")
    edited.rename(tmp_path / "edited.yaml")
    assert main(["import", str(tmp_path / "edited.yaml"), "--data", str(data)]) == 0
    editor = open_editor(data)
    try:
        assert editor.graph.version == 2
        assert not [r for r in editor.graph.relationships() if r.relation.value == "MEETS"]
        [change] = editor.history(1)
        assert (change.operation.value, change.author) == ("IMPORT", "cli")
    finally:
        editor.close()


def test_import_of_a_bad_file_changes_nothing(tmp_path: Path) -> None:
    data, bad = tmp_path / "g.sqlite3", tmp_path / "bad.yaml"
    main(["export", str(tmp_path / "x.yaml"), "--data", str(data)])
    before = stored_rows(data)
    bad.write_text("actors: [{key: x, name: X, kind: PLANET}]\n", encoding="utf-8")
    with pytest.raises(SystemExit) as caught:
        main(["import", str(bad), "--data", str(data)])
    assert "PLANET" in str(caught.value.code)
    assert stored_rows(data) == before


def test_import_needs_a_data_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ALLIANCE_GRAPH_DATA", raising=False)
    with pytest.raises(SystemExit) as caught:
        main(["import", str(seed_path())])
    assert "--data" in str(caught.value.code)


def test_served_edits_survive_a_restart(tmp_path: Path) -> None:
    data = tmp_path / "g.sqlite3"
    mutation = 'mutation { updateActor(key: "us", input: {name: "United States"}) { name } }'
    with running_server("--data", str(data), "--token", "ann=s3cret") as base:
        body = httpx2.post(
            f"{base}/graphql",
            json={"query": mutation},
            headers={"authorization": "Bearer s3cret"},
        ).json()
        assert body == {"data": {"updateActor": {"name": "United States"}}}
    with running_server("--data", str(data)) as base:
        query = '{ graphVersion actor(key: "us") { name } }'
        body = httpx2.post(f"{base}/graphql", json={"query": query}).json()
        assert body == {"data": {"graphVersion": 2, "actor": {"name": "United States"}}}


def test_tokens_come_from_the_environment(tmp_path: Path) -> None:
    env = {"ALLIANCE_GRAPH_TOKENS": "ann=from-env"}
    mutation = 'mutation { updateActor(key: "us", input: {name: "US"}) { name } }'
    with running_server(env=env) as base:
        body = httpx2.post(
            f"{base}/graphql",
            json={"query": mutation},
            headers={"authorization": "Bearer from-env"},
        ).json()
        assert body == {"data": {"updateActor": {"name": "US"}}}
