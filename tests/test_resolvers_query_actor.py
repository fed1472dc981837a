from __future__ import annotations

from tests.conftest import Run

ACTOR = """
query Actor($key: String!, $direction: Direction, $relation: [Relation!], $valence: Valence) {
  actor(key: $key) {
    id key name kind aliases iso3
    relationships(direction: $direction, relation: $relation, valence: $valence) {
      key relation valence symmetric stance confidence date datePrecision location
      source { key } target { key } claimedBy { key name }
      evidence { quote source { id key publisher published } }
    }
  }
}
"""


def test_actor_by_key_has_its_fields(run: Run) -> None:
    actor = run(ACTOR, key="russia")["actor"]
    assert actor["id"] == "Actor:russia"
    assert actor["name"] == "Russia"
    assert actor["kind"] == "STATE"
    assert "Moscow" in actor["aliases"]
    assert actor["iso3"] == "RUS"


def test_unknown_actor_is_null(run: Run) -> None:
    assert run(ACTOR, key="atlantis") == {"actor": None}


def test_relationship_carries_quote_claimant_and_stance(run: Run) -> None:
    rels = run(ACTOR, key="isis", direction="IN", relation=["ATTACKS"])["actor"]["relationships"]
    [strike] = [r for r in rels if r["source"]["key"] == "russia"]
    assert strike["stance"] == "CLAIMED"
    assert strike["claimedBy"]["key"] == "russia-defense-ministry"
    assert strike["date"] == "2016-08-16"
    assert strike["datePrecision"] == "DAY"
    evidence = strike["evidence"]
    assert any("ISIS" in item["quote"] for item in evidence)
    assert evidence[0]["source"] == {
        "id": "Source:nbc-2016-08-16",
        "key": "nbc-2016-08-16",
        "publisher": "NBC News",
        "published": "2016-08-16",
    }


def test_direction_out_and_in_split_directed_relationships(run: Run) -> None:
    out = run(ACTOR, key="iran", direction="OUT", relation=["HOSTS"])["actor"]["relationships"]
    into = run(ACTOR, key="iran", direction="IN", relation=["HOSTS"])["actor"]["relationships"]
    assert [(r["source"]["key"], r["target"]["key"]) for r in out] == [("iran", "russia")]
    assert into == []


def test_symmetric_relationship_matches_every_direction_for_both_actors(run: Run) -> None:
    for key in ("putin", "rouhani"):
        for direction in ("OUT", "IN", "ANY"):
            rels = run(ACTOR, key=key, direction=direction, relation=["MEETS"])
            [meeting] = rels["actor"]["relationships"]
            assert meeting["symmetric"] is True
            assert {meeting["source"]["key"], meeting["target"]["key"]} == {"putin", "rouhani"}


def test_valence_filter_keeps_only_that_valence(run: Run) -> None:
    rels = run(ACTOR, key="russia", valence="HOSTILE")["actor"]["relationships"]
    assert rels
    assert {r["valence"] for r in rels} == {"HOSTILE"}
    assert {r["relation"] for r in rels} <= {"ATTACKS", "OPPOSES"}


def test_relationships_of_an_actor_are_in_id_order(run: Run) -> None:
    rels = run(ACTOR, key="russia")["actor"]["relationships"]
    keys = [r["key"] for r in rels]
    assert keys == sorted(keys)
    assert len(keys) == len(set(keys))
