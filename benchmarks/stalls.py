"""Stalls: how long cheap reads wait while other clients keep the server busy with heavy ones.

One ``alliance-graph serve --data STORE`` process. Two clients loop heavy queries that the
server has not answered before (``balance`` with a new ``minConfidence`` each time, and
``centrality(measure: BETWEENNESS)`` with a new ``first``), so neither the response cache nor
the analytics cache answers them; a third client meanwhile asks for ``/healthz`` and a small
``actor`` query in turn, one after the other, and its latencies are what is reported (p50,
p99, max). Then, with the server otherwise idle, one betweenness computation past its budget:
when its refusal came, and when the server process's CPU time stopped growing (read from
``/proc/PID/stat``), both from the request's start.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.client import Connection
from benchmarks.files import SyntheticFiles
from benchmarks.processes import memory_mb, running
from benchmarks.sampling import summary

__all__ = ["cpu_seconds", "run_stalls"]

BALANCE = "query($c: Float) { balance(minConfidence: $c) { triangles ratio frustration } }"
BETWEENNESS = (
    "query($n: Int!) { centrality(measure: BETWEENNESS, first: $n) { actor { key } score } }"
)
ACTOR = "query($key: String!) { actor(key: $key) { key name kind } }"
ALONE: dict[str, tuple[str, dict[str, Any]]] = {
    "balance": ("{ balance(minConfidence: 0.5) { triangles ratio frustration } }", {}),
    "blocs": ("{ blocs(minConfidence: 0.5) { anchor { key } cooperativeTies } }", {}),
    "centrality BETWEENNESS": (BETWEENNESS, {"n": 7}),
    "timeline, every relationship": (
        "{ timeline { id relation date source { key } target { key } } }", {}
    ),
    "neighborhood depth 3, full lists": (
        "query($key: String!) { neighborhood(key: $key, depth: 3) { actors { key name } "
        "relationships { id relation date } } }", {"key": "typical"}
    ),
    "inferred, the hub": (
        "query($key: String!) { actor(key: $key) { inferred { actor { key } stance "
        "via { key } } } }", {"key": "hub"}
    ),
}  # fmt: skip
"""Each heavy query asked alone, while /healthz is asked every 50 ms."""
CPU_IDLE_S = 0.3
"""CPU time growing by less than 2% over this long counts as stopped."""


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time so far of process ``pid`` and every process it started
    (``/proc/PID/stat``: its own, its children's that have ended, and the live ones')."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except OSError:  # ended meanwhile; its parent counts it once it is reaped
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    ticks = sum(int(f) for f in fields[11:15])
    return ticks / os.sysconf("SC_CLK_TCK") + sum(cpu_seconds(child) for child in _children(pid))


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        with contextlib.suppress(OSError):  # the thread ended meanwhile
            found += [int(c) for c in task.read_text(encoding="ascii").split()]
    return found


def _heavy(url: str, make: Callable[[int], dict[str, object]], stop: threading.Event,
           timeout: float, done: list[tuple[float, str]]) -> None:  # fmt: skip
    i = 0
    with Connection(url, timeout=timeout) as client:
        while not stop.is_set():
            i += 1
            start = time.perf_counter()
            status, body = client.post_json("/graphql", make(i))
            code = "ok" if status == 200 and b'"errors"' not in body else _code(status, body)
            done.append((time.perf_counter() - start, code))


def _code(status: int, body: bytes) -> str:
    for code in (b"ANALYSIS_TIMEOUT", b"ANALYSIS_BUSY"):
        if code in body:
            return code.decode()
    return f"status {status}"


def _cheap(url: str, keys: list[str], seconds: float, timeout: float) -> dict[str, Any]:
    health: list[float] = []
    actor: list[float] = []
    end = time.perf_counter() + seconds
    i = 0
    with Connection(url, timeout=timeout) as client:
        while time.perf_counter() < end:
            start = time.perf_counter()
            status, _ = client.get("/healthz")
            health.append(time.perf_counter() - start)
            start = time.perf_counter()
            payload = {"query": ACTOR, "variables": {"key": keys[i % len(keys)]}}
            status2, _ = client.post_json("/graphql", payload)
            actor.append(time.perf_counter() - start)
            if status != 200 or status2 != 200:
                raise RuntimeError(f"cheap read failed: {status} {status2}")
            i += 1
            time.sleep(0.01)
    return {"healthz": summary(health), "actor": summary(actor), "both": summary(health + actor)}


def pss_mb(pid: int) -> float:
    """Proportional set size of ``pid`` and every process it started, in MB: memory the
    processes share is counted once in all (``/proc/PID/smaps_rollup``)."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text(encoding="ascii")
    except OSError:
        return 0.0
    kb = next(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:"))
    return kb / 1024 + sum(pss_mb(child) for child in _children(pid))


def _loaded(url: str, pid: int, keys: list[str], seconds: float) -> dict[str, Any]:
    stop = threading.Event()
    peak = [pss_mb(pid)]

    def sample() -> None:
        while not stop.wait(0.2):
            peak.append(pss_mb(pid))

    heavy: dict[str, list[tuple[float, str]]] = {"balance": [], "betweenness": []}
    makers: dict[str, Callable[[int], dict[str, object]]] = {
        "balance": lambda i: {"query": BALANCE, "variables": {"c": i / 1e6}},
        "betweenness": lambda i: {"query": BETWEENNESS, "variables": {"n": 1 + i % 100}},
    }
    threads = [
        threading.Thread(target=_heavy, args=(url, makers[name], stop, 600, heavy[name]))
        for name in heavy
    ]
    threads.append(threading.Thread(target=sample))
    for thread in threads:
        thread.start()
    time.sleep(1.0)  # both heavy queries under way
    try:
        found = _cheap(url, keys, seconds, timeout=600)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    for name, done in heavy.items():
        found[f"heavy {name}"] = {
            **summary([s for s, _ in done]),
            "answers": {code: sum(1 for _, c in done if c == code) for _, code in done},
        }
    found["memory_pss_mb"] = {"before": round(peak[0]), "peak": round(max(peak))}
    return found


def _alone(url: str, manifest: dict[str, Any]) -> dict[str, Any]:
    """Each of :data:`ALONE` once, with ``/healthz`` asked every 50 ms meanwhile: how long it
    took, what it answered, and the longest ``/healthz`` wait."""
    found: dict[str, Any] = {}
    names = {"typical": manifest["typical_actors"][0], "hub": manifest["hub"]}
    for name, (query, variables) in ALONE.items():
        values = {k: names.get(v, v) if isinstance(v, str) else v for k, v in variables.items()}
        answered: list[tuple[float, str, int]] = []

        def ask(
            query: str = query,
            values: dict[str, Any] = values,
            answered: list[tuple[float, str, int]] = answered,
        ) -> None:
            with Connection(url, timeout=600) as client:
                start = time.perf_counter()
                status, body = client.post_json("/graphql", {"query": query, "variables": values})
                code = "ok" if status == 200 and b'"errors"' not in body else _code(status, body)
                answered.append((time.perf_counter() - start, code, len(body)))

        asker = threading.Thread(target=ask)
        waits: list[float] = []
        with Connection(url, timeout=600) as client:
            asker.start()
            while not answered:
                start = time.perf_counter()
                client.get("/healthz")
                waits.append(time.perf_counter() - start)
                time.sleep(0.05)
        asker.join()
        seconds, code, size = answered[0]
        found[name] = {
            "seconds": round(seconds, 2),
            "answer": code,
            "kb": round(size / 1024),
            "healthz_max_ms": round(max(waits) * 1000, 1),
        }
    return found


def _stopped(url: str, pid: int, budget: float) -> dict[str, Any]:
    """One betweenness past its budget: its refusal and the CPU time after it."""
    samples: list[tuple[float, float]] = []
    answered: list[float] = []
    start = time.perf_counter()

    def ask() -> None:
        with Connection(url, timeout=600) as client:
            payload = {"query": BETWEENNESS, "variables": {"n": 100}}
            client.post_json("/graphql", payload)
            answered.append(time.perf_counter() - start)

    asker = threading.Thread(target=ask)
    asker.start()
    while True:
        samples.append((time.perf_counter() - start, cpu_seconds(pid)))
        if answered and _idle_since(samples) is not None:
            break
        if time.perf_counter() - start > 120:
            break
        time.sleep(0.02)
    asker.join()
    idle = _idle_since(samples)
    return {
        "budget_s": budget,
        "refused_after_s": round(answered[0], 2) if answered else None,
        "cpu_stopped_after_s": None if idle is None else round(idle, 2),
    }


def _idle_since(samples: list[tuple[float, float]]) -> float | None:
    """When the CPU time last grew, if it has not grown (2% of a core) for CPU_IDLE_S since."""
    t_last, cpu_last = samples[-1]
    for t, cpu in reversed(samples):
        if cpu_last - cpu > 0.02 * (t_last - t):
            return t if t_last - t >= CPU_IDLE_S else None
    return None


def run_stalls(
    files: SyntheticFiles,
    *,
    seconds: float,
    analytics_seconds: float,
    work: Path,
    say: Callable[[str], None],
) -> dict[str, Any]:
    keys = list(files.manifest()["typical_actors"])
    argv = ["-m", "schema.cli", "serve", "--data", str(files.store)]
    argv += ["--analytics-seconds", str(analytics_seconds)]
    results: dict[str, Any] = {"server_argv": argv, "seconds": seconds}
    with running(argv, work / "stalls-server.log", start_timeout=900) as server:
        pid = server.process.pid
        say(f"  up in {server.started_in:.1f} s, {memory_mb(pid)}")
        results["idle"] = _cheap(server.url, keys, min(seconds, 5.0), timeout=60)
        say(f"  cheap reads, idle server: {_brief(results['idle'])}")
        results["alone"] = _alone(server.url, files.manifest())
        for name, r in results["alone"].items():
            say(f"  alone: {name:34} {r}")
        results["stopped"] = _stopped(server.url, pid, analytics_seconds)
        say(f"  betweenness past its budget: {results['stopped']}")
        results["loaded"] = _loaded(server.url, pid, keys, seconds)
        say(f"  cheap reads, two heavy clients: {_brief(results['loaded'])}")
        for name in ("heavy balance", "heavy betweenness", "memory_pss_mb"):
            say(f"    {name}: {results['loaded'][name]}")
        results["server_memory"] = memory_mb(pid)
    return results


def _brief(found: dict[str, Any]) -> str:
    return "; ".join(
        f"{name} p50 {r['p50_ms']:.1f} p99 {r['p99_ms']:.1f} max {r['max_ms']:.1f} ms n={r['n']}"
        for name, r in found.items()
        if name in ("healthz", "actor")
    )
