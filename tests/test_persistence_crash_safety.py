"""SIGKILL the server while several clients write: every acknowledged write survives, once."""

from __future__ import annotations

import sqlite3
import threading
import time
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2

from graph.persistence.sqlite.store import SQLiteStorage
from tests.hostile import WRITE_HEADERS, Server, server

WRITERS = 6
CYCLES = 3
KILL_AFTER = 1.0  # seconds of writing before the SIGKILL ...
MIN_ACKED = 10  # ... and at least this many acknowledged writes in the cycle
WRITE_DEADLINE = 20.0  # a writer stops by itself after this long, whatever happens
PREFIX = "crash-"

ADD = "mutation($input: RelationshipInput!) { addRelationship(input: $input) { key } }"
PAGE = """
query($after: String) {
  relationships(where: {between: ["putin", "rouhani"]}, first: 100, after: $after) {
    edges { node { key } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
STATE = "{ graphVersion history { totalCount } }"


@dataclass
class Writes:
    """What the writers of one cycle sent, what the server acknowledged, what it refused."""

    attempted: set[str] = field(default_factory=set)
    acked: set[str] = field(default_factory=set)
    refused: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass(frozen=True)
class Stored:
    """What the SQLite file holds: its version and the ids of the relationships we wrote."""

    version: int
    ids: frozenset[str]


def relationship(rel_id: str) -> dict[str, Any]:
    return {
        "id": rel_id,
        "relation": "MEETS",
        "source": "putin",
        "target": "rouhani",
        "date": "2016-09-01",
        "evidence": [{"source": "nbc-2016-08-16", "quote": f"meeting {rel_id}"}],
    }


def write_until_killed(
    base: str, cycle: int, writer: int, writes: Writes, stop: threading.Event
) -> None:
    deadline = time.monotonic() + WRITE_DEADLINE
    with httpx2.Client(base_url=base, timeout=10, headers=WRITE_HEADERS) as http:
        n = 0
        while not stop.is_set() and time.monotonic() < deadline:
            rel_id = f"{PREFIX}{cycle}-{writer}-{n:05d}"
            n += 1
            with writes.lock:
                writes.attempted.add(rel_id)
            try:
                response = http.post(
                    "/graphql", json={"query": ADD, "variables": {"input": relationship(rel_id)}}
                )
                body = response.json()
            except (httpx2.TransportError, ValueError):
                return  # the server died under us: this write may or may not have landed
            with writes.lock:
                if body.get("data") == {"addRelationship": {"key": rel_id}}:
                    writes.acked.add(rel_id)
                else:
                    writes.refused.append(f"{rel_id}: {response.status_code} {response.text}")


def write_then_kill(running: Server, cycle: int) -> Writes:
    """Start the writers, SIGKILL the server while they write, and wait for them to notice."""
    writes, stop = Writes(), threading.Event()
    threads = [
        threading.Thread(target=write_until_killed, args=(running.base, cycle, w, writes, stop))
        for w in range(WRITERS)
    ]
    for thread in threads:
        thread.start()
    try:
        started = time.monotonic()
        while time.monotonic() - started < KILL_AFTER or len(writes.acked) < MIN_ACKED:
            assert time.monotonic() - started < WRITE_DEADLINE / 2, "the writers are stuck"
            time.sleep(0.05)
        assert all(t.is_alive() for t in threads), "a writer stopped before the kill"
        running.kill()
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=WRITE_DEADLINE)
    assert not any(t.is_alive() for t in threads)
    return writes


def stored_state(data: Path) -> Stored:
    """Open the file as the crash left it and check it is whole and its history sound."""
    with SQLiteStorage(data) as store:  # opening replays the write-ahead log
        assert store.integrity_check() == "ok"
        dataset, version = store.load()  # validates every record again
        assert store.history_count() == version
    with closing(sqlite3.connect(data)) as db:
        versions = [v for (v,) in db.execute("SELECT version FROM changes ORDER BY version")]
        added = [
            rel_id
            for (rel_id,) in db.execute(
                "SELECT relationship_id FROM changes WHERE operation = 'ADD_RELATIONSHIP'"
            )
        ]
    assert versions == list(range(1, version + 1)), "history has a gap or a repeated version"
    assert len(added) == len(set(added)), "one relationship was added twice"
    ids = [r.id for r in dataset.relationships]
    assert len(ids) == len(set(ids))
    ours = frozenset(i for i in ids if i.startswith(PREFIX))
    assert ours == {a for a in added if a.startswith(PREFIX)}, "rows and history disagree"
    return Stored(version, ours)


def gql(http: httpx2.Client, query: str, **variables: Any) -> dict[str, Any]:
    response = http.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


def served_state(base: str) -> Stored:
    """The version and our relationships as the restarted server answers them."""
    ids: set[str] = set()
    with httpx2.Client(base_url=base, timeout=30) as http:
        state = gql(http, STATE)
        assert state["history"]["totalCount"] == state["graphVersion"]
        assert http.get("/healthz").json()["version"] == state["graphVersion"]
        after: str | None = None
        while True:
            page = gql(http, PAGE, after=after)["relationships"]
            ids.update(e["node"]["key"] for e in page["edges"])
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
    return Stored(state["graphVersion"], frozenset(i for i in ids if i.startswith(PREFIX)))


def test_sigkill_during_writes_keeps_every_acknowledged_write_exactly_once(
    tmp_path: Path,
) -> None:
    data = tmp_path / "g.sqlite3"
    acked: set[str] = set()
    attempted: set[str] = set()
    stored: Stored | None = None
    for cycle in range(CYCLES):
        with server(data) as running:
            if stored is not None:  # the restart serves exactly what the file held
                assert served_state(running.base) == stored
            writes = write_then_kill(running, cycle)
        assert not writes.refused, writes.refused[:5]
        acked |= writes.acked
        attempted |= writes.attempted
        stored = stored_state(data)
        missing = acked - stored.ids
        assert not missing, f"acknowledged but lost in cycle {cycle}: {sorted(missing)[:10]}"
        assert stored.ids <= attempted
        print(
            f"cycle {cycle}: {len(writes.acked)} acknowledged, "
            f"{len(writes.attempted - writes.acked)} in flight at the kill, "
            f"{len(stored.ids & (writes.attempted - writes.acked))} of those landed; "
            f"version {stored.version}"
        )
    with server(data) as running:
        assert served_state(running.base) == stored
