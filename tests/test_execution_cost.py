"""The cost limit: every operation is estimated before it runs, and one above --max-cost is
refused with QUERY_TOO_COSTLY, the estimate and the limit; the estimate of an accepted one is
in the answer when the client asks."""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from graphql import (
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    get_introspection_query,
    get_named_type,
    parse,
)
from starlette.testclient import TestClient

from graph import AllianceGraph
from schema.execution.cost import estimate, sizes_of
from schema.execution.cost_table import LIST_BOUNDS, Sizes
from schema.http.app import create_app
from schema.http.limits import Limits
from schema.schema import schema
from tests.builders import ALLIED, graph_of, tie

ROOT = Path(__file__).resolve().parents[1]
GRAPHQL = schema._schema
LIMIT = Limits().max_cost

# The graph the issue measured: 10,000 actors, 300,000 relationships, hubs with more
# relationships than one list may answer.
LARGE = Sizes(
    actors=10_000, relationships=300_000, sources=400, degree=1_000, max_list=1_000, max_page=100
)

ONE_NEIGHBOURHOOD = """n{i}: neighborhood(key: "hub", depth: 2) {{
  actors {{ key name kind }}
  relationships {{ key relation source {{ key }} target {{ key }} }} }}"""


def _cost(query: str, sizes: Sizes = LARGE, **variables: Any) -> int:
    return estimate(GRAPHQL, parse(query), None, variables, sizes).total


def test_scalars_of_one_object_cost_one() -> None:
    assert _cost('{ actor(key: "iran") { key name kind aliases } }') == 1


def test_a_connection_costs_its_page_size_times_an_item() -> None:
    page = "{ actors(first: 50) { totalCount edges { cursor node { key } } } }"
    # the connection, then 50 edges of an edge and a node each
    assert _cost(page) == 1 + 50 * (1 + 1)
    assert _cost("{ actors { edges { node { key } } } }") == 1 + 20 * 2  # first defaults to 20


def test_variables_set_the_page_size() -> None:
    query = "query ($n: Int) { actors(first: $n) { edges { node { key } } } }"
    assert _cost(query, n=5) == 1 + 5 * 2
    assert _cost(query, n=100) == 1 + 100 * 2


def test_fragments_and_inline_fragments_are_counted_where_they_are_spread() -> None:
    plain = '{ actor(key: "iran") { relationships { source { key } } } }'
    spread = """{ actor(key: "iran") { ...R } }
      fragment R on Actor { relationships { ... on Relationship { source { key } } } }"""
    assert _cost(spread) == _cost(plain) == 1 + 1_000 * (1 + 1)


def test_plain_lists_are_bounded_by_the_graph_and_never_beyond_max_list() -> None:
    small = Sizes(actors=20, relationships=30, sources=1, degree=7, max_list=1_000, max_page=100)
    query = '{ actor(key: "iran") { relationships { key } } }'
    assert _cost(query, small) == 1 + 7
    assert _cost(query, LARGE) == 1 + 1_000


def test_analytics_weigh_what_they_compute() -> None:
    degree = _cost("{ centrality(measure: DEGREE) { score } }")
    betweenness = _cost("{ centrality(measure: BETWEENNESS) { score } }")
    assert betweenness - degree == 10_000 - 10


def test_introspection_costs_one_whatever_it_asks() -> None:
    assert _cost(get_introspection_query()) == 1


def test_every_list_of_objects_in_the_schema_has_a_documented_bound() -> None:
    unbounded = []
    for type_ in GRAPHQL.type_map.values():
        if not isinstance(type_, GraphQLObjectType) or type_.name.startswith("__"):
            continue
        for name, field in type_.fields.items():
            of = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
            if isinstance(of, GraphQLList) and isinstance(get_named_type(of), GraphQLObjectType):
                place = f"{type_.name}.{name}"
                starred = "*Connection.edges" if place.endswith("Connection.edges") else place
                if starred not in LIST_BOUNDS:
                    unbounded.append(place)
    assert unbounded == []


def test_thirty_wide_neighbourhoods_are_refused_at_the_default_but_one_is_not() -> None:
    thirty = "{ " + " ".join(ONE_NEIGHBOURHOOD.format(i=i) for i in range(30)) + " }"
    assert _cost(thirty) > LIMIT
    assert _cost("{ " + ONE_NEIGHBOURHOOD.format(i=0) + " }") <= LIMIT


def _documented_queries() -> list[tuple[str, str]]:
    found = []
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = path.read_text()
        for i, block in enumerate(re.findall(r"```graphql\n(.*?)```", text, re.S)):
            found.append((f"{path.name}#{i}", block))
    return found


def _explorer_queries() -> list[tuple[str, str]]:
    script = files("schema.http").joinpath("static/queries.js").read_text()
    fragments = "\n".join(re.findall(r"(fragment \w+ on \w+ \{.*?\n\})", script, re.S))
    found = []
    for i, body in enumerate(re.findall(r"`\s*((?:query|mutation)\b.*?)`", script, re.S)):
        text = body.replace("${position}", "position(layout: CIRCULAR) { x y }")
        text = re.sub(r"\$\{[A-Z_]+\}", "", text)  # the fragments, appended below
        used = fragments if "..." in text else ""
        found.append((f"queries.js#{i}", text + "\n" + used))
    return found


@pytest.mark.parametrize(("where", "query"), _documented_queries() + _explorer_queries())
def test_every_documented_and_explorer_query_passes_on_a_large_graph(
    where: str, query: str
) -> None:
    # The explorer's matrix asks for its 30 most connected actors.
    variables = {"keys": [f"a{i}" for i in range(30)]} if "$keys" in query else {}
    assert estimate(GRAPHQL, parse(query), None, variables, LARGE).total <= LIMIT, where


def test_the_explorer_s_queries_were_all_found() -> None:
    names = {re.search(r"(query|mutation) (\w+)", q).group(2) for _, q in _explorer_queries()}  # type: ignore[union-attr]
    assert {"Vocabulary", "Actors", "Neighborhood", "Relationships"} <= names


def _hub(spokes: int) -> AllianceGraph:
    return graph_of(*(tie(f"r{i:04}", "hub", ALLIED, f"s{i:04}") for i in range(spokes)))


def _post(client: TestClient, query: str, **extra: Any) -> dict[str, Any]:
    answer = client.post("/graphql", json={"query": query, **extra})
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def test_a_costly_query_is_refused_with_its_estimate_limit_and_costliest_fields() -> None:
    client = TestClient(create_app(_hub(1_200)))
    thirty = "{ " + " ".join(ONE_NEIGHBOURHOOD.format(i=i) for i in range(30)) + " }"
    body = _post(client, thirty)
    assert body["data"] is None
    (error,) = body["errors"]
    extensions = error["extensions"]
    assert extensions["code"] == "QUERY_TOO_COSTLY"
    assert extensions["limit"] == LIMIT < extensions["cost"]
    assert len(extensions["costliest"]) == 3
    assert "--max-cost" in error["message"]


def test_max_cost_is_the_server_s_own() -> None:
    client = TestClient(create_app(_hub(3), limits=Limits(max_cost=5)))
    assert _post(client, '{ actor(key: "hub") { relationships { key } } }')["data"]
    refused = _post(client, "{ actors(first: 10) { edges { node { key } } } }")
    assert refused["errors"][0]["extensions"]["cost"] == 21


def test_the_estimate_is_reported_only_when_asked() -> None:
    client = TestClient(create_app(_hub(3)))
    query = "{ actors(first: 2) { edges { node { key } } } }"
    assert "extensions" not in _post(client, query)
    asked = _post(client, query, extensions={"cost": True})
    assert asked["extensions"] == {"cost": {"estimate": 5, "limit": LIMIT}}


def test_the_graph_s_sizes_bound_the_estimate(seed_graph: AllianceGraph) -> None:
    sizes = sizes_of(seed_graph, Limits())
    assert sizes.actors == seed_graph.nx.number_of_nodes()
    assert sizes.relationships == len(seed_graph)
    assert sizes.degree == max(d for _, d in seed_graph.nx.degree())


def test_a_get_can_ask_for_the_estimate_too() -> None:
    client = TestClient(create_app(_hub(3)))
    answer = client.get(
        "/graphql",
        params={"query": "{ actors(first: 2) { totalCount } }", "extensions": '{"cost": true}'},
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["extensions"] == {"cost": {"estimate": 1, "limit": LIMIT}}


def test_a_batch_s_operations_share_the_limit() -> None:
    client = TestClient(create_app(_hub(3), limits=Limits(max_cost=30)))
    page = {"query": "{ actors(first: 10) { edges { node { key } } } }"}  # costs 21
    answer = client.post("/graphql", json=[page, page])
    assert answer.status_code == 200, answer.text
    first, second = answer.json()
    assert len(first["data"]["actors"]["edges"]) == 4
    (error,) = second["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert error["extensions"]["cost"] == 42
    assert "after 21 by the batch's earlier operations" in error["message"]


def test_an_operation_run_again_in_a_child_is_counted_once() -> None:
    # heavy_relationships=1 sends the balance to a forked child, which executes it again.
    query = "{ balance { ratio } }"
    cost = _cost(query)
    client = TestClient(create_app(_hub(3), limits=Limits(max_cost=cost, heavy_relationships=1)))
    body = _post(client, query, extensions={"cost": True})
    assert "errors" not in body, body
    assert body["extensions"]["cost"]["estimate"] == cost
