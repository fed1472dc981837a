"""A bounded load test on loopback: 100 clients read, write and subscribe for a while.

90 HTTP clients mix reads (an actor with its relationships, a filtered page of relationships,
a neighborhood, a stance, the balance report) with writes (``addRelationship`` with unique
ids, about one request in ten); 10 WebSocket clients subscribe to ``graphChanged``. Zero
errors are allowed, every acknowledged write must be stored, and every subscriber must see
every change. ``ALLIANCE_GRAPH_LOAD_SECONDS`` sets how long the clients run (default 30).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

from graph.persistence.sqlite.store import SQLiteStorage
from tests.hostile import WRITE_HEADERS, server

SECONDS = float(os.environ.get("ALLIANCE_GRAPH_LOAD_SECONDS", "30"))
HTTP_CLIENTS = 90
SUBSCRIBERS = 10
WRITE_SHARE = 0.1
TIMEOUT = 60.0  # for one request; a slower answer counts as an error
GRACE = 60.0  # after SECONDS, for the last requests and the subscribers to catch up
PREFIX = "load-"

ACTORS = ["assad", "iran", "iraq", "isis", "nusra", "putin", "rouhani", "russia", "syria", "us"]
READS = {
    "actor": """query($key: String!) {
      actor(key: $key) { key name relationships { key relation target { key } } } }""",
    "page": """query($where: RelationshipFilter) {
      relationships(where: $where, first: 20) { totalCount edges { node { key valence } } } }""",
    "neighborhood": """query($key: String!) {
      neighborhood(key: $key, depth: 2) {
        actors { key } relationshipCount relationshipsPage(first: 100) { edges { node { key } } }
      } }""",
    "stance": """query($a: String!, $b: String!) {
      stance(a: $a, b: $b) { stance relationships { key } } }""",
    "balance": "{ balance { triangles balanced unbalanced ratio frustration } }",
}
WRITE = "mutation($input: RelationshipInput!) { addRelationship(input: $input) { key } }"
SUBSCRIBE = "subscription { graphChanged { version operation relationshipId } }"


@dataclass
class Tally:
    """Everything the clients saw."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    acked: set[str] = field(default_factory=set)
    seen: dict[int, list[int]] = field(default_factory=dict)  # subscriber -> versions

    def took(self, kind: str, seconds: float) -> None:
        self.latencies.setdefault(kind, []).append(seconds)


def read_request(rng: random.Random) -> tuple[str, dict[str, Any]]:
    kind = rng.choice(list(READS))
    a, b = rng.sample(ACTORS, 2)
    where = rng.choice(
        [{"actor": a}, {"valence": "HOSTILE"}, {"relation": ["ATTACKS", "SUPPORTS"]}]
    )
    variables: dict[str, dict[str, Any]] = {
        "actor": {"key": a},
        "page": {"where": where},
        "neighborhood": {"key": a},
        "stance": {"a": a, "b": b},
        "balance": {},
    }
    return kind, variables[kind]


def write_variables(rng: random.Random, rel_id: str) -> dict[str, Any]:
    # Neutral relations only: they leave the signed graph, and so balance, as it is.
    a, b = rng.sample(ACTORS, 2)
    relation = {
        "id": rel_id,
        "relation": rng.choice(["MEETS", "NEGOTIATES_WITH"]),
        "source": a,
        "target": b,
        "date": f"2016-09-{rng.randint(1, 30):02d}",
        "evidence": [{"source": "nbc-2016-08-16", "quote": f"load test {rel_id}"}],
    }
    return {"input": relation}


async def http_client(base: str, number: int, deadline: float, tally: Tally) -> None:
    rng = random.Random(number)
    writes = 0
    async with httpx2.AsyncClient(base_url=base, timeout=TIMEOUT) as http:
        while time.monotonic() < deadline:
            if rng.random() < WRITE_SHARE:
                kind, query = "write", WRITE
                rel_id = f"{PREFIX}{number}-{writes}"
                writes += 1
                variables, headers = write_variables(rng, rel_id), WRITE_HEADERS
            else:
                kind, variables = read_request(rng)
                query, headers, rel_id = READS[kind], {}, ""
            started = time.perf_counter()
            try:
                response = await http.post(
                    "/graphql", json={"query": query, "variables": variables}, headers=headers
                )
                body = response.json()
            except (httpx2.HTTPError, ValueError) as err:
                tally.errors.append(f"{kind}: {type(err).__name__}: {err}")
                continue
            tally.took(kind, time.perf_counter() - started)
            if response.status_code != 200 or "errors" in body:
                tally.errors.append(f"{kind}: {response.status_code} {response.text[:300]}")
            elif kind == "write":
                assert body["data"]["addRelationship"]["key"] == rel_id
                tally.acked.add(rel_id)


async def subscribe(ws: ClientConnection) -> None:
    await ws.send(json.dumps({"type": "connection_init"}))
    assert json.loads(await ws.recv()) == {"type": "connection_ack"}
    await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE}}))


async def subscriber(ws: ClientConnection, number: int, tally: Tally) -> None:
    """Record every version pushed until cancelled; anything but a change is an error."""
    seen = tally.seen[number]
    async for raw in ws:
        message = json.loads(raw)
        if message.get("type") == "ping":
            await ws.send(json.dumps({"type": "pong"}))
        elif message.get("type") == "next" and "errors" not in message["payload"]:
            seen.append(message["payload"]["data"]["graphChanged"]["version"])
        else:
            tally.errors.append(f"subscriber {number}: {message}")
    tally.errors.append(f"subscriber {number}: the server closed the connection")


async def wait_for_subscribers(base: str, count: int) -> None:
    """Until the server holds ``count`` subscriptions, so no change is missed."""
    async with httpx2.AsyncClient(base_url=base) as http:
        for _ in range(200):
            if (await http.get("/healthz")).json()["subscribers"] >= count:
                return
            await asyncio.sleep(0.05)
    raise AssertionError("the subscriptions never opened")


async def run_load(base: str, tally: Tally) -> int:
    """Run every client; return the graph version after the last write."""
    ws_url = base.replace("http://", "ws://") + "/graphql"
    protocol = [Subprotocol("graphql-transport-ws")]
    sockets = [await connect(ws_url, subprotocols=protocol) for _ in range(SUBSCRIBERS)]
    listeners: list[asyncio.Task[None]] = []
    tally.seen = {n: [] for n in range(SUBSCRIBERS)}
    try:
        for ws in sockets:
            await subscribe(ws)
        listeners = [asyncio.create_task(subscriber(ws, n, tally)) for n, ws in enumerate(sockets)]
        await wait_for_subscribers(base, SUBSCRIBERS)
        deadline = time.monotonic() + SECONDS
        clients = [http_client(base, n, deadline, tally) for n in range(HTTP_CLIENTS)]
        await asyncio.wait_for(asyncio.gather(*clients), SECONDS + GRACE)
        async with httpx2.AsyncClient(base_url=base) as http:
            version = int((await http.get("/healthz")).json()["version"])
        # Let every subscriber catch up with the last change.
        catch_up = time.monotonic() + GRACE
        while any(not s or s[-1] < version for s in tally.seen.values()):
            if time.monotonic() > catch_up or any(t.done() for t in listeners):
                break
            await asyncio.sleep(0.05)
        return version
    finally:
        for task in listeners:
            task.cancel()
        await asyncio.gather(*listeners, return_exceptions=True)
        for ws in sockets:
            await ws.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(tally: Tally, seconds: float) -> str:
    every = [t for times in tally.latencies.values() for t in times]
    lines = [
        f"load: {len(every)} requests in {seconds:.1f} s ({len(every) / seconds:.0f}/s) from "
        f"{HTTP_CLIENTS} HTTP clients and {SUBSCRIBERS} subscribers; {len(tally.errors)} errors",
        f"  all: p50 {percentile(every, 0.5) * 1000:.0f} ms, "
        f"p99 {percentile(every, 0.99) * 1000:.0f} ms, max {max(every) * 1000:.0f} ms",
    ]
    for kind, times in sorted(tally.latencies.items()):
        lines.append(
            f"  {kind}: {len(times)}, p50 {percentile(times, 0.5) * 1000:.0f} ms, "
            f"p99 {percentile(times, 0.99) * 1000:.0f} ms"
        )
    pushed = Counter(len(s) for s in tally.seen.values())
    lines.append(f"  writes acknowledged: {len(tally.acked)}; changes pushed: {dict(pushed)}")
    return "\n".join(lines)


def test_hundred_clients_reading_writing_and_subscribing_see_no_error_and_lose_nothing(
    tmp_path: Path,
) -> None:
    data = tmp_path / "g.sqlite3"
    tally = Tally()
    with server(data) as running:
        started = time.monotonic()
        version = asyncio.run(run_load(running.base, tally))
        took = time.monotonic() - started
        print("\n" + report(tally, took))
        assert not tally.errors, f"{len(tally.errors)} errors, first: {tally.errors[:5]}"
        assert "Traceback" not in running.logged(), running.logged()[-3000:]
    assert tally.acked, "no write went through"
    # Only our writes changed the graph: one version each, after the seed import.
    assert version == 1 + len(tally.acked)
    expected = list(range(2, version + 1))
    for number, seen in sorted(tally.seen.items()):
        assert seen == expected, f"subscriber {number} saw {len(seen)} of {len(expected)}"
    with SQLiteStorage(data) as store:
        assert store.integrity_check() == "ok"
        dataset, stored_version = store.load()
    assert stored_version == version
    stored = {r.id for r in dataset.relationships if r.id.startswith(PREFIX)}
    assert stored == tally.acked
