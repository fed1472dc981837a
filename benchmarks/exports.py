"""Exports: every whole-graph ``/export/{format}`` of the synthetic graph over HTTP through
``alliance-graph serve --data STORE``, with the server's resident memory around them.

For each format, in turn, on a fresh connection: the time to the first byte and to the last,
the bytes and how many reads brought them (the body is read 64 KiB at a time and counted, never
kept), the ``X-Layout`` the server chose (no ``layout`` is asked, so a big graph gets the
default), and the server's RSS before, at its peak (sampled every 20 ms, with the RSS of its
forked children beside it) and 2 s after. Then ``layout=spring`` and ``layout=kamada-kawai``,
which a big graph must refuse with a 400 at once. The server's RSS at the start and at the end
of the part says whether memory came back.
"""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from benchmarks.files import SyntheticFiles
from benchmarks.processes import memory_mb, running

__all__ = ["FORMATS", "exports_lines", "run_exports"]

FORMATS = ("cytoscape", "node-link", "graphology", "gexf", "graphml")
READ_BYTES = 1 << 16
SAMPLE_SECONDS = 0.02


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text(encoding="ascii")
    except OSError:
        return []
    return [int(child) for child in text.split()]


def _rss_mb(pid: int) -> float:
    try:
        return memory_mb(pid).get("rss_mb", 0.0)
    except OSError:  # ended meanwhile
        return 0.0


class _Sampler:
    """The peak RSS of a server, and of its children together, while it runs."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.server_peak = self.children_peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> _Sampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.server_peak = max(self.server_peak, _rss_mb(self.pid))
            children = sum(_rss_mb(child) for child in _children(self.pid))
            self.children_peak = max(self.children_peak, children)
            time.sleep(SAMPLE_SECONDS)


def _download(url: str, path: str, timeout: float) -> dict[str, Any]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=timeout)
    start = time.perf_counter()
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        first = None
        size = reads = 0
        while block := response.read1(READ_BYTES):
            if first is None:
                first = time.perf_counter() - start
            size += len(block)
            reads += 1
        return {
            "status": response.status,
            "seconds": round(time.perf_counter() - start, 2),
            "first_byte_s": None if first is None else round(first, 2),
            "mb": round(size / 1e6, 1),
            "reads": reads,
            "layout": response.getheader("x-layout"),
            "transfer_encoding": response.getheader("transfer-encoding"),
        }
    finally:
        connection.close()


def _refusal(url: str, path: str) -> dict[str, Any]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=60)
    start = time.perf_counter()
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
    finally:
        connection.close()
    return {
        "status": response.status,
        "seconds": round(time.perf_counter() - start, 3),
        "body": body[:400],
    }


def run_exports(
    files: SyntheticFiles, *, timeout: float, work: Path, say: Callable[[str], None]
) -> dict[str, Any]:
    manifest = files.manifest()
    results: dict[str, Any] = {"dataset": manifest, "exports": {}}
    argv = ["-m", "schema.cli", "serve", "--data", str(files.store)]
    results["server_argv"] = argv
    say("  starting alliance-graph serve --data STORE")
    with running(argv, work / "exports-server.log", start_timeout=1800) as server:
        pid = server.process.pid
        results["server_start_s"] = round(server.started_in, 2)
        time.sleep(2)
        results["rss_at_start_mb"] = _rss_mb(pid)
        say(f"    up in {server.started_in:.1f} s, RSS {results['rss_at_start_mb']} MB")
        for fmt in FORMATS:
            before = _rss_mb(pid)
            with _Sampler(pid) as sampler:
                found = _download(server.url, f"/export/{fmt}", timeout)
            time.sleep(2)
            found |= {
                "rss_before_mb": before,
                "rss_peak_mb": sampler.server_peak,
                "children_rss_peak_mb": round(sampler.children_peak, 1),
                "rss_after_mb": _rss_mb(pid),
            }
            results["exports"][fmt] = found
            say(f"  {fmt:11} {found}")
        for layout in ("spring", "kamada-kawai"):
            refused = _refusal(server.url, f"/export/gexf?layout={layout}")
            results[f"refused_{layout}"] = refused
            say(f"  layout={layout}: {refused}")
        time.sleep(2)
        results["rss_at_end_mb"] = _rss_mb(pid)
        results["server_peak_hwm_mb"] = memory_mb(pid).get("hwm_mb")
        results["rss_growth_mb"] = round(results["rss_at_end_mb"] - results["rss_at_start_mb"], 1)
        say(
            f"  RSS {results['rss_at_start_mb']} MB at start, {results['rss_at_end_mb']} MB at "
            f"end, peak {results['server_peak_hwm_mb']} MB"
        )
    return results


def exports_lines(exports: dict[str, Any]) -> list[str]:
    """The report's lines for the exports part."""
    d = exports["dataset"]
    out = [
        f"exports over HTTP ({d.get('actors', '?'):,} actors, "
        f"{d.get('relationships', '?'):,} relationships), whole graph, default layout",
        f"  {'format':11} {'status':>6} {'first s':>8} {'total s':>8} {'MB':>8} {'layout':>9} "
        f"{'RSS before':>10} {'peak':>6} {'after':>6} {'child peak':>10}",
    ]
    for fmt, r in exports["exports"].items():
        out.append(
            f"  {fmt:11} {r['status']:>6} {r['first_byte_s'] or 0:>8.1f} {r['seconds']:>8.1f} "
            f"{r['mb']:>8.1f} {r['layout'] or '-':>9} {r['rss_before_mb']:>10.0f} "
            f"{r['rss_peak_mb']:>6.0f} {r['rss_after_mb']:>6.0f} {r['children_rss_peak_mb']:>10.0f}"
        )
    growth = exports["rss_growth_mb"]
    verdict = "ok" if growth <= 200 else "MISS"
    out.append(
        f"  server RSS {exports['rss_at_start_mb']:.0f} MB at start, "
        f"{exports['rss_at_end_mb']:.0f} MB at end (+{growth:.0f} MB)  {verdict}"
    )
    for layout in ("spring", "kamada-kawai"):
        refused = exports.get(f"refused_{layout}")
        if refused:
            out.append(f"  layout={layout}: {refused['status']} in {refused['seconds']} s")
    return out
