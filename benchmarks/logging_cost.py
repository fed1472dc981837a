"""What logging costs: cached-read throughput of ``alliance-graph serve`` with the access log
off, on as text, and on as JSON lines.

Three real ``serve`` processes (one worker each, the shipped seed), their stderr written to a
file as a service manager or a log shipper would take it, and wrk on loopback sending one small
read query over and over: after the first, every answer comes from the response cache, so a
request costs little besides the HTTP layer and the log line, the case where a log line weighs
most. The rounds interleave the three servers, rotating which goes first, so drift in the
machine hits all three alike. Each run also counts the bytes its server wrote to its log.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx2

from benchmarks import wrk
from benchmarks.processes import running

__all__ = ["CONFIGURATIONS", "QUERY", "logging_lines", "run_logging"]

QUERY = '{ actor(key: "iran") { key name kind } }'
"""A read whose answer is small and cached: the request costs the least, so logging's share of
it is the largest."""

CONFIGURATIONS: dict[str, list[str]] = {
    "off": ["--no-access-log"],
    "text": ["--access-log"],
    "json": ["--access-log", "--log-format", "json"],
}
JSON = {"content-type": "application/json"}


def _check_cached(url: str, body: str) -> None:
    """The query answers without errors, and the second time from the response cache."""
    for _ in range(2):
        answer = httpx2.post(f"{url}/graphql", content=body, headers=JSON, timeout=30)
        assert answer.status_code == 200, answer.text
        assert "errors" not in answer.json(), answer.text
    assert "etag" in answer.headers, "the answer was not cached"


def run_logging(
    *, seconds: float, rounds: int, connections: int, work: Path, say: Callable[[str], None]
) -> dict[str, Any]:
    """Run the interleaved rounds; return every run and the medians per configuration."""
    if not wrk.available():
        raise SystemExit("benchmarks: wrk is not installed (apt-get install -y wrk)")
    body = json.dumps({"query": QUERY})
    results: dict[str, Any] = {
        "server": "alliance-graph serve (1 worker, the shipped seed), stderr to a file",
        "load_generator": f"{wrk.version()}, 1 thread, {connections} connections, loopback",
        "query": QUERY,
        "seconds_per_run": seconds,
        "rounds": rounds,
        "configurations": {name: " ".join(flags) for name, flags in CONFIGURATIONS.items()},
    }
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in CONFIGURATIONS}
    with ExitStack() as stack:
        servers = {}
        for name, flags in CONFIGURATIONS.items():
            log = work / f"logging-{name}.log"
            argv = ["-m", "schema.cli", "serve", *flags]
            servers[name] = (stack.enter_context(running(argv, log, start_timeout=60)), log)
        for server, _ in servers.values():
            _check_cached(server.url, body)
            wrk.run(f"{server.url}/graphql", method="POST", body=body, headers=JSON, seconds=1,
                    connections=2)  # fmt: skip
        names = list(CONFIGURATIONS)
        for i in range(rounds):
            for name in names[i % len(names) :] + names[: i % len(names)]:
                server, log = servers[name]
                before = log.stat().st_size
                found = wrk.run(
                    f"{server.url}/graphql",
                    method="POST",
                    body=body,
                    headers=JSON,
                    seconds=seconds,
                    connections=connections,
                    script=wrk.CHECK_ANSWERS,
                )
                if found.errors:
                    raise RuntimeError(f"logging {name}: {found}")
                written = log.stat().st_size - before
                runs[name].append({**found.__dict__, "log_bytes": written})
    off = statistics.median(r["rps"] for r in runs["off"])
    results["medians"] = {}
    for name, done in runs.items():
        rps = statistics.median(r["rps"] for r in done)
        per_request = sum(r["log_bytes"] for r in done) / max(1, sum(r["requests"] for r in done))
        results["medians"][name] = {
            "rps": rps,
            "ratio_to_off": round(rps / off, 3),
            "p50_ms": statistics.median(r["p50_ms"] for r in done),
            "p99_ms": statistics.median(r["p99_ms"] for r in done),
            "log_bytes_per_request": round(per_request, 1),
        }
        say(f"  logging {name:5}: {rps:8.0f} req/s  ({rps / off:.2f} of off), "
            f"{per_request:.0f} log bytes per request")  # fmt: skip
    results["runs"] = runs
    return results


def logging_lines(logging: dict[str, Any]) -> list[str]:
    """The report's lines for the logging part."""
    out = [
        "LOGGING (cached reads from serve; median of interleaved runs)",
        f"  {'access log':12} {'req/s':>8} {'of off':>7} {'p50 ms':>7} {'p99 ms':>7}"
        f" {'log bytes/request':>18}",
    ]
    for name, m in logging["medians"].items():
        out.append(
            f"  {name:12} {m['rps']:>8.0f} {m['ratio_to_off']:>7.2f} {m['p50_ms']:>7.2f}"
            f" {m['p99_ms']:>7.2f} {m['log_bytes_per_request']:>18.0f}"
        )
    return out
