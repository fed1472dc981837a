"""The operation a request runs is chosen as the GraphQL spec says, and every wrong choice is a
GraphQL error with a code, never plain text or an internal error."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from graph import AllianceGraph
from schema.http.app import create_app

GRAPHQL_RESPONSE = "application/graphql-response+json"


@pytest.fixture
def client(seed_graph: AllianceGraph) -> TestClient:
    return TestClient(create_app(seed_graph))


def _error(client: TestClient, body: dict[str, Any], accept: str) -> tuple[int, dict[str, Any]]:
    answer = client.post("/graphql", json=body, headers={"accept": accept})
    assert answer.headers["content-type"].startswith(accept)
    (error,) = answer.json()["errors"]
    return answer.status_code, error


@pytest.mark.parametrize(("accept", "status"), [("application/json", 200), (GRAPHQL_RESPONSE, 400)])
def test_several_operations_without_a_name_are_refused_not_the_first_run(
    client: TestClient, accept: str, status: int
) -> None:
    body = {"query": "query A { graphVersion } query B { history { totalCount } }"}
    code, error = _error(client, body, accept)
    assert code == status
    assert error["extensions"] == {"code": "OPERATION_NAME_REQUIRED", "operations": ["A", "B"]}


def test_an_operation_name_the_document_lacks_is_a_graphql_error(client: TestClient) -> None:
    body = {"query": "query A { graphVersion }", "operationName": "B"}
    code, error = _error(client, body, GRAPHQL_RESPONSE)
    assert code == 400
    assert error["extensions"]["code"] == "UNKNOWN_OPERATION"
    assert error["message"] == "the document has no operation named 'B'; it has: A"


def test_a_named_operation_of_several_runs(client: TestClient) -> None:
    body = {"query": "query A { graphVersion } query B { sources { key } }", "operationName": "B"}
    answer = client.post("/graphql", json=body)
    assert answer.status_code == 200
    assert answer.json()["data"]["sources"][0]["key"] == "nbc-2016-08-16"


def test_a_subscription_over_plain_http_points_to_the_websocket(client: TestClient) -> None:
    body = {"query": "subscription { graphChanged { version } }"}
    code, error = _error(client, body, "application/json")
    assert code == 200
    assert error["extensions"] == {"code": "SUBSCRIPTION_NEEDS_WEBSOCKET"}
    assert "WebSocket" in error["message"]
