"""Apollo's automatic persisted queries (version 1) through the real app: an unknown hash, a
query sent with its hash, a GET with the hash alone (ETag, 304, CDN-cacheable), a wrong hash,
an unsupported version, a mutation over GET, and the bound on what is remembered."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from graph import AllianceGraph
from schema.http.app import create_app
from schema.http.limits import Limits
from tests.writes import ANN, writable_app

QUERY = 'query Iran { actor(key: "iran") { name } }'
IRAN = {"data": {"actor": {"name": "Iran"}}}


def persisted(query: str, version: object = 1) -> dict[str, Any]:
    sha = hashlib.sha256(query.encode()).hexdigest()
    return {"persistedQuery": {"version": version, "sha256Hash": sha}}


def hash_only_get(client: TestClient, query: str, **headers: str) -> Any:
    params = {"extensions": json.dumps(persisted(query)), "operationName": "Iran"}
    return client.get("/graphql", params=params, headers=headers)


def test_an_unknown_hash_answers_persisted_query_not_found_with_200(client: TestClient) -> None:
    response = client.post("/graphql", json={"extensions": persisted("{ graphVersion }")})
    assert response.status_code == 200
    [error] = response.json()["errors"]
    assert error == {
        "message": "PersistedQueryNotFound",
        "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"},
    }


def test_a_query_sent_with_its_hash_is_remembered_for_the_hash_alone(client: TestClient) -> None:
    query = '{ actor(key: "russia") { key } }'
    sent = client.post("/graphql", json={"query": query, "extensions": persisted(query)})
    assert sent.json() == {"data": {"actor": {"key": "russia"}}}
    again = client.post("/graphql", json={"extensions": persisted(query)})
    assert again.status_code == 200
    assert again.json() == sent.json()


def test_a_get_with_the_hash_alone_is_cacheable_by_a_cdn(client: TestClient) -> None:
    assert hash_only_get(client, QUERY).json()["errors"][0]["message"] == "PersistedQueryNotFound"
    client.post("/graphql", json={"query": QUERY, "extensions": persisted(QUERY)})
    first = hash_only_get(client, QUERY)
    assert first.status_code == 200
    assert first.json() == IRAN
    assert first.headers["cache-control"] == "public, no-cache"
    etag = first.headers["etag"]
    again = hash_only_get(client, QUERY, **{"if-none-match": etag})
    assert again.status_code == 304
    assert again.headers["etag"] == etag


def test_a_hash_that_is_not_the_querys_is_refused(client: TestClient) -> None:
    response = client.post(
        "/graphql", json={"query": QUERY, "extensions": persisted("{ graphVersion }")}
    )
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "PERSISTED_QUERY_HASH_MISMATCH"
    assert hashlib.sha256(QUERY.encode()).hexdigest() in error["message"]


def test_an_unsupported_version_or_a_bad_hash_is_refused(client: TestClient) -> None:
    response = client.post("/graphql", json={"extensions": persisted(QUERY, version=2)})
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "PERSISTED_QUERY_VERSION_NOT_SUPPORTED"
    assert "version 2" in error["message"]
    bad = {"persistedQuery": {"version": 1, "sha256Hash": "abc"}}
    [error] = client.post("/graphql", json={"extensions": bad}).json()["errors"]
    assert error["extensions"]["code"] == "BAD_PERSISTED_QUERY"


def test_a_persisted_mutation_is_refused_over_get_and_runs_over_post(tmp_path: Path) -> None:
    mutation = 'mutation Iran { updateActor(key: "iran", input: {description: "x"}) { key } }'
    with writable_app(tmp_path / "g.sqlite3") as (client, _):
        posted = client.post(
            "/graphql", json={"query": mutation, "extensions": persisted(mutation)}, headers=ANN
        )
        assert posted.json() == {"data": {"updateActor": {"key": "iran"}}}
        response = hash_only_get(client, mutation, **ANN)
        assert response.status_code == 400
        assert "mutation" in response.text.lower()
        again = client.post("/graphql", json={"extensions": persisted(mutation)}, headers=ANN)
        assert again.json() == {"data": {"updateActor": {"key": "iran"}}}


def test_remembered_queries_are_bounded_least_recently_used_out(
    seed_graph: AllianceGraph,
) -> None:
    with TestClient(create_app(seed_graph, limits=Limits(persisted_queries=2))) as client:
        queries = [f"{{ a{n}: graphVersion }}" for n in range(3)]
        for query in queries:
            client.post("/graphql", json={"query": query, "extensions": persisted(query)})
        oldest = client.post("/graphql", json={"extensions": persisted(queries[0])}).json()
        assert oldest["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
        newest = client.post("/graphql", json={"extensions": persisted(queries[2])}).json()
        assert "errors" not in newest
