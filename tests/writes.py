"""Shared set-up for tests that write: a real SQLite file and the real app with tokens."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from graph import load_dataset, seed_path
from graph.persistence.editor import Editor
from graph.persistence.opening import open_storage
from graph.persistence.sqlite.store import SQLiteStorage
from schema.http.app import create_app
from schema.http.auth import Tokens

TOKENS = Tokens.parse(["ann=ann-secret", "bob=bob-secret"])
ANN = {"authorization": "Bearer ann-secret"}
BOB = {"authorization": "Bearer bob-secret"}


def open_editor(path: Path | str) -> Editor:
    return Editor.open(open_storage(path, load_dataset(seed_path())))


@contextmanager
def writable_app(path: Path, tokens: Tokens = TOKENS) -> Iterator[tuple[TestClient, Editor]]:
    editor = open_editor(path)
    try:
        with TestClient(create_app(editor, tokens=tokens)) as client:
            yield client, editor
    finally:
        editor.close()


def gql(
    client: TestClient, query: str, headers: dict[str, str] | None = None, **variables: Any
) -> dict[str, Any]:
    response = client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers or {}
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def stored_rows(path: Path) -> tuple[int, str]:
    """The stored version and a dump of every stored record, read from the file itself."""
    import json

    with SQLiteStorage(path) as store:
        dataset, version = store.load()
    from graph.dataset.parse import dump_dataset

    return version, json.dumps(dump_dataset(dataset), sort_keys=True)
