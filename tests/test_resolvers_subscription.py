from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from graph import Actor, ActorKind, load_dataset, seed_path
from graph.persistence.editor import Editor
from graph.persistence.opening import open_storage
from schema.http.app import create_app
from tests.writes import ANN, TOKENS, gql, writable_app

SUBSCRIBE = """
subscription S($actor: String) {
  graphChanged(actor: $actor) { version author operation actorKeys relationshipId }
}
"""
PROTOCOL = ["graphql-transport-ws"]


def update(client: TestClient, key: str, name: str) -> None:
    body = gql(
        client,
        "mutation($k: String!, $n: String!) { updateActor(key: $k, input: {name: $n}) { key } }",
        ANN,
        k=key,
        n=name,
    )
    assert "errors" not in body, body


def open_subscription(ws: Any, client: TestClient, actor: str | None = None) -> None:
    """Subscribe, and wait until the server holds the subscription (so no change is missed)."""
    subscribers = client.get("/healthz").json()["subscribers"]
    ws.send_json({"type": "connection_init"})
    assert ws.receive_json() == {"type": "connection_ack"}
    payload = {"query": SUBSCRIBE, "variables": {"actor": actor}}
    ws.send_json({"id": "1", "type": "subscribe", "payload": payload})
    deadline = time.monotonic() + 10
    while client.get("/healthz").json()["subscribers"] == subscribers:
        assert time.monotonic() < deadline, "the subscription never opened"
        time.sleep(0.01)


def test_subscriber_receives_a_change_made_by_another_client(tmp_path: Path) -> None:
    with (
        writable_app(tmp_path / "g.sqlite3") as (client, _),
        client.websocket_connect("/graphql", subprotocols=PROTOCOL) as ws,
    ):
        open_subscription(ws, client)
        update(client, "iran", "Islamic Republic of Iran")
        message = ws.receive_json()
        assert message["type"] == "next"
        assert message["payload"]["data"]["graphChanged"] == {
            "version": 2,
            "author": "ann",
            "operation": "UPDATE_ACTOR",
            "actorKeys": ["iran"],
            "relationshipId": None,
        }


def test_subscriber_sees_changes_in_commit_order_filtered_by_actor(tmp_path: Path) -> None:
    with (
        writable_app(tmp_path / "g.sqlite3") as (client, _),
        client.websocket_connect("/graphql", subprotocols=PROTOCOL) as ws,
    ):
        open_subscription(ws, client, actor="us")
        update(client, "us", "USA")
        update(client, "iran", "Iran")
        update(client, "us", "United States")
        got = [ws.receive_json()["payload"]["data"]["graphChanged"] for _ in range(2)]
        assert [(c["version"], c["actorKeys"]) for c in got] == [(2, ["us"]), (4, ["us"])]


def test_failed_mutation_is_never_pushed(tmp_path: Path) -> None:
    with (
        writable_app(tmp_path / "g.sqlite3") as (client, _),
        client.websocket_connect("/graphql", subprotocols=PROTOCOL) as ws,
    ):
        open_subscription(ws, client)
        bad = gql(client, 'mutation { updateActor(key: "iran", input: {name: ""}) { key } }', ANN)
        assert bad["errors"]
        update(client, "iraq", "Republic of Iraq")
        change = ws.receive_json()["payload"]["data"]["graphChanged"]
        assert (change["version"], change["actorKeys"]) == (2, ["iraq"])


def test_a_subscriber_too_far_behind_gets_subscription_overflow_in_extensions(
    tmp_path: Path,
) -> None:
    storage = open_storage(tmp_path / "g.sqlite3", load_dataset(seed_path()))
    editor = Editor.open(storage, buffer=2)

    def burst() -> None:  # on the server's loop: every change is offered before any is read
        for key in ("a", "b", "c", "d"):
            editor.create_actor(Actor(key, key.upper(), ActorKind.PERSON), "ann")

    try:
        with (
            TestClient(create_app(editor, tokens=TOKENS)) as client,
            client.websocket_connect("/graphql", subprotocols=PROTOCOL) as ws,
        ):
            open_subscription(ws, client)
            assert client.portal is not None
            client.portal.call(burst)
            messages = [ws.receive_json() for _ in range(3)]
    finally:
        editor.close()
    versions = [m["payload"]["data"]["graphChanged"]["version"] for m in messages[:2]]
    assert versions == [2, 3]
    [error] = messages[2]["payload"]["errors"]
    assert error["extensions"]["code"] == "SUBSCRIPTION_OVERFLOW"
    assert "subscribe again" in error["message"]
