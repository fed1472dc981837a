from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.merges import second_article
from tests.writes import ANN, gql, stored_rows, writable_app

MERGE = """
mutation M($dataset: JSON!) {
  mergeDataset(input: $dataset) {
    version
    added { sources actors relationships }
    skipped { sources actors relationships }
  }
}
"""

LATEST = """
query L($first: Int, $after: String) {
  history(first: 1) { edges { node {
    version operation author actorKeys before after
    counts { written { sources actors relationships } skipped { actors } }
    records(first: $first, after: $after) {
      totalCount edges { node { section id record } } pageInfo { hasNextPage endCursor }
    }
  } } }
}
"""


def latest(client: Any, **variables: Any) -> dict[str, Any]:
    body = gql(client, LATEST, **variables)
    assert "errors" not in body, body
    node: dict[str, Any] = body["data"]["history"]["edges"][0]["node"]
    return node


def test_merging_a_second_article_adds_its_records_in_one_change(tmp_path: Path) -> None:
    with writable_app(tmp_path / "g.sqlite3") as (client, _):
        body = gql(client, MERGE, ANN, dataset=second_article())
        assert "errors" not in body, body
        assert body["data"]["mergeDataset"] == {
            "version": 2,
            "added": {"sources": 1, "actors": 1, "relationships": 1},
            "skipped": {"sources": 0, "actors": 0, "relationships": 0},
        }
        entry = latest(client, first=2)
        assert (entry["version"], entry["operation"], entry["author"]) == (2, "MERGE", "ann")
        assert (entry["before"], entry["after"]) == (None, None)
        assert entry["actorKeys"] == ["hezbollah", "iran"]
        assert entry["counts"]["written"] == {"sources": 1, "actors": 1, "relationships": 1}
        records = entry["records"]
        assert records["totalCount"] == 3
        assert records["pageInfo"]["hasNextPage"] is True
        assert [e["node"]["id"] for e in records["edges"]] == ["wire-2016-08-17", "hezbollah"]
        rest = latest(client, first=2, after=records["pageInfo"]["endCursor"])["records"]
        (rel,) = [e["node"] for e in rest["edges"]]
        assert rel["section"] == "relationships"
        assert rel["record"]["source"] == "hezbollah"
        assert rel["record"]["target"] == "iran"
        actor = gql(client, '{ actor(key: "hezbollah") { name } }')["data"]["actor"]
        assert actor == {"name": "Hezbollah"}


def test_merging_records_stored_as_they_are_skips_them_and_stores_no_change(
    tmp_path: Path,
) -> None:
    with writable_app(tmp_path / "g.sqlite3") as (client, _):
        gql(client, MERGE, ANN, dataset=second_article())
        again = gql(client, MERGE, ANN, dataset=second_article())["data"]["mergeDataset"]
        assert again == {
            "version": 2,
            "added": {"sources": 0, "actors": 0, "relationships": 0},
            "skipped": {"sources": 1, "actors": 1, "relationships": 1},
        }
        assert gql(client, "{ graphVersion }")["data"]["graphVersion"] == 2


def test_a_conflicting_record_refuses_the_whole_merge_naming_record_and_fields(
    tmp_path: Path,
) -> None:
    path = tmp_path / "g.sqlite3"
    with writable_app(path) as (client, _):
        before = stored_rows(path)
        body = gql(client, MERGE, ANN, dataset=second_article(with_isis=True))
        (error,) = body["errors"]
        assert error["extensions"]["code"] == "MERGE_CONFLICT"
        assert error["extensions"]["conflicts"] == [
            {"section": "actors", "id": "isis", "fields": ["aliases", "description"]}
        ]
        assert "actor 'isis': aliases differs" in error["message"]
        assert stored_rows(path) == before
        assert gql(client, '{ actor(key: "hezbollah") { name } }')["data"]["actor"] is None


def test_a_record_breaking_a_rule_refuses_the_merge_listing_every_problem(
    tmp_path: Path,
) -> None:
    path = tmp_path / "g.sqlite3"
    data = second_article()
    data["relationships"][0]["target"] = "atlantis"
    data["actors"][0]["kind"] = "PLANET"
    with writable_app(path) as (client, _):
        before = stored_rows(path)
        (error,) = gql(client, MERGE, ANN, dataset=data)["errors"]
        assert error["extensions"]["code"] == "INVALID_DATASET"
        fields = {(p["record"], p["field"]) for p in error["extensions"]["problems"]}
        assert ("actors[0] (key 'hezbollah')", "kind") in fields
        assert any(record.startswith("relationships[0]") for record, _ in fields)
        assert stored_rows(path) == before


def test_merging_needs_a_token(tmp_path: Path) -> None:
    with writable_app(tmp_path / "g.sqlite3") as (client, _):
        (error,) = gql(client, MERGE, dataset=second_article())["errors"]
        assert error["extensions"]["code"] == "UNAUTHENTICATED"


def test_the_seed_import_lists_its_records_in_pages_not_inline(tmp_path: Path) -> None:
    with writable_app(tmp_path / "g.sqlite3") as (client, _):
        entry = latest(client, first=5)
        assert (entry["operation"], entry["before"], entry["after"]) == ("IMPORT", None, None)
        written = entry["counts"]["written"]
        assert entry["records"]["totalCount"] == sum(written.values())
        assert len(entry["records"]["edges"]) == 5
        assert entry["records"]["edges"][0]["node"]["section"] == "sources"
