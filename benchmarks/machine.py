"""What the numbers were measured on: cores, memory, CPU, Python and package versions."""

from __future__ import annotations

import os
import platform
from importlib import metadata
from pathlib import Path

from benchmarks import wrk

__all__ = ["load_average", "machine"]

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
        "wrk": wrk.version() if wrk.available() else None,
        "packages": versions,
    }
