"""Hazards: every request of issue 27's hostile probe, replayed against one real server while a
poller keeps asking it cheap questions.

``alliance-graph serve --data`` over a copy of the synthetic store, with a write token. After
start-up and a few cheap reads its RSS is the *post-load* figure. Then, one after the other,
each row of :data:`ROWS` runs (a query over POST and again over GET, two whole-graph exports
with a write between their first bytes and their ends, hundreds of whitespace copies of one
large query, a subscriber that never reads while hundreds of changes are committed), under
:class:`~benchmarks.watch.Watch`: a client asking cheap questions every 10 ms, and a sampler
of the memory of the server and its forked children every 100 ms. Reported: the
worst cheap-request latency (a *stall*) overall and per row, the peak RSS of the server, the
peak of the server and its children together (RSS summed, and PSS, which counts the pages
they share once), and the server's RSS after the last row and a short rest, against the
post-load one. Targets: stall <= 100 ms, peak <= 4 GB, after within 300 MB of post-load.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from websockets.asyncio.client import connect
from websockets.typing import Subprotocol

from benchmarks.client import Connection
from benchmarks.files import SyntheticFiles
from benchmarks.processes import memory_mb, running
from benchmarks.sampling import summary
from benchmarks.watch import ACTOR, Watch

__all__ = ["ROWS", "hazards_lines", "run_hazards"]

TOKEN = {"Authorization": "Bearer bench-secret"}
WRITE = (
    "mutation($k: String!, $d: String!) { updateActor(key: $k, input: {description: $d}) { key } }"
)
BETWEENNESS_ALIASES = " ".join(
    f"c{n}: centrality(measure: BETWEENNESS, first: {n}) {{ score }}" for n in range(1, 31)
)
ROWS: dict[str, str] = {
    "position, a new seed": '{ actor(key: "HUB") { position(seed: 7) { x y } } }',
    "position, another seed": '{ actor(key: "HUB") { position(seed: 8) { x y } } }',
    "position CIRCULAR, 100 actors": (
        "{ actors(first: 100) { edges { node { key position(layout: CIRCULAR) { x y } } } } }"
    ),
    "allies of 100 states": (
        "{ actors(kind: STATE, first: 100) { edges { node { key allies { key } } } } }"
    ),
    "allies of 20 states": (
        "{ actors(kind: STATE, first: 20) { edges { node { key allies { key } } } } }"
    ),
    "30 betweenness aliases": f"{{ {BETWEENNESS_ALIASES} }}",
    "betweenness first 1 and 2": (
        "{ a: centrality(measure: BETWEENNESS, first: 1) { score } "
        "b: centrality(measure: BETWEENNESS, first: 2) { score } }"
    ),
    "timeline with evidence": "{ timeline { id relation date evidence { quote } } }",
    "relationships of the hub's partners": (
        '{ actor(key: "HUB") { relationships { target { relationships { id } } } } }'
    ),
}
"""Each query, asked over POST and then over GET; ``HUB`` is the best-connected actor."""
_PAGES = " ".join(
    f"r{n}: relationships(first: 100, where: {{relation: [{relation}]}}) {{ edges {{ node "
    "{ id relation date evidence { quote source { publisher } } source { key name } "
    "target { key name } } } }"
    for n, relation in enumerate(("SUPPORTS", "ATTACKS", "OPPOSES", "MEETS"))
)
LARGE = f"{{ {_PAGES} }}"
"""A large answer (hundreds of KB) that the cost limit lets through."""


def _codes(body: bytes) -> list[str]:
    try:
        answer = json.loads(body)
    except ValueError:
        return ["not JSON"]
    if not isinstance(answer, dict):
        return []
    return [e.get("extensions", {}).get("code", "?") for e in answer.get("errors") or []]


def _ask(url: str, query: str, method: str) -> dict[str, Any]:
    start = time.perf_counter()
    with Connection(url, timeout=900) as client:
        if method == "POST":
            status, body = client.post_json("/graphql", {"query": query})
        else:
            status, body = client.get("/graphql?" + urlencode({"query": query}))
    seconds = time.perf_counter() - start
    return {"s": round(seconds, 3), "status": status, "bytes": len(body), "codes": _codes(body)}


def _download(url: str, path: str, done: dict[str, Any]) -> None:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=900)
    start, size = time.perf_counter(), 0
    connection.request("GET", path)
    response = connection.getresponse()
    while block := response.read1(1 << 16):
        size += len(block)
    connection.close()
    seconds, layout = round(time.perf_counter() - start, 1), response.getheader("x-layout")
    done[path] = {"status": response.status, "s": seconds, "mb": round(size / 2**20, 1),
                  "layout": layout}  # fmt: skip


def _exports_and_a_write(url: str, key: str) -> dict[str, Any]:
    done: dict[str, Any] = {}
    paths = ("/export/gexf", "/export/graphml")
    threads = [threading.Thread(target=_download, args=(url, path, done)) for path in paths]
    for thread in threads:
        thread.start()
    time.sleep(2.0)  # both children forked and writing
    start = time.perf_counter()
    with Connection(url, timeout=900) as client:
        payload = {"query": WRITE, "variables": {"k": key, "d": "written during two exports"}}
        status, body = client.post_json("/graphql", payload, TOKEN)
    seconds, still = round(time.perf_counter() - start, 3), sum(t.is_alive() for t in threads)
    done["write"] = {"s": seconds, "status": status, "codes": _codes(body),
                     "exports_running": still}  # fmt: skip
    for thread in threads:
        thread.join()
    return done


def _whitespace_copies(url: str, copies: int) -> dict[str, Any]:
    sizes, codes = [], set()
    with Connection(url, timeout=900) as client:
        for n in range(copies):
            status, body = client.post_json("/graphql", {"query": LARGE + " " * n})
            sizes.append(len(body))
            codes.update(_codes(body) or [str(status)])
        _, metrics = client.get("/metrics")
    held = next(
        float(line.split()[-1])
        for line in metrics.decode().splitlines()
        if line.startswith("alliance_graph_response_cache_bytes ")
    )
    return {"copies": copies, "answer_kb": round(sizes[0] / 1024), "answers": sorted(codes),
            "answered_mb": round(sum(sizes) / 2**20, 1),
            "cache_mb": round(held / 2**20, 1)}  # fmt: skip


async def _lagging_subscriber(url: str, key: str, changes: int) -> dict[str, Any]:
    ws_url = url.replace("http://", "ws://") + "/graphql"
    async with connect(ws_url, subprotocols=[Subprotocol("graphql-transport-ws")]) as ws:
        await ws.send(json.dumps({"type": "connection_init"}))
        await ws.recv()
        query = "subscription { graphChanged { version } }"
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query}}))
        await asyncio.sleep(0.5)
        batch = [{"query": WRITE, "variables": {"k": key, "d": f"change {n}"}} for n in range(10)]

        def write() -> None:
            with Connection(url, timeout=900) as client:
                for _ in range(changes // 10):
                    client.post_json("/graphql", batch, TOKEN)

        await asyncio.to_thread(write)  # the subscriber reads nothing meanwhile
        seen, ended = 0, None
        while ended is None:
            try:
                message = json.loads(await asyncio.wait_for(ws.recv(), 10))
            except TimeoutError:
                break
            if message["type"] == "next" and "errors" not in message["payload"]:
                seen += 1
            elif message["type"] in ("next", "error"):
                errors = message["payload"].get("errors", message["payload"])
                ended = [e.get("extensions", {}).get("code") for e in errors]
    return {"changes": changes, "delivered": seen, "ended_with": ended}


def _rows(url: str, hub: str, key: str, watch: Watch) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name, query in ROWS.items():
        for method in ("POST", "GET"):
            watch.row = f"{name} ({method})"
            found[watch.row] = _ask(url, query.replace("HUB", hub), method)
    watch.row = "two exports and a write"
    found[watch.row] = _exports_and_a_write(url, key)
    watch.row = "whitespace copies of a large query"
    found[watch.row] = _whitespace_copies(url, 300)
    watch.row = "a subscriber 300 changes behind"
    found[watch.row] = asyncio.run(_lagging_subscriber(url, key, 300))
    return found


def run_hazards(files: SyntheticFiles, *, work: Path, say: Callable[[str], None]) -> dict[str, Any]:
    manifest = files.manifest()
    store = work / "hazards.sqlite3"
    shutil.copyfile(files.store, store)  # the rows write; the cached store stays as it was
    argv = ["-m", "schema.cli", "serve", "--data", str(store), "--token", "bench=bench-secret"]
    results: dict[str, Any] = {"server_argv": argv}
    with running(argv, work / "hazards-server.log", start_timeout=900) as server:
        pid, keys = server.process.pid, list(manifest["typical_actors"])
        say(f"  up in {server.started_in:.1f} s")
        with Connection(server.url, timeout=60) as client:
            for key in keys * 3:
                client.post_json("/graphql", {"query": ACTOR, "variables": {"key": key}})
        results["post_load_rss_mb"] = memory_mb(pid)["rss_mb"]
        with Watch(server.url, pid, keys) as watch:
            results["rows"] = _rows(server.url, manifest["hub"], keys[0], watch)
            watch.row = "rest"
            time.sleep(5.0)
        results["after_rss_mb"] = memory_mb(pid)["rss_mb"]
        results["server_hwm_mb"] = memory_mb(pid)["hwm_mb"]
    by_row: dict[str, list[float]] = {}
    for row, seconds in watch.latencies:
        by_row.setdefault(row, []).append(seconds)
    results["cheap"] = summary([s for _, s in watch.latencies])
    results["stall_by_row_ms"] = {row: round(max(s) * 1000, 1) for row, s in by_row.items()}
    worst = max(watch.memory, key=lambda m: m[3])
    results["peak"] = {
        "server_rss_mb": round(max(m[1] for m in watch.memory)),
        "tree_rss_mb": round(max(m[2] for m in watch.memory)),
        "tree_pss_mb": round(worst[3]),
        "tree_pss_row": worst[0],
    }
    for line in hazards_lines(results):
        say(line)
    return results


def hazards_lines(hazards: dict[str, Any]) -> list[str]:
    cheap, peak = hazards["cheap"], hazards["peak"]
    stalls = hazards["stall_by_row_ms"]
    worst = max(stalls, key=lambda row: stalls[row])
    growth = hazards["after_rss_mb"] - hazards["post_load_rss_mb"]

    def mark(ok: bool) -> str:
        return "ok" if ok else "MISS"

    lines = [
        f"hazards: worst stall {cheap['max_ms']:.0f} ms during {worst!r} (<= 100 ms: "
        f"{mark(cheap['max_ms'] <= 100)}); cheap p50 {cheap['p50_ms']:.1f} p99 "
        f"{cheap['p99_ms']:.1f} ms, n={cheap['n']}",
        f"hazards: peak memory, server and children: PSS {peak['tree_pss_mb']} MB during "
        f"{peak['tree_pss_row']!r}, RSS summed {peak['tree_rss_mb']} MB (<= 4096 MB: "
        f"{mark(peak['tree_pss_mb'] <= 4096)}); server alone {peak['server_rss_mb']} MB",
        f"hazards: server RSS post-load {hazards['post_load_rss_mb']:.0f} MB, after "
        f"{hazards['after_rss_mb']:.0f} MB ({growth:+.0f}; within 300 MB: {mark(growth <= 300)})",
    ]
    for row, found in hazards["rows"].items():
        lines.append(f"  {row}: {found}; worst stall {stalls.get(row, 0):.0f} ms")
    return lines
