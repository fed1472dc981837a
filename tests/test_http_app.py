from __future__ import annotations

from importlib.metadata import version

import pytest
from starlette.testclient import TestClient

from tests.conftest import Run

QUERY = '{ actor(key: "russia") { name } }'


def test_post_answers_a_query(client: TestClient) -> None:
    response = client.post("/graphql", json={"query": QUERY})
    assert response.status_code == 200
    assert response.json() == {"data": {"actor": {"name": "Russia"}}}


def test_post_with_variables_and_operation_name(client: TestClient) -> None:
    response = client.post(
        "/graphql",
        json={
            "query": "query A($k: String!) { actor(key: $k) { key } } query B { sources { id } }",
            "variables": {"k": "iran"},
            "operationName": "A",
        },
    )
    assert response.json() == {"data": {"actor": {"key": "iran"}}}


def test_get_answers_a_query(client: TestClient) -> None:
    response = client.get("/graphql", params={"query": QUERY})
    assert response.status_code == 200
    assert response.json() == {"data": {"actor": {"name": "Russia"}}}


def test_answers_are_compact_utf8_json(client: TestClient) -> None:
    # A value the client sent comes back in the error naming it, as UTF-8, not as \u escapes.
    query = "query($r: [Relation!]) { relationships(where: {relation: $r}) { totalCount } }"
    response = client.post("/graphql", json={"query": query, "variables": {"r": ["Ḥamadān"]}})
    assert "Ḥamadān".encode() in response.content
    assert response.headers["content-type"] == "application/json"
    assert response.content.startswith(b'{"data":null,"errors":[{"message":')
    assert "Ḥamadān" in response.json()["errors"][0]["message"]


def test_browsers_get_graphiql(client: TestClient) -> None:
    response = client.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "graphiql" in response.text.lower()


def test_root_serves_a_page_for_browsers(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")


def test_healthz_counts_actors_and_relationships(client: TestClient, run: Run) -> None:
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["actors"] == len(run.graph.actors())
    assert body["relationships"] == len(run.graph)


def test_malformed_json_is_400(client: TestClient) -> None:
    response = client.post(
        "/graphql", content=b'{"query": ', headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert "JSON" in response.text


def test_healthz_names_the_package_version_that_answers(client: TestClient) -> None:
    body = client.get("/healthz").json()
    assert body["package_version"] == version("alliance-graph")
    assert isinstance(body["version"], int)  # the graph's version keeps its own key


@pytest.mark.parametrize("body", [b'"text"', b"5", b"null", b"true"])
def test_json_that_is_not_an_object_is_400(client: TestClient, body: bytes) -> None:
    response = client.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert "JSON object" in response.text


def test_body_without_query_is_400(client: TestClient) -> None:
    response = client.post("/graphql", json={"variables": {}})
    assert response.status_code == 400


def test_unsupported_content_type_is_400(client: TestClient) -> None:
    response = client.post("/graphql", content=QUERY, headers={"content-type": "text/plain"})
    assert response.status_code == 400


def test_syntax_error_has_a_code(client: TestClient) -> None:
    body = client.post("/graphql", json={"query": "{ actor(key: "}).json()
    [error] = body["errors"]
    assert error["message"].startswith("Syntax Error")
    assert error["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"


def test_unknown_field_has_a_validation_code(client: TestClient) -> None:
    body = client.post("/graphql", json={"query": '{ actor(key: "iran") { size } }'}).json()
    [error] = body["errors"]
    assert "size" in error["message"]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


def test_bad_variable_is_a_user_error_not_an_internal_one(client: TestClient) -> None:
    body = client.post(
        "/graphql",
        json={
            "query": "query($d: Date) { relationships(where: {since: $d}) { totalCount } }",
            "variables": {"d": "16 August"},
        },
    ).json()
    [error] = body["errors"]
    assert "16 August" in error["message"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


def test_too_deep_query_is_refused(client: TestClient) -> None:
    nested = "relationships { source { " * 7 + "key" + " } }" * 7
    body = client.post("/graphql", json={"query": f'{{ actor(key: "russia") {{ {nested} }} }}'})
    [error] = body.json()["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_DEEP"


@pytest.mark.parametrize(
    "payload",
    [
        {"query": "{ actors(first: 1000) { totalCount } }"},
        {"query": '{ node(id: "%%%") { id } }'},
        {"query": '{ actors(after: "////") { totalCount } }'},
        {"query": "{ relationships(where: {relation: [NOPE]}) { totalCount } }"},
        {"query": "query($n: Int) { actors(first: $n) { totalCount } }", "variables": {"n": "x"}},
        {"query": "{ __typename }", "variables": []},
        {"query": "subscription { nothing }"},
    ],
)
def test_bad_input_never_yields_a_server_error(
    client: TestClient, payload: dict[str, object]
) -> None:
    response = client.post("/graphql", json=payload)
    assert response.status_code < 500
    if response.status_code == 200:
        for error in response.json()["errors"]:
            assert error["extensions"]["code"] != "INTERNAL_SERVER_ERROR"
            assert "Traceback" not in error["message"]


def test_mutation_over_get_is_refused(client: TestClient) -> None:
    response = client.get("/graphql", params={"query": "mutation { x }"})
    assert response.status_code in (400, 405)
