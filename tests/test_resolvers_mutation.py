from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from graph.dataset.parse import Dataset
from graph.persistence.editor import Editor
from graph.persistence.sqlite.store import SQLiteStorage
from schema.http.app import create_app
from tests.writes import ANN, TOKENS, gql, open_editor, stored_rows, writable_app

ADD_RELATIONSHIP = """
mutation Add($input: RelationshipInput!) {
  addRelationship(input: $input) {
    id key relation source { key } target { key } stance confidence claimedBy { key }
    evidence { quote source { id } }
  }
}
"""
NEW_RELATIONSHIP: dict[str, Any] = {
    "relation": "OPPOSES",
    "source": "us",
    "target": "isis",
    "date": "2016-08-17",
    "datePrecision": "DAY",
    "stance": "REPORTED",
    "confidence": 0.9,
    "evidence": [{"source": "nbc-2016-08-16", "quote": "striking extremists in Syria"}],
}
CREATE_ACTOR = """
mutation Create($input: ActorInput!) { createActor(input: $input) { id key name kind aliases } }
"""
VERSION = "{ graphVersion }"


def error_of(body: dict[str, Any]) -> dict[str, Any]:
    assert body["data"] is None, body
    [error] = body["errors"]
    assert isinstance(error, dict)
    return error


def test_add_relationship_commits_and_is_readable(tmp_path: Path) -> None:
    with writable_app(tmp_path / "g.sqlite3") as (client, _):
        before = gql(client, VERSION)["data"]["graphVersion"]
        added = gql(client, ADD_RELATIONSHIP, ANN, input=NEW_RELATIONSHIP)["data"]
        rel = added["addRelationship"]
        assert rel["key"] == "us-opposes-isis-2016-08-17"
        assert rel["id"] == "Relationship:us-opposes-isis-2016-08-17"
        assert (rel["source"]["key"], rel["target"]["key"]) == ("us", "isis")
        assert gql(client, VERSION)["data"]["graphVersion"] == before + 1
        stance = gql(client, '{ stance(a: "us", b: "isis") { stance } }')["data"]["stance"]
        assert stance["stance"] == "HOSTILE"


def test_create_update_and_delete_actor(tmp_path: Path) -> None:
    with writable_app(tmp_path / "g.sqlite3") as (client, _):
        created = gql(
            client,
            CREATE_ACTOR,
            ANN,
            input={"key": "hezbollah", "name": "Hezbollah", "kind": "ARMED_GROUP"},
        )["data"]["createActor"]
        assert created == {
            "id": "Actor:hezbollah",
            "key": "hezbollah",
            "name": "Hezbollah",
            "kind": "ARMED_GROUP",
            "aliases": [],
        }
        updated = gql(
            client,
            """mutation($input: ActorPatch!) { updateActor(key: "hezbollah", input: $input) {
                 name aliases description } }""",
            ANN,
            input={"aliases": ["Hizbullah"], "description": None},
        )["data"]["updateActor"]
        assert updated == {"name": "Hezbollah", "aliases": ["Hizbullah"], "description": None}
        deleted = gql(
            client, 'mutation { deleteActor(key: "hezbollah") { removedRelationships } }', ANN
        )["data"]["deleteActor"]
        assert deleted == {"removedRelationships": []}
        assert gql(client, '{ actor(key: "hezbollah") { key } }')["data"] == {"actor": None}


def test_a_later_request_sees_an_actor_as_changed_and_the_sources_of_an_import(
    tmp_path: Path,
) -> None:
    # The app keeps actor and source objects between requests: none may outlive its record.
    query = """{ actor(key: "isis") { relationships(direction: IN, relation: [ATTACKS]) {
        source { key name } evidence { source { id publisher } } } } }"""

    def read(client: TestClient) -> tuple[list[dict[str, str]], set[str]]:
        rels = gql(client, query)["data"]["actor"]["relationships"]
        publishers = {e["source"]["publisher"] for r in rels for e in r["evidence"]}
        return [r["source"] for r in rels], publishers

    with writable_app(tmp_path / "g.sqlite3") as (client, editor):
        assert read(client) == ([{"key": "russia", "name": "Russia"}], {"NBC News"})
        renamed = (
            'mutation { updateActor(key: "russia", input: {name: "Russian Federation"}) { key } }'
        )
        gql(client, renamed, ANN)
        assert read(client)[0] == [{"key": "russia", "name": "Russian Federation"}]
        now = editor.export_dataset()
        sources = tuple(replace(s, publisher="NBC") for s in now.sources)
        editor.import_dataset(Dataset(sources, now.actors, now.relationships), "ann")
        assert read(client) == ([{"key": "russia", "name": "Russian Federation"}], {"NBC"})


def test_add_source_then_cite_it(tmp_path: Path) -> None:
    with writable_app(tmp_path / "g.sqlite3") as (client, _):
        source = gql(
            client,
            "mutation($input: SourceInput!) { addSource(input: $input) { id key publisher } }",
            ANN,
            input={"id": "reuters-2016-08-17", "publisher": "Reuters", "published": "2016-08-17"},
        )["data"]["addSource"]
        assert source == {
            "id": "Source:reuters-2016-08-17",
            "key": "reuters-2016-08-17",
            "publisher": "Reuters",
        }
        # Evidence names its source by key or by global ID.
        cited = {**NEW_RELATIONSHIP, "evidence": [{"source": source["id"], "quote": "q"}]}
        rel = gql(client, ADD_RELATIONSHIP, ANN, input=cited)["data"]["addRelationship"]
        assert rel["evidence"][0]["source"]["id"] == "Source:reuters-2016-08-17"


def test_update_and_remove_relationship_by_key_or_global_id(tmp_path: Path) -> None:
    with writable_app(tmp_path / "g.sqlite3") as (client, _):
        updated = gql(
            client,
            """mutation { updateRelationship(id: "Relationship:nusra-allied-with-isis-2016-08-16",
                 input: {confidence: 0.3, stance: UNCERTAIN}) { key confidence stance } }""",
            ANN,
        )["data"]["updateRelationship"]
        assert updated == {
            "key": "nusra-allied-with-isis-2016-08-16",
            "confidence": 0.3,
            "stance": "UNCERTAIN",
        }
        removed = gql(
            client,
            """mutation { removeRelationship(id: "nusra-allied-with-isis-2016-08-16") {
                 removedRelationships } }""",
            ANN,
        )["data"]["removeRelationship"]
        assert removed == {"removedRelationships": ["nusra-allied-with-isis-2016-08-16"]}


@pytest.mark.parametrize(
    ("change", "code", "named"),
    [
        ({"target": "atlantis"}, "UNKNOWN_ACTOR", "atlantis"),
        ({"claimedBy": "kremlin"}, "UNKNOWN_ACTOR", "kremlin"),
        ({"evidence": [{"source": "cnn", "quote": "q"}]}, "UNKNOWN_SOURCE", "cnn"),
        ({"evidence": [{"source": "nbc-2016-08-16", "quote": " "}]}, "INVALID_INPUT", "quote"),
        ({"evidence": []}, "INVALID_INPUT", "evidence"),
        ({"confidence": 1.5}, "INVALID_INPUT", "confidence"),
        ({"supportKinds": ["WEAPONS"]}, "INVALID_INPUT", "supportKinds"),
        ({"target": "us"}, "INVALID_INPUT", "target"),
        ({"id": "russia-attacks-isis-2016-08-16"}, "DUPLICATE_KEY", "russia-attacks-isis"),
        ({"relation": "LOVES"}, "BAD_USER_INPUT", "LOVES"),
        ({"date": "2016-02-30"}, "BAD_USER_INPUT", "2016-02-30"),
    ],
)
def test_bad_relationship_is_refused_and_changes_nothing(
    tmp_path: Path, change: dict[str, Any], code: str, named: str
) -> None:
    path = tmp_path / "g.sqlite3"
    with writable_app(path) as (client, editor):
        stored = stored_rows(path)
        version = editor.graph.version
        body = gql(client, ADD_RELATIONSHIP, ANN, input={**NEW_RELATIONSHIP, **change})
        error = error_of(body)
        assert error["extensions"]["code"] == code
        assert named in error["message"]
        assert editor.graph.version == version
        assert stored_rows(path) == stored


def test_duplicate_actor_key_is_refused(tmp_path: Path) -> None:
    with writable_app(tmp_path / "g.sqlite3") as (client, _):
        body = gql(
            client, CREATE_ACTOR, ANN, input={"key": "iran", "name": "Iran", "kind": "STATE"}
        )
        error = error_of(body)
        assert error["extensions"] == {"code": "DUPLICATE_KEY", "field": "input.key"}


def test_deleting_an_actor_with_relationships_needs_cascade(tmp_path: Path) -> None:
    path = tmp_path / "g.sqlite3"
    with writable_app(path) as (client, editor):
        stored = stored_rows(path)
        error = error_of(gql(client, 'mutation { deleteActor(key: "nusra") { version } }', ANN))
        assert error["extensions"]["code"] == "ACTOR_IN_USE"
        assert stored_rows(path) == stored
        done = gql(
            client,
            'mutation { deleteActor(key: "nusra", cascade: true) { removedRelationships } }',
            ANN,
        )["data"]["deleteActor"]
        assert "russia-attacks-nusra-2016-08-16" in done["removedRelationships"]
        assert editor.graph.actor("nusra") is None


def test_unknown_patch_target_is_refused(tmp_path: Path) -> None:
    with writable_app(tmp_path / "g.sqlite3") as (client, _):
        body = gql(client, 'mutation { updateRelationship(id: "nope", input: {}) { key } }', ANN)
        assert error_of(body)["extensions"]["code"] == "UNKNOWN_RELATIONSHIP"
        body = gql(client, 'mutation { updateActor(key: "nope", input: {}) { key } }', ANN)
        assert error_of(body)["extensions"]["code"] == "UNKNOWN_ACTOR"


def test_clearing_a_required_field_is_refused(tmp_path: Path) -> None:
    with writable_app(tmp_path / "g.sqlite3") as (client, _):
        body = gql(
            client, 'mutation { updateActor(key: "iran", input: {name: null}) { key } }', ANN
        )
        error = error_of(body)
        assert error["extensions"]["code"] == "INVALID_INPUT"
        assert "name" in error["message"]


def test_restart_keeps_every_change(tmp_path: Path) -> None:
    path = tmp_path / "g.sqlite3"
    with writable_app(path) as (client, _):
        gql(client, ADD_RELATIONSHIP, ANN, input=NEW_RELATIONSHIP)
        gql(client, 'mutation { deleteActor(key: "ap") { version } }', ANN)
        version = gql(client, VERSION)["data"]["graphVersion"]
    editor = open_editor(path)
    try:
        assert editor.graph.version == version
        assert editor.graph.relationship("us-opposes-isis-2016-08-17") is not None
        assert editor.graph.actor("ap") is None
    finally:
        editor.close()


def test_storage_failure_is_reported_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "g.sqlite3"
    open_editor(path).close()  # create and seed the file
    editor = Editor.open(SQLiteStorage(path, timeout=0.05))
    blocker = sqlite3.connect(path)
    try:
        with TestClient(create_app(editor, tokens=TOKENS)) as client:
            before = editor.graph.version
            blocker.execute("BEGIN IMMEDIATE")  # another writer holds the database
            error = error_of(gql(client, ADD_RELATIONSHIP, ANN, input=NEW_RELATIONSHIP))
            blocker.rollback()
            assert error["extensions"]["code"] == "STORAGE_UNAVAILABLE"
            assert "nothing was changed" in error["message"]
            assert editor.graph.version == before
            assert editor.graph.relationship("us-opposes-isis-2016-08-17") is None
            # Once the other writer is gone, the same mutation goes through.
            assert "errors" not in gql(client, ADD_RELATIONSHIP, ANN, input=NEW_RELATIONSHIP)
    finally:
        blocker.close()
        editor.close()
