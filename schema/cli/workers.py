"""``serve --workers N``: N serving processes on one listening socket, over one store.

The supervisor binds the socket and seeds the store; each worker is ``alliance-graph serve``
again, with the same options (the logging ones too) and environment, handed the socket.
Every worker holds its own graph and follows the store (:mod:`schema.http.replica`), so a
write through any of them is seen by all. A worker that dies is started again; SIGTERM or
SIGINT stops them all. The workers keep their metrics in files in one fresh directory, so that
``/metrics`` on any of them sums them all (:mod:`schema.http.metrics`); the supervisor removes
it when they have stopped.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from types import FrameType

from prometheus_client.multiprocess import mark_process_dead

__all__ = ["supervise", "worker_argv"]

log = logging.getLogger("alliance_graph")

RESTART_PAUSE_S = 1.0
"""How long to wait before starting again a worker that died."""


def worker_argv(argv: list[str], fd: int) -> list[str]:
    """The command line of one worker: the supervisor's, as one worker on socket ``fd``.

    >>> worker_argv(["serve", "--data", "g.db", "--workers", "3", "--port=0"], 5)[3:]
    ['serve', '--data', 'g.db', '--listen-fd', '5', '--workers', '1']
    """
    kept: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        name = arg.split("=", 1)[0]
        if name in ("--workers", "--port", "--host", "--listen-fd"):
            skip = "=" not in arg
            continue
        kept.append(arg)
    return [sys.executable, "-m", "schema.cli", *kept, "--listen-fd", str(fd), "--workers", "1"]


def supervise(count: int, sock: socket.socket, argv: list[str]) -> int:
    """Run ``count`` workers on ``sock`` until a signal stops them; the exit status."""
    fd = sock.fileno()
    command = worker_argv(argv, fd)
    stopping = False
    # Fresh for each run: files left by an earlier run would be summed in as if still serving.
    metrics = tempfile.mkdtemp(prefix="alliance-graph-metrics-")
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": metrics}

    def start() -> subprocess.Popen[bytes]:
        return subprocess.Popen(command, pass_fds=(fd,), env=env)

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, stop)
    workers = [start() for _ in range(count)]
    try:
        while not stopping:
            for position, worker in enumerate(workers):
                if worker.poll() is not None and not stopping:
                    log.warning(
                        "worker %d ended (%s); starting another", worker.pid, worker.returncode
                    )
                    # Its gauges go; its counts stay in the sums.
                    mark_process_dead(worker.pid, metrics)  # type: ignore[no-untyped-call]
                    time.sleep(RESTART_PAUSE_S)
                    workers[position] = start()
            time.sleep(0.1)
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for worker in workers:
            try:
                worker.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
        sock.close()
        shutil.rmtree(metrics, ignore_errors=True)
    return 0
