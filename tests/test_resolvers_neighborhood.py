"""``neighborhood``: the full lists, their counts, and the paged fields for large graphs."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.conftest import Run

FULL = """
query N($key: String!, $depth: Int) {
  neighborhood(key: $key, depth: $depth) {
    actorCount relationshipCount actors { key } relationships { key }
  }
}
"""
RELATIONSHIPS_PAGE = """
query P($key: String!, $depth: Int, $first: Int, $after: String) {
  neighborhood(key: $key, depth: $depth) {
    relationshipsPage(first: $first, after: $after) {
      totalCount edges { node { key } cursor } pageInfo { hasNextPage endCursor }
    }
  }
}
"""
ACTORS_PAGE = """
query P($key: String!, $depth: Int, $first: Int, $after: String, $asOf: Date) {
  neighborhood(key: $key, depth: $depth, asOf: $asOf) {
    actorsPage(first: $first, after: $after) {
      totalCount edges { node { key relationships { key } } } pageInfo { hasNextPage endCursor }
    }
  }
}
"""
COUNT_ONLY = 'query { neighborhood(key: "russia", depth: 2) { relationshipCount } }'


def every_page(run: Run, query: str, field: str, **variables: Any) -> tuple[list[Any], int]:
    """Follow ``endCursor`` two at a time until ``hasNextPage`` is false: nodes and totalCount."""
    nodes: list[Any] = []
    totals: set[int] = set()
    after = None
    while True:
        page = run(query, first=2, after=after, **variables)["neighborhood"][field]
        nodes += [edge["node"] for edge in page["edges"]]
        totals.add(page["totalCount"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    [total] = totals
    return nodes, total


@pytest.mark.parametrize(("key", "depth"), [("isis", 1), ("isis", 2), ("russia", 2)])
def test_counts_are_the_lengths_of_the_full_lists(run: Run, key: str, depth: int) -> None:
    hood = run(FULL, key=key, depth=depth)["neighborhood"]
    assert hood["actorCount"] == len(hood["actors"]) > 2
    assert hood["relationshipCount"] == len(hood["relationships"]) > 2


@pytest.mark.parametrize("depth", [1, 2])
def test_relationships_page_by_page_are_the_full_list_in_order(run: Run, depth: int) -> None:
    full = run(FULL, key="isis", depth=depth)["neighborhood"]
    paged, total = every_page(run, RELATIONSHIPS_PAGE, "relationshipsPage", key="isis", depth=depth)
    assert paged == full["relationships"]
    assert total == full["relationshipCount"]


@pytest.mark.parametrize("depth", [1, 2])
def test_actors_page_by_page_are_the_full_list_in_order(run: Run, depth: int) -> None:
    full = run(FULL, key="isis", depth=depth)["neighborhood"]
    paged, total = every_page(run, ACTORS_PAGE, "actorsPage", key="isis", depth=depth)
    assert [node["key"] for node in paged] == [a["key"] for a in full["actors"]]
    assert total == full["actorCount"]


def test_actors_page_answers_as_of_the_neighbourhood_date(run: Run) -> None:
    full_query = """query($asOf: Date) { neighborhood(key: "rouhani", asOf: $asOf) {
      actors { key relationships { key } } } }"""
    full = run(full_query, asOf="2016-08-10")["neighborhood"]["actors"]
    paged, _ = every_page(run, ACTORS_PAGE, "actorsPage", key="rouhani", asOf="2016-08-10")
    assert paged == full
    # Later ties (rouhani-leads-iran) are left out of the actors' own relationships too.
    assert {node["key"]: len(node["relationships"]) for node in paged} == {"putin": 1, "rouhani": 1}


def test_first_zero_gives_only_the_count(run: Run) -> None:
    page = run(RELATIONSHIPS_PAGE, key="isis", first=0)["neighborhood"]["relationshipsPage"]
    assert page["edges"] == []
    assert page["totalCount"] == run(FULL, key="isis")["neighborhood"]["relationshipCount"]


@pytest.mark.parametrize("query", [RELATIONSHIPS_PAGE, ACTORS_PAGE])
def test_first_above_the_server_limit_is_the_top_level_error(run: Run, query: str) -> None:
    [error] = run.errors(query, key="isis", first=101)
    [top] = run.errors("query { relationships(first: 101) { totalCount } }")
    assert error["message"] == top["message"] == "first must be between 0 and 100, got 101"
    assert error["extensions"] == top["extensions"] == {"code": "BAD_PAGE_SIZE", "field": "first"}


@pytest.mark.parametrize("query", [RELATIONSHIPS_PAGE, ACTORS_PAGE])
def test_malformed_cursor_is_the_top_level_error(run: Run, query: str) -> None:
    [error] = run.errors(query, key="isis", after="not-a-cursor")
    [top] = run.errors('query { actors(after: "not-a-cursor") { totalCount } }')
    assert error["message"] == top["message"]
    assert "malformed cursor" in error["message"]
    assert error["extensions"] == top["extensions"] == {"code": "BAD_CURSOR", "field": "after"}


def test_relationship_count_alone(run: Run) -> None:
    assert run(COUNT_ONLY) == {"neighborhood": {"relationshipCount": 32}}


def test_paging_over_http_answers_and_refuses_without_a_server_error(client: TestClient) -> None:
    def post(query: str, **variables: Any) -> dict[str, Any]:
        response = client.post("/graphql", json={"query": query, "variables": variables})
        assert response.status_code == 200
        body: dict[str, Any] = response.json()
        return body

    assert post(COUNT_ONLY) == {"data": {"neighborhood": {"relationshipCount": 32}}}
    page = post(RELATIONSHIPS_PAGE, key="russia", depth=2, first=50)["data"]["neighborhood"]
    assert page["relationshipsPage"]["totalCount"] == 32
    assert len(page["relationshipsPage"]["edges"]) == 32
    assert page["relationshipsPage"]["pageInfo"]["hasNextPage"] is False
    for variables, code in (({"first": 101}, "BAD_PAGE_SIZE"), ({"after": "x"}, "BAD_CURSOR")):
        [error] = post(RELATIONSHIPS_PAGE, key="isis", **variables)["errors"]
        assert error["extensions"]["code"] == code
