"""A replica joining a large store: from starting ``serve --data`` until ``/readyz`` says 200.

Over SQLite, the generator's store as it is cached. Over PostgreSQL, the seed file
``alliance-graph export`` wrote from that store, imported first with ``alliance-graph import``
into a new database (timed too, with the importer's peak memory), then the replica started.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx2

from benchmarks.files import SyntheticFiles
from benchmarks.processes import memory_mb, running

if TYPE_CHECKING:
    from tests.postgres import Cluster

__all__ = ["join_postgres", "join_sqlite"]

IMPORT_TIMEOUT_S = 3600.0
START_TIMEOUT_S = 1800.0


def _joined(argv: Sequence[str], log: Path) -> dict[str, Any]:
    start = time.perf_counter()
    with running(argv, log, start_timeout=START_TIMEOUT_S) as server:
        answered = time.perf_counter() - start
        while httpx2.get(f"{server.url}/readyz", timeout=30).status_code != 200:
            if time.perf_counter() - start > START_TIMEOUT_S:
                raise RuntimeError(f"{argv} never became ready")
            time.sleep(0.02)
        ready = time.perf_counter() - start
        health = server.health()
        memory = memory_mb(server.process.pid)
    return {
        "relationships": health["relationships"],
        "healthz_s": round(answered, 2),
        "ready_s": round(ready, 2),
        "server_memory": memory,
    }


def join_sqlite(files: SyntheticFiles, *, work: Path, say: Callable[[str], None]) -> dict[str, Any]:
    found = _joined(["-m", "schema.cli", "serve", "--data", str(files.store)], work / "join.log")
    found["store_mb"] = round(files.store.stat().st_size / 2**20)
    say(f"  a replica joins the SQLite store: {found}")
    return found


def join_postgres(
    files: SyntheticFiles, cluster: Cluster, *, work: Path, say: Callable[[str], None]
) -> dict[str, Any]:
    url = cluster.new_database("joining")
    source = files.exported_seed_file
    say(f"  importing {source.name} into PostgreSQL (alliance-graph import)")
    command = [sys.executable, "-m", "schema.cli", "import", str(source), "--data", url]
    start = time.perf_counter()
    with (work / "import.log").open("wb") as log:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            break
        if time.perf_counter() - start > IMPORT_TIMEOUT_S:
            process.kill()
            process.wait()
            raise RuntimeError(f"alliance-graph import took over {IMPORT_TIMEOUT_S} s")
        time.sleep(0.2)
    imported = time.perf_counter() - start
    if process.returncode != 0:
        tail = (work / "import.log").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"alliance-graph import failed:\n{tail}")
    say(f"  imported in {imported:.0f} s (peak {usage.ru_maxrss / 1024:.0f} MB)")
    found = _joined(["-m", "schema.cli", "serve", "--data", url], work / "join-postgres.log")
    found["import_s"] = round(imported, 1)
    found["import_peak_mb"] = round(usage.ru_maxrss / 1024)
    found["database_mb"] = round(_database_bytes(url) / 2**20)
    say(f"  a replica joins the PostgreSQL database: {found}")
    return found


def _database_bytes(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as db:
        row = db.execute("SELECT pg_database_size(current_database())").fetchone()
    assert row is not None
    return int(row[0])
