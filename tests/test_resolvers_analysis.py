from __future__ import annotations

from starlette.testclient import TestClient

from graph import (
    Actor,
    ActorKind,
    AllianceGraph,
    Evidence,
    Relation,
    Relationship,
    Source,
)
from schema.http.app import create_app
from tests.conftest import Run

PATH = """
query Path($from: String!, $to: String!, $maxHops: Int, $valence: Valence, $asOf: Date) {
  path(from: $from, to: $to, maxHops: $maxHops, valence: $valence, asOf: $asOf) {
    hops actors { key } relationships { relation source { key } target { key } }
  }
}
"""
NEIGHBORHOOD = """
query N($key: String!, $depth: Int, $relation: [Relation!], $asOf: Date) {
  neighborhood(key: $key, depth: $depth, relation: $relation, asOf: $asOf) {
    actors { key } relationships { key relation }
  }
}
"""
STANCE = """
query S($a: String!, $b: String!, $asOf: Date) {
  stance(a: $a, b: $b, asOf: $asOf) {
    a { key } b { key } stance relationships { relation evidence { quote } }
  }
}
"""
MATRIX = """
query M($keys: [String!], $asOf: Date) {
  stanceMatrix(keys: $keys, asOf: $asOf) { actors { key } cells { a { key } b { key } stance } }
}
"""
CENTRALITY = """
query C($measure: CentralityMeasure!, $first: Int) {
  centrality(measure: $measure, first: $first) { actor { key } score }
}
"""
TIMELINE = "query T($key: String) { timeline(key: $key) { key date } }"


def test_path_between_allies_of_assad_and_isis(run: Run) -> None:
    path = run(PATH, **{"from": "iran", "to": "isis"})["path"]
    assert path["hops"] == 1
    assert [a["key"] for a in path["actors"]] == ["iran", "isis"]


def test_path_restricted_to_cooperative_ties(run: Run) -> None:
    path = run(PATH, **{"from": "iran", "to": "assad", "valence": "COOPERATIVE"})["path"]
    assert path["hops"] == 1
    assert path["relationships"][0]["relation"] == "SUPPORTS"


def test_path_between_unconnected_actors_is_null(run: Run) -> None:
    assert run(PATH, **{"from": "ap", "to": "isis"}) == {"path": None}


def test_path_max_hops_beyond_six_is_an_error(run: Run) -> None:
    [error] = run.errors(PATH, **{"from": "iran", "to": "isis", "maxHops": 7})
    assert "maxHops must be between 1 and 6" in error["message"]
    assert error["extensions"]["code"] == "INVALID_INPUT"


def test_path_from_unknown_actor_names_it(run: Run) -> None:
    [error] = run.errors(PATH, **{"from": "narnia", "to": "isis"})
    assert "'narnia'" in error["message"]
    assert error["extensions"]["code"] == "UNKNOWN_ACTOR"


def test_neighborhood_depth_one_of_isis(run: Run) -> None:
    hood = run(NEIGHBORHOOD, key="isis")["neighborhood"]
    keys = {a["key"] for a in hood["actors"]}
    assert {"isis", "russia", "nusra", "baghdad-joint-center"} <= keys
    assert "putin" not in keys


def test_neighborhood_depth_beyond_three_is_an_error(run: Run) -> None:
    [error] = run.errors(NEIGHBORHOOD, key="isis", depth=4)
    assert "depth must be between 1 and 3" in error["message"]


def test_stance_isis_russia_is_hostile_with_evidence(run: Run) -> None:
    found = run(STANCE, a="isis", b="russia")["stance"]
    assert found["stance"] == "HOSTILE"
    assert all(r["evidence"] for r in found["relationships"])


def test_stance_of_same_actor_twice_is_an_error(run: Run) -> None:
    [error] = run.errors(STANCE, a="iran", b="iran")
    assert error["extensions"]["code"] == "INVALID_INPUT"


def test_stance_before_the_meeting_is_none(run: Run) -> None:
    assert run(STANCE, a="putin", b="rouhani")["stance"]["stance"] == "NEUTRAL"
    before = run(STANCE, a="putin", b="rouhani", asOf="2016-08-01")["stance"]
    assert before["stance"] == "NONE"
    assert before["relationships"] == []


def test_stance_matrix_has_every_ordered_pair(run: Run) -> None:
    keys = ["russia", "iran", "isis"]
    matrix = run(MATRIX, keys=keys)["stanceMatrix"]
    assert [a["key"] for a in matrix["actors"]] == keys
    pairs = {(c["a"]["key"], c["b"]["key"]): c["stance"] for c in matrix["cells"]}
    assert len(pairs) == 6
    assert pairs["russia", "isis"] == pairs["isis", "russia"] == "HOSTILE"
    assert pairs["russia", "iran"] == "COOPERATIVE"


def test_stance_matrix_rejects_empty_and_repeated_keys(run: Run) -> None:
    [error] = run.errors(MATRIX, keys=[])
    assert error["extensions"]["code"] == "INVALID_INPUT"
    [error] = run.errors(MATRIX, keys=["iran", "iran"])
    assert "'iran'" in error["message"]


def test_centrality_degree_puts_russia_first(run: Run) -> None:
    scores = run(CENTRALITY, measure="DEGREE", first=3)["centrality"]
    assert len(scores) == 3
    assert scores[0]["actor"]["key"] == "russia"
    assert scores[0]["score"] >= scores[1]["score"] >= scores[2]["score"]


def test_centrality_first_out_of_range_is_an_error(run: Run) -> None:
    [error] = run.errors(CENTRALITY, measure="BETWEENNESS", first=0)
    assert error["extensions"]["code"] == "INVALID_INPUT"


def test_timeline_is_in_date_order(run: Run) -> None:
    events = run(TIMELINE, key="putin")["timeline"]
    dates = [e["date"] for e in events]
    assert dates == sorted(dates)
    assert dates[0] == "2016-08-08"


def test_as_of_hides_later_relationships_from_an_actor(run: Run) -> None:
    query = """query($asOf: Date) { actor(key: "rouhani", asOf: $asOf) {
      relationships { relation } } }"""
    now = run(query)["actor"]["relationships"]
    then = run(query, asOf="2016-08-10")["actor"]["relationships"]
    assert {"MEETS", "LEADS"} <= {r["relation"] for r in now}
    assert [r["relation"] for r in then] == ["MEETS"]


def test_as_of_on_relationships_connection(run: Run) -> None:
    query = "query($asOf: Date) { relationships(asOf: $asOf) { totalCount } }"
    assert run(query, asOf="2016-08-09")["relationships"]["totalCount"] == 1
    assert run(query)["relationships"]["totalCount"] == len(run.graph)


def test_analytics_follow_a_change_to_the_graph() -> None:
    graph = AllianceGraph()
    graph.add_source(Source("s", "Wire"))
    for key in ("a", "b"):
        graph.add_actor(Actor(key, key.upper(), ActorKind.STATE))
    # One app, so one analytics cache across both requests: the change must invalidate it.
    with TestClient(create_app(graph)) as client:

        def matrix() -> list[str]:
            body = client.post("/graphql", json={"query": MATRIX, "variables": {}}).json()
            return [cell["stance"] for cell in body["data"]["stanceMatrix"]["cells"]]

        assert matrix() == ["NONE", "NONE"]
        graph.add_relationship(
            Relationship("r", Relation.ATTACKS, "a", "b", (Evidence("s", "A shelled B"),))
        )
        assert matrix() == ["HOSTILE", "HOSTILE"]


def test_centrality_scores_say_whether_they_are_exact(run: Run) -> None:
    scores = run("{ centrality(measure: BETWEENNESS, first: 2) { score exact samples } }")

    assert [(s["exact"], s["samples"]) for s in scores["centrality"]] == [(True, None)] * 2
