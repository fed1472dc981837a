from __future__ import annotations

import logging
from typing import Any

import pytest
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from graph import load_dataset, load_seed, seed_path
from graph.persistence.editor import Editor
from graph.persistence.opening import open_storage
from schema.http.app import create_app
from schema.http.limits import Limits

GRAPHQL_RESPONSE = "application/graphql-response+json"
PROTOCOL = ["graphql-transport-ws"]


def post(client: TestClient, body: Any, accept: str | None = None) -> Any:
    headers = {"accept": accept} if accept else {}
    return client.post("/graphql", json=body, headers=headers)


def test_graphql_response_json_is_served_when_asked_for(client: TestClient) -> None:
    response = post(client, {"query": "{ __typename }"}, GRAPHQL_RESPONSE)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    assert response.json() == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize("accept", [None, "application/json", "*/*"])
def test_plain_json_is_the_default(client: TestClient, accept: str | None) -> None:
    response = post(client, {"query": "{ __typename }"}, accept)
    assert response.headers["content-type"].startswith("application/json")


@pytest.mark.parametrize(
    "body",
    [
        {"query": "{"},
        {"query": "{ nosuchfield }"},
        {"query": "query($id: ID!) { __typename }", "variables": {"id": None}},
    ],
)
def test_request_errors_are_400_without_data_for_graphql_response_json(
    client: TestClient, body: dict[str, Any]
) -> None:
    response = post(client, body, GRAPHQL_RESPONSE)
    assert response.status_code == 400
    assert "data" not in response.json()
    assert response.json()["errors"][0]["extensions"]["code"]
    legacy = post(client, body, "application/json")
    assert legacy.status_code == 200
    assert legacy.json()["data"] is None


def test_field_errors_keep_status_200_and_data(client: TestClient) -> None:
    response = post(client, {"query": "{ actors(first: 999) { totalCount } }"}, GRAPHQL_RESPONSE)
    assert response.status_code == 200
    assert "data" in response.json()


def test_get_accepts_url_encoded_variables(client: TestClient) -> None:
    response = client.get(
        "/graphql",
        params={
            "query": "query($k: String!) { actor(key: $k) { name } }",
            "variables": '{"k": "iraq"}',
        },
    )
    assert response.json() == {"data": {"actor": {"name": "Iraq"}}}


def test_post_without_content_type_is_4xx(client: TestClient) -> None:
    response = client.post("/graphql", content=b'{"query": "{ __typename }"}')
    assert 400 <= response.status_code < 500


def test_every_response_carries_a_request_id(client: TestClient) -> None:
    first = post(client, {"query": "{ __typename }"}).headers["x-request-id"]
    second = post(client, {"query": "{ __typename }"}).headers["x-request-id"]
    assert first
    assert second != first
    echoed = client.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"x-request-id": "trace-42"}
    )
    assert echoed.headers["x-request-id"] == "trace-42"


def test_unexpected_error_is_masked_and_logged_with_the_request_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    graph = load_seed()
    # A store broken behind the API's back: evidence whose source has vanished.
    del graph._sources["nbc-2016-08-16"]
    with TestClient(create_app(graph)) as client:
        query = '{ actor(key: "iran") { relationships { evidence { quote } } } }'
        with caplog.at_level(logging.ERROR, logger="alliance_graph"):
            response = client.post(
                "/graphql", json={"query": query}, headers={"x-request-id": "req-123"}
            )
    [error] = response.json()["errors"]
    assert error["message"] == "Internal server error (request id req-123)"
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": "req-123"}
    assert "Traceback" not in response.text
    [record] = [r for r in caplog.records if "req-123" in r.getMessage()]
    assert record.exc_info is not None


def test_body_over_the_limit_is_413_naming_the_limit() -> None:
    with TestClient(create_app(load_seed(), limits=Limits(max_body_bytes=1000))) as client:
        response = client.post("/graphql", json={"query": "{ __typename }" + " " * 2000})
        assert response.status_code == 413
        [error] = response.json()["errors"]
        assert error["extensions"] == {"code": "BODY_TOO_LARGE", "limit": 1000}
        assert post(client, {"query": "{ __typename }"}).status_code == 200


def test_too_many_aliases_are_refused() -> None:
    with TestClient(create_app(load_seed(), limits=Limits(max_aliases=3))) as client:
        query = "{ " + " ".join(f"a{i}: __typename" for i in range(4)) + " }"
        [error] = post(client, {"query": query}).json()["errors"]
        assert error["message"] == "4 aliases found. Allowed: 3"
        assert error["extensions"]["code"] == "TOO_MANY_ALIASES"


def test_aliases_through_fragments_count_too() -> None:
    with TestClient(create_app(load_seed(), limits=Limits(max_aliases=3))) as client:
        query = "{ ...F ...F } fragment F on Query { a: __typename b: __typename }"
        [error] = post(client, {"query": query}).json()["errors"]
        assert "aliases" in error["message"].lower()


def test_too_many_tokens_are_refused() -> None:
    with TestClient(create_app(load_seed(), limits=Limits(max_tokens=50))) as client:
        query = "{ " + " ".join("__typename" for _ in range(60)) + " }"
        [error] = post(client, {"query": query}).json()["errors"]
        assert "more than 50 tokens" in error["message"]
        assert error["extensions"]["code"] == "TOO_MANY_TOKENS"


def test_configured_page_and_hop_limits_apply() -> None:
    limits = Limits(max_page=5, max_hops=2)
    with TestClient(create_app(load_seed(), limits=limits)) as client:
        body = post(client, {"query": "{ actors(first: 6) { totalCount } }"}).json()
        assert body["errors"][0]["message"] == "first must be between 0 and 5, got 6"
        query = '{ path(from: "iran", to: "isis", maxHops: 3) { hops } }'
        body = post(client, {"query": query}).json()
        assert "maxHops must be between 1 and 2" in body["errors"][0]["message"]


def test_oversized_websocket_message_closes_the_socket() -> None:
    limits = Limits(max_ws_message_bytes=200)
    with (
        TestClient(create_app(load_seed(), limits=limits)) as client,
        client.websocket_connect("/graphql", subprotocols=PROTOCOL) as ws,
    ):
        ws.send_text('{"type": "connection_init", "payload": {"x": "' + "y" * 300 + '"}}')
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
        assert closed.value.code == 1009


def test_cors_allows_only_the_configured_origins() -> None:
    app = create_app(load_seed(), cors_origins=["https://analyst.example"])
    with TestClient(app) as client:
        preflight = {"access-control-request-method": "POST"}
        allowed = client.options(
            "/graphql", headers={"origin": "https://analyst.example", **preflight}
        )
        assert allowed.headers["access-control-allow-origin"] == "https://analyst.example"
        refused = client.options(
            "/graphql", headers={"origin": "https://evil.example", **preflight}
        )
        assert "access-control-allow-origin" not in refused.headers


def handshake(client: TestClient, origin: str) -> dict[str, Any]:
    with client.websocket_connect(
        "/graphql", subprotocols=PROTOCOL, headers={"origin": origin}
    ) as ws:
        ws.send_json({"type": "connection_init"})
        reply: dict[str, Any] = ws.receive_json()
        return reply


def test_websocket_from_a_foreign_origin_is_refused() -> None:
    app = create_app(load_seed(), cors_origins=["https://analyst.example"])
    with TestClient(app) as client:
        with pytest.raises(WebSocketDisconnect):
            handshake(client, "https://evil.example")
        assert handshake(client, "https://analyst.example") == {"type": "connection_ack"}


def test_analytics_past_their_time_budget_are_refused_and_the_refusal_remembered() -> None:
    limits = Limits(analytics_seconds=1e-9)
    with TestClient(create_app(load_seed(), limits=limits)) as client:
        for _ in range(2):
            [error] = post(client, {"query": "{ balance { triangles } }"}).json()["errors"]
            assert error["extensions"]["code"] == "ANALYSIS_TIMEOUT"
            assert "--analytics-seconds" in error["message"]
        # Everything else is served as usual.
        body = post(client, {"query": '{ actor(key: "iran") { name } }'}).json()
        assert body == {"data": {"actor": {"name": "Iran"}}}


def test_analytics_within_budget_are_answered() -> None:
    with TestClient(create_app(load_seed(), limits=Limits(analytics_seconds=30))) as client:
        body = post(client, {"query": "{ balance { triangles } blocs { anchor { key } } }"})
        assert "errors" not in body.json()


def test_subscriptions_per_connection_are_limited() -> None:
    editor = Editor.open(open_storage(None, load_dataset(seed_path())))
    subscribe = {"query": "subscription { graphChanged { version } }"}
    try:
        app = create_app(editor, limits=Limits(max_subscriptions=1))
        with (
            TestClient(app) as client,
            client.websocket_connect("/graphql", subprotocols=PROTOCOL) as ws,
        ):
            ws.send_json({"type": "connection_init"})
            assert ws.receive_json() == {"type": "connection_ack"}
            ws.send_json({"id": "1", "type": "subscribe", "payload": subscribe})
            ws.send_json({"id": "2", "type": "subscribe", "payload": subscribe})
            refusal = ws.receive_json()
            assert refusal["id"] == "2"
            assert refusal["type"] == "error"
            assert "limit" in refusal["payload"][0]["message"]
    finally:
        editor.close()
