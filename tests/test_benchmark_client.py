"""The benchmarks' latency client talks to a real server and fails loudly, never silently."""

from __future__ import annotations

import json
import socket

import pytest

from benchmarks.client import Connection
from tests.servers import running_server


def test_latency_client_asks_a_real_server_on_one_connection() -> None:
    query = "query($k: String!) { actor(key: $k) { key name } }"
    with running_server() as base, Connection(base, timeout=10) as client:
        status, body = client.post_json("/graphql", {"query": query, "variables": {"k": "russia"}})
        assert status == 200
        assert json.loads(body) == {"data": {"actor": {"key": "russia", "name": "Russia"}}}
        status, body = client.get("/healthz")
        assert (status, json.loads(body)["status"]) == (200, "ok")
        status, body = client.post_json("/graphql", {"query": "{ nope }"})
        assert status == 200  # a GraphQL error is an answer, read whole, for the caller to judge
        assert b"nope" in body
        status, _ = client.get("/no-such-page")
        assert status == 404


def test_latency_client_raises_timeout_when_the_server_never_answers() -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        client = Connection(f"http://127.0.0.1:{port}", timeout=0.2)
        with client, pytest.raises(TimeoutError):
            client.get("/healthz")


@pytest.mark.parametrize("url", ["https://127.0.0.1:8000", "http://127.0.0.1", "127.0.0.1:80"])
def test_latency_client_refuses_a_url_it_cannot_use(url: str) -> None:
    with pytest.raises(ValueError, match="http://host:port"):
        Connection(url, timeout=1)
