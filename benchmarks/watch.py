"""The watch :mod:`benchmarks.hazards` keeps on a server while it replays the hazards: a
client asking ``/healthz`` and a small ``actor`` query in turn, 10 ms apart, and a sampler
reading the memory of the server and its forked children every 100 ms, each reading noted
with the row that was running."""

from __future__ import annotations

import threading
import time

from benchmarks.client import Connection
from benchmarks.processes import memory_mb
from benchmarks.stalls import _children, pss_mb

__all__ = ["ACTOR", "Watch"]

ACTOR = "query($key: String!) { actor(key: $key) { key name kind } }"


class Watch:
    """The cheap-request poller and the memory sampler, noting which row was running."""

    def __init__(self, url: str, pid: int, keys: list[str]) -> None:
        self.url, self.pid, self.keys = url, pid, keys
        self.row = "idle"
        self.latencies: list[tuple[str, float]] = []
        self.memory: list[tuple[str, float, float, float]] = []  # row, server, RSS sum, PSS
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._poll), threading.Thread(target=self._sample)]

    def __enter__(self) -> Watch:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join()

    def _poll(self) -> None:
        i = 0
        with Connection(self.url, timeout=900) as client:
            while not self._stop.is_set():
                start = time.perf_counter()
                if i % 2:
                    status, _ = client.get("/healthz")
                else:
                    key = self.keys[i // 2 % len(self.keys)]
                    status, _ = client.post_json(
                        "/graphql", {"query": ACTOR, "variables": {"key": key}}
                    )
                self.latencies.append((self.row, time.perf_counter() - start))
                if status != 200:
                    raise RuntimeError(f"a cheap request failed with {status}")
                i += 1
                time.sleep(0.01)

    def _sample(self) -> None:
        while not self._stop.wait(0.1):
            server = _rss(self.pid)
            rss = server + sum(_rss(child) for child in _children(self.pid))
            self.memory.append((self.row, server, rss, pss_mb(self.pid)))


def _rss(pid: int) -> float:
    """A process's RSS in MB; 0 for one that has just ended (a child)."""
    try:
        return memory_mb(pid).get("rss_mb", 0.0)
    except OSError:
        return 0.0
