"""Scale: load time and memory of a large synthetic graph, and query latency over HTTP next to
the same operation called directly on the graph, in the same run.

Clean processes, one after the other: two load a seed file (the one ``alliance-graph export``
writes, relationships in id order, then the generator's, in the order they were generated);
one loads the SQLite store (as ``Editor.open``) and times every operation directly; then
``alliance-graph serve --data STORE`` answers the same operations, with the same arguments,
over HTTP (sequential requests on one keep-alive connection of :mod:`benchmarks.client`).
Balance runs last everywhere, under its own timeout, since its first computation may be long
and blocks the server while it runs.
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.client import Connection
from benchmarks.files import SyntheticFiles
from benchmarks.operations import OPERATIONS, Operation, arguments
from benchmarks.processes import memory_mb, running, stop
from benchmarks.sampling import passes

__all__ = ["run_scale"]


def _lines(argv: list[str], deadline_for: Callable[[str | None], float]) -> list[dict[str, Any]]:
    """Run ``python ARGV`` and collect its JSON lines; kill it when the current step (the last
    ``start`` line, or None before any) outlasts its deadline, and record the timeout under the
    step's ``kind`` (``operation`` unless the line says)."""
    process = subprocess.Popen(
        [sys.executable, *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)
        lines.put(None)

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    found: list[dict[str, Any]] = []
    step: str | None = None
    kind = "operation"
    try:
        while True:
            try:
                line = lines.get(timeout=deadline_for(step))
            except queue.Empty:
                found.append({kind: step, "timed_out_after_s": deadline_for(step)})
                break
            if line is None:
                break
            record = json.loads(line)
            step, kind = record.get("start"), record.get("kind", "operation")
            if step is None:
                found.append(record)
    finally:
        stop(process)
        reader.join(timeout=10)  # the pipe ends with the process
        assert process.stdout is not None
        assert process.stderr is not None
        errors = process.stderr.read()[-3000:]
        process.stdout.close()
        process.stderr.close()
    if process.returncode not in (0, -15, -9):
        raise RuntimeError(f"{argv} failed:\n{errors}")
    return found


def _serve_help() -> str:
    argv = [sys.executable, "-m", "schema.cli", "serve", "--help"]
    return subprocess.run(argv, capture_output=True, text=True, check=True).stdout


def _http_call(client: Connection, op: Operation, sizes: list[int]) -> Callable[[Any], None]:
    def call(arg: Any) -> None:
        payload = {"query": op.query, "variables": op.variables(arg)}
        status, body = client.post_json("/graphql", payload)
        if status != 200 or b'"errors"' in body[:200_000]:
            raise RuntimeError(f"{op.name} {arg}: {status} {body[:500]!r}")
        sizes.append(len(body))

    return call


def _http(url: str, args: dict[str, list[Any]], requests: int, budget: float, timeout: float,
          say: Callable[[str], None]) -> dict[str, Any]:  # fmt: skip
    found: dict[str, Any] = {}
    with Connection(url, timeout=timeout) as client:
        found["http floor (GET /healthz)"] = _floor(client)
        say(f"  http   {'floor (GET /healthz)':30} {_brief(found['http floor (GET /healthz)'])}")
        for op in OPERATIONS:
            sizes: list[int] = []
            call = _http_call(client, op, sizes)
            single = len(args[op.name]) == 1
            try:
                result = passes(
                    call, args[op.name], requests=requests, budget=budget, cached=op.cached
                )
                if single:  # balance: then repeated, from the cache
                    result.update(
                        passes(call, args[op.name] * 20, requests=20, budget=budget, cached=False)
                    )
                    result["cached"] = result.pop("cold")
            except TimeoutError:
                result = {"timed_out_after_s": timeout}
            except RuntimeError as err:  # an error answer: report it, go on with the rest
                result = {"error": str(err)[:1000]}
            result["response_kb"] = round(sum(sizes) / max(1, len(sizes)) / 1024, 1)
            found[op.name] = result
            say(f"  http   {op.name:30} {_brief(result)}")
            if "timed_out_after_s" in result:
                break  # the server is still busy with it
    return found


def _floor(client: Connection) -> dict[str, Any]:
    """What a round trip costs this client and server before any GraphQL: the least an HTTP
    answer can take, to read the API/direct ratios of sub-millisecond operations against."""

    def call(_: object) -> None:
        status, body = client.get("/healthz")
        if status != 200:
            raise RuntimeError(f"/healthz: {status} {body[:200]!r}")

    return passes(call, [None] * 520, requests=500, budget=10.0, cached=False)


def _brief(result: dict[str, Any]) -> str:
    parts = []
    for label in ("first", "cold", "cached"):
        if label in result and result[label].get("n"):
            r = result[label]
            parts.append(f"{label} p50 {r['p50_ms']:.1f} ms p99 {r['p99_ms']:.1f} ms n={r['n']}")
    if "error" in result:
        parts.append(f"error: {result['error'][:200]}")
    if "timed_out_after_s" in result:
        parts.append(f"timed out after {result['timed_out_after_s']} s")
    return "; ".join(parts)


def run_scale(
    files: SyntheticFiles,
    *,
    requests: int,
    budget: float,
    balance_timeout: float,
    work: Path,
    say: Callable[[str], None],
) -> dict[str, Any]:
    manifest = files.manifest()
    args = arguments(manifest)
    results: dict[str, Any] = {"dataset": manifest, "requests": requests, "budget_s": budget}
    load_wait = 1800.0
    for key, path, what in (
        ("load_seed_file", files.exported_seed_file, "as alliance-graph export writes it"),
        ("load_seed_file_generated", files.seed_file, "in the generator's order"),
    ):
        say(f"  loading the seed file {what}, in a clean process")
        seed = _lines(["-m", "benchmarks.direct", "seed-file", str(path)], lambda _: load_wait)
        results[key] = seed[0]["load"] if seed and "load" in seed[0] else seed
        say(f"    {results[key]}")

    spec = work / "direct-spec.json"
    spec.write_text(json.dumps({"args": args, "requests": requests, "budget": budget}))
    say("  loading the SQLite store in a clean process, then timing direct calls")

    def deadline(step: str | None) -> float:
        if step is None:
            return load_wait
        return balance_timeout if step == "balance" else budget * 3 + 600

    direct = _lines(["-m", "benchmarks.direct", "store", str(files.store), str(spec)], deadline)
    results["load_store"] = direct[0].get("load", direct[0]) if direct else None
    say(f"    {results['load_store']}")
    results["direct"] = {r["operation"]: r for r in direct[1:] if "operation" in r}
    results["networkx"] = {r["stock"]: r for r in direct[1:] if "stock" in r}
    for label in ("direct", "networkx"):
        for name, r in results[label].items():
            say(f"  {label[:6]} {name:30} {_brief(r)}")

    say("  starting alliance-graph serve --data STORE")
    argv = ["-m", "schema.cli", "serve", "--data", str(files.store)]
    if "--analytics-seconds" in _serve_help():  # let balance finish, to time it
        argv += ["--analytics-seconds", str(balance_timeout)]
    results["server_argv"] = argv
    with running(argv, work / "scale-server.log", start_timeout=load_wait) as server:
        results["server_start_s"] = round(server.started_in, 2)
        results["server_memory_after_start"] = memory_mb(server.process.pid)
        say(f"    up in {server.started_in:.1f} s, {results['server_memory_after_start']}")
        started = time.perf_counter()
        results["http"] = _http(server.url, args, requests, budget, balance_timeout, say)
        results["http_seconds"] = round(time.perf_counter() - started, 1)
        results["server_memory_after_queries"] = memory_mb(server.process.pid)
    results["ratios"] = _ratios(results["http"], results["direct"])
    results["ratios_above_http_floor"] = _ratios(
        results["http"], results["direct"], above_floor=True
    )
    results["ratios_networkx"] = _ratios(results["http"], results["networkx"])
    return results


def _ratios(
    http: dict[str, Any], direct: dict[str, Any], *, above_floor: bool = False
) -> dict[str, float | None]:
    """p50 over HTTP (cold, or the first balance) over p50 of the direct call; with
    ``above_floor``, the HTTP p50 less the bare round trip's p50 first."""
    floor = http.get("http floor (GET /healthz)", {}).get("cold", {}).get("p50_ms", 0.0)
    found: dict[str, float | None] = {}
    for name, h in http.items():
        d = direct.get(name)
        if d is None:
            continue
        hp = (h.get("cold") or h.get("first") or {}).get("p50_ms")
        dp = (d.get("cold") or d.get("first") or {}).get("p50_ms")
        if hp and above_floor:
            hp = max(hp - floor, 0.0)
        found[name] = round(hp / dp, 2) if hp is not None and dp else None
    return found
