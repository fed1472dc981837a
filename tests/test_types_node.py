from __future__ import annotations

from tests.conftest import Run

NODE = """
query Node($id: ID!) {
  node(id: $id) {
    id
    ... on Actor { key name }
    ... on Relationship { key relation }
    ... on Source { key publisher }
  }
}
"""

DATED = """
query Dated($key: String!, $asOf: Date) {
  actor(key: $key, asOf: $asOf) { id relationships { key } }
}
"""

DATED_NODE = """
query DatedNode($id: ID!) {
  node(id: $id) { id ... on Actor { key relationships { key } } }
}
"""


def test_actor_global_id_fetches_the_actor_again(run: Run) -> None:
    node = run(NODE, id="Actor:iran")["node"]
    assert node == {"id": "Actor:iran", "key": "iran", "name": "Iran"}


def test_relationship_global_id_fetches_the_relationship_again(run: Run) -> None:
    rel_id = run("{ relationships(first: 1) { edges { node { id key } } } }")["relationships"]
    first = rel_id["edges"][0]["node"]
    node = run(NODE, id=first["id"])["node"]
    assert node["key"] == first["key"]
    assert node["id"] == first["id"]


def test_well_formed_id_of_a_missing_object_is_null(run: Run) -> None:
    assert run(NODE, id="Actor:atlantis") == {"node": None}
    assert run(NODE, id="Relationship:never") == {"node": None}


def test_malformed_global_id_is_an_error(run: Run) -> None:
    for bad in ("russia", "Planet:earth", "Actor:", "", "Actor:@2016-08-10"):
        [error] = run.errors(NODE, id=bad)
        assert error["extensions"]["code"] == "BAD_ID"
        assert repr(bad) in error["message"]


def test_a_dated_view_of_an_actor_has_its_own_id(run: Run) -> None:
    dated = run(DATED, key="rouhani", asOf="2016-08-10")["actor"]
    now = run(DATED, key="rouhani")["actor"]
    assert dated["id"] == "Actor:rouhani@2016-08-10"
    assert now["id"] == "Actor:rouhani"
    assert dated["relationships"] != now["relationships"]


def test_a_dated_id_fetches_the_actor_as_it_stood_that_day(run: Run) -> None:
    dated = run(DATED, key="rouhani", asOf="2016-08-10")["actor"]
    node = run(DATED_NODE, id=dated["id"])["node"]
    assert node == {"key": "rouhani", **dated}


def test_every_actor_id_a_dated_field_answers_is_fetched_again_by_node(run: Run) -> None:
    found = run(
        """{ actors(first: 5, asOf: "2016-08-10") { edges { node { id allies { id } } } } }"""
    )["actors"]["edges"]
    ids = {e["node"]["id"] for e in found} | {a["id"] for e in found for a in e["node"]["allies"]}
    for node_id in ids:
        assert node_id.endswith("@2016-08-10")
        assert run(DATED_NODE, id=node_id)["node"]["id"] == node_id


def test_a_date_that_is_not_one_is_a_bad_id(run: Run) -> None:
    for bad in ("Actor:iran@2016-13-01", "Actor:iran@yesterday", "Relationship:x@2016-08-10"):
        [error] = run.errors(NODE, id=bad)
        assert error["extensions"]["code"] == "BAD_ID"
        assert repr(bad) in error["message"]


def test_a_source_is_a_node_with_a_global_id_and_its_key(run: Run) -> None:
    [source] = [s for s in run("{ sources { id key } }")["sources"] if s["key"] == "nbc-2016-08-16"]
    assert source["id"] == "Source:nbc-2016-08-16"
    node = run(NODE, id=source["id"])["node"]
    assert node == {"id": "Source:nbc-2016-08-16", "key": "nbc-2016-08-16", "publisher": "NBC News"}
    assert run(NODE, id="Source:never") == {"node": None}
