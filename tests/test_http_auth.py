from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from graph import load_seed
from schema.http.app import create_app
from schema.http.auth import Tokens
from tests.writes import ANN, BOB, gql, stored_rows, writable_app

CREATE = 'mutation { createActor(input: {key: "kurds", name: "Kurds", kind: STATE}) { key } }'


def code_of(body: dict[str, object]) -> str:
    errors = body["errors"]
    assert isinstance(errors, list)
    code = errors[0]["extensions"]["code"]
    assert isinstance(code, str)
    return code


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"authorization": "Bearer wrong"},
        {"authorization": "ann-secret"},
        {"authorization": "Basic ann-secret"},
        {"authorization": "Bearer "},
    ],
)
def test_write_without_a_valid_token_is_refused(tmp_path: Path, headers: dict[str, str]) -> None:
    path = tmp_path / "g.sqlite3"
    with writable_app(path) as (client, _):
        stored = stored_rows(path)
        body = gql(client, CREATE, headers)
        assert code_of(body) == "UNAUTHENTICATED"
        assert "Authorization: Bearer" in body["errors"][0]["message"]
        assert stored_rows(path) == stored


def test_token_name_is_recorded_as_the_author(tmp_path: Path) -> None:
    with writable_app(tmp_path / "g.sqlite3") as (client, _):
        gql(client, CREATE, BOB)
        gql(client, 'mutation { updateActor(key: "kurds", input: {name: "Kurds"}) { key } }', ANN)
        history = gql(client, "{ history(first: 2) { edges { node { author operation } } } }")
        nodes = [e["node"] for e in history["data"]["history"]["edges"]]
        assert nodes == [
            {"author": "ann", "operation": "UPDATE_ACTOR"},
            {"author": "bob", "operation": "CREATE_ACTOR"},
        ]


def test_server_without_tokens_is_read_only(tmp_path: Path) -> None:
    with writable_app(tmp_path / "g.sqlite3", tokens=Tokens()) as (client, _):
        body = gql(client, CREATE, ANN)
        assert code_of(body) == "READ_ONLY"
        assert "--token" in body["errors"][0]["message"]
        assert client.get("/healthz").json()["writable"] is False


def test_bare_graph_app_is_read_only_even_with_tokens() -> None:
    tokens = Tokens.parse(["ann=ann-secret"])
    with TestClient(create_app(load_seed(), tokens=tokens)) as client:
        assert code_of(gql(client, CREATE, ANN)) == "READ_ONLY"


def test_reads_need_no_token(tmp_path: Path) -> None:
    with writable_app(tmp_path / "g.sqlite3") as (client, _):
        body = gql(client, '{ actor(key: "iran") { name } }')
        assert body == {"data": {"actor": {"name": "Iran"}}}


@pytest.mark.parametrize("spec", ["ann", "=secret", "ann=", ""])
def test_malformed_token_spec_is_rejected(spec: str) -> None:
    with pytest.raises(ValueError, match="NAME=SECRET"):
        Tokens.parse([spec])


def test_repeated_token_name_is_rejected() -> None:
    with pytest.raises(ValueError, match="twice"):
        Tokens.parse(["ann=a", "ann=b"])


def test_tokens_from_environment_list() -> None:
    tokens = Tokens.from_env("ann=one, bob=two")
    assert tokens.author("Bearer two") == "bob"
    assert tokens.author("bearer one") == "ann"
    assert not Tokens.from_env("")


def test_secret_never_appears_in_the_token_repr() -> None:
    # Tokens are never logged: even printing the object must not show a secret.
    tokens = Tokens.parse(["ann=very-secret-value"])
    assert "very-secret-value" not in repr(tokens)
    assert "very-secret-value" not in str(tokens)
