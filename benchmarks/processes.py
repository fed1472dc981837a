"""Child processes the benchmarks measure: servers on free loopback ports, and memory readings."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2

__all__ = [
    "Server",
    "connections_held",
    "free_port",
    "machine_cpu_seconds",
    "memory_mb",
    "running",
    "stop",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def memory_mb(pid: int | None = None) -> dict[str, float]:
    """Resident memory now (``rss_mb``) and at its peak (``hwm_mb``) of a process (this one)."""
    status = Path(f"/proc/{pid or 'self'}/status").read_text(encoding="ascii")
    found = {}
    for line in status.splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            found["rss_mb" if name == "VmRSS" else "hwm_mb"] = round(
                int(value.split()[0]) / 1024, 1
            )
    return found


def machine_cpu_seconds() -> float:
    """CPU time everything on the machine has used since boot, all cores (``/proc/stat``): the
    part of a run's that its own processes did not use went to other work on the machine."""
    fields = [int(f) for f in Path("/proc/stat").read_text(encoding="ascii").split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def connections_held(port: int, pids: Sequence[int]) -> list[int]:
    """How many established TCP connections to local ``port`` each of ``pids`` holds: which
    worker the kernel handed each connection to (``/proc/net/tcp`` and ``/proc/PID/fd``)."""
    sockets = set()
    for line in Path("/proc/net/tcp").read_text(encoding="ascii").splitlines()[1:]:
        fields = line.split()
        if fields[3] == "01" and int(fields[1].rsplit(":", 1)[1], 16) == port:  # ESTABLISHED
            sockets.add(f"socket:[{fields[9]}]")
    held = []
    for pid in pids:
        count = 0
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            with contextlib.suppress(OSError):  # closed meanwhile
                count += os.readlink(fd) in sockets
        held.append(count)
    return held


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    started_in: float
    """Seconds from spawning the process to the first answer of ``/healthz``."""

    def health(self) -> dict[str, object]:
        body: dict[str, object] = httpx2.get(f"{self.url}/healthz", timeout=30).json()
        return body


def stop(process: subprocess.Popen[Any]) -> None:
    """Ask ``process`` to end, and kill it if it has not within 10 s."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def running(argv: Sequence[str], log: Path, *, start_timeout: float = 900) -> Iterator[Server]:
    """Run ``python ARGV --port P`` and yield it once ``/healthz`` answers; stderr goes to
    ``log``. The access log (stdout) is discarded, as a production server would rotate it."""
    port = free_port()
    with log.open("wb") as err:
        process = subprocess.Popen(
            [sys.executable, *argv, "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=err,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    url = f"http://127.0.0.1:{port}"
    start = time.perf_counter()
    try:
        while True:
            try:
                httpx2.get(f"{url}/healthz", timeout=2)
                break
            except httpx2.TransportError:
                if process.poll() is not None:
                    tail = log.read_text(errors="replace")[-2000:]
                    raise RuntimeError(f"server {argv} exited:\n{tail}") from None
                if time.perf_counter() - start > start_timeout:
                    raise RuntimeError(
                        f"server {argv} did not start in {start_timeout} s"
                    ) from None
                time.sleep(0.05)
        yield Server(url, process, time.perf_counter() - start)
    finally:
        stop(process)
