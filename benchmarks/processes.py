"""Child processes the benchmarks measure: servers on free loopback ports, and memory readings."""

from __future__ import annotations

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

__all__ = ["Server", "free_port", "memory_mb", "running", "stop"]


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
