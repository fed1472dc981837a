from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest

from schema.cli import main
from schema.schema import schema


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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server() -> Iterator[str]:
    """A real ``alliance-graph serve`` process (uvicorn) on a free loopback port."""
    port = free_port()
    env = {**os.environ, "ALLIANCE_GRAPH_PORT": str(port)}
    process = subprocess.Popen(
        [sys.executable, "-m", "schema.cli", "serve"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                httpx2.get(f"{base}/healthz", timeout=1)
                break
            except httpx2.TransportError:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stderr:
            process.stderr.close()


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
    assert "port must be between 1 and 65535" in capsys.readouterr().err


def test_serve_refuses_an_invalid_seed_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("actors: [{key: x, name: X, kind: PLANET}]\n", encoding="utf-8")
    with pytest.raises(SystemExit) as caught:
        main(["serve", "--seed", str(bad)])
    assert "PLANET" in str(caught.value.code)
