"""Real ``alliance-graph serve`` processes (uvicorn) on free loopback ports, for tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_server(*args: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """Start ``alliance-graph serve ARGS`` and yield its base URL once /healthz answers."""
    port = free_port()
    # A file, not a pipe: nobody reads a pipe while the server runs, and a server that logs
    # enough (a database restarting under load) would block on a full one.
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "schema.cli", "serve", "--port", str(port), *args],
            env={**os.environ, **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    httpx2.get(f"{base}/healthz", timeout=1)
                    break
                except httpx2.TransportError:
                    if process.poll() is not None:
                        log.seek(0)
                        err = log.read().decode(errors="replace")
                        raise AssertionError(f"server exited: {err}") from None
                    if time.monotonic() > deadline:
                        raise AssertionError("server did not start within 30 s") from None
                    time.sleep(0.1)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=10)
