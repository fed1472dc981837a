"""``extensions.field``: an error about an argument names it as the client wrote it.

Every argument a client can get wrong is sent a bad value through the real schema (mutations
through the real app with a write token); the error names the argument path in GraphQL names
(``maxHops``, ``where.actor``, ``input.evidence[0].quote``), never a Python name.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.conftest import Run
from tests.writes import ANN, gql, writable_app

PATH = """
query ($from: String!, $to: String!, $maxHops: Int! = 4) {
  path(from: $from, to: $to, maxHops: $maxHops) { hops }
}
"""
NEIGHBORHOOD = """
query ($key: String!, $depth: Int! = 1, $first: Int, $after: String) {
  neighborhood(key: $key, depth: $depth) {
    actorsPage(first: $first) { totalCount }
    relationshipsPage(after: $after) { totalCount }
  }
}
"""
STANCE = "query ($a: String!, $b: String!) { stance(a: $a, b: $b) { stance } }"
MATRIX = "query ($keys: [String!]) { stanceMatrix(keys: $keys) { actors { key } } }"
BALANCE = "query ($min: Float) { balance(minConfidence: $min) { triangles } }"
BLOCS = "query ($min: Float) { blocs(minConfidence: $min) { anchor { key } } }"
CENTRALITY = "query ($first: Int!) { centrality(measure: DEGREE, first: $first) { score } }"
TIMELINE = "query ($key: String) { timeline(key: $key) { key } }"
ACTORS = (
    "query ($first: Int, $after: String) { actors(first: $first, after: $after) { totalCount } }"
)
RELATIONSHIPS = """
query ($where: RelationshipFilter, $first: Int, $after: String) {
  relationships(where: $where, first: $first, after: $after) { totalCount }
}
"""
HISTORY = (
    "query ($first: Int, $after: String) { history(first: $first, after: $after) { totalCount } }"
)
NODE = "query ($id: ID!) { node(id: $id) { id } }"
POSITION = """
query ($id: ID!, $seed: Int!) {
  node(id: $id) { ... on Actor { here: position(seed: $seed) { x } } }
}
"""

ADD_RELATIONSHIP = """
mutation ($input: RelationshipInput!) { addRelationship(input: $input) { key } }
"""
UPDATE_RELATIONSHIP = """
mutation ($id: ID!, $input: RelationshipPatch!) {
  updateRelationship(id: $id, input: $input) { key }
}
"""
REMOVE_RELATIONSHIP = "mutation ($id: ID!) { removeRelationship(id: $id) { version } }"
CREATE_ACTOR = "mutation ($input: ActorInput!) { createActor(input: $input) { key } }"
UPDATE_ACTOR = """
mutation ($key: String!, $input: ActorPatch!) { updateActor(key: $key, input: $input) { key } }
"""
DELETE_ACTOR = "mutation ($key: String!) { deleteActor(key: $key) { version } }"
ADD_SOURCE = "mutation ($input: SourceInput!) { addSource(input: $input) { id } }"

QUOTE = {"source": "nbc-2016-08-16", "quote": "striking extremists in Syria"}
NEW = {"relation": "OPPOSES", "source": "us", "target": "isis", "evidence": [QUOTE]}
TIE = "russia-attacks-nusra-2016-08-16"


@pytest.mark.parametrize(
    ("query", "variables", "field", "code"),
    [
        (PATH, {"from": "iran", "to": "nusra", "maxHops": 9}, "maxHops", "INVALID_INPUT"),
        (PATH, {"from": "iran", "to": "atlantis"}, "to", "UNKNOWN_ACTOR"),
        (PATH, {"from": "atlantis", "to": "iran"}, "from", "UNKNOWN_ACTOR"),
        (PATH, {"from": "iran", "to": "iran"}, "to", "INVALID_INPUT"),
        (NEIGHBORHOOD, {"key": "iran", "depth": 9}, "depth", "INVALID_INPUT"),
        (NEIGHBORHOOD, {"key": "atlantis"}, "key", "UNKNOWN_ACTOR"),
        (NEIGHBORHOOD, {"key": "iran", "first": 500}, "first", "BAD_PAGE_SIZE"),
        (NEIGHBORHOOD, {"key": "iran", "after": "zz"}, "after", "BAD_CURSOR"),
        (STANCE, {"a": "atlantis", "b": "iran"}, "a", "UNKNOWN_ACTOR"),
        (STANCE, {"a": "iran", "b": "atlantis"}, "b", "UNKNOWN_ACTOR"),
        (STANCE, {"a": "iran", "b": "iran"}, "b", "INVALID_INPUT"),
        (MATRIX, {"keys": []}, "keys", "INVALID_INPUT"),
        (MATRIX, {"keys": ["iran", "iran"]}, "keys", "INVALID_INPUT"),
        (MATRIX, {"keys": ["iran", "atlantis"]}, "keys", "UNKNOWN_ACTOR"),
        (BALANCE, {"min": 1.5}, "minConfidence", "INVALID_INPUT"),
        (BLOCS, {"min": -1}, "minConfidence", "INVALID_INPUT"),
        (CENTRALITY, {"first": 0}, "first", "INVALID_INPUT"),
        (CENTRALITY, {"first": 1000}, "first", "INVALID_INPUT"),
        (TIMELINE, {"key": "atlantis"}, "key", "UNKNOWN_ACTOR"),
        (ACTORS, {"first": 500}, "first", "BAD_PAGE_SIZE"),
        (ACTORS, {"after": "zz"}, "after", "BAD_CURSOR"),
        (RELATIONSHIPS, {"where": {"actor": "atlantis"}}, "where.actor", "UNKNOWN_ACTOR"),
        (RELATIONSHIPS, {"where": {"claimedBy": "atlantis"}}, "where.claimedBy", "UNKNOWN_ACTOR"),
        (RELATIONSHIPS, {"where": {"between": ["iran"]}}, "where.between", "INVALID_INPUT"),
        (
            RELATIONSHIPS,
            {"where": {"between": ["iran", "atlantis"]}},
            "where.between",
            "UNKNOWN_ACTOR",
        ),
        (
            RELATIONSHIPS,
            {"where": {"since": "2020-01-01", "until": "2019-01-01"}},
            "where.since",
            "INVALID_INPUT",
        ),
        (RELATIONSHIPS, {"first": 500}, "first", "BAD_PAGE_SIZE"),
        (RELATIONSHIPS, {"after": "zz"}, "after", "BAD_CURSOR"),
        (HISTORY, {"first": 500}, "first", "BAD_PAGE_SIZE"),
        (NODE, {"id": "bogus"}, "id", "BAD_ID"),
        (POSITION, {"id": "Actor:iran", "seed": -1}, "seed", "INVALID_INPUT"),
    ],
)
def test_a_bad_argument_is_named_as_the_client_wrote_it(
    run: Run, query: str, variables: dict[str, Any], field: str, code: str
) -> None:
    [error] = run.errors(query, **variables)
    assert error["extensions"] == {"field": field, "code": code}


@pytest.mark.parametrize(
    ("query", "variables", "message"),
    [
        (BALANCE, {"min": 1.5}, "minConfidence must be between 0 and 1, got 1.5"),
        (
            PATH,
            {"from": "iran", "to": "iran"},
            "from and to must be different actors, got the same actor twice ('iran')",
        ),
        (PATH, {"from": "iran", "to": "source"}, "unknown actor key 'source'"),
    ],
)
def test_a_message_names_arguments_as_written_and_keeps_quoted_values(
    run: Run, query: str, variables: dict[str, Any], message: str
) -> None:
    [error] = run.errors(query, **variables)
    assert error["message"] == message


@pytest.fixture(scope="module")
def writer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """One writable app for every refused write: a refused write changes nothing."""
    with writable_app(tmp_path_factory.mktemp("fields") / "g.sqlite3") as (client, _):
        yield client


@pytest.mark.parametrize(
    ("query", "variables", "field", "code"),
    [
        (
            ADD_RELATIONSHIP,
            {"input": {**NEW, "evidence": [{**QUOTE, "quote": " "}]}},
            "input.evidence[0].quote",
            "INVALID_INPUT",
        ),
        (
            ADD_RELATIONSHIP,
            {"input": {**NEW, "evidence": [QUOTE, {"source": "cnn", "quote": "q"}]}},
            "input.evidence[1].source",
            "UNKNOWN_SOURCE",
        ),
        (ADD_RELATIONSHIP, {"input": {**NEW, "evidence": []}}, "input.evidence", "INVALID_INPUT"),
        (
            ADD_RELATIONSHIP,
            {"input": {**NEW, "confidence": 1.5}},
            "input.confidence",
            "INVALID_INPUT",
        ),
        (
            ADD_RELATIONSHIP,
            {"input": {**NEW, "claimedBy": "kremlin"}},
            "input.claimedBy",
            "UNKNOWN_ACTOR",
        ),
        (
            ADD_RELATIONSHIP,
            {"input": {**NEW, "source": "atlantis"}},
            "input.source",
            "UNKNOWN_ACTOR",
        ),
        (
            ADD_RELATIONSHIP,
            {"input": {**NEW, "target": "atlantis"}},
            "input.target",
            "UNKNOWN_ACTOR",
        ),
        (ADD_RELATIONSHIP, {"input": {**NEW, "target": "us"}}, "input.target", "INVALID_INPUT"),
        (ADD_RELATIONSHIP, {"input": {**NEW, "id": "Bad Id"}}, "input.id", "INVALID_INPUT"),
        (ADD_RELATIONSHIP, {"input": {**NEW, "id": TIE}}, "input.id", "DUPLICATE_KEY"),
        (
            ADD_RELATIONSHIP,
            {"input": {**NEW, "supportKinds": ["WEAPONS"]}},
            "input.supportKinds",
            "INVALID_INPUT",
        ),
        (
            ADD_RELATIONSHIP,
            {"input": {**NEW, "datePrecision": "DAY"}},
            "input.datePrecision",
            "INVALID_INPUT",
        ),
        (
            ADD_RELATIONSHIP,
            {"input": {**NEW, "validFrom": "2020-01-01", "validUntil": "2019-01-01"}},
            "input.validUntil",
            "INVALID_INPUT",
        ),
        (UPDATE_RELATIONSHIP, {"id": "nope", "input": {}}, "id", "UNKNOWN_RELATIONSHIP"),
        (
            UPDATE_RELATIONSHIP,
            {"id": TIE, "input": {"confidence": 2}},
            "input.confidence",
            "INVALID_INPUT",
        ),
        (
            UPDATE_RELATIONSHIP,
            {"id": TIE, "input": {"claimedBy": "kremlin"}},
            "input.claimedBy",
            "UNKNOWN_ACTOR",
        ),
        (
            UPDATE_RELATIONSHIP,
            {"id": TIE, "input": {"relation": None}},
            "input.relation",
            "INVALID_INPUT",
        ),
        (REMOVE_RELATIONSHIP, {"id": "nope"}, "id", "UNKNOWN_RELATIONSHIP"),
        (
            CREATE_ACTOR,
            {"input": {"key": "iran", "name": "Iran", "kind": "STATE"}},
            "input.key",
            "DUPLICATE_KEY",
        ),
        (
            CREATE_ACTOR,
            {"input": {"key": "hamas", "name": " ", "kind": "ARMED_GROUP"}},
            "input.name",
            "INVALID_INPUT",
        ),
        (UPDATE_ACTOR, {"key": "atlantis", "input": {}}, "key", "UNKNOWN_ACTOR"),
        (UPDATE_ACTOR, {"key": "iran", "input": {"name": None}}, "input.name", "INVALID_INPUT"),
        (DELETE_ACTOR, {"key": "atlantis"}, "key", "UNKNOWN_ACTOR"),
        (DELETE_ACTOR, {"key": "nusra"}, "key", "ACTOR_IN_USE"),
        (
            ADD_SOURCE,
            {"input": {"id": "nbc-2016-08-16", "publisher": "NBC"}},
            "input.id",
            "DUPLICATE_KEY",
        ),
        (
            ADD_SOURCE,
            {"input": {"id": "cnn", "publisher": " "}},
            "input.publisher",
            "INVALID_INPUT",
        ),
        (HISTORY, {"after": "zz"}, "after", "BAD_CURSOR"),
    ],
)
def test_a_bad_write_names_the_argument_or_its_path_in_the_input(
    writer: TestClient, query: str, variables: dict[str, Any], field: str, code: str
) -> None:
    body = gql(writer, query, ANN, **variables)
    [error] = body["errors"]
    assert error["extensions"] == {"field": field, "code": code}


def test_a_write_message_names_input_fields_as_written(writer: TestClient) -> None:
    dates = {"validFrom": "2020-01-01", "validUntil": "2019-01-01"}
    [error] = gql(writer, ADD_RELATIONSHIP, ANN, input={**NEW, **dates})["errors"]
    assert error["message"] == "validUntil 2019-01-01 is before validFrom 2020-01-01"
