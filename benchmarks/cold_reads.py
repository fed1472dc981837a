"""Cold reads: ``serve --data FILE --workers 2`` against ``--workers 1`` on two cores.

Both run, each over its own copy of the seed data, in interleaved wrk rounds (one thread, the
first round a warm-up). Every request's body is new (:func:`cold_read_script`): the reads
part's ``actor`` query with the key going round the seed's actors and ``asOf`` a new day past
the seed's last date, so no answer comes from the whole-response cache (keyed on the raw
body), yet every answer is the actor's whole list. The ratio of the median requests/s, and the
CPU each worker, wrk and everything else on the machine used over each run, in cores: wrk
shares the two cores with the server, and so may other work.
Each run also records how many of wrk's connections each worker held: the workers share one
listening socket, and whichever accepts first may take all of a burst of new connections.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import statistics
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx2

from benchmarks import wrk
from benchmarks.processes import Server, connections_held, machine_cpu_seconds, running
from benchmarks.stalls import cpu_seconds
from graph import load_seed

__all__ = ["cold_read_script", "run_cold_reads"]

COLD_QUERY = (
    "query Actor($key: String!, $asOf: Date) { actor(key: $key, asOf: $asOf) { key name kind "
    "aliases iso3 relationships { key relation valence date datePrecision stance confidence "
    "source { key name } target { key name } claimedBy { key name } "
    "evidence { quote source { id publisher published } } } } }"
)
"""The reads part's ``actor`` query, asked as the graph stood on a day."""
FIRST_DAY = (dt.date(2017, 1, 1) - dt.date(1970, 1, 1)).days
"""After the seed's last date: every relationship stands on every day asked."""
DAYS_PER_RUN = 50_000
"""Days each wrk run may use, times the actors: far more requests than a run sends."""

_COLD = r"""
counter = 0
function request()
  local key = KEYS[counter % #KEYS + 1]
  local day = FIRST_DAY + math.floor(counter / #KEYS)
  counter = counter + 1
  return wrk.format(nil, nil, nil, string.format(TEMPLATE, key, os.date("!%Y-%m-%d", day * 86400)))
end
"""


def cold_read_script(keys: list[str], first_day: int) -> str:
    """Lua for wrk (one thread): request n asks for actor ``keys[n % len(keys)]`` as of day
    ``first_day + n // len(keys)`` (days since 1970-01-01), so no two bodies are the same."""
    template = json.dumps({"query": COLD_QUERY, "variables": {"key": "%s", "asOf": "%s"}})
    assert template.count("%") == 2
    return "\n".join(
        [
            f"TEMPLATE = {wrk.lua_string(template)}",
            "KEYS = {" + ", ".join(wrk.lua_string(k) for k in keys) + "}",
            f"FIRST_DAY = {first_day}",
            _COLD,
            wrk.CHECK_ANSWERS,
        ]
    )


def _serving_processes(url: str, count: int, timeout: float = 60) -> list[int]:
    """The pids of the ``count`` processes answering at ``url``, once each has answered (a new
    connection each time: the kernel hands each to one worker)."""
    seen: set[int] = set()
    deadline = time.monotonic() + timeout
    while len(seen) < count:
        if time.monotonic() > deadline:
            raise RuntimeError(f"only {len(seen)} of {count} workers answered at {url}")
        seen.add(int(httpx2.get(f"{url}/healthz", timeout=10).json()["process"]))
    return sorted(seen)


def run_cold_reads(
    *, seconds: float, rounds: int, connections: int, work: Path, say: Callable[[str], None]
) -> dict[str, Any]:
    keys = sorted(str(k) for k in load_seed().nx.nodes)
    day = FIRST_DAY
    runs: dict[int, list[dict[str, Any]]] = {1: [], 2: []}
    with contextlib.ExitStack() as stack:
        servers: dict[int, tuple[Server, list[int]]] = {}
        for n in runs:
            argv = ["-m", "schema.cli", "serve", "--data", str(work / f"reads-{n}.sqlite3")]
            log = work / f"reads-{n}.log"
            server = stack.enter_context(running([*argv, "--workers", str(n)], log))
            servers[n] = (server, _serving_processes(server.url, n))
        for r in range(-1, rounds):  # round -1 warms both up, unmeasured
            for n in (1, 2) if r % 2 == 0 else (2, 1):
                server, pids = servers[n]
                before = [cpu_seconds(pid) for pid in pids]
                everything = machine_cpu_seconds()
                held: list[list[int]] = []
                port = urlsplit(server.url).port
                assert port is not None
                look = threading.Timer(0.5, _look, args=(held, port, pids))
                look.start()
                found = wrk.run(
                    f"{server.url}/graphql",
                    method="POST",
                    headers={"content-type": "application/json"},
                    script=cold_read_script(keys, day),
                    seconds=1 if r < 0 else seconds,
                    connections=connections,
                )
                day += DAYS_PER_RUN
                used = [cpu_seconds(pid) - b for pid, b in zip(pids, before, strict=True)]
                others = machine_cpu_seconds() - everything - sum(used) - found.cpu_s
                look.join()
                if r < 0:
                    continue
                runs[n].append(
                    {
                        "rps": found.rps,
                        "requests": found.requests,
                        "errors": found.errors,
                        "p50_ms": found.p50_ms,
                        "p99_ms": found.p99_ms,
                        "worker_cores": [round(u / found.seconds, 2) for u in used],
                        "worker_connections": held[0] if held else None,
                        "wrk_cores": round(found.cpu_s / found.seconds, 2),
                        "other_cores": round(max(0.0, others) / found.seconds, 2),
                    }
                )
                say(
                    f"  cold reads, --workers {n}: {found.rps:.0f}/s, errors {found.errors}, "
                    f"workers {runs[n][-1]['worker_cores']} cores holding "
                    f"{runs[n][-1]['worker_connections']} connections, wrk "
                    f"{runs[n][-1]['wrk_cores']} cores, other work {runs[n][-1]['other_cores']}"
                )
    median = {n: statistics.median(r["rps"] for r in done) for n, done in runs.items()}
    spread = [r["rps"] for r in runs[2] if _spread(r["worker_connections"], connections)]
    return {
        "query": "actor(key, asOf) with relationships and evidence, seed data; a new body "
        "per request (key round the seed's actors, asOf a new day)",
        "load_generator": f"{wrk.version()}, 1 thread, {connections} connections, loopback, "
        "on the same 2 cores as the server",
        "runs": {f"workers {n}": done for n, done in runs.items()},
        "median_rps": {f"workers {n}": m for n, m in median.items()},
        "ratio": round(median[2] / median[1], 2),
        "runs_with_connections_spread": len(spread),
        "ratio_when_spread": round(statistics.median(spread) / median[1], 2) if spread else None,
    }


def _look(held: list[list[int]], port: int, pids: list[int]) -> None:
    held.append(connections_held(port, pids))


def _spread(held: list[int] | None, connections: int) -> bool:
    """Whether each worker held at least a quarter of the connections."""
    return held is not None and min(held) >= connections / 4
