"""Writes: durable ``addRelationship`` mutations per second over HTTP with a token, and how
long a ``graphChanged`` subscriber takes to see each change.

``alliance-graph serve --data NEW.sqlite3 --token bench=...`` (SQLite, WAL, synchronous=FULL)
on the seed data. A subscriber runs in its own process. wrk sends mutations, each with a new
relationship id, from 1 and then several connections; the committed count is the growth of the
graph version, checked against wrk's count of clean answers. Then a paced run sends one
mutation at a time, so the subscriber's delay can be set against each mutation's own send and
answer times. The delay from commit uses the change's ``at`` (taken just before the commit),
on the same machine clock.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx2

from benchmarks import wrk
from benchmarks.processes import memory_mb, running, stop
from benchmarks.sampling import summary

__all__ = ["SECRET", "mutation_body", "run_writes"]

SECRET = "bench-secret-0123456789"
MUTATION = """mutation($input: RelationshipInput!) { addRelationship(input: $input) { key } }"""


def mutation_body(rel_id: str) -> str:
    """The JSON body of an ``addRelationship`` mutation adding relationship ``rel_id``."""
    variables = {
        "input": {
            "id": rel_id,
            "relation": "OPPOSES",
            "source": "us",
            "target": "isis",
            "date": "2016-08-17",
            "confidence": 0.9,
            "evidence": [
                {
                    "source": "nbc-2016-08-16",
                    "quote": "Russia and the United States have been discussing greater "
                    "coordination for striking extremists in Syria",
                }
            ],
        }
    }
    return json.dumps({"query": MUTATION, "variables": variables})


def _wait_for_subscriber(health: Callable[[], dict[str, Any]]) -> None:
    deadline = time.monotonic() + 30
    while health()["subscribers"] < 1:
        if time.monotonic() > deadline:
            raise RuntimeError("the subscriber never subscribed")
        time.sleep(0.05)


def _received(log: Path) -> dict[str, tuple[float, float]]:
    """Relationship id -> (commit time, receipt time), Unix seconds."""
    import datetime as dt

    found = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        rel_id, at, received = line.split("\t")
        found[rel_id] = (dt.datetime.fromisoformat(at).timestamp(), float(received))
    return found


def run_writes(
    *, seconds: float, connections: int, paced: int, work: Path, say: Callable[[str], None]
) -> dict[str, Any]:
    data = work / "writes.sqlite3"
    for stale in work.glob("writes.sqlite3*"):
        stale.unlink()
    log = work / "subscriber.tsv"
    log.unlink(missing_ok=True)
    argv = ["-m", "schema.cli", "serve", "--data", str(data), "--token", f"bench={SECRET}"]
    headers = {"content-type": "application/json", "authorization": f"Bearer {SECRET}"}
    results: dict[str, Any] = {
        "server": "alliance-graph serve --data (SQLite WAL, synchronous=FULL), seed data",
        "load_generator": f"{wrk.version()}, 1 thread, loopback",
        "runs": {},
    }
    with running(argv, work / "writes-server.log", start_timeout=60) as server:
        ws_url = server.url.replace("http://", "ws://") + "/graphql"
        subscriber = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.subscriber", ws_url, str(log)],
            stderr=subprocess.PIPE,
        )
        try:
            _wait_for_subscriber(server.health)
            for c in sorted({1, connections}):
                before = int(str(server.health()["version"]))
                found = wrk.run(
                    f"{server.url}/graphql",
                    method="POST",
                    headers=headers,
                    template=mutation_body("%s").replace("%s", "w-%s", 1),
                    run_id=f"c{c}",
                    seconds=seconds,
                    connections=c,
                )
                committed = int(str(server.health()["version"])) - before
                results["runs"][f"{c} connection(s)"] = {
                    "committed": committed,
                    "wrk_requests": found.requests,
                    "errors": found.errors,
                    "writes_per_s": round(committed / found.seconds, 1),
                    "p50_ms": found.p50_ms,
                    "p99_ms": found.p99_ms,
                    "prefix": f"w-c{c}-",
                }
                say(
                    f"  writes {c} connection(s): {committed / found.seconds:.0f}/s durable, "
                    f"p50 {found.p50_ms:.1f} ms, p99 {found.p99_ms:.1f} ms, errors {found.errors}"
                )
            sent: dict[str, tuple[float, float]] = {}
            with httpx2.Client(base_url=server.url, headers=headers, timeout=30) as client:
                for i in range(paced):
                    rel_id = f"p-{i}"
                    t = time.time()
                    answer = client.post("/graphql", content=mutation_body(rel_id))
                    sent[rel_id] = (t, time.time())
                    assert b'"errors"' not in answer.content, answer.text
                    time.sleep(0.02)
            time.sleep(1.0)  # let the last changes arrive
            results["server_memory"] = memory_mb(server.process.pid)
        finally:
            stop(subscriber)
    got = _received(log)
    for run in results["runs"].values():
        prefix = run.pop("prefix")
        mine = [v for k, v in got.items() if k.startswith(prefix)]
        run["seen_by_subscriber"] = len(mine)
        run["subscriber_delay_from_commit"] = summary([r - a for a, r in mine])
    paced_seen = [(got[k], v) for k, v in sent.items() if k in got]
    results["paced"] = {
        "mutations": paced,
        "seen_by_subscriber": len(paced_seen),
        "subscriber_delay_from_commit": summary([r - a for (a, r), _ in paced_seen]),
        "subscriber_delay_from_send": summary([r - s for (_, r), (s, _) in paced_seen]),
        "subscriber_delay_after_response": summary([r - e for (_, r), (_, e) in paced_seen]),
        "mutation_round_trip": summary([e - s for _, (s, e) in paced_seen]),
    }
    return results
