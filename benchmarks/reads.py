"""Read throughput: ``/graphql`` against a bare route with the same bytes, interleaved.

One server process (:mod:`benchmarks.read_app`, one uvicorn worker) and wrk on loopback. For
each seed query and method (POST, GET) the rounds alternate graphql and bare runs, flipping
which goes first each round, so drift in the machine hits both alike. The ratio is the median
graphql requests/s over the median bare requests/s.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx2

from benchmarks import wrk
from benchmarks.processes import memory_mb, running
from benchmarks.read_app import READ_QUERIES, graphql_path, post_body

__all__ = ["run_reads"]

JSON = {"content-type": "application/json"}


def _check_same_bytes(url: str, name: str) -> int:
    """Both endpoints answer the same body and content type; return its size."""
    with httpx2.Client(base_url=url, timeout=30) as client:
        for method in ("POST", "GET"):
            if method == "POST":
                real = client.post("/graphql", content=post_body(name), headers=JSON)
                bare = client.post(f"/bare/{name}", content=post_body(name), headers=JSON)
            else:
                real = client.get(graphql_path(name))
                bare = client.get(f"/bare/{name}")
            assert real.status_code == bare.status_code == 200, (real.text, bare.text)
            assert real.content == bare.content, f"{name} {method}: bodies differ"
            assert real.headers["content-type"] == bare.headers["content-type"]
            assert b'"errors"' not in real.content, real.text
    return len(real.content)


def _target(url: str, name: str, method: str, endpoint: str) -> dict[str, Any]:
    if method == "POST":
        path = "/graphql" if endpoint == "graphql" else f"/bare/{name}"
        return {"url": url + path, "method": "POST", "body": post_body(name), "headers": JSON}
    path = graphql_path(name) if endpoint == "graphql" else f"/bare/{name}"
    return {"url": url + path, "method": "GET"}


def run_reads(
    *, seconds: float, rounds: int, connections: int, work: Path, say: Callable[[str], None]
) -> dict[str, Any]:
    """Run the interleaved rounds; return every run and the ratio per query and method."""
    if not wrk.available():
        raise SystemExit("benchmarks: wrk is not installed (apt-get install -y wrk)")
    results: dict[str, Any] = {
        "server": "benchmarks.read_app: schema.http.app.create_app(load_seed()) + /bare/{name}, "
        "uvicorn defaults as alliance-graph serve (1 worker)",
        "load_generator": f"{wrk.version()}, 1 thread, {connections} connections, loopback",
        "seconds_per_run": seconds,
        "rounds": rounds,
        "queries": {},
    }
    with running(["-m", "benchmarks.read_app"], work / "read_app.log", start_timeout=60) as server:
        for name in READ_QUERIES:
            size = _check_same_bytes(server.url, name)
            for method in ("POST", "GET"):
                for endpoint in ("graphql", "bare"):  # warm up both
                    wrk.run(**_target(server.url, name, method, endpoint), seconds=1, connections=2)
                runs: dict[str, list[wrk.WrkResult]] = {"graphql": [], "bare": []}
                for i in range(rounds):
                    order = ("graphql", "bare") if i % 2 == 0 else ("bare", "graphql")
                    for endpoint in order:
                        found = wrk.run(
                            **_target(server.url, name, method, endpoint),
                            seconds=seconds,
                            connections=connections,
                        )
                        if found.errors:
                            raise RuntimeError(f"{name} {method} {endpoint}: {found}")
                        runs[endpoint].append(found)
                g = statistics.median(r.rps for r in runs["graphql"])
                b = statistics.median(r.rps for r in runs["bare"])
                say(f"  reads {name:13} {method:4}: graphql {g:8.0f}/s  bare {b:8.0f}/s  "
                    f"ratio {g / b:.3f}")  # fmt: skip
                results["queries"].setdefault(name, {"response_bytes": size})[method] = {
                    "graphql_rps": g,
                    "bare_rps": b,
                    "ratio": round(g / b, 4),
                    "graphql_p50_ms": statistics.median(r.p50_ms for r in runs["graphql"]),
                    "graphql_p99_ms": statistics.median(r.p99_ms for r in runs["graphql"]),
                    "bare_p50_ms": statistics.median(r.p50_ms for r in runs["bare"]),
                    "bare_p99_ms": statistics.median(r.p99_ms for r in runs["bare"]),
                    "runs": {k: [r.__dict__ for r in v] for k, v in runs.items()},
                }
        results["server_memory"] = memory_mb(server.process.pid)
    return results
