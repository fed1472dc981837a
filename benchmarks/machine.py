"""What the numbers were measured on: cores, memory, CPU, Python and package versions, how fast
the machine was running at the time (:func:`speed_probe`), and which code (:func:`revision`)."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import time
from importlib import metadata
from pathlib import Path

from benchmarks import wrk

__all__ = ["load_average", "machine", "revision", "speed_probe"]

PACKAGES = (
    "alliance-graph", "strawberry-graphql", "graphql-core", "starlette", "uvicorn", "uvloop",
    "httptools", "websockets", "networkx", "httpx2",
)  # fmt: skip


def _cpu() -> str:
    for line in Path("/proc/cpuinfo").read_text(encoding="ascii", errors="replace").splitlines():
        if line.startswith("model name"):
            return line.partition(":")[2].strip()
    return platform.processor()


def _memory_gb() -> float:
    for line in Path("/proc/meminfo").read_text(encoding="ascii").splitlines():
        if line.startswith("MemTotal:"):
            return round(int(line.split()[1]) / 2**20, 1)
    return 0.0


def load_average() -> list[float]:
    """The 1, 5 and 15 minute load averages: other work on the machine skews the numbers."""
    return [round(x, 2) for x in os.getloadavg()]


def _probe_work() -> int:
    # Python-level work of the kind a request does: format keys, look them up, sort.
    table: dict[str, list[int]] = {}
    for i in range(60_000):
        table.setdefault(f"actor-{i % 6_000}", []).append(i)
    return len(sorted(table, key=lambda key: (len(table[key]), key)))


def speed_probe(rounds: int = 7) -> float:
    """Milliseconds one fixed piece of pure-Python work takes now (median of ``rounds``).

    A shared machine's speed drifts through the day by a third or more; two runs' numbers
    compare fairly only next to their probes (lower is faster).
    """
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        _probe_work()
        times.append(time.perf_counter() - start)
    return round(statistics.median(times) * 1000, 1)


def machine() -> dict[str, object]:
    versions: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "nproc": os.cpu_count(),
        "cpu": _cpu(),
        "memory_gb": _memory_gb(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "load_average_at_start": load_average(),
        "speed_probe_ms_at_start": speed_probe(),
        "wrk": wrk.version() if wrk.available() else None,
        "packages": versions,
    }


def revision() -> dict[str, object]:
    """The commit the code was measured at, and the files that differed from it then."""
    here = Path(__file__).resolve().parent.parent

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=here, capture_output=True, text=True)
        return done.stdout if done.returncode == 0 else ""

    changed = [line[3:] for line in git("status", "--porcelain").splitlines()]
    return {"commit": git("rev-parse", "HEAD").strip() or None, "changed": changed}
