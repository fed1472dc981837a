"""``alliance-graph serve``'s log, read from a real server's stderr: JSON or text lines, the
access log on and off, the level, the request id in every line about a request, the options
from environment variables and in every worker; and ``alliance-graph --version``."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path
from typing import Any

import httpx2
import websockets
from starlette.testclient import TestClient
from starlette.types import Receive, Scope, Send

from schema.http.guard import Guard
from schema.http.logs.lines import JsonLines, RequestIds
from tests.servers import free_port

CLI = [sys.executable, "-m", "schema.cli"]
QUERY = {"query": '{ actor(key: "iran") { name } }'}


@contextmanager
def serving(
    log: Path, *args: str, env: dict[str, str] | None = None
) -> Iterator[tuple[str, Callable[[], list[str]]]]:
    """A real ``serve ARGS``, its base URL, and a function reading its stderr's lines."""
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ALLIANCE_GRAPH_")}
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            [*CLI, "serve", "--port", str(port), *args],
            env={**environment, **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    httpx2.get(f"{base}/readyz", timeout=1)
                    break
                except httpx2.TransportError:
                    assert process.poll() is None, log.read_text()
                    assert time.monotonic() < deadline, "the server did not start"
                    time.sleep(0.1)
            yield base, lambda: log.read_text().splitlines()
        finally:
            process.terminate()
            process.wait(timeout=15)


def eventually(read: Callable[[], list[str]], wanted: Callable[[list[str]], bool]) -> list[str]:
    """The lines, once ``wanted`` holds of them (an access line is written after the answer)."""
    deadline = time.monotonic() + 10
    while not wanted(lines := read()):
        assert time.monotonic() < deadline, "\n".join(lines)
        time.sleep(0.05)
    return lines


def access_lines(lines: list[str]) -> list[dict[str, Any]]:
    parsed = [json.loads(line) for line in lines]
    return [line for line in parsed if line["logger"] == "alliance_graph.access"]


def test_json_lines_parse_and_the_access_line_carries_the_request_id(tmp_path: Path) -> None:
    with serving(tmp_path / "log", "--log-format", "json", "--access-log") as (base, read):
        mine = httpx2.post(f"{base}/graphql", json=QUERY, headers={"x-request-id": "trace-42"})
        given = httpx2.get(f"{base}/graphql", params=QUERY)
        lines = eventually(read, lambda lines: len(access_lines(lines)) >= 3)
    assert mine.headers["x-request-id"] == "trace-42"
    access = {line["request_id"]: line for line in access_lines(lines)}
    line = access["trace-42"]
    assert (line["method"], line["path"], line["status"]) == ("POST", "/graphql", 200)
    assert line["level"] == "INFO"
    assert isinstance(line["duration_ms"], float)
    assert {"ts", "message", "pid", "client"} <= set(line)
    assert access[given.headers["x-request-id"]]["method"] == "GET"  # generated, and echoed


def test_an_insane_request_id_is_replaced_by_a_generated_one(tmp_path: Path) -> None:
    with serving(tmp_path / "log", "--log-format=json", "--access-log") as (base, read):
        answer = httpx2.get(f"{base}/healthz", headers={"x-request-id": "no spaces <allowed>"})
        lines = eventually(read, lambda lines: len(access_lines(lines)) >= 2)
    given = answer.headers["x-request-id"]
    assert given != "no spaces <allowed>"
    assert given in [line["request_id"] for line in access_lines(lines)]


def test_the_access_log_is_off_unless_asked_for(tmp_path: Path) -> None:
    with serving(tmp_path / "log", "--log-format", "json") as (base, read):
        for _ in range(3):
            assert httpx2.post(f"{base}/graphql", json=QUERY).status_code == 200
        time.sleep(0.3)
        lines = read()
    assert access_lines(lines) == []
    assert any("access log off" in json.loads(line)["message"] for line in lines)


def test_no_access_log_turns_off_what_the_variable_turned_on(tmp_path: Path) -> None:
    env = {"ALLIANCE_GRAPH_ACCESS_LOG": "on", "ALLIANCE_GRAPH_LOG_FORMAT": "json"}
    with serving(tmp_path / "log", "--no-access-log", env=env) as (base, read):
        httpx2.post(f"{base}/graphql", json=QUERY)
        time.sleep(0.3)
        assert access_lines(read()) == []


def test_the_variables_turn_on_json_and_the_access_log(tmp_path: Path) -> None:
    env = {"ALLIANCE_GRAPH_ACCESS_LOG": "1", "ALLIANCE_GRAPH_LOG_FORMAT": "json"}
    with serving(tmp_path / "log", env=env) as (base, read):
        httpx2.post(f"{base}/graphql", json=QUERY, headers={"x-request-id": "from-env"})
        lines = eventually(
            read, lambda ls: "from-env" in {a["request_id"] for a in access_lines(ls)}
        )
    assert all(json.loads(line) for line in lines)


def test_log_level_warning_hides_info_lines_access_lines_too(tmp_path: Path) -> None:
    env = {"ALLIANCE_GRAPH_LOG_LEVEL": "warning"}
    args = ("--access-log", "--log-format", "json")
    with serving(tmp_path / "log", *args, env=env) as (base, read):
        for _ in range(3):
            assert httpx2.post(f"{base}/graphql", json=QUERY).status_code == 200
        time.sleep(0.3)
        lines = read()
    assert [
        json.loads(line)["level"] for line in lines if json.loads(line)["level"] == "INFO"
    ] == []


def test_text_lines_name_the_request(tmp_path: Path) -> None:
    with serving(tmp_path / "log", "--access-log") as (base, read):
        httpx2.get(f"{base}/healthz", headers={"x-request-id": "plain-7"})
        lines = eventually(read, lambda lines: any("request_id=plain-7" in x for x in lines))
    line = next(x for x in lines if "request_id=plain-7" in x)
    assert " INFO " in line
    assert "alliance_graph.access: 127.0.0.1 GET /healthz 200 " in line
    assert any("explorer at http://127.0.0.1:" in x for x in lines)


def test_a_websocket_connection_gets_an_id_and_an_access_line(tmp_path: Path) -> None:
    async def connect(url: str) -> str:
        headers = {"x-request-id": "socket-1"}
        offered: Any = ["graphql-transport-ws"]
        async with websockets.connect(url, subprotocols=offered, additional_headers=headers) as ws:
            assert ws.response is not None
            return str(ws.response.headers["x-request-id"])

    with serving(tmp_path / "log", "--access-log", "--log-format", "json") as (base, read):
        echoed = asyncio.run(connect(base.replace("http", "ws") + "/graphql"))
        lines = eventually(read, lambda ls: any(a["method"] == "WS" for a in access_lines(ls)))
    assert echoed == "socket-1"
    line = next(a for a in access_lines(lines) if a["method"] == "WS")
    assert (line["request_id"], line["status"], line["path"]) == ("socket-1", 101, "/graphql")


def test_every_worker_logs_as_the_options_say(tmp_path: Path) -> None:
    data = str(tmp_path / "g.sqlite3")
    args = ("--workers", "2", "--data", data, "--access-log", "--log-format", "json")
    with serving(tmp_path / "log", *args) as (base, read):
        eventually(read, lambda ls: sum("Application startup complete" in x for x in ls) >= 2)
        with httpx2.Client() as client:  # a connection at a time: the workers take turns
            for n in range(20):
                headers = {"x-request-id": f"w-{n}", "connection": "close"}
                client.post(f"{base}/graphql", json=QUERY, headers=headers)
        lines = eventually(read, lambda ls: len(access_lines(ls)) >= 20)
    started = {json.loads(x)["pid"] for x in lines if "Application startup complete" in x}
    assert len(started) == 2  # two workers, each writing JSON lines
    assert {a["pid"] for a in access_lines(lines)} <= started


def test_a_bad_access_log_variable_is_a_clear_error(tmp_path: Path) -> None:
    env = {**os.environ, "ALLIANCE_GRAPH_ACCESS_LOG": "maybe"}
    done = subprocess.run(
        [*CLI, "serve", "--port", "0"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert "ALLIANCE_GRAPH_ACCESS_LOG must be on or off" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_bad_log_format_names_the_flag_and_the_variable() -> None:
    done = subprocess.run(
        [*CLI, "serve", "--log-format", "xml"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "--log-format or ALLIANCE_GRAPH_LOG_FORMAT" in done.stderr


def test_version_prints_the_package_version() -> None:
    done = subprocess.run([*CLI, "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert done.stdout.strip() == f"alliance-graph {version('alliance-graph')}"


def test_a_line_logged_while_a_request_is_served_names_the_request() -> None:
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(self.format(record))

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        logging.getLogger("alliance_graph.test").error("something failed")
        await send({"type": "http.response.start", "status": 500, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    handler = Keep()
    handler.setFormatter(JsonLines())
    handler.addFilter(RequestIds())
    logger = logging.getLogger("alliance_graph.test")
    logger.addHandler(handler)
    try:
        guarded = Guard(app, max_body_bytes=100, max_ws_message_bytes=100)
        answer = TestClient(guarded).get("/", headers={"x-request-id": "err-1"})
    finally:
        logger.removeHandler(handler)
    (line,) = [json.loads(record) for record in records]
    assert answer.headers["x-request-id"] == "err-1"
    assert (line["level"], line["message"], line["request_id"]) == (
        "ERROR",
        "something failed",
        "err-1",
    )
