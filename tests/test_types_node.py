from __future__ import annotations

from tests.conftest import Run

NODE = """
query Node($id: ID!) {
  node(id: $id) {
    id
    ... on Actor { key name }
    ... on Relationship { key relation }
  }
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
    for bad in ("russia", "Planet:earth", "Actor:", ""):
        [error] = run.errors(NODE, id=bad)
        assert error["extensions"]["code"] == "BAD_ID"
        assert repr(bad) in error["message"]
