"""GraphQL over WebSocket against a real ``alliance-graph serve``: ``gql`` (Python's most used
client) on the protocol it chooses and on the legacy one, and a plain ``websockets`` client on
both subprotocols, whose errors carry the codes the same errors get over HTTP."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from contextlib import aclosing
from typing import Any

import httpx2
import pytest
import websockets
from gql import Client, GraphQLRequest
from gql.transport.exceptions import TransportQueryError
from gql.transport.websockets import WebsocketsTransport

from tests.servers import running_server

TOKEN = "ann=ann-secret"
BEARER = "Bearer ann-secret"
TRANSPORT_WS = "graphql-transport-ws"
LEGACY_WS = "graphql-ws"
ACTOR = "query A($key: String!) { actor(key: $key) { key name } }"
RENAME = """
mutation R($key: String!, $name: String!) {
  updateActor(key: $key, input: {name: $name}) { key name }
}
"""
CHANGES = "subscription { graphChanged { version author operation actorKeys } }"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("ws") / "g.sqlite3"
    with running_server("--data", str(data), "--token", TOKEN) as base:
        yield base


def ws_url(base: str) -> str:
    return base.replace("http://", "ws://") + "/graphql"


def request(query: str, **variables: Any) -> GraphQLRequest:
    return GraphQLRequest(query, variable_values=variables or None)


async def gql_session(
    base: str, *, init_payload: dict[str, Any] | None = None, protocols: list[str] | None = None
) -> tuple[Client, WebsocketsTransport]:
    transport = WebsocketsTransport(
        url=ws_url(base), init_payload=init_payload or {}, subprotocols=protocols
    )
    return Client(transport=transport, fetch_schema_from_transport=True), transport


def test_gql_fetches_the_schema_and_queries_on_the_protocol_it_chooses(server: str) -> None:
    async def run() -> tuple[str, dict[str, Any], bool]:
        client, transport = await gql_session(server)
        async with client as session:
            answer = await session.execute(request(ACTOR, key="iran"))
            return transport.subprotocol, answer, client.schema is not None

    protocol, answer, has_schema = asyncio.run(run())
    assert protocol == TRANSPORT_WS  # gql offers the legacy protocol first; we choose the newer
    assert answer == {"actor": {"key": "iran", "name": "Iran"}}
    assert has_schema


def test_gql_mutates_as_the_token_of_its_connection_init(server: str) -> None:
    async def run() -> dict[str, Any]:
        client, _ = await gql_session(server, init_payload={"Authorization": BEARER})
        async with client as session:
            answer: dict[str, Any] = await session.execute(
                request(RENAME, key="iraq", name="Republic of Iraq")
            )
            return answer

    assert asyncio.run(run()) == {"updateActor": {"key": "iraq", "name": "Republic of Iraq"}}


def test_gql_mutation_without_a_token_is_refused_as_over_http(server: str) -> None:
    async def run() -> TransportQueryError:
        client, _ = await gql_session(server, init_payload={"Authorization": "Bearer wrong"})
        async with client as session:
            with pytest.raises(TransportQueryError) as caught:
                await session.execute(request(RENAME, key="iraq", name="nope"))
            return caught.value

    refused = asyncio.run(run())
    assert refused.errors is not None
    assert refused.errors[0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_gql_subscription_receives_a_change_made_over_http(server: str) -> None:
    async def first_change(session: Any) -> dict[str, Any]:
        async with aclosing(session.subscribe(request(CHANGES))) as changes:
            async for change in changes:
                return change  # type: ignore[no-any-return]
        raise AssertionError("the subscription ended with no change")

    async def run() -> dict[str, Any]:
        client, _ = await gql_session(server)
        async with client as session:
            first = asyncio.ensure_future(first_change(session))
            await asyncio.to_thread(wait_for_subscribers, server, 1)
            await asyncio.to_thread(rename_over_http, server, "Syrian Arab Republic")
            return await asyncio.wait_for(first, 10)

    change = asyncio.run(run())["graphChanged"]
    assert change["author"] == "ann"
    assert change["operation"] == "UPDATE_ACTOR"
    assert change["actorKeys"] == ["syria"]


def test_gql_works_on_the_legacy_protocol_when_it_offers_only_that(server: str) -> None:
    async def run() -> tuple[str, dict[str, Any], dict[str, Any], bool]:
        client, transport = await gql_session(
            server, init_payload={"authorization": BEARER}, protocols=[LEGACY_WS]
        )
        async with client as session:
            read = await session.execute(request(ACTOR, key="iran"))
            wrote = await session.execute(request(RENAME, key="rouhani", name="Hassan Rouhani"))
            return transport.subprotocol, read, wrote, client.schema is not None

    protocol, read, wrote, has_schema = asyncio.run(run())
    assert protocol == LEGACY_WS
    assert read == {"actor": {"key": "iran", "name": "Iran"}}
    assert wrote == {"updateActor": {"key": "rouhani", "name": "Hassan Rouhani"}}
    assert has_schema


def wait_for_subscribers(base: str, count: int) -> None:
    deadline = time.monotonic() + 10
    while httpx2.get(f"{base}/healthz").json()["subscribers"] < count:
        assert time.monotonic() < deadline, "the subscription never opened"
        time.sleep(0.02)


def rename_over_http(base: str, name: str) -> None:
    body = {"query": RENAME, "variables": {"key": "syria", "name": name}}
    answer = httpx2.post(f"{base}/graphql", json=body, headers={"authorization": BEARER})
    assert "errors" not in answer.json(), answer.text


async def over_websocket(
    base: str, protocol: str, query: str, variables: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The messages about one operation, sent alone on a fresh connection, up to ``complete``
    or an ``error``."""
    start = "subscribe" if protocol == TRANSPORT_WS else "start"
    async with websockets.connect(ws_url(base), subprotocols=[protocol]) as ws:  # type: ignore[list-item]
        assert ws.subprotocol == protocol
        await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert json.loads(await ws.recv()) == {"type": "connection_ack"}
        payload = {"query": query, "variables": variables or {}}
        await ws.send(json.dumps({"id": "1", "type": start, "payload": payload}))
        messages: list[dict[str, Any]] = []
        while not messages or messages[-1]["type"] not in ("complete", "error"):
            messages.append(json.loads(await asyncio.wait_for(ws.recv(), 10)))
        return messages


def errors_of(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The errors an operation's messages carried, whichever protocol sent them."""
    found: list[dict[str, Any]] = []
    for message in messages:
        payload: Any = message.get("payload")
        if message["type"] == "error":
            found.extend(payload if isinstance(payload, list) else [payload])
        elif isinstance(payload, dict):
            found.extend(payload.get("errors", []))
    return found


DEEP = '{ actor(key: "iran") { ' + "allies { " * 13 + "key" + " }" * 14 + " }"
ALIASES = "{ " + " ".join(f'a{i}: actor(key: "iran") {{ key }}' for i in range(40)) + " }"
BAD: dict[str, tuple[str, dict[str, Any]]] = {
    "GRAPHQL_VALIDATION_FAILED": ('{ actor(key: "iran") { nonsense } }', {}),
    "GRAPHQL_PARSE_FAILED": ("{ actor(key: ", {}),
    "BAD_USER_INPUT": (ACTOR, {"key": 7}),
    "QUERY_TOO_DEEP": (DEEP, {}),
    "TOO_MANY_ALIASES": (ALIASES, {}),
    "TOO_MANY_TOKENS": ("{ " + "__typename " * 3100 + "}", {}),
    "UNAUTHENTICATED": (RENAME, {"key": "iran", "name": "x"}),
}


@pytest.mark.parametrize("protocol", [TRANSPORT_WS, LEGACY_WS])
@pytest.mark.parametrize("code", sorted(BAD))
def test_a_websocket_error_carries_the_code_it_has_over_http(
    server: str, protocol: str, code: str
) -> None:
    query, variables = BAD[code]
    over_http = httpx2.post(f"{server}/graphql", json={"query": query, "variables": variables})
    assert [e["extensions"]["code"] for e in over_http.json()["errors"]] == [code]
    errors = errors_of(asyncio.run(over_websocket(server, protocol, query, variables)))
    assert [e["extensions"]["code"] for e in errors] == [code]


@pytest.mark.parametrize("protocol", [TRANSPORT_WS, LEGACY_WS])
def test_a_syntax_error_leaves_the_connection_open(server: str, protocol: str) -> None:
    async def run() -> list[dict[str, Any]]:
        start = "subscribe" if protocol == TRANSPORT_WS else "start"
        async with websockets.connect(ws_url(server), subprotocols=[protocol]) as ws:  # type: ignore[list-item]
            await ws.send(json.dumps({"type": "connection_init"}))
            await ws.recv()
            for n, query in enumerate(["{ actor(", '{ actor(key: "iran") { key } }']):
                message = {"id": str(n), "type": start, "payload": {"query": query}}
                await ws.send(json.dumps(message))
            return [json.loads(await asyncio.wait_for(ws.recv(), 10)) for _ in range(3)]

    first, second, third = asyncio.run(run())
    assert first["type"] == "error"
    assert second["payload"] == {"data": {"actor": {"key": "iran"}}}
    assert third == {"id": "1", "type": "complete"}


@pytest.mark.parametrize("protocol", [TRANSPORT_WS, LEGACY_WS])
def test_a_websocket_query_answers_what_http_answers(server: str, protocol: str) -> None:
    query = '{ actor(key: "us") { key name kind } }'
    over_http = httpx2.post(f"{server}/graphql", json={"query": query}).json()
    messages = asyncio.run(over_websocket(server, protocol, query))
    answer = "next" if protocol == TRANSPORT_WS else "data"
    assert [m["type"] for m in messages] == [answer, "complete"]
    assert messages[0]["payload"] == over_http


def test_server_prefers_graphql_transport_ws_whatever_the_order_offered(server: str) -> None:
    async def run() -> str | None:
        offered: Any = [LEGACY_WS, TRANSPORT_WS]
        async with websockets.connect(ws_url(server), subprotocols=offered) as ws:
            return ws.subprotocol

    assert asyncio.run(run()) == TRANSPORT_WS
