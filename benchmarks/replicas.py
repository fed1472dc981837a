"""Replicas: several ``serve`` processes over one store, on this machine's two cores.

Cold reads
    ``serve --workers 2`` against ``--workers 1`` (:mod:`benchmarks.cold_reads`).
Visibility
    Two ``serve`` processes on two ports over one store (an SQLite file, then a PostgreSQL
    database). A mutation through A, then B's ``/healthz`` asked every 0.5 ms (without
    ``X-Min-Graph-Version``) until its ``X-Graph-Version`` reaches the version A's answer
    named: the time from A's answer to B's. The mutations are 10-50 ms apart, at random, so
    they fall anywhere in B's 20 ms look at the store.
Writes
    The same two processes: wrk with four connections to each, durable ``addRelationship``
    mutations with a token; the committed count is the growth of the store's version.
Joining
    A replica starting over a large store (:mod:`benchmarks.joining`).
"""

from __future__ import annotations

import contextlib
import json
import random
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from benchmarks import wrk
from benchmarks.client import Connection
from benchmarks.cold_reads import run_cold_reads
from benchmarks.files import SyntheticFiles
from benchmarks.joining import join_postgres, join_sqlite
from benchmarks.processes import Server, machine_cpu_seconds, running
from benchmarks.sampling import summary
from benchmarks.stalls import cpu_seconds
from benchmarks.writes import SECRET, mutation_body

__all__ = ["replicas_over", "run_replicas"]

AUTH = {"authorization": f"Bearer {SECRET}"}


@contextlib.contextmanager
def _pair(data: str, work: Path, label: str) -> Iterator[tuple[Server, Server]]:
    """Two ``serve`` processes over ``data``, A started (and seeding a new store) before B."""
    argv = ["-m", "schema.cli", "serve", "--data", data, "--token", f"bench={SECRET}"]
    with (
        running(argv, work / f"{label}-a.log", start_timeout=120) as a,
        running(argv, work / f"{label}-b.log", start_timeout=120) as b,
    ):
        yield a, b


def _visibility(a: Server, b: Server, count: int) -> dict[str, Any]:
    rng = random.Random(21)
    delays: list[float] = []
    at_once = 0
    with Connection(a.url, timeout=30) as writer, Connection(b.url, timeout=30) as reader:
        for i in range(count):
            time.sleep(rng.uniform(0.01, 0.05))
            payload = json.loads(mutation_body(f"v-{i}"))
            status, body = writer.post_json("/graphql", payload, AUTH)
            acknowledged = time.perf_counter()
            if status != 200 or b'"errors"' in body:
                raise RuntimeError(f"the write through A failed: {status} {body[:300]!r}")
            version = int(writer.headers["x-graph-version"])
            looks = 0
            while True:
                reader.get("/healthz")
                looks += 1
                if int(reader.headers["x-graph-version"]) >= version:
                    break
                if time.perf_counter() - acknowledged > 10:
                    raise RuntimeError(f"B did not reach version {version} in 10 s")
                time.sleep(0.0005)
            delays.append(time.perf_counter() - acknowledged)
            at_once += looks == 1
    return {"writes": count, "visible_after": summary(delays), "visible_at_first_look": at_once}


def _settled(a: Server, b: Server) -> int:
    """The store's version once both have taken in every commit."""
    deadline = time.monotonic() + 30
    while True:
        ha, hb = a.health(), b.health()
        if ha["version"] == hb["version"] and ha["behind"] == hb["behind"] == 0:
            return int(str(ha["version"]))
        if time.monotonic() > deadline:
            raise RuntimeError(f"the replicas did not settle: {ha} {hb}")
        time.sleep(0.05)


def _spread_writes(
    a: Server, b: Server, *, seconds: float, connections: int, label: str, database: int | None
) -> dict[str, Any]:
    """``connections`` wrk connections of durable mutations, half to each replica."""
    before = _settled(a, b)
    pids = {"A": a.process.pid, "B": b.process.pid, **({"postgres": database} if database else {})}
    cpu = {name: cpu_seconds(pid) for name, pid in pids.items()}
    everything = machine_cpu_seconds()
    found: dict[str, wrk.WrkResult] = {}

    def load(name: str, server: Server) -> None:
        found[name] = wrk.run(
            f"{server.url}/graphql",
            method="POST",
            headers={"content-type": "application/json", **AUTH},
            template=mutation_body("%s").replace("%s", "w-%s", 1),
            run_id=f"{label}-{name.lower()}",  # ids are lower case
            seconds=seconds,
            connections=connections // 2,
        )

    threads = [threading.Thread(target=load, args=pair) for pair in (("A", a), ("B", b))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = max(r.seconds for r in found.values())
    everything = machine_cpu_seconds() - everything
    cores = {name: round((cpu_seconds(pid) - cpu[name]) / wall, 2) for name, pid in pids.items()}
    cores["wrk"] = round(sum(r.cpu_s for r in found.values()) / wall, 2)
    cores["other work"] = round(max(0.0, everything / wall - sum(cores.values())), 2)
    time.sleep(0.5)  # mutations wrk left in flight
    committed = _settled(a, b) - before
    return {
        "writers": connections,
        "committed": committed,
        "answered": sum(r.requests for r in found.values()),
        "errors": sum(r.errors for r in found.values()),
        "writes_per_s": round(committed / wall, 1),
        "p50_ms": {name: r.p50_ms for name, r in found.items()},
        "p99_ms": {name: r.p99_ms for name, r in found.items()},
        "cores": cores,
    }


def replicas_over(
    data: str,
    *,
    label: str,
    database: int | None,
    visibility_writes: int,
    seconds: float,
    connections: int,
    work: Path,
    say: Callable[[str], None],
) -> dict[str, Any]:
    """Visibility, then ``connections`` writers, over two new ``serve`` processes over ``data``
    (``database``: the PostgreSQL server's pid, whose CPU is counted too)."""
    with _pair(data, work, label) as (a, b):
        found = {"visibility": _visibility(a, b, visibility_writes)}
        seen = found["visibility"]["visible_after"]
        say(f"  {label}: visible on B p50 {seen['p50_ms']:.1f} ms, p99 {seen['p99_ms']:.1f} ms")
        writes = _spread_writes(
            a, b, seconds=seconds, connections=connections, label=label, database=database
        )
        found["writes"] = writes
        say(
            f"  {label}: {writes['writes_per_s']:.0f} writes/s over 2 replicas, errors "
            f"{writes['errors']}, cores {writes['cores']}"
        )
    return found


def run_replicas(
    files: SyntheticFiles,
    *,
    seconds: float,
    rounds: int,
    visibility_writes: int,
    work: Path,
    say: Callable[[str], None],
) -> dict[str, Any]:
    """Every measure of the part; the joining replica over ``files``' store."""
    from tests.postgres import NoPostgres, throwaway_cluster

    if not wrk.available():
        raise SystemExit("benchmarks: wrk is not installed (apt-get install -y wrk)")
    results: dict[str, Any] = {"cores_shared": "servers, wrk, the poller and PostgreSQL"}
    say("  cold reads: --workers 2 against --workers 1")
    results["cold_reads"] = run_cold_reads(
        seconds=seconds, rounds=rounds, connections=16, work=work, say=say
    )
    common: dict[str, Any] = {
        "visibility_writes": visibility_writes,
        "seconds": seconds * 3,
        "connections": 8,
        "work": work,
        "say": say,
    }
    results["sqlite"] = replicas_over(
        str(work / "replicas.sqlite3"), label="sqlite", database=None, **common
    )
    results["join_sqlite"] = join_sqlite(files, work=work, say=say)
    try:
        with throwaway_cluster() as cluster:
            postmaster = int((cluster.directory / "data" / "postmaster.pid").read_text().split()[0])
            results["postgres_server"] = _postgres_version(cluster.url())
            results["postgres"] = replicas_over(
                cluster.new_database("replicas"), label="postgres", database=postmaster, **common
            )
            results["join_postgres"] = join_postgres(files, cluster, work=work, say=say)
    except NoPostgres as err:
        say(f"  PostgreSQL skipped: {err}")
        results["postgres_skipped"] = str(err)
    return results


def _postgres_version(url: str) -> str:
    import psycopg

    with psycopg.connect(url) as db:
        row = db.execute(
            "SELECT current_setting('server_version'), current_setting('synchronous_commit'), "
            "current_setting('fsync')"
        ).fetchone()
    assert row is not None
    return f"PostgreSQL {row[0]}, synchronous_commit={row[1]}, fsync={row[2]}"
