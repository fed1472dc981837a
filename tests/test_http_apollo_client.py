"""Apollo Client (npm ``@apollo/client``, pinned in ``tests/apollo/package-lock.json``)
against a real server: automatic persisted queries through ``createPersistedQueryLink``,
a dated actor kept apart from today's in ``InMemoryCache``, and a ``BatchHttpLink`` batch.
The script itself asserts each step (``tests/apollo/client.mjs``) and prints what it saw."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.servers import running_server

APOLLO = Path(__file__).resolve().parent / "apollo"


def test_apollo_client_persists_queries_keeps_dated_views_apart_and_batches() -> None:
    node = shutil.which("node")
    if node is None or not (APOLLO / "node_modules" / "@apollo" / "client").is_dir():
        pytest.skip("needs node and `npm ci --prefix tests/apollo` (make test and CI do both)")
    with running_server() as base:
        done = subprocess.run(
            [node, str(APOLLO / "client.mjs"), f"{base}/graphql"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode == 0, done.stderr[-4000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["persistedQueries"]["unknown"] == 200
    assert report["persistedQueries"]["hashed"] == 200
    assert report["timeTravel"] == {"dated": 1, "today": 2}
    assert report["batching"] == {"requests": 1, "operations": 2}
