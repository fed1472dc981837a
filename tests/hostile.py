"""Servers that tests may kill: a real ``alliance-graph serve`` process, and what it logged.

Unlike :func:`tests.servers.running_server` this hands out the process itself, so a test can
SIGKILL it mid-write, and sends the server's stderr to a file rather than a pipe, so a server
that logs a lot under load never blocks on a full pipe.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx2

from tests.servers import free_port

WRITER = "w"
SECRET = "secret"
WRITE_HEADERS = {"authorization": f"Bearer {SECRET}"}


@dataclass
class Server:
    """A running server process, its base URL and the file its stderr goes to."""

    process: subprocess.Popen[bytes]
    base: str
    log: Path

    def kill(self) -> None:
        """SIGKILL: no shutdown handler, no flush, no chance to finish a write."""
        self.process.kill()
        self.process.wait(timeout=10)

    def logged(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextmanager
def server(data: Path, *args: str) -> Iterator[Server]:
    """Serve the SQLite file ``data`` with the write token ``w=secret``, on a free port.

    Yields once ``/healthz`` answers; stops the process on exit unless it is already dead.
    """
    port = free_port()
    log = data.with_name(f"{data.name}.{port}.log")
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "schema.cli", "serve", "--port", str(port)),
                *("--data", str(data), "--token", f"{WRITER}={SECRET}", *args),
            ],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    running = Server(process, f"http://127.0.0.1:{port}", log)
    try:
        _wait_until_healthy(running)
        yield running
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                running.kill()


def _wait_until_healthy(running: Server) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx2.get(f"{running.base}/healthz", timeout=1)
            return
        except httpx2.TransportError:
            if running.process.poll() is not None:
                raise AssertionError(f"server exited: {running.logged()}") from None
            if time.monotonic() > deadline:
                raise AssertionError("server did not start within 30 s") from None
            time.sleep(0.05)
