"""What the quick execution path buys: the same cold requests with it and without it.

Two apps serve two copies of the same graph in this process, one made with the quick path and
one with ``ALLIANCE_GRAPH_QUICK_PATH=off`` (stock strawberry and graphql-core execution). Every
request goes through the whole app (Starlette's test client: routing, the response cache,
strawberry's view, parse and validation caches, execution, JSON). Each argument of each
operation is asked once of each app, in alternating order, so every timed request is cold (a
miss of the response cache and of anything else kept per question), and the two paths share
the machine's noise. Mutations (``addRelationship``, durable in a SQLite file) are timed the
same way, one app per store copy.

The share reported is ``1 - quick / stock`` of the summed cold time of an operation.
"""

from __future__ import annotations

import os
import shutil
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from benchmarks.files import SyntheticFiles
from benchmarks.operations import OPERATIONS, arguments
from graph import load_dataset, seed_path
from graph.persistence.editor import Editor
from graph.persistence.opening import open_storage
from schema.http.app import create_app
from schema.http.auth import Tokens
from schema.schema import QUICK_PATH_SETTING

__all__ = ["run_quick_path"]

TOKEN = "bench-quick"
ADD = """mutation($date: Date!) { addRelationship(input: {source: "us", target: "isis",
  relation: OPPOSES, date: $date, evidence: [{source: "nbc-2016-08-16",
  quote: "striking extremists in Syria"}]}) { key relation date source { key name }
  target { key name } } }"""


@contextmanager
def _app(store: Path, quick: bool, seed: Path) -> Iterator[TestClient]:
    before = os.environ.get(QUICK_PATH_SETTING)
    os.environ[QUICK_PATH_SETTING] = "on" if quick else "off"
    editor = Editor.open(open_storage(store, load_dataset(seed)))
    try:
        app = create_app(editor, tokens=Tokens.parse([f"bench={TOKEN}"]))
    finally:
        if before is None:
            del os.environ[QUICK_PATH_SETTING]
        else:
            os.environ[QUICK_PATH_SETTING] = before
    try:
        with TestClient(app) as client:
            yield client
    finally:
        editor.close()


def _timed(client: TestClient, body: dict[str, Any], headers: dict[str, str]) -> float:
    start = time.perf_counter()
    response = client.post("/graphql", json=body, headers=headers)
    took = time.perf_counter() - start
    answer = response.json()
    if response.status_code != 200 or answer.get("errors"):
        raise RuntimeError(f"{body['query'][:60]!r} failed: {response.text[:300]}")
    return took


def _compare(
    apps: dict[bool, TestClient], bodies: list[dict[str, Any]], headers: dict[str, str]
) -> dict[str, Any]:
    times: dict[bool, list[float]] = {True: [], False: []}
    for i, body in enumerate(bodies):
        for quick in (True, False) if i % 2 == 0 else (False, True):
            times[quick].append(_timed(apps[quick], body, headers))
    quick_s, stock_s = sum(times[True]), sum(times[False])
    return {
        "n": len(bodies),
        "quick_ms_p50": round(statistics.median(times[True]) * 1000, 3),
        "stock_ms_p50": round(statistics.median(times[False]) * 1000, 3),
        "quick_s": round(quick_s, 4),
        "stock_s": round(stock_s, 4),
        "share_saved": round(1 - quick_s / stock_s, 3),
    }


def _seed_arguments() -> dict[str, list[Any]]:
    dataset = load_dataset(seed_path())
    keys = [a.key for a in dataset.actors]
    pairs = [[a, b] for a in keys for b in keys if a < b]
    return arguments({"typical_actors": keys, "routes": pairs[:64], "pairs": pairs[:64]})


def _reads(stores: dict[bool, Path], seed: Path, args: dict[str, list[Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    with ExitStack() as stack:
        apps = {quick: stack.enter_context(_app(stores[quick], quick, seed)) for quick in stores}
        for op in OPERATIONS:
            if op.name == "balance":
                continue  # one small answer computed in a child: nothing for a path to save
            bodies = [{"query": op.query, "variables": op.variables(a)} for a in args[op.name]]
            found[op.name] = _compare(apps, bodies, {})
    return found


def _writes(work: Path, count: int) -> dict[str, Any]:
    stores = {quick: work / f"quick-{quick}.sqlite3" for quick in (True, False)}
    with ExitStack() as stack:
        apps = {q: stack.enter_context(_app(stores[q], q, seed_path())) for q in stores}
        days = [f"{2000 + i // 336}-{i // 28 % 12 + 1:02d}-{i % 28 + 1:02d}" for i in range(count)]
        bodies = [{"query": ADD, "variables": {"date": day}} for day in days]
        return _compare(apps, bodies, {"authorization": f"Bearer {TOKEN}"})


def run_quick_path(
    files: SyntheticFiles | None, work: Path, say: Callable[[str], None]
) -> dict[str, Any]:
    """Cold reads on the seed (and on ``files``' graph) and mutations, quick path against stock."""
    results: dict[str, Any] = {}
    seed = {q: work / f"seed-{q}.sqlite3" for q in (True, False)}
    results["seed"] = _reads(seed, seed_path(), _seed_arguments())
    _print(say, "seed", results["seed"])
    if files is not None:
        copies = {}
        for quick in (True, False):
            copies[quick] = work / f"large-{quick}.sqlite3"
            shutil.copyfile(files.store, copies[quick])
        say("  loading two copies of the generated graph")
        results["large"] = _reads(copies, files.seed_file, arguments(files.manifest()))
        _print(say, "large", results["large"])
    results["mutations"] = {"addRelationship": _writes(work, 200)}
    _print(say, "mutations", results["mutations"])
    return results


def _print(say: Callable[[str], None], graph: str, found: dict[str, Any]) -> None:
    for name, r in found.items():
        say(
            f"  {graph:9} {name:30} quick {r['quick_ms_p50']:9.3f} ms  stock "
            f"{r['stock_ms_p50']:9.3f} ms (p50 of {r['n']})  saved {r['share_saved']:6.1%}"
        )
