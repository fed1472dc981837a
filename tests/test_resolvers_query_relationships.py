from __future__ import annotations

from typing import Any

from tests.conftest import Run

RELATIONSHIPS = """
query Relationships($where: RelationshipFilter, $first: Int, $after: String) {
  relationships(where: $where, first: $first, after: $after) {
    totalCount
    edges { node { key relation valence stance date source { key } target { key }
                   claimedBy { key } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


def nodes(run: Run, **where: Any) -> list[dict[str, Any]]:
    found = run(RELATIONSHIPS, where=where, first=100)["relationships"]
    assert found["totalCount"] == len(found["edges"])
    return [edge["node"] for edge in found["edges"]]


def test_unfiltered_count_is_every_relationship(run: Run) -> None:
    assert run(RELATIONSHIPS)["relationships"]["totalCount"] == len(run.graph)


def test_relation_filter_accepts_several_relations(run: Run) -> None:
    found = nodes(run, relation=["ATTACKS", "HOSTS"])
    assert found
    assert {n["relation"] for n in found} == {"ATTACKS", "HOSTS"}


def test_valence_filter(run: Run) -> None:
    found = nodes(run, valence="COOPERATIVE")
    assert {n["relation"] for n in found} <= {"SUPPORTS", "HOSTS", "ALLIED_WITH", "COOPERATES_WITH"}
    assert any(n["relation"] == "HOSTS" for n in found)


def test_actor_filter_matches_either_end(run: Run) -> None:
    found = nodes(run, actor="isis")
    assert found
    assert all("isis" in (n["source"]["key"], n["target"]["key"]) for n in found)
    assert any(n["target"]["key"] == "isis" for n in found)


def test_between_keeps_relationships_among_the_listed_actors(run: Run) -> None:
    found = nodes(run, between=["russia", "us"])
    assert found
    assert all({n["source"]["key"], n["target"]["key"]} == {"russia", "us"} for n in found)
    assert {n["relation"] for n in found} == {"NEGOTIATES_WITH"}


def test_claimed_by_and_stance_filters(run: Run) -> None:
    found = nodes(run, claimedBy="russia-defense-ministry")
    assert found
    assert {n["claimedBy"]["key"] for n in found} == {"russia-defense-ministry"}
    uncertain = nodes(run, stance="UNCERTAIN")
    assert uncertain
    assert {n["stance"] for n in uncertain} == {"UNCERTAIN"}


def test_date_range_filter(run: Run) -> None:
    found = nodes(run, since="2016-08-01", until="2016-08-10")
    assert [(n["relation"], n["date"]) for n in found] == [("MEETS", "2016-08-08")]
    assert nodes(run, until="2016-08-01") == []


def test_filters_combine(run: Run) -> None:
    found = nodes(run, actor="russia", relation=["ATTACKS"], stance="CLAIMED")
    assert {n["target"]["key"] for n in found} == {"isis", "nusra"}


def test_pages_do_not_repeat_or_skip(run: Run) -> None:
    seen: list[str] = []
    after = None
    while True:
        page = run(RELATIONSHIPS, first=7, after=after)["relationships"]
        seen += [edge["node"]["key"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == len(run.graph)


def test_filter_naming_an_unknown_actor_is_an_error_naming_it(run: Run) -> None:
    [error] = run.errors(RELATIONSHIPS, where={"actor": "atlantis"})
    assert error["message"] == "unknown actor key 'atlantis'"
    assert error["extensions"] == {"code": "UNKNOWN_ACTOR", "field": "where.actor"}


def test_unknown_actor_in_between_or_claimant_is_an_error(run: Run) -> None:
    [error] = run.errors(RELATIONSHIPS, where={"between": ["russia", "gondor"]})
    assert "'gondor'" in error["message"]
    [error] = run.errors(RELATIONSHIPS, where={"claimedBy": "mordor"})
    assert "'mordor'" in error["message"]


def test_between_needs_two_actors(run: Run) -> None:
    [error] = run.errors(RELATIONSHIPS, where={"between": ["russia", "russia"]})
    assert error["extensions"]["code"] == "INVALID_INPUT"


def test_bad_date_is_a_user_error_naming_the_value(run: Run) -> None:
    [error] = run.errors(RELATIONSHIPS, where={"since": "2016-13-01"})
    assert "2016-13-01" in error["message"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


def test_since_after_until_is_an_error(run: Run) -> None:
    [error] = run.errors(RELATIONSHIPS, where={"since": "2016-09-01", "until": "2016-08-01"})
    assert error["extensions"]["code"] == "INVALID_INPUT"
