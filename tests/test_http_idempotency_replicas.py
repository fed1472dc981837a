"""``Idempotency-Key`` across real ``alliance-graph serve`` processes over one store (an SQLite
file, a PostgreSQL database): a retry at the other replica, the same request at both at once,
a retry after a restart, writes retried after their replica was killed, and a key kept for
``--idempotency-hours``."""

from __future__ import annotations

import contextlib
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

from tests.servers import free_port, running_server
from tests.writes import open_editor

TOKEN = "ann=s3cret"
ADD = "mutation($input: RelationshipInput!) { addRelationship(input: $input) { key valence } }"
INPUT = {
    "relation": "OPPOSES",
    "source": "us",
    "target": "isis",
    "date": "2016-08-17",
    "evidence": [{"source": "nbc-2016-08-16", "quote": "striking extremists in Syria"}],
}
FIRST = {"data": {"addRelationship": {"key": "us-opposes-isis-2016-08-17", "valence": "HOSTILE"}}}


@pytest.fixture(params=["sqlite", "postgresql"])
def data(request: pytest.FixtureRequest, tmp_path: Path) -> str:
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


def add(base: str, key: str, **input: Any) -> httpx2.Response:
    headers = {"authorization": "Bearer s3cret", "idempotency-key": key}
    body = {"query": ADD, "variables": {"input": {**INPUT, **input}}}
    return httpx2.post(f"{base}/graphql", json=body, headers=headers, timeout=30)


def versions(base: str, at_least: int) -> list[int]:
    """Every version in the history, newest first, once ``base`` has reached ``at_least``."""
    query = {"query": "{ history(first: 100) { edges { node { version } } } }"}
    wait = {"x-min-graph-version": str(at_least)}
    answer = httpx2.post(f"{base}/graphql", json=query, headers=wait, timeout=30).json()
    return [e["node"]["version"] for e in answer["data"]["history"]["edges"]]


def test_a_retry_at_the_other_replica_gets_the_first_answer_and_changes_nothing(
    replicas: tuple[str, str],
) -> None:
    one, two = replicas
    first = add(one, "retry-1")
    assert first.json() == FIRST
    retry = add(two, "retry-1")
    assert retry.content == first.content
    assert retry.headers["x-graph-version"] == first.headers["x-graph-version"] == "2"
    assert retry.headers["idempotent-replayed"] == "true"
    other = add(two, "retry-1", date="2016-08-18")
    assert other.status_code == 422
    assert other.json()["errors"][0]["extensions"]["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert versions(one, 2) == versions(two, 2) == [2, 1]


def test_one_request_sent_to_two_replicas_at_once_is_applied_once(
    replicas: tuple[str, str],
) -> None:
    rounds = 6
    for n in range(rounds):

        def send(base: str, n: int = n) -> httpx2.Response:
            return add(base, f"race-{n}", date=f"2016-09-{n + 1:02d}")

        with ThreadPoolExecutor(2) as pool:
            answers = list(pool.map(send, replicas))
        assert answers[0].content == answers[1].content, [a.text for a in answers]
        assert "errors" not in answers[0].json()
        assert answers[0].headers["x-graph-version"] == answers[1].headers["x-graph-version"]
    expected = list(range(rounds + 1, 0, -1))
    assert versions(replicas[0], rounds + 1) == versions(replicas[1], rounds + 1) == expected


def test_a_key_is_honoured_after_every_server_restarted(data: str) -> None:
    with running_server("--data", data, "--token", TOKEN) as before:
        first = add(before, "retry-1")
    with running_server("--data", data, "--token", TOKEN) as after:
        retry = add(after, "retry-1")
        assert retry.content == first.content
        assert retry.headers["idempotent-replayed"] == "true"
        assert versions(after, 2) == [2, 1]


def test_a_key_is_forgotten_after_idempotency_hours(data: str) -> None:
    hours = ("--idempotency-hours", str(1.5 / 3600))
    with (
        running_server("--data", data, "--token", TOKEN, *hours) as one,
        running_server("--data", data, "--token", TOKEN, *hours) as two,
    ):
        first = add(one, "retry-1")
        assert add(two, "retry-1").headers["idempotent-replayed"] == "true"
        time.sleep(1.6)
        again = add(two, "retry-1")
        assert "idempotent-replayed" not in again.headers
        assert again.json()["data"]["addRelationship"]["key"] == "us-opposes-isis-2016-08-17-2"
        assert first.headers["x-graph-version"] == "2"
        assert again.headers["x-graph-version"] == "3"


def test_writes_retried_after_their_replica_was_killed_are_each_applied_once(data: str) -> None:
    port = free_port()
    command = [sys.executable, "-m", "schema.cli", "serve", "--port", str(port)]
    victim = subprocess.Popen(
        [*command, "--data", data, "--token", TOKEN],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    doomed = f"http://127.0.0.1:{port}"
    sent: dict[str, str] = {}  # key -> the date of the relationship it adds
    try:
        with running_server("--data", data, "--token", TOKEN) as survivor:
            for _ in range(300):
                try:
                    httpx2.get(f"{doomed}/healthz", timeout=1)
                    break
                except httpx2.TransportError:
                    time.sleep(0.1)

            acked: list[str] = []

            def writer(n: int) -> None:
                for m in range(30):
                    key, date = f"w{n}-{m}", f"20{10 + n}-{m // 28 + 1:02d}-{m % 28 + 1:02d}"
                    sent[key] = date
                    with contextlib.suppress(httpx2.TransportError):
                        add(doomed, key, date=date)
                        acked.append(key)

            with ThreadPoolExecutor(4) as pool:
                futures = [pool.submit(writer, n) for n in range(4)]
                # Killed mid-load, once it has applied enough writes for the replays to count.
                deadline = time.monotonic() + 60
                while len(acked) <= 20 and time.monotonic() < deadline:
                    time.sleep(0.01)
                os.kill(victim.pid, signal.SIGKILL)
                for future in futures:
                    future.result()
            # Every client retries every write, answered or not, at the replica still up.
            answers = {key: add(survivor, key, date=date) for key, date in sent.items()}
            count = {"query": "{ graphVersion history { totalCount } }"}
            stored = httpx2.post(f"{survivor}/graphql", json=count, timeout=30).json()["data"]
    finally:
        victim.kill()
        victim.wait()
    for key, answer in answers.items():
        assert answer.status_code == 200, answer.text
        added = answer.json()["data"]["addRelationship"]["key"]
        assert added == f"us-opposes-isis-{sent[key]}"  # never a "-2": applied once
    assert stored == {"graphVersion": len(sent) + 1, "history": {"totalCount": len(sent) + 1}}
    replayed = [key for key, answer in answers.items() if "idempotent-replayed" in answer.headers]
    assert len(replayed) > 10  # the killed replica had applied these before it died
