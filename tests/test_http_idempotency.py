"""``Idempotency-Key`` through the real app over a real SQLite file: a mutation sent again with
its key is answered as the first time and applied once; another body, a bad key, several
mutations are refused; a query ignores the key; a refused mutation keeps no key; keys expire."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import httpx2
import pytest
from starlette.testclient import TestClient

from graph.persistence.editor import Editor
from schema.http.app import create_app
from schema.http.idempotency import ANSWER_WAIT_S
from schema.http.limits import Limits
from tests.writes import ANN, BOB, TOKENS, open_editor

# The curl example of docs/api.md ("Mutations").
ADD = "mutation($input: RelationshipInput!) { addRelationship(input: $input) { key valence } }"
INPUT = {
    "relation": "OPPOSES",
    "source": "us",
    "target": "isis",
    "date": "2016-08-17",
    "evidence": [{"source": "nbc-2016-08-16", "quote": "striking extremists in Syria"}],
}
FIRST = {"data": {"addRelationship": {"key": "us-opposes-isis-2016-08-17", "valence": "HOSTILE"}}}
STATE = "{ graphVersion history(first: 1) { totalCount } }"


@contextmanager
def app(path: Path, **limits: Any) -> Iterator[tuple[TestClient, Editor]]:
    editor = open_editor(path)
    try:
        with TestClient(create_app(editor, tokens=TOKENS, limits=Limits(**limits))) as client:
            yield client, editor
    finally:
        editor.close()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[TestClient, Editor]]:
    with app(tmp_path / "g.sqlite3") as pair:
        yield pair


def add(
    client: TestClient | httpx2.Client, key: str | None, headers: dict[str, str] = ANN, **input: Any
) -> httpx2.Response:
    sent = {**headers, **({} if key is None else {"idempotency-key": key})}
    body = {"query": ADD, "variables": {"input": {**INPUT, **input}}}
    return client.post("/graphql", json=body, headers=sent)


def state(client: TestClient, at_least: int = 0) -> tuple[int, int]:
    wait = {"x-min-graph-version": str(at_least)}
    data = client.post("/graphql", json={"query": STATE}, headers=wait).json()["data"]
    return data["graphVersion"], data["history"]["totalCount"]


def code(response: httpx2.Response) -> str:
    (error,) = response.json()["errors"]
    return str(error["extensions"]["code"])


def test_without_a_key_the_same_mutation_twice_adds_two_relationships(
    served: tuple[TestClient, Editor],
) -> None:
    client, _ = served
    keys = [add(client, None).json()["data"]["addRelationship"]["key"] for _ in range(2)]
    assert keys == ["us-opposes-isis-2016-08-17", "us-opposes-isis-2016-08-17-2"]


def test_the_same_mutation_twice_with_its_key_adds_one_and_answers_twice_the_same(
    served: tuple[TestClient, Editor],
) -> None:
    client, editor = served
    first = add(client, "retry-1")
    second = add(client, '"retry-1"')  # the draft's form: a structured-field string
    assert first.status_code == second.status_code == 200
    assert first.json() == FIRST
    assert second.content == first.content
    assert first.headers["x-graph-version"] == second.headers["x-graph-version"] == "2"
    assert "idempotent-replayed" not in first.headers
    assert second.headers["idempotent-replayed"] == "true"
    assert second.headers["content-type"] == first.headers["content-type"]
    assert state(client) == (2, 2)
    assert editor.graph.relationship("us-opposes-isis-2016-08-17-2") is None


def test_a_replay_answers_in_the_media_type_the_retry_asks_for(
    served: tuple[TestClient, Editor],
) -> None:
    client, _ = served
    first = add(client, "retry-1")
    accept = {**ANN, "accept": "application/graphql-response+json"}
    second = add(client, "retry-1", accept)
    assert second.content == first.content
    assert second.headers["content-type"] == "application/graphql-response+json; charset=utf-8"


def test_the_same_key_with_another_body_is_refused_and_changes_nothing(
    served: tuple[TestClient, Editor],
) -> None:
    client, _ = served
    add(client, "retry-1")
    other = add(client, "retry-1", date="2016-08-18")
    assert other.status_code == 422
    assert code(other) == "IDEMPOTENCY_KEY_REUSED"
    assert (
        "'retry-1' was used for another request (version 2)" in other.json()["errors"][0]["message"]
    )
    assert state(client) == (2, 2)


def test_keys_are_each_token_s_own(served: tuple[TestClient, Editor]) -> None:
    client, _ = served
    anns = add(client, "retry-1").json()["data"]["addRelationship"]["key"]
    bobs = add(client, "retry-1", BOB).json()["data"]["addRelationship"]["key"]
    assert (anns, bobs) == ("us-opposes-isis-2016-08-17", "us-opposes-isis-2016-08-17-2")


@pytest.mark.parametrize("key", ["", '""', "x" * 256, "caf\u00e9", "tab\there"])
def test_a_bad_key_is_a_400_naming_it(served: tuple[TestClient, Editor], key: str) -> None:
    client, _ = served
    answer = client.post(
        "/graphql",
        json={"query": ADD, "variables": {"input": INPUT}},
        headers={b"authorization": ANN["authorization"].encode(), b"idempotency-key": key.encode()},
    )
    assert answer.status_code == 400
    assert code(answer) == "BAD_IDEMPOTENCY_KEY"
    assert "Idempotency-Key must be 1 to 255 printable ASCII" in answer.text
    assert state(client) == (1, 1)


def test_a_key_of_255_characters_is_taken(served: tuple[TestClient, Editor]) -> None:
    client, _ = served
    assert add(client, "k" * 255).json() == FIRST
    assert add(client, "k" * 255).headers["idempotent-replayed"] == "true"


@pytest.mark.parametrize("key", ["q", ""])
def test_a_key_on_a_query_is_ignored_whatever_it_is(
    served: tuple[TestClient, Editor], key: str
) -> None:
    client, _ = served
    for _ in range(2):
        answer = client.post("/graphql", json={"query": STATE}, headers={"idempotency-key": key})
        assert answer.json() == {"data": {"graphVersion": 1, "history": {"totalCount": 1}}}
        assert "idempotent-replayed" not in answer.headers


def test_a_key_on_several_mutations_at_once_is_refused(served: tuple[TestClient, Editor]) -> None:
    client, _ = served
    two = """
    mutation { a: addSource(input: {id: "bbc", publisher: "BBC"}) { id } ...More }
    fragment More on Mutation { b: addSource(input: {id: "ap", publisher: "AP"}) { id } }
    """
    answer = client.post("/graphql", json={"query": two}, headers={**ANN, "idempotency-key": "k"})
    assert answer.status_code == 400
    assert code(answer) == "IDEMPOTENCY_KEY_ONE_MUTATION"
    assert state(client) == (1, 1)


def test_a_write_without_a_token_is_refused_as_without_a_key(
    served: tuple[TestClient, Editor],
) -> None:
    client, _ = served
    for _ in range(2):
        assert code(add(client, "retry-1", {})) == "UNAUTHENTICATED"
    assert add(client, "retry-1").json() == FIRST


def test_a_mutation_the_rules_refuse_keeps_no_key_and_its_retry_runs_again(
    served: tuple[TestClient, Editor],
) -> None:
    client, _ = served
    refused = add(client, "retry-1", target="hezbollah")
    assert code(refused) == "UNKNOWN_ACTOR"
    create = 'mutation { createActor(input: {key: "hezbollah", name: "H", kind: STATE}) { key } }'
    assert "errors" not in client.post("/graphql", json={"query": create}, headers=ANN).json()
    again = add(client, "retry-1", target="hezbollah")
    assert again.json()["data"]["addRelationship"]["key"] == "us-opposes-hezbollah-2016-08-17"
    assert "idempotent-replayed" not in again.headers


def test_an_answer_its_server_never_stored_is_rebuilt_from_the_change(tmp_path: Path) -> None:
    path = tmp_path / "g.sqlite3"
    with app(path) as (client, _):
        first = add(client, "retry-1")
        # As if the server had died between its commit and storing its answer.
        with closing(sqlite3.connect(path)) as db:
            db.execute("UPDATE idempotency SET response = NULL")
            db.commit()
        started = time.monotonic()
        second = add(client, "retry-1")
        assert second.content == first.content
        assert second.headers["idempotent-replayed"] == "true"
        assert second.headers["x-graph-version"] == "2"
        assert time.monotonic() - started < ANSWER_WAIT_S + 1
        assert state(client) == (2, 2)
        with closing(sqlite3.connect(path)) as db:
            (stored,) = db.execute("SELECT response FROM idempotency").fetchone()
        assert stored.encode() == first.content


def test_a_key_is_forgotten_after_its_retention(tmp_path: Path) -> None:
    path = tmp_path / "g.sqlite3"
    with app(path, idempotency_hours=0.5 / 3600) as (client, _):
        add(client, "old")
        assert add(client, "retry-1").json()["data"]["addRelationship"]["key"].endswith("-2")
        assert add(client, "retry-1").headers["idempotent-replayed"] == "true"
        time.sleep(0.6)
        again = add(client, "retry-1")
        assert again.json()["data"]["addRelationship"]["key"] == "us-opposes-isis-2016-08-17-3"
        assert "idempotent-replayed" not in again.headers
        with closing(sqlite3.connect(path)) as db:
            kept = db.execute("SELECT key, version FROM idempotency").fetchall()
        assert kept == [("retry-1", 4)]  # the expired key was deleted when this one was answered


def test_one_key_sent_at_once_to_two_servers_over_one_file_is_applied_once(
    tmp_path: Path,
) -> None:
    path = tmp_path / "g.sqlite3"
    open_editor(path).close()
    with app(path) as (one, _), app(path) as (two, _):
        for n in range(5):

            def send(client: TestClient, n: int = n) -> httpx2.Response:
                return add(client, f"race-{n}", date=f"2016-09-0{n + 1}")

            with ThreadPoolExecutor(2) as pool:
                answers = list(pool.map(send, (one, two)))
            assert answers[0].content == answers[1].content
            assert "errors" not in answers[0].json()
            assert answers[0].headers["x-graph-version"] == answers[1].headers["x-graph-version"]
        assert state(one, 6) == state(two, 6) == (6, 6)
