"""Lists that grow with the graph answer at most --max-list items, or LIST_TOO_LONG naming the
count, the limit and what to ask for instead; the paged fields reach every item."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from graph import AllianceGraph
from schema.http.app import create_app
from schema.http.limits import Limits
from tests.builders import ALLIED, ATTACKS, graph_of, tie

LIMIT = 12
SPOKES = 15  # the hub's relationships: more than LIMIT


def _star() -> AllianceGraph:
    """A hub allied with 15 spokes, each on its own day, and two attacks among the first
    spokes (two unbalanced triangles)."""
    day = dt.date(2016, 8, 1)
    ties = [
        tie(f"r{i:02}", "hub", ALLIED, f"s{i:02}", date=day + dt.timedelta(days=SPOKES - i))
        for i in range(SPOKES)
    ]
    ties += [tie("x1", "s00", ATTACKS, "s01"), tie("x2", "s02", ATTACKS, "s03")]
    return graph_of(*ties)


@pytest.fixture
def ask() -> Iterator[Any]:
    app = create_app(_star(), limits=Limits(max_list=LIMIT))
    with TestClient(app) as client:

        def post(query: str, **variables: Any) -> dict[str, Any]:
            answer = client.post("/graphql", json={"query": query, "variables": variables})
            assert answer.status_code == 200, answer.text
            body: dict[str, Any] = answer.json()
            return body

        yield post


def _too_long(body: dict[str, Any]) -> dict[str, Any]:
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "LIST_TOO_LONG", error
    extensions: dict[str, Any] = error["extensions"]
    return {"message": error["message"], **extensions}


def test_an_actor_s_relationships_beyond_the_limit_are_an_error_naming_count_and_limit(
    ask: Any,
) -> None:
    body = ask('{ actor(key: "hub") { relationships { key } } }')
    error = _too_long(body)
    assert (error["count"], error["limit"]) == (SPOKES, LIMIT)
    assert "relationshipsPage" in error["message"]
    assert "hub" in error["message"]


def test_relationships_page_reaches_every_relationship_of_the_hub(ask: Any) -> None:
    query = """query ($after: String) { actor(key: "hub") { relationshipsPage(first: 10,
      after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { key } } } } }"""
    seen: list[str] = []
    after = None
    while True:
        page = ask(query, after=after)["data"]["actor"]["relationshipsPage"]
        assert page["totalCount"] == SPOKES
        seen += [edge["node"]["key"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == sorted(f"r{i:02}" for i in range(SPOKES))


def test_a_spoke_s_short_list_still_answers_as_a_list(ask: Any) -> None:
    body = ask('{ actor(key: "s00") { relationships { key } allies { key } } }')
    assert body["data"]["actor"] == {
        "relationships": [{"key": "r00"}, {"key": "x1"}],
        "allies": [{"key": "hub"}],
    }


def test_allies_beyond_the_limit_are_an_error(ask: Any) -> None:
    error = _too_long(ask('{ actor(key: "hub") { allies { key } } }'))
    assert error["count"] == SPOKES
    assert "relationshipsPage(valence" in error["message"]


def test_a_long_timeline_is_an_error_and_timeline_page_walks_it_in_date_order(ask: Any) -> None:
    error = _too_long(ask('{ timeline(key: "hub") { key } }'))
    assert (error["count"], error["limit"]) == (SPOKES, LIMIT)
    assert "timelinePage" in error["message"]
    query = """query ($after: String) { timelinePage(key: "hub", first: 4, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { key date } } } }"""
    dates: list[str] = []
    after = None
    while True:
        page = ask(query, after=after)["data"]["timelinePage"]
        dates += [edge["node"]["date"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(dates) == page["totalCount"] == SPOKES
    assert dates == sorted(dates)


def test_a_neighbourhood_s_full_lists_beyond_the_limit_point_to_the_pages(ask: Any) -> None:
    error = _too_long(ask('{ neighborhood(key: "hub") { actors { key } } }'))
    assert error["count"] == SPOKES + 1
    assert "actorsPage" in error["message"]
    error = _too_long(ask('{ neighborhood(key: "hub") { relationships { key } } }'))
    assert error["count"] == SPOKES + 2
    counts = ask('{ neighborhood(key: "hub") { actorCount relationshipCount } }')
    assert counts["data"]["neighborhood"] == {"actorCount": 16, "relationshipCount": 17}


def test_a_stance_matrix_of_every_actor_is_refused_before_it_is_computed(ask: Any) -> None:
    error = _too_long(ask("{ stanceMatrix { cells { stance } } }"))
    assert (error["count"], error["limit"]) == (16 * 15, LIMIT)
    assert "at most 4 actors" in error["message"]  # 4 x 3 = 12 cells
    body = ask('{ stanceMatrix(keys: ["hub", "s00", "s01", "s02"]) { cells { stance } } }')
    assert len(body["data"]["stanceMatrix"]["cells"]) == 12


def test_a_bloc_larger_than_the_limit_is_an_error(ask: Any) -> None:
    error = _too_long(ask("{ blocs { members { key } } }"))
    assert error["limit"] == LIMIT
    assert error["count"] > LIMIT


def test_fields_that_do_not_list_the_long_bloc_still_answer(ask: Any) -> None:
    body = ask(
        "{ blocs { anchor { key } cooperativeTies } "
        "balance { unbalanced unbalancedTriangles { actors { key } } } }"
    )
    assert body["data"]["blocs"][0]["anchor"] == {"key": "hub"}
    balance = body["data"]["balance"]
    assert balance["unbalanced"] == len(balance["unbalancedTriangles"]) == 2


def test_sources_within_the_limit_answer(ask: Any) -> None:
    assert ask("{ sources { key } }")["data"]["sources"] == [{"key": "nbc"}, {"key": "wire"}]
