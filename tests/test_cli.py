from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest

from schema.cli import main
from schema.schema import schema
from tests.servers import running_server


def test_validate_accepts_the_shipped_seed(capsys: pytest.CaptureFixture[str]) -> None:
    from graph import seed_path

    assert main(["validate", str(seed_path())]) == 0
    assert "ok:" in capsys.readouterr().out


def test_validate_rejects_a_bad_file_naming_record_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"actors": [{"key": "x", "name": "X", "kind": "PLANET"}]}), encoding="utf-8"
    )
    assert main(["validate", str(bad)]) == 1
    assert "actors[0] (key 'x'): kind: 'PLANET'" in capsys.readouterr().err


def test_validate_reports_a_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_schema_prints_the_sdl(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == schema.as_str() + "\n"


def test_serve_help_names_the_environment_fallbacks(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    out = capsys.readouterr().out
    for variable in ("ALLIANCE_GRAPH_HOST", "ALLIANCE_GRAPH_PORT", "ALLIANCE_GRAPH_SEED"):
        assert variable in out


@pytest.fixture
def server() -> Iterator[str]:
    with running_server() as base:
        yield base


def test_serve_answers_graphql_over_real_http(server: str) -> None:
    response = httpx2.post(
        f"{server}/graphql",
        json={"query": '{ actors(search: "tehran") { edges { node { key } } } }'},
        timeout=5,
    )
    assert response.json() == {"data": {"actors": {"edges": [{"node": {"key": "iran"}}]}}}
    health = httpx2.get(f"{server}/healthz", timeout=5).json()
    assert health["actors"] >= 8


def test_serve_refuses_a_bad_port(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["serve", "--port", "99999"])
    assert "port must be between 0 and 65535" in capsys.readouterr().err


def test_serve_refuses_an_invalid_seed_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("actors: [{key: x, name: X, kind: PLANET}]\n", encoding="utf-8")
    with pytest.raises(SystemExit) as caught:
        main(["serve", "--seed", str(bad)])
    assert "PLANET" in str(caught.value.code)
