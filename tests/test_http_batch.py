"""Batched requests through the real app: an array of operations answers an array of results
in order, each member checked as a request of its own; the batch's size is bounded."""

from __future__ import annotations

import hashlib
from pathlib import Path

from starlette.testclient import TestClient

from graph import AllianceGraph
from schema.http.app import create_app
from schema.http.limits import Limits
from tests.writes import ANN, writable_app

IRAN = {"query": '{ actor(key: "iran") { name } }'}
UNKNOWN_FIELD = {"query": "{ noSuchField }"}


def test_a_batch_answers_each_operation_in_order(client: TestClient) -> None:
    batch = [IRAN, {"query": "query ($k: String!) { actor(key: $k) { key } }",
                    "variables": {"k": "russia"}}]  # fmt: skip
    response = client.post("/graphql", json=batch)
    assert response.status_code == 200
    assert response.json() == [
        {"data": {"actor": {"name": "Iran"}}},
        {"data": {"actor": {"key": "russia"}}},
    ]


def test_a_failing_member_has_its_own_errors_and_codes(client: TestClient) -> None:
    response = client.post(
        "/graphql",
        json=[IRAN, UNKNOWN_FIELD],
        headers={"accept": "application/graphql-response+json"},
    )
    assert response.status_code == 200
    first, second = response.json()
    assert first == {"data": {"actor": {"name": "Iran"}}}
    assert second["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


def test_a_batch_larger_than_the_limit_is_refused_naming_both(seed_graph: AllianceGraph) -> None:
    with TestClient(create_app(seed_graph, limits=Limits(max_batch=2))) as client:
        assert client.post("/graphql", json=[IRAN, IRAN]).status_code == 200
        response = client.post("/graphql", json=[IRAN, IRAN, IRAN])
    assert response.status_code == 400
    assert "a batch of 3 operations is more than the limit of 2" in response.text


def test_a_malformed_batch_is_a_400_naming_the_member(client: TestClient) -> None:
    for batch, words in (
        ([], "empty"),
        ([IRAN, 7], "operation 1 of the batch must be a JSON object"),
        ([{"query": 1}], "operation 0 of the batch: `query` must be a string"),
    ):
        response = client.post("/graphql", json=batch)
        assert response.status_code == 400
        assert words in response.text


def test_a_mutation_in_a_batch_needs_a_token_as_alone(tmp_path: Path) -> None:
    mutation = {"query": 'mutation { updateActor(key: "iran", input: {description: "x"}) { key } }'}
    with writable_app(tmp_path / "g.sqlite3") as (client, _):
        refused = client.post("/graphql", json=[IRAN, mutation]).json()
        assert refused[0] == {"data": {"actor": {"name": "Iran"}}}
        assert refused[1]["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        done = client.post("/graphql", json=[mutation, IRAN], headers=ANN).json()
        assert done[0] == {"data": {"updateActor": {"key": "iran"}}}


def test_an_idempotency_key_does_not_cover_a_batch_of_mutations(tmp_path: Path) -> None:
    mutation = {"query": 'mutation { updateActor(key: "iran", input: {description: "x"}) { key } }'}
    with writable_app(tmp_path / "g.sqlite3") as (client, _):
        headers = {**ANN, "idempotency-key": "k1"}
        response = client.post("/graphql", json=[mutation], headers=headers)
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "IDEMPOTENCY_KEY_ONE_MUTATION"


def test_a_batch_member_with_an_unknown_persisted_hash_alone_is_not_found(
    client: TestClient,
) -> None:
    sha = hashlib.sha256(b"{ graphVersion }").hexdigest()
    unknown = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": sha}}}
    first, second = client.post("/graphql", json=[IRAN, unknown]).json()
    assert first == {"data": {"actor": {"name": "Iran"}}}
    assert second["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
