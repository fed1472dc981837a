"""Two apps over one SQLite file, as two processes serving one graph: each follows the other's
writes, says which version it answers from, and waits for a version a client names."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from graph import load_dataset, seed_path
from graph.persistence.editor import Editor
from graph.persistence.opening import open_storage
from graph.persistence.sqlite.store import SQLiteStorage
from schema.http.app import create_app
from schema.http.auth import Tokens
from schema.http.limits import Limits

TOKEN = {"authorization": "Bearer s3cret"}
CREATE = "mutation ($k: String!) { createActor(input: {key: $k, name: $k, kind: STATE}) { key } }"
ACTOR = "query ($k: String!) { actor(key: $k) { key } }"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    file = tmp_path / "shared.sqlite3"
    open_storage(file, load_dataset(seed_path())).close()
    return file


def serving(path: Path, wait: float = 5.0) -> TestClient:
    editor = Editor.open(SQLiteStorage(path))
    app = create_app(
        editor, tokens=Tokens.parse(["ann=s3cret"]), limits=Limits(max_version_wait=wait)
    )
    return TestClient(app)


@pytest.fixture
def pair(path: Path) -> Iterator[tuple[TestClient, TestClient]]:
    with serving(path) as one, serving(path) as two:
        yield one, two


def test_every_response_says_the_version_it_answers_from(
    pair: tuple[TestClient, TestClient],
) -> None:
    one, _ = pair
    assert one.get("/healthz").headers["x-graph-version"] == "1"
    done = one.post("/graphql", json={"query": CREATE, "variables": {"k": "a"}}, headers=TOKEN)
    assert done.json() == {"data": {"createActor": {"key": "a"}}}
    assert done.headers["x-graph-version"] == "2"  # the version the mutation committed


def test_a_write_on_one_is_read_on_the_other_with_the_version_it_committed(
    pair: tuple[TestClient, TestClient],
) -> None:
    one, two = pair
    done = one.post("/graphql", json={"query": CREATE, "variables": {"k": "a"}}, headers=TOKEN)
    version = done.headers["x-graph-version"]
    read = two.post(
        "/graphql",
        json={"query": ACTOR, "variables": {"k": "a"}},
        headers={"x-min-graph-version": version},
    )
    assert read.json() == {"data": {"actor": {"key": "a"}}}
    assert int(read.headers["x-graph-version"]) >= int(version)


def test_the_other_takes_a_write_in_by_itself_within_moments(
    pair: tuple[TestClient, TestClient],
) -> None:
    one, two = pair
    one.post("/graphql", json={"query": CREATE, "variables": {"k": "a"}}, headers=TOKEN)
    deadline = time.monotonic() + 5
    while two.get("/healthz").json()["version"] < 2:
        assert time.monotonic() < deadline, "the follower never took the write in"
        time.sleep(0.01)
    assert two.get("/readyz").json() == {"ready": True, "version": 2, "behind": 0}


def test_a_version_not_reached_in_time_is_a_clear_503(path: Path) -> None:
    with serving(path, wait=0.2) as one:
        started = time.monotonic()
        answer = one.get("/healthz", headers={"x-min-graph-version": "7"})
        assert time.monotonic() - started >= 0.2
    assert answer.status_code == 503
    assert answer.headers["retry-after"] == "1"
    (error,) = answer.json()["errors"]
    assert error["extensions"] == {"code": "VERSION_NOT_REACHED", "wanted": 7, "version": 1}
    assert "version 1, not yet 7" in error["message"]


@pytest.mark.parametrize("value", ["two", "-1", "1.5", "9" * 40])
def test_a_bad_min_version_header_is_a_400_naming_it(
    pair: tuple[TestClient, TestClient], value: str
) -> None:
    one, _ = pair
    answer = one.get("/healthz", headers={"x-min-graph-version": value})
    assert answer.status_code == 400
    (error,) = answer.json()["errors"]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert "X-Min-Graph-Version" in error["message"]


def test_an_import_into_the_store_by_another_process_is_served_and_writable(
    pair: tuple[TestClient, TestClient], path: Path
) -> None:
    one, _ = pair
    importer = Editor.open(SQLiteStorage(path))
    smaller = load_dataset(seed_path())
    importer.import_dataset(
        type(smaller)(smaller.sources, smaller.actors[:5], ()), "bob"
    )  # another process: `alliance-graph import` into the same file
    importer.close()
    count = "{ actors { totalCount } }"
    answer = one.post("/graphql", json={"query": count}, headers={"x-min-graph-version": "2"})
    assert answer.json() == {"data": {"actors": {"totalCount": 5}}}
    done = one.post("/graphql", json={"query": CREATE, "variables": {"k": "b"}}, headers=TOKEN)
    assert done.json() == {"data": {"createActor": {"key": "b"}}}
    assert done.headers["x-graph-version"] == "3"
