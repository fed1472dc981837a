from __future__ import annotations

from graph import Actor, ActorKind, AllianceGraph, Evidence, Relation, Relationship, Source
from tests.conftest import Run

BALANCE = """
query B($minConfidence: Float, $includeClaims: Boolean, $asOf: Date) {
  balance(minConfidence: $minConfidence, includeClaims: $includeClaims, asOf: $asOf) {
    triangles balanced unbalanced ratio frustration frustrationExact ties mixedTies
    unbalancedTriangles { actors { key } signs balanced relationships { key } }
  }
}
"""
BLOCS = """
query($minConfidence: Float, $includeClaims: Boolean) {
  blocs(minConfidence: $minConfidence, includeClaims: $includeClaims) {
    members { key } anchor { key } cooperativeTies hostileTies
  }
}
"""
TIES = """
query($key: String!, $asOf: Date) {
  actor(key: $key, asOf: $asOf) {
    allies { key } adversaries { key }
    inferred { actor { key } stance via { key } first second
               firstRelationships { key } secondRelationships { key } }
  }
}
"""


def three_enemies() -> AllianceGraph:
    """a, b and c all attack each other: the classic unbalanced triangle."""
    graph = AllianceGraph()
    graph.add_source(Source("s", "Wire"))
    for key in ("a", "b", "c"):
        graph.add_actor(Actor(key, key.upper(), ActorKind.ARMED_GROUP))
    for source, target in (("a", "b"), ("b", "c"), ("a", "c")):
        quote = (Evidence("s", f"{source} attacked {target}"),)
        graph.add_relationship(
            Relationship(f"{source}-{target}", Relation.ATTACKS, source, target, quote)
        )
    return graph


def test_seed_graph_is_balanced(run: Run) -> None:
    report = run(BALANCE)["balance"]
    assert report["triangles"] == report["balanced"] > 0
    assert report["unbalanced"] == 0
    assert report["ratio"] == 1.0
    assert (report["frustration"], report["frustrationExact"]) == (0, True)


def test_all_hostile_triangle_is_unbalanced_with_its_evidence() -> None:
    report = Run(three_enemies())(BALANCE)["balance"]
    assert (report["triangles"], report["unbalanced"], report["ratio"]) == (1, 1, 0.0)
    assert report["frustration"] == 1
    [triangle] = report["unbalancedTriangles"]
    assert [a["key"] for a in triangle["actors"]] == ["a", "b", "c"]
    assert triangle["signs"] == [-1, -1, -1]
    assert {r["key"] for r in triangle["relationships"]} == {"a-b", "b-c", "a-c"}


def test_balance_min_confidence_out_of_range_is_an_error(run: Run) -> None:
    [error] = run.errors(BALANCE, minConfidence=1.5)
    assert error["extensions"]["code"] == "INVALID_INPUT"
    assert "between 0 and 1" in error["message"]


def test_leaving_out_claims_removes_claimed_ties(run: Run) -> None:
    everything = run(BALANCE)["balance"]["ties"]
    reported = run(BALANCE, includeClaims=False)["balance"]["ties"]
    assert reported < everything


def test_blocs_split_the_assad_coalition_from_isis(run: Run) -> None:
    blocs = run(BLOCS)["blocs"]
    bloc_of = {m["key"]: i for i, b in enumerate(blocs) for m in b["members"]}
    assert bloc_of["russia"] == bloc_of["iran"] == bloc_of["assad"]
    assert bloc_of["isis"] == bloc_of["nusra"]
    assert bloc_of["isis"] != bloc_of["russia"]
    assert all(b["hostileTies"] == 0 for b in blocs)


def test_actor_allies_and_adversaries(run: Run) -> None:
    actor = run(TIES, key="russia")["actor"]
    assert {"iran", "assad"} <= {a["key"] for a in actor["allies"]}
    assert {"isis", "nusra"} <= {a["key"] for a in actor["adversaries"]}


def test_enemy_of_my_enemy_comes_with_its_chain(run: Run) -> None:
    inferred = run(TIES, key="nusra")["actor"]["inferred"]
    chains = {(t["actor"]["key"], t["via"]["key"]): t for t in inferred}
    assad = chains["assad", "russia"]
    assert (assad["stance"], assad["first"], assad["second"]) == (
        "HOSTILE",
        "HOSTILE",
        "COOPERATIVE",
    )
    assert "russia-attacks-nusra-2016-08-16" in {r["key"] for r in assad["firstRelationships"]}
    assert assad["secondRelationships"]
    # Direct ties are never "inferred".
    assert "russia" not in {t["actor"]["key"] for t in inferred}


def test_as_of_before_any_tie_leaves_no_allies(run: Run) -> None:
    actor = run(TIES, key="russia", asOf="2016-08-01")["actor"]
    assert actor == {"allies": [], "adversaries": [], "inferred": []}
