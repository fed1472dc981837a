"""Real ``alliance-graph serve`` processes over one store (an SQLite file, a PostgreSQL
database): writes through one, reads and
subscriptions through another, racing creates, a replica killed under write load, a replica
started late, an import from the command line, and ``--workers``."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx2
import pytest
from websockets.asyncio.client import connect
from websockets.typing import Subprotocol

from graph.model.records import Source
from tests.servers import free_port, running_server
from tests.writes import open_editor

TOKEN = "ann=s3cret"
AUTH = {"authorization": "Bearer s3cret"}
CREATE = "mutation ($k: String!) { createActor(input: {key: $k, name: $k, kind: STATE}) { key } }"


def create(base: str, key: str, **headers: str) -> httpx2.Response:
    body = {"query": CREATE, "variables": {"k": key}}
    return httpx2.post(f"{base}/graphql", json=body, headers={**AUTH, **headers}, timeout=30)


def actor(base: str, key: str, min_version: int) -> Any:
    body = {"query": "query ($k: String!) { actor(key: $k) { key } }", "variables": {"k": key}}
    headers = {"x-min-graph-version": str(min_version)}
    answer = httpx2.post(f"{base}/graphql", json=body, headers=headers, timeout=30)
    assert answer.status_code == 200, answer.text
    return answer.json()["data"]["actor"]


@pytest.fixture(params=["sqlite", "postgresql"])
def data(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The one store every server of a test shares: an SQLite file, or a PostgreSQL database
    of the throwaway cluster."""
    location = (
        str(tmp_path / "shared.sqlite3")
        if request.param == "sqlite"
        else str(request.getfixturevalue("postgres_url"))
    )
    open_editor(location).close()
    return location


@pytest.fixture
def replicas(data: str) -> Iterator[tuple[str, str]]:
    with ExitStack() as stack:
        one = stack.enter_context(running_server("--data", data, "--token", TOKEN))
        two = stack.enter_context(running_server("--data", data, "--token", TOKEN))
        yield one, two


def test_a_write_through_one_replica_is_read_through_the_other(
    replicas: tuple[str, str],
) -> None:
    one, two = replicas
    done = create(one, "hezbollah")
    assert done.json() == {"data": {"createActor": {"key": "hezbollah"}}}
    version = int(done.headers["x-graph-version"])
    assert actor(two, "hezbollah", version) == {"key": "hezbollah"}


def test_racing_creates_of_one_key_on_two_replicas_give_one_success_and_one_duplicate(
    replicas: tuple[str, str],
) -> None:
    one, two = replicas
    for n in range(5):
        key = f"racer-{n}"
        with ThreadPoolExecutor(2) as pool:
            answers = [a.json() for a in pool.map(create, (one, two), (key, key))]
        codes = sorted(
            "ok" if "errors" not in a else a["errors"][0]["extensions"]["code"] for a in answers
        )
        assert codes == ["DUPLICATE_KEY", "ok"]


def test_eight_writers_over_three_replicas_leave_contiguous_versions_and_one_history(
    replicas: tuple[str, str], data: str
) -> None:
    with running_server("--data", data, "--token", TOKEN) as three:
        servers = (*replicas, three)

        def write(n: int) -> int:
            answer = create(servers[n % 3], f"writer-{n}")
            assert "errors" not in answer.json(), answer.text
            return int(answer.headers["x-graph-version"])

        with ThreadPoolExecutor(8) as pool:
            versions = list(pool.map(write, range(48)))
        assert sorted(versions) == list(range(2, 50))
        query = {"query": "{ history(first: 100) { edges { node { version author } } } }"}
        histories = [
            httpx2.post(f"{base}/graphql", json=query, headers={"x-min-graph-version": "49"}).json()
            for base in servers
        ]
    assert histories[0] == histories[1] == histories[2]
    listed = [e["node"]["version"] for e in histories[0]["data"]["history"]["edges"]]
    assert listed == list(range(49, 0, -1))


async def _changes_seen(ws_url: str, count: int, write: Any) -> list[int]:
    protocol = [Subprotocol("graphql-transport-ws")]
    async with connect(ws_url, subprotocols=protocol) as ws:
        await ws.send(json.dumps({"type": "connection_init"}))
        assert json.loads(await ws.recv()) == {"type": "connection_ack"}
        query = "subscription { graphChanged { version operation } }"
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query}}))
        await asyncio.sleep(0.3)  # the subscription is open before the first write
        await asyncio.get_running_loop().run_in_executor(None, write)
        seen: list[int] = []
        while len(seen) < count:
            message = json.loads(await asyncio.wait_for(ws.recv(), 10))
            assert message["type"] == "next", message
            seen.append(message["payload"]["data"]["graphChanged"]["version"])
        return seen


def test_a_subscriber_on_one_replica_gets_the_writes_made_through_the_other(
    replicas: tuple[str, str],
) -> None:
    one, two = replicas

    def write() -> None:
        for n in range(5):
            assert "errors" not in create(one, f"pushed-{n}").json()

    ws_url = two.replace("http://", "ws://") + "/graphql"
    assert asyncio.run(_changes_seen(ws_url, 5, write)) == [2, 3, 4, 5, 6]


def test_a_replica_started_after_a_thousand_changes_is_ready_at_the_latest_version(
    data: str,
) -> None:
    editor = open_editor(data)
    for n in range(1000):
        editor.add_source(Source(f"paper-{n}", f"Paper {n}"), "ann")
    editor.close()
    with running_server("--data", data) as late:
        ready = httpx2.get(f"{late}/readyz", timeout=10)
        assert ready.status_code == 200
        assert ready.json() == {"ready": True, "version": 1001, "behind": 0}


def test_an_import_from_the_command_line_into_a_served_file_is_served(
    data: str, tmp_path: Path
) -> None:
    smaller = tmp_path / "small.yaml"
    smaller.write_text(
        "sources: [{id: nbc, publisher: NBC News}]\n"
        "actors: [{key: iran, name: Iran, kind: STATE}]\nrelationships: []\n",
        encoding="utf-8",
    )
    with running_server("--data", data, "--token", TOKEN) as base:
        done = subprocess.run(
            [sys.executable, "-m", "schema.cli", "import", str(smaller), "--data", data],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        query = {"query": "{ actors { totalCount } }"}
        answer = httpx2.post(
            f"{base}/graphql", json=query, headers={"x-min-graph-version": "2"}, timeout=30
        )
        assert answer.json() == {"data": {"actors": {"totalCount": 1}}}
        later = create(base, "after-import")
        assert later.json() == {"data": {"createActor": {"key": "after-import"}}}
        assert later.headers["x-graph-version"] == "3"


def test_every_acknowledged_write_survives_a_replica_killed_under_load(data: str) -> None:
    port = free_port()
    victim = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "schema.cli",
            "serve",
            "--port",
            str(port),
            "--data",
            str(data),
            "--token",
            TOKEN,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    doomed = f"http://127.0.0.1:{port}"
    acknowledged: list[str] = []
    try:
        with running_server("--data", data, "--token", TOKEN) as survivor:
            for _ in range(300):
                try:
                    httpx2.get(f"{doomed}/healthz", timeout=1)
                    break
                except httpx2.TransportError:
                    time.sleep(0.1)

            def writer(n: int) -> None:
                for m in range(40):
                    key = f"w{n}-{m}"
                    try:
                        answer = create((doomed, survivor)[(n + m) % 2], key)
                    except httpx2.TransportError:
                        continue  # the killed replica: not acknowledged
                    if answer.status_code == 200 and "errors" not in answer.json():
                        acknowledged.append(key)

            with ThreadPoolExecutor(4) as pool:
                futures = [pool.submit(writer, n) for n in range(4)]
                time.sleep(0.5)
                os.kill(victim.pid, signal.SIGKILL)
                for future in futures:
                    future.result()
            count = {"query": "{ actors(first: 1) { totalCount } }"}
            total = httpx2.post(f"{survivor}/graphql", json=count, timeout=30).json()
    finally:
        victim.kill()
        victim.wait()
    editor = open_editor(data)
    try:
        stored = {a.key for a in editor.graph.actors()}
        history = editor.history(first=1000)
    finally:
        editor.close()
    assert set(acknowledged) <= stored
    assert len(acknowledged) > 20
    created = [c.actor_keys[0] for c in history if c.operation.value == "CREATE_ACTOR"]
    assert len(created) == len(set(created))  # none twice
    assert [c.version for c in history] == list(range(len(history), 0, -1))
    assert total["data"]["actors"]["totalCount"] == len(stored)


def test_workers_need_a_data_file_to_share() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "schema.cli", "serve", "--workers", "2", "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "--workers 2 needs --data FILE" in done.stderr


def test_two_workers_share_the_port_and_every_write(data: str) -> None:
    with running_server("--data", data, "--token", TOKEN, "--workers", "2") as base:
        processes: set[int] = set()
        for _ in range(200):
            with httpx2.Client() as fresh:  # a new connection: the kernel picks a worker
                processes.add(fresh.get(f"{base}/healthz").json()["process"])
            if len(processes) == 2:
                break
        assert len(processes) == 2
        versions = [int(create(base, f"k{n}").headers["x-graph-version"]) for n in range(10)]
        assert versions == list(range(2, 12))
        seen: dict[int, int] = {}
        for _ in range(200):
            with httpx2.Client() as fresh:
                health = fresh.get(f"{base}/healthz", headers={"x-min-graph-version": "11"})
                seen[health.json()["process"]] = health.json()["version"]
            if len(seen) == 2:
                break
        assert seen == dict.fromkeys(processes, 11)
