"""Apollo's automatic persisted queries across real ``alliance-graph serve`` processes over one
store (an SQLite file, a PostgreSQL database): a hash registered at one replica is answered at
the other, after a restart, by either of two workers; the store keeps at most
``--persisted-queries`` of them and ``--persisted-queries-bytes`` of text; a damaged row is
never taken for its query; a file from before the table existed still opens."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx2
import psycopg
import pytest

from graph.dataset.parse import Dataset
from graph.persistence.opening import open_storage
from graph.persistence.persisted_queries import sha256_of
from tests.servers import running_server
from tests.writes import open_editor

QUERY = 'query Iran { actor(key: "iran") { name } }'
IRAN = {"data": {"actor": {"name": "Iran"}}}


@pytest.fixture(params=["sqlite", "postgresql"])
def data(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    location = (
        str(tmp_path / "shared.sqlite3")
        if request.param == "sqlite"
        else str(request.getfixturevalue("postgres_url"))
    )
    open_editor(location).close()
    return location


@pytest.fixture
def replicas(data: str) -> Iterator[tuple[str, str]]:
    with ExitStack() as stack:
        one = stack.enter_context(running_server("--data", data))
        two = stack.enter_context(running_server("--data", data))
        yield one, two


def extensions(query: str) -> dict[str, Any]:
    sha = hashlib.sha256(query.encode()).hexdigest()
    return {"persistedQuery": {"version": 1, "sha256Hash": sha}}


def register(base: str, query: str, client: httpx2.Client | None = None) -> httpx2.Response:
    body = {"query": query, "extensions": extensions(query)}
    return (client or httpx2).post(f"{base}/graphql", json=body, timeout=30)


def hash_only(base: str, query: str, client: httpx2.Client | None = None) -> httpx2.Response:
    body = {"extensions": extensions(query)}
    return (client or httpx2).post(f"{base}/graphql", json=body, timeout=30)


def not_found(response: httpx2.Response) -> bool:
    errors = response.json().get("errors") or [{}]
    return bool(errors[0].get("extensions", {}).get("code") == "PERSISTED_QUERY_NOT_FOUND")


def test_a_hash_registered_at_one_replica_is_answered_at_the_other(
    replicas: tuple[str, str],
) -> None:
    one, two = replicas
    assert not_found(hash_only(two, QUERY))
    assert register(one, QUERY).json() == IRAN
    answered = hash_only(two, QUERY)
    assert answered.status_code == 200
    assert answered.json() == IRAN
    params = {"extensions": json.dumps(extensions(QUERY)), "operationName": "Iran"}
    got = httpx2.get(f"{two}/graphql", params=params, timeout=30)
    assert got.json() == IRAN
    assert got.headers["etag"]
    # Not a change of the graph: no version moved, nothing in the history.
    history = {"query": "{ graphVersion history { totalCount } }"}
    for base in replicas:
        answer = httpx2.post(f"{base}/graphql", json=history, timeout=30).json()
        assert answer == {"data": {"graphVersion": 1, "history": {"totalCount": 1}}}


def test_a_registered_hash_is_answered_after_every_server_restarted(data: str) -> None:
    with running_server("--data", data) as before:
        assert register(before, QUERY).json() == IRAN
    with running_server("--data", data) as one, running_server("--data", data) as two:
        assert hash_only(one, QUERY).json() == IRAN
        assert hash_only(two, QUERY).json() == IRAN


def test_either_of_two_workers_answers_a_hash_registered_at_one(data: str) -> None:
    with running_server("--data", data, "--workers", "2") as base:
        with httpx2.Client() as first:
            assert register(base, QUERY, first).json() == IRAN
            registered_at = first.get(f"{base}/healthz").json()["process"]
        answered_by: set[int] = set()
        for _ in range(200):
            with httpx2.Client() as fresh:  # a new connection: the kernel picks a worker
                assert hash_only(base, QUERY, fresh).json() == IRAN
                answered_by.add(fresh.get(f"{base}/healthz").json()["process"])
            if answered_by - {registered_at}:
                break
        assert answered_by - {registered_at}, "no other worker answered"


def test_the_store_forgets_the_least_recently_registered_past_the_limit(data: str) -> None:
    queries = [f"{{ a{n}: graphVersion }}" for n in range(3)]
    bound = ("--persisted-queries", "2")
    with running_server("--data", data, *bound) as one:
        for query in queries:
            assert "errors" not in register(one, query).json()
    with running_server("--data", data, *bound) as two:
        assert not_found(hash_only(two, queries[0]))
        assert hash_only(two, queries[2]).json() == {"data": {"a2": 1}}
        assert register(two, queries[0]).json() == {"data": {"a0": 1}}  # registered again
    with running_server("--data", data, *bound) as three:
        assert hash_only(three, queries[0]).json() == {"data": {"a0": 1}}
        assert not_found(hash_only(three, queries[1]))  # now the least recently registered
    assert stored(data, queries) == [True, False, True]


def test_the_store_keeps_at_most_persisted_queries_bytes_of_text(data: str) -> None:
    short, longer = "{ graphVersion }", "{ b: graphVersion c: graphVersion }"
    bound = ("--persisted-queries-bytes", str(len(longer) + 4))
    with running_server("--data", data, *bound) as one:
        assert "errors" not in register(one, short).json()
        assert "errors" not in register(one, longer).json()
    assert stored(data, [short, longer]) == [False, True]


def test_a_damaged_row_is_not_taken_for_its_query_and_registering_mends_it(data: str) -> None:
    with running_server("--data", data) as one:
        assert register(one, QUERY).json() == IRAN
    damage = "UPDATE persisted_queries SET query = '{ graphVersion }'"
    if data.startswith("postgresql"):
        with psycopg.connect(data, autocommit=True) as db:
            db.execute(damage)
    else:
        with sqlite3.connect(data) as db:
            db.execute(damage)
    with running_server("--data", data) as two:
        assert not_found(hash_only(two, QUERY))
        assert register(two, QUERY).json() == IRAN
    with running_server("--data", data) as three:
        assert hash_only(three, QUERY).json() == IRAN


def test_a_file_from_before_persisted_queries_opens_and_keeps_them(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    open_editor(path).close()
    with sqlite3.connect(path) as db:  # the file as the previous version left it
        db.execute("DROP TABLE persisted_queries")
    with running_server("--data", str(path)) as one:
        assert register(one, QUERY).json() == IRAN
    with running_server("--data", str(path)) as two:
        assert hash_only(two, QUERY).json() == IRAN


def stored(location: str, queries: list[str]) -> list[bool]:
    """Which of ``queries`` the store itself holds."""
    storage = open_storage(location, Dataset((), (), ()))
    try:
        table = storage.persisted_queries()
        assert table is not None
        return [table.find(sha256_of(query)) == query for query in queries]
    finally:
        storage.close()
